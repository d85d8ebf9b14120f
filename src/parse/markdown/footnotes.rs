//! Footnotes: numbered by first reference, written as a list apart from the text (the
//! theme places it, under its own heading) with links back to every place that cites
//! them.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{html, CowStr, Event, Tag, TagEnd};

use crate::model::body::BodyProblem;
use crate::model::diagnostics::Diagnostic;

/// A footnote's label as pulldown-cmark matches it (`[^Note]` cites `[^note]:`):
/// without case and with runs of spaces as one, so that the web page and the PDF find
/// each note under the name the parser matched it by.
pub(super) fn fold_label(event: Event<'_>) -> Event<'_> {
    match event {
        Event::FootnoteReference(name) => Event::FootnoteReference(folded(name)),
        Event::Start(Tag::FootnoteDefinition(name)) => {
            Event::Start(Tag::FootnoteDefinition(folded(name)))
        }
        other => other,
    }
}

fn folded(name: CowStr<'_>) -> CowStr<'_> {
    if name
        .chars()
        .all(|c| !c.is_uppercase() && !c.is_whitespace())
    {
        return name;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    CowStr::from(words.join(" ").to_lowercase())
}

/// What is wrong with a body's footnotes: a `[^label]` no note defines (left as text
/// by the parser, so the reader would see the brackets), a note defined twice (only the
/// first is shown), and a note nothing cites (not shown at all).
pub(super) fn footnote_problems(
    body: &str,
    body_offset: usize,
    events: &[(Event<'_>, Range<usize>)],
) -> Vec<BodyProblem> {
    let mut problems = Vec::new();
    let mut defined: Vec<(&str, Range<usize>)> = Vec::new();
    let mut cited = HashSet::new();
    let mut in_code_block = false;
    let at = |range: &Range<usize>, len: usize| Some((body_offset + range.start, len.max(1)));
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::FootnoteReference(name) => {
                cited.insert(name.as_ref());
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let label = definition_label(body.get(range.clone()).unwrap_or_default());
                if defined.iter().any(|(seen, _)| seen == &name.as_ref()) {
                    problems.push(BodyProblem {
                        problem: Diagnostic::error(
                            "E-duplicate-footnote",
                            format!("the note `{label}` is defined twice"),
                        )
                        .hint("give this note a label of its own and cite it, or delete it: only the first definition is shown"),
                        at: at(range, label.len()),
                    });
                } else {
                    defined.push((name.as_ref(), range.clone()));
                }
            }
            // A citation the parser did not match is the text `[`, then `^label]`.
            Event::Text(text) if !in_code_block && text.as_ref() == "[" => {
                // `\[` is the text `[` too, written with its backslash.
                let written = body.get(range.clone());
                if let Some(label) = (written == Some("["))
                    .then(|| body.get(range.start..).and_then(undefined_label))
                    .flatten()
                {
                    problems.push(BodyProblem {
                        problem: Diagnostic::error(
                            "E-broken-footnote",
                            format!("`{label}` cites a note that is not defined"),
                        )
                        .hint(format!(
                            "add the note on a line of its own (`{label}: The note.`), or write `\\{label}` to show the brackets as text"
                        )),
                        at: at(range, label.len()),
                    });
                }
            }
            _ => {}
        }
    }
    for (name, range) in defined {
        if !cited.contains(name) {
            let label = definition_label(body.get(range.clone()).unwrap_or_default());
            problems.push(BodyProblem {
                problem: Diagnostic::warning(
                    "W-unused-footnote",
                    format!("the note `{label}` is never cited, so it is not shown"),
                )
                .hint(format!("cite it in the text as `{label}`, or delete it")),
                at: at(&range, label.len()),
            });
        }
    }
    problems
}

/// `[^label]` of a definition's source (`[^label]: text`).
fn definition_label(written: &str) -> &str {
    written
        .find("]:")
        .map_or(written, |end| &written[..end + 1])
        .trim()
}

/// `[^label]` at the start of `text` when it has the shape of a footnote citation: a
/// label of one or more characters without spaces or brackets.
fn undefined_label(text: &str) -> Option<&str> {
    let label = text.strip_prefix("[^")?;
    let end = label.find(|c: char| c == ']' || c == '[' || c.is_whitespace())?;
    (end > 0 && label[end..].starts_with(']')).then(|| &text[..end + 3])
}

pub(super) fn footnote_ref_id(number: usize, count: usize) -> String {
    if count == 1 {
        format!("fnref-{number}")
    } else {
        format!("fnref-{number}-{count}")
    }
}

/// Writes the referenced footnotes as an ordered list, each with links back to every
/// place that cites it, named by `back_label` (`{n}` is the note's number). Footnotes
/// that are never referenced are left out.
pub(super) fn write_footnotes(
    out: &mut String,
    mut definitions: HashMap<String, Vec<Event<'static>>>,
    numbers: &HashMap<String, usize>,
    ref_counts: &[usize],
    back_label: &str,
) {
    let mut ordered: Vec<(usize, &String)> = numbers.iter().map(|(name, n)| (*n, name)).collect();
    ordered.sort();
    let ordered: Vec<(usize, Vec<Event<'static>>)> = ordered
        .into_iter()
        .filter_map(|(n, name)| definitions.remove(name).map(|events| (n, events)))
        .collect();
    if ordered.is_empty() {
        return;
    }
    out.push_str("<ol class=\"footnotes-list\">\n");
    for (number, events) in ordered {
        let mut content = String::new();
        html::push_html(&mut content, events.into_iter());
        let mut backrefs = String::new();
        for count in 1..=ref_counts.get(number - 1).copied().unwrap_or(1) {
            let _ = write!(
                backrefs,
                " <a href=\"#{}\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"{}{}\">\u{21a9}\u{fe0e}</a>",
                footnote_ref_id(number, count),
                crate::model::escape::escape_html(&back_label.replace("{n}", &number.to_string())),
                if count > 1 { format!(" ({count})") } else { String::new() },
            );
        }
        let content = content.trim_end();
        let _ = write!(out, "<li id=\"fn-{number}\">");
        match content.strip_suffix("</p>") {
            Some(start) => {
                let _ = write!(out, "{start}{backrefs}</p>");
            }
            None => {
                let _ = write!(out, "{content}{backrefs}");
            }
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}
