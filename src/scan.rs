//! Orchestration: walks the inputs in parallel, reads each item, runs the matcher with a
//! per-thread scratch, turns matches into findings, applies suppressions, and counts every skip.
//!
//! Small files are scanned by the walker's threads, one file per thread. A file of
//! [`PARALLEL_THRESHOLD`] bytes or more is cut into [`CHUNK`]-sized ranges scanned in parallel,
//! so one huge file uses every core. Cancellation (SIGINT/SIGTERM) is checked between files and
//! between chunks; the scan then stops and its summary says so.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use rayon::prelude::*;

use crate::blob::{self, ReadPolicy};
use crate::config::ScanConfig;
use crate::error::{SkipReason, Skipped};
use crate::finding::{self, Finding, FindingSet, Fingerprinter};
use crate::input::{self, Entry, Target};
use crate::matcher::{Match, Matcher, Scratch};
use crate::summary::{SkipLog, Summary};
use crate::suppress::Suppressor;

/// Files at least this large are scanned by several threads at once.
pub const PARALLEL_THRESHOLD: usize = 32 * 1024 * 1024;
/// The range each thread takes of a large file.
pub const CHUNK: usize = 8 * 1024 * 1024;

/// Live counts, readable while the scan runs (for progress display).
#[derive(Debug, Default)]
pub struct Counters {
    pub files: AtomicU64,
    pub bytes: AtomicU64,
}

/// Set from a signal handler; the scan stops soon after. Holds the signal number (0: none).
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicUsize>);

impl Cancel {
    pub fn new() -> Self {
        Cancel::default()
    }

    /// The flag a signal handler sets to the signal number.
    pub fn flag(&self) -> Arc<AtomicUsize> {
        Arc::clone(&self.0)
    }

    pub fn cancel(&self, signal: i32) {
        self.0.store(signal.max(1) as usize, Ordering::SeqCst);
    }

    pub fn signal(&self) -> Option<i32> {
        match self.0.load(Ordering::Relaxed) {
            0 => None,
            s => Some(s as i32),
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed) != 0
    }
}

/// What a scan produced.
#[derive(Debug)]
pub struct ScanResult {
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

/// Everything the workers share.
struct Shared<'a> {
    matcher: &'a Matcher,
    suppressor: &'a Suppressor,
    fingerprints: &'a Fingerprinter,
    read: ReadPolicy,
    threads: usize,
    cancel: &'a Cancel,
    counters: &'a Counters,
    findings: Mutex<FindingSet>,
    suppressed: Mutex<BTreeMap<String, u64>>,
    skips: SkipLog,
    pool: OnceLock<Option<rayon::ThreadPool>>,
}

/// Runs a scan of `config.targets`.
pub fn scan(
    config: &ScanConfig,
    matcher: &Matcher,
    suppressor: &Suppressor,
    fingerprints: &Fingerprinter,
    cancel: &Cancel,
    counters: &Counters,
) -> Result<ScanResult, crate::Error> {
    let started = Instant::now();
    let started_at = jiff::Timestamp::now();
    let shared = Shared {
        matcher,
        suppressor,
        fingerprints,
        read: config.read,
        threads: config.threads,
        cancel,
        counters,
        findings: Mutex::new(FindingSet::default()),
        suppressed: Mutex::new(BTreeMap::new()),
        skips: SkipLog::default(),
        pool: OnceLock::new(),
    };
    for problem in matcher.rules().problems() {
        shared.skips.record(Skipped {
            what: problem.file.clone(),
            reason: SkipReason::BadRule(problem.to_string()),
        });
    }

    let mut roots: Vec<PathBuf> = Vec::new();
    for target in &config.targets {
        match target {
            Target::Path(p) => roots.push(p.clone()),
            Target::Stdin => {
                let mut scratch = matcher.scratch();
                let mut buf = Vec::new();
                match blob::read_stdin(&config.read, &mut buf) {
                    Ok(blob) => shared.scan_bytes(&mut scratch, blob.bytes(), "<stdin>"),
                    Err(reason) => shared.skips.record(Skipped {
                        what: "<stdin>".into(),
                        reason,
                    }),
                }
            }
        }
    }
    if !roots.is_empty() && !cancel.is_cancelled() {
        input::walk(&roots, &config.walk, || {
            let shared = &shared;
            let mut scratch = matcher.scratch();
            let mut buf = Vec::new();
            Box::new(move |entry| {
                if shared.cancel.is_cancelled() {
                    return false;
                }
                shared.visit(entry, &mut scratch, &mut buf);
                !shared.cancel.is_cancelled()
            })
        })?;
    }

    let findings = shared
        .findings
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    let findings_dropped = findings.dropped;
    let (skipped, skipped_by_kind, failures) = shared.skips.finish();
    let summary = Summary {
        started_at,
        duration: started.elapsed(),
        files_scanned: counters.files.load(Ordering::Relaxed),
        bytes_scanned: counters.bytes.load(Ordering::Relaxed),
        rules_loaded: matcher.rules().len(),
        skipped,
        skipped_by_kind,
        failures,
        findings_dropped,
        suppressed: shared
            .suppressed
            .into_inner()
            .unwrap_or_else(|e| e.into_inner()),
        interrupted_by: cancel.signal(),
    };
    Ok(ScanResult {
        findings: findings.into_sorted(),
        summary,
    })
}

impl Shared<'_> {
    fn visit(&self, entry: Entry, scratch: &mut Scratch, buf: &mut Vec<u8>) {
        match entry {
            Entry::Skipped(skipped) => self.skips.record(skipped),
            Entry::File { path, display } => {
                match blob::read_file(&path, &self.read, buf) {
                    Ok(blob) => self.scan_bytes(scratch, blob.bytes(), &display),
                    Err(reason) => self.skips.record(Skipped {
                        what: display,
                        reason,
                    }),
                }
                // A --no-mmap read of a huge file must not pin its memory for the rest of the scan.
                if buf.capacity() > 2 * blob::MMAP_THRESHOLD as usize {
                    *buf = Vec::new();
                }
            }
        }
    }

    fn scan_bytes(&self, scratch: &mut Scratch, bytes: &[u8], display: &str) {
        let parallel;
        let matches: &[Match] = if bytes.len() >= PARALLEL_THRESHOLD && self.threads > 1 {
            parallel = self.find_parallel(bytes, display);
            &parallel
        } else {
            self.matcher.find_all(bytes, scratch)
        };
        self.counters.files.fetch_add(1, Ordering::Relaxed);
        self.counters
            .bytes
            .fetch_add(bytes.len() as u64, Ordering::Relaxed);
        if matches.is_empty() {
            return;
        }
        let rules = self.matcher.rules();
        let matches = finding::keep_most_specific(matches, |id| {
            let r = rules.get(id);
            (r.confidence, r.checksum.is_some(), r.severity)
        });
        let mut kept = Vec::new();
        let mut suppressed: Vec<String> = Vec::new();
        for occ in finding::locate(bytes, &matches, display) {
            match self.suppressor.check(rules, occ.rule, display) {
                Some(s) => suppressed.push(s.key()),
                None => kept.push(occ),
            }
        }
        if !suppressed.is_empty() {
            let mut map = self.suppressed.lock().unwrap_or_else(|e| e.into_inner());
            for key in suppressed {
                *map.entry(key).or_default() += 1;
            }
        }
        if !kept.is_empty() {
            let mut set = self.findings.lock().unwrap_or_else(|e| e.into_inner());
            for occ in kept {
                let id = &rules.get(occ.rule).id;
                set.add(occ, self.fingerprints, id);
            }
        }
    }

    /// Scans a large input in parallel ranges and merges their matches.
    fn find_parallel(&self, bytes: &[u8], display: &str) -> Vec<Match> {
        let pool = self.pool.get_or_init(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(self.threads)
                .thread_name(|i| format!("leakhound-chunk-{i}"))
                .build()
                .ok()
        });
        let ranges: Vec<Range<usize>> = (0..bytes.len())
            .step_by(CHUNK)
            .map(|s| s..(s + CHUNK).min(bytes.len()))
            .collect();
        let run = || {
            ranges
                .into_par_iter()
                .map_init(
                    || self.matcher.scratch(),
                    |scratch, range| {
                        if self.cancel.is_cancelled() {
                            return Vec::new();
                        }
                        self.matcher.find(bytes, range, scratch);
                        scratch.matches().to_vec()
                    },
                )
                .flatten()
                .collect::<Vec<Match>>()
        };
        let mut all = match pool {
            Some(pool) => pool.install(run),
            None => run(),
        };
        if self.cancel.is_cancelled() {
            self.skips.record(Skipped {
                what: display.to_string(),
                reason: SkipReason::Interrupted,
            });
        }
        all.sort_unstable_by_key(|m| (m.start, m.end, m.rule, m.secret_start));
        all.dedup();
        all
    }
}
