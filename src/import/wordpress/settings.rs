//! The new site's configuration from the export: its name, address and language,
//! the topics the mapping gives, and the authors who wrote the imported posts.

use std::collections::{BTreeMap, HashMap};

use super::{links, wxr};
use crate::import::document::{Document, SiteSettings, Value};
use crate::import::taxonomy::{self, Mapping, SourceKind};
use crate::model::escape::decode_entities;
use crate::model::slug::slugify;

/// The configuration: the site's name, address and language, the topics the mapping
/// gives, and the authors who wrote the imported posts.
pub(super) fn settings(
    export: &wxr::Export,
    mapping: &Mapping,
    used: &BTreeMap<(SourceKind, String), taxonomy::Used>,
    documents: &[Document],
) -> SiteSettings {
    let mut topics: Vec<(String, String, String)> = Vec::new();
    let mut topic_names: HashMap<String, (String, String)> = HashMap::new();
    for ((kind, slug), term) in used {
        if let taxonomy::Target::Topic(topic) = mapping.target(*kind, slug, &term.name) {
            let description = export
                .categories
                .get(slug)
                .map(|c| decode_entities(&c.description))
                .unwrap_or_default();
            topic_names
                .entry(topic)
                .or_insert((term.name.clone(), description));
        }
    }
    let mut wanted: Vec<String> = documents
        .iter()
        .flat_map(|d| d.fields.iter())
        .filter(|(key, _)| *key == "topics")
        .flat_map(|(_, value)| match value {
            Value::List(items) => items.clone(),
            _ => Vec::new(),
        })
        .collect();
    wanted.sort();
    wanted.dedup();
    for topic in wanted {
        let (title, description) = topic_names
            .get(&topic)
            .cloned()
            .unwrap_or_else(|| (title_case(&topic), String::new()));
        topics.push((topic, title, description));
    }
    let mut writers: Vec<String> = documents
        .iter()
        .flat_map(|d| d.fields.iter())
        .filter(|(key, _)| *key == "authors")
        .flat_map(|(_, value)| match value {
            Value::List(items) => items.clone(),
            _ => Vec::new(),
        })
        .collect();
    writers.sort();
    writers.dedup();
    let authors = writers
        .into_iter()
        .map(|id| {
            let author = export.authors.iter().find(|a| slugify(&a.login) == id);
            let name = author.map(author_name).unwrap_or_else(|| id.clone());
            (id, name, String::new())
        })
        .collect();
    let language = export
        .language
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_string();
    SiteSettings {
        title: decode_entities(&export.title),
        description: decode_entities(&export.description),
        base_url: links::base_url(&export.link),
        language: if language.is_empty() {
            "en".into()
        } else {
            language
        },
        topics,
        authors,
    }
}

fn author_name(author: &wxr::Author) -> String {
    let full = format!("{} {}", author.first_name, author.last_name);
    let name = if !author.display_name.trim().is_empty() {
        author.display_name.trim().to_string()
    } else if !full.trim().is_empty() {
        full.trim().to_string()
    } else {
        author.login.clone()
    };
    decode_entities(&name)
}

fn title_case(slug: &str) -> String {
    let words: Vec<String> = slug
        .split('-')
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
        })
        .collect();
    words.join(" ")
}
