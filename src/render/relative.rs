//! Links relative to each page (`--relative`), so a site works from any folder and
//! when opened from disk (`file://`).

use crate::model::urls;

/// Rewrites the root-relative URLs in `href`, `src`, `srcset`, `poster`, `action` and
/// `cite` attributes of a page at `page_path` (`briefs/x/index.html`) into paths
/// relative to it, for sites opened from any folder or from disk. URLs under
/// `base_path` only; folder URLs get `index.html`, which `file://` needs. Absolute URLs
/// (`https://...`) are left alone.
pub fn relativize(html: &str, page_path: &str, base_path: &str) -> String {
    const SRCSET: &str = " srcset=\"";
    let page_dir = page_folder(page_path);
    let page_dir = page_dir.as_slice();
    let relative = |value: &str| match value
        .strip_prefix(base_path)
        .filter(|_| !value.starts_with("//"))
    {
        Some(target) => relative_url(page_dir, target),
        None => value.to_string(),
    };
    let mut out = String::with_capacity(html.len() + 1024);
    let mut rest = html;
    while let Some((at, name)) = [
        " href=\"",
        " src=\"",
        SRCSET,
        " poster=\"",
        " action=\"",
        " cite=\"",
    ]
    .iter()
    .filter_map(|n| rest.find(n).map(|i| (i + n.len(), *n)))
    .min()
    {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..end];
        if name == SRCSET {
            // Candidates `URL descriptor`, separated by commas.
            let candidates: Vec<String> = value
                .split(',')
                .map(|candidate| {
                    let candidate = candidate.trim();
                    match candidate.split_once(char::is_whitespace) {
                        Some((url, descriptor)) => {
                            format!("{} {}", relative(url), descriptor.trim())
                        }
                        None => relative(candidate),
                    }
                })
                .collect();
            out.push_str(&candidates.join(", "));
        } else {
            out.push_str(&relative(value));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `url` (under `base_path`) as seen from the page at `page_path`; other URLs unchanged.
pub fn relative_to_page(url: &str, page_path: &str, base_path: &str) -> String {
    match url.strip_prefix(base_path) {
        Some(target) => relative_url(&page_folder(page_path), target),
        None => url.to_string(),
    }
}

fn page_folder(page_path: &str) -> Vec<&str> {
    let mut segments: Vec<&str> = page_path.split('/').filter(|s| !s.is_empty()).collect();
    segments.pop();
    segments
}

fn relative_url(page_dir: &[&str], target: &str) -> String {
    let (path, suffix) = match target.find(['#', '?']) {
        Some(i) => (&target[..i], &target[i..]),
        None => (target, ""),
    };
    let mut path = path.to_string();
    if path.is_empty() || path.ends_with('/') {
        path.push_str(urls::INDEX_FILE);
    }
    let segments: Vec<&str> = path.split('/').collect();
    let (target_dir, file) = segments.split_at(segments.len() - 1);
    let common = page_dir
        .iter()
        .zip(target_dir)
        .take_while(|(a, b)| a == b)
        .count();
    let mut relative = "../".repeat(page_dir.len() - common);
    for segment in &target_dir[common..] {
        relative.push_str(segment);
        relative.push('/');
    }
    relative.push_str(file[0]);
    relative.push_str(suffix);
    relative
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_work_from_any_folder() {
        let html = r##"<a href="/briefs/x/#h">x</a><link href="/style.1.css"><a href="https://e.org/a/">e</a><a href="/">home</a><img src="/img/a.png">"##;
        assert_eq!(
            relativize(html, "briefs/y/index.html", "/"),
            r##"<a href="../x/index.html#h">x</a><link href="../../style.1.css"><a href="https://e.org/a/">e</a><a href="../../index.html">home</a><img src="../../img/a.png">"##
        );
        assert_eq!(
            relativize(r##"<a href="/sub/topics/">t</a>"##, "index.html", "/sub/"),
            r##"<a href="topics/index.html">t</a>"##
        );
        assert_eq!(
            relativize(r##"<a href="#top">t</a>"##, "briefs/x/index.html", "/"),
            r##"<a href="#top">t</a>"##
        );
        assert_eq!(
            relativize(r##"<form action="/search/">"##, "briefs/x/index.html", "/"),
            r##"<form action="../../search/index.html">"##
        );
        // A quote's source (the backlinks' `<blockquote cite>`).
        assert_eq!(
            relativize(
                r##"<blockquote cite="/sub/briefs/y/">"##,
                "briefs/x/index.html",
                "/sub/"
            ),
            r##"<blockquote cite="../y/index.html">"##
        );
        // Every candidate of a `srcset` (browsers pick the WebP `<source>` first), and
        // a video's poster.
        assert_eq!(
            relativize(
                r##"<source srcset="/sub/a.1.480w.webp 480w, /sub/briefs/x/b.webp 960w,https://e.org/c.webp 2x"><video poster="/sub/p.png">"##,
                "briefs/x/index.html",
                "/sub/"
            ),
            r##"<source srcset="../../a.1.480w.webp 480w, b.webp 960w, https://e.org/c.webp 2x"><video poster="../../p.png">"##
        );
    }
}
