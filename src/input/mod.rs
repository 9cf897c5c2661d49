//! What to scan: directory trees (parallel, ignore-aware) and standard input.
//!
//! Inputs name items and report what they could not reach; they never read contents or run
//! rules. Reading is [`crate::blob`]'s job, matching the matcher's.

pub mod git;
mod walk;

pub use walk::{Entry, WalkOptions, walk};

use std::path::PathBuf;

/// One thing the user asked to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Path(PathBuf),
    Stdin,
}

impl Target {
    /// `-` means standard input, as in most Unix tools.
    pub fn parse(arg: &str) -> Self {
        if arg == "-" {
            Target::Stdin
        } else {
            Target::Path(PathBuf::from(arg))
        }
    }
}

/// `--exclude` globs (gitignore syntax, relative to `root`) as a matcher; walks and history
/// scans share it, so a glob means the same in both.
pub fn excludes(
    root: &std::path::Path,
    globs: &[String],
) -> Result<ignore::overrides::Override, crate::Error> {
    let mut builder = ignore::overrides::OverrideBuilder::new(root);
    for glob in globs {
        builder
            .add(&format!("!{glob}"))
            .map_err(|e| crate::Error::Usage(format!("--exclude {glob:?}: {e}")))?;
    }
    builder
        .build()
        .map_err(|e| crate::Error::Usage(format!("--exclude: {e}")))
}

/// How a path is shown in reports: as the user's root spelled it, with `/` separators and no
/// leading `./`.
pub fn display_path(path: &std::path::Path) -> String {
    let s = path.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.to_string()
    }
}
