//! The CI report formats on real repositories built by the test: GitLab's secret detection
//! report (validated against `shared/schemas/`), Code Quality and JUnit XML. One snapshot each,
//! the shape each consumer reads, and never the secret.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// `git` in `dir`, isolated from the user's configuration, with a fixed identity.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com")
        .env("GIT_AUTHOR_DATE", "2024-01-02T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-01-02T12:00:00Z")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Commits everything (at a fixed date, so commit ids are stable) and returns the commit id.
fn commit(dir: &Path, message: &str) -> String {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "--allow-empty", "-m", message]);
    git(dir, &["rev-parse", "HEAD"])
}

/// A repository whose tree holds two secrets, one of them in two files, a clean file and a
/// binary file (a policy skip every report must mention).
fn repo() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    write(
        dir.path(),
        "app/settings.py",
        format!(
            "import os\n\nGITHUB_TOKEN = \"{}\"  # CI bot\n",
            github_token()
        ),
    );
    write(
        dir.path(),
        "deploy/.env",
        format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\nTOKEN={}\n", github_token()),
    );
    write(dir.path(), "docs/README.md", "# Nothing here\n");
    write(dir.path(), "assets/logo.bin", b"\x89PNG\0\0binary");
    let head = commit(dir.path(), "Add the app");
    (dir, head)
}

/// `leakhound scan --no-config -j 1 -f FORMAT EXTRA... .` in `dir`: its exit code and output.
fn scan(dir: &Path, format: &str, extra: &[&str]) -> (i32, String, String) {
    let out = leakhound()
        .current_dir(dir)
        .args(["scan", "--no-config", "-j", "1", "-f", format])
        .args(extra)
        .arg(".")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Like [`scan`], expecting exit status `code`; returns standard output.
fn scan_ok(dir: &Path, format: &str, extra: &[&str], code: i32) -> String {
    let (status, out, err) = scan(dir, format, extra);
    assert_eq!(status, code, "{format}: {err}");
    out
}

fn assert_no_secret(format: &str, text: &str) {
    assert!(!text.contains(&github_token()), "{format} leaked the token");
    assert!(!text.contains(AWS_KEY_ID), "{format} leaked the key id");
}

macro_rules! settings {
    ($body:block) => {{
        let mut s = insta::Settings::clone_current();
        s.add_filter(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?", "[timestamp]");
        s.add_filter(r#"time="[0-9.]+""#, r#"time="[time]""#);
        s.add_filter(
            r#"("version": |name="leakhound.version" value=)"\d+\.\d+\.\d+""#,
            r#"$1"[version]""#,
        );
        s.bind(|| $body);
    }};
}

// ---- Code Quality ----

#[test]
fn codequality_output() {
    let (dir, _) = repo();
    let out = scan_ok(dir.path(), "codequality", &[], 1);
    settings!({ insta::assert_snapshot!(out) });
}

#[test]
fn codequality_is_an_array_of_issues_gitlab_can_read() {
    let (dir, _) = repo();
    let out = scan_ok(dir.path(), "codequality", &[], 1);
    assert_no_secret("codequality", &out);
    let doc = json(out.as_bytes());
    let issues = doc.as_array().expect("a JSON array");
    // Two secrets; the GitHub token occurs in two files: one issue per secret and file.
    assert_eq!(issues.len(), 3);
    let mut fingerprints = Vec::new();
    for issue in issues {
        assert_eq!(issue["type"], "issue");
        assert_eq!(issue["engine_name"], "leakhound");
        assert_eq!(issue["categories"], serde_json::json!(["Security"]));
        assert!(!issue["check_name"].as_str().unwrap().is_empty());
        let description = issue["description"].as_str().unwrap();
        assert!(!description.contains('\n'), "{description}");
        assert!(description.contains("[REDACTED]"), "{description}");
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap())
        );
        let path = issue["location"]["path"].as_str().unwrap();
        assert!(!path.starts_with('/') && !path.starts_with("./"), "{path}");
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        let fp = issue["fingerprint"].as_str().unwrap();
        assert!(fp.len() == 64 && fp.chars().all(|c| c.is_ascii_hexdigit()));
        fingerprints.push(fp.to_string());
    }
    fingerprints.sort();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), 3, "fingerprints are unique per issue");
}

#[test]
fn codequality_fingerprints_survive_reruns_and_line_moves() {
    let (dir, _) = repo();
    let issue_of = |out: &str| {
        json(out.as_bytes())
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["location"]["path"] == "app/settings.py")
            .cloned()
            .unwrap()
    };
    let before = issue_of(&scan_ok(dir.path(), "codequality", &[], 1));
    let again = issue_of(&scan_ok(dir.path(), "codequality", &[], 1));
    assert_eq!(before["fingerprint"], again["fingerprint"]);
    write(
        dir.path(),
        "app/settings.py",
        format!(
            "import os\nimport sys\n\n\nGITHUB_TOKEN = \"{}\"\n",
            github_token()
        ),
    );
    let moved = issue_of(&scan_ok(dir.path(), "codequality", &[], 1));
    assert_eq!(moved["location"]["lines"]["begin"], 5);
    assert_eq!(before["fingerprint"], moved["fingerprint"]);
}

#[test]
fn codequality_never_shows_the_secret_even_when_asked() {
    let (dir, _) = repo();
    let out = scan_ok(dir.path(), "codequality", &["--show-secrets"], 1);
    assert_no_secret("codequality --show-secrets", &out);
}

#[test]
fn codequality_of_a_clean_scan_is_an_empty_array() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "nothing\n");
    let out = scan_ok(dir.path(), "codequality", &[], 0);
    assert_eq!(json(out.as_bytes()), serde_json::json!([]));
}
