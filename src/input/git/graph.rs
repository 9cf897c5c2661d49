//! The commit and tree graph of a repository, kept just large enough to say where some blobs
//! live: under which paths, from which commit to which, and which refs reach them.
//!
//! Trees are read once each (in pack order, see [`super::packs`]). Every tree-in-tree edge is
//! kept (about 3 million for git/git, 12 bytes each); tree-to-blob edges, by far the most
//! numerous, are kept only for the blobs asked about. A blob's places are then found by
//! walking edges upwards from it to the root trees of commits.

use std::sync::Mutex;

use gix::ObjectId;
use gix::bstr::{BString, ByteSlice};
use gix::objs::{CommitRefIter, Kind, TreeRefIter};

use super::packs::{Gid, Objects, Visitor};

/// At most this many paths are listed per blob; at most this many ref names per blob.
pub const MAX_PATHS: usize = 16;
pub const MAX_REFS: usize = 10;
/// Paths listed per root tree for a blob, and paths spelled out per root at most while looking
/// for ones that excludes keep.
const PATHS_PER_ROOT: usize = 4;
const PATH_BUDGET: usize = 256;

#[derive(Debug, Clone, Copy)]
struct Edge {
    child: Gid,
    parent: Gid,
    name: u32,
}

#[derive(Debug)]
struct CommitNode {
    gid: Gid,
    tree: Option<Gid>,
    parents: Vec<ObjectId>,
    /// Committer time: history order.
    time: i64,
}

/// A tree entry whose object is not in the repository, or a submodule's gitlink.
#[derive(Debug, Clone)]
pub struct Dangling {
    pub id: ObjectId,
    parent: Gid,
    name: u32,
    pub kind: DanglingKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DanglingKind {
    MissingBlob,
    MissingTree,
    Submodule,
}

/// Edges in fixed-size chunks: millions of them are collected on several threads, and growing
/// one vector by doubling would cost up to twice their size in memory at the peak.
struct Chunked<T>(Vec<Vec<T>>);

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked(Vec::new())
    }
}

impl<T: Copy> Chunked<T> {
    const CHUNK: usize = 1 << 16;

    fn push(&mut self, item: T) {
        match self.0.last_mut() {
            Some(chunk) if chunk.len() < Self::CHUNK => chunk.push(item),
            _ => {
                let mut chunk = Vec::with_capacity(Self::CHUNK);
                chunk.push(item);
                self.0.push(chunk);
            }
        }
    }

    /// One vector of exactly the right size; chunks are freed as they are copied.
    fn into_vec(self) -> Vec<T> {
        let mut out = Vec::with_capacity(self.0.iter().map(Vec::len).sum());
        for chunk in self.0 {
            out.extend_from_slice(&chunk);
        }
        out
    }
}

#[derive(Default)]
struct Parts {
    edges: Chunked<Edge>,
    commits: Vec<CommitNode>,
    dangling: Vec<Dangling>,
    /// (object, why) for trees and commits that do not parse.
    broken: Vec<(ObjectId, String)>,
}

#[derive(Default)]
struct Names {
    map: std::collections::HashMap<BString, u32>,
    list: Vec<BString>,
}

impl Names {
    fn intern(&mut self, name: &[u8]) -> u32 {
        if let Some(&id) = self.map.get(name.as_bstr()) {
            return id;
        }
        let id = self.list.len() as u32;
        self.list.push(name.into());
        self.map.insert(name.into(), id);
        id
    }
}

/// Reads trees and commits into a [`Graph`].
pub struct Builder<'o> {
    objects: &'o Objects,
    /// By gid: blobs whose places are wanted.
    targets: Vec<bool>,
    names: Mutex<Names>,
    parts: Mutex<Parts>,
}

pub struct ThreadParts {
    parts: Parts,
    names: std::collections::HashMap<BString, u32>,
    dangling_seen: std::collections::HashSet<(DanglingKind, ObjectId)>,
}

impl<'o> Builder<'o> {
    pub fn new(objects: &'o Objects, targets: &[Gid]) -> Self {
        let mut wanted = vec![false; objects.len()];
        for &t in targets {
            wanted[t as usize] = true;
        }
        Builder {
            objects,
            targets: wanted,
            names: Mutex::new(Names::default()),
            parts: Mutex::new(Parts::default()),
        }
    }

    fn name(&self, local: &mut ThreadParts, name: &[u8]) -> u32 {
        if let Some(&id) = local.names.get(name.as_bstr()) {
            return id;
        }
        let id = self
            .names
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .intern(name);
        local.names.insert(name.into(), id);
        id
    }

    /// Records an object that does not parse.
    fn broken(&self, local: &mut ThreadParts, gid: Gid, why: String) {
        let id = self.objects.id(gid).to_owned();
        local.parts.broken.push((id, why));
    }

    fn tree(&self, local: &mut ThreadParts, gid: Gid, data: &[u8]) {
        let hash = self.objects.id(gid).kind();
        for entry in TreeRefIter::from_bytes(data, hash) {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => return self.broken(local, gid, format!("tree does not parse: {e}")),
            };
            // Missing objects and gitlinks repeat in every version of their tree (a partial
            // clone lacks a blob in thousands of trees): each id is kept once per thread.
            let dangling = |local: &mut ThreadParts, kind| {
                let id = entry.oid.to_owned();
                if local.dangling_seen.insert((kind, id)) {
                    let name = self.name(local, entry.filename);
                    local.parts.dangling.push(Dangling {
                        id,
                        parent: gid,
                        name,
                        kind,
                    });
                }
            };
            let edge = if entry.mode.is_tree() {
                match self.objects.gid(entry.oid) {
                    Some(child) => Some(child),
                    None => {
                        dangling(local, DanglingKind::MissingTree);
                        None
                    }
                }
            } else if entry.mode.is_blob() {
                match self.objects.gid(entry.oid) {
                    Some(child) if self.targets[child as usize] => Some(child),
                    Some(_) => None,
                    None => {
                        dangling(local, DanglingKind::MissingBlob);
                        None
                    }
                }
            } else if entry.mode.is_commit() {
                dangling(local, DanglingKind::Submodule);
                None
            } else {
                None // a symbolic link holds a path, not content
            };
            if let Some(child) = edge {
                let name = self.name(local, entry.filename);
                local.parts.edges.push(Edge {
                    child,
                    parent: gid,
                    name,
                });
            }
        }
    }

    fn commit(&self, local: &mut ThreadParts, gid: Gid, data: &[u8]) {
        use gix::objs::commit::ref_iter::Token;
        let hash = self.objects.id(gid).kind();
        let mut node = CommitNode {
            gid,
            tree: None,
            parents: Vec::new(),
            time: 0,
        };
        let mut tree = None;
        for token in CommitRefIter::from_bytes(data, hash) {
            match token {
                Ok(Token::Tree { id }) => tree = Some(id),
                Ok(Token::Parent { id }) => node.parents.push(id),
                Ok(Token::Committer { signature }) => {
                    node.time = signature.time().map(|t| t.seconds).unwrap_or(0);
                    break;
                }
                Ok(_) => {}
                Err(e) => return self.broken(local, gid, format!("commit does not parse: {e}")),
            }
        }
        match tree {
            Some(t) => match self.objects.gid(&t) {
                Some(t) => node.tree = Some(t),
                None => local.parts.dangling.push(Dangling {
                    id: t,
                    parent: gid,
                    name: u32::MAX,
                    kind: DanglingKind::MissingTree,
                }),
            },
            None => self.broken(local, gid, "commit without a tree".into()),
        }
        local.parts.commits.push(node);
    }

    /// Everything read so far, indexed.
    pub fn finish_graph(
        self,
        tips: Vec<(String, ObjectId, Kind)>,
        head: Option<ObjectId>,
    ) -> Graph {
        let parts = self.parts.into_inner().unwrap_or_else(|e| e.into_inner());
        let names = self.names.into_inner().unwrap_or_else(|e| e.into_inner());
        Graph::new(self.objects, parts, names.list, tips, head)
    }
}

impl Visitor for Builder<'_> {
    type State = ThreadParts;

    fn state(&self) -> ThreadParts {
        ThreadParts {
            parts: Parts::default(),
            names: Default::default(),
            dangling_seen: Default::default(),
        }
    }

    fn object(&self, local: &mut ThreadParts, gid: Gid, _id: &gix::oid, data: &[u8]) {
        match self.objects.kind(gid) {
            Some(Kind::Tree) => self.tree(local, gid, data),
            Some(Kind::Commit) => self.commit(local, gid, data),
            _ => {}
        }
    }

    fn finish(&self, local: ThreadParts) {
        let mut parts = self.parts.lock().unwrap_or_else(|e| e.into_inner());
        let ThreadParts { parts: mine, .. } = local;
        parts.edges.0.extend(mine.edges.0);
        parts.commits.extend(mine.commits);
        parts.dangling.extend(mine.dangling);
        parts.broken.extend(mine.broken);
    }
}

/// A commit as the graph knows it: its object and its history position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitRef {
    pub gid: Gid,
    pub time: i64,
}

/// One path of a blob: the earliest and latest commit (by committer time) whose tree holds
/// the blob at that path, and whether HEAD's does. No commits for a path that only a ref to a
/// tree reaches, or none at all (`--all-objects`). Commits are [`CommitRef`]s here; the caller
/// swaps in what it needs to know of them ([`Whereabouts::map_commits`]).
#[derive(Debug, Clone)]
pub struct PathPlace<C = CommitRef> {
    pub path: String,
    pub first: Option<C>,
    pub last: Option<C>,
    pub in_head: bool,
}

/// Why a blob gets no [`Whereabouts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unplaced {
    /// Every path it has is excluded.
    Excluded,
    /// No ref reaches it (and `--all-objects` is off).
    Unreachable,
}

/// Where a blob lives.
#[derive(Debug, Clone)]
pub struct Whereabouts<C = CommitRef> {
    /// Distinct paths, at most [`MAX_PATHS`], earliest first.
    pub paths: Vec<PathPlace<C>>,
    pub paths_total: usize,
    /// HEAD (the checked-out or default branch) reaches a commit that holds it.
    pub head_reaches: bool,
    /// Refs that reach a commit holding it (at most [`MAX_REFS`], branches first).
    pub refs: Vec<String>,
    pub refs_total: usize,
}

impl<C> Whereabouts<C> {
    /// The same places with each commit replaced by `f(commit)` (dropped where it is `None`).
    pub fn map_commits<D>(self, mut f: impl FnMut(C) -> Option<D>) -> Whereabouts<D> {
        Whereabouts {
            paths: self
                .paths
                .into_iter()
                .map(|p| PathPlace {
                    first: p.first.and_then(&mut f),
                    last: p.last.and_then(&mut f),
                    in_head: p.in_head,
                    path: p.path,
                })
                .collect(),
            paths_total: self.paths_total,
            head_reaches: self.head_reaches,
            refs: self.refs,
            refs_total: self.refs_total,
        }
    }
}

pub struct Graph {
    /// Sorted by child; `edge_start[gid]..edge_start[gid + 1]` are the edges of child `gid`.
    edges: Vec<Edge>,
    edge_start: Vec<u32>,
    /// `root_start[gid]..root_start[gid + 1]` index the commits in `roots` whose tree is `gid`.
    root_start: Vec<u32>,
    names: Vec<BString>,
    commits: Vec<CommitNode>,
    /// (root tree, commit index), sorted.
    roots: Vec<(Gid, u32)>,
    /// (parent commit index, child commit index), sorted.
    children: Vec<(u32, u32)>,
    reachable: Vec<bool>,
    /// (name, commit index), HEAD first, then branches, then the rest.
    tips: Vec<(String, u32)>,
    /// Trees and blobs that refs point at directly, with the refs' names.
    tagged: std::collections::HashMap<Gid, Vec<String>>,
    head_commit: Option<u32>,
    head_tree: Option<Gid>,
    pub dangling: Vec<Dangling>,
    pub broken: Vec<(ObjectId, String)>,
    /// Parents named by commits but absent (a shallow boundary, or damage).
    pub missing_parents: Vec<ObjectId>,
}

fn tip_rank(name: &str) -> u8 {
    if name == "HEAD" {
        0
    } else if name.starts_with("refs/heads/") {
        1
    } else if name.starts_with("refs/tags/") {
        2
    } else {
        3
    }
}

impl Graph {
    fn new(
        objects: &Objects,
        parts: Parts,
        names: Vec<BString>,
        tips: Vec<(String, ObjectId, Kind)>,
        head: Option<ObjectId>,
    ) -> Graph {
        let Parts {
            edges,
            mut commits,
            dangling,
            broken,
        } = parts;
        let mut edges = edges.into_vec();
        edges.sort_unstable_by_key(|e| (e.child, e.parent, e.name));
        edges.dedup_by_key(|e| (e.child, e.parent, e.name));
        commits.sort_unstable_by_key(|c| c.gid);
        let index_of = |gid: Gid| -> Option<u32> {
            commits
                .binary_search_by_key(&gid, |c| c.gid)
                .ok()
                .map(|i| i as u32)
        };
        let mut roots: Vec<(Gid, u32)> = commits
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.tree.map(|t| (t, i as u32)))
            .collect();
        roots.sort_unstable();
        // Offsets by gid into the sorted edges and roots: one lookup per step of a walk.
        let offsets = |keys: &mut dyn Iterator<Item = Gid>| {
            let mut start = vec![0u32; objects.len() + 1];
            for k in keys {
                start[k as usize + 1] += 1;
            }
            for i in 1..start.len() {
                start[i] += start[i - 1];
            }
            start
        };
        let edge_start = offsets(&mut edges.iter().map(|e| e.child));
        let root_start = offsets(&mut roots.iter().map(|r| r.0));
        let mut children = Vec::new();
        let mut missing_parents = Vec::new();
        let mut parent_index: Vec<Vec<u32>> = Vec::with_capacity(commits.len());
        for (i, c) in commits.iter().enumerate() {
            let mut ps = Vec::with_capacity(c.parents.len());
            for p in &c.parents {
                match objects.gid(p).and_then(index_of) {
                    Some(pi) => {
                        children.push((pi, i as u32));
                        ps.push(pi);
                    }
                    None => missing_parents.push(*p),
                }
            }
            parent_index.push(ps);
        }
        children.sort_unstable();
        missing_parents.sort_unstable();
        missing_parents.dedup();

        let mut tagged: std::collections::HashMap<Gid, Vec<String>> = Default::default();
        let mut commit_tips = Vec::new();
        for (name, id, kind) in tips {
            let Some(gid) = objects.gid(&id) else {
                continue;
            };
            match kind {
                Kind::Commit => commit_tips.extend(index_of(gid).map(|c| (name, c))),
                Kind::Tree | Kind::Blob => tagged.entry(gid).or_default().push(name),
                Kind::Tag => {}
            }
        }
        let mut tips: Vec<(String, u32)> = commit_tips;
        tips.sort_by(|a, b| (tip_rank(&a.0), &a.0).cmp(&(tip_rank(&b.0), &b.0)));
        let mut reachable = vec![false; commits.len()];
        let mut stack: Vec<u32> = tips.iter().map(|t| t.1).collect();
        while let Some(c) = stack.pop() {
            if std::mem::replace(&mut reachable[c as usize], true) {
                continue;
            }
            stack.extend(parent_index[c as usize].iter().copied());
        }
        let head_commit = head.and_then(|h| objects.gid(&h)).and_then(index_of);
        let head_tree = head_commit.and_then(|c| commits[c as usize].tree);
        Graph {
            edges,
            edge_start,
            root_start,
            names,
            commits,
            roots,
            children,
            reachable,
            tips,
            tagged,
            head_commit,
            head_tree,
            dangling,
            broken,
            missing_parents,
        }
    }

    fn parents_of(&self, child: Gid) -> &[Edge] {
        let i = child as usize;
        &self.edges[self.edge_start[i] as usize..self.edge_start[i + 1] as usize]
    }

    fn commits_with_root(&self, tree: Gid) -> impl Iterator<Item = u32> + '_ {
        let i = tree as usize;
        self.roots[self.root_start[i] as usize..self.root_start[i + 1] as usize]
            .iter()
            .map(|r| r.1)
    }

    /// A tree where a path starts: the root tree of a commit, or a tree a ref points at.
    fn is_root(&self, tree: Gid) -> bool {
        self.commits_with_root(tree).next().is_some() || self.tagged.contains_key(&tree)
    }

    /// Root trees above `start` (a tree, or a blob), each with up to [`PATHS_PER_ROOT`] of
    /// its paths down to `start` (then `/leaf`) that `keep` accepts; roots whose every path is
    /// rejected are left out. Stops after `limit` roots with a kept path. With a `leaf`,
    /// `start` itself may be a root (a dangling entry of a commit's top tree).
    ///
    /// The walk up records the edges it takes, so the part of the graph between `start` and
    /// the roots is kept as links, not as strings; paths are spelled out only at the roots,
    /// where excludes can be applied to them. A root with more paths than
    /// [`PATH_BUDGET`] that are all rejected keeps its first one anyway: a cap may report a
    /// secret at an excluded path, never hide one.
    fn roots_above(
        &self,
        start: Gid,
        leaf: Option<u32>,
        limit: usize,
        keep: &dyn Fn(&str) -> bool,
    ) -> Vec<(Gid, Vec<String>)> {
        // down[parent] = the (child, name) edges by which the walk reached `parent`.
        let mut down: std::collections::HashMap<Gid, Vec<(Gid, u32)>> = Default::default();
        let mut queue = std::collections::VecDeque::from([start]);
        let mut seen = std::collections::HashSet::from([start]);
        let mut out = Vec::new();
        let leaf = leaf.map(|n| self.names[n as usize].to_str_lossy().into_owned());
        while let Some(node) = queue.pop_front() {
            if (node != start || leaf.is_some()) && self.is_root(node) {
                let paths = self.paths_down(node, start, &down, leaf.as_deref(), keep);
                if !paths.is_empty() {
                    out.push((node, paths));
                    if out.len() == limit {
                        break;
                    }
                }
            }
            for e in self.parents_of(node) {
                down.entry(e.parent).or_default().push((node, e.name));
                if seen.insert(e.parent) {
                    queue.push_back(e.parent);
                }
            }
        }
        out
    }

    /// Paths from `root` down to `start` through the recorded links, as described above.
    fn paths_down(
        &self,
        root: Gid,
        start: Gid,
        down: &std::collections::HashMap<Gid, Vec<(Gid, u32)>>,
        leaf: Option<&str>,
        keep: &dyn Fn(&str) -> bool,
    ) -> Vec<String> {
        let mut kept = Vec::new();
        let mut first = None;
        let mut spelled = 0;
        // (node, names from the root down to it)
        let mut stack: Vec<(Gid, Vec<u32>)> = vec![(root, Vec::new())];
        while let Some((node, names)) = stack.pop() {
            if node == start {
                let mut path = names
                    .iter()
                    .map(|&n| self.names[n as usize].to_str_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if let Some(leaf) = leaf {
                    if !path.is_empty() {
                        path.push('/');
                    }
                    path.push_str(leaf);
                }
                spelled += 1;
                if keep(&path) {
                    kept.push(path);
                    if kept.len() == PATHS_PER_ROOT {
                        break;
                    }
                } else if first.is_none() {
                    first = Some(path);
                }
                if spelled == PATH_BUDGET {
                    break;
                }
                continue;
            }
            for &(child, name) in down.get(&node).map(Vec::as_slice).unwrap_or(&[]) {
                let mut next = names.clone();
                next.push(name);
                stack.push((child, next));
            }
        }
        if kept.is_empty() && spelled == PATH_BUDGET {
            kept.extend(first);
        }
        kept
    }

    /// Where blob `gid` lives. Paths for which `keep` is false are left out, and so are the
    /// commits that hold the blob only there.
    pub fn whereabouts(
        &self,
        gid: Gid,
        keep: &dyn Fn(&str) -> bool,
        all_objects: bool,
    ) -> Result<Whereabouts, Unplaced> {
        // (commit, path) pairs, and refs that point at a tree above it or at it.
        let mut holders: Vec<(u32, &str)> = Vec::new();
        let mut head_paths: Vec<&str> = Vec::new();
        let mut tag_refs: Vec<&str> = Vec::new();
        let mut tag_paths: Vec<&str> = Vec::new();
        let all = |_: &str| true;
        let roots = self.roots_above(gid, None, usize::MAX, keep);
        let mut any_path = false;
        for (root, root_paths) in &roots {
            let kept: Vec<&str> = root_paths.iter().map(String::as_str).collect();
            any_path = true;
            if Some(*root) == self.head_tree {
                head_paths.extend(&kept);
            }
            for c in self.commits_with_root(*root) {
                if self.reachable[c as usize] {
                    holders.extend(kept.iter().map(|p| (c, *p)));
                }
            }
            if let Some(names) = self.tagged.get(root) {
                tag_refs.extend(names.iter().map(String::as_str));
                tag_paths.extend(&kept);
            }
        }
        if let Some(names) = self.tagged.get(&gid) {
            // A ref that points at the blob itself: the ref is its only name.
            tag_refs.extend(names.iter().map(String::as_str));
            tag_paths.extend(names.iter().map(String::as_str));
            any_path = true;
        }
        let reached = !holders.is_empty() || !tag_refs.is_empty();
        if !reached {
            // No kept path at all: excluded, if the blob has any path.
            if !any_path && !self.roots_above(gid, None, 1, &all).is_empty() {
                return Err(Unplaced::Excluded);
            }
            if !all_objects {
                return Err(Unplaced::Unreachable);
            }
        }
        let commit_ref = |c: u32| CommitRef {
            gid: self.commits[c as usize].gid,
            time: self.commits[c as usize].time,
        };
        holders
            .sort_by_key(|&(c, _)| (self.commits[c as usize].time, self.commits[c as usize].gid));
        // Per path: the first holder seen is the earliest, the last seen the latest.
        let mut places: Vec<PathPlace> = Vec::new();
        let mut index: std::collections::HashMap<&str, usize> = Default::default();
        for &(c, p) in &holders {
            match index.get(p) {
                Some(&i) => places[i].last = Some(commit_ref(c)),
                None => {
                    index.insert(p, places.len());
                    places.push(PathPlace {
                        path: p.to_string(),
                        first: Some(commit_ref(c)),
                        last: Some(commit_ref(c)),
                        in_head: head_paths.contains(&p),
                    });
                }
            }
        }
        let mut others: Vec<&str> = tag_paths;
        if !reached {
            // Unreachable, listed for --all-objects: its paths in dangling trees, if any.
            others.extend(roots.iter().flat_map(|r| &r.1).map(String::as_str));
        }
        for p in others {
            if !index.contains_key(p) {
                index.insert(p, places.len());
                places.push(PathPlace {
                    path: p.to_string(),
                    first: None,
                    last: None,
                    in_head: false,
                });
            }
        }
        let paths_total = places.len();
        places.truncate(MAX_PATHS);
        let (mut refs, mut refs_total, head_reaches) =
            self.refs_reaching(holders.iter().map(|h| h.0));
        tag_refs.sort_unstable();
        tag_refs.dedup();
        for r in tag_refs {
            if !refs.iter().any(|x| x == r) {
                refs_total += 1;
                if refs.len() < MAX_REFS {
                    refs.push(r.to_string());
                }
            }
        }
        Ok(Whereabouts {
            paths: places,
            paths_total,
            head_reaches,
            refs,
            refs_total,
        })
    }

    /// Refs whose tip descends from (or is) one of `holders`.
    fn refs_reaching(&self, holders: impl Iterator<Item = u32>) -> (Vec<String>, usize, bool) {
        let mut marked = vec![false; self.commits.len()];
        let mut stack: Vec<u32> = holders.collect();
        while let Some(c) = stack.pop() {
            if std::mem::replace(&mut marked[c as usize], true) {
                continue;
            }
            let start = self.children.partition_point(|e| e.0 < c);
            stack.extend(
                self.children[start..]
                    .iter()
                    .take_while(|e| e.0 == c)
                    .map(|e| e.1),
            );
        }
        let mut refs = Vec::new();
        let mut total = 0;
        for (name, c) in &self.tips {
            if marked[*c as usize] && name != "HEAD" {
                total += 1;
                if refs.len() < MAX_REFS {
                    refs.push(name.clone());
                }
            }
        }
        let head = self.head_commit.is_some_and(|h| marked[h as usize]);
        (refs, total, head)
    }

    /// The path of a dangling entry (missing object or gitlink), through the first root tree
    /// found above it.
    pub fn dangling_path(&self, d: &Dangling, keep: &dyn Fn(&str) -> bool) -> Option<String> {
        if d.name == u32::MAX {
            return None; // a commit's root tree
        }
        self.roots_above(d.parent, Some(d.name), 1, keep)
            .into_iter()
            .next()
            .and_then(|(_, paths)| paths.into_iter().next())
    }
}
