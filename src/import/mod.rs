//! `statecraft import`: an existing archive (a WordPress export, a Hugo site) becomes
//! a Statecraft site in a new folder, with a report of what was converted and what
//! needs a person.
//!
//! In: the archive (read only; nothing in it is changed) and an empty destination
//! folder. Out: the site's files (`site/config.yaml`, `briefs/`, `site/pages/`,
//! `site/static/`), and under `import/` the report, the taxonomy mapping to review and
//! the list of media to download. The same archive and options always give the same
//! files. Runs on its own, on top of the pipeline's stages (it uses `model` for slugs
//! and the URL scheme); a build of the result is the check that it worked.
//!
//! - [`wordpress`]: a WXR export file.
//! - [`hugo`]: a Hugo site's `content/` (and `static/`).
//! - [`document`]: what every importer produces, and the front matter it writes.
//! - [`html`]: HTML bodies to Markdown, kept as HTML where Markdown would lose something.
//! - [`taxonomy`]: the mapping of categories and tags to topics and tags.
//! - [`report`]: the import report.
//! - [`writer`]: writing it all, never over anything that exists.

use std::path::{Path, PathBuf};

pub mod document;
pub mod html;
pub mod hugo;
pub mod report;
pub mod taxonomy;
pub mod wordpress;
pub mod writer;

pub use document::{Document, DocumentKind, ImportedSite};
pub use report::Report;

/// What an import can be asked besides its source and destination.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// A reviewed taxonomy mapping (`import/taxonomy.yaml` of an earlier import).
    pub mapping: Option<PathBuf>,
    /// WordPress: a local copy of the uploads folder (`wp-content/uploads`). Media found
    /// there are copied into the site and their references rewritten (featured images
    /// beside the briefs, named by their `image:`); the others are listed for download.
    pub media: Option<PathBuf>,
}

/// Why an import could not run. Problems with single posts are not errors: they are
/// in the report.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("`{0}` is not empty: an import never writes over an existing site")]
    NotEmpty(PathBuf),
    #[error("cannot read `{path}`: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{path}` is not a WordPress export (WXR): {reason}")]
    NotAnExport { path: PathBuf, reason: String },
    #[error("{}:{line}:{column}: the export is not well-formed XML ({reason}); export it again with Tools → Export in WordPress (a file cut short or edited by hand does this; in XML a `&` in text is written `&amp;`)", .path.display())]
    BrokenExport {
        path: PathBuf,
        line: u32,
        column: u32,
        reason: String,
    },
    #[error("`{}` is inside the Hugo site `{}`: an import never writes into the archive it reads; give a folder outside it", .dir.display(), .archive.display())]
    InsideSource { dir: PathBuf, archive: PathBuf },
    #[error("`{}` is inside the media folder `{}` (`--media`): an import never writes into a folder it reads; give a folder outside it", .dir.display(), .media.display())]
    InsideMedia { dir: PathBuf, media: PathBuf },
    #[error("`{0}` is not a Hugo site: it has no `content/` folder")]
    NotAHugoSite(PathBuf),
    #[error("the taxonomy mapping `{path}` is invalid: {reason}")]
    Mapping { path: PathBuf, reason: String },
    #[error("cannot write `{path}`: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Imports the WordPress export `export` into the new site folder `dir`.
pub fn import_wordpress(
    export: &Path,
    dir: &Path,
    options: &ImportOptions,
) -> Result<Report, ImportError> {
    writer::check_destination(dir)?;
    if let Some(media) = options
        .media
        .as_deref()
        .filter(|m| writer::is_inside(dir, m))
    {
        return Err(ImportError::InsideMedia {
            dir: dir.to_path_buf(),
            media: media.to_path_buf(),
        });
    }
    let mapping = taxonomy::read_mapping(options.mapping.as_deref())?;
    let site = wordpress::import(export, &mapping, options)?;
    writer::write(dir, site)
}

/// Imports the Hugo site at `source` into the new site folder `dir`.
pub fn import_hugo(
    source: &Path,
    dir: &Path,
    options: &ImportOptions,
) -> Result<Report, ImportError> {
    writer::check_destination(dir)?;
    if writer::is_inside(dir, source) {
        return Err(ImportError::InsideSource {
            dir: dir.to_path_buf(),
            archive: source.to_path_buf(),
        });
    }
    let mapping = taxonomy::read_mapping(options.mapping.as_deref())?;
    let site = hugo::import(source, &mapping)?;
    writer::write(dir, site)
}
