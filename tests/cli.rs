//! Drives the real binary on temporary trees: findings, exit codes, skips, errors, redaction.

mod common;

use common::*;
use predicates::prelude::*;

fn tree_with_secret() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "src/settings.py",
        format!("import os\nTOKEN = \"{}\"\n", github_token()),
    );
    write(
        dir.path(),
        ".env",
        format!(
            "GITHUB_TOKEN={}\nAWS_ACCESS_KEY_ID={AWS_KEY_ID}\n",
            github_token()
        ),
    );
    write(dir.path(), "README.md", "# demo\nNothing to see.\n");
    dir
}

#[test]
fn clean_tree_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.rs", "fn main() { println!(\"hi\"); }\n");
    leakhound()
        .args(["scan", "--no-config"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No secrets found"));
}

#[test]
fn findings_exit_one_with_one_finding_per_unique_secret() {
    let dir = tree_with_secret();
    let doc = run_json(
        leakhound()
            .current_dir(dir.path())
            .args(["scan", "--no-config", "-f", "json", "."]),
        1,
    );
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{doc:#}");
    let gh = findings
        .iter()
        .find(|f| f["rule_id"] == "github-pat-classic")
        .unwrap();
    assert_eq!(gh["occurrences"], 2);
    let paths: Vec<&str> = gh["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, [".env", "src/settings.py"]);
    let loc = &gh["locations"][1];
    assert_eq!(
        (
            loc["line"].as_u64(),
            loc["column"].as_u64(),
            loc["end_column"].as_u64()
        ),
        (Some(2), Some(10), Some(50))
    );
    assert_eq!(doc["summary"]["complete"], true);
    assert_eq!(doc["summary"]["files_scanned"], 3);
}

#[test]
fn unreadable_input_makes_the_scan_incomplete() {
    // /proc/self/mem opens fine and fails on read (EIO), even for root.
    let doc = run_json(
        leakhound().args(["scan", "--no-config", "-f", "json", "/proc/self/mem"]),
        3,
    );
    assert_eq!(doc["summary"]["complete"], false);
    assert_eq!(
        doc["summary"]["skipped"]["items"][0]["reason"],
        "unreadable"
    );
    assert_eq!(
        doc["summary"]["skipped"]["items"][0]["path"],
        "/proc/self/mem"
    );
}

#[test]
fn findings_win_over_incompleteness_but_the_report_says_incomplete() {
    let dir = tree_with_secret();
    let out = leakhound()
        .args(["scan", "--no-config", "-f", "json", "/proc/self/mem"])
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert_eq!(json(&out)["summary"]["complete"], false);
}

#[test]
fn bad_rule_file_is_reported_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "rules/bad.toml",
        "[[rules]]\nid = 'broken'\nname = 'x'\ndescription = 'x'\nseverity = 'high'\nconfidence = 'high'\nkeywords = ['abc']\nregex = '(unclosed'\n",
    );
    write(dir.path(), "tree/a.txt", "nothing\n");
    let assert = leakhound()
        .current_dir(dir.path())
        .args([
            "scan",
            "--no-config",
            "-f",
            "json",
            "--rules",
            "rules/bad.toml",
            "tree",
        ])
        .assert()
        .code(3);
    let doc = json(&assert.get_output().stdout);
    let item = &doc["summary"]["skipped"]["items"][0];
    assert_eq!(item["reason"], "bad-rule");
    let detail = item["detail"].as_str().unwrap();
    assert!(
        detail.contains("rules/bad.toml") && detail.contains("broken"),
        "{detail}"
    );
    // The built-in rules still ran.
    write(dir.path(), "tree/b.txt", format!("t={}\n", github_token()));
    leakhound()
        .current_dir(dir.path())
        .args(["scan", "--no-config", "--rules", "rules/bad.toml", "tree"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("INCOMPLETE"));
}

#[test]
fn missing_rule_path_and_bad_flags_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    leakhound()
        .args(["scan", "--no-config", "--rules", "/nonexistent/rules.toml"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/rules.toml"));
    leakhound().args(["scan", "--bogus-flag"]).assert().code(2);
    leakhound()
        .args(["scan", "--format", "xml"])
        .assert()
        .code(2);
    leakhound()
        .args(["scan", "/nonexistent/path"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/path"));
}

#[test]
fn output_path_that_is_a_directory_fails_before_scanning() {
    let dir = tree_with_secret();
    leakhound()
        .args(["scan", "--no-config", "-o"])
        .arg(dir.path())
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"))
        .stdout(predicate::str::is_empty());
}

#[test]
fn output_file_is_written_and_stdout_stays_empty() {
    let dir = tree_with_secret();
    let report = dir.path().join("out/report.sarif");
    std::fs::create_dir(dir.path().join("out")).unwrap();
    leakhound()
        .current_dir(dir.path())
        .args([
            "scan",
            "--no-config",
            "-f",
            "sarif",
            "-o",
            "out/report.sarif",
            "src",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    let doc = json(&std::fs::read(&report).unwrap());
    assert_eq!(doc["version"], "2.1.0");
    // No temporary file is left behind.
    assert_eq!(
        std::fs::read_dir(dir.path().join("out")).unwrap().count(),
        1
    );
}

#[test]
fn secrets_are_redacted_everywhere_unless_asked() {
    let dir = tree_with_secret();
    let token = github_token();
    for format in ["pretty", "json", "jsonl", "sarif"] {
        let assert = leakhound()
            .current_dir(dir.path())
            .args([
                "scan",
                "--no-config",
                "--color",
                "always",
                "-f",
                format,
                ".",
            ])
            .assert()
            .code(1);
        let out = assert.get_output();
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(!text.contains(&token), "{format} leaked the token");
            assert!(!text.contains(AWS_KEY_ID), "{format} leaked the key id");
        }
        let file = dir.path().join(format!("report.{format}"));
        leakhound()
            .current_dir(dir.path())
            .args(["scan", "--no-config", "-f", format, "-o"])
            .arg(&file)
            .arg("src")
            .assert()
            .code(1);
        assert!(!String::from_utf8_lossy(&std::fs::read(&file).unwrap()).contains(&token));
        std::fs::remove_file(&file).unwrap();
        leakhound()
            .current_dir(dir.path())
            .args(["scan", "--no-config", "--show-secrets", "-f", format, "src"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains(token.as_str()));
    }
}

#[test]
fn stdin_is_scanned_with_dash() {
    leakhound()
        .args(["scan", "--no-config", "-f", "jsonl", "-"])
        .write_stdin(format!("export GITHUB_TOKEN={}\n", github_token()))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"path\":\"<stdin>\""));
}

#[test]
fn binary_files_are_scanned_for_strings_unless_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let mut wide = Vec::new();
    for unit in github_token().encode_utf16() {
        wide.extend_from_slice(&unit.to_le_bytes());
    }
    write(
        dir.path(),
        "blob.bin",
        [
            b"\0\x01\x02 ".as_slice(),
            github_token().as_bytes(),
            b"\0\xff\0",
            &wide,
            b"\0\0",
        ]
        .concat(),
    );
    let doc = run_json(
        leakhound()
            .args(["scan", "--no-config", "-f", "json"])
            .arg(dir.path()),
        1,
    );
    let finding = &doc["findings"][0];
    let steps: Vec<_> = finding["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["decoded"][0].as_str().unwrap(),
                l["offset"].as_u64().unwrap(),
            )
        })
        .collect();
    // Both the ASCII and the UTF-16LE copy, each at its byte offset.
    assert_eq!(steps, [("printable", 4), ("utf-16le", 47)], "{finding:#}");
    let doc = run_json(
        leakhound()
            .args(["scan", "--no-config", "-f", "json", "--skip-binary"])
            .arg(dir.path()),
        0,
    );
    assert_eq!(doc["summary"]["skipped"]["by_reason"]["binary"], 1);
    assert_eq!(doc["summary"]["complete"], true);
    leakhound()
        .args(["scan", "--no-config", "--include-binary"])
        .arg(dir.path())
        .assert()
        .code(1);
}

#[test]
fn ignore_files_excludes_symlinks_and_fifos() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".ignore", "ignored/\n");
    write(root, "ignored/key.txt", format!("{}\n", github_token()));
    write(root, "vendor/key.txt", format!("{}\n", github_token()));
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "key.txt", format!("{}\n", github_token()));
    std::os::unix::fs::symlink(outside.path().join("key.txt"), root.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("linkdir")).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(root.join("pipe"))
            .status()
            .unwrap()
            .success()
    );
    let doc = run_json(
        leakhound()
            .args(["scan", "--no-config", "-f", "json", "--exclude", "vendor/"])
            .arg(root)
            .timeout(std::time::Duration::from_secs(20)),
        0,
    );
    assert_eq!(
        doc["summary"]["skipped"]["by_reason"]["symlink"], 2,
        "{doc:#}"
    );
    assert_eq!(doc["summary"]["skipped"]["by_reason"]["special-file"], 1);
    leakhound()
        .args(["scan", "--no-config", "--no-ignore"])
        .arg(root)
        .assert()
        .code(1);
}

#[test]
fn project_config_suppresses_with_reason_and_counts() {
    let dir = tree_with_secret();
    write(
        dir.path(),
        ".leakhound.toml",
        "[[allow]]\npaths = ['src/**', '.env']\nreason = 'fixtures'\n",
    );
    let doc = run_json(
        leakhound()
            .current_dir(dir.path())
            .args(["scan", "-f", "json"]),
        0,
    );
    assert_eq!(doc["summary"]["suppressed"]["total"], 3);
    assert_eq!(
        doc["summary"]["suppressed"]["by_reason"]["config-allow: fixtures"],
        3
    );
    write(
        dir.path(),
        ".leakhound.toml",
        "[[allow]]\npaths = ['src/**']\nreason = 'fixtures'\nextra = 1\n",
    );
    leakhound()
        .current_dir(dir.path())
        .args(["scan"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ".leakhound.toml:4:1: unknown field `extra`",
        ));
}

#[test]
fn checksum_failures_are_not_findings() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = github_token();
    bad.replace_range(10..11, if &bad[10..11] == "A" { "B" } else { "A" });
    write(dir.path(), "a.env", format!("GITHUB_TOKEN={bad}\n"));
    leakhound()
        .args(["scan", "--no-config"])
        .arg(dir.path())
        .assert()
        .code(0);
}

#[test]
fn builtin_rules_pass_their_own_examples() {
    leakhound()
        .args(["rules", "check"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(" 0 failures"));
}

#[test]
fn rules_check_reports_every_failure_of_a_user_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "r.toml",
        "[[rules]]\nid='one'\nname='x'\ndescription='x'\nseverity='low'\nconfidence='low'\nkeywords=['one_']\nregex='one_[a-z]{3}'\ntags=['t']\nreferences=['https://example.com']\npositives=[{text='one_abc', secret='one_abd'}]\nnegatives=['one_xyz']\n",
    );
    leakhound()
        .args(["rules", "check"])
        .arg(dir.path().join("r.toml"))
        .assert()
        .code(2)
        .stdout(
            predicate::str::contains("rule one: positive #1")
                .and(predicate::str::contains("rule one: negative #1"))
                .and(predicate::str::contains("2 failures")),
        );
}

#[test]
fn rules_list_prints_every_rule() {
    let list = run_json(leakhound().args(["rules", "list", "--json"]), 0);
    let n = list.as_array().unwrap().len();
    assert!(n >= 24, "{n} rules");
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "github-pat-classic")
    );
}

#[test]
fn rules_list_filters_by_tag() {
    let all = run_json(leakhound().args(["rules", "list", "--json"]), 0);
    let github = run_json(
        leakhound().args(["rules", "list", "--json", "--tag", "GitHub"]),
        0,
    );
    let github = github.as_array().unwrap();
    assert!(!github.is_empty() && github.len() < all.as_array().unwrap().len());
    assert!(
        github
            .iter()
            .all(|r| r["tags"].as_array().unwrap().iter().any(|t| t == "github"))
    );
    let none = run_json(
        leakhound().args([
            "rules", "list", "--json", "--tag", "github", "--tag", "payments",
        ]),
        0,
    );
    assert_eq!(
        none.as_array().unwrap().len(),
        0,
        "tags narrow: every one must match"
    );
}

#[test]
fn rules_explain_shows_pattern_examples_and_references() {
    leakhound()
        .args(["rules", "explain", "github-pat-classic"])
        .assert()
        .success()
        .stdout(predicate::str::contains("pattern    \\b(ghp_"))
        .stdout(predicate::str::contains("reference  https://github.blog/"))
        .stdout(predicate::str::contains("matches    GITHUB_TOKEN=ghp_"))
        .stdout(predicate::str::contains("ignores    "));
    let rule = run_json(
        leakhound().args(["rules", "explain", "--json", "github-pat-classic"]),
        0,
    );
    assert_eq!(rule["checksum"], "github");
    assert!(!rule["positives"].as_array().unwrap().is_empty());
    leakhound()
        .args(["rules", "explain", "github"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean github-pat-classic"));
}

#[test]
fn interrupt_stops_quickly_and_still_writes_an_incomplete_report() {
    let dir = tempfile::tempdir().unwrap();
    // A sparse 16 GiB file: free on disk, and long enough to scan that the signal lands first.
    let big = std::fs::File::create(dir.path().join("big.log")).unwrap();
    big.set_len(16 << 30).unwrap();
    let report = dir.path().join("report.json");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("leakhound"))
        .args([
            "scan",
            "--no-config",
            "--include-binary",
            "--max-file-size",
            "32G",
            "-f",
            "json",
            "-o",
        ])
        .arg(&report)
        .arg(dir.path().join("big.log"))
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let sent = std::time::Instant::now();
    assert!(
        std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert!(
        sent.elapsed() < std::time::Duration::from_secs(2),
        "took {:?}",
        sent.elapsed()
    );
    assert_eq!(status.code(), Some(130));
    let doc = json(&std::fs::read(&report).unwrap());
    assert_eq!(doc["summary"]["complete"], false);
    assert_eq!(doc["summary"]["interrupted_by_signal"], 2);
}

#[test]
fn output_to_a_fifo_is_written_in_place_never_replaced() {
    // Regression: `-o /dev/null` once renamed a temporary file over the device node.
    let dir = tree_with_secret();
    let fifo = dir.path().join("report.fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    leakhound()
        .args(["scan", "--no-config", "-f", "json", "-o"])
        .arg(&fifo)
        .arg(dir.path().join("src"))
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(1);
    let received = reader.join().unwrap();
    assert_eq!(json(&received)["summary"]["files_scanned"], 1);
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[test]
fn output_through_a_symlink_replaces_the_target_not_the_link() {
    let dir = tree_with_secret();
    write(dir.path(), "reports/real.json", "old");
    std::os::unix::fs::symlink(
        dir.path().join("reports/real.json"),
        dir.path().join("link.json"),
    )
    .unwrap();
    leakhound()
        .args(["scan", "--no-config", "-f", "json", "-o"])
        .arg(dir.path().join("link.json"))
        .arg(dir.path().join("src"))
        .assert()
        .code(1);
    assert!(
        std::fs::symlink_metadata(dir.path().join("link.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let text = std::fs::read_to_string(dir.path().join("reports/real.json")).unwrap();
    assert_eq!(json(text.as_bytes())["summary"]["files_scanned"], 1);
}

#[test]
fn large_files_are_scanned_in_ranges_with_exact_lines() {
    // 40 MB: above the range-scanning threshold, with secrets at the start, straddling the
    // first 8 MiB range boundary, and at the end.
    let token = github_token();
    let filler = "let value = compute(42); // ordinary code\n"; // 42 bytes
    let mut text = String::new();
    let mut expected = Vec::new();
    let mut line = 1u64;
    let mut push_secret = |text: &mut String, line: &mut u64| {
        text.push_str(&format!("TOKEN={token}\r\n"));
        expected.push(*line);
        *line += 1;
    };
    push_secret(&mut text, &mut line);
    while text.len() < 8 * 1024 * 1024 - 20 {
        text.push_str(filler);
        line += 1;
    }
    push_secret(&mut text, &mut line); // crosses the 8 MiB boundary
    while text.len() < 40_000_000 {
        text.push_str(filler);
        line += 1;
    }
    push_secret(&mut text, &mut line);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "big.log", &text);
    let doc = run_json(
        leakhound()
            .args(["scan", "--no-config", "-j", "2", "-f", "json"])
            .arg(dir.path().join("big.log")),
        1,
    );
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    let lines: Vec<u64> = findings[0]["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, expected);
    assert_eq!(findings[0]["occurrences"], 3);
    assert!(
        findings[0]["locations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["column"] == 7)
    );
    assert_eq!(doc["summary"]["bytes_scanned"], text.len() as u64);
}

#[test]
fn a_rule_with_a_path_reports_only_in_matching_files() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "rules.toml",
        r#"[[rules]]
id = "demo-npmrc-only"
name = "Demo"
description = "d"
severity = "low"
confidence = "high"
keywords = ["dmo_"]
regex = '''\b(dmo_[a-z]{8})\b'''
path = '''(^|/)\.npmrc$'''
tags = ["demo"]
references = ["https://example.com"]
positives = [{ text = "x dmo_abcdefgh", secret = "dmo_abcdefgh" }]
negatives = ["dmo_abc"]
"#,
    );
    write(dir.path(), "app/.npmrc", "dmo_abcdefgh\n");
    write(dir.path(), "app/notes.txt", "dmo_abcdefgh\n");
    let doc = run_json(
        leakhound().current_dir(dir.path()).args([
            "scan",
            "--no-config",
            "--no-builtin-rules",
            "--rules",
            "rules.toml",
            "-f",
            "json",
            "app",
        ]),
        1,
    );
    let paths: Vec<&str> = doc["findings"][0]["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["app/.npmrc"]);
    assert_eq!(doc["summary"]["suppressed"]["total"], 0);
}
