//! Readers that keep expansion bounded. Decoders and the tar and zip crates own the readers
//! they are given, so the limits live in the readers themselves and report through shared
//! cells: a decoder only sees an I/O error, the layer that owns the reader knows why.

use std::cell::{Cell, RefCell};
use std::io::{self, BufRead, Read, Seek, SeekFrom};

use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
use ruzstd::decoding::{BlockDecodingStrategy, FrameDecoder};

/// Expansion below this never raises the ratio alarm: small members legitimately compress
/// far better than large ones (a file of one repeated byte, a sparse table).
pub const RATIO_SLACK: u64 = 1 << 20;

/// The state shared by every layer of one top-level archive.
#[derive(Debug)]
pub struct Shared {
    pub limit: u64,
    /// Bytes expanded so far, over all layers.
    pub used: Cell<u64>,
    /// The budget ran out: every further read fails.
    pub exhausted: Cell<bool>,
    /// A ratio guard refused to read on; its owner reports it, the layers above only stop.
    pub tripped: Cell<bool>,
    /// Bytes of zip central directories indexed by the zips open right now (see
    /// [`DIRECTORY_MAX`]).
    pub directories: Cell<u64>,
}

impl Shared {
    pub fn new(limit: u64) -> Self {
        Shared {
            limit,
            used: Cell::new(0),
            exhausted: Cell::new(false),
            tripped: Cell::new(false),
            directories: Cell::new(0),
        }
    }
}

/// What the output of a guarded reader was expanded from.
#[derive(Debug, Clone, Copy)]
pub enum Compressed<'s> {
    /// A zip member's stored size: its decoder cannot read more than that.
    Fixed(u64),
    /// A stream's input, counted as its decoder consumes it.
    Counted(&'s Cell<u64>),
    /// Not compressed (tar sparse holes): only the budget applies.
    None,
}

/// The output of one decoder: every byte counts against the shared budget, and reading stops
/// once more than `max_ratio` bytes have come out per compressed byte. Sizes declared in
/// headers are never trusted; this is the bound.
pub struct Guard<'s, R> {
    inner: R,
    shared: &'s Shared,
    compressed: Compressed<'s>,
    max_ratio: u64,
    pub produced: u64,
    pub tripped: bool,
}

impl<'s, R: Read> Guard<'s, R> {
    pub fn new(inner: R, shared: &'s Shared, compressed: Compressed<'s>, max_ratio: u64) -> Self {
        Guard {
            inner,
            shared,
            compressed,
            max_ratio,
            produced: 0,
            tripped: false,
        }
    }
}

fn cut() -> io::Error {
    io::Error::other("archive expansion limit reached")
}

impl<R: Read> Read for Guard<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.tripped || self.shared.exhausted.get() {
            return Err(cut());
        }
        let compressed = match self.compressed {
            Compressed::Fixed(n) => Some(n),
            Compressed::Counted(n) => Some(n.get()),
            Compressed::None => None,
        };
        // Checked before reading on, so a member that merely ends past the ratio is not cut.
        if let Some(compressed) = compressed
            && self.produced > RATIO_SLACK
            && self.produced > self.max_ratio.saturating_mul(compressed)
        {
            self.tripped = true;
            self.shared.tripped.set(true);
            return Err(cut());
        }
        let room = self.shared.limit.saturating_sub(self.shared.used.get());
        if room == 0 {
            // A member that ends exactly at the budget is not cut off.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => {
                    self.shared.exhausted.set(true);
                    Err(cut())
                }
            };
        }
        let len = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..len])?;
        self.produced += n as u64;
        self.shared.used.set(self.shared.used.get() + n as u64);
        Ok(n)
    }
}

/// Most a decoder may consume before its first output byte and still be handed over raw when
/// it fails: bzip2 reads a whole block (≤ 900 kB) before it emits anything.
pub const REPLAY_MAX: usize = 1 << 20;

/// A compressed stream's input: counts what its decoder consumes (for the ratio) and, until the
/// first output byte, keeps a copy so a stream that does not decode at all can still be handed
/// over as it is.
pub struct Input<'r> {
    pub inner: &'r mut dyn Read,
    pub consumed: &'r Cell<u64>,
    /// `None` once the stream has produced output, or consumed more than [`REPLAY_MAX`].
    pub replay: &'r RefCell<Option<Vec<u8>>>,
}

impl Read for Input<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed.set(self.consumed.get() + n as u64);
        let mut replay = self.replay.borrow_mut();
        if let Some(kept) = replay.as_mut() {
            if kept.len() + n <= REPLAY_MAX {
                kept.extend_from_slice(&buf[..n]);
            } else {
                // Too much to replay faithfully: give up on it.
                *replay = None;
            }
        }
        Ok(n)
    }
}

/// Reads at most `allowance` bytes in all (`u64::MAX`: no limit); past it, fails with `why`.
fn read_allowed(
    inner: &mut dyn Read,
    allowance: &Cell<u64>,
    buf: &mut [u8],
    why: impl FnOnce() -> String,
) -> io::Result<usize> {
    let left = allowance.get();
    if left == 0 {
        return Err(io::Error::other(why()));
    }
    let len = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
    let n = inner.read(&mut buf[..len])?;
    if left != u64::MAX {
        allowance.set(left - n as u64);
    }
    Ok(n)
}

/// Bytes a tar layer may read for one entry's headers (its header block, GNU long names, PAX
/// records, sparse maps). The tar crate reads long names and PAX records whole into memory,
/// trusting their declared size; this caps them.
pub const TAR_HEADERS_MAX: u64 = 1 << 20;

/// A tar layer's input, limited to [`TAR_HEADERS_MAX`] while the tar crate reads headers and
/// unlimited while an entry's content is read.
pub struct Headers<'r> {
    pub inner: &'r mut dyn Read,
    pub allowance: &'r Cell<u64>,
}

impl Read for Headers<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        read_allowed(&mut *self.inner, self.allowance, buf, || {
            format!("tar headers of one entry exceed {TAR_HEADERS_MAX} bytes")
        })
    }
}

/// A zstd stream of any number of frames (`zstd a b` concatenates them), skippable frames
/// skipped. ruzstd's `StreamingDecoder` reads one frame only.
pub struct ZstdFrames<R> {
    source: R,
    decoder: FrameDecoder,
    in_frame: bool,
}

impl<R: BufRead> ZstdFrames<R> {
    pub fn new(source: R) -> Self {
        ZstdFrames {
            source,
            decoder: FrameDecoder::new(),
            in_frame: false,
        }
    }
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.in_frame {
                if self.decoder.can_collect() > 0 {
                    return self.decoder.read(buf);
                }
                if self.decoder.is_finished() {
                    self.in_frame = false;
                    continue;
                }
                self.decoder
                    .decode_blocks(&mut self.source, BlockDecodingStrategy::UptoBlocks(1))
                    .map_err(io::Error::other)?;
            } else {
                if self.source.fill_buf()?.is_empty() {
                    return Ok(0);
                }
                match self.decoder.reset(&mut self.source) {
                    Ok(()) => self.in_frame = true,
                    Err(FrameDecoderError::ReadFrameHeaderError(
                        ReadFrameHeaderError::SkipFrame { length, .. },
                    )) => {
                        let want = u64::from(length);
                        let skipped =
                            io::copy(&mut (&mut self.source).take(want), &mut io::sink())?;
                        if skipped < want {
                            return Err(io::ErrorKind::UnexpectedEof.into());
                        }
                    }
                    Err(e) => return Err(io::Error::other(e)),
                }
            }
        }
    }
}

/// Reads into `buf` (which may hold bytes already) until it holds `cap` bytes. Returns whether
/// the end of `r` was reached, and the error that stopped it, if any; bytes read before an
/// error stay in `buf`.
pub fn fill(buf: &mut Vec<u8>, r: &mut dyn Read, cap: usize) -> (bool, Option<io::Error>) {
    let want = cap.saturating_sub(buf.len());
    if want == 0 {
        return (false, None);
    }
    // Reserved up front so the vector does not double past `cap`; untouched pages cost no
    // memory. (Bounded, for a `cap` of `usize::MAX`.)
    buf.reserve_exact(want.min(1 << 28));
    match r.take(want as u64).read_to_end(buf) {
        Ok(n) => (n < want, None),
        Err(e) => (false, Some(e)),
    }
}

/// Central directory bytes the open zips of one expansion may index at once. The zip crate
/// keeps every member's record in memory, about four times the directory's size (1,000,000
/// members: 216 MB); 16 MiB of directory is some 300,000 members. Larger zips are handed
/// over as they are.
pub const DIRECTORY_MAX: u64 = 16 << 20;

/// A zip's input while the zip crate opens it (reads the end record and the whole central
/// directory), limited to `allowance`; unlimited afterwards (`u64::MAX`).
pub struct Opening<'a, R> {
    pub inner: R,
    pub allowance: &'a Cell<u64>,
}

impl<R: Read> Read for Opening<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        read_allowed(&mut self.inner, self.allowance, buf, || {
            "zip central directory too large".to_string()
        })
    }
}

impl<R: Seek> Seek for Opening<'_, R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// The smallest central directory record: a member costs at least this many directory bytes.
const DIRECTORY_RECORD_MIN: u64 = 46;

/// The largest central directory that any end record near the end of `r` declares, in bytes
/// (its stated size, or its member count times the smallest record, whichever is larger).
/// The zip crate sizes its index from these fields before reading a single record, so they
/// are checked first: a crafted end record could otherwise ask for gigabytes at once.
pub fn declared_directory<R: Read + Seek>(r: &mut R) -> io::Result<u64> {
    // An end record is 22 bytes plus a comment of up to 64 KiB (one more word of slack).
    let len = r.seek(SeekFrom::End(0))?;
    let start = len.saturating_sub(22 + 4 + 65535);
    r.seek(SeekFrom::Start(start))?;
    let mut tail = Vec::new();
    r.take(len - start).read_to_end(&mut tail)?;
    let mut largest = 0u64;
    for at in memchr::memmem::rfind_iter(&tail, b"PK\x05\x06") {
        let Some(end) = tail.get(at..at + 22) else {
            continue;
        };
        let entries = u64::from(u16::from_le_bytes([end[10], end[11]]));
        let size = u64::from(u32::from_le_bytes([end[12], end[13], end[14], end[15]]));
        largest = largest.max(size).max(entries * DIRECTORY_RECORD_MIN);
        // A zip64 locator (20 bytes) just before it points at the zip64 end record.
        let Some(locator) = (start + at as u64).checked_sub(20) else {
            continue;
        };
        let mut block = [0u8; 56];
        r.seek(SeekFrom::Start(locator))?;
        if r.read_exact(&mut block[..20]).is_err() || &block[..4] != b"PK\x06\x07" {
            continue;
        }
        let record = u64::from_le_bytes(block[8..16].try_into().expect("8 bytes"));
        if r.seek(SeekFrom::Start(record)).is_err()
            || r.read_exact(&mut block).is_err()
            || &block[..4] != b"PK\x06\x06"
        {
            continue;
        }
        let entries = u64::from_le_bytes(block[32..40].try_into().expect("8 bytes"));
        let size = u64::from_le_bytes(block[40..48].try_into().expect("8 bytes"));
        largest = largest
            .max(size)
            .max(entries.saturating_mul(DIRECTORY_RECORD_MIN));
    }
    r.seek(SeekFrom::Start(0))?;
    Ok(largest)
}
