//! HTML bodies to Markdown. The HTML is parsed (html5ever, through htmd), cleaned of
//! what only made sense on the old site (CMS classes, responsive-image attributes,
//! scripts), its URLs rewritten by the importer, and converted by htmd in faithful
//! mode: what Markdown can say becomes Markdown, anything it would lose (a table cell
//! with a list, a `<span style>`, an `<iframe>`) stays HTML, which Statecraft passes
//! through.
//!
//! Figures (`<figure><img><figcaption>`) become an image followed by its caption as
//! an emphasised paragraph: Statecraft has no figure syntax yet.

use std::rc::Rc;

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::options::{BrStyle, BulletListMarker, Options, TranslationMode};
use htmd::{Element, HtmlToMarkdown};
use markup5ever_rcdom::{Handle, NodeData};

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
    let converter = converter();
    let Ok(tree) = converter.html_to_tree(html) else {
        return Converted {
            markdown: html.to_string(),
            ..Converted::default()
        };
    };
    let mut converted = Converted::default();
    clean(&tree, rewrite, &mut converted);
    converted.markdown = tidy(&converter.tree_to_markdown(&tree));
    converted
}

fn converter() -> HtmlToMarkdown {
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
        .add_handler(vec!["h1", "h2", "h3", "h4", "h5", "h6"], heading)
        .build()
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

/// `<figure>`: its content, then its caption as an emphasised paragraph.
fn figure(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let mut content = String::new();
    let mut caption_text = String::new();
    for child in element.node.children.borrow().iter() {
        if tag_name(child).as_deref() == Some("figcaption") {
            caption_text = caption(handlers, child).content;
        } else if let Some(result) = handlers.handle(child) {
            content.push_str(&result.content);
        }
    }
    let content = content.trim();
    // An embed (a video, a post) is its URL alone: a link to it.
    let is_url = (content.starts_with("https://") || content.starts_with("http://"))
        && !content.contains(char::is_whitespace);
    let mut out = if is_url {
        format!("\n\n<{content}>\n\n")
    } else {
        format!("\n\n{content}\n\n")
    };
    if !caption_text.trim().is_empty() {
        out.push_str(caption_text.trim_start_matches('\n'));
    }
    Some(HandlerResult {
        content: out,
        markdown_translated: true,
    })
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
    for child in children {
        if let Some(tag) = tag_name(&child) {
            if REMOVED.contains(&tag.as_str()) {
                converted.removed.push(tag);
                continue;
            }
            clean_attributes(&child, &tag, rewrite, converted);
        }
        clean(&child, rewrite, converted);
        kept.push(child);
    }
    *node.children.borrow_mut() = kept;
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
    if !markdown_says_it && tag != "table" {
        converted.kept_as_html.push(tag.to_string());
    }
}

/// Trailing spaces and runs of blank lines left by the conversion.
fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank = 0;
    for line in markdown.lines() {
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
    fn figures_become_an_image_and_a_caption() {
        assert_eq!(
            md("<figure class=\"wp-block-image\"><img src=\"https://old.example/m/a.png\" alt=\"Chart\" class=\"wp-image-3\" srcset=\"a 1x\" width=\"300\"><figcaption>Imports, 2020</figcaption></figure><p>After.</p>"),
            "![Chart](/m/a.png)\n\n*Imports, 2020*\n\nAfter."
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
