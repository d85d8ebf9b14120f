//! Building fixture sites: what pages exist and what they list.

mod common;

use common::{brief_links, differing_files, SiteTest};

#[test]
fn topic_pages_list_exactly_their_briefs_newest_first() {
    let site = SiteTest::new();
    site.brief("old-soft", "2020-01-01", "[soft-power]", "", "Body.")
        .brief(
            "new-soft",
            "2023-05-01",
            "[soft-power, hard-power]",
            "",
            "Body.",
        )
        .brief("only-hard", "2022-01-01", "hard-power", "", "Body.");
    site.build();

    let soft = site.read("topics/soft-power/index.html");
    assert_eq!(
        brief_links(&soft),
        ["/briefs/new-soft/", "/briefs/old-soft/"]
    );
    let hard = site.read("topics/hard-power/index.html");
    assert_eq!(
        brief_links(&hard),
        ["/briefs/new-soft/", "/briefs/only-hard/"]
    );
    let alliance = site.read("topics/alliance-dynamics/index.html");
    assert!(brief_links(&alliance).is_empty());
}

#[test]
fn topic_intersections_list_briefs_on_both_topics() {
    let site = SiteTest::new();
    site.brief(
        "smart",
        "2024-01-03",
        "[soft-power, hard-power]",
        "",
        "Body.",
    )
    .brief(
        "all-three",
        "2024-01-02",
        "[soft-power, hard-power, alliance-dynamics]",
        "",
        "Body.",
    )
    .brief("only-soft", "2024-01-01", "[soft-power]", "", "Body.");
    site.build();
    let smart = site.read("topics/soft-power+hard-power/index.html");
    assert_eq!(
        brief_links(&smart),
        ["/briefs/smart/", "/briefs/all-three/"]
    );
    assert_eq!(
        brief_links(&site.read("topics/hard-power+alliance-dynamics/index.html")),
        ["/briefs/all-three/"]
    );
    let overview = site.read("topics/index.html");
    assert!(
        overview.contains(
            "<a href=\"/topics/soft-power+hard-power/\">Soft power + Hard power</a></th><td>2</td>"
        ),
        "{overview}"
    );
    assert!(overview.contains("<a href=\"/topics/soft-power+alliance-dynamics/\">Soft power + Alliance dynamics</a></th><td>1</td>"), "{overview}");
    assert!(site
        .read("sitemap.xml")
        .contains("https://example.org/topics/soft-power+hard-power/"));
}

#[test]
fn the_timeline_groups_briefs_by_year_and_topic() {
    let site = SiteTest::new();
    site.file(
        "site/templates/timeline.html",
        "{% for row in timeline %}{{ row.year }}:{% for cell in row.topics %} {{ cell.topic.slug }}={% for b in cell.briefs %}{{ b.url }}{% endfor %}{% endfor %}\n{% endfor %}",
    );
    site.brief("a", "2023-05-01", "[soft-power, hard-power]", "", "Body.")
        .brief("b", "2024-01-01", "[alliance-dynamics]", "", "Body.");
    site.build();
    assert_eq!(
        site.read("timeline/index.html"),
        "2024: soft-power= hard-power= alliance-dynamics=/briefs/b/\n2023: soft-power=/briefs/a/ hard-power=/briefs/a/ alliance-dynamics=\n"
    );
}

#[test]
fn the_archive_has_a_page_per_year_and_the_timeline_the_newest_of_each_cell() {
    let site = SiteTest::new();
    for day in 1..=7 {
        site.brief(
            &format!("new{day}"),
            &format!("2024-01-0{day}"),
            "[soft-power]",
            "",
            "Body.",
        );
    }
    site.brief("old", "2023-05-01", "[hard-power]", "", "Body.");
    site.build();
    let overview = site.read("archive/index.html");
    assert!(
        overview.contains(
            "<a href=\"/archive/2024/\">2024</a> <span class=\"count\">7 publications</span>"
        ),
        "{overview}"
    );
    assert!(
        overview.contains(
            "<a href=\"/archive/2023/\">2023</a> <span class=\"count\">1 publication</span>"
        ),
        "{overview}"
    );
    assert!(
        !overview.contains("/briefs/new1/"),
        "the years' pages list the briefs"
    );
    let year = site.read("archive/2024/index.html");
    for day in 1..=7 {
        assert!(
            year.contains(&format!("href=\"/briefs/new{day}/\"")),
            "{year}"
        );
    }
    assert!(!year.contains("/briefs/old/"));
    assert!(site
        .read("archive/2023/index.html")
        .contains("/briefs/old/"));
    assert!(site
        .read("sitemap.xml")
        .contains("https://example.org/archive/2023/"));

    // Seven soft-power briefs in 2024: the newest five, the count and a link to the rest.
    let timeline = site.read("timeline/index.html");
    for day in 3..=7 {
        assert!(
            timeline.contains(&format!("/briefs/new{day}/")),
            "{timeline}"
        );
    }
    assert!(!timeline.contains("/briefs/new2/") && !timeline.contains("/briefs/new1/"));
    assert!(timeline.contains("<span class=\"timeline-count\">7</span>"));
    assert!(
        timeline.contains("<a href=\"/archive/2024/\">2 more in 2024</a>"),
        "{timeline}"
    );
}

/// New York's last evening of 2023 comes after Tokyo's first half hour of 2024, but
/// readers see the days the briefs give: lists follow those days, so each year is one
/// run of briefs (the archive once listed 2024 twice, with the same id).
#[test]
fn briefs_are_ordered_by_the_day_they_show_across_time_zones() {
    let site = SiteTest::new();
    site.brief(
        "new-york",
        "2023-12-31T23:00:00-05:00",
        "[soft-power]",
        "",
        "Body.",
    )
    .brief(
        "tokyo",
        "2024-01-01T00:30:00+09:00",
        "[soft-power]",
        "",
        "Body.",
    )
    .brief("may", "2024-05-01", "[soft-power]", "", "Body.");
    site.build();
    let overview = site.read("archive/index.html");
    assert_eq!(
        overview.matches("id=\"year-2024\"").count(),
        1,
        "{overview}"
    );
    assert!(
        overview.contains(
            "<a href=\"/archive/2024/\">2024</a> <span class=\"count\">2 publications</span>"
        ),
        "{overview}"
    );
    let year = site.read("archive/2024/index.html");
    assert!(year.contains("2 publications"), "{year}");
    let list = common::brief_links(&site.read("briefs/index.html"));
    assert_eq!(
        list,
        ["/briefs/may/", "/briefs/tokyo/", "/briefs/new-york/"],
        "newest day first"
    );
}

#[test]
fn the_first_region_page_groups_its_briefs_by_topic() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &common::CONFIG.replace("page_size: 10", "page_size: 4"),
    );
    for day in 1..=9 {
        let topics = if day == 1 {
            "[soft-power, hard-power]"
        } else {
            "[soft-power]"
        };
        site.brief(
            &format!("s{day}"),
            &format!("2024-01-0{day}"),
            topics,
            "regions: [Japan]\n",
            "Body.",
        );
    }
    site.brief(
        "k",
        "2024-02-01",
        "[alliance-dynamics]",
        "regions: [Korea]\n",
        "Body.",
    );
    site.file(
        "site/templates/term.html",
        "{% for g in by_topic %}{{ g.topic.slug }} {{ g.count }}:{% for b in g.briefs %} {{ b.url }}{% endfor %}\n{% endfor %}",
    );
    site.build();
    // The newest five per topic, with the full count; the list pages hold the rest.
    assert_eq!(
        site.read("regions/japan/index.html"),
        "soft-power 9: /briefs/s9/ /briefs/s8/ /briefs/s7/ /briefs/s6/ /briefs/s5/\nhard-power 1: /briefs/s1/\n"
    );
    assert_eq!(site.read("regions/japan/page/1/index.html"), "");
    assert_eq!(
        site.read("regions/korea/index.html"),
        "alliance-dynamics 1: /briefs/k/\n"
    );
    assert_eq!(
        site.read("topics/soft-power/index.html"),
        "",
        "only region pages group by topic"
    );
}

#[test]
fn term_pages_keep_the_authors_capitalisation_with_slug_urls() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2021-01-01",
        "[soft-power]",
        "tags: [NATO, U.S.-Japan]\nregions: [East Asia]\nauthors: [ana]\n",
        "Body.",
    )
    .brief(
        "b",
        "2022-01-01",
        "[soft-power]",
        "tags: [NATO]\nauthors: [ana, ben]\n",
        "Body.",
    );
    site.build();

    let nato = site.read("tags/nato/index.html");
    assert!(nato.contains("NATO"));
    assert_eq!(brief_links(&nato), ["/briefs/b/", "/briefs/a/"]);
    assert!(site
        .read("tags/u-s-japan/index.html")
        .contains("U.S.-Japan"));
    assert_eq!(
        brief_links(&site.read("regions/east-asia/index.html")),
        ["/briefs/a/"]
    );
    let ana = site.read("authors/ana/index.html");
    assert!(
        ana.contains("Ana writes about alliances."),
        "author page shows the bio"
    );
    assert_eq!(brief_links(&ana), ["/briefs/b/", "/briefs/a/"]);
    let brief = site.read("briefs/a/index.html");
    assert!(brief.contains("href=\"/tags/u-s-japan/\""));
    assert!(brief.contains("href=\"/authors/ana/\""));
}

#[test]
fn lists_paginate_at_the_page_size_boundary() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &common::CONFIG.replace("page_size: 10", "page_size: 2"),
    );
    for (i, day) in ["01", "02", "03", "04", "05"].iter().enumerate() {
        site.brief(
            &format!("b{i}"),
            &format!("2024-01-{day}"),
            "[soft-power]",
            "",
            "Body.",
        );
    }
    site.build();

    // The first page holds what does not fill a numbered page; page 1 the oldest.
    assert_eq!(
        brief_links(&site.read("briefs/index.html")),
        ["/briefs/b4/", "/briefs/b3/", "/briefs/b2/"]
    );
    assert_eq!(
        brief_links(&site.read("briefs/page/1/index.html")),
        ["/briefs/b1/", "/briefs/b0/"]
    );
    assert!(!site.exists("briefs/page/2/index.html"));
    let first = site.read("briefs/index.html");
    assert!(
        first.contains("rel=\"next\" href=\"/briefs/page/1/\""),
        "{first}"
    );
    let numbered = site.read("briefs/page/1/index.html");
    assert!(
        numbered.contains("rel=\"prev\" href=\"/briefs/\""),
        "{numbered}"
    );
    assert!(!numbered.contains("rel=\"next\""), "{numbered}");
    assert_eq!(
        brief_links(&site.read("topics/soft-power/page/1/index.html")),
        ["/briefs/b1/", "/briefs/b0/"]
    );

    // A sixth brief makes page 2 of the first page's oldest two (page 1 keeps its
    // briefs; its link to newer ones now goes to page 2), a seventh joins the first
    // page: the numbered pages stay as they were, byte for byte.
    let page_one = brief_links(&site.read("briefs/page/1/index.html"));
    site.brief("b5", "2024-01-06", "[soft-power]", "", "Body.");
    site.build();
    assert_eq!(
        brief_links(&site.read("briefs/index.html")),
        ["/briefs/b5/", "/briefs/b4/"]
    );
    assert_eq!(
        brief_links(&site.read("briefs/page/2/index.html")),
        ["/briefs/b3/", "/briefs/b2/"]
    );
    assert_eq!(
        brief_links(&site.read("briefs/page/1/index.html")),
        page_one
    );
    let page_one = site.read("briefs/page/1/index.html");
    let page_two = site.read("briefs/page/2/index.html");
    site.brief("b6", "2024-01-07", "[soft-power]", "", "Body.");
    site.build();
    assert_eq!(
        brief_links(&site.read("briefs/index.html")),
        ["/briefs/b6/", "/briefs/b5/", "/briefs/b4/"]
    );
    assert_eq!(site.read("briefs/page/2/index.html"), page_two);
    assert_eq!(site.read("briefs/page/1/index.html"), page_one);
}

#[test]
fn page_navigation_links_the_ends_and_the_pages_near_the_current_one() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &common::CONFIG.replace("page_size: 10", "page_size: 1"),
    );
    for i in 1..=10 {
        site.brief(
            &format!("b{i}"),
            &format!("2024-01-{i:02}"),
            "[soft-power]",
            "",
            "Body.",
        );
    }
    site.build();
    // The first page shows b10; page N shows bN. In reading order: the first page
    // ("Latest"), then from page 9 down to page 1.
    let page = site.read("briefs/page/5/index.html");
    assert_eq!(brief_links(&page), ["/briefs/b5/"]);
    let nav = &page[page.find("class=\"pagination\"").expect("pagination")..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    let numbers: Vec<&str> = nav
        .split("<span class=\"visually-hidden\">Page </span>")
        .skip(1)
        .map(|rest| &rest[..rest.find('<').unwrap()])
        .collect();
    assert_eq!(numbers, ["7", "6", "5", "4", "3", "1"]);
    assert!(nav.contains("<a href=\"/briefs/\">Latest</a>"), "{nav}");
    assert_eq!(nav.matches("pagination-gap").count(), 2, "{nav}");
    assert!(nav.contains("href=\"/briefs/page/5/\" aria-current=\"page\""));
    // An eleventh brief leaves a page far from the first one as it was.
    site.brief("b11", "2024-01-11", "[soft-power]", "", "Body.");
    site.build();
    assert_eq!(site.read("briefs/page/5/index.html"), page);
    // Near the start, no gap before the current page's neighbours.
    let first = site.read("briefs/index.html");
    let nav = &first[first.find("class=\"pagination\"").unwrap()..];
    assert_eq!(
        nav[..nav.find("</nav>").unwrap()]
            .matches("pagination-gap")
            .count(),
        1
    );
}

#[test]
fn exactly_one_page_of_briefs_needs_no_second_page() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &common::CONFIG.replace("page_size: 10", "page_size: 2"),
    );
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.")
        .brief("b", "2024-01-02", "[soft-power]", "", "Body.");
    site.build();
    assert_eq!(brief_links(&site.read("briefs/index.html")).len(), 2);
    assert!(!site.exists("briefs/page/1/index.html"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = SiteTest::new();
    site.brief("public", "2024-01-01", "[soft-power]", "", "Body.")
        .brief(
            "secret",
            "2024-02-01",
            "[soft-power]",
            "draft: true\ntags: [hidden-tag]\n",
            "Body.",
        );
    site.build();
    assert!(!site.exists("briefs/secret/index.html"));
    assert!(!site.exists("tags/hidden-tag/index.html"));
    assert!(!site.read("atom.xml").contains("secret"));
    assert!(!site.read("sitemap.xml").contains("secret"));

    site.run(&["build", "--drafts", "--out", "public"])
        .expect_success();
    assert!(site.exists("briefs/secret/index.html"));
    assert!(site.exists("tags/hidden-tag/index.html"));
}

#[test]
fn heading_ids_are_unique_and_anchored() {
    let site = SiteTest::new();
    let body =
        "## Background\n\ntext\n\n## Background\n\ntext\n\n### Japan's View {#custom}\n\n## Main\n";
    site.brief("h", "2024-01-01", "[soft-power]", "", body);
    site.build();
    let html = site.read("briefs/h/index.html");
    let ids = common::attribute_values(&html, "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "duplicate ids in {ids:?}");
    for id in ["background", "background-1", "custom", "main-1"] {
        assert!(ids.iter().any(|i| i == id), "no id {id} in {ids:?}");
        assert!(
            html.contains(&format!("href=\"#{id}\"")),
            "no anchor link to #{id}"
        );
    }
}

#[test]
fn footnotes_render_with_back_references() {
    let site = SiteTest::new();
    site.brief(
        "f",
        "2024-01-01",
        "[soft-power]",
        "",
        "Claim one.[^src] Claim two.[^src]\n\n[^src]: Nye, *Soft Power*, 2004.\n",
    );
    site.build();
    let html = site.read("briefs/f/index.html");
    assert!(html.contains("<a href=\"#fn-1\" id=\"fnref-1\""));
    assert!(html.contains("<a href=\"#fn-1\" id=\"fnref-1-2\""));
    assert!(html.contains("<li id=\"fn-1\"><p>Nye, <em>Soft Power</em>, 2004."));
    assert!(html.contains("href=\"#fnref-1\" class=\"footnote-backref\""));
    assert!(html.contains("href=\"#fnref-1-2\" class=\"footnote-backref\""));
}

/// The page's title is its one `<h1>`: a body that starts at `#` (or at `###`) is
/// written from `<h2>`, its other headings kept at their distance, and the table of
/// contents and `#id` links are unchanged.
/// A task list shows ticked and open boxes, named for screen readers in the page's
/// language, not `[x]` as text.
#[test]
fn task_lists_show_named_boxes() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &format!("{}languages:\n  ru: {{name: Русский}}\n", common::CONFIG),
    );
    let body = "Steps:\n\n- [x] Ratify the treaty\n- [ ] Open the *talks*\n";
    site.brief("tasks", "2024-01-01", "[soft-power]", "", body);
    site.file(
        "briefs/tasks.ru.md",
        "---\ntitle: Задачи\nlang: ru\ntranslation_of: tasks\ndate: 2024-01-01\nsummary: С.\ntopics: [soft-power]\n---\n- [x] Ратифицировать\n- [ ] Начать\n",
    );
    site.build();
    let page = site.read("briefs/tasks/index.html");
    for html in [
        "<li><input type=\"checkbox\" class=\"task\" disabled checked aria-label=\"Done\"> Ratify the treaty</li>",
        "<li><input type=\"checkbox\" class=\"task\" disabled aria-label=\"To do\"> Open the <em>talks</em></li>",
    ] {
        assert!(page.contains(html), "{html} not in {page}");
    }
    assert!(!page.contains("[x]") && !page.contains("[ ]"), "{page}");
    let russian = site.read("ru/briefs/tasks/index.html");
    assert!(
        russian.contains("aria-label=\"Выполнено\"> Ратифицировать"),
        "{russian}"
    );
    assert!(
        russian.contains("aria-label=\"Не выполнено\"> Начать"),
        "{russian}"
    );
}

#[test]
fn body_headings_start_below_the_title() {
    let site = SiteTest::new();
    site.brief(
        "top",
        "2024-01-01",
        "[soft-power]",
        "",
        "# Overview\n\nText.\n\n## Part\n\nText.\n\n#### Detail\n\nSee [it](#overview).\n",
    );
    site.brief(
        "deep",
        "2024-01-02",
        "[soft-power]",
        "",
        "### Only\n\nText.\n",
    );
    site.build();
    let top = site.read("briefs/top/index.html");
    assert_eq!(top.matches("<h1").count(), 1, "{top}");
    for heading in [
        "<h2 id=\"overview\">Overview",
        "<h3 id=\"part\">Part",
        "<h5 id=\"detail\">Detail",
        "<a href=\"#overview\">it</a>",
    ] {
        assert!(top.contains(heading), "{heading} not in {top}");
    }
    let deep = site.read("briefs/deep/index.html");
    assert!(deep.contains("<h2 id=\"only\">Only"), "{deep}");
}

/// A note is cited by its label in any case (`[^Nye]` cites `[^nye]:`), as the
/// Markdown parser matches them: the citation's number leads to the note.
#[test]
fn a_footnote_is_cited_by_its_label_in_any_case() {
    let site = SiteTest::new();
    site.brief(
        "f",
        "2024-01-01",
        "[soft-power]",
        "",
        "Claim.[^Nye]\n\n[^nye]: Nye, *Soft Power*, 2004.\n",
    );
    site.build();
    let html = site.read("briefs/f/index.html");
    assert!(html.contains("<a href=\"#fn-1\" id=\"fnref-1\""), "{html}");
    assert!(
        html.contains("<li id=\"fn-1\"><p>Nye, <em>Soft Power</em>, 2004."),
        "{html}"
    );
}

#[test]
fn tables_strikethrough_and_smart_punctuation() {
    let site = SiteTest::new();
    site.brief(
        "t",
        "2024-01-01",
        "[soft-power]",
        "",
        "| Year | Event |\n|---|---|\n| 1956 | Joint Declaration |\n\n~~old~~ \"quoted\" -- dash\n",
    );
    site.build();
    let html = site.read("briefs/t/index.html");
    assert!(html.contains("<table>"));
    assert!(html.contains("<td>Joint Declaration</td>"));
    assert!(html.contains("<del>old</del>"));
    assert!(html.contains("“quoted” – dash"));
}

#[test]
fn a_site_template_overrides_the_theme_template() {
    let site = SiteTest::new();
    site.brief("o", "2024-01-01", "[soft-power]", "", "Body.")
        .file(
            "site/templates/brief.html",
            "<!doctype html><title>{{ brief.title }}</title><p>OVERRIDDEN {{ brief.summary }}</p>",
        );
    site.build();
    assert_eq!(
        site.read("briefs/o/index.html"),
        "<!doctype html><title>Brief o</title><p>OVERRIDDEN Summary of o.</p>"
    );
    // Other templates still come from the theme.
    assert!(site.read("index.html").contains("Test Briefs"));
}

#[test]
fn internal_markdown_links_resolve_to_urls() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "## Origins\n\nText.")
        .brief(
            "b",
            "2024-01-02",
            "[soft-power]",
            "",
            "See [a](a.md), [its origins](../briefs/a.md#origins) and [[a]].",
        );
    site.build();
    let html = site.read("briefs/b/index.html");
    assert!(html.contains("<a href=\"/briefs/a/\">a</a>"));
    assert!(html.contains("<a href=\"/briefs/a/#origins\">its origins</a>"));
    assert!(
        html.contains("<a href=\"/briefs/a/\">Brief a</a>"),
        "wiki link shows the target's title"
    );
    assert!(!html.contains(".md\""), "no .md hrefs left");
}

#[test]
fn every_url_of_the_scheme_exists() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "tags: [x]\nregions: [Japan]\nauthors: [ana]\nseries: {name: Big Series, part: 1}\n",
        "Body.",
    )
    .file("site/pages/about.md", "---\ntitle: About\n---\nWe exist.\n")
    .file("site/static/files/report.txt", "static");
    site.build();
    for path in [
        "index.html",
        "briefs/index.html",
        "briefs/a/index.html",
        "topics/index.html",
        "topics/soft-power/index.html",
        "topics/soft-power/atom.xml",
        "tags/index.html",
        "tags/x/index.html",
        "regions/index.html",
        "regions/japan/index.html",
        "authors/index.html",
        "authors/ana/index.html",
        "authors/ben/index.html",
        "archive/index.html",
        "series/big-series/index.html",
        "about/index.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "files/report.txt",
    ] {
        assert!(site.exists(path), "missing {path}");
    }
}

#[test]
fn theme_css_is_fingerprinted_and_site_files_keep_their_names() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.")
        .file("site/static/robots-extra.txt", "x");
    site.build();
    let html = site.read("index.html");
    let css: Vec<String> = common::attribute_values(&html, "href")
        .into_iter()
        .filter(|h| h.ends_with(".css"))
        .collect();
    assert!(
        !css.is_empty() && css.iter().all(|h| h.len() > "/style..css".len() + 15),
        "{css:?}"
    );
    for href in &css {
        assert!(site.exists(&href[1..]), "{href} not written");
    }
    assert!(!site.exists("style.css"), "unhashed copy written too");
    assert!(site.exists("robots-extra.txt"));
}

#[test]
fn aliases_write_redirect_pages() {
    let site = SiteTest::new();
    site.brief(
        "new-home",
        "2024-01-01",
        "[soft-power]",
        "aliases: [/2019/old-name/, legacy.html]\n",
        "Body.",
    );
    site.build();
    let redirect = site.read("2019/old-name/index.html");
    assert!(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=/briefs/new-home/\">"));
    assert!(
        redirect.contains("<link rel=\"canonical\" href=\"https://example.org/briefs/new-home/\">")
    );
    assert!(site.exists("legacy.html"));
}

#[test]
fn relative_builds_point_redirects_at_relative_targets() {
    let site = SiteTest::new();
    site.brief(
        "new-home",
        "2024-01-01",
        "[soft-power]",
        "aliases: [/2019/old-name/]\n",
        "Body.",
    );
    site.run(&["build", "--relative"]).expect_success();
    let redirect = site.read("2019/old-name/index.html");
    assert!(
        redirect.contains("url=../../briefs/new-home/index.html"),
        "{redirect}"
    );
    assert!(
        redirect.contains("href=\"https://example.org/briefs/new-home/\""),
        "canonical stays absolute"
    );
}

#[test]
fn same_input_gives_identical_bytes() {
    let site = SiteTest::new();
    for i in 0..30 {
        site.brief(
            &format!("b{i}"),
            "2024-01-01",
            "[soft-power, hard-power]",
            "tags: [same, other]\nauthors: [ana]\n",
            "## H\n\nSee [[b0]].[^1]\n\n[^1]: Note.",
        );
    }
    site.build();
    let first = site.root().join("first");
    std::fs::rename(site.out(""), &first).unwrap();
    site.build();
    assert_eq!(differing_files(&first, &site.out("")), Vec::<String>::new());
}

#[test]
fn a_base_url_path_prefixes_every_link() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.")
        .brief("b", "2024-01-02", "[soft-power]", "", "See [[a]].");
    site.run(&["build", "--base-url", "https://example.org/policy/briefs/"])
        .expect_success();
    let html = site.read("briefs/b/index.html");
    assert!(html.contains("href=\"/policy/briefs/briefs/a/\""));
    for href in common::attribute_values(&html, "href") {
        if href.starts_with('/') {
            assert!(
                href.starts_with("/policy/briefs/"),
                "{href} lacks the base path"
            );
        }
    }
    assert!(site
        .read("atom.xml")
        .contains("href=\"https://example.org/policy/briefs/briefs/b/\""));
    assert!(site
        .read("robots.txt")
        .contains("Sitemap: https://example.org/policy/briefs/sitemap.xml"));
}

#[test]
fn a_rebuild_links_the_files_it_did_not_change_and_writes_the_rest() {
    use std::os::unix::fs::MetadataExt;
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "First body.")
        .brief("b", "2024-01-02", "[hard-power]", "", "Second body.");
    site.build();
    let inode = |path: &str| std::fs::symlink_metadata(site.out(path)).unwrap().ino();
    let (a_before, b_before) = (inode("briefs/a/index.html"), inode("briefs/b/index.html"));
    // A symbolic link in the previous output whose target holds the very bytes the
    // build makes is not carried over: the new output gets a file of its own.
    let robots = site.read("robots.txt");
    let outside = site.root().join("outside.txt");
    std::fs::write(&outside, &robots).unwrap();
    std::fs::remove_file(site.out("robots.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, site.out("robots.txt")).unwrap();

    site.brief(
        "b",
        "2024-01-02",
        "[hard-power]",
        "",
        "Second body, edited.",
    );
    site.build();
    assert_eq!(
        inode("briefs/a/index.html"),
        a_before,
        "an unchanged page is linked"
    );
    assert_ne!(
        inode("briefs/b/index.html"),
        b_before,
        "an edited page is written"
    );
    assert!(site
        .read("briefs/b/index.html")
        .contains("Second body, edited."));
    let robots_now = std::fs::symlink_metadata(site.out("robots.txt")).unwrap();
    assert!(
        robots_now.is_file(),
        "robots.txt is a file, not the planted link"
    );
    assert_eq!(site.read("robots.txt"), robots);
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), robots);

    let linked = site.root().join("linked");
    std::fs::rename(site.out(""), &linked).unwrap();
    site.build();
    assert_eq!(
        differing_files(&linked, &site.out("")),
        Vec::<String>::new()
    );
}
