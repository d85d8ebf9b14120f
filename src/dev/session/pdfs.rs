//! The PDFs of a session: after each rebuild, the briefs whose PDF's cache key changed
//! get theirs again (typeset, or from the cache), and PDFs the site no longer has are
//! removed. `watch` does this after the browser has reloaded, so a brief's PDF follows
//! its page without delaying it.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use super::editions::editions;
use super::Session;
use crate::build;
use crate::link::Site;
use crate::load::StaticFile;
use crate::model::diagnostics::{self, Diagnostic};
use crate::render::pdf::Cache;
use crate::write;
use crate::Error;

/// What [`Session::update_pdfs`] did.
#[derive(Debug, Clone, Default)]
pub struct PdfUpdate {
    pub pdfs_typeset: usize,
    pub files_written: usize,
    pub files_removed: usize,
    /// Typst's warnings.
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
}

impl Session {
    /// Brings the PDFs up to date with the last rebuilt site. A PDF that cannot be
    /// typeset is an error; the output keeps its last good version.
    pub fn update_pdfs(&mut self) -> Result<PdfUpdate, Error> {
        let started = Instant::now();
        let Some(site) = self.site.as_ref().filter(|_| self.pdfs_stale) else {
            return Ok(PdfUpdate::default());
        };
        let cache = Cache::open(&self.options.root);
        let editions: Vec<&Site> = editions(site, &self.translations).collect();
        let output = build::make_pdfs(
            &editions,
            &self.pdf_template,
            &self.static_files,
            &self.options.root,
            &cache,
            Some(&self.pdf_keys),
        );
        let out = self.options.out.clone();
        let write_error = |source| Error::Write {
            path: out.clone(),
            source,
        };
        let mut update = PdfUpdate::default();
        for file in &output.files {
            let file = build::pdf_file(file);
            write::write_static(&out, &file).map_err(write_error)?;
            self.written.insert(file.output_path, 0);
            update.files_written += 1;
        }
        update.pdfs_typeset = output.typeset;
        // PDFs the site no longer makes; a failed one keeps its last good version.
        let failed: HashSet<&str> = output.failed.iter().map(String::as_str).collect();
        let gone: Vec<String> = self
            .pdf_keys
            .keys()
            .filter(|path| !output.keys.contains_key(*path) && !failed.contains(path.as_str()))
            .cloned()
            .collect();
        for path in &gone {
            // A brief that now attaches a PDF at the same path: the attachment goes
            // there instead.
            let attachment = self.attachment_at(path);
            match attachment {
                Some(file) => write::write_static(&out, &file).map_err(write_error)?,
                None => {
                    write::remove_file(&out, path).map_err(write_error)?;
                    self.written.remove(path);
                    update.files_removed += 1;
                }
            }
            self.pdf_keys.remove(path);
        }
        self.pdf_keys.extend(output.keys);
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            output.problems.into_iter().partition(Diagnostic::is_error);
        if !errors.is_empty() {
            let mut problems = errors;
            problems.extend(warnings);
            diagnostics::sort(&mut problems);
            return Err(Error::Content(problems));
        }
        self.pdfs_stale = false;
        update.diagnostics = warnings;
        update.elapsed = started.elapsed();
        Ok(update)
    }

    /// The attached PDF written at `path`, if a brief of any edition attaches one there.
    fn attachment_at(&self, path: &str) -> Option<StaticFile> {
        editions(self.site.as_ref()?, &self.translations)
            .flat_map(|site| {
                site.briefs
                    .iter()
                    .flat_map(|brief| build::attachment_files(site, brief, &self.options.root))
            })
            .map(|(_, file)| file)
            .find(|file| file.output_path == path)
    }
}
