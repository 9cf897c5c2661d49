//! Matches → findings: one [`Finding`] per unique (rule, secret), carrying every place it occurs.
//!
//! Positions are 1-based lines and columns counted in Unicode code points (SARIF's
//! `unicodeCodePoints`; an invalid UTF-8 sequence counts as one). `end_column` is the column just
//! past the secret, as in SARIF.
//!
//! A finding's identity is a keyed fingerprint, HMAC-SHA-256(key, rule id ‖ 0 ‖ secret): stable
//! across line moves, renames and rebases, and — unlike a plain hash of a short password — not
//! reversible by brute force without the key.

use std::collections::HashMap;

use bstr::ByteSlice;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::matcher::Match;
use crate::rules::RuleId;

/// Locations kept per finding; further occurrences are only counted.
pub const MAX_LOCATIONS_PER_FINDING: usize = 100;
/// Unique findings kept per scan; beyond it new secrets are counted and the scan is incomplete.
pub const MAX_FINDINGS: usize = 100_000;
/// Code points of context kept on each side of a secret in a snippet.
const SNIPPET_CONTEXT: usize = 40;

/// The documented default fingerprint key. Set `LEAKHOUND_FINGERPRINT_KEY` to make fingerprints
/// in shared reports unguessable for anyone without your key.
pub const DEFAULT_FINGERPRINT_KEY: &str = "leakhound-fingerprint-v1";

#[derive(Clone)]
pub struct Fingerprinter {
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for Fingerprinter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fingerprinter(..)")
    }
}

impl Fingerprinter {
    pub fn new(key: &[u8]) -> Self {
        Fingerprinter {
            mac: Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length"),
        }
    }

    /// 64 lowercase hex digits.
    pub fn fingerprint(&self, rule_id: &str, secret: &[u8]) -> String {
        let mut mac = self.mac.clone();
        mac.update(rule_id.as_bytes());
        mac.update(&[0]);
        mac.update(secret);
        let digest = mac.finalize().into_bytes();
        let mut hex = String::with_capacity(64);
        for b in digest.iter() {
            use std::fmt::Write;
            let _ = write!(hex, "{b:02x}");
        }
        hex
    }
}

impl Default for Fingerprinter {
    fn default() -> Self {
        Fingerprinter::new(DEFAULT_FINGERPRINT_KEY.as_bytes())
    }
}

/// What hid a finding or an occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SuppressionKind {
    /// `leakhound:allow` or another scanner's marker on the secret's line.
    InlineMarker,
    /// An `[[allow]]` entry of the project config.
    ConfigAllow,
    /// A path glob in the rule's own allowlist.
    RuleAllowlist,
    /// An imported gitleaks or Betterleaks allowlist.
    GitleaksAllowlist,
    /// An entry of the ignore file.
    IgnoreFile,
    /// A fingerprint in the baseline.
    Baseline,
}

impl SuppressionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::InlineMarker => "inline-marker",
            SuppressionKind::ConfigAllow => "config-allow",
            SuppressionKind::RuleAllowlist => "rule-allowlist",
            SuppressionKind::GitleaksAllowlist => "gitleaks-allowlist",
            SuppressionKind::IgnoreFile => "ignore-file",
            SuppressionKind::Baseline => "baseline",
        }
    }

    /// Whether the suppression is written in the scanned source itself (SARIF `inSource`).
    pub fn in_source(self) -> bool {
        self == SuppressionKind::InlineMarker
    }
}

/// Why something was hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub kind: SuppressionKind,
    pub reason: String,
    /// Where it is written: `.leakhound-ignore.toml:12`, the baseline's path, the marker.
    pub source: Option<String>,
    pub owner: Option<String>,
    /// `YYYY-MM-DD`.
    pub expires: Option<String>,
}

impl Suppression {
    pub fn new(kind: SuppressionKind, reason: impl Into<String>) -> Self {
        Suppression {
            kind,
            reason: reason.into(),
            source: None,
            owner: None,
            expires: None,
        }
    }

    /// The key under which the summary counts it.
    pub fn key(&self) -> String {
        format!("{}: {}", self.kind.as_str(), self.reason)
    }
}

/// Text around a secret on its first line, with the secret itself left out and every other
/// secret found nearby already redacted. Control characters are replaced, so a snippet can never
/// drive a terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// Byte offset of the secret in its input.
    pub offset: u64,
    /// Bytes the secret takes in its input (its encoded form, when it was decoded).
    pub length: u64,
    pub snippet: Snippet,
    /// The companion secrets paired with this one (an AWS key id next to its secret key).
    pub companions: Vec<CompanionPlace>,
    /// For history scans: the blob and commit this location comes from.
    pub provenance: Option<std::sync::Arc<crate::blob::Provenance>>,
    /// Why this occurrence is hidden (an inline marker, an allowlisted path), if it is.
    pub suppression: Option<std::sync::Arc<Suppression>>,
    /// Inside an archive at `path`: the member's path, nested archives joined by `!`
    /// (`dist/app.tar.gz!app/creds.env`). Lines and columns are then the member's.
    pub member: Option<String>,
    /// The decoding steps that revealed the secret (empty: it is in the bytes as they are).
    /// Line, column and offset are those of its encoded form.
    pub decoded: crate::decode::Chain,
}

impl Location {
    /// The place as people read it: `path`, or `path!member` inside an archive.
    pub fn display_path(&self) -> std::borrow::Cow<'_, str> {
        match &self.member {
            Some(member) => format!("{}!{member}", self.path).into(),
            None => self.path.as_str().into(),
        }
    }

    /// What makes two locations the same place (the same secret found twice there is one).
    fn place(&self) -> (&str, Option<&str>, u64) {
        (&self.path, self.member.as_deref(), self.offset)
    }
}

/// A companion match absorbed into a finding's location: which rule, what value, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanionPlace {
    pub rule: RuleId,
    pub secret: Vec<u8>,
    pub line: u32,
    pub column: u32,
}

/// One occurrence of a secret, before grouping.
#[derive(Debug, Clone)]
pub struct Occurrence {
    pub rule: RuleId,
    pub secret: Vec<u8>,
    pub location: Location,
}

/// When a rule reports a secret that lies within the secret of a rule ranked at least as high
/// (a `ghs_` token that is also the password of a URL, the JWT inside a `glcbt-` token), only
/// the better rule's match is kept, so one secret is one finding. Among equals, the rule defined
/// first wins. Returns matches sorted by position.
pub fn keep_most_specific<K: Ord>(matches: &[Match], rank: impl Fn(RuleId) -> K) -> Vec<Match> {
    let mut order = matches.to_vec();
    // Outer spans before the spans they contain; better rules first among equal spans.
    order.sort_by(|a, b| {
        a.secret_start
            .cmp(&b.secret_start)
            .then(b.secret_end.cmp(&a.secret_end))
            .then_with(|| rank(b.rule).cmp(&rank(a.rule)))
            .then(a.rule.cmp(&b.rule))
    });
    let mut kept: Vec<Match> = Vec::with_capacity(order.len());
    // Kept spans that may still contain later ones (a later span never starts earlier).
    let mut open: Vec<Match> = Vec::new();
    for m in order {
        open.retain(|o| o.secret_end > m.secret_start);
        let dominated = open
            .iter()
            .any(|o| o.secret_end >= m.secret_end && rank(o.rule) >= rank(m.rule));
        if !dominated {
            open.push(m);
            kept.push(m);
        }
    }
    kept.sort_unstable_by_key(|m| (m.start, m.end, m.rule, m.secret_start));
    kept
}

/// Turns one input's matches (sorted by position, as the matcher returns them) into
/// occurrences with line/column positions and snippets.
pub fn locate(bytes: &[u8], matches: &[Match], path: &str) -> Vec<Occurrence> {
    locate_in_part(bytes, 0, matches, path)
}

/// Like [`locate`] for a part of a larger input that starts at byte `base_offset`: lines are
/// counted from 1 at the part's first byte (the caller shifts them), offsets are absolute.
pub fn locate_in_part(
    bytes: &[u8],
    base_offset: u64,
    matches: &[Match],
    path: &str,
) -> Vec<Occurrence> {
    let mut out = Vec::with_capacity(matches.len());
    let mut lines = LineCounter::default();
    for m in matches {
        let (line, line_start) = lines.advance(bytes, m.secret_start);
        let (end_line, end_line_start) = {
            let mut probe = lines.clone();
            probe.advance(bytes, m.secret_end)
        };
        let column = code_points(&bytes[line_start..m.secret_start]) + 1;
        let end_column = code_points(&bytes[end_line_start..m.secret_end]) + 1;
        let companions = m
            .companions
            .iter()
            .flatten()
            .map(|c| {
                let (line, line_start) = place(bytes, line, line_start, c.start);
                CompanionPlace {
                    rule: c.rule,
                    secret: bytes[c.start..c.end].to_vec(),
                    line,
                    column: code_points(&bytes[line_start..c.start]) + 1,
                }
            })
            .collect();
        out.push(Occurrence {
            rule: m.rule,
            secret: bytes[m.secret_start..m.secret_end].to_vec(),
            location: Location {
                path: path.to_string(),
                line,
                column,
                end_line,
                end_column,
                offset: base_offset + m.secret_start as u64,
                length: (m.secret_end - m.secret_start) as u64,
                snippet: snippet(bytes, m, line_start, matches),
                companions,
                provenance: None,
                suppression: None,
                member: None,
                decoded: crate::decode::Chain::default(),
            },
        });
    }
    out
}

/// Occurrences of matches found in a decoded view of `bytes`. `rooted` are the same matches
/// with their spans mapped back to the encoded text in `bytes`: positions and snippets come from
/// there, the secrets (and companions) from the decoded `view`.
pub fn locate_decoded(
    bytes: &[u8],
    base_offset: u64,
    view: &[u8],
    matches: &[Match],
    rooted: &[Match],
    chain: crate::decode::Chain,
    path: &str,
) -> Vec<Occurrence> {
    let mut out = locate_in_part(bytes, base_offset, rooted, path);
    for (occ, m) in out.iter_mut().zip(matches) {
        occ.secret = view[m.secret_start..m.secret_end].to_vec();
        for (place, c) in occ
            .location
            .companions
            .iter_mut()
            .zip(m.companions.iter().flatten())
        {
            place.secret = view[c.start..c.end].to_vec();
        }
        occ.location.decoded = chain;
    }
    out
}

/// Counts lines forward through a haystack; matches arrive in position order, so the whole
/// input is walked once.
#[derive(Clone)]
struct LineCounter {
    pos: usize,
    line: u32,
    line_start: usize,
}

impl Default for LineCounter {
    fn default() -> Self {
        LineCounter {
            pos: 0,
            line: 1,
            line_start: 0,
        }
    }
}

impl LineCounter {
    fn advance(&mut self, bytes: &[u8], to: usize) -> (u32, usize) {
        if to < self.pos {
            // Overlapping matches of different rules can step back; recount from the start.
            *self = LineCounter::default();
        }
        for nl in memchr::memchr_iter(b'\n', &bytes[self.pos..to]) {
            self.line += 1;
            self.line_start = self.pos + nl + 1;
        }
        self.pos = to;
        (self.line, self.line_start)
    }
}

/// Line number and line start of `pos`, from a known position's line: a companion lies a few
/// lines before or after its match.
fn place(bytes: &[u8], line: u32, line_start: usize, pos: usize) -> (u32, usize) {
    if pos >= line_start {
        let mut counter = LineCounter {
            pos: line_start,
            line,
            line_start,
        };
        counter.advance(bytes, pos)
    } else {
        let above = memchr::memchr_iter(b'\n', &bytes[pos..line_start]).count() as u32;
        let start = memchr::memrchr(b'\n', &bytes[..pos]).map_or(0, |nl| nl + 1);
        (line - above, start)
    }
}

fn code_points(bytes: &[u8]) -> u32 {
    bytes.chars().count() as u32
}

fn snippet(bytes: &[u8], m: &Match, line_start: usize, all: &[Match]) -> Snippet {
    // Bounded so a match in a multi-megabyte minified line costs a few hundred bytes of work.
    let reach = 8 * SNIPPET_CONTEXT;
    let from = line_start.max(m.secret_start.saturating_sub(reach));
    let limit = (m.secret_end + reach).min(bytes.len());
    let after_start = m.secret_end.min(limit);
    let line_end =
        memchr::memchr(b'\n', &bytes[m.secret_start..limit]).map_or(limit, |i| m.secret_start + i);
    let nearby: Vec<(usize, usize)> = all
        .iter()
        .filter(|o| *o != m)
        .map(|o| (o.secret_start, o.secret_end))
        .chain(m.companions.iter().flatten().map(|c| (c.start, c.end)))
        .filter(|&(start, end)| end > from && start < line_end)
        .collect();
    let before = clean_context(bytes, from, m.secret_start, &nearby, true);
    let after = if m.secret_end > line_end {
        String::new() // the secret spans lines; its first line ends inside it
    } else {
        clean_context(bytes, after_start, line_end, &nearby, false)
    };
    Snippet { before, after }
}

/// Sanitised text of `bytes[from..to]`, keeping the end nearest the secret and redacting any
/// other secret inside it.
fn clean_context(
    bytes: &[u8],
    from: usize,
    to: usize,
    others: &[(usize, usize)],
    keep_end: bool,
) -> String {
    // A CRLF line's '\r' is part of the line ending, not of the text.
    let to = if to > from && bytes[to - 1] == b'\r' {
        to - 1
    } else {
        to
    };
    let mut out = String::new();
    let mut i = from;
    while i < to {
        if let Some(&(_, end)) = others.iter().find(|&&(start, end)| start <= i && i < end) {
            out.push_str(REDACTION_TOKEN);
            i = end;
            continue;
        }
        let (ch, len) = match bstr::decode_utf8(&bytes[i..to]) {
            (Some(c), n) => (c, n),
            (None, n) => ('\u{FFFD}', n.max(1)),
        };
        out.push(match ch {
            '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        });
        i += len;
    }
    let trimmed = out.as_str();
    let count = trimmed.chars().count();
    if count <= SNIPPET_CONTEXT {
        return trimmed.to_string();
    }
    if keep_end {
        let skip = count - SNIPPET_CONTEXT;
        format!("…{}", trimmed.chars().skip(skip).collect::<String>())
    } else {
        format!(
            "{}…",
            trimmed.chars().take(SNIPPET_CONTEXT).collect::<String>()
        )
    }
}

/// Stands in for secret text in every output unless `--show-secrets` is given.
pub const REDACTION_TOKEN: &str = "[REDACTED]";

/// Shows at most a quarter of the secret, and never more than its first 4 characters — enough
/// to recognise a token type (`ghp_`, `AKIA`), never enough to use it.
pub fn redact(secret: &str) -> String {
    let shown = (secret.chars().count() / 4).min(4);
    let head: String = secret
        .chars()
        .take(shown)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    format!("{head}…{REDACTION_TOKEN}")
}

/// One unique secret found by one rule, with the places it occurs.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: RuleId,
    pub secret: Vec<u8>,
    pub fingerprint: String,
    /// Sorted by path, then position; at most [`MAX_LOCATIONS_PER_FINDING`].
    pub locations: Vec<Location>,
    /// Every occurrence seen, including those beyond the kept locations.
    pub occurrences: u64,
    /// Why the whole finding is not reported (an ignore entry, the baseline); see
    /// [`Finding::why_suppressed`] for findings suppressed where they occur.
    pub suppression: Option<Suppression>,
}

impl Finding {
    /// Why the finding is hidden: its own suppression, else its first location's (a finding
    /// all of whose occurrences were suppressed where they are).
    pub fn why_suppressed(&self) -> Option<&Suppression> {
        self.suppression
            .as_ref()
            .or_else(|| self.locations.first()?.suppression.as_deref())
    }

    /// The distinct paths of its kept locations, in order.
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.locations.iter().map(|l| l.path.as_str()).collect();
        paths.dedup();
        paths
    }
}

/// Groups occurrences into findings, within memory bounds.
#[derive(Debug, Default)]
pub struct FindingSet {
    index: HashMap<(RuleId, Vec<u8>), usize>,
    findings: Vec<Finding>,
    /// Occurrences of new secrets dropped because [`MAX_FINDINGS`] was reached.
    pub dropped: u64,
}

impl FindingSet {
    pub fn add(&mut self, occ: Occurrence, fingerprints: &Fingerprinter, rule_id: &str) {
        let key = (occ.rule, occ.secret);
        if let Some(&i) = self.index.get(&key) {
            let f = &mut self.findings[i];
            f.occurrences += 1;
            // The same place in another version of a file (another blob in history) is the
            // same location: merge what it says, so the cap counts places, not versions.
            let at = occ.location.place();
            if let Some(same) = f.locations.iter_mut().find(|l| l.place() == at) {
                if let (Some(kept), Some(new)) = (&same.provenance, &occ.location.provenance) {
                    let earlier = match (&new.first, &kept.first) {
                        (Some(n), Some(k)) => n.committed < k.committed,
                        (Some(_), None) => true,
                        _ => false,
                    };
                    // The earlier version leads: its blob, line and snippet.
                    let merged = if earlier {
                        new.merge(kept)
                    } else {
                        kept.merge(new)
                    };
                    if earlier {
                        // Line and snippet of the version that introduced the secret.
                        *same = occ.location;
                    }
                    same.provenance = Some(std::sync::Arc::new(merged));
                }
            } else if f.locations.len() < MAX_LOCATIONS_PER_FINDING {
                f.locations.push(occ.location);
            }
            return;
        }
        if self.findings.len() >= MAX_FINDINGS {
            self.dropped += 1;
            return;
        }
        self.index.insert(key.clone(), self.findings.len());
        self.findings.push(Finding {
            rule: key.0,
            fingerprint: fingerprints.fingerprint(rule_id, &key.1),
            secret: key.1,
            locations: vec![occ.location],
            occurrences: 1,
            suppression: None,
        });
    }

    pub fn len(&self) -> usize {
        self.findings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    /// Findings in a stable order: by first location (path, line, column), then rule.
    pub fn into_sorted(self) -> Vec<Finding> {
        let mut findings = self.findings;
        // `add` already merged every repeat of a place (another version of the same file).
        for f in &mut findings {
            f.locations.sort_by(|a, b| a.place().cmp(&b.place()));
        }
        findings.sort_by(|a, b| {
            let ka = (a.locations[0].place(), a.rule);
            let kb = (b.locations[0].place(), b.rule);
            ka.cmp(&kb)
        });
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(rule: u32, s: usize, e: usize) -> Match {
        Match {
            rule: RuleId(rule),
            start: s,
            end: e,
            secret_start: s,
            secret_end: e,
            companions: [None; crate::rules::MAX_COMPANIONS],
        }
    }

    #[test]
    fn lines_and_columns_count_code_points() {
        let text = "first\nkey = «SECRET» and OTHER\n";
        let bytes = text.as_bytes();
        let s = text.find("SECRET").unwrap();
        let o = text.find("OTHER").unwrap();
        let occ = locate(bytes, &[m(0, s, s + 6), m(1, o, o + 5)], "a.txt");
        let l = &occ[0].location;
        assert_eq!((l.line, l.column, l.end_line, l.end_column), (2, 8, 2, 14));
        assert_eq!(l.snippet.before, "key = «");
        assert_eq!(l.snippet.after, "» and [REDACTED]");
        assert_eq!(occ[1].location.column, 20);
    }

    #[test]
    fn multi_line_secret_has_end_on_later_line() {
        let text = "x\n-----BEGIN\nabc\n-----END\n";
        let s = text.find("-----BEGIN").unwrap();
        let e = text.find("-----END").unwrap() + 8;
        let occ = locate(text.as_bytes(), &[m(0, s, e)], "k");
        let l = &occ[0].location;
        assert_eq!((l.line, l.column, l.end_line, l.end_column), (2, 1, 4, 9));
        assert_eq!(l.snippet.after, "");
    }

    #[test]
    fn snippets_escape_control_characters_and_trim() {
        let text = format!("\x1b[31m{}TOKEN\ttail\r\n", "y".repeat(100));
        let s = text.find("TOKEN").unwrap();
        let occ = locate(text.as_bytes(), &[m(0, s, s + 5)], "k");
        let snip = &occ[0].location.snippet;
        assert!(snip.before.starts_with('…'));
        assert_eq!(snip.before.chars().count(), 41);
        assert_eq!(snip.after, " tail");
        let short = "\x1bX=TOKEN";
        let occ = locate(short.as_bytes(), &[m(0, 3, 8)], "k");
        assert_eq!(occ[0].location.snippet.before, "\u{FFFD}X=");
    }

    #[test]
    fn same_secret_from_two_rules_keeps_the_better_rule() {
        let a = m(0, 5, 10);
        let b = Match {
            start: 0,
            end: 12,
            ..m(1, 5, 10)
        };
        let c = m(2, 20, 30);
        let kept = keep_most_specific(&[b, a, c], |r| if r == RuleId(1) { 2 } else { 1 });
        assert_eq!(kept, [b, c]);
        let kept = keep_most_specific(&[a, b], |_| 0);
        assert_eq!(kept, [a]);
        // A secret inside a better rule's secret goes; inside a worse rule's, both stay.
        let outer = m(3, 0, 40);
        let inner = m(4, 10, 20);
        assert_eq!(keep_most_specific(&[inner, outer], |r| r.0), [outer, inner]);
        assert_eq!(
            keep_most_specific(&[inner, outer], |r| u32::MAX - r.0),
            [outer]
        );
    }

    #[test]
    fn redaction_reveals_little() {
        assert_eq!(redact("ghp_0123456789abcdef"), "ghp_…[REDACTED]");
        assert_eq!(redact("hunter2"), "h…[REDACTED]");
        assert_eq!(redact("abc"), "…[REDACTED]");
    }

    #[test]
    fn fingerprint_is_keyed_and_stable() {
        let a = Fingerprinter::default().fingerprint("r", b"s");
        assert_eq!(a.len(), 64);
        assert_eq!(a, Fingerprinter::default().fingerprint("r", b"s"));
        assert_ne!(a, Fingerprinter::new(b"other").fingerprint("r", b"s"));
        assert_ne!(a, Fingerprinter::default().fingerprint("r2", b"s"));
    }

    #[test]
    fn findings_group_by_rule_and_secret() {
        let fp = Fingerprinter::default();
        let mut set = FindingSet::default();
        for (path, rule) in [("b", 0), ("a", 0), ("a", 1)] {
            let occ = locate(b"SECRET", &[m(rule, 0, 6)], path).remove(0);
            set.add(occ, &fp, "id");
        }
        let findings = set.into_sorted();
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].paths(), ["a", "b"]);
        assert_eq!(findings[0].occurrences, 2);
    }
}
