//! Every reason a finding's occurrence is hidden, and the record of it. Nothing is dropped
//! silently: each suppression is counted by kind and reason in the summary, and
//! `--show-suppressed` reports the suppressed findings themselves.
//!
//! Two stages. An *occurrence* is suppressed by where it is: an inline marker on its line, an
//! `[[allow]]` path of the project config, a rule's own path allowlist or an imported gitleaks
//! allowlist. A *finding* (one secret of one rule) is suppressed by what it is: an ignore-file
//! entry or a baseline holding its fingerprint.

pub mod baseline;
pub mod ignore_file;
pub mod markers;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex_automata::meta::Regex;

use crate::config::AllowEntry;
use crate::finding::{Finding, Suppression, SuppressionKind};
use crate::matcher::contains_ignore_ascii_case;
use crate::rules::gitleaks::ForeignAllowlist;
use crate::rules::{RuleId, RuleSet};
use baseline::Baseline;
use ignore_file::IgnoreEntry;

struct Allow {
    paths: GlobSet,
    rules: Vec<String>,
    suppression: Arc<Suppression>,
}

/// An imported allowlist, compiled.
struct Foreign {
    suppression: Arc<Suppression>,
    rules: Vec<String>,
    all: bool,
    paths: Vec<Regex>,
    regexes: Vec<Regex>,
    stopwords: Vec<String>,
}

impl Foreign {
    fn compile(a: &ForeignAllowlist) -> Result<Self, String> {
        let compile = |r: &String| Regex::new(r).map_err(|e| format!("allowlist regex {r:?}: {e}"));
        Ok(Foreign {
            suppression: Arc::new(Suppression::new(
                SuppressionKind::GitleaksAllowlist,
                a.description.clone(),
            )),
            rules: a.rules.clone(),
            all: a.all,
            paths: a.paths.iter().map(compile).collect::<Result<_, _>>()?,
            regexes: a.regexes.iter().map(compile).collect::<Result<_, _>>()?,
            stopwords: a.stopwords.clone(),
        })
    }

    /// gitleaks semantics: with AND every kind of criterion given must match, with OR any one.
    fn matches(&self, rule_id: &str, path: &str, secret: &[u8]) -> bool {
        if !self.rules.is_empty() && !self.rules.iter().any(|r| r == rule_id) {
            return false;
        }
        let checks = [
            (!self.paths.is_empty()).then(|| self.paths.iter().any(|r| r.is_match(path))),
            (!self.regexes.is_empty()).then(|| self.regexes.iter().any(|r| r.is_match(secret))),
            (!self.stopwords.is_empty()).then(|| {
                self.stopwords
                    .iter()
                    .any(|w| contains_ignore_ascii_case(secret, w.as_bytes()))
            }),
        ];
        let mut given = checks.iter().flatten().peekable();
        if given.peek().is_none() {
            return false;
        }
        if self.all {
            given.all(|&m| m)
        } else {
            given.any(|&m| m)
        }
    }
}

/// Decides what is suppressed. Every occurrence-level suppression record is built once here and
/// shared, so a suppressed occurrence costs a reference count, not an allocation.
pub struct Suppressor {
    markers: markers::Markers,
    /// One record per marker in force, in the markers' order.
    marker_records: Vec<Arc<Suppression>>,
    rule_allowlist: Arc<Suppression>,
    allows: Vec<Allow>,
    /// Indexed by rule; `None` when the rule has no path allowlist.
    rule_paths: Vec<Option<GlobSet>>,
    /// Indexed by rule; `None` when the rule reports in every file.
    scopes: Vec<Option<Regex>>,
    foreign: Vec<Foreign>,
    ignores: Vec<IgnoreEntry>,
    /// Ignore entries by the first 16 digits of their fingerprint (every entry has 16).
    ignore_index: HashMap<String, Vec<usize>>,
    baseline: Option<(Baseline, String)>,
}

impl std::fmt::Debug for Suppressor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Suppressor")
            .field("allows", &self.allows.len())
            .finish()
    }
}

fn globset(globs: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(Glob::new(g).map_err(|e| format!("glob {g:?}: {e}"))?);
    }
    b.build().map_err(|e| e.to_string())
}

impl Suppressor {
    pub fn new(
        rules: &RuleSet,
        allows: &[AllowEntry],
        foreign: &[ForeignAllowlist],
        markers: crate::config::Markers,
    ) -> Result<Self, String> {
        let allows = allows
            .iter()
            .map(|a| {
                Ok(Allow {
                    paths: globset(&a.paths)?,
                    rules: a.rules.clone(),
                    suppression: Arc::new(Suppression::new(
                        SuppressionKind::ConfigAllow,
                        a.reason.clone(),
                    )),
                })
            })
            .collect::<Result<_, String>>()?;
        let rule_paths = rules
            .rules()
            .iter()
            .map(|r| {
                if r.allowlist.paths.is_empty() {
                    Ok(None)
                } else {
                    globset(&r.allowlist.paths)
                        .map(Some)
                        .map_err(|e| format!("rule {}: {e}", r.id))
                }
            })
            .collect::<Result<_, String>>()?;
        let scopes = rules
            .rules()
            .iter()
            .map(|r| {
                r.path
                    .as_ref()
                    .map(|p| Regex::new(p).map_err(|e| format!("rule {}: path {p:?}: {e}", r.id)))
                    .transpose()
            })
            .collect::<Result<_, String>>()?;
        let foreign = foreign
            .iter()
            .map(Foreign::compile)
            .collect::<Result<_, String>>()?;
        let markers = markers::Markers::new(markers.foreign);
        let marker_records = markers
            .names()
            .map(|m| {
                Arc::new(Suppression {
                    source: Some(m.to_string()),
                    ..Suppression::new(SuppressionKind::InlineMarker, format!("`{m}` on the line"))
                })
            })
            .collect();
        Ok(Suppressor {
            markers,
            marker_records,
            rule_allowlist: Arc::new(Suppression::new(
                SuppressionKind::RuleAllowlist,
                "path allowlisted by the rule",
            )),
            allows,
            rule_paths,
            scopes,
            foreign,
            ignores: Vec::new(),
            ignore_index: HashMap::new(),
            baseline: None,
        })
    }

    /// Adds the ignore file's entries.
    pub fn with_ignores(mut self, entries: Vec<IgnoreEntry>) -> Self {
        self.ignore_index.clear();
        for (i, e) in entries.iter().enumerate() {
            let key = e.fingerprint[..ignore_file::MIN_FINGERPRINT_DIGITS].to_string();
            self.ignore_index.entry(key).or_default().push(i);
        }
        self.ignores = entries;
        self
    }

    /// The ignore entries matching a fingerprint, by index.
    fn ignores_matching<'s>(&'s self, fingerprint: &'s str) -> impl Iterator<Item = usize> + 's {
        self.ignore_index
            .get(&fingerprint[..ignore_file::MIN_FINGERPRINT_DIGITS])
            .into_iter()
            .flatten()
            .copied()
            .filter(move |&i| self.ignores[i].matches(fingerprint))
    }

    /// Adds a baseline, named by `source` in reports.
    pub fn with_baseline(mut self, baseline: Baseline, source: String) -> Self {
        self.baseline = Some((baseline, source));
        self
    }

    /// The inline marker on the lines of the secret at `bytes[start..end]`, as a suppression.
    pub fn marker(&self, bytes: &[u8], start: usize, end: usize) -> Option<Arc<Suppression>> {
        let i = self.markers.find(bytes, start, end)?;
        Some(Arc::clone(&self.marker_records[i]))
    }

    /// Whether `rule` reports at `path` at all: a rule with a `path` regex reports only in
    /// matching files. Not a suppression: such a match was never a finding of that rule.
    pub fn in_scope(&self, rule: RuleId, path: &str) -> bool {
        match self.scopes.get(rule.index()) {
            Some(Some(re)) => re.is_match(path),
            _ => true,
        }
    }

    /// Whether an occurrence of `rule` at `path` with this secret is suppressed by where it
    /// is, and why.
    pub fn check(
        &self,
        rules: &RuleSet,
        rule: RuleId,
        path: &str,
        secret: &[u8],
    ) -> Option<Arc<Suppression>> {
        let id = &rules.get(rule).id;
        if let Some(f) = self.foreign.iter().find(|f| f.matches(id, path, secret)) {
            return Some(Arc::clone(&f.suppression));
        }
        if let Some(allow) = self.allows.iter().find(|a| {
            (a.rules.is_empty() || a.rules.iter().any(|r| r == id)) && a.paths.is_match(path)
        }) {
            return Some(Arc::clone(&allow.suppression));
        }
        if let Some(Some(globs)) = self.rule_paths.get(rule.index())
            && globs.is_match(path)
        {
            return Some(Arc::clone(&self.rule_allowlist));
        }
        None
    }

    /// The finding-level stage: moves findings whose fingerprint an unexpired ignore entry or
    /// the baseline holds from `findings` to `suppressed`, counting their occurrences in
    /// `counts`. `also_seen` are findings every occurrence of which was already suppressed:
    /// an entry matching one of those is not unused.
    pub fn apply_to_findings(
        &self,
        findings: Vec<Finding>,
        also_seen: &[Finding],
        today: jiff::civil::Date,
        counts: &mut BTreeMap<String, u64>,
    ) -> FindingVerdicts {
        let mut used = vec![false; self.ignores.len()];
        let mut out = FindingVerdicts::default();
        for f in also_seen {
            for i in self.ignores_matching(&f.fingerprint) {
                used[i] = true;
            }
        }
        for mut f in findings {
            // An expired entry that matches counts as used, but no longer suppresses.
            let mut live = None;
            for i in self.ignores_matching(&f.fingerprint) {
                used[i] = true;
                if live.is_none() && !self.ignores[i].expired(today) {
                    live = Some(&self.ignores[i]);
                }
            }
            let suppression = match (live, &self.baseline) {
                (Some(e), _) => Some(Suppression {
                    kind: SuppressionKind::IgnoreFile,
                    reason: e.reason.clone(),
                    source: Some(e.place.clone()),
                    owner: e.owner.clone(),
                    expires: e.expires.map(|d| d.to_string()),
                }),
                (None, Some((b, source))) if b.contains(&f.fingerprint) => {
                    out.baseline_matched += 1;
                    Some(Suppression {
                        source: Some(source.clone()),
                        ..Suppression::new(SuppressionKind::Baseline, "in the baseline")
                    })
                }
                _ => None,
            };
            match suppression {
                Some(s) => {
                    *counts.entry(s.key()).or_default() += f.occurrences;
                    f.suppression = Some(s);
                    out.suppressed.push(f);
                }
                None => out.reported.push(f),
            }
        }
        for (i, e) in self.ignores.iter().enumerate() {
            if e.expired(today) {
                out.expired.push(e.describe());
            } else if !used[i] {
                out.unused.push(e.describe());
            }
        }
        out
    }
}

/// What the finding-level stage decided.
#[derive(Debug, Default)]
pub struct FindingVerdicts {
    pub reported: Vec<Finding>,
    pub suppressed: Vec<Finding>,
    /// Ignore entries past their date: they no longer suppress.
    pub expired: Vec<String>,
    /// Live ignore entries that matched no finding of this scan.
    pub unused: Vec<String>,
    /// Findings the baseline accepted.
    pub baseline_matched: u64,
}
