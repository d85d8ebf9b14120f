//! Views of pages that list briefs by something: the glossary, the timeline, a region's
//! briefs by topic, topic pairs, how topics cite each other, and term pages.

use hashbrown::HashMap;
use std::collections::BTreeMap;
use tera::Value;

use super::{map, term_link_fields, Views};
use crate::link::{publication_years, Intersection, Site};
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;

/// How many briefs per topic the first page of a region lists, and the timeline per
/// topic and year (newest first).
const BY_TOPIC_LIMIT: usize = 5;

impl Views {
    /// Every glossary term, alphabetically, with the briefs that mention it:
    /// `[{term, slug, url, definition, aliases, briefs: [card]}]`.
    pub fn glossary_value(&self, site: &Site) -> Value {
        let page = site.config.base_url.local(urls::GLOSSARY);
        let entries: Vec<Value> = site
            .glossary
            .iter()
            .flatten()
            .map(|entry| {
                let term = &entry.term;
                let aliases: Vec<Value> = term
                    .aliases
                    .iter()
                    .map(|a| Value::from(a.as_str()))
                    .collect();
                let briefs: Vec<Value> = entry
                    .briefs
                    .iter()
                    .map(|&b| self.cards[b].clone())
                    .collect();
                map([
                    ("term", Value::from(term.term.as_str())),
                    ("slug", Value::from(term.slug.as_str())),
                    ("url", Value::from(format!("{page}#{}", term.slug))),
                    ("definition", Value::from(term.definition.as_str())),
                    ("aliases", Value::from(aliases)),
                    ("briefs", Value::from(briefs)),
                ])
            })
            .collect();
        Value::from(entries)
    }

    /// Years, newest first, each with the address of its archive page and every topic
    /// with how many briefs of that year it has and the newest [`BY_TOPIC_LIMIT`]:
    /// `[{year, url, topics: [{topic: term ref, count, briefs: [card]}]}]`.
    pub fn timeline_value(&self, site: &Site) -> Value {
        let topics = &site.taxonomies.get(TaxonomyKind::Topics).terms;
        let year_of = |b: usize| chrono::Datelike::year(&site.briefs[b].parsed.meta.date.day);
        // Each topic's briefs by year, in one pass over its briefs (one pass per year
        // and topic made this page cost as much as a hundred list pages).
        let mut by_year: Vec<HashMap<i32, (usize, Vec<Value>)>> = topics
            .iter()
            .map(|term| {
                let mut years: HashMap<i32, (usize, Vec<Value>)> = HashMap::new();
                for &b in &term.briefs {
                    let (count, briefs) = years.entry(year_of(b)).or_default();
                    *count += 1;
                    if briefs.len() < BY_TOPIC_LIMIT {
                        briefs.push(self.cards[b].clone());
                    }
                }
                years
            })
            .collect();
        let rows: Vec<Value> = publication_years(&site.briefs)
            .into_iter()
            .map(|year| {
                let cells: Vec<Value> = by_year
                    .iter_mut()
                    .enumerate()
                    .map(|(t, years)| {
                        let (count, briefs) = years.remove(&year).unwrap_or_default();
                        map([
                            (
                                "topic",
                                self.term_ref[TaxonomyKind::Topics as usize][t].clone(),
                            ),
                            ("count", Value::from(count)),
                            ("briefs", Value::from(briefs)),
                        ])
                    })
                    .collect();
                let url = site.config.base_url.local(&urls::archive_year(year));
                map([
                    ("year", Value::from(year)),
                    ("url", Value::from(url)),
                    ("topics", Value::from(cells)),
                ])
            })
            .collect();
        Value::from(rows)
    }

    /// The topics of `briefs` with how many of them each covers and the newest
    /// [`BY_TOPIC_LIMIT`]: `[{topic: term ref, count, briefs: [card]}]`, topics without
    /// any left out. Capped so that a region with thousands of briefs keeps a small page.
    pub fn by_topic(&self, site: &Site, briefs: &[usize]) -> Value {
        let topics = &site.taxonomies.get(TaxonomyKind::Topics).terms;
        let groups: Vec<Value> = (0..topics.len())
            .filter_map(|t| {
                let mut on_topic = briefs
                    .iter()
                    .filter(|&&b| site.briefs[b].terms[TaxonomyKind::Topics as usize].contains(&t));
                let cards: Vec<Value> = on_topic
                    .by_ref()
                    .take(BY_TOPIC_LIMIT)
                    .map(|&b| self.cards[b].clone())
                    .collect();
                let count = cards.len() + on_topic.count();
                (count > 0).then(|| {
                    map([
                        (
                            "topic",
                            self.term_ref[TaxonomyKind::Topics as usize][t].clone(),
                        ),
                        ("count", Value::from(count)),
                        ("briefs", Value::from(cards)),
                    ])
                })
            })
            .collect();
        Value::from(groups)
    }

    /// `{topics: [term ref, term ref], count, url}` for a pair of topics; without
    /// `count` unless `counted` (a numbered page of the pair's list keeps what it shows
    /// when briefs join the pair).
    pub fn intersection_value(
        &self,
        site: &Site,
        intersection: &Intersection,
        counted: bool,
    ) -> Value {
        let topics = &self.term_ref[TaxonomyKind::Topics as usize];
        let (a, b) = intersection.topics;
        let mut fields = BTreeMap::from([
            (
                "topics",
                Value::from(vec![topics[a].clone(), topics[b].clone()]),
            ),
            (
                "url",
                Value::from(site.config.base_url.local(&intersection.path)),
            ),
        ]);
        if counted {
            fields.insert("count", Value::from(intersection.briefs.len()));
        }
        Value::from(fields)
    }

    /// On a topic page: how many citations go from this topic's briefs to each topic's
    /// briefs, and come from each topic's briefs to this one's.
    fn topic_citations(&self, site: &Site, topic: usize) -> Value {
        let matrix = &site.topic_citations;
        let row = |counts: &mut dyn Iterator<Item = (usize, usize)>| -> Value {
            let entries: Vec<Value> = counts
                .map(|(other, count)| {
                    map([
                        (
                            "topic",
                            self.term_ref[TaxonomyKind::Topics as usize][other].clone(),
                        ),
                        ("count", Value::from(count)),
                    ])
                })
                .collect();
            Value::from(entries)
        };
        map([
            (
                "outgoing",
                row(&mut matrix[topic].iter().copied().enumerate()),
            ),
            (
                "incoming",
                row(&mut matrix.iter().map(|r| r[topic]).enumerate()),
            ),
        ])
    }

    /// `term`: a term's name, URL, count and description, its feed (topics), its
    /// author's profile (authors) and, on the first page of a topic's list, how it cites
    /// other topics (every page repeating it made one new link between topics render
    /// every page of their lists again).
    pub fn term_page_value(
        &self,
        site: &Site,
        kind: TaxonomyKind,
        term: usize,
        number: usize,
    ) -> Value {
        let t = &site.taxonomies.get(kind).terms[term];
        let mut fields = term_link_fields(site, kind, t);
        let feed_url = if kind == TaxonomyKind::Topics {
            site.config.base_url.local(&urls::topic_feed(&t.slug))
        } else {
            String::new()
        };
        let author = match kind {
            TaxonomyKind::Authors => site
                .people
                .position(&t.slug)
                .map_or_else(Value::none, |i| self.profiles[i].clone()),
            _ => Value::none(),
        };
        let citations = match kind {
            TaxonomyKind::Topics if number == 0 => self.topic_citations(site, term),
            _ => Value::none(),
        };
        fields.insert("feed_url", Value::from(feed_url));
        fields.insert("author", author);
        fields.insert("citations", citations);
        if number > 0 {
            // A numbered page keeps what it shows when briefs join the term.
            fields.remove("count");
        }
        Value::from(fields)
    }
}
