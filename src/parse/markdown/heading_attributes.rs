//! Attributes written in a heading's `{...}` (`## Title {#id .class lang=fr}`): which
//! ones a heading may carry in HTML, and an error at each one it may not.
//!
//! pulldown-cmark takes any word of two characters or more in the braces as an
//! attribute: `{#a lead}` gives the attribute `lead` with no value, which would be
//! written `lead=""`, an attribute HTML does not know (vnu rejects the page). It is
//! nearly always a class missing its dot, so it is an error that says how to write one,
//! rather than a warning that drops it and leaves the author wondering where the style
//! went.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use crate::model::body::BodyProblem;
use crate::model::diagnostics::Diagnostic;

/// The attributes HTML lets any element carry (the "global attributes" of the HTML
/// standard, and ARIA's `role`), besides `id`, `class`, `data-*`, `aria-*` and event
/// handlers (`on*`), which are handled on their own.
const GLOBAL_ATTRIBUTES: &[&str] = &[
    "accesskey",
    "autocapitalize",
    "autocorrect",
    "autofocus",
    "contenteditable",
    "dir",
    "draggable",
    "enterkeyhint",
    "hidden",
    "inert",
    "inputmode",
    "is",
    "itemid",
    "itemprop",
    "itemref",
    "itemscope",
    "itemtype",
    "lang",
    "nonce",
    "popover",
    "role",
    "spellcheck",
    "style",
    "tabindex",
    "title",
    "translate",
    "writingsuggestions",
];

/// What becomes of an attribute of a heading's `{...}`, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HeadingAttribute {
    /// `class`: its words join the heading's classes.
    Class,
    /// `id`: pulldown-cmark gives the heading's id apart (`{#id}`); an `id=` is left
    /// out, as the heading has one already.
    Id,
    /// An event handler (`onclick`): dropped, never run. Trusted authors may write
    /// script in raw HTML anyway; untrusted ones may not write it at all.
    Handler,
    /// An attribute HTML allows on any element (`lang`, `data-x`, `aria-label`):
    /// written for trusted authors, dropped for untrusted ones.
    Global,
    /// Anything else: not valid HTML on a heading, an error.
    Unknown,
}

/// What the attribute `name` (as written, in any case) of a heading's `{...}` is.
pub(super) fn heading_attribute(name: &str) -> HeadingAttribute {
    let name = name.to_ascii_lowercase();
    let is_name = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !is_name {
        return HeadingAttribute::Unknown;
    }
    let custom = |prefix: &str| name.len() > prefix.len() && name.starts_with(prefix);
    match name.as_str() {
        "class" => HeadingAttribute::Class,
        "id" => HeadingAttribute::Id,
        _ if name.starts_with("on") => HeadingAttribute::Handler,
        _ if GLOBAL_ATTRIBUTES.contains(&name.as_str()) => HeadingAttribute::Global,
        _ if custom("data-") || custom("aria-") => HeadingAttribute::Global,
        _ => HeadingAttribute::Unknown,
    }
}

/// An error at each attribute of a heading's `{...}` that HTML does not allow on a
/// heading, at the attribute as written (the heading's start when it cannot be
/// found there, in a heading written inside a construct that escapes it).
pub(super) fn invalid_heading_attributes(
    body: &str,
    body_offset: usize,
    events: &[(Event<'_>, Range<usize>)],
) -> Vec<BodyProblem> {
    let mut problems = Vec::new();
    for (event, range) in events {
        let Event::Start(Tag::Heading { attrs, .. }) = event else {
            continue;
        };
        for (name, value) in attrs {
            if heading_attribute(name) != HeadingAttribute::Unknown {
                continue;
            }
            let written = body.get(range.clone()).unwrap_or("");
            let place = attribute_place(written, name);
            let shown = place.clone().and_then(|p| written.get(p)).unwrap_or(name);
            let (at, len) = place.map_or((range.start, 1), |p| (range.start + p.start, p.len()));
            // `{#a lead}` meant the class `lead`; `{#a b=c}` most likely the class `c`.
            let class = value.as_deref().unwrap_or(name);
            let message = format!(
                "`{shown}` in the heading's `{{...}}` is not an attribute HTML allows on a heading"
            );
            let hint = format!(
                "write a class with a dot, `{{.{class}}}` (e.g. `## Title {{#id .{class}}}`); a heading takes `#id`, `.class` and HTML's global attributes (`lang`, `dir`, `title`, `data-*`, `aria-*`, ...)"
            );
            problems.push(BodyProblem {
                problem: Diagnostic::error("E-heading-attribute", message).hint(hint),
                at: Some((body_offset + at, len.max(1))),
            });
        }
    }
    problems
}

/// Where the attribute `name` (with its `=value`, if any) is in the heading
/// `written`: a word of its last `{...}`.
fn attribute_place(written: &str, name: &str) -> Option<Range<usize>> {
    let open = written.rfind('{')?;
    let close = open + written[open..].find('}')?;
    let mut at = open + 1;
    // Words are separated by one space or more; each separator is one byte.
    for word in written[open + 1..close].split(|c: char| c.is_ascii_whitespace()) {
        let word_name = word.split('=').next().unwrap_or(word);
        if !word.is_empty() && word_name == name {
            return Some(at..at + word.len());
        }
        at += word.len() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_take_the_global_attributes_of_html() {
        use HeadingAttribute::*;
        for (name, kind) in [
            ("class", Class),
            ("ID", Id),
            ("onclick", Handler),
            ("lang", Global),
            ("data-level", Global),
            ("aria-label", Global),
            ("role", Global),
            ("data-", Unknown),
            ("b", Unknown),
            ("width", Unknown),
            ("x:y", Unknown),
        ] {
            assert_eq!(heading_attribute(name), kind, "{name}");
        }
    }

    #[test]
    fn an_attribute_is_found_where_it_is_written() {
        let written = "## Z {#a b .c data-x=1}\n";
        assert_eq!(attribute_place(written, "b"), Some(9..10));
        assert_eq!(
            &written[attribute_place(written, "data-x").unwrap()],
            "data-x=1"
        );
        assert_eq!(attribute_place(written, "bb"), None);
    }
}
