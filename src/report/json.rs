//! JSON (one document) and JSONL (one finding per line, then the summary).

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Report, TOOL_NAME, TOOL_VERSION};
use crate::finding::Finding;
use crate::summary::Summary;

/// Bumped when a field changes meaning or disappears; additions keep it.
pub const FORMAT_VERSION: u32 = 1;

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let doc = json!({
        "format_version": FORMAT_VERSION,
        "tool": { "name": TOOL_NAME, "version": TOOL_VERSION },
        "findings": report.findings.iter().map(|f| finding(report, f)).collect::<Vec<_>>(),
        "summary": summary(report.summary, report.findings),
    });
    let mut doc = doc;
    if !report.suppressed.is_empty() {
        doc.as_object_mut().expect("an object").insert(
            "suppressed_findings".into(),
            report
                .suppressed
                .iter()
                .map(|f| finding(report, f))
                .collect(),
        );
    }
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

pub fn write_lines(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    for f in report.findings.iter().chain(report.suppressed) {
        let mut v = finding(report, f);
        v.as_object_mut()
            .expect("finding is an object")
            .insert("type".into(), json!("finding"));
        serde_json::to_writer(&mut *out, &v)?;
        out.write_all(b"\n")?;
    }
    let mut s = summary(report.summary, report.findings);
    let obj = s.as_object_mut().expect("summary is an object");
    obj.insert("type".into(), json!("summary"));
    obj.insert("format_version".into(), json!(FORMAT_VERSION));
    obj.insert(
        "tool".into(),
        json!({ "name": TOOL_NAME, "version": TOOL_VERSION }),
    );
    serde_json::to_writer(&mut *out, &s)?;
    out.write_all(b"\n")
}

fn finding(report: &Report<'_>, f: &Finding) -> Value {
    let rule = report.rules.get(f.rule);
    let mut v = json!({
        "rule_id": rule.id,
        "rule_name": rule.name,
        "severity": rule.severity,
        "confidence": rule.confidence,
        "checksum_verified": rule.checksum.is_some(),
        "tags": rule.tags,
        "fingerprint": f.fingerprint,
        "secret": report.secret(f),
        "secret_redacted": !report.show_secrets,
        "occurrences": f.occurrences,
        "locations": f.locations.iter().map(|l| {
            let mut loc = json!({
                "path": l.path,
                "line": l.line,
                "column": l.column,
                "end_line": l.end_line,
                "end_column": l.end_column,
                "snippet": report.snippet(f, l),
            });
            if !l.companions.is_empty() {
                let obj = loc.as_object_mut().expect("location is an object");
                obj.insert("companions".into(), report.companions_json(l));
            }
            if let Some(member) = &l.member {
                let obj = loc.as_object_mut().expect("location is an object");
                obj.insert("member".into(), json!(member));
            }
            if !l.decoded.is_empty() {
                let obj = loc.as_object_mut().expect("location is an object");
                obj.insert("decoded".into(), json!(l.decoded.steps().map(|s| s.as_str()).collect::<Vec<_>>()));
                obj.insert("offset".into(), json!(l.offset));
                obj.insert("length".into(), json!(l.length));
            }
            if let Some(p) = &l.provenance {
                let obj = loc.as_object_mut().expect("location is an object");
                obj.insert("blob".into(), json!(p.blob));
                obj.insert("commit".into(), json!(p.first.as_ref().map(super::commit_json)));
                obj.insert("last_commit".into(), json!(p.last.as_ref().map(super::commit_json)));
                obj.insert("paths_total".into(), json!(p.paths_total));
                if let Some(r) = &p.reach {
                    obj.insert("head_reaches".into(), json!(r.head));
                    obj.insert("refs".into(), json!(r.refs));
                    obj.insert("refs_total".into(), json!(r.total));
                }
                obj.insert("in_head".into(), json!(p.in_head));
            }
            if let Some(sup) = &l.suppression {
                let obj = loc.as_object_mut().expect("location is an object");
                obj.insert("suppression".into(), suppression(sup));
            }
            loc
        }).collect::<Vec<_>>(),
    });
    if let Some(sup) = f.why_suppressed() {
        v.as_object_mut()
            .expect("finding is an object")
            .insert("suppression".into(), suppression(sup));
    }
    v
}

fn suppression(s: &crate::finding::Suppression) -> Value {
    json!({
        "kind": s.kind.as_str(),
        "reason": s.reason,
        "source": s.source,
        "owner": s.owner,
        "expires": s.expires,
    })
}

pub(super) fn summary(s: &Summary, findings: &[Finding]) -> Value {
    json!({
        "complete": s.complete(),
        "interrupted_by_signal": s.interrupted_by,
        "started_at": s.started_at.to_string(),
        "duration_ms": s.duration.as_millis() as u64,
        "files_scanned": s.files_scanned,
        "bytes_scanned": s.bytes_scanned,
        "rules_loaded": s.rules_loaded,
        "findings": findings.len(),
        "occurrences": findings.iter().map(|f| f.occurrences).sum::<u64>(),
        "findings_dropped": s.findings_dropped,
        "skipped": {
            "total": s.skipped_total(),
            "failures": s.failures,
            "by_reason": s.skipped_by_kind,
            "items": s.skipped.iter().map(|k| json!({
                "path": k.what,
                "reason": k.reason.kind(),
                "detail": k.reason.to_string(),
                "failure": k.reason.is_failure(),
            })).collect::<Vec<_>>(),
        },
        "suppressed": {
            "total": s.suppressed_total(),
            "by_reason": s.suppressed,
            "baseline_matched": s.baseline_matched,
            "ignores_expired": s.ignores_expired,
            "ignores_unused": s.ignores_unused,
        },
    })
}
