//! The index's files: each a script handing its data to the search page, named after
//! a hash of its contents (but for the manifest), and what each holds.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use super::encode::fingerprint;
use crate::link::Site;
use crate::model::output::OutputFile;
use crate::model::urls;

/// One file of the index: its key (path under `search/` without `.js`) and data.
pub(super) fn script_file<T: Serialize>(folder: &str, data: &T) -> (String, OutputFile) {
    // The name is a hash of the data, known only once the data is written: the data
    // goes after a name of the right length, filled in then (text chunks are most of
    // the index's bytes, not worth copying again).
    let placeholder = format!("{folder}/{:016x}", 0);
    let mut bytes = script_start(&placeholder).into_bytes();
    let data_at = bytes.len();
    let name_at = data_at - "\",".len() - placeholder.len();
    if serde_json::to_writer(&mut bytes, data).is_err() {
        bytes.truncate(data_at);
        bytes.extend_from_slice(b"null");
    }
    let key = format!("{folder}/{}", fingerprint(&bytes[data_at..]));
    bytes[name_at..name_at + key.len()].copy_from_slice(key.as_bytes());
    bytes.extend_from_slice(SCRIPT_END.as_bytes());
    let file = OutputFile {
        path: urls::search_file(&key),
        bytes,
        cached: None,
    };
    (key, file)
}

/// What every file of the index says before and after its data.
fn script_start(key: &str) -> String {
    format!("statecraftSearch.add(\"{key}\",")
}
const SCRIPT_END: &str = ");\n";

pub(super) fn index_script(key: &str, json: &str) -> OutputFile {
    OutputFile {
        path: urls::search_file(key),
        bytes: format!("{}{json}{SCRIPT_END}", script_start(key)).into_bytes(),
        cached: None,
    }
}

#[derive(Serialize)]
pub(super) struct Manifest<'a> {
    pub version: u32,
    /// The site's language tag: which words are stemmed (see `words::Language`).
    pub language: &'a str,
    /// Whether accents are folded (`search.fold_accents`).
    pub fold_accents: bool,
    /// Number of briefs.
    pub briefs: usize,
    pub impact_levels: u32,
    pub stop_words: &'a [&'a str],
    /// `[first word, key]` of each term shard, in word order.
    pub shards: Vec<(String, String)>,
    /// `[key, number of briefs]` of each metadata chunk, in brief order.
    pub chunks: Vec<(String, usize)>,
    /// Topics in configuration order (metadata refers to them by position).
    pub topics: Vec<TopicEntry<'a>>,
    /// Keys of the facet files, by filter name (`topic`, `region`, `type`).
    pub facets: BTreeMap<&'static str, String>,
    /// `[year, set of briefs]`, newest year first.
    pub years: Vec<(i32, String)>,
}

#[derive(Serialize)]
pub(super) struct TopicEntry<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub(super) struct BriefEntry<'a> {
    pub title: &'a str,
    pub url: String,
    /// The publication type's name ("Report").
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub date: String,
    pub date_iso: String,
    /// Positions in the manifest's topics.
    pub topics: &'a [usize],
    /// Key of the text chunk holding the brief's text, and its position there.
    pub text: &'a str,
    pub text_at: usize,
}

#[derive(Serialize)]
pub(super) struct BriefText<'a> {
    pub summary: String,
    /// The headings, which the body's text leaves out: the page looks for a run of
    /// Chinese or Japanese characters in them too.
    pub headings: String,
    pub body: Cow<'a, str>,
}

/// A site path as the search page should link to it, relative to the site root:
/// `briefs/x/`, or `briefs/x/index.html` for sites opened from disk.
pub(super) fn link_path(site: &Site, path: &str) -> String {
    if site.config.relative_links {
        urls::output_file(path)
    } else {
        path.to_string()
    }
}
