//! Every object of a repository, decoded once, in parallel, in pack order.
//!
//! Random access to a pack decodes each object from its delta chain, again and again for
//! objects that share bases. Here each pack's delta tree is walked instead (what `git
//! index-pack` does): a base is decoded once and its deltas are applied to it while it is in
//! memory, on every thread. Objects are handed out by kind, blobs first, so their scan can
//! decide which tree entries matter before any tree is read.
//!
//! A pack that cannot be walked (a corrupt or truncated entry aborts the walk) falls back to
//! reading its remaining objects one by one, so a damaged object loses only itself. Loose
//! objects are read one by one. Memory: about 60 bytes per object for the tables below, plus
//! each thread's chain of decoded bases.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use gix::ObjectId;
use gix::hashtable::HashMap;
use gix::objs::Kind;
use gix::odb::pack;
use gix::prelude::Find;

use crate::error::Skipped;

/// An object's number in [`Objects`]: its position across all packs, then loose objects.
pub type Gid = u32;

const UNKNOWN: u8 = 0;
const NOT_WALKABLE: u32 = u32::MAX;

fn kind_code(kind: Kind) -> u8 {
    match kind {
        Kind::Commit => 1,
        Kind::Tree => 2,
        Kind::Blob => 3,
        Kind::Tag => 4,
    }
}

fn code_kind(code: u8) -> Option<Kind> {
    Some(match code {
        1 => Kind::Commit,
        2 => Kind::Tree,
        3 => Kind::Blob,
        4 => Kind::Tag,
        _ => return None,
    })
}

/// A pack's read-only mapping, shared with gix's reader so that its pages can be handed back to
/// the page cache while the pack is walked: resident memory then stays bounded by what a few
/// hundred megabytes of decoding touch, not by the size of the pack.
#[derive(Clone)]
struct Mapping(Arc<memmap2::Mmap>);

impl std::ops::Deref for Mapping {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl Mapping {
    fn open(path: &std::path::Path) -> std::io::Result<Mapping> {
        let file = std::fs::File::open(path)?;
        #[allow(unsafe_code)]
        // SAFETY: a read-only mapping of a pack file, which git never rewrites in place (packs
        // are replaced by renaming). As with any mapping, a file truncated underneath raises
        // SIGBUS; gix maps packs the same way.
        let map = unsafe { memmap2::Mmap::map(&file) }?;
        Ok(Mapping(Arc::new(map)))
    }

    /// Drops the mapping's resident pages; they are read back from the page cache when used.
    fn release(&self) {
        #[allow(unsafe_code)]
        // SAFETY: a shared, read-only mapping of a file that is never written (see `open`):
        // MADV_DONTNEED only drops this process's page-table entries, and a later access reads
        // the same bytes back from the page cache. No reference into the mapping is
        // invalidated: its contents do not change.
        let _ = unsafe { self.0.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
    }
}

/// Bytes of pack data walked between two [`Mapping::release`] calls.
const RELEASE_EVERY: u64 = 64 * 1024 * 1024;

struct Pack {
    index: pack::index::File,
    data: pack::data::File<Mapping>,
    map: Mapping,
    /// The gids of its objects.
    gids: std::ops::Range<Gid>,
    /// (pack offset, gid), ascending by offset.
    by_offset: Vec<(u64, Gid)>,
}

/// The objects of a repository's object database (and its alternates).
pub struct Objects {
    repo: gix::ThreadSafeRepository,
    packs: Vec<Pack>,
    ids: Vec<ObjectId>,
    kinds: Vec<u8>,
    /// By gid: the size of the base object at the root of its delta chain (saturated), or
    /// [`NOT_WALKABLE`] for objects read by id (loose, or their chain leaves the pack).
    root_size: Vec<u32>,
    lookup: HashMap<ObjectId, Gid>,
    /// Objects that are not the first copy of their id (in a second pack, or loose as well).
    duplicate: Vec<bool>,
    pub skipped: Vec<Skipped>,
}

/// Why an object was not handed to the visitor.
#[derive(Debug, Clone)]
pub enum Unread {
    TooLarge(u64),
    Failed(String),
}

/// Receives decoded objects on every thread. Each thread has its own `State`, made on first use
/// and handed to [`Visitor::finish`] when the thread is done.
pub trait Visitor: Sync {
    type State: Send;
    fn state(&self) -> Self::State;
    fn object(&self, state: &mut Self::State, gid: Gid, id: &gix::oid, data: &[u8]);
    fn finish(&self, state: Self::State);
}

/// A thread's state: made lazily, so cloning a traversal closure per thread makes nothing.
struct Lazy<'v, V: Visitor> {
    visitor: &'v V,
    state: Option<V::State>,
}

impl<V: Visitor> Clone for Lazy<'_, V> {
    fn clone(&self) -> Self {
        Lazy {
            visitor: self.visitor,
            state: None,
        }
    }
}

impl<V: Visitor> Lazy<'_, V> {
    fn get(&mut self) -> &mut V::State {
        self.state.get_or_insert_with(|| self.visitor.state())
    }
}

impl<V: Visitor> Drop for Lazy<'_, V> {
    fn drop(&mut self) {
        if let Some(state) = self.state.take() {
            self.visitor.finish(state);
        }
    }
}

impl Objects {
    /// Lists every object: each pack's index, then the loose objects, and the kind of each.
    pub fn open(repo: &gix::Repository) -> Result<Objects, String> {
        let hash = repo.object_hash();
        let mut skipped = Vec::new();
        let structure = repo
            .objects
            .store_ref()
            .structure()
            .map_err(|e| format!("cannot list the object database: {e}"))?;
        let mut dirs = Vec::new();
        for record in structure {
            if let gix::odb::store::structure::Record::LooseObjectDatabase {
                objects_directory,
                ..
            } = record
            {
                dirs.push(objects_directory);
            }
        }
        let mut objects = Objects {
            repo: repo.clone().into_sync(),
            packs: Vec::new(),
            ids: Vec::new(),
            kinds: Vec::new(),
            root_size: Vec::new(),
            lookup: HashMap::default(),
            duplicate: Vec::new(),
            skipped: Vec::new(),
        };
        for dir in &dirs {
            let mut idx_files: Vec<PathBuf> = std::fs::read_dir(dir.join("pack"))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "idx"))
                .collect();
            idx_files.sort();
            for idx_path in idx_files {
                let pack_path = idx_path.with_extension("pack");
                let opened = pack::index::File::at(&idx_path, hash)
                    .map_err(|e| e.to_string())
                    .and_then(|index| {
                        let map = Mapping::open(&pack_path).map_err(|e| e.to_string())?;
                        pack::data::File::from_data(map.clone(), pack_path.clone(), hash)
                            .map(|data| (index, data, map))
                            .map_err(|e| e.to_string())
                    });
                match opened {
                    Ok((index, data, map)) => objects.add_pack(index, data, map, &mut skipped),
                    Err(e) => skipped.push(Skipped::unreadable(
                        format!("pack {}", pack_path.display()),
                        format!("cannot open: {e}"),
                    )),
                }
            }
        }
        for dir in &dirs {
            let loose = gix::odb::loose::Store::at(dir, hash);
            for id in loose.iter() {
                match id {
                    Ok(id) => {
                        let kind = match repo.find_header(id) {
                            Ok(h) => kind_code(h.kind()),
                            Err(e) => {
                                skipped.push(Skipped::unreadable(format!("object {id}"), e));
                                UNKNOWN
                            }
                        };
                        objects.push(id, kind);
                    }
                    Err(e) => skipped.push(Skipped::unreadable(
                        format!("loose objects in {}", dir.display()),
                        e,
                    )),
                }
            }
        }
        objects.skipped = skipped;
        Ok(objects)
    }

    fn push(&mut self, id: ObjectId, kind: u8) -> Gid {
        let gid = self.ids.len() as Gid;
        self.ids.push(id);
        self.kinds.push(kind);
        self.root_size.push(NOT_WALKABLE);
        let first = *self.lookup.entry(id).or_insert(gid);
        self.duplicate.push(first != gid);
        gid
    }

    fn add_pack(
        &mut self,
        index: pack::index::File,
        data: pack::data::File<Mapping>,
        map: Mapping,
        skipped: &mut Vec<Skipped>,
    ) {
        let base = self.ids.len() as Gid;
        let mut by_offset = Vec::with_capacity(index.num_objects() as usize);
        for (i, entry) in index.iter().enumerate() {
            self.push(entry.oid, UNKNOWN);
            by_offset.push((entry.pack_offset, base + i as Gid));
        }
        by_offset.sort_unstable();
        // An entry's kind is its chain's base object's kind. Offset deltas point backwards,
        // but reference deltas may point forwards (`index-pack --fix-thin` appends the bases
        // of a fetched thin pack at its end), so chains are resolved after all headers are read.
        const NONE: Gid = Gid::MAX;
        let n = by_offset.len();
        let mut base_of = vec![NONE; n]; // by position in the index, for deltas
        let mut released_at = 0;
        for &(offset, gid) in &by_offset {
            use pack::data::entry::Header;
            if offset - released_at >= RELEASE_EVERY {
                map.release();
                released_at = offset;
            }
            let i = (gid - base) as usize;
            let entry = match data.entry(offset) {
                Ok(e) => e,
                Err(e) => {
                    // Read by id later (gix may still find it elsewhere), or reported then.
                    let _ = e;
                    continue;
                }
            };
            let mut set = |kind| {
                self.kinds[gid as usize] = kind_code(kind);
                self.root_size[gid as usize] =
                    u32::try_from(entry.decompressed_size).unwrap_or(u32::MAX - 1);
            };
            match entry.header {
                Header::Commit => set(Kind::Commit),
                Header::Tree => set(Kind::Tree),
                Header::Blob => set(Kind::Blob),
                Header::Tag => set(Kind::Tag),
                Header::OfsDelta { base_distance } => {
                    if let Some(b) = offset.checked_sub(base_distance).and_then(|o| {
                        by_offset
                            .binary_search_by_key(&o, |&(off, _)| off)
                            .ok()
                            .map(|j| by_offset[j].1)
                    }) {
                        base_of[i] = b;
                    }
                }
                Header::RefDelta { base_id } => {
                    if let Some(j) = index.lookup(base_id) {
                        base_of[i] = base + j;
                    }
                }
            }
        }
        // Settle each chain once: walk down to a settled entry, then copy back up. Each entry
        // is settled once, so a (malformed) cycle costs its length once and settles unknown.
        const OPEN: u8 = 0;
        const ON_CHAIN: u8 = 1;
        const SETTLED: u8 = 2;
        let mut state = vec![OPEN; n];
        let mut chain = Vec::new();
        for i in 0..n {
            let mut at = base + i as Gid;
            while state[(at - base) as usize] == OPEN
                && self.kinds[at as usize] == UNKNOWN
                && base_of[(at - base) as usize] != NONE
            {
                state[(at - base) as usize] = ON_CHAIN;
                chain.push(at);
                at = base_of[(at - base) as usize];
            }
            // A chain that runs into itself ends unknown.
            let cycle = state[(at - base) as usize] == ON_CHAIN;
            let (kind, size) = if cycle {
                (UNKNOWN, NOT_WALKABLE)
            } else {
                (self.kinds[at as usize], self.root_size[at as usize])
            };
            state[(at - base) as usize] = SETTLED;
            for g in chain.drain(..) {
                self.kinds[g as usize] = kind;
                self.root_size[g as usize] = size;
                state[(g - base) as usize] = SETTLED;
            }
        }
        // Entries still unknown have a broken header or a base outside this pack: they are
        // left out of the walk and read by id, so gix resolves them or says why not.
        let repo = self.repo.to_thread_local();
        for gid in base..base + n as Gid {
            if self.kinds[gid as usize] == UNKNOWN {
                self.root_size[gid as usize] = NOT_WALKABLE;
                match repo.find_header(self.ids[gid as usize]) {
                    Ok(h) => self.kinds[gid as usize] = kind_code(h.kind()),
                    Err(e) => skipped.push(Skipped::unreadable(
                        format!("object {}", self.ids[gid as usize]),
                        e,
                    )),
                }
            }
        }
        map.release();
        self.packs.push(Pack {
            index,
            data,
            map,
            gids: base..self.ids.len() as Gid,
            by_offset,
        });
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn id(&self, gid: Gid) -> &gix::oid {
        &self.ids[gid as usize]
    }

    pub fn gid(&self, id: &gix::oid) -> Option<Gid> {
        self.lookup.get(id).copied()
    }

    pub fn kind(&self, gid: Gid) -> Option<Kind> {
        code_kind(self.kinds[gid as usize])
    }

    /// Decodes every object whose kind is in `kinds` and hands it to `visitor`, on `threads`
    /// threads; objects larger than `max_size` are not decoded. Returns what was not read:
    /// whole packs, and single objects by gid with the reason. Stops early when `cancelled()`
    /// turns true.
    pub fn for_each<V: Visitor>(
        &self,
        kinds: &[Kind],
        max_size: u64,
        threads: usize,
        cancelled: &(dyn Fn() -> bool + Sync),
        visitor: &V,
    ) -> (Vec<Skipped>, Vec<(Gid, Unread)>) {
        let wanted: Vec<u8> = kinds.iter().map(|&k| kind_code(k)).collect();
        let delivered: Vec<AtomicU8> = (0..self.ids.len()).map(|_| AtomicU8::new(0)).collect();
        let mut skipped = Vec::new();
        let failed = Mutex::new(Vec::new());
        let mut broken_walks = Vec::new();
        for pack in &self.packs {
            if cancelled() {
                break;
            }
            if let Err(e) = self.walk_pack(
                pack, &wanted, max_size, threads, cancelled, visitor, &delivered,
            ) && !cancelled()
            {
                broken_walks.push((pack, e));
            }
        }
        // Whatever the pack walks did not deliver (loose objects, or the rest of a damaged
        // pack) is read one by one.
        let rest: Vec<Gid> = (0..self.ids.len() as Gid)
            .filter(|&g| {
                wanted.contains(&self.kinds[g as usize])
                    && !self.duplicate[g as usize]
                    && delivered[g as usize].load(Ordering::Relaxed) == 0
            })
            .collect();
        if !rest.is_empty() && !cancelled() {
            use rayon::prelude::*;
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .ok();
            let run = || {
                rest.par_iter().for_each_init(
                    || {
                        (
                            Lazy {
                                visitor,
                                state: None,
                            },
                            self.repo.to_thread_local(),
                            Vec::new(),
                        )
                    },
                    |(state, repo, buf), &gid| {
                        if cancelled() {
                            return;
                        }
                        let id = self.id(gid);
                        let why = match repo.find_header(id).map(|h| h.size()) {
                            Ok(size) if size > max_size => Unread::TooLarge(size),
                            _ => match repo.objects.try_find(id, buf) {
                                // Read this way, a damaged entry (a truncated pack) can decode
                                // to wrong bytes without an error: the id is checked.
                                Ok(Some(data))
                                    if gix::objs::compute_hash(id.kind(), data.kind, data.data)
                                        .is_ok_and(|h| h == id) =>
                                {
                                    return visitor.object(state.get(), gid, id, data.data);
                                }
                                Ok(Some(_)) => Unread::Failed(
                                    "its content does not match its id (damaged pack)".into(),
                                ),
                                Ok(None) => Unread::Failed("object missing".to_string()),
                                Err(e) => Unread::Failed(e.to_string()),
                            },
                        };
                        // A large object read this way must not stay in the thread's buffer.
                        if buf.capacity() > 64 << 20 {
                            *buf = Vec::new();
                        }
                        failed
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push((gid, why));
                    },
                )
            };
            match pool {
                Some(pool) => pool.install(run),
                None => run(),
            }
        }
        let mut failed = failed.into_inner().unwrap_or_else(|e| e.into_inner());
        failed.sort_by_key(|f| f.0);
        // A walk stopped by an oversized object is no damage: the object-by-object reads that
        // follow skip it by its header. A pack is reported only if some object of it failed.
        for (pack, e) in broken_walks {
            if failed
                .iter()
                .any(|(g, why)| pack.gids.contains(g) && matches!(why, Unread::Failed(_)))
            {
                skipped.push(Skipped::unreadable(
                    format!("pack {}", pack.data.path().display()),
                    format!(
                        "its delta tree could not be walked ({e}); its objects were read one by one"
                    ),
                ));
            }
        }
        (skipped, failed)
    }

    #[allow(clippy::too_many_arguments)]
    fn walk_pack<V: Visitor>(
        &self,
        pack: &Pack,
        wanted: &[u8],
        max_size: u64,
        threads: usize,
        cancelled: &(dyn Fn() -> bool + Sync),
        visitor: &V,
        delivered: &[AtomicU8],
    ) -> Result<(), String> {
        // A pack cut short (or rewritten) no longer ends with the checksum its index records.
        // Its last entries would then decode from partial data without an error, so such a pack
        // is not walked: its objects are read by id, where each one's id is checked.
        if pack.map.len() < 12 + 2 * pack.data.object_hash().len_in_bytes()
            || pack.data.checksum() != pack.index.pack_checksum()
        {
            return Err("its trailer does not match its index (truncated or damaged)".into());
        }
        let interrupt = AtomicBool::new(false);
        // `Tree::from_offsets_in_pack` starts reading right after the pack header, so the
        // pack's first entry always leads the list (it is a base object; it is decoded and
        // passed over if its kind is not wanted).
        let entries = pack
            .by_offset
            .iter()
            .enumerate()
            .filter(|&(i, &(_, gid))| {
                // A chain whose base is oversized is left to the reads by id, which skip each
                // oversized object by its header instead of decoding it.
                let walkable = self.root_size[gid as usize] != NOT_WALKABLE
                    && u64::from(self.root_size[gid as usize]) <= max_size;
                i == 0 || (walkable && wanted.contains(&self.kinds[gid as usize]))
            })
            .map(|(_, e)| e);
        let (lower, _) = entries.size_hint();
        let entries: Vec<(u64, Gid)> = {
            let mut v = Vec::with_capacity(lower);
            v.extend(entries.copied());
            v
        };
        if !entries
            .iter()
            .any(|&(_, gid)| wanted.contains(&self.kinds[gid as usize]))
        {
            return Ok(());
        }
        let tree = pack::cache::delta::Tree::from_offsets_in_pack(
            pack.data.path(),
            entries.into_iter(),
            &|&(offset, _)| offset,
            &|id| {
                Ok(pack
                    .index
                    .lookup(id)
                    .map(|i| pack.index.pack_offset_at_index(i)))
            },
            &mut gix::progress::Discard,
            &interrupt,
            pack.data.object_hash(),
        )
        .map_err(|e| e.to_string())?;
        let mut state = Lazy {
            visitor,
            state: None,
        };
        let stop = &interrupt;
        let walked = AtomicU64::new(0);
        let walked = &walked;
        let inspect = move |item: &mut (u64, Gid),
                            _: &dyn gix::Progress,
                            ctx: pack::cache::delta::traverse::Context<'_>|
              -> gix::Result {
            let gid = item.1;
            if !wanted.contains(&self.kinds[gid as usize]) {
                return Ok(());
            }
            delivered[gid as usize].store(1, Ordering::Relaxed);
            let size = ctx.entry_end.saturating_sub(ctx.entry.data_offset);
            let before = walked.fetch_add(size, Ordering::Relaxed);
            if before / RELEASE_EVERY != (before + size) / RELEASE_EVERY {
                pack.map.release();
            }
            if cancelled() {
                stop.store(true, Ordering::Relaxed);
            } else if !self.duplicate[gid as usize] {
                visitor.object(state.get(), gid, self.id(gid), ctx.decompressed);
            }
            Ok(())
        };
        let walk = tree
            .traverse(
                |range, data: &pack::data::File<Mapping>| data.entry_slice(range),
                &pack.data,
                pack.data.pack_end() as u64,
                inspect,
                pack::cache::delta::traverse::Options {
                    object_progress: Box::new(gix::progress::Discard),
                    size_progress: &mut gix::progress::Discard,
                    thread_limit: Some(threads.max(1)),
                    should_interrupt: &interrupt,
                    object_hash: pack.data.object_hash(),
                    // An object over the limit stops the walk; the rest of the pack is then read one
                    // by one, where the oversized object is skipped by its header alone.
                    alloc_limit_bytes: Some(usize::try_from(max_size).unwrap_or(usize::MAX)),
                },
            )
            .map(|_| ())
            .map_err(|e| e.to_string());
        pack.map.release();
        walk
    }
}
