//! Importing gitleaks and Betterleaks configs through `--config` and `--use-gitleaks-config`,
//! driving the real binary over trees built here. Every config is written for these tests.

mod common;

use common::*;

const ACME: &str = "acme_q8z2k4w9x7v3m5n1b6c0r2t8y4u7i3o5";
const ACME_FIXTURE: &str = "acme_f1x7ur3k4w9x7v3m5n1b6c0r2t8y4u7i";

/// A gitleaks config: no `useDefault`, so only its own rules run.
const GITLEAKS: &str = r#"
title = "team config"

[[rules]]
id = "acme-token"
description = "Acme API token"
regex = '''(?i)(acme)[_-]?token\s*=\s*["']?(\Qacme_\E[a-z0-9]{32})'''
secretGroup = 2
entropy = 3.0
keywords = ["acme_"]
tags = ["acme"]

  [[rules.allowlists]]
  description = "documented example"
  regexes = ['''^acme_0{32}$''']

[[allowlists]]
description = "test fixtures"
paths = ['''(^|/)fixtures/''']

[[allowlists]]
description = "known placeholder, in examples only"
condition = "AND"
paths = ['''\.example$''']
stopwords = ["placeholder"]
"#;

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app/.env", format!("ACME_TOKEN={ACME}\n"));
    write(
        dir.path(),
        "fixtures/acme.env",
        format!("acme_token = \"{ACME_FIXTURE}\"\n"),
    );
    write(
        dir.path(),
        "app/zero.env",
        format!("ACME_TOKEN=acme_{}\n", "0".repeat(32)),
    );
    write(
        dir.path(),
        "app/gh.env",
        format!("GITHUB_TOKEN={}\n", github_token()),
    );
    dir
}

/// `leakhound scan ARGS -f json .` in `dir`, expecting exit `code`.
fn scan_json(dir: &tempfile::TempDir, args: &[&str], code: i32) -> serde_json::Value {
    run_json(
        leakhound()
            .current_dir(dir.path())
            .arg("scan")
            .args(args)
            .args(["-f", "json", "."]),
        code,
    )
}

fn rule_ids(doc: &serde_json::Value) -> Vec<String> {
    let mut ids: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn gitleaks_rules_and_allowlists_replace_the_builtin_rules() {
    let dir = tree();
    write(dir.path(), ".gitleaks.toml", GITLEAKS);
    let doc = scan_json(&dir, &["--config", ".gitleaks.toml", "--show-secrets"], 1);
    // Only the imported rule ran (no built-in GitHub finding): one finding, the real token.
    assert_eq!(rule_ids(&doc), ["acme-token"]);
    assert_eq!(doc["findings"][0]["secret"], ACME);
    assert_eq!(doc["summary"]["complete"], true, "{:#}", doc["summary"]);
    // The fixture is suppressed by the global path allowlist and counted; the all-zero token
    // is dropped by the rule's own allowlist.
    assert_eq!(
        doc["summary"]["suppressed"]["by_reason"]["gitleaks-allowlist: test fixtures"],
        1
    );
}

#[test]
fn use_default_keeps_the_builtin_rules_and_discovery_is_opt_in() {
    let dir = tree();
    write(
        dir.path(),
        ".gitleaks.toml",
        format!("[extend]\nuseDefault = true\n{GITLEAKS}"),
    );
    // Without the flag, .gitleaks.toml is not read: the built-in rules alone find the GitHub
    // token and nothing of Acme.
    let doc = scan_json(&dir, &["--no-config"], 1);
    assert!(!rule_ids(&doc).contains(&"acme-token".to_string()));
    let doc = scan_json(&dir, &["--use-gitleaks-config"], 1);
    let ids = rule_ids(&doc);
    assert!(ids.contains(&"acme-token".to_string()), "{ids:?}");
    assert!(ids.contains(&"github-pat-classic".to_string()), "{ids:?}");
}

#[test]
fn betterleaks_filters_components_and_validation_are_translated_or_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".betterleaks.toml",
        r#"
[extend]
useDefault = true
disabledRules = ["github-pat-classic", "gitleaks-only-rule"]

[[rules]]
id = "acme-account"
regex = '''\b(acct_[0-9]{8})\b'''
keywords = ["acct_"]
skipReport = true

[[rules]]
id = "acme-secret"
description = "Acme secret key"
regex = '''\b(acsk_[A-Za-z0-9]{24})\b'''
keywords = ["acsk_"]
confidence = "high"
components = [{ id = "acme-account", within = "2L" }]
filter = '''entropy(finding["secret"]) <= 3.0 || containsAny(finding["secret"], ["EXAMPLE"]) || failsTokenEfficiency(finding["secret"])'''
validate = '''http.get("https://api.acme.example/v1/me")'''
"#,
    );
    write(
        dir.path(),
        "deploy.env",
        format!(
            "ACME_ACCOUNT=acct_40912277\nACME_SECRET=acsk_Xq7Lm2Pz9Rt4Wk8Vn3Bc6Yd1\nDOC=acsk_EXAMPLEa1b2c3d4e5f6g7h8i9\nX={}\n\n\nLONE=acsk_Gh5Jk8Lm2Nq4Rs7Tv9Wx3Yz6\n",
            github_token()
        ),
    );
    let out = leakhound()
        .current_dir(dir.path())
        .args([
            "scan",
            "--config",
            ".betterleaks.toml",
            "-f",
            "json",
            "--show-secrets",
            ".",
        ])
        .assert()
        .code(1);
    let output = out.get_output();
    let doc = json(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // One composite finding naming both parts; the lone secret has no account nearby, the
    // documented one is filtered, the account alone is never reported, and the disabled
    // built-in rule did not run.
    assert_eq!(rule_ids(&doc), ["acme-secret"]);
    let loc = &doc["findings"][0]["locations"][0];
    assert_eq!(
        doc["findings"][0]["secret"],
        "acsk_Xq7Lm2Pz9Rt4Wk8Vn3Bc6Yd1"
    );
    assert_eq!(loc["companions"][0]["rule_id"], "acme-account");
    assert_eq!(doc["findings"][0]["confidence"], "high");
    // What was not evaluated is said, never dropped silently.
    assert!(stderr.contains("failsTokenEfficiency"), "{stderr}");
    assert!(stderr.contains("`validate` is not run"), "{stderr}");
    assert!(stderr.contains("gitleaks-only-rule"), "{stderr}");
}

#[test]
fn untranslatable_rules_are_named_and_make_the_scan_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "gl.toml",
        r#"
[[rules]]
id = "any-byte"
regex = '''tok\C{8}'''

[[rules]]
id = "gitlab-pat"
[[rules.allowlists]]
paths = ['''vendor/''']

[[rules]]
id = "ok-rule"
regex = '''\b(okr_[a-z]{10})\b'''
keywords = ["okr_"]
"#,
    );
    write(dir.path(), "a.txt", "x = okr_abcdefghij\n");
    let doc = scan_json(&dir, &["--config", "gl.toml"], 1);
    assert_eq!(rule_ids(&doc), ["ok-rule"]);
    assert_eq!(doc["summary"]["complete"], false);
    let items = doc["summary"]["skipped"]["items"].to_string();
    assert!(
        items.contains("any-byte") && items.contains("\\\\C"),
        "{items}"
    );
    assert!(
        items.contains("gitlab-pat") && items.contains("default rule"),
        "{items}"
    );
}
