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

pub fn write(format: Format, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Pretty => pretty::write(report, out),
        Format::Json => json::write(report, out),
        Format::Jsonl => json::write_lines(report, out),
        Format::Sarif => sarif::write(report, out),
    }
}
