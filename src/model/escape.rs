//! Escaping text for HTML and XML.

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
