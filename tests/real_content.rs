//! Real-world content, as an archive migrated from WordPress or Hugo has it: ids and
//! links in raw HTML, entities in front matter, blank lines before the front matter,
//! sites that link by absolute URL, and Hugo shortcodes left in the text.

mod common;

use common::SiteTest;

#[test]
fn ids_written_in_raw_html_are_anchor_targets() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "<h3 id=\"part-1\">Part 1</h3>\n\nText <a name=\"x\"></a>here.\n\nBack to [part 1](#part-1).",
    )
    .brief(
        "b",
        "2024-01-02",
        "[soft-power]",
        "",
        "See [part 1](a.md#part-1), [x](a.md#x) and [[a#part-1]].",
    );
    site.build();
    let b = site.read("briefs/b/index.html");
    assert!(b.contains("href=\"/briefs/a/#part-1\""), "{b}");
    assert!(b.contains("href=\"/briefs/a/#x\""), "{b}");

    // An id nothing defines is still reported.
    site.brief(
        "c",
        "2024-01-03",
        "[soft-power]",
        "",
        "See [gone](a.md#part-2).",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-broken-anchor]: `a` has no heading `#part-2`")
        .expect_stderr("--> briefs/c.md:7:5");
}

#[test]
fn warn_links_keeps_every_href_as_written() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "See [later](not-yet.md#part), [old](/2019/03/old-post/) and [here](#nowhere).",
    );
    let run = site.run(&["build", "--warn-links"]).expect_success();
    assert_eq!(
        run.stderr.matches("warning[E-broken").count(),
        3,
        "{}",
        run.stderr
    );
    let html = site.read("briefs/a/index.html");
    assert!(
        html.contains("<a href=\"not-yet.md#part\">later</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"/2019/03/old-post/\">old</a>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"#nowhere\">here</a>"), "{html}");
}

#[test]
fn links_in_raw_html_are_checked_and_resolved() {
    let site = SiteTest::new();
    site.brief("b", "2024-01-01", "[soft-power]", "", "Body.")
        .brief(
            "a",
            "2024-01-02",
            "[soft-power]",
            "",
            "<p>See <a href=\"b.md\">b</a> and <a href='/briefs/b/'>top</a>.</p>\n\n<div>\n<img alt=\"chart\"\n     src=\"/images/missing.png\">\n</div>\n\nInline <a href=\"/briefs/gone/\">gone</a> and <a href=\"htps://example.org/x\">typo</a>.\n\nAnd [typo too](hhtp://example.org/).",
        );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr(
            "error[E-broken-link]: link to `/images/missing.png`, which this site does not have",
        )
        .expect_stderr("--> briefs/a.md:11:11")
        .expect_stderr(
            "error[E-broken-link]: link to `/briefs/gone/`, which this site does not have",
        )
        .expect_stderr("--> briefs/a.md:14:17")
        .expect_stderr("error[E-broken-link]: `htps://example.org/x` is not a working address")
        .expect_stderr("did you mean `https:`?")
        .expect_stderr("--> briefs/a.md:14:54")
        .expect_stderr("`hhtp://example.org/` is not a working address")
        .expect_stderr("did you mean `http:`?");

    // Fixed, the internal links are resolved like Markdown links and count as
    // citations (backlinks).
    site.file(
        "briefs/a.md",
        "---\ntitle: A\ndate: 2024-01-02\nsummary: S.\ntopics: [soft-power]\n---\n<p>See <a href=\"b.md\">b</a> and <a href=/briefs/b/>again</a>.</p>\n",
    );
    site.build();
    let a = site.read("briefs/a/index.html");
    assert!(a.contains("<a href=\"/briefs/b/\">b</a>"), "{a}");
    assert!(a.contains("<a href=\"/briefs/b/\">again</a>"), "{a}");
    let b = site.read("briefs/b/index.html");
    assert!(b.contains("href=\"/briefs/a/\""), "no backlink to a: {b}");
}

#[test]
fn entities_in_front_matter_are_decoded_once_and_summaries_take_inline_markdown() {
    let site = SiteTest::new();
    site.file(
        "briefs/a.md",
        "---\ntitle: \"Japan&#8217;s Plan &mdash; AT&T &amp;lt;b&amp;gt;\"\ndate: 2024-01-02\nsummary: \"Tokyo&#8217;s *first* plan &amp; [more](https://example.org)\"\ntopics: [soft-power]\ntags: [\"Caf&eacute;\"]\n---\nBody.\n",
    );
    site.build();
    let page = site.read("briefs/a/index.html");
    let bib = common::data_records(&page, "application/x-bibtex").concat();
    let ris = common::data_records(&page, "application/x-research-info-systems").concat();
    assert!(bib.contains("@techreport") && ris.contains("TY  - RPRT"));
    let feed = site.read("atom.xml");
    for (name, text) in [
        ("page", &page),
        ("bib", &bib),
        ("ris", &ris),
        ("feed", &feed),
    ] {
        assert!(!text.contains("#8217"), "{name} shows an entity: {text}");
        assert!(!text.contains("mdash"), "{name} shows an entity: {text}");
    }
    // Decoded once: `&amp;lt;` is the text `&lt;`, escaped again in HTML.
    assert!(
        page.contains("<title>Japan\u{2019}s Plan \u{2014} AT&amp;T &amp;lt;b&amp;gt;"),
        "{page}"
    );
    assert!(
        page.contains("\"headline\":\"Japan\u{2019}s Plan \u{2014} AT&T"),
        "{page}"
    );
    assert!(bib.contains("Japan\u{2019}s Plan \u{2014} AT"), "{bib}");
    assert!(
        ris.contains("TI  - Japan\u{2019}s Plan \u{2014} AT&T &lt;b&gt;\n"),
        "{ris}"
    );
    // The summary: rendered where it is HTML, plain text where it is not.
    assert!(
        page.contains("<p class=\"standfirst\">Tokyo\u{2019}s <em>first</em> plan &amp; more</p>"),
        "{page}"
    );
    assert!(
        page.contains(
            "<meta name=\"description\" content=\"Tokyo\u{2019}s first plan &amp; more\">"
        ),
        "{page}"
    );
    assert!(
        ris.contains("AB  - Tokyo\u{2019}s first plan & more"),
        "{ris}"
    );
    let list = site.read("briefs/index.html");
    assert!(
        list.contains("Tokyo\u{2019}s <em>first</em> plan"),
        "{list}"
    );
    assert!(site.read("tags/caf\u{e9}/index.html").contains("Caf\u{e9}"));
}

#[test]
fn blank_lines_before_the_front_matter_are_accepted() {
    let site = SiteTest::new();
    site.file(
        "briefs/a.md",
        "\n\n---\ntitle: A\ndate: 2024-01-02\nsummary: S.\ntopics: [soft-power]\n---\nBody.\n",
    );
    site.build();
    assert!(site.exists("briefs/a/index.html"));
}

#[test]
fn many_orphans_are_one_summary_note() {
    let site = SiteTest::new();
    for i in 0..12 {
        let next = (i + 1) % 12;
        site.brief(
            &format!("b{i:02}"),
            "2024-01-02",
            "[soft-power]",
            "",
            &format!("See [the next one](https://example.org/briefs/b{next:02}/)."),
        );
    }
    let run = site.run(&["check"]).expect_success();
    assert_eq!(
        run.stderr.matches("note[N-orphan]").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("12 of 12 briefs: no brief links to them"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("full addresses of this site"),
        "{}",
        run.stderr
    );
}

#[test]
fn hugo_shortcodes_are_reported_and_kept_as_written() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "Intro.\n\n{{< figure src=\"chart.png\" title=\"Japan's \"new\" plan\" >}}\n\nSee {{<ref \"other.md\">}} and {{% note %}}careful{{% /note %}}.\n\n`{{< shown-as-code >}}`",
    );
    let run = site.build();
    assert_eq!(
        run.stderr.matches("warning[W-shortcode]").count(),
        4,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Hugo shortcode `figure` is shown as text"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> briefs/a.md:9:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("--> briefs/a.md:11:5"),
        "{}",
        run.stderr
    );
    let html = site.read("briefs/a/index.html");
    assert!(
        html.contains(
            "<p>{{&lt; figure src=\"chart.png\" title=\"Japan's \"new\" plan\" &gt;}}</p>"
        ),
        "{html}"
    );
    assert!(
        html.contains("See {{&lt;ref \"other.md\"&gt;}} and {{% note %}}careful{{% /note %}}."),
        "{html}"
    );
    assert!(!html.contains("\u{201c}new\u{201d}"), "curled: {html}");
    assert!(!html.contains("\u{201c}chart.png"), "curled: {html}");
}

#[test]
fn pages_redirect_their_old_addresses_too() {
    let site = SiteTest::new();
    site.file(
        "site/pages/team.md",
        "---\ntitle: Our team\naliases: [/about/team/, /team.html]\n---\nWho we are.\n",
    );
    site.build();
    let redirect = site.read("about/team/index.html");
    assert!(
        redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=/team/\">"),
        "{redirect}"
    );
    assert!(redirect.contains("This page has moved"), "{redirect}");
    assert!(site.exists("team.html"));
    // An alias over a real page is a located error.
    site.file(
        "site/pages/team.md",
        "---\ntitle: Our team\naliases: [/briefs/]\n---\nWho we are.\n",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-url-collision]")
        .expect_stderr("--> site/pages/team.md:3:11");
}

#[test]
fn images_at_site_paths_are_checked_and_follow_the_base_url() {
    let site = SiteTest::new();
    site.file("site/static/media/chart.png", "png");
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "![A *bar* chart](/media/chart.png \"Trade\") and ![Old chart](/media/gone.png).",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr(
            "error[E-broken-link]: link to `/media/gone.png`, which this site does not have (link text: “Old chart”)",
        )
        .expect_stderr("did you mean `/media/chart.png`?")
        .expect_stderr("--> briefs/a.md:7:48");
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "![A *bar* chart](/media/chart.png \"Trade\")",
    );
    site.run(&["build", "--base-url", "https://example.org/research/"])
        .expect_success();
    let html = site.read("briefs/a/index.html");
    assert!(
        html.contains(
            "<img src=\"/research/media/chart.png\" alt=\"A bar chart\" title=\"Trade\">"
        ),
        "{html}"
    );

    // A file no other file's name is close to: where site paths come from.
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        "![Map](/img/kuril-map.svg)",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("put it at `site/static/img/kuril-map.svg`");
}
