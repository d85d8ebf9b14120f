//! Series: briefs that name the same series, in part order.

use std::collections::{BTreeMap, HashMap};

use crate::link::taxonomy::fold;
use crate::link::{Brief, Series, Site};
use crate::model::diagnostics::Diagnostic;
use crate::model::slug::slugify;
use crate::model::urls;
use crate::model::yaml::Place;
use crate::parse::ParsedBrief;

/// The series `briefs` (newest first) name, by slug; series' problems go to
/// `problems`.
pub(super) fn build_series(briefs: &[&ParsedBrief], problems: &mut Vec<Diagnostic>) -> Vec<Series> {
    let mut by_slug: BTreeMap<String, Vec<(u32, usize)>> = BTreeMap::new();
    // The first brief to name each series (the newest), and the name it wrote.
    let mut names: HashMap<String, (usize, String)> = HashMap::new();
    for (index, brief) in briefs.iter().enumerate() {
        if let Some(series) = &brief.meta.series {
            let slug = slugify(&series.name);
            let (first, name) = names
                .entry(slug.clone())
                .or_insert_with(|| (index, series.name.clone()));
            // "Moscow Reads Tokyo" and "Moscow reads Tokyo" are one series; "C++"
            // and "C#" are not, and cannot share /series/c/.
            if fold(name) != fold(&series.name) {
                let problem = Diagnostic::error(
                    "E-url-collision",
                    format!(
                        "series `{}` makes the same URL, /{}, as series `{name}` in {}",
                        series.name,
                        urls::series(&slug),
                        briefs[*first].source.display()
                    ),
                )
                .hint("name the series the same way in every brief, or rename one");
                problems.push(brief.at(problem, Some(Place::key("series"))));
                continue;
            }
            by_slug.entry(slug).or_default().push((series.part, index));
        }
    }
    let mut all = Vec::new();
    for (slug, mut parts) in by_slug {
        parts.sort();
        for pair in parts.windows(2) {
            if pair[0].0 == pair[1].0 {
                let (first, second) = (briefs[pair[0].1], briefs[pair[1].1]);
                let problem = Diagnostic::error(
                    "E-duplicate-series-part",
                    format!(
                        "part {} of series `{}` is also claimed by {}",
                        pair[0].0,
                        names[&slug].1,
                        first.source.display()
                    ),
                )
                .hint("give each brief of a series its own part number");
                problems.push(second.at(problem, Some(Place::key("series"))));
            }
        }
        all.push(Series {
            name: names[&slug].1.clone(),
            path: urls::series(&slug),
            slug,
            briefs: parts.into_iter().map(|(_, b)| b).collect(),
            original_total: 0,
        });
    }
    all
}

/// Gives each series of a translation's edition (`series`, of `briefs`) the number of
/// parts of the series its briefs' originals are in, in the default language's edition
/// (`original`). A watch session links every edition again when a save changes a
/// brief's series on such a site, so this is counted only here.
pub(super) fn count_original_parts(series: &mut [Series], briefs: &[Brief], original: &Site) {
    for one in series.iter_mut() {
        one.original_total = one
            .briefs
            .iter()
            .filter_map(|&member| {
                let slug = &briefs[member].parsed.meta.slug.value;
                let at = original
                    .briefs
                    .iter()
                    .position(|b| &b.parsed.meta.slug.value == slug)?;
                let series = &original.series[original.briefs[at].series?];
                Some(series.total(&original.briefs))
            })
            .max()
            .unwrap_or(0);
    }
}

/// Gives each of `briefs` the index of its series in `series`.
pub(super) fn put_in(briefs: &mut [Brief], series: &[Series]) {
    for brief in briefs.iter_mut() {
        brief.series = None;
    }
    for (index, series) in series.iter().enumerate() {
        for &member in &series.briefs {
            briefs[member].series = Some(index);
        }
    }
}
