//! Machine-readable outputs: Atom feeds, the sitemap, robots.txt and the citation
//! graph. The render stage decides when each is made, like a page.
//!
//! Written in code rather than templates: their formats are fixed by standards, and
//! escaping every value here is simpler to get right than in a theme. Timestamps come
//! from the briefs, never from the clock, so two builds give the same bytes.

use std::fmt::Write as _;

use rayon::prelude::*;

use crate::link::translations::Editions;
use crate::link::{Brief, Site};
use crate::model::escape::escape_html;
use crate::model::output::OutputFile;
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;

/// The site's Atom feed: the newest briefs of the whole site.
pub fn site_feed(site: &Site) -> OutputFile {
    let all: Vec<usize> = (0..site.briefs.len()).collect();
    OutputFile {
        path: urls::SITE_FEED.to_string(),
        bytes: atom(site, &site.config.title, urls::SITE_FEED, urls::HOME, &all).into_bytes(),
        cached: None,
    }
}

/// The Atom feed of one topic (an index into the topics taxonomy).
pub fn topic_feed(site: &Site, topic: usize) -> OutputFile {
    let term = &site.taxonomies.get(TaxonomyKind::Topics).terms[topic];
    let page = urls::term(TaxonomyKind::Topics, &term.slug);
    let path = urls::topic_feed(&term.slug);
    let title = format!("{} — {}", site.config.title, term.name);
    OutputFile {
        bytes: atom(site, &title, &path, &page, &term.briefs).into_bytes(),
        path,
        cached: None,
    }
}

/// `robots.txt`: everything may be crawled; points at the sitemap.
pub fn robots(site: &Site) -> OutputFile {
    OutputFile {
        path: urls::ROBOTS.to_string(),
        bytes: format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            site.config.base_url.absolute(urls::SITEMAP)
        )
        .into_bytes(),
        cached: None,
    }
}

fn updated(brief: &Brief) -> String {
    let meta = &brief.parsed.meta;
    meta.updated.unwrap_or(meta.date).rfc3339()
}

/// The newest `updated:` (or publication) date of `briefs`, as RFC 3339.
fn last_update<'s>(briefs: impl Iterator<Item = &'s Brief>) -> Option<String> {
    briefs
        .map(|b| {
            let meta = &b.parsed.meta;
            (meta.updated.unwrap_or(meta.date).timestamp(), updated(b))
        })
        .max()
        .map(|(_, updated)| updated)
}

/// The newest `limit` briefs of `briefs` (indices in the site's order), newest first by
/// the moment each was published, leaving out the drafts and scheduled briefs of a
/// preview: feed readers keep what they once saw.
///
/// The site's order is by the day each brief shows, which is not always the order of
/// the moments: a brief of 28 February 20:00 in New York is published after one of
/// 1 March 01:00 in Tokyo. A moment is less than a day before its day and two days
/// after it, so the newest are among the briefs down to two days before the day of
/// the `limit`-th.
fn newest<'s>(site: &'s Site, briefs: &[usize], limit: usize) -> Vec<&'s Brief> {
    let mut found: Vec<&Brief> = Vec::with_capacity(limit);
    let mut last_day = None;
    for brief in briefs.iter().map(|&i| &site.briefs[i]) {
        let day = brief.parsed.meta.date.day;
        if last_day.is_some_and(|last| day < last) {
            break;
        }
        if brief.preview.is_some() {
            continue;
        }
        found.push(brief);
        if last_day.is_none() && found.len() >= limit {
            last_day = day.checked_sub_days(chrono::Days::new(2));
        }
    }
    // Stable: briefs of one moment keep the site's order.
    found.sort_by_key(|b| std::cmp::Reverse(b.parsed.meta.date.timestamp()));
    found.truncate(limit);
    found
}

/// An Atom 1.0 feed of the newest `feed_limit` briefs among `briefs` (see [`newest`]).
fn atom(site: &Site, title: &str, feed_path: &str, page_path: &str, briefs: &[usize]) -> String {
    let base = &site.config.base_url;
    let entries = newest(site, briefs, site.config.feed_limit);
    // A feed without entries (a topic no brief is filed under yet) was last updated
    // when the site was; a site without briefs has no date to give.
    let feed_updated = last_update(entries.iter().copied())
        .or_else(|| last_update(site.briefs.iter().filter(|b| b.preview.is_none())))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut xml = String::with_capacity(1024 + entries.len() * 1024);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape_html(&site.config.language)
    );
    let _ = writeln!(xml, "  <title>{}</title>", escape_html(title));
    if !site.config.description.is_empty() {
        let _ = writeln!(
            xml,
            "  <subtitle>{}</subtitle>",
            escape_html(&site.config.description)
        );
    }
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape_html(&base.absolute(feed_path))
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape_html(&base.absolute(page_path))
    );
    let _ = writeln!(xml, "  <id>{}</id>", escape_html(&base.absolute(feed_path)));
    let _ = writeln!(xml, "  <updated>{feed_updated}</updated>");
    let publisher = if site.config.publisher.is_empty() {
        &site.config.title
    } else {
        &site.config.publisher
    };
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        escape_html(publisher)
    );
    let _ = writeln!(xml, "  <generator>Statecraft</generator>");
    for brief in entries {
        write_entry(&mut xml, site, brief);
    }
    xml.push_str("</feed>\n");
    xml
}

/// `graph.json`, the citation graph (briefs with their topics, and the links between
/// them), kept in parts: each brief's node and edges are serialized once, and a watch
/// session serializes again only those of briefs whose title or links changed.
pub struct GraphParts {
    /// Each brief's node, as JSON.
    nodes: Vec<String>,
    /// Each brief's edges (to the briefs it cites), as JSON objects separated by
    /// commas; empty for a brief that cites none.
    edges: Vec<String>,
}

impl GraphParts {
    pub fn new(site: &Site) -> GraphParts {
        let (nodes, edges) = (0..site.briefs.len())
            .into_par_iter()
            .map(|index| (graph_node(site, index), graph_edges(site, index)))
            .unzip();
        GraphParts { nodes, edges }
    }

    /// Serializes the edges of `briefs` again, after their links changed.
    pub fn replace_edges(&mut self, site: &Site, briefs: impl IntoIterator<Item = usize>) {
        for index in briefs {
            self.edges[index] = graph_edges(site, index);
        }
    }

    /// Moves brief `from`'s node and edges to `to`, after a date edit moved the brief
    /// among the others, and serializes again its node (its date) and the edges of the
    /// briefs that cite it (which list what they cite, newest first).
    pub fn move_brief(&mut self, site: &Site, from: usize, to: usize) {
        let node = self.nodes.remove(from);
        self.nodes.insert(to, node);
        let edges = self.edges.remove(from);
        self.edges.insert(to, edges);
        self.nodes[to] = graph_node(site, to);
        self.replace_edges(site, site.briefs[to].backlinks.iter().map(|b| b.from));
    }

    /// Puts in the node of a brief that came, or takes out that of one that went: a
    /// brief that cites none and that none cites (see [`crate::link::insert_skeleton`]).
    pub fn follow_arrival(&mut self, site: &Site, arrival: &crate::link::Arrival) {
        if arrival.came {
            self.nodes
                .insert(arrival.index, graph_node(site, arrival.index));
            self.edges.insert(arrival.index, String::new());
        } else {
            self.nodes.remove(arrival.index);
            self.edges.remove(arrival.index);
        }
    }

    /// Serializes brief `index`'s node again.
    pub fn replace(&mut self, site: &Site, index: usize) {
        self.nodes[index] = graph_node(site, index);
    }

    pub fn file(&self) -> OutputFile {
        let size = self
            .nodes
            .iter()
            .chain(&self.edges)
            .map(|n| n.len() + 1)
            .sum::<usize>();
        let mut json = String::with_capacity(size + 32);
        json.push_str("{\"nodes\":[");
        for (i, node) in self.nodes.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push_str(node);
        }
        json.push_str("],\"edges\":[");
        let mut first = true;
        for edges in self.edges.iter().filter(|e| !e.is_empty()) {
            if !first {
                json.push(',');
            }
            first = false;
            json.push_str(edges);
        }
        json.push_str("]}\n");
        OutputFile {
            path: urls::GRAPH.to_string(),
            bytes: json.into_bytes(),
            cached: None,
        }
    }
}

/// The links from brief `index` to the briefs it cites, as JSON objects separated by
/// commas.
fn graph_edges(site: &Site, index: usize) -> String {
    #[derive(serde::Serialize)]
    struct Edge<'a> {
        source: &'a str,
        target: &'a str,
    }
    let from = &site.briefs[index];
    let edges: Vec<String> = from
        .cites
        .iter()
        .map(|&to| {
            let edge = Edge {
                source: &from.slug,
                target: &site.briefs[to].slug,
            };
            serde_json::to_string(&edge).unwrap_or_default()
        })
        .collect();
    edges.join(",")
}

fn graph_node(site: &Site, index: usize) -> String {
    #[derive(serde::Serialize)]
    struct Node<'a> {
        id: &'a str,
        title: &'a str,
        url: String,
        date: String,
        topics: &'a [String],
    }
    let brief = &site.briefs[index];
    let node = Node {
        id: &brief.slug,
        title: &brief.parsed.meta.title,
        url: site.config.base_url.absolute(&brief.path),
        date: brief.parsed.meta.date.iso_day(),
        topics: &brief.parsed.meta.topics,
    };
    serde_json::to_string(&node).unwrap_or_default()
}

/// A page the sitemap lists: its site path, and for briefs the day it last changed.
pub type SitemapEntry = (String, Option<String>);

/// `sitemap.xml` listing `urls` (the render stage knows every page it writes).
pub fn sitemap(site: &Site, urls: &[SitemapEntry]) -> OutputFile {
    let base = &site.config.base_url;
    let mut xml = String::with_capacity(128 + urls.len() * 96);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    // Every address is the site's followed by a site path: escaped once, not per page
    // (a watch session writes the sitemap again whenever a page comes or goes).
    let site_address = escape_html(&base.absolute(""));
    for (path, lastmod) in urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&site_address);
        xml.push_str(&escape_path(path));
        xml.push_str("</loc>");
        if let Some(lastmod) = lastmod {
            let _ = write!(xml, "<lastmod>{lastmod}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: urls::SITEMAP.to_string(),
        bytes: xml.into_bytes(),
        cached: None,
    }
}

/// `sitemap.xml` of a site in several languages: every page of every edition, each
/// with its translations as `xhtml:link` alternates (and the default language's as
/// `x-default`), the way search engines read translated pages.
pub fn multilingual_sitemap(editions: &Editions) -> OutputFile {
    let mut xml = String::with_capacity(4096);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    // Each edition's address and language, escaped once: the sitemap of a site in
    // several languages is made again whenever a patch changes an edition's pages, and
    // lists every page of every edition.
    let roots: Vec<String> = editions
        .list
        .iter()
        .map(|edition| escape_html(&edition.base_url.absolute("")))
        .collect();
    let languages: Vec<String> = editions
        .list
        .iter()
        .map(|edition| escape_html(&edition.language))
        .collect();
    for (root, pages) in roots.iter().zip(&editions.sitemaps) {
        for (path, lastmod) in pages {
            // Pieces pushed one by one: `write!` took most of the time of this loop.
            let escaped = escape_path(path);
            for piece in ["  <url><loc>", root, &escaped, "</loc>"] {
                xml.push_str(piece);
            }
            if let Some(lastmod) = lastmod {
                for piece in ["<lastmod>", lastmod, "</lastmod>"] {
                    xml.push_str(piece);
                }
            }
            for (e, x_default) in alternate_editions(editions, path) {
                let language = if x_default {
                    "x-default"
                } else {
                    &languages[e]
                };
                let link = [
                    "<xhtml:link rel=\"alternate\" hreflang=\"",
                    language,
                    "\" href=\"",
                    &roots[e],
                    &escaped,
                    "\"/>",
                ];
                for piece in link {
                    xml.push_str(piece);
                }
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: urls::SITEMAP.to_string(),
        bytes: xml.into_bytes(),
        cached: None,
    }
}

/// A site path as a sitemap writes it: an address (the protocol asks for letters
/// beyond ASCII and spaces percent-encoded: `/briefs/россия/` is `/briefs/%D1%80...`),
/// escaped for XML. Borrowed when it has nothing to encode or escape, as nearly every
/// path has.
fn escape_path(path: &str) -> std::borrow::Cow<'_, str> {
    let address: std::borrow::Cow<'_, str> =
        percent_encoding::utf8_percent_encode(path, urls::NOT_IN_ADDRESSES).into();
    // Quotes and angle brackets are percent-encoded already.
    if address.contains(['&', '\'']) {
        std::borrow::Cow::Owned(escape_html(&address))
    } else {
        address
    }
}

/// The `hreflang` alternates of the page at `path` (within an edition): each edition
/// that has it, then `x-default`, the default language's, when it has it. Empty when
/// only one edition has the page.
pub fn alternates(editions: &Editions, path: &str) -> Vec<(String, String)> {
    alternate_editions(editions, path)
        .map(|(e, x_default)| {
            let edition = &editions.list[e];
            let language = match x_default {
                true => "x-default".to_string(),
                false => edition.language.clone(),
            };
            (language, edition.base_url.absolute(path))
        })
        .collect()
}

/// The editions [`alternates`] names, in its order, each with whether it is named as
/// `x-default`.
fn alternate_editions<'a>(
    editions: &'a Editions,
    path: &str,
) -> impl Iterator<Item = (usize, bool)> + 'a {
    let found = editions.editions_of(path);
    let list = &editions.list;
    let x_default = found
        .iter()
        .copied()
        .find(|&e| list[e].base_url.edition.is_empty());
    let named = found.iter().map(|&e| (e, false));
    named.chain(x_default.map(|e| (e, true)))
}

/// One `<entry>` of a feed.
fn write_entry(xml: &mut String, site: &Site, brief: &Brief) {
    let base = &site.config.base_url;
    let meta = &brief.parsed.meta;
    let url = base.absolute(&brief.path);
    xml.push_str("  <entry>\n");
    let _ = writeln!(xml, "    <title>{}</title>", escape_html(&meta.title));
    let _ = writeln!(
        xml,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape_html(&url)
    );
    let _ = writeln!(xml, "    <id>{}</id>", escape_html(&url));
    let _ = writeln!(xml, "    <published>{}</published>", meta.date.rfc3339());
    let _ = writeln!(xml, "    <updated>{}</updated>", updated(brief));
    for byline in &meta.bylines {
        let name = match byline {
            crate::model::people::Byline::Registered(id) => {
                site.people.get(id).map_or(id.as_str(), |p| p.name.as_str())
            }
            crate::model::people::Byline::Guest(guest) => guest.name.as_str(),
        };
        let _ = writeln!(
            xml,
            "    <author><name>{}</name></author>",
            escape_html(name)
        );
    }
    for topic in &meta.topics {
        let label = site
            .config
            .topic(topic)
            .map_or(topic.as_str(), |t| t.title.as_str());
        let _ = writeln!(
            xml,
            "    <category term=\"{}\" label=\"{}\"/>",
            escape_html(topic),
            escape_html(label)
        );
    }
    let _ = writeln!(xml, "    <summary>{}</summary>", escape_html(&meta.summary));
    xml.push_str("  </entry>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_uris_escaped_for_xml() {
        for (path, written) in [
            ("briefs/kuril-islands/", "briefs/kuril-islands/"),
            ("tags/r&d/", "tags/r&amp;d/"),
            ("briefs/\"quoted\"/", "briefs/%22quoted%22/"),
            ("tags/a<b>/", "tags/a%3Cb%3E/"),
            ("briefs/it's/", &escape_html("briefs/it's/")),
            ("tags/新しい/", "tags/%E6%96%B0%E3%81%97%E3%81%84/"),
            ("briefs/a b/", "briefs/a%20b/"),
            ("briefs/bell\u{7}/", "briefs/bell%07/"),
        ] {
            assert_eq!(escape_path(path), written, "{path}");
        }
        assert!(matches!(
            escape_path("briefs/kuril-islands/"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
