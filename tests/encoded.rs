//! Secrets that encoding hides, found by the real binary: every decoder, nesting and its depth
//! limit, what reports say about a decoded finding, and the flags that turn decoding off.

mod common;

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use common::*;

fn b64(text: &str) -> String {
    STANDARD.encode(text)
}

/// (path, line, decode chain) of every location of every finding of the GitHub test token.
fn places(dir: &Path, extra: &[&str]) -> Vec<(String, u64, Vec<String>)> {
    let out = leakhound()
        .args(["scan", "--no-config", "-f", "json"])
        .args(extra)
        .arg(".")
        .current_dir(dir)
        .output()
        .unwrap();
    let doc = json(&out.stdout);
    let mut places = Vec::new();
    for f in doc["findings"].as_array().unwrap() {
        if f["rule_id"] != "github-pat-classic" {
            continue;
        }
        for l in f["locations"].as_array().unwrap() {
            let chain = l["decoded"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| s.as_str().unwrap().to_string())
                .collect();
            places.push((
                l["path"].as_str().unwrap().to_string(),
                l["line"].as_u64().unwrap(),
                chain,
            ));
        }
    }
    places.sort();
    places
}

fn chain(steps: &[&str]) -> Vec<String> {
    steps.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_decoder_finds_the_token_where_its_encoding_sits() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let token = github_token();
    let (head, tail) = token.split_at(12);
    write(
        root,
        "b64.txt",
        format!("# cfg\nblob = {}\n", b64(&format!("token: {token}"))),
    );
    write(
        root,
        "url.txt",
        format!(
            "\n\nstate={}\n",
            URL_SAFE_NO_PAD.encode(format!("t={token}"))
        ),
    );
    let hex: String = format!("token={token}")
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect();
    write(root, "hex.txt", format!("value: {hex}\n"));
    let pct: String = token.replace('_', "%5F");
    write(
        root,
        "pct.env",
        format!("GH_URL=https://bot:{pct}@github.example/x\n"),
    );
    // Escaped JSON in a notebook cell: the token itself is not escaped, so it is found as it is.
    write(
        root,
        "nb.ipynb",
        format!("{{\"source\": [\"{{\\\"token\\\": \\\"{token}\\\"}}\\n\"]}}\n"),
    );
    write(
        root,
        "page.html",
        format!(
            "<input value=\"{head}&#x{:x};{}\">\n",
            tail.as_bytes()[0],
            &tail[1..]
        ),
    );
    write(
        root,
        "secret.yaml",
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: bot\ndata:\n  token: {}\n",
            b64(&token)
        ),
    );
    write(
        root,
        "config.json",
        format!(
            "{{\n  \"auths\": {{\n    \"ghcr.io\": {{\"auth\": \"{}\"}}\n  }}\n}}\n",
            b64(&format!("bot:{token}"))
        ),
    );
    write(
        root,
        "split.js",
        format!("const t = \"{head}\" +\n  \"{tail}\";\n"),
    );
    let got = places(root, &[]);
    let expected = vec![
        ("b64.txt".to_string(), 2, chain(&["base64"])),
        ("config.json".to_string(), 3, chain(&["docker-auth"])),
        ("hex.txt".to_string(), 1, chain(&["hex"])),
        ("nb.ipynb".to_string(), 1, chain(&[])),
        ("page.html".to_string(), 1, chain(&["html"])),
        ("pct.env".to_string(), 1, chain(&["percent"])),
        ("secret.yaml".to_string(), 6, chain(&["kubernetes-secret"])),
        ("split.js".to_string(), 1, chain(&["concatenation"])),
        ("url.txt".to_string(), 3, chain(&["base64"])),
    ];
    assert_eq!(got, expected);
    // Decoding off: only what is there as it is.
    assert_eq!(
        places(root, &["--no-decode"]),
        [("nb.ipynb".to_string(), 1, chain(&[]))]
    );
}

#[test]
fn nested_encodings_are_found_up_to_the_depth_and_reported_with_their_chain() {
    let dir = tempfile::tempdir().unwrap();
    let inner = b64(&format!("export GITHUB_TOKEN={}", github_token()));
    let middle = b64(&format!("payload={inner}"));
    let url: String = middle
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    write(
        dir.path(),
        "callback.log",
        format!("GET /cb?state={url}&x=1\n"),
    );
    // Percent-encoding breaks the base64 into runs that still decode; either way the token is
    // two base64 layers deep.
    let found = places(dir.path(), &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, 1);
    assert!(
        found[0].2.ends_with(&chain(&["base64", "base64"])),
        "{found:?}"
    );
    assert!(places(dir.path(), &["--decode-depth", "1"]).is_empty());

    // Pretty output says how it was found, and redacts as always.
    let out = leakhound()
        .args(["scan", "--no-config", "--color", "never"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("base64 → base64"), "{text}");
    assert!(!text.contains(&github_token()), "{text}");
}

#[test]
fn sarif_of_a_decoded_finding_is_valid_and_says_how_it_was_found() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "b64.txt",
        format!("blob = {}\n", b64(&format!("token: {}", github_token()))),
    );
    let out = leakhound()
        .args(["scan", "--no-config", "-f", "sarif"])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc = json(&out.stdout);
    assert_valid(&schema("sarif-schema-2.1.0.json"), &doc);
    let result = &doc["runs"][0]["results"][0];
    assert_eq!(
        result["properties"]["decoded"],
        serde_json::json!(["base64"])
    );
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .contains("Found after decoding: base64."),
        "{result:#}"
    );
}

#[test]
fn hard_negatives_stay_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let png: Vec<u8> = (0..=255u8).cycle().take(600).collect();
    write(
        dir.path(),
        "style.css",
        format!(
            ".a {{ background: url(data:image/png;base64,{}); }}\n",
            STANDARD.encode(&png)
        ),
    );
    write(
        dir.path(),
        "fmt.c",
        "printf(\"%02x %2d\\n\", a, b);\nputs(\"a\\\"b\\\"c\");\nconst char *s = \"Hello, \" \"world\";\n",
    );
    write(
        dir.path(),
        "placeholder.yaml",
        format!("kind: Secret\ndata:\n  password: {}\n", b64("changeme")),
    );
    write(
        dir.path(),
        "go.sum",
        "github.com/x/y v1.2.3 h1:q0RKlwPKO+7yK3jYQ2ut2FwdKVuA0fp2Gjr5Lsxwcnw=\n",
    );
    leakhound()
        .args(["scan", "--no-config"])
        .arg(dir.path())
        .assert()
        .code(0);
}
