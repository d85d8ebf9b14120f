//! Front matter: splitting a file into its YAML header and Markdown body, and turning
//! the header into typed, validated metadata.
//!
//! Fields are read one by one rather than with one `Deserialize` so that every problem
//! of a header is reported (an unknown key *and* a bad date *and* a missing summary),
//! each at its own place: values are read with `serde_yaml`, and a problem's place is
//! found by its path in the YAML ([`crate::model::yaml`]).

use std::ops::Range;
use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde_yaml::{Mapping, Value};

use crate::config::Config;
use crate::load::SourceFile;
use crate::model::diagnostics::{did_you_mean, Diagnostic};
use crate::model::meta::{BriefMeta, Located, PageMeta, PublishDate, SeriesRef};
use crate::model::slug::{is_valid_slug, slugify};
use crate::model::yaml::{self, Place, Step};

/// A file cut in two at its front matter fences. Offsets are bytes into the file.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

const BRIEF_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "date",
    "updated",
    "summary",
    "authors",
    "topics",
    "regions",
    "tags",
    "series",
    "related",
    "key_findings",
    "recommendations",
    "draft",
    "slug",
    "aliases",
    "number",
    "pdf",
];
const PAGE_KEYS: &[&str] = &["title", "summary", "slug"];

const FRONT_MATTER_EXAMPLE: &str =
    "start the file with a front matter block: a line `---`, then `title: ...`, `date: YYYY-MM-DD`, `summary: ...`, `topics: [...]`, then a line `---`";

/// Cuts `file` at its `---` fences.
pub fn split(file: &SourceFile) -> Result<Split<'_>, Diagnostic> {
    let text = file.text.as_str();
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if text[start..].trim().is_empty() {
        return Err(Diagnostic::error("E-empty-file", "this file is empty")
            .in_file(&file.path)
            .hint(FRONT_MATTER_EXAMPLE));
    }
    let first_line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if text[start..first_line_end].trim_end() != "---" {
        return Err(
            Diagnostic::error("E-no-front-matter", "this file has no front matter")
                .at(&file.path, text, start, first_line_end - start)
                .hint(FRONT_MATTER_EXAMPLE),
        );
    }
    let yaml_offset = (first_line_end + 1).min(text.len());
    let mut line_start = yaml_offset;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end();
        if line == "---" || line == "..." {
            let body_offset = (line_end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_offset..line_start],
                yaml_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        line_start = line_end + 1;
    }
    Err(Diagnostic::error(
        "E-unterminated-front-matter",
        "the front matter that starts here is never closed",
    )
    .at(&file.path, text, start, 3)
    .hint("add a line `---` after the last front matter field, before the Markdown text"))
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
            let offset = err
                .location()
                .map_or(split.yaml_offset, |l| split.yaml_offset + l.index());
            Err(Diagnostic::error(
                "E-yaml",
                format!(
                    "invalid YAML in front matter: {}",
                    yaml::serde_message(&err)
                ),
            )
            .at(&file.path, &file.text, offset, 1)
            .hint("check indentation and quoting; text containing `: ` must be in quotes"))
        }
    }
}

/// Where a value of the front matter is, in the file: the range of `place` in the YAML
/// that starts at `yaml_offset` (the key when `at_key`), or the opening fence when the
/// YAML has no such node.
pub fn locate(text: &str, yaml: Range<usize>, place: Place, at_key: bool) -> Range<usize> {
    let fence = yaml.start.saturating_sub(4)..yaml.start.saturating_sub(1);
    let Some(header) = text.get(yaml.clone()) else {
        return fence;
    };
    match yaml::find(header, &place.path()) {
        Some(found) => {
            let range = match found.key {
                Some(key) if at_key => key,
                _ => found.value,
            };
            yaml.start + range.start..yaml.start + range.end
        }
        None => fence,
    }
}

/// A text read from a list (or a single text standing for a one-item list), with its
/// place.
struct Item {
    value: String,
    place: Place,
}

/// Reads fields out of a mapping, remembering problems instead of stopping at the first.
struct FieldReader<'a> {
    file: &'a SourceFile,
    split: Split<'a>,
    mapping: Mapping,
    problems: Vec<Diagnostic>,
}

impl<'a> FieldReader<'a> {
    fn new(
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
    fn problem(&mut self, code: &'static str, place: Place, message: String, hint: String) {
        let range = self.locate(place, false);
        self.push(Diagnostic::error(code, message).hint(hint), range);
    }

    fn missing(&mut self, key: &str, example: &str) {
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

    fn wrong_type(&mut self, key: &'static str, expected: &str) {
        let range = self.locate(Place::key(key), true);
        self.push(
            Diagnostic::error("E-wrong-type", format!("`{key}` must be {expected}"))
                .hint(format!("write `{key}` as {expected}")),
            range,
        );
    }

    fn take(&mut self, key: &str) -> Option<Value> {
        match self.mapping.remove(key) {
            Some(Value::Null) | None => None,
            Some(value) => Some(value),
        }
    }

    /// A text field; numbers and booleans are taken as their text (`title: 1984`).
    fn string(&mut self, key: &'static str) -> Option<String> {
        match self.take(key)? {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                self.wrong_type(key, "text");
                None
            }
        }
    }

    fn required_string(&mut self, key: &'static str, example: &str) -> Option<String> {
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
    fn items(&mut self, key: &'static str) -> Vec<Item> {
        match self.take(key) {
            None => Vec::new(),
            Some(Value::String(s)) => vec![Item {
                value: s.trim().to_string(),
                place: Place::key(key),
            }]
            .into_iter()
            .filter(|item| !item.value.is_empty())
            .collect(),
            Some(Value::Sequence(values)) => {
                let mut out = Vec::with_capacity(values.len());
                for (index, value) in values.into_iter().enumerate() {
                    let text = match value {
                        Value::String(s) => s.trim().to_string(),
                        Value::Number(n) => n.to_string(),
                        _ => {
                            self.wrong_type(key, "a list of texts");
                            return Vec::new();
                        }
                    };
                    if !text.is_empty() {
                        out.push(Item {
                            value: text,
                            place: Place::item(key, index),
                        });
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

    fn string_list(&mut self, key: &'static str) -> Vec<String> {
        self.items(key).into_iter().map(|item| item.value).collect()
    }

    fn located_list(&mut self, key: &'static str) -> Vec<Located<String>> {
        self.items(key)
            .into_iter()
            .map(|item| Located {
                value: item.value,
                place: Some(item.place),
            })
            .collect()
    }

    fn bool(&mut self, key: &'static str) -> bool {
        match self.take(key) {
            None => false,
            Some(Value::Bool(b)) => b,
            Some(_) => {
                self.wrong_type(key, "`true` or `false`");
                false
            }
        }
    }

    fn date(&mut self, key: &'static str, required: bool) -> Option<PublishDate> {
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

    fn slug(&mut self) -> Option<Located<String>> {
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
                let stem = self
                    .file
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned());
                let slug = slugify(stem.as_deref().unwrap_or(""));
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

    fn finish<T>(self, value: Option<T>) -> Result<T, Vec<Diagnostic>> {
        match value {
            Some(value) if self.problems.is_empty() => Ok(value),
            _ => Err(self.problems),
        }
    }
}

/// Parses a date as `YYYY-MM-DD`, RFC 3339, or `YYYY-MM-DD HH:MM:SS +HH:MM`.
pub fn parse_date(text: &str) -> Option<PublishDate> {
    let text = text.trim();
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(PublishDate { day, time: None });
    }
    let with_offset = DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S %:z"))
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S %z"))
        .ok()
        .or_else(|| {
            // A timestamp without an offset is taken as UTC.
            ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
                .map(|t| t.and_utc().fixed_offset())
        })?;
    Some(PublishDate {
        day: with_offset.date_naive(),
        time: Some(with_offset),
    })
}

/// Reads and validates a brief's front matter against the site configuration.
pub fn parse_brief(
    file: &SourceFile,
    split: Split,
    config: &Config,
) -> Result<BriefMeta, Vec<Diagnostic>> {
    let mut reader = FieldReader::new(file, split, BRIEF_KEYS)?;
    let title = reader.required_string("title", "\"The title of the brief\"");
    let subtitle = reader.string("subtitle").unwrap_or_default();
    let date = reader.date("date", true);
    let updated = reader.date("updated", false);
    let summary = reader.required_string("summary", "\"Two sentences on what the brief argues.\"");

    let topics_present = reader.mapping.get("topics").is_some_and(|v| !v.is_null());
    let topics = reader.items("topics");
    if topics.is_empty() {
        if topics_present {
            reader.problem(
                "E-missing-field",
                Place::key("topics"),
                "`topics` is empty".to_string(),
                format!("list at least one of: {}", topic_list(config)),
            );
        } else {
            reader.missing(
                "topics",
                &format!(
                    "[{}]",
                    config
                        .topics
                        .first()
                        .map_or("soft-power", |t| t.slug.as_str())
                ),
            );
        }
    }
    for topic in &topics {
        if config.topic(&topic.value).is_none() {
            let hint = match config.suggest_topic(&slugify(&topic.value)) {
                Some(s) => format!(
                    "did you mean `{s}`? Declared topics: {}",
                    topic_list(config)
                ),
                None => format!(
                    "declared topics are: {} (see site/config.yaml)",
                    topic_list(config)
                ),
            };
            reader.problem(
                "E-unknown-topic",
                topic.place,
                format!("unknown topic `{}`", topic.value),
                hint,
            );
        }
    }
    let authors = reader.items("authors");
    for author in &authors {
        if config.author(&author.value).is_none() {
            let hint = match config.suggest_author(&author.value) {
                Some(s) => format!(
                    "did you mean `{s}`? Authors are declared under `authors:` in site/config.yaml"
                ),
                None => "add the author to `authors:` in site/config.yaml, or use a declared id"
                    .to_string(),
            };
            reader.problem(
                "E-unknown-author",
                author.place,
                format!("unknown author `{}`", author.value),
                hint,
            );
        }
    }
    let (regions, region_slugs) = read_terms(&mut reader, "regions");
    let (tags, tag_slugs) = read_terms(&mut reader, "tags");
    let series = read_series(&mut reader);
    let related = reader.located_list("related");
    let key_findings = reader.string_list("key_findings");
    let recommendations = reader.string_list("recommendations");
    let draft = reader.bool("draft");
    let slug = reader.slug();
    let aliases = read_aliases(&mut reader);
    let number = reader.string("number").unwrap_or_default();
    let pdf = read_pdf(&mut reader);
    let values = |items: Vec<Item>| items.into_iter().map(|item| item.value).collect();

    let meta = (|| {
        Some(BriefMeta {
            title: title?,
            subtitle,
            date: date?,
            updated,
            summary: summary?,
            authors: values(authors),
            topics: values(topics),
            regions,
            region_slugs,
            tags,
            tag_slugs,
            series,
            related,
            key_findings,
            recommendations,
            draft,
            slug: slug?,
            aliases,
            number,
            pdf,
        })
    })();
    reader.finish(meta)
}

/// Region or tag names and their URL slugs; a name without letters or digits has no
/// slug and is an error.
fn read_terms(reader: &mut FieldReader, key: &'static str) -> (Vec<String>, Vec<String>) {
    let mut names = Vec::new();
    let mut slugs = Vec::new();
    for item in reader.items(key) {
        let slug = slugify(&item.value);
        if slug.is_empty() {
            reader.problem(
                "E-invalid-slug",
                item.place,
                format!("`{}` in `{key}` has no letters or digits", item.value),
                "term names need at least one letter or digit to make a URL".to_string(),
            );
        }
        names.push(item.value);
        slugs.push(slug);
    }
    (names, slugs)
}

/// `pdf:` names a file next to the brief. It must exist, be a PDF and stay inside the
/// briefs folder.
fn read_pdf(reader: &mut FieldReader) -> Option<Located<String>> {
    let pdf = reader.string("pdf")?;
    let escapes = pdf.contains("..")
        || pdf.contains('\\')
        || pdf.contains('\0')
        || Path::new(&pdf).is_absolute();
    if escapes || !pdf.to_ascii_lowercase().ends_with(".pdf") {
        reader.problem(
            "E-unsafe-path",
            Place::key("pdf"),
            format!("`{}` is not a PDF file next to this brief", pdf.escape_debug()),
            "write the name of a .pdf file in the briefs folder, e.g. `pdf: files/kuril-dispute.pdf`".to_string(),
        );
        return None;
    }
    Some(Located {
        value: pdf,
        place: Some(Place::key("pdf")),
    })
}
pub fn parse_page(file: &SourceFile, split: Split) -> Result<PageMeta, Vec<Diagnostic>> {
    let mut reader = FieldReader::new(file, split, PAGE_KEYS)?;
    let title = reader.required_string("title", "About us");
    let summary = reader.string("summary").unwrap_or_default();
    let slug = reader.slug();
    let meta = (|| {
        Some(PageMeta {
            title: title?,
            summary,
            slug: slug?,
        })
    })();
    reader.finish(meta)
}

fn topic_list(config: &Config) -> String {
    config
        .topics
        .iter()
        .map(|t| format!("`{}`", t.slug))
        .collect::<Vec<_>>()
        .join(", ")
}

fn read_series(reader: &mut FieldReader) -> Option<SeriesRef> {
    let value = reader.take("series")?;
    let name = value.get("name").and_then(Value::as_str).map(str::trim);
    let part = value.get("part").and_then(Value::as_u64);
    match (name, part) {
        (Some(name), Some(part)) if !name.is_empty() && (1..=u32::MAX as u64).contains(&part) => {
            Some(SeriesRef {
                name: name.to_string(),
                part: part as u32,
            })
        }
        _ => {
            reader.wrong_type(
                "series",
                "`{name: Series name, part: 1}` with a part number of 1 or more",
            );
            None
        }
    }
}

fn read_aliases(reader: &mut FieldReader) -> Vec<Located<String>> {
    let mut aliases = Vec::new();
    for alias in reader.items("aliases") {
        match normalize_alias(&alias.value) {
            Ok(path) => aliases.push(Located {
                value: path,
                place: Some(alias.place),
            }),
            Err(why) => reader.problem(
                "E-unsafe-path",
                alias.place,
                format!(
                    "alias `{}` is not allowed: {why}",
                    alias.value.escape_debug()
                ),
                "write an old address of this site, e.g. `/2019/kuril-dispute/` or `/old/brief.html`".to_string(),
            ),
        }
    }
    aliases
}

/// Turns an alias such as `/old/brief/` or `old.html` into a site path inside the
/// output folder, refusing anything that could point outside it.
pub fn normalize_alias(alias: &str) -> Result<String, &'static str> {
    if alias.contains('\0') {
        return Err("it contains a NUL character");
    }
    if alias.contains('\\') {
        return Err("it contains a backslash");
    }
    if alias.contains("://") || alias.starts_with("//") {
        return Err("it must be a path on this site, not a full URL");
    }
    if Path::new(alias).is_absolute() && !alias.starts_with('/') {
        return Err("it is an absolute file system path");
    }
    let trimmed = alias.trim_start_matches('/');
    let segments: Vec<&str> = trimmed.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty() {
        return Err("it is the home page");
    }
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Err("it contains `.` or `..` segments");
    }
    if segments
        .iter()
        .any(|s| s.chars().any(|c| c.is_control() || c == '?' || c == '#'))
    {
        return Err("it contains control characters, `?` or `#`");
    }
    let mut path = segments.join("/");
    let is_file = segments
        .last()
        .is_some_and(|s| s.ends_with(".html") || s.ends_with(".htm"));
    if !is_file {
        path.push('/');
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            path: "briefs/x.md".into(),
            text: text.to_string(),
        }
    }

    #[test]
    fn split_finds_the_fences() {
        let f = file("---\ntitle: A\n---\nBody\n");
        let split = split(&f).unwrap();
        assert_eq!(split.yaml, "title: A\n");
        assert_eq!(split.body, "Body\n");
        assert_eq!(&f.text[split.body_offset..], "Body\n");
    }

    #[test]
    fn dates_in_every_documented_form() {
        assert_eq!(parse_date("2024-03-12").unwrap().iso_day(), "2024-03-12");
        let with_offset = parse_date("2014-07-01T10:00:02-04:00").unwrap();
        assert_eq!(with_offset.rfc3339(), "2014-07-01T10:00:02-04:00");
        let spaced = parse_date("2014-07-01 10:00:02 -04:00").unwrap();
        assert_eq!(spaced, with_offset);
        assert!(parse_date("yesterday").is_none());
        assert!(parse_date("2024-02-30").is_none());
    }

    #[test]
    fn aliases_cannot_escape_the_output() {
        assert_eq!(normalize_alias("/old/brief/").unwrap(), "old/brief/");
        assert_eq!(normalize_alias("old.html").unwrap(), "old.html");
        for bad in [
            "../../etc",
            "/a/../../b",
            "a\\b",
            "a\0b",
            "https://x.org/a",
            "/",
        ] {
            assert!(normalize_alias(bad).is_err(), "{bad:?} accepted");
        }
    }
}
