//! The site's bibliography (`site/references.bib`, BibTeX or BibLaTeX) and the formatting
//! of `[@key]` citations in a CSL style.
//!
//! Formatting is done by hayagriva, a real CSL processor: the style decides everything
//! (author-date or notes, "p." or not, disambiguation, "Ibid.", the order of the
//! reference list), so a site switches from Chicago to APA by changing one config key.
//! The file is parsed once per build and handed to the parse stage like the
//! configuration; each brief's citations are then formatted together, once, when the
//! brief is parsed (CSL needs all of a document's citations at once, in order).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use biblatex::{ChunksExt, ParseErrorKind, PermissiveType, Token};
use hayagriva::archive::{self, ArchivedStyle};
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{
    Display, FontStyle, FontVariant, FontWeight, IndependentStyle, Locale, LocaleCode, Style,
    StyleClass, TextDecoration, VerticalAlign,
};
use hayagriva::types::Publisher;
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild,
    ElemChildren, Entry, Formatting, Library, LocatorPayload, SpecificLocator,
};

use crate::config::{Config, CONFIG_PATH};
use crate::model::body::Citation;
use crate::model::diagnostics::{did_you_mean, Diagnostic};
use crate::model::escape::escape_html;
use crate::model::rich::{RichSpan, RichText, Script, SpanStyle};

/// A parsed bibliography with the style and locales to format it.
pub struct Bibliography {
    /// The file, relative to the site root (for diagnostics).
    pub path: PathBuf,
    library: Library,
    style: IndependentStyle,
    locales: &'static [Locale],
    locale: Option<LocaleCode>,
}

impl std::fmt::Debug for Bibliography {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bibliography")
            .field("path", &self.path)
            .field("entries", &self.library.len())
            .finish()
    }
}

/// A brief's citations and reference list, formatted as HTML and as styled text (for
/// the PDF edition).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Formatted {
    /// One per citation, in order: the in-text citation (`(Nye 2004, 12)`) or, for a
    /// note style, the text of its note.
    pub citations: Vec<String>,
    /// The works cited, in the style's order, one entry each.
    pub references: Vec<String>,
    /// `citations` as styled text.
    pub citation_texts: Vec<RichText>,
    /// `references` as styled text.
    pub reference_texts: Vec<RichText>,
}

/// The CSL style of `bibliography.style`, decoded.
pub struct CitationStyle(IndependentStyle);

impl CitationStyle {
    /// Decodes the configured style (and, once per process, the bundled locales):
    /// slow enough that a build does it while the sources are read.
    pub fn load(config: &Config) -> Result<CitationStyle, Diagnostic> {
        bundled_locales();
        load_style(&config.bibliography.style)
            .map(CitationStyle)
            .map_err(|message| Diagnostic::error("E-config", message).in_file(CONFIG_PATH))
    }
}

/// Parses BibTeX/BibLaTeX `text` (read from `path`) for `style` and the language of
/// `config`. Syntax and field errors point at their line in the file.
pub fn parse(
    path: &Path,
    text: &str,
    style: CitationStyle,
    config: &Config,
) -> Result<Bibliography, Vec<Diagnostic>> {
    let error = |span: Range<usize>, what: String, hint: String| {
        Diagnostic::error("E-bibliography", format!("invalid bibliography: {what}"))
            .at(path, text, span.start, span.len().max(1))
            .hint(hint)
    };
    let raw = biblatex::Bibliography::parse(text).map_err(|e| {
        let (span, what, hint) = syntax_problem(&e.kind, e.span.clone(), text);
        vec![error(span, what, hint)]
    })?;
    let mut problems = meaningless_values(&raw, path, text);
    let library = hayagriva::io::from_biblatex(&raw)
        .map_err(|errors| {
            let field_error = |e: biblatex::TypeError| {
                let what = format!("invalid field value: {}", e.kind);
                error(e.span, what, GENERAL_HINT.to_string())
            };
            errors.into_iter().map(field_error).collect()
        })
        .and_then(|library| normalize_entries(library, path, text));
    let library = match library {
        Ok(library) if problems.is_empty() => library,
        Ok(_) => return Err(problems),
        Err(found) => {
            problems.extend(found);
            return Err(problems);
        }
    };
    Ok(Bibliography {
        path: path.to_path_buf(),
        library,
        style: style.0,
        locales: bundled_locales(),
        locale: Some(LocaleCode(config.language.clone())),
    })
}

const GENERAL_HINT: &str =
    "each entry is `@type{key, field = {value}, ...}`; check braces, commas and quotes around here";

/// Where a BibTeX syntax error is, what it is and what to do, in the words of the
/// file's writer rather than the parser's.
fn syntax_problem(
    kind: &ParseErrorKind,
    span: Range<usize>,
    text: &str,
) -> (Range<usize>, String, String) {
    match kind {
        // The parser reaches the end of the file: the entry left open is the one to
        // show, not the end of the file.
        ParseErrorKind::UnexpectedEof => {
            let start = text[..span.start.min(text.len())]
                .rfind("\n@")
                .map_or(0, |n| n + 1);
            let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
            (
                start..end,
                "syntax error: this entry is not closed (the file ends inside it)".to_string(),
                "end the entry with `}` after its last field; every `{` in a value needs its `}` too".to_string(),
            )
        }
        ParseErrorKind::DuplicateKey(key) => {
            let first = entry_offset(text, key)
                .filter(|&at| at < span.start)
                .map(|at| text[..at].matches('\n').count() + 1);
            let hint = match first {
                Some(line) => format!("the first entry keyed `{key}` is at line {line}; give one of the two another key and cite it by that key"),
                None => "give one of the two entries another key and cite it by that key".to_string(),
            };
            (span, format!("syntax error: the key `{key}` is used by two entries"), hint)
        }
        ParseErrorKind::UnknownAbbreviation(name) => (
            span,
            format!("syntax error: `{name}` is written without braces or quotes, and no `@string` defines it"),
            format!("write the value in braces (`{{{name}}}`), or define the abbreviation first: `@string{{{name} = {{...}}}}`"),
        ),
        ParseErrorKind::Expected(Token::Comma) => (
            span,
            format!("syntax error: {kind}"),
            "fields are separated by commas: add one at the end of the field before this one".to_string(),
        ),
        _ => (span, format!("syntax error: {kind}"), GENERAL_HINT.to_string()),
    }
}

/// Values BibTeX reads but that mean nothing, which the references showed without a
/// word: a `year` that is no number (`20x1` was "20 AD"), a `date` or `urldate` that is
/// no date (`2001-13-45` was "n.d."), an empty list of names (`editor = {}` was "Edited
/// by .").
fn meaningless_values(raw: &biblatex::Bibliography, path: &Path, text: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for entry in raw.iter() {
        let key = entry.key.as_str();
        let mut problem = |field: &str, message: String, hint: &str| {
            let at = field_offset(text, key, field).unwrap_or(0);
            problems.push(
                Diagnostic::error("E-bibliography", message)
                    .at(path, text, at, field.len())
                    .hint(hint),
            );
        };
        let written = |field: &str| entry.get(field).map(|chunks| chunks.format_verbatim());
        for (field, date) in [("date", entry.date()), ("urldate", entry.url_date())] {
            if let (Some(value), Ok(PermissiveType::Chunks(_))) = (written(field), date) {
                problem(
                    field,
                    format!("`{value}` (the `{field}` of `{key}`) is not a date"),
                    "write it as year-month-day (`2001-03-15`), year-month (`2001-03`) or a year (`2001`); a range as `2001/2003`",
                );
            }
        }
        if let (None, Some(year)) = (written("date"), written("year")) {
            if year.trim().trim_start_matches('-').parse::<u32>().is_err() {
                problem(
                    "year",
                    format!("`{year}` (the `year` of `{key}`) is not a year"),
                    "write the year in digits (`year = {2001}`); an uncertain or spanned date goes in `date` (`date = {2001/2003}`)",
                );
            }
        }
        for field in ["author", "editor", "translator"] {
            if written(field).is_some_and(|names| names.trim().is_empty()) {
                problem(
                    field,
                    format!("the `{field}` of `{key}` is empty"),
                    "write the names (`Last, First and Last, First`), or delete the field",
                );
            }
        }
    }
    problems
}

/// Entries as the styles read them: an institution as the publisher (see
/// [`institution_as_publisher`]), and DOIs as the styles link them:
/// `https://doi.org/10.x/y` and `doi:10.x/y` lose the prefix the style writes itself
/// (else the link is `https://doi.org/https://...`); a value that is no DOI is an
/// error at it, as in front matter.
fn normalize_entries(
    library: Library,
    path: &Path,
    text: &str,
) -> Result<Library, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let library = library
        .into_iter()
        .map(|mut entry| {
            institution_as_publisher(&mut entry);
            let Some(written) = entry.doi().map(str::to_string) else {
                return entry;
            };
            match super::front_matter::normalize_doi(&written) {
                Some(doi) if doi != written => entry.set_doi(doi),
                Some(_) => {}
                None => {
                    let at = field_offset(text, entry.key(), "doi").unwrap_or(0);
                    problems.push(
                        Diagnostic::error(
                            "E-bibliography",
                            format!("`{written}` (the `doi` of `{}`) is not a DOI", entry.key()),
                        )
                        .at(path, text, at, "doi".len())
                        .hint("write the DOI as `10.` + the registrant's digits + `/` + the suffix, e.g. `doi = {10.2307/1148580}`, or leave the field out"),
                    );
                }
            }
            entry
        })
        .collect();
    match problems.is_empty() {
        true => Ok(library),
        false => Err(problems),
    }
}

/// The `institution` of a report, the `school` of a thesis or the `organization` of a
/// manual, when the entry names no publisher, is who published it, and CSL styles
/// print it as the publisher ("Tech. rep., RAND Corporation"). hayagriva keeps it as
/// the CSL `authority`, which the styles print for laws only: it was left out of the
/// reference.
fn institution_as_publisher(entry: &mut Entry) {
    let Some(organization) = entry.organization().cloned() else {
        return;
    };
    let publisher = entry.publisher();
    if publisher.is_some_and(|p| p.name().is_some()) {
        return;
    }
    let location = publisher.and_then(|p| p.location().cloned());
    entry.set_publisher(Publisher::new(Some(organization), location));
}

/// Where the first entry keyed `key` writes its key in BibTeX `text` (`@book{key,`).
fn entry_offset(text: &str, key: &str) -> Option<usize> {
    text.match_indices(key)
        .find(|&(at, _)| {
            text[..at].trim_end().ends_with('{')
                && text[at + key.len()..].trim_start().starts_with(',')
        })
        .map(|(at, _)| at)
}

/// Where field `field` of the entry keyed `key` is written in BibTeX `text`.
fn field_offset(text: &str, key: &str, field: &str) -> Option<usize> {
    let entry = entry_offset(text, key)?;
    let end = text[entry..].find("\n@").map_or(text.len(), |n| entry + n);
    // Lower case keeps byte offsets: field names are ASCII.
    let lower = text[entry..end].to_ascii_lowercase();
    let mut from = 0;
    while let Some(n) = lower[from..].find(field) {
        let at = from + n;
        let starts_word = at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphanumeric();
        if starts_word && lower[at + field.len()..].trim_start().starts_with('=') {
            return Some(entry + at);
        }
        from = at + field.len();
    }
    None
}

/// The CSL locales hayagriva bundles (terms such as "edited by" in every language).
/// Decoding them takes longer than the rest of building a small site, so a process
/// (a watch session, say) does it once.
fn bundled_locales() -> &'static [Locale] {
    static LOCALES: OnceLock<Vec<Locale>> = OnceLock::new();
    LOCALES.get_or_init(archive::locales)
}

/// An archived style by name, following a dependent style to its parent.
fn load_style(name: &str) -> Result<IndependentStyle, String> {
    let archived =
        ArchivedStyle::by_name(name).ok_or_else(|| format!("unknown citation style `{name}`"))?;
    match archived.get() {
        Style::Independent(style) => Ok(style),
        Style::Dependent(dependent) => {
            match ArchivedStyle::by_id(&dependent.parent_link.href).map(ArchivedStyle::get) {
                Some(Style::Independent(style)) => Ok(style),
                _ => Err(format!(
                    "citation style `{name}` depends on a style that is not available"
                )),
            }
        }
    }
}

impl Bibliography {
    /// Whether citations become footnotes (Chicago notes) rather than text in
    /// parentheses (Chicago author-date, APA).
    pub fn is_note_style(&self) -> bool {
        self.style.settings.class == StyleClass::Note
    }

    /// An error for every cited key the bibliography does not have, at the key.
    pub fn check(&self, file: &Path, text: &str, citations: &[Citation]) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for item in citations.iter().flat_map(|c| &c.items) {
            if self.library.get(&item.key).is_some() {
                continue;
            }
            let keys = self.library.keys();
            let hint = match did_you_mean(&item.key, keys) {
                Some(key) => format!("did you mean `{key}`?"),
                None => format!(
                    "add an entry with this key to `{}`, or cite one of its keys",
                    self.path.display()
                ),
            };
            problems.push(
                Diagnostic::error(
                    "E-unknown-citation",
                    format!(
                        "`@{}` is not in the bibliography `{}`",
                        item.key,
                        self.path.display()
                    ),
                )
                .at(file, text, item.offset, item.key.len() + 1)
                .hint(hint),
            );
        }
        problems
    }

    /// Formats a brief's citations (all of them, in order) and its reference list, in
    /// the brief's `language` (a translation's), else the site's: the style's words
    /// ("edited by", "accessed") and dates follow it. Keys the bibliography lacks are
    /// left out ([`Bibliography::check`] reports them).
    pub fn format(&self, citations: &[Citation], language: Option<&str>) -> Formatted {
        if citations.is_empty() {
            return Formatted::default();
        }
        let locale = language
            .map(|language| LocaleCode(language.to_string()))
            .or_else(|| self.locale.clone());
        let mut driver = BibliographyDriver::new();
        for citation in citations {
            let items = citation
                .items
                .iter()
                .filter_map(|item| {
                    let entry = self.library.get(&item.key)?;
                    let locator = item.locator.as_deref().map(locator);
                    Some(CitationItem::with_locator(entry, locator))
                })
                .collect();
            driver.citation(CitationRequest::new(
                items,
                &self.style,
                locale.clone(),
                self.locales,
                citation.note,
            ));
        }
        let rendered = driver.finish(BibliographyRequest::new(&self.style, locale, self.locales));
        let note_style = self.is_note_style();
        let citations = rendered
            .citations
            .iter()
            .map(|c| {
                let html = to_html(&c.citation);
                if note_style {
                    html
                } else {
                    format!("<span class=\"citation\">{html}</span>")
                }
            })
            .collect();
        let citation_texts = rendered
            .citations
            .iter()
            .map(|c| to_rich(&c.citation.0))
            .collect();
        let items = rendered.bibliography.map(|b| b.items).unwrap_or_default();
        let references = items
            .iter()
            .map(|item| {
                let mut html = String::new();
                if let Some(first) = &item.first_field {
                    html.push_str("<span class=\"csl-first-field\">");
                    write_child(first, &mut html);
                    html.push_str("</span> ");
                }
                html.push_str(&to_html(&item.content));
                html
            })
            .collect();
        let reference_texts = items
            .iter()
            .map(|item| {
                let mut rich = Vec::new();
                if let Some(first) = &item.first_field {
                    write_rich(first, &mut rich);
                    rich.push(RichSpan {
                        text: " ".to_string(),
                        ..RichSpan::default()
                    });
                }
                rich.extend(to_rich(&item.content.0));
                rich
            })
            .collect();
        Formatted {
            citations,
            references,
            citation_texts,
            reference_texts,
        }
    }
}

/// An error for each citation in a site without a bibliography file.
pub fn missing(
    file: &Path,
    text: &str,
    citations: &[Citation],
    config: &Config,
) -> Vec<Diagnostic> {
    citations
        .iter()
        .map(|citation| {
            Diagnostic::error(
                "E-no-bibliography",
                "this cites a work, but the site has no bibliography",
            )
            .at(file, text, citation.offset, citation.len)
            .hint(format!(
                "create `{}` with a BibTeX entry for each work cited (or set `bibliography.file` in site/config.yaml); to show the brackets as text, write `\\[@`",
                config.bibliography.path().display()
            ))
        })
        .collect()
}

/// Reads a pandoc-style locator: `p. 12`, `pp. 3-4`, `chap. 2`, `sec. 4`, `12`.
/// A label we do not know keeps the whole text, shown as written.
fn locator(text: &str) -> SpecificLocator<'_> {
    let text = text.trim();
    let (label, value) = match text.split_once(char::is_whitespace) {
        Some((label, value)) => (label, value.trim()),
        // `p.12`, `pp.3-4`, as often typed: the full stop ends the label.
        None => match text.split_once('.') {
            Some((label, value))
                if !label.is_empty()
                    && label.chars().all(char::is_alphabetic)
                    && value.starts_with(|c: char| c.is_ascii_digit()) =>
            {
                (label, value)
            }
            _ => ("", text),
        },
    };
    let kind = match label.trim_end_matches('.').to_lowercase().as_str() {
        "" if text.starts_with(|c: char| c.is_ascii_digit()) => Some(Locator::Page),
        "p" | "pp" | "page" | "pages" => Some(Locator::Page),
        "ch" | "chap" | "chapter" | "chapters" => Some(Locator::Chapter),
        "sec" | "section" | "sections" | "§" | "§§" => Some(Locator::Section),
        "para" | "paras" | "paragraph" | "¶" => Some(Locator::Paragraph),
        "vol" | "vols" | "volume" => Some(Locator::Volume),
        "fig" | "figs" | "figure" => Some(Locator::Figure),
        "n" | "nn" | "note" | "notes" => Some(Locator::Note),
        "l" | "ll" | "line" | "lines" => Some(Locator::Line),
        "col" | "column" => Some(Locator::Column),
        "pt" | "part" => Some(Locator::Part),
        "bk" | "book" => Some(Locator::Book),
        "tbl" | "table" => Some(Locator::Table),
        "app" | "appendix" => Some(Locator::Appendix),
        _ => None,
    };
    match kind {
        Some(kind) if !label.is_empty() && !value.is_empty() => {
            SpecificLocator(kind, LocatorPayload::Str(value))
        }
        Some(kind) => SpecificLocator(kind, LocatorPayload::Str(text)),
        None => SpecificLocator(Locator::Custom, LocatorPayload::Str(text)),
    }
}

/// Writes CSL output as HTML. We write it ourselves rather than with hayagriva's HTML
/// writer because that one neither escapes text (a title with `&` or `<` would break
/// the page) nor uses elements (it writes inline `style` attributes).
fn to_html(children: &ElemChildren) -> String {
    let mut html = String::new();
    for child in &children.0 {
        write_child(child, &mut html);
    }
    html
}

fn write_child(child: &ElemChild, html: &mut String) {
    match child {
        ElemChild::Text(text) => write_formatted(&text.formatting, &escape_html(&text.text), html),
        ElemChild::Elem(elem) => {
            // Spans, not divs: a citation sits inside a paragraph.
            let class = match elem.display {
                Some(Display::Block) => Some("csl-block"),
                Some(Display::Indent) => Some("csl-indent"),
                Some(Display::LeftMargin) => Some("csl-left-margin"),
                Some(Display::RightInline) => Some("csl-right-inline"),
                None => None,
            };
            if let Some(class) = class {
                html.push_str(&format!("<span class=\"{class}\">"));
            }
            for child in &elem.children.0 {
                write_child(child, html);
            }
            if class.is_some() {
                html.push_str("</span>");
            }
        }
        // Typst markup in a field: shown as the text it is.
        ElemChild::Markup(markup) => html.push_str(&escape_html(markup)),
        ElemChild::Link { text, url } => {
            let inner = escape_html(&text.text);
            if is_web_url(url) {
                let mut link = format!("<a href=\"{}\">", escape_html(url));
                write_formatted(&text.formatting, &inner, &mut link);
                link.push_str("</a>");
                html.push_str(&link);
            } else {
                write_formatted(&text.formatting, &inner, html);
            }
        }
        ElemChild::Transparent { .. } => {}
    }
}

/// CSL output as styled text; layout (blocks, indents) is left to the output.
fn to_rich(children: &[ElemChild]) -> RichText {
    let mut rich = Vec::new();
    for child in children {
        write_rich(child, &mut rich);
    }
    rich
}

fn write_rich(child: &ElemChild, rich: &mut RichText) {
    let span = |text: &str, formatting: &Formatting, link: Option<&str>| RichSpan {
        text: text.to_string(),
        style: span_style(formatting),
        link: link.filter(|url| is_web_url(url)).map(str::to_string),
    };
    match child {
        ElemChild::Text(text) => rich.push(span(&text.text, &text.formatting, None)),
        ElemChild::Elem(elem) => {
            for child in &elem.children.0 {
                write_rich(child, rich);
            }
        }
        ElemChild::Markup(markup) => rich.push(span(markup, &Formatting::default(), None)),
        ElemChild::Link { text, url } => rich.push(span(&text.text, &text.formatting, Some(url))),
        ElemChild::Transparent { .. } => {}
    }
}

fn span_style(formatting: &Formatting) -> SpanStyle {
    SpanStyle {
        italic: formatting.font_style == FontStyle::Italic,
        bold: formatting.font_weight == FontWeight::Bold,
        small_caps: formatting.font_variant == FontVariant::SmallCaps,
        underline: formatting.text_decoration == TextDecoration::Underline,
        script: match formatting.vertical_align {
            VerticalAlign::Sup => Script::Super,
            VerticalAlign::Sub => Script::Sub,
            VerticalAlign::None | VerticalAlign::Baseline => Script::Normal,
        },
    }
}

/// A URL a reader can follow: `url` and `doi` fields become links only when they are
/// http(s) addresses, so a `javascript:` URL in a .bib file stays text.
fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Wraps already escaped `inner` in the elements its CSL formatting asks for.
fn write_formatted(formatting: &Formatting, inner: &str, html: &mut String) {
    let mut open = String::new();
    let mut close = String::new();
    let mut wrap = |start: &str, end: &str| {
        open.push_str(start);
        close.insert_str(0, end);
    };
    if formatting.font_style == FontStyle::Italic {
        wrap("<i>", "</i>");
    }
    if formatting.font_weight == FontWeight::Bold {
        wrap("<b>", "</b>");
    }
    if formatting.font_variant == FontVariant::SmallCaps {
        wrap("<span class=\"small-caps\">", "</span>");
    }
    if formatting.text_decoration == TextDecoration::Underline {
        wrap("<u>", "</u>");
    }
    match formatting.vertical_align {
        VerticalAlign::Sup => wrap("<sup>", "</sup>"),
        VerticalAlign::Sub => wrap("<sub>", "</sub>"),
        VerticalAlign::None | VerticalAlign::Baseline => {}
    }
    html.push_str(&open);
    html.push_str(inner);
    html.push_str(&close);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locators_follow_pandoc() {
        let kind = |text| {
            let SpecificLocator(kind, LocatorPayload::Str(value)) = locator(text) else {
                unreachable!()
            };
            (kind, value)
        };
        assert_eq!(kind("p. 12"), (Locator::Page, "12"));
        assert_eq!(kind("pp. 3-4"), (Locator::Page, "3-4"));
        assert_eq!(kind("12"), (Locator::Page, "12"));
        assert_eq!(kind("chap. 2"), (Locator::Chapter, "2"));
        assert_eq!(kind("Article 9"), (Locator::Custom, "Article 9"));
        assert_eq!(kind("p.12"), (Locator::Page, "12"));
        assert_eq!(kind("pp.3-4"), (Locator::Page, "3-4"));
        assert_eq!(kind("sec.4.2"), (Locator::Section, "4.2"));
        assert_eq!(kind("12.5"), (Locator::Page, "12.5"));
    }

    #[test]
    fn formatting_becomes_elements_and_text_is_escaped() {
        let mut html = String::new();
        let italic = Formatting {
            font_style: FontStyle::Italic,
            ..Formatting::default()
        };
        write_formatted(&italic, &escape_html("R&D <b>"), &mut html);
        assert_eq!(html, "<i>R&amp;D &lt;b&gt;</i>");
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(is_web_url("https://doi.org/10.2307/1148580"));
    }
}
