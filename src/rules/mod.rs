//! Rules are data: TOML files (format in `rules/README.md`) parsed into a validated [`RuleSet`].
//!
//! Loading is cheap on purpose: it parses and validates fields but compiles no regex, so startup
//! does not grow with the rule count. The matcher compiles each rule's regex the first time one
//! of its keywords is seen. User rule files are compiled eagerly by [`RuleSet::finish`]
//! so a malformed user rule is reported before the scan starts.

mod format;
pub mod gitleaks;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use format::{RuleFile, RuleSpec};

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Dense index of a rule inside its [`RuleSet`]; what a match carries instead of a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId(pub u32);

impl RuleId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "info" => Severity::Info,
            "low" => Severity::Low,
            "medium" => Severity::Medium,
            "high" => Severity::High,
            "critical" => Severity::Critical,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "low" => Confidence::Low,
            "medium" => Confidence::Medium,
            "high" => Confidence::High,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// A self-checking token format. The matcher drops a secret that fails its rule's checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Checksum {
    /// GitHub's token format: 30 base62 characters then their CRC32 as 6 base62 digits.
    Github,
    /// npm's token format, which reuses GitHub's.
    Npm,
    /// A macaroon in libmacaroons' v2 binary format, base64url-encoded after a `prefix-`
    /// (PyPI API tokens): it must parse, down to its 32-byte signature.
    Macaroon,
    /// Grafana service account tokens: the CRC32 of the rest as 8 hex digits (little-endian).
    Grafana,
}

impl Checksum {
    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub const ALL: [Checksum; 4] = [
        Checksum::Github,
        Checksum::Npm,
        Checksum::Macaroon,
        Checksum::Grafana,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Checksum::Github => "github",
            Checksum::Npm => "npm",
            Checksum::Macaroon => "macaroon",
            Checksum::Grafana => "grafana",
        }
    }
}

/// Code-backed judgement of a generic candidate (see [`crate::matcher`]'s `generic` module).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heuristic {
    /// `key = value` where the key names a credential: the key must not name something else
    /// (`token_url`, `secret_name`) and the value must read like a hard-coded credential, not a
    /// placeholder, variable reference, code expression or word. Needs a `key` capture.
    CredentialAssignment,
}

impl Heuristic {
    fn parse(s: &str) -> Option<Self> {
        (s == "credential-assignment").then_some(Heuristic::CredentialAssignment)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Heuristic::CredentialAssignment => "credential-assignment",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Allowlist {
    /// Regexes matched against the secret.
    pub regexes: Vec<String>,
    /// Case-insensitive substrings of the secret, stored lowercase.
    pub stopwords: Vec<String>,
    /// Globs matched against the path of the file.
    pub paths: Vec<String>,
}

/// Another rule's match that must (or may) lie near this rule's match; the two are reported as
/// one finding that names both parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Companion {
    pub rule: String,
    /// Most lines between the two matches (0: the same line).
    pub within_lines: u32,
    /// Without it the match is dropped; an optional companion is only attached when present.
    pub required: bool,
}

/// Most companions per rule; a [`crate::matcher::Match`] has this many slots.
pub const MAX_COMPANIONS: usize = 2;
/// Widest line distance a companion may ask for.
pub const MAX_COMPANION_LINES: u32 = 20;

#[derive(Debug, Clone)]
pub struct Positive {
    pub text: String,
    pub secret: String,
}

/// Where a rule was defined, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOrigin {
    /// `rules/aws.toml` for built-ins, the user's path otherwise.
    pub file: String,
    pub builtin: bool,
}

impl fmt::Display for RuleOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.builtin {
            write!(f, "built-in {}", self.file)
        } else {
            f.write_str(&self.file)
        }
    }
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub description: String,
    pub severity: Severity,
    pub confidence: Confidence,
    pub keywords: Vec<String>,
    pub regex: String,
    pub entropy: Option<f64>,
    pub checksum: Option<Checksum>,
    pub heuristic: Option<Heuristic>,
    pub window: Option<usize>,
    /// Regex over the file path: the rule reports only in matching files.
    pub path: Option<String>,
    pub tags: Vec<String>,
    pub references: Vec<String>,
    pub allowlist: Allowlist,
    pub companions: Vec<Companion>,
    /// False for rules that only serve as companions (an account id, a client id): their
    /// matches pair with other rules' matches but are never findings on their own.
    pub report: bool,
    pub positives: Vec<Positive>,
    pub negatives: Vec<String>,
    pub origin: RuleOrigin,
}

/// A rule or rule file that could not be loaded, named by file and (when known) rule id.
#[derive(Debug, Clone)]
pub struct RuleProblem {
    pub file: String,
    pub rule_id: Option<String>,
    pub message: String,
}

impl fmt::Display for RuleProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.rule_id {
            Some(id) => write!(f, "{}: rule {id}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every problem found while loading rules, for callers that refuse to go on with any.
#[derive(Debug, thiserror::Error)]
pub struct RuleLoadErrors(pub Vec<RuleProblem>);

impl fmt::Display for RuleLoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// The validated rules of one scan. Immutable once built; shared by every worker.
#[derive(Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    problems: Vec<RuleProblem>,
    /// Rule id → index in `rules`.
    index: std::collections::HashMap<String, usize>,
}

impl RuleSet {
    /// The rules compiled into the binary, without their examples (what scanning needs).
    pub fn builtin() -> Self {
        let mut set = RuleSet::default();
        for (name, json, text) in BUILTIN_RULE_FILES {
            let origin = RuleOrigin {
                file: format!("rules/{name}"),
                builtin: true,
            };
            match json.map(serde_json::from_str::<RuleFile>) {
                Some(Ok(file)) => set.add_file(file, &origin),
                // Pre-parsing failed at build time, or the JSON does not fit the rule format:
                // the TOML loader names the problem.
                _ => set.add_file_text(text, origin),
            }
        }
        set
    }

    /// The rules compiled into the binary with their positive and negative examples, for
    /// `rules check` and `rules explain`.
    pub fn builtin_with_examples() -> Self {
        let mut set = RuleSet::default();
        for (name, _, text) in BUILTIN_RULE_FILES {
            let origin = RuleOrigin {
                file: format!("rules/{name}"),
                builtin: true,
            };
            set.add_file_text(text, origin);
        }
        set
    }

    /// No rules; for callers that only want user rule files.
    pub fn empty() -> Self {
        RuleSet::default()
    }

    /// Adds a user rule file, or every `*.toml` file below a directory (sorted, for stable ids).
    /// A rule with the id of an earlier one replaces it, so users can override a built-in.
    /// Returns an error only when the path itself cannot be read; bad content is recorded as a problem.
    pub fn add_path(&mut self, path: &Path) -> Result<(), crate::Error> {
        let meta = std::fs::metadata(path).map_err(|e| crate::Error::io(path, e))?;
        let files = if meta.is_dir() {
            let mut files = Vec::new();
            collect_toml_files(path, &mut files).map_err(|e| crate::Error::io(path, e))?;
            files.sort();
            files
        } else {
            vec![path.to_path_buf()]
        };
        for file in files {
            let origin = RuleOrigin {
                file: file.display().to_string(),
                builtin: false,
            };
            match std::fs::read_to_string(&file) {
                Ok(text) => self.add_file_text(&text, origin),
                Err(e) => self.problems.push(RuleProblem {
                    file: origin.file,
                    rule_id: None,
                    message: format!("cannot read: {e}"),
                }),
            }
        }
        Ok(())
    }

    /// Parses one rule file's text; every problem is recorded, valid rules are kept.
    pub fn add_file_text(&mut self, text: &str, origin: RuleOrigin) {
        let file: RuleFile = match toml::from_str(text) {
            Ok(file) => file,
            Err(e) => {
                self.problems.push(RuleProblem {
                    file: origin.file.clone(),
                    rule_id: None,
                    message: one_line(&e.to_string()),
                });
                return;
            }
        };
        self.add_file(file, &origin);
    }

    fn add_file(&mut self, file: RuleFile, origin: &RuleOrigin) {
        for spec in file.rules {
            self.add_spec(spec, origin);
        }
    }

    fn add_spec(&mut self, spec: RuleSpec, origin: &RuleOrigin) {
        let id = spec.id.clone();
        match validate(spec, origin) {
            Ok(rule) => self.insert(rule),
            Err(message) => self.problems.push(RuleProblem {
                file: origin.file.clone(),
                rule_id: Some(id),
                message,
            }),
        }
    }

    fn extend_problems(&mut self, problems: Vec<RuleProblem>) {
        self.problems.extend(problems);
    }

    fn insert(&mut self, rule: Rule) {
        match self.index.get(&rule.id) {
            Some(&i) if self.rules[i].origin.builtin && !rule.origin.builtin => {
                self.rules[i] = rule
            }
            Some(&i) => self.problems.push(RuleProblem {
                file: rule.origin.file.clone(),
                rule_id: Some(rule.id.clone()),
                message: format!("duplicate id, already defined in {}", self.rules[i].origin),
            }),
            None => {
                self.index.insert(rule.id.clone(), self.rules.len());
                self.rules.push(rule);
            }
        }
    }

    /// Keeps the rules `keep` accepts (rule selection, benchmarks); ids keep naming the right
    /// rules.
    pub fn retain(&mut self, mut keep: impl FnMut(&Rule) -> bool) {
        self.rules.retain(|r| keep(r));
        self.index = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
    }

    /// Keeps the rules `keep` accepts, for rule selection by the user (disabled rules,
    /// reporting thresholds). A rule left out that is a companion of a kept rule stays loaded
    /// but no longer reports on its own, so the composite rule still pairs its parts.
    pub fn select(&mut self, mut keep: impl FnMut(&Rule) -> bool) {
        let kept: Vec<bool> = self.rules.iter().map(&mut keep).collect();
        let needed: std::collections::HashSet<String> = self
            .rules
            .iter()
            .zip(&kept)
            .filter(|(_, k)| **k)
            .flat_map(|(r, _)| r.companions.iter().map(|c| c.rule.clone()))
            .collect();
        let mut i = 0;
        self.rules.retain_mut(|r| {
            let k = kept[i];
            i += 1;
            if !k && needed.contains(&r.id) {
                r.report = false;
                return true;
            }
            k
        });
        self.retain(|_| true);
    }

    /// Ends loading: compiles every regex of the rules not built in, then checks that every
    /// companion names a loaded rule. Failures are recorded as problems and their rules dropped
    /// (and, in turn, rules that needed those as companions). Built-in regexes are compiled by
    /// `rules check` in the test suite.
    pub fn finish(&mut self) {
        let mut problems = Vec::new();
        self.retain(|rule| {
            if rule.origin.builtin {
                return true;
            }
            match rule_regex_problem(rule) {
                None => true,
                Some(message) => {
                    problems.push(RuleProblem {
                        file: rule.origin.file.clone(),
                        rule_id: Some(rule.id.clone()),
                        message,
                    });
                    false
                }
            }
        });
        loop {
            let before = problems.len();
            // `retain` rebuilds the index afterwards; this pass only reads the old one.
            let index = std::mem::take(&mut self.index);
            self.retain(|rule| {
                match rule
                    .companions
                    .iter()
                    .find(|c| !index.contains_key(&c.rule))
                {
                    None => true,
                    Some(c) => {
                        problems.push(RuleProblem {
                            file: rule.origin.file.clone(),
                            rule_id: Some(rule.id.clone()),
                            message: format!("companion rule {:?} is not loaded", c.rule),
                        });
                        false
                    }
                }
            });
            if problems.len() == before {
                break;
            }
        }
        self.problems.extend(problems);
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn get(&self, id: RuleId) -> &Rule {
        &self.rules[id.index()]
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub fn ids(&self) -> impl Iterator<Item = (RuleId, &Rule)> {
        self.rules
            .iter()
            .enumerate()
            .map(|(i, r)| (RuleId(i as u32), r))
    }

    /// Rules or files that could not be loaded.
    pub fn problems(&self) -> &[RuleProblem] {
        &self.problems
    }
}

fn collect_toml_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect_toml_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

fn one_line(s: &str) -> String {
    s.split('\n')
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn validate(spec: RuleSpec, origin: &RuleOrigin) -> Result<Rule, String> {
    if !is_valid_id(&spec.id) {
        return Err("id must be lowercase kebab-case ([a-z0-9]+ joined by '-')".into());
    }
    if spec.name.trim().is_empty() {
        return Err("name is empty".into());
    }
    if spec.description.trim().is_empty() {
        return Err("description is empty".into());
    }
    let severity = Severity::parse(&spec.severity).ok_or_else(|| {
        format!(
            "severity {:?} is not one of critical, high, medium, low, info",
            spec.severity
        )
    })?;
    let confidence = Confidence::parse(&spec.confidence).ok_or_else(|| {
        format!(
            "confidence {:?} is not one of high, medium, low",
            spec.confidence
        )
    })?;
    if let Some(k) = spec.keywords.iter().find(|k| k.len() < 3) {
        return Err(format!("keyword {k:?} is shorter than 3 bytes"));
    }
    if spec.regex.is_empty() {
        return Err("regex is empty".into());
    }
    let checksum = match &spec.checksum {
        None => None,
        Some(name) => Some(Checksum::parse(name).ok_or_else(|| {
            format!(
                "unknown checksum {name:?} (known: {})",
                Checksum::ALL.map(Checksum::as_str).join(", ")
            )
        })?),
    };
    let heuristic =
        match &spec.heuristic {
            None => None,
            Some(name) => Some(Heuristic::parse(name).ok_or_else(|| {
                format!("unknown heuristic {name:?} (known: credential-assignment)")
            })?),
        };
    if heuristic.is_some() && !spec.regex.contains("(?P<key>") && !spec.regex.contains("(?<key>") {
        return Err("heuristic needs a capture group named `key`".into());
    }
    if let Some(e) = spec.entropy
        && !(0.0..=8.0).contains(&e)
    {
        return Err(format!("entropy {e} is outside 0..=8 bits per byte"));
    }
    if spec.window == Some(0) {
        return Err("window must be positive".into());
    }
    if spec.companions.len() > MAX_COMPANIONS {
        return Err(format!("at most {MAX_COMPANIONS} companions"));
    }
    for c in &spec.companions {
        if c.rule == spec.id {
            return Err("a rule cannot be its own companion".into());
        }
        if c.within_lines > MAX_COMPANION_LINES {
            return Err(format!(
                "companion {:?}: within_lines {} is more than {MAX_COMPANION_LINES}",
                c.rule, c.within_lines
            ));
        }
    }
    if spec.keywords.is_empty()
        && !spec.companions.is_empty()
        && !spec.companions.iter().any(|c| c.required.unwrap_or(true))
    {
        return Err(
            "a rule without keywords runs only near its companions: one must be required".into(),
        );
    }
    for glob in &spec.allowlist.paths {
        globset::Glob::new(glob).map_err(|e| format!("allowlist path glob {glob:?}: {e}"))?;
    }
    if let Some(p) = &spec.path {
        regex_automata::meta::Regex::new(p).map_err(|e| format!("path regex {p:?}: {e}"))?;
    }
    Ok(Rule {
        id: spec.id,
        name: spec.name,
        description: spec.description,
        severity,
        confidence,
        keywords: spec.keywords,
        regex: spec.regex,
        entropy: spec.entropy,
        checksum,
        heuristic,
        window: spec.window,
        path: spec.path,
        tags: spec.tags,
        references: spec.references,
        allowlist: Allowlist {
            regexes: spec.allowlist.regexes,
            stopwords: spec
                .allowlist
                .stopwords
                .into_iter()
                .map(|s| s.to_ascii_lowercase())
                .collect(),
            paths: spec.allowlist.paths,
        },
        companions: spec
            .companions
            .into_iter()
            .map(|c| Companion {
                rule: c.rule,
                within_lines: c.within_lines,
                required: c.required.unwrap_or(true),
            })
            .collect(),
        report: spec.report.unwrap_or(true),
        positives: spec
            .positives
            .into_iter()
            .map(|p| Positive {
                text: p.text,
                secret: p.secret,
            })
            .collect(),
        negatives: spec.negatives,
        origin: origin.clone(),
    })
}

/// Syntax settings shared by every rule regex: bytes, ASCII classes, `.` never crossing a line.
pub fn regex_syntax_config() -> regex_automata::util::syntax::Config {
    regex_automata::util::syntax::Config::new()
        .unicode(false)
        .utf8(false)
}

/// Parses a rule regex the way the matcher will compile it.
pub fn parse_regex(pattern: &str) -> Result<regex_syntax::hir::Hir, String> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .map_err(|e| one_line(&e.to_string()))
}

fn rule_regex_problem(rule: &Rule) -> Option<String> {
    if let Err(e) = parse_regex(&rule.regex) {
        return Some(format!("regex: {e}"));
    }
    for r in &rule.allowlist.regexes {
        if let Err(e) = parse_regex(r) {
            return Some(format!("allowlist regex {r:?}: {e}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> RuleOrigin {
        RuleOrigin {
            file: "test.toml".into(),
            builtin: false,
        }
    }

    #[test]
    fn builtin_rules_load_without_problems() {
        let set = RuleSet::builtin();
        assert!(set.problems().is_empty(), "{:?}", set.problems());
    }

    /// The pre-parsed JSON the build embeds must give exactly the rules the TOML gives.
    #[test]
    fn builtin_rules_load_the_same_without_examples() {
        let fast = RuleSet::builtin();
        let full = RuleSet::builtin_with_examples();
        assert!(full.problems().is_empty(), "{:?}", full.problems());
        assert_eq!(fast.len(), full.len());
        for (a, b) in fast.rules().iter().zip(full.rules()) {
            assert_eq!(
                (
                    &a.id,
                    &a.regex,
                    &a.keywords,
                    &a.tags,
                    &a.references,
                    a.severity,
                    a.confidence
                ),
                (
                    &b.id,
                    &b.regex,
                    &b.keywords,
                    &b.tags,
                    &b.references,
                    b.severity,
                    b.confidence
                )
            );
            assert_eq!(
                (a.entropy, a.checksum, a.heuristic, a.window),
                (b.entropy, b.checksum, b.heuristic, b.window)
            );
            assert_eq!(
                (&a.companions, a.report, &a.origin),
                (&b.companions, b.report, &b.origin)
            );
            assert!(a.positives.is_empty() && a.negatives.is_empty());
            assert!(
                !b.positives.is_empty() && !b.negatives.is_empty(),
                "{}",
                b.id
            );
        }
    }

    #[test]
    fn every_problem_is_recorded_with_file_and_id() {
        let text = r#"
[[rules]]
id = "Bad_Id"
name = "x"
description = "x"
severity = "high"
confidence = "high"
regex = "x"

[[rules]]
id = "good-one"
name = "x"
description = "x"
severity = "extreme"
confidence = "high"
regex = "x"

[[rules]]
id = "fine"
name = "x"
description = "x"
severity = "high"
confidence = "high"
keywords = ["abc"]
regex = "abc"
"#;
        let mut set = RuleSet::empty();
        set.add_file_text(text, origin());
        assert_eq!(set.len(), 1);
        let problems: Vec<String> = set.problems().iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 2);
        assert!(problems[0].starts_with("test.toml: rule Bad_Id: id must be"));
        assert!(problems[1].contains("rule good-one: severity \"extreme\""));
    }

    #[test]
    fn toml_syntax_errors_name_line_and_column() {
        let mut set = RuleSet::empty();
        set.add_file_text("[[rules]]\nid = \n", origin());
        let msg = set.problems()[0].to_string();
        assert!(msg.contains("line 2"), "{msg}");
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let mut set = RuleSet::empty();
        set.add_file_text(
            "[[rules]]\nid='a'\nname='a'\ndescription='a'\nseverity='low'\nconfidence='low'\nregex='a'\nkeyword=['abc']\n",
            origin(),
        );
        assert!(set.problems()[0].message.contains("unknown field"));
    }

    #[test]
    fn user_rule_overrides_builtin_with_same_id() {
        let mut set = RuleSet::empty();
        let builtin = RuleOrigin {
            file: "rules/x.toml".into(),
            builtin: true,
        };
        let rule = |name: &str| {
            format!(
                "[[rules]]\nid='dup'\nname='{name}'\ndescription='d'\nseverity='low'\nconfidence='low'\nregex='a'\n"
            )
        };
        set.add_file_text(&rule("first"), builtin);
        set.add_file_text(&rule("second"), origin());
        assert_eq!(set.len(), 1);
        assert_eq!(set.rules()[0].name, "second");
        set.add_file_text(&rule("third"), origin());
        assert_eq!(set.problems().len(), 1);
    }

    #[test]
    fn select_keeps_companions_of_kept_rules_unreported() {
        let mut set = RuleSet::builtin();
        set.select(|r| r.id != "aws-access-key-id" && r.id != "github-pat-classic");
        set.finish();
        assert!(set.problems().is_empty(), "{:?}", set.problems());
        assert!(!set.rules().iter().any(|r| r.id == "github-pat-classic"));
        let key_id = set.rules().iter().find(|r| r.id == "aws-access-key-id");
        assert!(
            key_id.is_some_and(|r| !r.report),
            "a companion stays, unreported"
        );
        let secret = set.rules().iter().find(|r| r.id == "aws-secret-access-key");
        assert!(secret.is_some_and(|r| r.report));
    }

    #[test]
    fn bad_user_regex_is_reported_and_dropped() {
        let mut set = RuleSet::empty();
        set.add_file_text(
            "[[rules]]\nid='r'\nname='r'\ndescription='d'\nseverity='low'\nconfidence='low'\nregex='(unclosed'\n",
            origin(),
        );
        set.finish();
        assert!(set.is_empty());
        assert!(set.problems()[0].message.starts_with("regex:"));
    }
}
