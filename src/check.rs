//! `leakhound rules check`: every rule carries its own tests. Each positive example must yield
//! exactly its secret for that rule, through the real matcher (keyword prefilter, window, regex,
//! entropy, checksum and allowlist); each negative must yield nothing for it. Every failure is
//! reported, named by rule id and file.

use std::sync::Arc;

use crate::matcher::{HYBRID_CACHE, Matcher};
use crate::rules::{RuleId, RuleSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckFailure {
    pub file: String,
    pub rule_id: Option<String>,
    pub message: String,
    /// A warning does not fail the check: another rule reports a rule's example secret too.
    pub warning: bool,
}

impl std::fmt::Display for CheckFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.rule_id {
            Some(id) => write!(f, "{}: rule {id}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Counts of what was checked.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CheckStats {
    pub rules: usize,
    pub positives: usize,
    pub negatives: usize,
    /// Example secrets another rule of equal or higher confidence reports too.
    pub overlaps: usize,
}

/// Checks every rule of `rules`, and reports load problems as failures too.
pub fn check_rules(rules: RuleSet) -> (CheckStats, Vec<CheckFailure>) {
    let mut failures: Vec<CheckFailure> = rules
        .problems()
        .iter()
        .map(|p| CheckFailure {
            file: p.file.clone(),
            rule_id: p.rule_id.clone(),
            message: p.message.clone(),
            warning: false,
        })
        .collect();
    let matcher = Matcher::new(Arc::new(rules));
    let mut scratch = matcher.scratch();
    scratch.keep_unreported(true);
    let mut stats = CheckStats::default();
    let mut warnings = Vec::new();
    for (id, rule) in matcher.rules().ids() {
        stats.rules += 1;
        let mut fail = |message: String| {
            failures.push(CheckFailure {
                file: rule.origin.file.clone(),
                rule_id: Some(rule.id.clone()),
                message,
                warning: false,
            })
        };
        match matcher.compile(id) {
            Err(e) => {
                fail(format!("regex does not compile: {e}"));
                continue;
            }
            Ok(needed) if needed > HYBRID_CACHE => fail(format!(
                "regex is too large for a fast scan: its lazy DFA needs a {} KiB cache, over the \
                 {} KiB limit (bound or narrow its repetitions, or let the keyword window \
                 express proximity)",
                needed.div_ceil(1024),
                HYBRID_CACHE / 1024
            )),
            Ok(_) => {}
        }
        if rule.positives.is_empty() {
            fail("has no positive example".into());
        }
        if rule.negatives.is_empty() {
            fail("has no negative example".into());
        }
        if rule.references.is_empty() {
            fail("has no reference".into());
        }
        for r in &rule.references {
            if !(r.starts_with("https://") || r.starts_with("http://")) {
                fail(format!("reference {r:?} is not a URL"));
            }
        }
        if rule.tags.is_empty() {
            fail("has no tags".into());
        }
        for (n, pos) in rule.positives.iter().enumerate() {
            stats.positives += 1;
            // A rule of at least this confidence that reports the same secret: a duplicate
            // format, or an overlap the scan resolves by rank. Worth a look, not a failure.
            let text = pos.text.as_bytes();
            let matches = matcher.find_all(text, &mut scratch);
            let found = secrets_for(matches, id, text);
            let others: Vec<String> = matches
                .iter()
                .filter(|m| m.rule != id && m.secret(text) == pos.secret.as_bytes())
                .map(|m| matcher.rules().get(m.rule))
                .filter(|o| {
                    o.confidence >= rule.confidence
                        && !rule.companions.iter().any(|c| c.rule == o.id)
                })
                .map(|o| o.id.clone())
                .collect();
            for other in others {
                stats.overlaps += 1;
                warnings.push(CheckFailure {
                    file: rule.origin.file.clone(),
                    rule_id: Some(rule.id.clone()),
                    message: format!("positive #{} is also reported by {other}", n + 1),
                    warning: true,
                });
            }
            if found != [pos.secret.as_str()] {
                let hint = if !rule.keywords.is_empty()
                    && !rule.keywords.iter().any(|k| {
                        pos.text
                            .to_ascii_lowercase()
                            .contains(&k.to_ascii_lowercase())
                    }) {
                    " (no keyword of the rule occurs in the text)"
                } else {
                    ""
                };
                fail(format!(
                    "positive #{} should yield exactly {:?}, got {found:?}{hint}",
                    n + 1,
                    pos.secret
                ));
            }
        }
        for (n, neg) in rule.negatives.iter().enumerate() {
            stats.negatives += 1;
            let found = secrets_for(
                matcher.find_all(neg.as_bytes(), &mut scratch),
                id,
                neg.as_bytes(),
            );
            if !found.is_empty() {
                fail(format!(
                    "negative #{} should yield nothing, got {found:?}",
                    n + 1
                ));
            }
        }
    }
    failures.extend(warnings);
    (stats, failures)
}

/// The secrets rule `id` reported among `matches` of `text`.
fn secrets_for(matches: &[crate::matcher::Match], id: RuleId, text: &[u8]) -> Vec<String> {
    matches
        .iter()
        .filter(|m| m.rule == id)
        .map(|m| String::from_utf8_lossy(m.secret(text)).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleOrigin;

    /// A rule set of one rule, `id`, in `file`; `examples` holds its positives and negatives.
    fn one_rule(file: &str, id: &str, keywords: &str, regex: &str, examples: &str) -> RuleSet {
        let mut set = RuleSet::empty();
        set.add_file_text(
            &format!(
                "[[rules]]\nid = {id:?}\nname = \"N\"\ndescription = \"d\"\nseverity = \"low\"\n\
                 confidence = \"high\"\nkeywords = {keywords}\nregex = '''{regex}'''\n\
                 tags = [\"demo\"]\nreferences = [\"https://example.com/demo\"]\n{examples}\n"
            ),
            RuleOrigin {
                file: file.into(),
                builtin: false,
            },
        );
        set
    }

    #[test]
    fn reports_every_failure_with_rule_and_file() {
        let set = one_rule(
            "demo.toml",
            "demo",
            r#"["dmo_"]"#,
            r"\b(dmo_[a-z]{4})\b",
            r#"positives = [
  { text = "x = dmo_abcd", secret = "dmo_abcd" },
  { text = "x = dmo_abcde", secret = "dmo_abcde" },
  { text = "nothing", secret = "dmo_zzzz" },
]
negatives = ["dmo_ab", "dmo_wxyz"]"#,
        );
        let (stats, failures) = check_rules(set);
        assert_eq!(
            stats,
            CheckStats {
                rules: 1,
                positives: 3,
                negatives: 2,
                overlaps: 0,
            }
        );
        let msgs: Vec<String> = failures.iter().map(ToString::to_string).collect();
        assert_eq!(msgs.len(), 3, "{msgs:#?}");
        assert!(msgs[0].starts_with("demo.toml: rule demo: positive #2"));
        assert!(msgs[1].contains("no keyword of the rule occurs"));
        assert!(msgs[2].contains("negative #2"));
    }

    #[test]
    fn a_regex_too_large_for_the_lazy_dfa_fails_the_check() {
        let set = one_rule(
            "heavy.toml",
            "heavy",
            r#"["[client]"]"#,
            r"\[client\]\n(?:[^\n]{0,200}\n){0,40}password=([a-z]{4,64})",
            r#"positives = [{ text = "[client]\nuser=a\npassword=abcdef", secret = "abcdef" }]
negatives = ["[client]\npassword="]"#,
        );
        let (_, failures) = check_rules(set);
        let msgs: Vec<String> = failures.iter().map(ToString::to_string).collect();
        assert_eq!(msgs.len(), 1, "{msgs:#?}");
        assert!(msgs[0].contains("too large for a fast scan"), "{msgs:#?}");
    }
}
