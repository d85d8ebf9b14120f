//! Front matter: splitting a file into its YAML header and Markdown body, and turning
//! the header into typed, validated metadata. The only user of `serde_yaml`.
//!
//! Fields are read one by one rather than with one `Deserialize` so that every problem
//! of a header is reported (an unknown key *and* a bad date *and* a missing summary),
//! each at its own line.

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use serde_yaml::{Mapping, Value};

use crate::config::{yaml_message, Config};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::slug::{is_valid_slug, slugify};
use crate::source::SourceFile;

/// A file cut in two at its front matter fences. Offsets are bytes into the file.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// A value from the front matter with where it was written, for diagnostics that come
/// later (the link stage checks `related:` slugs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    /// Byte offset in the file.
    pub offset: usize,
}

/// A publication date: a calendar day, optionally with a time and UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishDate {
    pub day: NaiveDate,
    pub time: Option<DateTime<FixedOffset>>,
}

impl PublishDate {
    /// RFC 3339 timestamp; a plain day is taken as midnight UTC.
    pub fn rfc3339(&self) -> String {
        match self.time {
            Some(time) => time.to_rfc3339(),
            None => format!("{}T00:00:00Z", self.day.format("%Y-%m-%d")),
        }
    }

    /// `2024-03-12`.
    pub fn iso_day(&self) -> String {
        self.day.format("%Y-%m-%d").to_string()
    }

    /// `12 March 2024`.
    pub fn human(&self) -> String {
        self.day.format("%-d %B %Y").to_string()
    }

    /// Seconds since the epoch, for ordering briefs by date.
    pub fn timestamp(&self) -> i64 {
        match self.time {
            Some(time) => time.timestamp(),
            None => self.day.and_time(NaiveTime::MIN).and_utc().timestamp(),
        }
    }
}

/// `series: {name, part}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SeriesRef {
    pub name: String,
    pub part: u32,
}

/// The validated front matter of a brief.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefMeta {
    pub title: String,
    pub subtitle: String,
    pub date: PublishDate,
    pub updated: Option<PublishDate>,
    pub summary: String,
    /// Author ids, each declared in the registry.
    pub authors: Vec<String>,
    /// Topic slugs, each declared in the configuration.
    pub topics: Vec<String>,
    pub regions: Vec<String>,
    pub tags: Vec<String>,
    pub series: Option<SeriesRef>,
    /// Slugs of briefs the author says are related; checked by the link stage.
    pub related: Vec<Located<String>>,
    pub key_findings: Vec<String>,
    pub recommendations: Vec<String>,
    pub draft: bool,
    pub slug: Located<String>,
    /// Old site paths (`old/path/`) that redirect here.
    pub aliases: Vec<Located<String>>,
    /// The report number (`NB-2024-07`), for citations.
    pub number: String,
    /// A PDF version, relative to the brief's file; copied next to the brief page.
    pub pdf: Option<Located<String>>,
}

/// The validated front matter of a standalone page.
#[derive(Debug, Clone)]
pub struct PageMeta {
    pub title: String,
    pub summary: String,
    pub slug: Located<String>,
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
                format!("invalid YAML in front matter: {}", yaml_message(&err)),
            )
            .at(&file.path, &file.text, offset, 1)
            .hint("check indentation and quoting; text containing `: ` must be in quotes"))
        }
    }
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
        known: &[&str],
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

    fn check_keys(&mut self, known: &[&str]) {
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
            let offset = self.key_offset(&name).unwrap_or(self.split.yaml_offset);
            self.problems.push(
                Diagnostic::error(
                    "E-unknown-key",
                    format!("unknown front matter field `{name}`"),
                )
                .at(&self.file.path, &self.file.text, offset, name.len())
                .hint(hint),
            );
        }
    }

    /// Byte offset in the file of the top-level `key:` line.
    fn key_offset(&self, key: &str) -> Option<usize> {
        let yaml = self.split.yaml;
        let mut line_start = 0;
        for line in yaml.split_inclusive('\n') {
            let rest = line.strip_prefix(key).or_else(|| {
                line.strip_prefix('"')
                    .and_then(|l| l.strip_prefix(key))
                    .and_then(|l| l.strip_prefix('"'))
            });
            if rest.is_some_and(|r| r.trim_start().starts_with(':')) {
                return Some(self.split.yaml_offset + line_start);
            }
            line_start += line.len();
        }
        None
    }

    /// Byte offset in the file of `needle` within the value of `key` (falls back to the key).
    fn value_offset(&self, key: &str, needle: &str) -> usize {
        let Some(key_offset) = self.key_offset(key) else {
            return self.split.yaml_offset;
        };
        let yaml_end = self.split.yaml_offset + self.split.yaml.len();
        let after_key = key_offset + key.len();
        // The value ends at the next line that starts a new top-level key.
        let region_end = self.file.text[after_key..yaml_end]
            .match_indices('\n')
            .map(|(i, _)| after_key + i + 1)
            .find(|&start| {
                let next = self.file.text[start..yaml_end].chars().next();
                next.is_some_and(|c| !c.is_whitespace() && c != '-' && c != '#')
            })
            .unwrap_or(yaml_end);
        self.file.text[after_key..region_end]
            .find(needle)
            .map_or(key_offset, |i| after_key + i)
    }

    fn problem(
        &mut self,
        code: &'static str,
        key: &str,
        needle: &str,
        message: String,
        hint: String,
    ) {
        let offset = self.value_offset(key, needle);
        let len = if needle.is_empty() {
            key.len()
        } else {
            needle.len()
        };
        self.problems.push(
            Diagnostic::error(code, message)
                .at(&self.file.path, &self.file.text, offset, len)
                .hint(hint),
        );
    }

    fn missing(&mut self, key: &str, example: &str) {
        self.problems.push(
            Diagnostic::error(
                "E-missing-field",
                format!("required field `{key}` is missing"),
            )
            .at(
                &self.file.path,
                &self.file.text,
                self.split.yaml_offset.saturating_sub(4),
                3,
            )
            .hint(format!("add a line `{key}: {example}` to the front matter")),
        );
    }

    fn wrong_type(&mut self, key: &str, expected: &str) {
        let offset = self.key_offset(key).unwrap_or(self.split.yaml_offset);
        self.problems.push(
            Diagnostic::error("E-wrong-type", format!("`{key}` must be {expected}"))
                .at(&self.file.path, &self.file.text, offset, key.len())
                .hint(format!("write `{key}` as {expected}")),
        );
    }

    fn take(&mut self, key: &str) -> Option<Value> {
        match self.mapping.remove(key) {
            Some(Value::Null) | None => None,
            Some(value) => Some(value),
        }
    }

    /// A text field; numbers and booleans are taken as their text (`title: 1984`).
    fn string(&mut self, key: &str) -> Option<String> {
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

    fn required_string(&mut self, key: &str, example: &str) -> Option<String> {
        let present = self.mapping.get(key).is_some_and(|v| !v.is_null());
        let value = self.string(key);
        match value {
            Some(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(_) => {
                self.problem(
                    "E-missing-field",
                    key,
                    "",
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
    fn string_list(&mut self, key: &str) -> Vec<String> {
        match self.take(key) {
            None => Vec::new(),
            Some(Value::String(s)) => vec![s.trim().to_string()],
            Some(Value::Sequence(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.trim().to_string()),
                        Value::Number(n) => out.push(n.to_string()),
                        _ => {
                            self.wrong_type(key, "a list of texts");
                            return Vec::new();
                        }
                    }
                }
                out.retain(|s| !s.is_empty());
                out
            }
            Some(_) => {
                self.wrong_type(key, "a list of texts, e.g. `[a, b]`");
                Vec::new()
            }
        }
    }

    fn bool(&mut self, key: &str) -> bool {
        match self.take(key) {
            None => false,
            Some(Value::Bool(b)) => b,
            Some(_) => {
                self.wrong_type(key, "`true` or `false`");
                false
            }
        }
    }

    fn date(&mut self, key: &str, required: bool) -> Option<PublishDate> {
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
                    key,
                    &text,
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
                let offset = self.value_offset("slug", &slug);
                if is_valid_slug(&slug) {
                    Some(Located {
                        value: slug,
                        offset,
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
                        "slug",
                        &slug,
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
                        offset: 0,
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
    let topics = reader.string_list("topics");
    if topics.is_empty() {
        if topics_present {
            reader.problem(
                "E-missing-field",
                "topics",
                "",
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
        if config.topic(topic).is_none() {
            let hint = match config.suggest_topic(&slugify(topic)) {
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
                "topics",
                topic,
                format!("unknown topic `{topic}`"),
                hint,
            );
        }
    }
    let authors = reader.string_list("authors");
    for author in &authors {
        if config.author(author).is_none() {
            let hint = match config.suggest_author(author) {
                Some(s) => format!(
                    "did you mean `{s}`? Authors are declared under `authors:` in site/config.yaml"
                ),
                None => "add the author to `authors:` in site/config.yaml, or use a declared id"
                    .to_string(),
            };
            reader.problem(
                "E-unknown-author",
                "authors",
                author,
                format!("unknown author `{author}`"),
                hint,
            );
        }
    }
    let regions = reader.string_list("regions");
    let tags = reader.string_list("tags");
    let series = read_series(&mut reader);
    let related = reader
        .string_list("related")
        .into_iter()
        .map(|slug| Located {
            offset: reader.value_offset("related", &slug),
            value: slug,
        })
        .collect();
    let key_findings = reader.string_list("key_findings");
    let recommendations = reader.string_list("recommendations");
    let draft = reader.bool("draft");
    let slug = reader.slug();
    let aliases = read_aliases(&mut reader);
    let number = reader.string("number").unwrap_or_default();
    let pdf = read_pdf(&mut reader);

    let meta = (|| {
        Some(BriefMeta {
            title: title?,
            subtitle,
            date: date?,
            updated,
            summary: summary?,
            authors,
            topics,
            regions,
            tags,
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

/// `pdf:` names a file next to the brief. It must exist, be a PDF and stay inside the
/// briefs folder.
fn read_pdf(reader: &mut FieldReader) -> Option<Located<String>> {
    let pdf = reader.string("pdf")?;
    let offset = reader.value_offset("pdf", &pdf);
    let escapes = pdf.contains("..")
        || pdf.contains('\\')
        || pdf.contains('\0')
        || Path::new(&pdf).is_absolute();
    if escapes || !pdf.to_ascii_lowercase().ends_with(".pdf") {
        reader.problem(
            "E-unsafe-path",
            "pdf",
            &pdf,
            format!("`{}` is not a PDF file next to this brief", pdf.escape_debug()),
            "write the name of a .pdf file in the briefs folder, e.g. `pdf: files/kuril-dispute.pdf`".to_string(),
        );
        return None;
    }
    Some(Located { value: pdf, offset })
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
    for alias in reader.string_list("aliases") {
        match normalize_alias(&alias) {
            Ok(path) => aliases.push(Located {
                offset: reader.value_offset("aliases", &alias),
                value: path,
            }),
            Err(why) => reader.problem(
                "E-unsafe-path",
                "aliases",
                &alias,
                format!("alias `{}` is not allowed: {why}", alias.escape_debug()),
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
