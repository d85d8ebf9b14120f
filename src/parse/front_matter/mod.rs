//! Front matter: splitting a file into its YAML header and Markdown body, and turning
//! the header into typed, validated metadata.
//!
//! Fields are read one by one rather than with one `Deserialize` so that every problem
//! of a header is reported (an unknown key *and* a bad date *and* a missing summary),
//! each at its own place: values are read with `serde_yaml`, and a problem's place is
//! found by its path in the YAML ([`crate::model::yaml`]).

use std::ops::Range;

use crate::config::Config;
use crate::load::SourceFile;
use crate::model::diagnostics::{did_you_mean, Diagnostic};
use crate::model::escape::decode_entities;
use crate::model::meta::{BriefMeta, Located, PageMeta};
use crate::model::people::{Byline, People};
use crate::model::slug::slugify;
use crate::model::yaml::{self, Place, Step};

mod reader;
mod values;

pub use reader::declared_slug;
use reader::{FieldReader, Item};
pub use values::{
    check_attachment_path, normalize_alias, normalize_doi, parse_date, AttachmentProblem,
};
use values::{read_aliases, read_attachment, read_doi, read_pdf, read_series, read_terms};

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
    "type",
    "doi",
    "image",
    "lang",
    "translation_of",
];
const PAGE_KEYS: &[&str] = &["title", "summary", "slug", "aliases"];

const FRONT_MATTER_EXAMPLE: &str =
    "start the file with a front matter block: a line `---`, then `title: ...`, `date: YYYY-MM-DD`, `summary: ...`, `topics: [...]`, then a line `---`";

/// Cuts `file` at its `---` fences.
pub fn split(file: &SourceFile) -> Result<Split<'_>, Diagnostic> {
    let text = file.text.as_str();
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if text[start..].trim().is_empty() {
        return Err(Diagnostic::error("E-empty-file", "this file is empty")
            .in_file(&file.path)
            .hint(FRONT_MATTER_EXAMPLE));
    }
    // Blank lines before the opening fence are allowed, as Hugo allows them.
    while let Some(line_end) = text[start..].find('\n').map(|i| start + i) {
        if !text[start..line_end].trim().is_empty() {
            break;
        }
        start = line_end + 1;
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

/// Where a value of the front matter is, in the file: the range of `place` in the YAML
/// that starts at `yaml_offset` (the key when `at_key`), or the opening fence when the
/// YAML has no such node.
pub fn locate(text: &str, yaml: Range<usize>, place: Place, at_key: bool) -> Range<usize> {
    let fence = yaml.start.saturating_sub(4)..yaml.start.saturating_sub(1);
    let Some(header) = text.get(yaml.clone()) else {
        return fence;
    };
    // An item of a value written without a list (`authors: ana` standing for
    // `[ana]`) is the value itself.
    let found = yaml::find(header, &place.path()).or_else(|| {
        place
            .item
            .and_then(|_| yaml::find(header, &Place::key(place.key).path()))
    });
    match found {
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

/// Reads and validates a brief's front matter against the site configuration.
pub fn parse_brief(
    file: &SourceFile,
    split: Split,
    config: &Config,
    people: &People,
) -> Result<BriefMeta, Vec<Diagnostic>> {
    let mut reader = FieldReader::new(file, split, BRIEF_KEYS)?;
    // Entities in plain-text fields (`&#8217;`, `&mdash;`, common in exports) are
    // decoded once here; everything is escaped again where it is written. The summary
    // is inline Markdown, which decodes its own entities.
    let title = reader
        .required_string("title", "\"The title of the brief\"")
        .map(|t| decode_entities(&t));
    let subtitle = decode_entities(&reader.string("subtitle").unwrap_or_default());
    let date = reader.date("date", true);
    let updated = reader.date("updated", false);
    if let (Some(date), Some(updated)) = (&date, &updated) {
        if updated.day < date.day {
            reader.problem(
                "E-invalid-date",
                Place::key("updated"),
                format!(
                    "`updated: {}` is before the brief's `date: {}`",
                    updated.day, date.day
                ),
                "`updated` is the day of the last revision: on or after `date`, or left out"
                    .to_string(),
            );
        }
    }
    let summary = reader.required_string("summary", "\"Two sentences on what the brief argues.\"");

    let topics = read_topics(&mut reader, config);
    let bylines = read_authors(&mut reader, people);
    let kind = read_type(&mut reader, config);
    let doi = read_doi(&mut reader);
    let image = read_attachment(&mut reader, "image", IMAGE_TYPES);
    let regions = read_terms(&mut reader, "regions");
    let tags = read_terms(&mut reader, "tags");
    let series = read_series(&mut reader);
    let related = reader.located_list("related");
    let key_findings = reader.string_list("key_findings");
    let recommendations = reader.string_list("recommendations");
    let draft = reader.bool("draft");
    let (language, translation_of) = read_language(&mut reader, config);
    let slug = match &translation_of {
        // A translation lives at its original's address, in its language's folder.
        Some(original) => {
            if reader.mapping.get("slug").is_some() {
                reader.problem(
                    "E-translation",
                    Place::key("slug"),
                    "a translation takes the slug of its original".to_string(),
                    "remove `slug:`; the translation's address is its original's in the language's folder (`/ru/briefs/<slug>/`)".to_string(),
                );
            }
            Some(original.clone())
        }
        None => reader.slug(),
    };
    let aliases = read_aliases(&mut reader);
    let number = decode_entities(&reader.string("number").unwrap_or_default());
    let pdf = read_pdf(&mut reader);
    let values = |items: Vec<Item>| items.into_iter().map(|item| item.value).collect();
    let authors = bylines
        .iter()
        .filter_map(|b| match b {
            Byline::Registered(id) => Some(id.clone()),
            Byline::Guest(_) => None,
        })
        .collect();

    let meta = (|| {
        Some(BriefMeta {
            title: title?,
            subtitle,
            date: date?,
            updated,
            summary: summary?,
            authors,
            bylines,
            kind: kind?,
            doi,
            image,
            topics: values(topics),
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
            language,
            translation_of,
        })
    })();
    reader.finish(meta)
}

/// The slug `translation_of:` names, written as the slug (`kuril-islands`) or, as links
/// name briefs, as the original's file (`kuril-islands.md`, `briefs/kuril-islands.md`,
/// a bundle's `kuril-islands/index.md`).
pub(crate) fn translated_slug(written: &str) -> &str {
    let written = written.trim();
    let path = written.strip_prefix("briefs/").unwrap_or(written);
    path.strip_suffix("/index.md")
        .or_else(|| path.strip_suffix(".md"))
        .unwrap_or(path)
}

/// `lang:`, one of the site's languages (absent: the default), and `translation_of:`,
/// the slug of the brief this one translates, which needs a `lang:` of its own.
fn read_language(
    reader: &mut FieldReader,
    config: &Config,
) -> (Option<String>, Option<Located<String>>) {
    let language = reader.string("lang");
    let lang_written = language.is_some();
    let translation_of = reader.string("translation_of");
    let known: Vec<&str> = std::iter::once(config.language.as_str())
        .chain(config.languages.iter().map(|l| l.code.as_str()))
        .collect();
    let language = match language {
        Some(code) if !known.contains(&code.as_str()) => {
            let hint = match did_you_mean(&code, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None if config.languages.is_empty() => format!(
                    "this site is in `{}` only: declare `languages: {{{code}: {{name: ...}}}}` in `site/config.yaml` to publish briefs in `{code}`",
                    config.language
                ),
                None => format!("the site's languages: `{}`", known.join("`, `")),
            };
            reader.problem(
                "E-unknown-language",
                Place::key("lang"),
                format!("`{code}` is not a language of this site"),
                hint,
            );
            return (None, None);
        }
        Some(code) if code == config.language => None,
        other => other,
    };
    let translation_of = translation_of.map(|written| Located {
        value: translated_slug(&written).to_string(),
        place: Some(Place::key("translation_of")),
    });
    if translation_of.is_some() && language.is_none() {
        let (place, message) = match lang_written {
            true => (
                Place::key("lang"),
                format!(
                    "a translation is in another language than the site's default (`{}`), which this `lang:` names",
                    config.language
                ),
            ),
            false => (
                Place::key("translation_of"),
                "a translation needs the language it is in: `lang:` is missing".to_string(),
            ),
        };
        let verb = if lang_written { "write" } else { "add" };
        reader.problem(
            "E-translation",
            place,
            message,
            match known.get(1..).filter(|others| !others.is_empty()) {
                Some(others) => format!(
                    "{verb} `lang:` with one of `{}`, or remove `translation_of:` if this is the original",
                    others.join("`, `")
                ),
                None => format!("declare the site's other languages in `site/config.yaml` (`languages:`), then {verb} `lang:` here"),
            },
        );
        return (language, None);
    }
    (language, translation_of)
}

pub fn parse_page(file: &SourceFile, split: Split) -> Result<PageMeta, Vec<Diagnostic>> {
    let mut reader = FieldReader::new(file, split, PAGE_KEYS)?;
    let title = reader
        .required_string("title", "About us")
        .map(|t| decode_entities(&t));
    let summary = reader.string("summary").unwrap_or_default();
    let slug = reader.slug();
    let aliases = read_aliases(&mut reader);
    let meta = (|| {
        Some(PageMeta {
            title: title?,
            summary,
            slug: slug?,
            aliases,
        })
    })();
    reader.finish(meta)
}

/// `topics`: at least one, each declared in the configuration.
fn read_topics(reader: &mut FieldReader, config: &Config) -> Vec<Item> {
    let topics_present = reader.mapping.get("topics").is_some_and(|v| !v.is_null());
    let problems_before = reader.problem_count();
    let topics = reader.items("topics");
    // A value that is no list was reported as such by `items`: it is not also empty.
    let wrong_type = reader.problem_count() > problems_before;
    if topics.is_empty() && !wrong_type {
        if topics_present {
            reader.problem(
                "E-missing-field",
                Place::key("topics"),
                "`topics` is empty".to_string(),
                format!("list at least one of: {}", topic_list(config)),
            );
        } else {
            let first = config
                .topics
                .first()
                .map_or("soft-power", |t| t.slug.as_str());
            reader.missing("topics", &format!("[{first}]"));
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
    topics
}

/// Pictures `image:` may name: what browsers and social networks show (extensions,
/// in lower case).
pub const IMAGE_TYPES: &[&str] = &["png", "jpg", "jpeg", "webp", "gif"];

/// `authors`: ids of the author registry, or guests written inline
/// (`{name: Hiro Tanaka, affiliation: Keio University}`).
fn read_authors(reader: &mut FieldReader, people: &People) -> Vec<Byline> {
    let Some(value) = reader.take("authors") else {
        return Vec::new();
    };
    // One author may be written without a list: its place is then the value itself.
    let listed = matches!(value, serde_yaml::Value::Sequence(_));
    let items = match value {
        serde_yaml::Value::Sequence(items) => items,
        single @ (serde_yaml::Value::String(_) | serde_yaml::Value::Mapping(_)) => vec![single],
        _ => {
            reader.wrong_type("authors", "a list of author ids or `{name: ...}` guests");
            return Vec::new();
        }
    };
    let mut bylines = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let place = if listed {
            Place::item("authors", index)
        } else {
            Place::key("authors")
        };
        match item {
            serde_yaml::Value::String(id) => {
                let id = id.trim().to_string();
                let listed_before = bylines
                    .iter()
                    .any(|b| matches!(b, Byline::Registered(other) if *other == id));
                if listed_before {
                    // Shown twice in the byline, the citation and the author's list.
                    reader.problem(
                        "E-duplicate-author",
                        place,
                        format!("author `{id}` is listed twice"),
                        format!("remove the second `{id}` from `authors`"),
                    );
                    continue;
                }
                if people.get(&id).is_some() {
                    bylines.push(Byline::Registered(id));
                    continue;
                }
                if id.is_empty() {
                    reader.problem(
                        "E-unknown-author",
                        place,
                        "`authors` lists an empty name".to_string(),
                        "write the author's id (the name of a file in site/authors/ without `.md`, or a key of `authors:` in site/config.yaml), or delete the empty item".to_string(),
                    );
                    continue;
                }
                let hint = match did_you_mean(&id, people.ids()) {
                    Some(s) => format!("did you mean `{s}`? Authors are declared under `authors:` in site/config.yaml or in site/authors/"),
                    None => format!("add `site/authors/{}.md`, or write a guest author as `{{name: {id}, affiliation: ...}}`", slugify(&id)),
                };
                reader.problem(
                    "E-unknown-author",
                    place,
                    format!("unknown author `{id}`"),
                    hint,
                );
            }
            serde_yaml::Value::Mapping(fields) => {
                let mut found = Vec::new();
                let guest = super::people::read_person(&fields, &mut |key, message, hint| {
                    found.push((key.to_string(), message, hint));
                });
                for key in fields.keys().filter_map(serde_yaml::Value::as_str) {
                    if !super::people::PERSON_KEYS.contains(&key) {
                        found.push((
                            key.to_string(),
                            format!("unknown field `{key}` of a guest author"),
                            format!(
                                "a guest author has {}",
                                super::people::PERSON_KEYS.join(", ")
                            ),
                        ));
                    }
                }
                if guest.photo.is_some() {
                    found.push((
                        "photo".to_string(),
                        "a guest author has no photo".to_string(),
                        "register the author (site/authors/<id>.md) to show a photo".to_string(),
                    ));
                }
                for (key, message, hint) in found.iter() {
                    // At the guest's field, or at the guest for a field left out.
                    let mut path = place.path();
                    path.push(Step::Key(key));
                    reader.problem_at("E-author", &path, place, message.clone(), hint.clone());
                }
                let listed_before = bylines
                    .iter()
                    .any(|b| matches!(b, Byline::Guest(other) if other.name == guest.name));
                if found.is_empty() && listed_before {
                    reader.problem(
                        "E-duplicate-author",
                        place,
                        format!("guest author `{}` is listed twice", guest.name),
                        format!(
                            "remove the second `{{name: {}}}` from `authors`",
                            guest.name
                        ),
                    );
                } else if found.is_empty() {
                    bylines.push(Byline::Guest(Box::new(guest)));
                }
            }
            _ => reader.wrong_type("authors", "a list of author ids or `{name: ...}` guests"),
        }
    }
    bylines
}

/// `type`: a declared publication type; the first declared one when left out.
fn read_type(reader: &mut FieldReader, config: &Config) -> Option<String> {
    let Some(kind) = reader.string("type") else {
        return config.types.first().map(|t| t.slug.clone());
    };
    let kind = kind.trim().to_string();
    if config.publication_type(&kind).is_some() {
        return Some(kind);
    }
    let declared: Vec<String> = config
        .types
        .iter()
        .map(|t| format!("`{}`", t.slug))
        .collect();
    let hint = match did_you_mean(&kind, config.types.iter().map(|t| t.slug.as_str())) {
        Some(s) => format!(
            "did you mean `{s}`? Declared types: {}",
            declared.join(", ")
        ),
        None => format!(
            "declared types are: {} (see `types:` in site/config.yaml)",
            declared.join(", ")
        ),
    };
    reader.problem(
        "E-unknown-type",
        Place::key("type"),
        format!("unknown publication type `{kind}`"),
        hint,
    );
    None
}

fn topic_list(config: &Config) -> String {
    config
        .topics
        .iter()
        .map(|t| format!("`{}`", t.slug))
        .collect::<Vec<_>>()
        .join(", ")
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
    fn attachments_stay_in_the_briefs_folder_and_are_of_a_known_type() {
        assert_eq!(
            check_attachment_path("files/2023/05/Map.PNG", IMAGE_TYPES),
            Ok(())
        );
        for (refused, why) in [
            ("../map.png", AttachmentProblem::ClimbsOut),
            ("files/../../map.png", AttachmentProblem::ClimbsOut),
            ("files/a..b.png", AttachmentProblem::DotsInName),
            ("/map.png", AttachmentProblem::NotRelative),
            ("files\\map.png", AttachmentProblem::NotRelative),
            ("map.svg", AttachmentProblem::WrongType),
            ("map", AttachmentProblem::WrongType),
        ] {
            assert_eq!(
                check_attachment_path(refused, IMAGE_TYPES),
                Err(why),
                "{refused}"
            );
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
    fn blank_lines_before_the_front_matter_are_allowed() {
        let f = file("\n  \n\r\n---\ntitle: A\n---\nBody\n");
        let split = split(&f).unwrap();
        assert_eq!(split.yaml, "title: A\n");
        assert_eq!(split.body, "Body\n");
        let f = file("\n\ntitle: A\n");
        let problem = super::split(&f).unwrap_err();
        assert_eq!(problem.code, "E-no-front-matter");
        assert_eq!(problem.span.unwrap().line, 3);
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
