//! Each page's template context: which template renders it and the values it sees.
//! A page's watch-mode key is the hash of exactly this (see [`super::keys`]), or for a
//! brief page of what its context is made from ([`BriefPage`]), so a page is rendered
//! again whenever anything its template can read has changed.

use chrono::Datelike;
use tera::{Context, Tera, Value};

use super::feeds;
use super::jobs::Job;
use super::keys::{CardFinder, ValueHashes};
use super::minify::minify_html;
use super::relative::relativize;
use super::views::{assemble_body, map, safe_list, taxonomy_value, toc_value, BriefPage, Views};
use crate::link::{page_count, page_places, publication_years, Site};
use crate::model::output::OutputFile;
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;

/// What one page is rendered from: its template and the values of its context (the
/// site-wide `site` and `assets` come from the templates' global context).
pub struct PageContext {
    pub template: &'static str,
    pub values: Vec<(&'static str, Value)>,
}

impl PageContext {
    fn new(template: &'static str) -> PageContext {
        PageContext {
            template,
            values: Vec::with_capacity(8),
        }
    }

    fn insert(&mut self, name: &'static str, value: impl Into<Value>) {
        self.values.push((name, value.into()));
    }

    fn to_tera(&self) -> Context {
        let mut context = Context::new();
        for (name, value) in &self.values {
            context.insert_value(*name, value.clone());
        }
        context
    }
}

/// What a page is made from: for a brief page, what its context is built from (the
/// costly part of a brief page, which an unchanged key spares); for any other page,
/// its context.
pub enum PageSource<'a> {
    Brief(Box<BriefPage<'a>>),
    Context(PageContext),
}

impl PageSource<'_> {
    /// The page's key: a hash of everything the page at `path` is made from, with
    /// `globals`.
    pub fn key(&self, site: &Site, path: &str, hashes: &ValueHashes, globals: u64) -> u64 {
        match self {
            PageSource::Brief(page) => {
                let mut state = xxhash_rust::xxh3::Xxh3::new();
                std::hash::Hasher::write_u64(&mut state, globals);
                std::hash::Hasher::write_u64(&mut state, page.key(hashes));
                // Its alternates and language switcher (a list page has them in its
                // context): a translation that comes or goes changes them. By
                // language, not by index: a translation moved to a language new to
                // the site can leave the indexes as they were.
                let editions = &site.editions;
                let languages: Vec<&str> = (editions.editions_of(path).iter())
                    .map(|&e| editions.list[e].language.as_str())
                    .collect();
                std::hash::Hash::hash(&languages, &mut state);
                std::hash::Hasher::finish(&state)
            }
            PageSource::Context(context) => hashes.page_key(globals, context),
        }
    }

    /// The briefs whose cards the page shows.
    pub fn cards(&self, finder: &CardFinder) -> Vec<u32> {
        let mut found = Vec::new();
        match self {
            PageSource::Brief(page) => {
                for value in page.values() {
                    finder.find(value, &mut found);
                }
            }
            PageSource::Context(context) => {
                for (_, value) in &context.values {
                    finder.find(value, &mut found);
                }
            }
        }
        found
    }

    pub fn into_context(self, site: &Site, job: &Job) -> PageContext {
        match self {
            PageSource::Brief(page) => {
                let mut context = PageContext::new("brief.html");
                context.insert("brief", page.value(&site.config));
                finish_context(context, site, job, "briefs".to_string())
            }
            PageSource::Context(context) => context,
        }
    }
}

/// What `job`'s page is made from.
pub fn page_source<'a>(site: &'a Site, views: &Views, job: &Job) -> PageSource<'a> {
    match job {
        Job::Brief(i) => PageSource::Brief(Box::new(views.brief_page(site, *i))),
        _ => PageSource::Context(page_context(site, views, job)),
    }
}

/// The context of `job`'s page (a page other than a brief's).
fn page_context(site: &Site, views: &Views, job: &Job) -> PageContext {
    let base = &site.config.base_url;
    let (context, section) = match job {
        Job::Home => home(site, views),
        Job::BriefList { number } => {
            let mut context = PageContext::new("briefs.html");
            context.insert("filters", views.filters.clone());
            page_of_briefs(
                &mut context,
                site,
                views,
                &views.all_briefs,
                urls::BRIEF_LIST,
                *number,
            );
            (context, "briefs".to_string())
        }
        Job::Brief(i) => {
            let source = PageSource::Brief(Box::new(views.brief_page(site, *i)));
            return source.into_context(site, job);
        }
        Job::Taxonomy(kind) => taxonomy(site, views, *kind),
        Job::Term { kind, term, number } => term_page(site, views, *kind, *term, *number),
        Job::Archive => archive(site),
        Job::ArchiveYear(year) => archive_year(site, views, *year),
        Job::Page(i) => {
            let page = &site.pages[*i];
            let links = (page.hrefs.as_slice(), page.link_titles.as_slice(), &[][..]);
            let body = assemble_body(&page.parsed.body.html, links);
            let notes = assemble_body(&page.parsed.body.notes, links);
            let mut context = PageContext::new("page.html");
            context.insert(
                "page",
                map([
                    ("notes", Value::safe_string(&notes)),
                    ("references", safe_list(&page.parsed.references_html)),
                    ("title", Value::from(page.parsed.meta.title.as_str())),
                    ("summary", Value::from(page.parsed.meta.summary.as_str())),
                    (
                        "summary_html",
                        Value::safe_string(&page.parsed.summary_html),
                    ),
                    ("body", Value::safe_string(&body)),
                    ("toc", toc_value(&page.parsed.body.headings)),
                    ("url", Value::from(base.local(&page.path))),
                ]),
            );
            (context, page.slug.clone())
        }
        Job::SeriesIndex => {
            let list: Vec<Value> = site
                .series
                .iter()
                .map(|series| {
                    let briefs: Vec<Value> = series
                        .briefs
                        .iter()
                        .map(|&b| views.cards[b].clone())
                        .collect();
                    map([
                        ("name", Value::from(series.name.as_str())),
                        ("url", Value::from(base.local(&series.path))),
                        ("count", Value::from(series.briefs.len())),
                        ("briefs", Value::from(briefs)),
                    ])
                })
                .collect();
            let mut context = PageContext::new("series_index.html");
            context.insert("series_list", list);
            (context, "series".to_string())
        }
        Job::Series(i) => {
            let series = &site.series[*i];
            let briefs: Vec<Value> = series
                .briefs
                .iter()
                .map(|&b| views.cards[b].clone())
                .collect();
            let mut context = PageContext::new("series.html");
            context.insert(
                "series",
                map([
                    ("name", Value::from(series.name.as_str())),
                    ("url", Value::from(base.local(&series.path))),
                    ("briefs", Value::from(briefs)),
                ]),
            );
            (context, "series".to_string())
        }
        Job::Intersection { index, number } => {
            let intersection = &site.intersections[*index];
            let mut context = PageContext::new("intersection.html");
            let value = views.intersection_value(site, intersection, *number == 0);
            context.insert("intersection", value);
            let briefs = &intersection.briefs;
            page_of_briefs(
                &mut context,
                site,
                views,
                briefs,
                &intersection.path,
                *number,
            );
            (context, "topics".to_string())
        }
        Job::Timeline => {
            let mut context = PageContext::new("timeline.html");
            context.insert("timeline", views.timeline_value(site));
            (context, "timeline".to_string())
        }
        Job::Glossary => {
            let mut context = PageContext::new("glossary.html");
            context.insert("glossary", views.glossary_value(site));
            (context, "glossary".to_string())
        }
        Job::Search => search(site, views),
        Job::NotFound => (PageContext::new("404.html"), String::new()),
    };
    finish_context(context, site, job, section)
}

/// The values every page has: its address and its section of the menu.
fn finish_context(
    mut context: PageContext,
    site: &Site,
    job: &Job,
    section: String,
) -> PageContext {
    let base = &site.config.base_url;
    let path = job.path(site);
    context.insert("current_url", base.local(&path));
    context.insert("permalink", base.absolute(&path));
    context.insert("section", section);
    // The page in each language it exists in: `<link rel="alternate" hreflang>` and
    // the language switcher (absent for a page in one language).
    let alternates: Vec<Value> = feeds::alternates(&site.editions, &path)
        .into_iter()
        .map(|(lang, url)| map([("lang", Value::from(lang)), ("url", Value::from(url))]))
        .collect();
    let translations: Vec<Value> = site
        .editions
        .alternates(&path)
        .into_iter()
        .map(|(edition, _)| {
            map([
                ("lang", Value::from(edition.language.as_str())),
                ("name", Value::from(edition.name.as_str())),
                ("url", Value::from(edition.base_url.local(&path))),
                (
                    "current",
                    Value::from(edition.language == site.config.language),
                ),
            ])
        })
        .collect();
    context.insert("alternates", alternates);
    context.insert("translations", translations);
    context
}

/// Renders a page from its context, then writes its links relative to it and
/// minifies it when the site asks for that.
pub fn render_page(
    site: &Site,
    tera: &Tera,
    job: &Job,
    context: &PageContext,
) -> Result<OutputFile, tera::Error> {
    // Sized for a brief page up front: growing the buffer page by page showed up as
    // a tenth of render time in profiles.
    let mut bytes = Vec::with_capacity(48 * 1024);
    tera.render_to(context.template, &context.to_tera(), &mut bytes)?;
    let path = site.config.base_url.output_file(&job.path(site));
    if site.config.relative_links {
        let html = String::from_utf8_lossy(&bytes);
        bytes = relativize(&html, &path, &site.config.base_url.path).into_bytes();
    }
    if site.config.minify {
        bytes = minify_html(&bytes);
    }
    Ok(OutputFile {
        path,
        bytes,
        cached: None,
    })
}

fn home(site: &Site, views: &Views) -> (PageContext, String) {
    let latest: Vec<Value> = views
        .cards
        .iter()
        .take(site.config.page_size)
        .cloned()
        .collect();
    let mut context = PageContext::new("index.html");
    context.insert("latest", latest);
    context.insert(
        "topics",
        views.term_links[TaxonomyKind::Topics.index()].clone(),
    );
    (context, "home".to_string())
}

fn taxonomy(site: &Site, views: &Views, kind: TaxonomyKind) -> (PageContext, String) {
    let mut context = PageContext::new("taxonomy.html");
    context.insert("taxonomy", taxonomy_value(kind, &site.labels));
    context.insert("terms", views.term_links[kind.index()].clone());
    // The experts overview: every registered author's profile, with their count.
    let people: Vec<Value> = match kind {
        TaxonomyKind::Authors => site
            .taxonomies
            .get(kind)
            .terms
            .iter()
            .filter_map(|term| {
                let index = site.people.position(&term.slug)?;
                let mut fields: std::collections::BTreeMap<tera::value::Key<'static>, Value> =
                    views.profiles[index]
                        .as_map()
                        .into_iter()
                        .flatten()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                fields.insert("count".into(), Value::from(term.briefs.len()));
                Some(Value::from(fields))
            })
            .collect(),
        _ => Vec::new(),
    };
    context.insert("people", people);
    let intersections: Vec<Value> = match kind {
        TaxonomyKind::Topics => site
            .intersections
            .iter()
            .map(|i| views.intersection_value(site, i, true))
            .collect(),
        _ => Vec::new(),
    };
    context.insert("intersections", intersections);
    (context, kind.key().to_string())
}

fn term_page(
    site: &Site,
    views: &Views,
    kind: TaxonomyKind,
    term: usize,
    number: usize,
) -> (PageContext, String) {
    let t = &site.taxonomies.get(kind).terms[term];
    let mut context = PageContext::new("term.html");
    context.insert("taxonomy", taxonomy_value(kind, &site.labels));
    context.insert("filters", views.filters.clone());
    context.insert("term", views.term_page_value(site, kind, term, number));
    let by_topic = match kind {
        TaxonomyKind::Regions if number == 0 => views.by_topic(site, &t.briefs),
        _ => Value::from(Vec::<Value>::new()),
    };
    context.insert("by_topic", by_topic);
    let first = urls::term(kind, &t.slug);
    page_of_briefs(&mut context, site, views, &t.briefs, &first, number);
    (context, kind.key().to_string())
}

/// Every year briefs were published in, newest first, as `(year, {year, count, url})`.
fn archive_years(site: &Site) -> Vec<(i32, Value)> {
    let base = &site.config.base_url;
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for brief in &site.briefs {
        let year = brief.parsed.meta.date.day.year();
        match counts.last_mut() {
            Some((y, count)) if *y == year => *count += 1,
            _ => counts.push((year, 1)),
        }
    }
    counts
        .into_iter()
        .map(|(year, count)| {
            let value = map([
                ("year", Value::from(year)),
                ("count", Value::from(count)),
                ("url", Value::from(base.local(&urls::archive_year(year)))),
            ]);
            (year, value)
        })
        .collect()
}

/// The archive: every year with its count, each year's briefs on a page of their own
/// (one page of every brief grew to megabytes on a large site).
fn archive(site: &Site) -> (PageContext, String) {
    let mut context = PageContext::new("archive.html");
    let years: Vec<Value> = archive_years(site).into_iter().map(|(_, v)| v).collect();
    context.insert("years", years);
    (context, "archive".to_string())
}

/// The briefs of `year`, newest first: `year` (`{year, count, url}`), `briefs` (cards)
/// and `years` (every year, for navigation).
fn archive_year(site: &Site, views: &Views, year: i32) -> (PageContext, String) {
    let years = archive_years(site);
    let this = years
        .iter()
        .find(|(y, _)| *y == year)
        .map_or_else(Value::none, |(_, value)| value.clone());
    let years: Vec<Value> = years.into_iter().map(|(_, value)| value).collect();
    let briefs: Vec<Value> = site
        .briefs
        .iter()
        .zip(&views.cards)
        .filter(|(brief, _)| brief.parsed.meta.date.day.year() == year)
        .map(|(_, card)| card.clone())
        .collect();
    let mut context = PageContext::new("archive_year.html");
    context.insert("year", this);
    context.insert("briefs", briefs);
    context.insert("years", years);
    (context, "archive".to_string())
}

fn search(site: &Site, views: &Views) -> (PageContext, String) {
    let base = &site.config.base_url;
    let regions = views.term_ref[TaxonomyKind::Regions.index()].clone();
    let mut context = PageContext::new("search.html");
    context.insert(
        "search",
        map([
            ("index_url", Value::from(base.local(urls::SEARCH_MANIFEST))),
            ("regions", Value::from(regions)),
            ("years", Value::from(publication_years(&site.briefs))),
        ]),
    );
    (context, "search".to_string())
}

/// How many pages either side of the current one a list's navigation links.
const EITHER_SIDE: usize = 2;

/// How many pages from page 0 a numbered page's navigation may change with the number
/// of pages: page `current` of `count` keeps its window while `current + 4 <= count`.
pub(super) const NAVIGATION_REACH: usize = EITHER_SIDE + 2;

/// The pages a list's navigation links, in reading order (page 0, then the numbered
/// pages from the newest to page 1, the oldest): page 0, page 1 and the two either side
/// of `current`, each with whether pages were skipped before it. A window, not every
/// page, so that a list of N pages costs O(N) to render, not O(N²); and one that
/// depends on how many pages there are only near page 0, so that a numbered page far
/// from it stays as it was when a new brief makes a new page.
fn page_window(current: usize, count: usize) -> Vec<(usize, bool)> {
    // Place in reading order (page 0 first, then `count - 1` down to 1) from page
    // number, and page number from place: the same map both ways.
    let flip = |n: usize| if n == 0 { 0 } else { count - n };
    let here = flip(current);
    let near = here.saturating_sub(EITHER_SIDE)..=(here + EITHER_SIDE).min(count - 1);
    let mut shown: Vec<usize> = std::iter::once(0)
        .chain(near)
        .chain(std::iter::once(count - 1))
        .collect();
    shown.dedup();
    let mut previous = None;
    shown
        .into_iter()
        .map(|at| {
            let gap_before = previous.is_some_and(|p: usize| at > p + 1);
            previous = Some(at);
            (flip(at), gap_before)
        })
        .collect()
}

/// Page `number` of a list of `briefs` whose first page is `first`: `briefs` (the
/// cards of this page) and `pagination`.
fn page_of_briefs(
    context: &mut PageContext,
    site: &Site,
    views: &Views,
    briefs: &[usize],
    first: &str,
    number: usize,
) {
    let page_size = site.config.page_size;
    let count = page_count(briefs.len(), page_size);
    let cards: Vec<Value> = briefs[page_places(briefs.len(), page_size, number)]
        .iter()
        .map(|&i| views.cards[i].clone())
        .collect();
    context.insert("briefs", cards);
    let base = &site.config.base_url;
    let url = |n: usize| base.local(&urls::paginated(first, n));
    let pages: Vec<Value> = page_window(number, count)
        .into_iter()
        .map(|(n, gap_before)| {
            map([
                ("number", Value::from(n)),
                ("url", Value::from(url(n))),
                ("gap_before", Value::from(gap_before)),
            ])
        })
        .collect();
    // Newer and older, in reading order.
    let previous = match number {
        0 => String::new(),
        n if n + 1 == count => url(0),
        n => url(n + 1),
    };
    let next = match number {
        0 if count > 1 => url(count - 1),
        n if n > 1 => url(n - 1),
        _ => String::new(),
    };
    context.insert(
        "pagination",
        map([
            ("current", Value::from(number)),
            ("paged", Value::from(count > 1)),
            ("previous_url", Value::from(previous)),
            ("next_url", Value::from(next)),
            ("pages", Value::from(pages)),
        ]),
    );
}

#[cfg(test)]
mod tests {
    use super::{page_window, NAVIGATION_REACH};

    #[test]
    fn the_window_links_both_ends_and_stays_as_it_was_far_from_page_zero() {
        for count in 1..40 {
            for current in 0..count {
                let window = page_window(current, count);
                let numbers: Vec<usize> = window.iter().map(|&(n, _)| n).collect();
                // Page 0 first, page 1 (the oldest) last, the current page in between.
                assert_eq!(numbers[0], 0);
                assert_eq!(*numbers.last().unwrap(), count.min(2) - 1);
                assert!(numbers.contains(&current), "{count} {current}");
                // A page more (a new brief's) leaves a page far from page 0 as it was.
                if current > 0 && current + NAVIGATION_REACH <= count {
                    assert_eq!(window, page_window(current, count + 1), "{count} {current}");
                }
            }
        }
    }
}
