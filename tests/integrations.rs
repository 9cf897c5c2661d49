//! The CI and hook integrations are files people copy: keep them parseable and keep every
//! leakhound command in them (and in the README's snippets) a command the CLI accepts.

mod common;

use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser};
use leakhound::cli::Cli;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn yaml(rel: &str, text: &str) -> serde_json::Value {
    serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{rel} is not valid YAML: {e}"))
}

/// Parses a leakhound command line exactly as the binary would.
fn assert_command_parses(line: &str, context: &str) {
    let words = shlex::split(line).unwrap_or_else(|| panic!("{context}: cannot split {line:?}"));
    if let Err(e) = Cli::try_parse_from(&words) {
        panic!("{context}: `{line}` is not a valid leakhound command:\n{e}");
    }
}

/// The long flags `leakhound scan` accepts.
fn scan_flags() -> Vec<String> {
    let cli = Cli::command();
    let scan = cli.find_subcommand("scan").expect("scan subcommand");
    scan.get_arguments()
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect()
}

#[test]
fn pre_commit_hooks_run_the_staged_scan() {
    let text = read(".pre-commit-hooks.yaml");
    let hooks = yaml(".pre-commit-hooks.yaml", &text);
    let hooks = hooks.as_array().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["leakhound", "leakhound-system"]);
    for (hook, language) in hooks.iter().zip(["rust", "system"]) {
        assert_eq!(hook["language"], language);
        assert_eq!(hook["pass_filenames"], false);
        let entry = hook["entry"].as_str().unwrap();
        assert!(entry.starts_with("leakhound scan --staged"), "{entry}");
        assert!(!entry.contains("--show-secrets"));
        assert_command_parses(entry, ".pre-commit-hooks.yaml");
    }
}

#[test]
fn the_github_action_has_its_inputs_and_uses_real_flags() {
    let rel = ".github/actions/leakhound/action.yml";
    let text = read(rel);
    let action = yaml(rel, &text);
    assert_eq!(action["runs"]["using"], "composite");
    for input in [
        "mode",
        "config",
        "baseline",
        "fail-on",
        "sarif",
        "upload-sarif",
        "args",
    ] {
        assert!(action["inputs"].get(input).is_some(), "input {input}");
    }
    for output in ["exit-code", "findings", "sarif-file"] {
        assert!(action["outputs"].get(output).is_some(), "output {output}");
    }
    // Every flag the script hands to `leakhound scan`.
    let known = scan_flags();
    let mut checked = 0;
    for line in text
        .lines()
        .filter(|l| l.contains("flags+=(") || l.contains("flags=("))
    {
        for word in line.split(|c: char| c.is_whitespace() || c == '(' || c == ')') {
            if word.starts_with("--") {
                assert!(
                    known.iter().any(|k| k == word),
                    "{rel}: unknown flag {word}"
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 8,
        "found only {checked} flags: the check lost its anchor"
    );
    // Uploads only full scans, under a stable category.
    assert!(text.contains("category: leakhound/${{ steps.scan.outputs.mode }}"));
    assert!(text.contains("steps.scan.outputs.mode == 'history'"));
}

#[test]
fn this_repositorys_workflow_runs_the_tests_and_the_action() {
    let rel = ".github/workflows/ci.yml";
    let workflow = yaml(rel, &read(rel));
    let steps = |job: &str| workflow["jobs"][job]["steps"].as_array().unwrap().clone();
    assert!(
        steps("test")
            .iter()
            .any(|s| s["run"].as_str() == Some("bash .ci/run"))
    );
    let secrets = steps("secrets");
    assert!(
        secrets
            .iter()
            .any(|s| s["uses"].as_str() == Some("./.github/actions/leakhound"))
    );
    assert_eq!(secrets[0]["with"]["fetch-depth"], 0);
}

#[test]
fn every_scan_flag_is_in_the_readmes_flag_table() {
    let text = read("README.md");
    let table: Vec<&str> = text.lines().filter(|l| l.starts_with("| `-")).collect();
    for flag in scan_flags().iter().filter(|f| *f != "--help") {
        let cell = format!("`{flag}");
        let also = format!(", {flag}");
        let pair = format!("/ {flag}");
        let named = |row: &&str| {
            let first = row.split(" | ").next().unwrap_or("");
            first.contains(&cell) || first.contains(&also) || first.contains(&pair)
        };
        assert!(table.iter().any(named), "README's flag table lacks {flag}");
    }
}

/// Fenced code blocks of a Markdown text: (language, body).
fn code_blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            match current.take() {
                Some(block) => out.push(block),
                None => current = Some((info.trim().to_string(), String::new())),
            }
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

#[test]
fn readme_snippets_parse_and_use_real_commands() {
    let text = read("README.md");
    let mut commands = 0;
    for (lang, body) in code_blocks(&text) {
        if lang == "yaml" {
            yaml("README.md", &body);
        }
        if lang == "toml" {
            toml::from_str::<toml::Table>(&body)
                .unwrap_or_else(|e| panic!("README TOML block: {e}\n{body}"));
        }
        for line in body.lines() {
            // `leakhound ...` in shell blocks, `run: leakhound ...` in workflow snippets.
            let line = line
                .trim()
                .trim_start_matches("- run: ")
                .trim_start_matches("exec ");
            let Some(rest) = line.strip_prefix("leakhound ") else {
                continue;
            };
            let command = rest.split(" #").next().unwrap().trim();
            if command.contains("...") || command.contains('|') {
                continue;
            }
            assert_command_parses(&format!("leakhound {command}"), "README.md");
            commands += 1;
        }
    }
    assert!(
        commands >= 10,
        "found only {commands} commands in the README"
    );
}

#[test]
fn the_readme_project_config_example_is_a_valid_config() {
    let text = read("README.md");
    let start = text.find("## Project config").unwrap();
    let (_, body) = code_blocks(&text[start..])
        .into_iter()
        .find(|(lang, _)| lang == "toml")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".leakhound.toml");
    std::fs::write(&path, body).unwrap();
    leakhound::config::ProjectConfig::load(Path::new(&path)).unwrap();
}

#[test]
fn the_gitlab_template_writes_the_three_reports_from_one_scan() {
    let rel = ".gitlab/leakhound.gitlab-ci.yml";
    let text = read(rel);
    let doc = yaml(rel, &text);
    let job = &doc["leakhound"];
    let reports = &job["artifacts"]["reports"];
    assert_eq!(
        reports["secret_detection"],
        "gl-secret-detection-report.json"
    );
    assert_eq!(reports["codequality"], "gl-code-quality-report.json");
    assert_eq!(reports["junit"], "leakhound-junit.xml");
    assert_eq!(
        job["allow_failure"]["exit_codes"][0], 1,
        "findings warn, errors fail"
    );
    assert_eq!(job["variables"]["GIT_DEPTH"], "0");
    // The scan command, with its line continuations joined and shell variables left out.
    let script = job["script"][1].as_str().unwrap().replace("\\\n", " ");
    let line = script
        .lines()
        .find(|l| l.trim_start().starts_with("leakhound scan $scope"))
        .expect("the scan line");
    let command: String = line
        .split_whitespace()
        .filter(|w| !w.starts_with('$') && *w != "||" && !w.starts_with("code="))
        .collect::<Vec<_>>()
        .join(" ");
    assert_command_parses(&command, rel);
    for report in ["gitlab", "codequality=", "junit="] {
        assert!(command.contains(report), "{command}");
    }
}

/// Runs the action's scan step as the runner would: its bash script with the step's env.
fn run_action_scan(repo: &Path, env: &[(&str, &str)]) -> (std::process::Output, String, String) {
    let rel = ".github/actions/leakhound/action.yml";
    let action = yaml(rel, &read(rel));
    let step = action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "scan")
        .expect("the scan step")
        .clone();
    let script = step["run"].as_str().unwrap();
    let outputs = repo.join("github-output");
    let summary = repo.join("step-summary");
    let bin = Path::new(env!("CARGO_BIN_EXE_leakhound")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let mut cmd = std::process::Command::new("bash");
    cmd.arg("-c")
        .arg(script)
        .current_dir(repo)
        .env("PATH", path)
        .env("GITHUB_OUTPUT", &outputs)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env_remove("LEAKHOUND_FINGERPRINT_KEY");
    for key in [
        "MODE",
        "EVENT",
        "PR_BASE",
        "PR_HEAD",
        "PUSH_BEFORE",
        "PUSH_AFTER",
        "CONFIG",
        "BASELINE",
        "FAIL_ON",
        "ARGS",
    ] {
        cmd.env(key, "");
    }
    cmd.env("SARIF", "leakhound.sarif")
        .env("DEFAULT_BRANCH", "main");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("bash runs");
    let read_or_empty = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    (out, read_or_empty(&outputs), read_or_empty(&summary))
}

#[test]
fn the_github_action_scans_a_pull_requests_commits_and_reports_redacted() {
    let dir = common::repo();
    let repo = dir.path();
    common::write(repo, "README.md", "# app\n");
    let base = common::commit(repo, "Initial", 1);
    common::write(
        repo,
        "app.env",
        format!("TOKEN={}\n", common::github_token()),
    );
    let head = common::commit(repo, "Add config", 2);

    let (out, outputs, summary) = run_action_scan(
        repo,
        &[
            ("MODE", "auto"),
            ("EVENT", "pull_request"),
            ("PR_BASE", &base),
            ("PR_HEAD", &head),
        ],
    );
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{log}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(outputs.contains("exit-code=1\n"), "{outputs}");
    assert!(
        outputs.contains("findings=1\n") && outputs.contains("mode=pr\n"),
        "{outputs}"
    );
    assert!(log.contains("--range"), "{log}");
    assert!(
        log.contains("::error file=app.env,line=1,title=leakhound "),
        "{log}"
    );
    assert!(summary.contains("1 finding(s) (pr scan)") && summary.contains("| app.env | 1 |"));
    for text in [log.as_ref(), summary.as_str(), outputs.as_str()] {
        assert!(
            !text.contains(&common::github_token()),
            "redacted everywhere"
        );
    }

    // A first push of a branch (before = zeros) with no default branch to compare with: the
    // whole history, so the SARIF would be uploaded under leakhound/history.
    let zeros = "0".repeat(40);
    let (_, outputs, _) = run_action_scan(
        repo,
        &[
            ("EVENT", "push"),
            ("MODE", "auto"),
            ("PUSH_BEFORE", &zeros),
            ("PUSH_AFTER", &head),
        ],
    );
    assert!(outputs.contains("mode=history\n"), "{outputs}");
    // A range with nothing new is clean.
    let (_, outputs, summary) = run_action_scan(
        repo,
        &[
            ("MODE", "push"),
            ("PUSH_BEFORE", &head),
            ("PUSH_AFTER", &head),
        ],
    );
    assert!(
        outputs.contains("exit-code=0\n") && outputs.contains("findings=0\n"),
        "{outputs}"
    );
    assert!(summary.contains("0 finding(s) (push scan)"), "{summary}");
}
