//! The files documents use, as files of the output: copies of the images, data and
//! downloads beside briefs and pages, the CSV of charts written inline, and resized
//! images (from the [`ImageCache`], made there first when missing).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use xxhash_rust::xxh3::xxh3_64;

use super::images::ImageCache;
use crate::link::Site;
use crate::load::{StaticContent, StaticFile};
use crate::model::body::{AssetContent, AssetOutput, AssetUse, ImageVariant};
use crate::model::diagnostics::Diagnostic;
use crate::model::urls;

/// A file documents use, with a version that changes when its contents do (a watch
/// session writes it again then).
pub struct DocumentFile {
    pub file: StaticFile,
    pub version: u64,
}

/// Every file the documents of `site` (at `root`) use, resized images made first.
/// Files used by several documents at one path (resized copies of a static image) are
/// listed once.
pub fn document_files(site: &Site, root: &Path) -> Result<Vec<DocumentFile>, Vec<Diagnostic>> {
    let documents = site
        .briefs
        .iter()
        .map(|b| (b.path.as_str(), &b.parsed.body.assets))
        .chain(
            site.pages
                .iter()
                .map(|p| (p.path.as_str(), &p.parsed.body.assets)),
        );
    files_of(site, root, documents)
}

/// The files the briefs at `indexes` in `site` use, as [`document_files`] gives them.
pub fn brief_files(
    site: &Site,
    root: &Path,
    indexes: &[usize],
) -> Result<Vec<DocumentFile>, Vec<Diagnostic>> {
    let briefs = indexes.iter().map(|&i| &site.briefs[i]);
    files_of(
        site,
        root,
        briefs.map(|b| (b.path.as_str(), &b.parsed.body.assets)),
    )
}

/// The files `documents` (each the site path of its page and the files it uses) use.
fn files_of<'a>(
    site: &Site,
    root: &Path,
    documents: impl Iterator<Item = (&'a str, &'a Vec<AssetUse>)>,
) -> Result<Vec<DocumentFile>, Vec<Diagnostic>> {
    let mut files: BTreeMap<String, &AssetUse> = BTreeMap::new();
    for (page, assets) in documents {
        for asset in assets.iter() {
            // Beside a page is inside its edition's folder; site paths are shared.
            let path = match &asset.output {
                AssetOutput::Beside(_) => site
                    .config
                    .base_url
                    .output_file(&urls::asset(page, &asset.output)),
                AssetOutput::Site(_) => urls::asset(page, &asset.output),
            };
            files.entry(path).or_insert(asset);
        }
    }
    let cache = ImageCache::new(root, site.config.images.quality);
    let variants: Vec<&ImageVariant> = files
        .values()
        .filter_map(|asset| match &asset.content {
            AssetContent::Variant(variant) => Some(variant),
            _ => None,
        })
        .collect();
    cache.prepare(root, &variants)?;
    Ok(files
        .into_iter()
        .map(|(path, asset)| {
            let (content, version) = match &asset.content {
                AssetContent::Copy { source, version } => {
                    (StaticContent::Disk(root.join(source)), *version)
                }
                AssetContent::Bytes(bytes) => (
                    StaticContent::Bytes(Cow::Owned(bytes.clone())),
                    xxh3_64(bytes),
                ),
                // The name carries the original's hash. A copy in the cache is
                // hard-linked into the output where the file system allows, like a
                // cached PDF: a warm build copies no image bytes.
                AssetContent::Variant(variant) => (StaticContent::Cached(cache.path(variant)), 1),
            };
            DocumentFile {
                file: StaticFile {
                    name: path.clone(),
                    output_path: path,
                    content,
                },
                version,
            }
        })
        .collect())
}
