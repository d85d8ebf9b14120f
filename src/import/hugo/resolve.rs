//! What a Hugo page's body refers to: other pages (by `ref` path or old URL) and
//! files (a bundle's resources, `static/`), resolved against the whole import.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value as Json};

use super::{body, Place, Source};
use crate::import::document::DocumentKind;
use crate::load::slash_path;
use crate::model::urls;

/// Resolves what a body refers to against the other files.
pub(super) struct Resolver<'a> {
    pub places: &'a [Place],
    pub sources: &'a [(Source, Map<String, Json>, String)],
    pub current: &'a Source,
    /// The current page's old URL path, for relative links.
    pub current_old_path: &'a str,
    /// The Hugo site's `baseURL` as written, empty when it has none.
    pub old_base_url: &'a str,
    pub root: &'a Path,
    pub slug: &'a str,
    /// Where a brief bundle's files go (`briefs/<slug>/`): beside the brief, under the
    /// same names, so its references stay as written. Other pages' files go to
    /// `site/static/media/<slug>/`.
    pub bundle_folder: Option<PathBuf>,
    pub files: &'a mut Vec<(PathBuf, PathBuf)>,
    /// Files the body names that are links to a file outside the Hugo site, as the
    /// report names them (`content/posts/b/chart.png`): neither read nor copied.
    pub outside: &'a mut Vec<String>,
}

impl Resolver<'_> {
    /// The page a `ref` argument names (`posts/x.md`, `x`, `/posts/x/`), if known.
    fn referenced(&self, target: &str) -> Option<&Place> {
        let target = target.trim().trim_start_matches('/').trim_end_matches('/');
        let relative_to_current = {
            let folder = self.current.path.rsplit_once('/').map_or("", |(f, _)| f);
            format!("{folder}/{target}")
        };
        let found = self
            .sources
            .iter()
            .zip(self.places)
            .find(|((source, ..), _)| {
                let path = source.path.as_str();
                let without_ext = path.rsplit_once('.').map_or(path, |(p, _)| p);
                let bundle_dir = without_ext.strip_suffix("/index");
                [path, without_ext].contains(&target)
                    || bundle_dir == Some(target)
                    || path == relative_to_current
                    || path.rsplit('/').next() == Some(target)
                    || without_ext.rsplit('/').next() == Some(target)
                    || bundle_dir.and_then(|d| d.rsplit('/').next()) == Some(target)
            })?;
        Some(found.1)
    }
}

impl body::Targets for Resolver<'_> {
    fn reference(&self, target: &str) -> Option<String> {
        let place = self.referenced(target)?;
        Some(place.kind.link(&place.slug))
    }

    fn printed(&self, target: &str, absolute: bool) -> Option<String> {
        let place = self.referenced(target)?;
        // Hugo printed the page's address (`ref` whole, `relref` from its path on): the
        // text shows the page's address in the new site, the one its link goes to,
        // under the same base URL.
        let base = if absolute {
            self.old_base_url
        } else {
            base_path(self.old_base_url)
        };
        let path = match place.kind {
            DocumentKind::Brief => urls::brief(&place.slug),
            DocumentKind::Page => urls::page(&place.slug),
        };
        Some(format!(
            "{}/{}",
            base.trim_end_matches('/'),
            path.trim_start_matches('/')
        ))
    }

    fn old_url(&self, url: &str) -> Option<String> {
        let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
        let absolute = if path.starts_with('/') {
            path.to_string()
        } else {
            resolve_relative(self.current_old_path, path)
        };
        let absolute = absolute.trim_matches('/');
        let by_path = self
            .places
            .iter()
            .find(|p| p.old_path.trim_matches('/') == absolute);
        // A relative link written for another URL layout: the page it names, if any.
        let last = path.trim_matches('/').rsplit('/').next().unwrap_or("");
        let by_name = || {
            (!path.starts_with('/') && !last.is_empty() && !last.contains('.'))
                .then(|| self.places.iter().find(|p| p.slug == last))
                .flatten()
        };
        // A page's new address, which a `ref` to it became before links are rewritten
        // (its old one may differ: `url: /company/`).
        let by_new_address = || {
            self.places
                .iter()
                .find(|p| p.kind.link(&p.slug).trim_matches('/') == absolute)
        };
        let place = by_path.or_else(by_name).or_else(by_new_address)?;
        let mut link = place.kind.link(&place.slug);
        if !fragment.is_empty() {
            link.push('#');
            link.push_str(fragment);
        }
        Some(link)
    }

    fn file(&mut self, src: &str) -> Option<String> {
        let src = src.trim();
        if src.contains("://") {
            return None;
        }
        if let Some(in_static) = src.strip_prefix('/') {
            return (!in_static.split('/').any(|part| part == "..")
                && self.is_site_file(&self.root.join("static").join(in_static)))
            .then(|| src.to_string());
        }
        // A file of the page's bundle, copied with it...
        let in_bundle = self.current.bundle && !src.split('/').any(|part| part == "..");
        let found = self.current.file.parent()?.join(src);
        if !(in_bundle && self.is_site_file(&found)) {
            // ...or of `static/`, named from the page's old address, under which Hugo
            // served both (`../../files/report.pdf` from `/2021/06/x/`).
            let path = resolve_relative(self.current_old_path, src);
            let path = path.trim_matches('/');
            return (!path.is_empty() && self.is_site_file(&self.root.join("static").join(path)))
                .then(|| format!("/{}", path.replace(' ', "%20")));
        }
        if let Some(folder) = &self.bundle_folder {
            self.files.push((found, folder.join(src)));
            return Some(src.replace(' ', "%20"));
        }
        let target = Path::new("site/static/media").join(self.slug).join(src);
        self.files.push((found, target));
        Some(format!("/media/{}/{}", self.slug, src.replace(' ', "%20")))
    }
}

impl Resolver<'_> {
    /// Whether `path` is a file of the Hugo site. A link to a file outside the site is
    /// not: the new site would publish whatever it leads to (it is listed instead).
    fn is_site_file(&mut self, path: &Path) -> bool {
        if !path.is_file() {
            return false;
        }
        if inside(self.root, path) {
            return true;
        }
        let shown = path.strip_prefix(self.root).unwrap_or(path);
        self.outside.push(slash_path(shown));
        false
    }
}

/// Whether the real file of `path` (links followed) is inside the folder `root`.
pub(super) fn inside(root: &Path, path: &Path) -> bool {
    match (path.canonicalize(), root.canonicalize()) {
        (Ok(file), Ok(root)) => file.starts_with(root),
        _ => false,
    }
}

/// The path of a base URL, which Hugo kept in every address it printed:
/// `https://example.org/research/` -> `/research/`; a bare path stays as it is, and no
/// base URL is the site's root (`""`).
fn base_path(base_url: &str) -> &str {
    match base_url.split_once("://") {
        Some((_, after_scheme)) => after_scheme.find('/').map_or("", |at| &after_scheme[at..]),
        None => base_url,
    }
}

/// `../b/` seen from the folder of the page at `page` (`posts/a/`, or `posts/a.html`
/// in the folder `posts/`) -> `posts/b/`.
fn resolve_relative(page: &str, relative: &str) -> String {
    let folder = if page.ends_with('/') {
        page
    } else {
        page.rsplit_once('/').map_or("", |(folder, _)| folder)
    };
    let mut segments: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    format!("/{}/", segments.join("/"))
}
