//! Words as the search index and the search page see them: the tokenizer (the page's
//! script splits queries and excerpts by the same rules), folding, stemming, stop words,
//! and each brief's words with their weight (BM25F).
//!
//! A text becomes terms in four steps, the same in Rust and in `search.js`:
//! 1. **Split**: runs of letters and digits, joined by an apostrophe or full stop between
//!    letters; a run of Chinese or Japanese characters (Han, kana) is a run of its own,
//!    cut into overlapping pairs of characters (bigrams: `抑止力` is `抑止`, `止力`), or
//!    kept as one character when it is alone.
//! 2. **Fold**: Unicode lower case plus the few full case foldings lower case lacks
//!    (`ß` is `ss`, final `ς` is `σ`); with accent folding on (the default), accents
//!    are dropped from words not in Cyrillic (`São` is `sao`); in Cyrillic, `ё` is `е`.
//! 3. **Stop**: words of one letter and [`STOP_WORDS`] are left out.
//! 4. **Stem**: by the script of the word, not of the page, so a mixed page works:
//!    Latin words with the Snowball English stemmer, Cyrillic ones with the Snowball
//!    Russian stemmer (`rust-stemmers` here, a port of the same algorithms in the
//!    page's script, checked against each other by `tests/search.rs`), when the
//!    language is one whose words we stem ([`Language`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use rust_stemmers::{Algorithm, Stemmer};

use super::encode::WordHasher;
use super::IMPACT_LEVELS;

/// BM25 parameters: term frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Fields of a brief: title, summary (with the subtitle) and body; and how much a
/// word in each counts (BM25F).
pub(super) const FIELDS: usize = 3;
const FIELD_WEIGHTS: [f64; FIELDS] = [5.0, 2.5, 1.0];

/// Words too common to help find anything, English then Russian; left out of the index
/// and of queries (also as the start of a longer word). Sorted (in UTF-16 code units);
/// English ones have at most five letters, others at most eight bytes in UTF-8 (see
/// [`is_stop_word`]).
pub const STOP_WORDS: &[&str] = &[
    "about", "also", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "for",
    "from", "had", "has", "have", "he", "her", "his", "if", "in", "into", "is", "it", "its", "no",
    "not", "of", "on", "or", "our", "she", "so", "such", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "to", "was", "we", "were", "what", "when",
    "which", "while", "who", "will", "with", "would", "без", "бы", "был", "была", "были", "было",
    "быть", "вам", "вас", "ведь", "во", "вот", "все", "всех", "всю", "вы", "где", "да", "для",
    "до", "его", "ее", "ей", "ему", "если", "есть", "еще", "же", "за", "из", "или", "им", "их",
    "как", "кто", "ли", "мне", "мой", "моя", "мы", "на", "над", "надо", "нас", "не", "него", "нее",
    "ней", "нет", "ни", "них", "но", "об", "он", "она", "они", "от", "по", "под", "при", "про",
    "раз", "сам", "себе", "себя", "со", "так", "там", "тем", "то", "того", "тоже", "том", "тут",
    "ты", "уже", "хоть", "чего", "чем", "что", "эти", "этой", "этом", "этот", "эту",
];

/// The language of a text, which decides which words are stemmed: for English,
/// Russian and Japanese sites, Latin words are stemmed as English and Cyrillic words as
/// Russian (the other words of a Russian or Japanese page are mostly English names and
/// terms, and the other words of an English page mostly Russian). For any other
/// language nothing is stemmed, rather than stemming it as if it were English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    Russian,
    Japanese,
    Other,
}

impl Language {
    /// From a language tag (`en`, `ru-RU`, `ja`); `config.language` or, later, a
    /// brief's `lang`.
    pub fn from_tag(tag: &str) -> Language {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "en" => Language::English,
            "ru" => Language::Russian,
            "ja" => Language::Japanese,
            _ => Language::Other,
        }
    }

    fn stems(self) -> bool {
        self != Language::Other
    }
}

/// How a text becomes terms: its language and whether accents are folded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    pub language: Language,
    pub fold_accents: bool,
}

/// The script of a word, from its first character that is not a digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Script {
    Latin,
    Cyrillic,
    /// A bigram or single character of a Chinese or Japanese run: never stemmed.
    Cjk,
    Other,
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{2DE0}'..='\u{2DFF}' | '\u{A640}'..='\u{A69F}')
}

/// Whether `c` is a letter of the Russian alphabet (А-я, Ё, ё): nearly every non-ASCII
/// letter of a Russian text, answered without Unicode's tables (a tenth of the index's
/// time on Russian briefs went to those).
fn is_russian_letter(c: char) -> bool {
    matches!(c, 'А'..='я' | 'Ё' | 'ё')
}

/// The lower case of a Russian letter, without Unicode's tables.
fn russian_lowercase(c: char) -> Option<char> {
    match c {
        'А'..='Я' => char::from_u32(u32::from(c) + 0x20),
        'Ё' => Some('ё'),
        'а'..='я' | 'ё' => Some(c),
        _ => None,
    }
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' | '\u{2C60}'..='\u{2C7F}' | '\u{A720}'..='\u{A7FF}' | '\u{FB00}'..='\u{FB06}')
}

/// Chinese characters and Japanese kana (with the iteration mark 々 and the long vowel
/// mark ー, not the middle dot ・, which separates words), written without spaces
/// between words: indexed as bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}'
        | '\u{3040}'..='\u{309F}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{30FC}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{2FFFF}')
}

fn script_of(word: &str) -> Script {
    match word.chars().find(|c| !c.is_numeric()) {
        Some(c) if is_latin(c) => Script::Latin,
        Some(c) if is_cyrillic(c) => Script::Cyrillic,
        Some(c) if is_cjk(c) => Script::Cjk,
        Some(_) => Script::Other,
        None => Script::Latin,
    }
}

/// Case foldings (Unicode CaseFolding.txt, full) that lower case does not make; the
/// page's script has the same table.
fn fold_extra(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' | 'ẞ' => "ss",
        'ς' => "σ",
        'ſ' => "s",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' | 'ﬆ' => "st",
        'ϐ' => "β",
        'ϑ' => "θ",
        'ϕ' => "φ",
        'ϖ' => "π",
        'ϰ' => "κ",
        'ϱ' => "ρ",
        'ϵ' => "ε",
        _ => return None,
    })
}

/// Letters without a decomposition that accent folding still reads as plain letters.
fn fold_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ø' => "o",
        'đ' => "d",
        'ł' => "l",
        'æ' => "ae",
        'œ' => "oe",
        'ı' => "i",
        _ => return None,
    })
}

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

/// Calls `found` with each term of `text`, in order: each word split, folded, without
/// stop words and stemmed (see the module's documentation). What the index holds and
/// what the page looks up.
pub fn for_each_word(text: &str, words: Words, mut found: impl FnMut(&str)) {
    let stemmers = Stemmers::for_language(words.language);
    for_each_token(text, words.fold_accents, |token, script| {
        found(&stemmers.stem(token, script));
    });
}

/// The two stemmers (English, Russian) a language uses, if any.
struct Stemmers {
    english: Option<Stemmer>,
    russian: Option<Stemmer>,
}

impl Stemmers {
    fn for_language(language: Language) -> Stemmers {
        let stems = language.stems();
        Stemmers {
            english: stems.then(|| Stemmer::create(Algorithm::English)),
            russian: stems.then(|| Stemmer::create(Algorithm::Russian)),
        }
    }

    fn stem<'a>(&self, token: &'a str, script: Script) -> std::borrow::Cow<'a, str> {
        let stemmer = match script {
            Script::Latin => self.english.as_ref(),
            Script::Cyrillic => self.russian.as_ref(),
            Script::Cjk | Script::Other => None,
        };
        match stemmer {
            Some(stemmer) => stemmer.stem(token),
            None => std::borrow::Cow::Borrowed(token),
        }
    }
}

/// Calls `found` with each token of `text` (split, folded, stop words left out, not
/// stemmed) and its script. A word is a run of letters and digits (Unicode); an
/// apostrophe or full stop between two letters joins them and is then dropped ("U.S."
/// is `us`, "don't" is `dont`), after a final possessive "'s" is dropped ("Japan's" is
/// `japan`). Words of one character and [`STOP_WORDS`] are skipped; Chinese and
/// Japanese runs give bigrams, or a single character for a run of one.
fn for_each_token(text: &str, fold_accents: bool, mut found: impl FnMut(&str, Script)) {
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
        if !c.is_ascii() && is_cjk(c) {
            if let Some(from) = start.take() {
                finish_word(
                    &text[from..at],
                    plain,
                    upper,
                    fold_accents,
                    &mut word,
                    &mut found,
                );
            }
            last_is_letter = false;
            let run_end = text[at..]
                .char_indices()
                .find(|&(_, c)| !is_cjk(c))
                .map_or(text.len(), |(i, _)| at + i);
            cjk_terms(&text[at..run_end], &mut found);
            at = run_end;
            continue;
        }
        if !c.is_ascii() && (is_russian_letter(c) || c.is_alphanumeric()) {
            if start.is_none() {
                start = Some(at);
                upper = false;
            }
            plain = false;
            last_is_letter = is_russian_letter(c) || c.is_alphabetic();
        } else if is_joiner(c)
            && last_is_letter
            && text[next..]
                .chars()
                .next()
                .is_some_and(|c| is_russian_letter(c) || (c.is_alphabetic() && !is_cjk(c)))
        {
            plain = false;
            last_is_letter = false;
        } else if let Some(from) = start.take() {
            finish_word(
                &text[from..at],
                plain,
                upper,
                fold_accents,
                &mut word,
                &mut found,
            );
            last_is_letter = false;
        }
        at = next;
    }
    if let Some(from) = start {
        finish_word(
            &text[from..],
            plain,
            upper,
            fold_accents,
            &mut word,
            &mut found,
        );
    }
}

/// The bigrams of a run of Chinese or Japanese characters, or its one character.
fn cjk_terms(run: &str, found: &mut impl FnMut(&str, Script)) {
    let mut chars = run.char_indices().peekable();
    if run.chars().nth(1).is_none() {
        found(run, Script::Cjk);
        return;
    }
    while let Some((from, _)) = chars.next() {
        let Some(&(second, c)) = chars.peek() else {
            break;
        };
        found(&run[from..second + c.len_utf8()], Script::Cjk);
    }
}

/// Folds a word (see the module's documentation) into `out`.
pub(super) fn fold_word(raw: &str, fold_accents: bool, out: &mut String) {
    out.clear();
    let cyrillic = script_of(raw) == Script::Cyrillic;
    for c in raw.chars() {
        if let Some(lower) = russian_lowercase(c) {
            out.push(lower);
            continue;
        }
        match fold_extra(c) {
            Some(folded) => out.push_str(folded),
            None => out.extend(c.to_lowercase()),
        }
    }
    if cyrillic {
        if out.contains('ё') {
            *out = out.replace('ё', "е");
        }
    } else if fold_accents && !out.is_ascii() {
        let decomposed: String = unicode_normalization::UnicodeNormalization::nfd(out.as_str())
            .filter(|&c| !unicode_normalization::char::is_combining_mark(c))
            .collect();
        out.clear();
        for c in decomposed.chars() {
            match fold_letter(c) {
                Some(folded) => out.push_str(folded),
                None => out.push(c),
            }
        }
    }
}

/// Lowercases and cleans a word unless it is plain lower-case ASCII (`plain` and not
/// `upper`), which needs no copy, then passes it on unless it is too short or a stop
/// word.
fn finish_word(
    raw: &str,
    plain: bool,
    upper: bool,
    fold_accents: bool,
    word: &mut String,
    found: &mut impl FnMut(&str, Script),
) {
    let word: &str = if plain && !upper {
        raw
    } else {
        if plain {
            word.clear();
            word.push_str(raw);
            word.make_ascii_lowercase();
        } else {
            fold_word(raw, fold_accents, word);
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
        let script = if plain {
            Script::Latin
        } else {
            script_of(word)
        };
        found(word, script);
    }
}

/// Whether `word` is one of [`STOP_WORDS`]: none at all for the many words longer than
/// any stop word, else a look-up of the word as an integer in [`stop_word_table`].
fn is_stop_word(word: &str) -> bool {
    static TABLE: OnceLock<Box<[u64; STOP_SLOTS]>> = OnceLock::new();
    // English stop words have at most five letters, Russian ones at most four (eight
    // bytes): most words need no look-up at all.
    if !(word.len() <= 5 || (word.len() <= 8 && !word.is_ascii())) {
        return false;
    }
    let table = TABLE.get_or_init(stop_word_table);
    let key = short_word_key(word);
    // 0 marks a free slot: an empty word is no stop word.
    key != 0 && table[stop_slot(table, key)] == key
}

/// Slots of the stop word table: a power of two, over three times the stop words, so
/// that a word not in it usually meets an empty slot at once.
const STOP_SLOTS: usize = 512;

/// The stop words as integers, each at its slot ([`stop_slot`]) or the next free one
/// after it (0 marks a free slot; no stop word is empty): a word is found in one or two
/// reads, where a binary search took seven unpredictable branches (1.5-2% of a
/// 10,000-brief build's samples).
fn stop_word_table() -> Box<[u64; STOP_SLOTS]> {
    let mut table = Box::new([0; STOP_SLOTS]);
    for word in STOP_WORDS {
        let key = short_word_key(word);
        table[stop_slot(&table, key)] = key;
    }
    table
}

/// The slot of `table` that holds a word's integer `key`, or the free slot where it
/// would go: from its home slot, the top bits of its product with a large odd number
/// (Fibonacci hashing, which mixes every byte into them), on to the next slots.
fn stop_slot(table: &[u64; STOP_SLOTS], key: u64) -> usize {
    let mut slot =
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - STOP_SLOTS.trailing_zeros())) as usize;
    while table[slot] != 0 && table[slot] != key {
        slot = (slot + 1) % STOP_SLOTS;
    }
    slot
}

/// The bytes of a word of up to eight bytes as one integer (distinct words, distinct
/// integers).
fn short_word_key(word: &str) -> u64 {
    let mut key = [0; 8];
    key[..word.len()].copy_from_slice(word.as_bytes());
    u64::from_le_bytes(key)
}

pub(super) type WordMap<V> = HashMap<String, V, BuildHasherDefault<WordHasher>>;

/// The terms of one edition's index, each with a number: a brief's words are numbers,
/// so that counting them and merging them into postings needs no string at all.
/// Numbers are handed out in the order words are first met (which varies between
/// builds); nothing written depends on them, only on the terms.
pub(super) struct Vocabulary {
    /// Tells this vocabulary's numbers from another's in a thread's look-ups.
    id: u64,
    words: Words,
    stemmers: Stemmers,
    terms: Mutex<Terms>,
}

#[derive(Default)]
struct Terms {
    numbers: WordMap<u32>,
    list: Vec<Box<str>>,
}

impl Vocabulary {
    pub fn new(words: Words) -> Vocabulary {
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        Vocabulary {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            words,
            stemmers: Stemmers::for_language(words.language),
            terms: Mutex::default(),
        }
    }

    /// How texts become terms in this vocabulary.
    pub fn words(&self) -> Words {
        self.words
    }

    fn terms(&self) -> std::sync::MutexGuard<'_, Terms> {
        // The terms are only ever added to, so a panic elsewhere leaves them whole.
        self.terms.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The number of the term of a token (stemmed here, outside the lock).
    fn number(&self, token: &str, script: Script) -> u32 {
        let term = self.stemmers.stem(token, script);
        let mut terms = self.terms();
        if let Some(&number) = terms.numbers.get(&*term) {
            return number;
        }
        let number = terms.list.len() as u32;
        terms.list.push(Box::from(&*term));
        terms.numbers.insert(term.into_owned(), number);
        number
    }

    /// Calls `read` with every term, by number.
    pub fn with_terms<R>(&self, read: impl FnOnce(&[Box<str>]) -> R) -> R {
        read(&self.terms().list)
    }
}

/// The words of one brief: each distinct term (by number in the edition's
/// [`Vocabulary`]) with its count per field, and the number of words of each field.
pub(super) struct BriefWords {
    pub lengths: [u32; FIELDS],
    pub counts: Vec<(u32, [u32; FIELDS])>,
}

/// Tokens already numbered by this thread, per vocabulary (the editions of a site in
/// several languages are indexed side by side, so a thread moves between them): a
/// site has far fewer distinct words than words, so each is stemmed and numbered
/// about once per thread. A vocabulary's tokens are forgotten when they grow past
/// [`TOKEN_CACHE_WORDS`], so that a long watch session cannot grow them forever.
const TOKEN_CACHE_WORDS: usize = 200_000;
const TOKEN_CACHE_VOCABULARIES: usize = 4;

/// A distinct token of the brief being read: where its text is in
/// [`Scratch::spelled`], its script, its counts per field, and its hash.
struct Token {
    hash: u64,
    from: u32,
    len: u32,
    script: Script,
    counts: [u32; FIELDS],
}

/// What a thread keeps between briefs, so that reading a brief allocates nothing but
/// its result: its numbered tokens, and the brief's distinct tokens (a small table
/// that stays in cache, with their texts one after another in `spelled`) and its
/// counts by term number.
#[derive(Default)]
struct Scratch {
    numbers: Vec<(u64, WordMap<u32>)>,
    tokens: hashbrown::HashTable<Token>,
    spelled: String,
    counts: Vec<[u32; FIELDS]>,
    touched: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

fn token_hash(token: &str) -> u64 {
    let mut hasher = WordHasher::default();
    hasher.write(token.as_bytes());
    hasher.finish()
}

/// The words of one brief (title, summary, body; each field one or more texts), as
/// terms of `vocabulary`.
pub(super) fn brief_words(fields: [&[&str]; FIELDS], vocabulary: &Vocabulary) -> BriefWords {
    SCRATCH.with(|scratch| {
        let Scratch {
            numbers,
            tokens,
            spelled,
            counts,
            touched,
        } = &mut *scratch.borrow_mut();
        // Count each distinct token.
        tokens.clear();
        spelled.clear();
        let mut lengths = [0; FIELDS];
        for (field, texts) in fields.iter().enumerate() {
            for text in texts.iter() {
                for_each_token(text, vocabulary.words.fold_accents, |token, script| {
                    lengths[field] += 1;
                    let hash = token_hash(token);
                    let same = |t: &Token| {
                        t.hash == hash
                            && &spelled[t.from as usize..(t.from + t.len) as usize] == token
                    };
                    if let Some(known) = tokens.find_mut(hash, same) {
                        known.counts[field] += 1;
                        return;
                    }
                    let mut c = [0; FIELDS];
                    c[field] = 1;
                    let from = spelled.len() as u32;
                    spelled.push_str(token);
                    tokens.insert_unique(
                        hash,
                        Token {
                            hash,
                            from,
                            len: token.len() as u32,
                            script,
                            counts: c,
                        },
                        |t| t.hash,
                    );
                });
            }
        }
        // Then add up the tokens of each term.
        let at = match numbers.iter().position(|(id, _)| *id == vocabulary.id) {
            Some(at) => at,
            None => {
                if numbers.len() == TOKEN_CACHE_VOCABULARIES {
                    numbers.remove(0);
                }
                numbers.push((vocabulary.id, WordMap::default()));
                numbers.len() - 1
            }
        };
        let numbers = &mut numbers[at].1;
        if numbers.len() > TOKEN_CACHE_WORDS {
            numbers.clear();
        }
        for token in tokens.iter() {
            let text = &spelled[token.from as usize..(token.from + token.len) as usize];
            let number = match numbers.get(text) {
                Some(&number) => number,
                None => {
                    let number = vocabulary.number(text, token.script);
                    numbers.insert(text.to_string(), number);
                    number
                }
            } as usize;
            if number >= counts.len() {
                counts.resize(number + 1, [0; FIELDS]);
            }
            if counts[number] == [0; FIELDS] {
                touched.push(number as u32);
            }
            for (total, count) in counts[number].iter_mut().zip(token.counts) {
                *total += count;
            }
        }
        BriefWords {
            lengths,
            counts: touched
                .drain(..)
                .map(|number| (number, std::mem::take(&mut counts[number as usize])))
                .collect(),
        }
    })
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

    const EN: Words = Words {
        language: Language::English,
        fold_accents: true,
    };

    fn words_in(text: &str, words: Words) -> Vec<String> {
        let mut found = Vec::new();
        for_each_word(text, words, |w| found.push(w.to_string()));
        found
    }

    fn words(text: &str) -> Vec<String> {
        words_in(text, EN)
    }

    #[test]
    fn words_are_split_like_readers_expect() {
        let unstemmed = Words {
            language: Language::Other,
            fold_accents: false,
        };
        assert_eq!(
            words_in(
                "Japan's U.S. alliance, don\u{2019}t: NATO-led 2022 Ostpolitik. x É",
                unstemmed
            ),
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
        assert_eq!(words_in("Élysée Straße", unstemmed), ["élysée", "strasse"]);
        assert_eq!(words("the and of"), Vec::<String>::new());
        assert_eq!(words("3.5 per cent"), ["per", "cent"]);
    }

    #[test]
    fn english_and_russian_words_are_stemmed_by_their_script() {
        assert_eq!(words("alliances alliance"), ["allianc", "allianc"]);
        assert_eq!(words("Deterrence deterring"), ["deterr", "deter"]);
        // Cyrillic words on an English page, Latin words on a Russian one.
        assert_eq!(
            words("союзников союзники союз"),
            ["союзник", "союзник", "союз"]
        );
        let ru = Words {
            language: Language::Russian,
            fold_accents: true,
        };
        assert_eq!(
            words_in("Альянсы NATO alliances", ru),
            ["альянс", "nato", "allianc"]
        );
        // Languages without a stemmer keep their words whole.
        let fr = Words {
            language: Language::from_tag("fr-FR"),
            fold_accents: true,
        };
        assert_eq!(words_in("alliances", fr), ["alliances"]);
        assert_eq!(Language::from_tag("ja"), Language::Japanese);
    }

    #[test]
    fn case_and_accents_are_folded() {
        assert_eq!(words("ΟΔΟΣ οδος"), ["οδοσ", "οδοσ"]);
        assert_eq!(words("São Paulo SAO"), ["sao", "paulo", "sao"]);
        assert_eq!(words("Straße STRASSE"), ["strass", "strass"]);
        // Cyrillic keeps its letters (й is not и), but ё is е.
        assert_eq!(words("Ёлка ёлки йод"), ["елк", "елк", "йод"]);
        let kept = Words {
            language: Language::English,
            fold_accents: false,
        };
        assert_eq!(words_in("São", kept), ["são"]);
    }

    #[test]
    fn chinese_and_japanese_runs_are_bigrams() {
        assert_eq!(words("抑止力"), ["抑止", "止力"]);
        assert_eq!(
            words("日本の抑止力。力"),
            ["日本", "本の", "の抑", "抑止", "止力", "力"]
        );
        // Runs end at other scripts and digits, which stay words.
        assert_eq!(
            words("2022年NATOと日本"),
            ["2022", "年", "nato", "と日", "日本"]
        );
        assert_eq!(words("カタカナ"), ["カタ", "タカ", "カナ"]);
    }

    #[test]
    fn russian_stop_words_are_left_out() {
        assert_eq!(words("и это не для них"), ["эт"]);
        assert!(STOP_WORDS.iter().all(|w| if w.is_ascii() {
            w.len() <= 5
        } else {
            w.len() <= 8
        }));
    }

    #[test]
    fn a_brief_counts_stems() {
        let vocabulary = Vocabulary::new(EN);
        let brief = brief_words(
            [
                &["Alliances"],
                &[],
                &["the alliance and союзники,", "союзников"],
            ],
            &vocabulary,
        );
        let mut counts: Vec<(String, [u32; FIELDS])> = vocabulary.with_terms(|terms| {
            brief
                .counts
                .iter()
                .map(|&(number, c)| (terms[number as usize].to_string(), c))
                .collect()
        });
        counts.sort();
        assert_eq!(
            counts,
            [
                ("allianc".to_string(), [1, 0, 1]),
                ("союзник".to_string(), [0, 0, 2])
            ]
        );
        assert_eq!(brief.lengths, [1, 0, 3]);
    }

    #[test]
    fn stop_words_are_sorted_and_short() {
        let utf16 = |w: &str| w.encode_utf16().collect::<Vec<u16>>();
        assert!(STOP_WORDS.windows(2).all(|w| utf16(w[0]) < utf16(w[1])));
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 8 && is_stop_word(w)));
        assert!(!is_stop_word("alliance") && !is_stop_word("thee"));
    }

    #[test]
    fn only_stop_words_are_stop_words() {
        // Every word of one or two lowercase letters, and every stop word with a letter
        // changed, added or dropped: a stop word exactly when it is in the list.
        let mut words: Vec<String> = Vec::new();
        for a in 'a'..='z' {
            words.push(a.to_string());
            words.extend(('a'..='z').map(|b| format!("{a}{b}")));
        }
        for stop in STOP_WORDS {
            let chars: Vec<char> = stop.chars().collect();
            for at in 0..=chars.len() {
                let mut dropped = chars.clone();
                if at < chars.len() {
                    dropped.remove(at);
                    words.push(dropped.iter().collect());
                }
                for letter in ['a', 'e', 's', 'я', 'о'] {
                    let mut added = chars.clone();
                    added.insert(at, letter);
                    words.push(added.iter().collect());
                    if at < chars.len() {
                        let mut changed = chars.clone();
                        changed[at] = letter;
                        words.push(changed.iter().collect());
                    }
                }
            }
        }
        for word in &words {
            assert_eq!(
                is_stop_word(word),
                STOP_WORDS.contains(&word.as_str()),
                "{word:?}"
            );
        }
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
