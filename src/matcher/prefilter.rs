//! Fingerprint prefilter in front of the keyword automaton.
//!
//! An Aho-Corasick DFA walk costs a dependent table load per byte, which caps it near
//! 500 MB/s per core on source code. Instead, each keyword is given one *fingerprint*: its
//! rarest 4-byte window (or the whole keyword if it has 3 bytes), chosen against a table of the
//! most frequent 4-grams in real source code. The scan tests every position's 4 (and 3) bytes,
//! folded to lowercase by OR-ing `0x20` into every byte, against a hashed bitset of the
//! fingerprints. These tests do not depend on each other, so the CPU overlaps them; only
//! positions whose bits are set (a fraction of a percent) are looked up in an exact table. A
//! keyword fingerprinted there is compared in full (a fingerprint also occurs inside unrelated
//! words: `ble_` in `table_`), and each keyword start confirmed is handed to the Aho-Corasick
//! automaton, anchored, which reports every keyword that starts there.
//!
//! Every keyword occurrence contains its fingerprint, so every occurrence yields its start as a
//! candidate: together with the anchored automaton this finds exactly the keyword occurrences
//! that an unanchored overlapping automaton search finds (tested below).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

const FOLD4: u32 = 0x2020_2020;
const MIX: u32 = 0x9E37_79B1;

/// The most common 4-grams in source code, most frequent first (see the file's header).
fn common_grams() -> &'static HashMap<[u8; 4], usize> {
    static GRAMS: OnceLock<HashMap<[u8; 4], usize>> = OnceLock::new();
    GRAMS.get_or_init(|| {
        include_str!("common_grams.txt")
            .split('\n')
            .skip(3)
            .filter_map(|l| <[u8; 4]>::try_from(l.as_bytes()).ok())
            .enumerate()
            .map(|(rank, g)| (g, rank))
            .collect()
    })
}

fn fold(b: u8) -> u8 {
    b | 0x20
}

/// Lower is rarer. Grams absent from the common table are rarest; among them, those with
/// bytes that are not lowercase letters (digits, `_`, `-`, upper case folded) are preferred.
fn commonness(gram: [u8; 4]) -> (usize, usize) {
    let common = common_grams();
    let rank = common.get(&gram).map_or(0, |r| common.len() - r);
    let letters = gram.iter().filter(|b| b.is_ascii_lowercase()).count();
    (rank, letters)
}

/// Identity-style hasher for the exact gram table: keys are already well mixed.
#[derive(Default)]
struct GramHasher(u64);

impl Hasher for GramHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Bytes from the keyword's start to its fingerprint.
    offset: u32,
    /// The keyword it fingerprints, for a direct comparison before the automaton runs: a
    /// fingerprint seen inside some other word (`ble_` in `table_`) costs one short compare.
    keyword: u32,
}

/// Bitsets of fingerprint hashes plus the exact table behind them.
pub struct Prefilter {
    /// One bit per hashed 4-gram: [`BITS`] bits, so every shift is a constant and no index
    /// needs a bounds check.
    bits: Box<[u64; WORDS]>,
    /// Exact folded 4-gram → offsets of the keywords it fingerprints.
    table: HashMap<u32, Vec<Entry>, BuildHasherDefault<GramHasher>>,
    /// The keywords, as given.
    keywords: Vec<Vec<u8>>,
    /// 3-byte keywords (folded), checked directly at the last position, where no 4-gram fits.
    short: Vec<[u8; 3]>,
    max_offset: usize,
}

impl std::fmt::Debug for Prefilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prefilter")
            .field("grams", &self.table.len())
            .field("short", &self.short.len())
            .finish()
    }
}

/// log2 of the bitset size: 2^21 bits (256 KiB, resident in L2) keeps hash collisions to a
/// fraction of the positions that stop the scan even with thousands of fingerprints.
const BITS: u32 = 21;
const WORDS: usize = (1 << BITS) / 64;

#[inline(always)]
fn slot(key: u32) -> (usize, u64) {
    let h = (key.wrapping_mul(MIX) >> (32 - BITS)) as usize;
    (h >> 6, 1 << (h & 63))
}

impl Prefilter {
    /// `keywords` must each be at least 3 bytes long (rule validation guarantees it).
    pub fn new(keywords: Vec<Vec<u8>>) -> Self {
        let mut table: HashMap<u32, Vec<Entry>, BuildHasherDefault<GramHasher>> =
            HashMap::default();
        let mut short = Vec::new();
        let mut max_offset = 0;
        let mut add = |key: u32, offset: usize, keyword: usize| {
            table.entry(key).or_default().push(Entry {
                offset: offset as u32,
                keyword: keyword as u32,
            });
        };
        for (k, kw) in keywords.iter().enumerate() {
            assert!(kw.len() >= 3, "keywords are at least 3 bytes");
            let folded: Vec<u8> = kw.iter().map(|&b| fold(b)).collect();
            if let [a, b, c] = folded[..] {
                // Every 4-gram the keyword can begin: one per folded value of the next byte.
                for next in (0..=255u8).filter(|&x| x == fold(x)) {
                    add(u32::from_le_bytes([a, b, c, next]), 0, k);
                }
                short.push([a, b, c]);
                continue;
            }
            let (offset, gram) = folded
                .windows(4)
                .map(|w| <[u8; 4]>::try_from(w).expect("window of 4"))
                .enumerate()
                .min_by_key(|&(i, g)| (commonness(g), i))
                .expect("keyword of 4 bytes or more");
            max_offset = max_offset.max(offset);
            add(u32::from_le_bytes(gram), offset, k);
        }
        let mut bits: Box<[u64; WORDS]> = vec![0u64; WORDS]
            .into_boxed_slice()
            .try_into()
            .expect("WORDS words");
        for &key in table.keys() {
            let (word, bit) = slot(key);
            bits[word] |= bit;
        }
        Prefilter {
            bits,
            table,
            keywords,
            short,
            max_offset,
        }
    }

    /// The keywords, as given: index `k` is the keyword `k` reported by the automaton.
    pub fn keywords(&self) -> &[Vec<u8>] {
        &self.keywords
    }

    /// Calls `candidate(start)` for every position in `starts` where a keyword may begin.
    /// A position may be reported more than once; every real keyword start is reported.
    pub fn candidates(
        &self,
        hay: &[u8],
        starts: std::ops::Range<usize>,
        mut candidate: impl FnMut(usize),
    ) {
        if hay.len() < 3 || starts.start >= starts.end {
            return;
        }
        // Fingerprints lie at most `max_offset` bytes after their keyword's start.
        let lo = starts.start;
        let hi = (starts.end + self.max_offset).min(hay.len() - 3);
        let mut on_hit = |p: usize, key: u32| {
            if let Some(entries) = self.table.get(&key) {
                for e in entries {
                    let kw = &self.keywords[e.keyword as usize];
                    if let Some(s) = p.checked_sub(e.offset as usize)
                        && starts.contains(&s)
                        && hay
                            .get(s..s + kw.len())
                            .is_some_and(|at| at.eq_ignore_ascii_case(kw))
                    {
                        candidate(s);
                    }
                }
            }
        };
        if lo < hi {
            let window = &hay[lo..hi + 3];
            let mut i = 0;
            loop {
                i = next_set(&self.bits, window, i);
                if i + 4 > window.len() {
                    break;
                }
                let x = u32::from_le_bytes(window[i..i + 4].try_into().expect("4 bytes")) | FOLD4;
                on_hit(lo + i, x);
                i += 1;
            }
        }
        // The last position has only 3 bytes: only a 3-byte keyword can start there.
        let last = hay.len() - 3;
        if starts.contains(&last) {
            let tail = [fold(hay[last]), fold(hay[last + 1]), fold(hay[last + 2])];
            if self.short.contains(&tail) {
                candidate(last);
            }
        }
    }
}

/// The hot loop: the first position at or after `i` whose folded 4-gram hits the bitset, or
/// `window.len()` if none does. Kept small and separate so that its state stays in registers
/// (inlined into the caller, the rare-path code around it spilled the loop counter to the
/// stack). A 4-way unrolled variant measured 10% slower.
#[inline(never)]
fn next_set(bits: &[u64; WORDS], window: &[u8], mut i: usize) -> usize {
    while i + 4 <= window.len() {
        let x = u32::from_le_bytes(window[i..i + 4].try_into().expect("4 bytes")) | FOLD4;
        let (word, bit) = slot(x);
        if bits[word] & bit != 0 {
            return i;
        }
        i += 1;
    }
    window.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(p: &Prefilter, hay: &[u8]) -> Vec<usize> {
        let mut v = Vec::new();
        p.candidates(hay, 0..hay.len(), |s| v.push(s));
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn every_keyword_start_is_a_candidate_case_insensitively() {
        let kws: Vec<Vec<u8>> = ["ghp_", "re_", "BEGIN RSA PRIVATE KEY", "datadog"]
            .iter()
            .map(|k| k.as_bytes().to_vec())
            .collect();
        let p = Prefilter::new(kws.clone());
        let hay = b"x ghp_ re_ begin rsa private key DataDog re_";
        let got = starts(&p, hay);
        for needle in ["ghp_", "re_ ", "begin", "DataDog"] {
            let at = hay
                .windows(needle.len())
                .position(|w| w == needle.as_bytes())
                .unwrap();
            assert!(got.contains(&at), "{needle} at {at} not in {got:?}");
        }
        // A 3-byte keyword at the very end.
        assert!(got.contains(&(hay.len() - 3)));
    }

    #[test]
    fn candidates_respect_the_range_of_starts() {
        let p = Prefilter::new(vec![b"abcdef".to_vec()]);
        let hay = b"..abcdef..abcdef";
        let mut v = Vec::new();
        p.candidates(hay, 0..5, |s| v.push(s));
        assert_eq!(v, [2]);
        v.clear();
        p.candidates(hay, 5..hay.len(), |s| v.push(s));
        assert_eq!(v, [10]);
    }

    #[test]
    fn fingerprints_avoid_common_grams() {
        let p = Prefilter::new(vec![b"BEGIN PGP PRIVATE KEY BLOCK".to_vec()]);
        let (&key, _) = p.table.iter().next().unwrap();
        assert_eq!(p.table.len(), 1);
        let gram = key.to_le_bytes();
        assert_ne!(&gram, b"lock");
        assert_ne!(&gram, b"priv");
    }
}
