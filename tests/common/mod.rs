//! Shared helpers for the integration tests: the real binary, temp trees, fake tokens.
#![allow(dead_code)]

use std::path::Path;

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
