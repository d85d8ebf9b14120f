//! How an archive's categories and tags become topics and tags. Statecraft's topics are
//! a short declared list while an archive's categories often are not, so every import
//! writes the mapping it used to `import/taxonomy.yaml`: a person reviews it (merges
//! categories, turns some into tags, drops others) and imports again with
//! `--mapping import/taxonomy.yaml`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use super::document::yaml_string;
use super::ImportError;
use crate::model::slug::slugify;

/// A category or a tag of the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SourceKind {
    Category,
    Tag,
}

/// What a category or tag becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A topic, by slug (declared in the configuration).
    Topic(String),
    /// A tag, by name.
    Tag(String),
    Drop,
}

/// The topic of briefs whose categories all map elsewhere (every brief needs one).
pub const DEFAULT_TOPIC: &str = "uncategorized";

/// A reviewed mapping (or none: every category a topic, every tag a tag).
#[derive(Debug, Default)]
pub struct Mapping {
    pub default_topic: Option<String>,
    entries: BTreeMap<(SourceKind, String), Target>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    default_topic: Option<String>,
    #[serde(default)]
    categories: Vec<Entry>,
    #[serde(default)]
    tags: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[allow(dead_code)]
    name: Option<String>,
    slug: String,
    to: String,
    #[serde(rename = "as", default)]
    target: Option<String>,
    #[allow(dead_code)]
    posts: Option<usize>,
}

/// Reads the mapping file at `path`, or an empty mapping without one.
pub fn read_mapping(path: Option<&Path>) -> Result<Mapping, ImportError> {
    let Some(path) = path else {
        return Ok(Mapping::default());
    };
    let text = std::fs::read_to_string(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let invalid = |reason: String| ImportError::Mapping {
        path: path.to_path_buf(),
        reason,
    };
    let file: MappingFile = serde_yaml::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    let mut mapping = Mapping {
        default_topic: file.default_topic.map(|t| slugify(&t)),
        entries: BTreeMap::new(),
    };
    for (kind, entries) in [
        (SourceKind::Category, file.categories),
        (SourceKind::Tag, file.tags),
    ] {
        for entry in entries {
            let target = entry.target.unwrap_or_else(|| entry.slug.clone());
            let target = match entry.to.as_str() {
                "topic" => Target::Topic(slugify(&target)),
                "tag" => Target::Tag(target),
                "drop" => Target::Drop,
                other => {
                    return Err(invalid(format!(
                        "`to: {other}` for `{}`: write `to: topic`, `to: tag` or `to: drop`",
                        entry.slug
                    )))
                }
            };
            mapping.entries.insert((kind, entry.slug), target);
        }
    }
    Ok(mapping)
}

impl Mapping {
    /// What the category or tag `slug` (named `name`) becomes: as the mapping file
    /// says, else a category is a topic of the same slug and a tag a tag of the same name.
    pub fn target(&self, kind: SourceKind, slug: &str, name: &str) -> Target {
        if let Some(target) = self.entries.get(&(kind, slug.to_string())) {
            return target.clone();
        }
        match kind {
            SourceKind::Category => {
                Target::Topic(slugify(if slug.is_empty() { name } else { slug }))
            }
            SourceKind::Tag => Target::Tag(name.to_string()),
        }
    }

    pub fn default_topic(&self) -> String {
        self.default_topic
            .clone()
            .unwrap_or_else(|| DEFAULT_TOPIC.to_string())
    }
}

/// A category or tag as the archive has it, with how many documents use it.
#[derive(Debug, Clone, Default)]
pub struct Used {
    pub name: String,
    pub posts: usize,
}

/// The mapping file for `used` terms (keyed by kind and slug), as this import applied it.
pub fn mapping_file(mapping: &Mapping, used: &BTreeMap<(SourceKind, String), Used>) -> String {
    let mut out = String::from(
        "# How the archive's categories and tags became topics and tags (written by\n# `statecraft import`). Review it: for each entry set `to:` to `topic`, `tag` or\n# `drop`, and `as:` to the topic's slug or the tag's name (two categories with the\n# same `as:` merge into one topic). Then import again into a new folder with\n# `--mapping` pointing at this file.\n",
    );
    let _ = writeln!(
        out,
        "default_topic: {}",
        yaml_string(&mapping.default_topic())
    );
    for (kind, key) in [
        (SourceKind::Category, "categories"),
        (SourceKind::Tag, "tags"),
    ] {
        let entries: Vec<_> = used.iter().filter(|((k, _), _)| *k == kind).collect();
        if entries.is_empty() {
            let _ = writeln!(out, "{key}: []");
            continue;
        }
        let _ = writeln!(out, "{key}:");
        for ((_, slug), term) in entries {
            let (to, target) = match mapping.target(kind, slug, &term.name) {
                Target::Topic(t) => ("topic", t),
                Target::Tag(t) => ("tag", t),
                Target::Drop => ("drop", String::new()),
            };
            let _ = writeln!(out, "  - name: {}", yaml_string(&term.name));
            let _ = writeln!(out, "    slug: {}", yaml_string(slug));
            let _ = writeln!(out, "    posts: {}", term.posts);
            let _ = writeln!(out, "    to: {to}");
            if !target.is_empty() {
                let _ = writeln!(out, "    as: {}", yaml_string(&target));
            }
        }
    }
    out
}

/// Topics and tags of one document from its categories and tags (slug, name), by the
/// mapping; falls back to the default topic. Records the use of each term in `used`.
pub fn classify(
    mapping: &Mapping,
    terms: &[(SourceKind, String, String)],
    used: &mut BTreeMap<(SourceKind, String), Used>,
) -> (Vec<String>, Vec<String>) {
    let mut topics = Vec::new();
    let mut tags = Vec::new();
    for (kind, slug, name) in terms {
        let entry = used.entry((*kind, slug.clone())).or_default();
        entry.name.clone_from(name);
        entry.posts += 1;
        match mapping.target(*kind, slug, name) {
            Target::Topic(t) if !t.is_empty() && !topics.contains(&t) => topics.push(t),
            Target::Tag(t) if !t.trim().is_empty() && !tags.contains(&t) => tags.push(t),
            _ => {}
        }
    }
    if topics.is_empty() {
        topics.push(mapping.default_topic());
    }
    (topics, tags)
}
