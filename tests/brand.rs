//! Issue 19: a site in the institute's own brand without forking templates —
//! configuration for the site's needs, theme ejection, publication types, people,
//! identifiers, social cards, schedule and drafts, labels in the site's language.

mod common;

use std::fs;

use common::SiteTest;

/// The standard test configuration with `more` appended (new top-level keys).
fn config_with(more: &str) -> String {
    format!("{}{more}", common::CONFIG)
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="#13294b"/></svg>"##;

#[test]
fn configuration_keys_reach_the_templates_escaped() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &config_with(
            r#"logo: logo.svg
favicon: logo.svg
social:
  linkedin: https://www.linkedin.com/company/test-institute
  x: "@testinstitute"
newsletter: {url: "https://example.org/subscribe/", label: Get our briefs, text: "Monthly, no spam."}
license: CC BY 4.0
disclaimer: "The views are the authors' own <b>only</b>."
analytics: {provider: plausible, site_id: example.org}
extra:
  donate_url: https://example.org/donate/
  motto: "<script>alert(1)</script>"
"#,
        ),
    )
    .file("site/static/logo.svg", LOGO)
    // A site template reads `extra:` without forking the theme's.
    .file(
        "site/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"donate\"><a href=\"{{ site.extra.donate_url }}\">Donate</a> {{ site.extra.motto }}</p>{% endblock content %}",
    )
    .file("site/pages/about.md", "---\ntitle: About\n---\nAbout us.\n")
    .brief("a", "2024-01-01", "[soft-power]", "authors: [ana]\n", "Body.");
    site.build();
    let about = site.read("about/index.html");
    assert!(
        about.contains("<a href=\"https://example.org/donate/\">Donate</a>"),
        "{about}"
    );
    assert!(
        about.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "extra values are escaped"
    );
    assert!(!about.contains("<script>alert(1)"), "{about}");

    let brief = site.read("briefs/a/index.html");
    assert!(
        brief.contains("class=\"brand-logo\" src=\"/logo.svg\""),
        "logo in the header"
    );
    assert!(brief.contains("<link rel=\"icon\" href=\"/logo.svg\" type=\"image/svg+xml\">"));
    assert!(
        brief.contains("rel=\"apple-touch-icon\" sizes=\"180x180\" href=\"/apple-touch-icon.png\"")
    );
    assert_eq!(
        png_size(&fs::read(site.out("apple-touch-icon.png")).unwrap()),
        (180, 180)
    );
    assert_eq!(
        png_size(&fs::read(site.out("favicon-32x32.png")).unwrap()),
        (32, 32)
    );
    assert!(brief.contains("href=\"https://www.linkedin.com/company/test-institute\""));
    assert!(brief.contains("<meta name=\"twitter:site\" content=\"@testinstitute\">"));
    assert!(
        brief.contains("href=\"https://example.org/subscribe/\""),
        "newsletter link"
    );
    assert!(brief.contains("Get our briefs") && brief.contains("Monthly, no spam."));
    assert!(
        brief.contains("<a href=\"https://creativecommons.org/licenses/by/4.0/\" rel=\"license\">CC BY 4.0</a>"),
        "licence shown on the brief"
    );
    assert!(
        brief.contains("The views are the authors&#x27; own &lt;b&gt;only&lt;/b&gt;.")
            || brief.contains("The views are the authors&#39; own &lt;b&gt;only&lt;/b&gt;."),
        "disclaimer shown, escaped"
    );
    assert!(
        brief.contains("plausible.io/js/script.js"),
        "analytics snippet"
    );
    assert!(
        brief.contains("doNotTrack") && brief.contains("globalPrivacyControl"),
        "analytics respects Do-Not-Track"
    );
}

#[test]
fn wrong_settings_are_reported_together_at_their_places() {
    let site = SiteTest::new();
    let lines = common::CONFIG.lines().count();
    // Values wrong in themselves: reported by the configuration's reader, together.
    site.file(
        "site/config.yaml",
        &config_with(
            "newsletter: not an address\nanalytics: {provider: matomo, site_id: \"1\"}\nsocial: {mastodon: \"not a url\"}\n",
        ),
    );
    let run = site.run(&["check"]).expect_failure(1);
    for (needle, place) in [
        (
            "newsletter address `not an address` is not an address",
            format!("site/config.yaml:{}:13", lines + 1),
        ),
        // `src` is missing: shown at `analytics`.
        (
            "`analytics.src` must be",
            format!("site/config.yaml:{}:1", lines + 2),
        ),
        (
            "`social.mastodon`",
            format!("site/config.yaml:{}:", lines + 3),
        ),
    ] {
        assert!(run.stderr.contains(needle), "{needle}:\n{}", run.stderr);
        assert!(run.stderr.contains(&place), "{place}:\n{}", run.stderr);
    }
    // Values that name files and pages: reported with the site's links, together.
    site.file(
        "site/config.yaml",
        &config_with(
            "logo: missing.svg\nfavicon: icon.svg\nmenus: {main: [{name: Gone, url: gone.md}]}\n",
        ),
    )
    .file("site/static/icon.svg", LOGO);
    let run = site.run(&["check"]).expect_failure(1);
    assert!(
        run.stderr
            .contains("`logo: missing.svg` names no static file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("site/config.yaml:{}:7", lines + 1)),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("menu entry “Gone”"), "{}", run.stderr);
    assert!(!run.stderr.contains("favicon"), "{}", run.stderr);

    // Files that are no image of their format: a truncated SVG, text named `.png`.
    site.file(
        "site/config.yaml",
        &config_with("logo: logo.svg\nfavicon: icon.png\n"),
    )
    .file(
        "site/static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\"",
    )
    .file("site/static/icon.png", "not a png");
    let run = site.run(&["check"]).expect_failure(1);
    for (needle, place) in [
        (
            "`logo: logo.svg` is no image: the SVG cannot be read",
            lines + 1,
        ),
        (
            "`favicon: icon.png` is no image: it is not an image",
            lines + 2,
        ),
    ] {
        assert!(run.stderr.contains(needle), "{needle}:\n{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("site/config.yaml:{place}:")),
            "{place}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn menus_are_ordered_and_their_links_checked() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &config_with(
            r#"menus:
  main:
    - {name: About us, url: about.md}
    - {name: Soft power, url: "[[topic:soft-power]]"}
    - {name: Series, url: /series/}
    - {name: Donate, url: "https://example.org/donate/"}
  footer:
    - {name: Contact, url: "mailto:info@example.org"}
"#,
        ),
    )
    .file("site/pages/about.md", "---\ntitle: About\n---\nAbout us.\n")
    .brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    site.build();
    let home = site.read("index.html");
    let nav_start = home.find("class=\"site-nav\"").expect("main menu");
    let nav = &home[nav_start..nav_start + home[nav_start..].find("</nav>").unwrap()];
    let hrefs = common::attribute_values(nav, "href");
    assert_eq!(
        hrefs,
        [
            "/about/",
            "/topics/soft-power/",
            "/series/",
            "https://example.org/donate/"
        ]
    );
    assert!(
        home.contains("<a href=\"mailto:info@example.org\">Contact</a>"),
        "footer menu"
    );

    // Broken internal destinations: each an error at its own line, all at once.
    site.file(
        "site/config.yaml",
        &config_with(
            "menus:\n  main:\n    - {name: Gone, url: gone.md}\n    - {name: Nowhere, url: /nowhere/}\n    - {name: Evil, url: \"javascript:alert(1)\"}\n",
        ),
    );
    let run = site.run(&["check"]).expect_failure(1);
    let first = common::CONFIG.lines().count() + 3;
    for (line, needle) in [
        (first, "gone.md"),
        (first + 1, "/nowhere/"),
        (first + 2, "javascript:alert(1)"),
    ] {
        assert!(
            run.stderr.contains(&format!("site/config.yaml:{line}:"))
                && run.stderr.contains(needle),
            "{needle} at line {line}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn an_ejected_theme_builds_the_same_site_byte_for_byte() {
    let site = SiteTest::new();
    site.file("site/pages/about.md", "---\ntitle: About\n---\nAbout us.\n")
        .brief(
            "a",
            "2024-01-01",
            "[soft-power]",
            "authors: [ana]\n",
            "Body [[b]].",
        )
        .brief("b", "2024-02-01", "[hard-power]", "type: report\n", "Body.");
    site.build();
    let before = site.root().join("before");
    fs::rename(site.out(""), &before).unwrap();

    let run = site.run(&["theme", "eject"]).expect_success();
    assert!(run.stdout.contains("themes/default"), "{}", run.stdout);
    for file in [
        "templates/brief.html",
        "static/style.css",
        "i18n/ja.yaml",
        "fonts/Inter-Regular.otf",
        "README.md",
    ] {
        assert!(
            site.root().join("themes/default").join(file).is_file(),
            "{file}"
        );
    }
    site.build();
    let differing = common::differing_files(&before, &site.out(""));
    assert!(differing.is_empty(), "differing files: {differing:?}");

    // Into a folder of its own name, named by `theme:`.
    site.run(&["theme", "eject", "--to", "themes/institute"])
        .expect_success()
        .stdout
        .contains("theme: institute")
        .then_some(())
        .expect("says to set `theme:`");
    fs::remove_dir_all(site.root().join("themes/default")).unwrap();
    let config = fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file("site/config.yaml", &format!("{config}theme: institute\n"));
    fs::remove_dir_all(site.out("")).unwrap();
    site.build();
    let differing = common::differing_files(&before, &site.out(""));
    assert!(differing.is_empty(), "differing files: {differing:?}");

    // Never over an existing theme, nor into a folder with files reached through
    // a folder the eject would make (`themes/x/..`).
    site.run(&["theme", "eject", "--to", "themes/institute"])
        .expect_failure(2)
        .expect_stderr("not empty");
    let briefs = common::files_under(&site.root().join("briefs"));
    site.run(&["theme", "eject", "--to", "themes/x/../../briefs"])
        .expect_failure(2)
        .expect_stderr("not empty");
    assert_eq!(common::files_under(&site.root().join("briefs")), briefs);
}

#[test]
fn publication_types_have_labels_pages_and_filters() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &config_with("types:\n  - slug: brief\n  - slug: report\n  - {slug: memo, name: Policy memo, plural: Policy memos}\n"),
    )
    .brief("a", "2023-01-01", "[soft-power]", "regions: [Japan]\n", "Body.")
    .brief("b", "2024-02-01", "[hard-power]", "type: report\n", "Body.")
    .brief("c", "2024-03-01", "[hard-power]", "type: memo\n", "Body.");
    site.build();
    let report = site.read("briefs/b/index.html");
    assert!(report.contains("<a class=\"kicker-type\" href=\"/types/report/\">Report</a>"));
    let memo = site.read("briefs/c/index.html");
    assert!(memo.contains(">Policy memo</a>"));
    // A brief without `type:` is of the first declared type.
    assert!(site
        .read("briefs/a/index.html")
        .contains(">Policy brief</a>"));
    assert_eq!(
        common::brief_links(&site.read("types/report/index.html")),
        ["/briefs/b/"]
    );
    assert_eq!(
        common::brief_links(&site.read("types/memo/index.html")),
        ["/briefs/c/"]
    );
    let types = site.read("types/index.html");
    assert!(
        types.contains("/types/memo/") && types.contains("Policy memos"),
        "{types}"
    );
    let list = site.read("briefs/index.html");
    assert!(
        list.contains("class=\"card-type\" href=\"/types/memo/\">Policy memo</a>"),
        "type on cards"
    );
    for filter in [
        "<select name=\"type\">",
        "<option value=\"memo\">Policy memos</option>",
        "<select name=\"topic\">",
        "<option value=\"hard-power\">Hard power</option>",
        "<select name=\"region\" data-choices=\"regions\">",
        "<select name=\"year\" data-choices=\"years\">",
        "<script src=\"/filters.js\" defer></script>",
    ] {
        assert!(list.contains(filter), "{filter} in\n{list}");
    }
    // Regions and years, which briefs bring, are in one script that fills the form.
    let choices = site.read("filters.js");
    for choice in [
        "{\"label\":\"Japan\",\"value\":\"japan\"}",
        "{\"label\":\"2023\",\"value\":\"2023\"}",
    ] {
        assert!(choices.contains(choice), "{choice} in\n{choices}");
    }

    site.brief(
        "d",
        "2024-04-01",
        "[hard-power]",
        "type: podcast\n",
        "Body.",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("briefs/d.md:6:7")
        .expect_stderr("unknown publication type `podcast`");
}

#[test]
fn authors_from_files_with_photo_role_affiliation_and_bio() {
    let site = SiteTest::new();
    site.file("site/static/people/rosa.jpg", "not really a jpeg")
        .file(
            "site/authors/rosa-diaz.md",
            "---\nname: Rosa Díaz\nrole: Senior Fellow, Asia Program\naffiliation: Kyoto University\nphoto: people/rosa.jpg\norcid: 0000-0002-1825-0097\nemail: rosa@example.org\nsocial:\n  linkedin: https://www.linkedin.com/in/rosa\nexpertise: [Japan, Energy security]\n---\nRosa studies *energy* in East Asia. See [[b]].\n",
        )
        .brief(
            "a",
            "2024-01-01",
            "[soft-power]",
            "authors: [rosa-diaz, ana, {name: Guest Writer, affiliation: Another Institute}]\n",
            "Body.",
        )
        .brief("b", "2024-02-01", "[soft-power]", "", "Body.");
    site.build();
    let brief = site.read("briefs/a/index.html");
    assert!(brief.contains("<meta name=\"citation_author\" content=\"Rosa Díaz\">"));
    assert!(
        brief.contains("<meta name=\"citation_author_institution\" content=\"Kyoto University\">"),
        "the affiliation, not the job title, is the institution"
    );
    assert!(!brief.contains("citation_author_institution\" content=\"Senior Fellow"));
    assert!(
        brief.contains("\"jobTitle\":\"Senior Fellow, Asia Program\""),
        "JSON-LD job title"
    );
    assert!(
        brief.contains("https://orcid.org/0000-0002-1825-0097"),
        "ORCID in JSON-LD"
    );
    assert!(
        brief.contains("<meta name=\"citation_author\" content=\"Guest Writer\">"),
        "guest author"
    );
    assert!(brief.contains("Another Institute"));
    assert!(
        brief.contains("class=\"about-authors\""),
        "bios at the end of the brief"
    );
    let bio_at = brief.find("class=\"about-authors\"").unwrap();
    assert!(brief[bio_at..].contains("Rosa studies <em>energy</em> in East Asia"));

    let page = site.read("authors/rosa-diaz/index.html");
    assert!(
        page.contains("src=\"/people/rosa.jpg\""),
        "photo on the author page"
    );
    assert!(
        page.contains("Rosa studies <em>energy</em> in East Asia. See <a href=\"/briefs/b/\""),
        "bio with its link resolved"
    );
    assert!(
        page.contains("mailto:rosa@example.org")
            && page.contains("https://www.linkedin.com/in/rosa")
    );
    assert!(page.contains("Energy security"));
    let experts = site.read("authors/index.html");
    assert!(
        experts.contains("src=\"/people/rosa.jpg\"")
            && experts.contains("Senior Fellow, Asia Program"),
        "experts overview"
    );

    site.file(
        "site/authors/bad.md",
        "---\nname: Bad\norcid: 0000-0002-1825-0098\nphoto: nowhere.jpg\n---\nBio.\n",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("site/authors/bad.md:3:8")
        .expect_stderr("is not an ORCID iD")
        .expect_stderr("site/authors/bad.md:4:8");
}

#[test]
fn a_doi_is_in_every_citation_output() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-03-12",
        "[soft-power]",
        "subtitle: \"why it matters\"\nauthors: [ana]\nnumber: NB-7\ndoi: 10.5555/nb-2024-07\n",
        "Body.",
    );
    site.build();
    let page = site.read("briefs/a/index.html");
    assert!(page.contains("<meta name=\"citation_doi\" content=\"10.5555/nb-2024-07\">"));
    assert!(
        page.contains("\"propertyID\":\"DOI\"")
            && page.contains("\"value\":\"10.5555/nb-2024-07\""),
        "JSON-LD"
    );
    assert!(
        page.contains("\"sameAs\":[\"https://doi.org/10.5555/nb-2024-07\"]"),
        "JSON-LD sameAs"
    );
    let cite = &page[page.find("class=\"cite\"").unwrap()..];
    let apa = &cite[cite.find("<dt>APA</dt>").unwrap()..cite.find("<dt>Chicago</dt>").unwrap()];
    assert!(apa.contains("<i>Brief a: Why it matters</i> (Report No. NB-7) [Policy brief]. Test Institute. https://doi.org/10.5555/nb-2024-07"), "{apa}");
    let chicago = &cite[cite.find("<dt>Chicago</dt>").unwrap()..];
    assert!(chicago.contains("<i>Brief a: Why it matters</i>. Policy brief NB-7. Test Institute, March 12, 2024. https://doi.org/10.5555/nb-2024-07."), "{chicago}");
    let bib = common::data_records(&page, "application/x-bibtex").join("");
    assert!(bib.contains("doi = {10.5555/nb-2024-07}"), "{bib}");
    let ris = common::data_records(&page, "application/x-research-info-systems").join("");
    assert!(ris.contains("DO  - 10.5555/nb-2024-07"), "{ris}");

    site.brief(
        "b",
        "2024-03-12",
        "[soft-power]",
        "doi: not-a-doi\n",
        "Body.",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("briefs/b.md:6:6");
}

#[test]
fn a_social_card_is_drawn_for_briefs_without_an_image() {
    let site = SiteTest::new();
    site.file("site/config.yaml", &config_with("logo: logo.svg\n"))
        .file("site/static/logo.svg", LOGO)
        .brief(
            "a",
            "2024-01-01",
            "[soft-power]",
            "authors: [ana, ben]\n",
            "Body.",
        )
        .brief(
            "b",
            "2024-01-02",
            "[soft-power]",
            "image: map.png\n",
            "Body.",
        );
    // The brief's own picture, a real PNG (the build checks it is one).
    let mut map = Vec::new();
    image::RgbImage::from_pixel(30, 20, image::Rgb([31, 95, 168]))
        .write_to(&mut std::io::Cursor::new(&mut map), image::ImageFormat::Png)
        .unwrap();
    fs::write(site.root().join("briefs/map.png"), &map).unwrap();
    site.build();
    let card = fs::read(site.out("briefs/a/card.png")).unwrap();
    assert_eq!(png_size(&card), (1200, 630));
    let page = site.read("briefs/a/index.html");
    assert!(page.contains(
        "<meta property=\"og:image\" content=\"https://example.org/briefs/a/card.png\">"
    ));
    assert!(page.contains(
        "<meta name=\"twitter:image\" content=\"https://example.org/briefs/a/card.png\">"
    ));
    assert!(page.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    let with_image = site.read("briefs/b/index.html");
    assert!(
        !site.exists("briefs/b/card.png"),
        "no card for a brief with its own image"
    );
    assert!(
        with_image.contains("og:image\" content=\"https://example.org/briefs/b/map.png\""),
        "{with_image}"
    );
    assert_eq!(
        fs::read(site.out("briefs/b/map.png")).unwrap(),
        map,
        "the brief's own image is published where og:image says"
    );

    // Cached like other derived files; the same bytes every time.
    let cached = fs::read_dir(site.root().join(".statecraft-cache"))
        .map(|d| d.count())
        .unwrap_or(0);
    fs::remove_dir_all(site.out("")).unwrap();
    site.build();
    assert_eq!(fs::read(site.out("briefs/a/card.png")).unwrap(), card);
    assert!(cached > 0, "cards are cached under .statecraft-cache/");
    // A card in the cache is linked into the output, not read and written again.
    #[cfg(unix)]
    assert_eq!(
        common::link_count(&site.out("briefs/a/card.png")),
        2,
        "the card is the cache's file, linked"
    );
}

#[test]
fn future_briefs_wait_for_their_date_and_previews_are_marked() {
    let site = SiteTest::new();
    site.brief("now", "2024-01-01", "[soft-power]", "", "Body [[later]].")
        .brief(
            "later",
            "2999-05-01",
            "[soft-power]",
            "tags: [future-tag]\n",
            "Body.",
        )
        .brief(
            "draft",
            "2024-02-01",
            "[soft-power]",
            "draft: true\n",
            "Body.",
        );
    // Linking a scheduled brief is a warning with --warn-links, an error otherwise,
    // and says why.
    let run = site.run(&["check"]).expect_failure(1);
    assert!(
        run.stderr.contains("scheduled for 2999-05-01"),
        "{}",
        run.stderr
    );
    site.brief("now", "2024-01-01", "[soft-power]", "", "Body.");
    // Dated with a time: it waits for that time, not for the next day.
    site.brief(
        "timed",
        "2999-05-01T10:30:00+02:00",
        "[soft-power]",
        "",
        "Body.",
    );
    let run = site.run(&["check"]).expect_success();
    assert!(
        run.stderr.contains("briefs/later.md")
            && run.stderr.contains(
                "scheduled for 2999-05-01: published by the first build on or after that day"
            ),
        "check lists scheduled briefs with their dates:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "scheduled for 2999-05-01 10:30 +02:00: published by the first build after that time"
        ),
        "{}",
        run.stderr
    );

    site.build();
    assert!(!site.exists("briefs/later/index.html") && !site.exists("tags/future-tag/index.html"));
    assert!(!site.read("atom.xml").contains("later"));
    assert!(!site.read("sitemap.xml").contains("later"));

    // A preview must not go into the folder that gets published.
    for flag in ["--future", "--drafts"] {
        site.run(&["build", flag])
            .expect_failure(2)
            .expect_stderr("refusing to write a preview")
            .expect_stderr("--out preview");
    }
    site.run(&["build", "--future", "--drafts", "--out", "preview"])
        .expect_success();
    let preview = |path: &str| fs::read_to_string(site.root().join("preview").join(path)).unwrap();
    for (slug, banner) in [
        ("later", "Scheduled for 1 May 2999"),
        ("draft", "Draft: this page is not published"),
    ] {
        let page = preview(&format!("briefs/{slug}/index.html"));
        assert!(
            page.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"),
            "{slug}"
        );
        assert!(
            page.contains("class=\"preview-banner\"") && page.contains(banner),
            "{slug}: {page}"
        );
        assert!(
            !preview("atom.xml").contains(&format!("briefs/{slug}/")),
            "{slug} kept out of the feed"
        );
        assert!(!preview("topics/soft-power/atom.xml").contains(&format!("briefs/{slug}/")));
        assert!(
            !preview("sitemap.xml").contains(&format!("briefs/{slug}/")),
            "{slug} kept out of the sitemap"
        );
    }
    assert!(preview("atom.xml").contains("briefs/now/"));
    assert!(!preview("briefs/now/index.html").contains("noindex"));
}

#[test]
fn a_broken_draft_does_not_block_a_production_build() {
    let site = SiteTest::new();
    site.brief("ok", "2024-01-01", "[soft-power]", "", "Body.")
        .brief(
            "wip",
            "2024-02-01",
            "[no-such-topic]",
            "draft: true\n",
            "Body.",
        );
    let run = site.build();
    assert!(run.stderr.contains("warning"), "{}", run.stderr);
    assert!(
        run.stderr.contains("briefs/wip.md:5:")
            && run.stderr.contains("in a draft, left out of this build"),
        "{}",
        run.stderr
    );
    assert!(site.exists("briefs/ok/index.html"));
    // With the drafts in, the same problem is an error.
    site.run(&["build", "--drafts", "--out", "preview"])
        .expect_failure(1)
        .expect_stderr("error");
}

#[test]
fn placeholders_of_new_are_flagged_until_replaced() {
    let site = SiteTest::new();
    site.run(&["new", "Energy Security"]).expect_success();
    let path = site.root().join("briefs/energy-security.md");
    let text = fs::read_to_string(&path).unwrap();
    let run = site.run(&["check"]).expect_success();
    let count = run.stderr.matches("W-placeholder").count();
    assert_eq!(
        count, 4,
        "summary, finding, recommendation and text:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("briefs/energy-security.md:4:"),
        "{}",
        run.stderr
    );
    let filled = text
        .replace(
            "TODO: what this brief argues, in two or three sentences.",
            "It argues.",
        )
        .replace("TODO: the first finding, in one sentence.", "A finding.")
        .replace("TODO: what should be done, and by whom.", "Do it.")
        .replace("TODO: write the brief here.", "Text.");
    fs::write(&path, filled).unwrap();
    let run = site.run(&["check"]).expect_success();
    assert!(!run.stderr.contains("W-placeholder"), "{}", run.stderr);
}

#[test]
fn japanese_and_russian_sites_get_their_labels_and_dates() {
    for (language, date, findings, reading) in [
        ("ja", "2024年3月12日", "要点", "約1分"),
        ("ru", "12 марта 2024 г.", "Основные выводы", "1 минута"),
    ] {
        let site = SiteTest::new();
        site.file(
            "site/config.yaml",
            &common::CONFIG.replace("language: en", &format!("language: {language}")),
        )
        .brief(
            "a",
            "2024-03-12",
            "[soft-power]",
            "key_findings: [One.]\n",
            "Body.",
        );
        site.build();
        let page = site.read("briefs/a/index.html");
        assert!(
            page.contains(&format!("<html lang=\"{language}\">")),
            "{language}"
        );
        assert!(page.contains(date), "{language}: {date}");
        assert!(page.contains(findings), "{language}: {findings}");
        assert!(page.contains(reading), "{language}: {reading}");
        assert!(
            !page.contains("Key findings") && !page.contains("Published<"),
            "{language}: English left"
        );
        assert!(
            site.read("index.html").contains(date),
            "{language}: dates on cards"
        );
    }
    // A site rewords one label, keeping the rest.
    let site = SiteTest::new();
    site.file(
        "site/i18n/en.yaml",
        "brief:\n  key_findings: What we found\n",
    )
    .brief(
        "a",
        "2024-03-12",
        "[soft-power]",
        "key_findings: [One.]\n",
        "Body.",
    );
    site.build();
    let page = site.read("briefs/a/index.html");
    assert!(page.contains(">What we found</h2>"), "the site's label");
    assert!(
        page.contains("<dt>Published</dt>"),
        "the theme's other labels kept"
    );
    assert!(page.contains("12 March 2024"));
}

#[test]
fn series_have_an_index_and_reversed_topic_pairs_redirect() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power, hard-power]",
        "series: {name: Deep dive, part: 1}\n",
        "Body.",
    )
    .brief(
        "b",
        "2024-01-02",
        "[soft-power, hard-power]",
        "series: {name: Deep dive, part: 2}\n",
        "Body.",
    );
    let run = site.build();
    assert!(run.stdout.contains("built 2 briefs,"), "{}", run.stdout);
    let index = site.read("series/index.html");
    assert!(index.contains("/series/deep-dive/"), "{index}");
    assert!(
        site.read("index.html").contains("<a href=\"/series/\""),
        "the menu links the series"
    );
    let redirect = site.read("topics/hard-power+soft-power/index.html");
    assert!(
        redirect.contains("url=/topics/soft-power+hard-power/"),
        "{redirect}"
    );
}

#[test]
fn one_brief_is_counted_in_the_singular() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    let run = site.build();
    assert!(run.stdout.contains("built 1 brief, "), "{}", run.stdout);
}

#[test]
fn a_brief_reads_findings_text_recommendations_notes_references_then_authors() {
    let site = SiteTest::new();
    site.file("site/references.bib", "@book{nye2004, author = {Nye, Joseph S.}, title = {Soft Power}, publisher = {PublicAffairs}, year = {2004}}\n")
        .brief(
            "a",
            "2024-01-01",
            "[soft-power]",
            "authors: [ana]\nkey_findings: [Found.]\nrecommendations: [Do.]\n",
            "## Part\n\nText[^1] [@nye2004].\n\n[^1]: A note.\n",
        )
        .brief("b", "2024-01-02", "[soft-power]", "", "Cites [[a]].");
    site.build();
    let page = site.read("briefs/a/index.html");
    let at = |needle: &str| {
        page.find(needle)
            .unwrap_or_else(|| panic!("{needle} missing"))
    };
    let order = [
        at("id=\"key-findings\""),
        at("id=\"part\""),
        at("id=\"recommendations\""),
        at("id=\"footnotes\""),
        at("id=\"references\""),
        at("class=\"share\""),
        at("id=\"about-authors\""),
        at("id=\"related\""),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // One further-reading list instead of three: the citing brief once, marked.
    assert_eq!(page.matches("href=\"/briefs/b/\"").count(), 1);
    assert!(!page.contains("id=\"cited-by\""));
    // Share links are plain links: no script of the networks'.
    assert!(page.contains("https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fexample%2Eorg%2Fbriefs%2Fa%2F"));
    // A post's text is the title, a space and the address, all encoded.
    assert!(page.contains("https://bsky.app/intent/compose?text=Brief%20a%20https%3A%2F%2Fexample%2Eorg%2Fbriefs%2Fa%2F\""));
    let scripts = common::attribute_values(&page, "src");
    assert!(scripts.iter().all(|s| s.starts_with('/')), "{scripts:?}");
}

/// The file a page links as `rel="stylesheet"` first (the theme's `style.css`).
fn stylesheet_of(site: &SiteTest, page: &str) -> String {
    let html = site.read(page);
    let href = html
        .split("<link rel=\"stylesheet\" href=\"/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no stylesheet in {page}"));
    site.read(href)
}

/// How many pixels of `picture` have exactly the colour `rgb`.
fn pixels_of(picture: &image::RgbImage, rgb: [u8; 3]) -> usize {
    picture.pixels().filter(|p| p.0 == rgb).count()
}

/// `colors:` brands the site without forking the theme: the stylesheet's variables
/// (text on a light brand turns black; dark mode gets readable shades), the browser's
/// bar, the social card and the PDF's accent.
#[test]
fn the_institution_colours_reach_the_stylesheet_card_browser_and_pdf() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &config_with("colors:\n  brand: \"#FFD100\"\n  accent: \"#006633\"\n  link: \"#7a0019\"\n"),
    )
    .with_pdfs()
    .brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "key_findings: [One.]\n",
        "Body.",
    );
    site.build();
    let css = stylesheet_of(&site, "briefs/a/index.html");
    assert!(
        css.contains(":root { --brand: #ffd100; --brand-ink: #000000;"),
        "the brand colour with black text on it:\n{}",
        &css[css.len().saturating_sub(900)..]
    );
    assert!(css.contains("--accent: #006633;") && css.contains("--link: #7a0019;"));
    let dark = css
        .rsplit("@media (prefers-color-scheme: dark)")
        .next()
        .unwrap();
    assert!(
        dark.contains("--brand: #a18400;") && dark.contains("--accent: #5c9d7c;"),
        "dark mode has its own shades: {dark}"
    );
    // The key findings' box and the chips are tinted with the brand, not the theme's
    // navy, their text darkened (light) or kept bright (dark) until it reads.
    assert!(
        css.contains(
            "--box: #fcf8e4; --chip: #fcf6da; --chip-hover: #fdf3c6; --chip-ink: #826b00;"
        ),
        "{}",
        &css[css.len().saturating_sub(900)..]
    );
    assert!(
        dark.contains(
            "--box: #24241a; --chip: #2c2a19; --chip-hover: #413b16; --chip-ink: #ffd100;"
        ),
        "{dark}"
    );
    let page = site.read("briefs/a/index.html");
    assert!(page.contains("<meta name=\"theme-color\" content=\"#ffd100\">"));

    let card = image::load_from_memory(&fs::read(site.out("briefs/a/card.png")).unwrap())
        .unwrap()
        .to_rgb8();
    assert_eq!(
        card.get_pixel(600, 400).0,
        [0xff, 0xd1, 0x00],
        "card background"
    );
    assert_eq!(card.get_pixel(600, 5).0, [0x00, 0x66, 0x33], "card stripe");

    let pdf = site.out("briefs/a/a.pdf");
    let prefix = site.root().join("page");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "100", "-png", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(&prefix)
        .status()
        .expect("run pdftoppm (Debian package poppler-utils)");
    assert!(status.success());
    let first_page = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("page-"))
        .expect("pdftoppm's picture");
    let picture = image::open(first_page).unwrap().to_rgb8();
    assert!(
        pixels_of(&picture, [0x00, 0x66, 0x33]) > 100,
        "the PDF's rules and kickers are in the accent"
    );
    assert_eq!(
        pixels_of(&picture, [0x9e, 0x1b, 0x32]),
        0,
        "no theme accent left"
    );

    // Without `colors:` the theme's own colours, and no rules added to its stylesheet.
    site.file("site/config.yaml", &config_with(""));
    site.build();
    let css = stylesheet_of(&site, "briefs/a/index.html");
    assert!(!css.contains("colors: from site/config.yaml"));
    assert!(site
        .read("briefs/a/index.html")
        .contains("<meta name=\"theme-color\" content=\"#13294b\">"));
}

/// Every wrong colour or typeface is reported at once at its place: YAML's comment
/// trap (`#` unquoted), unknown keys, text too light to read, a name CSS has but we do
/// not take, a family name that would write into the stylesheet; a stylesheet replaced
/// in `site/static/` leaves `colors:` unapplied, which is said.
#[test]
fn wrong_colours_and_typefaces_are_reported_at_their_places() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &config_with(
            "colors:\n  brand: #7a0019\n  acent: \"#000\"\n  link: \"#ffd100\"\n  accent: navy\ntypography:\n  ui: 'Inter\"; } body { x'\n  titles: Inter\n",
        ),
    )
    .brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    let run = site.run(&["build"]).expect_failure(1);
    for (place, message) in [
        (
            "site/config.yaml:27:3",
            "`colors.brand` is empty: in YAML an unquoted `#` starts a comment",
        ),
        ("site/config.yaml:28:3", "unknown colour `acent`"),
        (
            "site/config.yaml:29:10",
            "`colors.link` #ffd100 is too light for text: 1.1:1",
        ),
        (
            "site/config.yaml:30:11",
            "`colors.accent`: `navy` is not a colour",
        ),
        (
            "site/config.yaml:32:8",
            "`typography.ui` is not a list of font family names",
        ),
        ("site/config.yaml:33:3", "unknown part `titles`"),
    ] {
        let at = run.stderr.find(message).unwrap_or_else(|| {
            panic!("no {message:?} in:\n{}", run.stderr);
        });
        assert!(
            run.stderr[at..].contains(place),
            "{message:?} not at {place}:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("did you mean `accent`?"));
    assert!(run
        .stderr
        .contains("`\"#786200\"` is the closest that reads"));

    site.file(
        "site/config.yaml",
        &config_with("colors:\n  brand: \"#7a0019\"\n"),
    )
    .file("site/static/style.css", "body { color: black; }\n");
    let run = site.build();
    assert!(
        run.stderr.contains("warning[W-stylesheet]")
            && run.stderr.contains("site/config.yaml:26:1"),
        "{}",
        run.stderr
    );
    assert_eq!(
        site.read("style.css"),
        "body { color: black; }\n",
        "the site's own file is published as written"
    );
}

/// The sample site's Noto Sans JP Bold, a font of a family no theme has.
fn noto_font() -> Vec<u8> {
    fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/site/fonts/NotoSansJP-Bold.otf"
    ))
    .unwrap()
}

/// The fonts `pdffonts` lists in a PDF of the site.
fn pdf_fonts(site: &SiteTest, pdf: &str) -> String {
    let output = std::process::Command::new("pdffonts")
        .arg(site.out(pdf))
        .output()
        .expect("run pdffonts (Debian package poppler-utils)");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `typography:` publishes the files of the families it names (a `.woff2` beside an
/// `.otf` offered first), points the stylesheet's variables at them, and the PDFs set
/// their headings in the headings' family.
#[test]
fn the_institution_typefaces_are_published_and_used() {
    let site = SiteTest::new();
    let noto = noto_font();
    site.file(
        "site/config.yaml",
        &config_with("typography:\n  headings: Noto Sans JP\n  body: Noto Sans J\n"),
    )
    .with_pdfs()
    .file("site/fonts/NotoSansJP-Bold.woff2", "a smaller copy")
    .brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "## 日本の見出し\n\nBody.",
    );
    fs::write(site.root().join("site/fonts/NotoSansJP-Bold.otf"), &noto).unwrap();
    let run = site.build();
    assert!(
        run.stderr.contains(
            "warning[W-font]: no font file of the site or theme is of the family `Noto Sans J`"
        ) && run.stderr.contains("did you mean `Noto Sans JP`?"),
        "{}",
        run.stderr
    );
    let css = stylesheet_of(&site, "briefs/a/index.html");
    let rule = css
        .lines()
        .find(|l| l.starts_with("@font-face { font-family: \"Noto Sans JP\";"))
        .unwrap_or_else(|| panic!("no @font-face in {}", &css[css.len() - 600..]));
    assert!(
        rule.contains("font-weight: 700; font-style: normal; font-display: swap;"),
        "{rule}"
    );
    // Both files are published where the rule (relative to the stylesheet, at the
    // site's root) says, the .woff2 first.
    let sources: Vec<&str> = rule
        .split("url(\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(sources.len(), 2, "{rule}");
    assert!(sources[0].starts_with("fonts/NotoSansJP-Bold.") && sources[0].ends_with(".woff2"));
    assert_eq!(fs::read(site.out(sources[0])).unwrap(), b"a smaller copy");
    assert_eq!(fs::read(site.out(sources[1])).unwrap(), noto);
    assert!(css.contains(
        ":root { --serif: \"Noto Sans J\", serif; --headings: \"Noto Sans JP\", var(--serif); }"
    ));

    let fonts = pdf_fonts(&site, "briefs/a/a.pdf");
    assert!(
        fonts.contains("NotoSansJP-Bold"),
        "the heading's family in the PDF:\n{fonts}"
    );

    // The social cards draw their texts in the `ui` family (named in any case).
    let card = fs::read(site.out("briefs/a/card.png")).unwrap();
    site.file(
        "site/config.yaml",
        &config_with("typography:\n  headings: Noto Sans JP\n  ui: noto sans jp\n"),
    );
    site.build();
    assert_ne!(fs::read(site.out("briefs/a/card.png")).unwrap(), card);
    assert!(stylesheet_of(&site, "briefs/a/index.html")
        .contains("--sans: \"noto sans jp\", system-ui, sans-serif;"));
}

/// A role of `typography:` takes a list of families in order, as CSS does: a family of
/// the reader's system followed by a generic family is chosen on purpose (no warning),
/// a name close to a family the site has files of is still a typo, and the PDFs and
/// cards take the first family of the list their fonts have.
#[test]
fn typefaces_fall_back_in_the_order_the_site_lists_them() {
    let site = SiteTest::new();
    let noto = noto_font();
    site.file(
        "site/config.yaml",
        &config_with(
            "typography:\n  body: Georgia, serif\n  headings: [Hiragino Sans, Noto Sans JP, sans-serif]\n  ui: Noto Sans P, System-UI\n",
        ),
    )
    .with_pdfs()
    .brief("a", "2024-01-01", "[soft-power]", "", "## 日本の見出し\n\nBody.");
    fs::create_dir_all(site.root().join("site/fonts")).unwrap();
    fs::write(site.root().join("site/fonts/NotoSansJP-Bold.otf"), &noto).unwrap();
    let run = site.build();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning[W-font]"))
        .collect();
    assert_eq!(
        warnings,
        ["warning[W-font]: no font file of the site or theme is of the family `Noto Sans P`"],
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("did you mean `Noto Sans JP`?"));
    let css = stylesheet_of(&site, "briefs/a/index.html");
    assert!(
        css.contains(":root { --serif: \"Georgia\", serif; --headings: \"Hiragino Sans\", \"Noto Sans JP\", sans-serif; --sans: \"Noto Sans P\", system-ui; }"),
        "{}",
        &css[css.len() - 400..]
    );
    assert_eq!(
        css.matches("@font-face").count(),
        1,
        "only Noto Sans JP has files"
    );

    let fonts = pdf_fonts(&site, "briefs/a/a.pdf");
    assert!(
        fonts.contains("NotoSansJP-Bold"),
        "the first family of the headings' list a PDF font has:\n{fonts}"
    );

    // A family without files and no generic family after it is still a warning, whose
    // help says how to choose the reader's fonts on purpose.
    site.file(
        "site/config.yaml",
        &config_with("typography:\n  body: Georgia\n"),
    );
    let run = site.build();
    assert!(
        run.stderr.contains("`Georgia`")
            && run.stderr.contains("end the list with a generic family"),
        "{}",
        run.stderr
    );
}

/// A family named as older software lists it (a weight in the name: `Inter Semi Bold`,
/// which Typst knows as `Inter`) is found by the PDFs under the name Typst gives it,
/// with no warning that the family is unknown.
#[test]
fn the_pdfs_find_a_family_by_its_legacy_name() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &config_with("typography:\n  body: Inter Semi Bold\n"),
    )
    .with_pdfs()
    .brief("a", "2024-01-01", "[soft-power]", "", "Body text.");
    fs::create_dir_all(site.root().join("site/fonts")).unwrap();
    fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/pdf/fonts/Inter-SemiBold.otf"
        ),
        site.root().join("site/fonts/Inter-SemiBold.otf"),
    )
    .unwrap();
    let run = site.build();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let fonts = pdf_fonts(&site, "briefs/a/a.pdf");
    assert!(
        !fonts.contains("Libertinus"),
        "the body is set in Inter, not the template's serif:\n{fonts}"
    );
}

/// `colors.charts` draws the site's charts in the institution's series colours: the
/// marks' fills (what shows without the stylesheet, in a feed reader), the stylesheet's
/// variables (and rules for series the theme has none for), lighter shades in dark mode
/// that show on its page; checked as Chromium draws the page in both modes.
#[test]
fn the_institution_chart_colours_draw_its_charts() {
    let series = [
        "#0b3d91", "#c8661d", "#2e8540", "#6f2c91", "#a31f34", "#5b6470", "#00727a",
    ];
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &config_with(&format!(
            "colors:\n  charts: [{}]\n",
            series.map(|c| format!("\"{c}\"")).join(", ")
        )),
    )
    .brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "```chart\ntype: bar\ntitle: Seven series\nx: year\ny: [a, b, c, d, e, f, g]\ndata: |\n  year,a,b,c,d,e,f,g\n  2023,1,2,3,4,5,6,7\n  2024,2,3,4,5,6,7,8\n```\n",
    );
    site.build();
    let page = site.read("briefs/a/index.html");
    for (i, color) in series.iter().enumerate() {
        let mark = format!("class=\"mark series-{}\"", i + 1);
        let at = page.find(&mark).unwrap_or_else(|| panic!("no {mark}"));
        assert!(
            page[at..at + 200].contains(&format!("fill=\"{color}\"")),
            "{}",
            &page[at..at + 200]
        );
    }
    let css = stylesheet_of(&site, "briefs/a/index.html");
    assert!(css.contains(".chart .series-7 { fill: var(--chart-7); }"));
    assert!(!css.contains(".chart .series-6 { fill: var(--chart-6); }\n.chart .chart-line"));

    let port = common::static_server(&site.out(""), "/");
    let output = std::process::Command::new("node")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/browser/computed.mjs"
        ))
        .arg(format!("http://127.0.0.1:{port}/briefs/a/"))
        .args([".chart rect.mark", "fill"])
        .output()
        .expect("run node (install Node.js; see README)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let shown: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rgb = |hex: &str| {
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
        format!("rgb({}, {}, {})", channel(1), channel(3), channel(5))
    };
    // Each series' two bars in turn: the first of each.
    let first_bars = |scheme: &str| -> Vec<String> {
        let fills = shown[scheme].as_array().unwrap();
        assert_eq!(fills.len(), 14, "{shown}");
        fills
            .iter()
            .step_by(2)
            .map(|f| f.as_str().unwrap().to_string())
            .collect()
    };
    let light: Vec<String> = series.iter().map(|c| rgb(c)).collect();
    assert_eq!(first_bars("light"), light, "{shown}");
    let dark_css = css
        .rsplit("@media (prefers-color-scheme: dark)")
        .next()
        .unwrap();
    let dark: Vec<String> = (1..=7)
        .map(|n| {
            let variable = format!("--chart-{n}: ");
            let at = dark_css.find(&variable).unwrap() + variable.len();
            rgb(&dark_css[at..at + 7])
        })
        .collect();
    assert_eq!(first_bars("dark"), dark, "{shown}");
    assert_ne!(dark, light, "dark mode has lighter shades");

    // A chart colour too light to show, one that is not a colour, a list that is not.
    site.file(
        "site/config.yaml",
        &config_with("colors:\n  charts: [\"#0b3d91\", \"#ffd100\", navy]\n"),
    );
    let run = site.run(&["build"]).expect_failure(1);
    for message in [
        "`colors.charts[1]` #ffd100 is too light for a chart's marks: 1.1:1 against the theme's background #e8e3d6, where 3:1 is needed",
        "`colors.charts[2]`: `navy` is not a colour",
    ] {
        assert!(run.stderr.contains(message), "{message}\n{}", run.stderr);
    }
    site.file(
        "site/config.yaml",
        &config_with("colors:\n  charts: \"#0b3d91\"\n"),
    );
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("`colors.charts` is not a list of colours");
}

/// A family delivered only as `.woff2` (as type foundries and brand agencies often
/// deliver web fonts) is published and named in the stylesheet with its weight and
/// style, read from the WOFF2 file itself.
#[test]
fn a_family_delivered_as_woff2_alone_is_published() {
    let site = SiteTest::new();
    let woff2 = fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/fonts/StatecraftTest-BoldItalic.woff2"
    ))
    .unwrap();
    site.file(
        "site/config.yaml",
        &config_with("typography:\n  body: Statecraft Test, Georgia, serif\n"),
    )
    .brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    fs::create_dir_all(site.root().join("site/fonts")).unwrap();
    fs::write(
        site.root()
            .join("site/fonts/StatecraftTest-BoldItalic.woff2"),
        &woff2,
    )
    .unwrap();
    let run = site.build();
    assert!(!run.stderr.contains("W-font"), "{}", run.stderr);
    let css = stylesheet_of(&site, "briefs/a/index.html");
    let rule = css
        .lines()
        .find(|l| l.starts_with("@font-face { font-family: \"Statecraft Test\";"))
        .unwrap_or_else(|| panic!("no @font-face in {}", &css[css.len() - 600..]));
    assert!(
        rule.contains(") format(\"woff2\"); font-weight: 700; font-style: italic;"),
        "{rule}"
    );
    let source = rule
        .split("url(\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(
        source.starts_with("fonts/StatecraftTest-BoldItalic."),
        "{source}"
    );
    assert_eq!(fs::read(site.out(source)).unwrap(), woff2);
    assert!(css.contains("--serif: \"Statecraft Test\", \"Georgia\", serif;"));
}

/// The shades derived from a brand colour keep every text readable (WCAG AA) in light
/// and dark mode, including the footer's newsletter button, whose text in dark mode was
/// the footer link colour on the raised shade (3.8:1 with #0072ce). axe-core in headless
/// Chromium checks the pages.
#[test]
fn every_text_reads_on_the_shades_of_common_brand_colours() {
    for brand in ["#0072ce", "#e87722", "#777777"] {
        let site = SiteTest::new();
        site.file(
            "site/config.yaml",
            &config_with(&format!(
                "newsletter: https://example.org/subscribe/\ncolors:\n  brand: \"{brand}\"\n"
            )),
        )
        .brief("a", "2024-01-01", "[soft-power]", "", "Body.");
        site.build();
        let port = common::static_server(&site.out(""), "/");
        let output = std::process::Command::new("node")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/browser/accessibility.mjs"
            ))
            .arg(format!("http://127.0.0.1:{port}"))
            .args(["/briefs/a/", "/"])
            .output()
            .expect("run node (install Node.js; see README)");
        assert!(
            output.status.success(),
            "brand {brand}:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// A menu marks the section a page is in, once: entries that lead further into the
/// section (one topic's page) are not all announced as the current page.
#[test]
fn a_menu_marks_only_the_entry_of_the_current_section() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &config_with(
            r#"menus:
  main:
    - {name: Topics, url: /topics/}
    - {name: Soft power, url: "[[topic:soft-power]]"}
    - {name: Hard power, url: "[[topic:hard-power]]"}
    - {name: About, url: about.md}
"#,
        ),
    )
    .file("site/pages/about.md", "---\ntitle: About\n---\nAbout us.\n")
    .brief("a", "2024-01-01", "[soft-power, hard-power]", "", "Body.");
    site.build();
    let current = |page: &str| -> Vec<String> {
        let html = site.read(page);
        let start = html.find("class=\"site-nav\"").expect("main menu");
        let nav = &html[start..start + html[start..].find("</nav>").unwrap()];
        nav.split("<a ")
            .filter(|a| a.contains("aria-current"))
            .map(|a| a[a.find('>').unwrap() + 1..a.find("</a>").unwrap()].to_string())
            .collect()
    };
    assert_eq!(current("topics/soft-power/index.html"), ["Topics"]);
    assert_eq!(current("topics/index.html"), ["Topics"]);
    assert_eq!(current("about/index.html"), ["About"]);
    assert!(current("index.html").is_empty());
}

/// A wide logo (a wordmark) keeps its proportions in the header and the footer, where
/// it was squeezed into a square. Measured in headless Chromium.
#[test]
fn a_wide_logo_keeps_its_proportions() {
    let mut wordmark = Vec::new();
    image::RgbImage::from_pixel(1200, 630, image::Rgb([19, 41, 75]))
        .write_to(
            &mut std::io::Cursor::new(&mut wordmark),
            image::ImageFormat::Png,
        )
        .unwrap();
    let site = SiteTest::new();
    site.file("site/config.yaml", &config_with("logo: wordmark.png\n"))
        .brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    fs::create_dir_all(site.root().join("site/static")).unwrap();
    fs::write(site.root().join("site/static/wordmark.png"), &wordmark).unwrap();
    site.build();
    let port = common::static_server(&site.out(""), "/");
    let measure = |selector: &str, property: &str| -> Vec<f64> {
        let output = std::process::Command::new("node")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/browser/computed.mjs"
            ))
            .arg(format!("http://127.0.0.1:{port}/briefs/a/"))
            .args([selector, property])
            .output()
            .expect("run node (install Node.js; see README)");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let shown: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        shown["light"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().trim_end_matches("px").parse().unwrap())
            .collect()
    };
    for selector in [".brand-logo", ".footer-logo"] {
        let (width, height) = (measure(selector, "width"), measure(selector, "height"));
        assert_eq!(width.len(), 1, "{selector}");
        let ratio = width[0] / height[0];
        assert!(
            (ratio - 1200.0 / 630.0).abs() < 0.05,
            "{selector} is drawn {}x{}",
            width[0],
            height[0]
        );
    }
}

/// A logo SVG that shows an image from elsewhere is reported once, at the `logo:` line
/// of the configuration; every brief's PDF failed with an error blaming the brief.
#[test]
fn a_logo_showing_an_image_from_elsewhere_is_reported_at_the_configuration() {
    let site = SiteTest::new();
    site.file("site/config.yaml", &config_with("logo: mark.svg\n"))
        .file(
            "site/static/mark.svg",
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><image href="https://tracker.example/x.png" width="40" height="40"/></svg>"#,
        )
        .with_pdfs()
        .brief("a", "2024-01-01", "[soft-power]", "", "Body.")
        .brief("b", "2024-01-02", "[soft-power]", "", "Body.");
    let run = site.run(&["build"]).expect_failure(1);
    let line = common::CONFIG.lines().count() + 1;
    assert!(
        run.stderr.contains(&format!("site/config.yaml:{line}:"))
            && run.stderr.contains("https://tracker.example/x.png"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("error[").count(), 1, "{}", run.stderr);
}

/// Text in a logo set in a generic family (`sans-serif`, as drawing programs write it)
/// is drawn on the social card, in the card's typeface; it was left out.
#[test]
fn a_logos_text_in_a_generic_family_is_drawn_on_the_card() {
    let logo = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="#13294b"/><text x="2" y="32" font-family="Helvetica, Arial, sans-serif" font-size="34" font-weight="bold" fill="#ff0000">HI</text></svg>"##;
    let site = SiteTest::new();
    site.file("site/config.yaml", &config_with("logo: logo.svg\n"))
        .file("site/static/logo.svg", logo)
        .brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    site.build();
    let card = image::load_from_memory(&fs::read(site.out("briefs/a/card.png")).unwrap())
        .unwrap()
        .to_rgb8();
    assert!(
        pixels_of(&card, [255, 0, 0]) > 20,
        "the logo's text is on the card"
    );
}

/// A condensed face of a family is published with its width (`font-stretch`), so the
/// browser keeps it for condensed text; without it, the last rule of a weight won and
/// headings were set condensed on the web (not in the PDF).
#[test]
fn a_condensed_face_is_published_with_its_width() {
    let regular = fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/fonts/Inter-Regular.otf"
    ))
    .unwrap();
    // The same face, its OS/2 width class (offset 6 of the table) set to 3, condensed.
    let mut condensed = regular.clone();
    let tables = u16::from_be_bytes([regular[4], regular[5]]) as usize;
    let record = (0..tables)
        .map(|i| 12 + 16 * i)
        .find(|at| &regular[*at..at + 4] == b"OS/2")
        .expect("an OS/2 table");
    let os2 = u32::from_be_bytes(regular[record + 8..record + 12].try_into().unwrap()) as usize;
    condensed[os2 + 6..os2 + 8].copy_from_slice(&3u16.to_be_bytes());
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &config_with("typography:\n  ui: Inter\n"),
    )
    .brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    fs::create_dir_all(site.root().join("site/fonts")).unwrap();
    fs::write(
        site.root().join("site/fonts/InterCondensed-Regular.otf"),
        &condensed,
    )
    .unwrap();
    site.build();
    let css = stylesheet_of(&site, "briefs/a/index.html");
    let rules: Vec<&str> = css
        .lines()
        .filter(|l| {
            l.starts_with("@font-face { font-family: \"Inter\";") && l.contains("font-weight: 400;")
        })
        .collect();
    assert_eq!(rules.len(), 2, "{rules:?}");
    let condensed_rule = rules.iter().find(|r| r.contains("InterCondensed")).unwrap();
    assert!(
        condensed_rule.contains("font-stretch: 75%;"),
        "{condensed_rule}"
    );
    let normal_rule = rules
        .iter()
        .find(|r| !r.contains("InterCondensed"))
        .unwrap();
    assert!(!normal_rule.contains("font-stretch"), "{normal_rule}");
}

/// A file in `site/templates/` that replaces no theme template and that no template
/// uses (a misspelt name) is a warning naming the template meant; one that an override
/// includes is not.
#[test]
fn an_override_that_replaces_nothing_is_a_warning() {
    let site = SiteTest::new();
    let page = String::from_utf8(
        fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/templates/page.html"
        ))
        .unwrap(),
    )
    .unwrap();
    site.file("site/templates/breif.html", "{{ brief.title }}")
        .file("site/templates/partials/notice.html", "<p>Notice</p>")
        .file(
            "site/templates/page.html",
            &page.replacen(
                "{% block content %}",
                "{% block content %}{% include \"partials/notice.html\" %}",
                1,
            ),
        )
        .file("site/pages/about.md", "---\ntitle: About\n---\nAbout us.\n")
        .brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    let run = site.build();
    assert!(site.read("about/index.html").contains("<p>Notice</p>"));
    assert!(
        run.stderr.contains("warning[W-template]")
            && run.stderr.contains("site/templates/breif.html")
            && run
                .stderr
                .contains("did you mean `site/templates/brief.html`?"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("W-template").count(),
        1,
        "{}",
        run.stderr
    );
}

/// Every page says what it shows when it is shared: the home page, list pages,
/// standalone and author pages had no OpenGraph tags at all (only briefs did), so a
/// shared link showed no title and no picture. The pages that are not briefs show the
/// site's own card, `card.png`.
#[test]
fn every_page_has_opengraph_tags_and_the_site_card() {
    let site = SiteTest::new();
    site.file(
        "site/pages/about.md",
        "---\ntitle: About us\nsummary: Who we are & why.\n---\nAbout us.\n",
    )
    .brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "authors: [ana]\n",
        "Body.",
    );
    site.build();
    let meta = |page: &str, property: &str| -> Vec<String> {
        let html = site.read(page);
        let start = format!("<meta property=\"og:{property}\" content=\"");
        html.match_indices(&start)
            .map(|(at, _)| {
                let value = &html[at + start.len()..];
                value[..value.find('"').unwrap()].to_string()
            })
            .collect()
    };
    let card = "https://example.org/site-card.png";
    // (page, og:type, og:title, og:description, og:url, og:image)
    let expected = [
        (
            "index.html",
            "website",
            "Test Briefs",
            "Briefs for tests",
            "https://example.org/",
            card,
        ),
        (
            "about/index.html",
            "website",
            "About us",
            "Who we are &amp; why.",
            "https://example.org/about/",
            card,
        ),
        (
            "topics/soft-power/index.html",
            "website",
            "Soft power",
            "Attraction.",
            "https://example.org/topics/soft-power/",
            card,
        ),
        (
            "authors/ana/index.html",
            "profile",
            "Ana Ortiz",
            "Ana writes about alliances.",
            "https://example.org/authors/ana/",
            card,
        ),
        (
            "briefs/a/index.html",
            "article",
            "Brief a",
            "Summary of a.",
            "https://example.org/briefs/a/",
            "https://example.org/briefs/a/card.png",
        ),
    ];
    for (page, kind, title, description, url, image) in expected {
        assert_eq!(meta(page, "type"), [kind], "{page}");
        assert_eq!(meta(page, "title"), [title], "{page}");
        assert_eq!(meta(page, "description"), [description], "{page}");
        assert_eq!(meta(page, "url"), [url], "{page}");
        assert_eq!(meta(page, "site_name"), ["Test Briefs"], "{page}");
        assert_eq!(meta(page, "locale"), ["en_US"], "{page}");
        assert_eq!(meta(page, "image"), [image], "{page}");
    }
    assert_eq!(
        png_size(&fs::read(site.out("site-card.png")).unwrap()),
        (1200, 630)
    );
    // Every page has each tag once, with its own address.
    for file in common::files_under(&site.out("")) {
        let redirect =
            file.ends_with(".html") && site.read(&file).contains("http-equiv=\"refresh\"");
        if !file.ends_with(".html") || redirect {
            continue;
        }
        for property in ["type", "title", "url", "site_name", "locale", "image"] {
            assert_eq!(meta(&file, property).len(), 1, "og:{property} of {file}");
        }
        let url = meta(&file, "url").remove(0);
        if file == "404.html" {
            continue;
        }
        assert_eq!(
            url,
            format!(
                "https://example.org/{}",
                file.trim_end_matches("index.html")
            ),
            "{file}"
        );
    }

    // Without social cards there is no picture to show but a brief's own.
    site.file("site/config.yaml", &config_with("social_cards: false\n"));
    site.build();
    assert!(!site.exists("site-card.png"));
    assert!(meta("index.html", "image").is_empty());
    assert_eq!(meta("index.html", "title"), ["Test Briefs"]);
}

/// Every page has the X (Twitter) card tags, once, with the words and picture of its
/// OpenGraph tags: only brief pages had them, so a page shared on X showed neither
/// the page's title nor the site's card. A page with no wide picture (an author's
/// photo, or no card at all) is a `summary` card.
#[test]
fn every_page_has_twitter_card_tags_matching_its_opengraph_tags() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &config_with("social:\n  x: \"@testinstitute\"\n"),
    )
    .file("site/static/people/rosa.jpg", "not really a jpeg")
    .file(
        "site/authors/rosa-diaz.md",
        "---\nname: Rosa Díaz\nphoto: people/rosa.jpg\n---\nRosa studies energy.\n",
    )
    .file(
        "site/pages/about.md",
        "---\ntitle: About us\nsummary: Who we are & why.\n---\nAbout us.\n",
    )
    .brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "authors: [ana, rosa-diaz]\nseries: {name: Energy, part: 1}\n",
        "Body.",
    );
    site.build();
    let tags = |page: &str, attribute: &str, name: &str| -> Vec<String> {
        let html = site.read(page);
        let start = format!("<meta {attribute}=\"{name}\" content=\"");
        html.match_indices(&start)
            .map(|(at, _)| {
                let value = &html[at + start.len()..];
                value[..value.find('"').unwrap()].to_string()
            })
            .collect()
    };
    let twitter = |page: &str, name: &str| tags(page, "name", &format!("twitter:{name}"));
    let og = |page: &str, name: &str| tags(page, "property", &format!("og:{name}"));
    let card = "https://example.org/site-card.png";
    // (page, twitter:card, twitter:title, twitter:image)
    let expected = [
        ("index.html", "summary_large_image", "Test Briefs", card),
        ("about/index.html", "summary_large_image", "About us", card),
        (
            "briefs/index.html",
            "summary_large_image",
            "All publications | Test Briefs",
            card,
        ),
        (
            "topics/soft-power/index.html",
            "summary_large_image",
            "Soft power",
            card,
        ),
        (
            "authors/ana/index.html",
            "summary_large_image",
            "Ana Ortiz",
            card,
        ),
        (
            "authors/rosa-diaz/index.html",
            "summary",
            "Rosa Díaz",
            "https://example.org/people/rosa.jpg",
        ),
        (
            "briefs/a/index.html",
            "summary_large_image",
            "Brief a",
            "https://example.org/briefs/a/card.png",
        ),
    ];
    for (page, kind, title, image) in expected {
        assert_eq!(twitter(page, "card"), [kind], "{page}");
        assert_eq!(twitter(page, "title"), [title], "{page}");
        assert_eq!(twitter(page, "image"), [image], "{page}");
    }
    assert_eq!(
        twitter("about/index.html", "description"),
        ["Who we are &amp; why."]
    );
    // Every page has each tag once, the same as its OpenGraph tag.
    let mut pages = 0;
    for file in common::files_under(&site.out("")) {
        let redirect =
            file.ends_with(".html") && site.read(&file).contains("http-equiv=\"refresh\"");
        if !file.ends_with(".html") || redirect {
            continue;
        }
        pages += 1;
        assert_eq!(twitter(&file, "card").len(), 1, "twitter:card of {file}");
        assert_eq!(twitter(&file, "site"), ["@testinstitute"], "{file}");
        for (name, property) in [
            ("title", "title"),
            ("description", "description"),
            ("image", "image"),
            ("image:alt", "image:alt"),
        ] {
            let value = twitter(&file, name);
            assert_eq!(value.len(), 1, "twitter:{name} of {file}");
            assert_eq!(value, og(&file, property), "twitter:{name} of {file}");
        }
    }
    assert!(pages > 10, "{pages} pages");
    common::assert_valid_html(&[&site.out("")]);

    // Without social cards a page that is not a brief has no picture to show.
    site.file(
        "site/config.yaml",
        &common::CONFIG.replace(
            "title: Test Briefs",
            "title: Test Briefs\nsocial_cards: false",
        ),
    );
    site.build();
    assert_eq!(twitter("index.html", "card"), ["summary"]);
    assert!(twitter("index.html", "image").is_empty());
    assert!(twitter("index.html", "site").is_empty());
    assert_eq!(twitter("index.html", "title"), ["Test Briefs"]);
}

/// `og:locale` is `language_TERRITORY` as OpenGraph reads it: the territory the tag
/// gives, else the language's usual one; a language with neither has none. It was the
/// tag with `_` for `-`: `en`, `ru`, which OpenGraph does not take.
#[test]
fn og_locale_names_a_territory() {
    for (language, locale) in [
        ("en", Some("en_US")),
        ("ru", Some("ru_RU")),
        ("ja", Some("ja_JP")),
        ("en-GB", Some("en_GB")),
        ("fi", None),
    ] {
        let site = SiteTest::new();
        site.file(
            "site/config.yaml",
            &common::CONFIG.replace("language: en", &format!("language: {language}")),
        )
        .brief("a", "2024-01-01", "[soft-power]", "", "Body.");
        site.build();
        for page in ["index.html", "briefs/a/index.html"] {
            let html = site.read(page);
            match locale {
                Some(locale) => assert!(
                    html.contains(&format!(
                        "<meta property=\"og:locale\" content=\"{locale}\">"
                    )),
                    "{language}: {page}"
                ),
                None => assert!(!html.contains("og:locale"), "{language}: {page}"),
            }
        }
    }
}

/// The logo's `<img>` has the logo's own proportions, 40 pixels high in the header and
/// 48 in the footer, so the browser keeps its place before it loads; it was always
/// `width="40" height="40"`, a square whatever the logo.
#[test]
fn the_logo_img_has_the_logos_proportions() {
    let site = SiteTest::new();
    site.file("site/config.yaml", &config_with("logo: wordmark.svg\n"))
        .file(
            "site/static/wordmark.svg",
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 630"><rect width="1200" height="630" fill="#13294b"/></svg>"##,
        )
        .brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    site.build();
    let page = site.read("briefs/a/index.html");
    assert!(
        page.contains(
            "<img class=\"brand-logo\" src=\"/wordmark.svg\" alt=\"\" width=\"76\" height=\"40\">"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "<img class=\"footer-logo\" src=\"/wordmark.svg\" alt=\"\" width=\"91\" height=\"48\">"
        ),
        "{page}"
    );

    // A raster logo, taller than wide.
    let mut tall = Vec::new();
    image::RgbImage::from_pixel(50, 100, image::Rgb([19, 41, 75]))
        .write_to(
            &mut std::io::Cursor::new(&mut tall),
            image::ImageFormat::Png,
        )
        .unwrap();
    fs::write(site.root().join("site/static/tall.png"), &tall).unwrap();
    site.file("site/config.yaml", &config_with("logo: tall.png\n"));
    site.build();
    let page = site.read("index.html");
    assert!(
        page.contains(
            "class=\"brand-logo\" src=\"/tall.png\" alt=\"\" width=\"20\" height=\"40\">"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "class=\"footer-logo\" src=\"/tall.png\" alt=\"\" width=\"24\" height=\"48\">"
        ),
        "{page}"
    );
}

/// A component of `site/shortcodes/` named like one of the theme's replaces it in
/// briefs, as the README says; the theme's own page components (`components.html`,
/// such as `pagination`) are another set, which a shortcode of that name leaves alone.
#[test]
fn a_site_component_replaces_the_themes_of_its_name() {
    let site = SiteTest::new();
    site.file(
        "site/shortcodes/pullquote.html",
        "{% component pullquote(by=\"\", role=\"\") -%}\n<blockquote class=\"our-quote\">{{ body | safe }}</blockquote>\n{%- endcomponent pullquote %}\n",
    )
    .file(
        "site/shortcodes/pagination.html",
        "{% component pagination(label=\"\") -%}\n<p class=\"our-pagination\">{{ label }}</p>\n{%- endcomponent pagination %}\n",
    )
    .brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "{{< pullquote by=\"X\" >}}\nQuoted.\n{{< /pullquote >}}\n\n{{< pagination label=\"Ours\" >}}",
    );
    // Enough briefs for the list of all briefs to have pages (`2 × page_size`).
    for n in 0..20 {
        site.brief(&format!("b{n}"), "2023-01-01", "[soft-power]", "", "Body.");
    }
    let run = site.build();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let page = site.read("briefs/a/index.html");
    assert!(
        page.contains("<blockquote class=\"our-quote\"><p>Quoted.</p>"),
        "{page}"
    );
    assert!(
        page.contains("<p class=\"our-pagination\">Ours</p>"),
        "{page}"
    );
    assert!(!page.contains("class=\"pullquote"), "{page}");
    // The list pages still page with the theme's component.
    let list = site.read("briefs/index.html");
    assert!(list.contains("class=\"pagination"), "{list}");
    assert!(!list.contains("our-pagination"), "{list}");
}
