//! Translation files: the labels of the site's language, from the theme's English file,
//! the theme's file of the language and the site's own file of the language, each
//! overriding the one before key by key.
//!
//! A label a language's file leaves out is shown in English, so a theme can add labels
//! before every translation has them. A key of a site file that the theme does not
//! have is a warning with the closest key (a typo would otherwise do nothing); a key of
//! the site's own templates can be added all the same.

use std::collections::BTreeMap;

use serde_yaml::Value;

use crate::config::CONFIG_PATH;
use crate::load::TranslationFile;
use crate::model::diagnostics::{did_you_mean, Diagnostic};
use crate::model::labels::{is_plural_forms, Label, Labels};
use crate::model::yaml::{self, Step};

/// The language every theme must have a file for; other languages fall back to it.
pub const BASE_LANGUAGE: &str = "en";

/// The labels of `language` (a `language:` tag such as `ru` or `pt-BR`): the theme's
/// English labels, overridden by the theme's and then the site's file of the language
/// (`pt-br.yaml`, else `pt.yaml`). Returns the problems of the files read.
pub fn parse_labels(files: &[TranslationFile], language: &str) -> (Labels, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let wanted = candidates(language);
    let pick = |from_site: bool, languages: &[String]| {
        languages.iter().find_map(|l| {
            files
                .iter()
                .find(|f| f.from_site == from_site && &f.language == l)
        })
    };
    let base_file = pick(false, &[BASE_LANGUAGE.to_string()]);
    let theme_file = pick(false, &wanted).filter(|f| f.language != BASE_LANGUAGE);
    let site_file = pick(true, &wanted);
    let language_found =
        wanted.iter().any(|l| l == BASE_LANGUAGE) || theme_file.is_some() || site_file.is_some();
    let mut root = BTreeMap::new();
    for file in [base_file, theme_file].into_iter().flatten() {
        if let Some(tree) = read_file(file, &mut problems) {
            merge(&mut root, tree);
        }
    }
    if let Some(file) = site_file {
        if let Some(tree) = read_file(file, &mut problems) {
            if base_file.is_some() {
                unknown_keys(file, &root, &tree, &mut Vec::new(), &mut problems);
            }
            merge(&mut root, tree);
        }
    }
    if !language_found {
        problems.push(
            Diagnostic::warning(
                "W-i18n",
                format!("the theme has no translation for `{language}`: pages show its English labels"),
            )
            .in_file(CONFIG_PATH)
            .hint(format!(
                "translate the theme's `i18n/en.yaml` into `site/i18n/{}.yaml` (every key you leave out stays English)",
                wanted[0]
            )),
        );
    }
    check_months(&root, [site_file, theme_file, base_file], &mut problems);
    let labels = Labels {
        language: language.to_string(),
        root,
    };
    (labels, problems)
}

/// File names to look for, most specific first: `pt-br`, then `pt`.
fn candidates(language: &str) -> Vec<String> {
    let tag = language.trim().to_ascii_lowercase().replace('_', "-");
    let mut names = vec![tag.clone()];
    if let Some((primary, _)) = tag.split_once('-') {
        names.push(primary.to_string());
    }
    names
}

fn read_file(
    file: &TranslationFile,
    problems: &mut Vec<Diagnostic>,
) -> Option<BTreeMap<String, Label>> {
    let source = &file.file;
    let value: Value = match serde_yaml::from_str(&source.text) {
        Ok(value) => value,
        Err(err) => {
            problems.push(
                yaml::serde_error(&err, "E-i18n", "invalid translation file", &source.path, &source.text)
                    .hint("write one `key: text` per line; quote texts that contain `: ` or start with `{`"),
            );
            return None;
        }
    };
    let mut path = Vec::new();
    match value {
        Value::Null => Some(BTreeMap::new()),
        Value::Mapping(_) => match to_label(&value, &mut path, file, problems) {
            Some(Label::Map(map)) => Some(map),
            _ => None,
        },
        _ => {
            problems.push(
                Diagnostic::error(
                    "E-i18n",
                    "a translation file must be a set of `key: text` lines",
                )
                .at(&source.path, &source.text, 0, 1)
                .hint("start with a line such as `key_findings: Key findings`"),
            );
            None
        }
    }
}

/// A YAML value as a label: texts (numbers and booleans as written), lists of texts
/// and maps. Anything else is a problem at its place.
fn to_label(
    value: &Value,
    path: &mut Vec<String>,
    file: &TranslationFile,
    problems: &mut Vec<Diagnostic>,
) -> Option<Label> {
    match value {
        Value::String(text) => Some(Label::Text(text.clone())),
        Value::Number(n) => Some(Label::Text(n.to_string())),
        Value::Bool(b) => Some(Label::Text(b.to_string())),
        Value::Sequence(items) => {
            let texts: Option<Vec<String>> = items
                .iter()
                .map(|item| match item {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect();
            if texts.is_none() {
                problems.push(at_path(
                    file,
                    path,
                    format!("`{}` must be a list of texts", path.join(".")),
                ));
            }
            texts.map(Label::List)
        }
        Value::Mapping(mapping) => {
            let mut map = BTreeMap::new();
            for (key, value) in mapping {
                let Some(key) = key.as_str() else {
                    problems.push(at_path(file, path, "keys must be texts".to_string()));
                    continue;
                };
                path.push(key.to_string());
                if let Some(label) = to_label(value, path, file, problems) {
                    map.insert(key.to_string(), label);
                }
                path.pop();
            }
            Some(Label::Map(map))
        }
        _ => {
            problems.push(at_path(
                file,
                path,
                format!("`{}` has no text", path.join(".")),
            ));
            None
        }
    }
}

fn at_path(file: &TranslationFile, path: &[String], message: String) -> Diagnostic {
    let steps: Vec<Step> = path.iter().map(|k| Step::Key(k)).collect();
    let range = yaml::find(&file.file.text, &steps).map_or(0..0, |found| found.value);
    Diagnostic::error("E-i18n", message)
        .at(&file.file.path, &file.file.text, range.start, range.len())
        .hint("write the label as text, e.g. `key_findings: Key findings`")
}

/// Puts `over` into `base`, key by key: maps merge (but a set of plural forms replaces
/// the other, since languages have different forms), anything else replaces.
fn merge(base: &mut BTreeMap<String, Label>, over: BTreeMap<String, Label>) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(Label::Map(old)), Label::Map(new))
                if !is_plural_forms(&new) && !is_plural_forms(old) =>
            {
                merge(old, new)
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Warns of each key of a site file that the theme's labels do not have.
fn unknown_keys(
    file: &TranslationFile,
    known: &BTreeMap<String, Label>,
    tree: &BTreeMap<String, Label>,
    path: &mut Vec<String>,
    problems: &mut Vec<Diagnostic>,
) {
    for (key, value) in tree {
        path.push(key.clone());
        match (known.get(key), value) {
            (None, _) => {
                let hint = match did_you_mean(key, known.keys().map(String::as_str)) {
                    Some(s) => format!(
                        "did you mean `{s}`? (a label of your own templates may take any name)"
                    ),
                    None => "the theme has no such label; your own templates may still use it"
                        .to_string(),
                };
                let steps: Vec<Step> = path.iter().map(|k| Step::Key(k)).collect();
                let range = yaml::find(&file.file.text, &steps)
                    .and_then(|found| found.key)
                    .unwrap_or(0..0);
                problems.push(
                    Diagnostic::warning(
                        "W-i18n",
                        format!("the theme has no label `{}`", path.join(".")),
                    )
                    .at(&file.file.path, &file.file.text, range.start, range.len())
                    .hint(hint),
                );
            }
            (Some(Label::Map(known)), Label::Map(map)) if !is_plural_forms(known) => {
                unknown_keys(file, known, map, path, problems)
            }
            _ => {}
        }
        path.pop();
    }
}

/// `months` must name twelve months: dates are made from it.
fn check_months(
    root: &BTreeMap<String, Label>,
    files: [Option<&TranslationFile>; 3],
    problems: &mut Vec<Diagnostic>,
) {
    let count = match root.get("months") {
        None => return,
        Some(Label::List(months)) => months.len(),
        Some(_) => 0,
    };
    if count == 12 {
        return;
    }
    let file = files
        .into_iter()
        .flatten()
        .find(|f| yaml::find(&f.file.text, &[Step::Key("months")]).is_some());
    let problem = Diagnostic::error("E-i18n", format!("`months` names {count} months, not 12"))
        .hint("list the twelve month names as they appear in a date, January first");
    problems.push(match file {
        Some(file) => {
            let range =
                yaml::find(&file.file.text, &[Step::Key("months")]).map_or(0..0, |f| f.value);
            problem.at(&file.file.path, &file.file.text, range.start, range.len())
        }
        None => problem,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceFile;

    fn file(language: &str, from_site: bool, text: &str) -> TranslationFile {
        let folder = if from_site {
            "site/i18n"
        } else {
            "themes/default/i18n"
        };
        TranslationFile {
            language: language.to_string(),
            from_site,
            file: SourceFile {
                path: format!("{folder}/{language}.yaml").into(),
                text: text.to_string(),
            },
        }
    }

    #[test]
    fn the_site_overrides_the_theme_which_overrides_english() {
        let files = [
            file(
                "en",
                false,
                "a: A\nb: B\nn: {one: \"{n} x\", other: \"{n} xs\"}\n",
            ),
            file(
                "ru",
                false,
                "a: А\nn: {one: \"{n} ш\", few: \"{n} ша\", many: \"{n} шей\"}\n",
            ),
            file("ru", true, "b: Б\nzz: custom\n"),
        ];
        let (labels, problems) = parse_labels(&files, "ru");
        assert_eq!((labels.text("a"), labels.text("b")), ("А", "Б"));
        assert_eq!(labels.plural("n", 3), "3 ша");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, "W-i18n");
        assert_eq!(problems[0].span.as_ref().unwrap().line, 2);
    }

    #[test]
    fn a_language_without_a_file_is_english_with_a_warning() {
        let files = [file("en", false, "a: A\n")];
        let (labels, problems) = parse_labels(&files, "de");
        assert_eq!(labels.text("a"), "A");
        assert_eq!(problems[0].code, "W-i18n");
        let (_, problems) = parse_labels(&files, "en-GB");
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn months_must_be_twelve() {
        let files = [file("en", false, "months: [a, b]\n")];
        let (_, problems) = parse_labels(&files, "en");
        assert_eq!(problems[0].code, "E-i18n");
        assert_eq!(problems[0].span.as_ref().unwrap().line, 1);
    }
}
