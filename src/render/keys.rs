//! Page keys for watch mode: the hash of exactly what a page is rendered from (its
//! template context, the templates, the global context and the post-processing
//! settings). A watch session renders a page again only when its key changed; since
//! the key covers everything the template can read, no edit can leave a page stale,
//! whatever the template shows.
//!
//! Cards and term links are shared by thousands of pages; each is hashed once per
//! render and found again by its address (values are reference counted, so a shared
//! value has one address for as long as the views that hold it live).

use std::hash::{Hash, Hasher};

use hashbrown::HashMap;
use rayon::prelude::*;
use tera::value::ValueKind;
use tera::Value;
use xxhash_rust::xxh3::{xxh3_128, xxh3_64, Xxh3};

use super::jobs::Job;
use super::pages::PageContext;
use super::views::Views;
use crate::config::Config;

/// Hash of everything a page's template reads, by output path. Every page's key is
/// looked up after each relink: hashbrown's default hasher is several times faster
/// than the standard library's on these short keys.
pub type PageKeys = HashMap<String, u64>;

/// Hashes template values, remembering the hashes of values shared by many pages.
pub struct ValueHashes {
    /// Hash of each shared map or list, by its address.
    shared: HashMap<usize, u64>,
}

impl ValueHashes {
    /// Hashes the values many pages share (see [`shared_values`]).
    pub fn new(views: &Views) -> ValueHashes {
        let empty = ValueHashes {
            shared: HashMap::new(),
        };
        let hashed: Vec<(usize, u64)> = shared_values(views)
            .par_iter()
            .filter_map(|value| Some((address(value)?, empty.hash(value))))
            .collect();
        let shared = hashed.into_iter().collect();
        ValueHashes { shared }
    }

    /// The hashes of `views`, made after a relink from these, the hashes of the views
    /// before it: a value `views` kept from them is not hashed again. While the views
    /// before are alive (the caller drops them after this), an address known here can
    /// only be a value they share with `views`.
    pub fn carried_over(&self, views: &Views) -> ValueHashes {
        let mut carried = ValueHashes {
            shared: HashMap::new(),
        };
        let mut new = Vec::new();
        for value in shared_values(views) {
            let Some(address) = address(value) else {
                continue;
            };
            match self.shared.get(&address) {
                Some(&hash) => {
                    carried.shared.insert(address, hash);
                }
                None => new.push(value),
            }
        }
        for value in new {
            carried.remember(value);
        }
        carried
    }

    /// Forgets the shared value `old` and remembers `new`, which takes its place.
    pub fn replace(&mut self, old: &Value, new: &Value) {
        self.forget(old);
        self.remember(new);
    }

    /// Forgets a shared value; called before it is freed, since its address could then
    /// be a new value's.
    pub fn forget(&mut self, value: &Value) {
        if let Some(address) = address(value) {
            self.shared.remove(&address);
        }
    }

    /// Remembers the hash of a new shared value.
    pub fn remember(&mut self, value: &Value) {
        if let Some(address) = address(value) {
            let hash = self.hash(value);
            self.shared.insert(address, hash);
        }
    }

    /// The hash of one value: a function of its contents only, whether it is shared
    /// or not (a map or list contributes the hash of its contents to what holds it).
    pub fn hash(&self, value: &Value) -> u64 {
        if let Some(hash) = address(value).and_then(|a| self.shared.get(&a)) {
            return *hash;
        }
        let mut state = KeyBytes::default();
        match value.kind() {
            ValueKind::Map => {
                // Tera's maps have no order: combine the entries' hashes in a way
                // that does not depend on it.
                let mut entries = 0u64;
                let mut count = 0u64;
                let mut entry = KeyBytes::default();
                for (key, value) in value.as_map().into_iter().flatten() {
                    entry.clear();
                    match key.as_str() {
                        Some(name) => write_str(&mut entry, name),
                        None => write_str(&mut entry, &key.to_string()),
                    }
                    self.write(value, &mut entry);
                    entries = entries.wrapping_add(entry.finish());
                    count += 1;
                }
                state.write_u8(b'{');
                state.write_u64(count);
                state.write_u64(entries);
            }
            ValueKind::Array => {
                let items = value.as_array().unwrap_or_default();
                state.write_u8(b'[');
                state.write_u64(items.len() as u64);
                for item in items {
                    self.write(item, &mut state);
                }
            }
            _ => write_scalar(value, &mut state),
        }
        state.finish()
    }

    /// The key of a page: its template, every value of its context, and `globals` (see
    /// [`global_key`]).
    pub fn page_key(&self, globals: u64, context: &PageContext) -> u64 {
        let mut state = KeyBytes::default();
        state.write_u64(globals);
        write_str(&mut state, context.template);
        for (name, value) in &context.values {
            write_str(&mut state, name);
            self.write(value, &mut state);
        }
        state.finish()
    }

    /// Writes a value into what holds it: a scalar as itself, a map or list as the
    /// hash of its contents.
    fn write(&self, value: &Value, state: &mut impl Hasher) {
        match value.kind() {
            ValueKind::Map | ValueKind::Array => {
                state.write_u8(b'#');
                state.write_u64(self.hash(value));
            }
            _ => write_scalar(value, state),
        }
    }
}

/// Finds the cards a value holds, by their addresses.
pub struct CardFinder {
    /// The brief of each card's address; [`NO_CARD`] for shared values known to hold
    /// none (term links, the filter form), which are not searched.
    by_address: HashMap<usize, u32>,
}

const NO_CARD: u32 = u32::MAX;

impl CardFinder {
    pub fn new(views: &Views) -> CardFinder {
        let terms = views
            .term_links
            .iter()
            .chain(views.term_ref.iter().flatten())
            .chain([&views.filters])
            .filter_map(address)
            .map(|a| (a, NO_CARD));
        let cards = views
            .cards
            .iter()
            .enumerate()
            .filter_map(|(brief, card)| Some((address(card)?, brief as u32)));
        // Sized first: grown entry by entry, its table was rehashed a dozen times on
        // every edit.
        let term_refs: usize = views.term_ref.iter().map(Vec::len).sum();
        let entries = views.cards.len() + views.term_links.len() + term_refs + 1;
        let mut by_address = HashMap::with_capacity(entries);
        by_address.extend(terms.chain(cards));
        CardFinder { by_address }
    }

    /// Adds to `found` the briefs whose cards `value` holds, anywhere inside it.
    pub fn find(&self, value: &Value, found: &mut Vec<u32>) {
        if let Some(&brief) = address(value).and_then(|a| self.by_address.get(&a)) {
            if brief != NO_CARD {
                found.push(brief);
            }
            return;
        }
        match value.kind() {
            ValueKind::Map => {
                for (_, inner) in value.as_map().into_iter().flatten() {
                    self.find(inner, found);
                }
            }
            ValueKind::Array => {
                for inner in value.as_array().unwrap_or_default() {
                    self.find(inner, found);
                }
            }
            _ => {}
        }
    }
}

/// Which pages show each brief's card: for each brief, the pages whose context holds
/// its card. After an edit that changed some cards and nothing else other pages show (a
/// new title), a watch session checks the keys of these pages only. Valid while the
/// edited cards are replaced in place, the briefs that come, go or move followed
/// ([`CardReaders::follow_arrival`], [`CardReaders::move_brief`]), and the pages
/// rendered since noted ([`CardReaders::update`]).
///
/// Inside, briefs are named by ids given once: a brief that comes, goes or moves
/// renumbers the briefs after it, and with ids only the list of ids by index changes,
/// not the cards of every page and the pages of every card (half a million entries at
/// 10k briefs). A brief's own page is `Job::Brief(id)` inside, `Job::Brief(index)`
/// outside.
pub struct CardReaders {
    /// Each brief's id, by its index now.
    ids: Vec<u32>,
    /// Each id's brief index now (that of a brief that went is never asked for).
    indexes: Vec<u32>,
    /// By id, the pages that show the brief's card.
    by_brief: Vec<Vec<Job>>,
    /// The other way round, the ids of the cards each page shows: the briefs' own
    /// pages by id, other pages by job. A page that shows no card has none.
    brief_pages: Vec<Vec<u32>>,
    other_pages: HashMap<Job, Vec<u32>>,
}

impl CardReaders {
    /// From the cards each page shows: `(page, briefs)`.
    pub fn new(briefs: usize, shown: impl Iterator<Item = (Job, Vec<u32>)>) -> CardReaders {
        let ids: Vec<u32> = (0..briefs as u32).collect();
        let mut readers = CardReaders {
            indexes: ids.clone(),
            ids,
            by_brief: vec![Vec::new(); briefs],
            brief_pages: vec![Vec::new(); briefs],
            other_pages: HashMap::new(),
        };
        readers.add(shown);
        readers
    }

    /// `page` (a job as the site numbers it) as named inside.
    fn inside(&self, page: Job) -> Job {
        match page {
            Job::Brief(index) => Job::Brief(self.ids[index] as usize),
            other => other,
        }
    }

    /// `page` (as named inside) as the site numbers it.
    fn outside(&self, page: Job) -> Job {
        match page {
            Job::Brief(id) => Job::Brief(self.indexes[id] as usize),
            other => other,
        }
    }

    fn add(&mut self, shown: impl Iterator<Item = (Job, Vec<u32>)>) {
        for (job, cards) in shown {
            let (page, ids) = self.named_inside(job, cards);
            self.note(page, ids);
        }
    }

    /// A page and the cards it shows (briefs as the site numbers them) as named
    /// inside.
    fn named_inside(&self, job: Job, mut cards: Vec<u32>) -> (Job, Vec<u32>) {
        for card in &mut cards {
            *card = self.ids[*card as usize];
        }
        (self.inside(job), cards)
    }

    /// Notes that `page` shows `cards` (both named inside).
    fn note(&mut self, page: Job, cards: Vec<u32>) {
        self.add_reader(page, &cards);
        self.set_cards(page, cards);
    }

    /// Notes `page` among the readers of `cards`, which it did not show.
    fn add_reader(&mut self, page: Job, cards: &[u32]) {
        for &card in cards {
            let readers = &mut self.by_brief[card as usize];
            // A page may show a card twice (in two topics' neighbours, say).
            if readers.last() != Some(&page) {
                readers.push(page);
            }
        }
    }

    /// Notes that `page` shows `cards`, whose readers it is.
    fn set_cards(&mut self, page: Job, cards: Vec<u32>) {
        if cards.is_empty() {
            return;
        }
        match page {
            Job::Brief(id) => self.brief_pages[id] = cards,
            _ => {
                self.other_pages.insert(page, cards);
            }
        }
    }

    /// The cards a page (named inside) shows.
    fn cards_mut(&mut self, page: Job) -> Option<&mut Vec<u32>> {
        match page {
            Job::Brief(id) => self.brief_pages.get_mut(id),
            _ => self.other_pages.get_mut(&page),
        }
    }

    /// The pages that show brief `brief`'s card.
    pub fn of(&self, brief: usize) -> impl Iterator<Item = Job> + '_ {
        let pages = self
            .ids
            .get(brief)
            .map_or(&[][..], |&id| self.by_brief[id as usize].as_slice());
        pages.iter().map(|&page| self.outside(page))
    }

    /// Gives each page but the briefs' own its job after the site's pages were
    /// renumbered (a new term among the others), forgetting those `renumber` says the
    /// site no longer has. The briefs' pages keep their jobs (a brief that comes, goes
    /// or moves is followed by [`CardReaders::follow_arrival`] and
    /// [`CardReaders::move_brief`]).
    pub fn renumber(&mut self, renumber: impl Fn(Job) -> Option<Job>) {
        let renumber = |job: Job| match job {
            Job::Brief(_) => Some(job),
            _ => renumber(job),
        };
        let moved: Vec<Job> = self
            .other_pages
            .keys()
            .filter(|&&job| renumber(job) != Some(job))
            .copied()
            .collect();
        let mut touched = Vec::new();
        let mut renumbered = Vec::with_capacity(moved.len());
        for job in moved {
            let cards = self.other_pages.remove(&job).unwrap_or_default();
            touched.extend_from_slice(&cards);
            if let Some(now) = renumber(job) {
                renumbered.push((now, cards));
            }
        }
        touched.sort_unstable();
        touched.dedup();
        for card in touched {
            self.by_brief[card as usize].retain_mut(|job| match renumber(*job) {
                Some(now) => {
                    *job = now;
                    true
                }
                None => false,
            });
        }
        self.other_pages.extend(renumbered);
    }

    /// Follows brief `from`'s move to `to` (a date edit), which renumbers the briefs
    /// between the two places.
    pub fn move_brief(&mut self, from: usize, to: usize) {
        let id = self.ids.remove(from);
        self.ids.insert(to, id);
        self.renumber_from(from.min(to));
    }

    /// Gives the briefs from index `first` on their indexes now.
    fn renumber_from(&mut self, first: usize) {
        for (index, &id) in self.ids.iter().enumerate().skip(first) {
            self.indexes[id as usize] = index as u32;
        }
    }

    /// Follows a brief that came or went (see [`crate::link::insert_skeleton`]), and
    /// forgets the pages `exists` says the site no longer has.
    pub fn follow_arrival(&mut self, arrival: &crate::link::Arrival, exists: impl Fn(Job) -> bool) {
        let index = arrival.index;
        if arrival.came {
            let id = self.by_brief.len() as u32;
            self.by_brief.push(Vec::new());
            self.brief_pages.push(Vec::new());
            self.indexes.push(index as u32);
            self.ids.insert(index, id);
        } else {
            let id = self.ids.remove(index);
            for page in std::mem::take(&mut self.by_brief[id as usize]) {
                if let Some(cards) = self.cards_mut(page) {
                    cards.retain(|&card| card != id);
                }
            }
            let own_page = Job::Brief(id as usize);
            for card in std::mem::take(&mut self.brief_pages[id as usize]) {
                self.by_brief[card as usize].retain(|page| *page != own_page);
            }
        }
        self.renumber_from(index);
        self.renumber(|job| exists(job).then_some(job));
    }

    /// Notes the cards that pages rendered again show now (`shown`).
    pub fn update(&mut self, shown: Vec<(Job, Vec<u32>)>) {
        for (job, cards) in shown {
            let (page, ids) = self.named_inside(job, cards);
            // Most pages rendered again show the cards they showed: their notes stay.
            if self.cards_mut(page).is_some_and(|noted| *noted == ids) {
                continue;
            }
            // A list page whose briefs shifted by one shows all its cards but one
            // again: only the cards it stopped or started showing change readers.
            let noted = self.cards_mut(page).map(std::mem::take).unwrap_or_default();
            for &card in &noted {
                if !ids.contains(&card) {
                    self.by_brief[card as usize].retain(|reader| *reader != page);
                }
            }
            let started: Vec<u32> = ids
                .iter()
                .copied()
                .filter(|card| !noted.contains(card))
                .collect();
            self.add_reader(page, &started);
            self.set_cards(page, ids);
        }
    }
}

/// A scalar with its kind; a string also with whether it is marked safe (it is then
/// written unescaped).
pub(super) fn write_scalar(value: &Value, state: &mut impl Hasher) {
    if let Some(text) = value.as_str() {
        state.write_u8(if value.is_safe() { b'S' } else { b's' });
        write_str(state, text);
    } else if let Some(flag) = value.as_bool() {
        state.write_u8(b'b');
        state.write_u8(u8::from(flag));
    } else if let Some(number) = value.as_i128() {
        state.write_u8(b'i');
        state.write_i128(number);
    } else if let Some(number) = value.as_u128() {
        state.write_u8(b'u');
        state.write_u128(number);
    } else if let Some(number) = value.as_f64() {
        state.write_u8(b'f');
        state.write_u64(number.to_bits());
    } else if let Some(bytes) = value.as_bytes() {
        state.write_u8(b'y');
        state.write_u64(bytes.len() as u64);
        state.write(bytes);
    } else {
        state.write_u8(if value.is_none() { b'n' } else { b'x' });
    }
}

/// The address of a map's or list's shared contents.
pub(super) fn address(value: &Value) -> Option<usize> {
    match value.kind() {
        ValueKind::Map => value.as_map().map(|m| m as *const _ as usize),
        ValueKind::Array => value
            .as_array()
            .filter(|items| !items.is_empty())
            .map(|items| items.as_ptr() as usize),
        _ => None,
    }
}

pub(super) fn write_str(state: &mut impl Hasher, text: &str) {
    state.write_u64(text.len() as u64);
    state.write(text.as_bytes());
}

/// A hasher for the short inputs of keys (a map entry, a component's argument): it
/// keeps the bytes written and hashes them in one go. xxh3's one-shot functions cost a
/// fraction of its streaming state, whose set-up alone copies a 192-byte secret and
/// which a card's lookup made five of.
#[derive(Default)]
pub(super) struct KeyBytes {
    bytes: Vec<u8>,
}

impl KeyBytes {
    pub fn clear(&mut self) {
        self.bytes.clear();
    }

    pub fn finish128(&self) -> u128 {
        xxh3_128(&self.bytes)
    }
}

impl Hasher for KeyBytes {
    fn write(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        xxh3_64(&self.bytes)
    }
}

/// The values many pages share, whose hashes [`ValueHashes`] keeps: every card and
/// term link, and the filter form's choices (on every list page; a patch that would
/// change them relinks).
fn shared_values(views: &Views) -> Vec<&Value> {
    views
        .cards
        .iter()
        .chain(&views.term_links)
        .chain(views.term_ref.iter().flatten())
        .chain([&views.filters])
        .collect()
}

/// What every page depends on besides its own context: the templates, the global
/// context (`site`, `assets`, `t`) and the configuration (read by brief pages, and by
/// post-processing: relative links, minifying).
pub fn global_key(
    hashes: &ValueHashes,
    templates_fingerprint: u64,
    views: &Views,
    config: &Config,
) -> u64 {
    let mut state = Xxh3::new();
    state.write_u64(templates_fingerprint);
    state.write_u64(hashes.hash(&views.site));
    state.write_u64(hashes.hash(&views.assets));
    state.write_u64(hashes.hash(&views.labels));
    config.hash(&mut state);
    state.finish()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn card(title: &str, topics: Value) -> Value {
        Value::from(BTreeMap::from([
            ("title", Value::from(title)),
            ("topics", topics),
        ]))
    }

    fn hashes_of(shared: &[&Value]) -> ValueHashes {
        let empty = ValueHashes {
            shared: HashMap::new(),
        };
        ValueHashes {
            shared: shared
                .iter()
                .filter_map(|v| Some((address(v)?, empty.hash(v))))
                .collect(),
        }
    }

    #[test]
    fn a_hash_depends_on_contents_only() {
        let topics = Value::from(vec![Value::from("soft-power")]);
        let shared = card("A", topics.clone());
        let hashes = hashes_of(&[&shared]);
        // The same contents built again, not shared: the same hash.
        assert_eq!(
            hashes.hash(&shared),
            hashes.hash(&card("A", topics.clone()))
        );
        // Inside another value, shared or not, the same too.
        let list = |c: Value| Value::from(vec![c]);
        assert_eq!(
            hashes.hash(&list(shared.clone())),
            hashes.hash(&list(card("A", topics)))
        );
    }

    #[test]
    fn any_change_a_template_could_see_changes_the_hash() {
        let hashes = hashes_of(&[]);
        let base = card("A", Value::from(vec![Value::from("x")]));
        let changed = [
            card("B", Value::from(vec![Value::from("x")])),
            card("A", Value::from(vec![Value::from("y")])),
            card("A", Value::from(vec![Value::from("x"), Value::from("x")])),
            card("A", Value::from(Vec::<Value>::new())),
            card("A", Value::none()),
            card("A", Value::from(vec![Value::safe_string("x")])),
            card("A", Value::from(vec![Value::from(1)])),
        ];
        for other in &changed {
            assert_ne!(hashes.hash(&base), hashes.hash(other), "{other:?}");
        }
    }
}
