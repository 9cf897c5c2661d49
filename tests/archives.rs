//! Archives scanned by the real binary: nested members named in locations, traversal names,
//! bombs cut off and reported (never a silent "clean"), archives in git history, and the flags.
//! Every archive is built here, in memory; nothing large is written.

mod common;

use std::io::Write;
use std::path::Path;

use common::*;

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, data) in entries {
        z.start_file(*name, options).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

fn tar_gz(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, data) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, name, *data).unwrap();
    }
    let tar = builder.into_inner().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&tar).unwrap();
    gz.finish().unwrap()
}

fn gzip_of_zeros(len: u64) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![0u8; 1 << 20];
    let mut left = len;
    while left > 0 {
        let n = left.min(block.len() as u64) as usize;
        gz.write_all(&block[..n]).unwrap();
        left -= n as u64;
    }
    gz.finish().unwrap()
}

fn scan(dir: &Path, extra: &[&str], code: i32) -> serde_json::Value {
    run_json(
        leakhound()
            .args(["scan", "--no-config", "-f", "json"])
            .args(extra)
            .arg(".")
            .current_dir(dir),
        code,
    )
}

/// (path, member, line) of every location.
fn places(doc: &serde_json::Value) -> Vec<(String, String, u64)> {
    let mut out: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["locations"].as_array().unwrap().iter())
        .map(|l| {
            (
                l["path"].as_str().unwrap().to_string(),
                l["member"].as_str().unwrap_or("").to_string(),
                l["line"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn env_file() -> Vec<u8> {
    format!("# deploy\nDEBUG=1\nGITHUB_TOKEN={}\n", github_token()).into_bytes()
}

#[test]
fn nested_members_are_named_in_the_location() {
    let dir = tempfile::tempdir().unwrap();
    let inner = tar_gz(&[
        ("app/creds.env", &env_file()),
        ("app/readme.txt", b"hello\n"),
    ]);
    let jar = zip(&[("META-INF/app.properties", &env_file())]);
    write(
        dir.path(),
        "release.zip",
        zip(&[("dist/app.tar.gz", &inner), ("lib/app.jar", &jar)]),
    );
    let doc = scan(dir.path(), &[], 1);
    assert_eq!(
        places(&doc),
        [
            (
                "release.zip".into(),
                "dist/app.tar.gz!app/creds.env".into(),
                3
            ),
            (
                "release.zip".into(),
                "lib/app.jar!META-INF/app.properties".into(),
                3
            ),
        ]
    );
    // The pretty output shows the whole place.
    let out = leakhound()
        .args(["scan", "--no-config", "--color", "never", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("release.zip!dist/app.tar.gz!app/creds.env:3:14"),
        "{text}"
    );
    assert!(!text.contains(&github_token()));

    // --skip-binary skips binaries, not archives: they are still opened.
    assert_eq!(
        places(&scan(dir.path(), &["--skip-binary"], 1)),
        places(&doc)
    );

    // --no-archives: the zip is a binary file; its compressed members hold no readable token.
    let doc = scan(dir.path(), &["--no-archives"], 0);
    assert!(places(&doc).is_empty());

    // SARIF: the archive is the artifact; the member is named, with no region of the zip.
    let out = leakhound()
        .args(["scan", "--no-config", "-f", "sarif", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let sarif = json(&out.stdout);
    assert_valid(&schema("sarif-schema-2.1.0.json"), &sarif);
    let result = &sarif["runs"][0]["results"][0];
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "release.zip");
    assert!(location.get("region").is_none(), "{location:#}");
    assert!(result["properties"]["member"].is_string());

    // The CI formats, whose places are files, say which member the lines belong to.
    for format in ["junit", "codequality"] {
        let out = leakhound()
            .args(["scan", "--no-config", "-f", format, "."])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("Inside archive member dist/app.tar.gz!app/creds.env"),
            "{format}: {text}"
        );
    }
}

#[test]
fn traversal_and_absolute_names_are_sanitised_and_still_scanned() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "evil.zip",
        zip(&[
            ("../../etc/creds.env", &env_file()),
            ("/abs/x.env", &env_file()),
        ]),
    );
    let doc = scan(dir.path(), &[], 1);
    assert_eq!(
        places(&doc),
        [
            ("evil.zip".into(), "abs/x.env".into(), 3),
            ("evil.zip".into(), "etc/creds.env".into(), 3),
        ]
    );
    // Nothing was written outside (or inside) the tree.
    assert!(!dir.path().join("etc").exists());
}

#[test]
fn a_bomb_is_cut_off_reported_and_the_rest_scanned() {
    let dir = tempfile::tempdir().unwrap();
    // 64 MiB of zeros (64 KiB compressed) beside a real secret in the same archive.
    let bomb = gzip_of_zeros(64 << 20);
    write(
        dir.path(),
        "bundle.zip",
        zip(&[("zeros.bin.gz", &bomb), ("z/creds.env", &env_file())]),
    );
    let doc = scan(dir.path(), &[], 1);
    assert_eq!(
        places(&doc),
        [("bundle.zip".into(), "z/creds.env".into(), 3)]
    );
    let skipped = &doc["summary"]["skipped"];
    assert_eq!(skipped["by_reason"]["compression-ratio"], 1, "{skipped:#}");
    let item = &skipped["items"][0];
    assert_eq!(item["path"], "bundle.zip!zeros.bin.gz!zeros.bin");
    // A cut-off is reported, not a failure: the scan is complete as far as policy goes.
    assert_eq!(doc["summary"]["complete"], true);

    // The budget: a small one stops the archive and says how much was left unread.
    let doc = scan(
        dir.path(),
        &["--archive-max-bytes", "1M", "--archive-max-ratio", "100000"],
        0,
    );
    assert!(places(&doc).is_empty(), "{doc:#}");
    // The member being read when the budget ran out, and the members left unread.
    let budget = &doc["summary"]["skipped"]["by_reason"]["archive-budget"];
    assert!(
        budget.as_u64().is_some_and(|n| n >= 1),
        "{:#}",
        doc["summary"]
    );
}

#[test]
fn nesting_deeper_than_the_limit_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = zip(&[("creds.env", &env_file())]);
    for level in 0..4 {
        data = zip(&[(&format!("level{level}.zip"), &data)]);
    }
    write(dir.path(), "deep.zip", &data);
    let doc = scan(dir.path(), &[], 1);
    assert_eq!(places(&doc).len(), 1);
    let doc = scan(dir.path(), &["--archive-max-depth", "2"], 0);
    assert!(places(&doc).is_empty());
    assert_eq!(
        doc["summary"]["skipped"]["by_reason"]["archive-too-deep"],
        1
    );
}

#[test]
fn a_corrupt_archive_is_reported_and_its_bytes_still_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = zip(&[("a.env", &env_file())]);
    data.truncate(data.len() / 2);
    // A readable token after the damage is still found among the raw bytes' strings.
    data.extend_from_slice(format!("\0tail {}\0", github_token()).as_bytes());
    write(dir.path(), "broken.zip", &data);
    let doc = scan(dir.path(), &[], 1);
    assert_eq!(places(&doc).len(), 1, "{doc:#}");
    assert!(
        doc["summary"]["skipped"]["by_reason"]["archive-corrupt"]
            .as_u64()
            .is_some_and(|n| n >= 1),
        "{:#}",
        doc["summary"]
    );
}

#[test]
fn archives_committed_to_history_are_opened() {
    let dir = repo();
    write(dir.path(), "README.md", "# app\n");
    commit(dir.path(), "Initial commit", 1);
    write(
        dir.path(),
        "vendor/bundle.tar.gz",
        tar_gz(&[("cfg/prod.env", &env_file())]),
    );
    commit(dir.path(), "Vendor the bundle", 2);
    git(dir.path(), &["rm", "-q", "vendor/bundle.tar.gz"]);
    commit(dir.path(), "Remove the bundle", 3);
    let doc = run_json(
        leakhound()
            .args(["scan", "--no-config", "--git", "-f", "json", "."])
            .current_dir(dir.path()),
        1,
    );
    assert_eq!(
        places(&doc),
        [("vendor/bundle.tar.gz".into(), "cfg/prod.env".into(), 3)]
    );
    let location = &doc["findings"][0]["locations"][0];
    assert_eq!(location["commit"]["summary"], "Vendor the bundle");
    assert_eq!(location["in_head"], false);
}
