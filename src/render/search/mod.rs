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
//! - `search/m/<hash>.js`, metadata chunks: for each of about [`CHUNK_DOCS`] consecutive
//!   briefs (see [`metadata_groups`]) its title, URL, date, topics and where its text
//!   is, loaded only for the results shown.
//! - `search/d/<hash>.js`, text chunks: the summary, headings and body as plain text
//!   of a few consecutive briefs (see [`text_groups`]), for the excerpt around the
//!   matched words, loaded only for the results shown. One file per brief made the index most
//!   of a site's files, and on a real disk every file costs more than its bytes.
//! - `search/f/<hash>.js`, facets: the briefs of each topic, region and publication
//!   type, loaded only when the reader filters by them.
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
//! Words are the terms [`for_each_word`] finds: folded, stemmed English and Russian
//! words and bigrams of Chinese and Japanese (see `words`); the search page's script
//! splits, folds and stems queries and excerpts with the same rules, reading the
//! language and accent folding from the manifest. The manifest also says which words
//! are stop words. Reading each brief's words is most of the work; a
//! watch session keeps it between rebuilds ([`Cache`]).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::link::{Brief, Site};
use crate::model::body::with_link_titles;
use crate::model::output::{OutputFile, Sink};
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;

mod encode;
mod files;
mod words;

pub use encode::{encode_number, encode_set};
use files::{index_script, link_path, script_file, BriefEntry, BriefText, Manifest, TopicEntry};
use words::{brief_words, impact, BriefWords, Vocabulary, FIELDS};
pub use words::{for_each_word, is_cjk, Language, Words, STOP_WORDS};

/// Bumped whenever the file formats change, so a page never reads an index it does
/// not understand.
pub const FORMAT_VERSION: u32 = 4;

/// Target size of a term shard. Words are packed into shards in sorted order until a
/// shard reaches this size; a word whose postings are larger gets a shard of its own.
pub const SHARD_BYTES: usize = 32 * 1024;

/// Briefs per metadata chunk on average (one in this many, by a hash of its address,
/// ends a chunk): ten results touch at most ten chunks of about this many.
pub const CHUNK_DOCS: usize = 16;
/// The most briefs a metadata chunk holds.
const CHUNK_DOCS_MOST: usize = 3 * CHUNK_DOCS;

/// Quantisation levels of a word's weight in a brief (5 bits, so that a posting with
/// a gap of 1 is a single character).
pub const IMPACT_LEVELS: u32 = 32;

/// Target size of a text chunk, and one in how many briefs (by a hash of its address)
/// ends a chunk before that size. Boundaries set by the briefs themselves, not by
/// their positions, keep every other chunk unchanged when a brief is added or removed.
pub const TEXT_CHUNK_BYTES: usize = 32 * 1024;
const TEXT_CHUNK_SPREAD: u64 = 4;

/// What the index takes from one brief alone: its words. The costly part of the
/// index, so a watch session keeps it between rebuilds.
struct BriefIndex {
    words: BriefWords,
}

/// The summary the index shows: subtitle and summary.
fn summary(brief: &Brief) -> String {
    let meta = &brief.parsed.meta;
    if meta.subtitle.is_empty() {
        meta.summary.clone()
    } else {
        format!("{} {}", meta.subtitle, meta.summary)
    }
}

/// How the site's texts become terms: its language and the accent folding setting.
pub fn site_words(site: &Site) -> Words {
    Words {
        language: Language::from_tag(&site.config.language),
        fold_accents: site.config.search.fold_accents,
    }
}

/// A brief's words: title, summary, and body (its plain text, which leaves headings
/// out so that excerpts do not run a heading into the next paragraph, and the
/// headings themselves).
fn index_brief(brief: &Brief, vocabulary: &Vocabulary) -> BriefIndex {
    let meta = &brief.parsed.meta;
    let body = &brief.parsed.body;
    let body_text = body_text(brief);
    let mut texts: Vec<&str> = Vec::with_capacity(1 + body.headings.len());
    texts.push(&body_text);
    texts.extend(body.headings.iter().map(|h| h.title.as_str()));
    BriefIndex {
        words: brief_words([&[&meta.title], &[&summary(brief)], &texts], vocabulary),
    }
}

/// A brief's body as plain text, with the titles its wiki links without text show.
fn body_text(brief: &Brief) -> Cow<'_, str> {
    let title = |i: usize| brief.link_titles.get(i).map(String::as_str);
    with_link_titles(&brief.parsed.body.plain_text, title)
}

/// What a brief's words and text are made from: its parse revision (which changes
/// whenever it is parsed again) and the titles of its links' targets (a wiki link
/// without text shows its target's title, which another brief's edit changes).
fn text_revision(brief: &Brief) -> u64 {
    let mut state = xxhash_rust::xxh3::Xxh3::new();
    state.write_u64(brief.parsed.revision);
    brief.link_titles.hash(&mut state);
    state.digest()
}

/// The part of the index of the last rebuild of a watch session that depends on a
/// few briefs only: words by text revision (see [`text_revision`]), and the key of
/// each text chunk by the text revisions of its briefs, so that an edit redoes only
/// the edited brief's words and text chunk (and those of briefs showing its title).
#[derive(Default)]
pub struct Cache {
    /// The terms the cached words are numbers of.
    vocabulary: Option<Arc<Vocabulary>>,
    briefs: HashMap<u64, Arc<BriefIndex>>,
    text_chunks: HashMap<u64, String>,
    /// The key of each metadata chunk by what it is made from (see
    /// [`metadata_chunks`]).
    metadata_chunks: HashMap<u64, String>,
}

/// Hands the index's files to the sink once each, skipping those already written,
/// and keeps the path of every file of the index.
struct Emitter<'a> {
    written: &'a (dyn Fn(&str) -> bool + Sync),
    sink: Sink<'a>,
    emitted: Mutex<HashSet<String>>,
    paths: Mutex<Vec<String>>,
}

impl Emitter<'_> {
    /// Notes that `path` is part of the index (already written).
    fn record(&self, path: String) -> std::io::Result<()> {
        self.paths
            .lock()
            .map_err(|_| std::io::Error::other("a search index worker panicked"))?
            .push(path);
        Ok(())
    }

    fn emit(&self, file: OutputFile) -> std::io::Result<()> {
        self.record(file.path.clone())?;
        if (self.written)(&file.path) {
            return Ok(());
        }
        // Two groups of briefs with the same texts share a file: it is written once.
        let first = self
            .emitted
            .lock()
            .map_or(true, |mut seen| seen.insert(file.path.clone()));
        if first {
            (self.sink)(file)?;
        }
        Ok(())
    }
}

/// Writes the files of the search index to `sink`; the same site always gives the same
/// files, byte for byte. Briefs unchanged since the last call with `cache` are not
/// read again, and only files whose path is not `written` already are made (every
/// file but the manifest is named after its contents). Returns the paths of all the
/// index's files.
pub fn render_index(
    site: &Site,
    cache: &mut Cache,
    written: &(dyn Fn(&str) -> bool + Sync),
    sink: Sink,
) -> std::io::Result<Vec<String>> {
    let emitter = Emitter {
        written,
        sink,
        emitted: Mutex::default(),
        paths: Mutex::default(),
    };
    let revisions: Vec<u64> = site.briefs.par_iter().map(text_revision).collect();
    let (per_brief, vocabulary) = index_briefs(site, &revisions, cache);
    let texts = text_chunks(site, &revisions, cache, &emitter)?;
    let shards = term_shards(&per_brief, &vocabulary, &emitter)?;
    let chunks = metadata_chunks(site, &texts, cache, &emitter)?;
    let facets = facets(site, &emitter)?;
    let manifest = manifest(site, shards, chunks, facets);
    let mut paths = emitter
        .paths
        .into_inner()
        .map_err(|_| std::io::Error::other("a search index worker panicked"))?;
    // The manifest's name never changes, so it is always written again.
    paths.push(manifest.path.clone());
    sink(manifest)?;
    paths.sort();
    paths.dedup();
    Ok(paths)
}

/// Words of each brief, in parallel, from the cache where the brief is unchanged; and
/// the vocabulary they are numbers of.
fn index_briefs(
    site: &Site,
    revisions: &[u64],
    cache: &mut Cache,
) -> (Vec<Arc<BriefIndex>>, Arc<Vocabulary>) {
    let words = site_words(site);
    let vocabulary = match &cache.vocabulary {
        Some(vocabulary) if vocabulary.words() == words => Arc::clone(vocabulary),
        _ => {
            cache.briefs.clear();
            let vocabulary = Arc::new(Vocabulary::new(words));
            cache.vocabulary = Some(Arc::clone(&vocabulary));
            vocabulary
        }
    };
    let per_brief: Vec<Arc<BriefIndex>> = site
        .briefs
        .par_iter()
        .zip(revisions)
        .map(|(brief, revision)| match cache.briefs.get(revision) {
            Some(index) => Arc::clone(index),
            None => Arc::new(index_brief(brief, &vocabulary)),
        })
        .collect();
    cache.briefs = revisions
        .iter()
        .zip(&per_brief)
        .map(|(revision, index)| (*revision, Arc::clone(index)))
        .collect();
    (per_brief, vocabulary)
}

/// Consecutive briefs (ranges of brief numbers) whose texts share a file: a group ends
/// after a brief whose address hashes to a multiple of [`TEXT_CHUNK_SPREAD`], or once
/// it holds [`TEXT_CHUNK_BYTES`] of text.
fn text_groups(site: &Site) -> Vec<Range<usize>> {
    groups(site, TEXT_CHUNK_SPREAD, TEXT_CHUNK_BYTES, |brief| {
        let meta = &brief.parsed.meta;
        brief.parsed.body.plain_text.len() + meta.summary.len() + meta.subtitle.len()
    })
}

/// Consecutive briefs whose metadata share a file: a group ends after a brief whose
/// address hashes to a multiple of [`CHUNK_DOCS`], or once it holds
/// [`CHUNK_DOCS_MOST`] briefs. A new brief (at the top of the site's order, usually)
/// changes one chunk, not every chunk after it as chunks of a fixed size did.
fn metadata_groups(site: &Site) -> Vec<Range<usize>> {
    groups(site, CHUNK_DOCS as u64, CHUNK_DOCS_MOST, |_| 1)
}

/// The site's briefs in consecutive groups of about `spread` briefs: a group ends after
/// a brief whose address hashes to a multiple of `spread`, so where groups end depends
/// on the briefs, not on how many come before them; or once the `size` of its briefs
/// reaches `most`; or with the last brief.
fn groups(
    site: &Site,
    spread: u64,
    most: usize,
    size: impl Fn(&Brief) -> usize,
) -> Vec<Range<usize>> {
    let mut groups = Vec::new();
    let (mut start, mut total) = (0, 0);
    for (number, brief) in site.briefs.iter().enumerate() {
        total += size(brief);
        let hashed_end = xxhash_rust::xxh3::xxh3_64(brief.path.as_bytes()) % spread == 0;
        if hashed_end || total >= most || number + 1 == site.briefs.len() {
            groups.push(start..number + 1);
            (start, total) = (number + 1, 0);
        }
    }
    groups
}

/// Text chunks, made again only where one of their briefs changed; text goes out as it
/// is made, so the index never holds the text of the whole site. Returns, for each
/// brief, its chunk's key and its position in the chunk.
fn text_chunks(
    site: &Site,
    revisions: &[u64],
    cache: &mut Cache,
    emitter: &Emitter,
) -> std::io::Result<Vec<(Arc<str>, usize)>> {
    let groups = text_groups(site);
    let chunks: Vec<(u64, Arc<str>)> = groups
        .par_iter()
        .map(|group| {
            let briefs = &site.briefs[group.clone()];
            let mut state = xxhash_rust::xxh3::Xxh3::new();
            for revision in &revisions[group.clone()] {
                std::hash::Hasher::write_u64(&mut state, *revision);
            }
            let revisions = state.digest();
            if let Some(key) = cache.text_chunks.get(&revisions) {
                let path = urls::search_file(key);
                if (emitter.written)(&path) {
                    emitter.record(path)?;
                    return Ok((revisions, Arc::from(key.as_str())));
                }
            }
            let texts: Vec<BriefText> = briefs
                .iter()
                .map(|brief| BriefText {
                    summary: summary(brief),
                    headings: brief
                        .parsed
                        .body
                        .headings
                        .iter()
                        .map(|h| h.title.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    body: body_text(brief),
                })
                .collect();
            let (key, file) = script_file("d", &texts);
            emitter.emit(file)?;
            Ok((revisions, Arc::from(key)))
        })
        .collect::<std::io::Result<_>>()?;
    cache.text_chunks = chunks
        .iter()
        .map(|(revisions, key)| (*revisions, key.to_string()))
        .collect();
    Ok(groups
        .into_iter()
        .zip(chunks)
        .flat_map(|(group, (_, key))| (0..group.len()).map(move |at| (Arc::clone(&key), at)))
        .collect())
}

/// Each word's postings, encoded, in the order JavaScript sorts words (UTF-16 code
/// units).
fn postings(per_brief: &[Arc<BriefIndex>], vocabulary: &Vocabulary) -> Vec<(String, String)> {
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
    // All postings in one list, grouped by term: each term's (brief, level) pairs in
    // brief order, from `starts[term]` to `starts[term + 1]`.
    let terms = vocabulary.with_terms(<[Box<str>]>::len);
    let mut starts = vec![0usize; terms + 1];
    for brief in per_brief {
        for &(number, _) in &brief.words.counts {
            starts[number as usize + 1] += 1;
        }
    }
    for number in 0..terms {
        starts[number + 1] += starts[number];
    }
    // Each brief's levels in parallel (most of the work), then put in place.
    let levels: Vec<Vec<u32>> = per_brief
        .par_iter()
        .map(|brief| {
            let lengths = &brief.words.lengths;
            let counts = &brief.words.counts;
            counts
                .iter()
                .map(|(_, counts)| impact(counts, lengths, &average))
                .collect()
        })
        .collect();
    let mut next = starts.clone();
    let mut pairs = vec![(0u32, 0u32); starts[terms]];
    for (number, (brief, levels)) in per_brief.iter().zip(&levels).enumerate() {
        for ((term, _), &level) in brief.words.counts.iter().zip(levels) {
            let at = &mut next[*term as usize];
            pairs[*at] = (number as u32, level);
            *at += 1;
        }
    }
    // Terms no brief of this build has (left from earlier rebuilds of a watch
    // session) have no postings.
    let mut postings: Vec<(String, &[(u32, u32)])> = vocabulary.with_terms(|list| {
        list.iter()
            .enumerate()
            .filter(|&(number, _)| starts[number + 1] > starts[number])
            .map(|(number, term)| (term.to_string(), &pairs[starts[number]..starts[number + 1]]))
            .collect()
    });
    postings.par_sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    postings
        .into_par_iter()
        .map(|(word, list)| {
            let mut out = String::with_capacity(list.len() + 8);
            let mut previous: i64 = -1;
            for &(number, level) in list {
                let gap = i64::from(number) - previous;
                previous = i64::from(number);
                encode_number(
                    &mut out,
                    (gap as u64 - 1) * u64::from(IMPACT_LEVELS) + u64::from(level - 1),
                );
            }
            (word, out)
        })
        .collect()
}

/// Term shards: consecutive words up to about [`SHARD_BYTES`] each. Returns the first
/// word and key of each shard.
fn term_shards(
    per_brief: &[Arc<BriefIndex>],
    vocabulary: &Vocabulary,
    emitter: &Emitter,
) -> std::io::Result<Vec<(String, String)>> {
    let mut groups: Vec<Vec<(String, String)>> = Vec::new();
    let mut size = 0;
    for entry in postings(per_brief, vocabulary) {
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
    let mut index = Vec::with_capacity(shards.len());
    for (group, (key, file)) in groups.iter().zip(shards) {
        index.push((group[0].0.clone(), key));
        emitter.emit(file)?;
    }
    Ok(index)
}

/// Metadata chunks, which name the briefs' text files, made again only where what one
/// of them is made from changed: a brief (its parse revision, its path), a brief's
/// place in the text chunks, or the configuration and labels (type names, topics,
/// dates, addresses). Returns their keys.
fn metadata_chunks(
    site: &Site,
    texts: &[(Arc<str>, usize)],
    cache: &mut Cache,
    emitter: &Emitter,
) -> std::io::Result<Vec<(String, usize)>> {
    let mut state = xxhash_rust::xxh3::Xxh3::new();
    site.config.hash(&mut state);
    site.labels.hash(&mut state);
    let settings = state.digest();
    let groups = metadata_groups(site);
    let chunks: Vec<(u64, String)> = groups
        .par_iter()
        .map(|group| {
            let (chunk, texts) = (&site.briefs[group.clone()], &texts[group.clone()]);
            let mut state = xxhash_rust::xxh3::Xxh3::new();
            state.write_u64(settings);
            for (brief, (text, text_at)) in chunk.iter().zip(texts) {
                state.write_u64(brief.parsed.revision);
                brief.path.hash(&mut state);
                text.hash(&mut state);
                state.write_usize(*text_at);
            }
            let inputs = state.digest();
            if let Some(key) = cache.metadata_chunks.get(&inputs) {
                let path = urls::search_file(key);
                if (emitter.written)(&path) {
                    emitter.record(path)?;
                    return Ok((inputs, key.clone()));
                }
            }
            let entries: Vec<BriefEntry> = chunk
                .iter()
                .zip(texts)
                .map(|(brief, (text, text_at))| BriefEntry {
                    title: &brief.parsed.meta.title,
                    url: link_path(site, &brief.path),
                    kind: brief.terms[TaxonomyKind::Types.index()]
                        .first()
                        .map_or("", |&t| {
                            &site.taxonomies.get(TaxonomyKind::Types).terms[t].singular
                        }),
                    date: site.labels.format_date(brief.parsed.meta.date.day),
                    date_iso: brief.parsed.meta.date.iso_day(),
                    topics: &brief.terms[TaxonomyKind::Topics.index()],
                    text: &text[..],
                    text_at: *text_at,
                })
                .collect();
            let (key, file) = script_file("m", &entries);
            emitter.emit(file)?;
            Ok((inputs, key))
        })
        .collect::<std::io::Result<_>>()?;
    cache.metadata_chunks = chunks.iter().cloned().collect();
    Ok(chunks
        .into_iter()
        .zip(groups)
        .map(|((_, key), group)| (key, group.len()))
        .collect())
}

/// Facets: the topic and region sets, one file each. Returns their keys by filter name.
fn facets(site: &Site, emitter: &Emitter) -> std::io::Result<BTreeMap<&'static str, String>> {
    let mut facets = BTreeMap::new();
    for (name, kind) in [
        ("topic", TaxonomyKind::Topics),
        ("region", TaxonomyKind::Regions),
        ("type", TaxonomyKind::Types),
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
        emitter.emit(file)?;
    }
    Ok(facets)
}

/// The manifest: the other files' names, the topics and the briefs of each year.
fn manifest(
    site: &Site,
    shards: Vec<(String, String)>,
    chunks: Vec<(String, usize)>,
    facets: BTreeMap<&'static str, String>,
) -> OutputFile {
    let mut years: Vec<(i32, Vec<usize>)> = Vec::new();
    for (number, brief) in site.briefs.iter().enumerate() {
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
            url: link_path(site, &urls::term(TaxonomyKind::Topics, &term.slug)),
        })
        .collect();
    let manifest = Manifest {
        version: FORMAT_VERSION,
        language: &site.config.language,
        fold_accents: site.config.search.fold_accents,
        briefs: site.briefs.len(),
        impact_levels: IMPACT_LEVELS,
        stop_words: STOP_WORDS,
        shards,
        chunks,
        topics,
        facets,
        years: years
            .into_iter()
            .map(|(year, numbers)| (year, encode_set(&numbers)))
            .collect(),
    };
    let json = serde_json::to_string(&manifest).unwrap_or_else(|_| "null".to_string());
    index_script("index", &json)
}
