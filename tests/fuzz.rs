//! Property-based fuzzing of everything that reads user text: front matter splitting
//! and parsing (dates, slugs, aliases, names), Markdown rendering (heading attributes,
//! link and image addresses), citations, glossary terms, link extraction and
//! resolution. Whatever the input, the pipeline returns a site or diagnostics — it never
//! panics — and in escape mode no tag of a brief can run script.
//!
//! The suite runs a bounded number of cases; run longer by hand with
//! `PROPTEST_CASES=100000 cargo test --release --test fuzz`.

mod common;

use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;

use statecraft::config::{self, RawHtml};
use statecraft::link::{self, LinkInput, LinkOptions};
use statecraft::load::SourceFile;
use statecraft::parse::bibliography::{self, CitationStyle};
use statecraft::parse::{self, glossary, SiteData};

const CONFIG: &str = "title: T\nbase_url: https://example.org/sub/\ntopics:\n  - slug: soft-power\n    title: Soft\nauthors:\n  - id: ana\n    name: Ana\n";

const BIB: &str = "@book{nye2004, author = {Nye, Joseph S.}, title = {Soft Power & <Co>}, publisher = {PublicAffairs}, year = {2004}}\n@article{b, author = {Ana}, title = {T}, journal = {J}, year = {1990}, url = {javascript:x}}\n";

const GLOSSARY: &str = "- term: Soft power\n  definition: \"Attraction <b> & \\\"co\\\"\"\n  aliases: [b]\n- term: Power\n  definition: P.\n";

/// The bibliography and glossary, in an author-date or a note style: loaded once, since
/// loading a CSL style and its locales is the slow part.
fn site_data(notes: bool) -> &'static SiteData {
    fn load(style: &str) -> SiteData {
        let config = config::parse(&format!("{CONFIG}bibliography: {{style: {style}}}\n"), None)
            .expect("fixed config parses");
        SiteData {
            bibliography: Some(
                bibliography::parse(
                    Path::new("site/references.bib"),
                    BIB,
                    CitationStyle::load(&config).expect("fixed style loads"),
                    &config,
                )
                .expect("fixed bibliography parses"),
            ),
            bibliography_failed: false,
            glossary: Some(glossary::parse(GLOSSARY).expect("fixed glossary parses")),
            fingerprint: 0,
            ..SiteData::default()
        }
    }
    static AUTHOR_DATE: LazyLock<SiteData> = LazyLock::new(|| load("chicago-author-date"));
    static NOTES: LazyLock<SiteData> = LazyLock::new(|| load("chicago-notes"));
    if notes {
        &NOTES
    } else {
        &AUTHOR_DATE
    }
}

/// Fragments that exercise the parsers' edge cases: fences, YAML syntax, Markdown
/// constructs, link syntaxes, footnotes, multi-byte and control characters.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_string()),
        Just("...\n".to_string()),
        Just("title: A\n".to_string()),
        Just("date: 2024-01-01\n".to_string()),
        Just("date: 2014-07-01T10:00:02-04:00\n".to_string()),
        Just("summary: S\n".to_string()),
        Just("topics: [soft-power]\n".to_string()),
        Just("topics: soft-power\n".to_string()),
        Just("authors: [ana, bob]\n".to_string()),
        Just("series: {name: S, part: 0}\n".to_string()),
        Just("aliases: [../x, /ok/, \"a\\0b\"]\n".to_string()),
        Just("related: [b]\n".to_string()),
        Just("slug: \"é/../\"\n".to_string()),
        Just("key: [unclosed\n".to_string()),
        Just("  - item\n".to_string()),
        Just("## Heading {#id}\n".to_string()),
        Just("# H\n".to_string()),
        Just("[[b]]".to_string()),
        Just("[[b#h|t]]".to_string()),
        Just("[[topic:soft-power]]".to_string()),
        Just("[[:]]".to_string()),
        Just("[x](b.md#h)".to_string()),
        Just("[x](/briefs/b/)".to_string()),
        Just("[x](#)".to_string()),
        Just("[^1]".to_string()),
        Just("[^1]: note\n".to_string()),
        Just("[@nye2004, p. 12]".to_string()),
        Just("[@nye2004; @b, pp. 3-4]".to_string()),
        Just("[@missing]".to_string()),
        Just("[@]".to_string()),
        Just("[see @b]".to_string()),
        Just("soft\npower ".to_string()),
        Just("Power ".to_string()),
        Just("<abbr>".to_string()),
        Just("</abbr>".to_string()),
        Just("\0c0\0".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("<script>x</script>".to_string()),
        Just("\0h0\0".to_string()),
        Just("\u{feff}".to_string()),
        Just("\r\n".to_string()),
        Just("U.S. ".to_string()),
        Just("’".to_string()),
        // Escape mode's guards: heading attributes, URL schemes in every link form.
        Just("## H {ONCLICK=x style=\"y\" .c class=d #e tabindex=0}\n".to_string()),
        Just("[x](JaVaScRiPt:alert(1))".to_string()),
        Just("[x](java&#x09;script:a)".to_string()),
        Just("<javascript:b>".to_string()),
        Just("[r]\n\n[r]: vbscript:c\n".to_string()),
        Just("![i](data:text/html,x)".to_string()),
        Just("<img src=x onerror=y>".to_string()),
        // Aliases, slugs and names that collide or escape; dates out of range.
        Just("aliases: [/index.html, /briefs/b/index.html, /search/t/x.js]\n".to_string()),
        Just("slug: \u{1c5}x\n".to_string()),
        Just("tags: [\"C++\", \"C#\", Café, \"Cafe\u{301}\"]\n".to_string()),
        Just("series: {name: \"!!!\", part: 1}\n".to_string()),
        Just("date: -0001-01-01\n".to_string()),
        Just("date: +12345-01-01\n".to_string()),
        Just("date: 0000-06-01\n".to_string()),
        Just("title: \"\\uFFFF \\x7F\"\n".to_string()),
        Just("\u{ffff}\u{7f}".to_string()),
        Just("## Fn 1\n".to_string()),
        // Figures, tables, charts, callouts and component calls, whole and broken.
        Just("> [!NOTE]\n> n\n".to_string()),
        Just("> [!WARNING]".to_string()),
        Just("![Cap](a.png){#fig:a}\nSource: S\n".to_string()),
        Just("![](../x.png)".to_string()),
        Just("[[fig:a]]".to_string()),
        Just("[[tbl:t|x]]".to_string()),
        Just("Table: T {#tbl:t}\n".to_string()),
        Just("```chart\ntype: bar\ntitle: T\nx: a\ny: b\ndata: |\n  a,b\n  1,x\n".to_string()),
        Just("```chart\n".to_string()),
        Just("```\n".to_string()),
        Just("{{< pullquote by=\"A\" >}}".to_string()),
        Just("{{< /pullquote >}}".to_string()),
        "[ -~]{0,12}",
        "\\PC{0,6}",
    ]
}

/// The attributes of the real tags of `html` (escaped text, whose `<` is `&lt;`, is
/// not a tag), lowercased.
fn tags(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Whether a tag of an untrusted brief could run script: an event handler, a style,
/// or an address with a scheme other than http(s), mailto or tel.
fn could_run_script(tag: &str) -> bool {
    let handler = tag
        .split_whitespace()
        .skip(1)
        .any(|attribute| attribute.starts_with("on") || attribute.starts_with("style="));
    let address = ["href=\"", "src=\""].iter().any(|name| {
        tag.match_indices(name).any(|(at, _)| {
            let value: String = tag[at + name.len()..]
                .chars()
                .take_while(|c| *c != '"')
                .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
                .collect();
            let scheme = value.split([':', '/', '?', '#']).next().unwrap_or("");
            value[scheme.len()..].starts_with(':')
                && !["http", "https", "mailto", "tel"].contains(&scheme)
        })
    });
    handler || address
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..24).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::proptest_cases(2000)))]

    #[test]
    fn the_pipeline_never_panics(brief_a in document(), brief_b in document(), page in document(), notes in any::<bool>()) {
        // Briefs with raw HTML escaped, pages with it allowed: both renderers run.
        let config = config::parse(&format!("{CONFIG}markdown: {{raw_html: escape}}\n"), None)
            .expect("fixed config parses");
        let files = vec![
            SourceFile { path: "briefs/a.md".into(), text: brief_a },
            SourceFile { path: "briefs/b.md".into(), text: brief_b },
        ];
        let data = site_data(notes);
        let inclusion = parse::schedule::Inclusion { drafts: true, future: true, now: 0 };
        let briefs = parse::parse_briefs(files, &config, inclusion, data).briefs;
        // Escape mode lets no script through, whatever the brief.
        for brief in &briefs {
            for html in [&brief.body.html, &brief.body.notes] {
                for tag in tags(&html.unpack()) {
                    prop_assert!(!could_run_script(&tag), "<{tag}> in escape mode");
                }
            }
        }
        let mut page_config = config.clone();
        page_config.markdown.raw_html = RawHtml::Allow;
        let (pages, _, _) = parse::parse_pages(vec![SourceFile { path: "site/pages/about.md".into(), text: page }], &page_config, data);
        let briefs = briefs.into_iter().map(std::sync::Arc::new).collect();
        let pages = pages.into_iter().map(std::sync::Arc::new).collect();
        let input = LinkInput {
            config,
            briefs,
            pages,
            assets: Vec::new(),
            files: &data.assets,
            glossary: data.glossary.as_ref(),
            left_out: Vec::new(),
            people: std::sync::Arc::clone(&data.people),
            labels: std::sync::Arc::clone(&data.labels),
            now: 0,
            original: None,
        };
        let (_site, problems) = link::link(input, LinkOptions::default());
        for problem in problems {
            // Rendering a diagnostic must not panic either (spans may point anywhere).
            let _ = problem.render(false);
            let _ = problem.to_json();
        }
    }
}
