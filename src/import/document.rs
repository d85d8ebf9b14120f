//! What an importer produces: a site's configuration, its briefs and pages as front
//! matter plus Markdown, the files to copy, the media to download and the report. The
//! [`super::writer`] turns it into files.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use super::report::Report;
use crate::model::urls;
use crate::parse::front_matter::{check_attachment_path, AttachmentProblem, IMAGE_TYPES};

/// A whole imported site, in memory.
#[derive(Debug, Default)]
pub struct ImportedSite {
    pub config: SiteSettings,
    pub documents: Vec<Document>,
    /// Files copied from the archive: (from, to relative to the new site).
    pub files: Vec<(PathBuf, PathBuf)>,
    /// Media the archive refers to by URL and the import could not copy.
    pub downloads: Vec<Download>,
    /// The taxonomy mapping, as written to `import/taxonomy.yaml`.
    pub mapping: String,
    pub report: Report,
}

/// A file the archive refers to by URL that the import could not copy: listed in
/// `import/media.tsv` and fetched by `import/download-media.sh`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Download {
    pub url: String,
    /// Where it goes, relative to the new site.
    pub place: PathBuf,
    /// Where the download script puts it: its path in the old site's uploads folder, as
    /// in the folder an import with `--media` reads (`2023/05/map.png`).
    pub uploads_path: String,
}

/// Whether a brief's `image:` can name this file, a path relative to the brief's
/// folder (a PNG, JPEG, WebP or GIF inside the briefs folder), and if not, why: the
/// build's own rule.
pub fn check_picture(path: &str) -> Result<(), AttachmentProblem> {
    check_attachment_path(path, IMAGE_TYPES)
}

/// What goes into `site/config.yaml`.
#[derive(Debug, Default)]
pub struct SiteSettings {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: String,
    /// (slug, title, description)
    pub topics: Vec<(String, String, String)>,
    /// (id, name, url)
    pub authors: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentKind {
    Brief,
    Page,
}

impl DocumentKind {
    /// How the text of the new site links to the document `slug` of this kind:
    /// `slug.md` for a brief; a page by its path, since `slug.md` names a brief first
    /// and a brief may have the same slug.
    pub fn link(self, slug: &str) -> String {
        match self {
            DocumentKind::Brief => format!("{slug}.md"),
            DocumentKind::Page => format!("/{}", urls::page(slug)),
        }
    }
}

/// A front matter value, written as YAML.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    List(Vec<String>),
    Bool(bool),
    /// Written as it is (dates).
    Plain(String),
}

/// One brief or page.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: DocumentKind,
    pub slug: String,
    /// Hugo page bundles keep their folder: `briefs/<slug>/index.md`.
    pub bundle: bool,
    /// Where it came from, for the report: `post 12`, `content/posts/a.md`.
    pub origin: String,
    /// Front matter fields in the order they are written.
    pub fields: Vec<(&'static str, Value)>,
    pub body: String,
    /// What needs a person: (a text that occurs in the body, to find its line, or
    /// empty for the whole file; the message).
    pub attention: Vec<(String, String)>,
    /// Components the body calls that the site has to define (old shortcodes).
    pub components: BTreeMap<String, ComponentUse>,
}

/// How a body calls a component the site has to define.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ComponentUse {
    /// The shortcode's name on the old site.
    pub shortcode: String,
    /// The arguments it is called with (positional ones as `arg1`, `arg2`...).
    pub arguments: BTreeSet<String>,
    /// Called around a body (`{{< name >}}...{{< /name >}}`).
    pub paired: bool,
}

impl ComponentUse {
    /// A stand-in for `site/shortcodes/<name>.html`: it takes every argument and shows
    /// only the body, until someone makes it show what the old site showed.
    pub fn stand_in(&self, name: &str) -> String {
        let arguments: Vec<String> = self.arguments.iter().map(|a| format!("{a}=\"\"")).collect();
        let shows = if self.paired { "{{ body }}" } else { "" };
        format!(
            "{{#- Written by `statecraft import` for the shortcode `{}` of the old site.\n    It shows only its body: make it show what the shortcode showed. -#}}\n{{% component {name}({}) -%}}\n{shows}\n{{%- endcomponent {name} %}}\n",
            self.shortcode,
            arguments.join(", ")
        )
    }

    /// Adds the uses of `other`.
    pub fn merge(&mut self, other: &ComponentUse) {
        self.shortcode.clone_from(&other.shortcode);
        self.paired |= other.paired;
        self.arguments.extend(other.arguments.iter().cloned());
    }
}

/// A call of the theme's `video` component (`provider` `youtube` or `vimeo`), titled
/// by `title` or by the host and id; `start` in seconds.
pub fn video(provider: &str, id: &str, title: &str, start: Option<&str>) -> String {
    let host = if provider == "vimeo" {
        "Vimeo"
    } else {
        "YouTube"
    };
    let title = match title.trim() {
        "" => format!("{host} video {id}"),
        title => title.replace('\n', " ").replace('"', "\\\""),
    };
    let start = start
        .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
        .map_or(String::new(), |s| format!(" start={s}"));
    format!("{{{{< video provider=\"{provider}\" id=\"{id}\" title=\"{title}\"{start} >}}}}")
}

/// A figure in Statecraft's syntax: `![caption](src){alt="..."}` and a `Source:` line.
/// Without a caption, the alt text is the caption.
pub fn figure(src: &str, caption: &str, alt: Option<&str>, source: Option<&str>) -> String {
    let destination = if src.contains(' ') {
        format!("<{src}>")
    } else {
        src.to_string()
    };
    let (shown, alt) = match alt {
        Some(alt) if caption.is_empty() => (alt, None),
        Some(alt) if alt != caption => (caption, Some(alt)),
        _ => (caption, None),
    };
    let shown = shown.replace('[', "\\[").replace(']', "\\]");
    let mut out = format!("![{}]({destination})", shown.trim());
    if let Some(alt) = alt {
        let alt = alt.replace('"', "'");
        out.push_str(&format!("{{alt=\"{alt}\"}}"));
    }
    if let Some(source) = source.filter(|s| !s.trim().is_empty()) {
        out.push_str(&format!("\nSource: {}", source.trim()));
    }
    out
}

impl Document {
    pub fn new(kind: DocumentKind, slug: &str, origin: String) -> Document {
        Document {
            kind,
            slug: slug.to_string(),
            bundle: false,
            origin,
            fields: Vec::new(),
            body: String::new(),
            attention: Vec::new(),
            components: BTreeMap::new(),
        }
    }

    /// Adds a field; empty texts and lists are left out.
    pub fn field(&mut self, key: &'static str, value: Value) {
        let empty = match &value {
            Value::Text(t) | Value::Plain(t) => t.trim().is_empty(),
            Value::List(l) => l.is_empty(),
            Value::Bool(_) => false,
        };
        if !empty {
            self.fields.push((key, value));
        }
    }

    /// Something a person should look at, at the line where `needle` is in the body.
    pub fn attention(&mut self, needle: impl Into<String>, message: impl Into<String>) {
        self.attention.push((needle.into(), message.into()));
    }

    /// The file it is written to, relative to the site root.
    pub fn path(&self) -> PathBuf {
        match (self.kind, self.bundle) {
            (DocumentKind::Brief, true) => PathBuf::from(format!("briefs/{}/index.md", self.slug)),
            (DocumentKind::Brief, false) => PathBuf::from(format!("briefs/{}.md", self.slug)),
            (DocumentKind::Page, _) => PathBuf::from(format!("site/pages/{}.md", self.slug)),
        }
    }

    /// The site path of its page (`briefs/<slug>/`), from the URL scheme.
    pub fn site_path(&self) -> String {
        match self.kind {
            DocumentKind::Brief => urls::brief(&self.slug),
            DocumentKind::Page => urls::page(&self.slug),
        }
    }

    /// The whole file: front matter, then the body.
    pub fn text(&self) -> String {
        let mut out = String::from("---\n");
        for (key, value) in &self.fields {
            let _ = match value {
                Value::Text(text) => writeln!(out, "{key}: {}", yaml_string(text)),
                Value::Plain(text) => writeln!(out, "{key}: {text}"),
                Value::Bool(b) => writeln!(out, "{key}: {b}"),
                Value::List(items) => {
                    let items: Vec<String> = items.iter().map(|i| yaml_string(i)).collect();
                    writeln!(out, "{key}: [{}]", items.join(", "))
                }
            };
        }
        out.push_str("---\n");
        let body = self.body.trim();
        if !body.is_empty() {
            out.push('\n');
            out.push_str(body);
            out.push('\n');
        }
        out
    }
}

/// The summary made from a body: its first paragraph of text (not a heading, image,
/// linked image, list, quote, table or HTML), as plain text of at most about 320
/// characters.
pub fn summary_from_body(markdown: &str) -> Option<String> {
    let block = markdown.split("\n\n").map(str::trim).find(|block| {
        let first = block.chars().next().unwrap_or(' ');
        !block.is_empty()
            && !matches!(first, '#' | '!' | '<' | '-' | '*' | '>' | '|' | '`' | '{')
            && !block.starts_with(|c: char| c.is_ascii_digit())
            && has_text_outside_images(block)
    })?;
    plain_summary(block)
}

/// Whether Markdown `block` has text besides images' alt text (an image linked to
/// its full-size file, `[![Map](a.png)](big.png)`, has none).
fn has_text_outside_images(block: &str) -> bool {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut images = 0;
    Parser::new(block).any(|event| match event {
        Event::Start(Tag::Image { .. }) => {
            images += 1;
            false
        }
        Event::End(TagEnd::Image) => {
            images -= 1;
            false
        }
        Event::Text(text) | Event::Code(text) => images == 0 && !text.trim().is_empty(),
        _ => false,
    })
}

/// `text` without its footnote references (`[^1]`), which a summary cannot show.
fn without_note_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("[^") {
        out.push_str(&rest[..at]);
        let label_end = rest[at + 2..]
            .find(|c: char| c == ']' || c == '[' || c.is_whitespace())
            .map(|len| at + 2 + len);
        match label_end {
            Some(end) if end > at + 2 && rest[end..].starts_with(']') => rest = &rest[end + 1..],
            _ => {
                out.push_str("[^");
                rest = &rest[at + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Markdown `text` as one line of plain text, cut at a word before 320 characters.
pub fn plain_summary(text: &str) -> Option<String> {
    let plain = crate::parse::markdown::inline_plain_text(&without_note_references(text));
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if plain.is_empty() {
        return None;
    }
    const MAX: usize = 320;
    if plain.chars().count() <= MAX {
        return Some(plain);
    }
    let cut: String = plain.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    Some(format!("{}…", cut.trim_end_matches([',', ';', ':', '.'])))
}

/// A YAML double-quoted string (JSON's string syntax is valid YAML), one line.
pub fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_quoted_yaml() {
        let mut doc = Document::new(DocumentKind::Brief, "a", "post 1".into());
        doc.field("title", Value::Text("Japan: \"new\" plan # 1".into()));
        doc.field("summary", Value::Text(String::new()));
        doc.field("tags", Value::List(vec!["a, b".into(), "c".into()]));
        doc.field("draft", Value::Bool(true));
        doc.body = "Body.".into();
        assert_eq!(
            doc.text(),
            "---\ntitle: \"Japan: \\\"new\\\" plan # 1\"\ntags: [\"a, b\", \"c\"]\ndraft: true\n---\n\nBody.\n"
        );
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(doc.text().split("---").nth(1).unwrap()).unwrap();
        assert_eq!(yaml["title"].as_str(), Some("Japan: \"new\" plan # 1"));
    }
}
