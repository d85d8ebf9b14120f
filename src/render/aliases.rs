//! Redirect pages for `aliases:`, so the old addresses of a brief keep working.

use super::relative::relative_to_page;
use crate::link::Site;
use crate::model::escape::escape_html;
use crate::model::output::OutputFile;
use crate::model::urls;

/// Redirect pages for `aliases:`: a meta refresh for browsers and a canonical link for
/// search engines.
pub fn alias_pages(site: &Site) -> Vec<OutputFile> {
    let base = &site.config.base_url;
    let mut files = Vec::new();
    for brief in &site.briefs {
        let canonical = base.absolute(&brief.path);
        for alias in &brief.parsed.meta.aliases {
            let mut target = base.local(&brief.path);
            if site.config.relative_links {
                target = relative_to_page(&target, &urls::output_file(&alias.value), &base.path);
            }
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting to {title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>This brief has moved to <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n",
                lang = escape_html(&site.config.language),
                title = escape_html(&brief.parsed.meta.title),
                canonical = escape_html(&canonical),
                target = escape_html(&target),
            );
            files.push(OutputFile {
                path: urls::output_file(&alias.value),
                bytes: html.into_bytes(),
            });
        }
    }
    files
}
