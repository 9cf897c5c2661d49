//! Every reason a finding's occurrence is hidden, and the record of it. Nothing is dropped
//! silently: each suppression is counted by kind and reason in the summary.

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::config::AllowEntry;
use crate::rules::{RuleId, RuleSet};

/// Why an occurrence was hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression<'a> {
    /// `config-allow` (an `[[allow]]` entry of the project config) or `rule-allowlist` (a
    /// path glob in the rule's own allowlist).
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

pub struct Suppressor {
    allows: Vec<Allow>,
    /// Indexed by rule; `None` when the rule has no path allowlist.
    rule_paths: Vec<Option<GlobSet>>,
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
    pub fn new(rules: &RuleSet, allows: &[AllowEntry]) -> Result<Self, String> {
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
        Ok(Suppressor { allows, rule_paths })
    }

    /// Whether an occurrence of `rule` at `path` is suppressed, and why.
    pub fn check<'s>(
        &'s self,
        rules: &RuleSet,
        rule: RuleId,
        path: &str,
    ) -> Option<Suppression<'s>> {
        let id = &rules.get(rule).id;
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
