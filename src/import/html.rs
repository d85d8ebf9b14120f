//! HTML bodies to Markdown. The HTML is parsed (html5ever, through htmd), cleaned of
//! what only made sense on the old site (CMS classes, responsive-image attributes,
//! scripts), its URLs rewritten by the importer, and converted by htmd in faithful
//! mode: what Markdown can say becomes Markdown, anything it would lose (a table cell
//! with a list, a `<span style>`, an `<iframe>`) stays HTML, which Statecraft passes
//! through.
//!
//! Figures (`<figure><img><figcaption>`) become Statecraft's figures with their
//! caption, YouTube and Vimeo embeds the theme's `video` component.

use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::options::{BrStyle, BulletListMarker, Options, TranslationMode};
use htmd::{Element, HtmlToMarkdown};
use html5ever::serialize::{SerializeOpts, TraversalScope};
use markup5ever_rcdom::{Handle, NodeData, SerializableHandle};

use crate::model::slug::slugify;

/// What a conversion left for a person to look at.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Converted {
    pub markdown: String,
    /// Elements kept as HTML because Markdown cannot say them (by tag name).
    pub kept_as_html: Vec<String>,
    /// Scripts, styles and forms removed.
    pub removed: Vec<String>,
    /// Inline `style` attributes dropped.
    pub styles_dropped: usize,
    /// Addresses that run a script (`javascript:`), dropped, by element.
    pub scripts_dropped: Vec<String>,
}

/// Attributes worth keeping, by element (`*`: any element). Everything else (classes,
/// inline styles, `srcset`, sizes) belonged to the old site's theme.
const KEPT_ATTRIBUTES: &[(&str, &str)] = &[
    ("*", "id"),
    ("*", "title"),
    ("*", "lang"),
    ("*", "dir"),
    ("a", "href"),
    ("a", "name"),
    ("img", "src"),
    ("img", "alt"),
    ("td", "colspan"),
    ("td", "rowspan"),
    ("th", "colspan"),
    ("th", "rowspan"),
    ("ol", "start"),
    ("blockquote", "cite"),
    ("iframe", "src"),
    ("iframe", "allowfullscreen"),
    ("audio", "src"),
    ("audio", "controls"),
    ("video", "src"),
    ("video", "controls"),
    ("video", "poster"),
    ("source", "src"),
    ("source", "type"),
    ("abbr", "title"),
    ("time", "datetime"),
];

/// Elements dropped with their content.
const REMOVED: &[&str] = &[
    "script", "style", "noscript", "form", "input", "button", "select", "textarea",
];

/// The heading elements.
const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// Containers that only grouped things for the old theme: replaced by their content.
const UNWRAPPED: &[&str] = &[
    "div", "span", "section", "article", "header", "footer", "main", "font", "center",
];

/// Which URL an attribute holds, for the importer's rewriting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// A link a reader follows (`<a href>`).
    Link,
    /// A file a page loads (`<img src>`, `<audio src>`).
    Media,
}

/// Converts `html` to Markdown; `rewrite` may replace each URL (a link to an old post
/// by its new brief, a media URL by its copy in the site).
pub fn to_markdown(
    html: &str,
    rewrite: &mut dyn FnMut(&str, UrlKind) -> Option<String>,
) -> Converted {
    let tables_kept = Arc::new(AtomicUsize::new(0));
    let converter = converter(&tables_kept);
    let Ok(tree) = converter.html_to_tree(html) else {
        return Converted {
            markdown: html.to_string(),
            ..Converted::default()
        };
    };
    let mut converted = Converted::default();
    clean(&tree, rewrite, &mut converted);
    converted.markdown = tidy(&converter.tree_to_markdown(&tree));
    for _ in 0..tables_kept.load(Ordering::Relaxed) {
        converted.kept_as_html.push("table".to_string());
    }
    converted
}

/// The converter; `tables_kept` counts the tables with a header row htmd kept as HTML
/// (a cell holds a list or a paragraph), which only the conversion itself knows.
/// (A handler must be `Send` and `Sync`, hence an atomic count.)
fn converter(tables_kept: &Arc<AtomicUsize>) -> HtmlToMarkdown {
    let tables_kept = Arc::clone(tables_kept);
    let options = Options {
        translation_mode: TranslationMode::Faithful,
        bullet_list_marker: BulletListMarker::Dash,
        ul_bullet_spacing: 1,
        ol_number_spacing: 1,
        br_style: BrStyle::Backslash,
        ..Options::default()
    };
    HtmlToMarkdown::builder()
        .options(options)
        .add_handler(vec!["figure"], figure)
        .add_handler(
            vec!["figcaption"],
            |handlers: &dyn Handlers, element: Element| Some(caption(handlers, element.node)),
        )
        .add_handler(UNWRAPPED.to_vec(), unwrap)
        .add_handler(HEADINGS.to_vec(), heading)
        .add_handler(
            vec!["table"],
            move |handlers: &dyn Handlers, element: Element| {
                // A table without a header row is noted by `clean_attributes`.
                let has_header = has_header_row(element.node);
                let result = table(handlers, element)?;
                if has_header && result.content.trim_start().starts_with("<table") {
                    tables_kept.fetch_add(1, Ordering::Relaxed);
                }
                Some(result)
            },
        )
        .add_handler(vec!["pre"], preformatted)
        .build()
}

/// `<pre>` holding only text (or a `<code>` holding only text): a fenced code block,
/// blank lines and all; anything else as htmd converts it.
fn preformatted(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    fn text_of(node: &Handle, depth: usize, out: &mut String) -> bool {
        for child in node.children.borrow().iter() {
            match &child.data {
                NodeData::Text { contents } => out.push_str(&contents.borrow()),
                NodeData::Element { name, .. } if depth == 0 && name.local.as_ref() == "code" => {
                    if !text_of(child, 1, out) {
                        return false;
                    }
                }
                _ => return false,
            }
        }
        true
    }
    let mut text = String::new();
    if !text_of(element.node, 0, &mut text) {
        return handlers.fallback(element);
    }
    // A browser drops a line break right after `<pre>`.
    let text = text.strip_prefix('\n').unwrap_or(&text).trim_end();
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest_run + 1).max(3));
    Some(HandlerResult {
        content: format!("\n\n{fence}\n{text}\n{fence}\n\n"),
        markdown_translated: true,
    })
}

/// A table with a header row becomes a Markdown table (unless a cell holds what a
/// Markdown table cannot, a list: htmd keeps it HTML); one without stays HTML, since
/// a Markdown table's first row is its header (htmd wrote its rows as lines of text).
fn table(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if has_header_row(element.node) {
        return handlers.fallback(element);
    }
    let mut bytes = Vec::new();
    let node = SerializableHandle::from(element.node.clone());
    let options = SerializeOpts {
        traversal_scope: TraversalScope::IncludeNode,
        ..SerializeOpts::default()
    };
    html5ever::serialize(&mut bytes, &node, options).ok()?;
    // A blank line would end the HTML block in Markdown.
    let html = String::from_utf8_lossy(&bytes);
    let lines: Vec<&str> = html.lines().filter(|l| !l.trim().is_empty()).collect();
    Some(HandlerResult {
        content: format!("\n\n{}\n\n", lines.join("\n")),
        markdown_translated: false,
    })
}

/// Whether a table has a `<thead>` or header cells (`<th>`) in its first row.
fn has_header_row(table: &Handle) -> bool {
    let children = |node: &Handle| -> Vec<Handle> { node.children.borrow().clone() };
    let elements = |node: &Handle, tag: &str| -> Vec<Handle> {
        children(node)
            .into_iter()
            .filter(|c| tag_name(c).as_deref() == Some(tag))
            .collect()
    };
    if !elements(table, "thead").is_empty() {
        return true;
    }
    let bodies = elements(table, "tbody");
    let first_row = elements(table, "tr")
        .into_iter()
        .chain(bodies.iter().flat_map(|body| elements(body, "tr")))
        .next();
    first_row.is_some_and(|row| !elements(&row, "th").is_empty())
}

/// A heading with an id (an anchor target) as a Markdown heading with `{#id}`.
fn heading(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let id = match element.attrs {
        [only] if only.name.local.as_ref() == "id" => only.value.to_string(),
        _ => return handlers.fallback(element),
    };
    let text = handlers.walk_children(element.node).content;
    let text = text.trim();
    let safe_id = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if !safe_id || text.is_empty() || text.contains('\n') {
        return handlers.fallback(element);
    }
    let level = element.tag[1..].parse::<usize>().unwrap_or(2);
    Some(HandlerResult {
        content: format!("\n\n{} {text} {{#{id}}}\n\n", "#".repeat(level)),
        markdown_translated: true,
    })
}

/// `<figure>`: an image with its caption becomes a figure (`![caption](src){alt=".."}`),
/// a YouTube or Vimeo embed the theme's `video` component, another embed a link;
/// anything else its content, then its caption as an emphasised paragraph.
fn figure(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let mut content = String::new();
    let mut caption_node = None;
    for child in element.node.children.borrow().iter() {
        if tag_name(child).as_deref() == Some("figcaption") {
            caption_node = Some(child.clone());
        } else if let Some(result) = handlers.handle(child) {
            content.push_str(&result.content);
        }
    }
    let caption_text = caption_node
        .as_ref()
        .map(|node| handlers.walk_children(node).content.trim().to_string())
        .unwrap_or_default();
    let content = content.trim();
    let is_url = (content.starts_with("https://") || content.starts_with("http://"))
        && !content.contains(char::is_whitespace);
    let out = if let Some((src, alt)) = lone_image(content) {
        let caption = caption_text.replace('\n', " ");
        format!(
            "\n\n{}\n\n",
            super::document::figure(&src, &caption, Some(&alt), None)
        )
    } else if let Some(call) = is_url.then(|| video_call(content, &caption_text)).flatten() {
        format!("\n\n{call}\n\n")
    } else if content.starts_with('|') && !caption_text.is_empty() {
        // A table with its caption: a numbered, captioned table.
        format!(
            "\n\nTable: {}\n\n{content}\n\n",
            caption_text.replace('\n', " ")
        )
    } else {
        // An embed (a post, a map) is its URL alone: a link to it.
        let mut out = if is_url {
            format!("\n\n<{content}>\n\n")
        } else {
            format!("\n\n{content}\n\n")
        };
        if let Some(node) = &caption_node {
            out.push_str(caption(handlers, node).content.trim_start_matches('\n'));
        }
        out
    };
    Some(HandlerResult {
        content: out,
        markdown_translated: true,
    })
}

/// `![alt](src)` and nothing else, or the image as a link to its full-size file (as
/// WordPress writes captioned images, where the full-size file is the one to keep:
/// Statecraft makes the smaller copies): the image's file and alt text.
fn lone_image(markdown: &str) -> Option<(String, String)> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let is_image_file = |url: &str| {
        let path = url
            .split(['?', '#'])
            .next()
            .unwrap_or(url)
            .to_ascii_lowercase();
        [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif"]
            .iter()
            .any(|e| path.ends_with(e))
    };
    let mut src = None;
    let mut full_size = None;
    let mut alt = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph)
            | Event::End(TagEnd::Paragraph | TagEnd::Image | TagEnd::Link) => {}
            Event::Start(Tag::Link { dest_url, .. })
                if src.is_none() && full_size.is_none() && is_image_file(&dest_url) =>
            {
                full_size = Some(dest_url.to_string());
            }
            Event::Start(Tag::Image { dest_url, .. }) if src.is_none() => {
                src = Some(dest_url.to_string());
            }
            Event::Text(text) | Event::Code(text) if src.is_some() => alt.push_str(&text),
            _ => return None,
        }
    }
    Some((full_size.or(src)?, alt))
}

/// A YouTube or Vimeo address as a call of the theme's `video` component, titled by
/// the caption (or the host and id).
pub fn video_call(url: &str, caption: &str) -> Option<String> {
    let rest = url
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .trim_start_matches("m.");
    let (provider, id) = if let Some(query) = rest.strip_prefix("youtube.com/watch?") {
        let id = query.split('&').find_map(|p| p.strip_prefix("v="))?;
        ("youtube", id)
    } else if let Some(path) = rest.strip_prefix("youtu.be/") {
        ("youtube", path.split(['?', '/']).next()?)
    } else if let Some(path) = rest.strip_prefix("vimeo.com/") {
        ("vimeo", path.split(['?', '/']).next()?)
    } else {
        return None;
    };
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    Some(super::document::video(provider, id, caption, None))
}

/// A caption as its own emphasised paragraph.
fn caption(handlers: &dyn Handlers, node: &Handle) -> HandlerResult {
    let text = handlers.walk_children(node).content;
    let text = text.trim();
    HandlerResult {
        content: if text.is_empty() {
            String::new()
        } else {
            format!("\n\n*{}*\n\n", text.trim_matches('*'))
        },
        markdown_translated: true,
    }
}

/// A container without meaning of its own: its content (a block for `div`-like ones).
fn unwrap(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let inner = handlers.walk_children(element.node);
    let content = if matches!(element.tag, "span" | "font") {
        inner.content
    } else {
        format!("\n\n{}\n\n", inner.content.trim_matches('\n'))
    };
    Some(HandlerResult {
        content,
        markdown_translated: inner.markdown_translated,
    })
}

fn tag_name(node: &Handle) -> Option<String> {
    match &node.data {
        NodeData::Element { name, .. } => Some(name.local.to_string()),
        _ => None,
    }
}

/// Drops what belonged to the old site, rewrites URLs, and notes what will stay HTML.
fn clean(
    node: &Handle,
    rewrite: &mut dyn FnMut(&str, UrlKind) -> Option<String>,
    converted: &mut Converted,
) {
    let children: Vec<Handle> = node.children.borrow().clone();
    let mut kept = Vec::with_capacity(children.len());
    for (at, child) in children.iter().enumerate() {
        let child = child.clone();
        if let Some(tag) = tag_name(&child) {
            if REMOVED.contains(&tag.as_str()) {
                converted.removed.push(tag);
                continue;
            }
            if marks_its_heading(&child, node, &children[at + 1..]) {
                continue;
            }
            clean_attributes(&child, &tag, rewrite, converted);
        }
        clean(&child, rewrite, converted);
        kept.push(child);
    }
    *node.children.borrow_mut() = kept;
}

/// Whether `node` is an empty anchor (`<a name="intro"></a>`, the old way to make
/// `#intro`), or a paragraph holding only one, in or just before a heading that gets
/// the same id from its text (`Intro`): the heading's id makes `#intro` in the new
/// site, and the two would be one id twice in the page, which the build refuses.
fn marks_its_heading(node: &Handle, parent: &Handle, next_siblings: &[Handle]) -> bool {
    let anchor = match tag_name(node).as_deref() {
        Some("a") => anchor_name(node),
        Some("p") => {
            let mut inside = node
                .children
                .borrow()
                .iter()
                .filter(|child| !is_blank(child))
                .cloned()
                .collect::<Vec<_>>()
                .into_iter();
            match (inside.next(), inside.next()) {
                (Some(only), None) => anchor_name(&only),
                _ => None,
            }
        }
        _ => None,
    };
    let Some(anchor) = anchor else {
        return false;
    };
    let heading = if is_heading(parent) {
        Some(parent)
    } else {
        next_siblings
            .iter()
            .find(|sibling| !is_blank(sibling))
            .filter(|sibling| is_heading(sibling))
    };
    heading.is_some_and(|heading| slugify(&text_of(heading)) == anchor)
}

/// The `name` (or `id`) of an `<a>` that is only an anchor: no link, no text.
fn anchor_name(node: &Handle) -> Option<String> {
    let NodeData::Element { name, attrs, .. } = &node.data else {
        return None;
    };
    let attrs = attrs.borrow();
    let attribute = |wanted: &str| {
        attrs
            .iter()
            .find(|a| a.name.local.as_ref() == wanted)
            .map(|a| a.value.trim().to_string())
    };
    let is_anchor = name.local.as_ref() == "a"
        && attribute("href").is_none()
        && text_of(node).trim().is_empty();
    is_anchor
        .then(|| attribute("name").or_else(|| attribute("id")))
        .flatten()
        .filter(|anchor| !anchor.is_empty())
}

fn is_heading(node: &Handle) -> bool {
    tag_name(node).is_some_and(|tag| HEADINGS.contains(&tag.as_str()))
}

/// Whitespace or a line break, which separates nothing a reader sees.
fn is_blank(node: &Handle) -> bool {
    match &node.data {
        NodeData::Text { contents } => contents.borrow().trim().is_empty(),
        NodeData::Element { .. } => tag_name(node).as_deref() == Some("br"),
        _ => true,
    }
}

/// The text of a node and its descendants.
fn text_of(node: &Handle) -> String {
    let mut text = String::new();
    if let NodeData::Text { contents } = &node.data {
        text.push_str(&contents.borrow());
    }
    for child in node.children.borrow().iter() {
        text.push_str(&text_of(child));
    }
    text
}

fn clean_attributes(
    node: &Rc<markup5ever_rcdom::Node>,
    tag: &str,
    rewrite: &mut dyn FnMut(&str, UrlKind) -> Option<String>,
    converted: &mut Converted,
) {
    let NodeData::Element { attrs, .. } = &node.data else {
        return;
    };
    let mut attrs = attrs.borrow_mut();
    converted.styles_dropped += attrs
        .iter()
        .filter(|a| a.name.local.as_ref() == "style")
        .count();
    attrs.retain(|a| {
        let name = a.name.local.as_ref();
        KEPT_ATTRIBUTES
            .iter()
            .any(|(element, attribute)| (*element == "*" || *element == tag) && *attribute == name)
    });
    // Like `<script>`, an address that runs a script goes (browsers ignore control
    // characters and spaces around the scheme).
    let before = attrs.len();
    attrs.retain(|a| {
        let scheme: String = a
            .value
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .take(11)
            .collect();
        !scheme.to_ascii_lowercase().starts_with("javascript:")
    });
    if attrs.len() < before {
        converted.scripts_dropped.push(tag.to_string());
    }
    for attr in attrs.iter_mut() {
        let kind = match attr.name.local.as_ref() {
            "href" => UrlKind::Link,
            "src" | "poster" => UrlKind::Media,
            _ => continue,
        };
        if let Some(new) = rewrite(attr.value.trim(), kind) {
            attr.value = new.into();
        }
    }
    let markdown_says_it = match tag {
        "img" | "a" => attrs
            .iter()
            .all(|a| matches!(a.name.local.as_ref(), "src" | "alt" | "title" | "href")),
        "iframe" | "audio" | "video" | "object" | "embed" | "table" => false,
        _ => true,
    };
    let kept_table = tag == "table" && !has_header_row(node);
    if (!markdown_says_it && tag != "table") || kept_table {
        converted.kept_as_html.push(tag.to_string());
    }
}

/// Trailing spaces and runs of blank lines left by the conversion (outside fenced
/// code, which keeps its lines as they are).
fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank = 0;
    let mut fence: Option<&str> = None;
    for line in markdown.lines() {
        let backticks = &line[..line.len() - line.trim_start_matches('`').len()];
        match fence {
            Some(open) if line.trim_end() == open => fence = None,
            Some(_) => {
                out.push_str(line);
                out.push('\n');
                continue;
            }
            None if backticks.len() >= 3 => fence = Some(backticks),
            None => {}
        }
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        to_markdown(html, &mut |url, _| {
            url.strip_prefix("https://old.example/")
                .map(|p| format!("/{p}"))
        })
        .markdown
    }

    #[test]
    fn plain_markup_becomes_markdown() {
        assert_eq!(
            md("<p class=\"x\">A <strong>bold</strong> <a href=\"https://old.example/a/\" rel=\"noopener\" target=\"_blank\">link</a>.</p><ul><li>one</li><li>two</li></ul>"),
            "A **bold** [link](/a/).\n\n- one\n- two"
        );
    }

    #[test]
    fn figures_keep_their_caption_and_alt_text() {
        assert_eq!(
            md("<figure class=\"wp-block-image\"><img src=\"https://old.example/m/a.png\" alt=\"Chart\" class=\"wp-image-3\" srcset=\"a 1x\" width=\"300\"><figcaption>Imports, <em>2020</em></figcaption></figure><p>After.</p>"),
            "![Imports, *2020*](/m/a.png){alt=\"Chart\"}\n\nAfter."
        );
        // Without a caption the alt text is the caption; a linked image stays as it was.
        assert_eq!(
            md("<figure><img src=\"/a.png\" alt=\"Map\"></figure><figure><a href=\"/about/\"><img src=\"/a.png\" alt=\"Map\"></a><figcaption>Big</figcaption></figure>"),
            "![Map](/a.png)\n\n[![Map](/a.png)](/about/)\n\n*Big*"
        );
        // WordPress's captioned image, linked to its full-size file.
        assert_eq!(
            md("<figure><a href=\"/big.png\"><img src=\"/a-300x200.png\" alt=\"Map\"></a><figcaption>Big</figcaption></figure>"),
            "![Big](/big.png){alt=\"Map\"}"
        );
        assert_eq!(
            md("<figure class=\"wp-block-table\"><table><thead><tr><th>Year</th></tr></thead><tbody><tr><td>2021</td></tr></tbody></table><figcaption>Shares</figcaption></figure>"),
            "Table: Shares\n\n| Year |\n| ---- |\n| 2021 |"
        );
    }

    #[test]
    fn a_table_without_a_header_row_stays_html() {
        let converted = to_markdown(
            "<table class=\"x\"><tbody><tr><td>Country</td><td>Share</td></tr>\n\n<tr><td>Qatar</td><td>12%</td></tr></tbody></table><p>After.</p>",
            &mut |_, _| None,
        );
        assert_eq!(
            converted.markdown,
            "<table><tbody><tr><td>Country</td><td>Share</td></tr>\n<tr><td>Qatar</td><td>12%</td></tr></tbody></table>\n\nAfter."
        );
        assert_eq!(converted.kept_as_html, ["table"]);
        // With header cells in its first row, a Markdown table.
        assert_eq!(
            md("<table><tbody><tr><th>Country</th></tr><tr><td>Qatar</td></tr></tbody></table>"),
            "| Country |\n| ------- |\n| Qatar   |"
        );
    }

    #[test]
    fn video_embeds_become_the_video_component() {
        assert_eq!(
            md("<figure class=\"wp-block-embed is-provider-youtube\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=w7Ft2ymGmfc&amp;t=5\n</div><figcaption>The \"briefing\"</figcaption></figure><figure>https://vimeo.com/146022717</figure>"),
            "{{< video provider=\"youtube\" id=\"w7Ft2ymGmfc\" title=\"The \\\"briefing\\\"\" >}}\n\n{{< video provider=\"vimeo\" id=\"146022717\" title=\"Vimeo video 146022717\" >}}"
        );
    }

    #[test]
    fn headings_keep_their_ids_and_embeds_become_links() {
        assert_eq!(
            md("<h2 class=\"wp-block-heading\" id=\"imports\">Imports</h2><figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\nhttps://v.example/1\n</div></figure>"),
            "## Imports {#imports}\n\n<https://v.example/1>"
        );
    }

    #[test]
    fn what_markdown_cannot_say_stays_html() {
        let converted = to_markdown(
            "<p>Text <span style=\"color:red\">red</span></p><iframe src=\"https://v.example/1\"></iframe><h3 id=\"part-1\">Part</h3><script>x()</script>",
            &mut |_, _| None,
        );
        assert!(
            converted
                .markdown
                .contains("<iframe src=\"https://v.example/1\"></iframe>"),
            "{}",
            converted.markdown
        );
        assert!(converted.markdown.contains("red"), "{}", converted.markdown);
        assert!(
            !converted.markdown.contains("x()"),
            "{}",
            converted.markdown
        );
        assert_eq!(converted.kept_as_html, ["iframe"]);
        assert_eq!(converted.removed, ["script"]);
    }
}
