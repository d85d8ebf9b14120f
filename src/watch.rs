//! Watch mode: the site stays in memory and each change redoes only what it touches.
//!
//! A [`Session`] keeps every parsed brief and page. A changed brief is re-read and
//! re-parsed alone. An edit that nothing else shows (to the text, key findings or
//! recommendations, with the same links and, when linked into, headings; the usual
//! case while writing) patches the last linked site and renders just that brief's
//! page, citation files and feeds. Any other change links the whole site again (in memory; unchanged related
//! briefs are reused) and re-renders the pages whose input hash changed
//! ([`render::PageKeys`]). Files are written only when their bytes changed, and the
//! search index follows the pages. A change to the configuration, a template or a
//! theme file reloads those and re-renders every page, still without re-reading
//! unchanged briefs unless the configuration changed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use rayon::prelude::*;

use crate::config::{Config, CONFIG_PATH};
use crate::diagnostics::{self, Diagnostic};
use crate::glossary::GLOSSARY_PATH;
use crate::link::{LinkOptions, Site};
use crate::parse::{self, ParsedBrief, ParsedPage, SiteData};
use crate::render::{self, OutputFile, PageKeys, RenderContext, Templates};
use crate::source::{self, SourceFile, StaticFile};
use crate::{output, BuildOptions, Error, Timings};

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
    /// The whole site was linked again; false when an edit inside briefs' text only
    /// patched the last site (see [`crate::link::replace_bodies`]).
    pub relinked: bool,
    /// Warnings and notes.
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// Time per stage (`parse` includes re-reading the changed files).
    pub timings: Timings,
}

/// The site in memory, between rebuilds.
pub struct Session {
    options: BuildOptions,
    config: Option<Config>,
    templates: Option<Templates>,
    static_files: Vec<StaticFile>,
    /// Non-Markdown files in `briefs/` (PDF attachments).
    attachments: Vec<PathBuf>,
    /// Static files need writing (after a site-wide reload).
    static_files_changed: bool,
    /// Problems found while loading the theme, static files, bibliography and glossary.
    load_problems: Vec<Diagnostic>,
    /// The bibliography and glossary briefs were parsed against.
    data: SiteData,
    briefs: BTreeMap<PathBuf, Result<Arc<ParsedBrief>, Vec<Diagnostic>>>,
    pages: BTreeMap<PathBuf, Result<Arc<ParsedPage>, Vec<Diagnostic>>>,
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
    /// Warnings of the last successful rebuild, repeated by rebuilds that do not link
    /// again.
    warnings: Vec<Diagnostic>,
    /// The search index's per-brief work, kept for unchanged briefs.
    search: crate::search::Cache,
    /// The search index's files in the output folder.
    search_paths: Vec<String>,
    /// The site changed since the search index was written.
    search_stale: bool,
}

impl Session {
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            config: None,
            templates: None,
            static_files: Vec::new(),
            attachments: Vec::new(),
            static_files_changed: false,
            load_problems: Vec::new(),
            data: SiteData::default(),
            briefs: BTreeMap::new(),
            pages: BTreeMap::new(),
            keys: PageKeys::new(),
            written: HashMap::new(),
            site: None,
            render_context: None,
            warnings: Vec::new(),
            search: crate::search::Cache::default(),
            search_paths: Vec::new(),
            search_stale: false,
        }
    }

    /// Rebuilds after `changed` (paths relative to the site root; empty means build
    /// everything), search index included. On error the output folder keeps the last
    /// good site.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuild, Error> {
        let mut rebuild = self.rebuild_pages(changed)?;
        let search = self.update_search_index()?;
        rebuild.files_written += search.files_written;
        rebuild.files_removed += search.files_removed;
        rebuild.timings.search += search.elapsed;
        rebuild.elapsed += search.elapsed;
        Ok(rebuild)
    }

    /// [`Session::rebuild`] without the search index, which can then follow with
    /// [`Session::update_search_index`]: `watch` reloads the browser in between, as no
    /// page waits for the index. The first build writes the index with the pages.
    pub fn rebuild_pages(&mut self, changed: &[PathBuf]) -> Result<Rebuild, Error> {
        let started = Instant::now();
        let full = self.config.is_none() || changed.iter().any(|p| self.is_site_wide(p));
        if full {
            self.reload_everything()?;
        }
        // After a reload that kept the parsed briefs, the changed ones still need it.
        self.reparse(changed);
        let mut rebuild = match self.rebuild_edited(changed, started)? {
            Some(rebuild) => rebuild,
            None => self.rebuild_linked(started)?,
        };
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
    /// again, and only the briefs' pages, citation files and feeds are rendered.
    /// `None` when the edit needs the whole pipeline.
    fn rebuild_edited(
        &mut self,
        changed: &[PathBuf],
        started: Instant,
    ) -> Result<Option<Rebuild>, Error> {
        let (Some(site), Some(context), Some(templates)) = (
            self.site.as_mut(),
            self.render_context.as_mut(),
            self.templates.as_ref(),
        ) else {
            return Ok(None);
        };
        if changed.is_empty()
            || self
                .warnings
                .iter()
                .any(|w| w.file.as_ref().is_some_and(|f| changed.contains(f)))
        {
            return Ok(None);
        }
        let mut edited = Vec::with_capacity(changed.len());
        for path in changed {
            match self.briefs.get(path) {
                Some(Ok(brief)) if path.starts_with("briefs") => edited.push(Arc::clone(brief)),
                _ => return Ok(None),
            }
        }
        let mut timings = Timings {
            parse: started.elapsed(),
            ..Timings::default()
        };
        let stage = Instant::now();
        let Some(indexes) = crate::link::replace_bodies(site, &edited) else {
            return Ok(None);
        };
        timings.link = stage.elapsed();
        let stage = Instant::now();
        let rendered = match render::render_edited(site, templates, context, &indexes, &self.keys) {
            // What lists show about a brief changed: every page's key needs checking.
            None => return Ok(None),
            Some(Ok(rendered)) => rendered,
            Some(Err(mut problems)) => {
                self.render_context = None;
                problems.extend(self.warnings.iter().cloned());
                diagnostics::sort(&mut problems);
                return Err(Error::Content(problems));
            }
        };
        timings.render = stage.elapsed();
        let stage = Instant::now();
        let files_written = self
            .write_changed(&rendered.files)
            .map_err(|source| self.write_error(source))?;
        self.keys.extend(rendered.keys);
        self.search_stale = true;
        timings.write = stage.elapsed();
        Ok(Some(Rebuild {
            pages_rendered: html_count(&rendered.files),
            files_written,
            diagnostics: self.warnings.clone(),
            timings,
            ..Rebuild::default()
        }))
    }

    /// Links the whole site again and renders every page whose key changed.
    fn rebuild_linked(&mut self, started: Instant) -> Result<Rebuild, Error> {
        // Until this rebuild succeeds, the last render's context is no longer the site's.
        self.render_context = None;
        let mut timings = Timings::default();
        let Some(config) = self.config.clone() else {
            return Err(Error::Content(Vec::new()));
        };
        let mut problems: Vec<Diagnostic> = self.load_problems.clone();
        let mut briefs = Vec::with_capacity(self.briefs.len());
        for parsed in self.briefs.values() {
            match parsed {
                Ok(brief) if brief.meta.draft && !self.options.drafts => {}
                Ok(brief) => briefs.push(Arc::clone(brief)),
                Err(found) => problems.extend(found.iter().cloned()),
            }
        }
        let mut pages = Vec::with_capacity(self.pages.len());
        for parsed in self.pages.values() {
            match parsed {
                Ok(page) => pages.push(Arc::clone(page)),
                Err(found) => problems.extend(found.iter().cloned()),
            }
        }
        timings.parse = started.elapsed();
        let stage = Instant::now();
        let link_options = LinkOptions {
            warn_links: self.options.warn_links,
            previous: self.site.as_ref(),
        };
        let (site, link_problems) = crate::link_site(
            link_options,
            config,
            briefs,
            pages,
            &self.static_files,
            &self.attachments,
            self.data.glossary.as_ref(),
        );
        problems.extend(link_problems);
        diagnostics::sort(&mut problems);
        let (Some(site), Some(templates)) = (site, self.templates.as_ref()) else {
            return Err(Error::Content(problems));
        };
        if problems.iter().any(Diagnostic::is_error) {
            return Err(Error::Content(problems));
        }
        timings.link = stage.elapsed();
        let stage = Instant::now();
        let context = render::RenderContext::new(&site, templates);
        let rendered = render::render_changed(&site, templates, &context, &self.keys).map_err(
            |mut found| {
                found.append(&mut problems);
                diagnostics::sort(&mut found);
                Error::Content(found)
            },
        )?;
        let mut files = rendered.files;
        // The first write makes the whole folder at once, search index included.
        if self.written.is_empty() {
            let (index_files, paths) = render::in_memory(|sink| {
                crate::search::render_index_cached(&site, &mut self.search, &|_| false, sink)
            });
            self.search_paths = paths.map_err(|source| self.write_error(source))?;
            files.extend(index_files);
            timings.search = stage.elapsed();
        } else {
            self.search_stale = true;
        }
        let mut static_files = self.static_files.clone();
        static_files.extend(crate::attachment_files(&site, &self.options.root));
        timings.render = stage.elapsed();
        let stage = Instant::now();
        let (files_written, files_removed) = self
            .write(&files, &static_files, &rendered.keys)
            .map_err(|source| self.write_error(source))?;
        timings.write = stage.elapsed();
        self.keys = rendered.keys;
        self.site = Some(site);
        self.render_context = Some(context);
        self.warnings.clone_from(&problems);
        Ok(Rebuild {
            pages_rendered: html_count(&files),
            files_written,
            files_removed,
            relinked: true,
            diagnostics: problems,
            timings,
            ..Rebuild::default()
        })
    }

    /// Brings the search index up to date with the last rebuilt site: makes the files
    /// whose contents changed (each is named after its contents) and removes those the
    /// index no longer has.
    pub fn update_search_index(&mut self) -> Result<SearchUpdate, Error> {
        let started = Instant::now();
        let Some(site) = self.site.as_ref().filter(|_| self.search_stale) else {
            return Ok(SearchUpdate::default());
        };
        let written = |path: &str| self.written.contains_key(path);
        let (files, paths) = render::in_memory(|sink| {
            crate::search::render_index_cached(site, &mut self.search, &written, sink)
        });
        let paths = paths.map_err(|source| self.write_error(source))?;
        let files_written = self
            .write_changed(&files)
            .map_err(|source| self.write_error(source))?;
        let current: HashSet<&str> = paths.iter().map(String::as_str).collect();
        let stale: Vec<String> = self
            .search_paths
            .iter()
            .filter(|p| !current.contains(p.as_str()))
            .cloned()
            .collect();
        self.remove(&stale)
            .map_err(|source| self.write_error(source))?;
        self.search_paths = paths;
        self.search_stale = false;
        Ok(SearchUpdate {
            files_written,
            files_removed: stale.len(),
            elapsed: started.elapsed(),
        })
    }

    fn write_error(&self, source: std::io::Error) -> Error {
        Error::Write {
            path: self.options.out.clone(),
            source,
        }
    }

    /// Whether a change to `path` can affect every page: configuration, bibliography,
    /// glossary, templates, theme and static files.
    fn is_site_wide(&self, path: &Path) -> bool {
        let theme = self.config.as_ref().map_or("default", |c| c.theme.as_str());
        if path
            .file_name()
            .is_some_and(|n| source::is_ignored_name(&n.to_string_lossy()))
        {
            return false;
        }
        let bibliography = self.config.as_ref().map(|c| c.bibliography.path());
        path == Path::new(CONFIG_PATH)
            || path == Path::new(GLOSSARY_PATH)
            || bibliography.is_some_and(|b| path == b)
            || path.starts_with("site/templates")
            || path.starts_with("site/static")
            || path.starts_with(Path::new("themes").join(theme))
            || (path.starts_with("briefs") && path.extension().is_none_or(|e| e != "md"))
    }

    fn reload_everything(&mut self) -> Result<(), Error> {
        let root = self.options.root.clone();
        let config = crate::load_config_for(&self.options)?;
        let config_changed = self
            .config
            .as_ref()
            .is_none_or(|old| format!("{old:?}") != format!("{config:?}"));
        let (sources, load_problems) = source::load(&root, &config.theme);
        self.static_files = sources.static_files;
        self.attachments = sources.attachments;
        self.static_files_changed = true;
        // A file that cannot be read is kept as that file's problem, so that fixing
        // the file clears it.
        let mut unreadable: Vec<(PathBuf, Diagnostic)> = Vec::new();
        self.load_problems.clear();
        for problem in load_problems {
            match problem.file.clone() {
                Some(file) if file.starts_with("briefs") || file.starts_with("site/pages") => {
                    unreadable.push((file, problem))
                }
                _ => self.load_problems.push(problem),
            }
        }
        match render::load_templates(&sources.templates) {
            Ok(templates) => self.templates = Some(templates),
            Err(found) => {
                self.templates = None;
                self.load_problems.extend(found);
            }
        }
        // Briefs are validated against the configuration (topics, authors, raw HTML)
        // and formatted with the bibliography and glossary, so only a change to one
        // of those re-parses them.
        let (data, data_problems) = SiteData::load(&root, &config);
        self.load_problems.extend(data_problems);
        let data_changed = data.fingerprint != self.data.fingerprint;
        self.data = data;
        if config_changed || data_changed || self.briefs.is_empty() {
            let raw_html = config.markdown.raw_html;
            let data = &self.data;
            self.briefs = parse_all(sources.briefs, |f| {
                parse::parse_brief(f, &config, raw_html, data)
            });
            self.pages = parse_all(sources.pages, |f| parse::parse_page(f, raw_html));
        }
        for (file, problem) in unreadable {
            let map_problem = vec![problem];
            if file.starts_with("briefs") {
                self.briefs.insert(file, Err(map_problem));
            } else {
                self.pages.insert(file, Err(map_problem));
            }
        }
        self.config = Some(config);
        Ok(())
    }

    fn reparse(&mut self, changed: &[PathBuf]) {
        let Some(config) = self.config.as_ref() else {
            return;
        };
        let raw_html = config.markdown.raw_html;
        let root = &self.options.root;
        for path in changed {
            let is_markdown = path.extension().is_some_and(|e| e == "md");
            let ignored = path
                .file_name()
                .is_some_and(|n| source::is_ignored_name(&n.to_string_lossy()));
            if !is_markdown || ignored {
                continue;
            }
            let in_briefs = path.starts_with("briefs");
            let in_pages = path.starts_with("site/pages");
            if !in_briefs && !in_pages {
                continue;
            }
            if !root.join(path).is_file() {
                self.briefs.remove(path);
                self.pages.remove(path);
                continue;
            }
            let file = source::read_text(root, path);
            if in_briefs {
                let parsed = file.map_err(|d| vec![d]).and_then(|f| {
                    parse::parse_brief(f, config, raw_html, &self.data).map(Arc::new)
                });
                self.briefs.insert(path.clone(), parsed);
            } else {
                let parsed = file
                    .map_err(|d| vec![d])
                    .and_then(|f| parse::parse_page(f, raw_html).map(Arc::new));
                self.pages.insert(path.clone(), parsed);
            }
        }
    }

    /// Writes what changed. The first write builds the whole folder atomically, like
    /// `build`; later ones replace single files atomically and remove files that are
    /// no longer part of the site.
    fn write(
        &mut self,
        files: &[OutputFile],
        static_files: &[StaticFile],
        keys: &PageKeys,
    ) -> std::io::Result<(usize, usize)> {
        let out = self.options.out.clone();
        if self.written.is_empty() {
            self.static_files_changed = false;
            output::write_site(&out, files, &self.static_files)?;
            self.written = files
                .iter()
                .map(|f| (f.path.clone(), content_hash(&f.bytes)))
                .collect();
            for file in &self.static_files {
                self.written.insert(file.output_path.clone(), 0);
            }
            return Ok((self.written.len(), 0));
        }
        let mut written = self.write_changed(files)?;
        let all_static = std::mem::take(&mut self.static_files_changed);
        for file in static_files {
            if all_static || !self.written.contains_key(&file.output_path) {
                output::write_static(&out, file)?;
                self.written.insert(file.output_path.clone(), 0);
                written += 1;
            }
        }
        // Everything the site has now: rendered pages (by key), aliases (re-made every
        // time), static files and the search index.
        let mut current: HashSet<&str> = keys.keys().map(String::as_str).collect();
        current.extend(files.iter().map(|f| f.path.as_str()));
        current.extend(static_files.iter().map(|f| f.output_path.as_str()));
        current.extend(self.search_paths.iter().map(String::as_str));
        let stale: Vec<String> = self
            .written
            .keys()
            .filter(|p| !current.contains(p.as_str()))
            .cloned()
            .collect();
        self.remove(&stale)?;
        Ok((written, stale.len()))
    }

    /// Writes the files whose bytes differ from what was last written there.
    fn write_changed(&mut self, files: &[OutputFile]) -> std::io::Result<usize> {
        let mut written = 0;
        for file in files {
            let new_hash = content_hash(&file.bytes);
            if self.written.get(&file.path) != Some(&new_hash) {
                output::write_file(&self.options.out, &file.path, &file.bytes)?;
                self.written.insert(file.path.clone(), new_hash);
                written += 1;
            }
        }
        Ok(written)
    }

    fn remove(&mut self, paths: &[String]) -> std::io::Result<()> {
        for path in paths {
            output::remove_file(&self.options.out, path)?;
            self.written.remove(path);
        }
        Ok(())
    }
}

/// What [`Session::update_search_index`] did.
#[derive(Debug, Clone, Default)]
pub struct SearchUpdate {
    pub files_written: usize,
    pub files_removed: usize,
    pub elapsed: Duration,
}

fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// HTML pages among rendered files (feeds and other data files not counted).
fn html_count(files: &[OutputFile]) -> usize {
    files.iter().filter(|f| f.path.ends_with(".html")).count()
}

fn parse_all<T: Send + Sync>(
    files: Vec<SourceFile>,
    parse: impl Fn(SourceFile) -> Result<T, Vec<Diagnostic>> + Sync + Send,
) -> BTreeMap<PathBuf, Result<Arc<T>, Vec<Diagnostic>>> {
    files
        .into_par_iter()
        .map(|file| {
            let path = file.path.clone();
            (path, parse(file).map(Arc::new))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

/// Watches the site's sources and calls `on_rebuild` after each rebuild (and once for
/// the first build), as soon as the pages are written: the search index follows. Runs until the watcher fails. `poll` uses polling instead of the
/// operating system's notifications (for network drives, WSL2 and containers).
pub fn watch(
    session: &mut Session,
    poll: bool,
    mut on_rebuild: impl FnMut(&Result<Rebuild, Error>),
) -> Result<(), notify::Error> {
    let first = session.rebuild(&[]);
    on_rebuild(&first);
    let root = crate::output::absolute(&session.options.root)
        .unwrap_or_else(|_| session.options.root.clone());
    let (sender, receiver) = mpsc::channel();
    let debounce = Duration::from_millis(50);
    let theme = session
        .config
        .as_ref()
        .map_or("default", |c| c.theme.as_str())
        .to_string();
    let folders = [
        root.join("briefs"),
        root.join("site"),
        root.join("themes").join(theme),
    ];
    // The two watchers differ in type; keep whichever is in use alive for the loop.
    let _guard: Box<dyn std::any::Any> = if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(250));
        let mut debouncer = notify_debouncer_full::new_debouncer_opt::<_, notify::PollWatcher, _>(
            debounce,
            None,
            sender,
            notify_debouncer_full::NoCache,
            config,
        )?;
        for folder in folders.iter().filter(|f| f.is_dir()) {
            debouncer.watch(folder, RecursiveMode::Recursive)?;
        }
        Box::new(debouncer)
    } else {
        let mut debouncer = notify_debouncer_full::new_debouncer(debounce, None, sender)?;
        for folder in folders.iter().filter(|f| f.is_dir()) {
            debouncer.watch(folder, RecursiveMode::Recursive)?;
        }
        Box::new(debouncer)
    };
    for events in receiver {
        let events = match events {
            Ok(events) => events,
            Err(errors) => {
                return Err(errors
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| notify::Error::generic("watch failed")))
            }
        };
        let mut changed: Vec<PathBuf> = events
            .iter()
            .filter(|e| !e.kind.is_access())
            .flat_map(|e| e.paths.iter())
            .filter_map(|p| p.strip_prefix(&root).ok().map(Path::to_path_buf))
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| source::is_ignored_name(&n.to_string_lossy()))
            })
            .collect();
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        let result = session.rebuild_pages(&changed);
        on_rebuild(&result);
        // After a failed rebuild the index stays that of the last good site.
        if result.is_ok() {
            if let Err(err) = session.update_search_index() {
                on_rebuild(&Err(err));
            }
        }
    }
    Ok(())
}
