//! Markdown to HTML, plus what the link stage needs to know about the text: headings
//! (with unique ids), outgoing internal links (with their position and the sentence they
//! sit in), a word count and the body as plain text (for the search index).
//!
//! This stage never looks at other briefs. Internal links are left as placeholders in
//! the HTML ([`crate::model::body::Placeholder`]) and filled in by the render stage
//! once the link stage has resolved them, so a brief is parsed once even when the
//! briefs it links to change.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{
    html, BrokenLink, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag,
    TagEnd,
};

use crate::config::{ImagesConfig, RawHtml};
use crate::load::Assets;
use crate::model::body::{
    replace_markers, BodyProblem, Heading, OutgoingLink, Packed, RenderedMarkdown, MARKER,
};
use crate::model::colors::Rgb;
use crate::model::diagnostics::Diagnostic;
use crate::model::labels::{Label, Labels, PLURAL_CATEGORIES};
use crate::model::slug::slugify;
use crate::parse::chart::ChartWords;
use crate::parse::components::Components;
use crate::parse::glossary::Glossary;

mod citations;
mod footnotes;
mod heading_attributes;
mod links;
mod raw_html;
mod renderer;
pub mod shortcodes;

pub use citations::fill_citations;
use citations::parse_citation;
use footnotes::{fold_label, footnote_problems, write_footnotes};
pub(crate) use renderer::figures::line_keyword as figure_line_keyword;
/// Whether lines under a figure are its `Source:` and `Note:` lines.
pub(crate) use renderer::figures::lines_are_labelled as figure_lines_are_labelled;
/// How the page reads a figure's `{#fig:lng}` and a table's caption, for the PDF.
pub(crate) use renderer::figures::{
    parse_attributes as figure_attributes, table_caption, FigureKind, CAPTION_SEPARATOR,
};
use renderer::{figures, is_chart_block, Calls, Renderer};

/// Where a link destination written outside a Markdown text (a menu entry of the
/// configuration) points, read as in a brief: `[[name]]` or `[[topic:x]]` wiki links,
/// `name.md`, `/site/path/`, `#anchor`. `None` for an address elsewhere (`https:`,
/// `mailto:`).
pub fn classify_destination(dest: &str) -> Option<crate::model::body::LinkTarget> {
    let dest = dest.trim();
    match dest.strip_prefix("[[").and_then(|d| d.strip_suffix("]]")) {
        Some(inner) => links::classify(inner.split('|').next().unwrap_or(inner), true, None),
        None => links::classify(dest, false, None),
    }
}

/// What the body of a brief is rendered with besides its Markdown.
#[derive(Debug, Clone, Copy, Default)]
pub struct BodyOptions<'a> {
    pub raw_html: RawHtml,
    /// Read `[@key]` as citations; `Some(true)` makes each one a footnote (note styles).
    pub citations: Option<bool>,
    /// Link the first mention of each term to the glossary.
    pub glossary: Option<&'a Glossary>,
    /// The file being rendered, relative to the site root: files it refers to
    /// (`images/lng.png`, a chart's `data:`) are found beside it. Without one they
    /// are left as written.
    pub document: Option<&'a Path>,
    /// The site path of the document's page (`briefs/x/`): a relative link to another
    /// page (`../y/`) is read from it and checked like `/briefs/y/`. Without one such
    /// links are left as written.
    pub page: Option<&'a str>,
    /// The files documents may use (images, data, downloads).
    pub assets: Option<&'a Assets>,
    /// The components briefs may call.
    pub components: Option<&'a Components>,
    /// The widths of resized images (the default ones without).
    pub images: Option<&'a ImagesConfig>,
    /// The fixed words the body shows (English by default).
    pub labels: BodyLabels<'a>,
    /// The colours of chart series (`colors.charts`; empty: the theme's).
    pub chart_colors: &'a [Rgb],
}

/// The fixed words a body shows, in the site's language: the theme's labels (its
/// `i18n/<language>.yaml`), English where a body is rendered without a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLabels<'a> {
    /// The accessible name of a note's link back to where it is cited; `{n}` is the
    /// note's number.
    pub back_to_reference: &'a str,
    /// The accessible name of a heading's anchor link.
    pub section_link: &'a str,
    /// "Figure {n}" and "Table {n}", in captions and cross-references.
    pub figure: &'a str,
    pub table: &'a str,
    /// What a chart's source and note lines start with.
    pub source: &'a str,
    pub note: &'a str,
    /// The summary of a chart's data table ("Data for figure {n}") and its CSV link.
    pub chart_data: &'a str,
    pub chart_download: &'a str,
    /// Titles of callouts: note, tip, important, warning, caution.
    pub callouts: [&'a str; 5],
    pub chart: ChartWords<'a>,
    /// The accessible names of a task list's done and open boxes.
    pub task_done: &'a str,
    pub task_open: &'a str,
}

impl BodyLabels<'static> {
    pub const ENGLISH: BodyLabels<'static> = BodyLabels {
        back_to_reference: "Back to reference {n}",
        section_link: "Link to this section",
        figure: "Figure {n}",
        table: "Table {n}",
        source: "Source",
        note: "Note",
        chart_data: "Data for figure {n}",
        chart_download: "Download the data (CSV)",
        callouts: ["Note", "Tip", "Important", "Warning", "Caution"],
        chart: ChartWords::ENGLISH,
        task_done: "Done",
        task_open: "To do",
    };
}

impl Default for BodyLabels<'_> {
    fn default() -> Self {
        BodyLabels::ENGLISH
    }
}

impl<'a> BodyLabels<'a> {
    /// The body's words from a site's labels, English where they have none.
    pub fn from_labels(labels: &'a Labels) -> BodyLabels<'a> {
        let english = BodyLabels::ENGLISH;
        let text = |path: &str, fallback: &'a str| labels.text_or(path, fallback);
        let callout = |i: usize, name: &str| text(&format!("callouts.{name}"), english.callouts[i]);
        let kind = |i: usize, name: &str| text(&format!("charts.{name}"), english.chart.kinds[i]);
        BodyLabels {
            back_to_reference: text("back_to_reference", english.back_to_reference),
            section_link: text("section_link", english.section_link),
            figure: text("figures.figure", english.figure),
            table: text("figures.table", english.table),
            source: text("figures.source", english.source),
            note: text("figures.note", english.note),
            chart_data: text("charts.data", english.chart_data),
            chart_download: text("charts.download", english.chart_download),
            callouts: [
                callout(0, "note"),
                callout(1, "tip"),
                callout(2, "important"),
                callout(3, "warning"),
                callout(4, "caution"),
            ],
            chart: ChartWords {
                language: &labels.language,
                kinds: [kind(0, "bar"), kind(1, "stacked_bar"), kind(2, "line")],
                summary: text("charts.summary", english.chart.summary),
                range: text("charts.range", english.chart.range),
                categories: categories(labels),
            },
            task_done: text("task_done", english.task_done),
            task_open: text("task_open", english.task_open),
        }
    }
}

/// The plural forms of `charts.categories` ("{n} categories"), in the order of
/// [`PLURAL_CATEGORIES`]; English's when the labels have none.
fn categories(labels: &Labels) -> [&str; 6] {
    let english = ChartWords::ENGLISH.categories;
    match labels.get("charts.categories") {
        Some(Label::Map(forms)) => std::array::from_fn(|i| match forms.get(PLURAL_CATEGORIES[i]) {
            Some(Label::Text(form)) => form.as_str(),
            _ => "",
        }),
        Some(Label::Text(form)) => {
            let mut forms = [""; 6];
            forms[5] = form;
            forms
        }
        _ => english,
    }
}

/// Ids the theme uses on every page; headings never take them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "top",
    "content",
    "contents",
    "toc",
    "footnotes",
    "key-findings",
    "recommendations",
    "cited-by",
    "related",
    "series",
    "site-header",
    "site-footer",
    "references",
    "masthead-search-query",
    "menu-search-query",
    "about-authors",
    "cite",
    "list-filters-title",
];

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_GFM
        | Options::ENABLE_TASKLISTS
}

/// Renders a Markdown body. `body_offset` is where the body starts in its file, so that
/// link positions are file positions.
pub fn render(body: &str, body_offset: usize, raw_html: RawHtml) -> RenderedMarkdown {
    let options = BodyOptions {
        raw_html,
        ..BodyOptions::default()
    };
    render_with(body, body_offset, &options)
}

/// The destination pulldown-cmark gives a `[@key]` citation (see [`render_with`]); input
/// cannot contain the marker, so no link written by an author can look like one.
const CITATION_DEST: &str = "\0citation";

/// Punctuation a note marker goes after.
pub const NOTE_PUNCTUATION: &[char] = &['.', ',', ';', ':', '!', '?'];

/// A body as every renderer reads it: NUL, which delimits our placeholders, replaced
/// (CommonMark replaces it in input anyway).
pub fn clean_body(body: &str) -> Cow<'_, str> {
    if body.contains(MARKER) {
        Cow::Owned(body.replace(MARKER, "\u{fffd}"))
    } else {
        Cow::Borrowed(body)
    }
}

/// Characters no HTML page may carry (controls other than tabs, line and page breaks;
/// Unicode noncharacters such as U+FFFF), written as they are or as character
/// references (`&#x1;`): an error at each text holding one, as in front matter.
fn invisible_characters(
    body: &str,
    body_offset: usize,
    events: &[(Event<'_>, Range<usize>)],
) -> Vec<BodyProblem> {
    let forbidden = crate::model::escape::forbidden_in_html;
    let mut problems = Vec::new();
    for (event, range) in events {
        let text = match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => t,
            _ => continue,
        };
        let Some(bad) = text.chars().find(|&c| forbidden(c)) else {
            continue;
        };
        // Written as it is: at the character; as a reference: at the text.
        let written = &body[range.clone()];
        let (at, len) = written
            .char_indices()
            .find(|&(_, c)| c == bad)
            .map_or((range.start, range.len()), |(i, c)| {
                (range.start + i, c.len_utf8())
            });
        problems.push(BodyProblem {
            problem: Diagnostic::error(
                "E-invalid-text",
                format!("the text contains the invisible character U+{:04X}", u32::from(bad)),
            )
            .hint("delete it (it often comes with text pasted from another program); no web page may carry it"),
            at: Some((body_offset + at, len.max(1))),
        });
    }
    problems
}

/// Events of a body with their ranges in it.
pub type BodyEvents<'a> = Vec<(Event<'a>, Range<usize>)>;

/// The events of a body cleaned by [`clean_body`], with their ranges in it. With
/// `reads_citations`, `[@key]` citations are links whose destination
/// [`is_citation_link`]. The HTML renderer here and the PDF renderer both read bodies
/// this way, so they see the same blocks, links and citations in the same order.
pub fn body_events(body: &str, reads_citations: bool) -> BodyEvents<'_> {
    events_and_citations_in_links(body, reads_citations).0
}

/// [`body_events`], and the ranges of the `[@key]` citations left as text because they
/// are inside a link's text.
fn events_and_citations_in_links(
    body: &str,
    reads_citations: bool,
) -> (BodyEvents<'_>, Vec<Range<usize>>) {
    // A link cannot hold another, so a citation made a link inside `[text [@e]](url)`
    // would undo the outer link (the reader would see its brackets and address): a
    // citation inside a link's text stays text, and the link works.
    let links = match reads_citations && body.contains("[@") {
        true => citations::link_spans(body, parser_options()),
        false => Vec::new(),
    };
    let mut in_links = Vec::new();
    // `[@key]` is a reference link without a definition; pulldown-cmark hands such
    // links to this callback, which turns the ones that parse as citations into links
    // to CITATION_DEST. Everything else stays text, as CommonMark says.
    let citation_links = |link: BrokenLink| {
        let is_citation = reads_citations
            && link.link_type == LinkType::Shortcut
            && body
                .get(link.span.clone())
                .and_then(parse_citation)
                .is_some();
        if !is_citation {
            return None;
        }
        let span = link.span;
        if links
            .iter()
            .any(|l| l.start <= span.start && span.end <= l.end)
        {
            in_links.push(span);
            return None;
        }
        Some((CowStr::from(CITATION_DEST), CowStr::from("")))
    };
    let events =
        Parser::new_with_broken_link_callback(body, parser_options(), Some(citation_links))
            .into_offset_iter()
            .map(|(event, range)| (fold_label(event), range))
            .collect();
    in_links.sort_by_key(|r| r.start);
    in_links.dedup();
    (events, in_links)
}

/// Whether a link of [`body_events`] is a `[@key]` citation.
pub fn is_citation_link(dest: &str) -> bool {
    dest == CITATION_DEST
}

/// [`render`] for a brief: also reads citations and links glossary terms.
pub fn render_with(body: &str, body_offset: usize, options: &BodyOptions) -> RenderedMarkdown {
    let body = clean_body(body);
    let body = body.as_ref();
    let reads_citations = options.citations.is_some();
    let (mut events, mut citations_in_links) = events_and_citations_in_links(body, reads_citations);
    let shortcodes = shortcodes::find(body, &events);
    // Calls of components alone on their lines become blocks of their own (HTML
    // comments of the same length, so offsets stay those of the body).
    let planned = Calls::plan(body, body_offset, &shortcodes, options.components);
    let rewritten = planned.calls.rewrite(body);
    if let Some(rewritten) = &rewritten {
        (events, citations_in_links) = events_and_citations_in_links(rewritten, reads_citations);
    }
    let headings = heading_ids(&events);
    let plain_text = plain_text(&events);
    let invisible = invisible_characters(body, body_offset, &events);
    let bad_ids = invalid_custom_ids(body, body_offset, &events, &headings);
    let bad_notes = footnote_problems(body, body_offset, &events);
    let bad_attributes = heading_attributes::invalid_heading_attributes(body, body_offset, &events);
    let mut renderer = Renderer::new(body, body_offset, &headings, events.len(), options);
    renderer.shortcodes.clone_from(&planned.text);
    renderer.rich.plan = figures::Plan::scan(body, &events);
    renderer.rich.calls = planned.calls;
    for (event, range) in events {
        renderer.event(event, range);
    }
    let mut rendered = renderer.finish();
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, rendered.events.into_iter());
    let mut notes = String::new();
    write_footnotes(
        &mut notes,
        rendered.footnote_definitions,
        &rendered.footnote_numbers,
        &rendered.footnote_ref_counts,
        options.labels.back_to_reference,
    );
    let mut problems = planned.problems;
    problems.extend(citations::in_link_warnings(
        &citations_in_links,
        body_offset,
    ));
    problems.extend(invisible);
    problems.extend(bad_ids);
    problems.extend(bad_notes);
    problems.extend(bad_attributes);
    let rich = std::mem::take(&mut rendered.rich);
    problems.extend(rich.problems);
    let xref_targets =
        figures::xref_targets(&rich.numbered, &rich.xrefs, &options.labels, &mut problems);
    let html_out = figures::fill_xrefs(&html_out, &rich.xrefs, &xref_targets);
    let notes = figures::fill_xrefs(&notes, &rich.xrefs, &xref_targets);
    let xref_texts: Vec<(usize, String)> = rich
        .xrefs
        .iter()
        .zip(xref_targets)
        .filter_map(|(xref, target)| Some((xref.offset, target?.text)))
        .collect();
    let plain_text = fill_plain_text(
        plain_text,
        body_offset,
        &rendered.links,
        &xref_texts,
        &rich.chart_texts,
    );
    let mut html_ids = rendered.html_ids;
    html_ids.extend(rich.numbered.into_iter().map(|n| n.id));
    RenderedMarkdown {
        html: Packed::new(&html_out),
        notes: Packed::new(&notes),
        headings,
        links: rendered.links,
        word_count: rendered.word_count,
        citations: rendered.citations,
        plain_text: Box::from(plain_text),
        html_ids,
        shortcodes: planned
            .warn
            .into_iter()
            .map(|r| body_offset + r.start..body_offset + r.end)
            .collect(),
        assets: rich.assets,
        problems,
        charts: rich.charts,
        figure_ids: rich.figure_ids,
        xref_texts,
    }
}

/// Renders a short text (a key finding) as inline HTML: emphasis and code, no links or
/// blocks.
pub fn render_inline(text: &str) -> String {
    let mut out = String::new();
    html::push_html(&mut out, inline_events(text));
    out.trim_end().to_string()
}

/// The events of a short text (a key finding) as [`render_inline`] reads it: emphasis,
/// strikethrough and code; paragraphs, links and images left out and raw HTML as text.
/// Lists and other blocks a one-line text can still start come through.
pub fn inline_events(text: &str) -> impl Iterator<Item = Event<'_>> {
    Parser::new_ext(text, INLINE_OPTIONS)
        .filter(|e| {
            !matches!(
                e,
                Event::Start(Tag::Paragraph | Tag::Link { .. } | Tag::Image { .. })
                    | Event::End(TagEnd::Paragraph | TagEnd::Link | TagEnd::Image)
            )
        })
        .map(|e| match e {
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            other => other,
        })
}

/// How a short text (a key finding) is read: [`inline_events`], [`has_link`].
const INLINE_OPTIONS: Options =
    Options::ENABLE_STRIKETHROUGH.union(Options::ENABLE_SMART_PUNCTUATION);

/// Whether a short text (a summary, a key finding) holds a link or an image, which
/// [`render_inline`] leaves out, or a wiki link (`[[other]]`), which it shows as
/// written.
pub fn has_link(text: &str) -> bool {
    Parser::new_ext(text, INLINE_OPTIONS.union(Options::ENABLE_WIKILINKS))
        .any(|e| matches!(e, Event::Start(Tag::Link { .. } | Tag::Image { .. })))
}

/// Whether a short text holds a `[@key]` citation, which only the body's text can make
/// (the references listed are the body's).
pub fn has_citation(text: &str) -> bool {
    body_events(text, true).iter().any(|(event, _)| {
        matches!(event, Event::Start(Tag::Link { dest_url, .. }) if is_citation_link(dest_url))
    })
}

/// Whether a short text holds a note reference (`[^1]`), which only the body's text
/// can make (its notes are the body's).
pub fn has_note_reference(text: &str) -> bool {
    text.match_indices("[^").any(|(at, _)| {
        let label = &text[at + 2..];
        label
            .find(']')
            .is_some_and(|end| end > 0 && !label[..end].contains(char::is_whitespace))
    })
}

/// A short text written in inline Markdown (a summary) as plain text: what
/// [`render_inline`] shows, without markup, entities decoded. For meta tags, feeds,
/// JSON-LD and citation records, which are escaped again where they are written.
pub fn inline_plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let events = Parser::new_ext(
        text,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION,
    );
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// `text` with the body's typographic quotes and dashes (`Japan's` -> `Japan’s`), and
/// otherwise as written: no Markdown syntax is read in it.
pub fn smart_text(text: &str) -> String {
    // Markdown's escapes and entities would change the text: keep it as written.
    if text.contains(['\\', '&', '\n']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut parser = Parser::new_ext(text, Options::ENABLE_SMART_PUNCTUATION);
    if !matches!(parser.next(), Some(Event::Start(Tag::Paragraph))) {
        return text.to_string();
    }
    for event in parser {
        match event {
            Event::Text(t) => out.push_str(&t),
            Event::End(TagEnd::Paragraph) => {}
            _ => return text.to_string(),
        }
    }
    out
}

/// The first character of a heading's `{#custom}` id that an id may not hold, or
/// `Some(None)` for an empty id; `None` when the id is fine. The id is written into the
/// page's `id` attribute and into the `#id` of every link to the heading, so it keeps
/// to characters that neither HTML escapes nor URLs encode: letters and digits (of any
/// script, as heading slugs), `-`, `_`, `.` and `:`. A quote, `%`, `<` or `#` would
/// make a fragment no link written as `#id` reaches.
fn custom_id_problem(id: &str) -> Option<Option<char>> {
    if id.is_empty() {
        return Some(None);
    }
    id.chars()
        .find(|&c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')))
        .map(Some)
}

/// An error at each heading whose `{#custom}` id [`custom_id_problem`] rejects, or that
/// the page cannot give it (an id of the theme's, a footnote's or another heading's:
/// [`heading_ids`] gave `headings`, in order, another), at the id as written.
fn invalid_custom_ids(
    body: &str,
    body_offset: usize,
    events: &[(Event<'_>, Range<usize>)],
    headings: &[Heading],
) -> Vec<BodyProblem> {
    let mut problems = Vec::new();
    let starts = events
        .iter()
        .filter(|(event, _)| matches!(event, Event::Start(Tag::Heading { .. })));
    for ((event, range), heading) in starts.zip(headings) {
        let Event::Start(Tag::Heading { id: Some(id), .. }) = event else {
            continue;
        };
        let (message, hint) = if let Some(bad) = custom_id_problem(id) {
            let message = match bad {
                Some(c) => {
                    format!("the heading id `{id}` contains `{c}`, which an id cannot hold")
                }
                None => "the heading's `{#}` names no id".to_string(),
            };
            let allowed = "an id holds letters, digits, `-`, `_`, `.` and `:` (it is written in the page and in every `#id` link)";
            let suggestion = slugify(id);
            let hint = if suggestion.is_empty() {
                format!("{allowed}; or leave `{{#...}}` out to use the heading's text")
            } else {
                format!("{allowed}: write `{{#{suggestion}}}`")
            };
            (message, hint)
        } else if heading.id == id.as_ref() {
            continue;
        } else if RESERVED_IDS.contains(&id.as_ref()) {
            (
                format!("`{id}` is the id of a part of every page the theme makes"),
                format!("choose another id, such as `{id}-1`"),
            )
        } else if is_footnote_id(id) {
            (
                format!("`{id}` has the form of the ids of footnotes (`fn-1`, `fnref-1`)"),
                format!("choose another id, such as `note-{id}`"),
            )
        } else {
            let holder = headings.iter().find(|h| h.id == id.as_ref());
            (
                format!(
                    "`{id}` is also the id of the heading “{}”",
                    holder.map_or("", |h| h.title.as_str())
                ),
                "choose another id: two headings of a page cannot share one, and a link to `#id` would find only the first".to_string(),
            )
        };
        // The id as written, after its `#`; the heading's start when it is written
        // otherwise (escaped).
        let written = body.get(range.clone()).unwrap_or("");
        let (at, len) = written
            .rfind(&format!("#{id}"))
            .map_or((range.start, 1), |i| (range.start + i + 1, id.len()));
        problems.push(BodyProblem {
            problem: Diagnostic::error("E-invalid-id", message).hint(hint),
            at: Some((body_offset + at, len.max(1))),
        });
    }
    problems
}

/// The ids the headings of `markdown` take on their page, in order.
pub fn heading_ids_of(markdown: &str) -> Vec<String> {
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(markdown, parser_options())
        .into_offset_iter()
        .collect();
    heading_ids(&events).into_iter().map(|h| h.id).collect()
}

/// Gives every heading a unique id: its `{#custom}` id, or the slug of its text. Ids
/// made from text avoid every custom id of the page, so that a `{#overview}` below a
/// heading "Overview" still names its own heading; a custom id the page cannot give
/// (the theme's, another heading's) is numbered like a slug, and is an error (see
/// [`invalid_custom_ids`]).
fn heading_ids(events: &[(Event, std::ops::Range<usize>)]) -> Vec<Heading> {
    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    let custom_ids: HashSet<&str> = events
        .iter()
        .filter_map(|(event, _)| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.as_ref()),
            _ => None,
        })
        .collect();
    // The next number to try after each base id, so that a thousand headings of the
    // same text take a thousand steps, not half a million.
    let mut next_number: HashMap<String, usize> = HashMap::new();
    let mut headings = Vec::new();
    let mut current: Option<(u8, Option<String>, String)> = None;
    // A `[@key]` citation's key is not what readers see (the page shows the formatted
    // citation): neither the title nor the id is made of it.
    let mut in_citation = false;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    heading_level(*level),
                    id.as_ref().map(|s| s.to_string()),
                    String::new(),
                ));
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                in_citation = is_citation_link(dest_url);
                // "With [@key] a citation" reads "With a citation".
                if let Some((_, _, title)) = current.as_mut().filter(|_| in_citation) {
                    title.truncate(title.trim_end().len());
                }
            }
            Event::End(TagEnd::Link) => in_citation = false,
            Event::Text(text) | Event::Code(text) if !in_citation => {
                if let Some((_, _, title)) = current.as_mut() {
                    title.push_str(text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, custom, title)) = current.take() {
                    let is_custom = custom.is_some();
                    let base = custom.unwrap_or_else(|| slugify(&title));
                    let base = if base.is_empty() {
                        "section".to_string()
                    } else if is_footnote_id(&base) {
                        format!("h-{base}")
                    } else {
                        base
                    };
                    let taken = |id: &String| {
                        used.contains(id) || (!is_custom && custom_ids.contains(id.as_str()))
                    };
                    let mut id = base.clone();
                    if taken(&id) {
                        let n = next_number.entry(base.clone()).or_insert(1);
                        while taken(&id) {
                            id = format!("{base}-{n}");
                            *n += 1;
                        }
                    }
                    used.insert(id.clone());
                    headings.push(Heading {
                        level,
                        id,
                        title: title.trim().to_string(),
                    });
                }
            }
            _ => {}
        }
    }
    headings
}

/// Whether `id` has the form of a footnote's ids (`fn-2`, `fnref-2`, `fnref-2-3`),
/// which headings must not take.
fn is_footnote_id(id: &str) -> bool {
    let numbers = |rest: &str, parts: usize| {
        let split: Vec<&str> = rest.split('-').collect();
        split.len() <= parts
            && split
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    id.strip_prefix("fn-").is_some_and(|rest| numbers(rest, 1))
        || id
            .strip_prefix("fnref-")
            .is_some_and(|rest| numbers(rest, 2))
}

/// The text of the body's paragraphs, lists, tables, quotes and notes, from the same
/// events the renderer uses (no second parse): what search excerpts show. Blocks and
/// lines are separated by a space; other whitespace is kept as written (browsers
/// collapse it when they show an excerpt, and collapsing it here cost a fifth of parse
/// time). Left out: headings (an excerpt would run a heading into the paragraph after
/// it; the index reads them from [`RenderedMarkdown::headings`]) and `[@key]` citations
/// (the reader sees the formatted citation, not its key). A wiki link without text,
/// whose text is its target's slug, is `\0w<offset>\0` (the offset of the link in
/// `events`' text): [`fill_plain_text`] makes it the placeholder of its target's
/// title, which the page shows, or a figure's number ("Figure 2"). A chart's spec is
/// `\0c<offset>\0` (the offset of its block), which becomes the text the chart shows.
fn plain_text(events: &[(Event, std::ops::Range<usize>)]) -> String {
    fn push_space(out: &mut String) {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    let mut out = String::with_capacity(events.len() * 16);
    let mut hidden_link = false;
    let mut in_heading = false;
    let mut in_chart = false;
    for (event, range) in events {
        match event {
            Event::Text(text) | Event::Code(text) if !hidden_link && !in_heading && !in_chart => {
                out.push_str(text)
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if is_chart_block(info) => {
                in_chart = true;
                push_space(&mut out);
                let _ = write!(out, "{MARKER}c{}{MARKER}", range.start);
            }
            Event::End(TagEnd::CodeBlock) if in_chart => {
                in_chart = false;
                push_space(&mut out);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                hidden_link = matches!(link_type, LinkType::WikiLink { has_pothole: false });
                if hidden_link && !in_heading {
                    let _ = write!(out, "{MARKER}w{}{MARKER}", range.start);
                }
                if is_citation_link(dest_url) {
                    // "holds [@key]." reads "holds."
                    hidden_link = true;
                    out.truncate(out.trim_end().len());
                }
            }
            Event::End(TagEnd::Link) => hidden_link = false,
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                push_space(&mut out);
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::SoftBreak | Event::HardBreak => push_space(&mut out),
            Event::Start(tag) if !is_inline(tag) => push_space(&mut out),
            Event::End(tag) if !is_inline_end(tag) => push_space(&mut out),
            _ => {}
        }
    }
    out.truncate(out.trim_end().len());
    if out.starts_with(' ') {
        out.remove(0);
    }
    out
}

/// [`plain_text`] with the mark of each wiki link without text (`\0w<offset>\0`)
/// made the placeholder of its target's title (`\0t<link>\0`, see
/// [`crate::model::body::with_link_titles`]) or the number of the figure it refers to
/// (`xref_texts`, by offset in the body), and the mark of each chart the text it
/// shows (`chart_texts`, by offset in the body's events).
fn fill_plain_text(
    text: String,
    body_offset: usize,
    links: &[OutgoingLink],
    xref_texts: &[(usize, String)],
    chart_texts: &[(usize, String)],
) -> String {
    if !text.contains(MARKER) {
        return text;
    }
    fn text_at(texts: &[(usize, String)], offset: usize) -> Option<&str> {
        texts
            .iter()
            .find(|(at, _)| *at == offset)
            .map(|(_, text)| text.as_str())
    }
    let mut out = String::with_capacity(text.len());
    replace_markers(&text, &mut out, |letter, offset, out| {
        match letter {
            'w' => {
                let link = links
                    .iter()
                    .position(|l| l.offset == body_offset + offset && l.text.is_empty());
                if let Some(index) = link {
                    let _ = write!(out, "{MARKER}t{index}{MARKER}");
                } else if let Some(shown) = text_at(xref_texts, body_offset + offset) {
                    out.push_str(shown);
                }
            }
            'c' => out.push_str(text_at(chart_texts, offset).unwrap_or_default()),
            _ => return false,
        }
        true
    });
    out
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// 1 for `#`, 2 for `##`...
pub fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::body::{LinkTarget, Placeholder};

    /// The text's and notes' HTML, with `HREF3` and `TITLE3` for the placeholders.
    fn html_of(out: &RenderedMarkdown) -> String {
        let mut html = String::new();
        for packed in [&out.html, &out.notes] {
            crate::model::body::fill_placeholders(&packed.unpack(), &mut html, |p, html| {
                html.push_str(&match p {
                    Placeholder::Href(i) => format!("HREF{i}"),
                    Placeholder::LinkTitle(i) => format!("TITLE{i}"),
                })
            });
        }
        html
    }

    #[test]
    fn headings_get_unique_ids_and_anchors() {
        let out = render(
            "## Japan's View\n\n## Japan's View\n\n## Main\n",
            0,
            RawHtml::Allow,
        );
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["japans-view", "japans-view-1", "main-1"]);
        let html = html_of(&out);
        assert!(html.contains("<h2 id=\"japans-view-1\">"), "{html}");
        assert!(html.contains("href=\"#main-1\""), "{html}");
    }

    #[test]
    fn internal_links_become_placeholders() {
        let body = "See [the dispute](kuril.md#history) and [[nato|NATO]] and [[abm]].\n";
        let out = render(body, 10, RawHtml::Allow);
        assert_eq!(out.links.len(), 3);
        assert_eq!(
            out.links[0].target,
            LinkTarget::Document {
                name: "kuril".into(),
                anchor: Some("history".into()),
                query: String::new(),
            }
        );
        assert_eq!(out.links[0].offset, 10 + body.find('[').unwrap());
        assert_eq!(out.links[1].text, "NATO");
        let html = html_of(&out);
        assert!(html.contains("<a href=\"HREF0\">the dispute</a>"), "{html}");
        assert!(html.contains("<a href=\"HREF2\">TITLE2</a>"), "{html}");
        assert_eq!(out.links[2].context, "See the dispute and NATO and \0t2\0.");
    }

    #[test]
    fn external_and_term_links() {
        let out = render(
            "[x](https://example.org) [[topic:soft-power]] [y](/briefs/a/)",
            0,
            RawHtml::Allow,
        );
        assert_eq!(out.links.len(), 2);
        assert!(
            matches!(&out.links[0].target, LinkTarget::Term { kind, slug } if kind == "topic" && slug == "soft-power")
        );
        assert!(
            matches!(&out.links[1].target, LinkTarget::SitePath { path, .. } if path == "/briefs/a/")
        );
        assert!(html_of(&out).contains("href=\"https://example.org\""));
    }

    #[test]
    fn footnotes_are_numbered_with_back_references() {
        let out = render(
            "A.[^b] B.[^a] C.[^b]\n\n[^a]: First.\n[^b]: Second.\n",
            0,
            RawHtml::Allow,
        );
        let html = html_of(&out);
        assert!(html.contains("<a href=\"#fn-1\" id=\"fnref-1\""), "{html}");
        assert!(html.contains("id=\"fnref-1-2\""), "{html}");
        assert!(
            html.contains("<li id=\"fn-1\"><p>Second. <a href=\"#fnref-1\""),
            "{html}"
        );
        assert!(html.find("fn-1\">").unwrap() < html.find("fn-2\">").unwrap());
    }

    #[test]
    fn raw_html_can_be_escaped() {
        let out = render(
            "<script>alert(1)</script>\n\nhi <b>x</b>",
            0,
            RawHtml::Escape,
        );
        let html = html_of(&out);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
    }

    #[test]
    fn nul_in_input_cannot_forge_placeholders() {
        let out = render("a\0h0\0b", 0, RawHtml::Allow);
        let mut placeholders = 0;
        crate::model::body::fill_placeholders(&out.html.unpack(), &mut String::new(), |_, _| {
            placeholders += 1
        });
        assert_eq!(placeholders, 0);
    }

    #[test]
    fn citations_follow_pandoc_syntax() {
        let items = parse_citation("[@a; @b.c, pp. 3-4]").unwrap();
        assert_eq!(
            items,
            [
                (1, "a".to_string(), None),
                (5, "b.c".to_string(), Some("pp. 3-4".to_string()))
            ]
        );
        assert_eq!(parse_citation("[ @nye2004 ]").unwrap()[0].1, "nye2004");
        for not_a_citation in ["[see @a]", "[@]", "[@a b]", "[a@b.org]"] {
            assert!(parse_citation(not_a_citation).is_none(), "{not_a_citation}");
        }
    }

    #[test]
    fn citations_leave_markers_and_note_styles_make_footnotes() {
        let in_text = BodyOptions {
            citations: Some(false),
            ..BodyOptions::default()
        };
        let out = render_with("Power [@nye2004, p. 12].", 100, &in_text);
        assert_eq!(out.citations.len(), 1);
        assert_eq!(out.citations[0].offset, 106);
        assert_eq!(out.citations[0].items[0].offset, 107);
        assert!(html_of(&out).contains("Power \0c0\0."));

        let notes = BodyOptions {
            citations: Some(true),
            ..BodyOptions::default()
        };
        let mut out = render_with("Power [@nye2004].[^a]\n\n[^a]: Mine.\n", 0, &notes);
        fill_citations(&mut out, &["Nye, <i>Soft Power</i>.".to_string()], "");
        let html = html_of(&out);
        assert!(
            html.contains("Power.<sup class=\"footnote-ref\"><a href=\"#fn-1\""),
            "{html}"
        );
        assert!(
            html.contains("<li id=\"fn-1\"><p>Nye, <i>Soft Power</i>. <a"),
            "{html}"
        );
        assert!(html.contains("<li id=\"fn-2\"><p>Mine."), "{html}");
    }

    #[test]
    fn plain_text_is_what_readers_see() {
        let out = render(
            "## Japan's *View*\n\nA [link](https://e.org) and [[other]] and `code`.[^1]\nNext line.\n\n- one\n- two\n\n<div>raw</div>\n\n[^1]: A note.\n",
            0,
            RawHtml::Allow,
        );
        assert_eq!(
            &*out.plain_text,
            // The heading is left out; the bare wiki link is the placeholder of its
            // target's title (link 0: the external link is none), which the search
            // index fills in.
            "A link and \0t0\0 and code. Next line. one two A note."
        );
    }
}
