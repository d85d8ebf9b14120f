//! The author registry: `authors:` of the configuration and the author files
//! `site/authors/<id>.md` (front matter for the facts, Markdown for the biography),
//! and guest authors written inline in a brief's front matter.

use serde_yaml::{Mapping, Value};

use super::front_matter;
use super::markdown;
use crate::config::{AuthorConfig, Config, RawHtml};
use crate::load::{SourceFile, StaticFile};
use crate::model::diagnostics::Diagnostic;
use crate::model::people::{is_email, is_web_address, parse_orcid, People, Person, SocialLink};
use crate::model::slug::{is_valid_slug, slugify};
use crate::model::yaml::{self, Step};

/// Fields of an author file's front matter (and of a guest author in a brief).
pub const PERSON_KEYS: &[&str] = &[
    "name",
    "role",
    "affiliation",
    "photo",
    "orcid",
    "email",
    "url",
    "social",
    "expertise",
];

/// The registry from the configuration and the author files. An id declared twice, an
/// unreadable field or a photo that is not among the static files is a problem at its
/// place.
pub fn registry(
    config: &Config,
    files: &[SourceFile],
    static_files: &[StaticFile],
) -> (People, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut list: Vec<Person> = config
        .authors
        .iter()
        .map(|a| from_config(a, config.markdown.raw_html))
        .collect();
    for (index, author) in config.authors.iter().enumerate() {
        if let Some(photo) = &author.photo {
            if let Some(why) = missing_photo(photo, static_files) {
                let problem = Diagnostic::error("E-missing-file", format!("photo `{photo}` {why}"))
                    .hint(PHOTO_HINT);
                problems.push(config.locate(
                    problem,
                    &[Step::Key("authors"), Step::Item(index), Step::Key("photo")],
                    false,
                ));
            }
        }
    }
    let mut files: Vec<&SourceFile> = files.iter().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    for file in files {
        match author_file(file, config.markdown.raw_html, static_files) {
            Ok(person) => {
                if list.iter().any(|p| p.id == person.id) {
                    problems.push(
                        Diagnostic::error(
                            "E-duplicate-author",
                            format!(
                                "author `{}` is also declared in site/config.yaml",
                                person.id
                            ),
                        )
                        .at(&file.path, &file.text, 0, 3)
                        .hint("keep one of the two: the file, or the entry under `authors:`"),
                    );
                } else {
                    list.push(person);
                }
            }
            Err(found) => problems.extend(found),
        }
    }
    (People { list }, problems)
}

const PHOTO_HINT: &str =
    "put the picture in `site/static/` and name it from there, e.g. `photo: people/elena-markova.jpg`";

/// Why `photo` names no picture the site has: it must be a static file or an
/// `https://` address.
fn missing_photo(photo: &str, static_files: &[StaticFile]) -> Option<&'static str> {
    if is_web_address(photo) {
        return None;
    }
    let name = photo.trim_start_matches('/');
    (!static_files.iter().any(|f| f.name == name)).then_some("is not a file of `site/static/`")
}

fn from_config(author: &AuthorConfig, raw_html: RawHtml) -> Person {
    Person {
        id: author.id.clone(),
        name: author.name.clone(),
        role: author.role.clone(),
        affiliation: author.affiliation.clone(),
        photo: author.photo.clone(),
        orcid: author.orcid.as_deref().and_then(parse_orcid),
        email: author.email.clone(),
        url: author.url.clone(),
        social: author
            .social
            .iter()
            .filter_map(|(k, v)| SocialLink::parse(k.as_str()?, v.as_str()?).ok())
            .collect(),
        expertise: author.expertise.clone(),
        bio: markdown::render(&author.bio, 0, raw_html),
        source: None,
        text: String::new(),
    }
}

/// Reads `site/authors/<id>.md`: the id is the file name.
fn author_file(
    file: &SourceFile,
    raw_html: RawHtml,
    static_files: &[StaticFile],
) -> Result<Person, Vec<Diagnostic>> {
    let split = front_matter::split(file).map_err(|d| vec![d])?;
    let id = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut problems = Vec::new();
    if !is_valid_slug(&id) {
        problems.push(
            Diagnostic::error("E-invalid-slug", format!("`{id}` cannot be an author id"))
                .in_file(&file.path)
                .hint(format!(
                    "name the file after the author's id in lowercase letters, digits and hyphens, e.g. `{}.md`",
                    slugify(&id)
                )),
        );
    }
    let mapping: Mapping = match serde_yaml::from_str::<Value>(split.yaml) {
        Ok(Value::Mapping(m)) => m,
        Ok(Value::Null) => Mapping::new(),
        Ok(_) => Mapping::new(),
        Err(err) => {
            let offset = err
                .location()
                .map_or(split.yaml_offset, |l| split.yaml_offset + l.index());
            return Err(vec![Diagnostic::error(
                "E-yaml",
                format!(
                    "invalid YAML in front matter: {}",
                    yaml::serde_message(&err)
                ),
            )
            .at(&file.path, &file.text, offset, 1)
            .hint(yaml::syntax_hint(&file.text, offset))]);
        }
    };
    let place = |key: &str| -> std::ops::Range<usize> {
        yaml::find(split.yaml, &[Step::Key(key)])
            .map_or(split.yaml_offset..split.yaml_offset, |f| {
                split.yaml_offset + f.value.start..split.yaml_offset + f.value.end
            })
    };
    let mut person = read_person(&mapping, &mut |key, message, hint| {
        let range = place(key);
        problems.push(
            Diagnostic::error("E-author", message)
                .at(&file.path, &file.text, range.start, range.len())
                .hint(hint),
        );
    });
    for key in mapping.keys().filter_map(Value::as_str) {
        if !PERSON_KEYS.contains(&key) {
            let hint =
                match crate::model::diagnostics::did_you_mean(key, PERSON_KEYS.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known fields are: {}", PERSON_KEYS.join(", ")),
                };
            let range = yaml::find(split.yaml, &[Step::Key(key)])
                .and_then(|f| f.key)
                .map_or(0..0, |k| {
                    split.yaml_offset + k.start..split.yaml_offset + k.end
                });
            problems.push(
                Diagnostic::error("E-unknown-key", format!("unknown field `{key}`"))
                    .at(&file.path, &file.text, range.start, range.len())
                    .hint(hint),
            );
        }
    }
    if let Some(photo) = &person.photo {
        if let Some(why) = missing_photo(photo, static_files) {
            let range = place("photo");
            problems.push(
                Diagnostic::error("E-missing-file", format!("photo `{photo}` {why}"))
                    .at(&file.path, &file.text, range.start, range.len())
                    .hint(PHOTO_HINT),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    person.id = id;
    person.bio = markdown::render(split.body, split.body_offset, raw_html);
    person.source = Some(file.path.clone());
    person.text = file.text.clone();
    Ok(person)
}

/// A person's fields from a YAML mapping (an author file's front matter, or a guest
/// author in a brief). `problem(key, message, hint)` hears of each bad value.
pub fn read_person(mapping: &Mapping, problem: &mut dyn FnMut(&str, String, String)) -> Person {
    let text = |key: &str, problem: &mut dyn FnMut(&str, String, String)| -> Option<String> {
        match mapping.get(key)? {
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Value::Number(n) => Some(n.to_string()),
            Value::Null => None,
            _ => {
                problem(
                    key,
                    format!("`{key}` must be text"),
                    format!("write `{key}: ...` as one line of text"),
                );
                None
            }
        }
    };
    let name = text("name", problem).unwrap_or_default();
    if name.is_empty() {
        problem(
            "name",
            "an author needs a `name`".to_string(),
            "write the name as it should appear in bylines, e.g. `name: Elena Markova`".to_string(),
        );
    }
    let orcid = text("orcid", problem).and_then(|value| {
        let parsed = parse_orcid(&value);
        if parsed.is_none() {
            problem(
                "orcid",
                format!("`{value}` is not an ORCID iD"),
                "write the 16-digit iD as ORCID shows it, e.g. `0000-0002-1825-0097` (its last digit is a check digit)".to_string(),
            );
        }
        parsed
    });
    let email = text("email", problem).filter(|value| {
        let ok = is_email(value);
        if !ok {
            problem(
                "email",
                format!("`{value}` is not an email address"),
                "e.g. `email: e.markova@example.org`".to_string(),
            );
        }
        ok
    });
    let url = text("url", problem).filter(|value| {
        let ok = is_web_address(value);
        if !ok {
            problem(
                "url",
                format!("`{value}` is not an address"),
                "write the full `https://...` address of the profile".to_string(),
            );
        }
        ok
    });
    let mut social = Vec::new();
    match mapping.get("social") {
        None | Some(Value::Null) => {}
        Some(Value::Mapping(accounts)) => {
            for (network, value) in accounts {
                let (Some(network), Some(value)) = (network.as_str(), value.as_str()) else {
                    continue;
                };
                match SocialLink::parse(network, value) {
                    Ok(link) => social.push(link),
                    Err(why) => problem(
                        "social",
                        format!("`social.{network}`: {why}"),
                        "e.g. `linkedin: https://www.linkedin.com/in/example`".to_string(),
                    ),
                }
            }
        }
        Some(_) => problem(
            "social",
            "`social` must be a set of `network: https://...` lines".to_string(),
            "e.g. `social: {linkedin: https://www.linkedin.com/in/example}`".to_string(),
        ),
    }
    let expertise = match mapping.get("expertise") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => vec![s.trim().to_string()],
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(|s| s.trim().to_string()))
            .filter(|s| !s.is_empty())
            .collect(),
        Some(_) => {
            problem(
                "expertise",
                "`expertise` must be a list of texts".to_string(),
                "e.g. `expertise: [Arms control, Missile defence]`".to_string(),
            );
            Vec::new()
        }
    };
    Person {
        id: String::new(),
        name,
        role: text("role", problem).unwrap_or_default(),
        affiliation: text("affiliation", problem).unwrap_or_default(),
        photo: text("photo", problem),
        orcid,
        email,
        url,
        social,
        expertise,
        bio: Default::default(),
        source: None,
        text: String::new(),
    }
}
