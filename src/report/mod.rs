//! Serialising findings and the scan summary: pretty terminal text, JSON, JSONL, SARIF, and the
//! CI formats GitLab and Jenkins read (GitLab's secret detection report, Code Quality and JUnit
//! XML).
//! The only module that writes results; it never filters or re-ranks them.
//!
//! Secrets are redacted in every format unless `show_secrets` is set: the finding's secret,
//! its snippets and SARIF messages all carry [`crate::finding::REDACTION_TOKEN`] instead.
//! Code Quality descriptions never carry it at all: merge request widgets show them to every
//! reader of the merge request.

mod codequality;
mod gitlab;
mod json;
mod junit;
pub mod output;
mod pretty;
pub mod progress;
mod sarif;

use std::io::{self, Write};

use crate::cli::Format;
use crate::finding::{self, Finding, Location};
use crate::rules::RuleSet;
use crate::summary::Summary;

pub const TOOL_NAME: &str = "leakhound";
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
pub const TOOL_URI: &str = "https://github.com/leakhound/leakhound";

/// Everything a report shows.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    pub rules: &'a RuleSet,
    pub findings: &'a [Finding],
    /// Suppressed findings to show, each with its `suppression` (empty unless asked for).
    pub suppressed: &'a [Finding],
    pub summary: &'a Summary,
    pub show_secrets: bool,
    /// Colour pretty output with ANSI escapes.
    pub color: bool,
    /// What was scanned: `tree`, `history` or `range`; the SARIF category (`leakhound/<kind>/`),
    /// so code scanning never compares a range scan with a full one.
    pub kind: &'static str,
    /// The scanned repository's HEAD commit, for formats that must name a commit for every
    /// finding (GitLab's) when a location has none of its own (tree and staged scans). Only
    /// looked up for those formats.
    pub head_commit: Option<&'a str>,
}

impl Report<'_> {
    /// The secret as this report may show it.
    fn secret(&self, f: &Finding) -> String {
        self.shown(&f.secret)
    }

    /// Secret bytes (a finding's, or a companion's) as this report may show them.
    fn shown(&self, secret: &[u8]) -> String {
        let s = String::from_utf8_lossy(secret);
        if self.show_secrets {
            s.into_owned()
        } else {
            finding::redact(&s)
        }
    }

    /// "with aws-access-key-id AKIA…[REDACTED] (line 3, column 1)", for locations that absorbed
    /// companion matches; `None` otherwise.
    fn companions_line(&self, loc: &Location) -> Option<String> {
        if loc.companions.is_empty() {
            return None;
        }
        let parts: Vec<String> = loc
            .companions
            .iter()
            .map(|c| {
                format!(
                    "{} {} (line {}, column {})",
                    self.rules.get(c.rule).id,
                    self.shown(&c.secret),
                    c.line,
                    c.column
                )
            })
            .collect();
        Some(format!("with {}", parts.join(" and ")))
    }

    /// Companions of a location as JSON objects.
    fn companions_json(&self, loc: &Location) -> serde_json::Value {
        serde_json::Value::Array(
            loc.companions
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "rule_id": self.rules.get(c.rule).id,
                        "secret": self.shown(&c.secret),
                        "line": c.line,
                        "column": c.column,
                    })
                })
                .collect(),
        )
    }

    /// One line of context with the secret (redacted unless shown) in place.
    fn snippet(&self, f: &Finding, loc: &Location) -> String {
        let secret = self.secret(f);
        // A multi-line secret shows only its first line in a one-line snippet.
        let first_line = secret.lines().next().unwrap_or("");
        let first_line = if self.show_secrets && first_line.len() < secret.len() {
            format!("{first_line}…")
        } else {
            first_line.to_string()
        };
        format!("{}{}{}", loc.snippet.before, first_line, loc.snippet.after)
    }
}

/// A commit's author time as an RFC 3339 UTC timestamp.
fn commit_date(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds).map_or_else(|_| seconds.to_string(), |t| t.to_string())
}

/// What a location's path and line do not say: the archive member they are in (the lines are
/// the member's) and the decoding that revealed the secret. Empty for most locations.
fn where_found(loc: &Location) -> String {
    let mut text = String::new();
    if let Some(member) = &loc.member {
        text.push_str(&format!(
            " Inside archive member {} (the lines are the member's).",
            one_line(member)
        ));
    }
    if !loc.decoded.is_empty() {
        text.push_str(&format!(" Found after decoding: {}.", loc.decoded));
    }
    text
}

/// A finding's locations grouped by file, in order: the unit that SARIF results and the CI
/// formats' issues report once (one secret in one file).
fn by_file(f: &Finding) -> Vec<(&str, Vec<&Location>)> {
    let mut out: Vec<(&str, Vec<&Location>)> = Vec::new();
    for loc in &f.locations {
        match out.last_mut() {
            Some((path, locs)) if *path == loc.path => locs.push(loc),
            _ => out.push((&loc.path, vec![loc])),
        }
    }
    out
}

/// Text for a one-line field: control characters (line breaks included) become U+FFFD, so a
/// path or snippet from the scanned tree can neither break the line nor drive a terminal.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

/// A UTC time to the second with no zone suffix, `2024-05-01T12:00:00`: the form GitLab's
/// report schema requires (it rejects a `Z`) and JUnit's `timestamp` uses.
fn utc_seconds(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Why a scan is incomplete, in one sentence; `None` when it is complete.
fn incomplete_reason(s: &Summary) -> Option<String> {
    if s.complete() {
        return None;
    }
    let mut why = Vec::new();
    if let Some(signal) = s.interrupted_by {
        why.push(format!("interrupted by signal {signal}"));
    }
    if s.findings_dropped > 0 {
        why.push(format!(
            "the findings limit was reached and {} more occurrence(s) were not kept",
            s.findings_dropped
        ));
    }
    if s.failures > 0 {
        why.push(format!("{} input(s) could not be scanned", s.failures));
    }
    Some(format!("Scan incomplete: {}.", why.join("; ")))
}

/// At most `max` characters, the last one `…` when cut.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars()
            .take(max - 1)
            .chain(std::iter::once('…'))
            .collect()
    }
}

/// Lowercase hex of bytes.
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}

/// "first seen in commit 1a2b3c4 (2024-05-01, Ada): Add config; last in 5d6e7f8 (2024-06-02);
/// no longer in HEAD; reachable from HEAD, refs/heads/main", for history locations.
fn provenance_line(p: &crate::blob::Provenance) -> String {
    let day = |t: i64| {
        let date = commit_date(t);
        date.get(..10).unwrap_or(&date).to_string()
    };
    let mut parts = Vec::new();
    match &p.first {
        Some(c) => parts.push(format!(
            "first seen in commit {} ({}, {}): {}",
            short(&c.id),
            day(c.time),
            c.author,
            c.summary
        )),
        None => parts.push(format!(
            "in blob {} that no ref reaches (a dangling object)",
            short(&p.blob)
        )),
    }
    if let (Some(last), Some(first)) = (&p.last, &p.first)
        && last.id != first.id
    {
        parts.push(format!("last in {} ({})", short(&last.id), day(last.time)));
    }
    parts.push(
        if p.in_head {
            "still in HEAD"
        } else {
            "no longer in HEAD"
        }
        .to_string(),
    );
    if let Some(r) = &p.reach
        && p.first.is_some()
        && (r.head || !r.refs.is_empty())
    {
        let mut names: Vec<&str> = Vec::new();
        if r.head {
            names.push("HEAD");
        }
        names.extend(r.refs.iter().map(String::as_str));
        let more = r.total.saturating_sub(r.refs.len());
        parts.push(format!(
            "reachable from {}{}",
            names.join(", "),
            if more > 0 {
                format!(" and {more} more refs")
            } else {
                String::new()
            }
        ));
    }
    parts.join("; ")
}

fn commit_json(c: &crate::blob::CommitInfo) -> serde_json::Value {
    serde_json::json!({
        "id": c.id,
        "author": c.author,
        "date": commit_date(c.time),
        "summary": c.summary,
    })
}

pub fn write(format: Format, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Pretty => pretty::write(report, out),
        Format::Json => json::write(report, out),
        Format::Jsonl => json::write_lines(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::CodeQuality => codequality::write(report, out),
        Format::Junit => junit::write(report, out),
        Format::Gitlab => gitlab::write(report, out),
    }
}
