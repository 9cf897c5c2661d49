//! The on-disk shape of a rule file (see `rules/README.md`). Unknown keys are errors, so a typo
//! never silently disables a check.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleFile {
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleSpec {
    pub id: String,
    pub name: String,
    pub description: String,
    pub severity: String,
    pub confidence: String,
    #[serde(default)]
    pub keywords: Vec<String>,
    pub regex: String,
    pub entropy: Option<f64>,
    pub checksum: Option<String>,
    pub heuristic: Option<String>,
    pub window: Option<usize>,
    /// Regex over the file path: the rule reports only in matching files.
    pub path: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub allowlist: AllowlistSpec,
    #[serde(default)]
    pub companions: Vec<CompanionSpec>,
    pub report: Option<bool>,
    #[serde(default)]
    pub positives: Vec<PositiveSpec>,
    #[serde(default)]
    pub negatives: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AllowlistSpec {
    #[serde(default)]
    pub regexes: Vec<String>,
    #[serde(default)]
    pub stopwords: Vec<String>,
    #[serde(default)]
    pub paths: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CompanionSpec {
    pub rule: String,
    pub within_lines: u32,
    pub required: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PositiveSpec {
    pub text: String,
    pub secret: String,
}
