//! A watch session on a site in several languages: the editions other than the default
//! language's, and the patch of a save in one edition. The patches of a site in one
//! language work on one edition's site and context; this module chooses the edition a
//! saved brief is in (or comes to), checks that nothing another edition shows changed
//! (or, for pages that come or go, tells every edition and renders its pages at those
//! paths) and writes what the patch rendered.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use hashbrown::HashMap;

use super::{drop_later, html_count, Presence, Rebuild, Session};
use crate::build::{Error, Timings};
use crate::link::{self, Site};
use crate::model::body::{AssetOutput, AssetUse};
use crate::model::diagnostics::Diagnostic;
use crate::model::meta::{Located, PdfChoice};
use crate::model::output::OutputFile;
use crate::parse::ParsedBrief;
use crate::render::cards::CardKit;
use crate::render::{self, PageKeys, RenderContext, Templates};

impl Session {
    /// A save of one brief of a site in several languages that changed its text, what
    /// its edition's lists show (its title, subtitle or summary), its links, its terms,
    /// its date or its `updated:` day (not its series or part: every edition counts
    /// the parts of a series), and nothing another edition shows but the
    /// sitemap and the alternates of a term page that comes or goes (see
    /// [`shown_only_in_its_edition`] and [`retermed_in_edition`]): patched in its
    /// edition alone, as a site in one language is patched, the other editions then
    /// told what changed ([`tell_editions`]). For an original with a new title or new
    /// headings, the links to it of the translations' briefs that fall back to it are
    /// resolved again ([`relink_in_edition`]; a standalone page's such link declines).
    /// A brief that came or went is patched by [`Session::rebuild_presence_in_edition`]. `None` when the save needs the link
    /// stage (the brief's edition may then be patched already, as the link stage would
    /// make it), and on a site with no translation yet.
    pub(super) fn rebuild_in_edition(
        &mut self,
        changed: &[PathBuf],
        started: Instant,
    ) -> Result<Option<Rebuild>, Error> {
        // Languages declared, none translated yet: one edition, whose sitemap is a
        // site's in one language, which these patches do not make.
        let ([path], false) = (changed, self.translations.is_empty()) else {
            return Ok(None);
        };
        if let Some((own, presence)) = self.presence_in_edition(path) {
            return self.rebuild_presence_in_edition(own, presence, path, started);
        }
        let Some(Ok(new)) = self.briefs.get(path) else {
            return Ok(None);
        };
        let new = Arc::clone(new);
        if self.warnings.iter().any(|w| w.file.as_ref() == Some(path)) {
            return Ok(None);
        }
        let mut timings = Timings {
            parse: started.elapsed(),
            ..Timings::default()
        };
        let stage = Instant::now();
        let editions = every_edition(
            &mut self.site,
            &mut self.render_context,
            &mut self.translations,
        );
        let Some(mut editions) = editions else {
            return Ok(None);
        };
        let Some((own, index)) = editions
            .iter()
            .enumerate()
            .find_map(|(e, (site, _))| Some((e, site.brief_at(path)?)))
        else {
            return Ok(None);
        };
        let old = &editions[own].0.briefs[index].parsed;
        // A translated part's "Part 2 of 3" counts its original's series: a series
        // edit is linked again in every edition.
        if !shown_only_in_its_edition(old, &new) || old.meta.series != new.meta.series {
            return Ok(None);
        }
        // A translation's link goes to its language's version of a brief, else to the
        // default language's, whose title it shows (a wiki link without text) and, with
        // an anchor, one of whose headings it needs: such links are resolved again.
        let (a, b) = (&old.meta, &new.meta);
        let retitled = a.title != b.title;
        let mut linking = Vec::new();
        if own == 0 && (retitled || old.body.headings != new.body.headings) {
            for (edition, (site, _)) in editions.iter().enumerate().skip(1) {
                if site.has_brief(&new.meta.slug.value) {
                    continue;
                }
                match link::briefs_linking_to(site, &new, !retitled) {
                    Some(briefs) if briefs.is_empty() => {}
                    Some(briefs) => linking.push((edition, briefs)),
                    None => return Ok(None),
                }
            }
        }
        // The day a brief last changed is in the one sitemap of every edition.
        let day_changed = (a.date, a.updated) != (b.date, b.updated);
        let edition = editions[own].0.config.base_url.edition.clone();
        let edited = [new];
        let mut removed = Vec::new();
        // The files beside the brief's page that it no longer uses (site paths).
        let mut files_gone = Vec::new();
        let body_edit = link::replace_bodies(editions[own].0, &edited, &self.data.assets);
        let rendered = if let Some(edit) = body_edit {
            timings.link = stage.elapsed();
            let (site, context) = &mut editions[own];
            if !edit.new_cards.is_empty() {
                return Ok(None);
            }
            files_gone.clone_from(&edit.removed_files);
            let shown = (edit.related_changed, &edit.new_cards[..]);
            match render::render_edited(site, context, &edit.briefs, shown, &self.keys) {
                Some(rendered) => Some(rendered),
                // What lists show of it changed (its title, say): its card is replaced
                // and the pages that show it rendered, as on a site in one language;
                // when a biography changed too, every page's key is checked after a
                // relink.
                None if context.replace_cards(site, &edit.briefs) => None,
                None => {
                    let shown_changed = edit.related_changed;
                    render::render_retitled(site, context, &edit.briefs, shown_changed, &self.keys)
                }
            }
        } else if let Some(edit) = {
            // A translation's link to what its edition lacks goes to the default
            // language's version.
            let (default, rest) = editions.split_at_mut(own);
            let original = default.first().map(|(site, _)| &**site);
            link::replace_links(rest[0].0, original, &edited)
        } {
            timings.link = stage.elapsed();
            files_gone.clone_from(&edit.removed_files);
            let (site, context) = &mut editions[own];
            let recarded = context.replace_links(site, &edit);
            render::render_relinked(site, context, &edit, &recarded, &self.keys)
        } else if let Some(edit) = link::replace_date(editions[own].0, &edited) {
            timings.link = stage.elapsed();
            let (site, context) = &mut editions[own];
            context.replace_date(site, &edit);
            render::render_redated(site, context, &edit, &self.keys)
        } else {
            let linked = || timings.link = stage.elapsed();
            let retermed = retermed_in_edition(&mut editions, own, &edited, &self.keys, linked);
            retermed.map(|(rendered, gone)| {
                removed = gone;
                rendered
            })
        };
        let mut rendered = match rendered {
            Some(Ok(rendered)) => rendered,
            None => return Ok(None),
            Some(Err(problems)) => {
                drop(editions);
                return Err(self.template_error(problems));
            }
        };
        for (edition, briefs) in &linking {
            match relink_in_edition(
                &mut editions,
                *edition,
                briefs,
                &self.keys,
                &mut rendered.files,
            ) {
                Some(Ok(keys)) => rendered.keys.extend(keys),
                None => return Ok(None),
                Some(Err(problems)) => {
                    drop(editions);
                    return Err(self.template_error(problems));
                }
            }
        }
        if day_changed {
            put_file(&mut rendered.files, tell_editions(&mut editions, own).0);
        }
        drop(editions);
        timings.render = stage.elapsed() - timings.link;
        let stage = Instant::now();
        // The files the text now uses first, so that no page shows one missing.
        let files_written = self.write_files_beside(own, path, &files_gone)?
            + self
                .write_changed(&rendered.files)
                .map_err(|source| self.write_error(source))?;
        self.remove(&removed)
            .map_err(|source| self.write_error(source))?;
        for path in &removed {
            self.keys.remove(path);
        }
        self.keys.extend(rendered.keys);
        self.index_stale(Some(edition));
        // The editions whose links to the brief were resolved again show its new title
        // in their search text too.
        if !linking.is_empty() {
            self.index_stale(None);
        }
        self.pdfs_stale = true;
        timings.write = stage.elapsed();
        Ok(Some(Rebuild {
            pages_rendered: html_count(&rendered.files),
            files_written,
            files_removed: removed.len(),
            diagnostics: self.warnings.clone(),
            timings,
            ..Rebuild::default()
        }))
    }
}

impl Session {
    /// Writes the files the brief at `path` of edition `own` uses or attaches that its
    /// folder lacks or has in another version, and removes `removed` (site paths of
    /// that edition), as [`Session::write_brief_files`] does on a site in one language.
    fn write_files_beside(
        &mut self,
        own: usize,
        path: &Path,
        removed: &[String],
    ) -> Result<usize, Error> {
        // The edition's site is lent to the writer, which changes the session.
        let write = |session: &mut Session, site: &Site| {
            let briefs: Vec<usize> = site.brief_at(path).into_iter().collect();
            session.write_brief_files(site, &briefs, removed)
        };
        if own == 0 {
            let site = self.site.take();
            let written = site.as_ref().map_or(Ok(0), |site| write(self, site));
            self.site = site;
            return written;
        }
        let edition = self.translations.remove(own - 1);
        let written = write(self, &edition.site);
        self.translations.insert(own - 1, edition);
        written
    }

    /// The edition of a brief of a site in several languages that came or went with
    /// this save (see [`Session::presence_changed`]), by its index (the default
    /// language's is 0), and how it changed. `None` when it did neither, or when its
    /// edition is not one the session has (the first translation into a language).
    fn presence_in_edition(&self, path: &Path) -> Option<(usize, Presence)> {
        let default = self.site.as_ref().filter(|_| path.starts_with("briefs"))?;
        let had =
            editions(default, &self.translations).position(|site| site.brief_at(path).is_some());
        match (had, self.included_brief(path)?) {
            (Some(own), None) => Some((own, Presence::Went)),
            (None, Some(new)) => {
                let meta = &new.meta;
                let own = match (&meta.translation_of, &meta.language) {
                    (None, None) => 0,
                    (None, Some(language)) if *language == default.config.language => 0,
                    (Some(_), Some(language)) => {
                        let mut editions = self.translations.iter();
                        1 + editions.position(|t| t.site.config.language == *language)?
                    }
                    _ => return None,
                };
                Some((own, Presence::Came(new)))
            }
            _ => None,
        }
    }

    /// A brief of a site in several languages that came or went with a save (a new
    /// translation, a deleted one, a new original): patched in its edition as on a
    /// site in one language ([`Session::rebuild_arrived`], [`Session::rebuild_gone`]),
    /// a translation's edition taking the default language's place meanwhile. Every
    /// edition is then told which pages the edition has ([`tell_editions`]) and renders
    /// its pages at the paths that came or went, whose alternates and language
    /// switchers name them, and the sitemap is made again. `None` when the save needs
    /// the link stage of every edition: an original that another edition translates or
    /// names; a translation whose original the default language's edition lacks, or
    /// the last of its language; a link of another edition that went to a page of the
    /// default language's that came or went; or a patch that declined. A brief of the
    /// translation's edition whose link went to the default language's page at a path
    /// where the edition now has a page of its own (the translation, a term page it
    /// brings) has its links resolved again ([`relink_in_edition`]); a standalone
    /// page's, a menu's or a biography's such link declines, and so does a `related:`
    /// that names a translation that came.
    fn rebuild_presence_in_edition(
        &mut self,
        own: usize,
        presence: Presence,
        path: &Path,
        started: Instant,
    ) -> Result<Option<Rebuild>, Error> {
        let (Some(default), Some(_)) = (self.site.as_ref(), self.render_context.as_ref()) else {
            return Ok(None);
        };
        let brief = match &presence {
            Presence::Came(new) => Arc::clone(new),
            Presence::Went => {
                let site = match own {
                    0 => default,
                    _ => &self.translations[own - 1].site,
                };
                let Some(index) = site.brief_at(path) else {
                    return Ok(None);
                };
                Arc::clone(&site.briefs[index].parsed)
            }
        };
        let arrived = matches!(presence, Presence::Came(_));
        let declined = match &brief.meta.translation_of {
            // A series' parts are counted in every edition (see above).
            _ if brief.meta.series.is_some() => true,
            _ if own == 0 => self.translations.iter().any(|t| {
                t.site.has_brief(&brief.meta.slug.value) || link::named_anywhere(&t.site, &brief)
            }),
            Some(original) if arrived => !default.has_brief(&original.value),
            // An edition without briefs is no edition.
            _ => self.translations[own - 1].site.briefs.len() == 1,
        };
        if declined {
            return Ok(None);
        }
        let timings = Timings {
            parse: started.elapsed(),
            ..Timings::default()
        };
        if own > 0 {
            let edition = self.translations.remove(own - 1);
            self.default_edition = Some(Translation {
                site: self
                    .site
                    .replace(edition.site)
                    .expect("the default edition"),
                context: self
                    .render_context
                    .replace(edition.context)
                    .expect("its context"),
            });
        }
        // Only this edition's search index is behind (the patches of a site in one
        // language say every edition's).
        let stale = self.search_stale.clone();
        let patched = self.rebuild_presence(presence, path, timings);
        let mut kept = true;
        if let Some(default) = self.default_edition.take() {
            let edition = self.site.replace(default.site);
            let context = self.render_context.replace(default.context);
            match (edition, context) {
                (Some(site), Some(context)) => {
                    self.translations
                        .insert(own - 1, Translation { site, context });
                }
                // Taken by a patch that failed, or that declined to render every page
                // (see `Session::render_all_keys`): every edition is linked again, the
                // next save's if not this one's.
                _ => {
                    self.render_context = None;
                    kept = false;
                }
            }
        }
        let mut rebuild = match patched {
            Ok(Some(rebuild)) if kept => rebuild,
            Ok(_) => return Ok(None),
            Err(error) => return Err(error),
        };
        self.search_stale = stale;
        let stage = Instant::now();
        let editions = every_edition(
            &mut self.site,
            &mut self.render_context,
            &mut self.translations,
        );
        let Some(mut editions) = editions else {
            return Ok(None);
        };
        let (sitemap, came, went) = tell_editions(&mut editions, own);
        let edition = editions[own].0.config.base_url.edition.clone();
        let mut moved = came.clone();
        moved.extend(went);
        let original = &*editions[0].0;
        // A link of another edition that went to a page of the default language's that
        // came or went would now resolve otherwise (or not at all); a link of the
        // translation's edition that went to the default language's page at a path
        // where the edition now has a page of its own goes to that page.
        let mut taking = Vec::new();
        if own == 0 {
            let mut others = editions[1..].iter();
            if others.any(|(site, _)| link::falls_back_to_any(site, original, &moved)) {
                return Ok(None);
            }
        } else {
            let Some(briefs) = link::briefs_falling_back_to(editions[own].0, original, &came)
            else {
                return Ok(None);
            };
            // The briefs whose links name a translation that came went to its original.
            if arrived {
                match link::briefs_linking_to(editions[own].0, &brief, false) {
                    Some(naming) if naming.iter().all(|b| briefs.contains(b)) => {}
                    _ => return Ok(None),
                }
            }
            taking = briefs;
        }
        let mut files = vec![sitemap];
        // The keys of what is rendered here become the session's once the files are
        // written: a patch that gives up half-way (a link of another brief that now
        // breaks, and the whole site is linked again) must not leave keys saying pages
        // are up to date that were never written.
        let mut keys = PageKeys::new();
        for (site, context) in &editions {
            match render::render_at_paths(site, context, &moved, &self.keys) {
                Ok(rendered) => {
                    files.extend(rendered.files);
                    keys.extend(rendered.keys);
                }
                Err(problems) => {
                    drop(editions);
                    return Err(self.template_error(problems));
                }
            }
        }
        if !taking.is_empty() {
            match relink_in_edition(&mut editions, own, &taking, &self.keys, &mut files) {
                Some(Ok(relinked)) => keys.extend(relinked),
                None => return Ok(None),
                Some(Err(problems)) => {
                    drop(editions);
                    return Err(self.template_error(problems));
                }
            }
        }
        drop(editions);
        rebuild.timings.render += stage.elapsed();
        let stage = Instant::now();
        rebuild.pages_rendered += html_count(&files);
        rebuild.files_written += self
            .write_changed(&files)
            .map_err(|source| self.write_error(source))?;
        self.keys.extend(keys);
        rebuild.timings.write += stage.elapsed();
        self.index_stale(Some(edition));
        Ok(Some(rebuild))
    }

    /// The patches of a brief that came or went ([`Session::rebuild_arrived`],
    /// [`Session::rebuild_gone`]) on the session's site, with the files of the whole
    /// site rendered once after them.
    fn rebuild_presence(
        &mut self,
        presence: Presence,
        path: &Path,
        timings: Timings,
    ) -> Result<Option<Rebuild>, Error> {
        let Some(context) = self.render_context.as_mut() else {
            return Ok(None);
        };
        context.hold_site_files();
        let patched = match presence {
            Presence::Came(new) => self.rebuild_arrived(&new, timings),
            Presence::Went => self.rebuild_gone(path, timings),
        };
        self.write_held(patched)
    }
}

/// Whether the brief `new`, a new version of `old`, shows nothing new outside its
/// edition but its day of last change (which the session puts in the sitemap): the
/// same resized copies of the site's static images (every edition's documents share
/// them), `related:`, `image:`, `pdf:` and `aliases:`. Files beside its page are in
/// its edition's folder.
fn shown_only_in_its_edition(old: &ParsedBrief, new: &ParsedBrief) -> bool {
    fn values(list: &[Located<String>]) -> Vec<&str> {
        list.iter().map(|item| item.value.as_str()).collect()
    }
    fn shared(assets: &[AssetUse]) -> Vec<&AssetUse> {
        let at_site_path = |asset: &&AssetUse| matches!(asset.output, AssetOutput::Site(_));
        assets.iter().filter(at_site_path).collect()
    }
    fn attached(pdf: &PdfChoice) -> Option<Option<&str>> {
        match pdf {
            PdfChoice::Generated => None,
            PdfChoice::Off => Some(None),
            PdfChoice::Attached(file) => Some(Some(file.value.as_str())),
        }
    }
    let (a, b) = (&old.meta, &new.meta);
    shared(&old.body.assets) == shared(&new.body.assets)
        && values(&a.related) == values(&b.related)
        && values(&a.aliases) == values(&b.aliases)
        && a.image.as_ref().map(|i| &i.value) == b.image.as_ref().map(|i| &i.value)
        && attached(&a.pdf) == attached(&b.pdf)
}

/// What [`retermed_in_edition`] rendered (or the problems of its templates), and the
/// output paths of the pages that went.
type Retermed = (Result<render::Rendered, Vec<Diagnostic>>, Vec<String>);

/// The patch of an edit of terms in edition `own` of a site in several languages (see
/// [`Session::rebuild_in_edition`]), as on a site in one language
/// ([`link::replace_terms`], [`render::render_retermed`]). When a term page came to or
/// went from the edition, every edition learns which pages each has
/// ([`tell_editions`]) and renders its pages at those paths, whose alternates name it,
/// and the sitemap is made again. Calls `linked` when the site is patched, before
/// rendering. Returns what was rendered and the output paths of the pages that went;
/// `None` when the patch declines (the edition may then be patched already).
fn retermed_in_edition(
    editions: &mut [(&mut Site, &mut RenderContext)],
    own: usize,
    edited: &[Arc<ParsedBrief>],
    keys: &PageKeys,
    linked: impl FnOnce(),
) -> Option<Retermed> {
    let (site, context) = &mut editions[own];
    let edit = link::replace_terms(site, edited)?;
    if !context.replace_terms(site, &edit) {
        return None;
    }
    let base = &site.config.base_url;
    let removed: Vec<String> = edit
        .removed_paths
        .iter()
        .map(|p| base.output_file(p))
        .collect();
    // A link of a translation's edition to a term page it lacked went to the default
    // language's: a page of its own at that path takes it.
    let taking = match own {
        0 => Vec::new(),
        _ => link::briefs_falling_back_to(editions[own].0, editions[0].0, &edit.added_paths)?,
    };
    let sitemap = edit.paths_changed.then(|| tell_editions(editions, own).0);
    linked();
    let (site, context) = &mut editions[own];
    let mut rendered = match render::render_retermed(site, context, &edit, keys)? {
        Ok(rendered) => rendered,
        Err(problems) => return Some((Err(problems), removed)),
    };
    if !taking.is_empty() {
        match relink_in_edition(editions, own, &taking, keys, &mut rendered.files)? {
            Ok(relinked) => rendered.keys.extend(relinked),
            Err(problems) => return Some((Err(problems), removed)),
        }
    }
    let Some(sitemap) = sitemap else {
        return Some((Ok(rendered), removed));
    };
    rendered.files.push(sitemap);
    let moved: Vec<String> = edit
        .added_paths
        .iter()
        .chain(&edit.removed_paths)
        .cloned()
        .collect();
    for (e, (site, context)) in editions.iter().enumerate() {
        if e == own {
            continue;
        }
        match render::render_at_paths(site, context, &moved, keys) {
            Ok(other) => {
                rendered.files.extend(other.files);
                rendered.keys.extend(other.keys);
            }
            Err(problems) => return Some((Err(problems), removed)),
        }
    }
    Some((Ok(rendered), removed))
}

/// Every edition with its render context, the default language's (`site`, `context`)
/// first; `None` when the session has none.
fn every_edition<'a>(
    site: &'a mut Option<Site>,
    context: &'a mut Option<RenderContext>,
    translations: &'a mut [Translation],
) -> Option<Vec<(&'a mut Site, &'a mut RenderContext)>> {
    let default = (site.as_mut()?, context.as_mut()?);
    let others = translations
        .iter_mut()
        .map(|t| (&mut t.site, &mut t.context));
    Some(std::iter::once(default).chain(others).collect())
}

/// Tells every edition which pages edition `own` has and the day each of its briefs
/// last changed ([`render::reconnect_edition`]), after a patch changed either, and
/// returns the one sitemap, which lists them, and the paths of the pages of `own`
/// that came and went.
fn tell_editions(
    editions: &mut [(&mut Site, &mut RenderContext)],
    own: usize,
) -> (OutputFile, Vec<String>, Vec<String>) {
    let mut sites: Vec<&mut Site> = editions.iter_mut().map(|(site, _)| &mut **site).collect();
    let (came, went) = render::reconnect_edition(&mut sites, own);
    (
        render::feeds::multilingual_sitemap(&sites[0].editions),
        came,
        went,
    )
}

/// Resolves again the links of `briefs` of the translation's edition `edition`, whose
/// targets a patch changed: pages of the default language's edition they fall back to
/// (a new title, new headings), or pages that came to the edition where they fell
/// back. Renders the pages that show those links into `files` (in place of files of
/// their paths) and returns their keys. `None` when the patch declines.
fn relink_in_edition(
    editions: &mut [(&mut Site, &mut RenderContext)],
    edition: usize,
    briefs: &[usize],
    keys: &PageKeys,
    files: &mut Vec<OutputFile>,
) -> Option<Result<PageKeys, Vec<Diagnostic>>> {
    let (default, rest) = editions.split_at_mut(edition);
    let (site, context) = &mut rest[0];
    let relinked: Vec<_> = briefs
        .iter()
        .map(|&index| Arc::clone(&site.briefs[index].parsed))
        .collect();
    let edit = link::replace_links(site, Some(&*default[0].0), &relinked)?;
    if !edit.removed_files.is_empty() {
        return None;
    }
    let recarded = context.replace_links(site, &edit);
    let rendered = match render::render_relinked(site, context, &edit, &recarded, keys)? {
        Ok(rendered) => rendered,
        Err(problems) => return Some(Err(problems)),
    };
    for file in rendered.files {
        put_file(files, file);
    }
    Some(Ok(rendered.keys))
}

/// Puts `file` among `files`, in place of a file of its path.
fn put_file(files: &mut Vec<OutputFile>, file: OutputFile) {
    match files.iter_mut().find(|f| f.path == file.path) {
        Some(same) => *same = file,
        None => files.push(file),
    }
}

/// The edition of one of the other languages of a site in several languages.
pub(super) struct Translation {
    pub(super) site: Site,
    pub(super) context: RenderContext,
}

/// Every edition's site: the default language's, then its `translations`'.
pub(super) fn editions<'a>(
    default: &'a Site,
    translations: &'a [Translation],
) -> impl Iterator<Item = &'a Site> {
    std::iter::once(default).chain(translations.iter().map(|t| &t.site))
}

/// The `translations` of a relinked site with their render contexts, each of which
/// keeps what the `previous` context of its language rendered once (see
/// [`RenderContext::relinked`]).
pub(super) fn relinked_translations(
    previous: Vec<Translation>,
    translations: Vec<Site>,
    templates: &Templates,
    kit: &Arc<CardKit>,
) -> Vec<Translation> {
    let mut contexts: HashMap<String, RenderContext> = HashMap::new();
    let mut sites = Vec::with_capacity(previous.len());
    for translation in previous {
        contexts.insert(
            translation.site.config.language.clone(),
            translation.context,
        );
        sites.push(translation.site);
    }
    let relinked = translations
        .into_iter()
        .map(|site| {
            let context = match contexts.remove(&site.config.language) {
                Some(previous) => {
                    RenderContext::relinked(previous, &site, templates, Arc::clone(kit))
                }
                None => RenderContext::new(&site, templates, Arc::clone(kit)),
            };
            Translation { site, context }
        })
        .collect();
    drop_later((sites, contexts));
    relinked
}
