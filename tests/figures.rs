//! Figures, charts and rich content: files beside briefs copied and checked, numbered
//! figures and tables with cross-references, callouts, components, charts drawn from
//! data, and images made for the web.

mod common;

use std::fs;
use std::path::Path;

use common::SiteTest;

/// Writes a plain PNG of `width` x `height` pixels at `path` under the site root.
fn png(site: &SiteTest, path: &str, width: u32, height: u32) {
    let target = site.root().join(path);
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    image::RgbImage::from_pixel(width, height, image::Rgb([31, 95, 168]))
        .save(&target)
        .expect("write PNG");
}

/// A watch session's rebuild after a change of `paths` (relative to the site root).
fn rebuild(
    session: &mut statecraft::dev::session::Session,
    paths: &[&str],
) -> statecraft::dev::session::Rebuild {
    let paths: Vec<_> = paths.iter().map(|p| Path::new(p).to_path_buf()).collect();
    session.rebuild(&paths).expect("rebuild")
}

/// A brief written as a bundle: `briefs/<slug>/index.md`, its files beside it.
fn bundle(site: &SiteTest, slug: &str, body: &str) {
    site.file(
        &format!("briefs/{slug}/index.md"),
        &format!(
            "---\ntitle: \"Brief {slug}\"\ndate: 2024-01-01\nsummary: \"Summary.\"\ntopics: [soft-power]\n---\n{body}\n"
        ),
    );
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn a_bundle_is_published_under_its_folder_name_with_its_images() {
    let site = SiteTest::new();
    bundle(
        &site,
        "lng",
        "Text.\n\n![Japan's LNG terminals](images/map.png)",
    );
    png(&site, "briefs/lng/images/map.png", 1200, 600);
    site.build();
    let page = site.read("briefs/lng/index.html");
    assert!(
        page.contains(r#"src="/briefs/lng/images/map.png""#),
        "{page}"
    );
    assert!(page.contains(r#"width="1200" height="600""#));
    assert_eq!(
        fs::read(site.out("briefs/lng/images/map.png")).unwrap(),
        fs::read(site.root().join("briefs/lng/images/map.png")).unwrap()
    );
    assert!(!site.exists("briefs/index/index.html"));
}

#[test]
fn a_flat_brief_refers_to_files_relative_to_itself() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "![A map](a-files/map.png)\n\nThe [data](a-files/table.csv) behind it.",
    )
    .file("briefs/a-files/table.csv", "year,value\n2024,1\n");
    png(&site, "briefs/a-files/map.png", 40, 20);
    site.build();
    let page = site.read("briefs/a/index.html");
    assert!(
        page.contains(r#"src="/briefs/a/a-files/map.png""#),
        "{page}"
    );
    assert!(
        page.contains(r#"href="/briefs/a/a-files/table.csv""#),
        "{page}"
    );
    assert!(site.exists("briefs/a/a-files/map.png"));
    assert_eq!(
        fs::read_to_string(site.out("briefs/a/a-files/table.csv")).unwrap(),
        "year,value\n2024,1\n"
    );
}

#[test]
fn files_beside_briefs_follow_a_sub_path_base_url_and_relative_links() {
    let site = SiteTest::new();
    bundle(&site, "lng", "![Map](images/map.png)");
    png(&site, "briefs/lng/images/map.png", 40, 20);
    site.run(&["build", "--base-url", "https://example.org/research/"])
        .expect_success();
    let page = site.read("briefs/lng/index.html");
    assert!(
        page.contains(r#"src="/research/briefs/lng/images/map.png""#),
        "{page}"
    );
    site.run(&["build", "--relative"]).expect_success();
    let page = site.read("briefs/lng/index.html");
    assert!(page.contains(r#"src="images/map.png""#), "{page}");

    // A wide figure's smaller copies, which browsers take first, are relative too.
    bundle(&site, "lng", "![Map](images/wide.png)");
    png(&site, "briefs/lng/images/wide.png", 1200, 600);
    site.run(&["build", "--relative"]).expect_success();
    let page = site.read("briefs/lng/index.html");
    let srcsets = common::attribute_values(&page, "srcset");
    assert!(!srcsets.is_empty(), "{page}");
    for candidate in srcsets.iter().flat_map(|s| s.split(", ")) {
        let url = candidate.split(' ').next().unwrap();
        assert!(
            site.out("briefs/lng").join(url).is_file(),
            "{url} is not a file beside the page"
        );
    }
}

#[test]
fn a_missing_file_is_an_error_at_its_place_with_the_closest_name() {
    let site = SiteTest::new();
    bundle(
        &site,
        "lng",
        "Intro.\n\nSee ![Map](images/mapp.png) and [the data](data.csv).",
    );
    png(&site, "briefs/lng/images/map.png", 40, 20);
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("`images/mapp.png` does not exist")
        .expect_stderr("--> briefs/lng/index.md:9:5")
        .expect_stderr("did you mean `images/map.png`?")
        .expect_stderr("`data.csv` does not exist")
        .expect_stderr("briefs/lng/index.md:9:");
    assert!(!site.exists("briefs/lng/index.html"));
}

/// A file that is plainly not an image (data, a document) shown as one is an error at
/// the reference: the page would show a broken image.
#[test]
fn a_data_file_or_document_shown_as_an_image_is_an_error() {
    let site = SiteTest::new();
    bundle(&site, "lng", "![Data](data.csv)\n\n![Report](report.pdf)");
    site.file("briefs/lng/data.csv", "year,value\n2024,1\n");
    site.file("briefs/lng/report.pdf", "%PDF-1.7\n%%EOF\n");
    let run = site
        .run(&["build"])
        .expect_failure(1)
        .expect_stderr("`briefs/lng/data.csv` is not an image")
        .expect_stderr("--> briefs/lng/index.md:7:1")
        .expect_stderr("`briefs/lng/report.pdf` is not an image")
        .expect_stderr("--> briefs/lng/index.md:9:1");
    assert_eq!(
        run.stderr.matches("error[E-bad-image]").count(),
        2,
        "{}",
        run.stderr
    );
}

#[test]
fn an_image_source_without_an_extension_is_a_file_and_checked() {
    let site = SiteTest::new();
    bundle(
        &site,
        "lng",
        "![Chart](chart)\n\n![Gone](images/gone)\n\n![Secret](../../../../etc/passwd)\n\n<video src=\"../../../clip\"></video>",
    );
    png(&site, "briefs/lng/chart.png", 40, 20);
    let png_path = site.root().join("briefs/lng/chart.png");
    fs::rename(&png_path, png_path.with_extension("")).unwrap();
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("`images/gone` does not exist: there is no `briefs/lng/images/gone`")
        .expect_stderr("--> briefs/lng/index.md:9:1")
        .expect_stderr("`../../../../etc/passwd` is outside the folder of this file")
        .expect_stderr("--> briefs/lng/index.md:11:1")
        .expect_stderr("`../../../clip` is outside the folder of this file")
        .expect_stderr("3 error(s)");
    site.file(
        "briefs/lng/index.md",
        "---\ntitle: \"Brief lng\"\ndate: 2024-01-01\nsummary: \"Summary.\"\ntopics: [soft-power]\n---\n![Chart](chart)\n",
    );
    site.build();
    let page = site.read("briefs/lng/index.html");
    assert!(page.contains(r#"src="/briefs/lng/chart""#), "{page}");
    assert!(site.exists("briefs/lng/chart"));
}

#[test]
fn figures_and_tables_are_numbered_and_cross_referenced() {
    let site = SiteTest::new();
    bundle(
        &site,
        "lng",
        "As [[fig:terminals]] and [[tbl:gas]] show, and [[fig:ports|the ports]].\n\n\
         ![LNG terminals](a.png){#fig:ports}\nSource: METI, 2024.\n\n\
         ![Terminal capacity](b.png){#fig:terminals}\nNote: Capacity in million tonnes.\n\n\
         Table: Gas imports by source {#tbl:gas}\n\n\
         | Source | Share |\n|---|---|\n| Australia | 40 |\n| Qatar | 10 |\n",
    );
    png(&site, "briefs/lng/a.png", 40, 20);
    png(&site, "briefs/lng/b.png", 40, 20);
    site.build();
    let page = site.read("briefs/lng/index.html");
    assert!(
        page.contains(r##"<a class="xref" href="#fig:terminals">Figure 2</a>"##),
        "{page}"
    );
    assert!(page.contains(r##"<a class="xref" href="#tbl:gas">Table 1</a>"##));
    assert!(page.contains(r##"<a class="xref" href="#fig:ports">the ports</a>"##));
    assert!(page.contains(r#"<figure class="figure" id="fig:ports">"#));
    assert!(page.contains(
        r#"<figcaption><span class="figure-number">Figure 1.</span> LNG terminals</figcaption>"#
    ));
    assert!(page.contains(
        r#"<figcaption><span class="figure-number">Figure 2.</span> Terminal capacity</figcaption>"#
    ));
    assert!(page.contains("Source: METI, 2024."));
    assert!(page.contains("Note: Capacity in million tonnes."));
    assert!(page.contains(r#"<figure class="figure figure-table" id="tbl:gas">"#));
    assert!(page.contains(
        r#"<figcaption><span class="figure-number">Table 1.</span> Gas imports by source</figcaption>"#
    ));
}

#[test]
fn a_cross_reference_to_an_unknown_label_is_an_error() {
    let site = SiteTest::new();
    bundle(
        &site,
        "lng",
        "Text.\n\nSee [[fig:mapp]].\n\n![Map](a.png){#fig:map}",
    );
    png(&site, "briefs/lng/a.png", 40, 20);
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("no figure or table of this file is labelled `fig:mapp`")
        .expect_stderr("--> briefs/lng/index.md:9:5")
        .expect_stderr("`fig:map`");
}

#[test]
fn an_image_without_alt_text_is_a_warning() {
    let site = SiteTest::new();
    bundle(&site, "lng", "Text.\n\n![](a.png)");
    png(&site, "briefs/lng/a.png", 40, 20);
    site.build()
        .expect_stderr("warning[W-missing-alt]: this image has no alt text")
        .expect_stderr("--> briefs/lng/index.md:9:1");
}

#[test]
fn callouts_are_styled_accessible_boxes() {
    let site = SiteTest::new();
    let body: String = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"]
        .iter()
        .map(|kind| format!("> [!{kind}]\n> About {kind}.\n\n"))
        .collect();
    bundle(&site, "a", &body);
    site.build();
    let page = site.read("briefs/a/index.html");
    for (kind, title) in [
        ("note", "Note"),
        ("tip", "Tip"),
        ("important", "Important"),
        ("warning", "Warning"),
        ("caution", "Caution"),
    ] {
        assert!(
            page.contains(&format!(
                r#"<div class="callout callout-{kind}" role="note">"#
            )),
            "{kind}: {page}"
        );
        assert!(page.contains(&format!("</svg>{title}</p>")), "{title}");
    }
    assert!(!page.contains("[!NOTE]"));
}

#[test]
fn components_from_the_site_and_the_theme_are_called_with_named_arguments() {
    let site = SiteTest::new();
    site.file(
        "site/shortcodes/stat.html",
        "{% component stat(value, label=\"\") -%}\n<p class=\"stat\"><b>{{ value }}</b> {{ label }}</p>\n{%- endcomponent stat %}\n",
    );
    bundle(
        &site,
        "a",
        "Intro.\n\n{{< stat value=\"7.95\" label=\"trillion yen\" >}}\n\n\
         {{< pullquote by=\"Shinzo Abe\" >}}\nA free and *open* Indo-Pacific.\n{{< /pullquote >}}\n\n\
         {{< video id=\"abc123\" title=\"Budget briefing\" >}}\n",
    );
    site.build();
    let page = site.read("briefs/a/index.html");
    assert!(
        page.contains(r#"<p class="stat"><b>7.95</b> trillion yen</p>"#),
        "{page}"
    );
    assert!(page.contains("A free and <em>open</em> Indo-Pacific."));
    assert!(page.contains(r#"<span class="pullquote-by">Shinzo Abe</span>"#));
    // No request to the video's host before the reader asks: a link, no iframe.
    assert!(page.contains(r#"href="https://www.youtube.com/watch?v=abc123""#));
    assert!(!page.contains("<iframe"));
    assert!(!page.contains("{{&lt;"));
}

#[test]
fn component_errors_are_located_with_a_suggestion() {
    let site = SiteTest::new();
    bundle(
        &site,
        "a",
        "Intro.\n\n{{< pullquote bye=\"Abe\" >}}\nText.\n{{< /pullquote >}}\n\n{{< pulquote by=\"Abe\" >}}\n",
    );
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("--> briefs/a/index.md:9:")
        .expect_stderr("`bye`")
        .expect_stderr("`by`")
        .expect_stderr("--> briefs/a/index.md:13:")
        .expect_stderr("`pullquote`");
}

const BUDGET_CSV: &str =
    "year,budget,pensions\n2021,5.3,1.0\n2022,5.4,1.1\n2023,6.8,1.2\n2024,7.9,1.3\n";

fn chart_brief(site: &SiteTest, spec: &str) {
    bundle(
        site,
        "budget",
        &format!("As [[fig:budget]] shows.\n\n```chart\n{spec}```\n"),
    );
    site.file("briefs/budget/budget.csv", BUDGET_CSV);
}

#[test]
fn figures_tables_charts_and_callouts_speak_the_site_language() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &common::CONFIG.replace("language: en", "language: ru"),
    );
    bundle(
        &site,
        "budget",
        "См. [[fig:budget]] и [[tbl:shares]].\n\n```chart\ntype: bar\ntitle: Бюджет\nlabel: fig:budget\ndata: budget.csv\nx: year\ny: budget\nsource: Минобороны Японии\n```\n\nTable: Доли {#tbl:shares}\nSource: Росстат.\n\n| Год | Доля |\n|---|---|\n| 2023 | 1% |\n\n![Карта](map.png){#fig:map}\nSources: Росстат.\nNote: оценка.\n\n> [!WARNING]\n> Осторожно с данными.\n",
    );
    site.file("briefs/budget/budget.csv", BUDGET_CSV);
    png(&site, "briefs/budget/map.png", 40, 20);
    site.build();
    let page = site.read("briefs/budget/index.html");
    for expected in [
        r##"<a class="xref" href="#fig:budget">Рисунок 1</a>"##,
        "<p class=\"figure-source\">Источник: Росстат.</p>",
        "<p class=\"figure-note\">Примечание: оценка.</p>",
        r##"<a class="xref" href="#tbl:shares">Таблица 1</a>"##,
        "<span class=\"figure-number\">Рисунок 1.</span> Бюджет",
        "<span class=\"figure-number\">Таблица 1.</span> Доли",
        "Источник: Минобороны Японии",
        "<summary>Данные к рисунку 1</summary>",
        "Скачать данные (CSV)",
        "</svg>Внимание</p>",
        "<desc id=\"fig:budget-desc\">Столбчатая диаграмма: budget по показателю «year»; значений: 4, от 2021 до 2024.",
    ] {
        assert!(page.contains(expected), "{expected}\n{page}");
    }
    for english in [
        "Figure 1",
        "Table 1",
        "Source:",
        "Sources:",
        "Note:",
        "Data for figure",
        "Bar chart",
    ] {
        assert!(!page.contains(english), "{english}\n{page}");
    }
}

#[test]
fn a_bar_chart_is_an_accessible_svg_with_its_data_as_a_table_and_a_csv() {
    let site = SiteTest::new();
    chart_brief(
        &site,
        "type: bar\ntitle: Japan's defence budget\nlabel: fig:budget\ndata: budget.csv\nx: year\ny: budget\nunit: trillion yen\nsource: Ministry of Defense\n",
    );
    site.build();
    let page = site.read("briefs/budget/index.html");
    assert!(page.contains(r#"role="img""#), "{page}");
    assert!(page.contains(r#"<title id="fig:budget-title">Japan’s defence budget</title>"#));
    assert!(page.contains(r#"<desc id="fig:budget-desc">"#));
    assert_eq!(count(&page, r#"<rect class="mark"#), 4);
    assert!(page.contains("<tr><th scope=\"row\">2023</th><td>6.8</td></tr>"));
    assert!(page.contains(r##"<a class="xref" href="#fig:budget">Figure 1</a>"##));
    assert!(page.contains("Source: Ministry of Defense"));
    assert!(page.contains(r#"href="/briefs/budget/budget.csv" download"#));
    assert_eq!(
        fs::read_to_string(site.out("briefs/budget/budget.csv")).unwrap(),
        BUDGET_CSV
    );
    let figure = &page[page.find("<figure class=\"figure figure-chart\"").unwrap()..];
    let figure = &figure[..figure.find("</figure>").unwrap()];
    assert!(!figure.contains("<script"), "{figure}");

    // The ids of the chart's title and description step around a heading's id; an
    // element written below with the figure's id or one of theirs is an error.
    bundle(
        &site,
        "budget",
        "## Data {#fig:budget-desc}\n\n```chart\ntype: bar\ntitle: T\nlabel: fig:budget\ndata: budget.csv\nx: year\ny: budget\n```\n",
    );
    site.build();
    let page = site.read("briefs/budget/index.html");
    assert!(page.contains(r#"<desc id="fig:budget-2-desc">"#), "{page}");
    assert!(page.contains(r#"aria-labelledby="fig:budget-2-title""#));
    assert_eq!(count(&page, r#"id="fig:budget-desc""#), 1);
    bundle(
        &site,
        "budget",
        "```chart\ntype: bar\ntitle: T\nlabel: fig:budget\ndata: budget.csv\nx: year\ny: budget\n```\n\n<p id=\"fig:budget\">A</p>\n\n<p id=\"fig:budget-desc\">B</p>\n",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-invalid-id]: `fig:budget` is the id of figure 1 above")
        .expect_stderr("error[E-invalid-id]: `fig:budget-desc` is the id of an element above too");
}

/// The labels on bars keep the decimals the data is written with, a decimal comma
/// (fields separated by `;`) as much as a point.
#[test]
fn bar_labels_keep_the_decimals_of_data_written_with_a_decimal_comma() {
    let site = SiteTest::new();
    bundle(
        &site,
        "budget",
        "```chart\ntype: bar\ntitle: T\ndata: |\n  year;value\n  2020;1,5\n  2021;2,25\n  2022;12500,5\nx: year\ny: value\n```\n",
    );
    site.build();
    let page = site.read("briefs/budget/index.html");
    let labels: Vec<&str> = page
        .split("<text class=\"chart-value\"")
        .skip(1)
        .map(|t| &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()])
        .collect();
    assert_eq!(labels, ["1.50", "2.25", "12,500.50"]);
}

/// A chart writes its numbers as its page's language does: a Russian page groups
/// thousands with a narrow no-break space and writes a decimal comma (`10 000`, `1,5`),
/// on the axis, on the bars, in the description and in the data table; an English page
/// keeps `10,000` and `1.5`.
#[test]
fn chart_numbers_follow_the_language_of_the_page() {
    let spec = "```chart\ntype: bar\ntitle: T\ndata: |\n  year,value\n  2022,1.5\n  2023,10000\nx: year\ny: value\n```\n";
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &common::CONFIG.replace("language: en", "language: ru"),
    );
    bundle(&site, "budget", spec);
    site.build();
    let page = site.read("briefs/budget/index.html");
    for expected in [
        // An axis tick and the labels on the bars.
        ">10\u{202f}000</text>",
        ">1,5</text>",
        ">10\u{202f}000,0</text>",
        "<title>2022: 1,5</title>",
        "максимум 10\u{202f}000 (2023), минимум 1,5 (2022).</desc>",
        "<td>1,5</td>",
        "<td>10\u{202f}000</td>",
    ] {
        assert!(page.contains(expected), "{expected}\n{page}");
    }
    let figure = &page[page.find("<figure class=\"figure figure-chart\"").unwrap()..];
    let figure = &figure[..figure.find("</figure>").unwrap()];
    for english in ["10,000", ">1.5<", ": 1.5<", " 1.5 "] {
        assert!(!figure.contains(english), "{english}\n{figure}");
    }

    let site = SiteTest::new();
    bundle(&site, "budget", spec);
    site.build();
    let page = site.read("briefs/budget/index.html");
    for expected in [
        ">10,000</text>",
        ">10,000.0</text>",
        ">1.5</text>",
        "highest 10000 (2023), lowest 1.5 (2022).</desc>",
        "<td>1.5</td>",
    ] {
        assert!(page.contains(expected), "{expected}\n{page}");
    }
}

/// The description of a chart counts its categories in words that agree with the
/// number: "1 category", "2 categories".
#[test]
fn a_chart_of_one_category_says_so_in_the_singular() {
    let site = SiteTest::new();
    bundle(
        &site,
        "budget",
        "```chart\ntitle: T\ndata: |\n  year,value\n  2022,1\nx: year\ny: value\n```\n",
    );
    bundle(
        &site,
        "trade",
        "```chart\ntitle: T\ndata: |\n  year,value\n  2022,1\n  2023,2\nx: year\ny: value\n```\n",
    );
    site.build();
    let one = site.read("briefs/budget/index.html");
    assert!(
        one.contains("Bar chart of value by year, 1 category from 2022 to 2022."),
        "{one}"
    );
    let two = site.read("briefs/trade/index.html");
    assert!(
        two.contains("Bar chart of value by year, 2 categories from 2022 to 2023."),
        "{two}"
    );
}

#[test]
fn line_and_stacked_charts_draw_one_mark_per_value() {
    let site = SiteTest::new();
    chart_brief(
        &site,
        "type: stacked-bar\ntitle: Spending\nlabel: fig:budget\ndata: budget.csv\nx: year\ny: [budget, pensions]\n",
    );
    bundle(
        &site,
        "trade",
        "```chart\ntype: line\ntitle: Trade\ndata: |\n  year,exports,imports\n  2021,1,2\n  2022,2,3\n  2023,3,1\nx: year\ny: [exports, imports]\nlabel: fig:trade\n```\n",
    );
    site.build();
    let stacked = site.read("briefs/budget/index.html");
    assert_eq!(count(&stacked, r#"<rect class="mark"#), 8, "{stacked}");
    let line = site.read("briefs/trade/index.html");
    assert_eq!(count(&line, r#"<circle class="mark"#), 6, "{line}");
    assert!(line.contains("<tr><th scope=\"row\">2022</th><td>2</td><td>3</td></tr>"));
    // Inline data is offered for download as a CSV beside the page.
    assert!(fs::read_to_string(site.out("briefs/trade/trade.csv"))
        .unwrap()
        .starts_with("year,exports,imports"));
}

#[test]
fn chart_spec_errors_are_located_in_the_spec() {
    let site = SiteTest::new();
    chart_brief(
        &site,
        "type: bar\ntitle: Budget\nlabel: fig:budget\ndata: budget.csv\nx: year\ny: budgett\n",
    );
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("`budgett`")
        .expect_stderr("--> briefs/budget/index.md:15:4")
        .expect_stderr("`budget`");
}

#[test]
fn a_non_number_in_chart_data_is_located_in_the_csv_file() {
    let site = SiteTest::new();
    chart_brief(
        &site,
        "type: bar\ntitle: Budget\nlabel: fig:budget\ndata: budget.csv\nx: year\ny: budget\n",
    );
    site.file(
        "briefs/budget/budget.csv",
        "year,budget\n2021,5.3\n2022,n/a\n",
    );
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("`n/a`")
        .expect_stderr("--> briefs/budget/budget.csv:3:6");
}

/// Every problem of a chart in one build: its spec's, each short or long row of its
/// data, each cell that is not a number, a column it names that the data lacks.
#[test]
fn every_problem_of_a_chart_is_reported_at_once() {
    let site = SiteTest::new();
    chart_brief(
        &site,
        "type: pie\ntitle: Budget\nlabel: fig:budget\ndata: budget.csv\nx: yeer\ny: budget\ncolour: red\n",
    );
    site.file(
        "briefs/budget/budget.csv",
        "year,budget\n2020,5.3\n2021,abc\n2022,5.4,9\n2023\n",
    );
    let run = site.run(&["build"]).expect_failure(1);
    for (expected, place) in [
        (
            "unknown chart type `pie`",
            "--> briefs/budget/index.md:10:7",
        ),
        ("unknown key `colour`", "--> briefs/budget/index.md:16:1"),
        (
            "`abc` in column `budget` is not a number",
            "--> briefs/budget/budget.csv:3:6",
        ),
        (
            "this row has 3 values, but the header names 2 columns",
            "--> briefs/budget/budget.csv:4:1",
        ),
        (
            "this row has 1 values, but the header names 2 columns",
            "--> briefs/budget/budget.csv:5:1",
        ),
        (
            "the category column `yeer` is not a column of the data",
            "--> briefs/budget/index.md:14:4",
        ),
    ] {
        assert!(
            run.stderr.contains(expected) && run.stderr.contains(place),
            "missing {expected} {place}:\n{}",
            run.stderr
        );
    }
    assert_eq!(
        run.stderr.matches("error[").count(),
        6,
        "nothing else: {}",
        run.stderr
    );
}

fn cached_variants(site: &SiteTest) -> Vec<std::path::PathBuf> {
    let folder = site.root().join(".statecraft-cache/images");
    let mut files: Vec<_> = fs::read_dir(folder)
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn local_images_get_sizes_lazy_loading_and_cached_webp_variants() {
    let site = SiteTest::new();
    bundle(&site, "lng", "![First](a.png)\n\nText.\n\n![Second](b.png)");
    png(&site, "briefs/lng/a.png", 1200, 600);
    png(&site, "briefs/lng/b.png", 300, 150);
    site.build();
    let page = site.read("briefs/lng/index.html");
    // WebP copies at the configured widths below the original's (480, 960; not
    // 1600) and at its own, in the srcset; the first image loads at once, later ones
    // lazily.
    let srcsets = common::attribute_values(&page, "srcset");
    assert_eq!(srcsets.len(), 2, "{page}");
    let variants: Vec<&str> = srcsets[0].split(", ").collect();
    let widths: Vec<&str> = variants
        .iter()
        .map(|v| v.split(' ').nth(1).unwrap())
        .collect();
    assert_eq!(widths, ["480w", "960w", "1200w"]);
    for variant in &variants {
        let url = variant.split(' ').next().unwrap();
        assert!(
            url.ends_with(".webp") && url.starts_with("/briefs/lng/a."),
            "{url}"
        );
        let bytes = fs::read(site.out(url.trim_start_matches('/'))).unwrap();
        assert_eq!(&bytes[8..12], b"WEBP");
    }
    assert!(srcsets[1].ends_with(".webp 300w"), "{}", srcsets[1]);
    assert!(page.contains(r#"alt="First" width="1200" height="600" decoding="async">"#));
    assert!(
        page.contains(r#"alt="Second" width="300" height="150" loading="lazy""#),
        "{page}"
    );

    // The second build takes every variant from the cache: a cached copy marked by
    // hand is what gets published.
    let cached = cached_variants(&site);
    assert_eq!(cached.len(), 4, "{cached:?}");
    let mut marked = fs::read(&cached[0]).unwrap();
    marked.extend_from_slice(b"cached");
    fs::write(&cached[0], &marked).unwrap();
    site.build();
    let published: Vec<Vec<u8>> = variants
        .iter()
        .map(|v| fs::read(site.out(v.split(' ').next().unwrap().trim_start_matches('/'))).unwrap())
        .collect();
    assert!(published.contains(&marked));
    assert_eq!(cached_variants(&site), cached);

    // A changed image gets new variants, under new names.
    png(&site, "briefs/lng/a.png", 1000, 500);
    site.build();
    let page = site.read("briefs/lng/index.html");
    assert!(!page.contains(variants[0].split(' ').next().unwrap()));
    assert_eq!(cached_variants(&site).len(), 7);
}

#[test]
fn builds_with_figures_are_byte_identical() {
    let site = SiteTest::new();
    chart_brief(
        &site,
        "type: bar\ntitle: Budget\nlabel: fig:budget\ndata: budget.csv\nx: year\ny: budget\n",
    );
    png(&site, "briefs/budget/map.png", 1000, 500);
    site.file(
        "briefs/budget/index.md",
        &format!(
            "{}\n![Map](map.png)\n",
            fs::read_to_string(site.root().join("briefs/budget/index.md")).unwrap()
        ),
    );
    site.build();
    let first = site.root().join("first");
    fs::rename(site.out(""), &first).unwrap();
    fs::remove_dir_all(site.root().join(".statecraft-cache")).unwrap();
    site.build();
    assert_eq!(
        common::differing_files(&first, &site.out("")),
        Vec::<String>::new()
    );
    assert!(Path::new(&site.out("briefs/budget/map.png")).exists());
}

mod watch {
    use std::fs;
    use std::path::PathBuf;

    use super::{bundle, chart_brief, png, SiteTest, BUDGET_CSV};
    use crate::common::{assert_same_as_clean_build, differing_files, session};

    /// The HTML pages whose bytes `change` changed in the output.
    fn pages_changed_by(site: &SiteTest, change: impl FnOnce()) -> Vec<String> {
        let before = site.root().join("before");
        if before.exists() {
            fs::remove_dir_all(&before).unwrap();
        }
        for file in crate::common::files_under(&site.out("")) {
            let target = before.join(&file);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(site.out(&file), target).unwrap();
        }
        change();
        differing_files(&before, &site.out(""))
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .collect()
    }

    fn two_briefs(site: &SiteTest) {
        chart_brief(
            site,
            "type: bar\ntitle: Budget\nlabel: fig:budget\ndata: budget.csv\nx: year\ny: budget\n",
        );
        bundle(site, "lng", "Text.\n\n![Map](map.png)");
        png(site, "briefs/lng/map.png", 600, 300);
    }

    #[test]
    fn editing_chart_data_renders_again_the_page_that_shows_it() {
        let site = SiteTest::new();
        two_briefs(&site);
        let mut session = session(&site);
        let csv = BUDGET_CSV.replace("7.9", "8.7");
        site.file("briefs/budget/budget.csv", &csv);
        let changed = pages_changed_by(&site, || {
            session
                .rebuild(&[PathBuf::from("briefs/budget/budget.csv")])
                .expect("rebuild");
        });
        assert_eq!(changed, ["briefs/budget/index.html"]);
        let page = site.read("briefs/budget/index.html");
        assert!(page.contains("<td>8.7</td>"), "{page}");
        assert_eq!(site.read("briefs/budget/budget.csv"), csv);
        assert_same_as_clean_build(&site);
    }

    #[test]
    fn changing_adding_and_deleting_an_image_renders_again_the_page_that_shows_it() {
        let site = SiteTest::new();
        two_briefs(&site);
        let mut session = session(&site);
        png(&site, "briefs/lng/map.png", 800, 400);
        let changed = pages_changed_by(&site, || {
            session
                .rebuild(&[PathBuf::from("briefs/lng/map.png")])
                .expect("rebuild");
        });
        assert_eq!(changed, ["briefs/lng/index.html"]);
        assert!(site
            .read("briefs/lng/index.html")
            .contains(r#"width="800" height="400""#));
        assert_same_as_clean_build(&site);

        // Deleted: the brief fails with the missing file, and the last good site stays.
        fs::remove_file(site.root().join("briefs/lng/map.png")).unwrap();
        let failed = session.rebuild(&[PathBuf::from("briefs/lng/map.png")]);
        assert!(failed.is_err());
        // Added back: the brief builds again.
        png(&site, "briefs/lng/map.png", 700, 350);
        session
            .rebuild(&[PathBuf::from("briefs/lng/map.png")])
            .expect("rebuild");
        assert!(site
            .read("briefs/lng/index.html")
            .contains(r#"width="700" height="350""#));
        assert_same_as_clean_build(&site);
    }
}

#[test]
fn identical_images_in_many_briefs_share_their_cached_copies() {
    let site = SiteTest::new();
    for i in 0..24 {
        bundle(&site, &format!("b{i}"), "![The institute's logo](logo.png)");
        png(&site, &format!("briefs/b{i}/logo.png"), 1000, 500);
    }
    site.build();
    // One set of copies (480, 960 and 1000 pixels wide) for the 24 identical images.
    assert_eq!(cached_variants(&site).len(), 3);
    for i in 0..24 {
        let page = site.read(&format!("briefs/b{i}/index.html"));
        let srcset = &common::attribute_values(&page, "srcset")[0];
        for variant in srcset.split(", ") {
            let url = variant.split(' ').next().unwrap();
            assert!(site.exists(url.trim_start_matches('/')), "{url}");
        }
    }
}

#[test]
fn an_image_a_watch_save_starts_to_use_is_written() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Text.");
    png(&site, "briefs/a-files/map.png", 40, 20);
    png(&site, "briefs/a-files/wide.png", 1600, 900);
    let mut session = common::session(&site);
    assert!(!site.exists("briefs/a/a-files/map.png"));
    // A text edit that shows a figure (and one large enough to have resized copies),
    // then a new brief that shows it too: each patches the site and writes the files.
    let figure = "Text.\n\n![A map](a-files/map.png)\n\n![A wide map](a-files/wide.png)";
    site.brief("a", "2024-01-01", "[soft-power]", "", figure);
    let edited = rebuild(&mut session, &["briefs/a.md"]);
    assert!(!edited.relinked);
    assert!(site.exists("briefs/a/a-files/map.png"));
    common::assert_same_as_clean_build(&site);
    // New versions of the images: copied again, and the resized copies, named by the
    // original's hash, replaced.
    png(&site, "briefs/a-files/map.png", 30, 20);
    png(&site, "briefs/a-files/wide.png", 1500, 900);
    let redrawn = rebuild(
        &mut session,
        &["briefs/a-files/map.png", "briefs/a-files/wide.png"],
    );
    assert!(!redrawn.relinked);
    common::assert_same_as_clean_build(&site);
    site.brief("b", "2024-01-02", "[soft-power]", "", figure);
    let came = rebuild(&mut session, &["briefs/b.md"]);
    assert!(!came.relinked);
    assert!(site.exists("briefs/b/a-files/map.png"));
    common::assert_same_as_clean_build(&site);
    // A text edit that stops showing one, with a link edit, then a brief deleted: the
    // files they no longer use go.
    let fewer = "Text, see [[a]].\n\n![A wide map](a-files/wide.png)";
    site.brief("b", "2024-01-02", "[soft-power]", "", fewer);
    let edited = rebuild(&mut session, &["briefs/b.md"]);
    assert!(!edited.relinked);
    assert!(!site.exists("briefs/b/a-files/map.png"));
    common::assert_same_as_clean_build(&site);
    fs::remove_file(site.root().join("briefs/b.md")).unwrap();
    let gone = rebuild(&mut session, &["briefs/b.md"]);
    assert!(!gone.relinked);
    assert!(!site.exists("briefs/b/a-files/wide.png"));
    common::assert_same_as_clean_build(&site);
}

#[test]
fn a_watch_session_writes_the_image_a_brief_attaches() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "image: a-files/map.png\n",
        "Text.",
    );
    site.brief("b", "2024-01-02", "[soft-power]", "", "Text.");
    png(&site, "briefs/a-files/map.png", 40, 20);
    let mut session = common::session(&site);
    // The first build writes it, and a relink (here after a configuration change)
    // keeps it.
    assert!(site.exists("briefs/a/map.png"));
    common::assert_same_as_clean_build(&site);
    let config = site.root().join("site/config.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("{text}\n# changed\n")).unwrap();
    rebuild(&mut session, &["site/config.yaml"]);
    common::assert_same_as_clean_build(&site);
    // A new version of the image is copied again.
    png(&site, "briefs/a-files/map.png", 60, 30);
    rebuild(&mut session, &["briefs/a-files/map.png"]);
    common::assert_same_as_clean_build(&site);
    // The brief deleted: its picture goes with it.
    fs::remove_file(site.root().join("briefs/a.md")).unwrap();
    assert!(!rebuild(&mut session, &["briefs/a.md"]).relinked);
    assert!(!site.exists("briefs/a/map.png"));
    common::assert_same_as_clean_build(&site);
}

/// `image:` is published as the page's `og:image`: a file that is not the image its
/// name says (text saved as `.jpg`, a PNG named `.jpg`) is an error at the value, both
/// reported at once, and nothing is published.
#[test]
fn a_picture_that_is_not_the_image_its_name_says_is_an_error() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "image: map.jpg\n",
        "Text.",
    );
    site.file("briefs/map.jpg", "This is the caption, not a picture.\n");
    site.brief(
        "b",
        "2024-01-02",
        "[soft-power]",
        "image: files/photo.jpg\n",
        "Text.",
    );
    png(&site, "briefs/files/photo.jpg.png", 40, 20);
    fs::rename(
        site.root().join("briefs/files/photo.jpg.png"),
        site.root().join("briefs/files/photo.jpg"),
    )
    .unwrap();
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("error[E-bad-image]: `briefs/map.jpg` cannot be the brief's picture: it is not an image")
        .expect_stderr("--> briefs/a.md:6:8")
        .expect_stderr("`briefs/files/photo.jpg` cannot be the brief's picture: it is a PNG file, not the JPEG its name says")
        .expect_stderr("--> briefs/b.md:6:8")
        .expect_stderr("save the picture again");
    assert!(!site.exists("briefs/a/index.html"));
}

/// A brief's attached PDF (`pdf:`) must be a PDF: a picture or a text file named
/// `.pdf` would be offered for download and open in no reader.
#[test]
fn an_attached_pdf_that_is_not_a_pdf_is_an_error() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "pdf: files/report.pdf\n",
        "Text.",
    );
    site.file("briefs/files/report.pdf", "The report will come later.\n");
    site.brief(
        "b",
        "2024-01-02",
        "[soft-power]",
        "pdf: files/scan.pdf\n",
        "Text.",
    );
    png(&site, "briefs/files/scan.png", 40, 20);
    fs::rename(
        site.root().join("briefs/files/scan.png"),
        site.root().join("briefs/files/scan.pdf"),
    )
    .unwrap();
    site.brief(
        "c",
        "2024-01-03",
        "[soft-power]",
        "pdf: files/real.pdf\n",
        "Text.",
    );
    site.file("briefs/files/real.pdf", "\n%PDF-1.7\n");
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("error[E-bad-pdf]: `briefs/files/report.pdf` cannot be the brief's PDF: it is not a PDF")
        .expect_stderr("--> briefs/a.md:6:6")
        .expect_stderr("`briefs/files/scan.pdf` cannot be the brief's PDF: it is a PNG file, not a PDF")
        .expect_stderr("--> briefs/b.md:6:6")
        .expect_stderr("attach the PDF file itself");
    site.file("briefs/files/report.pdf", "%PDF-1.4 now\n");
    site.file("briefs/files/scan.pdf", "%PDF-1.4 now\n");
    site.run(&["build"]).expect_success();
    assert!(site.exists("briefs/c/real.pdf"));
}

/// In watch mode the picture is checked as a build checks it: a new version of it
/// that is not an image, or a brief saved naming such a file, fails the session until
/// a good one puts it back.
#[test]
fn a_watch_session_checks_a_new_version_of_the_picture() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "image: map.png\n",
        "Text.",
    );
    site.brief("b", "2024-01-02", "[soft-power]", "", "Text.");
    png(&site, "briefs/map.png", 40, 20);
    // Nothing shows it yet: not an error.
    site.file("briefs/notes.png", "Notes for the map.\n");
    let mut session = common::session(&site);
    assert!(site.exists("briefs/a/map.png"));
    let fails = |session: &mut statecraft::dev::session::Session, path: &str| match session
        .rebuild(&[Path::new(path).to_path_buf()])
    {
        Err(statecraft::Error::Content(problems))
            if problems.iter().any(|d| d.code == "E-bad-image") => {}
        other => panic!("expected E-bad-image, got {other:?}"),
    };
    site.file("briefs/map.png", "<html>Not found</html>\n");
    fails(&mut session, "briefs/map.png");
    png(&site, "briefs/map.png", 60, 30);
    rebuild(&mut session, &["briefs/map.png"]);
    common::assert_same_as_clean_build(&site);
    site.brief(
        "b",
        "2024-01-02",
        "[soft-power]",
        "image: notes.png\n",
        "Text.",
    );
    fails(&mut session, "briefs/b.md");
    site.brief("b", "2024-01-02", "[soft-power]", "", "Text.");
    rebuild(&mut session, &["briefs/b.md"]);
    common::assert_same_as_clean_build(&site);
}

#[test]
fn image_edits_patch_the_site_and_match_a_clean_build() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Text.");
    site.brief("b", "2024-01-02", "[soft-power]", "", "Text.");
    png(&site, "briefs/a-files/map.png", 40, 20);
    png(&site, "briefs/a-files/photo.png", 30, 20);
    let mut session = common::session(&site);
    assert!(site.exists("briefs/a/card.png"));
    let save = |session: &mut statecraft::dev::session::Session, image: &str| {
        site.brief("a", "2024-01-01", "[soft-power]", image, "Text.");
        assert!(!rebuild(session, &["briefs/a.md"]).relinked, "{image}");
        common::assert_same_as_clean_build(&site);
    };
    // A picture instead of the social card, another picture, the card again.
    save(&mut session, "image: a-files/map.png\n");
    assert!(site.exists("briefs/a/map.png") && !site.exists("briefs/a/card.png"));
    save(&mut session, "image: a-files/photo.png\n");
    assert!(site.exists("briefs/a/photo.png") && !site.exists("briefs/a/map.png"));
    save(&mut session, "");
    assert!(site.exists("briefs/a/card.png") && !site.exists("briefs/a/photo.png"));
    // A brief with a picture deleted: its picture goes with it.
    save(&mut session, "image: a-files/map.png\n");
    fs::remove_file(site.root().join("briefs/a.md")).unwrap();
    let gone = rebuild(&mut session, &["briefs/a.md"]);
    assert!(!gone.relinked);
    assert!(!site.exists("briefs/a/map.png"));
    common::assert_same_as_clean_build(&site);
    // A new brief with a picture: copied, and no social card drawn.
    site.brief(
        "c",
        "2024-01-03",
        "[soft-power]",
        "image: a-files/photo.png\n",
        "Text.",
    );
    let came = rebuild(&mut session, &["briefs/c.md"]);
    assert!(!came.relinked);
    assert!(site.exists("briefs/c/photo.png") && !site.exists("briefs/c/card.png"));
    common::assert_same_as_clean_build(&site);
}
