//! Hugo front matter in its three formats (YAML `---`, TOML `+++`, JSON `{`) read
//! into JSON values, and dates in every form Hugo accepts.

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde_json::{Map, Value};

/// A content file cut in two: its front matter as a map, and its body.
pub struct Split<'a> {
    pub fields: Map<String, Value>,
    pub body: &'a str,
    /// The line where the body starts (1-based), for the report.
    pub body_line: usize,
}

/// Why a file's front matter cannot be read, and where: the line and column (from 1)
/// in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

impl Unreadable {
    /// At the byte `at` of `text`.
    fn at(text: &str, at: usize, reason: impl Into<String>) -> Unreadable {
        let at = at.min(text.len());
        let before = &text[..at];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Unreadable {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            reason: reason.into(),
        }
    }
}

/// Splits `text` at its front matter; a file without one is all body.
pub fn split(text: &str) -> Result<Split<'_>, Unreadable> {
    let text = text.trim_start_matches('\u{feff}');
    let start = text.len() - text.trim_start().len();
    let trimmed = &text[start..];
    let (fence, format) = if trimmed.starts_with("---") {
        ("---", Format::Yaml)
    } else if trimmed.starts_with("+++") {
        ("+++", Format::Toml)
    } else if trimmed.starts_with('{') {
        return split_json(text, start);
    } else {
        return Ok(Split {
            fields: Map::new(),
            body: text,
            body_line: 1,
        });
    };
    let after_open = start + trimmed.find('\n').map_or(trimmed.len(), |i| i + 1);
    let mut line_start = after_open;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        if text[line_start..line_end].trim_end() == fence {
            let header = &text[after_open..line_start];
            let body_start = (line_end + 1).min(text.len());
            let fields = match format {
                Format::Yaml => yaml(header),
                Format::Toml => toml_fields(header),
            };
            // Where in the header, as a place in the file.
            let fields =
                fields.map_err(|(at, reason)| Unreadable::at(text, after_open + at, reason))?;
            return Ok(Split {
                fields,
                body: &text[body_start..],
                body_line: text[..body_start].matches('\n').count() + 1,
            });
        }
        line_start = line_end + 1;
    }
    Err(Unreadable::at(
        text,
        start,
        format!("the front matter opened with `{fence}` is never closed"),
    ))
}

enum Format {
    Yaml,
    Toml,
}

/// The fields of a YAML header, or the byte of the header where it is wrong and why.
fn yaml(header: &str) -> Result<Map<String, Value>, (usize, String)> {
    if header.trim().is_empty() {
        return Ok(Map::new());
    }
    let value: serde_yaml::Value = serde_yaml::from_str(header).map_err(|e| {
        let at = e.location().map_or(0, |l| l.index());
        // The place is given as the file's line and column instead of the header's.
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        (at, format!("invalid YAML: {message}"))
    })?;
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(_) => Err((
            0,
            "the front matter is not a list of `key: value` fields".into(),
        )),
        Err(e) => Err((0, format!("invalid YAML: {e}"))),
    }
}

/// The fields of a TOML header, or the byte of the header where it is wrong and why.
fn toml_fields(header: &str) -> Result<Map<String, Value>, (usize, String)> {
    let table: toml::Table = header.parse().map_err(|e: toml::de::Error| {
        let at = e.span().map_or(0, |span| span.start);
        (at, format!("invalid TOML: {}", e.message().trim()))
    })?;
    match from_toml(toml::Value::Table(table)) {
        Value::Object(map) => Ok(map),
        _ => Ok(Map::new()),
    }
}

/// TOML values as JSON ones; a TOML date-time becomes its text.
fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
        }
    }
}

/// JSON front matter: an object at the start of the file, the body after it.
fn split_json(text: &str, start: usize) -> Result<Split<'_>, Unreadable> {
    let mut stream = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
    match stream.next() {
        Some(Ok(Value::Object(fields))) => {
            let end = start + stream.byte_offset();
            Ok(Split {
                fields,
                body: &text[end..],
                body_line: text[..end].matches('\n').count() + 1,
            })
        }
        Some(Err(e)) => {
            // serde_json counts lines and columns from the object's start.
            let line = text[..start].matches('\n').count() + e.line();
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message);
            Err(Unreadable {
                line,
                column: e.column(),
                reason: format!("invalid JSON front matter: {message}"),
            })
        }
        _ => Err(Unreadable::at(text, start, "invalid JSON front matter")),
    }
}

/// A date in any form Hugo reads (RFC 3339 with or without fractions and offset,
/// a day, a space instead of `T`, offsets with or without a colon, RFC 1123/2822,
/// `02 Jan 2006`, `January 2, 2006`, a Unix timestamp), as Statecraft writes dates:
/// `2006-01-02` or `2006-01-02T15:04:05-07:00` (no offset: UTC, as Hugo takes it).
pub fn date(value: &Value) -> Option<String> {
    if let Some(seconds) = value.as_i64() {
        return DateTime::from_timestamp(seconds, 0)
            .map(|d| d.format("%Y-%m-%dT%H:%M:%S+00:00").to_string());
    }
    let text = value.as_str()?.trim();
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(day.format("%Y-%m-%d").to_string());
    }
    let with_offset = [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f %:z",
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
    ];
    let parsed = DateTime::parse_from_rfc3339(text)
        .ok()
        .or_else(|| {
            with_offset
                .iter()
                .find_map(|f| DateTime::parse_from_str(text, f).ok())
        })
        .or_else(|| DateTime::parse_from_rfc2822(text).ok());
    if let Some(date) = parsed {
        return Some(date.format("%Y-%m-%dT%H:%M:%S%:z").to_string());
    }
    let text = text.trim_end_matches(" UTC").trim_end_matches('Z');
    let naive = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ];
    if let Some(time) = naive
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    {
        return Some(time.format("%Y-%m-%dT%H:%M:%S+00:00").to_string());
    }
    let days = ["%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%Y/%m/%d"];
    days.iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
        .map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_front_matter_format() {
        let yaml = split("\n---\ntitle: A\ndate: 2024-03-01\n---\nBody\n").unwrap();
        assert_eq!(yaml.fields["title"], "A");
        assert_eq!(yaml.body, "Body\n");
        assert_eq!(yaml.body_line, 6);
        let toml = split(
            "+++\ntitle = \"B\"\ndate = 2024-03-01T10:00:00-05:00\ntags = [\"x\"]\n+++\nBody",
        )
        .unwrap();
        assert_eq!(toml.fields["title"], "B");
        assert_eq!(
            date(&toml.fields["date"]).unwrap(),
            "2024-03-01T10:00:00-05:00"
        );
        let json = split("{\n\"title\": \"C\"\n}\nBody").unwrap();
        assert_eq!(json.fields["title"], "C");
        assert_eq!(json.body.trim(), "Body");
        assert!(split("---\ntitle: A\n").is_err());
    }

    #[test]
    fn dates_in_every_hugo_form() {
        for (written, expected) in [
            ("2024-03-01", "2024-03-01"),
            ("2024-03-01T10:00:00Z", "2024-03-01T10:00:00+00:00"),
            ("2024-03-01T10:00:00.123+09:00", "2024-03-01T10:00:00+09:00"),
            ("2024-03-01T10:00:00-0500", "2024-03-01T10:00:00-05:00"),
            ("2024-03-01 10:00:00 +03:00", "2024-03-01T10:00:00+03:00"),
            ("2024-03-01 10:00:00 -0700", "2024-03-01T10:00:00-07:00"),
            ("2024-03-01T10:00:00", "2024-03-01T10:00:00+00:00"),
            ("2024-03-01 10:00", "2024-03-01T10:00:00+00:00"),
            (
                "Fri, 01 Mar 2024 10:00:00 +0100",
                "2024-03-01T10:00:00+01:00",
            ),
            ("01 Mar 2024", "2024-03-01"),
            ("March 1, 2024", "2024-03-01"),
        ] {
            assert_eq!(
                date(&Value::from(written)).as_deref(),
                Some(expected),
                "{written}"
            );
        }
        assert_eq!(
            date(&Value::from(1709287200)).as_deref(),
            Some("2024-03-01T10:00:00+00:00")
        );
        assert_eq!(date(&Value::from("soon")), None);
    }
}
