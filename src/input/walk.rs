//! Parallel directory walk with the `ignore` crate: honours `.gitignore`, `.ignore` and
//! `.leakhoundignore` by default, scans hidden files (`.env` is where secrets live), never
//! follows symbolic links and never descends into `.git` (history is a separate input).

use std::path::{Path, PathBuf};

use ignore::{WalkBuilder, WalkState};

use crate::error::{SkipReason, Skipped};
use crate::input::display_path;

#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Honour `.gitignore`, `.ignore`, `.leakhoundignore`, git excludes.
    pub respect_ignore_files: bool,
    /// Gitignore-style globs, relative to each root, that are not walked.
    pub exclude: Vec<String>,
    pub threads: usize,
}

/// What the walk hands to a visitor.
#[derive(Debug)]
pub enum Entry {
    File { path: PathBuf, display: String },
    Skipped(Skipped),
}

/// Whether the walk should go on.
pub type Continue = bool;

/// Walks every root in parallel, calling a visitor made per thread by `make_visitor`.
/// Errors only when an `--exclude` glob is invalid; unreadable paths become `Entry::Skipped`.
pub fn walk<'s, F>(
    roots: &[PathBuf],
    opts: &WalkOptions,
    mut make_visitor: F,
) -> Result<(), crate::Error>
where
    F: FnMut() -> Box<dyn FnMut(Entry) -> Continue + Send + 's>,
{
    for root in roots {
        let overrides = super::excludes(root, &opts.exclude)?;
        let mut builder = WalkBuilder::new(root);
        builder
            .standard_filters(opts.respect_ignore_files)
            .hidden(false)
            .follow_links(false)
            .overrides(overrides)
            .threads(opts.threads)
            .filter_entry(|e| {
                !(e.file_name() == ".git" && e.file_type().is_some_and(|t| t.is_dir()))
            });
        if opts.respect_ignore_files {
            builder.add_custom_ignore_filename(".leakhoundignore");
        }
        builder.build_parallel().run(|| {
            let mut visit = make_visitor();
            Box::new(move |result| {
                let entry = match result {
                    Ok(e) => e,
                    Err(err) => return state(visit(Entry::Skipped(walk_error(err)))),
                };
                let Some(ft) = entry.file_type() else {
                    return WalkState::Continue; // stdin, never produced for paths
                };
                if ft.is_dir() {
                    return WalkState::Continue;
                }
                let display = display_path(entry.path());
                let item = if ft.is_symlink() {
                    Entry::Skipped(Skipped {
                        what: display,
                        reason: SkipReason::Symlink,
                    })
                } else if ft.is_file() {
                    Entry::File {
                        path: entry.into_path(),
                        display,
                    }
                } else {
                    Entry::Skipped(Skipped {
                        what: display,
                        reason: SkipReason::SpecialFile,
                    })
                };
                state(visit(item))
            })
        });
    }
    Ok(())
}

fn state(go_on: Continue) -> WalkState {
    if go_on {
        WalkState::Continue
    } else {
        WalkState::Quit
    }
}

fn walk_error(err: ignore::Error) -> Skipped {
    let what = error_path(&err).map_or_else(|| "<walk>".to_string(), display_path);
    let message = err.to_string();
    Skipped {
        what,
        reason: SkipReason::Unreadable(message),
    }
}

fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errs) => errs.iter().find_map(error_path),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn collect(root: &Path, opts: &WalkOptions) -> (Vec<String>, Vec<Skipped>) {
        let files = Mutex::new(Vec::new());
        let skipped = Mutex::new(Vec::new());
        walk(&[root.to_path_buf()], opts, || {
            Box::new(|e| {
                match e {
                    Entry::File { path, .. } => files.lock().unwrap().push(
                        path.strip_prefix(root)
                            .unwrap()
                            .to_string_lossy()
                            .into_owned(),
                    ),
                    Entry::Skipped(s) => skipped.lock().unwrap().push(s),
                }
                true
            })
        })
        .unwrap();
        let mut files = files.into_inner().unwrap();
        files.sort();
        (files, skipped.into_inner().unwrap())
    }

    #[test]
    fn honours_ignore_files_excludes_and_skips_git_and_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git/objects")).unwrap();
        std::fs::write(root.join(".git/config"), "x").unwrap();
        std::fs::write(root.join(".env"), "x").unwrap();
        std::fs::write(root.join(".ignore"), "ignored.txt\n").unwrap();
        std::fs::write(root.join("ignored.txt"), "x").unwrap();
        std::fs::create_dir(root.join("vendor")).unwrap();
        std::fs::write(root.join("vendor/lib.js"), "x").unwrap();
        std::fs::write(root.join("main.rs"), "x").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", root.join("link")).unwrap();
        let opts = WalkOptions {
            respect_ignore_files: true,
            exclude: vec!["vendor/".into()],
            threads: 2,
        };
        let (files, skipped) = collect(root, &opts);
        assert_eq!(files, [".env", ".ignore", "main.rs"]);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].reason, SkipReason::Symlink);

        let all = WalkOptions {
            respect_ignore_files: false,
            exclude: vec![],
            threads: 1,
        };
        let (files, _) = collect(root, &all);
        assert_eq!(
            files,
            [".env", ".ignore", "ignored.txt", "main.rs", "vendor/lib.js"]
        );
    }

    #[test]
    fn bad_exclude_glob_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        let opts = WalkOptions {
            respect_ignore_files: true,
            exclude: vec!["a[".into()],
            threads: 1,
        };
        let err = walk(&[dir.path().to_path_buf()], &opts, || Box::new(|_| true)).unwrap_err();
        assert!(err.to_string().contains("--exclude"));
    }
}
