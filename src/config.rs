//! `site/config.yaml`: the site's settings, declared topics and author registry.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{did_you_mean, Diagnostic, Span};
use crate::markdown::RawHtml;
use crate::slug::{is_valid_slug, slugify};

/// Where the configuration lives, relative to the site root.
pub const CONFIG_PATH: &str = "site/config.yaml";

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub base_url: BaseUrl,
    pub language: String,
    pub publisher: String,
    pub theme: String,
    pub page_size: usize,
    /// How many entries the Atom feeds carry (newest first).
    pub feed_limit: usize,
    pub topics: Vec<TopicConfig>,
    pub authors: Vec<AuthorConfig>,
    pub related: RelatedConfig,
    /// Report broken internal links as warnings (like `--warn-links`).
    pub warn_broken_links: bool,
    pub markdown: MarkdownConfig,
    /// Write internal links as paths relative to each page (`--relative`), so the
    /// output works from any folder and from `file://`.
    pub relative_links: bool,
    /// Shorten whitespace and drop comments in HTML pages (`--minify`).
    pub minify: bool,
    pub bibliography: BibliographyConfig,
}

/// `bibliography:` settings: where the site's BibTeX file is and how to format it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BibliographyConfig {
    /// The BibTeX/BibLaTeX file, relative to `site/`.
    pub file: String,
    /// A CSL style name from hayagriva's archive (`chicago-author-date`, `apa`, ...).
    pub style: String,
}

impl Default for BibliographyConfig {
    fn default() -> Self {
        BibliographyConfig {
            file: "references.bib".to_string(),
            style: "chicago-author-date".to_string(),
        }
    }
}

impl BibliographyConfig {
    /// The file's path relative to the site root.
    pub fn path(&self) -> PathBuf {
        Path::new("site").join(&self.file)
    }
}

/// `markdown:` settings.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// `allow` (default) passes raw HTML in briefs through; `escape` shows it as text.
    pub raw_html: RawHtml,
}

/// The site's public address, split into the parts templates need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme and host, without a trailing slash: `https://example.org`.
    pub origin: String,
    /// The path the site lives under, starting and ending with `/`: `/research/briefs/`.
    pub path: String,
}

impl BaseUrl {
    /// Parses `https://host[:port][/path]`. Returns an explanation on failure.
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let url = url.trim();
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| format!("`{url}` is not an absolute URL"))?;
        if scheme != "http" && scheme != "https" {
            return Err(format!("`{url}` must start with http:// or https://"));
        }
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(format!("`{url}` has no valid host"));
        }
        if path.contains(['?', '#']) || path.contains(char::is_whitespace) {
            return Err(format!(
                "`{url}` must be a plain address without query, fragment or spaces"
            ));
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl {
            origin: format!("{scheme}://{host}"),
            path,
        })
    }

    /// The absolute URL of a site path such as `briefs/x/` (no leading slash).
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}{}", self.origin, self.path, site_path)
    }

    /// The root-relative URL of a site path, carrying the base path.
    pub fn local(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path)
    }
}

/// A topic the site declares. Briefs may only use declared topics.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicConfig {
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
}

/// An entry of the author registry; briefs refer to authors by `id`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorConfig {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub affiliation: String,
    #[serde(default)]
    pub bio: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// How "related briefs" are scored: points per shared term, and how many to show.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RelatedConfig {
    pub limit: usize,
    pub topic_weight: f64,
    pub region_weight: f64,
    pub tag_weight: f64,
    pub author_weight: f64,
    /// Score multiplier lost per year between the two briefs' dates (0 disables it).
    pub recency_decay_per_year: f64,
}

impl Default for RelatedConfig {
    fn default() -> Self {
        RelatedConfig {
            limit: 4,
            topic_weight: 1.0,
            region_weight: 1.5,
            tag_weight: 2.0,
            author_weight: 1.0,
            recency_decay_per_year: 0.1,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    publisher: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_page_size")]
    page_size: usize,
    #[serde(default = "default_feed_limit")]
    feed_limit: usize,
    #[serde(default)]
    topics: Vec<TopicConfig>,
    #[serde(default)]
    authors: Vec<AuthorConfig>,
    #[serde(default)]
    related: RelatedConfig,
    #[serde(default)]
    warn_broken_links: bool,
    #[serde(default)]
    markdown: MarkdownConfig,
    #[serde(default)]
    relative_links: bool,
    #[serde(default)]
    minify: bool,
    #[serde(default)]
    bibliography: BibliographyConfig,
}

fn default_language() -> String {
    "en".to_string()
}
fn default_theme() -> String {
    "default".to_string()
}
fn default_page_size() -> usize {
    10
}
fn default_feed_limit() -> usize {
    20
}

/// Parses and validates the configuration text. `base_url_override` replaces the
/// configured `base_url` (the `--base-url` flag).
pub fn parse(text: &str, base_url_override: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let path = Path::new(CONFIG_PATH);
    let raw: RawConfig = serde_yaml::from_str(text).map_err(|err| {
        vec![
            yaml_file_error(&err, "E-config", "invalid configuration", path, text)
                .hint("see the configuration reference in README.md"),
        ]
    })?;

    let mut problems = Vec::new();
    let locate = |needle: &str| text.find(needle).unwrap_or(0);
    let base_url_text = base_url_override.unwrap_or(&raw.base_url);
    let base_url = match BaseUrl::parse(base_url_text) {
        Ok(url) => Some(url),
        Err(why) => {
            let offset = if base_url_override.is_some() {
                0
            } else {
                locate("base_url")
            };
            problems.push(
                Diagnostic::error("E-config", format!("invalid base_url: {why}"))
                    .at(path, text, offset, "base_url".len())
                    .hint("use the address the site is published at, e.g. https://example.org/briefs/"),
            );
            None
        }
    };
    if raw.page_size == 0 {
        problems.push(
            Diagnostic::error("E-config", "page_size must be at least 1").at(
                path,
                text,
                locate("page_size"),
                "page_size".len(),
            ),
        );
    }
    if raw.topics.is_empty() {
        problems.push(
            Diagnostic::error("E-config", "the site declares no topics")
                .in_file(path)
                .hint("add a `topics:` list with `slug`, `title` and `description` entries"),
        );
    }
    check_bibliography(text, &raw.bibliography, &mut problems);
    let mut seen_topics = Vec::new();
    for topic in &raw.topics {
        check_identifier(
            text,
            "topic slug",
            &topic.slug,
            &mut seen_topics,
            &mut problems,
        );
    }
    let mut seen_authors = Vec::new();
    for author in &raw.authors {
        check_identifier(
            text,
            "author id",
            &author.id,
            &mut seen_authors,
            &mut problems,
        );
    }

    match base_url {
        Some(base_url) if problems.is_empty() => Ok(Config {
            title: raw.title,
            description: raw.description,
            base_url,
            language: raw.language,
            publisher: raw.publisher,
            theme: raw.theme,
            page_size: raw.page_size,
            feed_limit: raw.feed_limit,
            topics: raw.topics,
            authors: raw.authors,
            related: raw.related,
            warn_broken_links: raw.warn_broken_links,
            markdown: raw.markdown,
            relative_links: raw.relative_links,
            minify: raw.minify,
            bibliography: raw.bibliography,
        }),
        _ => Err(problems),
    }
}

/// The bibliography file must stay inside `site/`, and the style must be one we have.
fn check_bibliography(
    text: &str,
    bibliography: &BibliographyConfig,
    problems: &mut Vec<Diagnostic>,
) {
    let path = Path::new(CONFIG_PATH);
    let file = &bibliography.file;
    let escapes = file.is_empty()
        || file.contains("..")
        || file.contains('\\')
        || file.contains('\0')
        || Path::new(file).is_absolute();
    if escapes {
        problems.push(
            Diagnostic::error(
                "E-config",
                format!(
                    "bibliography file `{}` is not a file inside `site/`",
                    file.escape_debug()
                ),
            )
            .at(path, text, text.find("file").unwrap_or(0), "file".len())
            .hint("name a file in the `site/` folder, e.g. `file: references.bib`"),
        );
    }
    let style = &bibliography.style;
    if !crate::bibliography::is_known_style(style) {
        let names = crate::bibliography::STYLE_EXAMPLES.join("`, `");
        let hint = match crate::bibliography::suggest_style(style) {
            Some(s) => format!("did you mean `{s}`? Common styles: `{names}`"),
            None => format!("use a CSL style name such as `{names}`"),
        };
        let offset = text.find(style.as_str()).unwrap_or(0);
        problems.push(
            Diagnostic::error("E-config", format!("unknown citation style `{style}`"))
                .at(path, text, offset, style.len())
                .hint(hint),
        );
    }
}

fn check_identifier(
    text: &str,
    what: &str,
    value: &str,
    seen: &mut Vec<String>,
    problems: &mut Vec<Diagnostic>,
) {
    let path = Path::new(CONFIG_PATH);
    let offset = text.find(value).unwrap_or(0);
    if !is_valid_slug(value) {
        problems.push(
            Diagnostic::error("E-config", format!("{what} `{value}` is not a valid slug"))
                .at(path, text, offset, value.len())
                .hint(format!(
                    "use lowercase letters, digits and hyphens, e.g. `{}`",
                    slugify(value)
                )),
        );
    } else if seen.iter().any(|s| s == value) {
        problems.push(
            Diagnostic::error("E-config", format!("{what} `{value}` is declared twice"))
                .at(path, text, text.rfind(value).unwrap_or(offset), value.len())
                .hint("remove or rename one of the two entries"),
        );
    }
    seen.push(value.to_string());
}

/// A YAML error in a whole site file (`path`, whose text is `text`): `what` and serde_yaml's
/// message, at the place serde_yaml reports.
pub(crate) fn yaml_file_error(
    err: &serde_yaml::Error,
    code: &'static str,
    what: &str,
    path: &Path,
    text: &str,
) -> Diagnostic {
    let problem = Diagnostic::error(code, format!("{what}: {}", yaml_message(err))).in_file(path);
    match err.location() {
        Some(location) => problem.with_span(Span::from_line_column(
            text,
            location.line(),
            location.column(),
            1,
        )),
        None => problem,
    }
}

/// serde_yaml messages end with "at line X column Y"; we show the location ourselves.
pub(crate) fn yaml_message(err: &serde_yaml::Error) -> String {
    let message = err.to_string();
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}

impl Config {
    pub fn topic(&self, slug: &str) -> Option<&TopicConfig> {
        self.topics.iter().find(|t| t.slug == slug)
    }

    pub fn author(&self, id: &str) -> Option<&AuthorConfig> {
        self.authors.iter().find(|a| a.id == id)
    }

    /// Suggests a declared topic close to `wanted`.
    pub fn suggest_topic(&self, wanted: &str) -> Option<&str> {
        did_you_mean(wanted, self.topics.iter().map(|t| t.slug.as_str()))
    }

    pub fn suggest_author(&self, wanted: &str) -> Option<&str> {
        did_you_mean(wanted, self.authors.iter().map(|a| a.id.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_its_path() {
        let url = BaseUrl::parse("https://example.org/research/briefs").unwrap();
        assert_eq!(url.origin, "https://example.org");
        assert_eq!(url.path, "/research/briefs/");
        assert_eq!(
            url.absolute("briefs/x/"),
            "https://example.org/research/briefs/briefs/x/"
        );
        assert_eq!(url.local("atom.xml"), "/research/briefs/atom.xml");
    }

    #[test]
    fn base_url_rejects_relative_addresses() {
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("ftp://example.org").is_err());
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let text = "title: x\nbase_url: https://a.example/\ntopics: [\n";
        let problems = parse(text, None).unwrap_err();
        let span = problems[0].span.as_ref().unwrap();
        assert!(span.line >= 3, "{:?}", problems[0]);
    }
}
