//! Reading the fields of a front matter header one by one, remembering every problem
//! with its place.

use std::ops::Range;

use serde_yaml::{Mapping, Value};

use super::{locate, parse_date, Split};
use crate::load::SourceFile;
use crate::model::diagnostics::{did_you_mean, Diagnostic};
use crate::model::escape::decode_entities;
use crate::model::meta::{Located, PublishDate};
use crate::model::slug::{is_valid_slug, slugify};
use crate::model::yaml::{self, Place, Step};

/// The slug a brief's own fields give it, read on its own: `translation_of:` (a
/// translation lives at its original's address) or `slug:`, when valid. For a brief
/// whose front matter failed, whose links are still checked from its page.
pub fn declared_slug(file: &SourceFile, split: &Split) -> Option<String> {
    let mapping = parse_mapping(file, split).ok()?;
    let translated = mapping
        .get("translation_of")
        .and_then(Value::as_str)
        .map(super::translated_slug);
    translated
        .or_else(|| mapping.get("slug").and_then(Value::as_str))
        .filter(|slug| is_valid_slug(slug))
        .map(str::to_string)
}

/// Reads a header into a mapping, reporting YAML syntax errors at their line in the file.
fn parse_mapping(file: &SourceFile, split: &Split) -> Result<Mapping, Diagnostic> {
    if split.yaml.trim().is_empty() {
        return Ok(Mapping::new());
    }
    match serde_yaml::from_str::<Value>(split.yaml) {
        Ok(Value::Mapping(mapping)) => Ok(mapping),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(_) => Err(Diagnostic::error(
            "E-yaml",
            "the front matter must be a list of `key: value` fields",
        )
        .at(&file.path, &file.text, split.yaml_offset, 1)
        .hint("write one `key: value` per line, e.g. `title: My brief`")),
        Err(err) => {
            let message = yaml::serde_message(&err);
            if let Some((at, key)) = yaml::duplicate_key(split.yaml, &err) {
                return Err(Diagnostic::error(
                    "E-yaml",
                    format!("`{key}` is written twice in the front matter"),
                )
                .at(&file.path, &file.text, split.yaml_offset + at, key.len())
                .hint(format!(
                    "keep one `{key}:` line (a list takes several values: `{key}: [a, b]`)"
                )));
            }
            if let Some(unfinished) =
                yaml::unfinished(&err).or_else(|| yaml::runaway_quote(split.yaml))
            {
                let at = yaml::offset_of(split.yaml, unfinished.line, unfinished.column);
                return Err(Diagnostic::error(
                    "E-yaml",
                    format!(
                        "invalid YAML in front matter: {}: {message}",
                        unfinished.what
                    ),
                )
                .at(&file.path, &file.text, split.yaml_offset + at, 1)
                .hint(unfinished.hint));
            }
            let offset = err
                .location()
                .map_or(split.yaml_offset, |l| split.yaml_offset + l.index());
            // serde_yaml's words for aliases expanded too many times (a "billion laughs").
            let hint = if message.contains("repetition limit exceeded") {
                "aliases (`*name`) here repeat their anchors (`&name`) too many times: write the values out"
            } else {
                yaml::syntax_hint(&file.text, offset)
            };
            Err(
                Diagnostic::error("E-yaml", format!("invalid YAML in front matter: {message}"))
                    .at(&file.path, &file.text, offset, 1)
                    .hint(hint),
            )
        }
    }
}

/// A text read from a list (or a single text standing for a one-item list), with its
/// place.
pub(super) struct Item {
    pub value: String,
    pub place: Place,
}

/// Reads fields out of a mapping, remembering problems instead of stopping at the first.
pub(super) struct FieldReader<'a> {
    file: &'a SourceFile,
    split: Split<'a>,
    pub mapping: Mapping,
    problems: Vec<Diagnostic>,
}

impl<'a> FieldReader<'a> {
    pub(super) fn new(
        file: &'a SourceFile,
        split: Split<'a>,
        known: &'static [&'static str],
    ) -> Result<Self, Vec<Diagnostic>> {
        let mapping = parse_mapping(file, &split).map_err(|d| vec![d])?;
        let mut reader = FieldReader {
            file,
            split,
            mapping,
            problems: Vec::new(),
        };
        reader.check_keys(known);
        Ok(reader)
    }

    fn check_keys(&mut self, known: &'static [&'static str]) {
        let keys: Vec<Value> = self.mapping.keys().cloned().collect();
        for key in keys {
            let name = match &key {
                Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            };
            if known.contains(&name.as_str()) {
                continue;
            }
            let hint = match did_you_mean(&name, known.iter().copied()) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => format!("known fields are: {}", known.join(", ")),
            };
            let range = yaml::find(self.split.yaml, &[Step::Key(&name)])
                .and_then(|found| found.key)
                .map_or(self.fence(), |key| self.in_file(key));
            self.push(
                Diagnostic::error(
                    "E-unknown-key",
                    format!("unknown front matter field `{name}`"),
                )
                .hint(hint),
                range,
            );
        }
    }

    /// The opening `---`, where problems of the whole header are shown.
    fn fence(&self) -> Range<usize> {
        let start = self.split.yaml_offset.saturating_sub(4);
        start..start + 3
    }

    fn in_file(&self, yaml_range: Range<usize>) -> Range<usize> {
        self.split.yaml_offset + yaml_range.start..self.split.yaml_offset + yaml_range.end
    }

    fn locate(&self, place: Place, at_key: bool) -> Range<usize> {
        let yaml = self.split.yaml_offset..self.split.yaml_offset + self.split.yaml.len();
        locate(&self.file.text, yaml, place, at_key)
    }

    fn push(&mut self, problem: Diagnostic, range: Range<usize>) {
        let problem = problem.at(&self.file.path, &self.file.text, range.start, range.len());
        self.problems.push(problem);
    }

    /// A problem with the value at `place`.
    pub(super) fn problem(
        &mut self,
        code: &'static str,
        place: Place,
        message: String,
        hint: String,
    ) {
        let range = self.locate(place, false);
        self.push(Diagnostic::error(code, message).hint(hint), range);
    }

    /// A problem at the node `path` names (a field of a guest author), or at `place`
    /// when the text has no such node (the field is missing).
    pub(super) fn problem_at(
        &mut self,
        code: &'static str,
        path: &[Step],
        place: Place,
        message: String,
        hint: String,
    ) {
        let range = match yaml::find(self.split.yaml, path) {
            Some(found) => self.in_file(found.key.unwrap_or(found.value)),
            None => self.locate(place, false),
        };
        self.push(Diagnostic::error(code, message).hint(hint), range);
    }

    /// How many problems were found so far.
    pub(super) fn problem_count(&self) -> usize {
        self.problems.len()
    }

    pub(super) fn missing(&mut self, key: &str, example: &str) {
        let range = self.fence();
        self.push(
            Diagnostic::error(
                "E-missing-field",
                format!("required field `{key}` is missing"),
            )
            .hint(format!("add a line `{key}: {example}` to the front matter")),
            range,
        );
    }

    pub(super) fn wrong_type(&mut self, key: &'static str, expected: &str) {
        let range = self.locate(Place::key(key), true);
        self.push(
            Diagnostic::error("E-wrong-type", format!("`{key}` must be {expected}"))
                .hint(format!("write `{key}` as {expected}")),
            range,
        );
    }

    pub(super) fn take(&mut self, key: &str) -> Option<Value> {
        match self.mapping.remove(key) {
            Some(Value::Null) | None => None,
            Some(value) => Some(value),
        }
    }

    /// A text field; numbers and booleans are taken as their text (`title: 1984`).
    pub(super) fn string(&mut self, key: &'static str) -> Option<String> {
        match self.take(key)? {
            Value::String(s) => self.plain_text(s, Place::key(key)),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                self.wrong_type(key, "text");
                None
            }
        }
    }

    /// `text`, unless it holds a character no page, feed or citation record may carry
    /// (a control character or a Unicode noncharacter such as U+FFFF): then a problem
    /// at `place`.
    fn plain_text(&mut self, text: String, place: Place) -> Option<String> {
        // Addresses and slugs have stricter checks of their own, with their own words.
        if PATH_FIELDS.contains(&place.key) {
            return Some(text);
        }
        let (bad, hint) = if let Some(bad) = text.chars().find(|&c| forbidden_char(c)) {
            (
                bad,
                "delete it (it often comes with text pasted from another program)",
            )
        } else if let Some(bad) = text
            .contains('&')
            .then(|| decode_entities(&text).chars().find(|&c| forbidden_char(c)))
            .flatten()
        {
            // Written as a character reference (`&#11;`), which the text is decoded of.
            (
                bad,
                "delete the character reference (`&#…;`) that writes it",
            )
        } else {
            return Some(text);
        };
        self.problem(
            "E-invalid-text",
            place,
            format!(
                "`{}` contains the invisible character U+{:04X}",
                place.key,
                u32::from(bad)
            ),
            hint.to_string(),
        );
        None
    }

    pub(super) fn required_string(&mut self, key: &'static str, example: &str) -> Option<String> {
        let present = self.mapping.get(key).is_some_and(|v| !v.is_null());
        let value = self.string(key);
        match value {
            Some(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(_) => {
                self.problem(
                    "E-missing-field",
                    Place::key(key),
                    format!("`{key}` is empty"),
                    format!("write `{key}: {example}`"),
                );
                None
            }
            None => {
                if !present {
                    self.missing(key, example);
                }
                None
            }
        }
    }

    /// A list of texts; a single text is a one-element list (`topics: soft-power`).
    /// Empty texts are left out.
    pub(super) fn items(&mut self, key: &'static str) -> Vec<Item> {
        match self.take(key) {
            None => Vec::new(),
            Some(Value::String(s)) => self
                .plain_text(s, Place::key(key))
                .map(|s| Item {
                    value: s.trim().to_string(),
                    place: Place::key(key),
                })
                .into_iter()
                .filter(|item| !item.value.is_empty())
                .collect(),
            Some(Value::Sequence(values)) => {
                let mut out = Vec::with_capacity(values.len());
                for (index, value) in values.into_iter().enumerate() {
                    let place = Place::item(key, index);
                    let text = match value {
                        Value::String(s) => match self.plain_text(s, place) {
                            Some(text) => text.trim().to_string(),
                            None => continue,
                        },
                        Value::Number(n) => n.to_string(),
                        _ => {
                            self.wrong_type(key, "a list of texts");
                            return Vec::new();
                        }
                    };
                    if !text.is_empty() {
                        out.push(Item { value: text, place });
                    }
                }
                out
            }
            Some(_) => {
                self.wrong_type(key, "a list of texts, e.g. `[a, b]`");
                Vec::new()
            }
        }
    }

    pub(super) fn string_list(&mut self, key: &'static str) -> Vec<String> {
        self.items(key).into_iter().map(|item| item.value).collect()
    }

    pub(super) fn located_list(&mut self, key: &'static str) -> Vec<Located<String>> {
        self.items(key)
            .into_iter()
            .map(|item| Located {
                value: item.value,
                place: Some(item.place),
            })
            .collect()
    }

    pub(super) fn bool(&mut self, key: &'static str) -> bool {
        match self.take(key) {
            None => false,
            Some(Value::Bool(b)) => b,
            Some(_) => {
                self.wrong_type(key, "`true` or `false`");
                false
            }
        }
    }

    pub(super) fn date(&mut self, key: &'static str, required: bool) -> Option<PublishDate> {
        let text = if required {
            self.required_string(key, "2024-03-12")?
        } else {
            self.string(key)?
        };
        match parse_date(&text) {
            Some(date) => Some(date),
            None => {
                self.problem(
                    "E-invalid-date",
                    Place::key(key),
                    format!("`{text}` is not a valid date"),
                    "write a date as YYYY-MM-DD, or a timestamp such as 2014-07-01T10:00:02-04:00"
                        .to_string(),
                );
                None
            }
        }
    }

    pub(super) fn slug(&mut self) -> Option<Located<String>> {
        match self.string("slug") {
            Some(slug) => {
                if is_valid_slug(&slug) {
                    Some(Located {
                        value: slug,
                        place: Some(Place::key("slug")),
                    })
                } else {
                    let suggestion = slugify(&slug);
                    let hint = if suggestion.is_empty() {
                        "use lowercase letters, digits and hyphens".to_string()
                    } else {
                        format!("use lowercase letters, digits and hyphens, e.g. `{suggestion}`")
                    };
                    self.problem(
                        "E-invalid-slug",
                        Place::key("slug"),
                        format!(
                            "`{slug}` cannot be used as a slug: it must be one URL path segment"
                        ),
                        hint,
                    );
                    None
                }
            }
            None => {
                let stem = crate::model::slug::document_name(&self.file.path);
                let slug = slugify(stem.unwrap_or(""));
                if slug.is_empty() {
                    self.problems.push(
                        Diagnostic::error(
                            "E-invalid-slug",
                            "cannot make a slug from this file name",
                        )
                        .in_file(&self.file.path)
                        .hint("rename the file using letters and digits, or add `slug: my-brief`"),
                    );
                    None
                } else {
                    Some(Located {
                        value: slug,
                        place: None,
                    })
                }
            }
        }
    }

    pub(super) fn finish<T>(self, value: Option<T>) -> Result<T, Vec<Diagnostic>> {
        match value {
            Some(value) if self.problems.is_empty() => Ok(value),
            _ => Err(self.problems),
        }
    }
}

/// Fields whose values are paths or slugs, checked by their own rules
/// (`normalize_alias`, `is_valid_slug`, the `pdf:` check).
const PATH_FIELDS: &[&str] = &["aliases", "slug", "pdf", "image"];

/// Control characters (but tab and line breaks) and Unicode noncharacters: XML 1.0
/// forbids them (a form feed too: values also go into feeds), HTML calls them errors.
fn forbidden_char(c: char) -> bool {
    c == '\u{c}' || crate::model::escape::forbidden_in_html(c)
}
