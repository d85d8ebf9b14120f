//! Values of the front matter that need more than a type: dates, terms with their
//! slugs, series, aliases and attachments.

use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde_yaml::Value;

use super::reader::FieldReader;
use crate::model::escape::decode_entities;
use crate::model::meta::{Located, PdfChoice, PublishDate, SeriesRef, TermName};
use crate::model::slug::slugify;
use crate::model::yaml::Place;

/// Parses a date as `YYYY-MM-DD`, RFC 3339, or `YYYY-MM-DD HH:MM:SS +HH:MM`.
pub fn parse_date(text: &str) -> Option<PublishDate> {
    let text = text.trim();
    // Four digits, 0001 to 9999: chrono would also take signed and five-digit years,
    // which Atom, the sitemap and BibTeX cannot carry.
    let year = text.get(..5)?;
    let plain_year = year.as_bytes()[..4].iter().all(u8::is_ascii_digit) && year.ends_with('-');
    if !plain_year || year.starts_with("0000") {
        return None;
    }
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

/// Region or tag names with their URL slugs; a name without letters or digits has no
/// slug and is an error.
pub(super) fn read_terms(reader: &mut FieldReader, key: &'static str) -> Vec<TermName> {
    let mut terms = Vec::new();
    for mut item in reader.items(key) {
        item.value = decode_entities(&item.value);
        let slug = slugify(&item.value);
        if slug.is_empty() {
            reader.problem(
                "E-invalid-slug",
                item.place,
                format!("`{}` in `{key}` has no letters or digits", item.value),
                "term names need at least one letter or digit to make a URL".to_string(),
            );
            continue;
        }
        terms.push(TermName {
            name: item.value,
            slug,
            place: item.place,
        });
    }
    terms
}

/// `pdf:` and `image:` name a file next to the brief. It must have one of the
/// `extensions` and stay inside the briefs folder (the link stage checks it exists).
pub(super) fn read_attachment(
    reader: &mut FieldReader,
    key: &'static str,
    extensions: &[&str],
) -> Option<Located<String>> {
    let file = reader.string(key)?;
    if let Err(problem) = check_attachment_path(&file, extensions) {
        refuse_attachment(reader, key, &file, problem, extensions);
        return None;
    }
    Some(Located {
        value: file,
        place: Some(Place::key(key)),
    })
}

/// Why a file cannot be the value of `pdf:` or `image:` (see [`check_attachment_path`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachmentProblem {
    /// A part of the path is `..` (`../map.png`): it climbs out of the brief's folder.
    ClimbsOut,
    /// A name in the path holds `..` (`a..b.png`). It leads nowhere else, but the rule
    /// refuses any `..` so that it stays a plain test no path can slip past.
    DotsInName,
    /// Not a path relative to the brief's folder: absolute (`/map.png`), or with a `\`
    /// or a NUL character.
    NotRelative,
    /// The file's extension is not one of the types the field takes.
    WrongType,
}

impl AttachmentProblem {
    /// Why a file is refused, to follow "`file` ...": "has `..` in a name, ...".
    pub fn reason(self, extensions: &[&str]) -> String {
        match self {
            AttachmentProblem::ClimbsOut => "climbs out of the brief's folder (`..`)".to_string(),
            AttachmentProblem::DotsInName => {
                "has `..` in a name, which no path of `image:` or `pdf:` may hold".to_string()
            }
            AttachmentProblem::NotRelative => {
                "is not a path from the brief's folder (it is absolute, or holds a `\\` or a NUL character)".to_string()
            }
            AttachmentProblem::WrongType => format!("is not a {} file", type_list(extensions)),
        }
    }

    /// What a person can do about it.
    pub fn remedy(self, extensions: &[&str]) -> String {
        match self {
            AttachmentProblem::ClimbsOut => {
                "move the file into the briefs folder and write its path from the brief's folder, with no `..`".to_string()
            }
            AttachmentProblem::DotsInName => {
                "rename the file so that no `..` is in its name (`a.b.png` for `a..b.png`)"
                    .to_string()
            }
            AttachmentProblem::NotRelative => {
                "write the file's path from the brief's folder, with `/` between folders".to_string()
            }
            AttachmentProblem::WrongType => {
                format!("convert the file to one of {}", type_list(extensions))
            }
        }
    }
}

/// `.png, .jpg, .gif`
fn type_list(extensions: &[&str]) -> String {
    extensions
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `file` may be the value of `pdf:` or `image:`: a path relative to the
/// brief's folder that stays inside the briefs folder, with one of the `extensions`
/// (in lower case; the file's may be in any case). The build and both importers use
/// this one rule, so what an import writes the build takes.
pub fn check_attachment_path(file: &str, extensions: &[&str]) -> Result<(), AttachmentProblem> {
    if file.contains('\\') || file.contains('\0') || Path::new(file).is_absolute() {
        return Err(AttachmentProblem::NotRelative);
    }
    if file.split('/').any(|part| part == "..") {
        return Err(AttachmentProblem::ClimbsOut);
    }
    if file.contains("..") {
        return Err(AttachmentProblem::DotsInName);
    }
    let extension = Path::new(file)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if !extension.is_some_and(|e| extensions.contains(&e.as_str())) {
        return Err(AttachmentProblem::WrongType);
    }
    Ok(())
}

/// Reports the `key:` value `file` that [`check_attachment_path`] refused, saying why.
fn refuse_attachment(
    reader: &mut FieldReader,
    key: &'static str,
    file: &str,
    problem: AttachmentProblem,
    extensions: &[&str],
) {
    let example = if key == "pdf" {
        "files/kuril-dispute.pdf"
    } else {
        "files/kuril-dispute.png"
    };
    let mut hint = format!(
        "{}; `{key}:` names a file in the briefs folder, e.g. `{key}: {example}`",
        problem.remedy(extensions)
    );
    if key == "pdf" {
        hint.push_str(", or is `false` for no PDF");
    }
    reader.problem(
        "E-unsafe-path",
        Place::key(key),
        format!(
            "`{}` cannot be `{key}:`: it {}",
            file.escape_debug(),
            problem.reason(extensions)
        ),
        hint,
    );
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
    if let Err(problem) = check_attachment_path(&pdf, &["pdf"]) {
        refuse_attachment(reader, "pdf", &pdf, problem, &["pdf"]);
        return PdfChoice::Generated;
    }
    PdfChoice::Attached(Located {
        value: pdf,
        place: Some(Place::key("pdf")),
    })
}

/// `doi:` as `10.<registrant>/<suffix>`; `https://doi.org/...` and `doi:` prefixes are
/// taken off.
pub(super) fn read_doi(reader: &mut FieldReader) -> Option<String> {
    let written = reader.string("doi")?;
    match normalize_doi(&written) {
        Some(doi) => Some(doi),
        None => {
            reader.problem(
                "E-invalid-doi",
                Place::key("doi"),
                format!("`{}` is not a DOI", written.escape_debug()),
                "write the DOI as `10.` + the registrant's digits + `/` + the suffix, e.g. `doi: 10.5555/nb-2019-02`".to_string(),
            );
            None
        }
    }
}

/// A DOI without its resolver prefix, if it is one: `10.`, four to nine digits (with
/// dotted sub-prefixes), `/`, a suffix of visible characters.
pub fn normalize_doi(written: &str) -> Option<String> {
    let trimmed = written.trim();
    let lower = trimmed.to_ascii_lowercase();
    let mut doi = trimmed;
    for prefix in [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ] {
        if lower.starts_with(prefix) {
            doi = trimmed[prefix.len()..].trim();
            break;
        }
    }
    let (registrant, suffix) = doi.strip_prefix("10.")?.split_once('/')?;
    let registrant_ok = registrant
        .split('.')
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && (4..=9).contains(&registrant.split('.').next()?.len());
    let suffix_ok = !suffix.is_empty()
        && suffix
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !matches!(c, '"' | '<' | '>' | '\\'));
    (registrant_ok && suffix_ok).then(|| doi.to_string())
}

pub(super) fn read_series(reader: &mut FieldReader) -> Option<SeriesRef> {
    let value = reader.take("series")?;
    let name = value.get("name").and_then(Value::as_str).map(str::trim);
    let part = value.get("part").and_then(Value::as_u64);
    match (name, part) {
        (Some(name), Some(part)) if !name.is_empty() && (1..=u32::MAX as u64).contains(&part) => {
            if slugify(name).is_empty() {
                reader.problem(
                    "E-invalid-slug",
                    Place::key("series"),
                    format!("series `{name}` has no letters or digits"),
                    "a series name needs at least one letter or digit to make its URL".to_string(),
                );
                return None;
            }
            Some(SeriesRef {
                name: decode_entities(name),
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
