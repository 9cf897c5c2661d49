//! Imports gitleaks and Betterleaks TOML configs: rules, allowlists, `[extend]`.
//!
//! Both dialects share gitleaks' skeleton (`[[rules]]` with `id`, `regex`, `secretGroup`,
//! `keywords`, `entropy`, `path`, `tags`, allowlists; `[extend] useDefault/path/disabledRules`;
//! global `[[allowlists]]` or the older `[allowlist]`). Betterleaks adds `confidence`, Expr
//! `filter` programs, `components`, and validation programs.
//!
//! Nothing is dropped silently. Every rule that cannot be translated is a [`RuleProblem`] (the
//! scan then reports itself incomplete); every key that changes nothing offline (`validate`,
//! `analyze`, `title`) or that leakhound evaluates only in part (an Expr `filter` term, a
//! `commits` allowlist) is a note, printed before the scan.
//!
//! Regexes are Go RE2. Rust's syntax is nearly the same; the differences handled here are
//! `\Q…\E` literal quoting (escaped) and `\C` (unsupported). Every imported regex is compiled
//! before the scan, so any other difference surfaces as a problem naming the rule.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::format::{CompanionSpec, RuleSpec};
use super::{RuleOrigin, RuleProblem};

/// How deep `[extend] path` chains may go (gitleaks allows 2).
const MAX_EXTEND_DEPTH: usize = 2;

/// What a gitleaks/Betterleaks config contributes to a scan.
#[derive(Debug, Default)]
pub struct Imported {
    /// `[extend] useDefault = true`: the built-in rules stay. Otherwise, as in gitleaks, the
    /// config's rules replace them.
    pub use_default: bool,
    /// `[extend] disabledRules`.
    pub disabled: Vec<String>,
    pub(super) rules: Vec<(RuleSpec, RuleOrigin)>,
    pub allowlists: Vec<ForeignAllowlist>,
    /// Rules and keys that could not be imported: the scan is incomplete without them.
    pub problems: Vec<RuleProblem>,
    /// Keys imported in part or without effect offline.
    pub notes: Vec<String>,
}

/// A gitleaks allowlist, global or of one rule, evaluated on each occurrence.
#[derive(Debug, Clone, Default)]
pub struct ForeignAllowlist {
    pub description: String,
    /// Rule ids it applies to; empty: every rule.
    pub rules: Vec<String>,
    /// `condition = "AND"`: every criterion given must match; otherwise any one.
    pub all: bool,
    /// Regexes matched against the file path.
    pub paths: Vec<String>,
    /// Regexes matched against the secret.
    pub regexes: Vec<String>,
    /// Case-insensitive substrings of the secret.
    pub stopwords: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Config {
    #[serde(default)]
    extend: Option<Extend>,
    #[serde(default)]
    rules: Vec<GlRule>,
    #[serde(default)]
    allowlist: Option<GlAllowlist>,
    #[serde(default)]
    allowlists: Vec<GlAllowlist>,
    #[serde(flatten)]
    other: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Extend {
    #[serde(default)]
    use_default: bool,
    path: Option<PathBuf>,
    #[serde(default)]
    disabled_rules: Vec<String>,
    #[serde(flatten)]
    other: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GlRule {
    id: String,
    description: Option<String>,
    regex: Option<String>,
    secret_group: Option<usize>,
    entropy: Option<f64>,
    #[serde(default)]
    keywords: Vec<String>,
    path: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    allowlist: Option<GlAllowlist>,
    #[serde(default)]
    allowlists: Vec<GlAllowlist>,
    #[serde(default)]
    required: Vec<Required>,
    #[serde(default)]
    components: Vec<Component>,
    #[serde(default)]
    skip_report: bool,
    confidence: Option<String>,
    filter: Option<String>,
    #[serde(flatten)]
    other: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Required {
    id: String,
    within_lines: Option<u32>,
    within_columns: Option<u32>,
}

/// Betterleaks: `{ id = "…", within = "5L" }`.
#[derive(Debug, Deserialize)]
struct Component {
    id: String,
    within: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GlAllowlist {
    #[serde(default)]
    description: String,
    condition: Option<String>,
    #[serde(default)]
    commits: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    regexes: Vec<String>,
    regex_target: Option<String>,
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    target_rules: Vec<String>,
    #[serde(flatten)]
    other: BTreeMap<String, toml::Value>,
}

/// Top-level keys that only describe the config.
const DESCRIPTIVE: &[&str] = &["title", "description", "minVersion"];
/// Rule keys that call out to a service or describe a rule: no effect on an offline scan.
const OFFLINE_NO_EFFECT: &[&str] = &["validate", "analyze", "revoke", "specificity", "examples"];

/// Whether `text` reads as a gitleaks/Betterleaks config rather than a leakhound project config:
/// it has gitleaks' top-level keys and none of leakhound's.
pub fn is_gitleaks_config(text: &str) -> bool {
    let Ok(table) = toml::from_str::<toml::Table>(text) else {
        return false;
    };
    let ours = ["scan", "allow"].iter().any(|k| table.contains_key(*k));
    let theirs = [
        "rules",
        "extend",
        "allowlist",
        "allowlists",
        "title",
        "minVersion",
    ]
    .iter()
    .any(|k| table.contains_key(*k));
    theirs && !ours
}

/// Imports the config at `path` (and the configs it extends).
pub fn import(path: &Path) -> Result<Imported, crate::Error> {
    let mut out = Imported::default();
    import_into(path, 0, &mut out)?;
    Ok(out)
}

fn import_into(path: &Path, depth: usize, out: &mut Imported) -> Result<(), crate::Error> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::Error::io(path, e))?;
    let config: Config = toml::from_str(&text).map_err(|e| crate::Error::toml(path, &text, &e))?;
    let file = path.display().to_string();
    let origin = RuleOrigin {
        file: file.clone(),
        builtin: false,
    };
    let problem = |rule: Option<&str>, message: String| RuleProblem {
        file: file.clone(),
        rule_id: rule.map(str::to_string),
        message,
    };
    for key in config.other.keys() {
        if !DESCRIPTIVE.contains(&key.as_str()) {
            out.problems.push(problem(
                None,
                format!("key `{key}` is not supported; ignored"),
            ));
        }
    }
    if let Some(extend) = config.extend {
        out.use_default |= extend.use_default;
        out.disabled.extend(extend.disabled_rules);
        for key in extend.other.keys() {
            out.problems.push(problem(
                None,
                format!("[extend] {key} is not supported (leakhound never fetches configs)"),
            ));
        }
        if let Some(base) = extend.path {
            if depth >= MAX_EXTEND_DEPTH {
                out.problems.push(problem(
                    None,
                    format!(
                        "[extend] path {}: chains may be {MAX_EXTEND_DEPTH} deep",
                        base.display()
                    ),
                ));
            } else {
                // As in gitleaks: relative to where leakhound runs, not to this file.
                import_into(&base, depth + 1, out)?;
            }
        }
    }
    for (n, list) in config
        .allowlist
        .into_iter()
        .chain(config.allowlists)
        .enumerate()
    {
        let what = format!("global allowlist {}", n + 1);
        if let Some(a) = translate_allowlist(list, None, &what, out, &file) {
            out.allowlists.push(a);
        }
    }
    for rule in config.rules {
        import_rule(rule, &origin, out);
    }
    Ok(())
}

/// Translates one allowlist, global (its `targetRules` apply) or of `rule`; what cannot be
/// evaluated is a note (the allowlist then hides less, never more). Returns `None` when
/// nothing of it is left.
fn translate_allowlist(
    list: GlAllowlist,
    rule: Option<&str>,
    what: &str,
    out: &mut Imported,
    file: &str,
) -> Option<ForeignAllowlist> {
    let note = |out: &mut Imported, m: String| out.notes.push(format!("{file}: {what}: {m}"));
    let all = match list
        .condition
        .as_deref()
        .map(str::to_ascii_uppercase)
        .as_deref()
    {
        None | Some("OR") => false,
        Some("AND") => true,
        Some(other) => {
            out.problems.push(RuleProblem {
                file: file.to_string(),
                rule_id: None,
                message: format!(
                    "{what}: condition {other:?} is neither AND nor OR; allowlist ignored"
                ),
            });
            return None;
        }
    };
    for key in list.other.keys() {
        note(out, format!("key `{key}` is not supported; ignored"));
    }
    if !list.commits.is_empty() {
        if all {
            note(
                out,
                "`commits` with condition AND cannot be evaluated; allowlist ignored".into(),
            );
            return None;
        }
        note(
            out,
            "`commits` is not supported; its commits are not allowlisted".into(),
        );
    }
    let mut regexes = Vec::new();
    match list.regex_target.as_deref() {
        None | Some("secret") => {
            for r in list.regexes {
                match translate_re2(&r) {
                    Ok(r) => regexes.push(r),
                    Err(e) => note(out, format!("regex {r:?} not translated: {e}; ignored")),
                }
            }
        }
        Some(target) if !list.regexes.is_empty() => {
            let m = format!("regexTarget {target:?} is not supported (only \"secret\")");
            if all {
                note(out, format!("{m}; allowlist ignored"));
                return None;
            }
            note(out, format!("{m}; its regexes are ignored"));
        }
        Some(_) => {}
    }
    let mut paths = Vec::new();
    for p in list.paths {
        match translate_re2(&p) {
            Ok(p) => paths.push(p),
            Err(e) => note(
                out,
                format!("path regex {p:?} not translated: {e}; ignored"),
            ),
        }
    }
    let allow = ForeignAllowlist {
        description: if list.description.is_empty() {
            what.to_string()
        } else {
            list.description.clone()
        },
        rules: match rule {
            Some(id) => vec![id.to_string()],
            None => list.target_rules,
        },
        all,
        paths,
        regexes,
        stopwords: list
            .stopwords
            .iter()
            .map(|s| s.to_ascii_lowercase())
            .collect(),
    };
    (!allow.paths.is_empty() || !allow.regexes.is_empty() || !allow.stopwords.is_empty())
        .then_some(allow)
}

fn import_rule(rule: GlRule, origin: &RuleOrigin, out: &mut Imported) {
    let id = rule.id.clone();
    let problem = |m: String| RuleProblem {
        file: origin.file.clone(),
        rule_id: Some(id.clone()),
        message: m,
    };
    let note = |out: &mut Imported, m: String| {
        out.notes
            .push(format!("{}: rule {}: {m}", origin.file, rule.id));
    };
    for key in rule.other.keys() {
        if OFFLINE_NO_EFFECT.contains(&key.as_str()) {
            note(out, format!("`{key}` is not run (leakhound is offline)"));
        } else {
            note(out, format!("key `{key}` is not supported; ignored"));
        }
    }
    for (n, list) in rule
        .allowlist
        .into_iter()
        .chain(rule.allowlists)
        .enumerate()
    {
        let what = format!("rule {} allowlist {}", rule.id, n + 1);
        if let Some(a) = translate_allowlist(list, Some(&rule.id), &what, out, &origin.file) {
            out.allowlists.push(a);
        }
    }
    let Some(regex) = rule.regex else {
        if rule.path.is_some() {
            out.problems.push(problem(
                "a path-only rule (reports files by name) is not supported".into(),
            ));
        } else {
            out.problems.push(problem(
                "no regex: extending a gitleaks default rule is not supported (leakhound's \
                 built-in rules have their own ids; see `leakhound rules list`)"
                    .into(),
            ));
        }
        return;
    };
    let mut regex = match translate_re2(&regex) {
        Ok(r) => r,
        Err(e) => {
            out.problems
                .push(problem(format!("regex not translated: {e}")));
            return;
        }
    };
    if let Some(group) = rule.secret_group.filter(|&g| g > 0) {
        match name_group(&regex, group) {
            Some(r) => regex = r,
            None => {
                out.problems.push(problem(format!(
                    "secretGroup {group}: no such capture group"
                )));
                return;
            }
        }
    }
    let mut entropy = rule.entropy;
    let mut stopwords = Vec::new();
    let mut allow_regexes = Vec::new();
    if let Some(filter) = &rule.filter {
        for term in split_or(filter) {
            match filter_term(term) {
                Some(FilterTerm::MinEntropy(e)) => entropy = Some(entropy.unwrap_or(0.0).max(e)),
                Some(FilterTerm::Stopwords(w)) => stopwords.extend(w),
                Some(FilterTerm::Regexes(r)) => allow_regexes.extend(r),
                None => note(
                    out,
                    format!(
                        "filter term `{}` is not evaluated (unsupported Expr)",
                        term.trim()
                    ),
                ),
            }
        }
    }
    let mut companions = Vec::new();
    for r in &rule.required {
        if r.within_columns.is_some() {
            note(
                out,
                format!(
                    "required {}: withinColumns is not supported; lines only",
                    r.id
                ),
            );
        }
        companions.push(CompanionSpec {
            rule: r.id.clone(),
            within_lines: r.within_lines.unwrap_or(super::MAX_COMPANION_LINES),
            required: Some(true),
        });
    }
    for c in &rule.components {
        let lines = match c.within.as_deref() {
            None => Some(super::MAX_COMPANION_LINES),
            Some(w) => w
                .strip_suffix(['L', 'l'])
                .and_then(|n| n.trim().parse().ok()),
        };
        match lines {
            Some(lines) => companions.push(CompanionSpec {
                rule: c.id.clone(),
                within_lines: lines,
                required: Some(true),
            }),
            None => {
                out.problems.push(problem(format!(
                    "component {}: within {:?} is not a line count (\"5L\")",
                    c.id, c.within
                )));
                return;
            }
        }
    }
    for c in &mut companions {
        c.within_lines = c.within_lines.min(super::MAX_COMPANION_LINES);
    }
    let confidence = match rule.confidence.as_deref() {
        Some(c @ ("low" | "medium" | "high")) => c.to_string(),
        Some(other) => {
            note(out, format!("confidence {other:?} unknown; medium used"));
            "medium".into()
        }
        None => "medium".into(),
    };
    let path = match rule.path.as_deref().map(translate_re2) {
        None => None,
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => {
            out.problems
                .push(problem(format!("path regex not translated: {e}")));
            return;
        }
    };
    let mut keywords = Vec::new();
    for k in rule.keywords {
        if k.len() >= 3 {
            keywords.push(k);
        } else {
            // A short keyword cannot be fingerprinted; the rule runs keywordless instead,
            // which finds everything the keyword would have let through.
            note(
                out,
                format!("keyword {k:?} is shorter than 3 bytes; the rule runs on all text"),
            );
            keywords.clear();
            break;
        }
    }
    let spec = RuleSpec {
        id: rule.id.clone(),
        name: rule.description.clone().unwrap_or_else(|| rule.id.clone()),
        description: rule
            .description
            .unwrap_or_else(|| format!("Imported rule {}", rule.id)),
        severity: "high".into(),
        confidence,
        keywords,
        regex,
        entropy,
        checksum: None,
        heuristic: None,
        window: None,
        tags: rule.tags,
        references: Vec::new(),
        allowlist: super::format::AllowlistSpec {
            regexes: allow_regexes,
            stopwords,
            paths: Vec::new(),
        },
        companions,
        report: rule.skip_report.then_some(false),
        path,
        positives: Vec::new(),
        negatives: Vec::new(),
    };
    out.rules.push((spec, origin.clone()));
}

enum FilterTerm {
    MinEntropy(f64),
    Stopwords(Vec<String>),
    Regexes(Vec<String>),
}

/// Splits an Expr program on top-level `||` (outside brackets and strings).
fn split_or(expr: &str) -> Vec<&str> {
    let (mut depth, mut quote, mut start, mut parts) = (0i32, None, 0, Vec::new());
    let bytes = expr.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(_) if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' | b'`' => quote = Some(b),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth -= 1,
                b'|' if depth == 0 && bytes.get(i + 1) == Some(&b'|') => {
                    parts.push(&expr[start..i]);
                    start = i + 2;
                    i += 1;
                }
                _ => {}
            },
        }
        i += 1;
    }
    parts.push(&expr[start..]);
    parts
}

/// The Expr filter terms leakhound evaluates (a true term drops the finding):
/// `entropy(finding["secret"]) <= N` (or `<`), `containsAny(finding["secret"], [...])`,
/// `matchesAny(finding["secret"], [...])`.
fn filter_term(term: &str) -> Option<FilterTerm> {
    let t = without_spaces_outside_strings(term);
    let secret = r#"finding["secret"]"#;
    if let Some(rest) = t.strip_prefix(&format!("entropy({secret})")) {
        let (strict, n) = if let Some(n) = rest.strip_prefix("<=") {
            (false, n)
        } else {
            (true, rest.strip_prefix('<')?)
        };
        let n: f64 = n.parse().ok()?;
        // Dropped when entropy <= n: kept from just above n.
        return Some(FilterTerm::MinEntropy(if strict { n } else { n + 1e-9 }));
    }
    let list = |name: &str| {
        t.strip_prefix(&format!("{name}({secret},["))?
            .strip_suffix("])")
            .and_then(string_list)
    };
    if let Some(words) = list("containsAny") {
        return Some(FilterTerm::Stopwords(words));
    }
    list("matchesAny")?
        .iter()
        .map(|r| translate_re2(r).ok())
        .collect::<Option<Vec<_>>>()
        .map(FilterTerm::Regexes)
}

/// The Expr text with the spaces between tokens removed and those inside strings kept.
fn without_spaces_outside_strings(expr: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut quote = None;
    let mut escaped = false;
    for c in expr.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c.is_whitespace() => continue,
            None if c == '"' || c == '\'' || c == '`' => quote = Some(c),
            None => {}
        }
        out.push(c);
    }
    out
}

/// `"a","b\"c"` → `[a, b"c]`. `None` unless the text is exactly double-quoted strings joined
/// by commas: anything else is reported as unsupported rather than read wrongly.
fn string_list(inner: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = inner.chars().peekable();
    while chars.peek().is_some() {
        if chars.next() != Some('"') {
            return None;
        }
        let mut item = String::new();
        loop {
            match chars.next()? {
                '"' => break,
                '\\' => item.push(chars.next()?),
                c => item.push(c),
            }
        }
        out.push(item);
        match chars.next() {
            None => break,
            Some(',') => {}
            Some(_) => return None,
        }
    }
    Some(out)
}

/// Go RE2 → Rust regex syntax.
pub fn translate_re2(re: &str) -> Result<String, String> {
    let mut out = String::with_capacity(re.len());
    let mut chars = re.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Q') => {
                // \Q…\E: everything up to \E (or the end) is literal.
                let mut literal = String::new();
                loop {
                    match chars.next() {
                        None => break,
                        Some('\\') if chars.peek() == Some(&'E') => {
                            chars.next();
                            break;
                        }
                        Some(ch) => literal.push(ch),
                    }
                }
                out.push_str(&regex_syntax::escape(&literal));
            }
            Some('C') => return Err("\\C (any byte) has no equivalent".into()),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => return Err("trailing backslash".into()),
        }
    }
    super::parse_regex(&out)?;
    Ok(out)
}

/// Names capture group `group` (1-based, counting unnamed and named groups in order of their
/// opening parenthesis) `secret`, so the secret is that group's text.
fn name_group(regex: &str, group: usize) -> Option<String> {
    let bytes = regex.as_bytes();
    let mut count = 0;
    let mut i = 0;
    let mut in_class = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' if !in_class => in_class = true,
            b']' if in_class => in_class = false,
            b'(' if !in_class => {
                let rest = &regex[i + 1..];
                let capturing = !rest.starts_with('?')
                    || rest.starts_with("?P<")
                    || (rest.starts_with("?<")
                        && !rest.starts_with("?<=")
                        && !rest.starts_with("?<!"));
                if capturing {
                    count += 1;
                    if count == group {
                        // Replace an existing name, or add one.
                        let (skip, _) = if rest.starts_with("?P<") || rest.starts_with("?<") {
                            let close = rest.find('>')?;
                            (close + 1, ())
                        } else {
                            (0, ())
                        };
                        return Some(format!(
                            "{}(?P<secret>{}",
                            &regex[..i],
                            &regex[i + 1 + skip..]
                        ));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

impl Imported {
    /// Adds the imported rules to `set` (replacing built-ins of the same id), removes the
    /// disabled ones, and records every problem. Call before [`super::RuleSet::finish`].
    pub fn apply(&mut self, set: &mut super::RuleSet) {
        for (spec, origin) in std::mem::take(&mut self.rules) {
            set.add_spec(spec, &origin);
        }
        let disabled: std::collections::HashSet<&str> =
            self.disabled.iter().map(String::as_str).collect();
        let known: std::collections::HashSet<String> =
            set.rules().iter().map(|r| r.id.clone()).collect();
        for d in &self.disabled {
            if !known.contains(d) {
                self.notes.push(format!(
                    "[extend] disabledRules: no rule {d:?} (leakhound's rule ids differ from gitleaks'; see `leakhound rules list`)"
                ));
            }
        }
        set.retain(|r| !disabled.contains(r.id.as_str()));
        set.extend_problems(std::mem::take(&mut self.problems));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn re2_quoting_is_escaped_and_any_byte_refused() {
        assert_eq!(translate_re2(r"\Qa.b*\Ec").unwrap(), r"a\.b\*c");
        assert!(translate_re2(r"a\Cb").is_err());
        assert!(translate_re2(r"(?i)tok_[a-z]{4}\b").is_ok());
        assert!(translate_re2(r"(a").is_err());
    }

    #[test]
    fn secret_group_becomes_a_named_group() {
        assert_eq!(
            name_group(r"(key)=([a-z]+)", 2).unwrap(),
            r"(key)=(?P<secret>[a-z]+)"
        );
        assert_eq!(
            name_group(r"(?:x)(?P<k>a)([\(]b)", 2).unwrap(),
            r"(?:x)(?P<k>a)(?P<secret>[\(]b)"
        );
        assert_eq!(name_group(r"(a)", 2), None);
    }

    #[test]
    fn expr_filters_translate_what_they_can() {
        let parts = split_or(
            r#"entropy(finding["secret"]) <= 3.5 || containsAny(finding["secret"], ["test", "x||y"]) || failsTokenEfficiency(finding["secret"])"#,
        );
        assert_eq!(parts.len(), 3);
        assert!(
            matches!(filter_term(parts[0]), Some(FilterTerm::MinEntropy(e)) if e > 3.5 && e < 3.6)
        );
        assert!(
            matches!(filter_term(parts[1]), Some(FilterTerm::Stopwords(w)) if w == ["test", "x||y"])
        );
        assert!(filter_term(parts[2]).is_none());
        // Spaces inside strings are kept; a list that is not plain strings is not read.
        assert!(matches!(
            filter_term(r#"containsAny(finding["secret"], ["not real", "a\"b"])"#),
            Some(FilterTerm::Stopwords(w)) if w == ["not real", "a\"b"]
        ));
        assert!(filter_term(r#"containsAny(finding["secret"], ['x', y])"#).is_none());
    }

    #[test]
    fn dialect_is_told_by_top_level_keys() {
        assert!(is_gitleaks_config(
            "title = 'x'\n[[rules]]\nid = 'a'\nregex = 'b'\n"
        ));
        assert!(is_gitleaks_config("[extend]\nuseDefault = true\n"));
        assert!(!is_gitleaks_config("[scan]\nexclude = ['x']\n"));
        assert!(!is_gitleaks_config(
            "[[allow]]\npaths = ['x']\nreason = 'r'\n"
        ));
    }
}
