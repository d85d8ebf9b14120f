//! Figures and captioned tables, numbered per document, and cross-references to them.
//!
//! - An image alone in its paragraph is a figure: `![Caption](lng.png){#fig:lng}`,
//!   optionally followed by lines starting `Source:` or `Note:` in the same paragraph.
//! - A paragraph starting `Table:` (or `:`) right before or after a table is its
//!   caption: `Table: Gas imports by source {#tbl:gas}`, with `Source:` lines likewise.
//! - `[[fig:lng]]` shows "Figure 2" and links to it; `[[fig:lng|the map]]` its own text.
//!
//! Figures (charts included) and tables are numbered in the order they appear; a
//! cross-reference to a label the document does not define is an error.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{html, CowStr, Event, LinkType, Tag, TagEnd};

use super::super::MARKER;
use super::media::ImageHtml;
pub(crate) use super::rich::FigureKind;
use super::rich::{Numbered, Xref};
use super::{OpenLink, Renderer};
use crate::model::body::BodyProblem;
use crate::model::diagnostics::{did_you_mean, Diagnostic};
use crate::model::escape::escape_html;
use crate::parse::markdown::BodyLabels;

/// Figure paragraphs and table captions, found before rendering from the events and
/// the text.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Figure paragraphs, by where they start.
    figures: HashMap<usize, LinePlan>,
    /// Caption paragraphs of tables, by where they start.
    captions: HashMap<usize, LinePlan>,
    /// Tables with a caption, by where they start.
    tables: HashSet<usize>,
}

/// What the first line of a figure or caption paragraph holds besides its content.
#[derive(Debug, Clone)]
struct LinePlan {
    /// Where the image starts (figures).
    image_start: Option<usize>,
    /// The `{#label ...}` block at the end of the first line.
    attributes: Option<Range<usize>>,
}

/// Labels of a figure's extra lines.
const LINE_LABELS: [&str; 4] = ["source:", "sources:", "note:", "notes:"];

impl Plan {
    /// Finds figure paragraphs and table captions in `events` of `source`.
    pub(crate) fn scan(source: &str, events: &[(Event, Range<usize>)]) -> Plan {
        let mut plan = Plan::default();
        let mut i = 0;
        while i < events.len() {
            if !matches!(events[i].0, Event::Start(Tag::Paragraph)) {
                i += 1;
                continue;
            }
            let Some(length) = events[i..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))
            else {
                break;
            };
            let end = i + length;
            let paragraph = events[i].1.clone();
            let inner = &events[i + 1..end];
            if let Some(figure) = figure_plan(source, inner, &paragraph) {
                plan.figures.insert(paragraph.start, figure);
            } else if let Some(caption) = table_caption(source, events, i, end) {
                plan.captions.insert(
                    paragraph.start,
                    LinePlan {
                        image_start: None,
                        attributes: caption.attributes,
                    },
                );
                plan.tables.insert(caption.table);
            }
            i = end + 1;
        }
        plan
    }
}

/// A paragraph that captions a table (`Table: Gas imports {#tbl:gas}`, then lines
/// starting `Source:` or `Note:`): where its table starts, and where the `{...}` block
/// ending its first line is, in `source`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableCaption {
    pub table: usize,
    pub attributes: Option<Range<usize>>,
}

/// Whether the paragraph from event `start` to `end` of `events` (read from `source`)
/// captions the table right after or right before it. The PDF edition finds captions
/// with it too.
pub(crate) fn table_caption(
    source: &str,
    events: &[(Event, Range<usize>)],
    start: usize,
    end: usize,
) -> Option<TableCaption> {
    let table = captioned_table(source, events, start, end)?;
    if !lines_are_labelled(split_lines(&events[start + 1..end]).iter().skip(1)) {
        return None;
    }
    let paragraph = events[start].1.clone();
    let first_line = first_line_end(source, paragraph.start, paragraph.end);
    Some(TableCaption {
        table,
        attributes: trailing_attributes(source, paragraph.start, first_line),
    })
}

fn first_line_end(source: &str, from: usize, end: usize) -> usize {
    source
        .get(from..end)
        .and_then(|text| text.find('\n'))
        .map_or(end, |i| from + i)
}

/// A `{...}` block ending the text from `from` to `line_end`.
fn trailing_attributes(source: &str, from: usize, line_end: usize) -> Option<Range<usize>> {
    let line = source.get(from..line_end)?.trim_end();
    if !line.ends_with('}') {
        return None;
    }
    let open = line.rfind('{')?;
    Some(from + open..from + line.len())
}

/// A paragraph that is an image alone, with an optional `{...}` after it on its
/// line and optional `Source:`/`Note:` lines.
fn figure_plan(
    source: &str,
    inner: &[(Event, Range<usize>)],
    paragraph: &Range<usize>,
) -> Option<LinePlan> {
    let (Event::Start(Tag::Image { .. }), image) = inner.first()? else {
        return None;
    };
    if image.start != paragraph.start {
        return None;
    }
    let line_end = first_line_end(source, image.end, paragraph.end);
    let rest = source.get(image.end..line_end)?.trim();
    let attributes = if rest.is_empty() {
        None
    } else if rest.starts_with('{') && rest.ends_with('}') {
        trailing_attributes(source, image.end, line_end)
    } else {
        return None;
    };
    let lines = split_lines(inner);
    // The first line is the image and its attributes only.
    let mut depth = 0;
    let image_events = lines[0]
        .iter()
        .position(|(e, _)| {
            match e {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) => depth -= 1,
                _ => {}
            }
            depth == 0
        })
        .map_or(lines[0].len(), |p| p + 1);
    let only_attributes = lines[0][image_events..].iter().all(|(_, r)| {
        attributes
            .as_ref()
            .is_some_and(|a| a.start <= r.start && r.end <= a.end)
    });
    (only_attributes && lines_are_labelled(lines.iter().skip(1))).then_some(LinePlan {
        image_start: Some(image.start),
        attributes,
    })
}

/// The table a paragraph starting `Table:` or `:` captions: the one right after it,
/// or right before it. Returns where the table starts.
fn captioned_table(
    source: &str,
    events: &[(Event, Range<usize>)],
    start: usize,
    end: usize,
) -> Option<usize> {
    let text = source.get(events[start].1.clone())?;
    if !(text.starts_with("Table:") || text.starts_with(": ")) {
        return None;
    }
    if let Some((Event::Start(Tag::Table(_)), range)) = events.get(end + 1) {
        return Some(range.start);
    }
    let before = start.checked_sub(1)?;
    if !matches!(events[before].0, Event::End(TagEnd::Table)) {
        return None;
    }
    let mut depth = 0;
    events[..before].iter().rev().find_map(|(e, r)| match e {
        Event::End(TagEnd::Table) => {
            depth += 1;
            None
        }
        Event::Start(Tag::Table(_)) if depth == 0 => Some(r.start),
        Event::Start(Tag::Table(_)) => {
            depth -= 1;
            None
        }
        _ => None,
    })
}

/// The events of a paragraph split at its line breaks outside inline elements.
fn split_lines<'a, 'e>(
    inner: &'a [(Event<'e>, Range<usize>)],
) -> Vec<&'a [(Event<'e>, Range<usize>)]> {
    let mut lines = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, (event, _)) in inner.iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            Event::SoftBreak | Event::HardBreak if depth == 0 => {
                lines.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    lines.push(&inner[start..]);
    lines
}

/// Whether each line starts with `Source:`, `Note:` and the like.
pub(crate) fn lines_are_labelled<'a, 'e: 'a>(
    mut lines: impl Iterator<Item = &'a &'a [(Event<'e>, Range<usize>)]>,
) -> bool {
    lines.all(|line| {
        let text: String = line
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .take(3)
            .collect();
        let text = text.trim_start().to_lowercase();
        LINE_LABELS.iter().any(|label| text.starts_with(label))
    })
}

/// A figure's or caption's paragraph being read.
pub(crate) struct OpenParagraph {
    /// Where the figure's image starts (`None` for a table's caption).
    pub image_start: Option<usize>,
    attributes: Attributes,
    attributes_at: Option<Range<usize>>,
    /// Whether the `Table:` prefix is still to be taken off the first text.
    prefix: bool,
    depth: usize,
    lines: Vec<Vec<Event<'static>>>,
    pub image: Option<ImageHtml>,
    start: usize,
}

/// A captioned table being read: its events, and its caption once read.
pub(crate) struct OpenTable {
    events: Option<Vec<Event<'static>>>,
    caption: Option<OpenParagraph>,
}

/// `{#fig:lng .wide alt="..."}` after a figure's image or a table's caption.
#[derive(Debug, Default, Clone)]
pub(crate) struct Attributes {
    pub label: Option<String>,
    pub classes: Vec<String>,
    pub alt: Option<String>,
}

impl Renderer<'_> {
    /// Takes the events of figure paragraphs, table captions and captioned tables.
    pub(super) fn figure_event(&mut self, event: &Event, range: &Range<usize>) -> bool {
        if self.rich.paragraph.is_some() {
            return self.paragraph_event(event, range);
        }
        match event {
            Event::Start(Tag::Paragraph) => {
                let (plan, table) = match (
                    self.rich.plan.figures.get(&range.start),
                    self.rich.plan.captions.get(&range.start),
                ) {
                    (Some(plan), _) => (plan.clone(), false),
                    (None, Some(plan)) => (plan.clone(), true),
                    (None, None) => return false,
                };
                self.open_paragraph(plan, table, range.start);
                true
            }
            Event::Start(Tag::Table(_)) if self.rich.plan.tables.contains(&range.start) => {
                let in_definition = self.current_definition.is_some();
                self.rich.start_capture(in_definition);
                if self.rich.table.is_none() {
                    self.rich.table = Some(OpenTable {
                        events: None,
                        caption: None,
                    });
                }
                false
            }
            Event::End(TagEnd::Table)
                if self.rich.table.as_ref().is_some_and(|t| t.events.is_none()) =>
            {
                self.emit(Event::End(TagEnd::Table));
                let events = self.rich.end_capture();
                if let Some(table) = self.rich.table.as_mut() {
                    table.events = Some(events);
                }
                self.finish_table();
                true
            }
            _ => false,
        }
    }

    fn open_paragraph(&mut self, plan: LinePlan, table: bool, start: usize) {
        let text = plan
            .attributes
            .as_ref()
            .and_then(|a| self.source.get(a.clone()))
            .unwrap_or("");
        let attributes = match parse_attributes(
            text,
            if table {
                FigureKind::Table
            } else {
                FigureKind::Figure
            },
        ) {
            Ok(attributes) => attributes,
            Err((message, hint)) => {
                let at = plan.attributes.clone().unwrap_or(start..start + 1);
                self.rich.problem(
                    Diagnostic::error("E-figure-attribute", message).hint(hint),
                    self.body_offset + at.start,
                    at.len(),
                );
                Attributes::default()
            }
        };
        self.start_block();
        let in_definition = self.current_definition.is_some();
        self.rich.start_capture(in_definition);
        self.rich.paragraph = Some(OpenParagraph {
            image_start: plan.image_start,
            attributes,
            attributes_at: plan.attributes,
            prefix: table,
            depth: 0,
            lines: Vec::new(),
            image: None,
            start,
        });
    }

    /// An event inside a figure's or caption's paragraph.
    fn paragraph_event(&mut self, event: &Event, range: &Range<usize>) -> bool {
        let Some(paragraph) = self.rich.paragraph.as_mut() else {
            return false;
        };
        let in_attributes = paragraph
            .attributes_at
            .as_ref()
            .filter(|_| paragraph.lines.is_empty());
        match event {
            Event::Text(text) => {
                let touches_attributes = in_attributes.is_some_and(|at| range.end > at.start);
                if !touches_attributes && !paragraph.prefix {
                    return false;
                }
                let mut text = text.to_string();
                if let Some(at) = in_attributes {
                    if range.start >= at.start {
                        return true;
                    }
                    if range.end > at.start {
                        text.truncate((at.start - range.start).min(text.len()));
                    }
                }
                if paragraph.prefix {
                    paragraph.prefix = false;
                    let trimmed = text.trim_start();
                    let rest = trimmed
                        .strip_prefix("Table:")
                        .or_else(|| trimmed.strip_prefix(':'))
                        .unwrap_or(trimmed);
                    text = rest.trim_start().to_string();
                }
                self.word_count += super::count_words(&text);
                self.block_text.push_str(&text);
                self.emit_text(CowStr::from(text), range.start);
                true
            }
            Event::SoftBreak | Event::HardBreak if paragraph.depth == 0 => {
                self.flush_text();
                let line = self.rich.end_capture();
                let in_definition = self.current_definition.is_some();
                if let Some(paragraph) = self.rich.paragraph.as_mut() {
                    paragraph.lines.push(line);
                }
                self.rich.start_capture(in_definition);
                true
            }
            Event::Start(_) => {
                paragraph.depth += 1;
                false
            }
            Event::End(TagEnd::Paragraph) => {
                self.flush_text();
                let line = self.rich.end_capture();
                self.end_block();
                if let Some(mut paragraph) = self.rich.paragraph.take() {
                    paragraph.lines.push(line);
                    if paragraph.image_start.is_some() {
                        self.finish_figure(paragraph);
                    } else {
                        self.caption_read(paragraph);
                    }
                }
                true
            }
            Event::End(_) => {
                paragraph.depth = paragraph.depth.saturating_sub(1);
                false
            }
            _ => false,
        }
    }

    /// The alt text a figure's attributes give its image, if any.
    pub(super) fn figure_alt(&self) -> Option<String> {
        self.rich.paragraph.as_ref()?.attributes.alt.clone()
    }

    /// Numbers a figure or table; returns its id, and reports a label used twice.
    pub(super) fn number(
        &mut self,
        kind: FigureKind,
        label: Option<&str>,
        at: Range<usize>,
    ) -> (usize, String) {
        let number = self
            .rich
            .result
            .numbered
            .iter()
            .filter(|n| n.kind == kind)
            .count()
            + 1;
        let id = match label {
            Some(label) => format!("{}{label}", kind.prefix()),
            None => format!("{}{number}", kind.prefix()),
        };
        let taken = self.rich.result.numbered.iter().any(|n| n.id == id)
            || self.headings.iter().any(|h| h.id == id)
            || self.html_ids.contains(&id);
        if taken {
            let problem = Diagnostic::error(
                "E-duplicate-label",
                format!("the label `{id}` is used twice in this file"),
            )
            .hint("give each figure and table its own label");
            self.rich
                .problem(problem, self.body_offset + at.start, at.len().max(1));
        }
        self.rich.result.numbered.push(Numbered {
            kind,
            number,
            id: id.clone(),
        });
        (number, id)
    }

    fn finish_figure(&mut self, paragraph: OpenParagraph) {
        let Some(image) = paragraph.image else {
            return;
        };
        let Some(image_html) = image.html else {
            // An unsafe address: the alt text, as for any image.
            self.emit(Event::Html(CowStr::from(format!(
                "<p>{}</p>\n",
                escape_html(&image.alt)
            ))));
            return;
        };
        if paragraph.attributes.alt.is_none() && image.alt.trim().is_empty() {
            self.missing_alt(&image.range);
        }
        let at = paragraph
            .attributes_at
            .clone()
            .unwrap_or(image.range.clone());
        let (number, id) = self.number(
            FigureKind::Figure,
            paragraph.attributes.label.as_deref(),
            at,
        );
        self.rich
            .result
            .figure_ids
            .push((self.body_offset + image.range.start, id.clone()));
        let mut caption = String::new();
        html::push_html(&mut caption, image.caption.into_iter());
        let html = figure_html(
            FigureKind::Figure,
            &paragraph.attributes.classes,
            (&FigureKind::Figure.numbered(&self.rich.labels, number), &id),
            &caption,
            &image_html,
            &lines_html(&paragraph.lines[1..], &self.rich.labels),
        );
        self.emit(Event::Html(CowStr::from(html)));
    }

    /// A table's caption was read: the figure is written once its table is too.
    fn caption_read(&mut self, paragraph: OpenParagraph) {
        match self.rich.table.as_mut() {
            Some(table) => table.caption = Some(paragraph),
            None => {
                self.rich.table = Some(OpenTable {
                    events: None,
                    caption: Some(paragraph),
                })
            }
        }
        self.finish_table();
    }

    /// Writes a captioned table when both it and its caption have been read.
    fn finish_table(&mut self) {
        let complete = self
            .rich
            .table
            .as_ref()
            .is_some_and(|t| t.events.is_some() && t.caption.is_some());
        if !complete {
            return;
        }
        let Some(OpenTable {
            events: Some(events),
            caption: Some(caption),
        }) = self.rich.table.take()
        else {
            return;
        };
        let at = caption
            .attributes_at
            .clone()
            .unwrap_or(caption.start..caption.start + 1);
        let (number, id) = self.number(FigureKind::Table, caption.attributes.label.as_deref(), at);
        let mut title = String::new();
        html::push_html(&mut title, caption.lines[0].clone().into_iter());
        let mut table = String::new();
        html::push_html(&mut table, events.into_iter());
        let html = figure_html(
            FigureKind::Table,
            &caption.attributes.classes,
            (&FigureKind::Table.numbered(&self.rich.labels, number), &id),
            &title,
            &table,
            &lines_html(&caption.lines[1..], &self.rich.labels),
        );
        self.emit(Event::Html(CowStr::from(html)));
    }

    /// `[[fig:lng]]` and `[[tbl:gas|the table]]`: a link to a figure or table of this
    /// document, numbered once every figure is known.
    pub(super) fn xref_event(&mut self, event: &Event, range: &Range<usize>) -> bool {
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) if dest_url.starts_with("fig:") || dest_url.starts_with("tbl:") => {
                let index = self.rich.result.xrefs.len();
                self.rich.result.xrefs.push(Xref {
                    label: dest_url.trim().to_string(),
                    offset: self.body_offset + range.start,
                    len: range.len(),
                });
                let text = if *has_pothole {
                    String::new()
                } else {
                    format!("{MARKER}xt{index}{MARKER}")
                };
                self.emit_html(format!(
                    "<a class=\"xref\" href=\"{MARKER}xh{index}{MARKER}\">{text}"
                ));
                self.open_link = Some(OpenLink {
                    index: usize::MAX,
                    internal: true,
                    replace_text: !has_pothole,
                    text_start_in_block: self.block_text.len(),
                });
                self.rich.xref_open = true;
                true
            }
            Event::End(TagEnd::Link) if self.rich.xref_open => {
                self.rich.xref_open = false;
                self.open_link = None;
                self.emit_html("</a>".to_string());
                true
            }
            _ => false,
        }
    }
}

/// What the page writes between a figure's or table's number and its caption, in
/// every language ("Figure 1. Gas flows", "図1. ガス"): the full stop ends the number's
/// span, the space follows it. The PDF's captions use it too.
pub(crate) const CAPTION_SEPARATOR: &str = ". ";

/// A figure: `<figure>` with its number and caption first, then its content and its
/// source and note lines.
pub(super) fn figure_html(
    kind: FigureKind,
    classes: &[String],
    (number, id): (&str, &str),
    caption: &str,
    content: &str,
    lines: &str,
) -> String {
    let mut class = String::from("figure");
    if kind == FigureKind::Table {
        class.push_str(" figure-table");
    }
    for extra in classes {
        class.push(' ');
        class.push_str(extra);
    }
    let (stop, space) = CAPTION_SEPARATOR.split_at(CAPTION_SEPARATOR.trim_end().len());
    format!(
        "<figure class=\"{}\" id=\"{}\">\n<figcaption><span class=\"figure-number\">{}{}</span>{}{}</figcaption>\n{}\n{lines}</figure>\n",
        escape_html(&class),
        escape_html(id),
        escape_html(number),
        stop,
        space,
        caption.trim(),
        content.trim_end()
    )
}

/// A figure's `Source:` and `Note:` lines, each a paragraph, the English word a line
/// starts with shown in the site's language (as a chart's are).
fn lines_html(lines: &[Vec<Event<'static>>], labels: &BodyLabels) -> String {
    let mut out = String::new();
    for line in lines {
        let mut html_line = String::new();
        html::push_html(&mut html_line, line.clone().into_iter());
        let text = html_line.trim();
        let class = if text.to_lowercase().starts_with("note") {
            "figure-note"
        } else {
            "figure-source"
        };
        match line_keyword(text, labels.source, labels.note) {
            Some((written, label)) => out.push_str(&format!(
                "<p class=\"{class}\">{}:{}</p>\n",
                escape_html(label),
                &text[written..]
            )),
            None => out.push_str(&format!("<p class=\"{class}\">{text}</p>\n")),
        }
    }
    out
}

/// The English word a figure line starts with (`Source:`, `Notes:`), to be written in
/// the site's language: its length in `text`, and the label (`source` or `note`) to
/// write instead. `None` when the line stays as written (an English site keeps
/// `Sources:` and `NOTE:`).
pub(crate) fn line_keyword<'l>(
    text: &str,
    source: &'l str,
    note: &'l str,
) -> Option<(usize, &'l str)> {
    let lowercase = text.to_lowercase();
    let label = if lowercase.starts_with("note") {
        note
    } else {
        source
    };
    let keyword = LINE_LABELS.iter().find(|keyword| {
        lowercase.starts_with(*keyword)
            && !keyword
                .trim_end_matches(':')
                .trim_end_matches('s')
                .eq_ignore_ascii_case(label)
    })?;
    Some((keyword.len(), label))
}

/// Reads `{#fig:lng .wide alt="A map"}`: a label (its prefix may be left out), classes
/// and the alt text. `Err` holds what is wrong and what to do.
pub(crate) fn parse_attributes(
    text: &str,
    kind: FigureKind,
) -> Result<Attributes, (String, String)> {
    let mut attributes = Attributes::default();
    let inner = text.trim().trim_start_matches('{').trim_end_matches('}');
    let mut rest = inner.trim();
    while !rest.is_empty() {
        let token_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        if let Some(label) = rest[..token_end].strip_prefix('#') {
            let name = match label.split_once(':') {
                Some((prefix, name)) if format!("{prefix}:") == kind.prefix() => name,
                Some((prefix, _)) => {
                    return Err((
                        format!(
                            "a {}'s label starts with `{}`, not `{prefix}:`",
                            kind.word(),
                            kind.prefix()
                        ),
                        format!(
                            "write `{{#{}{}}}`",
                            kind.prefix(),
                            label.rsplit(':').next().unwrap_or("")
                        ),
                    ))
                }
                None => label,
            };
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            {
                return Err((
                    format!("`{label}` cannot be a label"),
                    format!(
                        "use letters, digits and hyphens: `{{#{}name}}`",
                        kind.prefix()
                    ),
                ));
            }
            attributes.label = Some(name.to_string());
            rest = rest[token_end..].trim_start();
        } else if let Some(class) = rest[..token_end].strip_prefix('.') {
            attributes.classes.push(
                class
                    .chars()
                    .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                    .collect(),
            );
            rest = rest[token_end..].trim_start();
        } else {
            let (key, value, after) = key_value(rest)?;
            match key {
                "alt" if kind == FigureKind::Figure => attributes.alt = Some(value),
                _ => {
                    let close = did_you_mean(key, ["alt"]).or_else(|| {
                        (strsim::damerau_levenshtein(key, "alt") <= 1).then_some("alt")
                    });
                    let hint = match close {
                        Some(known) => format!("did you mean `{known}`?"),
                        None => format!(
                            "a {} takes `#{}label`, `.class` and `alt=\"...\"`",
                            kind.word(),
                            kind.prefix()
                        ),
                    };
                    return Err((format!("unknown attribute `{key}`"), hint));
                }
            }
            rest = after.trim_start();
        }
    }
    Ok(attributes)
}

/// `key="value"`, `key='value'` or `key=value` at the start of `text`: the key, the
/// value and what follows.
fn key_value(text: &str) -> Result<(&str, String, &str), (String, String)> {
    let Some((key, after)) = text.split_once('=') else {
        let token = text.split_whitespace().next().unwrap_or(text);
        return Err((
            format!("`{token}` is not an attribute"),
            "write `#label`, `.class` or `key=\"value\"`".to_string(),
        ));
    };
    let key = key.trim();
    let after = after.trim_start();
    match after.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let body = &after[1..];
            let end = body.find(quote).ok_or_else(|| {
                (
                    format!("the value of `{key}` has no closing {quote}"),
                    format!("end it with {quote}"),
                )
            })?;
            Ok((key, body[..end].to_string(), &body[end + 1..]))
        }
        _ => {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            Ok((key, after[..end].to_string(), &after[end..]))
        }
    }
}

/// What a cross-reference shows: the id of its figure and its number in words
/// ("Figure 2").
pub(crate) struct XrefTarget {
    pub id: String,
    pub text: String,
}

/// The figure each of `xrefs` names, in order; `None`, and a problem, for a label no
/// figure of the file has.
pub(crate) fn xref_targets(
    numbered: &[Numbered],
    xrefs: &[Xref],
    labels: &BodyLabels,
    problems: &mut Vec<BodyProblem>,
) -> Vec<Option<XrefTarget>> {
    let mut targets = Vec::with_capacity(xrefs.len());
    for xref in xrefs {
        if let Some(n) = numbered.iter().find(|n| n.id == xref.label) {
            targets.push(Some(XrefTarget {
                id: n.id.clone(),
                text: n.kind.numbered(labels, n.number),
            }));
            continue;
        }
        let prefix = &xref.label[..4];
        let labels: Vec<&str> = numbered
            .iter()
            .map(|n| n.id.as_str())
            .filter(|id| id.starts_with(prefix))
            .collect();
        let hint = match did_you_mean(&xref.label, labels.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None if labels.is_empty() => "label a figure `{#fig:name}` after its image (a chart with `label: fig:name`), a table `{#tbl:name}` at the end of its caption".to_string(),
            None => format!("labels in this file: `{}`", labels.join("`, `")),
        };
        problems.push(BodyProblem {
            problem: Diagnostic::error(
                "E-unknown-label",
                format!(
                    "no figure or table of this file is labelled `{}`",
                    xref.label
                ),
            )
            .hint(hint),
            at: Some((xref.offset, xref.len)),
        });
        targets.push(None);
    }
    targets
}

/// Puts the ids and numbers of figures in the cross-references of `html` (written
/// with [`MARKER`]`xh<n>` and `xt<n>` markers, `n` an index into `targets`, which
/// [`xref_targets`] gives); one to no figure keeps its label and points nowhere.
pub(crate) fn fill_xrefs(html: &str, xrefs: &[Xref], targets: &[Option<XrefTarget>]) -> String {
    if targets.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(&format!("{MARKER}x")) {
        let after = &rest[start + 2..];
        let Some(len) = after.find(MARKER) else {
            break;
        };
        out.push_str(&rest[..start]);
        let which = after.as_bytes().first().copied();
        let index = after[1..len].parse::<usize>().ok();
        let target = index.and_then(|i| Some((targets.get(i)?.as_ref(), &xrefs[i])));
        match (which, target) {
            (Some(b'h'), Some((Some(target), _))) => {
                out.push_str(&escape_html(&format!("#{}", target.id)));
            }
            (Some(b'h'), Some((None, _))) => out.push('#'),
            (Some(b't'), Some((Some(target), _))) => out.push_str(&escape_html(&target.text)),
            (Some(b't'), Some((None, xref))) => out.push_str(&escape_html(&xref.label)),
            _ => {}
        }
        rest = &after[len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_give_a_label_classes_and_alt_text() {
        let a =
            parse_attributes("{#fig:lng .wide alt=\"A bar chart\"}", FigureKind::Figure).unwrap();
        assert_eq!(a.label.as_deref(), Some("lng"));
        assert_eq!(a.classes, ["wide"]);
        assert_eq!(a.alt.as_deref(), Some("A bar chart"));
        assert_eq!(
            parse_attributes("{#gas}", FigureKind::Table)
                .unwrap()
                .label
                .as_deref(),
            Some("gas")
        );
        let (message, hint) = parse_attributes("{#tbl:x}", FigureKind::Figure).unwrap_err();
        assert!(message.contains("starts with `fig:`"), "{message}");
        assert_eq!(hint, "write `{#fig:x}`");
        let (message, hint) =
            parse_attributes("{#fig:x atl=\"y\"}", FigureKind::Figure).unwrap_err();
        assert_eq!(
            (message.as_str(), hint.as_str()),
            ("unknown attribute `atl`", "did you mean `alt`?")
        );
    }
}
