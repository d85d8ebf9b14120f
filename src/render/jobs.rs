//! What a render makes: a job per page (rendered with a template) and a data file per
//! feed, citation record and other file written in code.

use std::hash::Hasher;

use xxhash_rust::xxh3::Xxh3;

use super::cards::{self, CardKit};
use super::cite::{self, Cited};
use super::feeds;
use super::views::filter_choices;
use super::RenderContext;
use crate::link::{page_count, publication_years, Site};
use crate::model::output::OutputFile;
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    Home,
    BriefList {
        number: usize,
    },
    Brief(usize),
    Taxonomy(TaxonomyKind),
    Term {
        kind: TaxonomyKind,
        term: usize,
        number: usize,
    },
    /// `archive/`: every year, with how many briefs it has.
    Archive,
    /// `archive/<year>/`: the briefs of a year.
    ArchiveYear(i32),
    Timeline,
    Search,
    Page(usize),
    /// `series/`: every series.
    SeriesIndex,
    Series(usize),
    Intersection {
        index: usize,
        number: usize,
    },
    Glossary,
    NotFound,
}

/// One file written in code rather than with a template (see [`feeds`] and [`cite`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DataFile {
    /// `cite.bib` next to a brief page (`citation_files: true`).
    CiteBib(usize),
    /// `cite.ris` next to a brief page (`citation_files: true`).
    CiteRis(usize),
    /// The site's Atom feed.
    SiteFeed,
    /// A topic's Atom feed (index into the topics taxonomy).
    TopicFeed(usize),
    /// `graph.json`.
    Graph,
    Robots,
    /// The social card of a brief without `image:`.
    Card(usize),
    /// The site's social card, for the pages that are not briefs (`social_cards`).
    SiteCard,
    /// The favicon drawn as a PNG of this many pixels (32, or 180 for phones).
    Icon(u32),
    /// The region and year choices of the list pages' filter form.
    FilterChoices,
}

impl DataFile {
    /// Whether the file is the whole site's rather than one brief's: the same file
    /// whatever the briefs' order (topics are declared, and keep their places).
    pub fn is_site_wide(self) -> bool {
        !matches!(
            self,
            DataFile::CiteBib(_) | DataFile::CiteRis(_) | DataFile::Card(_)
        )
    }

    /// The feeds that change with any brief: the site's, and those of topics no brief
    /// is filed under, whose date is the site's last update.
    pub fn site_feeds(site: &Site) -> Vec<DataFile> {
        let topics = &site.taxonomies.get(TaxonomyKind::Topics).terms;
        let empty = topics.iter().enumerate().filter(|(_, term)| {
            term.briefs
                .iter()
                .all(|&b| site.briefs[b].preview.is_some())
        });
        std::iter::once(DataFile::SiteFeed)
            .chain(empty.map(|(t, _)| DataFile::TopicFeed(t)))
            .collect()
    }

    pub fn all(site: &Site) -> Vec<DataFile> {
        let mut files = vec![DataFile::SiteFeed, DataFile::FilterChoices];
        // One `robots.txt`, citation graph and set of icons for the whole site: the
        // default language's edition writes them.
        let default_edition = site.config.base_url.edition.is_empty();
        if default_edition {
            files.extend([DataFile::Graph, DataFile::Robots]);
        }
        let topics = site.taxonomies.get(TaxonomyKind::Topics).terms.len();
        files.extend((0..topics).map(DataFile::TopicFeed));
        for (index, brief) in site.briefs.iter().enumerate() {
            if site.config.citation_files {
                files.extend([DataFile::CiteBib(index), DataFile::CiteRis(index)]);
            }
            if brief.card.is_some() {
                files.push(DataFile::Card(index));
            }
        }
        if site.config.social_cards {
            files.push(DataFile::SiteCard);
        }
        if svg_favicon(site) && default_edition {
            files.extend([DataFile::Icon(32), DataFile::Icon(180)]);
        }
        files
    }

    /// The file's path in the output folder (in its edition's folder).
    pub fn path(&self, site: &Site) -> String {
        let path = match self {
            DataFile::CiteBib(i) => urls::cite_bib(&site.briefs[*i].path),
            DataFile::CiteRis(i) => urls::cite_ris(&site.briefs[*i].path),
            DataFile::SiteFeed => urls::SITE_FEED.to_string(),
            DataFile::TopicFeed(t) => {
                urls::topic_feed(&site.taxonomies.get(TaxonomyKind::Topics).terms[*t].slug)
            }
            DataFile::Graph => urls::GRAPH.to_string(),
            DataFile::Robots => urls::ROBOTS.to_string(),
            DataFile::Card(i) => urls::social_card(&site.briefs[*i].path),
            DataFile::SiteCard => urls::SITE_CARD.to_string(),
            DataFile::Icon(32) => urls::FAVICON_PNG.to_string(),
            DataFile::Icon(_) => urls::APPLE_TOUCH_ICON.to_string(),
            DataFile::FilterChoices => urls::FILTER_CHOICES.to_string(),
        };
        site.config.base_url.output_file(&path)
    }

    /// For a file made from one brief alone (its citation records), a hash of what it
    /// is made from, with `globals` (which cover the configuration); `None` for files
    /// made from many briefs, which are made every time and written only when they
    /// change.
    pub fn key(&self, site: &Site, kit: &CardKit, globals: u64) -> Option<u64> {
        let (tag, brief) = match self {
            DataFile::CiteBib(i) => (b'b', *i),
            DataFile::CiteRis(i) => (b'r', *i),
            // A card is made from its texts, the fonts and the logo alone.
            DataFile::Card(i) => {
                return Some(kit.card_key(
                    &cards::CardText::of(site, &site.briefs[*i]),
                    site.labels.text_or("and", "and"),
                ))
            }
            DataFile::SiteCard => {
                return Some(kit.card_key(
                    &cards::CardText::of_site(site),
                    site.labels.text_or("and", "and"),
                ))
            }
            DataFile::Icon(size) => return Some(kit.icon_key(*size) ^ globals),
            _ => return None,
        };
        let mut state = Xxh3::new();
        state.write_u64(globals);
        state.write_u8(tag);
        Cited::of(site, &site.briefs[brief]).key(&mut state);
        Some(state.finish())
    }

    /// The file. With `link_cached` (a build, which writes into a staging folder), a
    /// social card already in the card cache is handed over as that cache file, which
    /// the staging folder links: no bytes read or written for the 10,000 cards of a
    /// 10,000-brief site that has not changed.
    pub fn render(&self, site: &Site, context: &RenderContext, link_cached: bool) -> OutputFile {
        let kit = &context.kit;
        let data = |bytes: String| OutputFile {
            path: self.path(site),
            bytes: bytes.into_bytes(),
            cached: None,
        };
        let file = match self {
            DataFile::CiteBib(i) => data(cite::bibtex(&Cited::of(site, &site.briefs[*i]))),
            DataFile::CiteRis(i) => data(cite::ris(&Cited::of(site, &site.briefs[*i]))),
            DataFile::SiteFeed => feeds::site_feed(site),
            DataFile::TopicFeed(t) => feeds::topic_feed(site, *t),
            DataFile::Graph => context.graph(site).file(),
            DataFile::Robots => feeds::robots(site),
            DataFile::FilterChoices => data(filter_choices(site)),
            DataFile::Card(i) => {
                let text = cards::CardText::of(site, &site.briefs[*i]);
                let and = site.labels.text_or("and", "and");
                let cached = link_cached.then(|| kit.cached_card(&text, and)).flatten();
                OutputFile {
                    path: self.path(site),
                    bytes: if cached.is_some() {
                        Vec::new()
                    } else {
                        kit.card(&text, and)
                    },
                    cached,
                }
            }
            DataFile::SiteCard => OutputFile {
                path: self.path(site),
                bytes: kit.card(
                    &cards::CardText::of_site(site),
                    site.labels.text_or("and", "and"),
                ),
                cached: None,
            },
            DataFile::Icon(size) => OutputFile {
                path: self.path(site),
                bytes: kit.icon(*size),
                cached: None,
            },
        };
        // Feeds name their own file; in a language's edition it is in its folder.
        OutputFile {
            path: self.path(site),
            ..file
        }
    }
}

/// The archive's page of each year a brief is of.
pub(super) fn archive_year_pages(site: &Site) -> impl Iterator<Item = Job> {
    publication_years(&site.briefs)
        .into_iter()
        .map(Job::ArchiveYear)
}

/// Whether the site's favicon is an SVG, drawn as PNG icons too.
fn svg_favicon(site: &Site) -> bool {
    site.config
        .favicon
        .as_deref()
        .is_some_and(|f| f.to_ascii_lowercase().ends_with(".svg"))
}

impl Job {
    pub fn describe(&self, site: &Site) -> String {
        match self {
            Job::Brief(i) => format!(
                "/{} ({})",
                site.briefs[*i].path,
                site.briefs[*i].parsed.source.display()
            ),
            Job::Page(i) => format!(
                "/{} ({})",
                site.pages[*i].path,
                site.pages[*i].parsed.source.display()
            ),
            _ => format!("/{}", self.path(site)),
        }
    }

    /// Site path of the page (`briefs/x/`, `404.html`).
    pub fn path(&self, site: &Site) -> String {
        match self {
            Job::Home => urls::HOME.to_string(),
            Job::BriefList { number } => urls::paginated(urls::BRIEF_LIST, *number),
            Job::Brief(i) => site.briefs[*i].path.clone(),
            Job::Taxonomy(kind) => urls::taxonomy(*kind),
            Job::Term { kind, term, number } => {
                let slug = &site.taxonomies.get(*kind).terms[*term].slug;
                urls::paginated(&urls::term(*kind, slug), *number)
            }
            Job::Archive => urls::ARCHIVE.to_string(),
            Job::ArchiveYear(year) => urls::archive_year(*year),
            Job::Timeline => urls::TIMELINE.to_string(),
            Job::Search => urls::SEARCH.to_string(),
            Job::Page(i) => site.pages[*i].path.clone(),
            Job::SeriesIndex => urls::SERIES_INDEX.to_string(),
            Job::Series(i) => site.series[*i].path.clone(),
            Job::Intersection { index, number } => {
                urls::paginated(&site.intersections[*index].path, *number)
            }
            Job::Glossary => urls::GLOSSARY.to_string(),
            Job::NotFound => urls::NOT_FOUND.to_string(),
        }
    }
}

pub fn jobs(site: &Site) -> Vec<Job> {
    let page_size = site.config.page_size;
    let mut jobs = vec![
        Job::Home,
        Job::Archive,
        Job::Timeline,
        Job::Search,
        Job::NotFound,
        Job::SeriesIndex,
    ];
    if site.glossary.is_some() {
        jobs.push(Job::Glossary);
    }
    jobs.extend(archive_year_pages(site));
    jobs.extend(
        (0..page_count(site.briefs.len(), page_size)).map(|number| Job::BriefList { number }),
    );
    jobs.extend((0..site.briefs.len()).map(Job::Brief));
    for kind in TaxonomyKind::ALL {
        jobs.push(Job::Taxonomy(kind));
        for (term, t) in site.taxonomies.get(kind).terms.iter().enumerate() {
            for number in 0..page_count(t.briefs.len(), page_size) {
                jobs.push(Job::Term { kind, term, number });
            }
        }
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs.extend((0..site.series.len()).map(Job::Series));
    for (index, intersection) in site.intersections.iter().enumerate() {
        for number in 0..page_count(intersection.briefs.len(), page_size) {
            jobs.push(Job::Intersection { index, number });
        }
    }
    jobs
}
