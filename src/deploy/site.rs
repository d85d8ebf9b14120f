//! The built site as a deploy sees it: every file of the output folder with a hash of
//! its contents, the redirects its alias pages stand for, and the files a target adds
//! (precompressed copies, `_redirects`, `_headers`, `CNAME`, `.nojekyll`), each with
//! the headers it is served with.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

use super::headers;
use super::manifest::MANIFEST_FILE;
use super::DeployError;
use crate::config::Encoding;
use crate::model::urls;
use crate::render::redirect_target;
use crate::write::MARKER_FILE;

/// A file of the output folder.
#[derive(Debug, Clone)]
pub struct LocalFile {
    /// Relative to the output folder, `/`-separated: `briefs/x/index.html`.
    pub path: String,
    pub source: PathBuf,
    pub hash: u128,
    /// For an alias's redirect page: the path it redirects to (`/briefs/x/`).
    pub redirect: Option<String>,
    /// Whether a text file is UTF-8, as its `Content-Type` says; a page that is not (a
    /// Latin-1 page of `site/static/`) is served without a charset, so that its own
    /// `<meta charset>` is read.
    pub utf8: bool,
}

/// Whether the build in `out` included drafts or scheduled briefs (its marker says so).
pub fn is_preview(out: &Path) -> bool {
    std::fs::read_to_string(out.join(MARKER_FILE))
        .is_ok_and(|marker| marker.contains(crate::write::PREVIEW_MARK))
}

/// The base URL the build in `out` was made for, as its marker records it (`None` for
/// a build of an earlier version, which recorded none).
pub fn built_base_url(out: &Path) -> Option<String> {
    let marker = std::fs::read_to_string(out.join(MARKER_FILE)).ok()?;
    marker
        .lines()
        .find_map(|line| line.strip_prefix(crate::write::BASE_URL_MARK))
        .map(|url| url.trim().to_string())
}

/// Reads every file of the output folder `out` (in parallel) and hashes it. The folder
/// must be a statecraft build: it carries the marker the build writes.
pub fn scan(out: &Path) -> Result<Vec<LocalFile>, DeployError> {
    // Absolute, so that tools run in other folders (git) find the files.
    let out = &crate::write::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    if !out.join(MARKER_FILE).is_file() {
        return Err(DeployError::NotABuild(out.to_path_buf()));
    }
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.map_err(|err| DeployError::Read {
            path: err.path().unwrap_or(out).to_path_buf(),
            source: err.into(),
        })?;
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(out).unwrap_or(entry.path());
            let path = relative.to_string_lossy().replace('\\', "/");
            if path != MARKER_FILE && path != MANIFEST_FILE {
                paths.push((path, entry.path().to_path_buf()));
            }
        }
    }
    paths
        .into_par_iter()
        .map(|(path, source)| {
            let bytes = std::fs::read(&source).map_err(|source_err| DeployError::Read {
                path: source.clone(),
                source: source_err,
            })?;
            let redirect = if path.ends_with(".html") {
                redirect_target(&bytes).map(|url| path_of(&url))
            } else {
                None
            };
            let utf8 = !headers::content_type(&path).ends_with("charset=utf-8")
                || std::str::from_utf8(&bytes).is_ok();
            Ok(LocalFile {
                utf8,
                hash: xxh3_128(&bytes),
                path,
                source,
                redirect,
            })
        })
        .collect()
}

/// The path part of an absolute URL (`https://a.org/briefs/x/` -> `/briefs/x/`).
fn path_of(url: &str) -> String {
    match url.split_once("://") {
        Some((_, rest)) => rest
            .find('/')
            .map_or("/".to_string(), |i| rest[i..].to_string()),
        None => url.to_string(),
    }
}

/// Where an upload's bytes come from.
#[derive(Debug, Clone)]
pub enum Content {
    File(PathBuf),
    Bytes(Arc<Vec<u8>>),
}

/// One file to put at the target, with what it is served with.
#[derive(Debug, Clone)]
pub struct Upload {
    /// Relative to the target's root: `briefs/x/index.html`, `briefs/x/index.html.gz`.
    pub path: String,
    pub content: Content,
    /// Compressed on the way (the source stays as it is).
    pub encode: Option<Encoding>,
    pub content_type: &'static str,
    pub cache_control: &'static str,
    /// `Content-Encoding` when the stored object is compressed (S3 `gzip: true`).
    pub content_encoding: Option<&'static str>,
    /// S3 website redirect (`x-amz-website-redirect-location`).
    pub redirect: Option<String>,
    /// What the manifest records: the content's hash and everything it is served with,
    /// so a change of either sends the file again.
    pub key: String,
    /// Upload order: assets first, then pages, then the files that point at others
    /// (feeds, the sitemap, `search/index.js`), so readers never follow a new link to a
    /// file that is not there yet.
    pub rank: u8,
}

impl Upload {
    /// The bytes to send: the content, compressed when asked.
    pub fn bytes(&self) -> std::io::Result<Vec<u8>> {
        let raw = match &self.content {
            Content::File(path) => std::fs::read(path)?,
            Content::Bytes(bytes) => bytes.as_ref().clone(),
        };
        match self.encode {
            None => Ok(raw),
            Some(Encoding::Gzip) => {
                let mut encoder =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                encoder.write_all(&raw)?;
                encoder.finish()
            }
            Some(Encoding::Brotli) => {
                let mut out = Vec::new();
                let params = brotli::enc::BrotliEncoderParams {
                    quality: 9,
                    ..Default::default()
                };
                brotli::BrotliCompress(&mut raw.as_slice(), &mut out, &params)?;
                Ok(out)
            }
        }
    }
}

/// What a target asks for besides the files themselves.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The site's path on its host (`/`, `/briefs/`), for `_redirects` and `_headers`.
    pub base_path: String,
    /// Store compressible files gzip-compressed in place (S3).
    pub gzip_in_place: bool,
    /// Add precompressed copies beside compressible files (`.gz`, `.br`).
    pub precompress: Vec<Encoding>,
    /// S3 website redirect metadata on alias pages.
    pub redirect_metadata: bool,
    /// Write `_redirects` and `_headers` (Netlify, Cloudflare Pages, GitLab Pages).
    pub host_rules: bool,
    /// Files the target adds: `CNAME`, `.nojekyll`.
    pub extra: Vec<(String, Vec<u8>)>,
}

/// Every upload the target should hold, sorted by path.
pub fn uploads(files: &[LocalFile], layout: &Layout) -> Vec<Upload> {
    let mut by_path: BTreeMap<String, Upload> = BTreeMap::new();
    for file in files {
        // With `_redirects`, a redirect page is left out: Netlify and GitLab Pages
        // serve a file at an address before any rule for it, so the 301 would never
        // be answered (and GitLab cannot force it).
        if layout.host_rules && file.redirect.is_some() {
            continue;
        }
        let compress = layout.gzip_in_place && headers::is_compressible(&file.path);
        // An HTTP header holds ASCII: S3 answers with this value as the `Location`.
        let redirect = file
            .redirect
            .as_deref()
            .filter(|_| layout.redirect_metadata)
            .map(encoded);
        let upload = upload(
            file.path.clone(),
            Content::File(file.source.clone()),
            file.hash,
            compress.then_some(Encoding::Gzip),
            redirect,
            file.utf8,
        );
        if headers::is_compressible(&file.path) {
            for &encoding in &layout.precompress {
                let suffix = match encoding {
                    Encoding::Gzip => "gz",
                    Encoding::Brotli => "br",
                };
                let mut copy = upload.clone();
                copy.path = format!("{}.{suffix}", file.path);
                copy.encode = Some(encoding);
                copy.content_encoding = None;
                copy.key = format!("{}+{suffix}", upload.key);
                by_path.insert(copy.path.clone(), copy);
            }
        }
        by_path.insert(upload.path.clone(), upload);
    }
    let mut extra = layout.extra.clone();
    if layout.host_rules {
        extra.extend(host_rules(files, layout));
    }
    for (path, bytes) in extra {
        let hash = xxh3_128(&bytes);
        let content = Content::Bytes(Arc::new(bytes));
        by_path.insert(path.clone(), upload(path, content, hash, None, None, true));
    }
    by_path.into_values().collect()
}

fn upload(
    path: String,
    content: Content,
    hash: u128,
    encode: Option<Encoding>,
    redirect: Option<String>,
    utf8: bool,
) -> Upload {
    let mut content_type = headers::content_type(&path);
    if !utf8 {
        // `text/html`, not `text/html; charset=utf-8`.
        content_type = content_type.split(';').next().unwrap_or(content_type);
    }
    let cache_control = headers::cache_control(&path);
    let content_encoding = encode.map(|_| "gzip");
    let served_with = format!("{content_type}|{cache_control}|{content_encoding:?}|{redirect:?}");
    let rank = if headers::is_fingerprinted(&path) {
        0
    } else if path.ends_with(".html") {
        2
    } else if path.ends_with(".xml") || path == "search/index.js" || path.starts_with('_') {
        3
    } else {
        1
    };
    Upload {
        key: format!("{hash:032x}-{:016x}", xxh3_64(served_with.as_bytes())),
        path,
        content,
        encode,
        content_type,
        cache_control,
        content_encoding,
        redirect,
        rank,
    }
}

/// `_redirects` (every alias as a 301, after the rules of a `_redirects` the site
/// ships itself, which come first and so win) and `_headers` (the cache rules, after
/// the site's own).
fn host_rules(files: &[LocalFile], layout: &Layout) -> Vec<(String, Vec<u8>)> {
    let own = |name: &str| -> String {
        files
            .iter()
            .find(|f| f.path == name)
            .and_then(|f| std::fs::read_to_string(&f.source).ok())
            .map(|text| format!("{}\n", text.trim_end()))
            .unwrap_or_default()
    };
    let mut redirects = own("_redirects");
    redirects.push_str("# Written by statecraft deploy: the briefs' aliases.\n");
    for file in files {
        if let Some(target) = &file.redirect {
            let from = file.path.strip_suffix("index.html").unwrap_or(&file.path);
            let from = format!("{}{from}", layout.base_path);
            redirects.push_str(&format!("{} {} 301\n", encoded(&from), encoded(target)));
        }
    }
    redirects.push_str(&moved_citation_records(files, &layout.base_path));
    let mut headers_text = own("_headers");
    headers_text.push_str(&headers::headers_file(
        &layout.base_path,
        files.iter().map(|f| f.path.as_str()),
    ));
    vec![
        ("_redirects".to_string(), redirects.into_bytes()),
        ("_headers".to_string(), headers_text.into_bytes()),
    ]
}

/// A path as `_redirects` and S3's redirect metadata take it: spaces and characters
/// beyond ASCII percent-encoded (Netlify matches the encoded request path; a header
/// holds ASCII).
fn encoded(path: &str) -> String {
    const ENCODED: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`');
    percent_encoding::utf8_percent_encode(path, ENCODED).to_string()
}

/// Briefs' `cite.bib` and `cite.ris` used to be files next to their pages; unless the
/// site still writes them (`citation_files: true`), their addresses lead to the page,
/// whose download links now hold the records.
fn moved_citation_records(files: &[LocalFile], base_path: &str) -> String {
    let briefs = urls::BRIEF_LIST;
    let has_briefs = files
        .iter()
        .any(|f| f.path.starts_with(briefs) && f.path.ends_with("/index.html"));
    let has_records = files.iter().any(|f| f.path.ends_with("/cite.bib"));
    if !has_briefs || has_records {
        return String::new();
    }
    let mut rules = String::from("# Citation records moved into the brief pages.\n");
    for file in ["cite.bib", "cite.ris"] {
        rules.push_str(&format!(
            "{base_path}{briefs}:slug/{file} {base_path}{briefs}:slug/ 301\n"
        ));
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, redirect: Option<&str>) -> LocalFile {
        LocalFile {
            path: path.to_string(),
            source: PathBuf::from("/nonexistent"),
            hash: 7,
            redirect: redirect.map(str::to_string),
            utf8: true,
        }
    }

    #[test]
    fn precompressed_copies_and_host_rules() {
        let files = [
            file("index.html", None),
            file("old/index.html", Some("/briefs/x/")),
            file("2024/северный-путь/index.html", Some("/ru/briefs/путь/")),
            file("style.0123456789abcdef.css", None),
            file("report.pdf", None),
        ];
        let layout = Layout {
            base_path: "/".to_string(),
            precompress: vec![Encoding::Gzip, Encoding::Brotli],
            host_rules: true,
            ..Layout::default()
        };
        let all = uploads(&files, &layout);
        let paths: Vec<&str> = all.iter().map(|u| u.path.as_str()).collect();
        assert!(paths.contains(&"index.html.br") && paths.contains(&"index.html.gz"));
        assert!(!paths.contains(&"report.pdf.gz"));
        let redirects = all.iter().find(|u| u.path == "_redirects").unwrap();
        let Content::Bytes(text) = &redirects.content else {
            panic!()
        };
        let text = String::from_utf8_lossy(text);
        assert!(text.contains("/old/ /briefs/x/ 301\n"), "{text}");
        assert!(
            text.contains("/2024/%D1%81%D0%B5%D0%B2%D0%B5%D1%80%D0%BD%D1%8B%D0%B9-%D0%BF%D1%83%D1%82%D1%8C/ /ru/briefs/%D0%BF%D1%83%D1%82%D1%8C/ 301\n"),
            "{text}"
        );
        // The rule answers the alias's address: no page stands in its way.
        assert!(!paths.contains(&"old/index.html"), "{paths:?}");
        assert!(!paths.iter().any(|p| p.starts_with("2024/")), "{paths:?}");
    }

    #[test]
    fn old_citation_record_addresses_lead_to_the_brief() {
        let mut files = vec![file("briefs/x/index.html", None)];
        let rules = moved_citation_records(&files, "/research/");
        assert!(
            rules.contains("/research/briefs/:slug/cite.ris /research/briefs/:slug/ 301\n"),
            "{rules}"
        );
        files.push(file("briefs/x/cite.bib", None));
        assert_eq!(moved_citation_records(&files, "/"), "");
    }

    #[test]
    fn urls_become_paths() {
        assert_eq!(path_of("https://a.org/briefs/x/"), "/briefs/x/");
        assert_eq!(path_of("https://a.org"), "/");
    }
}
