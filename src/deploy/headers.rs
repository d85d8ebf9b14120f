//! What each file is served with: its Content-Type, how long it may be cached, and
//! whether it is worth compressing. The same rules give the S3 object headers and the
//! `_headers` file of Netlify and Cloudflare Pages.

/// Cache-Control of files whose name changes with their content: kept for a year,
/// never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Cache-Control of everything else (pages, feeds, `search/index.js`): five minutes,
/// so readers see a new deploy soon after it lands.
pub const SHORT: &str = "public, max-age=300";

/// Whether `path` (relative to the site root, `/`-separated) names its content: theme
/// stylesheets and scripts (`style.<16 hex>.css`) and the search index's files
/// (`search/t/<16 hex>.js`), resized images (`lng.<16 hex>.480w.webp`), the fonts of
/// `typography:` (`fonts/Inter-Bold.<16 hex>.otf`), but not the
/// index's manifest `search/index.js`, which names the others and changes with every
/// build.
pub fn is_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut parts = name.rsplit('.');
    let (Some(extension), Some(hash)) = (parts.next(), parts.next()) else {
        return false;
    };
    let is_hash = |text: &str| text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit());
    if extension == "webp" {
        // A variant: `<stem>.<hash>.<width>w.webp`.
        let width = hash
            .strip_suffix('w')
            .is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()));
        return width && parts.next().is_some_and(is_hash);
    }
    matches!(extension, "css" | "js" | "woff2" | "otf" | "ttf") && is_hash(hash)
}

/// The Cache-Control a file is served with.
pub fn cache_control(path: &str) -> &'static str {
    if is_fingerprinted(path) {
        IMMUTABLE
    } else {
        SHORT
    }
}

/// The Content-Type of a file, from its extension; text types are UTF-8 (statecraft
/// writes every text file in UTF-8).
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name == "atom.xml" {
        return "application/atom+xml; charset=utf-8";
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "bib" => "application/x-bibtex; charset=utf-8",
        "ris" => "application/x-research-info-systems; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/vnd.microsoft.icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "zip" => "application/zip",
        "wasm" => "application/wasm",
        _ if name == "_redirects" || name == "_headers" || name == "CNAME" => {
            "text/plain; charset=utf-8"
        }
        _ => "application/octet-stream",
    }
}

/// Whether compressing the file saves bytes: text, not images, fonts or PDFs (already
/// compressed).
pub fn is_compressible(path: &str) -> bool {
    let kind = content_type(path);
    kind.starts_with("text/")
        || kind.starts_with("image/svg")
        || kind.contains("json")
        || kind.contains("xml")
        || kind.contains("javascript")
        || kind.contains("bibtex")
        || kind.contains("research-info")
}

/// The `_headers` file of Netlify and Cloudflare Pages: fingerprinted files cached for
/// a year (the search index's folders by a wildcard). Only those are listed: both hosts
/// already serve everything else with `max-age=0, must-revalidate`, and a second rule
/// matching the same file would be merged into one contradictory Cache-Control.
/// `base_path` is the site's path on its host (`/` or `/briefs/`).
pub fn headers_file<'a>(base_path: &str, paths: impl IntoIterator<Item = &'a str>) -> String {
    let mut patterns = std::collections::BTreeSet::new();
    for path in paths.into_iter().filter(|p| is_fingerprinted(p)) {
        match path
            .strip_prefix("search/")
            .and_then(|rest| rest.split_once('/'))
        {
            Some((folder, _)) => patterns.insert(format!("{base_path}search/{folder}/*")),
            None => patterns.insert(format!("{base_path}{path}")),
        };
    }
    let mut text = String::from(
        "# Written by statecraft deploy: files whose names carry a hash of their contents\n# are cached for a year; pages, feeds and search/index.js keep the host's default.\n",
    );
    for pattern in patterns {
        text.push_str(&format!("{pattern}\n  Cache-Control: {IMMUTABLE}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprinted_files_are_recognised_by_name() {
        assert!(is_fingerprinted("style.3f2a91c0d4e5b6a7.css"));
        assert!(is_fingerprinted("js/search.0123456789abcdef.js"));
        assert!(is_fingerprinted("search/t/0123456789abcdef.js"));
        assert!(!is_fingerprinted("search/index.js"));
        assert!(!is_fingerprinted("style.css"));
        assert!(!is_fingerprinted("briefs/x/index.html"));
        assert!(!is_fingerprinted("photo.0123456789abcdef.png"));
        assert!(is_fingerprinted("briefs/x/lng.0123456789abcdef.480w.webp"));
        assert!(!is_fingerprinted("briefs/x/lng.480w.webp"));
        assert!(!is_fingerprinted("briefs/x/lng.0123456789abcdef.webp"));
        assert!(is_fingerprinted("fonts/Inter-Bold.0123456789abcdef.woff2"));
        assert!(is_fingerprinted("fonts/Inter-Bold.0123456789abcdef.otf"));
        assert!(!is_fingerprinted("fonts/Inter-Bold.otf"));
    }

    #[test]
    fn types_and_caching() {
        assert_eq!(
            content_type("briefs/x/index.html"),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type("topics/a/atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("a/cite.bib"),
            "application/x-bibtex; charset=utf-8"
        );
        assert_eq!(cache_control("search/index.js"), SHORT);
        assert_eq!(cache_control("atom.xml"), SHORT);
        assert!(is_compressible("sitemap.xml"));
        assert!(!is_compressible("files/report.pdf"));
    }
}
