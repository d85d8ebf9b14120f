//! Writing text into Typst source so that it prints exactly as written: markup-mode
//! escaping, string literals, and styled text (formatted citations) as markup.
//!
//! Typst gives meaning to many ASCII characters in markup (`#` starts code, `*` and `_`
//! emphasis, `$` math, `<` a label, `@` a reference, `//` a comment, `--` a dash,
//! `...` an ellipsis, `=`, `-`, `+` and `1.` at a line's start a heading or list, and
//! `http://` a link). Rather than guess which of them matter where, every ASCII
//! punctuation character that has or could get a meaning is escaped with a backslash,
//! which Typst reads as the character itself; letters are never escaped, so no `\u{`
//! escape can be formed by accident.

use crate::model::rich::{RichSpan, Script};

/// Characters escaped in markup.
const SPECIAL: &[char] = &[
    '\\', '#', '*', '_', '`', '$', '<', '>', '@', '=', '-', '+', '/', '[', ']', '~', '\'', '"',
    ':', '.', '{', '}', '(', ')', ';', ',', '!', '?', '%', '&', '|', '^',
];

/// Appends `text` to `out` as Typst markup that prints as `text`. Line breaks become
/// spaces (markup would read a blank line as a new paragraph) and other control
/// characters are dropped, as in HTML.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            c if SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                out.push(' ')
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// `text` as Typst markup that prints as written.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut out, text);
    out
}

/// `text` as a Typst string literal, quotes included.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Styled text (a formatted citation or reference) as markup.
pub fn rich(spans: &[RichSpan]) -> String {
    let mut out = String::new();
    for span in spans {
        let mut markup = escape(&span.text);
        let style = span.style;
        let mut wrap = |function: &str| markup = format!("#{function}[{markup}];");
        if style.italic {
            wrap("emph");
        }
        if style.bold {
            wrap("strong");
        }
        if style.small_caps {
            wrap("smallcaps");
        }
        if style.underline {
            wrap("underline");
        }
        match style.script {
            Script::Super => wrap("super"),
            Script::Sub => wrap("sub"),
            Script::Normal => {}
        }
        if let Some(url) = &span.link {
            markup = format!("#link({})[{markup}];", string_literal(url));
        }
        out.push_str(&markup);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rich::SpanStyle;

    #[test]
    fn markup_specials_are_escaped_and_letters_never() {
        assert_eq!(escape("#tag $5 *a* _b_"), "\\#tag \\$5 \\*a\\* \\_b\\_");
        assert_eq!(escape("a@b.org <x>"), "a\\@b\\.org \\<x\\>");
        assert_eq!(
            escape("https://x.org // no"),
            "https\\:\\/\\/x\\.org \\/\\/ no"
        );
        assert_eq!(escape("\\u{41}"), "\\\\u\\{41\\}");
        assert_eq!(escape("a\nb\u{2028}c\u{1}"), "a b c");
    }

    #[test]
    fn strings_are_quoted() {
        assert_eq!(string_literal("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(string_literal("\u{7}"), "\"\\u{7}\"");
    }

    #[test]
    fn styled_spans_nest() {
        let span = RichSpan {
            text: "Soft *Power*".to_string(),
            style: SpanStyle {
                italic: true,
                ..SpanStyle::default()
            },
            link: Some("https://x.org/\"".to_string()),
        };
        assert_eq!(
            rich(&[span]),
            "#link(\"https://x.org/\\\"\")[#emph[Soft \\*Power\\*];];"
        );
    }
}
