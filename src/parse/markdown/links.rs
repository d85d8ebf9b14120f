//! Link destinations as authors write them, and the sentence each link sits in (shown
//! as the context of a backlink).

use crate::model::body::{AssetOutput, LinkTarget};

/// Decides whether a link destination is internal, and how it was written. A relative
/// path to a page (`../other/`) is read from `page`, the site path of the page it is on,
/// when there is one.
pub(super) fn classify(dest: &str, is_wiki: bool, page: Option<&str>) -> Option<LinkTarget> {
    let dest = dest.trim();
    if is_wiki {
        if let Some((kind, slug)) = dest.split_once(':') {
            if !kind.is_empty() && kind.chars().all(|c| c.is_ascii_alphabetic()) {
                return Some(LinkTarget::Term {
                    kind: kind.to_ascii_lowercase(),
                    slug: slug.trim().to_string(),
                });
            }
        }
        let (name, anchor) = split_anchor(dest);
        return Some(LinkTarget::Document {
            name: name.trim().trim_end_matches(".md").to_string(),
            anchor,
            query: String::new(),
        });
    }
    if let Some(suggestion) = mistyped_scheme(dest) {
        return Some(LinkTarget::MistypedScheme { suggestion });
    }
    if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") {
        return None;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Some(LinkTarget::Anchor(anchor.to_string()));
    }
    let (path, anchor) = split_anchor(dest);
    // A query (`/search/?q=japan`) is kept in the link; the path alone is checked.
    let (path, query) = match path.find('?') {
        Some(at) => (&path[..at], path[at..].to_string()),
        None => (path, String::new()),
    };
    if path.ends_with(".md") {
        let file = path.rsplit('/').next().unwrap_or(path);
        // Editors write a file's name percent-encoded in a link (`My%20Brief.md`, since
        // a link's address cannot hold a space): the name is the decoded one.
        let file = percent_encoding::percent_decode_str(file)
            .decode_utf8()
            .unwrap_or(std::borrow::Cow::Borrowed(file));
        return Some(LinkTarget::Document {
            name: file.trim_end_matches(".md").to_string(),
            anchor,
            query,
        });
    }
    if path.starts_with('/') {
        return Some(LinkTarget::SitePath {
            path: path.to_string(),
            anchor,
            query,
        });
    }
    // A relative path to a file (`images/lng.png`, `data.csv#x`): beside the document.
    let end = dest.find(['?', '#']).unwrap_or(dest.len());
    let (file, suffix) = dest.split_at(end);
    if is_file_name(file) {
        return Some(LinkTarget::Asset {
            output: AssetOutput::Beside(file.to_string()),
            suffix: suffix.to_string(),
        });
    }
    // A relative path to a page (`../other/`, `annex/`): the site path it names from
    // this page, checked like one written so. Not `java\tscript:x`, which a browser
    // reads with a scheme (it drops tabs and line breaks): a relative path's first
    // segment has no `:` (RFC 3986, 4.2), and no path has control characters.
    let first = path.split('/').next().unwrap_or(path);
    if first.contains(':') || path.chars().any(|c| c.is_control()) {
        return None;
    }
    let path = from_page(page?, path)?;
    Some(LinkTarget::SitePath {
        path,
        anchor,
        query,
    })
}

/// Decides whether the source of an image (or a video, a sound...) is internal. Unlike
/// a link's, a relative source always names a file beside the document, with or
/// without an extension (`chart`, `../../etc/passwd`): it is checked like `chart.png`
/// rather than left unchecked.
pub(super) fn classify_file(dest: &str) -> Option<LinkTarget> {
    let target = classify(dest, false, None);
    let dest = dest.trim();
    let relative = !dest.is_empty()
        && !dest.starts_with(['#', '?', '/'])
        && !has_scheme(dest)
        && !dest.chars().any(|c| c.is_control());
    if target.is_some() || !relative {
        return target;
    }
    let end = dest.find(['?', '#']).unwrap_or(dest.len());
    let (file, suffix) = dest.split_at(end);
    Some(LinkTarget::Asset {
        output: AssetOutput::Beside(file.to_string()),
        suffix: suffix.to_string(),
    })
}

/// The site path (`/briefs/other/`) that `relative` (`../other/`) names from the page at
/// site path `page` (`briefs/x/`, a folder's index), as a browser reads it; `None` when it
/// climbs out of the site (which may sit under a sub-path of its host) or is empty.
fn from_page(page: &str, relative: &str) -> Option<String> {
    if relative.is_empty() {
        return None;
    }
    // The page's folder: the page itself when its path ends with `/`.
    let mut segments: Vec<&str> = page.split('/').collect();
    segments.pop();
    let mut parts = relative.split('/').peekable();
    while let Some(part) = parts.next() {
        let last = parts.peek().is_none();
        match part {
            "." if last => segments.push(""),
            "." => {}
            ".." => {
                segments.pop()?;
                if last {
                    segments.push("");
                }
            }
            _ => segments.push(part),
        }
    }
    Some(format!("/{}", segments.join("/")))
}

/// Whether a relative path names a file: its last segment has an extension
/// (`images/lng.png`, `../data.csv`), unlike a folder (`about/`) or a page (`other`).
fn is_file_name(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, extension)) => {
            !stem.is_empty()
                && !extension.is_empty()
                && extension.chars().all(|c| c.is_ascii_alphanumeric())
        }
        None => false,
    }
}

fn split_anchor(dest: &str) -> (&str, Option<String>) {
    match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (dest, None),
    }
}

/// Schemes people link with on purpose; anything else close to `http:`/`https:` is a typo.
const KNOWN_SCHEMES: &[&str] = &[
    "http",
    "https",
    "mailto",
    "tel",
    "ftp",
    "ftps",
    "sftp",
    "ssh",
    "git",
    "file",
    "data",
    "irc",
    "ircs",
    "news",
    "nntp",
    "sms",
    "geo",
    "urn",
    "doi",
    "callto",
    "xmpp",
    "webcal",
    "magnet",
    "fax",
    "ws",
    "wss",
    "javascript",
    "about",
];

/// The scheme a destination was probably meant to have, when its own is mistyped:
/// `htps://x`, `hhtp://x`, `https//x`, `http:/x`, `mailt:a@b`.
fn mistyped_scheme(dest: &str) -> Option<&'static str> {
    let lower = dest.to_ascii_lowercase();
    for scheme in ["https", "http"] {
        let missing_colon = lower
            .strip_prefix(scheme)
            .is_some_and(|r| r.starts_with("//"));
        let one_slash = lower
            .strip_prefix(scheme)
            .and_then(|r| r.strip_prefix(':'))
            .is_some_and(|r| !r.starts_with("//"));
        if missing_colon || one_slash {
            return Some(if scheme == "https" { "https:" } else { "http:" });
        }
    }
    let (scheme, _) = lower.split_once(':')?;
    let is_scheme = !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !is_scheme || KNOWN_SCHEMES.contains(&scheme) {
        return None;
    }
    [
        ("http", "http:"),
        ("https", "https:"),
        ("mailto", "mailto:"),
    ]
    .into_iter()
    .map(|(known, suggestion)| {
        (
            strsim::damerau_levenshtein(scheme, known),
            known,
            suggestion,
        )
    })
    .filter(|(distance, known, _)| *distance <= if *known == "mailto" { 1 } else { 2 })
    .min_by_key(|(distance, ..)| *distance)
    .map(|(.., suggestion)| suggestion)
}

fn has_scheme(dest: &str) -> bool {
    match dest.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !scheme.contains('/')
        }
        None => false,
    }
}

/// URL schemes an untrusted brief may link to; any other scheme (`javascript:`,
/// `data:`, `vbscript:`...) could run script or mislead, and is left out.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Whether `dest` is a relative address or uses a scheme of [`SAFE_SCHEMES`], read as
/// browsers read it: ASCII tabs and line breaks removed, leading spaces and control
/// characters ignored, the scheme in any letter case.
pub(super) fn is_safe_url(dest: &str) -> bool {
    let cleaned: String = dest
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_start_matches(|c: char| c <= ' ');
    let scheme_end = cleaned.find([':', '/', '?', '#']);
    match scheme_end {
        Some(end) if cleaned[end..].starts_with(':') => {
            let scheme = cleaned[..end].to_ascii_lowercase();
            SAFE_SCHEMES.contains(&scheme.as_str())
        }
        _ => true,
    }
}

/// The sentences of a block of text, found once for all the links in it.
pub(super) struct Sentences<'a> {
    text: &'a str,
    /// Byte positions just after each sentence end.
    ends: Vec<usize>,
}

impl<'a> Sentences<'a> {
    pub(super) fn new(text: &'a str) -> Sentences<'a> {
        Sentences {
            text,
            ends: sentence_ends(text),
        }
    }

    /// The sentence that contains byte `position`, cut to 320 characters.
    pub(super) fn around(&self, position: usize) -> String {
        let text = self.text;
        let position = position.min(text.len());
        let after = self.ends.partition_point(|&e| e <= position);
        let start = after.checked_sub(1).map_or(0, |i| self.ends[i]);
        let end = self.ends.get(after).copied().unwrap_or(text.len());
        let sentence = text[start..end].trim();
        match sentence.char_indices().nth(320) {
            Some(_) => {
                let cut = sentence
                    .char_indices()
                    .nth(317)
                    .map_or(sentence, |(i, _)| &sentence[..i]);
                format!("{}…", cut.trim_end())
            }
            None => sentence.to_string(),
        }
    }
}

/// Byte positions just after each sentence end: `.`, `!` or `?` followed by a space and
/// not closing a capital-letter abbreviation such as "U.S.".
fn sentence_ends(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut ends = Vec::new();
    for i in 0..chars.len() {
        let (at, c) = chars[i];
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let followed_by_space = chars.get(i + 1).is_none_or(|(_, n)| n.is_whitespace());
        let abbreviation = c == '.' && i > 0 && chars[i - 1].1.is_uppercase();
        if followed_by_space && !abbreviation {
            ends.push(at + c.len_utf8());
        }
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_schemes_are_safe() {
        for safe in [
            "https://e.org",
            "HTTP://e.org",
            "mailto:a@b.org",
            "tel:+1",
            "other.md",
            "/briefs/x/",
            "#h",
            "a/b:c",
            "?q=1:2",
        ] {
            assert!(is_safe_url(safe), "{safe}");
        }
        for unsafe_url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:x",
            "\u{1}javascript:x",
            "java\tscript:x",
            "jav\nascript:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert!(!is_safe_url(unsafe_url), "{unsafe_url:?}");
        }
    }

    #[test]
    fn relative_paths_to_pages_are_read_from_the_page() {
        let from_brief = |dest: &str| match classify(dest, false, Some("briefs/x/")) {
            Some(LinkTarget::SitePath {
                path,
                anchor,
                query,
            }) => Some((path, anchor, query)),
            _ => None,
        };
        let path = |p: &str| Some((p.to_string(), None, String::new()));
        assert_eq!(from_brief("../other/"), path("/briefs/other/"));
        assert_eq!(from_brief("../other"), path("/briefs/other"));
        assert_eq!(from_brief("annex/"), path("/briefs/x/annex/"));
        assert_eq!(from_brief("./annex/../"), path("/briefs/x/"));
        assert_eq!(from_brief(".."), path("/briefs/"));
        assert_eq!(from_brief("../../topics/"), path("/topics/"));
        assert_eq!(
            from_brief("../other/?q=a#part"),
            Some((
                "/briefs/other/".to_string(),
                Some("part".to_string()),
                "?q=a".to_string()
            ))
        );
        // Out of the site (which may sit under a sub-path of its host): not checked.
        assert_eq!(from_brief("../../../elsewhere/"), None);
        // From a page at the top of the site.
        assert_eq!(
            classify("briefs/x/", false, Some("about/")),
            classify("/about/briefs/x/", false, None)
        );
        // Addresses a browser reads with a scheme are no paths.
        assert_eq!(from_brief("java\tscript:alert(1)"), None);
        assert_eq!(from_brief("x:y/z/"), None);
        // Without a page (a menu entry of the configuration): left as written.
        assert_eq!(classify("../other/", false, None), None);
    }

    #[test]
    fn relative_files_are_assets() {
        let asset = |dest: &str| match classify(dest, false, None) {
            Some(LinkTarget::Asset {
                output: AssetOutput::Beside(file),
                suffix,
            }) => Some((file, suffix)),
            _ => None,
        };
        assert_eq!(
            asset("images/lng.png"),
            Some(("images/lng.png".into(), String::new()))
        );
        assert_eq!(
            asset("report.pdf#page=2"),
            Some(("report.pdf".into(), "#page=2".into()))
        );
        for not_a_file in ["about/", "other", "#x", ".hidden", "?q=a.b", "a.b/c"] {
            assert_eq!(asset(not_a_file), None, "{not_a_file}");
        }
    }

    #[test]
    fn relative_media_sources_are_files_with_or_without_an_extension() {
        let file = |dest: &str| match classify_file(dest) {
            Some(LinkTarget::Asset {
                output: AssetOutput::Beside(file),
                ..
            }) => Some(file),
            _ => None,
        };
        assert_eq!(file("chart"), Some("chart".into()));
        assert_eq!(file("../../etc/passwd"), Some("../../etc/passwd".into()));
        assert_eq!(file("images/map.png"), Some("images/map.png".into()));
        for not_beside in [
            "https://x.org/a.png",
            "//cdn.org/a",
            "/media/a.png",
            "#x",
            "",
        ] {
            assert_eq!(file(not_beside), None, "{not_beside}");
        }
    }

    #[test]
    fn mistyped_schemes_are_caught() {
        for (dest, suggestion) in [
            ("htps://example.org", "https:"),
            ("hhtp://example.org", "http:"),
            ("https//example.org", "https:"),
            ("http:/example.org", "http:"),
            ("mailt:a@example.org", "mailto:"),
        ] {
            assert_eq!(mistyped_scheme(dest), Some(suggestion), "{dest}");
        }
        for fine in [
            "https://x.org",
            "mailto:a@b.org",
            "tel:+1",
            "ws://x",
            "/a/",
            "a.md",
            "x:y",
        ] {
            assert_eq!(mistyped_scheme(fine), None, "{fine}");
        }
    }

    #[test]
    fn sentences_skip_abbreviations() {
        let text = "The U.S. Navy sails. Japan watches [here] closely! Done.";
        let pos = text.find("[here]").unwrap();
        assert_eq!(
            Sentences::new(text).around(pos),
            "Japan watches [here] closely!"
        );
    }
}
