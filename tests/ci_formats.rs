//! The CI report formats on real repositories built by the test: GitLab's secret detection
//! report (validated against `shared/schemas/`), Code Quality and JUnit XML. One snapshot each,
//! the shape each consumer reads, and never the secret.

mod common;

use std::path::Path;

use common::*;

/// A repository whose tree holds two secrets, one of them in two files, a clean file and a
/// binary file (a policy skip every report must mention).
fn fixture() -> (tempfile::TempDir, String) {
    let dir = repo();
    write_report_fixture(dir.path());
    let head = commit(dir.path(), "Add the app", 2);
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
        // Our version, not GitLab's schema version.
        let version = env!("CARGO_PKG_VERSION").replace('.', r"\.");
        s.add_filter(&format!(r#""{version}""#), r#""[version]""#);
        // The number of built-in rules changes whenever one is added.
        s.add_filter(
            r#"name="rules.loaded" value="\d+""#,
            r#"name="rules.loaded" value="[n]""#,
        );
        s.bind(|| $body);
    }};
}

// ---- Code Quality ----

#[test]
fn codequality_output() {
    let (dir, _) = fixture();
    let out = scan_ok(dir.path(), "codequality", &[], 1);
    settings!({ insta::assert_snapshot!(out) });
}

#[test]
fn codequality_is_an_array_of_issues_gitlab_can_read() {
    let (dir, _) = fixture();
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
    let (dir, _) = fixture();
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
    let (dir, _) = fixture();
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

// ---- JUnit ----

/// The parts of a JUnit report the tests look at, read with quick-xml's reader.
#[derive(Debug, Default)]
struct Junit {
    /// Attributes of `<testsuites>` and of the `<testsuite>`.
    suites: Vec<(String, String)>,
    suite: Vec<(String, String)>,
    /// (attributes of the test case, kind of its outcome element if any, its message, its text)
    cases: Vec<JunitCase>,
    properties: Vec<(String, String)>,
    system_err: String,
}

#[derive(Debug, Default, Clone)]
struct JunitCase {
    attrs: Vec<(String, String)>,
    outcome: Option<String>,
    message: String,
    kind: String,
    text: String,
}

impl JunitCase {
    fn attr(&self, name: &str) -> &str {
        attr(&self.attrs, name)
    }
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> &'a str {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no attribute {name} in {attrs:?}"))
}

fn parse_junit(xml: &str) -> Junit {
    use quick_xml::XmlVersion;
    use quick_xml::events::{BytesStart, Event};
    let attrs = |e: &BytesStart| -> Vec<(String, String)> {
        e.attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (
                    a.key.as_ref().to_string(),
                    a.normalized_value(XmlVersion::Explicit1_0)
                        .expect("escaped value")
                        .into_owned(),
                )
            })
            .collect()
    };
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut doc = Junit::default();
    let mut stack: Vec<String> = Vec::new();
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (e, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = e {
            let name = e.name().as_ref().to_string();
            match name.as_str() {
                "testsuites" => doc.suites = attrs(&e),
                "testsuite" => doc.suite = attrs(&e),
                "property" => {
                    let a = attrs(&e);
                    doc.properties
                        .push((attr(&a, "name").into(), attr(&a, "value").into()));
                }
                "testcase" => doc.cases.push(JunitCase {
                    attrs: attrs(&e),
                    ..Default::default()
                }),
                "failure" | "error" | "skipped" => {
                    let a = attrs(&e);
                    let case = doc.cases.last_mut().expect("inside a test case");
                    case.outcome = Some(name.clone());
                    case.message = attr(&a, "message").into();
                    if name != "skipped" {
                        case.kind = attr(&a, "type").into();
                    }
                }
                _ => {}
            }
            if !empty {
                stack.push(name);
            }
            continue;
        }
        match event {
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(t) => {
                let text = t.xml10_content();
                match stack.last().map(String::as_str) {
                    Some("failure" | "error") => doc.cases.last_mut().unwrap().text.push_str(&text),
                    Some("system-err") => doc.system_err.push_str(&text),
                    _ => {}
                }
            }
            Event::GeneralRef(r) => {
                // quick-xml reports entity and character references apart from the text.
                let s = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                        .expect("a predefined entity")
                        .to_string(),
                };
                match stack.last().map(String::as_str) {
                    Some("failure" | "error" | "skipped") => {
                        doc.cases.last_mut().unwrap().text.push_str(&s)
                    }
                    Some("system-err") => doc.system_err.push_str(&s),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    doc
}

#[test]
fn junit_output() {
    let (dir, _) = fixture();
    let out = scan_ok(dir.path(), "junit", &[], 1);
    settings!({ insta::assert_snapshot!(out) });
}

#[test]
fn junit_has_one_failing_case_per_secret_and_file() {
    let (dir, _) = fixture();
    let out = scan_ok(dir.path(), "junit", &[], 1);
    assert_no_secret("junit", &out);
    let doc = parse_junit(&out);
    for attrs in [&doc.suites, &doc.suite] {
        assert_eq!(attr(attrs, "name"), "leakhound");
        assert_eq!(attr(attrs, "tests"), "3");
        assert_eq!(attr(attrs, "failures"), "3");
        assert_eq!(attr(attrs, "errors"), "0");
    }
    assert_eq!(doc.cases.len(), 3);
    let mut names = Vec::new();
    for case in &doc.cases {
        assert_eq!(case.outcome.as_deref(), Some("failure"), "{case:?}");
        assert_eq!(case.kind, case.attr("classname"), "type is the rule id");
        let file = case.attr("file");
        assert!(["app/settings.py", "deploy/.env"].contains(&file), "{file}");
        assert!(case.message.contains("[REDACTED]"), "{}", case.message);
        assert!(case.message.contains(file), "{}", case.message);
        assert!(case.text.contains("fingerprint: "), "{}", case.text);
        assert!(case.text.contains(&format!("at {file}:")), "{}", case.text);
        names.push(case.attr("name").to_string());
    }
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 3, "test case names are unique");
    // The skipped binary file is reported, not silently dropped.
    assert!(
        doc.system_err.contains("assets/current.bin"),
        "{}",
        doc.system_err
    );
    assert!(
        doc.properties
            .contains(&("skipped.symlink".to_string(), "1".to_string()))
    );
    assert!(
        doc.properties
            .contains(&("scan.complete".to_string(), "true".to_string()))
    );
}

#[test]
fn junit_names_the_commit_that_added_a_secret_in_history() {
    let (dir, _) = fixture();
    std::fs::remove_file(dir.path().join("app/settings.py")).unwrap();
    commit(dir.path(), "Remove settings", 3);
    let out = scan_ok(dir.path(), "junit", &["--git"], 1);
    assert_no_secret("junit --git", &out);
    let doc = parse_junit(&out);
    let case = doc
        .cases
        .iter()
        .find(|c| c.attr("file") == "app/settings.py")
        .expect("the removed file's secret");
    let added = git(dir.path(), &["rev-parse", "HEAD~1"]);
    assert!(
        case.text
            .contains(&format!("first seen in commit {}", &added[..12])),
        "{}",
        case.text
    );
}

#[test]
fn junit_of_a_clean_scan_has_one_passing_case() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "nothing\n");
    write(dir.path(), "b.txt", "nothing either\n");
    let doc = parse_junit(&scan_ok(dir.path(), "junit", &[], 0));
    assert_eq!(attr(&doc.suite, "tests"), "1");
    assert_eq!(attr(&doc.suite, "failures"), "0");
    assert_eq!(doc.cases.len(), 1);
    assert_eq!(doc.cases[0].outcome, None);
    assert_eq!(doc.cases[0].attr("name"), "no secrets found in 2 files");
    assert!(doc.system_err.is_empty());
}

#[test]
fn junit_of_an_incomplete_scan_errs_instead_of_passing() {
    let out = leakhound()
        .args(["scan", "--no-config", "-f", "junit", "/proc/self/mem"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let doc = parse_junit(std::str::from_utf8(&out.stdout).unwrap());
    assert_eq!(attr(&doc.suite, "tests"), "1");
    assert_eq!(attr(&doc.suite, "errors"), "1");
    assert_eq!(doc.cases.len(), 1);
    let case = &doc.cases[0];
    assert_eq!(case.outcome.as_deref(), Some("error"));
    assert_eq!(case.kind, "incomplete");
    assert!(
        case.message.contains("could not be scanned"),
        "{}",
        case.message
    );
    assert!(case.text.contains("/proc/self/mem"), "{}", case.text);
    assert!(doc.system_err.contains("/proc/self/mem"));
}

#[test]
fn junit_escapes_what_paths_bring() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a<b>&\"c'.env",
        format!("TOKEN={}\n", github_token()),
    );
    let doc = parse_junit(&scan_ok(dir.path(), "junit", &[], 1));
    assert_eq!(doc.cases[0].attr("file"), "a<b>&\"c'.env");
    assert!(doc.cases[0].text.contains("at a<b>&\"c'.env:1:"));
}

#[test]
fn junit_shows_the_secret_only_when_asked() {
    let (dir, _) = fixture();
    let out = scan_ok(dir.path(), "junit", &["--show-secrets"], 1);
    assert!(out.contains(&github_token()));
}

// ---- GitLab secret detection report ----

fn assert_valid_gitlab(doc: &serde_json::Value) {
    assert_valid(&schema("secret-detection-report-format.json"), doc);
}

fn vulnerabilities(doc: &serde_json::Value) -> &Vec<serde_json::Value> {
    doc["vulnerabilities"].as_array().unwrap()
}

#[test]
fn gitlab_output() {
    let (dir, _) = fixture();
    let mut doc = json(scan_ok(dir.path(), "gitlab", &[], 1).as_bytes());
    // Every rule is listed: a count keeps the snapshot stable as rules are added.
    assert!(
        !doc["scan"]["primary_identifiers"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    doc["scan"]["primary_identifiers"] = serde_json::json!("[every rule that can report]");
    let out = serde_json::to_string_pretty(&doc).unwrap();
    settings!({
        let mut s = insta::Settings::clone_current();
        s.add_filter(r"with \d+ rules", "with [n] rules");
        s.bind(|| insta::assert_snapshot!(out));
    });
}

#[test]
fn gitlab_report_of_a_tree_scan_is_valid_and_names_head() {
    let (dir, head) = fixture();
    let out = scan_ok(dir.path(), "gitlab", &[], 1);
    assert_no_secret("gitlab", &out);
    let doc = json(out.as_bytes());
    assert_valid_gitlab(&doc);
    assert_eq!(doc["version"], "15.2.1");
    let scan = &doc["scan"];
    assert_eq!(scan["type"], "secret_detection");
    assert_eq!(scan["status"], "success");
    for tool in ["analyzer", "scanner"] {
        assert_eq!(scan[tool]["id"], "leakhound");
        assert_eq!(scan[tool]["vendor"]["name"], "leakhound");
        assert_eq!(scan[tool]["version"], env!("CARGO_PKG_VERSION"));
    }
    for t in ["start_time", "end_time"] {
        let time = scan[t].as_str().unwrap();
        assert_eq!(time.len(), 19, "{time}");
        assert!(!time.ends_with('Z'), "{time}");
    }
    // Every rule that can report is listed, the ones that fired among them.
    let primary: Vec<&str> = scan["primary_identifiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            assert_eq!(i["type"], "leakhound_rule_id");
            i["value"].as_str().unwrap()
        })
        .collect();
    assert!(primary.len() > 100, "{}", primary.len());
    assert!(primary.contains(&"github-pat-classic") && primary.contains(&"aws-access-key-id"));
    // The skipped binary file is a warning, not silence.
    assert!(
        scan["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["level"] == "warn" && m["value"].as_str().unwrap().contains("current.bin"))
    );

    let vulns = vulnerabilities(&doc);
    // Two secrets; the GitHub token occurs in two files: one vulnerability per secret and file.
    assert_eq!(vulns.len(), 3);
    let mut ids: Vec<&str> = Vec::new();
    for v in vulns {
        let id = v["id"].as_str().unwrap();
        assert_eq!(id.len(), 36, "{id}");
        assert_eq!(&id[14..15], "5", "a version 5 UUID: {id}");
        ids.push(id);
        let primary = &v["identifiers"][0];
        assert_eq!(primary["type"], "leakhound_rule_id");
        assert!(
            ["github-pat-classic", "aws-access-key-id"]
                .contains(&primary["value"].as_str().unwrap())
        );
        assert_eq!(v["name"], primary["name"]);
        assert_eq!(v["severity"], "Critical");
        assert!(v["solution"].as_str().unwrap().starts_with("Rotate"));
        assert!(v["description"].as_str().unwrap().contains("[REDACTED]"));
        assert!(
            v["raw_source_code_extract"]
                .as_str()
                .unwrap()
                .contains("[REDACTED]")
        );
        let loc = &v["location"];
        assert_eq!(loc["commit"]["sha"], head.as_str());
        assert!(["app/settings.py", "deploy/.env"].contains(&loc["file"].as_str().unwrap()));
        assert!(loc["start_line"].as_u64().unwrap() >= 1);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "ids are unique");

    // The same findings keep their ids.
    let again = json(scan_ok(dir.path(), "gitlab", &[], 1).as_bytes());
    let ids_of = |doc: &serde_json::Value| -> Vec<String> {
        vulnerabilities(doc)
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids_of(&doc), ids_of(&again));
}

#[test]
fn gitlab_report_of_a_history_scan_is_valid_and_names_the_introducing_commit() {
    let (dir, _) = fixture();
    let added = git(dir.path(), &["rev-parse", "HEAD"]);
    std::fs::remove_file(dir.path().join("app/settings.py")).unwrap();
    commit(dir.path(), "Remove settings", 3);
    let out = scan_ok(dir.path(), "gitlab", &["--git"], 1);
    assert_no_secret("gitlab --git", &out);
    let doc = json(out.as_bytes());
    assert_valid_gitlab(&doc);
    let v = vulnerabilities(&doc)
        .iter()
        .find(|v| v["location"]["file"] == "app/settings.py")
        .expect("the removed file's secret");
    let commit = &v["location"]["commit"];
    assert_eq!(commit["sha"], added.as_str());
    assert_eq!(commit["author"], "Ada");
    assert_eq!(commit["message"], "Add the app");
    assert_eq!(commit["date"], "2024-01-02T12:00:00Z");
    assert!(
        v["description"]
            .as_str()
            .unwrap()
            .contains("no longer in HEAD")
    );
}

#[test]
fn gitlab_report_of_an_incomplete_scan_is_a_valid_failure() {
    let (dir, _) = fixture();
    write(
        dir.path(),
        "rules/bad.toml",
        "[[rules]]\nid = 'broken'\nname = 'x'\ndescription = 'x'\nseverity = 'high'\nconfidence = 'high'\nkeywords = ['abc']\nregex = '(unclosed'\n",
    );
    let out = scan_ok(dir.path(), "gitlab", &["--rules", "rules/bad.toml"], 1);
    let doc = json(out.as_bytes());
    assert_valid_gitlab(&doc);
    assert_eq!(doc["scan"]["status"], "failure");
    assert!(
        doc["scan"]["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["level"] == "warn" && m["value"].as_str().unwrap().contains("bad-rule"))
    );
}

#[test]
fn gitlab_report_of_a_clean_scan_is_valid() {
    let dir = repo();
    write(dir.path(), "a.txt", "nothing\n");
    commit(dir.path(), "Initial commit", 1);
    let doc = json(scan_ok(dir.path(), "gitlab", &[], 0).as_bytes());
    assert_valid_gitlab(&doc);
    assert_eq!(vulnerabilities(&doc).len(), 0);
}

#[test]
fn gitlab_outside_a_repository_is_a_usage_error_before_scanning() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.env", format!("TOKEN={}\n", github_token()));
    let (code, out, err) = scan(dir.path(), "gitlab", &[]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("--format gitlab needs a git repository"),
        "{err}"
    );
    assert!(err.contains("not in a git repository"), "{err}");
    // A repository without a commit has no commit to name either.
    git(dir.path(), &["init", "-q", "-b", "main"]);
    let (code, _, err) = scan(dir.path(), "gitlab", &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no commit yet"), "{err}");
}

#[test]
fn gitlab_shows_the_secret_only_in_the_extract_and_only_when_asked() {
    let (dir, _) = fixture();
    let doc = json(scan_ok(dir.path(), "gitlab", &["--show-secrets"], 1).as_bytes());
    let token = github_token();
    let v = &vulnerabilities(&doc)[0];
    assert!(
        v["raw_source_code_extract"]
            .as_str()
            .unwrap()
            .contains(&token)
    );
    assert!(!v["description"].as_str().unwrap().contains(&token));
}

#[test]
fn junit_shows_suppressed_findings_as_skipped_cases_when_asked() {
    let (dir, _) = fixture();
    write(
        dir.path(),
        "tests/fixture.env",
        format!("TOKEN={AWS_KEY_ID}  # leakhound:allow fake key for the tests\n"),
    );
    let plain = parse_junit(&scan_ok(dir.path(), "junit", &[], 1));
    assert_eq!(attr(&plain.suite, "skipped"), "0");
    let out = scan_ok(dir.path(), "junit", &["--show-suppressed"], 1);
    assert_no_secret("junit --show-suppressed", &out);
    let doc = parse_junit(&out);
    assert_eq!(attr(&doc.suite, "tests"), "4");
    assert_eq!(attr(&doc.suite, "failures"), "3");
    assert_eq!(attr(&doc.suite, "skipped"), "1");
    let case = doc
        .cases
        .iter()
        .find(|c| c.attr("file") == "tests/fixture.env")
        .expect("the suppressed finding");
    assert_eq!(case.outcome.as_deref(), Some("skipped"));
    assert!(
        case.message.starts_with("suppressed (inline-marker)"),
        "{}",
        case.message
    );
}

#[test]
fn one_scan_writes_the_three_gitlab_reports() {
    let (dir, head) = fixture();
    let out = tempfile::tempdir().unwrap();
    let gitlab = out.path().join("gl-secret-detection-report.json");
    let junit = out.path().join("leakhound-junit.xml");
    let codequality = scan_ok(
        dir.path(),
        "codequality",
        &[
            "--also-report",
            &format!("gitlab={}", gitlab.display()),
            "--also-report",
            &format!("junit={}", junit.display()),
        ],
        1,
    );
    assert_eq!(json(codequality.as_bytes()).as_array().unwrap().len(), 3);
    let doc = json(&std::fs::read(&gitlab).unwrap());
    assert_valid_gitlab(&doc);
    assert_eq!(
        vulnerabilities(&doc)[0]["location"]["commit"]["sha"],
        head.as_str()
    );
    let xml = parse_junit(&std::fs::read_to_string(&junit).unwrap());
    assert_eq!(attr(&xml.suite, "failures"), "3");

    // The GitLab report needs a commit even when it is only an extra report.
    let plain = tempfile::tempdir().unwrap();
    write(plain.path(), "a.txt", "nothing\n");
    let (code, _, err) = scan(
        plain.path(),
        "json",
        &["--also-report", &format!("gitlab={}", gitlab.display())],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--format gitlab needs a git repository"),
        "{err}"
    );
}
