//! The render stage: Tera 2 templates over views of the [`Site`], one output page at a
//! time, in parallel; feeds, citation records, redirects and the search index written
//! in code. Nothing is resolved here; every URL comes from the link stage or
//! [`crate::model::urls`].
//!
//! In: a linked [`Site`] and the theme's [`Templates`]. Out: [`OutputFile`]s, handed
//! to a [`Sink`] as soon as each is made (the staging folder of a build, memory in watch
//! mode). Runs once per build after the link stage; in watch mode after each change,
//! when only the pages whose key changed are rendered again (see [`keys`]).

use std::sync::OnceLock;

use rayon::prelude::*;
use tera::Tera;

use crate::link::translations::{EditionInfo, Editions};
use crate::link::{self, LinkEdit, Site, TermEdit};
use crate::model::diagnostics::Diagnostic;
use crate::model::output::{OutputFile, Sink};
use crate::model::taxonomy::TaxonomyKind;

mod aliases;
mod arrival;
pub mod assets;
pub mod cards;
pub mod cite;
pub mod feeds;
mod filters;
pub mod images;
mod jobs;
mod keys;
mod minify;
mod once;
mod pages;
pub mod pdf;
mod redated;
mod relative;
pub mod search;
mod templates;
mod views;

pub use aliases::redirect_target;
pub use arrival::render_arrival;
use jobs::{DataFile, Job};
pub use keys::PageKeys;
use keys::{CardFinder, CardReaders, ValueHashes};
pub use redated::render_redated;
pub(crate) use templates::seed_maps_per_thread;
pub use templates::{load_templates, Templates, REQUIRED_TEMPLATES};
use views::Views;

/// Why rendering stopped.
#[derive(Debug)]
pub enum RenderFailure {
    /// Template errors, each reported once.
    Templates(Vec<Diagnostic>),
    /// The sink could not take a file (the disk is full, say).
    Write(std::io::Error),
}

/// What every page's rendering shares: the views, the templates with the site in their
/// global context, and (once keys are asked for) the hashes of shared values. A watch
/// session keeps it for the next edit that leaves it valid (see [`render_edited`]).
pub struct RenderContext {
    views: Views,
    tera: Tera,
    /// Where template errors point.
    templates: std::collections::HashMap<String, (std::path::PathBuf, String)>,
    templates_fingerprint: u64,
    /// Hashes for page keys, made the first time keys are needed (never by `build`).
    hashes: OnceLock<(ValueHashes, u64)>,
    /// The pages that show each card, noted the first time every page's key is checked.
    readers: OnceLock<CardReaders>,
    /// `graph.json`, made the first time it is rendered.
    graph: OnceLock<feeds::GraphParts>,
    /// The sitemap's entries, made the first time it is written.
    sitemap: OnceLock<Vec<feeds::SitemapEntry>>,
    /// Fonts, logo and cache for social cards and icons.
    kit: std::sync::Arc<cards::CardKit>,
    /// What the `once` template function rendered (cards, mostly).
    rendered_once: std::sync::Arc<once::RenderedOnce>,
    /// The files of the whole site left for [`render_held`], while a save is patched.
    held: Option<HeldFiles>,
}

/// The files of the whole site (its feeds, `graph.json`, the sitemap) that the steps of
/// one save changed, rendered once after the last step rather than after each: they
/// are the largest files a step renders (`graph.json` is 2.8 MB at 10k briefs), and a
/// new brief's three steps each changed them.
#[derive(Default)]
struct HeldFiles {
    files: Vec<DataFile>,
    sitemap: bool,
}

impl RenderContext {
    pub fn new(
        site: &Site,
        templates: &Templates,
        kit: std::sync::Arc<cards::CardKit>,
    ) -> RenderContext {
        let rendered_once = std::sync::Arc::new(once::RenderedOnce::default());
        RenderContext::with_views(Views::new(site), site, templates, kit, rendered_once)
    }

    /// A context for `site` after a relink, which keeps what `previous` (the context of
    /// the site before it, with the same configuration and data) rendered once when the
    /// templates are the same: every card that did not change (nearly all of them after
    /// a brief came or went) is found again instead of rendered on each list page that
    /// shows it, and its hash for page keys is not made again.
    pub fn relinked(
        previous: RenderContext,
        site: &Site,
        templates: &Templates,
        kit: std::sync::Arc<cards::CardKit>,
    ) -> RenderContext {
        if previous.templates_fingerprint != templates.fingerprint {
            return RenderContext::new(site, templates, kit);
        }
        let mut views = Views::new(site);
        let replaced = views.keep_unchanged(&previous.views);
        let rendered_once = std::sync::Arc::clone(&previous.rendered_once);
        rendered_once.forget(&replaced.iter().collect::<Vec<_>>());
        let hashes = previous
            .hashes
            .get()
            .map(|(hashes, _)| hashes.carried_over(&views));
        let context = RenderContext::with_views(views, site, templates, kit, rendered_once);
        if let Some(hashes) = hashes {
            let _ = context.hashes.set(context.with_global_key(hashes, site));
        }
        context
    }

    fn with_views(
        views: Views,
        site: &Site,
        templates: &Templates,
        kit: std::sync::Arc<cards::CardKit>,
        rendered_once: std::sync::Arc<once::RenderedOnce>,
    ) -> RenderContext {
        let mut tera = templates.tera.clone();
        tera.global_context()
            .insert_value("site", views.site.clone());
        tera.global_context()
            .insert_value("assets", views.assets.clone());
        // The labels of the site's language; a page in another language puts its own
        // `t` and `lang` in its context, which come first.
        tera.global_context()
            .insert_value("t", views.labels.clone());
        tera.global_context()
            .insert_value("lang", tera::Value::from(site.labels.language.as_str()));
        let files = templates
            .files
            .iter()
            .map(|(name, (path, _))| (name.clone(), path.clone()))
            .collect();
        once::register(&mut tera, rendered_once.clone(), files);
        RenderContext {
            views,
            tera,
            templates: templates.files.clone(),
            templates_fingerprint: templates.fingerprint,
            hashes: OnceLock::new(),
            readers: OnceLock::new(),
            graph: OnceLock::new(),
            sitemap: OnceLock::new(),
            kit,
            rendered_once,
            held: None,
        }
    }

    /// From now until [`render_held`], the renders of patches leave the files of the
    /// whole site to it.
    pub fn hold_site_files(&mut self) {
        self.held.get_or_insert_with(HeldFiles::default);
    }

    /// Stops holding the files of the whole site, forgetting those held (the caller
    /// links the site again, which renders every file whose key changed).
    pub fn drop_held(&mut self) {
        self.held = None;
    }

    /// Takes the site's files out of `files` while they are held.
    fn hold(&mut self, files: &mut Vec<DataFile>) {
        if let Some(held) = &mut self.held {
            held.files.extend(files.iter().filter(|f| f.is_site_wide()));
            files.retain(|f| !f.is_site_wide());
        }
    }

    /// Puts the new cards of the `edited` briefs in place, after
    /// [`crate::link::replace_bodies`] changed what lists show of them and nothing else
    /// the views hold but the authors' biographies (which link to briefs by title; the
    /// views' other values are made from terms, people, dates and the configuration).
    /// [`render_retitled`] (or [`render_pages`], which checks every page's key) can then
    /// render the patched site without making the views again. Returns whether a
    /// biography changed.
    pub fn replace_cards(&mut self, site: &Site, edited: &[usize]) -> bool {
        for &index in edited {
            let card = self.views.card(site, &site.briefs[index]);
            self.put_card(index, card);
            if let Some(graph) = self.graph.get_mut() {
                graph.replace(site, index);
            }
        }
        self.views.refresh_profiles(site)
    }

    /// Puts the terms and cards of a topic, region, tag, author or series edit in
    /// place, after [`crate::link::replace_terms`] patched the site, with their hashes;
    /// renumbers the pages noted as showing each card. [`render_retermed`] can then render the
    /// patched site. Returns `false`, leaving the context as it was, when the edit
    /// changed what every list page shows (the filter form): the session then renders
    /// with a new context.
    pub fn replace_terms(&mut self, site: &Site, edit: &TermEdit) -> bool {
        let Some((replaced, new)) = self.views.replace_terms(site, edit) else {
            return false;
        };
        self.replace_shared(replaced, &new);
        if let Some(graph) = self.graph.get_mut().filter(|_| edit.topics_changed) {
            for &index in &edit.briefs {
                graph.replace(site, index);
            }
        }
        if let Some(entries) = self.sitemap.get_mut().filter(|_| edit.paths_changed) {
            // Term pages have no date of last change.
            entries.retain(|(path, _)| !edit.removed_paths.contains(path));
            for path in &edit.added_paths {
                let at = entries.partition_point(|(p, _)| p < path);
                entries.insert(at, (path.clone(), None));
            }
        }
        if let Some(readers) = self.readers.get_mut() {
            let page_size = site.config.page_size;
            let terms = |kind: TaxonomyKind| &site.taxonomies.get(kind).terms;
            readers.renumber(|job| match job {
                Job::Term { kind, term, number } => {
                    let Some((_, now)) = edit.current_index.iter().find(|(k, _)| *k == kind) else {
                        return Some(job);
                    };
                    let term = now.get(term).copied().flatten()?;
                    let pages = link::page_count(terms(kind)[term].briefs.len(), page_size);
                    (number < pages).then_some(Job::Term { kind, term, number })
                }
                Job::Intersection { index, number } => {
                    let briefs = site.intersections[index].briefs.len();
                    (number < link::page_count(briefs, page_size)).then_some(job)
                }
                Job::Series(series) => match &edit.series_now {
                    Some(now) => now[series].map(Job::Series),
                    None => Some(job),
                },
                _ => Some(job),
            });
        }
        true
    }

    /// Puts in place what a links edit changed of what the context holds, after
    /// [`crate::link::replace_links`] patched the site: the edited briefs' cards when
    /// they changed too (their reading time), with their hashes, and the citation
    /// graph's edges. Returns the briefs whose cards changed.
    pub fn replace_links(&mut self, site: &Site, edit: &LinkEdit) -> Vec<usize> {
        let mut recarded = Vec::new();
        for &index in &edit.briefs {
            let card = self.views.card(site, &site.briefs[index]);
            if card == self.views.cards[index] {
                continue;
            }
            self.put_card(index, card);
            recarded.push(index);
        }
        if let Some(graph) = self.graph.get_mut() {
            graph.replace_edges(site, edit.briefs.iter().copied());
        }
        recarded
    }

    /// Forgets what was rendered once with shared values the views `replaced`, and
    /// their hashes, and remembers the hashes of the `new` ones.
    fn replace_shared(&mut self, replaced: Vec<tera::Value>, new: &[tera::Value]) {
        self.rendered_once
            .forget(&replaced.iter().collect::<Vec<_>>());
        if let Some((hashes, _)) = self.hashes.get_mut() {
            // Before the replaced values are freed: their addresses could be new ones'.
            for value in &replaced {
                hashes.forget(value);
            }
            for value in new {
                hashes.remember(value);
            }
        }
    }

    /// Puts brief `index`'s new card in place, and tells what keeps values by address
    /// (page-key hashes, the HTML `once` rendered) before the old card is freed: its
    /// address could then be a new value's.
    fn put_card(&mut self, index: usize, card: tera::Value) {
        let old = std::mem::replace(&mut self.views.cards[index], card);
        self.rendered_once.forget(&[&old]);
        if let Some((hashes, _)) = self.hashes.get_mut() {
            hashes.replace(&old, &self.views.cards[index]);
        }
    }

    /// Puts brief `index`'s day of last change in the sitemap's entries kept since the
    /// last render that wrote them (none kept: it is made when written); says whether
    /// it changed.
    fn put_sitemap_day(&mut self, site: &Site, index: usize) -> bool {
        let Some(entries) = self.sitemap.get_mut() else {
            return false;
        };
        let (path, lastmod) = sitemap_entry(site, &Job::Brief(index));
        match entries.binary_search_by(|(p, _)| p.cmp(&path)) {
            Ok(at) if entries[at].1 != lastmod => {
                entries[at].1 = lastmod;
                true
            }
            _ => false,
        }
    }

    /// Puts the days of last change of the `edited` briefs, as a patch of the site left
    /// them (a new `updated:` day), in the sitemap's entries; says whether one changed.
    pub fn put_sitemap_days(&mut self, site: &Site, edited: &[usize]) -> bool {
        let mut changed = false;
        for &index in edited {
            changed |= self.put_sitemap_day(site, index);
        }
        changed
    }

    /// Puts `sitemap.xml`, made from the entries as they are now, among `files`, in
    /// place of one made before (or leaves it to [`render_held`]).
    pub fn replace_sitemap_file(&mut self, site: &Site, files: &mut Vec<OutputFile>) {
        files.retain(|file| file.path != crate::model::urls::SITEMAP);
        files.extend(self.sitemap_now(site));
    }

    /// `sitemap.xml` made now, or nothing when the site's files are held (it is then
    /// made by [`render_held`]).
    fn sitemap_now(&mut self, site: &Site) -> Option<OutputFile> {
        // One sitemap lists the pages of every edition of a site in several languages:
        // a watch session makes it once every edition knows the patched one's pages
        // and days (see `dev::session::editions`).
        if site.editions.is_multilingual() {
            return None;
        }
        match &mut self.held {
            Some(held) => {
                held.sitemap = true;
                None
            }
            None => Some(self.sitemap_file(site)),
        }
    }

    /// `sitemap.xml` for a patched site, from the entries kept since the last render
    /// that wrote it (made now if none did).
    fn sitemap_file(&self, site: &Site) -> OutputFile {
        let entries = self
            .sitemap
            .get_or_init(|| sitemap_entries(site, &jobs::jobs(site)));
        feeds::sitemap(site, entries)
    }

    fn graph(&self, site: &Site) -> &feeds::GraphParts {
        self.graph.get_or_init(|| feeds::GraphParts::new(site))
    }

    /// The hashes of shared values, and the key of what every page depends on.
    fn hashes(&self, site: &Site) -> &(ValueHashes, u64) {
        self.hashes
            .get_or_init(|| self.with_global_key(ValueHashes::new(&self.views), site))
    }

    fn with_global_key(&self, hashes: ValueHashes, site: &Site) -> (ValueHashes, u64) {
        let globals = keys::global_key(
            &hashes,
            self.templates_fingerprint,
            &self.views,
            &site.config,
        );
        (hashes, globals)
    }
}

/// Renders every page, data file, redirect and the sitemap into `sink`. With
/// `previous` keys (watch mode), pages whose key is unchanged are skipped and the key of
/// every page is returned; without (a build), every page is rendered and no key is
/// computed. `link_cached` says the sink writes into a folder, which can link files
/// taken whole from a cache (see [`OutputFile::cached`]); else every file has its bytes.
pub fn render_pages(
    site: &Site,
    context: &RenderContext,
    previous: Option<&PageKeys>,
    link_cached: bool,
    sink: Sink,
) -> Result<PageKeys, RenderFailure> {
    let jobs = jobs::jobs(site);
    // Checking every page's key, note which pages show each card on the way.
    let finder = (previous.is_some() && context.readers.get().is_none())
        .then(|| CardFinder::new(&context.views));
    let (mut keys, shown) = render_jobs(site, context, &jobs, previous, finder.as_ref(), sink)?;
    if let Some(shown) = shown {
        let readers = CardReaders::new(site.briefs.len(), shown.into_iter());
        let _ = context.readers.set(readers);
    }
    let mut files = DataFile::all(site);
    files.sort();
    keys.extend(render_data_files(
        site,
        context,
        &files,
        previous,
        link_cached,
        sink,
    )?);
    // One sitemap lists the pages of every edition: the default language's writes it.
    if !site.editions.is_multilingual() {
        let sitemap = context.sitemap.get_or_init(|| sitemap_entries(site, &jobs));
        sink(feeds::sitemap(site, sitemap)).map_err(RenderFailure::Write)?;
    } else if site.config.base_url.edition.is_empty() {
        sink(feeds::multilingual_sitemap(&site.editions)).map_err(RenderFailure::Write)?;
    }
    for file in aliases::alias_pages(site) {
        sink(file).map_err(RenderFailure::Write)?;
    }
    Ok(keys)
}

/// Tells every edition of a site in several languages which pages each edition has,
/// for their alternates, language switchers and the sitemap.
pub fn connect_editions(sites: &mut [&mut Site]) {
    if sites.len() < 2 {
        return;
    }
    let list = sites
        .iter()
        .map(|site| EditionInfo {
            language: site.config.language.clone(),
            name: site.config.language_name.clone(),
            base_url: site.config.base_url.clone(),
        })
        .collect();
    let pages = sites
        .iter()
        .map(|site| sitemap_entries(site, &jobs::jobs(site)))
        .collect();
    let editions = std::sync::Arc::new(Editions::new(list, pages));
    for site in sites {
        site.editions = std::sync::Arc::clone(&editions);
    }
}

/// [`connect_editions`] after a patch of edition `own` (an index into `sites`) alone:
/// its pages and days are taken again, the other editions' kept as they were. Returns
/// the site paths of its pages that came and of those that went.
pub fn reconnect_edition(sites: &mut [&mut Site], own: usize) -> (Vec<String>, Vec<String>) {
    if sites.len() < 2 {
        return (Vec::new(), Vec::new());
    }
    let pages = sitemap_entries(sites[own], &jobs::jobs(sites[own]));
    // The editions' one copy, changed in place once no site holds it.
    let mut editions = std::mem::take(&mut sites[0].editions);
    for site in sites.iter_mut() {
        site.editions = Default::default();
    }
    let moved = std::sync::Arc::make_mut(&mut editions).replace_pages(own, pages);
    for site in sites {
        site.editions = std::sync::Arc::clone(&editions);
    }
    moved
}

/// Renders the pages of an edition of `site` at the site paths `paths`, where a page of
/// another edition came or went (their alternates and language switchers name it),
/// after [`connect_editions`]. Returns the keys of the pages rendered.
pub fn render_at_paths(
    site: &Site,
    context: &RenderContext,
    paths: &[String],
    previous: &PageKeys,
) -> Result<Rendered, Vec<Diagnostic>> {
    let jobs: Vec<Job> = jobs::jobs(site)
        .into_iter()
        .filter(|job| paths.contains(&job.path(site)))
        .collect();
    render_chosen(site, context, &jobs, Vec::new(), Vec::new(), previous, None)
        .map(|(rendered, _)| rendered)
}

/// The pages the sitemap lists (every page but the 404 page and the drafts and
/// scheduled briefs of a preview build, which carry `noindex`), with the day briefs
/// last changed.
fn sitemap_entries(site: &Site, jobs: &[Job]) -> Vec<feeds::SitemapEntry> {
    let mut entries: Vec<feeds::SitemapEntry> = jobs
        .iter()
        .filter(|job| !matches!(job, Job::NotFound))
        .filter(|job| !matches!(job, Job::Brief(i) if site.briefs[*i].preview.is_some()))
        .map(|job| sitemap_entry(site, job))
        .collect();
    // Paths are unique, so an unstable sort gives the one order, without the stable
    // sort's buffer (this list is made again on every patch that tells the editions).
    entries.sort_unstable();
    entries
}

/// A page's sitemap entry: its path, with the day it last changed for a brief.
fn sitemap_entry(site: &Site, job: &Job) -> feeds::SitemapEntry {
    let lastmod = match job {
        Job::Brief(i) => {
            let meta = &site.briefs[*i].parsed.meta;
            Some(meta.updated.unwrap_or(meta.date).iso_day())
        }
        _ => None,
    };
    (job.path(site), lastmod)
}

/// The briefs whose cards each page shows.
type Shown = Vec<(Job, Vec<u32>)>;

/// Renders `jobs` in parallel (with `previous`, only those whose key changed). A broken
/// template fails every page using it; each distinct problem is reported once. With a
/// `finder`, also returns the cards each page shows.
fn render_jobs(
    site: &Site,
    context: &RenderContext,
    jobs: &[Job],
    previous: Option<&PageKeys>,
    finder: Option<&CardFinder>,
    sink: Sink,
) -> Result<(PageKeys, Option<Shown>), RenderFailure> {
    // Each page's key (with `previous`) and the cards it shows (with a `finder`).
    type KeyAndCards = (Option<(String, u64)>, Vec<u32>);
    let hashes = previous.map(|_| context.hashes(site));
    let results: Vec<Result<KeyAndCards, RenderFailure>> = jobs
        .par_iter()
        .map(|job| {
            let source = pages::page_source(site, &context.views, job);
            let cards = finder.map(|f| source.cards(f)).unwrap_or_default();
            let keyed = match (previous, hashes) {
                (Some(previous), Some((hashes, globals))) => {
                    let site_path = job.path(site);
                    let key = source.key(site, &site_path, hashes, *globals);
                    let path = site.config.base_url.output_file(&site_path);
                    if previous.get(&path) == Some(&key) {
                        return Ok((Some((path, key)), cards));
                    }
                    Some((path, key))
                }
                _ => None,
            };
            let page = source.into_context(site, job);
            let file = pages::render_page(site, &context.tera, job, &page).map_err(|err| {
                let describe = job.describe(site);
                RenderFailure::Templates(templates::template_problems(
                    &err,
                    &context.templates,
                    Some(&describe),
                ))
            })?;
            sink(file).map_err(RenderFailure::Write)?;
            Ok((keyed, cards))
        })
        .collect();
    let mut keys = PageKeys::new();
    let mut shown = Vec::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    for (&job, result) in jobs.iter().zip(results) {
        match result {
            Ok((keyed, cards)) => {
                keys.extend(keyed);
                shown.push((job, cards));
            }
            Err(RenderFailure::Write(err)) => return Err(RenderFailure::Write(err)),
            Err(RenderFailure::Templates(found)) => {
                for problem in found {
                    let seen = problems
                        .iter()
                        .any(|p| p.file == problem.file && p.span == problem.span);
                    if !seen {
                        problems.push(problem);
                    }
                }
            }
        }
    }
    if problems.is_empty() {
        let shown = finder.map(|_| shown);
        Ok((keys, shown))
    } else {
        Err(RenderFailure::Templates(problems))
    }
}

/// Renders `files` in parallel; with `previous` keys, only those without a key or whose
/// key changed. Returns the keys of those that have one.
fn render_data_files(
    site: &Site,
    context: &RenderContext,
    files: &[DataFile],
    previous: Option<&PageKeys>,
    link_cached: bool,
    sink: Sink,
) -> Result<PageKeys, RenderFailure> {
    let globals = previous.map(|_| context.hashes(site).1);
    files
        .par_iter()
        .map(|file| {
            let keyed = match (previous, globals) {
                (Some(previous), Some(globals)) => {
                    file.key(site, &context.kit, globals).map(|key| {
                        let path = file.path(site);
                        let same = previous.get(&path) == Some(&key);
                        (path, key, same)
                    })
                }
                _ => None,
            };
            if !keyed.as_ref().is_some_and(|(_, _, same)| *same) {
                sink(file.render(site, context, link_cached))?;
            }
            Ok(keyed.map(|(path, key, _)| (path, key)))
        })
        .collect::<std::io::Result<Vec<_>>>()
        .map(|keys| keys.into_iter().flatten().collect())
        .map_err(RenderFailure::Write)
}

/// The result of rendering in memory: the files rendered, and the keys of the pages
/// looked at.
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub keys: PageKeys,
}

/// Runs `render` with a sink that keeps the files in memory (watch mode compares
/// bytes before writing), and returns them with its result.
pub fn in_memory<T>(render: impl FnOnce(Sink) -> T) -> (Vec<OutputFile>, T) {
    let files = std::sync::Mutex::new(Vec::new());
    let sink = |file: OutputFile| {
        files
            .lock()
            .map_err(|_| std::io::Error::other("a render worker panicked"))?
            .push(file);
        Ok(())
    };
    let result = render(&sink);
    (files.into_inner().unwrap_or_default(), result)
}

/// Keys and files, or the problems of a failed render, with what else it returned.
fn rendered<T>(
    (files, result): (Vec<OutputFile>, Result<(PageKeys, T), RenderFailure>),
) -> Result<(Rendered, T), Vec<Diagnostic>> {
    match result {
        Ok((keys, more)) => Ok((Rendered { files, keys }, more)),
        Err(RenderFailure::Templates(problems)) => Err(problems),
        Err(RenderFailure::Write(err)) => Err(vec![Diagnostic::error("E-render", err.to_string())]),
    }
}

/// Renders what depends on the text of the `edited` briefs after
/// [`crate::link::replace_bodies`] put them in the site: their pages, citation record
/// files (with `citation_files: true`), the feeds that carry them and their redirect
/// pages (`aliases:`), and returns only those pages' keys; notes which cards their
/// pages show when that changed (`shown_changed`: a new `related:` list), and the
/// social cards of `new_cards`.
/// `None` when an edit changed a brief's card (what lists show of it, such as its
/// reading time): then every page needs its key checked with [`render_pages`] and a
/// new context.
pub fn render_edited(
    site: &Site,
    context: &mut RenderContext,
    edited: &[usize],
    (shown_changed, new_cards): (bool, &[usize]),
    previous: &PageKeys,
) -> Option<Result<Rendered, Vec<Diagnostic>>> {
    let (hashes, _) = context.hashes(site);
    let card_changed = |&i: &usize| {
        let card = context.views.card(site, &site.briefs[i]);
        hashes.hash(&card) != hashes.hash(&context.views.cards[i])
    };
    if edited.iter().any(card_changed) {
        return None;
    }
    let jobs: Vec<Job> = edited.iter().map(|&i| Job::Brief(i)).collect();
    let mut files = feeds_and_records(site, edited);
    files.extend(new_cards.iter().map(|&i| DataFile::Card(i)));
    // A few hundred bytes each, written only when they changed (new `aliases:`).
    let redirects = edited
        .iter()
        .flat_map(|&i| aliases::brief_alias_pages(site, i))
        .collect();
    Some(render_noting_cards(
        shown_changed,
        site,
        context,
        &jobs,
        files,
        redirects,
        previous,
    ))
}

/// Renders standalone page `index` after [`crate::link::replace_page`] put its new
/// version in the site (no other page shows its text), and returns its key.
pub fn render_page_edited(
    site: &Site,
    context: &RenderContext,
    index: usize,
    previous: &PageKeys,
) -> Result<Rendered, Vec<Diagnostic>> {
    let jobs = [Job::Page(index)];
    render_chosen(site, context, &jobs, Vec::new(), Vec::new(), previous, None)
        .map(|(rendered, _)| rendered)
}

/// The files that carry the text of the `edited` briefs: the site's feeds (see
/// [`DataFile::site_feeds`]), their topics' feeds and their citation record files (with
/// `citation_files: true`).
fn feeds_and_records(site: &Site, edited: &[usize]) -> Vec<DataFile> {
    let mut files = DataFile::site_feeds(site);
    for &i in edited {
        if site.config.citation_files {
            files.extend([DataFile::CiteBib(i), DataFile::CiteRis(i)]);
        }
        let topics = &site.briefs[i].terms[TaxonomyKind::Topics.index()];
        files.extend(topics.iter().map(|&t| DataFile::TopicFeed(t)));
    }
    files
}

/// Renders, in memory, the pages of `jobs` and the `files` whose key changed (or that
/// have none), with `made` (files made beforehand), and returns those pages' keys; with
/// a `finder`, also the cards each of the pages shows.
fn render_chosen(
    site: &Site,
    context: &RenderContext,
    jobs: &[Job],
    mut files: Vec<DataFile>,
    made: Vec<OutputFile>,
    previous: &PageKeys,
    finder: Option<&CardFinder>,
) -> Result<(Rendered, Option<Shown>), Vec<Diagnostic>> {
    files.sort();
    files.dedup();
    rendered(in_memory(|sink| {
        // Side by side: a patch often renders a few pages and one large file.
        let (pages, data_files) = rayon::join(
            || render_jobs(site, context, jobs, Some(previous), finder, sink),
            || render_data_files(site, context, &files, Some(previous), false, sink),
        );
        let (mut keys, shown) = pages?;
        keys.extend(data_files?);
        for file in made {
            sink(file).map_err(RenderFailure::Write)?;
        }
        Ok((keys, shown))
    }))
}

/// Renders what changed after an edit that changed the cards of the `edited` briefs (a title,
/// subtitle or summary, or a reading time) and nothing else other pages show, once
/// [`RenderContext::replace_cards`] put the cards in place: the pages that show the
/// cards, the briefs' own pages and those of the briefs that cite them (their links
/// show the title), the standalone pages (which may link to them too), the feeds,
/// `graph.json`, the briefs' citation records, social cards and redirect pages.
/// Returns those pages' keys, noting which cards they show when that changed
/// (`shown_changed`, as for [`render_edited`]). `None` when which pages show each card
/// is not known yet (no render of this context checked every page's key).
pub fn render_retitled(
    site: &Site,
    context: &mut RenderContext,
    edited: &[usize],
    shown_changed: bool,
    previous: &PageKeys,
) -> Option<Result<Rendered, Vec<Diagnostic>>> {
    let readers = context.readers.get()?;
    let mut chosen: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
    let mut files = feeds_and_records(site, edited);
    if site.config.base_url.edition.is_empty() {
        files.push(DataFile::Graph);
    }
    let mut made = Vec::new();
    for &index in edited {
        let brief = &site.briefs[index];
        chosen.extend(readers.of(index));
        let citing = brief.backlinks.iter().map(|b| b.from).chain([index]);
        chosen.extend(citing.map(Job::Brief));
        if brief.card.is_some() {
            files.push(DataFile::Card(index));
        }
        made.extend(aliases::brief_alias_pages(site, index));
    }
    chosen.sort_unstable();
    chosen.dedup();
    Some(render_noting_cards(
        shown_changed,
        site,
        context,
        &chosen,
        files,
        made,
        previous,
    ))
}

/// The first page of every topic's list, which shows how topics cite each other.
fn topics_first_pages(site: &Site) -> impl Iterator<Item = Job> {
    let topics = site.taxonomies.get(TaxonomyKind::Topics).terms.len();
    (0..topics).map(|term| Job::Term {
        kind: TaxonomyKind::Topics,
        term,
        number: 0,
    })
}

/// Renders what changed after an edit of topics, regions, tags, authors or series,
/// once [`RenderContext::replace_terms`] put the new terms and cards in place: the
/// edited briefs' pages and the pages that show their cards, the pages of briefs whose
/// related briefs or neighbours in a topic changed, every page of the terms and pairs
/// of topics whose lists changed and the lists of terms, the pages of the series
/// whose parts changed, of their briefs and the list of series, the feeds and citation
/// records that carry the briefs, their social cards, and the sitemap when a page came
/// or went; when regions changed, the search page and the filter choices; when topics
/// changed, the home page, the timeline, `graph.json`, the first pages of the briefs'
/// regions (which group briefs by topic) and, when how topics cite each other changed,
/// the first page of every topic. Notes which cards the pages rendered show. Returns
/// those pages' keys; `None` when which pages show each card is not known yet.
pub fn render_retermed(
    site: &Site,
    context: &mut RenderContext,
    edit: &TermEdit,
    previous: &PageKeys,
) -> Option<Result<Rendered, Vec<Diagnostic>>> {
    let readers = context.readers.get()?;
    let page_size = site.config.page_size;
    let mut chosen: Vec<Job> = edit
        .briefs
        .iter()
        .chain(&edit.related)
        .map(|&b| Job::Brief(b))
        .collect();
    for &index in &edit.briefs {
        chosen.extend(readers.of(index));
    }
    for &(kind, term) in &edit.terms {
        let briefs = site.taxonomies.get(kind).terms[term].briefs.len();
        let pages = link::page_count(briefs, page_size);
        chosen.extend((0..pages).map(|number| Job::Term { kind, term, number }));
    }
    chosen.extend(
        edit.previous_index
            .iter()
            .map(|(kind, _)| Job::Taxonomy(*kind)),
    );
    chosen.extend(edit.neighbours.iter().map(|&b| Job::Brief(b)));
    for &index in &edit.intersections {
        let briefs = site.intersections[index].briefs.len();
        let pages = link::page_count(briefs, page_size);
        chosen.extend((0..pages).map(|number| Job::Intersection { index, number }));
    }
    if edit.topics_changed {
        chosen.extend([Job::Home, Job::Timeline]);
        // A region's first page groups its briefs by topic.
        for &index in &edit.briefs {
            let regions = &site.briefs[index].terms[TaxonomyKind::Regions.index()];
            chosen.extend(regions.iter().map(|&term| Job::Term {
                kind: TaxonomyKind::Regions,
                term,
                number: 0,
            }));
        }
    }
    if edit.topic_citations_changed {
        chosen.extend(topics_first_pages(site));
    }
    // The search page and the list pages' filter choices list the regions.
    let regions_changed = edit
        .terms
        .iter()
        .map(|(kind, _)| kind)
        .chain(edit.previous_index.iter().map(|(kind, _)| kind))
        .any(|&kind| kind == TaxonomyKind::Regions);
    if regions_changed {
        chosen.push(Job::Search);
    }
    // A series' page and its briefs' pages show its parts (a brief that left it is
    // an edited one); the list of series, their counts and which there are.
    if !edit.series.is_empty() || edit.series_now.is_some() {
        chosen.push(Job::SeriesIndex);
    }
    for &series in &edit.series {
        chosen.push(Job::Series(series));
        chosen.extend(site.series[series].briefs.iter().map(|&b| Job::Brief(b)));
    }
    chosen.sort_unstable();
    chosen.dedup();
    let mut files = feeds_and_records(site, &edit.briefs);
    // The feeds of the topics the briefs left.
    files.extend(edit.terms.iter().filter_map(|&(kind, term)| {
        (kind == TaxonomyKind::Topics).then_some(DataFile::TopicFeed(term))
    }));
    if edit.topics_changed && site.config.base_url.edition.is_empty() {
        files.push(DataFile::Graph);
    }
    if regions_changed {
        files.push(DataFile::FilterChoices);
    }
    files.extend(
        edit.briefs
            .iter()
            .filter(|&&b| site.briefs[b].card.is_some())
            .map(|&b| DataFile::Card(b)),
    );
    let mut made = Vec::new();
    if edit.paths_changed {
        made.extend(context.sitemap_now(site));
    }
    Some(render_noting_cards(
        true, site, context, &chosen, files, made, previous,
    ))
}

/// Renders the files of the whole site held since [`RenderContext::hold_site_files`],
/// and stops holding them. `None` when they were not held.
pub fn render_held(
    site: &Site,
    context: &mut RenderContext,
    previous: &PageKeys,
) -> Option<Result<Rendered, Vec<Diagnostic>>> {
    let held = context.held.take()?;
    let context = &*context;
    let (sitemap, rendered) = rayon::join(
        || held.sitemap.then(|| context.sitemap_file(site)),
        || render_chosen(site, context, &[], held.files, Vec::new(), previous, None),
    );
    Some(rendered.map(|(mut rendered, _)| {
        rendered.files.extend(sitemap);
        rendered
    }))
}

/// Like [`render_chosen`] (the files of the whole site left out while they are held),
/// and when `noting`, notes which cards the pages rendered show now.
fn render_noting_cards(
    noting: bool,
    site: &Site,
    context: &mut RenderContext,
    jobs: &[Job],
    mut files: Vec<DataFile>,
    made: Vec<OutputFile>,
    previous: &PageKeys,
) -> Result<Rendered, Vec<Diagnostic>> {
    context.hold(&mut files);
    let finder = noting.then(|| CardFinder::new(&context.views));
    let rendered = render_chosen(site, context, jobs, files, made, previous, finder.as_ref());
    rendered.map(|(rendered, shown)| {
        if let (Some(shown), Some(readers)) = (shown, context.readers.get_mut()) {
            readers.update(shown);
        }
        rendered
    })
}

/// Renders what changed after an edit of links, once [`RenderContext::replace_links`]
/// put in place what it changed: the edited briefs' pages and those of the briefs
/// whose backlinks changed, every topic's first page when how topics cite each other
/// changed, the glossary page when which briefs link to its terms changed, the feeds
/// and citation records that carry the briefs, `graph.json`, and for a brief whose
/// card changed too (`recarded`), the pages that show it and its social card. Returns those pages' keys; `None` when a card changed and which pages
/// show it is not known yet.
pub fn render_relinked(
    site: &Site,
    context: &mut RenderContext,
    edit: &LinkEdit,
    recarded: &[usize],
    previous: &PageKeys,
) -> Option<Result<Rendered, Vec<Diagnostic>>> {
    let mut chosen: Vec<Job> = edit
        .briefs
        .iter()
        .chain(&edit.cited)
        .map(|&b| Job::Brief(b))
        .collect();
    let mut files = feeds_and_records(site, &edit.briefs);
    if site.config.base_url.edition.is_empty() {
        files.push(DataFile::Graph);
    }
    if !recarded.is_empty() {
        let readers = context.readers.get()?;
        for &index in recarded {
            chosen.extend(readers.of(index));
            if site.briefs[index].card.is_some() {
                files.push(DataFile::Card(index));
            }
        }
    }
    if edit.topic_citations_changed {
        chosen.extend(topics_first_pages(site));
    }
    if edit.glossary_changed {
        chosen.push(Job::Glossary);
    }
    chosen.sort_unstable();
    chosen.dedup();
    // The pages of the briefs it now cites show its card among their backlinks.
    Some(render_noting_cards(
        true,
        site,
        context,
        &chosen,
        files,
        Vec::new(),
        previous,
    ))
}
