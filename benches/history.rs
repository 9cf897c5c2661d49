//! The history pipeline end to end (open, blob pass, tree pass, provenance, findings) on a
//! repository generated with the git CLI: a full-history scan, a range scan of the last
//! commits, and a staged check of one file.
//!
//! ```sh
//! cargo bench --bench history
//! LEAKHOUND_BENCH_REPO=/path/to/repo.git cargo bench --bench history -- full   # a real one
//! ```
//!
//! The generated repository (600 commits over 80 files of code-like text, a few secrets, packed
//! with `git gc`) is built once per run in a temporary directory.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use clap::Parser;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use leakhound::cli::{Cli, Command as LhCommand};
use leakhound::config::ScanConfig;
use leakhound::finding::Fingerprinter;
use leakhound::matcher::Matcher;
use leakhound::rules::RuleSet;
use leakhound::scan::{Cancel, scan};
use leakhound::summary::Counters;
use leakhound::suppress::Suppressor;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.com")
        .env("GIT_COMMITTER_NAME", "Bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.com")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A deterministic pseudo-random line of code-like text.
fn line(seed: &mut u64) -> String {
    const WORDS: &[&str] = &[
        "let", "value", "config", "return", "if", "else", "match", "self", "buffer", "index",
        "error", "result", "map", "iter", "len", "push", "fn", "struct", "impl", "pub",
    ];
    let mut out = String::new();
    for _ in 0..8 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        out.push_str(WORDS[(*seed >> 33) as usize % WORDS.len()]);
        out.push(' ');
    }
    out.push_str(";\n");
    out
}

fn generate(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"]);
    let mut seed = 42u64;
    let files = 80;
    for f in 0..files {
        let body: String = (0..200).map(|_| line(&mut seed)).collect();
        std::fs::write(dir.join(format!("src_{f}.rs")), body).unwrap();
    }
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "initial"]);
    for c in 0..600u64 {
        for k in 0..3 {
            let f = (c * 7 + k * 13) % files;
            let path = dir.join(format!("src_{f}.rs"));
            let mut body = std::fs::read_to_string(&path).unwrap();
            body.push_str(&line(&mut seed));
            if c % 97 == 0 && k == 0 {
                // Fake, format-valid keys (never issued).
                body.push_str(&format!("const KEY: &str = \"AKIAZ4QH7WXY2M{:06}\";\n", c));
            }
            std::fs::write(&path, body).unwrap();
        }
        git(dir, &["commit", "-qam", &format!("change {c}")]);
    }
    git(dir, &["gc", "-q"]);
}

fn config(args: &[&str]) -> ScanConfig {
    let cli = Cli::try_parse_from(args).unwrap();
    let LhCommand::Scan(args) = cli.command else {
        unreachable!()
    };
    ScanConfig::from_args(*args).unwrap()
}

fn bench(c: &mut Criterion) {
    let generated = tempfile::tempdir().unwrap();
    let repo = match std::env::var_os("LEAKHOUND_BENCH_REPO") {
        Some(path) => std::path::PathBuf::from(path),
        None => {
            generate(generated.path());
            generated.path().to_path_buf()
        }
    };
    let repo_arg = repo.to_str().unwrap();
    let rules = Arc::new(RuleSet::builtin());
    let suppressor = Suppressor::new(
        &rules,
        &[],
        &[],
        leakhound::config::Markers { foreign: true },
    )
    .unwrap();
    let matcher = Matcher::new(rules);
    let fingerprints = Fingerprinter::default();
    let run = |config: &ScanConfig| {
        let counters = Counters::default();
        let result = scan(
            config,
            &matcher,
            &suppressor,
            &fingerprints,
            &Cancel::new(),
            &counters,
        )
        .unwrap();
        assert!(result.summary.complete());
        result
    };

    let full = config(&["leakhound", "scan", "--no-config", "--git", repo_arg]);
    let bytes = run(&full).summary.bytes_scanned;
    let mut group = c.benchmark_group("history");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("full", |b| b.iter(|| run(&full)));
    group.finish();

    if std::env::var_os("LEAKHOUND_BENCH_REPO").is_none() {
        let mut group = c.benchmark_group("history-small");
        group.sample_size(20);
        let range = config(&[
            "leakhound",
            "scan",
            "--no-config",
            "--git",
            "--range",
            "HEAD~20..HEAD",
            repo_arg,
        ]);
        group.bench_function("range-20-commits", |b| b.iter(|| run(&range)));
        std::fs::write(
            repo.join("src_0.rs"),
            "const KEY: &str = \"AKIAZ4QH7WXY2MRT5KNV\";\n",
        )
        .unwrap();
        git(&repo, &["add", "src_0.rs"]);
        let staged = config(&["leakhound", "scan", "--no-config", "--staged", repo_arg]);
        group.bench_function("staged-one-file", |b| b.iter(|| run(&staged)));
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
