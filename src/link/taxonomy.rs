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
    /// Briefs write the name in more than one way ("NATO", "Nato"): which way wins
    /// depends on every brief, so an edit of one cannot patch the term.
    several_spellings: bool,
}

impl Term {
    /// Whether its briefs write its name in more than one way (the commonest wins).
    pub fn spelled_several_ways(&self) -> bool {
        self.several_spellings
    }
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

    /// The terms of a brief that names them by `slugs`, in the order first named.
    pub fn terms_of<'s>(&self, slugs: impl IntoIterator<Item = &'s str>) -> Vec<usize> {
        let mut terms = Vec::new();
        for term in slugs.into_iter().filter_map(|slug| self.find(slug)) {
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
        terms
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

    /// Puts `taxonomy` in place of the one of its kind.
    pub fn replace(&mut self, taxonomy: Taxonomy) {
        let kind = taxonomy.kind;
        self.taxonomies[kind.index()] = taxonomy;
    }

    /// Renumbers every term's briefs after briefs moved (`renumber` gives a brief's
    /// index now by its index before), keeping each list newest first.
    pub(super) fn renumber_briefs(&mut self, renumber: impl Fn(usize) -> usize) {
        for taxonomy in &mut self.taxonomies {
            for term in &mut taxonomy.terms {
                term.briefs.iter_mut().for_each(|b| *b = renumber(*b));
                term.briefs.sort_unstable();
            }
        }
    }

    /// Puts brief `brief` in the list of term `term` of `kind`, newest first.
    pub(super) fn insert_member(&mut self, kind: TaxonomyKind, term: usize, brief: usize) {
        let briefs = &mut self.taxonomies[kind.index()].terms[term].briefs;
        let at = briefs.partition_point(|&b| b < brief);
        briefs.insert(at, brief);
    }

    /// Takes brief `brief` out of the list of term `term` of `kind`.
    pub(super) fn remove_member(&mut self, kind: TaxonomyKind, term: usize, brief: usize) {
        self.taxonomies[kind.index()].terms[term]
            .briefs
            .retain(|&b| b != brief);
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
        several_spellings: false,
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
    let mut taxonomies = Taxonomies {
        taxonomies: [
            Taxonomy::new(TaxonomyKind::Topics, topics),
            Taxonomy::new(TaxonomyKind::Regions, Vec::new()),
            Taxonomy::new(TaxonomyKind::Tags, Vec::new()),
            Taxonomy::new(TaxonomyKind::Authors, authors),
            Taxonomy::new(TaxonomyKind::Types, types),
        ],
    };
    let mut memberships = vec![BriefTerms::default(); briefs.len()];
    for kind in [
        TaxonomyKind::Topics,
        TaxonomyKind::Authors,
        TaxonomyKind::Types,
    ] {
        taxonomies.taxonomies[kind.index()].add_members(briefs, &mut memberships);
    }
    let clashes = taxonomies.rebuild_free_terms(briefs, &mut memberships);
    (taxonomies, memberships, clashes)
}

impl Taxonomies {
    /// Builds the taxonomies of free names (regions and tags) again from `briefs`,
    /// newest first, and puts each brief's terms of those kinds in `memberships`.
    /// Returns every pair of different names that make one URL.
    pub fn rebuild_free_terms<'a>(
        &mut self,
        briefs: &[TermNames<'a>],
        memberships: &mut [BriefTerms],
    ) -> Vec<NameClash<'a>> {
        let (regions, mut clashes) =
            free_terms(TaxonomyKind::Regions, briefs.iter().map(|b| b.regions));
        let (tags, tag_clashes) = free_terms(TaxonomyKind::Tags, briefs.iter().map(|b| b.tags));
        clashes.extend(tag_clashes);
        for (kind, terms) in [(TaxonomyKind::Regions, regions), (TaxonomyKind::Tags, tags)] {
            let taxonomy = &mut self.taxonomies[kind.index()];
            *taxonomy = Taxonomy::new(kind, terms);
            taxonomy.add_members(briefs, memberships);
        }
        clashes
    }
}

impl Taxonomy {
    /// This taxonomy of free names (regions or tags) after some briefs changed theirs:
    /// `edits` gives each changed brief's index with its names before and after. The
    /// terms are what [`build`] would make from every brief; their indexes change when
    /// a term comes or goes. `None` when a name is written otherwise than its term's
    /// name, or a term several ways, so that the edit could rename a term or make two
    /// names clash: the taxonomy must then be built from every brief.
    pub fn patched(&self, edits: &[(usize, &[TermName], &[TermName])]) -> Option<Taxonomy> {
        let mut terms = self.terms.clone();
        let mut added: Vec<Term> = Vec::new();
        let written_as_named =
            |term: &Term, name: &TermName| !term.several_spellings && term.name == name.name;
        for &(brief, before, _) in edits {
            for name in before {
                let term = &mut terms[self.find(&name.slug)?];
                if !written_as_named(term, name) {
                    return None;
                }
                if let Ok(at) = term.briefs.binary_search(&brief) {
                    term.briefs.remove(at);
                }
            }
        }
        for &(brief, _, after) in edits {
            for name in after {
                let term = match self.find(&name.slug) {
                    Some(index) => &mut terms[index],
                    None => match added.iter().position(|t| t.slug == name.slug) {
                        Some(index) => &mut added[index],
                        None => {
                            added.push(Term {
                                name: name.name.clone(),
                                slug: name.slug.clone(),
                                description: String::new(),
                                singular: name.name.clone(),
                                briefs: Vec::new(),
                                several_spellings: false,
                            });
                            added.last_mut()?
                        }
                    },
                };
                if !written_as_named(term, name) {
                    return None;
                }
                if let Err(at) = term.briefs.binary_search(&brief) {
                    term.briefs.insert(at, brief);
                }
            }
        }
        terms.retain(|t| !t.briefs.is_empty());
        terms.extend(added);
        terms.sort_by(|a, b| a.slug.cmp(&b.slug));
        Some(Taxonomy::new(self.kind, terms))
    }

    /// This taxonomy of declared terms (topics) after some briefs changed the terms
    /// they name: `edits` gives each changed brief's index with its slugs before and
    /// after. The terms stay; their lists of briefs change.
    pub fn with_members_moved(&self, edits: &[(usize, &[String], &[String])]) -> Taxonomy {
        let mut moved = self.clone();
        for &(brief, before, _) in edits {
            for term in before.iter().filter_map(|slug| self.find(slug)) {
                let briefs = &mut moved.terms[term].briefs;
                if let Ok(at) = briefs.binary_search(&brief) {
                    briefs.remove(at);
                }
            }
        }
        for &(brief, _, after) in edits {
            for term in after.iter().filter_map(|slug| self.find(slug)) {
                let briefs = &mut moved.terms[term].briefs;
                if let Err(at) = briefs.binary_search(&brief) {
                    briefs.insert(at, brief);
                }
            }
        }
        moved
    }

    /// Lists each brief (newest first) under the terms of this kind it names, and each
    /// term in the brief's `memberships`.
    fn add_members(&mut self, briefs: &[TermNames], memberships: &mut [BriefTerms]) {
        let kind = self.kind;
        for (index, (brief, terms)) in briefs.iter().zip(memberships).enumerate() {
            let terms = &mut terms[kind.index()];
            terms.clear();
            let mut add = |slug: &str| {
                if let Some(term) = self.by_slug.get(slug).copied() {
                    if !terms.contains(&term) {
                        terms.push(term);
                        self.terms[term].briefs.push(index);
                    }
                }
            };
            // Topics and authors are identifiers already; regions and tags are names.
            match kind {
                TaxonomyKind::Topics => brief.topics.iter().for_each(|s| add(s)),
                TaxonomyKind::Regions => brief.regions.iter().for_each(|t| add(&t.slug)),
                TaxonomyKind::Tags => brief.tags.iter().for_each(|t| add(&t.slug)),
                TaxonomyKind::Authors => brief.authors.iter().for_each(|s| add(s)),
                TaxonomyKind::Types => add(brief.kind),
            }
        }
    }
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
        /// The first brief to use the slug, with its name.
        first: (usize, &'a TermName),
        counts: HashMap<&'a str, usize>,
        /// Other case-folded names already reported.
        reported: Vec<String>,
    }
    let mut by_slug: HashMap<&'a str, Spellings<'a>> = HashMap::new();
    let mut clashes = Vec::new();
    for (brief, list) in lists.enumerate() {
        for term in list {
            let spellings = by_slug
                .entry(term.slug.as_str())
                .or_insert_with(|| Spellings {
                    first: (brief, term),
                    counts: HashMap::new(),
                    reported: Vec::new(),
                });
            if !same_folded(&term.name, &spellings.first.1.name) {
                let folded = fold(&term.name);
                if !spellings.reported.contains(&folded) {
                    spellings.reported.push(folded);
                    clashes.push(NameClash {
                        kind,
                        first: spellings.first,
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
            let several_spellings = spellings.counts.len() > 1;
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
                several_spellings,
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

/// Whether two names are one with letter case and Unicode form set aside, without
/// folding them when both are ASCII (most are: every brief's names are compared).
fn same_folded(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        fold(a) == fold(b)
    }
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

/// An output path as file systems that ignore letter case compare it: [`fold`], with
/// case folded through capitals too (NTFS compares names in upper case), so that `ſ`
/// (long s) is `s`, `ß` is `ss` and the Kelvin sign is `k`. Wider than a name's fold:
/// two paths one file system could take for one are a collision.
pub(super) fn fold_path(path: &str) -> String {
    if path.is_ascii() {
        return path.to_ascii_lowercase();
    }
    path.nfc().collect::<String>().to_uppercase().to_lowercase()
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
