//! Orchestration: walks the inputs in parallel, reads each item, runs the matcher with a
//! per-thread scratch, turns matches into findings, applies suppressions, and counts every skip.
//!
//! Small files are scanned by the walker's threads, one file per thread. A file of
//! [`blob::LARGE_THRESHOLD`] bytes or more is cut into [`CHUNK`]-sized ranges that every thread
//! reads and scans in parallel, so one huge file uses every core and a fixed amount of memory.
//! (In such files a column is counted from at most [`OVERLAP`] bytes before the secret.) Cancellation (SIGINT/SIGTERM) is checked between files and
//! between chunks; the scan then stops and its summary says so.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use rayon::prelude::*;

use crate::blob::archive;
use crate::blob::{self, Binary, Contents, LargeFile, Provenance, ReadPolicy};
use crate::config::ScanConfig;
use crate::decode::{self, Views};
use crate::error::{SkipReason, Skipped};
use crate::finding::{self, Finding, FindingSet, Fingerprinter, Occurrence};
use crate::input::git::{BlobEntry, CommitMeta, FullHistory, Gid, RangeIndex};
use crate::input::{self, Entry, Target};
use crate::matcher::{Match, Matcher, Scratch};
use crate::rules::{Confidence, RuleId, Severity};
use crate::summary::{Counters, SkipLog, Summary};
use crate::suppress::Suppressor;

/// Matches kept per blob of a history scan while its paths are worked out.
const MAX_HELD_PER_BLOB: usize = 10_000;
/// Skipped blobs of a history scan that are named by path (the rest by object id).
const MAX_NAMED_SKIPS: usize = 1_000;
/// The range each thread takes of a large file ([`blob::LARGE_THRESHOLD`] bytes or more).
pub const CHUNK: u64 = 8 * 1024 * 1024;
/// Bytes read on each side of a range: more than any match window plus keyword.
pub const OVERLAP: u64 = 256 * 1024;

/// A worker thread's reusable state: the matcher's scratch for items and for their decoded
/// views, and the views.
struct Worker {
    scratch: Scratch,
    decoded: Scratch,
    views: Views,
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
    /// Findings hidden by a suppression, each saying which (reported with --show-suppressed).
    pub suppressed: Vec<Finding>,
    pub summary: Summary,
}

/// Everything the workers share.
struct Shared<'a> {
    matcher: &'a Matcher,
    suppressor: &'a Suppressor,
    fingerprints: &'a Fingerprinter,
    read: ReadPolicy,
    decode: decode::Options,
    /// How archives are opened (`None`: they are scanned as the files they are).
    archives: Option<archive::Limits>,
    show_secrets: bool,
    threads: usize,
    cancel: &'a Cancel,
    counters: &'a Counters,
    findings: Mutex<FindingSet>,
    /// Findings all of whose occurrences were suppressed by where they are.
    suppressed_findings: Mutex<FindingSet>,
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
        decode: config.decode,
        archives: config.archives,
        show_secrets: config.show_secrets,
        threads: config.threads,
        cancel,
        counters,
        findings: Mutex::new(FindingSet::default()),
        suppressed_findings: Mutex::new(FindingSet::default()),
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
                let mut worker = shared.worker();
                let mut buf = Vec::new();
                match blob::read_stdin(&config.read, &mut buf) {
                    Ok(blob) => shared.scan_bytes(&mut worker, blob.bytes(), "<stdin>"),
                    Err(reason) => shared.skips.record(Skipped {
                        what: "<stdin>".into(),
                        reason,
                    }),
                }
            }
        }
    }
    if config.staged {
        for root in &roots {
            let staged = input::git::staged::staged(root, &config.walk.exclude)?;
            shared.scan_staged(staged);
        }
    } else if config.git {
        for root in &roots {
            if cancel.is_cancelled() {
                break;
            }
            let display = input::display_path(root);
            match &config.git_selection {
                input::git::Selection::All => {
                    let history = input::git::FullHistory::open(root)?;
                    shared.scan_full_history(&history, &display, config)?;
                }
                input::git::Selection::Range { exclude, include } => {
                    let history =
                        input::git::index_range(root, (exclude, include), &config.walk.exclude)?;
                    shared.scan_range(history, &display);
                }
            }
        }
    } else if !roots.is_empty() && !cancel.is_cancelled() {
        input::walk(&roots, &config.walk, || {
            let shared = &shared;
            let mut worker = shared.worker();
            let mut buf = Vec::new();
            Box::new(move |entry| {
                if shared.cancel.is_cancelled() {
                    return false;
                }
                shared.visit(entry, &mut worker, &mut buf);
                !shared.cancel.is_cancelled()
            })
        })?;
    }

    let findings = shared
        .findings
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    let findings_dropped = findings.dropped;
    let mut suppressed_findings = shared
        .suppressed_findings
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_sorted();
    let mut suppressed_counts = shared
        .suppressed
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    let verdicts = suppressor.apply_to_findings(
        findings.into_sorted(),
        &suppressed_findings,
        crate::suppress::ignore_file::today(),
        &mut suppressed_counts,
    );
    suppressed_findings.extend(verdicts.suppressed);
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
        suppressed: suppressed_counts,
        ignores_expired: verdicts.expired,
        ignores_unused: verdicts.unused,
        baseline_matched: verdicts.baseline_matched,
        interrupted_by: cancel.signal(),
    };
    Ok(ScanResult {
        findings: verdicts.reported,
        suppressed: suppressed_findings,
        summary,
    })
}

/// Moves an occurrence found in a part whose first line is `first_line` of its item (lines in a
/// part count from 1).
fn shift_lines(occ: &mut Occurrence, first_line: u64) {
    let shift = |line: u32| (u64::from(line) - 1 + first_line).min(u64::from(u32::MAX)) as u32;
    occ.location.line = shift(occ.location.line);
    occ.location.end_line = shift(occ.location.end_line);
}

/// Collects what an archive's members hold, scanned like any item.
struct Members<'a, 'w> {
    shared: &'a Shared<'a>,
    worker: &'w mut Worker,
    display: &'a str,
    /// The archive as skip records name it.
    what: &'a dyn Fn() -> String,
    occurrences: Vec<Occurrence>,
}

impl Members<'_, '_> {
    fn add(&mut self, path: &str, mut found: Vec<Occurrence>, first_line: u64) {
        // `""` is the archive itself, handed back when it could not be opened.
        let member = (!path.is_empty()).then(|| path.to_string());
        for occ in &mut found {
            shift_lines(occ, first_line);
            occ.location.member = member.clone();
        }
        self.shared.hold(&mut self.occurrences, found);
    }
}

impl archive::Visitor for Members<'_, '_> {
    fn member(&mut self, path: &str, bytes: &[u8]) {
        let Some(binary) = self.shared.strings_only(bytes) else {
            return self.skipped(path, SkipReason::Binary);
        };
        let found =
            self.shared
                .occurrences(self.worker, bytes, 0..bytes.len(), 0, binary, self.display);
        self.add(path, found, 1);
    }

    fn window(&mut self, path: &str, buf: &[u8], owned: Range<usize>, offset: u64, line: u64) {
        let Some(binary) = self.shared.strings_only(buf) else {
            return self.skipped(path, SkipReason::Binary);
        };
        let found = self
            .shared
            .occurrences(self.worker, buf, owned, offset, binary, self.display);
        self.add(path, found, line);
    }

    fn skipped(&mut self, path: &str, reason: SkipReason) {
        let what = if path.is_empty() {
            (self.what)()
        } else {
            format!("{}!{path}", (self.what)())
        };
        self.shared.skips.record(Skipped { what, reason });
    }

    fn cancelled(&self) -> bool {
        self.shared.cancel.is_cancelled()
    }
}

/// The blob pass of a full-history scan: scans each blob as it is decoded and keeps the
/// occurrences of the blobs with findings until their paths are known.
struct HistoryBlobs<'a> {
    shared: &'a Shared<'a>,
    label: &'a (dyn Fn(&str) -> String + Sync),
    hits: Mutex<Vec<(Gid, Vec<Occurrence>)>>,
    /// Blobs skipped for a reason worth a path (too large, LFS pointer).
    noted: Mutex<Vec<(Gid, SkipReason)>>,
}

impl input::git::Visitor for HistoryBlobs<'_> {
    type State = Worker;

    fn state(&self) -> Worker {
        self.shared.worker()
    }

    fn object(&self, worker: &mut Worker, gid: Gid, id: &gix::oid, bytes: &[u8]) {
        let shared = self.shared;
        let skip = |reason| {
            shared.skips.record(Skipped {
                what: (self.label)(&format!("blob {id}")),
                reason,
            })
        };
        let note = |reason| {
            self.noted
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((gid, reason))
        };
        match blob::skip_reason(bytes, &shared.read) {
            // Binary blobs are many; naming each by path would cost a walk apiece.
            Some(SkipReason::Binary) => return skip(SkipReason::Binary),
            Some(reason) => return note(reason),
            None => {}
        }
        let what = || (self.label)(&format!("blob {id}"));
        let occurrences = shared.scan_counted(worker, bytes, "", &what);
        if !occurrences.is_empty() {
            let occurrences = shared.held(occurrences);
            self.hits
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((gid, occurrences));
        }
    }

    fn finish(&self, _: Worker) {}
}

impl Shared<'_> {
    fn worker(&self) -> Worker {
        Worker {
            scratch: self.matcher.scratch(),
            decoded: self.matcher.scratch(),
            views: Views::new(),
        }
    }

    fn visit(&self, entry: Entry, worker: &mut Worker, buf: &mut Vec<u8>) {
        match entry {
            Entry::Skipped(skipped) => self.skips.record(skipped),
            Entry::File { path, display } => {
                match blob::open_file(&path, &self.read, buf) {
                    Ok(Contents::Whole(blob)) => self.scan_bytes(worker, blob.bytes(), &display),
                    Ok(Contents::Large(file)) => match self.archives.and(file.archive()) {
                        Some(kind) => {
                            self.count_item(file.len());
                            let source = archive::Source::File(file.file());
                            let what = || display.clone();
                            let occurrences =
                                self.expand_archive(worker, source, kind, &display, &what);
                            self.record(occurrences, &display);
                        }
                        None => self.scan_large(&file, &display),
                    },
                    Err(reason) => self.skips.record(Skipped {
                        what: display,
                        reason,
                    }),
                }
                // A --no-mmap read of a big file must not pin its memory for the rest of the scan.
                if buf.capacity() > 2 * blob::MMAP_THRESHOLD as usize {
                    *buf = Vec::new();
                }
            }
        }
    }

    fn scan_bytes(&self, worker: &mut Worker, bytes: &[u8], display: &str) {
        let occurrences = self.scan_counted(worker, bytes, display, &|| display.to_string());
        if !occurrences.is_empty() {
            self.record(occurrences, display);
        }
    }

    fn count_item(&self, len: u64) {
        self.counters.files.fetch_add(1, Ordering::Relaxed);
        self.counters.bytes.fetch_add(len, Ordering::Relaxed);
    }

    /// Whether to scan `bytes` for their printable strings (`None`: skip them, a binary under
    /// `--skip-binary`).
    fn strings_only(&self, bytes: &[u8]) -> Option<bool> {
        match self.read.binary {
            Binary::Skip if self.read.skips_binary(bytes) => None,
            Binary::Strings => Some(blob::is_binary(bytes)),
            _ => Some(false),
        }
    }

    /// How specific a rule is: which of two rules reporting the same secret, or an encoded and
    /// a decoded form of it, stands.
    fn specificity(&self, id: RuleId) -> (Confidence, bool, Severity) {
        let r = self.matcher.rules().get(id);
        (r.confidence, r.checksum.is_some(), r.severity)
    }

    /// Scans one whole item and counts it as scanned. `what` names it in skip records (a
    /// history blob has no path yet); it is only called when something is skipped.
    fn scan_counted(
        &self,
        worker: &mut Worker,
        bytes: &[u8],
        display: &str,
        what: &dyn Fn() -> String,
    ) -> Vec<Occurrence> {
        self.count_item(bytes.len() as u64);
        if self.archives.is_some()
            && let Some(kind) = archive::sniff(bytes)
        {
            return self.expand_archive(worker, archive::Source::Bytes(bytes), kind, display, what);
        }
        // Callers have already skipped binaries under --skip-binary.
        let binary = self.strings_only(bytes).unwrap_or(false);
        self.occurrences(worker, bytes, 0..bytes.len(), 0, binary, display)
    }

    /// The occurrences in the members of an archive, each naming its member.
    fn expand_archive(
        &self,
        worker: &mut Worker,
        source: archive::Source<'_>,
        kind: archive::Kind,
        display: &str,
        what: &dyn Fn() -> String,
    ) -> Vec<Occurrence> {
        let Some(limits) = &self.archives else {
            return Vec::new();
        };
        let name = display.rsplit('/').next().unwrap_or(display);
        let mut members = Members {
            shared: self,
            worker,
            display,
            what,
            occurrences: Vec::new(),
        };
        archive::expand(source, kind, name, limits, &mut members);
        members.occurrences
    }

    /// The occurrences whose secret starts in `owned` (of `bytes`, which start at byte
    /// `base_offset` of the item): the item's own matches and those of its decoded views, or
    /// for a `binary` item those of its printable strings. A secret found both as it is and
    /// decoded, or through two decodings, is one occurrence: the first found.
    fn occurrences(
        &self,
        worker: &mut Worker,
        bytes: &[u8],
        owned: Range<usize>,
        base_offset: u64,
        binary: bool,
        display: &str,
    ) -> Vec<Occurrence> {
        let Worker {
            scratch,
            decoded,
            views,
        } = worker;
        let mut out = Vec::new();
        if binary {
            views.strings(bytes, &self.decode);
        } else {
            self.matcher.find(bytes, owned.clone(), scratch);
            if !scratch.matches().is_empty() {
                out = self.locate(bytes, base_offset, scratch.matches(), display);
            }
            if self.decode.depth == 0 {
                return out;
            }
            views.decode(bytes, &self.decode);
        }
        let raw = out.len();
        let owned_offsets = base_offset + owned.start as u64..base_offset + owned.end as u64;
        let mut rooted = Vec::new();
        for view in views.iter() {
            let found = self.matcher.find_all(view.bytes, decoded);
            if found.is_empty() {
                continue;
            }
            let matches = finding::keep_most_specific(found, |id| self.specificity(id));
            rooted.clear();
            rooted.extend(matches.iter().map(|m| {
                let mut r = *m;
                let at = |range: Range<usize>| views.to_root(view.index, range);
                let whole = at(m.start..m.end);
                (r.start, r.end) = (whole.start, whole.end);
                let secret = at(m.secret_start..m.secret_end);
                (r.secret_start, r.secret_end) = (secret.start, secret.end);
                for c in r.companions.iter_mut().flatten() {
                    let place = at(c.start..c.end);
                    (c.start, c.end) = (place.start, place.end);
                }
                r
            }));
            let mut occurrences = finding::locate_decoded(
                bytes,
                base_offset,
                view.bytes,
                &matches,
                &rooted,
                view.chain,
                display,
            );
            for (occ, m) in occurrences.iter_mut().zip(&rooted) {
                occ.location.suppression =
                    self.suppressor.marker(bytes, m.secret_start, m.secret_end);
            }
            out.extend(
                occurrences
                    .into_iter()
                    .filter(|o| owned_offsets.contains(&o.location.offset)),
            );
        }
        let superseded = views.superseded();
        if raw > 0 && (out.len() > raw || !superseded.is_empty()) {
            let (found, decoded) = out.split_at(raw);
            // What a raw occurrence stands for when it is an encoding: a Kubernetes Secret's
            // value, or a secret's encoded form matched as it is (a generic rule taking base64
            // for a password) when its decoding was found by a rule ranked at least as high.
            // The same text found both ways stays the raw occurrence's.
            let dropped: Vec<bool> = found
                .iter()
                .map(|o| {
                    let (start, end) = (o.location.offset, o.location.offset + o.location.length);
                    let local = (start - base_offset) as usize..(end - base_offset) as usize;
                    superseded
                        .iter()
                        .any(|s| s.start <= local.start && local.end <= s.end)
                        || decoded.iter().any(|d| {
                            let (s, e) = (d.location.offset, d.location.offset + d.location.length);
                            let same = s == start && d.secret == o.secret;
                            !same
                                && s < end
                                && start < e
                                && self.specificity(d.rule) >= self.specificity(o.rule)
                        })
                })
                .collect();
            let mut i = 0;
            out.retain(|_| {
                i += 1;
                i > raw || !dropped[i - 1]
            });
        }
        // Stable: the undecoded occurrence, then the shortest chain, wins.
        out.sort_by_key(|o| (o.location.offset, o.rule, o.location.decoded.len()));
        out.dedup_by(|later, first| {
            later.location.offset == first.location.offset
                && later.rule == first.rule
                && later.secret == first.secret
        });
        out
    }

    /// Resolves overlapping rules, then turns matches into positioned occurrences.
    fn locate(
        &self,
        bytes: &[u8],
        base_offset: u64,
        matches: &[Match],
        display: &str,
    ) -> Vec<Occurrence> {
        let matches = finding::keep_most_specific(matches, |id| self.specificity(id));
        let mut occurrences = finding::locate_in_part(bytes, base_offset, &matches, display);
        // Markers are read here, where the lines are at hand; history scans learn their paths
        // (and so the other suppressions) only later.
        for (occ, m) in occurrences.iter_mut().zip(&matches) {
            occ.location.suppression = self.suppressor.marker(bytes, m.secret_start, m.secret_end);
        }
        occurrences
    }

    /// Occurrences of one blob, kept until its places in history are known: at most
    /// [`MAX_HELD_PER_BLOB`]; the rest count as dropped findings (the scan is then incomplete).
    fn held(&self, occurrences: Vec<Occurrence>) -> Vec<Occurrence> {
        let mut held = Vec::new();
        self.hold(&mut held, occurrences);
        held
    }

    /// Adds `found` to `held`, up to [`MAX_HELD_PER_BLOB`] in all; the rest count as dropped.
    fn hold(&self, held: &mut Vec<Occurrence>, mut found: Vec<Occurrence>) {
        let room = MAX_HELD_PER_BLOB.saturating_sub(held.len());
        if found.len() > room {
            let mut set = self.findings.lock().unwrap_or_else(|e| e.into_inner());
            set.dropped += (found.len() - room) as u64;
            found.truncate(room);
        }
        if held.is_empty() {
            *held = found;
        } else {
            held.append(&mut found);
        }
    }

    /// A commit as reports show it. Its summary line is scanned too: a secret pasted into a
    /// commit message is redacted like any other (unless --show-secrets).
    fn commit_info(&self, meta: &CommitMeta, scratch: &mut Scratch) -> blob::CommitInfo {
        let mut summary = meta.summary.clone();
        if !self.show_secrets {
            let mut spans: Vec<(usize, usize)> = self
                .matcher
                .find_all(summary.as_bytes(), scratch)
                .iter()
                .map(|m| (m.secret_start, m.secret_end))
                .collect();
            // Overlapping or nested matches (a key inside a URL password) are redacted as one
            // span, widened to whole characters.
            spans.sort_unstable();
            let mut merged: Vec<(usize, usize)> = Vec::new();
            for (start, end) in spans {
                match merged.last_mut() {
                    Some(last) if start <= last.1 => last.1 = last.1.max(end),
                    _ => merged.push((start, end)),
                }
            }
            for (mut start, mut end) in merged.into_iter().rev() {
                while !summary.is_char_boundary(start) {
                    start -= 1;
                }
                while !summary.is_char_boundary(end) {
                    end += 1;
                }
                let redacted = finding::redact(&summary[start..end]);
                summary.replace_range(start..end, &redacted);
            }
        }
        blob::CommitInfo {
            id: meta.id.to_string(),
            author: meta.author.clone(),
            time: meta.time,
            committed: meta.committed,
            summary,
        }
    }

    /// Applies the occurrence-level suppressions, then adds each occurrence to the findings
    /// or, marked with why, to the suppressed findings.
    fn record(&self, occurrences: Vec<Occurrence>, display: &str) {
        let rules = self.matcher.rules();
        let mut kept = Vec::new();
        let mut suppressed = Vec::new();
        for mut occ in occurrences {
            if !self.suppressor.in_scope(occ.rule, display) {
                continue;
            }
            if occ.location.suppression.is_none() {
                occ.location.suppression =
                    self.suppressor.check(rules, occ.rule, display, &occ.secret);
            }
            if occ.location.suppression.is_some() {
                suppressed.push(occ);
            } else {
                kept.push(occ);
            }
        }
        if !suppressed.is_empty() {
            let mut map = self.suppressed.lock().unwrap_or_else(|e| e.into_inner());
            for occ in &suppressed {
                if let Some(s) = &occ.location.suppression {
                    *map.entry(s.key()).or_default() += 1;
                }
            }
            drop(map);
            let mut set = self
                .suppressed_findings
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            for occ in suppressed {
                let id = &rules.get(occ.rule).id;
                set.add(occ, self.fingerprints, id);
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

    /// Scans the staged files and keeps the findings on lines the commit adds or changes.
    fn scan_staged(&self, staged: input::git::staged::Staged) {
        use input::git::staged::ReadError;
        for s in &staged.skipped {
            self.skips.record(s.clone());
        }
        let mut worker = self.worker();
        // One file at a time: memory is that of the largest file, not of the whole index.
        for file in &staged.files {
            if self.cancel.is_cancelled() {
                break;
            }
            let skip = |reason| {
                self.skips.record(Skipped {
                    what: file.path.clone(),
                    reason,
                })
            };
            let bytes = match staged.read(&file.id, self.read.max_size) {
                Ok(bytes) => bytes,
                Err(ReadError::TooLarge(size)) => {
                    skip(SkipReason::TooLarge {
                        size,
                        limit: self.read.max_size,
                    });
                    continue;
                }
                Err(ReadError::Unreadable(why)) => {
                    skip(SkipReason::Unreadable(format!(
                        "staged blob {}: {why}",
                        file.id
                    )));
                    continue;
                }
            };
            if let Some(reason) = blob::skip_reason(&bytes, &self.read) {
                skip(reason);
                continue;
            }
            let what = || file.path.clone();
            let mut occurrences = self.scan_counted(&mut worker, &bytes, &file.path, &what);
            if occurrences.is_empty() {
                continue;
            }
            // Without HEAD's version every line counts as added: stricter, never quieter.
            if let Some(before) = file
                .before
                .and_then(|id| staged.read(&id, self.read.max_size).ok())
            {
                let added = input::git::staged::added_lines(&before, &bytes);
                let is_added = |line: u32| added.get(line as usize - 1).copied().unwrap_or(true);
                // Inside an archive, lines are the member's: a changed archive counts whole.
                occurrences.retain(|o| {
                    o.location.member.is_some()
                        || (o.location.line..=o.location.end_line).any(is_added)
                });
            }
            self.record(occurrences, &file.path);
        }
    }

    /// Scans every blob of a repository once, in pack order and in parallel, then works out
    /// where the blobs with findings live and attaches that to each location.
    fn scan_full_history(
        &self,
        history: &FullHistory,
        repo_display: &str,
        config: &ScanConfig,
    ) -> Result<(), crate::Error> {
        let label = |what: &str| format!("{repo_display}: {what}");
        for s in &history.skipped {
            self.skips.record(Skipped {
                what: label(&s.what),
                reason: s.reason.clone(),
            });
        }
        let cancelled = || self.cancel.is_cancelled();
        let scan = HistoryBlobs {
            shared: self,
            label: &label,
            hits: Mutex::new(Vec::new()),
            noted: Mutex::new(Vec::new()),
        };
        let (skipped, failed) = history.blobs(self.read.max_size, self.threads, &cancelled, &scan);
        for s in skipped {
            self.skips.record(Skipped {
                what: label(&s.what),
                reason: s.reason,
            });
        }
        let mut hits = scan.hits.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut noted = scan.noted.into_inner().unwrap_or_else(|e| e.into_inner());
        noted.extend(failed.into_iter().map(|(gid, why)| {
            let reason = match why {
                input::git::Unread::Failed(why) => SkipReason::Unreadable(why),
                input::git::Unread::TooLarge(size) => SkipReason::TooLarge {
                    size,
                    limit: self.read.max_size,
                },
            };
            (gid, reason)
        }));
        noted.sort();
        if self.cancel.is_cancelled() {
            return Ok(());
        }
        hits.sort_by_key(|h| h.0);
        // Skipped blobs are named by path too, up to the number of records a report keeps.
        let mut targets: Vec<Gid> = hits.iter().map(|h| h.0).collect();
        targets.extend(noted.iter().take(MAX_NAMED_SKIPS).map(|n| n.0));
        targets.sort_unstable();
        targets.dedup();
        let input::git::Located {
            placed,
            unreachable,
            skipped,
        } = history.locate(
            &targets,
            &config.walk.exclude,
            config.all_objects,
            self.threads,
            &cancelled,
        )?;
        for s in skipped {
            self.skips.record(Skipped {
                what: label(&s.what),
                reason: s.reason,
            });
        }
        for (gid, reason) in noted {
            let id = history.object_id(gid);
            let path = placed
                .binary_search_by_key(&gid, |p| p.0)
                .ok()
                .and_then(|i| placed[i].1.paths.first());
            let what = match path {
                Some(at) => format!("{} (blob {id})", at.path),
                None => format!("blob {id}"),
            };
            self.skips.record(Skipped {
                what: label(&what),
                reason,
            });
        }
        let unreached_hits = unreachable
            .iter()
            .filter(|&&g| hits.binary_search_by_key(&g, |h| h.0).is_ok())
            .count();
        if unreached_hits > 0 {
            self.skips.record(Skipped {
                what: label(&format!(
                    "{unreached_hits} blob(s) with findings that no ref reaches"
                )),
                reason: SkipReason::Unreachable,
            });
        }
        let mut scratch = self.matcher.scratch();
        for (gid, place) in placed {
            let Ok(i) = hits.binary_search_by_key(&gid, |h| h.0) else {
                continue;
            };
            let blob_id = history.object_id(gid).to_string();
            let reach = blob::Reach {
                head: place.head_reaches,
                refs: place.refs.clone(),
                total: place.refs_total,
            };
            let mut paths = place.paths;
            if paths.is_empty() {
                paths.push(input::git::graph::PathPlace {
                    path: format!("(unreachable blob {blob_id})"),
                    first: None,
                    last: None,
                    in_head: false,
                });
            }
            for at in paths {
                let provenance = Arc::new(Provenance {
                    blob: blob_id.clone(),
                    first: at.first.as_ref().map(|c| self.commit_info(c, &mut scratch)),
                    last: at.last.as_ref().map(|c| self.commit_info(c, &mut scratch)),
                    in_head: at.in_head,
                    reach: Some(reach.clone()),
                    paths_total: place.paths_total,
                });
                let occurrences = hits[i]
                    .1
                    .iter()
                    .cloned()
                    .map(|mut occ| {
                        occ.location.path = at.path.clone();
                        occ.location.provenance = Some(Arc::clone(&provenance));
                        occ
                    })
                    .collect();
                self.record(occurrences, &at.path);
            }
        }
        Ok(())
    }

    /// Scans every unique blob of a range's history once, in parallel, and attaches to each
    /// location the commit that introduced the blob.
    fn scan_range(&self, history: RangeIndex, repo_display: &str) {
        for s in &history.skipped {
            self.skips.record(Skipped {
                what: format!("{repo_display}: {}", s.what),
                reason: s.reason.clone(),
            });
        }
        let commits = &history.commits;
        let repo = &history.repo;
        let read = self.read;
        let hits: Mutex<Vec<(BlobEntry, Vec<Occurrence>)>> = Mutex::new(Vec::new());
        let visit = |(repo, worker, buf): &mut (gix::Repository, Worker, Vec<u8>),
                     blob: &BlobEntry| {
            if self.cancel.is_cancelled() {
                return;
            }
            let skip = |reason| {
                self.skips.record(Skipped {
                    what: format!("{repo_display}: {} (blob {})", blob.path, blob.id),
                    reason,
                })
            };
            use gix::prelude::Find;
            let bytes = match repo.objects.try_find(&blob.id, buf) {
                Ok(Some(data)) => data.data,
                Ok(None) => return skip(SkipReason::Unreadable("object missing".into())),
                Err(e) => return skip(SkipReason::Unreadable(e.to_string())),
            };
            if let Some(reason) = blob::skip_reason(bytes, &read) {
                return skip(reason);
            }
            let what = || format!("{repo_display}: {} (blob {})", blob.path, blob.id);
            let occurrences = self.scan_counted(worker, bytes, &blob.path, &what);
            if occurrences.is_empty() {
                return;
            }
            let occurrences = self.held(occurrences);
            hits.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((blob.clone(), occurrences));
        };
        let run = || {
            history.blobs.par_iter().for_each_init(
                || (repo.to_thread_local(), self.worker(), Vec::new()),
                visit,
            )
        };
        match self.pool() {
            Some(pool) => pool.install(run),
            None => run(),
        }
        let hits = hits.into_inner().unwrap_or_else(|e| e.into_inner());
        let hit_ids = hits.iter().map(|h| h.0.id).collect();
        let last = history.last_holders(&hit_ids);
        let mut scratch = self.matcher.scratch();
        for (blob, mut occurrences) in hits {
            let provenance = Arc::new(Provenance {
                blob: blob.id.to_string(),
                first: Some(self.commit_info(&commits[blob.commit as usize], &mut scratch)),
                last: last
                    .get(&blob.id)
                    .map(|c| self.commit_info(c, &mut scratch)),
                in_head: blob.in_head,
                reach: None,
                paths_total: 1,
            });
            for occ in &mut occurrences {
                occ.location.provenance = Some(Arc::clone(&provenance));
            }
            self.record(occurrences, &blob.path);
        }
    }

    fn pool(&self) -> Option<&rayon::ThreadPool> {
        self.pool
            .get_or_init(|| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(self.threads)
                    .thread_name(|i| format!("leakhound-worker-{i}"))
                    .build()
                    .ok()
            })
            .as_ref()
    }

    /// Scans a large file in [`CHUNK`]-sized ranges on every thread. Each range is read with
    /// [`OVERLAP`] bytes on both sides, enough for any match window, so memory per thread is
    /// fixed. Each range counts its own newlines; line numbers are fixed up afterwards.
    fn scan_large(&self, file: &LargeFile, display: &str) {
        struct Part {
            occurrences: Vec<Occurrence>,
            /// Newlines between the read buffer's start and the range's start.
            newlines_before: u64,
            /// Newlines inside the range.
            newlines_in: u64,
        }
        let pool = self.pool();
        let len = file.len();
        let binary = self.read.binary == Binary::Strings && file.is_binary();
        let ranges: Vec<Range<u64>> = (0..len)
            .step_by(CHUNK as usize)
            .map(|s| s..(s + CHUNK).min(len))
            .collect();
        let scan_range =
            |(worker, buf): &mut (Worker, Vec<u8>), range: &Range<u64>| -> Result<Part, String> {
                if self.cancel.is_cancelled() {
                    return Err("scan interrupted".into());
                }
                let buf_start = range.start.saturating_sub(OVERLAP);
                file.read_range(buf_start..range.end + OVERLAP, buf)
                    .map_err(|e| format!("reading bytes {}..{}: {e}", range.start, range.end))?;
                let local = (range.start - buf_start) as usize..(range.end - buf_start) as usize;
                let count = |r: Range<usize>| memchr::memchr_iter(b'\n', &buf[r]).count() as u64;
                let newlines_before = count(0..local.start);
                let newlines_in = count(local.clone());
                let occurrences = self.occurrences(worker, buf, local, buf_start, binary, display);
                Ok(Part {
                    occurrences,
                    newlines_before,
                    newlines_in,
                })
            };
        let run = || {
            ranges
                .par_iter()
                .map_init(|| (self.worker(), Vec::new()), scan_range)
                .collect::<Vec<_>>()
        };
        let parts = match pool {
            Some(pool) => pool.install(run),
            None => run(),
        };
        let mut occurrences = Vec::new();
        let mut lines_before_range = 0u64;
        for part in parts {
            match part {
                Ok(part) => {
                    // Lines in a part count from 1 at its buffer's first byte.
                    let first_line = 1 + lines_before_range - part.newlines_before;
                    for mut occ in part.occurrences {
                        shift_lines(&mut occ, first_line);
                        occurrences.push(occ);
                    }
                    lines_before_range += part.newlines_in;
                }
                Err(why) => {
                    self.skips.record(Skipped {
                        what: display.to_string(),
                        reason: if self.cancel.is_cancelled() {
                            SkipReason::Interrupted
                        } else {
                            SkipReason::Unreadable(why)
                        },
                    });
                    break;
                }
            }
        }
        // A match near a range boundary can be found from both sides.
        occurrences.sort_by_key(|o| (o.location.offset, o.rule));
        occurrences.dedup_by_key(|o| (o.location.offset, o.rule));
        self.count_item(len);
        self.record(occurrences, display);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    #[test]
    fn a_cancelled_scan_stops_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "nothing").unwrap();
        let cli = Cli::try_parse_from([
            "leakhound",
            "scan",
            "--no-config",
            dir.path().to_str().unwrap(),
        ])
        .unwrap();
        let Command::Scan(args) = cli.command else {
            unreachable!()
        };
        let config = ScanConfig::from_args(*args).unwrap();
        let rules = std::sync::Arc::new(crate::rules::RuleSet::builtin());
        let suppressor =
            Suppressor::new(&rules, &[], &[], crate::config::Markers { foreign: true }).unwrap();
        let matcher = Matcher::new(rules);
        let cancel = Cancel::new();
        cancel.cancel(15);
        let result = scan(
            &config,
            &matcher,
            &suppressor,
            &Fingerprinter::default(),
            &cancel,
            &Counters::default(),
        )
        .unwrap();
        assert_eq!(result.summary.interrupted_by, Some(15));
        assert!(!result.summary.complete());
        assert_eq!(result.summary.files_scanned, 0);
    }
}
