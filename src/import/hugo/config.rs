//! The Hugo site's configuration, as far as the import needs it: its name, address
//! and language, and its permalink patterns (to know every page's old URL).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value as Json};

use super::front_matter;
use crate::model::slug::slugify;

/// What the import reads from `hugo.toml` (or `config.toml`, YAML or JSON).
#[derive(Debug, Default)]
pub struct Settings {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: String,
    /// Section -> pattern, e.g. `posts` -> `/:year/:month/:slug/`.
    pub permalinks: BTreeMap<String, String>,
}

const FILES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
    "config/_default/hugo.toml",
    "config/_default/config.toml",
    "config/_default/hugo.yaml",
    "config/_default/config.yaml",
];

/// Reads the first configuration file found; defaults when there is none.
pub fn read(root: &Path) -> Settings {
    let fields = FILES
        .iter()
        .find_map(|name| {
            let text = std::fs::read_to_string(root.join(name)).ok()?;
            let wrapped = if name.ends_with(".toml") {
                format!("+++\n{text}\n+++\n")
            } else if name.ends_with(".json") {
                text
            } else {
                format!("---\n{text}\n---\n")
            };
            front_matter::split(&wrapped).ok().map(|s| s.fields)
        })
        .unwrap_or_default();
    let fields: Map<String, Json> = fields
        .into_iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect();
    let text = |key: &str| {
        fields
            .get(key)
            .and_then(Json::as_str)
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let description = fields
        .get("params")
        .and_then(|p| p.get("description"))
        .and_then(Json::as_str)
        .unwrap_or("")
        .to_string();
    let base_url = text("baseurl");
    let base_url = if base_url.starts_with("http") {
        format!("{}/", base_url.trim_end_matches('/'))
    } else {
        "https://example.org/".to_string()
    };
    let language = text("languagecode");
    let language = language.split(['-', '_']).next().unwrap_or("").to_string();
    let permalinks = fields
        .get("permalinks")
        .and_then(Json::as_object)
        .map(|map| {
            map.iter()
                .filter_map(|(k, v)| {
                    let pattern = v
                        .as_str()
                        .or_else(|| v.get("page").and_then(Json::as_str))?;
                    Some((k.clone(), pattern.to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    let title = text("title");
    Settings {
        title: if title.is_empty() {
            "Imported site".into()
        } else {
            title
        },
        description,
        base_url,
        language: if language.is_empty() {
            "en".into()
        } else {
            language
        },
        permalinks,
    }
}

/// The old URL path of a page (`posts/x/`): its `url:`, its section's permalink
/// pattern, or Hugo's default `/<section>/<slug>/`.
pub fn old_path(
    settings: &Settings,
    section: &str,
    fields: &Map<String, Json>,
    slug: &str,
    stem: &str,
) -> String {
    if let Some(url) = fields.get("url").and_then(Json::as_str) {
        return url.trim_start_matches('/').to_string();
    }
    let Some(pattern) = settings.permalinks.get(section) else {
        return if section.is_empty() {
            format!("{slug}/")
        } else {
            format!("{section}/{slug}/")
        };
    };
    let date = fields
        .get("date")
        .and_then(front_matter::date)
        .unwrap_or_default();
    let title = fields.get("title").and_then(Json::as_str).unwrap_or(stem);
    let part = |from: usize, to: usize| date.get(from..to).unwrap_or("").to_string();
    let tokens = [
        (":year", part(0, 4)),
        (":month", part(5, 7)),
        (":day", part(8, 10)),
        (":slugorfilename", slug.to_string()),
        (":slugorcontentbasename", slug.to_string()),
        (":slug", slug.to_string()),
        (":title", slugify(title)),
        (":filename", stem.to_string()),
        (":contentbasename", stem.to_string()),
        (":sections", section.to_string()),
        (":section", section.to_string()),
    ];
    let mut path = pattern.clone();
    for (token, value) in tokens {
        path = path.replace(token, &value);
    }
    let path = path.trim_start_matches('/').to_string();
    if path.ends_with('/') || path.ends_with(".html") {
        path
    } else {
        format!("{path}/")
    }
}
