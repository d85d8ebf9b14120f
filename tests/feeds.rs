//! Atom feeds and the sitemap, parsed with real parsers.

mod common;

use std::str::FromStr;

use common::SiteTest;

fn site_with_three_briefs() -> SiteTest {
    let site = SiteTest::new();
    site.brief("first", "2024-01-01", "[soft-power]", "authors: [ana]\n", "Body.")
        .brief("second", "2024-02-01T10:00:02-04:00", "[hard-power]", "updated: 2024-03-01\n", "Body.")
        .file(
            "briefs/third.md",
            "---\ntitle: \"<script>alert(1)</script> & \\\"Co\\\"\"\ndate: 2024-04-01\nsummary: \"S.\"\ntopics: [soft-power, hard-power]\ntags: [x]\n---\nBody.\n",
        );
    site
}

#[test]
fn the_site_feed_is_valid_atom_with_every_brief() {
    let site = site_with_three_briefs();
    site.build();
    let feed = atom_syndication::Feed::from_str(&site.read("atom.xml")).expect("valid Atom");
    let titles: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    assert_eq!(
        titles,
        [
            "<script>alert(1)</script> & \"Co\"",
            "Brief second",
            "Brief first"
        ]
    );
    assert_eq!(feed.id(), "https://example.org/atom.xml");
    assert_eq!(
        feed.updated().to_rfc3339(),
        "2024-04-01T00:00:00+00:00",
        "feed updated = newest entry"
    );
    let second = &feed.entries()[1];
    assert_eq!(
        second.published().unwrap().to_rfc3339(),
        "2024-02-01T10:00:02-04:00"
    );
    assert_eq!(second.updated().to_rfc3339(), "2024-03-01T00:00:00+00:00");
    assert_eq!(feed.entries()[2].authors()[0].name(), "Ana Ortiz");
    assert_eq!(
        feed.entries()[0].links()[0].href(),
        "https://example.org/briefs/third/"
    );
}

#[test]
fn topic_feeds_hold_only_their_topic() {
    let site = site_with_three_briefs();
    site.build();
    let feed = atom_syndication::Feed::from_str(&site.read("topics/soft-power/atom.xml"))
        .expect("valid Atom");
    let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(
        ids,
        [
            "https://example.org/briefs/third/",
            "https://example.org/briefs/first/"
        ]
    );
    let empty = atom_syndication::Feed::from_str(&site.read("topics/alliance-dynamics/atom.xml"))
        .expect("valid Atom");
    assert!(empty.entries().is_empty());
}

/// A topic no brief is filed under yet has a feed without entries, dated when the
/// site was last updated (not 1970).
#[test]
fn the_feed_of_a_topic_without_briefs_has_the_date_of_the_sites_last_update() {
    let site = site_with_three_briefs();
    site.build();
    let text = site.read("topics/alliance-dynamics/atom.xml");
    let empty = atom_syndication::Feed::from_str(&text).expect("valid Atom");
    assert!(empty.entries().is_empty());
    assert_eq!(
        empty.updated().to_rfc3339(),
        "2024-04-01T00:00:00+00:00",
        "{text}"
    );
}

/// Lists show briefs by the day each shows, then its time; a feed is newest first by
/// the moment of publication, and a short feed keeps the newest. A brief of
/// 28 February 20:00 in New York was published after one of 1 March 01:00 in Tokyo.
#[test]
fn feeds_are_newest_first_by_the_moment_of_publication() {
    let site = SiteTest::new();
    site.brief(
        "tokyo",
        "2026-03-01T01:00:00+09:00",
        "[soft-power]",
        "",
        "Body.",
    )
    .brief(
        "new-york",
        "2026-02-28T20:00:00-05:00",
        "[soft-power]",
        "",
        "Body.",
    )
    .brief("day-only", "2026-03-01", "[soft-power]", "", "Body.")
    .brief(
        "tokyo-morning",
        "2026-03-01T05:00:00+09:00",
        "[soft-power]",
        "",
        "Body.",
    );
    site.build();
    let listed = common::brief_links(&site.read("briefs/index.html"));
    assert_eq!(
        listed,
        [
            "/briefs/day-only/",
            "/briefs/tokyo-morning/",
            "/briefs/tokyo/",
            "/briefs/new-york/"
        ]
    );
    let newest_first = [
        "https://example.org/briefs/new-york/",
        "https://example.org/briefs/day-only/",
        "https://example.org/briefs/tokyo-morning/",
        "https://example.org/briefs/tokyo/",
    ];
    for path in ["atom.xml", "topics/soft-power/atom.xml"] {
        let feed = atom_syndication::Feed::from_str(&site.read(path)).expect("valid Atom");
        let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
        assert_eq!(ids, newest_first, "{path}");
    }
    let config = std::fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file("site/config.yaml", &format!("{config}feed_limit: 2\n"));
    site.build();
    let feed = atom_syndication::Feed::from_str(&site.read("atom.xml")).expect("valid Atom");
    let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(ids, newest_first[..2]);
}

#[test]
fn the_sitemap_lists_every_page() {
    let site = site_with_three_briefs();
    site.file("site/pages/about.md", "---\ntitle: About\n---\nHi.\n");
    site.build();
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap is XML");
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locs: Vec<String> = root
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    // Every page but redirects (the reversed topic pairs, `topics/b+a/`, lead to the
    // canonical `topics/a+b/`).
    let mut pages: Vec<String> = common::files_under(&site.out(""))
        .into_iter()
        .filter(|f| f.ends_with("index.html"))
        .filter(|f| !site.read(f).contains("http-equiv=\"refresh\""))
        .map(|f| format!("https://example.org/{}", f.trim_end_matches("index.html")))
        .collect();
    let mut sorted_locs = locs.clone();
    sorted_locs.sort();
    pages.sort();
    assert_eq!(sorted_locs, pages, "sitemap and output disagree");
    let second = root
        .children()
        .find(|u| {
            u.descendants()
                .any(|n| n.text() == Some("https://example.org/briefs/second/"))
        })
        .expect("second in sitemap");
    let lastmod = second
        .descendants()
        .find(|n| n.has_tag_name("lastmod"))
        .and_then(|n| n.text());
    assert_eq!(lastmod, Some("2024-03-01"), "lastmod comes from `updated`");
}

/// A sitemap's addresses are URIs: a brief named in Cyrillic (`briefs/Россия.md`), or a
/// tag in Japanese, is listed percent-encoded, as the sitemap protocol asks, in a site
/// in one language and in one in several (whose alternates are addresses too).
#[test]
fn sitemap_addresses_are_percent_encoded() {
    let site = SiteTest::new();
    site.brief(
        "Россия",
        "2024-01-01",
        "[soft-power]",
        "tags: [日本]\n",
        "Body.",
    );
    site.build();
    let xml = site.read("sitemap.xml");
    assert!(
        xml.contains("<loc>https://example.org/briefs/%D1%80%D0%BE%D1%81%D1%81%D0%B8%D1%8F/</loc>"),
        "{xml}"
    );
    assert!(
        xml.contains("<loc>https://example.org/tags/%E6%97%A5%E6%9C%AC/</loc>"),
        "{xml}"
    );
    assert!(xml.is_ascii(), "{xml}");

    let config = std::fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file(
        "site/config.yaml",
        &format!("{config}languages:\n  ru:\n    name: Русский\n"),
    );
    site.file(
        "briefs/Россия.ru.md",
        "---\ntitle: Россия\nsummary: Кратко.\ndate: 2024-01-02\nauthors: [ana]\ntopics: [soft-power]\nlang: ru\ntranslation_of: россия\n---\n\nТекст.\n",
    );
    site.build();
    let xml = site.read("sitemap.xml");
    assert!(
        xml.contains(
            "<loc>https://example.org/ru/briefs/%D1%80%D0%BE%D1%81%D1%81%D0%B8%D1%8F/</loc>"
        ),
        "{xml}"
    );
    assert!(
        xml.contains("hreflang=\"en\" href=\"https://example.org/briefs/%D1%80%D0%BE%D1%81%D1%81%D0%B8%D1%8F/\""),
        "{xml}"
    );
    assert!(xml.is_ascii(), "{xml}");
}
