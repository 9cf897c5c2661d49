//! The accuracy gate: scan the labeled corpus with the built-in rules and compare every
//! reported (file, line, secret), companions included, with `corpus/manifest.toml`. Fails below 95% recall or 98%
//! precision, printing each miss and each false positive.
#![allow(clippy::print_stdout)] // the scores are the report of this test

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;

type Key = (String, u64, String);

#[derive(serde::Deserialize)]
struct Manifest {
    secret: Vec<Entry>,
}

#[derive(serde::Deserialize)]
struct Entry {
    file: String,
    line: u64,
    secret: String,
}

#[test]
fn corpus_recall_and_precision_meet_the_bar() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let manifest: Manifest =
        toml::from_str(&std::fs::read_to_string(corpus.join("manifest.toml")).unwrap()).unwrap();
    let expected: BTreeSet<Key> = manifest
        .secret
        .into_iter()
        .map(|e| (e.file, e.line, e.secret))
        .collect();

    let out = leakhound()
        .current_dir(&corpus)
        .args([
            "scan",
            "--no-config",
            "--no-ignore",
            "--show-secrets",
            "-f",
            "json",
            "positives",
            "negatives",
        ])
        .output()
        .unwrap();
    let doc = json(&out.stdout);
    assert_eq!(doc["summary"]["complete"], true, "{:#}", doc["summary"]);
    let mut reported: BTreeSet<Key> = BTreeSet::new();
    for f in doc["findings"].as_array().unwrap() {
        let secret = f["secret"].as_str().unwrap();
        for l in f["locations"].as_array().unwrap() {
            reported.insert((
                l["path"].as_str().unwrap().to_string(),
                l["line"].as_u64().unwrap(),
                secret.to_string(),
            ));
            // A paired part (the key id beside a secret key) is reported inside the finding.
            for c in l["companions"].as_array().into_iter().flatten() {
                reported.insert((
                    l["path"].as_str().unwrap().to_string(),
                    c["line"].as_u64().unwrap(),
                    c["secret"].as_str().unwrap().to_string(),
                ));
            }
        }
    }

    let hits = expected.intersection(&reported).count();
    let recall = hits as f64 / expected.len() as f64;
    let precision = if reported.is_empty() {
        1.0
    } else {
        hits as f64 / reported.len() as f64
    };
    let rule_of = |key: &Key| -> String {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["secret"] == key.2.as_str())
            .map(|f| f["rule_id"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let misses: Vec<String> = expected
        .difference(&reported)
        .map(|k| format!("  missed {}:{} {:?}", k.0, k.1, k.2))
        .collect();
    let false_positives: Vec<String> = reported
        .difference(&expected)
        .map(|k| {
            format!(
                "  false positive {}:{} {:?} ({})",
                k.0,
                k.1,
                k.2,
                rule_of(k)
            )
        })
        .collect();
    println!(
        "corpus: {} expected, {} reported, {hits} true positives; recall {:.1}%, precision {:.1}%",
        expected.len(),
        reported.len(),
        recall * 100.0,
        precision * 100.0
    );
    println!("{}\n{}", misses.join("\n"), false_positives.join("\n"));
    assert!(recall >= 0.95, "recall {:.1}% < 95%", recall * 100.0);
    assert!(
        precision >= 0.98,
        "precision {:.1}% < 98%",
        precision * 100.0
    );
}
