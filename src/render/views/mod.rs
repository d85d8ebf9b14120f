//! Views: the values templates see, built once per render from the [`Site`]. Each
//! brief's card (title, URL, date, terms...) is one `tera::Value` that every list page
//! showing it shares (values are reference counted), so a list page costs a few
//! pointer copies, not a re-serialisation.

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::Value;

use crate::link::taxonomy::Term;
use crate::link::{publication_years, Arrival, Brief, Site, TermEdit};
use crate::model::body::{fill_placeholders, Heading, Packed, Placeholder};
use crate::model::escape::escape_html;
use crate::model::labels::{Label, Labels};
use crate::model::people::Byline;
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;
use crate::parse::schedule::Withheld;

mod brief;
mod lists;
mod people;
mod site;

pub use brief::BriefPage;
use site::site_value;

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
    /// `t` in every template: the labels of the site's language.
    pub labels: Value,
    /// Each registered author's link, in registry order.
    author_links: Vec<Value>,
    /// Each registered author's full profile, in registry order.
    pub profiles: Vec<Value>,
    /// `filters` on list pages: `{action, choices, types, topics}`, the filter form
    /// (which opens the search page) with its choices of types and topics (declared, so
    /// they change only with the configuration) and the URL of the script with its
    /// choices of regions and years ([`filter_choices`]).
    pub filters: Value,
    /// Every brief's index, newest first: the list `/briefs/` pages through.
    pub all_briefs: Vec<usize>,
}

impl Views {
    pub fn new(site: &Site) -> Views {
        let base = &site.config.base_url;
        let (term_links, term_ref): (Vec<Value>, Vec<Vec<Value>>) = TaxonomyKind::ALL
            .into_iter()
            .map(|kind| {
                let terms = &site.taxonomies.get(kind).terms;
                let refs = terms
                    .iter()
                    .map(|t| Value::from(term_ref_fields(site, kind, t)))
                    .collect();
                (term_links_of(site, kind), refs)
            })
            .unzip();
        let author_links: Vec<Value> = site
            .people
            .list
            .iter()
            .map(|p| people::author_link(site, p))
            .collect();
        let profiles = (0..site.people.list.len())
            .map(|i| people::profile(site, i))
            .collect();
        let assets: BTreeMap<String, Value> = site
            .assets
            .iter()
            .map(|(name, path)| (name.clone(), Value::from(base.shared(path))))
            .collect();
        let filters = filters_value(site, &term_ref);
        let mut views = Views {
            filters,
            site: site_value(site),
            assets: Value::from(assets),
            labels: labels_value(&site.labels),
            cards: Vec::new(),
            term_links,
            term_ref,
            author_links,
            profiles,
            all_briefs: (0..site.briefs.len()).collect(),
        };
        views.cards = site
            .briefs
            .par_iter()
            .map(|b| views.card(site, b))
            .collect();
        views
    }

    /// Puts the taxonomies of `edit` (topics, regions, tags and authors) and the cards of its briefs in
    /// place, after [`crate::link::replace_terms`] patched the site: terms that stay
    /// keep their shared values, the lists with counts are made again. Returns the
    /// shared values replaced (for the caller to forget their hashes before they are
    /// freed) and those that replace them; `None`, leaving the views untouched, when the
    /// edit changed what every page shows (the regions of the filter form).
    pub fn replace_terms(
        &mut self,
        site: &Site,
        edit: &TermEdit,
    ) -> Option<(Vec<Value>, Vec<Value>)> {
        let mut term_ref = self.term_ref.clone();
        let (mut replaced, mut new) = (Vec::new(), Vec::new());
        for (kind, previous_index) in &edit.previous_index {
            let terms = &site.taxonomies.get(*kind).terms;
            let old = std::mem::take(&mut term_ref[kind.index()]);
            let mut kept = vec![false; old.len()];
            for (term, was) in terms.iter().zip(previous_index) {
                let value = match *was {
                    Some(was) => {
                        kept[was] = true;
                        old[was].clone()
                    }
                    None => {
                        let value = Value::from(term_ref_fields(site, *kind, term));
                        new.push(value.clone());
                        value
                    }
                };
                term_ref[kind.index()].push(value);
            }
            replaced.extend(
                old.into_iter()
                    .zip(kept)
                    .filter(|(_, k)| !k)
                    .map(|(v, _)| v),
            );
        }
        let filters = filters_value(site, &term_ref);
        if filters != self.filters {
            return None;
        }
        self.term_ref = term_ref;
        for (kind, _) in &edit.previous_index {
            let links = term_links_of(site, *kind);
            new.push(links.clone());
            replaced.push(std::mem::replace(&mut self.term_links[kind.index()], links));
        }
        for &index in &edit.briefs {
            let card = self.card(site, &site.briefs[index]);
            new.push(card.clone());
            replaced.push(std::mem::replace(&mut self.cards[index], card));
        }
        Some((replaced, new))
    }

    /// Puts in the card of a brief that came, or takes out that of one that went (see
    /// [`crate::link::insert_skeleton`]), with the counts of the types. Returns the
    /// values replaced and those that replaced them; `None`, changing nothing, when
    /// another value the views hold changed too (the site's, the filters').
    pub fn follow_arrival(
        &mut self,
        site: &Site,
        arrival: &Arrival,
    ) -> Option<(Vec<Value>, Vec<Value>)> {
        if filters_value(site, &self.term_ref) != self.filters || site_value(site) != self.site {
            return None;
        }
        let (mut replaced, mut new) = (Vec::new(), Vec::new());
        if arrival.came {
            let card = self.card(site, &site.briefs[arrival.index]);
            new.push(card.clone());
            self.cards.insert(arrival.index, card);
        } else {
            replaced.push(self.cards.remove(arrival.index));
        }
        self.all_briefs = (0..site.briefs.len()).collect();
        let links = term_links_of(site, TaxonomyKind::Types);
        new.push(links.clone());
        replaced.push(std::mem::replace(
            &mut self.term_links[TaxonomyKind::Types.index()],
            links,
        ));
        Some((replaced, new))
    }

    /// Moves brief `from`'s card to `to`, after a date edit moved the brief among the
    /// others ([`crate::link::replace_date`]).
    pub fn move_card(&mut self, from: usize, to: usize) {
        let card = self.cards.remove(from);
        self.cards.insert(to, card);
    }

    /// After a relink, takes from `previous` (the views of the site before it) each
    /// shared value that `once` keys calls by (`site`, `t`, `filters`, cards) and that
    /// is the same in these views, so that what was rendered once with it is found
    /// again: a brief that came or went leaves nearly every card as it was, at its
    /// place or one place further or nearer (cards are matched by URL there). Returns
    /// the previous values not kept.
    pub fn keep_unchanged(&mut self, previous: &Views) -> Vec<Value> {
        let mut replaced = Vec::new();
        let mut keep = |now: &mut Value, before: &Value| {
            if now == before {
                *now = before.clone();
            } else {
                replaced.push(before.clone());
            }
        };
        keep(&mut self.site, &previous.site);
        keep(&mut self.labels, &previous.labels);
        keep(&mut self.filters, &previous.filters);
        fn url(card: &Value) -> Option<&str> {
            card.as_map()
                .and_then(|fields| fields.get(&tera::value::Key::Str("url")))
                .and_then(Value::as_str)
        }
        let old = &previous.cards;
        let kept: Vec<Option<usize>> = self
            .cards
            .par_iter()
            .enumerate()
            .map(|(index, card)| {
                [Some(index), index.checked_sub(1), Some(index + 1)]
                    .into_iter()
                    .flatten()
                    .filter(|&at| at < old.len())
                    .find(|&at| url(&old[at]) == url(card))
                    .filter(|&at| old[at] == *card)
            })
            .collect();
        let mut old_kept = vec![false; old.len()];
        for (card, kept) in self.cards.iter_mut().zip(kept) {
            if let Some(at) = kept {
                old_kept[at] = true;
                *card = old[at].clone();
            }
        }
        let not_kept = old.iter().zip(old_kept).filter(|(_, kept)| !kept);
        replaced.extend(not_kept.map(|(card, _)| card.clone()));
        replaced
    }

    /// Makes the registered authors' profiles again, after a new title was put in the
    /// links of their biographies (see [`crate::link::replace_bodies`]); says whether
    /// any changed.
    pub fn refresh_profiles(&mut self, site: &Site) -> bool {
        let mut changed = false;
        for (index, profile) in self.profiles.iter_mut().enumerate() {
            let new = people::profile(site, index);
            if new != *profile {
                *profile = new;
                changed = true;
            }
        }
        changed
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
        let authors: Vec<Value> = meta
            .bylines
            .iter()
            .filter_map(|byline| match byline {
                Byline::Registered(id) => site
                    .people
                    .position(id)
                    .map(|i| self.author_links[i].clone()),
                Byline::Guest(guest) => Some(people::author_link(site, guest)),
            })
            .collect();
        let kind = brief.terms[TaxonomyKind::Types.index()]
            .first()
            .map_or_else(Value::none, |&t| {
                let term = &site.taxonomies.get(TaxonomyKind::Types).terms[t];
                map([
                    ("slug", Value::from(term.slug.as_str())),
                    ("name", Value::from(term.singular.as_str())),
                    ("plural", Value::from(term.name.as_str())),
                    (
                        "url",
                        Value::from(base.local(&urls::term(TaxonomyKind::Types, &term.slug))),
                    ),
                ])
            });
        let preview = match &brief.preview {
            None | Some(Withheld::Failed) => "",
            Some(Withheld::Draft) => "draft",
            Some(Withheld::Scheduled(_)) => "scheduled",
        };
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
            ("date", Value::from(site.labels.format_date(meta.date.day))),
            ("type", kind),
            ("preview", Value::from(preview)),
            ("doi", Value::from(meta.doi.clone().unwrap_or_default())),
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

/// The links to every term of `kind`, with their counts: the taxonomy's list page.
fn term_links_of(site: &Site, kind: TaxonomyKind) -> Value {
    let terms = &site.taxonomies.get(kind).terms;
    let links: Vec<Value> = terms
        .iter()
        .map(|t| Value::from(term_link_fields(site, kind, t)))
        .collect();
    Value::from(links)
}

/// `filters`: the filter form on list pages, with the terms' short links of its
/// declared choices.
fn filters_value(site: &Site, term_ref: &[Vec<Value>]) -> Value {
    let base = &site.config.base_url;
    let choices = |kind: TaxonomyKind| Value::from(term_ref[kind.index()].clone());
    map([
        ("action", Value::from(base.local(urls::SEARCH))),
        ("choices", Value::from(base.local(urls::FILTER_CHOICES))),
        ("types", choices(TaxonomyKind::Types)),
        ("topics", choices(TaxonomyKind::Topics)),
    ])
}

/// The script of the region and year choices of the list pages' filter form
/// ([`urls::FILTER_CHOICES`]): it hands `{regions: [{value, label}], years: [...]}` to
/// the theme's `statecraftFilterChoices`. Regions come and go with the briefs that
/// name them, and years with the briefs' dates: kept out of the pages, they change
/// this one file, not the thousands of list pages.
pub fn filter_choices(site: &Site) -> String {
    let choice = |value: &str, label: &str| serde_json::json!({"value": value, "label": label});
    let regions: Vec<serde_json::Value> = site
        .taxonomies
        .get(TaxonomyKind::Regions)
        .terms
        .iter()
        .map(|term| choice(&term.slug, &term.name))
        .collect();
    let years: Vec<serde_json::Value> = publication_years(&site.briefs)
        .iter()
        .map(|year| choice(&year.to_string(), &year.to_string()))
        .collect();
    let choices = serde_json::json!({"regions": regions, "years": years});
    format!("statecraftFilterChoices({choices});\n")
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
    fields.insert("singular", Value::from(term.singular.as_str()));
    fields.insert("description", Value::from(term.description.as_str()));
    fields
}

/// Minutes to read, at 230 words a minute.
fn reading_time(words: usize) -> usize {
    words.div_ceil(230).max(1)
}

/// `taxonomy`: `{kind, title, singular}`, named in the site's language.
pub fn taxonomy_value(kind: TaxonomyKind, labels: &Labels) -> Value {
    let key = kind.key();
    let title = labels.text_or(&format!("taxonomies.{key}.title"), kind.title());
    let singular = labels.text_or(&format!("taxonomies.{key}.singular"), kind.singular());
    map([
        ("kind", Value::from(key)),
        ("title", Value::from(title)),
        ("singular", Value::from(singular)),
    ])
}

/// `t`: the labels as a template value, with `t.lang` their language.
pub fn labels_value(labels: &Labels) -> Value {
    fn convert(label: &Label) -> Value {
        match label {
            Label::Text(text) => Value::from(text.as_str()),
            Label::List(items) => Value::from(
                items
                    .iter()
                    .map(|i| Value::from(i.as_str()))
                    .collect::<Vec<_>>(),
            ),
            Label::Map(entries) => Value::from(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), convert(v)))
                    .collect::<BTreeMap<String, Value>>(),
            ),
        }
    }
    let mut entries: BTreeMap<String, Value> = labels
        .root
        .iter()
        .map(|(k, v)| (k.clone(), convert(v)))
        .collect();
    entries.insert("lang".to_string(), Value::from(labels.language.as_str()));
    entries.insert(
        "dir".to_string(),
        Value::from(crate::model::lang::direction(&labels.language)),
    );
    // `og:locale` is `language_TERRITORY`; empty when the language names no territory
    // and has no usual one, which the theme then leaves out.
    entries.insert(
        "og_locale".to_string(),
        Value::from(crate::model::lang::og_locale(&labels.language).unwrap_or_default()),
    );
    Value::from(entries)
}

/// HTML strings (formatted references, key findings) as a list templates show as is.
pub fn safe_list(items: &[String]) -> Value {
    Value::from(
        items
            .iter()
            .map(|s| Value::safe_string(s))
            .collect::<Vec<_>>(),
    )
}

pub fn map<const N: usize>(entries: [(&'static str, Value); N]) -> Value {
    Value::from(BTreeMap::from(entries))
}

/// The resolved links of a body: each link's URL and target title, and the links to
/// another language's pages with that language.
pub type ResolvedLinks<'a> = (&'a [String], &'a [String], &'a [(usize, String)]);

/// Joins a body's HTML with the resolved URLs of its links.
pub fn assemble_body(html: &Packed, (hrefs, titles, languages): ResolvedLinks) -> String {
    let html = html.unpack();
    let mut out = String::with_capacity(html.len() + 32 * hrefs.len());
    fill_placeholders(&html, &mut out, |placeholder, out| match placeholder {
        Placeholder::Href(i) => {
            out.push_str(&escape_html(hrefs.get(i).map_or("#", String::as_str)));
            // The URL fills a double-quoted `href`; a page in another language
            // says so in an attribute of its own after it.
            if let Some((_, language)) = languages.iter().find(|(link, _)| *link == i) {
                out.push_str("\" hreflang=\"");
                out.push_str(&escape_html(language));
            }
        }
        Placeholder::LinkTitle(i) => {
            let title = escape_html(titles.get(i).map_or("", String::as_str));
            // The title of a page in another language is in that language: a screen
            // reader reads it with that language's voice.
            match languages.iter().find(|(link, _)| *link == i) {
                Some((_, language)) => {
                    out.push_str("<span lang=\"");
                    out.push_str(&escape_html(language));
                    out.push_str("\">");
                    out.push_str(&title);
                    out.push_str("</span>");
                }
                None => out.push_str(&title),
            }
        }
    });
    out
}

/// Nested table of contents from a page's headings: the top level is the shallowest
/// heading level used, with one level of children (headings of that level before the
/// first of the top level are at the top level).
pub fn toc_value(headings: &[Heading]) -> Value {
    let Some(top) = headings.iter().map(|h| h.level).min() else {
        return Value::from(Vec::<Value>::new());
    };
    let mut entries: Vec<(BTreeMap<&'static str, Value>, Vec<Value>)> = Vec::new();
    let mut seen_top = false;
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
            seen_top = true;
            entries.push((entry(Vec::new()), Vec::new()));
        } else if heading.level == top + 1 {
            match entries.last_mut() {
                Some((_, children)) if seen_top => children.push(Value::from(entry(Vec::new()))),
                // Before the first heading of the top level: listed at the top level,
                // not left out.
                _ => entries.push((entry(Vec::new()), Vec::new())),
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
