//! Escaping text for HTML and XML, and decoding HTML entities.

/// A character no HTML page may carry: a control character other than HTML's
/// whitespace (tab, line feed, form feed, carriage return), or a Unicode noncharacter
/// such as U+FFFF. The HTML checker calls them errors.
pub fn forbidden_in_html(c: char) -> bool {
    let code = u32::from(c);
    (c.is_control() && !matches!(c, '\t' | '\n' | '\u{c}' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&code)
        || code & 0xFFFE == 0xFFFE
}

/// Escapes text for HTML or XML element content and double-quoted attributes.
/// Characters that neither HTML nor XML 1.0 allow (control characters but tab and line
/// breaks, U+FFFE and U+FFFF) are dropped, so no input can make a page or feed invalid.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Decodes HTML character references (`&#8217;`, `&mdash;`, `&amp;`) in text, as a
/// browser does in element content. Text without a valid reference is unchanged
/// (`AT&T` stays `AT&T`). Front matter text is decoded once, before it is escaped
/// again for output, so an entity written there shows as its character.
pub fn decode_entities(text: &str) -> String {
    htmlize::unescape(text).into_owned()
}

/// Decodes HTML character references in an attribute value, as a browser does (a
/// legacy entity without `;` followed by `=` or a letter stays as written).
pub fn decode_attribute(value: &str) -> String {
    htmlize::unescape_attribute(value).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decode_once() {
        assert_eq!(
            decode_entities("Japan&#8217;s view &mdash; AT&T &amp;lt;"),
            "Japan\u{2019}s view \u{2014} AT&T &lt;"
        );
        assert_eq!(decode_attribute("/a?x=1&amp;y=2"), "/a?x=1&y=2");
    }
}
