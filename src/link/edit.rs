//! Patching a linked site after an edit inside briefs' text, when nothing outside
//! the briefs' own pages can tell, instead of linking the whole site again.

use std::sync::Arc;

use crate::link::Site;
use crate::model::body::LinkTarget;
use crate::model::meta::{BriefMeta, PdfChoice};
use crate::parse::ParsedBrief;

/// Puts re-parsed briefs into `site` in place of their previous versions without
/// linking the site again, when nothing outside a brief's own page can tell: the same
/// front matter but for key findings and recommendations, the same links (targets, texts and sentences, which other pages show
/// as backlinks), and the same headings unless no link points into the brief at a
/// heading. Returns the indexes of the replaced briefs, or `None`, leaving `site`
/// untouched, when an edit needs the whole link stage.
pub fn replace_bodies(site: &mut Site, edited: &[Arc<ParsedBrief>]) -> Option<Vec<usize>> {
    let mut replaced = Vec::with_capacity(edited.len());
    for new in edited {
        let index = site
            .briefs
            .iter()
            .position(|b| b.parsed.source == new.source)?;
        let old = &site.briefs[index].parsed;
        let same_links = old.body.links.len() == new.body.links.len()
            && old.body.links.iter().zip(&new.body.links).all(|(a, b)| {
                (&a.target, &a.written, &a.text, &a.context)
                    == (&b.target, &b.written, &b.text, &b.context)
            });
        let same_headings =
            old.body.headings == new.body.headings && old.body.html_ids == new.body.html_ids;
        // Warnings are reported when the site is linked; a changed one needs a relink.
        if !same_for_other_pages(&old.meta, &new.meta)
            || old.warnings != new.warnings
            || !same_links
            || (!same_headings && is_linked_at_a_heading(site, index))
        {
            return None;
        }
        replaced.push(index);
    }
    for (new, &index) in edited.iter().zip(&replaced) {
        site.briefs[index].parsed = Arc::clone(new);
    }
    Some(replaced)
}

/// Whether two versions of a brief's front matter differ at most in what only the
/// brief's own page shows (key findings, recommendations) and in where values sit in
/// the file (places matter only to diagnostics, and the site had none for them).
fn same_for_other_pages(old: &BriefMeta, new: &BriefMeta) -> bool {
    let without_own_page = |meta: &BriefMeta| {
        let mut meta = meta.clone();
        meta.key_findings.clear();
        meta.recommendations.clear();
        meta.slug.place = None;
        let attached = match &mut meta.pdf {
            PdfChoice::Attached(located) => Some(located),
            PdfChoice::Generated | PdfChoice::Off => None,
        };
        for located in meta
            .related
            .iter_mut()
            .chain(&mut meta.aliases)
            .chain(attached)
        {
            located.place = None;
        }
        meta
    };
    without_own_page(old) == without_own_page(new)
}

/// Whether any link of the site (the brief's own `#heading` links included) points at
/// one of the brief's headings.
fn is_linked_at_a_heading(site: &Site, index: usize) -> bool {
    let brief = &site.briefs[index];
    let into_brief = format!("{}#", site.config.base_url.local(&brief.path));
    let points_in = |href: &String| href.starts_with(&into_brief);
    brief
        .parsed
        .body
        .links
        .iter()
        .any(|l| matches!(l.target, LinkTarget::Anchor(_)))
        || brief.hrefs.iter().any(points_in)
        || brief
            .backlinks
            .iter()
            .any(|b| site.briefs[b.from].hrefs.iter().any(points_in))
        || site.pages.iter().any(|p| p.hrefs.iter().any(points_in))
}
