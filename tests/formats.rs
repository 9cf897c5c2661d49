//! What users and tools see: one snapshot per output format, and SARIF (plus every other
//! format's shape) checked against the official schema in `shared/schemas/`.

mod common;

use std::path::Path;

use common::*;

/// A fixed tree, so snapshots are stable: two secrets, one of them in two files.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_report_fixture(dir.path());
    dir
}

fn run(dir: &Path, format: &str) -> String {
    let out = leakhound()
        .current_dir(dir)
        .args(["scan", "--no-config", "-j", "1", "-f", format, "."])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn stable_json(text: &str) -> serde_json::Value {
    json(text.as_bytes())
}

macro_rules! settings {
    ($body:block) => {{
        let mut s = insta::Settings::clone_current();
        s.add_filter(r"scanned in \d+\.\d+ s", "scanned in [time] s");
        s.add_filter(r"file:///[^\x22]*/", "file:///[cwd]/");
        s.add_filter(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "[timestamp]");
        s.add_filter(
            r#""(duration_ms|version|semanticVersion|rules_loaded)": ?"?[0-9.]+"?"#,
            r#""$1": "[redacted]""#,
        );
        s.bind(|| $body);
    }};
}

#[test]
fn pretty_output() {
    let dir = fixture();
    let out = run(dir.path(), "pretty");
    settings!({ insta::assert_snapshot!(out) });
}

#[test]
fn json_output() {
    let dir = fixture();
    let out = run(dir.path(), "json");
    settings!({ insta::assert_snapshot!(out) });
}

#[test]
fn jsonl_output() {
    let dir = fixture();
    let out = run(dir.path(), "jsonl");
    for line in out.lines() {
        stable_json(line);
    }
    settings!({ insta::assert_snapshot!(out) });
}

#[test]
fn sarif_output() {
    let dir = fixture();
    let out = run(dir.path(), "sarif");
    settings!({ insta::assert_snapshot!(out) });
}

#[test]
fn sarif_validates_against_the_official_schema_and_github_rules() {
    let dir = fixture();
    let doc = stable_json(&run(dir.path(), "sarif"));
    assert_valid(&schema("sarif-schema-2.1.0.json"), &doc);

    // What GitHub code scanning needs beyond the schema (ecosystem.md §1).
    let run = &doc["runs"][0];
    assert_eq!(doc["runs"].as_array().unwrap().len(), 1);
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(
        ids.len(),
        unique.len(),
        "duplicate rules are rejected by GitHub"
    );
    for rule in rules {
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty());
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
        let tags = rule["properties"]["tags"].as_array().unwrap();
        for tag in ["security", "external/cwe/cwe-798"] {
            assert!(tags.iter().any(|t| t == tag), "missing tag {tag}");
        }
        let sev: f64 = rule["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(sev > 0.0 && sev <= 10.0);
    }
    let results = run["results"].as_array().unwrap();
    // Two secrets; the GitHub token occurs in two files: one result per secret and file.
    assert_eq!(results.len(), 3);
    for r in results {
        assert_eq!(r["locations"].as_array().unwrap().len(), 1);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(
            !loc["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with('/')
        );
        for k in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(loc["region"][k].as_u64().unwrap() >= 1);
        }
        assert_eq!(
            r["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .unwrap()
                .len(),
            16
        );
        assert!(
            r["message"]["text"]
                .as_str()
                .unwrap()
                .contains("[REDACTED]")
        );
    }
    // The skipped binary file is reported, not silently dropped.
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(notes.iter().any(|n| {
        n["message"]["text"]
            .as_str()
            .unwrap()
            .contains("current.bin")
    }));
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn sarif_from_an_incomplete_scan_is_valid_and_says_so() {
    let out = leakhound()
        .args(["scan", "--no-config", "-f", "sarif", "/proc/self/mem"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let doc = stable_json(std::str::from_utf8(&out.stdout).unwrap());
    assert_valid(&schema("sarif-schema-2.1.0.json"), &doc);
    assert_eq!(
        doc["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    assert_eq!(
        doc["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["level"],
        "error"
    );
}

#[test]
fn one_scan_writes_several_reports() {
    let dir = fixture();
    let out = tempfile::tempdir().unwrap();
    let sarif = out.path().join("r.sarif");
    let jsonl = out.path().join("r.jsonl");
    let doc = run_json(
        leakhound().current_dir(dir.path()).args([
            "scan",
            "--no-config",
            "-f",
            "json",
            "--also-report",
            &format!("sarif={}", sarif.display()),
            "--also-report",
            &format!("jsonl={}", jsonl.display()),
            ".",
        ]),
        1,
    );
    let n = doc["findings"].as_array().unwrap().len();
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_valid(&schema("sarif-schema-2.1.0.json"), &sarif);
    assert!(sarif["runs"][0]["results"].as_array().unwrap().len() >= n);
    let lines = std::fs::read_to_string(&jsonl).unwrap();
    assert_eq!(lines.lines().count(), n + 1);
    leakhound()
        .args(["scan", "--also-report", "xml=out.xml", "."])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not a format"));
}
