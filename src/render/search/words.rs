//! Words as the search index and the search page see them: the tokenizer (the page's
//! script splits queries and excerpts by the same rules), stop words, and each brief's
//! words with their weight (BM25F).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use super::encode::WordHasher;
use super::IMPACT_LEVELS;

/// BM25 parameters: term frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Fields of a brief: title, summary (with the subtitle) and body; and how much a
/// word in each counts (BM25F).
pub(super) const FIELDS: usize = 3;
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

pub(super) type WordMap<V> = HashMap<String, V, BuildHasherDefault<WordHasher>>;

/// The words of one brief: each distinct word with its count per field, and the
/// number of words of each field.
pub(super) struct BriefWords {
    pub lengths: [u32; FIELDS],
    pub counts: Vec<(String, [u32; FIELDS])>,
}

pub(super) fn brief_words(fields: [&str; FIELDS]) -> BriefWords {
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
pub(super) fn impact(
    counts: &[u32; FIELDS],
    lengths: &[u32; FIELDS],
    average: &[f64; FIELDS],
) -> u32 {
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
