//! The Typst source of one brief's PDF (`/main.typ`): a call of the template's `brief`
//! function with the brief's data, followed by its body.
//!
//! ```typ
//! #import "/brief.typ": brief
//! #show: brief.with((title: "…", authors: ((name: "…", affiliation: "…"),), …))
//! …the body as markup…
//! ```
//!
//! Everything here is read from a [`PdfInput`] and the [`SiteInfo`], whose hashes are
//! the PDF's cache key ([`PdfInput::key`]): a value this module starts to read must be
//! added to them, or a stale PDF could be served from the cache.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use super::escape::{rich, string_literal};
use super::markup::{self, Markup};
use super::world::{ASSETS, ENTRY};
use crate::config::{PdfConfig, RawHtml};
use crate::model::body::{Citation, DrawnChart, Heading, OutgoingLink};
use crate::model::labels::Labels;
use crate::model::meta::{BriefMeta, PublishDate};
use crate::model::rich::RichText;
use crate::model::urls::BaseUrl;

/// What every PDF of the site shows of the configuration.
#[derive(Debug, Hash)]
pub struct SiteInfo<'a> {
    pub title: &'a str,
    /// The institution on the cover (`pdf.institution`, else the publisher, else the
    /// site's title).
    pub institution: &'a str,
    pub base_url: &'a BaseUrl,
    pub language: &'a str,
    pub raw_html: RawHtml,
    pub pdf: &'a PdfConfig,
    /// A hash of the logo's bytes, when `pdf.logo` names a static file.
    pub logo: Option<u64>,
    /// The publication series on the cover: `pdf.series`, else the edition's words
    /// for it ("Policy Brief").
    pub series: &'a str,
    /// The words of the template, in the edition's language.
    pub labels: PdfLabels<'a>,
    /// The licence line: `pdf.license`, else the site's `license` in the edition's
    /// words ("Published under CC BY 4.0.").
    pub license: String,
}

/// The words the PDF template shows around the brief's own (`data.labels`), from the
/// site's labels (`site/i18n/<language>.yaml` over the theme's).
#[derive(Debug, Hash)]
pub struct PdfLabels<'a> {
    pub updated: &'a str,
    pub key_findings: &'a str,
    pub recommendations: &'a str,
    pub references: &'a str,
    /// `Part {n} of {total}` of a series.
    pub part_of: &'a str,
    pub cite_as: &'a str,
    pub read_online: &'a str,
    /// The words a figure's `Source:` and `Note:` lines start with, as on the page.
    pub source: &'a str,
    pub note: &'a str,
    /// "Figure {n}" and "Table {n}": the words and numbers of captions and
    /// cross-references, as on the page (not Typst's own words for the language).
    pub figure: &'a str,
    pub table: &'a str,
}

impl<'a> PdfLabels<'a> {
    /// The words from `labels`; English ones for what a theme's labels lack (one made
    /// before the PDF's words were labels).
    pub fn of(labels: &'a Labels) -> PdfLabels<'a> {
        PdfLabels {
            updated: labels.text_or("brief.updated", "Updated"),
            key_findings: labels.text_or("brief.key_findings", "Key findings"),
            recommendations: labels.text_or("brief.recommendations", "Recommendations"),
            references: labels.text_or("brief.references", "References"),
            part_of: labels.text_or("series.part_of", "Part {n} of {total}"),
            cite_as: labels.text_or("pdf.cite_as", "Cite as"),
            read_online: labels.text_or("pdf.read_online", "Read online:"),
            source: labels.text_or("figures.source", "Source"),
            note: labels.text_or("figures.note", "Note"),
            figure: labels.text_or("figures.figure", "Figure {n}"),
            table: labels.text_or("figures.table", "Table {n}"),
        }
    }
}

/// One author as the cover shows them.
#[derive(Debug, Hash)]
pub struct Author<'a> {
    pub name: &'a str,
    pub affiliation: &'a str,
}

/// The brief's place in its series.
#[derive(Debug, Hash)]
pub struct SeriesPlace<'a> {
    pub name: &'a str,
    pub part: u32,
    pub total: usize,
}

/// Everything one brief's PDF is made from, besides the [`SiteInfo`], the template and
/// the fonts.
pub struct PdfInput<'a> {
    /// The brief file's text: its front matter and body.
    pub text: &'a str,
    pub body_offset: usize,
    /// The front matter as read from `text` (which the key hashes instead).
    pub meta: &'a BriefMeta,
    /// The summary as written (inline Markdown).
    pub summary: &'a str,
    pub headings: &'a [Heading],
    pub links: &'a [OutgoingLink],
    pub hrefs: &'a [String],
    pub link_titles: &'a [String],
    pub citations: &'a [Citation],
    pub citation_texts: &'a [RichText],
    pub references: &'a [RichText],
    /// The charts the parse stage drew (their data may be a file beside the brief).
    pub charts: &'a [DrawnChart],
    /// The page's ids of the image figures, and the page's words for each
    /// cross-reference, by where they are in the file.
    pub figure_ids: &'a [(usize, String)],
    pub xref_texts: &'a [(usize, String)],
    pub authors: Vec<Author<'a>>,
    /// The titles of the brief's topics.
    pub topics: Vec<&'a str>,
    pub series: Option<SeriesPlace<'a>>,
    /// The brief page's and the PDF's site paths.
    pub page_path: &'a str,
    pub pdf_path: &'a str,
    /// The "Cite as" line, as markup.
    pub cite_as: String,
    /// The date and the day of the last update as the edition's language writes them.
    pub date_text: String,
    pub updated_text: String,
}

impl PdfInput<'_> {
    /// A hash of every input. Every field is taken apart here, so a field added to
    /// [`PdfInput`] does not compile until it is hashed.
    pub fn key(&self, state: &mut impl Hasher) {
        let PdfInput {
            text,
            body_offset,
            // Read from `text` alone (the configuration only checks it).
            meta: _,
            summary,
            headings,
            links,
            hrefs,
            link_titles,
            citations,
            citation_texts,
            references,
            charts,
            figure_ids,
            xref_texts,
            authors,
            topics,
            series,
            page_path,
            pdf_path,
            cite_as,
            date_text,
            updated_text,
        } = self;
        (text, body_offset, headings, links, hrefs, link_titles).hash(state);
        (citations, citation_texts, references, charts).hash(state);
        (figure_ids, xref_texts).hash(state);
        (authors, topics, series, page_path, pdf_path, cite_as).hash(state);
        (date_text, updated_text, summary).hash(state);
    }
}

/// An image a brief shows: its destination as written, where it starts in the brief
/// file, and the file Typst draws, if there is one it can.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageUse {
    pub dest: String,
    pub offset: usize,
    pub file: Option<ImageFile>,
}

/// The file of an image, as Typst reads it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageFile {
    /// Its path for Typst: `/assets/<name>` for a static file, `/beside/<path>` for
    /// an image beside the brief.
    pub path: String,
    /// A hash of its bytes: a new image makes the PDF again.
    pub hash: u64,
    /// For an image beside the brief, its path in the site
    /// (`briefs/x/images/lng.png`), which the brief's world lets Typst read.
    pub beside: Option<PathBuf>,
}

/// The generated source, with where its parts came from and the images it shows.
pub struct Document {
    pub markup: Markup,
    pub images: Vec<ImageUse>,
}

/// Writes `/main.typ` for a brief. `image` finds the file of the image at an offset
/// of the brief file with a destination.
pub fn document(
    site: &SiteInfo,
    input: &PdfInput,
    front_matter_offset: usize,
    image: &dyn Fn(usize, &str) -> Option<ImageFile>,
) -> Document {
    let meta = input.meta;
    let mut head = String::with_capacity(4096);
    let _ = writeln!(
        head,
        "#import {}: brief",
        string_literal(&format!("/{ENTRY}"))
    );
    head.push_str("#show: brief.with((\n");
    let mut field = |name: &str, value: String| {
        let _ = writeln!(head, "  {name}: {value},");
    };
    let text = |value: &str| string_literal(value);
    let texts = |values: &[&str]| array(values.iter().map(|v| string_literal(v)));
    field("title", text(&meta.title));
    field("subtitle", text(&meta.subtitle));
    // Plain text for the metadata, and as the page shows it for the cover.
    field("summary", text(&meta.summary));
    field(
        "summary-content",
        format!("[{}]", markup::inline(input.summary)),
    );
    field("date", date(&meta.date));
    field("date-text", text(&input.date_text));
    field("updated", meta.updated.as_ref().map_or("none".into(), date));
    field("updated-text", text(&input.updated_text));
    field("number", text(&meta.number));
    field(
        "authors",
        array(input.authors.iter().map(|a| {
            format!(
                "(name: {}, affiliation: {})",
                string_literal(a.name),
                string_literal(a.affiliation)
            )
        })),
    );
    field("topics", texts(&input.topics));
    let regions: Vec<&str> = meta.regions.iter().map(|r| r.name.as_str()).collect();
    let tags: Vec<&str> = meta.tags.iter().map(|t| t.name.as_str()).collect();
    field("regions", texts(&regions));
    field("tags", texts(&tags));
    let keywords: Vec<&str> = input.topics.iter().copied().chain(tags).collect();
    field("keywords", texts(&keywords));
    field(
        "series",
        input.series.as_ref().map_or("none".into(), |s| {
            format!(
                "(name: {}, part: {}, total: {})",
                string_literal(s.name),
                s.part,
                s.total
            )
        }),
    );
    let content = |markup: String| format!("[{markup}]");
    let inline = |items: &[String]| array(items.iter().map(|t| content(markup::inline(t))));
    field("key-findings", inline(&meta.key_findings));
    field("recommendations", inline(&meta.recommendations));
    field(
        "references",
        array(input.references.iter().map(|r| content(rich(r)))),
    );
    field("cite-as", content(input.cite_as.clone()));
    field("url", text(&site.base_url.uri(input.page_path)));
    field("pdf-url", text(&site.base_url.uri(input.pdf_path)));
    let (lang, region) = language(site.language);
    field("lang", text(&lang));
    field("region", region.map_or("none".into(), |r| text(&r)));
    let pdf = site.pdf;
    let logo = pdf.logo.as_ref().filter(|_| site.logo.is_some());
    let site_fields = [
        ("title", text(site.title)),
        ("institution", text(site.institution)),
        ("url", text(&site.base_url.absolute(""))),
        ("series", text(site.series)),
        ("disclaimer", text(&pdf.disclaimer)),
        ("license", text(&site.license)),
        ("paper", text(&pdf.paper)),
        (
            "logo",
            logo.map_or("none".into(), |l| text(&format!("{ASSETS}{l}"))),
        ),
    ];
    field("site", dictionary(&site_fields));
    let words = &site.labels;
    let labels = [
        ("updated", text(words.updated)),
        ("key-findings", text(words.key_findings)),
        ("recommendations", text(words.recommendations)),
        ("references", text(words.references)),
        ("part-of", text(words.part_of)),
        ("cite-as", text(words.cite_as)),
        ("read-online", text(words.read_online)),
    ];
    field("labels", dictionary(&labels));
    head.push_str("))\n\n");

    let images = RefCell::new(Vec::new());
    let page_url = site.base_url.absolute(input.page_path);
    let find_image = |offset: usize, dest: &str| {
        let file = image(offset, dest);
        let path = file.as_ref().map(|f| f.path.clone());
        images.borrow_mut().push(ImageUse {
            dest: dest.to_string(),
            offset,
            file,
        });
        path
    };
    let body = markup::body(&markup::Body {
        markdown: &input.text[input.body_offset.min(input.text.len())..],
        offset: input.body_offset,
        headings: input.headings,
        links: input.links,
        hrefs: input.hrefs,
        link_titles: input.link_titles,
        citations: input.citations,
        citation_texts: input.citation_texts,
        charts: input.charts,
        figure_ids: input.figure_ids,
        xref_texts: input.xref_texts,
        line_labels: (site.labels.source, site.labels.note),
        numbered_labels: (site.labels.figure, site.labels.table),
        raw_html: site.raw_html,
        page_url: &page_url,
        origin: &site.base_url.origin,
        image: &find_image,
    });
    let mut markup = Markup {
        text: head,
        map: vec![(0, front_matter_offset)],
    };
    markup.push(&body);
    Document {
        markup,
        images: images.into_inner(),
    }
}

/// The images a body shows, found without writing it: what a cache key needs.
pub fn images(
    site: &SiteInfo,
    input: &PdfInput,
    image: &dyn Fn(usize, &str) -> Option<ImageFile>,
) -> Vec<ImageUse> {
    // Only `![` starts an image in Markdown; most briefs have none and skip the work.
    if !input.text[input.body_offset.min(input.text.len())..].contains("![") {
        return Vec::new();
    }
    document(site, input, 0, image).images
}

/// `(name: value, …)`: a Typst dictionary of values already written as Typst.
fn dictionary(fields: &[(&str, String)]) -> String {
    let fields: Vec<String> = fields
        .iter()
        .map(|(name, value)| format!("{name}: {value}"))
        .collect();
    format!("({})", fields.join(", "))
}

/// `(a, b, )`: a Typst array, with the trailing comma that keeps one item an array.
fn array(items: impl Iterator<Item = String>) -> String {
    let mut out = String::from("(");
    for item in items {
        out.push_str(&item);
        out.push_str(", ");
    }
    if out.len() == 1 {
        out.push(')');
        return out;
    }
    out.truncate(out.len() - 1);
    out.push(')');
    out
}

/// Typst's `lang` and `region` for a language tag (`en`, `en-GB`, `pt_BR`): a two- or
/// three-letter language, else English.
fn language(tag: &str) -> (String, Option<String>) {
    let mut parts = tag.split(['-', '_']);
    let lang = parts.next().unwrap_or("").to_ascii_lowercase();
    let lang = if (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_alphabetic()) {
        lang
    } else {
        "en".to_string()
    };
    let region = parts
        .next()
        .filter(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|r| r.to_ascii_uppercase());
    (lang, region)
}

fn date(date: &PublishDate) -> String {
    use chrono::Datelike;
    format!(
        "datetime(year: {}, month: {}, day: {})",
        date.day.year(),
        date.day.month(),
        date.day.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_keep_one_item_an_array() {
        assert_eq!(array(std::iter::empty()), "()");
        assert_eq!(array(["1".to_string()].into_iter()), "(1,)");
        assert_eq!(
            array(["1".to_string(), "2".to_string()].into_iter()),
            "(1, 2,)"
        );
    }

    #[test]
    fn languages_become_lang_and_region() {
        assert_eq!(language("en"), ("en".to_string(), None));
        assert_eq!(
            language("pt_br"),
            ("pt".to_string(), Some("BR".to_string()))
        );
        assert_eq!(language("English"), ("en".to_string(), None));
    }
}
