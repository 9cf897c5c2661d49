//! Suppressions end to end: the value-keyed ignore file, expiry, unused entries, baselines,
//! inline markers, gating and exit codes, and the pre-commit hook in a real repository.

mod common;

use std::path::Path;

use common::*;
use predicates::prelude::*;

/// `leakhound scan -f json --no-progress EXTRA... .` in `dir`, expecting `code`.
fn scan(dir: &Path, extra: &[&str], code: i32) -> serde_json::Value {
    scan_as(dir, "json", extra, code)
}

fn scan_as(dir: &Path, format: &str, extra: &[&str], code: i32) -> serde_json::Value {
    let mut cmd = leakhound();
    cmd.current_dir(dir)
        .args(["scan", "--no-progress", "-f", format])
        .args(extra)
        .arg(".");
    run_json(cmd, code)
}

fn fingerprints(doc: &serde_json::Value, key: &str) -> Vec<String> {
    doc[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["fingerprint"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn ignore_add(dir: &Path, fingerprint: &str, extra: &[&str]) {
    leakhound()
        .current_dir(dir)
        .args([
            "ignore",
            "add",
            fingerprint,
            "--reason",
            "fake key in a fixture",
        ])
        .args(extra)
        .assert()
        .success()
        .stdout(predicate::str::contains(".leakhound-ignore.toml"));
}

#[test]
fn an_ignore_entry_follows_the_secret_across_lines_files_and_rebases() {
    let dir = repo();
    write(dir.path(), "app.env", format!("TOKEN={}\n", github_token()));
    commit(dir.path(), "Add config", 1);
    let doc = scan(dir.path(), &[], 1);
    let fp = fingerprints(&doc, "findings").remove(0);
    // As the pretty report prints it: 16 digits.
    ignore_add(dir.path(), &fp[..16], &["--owner", "sec@example.com"]);
    let doc = scan(dir.path(), &[], 0);
    assert_eq!(
        doc["summary"]["suppressed"]["by_reason"]["ignore-file: fake key in a fixture"],
        1
    );

    // Moved down and into another file: same secret, same fingerprint.
    std::fs::remove_file(dir.path().join("app.env")).unwrap();
    write(
        dir.path(),
        "config/settings.py",
        format!(
            "# settings\n\nDEBUG = False\nGITHUB = \"{}\"\n",
            github_token()
        ),
    );
    scan(dir.path(), &[], 0);
    commit(dir.path(), "Move the token", 2);
    // History scan, then the same after squashing both commits into one.
    let history = scan(dir.path(), &["--git"], 0);
    assert_eq!(history["summary"]["suppressed"]["total"], 2);
    git(dir.path(), &["reset", "--soft", "HEAD~1"]);
    git(dir.path(), &["commit", "-q", "--amend", "-m", "Squashed"]);
    git(dir.path(), &["reflog", "expire", "--expire=now", "--all"]);
    git(dir.path(), &["gc", "-q", "--prune=now"]);
    scan(dir.path(), &["--git"], 0);

    // With --show-suppressed the finding is there, saying why and by whom.
    let doc = scan(dir.path(), &["--show-suppressed"], 0);
    let sup = &doc["suppressed_findings"][0]["suppression"];
    assert_eq!(sup["kind"], "ignore-file");
    assert_eq!(sup["owner"], "sec@example.com");
    assert!(
        sup["source"]
            .as_str()
            .unwrap()
            .starts_with(".leakhound-ignore.toml:")
    );
}

#[test]
fn expired_entries_stop_suppressing_and_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app.env", format!("TOKEN={}\n", github_token()));
    let fp = fingerprints(&scan(dir.path(), &[], 1), "findings").remove(0);
    write(
        dir.path(),
        ".leakhound-ignore.toml",
        format!(
            "[[ignore]]\nfingerprint = \"{fp}\"\nreason = \"temporary\"\nexpires = 2020-01-31\n"
        ),
    );
    let mut cmd = leakhound();
    cmd.current_dir(dir.path())
        .args(["scan", "-f", "json", "--no-progress", "."]);
    let assert = cmd.assert().code(1).stderr(predicate::str::contains(
        "expired ignore entry no longer suppresses: .leakhound-ignore.toml:1",
    ));
    let doc = json(&assert.get_output().stdout);
    assert_eq!(fingerprints(&doc, "findings"), vec![fp.clone()]);
    assert_eq!(
        doc["summary"]["suppressed"]["ignores_expired"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // A future date suppresses.
    write(
        dir.path(),
        ".leakhound-ignore.toml",
        format!(
            "[[ignore]]\nfingerprint = \"{fp}\"\nreason = \"temporary\"\nexpires = 2999-01-31\n"
        ),
    );
    scan(dir.path(), &[], 0);
}

#[test]
fn unused_entries_fail_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "README.md", "nothing to see\n");
    ignore_add(dir.path(), "0123456789abcdef0123", &[]);
    let doc = scan(dir.path(), &[], 0);
    assert_eq!(
        doc["summary"]["suppressed"]["ignores_unused"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    leakhound()
        .current_dir(dir.path())
        .args(["scan", "--no-progress", "--fail-on-unused-ignores", "."])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "unused ignore entry: .leakhound-ignore.toml:",
        ));
    write(
        dir.path(),
        ".leakhound.toml",
        "[fail]\nunused-ignores = true\nexit-code = 7\n",
    );
    leakhound()
        .current_dir(dir.path())
        .args(["scan", "--no-progress", "."])
        .assert()
        .code(7);
}

#[test]
fn ignore_file_errors_name_the_place() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".leakhound-ignore.toml",
        "[[ignore]]\nfingerprint = \"0123456789abcdef\"\nreason = \"\"\n",
    );
    leakhound()
        .current_dir(dir.path())
        .args(["scan", "--no-progress", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".leakhound-ignore.toml:3:10:"));
    leakhound()
        .current_dir(dir.path())
        .args(["ignore", "add", "0123", "--reason", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a fingerprint"));
    // A file written with one fingerprint key is refused under another.
    std::fs::remove_file(dir.path().join(".leakhound-ignore.toml")).unwrap();
    ignore_add(dir.path(), "0123456789abcdef", &[]);
    leakhound()
        .current_dir(dir.path())
        .env("LEAKHOUND_FINGERPRINT_KEY", "the team's key")
        .args(["scan", "--no-progress", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("another fingerprint key"));
}

#[test]
fn a_baseline_reports_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.env", format!("TOKEN={}\n", github_token()));
    leakhound()
        .current_dir(dir.path())
        .args([
            "scan",
            "--no-progress",
            "--write-baseline",
            "baseline.json",
            ".",
        ])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("wrote 1 finding to baseline"));
    let text = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    assert!(
        !text.contains(&github_token()[4..]),
        "no secret in a baseline"
    );
    // Moving the old secret changes nothing; a new one is reported alone.
    std::fs::rename(dir.path().join("old.env"), dir.path().join("moved.env")).unwrap();
    write(
        dir.path(),
        "new.env",
        format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"),
    );
    let doc = scan(dir.path(), &["--baseline", "baseline.json"], 1);
    let found = doc["findings"].as_array().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["locations"][0]["path"], "new.env");
    assert_eq!(doc["summary"]["suppressed"]["baseline_matched"], 1);
    // An earlier JSON report works as a baseline too.
    let report = dir.path().join("report.json");
    leakhound()
        .current_dir(dir.path())
        .args([
            "scan",
            "--no-progress",
            "-f",
            "json",
            "-o",
            "report.json",
            ".",
        ])
        .assert()
        .code(1);
    assert!(report.is_file());
    scan(dir.path(), &["--baseline", "report.json"], 0);
    // A missing baseline is an error, never a silent "everything is new" or "all clean".
    leakhound()
        .current_dir(dir.path())
        .args(["scan", "--no-progress", "--baseline", "missing.json", "."])
        .assert()
        .code(2);
}

#[test]
fn every_marker_suppresses_and_foreign_ones_can_be_switched_off() {
    let markers = [
        ("leakhound:allow", true),
        ("gitleaks:allow", false),
        ("trufflehog:ignore", false),
        ("pragma: allowlist secret", false),
        ("kingfisher:ignore", false),
    ];
    for (marker, ours) in markers {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "app.py",
            format!("TOKEN = \"{}\"  # {marker}\n", github_token()),
        );
        let doc = scan(dir.path(), &[], 0);
        assert_eq!(
            doc["summary"]["suppressed"]["by_reason"]
                [format!("inline-marker: `{marker}` on the line")],
            1,
            "{marker}"
        );
        scan(
            dir.path(),
            &["--no-foreign-markers"],
            if ours { 0 } else { 1 },
        );
    }
    // The marker counts on the secret's line only.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.py",
        format!("# leakhound:allow\nTOKEN = \"{}\"\n", github_token()),
    );
    scan(dir.path(), &[], 1);
    // Config switch.
    write(
        dir.path(),
        "app.py",
        format!("TOKEN = \"{}\"  # gitleaks:allow\n", github_token()),
    );
    write(
        dir.path(),
        ".leakhound.toml",
        "[ignore]\nforeign-markers = false\n",
    );
    scan(dir.path(), &[], 1);
}

#[test]
fn suppressed_results_leave_github_sarif_unless_shown_and_then_validate() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.py",
        format!("TOKEN = \"{}\"  # leakhound:allow\n", github_token()),
    );
    write(
        dir.path(),
        "live.env",
        format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"),
    );
    let doc = scan_as(dir.path(), "sarif", &[], 1);
    assert_eq!(doc["runs"][0]["results"].as_array().unwrap().len(), 1);
    let doc = scan_as(dir.path(), "sarif", &["--show-suppressed"], 1);
    assert_valid(&schema("sarif-schema-2.1.0.json"), &doc);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let suppressed: Vec<_> = results
        .iter()
        .filter_map(|r| r.get("suppressions"))
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0][0]["kind"], "inSource");
    assert_eq!(suppressed[0][0]["status"], "accepted");
}

#[test]
fn gating_by_level_and_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    // A generic password: medium severity, low confidence.
    write(
        dir.path(),
        "settings.py",
        "DB_PASSWORD = \"Tq8vLz2Wm4pRkXw5\"\n",
    );
    let doc = scan(dir.path(), &["--fail-on", "confidence=high"], 0);
    assert_eq!(
        doc["findings"].as_array().unwrap().len(),
        1,
        "reported, not failing"
    );
    scan(dir.path(), &["--fail-on", "severity=medium"], 1);
    write(
        dir.path(),
        ".leakhound.toml",
        "[fail]\nseverity = \"high\"\n",
    );
    scan(dir.path(), &[], 0);
    // A critical AWS key id fails it.
    write(
        dir.path(),
        "live.env",
        format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"),
    );
    scan(dir.path(), &[], 1);
    scan(dir.path(), &["--findings-exit-code", "42"], 42);
    scan(dir.path(), &["--findings-exit-code", "0"], 0);
    leakhound()
        .current_dir(dir.path())
        .args(["scan", "--findings-exit-code", "3", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("incomplete"));
    leakhound()
        .current_dir(dir.path())
        .args(["scan", "--fail-on", "high", "."])
        .assert()
        .code(2);
}

#[test]
fn config_disables_rules_and_sets_report_thresholds() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "live.env",
        format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"),
    );
    write(
        dir.path(),
        ".leakhound.toml",
        "[scan]\ndisable = [\"aws-access-key-id\"]\n",
    );
    scan(dir.path(), &[], 0);
    write(
        dir.path(),
        ".leakhound.toml",
        "[scan]\ndisable = [\n  \"aws-acces-key-id\",\n]\n",
    );
    leakhound()
        .current_dir(dir.path())
        .args(["scan", "."])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(".leakhound.toml:3:3:")
                .and(predicate::str::contains("not a loaded rule")),
        );
    write(
        dir.path(),
        ".leakhound.toml",
        "[report]\nmin-severity = \"critical\"\n",
    );
    scan(dir.path(), &[], 1);
    scan(dir.path(), &["--min-confidence", "high"], 1);
}

#[test]
fn gitleaksignore_entries_are_imported_by_the_finding_they_point_at() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "deploy/app.env",
        format!("# deploy\nTOKEN={}\n", github_token()),
    );
    write(
        dir.path(),
        ".gitleaksignore",
        "# migrated\ndeploy/app.env:github-pat:2\nsrc/gone.py:generic-api-key:9\nnonsense\n",
    );
    leakhound()
        .current_dir(dir.path())
        .args(["ignore", "import-gitleaks"])
        .assert()
        .code(3)
        .stderr(
            predicate::str::contains("not imported: no finding at src/gone.py:9")
                .and(predicate::str::contains(".gitleaksignore:4: not imported"))
                .and(predicate::str::contains(
                    "1 of 2 .gitleaksignore entries imported",
                )),
        );
    let text = std::fs::read_to_string(dir.path().join(".leakhound-ignore.toml")).unwrap();
    assert!(text.contains("imported from .gitleaksignore:2: deploy/app.env:github-pat:2"));
    scan(dir.path(), &[], 0);
}

mod hook {
    use super::*;

    fn commit_ok(dir: &Path, message: &str) -> std::process::Output {
        git(dir, &["add", "-A"]);
        let mut cmd = git_command(dir);
        cmd.args(["commit", "-q", "-m", message]);
        cmd.output().unwrap()
    }

    #[test]
    fn install_hook_blocks_a_secret_and_lets_a_marked_fake_through() {
        let dir = repo();
        write(dir.path(), "README.md", "# app\n");
        assert!(commit_ok(dir.path(), "Initial").status.success());
        leakhound()
            .current_dir(dir.path())
            .args(["install-hook"])
            .assert()
            .success()
            .stdout(predicate::str::contains("--no-verify"));
        let hook = dir.path().join(".git/hooks/pre-commit");
        assert!(hook.is_file());

        write(dir.path(), "app.env", format!("TOKEN={}\n", github_token()));
        let out = commit_ok(dir.path(), "Add token");
        assert!(!out.status.success(), "the hook blocks the commit");
        // git sends a hook's standard output to its standard error.
        let shown = String::from_utf8_lossy(&out.stderr);
        assert!(shown.contains("app.env:1"), "{shown}");
        assert!(!shown.contains(&github_token()), "redacted: {shown}");

        write(
            dir.path(),
            "app.env",
            format!("TOKEN={}  # leakhound:allow test fixture\n", github_token()),
        );
        let out = commit_ok(dir.path(), "Add marked fake");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        // Reinstalling over our own hook is fine.
        leakhound()
            .current_dir(dir.path())
            .args(["install-hook"])
            .assert()
            .success();
    }

    #[test]
    fn install_hook_from_a_linked_worktree_writes_the_shared_hook() {
        let dir = repo();
        write(dir.path(), "README.md", "# app\n");
        assert!(commit_ok(dir.path(), "Initial").status.success());
        let linked = dir.path().join("linked");
        git(
            dir.path(),
            &["worktree", "add", "-q", "-b", "side", "linked"],
        );
        leakhound()
            .current_dir(&linked)
            .args(["install-hook"])
            .assert()
            .success();
        assert!(dir.path().join(".git/hooks/pre-commit").is_file());
        write(&linked, "app.env", format!("TOKEN={}\n", github_token()));
        assert!(
            !commit_ok(&linked, "Add token").status.success(),
            "blocked in the worktree too"
        );
    }

    #[test]
    fn install_hook_honours_core_hooks_path_and_never_overwrites_a_foreign_hook() {
        let dir = repo();
        git(dir.path(), &["config", "core.hooksPath", "ci/hooks"]);
        write(
            dir.path(),
            "ci/hooks/pre-commit",
            "#!/bin/sh\nexec make lint\n",
        );
        leakhound()
            .current_dir(dir.path())
            .args(["install-hook"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "ci/hooks/pre-commit already exists",
            ));
        leakhound()
            .current_dir(dir.path())
            .args(["install-hook", "--force"])
            .assert()
            .success()
            .stderr(predicate::str::contains("pre-commit.leakhound-backup"));
        let hook = std::fs::read_to_string(dir.path().join("ci/hooks/pre-commit")).unwrap();
        assert!(hook.contains("scan --staged"));
        let backup =
            std::fs::read_to_string(dir.path().join("ci/hooks/pre-commit.leakhound-backup"))
                .unwrap();
        assert!(backup.contains("make lint"));
    }
}
