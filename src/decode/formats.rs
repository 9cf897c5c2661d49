//! Formats that hide a secret's text in a known way: a Kubernetes Secret's base64 `data:`
//! values, a Docker config's base64 `auth` entries, and string literals joined in code
//! (`"AKIA" + "…"`, adjacent literals, line continuations).

use std::ops::Range;

use std::sync::LazyLock;

use base64::Engine;
use memchr::memmem::Finder;

use super::{Sink, Step, is_text};

/// Lines a joined string literal may span.
const CONCAT_LINES: usize = 5;
/// Shortest joined text worth a view: shorter pieces are ordinary strings.
const CONCAT_MIN: usize = 16;

static SECRET: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"Secret"));
static AUTHS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\"auths\""));

pub(super) fn find(bytes: &[u8], sink: &mut Sink<'_>) {
    if is_kubernetes_secret(bytes) {
        kubernetes_secret(bytes, sink);
    }
    if AUTHS.find(bytes).is_some() {
        docker_auths(bytes, sink);
    }
    concatenations(bytes, sink);
}

/// A manifest of `kind: Secret` (YAML, quoted or not, or JSON).
fn is_kubernetes_secret(bytes: &[u8]) -> bool {
    const KINDS: [&[u8]; 4] = [b"kind: ", b"kind: \"", b"kind: '", b"\"kind\": \""];
    SECRET
        .find_iter(bytes)
        .any(|at| KINDS.iter().any(|k| bytes[..at].ends_with(k)))
}

fn lines(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let line = at..end;
        at = end + 1;
        Some(line)
    })
}

fn indent(line: &[u8]) -> usize {
    line.iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()
}

/// One `key: value` line of a YAML or JSON map: key and value ranges inside `line`, without
/// quotes or a trailing comma.
fn entry(line: &[u8]) -> Option<(Range<usize>, Range<usize>)> {
    let start = indent(line);
    let colon = start + memchr::memchr(b':', &line[start..])?;
    let unquote = |r: Range<usize>| {
        let mut r = r;
        while r.start < r.end && line[r.start].is_ascii_whitespace() {
            r.start += 1;
        }
        while r.end > r.start && matches!(line[r.end - 1], b' ' | b'\t' | b'\r' | b',') {
            r.end -= 1;
        }
        if r.end - r.start >= 2
            && matches!(line[r.start], b'"' | b'\'')
            && line[r.end - 1] == line[r.start]
        {
            r.start += 1;
            r.end -= 1;
        }
        r
    };
    let key = unquote(start..colon);
    let value = unquote(colon + 1..line.len());
    (!key.is_empty() && !value.is_empty()).then_some((key, value))
}

/// The `data:` values of Kubernetes Secret manifests (YAML or JSON), decoded as
/// `key: value` lines, so rules that read a key's name (`DB_PASSWORD: …`) see the value.
fn kubernetes_secret(bytes: &[u8], sink: &mut Sink<'_>) {
    let from = sink.begin();
    let units_from = sink.units.len();
    let mut first = usize::MAX;
    let mut last = 0;
    // Indentation of the `data:` key whose entries are being read.
    let mut data_indent: Option<usize> = None;
    for line in lines(bytes) {
        let text = &bytes[line.clone()];
        let ind = indent(text);
        let trimmed = text[ind..].trim_ascii_end();
        if let Some(d) = data_indent {
            if trimmed.is_empty() {
                continue;
            }
            if ind <= d || trimmed.starts_with(b"}") {
                data_indent = None;
            } else if let Some((key, value)) = entry(text) {
                let value_at = line.start + value.start..line.start + value.end;
                if decode_value(
                    bytes,
                    line.start + key.start..line.start + key.end,
                    value_at.clone(),
                    sink,
                ) {
                    first = first.min(line.start + key.start);
                    last = last.max(value_at.end);
                    sink.superseded.push(value_at.clone());
                }
                continue;
            }
        }
        if matches!(trimmed, b"data:" | b"\"data\": {" | b"\"data\":{") {
            data_indent = Some(ind);
        }
    }
    if sink.bytes.len() == from {
        return;
    }
    // Units are relative to the span's start.
    for unit in &mut sink.units[units_from..] {
        unit.0 -= first as u32;
        unit.1 -= first as u32;
    }
    sink.push_units(first..last, Step::KubernetesSecret, from, units_from);
}

/// Appends `key: decoded value\n` if the value is base64 of text.
fn decode_value(bytes: &[u8], key: Range<usize>, value: Range<usize>, sink: &mut Sink<'_>) -> bool {
    let mark = (sink.bytes.len(), sink.units.len());
    for i in key.clone() {
        sink.bytes.push(bytes[i]);
        sink.units.push((i as u32, i as u32 + 1));
    }
    sink.bytes.extend_from_slice(b": ");
    sink.units.extend([(key.end as u32, value.start as u32); 2]);
    let decoded_from = sink.bytes.len();
    let ok = base64::engine::general_purpose::STANDARD
        .decode_vec(&bytes[value.clone()], sink.bytes)
        .is_ok()
        && is_text(&sink.bytes[decoded_from..]);
    if !ok {
        sink.abandon(mark.0, mark.1);
        return false;
    }
    // A decoded byte maps to the whole value: base64 has no finer place worth a column.
    let n = sink.bytes.len() - decoded_from;
    sink.units.extend(std::iter::repeat_n(
        (value.start as u32, value.end as u32),
        n + 1,
    ));
    sink.bytes.push(b'\n');
    true
}

/// `"auth": "<base64 of user:password>"` entries of a Docker config, decoded one by one.
fn docker_auths(bytes: &[u8], sink: &mut Sink<'_>) {
    for at in memchr::memmem::find_iter(bytes, b"\"auth\"") {
        let mut i = at + 6;
        let skip_ws = |i: &mut usize| {
            while *i < bytes.len() && bytes[*i].is_ascii_whitespace() {
                *i += 1;
            }
        };
        skip_ws(&mut i);
        if bytes.get(i) != Some(&b':') {
            continue;
        }
        i += 1;
        skip_ws(&mut i);
        if bytes.get(i) != Some(&b'"') {
            continue;
        }
        let start = i + 1;
        let Some(len) = memchr::memchr(b'"', &bytes[start..]) else {
            continue;
        };
        let value = start..start + len;
        let from = sink.begin();
        let ok = base64::engine::general_purpose::STANDARD
            .decode_vec(&bytes[value.clone()], sink.bytes)
            .is_ok()
            && is_text(&sink.bytes[from..])
            && sink.bytes[from..].contains(&b':');
        if ok {
            sink.push_scaled(value, Step::DockerAuth, from, 4, 3);
        } else {
            sink.abandon(from, sink.units.len());
        }
    }
}

/// String literals joined by an operator, by adjacency or across a line continuation, within
/// [`CONCAT_LINES`] lines: the joined text replaces them, between the line's start and the end
/// of the last literal's line.
fn concatenations(bytes: &[u8], sink: &mut Sink<'_>) {
    let mut resume = 0;
    let mut previous: Option<usize> = None;
    // The joined literals' contents, reused from join to join.
    let mut pieces: Vec<Range<usize>> = Vec::new();
    for quote_at in memchr::memchr2_iter(b'"', b'\'', bytes) {
        // Two quotes of a kind with only a joiner between them: a literal may close at the
        // first. Cheap to test, and rare.
        let close = match previous.replace(quote_at) {
            Some(p)
                if bytes[p] == bytes[quote_at]
                    && quote_at - p >= 2
                    && quote_at - p <= 80
                    && bytes[p + 1..quote_at]
                        .iter()
                        .all(|&b| JOINER[usize::from(b)]) =>
            {
                p
            }
            _ => continue,
        };
        if close < resume {
            continue;
        }
        let Some(next_open) = joiner(bytes, close) else {
            continue;
        };
        // `close` must end a literal that opened earlier on its line.
        let quote = bytes[close];
        let line_start = memchr::memrchr(b'\n', &bytes[..close]).map_or(0, |i| i + 1);
        let Some(open) = memchr::memrchr(quote, &bytes[line_start..close]).map(|i| line_start + i)
        else {
            continue;
        };
        pieces.clear();
        pieces.push(open + 1..close);
        let mut open_at = next_open;
        let mut lines = 0;
        let last_close = loop {
            let Some(end) = literal_end(bytes, open_at, quote) else {
                break None;
            };
            lines += memchr::memchr_iter(b'\n', &bytes[pieces.last().map_or(open, |p| p.end)..end])
                .count();
            pieces.push(open_at + 1..end);
            match joiner(bytes, end) {
                Some(next) if lines < CONCAT_LINES => open_at = next,
                _ => break Some(end),
            }
        };
        let Some(last_close) = last_close else {
            continue;
        };
        resume = last_close + 1;
        let tokenish = |r: &Range<usize>| {
            bytes[r.clone()]
                .iter()
                .all(|&b| !b.is_ascii_whitespace() || b == b'\\' || b == b'\n')
        };
        let total: usize = pieces.iter().map(|p| p.len()).sum();
        if pieces.len() < 2 || total < CONCAT_MIN || !pieces.iter().all(tokenish) {
            continue;
        }
        let line_end =
            memchr::memchr(b'\n', &bytes[last_close..]).map_or(bytes.len(), |i| last_close + i);
        let from = sink.begin();
        let units_from = sink.units.len();
        let copy = |r: Range<usize>, sink: &mut Sink<'_>| {
            let mut i = r.start;
            while i < r.end {
                // A backslash-newline inside a literal continues it on the next line.
                if bytes[i] == b'\\' && matches!(bytes.get(i + 1), Some(b'\n' | b'\r')) {
                    i += 1;
                    while i < r.end && matches!(bytes[i], b'\n' | b'\r' | b' ' | b'\t') {
                        i += 1;
                    }
                    continue;
                }
                sink.bytes.push(bytes[i]);
                sink.units
                    .push(((i - line_start) as u32, (i + 1 - line_start) as u32));
                i += 1;
            }
        };
        copy(line_start..open + 1, sink);
        for piece in &pieces {
            copy(piece.clone(), sink);
        }
        copy(last_close..line_end, sink);
        sink.push_units(line_start..line_end, Step::Concatenation, from, units_from);
    }
}

/// Bytes that can stand between two joined literals.
static JOINER: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = matches!(
            i as u8,
            b' ' | b'\t' | b'\r' | b'\n' | b'+' | b'.' | b'&' | b'|' | b'\\'
        );
        i += 1;
    }
    t
};

/// If the quote at `close` is followed by a joiner (an operator, nothing, or a line
/// continuation) and an opening quote of the same kind, where that opening quote is.
fn joiner(bytes: &[u8], close: usize) -> Option<usize> {
    let quote = bytes[close];
    let mut i = close + 1;
    let skip = |i: &mut usize, newlines: bool| {
        while *i < bytes.len()
            && (matches!(bytes[*i], b' ' | b'\t')
                || (newlines && matches!(bytes[*i], b'\n' | b'\r')))
        {
            *i += 1;
        }
    };
    skip(&mut i, false);
    let before_op = i;
    for op in [&b"+"[..], b"..", b".", b"&", b"||", b"\\"] {
        if bytes[i.min(bytes.len())..].starts_with(op) {
            i += op.len();
            break;
        }
    }
    let had_op = i > before_op;
    skip(&mut i, true);
    // Adjacent literals must be separated by something (`"a""b"` is one escaped quote in CSV).
    let separated = had_op || i > close + 1;
    (separated && bytes.get(i) == Some(&quote) && i + 1 < bytes.len() && bytes[i + 1] != quote)
        .then_some(i)
}

/// The closing quote of the literal opened at `open`, within its line (or its continuation).
fn literal_end(bytes: &[u8], open: usize, quote: u8) -> Option<usize> {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if matches!(bytes.get(i + 1), Some(b'\n')) => i += 2,
            b'\\' => i += 2,
            b'\n' => return None,
            b if b == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::tests::views;
    use super::super::{Options, Views};

    #[test]
    fn kubernetes_secret_data_decodes_as_key_value_lines() {
        let manifest = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  DB_PASSWORD: aHVudGVyMlNlY3JldA==\n  note: bm90IGJhc2U2NCE=\ntype: Opaque\n";
        let v = views(manifest);
        let k8s: Vec<_> = v.iter().filter(|v| v.0 == "kubernetes-secret").collect();
        assert_eq!(k8s.len(), 1, "{v:?}");
        assert_eq!(k8s[0].1, "DB_PASSWORD: hunter2Secret\nnote: not base64!\n");
    }

    #[test]
    fn kubernetes_secret_map_points_at_the_value() {
        let manifest = "kind: Secret\ndata:\n  token: aHVudGVyMlNlY3JldA==\n";
        let mut v = Views::new();
        v.decode(manifest.as_bytes(), &Options { depth: 1 });
        let i = v
            .iter()
            .position(|v| v.chain.to_string() == "kubernetes-secret")
            .unwrap();
        let value = manifest.find("aHVu").unwrap();
        assert_eq!(v.to_root(i, 7..10), value..value + 20);
        assert_eq!(
            v.to_root(i, 0..5),
            manifest.find("token").unwrap()..manifest.find("token").unwrap() + 5
        );
    }

    #[test]
    fn docker_auth_entries_decode() {
        let config = r#"{"auths": {"ghcr.io": {"auth": "Ym90OnNlY3JldA=="}}}"#;
        assert!(views(config).contains(&("docker-auth".to_string(), "bot:secret".to_string())));
    }

    #[test]
    fn joined_literals_become_one() {
        assert_eq!(
            views(r#"aws_key = "AKIA" + "IOSFODNN7" + "EXAMPLEX"  # split"#),
            [(
                "concatenation".to_string(),
                r#"aws_key = "AKIAIOSFODNN7EXAMPLEX"  # split"#.to_string()
            )]
        );
        assert_eq!(
            views("key = (\"abcdefgh\"\n       \"ijklmnop\")\n")[0].1,
            "key = (\"abcdefghijklmnop\")"
        );
        assert_eq!(
            views("$k = 'abcdefgh' . 'ijklmnop';")[0].1,
            "$k = 'abcdefghijklmnop';"
        );
        // Prose joined is not a token.
        assert!(views(r#"msg = "Hello, " + "world and all""#).is_empty());
        assert!(views(r#"f("abcdefghijkl", "mnopqrstu")"#).is_empty());
    }
}
