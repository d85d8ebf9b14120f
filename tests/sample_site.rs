//! The sample site the repository ships (`briefs/`, `site/`, `themes/default/`): it
//! builds, every page validates, every internal link works, and builds are repeatable.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{attribute_values, brief_links, files_under};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the sample site once for all tests of this file.
fn built() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build_into(&out);
        (dir, out)
    });
    out
}

fn build_into(out: &Path) {
    build_with(out, &[]);
}

fn build_with(out: &Path, flags: &[&str]) {
    common::build_site(&repo(), out, flags);
}

struct SampleBrief {
    slug: String,
    topics: Vec<String>,
    authors: Vec<String>,
    series: Option<String>,
    words: usize,
    /// The year of its `date:`.
    year: String,
}

/// The sample briefs as their files say (read independently of statecraft's parser).
fn sample_briefs() -> Vec<SampleBrief> {
    let mut briefs = Vec::new();
    for entry in fs::read_dir(repo().join("briefs")).unwrap() {
        let mut path = entry.unwrap().path();
        // A bundle: the brief is the folder's `index.md`, named after the folder.
        let slug = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.join("index.md").is_file() {
            path = path.join("index.md");
        } else if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let mut parts = text.splitn(3, "---\n");
        parts.next();
        let yaml: serde_yaml::Value = serde_yaml::from_str(parts.next().unwrap()).unwrap();
        let body = parts.next().unwrap();
        let list = |key: &str| -> Vec<String> {
            yaml.get(key)
                .and_then(|v| v.as_sequence())
                .map(|s| {
                    s.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        // Drafts are not published; translations are checked on their own.
        if yaml.get("draft").and_then(|d| d.as_bool()) == Some(true) || yaml.get("lang").is_some() {
            continue;
        }
        let body_without_notes: String = body
            .lines()
            .filter(|l| !l.starts_with("[^"))
            .collect::<Vec<_>>()
            .join("\n");
        briefs.push(SampleBrief {
            slug,
            topics: list("topics"),
            authors: list("authors"),
            series: yaml
                .get("series")
                .and_then(|s| s.get("name"))
                .and_then(|n| n.as_str())
                .map(String::from),
            words: body_without_notes.split_whitespace().count(),
            year: yaml["date"].as_str().unwrap()[..4].to_string(),
        });
    }
    briefs
}

/// At least three briefs in Russian and three in Japanese, one of a series among them,
/// each a whole translation of an original of the sample (not a summary of it), and
/// published at its original's address in the language's folder.
#[test]
fn the_sample_has_russian_and_japanese_translations() {
    let originals = sample_briefs();
    let mut found: Vec<(String, String)> = Vec::new();
    for entry in fs::read_dir(repo().join("briefs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let mut parts = text.splitn(3, "---\n");
        parts.next();
        let yaml: serde_yaml::Value = serde_yaml::from_str(parts.next().unwrap()).unwrap();
        let Some(language) = yaml.get("lang").and_then(|l| l.as_str()) else {
            continue;
        };
        let original = yaml["translation_of"].as_str().unwrap().to_string();
        let source = originals
            .iter()
            .find(|b| b.slug == original)
            .unwrap_or_else(|| panic!("{} translates no sample brief", path.display()));
        // Russian words run a little longer than English ones; Japanese is counted in
        // characters, about two to three per English word.
        let body = parts.next().unwrap();
        let size = match language {
            "ja" => body.chars().filter(|c| !c.is_whitespace()).count() / 2,
            _ => body.split_whitespace().count(),
        };
        assert!(
            size * 10 >= source.words * 7,
            "{}: {size} for {} words of the original",
            path.display(),
            source.words
        );
        let page = built().join(format!("{language}/briefs/{original}/index.html"));
        assert!(page.is_file(), "{} is not published", page.display());
        found.push((language.to_string(), original));
    }
    for language in ["ru", "ja"] {
        let count = found.iter().filter(|(l, _)| l == language).count();
        assert!(count >= 3, "{count} translations into {language}");
    }
    let of_a_series = found.iter().any(|(_, original)| {
        originals
            .iter()
            .any(|b| &b.slug == original && b.series.is_some())
    });
    assert!(
        of_a_series,
        "no translation of a brief of a series: {found:?}"
    );
}

#[test]
fn the_sample_corpus_is_a_real_one() {
    let briefs = sample_briefs();
    assert!(briefs.len() >= 12, "only {} briefs", briefs.len());
    for brief in &briefs {
        assert!(
            (1200..=3000).contains(&brief.words),
            "{} has {} words",
            brief.slug,
            brief.words
        );
    }
    for topic in ["soft-power", "hard-power", "alliance-dynamics"] {
        let count = briefs
            .iter()
            .filter(|b| b.topics.iter().any(|t| t == topic))
            .count();
        assert!(count >= 4, "topic {topic} has {count} briefs");
    }
    let authors: BTreeSet<&String> = briefs.iter().flat_map(|b| &b.authors).collect();
    assert!(authors.len() >= 3, "authors: {authors:?}");
    let mut series: BTreeMap<&str, usize> = BTreeMap::new();
    for name in briefs.iter().filter_map(|b| b.series.as_deref()) {
        *series.entry(name).or_default() += 1;
    }
    assert!(
        series.values().any(|&n| n >= 3),
        "no series of 3: {series:?}"
    );
}

#[test]
fn every_pair_of_topics_has_briefs() {
    let briefs = sample_briefs();
    let topics = ["soft-power", "hard-power", "alliance-dynamics"];
    for (i, a) in topics.iter().enumerate() {
        for b in &topics[i + 1..] {
            let both = briefs
                .iter()
                .filter(|brief| {
                    brief.topics.iter().any(|t| t == a) && brief.topics.iter().any(|t| t == b)
                })
                .count();
            assert!(both >= 2, "only {both} briefs on both {a} and {b}");
            let page =
                fs::read_to_string(built().join(format!("topics/{a}+{b}/index.html"))).unwrap();
            assert_eq!(brief_links(&page).len(), both, "topics/{a}+{b}/");
        }
    }
}

/// The sample site shows off what briefs can do: citations from a bibliography with a
/// References list, glossary terms, and a PDF version.
#[test]
fn the_sample_site_uses_citations_the_glossary_and_a_pdf() {
    let out = built();
    let read = |path: &str| fs::read_to_string(out.join(path)).unwrap();
    let citing: Vec<String> = sample_briefs()
        .into_iter()
        .map(|b| b.slug)
        .filter(|slug| read(&format!("briefs/{slug}/index.html")).contains("id=\"references\""))
        .collect();
    assert!(citing.len() >= 3, "briefs with references: {citing:?}");

    let measuring = read("briefs/measuring-soft-power/index.html");
    assert!(
        measuring.contains("<span class=\"citation\">(Nye 1990; 2004, chap. 1)</span>"),
        "{measuring}"
    );
    assert!(measuring.contains(
        "<li>Nye, Joseph S., Jr. 2004. <i>Soft Power: The Means to Success in World Politics</i>. PublicAffairs.</li>"
    ));
    assert!(measuring.contains("<a href=\"#references\">References</a>"));

    // Glossary: 10-20 terms, every one used by some brief, linked from the briefs.
    let glossary = read("glossary/index.html");
    let terms = glossary.matches("class=\"glossary-entry\"").count();
    assert!((10..=20).contains(&terms), "{terms} glossary terms");
    assert_eq!(
        glossary.matches("class=\"glossary-briefs\"").count(),
        terms,
        "a term no brief uses"
    );
    let linked = sample_briefs()
        .iter()
        .filter(|b| {
            read(&format!("briefs/{}/index.html", b.slug))
                .contains("class=\"glossary-term\" href=\"/glossary/#")
        })
        .count();
    assert!(linked >= 10, "only {linked} briefs link glossary terms");

    // PDF: linked, announced to Google Scholar, copied, and a real PDF.
    let kuril = read("briefs/kuril-islands-dispute/index.html");
    let pdf = "briefs/kuril-islands-dispute/kuril-islands-dispute.pdf";
    assert!(kuril.contains(&format!("<a class=\"button button-pdf\" href=\"/{pdf}\">")));
    assert!(kuril.contains(&format!(
        "<meta name=\"citation_pdf_url\" content=\"https://briefs.northbridge.example/{pdf}\">"
    )));
    let bytes = fs::read(out.join(pdf)).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    assert!(bytes.len() < 300 * 1024, "{} bytes", bytes.len());
}

#[test]
fn topic_pages_list_exactly_the_briefs_that_declare_the_topic() {
    let out = built();
    let briefs = sample_briefs();
    for topic in ["soft-power", "hard-power", "alliance-dynamics"] {
        let expected: BTreeSet<String> = briefs
            .iter()
            .filter(|b| b.topics.iter().any(|t| t == topic))
            .map(|b| format!("/briefs/{}/", b.slug))
            .collect();
        let mut listed = BTreeSet::new();
        let mut page = out.join(format!("topics/{topic}/index.html"));
        let mut number = 0;
        while page.is_file() {
            listed.extend(brief_links(&fs::read_to_string(&page).unwrap()));
            number += 1;
            page = out.join(format!("topics/{topic}/page/{number}/index.html"));
        }
        assert_eq!(listed, expected, "topic {topic}");
    }
}

#[test]
fn every_sample_brief_shows_briefs_citing_it_and_related_ones() {
    let out = built();
    for brief in sample_briefs() {
        let html =
            fs::read_to_string(out.join(format!("briefs/{}/index.html", brief.slug))).unwrap();
        // Backlinks and related briefs are one "Further reading" list, the briefs
        // citing this one first and marked so.
        assert!(
            html.contains("id=\"related\""),
            "{} shows no further reading",
            brief.slug
        );
        let further = &html[html.find("id=\"related\"").unwrap()..];
        assert!(
            further.contains("class=\"further-cites\""),
            "{} shows no brief citing it",
            brief.slug
        );
    }
}

#[test]
fn every_url_of_the_scheme_exists_in_the_sample_site() {
    let out = built();
    let mut expected = vec![
        "index.html".to_string(),
        "briefs/index.html".into(),
        "topics/index.html".into(),
        "tags/index.html".into(),
        "regions/index.html".into(),
        "authors/index.html".into(),
        "archive/index.html".into(),
        "search/index.html".into(),
        "search/index.js".into(),
        "about/index.html".into(),
        "methodology/index.html".into(),
        "atom.xml".into(),
        "sitemap.xml".into(),
        "robots.txt".into(),
        "404.html".into(),
        "glossary/index.html".into(),
        "timeline/index.html".into(),
    ];
    for brief in sample_briefs() {
        expected.push(format!("briefs/{}/index.html", brief.slug));
        expected.push(format!("archive/{}/index.html", brief.year));
        for author in brief.authors {
            expected.push(format!("authors/{author}/index.html"));
        }
    }
    for topic in ["soft-power", "hard-power", "alliance-dynamics"] {
        expected.push(format!("topics/{topic}/index.html"));
        expected.push(format!("topics/{topic}/atom.xml"));
    }
    for path in expected {
        assert!(out.join(&path).is_file(), "missing {path}");
    }
}

/// Every `href` and `src` in every HTML file that points into the site resolves to a
/// file of the output, and every `#fragment` to an id in that file.
#[test]
fn no_internal_link_dangles() {
    assert_no_dangling_links(built());
}

fn assert_no_dangling_links(out: &Path) {
    let origin = "https://briefs.northbridge.example";
    let mut dangling = Vec::new();
    let mut checked = 0;
    let mut ids_cache: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for file in files_under(out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
    {
        let html = fs::read_to_string(out.join(&file)).unwrap();
        let page_dir = Path::new(&file)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        for link in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            let link = link.strip_prefix(origin).unwrap_or(&link).to_string();
            if link.contains("://") || link.starts_with("mailto:") || link.starts_with("data:") {
                continue;
            }
            checked += 1;
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (link.clone(), None),
            };
            let target = if path.is_empty() {
                out.join(&file)
            } else if let Some(absolute) = path.strip_prefix('/') {
                out.join(absolute)
            } else {
                out.join(&page_dir).join(&path)
            };
            let target = if target.is_dir() {
                target.join("index.html")
            } else {
                target
            };
            if !target.is_file() {
                dangling.push(format!("{file}: {link}"));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let ids = ids_cache.entry(target.clone()).or_insert_with(|| {
                    let text = fs::read_to_string(&target).unwrap_or_default();
                    attribute_values(&text, "id").into_iter().collect()
                });
                if !ids.contains(&fragment) {
                    dangling.push(format!("{file}: {link} (no id {fragment})"));
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} links checked");
    assert!(
        dangling.is_empty(),
        "{} dangling links:\n{}",
        dangling.len(),
        dangling.join("\n")
    );
}

/// The Nu HTML Checker (the W3C validator) finds no errors in any page, as built and
/// minified. Needs Java and `npm ci --prefix tests/tools` (`.ci/run` does both).
#[test]
fn every_page_is_valid_html5() {
    let out = built();
    let dir = tempfile::tempdir().unwrap();
    let minified = dir.path().join("minified");
    build_with(&minified, &["--minify"]);
    common::assert_valid_html(&[out, &minified]);
}

#[test]
fn check_finds_no_broken_link_in_the_sample_site() {
    let output = Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(["check", "--root"])
        .arg(repo())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("(0 broken)"), "{stdout}");
}

#[test]
fn two_builds_of_the_sample_site_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let second = dir.path().join("again");
    build_into(&second);
    let differing = common::differing_files(built(), &second);
    assert!(differing.is_empty(), "differing files: {differing:?}");
}

/// axe-core in real headless Chromium finds no WCAG 2.1 A/AA or best-practice violation
/// on each kind of page, in light and dark mode, and the print stylesheet hides the
/// navigation. Needs Node.js, Chromium and `npm ci --prefix tests/tools` (see README).
#[test]
fn pages_are_accessible_and_print_cleanly() {
    let out = built();
    let port = common::static_server(out, "/");
    let script = repo().join("tests/browser/accessibility.mjs");
    let output = Command::new("node")
        .arg(&script)
        .arg(format!("http://127.0.0.1:{port}"))
        .args([
            "/briefs/kuril-islands-dispute/",
            "/",
            "/topics/soft-power/",
            "/briefs/",
            "/archive/",
            "/archive/2024/",
            "/authors/elena-markova/",
            "/series/moscow-reads-tokyo/",
            "/topics/soft-power+hard-power/",
            "/timeline/",
            "/search/",
            "/search/?q=kuril+islands&topic=hard-power",
            "/regions/japan/",
            "/about/",
            "/404.html",
            "/glossary/",
            "/briefs/measuring-soft-power/",
            // A chart, its data table and a captioned table.
            "/briefs/alliance-burden-sharing/",
            // Stacked bar charts.
            "/briefs/kuril-islands-dispute/",
            "/briefs/sakhalin-energy-ties/",
            "/series/",
            "/types/",
            "/types/report/",
            "/authors/",
            "/briefs/russia-china-alignment/",
            // The Russian and Japanese editions (their pages say `lang="ru"`, `"ja"`).
            "/ru/briefs/kuril-islands-dispute/",
            "/ru/topics/soft-power/",
            "/ru/search/?q=союзников",
            "/ja/",
            "/ja/briefs/japan-missile-defense/",
            "/ja/regions/japan/",
        ])
        .output()
        .expect("run node (install Node.js; see README)");
    assert!(
        output.status.success(),
        "accessibility check failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// On a phone (390x844, real headless Chromium) the header and menu take at most 15%
/// of the first screen on every kind of page and the menu button opens the menu; on a
/// brief, heading anchors show on hover or focus only and navigation is less than half
/// the page; the type, region and year filters of the list of briefs find exactly the
/// one report, and a region's page keeps its region chosen. Needs Node.js, Chromium and
/// `npm ci --prefix tests/tools` (see README).
#[test]
fn the_phone_layout_keeps_the_header_small() {
    let out = built();
    let port = common::static_server(out, "/");
    let output = Command::new("node")
        .arg(repo().join("tests/browser/layout.mjs"))
        // The list's type, region and year filters (the last two filled by a script)
        // lead to the search page with only the one report.
        .env("LIST_FILTER", "type=report&region=japan&year=2019")
        .env("LIST_FILTER_EXPECT", "/briefs/kuril-islands-dispute/")
        .env("REGION_PAGE", "/regions/japan/")
        .arg(format!("http://127.0.0.1:{port}"))
        .args([
            "/briefs/kuril-islands-dispute/",
            "/",
            "/briefs/",
            "/topics/soft-power/",
            "/authors/",
            "/series/",
            "/types/report/",
            "/search/",
            "/about/",
            "/404.html",
        ])
        .output()
        .expect("run node (install Node.js; see README)");
    assert!(
        output.status.success(),
        "layout check failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Published under a sub-path (GitHub Pages style) and served by a plain static server
/// under that path, the site has no broken internal link or asset: a crawl from the
/// home page that follows every `href` and `src` gets no 404.
#[test]
fn a_sub_path_deploy_crawls_without_a_404() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_with(
        &out,
        &["--base-url", "https://example.org/research/briefs/"],
    );
    let port = common::static_server(&out, "/research/briefs/");
    let get = |path: &str| -> (u16, String) {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let response = String::from_utf8_lossy(&response).into_owned();
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    };
    let mut queue = vec!["/research/briefs/".to_string()];
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut missing = Vec::new();
    while let Some(path) = queue.pop() {
        let (status, body) = get(&path);
        if status != 200 {
            missing.push(format!("{path} -> {status}"));
            continue;
        }
        if !(path.ends_with('/') || path.ends_with(".html")) {
            continue;
        }
        for link in attribute_values(&body, "href")
            .into_iter()
            .chain(attribute_values(&body, "src"))
        {
            let link = link
                .strip_prefix("https://example.org")
                .unwrap_or(&link)
                .to_string();
            let link = link.split('#').next().unwrap_or("").to_string();
            if link.is_empty()
                || link.contains("://")
                || link.starts_with("mailto:")
                || link.starts_with("data:")
            {
                continue;
            }
            assert!(
                link.starts_with("/research/briefs/"),
                "{path} links to {link} outside the sub-path"
            );
            if seen.insert(link.clone()) {
                queue.push(link);
            }
        }
    }
    // 56 pages, the feeds, the stylesheet and the PDF.
    assert!(seen.len() > 56, "only {} URLs crawled", seen.len());
    assert!(missing.is_empty(), "{} broken: {missing:?}", missing.len());
}

/// Built with `--relative`, the site works from disk: every link resolves as a file
/// path, and Chromium opening `index.html` from file:// shows styled pages, can click
/// through to a brief and a topic, and can search from the header and open a result.
#[test]
fn a_relative_build_works_from_file_urls() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let output = Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(["build", "--relative", "--root"])
        .arg(repo())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        attribute_values(&home, "href")
            .iter()
            .all(|h| !h.starts_with('/')),
        "root-relative links left in a relative build"
    );
    assert_no_dangling_links(&out);
    let script = repo().join("tests/browser/file_url.mjs");
    let browse = Command::new("node")
        .arg(&script)
        .arg(&out)
        .output()
        .expect("run node");
    assert!(
        browse.status.success(),
        "file:// browsing failed:\n{}{}",
        String::from_utf8_lossy(&browse.stdout),
        String::from_utf8_lossy(&browse.stderr)
    );
}

/// `--minify` changes whitespace and drops comments, nothing else: with every
/// whitespace run shortened to one space, each page reads the same as the normal build.
#[test]
fn minified_pages_differ_only_in_whitespace() {
    fn normalized(html: &str) -> String {
        let mut without_comments = String::new();
        let mut rest = html;
        while let Some(start) = rest.find("<!--") {
            without_comments.push_str(&rest[..start]);
            rest = rest[start..]
                .split_once("-->")
                .map_or("", |(_, after)| after);
        }
        without_comments.push_str(rest);
        without_comments
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
    let dir = tempfile::tempdir().unwrap();
    let minified = dir.path().join("minified");
    build_with(&minified, &["--minify"]);
    let (mut before, mut after) = (0, 0);
    for file in files_under(built()).iter().filter(|f| f.ends_with(".html")) {
        let normal = fs::read_to_string(built().join(file)).unwrap();
        let small = fs::read_to_string(minified.join(file)).unwrap();
        assert_eq!(normalized(&normal), normalized(&small), "{file}");
        before += normal.len();
        after += small.len();
    }
    assert!(after < before * 95 / 100, "{before} -> {after} bytes");
}

/// The sitemap validates against the sitemaps.org schema, alternates included.
#[test]
fn the_sitemap_is_valid_against_the_sitemap_schema() {
    common::assert_valid_sitemap(&built().join("sitemap.xml"));
}

/// lychee, a link checker we did not write, finds no broken internal link or anchor in
/// the sample site's output. Offline: links to other hosts are not followed. Needs
/// `cargo install lychee --locked` (`.ci/run` does it).
#[test]
fn lychee_finds_no_broken_internal_link() {
    let out = built();
    let output = Command::new("lychee")
        .args(["--offline", "--include-fragments", "--no-progress"])
        .args(["--index-files", "index.html"])
        .arg("--root-dir")
        .arg(out)
        .arg(out)
        .output()
        .expect("run lychee (`cargo install lychee --locked`, see README)");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "lychee found broken links:\n{report}"
    );
    assert!(
        report.contains("0 Errors") || report.contains("🚫 0"),
        "unexpected lychee summary:\n{report}"
    );
}

/// A branded site in Japanese, built as a preview (a draft and a scheduled brief with
/// their banners, a logo, its own colours (a light brand), menus, an author file with a photo, a guest author, the
/// licence and disclaimer, publication types): the Nu HTML Checker finds no error in
/// any page, and axe-core none on each new kind of page, light and dark, desktop and
/// phone. Needs Java, Node.js, Chromium and `npm ci --prefix tests/tools`.
#[test]
fn a_branded_japanese_preview_is_valid_and_accessible() {
    let site = common::SiteTest::new();
    let config = common::CONFIG.replace("language: en", "language: ja");
    site.file(
        "site/config.yaml",
        &format!(
            "{config}logo: logo.svg\nfavicon: logo.svg\ncolors: {{brand: \"#ffd100\", accent: \"#006633\", link: \"#7a0019\"}}\nlicense: CC BY 4.0\ndisclaimer: 見解は著者個人のものです。\nnewsletter: https://example.org/subscribe/\nsocial: {{linkedin: \"https://www.linkedin.com/company/x\"}}\nmenus:\n  main:\n    - {{name: 出版物, url: /briefs/}}\n    - {{name: シリーズ, url: /series/}}\n    - {{name: 概要, url: about.md}}\n  footer:\n    - {{name: お問い合わせ, url: \"mailto:info@example.org\"}}\n"
        ),
    )
    .file("site/static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 40\"><rect width=\"40\" height=\"40\" fill=\"#13294b\"/></svg>")
    .file("site/static/rosa.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 40\"><circle cx=\"20\" cy=\"20\" r=\"20\" fill=\"#888\"/></svg>")
    .file("site/authors/rosa.md", "---\nname: ロサ・ディアス\nrole: 上席研究員\naffiliation: 京都大学\nphoto: rosa.svg\norcid: 0000-0002-1825-0097\nexpertise: [エネルギー安全保障]\n---\nエネルギー政策を研究している。\n")
    .file("site/pages/about.md", "---\ntitle: 概要\n---\n私たちについて。[^1]\n\n[^1]: 注記。\n")
    .brief("now", "2024-03-12", "[soft-power, hard-power]", "authors: [rosa, {name: ゲスト著者, affiliation: 別の研究所}]\ntype: report\ndoi: 10.5555/x-1\nseries: {name: 連載, part: 1}\nkey_findings: [一つ目。]\nrecommendations: [提言。]\n", "## 背景\n\n本文[^1]。\n\n[^1]: 注。\n")
    .brief("later", "2999-01-01", "[soft-power]", "authors: [ana]\nseries: {name: 連載, part: 2}\n", "本文。")
    .brief("wip", "2024-04-01", "[hard-power]", "draft: true\n", "本文。");
    site.run(&["build", "--drafts", "--future", "--out", "public"])
        .expect_success();
    let out = site.out("");
    common::assert_valid_html(&[&out]);
    let port = common::static_server(&out, "/");
    let output = Command::new("node")
        .arg(repo().join("tests/browser/accessibility.mjs"))
        .arg(format!("http://127.0.0.1:{port}"))
        .args([
            "/briefs/now/",
            "/briefs/later/",
            "/briefs/wip/",
            "/",
            "/briefs/",
            "/authors/",
            "/authors/rosa/",
            "/types/",
            "/types/report/",
            "/series/",
            "/about/",
            "/search/",
        ])
        .output()
        .expect("run node (install Node.js; see README)");
    assert!(
        output.status.success(),
        "accessibility check failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
