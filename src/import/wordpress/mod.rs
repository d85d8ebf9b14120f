//! `statecraft import wordpress EXPORT.xml DIR`: a WordPress export (WXR) becomes a
//! site. Posts become briefs and pages pages, with their dates (and time zone),
//! excerpts (or first paragraphs) as summaries, authors in the registry, categories
//! and tags mapped to topics and tags, drafts and private posts as drafts, featured
//! images as the briefs' pictures, and every old permalink as an alias. Bodies are
//! converted to Markdown ([`super::html`]).
//!
//! This file goes over the whole export: what is imported, each one's slug, and the
//! media gathered. [`wxr`] reads the export, [`post`] makes each post or page,
//! [`content`] unwraps the body's WordPress markup, [`links`] rewrites old addresses
//! and places media, [`settings`](mod@settings) writes the configuration.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use super::document::{DocumentKind, ImportedSite};
use super::taxonomy::{self, Mapping};
use super::{ImportError, ImportOptions};
use crate::model::escape::decode_entities;
use crate::model::slug::slugify;
use crate::model::urls;

pub mod content;
pub mod links;
mod post;
mod settings;
pub mod wxr;

use content::Attachment;
use links::OldSite;
use post::document;
use settings::settings;

/// Reads the export at `path` and converts it.
pub fn import(
    path: &Path,
    mapping: &Mapping,
    options: &ImportOptions,
) -> Result<ImportedSite, ImportError> {
    let text = std::fs::read_to_string(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let export = wxr::parse(&text).map_err(|unreadable| match unreadable {
        wxr::Unreadable::Xml {
            line,
            column,
            reason,
        } => ImportError::BrokenExport {
            path: path.to_path_buf(),
            line,
            column,
            reason,
        },
        wxr::Unreadable::NotAnExport(reason) => ImportError::NotAnExport {
            path: path.to_path_buf(),
            reason,
        },
    })?;
    let mut site = convert(&export, mapping, options.media.as_deref());
    site.report.source = path.display().to_string();
    Ok(site)
}

/// Statuses imported as drafts; anything else but `publish` is left out.
const DRAFT_STATUSES: &[&str] = &["draft", "pending", "private", "future"];

/// What a post (a brief) or a page becomes.
fn kind_of(item: &wxr::Item) -> DocumentKind {
    if item.post_type == "page" {
        DocumentKind::Page
    } else {
        DocumentKind::Brief
    }
}

/// Converts a parsed export into a site.
pub fn convert(export: &wxr::Export, mapping: &Mapping, media: Option<&Path>) -> ImportedSite {
    let mut site = ImportedSite::default();
    let attachments = attachments(export);
    let wanted: Vec<&wxr::Item> = export
        .items
        .iter()
        .filter(|i| matches!(i.post_type.as_str(), "post" | "page"))
        .filter(|i| i.status == "publish" || DRAFT_STATUSES.contains(&i.status.as_str()))
        .collect();
    count_left_out(export, &wanted, &mut site);
    let slugs = assign_slugs(&wanted);
    let mut old = OldSite::new(&export.link, media.map(Path::to_path_buf));
    for (item, slug) in wanted.iter().zip(&slugs) {
        old.add_document(item, slug);
    }
    let mut used = BTreeMap::new();
    for (item, slug) in wanted.iter().zip(&slugs) {
        let document = document(
            item,
            slug,
            export,
            mapping,
            &attachments,
            &mut old,
            &mut used,
            &mut site,
        );
        site.documents.push(document);
    }
    site.config = settings(export, mapping, &used, &site.documents);
    site.mapping = taxonomy::mapping_file(mapping, &used);
    site.files = old.files;
    site.files.sort();
    site.files.dedup();
    site.downloads = old.downloads;
    site.downloads.sort();
    site.downloads.dedup();
    // A file listed for two places (a featured image a body shows too) is one file.
    let listed: HashSet<&str> = site.downloads.iter().map(|d| d.url.as_str()).collect();
    site.report
        .count("media files listed for download", listed.len());
    site.report.count("media files copied", site.files.len());
    site
}

fn attachments(export: &wxr::Export) -> BTreeMap<String, Attachment> {
    export
        .items
        .iter()
        .filter(|i| i.post_type == "attachment")
        .map(|i| {
            let attachment = Attachment {
                url: if i.attachment_url.is_empty() {
                    i.guid.clone()
                } else {
                    i.attachment_url.clone()
                },
                title: decode_entities(&i.title),
                parent: i.parent.clone(),
            };
            (i.id.clone(), attachment)
        })
        .collect()
}

/// Counts in the report what is not imported: other post types, trashed posts,
/// comments.
fn count_left_out(export: &wxr::Export, wanted: &[&wxr::Item], site: &mut ImportedSite) {
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut attachments = 0;
    // The archive addresses of the categories and tags the imported posts carry.
    let mut archives: BTreeSet<(&str, &str)> = BTreeSet::new();
    for item in wanted {
        for (domain, slug, _) in &item.terms {
            archives.insert((domain.as_str(), slug.as_str()));
        }
    }
    for item in &export.items {
        let kind = match (item.post_type.as_str(), item.status.as_str()) {
            ("attachment", _) => {
                attachments += 1;
                continue;
            }
            ("post" | "page", status)
                if status == "publish" || DRAFT_STATUSES.contains(&status) =>
            {
                continue
            }
            ("post" | "page", status) => format!("{}s with status `{status}`", item.post_type),
            (other, _) => format!("items of type `{other}`"),
        };
        *skipped.entry(kind).or_default() += 1;
    }
    for (kind, count) in skipped {
        site.report
            .not_converted(format!("{count} {kind} (left out)"));
    }
    if attachments > 0 {
        site.report.not_converted(format!(
            "{attachments} attachment page(s) (WordPress's page of each uploaded file): not redirected; the files the posts use are media of the site"
        ));
    }
    let count = |domain: &str| archives.iter().filter(|(d, _)| *d == domain).count();
    let (categories, tags) = (count("category"), count("post_tag"));
    if categories + tags > 0 {
        site.report.not_converted(format!(
            "the archive addresses of {categories} categor(y/ies) and {tags} tag(s) (`/category/<slug>/`, `/tag/<slug>/`): not redirected; the site lists briefs by topic and tag at `/topics/` and `/tags/` (see `import/taxonomy.yaml`)"
        ));
    }
    let comments: usize = wanted.iter().map(|i| i.comments).sum();
    let commented = wanted.iter().filter(|i| i.comments > 0).count();
    if comments > 0 {
        site.report.not_converted(format!(
            "{comments} approved comment(s) on {commented} post(s): Statecraft sites have no comments; they stay in the export"
        ));
    }
}

/// A unique slug for each item: its WordPress slug (percent-decoded), else its title's.
fn assign_slugs(items: &[&wxr::Item]) -> Vec<String> {
    let mut taken: HashSet<(bool, String)> = HashSet::new();
    items
        .iter()
        .map(|item| {
            let decoded = percent_encoding::percent_decode_str(&item.slug).decode_utf8_lossy();
            let mut base = slugify(&decoded);
            if base.is_empty() {
                base = slugify(&decode_entities(&item.title));
            }
            if base.is_empty() {
                base = format!("post-{}", item.id);
            }
            let is_page = item.post_type == "page";
            if is_page && urls::RESERVED_SEGMENTS.contains(&base.as_str()) {
                base = format!("{base}-page");
            }
            let mut slug = base.clone();
            let mut n = 2;
            while !taken.insert((is_page, slug.clone())) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            slug
        })
        .collect()
}

/// Where media go in the new site: `site/static/media/<path under uploads>`.
pub fn media_path(relative: &str) -> PathBuf {
    Path::new("site/static/media").join(relative)
}

/// Where a featured image goes: beside the briefs (a brief's `image:` is a file in the
/// briefs folder, relative to the brief's file), `briefs/files/<path under uploads>`,
/// so two pictures of the same name never meet; and the value of `image:` naming it
/// from `briefs/<slug>.md`.
pub fn picture_path(relative: &str) -> (PathBuf, String) {
    (
        Path::new("briefs/files").join(relative),
        format!("files/{relative}"),
    )
}
