//! What a commit would add: the index (staging area) compared with HEAD, for pre-commit hooks.
//!
//! The repository is opened the way git's own hooks see it: `GIT_DIR` and `GIT_INDEX_FILE` are
//! honoured, so `git commit -a` and `git commit <path>` (which stage into a temporary index) are
//! checked as committed, and a partially staged file is checked as staged, not as it is on disk.
//! Only blobs that HEAD does not already hold are read, and only the lines they add count: an
//! old key elsewhere in a touched file does not block every later commit.

use std::collections::HashMap;
use std::path::Path;

use gix::ObjectId;
use gix::bstr::{BString, ByteSlice};
use gix::objs::TreeRefIter;
use gix::prelude::Find;

use crate::error::Skipped;

/// A staged file whose content HEAD does not have.
#[derive(Debug)]
pub struct StagedFile {
    pub path: String,
    pub id: ObjectId,
    /// HEAD's version of the same path, if it had one.
    pub before: Option<ObjectId>,
}

/// The staged changes, read one file at a time ([`Staged::read`]).
pub struct Staged {
    repo: gix::Repository,
    pub files: Vec<StagedFile>,
    pub skipped: Vec<Skipped>,
}

impl Staged {
    /// The bytes of a blob, unless its header says it is larger than `max_size` (then its size).
    pub fn read(&self, id: &ObjectId, max_size: u64) -> Result<Vec<u8>, ReadError> {
        let size = self
            .repo
            .find_header(*id)
            .map_err(|e| ReadError::Unreadable(e.to_string()))?
            .size();
        if size > max_size {
            return Err(ReadError::TooLarge(size));
        }
        let mut buf = Vec::new();
        match self.repo.objects.try_find(id, &mut buf) {
            Ok(Some(d)) => Ok(d.data.to_vec()),
            Ok(None) => Err(ReadError::Unreadable("object missing".into())),
            Err(e) => Err(ReadError::Unreadable(e.to_string())),
        }
    }
}

/// Why [`Staged::read`] returned no bytes.
#[derive(Debug)]
pub enum ReadError {
    TooLarge(u64),
    Unreadable(String),
}

/// Reads the staged changes of the repository at or above `path`. Paths matching `exclude`
/// are left out.
pub fn staged(path: &Path, exclude: &[String]) -> Result<Staged, crate::Error> {
    let repo = gix::discover_with_environment_overrides(path).map_err(|e| {
        crate::Error::Usage(format!("{}: not in a git repository: {e}", path.display()))
    })?;
    let excluded = super::super::excludes(Path::new(""), exclude)?;
    let keep = |p: &str| {
        let dirs = p.match_indices('/').map(|(i, _)| (&p[..i], true));
        !dirs
            .chain([(p, false)])
            .any(|(p, is_dir)| excluded.matched(p, is_dir).is_ignore())
    };
    let index = repo.index_or_empty().map_err(|e| {
        crate::Error::Usage(format!(
            "{}: cannot read the index {}: {e}",
            path.display(),
            repo.index_path().display()
        ))
    })?;
    let mut out = Staged {
        repo: repo.clone(),
        files: Vec::new(),
        skipped: Vec::new(),
    };
    // HEAD's files by path; an unborn HEAD (first commit) has none.
    let mut head: HashMap<BString, ObjectId> = HashMap::new();
    if let Ok(tree) = repo.head_tree_id() {
        let mut stack = vec![(tree.detach(), BString::default())];
        let mut buf = Vec::new();
        while let Some((tree, prefix)) = stack.pop() {
            let data = match repo.objects.try_find(&tree, &mut buf) {
                Ok(Some(d)) => d,
                Ok(None) => {
                    out.skipped.push(Skipped::unreadable(
                        format!("tree {tree} (HEAD)"),
                        "object missing",
                    ));
                    continue;
                }
                Err(e) => {
                    out.skipped
                        .push(Skipped::unreadable(format!("tree {tree} (HEAD)"), e));
                    continue;
                }
            };
            for entry in TreeRefIter::from_bytes(data.data, repo.object_hash()).flatten() {
                let mut path = prefix.clone();
                if !path.is_empty() {
                    path.push(b'/');
                }
                path.extend_from_slice(entry.filename);
                if entry.mode.is_tree() {
                    stack.push((entry.oid.to_owned(), path));
                } else if entry.mode.is_blob() {
                    head.insert(path, entry.oid.to_owned());
                }
            }
        }
    }
    let in_head: std::collections::HashSet<ObjectId> = head.values().copied().collect();
    for entry in index.entries() {
        let entry_path = entry.path(&index);
        let display = entry_path.to_str_lossy().into_owned();
        if entry.stage() != gix::index::entry::Stage::Unconflicted {
            // An unmerged path cannot be committed until it is resolved (and then re-staged).
            continue;
        }
        let mode = entry.mode.to_tree_entry_mode();
        if mode.is_some_and(|m| m.is_commit()) {
            continue; // a submodule: its commits are checked in its own repository
        }
        if !mode.is_some_and(|m| m.is_blob()) || !keep(&display) {
            continue;
        }
        let before = head.get(entry_path);
        // Unchanged, or moved from another path: HEAD already holds this exact content.
        if before == Some(&entry.id) || in_head.contains(&entry.id) {
            continue;
        }
        out.files.push(StagedFile {
            path: display,
            id: entry.id,
            before: before.copied(),
        });
    }
    Ok(out)
}

/// For each line of `after` (index 0 is line 1): whether it is new relative to `before`.
///
/// A line counts as old when `before` has a line with the same bytes that no earlier line of
/// `after` has claimed, so moving lines around adds nothing while a copied or changed line is
/// new. This is a multiset comparison rather than a diff: simpler, linear, and never misses an
/// added line.
pub fn added_lines(before: &[u8], after: &[u8]) -> Vec<bool> {
    let mut old: HashMap<&[u8], u32> = HashMap::new();
    for line in before.lines_with_terminator() {
        *old.entry(line.trim_end_with(|c| c == '\n' || c == '\r'))
            .or_default() += 1;
    }
    after
        .lines_with_terminator()
        .map(|line| {
            let key = line.trim_end_with(|c| c == '\n' || c == '\r');
            match old.get_mut(key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_lines_are_the_new_or_changed_ones() {
        let before = b"a\nkey=1\nc\n";
        let after = b"a\nkey=2\nc\nkey=1\nnew\n";
        assert_eq!(
            added_lines(before, after),
            [false, true, false, false, true]
        );
    }

    #[test]
    fn a_copied_line_is_new_and_a_moved_line_is_not() {
        assert_eq!(added_lines(b"x\ny\n", b"y\nx\n"), [false, false]);
        assert_eq!(added_lines(b"x\n", b"x\nx\n"), [false, true]);
        assert_eq!(added_lines(b"", b"x"), [true]);
        assert_eq!(added_lines(b"x\r\n", b"x\n"), [false]);
    }
}
