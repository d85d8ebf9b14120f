//! Cross-links: every author-side syntax, every kind of broken link, and what each
//! brief knows about its neighbours (backlinks, related, series, topic order).

mod common;

use common::SiteTest;

/// Prints the link data of a brief page one fact per line, so tests read the data the
/// generator provides rather than the default theme's markup.
const PROBE_TEMPLATE: &str = r#"BODY {{ brief.body | safe }}
{% for b in brief.backlinks %}BACKLINK {{ b.brief.url }} | {{ b.context }}
{% endfor %}{% for r in brief.related %}RELATED {{ r.url }}
{% endfor %}{% if brief.series %}SERIES {{ brief.series.name }} part {{ brief.series.part }} of {{ brief.series.total }} prev={% if brief.series.previous %}{{ brief.series.previous.url }}{% endif %} next={% if brief.series.next %}{{ brief.series.next.url }}{% endif %}
{% endif %}{% for n in brief.topic_navigation %}TOPIC {{ n.topic.slug }} prev={% if n.previous %}{{ n.previous.url }}{% endif %} next={% if n.next %}{{ n.next.url }}{% endif %}
{% endfor %}"#;

fn probe_site() -> SiteTest {
    let site = SiteTest::new();
    site.file("site/templates/brief.html", PROBE_TEMPLATE);
    site
}

fn lines_starting(html: &str, prefix: &str) -> Vec<String> {
    html.lines()
        .filter(|l| l.starts_with(prefix))
        .map(String::from)
        .collect()
}

#[test]
fn every_link_syntax_resolves() {
    let site = probe_site();
    site.brief("target", "2024-01-01", "[soft-power]", "tags: [Missile Defense]\nregions: [Japan]\n", "## The History\n\nText.")
        .brief(
            "source",
            "2024-01-02",
            "[soft-power]",
            "",
            "1 [md](target.md) 2 [rel](../briefs/target.md#the-history) 3 [[target]] 4 [[target|shown]] \
             5 [[target#the-history]] 6 [About](about.md) 7 [[topic:soft-power]] 8 [[region:japan]] \
             9 [[tag:missile-defense]] 10 [abs](/briefs/target/) 11 [own](#top-heading) 12 [ext](https://example.com/x.md) \
             13 [search](/search/?q=japan&type=brief) 14 [query](target.md?from=source#the-history)\n\n## Top Heading\n",
        )
        .file("site/pages/about.md", "---\ntitle: About Us\n---\nSee [[target|our brief]].\n");
    site.build();
    let html = site.read("briefs/source/index.html");
    for expected in [
        "1 <a href=\"/briefs/target/\">md</a>",
        "2 <a href=\"/briefs/target/#the-history\">rel</a>",
        "3 <a href=\"/briefs/target/\">Brief target</a>",
        "4 <a href=\"/briefs/target/\">shown</a>",
        "5 <a href=\"/briefs/target/#the-history\">Brief target</a>",
        "6 <a href=\"/about/\">About</a>",
        "7 <a href=\"/topics/soft-power/\">Soft power</a>",
        "8 <a href=\"/regions/japan/\">Japan</a>",
        "9 <a href=\"/tags/missile-defense/\">Missile Defense</a>",
        "10 <a href=\"/briefs/target/\">abs</a>",
        "11 <a href=\"#top-heading\">own</a>",
        "12 <a href=\"https://example.com/x.md\">ext</a>",
        "13 <a href=\"/search/?q=japan&amp;type=brief\">search</a>",
        "14 <a href=\"/briefs/target/?from=source#the-history\">query</a>",
    ] {
        assert!(html.contains(expected), "missing {expected:?} in\n{html}");
    }
    assert!(site
        .read("about/index.html")
        .contains("<a href=\"/briefs/target/\">our brief</a>"));
}

/// A link to a brief's file may name it percent-encoded, as editors write a name with
/// spaces or letters beyond ASCII (`Energy%20Security.md`), or between `<` and `>`.
#[test]
fn a_link_to_a_file_name_with_spaces_or_percent_escapes_resolves() {
    let site = SiteTest::new();
    site.brief("Energy Security", "2024-01-01", "[soft-power]", "", "Text.")
        .brief("Япония", "2024-01-01", "[soft-power]", "", "Text.")
        .brief(
            "source",
            "2024-01-02",
            "[soft-power]",
            "",
            "1 [a](Energy%20Security.md) 2 [b](<Energy Security.md>) \
             3 [c](%D0%AF%D0%BF%D0%BE%D0%BD%D0%B8%D1%8F.md) 4 [d](../briefs/Energy%20Security.md#top)",
        );
    site.build();
    let html = site.read("briefs/source/index.html");
    for expected in [
        "1 <a href=\"/briefs/energy-security/\">a</a>",
        "2 <a href=\"/briefs/energy-security/\">b</a>",
        "3 <a href=\"/briefs/япония/\">c</a>",
        "4 <a href=\"/briefs/energy-security/#top\">d</a>",
    ] {
        assert!(html.contains(expected), "missing {expected:?} in\n{html}");
    }
}

#[test]
fn a_link_to_a_missing_brief_names_place_text_and_closest_target() {
    let site = SiteTest::new();
    site.brief(
        "kuril-islands-dispute",
        "2024-01-01",
        "[soft-power]",
        "",
        "Body.",
    )
    .brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "Intro.\n\nSee [the dispute](kuril-island-dispute.md) now.",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-broken-link]: link to unknown brief or page `kuril-island-dispute` (link text: “the dispute”)")
        .expect_stderr("--> briefs/a.md:9:5")
        .expect_stderr("help: did you mean `kuril-islands-dispute`?")
        .expect_stderr("broken links by file:\n  briefs/a.md: 1");
}

#[test]
fn a_wiki_link_to_a_missing_brief() {
    let site = SiteTest::new();
    site.brief(
        "nato-enlargement",
        "2024-01-01",
        "[soft-power]",
        "",
        "Body.",
    )
    .brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "See [[nato-enlargment|NATO]].",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("link to unknown brief or page `nato-enlargment` (link text: “NATO”)")
        .expect_stderr("--> briefs/a.md:7:5")
        .expect_stderr("did you mean `nato-enlargement`?");
}

#[test]
fn a_link_to_a_missing_anchor_lists_the_closest_heading() {
    let site = SiteTest::new();
    site.brief(
        "t",
        "2024-01-01",
        "[soft-power]",
        "",
        "## The 1956 Declaration\n\n## Later Talks\n",
    )
    .brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "See [[t#the-1965-declaration|the declaration]].",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-broken-anchor]: `t` has no heading `#the-1965-declaration` (link text: “the declaration”)")
        .expect_stderr("--> briefs/a.md:7:5")
        .expect_stderr("did you mean `#the-1956-declaration`?");
}

#[test]
fn a_link_to_a_missing_anchor_on_the_same_page() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "## Findings\n\nSee [below](#finding).",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-broken-anchor]: this page has no heading `#finding`")
        .expect_stderr("--> briefs/a.md:9:5")
        .expect_stderr("did you mean `#findings`?");
}

#[test]
fn a_link_to_an_unknown_term() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "See [[topic:soft-powr]] and [[region:japn]] and [[colour:red]] and [[topic:nope]].",
    )
    .brief(
        "b",
        "2024-01-02",
        "[soft-power]",
        "regions: [Japan]\n",
        "Body.",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-unknown-term]: link to unknown topic `soft-powr`")
        .expect_stderr("--> briefs/a.md:7:5")
        .expect_stderr("did you mean `topic:soft-power`?")
        .expect_stderr("link to unknown region `japn`")
        .expect_stderr("did you mean `region:japan`?")
        .expect_stderr("unknown kind of link `colour:`")
        // Topics are the configuration's, whether briefs use them or not.
        .expect_stderr("link to unknown topic `nope`")
        .expect_stderr("`nope` is not declared under `topics:` in site/config.yaml; its topics are `soft-power`, `hard-power`, `alliance-dynamics`");
}

#[test]
fn related_front_matter_and_page_links_are_checked() {
    let site = SiteTest::new();
    site.brief("alliance-costs", "2024-01-01", "[soft-power]", "", "Body.")
        .brief(
            "a",
            "2024-01-02",
            "[soft-power]",
            "related: [alliance-cost]\n",
            "Body.",
        )
        .file(
            "site/pages/about.md",
            "---\ntitle: About\n---\nRead [[alliance-cots]].\n",
        );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-broken-link]: `related:` names unknown brief `alliance-cost`")
        .expect_stderr("--> briefs/a.md:6:11")
        .expect_stderr("--> site/pages/about.md:4:6")
        .expect_stderr("did you mean `alliance-costs`?");
}

#[test]
fn absolute_site_links_are_checked() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "See [all](/briefs/) and [gone](/brief/a/).",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-broken-link]: link to `/brief/a/`, which this site does not have")
        .expect_stderr("--> briefs/a.md:7:25");
}

/// A relative link to a page (`../other/`) is read from the page it is on, as a browser
/// reads it, and checked like a site path; one that climbs out of the site (which may
/// sit under a sub-path of its host) is left as written.
#[test]
fn relative_links_to_pages_are_checked_from_their_page() {
    let site = SiteTest::new();
    site.brief(
        "other",
        "2024-01-01",
        "[soft-power]",
        "",
        "## Part\n\nText.",
    );
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "slug: renamed\n",
        "See [it](../other/#part), [all](../), [up](../../topics/) and [out](../../../x/).",
    );
    site.file(
        "site/pages/about.md",
        "---\ntitle: About\n---\nRead [the brief](../briefs/renamed/) and [this](./).\n",
    );
    site.run(&["build"]).expect_success();
    let brief = site.read("briefs/renamed/index.html");
    for link in [
        "<a href=\"/briefs/other/#part\">it</a>",
        "<a href=\"/briefs/\">all</a>",
        "<a href=\"/topics/\">up</a>",
        "<a href=\"../../../x/\">out</a>",
    ] {
        assert!(brief.contains(link), "{link} not in {brief}");
    }
    let about = site.read("about/index.html");
    for link in [
        "<a href=\"/briefs/renamed/\">the brief</a>",
        "<a href=\"/about/\">this</a>",
    ] {
        assert!(about.contains(link), "{link} not in {about}");
    }

    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "slug: renamed\n",
        "See [it](../other/#parts) and [gone](../nothing/) and [inside](annex/).",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-broken-anchor]: `/briefs/other/` has no heading `#parts`")
        .expect_stderr(
            "error[E-broken-link]: link to `/briefs/nothing/`, which this site does not have",
        )
        .expect_stderr("--> briefs/a.md:8:31")
        .expect_stderr(
            "error[E-broken-link]: link to `/briefs/renamed/annex/`, which this site does not have",
        );

    // A standalone page's headings are checked like a brief's, whatever way the link
    // names the page; `/about/index.html` is the file of `/about/`.
    site.file(
        "site/pages/about.md",
        "---\ntitle: About\n---\n## Mission\n\nText.\n",
    );
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "[x](/about/#nope) [r](../../about/#nope-rel) <a href=\"/about/#nope-html\">h</a> \
         [ok](/about/#mission) [file](/about/index.html#mission) [home](/index.html)",
    );
    let run = site
        .run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-broken-anchor]: `/about/` has no heading `#nope`")
        .expect_stderr("error[E-broken-anchor]: `/about/` has no heading `#nope-rel`")
        .expect_stderr("error[E-broken-anchor]: `/about/` has no heading `#nope-html`")
        .expect_stderr("headings of `/about/`: `#mission`");
    assert_eq!(run.stderr.matches("error[").count(), 3, "{}", run.stderr);
}

/// A brief whose front matter fails has its relative links read from the page its own
/// `slug:` gives, as they will be once the front matter is fixed, not from its file
/// name's.
#[test]
fn a_failed_brief_reads_relative_links_from_the_page_its_slug_gives() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "yesterday",
        "[soft-power]",
        "slug: renamed\n",
        "See [inside](annex/).",
    );
    let run = site
        .run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-invalid-date]: `yesterday` is not a valid date")
        .expect_stderr(
            "error[E-broken-link]: link to `/briefs/renamed/annex/`, which this site does not have",
        );
    assert!(!run.stderr.contains("/briefs/a/annex/"), "{}", run.stderr);
}

/// A heading's id in another script may be linked to percent-encoded, as an address
/// bar shows it: the fragment is found as a browser finds it, decoded.
#[test]
fn a_percent_encoded_anchor_finds_its_heading() {
    let site = SiteTest::new();
    site.brief(
        "other",
        "2024-01-01",
        "[soft-power]",
        "",
        "## 日本の同盟\n\nText.",
    );
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "See [it](other.md#%E6%97%A5%E6%9C%AC%E3%81%AE%E5%90%8C%E7%9B%9F) and [raw](other.md#日本の同盟).",
    );
    site.run(&["check"]).expect_success();
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "See [it](other.md#%E6%97%A5%E6%9C%AC).",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-broken-anchor]: `other` has no heading `#%E6%97%A5%E6%9C%AC`");
}

/// A browser scrolls to the top of a page for `#top` (in any case) and for an empty
/// fragment, whether or not an element has that id (HTML's "indicated part of the
/// document"); `#main` is the theme's landmark on every page and `#footnotes` heads a
/// page's notes. Links to them are not broken; `#footnotes` on a page without notes is.
#[test]
fn links_to_the_top_the_main_part_and_the_notes_of_a_page_resolve() {
    let site = SiteTest::new();
    site.brief(
        "other",
        "2024-01-01",
        "[soft-power]",
        "",
        "Text with a note.[^1]\n\n[^1]: The note.",
    );
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "[Back to top](#top), [TOP](#TOP), [here](#), [main](#main), \
         [its top](other.md#top), [its notes](other.md#footnotes), [[other#top]].",
    );
    site.run(&["build"]).expect_success();
    let page = site.read("briefs/a/index.html");
    assert!(
        page.contains(r##"<a href="#top">Back to top</a>"##),
        "{page}"
    );
    assert!(
        page.contains(r##"<a href="/briefs/other/#footnotes">its notes</a>"##),
        "{page}"
    );

    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "[Notes](#footnotes) and [top](#topic).",
    );
    let run = site.run(&["check"]).expect_failure(1);
    assert_eq!(
        run.stderr.matches("E-broken-anchor").count(),
        2,
        "{}",
        run.stderr
    );
    run.expect_stderr("this page has no heading `#footnotes`")
        .expect_stderr("this page has no heading `#topic`");
}

/// An id written in raw HTML must make valid HTML: non-empty, without spaces, and one
/// of its kind in the page, whose theme and headings have ids of their own.
#[test]
fn ids_written_in_raw_html_are_valid_and_unique_in_their_page() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "## Part one\n\n<h3 id=\"annex\">Annex</h3>\n\nSee [the annex](#annex).",
    );
    site.run(&["build"]).expect_success();
    assert!(site
        .read("briefs/a/index.html")
        .contains("<a href=\"#annex\">the annex</a>"));

    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "## Part one\n\n<h3 id=\"part-one\">Again</h3>\n\n<p id=\"a b\">Spaced</p>\n\n\
         <p id=\"\">Empty</p>\n\n<div id=\"site-header\">Theme</div>\n\n\
         <em id=\"x\">One</em> and <em id=\"x\">two</em>.",
    );
    let run = site
        .run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-invalid-id]: `part-one` is also the id of the heading “Part one”")
        .expect_stderr("--> briefs/a.md:9:9")
        .expect_stderr(
            "error[E-invalid-id]: `id=\"a b\"`: an id may be neither empty nor hold a space",
        )
        .expect_stderr("write it as one word, such as `a-b`")
        .expect_stderr("error[E-invalid-id]: `id=\"\"`")
        .expect_stderr(
            "error[E-invalid-id]: `site-header` is the id of a part of every page the theme makes",
        )
        .expect_stderr("error[E-invalid-id]: `x` is the id of an element above too");
    assert_eq!(run.stderr.matches("error[").count(), 5, "{}", run.stderr);
}

/// `<a name="x">`, the HTML 4 anchor old archives are full of, is obsolete in HTML5:
/// it is written `<a id="x">`, found by links like any id, and checked like one.
#[test]
fn an_anchor_named_in_raw_html_is_written_as_an_id_and_checked_like_one() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "## Part one\n\nText <a name=\"x\"></a>here, <a href=\"#x\" name='y'>back</a>.\n\n\
         <a id=\"z\" name=\"z\">Both</a>",
    )
    .brief(
        "b",
        "2024-01-02",
        "[soft-power]",
        "",
        "See [x](a.md#x), [y](a.md#y) and [z](a.md#z).",
    );
    site.run(&["build"]).expect_success();
    let a = site.read("briefs/a/index.html");
    assert!(a.contains("Text <a id=\"x\"></a>here"), "{a}");
    assert!(a.contains("<a href=\"#x\" id=\"y\">back</a>"), "{a}");
    assert!(a.contains("<a id=\"z\">Both</a>"), "{a}");
    assert!(!a.contains("<a name="), "{a}");
    let b = site.read("briefs/b/index.html");
    for anchor in ["x", "y", "z"] {
        assert!(b.contains(&format!("href=\"/briefs/a/#{anchor}\"")), "{b}");
    }

    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "## Part one\n\n<a name=\"x\"></a>One and <a name=\"x\"></a>two.\n\n\
         <a name=\"part-one\"></a><a name=\"toc\"></a><a name=\"a b\"></a>\n\n\
         <a id=\"p\" name=\"q\">Two names</a>",
    )
    .brief("b", "2024-01-02", "[soft-power]", "", "See [x](a.md#x).");
    let run = site
        .run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-invalid-id]: `x` is the id of an element above too")
        .expect_stderr("--> briefs/a.md:9:34")
        .expect_stderr("error[E-invalid-id]: `part-one` is also the id of the heading “Part one”")
        .expect_stderr(
            "if the anchor marks that heading, delete it: links to `#part-one` find the heading",
        )
        .expect_stderr(
            "error[E-invalid-id]: `toc` is the id of a part of every page the theme makes",
        )
        .expect_stderr(
            "error[E-invalid-id]: `name=\"a b\"`: an id may be neither empty nor hold a space",
        )
        .expect_stderr("error[E-invalid-id]: `<a id=\"p\" name=\"q\">`")
        .expect_stderr("--> briefs/a.md:13:17");
    assert_eq!(run.stderr.matches("error[").count(), 5, "{}", run.stderr);
}

/// Raw HTML of untrusted authors (`raw_html: escape`) is shown as text: its `name`
/// makes no anchor.
#[test]
fn an_anchor_named_in_escaped_raw_html_is_text() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &format!("{}markdown:\n  raw_html: escape\n", common::CONFIG),
    )
    .brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "Text <a name=\"x\" onclick=\"alert(1)\"></a>here.",
    );
    site.run(&["build"]).expect_success();
    let a = site.read("briefs/a/index.html");
    assert!(a.contains("Text &lt;a name=\"x\" onclick"), "{a}");
    assert!(!a.contains("id=\"x\""), "{a}");
    site.brief("b", "2024-01-02", "[soft-power]", "", "See [x](a.md#x).");
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-broken-anchor]");
}

#[test]
fn links_to_the_archive_page_of_a_year_resolve_when_the_year_has_briefs() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "See [2024](/archive/2024/) and [2023](/archive/2023/).",
    );
    let run = site
        .run(&["check"])
        .expect_failure(1)
        .expect_stderr(
            "error[E-broken-link]: link to `/archive/2023/`, which this site does not have",
        )
        .expect_stderr("--> briefs/a.md:7:32");
    assert!(
        !run.stderr.contains("link to `/archive/2024/`"),
        "{}",
        run.stderr
    );
}

#[test]
fn warn_links_lets_work_in_progress_build() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "See [[not-yet-written]].",
    );
    let run = site.run(&["build", "--warn-links"]).expect_success();
    assert!(
        run.stderr.contains("warning[E-broken-link]"),
        "{}",
        run.stderr
    );
    assert!(site.read("briefs/a/index.html").contains("href=\"#\""));

    site.file(
        "site/config.yaml",
        &format!("{}warn_broken_links: true\n", common::CONFIG),
    );
    site.run(&["build"])
        .expect_success()
        .expect_stderr("warning[E-broken-link]");
}

#[test]
fn backlinks_list_citing_briefs_newest_first_with_their_sentence() {
    let site = probe_site();
    site.brief("target", "2020-01-01", "[soft-power]", "", "Body.")
        .brief(
            "old",
            "2021-01-01",
            "[soft-power]",
            "",
            "Background. The U.S. view is in [[target]] and [[other]], not [[topic:soft-power]]. More.",
        )
        .brief("other", "2020-01-02", "[soft-power]", "", "Body.")
        .brief(
            "new",
            "2023-01-01",
            "[soft-power]",
            "",
            "## Why [[target|it]] matters\n\nAgain [[target]].",
        );
    site.build();
    let backlinks = lines_starting(&site.read("briefs/target/index.html"), "BACKLINK");
    // Every wiki link without text in the sentence shows its target's title, as the
    // citing page does.
    assert_eq!(
        backlinks,
        [
            "BACKLINK /briefs/new/ | Why it matters",
            "BACKLINK /briefs/old/ | The U.S. view is in Brief target and Brief other, not Soft power.",
        ]
    );
    assert_eq!(
        lines_starting(&site.read("briefs/other/index.html"), "BACKLINK"),
        ["BACKLINK /briefs/old/ | The U.S. view is in Brief target and Brief other, not Soft power."]
    );
    assert!(lines_starting(&site.read("briefs/new/index.html"), "BACKLINK").is_empty());
}

/// `related:` naming a brief twice, or the brief itself, shows each brief once and
/// never the brief among its own related briefs, with a warning at the name.
#[test]
fn related_naming_a_brief_twice_or_itself_is_a_warning() {
    let site = probe_site();
    site.brief("b", "2024-01-01", "[hard-power]", "", "Body.")
        .brief("c", "2024-01-01", "[alliance-dynamics]", "", "Body.")
        .brief(
            "a",
            "2024-01-02",
            "[soft-power]",
            "related: [b, c, b, a]\n",
            "Body.",
        );
    let run = site.run(&["build"]).expect_success();
    assert_eq!(run.stderr.matches("W-related").count(), 2, "{}", run.stderr);
    run.expect_stderr("warning[W-related]: `related:` names `b` twice")
        .expect_stderr("warning[W-related]: `related:` names the brief itself")
        .expect_stderr("--> briefs/a.md:6:17")
        .expect_stderr("--> briefs/a.md:6:20");
    let related = lines_starting(&site.read("briefs/a/index.html"), "RELATED");
    assert_eq!(related, ["RELATED /briefs/b/", "RELATED /briefs/c/"]);
}

#[test]
fn related_briefs_put_explicit_ones_first_then_the_best_scored() {
    let site = probe_site();
    site.file(
        "site/config.yaml",
        &format!("{}related:\n  limit: 3\n", common::CONFIG),
    );
    site.brief(
        "subject",
        "2024-01-01",
        "[soft-power]",
        "tags: [energy, lng]\nregions: [Japan]\nrelated: [unrelated]\n",
        "Body.",
    )
    .brief(
        "close",
        "2024-01-01",
        "[soft-power]",
        "tags: [energy, lng]\nregions: [Japan]\n",
        "Body.",
    )
    .brief(
        "closer-but-old",
        "2010-01-01",
        "[soft-power]",
        "tags: [energy, lng]\nregions: [Japan]\n",
        "Body.",
    )
    .brief(
        "some",
        "2024-01-01",
        "[hard-power]",
        "tags: [energy]\n",
        "Body.",
    )
    .brief(
        "unrelated",
        "2024-01-01",
        "[hard-power]",
        "tags: [tanks]\n",
        "Body.",
    );
    site.build();
    let related = lines_starting(&site.read("briefs/subject/index.html"), "RELATED");
    assert_eq!(
        related,
        [
            "RELATED /briefs/unrelated/",
            "RELATED /briefs/close/",
            "RELATED /briefs/closer-but-old/"
        ]
    );
}

#[test]
fn series_navigation_and_index_page() {
    let site = probe_site();
    site.brief(
        "p2",
        "2024-02-01",
        "[soft-power]",
        "series: {name: Moscow Reads Tokyo, part: 2}\n",
        "Body.",
    )
    .brief(
        "p1",
        "2024-01-01",
        "[soft-power]",
        "series: {name: Moscow Reads Tokyo, part: 1}\n",
        "Body.",
    )
    .brief(
        "p3",
        "2024-03-01",
        "[soft-power]",
        "series: {name: Moscow Reads Tokyo, part: 3}\n",
        "Body.",
    );
    site.build();
    assert_eq!(
        lines_starting(&site.read("briefs/p2/index.html"), "SERIES"),
        ["SERIES Moscow Reads Tokyo part 2 of 3 prev=/briefs/p1/ next=/briefs/p3/"]
    );
    assert_eq!(
        lines_starting(&site.read("briefs/p1/index.html"), "SERIES"),
        ["SERIES Moscow Reads Tokyo part 1 of 3 prev= next=/briefs/p2/"]
    );
    let index = site.read("series/moscow-reads-tokyo/index.html");
    assert_eq!(
        common::brief_links(&index),
        ["/briefs/p1/", "/briefs/p2/", "/briefs/p3/"]
    );

    // Part 2 back in draft: part 3 is still "3 of 3", never "3 of 2".
    let p2 = std::fs::read_to_string(site.root().join("briefs/p2.md")).unwrap();
    site.file(
        "briefs/p2.md",
        &p2.replacen("---\n", "---\ndraft: true\n", 1),
    );
    site.build();
    assert_eq!(
        lines_starting(&site.read("briefs/p3/index.html"), "SERIES"),
        ["SERIES Moscow Reads Tokyo part 3 of 3 prev=/briefs/p1/ next="]
    );
}

#[test]
fn duplicate_series_parts_are_an_error() {
    let site = SiteTest::new();
    site.brief(
        "p1",
        "2024-01-01",
        "[soft-power]",
        "series: {name: S, part: 1}\n",
        "Body.",
    )
    .brief(
        "p1b",
        "2024-01-02",
        "[soft-power]",
        "series: {name: S, part: 1}\n",
        "Body.",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-duplicate-series-part]: part 1 of series `S`");
}

#[test]
fn previous_and_next_within_each_topic() {
    let site = probe_site();
    site.brief("a", "2024-01-01", "[soft-power, hard-power]", "", "Body.")
        .brief("b", "2024-01-02", "[soft-power]", "", "Body.")
        .brief("c", "2024-01-03", "[soft-power, hard-power]", "", "Body.");
    site.build();
    assert_eq!(
        lines_starting(&site.read("briefs/a/index.html"), "TOPIC"),
        [
            "TOPIC soft-power prev=/briefs/b/ next=",
            "TOPIC hard-power prev=/briefs/c/ next="
        ]
    );
    assert_eq!(
        lines_starting(&site.read("briefs/b/index.html"), "TOPIC"),
        ["TOPIC soft-power prev=/briefs/c/ next=/briefs/a/"]
    );
}

#[test]
fn the_graph_and_topic_crossings_are_exported() {
    let site = SiteTest::new();
    site.file(
        "site/templates/term.html",
        "{% if term.citations %}{% for c in term.citations.outgoing %}OUT {{ c.topic.slug }} {{ c.count }}\n{% endfor %}{% for c in term.citations.incoming %}IN {{ c.topic.slug }} {{ c.count }}\n{% endfor %}{% endif %}",
    );
    site.brief(
        "soft",
        "2024-01-01",
        "[soft-power]",
        "",
        "Cites [[ally]] twice: [[ally]].",
    )
    .brief(
        "ally",
        "2024-01-02",
        "[alliance-dynamics]",
        "",
        "Cites [[both]].",
    )
    .brief(
        "both",
        "2024-01-03",
        "[soft-power, alliance-dynamics]",
        "",
        "Cites nothing.",
    );
    site.build();
    let graph: serde_json::Value = serde_json::from_str(&site.read("graph.json")).unwrap();
    let nodes: Vec<&str> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(nodes, ["both", "ally", "soft"]);
    assert_eq!(
        graph["nodes"][0]["topics"],
        serde_json::json!(["soft-power", "alliance-dynamics"])
    );
    let edges: Vec<(String, String)> = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap().to_string(),
                e["target"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        edges,
        [
            ("ally".into(), "both".into()),
            ("soft".into(), "ally".into())
        ]
    );

    let soft = site.read("topics/soft-power/index.html");
    // soft -> ally: soft-power -> alliance-dynamics (once, however often it links).
    assert!(soft.contains("OUT alliance-dynamics 1\n"), "{soft}");
    assert!(soft.contains("OUT soft-power 0\n"), "{soft}");
    // ally -> both: alliance-dynamics -> soft-power and alliance-dynamics.
    assert!(soft.contains("IN alliance-dynamics 1\n"), "{soft}");
    let alliance = site.read("topics/alliance-dynamics/index.html");
    assert!(
        alliance.contains("OUT alliance-dynamics 1\n") && alliance.contains("IN soft-power 1\n"),
        "{alliance}"
    );

    // The first page of a topic's list shows the crossings, the next pages do not.
    site.file(
        "site/config.yaml",
        &common::CONFIG.replace("page_size: 10", "page_size: 1"),
    );
    site.build();
    assert!(site
        .read("topics/soft-power/index.html")
        .contains("OUT alliance-dynamics 1\n"));
    assert_eq!(site.read("topics/soft-power/page/1/index.html"), "");
}

#[test]
fn check_lists_orphans_as_notes() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "See [[b]].")
        .brief("b", "2024-01-02", "[soft-power]", "", "Body.")
        .brief("lonely", "2024-01-03", "[soft-power]", "", "Body.");
    let run = site.run(&["check"]).expect_success();
    assert_eq!(
        run.stderr.matches("note[N-orphan]").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> briefs/lonely.md"),
        "{}",
        run.stderr
    );
}

/// A heading's `{...}` takes an id, classes and the attributes HTML allows on any
/// element (`lang`, `data-*`, `aria-*`, ...). A word that is none of these (`{#a lead}`,
/// a class missing its dot) would be written `lead=""`, invalid HTML: it is an error at
/// the word, with the class to write instead, and every one of the build is reported.
/// Untrusted authors' headings keep only their id and classes, and event handlers are
/// never written.
#[test]
fn heading_attributes_must_be_ones_html_allows() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "## Z {#a .c lang=fr data-level=2 aria-label=Zed hidden onclick=x}\n\nText.",
    );
    site.run(&["build"]).expect_success();
    let a = site.read("briefs/a/index.html");
    assert!(
        a.contains(
            "<h2 id=\"a\" class=\"c\" lang=\"fr\" data-level=\"2\" aria-label=\"Zed\" hidden=\"\">"
        ),
        "{a}"
    );
    assert!(!a.contains("onclick"), "{a}");

    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "## Z {#a lead}\n\nText.\n\n### Y {.c width=10 data-ok=1}\n\n### X {#x b}\n\n### W {c}",
    );
    let run = site
        .run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-heading-attribute]: `lead` in the heading's `{...}` is not an attribute HTML allows on a heading")
        .expect_stderr("--> briefs/a.md:7:10")
        .expect_stderr("write a class with a dot, `{.lead}` (e.g. `## Title {#id .lead}`)")
        .expect_stderr("`width=10` in the heading's `{...}`")
        .expect_stderr("--> briefs/a.md:11:11")
        // pulldown-cmark drops a word of one character without a trace (`{c}` whole).
        .expect_stderr("`b` in the heading's `{...}` is a word of one character")
        .expect_stderr("--> briefs/a.md:13:11")
        .expect_stderr("`c` in the heading's `{...}` is a word of one character")
        .expect_stderr("--> briefs/a.md:15:8")
        .expect_stderr("write a class with a dot, `.c`");
    assert_eq!(run.stderr.matches("error[").count(), 4, "{}", run.stderr);

    // Untrusted authors: only the id and classes are written; a word HTML does not
    // know is an error all the same.
    site.file(
        "site/config.yaml",
        &format!("{}markdown:\n  raw_html: escape\n", common::CONFIG),
    )
    .brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "## Z {#a .c lang=fr style=color:red onclick=x}\n\nText.",
    );
    site.run(&["build"]).expect_success();
    let a = site.read("briefs/a/index.html");
    assert!(a.contains("<h2 id=\"a\" class=\"c\">"), "{a}");
    site.brief("a", "2024-01-01", "[soft-power]", "", "## Z {#a lead}");
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-heading-attribute]");
}

/// A `{#id}` is written into the page's `id` and into every `#id` link to it, so it
/// must be usable as both: a character that HTML must escape or a URL must encode (`"`,
/// `%`) is an error at the id, and every such heading of the build is reported. A valid
/// custom id still names its heading, and links to it resolve.
#[test]
fn custom_heading_ids_must_be_usable_in_links() {
    let site = SiteTest::new();
    let body = "Intro.\n\n## Background {#a\"b}\n\nText.\n\n## Scope {#half%}\n\nMore.";
    site.brief("bad", "2024-01-01", "[soft-power]", "", body);
    let file = std::fs::read_to_string(site.root().join("briefs/bad.md")).unwrap();
    let place = |id: &str| {
        let written = format!("{{#{id}}}");
        let (number, line) = file
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(&written))
            .unwrap();
        // At the id itself, after `{#`.
        let column = line.find(&written).unwrap() + 3;
        format!("--> briefs/bad.md:{}:{column}", number + 1)
    };
    let run = site
        .run(&["check"])
        .expect_failure(1)
        .expect_stderr(&place("a\"b"))
        .expect_stderr(&place("half%"))
        .expect_stderr("`a\"b`")
        .expect_stderr("`half%`");
    assert_eq!(
        run.stderr.matches("error[E-invalid-id]").count(),
        2,
        "{}",
        run.stderr
    );

    let site = SiteTest::new();
    site.brief(
        "good",
        "2024-01-01",
        "[soft-power]",
        "",
        "See [below](#part-2.1_b).\n\n## Part two {#part-2.1_b}\n\nText.",
    )
    .brief(
        "other",
        "2024-01-02",
        "[soft-power]",
        "",
        "See [[good#part-2.1_b]].",
    );
    site.build();
    let good = site.read("briefs/good/index.html");
    assert!(
        common::attribute_values(&good, "id").contains(&"part-2.1_b".to_string()),
        "{good}"
    );
    assert!(
        common::attribute_values(&good, "href").contains(&"#part-2.1_b".to_string()),
        "{good}"
    );
    let other = site.read("briefs/other/index.html");
    assert!(
        common::attribute_values(&other, "href")
            .iter()
            .any(|h| h.ends_with("/briefs/good/#part-2.1_b")),
        "{other}"
    );
}

/// Headings avoid every id the theme writes on the pages that show a text (a heading
/// "Cite" met the brief's "How to cite" section); a `{#id}` the page cannot give its
/// heading (the theme's, or another heading's) is an error at the id rather than a
/// heading quietly renamed, and headings named by their text leave custom ids to the
/// headings that ask for them.
#[test]
fn headings_keep_the_ids_they_ask_for_and_avoid_the_themes() {
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    for template in ["base.html", "brief.html", "page.html", "components.html"] {
        let text = std::fs::read_to_string(theme.join(template)).unwrap();
        for id in common::attribute_values(&text, "id") {
            if !id.contains('{') {
                assert!(
                    statecraft::parse::markdown::RESERVED_IDS.contains(&id.as_str()),
                    "{template} writes id `{id}`, which headings do not avoid"
                );
            }
        }
    }

    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "See [overview](#overview) and [the heading](#cite-1).\n\n## Overview\n\nText.\n\n\
         ## Cite\n\nText.\n\n## Summary {#overview}\n\nText.",
    );
    site.build();
    let page = site.read("briefs/a/index.html");
    let ids = common::attribute_values(&page, "id");
    for id in ["overview", "overview-1", "cite", "cite-1"] {
        assert_eq!(ids.iter().filter(|i| *i == id).count(), 1, "{id}: {ids:?}");
    }
    assert!(
        page.contains("<h2 id=\"overview\">Summary"),
        "the heading that asks for `overview` has it: {page}"
    );

    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "## One {#toc}\n\nText.\n\n## Two {#two}\n\nText.\n\n## Three {#two}\n\nText.",
    );
    let run = site
        .run(&["check"])
        .expect_failure(1)
        .expect_stderr(
            "error[E-invalid-id]: `toc` is the id of a part of every page the theme makes",
        )
        .expect_stderr("--> briefs/a.md:7:10")
        .expect_stderr("error[E-invalid-id]: `two` is also the id of the heading “Two”")
        .expect_stderr("--> briefs/a.md:15:12");
    assert_eq!(
        run.stderr.matches("error[E-invalid-id]").count(),
        2,
        "{}",
        run.stderr
    );
}

/// A site path to a brief this build leaves out is reported as a link to it by name
/// is: not at all when the brief has errors of its own (they are reported), and as a
/// draft or a scheduled brief, with what to do, rather than a page the site lacks.
#[test]
fn site_paths_to_briefs_left_out_say_why() {
    let site = SiteTest::new();
    site.brief(
        "failed",
        "2024-01-01",
        "[soft-power]",
        "colour: red\n",
        "Body.",
    )
    .brief(
        "wip",
        "2024-01-02",
        "[soft-power]",
        "draft: true\n",
        "Body.",
    )
    .brief("later", "2099-01-01", "[soft-power]", "", "Body.")
    .brief(
        "c",
        "2024-01-03",
        "[soft-power]",
        "",
        "[one](/briefs/failed/) [two](/briefs/wip/#x) [three](/briefs/later/index.html)",
    );
    let run = site.run(&["check"]).expect_failure(1);
    assert!(
        !run.stderr.contains("which this site does not have"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("error[E-broken-link]").count(),
        2,
        "{}",
        run.stderr
    );
    run.expect_stderr("error[E-unknown-key]")
        .expect_stderr(
            "link to `/briefs/wip/`, the page of `wip`, a draft, which this build leaves out",
        )
        .expect_stderr("build with --drafts")
        .expect_stderr(
            "link to `/briefs/later/index.html`, the page of `later`, scheduled for 2099-01-01",
        )
        .expect_stderr("build with --future");
}

/// The table of contents lists the shallowest level of headings with the next level
/// under them; headings of that next level before the first of the shallowest are
/// listed, not left out.
#[test]
fn the_table_of_contents_keeps_headings_before_the_first_of_the_top_level() {
    let site = SiteTest::new();
    site.file(
        "site/templates/brief.html",
        "{% for e in brief.toc %}TOC {{ e.id }}{% for c in e.children %} > {{ c.id }}{% endfor %}\n{% endfor %}",
    );
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "### Starts at three\n\nT.\n\n### Three again\n\nT.\n\n## Two\n\nT.\n\n### Under two\n\nT.\n\n#### Too deep\n\nT.\n\n## Two b\n\nT.",
    );
    site.build();
    let toc: Vec<String> = site
        .read("briefs/a/index.html")
        .lines()
        .filter(|l| l.starts_with("TOC"))
        .map(String::from)
        .collect();
    assert_eq!(
        toc,
        [
            "TOC starts-at-three",
            "TOC three-again",
            "TOC two > under-two",
            "TOC two-b"
        ]
    );
}
