//! Typed errors of the library, and the record of every input a scan could not (or chose not to) read.
//!
//! Nothing a scan skips goes unnoticed: each skip becomes a [`Skipped`] record that reaches the
//! summary of every report format. Records whose reason [`SkipReason::is_failure`] make the scan
//! incomplete, which the binary maps to its own exit code.

use std::fmt;
use std::path::PathBuf;

/// An error that stops an operation before it starts: bad flags, unusable output path, unreadable config.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
    #[error("{}{}: {message}", file.display(), position.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
    Config {
        file: PathBuf,
        /// 1-based line and column in the file, when the problem has one.
        position: Option<(usize, usize)>,
        message: String,
    },
    #[error(transparent)]
    Rules(#[from] crate::rules::RuleLoadErrors),
}

impl Error {
    /// A problem in a config file, at the byte offset `at` of its `text` when known.
    pub fn config(
        file: impl Into<PathBuf>,
        text: &str,
        at: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Error::Config {
            file: file.into(),
            position: at.map(|at| line_column(text, at)),
            message: message.into(),
        }
    }

    /// A TOML file that does not parse or does not fit its schema.
    pub fn toml(file: impl Into<PathBuf>, text: &str, e: &toml::de::Error) -> Self {
        Error::config(
            file,
            text,
            e.span().map(|s| s.start),
            e.message().trim_end(),
        )
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// 1-based line and column (in characters) of byte offset `at`.
pub fn line_column(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Why an input was not scanned, or not scanned completely.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipReason {
    /// Contains NUL bytes in its first block; skipped by policy (`--skip-binary`).
    Binary,
    /// Larger than `--max-file-size`; skipped by policy.
    TooLarge { size: u64, limit: u64 },
    /// A symbolic link: never followed, so a scan cannot escape its root.
    Symlink,
    /// A FIFO, socket or device node: never opened, so a scan cannot block.
    SpecialFile,
    /// A git submodule (gitlink): its content lives in another repository.
    Submodule,
    /// Opening, reading or listing failed.
    Unreadable(String),
    /// A rule file or rule that could not be loaded; its rules did not run.
    BadRule(String),
    /// The scan was interrupted before this input was finished.
    Interrupted,
    /// A commit of a shallow clone whose parents were not fetched: older history is missing.
    ShallowHistory,
    /// A Git LFS pointer: the content lives on an LFS server, not in the repository.
    LfsPointer,
    /// Git objects no ref reaches (left by rebases, amends, deleted branches before `git gc`):
    /// scanned, but reported only with `--all-objects`.
    Unreachable,
    /// An archive nested deeper than `--archive-max-depth`: not opened, scanned as a plain member.
    ArchiveTooDeep { limit: u32 },
    /// The `--archive-max-bytes` budget of one top-level archive ran out: with `unread == 0` the
    /// member being read was cut off; otherwise `unread` more members were not read at all.
    ArchiveBudget { limit: u64, unread: u64 },
    /// Expanded more than `limit` times its compressed size, as a compression bomb does: cut off
    /// there (`--archive-max-ratio`).
    CompressionRatio { limit: u64 },
    /// An archive, or one of its members, that does not decode.
    ArchiveCorrupt(String),
    /// An encrypted archive member: not decrypted, so not scanned.
    ArchiveEncrypted,
    /// An archive member in a form not opened (a compression method without a pure-Rust decoder,
    /// a nested zip too large to hold in memory).
    ArchiveUnsupported(String),
}

impl SkipReason {
    /// A failure makes the scan incomplete; a policy skip is only reported.
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            SkipReason::Unreadable(_)
                | SkipReason::BadRule(_)
                | SkipReason::Interrupted
                | SkipReason::ShallowHistory
        )
    }

    /// Short stable name, used as a key in JSON summaries.
    pub fn kind(&self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::TooLarge { .. } => "too-large",
            SkipReason::Symlink => "symlink",
            SkipReason::SpecialFile => "special-file",
            SkipReason::Submodule => "submodule",
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::BadRule(_) => "bad-rule",
            SkipReason::Interrupted => "interrupted",
            SkipReason::ShallowHistory => "shallow-history",
            SkipReason::LfsPointer => "lfs-pointer",
            SkipReason::Unreachable => "unreachable",
            SkipReason::ArchiveTooDeep { .. } => "archive-too-deep",
            SkipReason::ArchiveBudget { .. } => "archive-budget",
            SkipReason::CompressionRatio { .. } => "compression-ratio",
            SkipReason::ArchiveCorrupt(_) => "archive-corrupt",
            SkipReason::ArchiveEncrypted => "archive-encrypted",
            SkipReason::ArchiveUnsupported(_) => "archive-unsupported",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Binary => f.write_str("binary file (skipped by --skip-binary)"),
            SkipReason::TooLarge { size, limit } => {
                write!(f, "{size} bytes exceeds --max-file-size of {limit} bytes")
            }
            SkipReason::Symlink => f.write_str("symbolic link (not followed)"),
            SkipReason::SpecialFile => f.write_str("not a regular file (FIFO, socket or device)"),
            SkipReason::Submodule => f.write_str("git submodule (scan its repository separately)"),
            SkipReason::Unreadable(why) => write!(f, "unreadable: {why}"),
            SkipReason::BadRule(why) => write!(f, "rule not loaded: {why}"),
            SkipReason::Interrupted => f.write_str("scan interrupted"),
            SkipReason::ShallowHistory => f.write_str(
                "shallow clone: the history before this commit was not fetched (fetch it all, e.g. fetch-depth: 0)",
            ),
            SkipReason::LfsPointer => {
                f.write_str("Git LFS pointer (the content is on the LFS server, not in git)")
            }
            SkipReason::Unreachable => f.write_str(
                "in objects no ref reaches; --all-objects reports them",
            ),
            SkipReason::ArchiveTooDeep { limit } => write!(
                f,
                "archive nested more than {limit} deep: not opened, scanned as it is (--archive-max-depth raises the limit)"
            ),
            SkipReason::ArchiveBudget { limit, unread: 0 } => write!(
                f,
                "cut off: the archive expanded to the budget of {limit} bytes (--archive-max-bytes raises it)"
            ),
            SkipReason::ArchiveBudget { limit, unread } => write!(
                f,
                "{unread} more archive members not read: the archive expanded to the budget of {limit} bytes (--archive-max-bytes raises it)"
            ),
            SkipReason::CompressionRatio { limit } => write!(
                f,
                "cut off: expands more than {limit} times its compressed size, like a compression bomb (--archive-max-ratio raises the limit)"
            ),
            SkipReason::ArchiveCorrupt(why) => write!(f, "corrupt archive: {why}"),
            SkipReason::ArchiveEncrypted => {
                f.write_str("encrypted archive member (not decrypted, so not scanned)")
            }
            SkipReason::ArchiveUnsupported(why) => write!(f, "archive member not opened: {why}"),
        }
    }
}

/// One input that was skipped, with what it was and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Skipped {
    /// The path (or rule file, or `<stdin>`) as the user would name it.
    pub what: String,
    pub reason: SkipReason,
}

impl Skipped {
    /// `what` could not be read, because of `why`.
    pub fn unreadable(what: impl Into<String>, why: impl fmt::Display) -> Self {
        Skipped {
            what: what.into(),
            reason: SkipReason::Unreadable(why.to_string()),
        }
    }
}
