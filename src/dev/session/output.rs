//! What a session writes after its first build: only the files whose bytes changed
//! (files documents use when their contents changed), and the removal of files the
//! site no longer has.

use std::path::Path;

use hashbrown::HashSet;
use rayon::prelude::*;

use super::Session;
use crate::build::{self, Error};
use crate::link::{Brief, Site};
use crate::load::{StaticContent, StaticFile};
use crate::model::diagnostics::{self, Diagnostic};
use crate::model::output::OutputFile;
use crate::render::assets::{self, DocumentFile};
use crate::render::PageKeys;
use crate::write;

impl Session {
    /// Writes what changed after a relink: files whose bytes changed, static files
    /// after a site-wide reload, and the removal of files that are no longer part of
    /// the site. Each file is replaced atomically.
    pub(super) fn write(
        &mut self,
        files: &[OutputFile],
        static_files: &[StaticFile],
        documents: &[DocumentFile],
        keys: &PageKeys,
    ) -> std::io::Result<(usize, usize)> {
        let out = self.options.out.clone();
        let mut written = self.write_changed(files)?;
        let all_static = std::mem::take(&mut self.static_files_changed);
        for file in static_files {
            let known = self.written.get(&file.output_path).copied();
            if all_static || known.is_none() {
                written += usize::from(self.write_static_if_changed(&out, file, known)?);
            }
        }
        written += self.write_documents(documents)?;
        // Everything the site has now: rendered pages (by key), aliases (re-made every
        // time), static files and the search index.
        let mut current: HashSet<&str> = keys.keys().map(String::as_str).collect();
        current.extend(files.iter().map(|f| f.path.as_str()));
        current.extend(static_files.iter().map(|f| f.output_path.as_str()));
        current.extend(documents.iter().map(|d| d.file.output_path.as_str()));
        current.extend(self.search_paths.values().flatten().map(String::as_str));
        current.extend(self.pdf_keys.keys().map(String::as_str));
        let stale: Vec<String> = self
            .written
            .keys()
            .filter(|p| !current.contains(p.as_str()))
            .cloned()
            .collect();
        drop(current);
        self.remove(&stale)?;
        Ok((written, stale.len()))
    }

    /// Writes the static file `file` unless the output has its bytes: after a
    /// site-wide reload (a template saved) every static file is read again, and most
    /// are as they were. `known` is the hash last written there, 0 for a file the
    /// first build took unread (the output's bytes then tell). Says whether it wrote.
    fn write_static_if_changed(
        &mut self,
        out: &Path,
        file: &StaticFile,
        known: Option<u64>,
    ) -> std::io::Result<bool> {
        let path = &file.output_path;
        if let StaticContent::Cached(_) = file.content {
            // A file of the cache is linked, its bytes never read.
            write::write_static(out, file)?;
            self.written.insert(path.clone(), 0);
            return Ok(true);
        }
        let bytes = file.content.read()?;
        let hash = content_hash(&bytes);
        let same =
            known == Some(hash) || (known == Some(0) && write::output_holds(out, path, &bytes));
        if !same {
            write::write_file(out, path, &bytes)?;
        }
        self.written.insert(path.clone(), hash);
        Ok(!same)
    }

    /// The files the documents of `site` use, attached PDFs included, each with the
    /// version of its contents.
    pub(super) fn document_files(&self, site: &Site) -> Result<Vec<DocumentFile>, Vec<Diagnostic>> {
        let mut files = self.attachments(site, site.briefs.iter());
        files.extend(assets::document_files(site, &self.options.root)?);
        Ok(files)
    }

    /// The files `briefs` attach (`pdf:`, `image:`), each with the version of its
    /// contents.
    fn attachments<'a>(
        &self,
        site: &Site,
        briefs: impl Iterator<Item = &'a Brief>,
    ) -> Vec<DocumentFile> {
        briefs
            .flat_map(|brief| build::attachment_files(site, brief, &self.options.root))
            .map(|(source, file)| DocumentFile {
                file,
                version: self.data.assets.get(source).map_or(0, |a| a.version),
            })
            .collect()
    }

    /// Writes the files documents use whose contents changed since they were last
    /// written (or that were never written).
    fn write_documents(&mut self, documents: &[DocumentFile]) -> std::io::Result<usize> {
        let mut written = 0;
        for document in documents {
            let path = &document.file.output_path;
            if self.written.get(path) != Some(&document.version) {
                write::write_static(&self.options.out, &document.file)?;
                self.written.insert(path.clone(), document.version);
                written += 1;
            }
        }
        Ok(written)
    }

    /// After a patch of the site: writes the files the briefs at `briefs` use or attach
    /// that the output lacks or has in another version, and removes `removed` (site
    /// paths of files beside briefs' pages that they no longer write). Only a relink
    /// writes the files of every document.
    pub(super) fn write_brief_files(
        &mut self,
        site: &Site,
        briefs: &[usize],
        removed: &[String],
    ) -> Result<usize, Error> {
        let root = &self.options.root;
        let mut documents = self.attachments(site, briefs.iter().map(|&i| &site.briefs[i]));
        documents.extend(
            assets::brief_files(site, root, briefs).map_err(|mut found| {
                found.extend(self.warnings.iter().cloned());
                diagnostics::sort(&mut found);
                Error::Content(found)
            })?,
        );
        let written = self
            .write_documents(&documents)
            .map_err(|source| self.write_error(source))?;
        self.remove_site_paths(site, removed)?;
        Ok(written)
    }

    /// Removes the output files of `removed` (site paths of `site`'s edition) and
    /// forgets their keys.
    pub(super) fn remove_site_paths(
        &mut self,
        site: &Site,
        removed: &[String],
    ) -> Result<(), Error> {
        let removed: Vec<String> = removed
            .iter()
            .map(|path| site.config.base_url.output_file(path))
            .collect();
        self.remove(&removed)
            .map_err(|source| self.write_error(source))?;
        for path in &removed {
            self.keys.remove(path);
        }
        Ok(())
    }

    /// Writes the files whose bytes differ from what was last written there.
    pub(super) fn write_changed(&mut self, files: &[OutputFile]) -> std::io::Result<usize> {
        // Hashed and written in parallel: an edit that shifts a long list replaces
        // hundreds of pages, and each write is a system call or three.
        let changed: Vec<(&str, u64)> = files
            .par_iter()
            .map(|file| (file, content_hash(&file.bytes)))
            .filter(|(file, hash)| self.written.get(&file.path) != Some(hash))
            .map(|(file, hash)| {
                write::write_file(&self.options.out, &file.path, &file.bytes)?;
                Ok((file.path.as_str(), hash))
            })
            .collect::<std::io::Result<_>>()
            .inspect_err(|_| {
                // A file that failed is removed rather than left half written, and
                // others may be written: the next rebuild renders and writes each
                // again.
                for file in files {
                    self.written.remove(&file.path);
                    self.keys.remove(&file.path);
                }
            })?;
        for &(path, hash) in &changed {
            self.written.insert(path.to_string(), hash);
        }
        Ok(changed.len())
    }

    pub(super) fn remove(&mut self, paths: &[String]) -> std::io::Result<()> {
        for path in paths {
            write::remove_file(&self.options.out, path)?;
            self.written.remove(path);
        }
        Ok(())
    }
}

/// What the session remembers of a file it wrote, to write it again only when its
/// bytes change.
pub(super) fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The hash remembered for a file a staging folder took: its bytes', or for a file
/// linked from a cache, whose bytes were never read, 0 (which no later write matches,
/// as for static files).
pub(super) fn written_hash(file: &OutputFile) -> u64 {
    if file.cached.is_some() {
        0
    } else {
        content_hash(&file.bytes)
    }
}
