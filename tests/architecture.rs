//! The pipeline is the module layout, and data flows one way: an earlier stage never imports a
//! later one (input → blob → decode → matcher → finding → suppress → report; rules feed the matcher; only
//! `scan`, `check` and `main` see every stage).

use std::path::Path;

/// (module path under src/, modules it must not import)
const RULES: &[(&str, &[&str])] = &[
    (
        "rules",
        &[
            "matcher", "finding", "suppress", "report", "scan", "input", "blob", "check",
        ],
    ),
    (
        "input",
        &[
            "matcher", "rules", "finding", "suppress", "report", "scan", "blob",
        ],
    ),
    (
        "blob",
        &[
            "matcher", "rules", "finding", "suppress", "report", "scan", "input", "decode",
        ],
    ),
    (
        // Decoders are byte transforms: they never read inputs or run rules.
        "decode",
        &[
            "matcher", "rules", "finding", "suppress", "report", "scan", "input", "blob",
        ],
    ),
    (
        "matcher",
        &[
            "finding", "suppress", "report", "scan", "input", "blob", "config",
        ],
    ),
    (
        "finding.rs",
        &["suppress", "report", "scan", "input", "config"],
    ),
    ("suppress", &["report", "scan", "input", "blob"]),
    (
        "summary.rs",
        &["matcher", "finding", "suppress", "report", "scan"],
    ),
    (
        "report",
        // Reports render data (findings, provenance); they never read inputs or run rules.
        &[
            "scan",
            "input",
            "blob::open",
            "blob::read",
            "matcher::Matcher",
            "suppress",
        ],
    ),
];

fn sources(path: &Path, out: &mut Vec<(String, String)>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            sources(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push((
            path.display().to_string(),
            std::fs::read_to_string(path).unwrap(),
        ));
    }
}

#[test]
fn earlier_stages_never_import_later_ones() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    for (module, forbidden) in RULES {
        let mut files = Vec::new();
        sources(&src.join(module), &mut files);
        assert!(!files.is_empty(), "no sources for {module}");
        for (file, text) in &files {
            // Doc links may name later stages; only code counts.
            for line in text
                .lines()
                .filter(|l| l.contains("crate::") && !l.trim_start().starts_with("//"))
            {
                for f in *forbidden {
                    if line.contains(&format!("crate::{f}")) {
                        violations.push(format!(
                            "{file}: `{}` (module {module} must not use {f})",
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn only_report_and_main_write_to_stdout() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    for (file, text) in files {
        if file.contains("/report/") || file.ends_with("main.rs") {
            continue;
        }
        for pat in ["println!", "print!(", "io::stdout", "eprintln!"] {
            assert!(!text.contains(pat), "{file} writes to the terminal ({pat})");
        }
    }
}
