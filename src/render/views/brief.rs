//! The brief page's view: the card's fields plus the body, table of contents, key
//! findings, citations, backlinks, related briefs, series and topic navigation.
//!
//! A brief page is made from a [`BriefPage`] and the configuration alone: everything
//! it shows of other briefs (their cards) is gathered into it first. Its watch-mode key
//! is then a hash of the `BriefPage` ([`BriefPage::key`]), computed without building
//! the page's values, which is most of the work of a brief page.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use tera::value::Key;
use tera::Value;
use xxhash_rust::xxh3::Xxh3;

use super::{assemble_body, map, toc_value, Views};
use crate::config::Config;
use crate::link::Site;
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;
use crate::render::cite::{self, Cited};
use crate::render::keys::ValueHashes;

/// Everything one brief's page shows.
pub struct BriefPage<'a> {
    cited: Cited<'a>,
    hrefs: &'a [String],
    link_titles: &'a [String],
    /// Where the attached PDF is, in the output.
    pdf: Option<&'a str>,
    /// What lists show of the brief.
    card: Value,
    /// Each citing brief's card, with the sentence that cites.
    backlinks: Vec<(Value, &'a str)>,
    related: Vec<Value>,
    series: Option<SeriesPlace<'a>>,
    /// Each topic's term link, with the cards before and after the brief in its list.
    topic_navigation: Vec<(Value, Option<Value>, Option<Value>)>,
}

/// The brief's place in its series.
struct SeriesPlace<'a> {
    name: &'a str,
    path: &'a str,
    part: u32,
    total: usize,
    previous: Option<Value>,
    next: Option<Value>,
}

impl Views {
    /// Gathers what brief `index`'s page shows.
    pub fn brief_page<'a>(&self, site: &'a Site, index: usize) -> BriefPage<'a> {
        let brief = &site.briefs[index];
        let card = |i: usize| self.cards[i].clone();
        let series = brief.series.map(|s| {
            let series = &site.series[s];
            let position = series.briefs.iter().position(|&b| b == index).unwrap_or(0);
            let card_at = |p: Option<usize>| p.and_then(|p| series.briefs.get(p)).map(|&b| card(b));
            SeriesPlace {
                name: &series.name,
                path: &series.path,
                part: brief.parsed.meta.series.as_ref().map_or(0, |s| s.part),
                total: series.briefs.len(),
                previous: card_at(position.checked_sub(1)),
                next: card_at(Some(position + 1)),
            }
        });
        let topics = &self.term_ref[TaxonomyKind::Topics.index()];
        BriefPage {
            cited: Cited::of(site, brief),
            hrefs: &brief.hrefs,
            link_titles: &brief.link_titles,
            pdf: brief.pdf.as_ref().map(|pdf| pdf.path.as_str()),
            card: card(index),
            backlinks: brief
                .backlinks
                .iter()
                .map(|b| (card(b.from), b.context.as_str()))
                .collect(),
            related: brief.related.iter().map(|&r| card(r)).collect(),
            series,
            topic_navigation: brief
                .topic_neighbours
                .iter()
                .map(|n| {
                    (
                        topics[n.topic].clone(),
                        n.previous.map(card),
                        n.next.map(card),
                    )
                })
                .collect(),
        }
    }
}

impl BriefPage<'_> {
    /// The page's site path.
    pub fn path(&self) -> &str {
        self.cited.path
    }

    /// A hash of everything the page is made from but the configuration (which is part
    /// of every page's key). Every field is taken apart here, so a field added to
    /// [`BriefPage`] does not compile until it is hashed.
    pub fn key(&self, hashes: &ValueHashes) -> u64 {
        let BriefPage {
            cited,
            hrefs,
            link_titles,
            pdf,
            card,
            backlinks,
            related,
            series,
            topic_navigation,
        } = self;
        let mut state = Xxh3::new();
        cited.key(&mut state);
        (hrefs, link_titles, pdf).hash(&mut state);
        let value = |value: &Value, state: &mut Xxh3| state.write_u64(hashes.hash(value));
        let optional = |value: &Option<Value>, state: &mut Xxh3| {
            state.write_u64(value.as_ref().map_or(0, |v| hashes.hash(v).wrapping_add(1)))
        };
        value(card, &mut state);
        for (card, context) in backlinks {
            value(card, &mut state);
            context.hash(&mut state);
        }
        state.write_u8(0xff);
        for card in related {
            value(card, &mut state);
        }
        state.write_u8(0xff);
        if let Some(series) = series {
            let SeriesPlace {
                name,
                path,
                part,
                total,
                previous,
                next,
            } = series;
            (name, path, part, total).hash(&mut state);
            optional(previous, &mut state);
            optional(next, &mut state);
        }
        state.write_u8(0xff);
        for (topic, previous, next) in topic_navigation {
            value(topic, &mut state);
            optional(previous, &mut state);
            optional(next, &mut state);
        }
        state.finish()
    }

    /// `brief`: everything the brief page shows.
    pub fn value(&self, config: &Config) -> Value {
        let parsed = self.cited.parsed;
        let meta = &parsed.meta;
        let base = &config.base_url;
        // The card's fields, then the page's own.
        let mut fields: BTreeMap<Key<'static>, Value> = self
            .card
            .as_map()
            .into_iter()
            .flatten()
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        let body = assemble_body(&parsed.body.parts, self.hrefs, self.link_titles);
        let toc = toc_value(&parsed.body.headings);
        let toc_len = toc.len().unwrap_or(0);
        let safe_list = |items: &[String]| {
            Value::from(
                items
                    .iter()
                    .map(|s| Value::safe_string(s))
                    .collect::<Vec<_>>(),
            )
        };
        let backlinks: Vec<Value> = self
            .backlinks
            .iter()
            .map(|(card, context)| {
                map([("brief", card.clone()), ("context", Value::from(*context))])
            })
            .collect();
        let pdf = |url: &dyn Fn(&str) -> String| Value::from(self.pdf.map(url).unwrap_or_default());
        let day = |date: Option<String>| Value::from(date.unwrap_or_default());
        let own = [
            ("body", Value::safe_string(&body)),
            ("toc", toc),
            ("show_toc", Value::from(toc_len >= 3)),
            ("word_count", Value::from(parsed.body.word_count)),
            ("updated", day(meta.updated.map(|d| d.human()))),
            ("updated_iso", day(meta.updated.map(|d| d.iso_day()))),
            ("key_findings", safe_list(&parsed.key_findings_html)),
            ("references", safe_list(&parsed.references_html)),
            ("recommendations", safe_list(&parsed.recommendations_html)),
            ("backlinks", Value::from(backlinks)),
            ("related", Value::from(self.related.clone())),
            ("series", self.series_value(config)),
            ("topic_navigation", self.topic_navigation_value()),
            ("permalink", Value::from(base.absolute(self.path()))),
            ("number", Value::from(meta.number.as_str())),
            ("pdf_url", pdf(&|path| base.local(path))),
            ("pdf_permalink", pdf(&|path| base.absolute(path))),
            ("citation", self.citation()),
            ("json_ld", Value::safe_string(&cite::json_ld(&self.cited))),
        ];
        fields.extend(
            own.into_iter()
                .map(|(name, value)| (Key::from(name), value)),
        );
        Value::from(fields)
    }

    /// The brief's series, with its part, and the parts before and after it.
    fn series_value(&self, config: &Config) -> Value {
        let Some(series) = &self.series else {
            return Value::none();
        };
        let card = |c: &Option<Value>| c.clone().unwrap_or_else(Value::none);
        map([
            ("name", Value::from(series.name)),
            ("url", Value::from(config.base_url.local(series.path))),
            ("part", Value::from(series.part)),
            ("total", Value::from(series.total)),
            ("previous", card(&series.previous)),
            ("next", card(&series.next)),
        ])
    }

    /// For each topic of the brief: the briefs before and after it on the topic's page.
    fn topic_navigation_value(&self) -> Value {
        let card = |c: &Option<Value>| c.clone().unwrap_or_else(Value::none);
        let entries: Vec<Value> = self
            .topic_navigation
            .iter()
            .map(|(topic, previous, next)| {
                map([
                    ("topic", topic.clone()),
                    ("previous", card(previous)),
                    ("next", card(next)),
                ])
            })
            .collect();
        Value::from(entries)
    }

    /// The "Cite this brief" block: APA and Chicago references, BibTeX, and the
    /// records' addresses.
    fn citation(&self) -> Value {
        let base = &self.cited.config.base_url;
        let path = self.path();
        map([
            ("apa", Value::safe_string(&cite::apa(&self.cited))),
            ("chicago", Value::safe_string(&cite::chicago(&self.cited))),
            ("bibtex", Value::from(cite::bibtex(&self.cited))),
            ("bib_url", Value::from(base.local(&urls::cite_bib(path)))),
            ("ris_url", Value::from(base.local(&urls::cite_ris(path)))),
        ])
    }
}
