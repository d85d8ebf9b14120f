//! What a session reads: which changes affect the whole site, reloading everything
//! (configuration, theme, static files, bibliography, glossary) and re-parsing changed
//! files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::Session;
use crate::build;
use crate::config::{CONFIG_PATH, GLOSSARY_PATH};
use crate::link::Site;
use crate::load::{self, SourceFile};
use crate::model::body::AssetContent;
use crate::model::diagnostics::Diagnostic;
use crate::model::meta::PdfChoice;
use crate::parse::{self, SiteData};
use crate::render;
use crate::Error;

impl Session {
    /// Whether a change to `path` can affect every page: configuration, bibliography,
    /// glossary, author files, translations, templates, theme and static files.
    pub(super) fn is_site_wide(&self, path: &Path) -> bool {
        let theme = self.config.as_ref().map_or("default", |c| c.theme.as_str());
        if load::is_ignored(path) {
            return false;
        }
        let bibliography = self.config.as_ref().map(|c| c.bibliography.path());
        let theme = Path::new("themes").join(theme);
        let folders = [
            Path::new("site/templates"),
            Path::new("site/static"),
            Path::new("site/shortcodes"),
            Path::new("site/i18n"),
            Path::new("site/fonts"),
            Path::new(load::AUTHORS_FOLDER),
            Path::new("site/pdf"),
            &theme,
        ];
        let files = [Path::new(CONFIG_PATH), Path::new(GLOSSARY_PATH)]
            .into_iter()
            .chain(bibliography.as_deref());
        // A folder holding one of them counts too: moved away or in whole (`mv themes
        // elsewhere`), it is one change, for the folder, and none for its files.
        let holds = |inner: &Path| !path.as_os_str().is_empty() && inner.starts_with(path);
        folders.iter().any(|f| path.starts_with(f) || holds(f)) || files.into_iter().any(holds)
    }

    /// `changed` with each folder in it replaced by the files in it now and the
    /// sources the session had in it: a folder moved into the site or out of it (a
    /// bundle dragged into `briefs/`, say) is one event for the folder and none for its
    /// files.
    pub(super) fn with_folders_expanded(&self, changed: &[PathBuf]) -> Vec<PathBuf> {
        let root = &self.options.root;
        let mut expanded = Vec::with_capacity(changed.len());
        for path in changed {
            let metadata = std::fs::metadata(root.join(path)).ok();
            if metadata.as_ref().is_some_and(|m| m.is_dir()) {
                expanded.extend(load::files_under(root, path));
            } else {
                expanded.push(path.clone());
            }
            if !metadata.is_some_and(|m| m.is_file()) {
                expanded.extend(load::paths_inside(&self.briefs, path).cloned());
                expanded.extend(load::paths_inside(&self.pages, path).cloned());
                expanded.extend(self.data.assets.paths_inside(path).map(Path::to_path_buf));
            }
        }
        expanded.sort();
        expanded.dedup();
        expanded
    }

    /// Takes the changes to files briefs and pages use (images, data, attachments
    /// beside them): each is read again, and the briefs and pages using it, and those
    /// that failed (which may have missed it), are added to `to_parse`. Says which
    /// documents use the changed files, if any changed.
    pub(super) fn files_changed(
        &mut self,
        changed: &[PathBuf],
        to_parse: &mut Vec<PathBuf>,
    ) -> FilesChanged {
        let files: Vec<&PathBuf> = changed
            .iter()
            .filter(|p| !load::is_ignored(p) && p.extension().is_none_or(|e| e != "md"))
            .filter(|p| p.starts_with("briefs") || p.starts_with("site/pages"))
            .collect();
        if files.is_empty() || self.config.is_none() {
            return FilesChanged::None;
        }
        let root = self.options.root.clone();
        for path in &files {
            self.data.assets.refresh(&root, path);
        }
        let uses = |source: &Path, names: &[&str]| {
            let folder = source.parent().unwrap_or(Path::new(""));
            files
                .iter()
                .any(|file| names.iter().any(|name| folder.join(name) == **file))
        };
        let shows = |body: &crate::model::body::RenderedMarkdown| {
            files.iter().any(|file| {
                body.assets.iter().any(|asset| match &asset.content {
                    AssetContent::Copy { source, .. } => source == *file,
                    AssetContent::Variant(variant) => variant.source == **file,
                    AssetContent::Bytes(_) => false,
                })
            })
        };
        // A file that went, or a new version that is not an image (a picture named
        // `.png` that is text), leaves a brief attaching it without its attachment:
        // the link stage says so.
        let all_there = files.iter().all(|file| self.data.assets.usable(file));
        let mut shown = false;
        let mut only_shown = true;
        for (path, parsed) in &self.briefs {
            let Ok(brief) = parsed else {
                to_parse.push(path.clone());
                only_shown = false;
                continue;
            };
            // Files the front matter attaches (`pdf:`, `image:`).
            let mut attached: Vec<&str> = Vec::new();
            if let PdfChoice::Attached(pdf) = &brief.meta.pdf {
                attached.push(&pdf.value);
            }
            attached.extend(brief.meta.image.as_ref().map(|i| i.value.as_str()));
            if uses(&brief.source, &attached) {
                // A new version of a file it attaches is copied again with the patch.
                to_parse.push(path.clone());
                shown |= all_there;
                only_shown &= all_there;
            } else if shows(&brief.body) {
                to_parse.push(path.clone());
                shown = true;
            }
        }
        for (path, parsed) in &self.pages {
            if parsed.as_ref().map_or(true, |page| shows(&page.body)) {
                to_parse.push(path.clone());
                only_shown = false;
            }
        }
        to_parse.sort();
        to_parse.dedup();
        // After a failed rebuild the session has no render context: the next one links
        // the site again, and reports what still fails.
        let unbroken = |site: &Site| site.stats.links_broken == 0;
        let unnoticed = self.site.as_ref().is_some_and(unbroken)
            && self.translations.iter().all(|t| unbroken(&t.site))
            && self.render_context.is_some()
            && self.warnings.is_empty();
        match (shown, only_shown) {
            (true, true) => FilesChanged::Shown,
            // Nothing uses the files, and nothing could be mended by one (no link is
            // broken, no document failed or warned, the last rebuild did not fail): no
            // output changes.
            (false, true) if unnoticed => FilesChanged::Unused,
            _ => FilesChanged::Other,
        }
    }

    pub(super) fn reload_everything(&mut self) -> Result<(), Error> {
        let root = self.options.root.clone();
        let config = build::load_config_for(&self.options);
        // Documents saved while the configuration failed were not parsed again.
        let failed_before = std::mem::replace(&mut self.config_failed, config.is_err());
        let config = config?;
        let config_changed = failed_before || self.config.as_ref() != Some(&config);
        let (sources, load_problems) = load::load(&root, &config);
        let (data, data_problems) = SiteData::parse(&sources, None, &config);
        self.kit = Arc::new(build::card_kit(
            &config,
            &sources.fonts,
            &sources.static_files,
            Some(&root),
        ));
        self.load_problems.clear();
        self.load_problems.extend(build::check_brand_images(
            &root,
            &config,
            &sources.static_files,
        ));
        self.static_files = sources.static_files;
        self.pdf_template = sources.pdf_template;
        self.static_files_changed = true;
        // A file that cannot be read is kept as that file's problem, so that fixing
        // the file clears it.
        let mut unreadable: Vec<(PathBuf, Diagnostic)> = Vec::new();
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
        self.load_problems.extend(data_problems);
        // Files briefs show (a static image's size) are read while parsing too.
        let data_changed =
            data.fingerprint != self.data.fingerprint || data.assets != self.data.assets;
        self.data = data;
        if config_changed || data_changed || self.briefs.is_empty() {
            let data = &self.data;
            let drafts = self.options.drafts;
            self.briefs = parse_all(sources.briefs, |f| {
                parse::parse_brief_leniently(f, &config, data, drafts)
            });
            self.pages = parse_all(sources.pages, |f| parse::parse_page(f, &config, data));
        }
        for (file, problem) in unreadable {
            let map_problem = vec![problem];
            if file.starts_with("briefs") {
                self.briefs.insert(file, Err(map_problem.into()));
            } else {
                self.pages.insert(file, Err(map_problem.into()));
            }
        }
        self.config = Some(config);
        Ok(())
    }

    pub(super) fn reparse(&mut self, changed: &[PathBuf]) {
        let Some(config) = self.config.as_ref() else {
            return;
        };
        let root = &self.options.root;
        for path in changed {
            let is_markdown = path.extension().is_some_and(|e| e == "md");
            let ignored = load::is_ignored(path);
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
            let file = load::read_text(root, path);
            if in_briefs {
                let parsed = file.map_err(|d| vec![d].into()).and_then(|f| {
                    parse::parse_brief_leniently(f, config, &self.data, self.options.drafts)
                        .map(Arc::new)
                });
                self.briefs.insert(path.clone(), parsed);
            } else {
                let parsed = file
                    .map_err(|d| vec![d].into())
                    .and_then(|f| parse::parse_page(f, config, &self.data).map(Arc::new));
                self.pages.insert(path.clone(), parsed);
            }
        }
    }
}

fn parse_all<T: Send + Sync, E: Send>(
    files: Vec<SourceFile>,
    parse: impl Fn(SourceFile) -> Result<T, E> + Sync + Send,
) -> BTreeMap<PathBuf, Result<Arc<T>, E>> {
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

/// Which documents use the files a change touched (images, data, attachments beside
/// briefs and pages).
pub(super) enum FilesChanged {
    /// None of them changed.
    None,
    /// Only briefs show or attach them (`image:`, `pdf:`), and none went: those briefs
    /// (parsed again) are patched like saves of theirs.
    Shown,
    /// Nothing uses them, and no broken link or failed document could: nothing to do.
    Unused,
    /// A page shows one, a file a brief attaches went, a new file nothing uses yet
    /// while a link is broken, or a brief that failed may have missed one: the site
    /// is linked again.
    Other,
}
