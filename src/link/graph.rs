//! The citation graph: which briefs cite which (backlinks, with the citing sentence),
//! how topics cite each other, each brief's neighbours in its topics' lists, and the
//! briefs nothing links to.

use crate::link::taxonomy::Taxonomies;
use crate::link::{Backlink, Brief, Site, TopicNeighbours};
use crate::model::diagnostics::Diagnostic;
use crate::model::taxonomy::TaxonomyKind;

/// Records `citations` as (cited, citing, sentence): each brief's citing briefs (one
/// entry per citing brief, its first sentence, newest first) and the briefs it cites.
pub(super) fn connect(briefs: &mut [Brief], mut citations: Vec<(usize, usize, String)>) {
    citations.sort_by_key(|(to, from, _)| (*to, *from));
    citations.dedup_by_key(|(to, from, _)| (*to, *from));
    for (to, from, context) in citations {
        briefs[from].cites.push(to);
        briefs[to].backlinks.push(Backlink { from, context });
    }
    for brief in briefs {
        brief.cites.sort_unstable();
    }
}

/// `matrix[a][b]`: how many (citing brief, cited brief) pairs go from a brief on topic
/// `a` to a brief on topic `b`.
pub(super) fn topic_citations(briefs: &[Brief], taxonomies: &Taxonomies) -> Vec<Vec<usize>> {
    let count = taxonomies.get(TaxonomyKind::Topics).terms.len();
    let mut matrix = vec![vec![0; count]; count];
    for index in 0..briefs.len() {
        count_citations(&mut matrix, briefs, index, true);
    }
    matrix
}

/// Adds to `matrix` (see [`topic_citations`]) the pairs brief `index` makes by citing
/// other briefs, or with `add` false takes them away.
pub(super) fn count_citations(
    matrix: &mut [Vec<usize>],
    briefs: &[Brief],
    index: usize,
    add: bool,
) {
    let topics = TaxonomyKind::Topics.index();
    let brief = &briefs[index];
    for &cited in &brief.cites {
        for &from in &brief.terms[topics] {
            for &to in &briefs[cited].terms[topics] {
                if add {
                    matrix[from][to] += 1;
                } else {
                    matrix[from][to] -= 1;
                }
            }
        }
    }
}

/// For each topic of each brief, the briefs before and after it on the topic's page.
pub(super) fn topic_neighbours(briefs: &mut [Brief], taxonomies: &Taxonomies) {
    let topics = taxonomies.get(TaxonomyKind::Topics);
    for (topic, term) in topics.terms.iter().enumerate() {
        for (position, &brief) in term.briefs.iter().enumerate() {
            briefs[brief].topic_neighbours.push(TopicNeighbours {
                topic,
                previous: position.checked_sub(1).map(|p| term.briefs[p]),
                next: term.briefs.get(position + 1).copied(),
            });
        }
    }
}

/// The briefs whose neighbours in the topic lists can differ between two versions of
/// the lists in which only `edited` joined or left lists: the edited briefs and the
/// briefs next to them in either version (the others keep their order).
pub(super) fn near_edited(before: &Taxonomies, after: &Taxonomies, edited: &[usize]) -> Vec<usize> {
    let mut near = edited.to_vec();
    for taxonomies in [before, after] {
        for term in &taxonomies.get(TaxonomyKind::Topics).terms {
            for (position, brief) in term.briefs.iter().enumerate() {
                if edited.contains(brief) {
                    near.extend(position.checked_sub(1).map(|p| term.briefs[p]));
                    near.extend(term.briefs.get(position + 1));
                }
            }
        }
    }
    near.sort_unstable();
    near.dedup();
    near
}

/// Brief `brief`'s neighbours in each topic list it is on, as [`topic_neighbours`]
/// finds them.
pub(super) fn neighbours_of(brief: usize, taxonomies: &Taxonomies) -> Vec<TopicNeighbours> {
    let topics = taxonomies.get(TaxonomyKind::Topics);
    let on_list = |(topic, term): (usize, &crate::link::taxonomy::Term)| {
        let position = term.briefs.iter().position(|&b| b == brief)?;
        Some(TopicNeighbours {
            topic,
            previous: position.checked_sub(1).map(|p| term.briefs[p]),
            next: term.briefs.get(position + 1).copied(),
        })
    };
    topics
        .terms
        .iter()
        .enumerate()
        .filter_map(on_list)
        .collect()
}

/// Past this many orphan briefs, `check` prints one summary note instead of one per
/// brief: so many orphans means the site links some other way (by absolute URL, say),
/// and a note per brief would bury everything else.
pub const ORPHAN_NOTES_LIMIT: usize = 10;

/// How many orphans a summary note names as examples.
const ORPHAN_EXAMPLES: usize = 5;

/// Notes for briefs nothing links to and that link nowhere (listed by `check`): one per
/// brief, or a single summary past [`ORPHAN_NOTES_LIMIT`].
pub fn orphan_notes(site: &Site) -> Vec<Diagnostic> {
    let orphans: Vec<&Brief> = site
        .briefs
        .iter()
        .filter(|b| b.backlinks.is_empty() && b.cites.is_empty())
        .collect();
    if orphans.len() > ORPHAN_NOTES_LIMIT {
        let mut files: Vec<String> = orphans
            .iter()
            .map(|b| b.parsed.source.display().to_string())
            .collect();
        files.sort();
        let examples = files[..ORPHAN_EXAMPLES].join(", ");
        let example_url = site.config.base_url.absolute("briefs/slug/");
        return vec![Diagnostic::note(
            "N-orphan",
            format!(
                "{} of {} briefs: no brief links to them and they link to no other (e.g. {examples})",
                orphans.len(),
                site.briefs.len()
            ),
        )
        .hint(format!(
            "links written as full addresses of this site (`{example_url}`) are not counted; write them as `slug.md` or `[[slug]]` so they are checked and followed"
        ))];
    }
    orphans
        .into_iter()
        .map(|b| {
            Diagnostic::note(
                "N-orphan",
                "no brief links here and this brief links to no other",
            )
            .in_file(&b.parsed.source)
            .hint("link it from related briefs (e.g. `[[slug]]`) so readers can find it")
        })
        .collect()
}
