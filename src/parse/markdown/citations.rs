//! `[@key]` citations: reading pandoc's syntax, and putting the formatted citations
//! where they were written once the bibliography has formatted them.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::MARKER;
use crate::model::body::{replace_markers, BodyProblem, Citation, Packed, RenderedMarkdown};
use crate::model::diagnostics::Diagnostic;
use crate::model::escape::escape_html;

/// Puts the formatted citations (HTML, one per [`Citation`], in order) where the
/// citations were written. A citation without formatted text shows as written.
pub fn fill_citations(body: &mut RenderedMarkdown, formatted: &[String], file_text: &str) {
    if body.citations.is_empty() {
        return;
    }
    for packed in [&mut body.html, &mut body.notes] {
        let html = packed.unpack();
        if html.contains(MARKER) {
            *packed = Packed::new(&fill_in(&html, &body.citations, formatted, file_text));
        }
    }
}

/// `html` with each citation marker replaced by its formatted citation (or, without
/// one, the citation as written).
fn fill_in(html: &str, citations: &[Citation], formatted: &[String], file_text: &str) -> String {
    let mut out = String::with_capacity(html.len());
    replace_markers(html, &mut out, |letter, index, out| {
        if letter != 'c' {
            // A link placeholder: the render stage fills it in.
            return false;
        }
        match formatted.get(index) {
            Some(citation) => out.push_str(citation),
            None => {
                let written = citations
                    .get(index)
                    .and_then(|c| file_text.get(c.offset..c.offset + c.len))
                    .unwrap_or_default();
                out.push_str(&escape_html(written));
            }
        }
        true
    });
    out
}

/// Reads `[@a; @b, pp. 3-4]` as (offset of `@` in the text, key, locator) per work.
/// `None` when the text is not a citation (`[see @a]`, `[@]`), which then stays text.
pub(super) fn parse_citation(written: &str) -> Option<Vec<(usize, String, Option<String>)>> {
    let inner = written.strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    let mut part_start = 1;
    for part in inner.split(';') {
        let lead = part.len() - part.trim_start().len();
        let rest = part.trim_start().strip_prefix('@')?;
        // Pandoc's key characters; punctuation only inside a key, not at its end.
        let key_len = rest
            .find(|c: char| !(c.is_alphanumeric() || "_:.#$%&-+?<>~/".contains(c)))
            .unwrap_or(rest.len());
        let key = rest[..key_len].trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '_'));
        if key.is_empty() {
            return None;
        }
        let after = rest[key.len()..].trim();
        let locator = match after.strip_prefix(',') {
            Some(locator) => Some(locator.trim()).filter(|l| !l.is_empty()),
            None if after.is_empty() => None,
            None => return None,
        };
        items.push((
            part_start + lead,
            key.to_string(),
            locator.map(str::to_string),
        ));
        part_start += part.len() + 1;
    }
    Some(items)
}

/// The ranges of the links of `body` read without citations (the whole `[text](url)`).
pub(super) fn link_spans(body: &str, options: Options) -> Vec<Range<usize>> {
    Parser::new_ext(body, options)
        .into_offset_iter()
        .filter_map(|(event, range)| {
            matches!(event, Event::Start(Tag::Link { .. })).then_some(range)
        })
        .collect()
}

/// A warning at each citation written inside a link's text, which stays as written.
pub(super) fn in_link_warnings(in_links: &[Range<usize>], body_offset: usize) -> Vec<BodyProblem> {
    in_links
        .iter()
        .map(|range| BodyProblem {
            problem: Diagnostic::warning(
                "W-citation-in-link",
                "a citation inside a link's text is shown as written",
            )
            .hint("move the citation after the link (`[the report](https://…) [@key]`): a citation links to the references, and a link cannot hold another link"),
            at: Some((body_offset + range.start, range.len())),
        })
        .collect()
}
