//! SARIF 2.1.0 shaped for GitHub code scanning (see `shared/reference/ecosystem.md` §1):
//! one run; one result per unique secret and file, with exactly one location (GitHub uses only
//! the first) and our own `primaryLocationLineHash` derived from the keyed fingerprint, so an
//! alert survives line moves; relative `%SRCROOT%` URIs; `columnKind`; rule metadata with
//! `security-severity` and `precision`; never the secret in a message or snippet; skipped inputs
//! as `toolExecutionNotifications`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Value, json};
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, RunAutomationDetails, Sarif, Suppression, Tool,
    ToolComponent,
};

use super::{Report, TOOL_NAME, TOOL_URI, TOOL_VERSION, truncate};
use crate::finding::{Finding, REDACTION_TOKEN};
use crate::rules::{Confidence, Rule, RuleId, Severity};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
/// GitHub keeps 10 tags per rule and rejects more than 20.
const MAX_TAGS: usize = 20;

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let sarif = build(report);
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    out.write_all(b"\n")
}

fn build(report: &Report<'_>) -> Sarif {
    // Only rules that fired, in first-seen order: ruleIndex points into this list.
    let mut rule_index: BTreeMap<RuleId, usize> = BTreeMap::new();
    let mut rules: Vec<ReportingDescriptor> = Vec::new();
    for f in report.findings.iter().chain(report.suppressed) {
        rule_index.entry(f.rule).or_insert_with(|| {
            rules.push(descriptor(report.rules.get(f.rule)));
            rules.len() - 1
        });
    }
    let mut results = Vec::new();
    for f in report.findings.iter().chain(report.suppressed) {
        for path in f.paths() {
            results.push(result(report, f, path, rule_index[&f.rule]));
        }
    }
    let s = report.summary;
    let end = s.started_at + s.duration;
    let notifications: Vec<Notification> = s
        .skipped
        .iter()
        .map(|k| {
            Notification::builder()
                .message(
                    Message::builder()
                        .text(format!("Skipped {}: {}", k.what, k.reason))
                        .build(),
                )
                .level(json!(if k.reason.is_failure() {
                    "error"
                } else {
                    "note"
                }))
                .locations(vec![
                    Location::builder()
                        .physical_location(
                            PhysicalLocation::builder()
                                .artifact_location(artifact(&k.what))
                                .build(),
                        )
                        .build(),
                ])
                .properties(property_bag(json!({ "reason": k.reason.kind() })))
                .build()
        })
        .collect();
    let mut invocation = Invocation::builder()
        .execution_successful(s.complete())
        .start_time_utc(s.started_at.to_string())
        .end_time_utc(end.to_string())
        .properties(property_bag(json!({
            "filesScanned": s.files_scanned,
            "bytesScanned": s.bytes_scanned,
            "skipped": s.skipped_by_kind,
            "suppressed": s.suppressed,
            "complete": s.complete(),
        })))
        .build();
    if !notifications.is_empty() {
        invocation.tool_execution_notifications = Some(notifications);
    }
    let mut run = Run::builder()
        .tool(
            Tool::builder()
                .driver(
                    ToolComponent::builder()
                        .name(TOOL_NAME)
                        .semantic_version(TOOL_VERSION)
                        .information_uri(TOOL_URI)
                        .rules(rules)
                        .build(),
                )
                .build(),
        )
        .results(results)
        .automation_details(
            RunAutomationDetails::builder()
                .id(format!("leakhound/{}/", report.kind))
                .build(),
        )
        .column_kind(json!("unicodeCodePoints"))
        .invocations(vec![invocation])
        .build();
    if let Some(root) = srcroot_uri() {
        run.original_uri_base_ids = Some(BTreeMap::from([(
            SRCROOT.to_string(),
            ArtifactLocation::builder().uri(root).build(),
        )]));
    }
    if !report.show_secrets {
        run.redaction_tokens = Some(vec![REDACTION_TOKEN.to_string()]);
    }
    Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build()
}

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let mut tags = vec![
        "security".to_string(),
        "secret".to_string(),
        "external/cwe/cwe-798".to_string(),
    ];
    tags.extend(
        rule.tags
            .iter()
            .filter(|t| !tags.contains(t))
            .cloned()
            .collect::<Vec<_>>(),
    );
    tags.truncate(MAX_TAGS);
    let references: String = rule
        .references
        .iter()
        .map(|r| format!("- <{r}>\n"))
        .collect();
    let help_markdown = format!(
        "**{name}**\n\n{desc}\n\n\
         **What to do**\n\n\
         1. Rotate or revoke the credential at the provider first: removing it from the code does not \
         make a leaked secret safe, and it stays in every clone of the history.\n\
         2. Replace it with a reference to a secret store or an environment variable.\n\
         3. If it is a false positive, add an `[[allow]]` entry with a reason to `.leakhound.toml`.\n\n\
         **References**\n\n{references}",
        name = rule.name,
        desc = rule.description,
    );
    let help_text = format!(
        "{}. {} Rotate or revoke it at the provider, then remove it from the code. References: {}",
        rule.name,
        rule.description,
        rule.references.join(" ")
    );
    ReportingDescriptor::builder()
        .id(rule.id.clone())
        .name(rule.name.clone())
        .short_description(
            MultiformatMessageString::builder()
                .text(truncate(&rule.name, 1024))
                .build(),
        )
        .full_description(
            MultiformatMessageString::builder()
                .text(truncate(&rule.description, 1024))
                .build(),
        )
        .help(
            MultiformatMessageString::builder()
                .text(help_text)
                .markdown(help_markdown)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level_name(rule.severity)))
                .build(),
        )
        .properties(PropertyBag {
            tags: Some(tags),
            additional_properties: BTreeMap::from([
                ("precision".to_string(), json!(precision(rule))),
                (
                    "security-severity".to_string(),
                    json!(security_severity(rule.severity)),
                ),
            ]),
        })
        .build()
}

fn result(report: &Report<'_>, f: &Finding, path: &str, rule_index: usize) -> SarifResult {
    let rule = report.rules.get(f.rule);
    let in_file: Vec<_> = f.locations.iter().filter(|l| l.path == path).collect();
    let first = in_file[0];
    let lines: Vec<u32> = in_file.iter().map(|l| l.line).collect();
    let times = match in_file.len() {
        1 => "once".to_string(),
        n => format!("{n} times"),
    };
    let message = format!(
        "{} found ({} confidence). The secret {} occurs {times} in this file (line{} {}); fingerprint {}.",
        rule.name,
        rule.confidence.as_str(),
        report.secret(f),
        if lines.len() == 1 { "" } else { "s" },
        lines
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        &f.fingerprint[..16],
    );
    let message = match report.companions_line(first) {
        Some(line) => format!("{message} Paired {line}."),
        None => message,
    };
    let message = match &first.provenance {
        Some(p) => format!("{message} {}.", capitalize(&super::provenance_line(p))),
        None => message,
    };
    let message = format!("{message}{}", super::where_found(first));
    let region = Region::builder()
        .start_line(i64::from(first.line))
        .start_column(i64::from(first.column))
        .end_line(i64::from(first.end_line))
        .end_column(i64::from(first.end_column))
        .build();
    let physical = PhysicalLocation::builder().artifact_location(artifact(path));
    let physical = if first.member.is_some() {
        physical.build()
    } else {
        physical.region(region).build()
    };
    let mut result = SarifResult::builder()
        .rule_id(rule.id.clone())
        .rule_index(rule_index as i64)
        .level(level(rule.severity))
        .message(Message::builder().text(message).build())
        .locations(vec![
            Location::builder().physical_location(physical).build(),
        ])
        .partial_fingerprints(BTreeMap::from([(
            "primaryLocationLineHash".to_string(),
            f.fingerprint[..16].to_string(),
        )]))
        .fingerprints(BTreeMap::from([(
            "leakhound/v1".to_string(),
            f.fingerprint.clone(),
        )]))
        .properties(property_bag({
            let mut props = json!({
                "severity": rule.severity,
                "confidence": rule.confidence,
                "lines": lines,
                "occurrencesInFile": in_file.len(),
                "occurrencesTotal": f.occurrences,
            });
            if let Some(member) = &first.member {
                let obj = props.as_object_mut().expect("properties are an object");
                obj.insert("member".into(), json!(member));
            }
            if !first.decoded.is_empty() {
                let obj = props.as_object_mut().expect("properties are an object");
                obj.insert(
                    "decoded".into(),
                    json!(
                        first
                            .decoded
                            .steps()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                    ),
                );
            }
            if !first.companions.is_empty() {
                let obj = props.as_object_mut().expect("properties are an object");
                obj.insert("companions".into(), report.companions_json(first));
            }
            if let Some(p) = &first.provenance {
                let obj = props.as_object_mut().expect("properties are an object");
                if let Some(c) = &p.first {
                    obj.insert("commit".into(), json!(c.id));
                    obj.insert("commitDate".into(), json!(super::commit_date(c.time)));
                    obj.insert("author".into(), json!(c.author));
                }
                if let Some(c) = &p.last {
                    obj.insert("lastCommit".into(), json!(c.id));
                    obj.insert("lastCommitDate".into(), json!(super::commit_date(c.time)));
                }
                if let Some(r) = &p.reach {
                    obj.insert("reachableFromHead".into(), json!(r.head));
                    obj.insert("refs".into(), json!(r.refs));
                }
                obj.insert("blob".into(), json!(p.blob));
                obj.insert("inHead".into(), json!(p.in_head));
            }
            props
        }))
        .build();
    // The location's own suppression (a marker) if it has one, else the finding's.
    if let Some(sup) = first.suppression.as_deref().or(f.suppression.as_ref()) {
        let mut justification = sup.reason.clone();
        if let Some(src) = sup
            .source
            .as_ref()
            .filter(|s| !sup.reason.contains(s.as_str()))
        {
            justification.push_str(&format!(" ({src})"));
        }
        let mut props = json!({ "suppressionKind": sup.kind.as_str() });
        let obj = props.as_object_mut().expect("properties are an object");
        if let Some(owner) = &sup.owner {
            obj.insert("owner".into(), json!(owner));
        }
        if let Some(expires) = &sup.expires {
            obj.insert("expires".into(), json!(expires));
        }
        result.suppressions = Some(vec![
            Suppression::builder()
                .kind(json!(if sup.kind.in_source() {
                    "inSource"
                } else {
                    "external"
                }))
                .status(json!("accepted"))
                .justification(justification)
                .properties(property_bag(props))
                .build(),
        ]);
    }
    result
}

fn property_bag(v: Value) -> PropertyBag {
    let Value::Object(map) = v else {
        unreachable!("property bags are objects")
    };
    PropertyBag {
        tags: None,
        additional_properties: map.into_iter().collect(),
    }
}

fn artifact(path: &str) -> ArtifactLocation {
    if path.starts_with('/') {
        ArtifactLocation::builder()
            .uri(format!("file://{}", percent_encode(path)))
            .build()
    } else {
        ArtifactLocation::builder()
            .uri(percent_encode(path))
            .uri_base_id(SRCROOT)
            .build()
    }
}

/// The current directory as a `file://` URI ending in `/`, which relative URIs resolve against.
fn srcroot_uri() -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    let s = cwd.to_str()?;
    let s = s.trim_end_matches('/');
    Some(format!("file://{}/", percent_encode(s)))
}

/// Percent-encodes everything a `uri-reference` path segment may not hold (space, `#`, `?`,
/// `%`, non-ASCII...), keeping `/` as the separator.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn level(s: Severity) -> ResultLevel {
    match s {
        Severity::Critical | Severity::High => ResultLevel::Error,
        Severity::Medium => ResultLevel::Warning,
        Severity::Low | Severity::Info => ResultLevel::Note,
    }
}

fn level_name(s: Severity) -> &'static str {
    match level(s) {
        ResultLevel::Error => "error",
        ResultLevel::Warning => "warning",
        ResultLevel::Note => "note",
        ResultLevel::None => "none",
    }
}

/// GitHub maps > 9.0 to critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

fn precision(rule: &Rule) -> &'static str {
    match (rule.checksum.is_some(), rule.confidence) {
        (true, _) => "very-high",
        (false, Confidence::High) => "high",
        (false, Confidence::Medium) => "medium",
        (false, Confidence::Low) => "low",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_references() {
        assert_eq!(percent_encode("src/a b#c?.py"), "src/a%20b%23c%3F.py");
        assert_eq!(percent_encode("dir/é.txt"), "dir/%C3%A9.txt");
        assert_eq!(artifact("/abs/x").uri.as_deref(), Some("file:///abs/x"));
        assert_eq!(artifact("rel/x").uri_base_id.as_deref(), Some(SRCROOT));
    }
}
