//! Redirect pages for `aliases:`, so the old addresses of a brief or page keep working,
//! and for each pair of topics written the other way round (`/topics/b+a/` leads to
//! the canonical `/topics/a+b/`).

use super::relative::relative_to_page;
use crate::link::Site;
use crate::model::escape::escape_html;
use crate::model::lang::direction;
use crate::model::output::OutputFile;
use crate::model::taxonomy::TaxonomyKind;

/// Redirect pages for `aliases:` of briefs and pages: a meta refresh for browsers and
/// a canonical link for search engines.
pub fn alias_pages(site: &Site) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = (0..site.briefs.len())
        .flat_map(|index| brief_alias_pages(site, index))
        .collect();
    for page in &site.pages {
        let meta = &page.parsed.meta;
        files.extend(
            meta.aliases
                .iter()
                .map(|alias| redirect(site, &page.path, &meta.title, &alias.value)),
        );
    }
    let topics = &site.taxonomies.get(TaxonomyKind::Topics).terms;
    for intersection in &site.intersections {
        let (a, b) = intersection.topics;
        let title = format!(
            "{} {} {}",
            topics[a].name,
            site.labels.text("and"),
            topics[b].name
        );
        files.push(redirect(
            site,
            &intersection.path,
            &title,
            &intersection.reversed,
        ));
    }
    files
}

/// The redirect page at `alias` to the page at `path`.
/// The redirect pages of brief `index`'s `aliases:` (which show its title).
pub fn brief_alias_pages(site: &Site, index: usize) -> Vec<OutputFile> {
    let brief = &site.briefs[index];
    let meta = &brief.parsed.meta;
    meta.aliases
        .iter()
        .map(|alias| redirect(site, &brief.path, &meta.title, &alias.value))
        .collect()
}

fn redirect(site: &Site, path: &str, title: &str, alias: &str) -> OutputFile {
    let base = &site.config.base_url;
    let canonical = base.absolute(path);
    let mut target = base.local(path);
    let file = base.output_file(alias);
    if site.config.relative_links {
        target = relative_to_page(&target, &file, &base.path);
    }
    let labels = &site.labels;
    let heading = labels.text("redirect.title").replace("{title}", title);
    let moved = labels.text("redirect.moved");
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"{dir}>\n<head>\n<meta charset=\"utf-8\">\n<title>{heading}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>{moved} <a href=\"{target}\">{title}</a></p>\n</body>\n</html>\n",
        lang = escape_html(&site.config.language),
        dir = match direction(&site.config.language) {
            "rtl" => " dir=\"rtl\"",
            _ => "",
        },
        heading = escape_html(&heading),
        moved = escape_html(moved),
        title = escape_html(title),
        canonical = escape_html(&canonical),
        target = escape_html(&target),
    );
    OutputFile {
        path: file,
        bytes: html.into_bytes(),
        cached: None,
    }
}

/// The address a redirect page written by [`alias_pages`] leads to (its canonical
/// link, absolute), or `None` for any other file. `statecraft deploy` reads it to turn
/// aliases into real redirects where the host supports them.
pub fn redirect_target(bytes: &[u8]) -> Option<String> {
    // Redirect pages are a few hundred bytes; anything large is a real page.
    if bytes.len() > 4096 {
        return None;
    }
    let html = std::str::from_utf8(bytes).ok()?;
    if !html.starts_with("<!DOCTYPE html>")
        || !html.contains("<meta http-equiv=\"refresh\" content=\"0; url=")
    {
        return None;
    }
    let start =
        html.find("<link rel=\"canonical\" href=\"")? + "<link rel=\"canonical\" href=\"".len();
    let end = start + html[start..].find('"')?;
    Some(unescape(&html[start..end]))
}

/// Undoes [`escape_html`] (`&amp;` last, so `&amp;lt;` stays `&lt;`).
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_pages_are_told_from_other_pages() {
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting to A &amp; B</title>\n<link rel=\"canonical\" href=\"https://example.org/briefs/a-b/?x=1&amp;y=2\">\n<meta http-equiv=\"refresh\" content=\"0; url=../briefs/a-b/\">\n</head>\n</html>\n";
        assert_eq!(
            redirect_target(page.as_bytes()).as_deref(),
            Some("https://example.org/briefs/a-b/?x=1&y=2")
        );
        let ordinary = page.replace("http-equiv=\"refresh\"", "name=\"robots\"");
        assert_eq!(redirect_target(ordinary.as_bytes()), None);
        assert_eq!(redirect_target(&[b'x'; 5000]), None);
    }
}
