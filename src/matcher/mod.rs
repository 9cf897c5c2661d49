//! Finds rule matches in bytes: keyword prefilter → regex confirmation in a window → entropy,
//! checksum and allowlist checks.
//!
//! A fingerprint [`prefilter`] finds every occurrence of every rule's keywords (ASCII
//! case-insensitive), as a multi-pattern Aho-Corasick search would, several times faster on
//! source code. A keyword hit schedules only that
//! keyword's rules, and only over a window around the hit wide enough
//! to contain any match of the rule's regex (its maximum match length, or the rule's `window`).
//! Windows of the same rule are merged before the regex runs, so overlapping hits never scan
//! the same bytes twice. Rules without keywords share one multi-pattern regex that runs over
//! all bytes; built-in rules all have keywords.
//!
//! The [`Matcher`] is immutable and shared; everything mutable lives in a per-worker
//! [`Scratch`] (regex caches, captures, hit buffer), so the hot path allocates nothing per
//! candidate. Regexes compile lazily, the first time a worker needs them: startup does not grow
//! with the rule count.
//!
//! A rule may name *companions*: other rules whose matches must (or may) lie within a few lines
//! (an AWS secret key near its key id). After confirmation, each such match is paired with the
//! nearest companion match, which it absorbs: the two are one match and later one finding. A
//! rule with companions and no keywords runs only in the lines around its companions' matches.
//!
//! Regexes run over bytes with ASCII semantics (`\w`, `\d`, `\s`, `\b` are ASCII; `.` matches any
//! byte but `\n`). Look-around assertions at a window's edge see the bytes beyond it.

pub mod checksum;
pub mod entropy;
mod generic;
mod prefilter;

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_automata::{Input, PatternID};

use crate::rules::{self, Heuristic, MAX_COMPANIONS, Rule, RuleId, RuleSet};

/// Search window on each side of a keyword for regexes with no finite maximum match length.
pub const DEFAULT_WINDOW: usize = 4096;
/// Upper bound for any window, whatever a rule asks for.
const MAX_WINDOW: usize = 64 * 1024;
/// Lazy-DFA cache per rule and worker. Windows are small, so a rule's DFA needs few states;
/// capping the cache below regex-automata's 2 MiB default bounds what hostile input can make
/// every rule that runs, in every worker, hold.
pub const HYBRID_CACHE: usize = 256 * 1024;
/// A regex whose lazy DFA cannot fit in [`HYBRID_CACHE`] gets up to this much instead: without
/// it, regex-automata silently falls back to its far slower NFA simulation for every search.
/// `rules check` fails built-in-grade rules that need more than [`HYBRID_CACHE`].
const MAX_HYBRID_CACHE: usize = 4 * 1024 * 1024;
/// Pending windows kept before they are merged and confirmed; bounds scratch memory on
/// adversarial input (a file that is one keyword repeated).
const HIT_FLUSH: usize = 16 * 1024;

/// One confirmed match. Offsets are into the scanned bytes; strings appear only later, when a
/// finding is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Match {
    pub rule: RuleId,
    /// The whole regex match.
    pub start: usize,
    pub end: usize,
    /// The secret inside it.
    pub secret_start: usize,
    pub secret_end: usize,
    /// Companion matches absorbed into this one, in the order of the rule's `companions`.
    pub companions: [Option<Part>; MAX_COMPANIONS],
}

/// The secret span of a companion match absorbed into another match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Part {
    pub rule: RuleId,
    pub start: usize,
    pub end: usize,
}

/// A resolved companion of a rule.
#[derive(Debug, Clone, Copy)]
struct Link {
    rule: RuleId,
    within_lines: u32,
    required: bool,
}

/// Bytes searched on each side of a companion match for the rules it triggers, whatever the
/// line count: bounds the work on input with very long lines.
const COMPANION_REACH: usize = 4096;
/// Matches looked at on each side of a composite match when searching for its companions.
const COMPANION_NEIGHBOURS: usize = 64;

impl Match {
    pub fn secret<'h>(&self, haystack: &'h [u8]) -> &'h [u8] {
        &haystack[self.secret_start..self.secret_end]
    }
}

/// A rule's regex compiled for matching, plus what confirmation needs.
struct CompiledRule {
    regex: meta::Regex,
    secret_group: usize,
    /// The `key` capture, for rules with a heuristic.
    key_group: Option<usize>,
    window: usize,
    allow: Vec<meta::Regex>,
    /// The smallest lazy-DFA cache the regex can run in, when it may be over [`HYBRID_CACHE`]
    /// (0 for a regex too small to need sizing).
    dfa_cache_needed: usize,
    /// When every match of the regex begins with one of the rule's keywords (or right after a
    /// keyword's leading delimiters, as in `"SCW`): for each keyword (lowercase), where in it a
    /// match would begin. A hit then costs one anchored search that usually fails within a few
    /// bytes, instead of a scan of the window on both sides.
    anchors: Option<Vec<(Box<[u8]>, usize)>>,
}

struct Keywordless {
    regex: meta::Regex,
    rules: Vec<RuleId>,
}

/// The compiled, shared matching state of a [`RuleSet`].
pub struct Matcher {
    rules: Arc<RuleSet>,
    /// The keyword prefilter, which also owns the keyword list (`None` without keywords).
    keywords: Option<prefilter::Prefilter>,
    /// Keywords that begin with a line break, by index.
    line_start_keywords: Vec<usize>,
    /// Decides which keywords start at a prefilter candidate. Built on first use: scans that
    /// meet no candidate (an empty directory, a small staged change) never pay for it.
    /// Rules of keyword `k` are `keyword_rules[keyword_offsets[k]..keyword_offsets[k + 1]]`.
    keyword_offsets: Vec<u32>,
    keyword_rules: Vec<RuleId>,
    keywordless_ids: Vec<RuleId>,
    keywordless: OnceLock<Result<Keywordless, String>>,
    compiled: Vec<OnceLock<Result<CompiledRule, String>>>,
    /// Per rule: its companions (empty for most rules).
    links: Vec<Vec<Link>>,
    /// Per rule: the keywordless composite rules that run around its matches.
    triggers: Vec<Vec<RuleId>>,
    has_links: bool,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("rules", &self.rules.len())
            .field("keywords", &(self.keyword_offsets.len().saturating_sub(1)))
            .field("keywordless", &self.keywordless_ids.len())
            .finish()
    }
}

#[derive(Clone, Copy)]
struct Hit {
    rule: RuleId,
    start: usize,
    end: usize,
    /// A match can only start at `start` (see [`CompiledRule::anchors`]): searched anchored
    /// there, never merged with another window.
    anchored: bool,
}

/// Per-worker mutable state. Create one per thread with [`Matcher::scratch`] and reuse it.
pub struct Scratch {
    hits: Vec<Hit>,
    /// Secrets that failed their rule's checksum: matches of other rules inside them are
    /// dropped too, so a token that fails its format's checksum is never reported.
    vetoed: Vec<(usize, usize)>,
    /// Per match: absorbed as a companion, or dropped for want of a required one.
    gone: Vec<bool>,
    keep_unreported: bool,
    /// Per rule, boxed: a regex cache is over a kilobyte, and most rules never run.
    rule_state: Vec<Option<Box<(meta::Cache, Captures)>>>,
    keywordless_cache: Option<meta::Cache>,
    matches: Vec<Match>,
}

impl std::fmt::Debug for Scratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scratch")
            .field("matches", &self.matches.len())
            .finish()
    }
}

impl Scratch {
    /// Matches found by the last call to [`Matcher::find`], in order of position.
    pub fn matches(&self) -> &[Match] {
        &self.matches
    }

    /// Keeps the matches of rules that are companions only (`report = false`), which are
    /// otherwise dropped once paired; `rules check` needs them to test those rules' examples.
    pub fn keep_unreported(&mut self, keep: bool) {
        self.keep_unreported = keep;
    }
}

impl Matcher {
    /// Builds the keyword prefilter. Rule regexes are compiled later, on first use.
    pub fn new(rules: Arc<RuleSet>) -> Self {
        let mut keywords: Vec<Vec<u8>> = Vec::new();
        let mut per_keyword: Vec<Vec<RuleId>> = Vec::new();
        let mut keyword_index: std::collections::HashMap<Vec<u8>, usize> =
            std::collections::HashMap::new();
        let mut keywordless_ids = Vec::new();
        let by_name: std::collections::HashMap<&str, RuleId> =
            rules.ids().map(|(id, r)| (r.id.as_str(), id)).collect();
        let mut links = vec![Vec::new(); rules.len()];
        let mut triggers = vec![Vec::new(); rules.len()];
        for (id, rule) in rules.ids() {
            // Companions name loaded rules (`RuleSet::finish` drops the others).
            links[id.index()] = rule
                .companions
                .iter()
                .filter_map(|c| {
                    by_name.get(c.rule.as_str()).map(|&rule| Link {
                        rule,
                        within_lines: c.within_lines,
                        required: c.required,
                    })
                })
                .collect();
            if rule.keywords.is_empty() {
                if rule.companions.is_empty() {
                    keywordless_ids.push(id);
                } else {
                    for link in links[id.index()].iter().filter(|l| l.required) {
                        triggers[link.rule.index()].push(id);
                    }
                }
            }
            for kw in &rule.keywords {
                let kw = kw.to_ascii_lowercase().into_bytes();
                let k = *keyword_index.entry(kw.clone()).or_insert_with(|| {
                    keywords.push(kw);
                    per_keyword.push(Vec::new());
                    keywords.len() - 1
                });
                if !per_keyword[k].contains(&id) {
                    per_keyword[k].push(id);
                }
            }
        }
        let line_start_keywords = keywords
            .iter()
            .enumerate()
            .filter(|(_, k)| k.len() > 3 && k[0] == b'\n')
            .map(|(i, _)| i)
            .collect();
        let prefilter = (!keywords.is_empty()).then(|| prefilter::Prefilter::new(keywords));
        let mut keyword_offsets = Vec::with_capacity(per_keyword.len() + 1);
        let mut keyword_rules = Vec::new();
        keyword_offsets.push(0);
        for ids in per_keyword {
            keyword_rules.extend(ids);
            keyword_offsets.push(keyword_rules.len() as u32);
        }
        let compiled = (0..rules.len()).map(|_| OnceLock::new()).collect();
        let has_links = links.iter().any(|l| !l.is_empty());
        Matcher {
            rules,
            keywords: prefilter,
            line_start_keywords,
            keyword_offsets,
            keyword_rules,
            keywordless_ids,
            keywordless: OnceLock::new(),
            compiled,
            links,
            triggers,
            has_links,
        }
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    pub fn scratch(&self) -> Scratch {
        Scratch {
            hits: Vec::new(),
            vetoed: Vec::new(),
            gone: Vec::new(),
            keep_unreported: false,
            rule_state: (0..self.rules.len()).map(|_| None).collect(),
            keywordless_cache: None,
            matches: Vec::new(),
        }
    }

    /// Compiles a rule now instead of on first use. Returns the smallest lazy-DFA cache its
    /// regex needs when that may exceed [`HYBRID_CACHE`] (0 otherwise: a rule over the limit
    /// still works, with a larger cache per worker), or why it cannot be compiled.
    pub fn compile(&self, id: RuleId) -> Result<usize, String> {
        self.compiled_rule(id).map(|c| c.dfa_cache_needed)
    }

    fn compiled_rule(&self, id: RuleId) -> Result<&CompiledRule, String> {
        self.compiled[id.index()]
            .get_or_init(|| compile_rule(self.rules.get(id)))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Finds every match whose keyword starts inside `range` (or, for keywordless rules, whose
    /// match starts inside it). Windows may extend beyond `range`, so a large input can be split
    /// into adjacent ranges scanned in parallel; a match found from two ranges is reported by both.
    /// Results replace the previous contents of [`Scratch::matches`].
    pub fn find(&self, haystack: &[u8], range: Range<usize>, scratch: &mut Scratch) {
        scratch.matches.clear();
        scratch.hits.clear();
        scratch.vetoed.clear();
        let range = range.start.min(haystack.len())..range.end.min(haystack.len());
        if let Some(prefilter) = &self.keywords {
            prefilter.find(haystack, range.clone(), |start, k| {
                let len = prefilter.keywords()[k].len();
                self.schedule(k, haystack, start..start + len, &mut scratch.hits);
                if scratch.hits.len() >= HIT_FLUSH {
                    self.confirm_hits(haystack, scratch, false);
                }
            });
            // A keyword that begins with a line break (`\nre_`: a prefix only after a
            // delimiter) also matches at the very start of the input.
            if range.start == 0 {
                for &k in &self.line_start_keywords {
                    let rest = &prefilter.keywords()[k][1..];
                    if haystack.len() >= rest.len()
                        && haystack[..rest.len()].eq_ignore_ascii_case(rest)
                    {
                        self.schedule(k, haystack, 0..rest.len(), &mut scratch.hits);
                    }
                }
            }
        }
        if !self.keywordless_ids.is_empty() {
            self.find_keywordless(haystack, range, scratch);
        }
        self.confirm_hits(haystack, scratch, true);
        if self.has_links {
            self.run_triggered(haystack, scratch);
        }
        // One match per secret and rule: anchored searches from two keyword hits (`trello`
        // twice before one token) can find the same secret from different starts.
        scratch
            .matches
            .sort_unstable_by_key(|m| (m.rule, m.secret_start, m.secret_end, m.start));
        scratch
            .matches
            .dedup_by_key(|m| (m.rule, m.secret_start, m.secret_end));
        scratch
            .matches
            .sort_unstable_by_key(|m| (m.start, m.end, m.rule, m.secret_start));
        if !scratch.vetoed.is_empty() {
            let vetoed = &scratch.vetoed;
            scratch.matches.retain(|m| {
                !vetoed
                    .iter()
                    .any(|&(s, e)| m.secret_start < e && s < m.secret_end)
            });
        }
        if self.has_links {
            self.pair_companions(haystack, scratch);
        }
    }

    /// Schedules the rules of keyword `k`, found at `hit`, over their windows.
    fn schedule(&self, k: usize, hay: &[u8], hit: Range<usize>, hits: &mut Vec<Hit>) {
        let ids = &self.keyword_rules
            [self.keyword_offsets[k] as usize..self.keyword_offsets[k + 1] as usize];
        for &rule in ids {
            let Ok(compiled) = self.compiled_rule(rule) else {
                continue;
            };
            if let Some(anchors) = &compiled.anchors {
                let keyword = self.keywords.as_ref().map_or(&[][..], |p| &p.keywords()[k]);
                // The anchor is counted back from the hit's end: a line-start keyword found at
                // the start of the input has no line break before it. A keyword with no anchor
                // (a context word such as the provider's name) gets the usual window.
                if let Some(&(_, at)) = anchors.iter().find(|(k, _)| **k == *keyword)
                    && let Some(start) = hit.end.checked_sub(keyword.len() - at)
                {
                    hits.push(Hit {
                        rule,
                        start,
                        end: (start + compiled.window).min(hay.len()),
                        anchored: true,
                    });
                    continue;
                }
            }
            let start = if self.rules.get(rule).heuristic == Some(Heuristic::CredentialAssignment) {
                // Credential assignments start at their credential word (the keyword). Most
                // occurrences of `token` or `password` in code assign nothing, or nothing
                // plausible: the heuristic's own parse decides them without a regex run.
                let limit = hit.end + compiled.window;
                if !generic::assignment_at(hay, (hit.start, hit.end), limit)
                    .is_some_and(|(key, value)| generic::plausible(hay, key, value))
                {
                    continue;
                }
                hit.start
            } else {
                hit.start.saturating_sub(compiled.window)
            };
            hits.push(Hit {
                rule,
                start,
                end: (hit.end + compiled.window).min(hay.len()),
                anchored: false,
            });
        }
    }

    /// Runs keywordless composite rules in the lines around their companions' matches.
    fn run_triggered(&self, haystack: &[u8], scratch: &mut Scratch) {
        for i in 0..scratch.matches.len() {
            let m = scratch.matches[i];
            for &rule in &self.triggers[m.rule.index()] {
                let Some(link) = self.links[rule.index()].iter().find(|l| l.rule == m.rule) else {
                    continue;
                };
                let lines = link.within_lines as usize;
                scratch.hits.push(Hit {
                    rule,
                    start: lines_back(haystack, m.secret_start, lines),
                    end: lines_forward(haystack, m.secret_end, lines),
                    anchored: false,
                });
            }
        }
        self.confirm_hits(haystack, scratch, true);
    }

    /// Gives each match of a rule with companions its nearest companion matches, drops those
    /// missing a required one, and removes the absorbed companions and the matches of rules
    /// that are never reported on their own. Expects matches sorted by position.
    fn pair_companions(&self, haystack: &[u8], scratch: &mut Scratch) {
        let matches = &mut scratch.matches;
        let gone = &mut scratch.gone;
        gone.clear();
        gone.resize(matches.len(), false);
        let mut absorbed = [None; MAX_COMPANIONS];
        for i in 0..matches.len() {
            let links = &self.links[matches[i].rule.index()];
            if links.is_empty() {
                continue;
            }
            let m = matches[i];
            let mut complete = true;
            for (slot, link) in links.iter().enumerate() {
                let lo = i.saturating_sub(COMPANION_NEIGHBOURS);
                let hi = (i + COMPANION_NEIGHBOURS + 1).min(matches.len());
                let nearest = (lo..hi)
                    .filter(|&j| j != i && matches[j].rule == link.rule)
                    .filter(|&j| lines_between(haystack, &m, &matches[j]) <= link.within_lines)
                    .min_by_key(|&j| byte_distance(&m, &matches[j]));
                absorbed[slot] = nearest;
                complete &= nearest.is_some() || !link.required;
            }
            if !complete {
                gone[i] = true;
                continue;
            }
            for (slot, j) in absorbed.iter().take(links.len()).enumerate() {
                if let Some(j) = *j {
                    let c = matches[j];
                    matches[i].companions[slot] = Some(Part {
                        rule: c.rule,
                        start: c.secret_start,
                        end: c.secret_end,
                    });
                    gone[j] = true;
                }
            }
        }
        let keep_unreported = scratch.keep_unreported;
        let mut i = 0;
        matches.retain(|m| {
            let keep = !gone[i] && (keep_unreported || self.rules.get(m.rule).report);
            i += 1;
            keep
        });
    }

    /// Convenience for whole inputs.
    pub fn find_all<'s>(&self, haystack: &[u8], scratch: &'s mut Scratch) -> &'s [Match] {
        self.find(haystack, 0..haystack.len(), scratch);
        &scratch.matches
    }

    fn find_keywordless(&self, haystack: &[u8], range: Range<usize>, scratch: &mut Scratch) {
        let Ok(kwl) = self
            .keywordless
            .get_or_init(|| compile_keywordless(&self.rules, &self.keywordless_ids))
        else {
            return;
        };
        let cache = scratch
            .keywordless_cache
            .get_or_insert_with(|| kwl.regex.create_cache());
        let end = (range.end + MAX_WINDOW).min(haystack.len());
        let mut input = Input::new(haystack).span(range.start..end);
        while let Some(m) = kwl.regex.search_with(cache, &input) {
            if m.start() >= range.end {
                break;
            }
            let rule = kwl.rules[m.pattern().as_usize()];
            if self.compiled_rule(rule).is_ok() {
                scratch.hits.push(Hit {
                    rule,
                    start: m.start(),
                    end: m.end(),
                    anchored: false,
                });
            }
            let next = if m.is_empty() { m.end() + 1 } else { m.end() };
            if next > end {
                break;
            }
            input.set_start(next);
        }
    }

    /// Merges pending windows per rule and runs each rule's regex over them. When not `last`,
    /// each rule's final window stays pending: a later hit may still extend it.
    fn confirm_hits(&self, haystack: &[u8], scratch: &mut Scratch, last: bool) {
        let hits = &mut scratch.hits;
        if hits.is_empty() {
            return;
        }
        hits.sort_unstable_by_key(|h| (h.rule, h.start));
        // Merge in place: hits[..merged] become disjoint windows, ordered by (rule, start).
        let mut merged = 0;
        for i in 0..hits.len() {
            let h = hits[i];
            if merged > 0 {
                let prev = &mut hits[merged - 1];
                if prev.rule == h.rule && h.start <= prev.end && !h.anchored && !prev.anchored {
                    prev.end = prev.end.max(h.end);
                    continue;
                }
            }
            hits[merged] = h;
            merged += 1;
        }
        hits.truncate(merged);
        let mut kept = 0;
        for i in 0..hits.len() {
            let w = hits[i];
            let is_rule_tail = i + 1 == hits.len() || hits[i + 1].rule != w.rule;
            if !last && is_rule_tail {
                hits[kept] = w;
                kept += 1;
                continue;
            }
            self.confirm_window(
                haystack,
                w,
                &mut scratch.rule_state,
                &mut scratch.matches,
                &mut scratch.vetoed,
            );
        }
        hits.truncate(kept);
    }

    fn confirm_window(
        &self,
        haystack: &[u8],
        w: Hit,
        states: &mut [Option<Box<(meta::Cache, Captures)>>],
        out: &mut Vec<Match>,
        vetoed: &mut Vec<(usize, usize)>,
    ) {
        let Ok(compiled) = self.compiled_rule(w.rule) else {
            return;
        };
        let rule = self.rules.get(w.rule);
        let (cache, caps) = &mut **states[w.rule.index()].get_or_insert_with(|| {
            Box::new((
                compiled.regex.create_cache(),
                compiled.regex.create_captures(),
            ))
        });
        let mut input = Input::new(haystack).span(w.start..w.end);
        if w.anchored {
            input.set_anchored(regex_automata::Anchored::Yes);
        }
        loop {
            compiled.regex.search_captures_with(cache, &input, caps);
            let Some(m) = caps.get_match() else { break };
            let secret = caps
                .get_group(compiled.secret_group)
                .filter(|s| !s.is_empty());
            if let Some(secret) = secret
                && rule
                    .checksum
                    .is_some_and(|kind| !checksum::verify(kind, &haystack[secret.range()]))
            {
                // Not a token of that format; no other rule may report it either.
                vetoed.push((secret.start, secret.end));
            } else if let Some(secret) = secret
                && passes_checks(rule, compiled, &haystack[secret.range()])
                && (rule.heuristic.is_none()
                    || compiled
                        .key_group
                        .and_then(|k| caps.get_group(k))
                        .is_some_and(|key| {
                            generic::plausible(
                                haystack,
                                (key.start, key.end),
                                (secret.start, secret.end),
                            )
                        }))
            {
                out.push(Match {
                    rule: w.rule,
                    start: m.start(),
                    end: m.end(),
                    secret_start: secret.start,
                    secret_end: secret.end,
                    companions: [None; MAX_COMPANIONS],
                });
            }
            let next = if m.is_empty() { m.end() + 1 } else { m.end() };
            if w.anchored || next > w.end {
                break;
            }
            input.set_start(next);
        }
    }
}

fn passes_checks(rule: &Rule, compiled: &CompiledRule, secret: &[u8]) -> bool {
    if let Some(min) = rule.entropy
        && entropy::shannon(secret) < min
    {
        return false;
    }
    if rule
        .allowlist
        .stopwords
        .iter()
        .any(|w| contains_ignore_ascii_case(secret, w.as_bytes()))
    {
        return false;
    }
    !compiled.allow.iter().any(|re| re.is_match(secret))
}

/// Start of the line `lines` lines above the one holding `pos` (at most [`COMPANION_REACH`] back).
fn lines_back(haystack: &[u8], pos: usize, lines: usize) -> usize {
    let floor = pos.saturating_sub(COMPANION_REACH);
    memchr::memrchr_iter(b'\n', &haystack[floor..pos])
        .nth(lines)
        .map_or(floor, |nl| floor + nl + 1)
}

/// End of the line `lines` lines below the one holding `pos` (at most [`COMPANION_REACH`] on).
fn lines_forward(haystack: &[u8], pos: usize, lines: usize) -> usize {
    let ceiling = (pos + COMPANION_REACH).min(haystack.len());
    memchr::memchr_iter(b'\n', &haystack[pos..ceiling])
        .nth(lines)
        .map_or(ceiling, |nl| pos + nl)
}

/// Line breaks between two matches' secrets (0 when they share a line or overlap).
fn lines_between(haystack: &[u8], a: &Match, b: &Match) -> u32 {
    let (first, second) = if a.secret_start <= b.secret_start {
        (a, b)
    } else {
        (b, a)
    };
    if second.secret_start <= first.secret_end {
        return 0;
    }
    let gap = &haystack[first.secret_end..second.secret_start];
    if gap.len() > COMPANION_REACH * 2 {
        return u32::MAX;
    }
    memchr::memchr_iter(b'\n', gap).count() as u32
}

fn byte_distance(a: &Match, b: &Match) -> usize {
    if a.secret_start <= b.secret_start {
        b.secret_start.saturating_sub(a.secret_end)
    } else {
        a.secret_start.saturating_sub(b.secret_end)
    }
}

/// Whether `haystack` contains `needle_lower` (already lowercase), ignoring ASCII case.
pub(crate) fn contains_ignore_ascii_case(haystack: &[u8], needle_lower: &[u8]) -> bool {
    needle_lower.is_empty()
        || haystack
            .windows(needle_lower.len())
            .any(|w| w.eq_ignore_ascii_case(needle_lower))
}

/// The smallest cache in which the lazy DFAs of `patterns` (forward and reverse, as the meta
/// regex builds them) can run. It grows with the size of the regex's NFA: counted repetitions of
/// wide classes (`[^\n]{0,200}` inside `{0,20}`) make it large.
fn dfa_cache_needed(patterns: &[&str]) -> Result<usize, String> {
    use regex_automata::hybrid::dfa;
    use regex_automata::nfa::thompson;
    let mut needed = 0;
    for reverse in [false, true] {
        let nfa = thompson::Compiler::new()
            .syntax(rules::regex_syntax_config())
            .configure(
                thompson::Config::new()
                    .reverse(reverse)
                    .which_captures(thompson::WhichCaptures::None),
            )
            .build_many(patterns)
            .map_err(|e| e.to_string())?;
        let min = dfa::Config::new()
            .starts_for_each_pattern(true)
            .get_minimum_cache_capacity(&nfa)
            .map_err(|e| e.to_string())?;
        needed = needed.max(min);
    }
    Ok(needed)
}

/// Builds `patterns` with a lazy-DFA cache large enough for them; also returns the smallest
/// cache they need. Sizing takes two more NFA compilations, so it is done only for regexes
/// whose compiled size says they may need more than [`HYBRID_CACHE`] (the minimum is about
/// 18 bytes per NFA state; the meta regex holds two NFAs of at least 16 bytes per state).
fn build_regex(patterns: &[&str]) -> Result<(meta::Regex, usize), String> {
    let regex = build_regex_with_cache(patterns, HYBRID_CACHE)?;
    if regex.memory_usage() < HYBRID_CACHE / 4 {
        return Ok((regex, 0));
    }
    let needed = dfa_cache_needed(patterns)?;
    if needed <= HYBRID_CACHE {
        return Ok((regex, needed));
    }
    let regex = build_regex_with_cache(patterns, (2 * needed).min(MAX_HYBRID_CACHE))?;
    Ok((regex, needed))
}

fn build_regex_with_cache(patterns: &[&str], cache: usize) -> Result<meta::Regex, String> {
    meta::Builder::new()
        .syntax(rules::regex_syntax_config())
        .configure(
            meta::Config::new()
                .utf8_empty(false)
                .hybrid_cache_capacity(cache)
                // A one-pass DFA per rule costs a third of the compiled size of the catalogue
                // (40 of 120 MB); captures in a small window are as quick with the backtracker.
                .onepass(false),
        )
        .build_many(patterns)
        .map_err(|e| match e.syntax_error() {
            Some(syntax) => syntax.to_string().replace('\n', " "),
            None => e.to_string(),
        })
}

fn compile_rule(rule: &Rule) -> Result<CompiledRule, String> {
    let hir = rules::parse_regex(&rule.regex)?;
    let (regex, dfa_cache_needed) = build_regex(&[&rule.regex])?;
    let secret_group = regex
        .group_info()
        .to_index(PatternID::ZERO, "secret")
        .unwrap_or(if regex.captures_len() > 1 { 1 } else { 0 });
    let key_group = regex.group_info().to_index(PatternID::ZERO, "key");
    let window = rule
        .window
        .or(hir.properties().maximum_len())
        .unwrap_or(DEFAULT_WINDOW)
        .min(MAX_WINDOW);
    let anchors = keyword_anchors(rule, &hir);
    let allow = rule
        .allowlist
        .regexes
        .iter()
        .map(|r| {
            build_regex(&[r])
                .map(|(regex, _)| regex)
                .map_err(|e| format!("allowlist regex {r:?}: {e}"))
        })
        .collect::<Result<_, _>>()?;
    Ok(CompiledRule {
        regex,
        secret_group,
        key_group,
        window,
        allow,
        dfa_cache_needed,
        anchors,
    })
}

/// [`CompiledRule::anchors`]: `Some` when each literal prefix every match of the regex begins
/// with starts with a keyword, after that keyword's leading delimiters (bytes that are not
/// letters or digits, as in `"SCW` or `\nre_`): then every match is found at a keyword's
/// anchor.
fn keyword_anchors(rule: &Rule, hir: &regex_syntax::hir::Hir) -> Option<Vec<(Box<[u8]>, usize)>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    let literals = seq.literals()?;
    let keywords: Vec<Vec<u8>> = rule
        .keywords
        .iter()
        .map(|k| k.to_ascii_lowercase().into_bytes())
        .collect();
    // Where a match may begin inside keyword `k`: after its leading delimiters only.
    let starts = |k: &[u8]| {
        let delimiters = k.iter().take_while(|b| !b.is_ascii_alphanumeric()).count();
        0..=delimiters.min(k.len().saturating_sub(1))
    };
    let prefix_of = |a: &[u8], b: &[u8]| b.len() >= a.len() && b[..a.len()].eq_ignore_ascii_case(a);
    let covered = !literals.is_empty()
        && literals.iter().all(|lit| {
            keywords
                .iter()
                .any(|k| starts(k).any(|j| prefix_of(&k[j..], lit.as_bytes())))
        });
    if !covered {
        return None;
    }
    // Each keyword's anchor: where in it a literal can begin, after leading delimiters or a
    // context word (`bearer re_`).
    Some(
        keywords
            .iter()
            .filter_map(|k| {
                let at = (0..k.len()).find(|&j| {
                    literals.iter().any(|lit| {
                        prefix_of(&k[j..], lit.as_bytes()) || prefix_of(lit.as_bytes(), &k[j..])
                    })
                })?;
                Some((k.clone().into_boxed_slice(), at))
            })
            .collect(),
    )
}

fn compile_keywordless(rules: &RuleSet, ids: &[RuleId]) -> Result<Keywordless, String> {
    let patterns: Vec<&str> = ids.iter().map(|&id| rules.get(id).regex.as_str()).collect();
    Ok(Keywordless {
        regex: build_regex(&patterns)?.0,
        rules: ids.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleOrigin;

    fn matcher(toml: &str) -> Matcher {
        let mut set = RuleSet::empty();
        set.add_file_text(
            toml,
            RuleOrigin {
                file: "t.toml".into(),
                builtin: false,
            },
        );
        assert!(set.problems().is_empty(), "{:?}", set.problems());
        Matcher::new(Arc::new(set))
    }

    fn rule(id: &str, keywords: &str, regex: &str, extra: &str) -> String {
        format!(
            "[[rules]]\nid='{id}'\nname='n'\ndescription='d'\nseverity='high'\nconfidence='high'\nkeywords={keywords}\nregex='''{regex}'''\n{extra}\n"
        )
    }

    fn secrets(m: &Matcher, hay: &str) -> Vec<String> {
        let mut s = m.scratch();
        m.find_all(hay.as_bytes(), &mut s)
            .iter()
            .map(|x| String::from_utf8_lossy(x.secret(hay.as_bytes())).into_owned())
            .collect()
    }

    #[test]
    fn keyword_gates_regex_and_secret_group_is_extracted() {
        let m = matcher(&rule("t", "['tok_']", r"\b(tok_[a-z0-9]{8})\b", ""));
        assert_eq!(
            secrets(&m, "x = TOK_abcdefgh tok_a1b2c3d4 tok_short"),
            ["tok_a1b2c3d4"]
        );
    }

    #[test]
    fn keyword_is_case_insensitive_and_regex_can_reach_before_it() {
        let m = matcher(&rule(
            "t",
            "['acme']",
            r"(?i)acme[_a-z]{0,10}\s*=\s*([0-9a-f]{16})",
            "",
        ));
        assert_eq!(
            secrets(&m, "ACME_KEY = 0123456789abcdef"),
            ["0123456789abcdef"]
        );
    }

    #[test]
    fn named_secret_group_wins() {
        let m = matcher(&rule("t", "['user']", r"(user)=(?P<secret>[a-z]{6})", ""));
        assert_eq!(secrets(&m, "user=qwerty"), ["qwerty"]);
    }

    #[test]
    fn entropy_checksum_and_allowlist_drop_candidates() {
        let m = matcher(&format!(
            "{}{}",
            rule(
                "e",
                "['hx_']",
                r"hx_([0-9a-f]{16})",
                "entropy = 3.0\nallowlist = { stopwords = ['DEAD'], regexes = ['^0123'] }"
            ),
            rule(
                "g",
                "['ghp_']",
                r"(ghp_[A-Za-z0-9]{36})",
                "checksum = 'github'"
            ),
        ));
        let good = checksum::with_github_checksum("ghp_", "AbCdEfGhIjKlMnOpQrStUvWxYz0123");
        let mut bad = good.clone();
        bad.replace_range(5..6, "Z");
        let hay = format!(
            "hx_aaaaaaaaaaaaaaaa hx_9f8e7d6c5b4a3928 hx_deadbeef12345678 hx_0123456789abcdef {good} {bad}"
        );
        assert_eq!(
            secrets(&m, &hay),
            ["hx_9f8e7d6c5b4a3928"[3..].to_string(), good]
        );
    }

    #[test]
    fn a_token_failing_its_checksum_is_reported_by_no_rule() {
        let m = matcher(&format!(
            "{}{}",
            rule(
                "g",
                "['ghp_']",
                r"(ghp_[A-Za-z0-9]{36})",
                "checksum = 'github'"
            ),
            rule("any", "['token=']", r"token=([A-Za-z0-9_]{20,})", ""),
        ));
        let good = checksum::with_github_checksum("ghp_", "AbCdEfGhIjKlMnOpQrStUvWxYz0123");
        let mut bad = good.clone();
        bad.replace_range(5..6, "Z");
        assert_eq!(secrets(&m, &format!("token={bad}")), Vec::<String>::new());
        assert_eq!(secrets(&m, &format!("token={good}")).len(), 2);
    }

    #[test]
    fn many_hits_of_one_keyword_give_each_match_once() {
        let m = matcher(&rule("t", "['k9_']", r"k9_([a-z]{4})", ""));
        let hay = "k9_abcd ".repeat(HIT_FLUSH * 2 + 7);
        let mut s = m.scratch();
        assert_eq!(m.find_all(hay.as_bytes(), &mut s).len(), HIT_FLUSH * 2 + 7);
    }

    #[test]
    fn overlapping_keywords_of_different_rules_both_fire() {
        let m = matcher(&format!(
            "{}{}",
            rule("a", "['sk_live_']", r"(sk_live_[a-z]{6})", ""),
            rule("b", "['sk_']", r"(sk_[a-z]{4}_[a-z]{6})", ""),
        ));
        assert_eq!(secrets(&m, "sk_live_abcdef").len(), 2);
    }

    #[test]
    fn keywordless_rules_run_over_all_bytes() {
        let m = matcher(&rule("t", "[]", r"\b(zz[0-9]{6}zz)\b", ""));
        assert_eq!(secrets(&m, "a zz123456zz b zz12zz"), ["zz123456zz"]);
    }

    #[test]
    fn split_ranges_find_what_a_whole_scan_finds() {
        let m = matcher(&rule("t", "['tok_']", r"\b(tok_[a-z0-9]{8})\b", ""));
        let hay = "..tok_a1b2c3d4..tok_zzzzzzzz..";
        let mut s = m.scratch();
        let mut found = Vec::new();
        for r in [0..4, 4..18, 18..hay.len()] {
            m.find(hay.as_bytes(), r, &mut s);
            found.extend_from_slice(s.matches());
        }
        found.sort();
        found.dedup();
        assert_eq!(found.len(), 2);
    }

    /// The prefilter must find exactly the keyword occurrences, each once, that a plain
    /// unanchored overlapping Aho-Corasick search finds.
    #[test]
    fn prefilter_finds_what_a_full_automaton_search_finds() {
        use proptest::prelude::*;
        let set = RuleSet::builtin();
        let mut keywords: Vec<Vec<u8>> = set
            .rules()
            .iter()
            .flat_map(|r| {
                r.keywords
                    .iter()
                    .map(|k| k.to_ascii_lowercase().into_bytes())
            })
            .collect();
        keywords.sort();
        keywords.dedup();
        let full = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&keywords)
            .unwrap();
        let pre = prefilter::Prefilter::new(keywords.clone());
        let check = |hay: &[u8]| {
            let mut want: Vec<(usize, usize)> = full
                .find_overlapping_iter(hay)
                .map(|m| (m.start(), m.pattern().as_usize()))
                .collect();
            let mut got = Vec::new();
            pre.find(hay, 0..hay.len(), |s, k| got.push((s, k)));
            want.sort_unstable();
            got.sort_unstable();
            prop_assert_eq!(want, got);
            Ok(())
        };
        // Text made of keyword fragments, case changes and noise: dense in near-misses.
        let pieces: Vec<String> = keywords
            .iter()
            .map(|k| String::from_utf8_lossy(k).into_owned())
            .chain(["x", " ", "\n", "_", "A", "0"].map(String::from))
            .collect();
        let strategy = proptest::collection::vec(
            (proptest::sample::select(pieces), 0usize..4, any::<bool>()),
            0..40,
        );
        proptest!(ProptestConfig::with_cases(400), |(parts in strategy)| {
            let mut hay = String::new();
            for (piece, cut, upper) in parts {
                let piece = &piece[..piece.len().saturating_sub(cut).max(1).min(piece.len())];
                hay.push_str(&if upper { piece.to_ascii_uppercase() } else { piece.to_string() });
            }
            check(hay.as_bytes())?;
        });
    }

    fn rule_ids(m: &Matcher, hay: &str) -> Vec<(String, String, Vec<String>)> {
        let mut s = m.scratch();
        let text = |a: usize, b: usize| String::from_utf8_lossy(&hay.as_bytes()[a..b]).into_owned();
        m.find_all(hay.as_bytes(), &mut s)
            .iter()
            .map(|x| {
                (
                    m.rules().get(x.rule).id.clone(),
                    text(x.secret_start, x.secret_end),
                    x.companions
                        .iter()
                        .flatten()
                        .map(|c| text(c.start, c.end))
                        .collect(),
                )
            })
            .collect()
    }

    fn id_rule() -> String {
        rule("kid", "['KID']", r"\b(KID[0-9]{4})\b", "")
    }

    fn found(rule: &str, secret: &str, companions: &[&str]) -> (String, String, Vec<String>) {
        (
            rule.into(),
            secret.into(),
            companions.iter().map(|c| c.to_string()).collect(),
        )
    }

    /// The id rule (with `id_extra` fields) and a `sec=` rule with these companions.
    fn paired(id_extra: &str, companions: &str) -> Matcher {
        let sec = rule(
            "sec",
            "['sec=']",
            r"sec=([a-z]{8})",
            &format!("companions = [{companions}]"),
        );
        matcher(&format!("{}{id_extra}\n{sec}", id_rule()))
    }

    #[test]
    fn required_companion_gates_and_is_absorbed() {
        let m = paired("", "{ rule = 'kid', within_lines = 1 }");
        // Paired: one match, naming the id; the id is not reported on its own.
        assert_eq!(
            rule_ids(&m, "KID1234\nsec=abcdefgh"),
            [found("sec", "abcdefgh", &["KID1234"])]
        );
        // Too far: the secret is dropped, the id stays a finding of its own.
        assert_eq!(
            rule_ids(&m, "KID1234\n\n\nsec=abcdefgh"),
            [found("kid", "KID1234", &[])]
        );
        // The nearest id is chosen; the other stays a finding.
        assert_eq!(
            rule_ids(&m, "KID1111\n\nsec=abcdefgh KID2222"),
            [
                found("kid", "KID1111", &[]),
                found("sec", "abcdefgh", &["KID2222"])
            ]
        );
    }

    #[test]
    fn optional_companion_is_attached_only_when_present() {
        let m = paired("", "{ rule = 'kid', within_lines = 0, required = false }");
        assert_eq!(
            rule_ids(&m, "sec=abcdefgh"),
            [found("sec", "abcdefgh", &[])]
        );
        assert_eq!(
            rule_ids(&m, "KID1234 sec=abcdefgh"),
            [found("sec", "abcdefgh", &["KID1234"])]
        );
    }

    #[test]
    fn keywordless_composite_runs_only_around_its_companion() {
        let m = matcher(&format!(
            "{}{}",
            id_rule(),
            rule(
                "near",
                "[]",
                r"\b([a-z]{6}[0-9]{2})\b",
                "companions = [{ rule = 'kid', within_lines = 1 }]"
            )
        ));
        let hay = "qwerty12\n\n\nKID1234\nasdfgh34\n\nzxcvbn56";
        assert_eq!(rule_ids(&m, hay), [found("near", "asdfgh34", &["KID1234"])]);
    }

    #[test]
    fn unreported_rules_only_serve_as_companions() {
        let m = paired(
            "report = false",
            "{ rule = 'kid', within_lines = 0, required = false }",
        );
        assert_eq!(rule_ids(&m, "KID1234 and KID5678"), []);
        let mut s = m.scratch();
        s.keep_unreported(true);
        assert_eq!(m.find_all(b"KID1234 and KID5678", &mut s).len(), 2);
    }

    #[test]
    fn a_rule_whose_companion_is_missing_is_dropped_with_a_problem() {
        let mut set = RuleSet::empty();
        set.add_file_text(
            &rule(
                "sec",
                "['sec=']",
                r"sec=([a-z]{8})",
                "companions = [{ rule = 'nope', within_lines = 1 }]",
            ),
            RuleOrigin {
                file: "t.toml".into(),
                builtin: false,
            },
        );
        set.finish();
        assert!(set.is_empty());
        assert!(set.problems()[0].message.contains("\"nope\" is not loaded"));
    }

    #[test]
    fn a_keyword_after_a_line_break_also_matches_at_the_start() {
        let m = matcher(&rule("t", "[\"\\nre_\", '=re_']", r"\b(re_[a-z]{6})\b", ""));
        assert_eq!(secrets(&m, "re_abcdef"), ["re_abcdef"]);
        assert_eq!(
            secrets(&m, "x\nre_abcdef k=re_ghijkl"),
            ["re_abcdef", "re_ghijkl"]
        );
        assert_eq!(secrets(&m, "are_abcdef"), Vec::<String>::new());
    }

    #[test]
    fn anchored_rules_find_tokens_after_any_of_their_keywords() {
        let m = matcher(&rule(
            "t",
            "[\"=re_\", 'bearer re_', 'resend']",
            r"\b(re_[a-z]{6})\b",
            "window = 40",
        ));
        let compiled = m.compiled_rule(RuleId(0)).unwrap();
        assert!(
            compiled.anchors.is_some(),
            "every match starts at `=re_`'s anchor"
        );
        // At the anchor of a prefix keyword, and of a keyword with a context word before it.
        assert_eq!(secrets(&m, "k=re_abcdef"), ["re_abcdef"]);
        assert_eq!(
            secrets(&m, "Authorization: Bearer re_abcdef"),
            ["re_abcdef"]
        );
        // A context keyword with no anchor still gets a window around it.
        assert_eq!(secrets(&m, "resend: [re_abcdef]"), ["re_abcdef"]);
        assert_eq!(secrets(&m, "[re_abcdef]"), Vec::<String>::new());
    }

    #[test]
    fn window_edge_does_not_truncate_a_match() {
        // The match extends 10 bytes past the keyword; the window covers the max match length.
        let m = matcher(&rule("t", "['pfx']", r"pfx([a-z]{2,10})\b", ""));
        assert_eq!(secrets(&m, "pfxabcdefghij"), ["abcdefghij"]);
    }
}
