//! Patching a linked site after an edit of briefs' topics, regions, tags, authors or
//! series, instead of linking the whole site again: the taxonomies are patched (or,
//! for free names, built again), with the pairs of topics, the topics' citations and
//! neighbours, the series' parts, the related briefs of those that could have an
//! edited brief as a candidate, and nothing else moves (the briefs keep their order,
//! links and backlinks).

use std::sync::Arc;

use hashbrown::HashSet;

use super::edit::{
    hrefs_of_site, index_of, listed_the_same, same_for_other_pages, same_text_for_other_pages,
    with_terms_of,
};
use super::graph;
use super::paths::{self, page_count};
use super::related::{self, Membership};
use super::series;
use super::taxonomy::{self, BriefTerms, Taxonomies, Taxonomy, TermNames};
use crate::link::{Brief, Series, Site};
use crate::model::meta::{BriefMeta, TermName};
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls::{self, BaseUrl};
use crate::parse::ParsedBrief;

/// The taxonomies an edit handled here may change.
pub const RETAGGED_KINDS: [TaxonomyKind; 4] = [
    TaxonomyKind::Topics,
    TaxonomyKind::Regions,
    TaxonomyKind::Tags,
    TaxonomyKind::Authors,
];

/// Those of them whose terms are declared (in the configuration and the registry of
/// authors): only their lists of briefs change.
const DECLARED_KINDS: [TaxonomyKind; 2] = [TaxonomyKind::Topics, TaxonomyKind::Authors];

/// Those of them whose terms are free names, which come and go with the briefs.
const FREE_KINDS: [TaxonomyKind; 2] = [TaxonomyKind::Regions, TaxonomyKind::Tags];

/// What [`replace_terms`] changed.
#[derive(Debug)]
pub struct TermEdit {
    /// The briefs put in place.
    pub briefs: Vec<usize>,
    /// The terms whose lists of briefs changed (new ones included), as (kind, index in
    /// the new taxonomy).
    pub terms: Vec<(TaxonomyKind, usize)>,
    /// For each kind of [`RETAGGED_KINDS`], the index each term had before the edit, by
    /// its index now (`None` for a new term).
    pub previous_index: Vec<(TaxonomyKind, Vec<Option<usize>>)>,
    /// The other way round: the index each term has now, by its index before the edit
    /// (`None` for a term that went).
    pub current_index: Vec<(TaxonomyKind, Vec<Option<usize>>)>,
    /// The site paths of the term pages that went (a term no brief has any more, or a
    /// list that has fewer pages).
    pub removed_paths: Vec<String>,
    /// The site paths of the term pages that came.
    pub added_paths: Vec<String>,
    /// A term page came or went: the site has other pages than before.
    pub paths_changed: bool,
    /// The briefs whose related briefs changed.
    pub related: Vec<usize>,
    /// An edited brief's topics changed (what the home page, the timeline, `graph.json`
    /// and the pages of its regions, which group briefs by topic, show).
    pub topics_changed: bool,
    /// The pairs of topics whose lists changed (indexes into [`Site::intersections`]).
    pub intersections: Vec<usize>,
    /// The briefs whose neighbours in a topic's list changed.
    pub neighbours: Vec<usize>,
    /// How topics cite each other changed (every topic's first page shows it).
    pub topic_citations_changed: bool,
    /// The series whose parts changed, new ones included (indexes into
    /// [`Site::series`]; their pages and their briefs' pages show the parts).
    pub series: Vec<usize>,
    /// When briefs' series changed: the index each series has now, by its index before
    /// the edit (`None` for a series that went).
    pub series_now: Option<Vec<Option<usize>>>,
}

/// Puts re-parsed briefs into `site` in place of their previous versions when they
/// differ from them in their topics, regions, tags, authors and series, and otherwise
/// at most in what only their own pages show (see [`super::replace_bodies`], which
/// takes every edit that leaves the terms alone): same title, subtitle, summary, date
/// and links. Returns `None`, leaving `site` untouched, when the edit needs the whole
/// link stage: a name that clashes with another's URL, a term whose name changes (its
/// spelling is the commonest one), a term page that appears where another output is or
/// that goes while a link points to it, a link already broken (a new page could mend
/// it), a series that comes, goes or is renamed, a series part claimed twice, or a
/// term that becomes too common, or no longer too common, to find related briefs by.
pub fn replace_terms(site: &mut Site, edited: &[Arc<ParsedBrief>]) -> Option<TermEdit> {
    let mut indexes = Vec::with_capacity(edited.len());
    for new in edited {
        let index = index_of(site, new)?;
        let old = &site.briefs[index].parsed.meta;
        let with_new_terms = with_terms_of(old, &new.meta);
        if !listed_the_same(old, &new.meta)
            || indexes.contains(&index)
            || !same_for_other_pages(&with_new_terms, &new.meta)
            || !same_text_for_other_pages(site, index, new)
        {
            return None;
        }
        indexes.push(index);
    }
    let series_moved = indexes
        .iter()
        .zip(edited)
        .any(|(&i, new)| site.briefs[i].parsed.meta.series != new.meta.series);
    let mut new_series = if series_moved {
        Some(series_after(site, &indexes, edited)?)
    } else {
        None
    };
    let topics_changed = indexes
        .iter()
        .zip(edited)
        .any(|(&i, new)| site.briefs[i].parsed.meta.topics != new.meta.topics);
    let mut moved = site.taxonomies.clone();
    for kind in DECLARED_KINDS {
        let edits: Vec<(usize, &[String], &[String])> = indexes
            .iter()
            .zip(edited)
            .map(|(&i, new)| {
                let old = &site.briefs[i].parsed.meta;
                (
                    i,
                    declared_terms(old, kind),
                    declared_terms(&new.meta, kind),
                )
            })
            .collect();
        moved.replace(site.taxonomies.get(kind).with_members_moved(&edits));
    }
    let (mut taxonomies, mut memberships) = match patch_free_terms(site, &moved, &indexes, edited) {
        Some(patched) => patched,
        None => rebuild_free_terms(site, moved, &indexes, edited)?,
    };
    for (&index, new) in indexes.iter().zip(edited) {
        for kind in DECLARED_KINDS {
            let slugs = declared_terms(&new.meta, kind).iter().map(String::as_str);
            memberships.set(index, kind, taxonomies.get(kind).terms_of(slugs));
        }
    }
    let config = &site.config;
    if let Some(language) = config.languages.iter().find(|l| l.code == config.language) {
        taxonomies.translate_regions(&language.regions);
    }
    let (mut changes, added) = compare(&site.taxonomies, &taxonomies, config.page_size)?;
    let mut new_pages: Vec<(String, Vec<String>)> = added
        .into_iter()
        .map(|(kind, term, paths)| {
            let owner = paths::term_owner(kind, &taxonomies.get(kind).terms[term]);
            (owner, paths)
        })
        .collect();
    let intersections = taxonomy::intersections(&taxonomies);
    for (index, (old, new)) in site.intersections.iter().zip(&intersections).enumerate() {
        if old.briefs == new.briefs {
            continue;
        }
        changes.intersections.push(index);
        let had = page_count(old.briefs.len(), config.page_size);
        let has = page_count(new.briefs.len(), config.page_size);
        if had != has {
            changes.paths_changed = true;
            changes.removed_paths.extend(pages(&new.path, has..had));
            let owner = paths::INTERSECTION_OWNER.to_string();
            new_pages.push((owner, pages(&new.path, had..has)));
        }
    }
    if let Some(after) = &mut new_series {
        if !after.added.is_empty() || !after.removed.is_empty() {
            changes.paths_changed = true;
            changes.removed_paths.extend(after.removed.iter().cloned());
            new_pages.append(&mut after.added);
        }
    }
    // A page that comes may mend a broken link or take another output's path; one
    // that goes may break a link.
    if changes.paths_changed
        && (site.stats.links_broken > 0
            || links_to_any(site, &changes.removed_paths, None)
            || !new_pages
                .iter()
                .all(|(owner, paths)| site.known_paths.can_claim(paths, owner)))
    {
        return None;
    }
    // Everyone who could have an edited brief as a candidate, before and after.
    let mut rescore = vec![false; site.briefs.len()];
    for &index in &indexes {
        rescore[index] = true;
        let brief = &site.briefs[index];
        let series = brief.series.map(|s| &site.series[s].briefs[..]);
        let before = Membership {
            terms: &brief.terms,
            series,
            index,
        };
        let after = Membership {
            terms: memberships.of(index),
            series: match &new_series {
                Some(after) => series_of(&after.all, index).map(|s| &after.all[s].briefs[..]),
                None => series,
            },
            index,
        };
        let versions = related::Versions {
            taxonomies: [&site.taxonomies, &taxonomies],
            renumbered: None,
        };
        related::mark_candidate_holders(
            &versions,
            [Some(before), Some(after)],
            &site.briefs,
            config.related.limit,
            &mut rescore,
        )?;
    }

    // An edit of one brief's topics alone changes no other brief's narrow matches
    // (topics are broad terms): only the brief's score for them, as for a date edit,
    // and, when it joins or leaves a topic's newest briefs, the candidates of the
    // briefs that draw from those.
    let moved_in_topics_alone = match (&indexes[..], edited) {
        ([index], [new]) => {
            let old = &site.briefs[*index].parsed.meta;
            (&old.tags, &old.regions, &old.authors, &old.series)
                == (
                    &new.meta.tags,
                    &new.meta.regions,
                    &new.meta.authors,
                    &new.meta.series,
                )
        }
        _ => false,
    }
    .then_some(indexes[0]);
    // The topics whose newest briefs it joined or left (among a topic's newest before
    // and after, it leaves them as they were).
    let limit = config.related.limit;
    let newest_on: Vec<String> = match moved_in_topics_alone {
        Some(index) => {
            let newest = |taxonomies: &Taxonomies| -> Vec<String> {
                related::topics_with_among_newest(taxonomies, index, limit).collect()
            };
            let (before, after) = (newest(&site.taxonomies), newest(&taxonomies));
            let joined = after.iter().filter(|t| !before.contains(t));
            let left = before.iter().filter(|t| !after.contains(t));
            joined.chain(left).cloned().collect()
        }
        None => Vec::new(),
    };

    for (&index, new) in indexes.iter().zip(edited) {
        site.briefs[index].parsed = Arc::clone(new);
    }
    // The topics' citations and neighbours follow the briefs that moved in topic
    // lists, rather than being counted again over the whole site: the topics
    // themselves are the same (they are declared; only their members moved).
    let moved_in_topics = topics_changed.then(|| {
        let before = site.topic_citations.clone();
        let citing = citing_or_edited(site, &indexes);
        for &brief in &citing {
            graph::count_citations(&mut site.topic_citations, &site.briefs, brief, false);
        }
        let near = graph::near_edited(&site.taxonomies, &taxonomies, &indexes);
        (before, citing, near)
    });
    memberships.put_in(&mut site.briefs, &changes.current_index);
    if let Some(after) = new_series {
        series::put_in(&mut site.briefs, &after.all);
        site.series = after.all;
        changes.series = after.changed;
        changes.series_now = Some(after.now);
    }
    site.taxonomies = taxonomies;
    site.intersections = intersections;
    if let Some((before, citing, near)) = moved_in_topics {
        for &brief in &citing {
            graph::count_citations(&mut site.topic_citations, &site.briefs, brief, true);
        }
        changes.topic_citations_changed = site.topic_citations != before;
        changes.neighbours = near
            .into_iter()
            .filter(|&brief| {
                let now = graph::neighbours_of(brief, &site.taxonomies);
                let old = std::mem::replace(&mut site.briefs[brief].topic_neighbours, now);
                old != site.briefs[brief].topic_neighbours
            })
            .collect();
    }
    for path in &changes.removed_paths {
        site.known_paths.release(path);
    }
    let mut added_paths = Vec::new();
    for (owner, paths) in new_pages {
        added_paths.extend(paths.iter().cloned());
        site.known_paths.claim_all(paths, &owner);
    }
    let rescore: Vec<usize> = (0..site.briefs.len())
        .filter(|&i| rescore[i])
        .filter(|&i| {
            moved_in_topics_alone.is_none_or(|moved| {
                draws_from_topics(site, i, &newest_on)
                    || related::could_rank_differently(
                        &site.config,
                        &site.briefs,
                        &site.explicit_related,
                        i,
                        moved,
                    )
            })
        })
        .collect();
    let related = related::score_again(site, rescore);
    Some(TermEdit {
        briefs: indexes,
        related,
        added_paths,
        topics_changed,
        ..changes
    })
}

/// The edited briefs and the briefs that cite them: those whose citations between
/// topics change when the edited briefs change topics.
fn citing_or_edited(site: &Site, edited: &[usize]) -> Vec<usize> {
    let citing = edited
        .iter()
        .flat_map(|&i| site.briefs[i].backlinks.iter().map(|b| b.from));
    let mut briefs: Vec<usize> = edited.iter().copied().chain(citing).collect();
    briefs.sort_unstable();
    briefs.dedup();
    briefs
}

/// Whether brief `holder` takes candidates from the newest briefs of one of `topics`
/// (slugs).
fn draws_from_topics(site: &Site, holder: usize, topics: &[String]) -> bool {
    let brief = &site.briefs[holder];
    let terms = &site.taxonomies.get(TaxonomyKind::Topics).terms;
    brief.related_from_topics
        && brief.terms[TaxonomyKind::Topics.index()]
            .iter()
            .any(|&topic| topics.contains(&terms[topic].slug))
}

/// The series after an edit of briefs' series.
struct SeriesAfter {
    all: Vec<Series>,
    /// Those whose parts changed, new ones included (indexes into `all`).
    changed: Vec<usize>,
    /// The index each series of the site has now, by its index before (`None` for one
    /// that went).
    now: Vec<Option<usize>>,
    /// The pages of the series that came, with their owners; of those that went.
    added: Vec<(String, Vec<String>)>,
    removed: Vec<String>,
}

/// The series after the edit. `None` when a series is named otherwise (its page and
/// every member's card change), a part is claimed twice (the link stage reports it),
/// or the site has series now and had none, or the other way round (the navigation of
/// every page links to the list of series only when there is one).
fn series_after(
    site: &Site,
    indexes: &[usize],
    edited: &[Arc<ParsedBrief>],
) -> Option<SeriesAfter> {
    let versions: Vec<&ParsedBrief> = (0..site.briefs.len())
        .map(|i| version(site, indexes, edited, i))
        .collect();
    let mut problems = Vec::new();
    let all = series::build_series(&versions, &mut problems);
    if !problems.is_empty() || all.is_empty() != site.series.is_empty() {
        return None;
    }
    let mut now = vec![None; site.series.len()];
    let mut changed = Vec::new();
    let mut added = Vec::new();
    for (index, series) in all.iter().enumerate() {
        match site.series.iter().position(|old| old.slug == series.slug) {
            Some(before) if site.series[before].name != series.name => return None,
            Some(before) => {
                now[before] = Some(index);
                // A new part number changes what every part's page says ("Part 3 of
                // 4": the total is the last part's number).
                let part = |brief: &ParsedBrief| brief.meta.series.as_ref().map(|s| s.part);
                let renumbered = series
                    .briefs
                    .iter()
                    .any(|&b| part(&site.briefs[b].parsed) != part(versions[b]));
                if site.series[before].briefs != series.briefs || renumbered {
                    changed.push(index);
                }
            }
            None => {
                changed.push(index);
                let owner = format!("series `{}`", series.name);
                added.push((owner, vec![series.path.clone()]));
            }
        }
    }
    let removed = site
        .series
        .iter()
        .zip(&now)
        .filter(|(_, now)| now.is_none())
        .map(|(series, _)| series.path.clone())
        .collect();
    Some(SeriesAfter {
        all,
        changed,
        now,
        added,
        removed,
    })
}

/// The index of the series brief `index` is part of, in `all`.
fn series_of(all: &[Series], index: usize) -> Option<usize> {
    all.iter().position(|s| s.briefs.contains(&index))
}

/// Brief `i` after the edit: the edited version when it is one of `indexes`.
fn version<'a>(
    site: &'a Site,
    indexes: &[usize],
    edited: &'a [Arc<ParsedBrief>],
    i: usize,
) -> &'a ParsedBrief {
    indexes
        .iter()
        .position(|&e| e == i)
        .map_or(&site.briefs[i].parsed, |e| &edited[e])
}

/// The terms of a declared kind (topics or authors) that `meta` names.
fn declared_terms(meta: &BriefMeta, kind: TaxonomyKind) -> &[String] {
    match kind {
        TaxonomyKind::Topics => &meta.topics,
        _ => &meta.authors,
    }
}

/// The site paths of the pages a term gained: (kind, term, paths).
type AddedPages = Vec<(TaxonomyKind, usize, Vec<String>)>;

/// Each brief's terms after an edit of free names.
enum Memberships {
    /// Every brief's, the taxonomies built again.
    All(Vec<BriefTerms>),
    /// The edited briefs' (by index), the taxonomies patched: the others keep theirs,
    /// renumbered when a term came or went.
    Edited(Vec<(usize, BriefTerms)>),
}

impl Memberships {
    /// Gives edited brief `index` its `terms` of `kind`.
    fn set(&mut self, index: usize, kind: TaxonomyKind, terms_of_kind: Vec<usize>) {
        let terms = match self {
            Memberships::All(all) => &mut all[index],
            Memberships::Edited(edited) => match edited.iter_mut().find(|(i, _)| *i == index) {
                Some((_, terms)) => terms,
                None => return,
            },
        };
        terms[kind.index()] = terms_of_kind;
    }

    /// The terms of edited brief `index`.
    fn of(&self, index: usize) -> &BriefTerms {
        match self {
            Memberships::All(all) => &all[index],
            Memberships::Edited(edited) => {
                &edited
                    .iter()
                    .find(|(i, _)| *i == index)
                    .expect("an edited brief")
                    .1
            }
        }
    }

    /// Gives `briefs` their terms; `current_index` gives the index each term of a free
    /// kind has now, by its index before.
    fn put_in(self, briefs: &mut [Brief], current_index: &[(TaxonomyKind, Vec<Option<usize>>)]) {
        match self {
            Memberships::All(all) => {
                for (brief, terms) in briefs.iter_mut().zip(all) {
                    brief.terms = terms;
                }
            }
            Memberships::Edited(edited) => {
                for (kind, now) in current_index {
                    let unchanged = now.iter().enumerate().all(|(i, n)| *n == Some(i));
                    if unchanged {
                        continue;
                    }
                    for brief in briefs.iter_mut() {
                        // An edited brief's old terms may have gone: it gets its new
                        // ones below.
                        brief.terms[kind.index()].retain_mut(|term| match now[*term] {
                            Some(index) => {
                                *term = index;
                                true
                            }
                            None => false,
                        });
                    }
                }
                for (index, terms) in edited {
                    briefs[index].terms = terms;
                }
            }
        }
    }
}

/// The taxonomies of free names patched for the edit, without reading every brief's
/// names (see [`Taxonomy::patched`]); `None` when they must be built again.
fn patch_free_terms(
    site: &Site,
    base: &Taxonomies,
    indexes: &[usize],
    edited: &[Arc<ParsedBrief>],
) -> Option<(Taxonomies, Memberships)> {
    let mut taxonomies = base.clone();
    for kind in FREE_KINDS {
        let edits: Vec<(usize, &[TermName], &[TermName])> = indexes
            .iter()
            .zip(edited)
            .map(|(&i, new)| {
                let old = &site.briefs[i].parsed.meta;
                match kind {
                    TaxonomyKind::Regions => (i, &old.regions[..], &new.meta.regions[..]),
                    _ => (i, &old.tags[..], &new.meta.tags[..]),
                }
            })
            .collect();
        taxonomies.replace(site.taxonomies.get(kind).patched(&edits)?);
    }
    let edited = indexes
        .iter()
        .zip(edited)
        .map(|(&index, new)| {
            let mut terms = site.briefs[index].terms.clone();
            let meta = &new.meta;
            for (kind, names) in [
                (TaxonomyKind::Regions, &meta.regions),
                (TaxonomyKind::Tags, &meta.tags),
            ] {
                let slugs = names.iter().map(|n| n.slug.as_str());
                terms[kind.index()] = taxonomies.get(kind).terms_of(slugs);
            }
            (index, terms)
        })
        .collect();
    Some((taxonomies, Memberships::Edited(edited)))
}

/// The taxonomies of free names built again from every brief's names (with the
/// edited briefs' new ones) on `base`; `None` when two names clash.
fn rebuild_free_terms(
    site: &Site,
    mut taxonomies: Taxonomies,
    indexes: &[usize],
    edited: &[Arc<ParsedBrief>],
) -> Option<(Taxonomies, Memberships)> {
    let names: Vec<TermNames> = (0..site.briefs.len())
        .map(|i| {
            let meta = &version(site, indexes, edited, i).meta;
            TermNames {
                topics: &meta.topics,
                regions: &meta.regions,
                tags: &meta.tags,
                authors: &meta.authors,
                kind: &meta.kind,
            }
        })
        .collect();
    let mut memberships: Vec<BriefTerms> = site.briefs.iter().map(|b| b.terms.clone()).collect();
    let clashes = taxonomies.rebuild_free_terms(&names, &mut memberships);
    clashes
        .is_empty()
        .then_some((taxonomies, Memberships::All(memberships)))
}

/// What changed between the taxonomies of [`RETAGGED_KINDS`] before and after an edit,
/// and the term pages that came; `None` when a term that stays is named otherwise.
fn compare(
    before: &Taxonomies,
    after: &Taxonomies,
    page_size: usize,
) -> Option<(TermEdit, AddedPages)> {
    let mut changes = TermEdit {
        briefs: Vec::new(),
        terms: Vec::new(),
        previous_index: Vec::new(),
        current_index: Vec::new(),
        removed_paths: Vec::new(),
        added_paths: Vec::new(),
        paths_changed: false,
        related: Vec::new(),
        topics_changed: false,
        intersections: Vec::new(),
        neighbours: Vec::new(),
        topic_citations_changed: false,
        series: Vec::new(),
        series_now: None,
    };
    let mut added = Vec::new();
    for kind in RETAGGED_KINDS {
        let (old, new): (&Taxonomy, &Taxonomy) = (before.get(kind), after.get(kind));
        let mut previous_index = Vec::with_capacity(new.terms.len());
        for (index, term) in new.terms.iter().enumerate() {
            let was = old.find(&term.slug);
            previous_index.push(was);
            let has = page_count(term.briefs.len(), page_size);
            let Some(was) = was.map(|w| &old.terms[w]) else {
                changes.terms.push((kind, index));
                changes.paths_changed = true;
                added.push((kind, index, pages(&urls::term(kind, &term.slug), 0..has)));
                continue;
            };
            if (&was.name, &was.singular) != (&term.name, &term.singular) {
                return None;
            }
            if was.briefs != term.briefs {
                changes.terms.push((kind, index));
                let had = page_count(was.briefs.len(), page_size);
                if had != has {
                    changes.paths_changed = true;
                    let first = urls::term(kind, &term.slug);
                    changes.removed_paths.extend(pages(&first, has..had));
                    added.push((kind, index, pages(&first, had..has)));
                }
            }
        }
        let mut current_index = Vec::with_capacity(old.terms.len());
        for term in &old.terms {
            let now = new.find(&term.slug);
            current_index.push(now);
            if now.is_none() {
                changes.paths_changed = true;
                let had = page_count(term.briefs.len(), page_size);
                changes
                    .removed_paths
                    .extend(pages(&urls::term(kind, &term.slug), 0..had));
            }
        }
        changes.previous_index.push((kind, previous_index));
        changes.current_index.push((kind, current_index));
    }
    Some((changes, added))
}

/// The site paths of the pages `numbers` of the list whose page 0 is at `first`.
fn pages(first: &str, numbers: std::ops::Range<usize>) -> Vec<String> {
    numbers
        .map(|number| urls::paginated(first, number))
        .collect()
}

/// Whether a link of the site (in a brief, a page, a menu or a biography) points to
/// one of `paths`, leaving out the links of brief `but_from` when given.
pub(super) fn links_to_any(site: &Site, paths: &[String], but_from: Option<usize>) -> bool {
    links_to_any_of(site, &site.config.base_url, paths, but_from)
}

/// Whether a link of `edition`, a translation's edition, goes to the page of the
/// `original` edition at one of `paths` (a link to what the edition lacks falls back
/// to the original's page): a page of the edition that comes at such a path would
/// take the link.
pub fn falls_back_to_any(edition: &Site, original: &Site, paths: &[String]) -> bool {
    links_to_any_of(edition, &original.config.base_url, paths, None)
}

/// The briefs of `edition`, a translation's edition, with a link that goes to the page
/// of the `original` edition at one of `paths` (see [`falls_back_to_any`]), by index;
/// `None` when a page, biography or menu of the edition has such a link.
pub fn briefs_falling_back_to(
    edition: &Site,
    original: &Site,
    paths: &[String],
) -> Option<Vec<usize>> {
    if paths.is_empty() {
        return Some(Vec::new());
    }
    let points_there = points_at(&original.config.base_url, paths);
    if hrefs_of_site(edition, std::iter::empty()).any(&points_there) {
        return None;
    }
    let briefs = edition.briefs.iter().enumerate();
    Some(
        briefs
            .filter(|(_, brief)| brief.hrefs.iter().any(&points_there))
            .map(|(index, _)| index)
            .collect(),
    )
}

/// Whether a link of `site` points to the page at one of `paths` of the edition at
/// `base`, leaving out the links of brief `but_from` when given.
fn links_to_any_of(site: &Site, base: &BaseUrl, paths: &[String], but_from: Option<usize>) -> bool {
    if paths.is_empty() {
        return false;
    }
    let briefs = site
        .briefs
        .iter()
        .enumerate()
        .filter(|&(i, _)| Some(i) != but_from)
        .map(|(_, brief)| brief);
    hrefs_of_site(site, briefs).any(points_at(base, paths))
}

/// Whether a link's address points to the page at one of `paths` of the edition at
/// `base` (to any place in it).
fn points_at(base: &BaseUrl, paths: &[String]) -> impl Fn(&String) -> bool {
    let hrefs: HashSet<String> = paths.iter().map(|p| base.local(p)).collect();
    move |href: &String| {
        let page = href.split_once('#').map_or(href.as_str(), |(page, _)| page);
        hrefs.contains(page)
    }
}
