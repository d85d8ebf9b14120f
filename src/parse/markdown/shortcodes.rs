//! Hugo shortcodes (`{{< figure src="a.png" >}}`, `{{% note %}}`) left in a body,
//! typically by a migration. Statecraft does not run them: they are found so that each
//! is reported at its place, and so that their text is shown exactly as written instead
//! of being curled by smart punctuation or read as raw HTML.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// Where each shortcode is in `body` (`{{<` to `>}}` or `{{%` to `%}}`), outside code
/// spans and code blocks, which show shortcodes on purpose. `events` are the body's
/// events with their ranges.
pub(super) fn find(body: &str, events: &[(Event, Range<usize>)]) -> Vec<Range<usize>> {
    if !body.contains("{{<") && !body.contains("{{%") {
        return Vec::new();
    }
    let code = code_ranges(events);
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = next_opening(body, at) {
        let close = if body[start..].starts_with("{{<") {
            ">}}"
        } else {
            "%}}"
        };
        let end = body[start + 3..]
            .find(close)
            .map(|i| start + 3 + i + close.len());
        let Some(end) = end.filter(|&end| !body[start..end].contains("\n\n")) else {
            at = start + 3;
            continue;
        };
        if !code.iter().any(|c| c.start < end && start < c.end) {
            found.push(start..end);
        }
        at = end;
    }
    found
}

fn next_opening(body: &str, from: usize) -> Option<usize> {
    let angle = body[from..].find("{{<").map(|i| from + i);
    let percent = body[from..].find("{{%").map(|i| from + i);
    match (angle, percent) {
        (Some(a), Some(p)) => Some(a.min(p)),
        (a, p) => a.or(p),
    }
}

/// The ranges of code spans and code blocks.
fn code_ranges(events: &[(Event, Range<usize>)]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block_start = None;
    for (event, range) in events {
        match event {
            Event::Code(_) => ranges.push(range.clone()),
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = block_start.take() {
                    ranges.push(start..range.end);
                }
            }
            _ => {}
        }
    }
    ranges
}

/// Where each shortcode is in the Markdown text `body`, outside code (for tools
/// converting them, like `statecraft import hugo`).
pub fn locate(body: &str) -> Vec<Range<usize>> {
    if !body.contains("{{<") && !body.contains("{{%") {
        return Vec::new();
    }
    let events: Vec<(Event, Range<usize>)> =
        pulldown_cmark::Parser::new_ext(body, super::parser_options())
            .into_offset_iter()
            .collect();
    find(body, &events)
}

/// The shortcode `range` overlaps, if any.
pub(super) fn overlapping(shortcodes: &[Range<usize>], range: &Range<usize>) -> bool {
    shortcodes
        .iter()
        .any(|s| s.start < range.end && range.start < s.end)
}

/// The name of the shortcode written at `text` (`figure` in `{{< figure src=x >}}`,
/// `/note` for a closing one), for messages.
pub fn name(text: &str) -> &str {
    let inner = text.get(3..text.len().saturating_sub(3)).unwrap_or("");
    let inner = inner.trim().trim_start_matches("/*").trim();
    inner
        .split(|c: char| c.is_whitespace() || c == '"')
        .next()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn shortcodes(body: &str) -> Vec<&str> {
        let events: Vec<_> = Parser::new_ext(body, Options::all())
            .into_offset_iter()
            .collect();
        find(body, &events).into_iter().map(|r| &body[r]).collect()
    }

    #[test]
    fn finds_shortcodes_outside_code() {
        let body = "A {{< figure src=\"a.png\" >}} and {{% note %}}x{{% /note %}}.\n\n`{{< ref \"x\" >}}`\n\n```\n{{< y >}}\n```\n\n{{< open\n\nnever closed";
        assert_eq!(
            shortcodes(body),
            [
                "{{< figure src=\"a.png\" >}}",
                "{{% note %}}",
                "{{% /note %}}"
            ]
        );
        assert_eq!(name("{{< figure src=\"a.png\" >}}"), "figure");
        assert_eq!(name("{{% /note %}}"), "/note");
    }
}
