//! Fingerprint prefilter: finds every occurrence of every rule keyword.
//!
//! An Aho-Corasick DFA walk costs a dependent table load per byte, which caps it near
//! 500 MB/s per core on source code. Instead, each keyword is given a *fingerprint*: a run of 3
//! to 8 of its bytes, chosen so that its first 4 bytes are rare in real source code (against a
//! table of the most frequent 4-grams) and the run is long enough to be rarer still. The scan
//! folds every position's 4 bytes to lowercase (OR `0x20` into every byte) and tests them
//! against a hashed bitset of the fingerprints' first 4 bytes. These tests do not depend on each
//! other, so the CPU overlaps them. At the fraction of a percent of positions that pass, the
//! whole fingerprint is tested in a second, independently hashed bitset, one test per
//! fingerprint length: `lumi` starts `lumigo`'s fingerprint but also every `Illuminate`, and
//! only the second test tells them apart. Positions that pass both are looked up in an exact
//! table, and each keyword fingerprinted there is compared in full.
//!
//! Every keyword occurrence contains its fingerprint exactly once at its keyword's offset, so
//! this reports every keyword occurrence exactly once: what an unanchored, overlapping,
//! ASCII-case-insensitive Aho-Corasick search reports (tested in the matcher).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

const FOLD4: u32 = 0x2020_2020;
const FOLD8: u64 = 0x2020_2020_2020_2020;
const MIX: u32 = 0x9E37_79B1;
const MIX64: u64 = 0x9E37_79B9_7F4A_7C15;
/// Shortest and longest fingerprint.
const MIN_LEN: usize = 3;
const MAX_LEN: usize = 8;

/// Occurrences per 10 MB of source code of its 65,536 most frequent folded 4-grams (see the
/// file's header).
fn gram_frequencies() -> &'static HashMap<[u8; 4], u32> {
    static GRAMS: OnceLock<HashMap<[u8; 4], u32>> = OnceLock::new();
    GRAMS.get_or_init(|| {
        include_bytes!("gram_frequencies.txt")
            .split(|&b| b == b'\n')
            .filter(|l| l.len() > 5 && l[4] == b' ' && !l.starts_with(b"# "))
            .filter_map(|l| {
                let gram = <[u8; 4]>::try_from(&l[..4]).ok()?;
                let freq = std::str::from_utf8(&l[5..]).ok()?.parse().ok()?;
                Some((gram, freq))
            })
            .collect()
    })
}

fn fold(b: u8) -> u8 {
    b | 0x20
}

/// How often positions whose 4-gram is not a fingerprint still hit a bitset slot, per slot:
/// the frequencies of the table's grams hashed there. A fingerprint that shares its slot with
/// `s to` stops the scan as often as `s to` occurs.
fn slot_loads() -> &'static HashMap<u32, f64> {
    static LOADS: OnceLock<HashMap<u32, f64>> = OnceLock::new();
    LOADS.get_or_init(|| {
        let mut loads: HashMap<u32, f64> = HashMap::new();
        for (&gram, &f) in gram_frequencies() {
            *loads
                .entry(slot_index(u32::from_le_bytes(gram)))
                .or_default() += f64::from(f);
        }
        loads
    })
}

/// The fingerprint of a folded keyword: `(offset, length)`. Its expected cost is how often its
/// first 4 bytes pass the first bitset (the gram itself, or another in its slot), times the cost
/// of the second test plus, when the whole fingerprint matches too, of a stop. Longer
/// fingerprints are rarer beyond their first 4 bytes; the chance per length is a rough guess.
fn fingerprint(folded: &[u8]) -> (usize, usize) {
    if folded.len() < 4 {
        return (0, folded.len());
    }
    /// A stop (exact lookup, full compare) costs about three second tests.
    const STOP: f64 = 3.0;
    const STOP_GIVEN_PREFIX: [f64; 5] = [1.0, 0.3, 0.1, 0.04, 0.02];
    (0..=folded.len() - 4)
        .map(|offset| {
            let len = (folded.len() - offset).min(MAX_LEN);
            let gram = <[u8; 4]>::try_from(&folded[offset..offset + 4]).expect("4 bytes");
            // Grams absent from the table are rarer than any in it; among them, lowercase
            // letters are likelier (words the sample may have missed).
            let known = gram_frequencies().get(&gram).map(|&f| f64::from(f));
            let own = known.unwrap_or_else(|| {
                1.0 + gram.iter().filter(|b| b.is_ascii_lowercase()).count() as f64
            });
            let slot = slot_index(u32::from_le_bytes(gram));
            let others = slot_loads().get(&slot).copied().unwrap_or(0.0) - known.unwrap_or(0.0);
            let cost = own * (1.0 + STOP * STOP_GIVEN_PREFIX[len - 4]) + others;
            (offset, len, cost)
        })
        .min_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)))
        .map(|(offset, len, _)| (offset, len))
        .expect("keyword of 4 bytes or more")
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
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(MIX64);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(MIX64);
    }
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Bytes from the keyword's start to its fingerprint.
    offset: u32,
    /// The keyword it fingerprints, compared in full where the fingerprint matches.
    keyword: u32,
}

/// Bitsets of fingerprint hashes plus the exact table behind them.
pub struct Prefilter {
    /// One bit per hashed first 4 bytes of a fingerprint: [`BITS`] bits, so every shift is a
    /// constant and no index needs a bounds check.
    first: Box<[u64; WORDS]>,
    /// One bit per hashed whole fingerprint (its length mixed in): [`WHOLE_BITS`] bits.
    whole: Box<[u64; WHOLE_WORDS]>,
    /// Per hashed first 4 bytes, the lengths of the fingerprints that start with them (bit
    /// `len - MIN_LEN`): usually one length to test, not all six.
    lengths: Box<[u8; LENGTH_SLOTS]>,
    /// Exact folded first 4 bytes → the keywords fingerprinted there.
    table: HashMap<u32, Vec<Entry>, BuildHasherDefault<GramHasher>>,
    /// The keywords, as given.
    keywords: Vec<Vec<u8>>,
    max_offset: usize,
}

impl std::fmt::Debug for Prefilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prefilter")
            .field("grams", &self.table.len())
            .field("keywords", &self.keywords.len())
            .finish()
    }
}

/// log2 of the first bitset's size: 2^21 bits (256 KiB, resident in L2) keeps hash collisions
/// rare even with thousands of fingerprints (3-byte keywords take 128 slots each).
const BITS: u32 = 21;
const WORDS: usize = (1 << BITS) / 64;
/// log2 of the second bitset's size (128 KiB).
const WHOLE_BITS: u32 = 20;
const WHOLE_WORDS: usize = (1 << WHOLE_BITS) / 64;
const LENGTH_BITS: u32 = 16;
const LENGTH_SLOTS: usize = 1 << LENGTH_BITS;

#[inline(always)]
fn length_slot(key: u32) -> usize {
    (key.wrapping_mul(0x85EB_CA6B) >> (32 - LENGTH_BITS)) as usize
}

#[inline(always)]
fn slot_index(key: u32) -> u32 {
    key.wrapping_mul(MIX) >> (32 - BITS)
}

#[inline(always)]
fn slot(key: u32) -> (usize, u64) {
    let h = slot_index(key) as usize;
    (h >> 6, 1 << (h & 63))
}

/// Slot of a whole fingerprint: the first `len` bytes of `bytes8` (little-endian), folded.
#[inline(always)]
fn whole_slot(bytes8: u64, len: u32) -> (usize, u64) {
    let masked = if len >= 8 {
        bytes8
    } else {
        bytes8 & ((1u64 << (8 * len)) - 1)
    };
    let h = ((masked ^ u64::from(len) << 58).wrapping_mul(MIX64) >> (64 - WHOLE_BITS)) as usize;
    (h >> 6, 1 << (h & 63))
}

/// The 8 bytes at `i`, folded; bytes past the end read as 0 (folded: a space), which no
/// fingerprint that fits before the end depends on.
#[inline(always)]
fn load8(hay: &[u8], i: usize) -> u64 {
    let word = match hay.get(i..i + 8) {
        Some(b) => u64::from_le_bytes(b.try_into().expect("8 bytes")),
        None => {
            let mut buf = [0u8; 8];
            let rest = &hay[i.min(hay.len())..];
            buf[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(buf)
        }
    };
    word | FOLD8
}

impl Prefilter {
    /// `keywords` must each be at least 3 bytes long (rule validation guarantees it).
    pub fn new(keywords: Vec<Vec<u8>>) -> Self {
        let mut table: HashMap<u32, Vec<Entry>, BuildHasherDefault<GramHasher>> =
            HashMap::default();
        let mut whole: Box<[u64; WHOLE_WORDS]> = vec![0u64; WHOLE_WORDS]
            .into_boxed_slice()
            .try_into()
            .expect("WHOLE_WORDS words");
        let mut lengths: Box<[u8; LENGTH_SLOTS]> = vec![0u8; LENGTH_SLOTS]
            .into_boxed_slice()
            .try_into()
            .expect("LENGTH_SLOTS bytes");
        let mut max_offset = 0;
        for (k, kw) in keywords.iter().enumerate() {
            assert!(kw.len() >= MIN_LEN, "keywords are at least 3 bytes");
            let folded: Vec<u8> = kw.iter().map(|&b| fold(b)).collect();
            let (offset, len) = fingerprint(&folded);
            max_offset = max_offset.max(offset);
            let mut print = [0u8; 8];
            print[..len].copy_from_slice(&folded[offset..offset + len]);
            let (word, bit) = whole_slot(u64::from_le_bytes(print), len as u32);
            whole[word] |= bit;
            let entry = Entry {
                offset: offset as u32,
                keyword: k as u32,
            };
            if len == 3 {
                // Every 4-gram the keyword can begin: one per folded value of the next byte.
                for next in (0..=255u8).filter(|&x| x == fold(x)) {
                    let [a, b, c, ..] = print;
                    let first = u32::from_le_bytes([a, b, c, next]);
                    lengths[length_slot(first)] |= 1 << (len - MIN_LEN);
                    table.entry(first).or_default().push(entry);
                }
            } else {
                let first = u32::from_le_bytes(print[..4].try_into().expect("4 bytes"));
                lengths[length_slot(first)] |= 1 << (len - MIN_LEN);
                table.entry(first).or_default().push(entry);
            }
        }
        let mut first: Box<[u64; WORDS]> = vec![0u64; WORDS]
            .into_boxed_slice()
            .try_into()
            .expect("WORDS words");
        for &key in table.keys() {
            let (word, bit) = slot(key);
            first[word] |= bit;
        }
        Prefilter {
            first,
            whole,
            lengths,
            table,
            keywords,
            max_offset,
        }
    }

    /// The keywords, as given: index `k` is the keyword `k` reported by [`Prefilter::find`].
    pub fn keywords(&self) -> &[Vec<u8>] {
        &self.keywords
    }

    /// Whether a whole fingerprint of some length starts at `i`.
    #[cold]
    #[inline(never)]
    fn whole_at_cold(&self, hay: &[u8], i: usize) -> bool {
        self.whole_at(hay, i)
    }

    /// Whether a whole fingerprint of some length starts at `i`.
    #[inline(always)]
    fn whole_at(&self, hay: &[u8], i: usize) -> bool {
        let bytes = load8(hay, i);
        let mut lengths = self.lengths[length_slot(bytes as u32 | FOLD4)];
        while lengths != 0 {
            let len = lengths.trailing_zeros() + MIN_LEN as u32;
            lengths &= lengths - 1;
            let (word, bit) = whole_slot(bytes, len);
            if self.whole[word] & bit != 0 {
                return true;
            }
        }
        false
    }

    /// Calls `found(start, keyword)` once for every occurrence, ignoring ASCII case, of every
    /// keyword starting inside `starts` (`keyword` indexes [`Prefilter::keywords`]).
    pub fn find(
        &self,
        hay: &[u8],
        starts: std::ops::Range<usize>,
        mut found: impl FnMut(usize, usize),
    ) {
        if hay.len() < MIN_LEN || starts.start >= starts.end {
            return;
        }
        // Fingerprints lie at most `max_offset` bytes after their keyword's start.
        let lo = starts.start;
        let hi = (starts.end + self.max_offset).min(hay.len() - (MIN_LEN - 1));
        let mut on_stop = |p: usize| {
            let key = (load8(hay, p) as u32) | FOLD4;
            if let Some(entries) = self.table.get(&key) {
                for e in entries {
                    let kw = &self.keywords[e.keyword as usize];
                    if let Some(s) = p.checked_sub(e.offset as usize)
                        && starts.contains(&s)
                        && hay
                            .get(s..s + kw.len())
                            .is_some_and(|at| at.eq_ignore_ascii_case(kw))
                    {
                        found(s, e.keyword as usize);
                    }
                }
            }
        };
        // Positions with 4 bytes to read go through the bitset loop; the last few, padded.
        let fast_end = hi.min(hay.len().saturating_sub(3));
        let mut i = lo;
        while i < fast_end {
            i = next_stop(self, hay, fast_end, i);
            if i >= fast_end {
                break;
            }
            on_stop(i);
            i += 1;
        }
        for p in fast_end.max(lo)..hi {
            let (word, bit) = slot((load8(hay, p) as u32) | FOLD4);
            if self.first[word] & bit != 0 && self.whole_at(hay, p) {
                on_stop(p);
            }
        }
    }
}

/// The hot loop: the first position in `i..end` where a whole fingerprint starts, or `end`.
/// Positions whose first 4 bytes pass the first bitset (a fraction of a percent) call out to
/// the second test, marked cold, so the loop's own state stays in registers. A 4-way unrolled
/// variant measured 10% slower.
#[inline(never)]
fn next_stop(pf: &Prefilter, hay: &[u8], end: usize, mut i: usize) -> usize {
    let window = &hay[..end + 3];
    let bits = &*pf.first;
    while i + 4 <= window.len() {
        let x = u32::from_le_bytes(window[i..i + 4].try_into().expect("4 bytes")) | FOLD4;
        let (word, bit) = slot(x);
        if bits[word] & bit != 0 && pf.whole_at_cold(hay, i) {
            return i;
        }
        i += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(p: &Prefilter, hay: &[u8]) -> Vec<usize> {
        let mut v = Vec::new();
        p.find(hay, 0..hay.len(), |s, _| v.push(s));
        v.sort_unstable();
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
        p.find(hay, 0..5, |s, _| v.push(s));
        assert_eq!(v, [2]);
        v.clear();
        p.find(hay, 5..hay.len(), |s, _| v.push(s));
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

    #[test]
    fn a_shared_prefix_does_not_stop_the_scan() {
        // `lumi` may start `lumigo`'s fingerprint; `Illuminate` must not get past the second
        // test.
        let p = Prefilter::new(vec![b"lumigo".to_vec()]);
        let (offset, len) = fingerprint(b"lumigo");
        assert!(len >= 5, "{offset} {len}");
        let hay = b"use Illuminate::Support; lumigo";
        assert_eq!(starts(&p, hay), [hay.len() - 6]);
    }

    #[test]
    fn keywords_at_the_very_end_are_found() {
        let p = Prefilter::new(vec![
            b"abc".to_vec(),
            b"wxyz".to_vec(),
            b"longkeyword".to_vec(),
        ]);
        for hay in [
            &b"..abc"[..],
            b"abc",
            b"..wxyz",
            b"wxyz",
            b"x longkeyword",
            b"longkeyword",
        ] {
            let kw_len = if hay.ends_with(b"abc") {
                3
            } else if hay.ends_with(b"wxyz") {
                4
            } else {
                11
            };
            assert_eq!(
                starts(&p, hay),
                [hay.len() - kw_len],
                "{:?}",
                String::from_utf8_lossy(hay)
            );
        }
    }
}
