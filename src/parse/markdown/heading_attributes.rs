//! Attributes written in a heading's `{...}` (`## Title {#id .class lang=fr}`): which
//! ones a heading may carry in HTML, and an error at each one it may not.
//!
//! pulldown-cmark takes any word of two bytes or more in the braces as an
//! attribute: `{#a lead}` gives the attribute `lead` with no value, which would be
//! written `lead=""`, an attribute HTML does not know (vnu rejects the page). It is
//! nearly always a class missing its dot, so it is an error that says how to write one,
//! rather than a warning that drops it and leaves the author wondering where the style
//! went.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

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
    for (i, (event, range)) in events.iter().enumerate() {
        let Event::Start(Tag::Heading { attrs, .. }) = event else {
            continue;
        };
        for word in dropped_words(body.get(range.clone()).unwrap_or(""), &events[i + 1..]) {
            let shown = &body[range.start + word.start..range.start + word.end];
            problems.push(BodyProblem {
                problem: Diagnostic::error(
                    "E-heading-attribute",
                    format!("`{shown}` in the heading's `{{...}}` is a word of one character, which Markdown drops silently"),
                )
                .hint(format!(
                    "write a class with a dot, `.{shown}`; to show the braces as text, write `\\{{` for `{{`"
                )),
                at: Some((body_offset + range.start + word.start, word.len())),
            });
        }
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

/// The words of one character in the `{...}` that ends the heading `written` (whose
/// events follow in `rest`), when Markdown read it as attributes: pulldown-cmark keeps
/// only words of two bytes or more (`{#id x}` loses `x`; `{x}` vanishes).
fn dropped_words(written: &str, rest: &[(Event<'_>, Range<usize>)]) -> Vec<Range<usize>> {
    let mut title = String::new();
    for (event, _) in rest {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(text) | Event::Code(text) => title.push_str(text),
            _ => {}
        }
    }
    // The line the attributes end, with where it starts: an ATX heading's only one, a
    // Setext heading's last line of text (above its underline).
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut start = 0;
    for line in written.split_inclusive('\n') {
        lines.push((start, line.trim_end()));
        start += line.len();
    }
    let line = if written.trim_start().starts_with('#') {
        lines.first()
    } else {
        lines.iter().rev().nth(1)
    };
    let Some(&(line_start, line)) = line else {
        return Vec::new();
    };
    let (Some(open), true) = (line.rfind('{'), line.ends_with('}')) else {
        return Vec::new();
    };
    // Left as text: not attributes.
    if title.trim_end().ends_with('}') {
        return Vec::new();
    }
    let mut words = Vec::new();
    let mut at = line_start + open + 1;
    for word in line[open + 1..line.len() - 1].split(|c: char| c.is_ascii_whitespace()) {
        let bare = !word.starts_with(['#', '.']) && !word.contains('=');
        // One byte: pulldown-cmark keeps `é` (two bytes), as an attribute.
        if bare && word.len() == 1 {
            words.push(at..at + word.len());
        }
        at += word.len() + 1;
    }
    words
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
    fn words_of_one_character_in_the_braces_are_found() {
        use pulldown_cmark::{Options, Parser};
        let dropped = |markdown: &str| -> Vec<String> {
            let events: Vec<_> = Parser::new_ext(markdown, Options::ENABLE_HEADING_ATTRIBUTES)
                .into_offset_iter()
                .collect();
            let (_, range) = &events[0];
            dropped_words(&markdown[range.clone()], &events[1..])
                .into_iter()
                .map(|r| markdown[range.start + r.start..range.start + r.end].to_string())
                .collect()
        };
        assert_eq!(dropped("## One {x}\n"), ["x"]);
        assert_eq!(dropped("## Two {#two x .y é}\n"), ["x"]);
        assert_eq!(dropped("Three {#t z}\n-----\n"), ["z"]);
        assert!(dropped("## Four {#four .y lang=fr}\n").is_empty());
        assert!(
            dropped("## Five {x} and more\n").is_empty(),
            "not at the end"
        );
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
