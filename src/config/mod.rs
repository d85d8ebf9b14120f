//! `site/config.yaml`: the site's settings, declared topics and author registry.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::diagnostics::{did_you_mean, Diagnostic};
use crate::model::slug::{is_valid_slug, slugify};
use crate::model::urls::BaseUrl;
use crate::model::yaml::{self, Step};

mod citation_style;
mod pdf;

pub use citation_style::{is_known_style, suggest_style, STYLE_EXAMPLES};
pub use pdf::{missing_logo, Accessibility, PdfConfig, PAPERS};

/// Where the configuration lives, relative to the site root.
pub const CONFIG_PATH: &str = "site/config.yaml";

/// Where the glossary lives, relative to the site root (optional).
pub const GLOSSARY_PATH: &str = "site/glossary.yaml";

/// The validated site configuration.
#[derive(Debug, Clone, PartialEq, Hash)]
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
    /// The typeset PDF edition of every brief.
    pub pdf: PdfConfig,
}

/// `bibliography:` settings: where the site's BibTeX file is and how to format it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
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

/// What to do with raw HTML written inside Markdown (`markdown.raw_html`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Pass it through (trusted authors; allows embeds and custom markup).
    #[default]
    Allow,
    /// Show it as text (untrusted authors; no script can be injected through a brief).
    Escape,
}

/// `markdown:` settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Hash, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// `allow` (default) passes raw HTML in briefs through; `escape` shows it as text.
    pub raw_html: RawHtml,
}

/// A topic the site declares. Briefs may only use declared topics.
#[derive(Debug, Clone, PartialEq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicConfig {
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
}

/// An entry of the author registry; briefs refer to authors by `id`.
#[derive(Debug, Clone, PartialEq, Hash, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Deserialize)]
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

impl std::hash::Hash for RelatedConfig {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let RelatedConfig {
            limit,
            topic_weight,
            region_weight,
            tag_weight,
            author_weight,
            recency_decay_per_year,
        } = self;
        limit.hash(state);
        for weight in [
            topic_weight,
            region_weight,
            tag_weight,
            author_weight,
            recency_decay_per_year,
        ] {
            weight.to_bits().hash(state);
        }
    }
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
    #[serde(default)]
    pdf: PdfConfig,
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
            yaml::serde_error(&err, "E-config", "invalid configuration", path, text)
                .hint("see the configuration reference in README.md"),
        ]
    })?;

    let mut problems = Vec::new();
    let base_url_text = base_url_override.unwrap_or(&raw.base_url);
    let base_url = match BaseUrl::parse(base_url_text) {
        Ok(url) => Some(url),
        Err(why) => {
            let problem = Diagnostic::error("E-config", format!("invalid base_url: {why}"))
                .hint("use the address the site is published at, e.g. https://example.org/briefs/");
            problems.push(match base_url_override {
                Some(_) => problem,
                None => at_value(problem, text, &[Step::Key("base_url")]),
            });
            None
        }
    };
    if raw.page_size == 0 {
        problems.push(at_value(
            Diagnostic::error("E-config", "page_size must be at least 1"),
            text,
            &[Step::Key("page_size")],
        ));
    }
    if raw.topics.is_empty() {
        problems.push(
            Diagnostic::error("E-config", "the site declares no topics")
                .in_file(path)
                .hint("add a `topics:` list with `slug`, `title` and `description` entries"),
        );
    }
    check_bibliography(text, &raw.bibliography, &mut problems);
    for (problem, path) in raw.pdf.check() {
        problems.push(at_value(problem, text, &path));
    }
    let topic_slugs = raw.topics.iter().map(|t| t.slug.as_str());
    check_identifiers(
        text,
        "topic slug",
        ["topics", "slug"],
        topic_slugs,
        &mut problems,
    );
    let author_ids = raw.authors.iter().map(|a| a.id.as_str());
    check_identifiers(
        text,
        "author id",
        ["authors", "id"],
        author_ids,
        &mut problems,
    );

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
            pdf: raw.pdf,
        }),
        _ => Err(problems),
    }
}

/// `problem` in the configuration file, at the value `path` leads to (at the start of
/// the file if the YAML has no such value).
fn at_value(problem: Diagnostic, text: &str, path: &[Step]) -> Diagnostic {
    let range = yaml::find(text, path).map_or(0..0, |found| found.value);
    problem.at(Path::new(CONFIG_PATH), text, range.start, range.len())
}

/// The bibliography file must stay inside `site/`, and the style must be one we have.
fn check_bibliography(
    text: &str,
    bibliography: &BibliographyConfig,
    problems: &mut Vec<Diagnostic>,
) {
    let file = &bibliography.file;
    let escapes = file.is_empty()
        || file.contains("..")
        || file.contains('\\')
        || file.contains('\0')
        || Path::new(file).is_absolute();
    if escapes {
        let problem = Diagnostic::error(
            "E-config",
            format!(
                "bibliography file `{}` is not a file inside `site/`",
                file.escape_debug()
            ),
        )
        .hint("name a file in the `site/` folder, e.g. `file: references.bib`");
        problems.push(at_value(
            problem,
            text,
            &[Step::Key("bibliography"), Step::Key("file")],
        ));
    }
    let style = &bibliography.style;
    if !is_known_style(style) {
        let names = STYLE_EXAMPLES.join("`, `");
        let hint = match suggest_style(style) {
            Some(s) => format!("did you mean `{s}`? Common styles: `{names}`"),
            None => format!("use a CSL style name such as `{names}`"),
        };
        let problem =
            Diagnostic::error("E-config", format!("unknown citation style `{style}`")).hint(hint);
        problems.push(at_value(
            problem,
            text,
            &[Step::Key("bibliography"), Step::Key("style")],
        ));
    }
}

/// Topic slugs and author ids (`what`, the `field` of each entry of the `list` key) must
/// be slugs, each declared once.
fn check_identifiers<'a>(
    text: &str,
    what: &str,
    [list, field]: [&str; 2],
    values: impl Iterator<Item = &'a str>,
    problems: &mut Vec<Diagnostic>,
) {
    let mut seen: Vec<&str> = Vec::new();
    for (index, value) in values.enumerate() {
        let place = [Step::Key(list), Step::Item(index), Step::Key(field)];
        if !is_valid_slug(value) {
            let problem =
                Diagnostic::error("E-config", format!("{what} `{value}` is not a valid slug"))
                    .hint(format!(
                        "use lowercase letters, digits and hyphens, e.g. `{}`",
                        slugify(value)
                    ));
            problems.push(at_value(problem, text, &place));
        } else if seen.contains(&value) {
            let problem =
                Diagnostic::error("E-config", format!("{what} `{value}` is declared twice"))
                    .hint("remove or rename one of the two entries");
            problems.push(at_value(problem, text, &place));
        }
        seen.push(value);
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
    fn yaml_errors_point_into_the_file() {
        let text = "title: x\nbase_url: https://a.example/\ntopics: [\n";
        let problems = parse(text, None).unwrap_err();
        let span = problems[0].span.as_ref().unwrap();
        assert!(span.line >= 3, "{:?}", problems[0]);
    }
}
