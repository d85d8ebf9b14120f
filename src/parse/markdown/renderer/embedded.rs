//! What authors embed in Markdown besides Markdown: raw HTML, whose ids are anchor
//! targets and whose links and media are checked like Markdown links, and images at
//! site paths, checked and resolved like links.

use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::super::links::classify;
use super::super::raw_html::start_tags;
use super::super::{shortcodes, MARKER};
use super::Renderer;
use crate::config::RawHtml;
use crate::model::body::{LinkTarget, OutgoingLink};
use crate::model::escape::{decode_attribute, escape_html};

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

    /// Takes the events of an image at a site path (see [`Self::start_internal_image`]);
    /// false for any other event.
    pub(super) fn image_event(&mut self, event: &Event, range: &std::ops::Range<usize>) -> bool {
        if self.internal_image.is_some() {
            self.internal_image_event(event);
            return true;
        }
        if let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = event
        {
            if let Some(target) = classify(dest_url, false) {
                self.track_context(event);
                self.start_internal_image(target, dest_url, title, range.clone());
                return true;
            }
        }
        false
    }

    /// An image whose source is a site path (`![Chart](/media/chart.png)`): checked and
    /// resolved like a link, so it follows `base_url`. Its alt text is gathered from the
    /// events up to its end ([`Self::internal_image_event`]).
    fn start_internal_image(
        &mut self,
        target: LinkTarget,
        dest: &str,
        title: &str,
        range: std::ops::Range<usize>,
    ) {
        let index = self.links.len();
        self.links.push(OutgoingLink {
            target,
            written: dest.to_string(),
            text: String::new(),
            offset: self.body_offset + range.start,
            len: range.len(),
            context: String::new(),
        });
        self.internal_image = Some((index, title.to_string(), String::new()));
    }

    /// An event inside an image started by [`Self::start_internal_image`]: text
    /// becomes its alt text; at its end the `<img>` is written.
    fn internal_image_event(&mut self, event: &Event) {
        let Some((index, title, alt)) = self.internal_image.as_mut() else {
            return;
        };
        match event {
            Event::Text(text) | Event::Code(text) => alt.push_str(text),
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            Event::End(TagEnd::Image) => {
                let mut tag = format!(
                    "<img src=\"{MARKER}h{index}{MARKER}\" alt=\"{}\"",
                    escape_html(alt)
                );
                if !title.is_empty() {
                    let _ = write!(tag, " title=\"{}\"", escape_html(title));
                }
                tag.push_str(" />");
                self.internal_image = None;
                self.track_context(&Event::End(TagEnd::Image));
                self.emit_html(tag);
            }
            _ => {}
        }
    }

    /// Raw HTML as written, with its ids recorded as anchor targets and the internal
    /// URLs of its links and media (`<a href>`, `<img src>`) replaced by placeholders,
    /// checked and resolved like Markdown links. `at` maps a byte of `html` to the body.
    fn raw_html(&mut self, html: &str, at: impl Fn(usize) -> usize, inline: bool) -> String {
        let mut out = String::with_capacity(html.len());
        let mut copied = 0;
        for tag in start_tags(html) {
            self.html_ids
                .extend(tag.anchor_ids().map(|id| decode_attribute(id.value.trim())));
            for attribute in tag.url_attributes() {
                let written = decode_attribute(attribute.value);
                let Some(target) = classify(&written, false) else {
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
                out.push_str(&html[copied..attribute.range.start]);
                if quoted {
                    let _ = write!(out, "{MARKER}h{index}{MARKER}");
                } else {
                    let _ = write!(out, "\"{MARKER}h{index}{MARKER}\"");
                }
                copied = attribute.range.end;
            }
        }
        out.push_str(&html[copied..]);
        out
    }
}
