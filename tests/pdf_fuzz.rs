//! Property-based fuzzing of the Markdown-to-Typst writer of the PDF edition: any text
//! escaped for Typst reads back as exactly that text, every body becomes Typst that
//! parses without a syntax error, and random briefs typeset without a Typst error.
//!
//! The suite runs a bounded number of cases; run longer by hand with
//! `PROPTEST_CASES=100000 cargo test --release --test pdf_fuzz`.

mod common;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use typst::syntax::{ast, SyntaxKind, SyntaxNode};

use common::SiteTest;
use statecraft::config::RawHtml;
use statecraft::model::body::LinkTarget;
use statecraft::parse::markdown::{render_with, BodyOptions};
use statecraft::render::pdf::{escape, markup};

/// Characters that mean something to Typst or Markdown, letters, digits, spaces, line
/// breaks, multi-byte and control characters.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            proptest::char::ranges(vec!['!'..='/', ':'..='@', '['..='`', '{'..='~'].into()),
            proptest::char::range('a', 'z'),
            proptest::char::range('0', '9'),
            Just(' '),
            Just('\n'),
            Just('\t'),
            Just('\u{2028}'),
            Just('é'),
            Just('日'),
            Just('\u{1}'),
        ],
        0..60,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// What markup made of escaped text shows: its text, escapes and spaces, in order. Any
/// other node (emphasis, a heading, a label, code...) means the escaping failed.
fn shown(node: &SyntaxNode, out: &mut String) -> Result<(), String> {
    match node.kind() {
        SyntaxKind::Markup => {
            for child in node.children() {
                shown(child, out)?;
            }
            Ok(())
        }
        SyntaxKind::Text => {
            out.push_str(node.leaf_text());
            Ok(())
        }
        SyntaxKind::Space => {
            out.push(' ');
            Ok(())
        }
        SyntaxKind::Escape => {
            let escape = node.cast::<ast::Escape>().ok_or("not an escape")?;
            out.push(escape.get());
            Ok(())
        }
        kind => Err(format!("{kind:?} in escaped text: {:?}", node.full_text())),
    }
}

proptest! {
    #![proptest_config(Config::with_cases(common::proptest_cases(2000)))]

    /// Escaped text parses as that text: whitespace becomes spaces, control
    /// characters are dropped, everything else is kept.
    #[test]
    fn escaped_text_reads_back_as_written(input in text()) {
        let markup = escape::escape(&input);
        let root = typst::syntax::parse(&markup);
        let (errors, _) = root.errors_and_warnings();
        prop_assert!(errors.is_empty(), "{markup:?}: {errors:?}");
        let mut read = String::new();
        shown(&root, &mut read).map_err(|e| TestCaseError::fail(format!("{markup:?}: {e}")))?;
        let expected: String = input
            .chars()
            .filter(|c| !c.is_control() || c.is_whitespace())
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        let collapse = |s: &str| s.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
        prop_assert_eq!(collapse(&read), collapse(&expected));
    }
}

/// Markdown fragments: blocks, inline syntax, links of every kind, citations, notes,
/// raw HTML, images, and text Typst reads specially.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("## Heading {#id}\n".to_string()),
        Just("# H\n".to_string()),
        Just("- item\n".to_string()),
        Just("1. first\n".to_string()),
        Just("> quote\n".to_string()),
        Just(">>>>>>>>>>>>>>>>>>>>>> deep\n".to_string()),
        Just("\n".to_string()),
        Just("    indented code\n".to_string()),
        Just("```rust\nfn main() {}\n```\n".to_string()),
        Just("| a | b |\n|:--|--:|\n| 1 | 2 |\n".to_string()),
        Just("*em* **strong** ~~del~~ `code`".to_string()),
        Just("[[b]] [[b#h|t]] [[topic:soft-power]]".to_string()),
        Just("[x](https://e.org) [y](other.md#h) [z](#id) [w](javascript:x)".to_string()),
        Just("<https://e.org/a_b>".to_string()),
        // Words that run on from a link's text.
        Just("[run](other.md)ning [[b]]s [x](https://e.org)*y*".to_string()),
        Just("[@nye2004] [@nye2004, p. 12]. [see @x]".to_string()),
        Just("note[^a] again[^a] and[^b]\n\n[^a]: The note [^b].\n\n[^b]: Other.\n".to_string()),
        Just("[^self]\n\n[^self]: Refers to itself[^self].\n".to_string()),
        Just("<div>raw</div>\n".to_string()),
        Just("a<br>b <sup>x</sup>".to_string()),
        Just("![alt](/missing.png \"t\")".to_string()),
        // What figures added that a body may hold anywhere: a callout, a table
        // with a caption.
        Just("\n> [!WARNING]\n> Careful *now*.\n".to_string()),
        Just("\n| a |\n|---|\n| 1 |\n\nTable: Numbers\n".to_string()),
        Just("---\n".to_string()),
        Just("\\".to_string()),
        Just("#let x = 1\n".to_string()),
        Just("$x$ @ref <label> // comment /* c */".to_string()),
        Just("= heading? - list? + enum? / term: x".to_string()),
        Just("http://example.org".to_string()),
        Just("\u{0}\u{1}\u{2028}".to_string()),
        text(),
    ]
}

fn body() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..16).prop_map(|parts| {
        // One heading of a page may ask for `#id`: a second is an error of its own.
        let body = parts.concat();
        match body.split_once("{#id}") {
            Some((first, rest)) => format!("{first}{{#id}}{}", rest.replace("{#id}", "")),
            None => body,
        }
    })
}

/// A body rendered by the parse stage, then written as Typst with made-up URLs.
fn typst_of(body: &str) -> String {
    let options = BodyOptions {
        raw_html: RawHtml::Allow,
        citations: Some(false),
        glossary: None,
        labels: Default::default(),
        ..BodyOptions::default()
    };
    let rendered = render_with(body, 0, &options);
    let hrefs: Vec<String> = rendered
        .links
        .iter()
        .map(|link| match &link.target {
            LinkTarget::Anchor(id) => format!("#{id}"),
            _ => "/briefs/b/".to_string(),
        })
        .collect();
    let titles = vec!["Title \"#1\" $5".to_string(); rendered.links.len()];
    let image = |_offset: usize, dest: &str| {
        dest.starts_with("/ok")
            .then(|| "/assets/ok.png".to_string())
    };
    markup::body(&markup::Body {
        markdown: body,
        offset: 0,
        headings: &rendered.headings,
        links: &rendered.links,
        hrefs: &hrefs,
        link_titles: &titles,
        citations: &rendered.citations,
        citation_texts: &[],
        charts: &rendered.charts,
        figure_ids: &rendered.figure_ids,
        xref_texts: &rendered.xref_texts,
        line_labels: ("Source", "Note"),
        numbered_labels: ("Figure {n}", "Table {n}"),
        raw_html: RawHtml::Allow,
        page_url: "https://example.org/briefs/a/",
        origin: "https://example.org",
        image: &image,
    })
    .text
}

proptest! {
    #![proptest_config(Config::with_cases(common::proptest_cases(1000)))]

    /// Whatever the Markdown, its Typst has no syntax error.
    #[test]
    fn every_body_becomes_valid_typst(body in body()) {
        let typst = typst_of(&body);
        let root = typst::syntax::parse(&typst);
        let (errors, _) = root.errors_and_warnings();
        prop_assert!(errors.is_empty(), "{body:?}\n{typst}\n{errors:?}");
    }
}

/// `body` without the footnote problems a random body has and a brief may not: a note
/// defined again (a fragment drawn twice: the later definitions are dropped) and a
/// citation of no note (random text's `[^x]`: escaped). The PDF writer's handling of
/// both is fuzzed on its own above, on any body.
fn whole_footnotes(body: &str) -> String {
    const LABELS: [&str; 3] = ["[^a]", "[^b]", "[^self]"];
    let mut defined = Vec::new();
    let mut kept = Vec::new();
    for line in body.split_inclusive('\n') {
        if let Some(label) = LABELS.iter().find(|l| line.starts_with(&format!("{l}:"))) {
            if defined.contains(label) {
                continue;
            }
            defined.push(label);
        }
        kept.push(line);
    }
    let kept = kept.concat();
    let mut out = String::with_capacity(kept.len());
    let mut rest = kept.as_str();
    while let Some(at) = rest.find("[^") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if !LABELS.iter().any(|l| rest.starts_with(l)) {
            out.push('\\');
        }
        out.push_str("[^");
        rest = &rest[2..];
    }
    out.push_str(rest);
    out
}

/// Random briefs typeset: a site of them builds with no Typst error (a bounded number,
/// typeset once; `PROPTEST_CASES` raises it).
#[test]
fn random_briefs_typeset_without_typst_errors() {
    let cases = common::proptest_cases(24).min(2000);
    let mut runner = TestRunner::new(Config::with_cases(cases));
    let site = SiteTest::new();
    // Without a font for every script, PDF/UA-1 refuses text it cannot show (see
    // tests/pdf.rs); the random text has Japanese in it.
    let config = std::fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file(
        "site/config.yaml",
        &format!("{config}pdf:\n  enabled: true\n  accessibility: tagged\n"),
    );
    site.file(
        "site/references.bib",
        "@book{nye2004, author = {Nye, Joseph S.}, title = {Soft Power \\& <Co> \\#1 \\$5 *a*}, publisher = {PublicAffairs}, year = {2004}}\n",
    );
    let strategy = body();
    let mut bodies = Vec::new();
    for i in 0..cases {
        let body = strategy
            .new_tree(&mut runner)
            .expect("a body")
            .current()
            // Links to briefs this site does not have and citations of works it does
            // not have are (rightly) errors of their own: every `@` cites a known work.
            .replace("[[b", "[[f0")
            .replace("other.md", "f0.md")
            .replace('@', "@nye2004 ")
            .replace("[[topic:", "[[tag:")
            // Control characters are errors of the brief (no page may carry them):
            // the PDF's own handling of them is tested above, on the renderer.
            .replace(
                |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r'),
                "",
            );
        let body = whole_footnotes(&body);
        site.brief(
            &format!("f{i}"),
            "2024-01-01",
            "[soft-power]",
            "tags: [soft-power]\n",
            &body,
        );
        bodies.push(body);
    }
    let run = site.run(&["build", "--warn-links"]);
    // The bodies are random: a failure shows the bodies that failed, to be kept as a
    // test of their own.
    let failed: Vec<String> = run
        .stderr
        .split("error[E-pdf]")
        .skip(1)
        .filter_map(|error| {
            let slug = error.split("--> briefs/f").nth(1)?.split(".md").next()?;
            let body = &bodies[slug.parse::<usize>().ok()?];
            Some(format!("f{slug}: {body:?}"))
        })
        .collect();
    assert!(
        !run.stderr.contains("E-pdf"),
        "a random brief did not typeset:\n{}\n\nthe bodies that failed:\n{}",
        run.stderr,
        failed.join("\n")
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains(&format!("{cases} PDFs ({cases} typeset, 0 from the cache)")),
        "not every random brief was typeset:\n{}",
        run.stdout
    );
}
