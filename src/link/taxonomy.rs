//! Taxonomies: topics (declared in config), regions and tags (free names in front
//! matter) and authors (the registry), each term listing its briefs newest first.

use std::collections::{HashMap, HashSet};

use crate::config::Config;
use crate::link::Intersection;
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;

#[derive(Debug, Clone)]
pub struct Term {
    /// The name as authors write it ("NATO", "U.S.-Japan"); URLs use `slug`.
    pub name: String,
    pub slug: String,
    /// Topics have a description from config; other terms have none.
    pub description: String,
    /// Indexes of the term's briefs, newest first.
    pub briefs: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub kind: TaxonomyKind,
    pub terms: Vec<Term>,
    by_slug: HashMap<String, usize>,
}

impl Taxonomy {
    fn new(kind: TaxonomyKind, terms: Vec<Term>) -> Taxonomy {
        let by_slug = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.clone(), i))
            .collect();
        Taxonomy {
            kind,
            terms,
            by_slug,
        }
    }

    pub fn find(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }
}

/// The terms one brief belongs to, per kind (indexes into [`Taxonomy::terms`]).
pub type BriefTerms = [Vec<usize>; 4];

#[derive(Debug, Clone)]
pub struct Taxonomies {
    taxonomies: [Taxonomy; 4],
}

impl Taxonomies {
    pub fn get(&self, kind: TaxonomyKind) -> &Taxonomy {
        &self.taxonomies[kind.index()]
    }
}

/// What the taxonomy stage needs from each brief: its term names, per kind, and the
/// slugs of its free names (made once, when the brief is parsed).
pub struct TermNames<'a> {
    pub topics: &'a [String],
    pub regions: &'a [String],
    pub region_slugs: &'a [String],
    pub tags: &'a [String],
    pub tag_slugs: &'a [String],
    pub authors: &'a [String],
}

/// Builds the four taxonomies from briefs given newest first. Returns, for each brief,
/// the terms it belongs to. Names whose slug is empty are skipped (the parse stage
/// reports them).
pub fn build(config: &Config, briefs: &[TermNames]) -> (Taxonomies, Vec<BriefTerms>) {
    let topics = config
        .topics
        .iter()
        .map(|t| Term {
            name: t.title.clone(),
            slug: t.slug.clone(),
            description: t.description.clone(),
            briefs: Vec::new(),
        })
        .collect();
    let authors = config
        .authors
        .iter()
        .map(|a| Term {
            name: a.name.clone(),
            slug: a.id.clone(),
            description: String::new(),
            briefs: Vec::new(),
        })
        .collect();
    let regions = free_terms(briefs.iter().map(|b| (b.regions, b.region_slugs)));
    let tags = free_terms(briefs.iter().map(|b| (b.tags, b.tag_slugs)));
    let mut taxonomies = Taxonomies {
        taxonomies: [
            Taxonomy::new(TaxonomyKind::Topics, topics),
            Taxonomy::new(TaxonomyKind::Regions, regions),
            Taxonomy::new(TaxonomyKind::Tags, tags),
            Taxonomy::new(TaxonomyKind::Authors, authors),
        ],
    };

    let mut memberships = Vec::with_capacity(briefs.len());
    for (index, brief) in briefs.iter().enumerate() {
        let mut terms: BriefTerms = Default::default();
        for kind in TaxonomyKind::ALL {
            // Topics and authors are identifiers already; regions and tags are names.
            let slugs = match kind {
                TaxonomyKind::Topics => brief.topics,
                TaxonomyKind::Regions => brief.region_slugs,
                TaxonomyKind::Tags => brief.tag_slugs,
                TaxonomyKind::Authors => brief.authors,
            };
            let taxonomy = &mut taxonomies.taxonomies[kind.index()];
            for slug in slugs {
                if let Some(term) = taxonomy.find(slug) {
                    if !terms[kind.index()].contains(&term) {
                        terms[kind.index()].push(term);
                        taxonomy.terms[term].briefs.push(index);
                    }
                }
            }
        }
        memberships.push(terms);
    }
    (taxonomies, memberships)
}

/// Terms from free names, sorted by slug. Names that differ only in spelling ("NATO",
/// "Nato") share a term, named after the most used spelling.
fn free_terms<'a>(names: impl Iterator<Item = (&'a [String], &'a [String])>) -> Vec<Term> {
    let mut spellings: HashMap<&'a str, HashMap<&'a str, usize>> = HashMap::new();
    for (list, slugs) in names {
        for (name, slug) in list.iter().zip(slugs) {
            if !slug.is_empty() {
                *spellings
                    .entry(slug.as_str())
                    .or_default()
                    .entry(name.as_str())
                    .or_default() += 1;
            }
        }
    }
    let mut terms: Vec<Term> = spellings
        .into_iter()
        .map(|(slug, counts)| {
            let name = counts
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(name, _)| name.to_string())
                .unwrap_or_default();
            Term {
                name,
                slug: slug.to_string(),
                description: String::new(),
                briefs: Vec::new(),
            }
        })
        .collect();
    terms.sort_by(|a, b| a.slug.cmp(&b.slug));
    terms
}

/// Every pair of declared topics, with the briefs on both.
pub fn intersections(taxonomies: &Taxonomies) -> Vec<Intersection> {
    let topics = &taxonomies.get(TaxonomyKind::Topics).terms;
    let mut all = Vec::new();
    for a in 0..topics.len() {
        for b in a + 1..topics.len() {
            // Both lists are newest first, which is index order.
            let in_b: HashSet<usize> = topics[b].briefs.iter().copied().collect();
            all.push(Intersection {
                topics: (a, b),
                path: urls::intersection(&topics[a].slug, &topics[b].slug),
                briefs: topics[a]
                    .briefs
                    .iter()
                    .copied()
                    .filter(|i| in_b.contains(i))
                    .collect(),
            });
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::slug::slugify;

    #[test]
    fn spellings_merge_under_the_most_common_one() {
        let a = vec!["NATO".to_string()];
        let b = vec!["Nato".to_string()];
        let c = vec!["NATO".to_string(), "U.S.-Japan".to_string()];
        let slugs = |names: &[String]| names.iter().map(|n| slugify(n)).collect::<Vec<_>>();
        let (sa, sb, sc) = (slugs(&a), slugs(&b), slugs(&c));
        let terms = free_terms(
            [
                (a.as_slice(), sa.as_slice()),
                (b.as_slice(), sb.as_slice()),
                (c.as_slice(), sc.as_slice()),
            ]
            .into_iter(),
        );
        let names: Vec<(&str, &str)> = terms
            .iter()
            .map(|t| (t.name.as_str(), t.slug.as_str()))
            .collect();
        assert_eq!(names, [("NATO", "nato"), ("U.S.-Japan", "u-s-japan")]);
    }
}
