//! Rendering after a brief came or went as its skeleton (see
//! [`crate::link::insert_skeleton`]): the context's lists by brief follow, and the
//! pages that list every brief, its type's briefs or its year's are rendered again.

use super::jobs::{archive_year_pages, DataFile, Job};
use super::keys::PageKeys;
use super::{render_noting_cards, sitemap_entry, RenderContext, Rendered};
use crate::link::{self, Arrival, Site};
use crate::model::diagnostics::Diagnostic;
use crate::model::taxonomy::TaxonomyKind;

impl RenderContext {
    /// Puts in the card, graph node and sitemap entry of a brief that came, or takes
    /// out those of one that went, with what the context keeps by brief. Returns
    /// `false`, changing nothing, when other values every page shows changed too:
    /// the context is then made again.
    pub fn follow_arrival(&mut self, site: &Site, arrival: &Arrival) -> bool {
        let Some((replaced, new)) = self.views.follow_arrival(site, arrival) else {
            return false;
        };
        self.replace_shared(replaced, &new);
        if let Some(graph) = self.graph.get_mut() {
            graph.follow_arrival(site, arrival);
        }
        if let Some(entries) = self.sitemap.get_mut() {
            if arrival.came {
                let own = sitemap_entry(site, &Job::Brief(arrival.index));
                let lists = arrival.pages[1..].iter().map(|path| (path.clone(), None));
                for entry in std::iter::once(own).chain(lists) {
                    let at = entries.partition_point(|e| *e < entry);
                    entries.insert(at, entry);
                }
            } else {
                entries.retain(|(path, _)| !arrival.pages.contains(path));
            }
        }
        if let Some(readers) = self.readers.get_mut() {
            let page_size = site.config.page_size;
            let types = &site.taxonomies.get(TaxonomyKind::Types).terms;
            readers.follow_arrival(arrival, |job| match job {
                Job::BriefList { number } => {
                    number < link::page_count(site.briefs.len(), page_size)
                }
                Job::Term {
                    kind: TaxonomyKind::Types,
                    term,
                    number,
                } => number < link::page_count(types[term].briefs.len(), page_size),
                Job::ArchiveYear(year) => {
                    arrival.came || !arrival.alone_in_year || year != arrival.year
                }
                _ => true,
            });
        }
        true
    }
}

/// Renders what changed after a brief came or went, once
/// [`RenderContext::follow_arrival`] followed it: the brief's page, the pages of the
/// lists of every brief and of its type whose briefs or navigation changed, the pages
/// that show briefs by date or year (home, timeline, archive, its year's page or, when
/// its year came or went with it, every year's page and the filter choices), the list
/// of types (which counts their briefs), the search, not-found and standalone pages
/// (checked by key: most stay), the site's feed, the brief's citation records and
/// social card, `graph.json` and the sitemap.
pub fn render_arrival(
    site: &Site,
    context: &mut RenderContext,
    arrival: &Arrival,
    previous: &PageKeys,
) -> Result<Rendered, Vec<Diagnostic>> {
    let page_size = site.config.page_size;
    let mut chosen: Vec<Job> =
        changed_pages(arrival.briefs, arrival.index, arrival.came, page_size)
            .map(|number| Job::BriefList { number })
            .collect();
    if let Some(change) = arrival.kind {
        let pages = changed_pages(change.lengths, change.place, arrival.came, page_size);
        chosen.extend(pages.map(|number| Job::Term {
            kind: TaxonomyKind::Types,
            term: change.term,
            number,
        }));
    }
    chosen.extend([
        Job::Home,
        Job::Timeline,
        Job::Archive,
        Job::Search,
        Job::NotFound,
        Job::Taxonomy(TaxonomyKind::Types),
    ]);
    chosen.extend((0..site.pages.len()).map(Job::Page));
    let mut files = DataFile::site_feeds(site);
    if arrival.alone_in_year {
        // Its year came or went: every year's page lists the years, and so do the
        // filter choices.
        chosen.extend(archive_year_pages(site));
        files.push(DataFile::FilterChoices);
    } else {
        chosen.push(Job::ArchiveYear(arrival.year));
    }
    if arrival.came {
        let index = arrival.index;
        chosen.push(Job::Brief(index));
        if site.config.citation_files {
            files.extend([DataFile::CiteBib(index), DataFile::CiteRis(index)]);
        }
        if site.briefs[index].card.is_some() {
            files.push(DataFile::Card(index));
        }
    }
    if site.config.base_url.edition.is_empty() {
        files.push(DataFile::Graph);
    }
    chosen.sort_unstable();
    chosen.dedup();
    let made = context.sitemap_now(site).into_iter().collect();
    render_noting_cards(true, site, context, &chosen, files, made, previous)
}

/// The pages of a list, as it is now, that a brief coming to or going from `place` (of
/// the longer of the list's two `lengths`, before and now) changed: those of the places
/// from the newest to it (numbered pages count from the oldest, so those after it keep
/// what they show), and when the number of pages changed, those near the newest,
/// whose navigation shows how many there are (see [`link::page_count`]).
fn changed_pages(
    (before, now): (usize, usize),
    place: usize,
    came: bool,
    page_size: usize,
) -> impl Iterator<Item = usize> {
    let last_place = now.saturating_sub(1);
    // A brief that went leaves its place to the one after it, which keeps its page.
    let place = if came { place } else { place.saturating_sub(1) };
    let mut numbers = link::pages_between(now.max(1), page_size, 0, place.min(last_place));
    let (had, has) = (
        link::page_count(before, page_size),
        link::page_count(now, page_size),
    );
    if had != has {
        // Pages as far from page 0 as the navigation reaches, and the page that came
        // or went.
        let reach = super::pages::NAVIGATION_REACH + 1;
        numbers.extend(had.min(has).saturating_sub(reach).max(1)..has);
    }
    numbers.push(0);
    numbers.into_iter()
}
