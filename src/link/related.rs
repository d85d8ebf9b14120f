//! Related briefs: the author's `related:` list first, then the briefs that share the
//! most terms (weighted per kind, discounted by the years between them).

use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use crate::config::Config;
use crate::link::taxonomy::Taxonomies;
use crate::link::{Brief, Series};
use crate::model::taxonomy::TaxonomyKind;

/// Related briefs: explicit `related:` first, then the best-scoring others. Candidates
/// come from the brief's narrow terms (tags, regions, authors, series) through the
/// taxonomy index, never from all pairs, so the cost per brief does not grow with the
/// archive. Broad terms (topics, very common tags) only add to a candidate's score.
pub(super) fn related_briefs(
    config: &Config,
    briefs: &[Brief],
    taxonomies: &Taxonomies,
    series: &[Series],
    explicit: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    let weights = &config.related;
    let limit = weights.limit;
    if limit == 0 {
        return vec![Vec::new(); briefs.len()];
    }
    // Publication times in years, computed once: converting dates per candidate pair
    // was most of the cost of scoring.
    let years: Vec<f64> = briefs
        .iter()
        .map(|b| b.parsed.meta.date.timestamp() as f64 / (365.25 * 86_400.0))
        .collect();
    let weight = |kind: TaxonomyKind| match kind {
        TaxonomyKind::Topics => weights.topic_weight,
        TaxonomyKind::Regions => weights.region_weight,
        TaxonomyKind::Tags => weights.tag_weight,
        TaxonomyKind::Authors => weights.author_weight,
        // Every brief has a type: sharing one says nothing of the subject.
        TaxonomyKind::Types => 0.0,
    };
    briefs
        .par_iter()
        .enumerate()
        .map_init(
            || Candidates::new(briefs.len()),
            |candidates, (index, brief)| {
                for kind in TaxonomyKind::ALL {
                    if matches!(kind, TaxonomyKind::Topics | TaxonomyKind::Types) {
                        continue;
                    }
                    for &term in &brief.terms[kind as usize] {
                        let members = &taxonomies.get(kind).terms[term].briefs;
                        if members.len() <= BROAD_TERM {
                            candidates.extend(members);
                        }
                    }
                }
                if let Some(s) = brief.series {
                    candidates.extend(&series[s].briefs);
                }
                if candidates.len() < limit * 3 {
                    // Too few narrow matches: also consider the newest briefs on the
                    // same topics.
                    for &term in &brief.terms[TaxonomyKind::Topics as usize] {
                        let members = &taxonomies.get(TaxonomyKind::Topics).terms[term].briefs;
                        candidates.extend(members.iter().take(limit * 3));
                    }
                }
                let mut scored: Vec<(f64, usize)> = candidates
                    .drain()
                    .filter(|&c| c != index && !explicit[index].contains(&c))
                    .map(|c| {
                        let other = &briefs[c];
                        let mut score = 0.0;
                        for kind in TaxonomyKind::ALL {
                            let shared = brief.terms[kind as usize]
                                .iter()
                                .filter(|t| other.terms[kind as usize].contains(t))
                                .count();
                            score += weight(kind) * shared as f64;
                        }
                        let apart = (years[index] - years[c]).abs();
                        (score / (1.0 + weights.recency_decay_per_year * apart), c)
                    })
                    .filter(|(score, _)| *score > 0.0)
                    .collect();
                scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                let mut related: Vec<usize> = explicit[index].clone();
                related.dedup();
                related.extend(scored.into_iter().map(|(_, c)| c));
                related.truncate(limit.max(explicit[index].len()));
                related
            },
        )
        .collect()
}

/// A term shared by more briefs than this says little about relatedness, and scanning
/// it for every one of its briefs would make related scoring quadratic.
const BROAD_TERM: usize = 200;

/// The set of candidate briefs for one brief at a time, without sorting and
/// deduplicating a list per brief: a flag per brief of the site, reused across briefs
/// (one set per thread), plus the list of briefs flagged.
struct Candidates {
    flagged: Vec<bool>,
    list: Vec<usize>,
}

impl Candidates {
    fn new(briefs: usize) -> Candidates {
        Candidates {
            flagged: vec![false; briefs],
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

    fn len(&self) -> usize {
        self.list.len()
    }

    /// The candidates in index order, leaving the set empty.
    fn drain(&mut self) -> impl Iterator<Item = usize> + '_ {
        self.list.sort_unstable();
        for &brief in &self.list {
            self.flagged[brief] = false;
        }
        self.list.drain(..)
    }
}

/// Hash of what [`related_briefs`] reads: the weights, and each brief's position,
/// slug, date, terms, series and explicit `related:` entries.
pub(super) fn related_inputs(
    config: &Config,
    briefs: &[Brief],
    taxonomies: &Taxonomies,
    explicit: &[Vec<usize>],
) -> u64 {
    let mut hasher = DefaultHasher::new();
    config.related.hash(&mut hasher);
    for (brief, explicit) in briefs.iter().zip(explicit) {
        (&brief.slug, brief.parsed.meta.date.timestamp()).hash(&mut hasher);
        for kind in TaxonomyKind::ALL {
            for &term in &brief.terms[kind as usize] {
                taxonomies.get(kind).terms[term].slug.hash(&mut hasher);
            }
            u8::MAX.hash(&mut hasher);
        }
        (&brief.parsed.meta.series, explicit).hash(&mut hasher);
    }
    hasher.finish()
}
