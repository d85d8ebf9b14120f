//! Raw HTML written inside Markdown, read the way a browser reads it as far as
//! anchors and links go: the ids it defines (`<h3 id="part-1">`, `<a name="x">`) are
//! anchor targets like heading ids, and the URLs of its links and media
//! (`<a href>`, `<img src>`) are checked like Markdown links.
//!
//! This is a tag scanner, not an HTML parser: it finds start tags and their
//! attributes (quoted or not), skips comments, and reports where each attribute value
//! is, so a problem can be shown at its place and an internal URL replaced by its
//! resolved address.

use std::ops::Range;

/// One attribute of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Attribute<'a> {
    /// The name, lowercased.
    pub name: String,
    /// The value as written (entities not decoded); empty for `<input disabled>`.
    pub value: &'a str,
    /// Where the value is in the scanned HTML (an empty range after the name when the
    /// attribute has no value).
    pub range: Range<usize>,
    /// Where the whole attribute is, from its name to the end of its value (closing
    /// quote included), so that it can be renamed or taken out.
    pub whole: Range<usize>,
}

/// A start tag: `<img src="a.png" alt="">`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct StartTag<'a> {
    /// The element name, lowercased.
    pub name: String,
    pub attributes: Vec<Attribute<'a>>,
}

/// Attributes that hold a URL a reader follows or a page loads, by element.
const URL_ATTRIBUTES: &[(&str, &str)] = &[
    ("a", "href"),
    ("area", "href"),
    ("img", "src"),
    ("source", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("iframe", "src"),
    ("embed", "src"),
];

impl<'a> StartTag<'a> {
    /// The first attribute named `name`: the one a browser reads when it is written
    /// twice.
    pub fn attribute(&self, name: &str) -> Option<&Attribute<'a>> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The id this element makes an anchor target: its `id`, or the `name` of an
    /// `<a>` without one (the HTML 4 way, obsolete in HTML5 but common in old
    /// archives: it is written as the `id` it stands for).
    pub fn anchor_id(&self) -> Option<&Attribute<'a>> {
        self.attribute("id")
            .or_else(|| self.anchor_name())
            .filter(|a| !a.value.trim().is_empty())
    }

    /// The `name` of an `<a>`, the HTML 4 way of making an anchor.
    pub fn anchor_name(&self) -> Option<&Attribute<'a>> {
        (self.name == "a").then(|| self.attribute("name")).flatten()
    }

    /// Whether this element's URL attribute names a file (an image's `src`), not a page
    /// (a link's `href`, a frame's `src`).
    pub fn refers_to_a_file(&self) -> bool {
        !matches!(self.name.as_str(), "a" | "area" | "iframe")
    }

    /// The attributes holding a URL (`href` of a link, `src` of an image).
    pub fn url_attributes(&self) -> impl Iterator<Item = &Attribute<'a>> {
        self.attributes.iter().filter(move |a| {
            URL_ATTRIBUTES
                .iter()
                .any(|(element, name)| *element == self.name && *name == a.name)
        })
    }
}

/// Every start tag of `html`, in order. Comments, closing tags, doctypes and text are
/// skipped; a `<` that does not start a tag is text.
pub(super) fn start_tags(html: &str) -> Vec<StartTag<'_>> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        at += found;
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(html.len(), |end| at + end + 3);
            continue;
        }
        let name_start = at + 1;
        let name_len = html[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(html.len() - name_start);
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            at += 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let (attributes, end) = attributes(html, name_start + name_len);
        at = end;
        // A script's or style's text is code, not markup.
        if matches!(name.as_str(), "script" | "style" | "textarea") {
            let closing = format!("</{name}");
            at = html[at..]
                .to_ascii_lowercase()
                .find(&closing)
                .map_or(html.len(), |i| at + i);
        }
        tags.push(StartTag { name, attributes });
    }
    tags
}

/// Reads attributes from `at` up to the end of the tag; returns them and the position
/// after the tag's `>` (or the end of the text when the tag is not closed).
fn attributes(html: &str, mut at: usize) -> (Vec<Attribute<'_>>, usize) {
    let bytes = html.as_bytes();
    let mut attributes = Vec::new();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() {
            return (attributes, at);
        }
        if bytes[at] == b'>' {
            return (attributes, at + 1);
        }
        let name_start = at;
        while at < bytes.len()
            && !matches!(bytes[at], b'=' | b'>' | b'/')
            && !bytes[at].is_ascii_whitespace()
        {
            at += 1;
        }
        let name = html[name_start..at].to_ascii_lowercase();
        let mut after_name = at;
        while after_name < bytes.len() && bytes[after_name].is_ascii_whitespace() {
            after_name += 1;
        }
        if after_name >= bytes.len() || bytes[after_name] != b'=' {
            attributes.push(Attribute {
                name,
                value: "",
                range: at..at,
                whole: name_start..at,
            });
            continue;
        }
        at = after_name + 1;
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let range = match bytes.get(at) {
            Some(&quote @ (b'"' | b'\'')) => {
                let start = at + 1;
                let end = html[start..]
                    .find(quote as char)
                    .map_or(html.len(), |i| start + i);
                at = (end + 1).min(html.len());
                start..end
            }
            _ => {
                let start = at;
                while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>' {
                    at += 1;
                }
                start..at
            }
        };
        attributes.push(Attribute {
            name,
            value: &html[range.clone()],
            range,
            whole: name_start..at,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_and_urls_with_their_places() {
        let html = "<!-- <a href=\"no\"> --><h3 id=\"part-1\" class=x>T</h3> a < b <a name='x'\n href=/briefs/a/>y</a><img alt src=\"/m.png\"/>";
        let tags = start_tags(html);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["h3", "a", "img"]);
        let ids: Vec<&str> = tags
            .iter()
            .flat_map(|t| t.anchor_id().map(|a| a.value))
            .collect();
        assert_eq!(ids, ["part-1", "x"]);
        let name = tags[1].anchor_name().unwrap();
        assert_eq!(&html[name.whole.clone()], "name='x'");
        let urls: Vec<(&str, &str)> = tags
            .iter()
            .flat_map(|t| {
                t.url_attributes()
                    .map(|a| (a.value, &html[a.range.clone()]))
            })
            .collect();
        assert_eq!(urls, [("/briefs/a/", "/briefs/a/"), ("/m.png", "/m.png")]);
    }

    #[test]
    fn scripts_are_not_markup() {
        let html = "<script>document.write('<a href=\"/x/\">')</script><a href=\"/y/\">";
        let urls: Vec<&str> = start_tags(html)
            .iter()
            .flat_map(|t| t.url_attributes().map(|a| a.value).collect::<Vec<_>>())
            .collect();
        assert_eq!(urls, ["/y/"]);
    }

    #[test]
    fn unclosed_tags_and_quotes_never_panic() {
        for html in ["<a href=\"x", "<a href=", "<", "<a", "<img src='é", "<!--"] {
            let _ = start_tags(html);
        }
    }
}
