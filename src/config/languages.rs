//! `languages:`: the languages a site publishes in besides its default one
//! (`language:`), each with its name and the titles of topics and regions in it.
//!
//! ```yaml
//! language: en
//! languages:
//!   ru:
//!     name: Русский
//!     title: Записки о политике
//!     topics: {soft-power: Мягкая сила}
//!     regions: {Japan: Япония}
//!     disclaimer: Мнения авторов не обязательно совпадают с позицией института.
//!     pdf: {series: Аналитическая записка, license: Публикуется по лицензии CC BY 4.0.}
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::diagnostics::{did_you_mean, Diagnostic};
use crate::model::lang::{is_language_tag, suggest_tag};
use crate::model::slug::slugify;
use crate::model::yaml::Step;

use super::{at_value, TopicConfig};

/// One language of the site other than the default, as configured.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct LanguageConfig {
    /// The language's name in itself, for the language switcher (`Русский`); a
    /// built-in name for common languages when left out.
    pub name: String,
    /// The site's title in the language (default: the site's title).
    pub title: Option<String>,
    pub description: Option<String>,
    /// Topic titles in the language, by topic slug.
    pub topics: BTreeMap<String, String>,
    /// Region names in the language, by the region as briefs write it (`Japan`).
    pub regions: BTreeMap<String, String>,
    /// The site's `disclaimer:` in the language, on its pages and PDFs.
    pub disclaimer: Option<String>,
    /// Texts of `pdf:` in the language.
    pub pdf: PdfTexts,
}

/// The texts of the PDF edition a language may say its own way (the settings are the
/// site's).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PdfTexts {
    pub institution: Option<String>,
    pub series: Option<String>,
    pub disclaimer: Option<String>,
    pub license: Option<String>,
}

/// A language of the site: its code (`ru`), name and titles.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Language {
    pub code: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub topics: BTreeMap<String, String>,
    /// Region names by region slug (`japan`).
    pub regions: BTreeMap<String, String>,
    pub disclaimer: Option<String>,
    pub pdf: PdfTexts,
}

/// Names of common languages in themselves, for a `languages:` entry without `name:`.
const NAMES: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("de", "Deutsch"),
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("ru", "Русский"),
    ("uk", "Українська"),
    ("zh", "中文"),
];

/// The name of language `code` in itself, or the code when we do not know it.
fn language_name(code: &str) -> String {
    let primary = code.split('-').next().unwrap_or(code).to_ascii_lowercase();
    NAMES
        .iter()
        .find(|(c, _)| *c == primary)
        .map_or_else(|| code.to_string(), |(_, name)| name.to_string())
}

/// Whether `code` can name a language and its folder: a BCP 47 tag in lowercase
/// (`ru`, `pt-br`; one folder on every file system, whatever its case rules).
fn is_language_code(code: &str) -> bool {
    is_language_tag(code) && !code.bytes().any(|b| b.is_ascii_uppercase())
}

/// The error of a `language:` that is no BCP 47 tag (`en_US`, `english`), with the tag
/// it likely means.
fn not_a_tag(written: &str) -> Diagnostic {
    let example =
        "a BCP 47 language tag such as `en`, `pt-BR` or `zh-Hant`: it is every page's `lang`";
    let hint = match suggest_tag(written) {
        Some(tag) => format!("did you mean `{tag}`? `language:` is {example}"),
        None => format!("write {example}"),
    };
    Diagnostic::error("E-config", format!("`{written}` is not a language tag")).hint(hint)
}

/// The languages of `languages:` (in the order written), checked against the declared
/// topics; an entry for the default language only names it. Returns the default
/// language's name too.
pub(super) fn read(
    configured: Option<serde_yaml::Mapping>,
    default: &str,
    topics: &[TopicConfig],
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> (String, Vec<Language>) {
    if !is_language_tag(default) {
        problems.push(at_value(not_a_tag(default), text, &[Step::Key("language")]));
    }
    let mut default_name = language_name(default);
    let mut languages: Vec<Language> = Vec::new();
    for (key, value) in configured.into_iter().flatten() {
        let Some(code) = key.as_str().map(str::to_string) else {
            continue;
        };
        let at = |problem: Diagnostic, path: &[Step]| at_value(problem, text, path);
        if !is_language_code(&code) {
            let rule = "a language is a lowercase BCP 47 tag such as `ru`, `ja` or `pt-br`: it names the language's folder (`/ru/`) and is its pages' `lang`";
            let hint = match suggest_tag(&code).map(|tag| tag.to_ascii_lowercase()) {
                Some(tag) if tag != code => format!("did you mean `{tag}`? {rule}"),
                _ => rule.to_string(),
            };
            let problem =
                Diagnostic::error("E-config", format!("`{code}` is not a language tag")).hint(hint);
            problems.push(super::reader::place(
                problem,
                text,
                &[Step::Key("languages"), Step::Key(&code)],
                true,
            ));
            continue;
        }
        let entry: LanguageConfig = match serde_yaml::from_value(value) {
            Ok(entry) => entry,
            Err(err) => {
                problems.push(at(
                    Diagnostic::error(
                        "E-config",
                        format!(
                            "invalid `languages.{code}`: {}",
                            crate::model::yaml::serde_message(&err)
                        ),
                    )
                    .hint("a language has `name`, `title`, `description`, `topics`, `regions`, `disclaimer` and `pdf` (`institution`, `series`, `disclaimer`, `license`)"),
                    &[Step::Key("languages"), Step::Key(&code)],
                ));
                continue;
            }
        };
        for slug in entry.topics.keys() {
            if topics.iter().any(|t| &t.slug == slug) {
                continue;
            }
            let hint = match did_you_mean(slug, topics.iter().map(|t| t.slug.as_str())) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "name topics by the slugs `topics:` declares".to_string(),
            };
            problems.push(at(
                Diagnostic::error(
                    "E-config",
                    format!("`languages.{code}.topics` names unknown topic `{slug}`"),
                )
                .hint(hint),
                &[
                    Step::Key("languages"),
                    Step::Key(&code),
                    Step::Key("topics"),
                ],
            ));
        }
        let name = if entry.name.trim().is_empty() {
            language_name(&code)
        } else {
            entry.name.trim().to_string()
        };
        if code == default {
            default_name = name;
            continue;
        }
        languages.push(Language {
            name,
            title: entry.title,
            description: entry.description,
            topics: entry.topics,
            regions: entry
                .regions
                .into_iter()
                .map(|(region, title)| (slugify(&region), title))
                .collect(),
            disclaimer: entry.disclaimer,
            pdf: entry.pdf,
            code,
        });
    }
    (default_name, languages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_name_folders() {
        for good in ["ru", "ja", "pt-br", "zh-hant"] {
            assert!(is_language_code(good), "{good}");
        }
        for bad in [
            "", "RU", "r", "russian", "ru/", "../x", "pt_BR", "ru-", "pt-BR", "en-us-us",
        ] {
            assert!(!is_language_code(bad), "{bad}");
        }
    }

    #[test]
    fn names_of_common_languages() {
        assert_eq!(language_name("ru"), "Русский");
        assert_eq!(language_name("pt-br"), "Português");
        assert_eq!(language_name("xx"), "xx");
    }
}
