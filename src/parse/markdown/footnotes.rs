//! Footnotes: numbered by first reference, written as a list apart from the text (the
//! theme places it, under its own heading) with links back to every place that cites
//! them.

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::{html, Event};

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
