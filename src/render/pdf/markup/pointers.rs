//! The parts of a body that point elsewhere: footnote references, links, citations
//! and images.

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::{caption_start, heading_label, Writer, CAPTION_END};
use crate::model::body::LinkTarget;
use crate::parse::markdown::{
    figure_attributes, figure_lines_are_labelled, is_citation_link, FigureKind,
};
use crate::render::pdf::escape::{escape, rich, string_literal};

impl Writer<'_, '_> {
    /// A `[^name]` reference: the note itself at the first reference from the text,
    /// a reference to it (its number) after that.
    pub(super) fn footnote_reference(&mut self, name: &str) {
        // A note referenced only from other notes (or from itself) has no place of its
        // own to refer to; one without a definition has nothing to show.
        let placed = self.referenced.contains(name) && self.defined.contains(name);
        if !placed || self.in_definition.as_deref() == Some(name) {
            return;
        }
        let label = string_literal(&format!("footnote-{name}"));
        if self.in_definition.is_some() || self.written_notes.contains(name) {
            let call = format!("#footnote(label({label}));");
            self.out.push_str(&call);
            return;
        }
        let Some(definition) = self.definitions.get(name).cloned() else {
            return;
        };
        self.written_notes.insert(name.to_string());
        let (before, after) = self.note_wrapping();
        self.out.push_str(before);
        self.out.push_str("#footnote[");
        self.push_markup(&definition);
        self.out.push_str(&format!("]#label({label});{after}"));
    }

    /// A link: a citation, an internal link (to the URL the link stage resolved, or to
    /// a heading of this brief), or an external one.
    pub(super) fn link(&mut self, i: usize, link_type: LinkType, dest: &str) -> usize {
        if is_citation_link(dest) {
            let end = self.end_of(i);
            self.citation(i);
            return end;
        }
        if matches!(link_type, LinkType::WikiLink { .. })
            && (dest.starts_with("fig:") || dest.starts_with("tbl:"))
        {
            return self.cross_reference(i, link_type, dest.trim());
        }
        let offset = self.input.offset + self.events[i].1.start;
        let target = match self.link_at.get(&offset) {
            Some(&index) => {
                if matches!(link_type, LinkType::WikiLink { has_pothole: false }) {
                    let end = self.end_of(i);
                    let title = self.input.link_titles.get(index).cloned();
                    let title = escape(&title.unwrap_or_default());
                    match self.internal_target(index) {
                        Some(target) => {
                            let call = format!("#link({target})[{title}];");
                            self.out.push_str(&call);
                            self.link_end = self.out.len();
                        }
                        None => self.out.push_str(&title),
                    }
                    return end;
                }
                self.internal_target(index)
            }
            None if link_type == LinkType::Email => Some(string_literal(&ascii_uri(&format!(
                "mailto:{}",
                dest.trim()
            )))),
            None => self.external_target(dest),
        };
        match target {
            Some(target) => self.open(format!("#link({target})["), "];".into(), ""),
            None => self.open_plain(""),
        }
        i
    }

    /// `[[fig:lng]]`: "Figure 2", linked to the figure, as on the web page (the
    /// caption's own word and number; "Table 1" for a captioned table's `tbl:` label);
    /// `[[fig:lng|the chart]]` its text, linked. A figure the PDF does not show as one
    /// (an image it cannot draw) is named as the page names it, unlinked.
    fn cross_reference(&mut self, i: usize, link_type: LinkType, label: &str) -> usize {
        let target = format!("let target = label({}); ", string_literal(label));
        let found = "query(target).len() > 0";
        if link_type == (LinkType::WikiLink { has_pothole: false }) {
            let offset = self.input.offset + self.events[i].1.start;
            let shown = self
                .input
                .xref_texts
                .iter()
                .find(|(at, _)| *at == offset)
                .map_or(label, |(_, text)| text.as_str());
            let call = format!(
                "#context {{ {target}if {found} {{ ref(target) }} else [{}] }};",
                escape(shown)
            );
            self.out.push_str(&call);
            return self.end_of(i);
        }
        self.open(
            format!("#context {{ {target}let text = ["),
            format!("]; if {found} {{ link(target, text) }} else {{ text }} }};"),
            "",
        );
        i
    }

    /// Where internal link `index` goes, as a `link` target.
    fn internal_target(&self, index: usize) -> Option<String> {
        if let Some(LinkTarget::Anchor(id)) = self.input.links.get(index).map(|l| &l.target) {
            if self.heading_ids.contains(id.as_str()) {
                return Some(format!("label({})", string_literal(&heading_label(id))));
            }
        }
        let href = self.input.hrefs.get(index)?;
        let url = if href.starts_with('#') {
            format!("{}{href}", self.input.page_url)
        } else if href.starts_with('/') {
            format!("{}{href}", self.input.origin)
        } else {
            href.clone()
        };
        Some(string_literal(&ascii_uri(&url)))
    }

    /// Where an external link goes: web, mail and telephone addresses as written,
    /// relative addresses from the brief page; other schemes are not followed.
    fn external_target(&self, dest: &str) -> Option<String> {
        let dest = dest.trim();
        let scheme = dest
            .split_once(':')
            .map(|(scheme, _)| scheme.to_ascii_lowercase())
            .filter(|s| {
                s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            });
        match scheme.as_deref() {
            Some("http" | "https" | "mailto" | "tel" | "ftp" | "ftps") => {
                Some(string_literal(&ascii_uri(dest)))
            }
            Some(_) => None,
            None if dest.is_empty() => None,
            None => Some(string_literal(&ascii_uri(&format!(
                "{}{dest}",
                self.input.page_url
            )))),
        }
    }

    /// A `[@key]` citation: its formatted text, or with a note style a footnote
    /// placed after the punctuation that follows it (as on the web page).
    fn citation(&mut self, i: usize) {
        let index = self.citation_at.get(&i).copied().unwrap_or(usize::MAX);
        let text = match self.input.citation_texts.get(index) {
            Some(formatted) => rich(formatted),
            None => {
                let range = self.events[i].1.clone();
                escape(self.input.markdown.get(range).unwrap_or_default())
            }
        };
        let is_note = self
            .input
            .citations
            .get(index)
            .is_some_and(|c| c.note.is_some());
        if is_note && self.in_definition.is_none() {
            self.out.truncate(self.out.trim_end().len());
            let (before, after) = self.note_wrapping();
            self.held_note = Some(format!("{before}#footnote[{text}];{after}"));
        } else if self.after_link() {
            // Its words may run on from the link's.
            self.push_unhyphenated(&text);
        } else {
            self.out.push_str(&text);
        }
    }

    /// An image: a figure when it stands alone in its paragraph, else inline; its
    /// description as text when the site has no such file, or none Typst can draw.
    pub(super) fn image(&mut self, i: usize, dest: &str, title: &str) -> usize {
        let end = self.end_of(i);
        let alt_text: String = self.events[i + 1..end]
            .iter()
            .filter_map(|(event, _)| match event {
                Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
                _ => None,
            })
            .collect();
        let before = i.checked_sub(1).and_then(|p| self.events.get(p));
        let tail = self.figure_tail(end);
        let alone = matches!(before, Some((Event::Start(Tag::Paragraph), _))) && tail.is_some();
        let (used, label) = tail.unwrap_or((end, None));
        // The page's id: its label, or `fig:3` for the third figure without one, which
        // `[[fig:3]]` names there.
        let offset = self.input.offset + self.events[i].1.start;
        let page_id = self.input.figure_ids.iter().find(|(at, _)| *at == offset);
        let label = page_id.map(|(_, id)| id.clone()).or(label);
        let Some(path) = (self.input.image)(offset, dest) else {
            self.open("#emph[".into(), "];".into(), "");
            self.text(&alt_text);
            self.close();
            if !alone {
                return end;
            }
            // The page's figure syntax is not text: its `{#fig:label}` is not shown,
            // and its lines follow on lines of their own (from the break after it).
            self.in_figure_lines = true;
            self.figure_line_start = true;
            return used;
        };
        let alt = if alt_text.trim().is_empty() {
            String::new()
        } else {
            format!(", alt: {}", string_literal(alt_text.trim()))
        };
        let image = format!("image({}{alt}", string_literal(&path));
        // Without a title, the figure is captioned with its alt text, as on the web
        // page (whose figures are numbered alike).
        let caption = match title.trim() {
            "" => alt_text.trim(),
            title => title,
        };
        let call = if !alone && self.on_its_own_line(i, end) {
            // Full width like on the web page, which shows it as a picture in its
            // paragraph; only an image among words is as high as the text.
            format!("#{image});")
        } else if !alone {
            format!("#box({image}, height: 1em));")
        } else {
            let caption = match caption {
                "" => String::new(),
                caption => format!(
                    ", caption: {}{}{CAPTION_END}",
                    caption_start(),
                    escape(caption)
                ),
            };
            // Labelled as on the web page, for cross-references.
            let label = label.map_or(String::new(), |l| format!("#label({})", string_literal(&l)));
            format!(
                "#figure({image}){caption}, {}){label};",
                self.figure_numbering
            )
        };
        self.out.push_str(&call);
        if !alone {
            return end;
        }
        self.in_figure_lines = true;
        self.figure_line_start = true;
        // The lines start under the figure, not after a break of their own.
        match self.events.get(used + 1) {
            Some((Event::SoftBreak | Event::HardBreak, _)) => used + 1,
            _ => used,
        }
    }

    /// Whether the image from event `start` to `end` has a line of a paragraph to
    /// itself, or with only the link it is in (`[![Map](map.png)](big.png)`).
    fn on_its_own_line(&self, start: usize, end: usize) -> bool {
        let line_start = self.events[..start]
            .iter()
            .rposition(|(e, _)| !matches!(e, Event::Start(Tag::Link { .. })));
        let begins_line = line_start.is_some_and(|p| {
            matches!(
                self.events[p].0,
                Event::Start(Tag::Paragraph) | Event::SoftBreak | Event::HardBreak
            )
        });
        let line_end = (end + 1..self.events.len())
            .find(|&j| !matches!(self.events[j].0, Event::End(TagEnd::Link)));
        let ends_line = line_end.is_some_and(|j| {
            matches!(
                self.events[j].0,
                Event::End(TagEnd::Paragraph) | Event::SoftBreak | Event::HardBreak
            )
        });
        begins_line && ends_line
    }

    /// Whether the image ending at event `end` ends its paragraph but for what the web
    /// page's figures have after an image (a `{#fig:label}` on its line, then lines
    /// starting `Source:` or `Note:`): the index of the last event of the label (`end`
    /// without one), and the figure's id (`fig:label`), if it has one. The lines are
    /// written as the paragraph's text after the figure.
    fn figure_tail(&self, end: usize) -> Option<(usize, Option<String>)> {
        let close = (end + 1..self.events.len())
            .find(|&j| matches!(self.events[j].0, Event::End(TagEnd::Paragraph)))?;
        let rest = &self.events[end + 1..close];
        let first_break = rest
            .iter()
            .position(|(e, _)| matches!(e, Event::SoftBreak | Event::HardBreak))
            .unwrap_or(rest.len());
        let plain = |events: &[(Event, std::ops::Range<usize>)]| -> Option<String> {
            events
                .iter()
                .map(|(e, _)| match e {
                    Event::Text(text) => Some(text.to_string()),
                    _ => None,
                })
                .collect()
        };
        let on_its_line = plain(&rest[..first_break])?;
        let on_its_line = on_its_line.trim();
        let labelled = on_its_line.starts_with('{') && on_its_line.ends_with('}');
        if !on_its_line.is_empty() && !labelled {
            return None;
        }
        let lines: Vec<&[(Event, std::ops::Range<usize>)]> = rest[first_break..]
            .split(|(e, _)| matches!(e, Event::SoftBreak | Event::HardBreak))
            .skip(1)
            .collect();
        if !figure_lines_are_labelled(lines.iter()) {
            return None;
        }
        // `{#fig:lng .wide}` or `{#lng}`, read as the page reads it (which reported
        // what is wrong with it).
        let kind = FigureKind::Figure;
        let id = figure_attributes(on_its_line, kind)
            .ok()
            .and_then(|attributes| attributes.label)
            .map(|label| format!("{}{label}", kind.prefix()));
        Some((end + first_break, id))
    }
}

/// A link's address as a PDF takes it, ASCII only: letters beyond ASCII and spaces
/// percent-encoded, what is encoded already (`%20`) left as it is.
fn ascii_uri(url: &str) -> String {
    const ENCODED: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS.add(b' ');
    percent_encoding::utf8_percent_encode(url, ENCODED).to_string()
}
