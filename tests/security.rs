//! What a hostile brief, a careless flag or a crowded dev server can do (SECURITY.md):
//! each attack that once worked, with the exact input that worked.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use common::SiteTest;

/// Every value of `attribute` in the real tags of `html` (text, whose `<` is escaped,
/// left out).
fn tag_attributes(html: &str, attribute: &str) -> Vec<String> {
    let needle = format!(" {attribute}=\"");
    html.split('<')
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
        .flat_map(|tag| {
            tag.match_indices(&needle)
                .map(|(at, _)| {
                    let value = &tag[at + needle.len()..];
                    value[..value.find('"').unwrap_or(value.len())].to_string()
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The standard test configuration with raw HTML escaped (untrusted authors).
fn escape_mode(site: &SiteTest) {
    let config = fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file(
        "site/config.yaml",
        &format!("{config}markdown:\n  raw_html: escape\n"),
    );
}

const HOSTILE_BODY: &str = r#"## Focus {ONFOCUS=window.__pwned=1 autofocus tabindex=0}

## Styled {style="background:url(javascript:window.__pwned=2)" OnClick=window.__pwned=3 class=fine}

A [link](javascript:window.__pwned=4) and [another](JaVaScRiPt:window.__pwned=5), an
autolink <javascript:window.__pwned=6>, a [reference][r], [data](data:text/html,x) and
[tabbed](java&#x09;script:window.__pwned=8).

![an image](javascript:window.__pwned=9)

<img src=x onerror="window.__pwned=10"> <a href="javascript:window.__pwned=11">raw</a>

[Safe](https://example.org/) and [mail](mailto:a@example.org).

[r]: vbscript:window.__pwned=7
"#;

#[test]
fn escape_mode_lets_no_script_through() {
    let site = SiteTest::new();
    escape_mode(&site);
    site.brief("hostile", "2024-01-01", "[soft-power]", "", HOSTILE_BODY);
    site.build();
    let html = site.read("briefs/hostile/index.html");
    let main = &html[html.find("<main").unwrap()..];
    for attribute in ["href", "src"] {
        for value in tag_attributes(main, attribute) {
            let lower = value.to_ascii_lowercase().replace(['\t', '\n'], "");
            assert!(
                !["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| lower.trim_start().starts_with(s)),
                "{attribute}=\"{value}\" in escape mode"
            );
        }
    }
    let tags: String = main
        .split('<')
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
        .collect::<Vec<_>>()
        .join("\n")
        .to_ascii_lowercase();
    assert!(!tags.contains(" onfocus="), "event handler kept");
    assert!(!tags.contains(" onclick="), "event handler kept");
    assert!(!tags.contains(" onerror="), "event handler kept");
    assert!(!tags.contains(" style="), "style attribute kept");
    assert!(main.contains("class=\"fine\""), "classes are kept");
    assert!(
        main.contains("href=\"https://example.org/\""),
        "safe links are kept"
    );
    assert!(
        main.contains("href=\"mailto:a@example.org\""),
        "safe links are kept"
    );
    // The text of a neutralised link stays.
    assert!(main.contains("A link and another"), "{main}");

    let page = site.out("briefs/hostile/index.html");
    let run = Command::new("node")
        .arg(repo().join("tests/browser/hostile.mjs"))
        .arg(&page)
        .output()
        .expect("run node");
    assert!(
        run.status.success(),
        "script ran in Chromium:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}
