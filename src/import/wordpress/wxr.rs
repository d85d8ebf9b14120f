//! Reading a WordPress export (WXR: RSS 2.0 with WordPress's namespaces) into plain
//! structs. Elements are matched by local name and namespace kind, so exports of every
//! WXR version (1.0 to 1.2) read the same.

use std::collections::BTreeMap;

use roxmltree::{Document, Node};

/// The parts of an export the import uses.
#[derive(Debug, Default)]
pub struct Export {
    pub title: String,
    pub link: String,
    pub description: String,
    pub language: String,
    pub authors: Vec<Author>,
    /// Category and tag names by slug (nicename), from the channel's declarations.
    pub categories: BTreeMap<String, Term>,
    pub tags: BTreeMap<String, Term>,
    pub items: Vec<Item>,
}

#[derive(Debug, Default, Clone)]
pub struct Author {
    pub login: String,
    pub display_name: String,
    pub first_name: String,
    pub last_name: String,
}

#[derive(Debug, Default, Clone)]
pub struct Term {
    pub name: String,
    pub description: String,
}

/// An `<item>`: a post, page, attachment, menu item...
#[derive(Debug, Default, Clone)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub link: String,
    pub guid: String,
    pub creator: String,
    pub content: String,
    pub excerpt: String,
    /// `YYYY-MM-DD HH:MM:SS` in the site's time zone, and in UTC.
    pub date: String,
    pub date_gmt: String,
    pub modified: String,
    pub modified_gmt: String,
    /// Percent-encoded for non-ASCII slugs, as WordPress stores it.
    pub slug: String,
    pub status: String,
    pub post_type: String,
    pub parent: String,
    pub attachment_url: String,
    /// (domain: `category` or `post_tag`, slug, name)
    pub terms: Vec<(String, String, String)>,
    pub meta: Vec<(String, String)>,
    pub comments: usize,
    /// Line of the item in the export, for the report.
    pub line: u32,
}

/// Why a file is not an export that can be read.
#[derive(Debug)]
pub enum Unreadable {
    /// Not well-formed XML, at a 1-based line and column.
    Xml {
        line: u32,
        column: u32,
        reason: String,
    },
    /// Well-formed XML, but not a WordPress export.
    NotAnExport(String),
}

/// Parses the text of an export.
pub fn parse(text: &str) -> Result<Export, Unreadable> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = Document::parse_with_options(text, options).map_err(|err| {
        // A file cut short is found at its end (roxmltree says 1:1).
        let (line, column) = match err {
            roxmltree::Error::UnexpectedEndOfStream => {
                let last = text.lines().last().unwrap_or("");
                (
                    text.lines().count().max(1) as u32,
                    last.chars().count() as u32 + 1,
                )
            }
            _ => (err.pos().row, err.pos().col),
        };
        Unreadable::Xml {
            line,
            column,
            reason: err.to_string(),
        }
    })?;
    let rss = document.root_element();
    if rss.tag_name().name() != "rss" {
        return Err(Unreadable::NotAnExport(format!(
            "the root element is <{}>, not <rss>",
            rss.tag_name().name()
        )));
    }
    let channel = rss
        .children()
        .find(|n| n.has_tag_name("channel"))
        .ok_or_else(|| Unreadable::NotAnExport("it has no <channel>".into()))?;
    if !channel
        .children()
        .any(|n| is_wp(&n) && n.tag_name().name() == "wxr_version")
    {
        return Err(Unreadable::NotAnExport(
            "it has no <wp:wxr_version>: export it with Tools → Export in WordPress".into(),
        ));
    }
    let mut export = Export {
        title: child_text(&channel, "title"),
        link: child_text(&channel, "link"),
        description: child_text(&channel, "description"),
        language: child_text(&channel, "language"),
        ..Export::default()
    };
    for node in channel.children().filter(Node::is_element) {
        match (is_wp(&node), node.tag_name().name()) {
            (true, "author") => export.authors.push(Author {
                login: child_text(&node, "author_login"),
                display_name: child_text(&node, "author_display_name"),
                first_name: child_text(&node, "author_first_name"),
                last_name: child_text(&node, "author_last_name"),
            }),
            (true, "category") => {
                let term = Term {
                    name: child_text(&node, "cat_name"),
                    description: child_text(&node, "category_description"),
                };
                export
                    .categories
                    .insert(decoded(&child_text(&node, "category_nicename")), term);
            }
            (true, "tag") => {
                let term = Term {
                    name: child_text(&node, "tag_name"),
                    description: child_text(&node, "tag_description"),
                };
                export
                    .tags
                    .insert(decoded(&child_text(&node, "tag_slug")), term);
            }
            (false, "item") => export.items.push(item(&document, &node)),
            _ => {}
        }
    }
    Ok(export)
}

fn item(document: &Document, node: &Node) -> Item {
    let mut item = Item {
        line: document.text_pos_at(node.range().start).row,
        ..Item::default()
    };
    for child in node.children().filter(Node::is_element) {
        let text = || element_text(&child);
        let namespace = child.tag_name().namespace().unwrap_or("");
        match (is_wp(&child), child.tag_name().name()) {
            (false, "title") => item.title = text(),
            (false, "link") => item.link = text(),
            (false, "guid") => item.guid = text(),
            (false, "creator") => item.creator = text(),
            (false, "encoded") if namespace.contains("/excerpt/") => item.excerpt = text(),
            (false, "encoded") => item.content = text(),
            (false, "category") => item.terms.push((
                child.attribute("domain").unwrap_or("category").to_string(),
                child.attribute("nicename").unwrap_or("").to_string(),
                text(),
            )),
            (true, "post_id") => item.id = text(),
            (true, "post_date") => item.date = text(),
            (true, "post_date_gmt") => item.date_gmt = text(),
            (true, "post_modified") => item.modified = text(),
            (true, "post_modified_gmt") => item.modified_gmt = text(),
            (true, "post_name") => item.slug = text(),
            (true, "status") => item.status = text(),
            (true, "post_type") => item.post_type = text(),
            (true, "post_parent") => item.parent = text(),
            (true, "attachment_url") => item.attachment_url = text(),
            (true, "postmeta") => item.meta.push((
                child_text(&child, "meta_key"),
                child_text(&child, "meta_value"),
            )),
            (true, "comment") => {
                let approved = child_text(&child, "comment_approved");
                if approved == "1" {
                    item.comments += 1;
                }
            }
            _ => {}
        }
    }
    item
}

/// A slug as WordPress stores it (percent-encoded when not ASCII), decoded.
fn decoded(slug: &str) -> String {
    percent_encoding::percent_decode_str(slug)
        .decode_utf8_lossy()
        .into_owned()
}

/// Whether `node` is in one of WordPress's export namespaces (`wp:`).
fn is_wp(node: &Node) -> bool {
    node.tag_name()
        .namespace()
        .is_some_and(|ns| ns.contains("wordpress.org/export") && !ns.contains("/excerpt/"))
}

/// The text of the first child element named `name` (any namespace).
fn child_text(node: &Node, name: &str) -> String {
    node.children()
        .find(|n| n.is_element() && n.tag_name().name() == name)
        .map(|n| element_text(&n))
        .unwrap_or_default()
}

/// All the text (and CDATA) inside an element, trimmed.
fn element_text(node: &Node) -> String {
    let mut text = String::new();
    for descendant in node.descendants().filter(Node::is_text) {
        text.push_str(descendant.text().unwrap_or(""));
    }
    text.trim().to_string()
}
