//! What a scan covered: counts, every skip with its reason, suppressions, completeness.
//! Produced by [`crate::scan`], rendered by [`crate::report`] in every format.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use crate::error::Skipped;

/// Live counts, updated by the scan and readable while it runs (for progress display).
#[derive(Debug, Default)]
pub struct Counters {
    pub files: AtomicU64,
    pub bytes: AtomicU64,
}

/// Skip records kept in full; beyond this only the per-reason counts grow.
pub const MAX_SKIP_RECORDS: usize = 10_000;

#[derive(Debug, Clone)]
pub struct Summary {
    pub started_at: jiff::Timestamp,
    pub duration: Duration,
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub rules_loaded: usize,
    /// The first [`MAX_SKIP_RECORDS`] skips, sorted.
    pub skipped: Vec<Skipped>,
    /// Every skip, counted by [`crate::error::SkipReason::kind`].
    pub skipped_by_kind: BTreeMap<&'static str, u64>,
    /// Skips that make the scan incomplete.
    pub failures: u64,
    /// New secrets not kept because the findings limit was reached.
    pub findings_dropped: u64,
    /// Suppressed occurrences, counted by "kind: reason".
    pub suppressed: BTreeMap<String, u64>,
    /// Ignore-file entries past their expiry date: they no longer suppress.
    pub ignores_expired: Vec<String>,
    /// Live ignore-file entries that matched nothing in this scan.
    pub ignores_unused: Vec<String>,
    /// Findings the baseline accepted.
    pub baseline_matched: u64,
    /// The signal that stopped the scan early, if one did.
    pub interrupted_by: Option<i32>,
}

impl Summary {
    /// Every input was read and every rule loaded: a clean result means clean.
    pub fn complete(&self) -> bool {
        self.failures == 0 && self.interrupted_by.is_none() && self.findings_dropped == 0
    }

    pub fn skipped_total(&self) -> u64 {
        self.skipped_by_kind.values().sum()
    }

    pub fn suppressed_total(&self) -> u64 {
        self.suppressed.values().sum()
    }
}

/// Thread-safe collector of skips during a scan.
#[derive(Debug, Default)]
pub struct SkipLog {
    inner: Mutex<SkipLogInner>,
}

#[derive(Debug, Default)]
struct SkipLogInner {
    records: Vec<Skipped>,
    by_kind: BTreeMap<&'static str, u64>,
    failures: u64,
}

impl SkipLog {
    pub fn record(&self, skipped: Skipped) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        *inner.by_kind.entry(skipped.reason.kind()).or_default() += 1;
        if skipped.reason.is_failure() {
            inner.failures += 1;
        }
        if inner.records.len() < MAX_SKIP_RECORDS {
            inner.records.push(skipped);
        }
    }

    /// (sorted records, counts by kind, failures)
    pub fn finish(self) -> (Vec<Skipped>, BTreeMap<&'static str, u64>, u64) {
        let mut inner = self.inner.into_inner().unwrap_or_else(|e| e.into_inner());
        inner.records.sort();
        (inner.records, inner.by_kind, inner.failures)
    }
}
