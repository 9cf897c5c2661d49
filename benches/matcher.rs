//! Matcher throughput on realistic source bytes as the catalogue grows:
//! - `starter`: the 237 rules that existed before the catalogue grew (`starter-rules.txt`);
//! - `builtin`: every built-in rule;
//! - `10x`: the built-in rules plus nine times as many synthetic token rules.
//!
//! Targets (issue 4): `builtin` throughput ≥ 90% of `starter`; `10x` time ≤ 1.3× `builtin`.
//!
//! The `decode` group measures the decoding stage (issue 6) on the same bytes: finding and
//! decoding encoded spans, and matching the decoded views.
//!
//! Input: up to 64 MiB of text files under `LEAKHOUND_BENCH_DIR` (e.g. a directory of real
//! checkouts), taken evenly from each of its subdirectories; without it, this repository's own
//! `src/`, `rules/` and `corpus/` trees.
//!
//! ```sh
//! LEAKHOUND_BENCH_DIR=/path/to/checkouts cargo bench --bench matcher
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use leakhound::matcher::Matcher;
use leakhound::rules::{RuleOrigin, RuleSet};

const MAX_INPUT: usize = 64 << 20;

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
}

/// Appends text files under `dir` until `out` holds `limit` bytes.
fn collect(dir: &Path, out: &mut Vec<u8>, limit: usize) {
    for path in sorted_entries(dir) {
        if out.len() >= limit {
            return;
        }
        if path.is_dir() {
            if path
                .file_name()
                .is_some_and(|n| n != ".git" && n != "target")
            {
                collect(&path, out, limit);
            }
        } else if let Ok(bytes) = std::fs::read(&path)
            && !leakhound::blob::is_binary(&bytes)
        {
            out.extend_from_slice(&bytes);
        }
    }
}

fn input() -> Vec<u8> {
    let mut bytes = Vec::new();
    let dirs: Vec<PathBuf> = match std::env::var_os("LEAKHOUND_BENCH_DIR") {
        Some(dir) => sorted_entries(Path::new(&dir)),
        None => {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            ["src", "rules", "corpus"].map(|d| root.join(d)).to_vec()
        }
    };
    // An even share of each subdirectory, so the sample is not one project's code.
    let share = MAX_INPUT / dirs.len().max(1);
    for dir in &dirs {
        let limit = bytes.len() + share;
        collect(dir, &mut bytes, limit);
        bytes.truncate(limit);
    }
    bytes
}

/// Rules shaped like real token rules (distinct 5-byte prefixes, a fixed-length body), that
/// real code does not contain: they cost prefilter capacity, never confirmation.
pub fn synthetic_rules(n: usize) -> String {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    const ALPHA: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::new();
    for i in 0..n {
        let prefix: String = (0..5)
            .map(|_| ALPHA[(next() % 36) as usize] as char)
            .collect();
        let prefix = format!("{prefix}{}_", i % 10);
        out.push_str(&format!(
            "[[rules]]\nid = \"synthetic-{i}\"\nname = \"Synthetic {i}\"\ndescription = \"d\"\n\
             severity = \"high\"\nconfidence = \"high\"\nkeywords = [\"{prefix}\"]\n\
             regex = '''\\b({prefix}[A-Za-z0-9]{{32}})\\b'''\n\n"
        ));
    }
    out
}

fn bench(c: &mut Criterion) {
    let hay = input();
    let starter_ids: std::collections::HashSet<&str> =
        include_str!("starter-rules.txt").lines().collect();
    let mut starter = RuleSet::builtin();
    starter.retain(|r| starter_ids.contains(r.id.as_str()));
    let builtin = RuleSet::builtin();
    let n = builtin.len();
    let mut scaled = RuleSet::builtin();
    scaled.add_file_text(
        &synthetic_rules(9 * n),
        RuleOrigin {
            file: "synthetic.toml".into(),
            builtin: false,
        },
    );
    let mut group = c.benchmark_group("matcher");
    group.throughput(Throughput::Bytes(hay.len() as u64));
    group.sample_size(20);
    for (name, rules) in [
        (format!("starter-{}-rules", starter.len()), starter),
        (format!("builtin-{n}-rules"), builtin),
        (format!("10x-{}-rules", scaled.len()), scaled),
    ] {
        let matcher = Matcher::new(Arc::new(rules));
        let mut scratch = matcher.scratch();
        group.bench_function(name, |b| {
            b.iter(|| matcher.find_all(&hay, &mut scratch).len())
        });
    }
    group.finish();
}

/// The decoding stage over the same bytes: finding encoded spans and decoding them (the cost a
/// scan adds to the matcher when decoding is on), and the matcher over the views it produces.
fn bench_decode(c: &mut Criterion) {
    use leakhound::decode::{Options, Views};
    let hay = input();
    let matcher = Matcher::new(Arc::new(RuleSet::builtin()));
    let mut scratch = matcher.scratch();
    let mut views = Views::new();
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(hay.len() as u64));
    group.sample_size(10);
    group.bench_function("find-and-decode-spans", |b| {
        b.iter(|| {
            views.decode(&hay, &Options::default());
            views.len()
        })
    });
    views.decode(&hay, &Options::default());
    group.bench_function("match-decoded-views", |b| {
        b.iter(|| {
            views
                .iter()
                .map(|v| matcher.find_all(v.bytes, &mut scratch).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench, bench_decode);
criterion_main!(benches);
