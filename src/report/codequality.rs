//! GitLab Code Quality, the CodeClimate subset GitLab reads (`shared/reference/ecosystem.md`
//! §2.2): a JSON array with one issue per unique secret and file, which the merge request
//! widget shows in every GitLab tier (the secret detection report needs Ultimate).
//!
//! GitLab reads `description`, `check_name`, `fingerprint`, `severity` and `location`; `type`,
//! `categories` and `engine_name` complete the CodeClimate shape. The description is shown to
//! everyone who can read the merge request, so it holds only the redacted prefix of the secret,
//! even with `--show-secrets`. The fingerprint hashes our keyed fingerprint with the path: one
//! per issue, and stable across runs and line moves, so GitLab can compare a merge request's
//! issues with the target branch's.
//!
//! Suppressed findings are left out even with `--show-suppressed`: CodeClimate issues cannot be
//! marked as accepted, and the widget would show them as new problems.

use std::io::{self, Write};

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{Report, TOOL_NAME};
use crate::finding::{self, Finding, Location};
use crate::rules::Severity;

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let issues: Vec<Value> = report
        .findings
        .iter()
        .flat_map(|f| {
            super::by_file(f)
                .into_iter()
                .map(move |(path, locs)| issue(report, f, path, &locs))
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    out.write_all(b"\n")
}

fn issue(report: &Report<'_>, f: &Finding, path: &str, locs: &[&Location]) -> Value {
    let rule = report.rules.get(f.rule);
    let first = locs[0];
    json!({
        "type": "issue",
        "check_name": rule.id,
        "description": description(report, f, locs),
        "categories": ["Security"],
        "engine_name": TOOL_NAME,
        "fingerprint": fingerprint(&f.fingerprint, path),
        "severity": severity(rule.severity),
        "location": {
            "path": path,
            "lines": { "begin": first.line, "end": first.end_line },
        },
    })
}

/// "GitHub Personal Access Token ghp_…[REDACTED] (fingerprint 1a2b3c4d5e6f7a8b), 2 times in this
/// file (lines 3, 9), first committed in 1a2b3c4d5e6f. Rotate it, then remove it." One line.
fn description(report: &Report<'_>, f: &Finding, locs: &[&Location]) -> String {
    let rule = report.rules.get(f.rule);
    let mut text = format!(
        "{} {} (fingerprint {})",
        rule.name,
        finding::redact(&String::from_utf8_lossy(&f.secret)),
        &f.fingerprint[..16]
    );
    if locs.len() > 1 {
        let lines: Vec<String> = locs.iter().map(|l| l.line.to_string()).collect();
        text.push_str(&format!(
            ", {} times in this file (lines {})",
            locs.len(),
            lines.join(", ")
        ));
    }
    text.push_str(&super::where_found(locs[0]));
    if let Some(c) = locs[0].provenance.as_ref().and_then(|p| p.first.as_ref()) {
        text.push_str(&format!(", first committed in {}", super::short(&c.id)));
    }
    text.push_str(". Rotate it, then remove it.");
    super::one_line(&text)
}

/// Hex SHA-256 of the keyed finding fingerprint and the path: unique per issue (one secret in
/// one file), independent of the line, and as unguessable as the fingerprint itself.
fn fingerprint(finding_fingerprint: &str, path: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"leakhound/codequality/v1\0");
    h.update(finding_fingerprint.as_bytes());
    h.update(b"\0");
    h.update(path.as_bytes());
    super::hex(&h.finalize())
}

/// Our five levels onto CodeClimate's five, in order.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Low => "minor",
        Severity::Medium => "major",
        Severity::High => "critical",
        Severity::Critical => "blocker",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_keep_their_order() {
        let all = [
            Severity::Info,
            Severity::Low,
            Severity::Medium,
            Severity::High,
            Severity::Critical,
        ];
        let names: Vec<&str> = all.iter().map(|&s| severity(s)).collect();
        assert_eq!(names, ["info", "minor", "major", "critical", "blocker"]);
    }

    #[test]
    fn fingerprints_differ_by_path_and_are_stable() {
        let fp = "ab".repeat(32);
        assert_eq!(fingerprint(&fp, "a.env"), fingerprint(&fp, "a.env"));
        assert_ne!(fingerprint(&fp, "a.env"), fingerprint(&fp, "b.env"));
        assert_eq!(fingerprint(&fp, "a.env").len(), 64);
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        assert_ne!(fingerprint("ab", "c"), fingerprint("a", "bc"));
    }
}
