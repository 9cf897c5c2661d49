//! What encoding and formatting hide: finds encoded spans in an item's bytes and decodes them
//! into views the matcher scans too.
//!
//! Decoding works on candidate spans, never whole files: a run of base64 or hex characters, a
//! line holding percent-, backslash- or HTML escapes, a Kubernetes Secret's `data:` block, a
//! Docker config's `auth` values, string literals joined by concatenation, the printable strings
//! of a binary file. Each decoded span becomes a [`View`] whose bytes map back, byte by byte, to
//! the span it came from; views are decoded again, up to [`Options::depth`] steps, so a secret in
//! base64 inside a percent-encoded URL is found and reported where it sits in the file, with its
//! [`Chain`] of steps.
//!
//! Everything is bounded by the input: every decoder shrinks what it reads, so all views of an
//! item hold at most `depth` times its size, and spans that were decoded once are not decoded
//! again. The views' bytes and maps live in arenas reused from item to item.

mod escapes;
mod formats;
mod printable;
mod runs;

use std::fmt;
use std::ops::Range;

pub use printable::MIN_RUN as MIN_PRINTABLE_RUN;

/// One decoding step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    Base64,
    Hex,
    Percent,
    /// `\uXXXX`, `\xNN`, `\"`, `\n` and the other backslash escapes of JSON, JavaScript, Python, C.
    Escapes,
    Html,
    /// The base64 `data:` values of a Kubernetes Secret manifest.
    KubernetesSecret,
    /// The base64 `user:password` of a Docker config `auth` entry.
    DockerAuth,
    /// String literals joined by `+`, `.`, adjacency or line continuations.
    Concatenation,
    /// The printable ASCII strings of a binary file.
    Printable,
    /// The UTF-16LE strings of a binary file.
    Utf16le,
}

impl Step {
    /// Stable name, used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Base64 => "base64",
            Step::Hex => "hex",
            Step::Percent => "percent",
            Step::Escapes => "escapes",
            Step::Html => "html",
            Step::KubernetesSecret => "kubernetes-secret",
            Step::DockerAuth => "docker-auth",
            Step::Concatenation => "concatenation",
            Step::Printable => "printable",
            Step::Utf16le => "utf-16le",
        }
    }
}

/// Steps a [`Chain`] can hold: more than any depth the CLI accepts.
pub const MAX_CHAIN: usize = 8;

/// The steps that turned a span of the item into the bytes a secret was found in, outermost
/// first.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Chain {
    steps: [Option<Step>; MAX_CHAIN],
}

impl Chain {
    pub fn len(&self) -> usize {
        self.steps.iter().take_while(|s| s.is_some()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.steps[0].is_none()
    }

    pub fn steps(&self) -> impl Iterator<Item = Step> + '_ {
        self.steps.iter().map_while(|s| *s)
    }

    /// This chain followed by `step` (a full chain stays as it is).
    #[must_use]
    pub fn then(mut self, step: Step) -> Chain {
        if let Some(slot) = self.steps.iter_mut().find(|s| s.is_none()) {
            *slot = Some(step);
        }
        self
    }

    pub fn of(steps: &[Step]) -> Chain {
        steps.iter().fold(Chain::default(), |c, &s| c.then(s))
    }
}

impl fmt::Display for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps().enumerate() {
            if i > 0 {
                f.write_str(" → ")?;
            }
            f.write_str(step.as_str())?;
        }
        Ok(())
    }
}

impl fmt::Debug for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Chain({self})")
    }
}

/// What to decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Decoding steps applied one inside another (0 turns decoding off).
    pub depth: u8,
}

impl Default for Options {
    fn default() -> Self {
        Options { depth: 4 }
    }
}

/// How a view's bytes map back to its parent's.
#[derive(Debug, Clone)]
enum Map {
    /// `parent` bytes encode `view` bytes, from the span's start (base64: 4 → 3, hex: 2 → 1).
    Scaled { parent: u8, view: u8 },
    /// Per view byte, the parent range (relative to the span's start) of the unit it came from:
    /// `units[range]` in the arena.
    Units(Range<usize>),
    /// Pieces of the parent copied with a stride (printable strings): `segments[range]` in the
    /// arena, sorted by view offset.
    Segments(Range<usize>),
}

/// A run of view bytes that came from the parent at `parent + stride * (i - view)`.
#[derive(Debug, Clone, Copy)]
struct Segment {
    view: u32,
    parent: u32,
    stride: u8,
}

/// One decoded span.
#[derive(Debug, Clone)]
struct ViewMeta {
    bytes: Range<usize>,
    chain: Chain,
    /// The view this one was decoded from (`None`: the item itself).
    parent: Option<u32>,
    /// Where the decoded span starts in the parent.
    span_start: usize,
    span_end: usize,
    map: Map,
}

/// A decoded view of part of an item, as the matcher sees it.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    pub index: usize,
    pub bytes: &'a [u8],
    pub chain: Chain,
}

/// The decoded views of one item. Reused from item to item: its arenas keep their capacity.
#[derive(Debug, Default)]
pub struct Views {
    bytes: Vec<u8>,
    units: Vec<(u32, u32)>,
    segments: Vec<Segment>,
    views: Vec<ViewMeta>,
    /// Root spans already decoded, per step: a span found again inside another view is not
    /// decoded twice.
    seen: std::collections::HashSet<(Step, usize, usize)>,
    /// A view's bytes while decoders read them (they append to the arena).
    reading: Vec<u8>,
    candidates: Vec<Candidate>,
    superseded: Vec<Range<usize>>,
}

/// A decoded span, as a decoder produces it (its bytes are at the end of the arena).
#[derive(Debug)]
struct Candidate {
    span: Range<usize>,
    step: Step,
    bytes_from: usize,
    map: Map,
}

/// Where decoders write: the views' arenas.
struct Sink<'a> {
    bytes: &'a mut Vec<u8>,
    units: &'a mut Vec<(u32, u32)>,
    segments: &'a mut Vec<Segment>,
    out: &'a mut Vec<Candidate>,
    /// Spans whose meaning is their decoding (a Kubernetes Secret's values): what matches them
    /// as they are is not a secret of its own.
    superseded: &'a mut Vec<Range<usize>>,
}

impl Views {
    pub fn new() -> Self {
        Views::default()
    }

    /// Decodes the candidate spans of `item` (a text item: source, config, a decoded view),
    /// recursively, replacing the previous views.
    pub fn decode(&mut self, item: &[u8], options: &Options) {
        self.clear();
        if options.depth == 0 {
            return;
        }
        self.expand(item, None, Chain::default());
        self.descend(usize::from(options.depth));
    }

    /// The printable strings of a binary `item` (ASCII and UTF-16LE), as views that are then
    /// decoded like text, replacing the previous views.
    pub fn strings(&mut self, item: &[u8], options: &Options) {
        self.clear();
        let mut out = std::mem::take(&mut self.candidates);
        let mut sink = Sink {
            bytes: &mut self.bytes,
            units: &mut self.units,
            segments: &mut self.segments,
            out: &mut out,
            superseded: &mut Vec::new(),
        };
        printable::strings(item, &mut sink);
        self.push_all(&mut out, None, Chain::default());
        self.candidates = out;
        if options.depth > 0 {
            // The strings themselves are not a decoding step the depth counts.
            self.descend(usize::from(options.depth) + 1);
        }
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.units.clear();
        self.segments.clear();
        self.views.clear();
        self.seen.clear();
        self.superseded.clear();
    }

    /// Spans of the item whose meaning is their decoding (a Kubernetes Secret's base64
    /// values): a match of the encoded text there is the encoding, not a secret.
    pub fn superseded(&self) -> &[Range<usize>] {
        &self.superseded
    }

    /// Decodes inside every view whose chain is shorter than `max_chain`, breadth first.
    fn descend(&mut self, max_chain: usize) {
        let mut i = 0;
        while i < self.views.len() {
            let meta = &self.views[i];
            if meta.chain.len() < max_chain {
                let chain = meta.chain;
                let mut reading = std::mem::take(&mut self.reading);
                reading.clear();
                reading.extend_from_slice(&self.bytes[meta.bytes.clone()]);
                self.expand(&reading, Some(i as u32), chain);
                self.reading = reading;
            }
            i += 1;
        }
    }

    /// Runs every decoder over `bytes` (the item, or view `parent`).
    fn expand(&mut self, bytes: &[u8], parent: Option<u32>, chain: Chain) {
        let mut out = std::mem::take(&mut self.candidates);
        out.clear();
        let mut nested = Vec::new();
        let mut sink = Sink {
            bytes: &mut self.bytes,
            units: &mut self.units,
            segments: &mut self.segments,
            out: &mut out,
            // Only the item's own spans are kept: raw matches are only made there.
            superseded: if parent.is_none() {
                &mut self.superseded
            } else {
                &mut nested
            },
        };
        // Format-aware decoders first: a span two decoders read alike is reported as the
        // format's (a Docker auth, not just base64).
        formats::find(bytes, &mut sink);
        escapes::find(bytes, &mut sink);
        runs::find(bytes, &mut sink);
        self.push_all(&mut out, parent, chain);
        self.candidates = out;
    }

    /// Turns candidates (whose bytes lie one after another at the end of the arena) into views.
    fn push_all(&mut self, candidates: &mut Vec<Candidate>, parent: Option<u32>, chain: Chain) {
        for i in 0..candidates.len() {
            let c = &candidates[i];
            let end = candidates
                .get(i + 1)
                .map_or(self.bytes.len(), |next| next.bytes_from);
            if chain.len() >= MAX_CHAIN || c.bytes_from == end {
                continue;
            }
            let meta = ViewMeta {
                bytes: c.bytes_from..end,
                chain: chain.then(c.step),
                parent,
                span_start: c.span.start,
                span_end: c.span.end,
                map: c.map.clone(),
            };
            let step = c.step;
            self.views.push(meta);
            let index = self.views.len() - 1;
            let root = self.to_root(index, 0..end - self.views[index].bytes.start);
            if !self.seen.insert((step, root.start, root.end)) {
                self.views.pop();
            }
        }
        candidates.clear();
    }

    pub fn len(&self) -> usize {
        self.views.len()
    }

    pub fn is_empty(&self) -> bool {
        self.views.is_empty()
    }

    pub fn get(&self, index: usize) -> View<'_> {
        let meta = &self.views[index];
        View {
            index,
            bytes: &self.bytes[meta.bytes.clone()],
            chain: meta.chain,
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = View<'_>> {
        (0..self.views.len()).map(|i| self.get(i))
    }

    /// The item's bytes that `range` of view `index` was decoded from.
    pub fn to_root(&self, index: usize, range: Range<usize>) -> Range<usize> {
        let mut index = index;
        let mut range = range;
        loop {
            let meta = &self.views[index];
            range = self.to_parent(meta, range);
            match meta.parent {
                Some(p) => index = p as usize,
                None => return range,
            }
        }
    }

    fn to_parent(&self, meta: &ViewMeta, range: Range<usize>) -> Range<usize> {
        let len = meta.bytes.len();
        let (start, end) = (range.start.min(len), range.end.min(len));
        let (from, to) = match meta.map {
            Map::Scaled { parent, view } => {
                let (p, v) = (usize::from(parent), usize::from(view));
                (start * p / v, (end * p).div_ceil(v))
            }
            Map::Units(ref units) => {
                let units = &self.units[units.clone()];
                if start >= end {
                    let at = units
                        .get(start)
                        .map_or(meta.span_end - meta.span_start, |u| u.0 as usize);
                    (at, at)
                } else {
                    (units[start].0 as usize, units[end - 1].1 as usize)
                }
            }
            Map::Segments(ref segments) => {
                let segments = &self.segments[segments.clone()];
                let place = |at: usize, end: bool| {
                    let i = segments.partition_point(|s| s.view as usize <= at).max(1) - 1;
                    let s = segments[i];
                    let stride = usize::from(s.stride);
                    s.parent as usize
                        + (at - s.view as usize) * stride
                        + if end { stride - 1 } else { 0 }
                };
                if start >= end {
                    let at = place(start, false);
                    (at, at)
                } else {
                    (place(start, false), place(end - 1, true) + 1)
                }
            }
        };
        let span = meta.span_end - meta.span_start;
        meta.span_start + from.min(span)..meta.span_start + to.min(span)
    }
}

impl Sink<'_> {
    /// Starts a candidate's bytes; returns where they begin.
    fn begin(&self) -> usize {
        self.bytes.len()
    }

    /// Drops the bytes (and units) written since `from`.
    fn abandon(&mut self, from: usize, units_from: usize) {
        self.bytes.truncate(from);
        self.units.truncate(units_from);
    }

    fn push_scaled(
        &mut self,
        span: Range<usize>,
        step: Step,
        bytes_from: usize,
        parent: u8,
        view: u8,
    ) {
        self.out.push(Candidate {
            span,
            step,
            bytes_from,
            map: Map::Scaled { parent, view },
        });
    }

    fn push_units(&mut self, span: Range<usize>, step: Step, bytes_from: usize, units_from: usize) {
        debug_assert_eq!(self.bytes.len() - bytes_from, self.units.len() - units_from);
        self.out.push(Candidate {
            span,
            step,
            bytes_from,
            map: Map::Units(units_from..self.units.len()),
        });
    }
}

/// Whether decoded bytes read as text: what a secret's surroundings look like once decoded.
/// Binary (an image's base64, a hash's hex, a DER key) is left alone.
fn is_text(bytes: &[u8]) -> bool {
    if bytes.is_empty() {
        return false;
    }
    let texty = bytes
        .iter()
        .filter(|&&b| matches!(b, b'\t' | b'\n' | b'\r' | 0x20..=0x7e))
        .count();
    // UTF-8 text in another script is text too, but secrets are ASCII; 90% keeps both sides.
    texty * 10 >= bytes.len() * 9
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// (chain, text) of each view one decoding step finds in `text`.
    pub(in crate::decode) fn views(text: &str) -> Vec<(String, String)> {
        let mut v = Views::new();
        v.decode(text.as_bytes(), &Options { depth: 1 });
        v.iter()
            .map(|v| {
                (
                    v.chain.to_string(),
                    String::from_utf8_lossy(v.bytes).into_owned(),
                )
            })
            .collect()
    }

    fn decoded(item: &[u8]) -> Vec<(String, String, Range<usize>)> {
        let mut views = Views::new();
        views.decode(item, &Options::default());
        views
            .iter()
            .map(|v| {
                (
                    v.chain.to_string(),
                    String::from_utf8_lossy(v.bytes).into_owned(),
                    views.to_root(v.index, 0..v.bytes.len()),
                )
            })
            .collect()
    }

    #[test]
    fn chains_say_each_step_in_order() {
        let c = Chain::of(&[Step::Percent, Step::Base64]);
        assert_eq!(c.to_string(), "percent → base64");
        assert_eq!(c.len(), 2);
        assert!(Chain::default().is_empty());
    }

    #[test]
    fn nested_encodings_decode_and_map_back_to_the_outer_span() {
        // base64("token=ghp_...") inside a percent-encoded query string.
        let inner = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            "token=ghp_R8b2dQ1x0a9ZmJk3LpTqWvYc5sN7uE4fG6hI",
        );
        let encoded = inner
            .replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D");
        let item = format!("url = \"https://example.test/cb?state={encoded}&x=1\"\n");
        let views = decoded(item.as_bytes());
        let deepest = views
            .iter()
            .find(|v| v.1.starts_with("token=ghp_"))
            .unwrap_or_else(|| panic!("{views:#?}"));
        assert!(deepest.0.ends_with("base64"), "{}", deepest.0);
        let at = item.find("state=").unwrap() + 6;
        assert_eq!(deepest.2.start, at, "{views:#?}");
    }

    #[test]
    fn text_check_rejects_binary() {
        assert!(is_text(b"user:pass"));
        assert!(!is_text(&[0x89, b'P', b'N', b'G', 0, 0, 1, 2, 3]));
        assert!(!is_text(b""));
    }
}
