//! Front matter fields of a Hugo page that need more than a copy: terms, lists,
//! expiry and the old addresses to redirect.

use serde_json::{Map, Value as Json};

use super::super::document::Document;
use super::super::taxonomy::SourceKind;
use super::{front_matter, Place, Source};
use crate::model::escape::decode_entities;
use crate::model::slug::slugify;
use crate::model::urls;
use crate::parse::front_matter::normalize_alias;

/// Categories and tags as (kind, slug, name).
pub(super) fn terms(fields: &Map<String, Json>) -> Vec<(SourceKind, String, String)> {
    let mut terms = Vec::new();
    for (key, kind) in [
        ("categories", SourceKind::Category),
        ("tags", SourceKind::Tag),
    ] {
        for name in list(fields, key) {
            terms.push((kind, slugify(&name), name));
        }
    }
    terms
}

/// A list of texts (or one text) of the front matter.
pub(super) fn list(fields: &Map<String, Json>, key: &str) -> Vec<String> {
    match fields.get(key) {
        Some(Json::String(s)) if !s.trim().is_empty() => vec![decode_entities(s.trim())],
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(|s| decode_entities(s.trim())))
            .filter(|s| !s.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// `expirydate` in the past makes the page a draft (Hugo does not publish it); any
/// expiry is noted, since Statecraft has none.
pub(super) fn expiry(fields: &Map<String, Json>, doc: &mut Document) -> bool {
    let Some(expiry) = ["expirydate", "unpublishdate"]
        .iter()
        .find_map(|k| fields.get(*k).and_then(front_matter::date))
    else {
        return false;
    };
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let expired = expiry[..10] <= *today;
    let message = if expired {
        format!("expired on {expiry} (Hugo no longer published it): it is imported as a draft")
    } else {
        format!("expires on {expiry}: Statecraft has no expiry date, unpublish it by hand then")
    };
    doc.attention("", message);
    expired
}

/// Hugo's `aliases` (relative ones under the page's section) and the old URL itself.
pub(super) fn aliases(
    fields: &Map<String, Json>,
    place: &Place,
    doc: &Document,
    source: &Source,
    report: &mut super::super::Report,
) -> Vec<String> {
    let folder = place
        .old_path
        .trim_end_matches('/')
        .rsplit_once('/')
        .map_or("", |(f, _)| f);
    let mut wanted = vec![place.old_path.clone()];
    for alias in list(fields, "aliases") {
        wanted.push(if alias.starts_with('/') {
            alias
        } else {
            format!("{folder}/{alias}")
        });
    }
    let own = doc.site_path();
    let mut out: Vec<String> = Vec::new();
    for alias in wanted {
        let Ok(normalized) = normalize_alias(&alias) else {
            report.not_converted(format!(
                "alias `{alias}` of {} (not a path of the site)",
                source.shown
            ));
            continue;
        };
        let first = normalized.split('/').next().unwrap_or("");
        let path = format!("/{normalized}");
        if normalized == own || out.contains(&path) {
            continue;
        }
        if urls::RESERVED_SEGMENTS.contains(&first) {
            report.not_converted(format!(
                "old address {path} of {} is used by Statecraft itself: no redirect",
                source.shown
            ));
            continue;
        }
        out.push(path);
    }
    report.count("old URLs redirected", out.len());
    out
}
