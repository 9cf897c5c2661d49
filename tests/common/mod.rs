//! Shared helpers for the integration tests: the real binary, temp trees, fake tokens.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

pub use leakhound::matcher::checksum::with_github_checksum;

pub fn leakhound() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("leakhound").expect("binary is built");
    // Tests must not depend on the developer's environment.
    cmd.env_remove("LEAKHOUND_FINGERPRINT_KEY")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("CI", "true");
    cmd
}

/// A fixed, format-valid, fake GitHub classic token (valid checksum, never issued).
pub fn github_token() -> String {
    with_github_checksum("ghp_", "Zq7RtW2pLm9XcVb4NkYh6GdS1fJa3E")
}

/// A fixed, fake AWS access key id (not the documented EXAMPLE key, which rules ignore).
pub const AWS_KEY_ID: &str = "AKIAZ4QH7WXY2MRT5KNV";

pub fn write(root: &Path, rel: &str, contents: impl AsRef<[u8]>) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, contents).unwrap();
}

pub fn json(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(output)))
}

/// Runs the command, checks its exit code, and parses its standard output as JSON.
pub fn run_json(
    mut cmd: impl std::borrow::BorrowMut<assert_cmd::Command>,
    code: i32,
) -> serde_json::Value {
    let assert = cmd.borrow_mut().assert().code(code);
    json(&assert.get_output().stdout)
}

/// `git` in `dir`, isolated from the user's configuration, with a fixed identity.
pub fn git_command(dir: &Path) -> Command {
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

pub fn run_git(cmd: &mut Command) -> String {
    let out = cmd.output().expect("git runs");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

pub fn git(dir: &Path, args: &[&str]) -> String {
    run_git(git_command(dir).args(args))
}

/// A repository on branch `main`.
pub fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    dir
}

/// Commits everything at a fixed date (2024-01-DAY), so commit ids are stable within a test.
pub fn commit(dir: &Path, message: &str, day: u32) -> String {
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

/// A report schema from `../shared/schemas`.
pub fn schema(name: &str) -> serde_json::Value {
    let path: std::path::PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/schemas")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Fails with every schema violation listed.
pub fn assert_valid(schema: &serde_json::Value, doc: &serde_json::Value) {
    let validator = jsonschema::validator_for(schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// The report fixtures' tree: two secrets, one of them in two files, a clean file and a binary
/// file (a policy skip every report must mention).
pub fn write_report_fixture(root: &Path) {
    write(
        root,
        "app/settings.py",
        format!(
            "import os\n\nGITHUB_TOKEN = \"{}\"  # CI bot\n",
            github_token()
        ),
    );
    write(
        root,
        "deploy/.env",
        format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\nTOKEN={}\n", github_token()),
    );
    write(root, "docs/README.md", "# Nothing here\n");
    write(root, "assets/logo.bin", b"\x89PNG\0\0binary");
    // Symbolic links are never followed: the one input every format must report as skipped.
    std::os::unix::fs::symlink("logo.bin", root.join("assets/current.bin")).unwrap();
}
