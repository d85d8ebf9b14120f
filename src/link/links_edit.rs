//! Patching a linked site after an edit of briefs' links, instead of linking the whole
//! site again: only the edited briefs' links are resolved, and the backlinks of the
//! briefs they cite (or cited), the topics' citations and nothing else follow.

use std::collections::HashMap;
use std::sync::Arc;

use super::edit::{
    files_beside_change, index_of, linked_headings_kept, listed_the_same, one_changes_shared,
    put_files_beside, same_for_other_pages,
};
use super::graph;
use super::resolve::{finds_anchor, Targets};
use crate::link::{Backlink, Site};
use crate::model::body::{with_link_titles, LinkTarget};
use crate::parse::ParsedBrief;

/// What [`replace_links`] changed.
#[derive(Debug)]
pub struct LinkEdit {
    /// The briefs put in place.
    pub briefs: Vec<usize>,
    /// The briefs whose backlinks changed: cited now and not before, or the other way
    /// round, or by another sentence.
    pub cited: Vec<usize>,
    /// How topics cite each other changed (every topic's first page shows it).
    pub topic_citations_changed: bool,
    /// Which briefs link to a glossary term changed (the glossary page shows them).
    pub glossary_changed: bool,
    /// The files beside the briefs' pages that they no longer use (site paths).
    pub removed_files: Vec<String>,
}

/// Puts re-parsed briefs into `site` in place of their previous versions when they
/// differ from them in their links, and otherwise at most in what only their own pages
/// show (see [`super::replace_bodies`], which takes every edit that leaves the links
/// alone): the same front matter but for key findings and recommendations, headings
/// that keep every heading a link points at, the same warnings and files used.
/// Links resolve as in the link stage: in `site`, and for a translation's edition in
/// the `original` (the default language's) when `site` lacks the target.
/// Returns `None`, leaving `site` untouched, when the edit needs the whole link stage,
/// among others when a link does not resolve (the link stage reports it, in full).
pub fn replace_links(
    site: &mut Site,
    original: Option<&Site>,
    edited: &[Arc<ParsedBrief>],
) -> Option<LinkEdit> {
    resolve_links_again(site, original, edited, None)
}

/// Resolves again, in a translation's edition `site`, the links of the briefs that
/// cite brief `index`, as if the edition no longer had it: they then go to the
/// `original`'s version (as [`replace_links`] would put them), and brief `index` is
/// left uncited, so that it can be taken out ([`super::remove_skeleton`]). `None`,
/// leaving `site` untouched, when a link would not resolve or the edit needs the whole
/// link stage.
pub fn unlink_brief(site: &mut Site, original: &Site, index: usize) -> Option<LinkEdit> {
    let citing: Vec<Arc<ParsedBrief>> = site.briefs[index]
        .backlinks
        .iter()
        .map(|backlink| Arc::clone(&site.briefs[backlink.from].parsed))
        .collect();
    resolve_links_again(site, Some(original), &citing, Some(index))
}

/// [`replace_links`], finding no brief at `absent` (see [`Targets::without`]).
fn resolve_links_again(
    site: &mut Site,
    original: Option<&Site>,
    edited: &[Arc<ParsedBrief>],
    absent: Option<usize>,
) -> Option<LinkEdit> {
    let mut indexes = Vec::with_capacity(edited.len());
    let mut files = Vec::with_capacity(edited.len());
    for new in edited {
        let index = index_of(site, new)?;
        let old = &site.briefs[index].parsed;

        if !listed_the_same(&old.meta, &new.meta)
            || indexes.contains(&index)
            || old.warnings != new.warnings
            || !same_for_other_pages(&old.meta, &new.meta)
            || !linked_headings_kept(site, index, new)
        {
            return None;
        }
        files.push(files_beside_change(site, index, new)?);
        indexes.push(index);
    }
    if !one_changes_shared(&files) {
        return None;
    }
    // Links resolve as the link stage resolves them; one that does not is left to it
    // (it knows which briefs this build leaves out, and reports the problem in full).
    let left_out = HashMap::new();
    let targets = Targets::for_patch(site, &left_out)
        .with_original(original.map(|o| Targets::of_site(o, &left_out)))
        .without(absent);
    let mut resolved = Vec::with_capacity(edited.len());
    for (&index, new) in indexes.iter().zip(edited) {
        let page = &site.briefs[index].path;
        let links: Option<Vec<_>> = new
            .body
            .links
            .iter()
            .map(|link| targets.resolve(link, &new.body, page).ok())
            .collect();
        let links = links?;
        // `targets` finds anchors in the edited briefs as they were before the edit.
        let edited_body = |brief: usize| {
            let at = indexes.iter().position(|&i| i == brief)?;
            Some(&edited[at].body)
        };
        let anchors_found = links.iter().all(|link| {
            match (link.brief.and_then(edited_body), link.href.split_once('#')) {
                (Some(body), Some((_, anchor))) => finds_anchor(body, anchor),
                _ => true,
            }
        });
        if !anchors_found {
            return None;
        }
        resolved.push(links);
    }
    drop(targets);

    // What the edited briefs cite changes, and so what the pairs of topics count.
    let mut topic_citations = site.topic_citations.clone();
    for &index in &indexes {
        graph::count_citations(&mut topic_citations, &site.briefs, index, false);
    }
    let mut cited = Vec::new();
    let mut glossary_changed = false;
    let mut removed_files = Vec::new();
    for (((&index, new), resolved), files) in indexes.iter().zip(edited).zip(resolved).zip(files) {
        removed_files.extend(put_files_beside(site, index, files));
        glossary_changed |= note_glossary_links(site, index, new);
        let brief = &mut site.briefs[index];
        brief.parsed = Arc::clone(new);
        site.stats.links_checked = site.stats.links_checked - brief.hrefs.len() + resolved.len();
        // The first sentence linking to each brief, as the link stage keeps it.
        let mut citations: Vec<(usize, String)> = Vec::new();
        for (link, r) in new.body.links.iter().zip(&resolved) {
            match r.brief {
                Some(to) if to != index && !citations.iter().any(|(t, _)| *t == to) => {
                    // Wiki links without text show their targets' titles in the sentence.
                    let title = |i: usize| resolved.get(i).map(|r| r.title.as_str());
                    let context = with_link_titles(&link.context, title).into_owned();
                    citations.push((to, context));
                }
                _ => {}
            }
        }
        brief.link_languages = resolved
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, r.language.clone()?)))
            .collect();
        (brief.hrefs, brief.link_titles) = resolved.into_iter().map(|r| (r.href, r.title)).unzip();
        let before = std::mem::take(&mut brief.cites);
        brief.cites = citations.iter().map(|(to, _)| *to).collect();
        brief.cites.sort_unstable();
        for &to in &before {
            let backlinks = &mut site.briefs[to].backlinks;
            let old = backlinks.iter().position(|b| b.from == index);
            let new = citations.iter().find(|(t, _)| *t == to);
            match (old, new) {
                (Some(at), Some((_, context))) if backlinks[at].context == *context => {}
                (Some(at), _) => {
                    backlinks.remove(at);
                    cited.push(to);
                }
                (None, _) => {}
            }
        }
        for (to, context) in citations {
            let backlinks = &mut site.briefs[to].backlinks;
            // Citing briefs newest first: in index order.
            if let Err(at) = backlinks.binary_search_by_key(&index, |b| b.from) {
                backlinks.insert(
                    at,
                    Backlink {
                        from: index,
                        context,
                    },
                );
                cited.push(to);
            }
        }
    }
    cited.sort_unstable();
    cited.dedup();
    for &index in &indexes {
        graph::count_citations(&mut topic_citations, &site.briefs, index, true);
    }
    let topic_citations_changed = topic_citations != site.topic_citations;
    site.topic_citations = topic_citations;
    Some(LinkEdit {
        briefs: indexes,
        cited,
        topic_citations_changed,
        glossary_changed,
        removed_files,
    })
}

/// Lists brief `index` under the glossary terms its `new` version links to, and only
/// those; says whether it links to any, before or after.
fn note_glossary_links(site: &mut Site, index: usize, new: &ParsedBrief) -> bool {
    let terms = |brief: &ParsedBrief| -> Vec<String> {
        brief
            .body
            .links
            .iter()
            .filter_map(|link| match &link.target {
                LinkTarget::Glossary(slug) => Some(slug.clone()),
                _ => None,
            })
            .collect()
    };
    let (before, after) = (terms(&site.briefs[index].parsed), terms(new));
    let Some(entries) = site.glossary.as_mut() else {
        return false;
    };
    if before.is_empty() && after.is_empty() {
        return false;
    }
    for entry in entries {
        // Briefs newest first: in index order.
        let listed = entry.briefs.binary_search(&index);
        match (listed, after.contains(&entry.term.slug)) {
            (Ok(at), false) => {
                entry.briefs.remove(at);
            }
            (Err(at), true) => entry.briefs.insert(at, index),
            _ => {}
        }
    }
    true
}
