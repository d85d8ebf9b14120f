//! Patching a linked site after an edit of a standalone page's text, instead of
//! linking the whole site again: other pages show a page's title (in the navigation)
//! and nothing of its text, so when the title, slug and aliases stay, only the page's
//! own links are resolved again.

use std::collections::HashMap;
use std::sync::Arc;

use super::edit::{anchors_in, hrefs_of_site};
use super::resolve::{finds_anchor, keeps_anchors, Targets};
use crate::link::Site;
use crate::model::meta::PageMeta;
use crate::parse::ParsedPage;

/// Puts a re-parsed page into `site` in place of its previous version, with its links
/// resolved again, when other pages cannot tell: the same front matter but for the
/// summary (which only the page shows), the same warnings and files, and headings that
/// keep every heading a link points at. Returns the page's index, or `None`, leaving
/// `site` untouched, when the edit needs the whole link stage, among others when a
/// link does not resolve (the link stage reports it, in full).
pub fn replace_page(site: &mut Site, new: &Arc<ParsedPage>) -> Option<usize> {
    let index = site
        .pages
        .iter()
        .position(|p| p.parsed.source == new.source)?;
    let page = &site.pages[index];
    let old = &page.parsed;
    let shown_elsewhere = |meta: &PageMeta| {
        let mut meta = meta.clone();
        meta.summary.clear();
        meta.slug.place = None;
        for alias in &mut meta.aliases {
            alias.place = None;
        }
        meta
    };
    let linked = anchors_in(site, &page.path, hrefs_of_site(site, site.briefs.iter()));
    let headings_kept = keeps_anchors(site, &old.body, &new.body, linked);
    if shown_elsewhere(&old.meta) != shown_elsewhere(&new.meta)
        || old.warnings != new.warnings
        || old.body.assets != new.body.assets
        || !headings_kept
    {
        return None;
    }
    let left_out = HashMap::new();
    let targets = Targets::for_patch(site, &left_out);
    let resolved: Vec<_> = new
        .body
        .links
        .iter()
        .map(|link| targets.resolve(link, &new.body, &page.path).ok())
        .collect::<Option<_>>()?;
    drop(targets);
    // `targets` finds anchors in the page as it was before the edit.
    let own = resolved.iter().map(|r| &r.href);
    if !anchors_in(site, &page.path, own).all(|anchor| finds_anchor(&new.body, anchor)) {
        return None;
    }
    let checked = site.stats.links_checked - page.hrefs.len() + resolved.len();
    site.stats.links_checked = checked;
    let page = &mut site.pages[index];
    page.parsed = Arc::clone(new);
    (page.hrefs, page.link_titles) = resolved.into_iter().map(|r| (r.href, r.title)).unzip();
    Some(index)
}
