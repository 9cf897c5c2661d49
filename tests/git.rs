//! History scans on repositories built by the tests with the git CLI (never committed `.git`
//! folders): first-commit provenance, HEAD status, refs, bare and linked worktrees, damage.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use predicates::prelude::*;

/// `git` in `dir`, isolated from the user's configuration, with a fixed identity.
fn git_command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    cmd
}

fn run_git(cmd: &mut Command) -> String {
    let out = cmd.output().expect("git runs");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn git(dir: &Path, args: &[&str]) -> String {
    run_git(git_command(dir).args(args))
}

/// A repository on branch `main`.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    dir
}

/// Commits everything at a fixed date (2024-01-DAY), so commit ids are stable within a test.
fn commit(dir: &Path, message: &str, day: u32) -> String {
    git(dir, &["add", "-A"]);
    let date = format!("2024-01-{day:02}T12:00:00Z");
    run_git(
        git_command(dir)
            .args(["commit", "-q", "--allow-empty", "-m", message])
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date),
    );
    git(dir, &["rev-parse", "HEAD"])
}

/// `leakhound scan --git --no-config EXTRA... DIR`.
fn git_scan(dir: &Path, extra: &[&str]) -> assert_cmd::Command {
    let mut cmd = leakhound();
    cmd.args(["scan", "--git", "--no-config"])
        .args(extra)
        .arg(dir);
    cmd
}

fn scan_git(dir: &Path, code: i32) -> serde_json::Value {
    run_json(git_scan(dir, &["-f", "json"]), code)
}

#[test]
fn a_removed_secret_is_found_with_the_commit_that_added_it() {
    let dir = repo();
    write(dir.path(), "README.md", "# app\n");
    commit(dir.path(), "Initial commit", 1);
    write(
        dir.path(),
        "config.py",
        format!("DEBUG = True\nTOKEN = \"{}\"\n", github_token()),
    );
    let added = commit(dir.path(), "Add config", 2);
    std::fs::remove_file(dir.path().join("config.py")).unwrap();
    commit(dir.path(), "Remove config", 3);

    let doc = scan_git(dir.path(), 1);
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{doc:#}");
    let loc = &findings[0]["locations"][0];
    assert_eq!(loc["path"], "config.py");
    assert_eq!(loc["line"], 2);
    assert_eq!(loc["commit"]["id"], added.as_str());
    assert_eq!(loc["commit"]["summary"], "Add config");
    assert_eq!(loc["commit"]["author"], "Ada");
    assert_eq!(loc["commit"]["date"], "2024-01-02T12:00:00Z");
    assert_eq!(loc["in_head"], false);
    assert_eq!(doc["summary"]["complete"], true);
}

#[test]
fn the_same_secret_in_two_files_is_one_finding_with_two_locations() {
    let dir = repo();
    write(dir.path(), "a.env", format!("TOKEN={}\n", github_token()));
    write(
        dir.path(),
        "b/c.yml",
        format!("token: {}\n", github_token()),
    );
    commit(dir.path(), "Add both", 1);
    let doc = scan_git(dir.path(), 1);
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    let paths: Vec<&str> = findings[0]["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a.env", "b/c.yml"]);
    assert!(
        findings[0]["locations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["in_head"] == true)
    );
}

#[test]
fn a_secret_only_on_a_deleted_branch_is_found_through_a_tag() {
    let dir = repo();
    write(dir.path(), "README.md", "# app\n");
    commit(dir.path(), "Initial commit", 1);
    git(dir.path(), &["checkout", "-q", "-b", "feature"]);
    write(
        dir.path(),
        "deploy.sh",
        format!("export AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"),
    );
    let secret_commit = commit(dir.path(), "Deploy script", 2);
    git(dir.path(), &["tag", "v0-feature"]);
    git(dir.path(), &["checkout", "-q", "main"]);
    git(dir.path(), &["branch", "-q", "-D", "feature"]);
    let doc = scan_git(dir.path(), 1);
    let loc = &doc["findings"][0]["locations"][0];
    assert_eq!(loc["commit"]["id"], secret_commit.as_str());
    assert_eq!(loc["in_head"], false);
}

#[test]
fn bare_repositories_and_linked_worktrees_are_scanned() {
    let dir = repo();
    write(dir.path(), "x.env", format!("TOKEN={}\n", github_token()));
    commit(dir.path(), "Add", 1);
    let parent = tempfile::tempdir().unwrap();
    let bare = parent.path().join("bare.git");
    git(
        dir.path(),
        &["clone", "-q", "--bare", ".", bare.to_str().unwrap()],
    );
    assert_eq!(scan_git(&bare, 1)["findings"].as_array().unwrap().len(), 1);
    let linked = parent.path().join("linked");
    git(
        dir.path(),
        &["worktree", "add", "-q", linked.to_str().unwrap()],
    );
    assert!(linked.join(".git").is_file());
    assert_eq!(
        scan_git(&linked, 1)["findings"].as_array().unwrap().len(),
        1
    );
}

#[test]
fn binary_blobs_are_skipped_and_counted() {
    let dir = repo();
    write(
        dir.path(),
        "logo.bin",
        [b"\0\x01".as_slice(), github_token().as_bytes()].concat(),
    );
    commit(dir.path(), "Add logo", 1);
    let doc = scan_git(dir.path(), 0);
    assert_eq!(doc["summary"]["skipped"]["by_reason"]["binary"], 1);
    assert_eq!(doc["summary"]["complete"], true);
}

#[test]
fn a_missing_object_loses_only_itself() {
    let dir = repo();
    write(
        dir.path(),
        "keep.env",
        format!("TOKEN={}\n", github_token()),
    );
    write(
        dir.path(),
        "lost.env",
        format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"),
    );
    commit(dir.path(), "Add two", 1);
    let lost = git(dir.path(), &["hash-object", "lost.env"]);
    std::fs::remove_file(
        dir.path()
            .join(".git/objects")
            .join(&lost[..2])
            .join(&lost[2..]),
    )
    .unwrap();
    let doc = scan_git(dir.path(), 1);
    assert_eq!(
        doc["findings"].as_array().unwrap().len(),
        1,
        "the intact blob's secret is still found"
    );
    assert_eq!(doc["summary"]["complete"], false);
    let items = doc["summary"]["skipped"]["items"].as_array().unwrap();
    assert!(
        items
            .iter()
            .any(|i| i["path"].as_str().unwrap().contains(&lost) && i["failure"] == true),
        "{items:#?}"
    );
}

#[test]
fn a_directory_that_is_not_a_repository_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    leakhound()
        .args(["scan", "--git", "--no-config"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a git repository"));
}

/// main: README (day 1) ← feature: secret added (day 2), another file (day 3).
fn repo_with_feature_branch() -> (tempfile::TempDir, String, String) {
    let dir = repo();
    write(dir.path(), "README.md", "# app\n");
    let base = commit(dir.path(), "Initial commit", 1);
    git(dir.path(), &["checkout", "-q", "-b", "feature"]);
    write(
        dir.path(),
        "settings.env",
        format!("TOKEN={}\n", github_token()),
    );
    commit(dir.path(), "Add settings", 2);
    write(dir.path(), "notes.txt", "nothing\n");
    let head = commit(dir.path(), "Add notes", 3);
    (dir, base, head)
}

#[test]
fn a_range_scans_what_its_commits_introduce() {
    let (dir, base, head) = repo_with_feature_branch();
    let in_range = run_json(
        git_scan(
            dir.path(),
            &["-f", "json", "--range", &format!("{base}..{head}")],
        ),
        1,
    );
    assert_eq!(
        in_range["findings"][0]["locations"][0]["commit"]["summary"],
        "Add settings"
    );
    // Only the commit after the secret: the secret was introduced before, so it is not reported.
    let after = git(dir.path(), &["rev-parse", "HEAD~1"]);
    let later = run_json(
        git_scan(dir.path(), &["-f", "json", "--since-commit", &after]),
        0,
    );
    assert_eq!(later["findings"].as_array().unwrap().len(), 0);
    assert_eq!(
        later["summary"]["files_scanned"], 1,
        "only notes.txt is new"
    );
    // `BASE..` means BASE..HEAD.
    run_json(
        git_scan(dir.path(), &["-f", "json", "--range", &format!("{base}..")]),
        1,
    );
}

#[test]
fn a_secret_that_a_range_removes_is_not_reported_by_that_range() {
    let (dir, _, head) = repo_with_feature_branch();
    std::fs::remove_file(dir.path().join("settings.env")).unwrap();
    commit(dir.path(), "Remove settings", 4);
    run_json(
        git_scan(dir.path(), &["-f", "json", "--since-commit", &head]),
        0,
    );
}

#[test]
fn an_unresolvable_range_base_is_a_clear_error_not_a_clean_scan() {
    let (dir, _, _) = repo_with_feature_branch();
    git_scan(
        dir.path(),
        &["--range", "0123456789abcdef0123456789abcdef01234567..HEAD"],
    )
    .assert()
    .code(2)
    .stderr(predicates::str::contains("cannot resolve"));
    leakhound()
        .args(["scan", "--git", "--range", "HEAD"])
        .arg(dir.path())
        .assert()
        .code(2);
    leakhound()
        .args(["scan", "--range", "a..b"])
        .arg(dir.path())
        .assert()
        .code(2);
}

#[test]
fn a_shallow_clone_without_the_base_says_to_fetch_more_history() {
    let (dir, base, _) = repo_with_feature_branch();
    let parent = tempfile::tempdir().unwrap();
    let shallow = parent.path().join("shallow");
    let url = format!("file://{}", dir.path().display());
    git(
        parent.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--branch",
            "feature",
            &url,
            shallow.to_str().unwrap(),
        ],
    );
    git_scan(&shallow, &["--range", &format!("{base}..HEAD")])
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("shallow clone")
                .and(predicates::str::contains("fetch-depth")),
        );
    git_scan(
        dir.path(),
        &["--range", "0000000000000000000000000000000000000000..HEAD"],
    )
    .assert()
    .code(2)
    .stderr(predicates::str::contains("new branch"));
}

#[test]
fn sarif_from_history_scans_has_its_own_category() {
    let (dir, base, _) = repo_with_feature_branch();
    let full = run_json(git_scan(dir.path(), &["-f", "sarif"]), 1);
    assert_eq!(
        full["runs"][0]["automationDetails"]["id"],
        "leakhound/history/"
    );
    let text = full["runs"][0]["results"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(
        text.contains("First seen in commit") && text.contains("still in HEAD"),
        "{text}"
    );
    assert_eq!(full["runs"][0]["results"][0]["properties"]["inHead"], true);
    let range = run_json(
        git_scan(
            dir.path(),
            &["-f", "sarif", "--range", &format!("{base}..HEAD")],
        ),
        1,
    );
    assert_eq!(
        range["runs"][0]["automationDetails"]["id"],
        "leakhound/range/"
    );
}

#[test]
fn excludes_apply_to_history_paths() {
    let dir = repo();
    write(
        dir.path(),
        "vendor/lib/keys.env",
        format!("TOKEN={}\n", github_token()),
    );
    write(
        dir.path(),
        "fixtures.env",
        format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"),
    );
    commit(dir.path(), "Add vendored and fixture files", 1);
    let doc = run_json(
        git_scan(
            dir.path(),
            &["-f", "json", "--exclude", "vendor/", "--exclude", "*.env"],
        ),
        0,
    );
    assert_eq!(doc["summary"]["files_scanned"], 0);
    // The same content at a path that is not excluded is still scanned.
    write(
        dir.path(),
        "app/keys.txt",
        format!("TOKEN={}\n", github_token()),
    );
    commit(dir.path(), "Copy the key", 2);
    let doc = run_json(
        git_scan(dir.path(), &["-f", "json", "--exclude", "vendor/"]),
        1,
    );
    let paths: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            f["locations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["path"].as_str().unwrap())
        })
        .collect();
    assert!(
        paths.contains(&"app/keys.txt") && !paths.iter().any(|p| p.starts_with("vendor/")),
        "{paths:?}"
    );
}
