//! Serialising findings and the scan summary: pretty terminal text, JSON, JSONL and SARIF.
//! The only module that writes results; it never filters or re-ranks them.
//!
//! Secrets are redacted in every format unless `show_secrets` is set: the finding's secret,
//! its snippets and SARIF messages all carry [`crate::finding::REDACTION_TOKEN`] instead.

mod json;
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
    pub summary: &'a Summary,
    pub show_secrets: bool,
    /// Colour pretty output with ANSI escapes.
    pub color: bool,
    /// What was scanned: `tree`, `history` or `range`; the SARIF category (`leakhound/<kind>/`),
    /// so code scanning never compares a range scan with a full one.
    pub kind: &'static str,
}

impl Report<'_> {
    /// The secret as this report may show it.
    fn secret(&self, f: &Finding) -> String {
        let s = f.secret_str();
        if self.show_secrets {
            s.into_owned()
        } else {
            finding::redact(&s)
        }
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

/// "first seen in 1a2b3c4 (2024-05-01, Ada): Add config; still in HEAD", for history locations.
fn provenance_line(p: &crate::blob::Provenance) -> String {
    let date = commit_date(p.time);
    format!(
        "first seen in commit {} ({}, {}): {}; {}",
        &p.commit[..p.commit.len().min(12)],
        date.get(..10).unwrap_or(&date),
        p.author,
        p.summary,
        if p.in_head {
            "still in HEAD"
        } else {
            "no longer in HEAD"
        }
    )
}

pub fn write(format: Format, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Pretty => pretty::write(report, out),
        Format::Json => json::write(report, out),
        Format::Jsonl => json::write_lines(report, out),
        Format::Sarif => sarif::write(report, out),
    }
}
