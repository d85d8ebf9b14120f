//! What authors embed in Markdown besides Markdown: raw HTML, whose ids are anchor
//! targets and whose links and media are checked like Markdown links (and files beside
//! the document copied).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::super::links::{classify, classify_file};
use super::super::raw_html::{start_tags, StartTag};
use super::super::{shortcodes, MARKER, RESERVED_IDS};
use super::Renderer;
use crate::config::RawHtml;
use crate::model::body::OutgoingLink;
use crate::model::diagnostics::Diagnostic;
use crate::model::escape::{decode_attribute, escape_html};
use crate::model::slug::slugify;

/// The lines of an HTML block, with where each starts in the block and in the body
/// (`None` when the line is not the body's text as it is, inside a list or a quote).
#[derive(Default)]
pub(super) struct HtmlBlock {
    text: String,
    lines: Vec<(usize, Option<usize>, usize)>,
}

impl HtmlBlock {
    /// Where byte `at` of the block is in the body: exact when its line is written as
    /// it is, else the start of its line.
    fn body_offset(&self, at: usize) -> usize {
        let line = self.lines.iter().rev().find(|(start, ..)| *start <= at);
        match line {
            Some((start, Some(exact), _)) => exact + (at - start),
            Some((_, None, line_start)) => *line_start,
            None => 0,
        }
    }
}

impl Renderer<'_> {
    /// Raw HTML events: an HTML block is read whole (a tag may span lines), a
    /// shortcode that looks like a tag stays text, the rest goes through [`Self::raw_html`].
    pub(super) fn raw_html_event(&mut self, event: Event, range: std::ops::Range<usize>) {
        match event {
            Event::Start(Tag::HtmlBlock) if self.raw_html == RawHtml::Allow => {
                self.html_block = Some(HtmlBlock::default());
                self.emit(Event::Start(Tag::HtmlBlock));
            }
            Event::Html(raw) if self.html_block.is_some() => {
                let exact = (self.source.get(range.clone()) == Some(&*raw)).then_some(range.start);
                if let Some(block) = self.html_block.as_mut() {
                    block.lines.push((block.text.len(), exact, range.start));
                    block.text.push_str(&raw);
                }
            }
            Event::End(TagEnd::HtmlBlock) if self.html_block.is_some() => {
                if let Some(block) = self.html_block.take() {
                    let html = self.raw_html(&block.text, |at| block.body_offset(at), false);
                    self.emit(Event::Html(CowStr::from(html)));
                }
                self.emit(Event::End(TagEnd::HtmlBlock));
            }
            Event::InlineHtml(_) if shortcodes::overlapping(&self.shortcodes, &range) => {
                let written = self.source.get(range.clone()).unwrap_or_default();
                self.block_text.push_str(written);
                self.emit(Event::Text(CowStr::from(written.to_string())));
            }
            Event::InlineHtml(raw) if self.raw_html == RawHtml::Allow => {
                let exact = self.source.get(range.clone()) == Some(&*raw);
                let at = |i: usize| if exact { range.start + i } else { range.start };
                let html = self.raw_html(&raw, at, true);
                self.emit(Event::InlineHtml(CowStr::from(html)));
            }
            other => self.emit(other.into_static()),
        }
    }

    /// Raw HTML as written, with its ids recorded as anchor targets and the internal
    /// URLs of its links and media (`<a href>`, `<img src>`) replaced by placeholders,
    /// checked and resolved like Markdown links; `<a name="x">` is written
    /// `<a id="x">` (see [`Self::anchor_name`]). `at` maps a byte of `html` to the body.
    pub(super) fn raw_html(
        &mut self,
        html: &str,
        at: impl Fn(usize) -> usize,
        inline: bool,
    ) -> String {
        // What replaces which bytes of `html`, in order.
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        for tag in start_tags(html) {
            for id in tag.attributes.iter().filter(|a| a.name == "id") {
                let value = decode_attribute(id.value);
                if let Some(problem) = self.id_problem("id", &value) {
                    let offset = self.body_offset + at(id.range.start);
                    self.rich.problem(problem, offset, id.range.len().max(1));
                }
            }
            edits.extend(self.anchor_name(html, &tag, &at));
            self.html_ids
                .extend(tag.anchor_id().map(|id| decode_attribute(id.value.trim())));
            for attribute in tag.url_attributes() {
                let written = decode_attribute(attribute.value);
                let offset = at(attribute.range.start);
                let place = offset..offset + attribute.range.len().max(1);
                let target = if tag.refers_to_a_file() {
                    classify_file(&written)
                } else {
                    classify(&written, false, self.rich.page)
                };
                let checked = target.and_then(|t| self.local_file(t, &written, &place));
                let Some(target) = checked else {
                    continue;
                };
                let index = self.links.len();
                self.links.push(OutgoingLink {
                    target,
                    written,
                    text: String::new(),
                    offset: self.body_offset + at(attribute.range.start),
                    len: attribute.range.len().max(1),
                    context: String::new(),
                });
                if inline {
                    self.block_links.push((index, self.block_text.len()));
                }
                let quoted = attribute.range.start > 0
                    && matches!(html.as_bytes()[attribute.range.start - 1], b'"' | b'\'');
                let placeholder = if quoted {
                    format!("{MARKER}h{index}{MARKER}")
                } else {
                    format!("\"{MARKER}h{index}{MARKER}\"")
                };
                edits.push((attribute.range.clone(), placeholder));
            }
        }
        // A tag's `name` may come before or after its `href`.
        edits.sort_by_key(|(range, _)| range.start);
        let mut out = String::with_capacity(html.len());
        let mut copied = 0;
        for (range, replacement) in edits {
            out.push_str(&html[copied..range.start]);
            out.push_str(&replacement);
            copied = range.end;
        }
        out.push_str(&html[copied..]);
        out
    }

    /// `<a name="x">` makes the anchor `#x` the HTML 4 way, which HTML5 no longer
    /// allows (archives imported from WordPress are full of it): it is checked as the
    /// id it stands for and written as one, `<a id="x">`, so that the page is valid
    /// HTML and `#x` still finds it. Beside an `id`, it is taken out; one that names
    /// another anchor than the id is an error, as a link to it would find nothing.
    /// Returns the edit of the tag, if any.
    fn anchor_name(
        &mut self,
        html: &str,
        tag: &StartTag,
        at: &impl Fn(usize) -> usize,
    ) -> Option<(Range<usize>, String)> {
        let name = tag.anchor_name()?;
        let value = decode_attribute(name.value);
        let problem = match tag.attribute("id") {
            None => self.id_problem("name", &value),
            Some(id) if decode_attribute(id.value) == value => None,
            Some(id) => Some(
                Diagnostic::error(
                    "E-invalid-id",
                    format!(
                        "`<a id=\"{}\" name=\"{value}\">`: an anchor has one name, and HTML5 has no `name` on `<a>`",
                        decode_attribute(id.value)
                    ),
                )
                .hint(format!(
                    "keep `id` alone, and write links to `#{value}` as links to `#{}`",
                    decode_attribute(id.value)
                )),
            ),
        };
        if let Some(problem) = problem {
            let offset = self.body_offset + at(name.range.start);
            self.rich.problem(problem, offset, name.range.len().max(1));
        }
        if tag.attribute("id").is_some() {
            // Taken out with the space before it.
            let start = html[..name.whole.start].trim_end().len();
            Some((start..name.whole.end, String::new()))
        } else {
            let id = format!("id=\"{}\"", escape_html(&value));
            Some((name.whole.clone(), id))
        }
    }
}

impl Renderer<'_> {
    /// Why an `id` written in raw HTML cannot be on the page, if it cannot: HTML wants
    /// an id non-empty, without spaces and unique in its page, and the page already
    /// holds the theme's ids and the headings' (which avoid the theme's).
    /// `attribute` is the attribute that wrote it: `id`, or the `name` of an `<a>`.
    fn id_problem(&self, attribute: &str, id: &str) -> Option<Diagnostic> {
        const TAKEN: &str = "choose another id: two elements of a page cannot share one, and a link to `#id` would find only the first";
        let (message, hint) = if id.is_empty() || id.contains(|c: char| c.is_ascii_whitespace()) {
            (
                format!("`{attribute}=\"{id}\"`: an id may be neither empty nor hold a space"),
                format!("write it as one word, such as `{}`", slugify(id)),
            )
        } else if RESERVED_IDS.contains(&id) {
            (
                format!("`{id}` is the id of a part of every page the theme makes"),
                format!("choose another id, such as `{id}-1`"),
            )
        } else if let Some(heading) = self.headings.iter().find(|h| h.id == id) {
            // Old archives put `<a name="x"></a>` before the heading it marks, which
            // now carries the id itself.
            let hint = if attribute == "name" {
                format!("if the anchor marks that heading, delete it: links to `#{id}` find the heading; else {TAKEN}")
            } else {
                TAKEN.to_string()
            };
            (
                format!("`{id}` is also the id of the heading “{}”", heading.title),
                hint,
            )
        } else if self.html_ids.iter().any(|seen| seen == id) {
            (
                format!("`{id}` is the id of an element above too"),
                TAKEN.to_string(),
            )
        } else if let Some(figure) = self.rich.result.numbered.iter().find(|n| n.id == id) {
            (
                format!(
                    "`{id}` is the id of {} {} above",
                    figure.kind.word(),
                    figure.number
                ),
                TAKEN.to_string(),
            )
        } else {
            return None;
        };
        Some(Diagnostic::error("E-invalid-id", message).hint(hint))
    }
}
