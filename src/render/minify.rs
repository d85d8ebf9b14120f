//! HTML minification (`--minify`): whitespace and comments only, so the output stays
//! exactly as valid as the templates made it.
//!
//! Browsers render any run of whitespace in ordinary text as one space, so each run is
//! shortened to one character (a newline when the run had one, keeping lines short and
//! diffs readable). Whitespace between attributes inside a tag is shortened the same
//! way. The contents of `pre`, `textarea`, `script` and `style`, attribute values and
//! the doctype are copied untouched; comments are dropped. Nothing else changes: tags,
//! quotes and entities stay as written, which is why no validity can be lost.

/// Elements whose contents are copied byte for byte.
const VERBATIM: &[&[u8]] = &[b"pre", b"textarea", b"script", b"style"];

/// Returns `html` with whitespace runs shortened and comments removed.
pub fn minify_html(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len());
    let mut i = 0;
    while i < html.len() {
        let byte = html[i];
        if byte == b'<' && html[i..].starts_with(b"<!--") {
            i = find(html, i + 4, b"-->").map_or(html.len(), |end| end + 3);
        } else if byte == b'<' && starts_tag(&html[i + 1..]) {
            let end = tag_end(html, i);
            copy_tag(&html[i..end], &mut out);
            let name = tag_name(&html[i + 1..end]);
            i = end;
            if let Some(verbatim) = VERBATIM.iter().find(|v| name.eq_ignore_ascii_case(v)) {
                let close = find_closing(html, i, verbatim);
                out.extend_from_slice(&html[i..close]);
                i = close;
            }
        } else if byte.is_ascii_whitespace() {
            let start = i;
            while i < html.len() && html[i].is_ascii_whitespace() {
                i += 1;
            }
            let newline = html[start..i].contains(&b'\n');
            // A run may follow another one across a dropped comment: merge them.
            match out.last_mut() {
                Some(last) if last.is_ascii_whitespace() => {
                    if newline {
                        *last = b'\n';
                    }
                }
                _ => out.push(if newline { b'\n' } else { b' ' }),
            }
        } else {
            out.push(byte);
            i += 1;
        }
    }
    let trimmed = out.trim_ascii().len();
    let leading = out.len() - out.trim_ascii_start().len();
    out.drain(..leading);
    out.truncate(trimmed);
    out
}

/// Whether the bytes after a `<` make it a tag (`<p`, `</p`, `<!doctype`), not text.
fn starts_tag(rest: &[u8]) -> bool {
    match rest.first() {
        Some(b'/') | Some(b'!') => rest.get(1).is_some_and(u8::is_ascii_alphabetic),
        Some(c) => c.is_ascii_alphabetic(),
        None => false,
    }
}

/// The index just past the `>` closing the tag that starts at `start`, skipping `>`
/// inside quoted attribute values.
fn tag_end(html: &[u8], start: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (offset, &byte) in html[start..].iter().enumerate() {
        match (quote, byte) {
            (Some(q), b) if b == q => quote = None,
            (None, b'"') | (None, b'\'') => quote = Some(byte),
            (None, b'>') => return start + offset + 1,
            _ => {}
        }
    }
    html.len()
}

/// Copies a tag, shortening whitespace runs outside quoted values to one space.
fn copy_tag(tag: &[u8], out: &mut Vec<u8>) {
    let mut quote: Option<u8> = None;
    let mut in_space = false;
    for &byte in tag {
        if quote.is_none() && byte.is_ascii_whitespace() {
            if !in_space {
                out.push(b' ');
            }
            in_space = true;
            continue;
        }
        in_space = false;
        match (quote, byte) {
            (Some(q), b) if b == q => quote = None,
            (None, b'"') | (None, b'\'') => quote = Some(byte),
            _ => {}
        }
        out.push(byte);
    }
}

/// The element name of a tag's inside (`pre class="x">` -> `pre`); empty for closing
/// tags, which never start verbatim content.
fn tag_name(inside: &[u8]) -> &[u8] {
    let end = inside
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(inside.len());
    &inside[..end]
}

/// Where the closing tag of a verbatim element starts (or the end of the input).
fn find_closing(html: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(open) = find(html, at, b"</") {
        let after = &html[open + 2..];
        if after.len() >= name.len()
            && after[..name.len()].eq_ignore_ascii_case(name)
            && after
                .get(name.len())
                .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>')
        {
            return open;
        }
        at = open + 2;
    }
    html.len()
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min(html: &str) -> String {
        String::from_utf8(minify_html(html.as_bytes())).unwrap()
    }

    #[test]
    fn whitespace_runs_become_one_character() {
        assert_eq!(
            min("<ul>\n    <li><a href=\"/x/\">A</a>   <a href=\"/y/\">B</a></li>\n  </ul>\n"),
            "<ul>\n<li><a href=\"/x/\">A</a> <a href=\"/y/\">B</a></li>\n</ul>"
        );
    }

    #[test]
    fn attribute_values_verbatim_elements_and_doctype_are_untouched() {
        let html = "<!doctype html>\n<p title=\"a  >  b\"\n   class='c'>x</p><pre>  two\n\n  lines </pre><script>if (a  <  b) {}</script><textarea> t </textarea>";
        assert_eq!(
            min(html),
            "<!doctype html>\n<p title=\"a  >  b\" class='c'>x</p><pre>  two\n\n  lines </pre><script>if (a  <  b) {}</script><textarea> t </textarea>"
        );
    }

    #[test]
    fn comments_are_dropped_and_text_angle_brackets_kept() {
        assert_eq!(
            min("<p>1 < 2 <!-- note --> and 3 > 2</p>"),
            "<p>1 < 2 and 3 > 2</p>"
        );
    }

    #[test]
    fn a_verbatim_element_ends_only_at_its_own_closing_tag() {
        assert_eq!(
            min("<pre><code>a   b</code></prefix></pre>  <p>x</p>"),
            "<pre><code>a   b</code></prefix></pre> <p>x</p>"
        );
    }

    #[test]
    fn multibyte_text_is_kept() {
        assert_eq!(min("<p>日本  語 — “x”</p>"), "<p>日本 語 — “x”</p>");
    }
}
