//! `statecraft import hugo SITE DIR`.

use std::path::Path;

use super::document::ImportedSite;
use super::taxonomy::Mapping;
use super::ImportError;

pub fn import(source: &Path, _mapping: &Mapping) -> Result<ImportedSite, ImportError> {
    Err(ImportError::NotAHugoSite(source.to_path_buf()))
}
