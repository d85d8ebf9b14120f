//! Citations from a site's `references.bib`: `[@key]` in a brief becomes a formatted
//! citation (or a note) in the site's CSL style, and the brief gets a References list.

mod common;

use common::SiteTest;

/// Real works, with the metadata their publishers give.
const REFERENCES: &str = r#"@book{nye2004,
  author    = {Nye, Jr., Joseph S.},
  title     = {Soft Power: The Means to Success in World Politics},
  publisher = {PublicAffairs},
  address   = {New York},
  year      = {2004},
}

@article{nye1990,
  author  = {Nye, Joseph S.},
  title   = {Soft Power},
  journal = {Foreign Policy},
  number  = {80},
  pages   = {153--171},
  year    = {1990},
  doi     = {10.2307/1148580},
}

@book{samuels2007,
  author    = {Samuels, Richard J.},
  title     = {Securing Japan: Tokyo's Grand Strategy and the Future of East Asia},
  publisher = {Cornell University Press},
  address   = {Ithaca, NY},
  year      = {2007},
}
"#;

const BODY: &str = "Attraction matters [@nye2004, p. 12]. It has a history [@nye1990; @samuels2007, pp. 3-4].\n\nAnd again [@nye2004, p. 15].";

fn citing_site(style: Option<&str>) -> SiteTest {
    let site = SiteTest::new();
    if let Some(style) = style {
        site.file(
            "site/config.yaml",
            &format!("{}bibliography:\n  style: {style}\n", common::CONFIG),
        );
    }
    site.file("site/references.bib", REFERENCES)
        .brief("cites", "2024-01-01", "[soft-power]", "", BODY)
        .brief(
            "plain",
            "2024-01-02",
            "[soft-power]",
            "",
            "No citations here.",
        );
    site
}

/// The References section of a brief page, as its list items.
fn references(html: &str) -> Vec<String> {
    let Some(start) = html.find("<ul class=\"references-list\">") else {
        return Vec::new();
    };
    let end = html[start..].find("</ul>").unwrap() + start;
    html[start..end]
        .split("<li>")
        .skip(1)
        .map(|item| item.trim_end().trim_end_matches("</li>").to_string())
        .collect()
}

#[test]
fn chicago_author_date_is_the_default_style() {
    let site = citing_site(None);
    site.build();
    let html = site.read("briefs/cites/index.html");
    assert!(
        html.contains("Attraction matters <span class=\"citation\">(Nye 2004, 12)</span>."),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"citation\">(Nye 1990; Samuels 2007, 3–4)</span>"),
        "{html}"
    );
    assert!(html.contains("<span class=\"citation\">(Nye 2004, 15)</span>"));
    assert_eq!(
        references(&html),
        [
            "Nye, Joseph S. 1990. “Soft Power.” <i>Foreign Policy</i>, no. 80: 153–71. <a href=\"https://doi.org/10.2307/1148580\">https://doi.org/10.2307/1148580</a>.",
            "Nye, Joseph S., Jr. 2004. <i>Soft Power: The Means to Success in World Politics</i>. PublicAffairs.",
            "Samuels, Richard J. 2007. <i>Securing Japan: Tokyo&#39;s Grand Strategy and the Future of East Asia</i>. Cornell University Press.",
        ]
    );
    assert!(
        html.contains("<a href=\"#references\">References</a>") || !html.contains("id=\"toc\"")
    );
}

#[test]
fn apa_formats_the_same_citations_its_own_way() {
    let site = citing_site(Some("apa"));
    site.build();
    let html = site.read("briefs/cites/index.html");
    assert!(
        html.contains("<span class=\"citation\">(Nye, 2004, p. 12)</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"citation\">(Nye, 1990; Samuels, 2007, pp. 3–4)</span>"),
        "{html}"
    );
    assert_eq!(
        references(&html),
        [
            "Nye, J. S. (1990). Soft Power. <i>Foreign Policy</i>, (80), 153–171. <a href=\"https://doi.org/10.2307/1148580\">https://doi.org/10.2307/1148580</a>",
            "Nye, J. S., Jr. (2004). <i>Soft Power: The Means to Success in World Politics</i>. PublicAffairs.",
            "Samuels, R. J. (2007). <i>Securing Japan: Tokyo&#39;s Grand Strategy and the Future of East Asia</i>. Cornell University Press.",
        ]
    );
}

#[test]
fn a_note_style_turns_citations_into_footnotes() {
    let site = citing_site(Some("chicago-notes"));
    site.build();
    let html = site.read("briefs/cites/index.html");
    // The note marker follows the punctuation, numbered with the other notes.
    assert!(
        html.contains("Attraction matters.<sup class=\"footnote-ref\"><a href=\"#fn-1\""),
        "{html}"
    );
    assert!(
        html.contains("<li id=\"fn-1\"><p>Joseph S. Nye Jr., <i>Soft Power: The Means to Success in World Politics</i> (PublicAffairs, 2004), 12. <a href=\"#fnref-1\""),
        "{html}"
    );
    // A later citation of the same work is shortened, as Chicago asks.
    assert!(
        html.contains("<li id=\"fn-3\"><p>Nye, <i>Soft Power: The Means to Success in World Politics</i>, 15. <a"),
        "{html}"
    );
    assert!(!html.contains("class=\"citation\""));
    assert_eq!(references(&html).len(), 3);
    assert!(references(&html)[1].starts_with("Nye, Joseph S., Jr. <i>Soft Power"));
}

#[test]
fn a_brief_without_citations_has_no_references_section() {
    let site = citing_site(None);
    site.build();
    let html = site.read("briefs/plain/index.html");
    assert!(!html.contains("id=\"references\""), "{html}");
    assert!(references(&html).is_empty());
}

#[test]
fn an_unknown_key_is_an_error_at_the_key_with_a_suggestion() {
    let site = citing_site(None);
    // Another problem elsewhere: every problem is reported in one run.
    site.brief(
        "cites",
        "2024-01-01",
        "[soft-power]",
        "",
        "Attraction matters [@nye2004; @nye2005, p. 12].",
    )
    .brief("typo", "2024-01-03", "[soft-powr]", "", "Text.");
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("error[E-unknown-citation]: `@nye2005` is not in the bibliography `site/references.bib`")
        .expect_stderr("--> briefs/cites.md:7:31")
        .expect_stderr("help: did you mean `nye2004`?")
        .expect_stderr("error[E-unknown-topic]");
    assert!(!site.exists("briefs/cites/index.html"));
}

#[test]
fn a_syntax_error_in_the_bibliography_points_into_it() {
    let site = citing_site(None);
    // A missing comma after a field: the parser stops at the next field, line 12.
    let broken = REFERENCES.replace("  title   = {Soft Power},", "  title   = {Soft Power}");
    site.file("site/references.bib", &broken);
    let run = site
        .run(&["build"])
        .expect_failure(1)
        .expect_stderr("error[E-bibliography]: invalid bibliography: syntax error: expected comma")
        .expect_stderr("--> site/references.bib:12:3")
        .expect_stderr("12 |   journal = {Foreign Policy},");
    // Briefs citing it are not reported again.
    assert!(!run.stderr.contains("E-unknown-citation"), "{}", run.stderr);
}

#[test]
fn citing_without_a_bibliography_is_an_error_with_a_hint() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "As argued [@nye2004].",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr(
            "error[E-no-bibliography]: this cites a work, but the site has no bibliography",
        )
        .expect_stderr("--> briefs/a.md:7:11")
        .expect_stderr("create `site/references.bib`");
}

#[test]
fn an_unknown_style_is_a_configuration_error_with_a_suggestion() {
    let site = citing_site(Some("chicago-autor-date"));
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-config]: unknown citation style `chicago-autor-date`")
        .expect_stderr("did you mean `chicago-author-date`?");
}

#[test]
fn bibliography_text_is_escaped_and_only_web_links_are_links() {
    let site = SiteTest::new();
    site.file(
        "site/references.bib",
        "@online{x, author = {{R&D <Group>}}, title = {A <script>alert(1)</script> Title}, url = {javascript:alert(1)}, year = {2020}}\n",
    )
    .brief("a", "2024-01-01", "[soft-power]", "", "See [@x].");
    site.build();
    let html = site.read("briefs/a/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(html.contains("R&amp;D &lt;Group&gt;"), "{html}");
    assert!(!html.contains("href=\"javascript:"), "{html}");
}

#[test]
fn text_that_is_not_a_citation_stays_text() {
    let site = citing_site(None);
    site.brief(
        "plain",
        "2024-01-02",
        "[soft-power]",
        "",
        "Write to [someone@example.org] or [see @nye2004]; `[@nye2004]` is code.\n\n[@ref]: https://example.org/ref\n\nA link [@ref].",
    );
    site.build();
    let html = site.read("briefs/plain/index.html");
    assert!(html.contains("[someone@example.org]"), "{html}");
    assert!(html.contains("[see @nye2004]"), "{html}");
    assert!(html.contains("<code>[@nye2004]</code>"), "{html}");
    assert!(
        html.contains("<a href=\"https://example.org/ref\">@ref</a>"),
        "{html}"
    );
    assert!(!html.contains("id=\"references\""));
}

/// A citation in a heading shows formatted in the heading; the contents and the
/// heading's id leave its key out, as excerpts do.
#[test]
fn a_citation_in_a_heading_leaves_its_key_out_of_the_contents_and_the_id() {
    let site = citing_site(None);
    site.brief(
        "cites",
        "2024-01-01",
        "[soft-power]",
        "",
        "## With [@nye2004] a citation\n\nT.\n\n## Two\n\nT.\n\n## Three\n\nT.",
    );
    site.build();
    let html = site.read("briefs/cites/index.html");
    assert!(
        html.contains(
            "<h2 id=\"with-a-citation\">With <span class=\"citation\">(Nye 2004)</span> a citation"
        ),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"#with-a-citation\">With a citation</a>"),
        "{html}"
    );
    assert!(!html.contains("nye2004"), "{html}");
}

#[test]
fn a_translations_citations_speak_its_language() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &format!("{}languages:\n  ru: {{}}\n", common::CONFIG),
    )
    .file(
        "site/references.bib",
        "@book{two, author = {Nye, Joseph S. and Samuels, Richard J.}, title = {Two Views}, publisher = {P}, year = {2010}}\n",
    )
    .brief("cites", "2024-01-01", "[soft-power]", "", "Both agree [@two].")
    .file(
        "briefs/cites.ru.md",
        "---\ntitle: Цитаты\nlang: ru\ntranslation_of: cites\ndate: 2024-01-01\nsummary: Кратко.\ntopics: [soft-power]\n---\nОба согласны [@two].\n",
    );
    site.build();
    let english = site.read("briefs/cites/index.html");
    assert!(english.contains("(Nye and Samuels 2010)"), "{english}");
    // The style's words in Russian: "и" for "and".
    let russian = site.read("ru/briefs/cites/index.html");
    assert!(russian.contains("(Nye и Samuels 2010)"), "{russian}");
    assert!(!russian.contains(" and "), "{russian}");
}

#[test]
fn a_doi_written_as_an_address_is_linked_once_and_a_wrong_one_is_an_error() {
    let site = SiteTest::new();
    site.file(
        "site/references.bib",
        "@article{nye1990,\n  author = {Nye, Joseph S.},\n  title = {Soft Power},\n  journal = {Foreign Policy},\n  year = {1990},\n  doi = {https://doi.org/10.2307/1148580},\n}\n",
    )
    .brief("cites", "2024-01-01", "[soft-power]", "", "See [@nye1990].");
    site.build();
    let html = site.read("briefs/cites/index.html");
    assert!(
        html.contains("<a href=\"https://doi.org/10.2307/1148580\">"),
        "{html}"
    );
    assert!(!html.contains("doi.org/https"), "{html}");

    site.file(
        "site/references.bib",
        "@article{nye1990,\n  author = {Nye, Joseph S.},\n  title = {Soft Power},\n  journal = {Foreign Policy},\n  year = {1990},\n  doi = {not-a-doi},\n}\n",
    );
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("error[E-bibliography]: `not-a-doi` (the `doi` of `nye1990`) is not a DOI")
        .expect_stderr("--> site/references.bib:6:3");
}

/// A standalone page (a methodology note) cites works as briefs do: formatted
/// citations, its own References list, and the same errors at the citation.
#[test]
fn a_standalone_page_cites_works_and_lists_them() {
    let site = citing_site(None);
    let page = "---\ntitle: Methodology\n---\n\nWe weigh attraction as Nye does [@nye2004, p. 12].\n\nWritten as text: \\[@nye1990].\n";
    site.file(
        "site/pages/methodology.md",
        &page.replace("nye2004", "nye2005"),
    );
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr(
            "error[E-unknown-citation]: `@nye2005` is not in the bibliography `site/references.bib`",
        )
        .expect_stderr("--> site/pages/methodology.md:5:34")
        .expect_stderr("help: did you mean `nye2004`?");

    site.file("site/pages/methodology.md", page);
    site.build();
    let html = site.read("methodology/index.html");
    assert!(
        html.contains("as Nye does <span class=\"citation\">(Nye 2004, 12)</span>."),
        "{html}"
    );
    assert!(html.contains("Written as text: [@nye1990]."), "{html}");
    assert_eq!(
        references(&html),
        ["Nye, Joseph S., Jr. 2004. <i>Soft Power: The Means to Success in World Politics</i>. PublicAffairs."]
    );
    assert!(html.contains("<h2 class=\"references-title\" id=\"references\">References</h2>"));

    // Without a bibliography it is the briefs' error, at the page's citation.
    std::fs::remove_file(site.root().join("site/references.bib")).unwrap();
    std::fs::remove_file(site.root().join("briefs/cites.md")).unwrap();
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr(
            "error[E-no-bibliography]: this cites a work, but the site has no bibliography",
        )
        .expect_stderr("--> site/pages/methodology.md:5:33");
}

/// `[the report [@nye2004]](url)`: a citation is a link, and a link cannot hold
/// another, so reading it as one would break the outer link (its brackets and address
/// shown as text). The link stays a link, the citation text, with a warning at it.
#[test]
fn a_citation_inside_a_links_text_keeps_the_link_and_is_a_warning() {
    let site = citing_site(None);
    site.brief(
        "cites",
        "2024-01-01",
        "[soft-power]",
        "",
        "Read [the report [@nye2004]](https://example.org/report) today [@nye1990].",
    );
    site.build()
        .expect_stderr(
            "warning[W-citation-in-link]: a citation inside a link's text is shown as written",
        )
        .expect_stderr("--> briefs/cites.md:7:18")
        .expect_stderr("move the citation after the link");
    let html = site.read("briefs/cites/index.html");
    assert!(
        html.contains("Read <a href=\"https://example.org/report\">the report [@nye2004]</a> today <span class=\"citation\">(Nye 1990)</span>."),
        "{html}"
    );
    assert_eq!(references(&html).len(), 1, "{html}");
}

/// Who published a report or a thesis is its `institution` or `school` in BibTeX; the
/// references left it out in every style.
#[test]
fn a_reports_institution_and_a_thesis_school_are_their_publishers() {
    let site = SiteTest::new();
    site.file(
        "site/references.bib",
        "@techreport{rand2019,\n  author = {Ochmanek, David},\n  title = {Restoring the Power Projection Capabilities},\n  institution = {RAND Corporation},\n  address = {Santa Monica, CA},\n  year = {2019},\n}\n\n@phdthesis{lee2015,\n  author = {Lee, Jiyoung},\n  title = {Alliance Management in East Asia},\n  school = {Georgetown University},\n  year = {2015},\n}\n\n@manual{nato2022,\n  title = {Strategic Concept},\n  organization = {North Atlantic Treaty Organization},\n  publisher = {NATO Public Diplomacy Division},\n  year = {2022},\n}\n",
    )
    .brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "See [@rand2019; @lee2015; @nato2022].",
    );
    for style in ["chicago-author-date", "apa"] {
        site.file(
            "site/config.yaml",
            &format!("{}bibliography:\n  style: {style}\n", common::CONFIG),
        );
        site.build();
        let html = site.read("briefs/a/index.html");
        let references = references(&html);
        assert_eq!(references.len(), 3, "{style}: {html}");
        let of = |author: &str| {
            references
                .iter()
                .find(|r| r.contains(author))
                .unwrap_or_else(|| panic!("{style}: no reference of {author}: {references:?}"))
        };
        assert!(
            of("Ochmanek").contains("RAND Corporation"),
            "{style}: {references:?}"
        );
        assert!(
            of("Lee").contains("Georgetown University"),
            "{style}: {references:?}"
        );
        // A publisher written is kept, not replaced by the organization.
        assert!(
            of("Strategic Concept").contains("NATO Public Diplomacy Division"),
            "{style}: {references:?}"
        );
    }
}

/// BibTeX mistakes are told in the file writer's words, where they are: an entry left
/// open at the end of the file at that entry (not on the empty line after it), a key
/// used twice with the line of the first, a bare word no `@string` defines.
#[test]
fn bibtex_mistakes_are_shown_where_they_are_with_what_to_do() {
    let site = citing_site(None);
    let open =
        format!("{REFERENCES}\n@book{{open2020,\n  title = {{Left open}},\n  year = {{2020}},\n\n");
    site.file("site/references.bib", &open);
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-bibliography]: invalid bibliography: syntax error: this entry is not closed (the file ends inside it)")
        .expect_stderr("--> site/references.bib:27:1")
        .expect_stderr("27 | @book{open2020,")
        .expect_stderr("end the entry with `}` after its last field");

    let twice =
        format!("{REFERENCES}\n@book{{nye1990,\n  title = {{Again}},\n  year = {{1990}},\n}}\n");
    site.file("site/references.bib", &twice);
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("syntax error: the key `nye1990` is used by two entries")
        .expect_stderr("--> site/references.bib:27:1")
        .expect_stderr("the first entry keyed `nye1990` is at line 9");

    let bare = REFERENCES.replace("{Foreign Policy}", "ForeignPolicy");
    site.file("site/references.bib", &bare);
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr(
            "`ForeignPolicy` is written without braces or quotes, and no `@string` defines it",
        )
        .expect_stderr("--> site/references.bib:12:")
        .expect_stderr("write the value in braces (`{ForeignPolicy}`)");
}

/// A year that is no number, a date that is no date and an empty list of names were
/// shown as "20 AD", "n.d." and "Edited by ." without a word; each is an error at it.
#[test]
fn meaningless_dates_and_empty_names_are_errors_at_them() {
    let site = citing_site(None);
    let bad = REFERENCES
        .replace("  year      = {2004},", "  year      = {20x1},")
        .replace("  year    = {1990},", "  date    = {1990-13-45},")
        .replace(
            "  author    = {Samuels, Richard J.},",
            "  author    = {Samuels, Richard J.},\n  editor    = {},",
        );
    site.file("site/references.bib", &bad);
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-bibliography]: `20x1` (the `year` of `nye2004`) is not a year")
        .expect_stderr("--> site/references.bib:6:3")
        .expect_stderr(
            "error[E-bibliography]: `1990-13-45` (the `date` of `nye1990`) is not a date",
        )
        .expect_stderr("--> site/references.bib:15:3")
        .expect_stderr("error[E-bibliography]: the `editor` of `samuels2007` is empty")
        .expect_stderr("--> site/references.bib:21:3");
    // The same values written well build.
    site.file(
        "site/references.bib",
        &REFERENCES.replace("  year    = {1990},", "  date    = {1990-09-01},"),
    );
    site.build();
}
