//! Redirect pages for `aliases:`, so the old addresses of a brief or page keep working.

use super::relative::relative_to_page;
use crate::link::Site;
use crate::model::escape::escape_html;
use crate::model::output::OutputFile;
use crate::model::urls;

/// Redirect pages for `aliases:` of briefs and pages: a meta refresh for browsers and
/// a canonical link for search engines.
pub fn alias_pages(site: &Site) -> Vec<OutputFile> {
    let briefs = site.briefs.iter().map(|b| {
        let meta = &b.parsed.meta;
        (&b.path, &meta.title, &meta.aliases, "brief")
    });
    let pages = site.pages.iter().map(|p| {
        let meta = &p.parsed.meta;
        (&p.path, &meta.title, &meta.aliases, "page")
    });
    let mut files = Vec::new();
    for (path, title, aliases, kind) in briefs.chain(pages) {
        files.extend(
            aliases
                .iter()
                .map(|alias| redirect(site, path, title, &alias.value, kind)),
        );
    }
    files
}

/// The redirect page at `alias` to the page at `path`.
fn redirect(site: &Site, path: &str, title: &str, alias: &str, kind: &str) -> OutputFile {
    let base = &site.config.base_url;
    let canonical = base.absolute(path);
    let mut target = base.local(path);
    if site.config.relative_links {
        target = relative_to_page(&target, &urls::output_file(alias), &base.path);
    }
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting to {title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>This {kind} has moved to <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n",
        lang = escape_html(&site.config.language),
        title = escape_html(title),
        canonical = escape_html(&canonical),
        target = escape_html(&target),
    );
    OutputFile {
        path: urls::output_file(alias),
        bytes: html.into_bytes(),
    }
}
