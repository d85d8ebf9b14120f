//! Related briefs: the author's `related:` list first, then the briefs that share the
//! most terms (weighted per kind, discounted by the years between them).

use rayon::prelude::*;

use crate::config::{Config, RelatedConfig};
use crate::link::taxonomy::Taxonomies;
use crate::link::{Brief, Series};
use crate::model::taxonomy::TaxonomyKind;

/// Related briefs: explicit `related:` first, then the best-scoring others. Candidates
/// come from the brief's narrow terms (tags, regions, authors, series) through the
/// taxonomy index, never from all pairs, so the cost per brief does not grow with the
/// archive. Broad terms (topics, very common tags) only add to a candidate's score.
/// Returns the related briefs of the briefs at `indexes`, in that order.
pub(super) fn related_briefs(
    config: &Config,
    briefs: &[Brief],
    taxonomies: &Taxonomies,
    series: &[Series],
    explicit: &[Vec<usize>],
    indexes: &[usize],
) -> Vec<Related> {
    let weights = &config.related;
    let limit = weights.limit;
    if limit == 0 {
        return vec![Related::default(); indexes.len()];
    }
    // Publication times in years, computed once when scoring many briefs: converting
    // dates per candidate pair was most of the cost of scoring the whole site. A
    // watch edit scores a few briefs, and converts only their candidates' dates.
    let years: Option<Vec<f64>> =
        (indexes.len() > 64).then(|| briefs.iter().map(years_since_1970).collect());
    let year = |index: usize| {
        years
            .as_ref()
            .map_or_else(|| years_since_1970(&briefs[index]), |years| years[index])
    };
    let broad_sets = BroadSets::new(briefs, taxonomies, indexes);
    indexes
        .par_iter()
        .map_init(
            || Candidates::new(briefs.len()),
            |candidates, &index| {
                let brief = &briefs[index];
                // Shared narrow terms are counted while gathering their members; the
                // few broad ones are looked up in their sets for each candidate.
                let mut broad: Vec<(TaxonomyKind, &[u64])> = Vec::new();
                for kind in TaxonomyKind::ALL {
                    for &term in &brief.terms[kind as usize] {
                        let members = &taxonomies.get(kind).terms[term].briefs;
                        if is_narrow(kind, members.len()) {
                            candidates.add_sharing(kind, members);
                        } else if let Some(set) = broad_sets.get(kind, term) {
                            broad.push((kind, set));
                        }
                    }
                }
                if let Some(s) = brief.series {
                    candidates.extend(&series[s].briefs);
                }
                let from_topics = candidates.len() < topic_newest(limit);
                if from_topics {
                    // Too few narrow matches: also consider the newest briefs on the
                    // same topics.
                    for &term in &brief.terms[TaxonomyKind::Topics as usize] {
                        let members = &taxonomies.get(TaxonomyKind::Topics).terms[term].briefs;
                        candidates.extend(members.iter().take(topic_newest(limit)));
                    }
                }
                let mut scored: Vec<(f64, usize)> = Vec::with_capacity(candidates.len());
                candidates.drain(|c, mut shared| {
                    if c == index || explicit[index].contains(&c) {
                        return;
                    }
                    for &(kind, set) in &broad {
                        shared[kind as usize] += u32::from(BroadSets::holds(set, c));
                    }
                    let apart = (year(index) - year(c)).abs();
                    let score = score(weights, &shared, apart);
                    if score > 0.0 {
                        scored.push((score, c));
                    }
                });
                // Only the best few are kept: they are picked out, then sorted (the
                // ranking orders every pair, so the order is sorting's). Sorting every
                // candidate was 2.2% of a 10,000-brief build's samples.
                let keep = limit.max(explicit[index].len());
                if scored.len() > keep {
                    scored.select_nth_unstable_by(keep, ranking);
                    scored.truncate(keep);
                }
                scored.sort_unstable_by(ranking);
                let mut related: Vec<usize> = explicit[index].clone();
                related.extend(scored.into_iter().map(|(_, c)| c));
                related.truncate(keep);
                Related {
                    briefs: related,
                    from_topics,
                }
            },
        )
        .collect()
}

/// A brief's related briefs, and whether they were drawn from its topics' newest
/// briefs too.
#[derive(Clone, Default)]
pub(super) struct Related {
    pub briefs: Vec<usize>,
    pub from_topics: bool,
}

/// Scores the related briefs of `briefs` again, in the patched `site`; returns those
/// whose related briefs changed.
pub(super) fn score_again(site: &mut crate::link::Site, briefs: Vec<usize>) -> Vec<usize> {
    let scored = related_briefs(
        &site.config,
        &site.briefs,
        &site.taxonomies,
        &site.series,
        &site.explicit_related,
        &briefs,
    );
    let mut changed = Vec::new();
    for (index, scored) in briefs.into_iter().zip(scored) {
        let brief = &mut site.briefs[index];
        brief.related_from_topics = scored.from_topics;
        if brief.related != scored.briefs {
            brief.related = scored.briefs;
            changed.push(index);
        }
    }
    changed
}

/// A brief's date in years since 1970.
fn years_since_1970(brief: &Brief) -> f64 {
    brief.parsed.meta.date.timestamp() as f64 / (365.25 * 86_400.0)
}

/// How many terms of each kind (by [`TaxonomyKind`] index) two briefs share.
type Shared = [u32; 5];

/// The terms of each kind `brief` shares with `other`.
fn shared_terms(brief: &Brief, other: &Brief) -> Shared {
    std::array::from_fn(|kind| {
        brief.terms[kind]
            .iter()
            .filter(|t| other.terms[kind].contains(t))
            .count() as u32
    })
}

/// How related two briefs `apart` years from each other are: the terms they share,
/// weighted per kind, discounted by the years between them.
fn score(weights: &RelatedConfig, shared: &Shared, apart: f64) -> f64 {
    let weight = |kind: TaxonomyKind| match kind {
        TaxonomyKind::Topics => weights.topic_weight,
        TaxonomyKind::Regions => weights.region_weight,
        TaxonomyKind::Tags => weights.tag_weight,
        TaxonomyKind::Authors => weights.author_weight,
        // Every brief has a type: sharing one says nothing of the subject.
        TaxonomyKind::Types => 0.0,
    };
    let mut score = 0.0;
    for kind in TaxonomyKind::ALL {
        score += weight(kind) * f64::from(shared[kind as usize]);
    }
    score / (1.0 + weights.recency_decay_per_year * apart)
}

/// The order of scored candidates: best first, then by index (newest first).
fn ranking(a: &(f64, usize), b: &(f64, usize)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

/// Whether the related briefs of `holder` could change after an edit that changed
/// only `moved`'s score for the others: a new date, or new topics (broad terms, which
/// make no brief a candidate), when `holder`'s candidates stayed the same (it draws
/// none from a topic whose newest briefs changed). The list then changes only
/// when `moved` is in it or now ranks above its last brief. Brief indexes are those
/// after the edit.
pub(super) fn could_rank_differently(
    config: &Config,
    briefs: &[Brief],
    explicit: &[Vec<usize>],
    holder: usize,
    moved: usize,
) -> bool {
    let weights = &config.related;
    let (brief, related) = (&briefs[holder], &briefs[holder].related);
    if holder == moved
        || related.contains(&moved)
        || !explicit[holder].is_empty()
        || related.len() < weights.limit
    {
        return true;
    }
    let scored = |c: usize| {
        let apart = (years_since_1970(brief) - years_since_1970(&briefs[c])).abs();
        (score(weights, &shared_terms(brief, &briefs[c]), apart), c)
    };
    let moved_score = scored(moved);
    let last = related.last().map(|&c| scored(c));
    moved_score.0 > 0.0 && last.is_none_or(|last| ranking(&moved_score, &last).is_lt())
}

/// How many of a topic's newest briefs a brief with fewer narrow matches than this
/// takes as candidates, for at most `limit` related briefs. An edit that changes who
/// they are changes those briefs' candidates.
pub(super) fn topic_newest(limit: usize) -> usize {
    limit * 3
}

/// The slugs of the topics whose newest briefs (see [`topic_newest`]) include brief
/// `index`.
pub(super) fn topics_with_among_newest(
    taxonomies: &Taxonomies,
    index: usize,
    limit: usize,
) -> impl Iterator<Item = String> + '_ {
    let topics = &taxonomies.get(TaxonomyKind::Topics).terms;
    topics
        .iter()
        .filter(move |term| {
            term.briefs
                .iter()
                .take(topic_newest(limit))
                .any(|&b| b == index)
        })
        .map(|term| term.slug.clone())
}

/// A term shared by more briefs than this says little about relatedness, and scanning
/// it for every one of its briefs would make related scoring quadratic.
const BROAD_TERM: usize = 200;

/// Whether a term of `kind` with `members` briefs makes its briefs each other's
/// candidates: topics and types never do (every brief has them), nor a term of more
/// than [`BROAD_TERM`] briefs.
fn is_narrow(kind: TaxonomyKind, members: usize) -> bool {
    !matches!(kind, TaxonomyKind::Topics | TaxonomyKind::Types) && members <= BROAD_TERM
}

/// The briefs of each broad term the scored briefs have, as bit sets over the site's
/// briefs. Looking a broad term up in each candidate's own terms instead was a cache
/// miss per candidate, most of the cost of scoring the whole site.
struct BroadSets {
    sets: std::collections::HashMap<(TaxonomyKind, usize), Vec<u64>>,
}

impl BroadSets {
    /// The sets of the broad terms of the briefs at `indexes`. Types weigh nothing in a
    /// score (see [`score`]), so they have none.
    fn new(briefs: &[Brief], taxonomies: &Taxonomies, indexes: &[usize]) -> BroadSets {
        let mut sets = std::collections::HashMap::new();
        for &index in indexes {
            for kind in TaxonomyKind::ALL {
                if kind == TaxonomyKind::Types {
                    continue;
                }
                for &term in &briefs[index].terms[kind as usize] {
                    let members = &taxonomies.get(kind).terms[term].briefs;
                    if is_narrow(kind, members.len()) {
                        continue;
                    }
                    sets.entry((kind, term)).or_insert_with(|| {
                        let mut set = vec![0u64; briefs.len().div_ceil(64)];
                        for &member in members {
                            set[member / 64] |= 1 << (member % 64);
                        }
                        set
                    });
                }
            }
        }
        BroadSets { sets }
    }

    fn get(&self, kind: TaxonomyKind, term: usize) -> Option<&[u64]> {
        self.sets.get(&(kind, term)).map(Vec::as_slice)
    }

    fn holds(set: &[u64], brief: usize) -> bool {
        set[brief / 64] & (1 << (brief % 64)) != 0
    }
}

/// The set of candidate briefs for one brief at a time, without sorting and
/// deduplicating a list per brief: a flag and the narrow terms shared per brief of the
/// site, reused across briefs (one set per thread), plus the list of briefs flagged.
struct Candidates {
    flagged: Vec<bool>,
    shared: Vec<Shared>,
    list: Vec<usize>,
}

impl Candidates {
    fn new(briefs: usize) -> Candidates {
        Candidates {
            flagged: vec![false; briefs],
            shared: vec![Shared::default(); briefs],
            list: Vec::new(),
        }
    }

    fn extend<'a>(&mut self, briefs: impl IntoIterator<Item = &'a usize>) {
        for &brief in briefs {
            if !self.flagged[brief] {
                self.flagged[brief] = true;
                self.list.push(brief);
            }
        }
    }

    /// Adds the members of a term of `kind`, counting it as shared with each.
    fn add_sharing(&mut self, kind: TaxonomyKind, members: &[usize]) {
        self.extend(members);
        for &brief in members {
            self.shared[brief][kind as usize] += 1;
        }
    }

    fn len(&self) -> usize {
        self.list.len()
    }

    /// Calls `each` with every candidate in index order and the narrow terms it
    /// shares, leaving the set empty.
    fn drain(&mut self, mut each: impl FnMut(usize, Shared)) {
        self.list.sort_unstable();
        for brief in self.list.drain(..) {
            self.flagged[brief] = false;
            each(brief, std::mem::take(&mut self.shared[brief]));
        }
    }
}

/// After an edit, gives `briefs` the related briefs they had in the `previous` site
/// and returns those to score again: the briefs whose own inputs changed (date, terms,
/// series, `related:`) or that came, and every brief that had or has one of them, or
/// one that went, as a candidate (the members of their narrow terms and series, before
/// and after; all briefs on a topic whose newest briefs changed, which briefs with few
/// narrow matches draw from). `None` when everything must be scored again: briefs
/// changed places, the weights changed, or a term became broad or narrow.
pub(super) fn carry_over(
    previous: &crate::link::Site,
    config: &Config,
    briefs: &mut [Brief],
    taxonomies: &Taxonomies,
    series: &[Series],
    explicit: &[Vec<usize>],
) -> Option<Vec<usize>> {
    let limit = config.related.limit;
    let before = &previous.briefs;
    let previous_explicit = &previous.explicit_related;
    if previous.config.related != config.related || previous_explicit.len() != before.len() {
        return None;
    }
    let same_numbers = before.len() == briefs.len()
        && before
            .iter()
            .zip(briefs.iter())
            .all(|(b, a)| b.parsed.source == a.parsed.source && b.slug == a.slug);
    let renumbered = if same_numbers {
        None
    } else {
        Some(renumbering(before, briefs)?)
    };
    let versions = Versions {
        taxonomies: [&previous.taxonomies, taxonomies],
        renumbered: renumbered.as_deref(),
    };
    // The previous version of each brief, by its number after the edit.
    let mut was = vec![None; briefs.len()];
    for number in 0..before.len() {
        if let Some(after) = versions.after(number) {
            was[after] = Some(number);
        }
    }
    let mut rescore = vec![false; briefs.len()];
    for (index, (brief, &was)) in briefs.iter_mut().zip(&was).enumerate() {
        let Some(old) = was.map(|w| &before[w]) else {
            continue;
        };
        match old.related.iter().map(|&b| versions.after(b)).collect() {
            Some(related) => brief.related = related,
            // It showed a brief that went (and had it as a candidate, so it is marked
            // below too).
            None => rescore[index] = true,
        }
        brief.related_from_topics = old.related_from_topics;
    }
    let briefs = &*briefs;

    // Terms are compared by slug: adding or removing a term renumbers the others.
    fn slugs<'a>(
        taxonomies: &'a Taxonomies,
        brief: &'a Brief,
        kind: TaxonomyKind,
    ) -> impl Iterator<Item = &'a str> {
        brief.terms[kind as usize]
            .iter()
            .map(move |&t| taxonomies.get(kind).terms[t].slug.as_str())
    }
    fn series_of<'a>(all: &'a [Series], brief: &Brief) -> Option<&'a str> {
        brief.series.map(|s| all[s].slug.as_str())
    }
    fn membership<'a>(brief: &'a Brief, all: &'a [Series], index: usize) -> Membership<'a> {
        Membership {
            terms: &brief.terms,
            series: brief.series.map(|s| &all[s].briefs[..]),
            index,
        }
    }
    let mut marks = Vec::new();
    for (index, (new, &was)) in briefs.iter().zip(&was).enumerate() {
        let Some(number) = was else {
            // A brief that came.
            rescore[index] = true;
            marks.push([None, Some(membership(new, series, index))]);
            continue;
        };
        let old = &before[number];
        let same_explicit = previous_explicit[number]
            .iter()
            .map(|&b| versions.after(b))
            .eq(explicit[index].iter().map(|&b| Some(b)));
        let same = old.parsed.meta.date.timestamp() == new.parsed.meta.date.timestamp()
            && old.parsed.meta.series == new.parsed.meta.series
            && series_of(&previous.series, old) == series_of(series, new)
            && same_explicit
            && TaxonomyKind::ALL.iter().all(|&kind| {
                slugs(&previous.taxonomies, old, kind).eq(slugs(taxonomies, new, kind))
            });
        if same {
            continue;
        }
        rescore[index] = true;
        marks.push([
            Some(membership(old, &previous.series, number)),
            Some(membership(new, series, index)),
        ]);
    }
    // Briefs that went.
    for (number, old) in before.iter().enumerate() {
        if versions.after(number).is_none() {
            marks.push([Some(membership(old, &previous.series, number)), None]);
        }
    }
    for memberships in marks {
        mark_candidate_holders(&versions, memberships, briefs, limit, &mut rescore)?;
    }
    Some((0..briefs.len()).filter(|&i| rescore[i]).collect())
}

/// The number in `after` of each brief of `before` (`None`: it went), when the briefs
/// that stayed kept their order and slugs; `None` when one moved or was renamed.
fn renumbering(before: &[Brief], after: &[Brief]) -> Option<Vec<Option<usize>>> {
    let numbers: std::collections::HashMap<&std::path::Path, usize> = after
        .iter()
        .enumerate()
        .map(|(i, b)| (b.parsed.source.as_path(), i))
        .collect();
    let mut renumbered = Vec::with_capacity(before.len());
    let mut last = None;
    for brief in before {
        let number = numbers.get(brief.parsed.source.as_path()).copied();
        if let Some(number) = number {
            if after[number].slug != brief.slug || last.is_some_and(|l| l >= number) {
                return None;
            }
            last = Some(number);
        }
        renumbered.push(number);
    }
    Some(renumbered)
}

/// The taxonomies before and after an edit, and how the briefs were numbered.
pub(super) struct Versions<'a> {
    pub taxonomies: [&'a Taxonomies; 2],
    /// The number after the edit of each brief before it (`None`: deleted), when briefs
    /// came or went; `None` when every brief kept its number.
    pub renumbered: Option<&'a [Option<usize>]>,
}

impl Versions<'_> {
    /// The number after the edit of brief `index` before it.
    fn after(&self, index: usize) -> Option<usize> {
        self.renumbered
            .map_or(Some(index), |numbers| numbers[index])
    }
}

/// Where one brief sat in the taxonomies and series, before or after an edit, in that
/// version's numbering.
pub(super) struct Membership<'a> {
    pub terms: &'a crate::link::taxonomy::BriefTerms,
    /// The members of its series.
    pub series: Option<&'a [usize]>,
    /// The brief's own number.
    pub index: usize,
}

/// Marks in `rescore` (numbered as after the edit) every brief that could have a brief
/// as a candidate, before and after an edit (`memberships`; `None` for a brief that
/// was not there before, or is not after): the members of its narrow terms and series,
/// and the briefs on a topic whose newest briefs it is among that draw from them
/// (`briefs`, numbered as after the edit, say which: a brief's narrow matches change
/// only through edits of briefs that share a narrow term or series with it, which mark
/// it). `None` when a term of the brief crossed the line between narrow and broad,
/// which changes every member's candidates.
pub(super) fn mark_candidate_holders(
    versions: &Versions,
    memberships: [Option<Membership>; 2],
    briefs: &[Brief],
    limit: usize,
    rescore: &mut [bool],
) -> Option<()> {
    let own = [0, 1].map(|v| memberships[v].as_ref().map(|m| m.index));
    // A member of a list of `version` 0 (before) or 1 (after), numbered as after.
    let numbered = |version: usize, member: usize| match version {
        0 => versions.after(member),
        _ => Some(member),
    };
    for (version, membership) in memberships.iter().enumerate() {
        let Some(membership) = membership else {
            continue;
        };
        for kind in TaxonomyKind::ALL {
            for &term in &membership.terms[kind as usize] {
                // Terms are found by slug: adding or removing a term renumbers the others.
                let slug = versions.taxonomies[version].get(kind).terms[term]
                    .slug
                    .as_str();
                let lists = versions.taxonomies.map(|t| members(t, kind, slug));
                // A term that became broad or narrow changes its members' candidates.
                let narrow = |m: Option<&Vec<usize>>| is_narrow(kind, m.map_or(0, Vec::len));
                if narrow(lists[0]) != narrow(lists[1]) {
                    return None;
                }
                for (members_of, members) in lists.into_iter().enumerate() {
                    let Some(members) = members else { continue };
                    let newest = members
                        .iter()
                        .take(topic_newest(limit))
                        .any(|&m| Some(m) == own[members_of]);
                    if is_narrow(kind, members.len()) {
                        for member in members.iter().filter_map(|&m| numbered(members_of, m)) {
                            rescore[member] = true;
                        }
                    } else if kind == TaxonomyKind::Topics && newest {
                        for member in members.iter().filter_map(|&m| numbered(members_of, m)) {
                            rescore[member] |= briefs[member].related_from_topics;
                        }
                    }
                }
            }
        }
        let series = membership.series.into_iter().flatten();
        for member in series.filter_map(|&m| numbered(version, m)) {
            rescore[member] = true;
        }
    }
    Some(())
}

/// The briefs of the term of `kind` with `slug`, when `taxonomies` have it.
fn members<'t>(
    taxonomies: &'t Taxonomies,
    kind: TaxonomyKind,
    slug: &str,
) -> Option<&'t Vec<usize>> {
    let taxonomy = taxonomies.get(kind);
    taxonomy.find(slug).map(|term| &taxonomy.terms[term].briefs)
}
