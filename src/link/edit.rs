//! Patching a linked site after an edit inside briefs' text, when nothing outside
//! the briefs' own pages can tell, instead of linking the whole site again.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::resolve::{heading_title, keeps_anchors, Targets};
use super::retag::links_to_any;
use super::{paths, related};
use crate::link::{Brief, BriefPdf, Site};
use crate::load::Assets;
use crate::model::body::{with_link_titles, AssetOutput, AssetUse, LinkTarget};
use crate::model::meta::{BriefMeta, PdfChoice};
use crate::model::urls;
use crate::parse::ParsedBrief;

/// Puts re-parsed briefs into `site` in place of their previous versions without
/// linking the site again, when no link, term, date or order changes: the same front
/// matter but for key findings and recommendations (only the brief's own page shows
/// them), the `updated:` day (its page, the feeds and the sitemap), the `related:` list
/// (its own related briefs, scored again), the `image:` (its picture, found among the
/// site's `files_of_site`, or its social card: see [`picture_change`]) and for the
/// title, subtitle and summary (which lists show, and the title links too: see
/// [`retitle`]), and no title change that would move the brief among briefs of its
/// date; the same links (targets, texts and sentences, which other pages show as
/// backlinks), headings that keep every heading a link points at (see
/// [`linked_headings_kept`]), and files beside its page that no other output writes
/// (see [`files_beside_change`]); and a new `pdf:` ([`pdf_change`]) or `aliases:`
/// ([`alias_change`]).
/// Returns what it replaced, or `None`, leaving `site` untouched, when an edit needs the
/// whole link stage.
pub fn replace_bodies(
    site: &mut Site,
    edited: &[Arc<ParsedBrief>],
    files_of_site: &Assets,
) -> Option<BodyEdit> {
    let mut replaced = Vec::with_capacity(edited.len());
    let mut files = Vec::with_capacity(edited.len());
    let mut pictures = Vec::with_capacity(edited.len());
    let mut pdfs = Vec::with_capacity(edited.len());
    let mut aliases = Vec::with_capacity(edited.len());
    for new in edited {
        let index = index_of(site, new)?;
        let mut with_new_own = site.briefs[index].parsed.meta.clone();
        with_new_own.related.clone_from(&new.meta.related);
        with_new_own.image.clone_from(&new.meta.image);
        with_new_own.pdf.clone_from(&new.meta.pdf);
        with_new_own.aliases.clone_from(&new.meta.aliases);
        if !same_for_other_pages(&with_new_own, &new.meta) || !same_text_but_files(site, index, new)
        {
            return None;
        }
        files.push(files_beside_change(site, index, new)?);
        pictures.push(picture_change(site, index, new, files_of_site)?);
        pdfs.push(pdf_change(site, index, new, files_of_site)?);
        aliases.push(alias_change(site, index, new)?);
        replaced.push(index);
    }
    // The version of brief `i` after the edit.
    let version = |i: usize| {
        replaced
            .iter()
            .position(|&r| r == i)
            .map_or(&site.briefs[i].parsed, |e| &edited[e])
    };
    let keeps_its_place = |&index: &usize| {
        let before = index.checked_sub(1).map(|i| order(version(i)));
        let after = site
            .briefs
            .get(index + 1)
            .map(|_| order(version(index + 1)));
        let this = order(version(index));
        before.is_none_or(|b| b < this) && after.is_none_or(|a| this < a)
    };
    if !replaced.iter().all(keeps_its_place) {
        return None;
    }
    if !one_changes_shared(&files) {
        return None;
    }
    let named_related = named_related(site, &replaced, edited)?;
    let mut removed_files = Vec::new();
    let mut new_cards = Vec::new();
    let changes = files.into_iter().zip(pictures).zip(pdfs).zip(aliases);
    for ((new, &index), (((files, picture), pdf), aliases)) in
        edited.iter().zip(&replaced).zip(changes)
    {
        removed_files.extend(put_files_beside(site, index, files));
        if picture.card.is_some() && site.briefs[index].card.is_none() {
            new_cards.push(index);
        }
        removed_files.extend(picture.released.iter().cloned());
        put_picture(site, index, picture);
        removed_files.extend(put_pdf(site, index, pdf));
        removed_files.extend(put_aliases(site, new, aliases));
        let old = &site.briefs[index].parsed.meta;
        let retitled = old.title != new.meta.title;
        // Each name in `related:` is checked like a link.
        site.stats.links_checked =
            site.stats.links_checked - old.related.len() + new.meta.related.len();
        site.briefs[index].parsed = Arc::clone(new);
        if retitled {
            retitle(site, index);
        }
    }
    let related_changed = !named_related.is_empty();
    if related_changed {
        let rescore = named_related.iter().map(|(index, _)| *index).collect();
        for (index, briefs) in named_related {
            site.explicit_related[index] = briefs;
        }
        related::score_again(site, rescore);
    }
    Some(BodyEdit {
        briefs: replaced,
        related_changed,
        removed_files,
        new_cards,
    })
}

/// What [`replace_bodies`] changed.
#[derive(Debug)]
pub struct BodyEdit {
    /// The briefs put in place.
    pub briefs: Vec<usize>,
    /// A brief's `related:` list changed: its page shows other briefs' cards.
    pub related_changed: bool,
    /// The files beside the briefs' pages that they no longer use (site paths).
    pub removed_files: Vec<String>,
    /// The briefs that now have a social card (their `image:` went).
    pub new_cards: Vec<usize>,
}

/// For each of the `edited` briefs (at `indexes`) whose `related:` list changed, the
/// briefs it now names, resolved as the link stage resolves them. Only the brief's own
/// related briefs follow from its list. `None` when a name resolves to no brief, or the
/// list names a brief twice or the brief itself (`W-related`), before or after the
/// edit: the link stage reports it, in full, and clears it once mended.
fn named_related(
    site: &Site,
    indexes: &[usize],
    edited: &[Arc<ParsedBrief>],
) -> Option<Vec<(usize, Vec<usize>)>> {
    let same_names = |old: &BriefMeta, new: &BriefMeta| {
        old.related
            .iter()
            .map(|r| &r.value)
            .eq(new.related.iter().map(|r| &r.value))
    };
    let changed: Vec<(usize, &ParsedBrief)> = indexes
        .iter()
        .zip(edited)
        .filter(|(&index, new)| !same_names(&site.briefs[index].parsed.meta, &new.meta))
        .map(|(&index, new)| (index, &**new))
        .collect();
    if changed.is_empty() {
        return Some(Vec::new());
    }
    let left_out = HashMap::new();
    let targets = Targets::for_patch(site, &left_out);
    changed
        .into_iter()
        .map(|(index, new)| {
            // The brief each name resolves to (`None` for none).
            let resolved = |meta: &BriefMeta| -> Vec<Option<usize>> {
                meta.related
                    .iter()
                    .map(|wanted| targets.brief_by_name(&wanted.value))
                    .collect()
            };
            let warned = |briefs: &[Option<usize>]| {
                let briefs: Vec<usize> = briefs.iter().flatten().copied().collect();
                briefs
                    .iter()
                    .enumerate()
                    .any(|(i, &brief)| brief == index || briefs[..i].contains(&brief))
            };
            let (old, new) = (
                resolved(&site.briefs[index].parsed.meta),
                resolved(&new.meta),
            );
            if warned(&old) || warned(&new) {
                return None;
            }
            Some((index, new.into_iter().collect::<Option<Vec<usize>>>()?))
        })
        .collect()
}

/// Whether what other pages read of brief `index`'s text is the same in its `new`
/// version: its links, headings and warnings (see [`same_text_but_files`]) and the
/// files it uses (images, data: written when the site is linked, or by the patches
/// that follow [`files_beside_change`]).
pub(super) fn same_text_for_other_pages(site: &Site, index: usize, new: &ParsedBrief) -> bool {
    site.briefs[index].parsed.body.assets == new.body.assets
        && same_text_but_files(site, index, new)
}

/// Whether what other pages read of brief `index`'s text, but for the files it uses,
/// is the same in its `new` version: its links (targets, texts and sentences, which
/// other pages show as backlinks), the headings links point at (see
/// [`linked_headings_kept`]), and its warnings (reported when the site is linked; a
/// changed one needs a relink).
pub(super) fn same_text_but_files(site: &Site, index: usize, new: &ParsedBrief) -> bool {
    let old = &site.briefs[index].parsed;
    let same_links = old.body.links.len() == new.body.links.len()
        && old.body.links.iter().zip(&new.body.links).all(|(a, b)| {
            (&a.target, &a.written, &a.text, &a.context)
                == (&b.target, &b.written, &b.text, &b.context)
        });
    old.warnings == new.warnings && same_links && linked_headings_kept(site, index, new)
}

/// The files beside a brief's page (images, their resized copies, data) that an edit
/// adds and takes away, as site paths.
#[derive(Debug, Default)]
pub struct FilesBeside {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Resized copies of the site's static images (one file however many documents
    /// show it) that no other document shows, which the brief now shows or no longer.
    pub shared_added: Vec<String>,
    pub shared_removed: Vec<String>,
}

impl FilesBeside {
    fn changes_shared(&self) -> bool {
        !self.shared_added.is_empty() || !self.shared_removed.is_empty()
    }
}

/// How the files beside brief `index`'s page change in its `new` version, when nothing
/// else can tell: new files no other output writes (a resized copy of a static image
/// another document shows is written already), none taken away that a link points at,
/// and no broken link in the site (a new file could mend one). `None` when the edit
/// needs the whole link stage.
pub(super) fn files_beside_change(
    site: &Site,
    index: usize,
    new: &ParsedBrief,
) -> Option<FilesBeside> {
    let brief = &site.briefs[index];
    let old = &brief.parsed.body.assets;
    if *old == new.body.assets {
        return Some(FilesBeside::default());
    }
    let shared = |assets: &[AssetUse]| -> BTreeSet<String> {
        assets
            .iter()
            .filter_map(|asset| match &asset.output {
                AssetOutput::Site(path) => Some(path.clone()),
                AssetOutput::Beside(_) => None,
            })
            .collect()
    };
    if site.stats.links_broken > 0 {
        return None;
    }
    let (shared_before, shared_after) = (shared(old), shared(&new.body.assets));
    let (mut shared_added, mut shared_removed) = (Vec::new(), Vec::new());
    if shared_before != shared_after {
        let elsewhere: HashSet<&str> = site
            .briefs
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != index)
            .flat_map(|(_, b)| &b.parsed.body.assets)
            .chain(site.pages.iter().flat_map(|p| &p.parsed.body.assets))
            .filter_map(|asset| match &asset.output {
                AssetOutput::Site(path) => Some(path.as_str()),
                AssetOutput::Beside(_) => None,
            })
            .collect();
        let only_here = |paths: std::collections::btree_set::Difference<'_, String>| {
            paths
                .filter(|path| !elsewhere.contains(path.as_str()))
                .cloned()
                .collect::<Vec<String>>()
        };
        shared_added = only_here(shared_after.difference(&shared_before));
        shared_removed = only_here(shared_before.difference(&shared_after));
        if !site
            .known_paths
            .can_claim(&shared_added, paths::RESIZED_IMAGES_OWNER)
            // The brief's own image links point at the copies it shows.
            || links_to_any(site, &shared_removed, Some(index))
        {
            return None;
        }
    }
    // The brief's own files (citation records, PDF, `image:`, card) stay its own.
    let own: BTreeSet<String> = super::arrival::files_of(site, brief).into_iter().collect();
    let beside = |assets: &[AssetUse]| -> BTreeSet<String> {
        paths::files_beside(&brief.path, assets)
            .filter(|path| !own.contains(path))
            .collect()
    };
    let (before, after) = (beside(old), beside(&new.body.assets));
    let change = FilesBeside {
        added: after.difference(&before).cloned().collect(),
        removed: before.difference(&after).cloned().collect(),
        shared_added,
        shared_removed,
    };
    let owner = paths::brief_owner(new);
    // The brief's own links to its files are made from the files it uses.
    let linked = links_to_any(site, &change.removed, Some(index));
    (site.known_paths.can_claim(&change.added, &owner) && !linked).then_some(change)
}

/// A brief's picture after an edit of its `image:`: the file it names (source and site
/// path), else its social card, and the site paths it no longer writes and now writes.
#[derive(Debug)]
pub(super) struct PictureChange {
    image: Option<(PathBuf, String)>,
    card: Option<String>,
    released: Vec<String>,
    claimed: Vec<String>,
}

/// Brief `index`'s picture in its `new` version, found as the link stage finds it.
/// `None` when the edit needs the whole link stage: the file `image:` names is not
/// among the site's `files` or is not an image (the link stage reports it), the site
/// has broken links (a new file could mend one), the new file's path is another
/// output's or a file the brief's text shows (one file for both), or something links to
/// the file it no longer writes.
fn picture_change(
    site: &Site,
    index: usize,
    new: &ParsedBrief,
    files: &Assets,
) -> Option<PictureChange> {
    let brief = &site.briefs[index];
    let named = |meta: &BriefMeta| meta.image.as_ref().map(|image| image.value.clone());
    if named(&brief.parsed.meta) == named(&new.meta) {
        return Some(PictureChange {
            image: brief.image.clone(),
            card: brief.card.clone(),
            released: Vec::new(),
            claimed: Vec::new(),
        });
    }
    if site.stats.links_broken > 0 {
        return None;
    }
    let image = picture(&brief.path, new, files)?;
    let card =
        (site.config.social_cards && image.is_none()).then(|| urls::social_card(&brief.path));
    let paths = |image: &Option<(PathBuf, String)>, card: &Option<String>| -> Vec<String> {
        image
            .iter()
            .map(|(_, path)| path.clone())
            .chain(card.clone())
            .collect()
    };
    let (before, after) = (paths(&brief.image, &brief.card), paths(&image, &card));
    let shown: BTreeSet<String> = paths::files_beside(&brief.path, &brief.parsed.body.assets)
        .chain(paths::files_beside(&brief.path, &new.body.assets))
        .collect();
    if before.iter().chain(&after).any(|path| shown.contains(path)) {
        return None;
    }
    let released: Vec<String> = before
        .iter()
        .filter(|p| !after.contains(p))
        .cloned()
        .collect();
    let claimed: Vec<String> = after
        .iter()
        .filter(|p| !before.contains(p))
        .cloned()
        .collect();
    let owner = paths::brief_owner(new);
    if !site.known_paths.can_claim(&claimed, &owner) || links_to_any(site, &released, Some(index)) {
        return None;
    }
    Some(PictureChange {
        image,
        card,
        released,
        claimed,
    })
}

/// The file a brief (`new`, whose page is at `page`) names as its picture (`image:`),
/// as its source and site path, found as the link stage finds it; `Some(None)` when it
/// names none, `None` when the file is not among the site's `files` or is not an image
/// (both errors of the link stage).
pub(super) fn picture(
    page: &str,
    new: &ParsedBrief,
    files: &Assets,
) -> Option<Option<(PathBuf, String)>> {
    let Some(file) = &new.meta.image else {
        return Some(None);
    };
    let (source, path) = super::attached_file(page, new, &file.value, "image");
    files.usable(&source).then_some(Some((source, path)))
}

/// Gives brief `index` its picture after an edit (see [`picture_change`]).
fn put_picture(site: &mut Site, index: usize, change: PictureChange) {
    reclaim(site, index, &change.released, &change.claimed);
    let brief = &mut site.briefs[index];
    brief.image = change.image;
    brief.card = change.card;
}

/// A brief's PDF after an edit of its `pdf:`: before and after, and the site paths it
/// no longer writes and now writes.
#[derive(Debug)]
struct PdfChange {
    before: Option<BriefPdf>,
    after: Option<BriefPdf>,
    released: Vec<String>,
    claimed: Vec<String>,
}

/// Brief `index`'s PDF in its `new` version (attached, typeset or none), found as the
/// link stage finds it. `None` when the edit needs the whole link stage: the file
/// `pdf:` names is not among the site's `files` or is not a PDF (the link stage
/// reports it), its `image:` changed too (two files could claim one path), the site
/// has broken links (a new file could mend one), the new PDF's path is another
/// output's or one of the brief's own files, or something links to the PDF it no
/// longer has.
fn pdf_change(site: &Site, index: usize, new: &ParsedBrief, files: &Assets) -> Option<PdfChange> {
    let brief = &site.briefs[index];
    let before = brief.pdf.clone();
    let after = match &new.meta.pdf {
        PdfChoice::Off => None,
        PdfChoice::Generated => {
            super::typeset_pdf_of(&site.config, &brief.path, &brief.slug, &new.meta)
        }
        PdfChoice::Attached(file) => {
            let (source, path) = super::attached_file(&brief.path, new, &file.value, "pdf");
            if !files.usable(&source) {
                return None;
            }
            Some(BriefPdf {
                path,
                attached: Some(source),
            })
        }
    };
    let path = |pdf: &Option<BriefPdf>| pdf.as_ref().map(|pdf| pdf.path.clone());
    let (released, claimed): (Vec<String>, Vec<String>) = if path(&before) == path(&after) {
        (Vec::new(), Vec::new())
    } else {
        (
            path(&before).into_iter().collect(),
            path(&after).into_iter().collect(),
        )
    };
    let change = PdfChange {
        before,
        after,
        released,
        claimed,
    };
    if change.before == change.after {
        return Some(change);
    }
    let image_changed = brief.parsed.meta.image.as_ref().map(|i| &i.value)
        != new.meta.image.as_ref().map(|i| &i.value);
    if image_changed || site.stats.links_broken > 0 {
        return None;
    }
    let own: BTreeSet<String> = super::arrival::files_of(site, brief)
        .into_iter()
        .chain(paths::files_beside(&brief.path, &brief.parsed.body.assets))
        .chain(paths::files_beside(&brief.path, &new.body.assets))
        .collect();
    let owner = paths::brief_owner(new);
    let free = change.claimed.iter().all(|path| !own.contains(path))
        && site.known_paths.can_claim(&change.claimed, &owner)
        && !links_to_any(site, &change.released, Some(index));
    free.then_some(change)
}

/// The redirect pages of a brief's `aliases:` that an edit takes away and adds.
#[derive(Debug, Default)]
struct AliasChange {
    released: Vec<String>,
    claimed: Vec<String>,
}

/// How brief `index`'s aliases change in its `new` version. `None` when the edit
/// needs the whole link stage: the site has broken links (a new alias could mend one),
/// a new alias is another output's (the link stage reports it), or something links to
/// an alias that goes.
fn alias_change(site: &Site, index: usize, new: &ParsedBrief) -> Option<AliasChange> {
    let values = |brief: &ParsedBrief| -> BTreeSet<String> {
        brief.meta.aliases.iter().map(|a| a.value.clone()).collect()
    };
    let (before, after) = (values(&site.briefs[index].parsed), values(new));
    if before == after {
        return Some(AliasChange::default());
    }
    let change = AliasChange {
        released: before.difference(&after).cloned().collect(),
        claimed: after.difference(&before).cloned().collect(),
    };
    let owner = paths::alias_owner(&new.source);
    let free = site.stats.links_broken == 0
        && site.known_paths.can_claim(&change.claimed, &owner)
        && !links_to_any(site, &change.released, None);
    free.then_some(change)
}

/// Gives brief `index` its PDF after an edit (see [`pdf_change`]); returns the site
/// path of an attached PDF it no longer has. A typeset one is removed with the PDFs
/// (see `Session::update_pdfs`).
fn put_pdf(site: &mut Site, index: usize, change: PdfChange) -> Vec<String> {
    reclaim(site, index, &change.released, &change.claimed);
    site.briefs[index].pdf = change.after;
    let attached = change.before.is_some_and(|pdf| pdf.attached.is_some());
    if attached {
        change.released
    } else {
        Vec::new()
    }
}

/// Gives the brief `new` is a version of its aliases after an edit (see
/// [`alias_change`]); returns the site paths of the redirect pages that go. Those of
/// new aliases are written with the brief's page (see `render::render_edited`).
fn put_aliases(site: &mut Site, new: &ParsedBrief, change: AliasChange) -> Vec<String> {
    for path in &change.released {
        site.known_paths.release(path);
    }
    let owner = paths::alias_owner(&new.source);
    site.known_paths.claim_all(change.claimed, &owner);
    change.released
}

/// Puts the change of the files beside brief `index`'s page (see
/// [`files_beside_change`]) in `site`'s paths; returns the site paths the output no
/// longer has. Several briefs of one save must not change the same resized copies:
/// see [`one_changes_shared`].
pub(super) fn put_files_beside(site: &mut Site, index: usize, files: FilesBeside) -> Vec<String> {
    reclaim(site, index, &files.removed, &files.added);
    for path in &files.shared_removed {
        site.known_paths.release_shared(path);
    }
    site.known_paths.claim_shared(files.shared_added);
    files
        .removed
        .into_iter()
        .chain(files.shared_removed)
        .collect()
}

/// Whether at most one of the briefs of a save changes which resized copies of static
/// images the site writes (each brief's change is found against the site before the
/// save, which would not see the others').
pub(super) fn one_changes_shared(files: &[FilesBeside]) -> bool {
    files.iter().filter(|f| f.changes_shared()).count() <= 1
}

/// Gives back the site paths brief `index` no longer writes (`released`) and claims
/// those it now writes (`claimed`, which [`paths::KnownPaths::can_claim`] allowed).
pub(super) fn reclaim(site: &mut Site, index: usize, released: &[String], claimed: &[String]) {
    for path in released {
        site.known_paths.release(path);
    }
    let owner = paths::brief_owner(&site.briefs[index].parsed);
    site.known_paths.claim_all(claimed.to_vec(), &owner);
}

/// The briefs a save of `new` that changed several things at once goes through, one
/// patch each: the site's version with `new`'s topics, regions, tags, authors and
/// series, then with its date too, then with all of its front matter (when the body
/// changed too; a body is made in the language the front matter names, so not when
/// that changed), then `new`.
/// `None` when there is no step to take apart.
pub fn edit_steps(site: &Site, new: &Arc<ParsedBrief>) -> Option<Vec<Arc<ParsedBrief>>> {
    let old = &site.briefs[index_of(site, new)?].parsed;
    let mut meta = with_terms_of(&old.meta, &new.meta);
    let mut steps = Vec::new();
    if meta != old.meta {
        steps.push(Arc::new(old.with_meta(meta.clone())));
    }
    if meta.date != new.meta.date {
        meta.date = new.meta.date;
        steps.push(Arc::new(old.with_meta(meta.clone())));
    }
    if meta != new.meta && old.body != new.body && meta.language == new.meta.language {
        steps.push(Arc::new(old.with_front_matter_of(new)));
    }
    if steps.is_empty() {
        return None;
    }
    steps.push(Arc::clone(new));
    Some(steps)
}

/// `meta` with the topics, regions, tags, authors (its bylines too, registered
/// authors and guests) and series of `other`.
pub(super) fn with_terms_of(meta: &BriefMeta, other: &BriefMeta) -> BriefMeta {
    let mut with_terms = meta.clone();
    with_terms.series.clone_from(&other.series);
    with_terms.topics.clone_from(&other.topics);
    with_terms.regions.clone_from(&other.regions);
    with_terms.tags.clone_from(&other.tags);
    with_terms.authors.clone_from(&other.authors);
    with_terms.bylines.clone_from(&other.bylines);
    with_terms
}

/// The index of the brief `new` is a new version of.
pub(super) fn index_of(site: &Site, new: &ParsedBrief) -> Option<usize> {
    site.brief_at(&new.source)
}

/// Whether two versions of a brief's front matter give it the same card texts (lists
/// show its title, subtitle and summary).
pub(super) fn listed_the_same(old: &BriefMeta, new: &BriefMeta) -> bool {
    (&old.title, &old.subtitle, &old.summary) == (&new.title, &new.subtitle, &new.summary)
}

/// Where a brief sits among the site's briefs: newest first by the day it shows, then
/// by its time on that day, then by title, then by file (so the order never depends on
/// the order files were read in). The day comes first: a brief of 31 December in New
/// York can be published after one of 1 January in Tokyo, and a list, like the archive's
/// years, follows the days readers see.
pub(super) fn order(
    brief: &ParsedBrief,
) -> (
    std::cmp::Reverse<chrono::NaiveDate>,
    std::cmp::Reverse<i64>,
    &str,
    &std::path::Path,
) {
    (
        std::cmp::Reverse(brief.meta.date.day),
        std::cmp::Reverse(brief.meta.date.timestamp()),
        &brief.meta.title,
        &brief.source,
    )
}

/// Puts brief `index`'s new title where the link stage put the old one: as the title
/// of every link to it (what a wiki link without text shows), in briefs, pages and
/// author biographies, and in the sentences of its backlinks that quote such a link.
fn retitle(site: &mut Site, index: usize) {
    let page = site.config.base_url.local(&site.briefs[index].path);
    let title = site.briefs[index].parsed.meta.title.clone();
    let to_page = |href: &String| leads_to(href, &page);
    let retitle_links = |hrefs: &[String], titles: &mut [String]| {
        for (href, link_title) in hrefs.iter().zip(titles) {
            if to_page(href) {
                link_title.clone_from(&title);
            }
        }
    };
    let citing: Vec<usize> = site.briefs[index]
        .backlinks
        .iter()
        .map(|b| b.from)
        .chain([index])
        .collect();
    for &from in &citing {
        let brief = &mut site.briefs[from];
        retitle_links(&brief.hrefs, &mut brief.link_titles);
    }
    for page in &mut site.pages {
        retitle_links(&page.hrefs, &mut page.link_titles);
    }
    for (hrefs, titles) in &mut site.bios {
        retitle_links(hrefs, titles);
    }
    // A backlink quotes the sentence of the citing brief's first link to the brief it
    // is shown on, with the titles of every wiki link without text in it: the quotes
    // of every brief a citing brief cites may show the new title.
    for &from in &citing {
        for to in site.briefs[from].cites.clone() {
            let Some(context) = quoted_sentence(site, from, to) else {
                continue;
            };
            let backlinks = &mut site.briefs[to].backlinks;
            if let Some(backlink) = backlinks.iter_mut().find(|b| b.from == from) {
                backlink.context = context;
            }
        }
    }
}

/// The sentence of brief `from`'s first link to brief `to`'s page, as a backlink on
/// `to`'s page quotes it (with the titles of the wiki links without text in it).
fn quoted_sentence(site: &Site, from: usize, to: usize) -> Option<String> {
    let page = site.config.base_url.local(&site.briefs[to].path);
    let citing = &site.briefs[from];
    let (link, _) = citing
        .parsed
        .body
        .links
        .iter()
        .zip(&citing.hrefs)
        .find(|(_, href)| leads_to(href, &page))?;
    let title = |i: usize| citing.link_titles.get(i).map(String::as_str);
    Some(with_link_titles(&link.context, title).into_owned())
}

/// Whether a link's `href` leads to the page at `page` (its local address): it is the
/// address, with `#heading` when it points into the page (links to a heading of their
/// own page are `#heading` alone).
fn leads_to(href: &str, page: &str) -> bool {
    href.strip_prefix(page)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('#'))
}

/// Whether two versions of a brief's front matter differ at most in what the link
/// stage does not read (key findings, recommendations, subtitle, summary, the day of
/// last change; the title is put in place by [`retitle`]) and in where values sit in
/// the file (places matter only to diagnostics, and the site had none for them).
pub(super) fn same_for_other_pages(old: &BriefMeta, new: &BriefMeta) -> bool {
    let without_own_page = |meta: &BriefMeta| {
        let mut meta = meta.clone();
        meta.key_findings.clear();
        meta.recommendations.clear();
        meta.title.clear();
        meta.subtitle.clear();
        meta.summary.clear();
        meta.updated = None;
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

/// Whether every link of the site into brief `index` at a heading or an `id` still
/// finds it in the brief's `new` version, with the same title where the brief's own
/// `#heading` links show it (a link without text shows the heading's title), so that
/// no other page changes with its headings. Not when the site has broken links: a new
/// heading could mend one.
pub(super) fn linked_headings_kept(site: &Site, index: usize, new: &ParsedBrief) -> bool {
    let old = &site.briefs[index].parsed.body;
    let own_titles_kept = || {
        old.links.iter().all(|link| match &link.target {
            LinkTarget::Anchor(anchor) => {
                heading_title(anchor, &old.headings) == heading_title(anchor, &new.body.headings)
            }
            _ => true,
        })
    };
    keeps_anchors(site, old, &new.body, anchors_linked_into(site, index)) && own_titles_kept()
}

/// The anchors that links of the site point at in brief `index`: its own `#heading`
/// links, and links from briefs citing it, pages, the menus and authors' biographies.
fn anchors_linked_into(site: &Site, index: usize) -> impl Iterator<Item = &str> {
    let brief = &site.briefs[index];
    let own = brief
        .parsed
        .body
        .links
        .iter()
        .filter_map(|l| match &l.target {
            LinkTarget::Anchor(anchor) => Some(anchor.as_str()),
            _ => None,
        });
    let citing = brief.backlinks.iter().map(|b| &site.briefs[b.from]);
    let hrefs = hrefs_of_site(site, [brief].into_iter().chain(citing));
    own.chain(anchors_in(site, &brief.path, hrefs))
}

/// The anchors that `hrefs` point at in the page at site path `page`.
pub(super) fn anchors_in<'a>(
    site: &Site,
    page: &str,
    hrefs: impl Iterator<Item = &'a String>,
) -> impl Iterator<Item = &'a str> {
    let into_page = format!("{}#", site.config.base_url.local(page));
    hrefs.filter_map(move |href| href.strip_prefix(into_page.as_str()))
}

/// The resolved links of `briefs`, of the pages, of authors' biographies and of the
/// menus: every link of the site when `briefs` are all of its briefs.
pub(super) fn hrefs_of_site<'a>(
    site: &'a Site,
    briefs: impl Iterator<Item = &'a Brief>,
) -> impl Iterator<Item = &'a String> {
    let menus = [&site.menus.main, &site.menus.footer];
    briefs
        .flat_map(|b| &b.hrefs)
        .chain(site.pages.iter().flat_map(|p| &p.hrefs))
        .chain(site.bios.iter().flat_map(|(hrefs, _)| hrefs))
        .chain(menus.into_iter().flatten().flatten().map(|m| &m.href))
}
