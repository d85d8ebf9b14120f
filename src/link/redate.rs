//! Patching a linked site after an edit of one brief's date, instead of linking the
//! whole site again. Briefs are numbered newest first, so a new date moves the brief
//! to another index and renumbers every brief in between: each list of briefs the site
//! holds (terms, pairs of topics, series, the glossary, backlinks, citations, related
//! briefs) is renumbered, and what depends on dates is worked out again: the brief's
//! neighbours in its topics' lists, the related briefs of those that could have it as
//! a candidate (scores fall with the years between two briefs).

use std::sync::Arc;

use chrono::Datelike;

use super::edit::{
    index_of, listed_the_same, order, same_for_other_pages, same_text_for_other_pages,
};
use super::graph;
use super::paths::{year_has_brief, ARCHIVE_OWNER};
use super::related::{self, Membership};
use super::retag::links_to_any;
use crate::link::Site;
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;
use crate::parse::schedule::{self, Inclusion};
use crate::parse::ParsedBrief;

/// What [`replace_date`] changed. Indexes are the briefs' after the edit.
#[derive(Debug)]
pub struct DateEdit {
    /// The brief's index before the edit.
    pub from: usize,
    /// Its index now.
    pub to: usize,
    /// The brief's place in each list of a term it belongs to, as (kind, term, place
    /// before, place now).
    pub terms: Vec<(TaxonomyKind, usize, usize, usize)>,
    /// The same for the lists of pairs of topics (indexes into
    /// [`Site::intersections`]).
    pub intersections: Vec<(usize, usize, usize)>,
    /// The publication years of the brief before and after the edit.
    pub years: (i32, i32),
    /// The site paths of the archive pages of years the site did not have before
    /// (the year the brief moved to) and of those it no longer has (the year it left),
    /// as (came, went).
    pub year_pages: (Option<String>, Option<String>),
    /// The briefs whose related briefs changed.
    pub related: Vec<usize>,
    /// The briefs whose neighbours in a topic's list changed.
    pub neighbours: Vec<usize>,
    /// The briefs the moved brief cites (their backlinks list it among the others,
    /// newest first) and those that cite it (which list what they cite, newest first).
    pub citing_or_cited: Vec<usize>,
    /// The glossary page lists the brief among others, newest first.
    pub glossary_changed: bool,
}

impl DateEdit {
    /// The index a brief has now, by its index before the edit.
    pub fn renumber(&self, index: usize) -> usize {
        renumbering(self.from, self.to)(index)
    }
}

/// The index each brief has after the brief at `from` moved to `to`, by its index before.
pub(super) fn renumbering(from: usize, to: usize) -> impl Fn(usize) -> usize {
    move |index| {
        if index == from {
            to
        } else if from < to && (from + 1..=to).contains(&index) {
            index - 1
        } else if to < from && (to..from).contains(&index) {
            index + 1
        } else {
            index
        }
    }
}

/// Puts the re-parsed brief `edited` into `site` in place of its previous version when
/// the two differ in their date and otherwise at most in what only the brief's own page
/// shows (see [`super::replace_bodies`]), moving it among the briefs. Returns `None`,
/// leaving `site` untouched, when the edit needs the whole link stage: more than one
/// brief edited, a brief held back or shown as a preview before or after (a date to
/// come), a year whose archive page goes while a link points at it, comes while a
/// link is broken (the page could mend it), or comes or goes on a site in several
/// languages (where each edition's pages name the others'), or a term written several
/// ways or a series named otherwise by its briefs (the newest brief's spelling wins).
/// On a site in several languages, the caller tells the other editions the brief's new
/// day (see `dev::session::editions`).
pub fn replace_date(site: &mut Site, edited: &[Arc<ParsedBrief>]) -> Option<DateEdit> {
    let [new] = edited else { return None };
    let from = index_of(site, new)?;
    let old = &site.briefs[from];
    let mut with_old_date = new.meta.clone();
    with_old_date.date = old.parsed.meta.date;
    let (year_before, year_now) = (old.parsed.meta.date.day.year(), new.meta.date.day.year());
    let inclusion = Inclusion::published(Inclusion::clock());
    // The archive page of a year no other brief is of, which comes or goes with the
    // moved brief (looked for only when the brief changes year).
    let year_page = |year: i32| {
        (year_before != year_now && !year_has_brief(&site.briefs, year, Some(from)))
            .then(|| urls::archive_year(year))
    };
    let year_pages = (year_page(year_now), year_page(year_before));
    let years_changed = year_pages.0.is_some() || year_pages.1.is_some();
    if !listed_the_same(&old.parsed.meta, &new.meta)
        || !same_for_other_pages(&old.parsed.meta, &with_old_date)
        || !same_text_for_other_pages(site, from, new)
        || old.preview.is_some()
        || schedule::withheld(new, inclusion).is_some()
        || (years_changed && site.editions.is_multilingual())
        || (year_pages.0.is_some() && site.stats.links_broken > 0)
        || year_pages
            .1
            .as_ref()
            .is_some_and(|gone| links_to_any(site, std::slice::from_ref(gone), None))
        || year_pages.0.as_ref().is_some_and(|came| {
            !site
                .known_paths
                .can_claim(std::slice::from_ref(came), ARCHIVE_OWNER)
        })
        || !named_one_way(site, from)
    {
        return None;
    }
    if let Some(came) = &year_pages.0 {
        site.known_paths
            .claim_all(vec![came.clone()], ARCHIVE_OWNER);
    }
    if let Some(went) = &year_pages.1 {
        site.known_paths.release(went);
    }
    // Where the new version goes among the other briefs, which keep their order.
    let to = site
        .briefs
        .iter()
        .enumerate()
        .filter(|&(i, b)| i != from && order(&b.parsed) < order(new))
        .count();
    let renumber = renumbering(from, to);

    // Everyone who could have the brief as a candidate for related briefs, before the
    // move (in the old numbering, renumbered) and after.
    let mut rescore_before = vec![false; site.briefs.len()];
    mark_candidate_holders(site, from, &mut rescore_before);
    let places_before = places(site, from);

    // The move itself.
    let mut brief = site.briefs.remove(from);
    brief.parsed = Arc::clone(new);
    site.briefs.insert(to, brief);
    let explicit = site.explicit_related.remove(from);
    site.explicit_related.insert(to, explicit);
    let glossary_changed = site
        .glossary
        .iter()
        .flatten()
        .any(|entry| entry.briefs.contains(&from));
    renumber_briefs(site, &renumber);
    let neighbours_before: Vec<_> = site
        .briefs
        .iter_mut()
        .map(|brief| std::mem::take(&mut brief.topic_neighbours))
        .collect();

    graph::topic_neighbours(&mut site.briefs, &site.taxonomies);
    let neighbours = (0..site.briefs.len())
        .filter(|&i| site.briefs[i].topic_neighbours != neighbours_before[i])
        .collect();

    let mut rescore = vec![false; site.briefs.len()];
    for (index, marked) in rescore_before.into_iter().enumerate() {
        rescore[renumber(index)] |= marked;
    }
    rescore[to] = true;
    mark_candidate_holders(site, to, &mut rescore);
    // Unless the brief is among the newest of a topic (which briefs with few narrow
    // matches draw candidates from), only its own score for the others changed.
    let places_now = places(site, to);
    let limit = site.config.related.limit;
    let among_newest = |places: &Places| {
        places.terms.iter().any(|&(kind, _, place)| {
            kind == TaxonomyKind::Topics && place < related::topic_newest(limit)
        })
    };
    let newest_changed = among_newest(&places_before) || among_newest(&places_now);
    let rescore: Vec<usize> = (0..site.briefs.len())
        .filter(|&i| rescore[i])
        .filter(|&i| {
            newest_changed
                || related::could_rank_differently(
                    &site.config,
                    &site.briefs,
                    &site.explicit_related,
                    i,
                    to,
                )
        })
        .collect();
    let related = related::score_again(site, rescore);

    let terms = places_before
        .terms
        .into_iter()
        .zip(places_now.terms)
        .map(|((kind, term, before), (_, _, now))| (kind, term, before, now))
        .collect();
    let intersections = places_before
        .intersections
        .into_iter()
        .zip(places_now.intersections)
        .map(|((index, before), (_, now))| (index, before, now))
        .collect();
    let moved = &site.briefs[to];
    let citing_or_cited = moved
        .cites
        .iter()
        .copied()
        .chain(moved.backlinks.iter().map(|b| b.from))
        .collect();
    Some(DateEdit {
        from,
        to,
        terms,
        intersections,
        years: (year_before, year_now),
        year_pages,
        related,
        neighbours,
        citing_or_cited,
        glossary_changed,
    })
}

/// Whether every term of brief `index` is written one way by all its briefs, and its
/// series named one way: otherwise the newest brief's spelling could name them.
fn named_one_way(site: &Site, index: usize) -> bool {
    let brief = &site.briefs[index];
    let terms_named_one_way = TaxonomyKind::ALL.iter().all(|&kind| {
        brief.terms[kind.index()]
            .iter()
            .all(|&term| !site.taxonomies.get(kind).terms[term].spelled_several_ways())
    });
    let series_named_one_way = brief.series.is_none_or(|s| {
        let name = |b: usize| site.briefs[b].parsed.meta.series.as_ref().map(|r| &r.name);
        site.series[s]
            .briefs
            .iter()
            .all(|&b| name(b) == name(index))
    });
    terms_named_one_way && series_named_one_way
}

/// Marks in `rescore` every brief of `site` that could have brief `index` as a
/// candidate for its related briefs. A date edit leaves the brief's terms as they
/// were: none crosses the line between narrow and broad, so marking never declines.
fn mark_candidate_holders(site: &Site, index: usize, rescore: &mut [bool]) {
    let brief = &site.briefs[index];
    let membership = Membership {
        terms: &brief.terms,
        series: brief.series.map(|s| &site.series[s].briefs[..]),
        index,
    };
    let versions = related::Versions {
        taxonomies: [&site.taxonomies, &site.taxonomies],
        renumbered: None,
    };
    let limit = site.config.related.limit;
    let _ = related::mark_candidate_holders(
        &versions,
        [Some(membership), None],
        &site.briefs,
        limit,
        rescore,
    );
}

/// Where brief `index` sits in the lists of its terms and of the pairs of topics.
struct Places {
    terms: Vec<(TaxonomyKind, usize, usize)>,
    intersections: Vec<(usize, usize)>,
}

fn places(site: &Site, index: usize) -> Places {
    let place = |list: &[usize]| list.binary_search(&index).ok();
    let terms = TaxonomyKind::ALL
        .into_iter()
        .flat_map(|kind| {
            site.briefs[index].terms[kind.index()]
                .iter()
                .filter_map(move |&term| {
                    let list = &site.taxonomies.get(kind).terms[term].briefs;
                    Some((kind, term, place(list)?))
                })
        })
        .collect();
    let intersections = site
        .intersections
        .iter()
        .enumerate()
        .filter_map(|(i, pair)| Some((i, place(&pair.briefs)?)))
        .collect();
    Places {
        terms,
        intersections,
    }
}

/// Renumbers every list of briefs `site` holds (terms, pairs of topics, series, the
/// glossary, `related:` entries, backlinks, citations, related briefs, neighbours in a
/// topic) after briefs moved: `renumber` gives a brief's index now by its index before.
/// Lists kept newest first stay so; series stay in part order.
pub(super) fn renumber_briefs(site: &mut Site, renumber: &impl Fn(usize) -> usize) {
    for list in &mut site.explicit_related {
        list.iter_mut().for_each(|b| *b = renumber(*b));
    }
    site.taxonomies.renumber_briefs(renumber);
    for intersection in &mut site.intersections {
        renumber_sorted(&mut intersection.briefs, renumber);
    }
    for series in &mut site.series {
        series.briefs.iter_mut().for_each(|b| *b = renumber(*b));
    }
    for entry in site.glossary.iter_mut().flatten() {
        renumber_sorted(&mut entry.briefs, renumber);
    }
    for brief in &mut site.briefs {
        for backlink in &mut brief.backlinks {
            backlink.from = renumber(backlink.from);
        }
        brief.backlinks.sort_by_key(|b| b.from);
        renumber_sorted(&mut brief.cites, renumber);
        brief.related.iter_mut().for_each(|b| *b = renumber(*b));
        for n in &mut brief.topic_neighbours {
            n.previous = n.previous.map(renumber);
            n.next = n.next.map(renumber);
        }
    }
}

/// Renumbers a list of briefs kept newest first (in index order).
fn renumber_sorted(list: &mut [usize], renumber: impl Fn(usize) -> usize) {
    list.iter_mut().for_each(|b| *b = renumber(*b));
    list.sort_unstable();
}
