//! A watch session: the site stays in memory and each change redoes only what it
//! touches.
//!
//! A [`Session`] keeps every parsed brief and page. A changed brief is re-read and
//! re-parsed alone. An edit that nothing else shows (to the text, key findings or
//! recommendations, with the same links and, when linked into, headings; the usual
//! case while writing) patches the last linked site and renders just that brief's
//! page (and citation files, with `citation_files: true`) and feeds. An edit that
//! lists show but that moves nothing (a title, subtitle or summary) patches the site
//! too, titles of links included, and renders the pages that show the brief's card
//! ([`render::render_retitled`]). An edit of topics, regions, tags, authors or a
//! series patches the taxonomies, the series and what follows from them
//! ([`link::replace_terms`]), an edit of a date the brief's place among the others
//! ([`link::replace_date`]), an edit of links the backlinks of the briefs they cite
//! ([`link::replace_links`]); each renders the pages that show what changed. A brief
//! that comes (a new file, a draft published) is put in as its skeleton, which only
//! the lists of all briefs, of its type and of its year show
//! ([`link::insert_skeleton`]), and the patches of an edit then give it the rest; one
//! that goes is taken down to its skeleton the same way, then out
//! ([`link::remove_skeleton`]). Any other change (one the patches decline, such as a
//! page that would go while a link points at it) links the whole site again (in
//! memory; unchanged related briefs are reused) and re-renders the pages whose key, the hash of their template context,
//! changed ([`render::PageKeys`]). So does a save on a site in several languages, each
//! edition then rendered with the context it keeps between rebuilds, unless it edits
//! one brief's text, title, links, terms or dates, or a brief comes or goes, which is
//! patched in the brief's edition (`Session::rebuild_in_edition`). Files are written
//! only when their bytes changed, and the search index follows the pages. A change to the configuration, a template
//! or a theme file reloads those and re-renders every page, still without re-reading
//! unchanged briefs unless the configuration changed; one that fails fails every
//! rebuild until it is fixed. A brief scheduled for later is published by the first
//! rebuild after its date ([`Session::briefs_due`]), which links the site again;
//! `watch` makes one then ([`Session::next_publication`]). The PDFs follow last
//! ([`Session::update_pdfs`]): those whose cache key changed are typeset (or taken
//! from the cache) after the browser reloads.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hashbrown::HashMap;

use crate::build::{self, BuildOptions, Error, Timings};
use crate::config::Config;
use crate::link::translations::{self, EditionsInput};
use crate::link::{self, LinkInput, LinkOptions, Site};
use crate::load::{StaticFile, ThemeFile};
use crate::model::diagnostics::{self, Diagnostic};
use crate::model::output::OutputFile;
use crate::parse::schedule::{self, Inclusion, LeftOut};
use crate::parse::{ParsedBrief, ParsedPage, SiteData, Unparsed};
use crate::render::assets::DocumentFile;
use crate::render::pdf::PdfKeys;
use crate::render::{self, search, PageKeys, RenderContext, RenderFailure, Templates};
use crate::write;

mod editions;
mod output;
mod pdfs;
mod sources;

use editions::{editions, relinked_translations, Translation};

use sources::FilesChanged;

pub use pdfs::PdfUpdate;

/// What one rebuild did.
#[derive(Debug, Clone, Default)]
pub struct Rebuild {
    /// Site-relative source paths that triggered it (empty for the first build).
    pub changed: Vec<PathBuf>,
    /// HTML pages rendered again (feeds and other data files not counted).
    pub pages_rendered: usize,
    pub files_written: usize,
    pub files_removed: usize,
    /// Only stylesheets changed: a browser can swap them without reloading.
    pub css_only: bool,
    /// The whole site was linked again; false when an edit of briefs (their text, a
    /// title, terms or links) only patched the last site (see
    /// [`crate::link::replace_bodies`], [`crate::link::replace_terms`] and
    /// [`crate::link::replace_links`]).
    pub relinked: bool,
    /// Warnings and notes.
    pub diagnostics: Vec<Diagnostic>,
    /// PDFs typeset again (not taken from the cache).
    pub pdfs_typeset: usize,
    /// Only PDFs were written: nothing a browser shows changed.
    pub pdfs_only: bool,
    pub elapsed: Duration,
    /// Time per stage (`parse` includes re-reading the changed files).
    pub timings: Timings,
    /// The path the site lives under after the rebuild (`/`, `/research/`): a new
    /// `base_url` moves it, and the development server follows.
    pub base_path: String,
}

impl Rebuild {
    /// Counts in what another step of the same save did.
    fn add(&mut self, other: Rebuild) {
        self.pages_rendered += other.pages_rendered;
        self.files_written += other.files_written;
        self.files_removed += other.files_removed;
        self.timings.link += other.timings.link;
        self.timings.render += other.timings.render;
        self.timings.write += other.timings.write;
    }
}

/// The site in memory, between rebuilds.
pub struct Session {
    options: BuildOptions,
    config: Option<Config>,
    /// The last reload of the configuration failed: until one succeeds, every rebuild
    /// reloads it (and fails while it does) rather than building with the last good
    /// one, and the one that succeeds parses every document again, as saves made
    /// meanwhile were not.
    config_failed: bool,
    templates: Option<Templates>,
    static_files: Vec<StaticFile>,
    /// Static files need writing (after a site-wide reload).
    static_files_changed: bool,
    /// Problems found while loading the theme, static files, bibliography and glossary.
    load_problems: Vec<Diagnostic>,
    /// The bibliography and glossary briefs were parsed against.
    data: SiteData,
    /// Fonts, logo and cache of social cards and icons.
    kit: Arc<crate::render::cards::CardKit>,
    briefs: BTreeMap<PathBuf, Result<Arc<ParsedBrief>, Unparsed>>,
    pages: BTreeMap<PathBuf, Result<Arc<ParsedPage>, Unparsed>>,
    /// Inputs of each page at the last successful render.
    keys: PageKeys,
    /// Hash of the bytes of each file in the output folder that we wrote.
    written: HashMap<String, u64>,
    /// The site of the last successful rebuild, whose unchanged results the link stage
    /// reuses.
    site: Option<Site>,
    /// What rendering the last site shared between pages, while it is still valid for
    /// the site (see [`render::render_edited`]).
    render_context: Option<RenderContext>,
    /// The other languages' editions of a site in several languages (`site` is the
    /// default language's), each with its render context.
    translations: Vec<Translation>,
    /// The default language's edition while a translation's edition is patched in its
    /// place, `site` and `render_context` (see `Session::rebuild_presence_in_edition`).
    default_edition: Option<Translation>,
    /// The time (seconds since the epoch) the link stage last decided which briefs are
    /// published: a brief dated later was left out as scheduled (or shown as a
    /// preview, with `--future`), and the first rebuild after its date links the site
    /// again (see [`Session::briefs_due`]). `None` before the first.
    linked_at: Option<i64>,
    /// Warnings of the last successful rebuild, repeated by rebuilds that do not link
    /// again.
    warnings: Vec<Diagnostic>,
    /// The search index's per-brief work, kept for unchanged briefs, by edition (its
    /// folder in the output, empty for the default language's).
    search: HashMap<String, search::Cache>,
    /// The search index's files in the output folder, by edition.
    search_paths: BTreeMap<String, Vec<String>>,
    /// Which editions changed since their search index was written.
    search_stale: StaleIndex,
    /// The PDF template folder's files.
    pdf_template: Vec<ThemeFile>,
    /// The cache key of each PDF in the output folder, by its path.
    pdf_keys: PdfKeys,
    /// The site changed since the PDFs were brought up to date.
    pdfs_stale: bool,
}

impl Session {
    /// A session that has built nothing yet. The process keeps the memory it frees from
    /// now on ([`crate::dev::memory`]), which each later rebuild reuses.
    pub fn new(options: BuildOptions) -> Session {
        crate::dev::memory::keep_freed_memory();
        crate::render::seed_maps_per_thread();
        Session {
            options,
            config: None,
            config_failed: false,
            templates: None,
            static_files: Vec::new(),
            static_files_changed: false,
            load_problems: Vec::new(),
            data: SiteData::default(),
            kit: Arc::new(crate::render::cards::CardKit::empty()),
            briefs: BTreeMap::new(),
            pages: BTreeMap::new(),
            keys: PageKeys::new(),
            written: HashMap::new(),
            site: None,
            render_context: None,
            translations: Vec::new(),
            default_edition: None,
            linked_at: None,
            warnings: Vec::new(),
            search: HashMap::new(),
            search_paths: BTreeMap::new(),
            search_stale: StaleIndex::None,
            pdf_template: Vec::new(),
            pdf_keys: PdfKeys::new(),
            pdfs_stale: false,
        }
    }

    /// Rebuilds after `changed` (paths relative to the site root; empty means build
    /// everything), search index and PDFs included. On error the output folder keeps
    /// the last good site.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuild, Error> {
        let mut rebuild = self.rebuild_pages(changed)?;
        let search = self.update_search_index()?;
        rebuild.files_written += search.files_written;
        rebuild.files_removed += search.files_removed;
        rebuild.timings.search += search.elapsed;
        rebuild.elapsed += search.elapsed;
        let pdfs = self.update_pdfs()?;
        rebuild.files_written += pdfs.files_written;
        rebuild.files_removed += pdfs.files_removed;
        rebuild.pdfs_typeset = pdfs.pdfs_typeset;
        rebuild.diagnostics.extend(pdfs.diagnostics);
        rebuild.timings.pdf += pdfs.elapsed;
        rebuild.elapsed += pdfs.elapsed;
        Ok(rebuild)
    }

    /// [`Session::rebuild`] without the search index and the PDFs, which can then
    /// follow with [`Session::update_search_index`] and [`Session::update_pdfs`]:
    /// `watch` reloads the browser in between, as no page waits for them. The first
    /// build writes the index with the pages.
    pub fn rebuild_pages(&mut self, changed: &[PathBuf]) -> Result<Rebuild, Error> {
        let started = Instant::now();
        // The output folder was deleted or replaced behind the session's back: write
        // the whole site again rather than only what changed.
        if !self.written.is_empty() && !self.options.out.join(write::MARKER_FILE).is_file() {
            self.written.clear();
            self.keys.clear();
            self.pdf_keys.clear();
            self.search_paths.clear();
            self.render_context = None;
            drop_later(std::mem::take(&mut self.translations));
        }
        // Scheduled briefs whose date came since the site was linked: no save of
        // theirs tells, and a patch keeps every other brief as it was published, so
        // the site is linked again with the time now, as a build would be.
        let due = self.briefs_due();
        let mut changed = self.with_folders_expanded(changed);
        changed.extend(due.iter().cloned());
        changed.sort();
        changed.dedup();
        let changed = &changed;
        let full = self.config.is_none()
            || self.config_failed
            || changed.iter().any(|p| self.is_site_wide(p));
        if full {
            // What the last context rendered once may depend on the configuration,
            // templates or data: a relink after this makes a context from nothing.
            drop_later(self.render_context.take());
            drop_later(std::mem::take(&mut self.translations));
            self.reload_everything()?;
        }
        let multilingual = self.config.as_ref().is_some_and(Config::is_multilingual);
        // Files documents use: the documents using a changed one are parsed again;
        // briefs that show it in their text are patched as if they had been saved.
        let mut to_parse = changed.to_vec();
        let files_changed = self.files_changed(changed, &mut to_parse);
        // After a reload that kept the parsed briefs, the changed ones still need it.
        self.reparse(&to_parse);
        let edited = match files_changed {
            _ if !due.is_empty() => None,
            // A site in several languages: an edit of one brief's text (the files
            // beside it too), title, links, terms or dates is patched in its edition,
            // and a new version of a file beside briefs in each of theirs; anything
            // else links every edition again and renders the pages of each whose key
            // changed.
            FilesChanged::None if multilingual => self.rebuild_in_edition(changed, started)?,
            FilesChanged::None => self.rebuild_edited(changed, started)?,
            FilesChanged::Unused if !changed.iter().any(|path| is_markdown(path)) => {
                Some(Rebuild {
                    diagnostics: self.warnings.clone(),
                    ..Rebuild::default()
                })
            }
            // Documents saved with the files (a bundle moved in or out, say) are
            // patched like any save.
            FilesChanged::Shown | FilesChanged::Unused => {
                let saved: Vec<PathBuf> = to_parse
                    .into_iter()
                    .filter(|path| is_markdown(path))
                    .collect();
                if multilingual {
                    // The briefs showing the file (an original and its translations,
                    // say), each patched in its edition in turn.
                    self.patch_in_turn(&saved, |session, path| {
                        session.rebuild_in_edition(std::slice::from_ref(path), started)
                    })?
                } else {
                    self.rebuild_edited(&saved, started)?
                }
            }
            FilesChanged::Other => None,
        };
        let mut rebuild = match edited {
            Some(rebuild) => rebuild,
            None => self.rebuild_linked(started)?,
        };
        if full {
            self.update_marker()?;
        }
        if let Some(site) = &self.site {
            rebuild.base_path.clone_from(&site.config.base_url.path);
        }
        rebuild.changed = changed.to_vec();
        rebuild.css_only = !changed.is_empty()
            && changed
                .iter()
                .all(|p| p.extension().is_some_and(|e| e == "css"));
        rebuild.elapsed = started.elapsed();
        Ok(rebuild)
    }

    /// The fast path for the commonest edit, a change inside the text of briefs:
    /// when the link stage says nothing outside the briefs' own pages can tell
    /// ([`crate::link::replace_bodies`]), the last site is patched instead of linked
    /// again, and only the briefs' pages, citation files and feeds are rendered. When
    /// the patch changed what lists show (a title), the pages that show the briefs'
    /// cards are rendered too. `None` when the edit needs the whole link stage.
    fn rebuild_edited(
        &mut self,
        changed: &[PathBuf],
        started: Instant,
    ) -> Result<Option<Rebuild>, Error> {
        if changed.is_empty()
            || self
                .warnings
                .iter()
                .any(|w| w.file.as_ref().is_some_and(|f| changed.contains(f)))
        {
            return Ok(None);
        }
        let timings = Timings {
            parse: started.elapsed(),
            ..Timings::default()
        };
        // A save may be patched in several steps (a new brief in three): the files of
        // the whole site are rendered once, after the last.
        let Some(context) = self.render_context.as_mut() else {
            return Ok(None);
        };
        context.hold_site_files();
        let patched = self.patch_save(changed, timings);
        self.write_held(patched)
    }

    /// The patches of a save of the `changed` files (see [`Session::rebuild_edited`]).
    fn patch_save(
        &mut self,
        changed: &[PathBuf],
        timings: Timings,
    ) -> Result<Option<Rebuild>, Error> {
        match changed {
            [path] => match self.presence_changed(path) {
                Some(Presence::Came(new)) => return self.rebuild_arrived(&new, timings),
                Some(Presence::Went) => return self.rebuild_gone(path, timings),
                None => {}
            },
            // A brief renamed: the brief at the old path goes, the one at the new comes.
            [a, b] => {
                let renamed = match (self.presence_changed(a), self.presence_changed(b)) {
                    (Some(Presence::Went), Some(Presence::Came(new))) => Some((a, new)),
                    (Some(Presence::Came(new)), Some(Presence::Went)) => Some((b, new)),
                    _ => None,
                };
                if let Some((gone, new)) = renamed {
                    let Some(mut rebuild) = self.rebuild_gone(gone, timings)? else {
                        return Ok(None);
                    };
                    let Some(came) = self.rebuild_arrived(&new, Timings::default())? else {
                        return Ok(None);
                    };
                    rebuild.add(came);
                    return Ok(Some(rebuild));
                }
            }
            _ => {}
        }
        if let [path] = changed {
            if path.starts_with("site/pages") {
                return self.rebuild_page_edited(path, timings);
            }
        }
        let mut edited = Vec::with_capacity(changed.len());
        for path in changed {
            match self.briefs.get(path) {
                Some(Ok(brief)) if path.starts_with("briefs") => edited.push(Arc::clone(brief)),
                _ => return Ok(None),
            }
        }
        self.edit_in_place(&edited, timings)
    }

    /// Renders and writes the files of the whole site a patched save held, and counts
    /// them in what it did (`patched`). A save that was not patched leaves them to the
    /// link stage that follows, which renders every file whose key changed; after one
    /// that failed, the next save links the site again for the same reason.
    fn write_held(
        &mut self,
        patched: Result<Option<Rebuild>, Error>,
    ) -> Result<Option<Rebuild>, Error> {
        let mut rebuild = match patched {
            Ok(Some(rebuild)) => rebuild,
            Ok(None) => {
                if let Some(context) = self.render_context.as_mut() {
                    context.drop_held();
                }
                return Ok(None);
            }
            Err(error) => {
                self.render_context = None;
                return Err(error);
            }
        };
        let (Some(site), Some(context)) = (self.site.as_ref(), self.render_context.as_mut()) else {
            return Ok(Some(rebuild));
        };
        let stage = Instant::now();
        let Some(rendered) = render::render_held(site, context, &self.keys) else {
            return Ok(Some(rebuild));
        };
        let rendered = match rendered {
            Ok(rendered) => rendered,
            Err(problems) => return Err(self.template_error(problems)),
        };
        rebuild.timings.render += stage.elapsed();
        let stage = Instant::now();
        rebuild.files_written += self
            .write_changed(&rendered.files)
            .map_err(|source| self.write_error(source))?;
        self.keys.extend(rendered.keys);
        rebuild.timings.write += stage.elapsed();
        Ok(Some(rebuild))
    }

    /// Patches the last site with the `edited` briefs, which it has: in one patch, or
    /// in steps. `None` when the edit needs the whole link stage.
    fn edit_in_place(
        &mut self,
        edited: &[Arc<ParsedBrief>],
        timings: Timings,
    ) -> Result<Option<Rebuild>, Error> {
        if let Some(rebuild) = self.patch_edit(edited, timings.clone())? {
            return Ok(Some(rebuild));
        }
        self.rebuild_in_steps(edited, timings)
    }

    /// Whether the brief at `path` came (a new file, a draft published) or went (a file
    /// deleted, a brief made a draft) since the last site: its skeleton is then put in
    /// the last site or taken out of it ([`link::insert_skeleton`],
    /// [`link::remove_skeleton`]), and the patches of an edit take it from its skeleton
    /// to the brief, or the other way. `None` when it did neither, or when the site has
    /// errors now.
    fn presence_changed(&self, path: &Path) -> Option<Presence> {
        let site = self.site.as_ref().filter(|_| path.starts_with("briefs"))?;
        let in_site = site.brief_at(path).is_some();
        match (in_site, self.included_brief(path)?) {
            (false, Some(new)) => Some(Presence::Came(new)),
            (true, None) => Some(Presence::Went),
            _ => None,
        }
    }

    /// The parsed brief at `path` when the session builds it (`Some(None)` when there
    /// is none, or it is a draft or a brief to come that it leaves out); `None` when
    /// its file has errors.
    fn included_brief(&self, path: &Path) -> Option<Option<Arc<ParsedBrief>>> {
        match self.briefs.get(path) {
            None => Some(None),
            Some(Ok(brief)) if schedule::withheld(brief, self.inclusion()).is_none() => {
                Some(Some(Arc::clone(brief)))
            }
            Some(Ok(_)) => Some(None),
            Some(Err(_)) => None,
        }
    }

    /// A brief the last site does not have: its skeleton first, then the rest. Not
    /// when the last site has an error let through as a warning (a broken link with
    /// `--warn-links`, in a menu or a biography too; a draft whose file has errors,
    /// which links to keep as written): the new brief may mend it.
    fn rebuild_arrived(
        &mut self,
        new: &Arc<ParsedBrief>,
        mut timings: Timings,
    ) -> Result<Option<Rebuild>, Error> {
        if self.warnings.iter().any(|w| w.code.starts_with("E-")) {
            return Ok(None);
        }
        let stage = Instant::now();
        let skeleton = Arc::new(link::skeleton(new));
        let Some((site, context, arrival)) =
            patch_taken(&mut self.site, &mut self.render_context, |site| {
                let translation = self.default_edition.is_some();
                link::insert_skeleton(site, &skeleton, &self.data.assets, translation)
            })
        else {
            return Ok(None);
        };
        timings.link = stage.elapsed();
        let Some(mut arrived) = self.write_arrival(site, context, &arrival, timings)? else {
            return Ok(None);
        };
        let Some(rest) = self.edit_in_place(std::slice::from_ref(new), Timings::default())? else {
            return Ok(None);
        };
        arrived.add(rest);
        Ok(Some(arrived))
    }

    /// A brief the last site has and the parsed briefs no longer: taken down to its
    /// skeleton, then out. A translation that briefs of its edition cite first has
    /// their links resolved again without it: they go to the original's version.
    fn rebuild_gone(&mut self, path: &Path, timings: Timings) -> Result<Option<Rebuild>, Error> {
        let Some(site) = self.site.as_ref() else {
            return Ok(None);
        };
        let Some(index) = site.brief_at(path) else {
            return Ok(None);
        };
        let cited = !site.briefs[index].backlinks.is_empty();
        let skeleton = Arc::new(link::skeleton(&site.briefs[index].parsed));
        let mut uncited = None;
        if cited && self.default_edition.is_some() {
            uncited = self.rebuild_relinked(timings.clone(), |site, original| {
                link::unlink_brief(site, original?, index)
            })?;
            if uncited.is_none() {
                return Ok(None);
            }
        }
        let Some(mut gone) = self.edit_in_place(&[skeleton], timings)? else {
            return Ok(None);
        };
        if let Some(uncited) = uncited {
            gone.add(uncited);
        }
        let stage = Instant::now();
        let Some((site, context, arrival)) = self.patch(|site| link::remove_skeleton(site, path))
        else {
            return Ok(None);
        };
        let timings = Timings {
            link: stage.elapsed(),
            ..Timings::default()
        };
        let Some(out) = self.write_arrival(site, context, &arrival, timings)? else {
            return Ok(None);
        };
        gone.add(out);
        Ok(Some(gone))
    }

    /// Renders and writes what a brief's skeleton that came or went changed, and
    /// removes the files it took away. `None` when what every page shows changed too:
    /// the patched site is then dropped, and the whole link stage runs.
    fn write_arrival(
        &mut self,
        site: Site,
        mut context: RenderContext,
        arrival: &link::Arrival,
        mut timings: Timings,
    ) -> Result<Option<Rebuild>, Error> {
        let stage = Instant::now();
        if !context.follow_arrival(&site, arrival) {
            drop_later((site, context));
            return Ok(None);
        }
        let rendered = render::render_arrival(&site, &mut context, arrival, &self.keys);
        timings.render = stage.elapsed();
        let (edited, removed) = if arrival.came {
            (vec![arrival.index], Vec::new())
        } else {
            let mut removed = arrival.pages.clone();
            removed.extend(arrival.files.iter().cloned());
            (Vec::new(), removed)
        };
        self.write_patched(site, context, Some(rendered), &edited, &removed, timings)
            .map(Some)
    }

    /// An edit one patch of the site takes whole: of the text or a title
    /// ([`link::replace_bodies`]), of terms, of a date or of links. `None` when none
    /// does.
    fn patch_edit(
        &mut self,
        edited: &[Arc<ParsedBrief>],
        mut timings: Timings,
    ) -> Result<Option<Rebuild>, Error> {
        let (Some(site), Some(context)) = (self.site.as_mut(), self.render_context.as_mut()) else {
            return Ok(None);
        };
        let stage = Instant::now();
        let Some(edit) = link::replace_bodies(site, edited, &self.data.assets) else {
            if let Some(rebuild) = self.rebuild_retagged(edited, timings.clone())? {
                return Ok(Some(rebuild));
            }
            if let Some(rebuild) = self.rebuild_redated(edited, timings.clone())? {
                return Ok(Some(rebuild));
            }
            return self.rebuild_links_edited(edited, timings);
        };
        timings.link = stage.elapsed();
        let stage = Instant::now();
        let link::BodyEdit {
            briefs: indexes,
            related_changed: shown_changed,
            removed_files,
            new_cards,
        } = edit;
        // A new `updated:` day is the sitemap's too.
        let days_changed = context.put_sitemap_days(site, &indexes);
        let rendered = match render::render_edited(
            site,
            context,
            &indexes,
            (shown_changed, &new_cards),
            &self.keys,
        ) {
            Some(rendered) => rendered,
            // What lists show about a brief changed (its title, say): its card is
            // replaced and the pages that show it rendered again, without linking the
            // site again; every page's key is checked when a biography changed too, or
            // when which pages show each card is not known.
            None => {
                let (Some(site), Some(mut context)) =
                    (self.site.take(), self.render_context.take())
                else {
                    return Ok(None);
                };
                let biography_changed = context.replace_cards(&site, &indexes);
                let retitled = if biography_changed {
                    None
                } else {
                    render::render_retitled(
                        &site,
                        &mut context,
                        &indexes,
                        shown_changed,
                        &self.keys,
                    )
                };
                let Some(rendered) = retitled else {
                    let warnings = self.warnings.clone();
                    return self
                        .render_all_keys(
                            site,
                            Vec::new(),
                            NextContext::Patched(context),
                            warnings,
                            timings,
                        )
                        .map(Some);
                };
                self.site = Some(site);
                self.render_context = Some(context);
                rendered
            }
        };
        let mut rendered = match rendered {
            Ok(rendered) => rendered,
            Err(problems) => return Err(self.template_error(problems)),
        };
        if let (true, Some(site), Some(context)) =
            (days_changed, &self.site, &mut self.render_context)
        {
            context.replace_sitemap_file(site, &mut rendered.files);
        }
        timings.render = stage.elapsed();
        let stage = Instant::now();
        // The files the text now uses first, so that no page shows one missing.
        let site = self.site.take();
        let documents = site.as_ref().map_or(Ok(0), |site| {
            self.write_brief_files(site, &indexes, &removed_files)
        });
        self.site = site;
        if documents.is_err() {
            // The next rebuild links the site again and writes every file.
            self.render_context = None;
        }
        let files_written = documents?
            + self
                .write_changed(&rendered.files)
                .map_err(|source| self.write_error(source))?;
        self.keys.extend(rendered.keys);
        self.index_stale(None);
        self.pdfs_stale = true;
        timings.write = stage.elapsed();
        Ok(Some(Rebuild {
            pages_rendered: html_count(&rendered.files),
            files_written,
            diagnostics: self.warnings.clone(),
            timings,
            ..Rebuild::default()
        }))
    }

    /// A save that changed several things of one brief at once (its title and its
    /// tags, say), patched in steps, one patch each (see [`link::edit_steps`]). Pages
    /// that two steps change are rendered twice, still far less than linking the whole
    /// site. `None` when there are no steps or one is not patched: the whole link
    /// stage then starts again from the parsed briefs, whatever steps were made.
    fn rebuild_in_steps(
        &mut self,
        edited: &[Arc<ParsedBrief>],
        timings: Timings,
    ) -> Result<Option<Rebuild>, Error> {
        let ([new], Some(site)) = (edited, self.site.as_ref()) else {
            return Ok(None);
        };
        let Some(steps) = link::edit_steps(site, new) else {
            return Ok(None);
        };
        self.patch_in_turn(steps, |session, step| {
            // A step that fails is left to the link stage too, which reports what
            // the save itself gets wrong.
            Ok(session.patch_edit(&[step], timings.clone()).ok().flatten())
        })
    }

    /// Makes the patches of one save (`patch` of each of `parts`) one after another,
    /// counted as one rebuild. `None` when there are none or one declines: the link
    /// stage then starts again from the parsed briefs, whatever patches were made.
    fn patch_in_turn<T>(
        &mut self,
        parts: impl IntoIterator<Item = T>,
        mut patch: impl FnMut(&mut Session, T) -> Result<Option<Rebuild>, Error>,
    ) -> Result<Option<Rebuild>, Error> {
        let mut done: Option<Rebuild> = None;
        for part in parts {
            let Some(mut rebuild) = patch(self, part)? else {
                return Ok(None);
            };
            if let Some(before) = done {
                rebuild.add(before);
            }
            done = Some(rebuild);
        }
        Ok(done)
    }

    /// An edit of briefs' topics, regions, tags, authors or series that moves nothing
    /// else: the last site is patched ([`link::replace_terms`]) and the pages that show
    /// what changed are rendered ([`render::render_retermed`]); the pages of terms that
    /// went are removed. `None` when the edit needs the whole link stage.
    fn rebuild_retagged(
        &mut self,
        edited: &[Arc<ParsedBrief>],
        mut timings: Timings,
    ) -> Result<Option<Rebuild>, Error> {
        let stage = Instant::now();
        let Some((site, mut context, edit)) = self.patch(|site| link::replace_terms(site, edited))
        else {
            return Ok(None);
        };
        timings.link = stage.elapsed();
        let stage = Instant::now();
        if !context.replace_terms(&site, &edit) {
            let warnings = self.warnings.clone();
            return self
                .render_all_keys(
                    site,
                    Vec::new(),
                    NextContext::Relinked(Some(context)),
                    warnings,
                    timings,
                )
                .map(Some);
        }
        let rendered = render::render_retermed(&site, &mut context, &edit, &self.keys);
        timings.render = stage.elapsed();
        let removed = &edit.removed_paths;
        self.write_patched(site, context, rendered, &edit.briefs, removed, timings)
            .map(Some)
    }

    /// An edit of one brief's date, which moves it among the briefs: the last site is
    /// patched ([`link::replace_date`]) and the pages that show what changed are
    /// rendered ([`render::render_redated`]). `None` when the edit needs the whole link
    /// stage.
    fn rebuild_redated(
        &mut self,
        edited: &[Arc<ParsedBrief>],
        mut timings: Timings,
    ) -> Result<Option<Rebuild>, Error> {
        let stage = Instant::now();
        let Some((site, mut context, edit)) = self.patch(|site| link::replace_date(site, edited))
        else {
            return Ok(None);
        };
        timings.link = stage.elapsed();
        let stage = Instant::now();
        context.replace_date(&site, &edit);
        let rendered = render::render_redated(&site, &mut context, &edit, &self.keys);
        timings.render = stage.elapsed();
        // The archive page of a year no brief has any more.
        let removed: Vec<String> = edit.year_pages.1.into_iter().collect();
        self.write_patched(site, context, rendered, &[edit.to], &removed, timings)
            .map(Some)
    }

    /// An edit of briefs' links that moves nothing else: the last site is patched
    /// ([`link::replace_links`]) and the pages that show what changed are rendered
    /// ([`render::render_relinked`]). `None` when the edit needs the whole link stage.
    fn rebuild_links_edited(
        &mut self,
        edited: &[Arc<ParsedBrief>],
        timings: Timings,
    ) -> Result<Option<Rebuild>, Error> {
        self.rebuild_relinked(timings, |site, original| {
            link::replace_links(site, original, edited)
        })
    }

    /// A patch of briefs' links (see [`Session::rebuild_links_edited`]) by `relink`,
    /// given the site and, in a translation's edition, the default language's, where
    /// links to what the edition lacks go.
    fn rebuild_relinked(
        &mut self,
        mut timings: Timings,
        relink: impl FnOnce(&mut Site, Option<&Site>) -> Option<link::LinkEdit>,
    ) -> Result<Option<Rebuild>, Error> {
        let stage = Instant::now();
        let original = self.default_edition.as_ref().map(|d| &d.site);
        let Some((site, mut context, edit)) =
            patch_taken(&mut self.site, &mut self.render_context, |site| {
                relink(site, original)
            })
        else {
            return Ok(None);
        };
        timings.link = stage.elapsed();
        let stage = Instant::now();
        let recarded = context.replace_links(&site, &edit);
        let rendered = render::render_relinked(&site, &mut context, &edit, &recarded, &self.keys);
        timings.render = stage.elapsed();
        let removed = &edit.removed_files;
        self.write_patched(site, context, rendered, &edit.briefs, removed, timings)
            .map(Some)
    }

    /// An edit of a standalone page's text that no other page shows: the last site is
    /// patched ([`link::replace_page`]) and the page rendered. `None` when the edit
    /// needs the whole link stage.
    fn rebuild_page_edited(
        &mut self,
        path: &Path,
        mut timings: Timings,
    ) -> Result<Option<Rebuild>, Error> {
        let Some(Ok(page)) = self.pages.get(path) else {
            return Ok(None);
        };
        let page = Arc::clone(page);
        let stage = Instant::now();
        let Some((site, context, index)) = self.patch(|site| link::replace_page(site, &page))
        else {
            return Ok(None);
        };
        timings.link = stage.elapsed();
        let stage = Instant::now();
        let rendered = render::render_page_edited(&site, &context, index, &self.keys);
        timings.render = stage.elapsed();
        // Neither the search index nor the PDFs read standalone pages.
        let stale = (self.search_stale.clone(), self.pdfs_stale);
        let rebuild = self.write_patched(site, context, Some(rendered), &[], &[], timings);
        (self.search_stale, self.pdfs_stale) = stale;
        rebuild.map(Some)
    }

    /// Takes the session's site and render context and patches the site with `patch`;
    /// puts them back and returns `None` when the patch declines (it then leaves the
    /// site untouched).
    fn patch<E>(
        &mut self,
        patch: impl FnOnce(&mut Site) -> Option<E>,
    ) -> Option<(Site, RenderContext, E)> {
        patch_taken(&mut self.site, &mut self.render_context, patch)
    }

    /// Writes what a patch of the last site rendered (`rendered`; `None` when which
    /// pages show each card was not known, and every page's key is checked instead),
    /// with the sitemap when an `edited` brief's day of last change changed and the
    /// files the `edited` briefs use, and removes the pages and files it took away
    /// (`removed`, site paths), then keeps the patched site and context. On a template
    /// error the site is dropped: the next rebuild links again.
    fn write_patched(
        &mut self,
        site: Site,
        mut context: RenderContext,
        rendered: Option<Result<render::Rendered, Vec<Diagnostic>>>,
        edited: &[usize],
        removed: &[String],
        mut timings: Timings,
    ) -> Result<Rebuild, Error> {
        let warnings = self.warnings.clone();
        // Any patch may come with a new `updated:` day, which the sitemap shows.
        let days_changed = context.put_sitemap_days(&site, edited);
        let rendered = match rendered {
            Some(Ok(mut rendered)) => {
                if days_changed {
                    context.replace_sitemap_file(&site, &mut rendered.files);
                }
                rendered
            }
            Some(Err(mut problems)) => {
                problems.extend(warnings);
                diagnostics::sort(&mut problems);
                return Err(Error::Content(problems));
            }
            None => {
                return self.render_all_keys(
                    site,
                    Vec::new(),
                    NextContext::Patched(context),
                    warnings,
                    timings,
                )
            }
        };
        let stage = Instant::now();
        let files_written = self.write_brief_files(&site, edited, &[])?
            + self
                .write_changed(&rendered.files)
                .map_err(|source| self.write_error(source))?;
        self.remove_site_paths(&site, removed)?;
        self.keys.extend(rendered.keys);
        self.index_stale(None);
        self.pdfs_stale = true;
        timings.write = stage.elapsed();
        self.site = Some(site);
        self.render_context = Some(context);
        Ok(Rebuild {
            pages_rendered: html_count(&rendered.files),
            files_written,
            files_removed: removed.len(),
            diagnostics: warnings,
            timings,
            ..Rebuild::default()
        })
    }

    /// Links the whole site again and renders every page whose key changed.
    fn rebuild_linked(&mut self, started: Instant) -> Result<Rebuild, Error> {
        // Until this rebuild succeeds, the last render's context is no longer the site's;
        // what it rendered once is kept for the next (see `RenderContext::relinked`).
        let previous_context = self.render_context.take();
        let mut timings = Timings::default();
        let Some(config) = self.config.clone() else {
            return Err(Error::Content(Vec::new()));
        };
        let mut problems: Vec<Diagnostic> = self.load_problems.clone();
        let mut briefs = Vec::with_capacity(self.briefs.len());
        let mut left_out = Vec::new();
        let inclusion = self.inclusion();
        self.linked_at = Some(inclusion.now);
        for (source, parsed) in &self.briefs {
            match parsed {
                Ok(brief) => {
                    problems.extend(brief.placeholders.iter().cloned());
                    match schedule::withheld(brief, inclusion) {
                        Some(why) => left_out.push(LeftOut::withheld(brief, why)),
                        None => briefs.push(Arc::clone(brief)),
                    }
                }
                Err(found) => {
                    problems.extend(found.problems.iter().cloned());
                    left_out.push(LeftOut::unparsed(source.clone(), found));
                }
            }
        }
        let mut pages = Vec::with_capacity(self.pages.len());
        for (source, parsed) in &self.pages {
            match parsed {
                Ok(page) => pages.push(Arc::clone(page)),
                Err(found) => {
                    problems.extend(found.problems.iter().cloned());
                    left_out.push(LeftOut::unparsed(source.clone(), found));
                }
            }
        }
        timings.parse = started.elapsed();
        let stage = Instant::now();
        let link_options = LinkOptions {
            warn_links: self.options.warn_links,
            previous: self.site.as_ref(),
            root: Some(&self.options.root),
        };
        let assets = build::asset_names(&self.static_files);
        let (sites, link_problems) = if config.is_multilingual() {
            let input = EditionsInput {
                config,
                briefs,
                pages,
                assets,
                data: &self.data,
                left_out,
                now: inclusion.now,
            };
            let (sites, found) = translations::link_editions(input, link_options);
            let sites = sites.map(|mut sites| {
                render::connect_editions(&mut sites.iter_mut().collect::<Vec<_>>());
                sites
            });
            (sites, found)
        } else {
            let input = LinkInput {
                config,
                briefs,
                pages,
                assets,
                files: &self.data.assets,
                glossary: self.data.glossary.as_ref(),
                left_out,
                people: Arc::clone(&self.data.people),
                labels: Arc::clone(&self.data.labels),
                now: inclusion.now,
                original: None,
            };
            let (site, found) = link::link(input, link_options);
            (site.map(|site| vec![site]), found)
        };
        problems.extend(link_problems);
        diagnostics::sort(&mut problems);
        let sites = sites.filter(|_| !problems.iter().any(Diagnostic::is_error));
        let mut sites = sites.unwrap_or_default().into_iter();
        let Some(site) = sites.next() else {
            drop_later(previous_context);
            return Err(Error::Content(problems));
        };
        timings.link = stage.elapsed();
        let context = NextContext::Relinked(previous_context);
        let mut rebuild =
            self.render_all_keys(site, sites.collect(), context, problems, timings)?;
        rebuild.relinked = true;
        Ok(rebuild)
    }

    /// Renders every page of `site` (linked, or patched in place) and of the
    /// `translations` of a site in several languages whose key changed, `site` with
    /// `context`, and makes them the session's site. `problems` are the site's
    /// warnings. On failure the session keeps the site it had (none, when it was taken
    /// to be patched: the next rebuild then links the whole site again).
    fn render_all_keys(
        &mut self,
        site: Site,
        translations: Vec<Site>,
        context: NextContext,
        mut problems: Vec<Diagnostic>,
        timings: Timings,
    ) -> Result<Rebuild, Error> {
        if self.default_edition.is_some() {
            // `site` is a translation's edition in the default's place: every edition
            // is linked and rendered instead, once the patch finds its edition gone.
            drop_later((site, translations, context));
            return Ok(Rebuild::default());
        }
        let Some(templates) = self.templates.as_ref() else {
            return Err(Error::Content(problems));
        };
        let stage = Instant::now();
        let kit = Arc::clone(&self.kit);
        let context = match context {
            NextContext::Patched(context) => context,
            NextContext::Relinked(Some(previous)) => {
                RenderContext::relinked(previous, &site, templates, Arc::clone(&kit))
            }
            NextContext::Relinked(None) => RenderContext::new(&site, templates, Arc::clone(&kit)),
        };
        let translations = relinked_translations(
            std::mem::take(&mut self.translations),
            translations,
            templates,
            &kit,
        );
        let editions: Vec<(&Site, &RenderContext)> = std::iter::once((&site, &context))
            .chain(translations.iter().map(|t| (&t.site, &t.context)))
            .collect();
        // Files documents use (images and their copies, data, attached PDFs); editions
        // that show one image share its copies, as in `build`.
        let images = Instant::now();
        let mut documents = Vec::new();
        for (edition, _) in &editions {
            match self.document_files(edition) {
                Ok(files) => documents.extend(files),
                Err(mut found) => {
                    found.append(&mut problems);
                    diagnostics::sort(&mut found);
                    return Err(Error::Content(found));
                }
            }
        }
        let mut seen = HashSet::new();
        documents.retain(|d| seen.insert(d.file.output_path.clone()));
        let images = images.elapsed();
        let static_files = self.static_files.clone();
        let mut rebuild = if self.written.is_empty() {
            self.write_everything(&editions, &static_files, &documents)
        } else {
            self.write_changed_pages(&editions, &static_files, &documents)
        }
        .map_err(|failure| match failure {
            RenderFailure::Templates(mut found) => {
                found.extend(problems.iter().cloned());
                diagnostics::sort(&mut found);
                Error::Content(found)
            }
            RenderFailure::Write(source) => self.write_error(source),
        })?;
        rebuild.timings.parse = timings.parse;
        rebuild.timings.link = timings.link;
        rebuild.timings.images = images;
        rebuild.timings.render += stage.elapsed() - rebuild.timings.write - images;
        self.pdfs_stale = true;
        drop(editions);
        drop_later(self.site.replace(site));
        self.render_context = Some(context);
        self.translations = translations;
        self.warnings.clone_from(&problems);
        rebuild.diagnostics = problems;
        Ok(rebuild)
    }

    /// The output folder's marker after a change of the configuration, which may have
    /// moved the site (`base_url`).
    fn update_marker(&self) -> Result<(), Error> {
        let preview = self.options.drafts || self.options.future;
        let base_url = self.site.as_ref().map(|site| site.config.base_url.root());
        write::update_marker(&self.options.out, preview, base_url.as_deref()).map_err(|source| {
            Error::Write {
                path: self.options.out.clone(),
                source,
            }
        })
    }

    /// The first write of a session, or the first since the output folder went: like
    /// `build`, every page and the search index go straight into a staging folder that
    /// replaces the output once everything is written.
    fn write_everything(
        &mut self,
        editions: &[(&Site, &RenderContext)],
        static_files: &[StaticFile],
        documents: &[DocumentFile],
    ) -> Result<Rebuild, RenderFailure> {
        let preview = self.options.drafts || self.options.future;
        let base_url = editions
            .first()
            .map(|(site, _)| site.config.base_url.root());
        let staging = write::Staging::create(&self.options.out, preview, base_url.as_deref())
            .map_err(RenderFailure::Write)?;
        let hashes = std::sync::Mutex::new(HashMap::new());
        let sink = |file: OutputFile| {
            hashes
                .lock()
                .map_err(|_| std::io::Error::other("a render worker panicked"))?
                // A file linked from a cache is written again whenever its key changes.
                .insert(file.path.clone(), output::written_hash(&file));
            staging.write(&file)
        };
        let no_keys = PageKeys::new();
        let mut keys = PageKeys::new();
        let mut search_paths = BTreeMap::new();
        let mut index_time = Duration::ZERO;
        for &(site, context) in editions {
            let edition = &site.config.base_url.edition;
            let search = self.search.entry(edition.clone()).or_default();
            let rendered = build::render_site(site, context, Some(&no_keys), search, &sink);
            keys.extend(rendered.pages?);
            let paths = rendered.index.map_err(RenderFailure::Write)?;
            let paths = paths.into_iter().map(|path| format!("{edition}{path}"));
            search_paths.insert(edition.clone(), paths.collect());
            index_time += rendered.index_time;
        }
        let started = Instant::now();
        let mut all_static = static_files.to_vec();
        all_static.extend(documents.iter().map(|d| d.file.clone()));
        staging.finish(&all_static).map_err(RenderFailure::Write)?;
        let mut written = hashes
            .into_inner()
            .map_err(|_| RenderFailure::Write(std::io::Error::other("a render worker panicked")))?;
        let pages_rendered = written.keys().filter(|p| p.ends_with(".html")).count();
        for file in static_files {
            written.insert(file.output_path.clone(), 0);
        }
        for document in documents {
            written.insert(document.file.output_path.clone(), document.version);
        }
        self.written = written;
        self.keys = keys;
        self.search_paths = search_paths;
        self.search_stale = StaleIndex::None;
        self.static_files_changed = false;
        Ok(Rebuild {
            pages_rendered,
            files_written: self.written.len(),
            timings: Timings {
                search: index_time,
                write: started.elapsed(),
                ..Timings::default()
            },
            ..Rebuild::default()
        })
    }

    /// Renders the pages whose key changed and writes those whose bytes changed; the
    /// search index follows in [`Session::update_search_index`].
    fn write_changed_pages(
        &mut self,
        editions: &[(&Site, &RenderContext)],
        static_files: &[StaticFile],
        documents: &[DocumentFile],
    ) -> Result<Rebuild, RenderFailure> {
        let (files, keys) = render::in_memory(|sink| {
            let mut keys = PageKeys::new();
            for &(site, context) in editions {
                keys.extend(render::render_pages(
                    site,
                    context,
                    Some(&self.keys),
                    false,
                    sink,
                )?);
            }
            Ok(keys)
        });
        let keys = keys?;
        self.index_stale(None);
        let started = Instant::now();
        let (files_written, files_removed) = self
            .write(&files, static_files, documents, &keys)
            .map_err(RenderFailure::Write)?;
        self.keys = keys;
        Ok(Rebuild {
            pages_rendered: html_count(&files),
            files_written,
            files_removed,
            timings: Timings {
                write: started.elapsed(),
                ..Timings::default()
            },
            ..Rebuild::default()
        })
    }

    /// Brings the search index up to date with the last rebuilt site: makes the files
    /// whose contents changed (each is named after its contents) and removes those the
    /// index no longer has.
    pub fn update_search_index(&mut self) -> Result<SearchUpdate, Error> {
        let started = Instant::now();
        let Some(site) = self
            .site
            .as_ref()
            .filter(|_| self.search_stale != StaleIndex::None)
        else {
            return Ok(SearchUpdate::default());
        };
        let mut files = Vec::new();
        let mut paths = BTreeMap::new();
        let mut stale = Vec::new();
        for site in editions(site, &self.translations) {
            // Each edition's index is in its folder.
            let edition = site.config.base_url.edition.as_str();
            if matches!(&self.search_stale, StaleIndex::Edition(only) if only != edition) {
                continue;
            }
            let written = |path: &str| self.written.contains_key(&format!("{edition}{path}"));
            let search = self.search.entry(edition.to_string()).or_default();
            let (made, index) = render::in_memory(|sink| {
                let in_edition = |mut file: OutputFile| {
                    file.path.insert_str(0, edition);
                    sink(file)
                };
                search::render_index(site, search, &written, &in_edition)
            });
            let index = index.map_err(|source| self.write_error(source))?;
            files.extend(made);
            let index: Vec<String> = index.iter().map(|p| format!("{edition}{p}")).collect();
            let current: HashSet<&str> = index.iter().map(String::as_str).collect();
            let before = self.search_paths.get(edition).into_iter().flatten();
            stale.extend(before.filter(|p| !current.contains(p.as_str())).cloned());
            drop(current);
            paths.insert(edition.to_string(), index);
        }
        // An edition that is gone (its last translation deleted, made a draft or moved
        // to another language) takes its index with it.
        let gone: Vec<String> = self
            .search_paths
            .keys()
            .filter(|edition| {
                !editions(site, &self.translations).any(|s| &s.config.base_url.edition == *edition)
            })
            .cloned()
            .collect();
        for edition in gone {
            stale.extend(self.search_paths.remove(&edition).unwrap_or_default());
            self.search.remove(&edition);
        }
        let files_written = self
            .write_changed(&files)
            .map_err(|source| self.write_error(source))?;
        self.remove(&stale)
            .map_err(|source| self.write_error(source))?;
        self.search_paths.extend(paths);
        self.search_stale = StaleIndex::None;
        Ok(SearchUpdate {
            files_written,
            files_removed: stale.len(),
            elapsed: started.elapsed(),
        })
    }

    /// Notes that the search index of `edition` (or, with `None`, of every edition) is
    /// behind its site.
    fn index_stale(&mut self, edition: Option<String>) {
        self.search_stale = match (std::mem::take(&mut self.search_stale), edition) {
            (StaleIndex::None, Some(edition)) => StaleIndex::Edition(edition),
            (StaleIndex::Edition(stale), Some(edition)) if stale == edition => {
                StaleIndex::Edition(stale)
            }
            _ => StaleIndex::All,
        };
    }

    /// Which briefs the session builds (drafts and briefs to come with its options),
    /// as of now.
    fn inclusion(&self) -> Inclusion {
        Inclusion {
            drafts: self.options.drafts,
            future: self.options.future,
            now: Inclusion::clock(),
        }
    }

    /// The briefs dated after the last link stage's time whose date has come (see
    /// `Session::linked_at`): the next rebuild publishes them, as a build now would.
    pub fn briefs_due(&self) -> Vec<PathBuf> {
        let now = Inclusion::clock();
        self.scheduled()
            .filter(|&(_, date)| date <= now)
            .map(|(path, _)| path.clone())
            .collect()
    }

    /// How long until the date of the next brief the last link stage left out as
    /// scheduled (or showed as a preview), zero when one is due: `watch` rebuilds then,
    /// with nothing saved. `None` when there is none, or while the configuration fails
    /// (every rebuild would fail the same way; the one that fixes it links the site).
    pub fn next_publication(&self) -> Option<Duration> {
        if self.config_failed {
            return None;
        }
        let next = self.scheduled().map(|(_, date)| date).min()?;
        let millis = next.saturating_mul(1000) - chrono::Utc::now().timestamp_millis();
        Some(Duration::from_millis(millis.max(0).unsigned_abs()))
    }

    /// The briefs dated after the last link stage's time, with their dates (seconds
    /// since the epoch): drafts the session leaves out are not, whatever their date.
    fn scheduled(&self) -> impl Iterator<Item = (&PathBuf, i64)> {
        let linked_at = self.linked_at;
        let drafts = self.options.drafts;
        self.briefs.iter().filter_map(move |(path, parsed)| {
            let brief = parsed.as_ref().ok()?;
            let date = brief.meta.date.timestamp();
            let left_out = brief.meta.draft && !drafts;
            (!left_out && date > linked_at?).then_some((path, date))
        })
    }

    /// The site folder.
    pub fn root(&self) -> &Path {
        &self.options.root
    }

    /// The theme of the last configuration read.
    pub fn theme(&self) -> &str {
        self.config.as_ref().map_or("default", |c| c.theme.as_str())
    }

    /// The error of a patch whose render failed (a template error), with the last
    /// site's warnings; the next rebuild links the site again and renders every page
    /// whose key changed.
    fn template_error(&mut self, mut problems: Vec<Diagnostic>) -> Error {
        self.render_context = None;
        problems.extend(self.warnings.iter().cloned());
        diagnostics::sort(&mut problems);
        Error::Content(problems)
    }

    fn write_error(&self, source: std::io::Error) -> Error {
        Error::Write {
            path: self.options.out.clone(),
            source,
        }
    }
}

/// What [`Session::update_search_index`] did.
#[derive(Debug, Clone, Default)]
pub struct SearchUpdate {
    pub files_written: usize,
    pub files_removed: usize,
    pub elapsed: Duration,
}

/// How a brief's presence in the site changed with a save (see
/// [`Session::presence_changed`]).
enum Presence {
    /// It came, as this parse.
    Came(Arc<ParsedBrief>),
    Went,
}

/// The render context [`Session::render_all_keys`] renders with.
enum NextContext {
    /// The session's context, still valid for the patched site.
    Patched(RenderContext),
    /// A new one, which keeps what the last site's context (if any) rendered once.
    Relinked(Option<RenderContext>),
}

/// Which editions' search indexes are behind their sites.
#[derive(Debug, Clone, Default, PartialEq)]
enum StaleIndex {
    #[default]
    None,
    /// This edition's alone (its folder in the output).
    Edition(String),
    All,
}

/// [`Session::patch`] on the session's site and context alone, so that the patch may
/// borrow the rest of the session.
fn patch_taken<E>(
    site: &mut Option<Site>,
    context: &mut Option<RenderContext>,
    patch: impl FnOnce(&mut Site) -> Option<E>,
) -> Option<(Site, RenderContext, E)> {
    let (mut taken, context_taken) = (site.take()?, context.take()?);
    match patch(&mut taken) {
        Some(edit) => Some((taken, context_taken, edit)),
        None => {
            *site = Some(taken);
            *context = Some(context_taken);
            None
        }
    }
}

/// Frees `value` on another thread: the last site and its render context are
/// hundreds of thousands of allocations at 10,000 briefs, and freeing them took tens
/// of milliseconds of every relink between the save and the page.
fn drop_later<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// HTML pages among rendered files (feeds and other data files not counted).
fn html_count(files: &[OutputFile]) -> usize {
    files.iter().filter(|f| f.path.ends_with(".html")).count()
}

/// Whether `path` is a Markdown document (a brief or a page).
fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md")
}
