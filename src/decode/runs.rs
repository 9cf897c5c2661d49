//! Runs of base64 (standard or URL-safe) and hex characters that decode to text.
//!
//! Finding runs skips ahead: only every [`MIN_BASE64`]-th byte is looked at until one belongs to
//! the alphabet, so ordinary prose and code cost a fraction of a read. A run decodes only if its
//! first bytes already read as text; images, hashes and DER keys are dropped after a few bytes.

use std::ops::Range;

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use super::{Sink, Step, is_text};

/// Shortest base64 run decoded: 21 bytes of text, as short as tokens get. (Shorter encoded
/// credentials sit in formats decoded by name: Kubernetes Secrets, Docker auths.)
pub const MIN_BASE64: usize = 28;
/// Shortest hex run decoded: 16 bytes of text.
pub const MIN_HEX: usize = 32;
/// Longest run decoded (longer ones are cut): a whole encoded config file fits.
pub const MAX_RUN: usize = 1 << 20;
/// Characters decoded first to tell text from binary.
const PROBE: usize = 64;

const CONFIG: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_allow_trailing_bits(true)
    .with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, CONFIG);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, CONFIG);

/// Bytes of either base64 alphabet.
static ALPHABET: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_');
        i += 1;
    }
    t
};

pub(super) fn find(bytes: &[u8], sink: &mut Sink<'_>) {
    for run in runs(bytes) {
        decode_run(bytes, run, sink);
    }
}

/// Bit `i` set: `block[i]` (of at most 64 bytes) is in the alphabet. The bytes are classified
/// into a byte array first, which the compiler vectorises, then packed eight at a time.
fn alphabet_mask(block: &[u8]) -> u64 {
    let mut flags = [0u8; 64];
    for (flag, &b) in flags.iter_mut().zip(block) {
        let letter = (b | 0x20).wrapping_sub(b'a') < 26;
        let digit = b.wrapping_sub(b'0') < 10;
        let extra = b == b'+' || b == b'/' || b == b'-' || b == b'_';
        *flag = u8::from(letter | digit | extra);
    }
    let mut mask = 0u64;
    for (k, chunk) in flags.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        // Moves byte i's low bit to bit 56 + i; no two partial products collide.
        mask |= (word.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    mask
}

/// Whether `mask` (alphabet bits, preceded by `carry` alphabet bytes) holds a run of at least
/// [`MIN_BASE64`] set bits.
fn has_long_run(mask: u64, carry: usize) -> bool {
    if carry + mask.trailing_ones() as usize >= MIN_BASE64 {
        return true;
    }
    // Runs of ≥ 2, 4, 8, 16, then 16 + 12 = 28 ones.
    let mut m = mask & (mask >> 1);
    m &= m >> 2;
    m &= m >> 4;
    m &= m >> 8;
    m &= m >> (MIN_BASE64 - 16);
    m != 0
}

/// Maximal runs of alphabet bytes at least [`MIN_BASE64`] long.
fn runs(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    const BLOCK: usize = 64;
    let n = bytes.len();
    // Bytes are tested a block at a time; only where a block holds (or ends) a long run are they
    // walked one by one. `at..block`: bytes still to walk; `carry`: alphabet bytes ending the
    // bytes before `block`.
    let mut block = 0;
    let mut carry = 0usize;
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            if at < block {
                while at < block && !ALPHABET[usize::from(bytes[at])] {
                    at += 1;
                }
                let start = at;
                while at < n && ALPHABET[usize::from(bytes[at])] {
                    at += 1;
                }
                if at > block {
                    // The run went past the walked bytes: test blocks again from its end.
                    block = at;
                    carry = 0;
                }
                if at - start >= MIN_BASE64 {
                    return Some(start..at);
                }
                continue;
            }
            if block >= n {
                return None;
            }
            let end = (block + BLOCK).min(n);
            let len = end - block;
            let full = if len == BLOCK {
                u64::MAX
            } else {
                (1u64 << len) - 1
            };
            let mask = alphabet_mask(&bytes[block..end]) & full;
            if has_long_run(mask, carry) {
                at = block - carry;
                block = end;
                carry = 0;
                continue;
            }
            carry = if mask == full {
                carry + len
            } else {
                (mask << (BLOCK - len)).leading_ones() as usize
            };
            block = end;
            at = block;
        }
    })
}

fn decode_run(bytes: &[u8], run: Range<usize>, sink: &mut Sink<'_>) {
    let run = run.start..run.end.min(run.start + MAX_RUN);
    let text = &bytes[run.clone()];
    let (mut upper, mut lower, mut digit, mut standard, mut url) =
        (false, false, false, false, false);
    let mut hex = true;
    for &b in text {
        upper |= b.is_ascii_uppercase();
        lower |= b.is_ascii_lowercase();
        digit |= b.is_ascii_digit();
        standard |= matches!(b, b'+' | b'/');
        url |= matches!(b, b'-' | b'_');
        hex &= b.is_ascii_hexdigit();
    }
    if hex {
        if text.len() >= MIN_HEX {
            decode_hex(run, text, sink);
        }
        return;
    }
    // Base64 of text mixes cases; identifiers, paths and words in one case do not. A run with
    // both alphabets' extra characters is a path or an identifier.
    if !(upper && lower) || (standard && url) || !(digit || standard || url || text.len() >= 32) {
        return;
    }
    let padded_end = {
        let mut end = run.end;
        while end < bytes.len() && end - run.end < 2 && bytes[end] == b'=' {
            end += 1;
        }
        end
    };
    // A final lone character cannot hold a byte.
    let text = if text.len() % 4 == 1 {
        &text[..text.len() - 1]
    } else {
        text
    };
    let engine = if url { &URL_SAFE } else { &STANDARD };
    let from = sink.begin();
    let units = sink.units.len();
    // Decode a probe first: most runs that are not text show it in their first bytes.
    let probe_len = (text.len().min(PROBE)) / 4 * 4;
    let whole = probe_len == text.len();
    if !decode_into(
        engine,
        &text[..probe_len.max(4).min(text.len())],
        sink.bytes,
    ) || !is_text(&sink.bytes[from..])
    {
        return sink.abandon(from, units);
    }
    if !whole {
        sink.abandon(from, units);
        if !decode_into(engine, text, sink.bytes) || !is_text(&sink.bytes[from..]) {
            return sink.abandon(from, units);
        }
    }
    sink.push_scaled(run.start..padded_end, Step::Base64, from, 4, 3);
}

/// Appends the decoding of `text` to `out`; false (with `out` possibly grown) if it is not base64.
fn decode_into(engine: &GeneralPurpose, text: &[u8], out: &mut Vec<u8>) -> bool {
    engine.decode_vec(text, out).is_ok()
}

fn decode_hex(run: Range<usize>, text: &[u8], sink: &mut Sink<'_>) {
    let text = &text[..text.len() / 2 * 2];
    let from = sink.begin();
    let value = |b: u8| match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        _ => b - b'A' + 10,
    };
    let probe = text.len().min(PROBE);
    sink.bytes.extend(
        text[..probe]
            .chunks_exact(2)
            .map(|p| value(p[0]) << 4 | value(p[1])),
    );
    if !is_text(&sink.bytes[from..]) {
        return sink.abandon(from, sink.units.len());
    }
    sink.bytes.extend(
        text[probe..]
            .chunks_exact(2)
            .map(|p| value(p[0]) << 4 | value(p[1])),
    );
    if !is_text(&sink.bytes[from..]) {
        return sink.abandon(from, sink.units.len());
    }
    sink.push_scaled(run.start..run.start + text.len(), Step::Hex, from, 2, 1);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_runs(text: &str) -> Vec<&str> {
        runs(text.as_bytes()).map(|r| &text[r]).collect()
    }

    #[test]
    fn runs_are_found_whole_and_short_ones_skipped() {
        assert_eq!(
            all_runs("a = \"dXNlcjpwYXNzd29yZDEyMzQ1Njc4OTA=\"; b = short; c = x"),
            ["dXNlcjpwYXNzd29yZDEyMzQ1Njc4OTA"]
        );
        assert_eq!(all_runs(&"ab ".repeat(40)), Vec::<&str>::new());
        let long = "Q".repeat(50);
        assert_eq!(
            all_runs(&format!("{long} {long}")),
            [long.as_str(), long.as_str()]
        );
        let x = "x".repeat(MIN_BASE64);
        assert_eq!(all_runs(&x), [x.as_str()]);
        assert_eq!(all_runs(&x[1..]), Vec::<&str>::new());
    }

    #[test]
    fn masks_have_one_bit_per_alphabet_byte() {
        let block: Vec<u8> = (0..64u8)
            .map(|i| if i % 3 == 0 { b' ' } else { b'A' + i % 26 })
            .collect();
        let expected = (0..64).fold(0u64, |m, i| m | (u64::from(i % 3 != 0) << i));
        assert_eq!(alphabet_mask(&block), expected);
        assert_eq!(alphabet_mask(b"a/_-+9 Z"), 0b1011_1111);
    }

    #[test]
    fn runs_match_a_plain_scan() {
        // The skipping search finds exactly the runs a byte-by-byte scan finds.
        for (gap_percent, len) in [
            (1, 20_000),
            (3, 20_001),
            (8, 777),
            (30, 5_000),
            (0, 100),
            (0, 128),
        ] {
            check_runs(gap_percent, len);
        }
    }

    fn check_runs(gap_percent: u32, len: usize) {
        let mut text = Vec::new();
        let mut seed = 7u32;
        for _ in 0..len {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let r = (seed >> 16) % 100;
            text.push(if r < gap_percent {
                b' '
            } else {
                b'a' + (r % 26) as u8
            });
        }
        let fast: Vec<_> = runs(&text).collect();
        let mut slow = Vec::new();
        let mut i = 0;
        while i < text.len() {
            if ALPHABET[usize::from(text[i])] {
                let s = i;
                while i < text.len() && ALPHABET[usize::from(text[i])] {
                    i += 1;
                }
                if i - s >= MIN_BASE64 {
                    slow.push(s..i);
                }
            } else {
                i += 1;
            }
        }
        assert_eq!(fast, slow, "gaps {gap_percent}%, {len} bytes");
    }
}
