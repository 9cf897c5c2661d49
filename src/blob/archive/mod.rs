//! Archives expanded into members, bounded on hostile input.
//!
//! A secret committed inside `release.zip!dist/app.tar.gz!app/creds.env` is still a leak, so
//! containers (zip and its kin, tar, gzip, bzip2, xz, zstd, nested in any order) are opened and
//! their members handed to a [`Visitor`], named by their path through the layers.
//!
//! Archives are the classic denial-of-service input, so every expansion is bounded:
//! - a budget of expanded bytes per top-level archive ([`Limits::max_expanded`]), counted at
//!   the output of every decoder of every layer, so a 42.zip-style nested bomb runs out of
//!   budget instead of memory or time;
//! - a ratio alarm per member and per stream ([`Limits::max_ratio`]), which stops a single
//!   gzip or zip bomb after about a megabyte instead of a gigabyte;
//! - a nesting depth ([`Limits::max_depth`]);
//! - memory: members are held whole only up to [`Limits::max_in_memory`] and streamed in
//!   windows beyond; stream formats nest over `Read` without being held; only a nested zip
//!   (which needs random access) is read into memory, and only up to the same bound.
//!
//! Declared sizes in headers are never trusted: every read goes through a guard that counts
//! what actually comes out. Nothing is written to disk and links are never followed, so
//! member names matter only for display; they are sanitised anyway (see [`sanitize`]).
//!
//! Every cut-off, corrupt, encrypted or unsupported member is reported through
//! [`Visitor::skipped`] and expansion goes on with the next member where the format allows.

mod io;
mod name;
#[cfg(test)]
mod tests;

use std::cell::{Cell, RefCell};
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::ops::Range;

use zip::{CompressionMethod, ZipArchive};

use self::io::{Compressed, Guard, Headers, Input, Opening, Shared, ZstdFrames};
use crate::error::SkipReason;

pub use self::name::sanitize;

/// Context bytes given on each side of a window's owned range, so a secret that starts near
/// the end of one window is matched whole. Secrets are far shorter.
pub const OVERLAP: usize = 256 * 1024;
/// Bytes owned by one window of a member too large to hold whole.
pub const WINDOW: usize = 8 * 1024 * 1024;
/// Bytes of a member sniffed to recognise a container: one tar header block.
const HEAD: usize = 512;
/// xz decoder memory: enough for `xz -9` (64 MiB dictionary), refusing absurd declared
/// dictionaries before they are allocated.
const XZ_MEM_LIMIT_KIB: u32 = 96 * 1024;
/// Nesting is recursion: 32 layers take under 512 KiB of stack even in a debug build, leaving
/// most of a 2 MiB worker stack to the visitor, whatever depth was asked for.
const DEPTH_CAP: u32 = 32;

/// A container format, recognised by its magic bytes (never by file name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Zip,
    Tar,
    Gzip,
    Bzip2,
    Xz,
    Zstd,
}

/// The container `head` (the first bytes of an item; at least 512 bytes when available)
/// starts with. Cheap: it runs on every file scanned.
pub fn sniff(head: &[u8]) -> Option<Kind> {
    match head {
        [b'P', b'K', 3, 4, ..] | [b'P', b'K', 5, 6, ..] => Some(Kind::Zip),
        // The method byte (8, deflate) is the only one gzip defines; checking it halves the
        // chance that a binary file is mistaken for gzip.
        [0x1f, 0x8b, 8, ..] => Some(Kind::Gzip),
        [b'B', b'Z', b'h', b'1'..=b'9', ..] => Some(Kind::Bzip2),
        [0xfd, b'7', b'z', b'X', b'Z', 0, ..] => Some(Kind::Xz),
        [0x28, 0xb5, 0x2f, 0xfd, ..] => Some(Kind::Zstd),
        _ if is_tar_header(head) => Some(Kind::Tar),
        _ => None,
    }
}

/// A POSIX ("ustar\0") or old GNU ("ustar  \0") header whose checksum adds up. Pre-POSIX tars
/// carry no magic and are not recognised: too easily mistaken for other data.
fn is_tar_header(head: &[u8]) -> bool {
    let Some(block) = head.get(..512) else {
        return false;
    };
    if &block[257..263] != b"ustar\0" && &block[257..263] != b"ustar " {
        return false;
    }
    let field = &block[148..156];
    let digits = field
        .iter()
        .skip_while(|&&b| b == b' ')
        .take_while(|b| (b'0'..=b'7').contains(b));
    let mut stored = 0u32;
    for &d in digits {
        stored = stored * 8 + u32::from(d - b'0');
    }
    // The checksum field itself counts as eight spaces. Some old tars summed signed bytes.
    let blank = u32::from(b' ') * 8;
    let field_sum: u32 = field.iter().map(|&b| u32::from(b)).sum();
    let unsigned = block.iter().map(|&b| u32::from(b)).sum::<u32>() - field_sum + blank;
    let signed = block.iter().map(|&b| i32::from(b as i8)).sum::<i32>()
        - field.iter().map(|&b| i32::from(b as i8)).sum::<i32>()
        + blank as i32;
    stored == unsigned || i64::from(stored) == i64::from(signed)
}

/// How far expansion may go.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Containers opened inside one another, the top-level one counting as 1 (default 5). A
    /// container found deeper is not opened: it is recorded as skipped and handed to the
    /// visitor as an ordinary member. The top-level archive is always opened; values above 32
    /// count as 32 (nesting is recursion).
    pub max_depth: u32,
    /// Bytes expanded from one top-level archive, over all its members and layers (default
    /// 1 GiB): everything every decoder puts out (and tar sparse holes), so a tar.gz counts
    /// its tar stream, not again its members. Bytes stored as they are in the top-level file
    /// are not expanded and do not count.
    pub max_expanded: u64,
    /// Expanded : compressed ratio that flags a bomb (default 250), checked per member/stream
    /// once it has expanded past a 1 MiB slack.
    pub max_ratio: u64,
    /// Members up to this many bytes are read whole and handed over in memory (default
    /// 32 MiB); larger ones are streamed in windows.
    pub max_in_memory: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 5,
            max_expanded: 1 << 30,
            max_ratio: 250,
            max_in_memory: 32 << 20,
        }
    }
}

/// What is being expanded.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// The whole archive in memory (a small file, a git blob, a member).
    Bytes(&'a [u8]),
    /// A large file on disk, read with Read + Seek from its start (never memory-mapped whole:
    /// resident memory must stay bounded).
    File(&'a std::fs::File),
}

/// Receives the members of an archive. `path` is the member's path inside the top-level
/// archive, nested layers joined with '!' — e.g. "dist/app.tar.gz!app/creds.env" (the caller
/// prefixes the top-level file name itself; "" is the top-level archive itself).
pub trait Visitor {
    /// A whole member (anything that is not a container this module opened), in memory.
    fn member(&mut self, path: &str, bytes: &[u8]);
    /// One window of a member too large to hold whole. Secrets starting in `owned` belong to
    /// this window; `buf` also holds up to [`OVERLAP`] bytes on each side of `owned` for
    /// context (none before the first window, none after the last). `offset` is the member
    /// offset of `buf[0]`; `line` is the 1-based line number at `buf[0]`.
    fn window(&mut self, path: &str, buf: &[u8], owned: Range<usize>, offset: u64, line: u64);
    /// Something could not be expanded, or was cut off; the expansion goes on with the next
    /// member.
    fn skipped(&mut self, path: &str, reason: SkipReason);
    /// Checked between members and windows: stop early when true (scan interrupted).
    fn cancelled(&self) -> bool {
        false
    }
}

/// What one expansion did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expanded {
    /// Members handed to the visitor (a windowed member counts once).
    pub members: u64,
    /// Bytes expanded, as counted against [`Limits::max_expanded`].
    pub bytes: u64,
}

/// Expands the archive `source` of kind `kind`, named `name` (its file name, used only to name
/// a compressed stream's payload), handing every member to `visitor`.
pub fn expand(
    source: Source<'_>,
    kind: Kind,
    name: &str,
    limits: &Limits,
    visitor: &mut dyn Visitor,
) -> Expanded {
    expand_in(source, kind, name, limits, visitor, TUNING)
}

/// Internal sizes, apart so that tests can make them small.
#[derive(Debug, Clone, Copy)]
struct Tuning {
    window: usize,
    overlap: usize,
    /// See [`io::DIRECTORY_MAX`].
    directory_max: u64,
}

const TUNING: Tuning = Tuning {
    window: WINDOW,
    overlap: OVERLAP,
    directory_max: io::DIRECTORY_MAX,
};

fn expand_in(
    source: Source<'_>,
    kind: Kind,
    name: &str,
    limits: &Limits,
    visitor: &mut dyn Visitor,
    tuning: Tuning,
) -> Expanded {
    let shared = Shared::new(limits.max_expanded);
    let mut x = Expander {
        limits: Limits {
            max_depth: limits.max_depth.min(DEPTH_CAP),
            ..*limits
        },
        tuning: Tuning {
            window: tuning.window.max(1),
            ..tuning
        },
        shared: &shared,
        visitor,
        members: 0,
        unread: 0,
        budget_reported: false,
        scratch: Vec::new(),
    };
    let name = sanitize(name);
    let name = self::name::base(&name);
    match source {
        Source::Bytes(bytes) => x.top_bytes(bytes, kind, name),
        Source::File(file) => x.top_file(file, kind, name),
    }
    if shared.exhausted.get() && x.unread > 0 {
        let reason = SkipReason::ArchiveBudget {
            limit: shared.limit,
            unread: x.unread,
        };
        x.visitor.skipped("", reason);
    }
    Expanded {
        members: x.members,
        bytes: shared.used.get(),
    }
}

/// One expansion in progress.
struct Expander<'a> {
    limits: Limits,
    tuning: Tuning,
    shared: &'a Shared,
    visitor: &'a mut dyn Visitor,
    members: u64,
    /// Zip members known to be left unread when the budget ran out.
    unread: u64,
    budget_reported: bool,
    /// The buffer members are read into, reused from member to member.
    scratch: Vec<u8>,
}

impl Expander<'_> {
    fn top_bytes(&mut self, bytes: &[u8], kind: Kind, name: &str) {
        if kind == Kind::Zip {
            if let Err(why) = self.zip(Cursor::new(bytes), "", 1) {
                self.unopened("", why, bytes, &mut std::io::empty());
            }
            return;
        }
        let (head, mut rest) = bytes.split_at(bytes.len().min(HEAD));
        self.open(kind, "", name, head, &mut rest, 1);
    }

    fn top_file(&mut self, file: &std::fs::File, kind: Kind, name: &str) {
        let mut reader = BufReader::new(file);
        if let Err(e) = reader.seek(SeekFrom::Start(0)) {
            self.fail("", &e);
            return;
        }
        if kind == Kind::Zip {
            if let Err(why) = self.zip(&mut reader, "", 1) {
                match reader.seek(SeekFrom::Start(0)) {
                    Ok(_) => self.unopened("", why, &[], &mut reader),
                    Err(e) => self.fail("", &e),
                }
            }
            return;
        }
        let mut head = [0u8; HEAD];
        let (n, err) = read_head(&mut reader, &mut head);
        match err {
            Some(e) => self.read_failed("", &head[..n], &e),
            None => {
                self.open(kind, "", name, &head[..n], &mut reader, 1);
            }
        }
    }

    /// A container that could not be opened at all: reported, and handed over as it is so
    /// that nothing in it goes unscanned.
    fn unopened(&mut self, path: &str, why: SkipReason, head: &[u8], rest: &mut dyn Read) {
        self.skip(path, why);
        self.deliver(path, head, rest);
    }

    fn stopped(&self) -> bool {
        self.shared.exhausted.get() || self.visitor.cancelled()
    }

    fn skip(&mut self, path: &str, reason: SkipReason) {
        self.visitor.skipped(path, reason);
    }

    /// Reading `path` failed with `err`: a budget cut (reported once, where it happened), a
    /// ratio cut (reported by the guard's owner), or corruption.
    fn fail(&mut self, path: &str, err: &dyn std::fmt::Display) {
        if self.shared.exhausted.get() {
            if !self.budget_reported {
                self.budget_reported = true;
                let reason = SkipReason::ArchiveBudget {
                    limit: self.shared.limit,
                    unread: 0,
                };
                self.skip(path, reason);
            }
        } else if !self.shared.tripped.get() {
            self.skip(path, SkipReason::ArchiveCorrupt(err.to_string()));
        }
    }

    /// Reading the first bytes of `path` failed: what was read is still handed over.
    fn read_failed(&mut self, path: &str, head: &[u8], err: &std::io::Error) {
        if !head.is_empty() {
            self.visitor.member(path, head);
            self.members += 1;
        }
        self.fail(path, err);
    }

    /// One member whose content `r` is to be read: opened if it is a container, else handed
    /// over. `container` names what is inside it, `leaf` the member itself (they differ only
    /// for a compressed stream's payload). Returns false if reading it failed.
    fn member(
        &mut self,
        container: &str,
        leaf: &str,
        name: &str,
        r: &mut dyn Read,
        depth: u32,
    ) -> bool {
        let mut head = [0u8; HEAD];
        let (n, err) = read_head(r, &mut head);
        if let Some(e) = err {
            self.read_failed(leaf, &head[..n], &e);
            return false;
        }
        self.dispatch(container, leaf, name, &head[..n], r, depth)
    }

    /// A member inside a container of depth `depth`, its `head` already read.
    fn dispatch(
        &mut self,
        container: &str,
        leaf: &str,
        name: &str,
        head: &[u8],
        rest: &mut dyn Read,
        depth: u32,
    ) -> bool {
        match sniff(head) {
            Some(kind) if depth < self.limits.max_depth => {
                self.open(kind, container, name, head, rest, depth + 1)
            }
            Some(_) => {
                let limit = self.limits.max_depth;
                self.skip(leaf, SkipReason::ArchiveTooDeep { limit });
                self.deliver(leaf, head, rest)
            }
            None => self.deliver(leaf, head, rest),
        }
    }

    /// Opens the container `path` of kind `kind` at depth `depth`.
    fn open(
        &mut self,
        kind: Kind,
        path: &str,
        name: &str,
        head: &[u8],
        rest: &mut dyn Read,
        depth: u32,
    ) -> bool {
        match kind {
            Kind::Zip => self.nested_zip(path, head, rest, depth),
            Kind::Tar => self.tar(&mut head.chain(rest), path, depth),
            Kind::Gzip | Kind::Bzip2 | Kind::Xz | Kind::Zstd => {
                self.stream(kind, &mut head.chain(rest), path, name, depth)
            }
        }
    }

    /// A zip inside another container: read into memory (zip needs random access), if it fits.
    fn nested_zip(&mut self, path: &str, head: &[u8], rest: &mut dyn Read, depth: u32) -> bool {
        let cap = self.limits.max_in_memory.saturating_add(1);
        let mut buf = Vec::with_capacity(head.len());
        buf.extend_from_slice(head);
        let (eof, err) = io::fill(&mut buf, rest, cap);
        if let Some(e) = err {
            // A partial zip cannot be opened; its bytes are still scanned as they are.
            self.visitor.member(path, &buf);
            self.members += 1;
            self.fail(path, &e);
            return false;
        }
        if !eof {
            let why = format!(
                "nested zip larger than {} bytes (zip needs random access, so it is read into memory only up to that size); scanned as it is",
                self.limits.max_in_memory
            );
            self.skip(path, SkipReason::ArchiveUnsupported(why));
            return self.deliver_buf(path, &mut buf, rest);
        }
        if let Err(why) = self.zip(Cursor::new(&buf[..]), path, depth) {
            self.unopened(path, why, &buf, &mut std::io::empty());
        }
        true
    }

    /// The members of the zip `archive`, opened as container `path` at depth `depth`. Only a
    /// zip that cannot be opened at all is an error; a bad member is reported and skipped.
    fn zip<R: Read + Seek>(
        &mut self,
        mut archive: R,
        path: &str,
        depth: u32,
    ) -> Result<(), SkipReason> {
        let max = self.tuning.directory_max;
        let room = max.saturating_sub(self.shared.directories.get());
        let too_large = || {
            let why = format!(
                "zip central directory larger than {max} bytes (too many members to index); scanned as it is"
            );
            SkipReason::ArchiveUnsupported(why)
        };
        match io::declared_directory(&mut archive) {
            Ok(declared) if declared > room => return Err(too_large()),
            Ok(_) => {}
            Err(e) => return Err(SkipReason::ArchiveCorrupt(e.to_string())),
        }
        let allowance = Cell::new(room);
        let input = Opening {
            inner: archive,
            allowance: &allowance,
        };
        // Sniffing found a local header at offset 0, so offsets are as declared; detecting a
        // prefix would scan the archive for signatures.
        let config = zip::read::Config {
            archive_offset: zip::read::ArchiveOffset::Known(0),
        };
        let mut zip = match ZipArchive::with_config(config, input) {
            Ok(zip) => zip,
            Err(_) if allowance.get() == 0 => return Err(too_large()),
            Err(e) => return Err(SkipReason::ArchiveCorrupt(e.to_string())),
        };
        let indexed = room - allowance.get();
        allowance.set(u64::MAX);
        let directories = &self.shared.directories;
        directories.set(directories.get() + indexed);
        self.zip_members(&mut zip, path, depth);
        let directories = &self.shared.directories;
        directories.set(directories.get() - indexed);
        Ok(())
    }

    fn zip_members<R: Read + Seek>(&mut self, zip: &mut ZipArchive<R>, path: &str, depth: u32) {
        let count = zip.len();
        for i in 0..count {
            if self.stopped() {
                if self.shared.exhausted.get() {
                    self.unread += (count - i) as u64;
                }
                break;
            }
            let entry = match zip.by_index_data(i) {
                Ok(entry) => entry,
                Err(e) => {
                    self.skip(path, SkipReason::ArchiveCorrupt(format!("member {i}: {e}")));
                    continue;
                }
            };
            let raw = match entry.name() {
                Ok(name) => name.into_owned(),
                Err(_) => String::from_utf8_lossy(entry.name_raw()).into_owned(),
            };
            let name = sanitize(&raw);
            let member = name::join(path, &name);
            // Links have no content of their own and are never followed.
            if entry.is_dir() || entry.is_symlink() {
                continue;
            }
            if entry.encrypted() {
                self.skip(&member, SkipReason::ArchiveEncrypted);
                continue;
            }
            let method = entry.compression();
            let compressed = entry.compressed_size();
            // zip's own zstd support binds C libzstd; ruzstd decodes the raw member instead.
            let zstd = method == CompressionMethod::ZSTD;
            if !zstd && !zip::SUPPORTED_COMPRESSION_METHODS.contains(&method) {
                let why = format!("compression method {method} is not supported");
                self.skip(&member, SkipReason::ArchiveUnsupported(why));
                continue;
            }
            let file = if zstd {
                zip.by_index_raw(i)
            } else {
                zip.by_index(i)
            };
            let mut file = match file {
                Ok(file) => file,
                Err(e) => {
                    self.skip(&member, SkipReason::ArchiveCorrupt(e.to_string()));
                    continue;
                }
            };
            let decoded: Box<dyn Read + '_> = if zstd {
                Box::new(ZstdFrames::new(BufReader::new(&mut file)))
            } else {
                Box::new(&mut file)
            };
            let limit = self.limits.max_ratio;
            let mut guard = Guard::new(decoded, self.shared, Compressed::Fixed(compressed), limit);
            self.member(&member, &member, name::base(&name), &mut guard, depth);
            if guard.tripped {
                self.shared.tripped.set(false);
                self.skip(&member, SkipReason::CompressionRatio { limit });
            }
        }
    }

    /// The members of the tar stream `r`, opened as container `path` at depth `depth`.
    fn tar(&mut self, r: &mut dyn Read, path: &str, depth: u32) -> bool {
        let allowance = Cell::new(io::TAR_HEADERS_MAX);
        let mut archive = tar::Archive::new(Headers {
            inner: r,
            allowance: &allowance,
        });
        let mut entries = match archive.entries() {
            Ok(entries) => entries,
            Err(e) => {
                self.fail(path, &e);
                return false;
            }
        };
        loop {
            if self.stopped() {
                return true;
            }
            allowance.set(io::TAR_HEADERS_MAX);
            let next = entries.next();
            allowance.set(u64::MAX);
            let mut entry = match next {
                None => return true,
                Some(Ok(entry)) => entry,
                Some(Err(e)) => {
                    self.fail(path, &e);
                    return false;
                }
            };
            let kind = entry.header().entry_type();
            // Directories, links, devices and FIFOs have no content of their own.
            let mut read_whole = true;
            if kind.is_file() || kind.is_contiguous() || kind.is_gnu_sparse() {
                let name = sanitize(&String::from_utf8_lossy(&entry.path_bytes()));
                let member = name::join(path, &name);
                let base = name::base(&name);
                read_whole = if kind.is_gnu_sparse() {
                    // Holes expand to zeros out of nothing: they count against the budget.
                    let shared = self.shared;
                    let mut guard = Guard::new(&mut entry, shared, Compressed::None, 0);
                    self.member(&member, &member, base, &mut guard, depth)
                } else {
                    self.member(&member, &member, base, &mut entry, depth)
                };
            }
            // What is left of the entry is skipped here, outside the header allowance.
            if let Err(e) = std::io::copy(&mut entry, &mut std::io::sink()) {
                if read_whole {
                    self.fail(path, &e);
                }
                return false;
            }
        }
    }

    /// The payload of the compressed stream `r` of kind `kind`, the container `path` named
    /// `name`, at depth `depth`.
    fn stream(&mut self, kind: Kind, r: &mut dyn Read, path: &str, name: &str, depth: u32) -> bool {
        let consumed = Cell::new(0);
        let replay = RefCell::new(Some(Vec::new()));
        let outcome = {
            let input = Input {
                inner: &mut *r,
                consumed: &consumed,
                replay: &replay,
            };
            let mut payload_name = None;
            let decoder: Box<dyn Read + '_> = match kind {
                Kind::Gzip => {
                    let gz = flate2::read::MultiGzDecoder::new(input);
                    payload_name = gz
                        .header()
                        .and_then(|h| h.filename())
                        .map(|f| sanitize(&String::from_utf8_lossy(f)));
                    Box::new(gz)
                }
                Kind::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(input)),
                Kind::Xz => Box::new(lzma_rust2::XzReader::new_mem_limit(
                    input,
                    true,
                    XZ_MEM_LIMIT_KIB,
                )),
                Kind::Zstd => Box::new(ZstdFrames::new(BufReader::new(input))),
                Kind::Zip | Kind::Tar => unreachable!("not a compressed stream"),
            };
            let leaf = name::join(path, &payload_name.unwrap_or_else(|| name::payload(name)));
            let limit = self.limits.max_ratio;
            let counted = Compressed::Counted(&consumed);
            let mut guard = Guard::new(decoder, self.shared, counted, limit);
            let mut head = [0u8; HEAD];
            let (n, err) = read_head(&mut guard, &mut head);
            match err {
                Some(e) if n == 0 && !guard.tripped && !self.shared.exhausted.get() => Err(e),
                Some(e) => {
                    self.read_failed(&leaf, &head[..n], &e);
                    Ok(false)
                }
                None => {
                    *replay.borrow_mut() = None;
                    let head = &head[..n];
                    let opens = sniff(head).is_some() && depth < self.limits.max_depth;
                    let ok = self.dispatch(path, &leaf, name::base(&leaf), head, &mut guard, depth);
                    if guard.tripped {
                        self.shared.tripped.set(false);
                        let at = if opens { path } else { &leaf };
                        self.skip(at, SkipReason::CompressionRatio { limit });
                    }
                    Ok(ok)
                }
            }
        };
        match outcome {
            Ok(ok) => ok,
            Err(e) => match replay.into_inner() {
                // Not a stream of this kind after all: handed over as it is.
                Some(raw) => {
                    self.unopened(path, SkipReason::ArchiveCorrupt(e.to_string()), &raw, r);
                    true
                }
                None => {
                    self.fail(path, &e);
                    false
                }
            },
        }
    }

    /// Hands the member `path` (`head`, then the rest of `rest`) to the visitor: whole if it
    /// fits in memory, else in windows. Returns false if reading it failed.
    fn deliver(&mut self, path: &str, head: &[u8], rest: &mut dyn Read) -> bool {
        let mut buf = std::mem::take(&mut self.scratch);
        buf.clear();
        buf.extend_from_slice(head);
        let ok = self.deliver_buf(path, &mut buf, rest);
        self.scratch = buf;
        ok
    }

    /// [`Self::deliver`] with the first bytes already in `buf`.
    fn deliver_buf(&mut self, path: &str, buf: &mut Vec<u8>, rest: &mut dyn Read) -> bool {
        let limit = self.limits.max_in_memory;
        let (eof, err) = io::fill(buf, rest, limit.saturating_add(1));
        if buf.len() > limit {
            return self.windows(path, buf, rest, eof, err);
        }
        if !buf.is_empty() || err.is_none() {
            self.visitor.member(path, buf);
            self.members += 1;
        }
        match err {
            Some(e) => {
                self.fail(path, &e);
                false
            }
            None => true,
        }
    }

    /// Hands over a member too large to hold whole as windows of `self.window` owned bytes,
    /// reusing `buf` (which holds its first bytes). Whatever `buf` holds beyond one window is
    /// used first, then it is refilled a window at a time.
    fn windows(
        &mut self,
        path: &str,
        buf: &mut Vec<u8>,
        rest: &mut dyn Read,
        mut eof: bool,
        mut err: Option<std::io::Error>,
    ) -> bool {
        self.members += 1;
        let Tuning {
            window, overlap, ..
        } = self.tuning;
        let (mut offset, mut line, mut start) = (0u64, 1u64, 0usize);
        loop {
            let want = start + window + overlap;
            if !eof && err.is_none() && buf.len() < want {
                (eof, err) = io::fill(buf, rest, want);
            }
            let end = (start + window).min(buf.len());
            let last = (eof || err.is_some()) && end == buf.len();
            if end > start {
                let context = (end + overlap).min(buf.len());
                self.visitor
                    .window(path, &buf[..context], start..end, offset, line);
            }
            if last || self.visitor.cancelled() {
                break;
            }
            // The tail of this window's owned bytes is the next one's leading context.
            let keep = end.saturating_sub(overlap);
            line += memchr::memchr_iter(b'\n', &buf[..keep]).count() as u64;
            offset += keep as u64;
            buf.drain(..keep);
            start = end - keep;
        }
        match err {
            Some(e) => {
                self.fail(path, &e);
                false
            }
            None => true,
        }
    }
}

/// Reads up to `head.len()` bytes: how many were read, and the error that stopped it.
fn read_head(r: &mut dyn Read, head: &mut [u8]) -> (usize, Option<std::io::Error>) {
    let mut n = 0;
    while n < head.len() {
        match r.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return (n, Some(e)),
        }
    }
    (n, None)
}
