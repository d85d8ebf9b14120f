//! Taxonomies: topics (declared in config), regions and tags (free names in front
//! matter), authors (the registry) and publication types (declared in config, named
//! in the site's language), each term listing its briefs newest first.

use hashbrown::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use crate::config::Config;
use crate::link::Intersection;
use crate::model::labels::Labels;
use crate::model::meta::TermName;
use crate::model::people::People;
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;

#[derive(Debug, Clone)]
pub struct Term {
    /// The name as authors write it ("NATO", "U.S.-Japan"); URLs use `slug`.
    pub name: String,
    pub slug: String,
    /// Topics and types have a description from config; other terms have none.
    pub description: String,
    /// One of the term's briefs: "Report" for the type whose `name` is "Reports".
    /// The name itself for every other kind.
    pub singular: String,
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
pub type BriefTerms = [Vec<usize>; 5];

#[derive(Debug, Clone)]
pub struct Taxonomies {
    taxonomies: [Taxonomy; 5],
}

impl Taxonomies {
    pub fn get(&self, kind: TaxonomyKind) -> &Taxonomy {
        &self.taxonomies[kind.index()]
    }

    /// Names regions in a translation's language: `names` by region slug.
    pub fn translate_regions(&mut self, names: &std::collections::BTreeMap<String, String>) {
        for term in &mut self.taxonomies[TaxonomyKind::Regions.index()].terms {
            if let Some(name) = names.get(&term.slug) {
                term.name.clone_from(name);
                term.singular.clone_from(name);
            }
        }
    }
}

/// What the taxonomy stage needs from each brief: its term names, per kind (free names
/// with their slugs, made once when the brief is parsed).
pub struct TermNames<'a> {
    pub topics: &'a [String],
    pub regions: &'a [TermName],
    pub tags: &'a [TermName],
    pub authors: &'a [String],
    /// The publication type's slug.
    pub kind: &'a str,
}

/// Two different names that make one URL (`C++` and `C#`: `/tags/c/`): the first
/// brief to use the first name, and a brief using the other (indexes into the briefs),
/// with the other name.
#[derive(Debug, Clone)]
pub struct NameClash<'a> {
    pub kind: TaxonomyKind,
    pub first: (usize, &'a TermName),
    pub second: (usize, &'a TermName),
}

/// Builds the taxonomies from briefs given newest first. Returns, for each brief, the
/// terms it belongs to, and every pair of different names that make one URL. Names
/// whose slug is empty are skipped (the parse stage reports them).
pub fn build<'a>(
    config: &Config,
    people: &People,
    labels: &Labels,
    briefs: &[TermNames<'a>],
) -> (Taxonomies, Vec<BriefTerms>, Vec<NameClash<'a>>) {
    let term = |name: &str, slug: &str, description: &str| Term {
        name: name.to_string(),
        slug: slug.to_string(),
        description: description.to_string(),
        singular: name.to_string(),
        briefs: Vec::new(),
    };
    let topics = config
        .topics
        .iter()
        .map(|t| term(&t.title, &t.slug, &t.description))
        .collect();
    let authors = people
        .list
        .iter()
        .map(|p| term(&p.name, &p.id, ""))
        .collect();
    let types = config
        .types
        .iter()
        .map(|t| {
            let (singular, plural) = type_names(t, labels);
            Term {
                singular,
                ..term(&plural, &t.slug, &t.description)
            }
        })
        .collect();
    let (regions, mut clashes) =
        free_terms(TaxonomyKind::Regions, briefs.iter().map(|b| b.regions));
    let (tags, tag_clashes) = free_terms(TaxonomyKind::Tags, briefs.iter().map(|b| b.tags));
    clashes.extend(tag_clashes);
    let mut taxonomies = Taxonomies {
        taxonomies: [
            Taxonomy::new(TaxonomyKind::Topics, topics),
            Taxonomy::new(TaxonomyKind::Regions, regions),
            Taxonomy::new(TaxonomyKind::Tags, tags),
            Taxonomy::new(TaxonomyKind::Authors, authors),
            Taxonomy::new(TaxonomyKind::Types, types),
        ],
    };

    let mut memberships = Vec::with_capacity(briefs.len());
    for (index, brief) in briefs.iter().enumerate() {
        let mut terms: BriefTerms = Default::default();
        for kind in TaxonomyKind::ALL {
            // Topics and authors are identifiers already; regions and tags are names.
            let slugs: Vec<&str> = match kind {
                TaxonomyKind::Topics => brief.topics.iter().map(String::as_str).collect(),
                TaxonomyKind::Regions => brief.regions.iter().map(|t| t.slug.as_str()).collect(),
                TaxonomyKind::Tags => brief.tags.iter().map(|t| t.slug.as_str()).collect(),
                TaxonomyKind::Authors => brief.authors.iter().map(String::as_str).collect(),
                TaxonomyKind::Types => vec![brief.kind],
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
    (taxonomies, memberships, clashes)
}

/// Terms from free names (one list per brief, newest first), sorted by slug. Names
/// that differ only in letter case ("NATO", "Nato") are one term, named after the most
/// used spelling; names that differ otherwise but make the same slug ("C++", "C#") are
/// a clash.
fn free_terms<'a>(
    kind: TaxonomyKind,
    lists: impl Iterator<Item = &'a [TermName]>,
) -> (Vec<Term>, Vec<NameClash<'a>>) {
    struct Spellings<'a> {
        /// The first brief to use the slug, with its name, case-folded.
        first: (usize, &'a TermName, String),
        counts: HashMap<&'a str, usize>,
        /// Other case-folded names already reported.
        reported: Vec<String>,
    }
    let mut by_slug: HashMap<&'a str, Spellings<'a>> = HashMap::new();
    let mut clashes = Vec::new();
    for (brief, list) in lists.enumerate() {
        for term in list {
            let folded = fold(&term.name);
            let spellings = by_slug
                .entry(term.slug.as_str())
                .or_insert_with(|| Spellings {
                    first: (brief, term, folded.clone()),
                    counts: HashMap::new(),
                    reported: Vec::new(),
                });
            if folded != spellings.first.2 {
                if !spellings.reported.contains(&folded) {
                    spellings.reported.push(folded);
                    clashes.push(NameClash {
                        kind,
                        first: (spellings.first.0, spellings.first.1),
                        second: (brief, term),
                    });
                }
                continue;
            }
            *spellings.counts.entry(term.name.as_str()).or_default() += 1;
        }
    }
    let mut terms: Vec<Term> = by_slug
        .into_iter()
        .map(|(slug, spellings)| {
            let name = spellings
                .counts
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(name, _)| name.to_string())
                .unwrap_or_default();
            Term {
                singular: name.clone(),
                name,
                slug: slug.to_string(),
                description: String::new(),
                briefs: Vec::new(),
            }
        })
        .collect();
    terms.sort_by(|a, b| a.slug.cmp(&b.slug));
    (terms, clashes)
}

/// A publication type's names, one and many ("Report", "Reports"): from the
/// configuration, else the theme's translations (`types.<slug>.name`, `.plural`), else
/// the slug.
pub fn type_names(kind: &crate::config::TypeConfig, labels: &Labels) -> (String, String) {
    let label = |field: &str| {
        let path = format!("types.{}.{field}", kind.slug);
        match labels.get(&path) {
            Some(crate::model::labels::Label::Text(text)) => Some(text.clone()),
            _ => None,
        }
    };
    let singular = Some(kind.name.trim().to_string())
        .filter(|n| !n.is_empty())
        .or_else(|| label("name"))
        .unwrap_or_else(|| kind.slug.clone());
    let plural = Some(kind.plural.trim().to_string())
        .filter(|n| !n.is_empty())
        .or_else(|| {
            (kind.name.trim().is_empty())
                .then(|| label("plural"))
                .flatten()
        })
        .unwrap_or_else(|| singular.clone());
    (singular, plural)
}

/// A name with its letter case and Unicode form set aside: "Nato" is "NATO", a
/// composed "é" is a decomposed one.
pub(super) fn fold(name: &str) -> String {
    // Most names are ASCII, which is in normal form already: the relink of a watch
    // session folds every term and output path of the site.
    if name.is_ascii() {
        return name.to_ascii_lowercase();
    }
    name.nfc().collect::<String>().to_lowercase()
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
                reversed: urls::intersection(&topics[b].slug, &topics[a].slug),
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
    use crate::model::yaml::Place;

    fn names(names: &[&str]) -> Vec<TermName> {
        names
            .iter()
            .enumerate()
            .map(|(i, name)| TermName {
                name: name.to_string(),
                slug: slugify(name),
                place: Place::item("tags", i),
            })
            .collect()
    }

    #[test]
    fn spellings_merge_under_the_most_common_one() {
        let lists = [
            names(&["NATO"]),
            names(&["Nato"]),
            names(&["NATO", "U.S.-Japan"]),
        ];
        let (terms, clashes) = free_terms(TaxonomyKind::Tags, lists.iter().map(Vec::as_slice));
        let names: Vec<(&str, &str)> = terms
            .iter()
            .map(|t| (t.name.as_str(), t.slug.as_str()))
            .collect();
        assert_eq!(names, [("NATO", "nato"), ("U.S.-Japan", "u-s-japan")]);
        assert!(clashes.is_empty());
    }

    #[test]
    fn different_names_with_one_slug_clash_once() {
        let lists = [names(&["C++"]), names(&["C#", "x"]), names(&["c#"])];
        let (_, clashes) = free_terms(TaxonomyKind::Tags, lists.iter().map(Vec::as_slice));
        assert_eq!(clashes.len(), 1);
        assert_eq!(
            (clashes[0].first.0, clashes[0].first.1.name.as_str()),
            (0, "C++")
        );
        assert_eq!(
            (clashes[0].second.0, clashes[0].second.1.name.as_str()),
            (1, "C#")
        );
    }
}
