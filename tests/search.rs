//! The search index and the search page: what the index says, read back with a decoder
//! written here from the format described in src/search.rs, and searching in real
//! headless Chromium.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{attribute_values, SiteTest};
use serde_json::Value;

/// The data of index file `search/<key>.js`: `statecraftSearch.add("<key>",<json>);`.
fn index_data(out: &Path, key: &str) -> Value {
    let path = out.join(format!("search/{key}.js"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let prefix = format!("statecraftSearch.add(\"{key}\",");
    let json = text
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{key} is not an index script: {text:.80}"));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{key}: {e}"))
}

/// Numbers written in the index's text encoding: base-32 digits, least significant
/// first; characters 32-63 of the alphabet say another digit follows.
fn numbers(text: &str) -> Vec<u64> {
    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut values = Vec::new();
    let (mut value, mut shift) = (0, 0);
    for c in text.chars() {
        let digit = ALPHABET.find(c).expect("a character of the alphabet") as u64;
        value |= (digit & 31) << shift;
        shift += 5;
        if digit < 32 {
            values.push(value);
            (value, shift) = (0, 0);
        }
    }
    values
}

/// A set of briefs written as runs of consecutive numbers.
fn brief_set(text: &str) -> BTreeSet<u64> {
    let mut set = BTreeSet::new();
    let mut values = numbers(text).into_iter();
    let mut end = 0;
    while let Some(value) = values.next() {
        let start = end + value / 2;
        let len = if value % 2 == 1 {
            values.next().expect("run length") + 2
        } else {
            1
        };
        set.extend(start..start + len);
        end = start + len;
    }
    set
}

/// Reads a built site's search index.
struct Index {
    out: PathBuf,
    manifest: Value,
}

impl Index {
    fn of(out: &Path) -> Index {
        Index {
            out: out.to_path_buf(),
            manifest: index_data(out, "index"),
        }
    }

    /// The briefs the index lists for `word` as the page looks it up (its term: folded,
    /// stemmed, as on an English site); none for a stop word.
    fn briefs_with(&self, word: &str) -> Vec<String> {
        use statecraft::render::search::{for_each_word, Language, Words};
        let words = Words {
            language: Language::English,
            fold_accents: true,
        };
        let mut term = None;
        for_each_word(word, words, |t| term = Some(t.to_string()));
        term.map_or_else(Vec::new, |term| self.briefs_with_term(&term))
    }

    /// The briefs (their URLs, as the page would link them) the index lists for `term`.
    fn briefs_with_term(&self, word: &str) -> Vec<String> {
        let shards = self.manifest["shards"].as_array().expect("shards");
        // The shard of a word is the last whose first word is not after it, comparing
        // in UTF-16 code units like JavaScript.
        let utf16 = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
        let shard = shards
            .iter()
            .rev()
            .find(|s| utf16(s[0].as_str().unwrap()) <= utf16(word))
            .unwrap_or(&shards[0]);
        let entries = index_data(&self.out, shard[1].as_str().unwrap());
        let Some(entry) = entries
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e[0].as_str() == Some(word))
        else {
            return Vec::new();
        };
        let levels = self.manifest["impact_levels"].as_u64().unwrap();
        let mut brief: i64 = -1;
        let mut urls = Vec::new();
        for value in numbers(entry[1].as_str().unwrap()) {
            brief += (value / levels) as i64 + 1;
            let level = value % levels + 1;
            assert!((1..=levels).contains(&level));
            urls.push(
                self.brief(brief as usize)["url"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
        }
        urls
    }

    /// The metadata of brief number `n`, in the chunk that holds it (chunks hold
    /// different numbers of briefs).
    fn brief(&self, n: usize) -> Value {
        let mut first = 0;
        for chunk in self.manifest["chunks"].as_array().unwrap() {
            let briefs = chunk[1].as_u64().unwrap() as usize;
            if n < first + briefs {
                return index_data(&self.out, chunk[0].as_str().unwrap())[n - first].clone();
            }
            first += briefs;
        }
        panic!("no metadata chunk holds brief {n}");
    }

    /// The summary and body of brief number `n`, from its text chunk.
    fn text(&self, n: usize) -> Value {
        let brief = self.brief(n);
        let at = brief["text_at"].as_u64().unwrap() as usize;
        index_data(&self.out, brief["text"].as_str().unwrap())[at].clone()
    }

    fn facet(&self, name: &str, value: &str) -> BTreeSet<u64> {
        let key = self.manifest["facets"][name].as_str().unwrap();
        let sets = index_data(&self.out, key);
        let set = sets
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s[0].as_str() == Some(value))
            .unwrap_or_else(|| panic!("no {name} {value}"));
        brief_set(set[1].as_str().unwrap())
    }
}

fn three_briefs() -> SiteTest {
    let site = SiteTest::new();
    site.brief(
        "newest",
        "2024-03-01",
        "[soft-power]",
        "regions: [Japan]\n",
        "Cultural diplomacy and the anime boom.",
    )
    .brief(
        "middle",
        "2023-06-01",
        "[hard-power, alliance-dynamics]",
        "regions: [Japan, Russia]\n",
        "## Deterrence\n\nThe alliance faces a zymurgical puzzle in the Kurils.[^1]\n\n[^1]: A footnote about Sakhalin.",
    )
    .brief(
        "oldest",
        "2019-01-15",
        "[hard-power]",
        "",
        "Deterrence by denial, and the alliance again.",
    );
    site
}

#[test]
fn a_word_only_in_one_body_finds_only_that_brief() {
    let site = three_briefs();
    site.build();
    let index = Index::of(&site.out(""));
    assert_eq!(index.briefs_with("zymurgical"), ["briefs/middle/"]);
    // Footnotes and headings are part of the body.
    assert_eq!(index.briefs_with("sakhalin"), ["briefs/middle/"]);
    assert_eq!(
        index.briefs_with("deterrence"),
        ["briefs/middle/", "briefs/oldest/"]
    );
    // Titles and summaries are indexed too ("Brief newest", "Summary of newest.").
    assert_eq!(index.briefs_with("newest"), ["briefs/newest/"]);
    // Stop words and the markup of footnote references are not.
    assert!(index.briefs_with("the").is_empty());
    assert!(index.briefs_with("fnref").is_empty());
    assert_eq!(index.manifest["briefs"], 3);
}

#[test]
fn brief_metadata_and_text_come_in_separate_files() {
    let site = three_briefs();
    site.build();
    let index = Index::of(&site.out(""));
    let middle = index.brief(1);
    assert_eq!(middle["title"], "Brief middle");
    assert_eq!(middle["url"], "briefs/middle/");
    assert_eq!(middle["date_iso"], "2023-06-01");
    assert_eq!(middle["date"], "1 June 2023");
    // Topics by position in the manifest's list: hard-power, alliance-dynamics.
    let topics: Vec<&str> = middle["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            index.manifest["topics"][t.as_u64().unwrap() as usize]["slug"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(topics, ["hard-power", "alliance-dynamics"]);
    let text = index.text(1);
    assert_eq!(text["summary"], "Summary of middle.");
    assert_eq!(
        text["body"],
        // Headings are searched but left out of the text excerpts show.
        "The alliance faces a zymurgical puzzle in the Kurils. A footnote about Sakhalin."
    );
}

/// A wiki link without text shows its target's title on the page; so do excerpts,
/// and its words find the brief.
#[test]
fn excerpts_show_the_titles_wiki_links_show() {
    let site = three_briefs();
    site.brief(
        "citing",
        "2024-01-01",
        "[soft-power]",
        "",
        "We compare [[middle]] with [[newest|the other one]] and [[topic:soft-power]].",
    );
    site.build();
    let index = Index::of(&site.out(""));
    let n = (0..4)
        .find(|&n| index.brief(n)["url"] == "briefs/citing/")
        .unwrap();
    assert_eq!(
        index.text(n)["body"],
        "We compare Brief middle with the other one and Soft power."
    );
    assert!(index
        .briefs_with("middle")
        .contains(&"briefs/citing/".to_string()));
}

#[test]
fn excerpts_show_figure_numbers_and_what_charts_show_not_their_spec() {
    let site = SiteTest::new();
    site.brief(
        "charted",
        "2024-01-01",
        "[soft-power]",
        "",
        "Imports fell ([[fig:imports]]).\n\n```chart\ntype: bar\ntitle: Imports by year\nlabel: fig:imports\ndata: |\n  year,imports\n  2022,5\n  2023,3\nx: year\ny: imports\nsource: Customs *data*\n```\n\nAfter the chart.",
    );
    site.build();
    let index = Index::of(&site.out(""));
    assert_eq!(
        index.text(0)["body"],
        "Imports fell (Figure 1). Imports by year Customs data After the chart."
    );
    assert!(
        index.briefs_with("bar").is_empty(),
        "the spec is not indexed"
    );
    assert_eq!(index.briefs_with("customs"), ["briefs/charted/"]);
}
#[test]
fn facets_list_the_briefs_of_each_topic_region_and_year() {
    let site = three_briefs();
    site.build();
    let index = Index::of(&site.out(""));
    // Briefs are numbered newest first: newest 0, middle 1, oldest 2.
    assert_eq!(index.facet("topic", "hard-power"), BTreeSet::from([1, 2]));
    assert_eq!(index.facet("topic", "soft-power"), BTreeSet::from([0]));
    assert_eq!(index.facet("region", "japan"), BTreeSet::from([0, 1]));
    assert_eq!(index.facet("region", "russia"), BTreeSet::from([1]));
    let years: BTreeMap<i64, BTreeSet<u64>> = index.manifest["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| (y[0].as_i64().unwrap(), brief_set(y[1].as_str().unwrap())))
        .collect();
    assert_eq!(
        years,
        BTreeMap::from([
            (2019, BTreeSet::from([2])),
            (2023, BTreeSet::from([1])),
            (2024, BTreeSet::from([0])),
        ])
    );
}

#[test]
fn two_builds_write_the_same_index() {
    let site = three_briefs();
    site.build();
    site.run(&["build", "--out", "again"]).expect_success();
    let first = site.out("search");
    let second = site.root().join("again/search");
    assert!(common::files_under(&first).len() > 6);
    assert_eq!(
        common::differing_files(&first, &second),
        Vec::<String>::new()
    );
    // Every file the manifest names exists, and nothing else is there.
    let index = Index::of(&site.out(""));
    let mut named: BTreeSet<String> = BTreeSet::from(["index.html".into(), "index.js".into()]);
    for shard in index.manifest["shards"].as_array().unwrap() {
        named.insert(format!("{}.js", shard[1].as_str().unwrap()));
    }
    let mut listed = 0;
    for chunk in index.manifest["chunks"].as_array().unwrap() {
        let key = chunk[0].as_str().unwrap();
        named.insert(format!("{key}.js"));
        let briefs = index_data(&site.out(""), key);
        let briefs = briefs.as_array().unwrap();
        assert_eq!(briefs.len() as u64, chunk[1].as_u64().unwrap());
        for brief in briefs {
            named.insert(format!("{}.js", brief["text"].as_str().unwrap()));
        }
        listed += briefs.len();
    }
    assert_eq!(listed, 3, "the metadata chunks hold each brief once");
    for facet in index.manifest["facets"].as_object().unwrap().values() {
        named.insert(format!("{}.js", facet.as_str().unwrap()));
    }
    let written: BTreeSet<String> = common::files_under(&first).into_iter().collect();
    assert_eq!(written, named);
}

#[test]
fn drafts_are_not_indexed() {
    let site = three_briefs();
    site.brief(
        "secret",
        "2024-05-01",
        "[soft-power]",
        "draft: true\n",
        "A quixotic plan nobody may read yet.",
    );
    site.build();
    let index = Index::of(&site.out(""));
    assert!(index.briefs_with("quixotic").is_empty());
    assert_eq!(index.manifest["briefs"], 3);
    for file in common::files_under(&site.out("search")) {
        let text = fs::read_to_string(site.out("search").join(&file)).unwrap();
        assert!(
            !text.contains("quixotic") && !text.contains("secret"),
            "{file}"
        );
    }
    // With --drafts the draft is part of the site, and of its index.
    site.run(&["build", "--drafts", "--out", "public"])
        .expect_success();
    let index = Index::of(&site.out(""));
    assert_eq!(index.briefs_with("quixotic"), ["briefs/secret/"]);
}

#[test]
fn titles_are_data_in_the_index() {
    let site = SiteTest::new();
    site.file(
        "briefs/markup.md",
        "---\ntitle: '<script>alert(1)</script> & \"Co\"'\ndate: 2024-01-01\nsummary: \"About <b>this</b>.\"\ntopics: [soft-power]\n---\nA word: xylophonist.\n",
    );
    site.build();
    let index = Index::of(&site.out(""));
    assert_eq!(index.briefs_with("xylophonist"), ["briefs/markup/"]);
    let brief = index.brief(0);
    assert_eq!(brief["title"], "<script>alert(1)</script> & \"Co\"");
    assert_eq!(index.text(0)["summary"], "About <b>this</b>.");
}

#[test]
fn the_search_page_and_the_header_form() {
    let site = three_briefs();
    site.file(
        "site/config.yaml",
        &common::CONFIG.replace(
            "base_url: https://example.org/",
            "base_url: https://example.org/policy/",
        ),
    );
    site.build();
    let page = site.read("search/index.html");
    for id in [
        "search-query",
        "search-topic",
        "search-region",
        "search-year",
    ] {
        assert!(
            page.contains(&format!("<label for=\"{id}\">")),
            "no label for {id}"
        );
    }
    assert!(
        page.contains("role=\"status\""),
        "no live region for the count"
    );
    let scripts = attribute_values(&page, "src");
    assert!(
        scripts.contains(&"/policy/search/index.js".to_string()),
        "{scripts:?}"
    );
    assert!(page.contains("<option value=\"russia\">Russia</option>"));
    assert!(page.contains("<option value=\"2019\">2019</option>"));
    // Every other page has a search box in its header that submits to the search page.
    let home = site.read("index.html");
    assert!(
        home.contains("action=\"/policy/search/\" method=\"get\""),
        "{home}"
    );
    assert!(home.contains("name=\"q\""));
    assert!(!page.contains("masthead-search"));
    assert!(site
        .read("sitemap.xml")
        .contains("<loc>https://example.org/policy/search/</loc>"));
}

#[test]
fn a_relative_build_links_results_to_index_files() {
    let site = three_briefs();
    site.run(&["build", "--relative"]).expect_success();
    let index = Index::of(&site.out(""));
    assert_eq!(
        index.briefs_with("zymurgical"),
        ["briefs/middle/index.html"]
    );
    assert_eq!(
        index.manifest["topics"][0]["url"],
        "topics/soft-power/index.html"
    );
    let brief = site.read("briefs/middle/index.html");
    assert!(
        brief.contains("action=\"../../search/index.html\""),
        "{brief}"
    );
    let page = site.read("search/index.html");
    assert!(attribute_values(&page, "src").contains(&"index.js".to_string()));
}

#[test]
fn a_watch_session_keeps_the_index_current() {
    let site = three_briefs();
    let mut session =
        statecraft::dev::session::Session::new(statecraft::BuildOptions::new(site.root()));
    session.rebuild(&[]).expect("first build");
    let path = site.root().join("briefs/oldest.md");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("by denial", "by punishment")).unwrap();
    session
        .rebuild(&[PathBuf::from("briefs/oldest.md")])
        .expect("rebuild");
    let index = Index::of(&site.out(""));
    assert_eq!(index.briefs_with("punishment"), ["briefs/oldest/"]);
    assert!(index.briefs_with("denial").is_empty());
    // The same files as a clean build: the old text file is gone.
    site.run(&["build", "--out", "clean"]).expect_success();
    assert_eq!(
        common::differing_files(&site.out("search"), &site.root().join("clean/search")),
        Vec::<String>::new()
    );
}

#[test]
fn pages_cannot_take_the_search_url() {
    let site = three_briefs();
    site.file("site/pages/search.md", "---\ntitle: Search\n---\nMine.\n");
    site.run(&["build"]).expect_failure(1);
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Lowercase words of letters only, at least seven long (no stop word is), of a text.
fn long_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 7)
        .map(str::to_lowercase)
}

struct SampleBrief {
    slug: String,
    title: String,
    topics: Vec<String>,
    /// Words of the title, subtitle and summary.
    front_words: BTreeSet<String>,
    /// Words of body lines that show as plain text (no links, markup or addresses).
    body_words: BTreeSet<String>,
    /// The searched text as written: title, subtitle, summary and body.
    text: String,
}

/// The published sample briefs of the default language, read independently of
/// statecraft.
fn sample_briefs() -> Vec<SampleBrief> {
    sample_briefs_in(None)
}

/// The published sample briefs in `language` (`None`: the default language's), with
/// their slugs (a translation's is its original's).
fn sample_briefs_in(language: Option<&str>) -> Vec<SampleBrief> {
    let mut briefs = Vec::new();
    let mut paths: Vec<PathBuf> = fs::read_dir(repo().join("briefs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    for path in paths {
        let text = fs::read_to_string(&path).unwrap();
        let mut parts = text.splitn(3, "---\n");
        parts.next();
        let yaml: serde_yaml::Value = serde_yaml::from_str(parts.next().unwrap()).unwrap();
        if yaml.get("draft").and_then(|d| d.as_bool()) == Some(true)
            || yaml.get("lang").and_then(|l| l.as_str()) != language
        {
            continue;
        }
        let field = |key: &str| {
            yaml.get(key)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let front = format!(
            "{} {} {}",
            field("title"),
            field("subtitle"),
            field("summary")
        );
        let body = parts.next().unwrap();
        let slug = match yaml.get("translation_of").and_then(|t| t.as_str()) {
            Some(original) => original.to_string(),
            None => path.file_stem().unwrap().to_string_lossy().into_owned(),
        };
        briefs.push(SampleBrief {
            title: field("title"),
            text: format!("{front} {body}"),
            slug,
            topics: yaml
                .get("topics")
                .and_then(|t| t.as_sequence())
                .map(|s| {
                    s.iter()
                        .filter_map(|t| t.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
            front_words: long_words(&front).collect(),
            body_words: body
                .lines()
                .filter(|l| {
                    !["](", "[[", "<", "://", "{#"]
                        .iter()
                        .any(|markup| l.contains(markup))
                })
                .flat_map(long_words)
                .collect(),
        });
    }
    // A wiki link without text (`[[slug]]`) shows, and is searched as, the title of the
    // brief it names.
    let titles: Vec<(String, String)> = briefs
        .iter()
        .map(|b| (b.slug.clone(), b.title.clone()))
        .collect();
    for brief in &mut briefs {
        let mut shown = String::new();
        for (slug, title) in &titles {
            if brief.text.contains(&format!("[[{slug}]]"))
                || brief.text.contains(&format!("[[{slug}#"))
            {
                shown.push(' ');
                shown.push_str(title);
            }
        }
        brief.text.push_str(&shown);
    }
    briefs
}

/// A word in the body of exactly one sample brief, which no other brief has even as the
/// start of a longer word (the page matches the last word as a prefix), and its brief.
fn rare_word(briefs: &[SampleBrief]) -> (String, String) {
    let mut candidates: Vec<(String, String)> = Vec::new();
    for brief in briefs {
        for word in &brief.body_words {
            let starts =
                |words: &BTreeSet<String>| words.iter().any(|w| w.starts_with(word.as_str()));
            let elsewhere = starts(&brief.front_words)
                || briefs
                    .iter()
                    .filter(|other| other.slug != brief.slug)
                    .any(|other| starts(&other.front_words) || starts(&other.body_words));
            if !elsewhere {
                candidates.push((word.clone(), brief.slug.clone()));
            }
        }
    }
    // The longest, then alphabetically first: stable while the briefs are.
    candidates.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
    candidates
        .into_iter()
        .next()
        .expect("a word found in a single brief")
}

/// A word in the bodies of several sample briefs, and a topic that some but not all of
/// them have: filtering by it must narrow the results without emptying them.
fn common_word_and_topic(briefs: &[SampleBrief]) -> (String, String) {
    let mut counts: BTreeMap<&String, usize> = BTreeMap::new();
    for brief in briefs {
        for word in &brief.body_words {
            *counts.entry(word).or_default() += 1;
        }
    }
    let mut words: Vec<(&String, usize)> = counts.into_iter().filter(|(_, n)| *n >= 3).collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (word, _) in words {
        let with: Vec<&SampleBrief> = briefs
            .iter()
            .filter(|b| b.body_words.contains(word))
            .collect();
        for topic in ["soft-power", "hard-power", "alliance-dynamics"] {
            let on_topic = with
                .iter()
                .filter(|b| b.topics.iter().any(|t| t == topic))
                .count();
            if on_topic > 0 && on_topic < with.len() {
                return (word.clone(), topic.to_string());
            }
        }
    }
    panic!("no word shared by briefs on different topics");
}

/// The sample site, plus a brief whose title is markup, published under a sub-path and
/// served by a plain static server: the search page finds a brief by a word only in its
/// body, the topic filter narrows results, results link to their briefs, the header
/// search box works, and the markup title shows as text. Needs Node.js, Chromium and
/// `npm ci --prefix tests/tools` (see README).
#[test]
fn searching_the_sample_site_in_a_browser() {
    let briefs = sample_briefs();
    let (rare, rare_slug) = rare_word(&briefs);
    let (common, topic) = common_word_and_topic(&briefs);

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for folder in ["briefs", "site", "themes"] {
        common::copy_folder(&repo().join(folder), &root.join(folder));
    }
    let hostile_title = "<script>alert(1)</script> & \"Co\" <b>bold</b>";
    fs::write(
        root.join("briefs/zz-markup-title.md"),
        format!(
            "---\ntitle: '{hostile_title}'\ndate: 2018-01-01\nsummary: \"Markup in front matter is text.\"\ntopics: [soft-power]\n---\nQuokkaesque.\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("public");
    common::build_site(
        &root,
        &out,
        &["--base-url", "https://example.org/research/briefs/"],
    );
    let port = common::static_server(&out, "/research/briefs/");
    let browse = Command::new("node")
        .arg(repo().join("tests/browser/search.mjs"))
        .arg(format!("http://127.0.0.1:{port}/research/briefs/"))
        .args([
            &rare,
            &rare_slug,
            &common,
            &topic,
            "quokkaesque",
            hostile_title,
        ])
        .output()
        .expect("run node (install Node.js; see README)");
    assert!(
        browse.status.success(),
        "searching {rare:?} ({rare_slug}), {common:?} on {topic}:\n{}{}",
        String::from_utf8_lossy(&browse.stdout),
        String::from_utf8_lossy(&browse.stderr)
    );
}

/// The sample site's Russian and Japanese editions in headless Chromium: an inflected
/// Russian word finds the Russian briefs with any form of it, Japanese words find the
/// Japanese briefs containing them, and every result is in the edition searched. The
/// briefs expected are read from the sample files. Needs Node.js, Chromium and
/// `npm ci --prefix tests/tools` (see README).
#[test]
fn searching_the_sample_translations_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    common::build_site(&repo(), &out, &[]);
    let port = common::static_server(&out, "/");
    // (edition folder, language, query, what each expected brief's text contains).
    let cases = [
        ("ru/", "ru", "союзниками", "союзник"),
        ("ru/", "ru", "санкциями", "санкци"),
        ("ja/", "ja", "迎撃", "迎撃"),
        ("ja/", "ja", "北方四島", "北方四島"),
    ];
    for (folder, language, query, stem) in cases {
        let briefs = sample_briefs_in(Some(language));
        let expected: Vec<&str> = briefs
            .iter()
            .filter(|b| b.text.to_lowercase().contains(stem))
            .map(|b| b.slug.as_str())
            .collect();
        assert!(
            !expected.is_empty() && expected.len() < briefs.len(),
            "`{query}` should tell the {language} briefs apart: {expected:?}"
        );
        let browse = Command::new("node")
            .arg(repo().join("tests/browser/search.mjs"))
            .arg("--edition")
            .arg(format!("http://127.0.0.1:{port}/"))
            .args([folder, query, &expected.join(",")])
            .output()
            .expect("run node (install Node.js; see README)");
        assert!(
            browse.status.success(),
            "{}{}",
            String::from_utf8_lossy(&browse.stdout),
            String::from_utf8_lossy(&browse.stderr)
        );
    }
}

#[test]
fn texts_and_metadata_share_files_and_a_new_brief_leaves_the_other_files_alone() {
    let site = SiteTest::new();
    let word = |n: usize| {
        format!(
            "marker{}",
            "abcdefghijklmnopqrstuvwxyz".chars().nth(n % 26).unwrap()
        )
        .repeat(1 + n / 26)
    };
    for n in 0..60 {
        site.brief(
            &format!("b{n:02}"),
            &format!("2020-01-{:02}", 1 + n % 28),
            "[soft-power]",
            "",
            &format!("Text of brief {n}: {}.", word(n)),
        );
    }
    site.build();
    let index = Index::of(&site.out(""));
    for n in 0..60 {
        let url = index.brief(n)["url"].as_str().unwrap().to_string();
        let slug = url.trim_start_matches("briefs/").trim_end_matches('/');
        let number: usize = slug[1..].parse().unwrap();
        assert!(
            index.text(n)["body"]
                .as_str()
                .unwrap()
                .contains(&word(number)),
            "brief {n} ({url}) shows another brief's text"
        );
    }
    let files = |out: &Path, folder: &str| -> BTreeSet<String> {
        common::files_under(&out.join("search").join(folder))
            .into_iter()
            .collect()
    };
    let before = files(&site.out(""), "d");
    assert!(
        (5..=30).contains(&before.len()),
        "60 briefs' texts in {} files",
        before.len()
    );
    let metadata_before = files(&site.out(""), "m");
    assert!(
        (2..=10).contains(&metadata_before.len()),
        "60 briefs' metadata in {} files",
        metadata_before.len()
    );
    site.brief(
        "newest",
        "2024-01-01",
        "[soft-power]",
        "",
        "The newest brief.",
    );
    site.build();
    // The new brief, first in the site's order, changes the chunk it joins (or makes
    // one of its own), not the chunks after it.
    for (before, after) in [
        (before, files(&site.out(""), "d")),
        (metadata_before, files(&site.out(""), "m")),
    ] {
        assert!(
            before.difference(&after).count() <= 1,
            "{before:?} -> {after:?}"
        );
        assert!(
            after.difference(&before).count() <= 2,
            "{before:?} -> {after:?}"
        );
    }
    let index = Index::of(&site.out(""));
    assert_eq!(index.brief(0)["url"], "briefs/newest/");
}

/// A site with English, Russian and Japanese briefs. `apart` has the bigrams of
/// `抑止力` but not next to each other; `alliance` cites a work and has a heading.
fn languages_site() -> SiteTest {
    let site = SiteTest::new();
    site.file(
        "site/references.bib",
        "@book{samuels2007,\n  author = {Samuels, Richard J.},\n  title = {Securing Japan},\n  publisher = {Cornell University Press},\n  year = {2007},\n}\n",
    )
    .brief(
        "alliance",
        "2024-01-01",
        "[alliance-dynamics]",
        "",
        "## Burden sharing\n\nThe alliance with Tokyo holds [@samuels2007]. Troops stay on the Kuril frontier.",
    )
    .brief(
        "soyuz",
        "2023-01-01",
        "[hard-power]",
        "",
        "Москва ищет новые союзники в Азии. Союз с Пекином крепнет.",
    )
    .brief(
        "yokushi",
        "2022-01-01",
        "[hard-power]",
        "",
        "日本の抑止力が問われている。",
    )
    .brief(
        "apart",
        "2021-01-01",
        "[soft-power]",
        "",
        "抑止と止力は別の言葉です。",
    )
    .brief(
        "plain",
        "2020-01-01",
        "[soft-power]",
        "",
        "A theory of everything, and its themes.",
    );
    site
}

#[test]
fn the_index_holds_stems_bigrams_and_headings_and_excerpts_show_neither_headings_nor_keys() {
    let site = languages_site();
    site.build();
    let index = Index::of(&site.out(""));
    assert_eq!(index.manifest["version"], 4);
    assert_eq!(index.manifest["language"], "en");
    assert_eq!(index.manifest["fold_accents"], true);
    // English and Russian words by their stems: `alliances` and `alliance` are one term,
    // as are `союзников` and `союзники`.
    assert_eq!(index.briefs_with_term("allianc"), ["briefs/alliance/"]);
    assert!(index.briefs_with_term("alliance").is_empty());
    assert_eq!(index.briefs_with_term("союзник"), ["briefs/soyuz/"]);
    assert_eq!(index.briefs_with_term("союз"), ["briefs/soyuz/"]);
    // As the page looks words up.
    assert_eq!(index.briefs_with("alliances"), ["briefs/alliance/"]);
    assert_eq!(index.briefs_with("союзников"), ["briefs/soyuz/"]);
    // Japanese as bigrams; both briefs have both bigrams of 抑止力.
    assert_eq!(
        index.briefs_with_term("抑止"),
        ["briefs/yokushi/", "briefs/apart/"]
    );
    assert_eq!(
        index.briefs_with_term("止力"),
        ["briefs/yokushi/", "briefs/apart/"]
    );
    assert!(index.briefs_with_term("抑止力").is_empty());
    // Headings are searched but are not part of the excerpt text; citation keys are
    // neither.
    assert_eq!(index.briefs_with_term("burden"), ["briefs/alliance/"]);
    assert!(index.briefs_with_term("samuels2007").is_empty());
    let text = index.text(0);
    assert_eq!(
        text["body"],
        "The alliance with Tokyo holds. Troops stay on the Kuril frontier."
    );
    assert_eq!(text["headings"], "Burden sharing");
    // Stop words, Russian ones too, are not indexed.
    assert!(index.briefs_with_term("the").is_empty());
    assert!(index.briefs_with_term("с").is_empty());
}

#[test]
fn accent_folding_can_be_turned_off() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &format!("{}search:\n  fold_accents: false\n", common::CONFIG),
    )
    .brief("sp", "2024-01-01", "[soft-power]", "", "From São Paulo.");
    site.build();
    let index = Index::of(&site.out(""));
    assert_eq!(index.manifest["fold_accents"], false);
    assert_eq!(index.briefs_with_term("são"), ["briefs/sp/"]);
    assert!(index.briefs_with_term("sao").is_empty());
    // And on by default.
    site.file("site/config.yaml", common::CONFIG);
    site.build();
    assert_eq!(
        Index::of(&site.out("")).briefs_with_term("sao"),
        ["briefs/sp/"]
    );
}

/// The search page's script gives the same terms as the index for the same texts: the
/// Snowball word lists (a port of the stemmers in JavaScript against rust-stemmers),
/// the sample briefs and the theme's English, Russian and Japanese labels, and mixed
/// texts. Needs Node.js.
#[test]
fn the_page_script_finds_the_same_terms_as_the_index() {
    use statecraft::render::search::{for_each_word, Language, Words, STOP_WORDS};
    let mut texts: Vec<String> = Vec::new();
    for list in ["en", "ru"] {
        let words =
            fs::read_to_string(repo().join(format!("tests/fixtures/stems/{list}.txt"))).unwrap();
        // One text per word: every word's stem is compared, stop words and all.
        texts.extend(words.lines().map(String::from));
    }
    for folder in ["briefs", "themes/default/i18n"] {
        for entry in walkdir::WalkDir::new(repo().join(folder)) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                texts.push(fs::read_to_string(entry.path()).unwrap());
            }
        }
    }
    texts.extend(
        [
            "Japan's U.S.-Japan alliances; Союзников и союзники. 日本の抑止力、2022年。",
            "ΟΔΟΣ Straße ﬁnancial São Paulo Ёлка Łódź Ærø naïve CAFÉ café",
            "Tokyo東京Moscowモスクワ・トランプ don't 3.5 x É",
        ]
        .map(String::from),
    );
    let check = |words: Words, tag: &str| {
        let expected: Vec<Vec<String>> = texts
            .iter()
            .map(|text| {
                let mut terms = Vec::new();
                for_each_word(text, words, |t| terms.push(t.to_string()));
                terms
            })
            .collect();
        let input = serde_json::json!({
            "texts": texts,
            "stop_words": STOP_WORDS,
            "language": tag,
            "fold_accents": words.fold_accents,
        });
        let script = r#"
            const words = require(process.argv[1]);
            const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
            for (const w of input.stop_words) words.STOP_WORDS.add(w);
            const options = { language: input.language, foldAccents: input.fold_accents };
            const out = input.texts.map((t) => words.scan(t, options).filter((w) => !w.stop).map((w) => w.term));
            process.stdout.write(JSON.stringify(out));
        "#;
        let mut child = Command::new("node")
            .args(["-e", script])
            .arg(repo().join("themes/default/static/search.js"))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("run node (install Node.js; see README)");
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.to_string().as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success());
        let actual: Vec<Vec<String>> = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(actual.len(), expected.len());
        let mut differences = 0;
        for ((text, rust), js) in texts.iter().zip(&expected).zip(&actual) {
            if rust != js {
                differences += 1;
                let first = rust
                    .iter()
                    .zip(js)
                    .position(|(a, b)| a != b)
                    .unwrap_or(rust.len().min(js.len()));
                eprintln!(
                    "{tag}: {:.60?}: index {:?}, page {:?}",
                    text,
                    rust.get(first),
                    js.get(first)
                );
            }
        }
        assert_eq!(differences, 0, "texts whose terms differ ({tag})");
    };
    check(
        Words {
            language: Language::English,
            fold_accents: true,
        },
        "en",
    );
    check(
        Words {
            language: Language::from_tag("ru"),
            fold_accents: false,
        },
        "ru",
    );
    check(
        Words {
            language: Language::from_tag("fr"),
            fold_accents: true,
        },
        "fr",
    );
}

/// The languages site in headless Chromium: stemmed English and Russian queries, a
/// Japanese word found whole, one typo, a stop word that is no prefix, excerpts
/// without citation keys or headings, and the status line with and without
/// JavaScript. Needs Node.js, Chromium and `npm ci --prefix tests/tools` (see README).
#[test]
fn searching_in_three_languages_in_a_browser() {
    let site = languages_site();
    site.build();
    let port = common::static_server(&site.out(""), "/");
    let browse = Command::new("node")
        .arg(repo().join("tests/browser/search.mjs"))
        .arg("--languages")
        .arg(format!("http://127.0.0.1:{port}/"))
        .output()
        .expect("run node (install Node.js; see README)");
    assert!(
        browse.status.success(),
        "{}{}",
        String::from_utf8_lossy(&browse.stdout),
        String::from_utf8_lossy(&browse.stderr)
    );
}
