//! The index's text encoding of numbers and sets of briefs, and the stable hash that
//! names its files.

use std::hash::Hasher;

/// Characters of the text encoding of numbers: 64 characters that need no escaping in
/// a JavaScript string or a URL.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

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
/// name in every build, on every platform and with every Rust version. XXH3, a
/// specified hash that reads many gigabytes a second: the index hashes all the text of
/// a site.
pub(super) fn fingerprint(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// FxHash, the hash rustc uses for its own tables: several times faster than the
/// standard SipHash on short words. Its weakness, keys crafted to collide, does not
/// matter for a site's own text (at worst a slower build).
#[derive(Default)]
pub(super) struct WordHasher(u64);

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
