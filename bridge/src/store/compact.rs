//! Compaction: what a shred removed must leave the disk, not only the index.
//!
//! sled is a log: a removed or replaced value stays in its file until the space is reused,
//! which may be never. A compaction copies every live (key, sealed value) pair, as it is, into
//! a fresh database in the next generation folder, makes it durable, switches `current` to it
//! (see [`super::layout`]) and overwrites and removes the old files. Values are sealed to their
//! place (tree ‖ key), not to a file, so the copies open as before. Trees are streamed, so the
//! memory used does not grow with the store.

use std::sync::atomic::Ordering;
use std::time::Instant;

use super::layout::{self, Generation};
use super::{Store, StoreError, open_db};

/// What a compaction did, for the operator's log and the benchmark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Compacted {
    /// Records copied (every tree, the meta tree included).
    pub records: u64,
    /// The sled folder's size before, in bytes.
    pub bytes_before: u64,
    /// The sled folder's size after, in bytes.
    pub bytes_after: u64,
    /// How long it took.
    pub millis: u64,
}

/// A hook that stops a compaction at a named point, for the crash tests (a child process is
/// killed there). Never set in production.
#[doc(hidden)]
pub static PAUSE_AT: std::sync::OnceLock<Pause> = std::sync::OnceLock::new();

/// What [`PAUSE_AT`] calls with the name of each point a compaction reaches.
#[doc(hidden)]
pub type Pause = Box<dyn Fn(&str) + Send + Sync>;

pub(crate) fn reached(point: &str) {
    if let Some(pause) = PAUSE_AT.get() {
        pause(point);
    }
}

impl Store {
    /// Whether removed values may still be in the files: something was shredded since the last
    /// compaction, or since this store was opened (a crash may have come in between).
    pub(crate) fn shred_pending(&self) -> bool {
        self.shred_pending.load(Ordering::Acquire)
    }

    /// Records that a shred removed values that a compaction must take off the disk.
    pub(crate) fn note_shred(&self) {
        self.shred_pending.store(true, Ordering::Release);
    }

    /// Rewrites the store into a fresh database holding only live records, and destroys the old
    /// files. Every other use of the store waits meanwhile; the engine calls it between turns.
    pub fn compact(&self) -> Result<Compacted, StoreError> {
        let started = Instant::now();
        let exclusive = self.live.exclusive();
        let old = exclusive.db();
        old.db.flush()?;
        let mut generation = self.generation.lock().map_err(|_| StoreError::Poisoned)?;
        let base = self.path.as_path();
        let io = |source| StoreError::DataDir { path: base.to_owned(), source };
        layout::erase_leftovers(base, &generation)?;
        let bytes_before = folder_bytes(&generation.folder(base), &generation);
        let next = generation.next();
        let folder = next.folder(base);
        layout::create_folder(&folder).map_err(io)?;
        reached("copy");
        let copied = copy(&old.db, &folder, base);
        let (fresh, records) = match copied {
            Ok(copied) => copied,
            Err(error) => {
                // The live database is untouched; the half copy goes now (or at the next open).
                let _ = layout::erase_leftovers(base, &generation);
                return Err(error);
            }
        };
        layout::sync_dir(&folder)?;
        reached("switch");
        layout::set_current(base, &next)?;
        // Nobody else was in since the copy began, so the two hold the same records; from here
        // the new one is the store.
        self.shred_pending.store(false, Ordering::Release);
        drop(old);
        drop(exclusive.replace(fresh));
        let previous = std::mem::replace(&mut *generation, next);
        reached("erase");
        if let Err(error) = layout::erase(base, &previous) {
            // The old files are still there: the next maintenance tries again.
            self.note_shred();
            return Err(error);
        }
        let bytes_after = folder_bytes(&folder, &generation);
        let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        tracing::info!(records, bytes_before, bytes_after, millis, "store compacted");
        Ok(Compacted { records, bytes_before, bytes_after, millis })
    }
}

/// Copies every tree of `from` into a new database in `folder`, durably.
fn copy(
    from: &sled::Db,
    folder: &std::path::Path,
    base: &std::path::Path,
) -> Result<(super::gate::Db, u64), StoreError> {
    let to = open_db(folder, base)?;
    let mut records = 0u64;
    for name in from.tree_names() {
        let source = from.open_tree(&name)?;
        let target = to.open_tree(&name)?;
        let mut batch = sled::Batch::default();
        let mut in_batch = 0usize;
        for item in source.iter() {
            let (key, value) = item?;
            batch.insert(key, value);
            in_batch += 1;
            records += 1;
            if records.is_multiple_of(BATCH as u64) {
                reached("copy");
            }
            // Bounded: a batch is applied once it holds this many records.
            if in_batch == BATCH {
                target.apply_batch(std::mem::take(&mut batch))?;
                in_batch = 0;
            }
        }
        target.apply_batch(batch)?;
    }
    to.flush()?;
    let trees = super::TreeName::ALL.iter().map(|t| to.open_tree(t.name())).collect::<Result<Vec<_>, _>>()?;
    Ok((super::gate::Db { db: to, trees }, records))
}

const BATCH: usize = 1024;

/// The bytes of a generation's sled files (for the legacy layout only sled's own files, not the
/// rest of the data dir).
fn folder_bytes(folder: &std::path::Path, generation: &Generation) -> u64 {
    fn walk(path: &std::path::Path) -> u64 {
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() => std::fs::read_dir(path)
                .map(|entries| entries.filter_map(Result::ok).map(|e| walk(&e.path())).sum())
                .unwrap_or(0),
            Ok(meta) => meta.len(),
            Err(_) => 0,
        }
    }
    match generation {
        Generation::Numbered(_) => walk(folder),
        Generation::Legacy => std::fs::read_dir(folder)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| {
                        let name = e.file_name();
                        let name = name.to_string_lossy();
                        ["conf", "db", "blobs"].contains(&name.as_ref()) || name.starts_with("snap.")
                    })
                    .map(|e| walk(&e.path()))
                    .sum()
            })
            .unwrap_or(0),
    }
}
