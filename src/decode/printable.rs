//! The printable strings of a binary file, as `strings(1)` finds them: runs of printable ASCII,
//! and runs of UTF-16LE code units that are printable ASCII (Windows binaries and resources).
//! Each run becomes one line of a view; its bytes map back to where the run sits in the file.

use super::{Candidate, Map, Segment, Sink, Step};

/// Shortest run kept: shorter runs in binaries are mostly noise, and a secret with its key is
/// longer.
pub const MIN_RUN: usize = 8;

fn printable(b: u8) -> bool {
    matches!(b, b'\t' | 0x20..=0x7e)
}

pub(super) fn strings(bytes: &[u8], sink: &mut Sink<'_>) {
    collect(bytes, 1, Step::Printable, sink);
    collect(bytes, 2, Step::Utf16le, sink);
}

/// Runs of printable characters, each `stride` bytes wide (2: UTF-16LE, whose high byte must
/// be zero), joined by newlines into one view.
fn collect(bytes: &[u8], stride: usize, step: Step, sink: &mut Sink<'_>) {
    let from = sink.begin();
    let segments_from = sink.segments.len();
    let keep = |start: usize, end: usize, sink: &mut Sink<'_>| {
        // The last character of a NUL-terminated ASCII string looks like a UTF-16 unit.
        let start = if stride == 2 && start > 0 && printable(bytes[start - 1]) {
            start + 2
        } else {
            start
        };
        if end.saturating_sub(start) / stride < MIN_RUN {
            return;
        }
        sink.segments.push(Segment {
            view: (sink.bytes.len() - from) as u32,
            parent: start as u32,
            stride: stride as u8,
        });
        sink.bytes
            .extend(bytes[start..end].iter().step_by(stride).copied());
        sink.bytes.push(b'\n');
    };
    if stride == 1 {
        let mut at = 0;
        for run in bytes.split(|&b| !printable(b)) {
            keep(at, at + run.len(), sink);
            at += run.len() + 1;
        }
    } else {
        for phase in 0..2 {
            let mut run_start = None;
            let mut at = phase;
            for unit in bytes[phase.min(bytes.len())..].chunks_exact(2) {
                let is_char = unit[1] == 0 && printable(unit[0]);
                match (is_char, run_start) {
                    (true, None) => run_start = Some(at),
                    (false, Some(start)) => {
                        keep(start, at, sink);
                        run_start = None;
                    }
                    _ => {}
                }
                at += 2;
            }
            if let Some(start) = run_start {
                keep(start, at, sink);
            }
        }
    }
    if sink.bytes.len() == from {
        return;
    }
    sink.out.push(Candidate {
        span: 0..bytes.len(),
        step,
        bytes_from: from,
        map: Map::Segments(segments_from..sink.segments.len()),
    });
}

#[cfg(test)]
mod tests {
    use super::super::{Options, Views};

    #[test]
    fn ascii_and_utf16_strings_map_back_to_their_offsets() {
        let mut bin = vec![0u8, 1, 2, 0xff];
        bin.extend_from_slice(b"token=ghp_example1234");
        bin.extend_from_slice(&[0, 0, 7]);
        let wide_at = bin.len();
        for c in "password=Wide1234".bytes() {
            bin.extend_from_slice(&[c, 0]);
        }
        bin.extend_from_slice(&[0, 0, b'a', b'b', 0]);
        let mut views = Views::new();
        views.strings(&bin, &Options { depth: 0 });
        let ascii = views.get(0);
        assert_eq!(ascii.bytes, b"token=ghp_example1234\n");
        assert_eq!(views.to_root(0, 6..10), 10..14);
        let wide = views.get(1);
        assert_eq!(wide.chain.to_string(), "utf-16le");
        assert_eq!(wide.bytes, b"password=Wide1234\n");
        assert_eq!(views.to_root(1, 9..13), wide_at + 18..wide_at + 26);
    }
}
