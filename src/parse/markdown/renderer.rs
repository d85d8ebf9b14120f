//! The event loop that turns pulldown-cmark's events into our HTML: heading ids and
//! anchors, placeholders for internal links, footnote numbering, citation markers and
//! glossary links, while keeping each link's sentence and the word count.

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::citations::parse_citation;
use super::footnotes::footnote_ref_id;
use super::heading_attributes::{heading_attribute, HeadingAttribute};
use super::links::{classify, is_safe_url, Sentences};
use super::shortcodes;
use super::{heading_level, BodyOptions, CITATION_DEST, MARKER, NOTE_PUNCTUATION};
use crate::config::RawHtml;
use crate::model::body::{Citation, CitedWork, Heading, LinkTarget, OutgoingLink};
use crate::model::escape::escape_html;
use crate::parse::glossary::Glossary;

mod calls;
mod charts;
mod embedded;
pub(super) mod figures;
mod media;
mod rich;

pub(super) use calls::Calls;
pub(super) use charts::is_chart_block;
use embedded::HtmlBlock;
use rich::{Rich, RichResult};

struct OpenLink {
    index: usize,
    /// Whether the link is ours to close (internal), or passed through to pulldown-cmark.
    internal: bool,
    /// Wiki link without text: its text is replaced by the target's title.
    replace_text: bool,
    text_start_in_block: usize,
}

pub(super) struct Renderer<'h> {
    body_offset: usize,
    /// The Markdown being rendered (citations are read from it).
    source: &'h str,
    raw_html: RawHtml,
    headings: &'h [Heading],
    /// Added to a heading's level to write it (see [`Renderer::new`]).
    heading_shift: i16,
    next_heading: usize,
    main: Vec<Event<'static>>,
    footnote_definitions: HashMap<String, Vec<Event<'static>>>,
    current_definition: Option<(String, Vec<Event<'static>>)>,
    /// Footnote name -> number, in order of first reference.
    footnote_numbers: HashMap<String, usize>,
    /// References made so far to footnote number N (index N-1).
    footnote_ref_counts: Vec<usize>,
    links: Vec<OutgoingLink>,
    open_link: Option<OpenLink>,
    /// Plain text of the current block, to cut link context sentences from.
    block_text: String,
    /// Links in the current block: (link index, position of its text in `block_text`).
    block_links: Vec<(usize, usize)>,
    word_count: usize,
    /// Citations become footnotes (a note style).
    citation_notes: bool,
    citations: Vec<Citation>,
    /// Inside a citation's `[...]`, whose events the formatted citation replaces.
    in_citation: bool,
    /// A citation's note marker, written after the punctuation that follows it.
    held_note: Option<String>,
    glossary: Option<&'h Glossary>,
    /// The accessible name of a heading's anchor link.
    section_link: &'h str,
    /// Terms already linked in this brief (indexed like `Glossary::terms`).
    glossary_linked: Vec<bool>,
    /// Text held back to look for glossary terms across soft line breaks: where it
    /// starts in the body, and the text (a soft break as `\n`, as pulldown-cmark writes it).
    pending_text: Option<(usize, String)>,
    in_heading: bool,
    in_code_block: bool,
    image_depth: usize,
    /// Depth of raw `<a>`, `<abbr>`, `<code>` and `<dfn>` elements written in the text.
    html_depth: usize,
    /// The HTML block being read: its lines are checked together, since a tag may
    /// span lines.
    html_block: Option<HtmlBlock>,
    /// Ids defined in raw HTML (`<h3 id>`, `<a name>`): anchor targets.
    html_ids: Vec<String>,
    /// Hugo shortcodes in the body, whose text is shown exactly as written.
    pub(super) shortcodes: Vec<std::ops::Range<usize>>,
    /// Figures, tables, charts, images, callouts and components (see [`rich`]).
    pub(super) rich: Rich<'h>,
}

/// What rendering the events gave, besides the headings and plain text read before.
pub(super) struct Rendered {
    /// The main text's events (footnote definitions taken out).
    pub events: Vec<Event<'static>>,
    pub footnote_definitions: HashMap<String, Vec<Event<'static>>>,
    pub footnote_numbers: HashMap<String, usize>,
    pub footnote_ref_counts: Vec<usize>,
    pub links: Vec<OutgoingLink>,
    pub word_count: usize,
    pub citations: Vec<Citation>,
    pub html_ids: Vec<String>,
    /// What figures, charts and components found and made.
    pub rich: RichResult,
}

impl<'h> Renderer<'h> {
    pub(super) fn new(
        source: &'h str,
        body_offset: usize,
        headings: &'h [Heading],
        events: usize,
        options: &BodyOptions<'h>,
    ) -> Renderer<'h> {
        // The page's title is its one `<h1>`: the body's biggest heading is written as
        // `<h2>`, and the others keep their distance from it (`#` and `###` become
        // `<h2>` and `<h4>`), so the page's outline has no second top and no gap
        // below the title.
        let top = headings.iter().map(|h| h.level).min().unwrap_or(2);
        Renderer {
            body_offset,
            raw_html: options.raw_html,
            headings,
            heading_shift: 2 - i16::from(top),
            next_heading: 0,
            main: Vec::with_capacity(events),
            footnote_definitions: HashMap::new(),
            current_definition: None,
            footnote_numbers: HashMap::new(),
            footnote_ref_counts: Vec::new(),
            links: Vec::new(),
            open_link: None,
            block_text: String::new(),
            block_links: Vec::new(),
            word_count: 0,
            source,
            citation_notes: options.citations == Some(true),
            citations: Vec::new(),
            in_citation: false,
            held_note: None,
            glossary: options.glossary,
            section_link: options.labels.section_link,
            glossary_linked: vec![false; options.glossary.map_or(0, |g| g.terms.len())],
            pending_text: None,
            in_heading: false,
            in_code_block: false,
            image_depth: 0,
            html_depth: 0,
            html_block: None,
            html_ids: Vec::new(),
            shortcodes: Vec::new(),
            rich: Rich::new(options),
        }
    }

    /// Writes what is still held back and hands over the results.
    pub(super) fn finish(mut self) -> Rendered {
        self.flush_text();
        if let Some(note) = self.held_note.take() {
            self.emit_html(note);
        }
        let rich = self.finish_rich();
        Rendered {
            rich,
            events: self.main,
            footnote_definitions: self.footnote_definitions,
            footnote_numbers: self.footnote_numbers,
            footnote_ref_counts: self.footnote_ref_counts,
            links: self.links,
            word_count: self.word_count,
            citations: self.citations,
            html_ids: self.html_ids,
        }
    }
    fn emit(&mut self, event: Event<'static>) {
        // Inside a figure's caption, a table with a caption or a component's content,
        // events are gathered for the figure or component.
        if let Some(capture) = self.rich.capturing(self.current_definition.is_some()) {
            capture.push(event);
            return;
        }
        match self.current_definition.as_mut() {
            Some((_, events)) => events.push(event),
            None => self.main.push(event),
        }
    }

    fn emit_html(&mut self, html: String) {
        self.emit(Event::InlineHtml(CowStr::from(html)));
    }

    pub(super) fn event(&mut self, event: Event, range: std::ops::Range<usize>) {
        // Text held back for glossary terms ends where anything but more text begins.
        if !matches!(event, Event::Text(_) | Event::SoftBreak) {
            self.flush_text();
        }
        // A citation's own text is replaced by the formatted citation.
        if self.in_citation {
            self.in_citation = !matches!(event, Event::End(TagEnd::Link));
            return;
        }
        if let Some(note) = self.held_note.take() {
            if let Event::Text(text) = &event {
                let punctuation = text.len() - text.trim_start_matches(NOTE_PUNCTUATION).len();
                if punctuation > 0 {
                    let rest = text[punctuation..].to_string();
                    self.emit(Event::Text(CowStr::from(text[..punctuation].to_string())));
                    self.emit_html(note);
                    if !rest.is_empty() {
                        self.event(Event::Text(CowStr::from(rest)), range);
                    }
                    return;
                }
            }
            self.emit_html(note);
        }
        if self.rich_event(&event, &range) {
            return;
        }
        self.track_context(&event);
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => self.start_heading(level, &classes, &attrs),
            Event::End(TagEnd::Heading(level)) => self.end_heading(level),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                self.current_definition = Some((name.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((name, events)) = self.current_definition.take() {
                    self.footnote_definitions.entry(name).or_insert(events);
                }
            }
            Event::FootnoteReference(name) => {
                let (_, marker) = self.footnote_reference(&name);
                self.emit_html(marker);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => self.start_link(link_type, &dest_url, &title, range),
            Event::End(TagEnd::Link) => self.end_link(),
            Event::Start(tag @ (Tag::Paragraph | Tag::Item | Tag::TableCell)) => {
                self.start_block();
                self.emit(Event::Start(tag.into_static()));
            }
            Event::End(tag @ (TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell)) => {
                self.end_block();
                self.emit(Event::End(tag));
            }
            Event::Text(text) => {
                // A shortcode's text as written: not curled by smart punctuation.
                let text = if shortcodes::overlapping(&self.shortcodes, &range) {
                    CowStr::from(self.source.get(range.clone()).unwrap_or(&text).to_string())
                } else {
                    text
                };
                self.word_count += count_words(&text);
                if self.open_link.as_ref().is_some_and(|l| l.replace_text) {
                    return;
                }
                self.block_text.push_str(&text);
                self.emit_text(text, range.start);
            }
            Event::Code(code) => {
                self.word_count += count_words(&code);
                self.block_text.push_str(&code);
                self.emit(Event::Code(code.into_static()));
            }
            Event::Html(raw) | Event::InlineHtml(raw) if self.raw_html == RawHtml::Escape => {
                self.emit(Event::Text(raw.into_static()));
            }
            event @ (Event::Start(Tag::HtmlBlock)
            | Event::Html(_)
            | Event::End(TagEnd::HtmlBlock)
            | Event::InlineHtml(_)) => self.raw_html_event(event, range),
            Event::TaskListMarker(done) => {
                // A box readers see ticked or not, named for screen readers; disabled:
                // the page is a publication, not a form.
                let (checked, name) = if done {
                    (" checked", self.rich.labels.task_done)
                } else {
                    ("", self.rich.labels.task_open)
                };
                let name = escape_html(name);
                self.emit(Event::InlineHtml(CowStr::from(format!(
                    "<input type=\"checkbox\" class=\"task\" disabled{checked} aria-label=\"{name}\"> "
                ))));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.block_text.push(' ');
                match (&event, self.pending_text.as_mut()) {
                    (Event::SoftBreak, Some((_, text))) => text.push('\n'),
                    _ => self.emit(event.into_static()),
                }
            }
            other => self.emit(other.into_static()),
        }
    }

    /// `<h2 id="...">` with the heading's unique id, classes and attributes.
    fn start_heading(
        &mut self,
        level: HeadingLevel,
        classes: &[CowStr],
        attrs: &[(CowStr, Option<CowStr>)],
    ) {
        self.start_block();
        let id = self
            .headings
            .get(self.next_heading)
            .map_or("", |h| h.id.as_str());
        let mut tag = format!("<h{} id=\"{}\"", self.written_level(level), escape_html(id));
        // `{.a class=b}`: both are classes. HTML's global attributes (`lang`,
        // `data-*`) are kept for trusted authors and dropped for untrusted ones, whose
        // headings keep only their id and classes. Event handlers are dropped (trusted
        // authors may write script in raw HTML anyway); any other attribute is not
        // HTML, an error of the parse (see `heading_attributes`), and never written.
        let mut class_list: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
        let mut others = Vec::new();
        for (name, value) in attrs {
            let value = value.as_deref().unwrap_or("");
            match heading_attribute(name) {
                HeadingAttribute::Class => class_list.extend(value.split_whitespace()),
                HeadingAttribute::Global if self.raw_html == RawHtml::Allow => {
                    others.push((name.to_ascii_lowercase(), value));
                }
                HeadingAttribute::Global
                | HeadingAttribute::Id
                | HeadingAttribute::Handler
                | HeadingAttribute::Unknown => {}
            }
        }
        if !class_list.is_empty() {
            let _ = write!(tag, " class=\"{}\"", escape_html(&class_list.join(" ")));
        }
        for (name, value) in others {
            let _ = write!(tag, " {name}=\"{}\"", escape_html(value));
        }
        tag.push('>');
        self.emit(Event::Html(CowStr::from(tag)));
    }

    /// The level a heading of the body is written at (see [`Renderer::new`]).
    fn written_level(&self, level: HeadingLevel) -> i16 {
        (i16::from(heading_level(level)) + self.heading_shift).clamp(2, 6)
    }

    /// The heading's anchor link, then `</h2>`.
    fn end_heading(&mut self, level: HeadingLevel) {
        let id = self
            .headings
            .get(self.next_heading)
            .map_or("", |h| h.id.as_str());
        self.next_heading += 1;
        let close = format!(
            " <a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"{label}\">#</a></h{}>\n",
            self.written_level(level),
            id = escape_html(id),
            label = escape_html(self.section_link),
        );
        self.emit(Event::Html(CowStr::from(close)));
        self.end_block();
    }

    /// Closes a link, keeping its text (a wiki link without text shows its target's
    /// title, unknown here).
    fn end_link(&mut self) {
        if let Some(open) = self.open_link.take() {
            if !open.replace_text {
                let text = self.block_text[open.text_start_in_block..]
                    .trim()
                    .to_string();
                if let Some(link) = self.links.get_mut(open.index) {
                    link.text = text;
                }
            }
            if open.internal {
                if open.index != usize::MAX {
                    self.emit_html("</a>".to_string());
                }
                return;
            }
        }
        self.emit(Event::End(TagEnd::Link));
    }

    fn start_link(
        &mut self,
        link_type: LinkType,
        dest: &str,
        title: &str,
        range: std::ops::Range<usize>,
    ) {
        if dest == CITATION_DEST {
            self.start_citation(range);
            return;
        }
        let is_wiki = matches!(link_type, LinkType::WikiLink { .. });
        let replace_text = matches!(link_type, LinkType::WikiLink { has_pothole: false });
        let index = self.links.len();
        let text_start_in_block = self.block_text.len();
        // `<press@example.org>` is a mail address (pulldown-cmark writes it `mailto:`),
        // not a file beside the brief.
        let checked = (link_type != LinkType::Email)
            .then(|| classify(dest, is_wiki, self.rich.page))
            .flatten()
            .and_then(|t| self.local_file(t, dest, &range));
        let Some(target) = checked else {
            // External or unclassified: pulldown-cmark writes it as it is, unless the
            // brief is untrusted and the address could run script: then only its text.
            let neutralised = self.raw_html == RawHtml::Escape && !is_safe_url(dest);
            self.open_link = Some(OpenLink {
                index: usize::MAX,
                internal: neutralised,
                replace_text: false,
                text_start_in_block,
            });
            if neutralised {
                return;
            }
            self.emit(Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(dest.to_string()),
                title: CowStr::from(title.to_string()),
                id: CowStr::from(""),
            }));
            return;
        };
        self.links.push(OutgoingLink {
            target,
            written: dest.to_string(),
            text: String::new(),
            offset: self.body_offset + range.start,
            len: range.len(),
            context: String::new(),
        });
        self.block_links.push((index, text_start_in_block));
        self.open_link = Some(OpenLink {
            index,
            internal: true,
            replace_text,
            text_start_in_block,
        });
        let mut tag = format!("<a href=\"{MARKER}h{index}{MARKER}\"");
        if !title.is_empty() {
            let _ = write!(tag, " title=\"{}\"", escape_html(title));
        }
        tag.push('>');
        if replace_text {
            let _ = write!(tag, "{MARKER}t{index}{MARKER}");
            // So does the sentence a backlink quotes.
            let _ = write!(self.block_text, "{MARKER}t{index}{MARKER}");
        }
        self.emit_html(tag);
    }

    /// Numbers a footnote reference (by first reference); returns the number and the
    /// marker to write.
    fn footnote_reference(&mut self, name: &str) -> (usize, String) {
        let next = self.footnote_numbers.len() + 1;
        let number = *self
            .footnote_numbers
            .entry(name.to_string())
            .or_insert(next);
        if self.footnote_ref_counts.len() < number {
            self.footnote_ref_counts.resize(number, 0);
        }
        self.footnote_ref_counts[number - 1] += 1;
        let count = self.footnote_ref_counts[number - 1];
        let ref_id = footnote_ref_id(number, count);
        let marker = format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{number}\" id=\"{ref_id}\" role=\"doc-noteref\">{number}</a></sup>"
        );
        (number, marker)
    }

    /// A `[@key]` citation: a marker where the formatted citation goes, in the text or,
    /// with a note style, in a footnote of its own.
    fn start_citation(&mut self, range: std::ops::Range<usize>) {
        let written = self.source.get(range.clone()).unwrap_or_default();
        self.in_citation = true;
        let Some(items) = parse_citation(written) else {
            self.emit(Event::Text(CowStr::from(written.to_string())));
            return;
        };
        let index = self.citations.len();
        let marker = format!("{MARKER}c{index}{MARKER}");
        // Inside a footnote the citation is written out in the note itself.
        let note = (self.citation_notes && self.current_definition.is_none()).then(|| {
            let name = format!("{MARKER}citation{index}");
            let (number, note_marker) = self.footnote_reference(&name);
            // As in pandoc, the note comes right after the word, and after the
            // punctuation that follows the citation ("power.¹", not "power ¹.").
            if let Some(Event::Text(text)) = self.main.last_mut() {
                *text = CowStr::from(text.trim_end().to_string());
            }
            self.held_note = Some(note_marker);
            self.footnote_definitions.insert(
                name,
                vec![
                    Event::Start(Tag::Paragraph),
                    Event::InlineHtml(CowStr::from(marker.clone())),
                    Event::End(TagEnd::Paragraph),
                ],
            );
            number
        });
        if note.is_none() {
            self.emit_html(marker);
        }
        let at = self.body_offset + range.start;
        self.citations.push(Citation {
            items: items
                .into_iter()
                .map(|(offset, key, locator)| CitedWork {
                    key,
                    locator,
                    offset: at + offset,
                })
                .collect(),
            offset: at,
            len: range.len(),
            note,
        });
    }

    /// Follows where the text is, for glossary linking: never in headings, links,
    /// images, code or raw `<abbr>`-like elements.
    fn track_context(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::Heading { .. }) => self.in_heading = true,
            Event::End(TagEnd::Heading(_)) => self.in_heading = false,
            Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
            Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
            Event::Start(Tag::Image { .. }) => self.image_depth += 1,
            Event::End(TagEnd::Image) => self.image_depth = self.image_depth.saturating_sub(1),
            Event::InlineHtml(html) => {
                let tag = html.trim_start_matches('<').to_ascii_lowercase();
                let name = |t: &str| {
                    ["a", "abbr", "code", "dfn"].iter().any(|n| {
                        t.strip_prefix(n)
                            .is_some_and(|r| r.starts_with(['>', ' ', '\n', '\t']))
                    })
                };
                if let Some(closing) = tag.strip_prefix('/') {
                    if name(closing) {
                        self.html_depth = self.html_depth.saturating_sub(1);
                    }
                } else if name(&tag) {
                    self.html_depth += 1;
                }
            }
            _ => {}
        }
    }

    fn links_glossary_terms(&self) -> bool {
        self.glossary.is_some()
            && !self.in_heading
            && !self.in_code_block
            && self.image_depth == 0
            && self.html_depth == 0
            && self.open_link.is_none()
            && self.current_definition.is_none()
    }

    /// Writes text, holding it back while glossary terms may be found in it.
    fn emit_text(&mut self, text: CowStr, offset: usize) {
        if !self.links_glossary_terms() {
            self.emit(Event::Text(text.into_static()));
            return;
        }
        match self.pending_text.as_mut() {
            Some((_, pending)) => pending.push_str(&text),
            None => self.pending_text = Some((offset, text.to_string())),
        }
    }

    /// Writes the held-back text, linking the first mention of each glossary term.
    fn flush_text(&mut self) {
        let Some((offset, text)) = self.pending_text.take() else {
            return;
        };
        let Some(glossary) = self.glossary else {
            self.emit(Event::Text(CowStr::from(text)));
            return;
        };
        let mut rest = text.as_str();
        while let Some((start, end, term)) = glossary.first_mention(rest, &self.glossary_linked) {
            self.glossary_linked[term] = true;
            let entry = &glossary.terms[term];
            if start > 0 {
                self.emit(Event::Text(CowStr::from(rest[..start].to_string())));
            }
            let index = self.links.len();
            self.links.push(OutgoingLink {
                target: LinkTarget::Glossary(entry.slug.clone()),
                written: entry.term.clone(),
                text: rest[start..end].to_string(),
                offset: self.body_offset + offset,
                len: text.len(),
                context: String::new(),
            });
            self.emit_html(format!(
                "<a class=\"glossary-term\" href=\"{MARKER}h{index}{MARKER}\" title=\"{}\">",
                escape_html(&entry.definition)
            ));
            self.emit(Event::Text(CowStr::from(rest[start..end].to_string())));
            self.emit_html("</a>".to_string());
            rest = &rest[end..];
        }
        if !rest.is_empty() {
            self.emit(Event::Text(CowStr::from(rest.to_string())));
        }
    }

    fn start_block(&mut self) {
        if self.open_link.is_none() {
            self.block_text.clear();
            self.block_links.clear();
        }
    }

    fn end_block(&mut self) {
        let links = std::mem::take(&mut self.block_links);
        if links.is_empty() {
            return;
        }
        let sentences = Sentences::new(&self.block_text);
        for (index, position) in links {
            if let Some(link) = self.links.get_mut(index) {
                link.context = sentences.around(position);
            }
        }
    }
}

/// The number of words of `text`, as `text.split_whitespace().count()` counts them
/// (which was a seventh of the markdown stage): ASCII text many bytes a step, other
/// text a character at a time, its ASCII a byte at a time.
fn count_words(text: &str) -> usize {
    if text.is_ascii() {
        return count_ascii_words(text.as_bytes());
    }
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let (space, width) = if byte.is_ascii() {
            // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form
            // feed, carriage return and space.
            (matches!(byte, b'\t'..=b'\r' | b' '), 1)
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        count += usize::from(!space && !in_word);
        in_word = !space;
        at += width;
    }
    count
}

/// [`count_words`] for ASCII text, nearly every text of an English brief: the bytes
/// that start a word (not a space, after a space or first), counted without a branch
/// in runs of 255 pairs of bytes, whose counts fit a byte: the compiler then counts
/// sixteen bytes a step.
fn count_ascii_words(bytes: &[u8]) -> usize {
    // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form feed, carriage
    // return and space.
    let is_space = |byte: u8| (byte == b' ') | (byte.wrapping_sub(b'\t') < 5);
    let Some(&first) = bytes.first() else {
        return 0;
    };
    let mut count = usize::from(!is_space(first));
    for (befores, afters) in bytes.chunks(255).zip(bytes[1..].chunks(255)) {
        let starts = befores
            .iter()
            .zip(afters)
            .fold(0u8, |starts, (&before, &byte)| {
                starts.wrapping_add(u8::from(is_space(before) & !is_space(byte)))
            });
        count += usize::from(starts);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::count_words;

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        let texts = [
            "",
            " ",
            "one",
            "  two  words ",
            "tab\tline\nfeed\u{0B}vertical\u{0C}form\rreturn",
            "no\u{A0}break\u{85}next\u{3000}ideographic\u{2009}thin",
            "Союз и союзники\u{2029}日本の 外交",
            "U.S.-Japan's ‘alliance’ — 2026",
        ];
        for text in texts {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
        assert_eq!(count_words("no\u{A0}break  here"), 3);
    }

    #[test]
    fn every_ascii_byte_is_a_space_or_not_as_for_split_whitespace() {
        // Each ASCII character between letters, then all of them in a text long enough
        // for the many-bytes-a-step loop and its remainder.
        let mut all = String::new();
        for byte in 0..128u8 {
            let text = format!("a{}b {}", char::from(byte), char::from(byte));
            assert_eq!(
                count_words(&text),
                text.split_whitespace().count(),
                "{text:?}"
            );
            all.push_str(&text);
        }
        let long = all.repeat(5);
        assert_eq!(count_words(&long), long.split_whitespace().count());
    }
}
