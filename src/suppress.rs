//! Every reason a finding's occurrence is hidden, and the record of it. Nothing is dropped
//! silently: each suppression is counted by kind and reason in the summary.

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex_automata::meta::Regex;

use crate::config::AllowEntry;
use crate::matcher::contains_ignore_ascii_case;
use crate::rules::gitleaks::ForeignAllowlist;
use crate::rules::{RuleId, RuleSet};

/// Why an occurrence was hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression<'a> {
    /// `config-allow` (an `[[allow]]` entry of the project config), `rule-allowlist` (a
    /// path glob in the rule's own allowlist) or `gitleaks-allowlist` (an imported gitleaks or
    /// Betterleaks allowlist).
    pub kind: &'static str,
    pub reason: &'a str,
}

impl Suppression<'_> {
    /// The key under which the summary counts it.
    pub fn key(&self) -> String {
        format!("{}: {}", self.kind, self.reason)
    }
}

struct Allow {
    paths: GlobSet,
    rules: Vec<String>,
    reason: String,
}

/// An imported allowlist, compiled.
struct Foreign {
    description: String,
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
            description: a.description.clone(),
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

pub struct Suppressor {
    allows: Vec<Allow>,
    /// Indexed by rule; `None` when the rule has no path allowlist.
    rule_paths: Vec<Option<GlobSet>>,
    /// Indexed by rule; `None` when the rule reports in every file.
    scopes: Vec<Option<Regex>>,
    foreign: Vec<Foreign>,
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
    ) -> Result<Self, String> {
        let allows = allows
            .iter()
            .map(|a| {
                Ok(Allow {
                    paths: globset(&a.paths)?,
                    rules: a.rules.clone(),
                    reason: a.reason.clone(),
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
        Ok(Suppressor {
            allows,
            rule_paths,
            scopes,
            foreign,
        })
    }

    /// Whether `rule` reports at `path` at all: a rule with a `path` regex reports only in
    /// matching files. Not a suppression: such a match was never a finding of that rule.
    pub fn in_scope(&self, rule: RuleId, path: &str) -> bool {
        match self.scopes.get(rule.index()) {
            Some(Some(re)) => re.is_match(path),
            _ => true,
        }
    }

    /// Whether an occurrence of `rule` at `path` with this secret is suppressed, and why.
    pub fn check<'s>(
        &'s self,
        rules: &RuleSet,
        rule: RuleId,
        path: &str,
        secret: &[u8],
    ) -> Option<Suppression<'s>> {
        let id = &rules.get(rule).id;
        if let Some(f) = self.foreign.iter().find(|f| f.matches(id, path, secret)) {
            return Some(Suppression {
                kind: "gitleaks-allowlist",
                reason: &f.description,
            });
        }
        for allow in &self.allows {
            if (allow.rules.is_empty() || allow.rules.iter().any(|r| r == id))
                && allow.paths.is_match(path)
            {
                return Some(Suppression {
                    kind: "config-allow",
                    reason: &allow.reason,
                });
            }
        }
        if let Some(Some(globs)) = self.rule_paths.get(rule.index())
            && globs.is_match(path)
        {
            return Some(Suppression {
                kind: "rule-allowlist",
                reason: "path allowlisted by the rule",
            });
        }
        None
    }
}
