//! Lines holding percent-encoding, backslash escapes or HTML character references, unescaped.
//!
//! A whole line is decoded, not just the escaped token, so rules that need context (`password =`
//! before the value) still see it: `{\"password\": \"hunter2\"}` in a JSON string and
//! `pass=p%40ss%21word` both read as they were meant. A trigger is a valid escape of the kind,
//! found with `memchr`; each line is decoded once per kind.

use std::ops::Range;

use super::{Sink, Step};

/// How far a decoded window reaches back from its first escape and forward from it: long
/// minified lines are decoded in windows, not whole.
const REACH_BACK: usize = 4 * 1024;
const REACH_FORWARD: usize = 64 * 1024;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Percent,
    Backslash,
    Html,
}

pub(super) fn find(bytes: &[u8], sink: &mut Sink<'_>) {
    // Per kind, where the last decoded window ended: later triggers before it are inside it.
    let mut done = [0usize; 3];
    for at in memchr::memchr3_iter(b'%', b'\\', b'&', bytes) {
        let kind = match bytes[at] {
            b'%' if percent_at(bytes, at).is_some() => Kind::Percent,
            b'\\' if backslash_trigger(bytes, at) => Kind::Backslash,
            b'&' if entity_at(bytes, at).is_some() => Kind::Html,
            _ => continue,
        };
        let slot = kind as usize;
        if at < done[slot] {
            continue;
        }
        let window = line_window(bytes, at);
        done[slot] = window.end;
        decode_window(bytes, window, kind, sink);
    }
}

fn line_window(bytes: &[u8], at: usize) -> Range<usize> {
    let back = at.saturating_sub(REACH_BACK);
    let start = memchr::memrchr(b'\n', &bytes[back..at]).map_or(back, |i| back + i + 1);
    let limit = (at + REACH_FORWARD).min(bytes.len());
    let end = memchr::memchr(b'\n', &bytes[at..limit]).map_or(limit, |i| at + i);
    start..end
}

fn decode_window(bytes: &[u8], window: Range<usize>, kind: Kind, sink: &mut Sink<'_>) {
    let from = sink.begin();
    let units_from = sink.units.len();
    let base = window.start;
    let text = &bytes[window.clone()];
    let mut i = 0;
    let mut changed = false;
    let mut utf8 = [0u8; 4];
    while i < text.len() {
        let decoded = match kind {
            Kind::Percent => percent_at(text, i).map(|b| {
                utf8[0] = b;
                (&utf8[..1], 3)
            }),
            Kind::Backslash => backslash_at(text, i).map(|(c, len)| (encode(c, &mut utf8), len)),
            Kind::Html => entity_at(text, i).map(|(c, len)| (encode(c, &mut utf8), len)),
        };
        let (out, len): (&[u8], usize) = match decoded {
            Some((out, len)) => {
                changed = true;
                (out, len)
            }
            None => (&text[i..i + 1], 1),
        };
        let unit = ((i) as u32, (i + len) as u32);
        sink.bytes.extend_from_slice(out);
        sink.units.extend(std::iter::repeat_n(unit, out.len()));
        i += len;
    }
    if !changed {
        return sink.abandon(from, units_from);
    }
    let step = match kind {
        Kind::Percent => Step::Percent,
        Kind::Backslash => Step::Escapes,
        Kind::Html => Step::Html,
    };
    sink.push_units(base..window.end, step, from, units_from);
}

fn encode(c: char, buf: &mut [u8; 4]) -> &[u8] {
    c.encode_utf8(buf).as_bytes()
}

fn hex(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// The byte of a `%XX` escape at `at`. Control characters are not decoded: `%0A` in a URL is
/// rare, `%02d` in a format string common.
fn percent_at(bytes: &[u8], at: usize) -> Option<u8> {
    if bytes.get(at) != Some(&b'%') {
        return None;
    }
    let hi = hex(*bytes.get(at + 1)?)?;
    let lo = hex(*bytes.get(at + 2)?)?;
    let b = (hi << 4 | lo) as u8;
    (b >= 0x20).then_some(b)
}

/// Whether a backslash at `at` starts an escape worth decoding its line for: unicode and hex
/// escapes, escaped quotes and slashes (JSON inside strings), and `\n` inside text (a JSON
/// string holding a file). The line then decodes every escape.
fn backslash_trigger(bytes: &[u8], at: usize) -> bool {
    match bytes.get(at + 1) {
        Some(b'u' | b'x') => backslash_at(bytes, at).is_some_and(|(_, len)| len > 2),
        Some(b'"' | b'\'' | b'/') => true,
        Some(b'n') => bytes
            .get(at + 2)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'-'),
        _ => false,
    }
}

/// The character of the backslash escape at `at`, and its length.
fn backslash_at(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    if bytes.get(at) != Some(&b'\\') {
        return None;
    }
    let c = match *bytes.get(at + 1)? {
        b'n' => '\n',
        b't' => '\t',
        b'r' => '\r',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'0' => '\0',
        c @ (b'"' | b'\'' | b'\\' | b'/') => c as char,
        b'x' => {
            let v = hex(*bytes.get(at + 2)?)? << 4 | hex(*bytes.get(at + 3)?)?;
            return Some((char::from_u32(v)?, 4));
        }
        b'u' => {
            let unit = |p: usize| -> Option<u32> {
                let digits = bytes.get(p..p + 4)?;
                digits
                    .iter()
                    .try_fold(0u32, |acc, &d| Some(acc << 4 | hex(d)?))
            };
            let first = unit(at + 2)?;
            if (0xD800..0xDC00).contains(&first) {
                // A surrogate pair: \uD83D\uDE00.
                if bytes.get(at + 6..at + 8) == Some(b"\\u")
                    && let Some(second) = unit(at + 8)
                    && (0xDC00..0xE000).contains(&second)
                {
                    let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    return Some((char::from_u32(c)?, 12));
                }
                return Some(('\u{FFFD}', 6));
            }
            return Some((char::from_u32(first).unwrap_or('\u{FFFD}'), 6));
        }
        _ => return None,
    };
    Some((c, 2))
}

/// Named character references that can stand in a credential or its surroundings.
const NAMED: &[(&[u8], char)] = &[
    (b"amp", '&'),
    (b"lt", '<'),
    (b"gt", '>'),
    (b"quot", '"'),
    (b"apos", '\''),
    (b"nbsp", ' '),
    (b"sol", '/'),
    (b"colon", ':'),
    (b"equals", '='),
    (b"plus", '+'),
    (b"num", '#'),
    (b"percnt", '%'),
    (b"commat", '@'),
    (b"excl", '!'),
    (b"quest", '?'),
    (b"lowbar", '_'),
    (b"hyphen", '-'),
    (b"period", '.'),
    (b"dollar", '$'),
    (b"ast", '*'),
    (b"semi", ';'),
    (b"comma", ','),
    (b"lpar", '('),
    (b"rpar", ')'),
    (b"lsqb", '['),
    (b"rsqb", ']'),
    (b"lcub", '{'),
    (b"rcub", '}'),
    (b"verbar", '|'),
    (b"bsol", '\\'),
    (b"Hat", '^'),
    (b"grave", '`'),
    (b"tilde", '~'),
];

/// The character of the HTML character reference at `at` (`&#61;`, `&#x3D;`, `&equals;`), and
/// its length.
fn entity_at(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    if bytes.get(at) != Some(&b'&') {
        return None;
    }
    let rest = bytes.get(at + 1..bytes.len().min(at + 12))?;
    let semi = memchr::memchr(b';', rest)?;
    let name = &rest[..semi];
    let c = if let Some(num) = name.strip_prefix(b"#") {
        let (digits, radix) = match num.first() {
            Some(b'x' | b'X') => (&num[1..], 16),
            _ => (num, 10),
        };
        if digits.is_empty() {
            return None;
        }
        let value = digits.iter().try_fold(0u32, |acc, &d| {
            Some(acc * radix + (d as char).to_digit(radix)?)
        })?;
        char::from_u32(value)?
    } else {
        NAMED.iter().find(|(n, _)| *n == name)?.1
    };
    Some((c, semi + 2))
}

#[cfg(test)]
mod tests {
    use super::super::tests::views;
    use super::super::{Options, Views};

    #[test]
    fn percent_lines_decode_and_format_strings_do_not() {
        assert_eq!(
            views("dsn = postgres://app:p%40ss%2Fw0rd%21@db:5432/x\nnext"),
            [(
                "percent".to_string(),
                "dsn = postgres://app:p@ss/w0rd!@db:5432/x".to_string()
            )]
        );
        assert!(views("printf(\"%02x\", b);").is_empty());
    }

    #[test]
    fn backslash_escapes_decode_whole_lines() {
        assert_eq!(
            views(r#"  "source": ["{\"password\": \"hunter2\u0021\"}\n"],"#),
            [(
                "escapes".to_string(),
                "  \"source\": [\"{\"password\": \"hunter2!\"}\n\"],".to_string()
            )]
        );
        assert_eq!(
            views(r"k = '\u0041\u0042\uD83D\uDE00\x43'")[0].1,
            "k = 'AB\u{1F600}C'"
        );
        // `\n` at the end of a C string is not worth a view.
        assert!(views(r#"printf("done\n");"#).is_empty());
    }

    #[test]
    fn html_references_decode() {
        assert_eq!(
            views("<value>s3cr&#101;t&#x3D;&amp;&equals;</value>")[0].1,
            "<value>s3cret=&=</value>"
        );
        assert!(views("a && b & c").is_empty());
    }

    #[test]
    fn units_map_decoded_bytes_to_their_escapes() {
        let text = "x=a%41b";
        let mut v = Views::new();
        v.decode(text.as_bytes(), &Options { depth: 1 });
        let view = v.get(0);
        assert_eq!(view.bytes, b"x=aAb");
        assert_eq!(v.to_root(0, 3..4), 3..6);
        assert_eq!(v.to_root(0, 2..5), 2..7);
    }
}
