//! The old site's addresses: which permalink became which brief or page (for links
//! between posts and for redirects), and where its media go: the files the texts show
//! to `site/static/media/`, featured images beside the briefs.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use percent_encoding::percent_decode_str;

use super::super::document::{check_picture, Document, DocumentKind, Download};
use super::super::html::UrlKind;
use super::super::report::Report;
use super::wxr::Item;
use super::{media_path, picture_path};
use crate::model::escape::escape_html;
use crate::model::urls;
use crate::parse::front_matter::normalize_alias;
use crate::parse::front_matter::AttachmentProblem;

/// The folder of WordPress uploads in a site path.
const UPLOADS: &str = "wp-content/uploads/";

/// The old site: its address, its permalinks, and the media found or to download.
pub struct OldSite {
    host: String,
    /// `https://example.org`: the old site's scheme and host, which a link kept
    /// pointing at the old site is given when it was written without them.
    origin: String,
    /// The path the old site lived under (`/` or `/blog/`).
    base_path: String,
    /// A local copy of the uploads folder (`--media`).
    media: Option<PathBuf>,
    /// Old site path (decoded, no slashes at the ends) -> `slug.md`.
    by_path: HashMap<String, String>,
    /// Post id -> `slug.md`.
    by_id: HashMap<String, String>,
    /// Old site path -> the document whose current permalink it is, (kind, post id): a
    /// page's when a post and a page had the same one, as WordPress showed the page.
    /// No old slug's address takes it from them.
    current: HashMap<String, (DocumentKind, String)>,
    /// The site paths of the pages in the new site (`team/`), which no alias may take.
    page_paths: HashSet<String>,
    /// Media the documents use: (local file, place in the site) to copy...
    pub files: Vec<(PathBuf, PathBuf)>,
    /// ...and the others, to download.
    pub downloads: Vec<Download>,
    /// Media the body being converted referred to, kept by [`OldSite::keep_used`] if
    /// its Markdown still uses them: (local file, place, address written), downloads.
    pending_files: Vec<(PathBuf, PathBuf, String)>,
    pending_downloads: Vec<Download>,
    attention: Vec<(String, String)>,
}

/// Where a featured image went (see [`OldSite::picture`]).
#[derive(Debug, PartialEq, Eq)]
pub enum Picture {
    /// Copied from the local uploads: the brief's `image:`, relative to its file.
    Copied(String),
    /// Not in the local uploads (or no `--media`): listed for download.
    Listed,
    /// Not a file of the old site's uploads folder: neither copied nor listed.
    Elsewhere,
    /// A file `image:` cannot name (its path under `briefs/`, and why: not a PNG,
    /// JPEG, WebP or GIF, `..` in its name): neither copied nor listed.
    Refused(String, AttachmentProblem),
}

/// `https://example.org/blog/` from the channel's link (with a final slash).
pub fn base_url(link: &str) -> String {
    let link = link.trim();
    if link.is_empty() {
        return "https://example.org/".to_string();
    }
    format!("{}/", link.trim_end_matches('/'))
}

impl OldSite {
    pub fn new(link: &str, media: Option<PathBuf>) -> OldSite {
        let without_scheme = link.split_once("://").map_or(link, |(_, rest)| rest);
        let (host, path) = without_scheme
            .split_once('/')
            .unwrap_or((without_scheme, ""));
        let path = path.trim_matches('/');
        let scheme = link.split_once("://").map_or("https", |(scheme, _)| scheme);
        OldSite {
            host: host.trim_start_matches("www.").to_ascii_lowercase(),
            origin: format!("{}://{host}", scheme.trim()),
            base_path: if path.is_empty() {
                "/".into()
            } else {
                format!("/{path}/")
            },
            media,
            by_path: HashMap::new(),
            by_id: HashMap::new(),
            current: HashMap::new(),
            page_paths: HashSet::new(),
            files: Vec::new(),
            downloads: Vec::new(),
            pending_files: Vec::new(),
            pending_downloads: Vec::new(),
            attention: Vec::new(),
        }
    }

    /// Records that `item` (a post or page) became the document `slug`, linked to as
    /// [`DocumentKind::link`](super::super::document::DocumentKind::link) writes it.
    /// A link to one of its old addresses (under an old slug) goes to it too, unless a
    /// post or page has that address now. A plain permalink (`/?p=7`) is no address of
    /// its own: such a post is found by its id alone.
    pub fn add_document(&mut self, item: &Item, slug: &str) {
        let kind = super::kind_of(item);
        let target = kind.link(slug);
        if kind == DocumentKind::Page {
            self.page_paths.insert(urls::page(slug));
        }
        let permalink = self.site_path(&item.link);
        if let Some((path, _, _)) = permalink.filter(|(_, query, _)| query.is_empty()) {
            for old in self.old_slug_paths(item, &path) {
                self.by_path.entry(old).or_insert_with(|| target.clone());
            }
            let owner = self
                .current
                .entry(path.clone())
                .or_insert_with(|| (kind, item.id.clone()));
            if kind == DocumentKind::Page && owner.0 != kind {
                *owner = (kind, item.id.clone());
            }
            if owner.1 == item.id {
                self.by_path.insert(path, target.clone());
            }
        }
        self.by_id.insert(item.id.clone(), target);
    }

    /// The path of `url` on the old site (decoded, without slashes at the ends), its
    /// query and fragment; `None` for another site's URL.
    fn site_path(&self, url: &str) -> Option<(String, String, String)> {
        let url = url.trim();
        let (rest, fragment) = url.split_once('#').unwrap_or((url, ""));
        let path = if let Some(after) = rest
            .strip_prefix("//")
            .or_else(|| rest.split_once("://").map(|(_, r)| r))
        {
            let (host, path) = after.split_once('/').unwrap_or((after, ""));
            let host = host.split(['?', ':']).next().unwrap_or(host);
            if host.trim_start_matches("www.").to_ascii_lowercase() != self.host {
                return None;
            }
            format!("/{path}")
        } else if rest.starts_with('/') {
            rest.to_string()
        } else {
            return None;
        };
        let (path, query) = path.split_once('?').unwrap_or((&path, ""));
        let path = path
            .strip_prefix(&self.base_path)
            .or_else(|| path.strip_prefix(self.base_path.trim_end_matches('/')))?;
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        Some((
            decoded.trim_matches('/').to_string(),
            query.to_string(),
            fragment.to_string(),
        ))
    }

    /// What a URL of a body becomes: a link to another post -> `slug.md`; a media file
    /// -> its copy in the site (`/media/...`) when `--media` has it, else unchanged and
    /// listed for download.
    pub fn rewrite(&mut self, url: &str, kind: UrlKind) -> Option<String> {
        let (path, query, fragment) = self.site_path(url)?;
        let with_fragment = |target: &String| {
            if fragment.is_empty() {
                target.clone()
            } else {
                format!("{target}#{fragment}")
            }
        };
        if let Some(relative) = path.strip_prefix(UPLOADS) {
            return self.media_file(url, relative);
        }
        let id = query.split('&').find_map(|pair| {
            pair.strip_prefix("p=")
                .or_else(|| pair.strip_prefix("page_id="))
        });
        if let Some(target) = id.and_then(|id| self.by_id.get(id)) {
            return Some(with_fragment(target));
        }
        // The home page's own queries (a search `?s=gas`, a category `?cat=3`) show no
        // post, whichever document has the home page's address.
        let is_home_query = path.is_empty() && !query.is_empty();
        if let Some(target) = self.by_path.get(&path).filter(|_| !is_home_query) {
            return Some(with_fragment(target));
        }
        if kind == UrlKind::Link && !(path.is_empty() && query.is_empty()) {
            self.attention.push((
                url.to_string(),
                format!("a link to `{url}` of the old site, which has no page here: it still points at the old site"),
            ));
            // Written without the host, it would point at the new site.
            let url = url.trim();
            if url.starts_with('/') && !url.starts_with("//") {
                return Some(format!("{}{url}", self.origin));
            }
        }
        None
    }

    /// A file of the uploads (`relative` to the uploads folder) a body refers to by
    /// `url`: its address in the site if the local copy has it, else `None` (the
    /// body keeps `url`); either way pending until [`OldSite::keep_used`].
    fn media_file(&mut self, url: &str, relative: &str) -> Option<String> {
        if !is_safe(relative) {
            return None;
        }
        let target = media_path(relative);
        if let Some(found) = self.local_copy(relative) {
            let address = format!("/media/{}", relative.replace(' ', "%20"));
            self.pending_files.push((found, target, address.clone()));
            return Some(address);
        }
        self.pending_downloads.push(download(url, target, relative));
        None
    }

    /// The file `relative` to the uploads folder in the local copy (`--media`). Not a
    /// link to a file outside the copy: the site would publish whatever it leads to.
    fn local_copy(&self, relative: &str) -> Option<PathBuf> {
        let media = self.media.as_ref()?;
        let found = media.join(relative);
        let inside = match (found.canonicalize(), media.canonicalize()) {
            (Ok(file), Ok(folder)) => file.starts_with(folder),
            _ => false,
        };
        (inside && found.is_file()).then_some(found)
    }

    /// The featured image at `url`, a file of the uploads: copied beside the briefs
    /// ([`picture_path`]) when the local copy has it, else listed for download to that
    /// place. A brief's picture is not a body's medium: it is placed whether or not a
    /// body shows it too (which then has its own copy in `site/static/media/`).
    pub fn picture(&mut self, url: &str) -> Picture {
        let Some((path, _, _)) = self.site_path(url) else {
            return Picture::Elsewhere;
        };
        let Some(relative) = path.strip_prefix(UPLOADS).filter(|r| is_safe(r)) else {
            return Picture::Elsewhere;
        };
        let (place, image) = picture_path(relative);
        if let Err(problem) = check_picture(&image) {
            return Picture::Refused(image, problem);
        }
        match self.local_copy(relative) {
            Some(found) => {
                self.files.push((found, place));
                Picture::Copied(image)
            }
            None => {
                self.downloads.push(download(url, place, relative));
                Picture::Listed
            }
        }
    }

    /// Keeps, of the media the body just converted referred to, those its Markdown
    /// `text` still uses. The conversion may drop an address it rewrote (a thumbnail
    /// linked to its full-size file becomes a figure of the full-size file); a file no
    /// body uses is neither copied nor listed for download.
    pub fn keep_used(&mut self, text: &str) {
        let uses = |address: &str| text.contains(address) || text.contains(&escape_html(address));
        for (from, to, address) in std::mem::take(&mut self.pending_files) {
            if uses(&address) {
                self.files.push((from, to));
            }
        }
        for download in std::mem::take(&mut self.pending_downloads) {
            if uses(&download.url) {
                self.downloads.push(download);
            }
        }
    }

    /// The old paths of `item`, whose permalink's path is `path`, under its old slugs
    /// (`_wp_old_slug`).
    fn old_slug_paths(&self, item: &Item, path: &str) -> Vec<String> {
        let current = percent_decode_str(&item.slug)
            .decode_utf8_lossy()
            .to_string();
        if current.is_empty() {
            return Vec::new();
        }
        // The slug is the permalink's last part, or its name before an extension
        // (`/2021/04/lng-japan.html`).
        let (stem, extension) = match path.rsplit_once('.') {
            Some((stem, extension)) if !extension.contains('/') => (stem, format!(".{extension}")),
            _ => (path, String::new()),
        };
        let Some(prefix) = stem.strip_suffix(current.as_str()) else {
            return Vec::new();
        };
        item.meta
            .iter()
            .filter(|(key, _)| key == "_wp_old_slug")
            .map(|(_, old_slug)| {
                let old = percent_decode_str(old_slug).decode_utf8_lossy();
                format!("{prefix}{old}{extension}")
            })
            .collect()
    }

    /// Problems found while rewriting the last body.
    pub fn take_attention(&mut self) -> Vec<(String, String)> {
        std::mem::take(&mut self.attention)
    }

    /// The old addresses of `item` that must redirect to `doc`: its permalink and its
    /// permalinks under old slugs (`_wp_old_slug`). An address another document has is
    /// left out and listed: the current permalink of another post or page (a page's,
    /// when a post had the same permalink), or a page's address in the new site.
    pub fn aliases(&self, item: &Item, doc: &Document, report: &mut Report) -> Vec<String> {
        let Some((path, query, _)) = self.site_path(&item.link) else {
            return Vec::new();
        };
        if !query.is_empty() {
            if item.status == "publish" {
                report.count(
                    "plain permalinks (?p=N) that a static site cannot redirect",
                    1,
                );
            }
            return Vec::new();
        }
        let mut paths = vec![path.clone()];
        paths.extend(self.old_slug_paths(item, &path));
        let own = doc.site_path();
        let mut aliases = Vec::new();
        for (n, old) in paths.iter().enumerate() {
            let Ok(alias) = normalize_alias(&format!("/{old}/")) else {
                continue;
            };
            let first = alias.split('/').next().unwrap_or("");
            if alias == own || aliases.contains(&format!("/{alias}")) {
                continue;
            }
            let is_old_slug = n > 0;
            let what = format!(
                "the old address /{alias} of {} {}{}",
                item.post_type,
                item.id,
                if is_old_slug { " (an old slug)" } else { "" }
            );
            let holder = self.current.get(old).filter(|(_, id)| *id != item.id);
            if let Some((kind, id)) = holder {
                let kind = if *kind == DocumentKind::Page {
                    "page"
                } else {
                    "post"
                };
                report.not_converted(format!(
                    "{what} is also the address of {kind} {id}, which keeps it: it does not redirect to {}",
                    doc.path().display()
                ));
                continue;
            }
            if self.page_paths.contains(&alias) {
                report.not_converted(format!(
                    "{what} is the address of a page of the new site, /{alias}: it does not redirect to {}",
                    doc.path().display()
                ));
                continue;
            }
            if urls::RESERVED_SEGMENTS.contains(&first) {
                report.not_converted(format!(
                    "the old address /{alias} is used by Statecraft itself; it cannot redirect to {}",
                    doc.path().display()
                ));
                continue;
            }
            aliases.push(format!("/{alias}"));
        }
        aliases
    }
}

/// Whether a path under the uploads folder stays inside it.
fn is_safe(relative: &str) -> bool {
    !relative.split('/').any(|s| s == ".." || s.is_empty())
}

fn download(url: &str, place: PathBuf, relative: &str) -> Download {
    Download {
        url: url.to_string(),
        place,
        uploads_path: relative.to_string(),
    }
}
