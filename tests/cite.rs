//! Citation data: BibTeX and RIS records parsed back, JSON-LD parsed as JSON, and the
//! formatted APA and Chicago references.

mod common;

use common::{data_records, SiteTest};

const BIBTEX: &str = "application/x-bibtex";
const RIS: &str = "application/x-research-info-systems";

/// The one record of `media_type` that brief `slug`'s page offers for download.
fn record(site: &SiteTest, slug: &str, media_type: &str) -> String {
    let page = site.read(&format!("briefs/{slug}/index.html"));
    let mut records = data_records(&page, media_type);
    assert_eq!(records.len(), 1, "{page}");
    records.remove(0)
}

/// Prints the citation data of a brief page, so tests read the generator's data.
const PROBE_TEMPLATE: &str = "APA {{ brief.citation.apa | safe }}\nCHICAGO {{ brief.citation.chicago | safe }}\nPDF {{ brief.pdf_url }}\nBIB {{ brief.citation.bib_url }} {{ brief.citation.bib_name }}\nRIS {{ brief.citation.ris_url }} {{ brief.citation.ris_name }}\n<script type=\"application/ld+json\">{{ brief.json_ld | safe }}</script>\n";

fn cited_site() -> SiteTest {
    let site = SiteTest::new();
    site.file("site/templates/brief.html", PROBE_TEMPLATE)
        .file("site/config.yaml", &common::CONFIG.replace("Ben Berg", "Ben van Berg"))
        .brief(
            "kuril",
            "2019-02-18",
            "[hard-power, alliance-dynamics]",
            "subtitle: Why Moscow Will Not Trade Territory\nauthors: [ana, ben]\nnumber: NB-2019-03\ntags: [Kuril Islands, R&D]\nseries: {name: Moscow Reads Tokyo, part: 2}\npdf: files/kuril.pdf\n",
            "Body text.",
        )
        .file("briefs/files/kuril.pdf", "%PDF-1.4 fake");
    site
}

#[test]
fn bibtex_records_parse_back() {
    let site = cited_site();
    site.build();
    let bib = record(&site, "kuril", BIBTEX);
    let parsed = biblatex::Bibliography::parse(&bib).expect("valid BibTeX");
    let entry = parsed.get("kuril").expect("entry keyed by slug");
    assert_eq!(entry.entry_type, biblatex::EntryType::TechReport);
    let authors = entry.author().expect("authors");
    assert_eq!(authors.len(), 2);
    assert_eq!(
        (authors[0].name.as_str(), authors[0].given_name.as_str()),
        ("Ortiz", "Ana")
    );
    // BibTeX keeps "van" as the "von" part of the family name.
    let second = &authors[1];
    assert_eq!(
        (
            second.prefix.as_str(),
            second.name.as_str(),
            second.given_name.as_str()
        ),
        ("van", "Berg", "Ben")
    );
    let field = |name: &str| {
        entry
            .get_as::<String>(name)
            .unwrap_or_else(|e| panic!("{name}: {e:?}"))
    };
    assert_eq!(
        field("title"),
        "Brief kuril: Why Moscow Will Not Trade Territory"
    );
    assert_eq!(field("institution"), "Test Institute");
    assert_eq!(field("number"), "NB-2019-03");
    assert_eq!(field("url"), "https://example.org/briefs/kuril/");
}

#[test]
fn ris_records_parse_back() {
    let site = cited_site();
    site.build();
    let ris = record(&site, "kuril", RIS);
    let fields: Vec<(&str, &str)> = ris
        .lines()
        .map(|line| {
            let (tag, value) = line
                .split_once("  - ")
                .unwrap_or_else(|| panic!("not an RIS line: {line:?}"));
            assert_eq!(tag.len(), 2, "{line:?}");
            (tag, value.trim_end())
        })
        .collect();
    assert_eq!(fields.first(), Some(&("TY", "RPRT")));
    assert_eq!(fields.last(), Some(&("ER", "")));
    let values = |tag: &str| {
        fields
            .iter()
            .filter(|(t, _)| *t == tag)
            .map(|(_, v)| *v)
            .collect::<Vec<_>>()
    };
    assert_eq!(values("AU"), ["Ortiz, Ana", "van Berg, Ben"]);
    assert_eq!(values("DA"), ["2019/02/18"]);
    assert_eq!(
        values("KW"),
        ["Hard power", "Alliance dynamics", "Kuril Islands", "R&D"]
    );
    assert_eq!(values("SN"), ["NB-2019-03"]);
}

#[test]
fn json_ld_is_a_report_with_people_publisher_topics_and_series() {
    let site = cited_site();
    site.build();
    let html = site.read("briefs/kuril/index.html");
    let start = html.find("application/ld+json\">").unwrap() + "application/ld+json\">".len();
    let end = html[start..].find("</script>").unwrap() + start;
    let json: serde_json::Value = serde_json::from_str(&html[start..end]).expect("JSON-LD parses");
    assert_eq!(json["@type"], "Report");
    assert_eq!(json["author"][0]["@type"], "Person");
    assert_eq!(json["author"][0]["affiliation"]["name"], "Fellow");
    assert_eq!(json["publisher"]["@type"], "Organization");
    assert_eq!(json["about"][0]["name"], "Hard power");
    assert_eq!(json["isPartOf"]["@type"], "CreativeWorkSeries");
    assert_eq!(json["datePublished"], "2019-02-18T00:00:00Z");
    assert_eq!(json["reportNumber"], "NB-2019-03");
}

#[test]
fn formatted_citations_in_two_styles() {
    let site = cited_site();
    site.build();
    let html = site.read("briefs/kuril/index.html");
    assert!(html.contains(
        "APA Ortiz, A., &amp; van Berg, B. (2019, February 18). <i>Brief kuril: Why Moscow Will Not Trade Territory</i> (Report No. NB-2019-03) [Policy brief]. Test Institute. https://example.org/briefs/kuril/"
    ), "{html}");
    assert!(html.contains(
        "CHICAGO Ortiz, Ana, and Ben van Berg. <i>Brief kuril: Why Moscow Will Not Trade Territory</i>. Policy brief NB-2019-03. Test Institute, February 18, 2019. https://example.org/briefs/kuril/."
    ), "{html}");
}

#[test]
fn a_title_publisher_or_date_ending_a_sentence_takes_no_second_full_stop() {
    let site = SiteTest::new();
    let config = common::CONFIG.replace("Test Institute", "Test Institute Inc.");
    site.file("site/templates/brief.html", PROBE_TEMPLATE)
        .file(
            "site/config.yaml",
            &format!("{config}languages:\n  ru: {{name: Русский}}\n"),
        )
        .file(
            "briefs/nato.md",
            "---\ntitle: \"Is NATO Obsolete?\"\ndate: 2019-02-18\nsummary: S.\ntopics: [hard-power]\nauthors: [ana]\ntype: commentary\npdf: false\n---\nBody.\n",
        )
        .file(
            "briefs/nato.ru.md",
            "---\ntitle: \"Устарело ли НАТО?\"\nlang: ru\ntranslation_of: nato\ndate: 2019-02-18\nsummary: S.\ntopics: [hard-power]\nauthors: [ana]\ntype: commentary\npdf: false\n---\nТекст.\n",
        );
    site.build();
    let html = site.read("briefs/nato/index.html");
    assert!(html.contains(
        "APA Ortiz, A. (2019, February 18). <i>Is NATO Obsolete?</i> [Commentary]. Test Institute Inc. https://example.org/briefs/nato/\n"
    ), "{html}");
    assert!(html.contains(
        "CHICAGO Ortiz, Ana. <i>Is NATO Obsolete?</i> Commentary. Test Institute Inc., February 18, 2019. https://example.org/briefs/nato/."
    ), "{html}");
    // The Russian date ends with its own full stop ("18 февраля 2019 г.").
    let html = site.read("ru/briefs/nato/index.html");
    assert!(html.contains("<i>Устарело ли НАТО?</i> "), "{html}");
    assert!(
        html.contains("18 февраля 2019 г. https://example.org/ru/briefs/nato/."),
        "{html}"
    );
    assert!(!html.contains("?</i>."), "{html}");
}

#[test]
fn a_pdf_attachment_is_copied_next_to_the_brief() {
    let site = cited_site();
    site.build();
    assert!(site
        .read("briefs/kuril/index.html")
        .contains("PDF /briefs/kuril/kuril.pdf"));
    assert_eq!(site.read("briefs/kuril/kuril.pdf"), "%PDF-1.4 fake");
}

#[test]
fn a_missing_pdf_is_an_error() {
    let site = cited_site();
    std::fs::remove_file(site.root().join("briefs/files/kuril.pdf")).unwrap();
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-missing-file]: `briefs/files/kuril.pdf` does not exist")
        .expect_stderr("--> briefs/kuril.md:11:6");
}

#[test]
fn markup_in_titles_never_escapes_into_citations() {
    let site = SiteTest::new();
    site.file("site/templates/brief.html", PROBE_TEMPLATE).file(
        "briefs/x.md",
        "---\ntitle: \"<script>alert(1)</script> & \\\"Co\\\"\"\ndate: 2024-01-01\nsummary: \"</script><b>\"\ntopics: [soft-power]\n---\nBody.\n",
    );
    site.build();
    let html = site.read("briefs/x/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"),
        "{html}"
    );
    assert_eq!(
        html.matches("</script>").count(),
        1,
        "JSON-LD closed its script early: {html}"
    );
    let bib = record(&site, "x", BIBTEX);
    biblatex::Bibliography::parse(&bib).expect("BibTeX still parses");
}

#[test]
fn records_are_downloads_from_the_page_unless_files_are_asked_for() {
    let site = cited_site();
    site.build();
    let page = site.read("briefs/kuril/index.html");
    assert!(
        page.contains(" kuril.bib\n") && page.contains(" kuril.ris\n"),
        "{page}"
    );
    assert!(!site.exists("briefs/kuril/cite.bib") && !site.exists("briefs/kuril/cite.ris"));
    let (bib, ris) = (record(&site, "kuril", BIBTEX), record(&site, "kuril", RIS));

    // `citation_files: true` writes the same records next to the page, at the
    // addresses they had before, and the page links to them.
    site.file(
        "site/config.yaml",
        &format!(
            "{}citation_files: true\n",
            common::CONFIG.replace("Ben Berg", "Ben van Berg")
        ),
    );
    site.build();
    assert_eq!(site.read("briefs/kuril/cite.bib"), bib);
    assert_eq!(site.read("briefs/kuril/cite.ris"), ris);
    let page = site.read("briefs/kuril/index.html");
    assert!(
        page.contains("BIB /briefs/kuril/cite.bib kuril.bib"),
        "{page}"
    );
    assert!(data_records(&page, BIBTEX).is_empty());
}

#[test]
fn the_default_theme_offers_both_records_for_download() {
    let site = SiteTest::new();
    site.brief("kuril", "2019-02-18", "[hard-power]", "", "Body.");
    site.build();
    let page = site.read("briefs/kuril/index.html");
    for (media_type, name) in [(BIBTEX, "kuril.bib"), (RIS, "kuril.ris")] {
        let records = data_records(&page, media_type);
        assert_eq!(records.len(), 1, "{page}");
        assert!(records[0].contains("https://example.org/briefs/kuril/"));
        assert!(page.contains(&format!("download=\"{name}\"")), "{page}");
    }
}

#[test]
fn names_keys_dois_and_keywords_are_written_as_reference_managers_read_them() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &format!("{}languages:\n  ru: {{}}\n", common::CONFIG),
    )
    .brief(
        "nye",
        "2024-03-12",
        "[soft-power]",
        "authors: [{name: \"Joseph S. Nye, Jr.\"}, {name: \"山田 太郎\"}]\ndoi: 10.5555/ab_c\n",
        "Body.",
    )
    .file(
        "briefs/nye.ru.md",
        "---\ntitle: Най\nlang: ru\ntranslation_of: nye\ndate: 2024-03-12\nsummary: Кратко.\ntopics: [soft-power]\n---\nТекст.\n",
    )
    .file(
        "briefs/kurily.md",
        "---\ntitle: Курилы\nslug: курилы-2024\ndate: 2024-01-01\nsummary: S.\ntopics: [soft-power]\ntags: [Japan]\n---\nBody.\n",
    )
    .file(
        "briefs/moskva.md",
        "---\ntitle: Москва\nslug: москва-2024\ndate: 2024-01-02\nsummary: S.\ntopics: [soft-power]\n---\nBody.\n",
    );
    site.build();

    let bib = record(&site, "nye", BIBTEX);
    let parsed = biblatex::Bibliography::parse(&bib).expect("valid BibTeX");
    let entry = parsed.get("nye").expect("entry keyed by slug");
    let authors = entry.author().expect("authors");
    assert_eq!(
        (
            authors[0].name.as_str(),
            authors[0].given_name.as_str(),
            authors[0].suffix.as_str()
        ),
        ("Nye", "Joseph S.", "Jr."),
        "{bib}"
    );
    assert_eq!(
        (authors[1].name.as_str(), authors[1].given_name.as_str()),
        ("山田", "太郎"),
        "{bib}"
    );
    // A DOI is verbatim: no `\_` in it.
    assert!(bib.contains("doi = {10.5555/ab_c}"), "{bib}");
    assert!(bib.contains("month = mar,"), "{bib}");
    let date = entry.date().expect("a date");
    assert!(format!("{date:?}").contains("2024"), "{date:?}");

    let ris = record(&site, "nye", RIS);
    assert!(ris.contains("AU  - Nye, Joseph S., Jr.\n"), "{ris}");
    assert!(ris.contains("AU  - 山田, 太郎\n"), "{ris}");

    // A translation's record has a key of its own; so does each slug in another script.
    let russian = site.read("ru/briefs/nye/index.html");
    let bib_ru = data_records(&russian, BIBTEX).join("");
    assert!(bib_ru.starts_with("@techreport{nye-ru,"), "{bib_ru}");
    let key = |slug: &str| {
        let page = site.read(&format!("briefs/{slug}/index.html"));
        let bib = data_records(&page, BIBTEX).join("");
        bib[bib.find('{').unwrap() + 1..bib.find(',').unwrap()].to_string()
    };
    let (a, b) = (key("курилы-2024"), key("москва-2024"));
    assert_ne!(a, b);
    assert!(a.is_ascii() && a.starts_with("2024-"), "{a}");

    // The same keywords everywhere, without a separator left dangling.
    let page = site.read("briefs/курилы-2024/index.html");
    assert!(
        page.contains("<meta name=\"citation_keywords\" content=\"Soft power; Japan\">"),
        "{page}"
    );
    let page = site.read("briefs/nye/index.html");
    assert!(
        page.contains("<meta name=\"citation_keywords\" content=\"Soft power\">"),
        "{page}"
    );
    let ris = record(&site, "курилы-2024", RIS);
    assert!(ris.contains("KW  - Soft power\nKW  - Japan\n"), "{ris}");
}
