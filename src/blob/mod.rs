//! The bytes of one item to scan, and the one policy for getting them.
//!
//! Small files are read into a per-worker buffer that is reused from file to file; files of
//! [`MMAP_THRESHOLD`] bytes or more are memory-mapped; files of [`LARGE_THRESHOLD`] bytes or
//! more are read range by range by several threads ([`LargeFile`]), so resident memory stays
//! the same whatever the size of the file (mapped pages count as resident once touched).
//!
//! Safety contract of the mapping: leakhound maps files read-only and never writes through the
//! mapping. If another process truncates a file while it is mapped, reading the vanished pages
//! raises SIGBUS and the process dies (the trade-off ripgrep makes too). `--no-mmap` turns
//! mapping off for trees that change under the scan.

pub mod archive;

use std::fs::File;
use std::io::Read;
use std::path::Path;

use memmap2::Mmap;

use crate::error::SkipReason;

/// Files this large or larger are mapped instead of read.
pub const MMAP_THRESHOLD: u64 = 4 * 1024 * 1024;
/// Files this large or larger are neither mapped nor read whole: they are scanned in ranges
/// read on demand ([`LargeFile::read_range`]), so memory does not grow with file size.
pub const LARGE_THRESHOLD: u64 = 32 * 1024 * 1024;
/// Bytes inspected for a NUL when deciding whether a file is binary (as git and ripgrep do).
pub const BINARY_SNIFF: usize = 8 * 1024;

/// A commit, as reports show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// Hex object id.
    pub id: String,
    pub author: String,
    /// Author time, seconds since the Unix epoch.
    pub time: i64,
    /// Committer time: the order of history, which "first" and "last" go by.
    pub committed: i64,
    /// First line of the message.
    pub summary: String,
}

/// Where bytes from git history came from. Shared (behind an `Arc`) by every match in a blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The blob's object id, hex.
    pub blob: String,
    /// The earliest commit whose tree holds the blob (by commit time); `None` for a blob no
    /// ref reaches (`--all-objects`).
    pub first: Option<CommitInfo>,
    /// The latest commit whose tree still holds it (full-history scans only).
    pub last: Option<CommitInfo>,
    /// Whether HEAD's tree still contains this very blob.
    pub in_head: bool,
    /// Which refs reach a commit holding it (full-history scans; `None` for ranges).
    pub reach: Option<Reach>,
    /// Distinct paths the blob had across history.
    pub paths_total: usize,
}

/// How many ref names a [`Reach`] lists.
pub const MAX_REFS_LISTED: usize = 10;

/// The refs that reach a commit holding a blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// HEAD (the checked-out or default branch) reaches it.
    pub head: bool,
    /// Ref names, branches first, then tags (a bounded list).
    pub refs: Vec<String>,
    /// How many refs reach it in all (at least `refs.len()`).
    pub total: usize,
}

impl Reach {
    fn merge(&self, other: &Reach) -> Reach {
        let mut refs = self.refs.clone();
        for r in &other.refs {
            if refs.len() < MAX_REFS_LISTED && !refs.contains(r) {
                refs.push(r.clone());
            }
        }
        Reach {
            head: self.head || other.head,
            total: self.total.max(other.total).max(refs.len()),
            refs,
        }
    }
}

impl Provenance {
    /// What two blobs holding the same secret at the same place say together: the earlier
    /// first commit, the later last commit, in HEAD if either is, every ref of both.
    pub fn merge(&self, other: &Provenance) -> Provenance {
        let time = |c: &Option<CommitInfo>| c.as_ref().map(|c| c.committed);
        let first = match (time(&self.first), time(&other.first)) {
            (Some(a), Some(b)) if b < a => other.first.clone(),
            (None, Some(_)) => other.first.clone(),
            _ => self.first.clone(),
        };
        let last = match (time(&self.last), time(&other.last)) {
            (Some(a), Some(b)) if b > a => other.last.clone(),
            (None, Some(_)) => other.last.clone(),
            _ => self.last.clone(),
        };
        let reach = match (&self.reach, &other.reach) {
            (Some(a), Some(b)) => Some(a.merge(b)),
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        Provenance {
            blob: self.blob.clone(),
            first,
            last,
            in_head: self.in_head || other.in_head,
            reach,
            paths_total: self.paths_total.max(other.paths_total),
        }
    }
}

/// Why bytes read from git (a blob or a staged file) are not scanned under `policy`, if so.
pub fn skip_reason(bytes: &[u8], policy: &ReadPolicy) -> Option<SkipReason> {
    if bytes.len() as u64 > policy.max_size {
        Some(SkipReason::TooLarge {
            size: bytes.len() as u64,
            limit: policy.max_size,
        })
    } else if policy.skips_binary(bytes) {
        Some(SkipReason::Binary)
    } else if is_lfs_pointer(bytes) {
        Some(SkipReason::LfsPointer)
    } else {
        None
    }
}

/// A Git LFS pointer file: the real content is stored elsewhere. (Spec: a small text file
/// that starts with the version line.)
pub fn is_lfs_pointer(bytes: &[u8]) -> bool {
    bytes.len() < 1024 && bytes.starts_with(b"version https://git-lfs.github.com/spec/v1\n")
}

/// How to read files.
#[derive(Debug, Clone, Copy)]
pub struct ReadPolicy {
    pub max_size: u64,
    pub mmap: bool,
    pub binary: Binary,
    /// Archives are opened (they are binary, but never skipped as such).
    pub archives: bool,
}

impl ReadPolicy {
    /// Whether `bytes` are a binary item that `--skip-binary` skips. An archive is not: it is
    /// opened, unless archives are off.
    pub fn skips_binary(&self, bytes: &[u8]) -> bool {
        self.binary == Binary::Skip
            && is_binary(bytes)
            && !(self.archives && archive::sniff(bytes).is_some())
    }
}

/// What to do with binary items (a NUL byte in their first [`BINARY_SNIFF`] bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binary {
    /// Scan their printable strings, ASCII and UTF-16LE (the default).
    Strings,
    /// Skip them outright (`--skip-binary`).
    Skip,
    /// Scan their bytes as if they were text (`--include-binary`).
    Text,
}

/// The bytes of one item: mapped, or borrowed from the worker's buffer.
pub enum Blob<'buf> {
    Mapped(Mmap),
    Buffered(&'buf [u8]),
}

impl std::fmt::Debug for Blob<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self {
            Blob::Mapped(_) => "Mapped",
            Blob::Buffered(_) => "Buffered",
        };
        write!(f, "Blob::{kind}({} bytes)", self.bytes().len())
    }
}

impl Blob<'_> {
    pub fn bytes(&self) -> &[u8] {
        match self {
            Blob::Mapped(m) => m,
            Blob::Buffered(b) => b,
        }
    }
}

/// A file too large to hold at once, read range by range.
#[derive(Debug)]
pub struct LargeFile {
    file: File,
    len: u64,
    binary: bool,
    /// The container its first bytes say it is, if any.
    archive: Option<archive::Kind>,
}

impl LargeFile {
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The open file, for readers that seek (archives).
    pub fn file(&self) -> &File {
        &self.file
    }

    /// The container format its first bytes announce, if any.
    pub fn archive(&self) -> Option<archive::Kind> {
        self.archive
    }

    /// Whether its first block holds a NUL byte.
    pub fn is_binary(&self) -> bool {
        self.binary
    }

    /// Reads `range` (clipped to the file) into `buf`, replacing its contents.
    pub fn read_range(
        &self,
        range: std::ops::Range<u64>,
        buf: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        use std::os::unix::fs::FileExt;
        let end = range.end.min(self.len);
        let len = end.saturating_sub(range.start) as usize;
        buf.clear();
        buf.resize(len, 0);
        self.file.read_exact_at(buf, range.start)
    }
}

/// What [`open_file`] found: bytes to scan now, or a large file to scan in ranges.
#[derive(Debug)]
pub enum Contents<'buf> {
    Whole(Blob<'buf>),
    Large(LargeFile),
}

/// Opens a regular file under `policy`, once. Anything but a readable regular file of an
/// allowed size and kind comes back as the reason it was skipped.
pub fn open_file<'buf>(
    path: &Path,
    policy: &ReadPolicy,
    buf: &'buf mut Vec<u8>,
) -> Result<Contents<'buf>, SkipReason> {
    let unreadable = |e: std::io::Error| SkipReason::Unreadable(e.to_string());
    let mut file = File::open(path).map_err(unreadable)?;
    // Checked on the open handle: the walker's view may be stale.
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(SkipReason::SpecialFile);
    }
    let size = meta.len();
    if size > policy.max_size {
        return Err(SkipReason::TooLarge {
            size,
            limit: policy.max_size,
        });
    }
    if size >= LARGE_THRESHOLD {
        let mut large = LargeFile {
            file,
            len: size,
            binary: false,
            archive: None,
        };
        // One read of the first block answers both questions.
        large
            .read_range(0..BINARY_SNIFF as u64, buf)
            .map_err(unreadable)?;
        large.binary = is_binary(buf);
        large.archive = archive::sniff(buf);
        if large.binary
            && policy.binary == Binary::Skip
            && !(policy.archives && large.archive.is_some())
        {
            return Err(SkipReason::Binary);
        }
        return Ok(Contents::Large(large));
    }
    let blob = if policy.mmap && size >= MMAP_THRESHOLD {
        #[allow(unsafe_code)]
        // SAFETY: read-only mapping of a regular file; see the module docs for truncation.
        let map = unsafe { Mmap::map(&file) }.map_err(unreadable)?;
        Blob::Mapped(map)
    } else {
        buf.clear();
        // A file that grows while read is cut at the size limit.
        (&mut file)
            .take(policy.max_size)
            .read_to_end(buf)
            .map_err(unreadable)?;
        Blob::Buffered(buf.as_slice())
    };
    if policy.skips_binary(blob.bytes()) {
        return Err(SkipReason::Binary);
    }
    Ok(Contents::Whole(blob))
}

/// Reads all of standard input, up to `policy.max_size` bytes.
pub fn read_stdin<'buf>(
    policy: &ReadPolicy,
    buf: &'buf mut Vec<u8>,
) -> Result<Blob<'buf>, SkipReason> {
    buf.clear();
    let stdin = std::io::stdin();
    let n = stdin
        .lock()
        .take(policy.max_size + 1)
        .read_to_end(buf)
        .map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    if n as u64 > policy.max_size {
        return Err(SkipReason::TooLarge {
            size: n as u64,
            limit: policy.max_size,
        });
    }
    if policy.skips_binary(buf) {
        return Err(SkipReason::Binary);
    }
    Ok(Blob::Buffered(buf.as_slice()))
}

pub fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)]).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_file<'b>(
        path: &Path,
        policy: &ReadPolicy,
        buf: &'b mut Vec<u8>,
    ) -> Result<Blob<'b>, SkipReason> {
        match open_file(path, policy, buf)? {
            Contents::Whole(blob) => Ok(blob),
            Contents::Large(_) => panic!("test files are small"),
        }
    }

    fn policy() -> ReadPolicy {
        ReadPolicy {
            max_size: 1 << 20,
            mmap: true,
            binary: Binary::Skip,
            archives: false,
        }
    }

    #[test]
    fn reads_text_and_skips_binary_and_oversize() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("a.txt");
        std::fs::write(&text, b"hello").unwrap();
        let bin = dir.path().join("b.bin");
        std::fs::write(&bin, b"he\0llo").unwrap();
        let mut buf = Vec::new();
        assert_eq!(
            read_file(&text, &policy(), &mut buf).unwrap().bytes(),
            b"hello"
        );
        assert_eq!(
            read_file(&bin, &policy(), &mut buf).unwrap_err(),
            SkipReason::Binary
        );
        let small = ReadPolicy {
            max_size: 3,
            ..policy()
        };
        assert!(matches!(
            read_file(&text, &small, &mut buf),
            Err(SkipReason::TooLarge { size: 5, limit: 3 })
        ));
        assert!(matches!(
            read_file(&dir.path().join("missing"), &policy(), &mut buf),
            Err(SkipReason::Unreadable(_))
        ));
    }

    #[test]
    fn large_files_are_mapped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        std::fs::write(&path, vec![b'a'; MMAP_THRESHOLD as usize]).unwrap();
        let mut buf = Vec::new();
        let policy = ReadPolicy {
            max_size: u64::MAX,
            ..policy()
        };
        let blob = read_file(&path, &policy, &mut buf).unwrap();
        assert!(matches!(blob, Blob::Mapped(_)));
        assert_eq!(blob.bytes().len(), MMAP_THRESHOLD as usize);
    }
}
