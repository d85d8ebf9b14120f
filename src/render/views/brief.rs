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

use super::{assemble_body, map, safe_list, toc_value, Views};
use crate::config::Config;
use crate::link::Site;
use crate::model::labels::Labels;
use crate::model::people::Byline;
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;
use crate::render::cite::{self, Cited};
use crate::render::keys::ValueHashes;

/// How many briefs "Further reading" shows.
const FURTHER_READING: usize = 6;

/// Links that share the page by email and on social networks: plain links, no script
/// of the networks'. `[{network, name, url}]`.
fn share_links(labels: &Labels, permalink: &str, title: &str) -> Value {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    let encode = |text: &str| utf8_percent_encode(text, NON_ALPHANUMERIC).to_string();
    let (url, title_text) = (encode(permalink), encode(title));
    // Encoding goes byte by byte, so the two together are the two encoded, joined by
    // an encoded space.
    let both = format!("{title_text}%20{url}");
    let links = [
        (
            "email",
            labels.text("share.email"),
            format!("mailto:?subject={title_text}&body={url}"),
        ),
        (
            "linkedin",
            "LinkedIn",
            format!("https://www.linkedin.com/sharing/share-offsite/?url={url}"),
        ),
        (
            "bluesky",
            "Bluesky",
            format!("https://bsky.app/intent/compose?text={both}"),
        ),
        (
            "x",
            "X",
            format!("https://x.com/intent/post?url={url}&text={title_text}"),
        ),
    ];
    Value::from(
        links
            .into_iter()
            .map(|(network, name, url)| {
                map([
                    ("network", Value::from(network)),
                    ("name", Value::from(name)),
                    ("url", Value::from(url)),
                ])
            })
            .collect::<Vec<_>>(),
    )
}

/// Everything one brief's page shows.
pub struct BriefPage<'a> {
    cited: Cited<'a>,
    hrefs: &'a [String],
    link_titles: &'a [String],
    /// Links to another language's pages, with the language.
    link_languages: &'a [(usize, String)],
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
    /// The profile of each registered author, in byline order (their biographies end
    /// the page).
    bios: Vec<Value>,
    /// The picture shown when the page is shared: the brief's `image:`, or its card.
    image: Option<&'a str>,
    /// The labels of the page's language (share links and dates are named with them).
    labels: &'a Labels,
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
                part: brief.series_part(),
                total: series.total(&site.briefs),
                previous: card_at(position.checked_sub(1)),
                next: card_at(Some(position + 1)),
            }
        });
        let topics = &self.term_ref[TaxonomyKind::Topics.index()];
        let bios = brief
            .parsed
            .meta
            .bylines
            .iter()
            .filter_map(|b| match b {
                Byline::Registered(id) => site.people.position(id),
                Byline::Guest(_) => None,
            })
            .map(|i| self.profiles[i].clone())
            .collect();
        let image = brief
            .image
            .as_ref()
            .map(|(_, path)| path.as_str())
            .or(brief.card.as_deref());
        BriefPage {
            bios,
            image,
            labels: &site.labels,
            cited: Cited::of(site, brief),
            hrefs: &brief.hrefs,
            link_titles: &brief.link_titles,
            link_languages: &brief.link_languages,
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
            link_languages,
            pdf,
            card,
            backlinks,
            related,
            series,
            topic_navigation,
            bios,
            image,
            labels,
        } = self;
        // The labels are the site's, which the global key covers (as `t`).
        let _: &Labels = labels;
        let mut state = Xxh3::new();
        image.hash(&mut state);
        for bio in bios {
            state.write_u64(hashes.hash(bio));
        }
        cited.key(&mut state);
        (hrefs, link_titles, link_languages, pdf).hash(&mut state);
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

    /// Every template value the page is made from (cards, profiles, term links).
    /// Every field is taken apart, as in [`BriefPage::key`].
    pub fn values(&self) -> Vec<&Value> {
        let BriefPage {
            cited: _,
            hrefs: _,
            link_titles: _,
            link_languages: _,
            pdf: _,
            card,
            backlinks,
            related,
            series,
            topic_navigation,
            bios,
            image: _,
            labels: _,
        } = self;
        let mut values = vec![card];
        values.extend(backlinks.iter().map(|(card, _)| card));
        values.extend(related);
        if let Some(series) = series {
            values.extend(series.previous.iter().chain(&series.next));
        }
        for (topic, previous, next) in topic_navigation {
            values.push(topic);
            values.extend(previous.iter().chain(next));
        }
        values.extend(bios);
        values
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
        let links = (self.hrefs, self.link_titles, self.link_languages);
        let body = assemble_body(&parsed.body.html, links);
        let notes = assemble_body(&parsed.body.notes, links);
        let toc = toc_value(&parsed.body.headings);
        let toc_len = toc.len().unwrap_or(0);
        let backlinks: Vec<Value> = self
            .backlinks
            .iter()
            .map(|(card, context)| {
                map([("brief", card.clone()), ("context", Value::from(*context))])
            })
            .collect();
        let pdf = |url: &dyn Fn(&str) -> String| Value::from(self.pdf.map(url).unwrap_or_default());
        let day = |date: Option<String>| Value::from(date.unwrap_or_default());
        let permalink = base.absolute(self.path());
        let own = [
            ("body", Value::safe_string(&body)),
            ("notes", Value::safe_string(&notes)),
            ("bios", Value::from(self.bios.clone())),
            ("further_reading", self.further_reading()),
            ("share", share_links(self.labels, &permalink, &meta.title)),
            (
                "image_url",
                Value::from(self.image.map(|p| base.absolute(p)).unwrap_or_default()),
            ),
            (
                "image_is_card",
                Value::from(self.image.is_some() && parsed.meta.image.is_none()),
            ),
            (
                "doi_url",
                Value::from(
                    meta.doi
                        .as_ref()
                        .map(|d| format!("https://doi.org/{d}"))
                        .unwrap_or_default(),
                ),
            ),
            ("toc", toc),
            ("show_toc", Value::from(toc_len >= 3)),
            ("word_count", Value::from(parsed.body.word_count)),
            (
                "updated",
                day(meta.updated.map(|d| self.labels.format_date(d.day))),
            ),
            ("updated_iso", day(meta.updated.map(|d| d.iso_day()))),
            ("key_findings", safe_list(&parsed.key_findings_html)),
            ("references", safe_list(&parsed.references_html)),
            ("recommendations", safe_list(&parsed.recommendations_html)),
            ("backlinks", Value::from(backlinks)),
            ("related", Value::from(self.related.clone())),
            ("series", self.series_value(config)),
            ("topic_navigation", self.topic_navigation_value()),
            ("permalink", Value::from(permalink.clone())),
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

    /// What to read next, without repeats: the briefs citing this one (with the
    /// sentence that cites it), then the related briefs, at most [`FURTHER_READING`].
    fn further_reading(&self) -> Value {
        let mut seen: Vec<&Value> = Vec::new();
        let mut entries = Vec::new();
        // Compared where they are, not copied out: this runs for every pair of the
        // list's cards on every brief page.
        fn url(card: &Value) -> Option<&Value> {
            card.get_from_path("url")
        }
        let cited: Vec<(&Value, &str)> = self.backlinks.iter().map(|(c, ctx)| (c, *ctx)).collect();
        let related = self.related.iter().map(|c| (c, ""));
        for (card, context) in cited.into_iter().chain(related) {
            if entries.len() >= FURTHER_READING {
                break;
            }
            if seen.iter().any(|s| url(s) == url(card)) {
                continue;
            }
            seen.push(card);
            entries.push(map([
                ("brief", card.clone()),
                ("context", Value::from(context)),
                (
                    "cites_this",
                    Value::from(
                        !context.is_empty()
                            || self.backlinks.iter().any(|(c, _)| url(c) == url(card)),
                    ),
                ),
            ]));
        }
        Value::from(entries)
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

    /// The "Cite this brief" block: APA and Chicago references, BibTeX, and where to
    /// download the BibTeX and RIS records: the files next to the page with
    /// `citation_files: true`, else `data:` addresses holding the records, which save
    /// two files per brief.
    fn citation(&self) -> Value {
        let config = self.cited.config;
        let path = self.path();
        let bibtex = cite::bibtex(&self.cited);
        let (bib_url, ris_url) = if config.citation_files {
            (
                config.base_url.local(&urls::cite_bib(path)),
                config.base_url.local(&urls::cite_ris(path)),
            )
        } else {
            (
                cite::data_url("application/x-bibtex", &bibtex),
                cite::data_url(
                    "application/x-research-info-systems",
                    &cite::ris(&self.cited),
                ),
            )
        };
        map([
            ("apa", Value::safe_string(&cite::apa(&self.cited))),
            ("chicago", Value::safe_string(&cite::chicago(&self.cited))),
            ("bibtex", Value::from(bibtex)),
            ("bib_url", Value::from(bib_url)),
            ("ris_url", Value::from(ris_url)),
            ("keywords", Value::from(cite::keywords(&self.cited))),
            ("bib_name", Value::from(format!("{}.bib", self.cited.slug))),
            ("ris_name", Value::from(format!("{}.ris", self.cited.slug))),
        ])
    }
}
