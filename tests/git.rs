//! History scans on repositories built by the tests with the git CLI (never committed `.git`
//! folders): first-commit provenance, HEAD status, refs, bare and linked worktrees, damage.

mod common;

use std::path::Path;

use common::*;
use predicates::prelude::*;

/// `leakhound scan --git --no-config EXTRA... DIR`.
fn git_scan(dir: &Path, extra: &[&str]) -> assert_cmd::Command {
    let mut cmd = leakhound();
    cmd.args(["scan", "--git", "--no-config"])
        .args(extra)
        .arg(dir);
    cmd
}

/// The scan is incomplete and a failure record names `id`.
fn assert_failure_recorded(doc: &serde_json::Value, id: &str) {
    assert_eq!(doc["summary"]["complete"], false);
    let items = doc["summary"]["skipped"]["items"].as_array().unwrap();
    assert!(
        items
            .iter()
            .any(|i| i["path"].as_str().unwrap().contains(id) && i["failure"] == true),
        "{items:#?}"
    );
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
fn binary_blobs_are_scanned_for_strings_or_skipped_and_counted() {
    let dir = repo();
    write(
        dir.path(),
        "logo.bin",
        [b"\0\x01".as_slice(), github_token().as_bytes()].concat(),
    );
    commit(dir.path(), "Add logo", 1);
    let doc = scan_git(dir.path(), 1);
    let location = &doc["findings"][0]["locations"][0];
    assert_eq!(location["path"], "logo.bin");
    assert_eq!(location["decoded"][0], "printable");
    let doc = run_json(git_scan(dir.path(), &["-f", "json", "--skip-binary"]), 0);
    assert_eq!(doc["summary"]["skipped"]["by_reason"]["binary"], 1);
    assert_eq!(doc["summary"]["complete"], true);
}

/// Two secrets in two files, one commit: damage tests make `lost.env` unreadable.
fn repo_with_keep_and_lost() -> tempfile::TempDir {
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
    dir
}

#[test]
fn a_missing_object_loses_only_itself() {
    let dir = repo_with_keep_and_lost();
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
    assert_failure_recorded(&doc, &lost);
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
    let loc = &in_range["findings"][0]["locations"][0];
    assert_eq!(loc["commit"]["summary"], "Add settings");
    // The newest commit of the range that still holds it.
    assert_eq!(loc["last_commit"]["id"], head.as_str());
    assert_eq!(loc["in_head"], true);
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
    // A full-history scan reads every blob before it knows its paths: excluded paths are
    // read, but nothing under them is reported.
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0);
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

/// (path, first commit) of each location.
fn paths_and_first_commits<'a>(locs: &[&'a serde_json::Value]) -> Vec<(&'a str, &'a str)> {
    locs.iter()
        .map(|l| {
            (
                l["path"].as_str().unwrap(),
                l["commit"]["id"].as_str().unwrap(),
            )
        })
        .collect()
}

fn locations(doc: &serde_json::Value) -> Vec<&serde_json::Value> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["locations"].as_array().unwrap())
        .collect()
}

#[test]
fn a_secret_introduced_by_a_merge_commit_names_the_merge() {
    let dir = repo();
    write(dir.path(), "a.txt", "a\n");
    commit(dir.path(), "Initial commit", 1);
    git(dir.path(), &["checkout", "-q", "-b", "feature"]);
    write(dir.path(), "b.txt", "b\n");
    commit(dir.path(), "Feature work", 2);
    git(dir.path(), &["checkout", "-q", "main"]);
    write(dir.path(), "c.txt", "c\n");
    commit(dir.path(), "Main work", 3);
    git(
        dir.path(),
        &["merge", "-q", "--no-ff", "--no-commit", "feature"],
    );
    write(
        dir.path(),
        "deploy.env",
        format!("TOKEN={}\n", github_token()),
    );
    let merge = commit(dir.path(), "Merge feature", 4);
    let doc = scan_git(dir.path(), 1);
    let locs = locations(&doc);
    assert_eq!(locs.len(), 1, "{doc:#}");
    assert_eq!(locs[0]["path"], "deploy.env");
    assert_eq!(locs[0]["commit"]["id"], merge.as_str());
    assert_eq!(locs[0]["in_head"], true);
}

#[test]
fn a_renamed_file_keeps_its_first_commit_and_lists_both_paths() {
    let dir = repo();
    write(
        dir.path(),
        "old/keys.env",
        format!("TOKEN={}\n", github_token()),
    );
    let added = commit(dir.path(), "Add keys", 1);
    std::fs::create_dir_all(dir.path().join("new")).unwrap();
    git(dir.path(), &["mv", "old/keys.env", "new/keys.env"]);
    let renamed = commit(dir.path(), "Move keys", 2);
    let doc = scan_git(dir.path(), 1);
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "one blob, one finding: {doc:#}");
    let locs = locations(&doc);
    let paths: Vec<&str> = locs.iter().map(|l| l["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["new/keys.env", "old/keys.env"]);
    // Each path tells its own story: where the blob arrived there, and whether it still is.
    let (new, old) = (locs[0], locs[1]);
    assert_eq!(old["commit"]["id"], added.as_str());
    assert_eq!(old["last_commit"]["id"], added.as_str());
    assert_eq!(old["in_head"], false);
    assert_eq!(new["commit"]["id"], renamed.as_str());
    assert_eq!(new["last_commit"]["id"], renamed.as_str());
    assert_eq!(new["in_head"], true);
    assert_eq!(new["paths_total"], 2);
}

#[test]
fn the_last_commit_and_the_refs_say_where_a_secret_still_lives() {
    let dir = repo();
    write(dir.path(), "README.md", "# app\n");
    commit(dir.path(), "Initial commit", 1);
    write(dir.path(), "app.env", format!("TOKEN={}\n", github_token()));
    let added = commit(dir.path(), "Add env", 2);
    git(dir.path(), &["branch", "old-work"]);
    write(dir.path(), "README.md", "# app, documented\n");
    let last = commit(dir.path(), "Document", 3);
    git(dir.path(), &["tag", "v1"]);
    std::fs::remove_file(dir.path().join("app.env")).unwrap();
    commit(dir.path(), "Remove env", 4);
    git(dir.path(), &["checkout", "-q", "--orphan", "unrelated"]);
    git(dir.path(), &["rm", "-rq", "--cached", "."]);
    write(dir.path(), "other.txt", "nothing\n");
    commit(dir.path(), "Unrelated history", 5);
    git(dir.path(), &["checkout", "-q", "-f", "main"]);

    let doc = scan_git(dir.path(), 1);
    let locs = locations(&doc);
    assert_eq!(locs.len(), 1, "{doc:#}");
    let loc = locs[0];
    assert_eq!(loc["commit"]["id"], added.as_str());
    assert_eq!(loc["last_commit"]["id"], last.as_str());
    assert_eq!(loc["in_head"], false);
    assert_eq!(loc["head_reaches"], true);
    assert_eq!(
        loc["refs"],
        serde_json::json!(["refs/heads/main", "refs/heads/old-work", "refs/tags/v1"])
    );
    assert_eq!(loc["refs_total"], 3);
    // Every report says it, SARIF in the message and in properties.
    let out = git_scan(dir.path(), &["-f", "sarif"]).assert().code(1);
    let sarif = json(&out.get_output().stdout);
    let result = &sarif["runs"][0]["results"][0];
    let text = result["message"]["text"].as_str().unwrap();
    assert!(text.contains("no longer in HEAD"), "{text}");
    assert!(text.contains(&format!("last in {}", &last[..12])), "{text}");
    assert_eq!(result["properties"]["lastCommit"], last.as_str());
    assert_eq!(result["properties"]["reachableFromHead"], true);
}

#[test]
fn unreachable_objects_are_reported_only_with_all_objects() {
    let dir = repo();
    write(dir.path(), "README.md", "# app\n");
    commit(dir.path(), "Initial commit", 1);
    write(
        dir.path(),
        "secret.env",
        format!("TOKEN={}\n", github_token()),
    );
    commit(dir.path(), "Oops", 2);
    git(dir.path(), &["reset", "-q", "--hard", "HEAD~1"]);
    git(dir.path(), &["reflog", "expire", "--expire=now", "--all"]);
    let doc = scan_git(dir.path(), 0);
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0);
    // Not reported, but not silent either: the summary says where to look.
    assert_eq!(
        doc["summary"]["skipped"]["by_reason"]["unreachable"], 1,
        "{doc:#}"
    );
    assert_eq!(doc["summary"]["complete"], true);

    let doc = run_json(git_scan(dir.path(), &["-f", "json", "--all-objects"]), 1);
    let locs = locations(&doc);
    assert_eq!(locs.len(), 1, "{doc:#}");
    assert_eq!(locs[0]["path"], "secret.env");
    assert_eq!(locs[0]["commit"], serde_json::Value::Null);
    git_scan(dir.path(), &["--all-objects"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no ref reaches"));
}

#[test]
fn a_corrupt_pack_object_loses_only_itself() {
    let dir = repo_with_keep_and_lost();
    git(dir.path(), &["gc", "-q"]);
    let lost = git(dir.path(), &["rev-parse", "HEAD:lost.env"]);
    let pack_dir = dir.path().join(".git/objects/pack");
    let idx = std::fs::read_dir(&pack_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .unwrap();
    let listing = run_git(
        git_command(dir.path())
            .args(["show-index"])
            .stdin(std::fs::File::open(&idx).unwrap()),
    );
    let offset: usize = listing
        .lines()
        .find(|l| l.contains(&lost))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .parse()
        .unwrap();
    // Overwrite the compressed bytes of that one blob.
    let pack = idx.with_extension("pack");
    let mut bytes = std::fs::read(&pack).unwrap();
    for b in &mut bytes[offset + 4..offset + 12] {
        *b ^= 0x5a;
    }
    let mut perms = std::fs::metadata(&pack).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&pack, perms).unwrap();
    std::fs::write(&pack, bytes).unwrap();

    let doc = scan_git(dir.path(), 1);
    assert_eq!(
        doc["findings"].as_array().unwrap().len(),
        1,
        "the intact blob's secret is still found: {doc:#}"
    );
    assert_failure_recorded(&doc, &lost);
}

#[test]
fn a_full_scan_of_a_shallow_clone_is_incomplete_and_says_why() {
    let origin = repo();
    write(origin.path(), "a.txt", "one\n");
    commit(origin.path(), "One", 1);
    write(origin.path(), "a.txt", "two\n");
    commit(origin.path(), "Two", 2);
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let doc = scan_git(&clone.path().join("shallow"), 3);
    assert_eq!(doc["summary"]["skipped"]["by_reason"]["shallow-history"], 1);
}

#[test]
fn lfs_pointers_are_recorded_not_scanned() {
    let dir = repo();
    write(
        dir.path(),
        "model.bin",
        "version https://git-lfs.github.com/spec/v1\n\
         oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n\
         size 12345\n",
    );
    commit(dir.path(), "Add model", 1);
    let doc = scan_git(dir.path(), 0);
    assert_eq!(doc["summary"]["skipped"]["by_reason"]["lfs-pointer"], 1);
    assert_eq!(doc["summary"]["complete"], true);
}

#[test]
fn a_packed_history_is_walked_in_pack_order_and_complete() {
    let dir = repo();
    write(dir.path(), "README.md", "# app\n");
    commit(dir.path(), "Initial commit", 1);
    for day in 2..6 {
        write(dir.path(), "notes.txt", format!("note {day}\n").repeat(50));
        commit(dir.path(), "Notes", day);
    }
    write(dir.path(), "app.env", format!("TOKEN={}\n", github_token()));
    let added = commit(dir.path(), "Add env", 6);
    git(dir.path(), &["gc", "-q", "--aggressive"]);
    let doc = scan_git(dir.path(), 1);
    assert_eq!(doc["summary"]["complete"], true, "{doc:#}");
    assert_eq!(doc["summary"]["skipped"]["total"], 0, "{doc:#}");
    let locs = locations(&doc);
    assert_eq!(locs.len(), 1);
    assert_eq!(locs[0]["commit"]["id"], added.as_str());
}

/// `leakhound scan --staged --no-config -f json` in `dir`.
fn staged_scan(dir: &Path, code: i32) -> serde_json::Value {
    let mut cmd = leakhound();
    cmd.current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .args(["scan", "--staged", "--no-config", "-f", "json"]);
    run_json(cmd, code)
}

fn config_lines(secret_line: Option<&str>, debug: &str) -> String {
    let mut lines: Vec<String> = (1..=20).map(|i| format!("setting_{i} = {i}")).collect();
    lines[1] = format!("debug = {debug}");
    if let Some(s) = secret_line {
        lines[18] = s.to_string();
    }
    lines.join("\n") + "\n"
}

#[test]
fn staged_mode_checks_the_index_not_the_worktree() {
    let dir = repo();
    write(dir.path(), "settings.py", config_lines(None, "False"));
    commit(dir.path(), "Initial commit", 1);
    let secret = format!("token = \"{}\"", github_token());

    // Partially staged: the staged hunk is clean, the unstaged hunk holds the secret.
    write(dir.path(), "settings.py", config_lines(None, "True"));
    git(dir.path(), &["add", "settings.py"]);
    write(
        dir.path(),
        "settings.py",
        config_lines(Some(&secret), "True"),
    );
    let doc = staged_scan(dir.path(), 0);
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0, "{doc:#}");

    // Staged: reported, on its line, with the SARIF category of staged scans.
    git(dir.path(), &["add", "settings.py"]);
    let doc = staged_scan(dir.path(), 1);
    let locs = locations(&doc);
    assert_eq!(locs.len(), 1, "{doc:#}");
    assert_eq!(locs[0]["path"], "settings.py");
    assert_eq!(locs[0]["line"], 19);
    let out = leakhound()
        .current_dir(dir.path())
        .args(["scan", "--staged", "--no-config", "-f", "sarif"])
        .assert()
        .code(1);
    let sarif = json(&out.get_output().stdout);
    assert_eq!(
        sarif["runs"][0]["automationDetails"]["id"],
        "leakhound/staged/"
    );
}

#[test]
fn staged_mode_ignores_keys_already_committed() {
    let dir = repo();
    let secret = format!("token = \"{}\"", github_token());
    write(
        dir.path(),
        "settings.py",
        config_lines(Some(&secret), "False"),
    );
    commit(dir.path(), "Initial commit with an old key", 1);
    // Touch another line of the same file, and move the file: the key line is not added.
    write(
        dir.path(),
        "settings.py",
        config_lines(Some(&secret), "True"),
    );
    git(dir.path(), &["add", "settings.py"]);
    let doc = staged_scan(dir.path(), 0);
    assert_eq!(doc["summary"]["files_scanned"], 1);
    git(dir.path(), &["commit", "-qm", "debug"]);
    git(dir.path(), &["mv", "settings.py", "config.py"]);
    let doc = staged_scan(dir.path(), 0);
    assert_eq!(
        doc["summary"]["files_scanned"], 0,
        "a pure move is not rescanned"
    );
    // A second copy of the key is an added line.
    write(
        dir.path(),
        "config.py",
        config_lines(Some(&secret), "True") + &secret + "\n",
    );
    git(dir.path(), &["add", "config.py"]);
    staged_scan(dir.path(), 1);
}

#[test]
fn staged_mode_works_for_the_first_commit_and_from_a_subdirectory() {
    let dir = repo();
    write(
        dir.path(),
        "app/keys.env",
        format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"),
    );
    git(dir.path(), &["add", "-A"]);
    let doc = staged_scan(&dir.path().join("app"), 1);
    assert_eq!(locations(&doc)[0]["path"], "app/keys.env");
}

#[test]
fn a_pre_commit_hook_blocks_commit_a_through_git_index_file() {
    let dir = repo();
    write(dir.path(), "settings.py", config_lines(None, "False"));
    commit(dir.path(), "Initial commit", 1);
    let hook = dir.path().join(".git/hooks/pre-commit");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\nexec '{}' scan --staged --no-config\n",
            assert_cmd::cargo::cargo_bin!("leakhound").display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();

    // Nothing staged in .git/index: `commit -a` stages into a temporary index that only
    // GIT_INDEX_FILE names.
    let secret = format!("token = \"{}\"", github_token());
    write(
        dir.path(),
        "settings.py",
        config_lines(Some(&secret), "False"),
    );
    let out = git_command(dir.path())
        .args(["commit", "-a", "-m", "Add token"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "the hook must block the commit");
    // git sends a hook's standard output to its standard error.
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("settings.py"), "{said}");
    assert!(!said.contains(&github_token()), "redacted: {said}");
    // `git commit PATH` too; and a clean change goes through.
    let out = git_command(dir.path())
        .args(["commit", "settings.py", "-m", "Add token"])
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "the hook must block `git commit PATH`"
    );
    write(dir.path(), "settings.py", config_lines(None, "True"));
    git(dir.path(), &["commit", "-qam", "Clean change"]);
}

#[test]
fn staged_mode_reads_the_index_git_index_file_names() {
    let dir = repo();
    write(dir.path(), "README.md", "# app\n");
    commit(dir.path(), "Initial commit", 1);
    let alt = dir.path().join(".git/alt-index");
    std::fs::copy(dir.path().join(".git/index"), &alt).unwrap();
    write(
        dir.path(),
        "keys.env",
        format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"),
    );
    run_git(
        git_command(dir.path())
            .args(["add", "keys.env"])
            .env("GIT_INDEX_FILE", &alt),
    );
    staged_scan(dir.path(), 0);
    let mut cmd = leakhound();
    cmd.current_dir(dir.path())
        .env("GIT_INDEX_FILE", &alt)
        .args(["scan", "--staged", "--no-config", "-f", "json"]);
    let doc = run_json(cmd, 1);
    assert_eq!(locations(&doc)[0]["path"], "keys.env");
}

#[test]
fn objects_in_several_packs_and_loose_are_all_scanned() {
    let dir = repo();
    write(dir.path(), "one.env", format!("TOKEN={}\n", github_token()));
    let first = commit(dir.path(), "First, packed", 1);
    git(dir.path(), &["gc", "-q"]);
    write(dir.path(), "two.txt", "nothing\n");
    commit(dir.path(), "Second, in a second pack", 2);
    git(dir.path(), &["repack", "-q"]);
    write(
        dir.path(),
        "three.env",
        format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"),
    );
    // A second version of one.env, with the token still on line 1.
    write(
        dir.path(),
        "one.env",
        format!("TOKEN={}\n# still here\n", github_token()),
    );
    let third = commit(dir.path(), "Third, loose", 3);
    let packs = std::fs::read_dir(dir.path().join(".git/objects/pack"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "pack")
        })
        .count();
    assert_eq!(packs, 2);
    let doc = scan_git(dir.path(), 1);
    assert_eq!(doc["summary"]["complete"], true, "{doc:#}");
    let locs = locations(&doc);
    let found = paths_and_first_commits(&locs);
    // The token's place in both versions of one.env is one location, from the oldest commit.
    assert_eq!(
        found,
        [("one.env", first.as_str()), ("three.env", third.as_str())],
        "{doc:#}"
    );
    // ...and it says what both versions say: still in HEAD, last seen in the newest commit.
    assert_eq!(locs[0]["in_head"], true);
    assert_eq!(locs[0]["last_commit"]["id"], third.as_str());
}

#[test]
fn a_blob_over_the_size_limit_is_skipped_by_path_and_the_scan_stays_complete() {
    let dir = repo();
    write(dir.path(), "big.txt", "x".repeat(8 * 1024));
    write(
        dir.path(),
        "keys.env",
        format!("TOKEN={}\n", github_token()),
    );
    commit(dir.path(), "Add", 1);
    git(dir.path(), &["gc", "-q"]);
    let doc = run_json(
        git_scan(dir.path(), &["-f", "json", "--max-file-size", "4K"]),
        1,
    );
    assert_eq!(doc["summary"]["complete"], true, "{doc:#}");
    let items = doc["summary"]["skipped"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:#?}");
    assert_eq!(items[0]["reason"], "too-large");
    assert!(
        items[0]["path"].as_str().unwrap().contains("big.txt"),
        "{items:#?}"
    );
}

/// A fake AWS access key id per `n` (base32 letters, never issued).
fn aws_key(n: usize) -> String {
    const B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let tail: String = (0..4).map(|k| B32[(n >> (5 * k)) & 31] as char).collect();
    format!("AKIAZ4QH7WXY2MRT{tail}")
}

#[test]
fn a_fixed_thin_pack_with_forward_bases_is_scanned_whole() {
    // B has the first version of a file; A has 35 more. A thin pack of A's new commits holds
    // reference deltas against B's copy; `index-pack --fix-thin` appends that base at the end
    // of the pack, so the deltas point forwards (as after a `git fetch` that keeps its pack).
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    std::fs::create_dir(&a).unwrap();
    git(&a, &["init", "-q", "-b", "main"]);
    let mut body: String = (0..200)
        .map(|i| format!("line {i} of some ordinary configuration text\n"))
        .collect();
    body.push_str(&format!("KEY={}\n", aws_key(0)));
    write(&a, "big.txt", &body);
    let first = commit(&a, "Key 0", 1);
    git(root.path(), &["clone", "-q", "--no-local", "a", "b"]);
    for n in 1..=35 {
        // Enough new text per version that each is best stored against the previous one.
        for i in 0..40 {
            body.push_str(&format!(
                "extra {n} {i} {:x}\n",
                (n * 7919 + i * 104729) * 2654435761
            ));
        }
        body.push_str(&format!("KEY_{n}={}\n", aws_key(n)));
        write(&a, "big.txt", &body);
        commit(&a, &format!("Key {n}"), 2);
    }
    let revs = format!("HEAD\n^{first}\n");
    let mut child = git_command(&a)
        .args([
            "pack-objects",
            "--thin",
            "--delta-base-offset",
            "--revs",
            "--stdout",
            "-q",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(revs.as_bytes())
        .unwrap();
    let pack = child.wait_with_output().unwrap().stdout;
    let mut index = git_command(&b)
        .args(["index-pack", "--fix-thin", "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    index.stdin.take().unwrap().write_all(&pack).unwrap();
    assert!(index.wait().unwrap().success());
    let head = git(&a, &["rev-parse", "HEAD"]);
    git(&b, &["update-ref", "refs/heads/main", &head]);

    let doc = scan_git(&b, 1);
    assert_eq!(doc["summary"]["complete"], true, "{doc:#}");
    assert_eq!(
        doc["findings"].as_array().unwrap().len(),
        36,
        "every key of every version"
    );
}

#[test]
fn content_under_two_paths_keeps_both_and_an_exclude_drops_only_one() {
    let dir = repo();
    let key = format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n");
    write(dir.path(), "test/k.env", &key);
    write(dir.path(), "deploy/k.env", &key);
    commit(dir.path(), "Same file twice", 1);
    let doc = scan_git(dir.path(), 1);
    let paths: Vec<&str> = locations(&doc)
        .iter()
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["deploy/k.env", "test/k.env"], "{doc:#}");
    for exclude in ["test/", "deploy/"] {
        let doc = run_json(
            git_scan(dir.path(), &["-f", "json", "--exclude", exclude]),
            1,
        );
        let paths: Vec<&str> = locations(&doc)
            .iter()
            .map(|l| l["path"].as_str().unwrap())
            .collect();
        assert_eq!(paths.len(), 1, "{doc:#}");
        assert!(!paths[0].starts_with(exclude), "{paths:?}");
    }
}

#[test]
fn refs_that_point_at_a_tree_or_a_blob_are_scanned_too() {
    let dir = repo();
    write(dir.path(), "README.md", "# app\n");
    commit(dir.path(), "Initial commit", 1);
    std::fs::write(dir.path().join("a.key"), format!("KEY={}\n", aws_key(1))).unwrap();
    std::fs::write(dir.path().join("b.key"), format!("KEY={}\n", aws_key(2))).unwrap();
    let blob = git(dir.path(), &["hash-object", "-w", "a.key"]);
    git(dir.path(), &["tag", "-a", "-m", "a key", "keyblob", &blob]);
    let inner = git(dir.path(), &["hash-object", "-w", "b.key"]);
    let mktree = |entry: String| {
        let mut child = git_command(dir.path())
            .arg("mktree")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        writeln!(child.stdin.take().unwrap(), "{entry}").unwrap();
        let out = child.wait_with_output().unwrap().stdout;
        String::from_utf8(out).unwrap().trim().to_string()
    };
    let conf = mktree(format!("100644 blob {inner}\tb.env"));
    let tree = mktree(format!("040000 tree {conf}\tconf"));
    git(dir.path(), &["tag", "treetag", &tree]);
    std::fs::remove_file(dir.path().join("a.key")).unwrap();
    std::fs::remove_file(dir.path().join("b.key")).unwrap();

    let doc = scan_git(dir.path(), 1);
    let mut found: Vec<(String, String)> = locations(&doc)
        .iter()
        .map(|l| {
            (
                l["path"].as_str().unwrap().to_string(),
                l["refs"].to_string(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (
                "conf/b.env".to_string(),
                r#"["refs/tags/treetag"]"#.to_string()
            ),
            (
                "refs/tags/keyblob".to_string(),
                r#"["refs/tags/keyblob"]"#.to_string()
            ),
        ],
        "{doc:#}"
    );
}

#[test]
fn a_key_kept_through_many_versions_is_one_location_with_its_whole_story() {
    let dir = repo();
    let mut body = format!("KEY={}\n", aws_key(7));
    write(dir.path(), "config.env", &body);
    let first = commit(dir.path(), "Add key", 1);
    // More versions than a finding lists locations: the cap must count places, not versions.
    for n in 0..120 {
        body.push_str(&format!("setting_{n} = {n}\n"));
        write(dir.path(), "config.env", &body);
        commit(dir.path(), &format!("Setting {n}"), 2);
    }
    write(dir.path(), "zz/other.env", format!("KEY={}\n", aws_key(7)));
    let copy = commit(dir.path(), "Copy key", 3);
    let doc = scan_git(dir.path(), 1);
    let locs = locations(&doc);
    let places = paths_and_first_commits(&locs);
    assert_eq!(
        places,
        [
            ("config.env", first.as_str()),
            ("zz/other.env", copy.as_str())
        ],
        "{doc:#}"
    );
    assert_eq!(locs[0]["in_head"], true);
    assert_eq!(
        locs[0]["last_commit"]["id"],
        copy.as_str(),
        "last seen at HEAD"
    );
}

#[test]
fn a_secret_in_a_commit_message_is_redacted_in_reports() {
    let dir = repo();
    write(dir.path(), "app.env", format!("KEY={}\n", aws_key(3)));
    commit(dir.path(), &format!("Add key {}", aws_key(3)), 1);
    for format in ["json", "sarif", "pretty"] {
        let out = git_scan(dir.path(), &["-f", format]).assert().code(1);
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(!text.contains(&aws_key(3)), "{format}: {text}");
        assert!(text.contains("Add key AKIA"), "{format}: {text}");
    }
}

#[test]
fn a_truncated_pack_loses_only_what_was_cut_off() {
    let dir = repo();
    write(dir.path(), "keys.env", format!("KEY={}\n", aws_key(9)));
    commit(dir.path(), "Key first", 1);
    for n in 0..30u32 {
        // Incompressible text, so the pack is long enough to cut in the middle.
        let text: String = (0..3000u32)
            .map(|i| {
                let mixed = i
                    .wrapping_mul(2654435761)
                    .wrapping_add(n.wrapping_mul(40503));
                (b'a' + (mixed >> 27) as u8) as char
            })
            .collect();
        write(dir.path(), &format!("f{n}.txt"), text);
    }
    commit(dir.path(), "Bulk", 2);
    git(dir.path(), &["gc", "-q"]);
    let pack = std::fs::read_dir(dir.path().join(".git/objects/pack"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pack"))
        .unwrap();
    let len = std::fs::metadata(&pack).unwrap().len();
    let mut perms = std::fs::metadata(&pack).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&pack, perms).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&pack)
        .unwrap()
        .set_len(len * 6 / 10)
        .unwrap();
    let doc = scan_git(dir.path(), 3);
    let items = doc["summary"]["skipped"]["items"].as_array().unwrap();
    assert!(
        items.iter().all(|i| i["failure"] == true),
        "damage, not policy: {items:#?}"
    );
    assert!(items.len() > 1, "{items:#?}");
}

#[test]
fn an_exclude_never_hides_a_path_it_does_not_match() {
    let dir = repo();
    let key = format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n");
    for n in 1..=6 {
        write(dir.path(), &format!("fixtures/k{n}.env"), &key);
    }
    write(dir.path(), "src/app/k.env", &key);
    commit(dir.path(), "Same file in many places", 1);
    let doc = run_json(
        git_scan(dir.path(), &["-f", "json", "--exclude", "fixtures/"]),
        1,
    );
    let paths: Vec<&str> = locations(&doc)
        .iter()
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["src/app/k.env"], "{doc:#}");
}

#[test]
fn nested_secrets_in_a_commit_message_are_redacted_whole() {
    let dir = repo();
    write(dir.path(), "app.env", format!("KEY={}\n", aws_key(4)));
    let password = format!("Vq8rTz3LmP0wXy-{}-Nf7Kq2Hs9", aws_key(5));
    commit(
        dir.path(),
        &format!("mirror https://bot:{password}@git.example.com/app.git"),
        1,
    );
    let out = git_scan(dir.path(), &["-f", "json"]).assert().code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(!text.contains("Nf7Kq2Hs9"), "{text}");
    assert!(!text.contains(&aws_key(5)), "{text}");
}

#[test]
fn a_submodule_at_the_top_level_is_named_by_its_path() {
    let dir = repo();
    write(dir.path(), "README.md", "# app\n");
    git(dir.path(), &["add", "README.md"]);
    git(
        dir.path(),
        &[
            "update-index",
            "--add",
            "--cacheinfo",
            "160000,1111111111111111111111111111111111111111,topsub",
        ],
    );
    run_git(
        git_command(dir.path())
            .args(["commit", "-qm", "Add a submodule"])
            .env("GIT_AUTHOR_DATE", "2024-01-01T12:00:00Z")
            .env("GIT_COMMITTER_DATE", "2024-01-01T12:00:00Z"),
    );
    let doc = scan_git(dir.path(), 0);
    let items = doc["summary"]["skipped"]["items"].as_array().unwrap();
    assert!(
        items.iter().any(|i| i["path"]
            .as_str()
            .unwrap()
            .ends_with(": topsub (submodule at 1111111111111111111111111111111111111111)")),
        "{items:#?}"
    );
}
