//! JUnit XML for CI test reports (`shared/reference/ecosystem.md` §2.3): GitLab's
//! `artifacts:reports:junit`, Jenkins, Azure DevOps.
//!
//! One test suite. Each unique secret in each file is one failing test case, its class name the
//! rule id so dashboards group by rule, its name stable across line moves (rule, path and
//! fingerprint prefix) so a dashboard sees the same test fail again rather than a new one. A
//! clean scan is one passing case, so a dashboard shows a green test rather than an empty
//! report. An incomplete scan has one erroring case instead (or besides its failures), because
//! "nothing found" is not "clean" when something was not scanned; every skipped input is listed
//! in `<system-err>` and counted in `<properties>`. With `--show-suppressed`, suppressed findings
//! are skipped cases that say why.
//!
//! gitleaks puts the whole finding, secret included, into `<failure>`; here the failure carries
//! the redacted secret and snippets (the secret only with `--show-secrets`). Every string goes
//! through quick-xml's escaping, and characters XML 1.0 cannot hold at all become U+FFFD.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{Report, TOOL_NAME, TOOL_VERSION};
use crate::finding::{Finding, Location};
use crate::summary::Summary;

/// Skip records listed in `<system-err>` and in the coverage error before "+N more".
const MAX_LISTED_SKIPS: usize = 100;

type Xml<'w> = Writer<&'w mut dyn Write>;

pub fn write<'a>(report: &Report<'a>, out: &mut dyn Write) -> io::Result<()> {
    let s = report.summary;
    let by_file = |findings: &'a [Finding]| -> Vec<(&'a Finding, &'a str, Vec<&'a Location>)> {
        findings
            .iter()
            .flat_map(|f| {
                super::by_file(f)
                    .into_iter()
                    .map(move |(path, locs)| (f, path, locs))
            })
            .collect()
    };
    let cases = by_file(report.findings);
    // With --show-suppressed: accepted secrets, as skipped cases.
    let suppressed = by_file(report.suppressed);
    let incomplete = super::incomplete_reason(s);
    let failures = cases.len();
    let errors = usize::from(incomplete.is_some());
    // An incomplete scan with nothing found is not a pass: its coverage case errs instead.
    let passing = usize::from(cases.is_empty() && incomplete.is_none());
    let tests = (failures + errors + passing + suppressed.len()).to_string();
    let failures = failures.to_string();
    let errors = errors.to_string();
    let skipped = suppressed.len().to_string();
    let time = format!("{:.3}", s.duration.as_secs_f64());
    let timestamp = super::utc_seconds(s.started_at);

    let mut w = Writer::new_with_indent(&mut *out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("testsuites")
        .with_attributes([
            ("name", TOOL_NAME),
            ("tests", &tests),
            ("failures", &failures),
            ("errors", &errors),
            ("skipped", &skipped),
            ("time", &time),
        ])
        .write_inner_content(|w| {
            w.create_element("testsuite")
                .with_attributes([
                    ("name", TOOL_NAME),
                    ("tests", tests.as_str()),
                    ("failures", &failures),
                    ("errors", &errors),
                    ("skipped", &skipped),
                    ("time", &time),
                    ("timestamp", &timestamp),
                ])
                .write_inner_content(|w| {
                    properties(w, report)?;
                    for (f, path, locs) in &cases {
                        finding_case(w, report, f, path, locs)?;
                    }
                    if passing == 1 {
                        let name = format!(
                            "no secrets found in {} file{}",
                            s.files_scanned,
                            if s.files_scanned == 1 { "" } else { "s" }
                        );
                        w.create_element("testcase")
                            .with_attributes([("classname", TOOL_NAME), ("name", &name)])
                            .write_empty()?;
                    }
                    if let Some(why) = &incomplete {
                        coverage_case(w, s, why)?;
                    }
                    for (f, path, locs) in &suppressed {
                        finding_case(w, report, f, path, locs)?;
                    }
                    if let Some(text) = system_err(s, incomplete.as_deref()) {
                        w.create_element("system-err")
                            .write_text_content(BytesText::new(&xml_text(&text)))?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    w.get_mut().write_all(b"\n")
}

fn properties(w: &mut Xml<'_>, report: &Report<'_>) -> io::Result<()> {
    let s = report.summary;
    let mut props: Vec<(String, String)> = vec![
        ("leakhound.version".into(), TOOL_VERSION.into()),
        ("scan.kind".into(), report.kind.into()),
        ("scan.complete".into(), s.complete().to_string()),
        ("files.scanned".into(), s.files_scanned.to_string()),
        ("bytes.scanned".into(), s.bytes_scanned.to_string()),
        ("rules.loaded".into(), s.rules_loaded.to_string()),
        ("findings".into(), report.findings.len().to_string()),
        ("skipped.total".into(), s.skipped_total().to_string()),
    ];
    props.extend(
        s.skipped_by_kind
            .iter()
            .map(|(kind, n)| (format!("skipped.{kind}"), n.to_string())),
    );
    props.push(("suppressed.total".into(), s.suppressed_total().to_string()));
    w.create_element("properties").write_inner_content(|w| {
        for (name, value) in &props {
            w.create_element("property")
                .with_attributes([("name", name.as_str()), ("value", value.as_str())])
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

/// A failing case for a finding; a skipped one, saying why, for a suppressed finding.
fn finding_case(
    w: &mut Xml<'_>,
    report: &Report<'_>,
    f: &Finding,
    path: &str,
    locs: &[&Location],
) -> io::Result<()> {
    let rule = report.rules.get(f.rule);
    let first = locs[0];
    let fingerprint = &f.fingerprint[..16];
    let path = super::one_line(path);
    let name = format!("{} in {path} [{fingerprint}]", rule.name);
    let message = super::one_line(&format!(
        "{} {} at {path}:{}",
        rule.name,
        report.secret(f),
        first.line
    ));
    let mut details = vec![
        format!(
            "{} (rule {}, severity {}, confidence {})",
            rule.name,
            rule.id,
            rule.severity.as_str(),
            rule.confidence.as_str()
        ),
        format!("secret: {}", report.secret(f)),
        format!("fingerprint: {fingerprint}"),
    ];
    for loc in locs {
        details.push(format!(
            "at {path}:{}:{}  {}{}",
            loc.line,
            loc.column,
            report.snippet(f, loc),
            super::where_found(loc)
        ));
        if let Some(line) = report.companions_line(loc) {
            details.push(format!("  {line}"));
        }
    }
    if let Some(p) = &first.provenance {
        details.push(super::provenance_line(p));
    }
    details.push(
        "Rotate or revoke the credential at the provider first, then remove it from the code."
            .into(),
    );
    let details: Vec<String> = details.iter().map(|d| super::one_line(d)).collect();
    w.create_element("testcase")
        .with_attributes([
            ("classname", rule.id.as_str()),
            ("name", &name),
            ("file", &path),
        ])
        .write_inner_content(|w| {
            // The location's own suppression (a marker) if it has one, else the finding's.
            match first.suppression.as_deref().or(f.suppression.as_ref()) {
                Some(sup) => {
                    let why = super::one_line(&format!(
                        "suppressed ({}): {}",
                        sup.kind.as_str(),
                        sup.reason
                    ));
                    w.create_element("skipped")
                        .with_attribute(("message", why.as_str()))
                        .write_text_content(BytesText::new(&details.join("\n")))?;
                }
                None => {
                    w.create_element("failure")
                        .with_attributes([("message", message.as_str()), ("type", &rule.id)])
                        .write_text_content(BytesText::new(&details.join("\n")))?;
                }
            }
            Ok(())
        })?;
    Ok(())
}

/// The erroring case of an incomplete scan, listing the inputs that could not be scanned.
fn coverage_case(w: &mut Xml<'_>, s: &Summary, why: &str) -> io::Result<()> {
    let failed: Vec<String> = s
        .skipped
        .iter()
        .filter(|k| k.reason.is_failure())
        .map(|k| super::one_line(&format!("{}: {}", k.what, k.reason)))
        .collect();
    let text = listed(failed, s.failures);
    w.create_element("testcase")
        .with_attributes([("classname", TOOL_NAME), ("name", "scan coverage")])
        .write_inner_content(|w| {
            w.create_element("error")
                .with_attributes([("message", why), ("type", "incomplete")])
                .write_text_content(BytesText::new(&text))?;
            Ok(())
        })?;
    Ok(())
}

/// What was not scanned, and why: `None` when everything was.
fn system_err(s: &Summary, incomplete: Option<&str>) -> Option<String> {
    if s.skipped_total() == 0 && incomplete.is_none() {
        return None;
    }
    let mut text = String::new();
    if let Some(why) = incomplete {
        text.push_str(why);
        text.push('\n');
    }
    if s.skipped_total() > 0 {
        let kinds: Vec<String> = s
            .skipped_by_kind
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        text.push_str(&format!(
            "Skipped {} input(s): {}.\n",
            s.skipped_total(),
            kinds.join(", ")
        ));
        let records = s
            .skipped
            .iter()
            .map(|k| super::one_line(&format!("{}: {}", k.what, k.reason)))
            .collect();
        text.push_str(&listed(records, s.skipped_total()));
    }
    Some(text)
}

/// One line per record, at most [`MAX_LISTED_SKIPS`], then "+N more" counted from `total`.
fn listed(mut lines: Vec<String>, total: u64) -> String {
    let shown = lines.len().min(MAX_LISTED_SKIPS);
    lines.truncate(shown);
    let more = total.saturating_sub(shown as u64);
    if more > 0 {
        lines.push(format!("+{more} more (see --format json)"));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// Text XML 1.0 can hold: control characters other than tab and line breaks become U+FFFD
/// (XML cannot carry them even escaped), as do the non-characters U+FFFE and U+FFFF.
fn xml_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_keeps_line_breaks_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml_text("a\tb\nc\u{1}d\u{FFFF}"),
            "a\tb\nc\u{FFFD}d\u{FFFD}"
        );
    }

    #[test]
    fn long_lists_end_with_a_count() {
        let lines: Vec<String> = (0..150).map(|i| i.to_string()).collect();
        let text = listed(lines, 200);
        assert_eq!(text.lines().count(), MAX_LISTED_SKIPS + 1);
        assert!(text.ends_with("+100 more (see --format json)\n"));
    }
}
