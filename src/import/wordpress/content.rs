//! A WordPress post's content as WordPress itself would show it, before it becomes
//! Markdown: block-editor comments removed, `<!--more-->` noted, WordPress's own
//! shortcodes (`[caption]`, `[gallery]`, `[embed]`, `[audio]`, `[video]`) turned into
//! HTML, and the classic editor's blank-line paragraphs made explicit (`wpautop`).

use std::collections::BTreeMap;

use crate::model::escape::escape_html;

/// An attachment of the export: its URL and title (used as alt text).
#[derive(Debug, Clone, Default)]
pub struct Attachment {
    pub url: String,
    pub title: String,
    /// The post it was uploaded to.
    pub parent: String,
}

/// Content ready for HTML conversion, with what the preparation found.
#[derive(Debug, Default)]
pub struct Prepared {
    pub html: String,
    /// Block-editor blocks whose comments were removed.
    pub blocks: usize,
    /// Shortcodes converted, by name.
    pub converted: BTreeMap<String, usize>,
    /// Shortcodes left as text or removed, for a person: (name, message).
    pub attention: Vec<(String, String)>,
    /// The post had `<!--nextpage-->` breaks, now joined.
    pub pages_joined: usize,
}

/// Prepares `content` of the post `post_id`; `attachments` are the export's, by id.
pub fn prepare(
    content: &str,
    post_id: &str,
    attachments: &BTreeMap<String, Attachment>,
) -> Prepared {
    let mut prepared = Prepared::default();
    let is_block_content = content.contains("<!-- wp:");
    let mut html = remove_comments(content, &mut prepared);
    if is_block_content {
        html = shortcodes(
            &html,
            post_id,
            attachments,
            &mut prepared,
            &mut |converted| converted,
        );
    } else {
        // WordPress makes the paragraphs before it runs the shortcodes: their HTML is
        // set aside (`MARK`ed) while `autop` runs, then put back.
        let mut set_aside = Vec::new();
        let marked = shortcodes(
            &html,
            post_id,
            attachments,
            &mut prepared,
            &mut |converted| {
                set_aside.push(converted);
                format!("\n\n{MARK}{}{MARK}\n\n", set_aside.len() - 1)
            },
        );
        html = autop(&marked);
        for (n, converted) in set_aside.iter().enumerate() {
            html = html.replacen(&format!("{MARK}{n}{MARK}"), converted.trim(), 1);
        }
    }
    prepared.html = html;
    prepared
}

/// Marks the place of a converted shortcode while [`autop`] runs (a character of
/// Unicode's private use area, which no post holds).
const MARK: char = '\u{E000}';

/// Removes the block editor's `<!-- wp:... -->` comments, `<!--more-->` and
/// `<!--nextpage-->`.
fn remove_comments(content: &str, prepared: &mut Prepared) -> String {
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(start) = rest.find("<!--") {
        let Some(len) = rest[start..].find("-->") else {
            break;
        };
        let comment = &rest[start + 4..start + len];
        let inner = comment.trim();
        out.push_str(&rest[..start]);
        if inner.starts_with("wp:") {
            prepared.blocks += 1;
        } else if inner.starts_with("/wp:") || inner.starts_with("more") {
            // The end of a block; the teaser mark (the summary is the excerpt or the
            // first paragraph).
        } else if inner == "nextpage" {
            prepared.pages_joined += 1;
        } else {
            out.push_str(&rest[start..start + len + 3]);
        }
        rest = &rest[start + len + 3..];
    }
    out.push_str(rest);
    out
}

/// A shortcode found in the text.
struct Shortcode<'a> {
    name: String,
    attributes: BTreeMap<String, String>,
    /// The enclosed content of `[name]...[/name]`.
    content: Option<&'a str>,
    /// Where it is, `[` to the last `]`.
    start: usize,
    end: usize,
}

/// Replaces WordPress's shortcodes by HTML; notes the others.
/// `place` is given the HTML of each converted shortcode and returns what to write.
fn shortcodes(
    html: &str,
    post_id: &str,
    attachments: &BTreeMap<String, Attachment>,
    prepared: &mut Prepared,
    place: &mut dyn FnMut(String) -> String,
) -> String {
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(code) = next_shortcode(html, at) {
        out.push_str(&html[at..code.start]);
        at = code.end;
        if code.name == "gallery" {
            let (images, problem) = gallery(&code, post_id, attachments);
            out.push_str(&place(images));
            match problem {
                Some(problem) => prepared.attention.push((String::new(), problem)),
                None => *prepared.converted.entry(code.name.clone()).or_default() += 1,
            }
            continue;
        }
        let converted = match code.name.as_str() {
            "caption" | "wp_caption" => Some(caption(&code)),
            "embed" => code.content.map(|url| embed(url.trim())),
            "audio" | "video" => Some(media(&code)),
            _ => None,
        };
        match converted {
            Some(converted) => {
                *prepared.converted.entry(code.name.clone()).or_default() += 1;
                out.push_str(&place(converted));
            }
            None if code.name == "playlist" => prepared.attention.push((
                String::new(),
                "a `[playlist]` shortcode was removed: add the audio or video files by hand"
                    .to_string(),
            )),
            None => {
                prepared.attention.push((
                    code.name.clone(),
                    format!("shortcode `[{}]` of a plugin or theme is left as text: replace it with Markdown or HTML", code.name),
                ));
                out.push_str(&html[code.start..code.end]);
            }
        }
    }
    out.push_str(&html[at..]);
    out
}

/// The next shortcode from `from`: `[name attr="v"]`, `[name]...[/name]`; `[[name]]`
/// (WordPress's escape) and bracketed text (`[1]`, `[sic]` without attributes or a
/// closing tag) are not shortcodes.
fn next_shortcode(html: &str, from: usize) -> Option<Shortcode<'_>> {
    let mut at = from;
    while let Some(found) = html[at..].find('[') {
        let start = at + found;
        at = start + 1;
        if html[start..].starts_with("[[") {
            at = html[start..]
                .find("]]")
                .map_or(start + 2, |i| start + i + 2);
            continue;
        }
        let name_len = html[start + 1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(0);
        if name_len == 0 || !html.as_bytes()[start + 1].is_ascii_alphabetic() {
            continue;
        }
        let name = &html[start + 1..start + 1 + name_len];
        let Some(close) = html[start..].find(']').map(|i| start + i) else {
            continue;
        };
        let inside = &html[start + 1 + name_len..close];
        if !inside.is_empty() && !inside.starts_with(char::is_whitespace) {
            continue;
        }
        let attributes = parse_attributes(inside.trim().trim_end_matches('/'));
        let closing = format!("[/{name}]");
        let (content, end) = match html[close + 1..].find(&closing) {
            Some(i) => (
                Some(&html[close + 1..close + 1 + i]),
                close + 1 + i + closing.len(),
            ),
            None => (None, close + 1),
        };
        let known = [
            "caption",
            "wp_caption",
            "gallery",
            "embed",
            "audio",
            "video",
            "playlist",
        ];
        let looks_like_shortcode =
            known.contains(&name) || !attributes.is_empty() || content.is_some();
        if !looks_like_shortcode || name.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        return Some(Shortcode {
            name: name.to_ascii_lowercase(),
            attributes,
            content,
            start,
            end,
        });
    }
    None
}

/// `a="1" b='2' c=3 d` -> attributes (a bare word gets an empty value).
fn parse_attributes(text: &str) -> BTreeMap<String, String> {
    let mut attributes = BTreeMap::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let quote = after
                .chars()
                .next()
                .filter(|c| matches!(c, '"' | '\'' | '\u{201d}' | '\u{2033}'));
            let (value, remaining) = match quote {
                Some(q) => {
                    let body = &after[q.len_utf8()..];
                    let end = body
                        .find(|c| c == q || (q == '\u{201d}' && c == '\u{2033}'))
                        .unwrap_or(body.len());
                    (&body[..end], body.get(end + q.len_utf8()..).unwrap_or(""))
                }
                None => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            rest = remaining.trim_start();
            value.to_string()
        } else {
            String::new()
        };
        if !name.is_empty() {
            attributes.insert(name, value);
        }
    }
    attributes
}

/// `[caption]<a><img></a> Text[/caption]` -> a figure with its caption.
fn caption(code: &Shortcode) -> String {
    let content = code.content.unwrap_or("").trim();
    let split = if content.starts_with("<a") {
        content.find("</a>").map(|i| i + 4)
    } else if content.starts_with("<img") {
        content.find('>').map(|i| i + 1)
    } else {
        None
    };
    let (image, text) = match split {
        Some(i) => (&content[..i], content[i..].trim()),
        None => (content, ""),
    };
    let text = match code.attributes.get("caption") {
        Some(caption) if text.is_empty() => escape_html(caption),
        _ => text.to_string(),
    };
    format!("\n\n<figure>{image}<figcaption>{text}</figcaption></figure>\n\n")
}

/// `[gallery ids="1,2"]` (or every image attached to the post) -> one image per
/// paragraph, and what a person must know when images are missing: an id the export
/// has no attachment for (its image is left out, as the export gives no address for
/// it), or a gallery without `ids` and without an image attached to the post (removed,
/// like a `[playlist]`). A gallery with a problem is not counted as converted.
fn gallery(
    code: &Shortcode,
    post_id: &str,
    attachments: &BTreeMap<String, Attachment>,
) -> (String, Option<String>) {
    let ids = code
        .attributes
        .get("ids")
        .or(code.attributes.get("include"));
    let (images, problem): (Vec<&Attachment>, _) = match ids {
        Some(ids) => {
            let ids: Vec<&str> = ids
                .split(',')
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .collect();
            let missing: Vec<&str> = ids
                .iter()
                .copied()
                .filter(|id| !attachments.contains_key(*id))
                .collect();
            let problem = (!missing.is_empty()).then(|| {
                format!(
                    "a `[gallery]` names attachment(s) {}, not in the export: their images were left out; export again with all content (Tools → Export) and import again, or add them by hand",
                    missing.join(", ")
                )
            });
            let images = ids.iter().filter_map(|id| attachments.get(*id)).collect();
            (images, problem)
        }
        None => {
            let images: Vec<&Attachment> = attachments
                .values()
                .filter(|a| a.parent == post_id)
                .collect();
            let problem = images.is_empty().then(|| {
                "a `[gallery]` without `ids` was removed: the export has no image attached to the post; add the images by hand".to_string()
            });
            (images, problem)
        }
    };
    let mut out = String::from("\n\n");
    for image in images {
        out.push_str(&format!(
            "<p><img src=\"{}\" alt=\"{}\"></p>\n\n",
            escape_html(&image.url),
            escape_html(&image.title)
        ));
    }
    (out, problem)
}

/// `[audio mp3="x.mp3"]`, `[video src="x.mp4" poster="p.jpg"]` -> a player.
fn media(code: &Shortcode) -> String {
    let sources = [
        "src", "mp3", "m4a", "ogg", "wav", "mp4", "webm", "ogv", "m4v", "wmv", "flv",
    ];
    let src = sources
        .iter()
        .find_map(|key| code.attributes.get(*key))
        .cloned()
        .or_else(|| code.content.map(|c| c.trim().to_string()))
        .unwrap_or_default();
    let mut tag = format!("<{} controls src=\"{}\"", code.name, escape_html(&src));
    if let Some(poster) = code.attributes.get("poster") {
        tag.push_str(&format!(" poster=\"{}\"", escape_html(poster)));
    }
    format!("\n\n{tag}></{}>\n\n", code.name)
}

/// An embedded address, as the block editor writes it: a figure holding the URL
/// (the HTML conversion makes YouTube and Vimeo a video, anything else a link).
fn embed(url: &str) -> String {
    format!(
        "\n\n<figure class=\"wp-block-embed\">{}</figure>\n\n",
        escape_html(url)
    )
}

/// The block editor's footnotes (WordPress 6.3 and later): the text keeps only a
/// numbered mark, `<sup data-fn="ID"><a href="#ID">1</a></sup>`, and the notes are in
/// the post's `footnotes` field, `[{"id": "ID", "content": "HTML"}]`. Each mark the
/// notes explain becomes `marker(n)`, n counting from 1 in the order of the text;
/// returns the notes' HTML in that order.
pub fn footnotes(
    html: &str,
    notes: &str,
    marker: impl Fn(usize) -> String,
) -> (String, Vec<String>) {
    let notes: Vec<serde_json::Value> = serde_json::from_str(notes).unwrap_or_default();
    let note = |id: &str| {
        notes
            .iter()
            .find(|n| n.get("id").and_then(|v| v.as_str()) == Some(id))
            .and_then(|n| n.get("content").and_then(|v| v.as_str()))
    };
    let mut out = String::with_capacity(html.len());
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<sup") {
        let tag_end = rest[start..].find('>').map(|at| start + at);
        let close = rest[start..]
            .find("</sup>")
            .map(|at| start + at + "</sup>".len());
        let (Some(tag_end), Some(close)) = (tag_end, close) else {
            break;
        };
        let id = rest[start..tag_end]
            .split_once("data-fn=\"")
            .and_then(|(_, after)| after.split_once('"'))
            .map(|(id, _)| id);
        out.push_str(&rest[..start]);
        match id.and_then(note) {
            Some(content) => {
                found.push(content.to_string());
                out.push_str(&marker(found.len()));
            }
            None => out.push_str(&rest[start..close]),
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    (out, found)
}

/// WordPress's `wpautop`, simplified: text separated by blank lines becomes
/// paragraphs, and so does text before and after a block element (`<ul>`, `<h2>`,
/// `<blockquote>`...), even without a blank line, as the classic editor saves them;
/// single line breaks in text become `<br>`, not those beside a block element; a
/// URL alone on its line (an auto-embed) a link. What is inside `<pre>` stays as
/// written, blank lines included, as WordPress leaves it; so do the shortcodes
/// converted before (`MARK`ed), which WordPress runs after `wpautop`.
fn autop(html: &str) -> String {
    let normalized = html.replace("\r\n", "\n");
    let mut out = String::with_capacity(normalized.len() + 64);
    let mut rest = normalized.as_str();
    while let Some((start, end)) = preformatted(rest) {
        paragraphs(&rest[..start], &mut out);
        out.push_str(&rest[start..end]);
        out.push_str("\n\n");
        rest = &rest[end..];
    }
    paragraphs(rest, &mut out);
    out
}

/// Where the first `<pre>` element of `html` starts and ends (its closing tag
/// included; the end of the text when it is not closed).
fn preformatted(html: &str) -> Option<(usize, usize)> {
    let lower = html.to_ascii_lowercase();
    let start = lower.match_indices("<pre").map(|(at, _)| at).find(|&at| {
        matches!(
            lower.as_bytes().get(at + 4),
            Some(b'>' | b' ' | b'\t' | b'\n')
        )
    })?;
    let end = lower[start..]
        .find("</pre>")
        .map_or(html.len(), |at| start + at + "</pre>".len());
    Some((start, end))
}

/// The block elements of `wpautop` (its `$allblocks`): a paragraph never holds one.
/// `iframe`, `audio`, `video` and `script`, not WordPress's, stand as blocks of their
/// own in the Markdown conversion.
const AUTOP_BLOCKS: &[&str] = &[
    "table",
    "thead",
    "tfoot",
    "caption",
    "col",
    "colgroup",
    "tbody",
    "tr",
    "td",
    "th",
    "div",
    "dl",
    "dd",
    "dt",
    "ul",
    "ol",
    "li",
    "pre",
    "form",
    "map",
    "area",
    "blockquote",
    "address",
    "math",
    "style",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "fieldset",
    "legend",
    "section",
    "article",
    "aside",
    "hgroup",
    "header",
    "footer",
    "nav",
    "figure",
    "figcaption",
    "details",
    "menu",
    "summary",
    "iframe",
    "audio",
    "video",
    "script",
];

/// The elements before which `wpautop` writes no `<br>` for a line break.
const NO_BREAK_BEFORE: &[&str] = &[
    "p", "li", "div", "dl", "dd", "dt", "th", "pre", "td", "ul", "ol",
];

/// The tag at the start of `text` if it is one of `names` (opening or closing): its
/// name and its length.
fn tag_at(text: &str, names: &[&str]) -> Option<(String, usize)> {
    let after = text.strip_prefix('<')?;
    let after = after.strip_prefix('/').unwrap_or(after);
    let name_len = after
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(after.len());
    let name = after[..name_len].to_ascii_lowercase();
    let delimited =
        after[name_len..].starts_with(|c: char| c.is_whitespace() || c == '/' || c == '>');
    if !delimited || !names.contains(&name.as_str()) {
        return None;
    }
    let len = text.find('>').map_or(text.len(), |at| at + 1);
    Some((name, len))
}

/// The block tag that ends `text`, if any: its name and where it starts.
fn block_tag_before(text: &str) -> Option<(String, usize)> {
    if !text.ends_with('>') {
        return None;
    }
    let start = text.rfind('<')?;
    let (name, len) = tag_at(&text[start..], AUTOP_BLOCKS)?;
    (start + len == text.len()).then_some((name, start))
}

/// `text` with a blank line before each block element's opening tag and after each
/// closing tag, as `wpautop` starts: each block tag then begins or ends a chunk.
fn space_block_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some((_, len)) = tag_at(rest, AUTOP_BLOCKS) else {
            out.push('<');
            rest = &rest[1..];
            continue;
        };
        let closing = rest.starts_with("</");
        if !closing {
            out.push_str("\n\n");
        }
        out.push_str(&rest[..len]);
        if closing {
            out.push_str("\n\n");
        }
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

/// [`autop`] of text without `<pre>`.
fn paragraphs(text: &str, out: &mut String) {
    let spaced = space_block_tags(text);
    let mut chunk = String::new();
    // Lines holding only spaces end a chunk, like a blank line.
    for line in spaced.split('\n').chain(std::iter::once("")) {
        if !line.trim().is_empty() {
            if !chunk.is_empty() {
                chunk.push('\n');
            }
            chunk.push_str(line);
            continue;
        }
        let whole = chunk.trim();
        if !whole.is_empty() {
            out.push_str(&paragraph(whole));
        }
        chunk.clear();
    }
}

/// One chunk of text between blank lines (or block tags) as WordPress shows it.
fn paragraph(chunk: &str) -> String {
    let is_url = (chunk.starts_with("http://") || chunk.starts_with("https://"))
        && !chunk.contains(char::is_whitespace);
    if is_url {
        return embed(chunk);
    }
    if chunk.starts_with(MARK) || chunk.starts_with("<!--") {
        return format!("{chunk}\n\n");
    }
    let text = line_breaks(chunk);
    let mut body = text.as_str();
    // No paragraph around a block element; inside a quote, one around its text.
    let (mut open, mut close) = ("<p>", "</p>");
    let (mut before, mut after) = ("", "");
    if let Some((name, len)) = tag_at(body, AUTOP_BLOCKS) {
        if name == "blockquote" && !body.starts_with("</") {
            (before, body) = body.split_at(len);
        } else {
            open = "";
        }
    }
    if let Some((name, start)) = block_tag_before(body) {
        if name == "blockquote" && body[start..].starts_with("</") {
            (body, after) = body.split_at(start);
        } else {
            close = "";
        }
    }
    if body.trim().is_empty() {
        return format!("{before}{body}{after}\n\n");
    }
    format!("{before}{open}{body}{close}{after}\n\n")
}

/// `<br>` for each line break of `chunk` in text: not in a tag, not after a `<br>` or
/// a block tag, not before one of [`NO_BREAK_BEFORE`].
fn line_breaks(chunk: &str) -> String {
    let mut out = String::with_capacity(chunk.len() + 16);
    let mut in_tag = false;
    for (at, c) in chunk.char_indices() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '\n' if !in_tag => {
                let before = out.trim_end();
                let after = chunk[at + 1..].trim_start();
                let tail = before
                    .char_indices()
                    .rev()
                    .nth(5)
                    .map_or(before, |(i, _)| &before[i..]);
                let tail = tail.to_ascii_lowercase();
                let after_break = ["<br>", "<br/>", "<br />"]
                    .iter()
                    .any(|b| tail.ends_with(b));
                let breaks = !(after_break
                    || block_tag_before(before).is_some()
                    || tag_at(after, NO_BREAK_BEFORE).is_some());
                out.truncate(before.len());
                if breaks {
                    out.push_str("<br>");
                }
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attachments() -> BTreeMap<String, Attachment> {
        BTreeMap::from([
            (
                "7".to_string(),
                Attachment {
                    url: "https://o.example/a.png".into(),
                    title: "A".into(),
                    parent: "1".into(),
                },
            ),
            (
                "8".to_string(),
                Attachment {
                    url: "https://o.example/b.png".into(),
                    title: "B".into(),
                    parent: "2".into(),
                },
            ),
        ])
    }

    #[test]
    fn block_comments_go_and_shortcodes_become_html() {
        let content = "<!-- wp:paragraph -->\n<p>One [1] and [sic].</p>\n<!-- /wp:paragraph -->\n<!--more-->\n[caption id=\"attachment_7\" width=\"300\"]<img src=\"https://o.example/a.png\" alt=\"A\" /> The caption[/caption]\n[gallery]\n[embed]https://video.example/v/1[/embed]\n[audio mp3=\"https://o.example/s.mp3\"][/audio]\n[contact-form-7 id=\"3\"]";
        let prepared = prepare(content, "1", &attachments());
        let html = &prepared.html;
        assert!(!html.contains("wp:"), "{html}");
        assert!(html.contains("<p>One [1] and [sic].</p>"), "{html}");
        assert!(html.contains("<figure><img src=\"https://o.example/a.png\" alt=\"A\" /><figcaption>The caption</figcaption></figure>"), "{html}");
        assert!(
            html.contains("<p><img src=\"https://o.example/a.png\" alt=\"A\"></p>"),
            "{html}"
        );
        assert!(!html.contains("b.png"), "{html}");
        assert!(
            html.contains("<figure class=\"wp-block-embed\">https://video.example/v/1</figure>"),
            "{html}"
        );
        assert!(
            html.contains("<audio controls src=\"https://o.example/s.mp3\"></audio>"),
            "{html}"
        );
        assert!(html.contains("[contact-form-7 id=\"3\"]"), "{html}");
        assert_eq!(prepared.blocks, 1);
        assert_eq!(prepared.converted.len(), 4);
        assert_eq!(prepared.attention[0].0, "contact-form-7");
    }

    #[test]
    fn footnote_marks_are_found_with_their_notes() {
        let html = "<p>A<sup data-fn=\"b2\" class=\"fn\"><a href=\"#b2\" id=\"b2-link\">1</a></sup> and B<sup data-fn=\"a1\" class=\"fn\"><a href=\"#a1\" id=\"a1-link\">2</a></sup>, <sup>3</sup>.</p>";
        let notes =
            r#"[{"content":"First <em>note</em>.","id":"a1"},{"content":"Second.","id":"b2"}]"#;
        let (text, found) = footnotes(html, notes, |n| format!("[{n}]"));
        assert_eq!(text, "<p>A[1] and B[2], <sup>3</sup>.</p>");
        assert_eq!(found, ["Second.", "First <em>note</em>."]);
    }

    #[test]
    fn preformatted_text_keeps_its_blank_lines() {
        let prepared = prepare(
            "Example:\n\n<pre>def a():\n    return 1\n\n\ndef b():\n    return 2</pre>\n\nDone.",
            "1",
            &BTreeMap::new(),
        );
        assert_eq!(
            prepared.html,
            "<p>Example:</p>\n\n<pre>def a():\n    return 1\n\n\ndef b():\n    return 2</pre>\n\n<p>Done.</p>\n\n"
        );
    }

    #[test]
    fn classic_content_gets_paragraphs() {
        let prepared = prepare(
            "First line\nsecond line\n\nhttps://www.youtube.com/watch?v=x\n\n<h2>Head</h2>",
            "1",
            &BTreeMap::new(),
        );
        assert_eq!(
            prepared.html,
            "<p>First line<br>\nsecond line</p>\n\n\n\n<figure class=\"wp-block-embed\">https://www.youtube.com/watch?v=x</figure>\n\n<h2>Head</h2>\n\n"
        );
    }
}
