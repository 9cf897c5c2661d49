//! Matcher throughput on realistic source bytes, with the built-in rules and with ten times as
//! many synthetic rules (to show that cost does not grow with the rule count).
//!
//! Input: every file under `LEAKHOUND_BENCH_DIR` (e.g. a few real checkouts), up to 64 MiB;
//! without it, this repository's own `src/`, `rules/` and `corpus/` trees.
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

fn collect(dir: &Path, out: &mut Vec<u8>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if out.len() >= MAX_INPUT {
            return;
        }
        if path.is_dir() {
            if path
                .file_name()
                .is_some_and(|n| n != ".git" && n != "target")
            {
                collect(&path, out);
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
    match std::env::var_os("LEAKHOUND_BENCH_DIR") {
        Some(dir) => collect(Path::new(&dir), &mut bytes),
        None => {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            for d in ["src", "rules", "corpus"] {
                collect(&root.join(d), &mut bytes);
            }
        }
    }
    bytes.truncate(MAX_INPUT);
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

criterion_group!(benches, bench);
criterion_main!(benches);
