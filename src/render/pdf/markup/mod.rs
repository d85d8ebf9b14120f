//! A brief's Markdown as Typst markup, for the PDF edition.
//!
//! The body is read again from the brief's file with the parse stage's own reader
//! ([`body_events`]: the same options, the same `[@key]` citations), so the PDF sees the
//! same blocks, links and citations as the web page, in the same order; links take the
//! URLs the link stage resolved, citations the text the bibliography formatted. Every
//! construct becomes a Typst function call (`#heading`, `#emph`, `#list`, `#table`,
//! `#footnote`...), which the theme's template styles with show rules, and every piece
//! of the author's text is escaped ([`super::escape`]). Each embedded call ends with `;`
//! so that no text after it can continue it.
//!
//! The result keeps a map from its offsets to the brief file's, so that a Typst error
//! in it points at the Markdown that caused it.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Tag, TagEnd};

use super::escape::{escape, escape_into, string_literal};
use crate::config::RawHtml;
use crate::model::body::{Citation, DrawnChart, Heading, LinkTarget, OutgoingLink};
use crate::model::rich::RichText;
use crate::parse::markdown::{
    body_events, clean_body, figure_attributes, figure_line_keyword, heading_level, inline_events,
    is_citation_link, table_caption, FigureKind, CAPTION_SEPARATOR, NOTE_PUNCTUATION,
};

mod pointers;

/// Containers (quotes, lists, tables, emphasis...) nested deeper than this are written
/// flat, their text kept: Typst limits how deep show rules, calls and layout may nest
/// (a quote in a list in a quote takes several levels each), and no brief needs more.
const MAX_DEPTH: usize = 8;

/// What a brief's body is written from.
pub struct Body<'a> {
    /// The Markdown body as written in the brief file.
    pub markdown: &'a str,
    /// Where the body starts in the brief file.
    pub offset: usize,
    pub headings: &'a [Heading],
    pub links: &'a [OutgoingLink],
    /// The URL of each link, as the link stage resolved it (same order as `links`).
    pub hrefs: &'a [String],
    pub link_titles: &'a [String],
    pub citations: &'a [Citation],
    /// Each citation as the bibliography formatted it.
    pub citation_texts: &'a [RichText],
    /// The charts the parse stage drew, by where their blocks start in the file.
    pub charts: &'a [DrawnChart],
    /// The page's id of each image figure, by where its image starts in the file.
    pub figure_ids: &'a [(usize, String)],
    /// What each cross-reference shows on the page ("Figure 3"), by where it starts
    /// in the file.
    pub xref_texts: &'a [(usize, String)],
    /// The words a figure's `Source:` and `Note:` lines start with, in the edition's
    /// language.
    pub line_labels: (&'a str, &'a str),
    /// "Figure {n}" and "Table {n}" in the edition's language, as the page words
    /// captions and cross-references.
    pub numbered_labels: (&'a str, &'a str),
    pub raw_html: RawHtml,
    /// The brief page's absolute URL: anchors and relative links resolve against it.
    pub page_url: &'a str,
    /// The site's scheme and host (`https://example.org`), before internal links' paths.
    pub origin: &'a str,
    /// The path Typst reads an image from, for the image at an offset of the brief
    /// file with a destination, when the site has a file of it Typst can draw.
    pub image: &'a dyn Fn(usize, &str) -> Option<String>,
}

/// Typst source, with where its parts came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markup {
    pub text: String,
    /// (offset in `text`, offset in the brief file), the first increasing.
    pub map: Vec<(usize, usize)>,
}

impl Markup {
    /// The offset in the brief file of the Markdown that made `offset` of the text.
    pub fn source_offset(&self, offset: usize) -> Option<usize> {
        let after = self.map.partition_point(|&(at, _)| at <= offset);
        after.checked_sub(1).map(|i| self.map[i].1)
    }

    /// Appends `other`, keeping its map.
    pub fn push(&mut self, other: &Markup) {
        let base = self.text.len();
        self.map
            .extend(other.map.iter().map(|&(at, source)| (base + at, source)));
        self.text.push_str(&other.text);
    }
}

/// The label of heading `id` in the PDF (links to `#id` point at it).
pub fn heading_label(id: &str) -> String {
    format!("heading-{id}")
}

/// The body of a brief as Typst markup.
pub fn body(input: &Body) -> Markup {
    let markdown = clean_body(input.markdown);
    let events = body_events(&markdown, true);
    let mut writer = Writer::new(input, &markdown, &events);
    writer.render_definitions();
    writer.write_events(0..events.len());
    writer.flush_note();
    writer.close_all();
    Markup {
        text: writer.out,
        map: writer.map,
    }
}

/// A short text (a key finding, a recommendation) as inline markup, read as the web
/// page reads it: emphasis, strikethrough and code.
pub fn inline(text: &str) -> String {
    let mut out = String::new();
    for event in inline_events(text) {
        match event {
            Event::Text(text) => escape_into(&mut out, &text),
            Event::Code(code) => out.push_str(&format!("#raw({});", string_literal(&code))),
            Event::Start(Tag::Emphasis) => out.push_str("#emph["),
            Event::Start(Tag::Strong) => out.push_str("#strong["),
            Event::Start(Tag::Strikethrough) => out.push_str("#strike["),
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {
                out.push_str("];")
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            // Block syntax a one-line text can start (`- x`, `# x`): its text is kept.
            _ => {}
        }
    }
    out.trim().to_string()
}

/// An open construct: what closes it, whether it counts towards [`MAX_DEPTH`], and
/// whether it was written (parts of a call, like list items, are written when it is).
struct Open {
    close: String,
    call: bool,
    written: bool,
}

/// A table's caption paragraph, as the page finds it.
#[derive(Clone)]
struct Caption {
    /// The paragraph's first event.
    paragraph: usize,
    /// Where its first line's `{#tbl:gas}` starts in the body.
    attributes: Option<Range<usize>>,
    /// The table's id on the page: its label (`tbl:gas`), else `tbl:<number>`.
    id: String,
}

/// The first line of a table's caption being written: the `Table:` it starts with and
/// the `{#tbl:gas}` it ends with are left out, as on the page.
struct CaptionLine {
    prefix: bool,
    attributes_start: Option<usize>,
}

struct Writer<'b, 'e> {
    input: &'b Body<'b>,
    events: &'b [(Event<'e>, Range<usize>)],
    out: String,
    map: Vec<(usize, usize)>,
    stack: Vec<Open>,
    /// Open calls (the depth compared with [`MAX_DEPTH`]).
    calls: usize,
    /// Internal links by their offset in the file.
    link_at: HashMap<usize, usize>,
    /// Heading and citation numbers by event index (they count in document order,
    /// footnotes included, whatever order they are written in).
    heading_at: HashMap<usize, usize>,
    citation_at: HashMap<usize, usize>,
    heading_ids: HashSet<&'b str>,
    /// Levels are shifted so that the body's biggest heading is level 1.
    heading_shift: u8,
    /// Footnote definitions, written, by name.
    definitions: HashMap<String, Markup>,
    /// Footnotes referenced from the main text, and those already written (the first
    /// reference writes the note, later ones refer to it by label).
    referenced: HashSet<String>,
    written_notes: HashSet<String>,
    /// Footnotes with a definition.
    defined: HashSet<String>,
    /// The footnote definition being written: citations stay in its text.
    in_definition: Option<String>,
    /// A citation's note, written after the punctuation that follows the citation.
    held_note: Option<String>,
    /// A heading is being written: its notes are kept out of its bookmark's text.
    in_heading: bool,
    /// Where in `out` the last link ended, moved on past formatting opened right after
    /// it: letters written there run on from the link's text (see [`Writer::text`]).
    link_end: usize,
    /// The rest of the paragraph is a figure's `Source:` and `Note:` lines: each on a
    /// line of its own, as on the web page.
    in_figure_lines: bool,
    /// No text of the current figure line is written yet: its English first word is
    /// still to be put in the edition's language.
    figure_line_start: bool,
    /// Captioned tables' captions, by the table's first event, and the caption
    /// paragraphs (written with their table, not in their place).
    captions: HashMap<usize, Caption>,
    caption_paragraphs: HashSet<usize>,
    caption_line: Option<CaptionLine>,
    /// The events of the `Source:` and `Note:` lines of the captioned table being
    /// written, written under it.
    table_lines: Option<Range<usize>>,
    /// The arguments that number figures and tables with the page's words
    /// ([`numbered_as`]).
    figure_numbering: String,
    table_numbering: String,
}

impl<'b, 'e> Writer<'b, 'e> {
    fn new(
        input: &'b Body<'b>,
        source: &'b str,
        events: &'b [(Event<'e>, Range<usize>)],
    ) -> Writer<'b, 'e> {
        let link_at = input
            .links
            .iter()
            .enumerate()
            .filter(|(_, link)| !matches!(link.target, LinkTarget::Glossary(_)))
            .map(|(i, link)| (link.offset, i))
            .collect();
        let mut heading_at = HashMap::new();
        let mut citation_at = HashMap::new();
        let mut referenced = HashSet::new();
        let mut defined = HashSet::new();
        let mut definition_depth = 0usize;
        for (i, (event, _)) in events.iter().enumerate() {
            match event {
                Event::Start(Tag::Heading { .. }) => {
                    heading_at.insert(i, heading_at.len());
                }
                Event::Start(Tag::Link { dest_url, .. }) if is_citation_link(dest_url) => {
                    citation_at.insert(i, citation_at.len());
                }
                Event::Start(Tag::FootnoteDefinition(name)) => {
                    defined.insert(name.to_string());
                    definition_depth += 1;
                }
                Event::End(TagEnd::FootnoteDefinition) => definition_depth -= 1,
                Event::FootnoteReference(name) if definition_depth == 0 => {
                    referenced.insert(name.to_string());
                }
                _ => {}
            }
        }
        let min_level = input.headings.iter().map(|h| h.level).min().unwrap_or(1);
        let captions = table_captions(source, events);
        Writer {
            input,
            events,
            out: String::with_capacity(input.markdown.len() * 3 / 2),
            map: Vec::with_capacity(events.len()),
            stack: Vec::new(),
            calls: 0,
            link_at,
            heading_at,
            citation_at,
            heading_ids: input.headings.iter().map(|h| h.id.as_str()).collect(),
            heading_shift: min_level.saturating_sub(1),
            definitions: HashMap::new(),
            referenced,
            written_notes: HashSet::new(),
            defined,
            in_definition: None,
            held_note: None,
            in_heading: false,
            link_end: usize::MAX,
            in_figure_lines: false,
            figure_line_start: false,
            caption_paragraphs: captions.values().map(|c| c.paragraph).collect(),
            captions,
            caption_line: None,
            table_lines: None,
            figure_numbering: numbered_as(input.numbered_labels.0),
            table_numbering: numbered_as(input.numbered_labels.1),
        }
    }

    /// Writes every footnote definition into [`Writer::definitions`] (the first of a
    /// name wins, as on the web page).
    fn render_definitions(&mut self) {
        let events = self.events;
        let mut i = 0;
        while i < events.len() {
            if let Event::Start(Tag::FootnoteDefinition(name)) = &events[i].0 {
                let end = self.end_of(i);
                if !self.definitions.contains_key(name.as_ref()) {
                    self.in_definition = Some(name.to_string());
                    let markup = self.write_apart(i + 1..end);
                    self.in_definition = None;
                    self.definitions.insert(name.to_string(), markup);
                }
                i = end;
            }
            i += 1;
        }
    }

    /// Writes events `range` as markup of their own, apart from the output (a note's
    /// text, a caption), with their calls closed and no space at the end.
    fn write_apart(&mut self, range: Range<usize>) -> Markup {
        let saved = (
            std::mem::take(&mut self.out),
            std::mem::take(&mut self.map),
            std::mem::take(&mut self.stack),
            std::mem::replace(&mut self.calls, 0),
            std::mem::replace(&mut self.link_end, usize::MAX),
        );
        self.write_events(range);
        self.flush_note();
        self.close_all();
        let text = self.out.trim_end().to_string();
        let markup = Markup {
            text,
            map: std::mem::take(&mut self.map),
        };
        (self.out, self.map, self.stack, self.calls, self.link_end) = saved;
        markup
    }

    /// The index of the event that closes the one opened at `start`.
    fn end_of(&self, start: usize) -> usize {
        let mut depth = 0usize;
        for (i, (event, _)) in self.events.iter().enumerate().skip(start) {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return i;
                    }
                }
                _ => {}
            }
        }
        self.events.len().saturating_sub(1)
    }

    /// Whether every item of the list that starts at event `start` begins with a task
    /// box (`- [x] ...`), in a tight list or a loose one (whose items start with a
    /// paragraph).
    fn is_task_list(&self, start: usize) -> bool {
        let has_box = |item: usize| {
            let marker = match self.events.get(item + 1) {
                Some((Event::Start(Tag::Paragraph), _)) => item + 2,
                _ => item + 1,
            };
            matches!(self.events.get(marker), Some((Event::TaskListMarker(_), _)))
        };
        let mut depth = 0usize;
        let mut items = 0;
        for i in start..=self.end_of(start) {
            match &self.events[i].0 {
                Event::Start(tag) => {
                    if depth == 1 && matches!(tag, Tag::Item) {
                        if !has_box(i) {
                            return false;
                        }
                        items += 1;
                    }
                    depth += 1;
                }
                Event::End(_) => depth -= 1,
                _ => {}
            }
        }
        items > 0
    }

    fn write_events(&mut self, range: Range<usize>) {
        let mut i = range.start;
        while i < range.end {
            let source = self.input.offset + self.events[i].1.start;
            if self.map.last().is_none_or(|&(_, last)| last != source) {
                self.map.push((self.out.len(), source));
            }
            i = self.event(i) + 1;
        }
    }

    /// Writes event `i`; returns the index of the last event it used.
    fn event(&mut self, i: usize) -> usize {
        let events = self.events;
        let event = &events[i].0;
        if self.held_note.is_some() {
            if let Event::Text(text) = event {
                let punctuation = text.len() - text.trim_start_matches(NOTE_PUNCTUATION).len();
                escape_into(&mut self.out, &text[..punctuation]);
                self.flush_note();
                escape_into(&mut self.out, &text[punctuation..]);
                return i;
            }
            self.flush_note();
        }
        match event {
            Event::Start(tag) => return self.start(i, tag),
            Event::End(TagEnd::Link) => {
                self.close();
                self.link_end = self.out.len();
            }
            Event::End(TagEnd::Paragraph) => {
                self.in_figure_lines = false;
                self.close();
            }
            Event::End(TagEnd::Heading(_)) => {
                self.in_heading = false;
                self.close();
            }
            Event::End(TagEnd::Table) => {
                self.close();
                if let Some(lines) = self.table_lines.take() {
                    self.figure_lines(lines);
                }
            }
            Event::End(_) => self.close(),
            Event::Text(text) if self.caption_line.is_some() => self.caption_text(i, text),
            Event::Text(text) if self.figure_line_start => {
                self.figure_line_start = false;
                let (source, note) = self.input.line_labels;
                match figure_line_keyword(text, source, note) {
                    Some((written, label)) => self.text(&format!("{label}:{}", &text[written..])),
                    None => self.text(text),
                }
            }
            Event::Text(text) => self.text(text),
            Event::Code(code) => {
                let call = format!("#raw({});", string_literal(code));
                self.out.push_str(&call);
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(text),
            Event::Html(raw) | Event::InlineHtml(raw) => self.raw_html(raw),
            Event::FootnoteReference(name) => self.footnote_reference(name),
            Event::SoftBreak if self.in_figure_lines => {
                self.figure_line_start = true;
                self.out.push_str("#linebreak();");
            }
            Event::SoftBreak => self.out.push(' '),
            Event::HardBreak => self.out.push_str("#linebreak();"),
            Event::Rule => self.out.push_str("#line(length: 100%);\n\n"),
            Event::TaskListMarker(done) => self.out.push_str(if *done { "☒ " } else { "☐ " }),
        }
        i
    }

    /// Opens what tag `i` starts; returns the index of the last event it used (tags
    /// written whole, like code blocks and images, use their content and end).
    fn start(&mut self, i: usize, tag: &Tag) -> usize {
        match tag {
            // A table's caption is written with its table.
            Tag::Paragraph if self.caption_paragraphs.contains(&i) && self.captions_fit() => {
                return self.end_of(i);
            }
            Tag::Paragraph => self.open_plain("\n\n"),
            Tag::Heading { level, .. } => {
                let index = self.heading_at.get(&i).copied().unwrap_or(usize::MAX);
                let id = self.input.headings.get(index).map(|h| h.id.as_str());
                let level = heading_level(*level)
                    .saturating_sub(self.heading_shift)
                    .max(1);
                let label = id.map_or(String::new(), |id| {
                    format!("#label({})", string_literal(&heading_label(id)))
                });
                self.open(
                    format!("#heading(level: {level})["),
                    format!("]{label};\n\n"),
                    "\n\n",
                );
                self.in_heading = true;
            }
            Tag::BlockQuote(_) => self.open("#quote(block: true)[".into(), "];\n\n".into(), "\n\n"),
            Tag::CodeBlock(kind) => return self.code_block(i, kind),
            Tag::HtmlBlock => self.open_plain("\n\n"),
            Tag::List(first) => {
                let tight = !matches!(
                    self.events.get(i + 2),
                    Some((Event::Start(Tag::Paragraph), _))
                );
                let call = match first {
                    Some(start) => format!("#enum(tight: {tight}, start: {start}, "),
                    // A list of tasks shows each item's box in place of its bullet, as
                    // the page does.
                    None if self.is_task_list(i) => format!("#list(tight: {tight}, marker: [], "),
                    None => format!("#list(tight: {tight}, "),
                };
                self.open(call, ");\n\n".into(), "\n\n");
            }
            Tag::Item => self.open_child("[", "], ", "\n\n"),
            Tag::FootnoteDefinition(_) => return self.end_of(i),
            Tag::Table(alignments) => {
                let align: Vec<&str> = alignments
                    .iter()
                    .map(|a| match a {
                        Alignment::None => "auto",
                        Alignment::Left => "left",
                        Alignment::Center => "center",
                        Alignment::Right => "right",
                    })
                    .collect();
                let call = if align.is_empty() {
                    "table(columns: 1, ".to_string()
                } else {
                    format!(
                        "table(columns: {}, align: ({},), ",
                        align.len(),
                        align.join(", ")
                    )
                };
                match self.captions.get(&i).cloned() {
                    Some(caption) if self.captions_fit() => self.captioned_table(&caption, &call),
                    _ => self.open(format!("#{call}"), ");\n\n".into(), "\n\n"),
                }
            }
            Tag::TableHead => self.open_child("table.header(", "), ", "\n\n"),
            Tag::TableRow => self.open_child("", "", "\n\n"),
            Tag::TableCell => self.open_child("[", "], ", " "),
            Tag::Emphasis => self.open("#emph[".into(), "];".into(), ""),
            Tag::Strong => self.open("#strong[".into(), "];".into(), ""),
            Tag::Strikethrough => self.open("#strike[".into(), "];".into(), ""),
            Tag::Superscript => self.open("#super[".into(), "];".into(), ""),
            Tag::Subscript => self.open("#sub[".into(), "];".into(), ""),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => return self.link(i, *link_type, dest_url),
            Tag::Image {
                dest_url, title, ..
            } => return self.image(i, dest_url, title),
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.open_plain("\n\n"),
        }
        i
    }

    /// Whether a table here can be a figure: the figure is a call around the table's.
    fn captions_fit(&self) -> bool {
        self.calls + 1 < MAX_DEPTH
    }

    /// Opens a captioned table: a figure (Typst numbers it as a table, "Table 1"),
    /// captioned and labelled as on the page, its `Source:` and `Note:` lines under it.
    fn captioned_table(&mut self, caption: &Caption, call: &str) {
        let end = self.end_of(caption.paragraph);
        let first_break = (caption.paragraph + 1..end)
            .scan(0usize, |depth, j| {
                let at_break =
                    *depth == 0 && matches!(self.events[j].0, Event::SoftBreak | Event::HardBreak);
                match self.events[j].0 {
                    Event::Start(_) => *depth += 1,
                    Event::End(_) => *depth = depth.saturating_sub(1),
                    _ => {}
                }
                Some((j, at_break))
            })
            .find_map(|(j, at_break)| at_break.then_some(j))
            .unwrap_or(end);
        self.caption_line = Some(CaptionLine {
            prefix: true,
            attributes_start: caption.attributes.as_ref().map(|a| a.start),
        });
        let text = self.write_apart(caption.paragraph + 1..first_break);
        self.caption_line = None;
        self.out.push_str("#figure(caption: ");
        self.out.push_str(&caption_start());
        self.push_markup(&text);
        self.out.push_str(CAPTION_END);
        self.out.push_str(", ");
        let numbering = format!("{}, ", self.table_numbering);
        self.out.push_str(&numbering);
        self.out.push_str(call);
        // One open call for the two: `captions_fit` left room for the figure's.
        self.calls += 1;
        self.stack.push(Open {
            close: format!("))#label({});\n\n", string_literal(&caption.id)),
            call: true,
            written: true,
        });
        self.table_lines = (first_break < end).then(|| first_break + 1..end);
    }

    /// A caption's first line's text, without the `Table:` it starts with and the
    /// `{#tbl:gas}` it ends with.
    fn caption_text(&mut self, i: usize, text: &str) {
        let range = self.events[i].1.clone();
        let mut text = text;
        if let Some(line) = self.caption_line.as_mut() {
            if let Some(at) = line.attributes_start {
                if range.start >= at {
                    return;
                }
                if range.end > at {
                    let keep = at - range.start;
                    text = text.get(..keep).unwrap_or(text);
                }
            }
            if line.prefix {
                line.prefix = false;
                let trimmed = text.trim_start();
                text = trimmed
                    .strip_prefix("Table:")
                    .or_else(|| trimmed.strip_prefix(':'))
                    .unwrap_or(trimmed)
                    .trim_start();
            }
        }
        self.text(text);
    }

    /// A figure's `Source:` and `Note:` lines (events `lines`, the line breaks between
    /// them included), each on a line of its own, under the figure.
    fn figure_lines(&mut self, lines: Range<usize>) {
        self.in_figure_lines = true;
        self.figure_line_start = true;
        self.write_events(lines);
        self.in_figure_lines = false;
        self.figure_line_start = false;
        self.out.push_str("\n\n");
    }

    /// Opens a call (`#emph[`), or writes its content flat when calls nest too deep.
    fn open(&mut self, start: String, close: String, flat_close: &str) {
        if self.calls < MAX_DEPTH {
            let after_link = self.after_link();
            self.out.push_str(&start);
            if after_link {
                self.link_end = self.out.len();
            }
            self.calls += 1;
            self.stack.push(Open {
                close,
                call: true,
                written: true,
            });
        } else {
            self.open_plain(flat_close);
        }
    }

    /// Opens a part of a call (a list item, a table row or cell): written when what
    /// it is part of is.
    fn open_child(&mut self, start: &str, close: &str, flat_close: &str) {
        if self.stack.last().is_some_and(|open| open.written) {
            self.out.push_str(start);
            self.stack.push(Open {
                close: close.to_string(),
                call: false,
                written: true,
            });
        } else {
            self.open_plain(flat_close);
        }
    }

    /// Opens something written as its content alone (a paragraph, a table row).
    fn open_plain(&mut self, close: &str) {
        self.stack.push(Open {
            close: close.to_string(),
            call: false,
            written: false,
        });
    }

    /// Text. Letters right after a link, which make one word with the end of the
    /// link's text (`[Brief](b.md)ing`), are not hyphenated: Typst 0.15.1 cannot tag
    /// a link whose word is hyphenated at the link's end in an accessible PDF
    /// ("expected link ancestor in logical tree", typst/typst#8608). Typst takes
    /// whether a break may hyphenate from the text after the break.
    fn text(&mut self, text: &str) {
        let run_on = if self.after_link() {
            text.len() - text.trim_start_matches(char::is_alphabetic).len()
        } else {
            0
        };
        if run_on > 0 {
            self.push_unhyphenated(&escape(&text[..run_on]));
        }
        escape_into(&mut self.out, &text[run_on..]);
    }

    /// Whether what is written next follows a link, with nothing between them but
    /// formatting opened right after it.
    fn after_link(&self) -> bool {
        self.link_end == self.out.len()
    }

    /// Markup whose words are not hyphenated (see [`Writer::text`]).
    fn push_unhyphenated(&mut self, markup: &str) {
        self.out.push_str("#text(hyphenate: false)[");
        self.out.push_str(markup);
        self.out.push_str("];");
    }

    fn close(&mut self) {
        if let Some(open) = self.stack.pop() {
            if open.call {
                self.calls -= 1;
            }
            self.out.push_str(&open.close);
        }
    }

    fn close_all(&mut self) {
        while !self.stack.is_empty() {
            self.close();
        }
    }

    fn flush_note(&mut self) {
        if let Some(note) = self.held_note.take() {
            self.out.push_str(&note);
        }
    }

    /// A chart as the web page draws it, in a figure captioned with its title, its
    /// source and note lines under it. (A chart that could not be drawn failed the
    /// build.)
    fn chart(&mut self, i: usize) {
        let offset = self.input.offset + self.events[i].1.start;
        let Some(chart) = self.input.charts.iter().find(|c| c.offset == offset) else {
            return;
        };
        let call = format!(
            "#figure(image(bytes({}), format: \"svg\", alt: {}, width: 100%), caption: {}{}{CAPTION_END}, {})#label({});\n",
            string_literal(&chart.svg),
            string_literal(&chart.description),
            caption_start(),
            escape(&chart.title),
            self.figure_numbering,
            string_literal(&chart.id)
        );
        self.out.push_str(&call);
        let lines: Vec<String> = chart.lines.iter().map(|line| inline(line)).collect();
        self.out.push_str(&lines.join("#linebreak();"));
        self.out.push_str("\n\n");
    }

    /// A fenced or indented code block, written whole.
    fn code_block(&mut self, i: usize, kind: &CodeBlockKind) -> usize {
        let end = self.end_of(i);
        let code: String = self.events[i + 1..end]
            .iter()
            .filter_map(|(event, _)| match event {
                Event::Text(text) => Some(text.as_ref()),
                _ => None,
            })
            .collect();
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info
                .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                .next()
                .unwrap_or("")
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || "+-_.#".contains(*c))
                .collect(),
            CodeBlockKind::Indented => String::new(),
        };
        if lang == "chart" {
            self.chart(i);
            return end;
        }
        let lang = if lang.is_empty() {
            String::new()
        } else {
            format!("lang: {}, ", string_literal(&lang))
        };
        let code = code.strip_suffix('\n').unwrap_or(&code);
        let call = format!("#raw(block: true, {lang}{});\n\n", string_literal(code));
        self.out.push_str(&call);
        end
    }

    /// Raw HTML: shown as text when the site escapes it; otherwise left out (a PDF
    /// cannot show it), but for line breaks.
    fn raw_html(&mut self, raw: &str) {
        if self.input.raw_html == RawHtml::Escape {
            escape_into(&mut self.out, raw);
            return;
        }
        let tag: String = raw
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if matches!(tag.as_str(), "<br>" | "<br/>") {
            self.out.push_str("#linebreak();");
        }
    }

    /// What a note's call (`#footnote[…]`) is put between here. In a heading, a
    /// `context` block, which Typst leaves out of the heading's plain text: the
    /// heading's bookmark in the PDF is its words alone, as in the page's contents.
    fn note_wrapping(&self) -> (&'static str, &'static str) {
        if self.in_heading {
            ("#context [", "];")
        } else {
            ("", "")
        }
    }

    fn push_markup(&mut self, markup: &Markup) {
        let base = self.out.len();
        self.map
            .extend(markup.map.iter().map(|&(at, source)| (base + at, source)));
        self.out.push_str(&markup.text);
    }
}

/// The arguments of a figure that number it with the page's words (`format` is
/// "Figure {n}", "図{n}"): no supplement (Typst's word for the language, "Figure",
/// "Рис.") and a numbering that writes the whole label, so that its caption and the
/// references to it read as on the page. The number stays on the line of the word next
/// to it, as with Typst's own supplement.
fn numbered_as(format: &str) -> String {
    let pieces: Vec<&str> = format.split("{n}").collect();
    let last = pieces.len() - 1;
    let literals: Vec<String> = pieces
        .iter()
        .enumerate()
        .map(|(i, piece)| {
            let mut piece = piece.to_string();
            if i < last && piece.ends_with(' ') {
                piece.pop();
                piece.push('\u{a0}');
            }
            if i > 0 && piece.starts_with(' ') {
                piece.replace_range(..1, "\u{a0}");
            }
            string_literal(&piece)
        })
        .collect();
    format!(
        "supplement: [], numbering: n => ({},).join(str(n))",
        literals.join(", ")
    )
}

/// The start of a figure's caption argument, up to its text (closed by
/// [`CAPTION_END`]): the caption is separated from its number as on the page
/// ("Figure 1. Gas flows", [`CAPTION_SEPARATOR`]), not by Typst's word for the
/// language (": " in English, ".\u{a0}– " in French).
fn caption_start() -> String {
    format!(
        "figure.caption(separator: {}, [",
        string_literal(CAPTION_SEPARATOR)
    )
}

const CAPTION_END: &str = "])";

/// The captions of the body's tables, by the table's first event, as the page finds
/// them, each with the table's id there (tables are numbered in the order of their
/// captions).
fn table_captions(source: &str, events: &[(Event, Range<usize>)]) -> HashMap<usize, Caption> {
    let tables: HashMap<usize, usize> = events
        .iter()
        .enumerate()
        .filter(|(_, (event, _))| matches!(event, Event::Start(Tag::Table(_))))
        .map(|(i, (_, range))| (range.start, i))
        .collect();
    let mut captions = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if !matches!(events[i].0, Event::Start(Tag::Paragraph)) {
            i += 1;
            continue;
        }
        let Some(end) =
            (i..events.len()).find(|&j| matches!(events[j].0, Event::End(TagEnd::Paragraph)))
        else {
            break;
        };
        let found = table_caption(source, events, i, end)
            .and_then(|caption| Some((*tables.get(&caption.table)?, caption.attributes)));
        if let Some((table, attributes)) = found {
            let label = attributes
                .as_ref()
                .and_then(|at| source.get(at.clone()))
                .and_then(|text| figure_attributes(text, FigureKind::Table).ok())
                .and_then(|a| a.label);
            let id = match label {
                Some(label) => format!("{}{label}", FigureKind::Table.prefix()),
                None => format!("{}{}", FigureKind::Table.prefix(), captions.len() + 1),
            };
            captions.entry(table).or_insert(Caption {
                paragraph: i,
                attributes,
                id,
            });
        }
        i = end + 1;
    }
    captions
}
