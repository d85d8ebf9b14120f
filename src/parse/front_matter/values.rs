//! Values of the front matter that need more than a type: dates, terms with their
//! slugs, series, aliases and attachments.

use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde_yaml::Value;

use super::reader::FieldReader;
use crate::model::meta::{Located, PdfChoice, PublishDate, SeriesRef};
use crate::model::slug::slugify;
use crate::model::yaml::Place;

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

/// Region or tag names and their URL slugs; a name without letters or digits has no
/// slug and is an error.
pub(super) fn read_terms(
    reader: &mut FieldReader,
    key: &'static str,
) -> (Vec<String>, Vec<String>) {
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

/// `pdf:` is `true` (the typeset PDF, also the default), `false` (no PDF), or names a
/// file next to the brief, which must exist, be a PDF and stay inside the briefs folder.
pub(super) fn read_pdf(reader: &mut FieldReader) -> PdfChoice {
    let pdf = match reader.take("pdf") {
        None | Some(Value::Bool(true)) => return PdfChoice::Generated,
        Some(Value::Bool(false)) => return PdfChoice::Off,
        Some(Value::String(pdf)) => pdf,
        Some(_) => {
            reader.wrong_type(
                "pdf",
                "`true`, `false` or the name of a PDF file next to the brief",
            );
            return PdfChoice::Generated;
        }
    };
    let escapes = pdf.contains("..")
        || pdf.contains('\\')
        || pdf.contains('\0')
        || Path::new(&pdf).is_absolute();
    if escapes || !pdf.to_ascii_lowercase().ends_with(".pdf") {
        reader.problem(
            "E-unsafe-path",
            Place::key("pdf"),
            format!("`{}` is not a PDF file next to this brief", pdf.escape_debug()),
            "write the name of a .pdf file in the briefs folder, e.g. `pdf: files/kuril-dispute.pdf`, or `pdf: false` for no PDF".to_string(),
        );
        return PdfChoice::Generated;
    }
    PdfChoice::Attached(Located {
        value: pdf,
        place: Some(Place::key("pdf")),
    })
}
pub(super) fn read_series(reader: &mut FieldReader) -> Option<SeriesRef> {
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

pub(super) fn read_aliases(reader: &mut FieldReader) -> Vec<Located<String>> {
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
