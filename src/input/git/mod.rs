//! Git history as an input, in three shapes:
//!
//! - the full history ([`FullHistory`]): every blob of the object database read once in pack
//!   order ([`packs`]), then located through the tree and commit graph ([`graph`]);
//! - a commit range ([`index_range`]): the blobs its commits introduce, found by visiting the
//!   range's commits oldest first (by commit time) and walking each commit's tree while
//!   skipping every tree already seen, so the first sighting of a blob names its introducing
//!   commit and path;
//! - the staged changes ([`staged`]).
//!
//! Objects that cannot be read lose only themselves: each becomes a skip record with its id.

use std::path::Path;

pub mod graph;
pub mod packs;
pub mod staged;

use gix::ObjectId;
use gix::hashtable::{HashMap, HashSet};
use gix::objs::{CommitRefIter, TreeRefIter};
use gix::prelude::Find;

use crate::error::{SkipReason, Skipped};

/// A commit that introduced at least one blob.
#[derive(Debug, Clone)]
pub struct CommitMeta {
    pub id: ObjectId,
    pub author: String,
    /// Author time, seconds since the Unix epoch.
    pub time: i64,
    /// Committer time: the order of history (what "first" and "last" go by).
    pub committed: i64,
    /// First line of the message.
    pub summary: String,
}

/// One unique blob of the history.
#[derive(Debug, Clone)]
pub struct BlobEntry {
    pub id: ObjectId,
    /// The path it had when first seen.
    pub path: String,
    /// Index into [`RangeIndex::commits`] of the commit that first contains it.
    pub commit: u32,
    pub in_head: bool,
}

/// What a range scan reads: the blobs its commits introduce, indexed before any is read.
#[derive(Debug)]
pub struct RangeIndex {
    pub repo: gix::ThreadSafeRepository,
    pub commits: Vec<CommitMeta>,
    pub blobs: Vec<BlobEntry>,
    pub skipped: Vec<Skipped>,
    /// Every walked commit with its root tree, oldest first.
    walked: Vec<(ObjectId, ObjectId)>,
}

impl RangeIndex {
    /// For each of `hits`, the newest walked commit whose tree still holds it.
    ///
    /// Commits are visited newest first; a tree found to hold none of the hits still unplaced
    /// is remembered as clean (it stays clean as that set only shrinks), so each tree is read
    /// about once and nothing per tree is kept but its id.
    pub fn last_holders(&self, hits: &HashSet<ObjectId>) -> HashMap<ObjectId, CommitMeta> {
        fn below(
            repo: &gix::Repository,
            tree: ObjectId,
            remaining: &HashSet<ObjectId>,
            clean: &mut HashSet<ObjectId>,
            found: &mut Vec<ObjectId>,
            buf: &mut Vec<u8>,
        ) {
            if clean.contains(&tree) {
                return;
            }
            let before = found.len();
            // The entries are copied out before recursing, so one buffer serves every level.
            if let Ok(Some(data)) = repo.objects.try_find(&tree, buf) {
                let entries: Vec<_> = TreeRefIter::from_bytes(data.data, repo.object_hash())
                    .flatten()
                    .map(|e| (e.mode, e.oid.to_owned()))
                    .collect();
                for (mode, oid) in entries {
                    if mode.is_tree() {
                        below(repo, oid, remaining, clean, found, buf);
                    } else if mode.is_blob() && remaining.contains(&oid) {
                        found.push(oid);
                    }
                }
            }
            if found.len() == before {
                clean.insert(tree);
            }
        }
        let repo = self.repo.to_thread_local();
        let mut remaining = hits.clone();
        let mut clean = HashSet::default();
        let mut out: HashMap<ObjectId, CommitMeta> = HashMap::default();
        let mut buf = Vec::new();
        let mut found = Vec::new();
        let mut tree_buf = Vec::new();
        for &(commit, tree) in self.walked.iter().rev() {
            if remaining.is_empty() {
                break;
            }
            found.clear();
            below(
                &repo,
                tree,
                &remaining,
                &mut clean,
                &mut found,
                &mut tree_buf,
            );
            if found.is_empty() {
                continue;
            }
            let Ok((meta, _)) = read_commit(&repo, commit, &mut buf) else {
                continue;
            };
            for blob in found.drain(..) {
                if remaining.remove(&blob) {
                    out.insert(blob, meta.clone());
                }
            }
        }
        out
    }
}

/// Which commits a history scan covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every commit reachable from any ref.
    All,
    /// `exclude..include`: commits reachable from `include` and not from `exclude`; only the
    /// blobs they introduce are scanned.
    Range { exclude: String, include: String },
}

impl Selection {
    /// Parses `A..B` (`A..` means `A..HEAD`).
    pub fn range(spec: &str) -> Result<Self, String> {
        let (a, b) = spec
            .split_once("..")
            .ok_or_else(|| format!("{spec:?} is not a range like BASE..HEAD"))?;
        if a.is_empty() || b.starts_with('.') {
            return Err(format!(
                "{spec:?} is not a range like BASE..HEAD (three-dot ranges are not supported)"
            ));
        }
        Ok(Selection::Range {
            exclude: a.to_string(),
            include: if b.is_empty() {
                "HEAD".to_string()
            } else {
                b.to_string()
            },
        })
    }
}

/// The `(exclude, include)` commits of `exclude..include`; a base that cannot be resolved is an
/// error that says why (the all-zero id of a new branch, a shallow clone), never an empty range.
fn resolve_range(
    repo: &gix::Repository,
    path: &Path,
    exclude: &str,
    include: &str,
) -> Result<(ObjectId, ObjectId), crate::Error> {
    if !exclude.is_empty() && exclude.bytes().all(|b| b == b'0') {
        return Err(crate::Error::Usage(format!(
            "{}: the range base {exclude} is the all-zero id a push of a new branch reports; \
             scan with --range <default-branch>..<head> instead (or without a range)",
            path.display()
        )));
    }
    let resolve = |spec: &str| -> Result<ObjectId, crate::Error> {
        repo.rev_parse_single(spec)
            .map_err(|e| e.to_string())
            .and_then(|id| id.object().map_err(|e| e.to_string()))
            .and_then(|o| o.peel_to_commit().map_err(|e| e.to_string()))
            .map(|c| c.id)
            .map_err(|e| {
                let shallow = if repo.is_shallow().unwrap_or(false) {
                    " This is a shallow clone: fetch enough history (e.g. actions/checkout with fetch-depth: 0)."
                } else {
                    ""
                };
                crate::Error::Usage(format!("{}: cannot resolve {spec:?} to a commit: {e}.{shallow}", path.display()))
            })
    };
    Ok((resolve(exclude)?, resolve(include)?))
}

/// The commit HEAD points to in the repository at or above `path` (a file's directory for a
/// file), as hex; `None` for an unborn HEAD (a repository without commits yet). Honours
/// `GIT_DIR` as git does. Reports that must name a commit for every finding (GitLab's) use it
/// for findings of tree and staged scans, which have no commit of their own.
pub fn head_commit(path: &Path) -> Result<Option<String>, crate::Error> {
    let dir = if path.is_file() {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    } else {
        path
    };
    let repo = gix::discover_with_environment_overrides(dir).map_err(|e| {
        crate::Error::Usage(format!("{}: not in a git repository: {e}", path.display()))
    })?;
    let head = repo
        .head()
        .map_err(|e| crate::Error::Usage(format!("{}: cannot read HEAD: {e}", path.display())))?;
    Ok(head.id().map(|id| id.to_string()))
}

/// Every ref (and HEAD), peeled through tags: (name, object, kind). Nearly all point at
/// commits; a few tags point at trees or blobs (git/git's `junio-gpg-pub` is a blob).
fn ref_tips(
    repo: &gix::Repository,
    path: &Path,
    skipped: &mut Vec<Skipped>,
) -> Result<Vec<(String, ObjectId, gix::object::Kind)>, crate::Error> {
    let mut tips = Vec::new();
    let listing = |e: &dyn std::fmt::Display| {
        crate::Error::Usage(format!("{}: cannot list references: {e}", path.display()))
    };
    let refs = repo.references().map_err(|e| listing(&e))?;
    for reference in refs.all().map_err(|e| listing(&e))? {
        match reference {
            Ok(mut r) => {
                let name = r.name().as_bstr().to_string();
                match r.peel_to_id() {
                    Ok(id) => tips.push((name, id.detach())),
                    Err(e) => skipped.push(Skipped::unreadable(format!("ref {name}"), e)),
                }
            }
            Err(e) => skipped.push(Skipped::unreadable("refs", e)),
        }
    }
    if let Ok(head) = repo.head_id() {
        tips.push(("HEAD".into(), head.detach()));
    }
    let mut typed = Vec::new();
    for (name, id) in tips {
        match repo.find_header(id) {
            Ok(h) => typed.push((name, id, h.kind())),
            Err(e) => skipped.push(Skipped::unreadable(format!("ref {name} ({id})"), e)),
        }
    }
    Ok(typed)
}

/// Opens the repository at `path` (a worktree, a bare repository or a linked worktree) and
/// indexes what the commits of `range` (`A..B`: reachable from B, not from A) introduce.
/// Paths matching `exclude` (gitignore-style globs, relative to the repository root) are left
/// out, as in a directory walk.
pub fn index_range(
    path: &Path,
    range: (&str, &str),
    exclude: &[String],
) -> Result<RangeIndex, crate::Error> {
    // Matched against history paths, which are relative: the root only anchors the globs.
    let excluded = super::excludes(Path::new(""), exclude)?;
    let is_excluded = |path: &str, is_dir: bool| excluded.matched(path, is_dir).is_ignore();
    let repo = gix::open(path).map_err(|e| {
        crate::Error::Usage(format!("{}: not a git repository: {e}", path.display()))
    })?;
    let mut skipped = Vec::new();

    let (hidden, tip) = resolve_range(&repo, path, range.0, range.1)?;

    let mut order = Vec::new();
    let walk = repo
        .rev_walk([tip])
        .with_hidden([hidden])
        .sorting(gix::revision::walk::Sorting::ByCommitTime(
            Default::default(),
        ))
        .all()
        .map_err(|e| {
            crate::Error::Usage(format!("{}: cannot walk history: {e}", path.display()))
        })?;
    for info in walk {
        match info {
            Ok(info) => order.push(info.id),
            Err(e) => skipped.push(Skipped::unreadable("commit walk", e)),
        }
    }
    order.reverse(); // oldest first: the first sighting of a blob is where it was introduced

    let head_blobs = match repo.head_tree_id() {
        Ok(tree) => blobs_of_tree(&repo, tree.detach(), &mut skipped),
        Err(_) => HashSet::default(), // unborn HEAD: nothing is in HEAD
    };

    let mut commits = Vec::new();
    let mut blobs: Vec<BlobEntry> = Vec::new();
    let mut blob_seen: HashMap<ObjectId, ()> = HashMap::default();
    let mut tree_seen: HashSet<ObjectId> = HashSet::default();
    let mut buf = Vec::new();
    let mut tree_buf = Vec::new();
    // A range scans what its commits introduce: everything in the trees of their parents
    // outside the range counts as already seen.
    let in_range: HashSet<ObjectId> = order.iter().copied().collect();
    for &id in &order {
        let Ok(commit) = repo.find_commit(id) else {
            continue;
        };
        for parent in commit.parent_ids() {
            if in_range.contains(&parent.detach()) {
                continue;
            }
            match repo.find_commit(parent.detach()).and_then(|p| p.tree_id()) {
                Ok(tree) => {
                    let seen =
                        blobs_of_tree_into(&repo, tree.detach(), &mut tree_seen, &mut skipped);
                    blob_seen.extend(seen.into_iter().map(|b| (b, ())));
                }
                Err(e) => skipped.push(Skipped::unreadable(
                    format!("commit {parent} (range base)"),
                    e,
                )),
            }
        }
    }
    let mut walked = Vec::with_capacity(order.len());
    for id in order {
        let (meta, tree) = match read_commit(&repo, id, &mut buf) {
            Ok(x) => x,
            Err(why) => {
                skipped.push(Skipped::unreadable(format!("commit {id}"), why));
                continue;
            }
        };
        walked.push((id, tree));
        let commit_index = commits.len() as u32;
        let before = blobs.len();
        let mut stack = vec![(tree, String::new())];
        while let Some((tree, prefix)) = stack.pop() {
            if !tree_seen.insert(tree) {
                continue;
            }
            let data = match repo.objects.try_find(&tree, &mut tree_buf) {
                Ok(Some(data)) => data,
                Ok(None) => {
                    skipped.push(Skipped::unreadable(
                        format!("tree {tree} ({})", show_dir(&prefix)),
                        "object missing",
                    ));
                    continue;
                }
                Err(e) => {
                    skipped.push(Skipped::unreadable(
                        format!("tree {tree} ({})", show_dir(&prefix)),
                        e,
                    ));
                    continue;
                }
            };
            for entry in TreeRefIter::from_bytes(data.data, repo.object_hash()) {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        skipped.push(Skipped::unreadable(
                            format!("tree {tree} ({})", show_dir(&prefix)),
                            e,
                        ));
                        break;
                    }
                };
                let oid = entry.oid.to_owned();
                // Paths are built only for what is new: most entries were seen in a parent.
                let path = || join(&prefix, &entry.filename.to_string());
                // An excluded entry is not marked seen: the same content elsewhere is scanned.
                if entry.mode.is_tree() {
                    if !tree_seen.contains(&oid) {
                        let path = path();
                        if !is_excluded(&path, true) {
                            stack.push((oid, path));
                        }
                    }
                } else if entry.mode.is_blob() {
                    if blob_seen.contains_key(&oid) {
                        continue;
                    }
                    let path = path();
                    if !is_excluded(&path, false) {
                        blob_seen.insert(oid, ());
                        blobs.push(BlobEntry {
                            id: oid,
                            path,
                            commit: commit_index,
                            in_head: head_blobs.contains(&oid),
                        });
                    }
                } else if entry.mode.is_commit() {
                    // A submodule: its history lives in another repository.
                    skipped.push(Skipped {
                        what: format!("{} (submodule at {oid})", path()),
                        reason: SkipReason::Submodule,
                    });
                }
                // Symbolic links hold a path, not content.
            }
        }
        // A commit that introduced no blob is never named: keep the index small.
        if blobs.len() > before {
            commits.push(meta);
        }
    }
    // Blobs are read back in pack order: delta bases are then usually still in the delta-base
    // cache, instead of being decompressed again for every blob of a chain.
    sort_by_pack_location(&repo, &mut blobs);
    // Submodule records repeat for every tree that holds the gitlink; keep one per path and id.
    skipped.sort();
    skipped.dedup();
    Ok(RangeIndex {
        repo: repo.into_sync(),
        commits,
        blobs,
        skipped,
        walked,
    })
}

fn sort_by_pack_location(repo: &gix::Repository, blobs: &mut [BlobEntry]) {
    use gix::odb::pack::Find as _;
    let mut odb = repo.objects.clone().into_inner();
    odb.prevent_pack_unload();
    let mut buf = Vec::new();
    // Loose or unreadable objects sort last; the sort is stable, so they keep walk order.
    blobs.sort_by_cached_key(|b| match odb.location_by_oid(&b.id, &mut buf) {
        Ok(Some(loc)) => (loc.pack_id, loc.pack_offset),
        _ => (u32::MAX, 0),
    });
}

fn read_commit(
    repo: &gix::Repository,
    id: ObjectId,
    buf: &mut Vec<u8>,
) -> Result<(CommitMeta, ObjectId), String> {
    let data = repo
        .objects
        .try_find(&id, buf)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "object missing".to_string())?;
    let mut tree = None;
    let mut author = String::new();
    let mut time = 0;
    let mut committed = 0;
    let mut message: &[u8] = b"";
    for token in CommitRefIter::from_bytes(data.data, repo.object_hash()) {
        use gix::objs::commit::ref_iter::Token;
        match token.map_err(|e| e.to_string())? {
            Token::Tree { id } => tree = Some(id),
            Token::Author { signature } => {
                author = signature.name.to_string();
                time = signature.time().map(|t| t.seconds).unwrap_or(0);
            }
            Token::Committer { signature } => {
                committed = signature.time().map(|t| t.seconds).unwrap_or(0);
            }
            Token::Message(m) => message = m,
            _ => {}
        }
    }
    let summary = String::from_utf8_lossy(message.split(|&b| b == b'\n').next().unwrap_or(b""))
        .trim()
        .to_string();
    let tree = tree.ok_or_else(|| "commit without a tree".to_string())?;
    Ok((
        CommitMeta {
            id,
            author,
            time,
            committed,
            summary,
        },
        tree,
    ))
}

/// Every blob id under `tree` (for "is it still in HEAD").
fn blobs_of_tree(
    repo: &gix::Repository,
    tree: ObjectId,
    skipped: &mut Vec<Skipped>,
) -> HashSet<ObjectId> {
    blobs_of_tree_into(repo, tree, &mut HashSet::default(), skipped)
}

/// Every blob id under `tree` not below a tree already in `seen`; marks every tree visited.
fn blobs_of_tree_into(
    repo: &gix::Repository,
    tree: ObjectId,
    seen: &mut HashSet<ObjectId>,
    skipped: &mut Vec<Skipped>,
) -> HashSet<ObjectId> {
    let mut out = HashSet::default();
    let mut stack = vec![tree];
    let mut buf = Vec::new();
    while let Some(tree) = stack.pop() {
        if !seen.insert(tree) {
            continue;
        }
        match repo.objects.try_find(&tree, &mut buf) {
            Ok(Some(data)) => {
                for entry in TreeRefIter::from_bytes(data.data, repo.object_hash()).flatten() {
                    if entry.mode.is_tree() {
                        stack.push(entry.oid.to_owned());
                    } else if entry.mode.is_blob() {
                        out.insert(entry.oid.to_owned());
                    }
                }
            }
            Ok(None) => skipped.push(Skipped::unreadable(
                format!("tree {tree} (HEAD)"),
                "object missing",
            )),
            Err(e) => skipped.push(Skipped::unreadable(format!("tree {tree} (HEAD)"), e)),
        }
    }
    out
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}/{name}")
    }
}

fn show_dir(prefix: &str) -> &str {
    if prefix.is_empty() { "/" } else { prefix }
}

/// Where a blob found in a full-history scan lives, its commits read.
pub type Placed = graph::Whereabouts<CommitMeta>;

/// What [`FullHistory::locate`] found.
pub struct Located {
    /// Blobs with their places, in gid order.
    pub placed: Vec<(Gid, Placed)>,
    /// Blobs that no ref reaches (left out unless `--all-objects`).
    pub unreachable: Vec<Gid>,
    pub skipped: Vec<Skipped>,
}

/// A repository opened for a full-history scan. Every blob in its object database is read
/// once, in pack order ([`FullHistory::blobs`]); where the blobs of interest live is worked out
/// afterwards from the trees and commits ([`FullHistory::locate`]).
pub struct FullHistory {
    repo: gix::ThreadSafeRepository,
    objects: packs::Objects,
    tips: Vec<(String, ObjectId, gix::object::Kind)>,
    head: Option<ObjectId>,
    pub skipped: Vec<Skipped>,
}

pub use packs::{Gid, Unread, Visitor};

impl FullHistory {
    pub fn open(path: &Path) -> Result<FullHistory, crate::Error> {
        let repo = gix::open(path).map_err(|e| {
            crate::Error::Usage(format!("{}: not a git repository: {e}", path.display()))
        })?;
        let mut skipped = Vec::new();
        let tips = ref_tips(&repo, path, &mut skipped)?;
        let head = repo.head_id().ok().map(|h| h.detach());
        let objects = packs::Objects::open(&repo)
            .map_err(|e| crate::Error::Usage(format!("{}: {e}", path.display())))?;
        skipped.extend(objects.skipped.iter().cloned());
        Ok(FullHistory {
            repo: repo.into_sync(),
            objects,
            tips,
            head,
            skipped,
        })
    }

    pub fn object_id(&self, gid: Gid) -> &gix::oid {
        self.objects.id(gid)
    }

    /// Hands every blob of at most `max_size` bytes to `visitor`, on `threads` threads;
    /// returns what was not read (whole packs, and single blobs with the reason).
    pub fn blobs<V: Visitor>(
        &self,
        max_size: u64,
        threads: usize,
        cancelled: &(dyn Fn() -> bool + Sync),
        visitor: &V,
    ) -> (Vec<Skipped>, Vec<(Gid, packs::Unread)>) {
        self.objects.for_each(
            &[gix::objs::Kind::Blob],
            max_size,
            threads,
            cancelled,
            visitor,
        )
    }

    /// Where each of `targets` lives, leaving out paths that match `exclude` and, unless
    /// `all_objects`, blobs no ref reaches. Also reports what the trees and commits show to be
    /// missing or skipped: absent objects, submodules, a shallow boundary.
    pub fn locate(
        &self,
        targets: &[Gid],
        exclude: &[String],
        all_objects: bool,
        threads: usize,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Result<Located, crate::Error> {
        let excluded = super::excludes(Path::new(""), exclude)?;
        // A path is excluded when it or a directory above it matches, as in a directory walk.
        let keep = |path: &str| {
            let dirs = path.match_indices('/').map(|(i, _)| (&path[..i], true));
            !dirs
                .chain([(path, false)])
                .any(|(p, is_dir)| excluded.matched(p, is_dir).is_ignore())
        };
        let builder = graph::Builder::new(&self.objects, targets);
        let (mut skipped, failed) = self.objects.for_each(
            &[gix::objs::Kind::Tree, gix::objs::Kind::Commit],
            u64::MAX,
            threads,
            cancelled,
            &builder,
        );
        for (gid, why) in failed {
            let kind = self
                .objects
                .kind(gid)
                .map_or("object".into(), |k| k.to_string());
            let why = match why {
                packs::Unread::Failed(why) => why,
                packs::Unread::TooLarge(size) => format!("{size} bytes"),
            };
            skipped.push(Skipped::unreadable(
                format!("{kind} {}", self.objects.id(gid)),
                why,
            ));
        }
        let graph = builder.finish_graph(self.tips.clone(), self.head);
        let repo = self.repo.to_thread_local();

        let mut metas: std::collections::HashMap<Gid, CommitMeta> = Default::default();
        let mut buf = Vec::new();
        let mut meta = |gid: Gid, skipped: &mut Vec<Skipped>| -> Option<CommitMeta> {
            if let Some(m) = metas.get(&gid) {
                return Some(m.clone());
            }
            let id = self.objects.id(gid).to_owned();
            match read_commit(&repo, id, &mut buf) {
                Ok((m, _)) => {
                    metas.insert(gid, m.clone());
                    Some(m)
                }
                Err(why) => {
                    skipped.push(Skipped::unreadable(format!("commit {id}"), why));
                    None
                }
            }
        };
        // Each blob's walk up the graph is independent of the others.
        let found: Vec<(Gid, Option<Result<graph::Whereabouts, graph::Unplaced>>)> = {
            use rayon::prelude::*;
            let run = || {
                targets
                    .par_iter()
                    .map(|&gid| {
                        let w = if cancelled() {
                            None
                        } else {
                            Some(graph.whereabouts(gid, &keep, all_objects))
                        };
                        (gid, w)
                    })
                    .collect()
            };
            match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
                Ok(pool) => pool.install(run),
                Err(_) => run(),
            }
        };
        let mut placed = Vec::new();
        let mut unreachable = Vec::new();
        for (gid, w) in found {
            let w = match w {
                Some(Ok(w)) => w,
                Some(Err(graph::Unplaced::Unreachable)) => {
                    unreachable.push(gid);
                    continue;
                }
                Some(Err(graph::Unplaced::Excluded)) | None => continue,
            };
            placed.push((gid, w.map_commits(|c| meta(c.gid, &mut skipped))));
        }

        let mut dangling = graph.dangling.clone();
        dangling.sort_by_key(|d| (d.kind, d.id));
        dangling.dedup_by_key(|d| (d.kind, d.id));
        for (i, d) in dangling.iter().enumerate() {
            // Paths cost a walk each; past a few thousand records, the ids alone must do.
            let path = if i < 2_000 {
                match graph.dangling_path(d, &keep) {
                    Some(path) => Some(path),
                    // Every path it has is excluded.
                    None if graph.dangling_path(d, &|_| true).is_some() => continue,
                    None => None,
                }
            } else {
                None
            };
            let path = path.as_deref().unwrap_or("?");
            skipped.push(match d.kind {
                graph::DanglingKind::MissingBlob => {
                    Skipped::unreadable(format!("{path} (blob {})", d.id), "object missing")
                }
                graph::DanglingKind::MissingTree => {
                    Skipped::unreadable(format!("tree {} ({path})", d.id), "object missing")
                }
                graph::DanglingKind::Submodule => Skipped {
                    what: format!("{path} (submodule at {})", d.id),
                    reason: SkipReason::Submodule,
                },
            });
        }
        for (id, why) in &graph.broken {
            skipped.push(Skipped::unreadable(format!("object {id}"), why));
        }
        let shallow = repo.is_shallow().unwrap_or(false);
        for id in &graph.missing_parents {
            skipped.push(if shallow {
                Skipped {
                    what: format!("commit {id}"),
                    reason: SkipReason::ShallowHistory,
                }
            } else {
                Skipped::unreadable(format!("commit {id}"), "object missing")
            });
        }
        skipped.sort();
        skipped.dedup();
        Ok(Located {
            placed,
            unreachable,
            skipped,
        })
    }
}
