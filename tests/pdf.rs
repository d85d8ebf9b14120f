//! The PDF edition: every brief typeset by Typst inside statecraft, with its text,
//! metadata, outline, tags and embedded fonts, read back with poppler's tools
//! (`pdftotext`, `pdfinfo`, `pdffonts`, `pdftohtml`: Debian's `poppler-utils`);
//! escaping; the cache; opting out; located errors; watch mode.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::SiteTest;
use statecraft::dev::session::Session;
use statecraft::BuildOptions;

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool} (Debian package poppler-utils): {e}"));
    assert!(
        output.status.success(),
        "{tool} {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn text_of(pdf: &Path) -> String {
    poppler("pdftotext", &["-enc", "UTF-8"], pdf)
}

/// The titles of the PDF's outline (bookmarks), in order, as poppler's `pdftohtml -xml`
/// lists them.
fn outline(pdf: &Path) -> Vec<String> {
    let xml = poppler(
        "pdftohtml",
        &["-xml", "-i", "-stdout", "-enc", "UTF-8"],
        pdf,
    );
    let Some(outline) = xml.split_once("<outline>").map(|(_, rest)| rest) else {
        return Vec::new();
    };
    outline
        .split("</item>")
        .filter_map(|item| item.rsplit_once('>').map(|(_, title)| title))
        .map(|title| title.replace("&amp;", "&").replace("&#39;", "'"))
        .filter(|title| !title.trim().is_empty())
        .collect()
}

/// `pdfinfo`'s value for `field` (`Title`, `Author`, `Tagged`...).
fn info(pdf: &Path, field: &str) -> String {
    let info = poppler("pdfinfo", &["-enc", "UTF-8"], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .map(|v| v.trim().to_string())
        .unwrap_or_else(|| panic!("pdfinfo has no {field}:\n{info}"))
}

/// The fonts `pdffonts` lists, with whether each is embedded.
fn fonts(pdf: &Path) -> Vec<(String, bool)> {
    poppler("pdffonts", &[], pdf)
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            // name … emb sub uni object-id generation
            let embedded = words.len() >= 6 && words[words.len() - 5] == "yes";
            (words[0].to_string(), embedded)
        })
        .collect()
}

/// Letters and digits only, lowercased: text compared across line breaks, hyphenation
/// and typographic punctuation.
fn normal(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn assert_shows(text: &str, wanted: &str, what: &str, pdf: &Path) {
    assert!(
        normal(text).contains(&normal(wanted)),
        "{} lacks {what} {wanted:?}:\n{text}",
        pdf.display()
    );
}

/// Markdown without link destinations (`[text](url)` shows `text`).
fn shown(markdown: &str) -> String {
    let mut out = String::new();
    let mut rest = markdown;
    while let Some(start) = rest.find("](") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        rest = after.find(')').map_or("", |end| &after[end + 1..]);
    }
    out.push_str(rest);
    out
}

/// A test site that makes PDFs.
fn pdf_site() -> SiteTest {
    let site = SiteTest::new();
    site.with_pdfs();
    site
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every sample brief, translations included, has a PDF showing its title, headings,
/// key findings, notes and references in its language, with its metadata, tags and
/// only embedded fonts.
#[test]
fn every_sample_brief_has_a_pdf_with_its_text_metadata_and_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    common::build_site(&repo(), &out, &[]);
    let mut briefs = 0;
    let mut translations = 0;
    let mut cited = 0;
    for entry in fs::read_dir(repo().join("briefs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        briefs += 1;
        let slug = path.file_stem().unwrap().to_string_lossy().into_owned();
        let source = fs::read_to_string(&path).unwrap();
        let mut parts = source.splitn(3, "---\n");
        parts.next();
        let yaml: serde_yaml::Value = serde_yaml::from_str(parts.next().unwrap()).unwrap();
        // A translation's PDF is at its original's address in its language's folder,
        // with the template's words in its language.
        let language = yaml.get("lang").map_or("en", |l| l.as_str().unwrap());
        // The citation line's label and the disclaimer of the sample's languages.
        let (cite_as, disclaimer) = match language {
            "en" => ("Cite as", "The views expressed are the authors"),
            "ru" => ("Для цитирования", "Мнения, изложенные в публикациях"),
            _ => ("引用表記", "本稿の見解は執筆者個人のもの"),
        };
        let (folder, slug) = match language {
            "en" => (String::new(), slug),
            _ => {
                translations += 1;
                let original = yaml["translation_of"].as_str().unwrap().to_string();
                (format!("{language}/"), original)
            }
        };
        let body = parts.next().unwrap();
        let pdf = out.join(format!("{folder}briefs/{slug}/{slug}.pdf"));
        assert!(pdf.is_file(), "no PDF for {}", path.display());
        let text = text_of(&pdf);

        let title = yaml["title"].as_str().unwrap();
        assert_shows(&text, title, "its title", &pdf);
        assert_eq!(info(&pdf, "Title"), title);
        let bookmarks: Vec<String> = outline(&pdf).iter().map(|b| normal(b)).collect();
        for heading in body.lines().filter(|l| l.starts_with('#')) {
            let heading = heading.trim_start_matches('#').split(" {#").next().unwrap();
            assert_shows(&text, heading, "the heading", &pdf);
            assert!(
                bookmarks.contains(&normal(heading)),
                "{slug}: the outline {bookmarks:?} lacks {heading:?}"
            );
        }
        for finding in yaml["key_findings"].as_sequence().unwrap() {
            assert_shows(&text, finding.as_str().unwrap(), "the key finding", &pdf);
        }
        for recommendation in yaml["recommendations"].as_sequence().into_iter().flatten() {
            let recommendation = recommendation.as_str().unwrap();
            assert_shows(&text, recommendation, "the recommendation", &pdf);
        }
        assert_shows(&text, cite_as, "the citation line", &pdf);
        assert_shows(&text, disclaimer, "the disclaimer", &pdf);
        let note = body
            .lines()
            .find_map(|l| l.strip_prefix("[^").and_then(|l| l.split_once("]: ")))
            .map(|(_, note)| note)
            .unwrap_or_else(|| panic!("{slug} has no footnote"));
        assert_shows(&text, &shown(note), "the footnote", &pdf);

        let page =
            fs::read_to_string(out.join(format!("{folder}briefs/{slug}/index.html"))).unwrap();
        assert!(
            page.contains(&format!("href=\"/{folder}briefs/{slug}/{slug}.pdf\"")),
            "{slug}: the {language} page does not offer its PDF"
        );
        let references = page.split("id=\"references\"").nth(1);
        assert_eq!(
            references.is_some(),
            body.contains("[@"),
            "{slug}: a brief that cites has references, one that does not has none"
        );
        if let Some(list) = references {
            cited += 1;
            let first = list
                .split("<li>")
                .nth(1)
                .unwrap()
                .split("</li>")
                .next()
                .unwrap();
            let reference: String = first.split(['<', '>']).step_by(2).collect();
            let reference = reference.replace("&amp;", "&").replace("&#39;", "'");
            assert_shows(&text, &reference, "the reference", &pdf);
        }

        let authors = info(&pdf, "Author");
        for id in yaml["authors"].as_sequence().unwrap() {
            let id = id.as_str().unwrap();
            let first_name = id.split('-').next().unwrap();
            assert!(
                authors.to_lowercase().contains(first_name),
                "{slug}: Author {authors:?} lacks {id}"
            );
        }
        let summary = yaml["summary"].as_str().unwrap();
        assert_eq!(normal(&info(&pdf, "Subject")), normal(summary), "{slug}");
        let keywords = normal(&info(&pdf, "Keywords"));
        // Topics are named in the edition's language: their slugs are the original's.
        let fields: &[&str] = if language == "en" {
            &["topics", "tags"]
        } else {
            &["tags"]
        };
        for keyword in fields
            .iter()
            .flat_map(|field| yaml[*field].as_sequence().into_iter().flatten())
        {
            let keyword = keyword.as_str().unwrap();
            assert!(
                keywords.contains(&normal(keyword)),
                "{slug}: Keywords {keywords:?} lack {keyword:?}"
            );
        }
        let xmp = poppler("pdfinfo", &["-meta"], &pdf);
        assert!(
            xmp.contains(&format!(
                "<dc:language><rdf:Bag><rdf:li>{language}</rdf:li>"
            )),
            "{slug}: the language is not `{language}`:\n{xmp}"
        );
        assert_eq!(info(&pdf, "Tagged"), "yes", "{slug}");
        let found = fonts(&pdf);
        assert!(!found.is_empty(), "{slug}: no fonts");
        for (font, embedded) in found {
            assert!(embedded, "{slug}: font {font} is not embedded");
        }
    }
    assert!(briefs >= 12, "only {briefs} sample briefs");
    assert!(translations >= 4, "only {translations} sample translations");
    assert!(cited >= 1, "no sample brief cites a work");
}

/// Characters Typst gives a meaning to print as written, in the text, the front matter
/// shown on the cover and the metadata.
#[test]
fn typst_significant_characters_print_as_written() {
    let site = pdf_site();
    let lines = [
        "Tags like #hashtags and #1 stay text.",
        "Amounts: $5 and $10.50 stay text.",
        "Stars \\*a\\* and snake\\_case and a < b.",
        "Mail @handle or a@b.org at http://x.org/y.",
        "Paths // and /* and [x] and {y} and ~z.",
        "= not a heading",
        "1\\. Not a list",
        "\\+ not an item and \\- not either",
        "`#code $x <y> @z`",
        "Backslash \\\\u{41} stays.",
    ];
    site.brief(
        "signs",
        "2024-01-01",
        "[soft-power]",
        "title: \"Hashtags #1, $5 and <b> @you\"\nsummary: \"Costs $5 #now\"\nkey_findings:\n  - \"Pay $5 *now* #now @ x_y\"\n",
        &lines.join("\n\n"),
    );
    // The title line of `brief` comes first; ours replaces it (a later key wins).
    let text = fs::read_to_string(site.root().join("briefs/signs.md"))
        .unwrap()
        .replacen("title: \"Brief signs\"\n", "", 1)
        .replacen("summary: \"Summary of signs.\"\n", "", 1);
    site.file("briefs/signs.md", &text);
    site.build();
    let pdf = site.out("briefs/signs/signs.pdf");
    let text = text_of(&pdf);
    for wanted in [
        "Tags like #hashtags and #1 stay text.",
        "Amounts: $5 and $10.50 stay text.",
        "Stars *a* and snake_case and a < b.",
        "Mail @handle or a@b.org at http://x.org/y.",
        "Paths // and /* and [x] and {y} and ~z.",
        "= not a heading",
        "1. Not a list",
        "+ not an item and - not either",
        "#code $x <y> @z",
        "Backslash \\u{41} stays.",
        "Hashtags #1, $5 and <b> @you",
        "Pay $5 now #now @ x_y",
    ] {
        assert!(text.contains(wanted), "PDF lacks {wanted:?}:\n{text}");
    }
    assert_eq!(info(&pdf, "Title"), "Hashtags #1, $5 and <b> @you");
    assert_eq!(info(&pdf, "Subject"), "Costs $5 #now");
}

fn three_briefs(site: &SiteTest) {
    for (slug, date) in [
        ("a", "2024-01-01"),
        ("b", "2024-01-02"),
        ("c", "2024-01-03"),
    ] {
        site.brief(
            slug,
            date,
            "[soft-power]",
            "authors: [ana]\n",
            &format!("## Section of {slug}\n\nText of {slug}.[^n]\n\n[^n]: Note of {slug}."),
        );
    }
}

fn built(site: &SiteTest) -> String {
    site.build().stdout
}

/// A second build typesets nothing; an edit to one brief typesets that brief; a
/// setting the PDFs show typesets them all, one they do not show none; so do a new
/// template and a new font.
#[test]
fn pdfs_are_typeset_again_only_when_what_they_show_changed() {
    let site = pdf_site();
    three_briefs(&site);
    assert!(built(&site).contains("3 PDFs (3 typeset, 0 from the cache)"));
    let before = fs::read(site.out("briefs/a/a.pdf")).unwrap();
    assert!(built(&site).contains("3 PDFs (0 typeset, 3 from the cache)"));
    assert_eq!(fs::read(site.out("briefs/a/a.pdf")).unwrap(), before);

    let b = fs::read_to_string(site.root().join("briefs/b.md")).unwrap();
    site.file(
        "briefs/b.md",
        &b.replace("Text of b.", "Revised text of b."),
    );
    assert!(built(&site).contains("3 PDFs (1 typeset, 2 from the cache)"));
    assert!(text_of(&site.out("briefs/b/b.pdf")).contains("Revised text of b."));
    assert_eq!(fs::read(site.out("briefs/a/a.pdf")).unwrap(), before);

    let config = fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file(
        "site/config.yaml",
        &config.replace("page_size: 10", "page_size: 5"),
    );
    assert!(built(&site).contains("3 PDFs (0 typeset, 3 from the cache)"));
    site.file(
        "site/config.yaml",
        &format!("{config}  disclaimer: Views are our authors alone.\n"),
    );
    assert!(built(&site).contains("3 PDFs (3 typeset, 0 from the cache)"));
    assert!(text_of(&site.out("briefs/c/c.pdf")).contains("Views are our authors alone."));

    // The template and the fonts are part of every PDF's key.
    let template = fs::read_to_string(repo().join("themes/default/pdf/brief.typ")).unwrap();
    site.file(
        "site/pdf/brief.typ",
        &format!("{template}\n// The site's own template.\n"),
    );
    assert!(built(&site).contains("3 PDFs (3 typeset, 0 from the cache)"));
    fs::create_dir_all(site.root().join("site/pdf/fonts")).unwrap();
    fs::copy(
        repo().join("themes/default/pdf/fonts/Inter-Bold.otf"),
        site.root().join("site/pdf/fonts/Extra-Bold.otf"),
    )
    .unwrap();
    assert!(built(&site).contains("3 PDFs (3 typeset, 0 from the cache)"));
    assert!(built(&site).contains("3 PDFs (0 typeset, 3 from the cache)"));
    assert!(site
        .root()
        .join(".statecraft-cache/pdf")
        .read_dir()
        .unwrap()
        .next()
        .is_some());
}

/// A PDF typeset with warnings is not cached: the next build typesets it again and
/// shows its warnings again, until they are seen to.
#[test]
fn a_pdf_with_warnings_shows_them_at_every_build() {
    let site = pdf_site();
    three_briefs(&site);
    let template = fs::read_to_string(repo().join("themes/default/pdf/brief.typ")).unwrap();
    site.file(
        "site/pdf/brief.typ",
        &format!("#set text(font: \"No Such Family\")\n{template}"),
    );
    for _ in 0..2 {
        let run = site.build();
        assert!(
            run.stdout.contains("3 PDFs (3 typeset, 0 from the cache)"),
            "{}",
            run.stdout
        );
        assert!(
            run.stderr.contains("unknown font family: no such family"),
            "{}",
            run.stderr
        );
    }
    site.file("site/pdf/brief.typ", &template);
    assert!(built(&site).contains("3 PDFs (3 typeset, 0 from the cache)"));
    assert!(built(&site).contains("3 PDFs (0 typeset, 3 from the cache)"));
}

/// On one CPU (a pool of one thread) a build typesets its PDFs: the thread waiting for
/// them runs Typst's parallel parts instead of blocking the pool they need. (The bound
/// below only keeps a hang from stopping the suite; the build takes well under a second.)
#[test]
fn a_build_on_one_thread_typesets_its_pdfs() {
    let site = pdf_site();
    three_briefs(&site);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .arg("build")
        .current_dir(site.root())
        .env("RAYON_NUM_THREADS", "1")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run statecraft");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the build on one thread never finished");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stdout).unwrap();
    assert!(status.success(), "{stdout}");
    assert!(
        stdout.contains("3 PDFs (3 typeset, 0 from the cache)"),
        "{stdout}"
    );
    assert!(text_of(&site.out("briefs/b/b.pdf")).contains("Text of b."));
}

/// A series' PDFs count its parts as its pages do: part 3 with part 2 not published is
/// "Part 3 of 3".
#[test]
fn a_series_pdf_counts_parts_not_yet_published() {
    let site = pdf_site();
    site.brief(
        "p1",
        "2024-01-01",
        "[soft-power]",
        "series: {name: Energy, part: 1}\n",
        "Text.",
    )
    .brief(
        "p3",
        "2024-03-01",
        "[soft-power]",
        "series: {name: Energy, part: 3}\n",
        "Text.",
    );
    site.build();
    let text = normal(&text_of(&site.out("briefs/p3/p3.pdf")));
    assert!(text.contains("part3of3"), "{text}");
}

/// `pdf: false` opts a brief out; a hand-made `pdf:` file wins over the typeset one.
#[test]
fn briefs_opt_out_or_bring_their_own_pdf() {
    let site = pdf_site();
    site.brief("a", "2024-01-01", "[soft-power]", "pdf: false\n", "Text.")
        .brief(
            "b",
            "2024-01-02",
            "[soft-power]",
            "pdf: files/b.pdf\n",
            "Text.",
        )
        .brief("c", "2024-01-03", "[soft-power]", "", "Text.")
        .file("briefs/files/b.pdf", "%PDF-1.4 hand-made");
    let run = built(&site);
    assert!(run.contains("1 PDF (1 typeset"), "{run}");
    assert!(!site.exists("briefs/a/a.pdf"));
    let a = site.read("briefs/a/index.html");
    assert!(!a.contains("Download PDF") && !a.contains("citation_pdf_url"));
    assert_eq!(site.read("briefs/b/b.pdf"), "%PDF-1.4 hand-made");
    let c = site.read("briefs/c/index.html");
    assert!(c.contains("<a class=\"button button-pdf\" href=\"/briefs/c/c.pdf\">"));
    assert!(c.contains(
        "<meta name=\"citation_pdf_url\" content=\"https://example.org/briefs/c/c.pdf\">"
    ));
    assert!(fs::read(site.out("briefs/c/c.pdf"))
        .unwrap()
        .starts_with(b"%PDF-"));
}

/// The site turns the edition off (or a build does, with `--no-pdf`) and names the
/// files; bad settings are located errors.
#[test]
fn the_site_turns_pdfs_off_and_names_them() {
    let site = pdf_site();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "number: NB-2024/07\n",
        "Text.",
    );
    site.run(&["build", "--no-pdf"]).expect_success();
    assert!(!site.exists("briefs/a/a.pdf"));
    assert!(!site.read("briefs/a/index.html").contains("Download PDF"));

    let config = fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file(
        "site/config.yaml",
        &config.replace("  enabled: true", "  enabled: false"),
    );
    site.build();
    assert!(!site.exists("briefs/a/a.pdf"));

    site.file(
        "site/config.yaml",
        &format!("{config}  file_name: \"northbridge-{{number}}.pdf\"\n  paper: us-letter\n  accessibility: none\n"),
    );
    site.build();
    let pdf = site.out("briefs/a/northbridge-nb-2024-07.pdf");
    assert_eq!(
        info(&pdf, "Tagged"),
        "no",
        "`accessibility: none` makes no tags"
    );
    assert!(
        info(&pdf, "Page size").starts_with("612 x 792"),
        "{}",
        info(&pdf, "Page size")
    );
    assert!(site
        .read("briefs/a/index.html")
        .contains("href=\"/briefs/a/northbridge-nb-2024-07.pdf\""));

    let lines = config.lines().count();
    site.file(
        "site/config.yaml",
        &format!("{config}  file_name: ../x.pdf\n  paper: a3000\n  logo: logo.svg\n"),
    );
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr(&format!("site/config.yaml:{}:14", lines + 1))
        .expect_stderr("`../x.pdf` is not a PDF file name")
        .expect_stderr(&format!("site/config.yaml:{}:10", lines + 2))
        .expect_stderr("unknown paper size `a3000`");
    site.file("site/config.yaml", &format!("{config}  logo: logo.svg\n"));
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr(&format!("site/config.yaml:{}:9", lines + 1))
        .expect_stderr("`pdf.logo` names `logo.svg`, which is not a static file");
}

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"80\"><rect width=\"200\" height=\"80\" fill=\"#9e1b32\"/></svg>";

/// Images and the logo come from the site's static files; a figure's title is its
/// caption.
#[test]
fn images_and_the_logo_come_from_static_files() {
    let site = pdf_site();
    let config = fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file("site/config.yaml", &format!("{config}  logo: logo.svg\n"))
        .file("site/static/logo.svg", SVG)
        .file("site/static/charts/bars.svg", SVG)
        .brief(
            "a",
            "2024-01-01",
            "[soft-power]",
            "",
            "Before.\n\n![Bars by year](/charts/bars.svg \"Trade by year\")\n\nAfter ![missing](https://example.org/nope.png).\n\n![Bars again](/charts/bars.svg){#fig:again}\nSource: Customs data.\nNote: Estimates.\n\nEnd.",
        );
    site.build();
    let text = text_of(&site.out("briefs/a/a.pdf"));
    assert!(text.contains("Figure 1. Trade by year"), "{text}");
    assert!(text.contains("After missing."), "{text}");
    // The web page's figure syntax: a figure captioned with its alt text, the label
    // not shown, the source line under it.
    assert!(text.contains("Figure 2. Bars again"), "{text}");
    assert!(
        text.contains("Source: Customs data.\nNote: Estimates."),
        "{text}"
    );
    assert!(!text.contains("fig:again"), "{text}");

    // The chart is part of the PDF's key: a new chart makes it again.
    assert!(built(&site).contains("(0 typeset"));
    site.file(
        "site/static/charts/bars.svg",
        &SVG.replace("9e1b32", "1a2030"),
    );
    assert!(built(&site).contains("(1 typeset"));
}

/// The horizontal resolution of each image placed in the PDF, in order (poppler's
/// `pdfimages -list`): a picture drawn as high as a line of text has thousands of ppi.
fn image_ppis(pdf: &Path) -> Vec<u32> {
    poppler("pdfimages", &["-list"], pdf)
        .lines()
        .skip(2)
        .map(|line| line.split_whitespace().nth(12).unwrap().parse().unwrap())
        .collect()
}

/// An image on a line of its own is drawn at its size, as on the web page, though it
/// is no figure (in a link, or with an ordinary line under it); an image among words
/// is as high as the text.
#[test]
fn an_image_on_its_own_line_is_not_shrunk_to_the_text() {
    let site = pdf_site();
    let target = site.root().join("site/static/c.png");
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    image::RgbImage::from_pixel(400, 300, image::Rgb([31, 95, 168]))
        .save(&target)
        .unwrap();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "[![Linked chart](/c.png)](https://example.org/big.png)\n\n![Chart with a credit](/c.png)\n*Chart by the author.*\n\nAn icon ![among words](/c.png) in a line.",
    );
    site.build();
    let ppis = image_ppis(&site.out("briefs/a/a.pdf"));
    assert_eq!(ppis.len(), 3, "{ppis:?}");
    assert!(ppis[0] < 300 && ppis[1] < 300, "{ppis:?}");
    assert!(ppis[2] > 1000, "{ppis:?}");
    let text = text_of(&site.out("briefs/a/a.pdf"));
    assert!(text.contains("Chart by the author."), "{text}");
}

/// A static image neither Typst nor a browser can show is left out of the PDF, which
/// shows its description; a Typst error in the template points at its line.
#[test]
fn typst_errors_are_located() {
    let site = pdf_site();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "Text.\n\n![Bars by year](/chart.svg)\n\n![Map of the islands](/map.png)\n",
    )
    .file("site/static/chart.svg", "<svg not really")
    .file("site/static/map.png", "not a PNG at all");
    site.build();
    let text = text_of(&site.out("briefs/a/a.pdf"));
    assert!(text.contains("Bars by year"), "{text}");
    assert!(text.contains("Map of the islands"), "{text}");

    let site = pdf_site();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Text.")
        .file(
            "site/pdf/brief.typ",
            "#let brief(data, body) = {\n  set document(title: data.title)\n  data.no-such-field\n  body\n}\n",
        );
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("error[E-pdf]")
        .expect_stderr("site/pdf/brief.typ:3:")
        .expect_stderr("typesetting `briefs/a.md`");
}

/// A word that runs on from a link's text (`[Brief](b.md)ing`), from text, emphasis or an
/// image's description, typesets whole even where the line breaks inside it: Typst
/// 0.15.1 fails to tag a link whose word is hyphenated at the link's end.
#[test]
fn words_running_on_from_links_typeset() {
    let site = pdf_site();
    site.brief("b", "2024-01-01", "[soft-power]", "", "Text.")
        .file("site/static/sti.png", "not a PNG at all");
    let words = [
        "[con](b.md)sti[tu](b.md)tion[al](b.md)ity",
        "[con](b.md)*sti*[tu](b.md)*tion*[al](b.md)*ity*",
        "[con](b.md)![sti](/sti.png)[tu](b.md)tion[al](b.md)ity",
    ];
    // Quotes within quotes make the lines short enough to break inside the words.
    let paragraphs: Vec<String> = words
        .iter()
        .flat_map(|word| {
            (0..4)
                .map(move |shift| format!(">>>>>> {}{}", "a ".repeat(shift), [*word; 12].join(" ")))
        })
        .collect();
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "",
        &paragraphs.join("\n\n"),
    );
    site.build();
    let text = normal(&text_of(&site.out("briefs/a/a.pdf")));
    assert_eq!(
        text.matches("constitutionality").count(),
        12 * paragraphs.len(),
        "{text}"
    );
}

/// A brief whose address has letters the PDF's fonts do not draw (a CJK file name on
/// an English site) still has its PDF: the address is printed as a URI, ASCII only.
#[test]
fn an_address_beyond_ascii_is_printed_as_a_uri() {
    let site = pdf_site();
    site.file(
        "briefs/北方 領土.md",
        "---\ntitle: Northern Territories\ndate: 2024-01-01\nsummary: S.\ntopics: [soft-power]\n---\nText.\n",
    );
    site.build();
    let pdf = site.out("briefs/北方-領土/北方-領土.pdf");
    let text: String = text_of(&pdf).split_whitespace().collect();
    assert!(
        text.contains("https://example.org/briefs/%E5%8C%97%E6%96%B9-%E9%A0%98%E5%9C%9F/"),
        "{text}"
    );
}

/// A mail address written `<press@example.org>` is a `mailto:` link on the page and in
/// the PDF, not a file beside the brief.
#[test]
fn a_mail_autolink_is_a_mailto_link() {
    let site = pdf_site();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "Write to <press@example.org>.",
    );
    site.build();
    let page = site.read("briefs/a/index.html");
    assert!(
        page.contains("<a href=\"mailto:press@example.org\">press@example.org</a>"),
        "{page}"
    );
    let urls = poppler("pdfinfo", &["-url"], &site.out("briefs/a/a.pdf"));
    assert!(urls.contains("mailto:press@example.org"), "{urls}");
}

/// A chart is drawn in the PDF as on the page, from its data (a file beside the brief
/// too): a numbered figure with its axes' words, its title as caption and its source
/// line under it; new data makes the PDF again.
#[test]
fn charts_are_drawn_in_the_pdf() {
    let site = pdf_site();
    site.file(
        "briefs/a/index.md",
        "---\ntitle: A\ndate: 2024-01-01\nsummary: S.\ntopics: [soft-power]\n---\nBefore.\n\n```chart\ntype: bar\ntitle: \"Japan's \\\"defence\\\" budget\"\ndata: budget.csv\nx: year\ny: budget\ny_label: Trillion yen\nsource: Ministry of *Defense*\n```\n\nAfter.\n",
    )
    .file("briefs/a/budget.csv", "year,budget\nFY2023,6.8\nFY2024,7.9\n");
    site.build();
    let text = text_of(&site.out("briefs/a/a.pdf"));
    assert!(
        text.contains("Figure 1. Japan’s “defence” budget"),
        "{text}"
    );
    assert!(
        text.contains("Trillion yen") && text.contains("FY2024"),
        "{text}"
    );
    assert!(text.contains("Source: Ministry of Defense"), "{text}");
    assert!(
        !text.contains("web edition") && !text.contains("type: bar"),
        "{text}"
    );

    site.file(
        "briefs/a/budget.csv",
        "year,budget\nFY2023,6.8\nFY2025,8.7\n",
    );
    assert!(built(&site).contains("(1 typeset"));
    assert!(text_of(&site.out("briefs/a/a.pdf")).contains("FY2025"));
}

/// The family of the font `words` are set in, as poppler's `pdftohtml -xml` reads it.
fn font_of(pdf: &Path, words: &str) -> String {
    let xml = poppler(
        "pdftohtml",
        &["-xml", "-i", "-stdout", "-enc", "UTF-8"],
        pdf,
    );
    let attribute = |line: &str, name: &str| -> Option<String> {
        let (_, rest) = line.split_once(&format!(" {name}=\""))?;
        rest.split_once('"').map(|(value, _)| value.to_string())
    };
    let font = xml
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with("<text "))
        .find(|l| l.contains(words))
        .and_then(|l| attribute(l, "font"))
        .unwrap_or_else(|| panic!("no text {words:?} in:\n{xml}"));
    // poppler indents the fonts of a page under it.
    xml.lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with("<fontspec "))
        .find(|l| attribute(l, "id").as_deref() == Some(font.as_str()))
        .and_then(|l| attribute(l, "family"))
        .unwrap_or_else(|| panic!("no font {font} in:\n{xml}"))
}

/// A chart's words are set in the PDF's sans-serif font, as the page draws them in the
/// reader's (the chart asks for `system-ui`, which the PDF has no font of).
#[test]
fn chart_text_is_in_the_sans_serif_font() {
    let site = pdf_site();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "Before.\n\n```chart\ntype: bar\ntitle: Budget\ndata: |\n  year,budget\n  FY2023,6.8\n  FY2024,7.9\nx: year\ny: budget\ny_label: Trillion yen\n```\n",
    );
    site.build();
    let pdf = site.out("briefs/a/a.pdf");
    let family = font_of(&pdf, "FY2024");
    assert!(family.contains("Inter"), "{family}");
    // The body's text stays in the serif.
    assert!(font_of(&pdf, "Before.").contains("Libertinus"));
}

/// Cross-references to figures read "Figure 2" in the PDF, numbered as on the page
/// (charts and labelled images alike).
#[test]
fn cross_references_to_figures_are_numbered_as_on_the_page() {
    let site = pdf_site();
    site.file("site/static/bars.svg", SVG).brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "As [[fig:bars]] and [[fig:budget|the budget chart]] show.\n\n![A lone picture](/bars.svg)\n\n```chart\ntype: bar\ntitle: Budget\nlabel: fig:budget\ndata: |\n  year,budget\n  2023,6.8\n  2024,7.9\nx: year\ny: budget\n```\n\n![Bars by year](/bars.svg){#fig:bars}\nSource: Customs.\n\n![Bars again](/bars.svg){#again .wide}\n\nSee [[fig:again]].\n",
    );
    site.build();
    let page = site.read("briefs/a/index.html");
    assert!(page.contains("Figure 3</a> and"), "{page}");
    let pdf = site.out("briefs/a/a.pdf");
    let text = text_of(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("As Figure 3 and the budget chart show."),
        "{text}"
    );
    assert!(
        text.contains("Figure 2. Budget") && text.contains("Figure 3. Bars by year"),
        "{text}"
    );
    assert!(text.contains("Figure 1. A lone picture"), "{text}");
    // A label written without its `fig:`, as the page reads it.
    assert!(text.contains("See Figure 4."), "{text}");
}

/// A table with a caption (`Table: Gas shares {#tbl:shares}`, before or after it) is
/// a numbered table in the PDF, captioned as on the page, its source line under it;
/// `[[tbl:shares]]` reads "Table 1" as on the page.
#[test]
fn captioned_tables_are_numbered_as_on_the_page() {
    let site = pdf_site();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "| X |\n| - |\n| 0 |\n\nAs [[tbl:shares]] and [[tbl:2|the other table]] show.\n\nTable: Gas *shares* {#tbl:shares}\nSource: Eurostat.\n\n| Country | Share |\n| --- | ---: |\n| Germany | 55% |\n\n| A | B |\n| - | - |\n| 1 | 2 |\n\n: Pipelines by year\n\nEnd.\n",
    );
    site.build();
    let page = site.read("briefs/a/index.html");
    assert!(page.contains("Table 1</a> and"), "{page}");
    let pdf = site.out("briefs/a/a.pdf");
    let text = text_of(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("As Table 1 and the other table show."),
        "{text}"
    );
    assert!(
        text.contains("Table 1. Gas shares Country Share Germany 55% Source: Eurostat."),
        "{text}"
    );
    assert!(
        text.contains("Table 2. Pipelines by year A B 1 2"),
        "{text}"
    );
    assert!(
        !text.contains("tbl:") && !text.contains("Table:") && !text.contains("Table 3"),
        "{text}"
    );
}

/// Captions and cross-references in the PDF name figures and tables with the page's
/// words (`figures.figure`, `figures.table` of the site's or the theme's labels), not
/// Typst's own words for the language: a site's "Exhibit 1" in both, and the theme's
/// "Рисунок 1" in a Russian PDF (Typst says "Рис. 1").
#[test]
fn figures_and_tables_are_named_as_on_the_page() {
    let site = translated_site();
    site.file("site/static/bars.svg", SVG)
        .file(
            "site/i18n/en.yaml",
            "figures:\n  figure: \"Exhibit {n}\"\n  table: \"Schedule {n}\"\n",
        )
        .file(
            "briefs/a.md",
            "---\ntitle: Gas and leverage\ndate: 2024-03-01\nsummary: Gas is leverage.\ntopics: [soft-power]\n---\nAs [[fig:bars]] and [[tbl:gas]] show.\n\n![Bars by year](/bars.svg){#fig:bars}\n\nTable: Gas shares {#tbl:gas}\n\n| Country | Share |\n| --- | --- |\n| Germany | 55% |\n",
        )
        .file(
            "briefs/a.ru.md",
            "---\ntitle: Газ и рычаги\nlang: ru\ntranslation_of: a\ndate: 2024-03-01\nsummary: Газ — это рычаг.\ntopics: [soft-power]\n---\nКак показывают [[fig:bars]] и [[tbl:gas]].\n\n![Столбцы](/bars.svg){#fig:bars}\n\nTable: Доли газа {#tbl:gas}\n\n| Страна | Доля |\n| --- | --- |\n| Германия | 55% |\n",
        );
    site.build();
    let page = site.read("briefs/a/index.html");
    assert!(
        page.contains("Exhibit 1</a> and") && page.contains("Schedule 1</a> show"),
        "{page}"
    );
    let words = |pdf: &str| {
        text_of(&site.out(pdf))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let english = words("briefs/a/a.pdf");
    for wanted in [
        "As Exhibit 1 and Schedule 1 show.",
        "Exhibit 1. Bars by year",
        "Schedule 1. Gas shares",
    ] {
        assert!(english.contains(wanted), "lacks {wanted:?}: {english}");
    }
    assert!(
        !english.contains("Figure") && !english.contains("Table"),
        "{english}"
    );
    let russian = words("ru/briefs/a/a.pdf");
    for wanted in [
        "Как показывают Рисунок 1 и Таблица 1.",
        "Рисунок 1",
        "Таблица 1",
    ] {
        assert!(russian.contains(wanted), "lacks {wanted:?}: {russian}");
    }
    assert!(!russian.contains("Рис. 1"), "{russian}");
}

/// The captions of the page's figures, as a reader sees them ("Figure 1. Gas flows").
fn page_captions(page: &str) -> Vec<String> {
    page.split("<figcaption>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</figcaption>").map(|(caption, _)| caption))
        .map(|caption| {
            let mut text = String::new();
            let mut in_tag = false;
            for c in caption.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// A figure's, a chart's and a table's caption reads in the PDF as on the page: the
/// page's label, a full stop, the caption ("Figure 1. Bars by year"), not Typst's
/// separator for the language (": " in English and Japanese); so with a label whose
/// number is not at its end (a site's "{n}. táblázat", as Hungarian writes it).
#[test]
fn captions_are_separated_as_on_the_page() {
    let site = translated_site();
    let config = fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file(
        "site/config.yaml",
        &config.replace(RUSSIAN, &format!("{RUSSIAN}  ja:\n    name: 日本語\n")),
    );
    for font in ["NotoSansJP-Regular.otf", "NotoSansJP-Bold.otf"] {
        let bytes = fs::read(repo().join("site/fonts").join(font)).unwrap();
        fs::create_dir_all(site.root().join("site/fonts")).unwrap();
        fs::write(site.root().join("site/fonts").join(font), bytes).unwrap();
    }
    let body = |figure: &str, chart: &str, table: &str| {
        format!("Text.\n\n![{figure}](/bars.svg){{#fig:bars}}\n\n```chart\ntype: bar\ntitle: {chart}\ndata: |\n  year,budget\n  2023,6.8\n  2024,7.9\nx: year\ny: budget\n```\n\nTable: {table} {{#tbl:gas}}\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n")
    };
    site.file("site/static/bars.svg", SVG)
        .file("site/i18n/en.yaml", "figures:\n  table: \"{n}. táblázat\"\n")
        .file(
            "briefs/a.md",
            &format!(
                "---\ntitle: Gas and leverage\ndate: 2024-03-01\nsummary: Gas is leverage.\ntopics: [soft-power]\n---\n{}",
                body("Bars by year", "Budget", "Gas shares")
            ),
        )
        .file(
            "briefs/a.ja.md",
            &format!(
                "---\ntitle: ガスと影響力\nlang: ja\ntranslation_of: a\ndate: 2024-03-01\nsummary: ガスは影響力だ。\ntopics: [soft-power]\n---\n{}",
                body("年ごとの棒", "予算", "ガスの割合")
            ),
        );
    site.build();
    let english = site.read("briefs/a/index.html");
    assert_eq!(
        page_captions(&english),
        [
            "Figure 1. Bars by year",
            "Figure 2. Budget",
            "1. táblázat. Gas shares"
        ]
    );
    let text = words_of(&site.out("briefs/a/a.pdf"));
    for wanted in page_captions(&english) {
        assert!(text.contains(&wanted), "lacks {wanted:?}: {text}");
    }
    // Japanese letters come out of the PDF with spaces of their own between them.
    let letters = |text: &str| text.split_whitespace().collect::<String>();
    let japanese = site.read("ja/briefs/a/index.html");
    let captions = page_captions(&japanese);
    assert_eq!(captions.len(), 3, "{japanese}");
    let text = letters(&text_of(&site.out("ja/briefs/a/a.pdf")));
    for wanted in captions {
        assert!(text.contains(&letters(&wanted)), "lacks {wanted:?}: {text}");
    }
}

/// `[[fig:2]]` names the second figure when it has no label, as on the page (its id
/// there is `fig:2`): the PDF shows "Figure 2", linked, not the label; so it does for
/// a figure of an image beside the brief.
#[test]
fn cross_references_by_number_find_figures_without_labels() {
    let site = pdf_site();
    site.file("site/static/bars.svg", SVG)
        .brief(
            "a",
            "2024-01-01",
            "[soft-power]",
            "",
            "As [[fig:2]] shows.\n\n![First bars](/bars.svg)\n\n![Second bars](/bars.svg)\n\nSee [[fig:1|the first one]].\n",
        )
        .file(
            "briefs/b/index.md",
            "---\ntitle: Brief b\ndate: 2024-01-02\nsummary: Summary of b.\ntopics: [soft-power]\n---\nAs [[fig:1]] shows.\n\n![A map](map.svg)\n",
        )
        .file("briefs/b/map.svg", SVG);
    site.build();
    let page = site.read("briefs/a/index.html");
    assert!(
        page.contains("href=\"#fig:2\">Figure 2</a> shows"),
        "{page}"
    );
    let text = text_of(&site.out("briefs/a/a.pdf"))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("As Figure 2 shows."), "{text}");
    assert!(text.contains("See the first one."), "{text}");
    assert!(!text.contains("fig:"), "{text}");
    assert!(site
        .read("briefs/b/index.html")
        .contains("Figure 1</a> shows"));
    let text = text_of(&site.out("briefs/b/b.pdf"));
    assert!(text.contains("As Figure 1 shows."), "{text}");
    assert!(!text.contains("fig:"), "{text}");
}

/// The words of a PDF's text, one space between them.
fn words_of(pdf: &Path) -> String {
    text_of(pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An image beside the brief (`images/lng.png` by `briefs/x/index.md`, or by
/// `briefs/y.md`) is in its PDF as on the page: a figure numbered as there, captioned
/// with its title or description, its `{#fig:label}` not shown and its source line
/// under it; `[[fig:lng]]` reads "Figure 1" and a static image after it is "Figure 2",
/// in the page and in the PDF.
#[test]
fn images_beside_the_brief_are_figures_as_on_the_page() {
    let site = pdf_site();
    let png = site.root().join("briefs/x/images/lng.png");
    fs::create_dir_all(png.parent().unwrap()).unwrap();
    image::RgbImage::from_pixel(400, 300, image::Rgb([31, 95, 168]))
        .save(&png)
        .unwrap();
    site.file("site/static/bars.svg", SVG)
        .file(
            "briefs/x/index.md",
            "---\ntitle: Brief x\ndate: 2024-01-01\nsummary: Summary of x.\ntopics: [soft-power]\n---\nAs [[fig:lng]] and [[fig:bars]] show.\n\n![Gas flows](images/lng.png){#fig:lng}\nSource: Gazprom.\n\n![Bars by year](/bars.svg){#fig:bars}\n",
        )
        .brief(
            "y",
            "2024-01-02",
            "[soft-power]",
            "",
            "![Pipeline map](images/map.svg \"Pipelines in 2024\")\n\nSee [[fig:1]].\n",
        )
        .file("briefs/images/map.svg", SVG);
    site.build();
    let page = site.read("briefs/x/index.html");
    assert!(
        page.contains("Figure 1</a> and") && page.contains("Figure 2</a> show"),
        "{page}"
    );
    let pdf = site.out("briefs/x/x.pdf");
    let text = words_of(&pdf);
    for wanted in [
        "As Figure 1 and Figure 2 show.",
        "Figure 1. Gas flows",
        "Source: Gazprom.",
        "Figure 2. Bars by year",
    ] {
        assert!(text.contains(wanted), "lacks {wanted:?}: {text}");
    }
    assert!(!text.contains("fig:") && !text.contains("{#"), "{text}");
    // The picture itself (the static SVG is drawn as shapes, not as an image).
    assert_eq!(image_ppis(&pdf).len(), 1, "{text}");

    let text = words_of(&site.out("briefs/y/y.pdf"));
    assert!(
        text.contains("Figure 1. Pipelines in 2024") && text.contains("See Figure 1."),
        "{text}"
    );
}

/// An image beside the brief is part of its PDF's key: new bytes of it (an SVG, whose
/// page links carry no hash of it) typeset the PDF again, in a build and in a watch
/// session.
#[test]
fn a_new_image_beside_the_brief_typesets_its_pdf_again() {
    let site = pdf_site();
    site.file(
        "briefs/b/index.md",
        "---\ntitle: Brief b\ndate: 2024-01-02\nsummary: Summary of b.\ntopics: [soft-power]\n---\nText of b.\n\n![A map](map.svg)\n",
    )
    .file("briefs/b/map.svg", SVG);
    let run = built(&site);
    assert!(run.contains("(1 typeset, 0 from the cache)"), "{run}");
    let before = fs::read(site.out("briefs/b/b.pdf")).unwrap();
    let run = built(&site);
    assert!(run.contains("(0 typeset, 1 from the cache)"), "{run}");
    site.file("briefs/b/map.svg", &SVG.replace("9e1b32", "1a2030"));
    let run = built(&site);
    assert!(run.contains("(1 typeset, 0 from the cache)"), "{run}");
    assert_ne!(fs::read(site.out("briefs/b/b.pdf")).unwrap(), before);

    let mut session = Session::new(BuildOptions::new(site.root()));
    session.rebuild(&[]).expect("first build");
    site.file("briefs/b/map.svg", &SVG.replace("9e1b32", "2a7f3c"));
    let rebuild = session
        .rebuild(&[PathBuf::from("briefs/b/map.svg")])
        .expect("rebuild");
    assert_eq!(rebuild.pdfs_typeset, 1);
}

/// An image beside the brief that the page shows but Typst cannot draw (AVIF) is a
/// warning at the image, W-pdf-image; the PDF shows its description, without its
/// `{#fig:label}`, and a cross-reference to it reads as on the page.
#[test]
fn an_image_beside_the_brief_the_pdf_cannot_draw_is_a_warning() {
    let site = pdf_site();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "As [[fig:port]] shows.\n\n![Photo of the port](port.avif){#fig:port}\nSource: Port authority.\n",
    )
    .file("briefs/port.avif", "\0\0\0\u{1c}ftypavif\0\0\0\0");
    let run = site.build();
    assert!(
        run.stderr.contains("W-pdf-image") && run.stderr.contains("briefs/port.avif"),
        "{}",
        run.stderr
    );
    assert!(site.read("briefs/a/index.html").contains("port.avif"));
    let text = words_of(&site.out("briefs/a/a.pdf"));
    for wanted in [
        "As Figure 1 shows.",
        "Photo of the port Source: Port authority.",
    ] {
        assert!(text.contains(wanted), "lacks {wanted:?}: {text}");
    }
    assert!(!text.contains("fig:"), "{text}");
}

/// A static image that the page shows but Typst cannot draw (AVIF, TIFF, BMP, ICO) is
/// treated as one beside the brief: the page builds and shows it, the PDF shows its
/// description (without its `{#fig:label}`, its source line under it, a
/// cross-reference to it as on the page), and each is one W-pdf-image warning at the
/// image in the brief.
#[test]
fn a_static_image_the_pdf_cannot_draw_is_a_warning() {
    let site = pdf_site();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "As [[fig:port]] shows.\n\n![Photo of the port](/images/port.avif){#fig:port}\nSource: Port authority.\n\n![Scan of the treaty](/images/treaty.tiff)\n\n![Old map](/images/map.bmp)\n\nThe flag ![of Japan](/images/flag.ico) flies.\n",
    )
    .file("site/static/images/port.avif", "\0\0\0\u{1c}ftypavif\0\0\0\0")
    .file("site/static/images/treaty.tiff", "II*\0\u{8}\0\0\0\0\0")
    .file("site/static/images/map.bmp", "BM\u{1e}\0\0\0\0\0\0\0\u{1a}\0\0\0")
    .file("site/static/images/flag.ico", "\0\0\u{1}\0\u{1}\0\u{10}\u{10}");
    let run = site.build();
    assert_eq!(
        run.stderr.matches("W-pdf-image").count(),
        4,
        "{}",
        run.stderr
    );
    for (name, line) in [
        ("/images/port.avif", 9),
        ("/images/treaty.tiff", 12),
        ("/images/map.bmp", 14),
        ("/images/flag.ico", 16),
    ] {
        assert!(
            run.stderr.contains(name) && run.stderr.contains(&format!("briefs/a.md:{line}:")),
            "{name}: {}",
            run.stderr
        );
    }
    let page = site.read("briefs/a/index.html");
    for name in ["port.avif", "treaty.tiff", "map.bmp", "flag.ico"] {
        assert!(page.contains(name), "{name}: {page}");
    }
    let text = words_of(&site.out("briefs/a/a.pdf"));
    for wanted in [
        "As Figure 1 shows.",
        "Photo of the port Source: Port authority.",
        "Scan of the treaty",
        "Old map",
        "The flag of Japan flies.",
    ] {
        assert!(text.contains(wanted), "lacks {wanted:?}: {text}");
    }
    assert!(!text.contains("fig:"), "{text}");
}

/// A note in a heading (`## Outlook[^1]`, a note-style citation) is a footnote of the
/// heading; the heading's bookmark is its words alone, as in the page's contents.
#[test]
fn notes_in_headings_stay_out_of_the_bookmarks() {
    let site = pdf_site();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "## Outlook[^1]\n\nText.[^1]\n\n## Risks[^2] ahead\n\nMore.\n\n[^1]: Gazprom data.\n[^2]: A second note.\n",
    );
    site.build();
    let pdf = site.out("briefs/a/a.pdf");
    let bookmarks = outline(&pdf);
    assert!(
        bookmarks.contains(&"Outlook".to_string())
            && bookmarks.contains(&"Risks ahead".to_string()),
        "{bookmarks:?}"
    );
    let text = text_of(&pdf);
    assert!(
        text.contains("Gazprom data.") && text.contains("A second note."),
        "{text}"
    );
}

/// The summary's inline Markdown is set as on the page (emphasis, code; a link's
/// text), and its plain text is the PDF's description.
#[test]
fn the_summary_is_set_as_on_the_page() {
    let site = pdf_site();
    site.file(
        "briefs/a.md",
        "---\ntitle: A\ndate: 2024-01-01\nsummary: \"Gas is *leverage* in `Nord Stream` and [the grid](https://example.org/).\"\ntopics: [soft-power]\n---\nText.\n",
    );
    site.build();
    let page = site.read("briefs/a/index.html");
    assert!(
        page.contains("Gas is <em>leverage</em> in <code>Nord Stream</code>"),
        "{page}"
    );
    let pdf = site.out("briefs/a/a.pdf");
    let text = text_of(&pdf);
    assert!(
        text.contains("Gas is leverage in Nord Stream and the grid."),
        "{text}"
    );
    assert!(
        fonts(&pdf)
            .iter()
            .any(|(name, _)| name.contains("DejaVuSansMono")),
        "{:?}",
        fonts(&pdf)
    );
    assert_eq!(
        info(&pdf, "Subject"),
        "Gas is leverage in Nord Stream and the grid."
    );
}

/// A PDF in a language written right to left keeps its masthead's and footer's two
/// ends apart (the institution at the start, the right, the series at the end).
#[test]
fn a_right_to_left_pdf_keeps_its_masthead_apart() {
    let site = pdf_site();
    let config = fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file(
        "site/config.yaml",
        &format!("{config}languages:\n  ar:\n    name: العربية\n"),
    )
    .brief("x", "2024-01-02", "[soft-power]", "", "Text.")
    .file(
        "briefs/x.ar.md",
        "---\ntitle: مرحبا\nlang: ar\ntranslation_of: x\ndate: 2024-01-02\nsummary: ملخص.\ntopics: [soft-power]\n---\nنص.\n",
    );
    site.build();
    let text = poppler("pdftotext", &["-layout"], &site.out("ar/briefs/x/x.pdf"));
    let masthead = text
        .lines()
        .find(|l| l.contains("POLICY BRIEF"))
        .expect(&text);
    assert!(masthead.contains("POLICY BRIEF     "), "{masthead}");
    let footer = text
        .lines()
        .find(|l| l.contains("Policy Brief"))
        .expect(&text);
    assert!(!footer.contains("1Policy Brief"), "{footer}");
    assert!(
        footer
            .split("Policy Brief")
            .next()
            .unwrap()
            .ends_with("     "),
        "{footer}"
    );
}

/// A task list's boxes typeset (the fonts Typst brings have them).
#[test]
fn task_lists_typeset_with_their_boxes() {
    let site = pdf_site();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "- [x] Ratify the treaty\n- [ ] Open the talks\n\nThen:\n\n- A plain item\n\nLoose:\n\n- [x] Sign\n\n- [ ] Ratify\n",
    );
    site.build();
    let text = text_of(&site.out("briefs/a/a.pdf"));
    assert!(text.contains("☒ Ratify the treaty"), "{text}");
    assert!(text.contains("☐ Open the talks"), "{text}");
    // The box stands in place of the bullet, as on the page; other lists keep theirs.
    assert!(!text.contains("• ☒") && !text.contains("• ☐"), "{text}");
    assert!(
        text.contains("☒ Sign") && text.contains("☐ Ratify"),
        "{text}"
    );
    assert!(text.contains("• A plain item"), "{text}");
}

/// Text no font can show is an error under PDF/UA-1, at the brief, saying where fonts
/// go.
#[test]
fn text_no_font_can_show_is_located_with_what_to_do() {
    let site = pdf_site();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "Text.\n\nThe Northern Territories (北方領土).\n",
    );
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("error[E-pdf]: cannot typeset the PDF: no font of the PDF draws 北方領土\n")
        .expect_stderr("briefs/a.md:9:1")
        .expect_stderr("in `site/fonts/`")
        .expect_stderr("1 error(s)");
}

const RUSSIAN: &str = "disclaimer: Views are the authors' own.\nlicense: CC BY 4.0\nlanguages:\n  ru:\n    name: Русский\n    topics:\n      soft-power: Мягкая сила\n    disclaimer: Мнения принадлежат авторам.\n    pdf: {series: Аналитическая записка}\n";

/// A brief `a` and its Russian translation, with key findings, an update and a series.
fn translated_site() -> SiteTest {
    let site = pdf_site();
    let config = fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file("site/config.yaml", &format!("{config}{RUSSIAN}"));
    site.file(
        "briefs/a.md",
        "---\ntitle: Gas and leverage\ndate: 2024-03-01\nupdated: 2024-04-02\nsummary: Gas is leverage.\ntopics: [soft-power]\nseries: {name: Energy, part: 1}\nkey_findings: [Pipelines bind both ends.]\n---\nText of a.\n",
    );
    site.file(
        "briefs/a.ru.md",
        "---\ntitle: Газ и рычаги\nlang: ru\ntranslation_of: a\ndate: 2024-03-01\nupdated: 2024-04-02\nsummary: Газ — это рычаг.\ntopics: [soft-power]\nseries: {name: Энергия, part: 1}\nkey_findings: [Трубопроводы связывают обе стороны.]\n---\nТекст записки.\n",
    );
    site
}

/// A figure's `Source:` and `Note:` lines start with the edition's words in its PDF,
/// as on its page.
#[test]
fn figure_lines_are_in_the_language_of_the_pdf() {
    let site = translated_site();
    site.file("site/static/bars.svg", SVG).file(
        "briefs/a.ru.md",
        "---\ntitle: Газ и рычаги\nlang: ru\ntranslation_of: a\ndate: 2024-03-01\nsummary: Газ — это рычаг.\ntopics: [soft-power]\n---\n![Столбцы](/bars.svg)\nSource: Росстат.\nNote: *оценки*.\n",
    );
    site.build();
    let page = site.read("ru/briefs/a/index.html");
    assert!(page.contains("Источник: Росстат."), "{page}");
    let text = text_of(&site.out("ru/briefs/a/a.pdf"));
    assert!(
        text.contains("Источник: Росстат.\nПримечание: оценки."),
        "{text}"
    );
}

/// The cover and footer name the publication series in the PDF's language when the
/// site does not set `pdf.series` (the theme's words); a series the site sets is its
/// own in every edition that does not set one of its own.
#[test]
fn the_series_is_named_in_the_language_of_the_pdf() {
    let site = translated_site();
    let config = fs::read_to_string(site.root().join("site/config.yaml"))
        .unwrap()
        .replace("    pdf: {series: Аналитическая записка}\n", "");
    site.file("site/config.yaml", &config);
    site.build();
    let russian = text_of(&site.out("ru/briefs/a/a.pdf"));
    assert!(
        russian.contains("АНАЛИТИЧЕСКАЯ ЗАПИСКА") && russian.contains("Аналитическая записка"),
        "{russian}"
    );
    assert!(
        !russian.contains("Policy Brief") && !russian.contains("POLICY BRIEF"),
        "{russian}"
    );
    assert!(text_of(&site.out("briefs/a/a.pdf")).contains("POLICY BRIEF"));

    site.file(
        "site/config.yaml",
        &config.replace(
            "pdf:\n  enabled: true\n",
            "pdf:\n  enabled: true\n  series: Working Paper\n",
        ),
    );
    site.build();
    let russian = text_of(&site.out("ru/briefs/a/a.pdf"));
    assert!(russian.contains("WORKING PAPER"), "{russian}");
}

/// A translation's PDF is typeset in its language at its own address, beside its
/// original's, and follows its edits in watch mode.
#[test]
fn a_translation_has_its_own_pdf_in_its_language() {
    let site = translated_site();
    site.build();
    let english = text_of(&site.out("briefs/a/a.pdf"));
    let russian_pdf = site.out("ru/briefs/a/a.pdf");
    let russian = text_of(&russian_pdf);
    for words in [
        "Gas and leverage",
        "KEY FINDINGS",
        "1 March 2024 · Updated 2 April 2024",
        "ENERGY · PART 1 OF 1",
        "CITE AS",
        "Read online: https://example.org/briefs/a/",
        "POLICY BRIEF",
        "Views are the authors' own.",
        "Published under CC BY 4.0.",
    ] {
        assert!(
            english.contains(words),
            "the English PDF lacks {words:?}:\n{english}"
        );
    }
    for words in [
        "Газ и рычаги",
        "ОСНОВНЫЕ ВЫВОДЫ",
        "Трубопроводы связывают обе стороны.",
        "1 марта 2024 г. · Обновлено 2 апреля 2024 г.",
        "ЭНЕРГИЯ · ЧАСТЬ 1 ИЗ 1",
        "ДЛЯ ЦИТИРОВАНИЯ",
        "Электронная версия: https://example.org/ru/briefs/a/",
        "АНАЛИТИЧЕСКАЯ ЗАПИСКА",
        "Мнения принадлежат авторам.",
        "Опубликовано на условиях лицензии CC BY 4.0.",
    ] {
        assert!(
            russian.contains(words),
            "the Russian PDF lacks {words:?}:\n{russian}"
        );
    }
    assert!(!english.contains("Газ"), "{english}");
    assert!(
        !russian.contains("POLICY BRIEF") && !russian.contains("Views are"),
        "{russian}"
    );
    let page = site.read("ru/briefs/a/index.html");
    assert!(
        page.contains("Мнения принадлежат авторам.") && !page.contains("Views are"),
        "{page}"
    );
    let xmp = poppler("pdfinfo", &["-meta"], &russian_pdf);
    assert!(xmp.contains("<rdf:li>ru</rdf:li>"), "{xmp}");
    assert!(site
        .read("ru/briefs/a/index.html")
        .contains("href=\"/ru/briefs/a/a.pdf\""));

    // Watch mode: an edit of the translation typesets its PDF alone.
    let mut session = Session::new(BuildOptions::new(site.root()));
    session.rebuild(&[]).expect("first build");
    let ru = fs::read_to_string(site.root().join("briefs/a.ru.md")).unwrap();
    site.file(
        "briefs/a.ru.md",
        &ru.replace("Текст записки.", "Новый текст."),
    );
    let changed = [PathBuf::from("briefs/a.ru.md")];
    session.rebuild_pages(&changed).expect("pages");
    session.update_search_index().expect("search");
    let update = session.update_pdfs().expect("PDFs");
    assert_eq!((update.pdfs_typeset, update.files_written), (1, 1));
    assert!(text_of(&russian_pdf).contains("Новый текст."));
    assert_eq!(text_of(&site.out("briefs/a/a.pdf")), english);

    // `pdf: false` in the translation removes its PDF alone.
    site.file(
        "briefs/a.ru.md",
        &ru.replacen("---\n", "---\npdf: false\n", 1),
    );
    session.rebuild(&changed).expect("rebuild");
    assert!(!russian_pdf.exists());
    assert!(site.out("briefs/a/a.pdf").exists());
}

/// A translation in a script the PDF's fonts lack takes a font from `site/fonts/`.
#[test]
fn a_translation_takes_its_script_from_the_site_fonts() {
    let site = translated_site();
    let japanese = "---\ntitle: ガスと影響力\nlang: ja\ntranslation_of: a\ndate: 2024-03-01\nsummary: ガスは影響力だ。\ntopics: [soft-power]\n---\nガスの本文。\n";
    let config = fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file(
        "site/config.yaml",
        &config.replace(RUSSIAN, &format!("{RUSSIAN}  ja:\n    name: 日本語\n")),
    );
    site.file("briefs/a.ja.md", japanese);
    site.run(&["build"])
        .expect_failure(1)
        // The series line, in Japanese, comes first on the cover.
        .expect_stderr("no font of the PDF draws 政策ブリーフガスと影響力")
        .expect_stderr("--> briefs/a.ja.md:")
        .expect_stderr("in `site/fonts/`");
    for font in ["NotoSansJP-Regular.otf", "NotoSansJP-Bold.otf"] {
        let bytes = fs::read(repo().join("site/fonts").join(font)).unwrap();
        fs::create_dir_all(site.root().join("site/fonts")).unwrap();
        fs::write(site.root().join("site/fonts").join(font), bytes).unwrap();
    }
    site.build();
    let pdf = site.out("ja/briefs/a/a.pdf");
    let text = text_of(&pdf);
    assert!(text.contains("ガスの本文。"), "{text}");
    assert!(
        text.contains("2024年3月1日") || text.contains("2024 年 3 月 1 日"),
        "{text}"
    );
    assert!(fonts(&pdf)
        .iter()
        .any(|(name, _)| name.contains("NotoSansJP")));
}

/// Letters no font of the PDF's design has but one of Typst's own does (Arabic, which
/// only DejaVu Sans Mono has) are a warning at the first of them, with the text and
/// where to put a font: Typst sets them in that font without a word. Russian, which
/// the design's fonts have, is not.
#[test]
fn letters_set_in_a_fallback_font_are_a_warning() {
    let site = pdf_site();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "Some English text.\n\nالغاز والنفوذ في المنطقة. More English.\n",
    );
    site.build()
        .expect_stderr("warning[W-pdf-font]: no font of the PDF's design has the letters of `الغاز والنفوذ في المنطقة`")
        .expect_stderr("DejaVu Sans Mono")
        .expect_stderr("--> briefs/a.md:9:1")
        .expect_stderr("in `site/fonts/`");
    assert!(site.out("briefs/a/a.pdf").exists());

    let site = translated_site();
    let run = site.build();
    assert!(!run.stderr.contains("W-pdf-font"), "{}", run.stderr);
}

/// In watch mode the pages come first; the edited brief's PDF follows.
#[test]
fn watch_mode_typesets_the_edited_brief_after_the_pages() {
    let site = pdf_site();
    three_briefs(&site);
    let mut session = Session::new(BuildOptions::new(site.root()));
    session.rebuild(&[]).expect("first build");
    let pdf = site.out("briefs/b/b.pdf");
    assert!(text_of(&pdf).contains("Text of b."));

    let b = fs::read_to_string(site.root().join("briefs/b.md")).unwrap();
    site.file(
        "briefs/b.md",
        &b.replace("Text of b.", "Watched text of b."),
    );
    let changed = [PathBuf::from("briefs/b.md")];
    session.rebuild_pages(&changed).expect("pages");
    assert!(site
        .read("briefs/b/index.html")
        .contains("Watched text of b."));
    assert!(
        text_of(&pdf).contains("Text of b."),
        "the PDF waits for the pages"
    );
    session.update_search_index().expect("search");
    let update = session.update_pdfs().expect("PDFs");
    assert_eq!((update.pdfs_typeset, update.files_written), (1, 1));
    assert!(text_of(&pdf).contains("Watched text of b."));

    // `pdf: false` removes the PDF; removing it again brings it back.
    site.file("briefs/b.md", &b.replacen("---\n", "---\npdf: false\n", 1));
    session.rebuild(&changed).expect("rebuild");
    assert!(!pdf.exists());
    site.file("briefs/b.md", &b);
    session.rebuild(&changed).expect("rebuild");
    assert!(text_of(&pdf).contains("Text of b."));
}

/// `watch` watches from before its first build: a save made while the first PDFs are
/// typeset is rebuilt after them, not lost.
#[test]
fn a_save_while_the_first_pdfs_are_typeset_is_rebuilt() {
    let site = pdf_site();
    three_briefs(&site);
    let root = site.root().to_path_buf();
    let (sender, receiver) = std::sync::mpsc::channel();
    // The watcher runs until the test process ends.
    std::thread::spawn(move || {
        let mut session = Session::new(BuildOptions::new(&root));
        let source = root.join("briefs/b.md");
        let pdf = root.join("public/briefs/b/b.pdf");
        let mut first = true;
        let _ = statecraft::dev::watch::watch(&mut session, false, |_| {
            if std::mem::take(&mut first) {
                // The first pages are written, the PDFs not yet: save now.
                if let Ok(text) = fs::read_to_string(&source) {
                    let _ = fs::write(&source, text.replace("Text of b.", "Saved early."));
                }
            } else if pdf.exists() && text_of(&pdf).contains("Saved early.") {
                let _ = sender.send(());
            }
        });
    });
    // A bound on a hang, not a measurement.
    receiver
        .recv_timeout(std::time::Duration::from_secs(300))
        .expect("the save made while the first PDFs were typeset was never rebuilt");
    assert!(site.read("briefs/b/index.html").contains("Saved early."));
}

/// The benchmark corpus (tables, lists, footnotes, links) typesets.
#[test]
fn a_generated_corpus_typesets() {
    let site = pdf_site();
    site.run(&["bench-corpus", "--n", "6", "corpus"])
        .expect_success();
    let config = fs::read_to_string(site.root().join("corpus/site/config.yaml")).unwrap();
    site.file(
        "corpus/site/config.yaml",
        &format!("{config}pdf:\n  enabled: true\n"),
    );
    let run = site.run(&["build", "--root", "corpus"]).expect_success();
    assert!(run.stdout.contains("6 PDFs (6 typeset"), "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}
