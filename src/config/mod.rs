//! `site/config.yaml`: the site's settings, declared topics and author registry.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::colors::Colors;
use crate::model::diagnostics::{did_you_mean, Diagnostic};
use crate::model::slug::{is_valid_slug, slugify};
use crate::model::urls::BaseUrl;
use crate::model::yaml::Step;

mod citation_style;
mod colors;
mod deploy;
mod images;
mod languages;
mod pdf;
mod reader;
mod search;
mod site;
mod typography;

use reader::ConfigReader;

pub use citation_style::{is_known_style, suggest_style, STYLE_EXAMPLES};
pub use deploy::{DeployTarget, Encoding, FolderTarget, GitTarget, S3Target, TargetKind};
pub use images::ImagesConfig;
pub use languages::Language;
pub use pdf::{missing_logo, Accessibility, PdfConfig, PAPERS};
pub use search::SearchConfig;
pub use site::{
    default_types, unsafe_destination, AnalyticsConfig, AnalyticsProvider, License, LicenseConfig,
    MenuItem, Menus, NewsletterConfig, TypeConfig, DEFAULT_TYPES,
};
pub use typography::{is_generic_family, Typography};

use crate::model::people::SocialLink;

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
    /// The site's default language (`language:`), whose pages have no language folder.
    pub language: String,
    /// The default language's name in itself (for the language switcher).
    pub language_name: String,
    /// The other languages briefs are translated into (`languages:`), in the order
    /// written; empty for a site in one language.
    pub languages: Vec<Language>,
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
    /// Write each brief's BibTeX and RIS records as files next to its page (`cite.bib`,
    /// `cite.ris`); by default the page's download links hold them.
    pub citation_files: bool,
    pub bibliography: BibliographyConfig,
    /// Where `statecraft deploy` publishes the site (`deploy:`).
    pub deploy: Vec<DeployTarget>,
    /// Resized copies of images (`images:`).
    pub images: ImagesConfig,
    /// How the search index reads words (`search:`).
    pub search: SearchConfig,
    /// Free values for templates (`extra:`), shown to them as `site.extra`.
    pub extra: serde_yaml::Value,
    pub menus: Menus,
    /// The institution's logo: a static file name (`logo.svg`).
    pub logo: Option<String>,
    /// The site's icon: a static file (SVG or PNG); an SVG is also drawn as the PNG
    /// sizes browsers and phones ask for.
    pub favicon: Option<String>,
    /// The site's accounts on other networks, in order.
    pub social: Vec<SocialLink>,
    pub newsletter: Option<NewsletterConfig>,
    pub license: Option<License>,
    /// Shown at the end of every brief.
    pub disclaimer: String,
    pub analytics: Option<AnalyticsConfig>,
    /// The publication types briefs may declare with `type:`; the first is the default.
    pub types: Vec<TypeConfig>,
    /// Generate a social card image for each brief without an `image:` (default true).
    pub social_cards: bool,
    /// The configuration's text, so that later stages can point into it.
    pub text: std::sync::Arc<str>,
    /// The typeset PDF edition of every brief.
    pub pdf: PdfConfig,
    /// The institution's colours (`colors:`), on the site, the social cards and PDFs.
    pub colors: Colors,
    /// The institution's typefaces (`typography:`), on the site and in PDFs.
    pub typography: Typography,
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

/// An entry of the author registry; briefs refer to authors by `id`. The same fields
/// as an author file's front matter (`site/authors/<id>.md`), with `bio` in Markdown.
#[derive(Debug, Clone, PartialEq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorConfig {
    pub id: String,
    pub name: String,
    /// The job title ("Senior Fellow, Eurasia Program").
    #[serde(default)]
    pub role: String,
    /// The institution (default: the publisher).
    #[serde(default)]
    pub affiliation: String,
    #[serde(default)]
    pub bio: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub photo: Option<String>,
    #[serde(default)]
    pub orcid: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub social: serde_yaml::Mapping,
    #[serde(default)]
    pub expertise: Vec<String>,
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

/// Parses and validates the configuration text, reporting every problem of the file.
/// `base_url_override` replaces the configured `base_url` (the `--base-url` flag).
pub fn parse(text: &str, base_url_override: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let (config, problems) = parse_with_problems(text, base_url_override)?;
    match problems.is_empty() {
        true => Ok(config),
        false => Err(problems),
    }
}

/// Settings the briefs and pages are not checked against: with a problem in them, the
/// rest of the configuration (its defaults for them) still checks the content. A
/// problem anywhere else (topics, authors, types, languages, `base_url`, an unknown
/// key that may be a misspelt one of those) would make every brief look wrong.
const PRESENTATION_KEYS: &[&str] = &[
    "description",
    "publisher",
    "page_size",
    "feed_limit",
    "images",
    "search",
    "extra",
    "menus",
    "logo",
    "favicon",
    "social",
    "newsletter",
    "license",
    "disclaimer",
    "analytics",
    "social_cards",
    "pdf",
    "colors",
    "typography",
    "deploy",
    "minify",
    "relative_links",
    "citation_files",
];

/// As [`parse`], but a configuration whose problems are all in presentation settings
/// ([`PRESENTATION_KEYS`]) comes with them, so that a build checks the briefs too and
/// reports every problem at once; otherwise the configuration's problems alone.
pub fn parse_for_checks(
    text: &str,
    base_url_override: Option<&str>,
) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (config, problems) = parse_with_problems(text, base_url_override)?;
    let in_presentation = |problem: &Diagnostic| {
        let line = problem.span.as_ref().map(|span| span.line);
        line.and_then(|line| top_level_key(text, line))
            .is_some_and(|key| PRESENTATION_KEYS.contains(&key))
    };
    match problems.iter().all(in_presentation) {
        true => Ok((config, problems)),
        false => Err(problems),
    }
}

/// The top-level key whose value holds line `line` (from 1) of a configuration in block
/// style: the last line at or above it that starts a `key:` at the left margin.
fn top_level_key(text: &str, line: usize) -> Option<&str> {
    fn key_of(l: &str) -> Option<&str> {
        let first = l.chars().next()?;
        if first.is_whitespace() || matches!(first, '#' | '-') {
            return None;
        }
        let (key, _) = l.split_once(':')?;
        Some(key.trim().trim_matches(|c| c == '"' || c == '\''))
    }
    text.lines().take(line).filter_map(key_of).last()
}

/// The configuration, with defaults where a setting has a problem, and every problem
/// of the file; only YAML that does not parse, or is no set of keys, gives no
/// configuration.
fn parse_with_problems(
    text: &str,
    base_url_override: Option<&str>,
) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut reader = ConfigReader::new(text)?;
    let title: Option<String> = reader.required("title", "Our Policy Briefs");
    let base_url_text: Option<String> = match base_url_override {
        Some(url) => {
            reader.field::<String>("base_url");
            Some(url.to_string())
        }
        None => reader.required("base_url", "https://example.org/briefs/"),
    };
    let mut config = Config {
        title: title.unwrap_or_default(),
        description: reader.field("description").unwrap_or_default(),
        base_url: BaseUrl {
            origin: String::new(),
            path: "/".to_string(),
            edition: String::new(),
        },
        language: reader.field("language").unwrap_or_else(|| "en".to_string()),
        language_name: String::new(),
        languages: Vec::new(),
        publisher: reader.field("publisher").unwrap_or_default(),
        theme: reader
            .field("theme")
            .unwrap_or_else(|| "default".to_string()),
        page_size: reader
            .field("page_size")
            .map_or(10, std::num::NonZeroUsize::get),
        feed_limit: reader.field("feed_limit").unwrap_or(20),
        topics: reader.field("topics").unwrap_or_default(),
        authors: reader.field("authors").unwrap_or_default(),
        related: reader.field("related").unwrap_or_default(),
        warn_broken_links: reader.field("warn_broken_links").unwrap_or_default(),
        markdown: reader.field("markdown").unwrap_or_default(),
        relative_links: reader.field("relative_links").unwrap_or_default(),
        minify: reader.field("minify").unwrap_or_default(),
        citation_files: reader.field("citation_files").unwrap_or_default(),
        bibliography: reader.field("bibliography").unwrap_or_default(),
        deploy: Vec::new(),
        images: reader.field("images").unwrap_or_default(),
        search: reader.field("search").unwrap_or_default(),
        extra: reader.field("extra").unwrap_or_default(),
        menus: reader.field("menus").unwrap_or_default(),
        logo: reader.field("logo"),
        favicon: reader.field("favicon"),
        social: Vec::new(),
        newsletter: reader.field("newsletter"),
        license: None,
        disclaimer: reader.field("disclaimer").unwrap_or_default(),
        analytics: reader.field("analytics"),
        types: reader.field("types").unwrap_or_else(default_types),
        social_cards: reader.field("social_cards").unwrap_or(true),
        pdf: reader.field("pdf").unwrap_or_default(),
        colors: Colors::default(),
        typography: Typography::default(),
        text: text.into(),
    };
    let colors: Option<serde_yaml::Mapping> = reader.field("colors");
    let typography: Option<serde_yaml::Mapping> = reader.field("typography");
    let deploy: Option<serde_yaml::Value> = reader.field("deploy");
    let social: Option<serde_yaml::Mapping> = reader.field("social");
    let license: Option<LicenseConfig> = reader.field("license");
    let languages: Option<serde_yaml::Mapping> = reader.field("languages");
    reader.unknown_keys();
    let mut problems = std::mem::take(&mut reader.problems);
    (config.language_name, config.languages) = languages::read(
        languages,
        &config.language,
        &config.topics,
        text,
        &mut problems,
    );
    config.social = site::social_links(social, "social", text, &mut problems);
    config.colors = colors::read(colors, text, &mut problems);
    config.typography = typography::read(typography, text, &mut problems);
    site::check(
        text,
        &config.menus,
        config.newsletter.as_ref(),
        license.as_ref(),
        config.analytics.as_ref(),
        &config.types,
        &mut problems,
    );
    config.license = license.map(|l| l.license());
    if config.types.is_empty() {
        problems.push(at_value(
            Diagnostic::error("E-config", "`types` declares no type")
                .hint("leave `types` out for the built-in types, or list at least one"),
            text,
            &[Step::Key("types")],
        ));
    }
    check_authors(text, &config.authors, &mut problems);
    if let Some(url) = &base_url_text {
        match BaseUrl::parse(url) {
            Ok(url) => config.base_url = url,
            Err(why) => {
                let problem = Diagnostic::error("E-config", format!("invalid base_url: {why}"))
                    .hint(
                    "use the address the site is published at, e.g. https://example.org/briefs/",
                );
                problems.push(match base_url_override {
                    Some(_) => problem,
                    None => at_value(problem, text, &[Step::Key("base_url")]),
                });
            }
        }
    }
    if config.topics.is_empty() {
        problems.push(
            Diagnostic::error("E-config", "the site declares no topics")
                .in_file(CONFIG_PATH)
                .hint("add a `topics:` list with `slug`, `title` and `description` entries"),
        );
    }
    check_bibliography(text, &config.bibliography, &mut problems);
    config.deploy = deploy::parse_targets(deploy.as_ref(), text, &mut problems);
    for (problem, path) in config.images.check().into_iter().chain(config.pdf.check()) {
        problems.push(at_value(problem, text, &path));
    }
    config
        .pdf
        .brand_defaults(config.logo.as_deref(), &config.disclaimer);
    let topic_slugs = config.topics.iter().map(|t| t.slug.as_str());
    check_identifiers(
        text,
        "topic slug",
        ["topics", "slug"],
        topic_slugs,
        &mut problems,
    );
    let author_ids = config.authors.iter().map(|a| a.id.as_str());
    check_identifiers(
        text,
        "author id",
        ["authors", "id"],
        author_ids,
        &mut problems,
    );
    Ok((config, problems))
}

/// Registry entries: an ORCID with a right check digit, an email address, social
/// accounts as addresses.
fn check_authors(text: &str, authors: &[AuthorConfig], problems: &mut Vec<Diagnostic>) {
    use crate::model::people::{is_email, is_web_address, parse_orcid};
    for (index, author) in authors.iter().enumerate() {
        let place = |key| [Step::Key("authors"), Step::Item(index), Step::Key(key)];
        if let Some(orcid) = &author.orcid {
            if parse_orcid(orcid).is_none() {
                let problem = Diagnostic::error("E-config", format!("`{orcid}` is not an ORCID iD"))
                    .hint("write the 16-digit iD as ORCID shows it, e.g. `0000-0002-1825-0097` (its last digit is a check digit)");
                problems.push(at_value(problem, text, &place("orcid")));
            }
        }
        if let Some(email) = author.email.as_ref().filter(|e| !is_email(e)) {
            let problem =
                Diagnostic::error("E-config", format!("`{email}` is not an email address"))
                    .hint("e.g. `email: e.markova@example.org`");
            problems.push(at_value(problem, text, &place("email")));
        }
        if let Some(url) = author.url.as_ref().filter(|u| !is_web_address(u)) {
            let problem = Diagnostic::error("E-config", format!("`{url}` is not an address"))
                .hint("write the full `https://...` address of the profile");
            problems.push(at_value(problem, text, &place("url")));
        }
        for (network, value) in &author.social {
            let (Some(network), Some(value)) = (network.as_str(), value.as_str()) else {
                continue;
            };
            if let Err(why) = SocialLink::parse(network, value) {
                let problem = Diagnostic::error("E-config", format!("`social.{network}`: {why}"))
                    .hint("e.g. `linkedin: https://www.linkedin.com/in/example`");
                problems.push(at_value(
                    problem,
                    text,
                    &[
                        Step::Key("authors"),
                        Step::Item(index),
                        Step::Key("social"),
                        Step::Key(network),
                    ],
                ));
            }
        }
    }
}

/// `problem` in the configuration file, at the value `path` leads to.
fn at_value(problem: Diagnostic, text: &str, path: &[Step]) -> Diagnostic {
    reader::place(problem, text, path, false)
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
    /// The configuration of the edition in `language` (one of [`Config::languages`]):
    /// its language, titles and topic titles, its folder in every URL. Translations
    /// have no typeset PDF edition.
    pub fn edition(&self, language: &Language) -> Config {
        let mut edition = self.clone();
        edition.language.clone_from(&language.code);
        edition.language_name.clone_from(&language.name);
        edition.base_url = self.base_url.in_edition(Some(&language.code));
        if let Some(title) = &language.title {
            edition.title.clone_from(title);
        }
        if let Some(description) = &language.description {
            edition.description.clone_from(description);
        }
        for topic in &mut edition.topics {
            if let Some(title) = language.topics.get(&topic.slug) {
                topic.title.clone_from(title);
            }
        }
        if let Some(disclaimer) = &language.disclaimer {
            // The PDF's disclaimer is the site's unless `pdf:` says another.
            if edition.pdf.disclaimer == edition.disclaimer {
                edition.pdf.disclaimer.clone_from(disclaimer);
            }
            edition.disclaimer.clone_from(disclaimer);
        }
        let texts = &language.pdf;
        let pdf = &mut edition.pdf;
        if texts.series.is_some() {
            pdf.series.clone_from(&texts.series);
        }
        for (text, setting) in [
            (&texts.institution, &mut pdf.institution),
            (&texts.disclaimer, &mut pdf.disclaimer),
            (&texts.license, &mut pdf.license),
        ] {
            if let Some(text) = text {
                setting.clone_from(text);
            }
        }
        edition
    }

    /// Whether the site publishes in more than one language.
    pub fn is_multilingual(&self) -> bool {
        !self.languages.is_empty()
    }

    /// `problem` placed at the value `path` leads to in the configuration file (at its
    /// key when `at_key`), for problems later stages find in it.
    pub fn locate(&self, problem: Diagnostic, path: &[Step], at_key: bool) -> Diagnostic {
        reader::place(problem, &self.text, path, at_key)
    }

    /// A declared publication type.
    pub fn publication_type(&self, slug: &str) -> Option<&TypeConfig> {
        self.types.iter().find(|t| t.slug == slug)
    }

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

    /// A key written twice is shown where it is written the second time, at any depth
    /// (serde_yaml places it at the start of its mapping).
    #[test]
    fn a_key_written_twice_is_shown_at_its_second_line() {
        let nested = "# comment\ntitle: x\nbase_url: https://a.example/\npdf:\n  enabled: true\n  series: S\n  enabled: false\n";
        let top = "# comment\ntitle: x\nbase_url: https://a.example/\npdf:\n  enabled: true\nlanguage: en\npdf:\n  series: S\n";
        for (text, key, line, column) in [(nested, "enabled", 7, 3), (top, "pdf", 7, 1)] {
            let problems = parse(text, None).unwrap_err();
            let span = problems[0].span.as_ref().unwrap();
            assert_eq!(
                (span.line, span.column),
                (line, column),
                "{:?}",
                problems[0]
            );
            assert!(
                problems[0]
                    .message
                    .contains(&format!("`{key}` is written twice")),
                "{:?}",
                problems[0]
            );
        }
    }
}
