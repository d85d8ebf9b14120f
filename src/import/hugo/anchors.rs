//! Hugo's heading ids, kept: a link from elsewhere to a section of an old page
//! (`/posts/x/#moscows-view-of-the-us--and-japan`) must still land on it. Hugo (with
//! Goldmark) names a heading by its text: letters, digits and `_` lower-cased, each
//! space or `-` a `-`, anything else dropped; `github-ascii` also drops what is not
//! ASCII once accents are removed. Statecraft's slugs differ (`U.S.` is `u-s`, ` — `
//! one `-`), so each heading whose id would change gets Hugo's as its `{#id}`.
//!
//! Letters and digits are Unicode's alphabetic and numeric characters without marks,
//! which is Hugo's rule but for rare symbols (`²`, `Ⓐ`, Roman numeral characters).

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::parse::markdown::{heading_ids_of, RESERVED_IDS};

/// How the Hugo site named headings (`markup.goldmark.parser`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum HeadingIds {
    /// `autoHeadingIDType = "github"`, Hugo's default.
    #[default]
    GitHub,
    /// `autoHeadingIDType = "github-ascii"`.
    GitHubAscii,
    /// `autoHeadingIDType = "blackfriday"`, Hugo's old renderer's ids: not reproduced.
    Blackfriday,
    /// `autoHeadingID = false`: headings had no id.
    Off,
}

/// A body whose headings keep their Hugo ids.
pub struct Kept {
    pub markdown: String,
    /// Headings given their Hugo id as `{#id}`.
    pub kept: usize,
    /// What needs a person: (text to find it by, message).
    pub attention: Vec<(String, String)>,
}

/// A heading of the body: where it is written, its text and its id on the Hugo site.
struct Heading {
    range: Range<usize>,
    title: String,
    hugo_id: String,
    explicit: bool,
}

/// Gives each heading of `markdown` whose Statecraft id would differ from its Hugo id
/// the Hugo id as `{#id}`.
pub fn keep_heading_ids(markdown: &str, style: HeadingIds) -> Kept {
    let mut kept = Kept {
        markdown: markdown.to_string(),
        kept: 0,
        attention: Vec::new(),
    };
    let ascii_only = match style {
        HeadingIds::GitHub => false,
        HeadingIds::GitHubAscii => true,
        HeadingIds::Off => return kept,
        HeadingIds::Blackfriday => {
            if markdown_has_heading(markdown) {
                kept.attention.push((
                    String::new(),
                    "the Hugo site named headings the `blackfriday` way, which the import does not reproduce: links to its sections (`#...`) may need new anchors".to_string(),
                ));
            }
            return kept;
        }
    };
    let headings = hugo_headings(markdown, ascii_only);
    let ours = heading_ids_of(markdown);
    let mut insertions: Vec<(Range<usize>, String)> = Vec::new();
    for (heading, our_id) in headings.iter().zip(&ours) {
        if heading.explicit || heading.hugo_id == *our_id {
            continue;
        }
        if RESERVED_IDS.contains(&heading.hugo_id.as_str()) {
            kept.attention.push((
                heading.title.clone(),
                format!(
                    "the heading was `#{}` on the Hugo site, an id the theme uses for its own part of the page: here it is `#{our_id}`",
                    heading.hugo_id
                ),
            ));
            continue;
        }
        if let Some(place) = attribute_place(markdown, &heading.range) {
            insertions.push((place, format!(" {{#{}}}", heading.hugo_id)));
        }
    }
    for (place, attribute) in insertions.iter().rev() {
        kept.markdown.replace_range(place.clone(), attribute);
    }
    // What the page will name each heading now (as read above when nothing was
    // written); any still not as on the Hugo site (a heading the attribute could not be
    // written on) is for a person.
    let (headings, ours) = if insertions.is_empty() {
        (headings, ours)
    } else {
        (
            hugo_headings(&kept.markdown, ascii_only),
            heading_ids_of(&kept.markdown),
        )
    };
    for (heading, id) in headings.iter().zip(&ours) {
        if heading.hugo_id != *id && !RESERVED_IDS.contains(&heading.hugo_id.as_str()) {
            kept.attention.push((
                heading.title.clone(),
                format!(
                    "the heading was `#{}` on the Hugo site and is `#{id}` here: write `{{#{}}}` after it to keep links to it working",
                    heading.hugo_id, heading.hugo_id
                ),
            ));
        }
    }
    kept.kept = insertions.len();
    kept
}

fn markdown_has_heading(markdown: &str) -> bool {
    Parser::new(markdown).any(|e| matches!(e, Event::Start(Tag::Heading { .. })))
}

/// The headings of `markdown` with the ids Hugo gave them: an `{#id}` as written, else
/// one made from the text, made unique by `-1`, `-2`... in order.
fn hugo_headings(markdown: &str, ascii_only: bool) -> Vec<Heading> {
    // The text as written (no typographic quotes), as Goldmark reads it.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut used: HashSet<String> = HashSet::new();
    let mut headings = Vec::new();
    let mut current: Option<(Range<usize>, Option<String>, String)> = None;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some((range, id.map(|id| id.to_string()), String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, title)) = current.as_mut() {
                    title.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((range, explicit, title)) = current.take() else {
                    continue;
                };
                let hugo_id = match &explicit {
                    Some(id) => id.clone(),
                    None => unique(hugo_id(&title, ascii_only), &used),
                };
                used.insert(hugo_id.clone());
                headings.push(Heading {
                    range,
                    title: title.trim().to_string(),
                    hugo_id,
                    explicit: explicit.is_some(),
                });
            }
            _ => {}
        }
    }
    headings
}

/// The id Hugo makes of a heading's text.
fn hugo_id(title: &str, ascii_only: bool) -> String {
    let title: String = if ascii_only {
        title
            .nfd()
            .filter(|c| !is_combining_mark(*c))
            .nfc()
            .collect()
    } else {
        title.to_string()
    };
    let mut id = String::new();
    for c in title.chars() {
        if ascii_only && !c.is_ascii() {
            continue;
        }
        if c == '-' || c == ' ' || c == '\t' {
            id.push('-');
        } else if c == '_' || (c.is_alphanumeric() && !is_combining_mark(c)) {
            id.extend(c.to_lowercase());
        }
    }
    if id.is_empty() {
        id.push_str("heading");
    }
    id
}

/// `id`, or `id-1`, `id-2`... whichever is not used yet.
fn unique(id: String, used: &HashSet<String>) -> String {
    if !used.contains(&id) {
        return id;
    }
    (1..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| !used.contains(candidate))
        .unwrap_or(id)
}

/// What an `{#id}` replaces in the heading written at `range`: the end of its text
/// line (an ATX heading's closing `#` sequence, which an attribute cannot precede; a
/// Setext heading's last line of text, above its underline). `None` when a `}` already
/// ends it.
fn attribute_place(markdown: &str, range: &Range<usize>) -> Option<Range<usize>> {
    let written = markdown.get(range.clone())?;
    let lines: Vec<(usize, &str)> = written
        .split_inclusive('\n')
        .scan(range.start, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .collect();
    let atx = written.trim_start().starts_with('#');
    let &(start, line) = if atx {
        lines.first()?
    } else {
        lines.iter().rev().nth(1)?
    };
    let line = line.trim_end();
    let mut text = line;
    if atx {
        // A closing sequence: `#`s after a space, at the end.
        let without = text.trim_end_matches('#');
        if without.len() < text.len() && without.ends_with([' ', '\t']) {
            text = without.trim_end();
        }
    }
    if text.ends_with('}') {
        return None;
    }
    Some(start + text.len()..start + line.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_made_as_hugo_makes_them() {
        assert_eq!(
            hugo_id("Moscow's view of the U.S. — and Japan", false),
            "moscows-view-of-the-us--and-japan"
        );
        assert_eq!(
            hugo_id("Über Straße 2022: 50% & more", false),
            "über-straße-2022-50--more"
        );
        assert_eq!(hugo_id("Über Straße 2022", true), "uber-strae-2022");
        assert_eq!(hugo_id("日本の見出し", false), "日本の見出し");
        assert_eq!(hugo_id("snake_case / C++", false), "snake_case--c");
        assert_eq!(hugo_id("?!", false), "heading");
    }

    #[test]
    fn headings_whose_id_would_change_keep_hugo_s() {
        let body = "## Moscow's view of the U.S. — and Japan ##\n\nText.\n\n## Plain heading\n\nU.S. policy\n-----------\n\n## Plain heading\n\n## Kept {#own}\n\n> ## Quoted: *emphasis* and `code`\n";
        let kept = keep_heading_ids(body, HeadingIds::GitHub);
        assert_eq!(
            kept.markdown,
            "## Moscow's view of the U.S. — and Japan {#moscows-view-of-the-us--and-japan}\n\nText.\n\n## Plain heading\n\nU.S. policy {#us-policy}\n-----------\n\n## Plain heading\n\n## Kept {#own}\n\n> ## Quoted: *emphasis* and `code`\n"
        );
        assert_eq!(kept.kept, 2);
        assert!(kept.attention.is_empty(), "{:?}", kept.attention);
        assert_eq!(
            heading_ids_of(&kept.markdown),
            [
                "moscows-view-of-the-us--and-japan",
                "plain-heading",
                "us-policy",
                "plain-heading-1",
                "own",
                "quoted-emphasis-and-code"
            ]
        );
    }

    #[test]
    fn an_id_the_theme_uses_is_left_to_a_person() {
        let kept = keep_heading_ids("## Contents\n\n## Related\n", HeadingIds::GitHub);
        assert_eq!(kept.markdown, "## Contents\n\n## Related\n");
        assert_eq!(kept.attention.len(), 2, "{:?}", kept.attention);
        assert!(kept.attention[0].1.contains("`#contents` on the Hugo site"));
        let off = keep_heading_ids("## U.S.\n", HeadingIds::Off);
        assert_eq!((off.markdown.as_str(), off.kept), ("## U.S.\n", 0));
    }
}
