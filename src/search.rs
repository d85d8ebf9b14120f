//! The search index: files under `search/` that let the search page find briefs
//! entirely in the browser, with no server and no external service, downloading only
//! what a query needs.
//!
//! Every file is a script that hands its data to the search page:
//! `statecraftSearch.add("t/3f2a91c0d4e5b6a7", [...]);`. Scripts (unlike `fetch`)
//! load from `file://` too, so search works in a site opened from disk. Every file but
//! the manifest is named after a hash of its contents, so hosts can cache them forever
//! and a manifest never meets index files of another build.
//!
//! - `search/index.js`, the manifest (key `index`): the number of briefs, the stop
//!   words, the first word of each term shard, the names of all other files, the topics
//!   and, per year, its briefs.
//! - `search/t/<hash>.js`, term shards: `[[word, postings], ...]` for a range of words
//!   in sorted order (UTF-16 code unit order, which is what JavaScript compares). A
//!   query loads the shard of each of its words: about [`SHARD_BYTES`] each.
//! - `search/m/<hash>.js`, metadata chunks: for each of [`CHUNK_DOCS`] consecutive
//!   briefs its title, URL, date, topics and the key of its text file, loaded only for
//!   the results shown.
//! - `search/d/<hash>.js`, one per brief: its summary and body as plain text, for the
//!   excerpt around the matched words, loaded only for the results shown.
//! - `search/f/<hash>.js`, facets: the briefs of each topic and each region, loaded
//!   only when the reader filters by them.
//!
//! Briefs are numbered in site order (newest first). Lists of numbers are written as
//! text with [`encode_number`]. A posting list holds, for each brief containing the
//! word, the gap from the previous brief number and the word's BM25F weight in that
//! brief (title and summary count more than the body) quantised to [`IMPACT_LEVELS`]
//! levels, packed as one number `(gap - 1) * 32 + (level - 1)`: a word in every brief
//! costs one character per brief. The page multiplies each level by the word's inverse
//! document frequency, which it computes from the length of the list. A set of briefs
//! (a facet) is written as runs of consecutive numbers (see [`encode_set`]).
//!
//! Words are what [`for_each_word`] finds; the search page's script splits queries and
//! excerpts with the same rules. Reading each brief's words is most of the work; a
//! watch session keeps it between rebuilds ([`Cache`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::Serialize;

use crate::link::{Brief, Site};
use crate::render::{OutputFile, Sink};
use crate::taxonomy::TaxonomyKind;

/// Path of the manifest in the output folder; the search page loads it with a
/// `<script>` element.
pub const MANIFEST_PATH: &str = "search/index.js";

/// Bumped whenever the file formats change, so a page never reads an index it does
/// not understand.
pub const FORMAT_VERSION: u32 = 1;

/// Target size of a term shard. Words are packed into shards in sorted order until a
/// shard reaches this size; a word whose postings are larger gets a shard of its own.
pub const SHARD_BYTES: usize = 32 * 1024;

/// Briefs per metadata chunk: ten results touch at most ten chunks of this many.
pub const CHUNK_DOCS: usize = 16;

/// Quantisation levels of a word's weight in a brief (5 bits, so that a posting with
/// a gap of 1 is a single character).
pub const IMPACT_LEVELS: u32 = 32;

/// BM25 parameters: term frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Fields of a brief: title, summary (with the subtitle) and body; and how much a
/// word in each counts (BM25F).
const FIELDS: usize = 3;
const FIELD_WEIGHTS: [f64; FIELDS] = [5.0, 2.5, 1.0];

/// Words too common to help find anything; left out of the index and of queries.
/// Sorted, and none longer than five letters (see [`is_stop_word`]).
pub const STOP_WORDS: &[&str] = &[
    "about", "also", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "for",
    "from", "had", "has", "have", "he", "her", "his", "if", "in", "into", "is", "it", "its", "no",
    "not", "of", "on", "or", "our", "she", "so", "such", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "to", "was", "we", "were", "what", "when",
    "which", "while", "who", "will", "with", "would",
];

/// Characters of the text encoding of numbers: 64 characters that need no escaping in
/// a JavaScript string or a URL.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Apostrophes and full stops join letters into one word ("Japan's", "U.S.").
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '.')
}

/// What the tokenizer needs to know of an ASCII byte: not part of a plain word (0), a
/// lower-case letter or digit, or an upper-case letter. One table load per byte.
const LOWER_OR_DIGIT: u8 = 1;
const UPPER: u8 = 2;
static ASCII_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = if b.is_ascii_uppercase() {
            UPPER
        } else if b.is_ascii_alphanumeric() {
            LOWER_OR_DIGIT
        } else {
            0
        };
        byte += 1;
    }
    table
};

/// Calls `found` with each searchable word of `text`, in order. A word is a run of
/// letters and digits (Unicode), lowercased character by character; an apostrophe or
/// full stop between two letters joins them and is then dropped ("U.S." is `us`,
/// "don't" is `dont`), after a final possessive "'s" is dropped ("Japan's" is `japan`).
/// Words of one character and [`STOP_WORDS`] are skipped.
pub fn for_each_word(text: &str, mut found: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut word = String::new();
    // The word being read: where it starts, whether it is plain ASCII letters and
    // digits (nearly every word is; those are lowercased in one go) and whether it has
    // upper-case letters.
    let mut start: Option<usize> = None;
    let mut plain = true;
    let mut upper = false;
    let mut last_is_letter = false;
    let mut at = 0;
    while at < bytes.len() {
        // A run of ASCII letters and digits, in one step: the index's hot loop.
        let mut end = at;
        let mut classes = 0;
        while let Some(&byte) = bytes.get(end) {
            let class = ASCII_CLASS[usize::from(byte)];
            if class == 0 {
                break;
            }
            classes |= class;
            end += 1;
        }
        if end > at {
            if start.is_none() {
                start = Some(at);
                plain = true;
                upper = false;
            }
            upper |= classes & UPPER != 0;
            at = end;
            last_is_letter = bytes[at - 1].is_ascii_alphabetic();
            continue;
        }
        let c = text[at..].chars().next().unwrap_or(' ');
        let next = at + c.len_utf8();
        if !c.is_ascii() && c.is_alphanumeric() {
            if start.is_none() {
                start = Some(at);
                upper = false;
            }
            plain = false;
            last_is_letter = c.is_alphabetic();
        } else if is_joiner(c)
            && last_is_letter
            && text[next..].chars().next().is_some_and(char::is_alphabetic)
        {
            plain = false;
            last_is_letter = false;
        } else if let Some(from) = start.take() {
            finish_word(
                &text[from..at],
                plain && !upper,
                plain,
                &mut word,
                &mut found,
            );
            last_is_letter = false;
        }
        at = next;
    }
    if let Some(from) = start {
        finish_word(&text[from..], plain && !upper, plain, &mut word, &mut found);
    }
}

/// Lowercases and cleans a word unless it is `ready` (plain lower-case ASCII, which
/// needs no copy), then passes it on unless it is too short or a stop word.
fn finish_word(
    raw: &str,
    ready: bool,
    plain: bool,
    word: &mut String,
    found: &mut impl FnMut(&str),
) {
    let word: &str = if ready {
        raw
    } else {
        word.clear();
        if plain {
            word.push_str(raw);
            word.make_ascii_lowercase();
        } else {
            for c in raw.chars() {
                word.extend(c.to_lowercase());
            }
            for possessive in ["'s", "\u{2019}s"] {
                if word.ends_with(possessive) {
                    word.truncate(word.len() - possessive.len());
                }
            }
            word.retain(|c| !is_joiner(c));
        }
        word
    };
    let long_enough = word.len() > 4 || word.chars().nth(1).is_some();
    if long_enough && !is_stop_word(word) {
        found(word);
    }
}

/// Whether `word` is one of [`STOP_WORDS`]: none at all for the many words longer than
/// any stop word, else a binary search over the stop words as integers.
fn is_stop_word(word: &str) -> bool {
    static KEYS: OnceLock<Vec<u64>> = OnceLock::new();
    word.len() <= 5
        && KEYS
            .get_or_init(|| {
                let mut keys: Vec<u64> = STOP_WORDS.iter().map(|w| short_word_key(w)).collect();
                keys.sort_unstable();
                keys
            })
            .binary_search(&short_word_key(word))
            .is_ok()
}

/// The bytes of a word of up to eight bytes as one integer (distinct words, distinct
/// integers).
fn short_word_key(word: &str) -> u64 {
    let mut key = [0; 8];
    key[..word.len()].copy_from_slice(word.as_bytes());
    u64::from_le_bytes(key)
}

/// Appends `value` as base-32 digits, least significant first, one character each:
/// characters 0-31 of [`ALPHABET`] end a number, 32-63 say more digits follow.
pub fn encode_number(out: &mut String, mut value: u64) {
    loop {
        let digit = (value & 31) as usize;
        value >>= 5;
        if value == 0 {
            out.push(ALPHABET[digit] as char);
            return;
        }
        out.push(ALPHABET[digit | 32] as char);
    }
}

/// A sorted set of brief numbers as runs of consecutive numbers. Each run is the gap
/// since the end of the previous run, doubled, plus one if the run is longer than one
/// brief, in which case its length minus two follows. The briefs of a year are one run.
pub fn encode_set(numbers: &[usize]) -> String {
    let mut out = String::new();
    let mut end = 0;
    let mut i = 0;
    while i < numbers.len() {
        let start = numbers[i];
        let mut len = 1;
        while numbers.get(i + len) == Some(&(start + len)) {
            len += 1;
        }
        let gap = (start - end) as u64;
        if len == 1 {
            encode_number(&mut out, gap * 2);
        } else {
            encode_number(&mut out, gap * 2 + 1);
            encode_number(&mut out, len as u64 - 2);
        }
        end = start + len;
        i += len;
    }
    out
}

/// A stable 64-bit hash as 16 hex digits, for file names: the same bytes get the same
/// name in every build, on every platform and with every Rust version. It mixes eight
/// bytes per step (see [`WordHasher`]), then the length, so that hashing the 80 MB of
/// text of a 10,000-brief site costs little.
fn fingerprint(bytes: &[u8]) -> String {
    let mut hasher = WordHasher::default();
    hasher.write(bytes);
    hasher.write(&(bytes.len() as u64).to_le_bytes());
    format!("{:016x}", hasher.finish())
}

/// FxHash, the hash rustc uses for its own tables: several times faster than the
/// standard SipHash on short words. Its weakness, keys crafted to collide, does not
/// matter for a site's own text (at worst a slower build).
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type WordMap<V> = HashMap<String, V, BuildHasherDefault<WordHasher>>;

/// The words of one brief: each distinct word with its count per field, and the
/// number of words of each field.
struct BriefWords {
    lengths: [u32; FIELDS],
    counts: Vec<(String, [u32; FIELDS])>,
}

fn brief_words(fields: [&str; FIELDS]) -> BriefWords {
    // Sized for a typical brief, so the table rarely grows.
    let mut counts: WordMap<[u32; FIELDS]> =
        WordMap::with_capacity_and_hasher(1024, BuildHasherDefault::default());
    let mut lengths = [0; FIELDS];
    for (field, text) in fields.iter().enumerate() {
        for_each_word(text, |word| {
            lengths[field] += 1;
            match counts.get_mut(word) {
                Some(c) => c[field] += 1,
                None => {
                    let mut c = [0; FIELDS];
                    c[field] = 1;
                    counts.insert(word.to_string(), c);
                }
            }
        });
    }
    BriefWords {
        lengths,
        counts: counts.into_iter().collect(),
    }
}

/// The BM25F weight of a word in a brief, quantised to 1..=[`IMPACT_LEVELS`]: each
/// field's count normalised by the field's length against the average, weighted,
/// summed, then saturated. The page multiplies it by the word's inverse document
/// frequency.
fn impact(counts: &[u32; FIELDS], lengths: &[u32; FIELDS], average: &[f64; FIELDS]) -> u32 {
    let mut frequency = 0.0;
    for field in 0..FIELDS {
        if counts[field] > 0 {
            let norm = 1.0 - B + B * f64::from(lengths[field]) / average[field];
            frequency += FIELD_WEIGHTS[field] * f64::from(counts[field]) / norm;
        }
    }
    let saturated = frequency * (K1 + 1.0) / (frequency + K1);
    let level = (saturated / (K1 + 1.0) * f64::from(IMPACT_LEVELS)).ceil();
    (level as u32).clamp(1, IMPACT_LEVELS)
}

/// One file of the index: its key (path under `search/` without `.js`) and data.
fn script_file<T: Serialize>(folder: &str, data: &T) -> (String, OutputFile) {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "null".to_string());
    let key = format!("{folder}/{}", fingerprint(json.as_bytes()));
    let file = index_script(&key, &json);
    (key, file)
}

fn index_script(key: &str, json: &str) -> OutputFile {
    OutputFile {
        path: script_path(key),
        bytes: format!("statecraftSearch.add(\"{key}\",{json});\n").into_bytes(),
    }
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    /// Number of briefs.
    briefs: usize,
    chunk_size: usize,
    impact_levels: u32,
    stop_words: &'a [&'a str],
    /// `[first word, key]` of each term shard, in word order.
    shards: Vec<(String, String)>,
    /// Keys of the metadata chunks, in brief order.
    chunks: Vec<String>,
    /// Topics in configuration order (metadata refers to them by position).
    topics: Vec<TopicEntry<'a>>,
    /// Keys of the facet files, by filter name (`topic`, `region`).
    facets: BTreeMap<&'static str, String>,
    /// `[year, set of briefs]`, newest year first.
    years: Vec<(i32, String)>,
}

#[derive(Serialize)]
struct TopicEntry<'a> {
    slug: &'a str,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct BriefEntry<'a> {
    title: &'a str,
    url: String,
    date: String,
    date_iso: String,
    /// Positions in the manifest's topics.
    topics: &'a [usize],
    /// Key of the brief's text file.
    text: String,
}

#[derive(Serialize)]
struct BriefText<'a> {
    summary: String,
    body: &'a str,
}

/// A site path as the search page should link to it, relative to the site root:
/// `briefs/x/`, or `briefs/x/index.html` for sites opened from disk.
fn link_path(site: &Site, path: &str) -> String {
    if site.config.relative_links && (path.is_empty() || path.ends_with('/')) {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// What the index takes from one brief alone: its words and the name of its text file.
/// The costly part of the index, so a watch session keeps it between rebuilds.
struct BriefIndex {
    words: BriefWords,
    text_key: String,
}

/// The brief's index data and its text file.
fn index_brief(brief: &Brief) -> (BriefIndex, OutputFile) {
    let meta = &brief.parsed.meta;
    let summary = if meta.subtitle.is_empty() {
        meta.summary.clone()
    } else {
        format!("{} {}", meta.subtitle, meta.summary)
    };
    let words = brief_words([&meta.title, &summary, &brief.parsed.body.plain_text]);
    let (text_key, text_file) = script_file(
        "d",
        &BriefText {
            summary,
            body: &brief.parsed.body.plain_text,
        },
    );
    (BriefIndex { words, text_key }, text_file)
}

/// The per-brief part of the index of the last rebuild of a watch session, by parse
/// revision (which changes whenever a brief is parsed again), so that an edit redoes
/// only the edited brief's words.
#[derive(Default)]
pub struct Cache {
    briefs: HashMap<u64, Arc<BriefIndex>>,
}

/// Writes every file of the search index to `sink`. The same site always gives the
/// same files, byte for byte.
pub fn render_index(site: &Site, sink: Sink) -> std::io::Result<()> {
    render_index_cached(site, &mut Cache::default(), &|_| false, sink).map(|_| ())
}

/// [`render_index`] for a watch session: briefs unchanged since the last call are not
/// read again, and only files whose path is not `written` already are made (every
/// file but the manifest is named after its contents). Returns the paths of all the
/// index's files.
pub fn render_index_cached(
    site: &Site,
    cache: &mut Cache,
    written: &(dyn Fn(&str) -> bool + Sync),
    sink: Sink,
) -> std::io::Result<Vec<String>> {
    let briefs = &site.briefs;
    let mut paths: Vec<String> = Vec::new();
    let emitted: std::sync::Mutex<HashSet<String>> = Default::default();
    // Two briefs with the same text share a text file: it is written once.
    let emit = |file: OutputFile| -> std::io::Result<()> {
        if written(&file.path) {
            return Ok(());
        }
        let first = emitted
            .lock()
            .map_or(true, |mut seen| seen.insert(file.path.clone()));
        if first {
            sink(file)?;
        }
        Ok(())
    };

    // Words of each brief, in parallel; text files go out as they are made, so the
    // index never holds the text of the whole site.
    let per_brief: Vec<Arc<BriefIndex>> = briefs
        .par_iter()
        .map(|brief| match cache.briefs.get(&brief.parsed.revision) {
            Some(index) if written(&script_path(&index.text_key)) => Ok(Arc::clone(index)),
            _ => {
                let (index, text_file) = index_brief(brief);
                emit(text_file)?;
                Ok(Arc::new(index))
            }
        })
        .collect::<std::io::Result<_>>()?;
    cache.briefs = briefs
        .iter()
        .zip(&per_brief)
        .map(|(brief, index)| (brief.parsed.revision, Arc::clone(index)))
        .collect();
    for index in &per_brief {
        paths.push(script_path(&index.text_key));
    }
    let mut average = [1.0; FIELDS];
    for (field, average) in average.iter_mut().enumerate() {
        let total: u64 = per_brief
            .iter()
            .map(|b| u64::from(b.words.lengths[field]))
            .sum();
        if total > 0 {
            *average = total as f64 / per_brief.len() as f64;
        }
    }

    // Postings: each word with (brief, level), in brief order.
    let mut postings: WordMap<Vec<(u32, u32)>> = WordMap::default();
    for (number, brief) in per_brief.iter().enumerate() {
        let lengths = &brief.words.lengths;
        for (word, counts) in &brief.words.counts {
            let posting = (number as u32, impact(counts, lengths, &average));
            match postings.get_mut(word.as_str()) {
                Some(list) => list.push(posting),
                None => {
                    postings.insert(word.clone(), vec![posting]);
                }
            }
        }
    }
    let mut postings: Vec<(String, Vec<(u32, u32)>)> = postings.into_iter().collect();
    postings.par_sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    let encoded: Vec<(String, String)> = postings
        .into_par_iter()
        .map(|(word, list)| {
            let mut out = String::with_capacity(list.len() + 8);
            let mut previous: i64 = -1;
            for (number, level) in list {
                let gap = i64::from(number) - previous;
                previous = i64::from(number);
                encode_number(
                    &mut out,
                    (gap as u64 - 1) * u64::from(IMPACT_LEVELS) + u64::from(level - 1),
                );
            }
            (word, out)
        })
        .collect();

    // Term shards: consecutive words up to about SHARD_BYTES each.
    let mut groups: Vec<Vec<(String, String)>> = Vec::new();
    let mut size = 0;
    for entry in encoded {
        let entry_size = entry.0.len() + entry.1.len() + 8;
        match groups.last_mut() {
            Some(group) if size + entry_size <= SHARD_BYTES => {
                size += entry_size;
                group.push(entry);
            }
            _ => {
                size = entry_size;
                groups.push(vec![entry]);
            }
        }
    }
    let shards: Vec<(String, OutputFile)> = groups
        .par_iter()
        .map(|group| script_file("t", group))
        .collect();
    let mut shard_index = Vec::with_capacity(shards.len());
    for (group, (key, file)) in groups.iter().zip(shards) {
        shard_index.push((group[0].0.clone(), key));
        paths.push(file.path.clone());
        emit(file)?;
    }

    // Metadata chunks, which name the briefs' text files.
    let chunks: Vec<(String, OutputFile)> = briefs
        .par_chunks(CHUNK_DOCS)
        .zip(per_brief.par_chunks(CHUNK_DOCS))
        .map(|(chunk, indexes)| {
            let entries: Vec<BriefEntry> = chunk
                .iter()
                .zip(indexes)
                .map(|(brief, index)| BriefEntry {
                    title: &brief.parsed.meta.title,
                    url: link_path(site, &brief.path),
                    date: brief.parsed.meta.date.human(),
                    date_iso: brief.parsed.meta.date.iso_day(),
                    topics: &brief.terms[TaxonomyKind::Topics as usize],
                    text: index.text_key.clone(),
                })
                .collect();
            script_file("m", &entries)
        })
        .collect();
    let mut chunk_keys = Vec::with_capacity(chunks.len());
    for (key, file) in chunks {
        chunk_keys.push(key);
        paths.push(file.path.clone());
        emit(file)?;
    }

    // Facets: topic and region sets in one file each; years in the manifest.
    let mut facets = BTreeMap::new();
    for (name, kind) in [
        ("topic", TaxonomyKind::Topics),
        ("region", TaxonomyKind::Regions),
    ] {
        let sets: Vec<(&str, String)> = site
            .taxonomies
            .get(kind)
            .terms
            .iter()
            .map(|term| {
                let mut numbers = term.briefs.clone();
                numbers.sort_unstable();
                (term.slug.as_str(), encode_set(&numbers))
            })
            .collect();
        let (key, file) = script_file("f", &sets);
        facets.insert(name, key);
        paths.push(file.path.clone());
        emit(file)?;
    }
    let mut years: Vec<(i32, Vec<usize>)> = Vec::new();
    for (number, brief) in briefs.iter().enumerate() {
        let year = chrono::Datelike::year(&brief.parsed.meta.date.day);
        match years.iter_mut().find(|(y, _)| *y == year) {
            Some((_, numbers)) => numbers.push(number),
            None => years.push((year, vec![number])),
        }
    }
    years.sort_by_key(|(year, _)| std::cmp::Reverse(*year));

    let topics = site
        .taxonomies
        .get(TaxonomyKind::Topics)
        .terms
        .iter()
        .map(|term| TopicEntry {
            slug: &term.slug,
            name: &term.name,
            url: link_path(
                site,
                &crate::link::term_path(TaxonomyKind::Topics, &term.slug),
            ),
        })
        .collect();
    let manifest = Manifest {
        version: FORMAT_VERSION,
        briefs: briefs.len(),
        chunk_size: CHUNK_DOCS,
        impact_levels: IMPACT_LEVELS,
        stop_words: STOP_WORDS,
        shards: shard_index,
        chunks: chunk_keys,
        topics,
        facets,
        years: years
            .into_iter()
            .map(|(year, numbers)| (year, encode_set(&numbers)))
            .collect(),
    };
    let json = serde_json::to_string(&manifest).unwrap_or_else(|_| "null".to_string());
    // The manifest's name never changes, so it is always written again.
    let manifest = index_script("index", &json);
    paths.push(manifest.path.clone());
    sink(manifest)?;
    paths.sort();
    paths.dedup();
    Ok(paths)
}

fn script_path(key: &str) -> String {
    format!("search/{key}.js")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        for_each_word(text, |w| found.push(w.to_string()));
        found
    }

    #[test]
    fn words_are_split_like_readers_expect() {
        assert_eq!(
            words("Japan's U.S. alliance, don\u{2019}t: NATO-led 2022 Ostpolitik. x É"),
            [
                "japan",
                "us",
                "alliance",
                "dont",
                "nato",
                "led",
                "2022",
                "ostpolitik"
            ]
        );
        assert_eq!(words("Élysée Straße"), ["élysée", "straße"]);
        assert_eq!(words("the and of"), Vec::<String>::new());
        assert_eq!(words("3.5 per cent"), ["per", "cent"]);
    }

    #[test]
    fn stop_words_are_sorted_and_short() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 5 && is_stop_word(w)));
        assert!(!is_stop_word("alliance") && !is_stop_word("thee"));
    }

    #[test]
    fn numbers_are_base_32_text() {
        let mut out = String::new();
        for value in [0, 31, 32, 1000] {
            encode_number(&mut out, value);
        }
        // 32 = 0 then 1 (continued); 1000 = 8 + 31 * 32.
        assert_eq!(out, "AfgBof");
    }

    #[test]
    fn sets_are_runs() {
        let mut expected = String::new();
        encode_number(&mut expected, 2 * 3 + 1); // starts at 3, a run
        encode_number(&mut expected, 2); // of four
        encode_number(&mut expected, 2 * 2); // 9, alone
        assert_eq!(encode_set(&[3, 4, 5, 6, 9]), expected);
        assert_eq!(encode_set(&[]), "");
    }

    #[test]
    fn impact_rewards_titles_and_repetition() {
        let lengths = [8, 40, 1000];
        let average = [8.0, 40.0, 1000.0];
        let body_once = impact(&[0, 0, 1], &lengths, &average);
        let body_often = impact(&[0, 0, 8], &lengths, &average);
        let title_once = impact(&[1, 0, 0], &lengths, &average);
        assert!(body_once < body_often && body_once < title_once);
        assert!((1..=IMPACT_LEVELS).contains(&body_often));
    }
}
