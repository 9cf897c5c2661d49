//! The terminal view: one block per finding, most severe first, then a summary line that
//! always says what was not scanned.

use std::io::{self, Write};

use anstyle::{AnsiColor, Effects, Style};

use super::Report;
use crate::finding::Finding;
use crate::rules::Severity;

/// Locations listed per finding before "+N more".
const MAX_SHOWN_LOCATIONS: usize = 5;
/// Skip records listed in the summary before "+N more".
const MAX_SHOWN_SKIPS: usize = 10;

struct Paint {
    on: bool,
}

impl Paint {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.on {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }
}

fn severity_style(s: Severity) -> Style {
    let color = match s {
        Severity::Critical | Severity::High => AnsiColor::Red,
        Severity::Medium => AnsiColor::Yellow,
        Severity::Low | Severity::Info => AnsiColor::Cyan,
    };
    Style::new()
        .fg_color(Some(color.into()))
        .effects(Effects::BOLD)
}

/// Paths and snippets come from the scanned tree: never let them drive the terminal.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let p = Paint { on: report.color };
    let bold = Style::new().effects(Effects::BOLD);
    let mut order: Vec<&Finding> = report.findings.iter().collect();
    order.sort_by_key(|f| std::cmp::Reverse(report.rules.get(f.rule).severity));
    for f in order {
        finding(report, &p, f, out)?;
    }
    if !report.suppressed.is_empty() {
        writeln!(
            out,
            "{}\n",
            p.paint(
                bold,
                &format!(
                    "Suppressed ({}), shown by --show-suppressed:",
                    report.suppressed.len()
                )
            )
        )?;
        for f in report.suppressed {
            finding(report, &p, f, out)?;
        }
    }
    summary(report, &p, out)
}

fn finding(report: &Report<'_>, p: &Paint, f: &Finding, out: &mut dyn Write) -> io::Result<()> {
    let dim = Style::new().effects(Effects::DIMMED);
    let bold = Style::new().effects(Effects::BOLD);
    {
        let rule = report.rules.get(f.rule);
        writeln!(
            out,
            "{} {}  {}",
            p.paint(
                severity_style(rule.severity),
                &format!("{:<8}", rule.severity.as_str())
            ),
            p.paint(bold, &rule.name),
            p.paint(
                dim,
                &format!("[{}, {} confidence]", rule.id, rule.confidence.as_str())
            ),
        )?;
        writeln!(out, "  secret       {}", clean(&report.secret(f)))?;
        writeln!(out, "  fingerprint  {}", &f.fingerprint[..16])?;
        if let Some(sup) = f.why_suppressed() {
            let mut line = format!("{}: {}", sup.kind.as_str(), sup.reason);
            if let Some(src) = sup
                .source
                .as_ref()
                .filter(|s| !sup.reason.contains(s.as_str()))
            {
                line.push_str(&format!(" ({src})"));
            }
            if let Some(owner) = &sup.owner {
                line.push_str(&format!("; owner {owner}"));
            }
            if let Some(exp) = &sup.expires {
                line.push_str(&format!("; expires {exp}"));
            }
            writeln!(out, "  suppressed   {}", p.paint(dim, &clean(&line)))?;
        }
        let shown = f.locations.len().min(MAX_SHOWN_LOCATIONS);
        let places: Vec<String> = f.locations[..shown]
            .iter()
            .map(|loc| format!("{}:{}:{}", clean(&loc.display_path()), loc.line, loc.column))
            .collect();
        let width = places.iter().map(|p| p.chars().count()).max().unwrap_or(0);
        for (loc, place) in f.locations[..shown].iter().zip(&places) {
            let padded = format!("{place:<width$}");
            writeln!(
                out,
                "  {}  {}",
                p.paint(Style::new().fg_color(Some(AnsiColor::Blue.into())), &padded),
                clean(&report.snippet(f, loc))
            )?;
            if let Some(line) = report.companions_line(loc) {
                writeln!(out, "  {:width$}  {}", "", clean(&line))?;
            }
            if !loc.decoded.is_empty() {
                let line = format!("decoded: {}", loc.decoded);
                writeln!(out, "  {:width$}  {}", "", p.paint(dim, &line))?;
            }
            if let Some(prov) = &loc.provenance {
                writeln!(
                    out,
                    "  {:width$}  {}",
                    "",
                    p.paint(dim, &clean(&super::provenance_line(prov)))
                )?;
            }
        }
        let more = f.occurrences.saturating_sub(shown as u64);
        if more > 0 {
            writeln!(
                out,
                "  {}",
                p.paint(dim, &format!("+{more} more occurrence(s)"))
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn summary(report: &Report<'_>, p: &Paint, out: &mut dyn Write) -> io::Result<()> {
    let s = report.summary;
    let n = report.findings.len();
    let mut by_sev = [0usize; 5];
    for f in report.findings {
        by_sev[report.rules.get(f.rule).severity as usize] += 1;
    }
    let counts: Vec<String> = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ]
    .iter()
    .filter(|&&sev| by_sev[sev as usize] > 0)
    .map(|&sev| format!("{} {}", by_sev[sev as usize], sev.as_str()))
    .collect();
    let headline = if n == 0 {
        p.paint(
            Style::new()
                .fg_color(Some(AnsiColor::Green.into()))
                .effects(Effects::BOLD),
            "No secrets found",
        )
    } else {
        p.paint(
            Style::new()
                .fg_color(Some(AnsiColor::Red.into()))
                .effects(Effects::BOLD),
            &format!(
                "{n} secret{} found ({})",
                if n == 1 { "" } else { "s" },
                counts.join(", ")
            ),
        )
    };
    let mut parts = vec![
        headline,
        format!(
            "{} file{} ({}) scanned in {:.2} s",
            s.files_scanned,
            if s.files_scanned == 1 { "" } else { "s" },
            human_bytes(s.bytes_scanned),
            s.duration.as_secs_f64()
        ),
    ];
    if s.skipped_total() > 0 {
        let kinds: Vec<String> = s
            .skipped_by_kind
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        parts.push(format!(
            "{} skipped ({})",
            s.skipped_total(),
            kinds.join(", ")
        ));
    }
    if s.suppressed_total() > 0 {
        parts.push(format!("{} suppressed", s.suppressed_total()));
    }
    writeln!(out, "{}", parts.join(" · "))?;
    if n > 0 {
        let next = if report.kind == "staged" {
            "Take the secret out of the commit and use a secret store. A fake one: add \
             `leakhound:allow` on its line. Bypass once: git commit --no-verify"
        } else {
            "Rotate a leaked secret first (history keeps it). To accept a finding after that: \
             leakhound ignore add FINGERPRINT --reason \"...\""
        };
        writeln!(
            out,
            "{}",
            p.paint(Style::new().effects(Effects::DIMMED), next)
        )?;
    }
    let warn = Style::new()
        .fg_color(Some(AnsiColor::Yellow.into()))
        .effects(Effects::BOLD);
    for e in &s.ignores_expired {
        writeln!(
            out,
            "{} {}",
            p.paint(warn, "Expired ignore entry (no longer suppresses):"),
            clean(e)
        )?;
    }
    if !s.complete() {
        let warn = Style::new()
            .fg_color(Some(AnsiColor::Yellow.into()))
            .effects(Effects::BOLD);
        let why = match s.interrupted_by {
            Some(sig) => format!("INCOMPLETE: interrupted by signal {sig}"),
            None if s.findings_dropped > 0 => format!(
                "INCOMPLETE: findings limit reached, {} more occurrence(s) not kept",
                s.findings_dropped
            ),
            None => format!("INCOMPLETE: {} input(s) could not be scanned", s.failures),
        };
        writeln!(out, "{}", p.paint(warn, &why))?;
        let failures: Vec<_> = s.skipped.iter().filter(|k| k.reason.is_failure()).collect();
        for k in failures.iter().take(MAX_SHOWN_SKIPS) {
            writeln!(
                out,
                "  {}: {}",
                clean(&k.what),
                clean(&k.reason.to_string())
            )?;
        }
        if failures.len() > MAX_SHOWN_SKIPS {
            writeln!(
                out,
                "  +{} more (see --format json)",
                failures.len() - MAX_SHOWN_SKIPS
            )?;
        }
    }
    Ok(())
}

pub(super) fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}
