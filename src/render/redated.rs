//! Rendering after an edit of one brief's date, which moved the brief among the
//! others (see [`crate::link::replace_date`]): the context's lists by brief follow the
//! move, and the pages that show the brief, or whose lists it moved through, are
//! rendered again.

use super::jobs::{archive_year_pages, DataFile, Job};
use super::keys::PageKeys;
use super::{feeds_and_records, render_noting_cards, RenderContext, Rendered};
use crate::link::{self, DateEdit, Site};
use crate::model::diagnostics::Diagnostic;
use crate::model::taxonomy::TaxonomyKind;

impl RenderContext {
    /// Moves the brief of a date edit among the cards and puts its new card in place,
    /// after [`crate::link::replace_date`] patched the site, with what the context
    /// keeps by brief: the pages noted as showing each card, the citation graph's nodes
    /// and edges, the sitemap's day for the brief.
    pub fn replace_date(&mut self, site: &Site, edit: &DateEdit) {
        self.views.move_card(edit.from, edit.to);
        let card = self.views.card(site, &site.briefs[edit.to]);
        self.put_card(edit.to, card);
        if let Some(graph) = self.graph.get_mut() {
            graph.move_brief(site, edit.from, edit.to);
        }
        self.put_sitemap_day(site, edit.to);
        let (came, went) = &edit.year_pages;
        if let Some(entries) = self.sitemap.get_mut() {
            entries.retain(|(path, _)| Some(path) != went.as_ref());
            if let Some(came) = came {
                let at = entries.partition_point(|(path, _)| path < came);
                entries.insert(at, (came.clone(), None));
            }
        }
        if let Some(readers) = self.readers.get_mut() {
            readers.move_brief(edit.from, edit.to);
            if went.is_some() {
                let gone = Job::ArchiveYear(edit.years.0);
                readers.renumber(|job| (job != gone).then_some(job));
            }
        }
    }
}

/// Renders what changed after an edit of a brief's date, once
/// [`RenderContext::replace_date`] moved the context along: the brief's page and the
/// pages that show its card, the pages of the briefs whose related briefs, neighbours in
/// a topic, backlinks or citations changed, every page of each list the brief moved
/// through (between its place before and now), the pages that show briefs by date or
/// year (home, timeline, archive, the brief's years' pages or, when a year came or
/// went, every year's page, the search page and the filter choices), the lists of
/// terms and of series and the standalone pages (checked by key: most stay), the feeds
/// and citation records that carry the brief, its social card, `graph.json` and the
/// sitemap. `None` when which pages show each card is not known yet.
pub fn render_redated(
    site: &Site,
    context: &mut RenderContext,
    edit: &DateEdit,
    previous: &PageKeys,
) -> Option<Result<Rendered, Vec<Diagnostic>>> {
    let readers = context.readers.get()?;
    let page_size = site.config.page_size;
    // The pages of a list of `items` between the brief's place before and now.
    let pages_between = |items: usize, before: usize, now: usize| {
        link::pages_between(items, page_size, before, now).into_iter()
    };
    let mut chosen: Vec<Job> = [edit.to]
        .iter()
        .chain(&edit.related)
        .chain(&edit.neighbours)
        .chain(&edit.citing_or_cited)
        .map(|&b| Job::Brief(b))
        .collect();
    chosen.extend(readers.of(edit.to));
    let briefs = site.briefs.len();
    chosen
        .extend(pages_between(briefs, edit.from, edit.to).map(|number| Job::BriefList { number }));
    for &(kind, term, before, now) in &edit.terms {
        let briefs = site.taxonomies.get(kind).terms[term].briefs.len();
        chosen.extend(pages_between(briefs, before, now).map(|number| Job::Term {
            kind,
            term,
            number,
        }));
    }
    for &(index, before, now) in &edit.intersections {
        let briefs = site.intersections[index].briefs.len();
        chosen.extend(
            pages_between(briefs, before, now).map(|number| Job::Intersection { index, number }),
        );
    }
    chosen.extend([Job::Home, Job::Timeline, Job::Archive, Job::SeriesIndex]);
    let years_changed = edit.year_pages != (None, None);
    if years_changed {
        // Every year's page lists the years, and so do the search page and the
        // filter choices.
        chosen.extend(archive_year_pages(site));
        chosen.push(Job::Search);
    } else {
        let (year_before, year_now) = edit.years;
        chosen.extend([Job::ArchiveYear(year_before), Job::ArchiveYear(year_now)]);
    }
    chosen.extend(TaxonomyKind::ALL.map(Job::Taxonomy));
    chosen.extend((0..site.pages.len()).map(Job::Page));
    chosen.extend(site.briefs[edit.to].series.map(Job::Series));
    if edit.glossary_changed {
        chosen.push(Job::Glossary);
    }
    chosen.sort_unstable();
    chosen.dedup();
    let mut files = feeds_and_records(site, &[edit.to]);
    if site.config.base_url.edition.is_empty() {
        files.push(DataFile::Graph);
    }
    if site.briefs[edit.to].card.is_some() {
        files.push(DataFile::Card(edit.to));
    }
    if years_changed {
        files.push(DataFile::FilterChoices);
    }
    let made = context.sitemap_now(site).into_iter().collect();
    Some(render_noting_cards(
        true, site, context, &chosen, files, made, previous,
    ))
}
