//! GitLab's secret detection report, `gl-secret-detection-report.json`, schema 15.2.1
//! (`shared/reference/ecosystem.md` §2.1; the schema is saved in `shared/schemas/`).
//!
//! One vulnerability per unique secret and file, like SARIF's results. Its id is a UUIDv5 of
//! the keyed fingerprint and the path, so a re-run reports the same ids; its primary identifier
//! is the rule id (`leakhound_rule_id`), the key GitLab tracks findings on. `scan`
//! lists every rule that can report under `primary_identifiers`, so GitLab may resolve a
//! finding whose rule ran and no longer fires.
//!
//! GitLab requires `location.commit.sha`. A history location names the commit that introduced
//! the secret; a tree or staged scan has no commit of its own, so it names the scanned
//! repository's HEAD ([`Report::head_commit`]). Without either, writing fails rather than
//! inventing an id.
//!
//! The description never holds the secret (only its redacted prefix); `raw_source_code_extract`
//! (which GitLab's own analyzer fills with the raw secret) is the redacted snippet, the secret
//! shown only with `--show-secrets`. Times are UTC to the second without a zone suffix, the one
//! form the schema accepts. Skips go to `scan.messages`, and an incomplete scan is a `failure`.
//!
//! Suppressed findings are left out even with `--show-suppressed`: the schema has no way to mark
//! a finding as accepted (its one flag says "likely false positive"), and GitLab would open them.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Report, TOOL_NAME, TOOL_URI, TOOL_VERSION};
use crate::finding::{self, Finding, Location};
use crate::rules::Severity;
use crate::summary::Summary;

/// The schema version declared; GitLab validates against it and rejects versions it dropped.
pub const SCHEMA_VERSION: &str = "15.2.1";
pub const SCHEMA_URI: &str = "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v15.2.1/dist/secret-detection-report-format.json";
/// The type of our primary identifiers; its values are rule ids.
pub const IDENTIFIER_TYPE: &str = "leakhound_rule_id";
const SOLUTION: &str = "Rotate or revoke the credential at the provider first, then remove it \
    from the code and load it from a secret store or a CI/CD variable. Removing it alone does \
    not make a leaked secret safe: it stays in the git history and in every clone.";

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let doc = build(report)?;
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

fn build(report: &Report<'_>) -> io::Result<Value> {
    let s = report.summary;
    let mut vulnerabilities = Vec::new();
    for f in report.findings {
        for (path, locs) in super::by_file(f) {
            vulnerabilities.push(vulnerability(report, f, path, &locs)?);
        }
    }
    let tool = |url: bool| {
        let mut v = json!({
            "id": TOOL_NAME,
            "name": TOOL_NAME,
            "version": TOOL_VERSION,
            "vendor": { "name": TOOL_NAME },
        });
        if url {
            v["url"] = json!(TOOL_URI);
        }
        v
    };
    let primary_identifiers: Vec<Value> = report
        .rules
        .rules()
        .iter()
        // Companion-only rules pair with other matches and never report on their own.
        .filter(|r| r.report)
        .map(|r| json!({ "type": IDENTIFIER_TYPE, "name": r.name, "value": r.id }))
        .collect();
    Ok(json!({
        "version": SCHEMA_VERSION,
        "schema": SCHEMA_URI,
        "scan": {
            "analyzer": tool(true),
            "scanner": tool(true),
            "type": "secret_detection",
            "start_time": super::utc_seconds(s.started_at),
            "end_time": super::utc_seconds(s.started_at + s.duration),
            "status": if s.complete() { "success" } else { "failure" },
            "messages": messages(s, report.findings.len()),
            "primary_identifiers": primary_identifiers,
        },
        "vulnerabilities": vulnerabilities,
        "remediations": [],
    }))
}

fn vulnerability(
    report: &Report<'_>,
    f: &Finding,
    path: &str,
    locs: &[&Location],
) -> io::Result<Value> {
    let rule = report.rules.get(f.rule);
    let first = locs[0];
    let commit = match first.provenance.as_ref().and_then(|p| p.first.as_ref()) {
        Some(c) => json!({
            "sha": c.id,
            "author": c.author,
            "date": super::commit_date(c.time),
            "message": c.summary,
        }),
        None => match report.head_commit {
            Some(sha) => json!({ "sha": sha }),
            None => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "GitLab report: no commit to name for the {} finding in {} \
                         (GitLab requires location.commit.sha): scan a git repository with commits",
                        rule.id,
                        super::one_line(path)
                    ),
                ));
            }
        },
    };
    let links: Vec<Value> = rule
        .references
        .iter()
        .filter(|r| r.starts_with("https://") || r.starts_with("http://"))
        .map(|r| json!({ "url": r }))
        .collect();
    let mut v = json!({
        "id": id(&f.fingerprint, path),
        "name": super::truncate(&rule.name, 255),
        "description": description(report, f, path, locs),
        "severity": severity(rule.severity),
        "solution": SOLUTION,
        "identifiers": [
            { "type": IDENTIFIER_TYPE, "name": rule.name, "value": rule.id },
            {
                "type": "cwe",
                "name": "CWE-798",
                "value": "798",
                "url": "https://cwe.mitre.org/data/definitions/798.html",
            },
        ],
        "location": {
            "file": path,
            "start_line": first.line,
            "end_line": first.end_line,
            "commit": commit,
        },
        "raw_source_code_extract": report.snippet(f, first),
    });
    if !links.is_empty() {
        v["links"] = json!(links);
    }
    Ok(v)
}

/// The rule's description, then what was found where, with the secret redacted even under
/// `--show-secrets` (the description is shown to every reader of the vulnerability).
fn description(report: &Report<'_>, f: &Finding, path: &str, locs: &[&Location]) -> String {
    let rule = report.rules.get(f.rule);
    let lines: Vec<String> = locs.iter().map(|l| l.line.to_string()).collect();
    let mut text = format!(
        "{}\n\nThe secret {} ({} confidence) occurs {} in {} (line{} {}); fingerprint {}.",
        rule.description,
        finding::redact(&String::from_utf8_lossy(&f.secret)),
        rule.confidence.as_str(),
        match locs.len() {
            1 => "once".to_string(),
            n => format!("{n} times"),
        },
        super::one_line(path),
        if lines.len() == 1 { "" } else { "s" },
        lines.join(", "),
        &f.fingerprint[..16],
    );
    text.push_str(&super::where_found(locs[0]));
    if let Some(p) = &locs[0].provenance {
        text.push_str(&format!(
            " {}.",
            super::one_line(&super::provenance_line(p))
        ));
    }
    text
}

/// A UUIDv5 of the fingerprint and the path, in a namespace of our own: the same secret in the
/// same file keeps its id across runs and line moves.
fn id(fingerprint: &str, path: &str) -> String {
    let namespace = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, TOOL_URI.as_bytes());
    let name = format!("gitlab-secret-detection/v1\0{fingerprint}\0{path}");
    uuid::Uuid::new_v5(&namespace, name.as_bytes()).to_string()
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "Info",
        Severity::Low => "Low",
        Severity::Medium => "Medium",
        Severity::High => "High",
        Severity::Critical => "Critical",
    }
}

/// What the scan covered (info), then one warning per kind of skipped input, and one for an
/// interrupted scan or a reached findings limit.
fn messages(s: &Summary, findings: usize) -> Vec<Value> {
    let mut out = vec![json!({
        "level": "info",
        "value": format!(
            "Scanned {} files ({} bytes) with {} rules: {findings} secret(s) found, {} occurrence(s) suppressed, {} input(s) skipped.",
            s.files_scanned,
            s.bytes_scanned,
            s.rules_loaded,
            s.suppressed_total(),
            s.skipped_total(),
        ),
    })];
    for (kind, count) in &s.skipped_by_kind {
        let example = s.skipped.iter().find(|k| k.reason.kind() == *kind);
        let value = match example {
            Some(k) => format!(
                "Skipped {count} input(s) ({kind}{}), e.g. {}: {}",
                if k.reason.is_failure() {
                    ": the scan is incomplete"
                } else {
                    ""
                },
                k.what,
                k.reason
            ),
            None => format!("Skipped {count} input(s) ({kind})"),
        };
        out.push(json!({ "level": "warn", "value": super::one_line(&value) }));
    }
    if s.interrupted_by.is_some() || s.findings_dropped > 0 {
        let why = super::incomplete_reason(s).expect("an interrupted scan is incomplete");
        out.push(json!({ "level": "warn", "value": why }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_map_one_to_one() {
        assert_eq!(severity(Severity::Info), "Info");
        assert_eq!(severity(Severity::Low), "Low");
        assert_eq!(severity(Severity::Medium), "Medium");
        assert_eq!(severity(Severity::High), "High");
        assert_eq!(severity(Severity::Critical), "Critical");
    }

    #[test]
    fn ids_are_stable_version_5_uuids_per_secret_and_file() {
        let fp = "ab".repeat(32);
        let a = id(&fp, "a.env");
        assert_eq!(a, id(&fp, "a.env"));
        assert_ne!(a, id(&fp, "b.env"));
        let parsed = uuid::Uuid::parse_str(&a).unwrap();
        assert_eq!(parsed.get_version_num(), 5);
    }

    #[test]
    fn times_have_no_fraction_and_no_zone() {
        let t: jiff::Timestamp = "2024-05-01T12:34:56.789Z".parse().unwrap();
        assert_eq!(super::super::utc_seconds(t), "2024-05-01T12:34:56");
        let t: jiff::Timestamp = "2024-05-01T23:59:59+02:00".parse().unwrap();
        assert_eq!(super::super::utc_seconds(t), "2024-05-01T21:59:59");
    }
}
