//! Views: the values templates see, built once per render from the [`Site`]. Each
//! brief's card (title, URL, date, terms...) is one `tera::Value` that every list page
//! showing it shares (values are reference counted), so a list page costs a few
//! pointer copies, not a re-serialisation.

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::Value;

use crate::link::taxonomy::Term;
use crate::link::{Brief, Site};
use crate::model::body::{BodyPart, Heading};
use crate::model::escape::escape_html;
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;

mod brief;
mod lists;

pub use brief::BriefPage;

/// Views shared by many pages, built once per render.
pub struct Views {
    /// `site` in every template: the site's name, addresses, topics, pages and menu.
    pub site: Value,
    /// `assets` in every template: static file name -> URL.
    pub assets: Value,
    /// Each brief's card, by brief index.
    pub cards: Vec<Value>,
    /// Term links per taxonomy kind, in taxonomy order.
    pub term_links: Vec<Value>,
    /// Each term's short link `{name, slug, url}` (no count, so adding a brief to a
    /// term does not change every card showing it), by kind then term index.
    pub term_ref: Vec<Vec<Value>>,
    /// Each registered author's link, in registry order.
    author_links: Vec<Value>,
    /// Every brief's index, newest first: the list `/briefs/` pages through.
    pub all_briefs: Vec<usize>,
}

impl Views {
    pub fn new(site: &Site) -> Views {
        let base = &site.config.base_url;
        let mut term_ref: Vec<Vec<Value>> = Vec::new();
        let mut term_links = Vec::new();
        for kind in TaxonomyKind::ALL {
            let terms = &site.taxonomies.get(kind).terms;
            let links: Vec<Value> = terms
                .iter()
                .map(|t| Value::from(term_link_fields(site, kind, t)))
                .collect();
            term_links.push(Value::from(links));
            term_ref.push(
                terms
                    .iter()
                    .map(|t| Value::from(term_ref_fields(site, kind, t)))
                    .collect(),
            );
        }
        let author_links: Vec<Value> = site
            .config
            .authors
            .iter()
            .map(|a| {
                map([
                    ("id", Value::from(a.id.as_str())),
                    ("name", Value::from(a.name.as_str())),
                    ("affiliation", Value::from(a.affiliation.as_str())),
                    (
                        "url",
                        Value::from(base.local(&urls::term(TaxonomyKind::Authors, &a.id))),
                    ),
                ])
            })
            .collect();
        let assets: BTreeMap<String, Value> = site
            .assets
            .iter()
            .map(|(name, path)| (name.clone(), Value::from(base.local(path))))
            .collect();
        let mut views = Views {
            site: site_value(site),
            assets: Value::from(assets),
            cards: Vec::new(),
            term_links,
            term_ref,
            author_links,
            all_briefs: (0..site.briefs.len()).collect(),
        };
        views.cards = site
            .briefs
            .par_iter()
            .map(|b| views.card(site, b))
            .collect();
        views
    }

    /// What a list shows about a brief.
    pub fn card(&self, site: &Site, brief: &Brief) -> Value {
        Value::from(self.card_fields(site, brief))
    }

    fn terms_of(&self, brief: &Brief, kind: TaxonomyKind) -> Value {
        let links: Vec<Value> = brief.terms[kind as usize]
            .iter()
            .map(|&t| self.term_ref[kind as usize][t].clone())
            .collect();
        Value::from(links)
    }

    fn card_fields(&self, site: &Site, brief: &Brief) -> BTreeMap<&'static str, Value> {
        let meta = &brief.parsed.meta;
        let base = &site.config.base_url;
        let authors: Vec<Value> = brief.terms[TaxonomyKind::Authors as usize]
            .iter()
            .filter_map(|&t| {
                let slug = &site.taxonomies.get(TaxonomyKind::Authors).terms[t].slug;
                site.config.authors.iter().position(|a| &a.id == slug)
            })
            .map(|a| self.author_links[a].clone())
            .collect();
        let series = match (brief.series, &meta.series) {
            (Some(s), Some(part)) => map([
                ("name", Value::from(site.series[s].name.as_str())),
                ("part", Value::from(part.part)),
                ("url", Value::from(base.local(&site.series[s].path))),
            ]),
            _ => Value::none(),
        };
        BTreeMap::from([
            ("title", Value::from(meta.title.as_str())),
            ("subtitle", Value::from(meta.subtitle.as_str())),
            ("url", Value::from(base.local(&brief.path))),
            ("summary", Value::from(meta.summary.as_str())),
            (
                "summary_html",
                Value::safe_string(&brief.parsed.summary_html),
            ),
            ("date", Value::from(meta.date.human())),
            ("date_iso", Value::from(meta.date.iso_day())),
            (
                "reading_time",
                Value::from(reading_time(brief.parsed.body.word_count)),
            ),
            ("topics", self.terms_of(brief, TaxonomyKind::Topics)),
            ("regions", self.terms_of(brief, TaxonomyKind::Regions)),
            ("tags", self.terms_of(brief, TaxonomyKind::Tags)),
            ("authors", Value::from(authors)),
            ("series", series),
        ])
    }
}

/// `site`: the site's name and addresses, its topics (without counts, so that adding a
/// brief does not touch every page), standalone pages and the menu.
fn site_value(site: &Site) -> Value {
    let base = &site.config.base_url;
    let site_topics: Vec<Value> = site
        .taxonomies
        .get(TaxonomyKind::Topics)
        .terms
        .iter()
        .map(|t| {
            let mut fields = term_ref_fields(site, TaxonomyKind::Topics, t);
            fields.insert("description", Value::from(t.description.as_str()));
            Value::from(fields)
        })
        .collect();
    let taxonomy_url = |kind| base.local(&urls::taxonomy(kind));
    let mut nav = vec![
        nav_entry("Briefs", base.local(urls::BRIEF_LIST), "briefs"),
        nav_entry("Topics", taxonomy_url(TaxonomyKind::Topics), "topics"),
        nav_entry("Regions", taxonomy_url(TaxonomyKind::Regions), "regions"),
        nav_entry("Tags", taxonomy_url(TaxonomyKind::Tags), "tags"),
        nav_entry("Authors", taxonomy_url(TaxonomyKind::Authors), "authors"),
        nav_entry("Archive", base.local(urls::ARCHIVE), "archive"),
        nav_entry("Timeline", base.local(urls::TIMELINE), "timeline"),
    ];
    if site.glossary.is_some() {
        nav.push(nav_entry(
            "Glossary",
            base.local(urls::GLOSSARY),
            "glossary",
        ));
    }
    nav.extend(
        site.pages
            .iter()
            .map(|p| nav_entry(&p.parsed.meta.title, base.local(&p.path), &p.slug)),
    );
    let pages: Vec<Value> = site
        .pages
        .iter()
        .map(|p| {
            map([
                ("title", Value::from(p.parsed.meta.title.as_str())),
                ("url", Value::from(base.local(&p.path))),
            ])
        })
        .collect();
    let config = &site.config;
    map([
        ("title", Value::from(config.title.as_str())),
        ("description", Value::from(config.description.as_str())),
        ("language", Value::from(config.language.as_str())),
        ("publisher", Value::from(config.publisher.as_str())),
        ("base_url", Value::from(base.absolute(urls::HOME))),
        ("root_url", Value::from(base.local(urls::HOME))),
        ("feed_url", Value::from(base.local(urls::SITE_FEED))),
        ("search_url", Value::from(base.local(urls::SEARCH))),
        ("archive_url", Value::from(base.local(urls::ARCHIVE))),
        (
            "topics_url",
            Value::from(taxonomy_url(TaxonomyKind::Topics)),
        ),
        ("topics", Value::from(site_topics)),
        ("pages", Value::from(pages)),
        ("nav", Value::from(nav)),
    ])
}

fn term_ref_fields(site: &Site, kind: TaxonomyKind, term: &Term) -> BTreeMap<&'static str, Value> {
    BTreeMap::from([
        ("name", Value::from(term.name.as_str())),
        ("slug", Value::from(term.slug.as_str())),
        (
            "url",
            Value::from(site.config.base_url.local(&urls::term(kind, &term.slug))),
        ),
    ])
}

pub(super) fn term_link_fields(
    site: &Site,
    kind: TaxonomyKind,
    term: &Term,
) -> BTreeMap<&'static str, Value> {
    let mut fields = term_ref_fields(site, kind, term);
    fields.insert("count", Value::from(term.briefs.len()));
    fields.insert("description", Value::from(term.description.as_str()));
    fields
}

fn nav_entry(title: &str, url: String, key: &str) -> Value {
    map([
        ("title", Value::from(title)),
        ("url", Value::from(url)),
        ("key", Value::from(key)),
    ])
}

/// Minutes to read, at 230 words a minute.
fn reading_time(words: usize) -> usize {
    words.div_ceil(230).max(1)
}

pub fn taxonomy_value(kind: TaxonomyKind) -> Value {
    map([
        ("kind", Value::from(kind.key())),
        ("title", Value::from(kind.title())),
        ("singular", Value::from(kind.singular())),
    ])
}

pub fn map<const N: usize>(entries: [(&'static str, Value); N]) -> Value {
    Value::from(BTreeMap::from(entries))
}

/// Joins rendered HTML with the resolved URLs of its links.
pub fn assemble_body(parts: &[BodyPart], hrefs: &[String], titles: &[String]) -> String {
    let mut html = String::with_capacity(
        parts
            .iter()
            .map(|p| {
                if let BodyPart::Html(h) = p {
                    h.len()
                } else {
                    32
                }
            })
            .sum(),
    );
    for part in parts {
        match part {
            BodyPart::Html(h) => html.push_str(h),
            BodyPart::Href(i) => {
                html.push_str(&escape_html(hrefs.get(*i).map_or("#", String::as_str)))
            }
            BodyPart::LinkTitle(i) => {
                html.push_str(&escape_html(titles.get(*i).map_or("", String::as_str)))
            }
        }
    }
    html
}

/// Nested table of contents from a page's headings: the top level is the shallowest
/// heading level used, with one level of children.
pub fn toc_value(headings: &[Heading]) -> Value {
    let Some(top) = headings.iter().map(|h| h.level).min() else {
        return Value::from(Vec::<Value>::new());
    };
    let mut entries: Vec<(BTreeMap<&'static str, Value>, Vec<Value>)> = Vec::new();
    for heading in headings {
        let entry = |children: Vec<Value>| {
            BTreeMap::from([
                ("level", Value::from(heading.level)),
                ("id", Value::from(heading.id.as_str())),
                ("title", Value::from(heading.title.as_str())),
                ("children", Value::from(children)),
            ])
        };
        if heading.level == top {
            entries.push((entry(Vec::new()), Vec::new()));
        } else if heading.level == top + 1 {
            if let Some((_, children)) = entries.last_mut() {
                children.push(Value::from(entry(Vec::new())));
            }
        }
    }
    let entries: Vec<Value> = entries
        .into_iter()
        .map(|(mut entry, children)| {
            entry.insert("children", Value::from(children));
            Value::from(entry)
        })
        .collect();
    Value::from(entries)
}
