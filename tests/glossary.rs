//! The glossary: `site/glossary.yaml` terms are linked at their first mention in each
//! brief, and `/glossary/` lists them with the briefs that use each.

mod common;

use common::{attribute_values, SiteTest};

const GLOSSARY: &str = r#"# Terms of the field.
- term: Soft power
  definition: "The ability to shape what others want through attraction rather than coercion or payment."
- term: Hard power
  definition: Coercion by military force or economic pressure.
- term: Extended deterrence
  definition: A state's commitment to deter attacks on its allies, including with nuclear weapons.
  aliases: [nuclear umbrella]
"#;

fn glossary_site() -> SiteTest {
    let site = SiteTest::new();
    site.file("site/glossary.yaml", GLOSSARY)
        .brief(
            "a",
            "2024-01-01",
            "[soft-power]",
            "",
            "Soft power is cheap. More soft power helps; SOFT POWER is everywhere.\n\nHard power is not.",
        )
        .brief(
            "b",
            "2024-01-02",
            "[hard-power]",
            "",
            "The U.S. keeps Japan under its nuclear\numbrella, and soft power too.",
        )
        .brief("c", "2024-01-03", "[hard-power]", "", "Nothing of the kind.");
    site
}

/// The glossary links of a page: (href, link text).
fn glossary_links(html: &str) -> Vec<(String, String)> {
    html.split("<a class=\"glossary-term\" href=\"")
        .skip(1)
        .map(|rest| {
            let href = rest[..rest.find('"').unwrap()].to_string();
            let text_start = rest.find('>').unwrap() + 1;
            let text_end = rest.find("</a>").unwrap();
            (href, rest[text_start..text_end].to_string())
        })
        .collect()
}

#[test]
fn the_first_mention_of_each_term_links_once_per_brief() {
    let site = glossary_site();
    site.build();
    let a = site.read("briefs/a/index.html");
    assert_eq!(
        glossary_links(&a),
        [
            (
                "/glossary/#soft-power".to_string(),
                "Soft power".to_string()
            ),
            (
                "/glossary/#hard-power".to_string(),
                "Hard power".to_string()
            ),
        ]
    );
    assert!(
        a.contains("title=\"The ability to shape what others want through attraction rather than coercion or payment.\">Soft power</a> is cheap. More soft power helps; SOFT POWER is everywhere."),
        "{a}"
    );
    // Each brief links its own first mention.
    let b = site.read("briefs/b/index.html");
    assert_eq!(
        glossary_links(&b),
        [
            (
                "/glossary/#extended-deterrence".to_string(),
                "nuclear\numbrella".to_string()
            ),
            (
                "/glossary/#soft-power".to_string(),
                "soft power".to_string()
            ),
        ]
    );
    assert!(glossary_links(&site.read("briefs/c/index.html")).is_empty());
}

#[test]
fn terms_are_not_linked_in_headings_links_code_or_abbreviations() {
    let site = SiteTest::new();
    site.file("site/glossary.yaml", GLOSSARY).brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "## Soft power\n\nSee [soft power](https://example.org/), `soft power`, <abbr title=\"x\">soft power</abbr>, ![soft power](https://example.org/x.png) and softpower.\n\n```\nsoft power\n```\n\n> Finally soft power, [^n] once.\n\n[^n]: Hard power in a note.",
    );
    site.build();
    let html = site.read("briefs/a/index.html");
    assert_eq!(
        glossary_links(&html),
        [(
            "/glossary/#soft-power".to_string(),
            "soft power".to_string()
        )]
    );
    assert!(
        html.contains("Finally <a class=\"glossary-term\""),
        "{html}"
    );
    assert!(html.contains("<h2 id=\"soft-power\">Soft power <a class=\"heading-anchor\""));
}

#[test]
fn the_glossary_page_lists_terms_alphabetically_with_their_briefs() {
    let site = glossary_site();
    site.build();
    let html = site.read("glossary/index.html");
    let ids: Vec<String> = attribute_values(&html, "id")
        .into_iter()
        .filter(|id| {
            ![
                "main",
                "site-header",
                "site-footer",
                "masthead-search-query",
                "menu-search-query",
            ]
            .contains(&id.as_str())
        })
        .collect();
    assert_eq!(ids, ["extended-deterrence", "hard-power", "soft-power"]);
    let entry = |id: &str| {
        let start = html.find(&format!("id=\"{id}\"")).unwrap();
        let end = html[start..].find("</dd>").unwrap() + start;
        html[start..end].to_string()
    };
    assert!(entry("soft-power").contains("<dfn>Soft power</dfn>"));
    assert!(entry("soft-power").contains("<a href=\"/briefs/a/\">Brief a</a>"));
    assert!(entry("soft-power").contains("<a href=\"/briefs/b/\">Brief b</a>"));
    assert!(!entry("soft-power").contains("/briefs/c/"));
    assert!(entry("extended-deterrence").contains("also nuclear umbrella"));
    assert!(entry("hard-power").contains("<a href=\"/briefs/a/\">Brief a</a>"));
    // Linked from the navigation and listed in the sitemap.
    assert!(site
        .read("index.html")
        .contains("<a href=\"/glossary/\">Glossary</a>"));
    assert!(html.contains("<a href=\"/glossary/\" aria-current=\"page\">Glossary</a>"));
    assert!(site
        .read("sitemap.xml")
        .contains("<loc>https://example.org/glossary/</loc>"));
}

#[test]
fn glossary_links_follow_the_base_url_and_relative_builds() {
    let site = glossary_site();
    site.run(&["build", "--base-url", "https://example.org/research/"])
        .expect_success();
    let links = glossary_links(&site.read("briefs/a/index.html"));
    assert_eq!(links[0].0, "/research/glossary/#soft-power");

    site.run(&["build", "--relative"]).expect_success();
    let links = glossary_links(&site.read("briefs/a/index.html"));
    assert_eq!(links[0].0, "../../glossary/index.html#soft-power");
    let page = site.read("glossary/index.html");
    assert!(
        page.contains("<a href=\"../briefs/a/index.html\">Brief a</a>"),
        "{page}"
    );
}

#[test]
fn a_site_without_a_glossary_has_no_glossary_page() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Soft power.");
    site.build();
    assert!(!site.exists("glossary/index.html"));
    assert!(!site.read("index.html").contains("Glossary"));
    assert!(glossary_links(&site.read("briefs/a/index.html")).is_empty());
}

#[test]
fn a_bad_glossary_is_an_error_at_its_line() {
    let site = glossary_site();
    site.file(
        "site/glossary.yaml",
        "- term: Soft power\n  defintion: Attraction.\n- term: Hard power\n  definition: Coercion.\n  aliases: [soft power]\n",
    );
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("error[E-glossary]: unknown glossary field `defintion`")
        .expect_stderr("--> site/glossary.yaml:2:3")
        .expect_stderr("help: did you mean `definition`?")
        .expect_stderr("error[E-glossary]: this glossary entry has no `definition`")
        .expect_stderr("--> site/glossary.yaml:1:1");

    site.file(
        "site/glossary.yaml",
        "- term: Soft power\n  definition: Attraction.\n- term: SOFT  power\n  definition: Again.\n",
    );
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr(
            "error[E-glossary]: `SOFT  power` is in the glossary already, for `Soft power`",
        )
        .expect_stderr("--> site/glossary.yaml:3:9");

    site.file("site/glossary.yaml", "- term: [unclosed\n");
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("error[E-glossary]: invalid glossary")
        .expect_stderr("--> site/glossary.yaml:");
}

#[test]
fn a_page_cannot_take_the_glossary_url() {
    let site = glossary_site();
    site.file(
        "site/pages/glossary.md",
        "---\ntitle: Glossary\n---\nMine.\n",
    );
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("error[E-url-collision]: a page cannot be called `glossary`");
}
