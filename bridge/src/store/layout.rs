//! Where in the data dir the live sled database is, and how a compaction hands over to a new
//! one so that a crash at any moment leaves exactly one complete database.
//!
//! The data dir holds `lock` (held while a store is open), `current` (the name of the live
//! generation, e.g. `store-3`) and that generation's sled folder. Data dirs made before
//! compaction existed have sled's files at their top (`conf`, `db`, `snap.*`, `blobs/`) and no
//! `current`; they stay so until their first compaction. A compaction writes generation n + 1
//! beside the live one, makes it durable, and then replaces `current` with one atomic rename:
//! that rename is the moment the new one becomes the store. On open, whatever is not the live
//! generation is a leftover (an unfinished copy, or an old generation not yet erased) and is
//! erased.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::StoreError;

const LOCK: &str = "lock";
const CURRENT: &str = "current";
const CURRENT_NEXT: &str = "current.next";
const GENERATION_PREFIX: &str = "store-";
/// What sled 0.34 keeps in its folder; for a data dir of the old layout, its top level.
const SLED_FILES: [&str; 3] = ["conf", "db", "blobs"];
const SLED_SNAPSHOT_PREFIX: &str = "snap.";

/// How long to wait for a lock that the same process has only just released.
const LOCK_WAIT: Duration = Duration::from_secs(1);

/// The live sled database's place in a data dir.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Generation {
    /// sled's files at the top of the data dir: a data dir made before compaction existed.
    Legacy,
    /// `store-<n>`, named by `current`.
    Numbered(u64),
}

impl Generation {
    pub(crate) fn folder(&self, base: &Path) -> PathBuf {
        match self {
            Self::Legacy => base.to_owned(),
            Self::Numbered(n) => base.join(format!("{GENERATION_PREFIX}{n}")),
        }
    }

    pub(crate) fn next(&self) -> Self {
        match self {
            Self::Legacy => Self::Numbered(1),
            Self::Numbered(n) => Self::Numbered(n.saturating_add(1)),
        }
    }
}

fn io_error(base: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::DataDir { path: base.to_owned(), source }
}

/// Takes the data dir's lock, held until the returned file is dropped. Another process holding
/// it is [`StoreError::Locked`]; this process's own just-closed store is waited for a moment.
pub(crate) fn lock(base: &Path) -> Result<File, StoreError> {
    let file =
        OpenOptions::new().create(true).truncate(false).write(true).open(base.join(LOCK)).map_err(io_error(base))?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(fs::TryLockError::WouldBlock) if started.elapsed() <= LOCK_WAIT => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(fs::TryLockError::WouldBlock) => return Err(StoreError::Locked { path: base.to_owned() }),
            Err(fs::TryLockError::Error(source)) => return Err(io_error(base)(source)),
        }
    }
}

/// Finds the live generation and erases every leftover of an interrupted compaction. Runs with
/// the lock held. A new data dir starts at generation 1.
pub(crate) fn recover(base: &Path) -> Result<Generation, StoreError> {
    let _ = fs::remove_file(base.join(CURRENT_NEXT));
    let generations = numbered_folders(base)?;
    let live = match read_current(base)? {
        Some(live) => {
            if !live.folder(base).is_dir() {
                return Err(StoreError::DataDir {
                    path: base.to_owned(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        format!(
                            "`{CURRENT}` names {}, which is missing: restore the data dir from a backup",
                            live.folder(base).display()
                        ),
                    ),
                });
            }
            live
        }
        None if base.join("db").exists() => Generation::Legacy,
        None => {
            // A first generation that was being set up holds no data yet; anything else without
            // `current` is a damaged data dir that erasing would only make worse.
            if generations.iter().any(|n| holds_data(&Generation::Numbered(*n).folder(base))) {
                return Err(StoreError::DataDir {
                    path: base.to_owned(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        format!(
                            "`{CURRENT}` is missing but store folders are present: restore the data dir from a backup"
                        ),
                    ),
                });
            }
            for n in &generations {
                erase_tree(&Generation::Numbered(*n).folder(base)).map_err(io_error(base))?;
            }
            let first = Generation::Numbered(1);
            create_folder(&first.folder(base)).map_err(io_error(base))?;
            set_current(base, &first)?;
            return Ok(first);
        }
    };
    erase_leftovers(base, &live)?;
    Ok(live)
}

/// Erases every generation folder but `live`'s: unfinished copies and old generations whose
/// erasure a crash or an error interrupted.
pub(crate) fn erase_leftovers(base: &Path, live: &Generation) -> Result<(), StoreError> {
    if live != &Generation::Legacy && base.join("db").exists() {
        erase_legacy(base)?;
    }
    for n in numbered_folders(base)? {
        let generation = Generation::Numbered(n);
        if &generation != live {
            erase_tree(&generation.folder(base)).map_err(io_error(base))?;
        }
    }
    Ok(())
}

fn holds_data(folder: &Path) -> bool {
    fs::metadata(folder.join("db")).is_ok_and(|m| m.len() > 0)
}

fn numbered_folders(base: &Path) -> Result<Vec<u64>, StoreError> {
    let mut found = Vec::new();
    for entry in fs::read_dir(base).map_err(io_error(base))? {
        let entry = entry.map_err(io_error(base))?;
        let name = entry.file_name();
        if let Some(n) = name.to_str().and_then(|n| n.strip_prefix(GENERATION_PREFIX)).and_then(|n| n.parse().ok()) {
            found.push(n);
        }
    }
    Ok(found)
}

fn read_current(base: &Path) -> Result<Option<Generation>, StoreError> {
    let mut text = String::new();
    match File::open(base.join(CURRENT)) {
        Ok(mut file) => file.read_to_string(&mut text).map_err(io_error(base))?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(io_error(base)(error)),
    };
    let n = text.trim().strip_prefix(GENERATION_PREFIX).and_then(|n| n.parse().ok()).ok_or_else(|| {
        StoreError::DataDir {
            path: base.to_owned(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("`{CURRENT}` does not name a store folder: restore the data dir from a backup"),
            ),
        }
    })?;
    Ok(Some(Generation::Numbered(n)))
}

/// Makes `generation` the live one: the one atomic step of a compaction. Before it, the data dir
/// opens with the old generation; after it, with the new one.
pub(crate) fn set_current(base: &Path, generation: &Generation) -> Result<(), StoreError> {
    let Generation::Numbered(n) = generation else { return Ok(()) };
    let next = base.join(CURRENT_NEXT);
    let mut file = File::create(&next).map_err(io_error(base))?;
    file.write_all(format!("{GENERATION_PREFIX}{n}\n").as_bytes()).map_err(io_error(base))?;
    file.sync_all().map_err(io_error(base))?;
    fs::rename(&next, base.join(CURRENT)).map_err(io_error(base))?;
    // The switch has happened: from here the new generation is the store whatever else fails,
    // or writes that follow would go to a folder the next start no longer opens.
    if let Err(error) = sync_dir(base) {
        tracing::warn!(%error, "the data dir could not be synced after a compaction's switch");
    }
    Ok(())
}

/// A generation's folder, readable by the owner only like the data dir.
pub(crate) fn create_folder(folder: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new().mode(0o700).create(folder)
}

pub(crate) fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(io_error(dir))
}

/// Erases a generation that is no longer live.
pub(crate) fn erase(base: &Path, generation: &Generation) -> Result<(), StoreError> {
    match generation {
        Generation::Legacy => erase_legacy(base),
        Generation::Numbered(_) => erase_tree(&generation.folder(base)).map_err(io_error(base)),
    }?;
    sync_dir(base)
}

/// sled's files at the top of a data dir, and nothing else there (the Matrix store, the lock and
/// the generations stay).
fn erase_legacy(base: &Path) -> Result<(), StoreError> {
    for entry in fs::read_dir(base).map_err(io_error(base))? {
        let entry = entry.map_err(io_error(base))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if SLED_FILES.contains(&name) || name.starts_with(SLED_SNAPSHOT_PREFIX) {
            erase_tree(&entry.path()).map_err(io_error(base))?;
        }
    }
    Ok(())
}

/// Overwrites every file under `path` with zeros, makes that durable, and removes it. On a
/// disk that writes in place this destroys the bytes; what a journaling or copy-on-write file
/// system or an SSD's remapping keeps elsewhere is beyond a program's reach (SECURITY.md).
pub(crate) fn erase_tree(path: &Path) -> std::io::Result<()> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    if meta.is_dir() {
        for entry in fs::read_dir(path)? {
            erase_tree(&entry?.path())?;
        }
        return fs::remove_dir(path);
    }
    if meta.is_file() {
        super::compact::reached("erase-file");
        overwrite(path, meta.len())?;
    }
    fs::remove_file(path)
}

fn overwrite(path: &Path, len: u64) -> std::io::Result<()> {
    const CHUNK: usize = 1 << 20;
    let zeros = vec![0u8; CHUNK];
    let mut file = OpenOptions::new().write(true).open(path)?;
    file.seek(SeekFrom::Start(0))?;
    let mut left = len;
    while left > 0 {
        let n = usize::try_from(left).map_or(CHUNK, |l| l.min(CHUNK));
        file.write_all(zeros.get(..n).unwrap_or(&zeros))?;
        left = left.saturating_sub(n as u64);
    }
    file.sync_all()
}

#[cfg(test)]
mod tests;

/// Where a data dir at schema `found` is copied before a newer build migrates it: beside it, as
/// `<data dir>.bak-<found>`, so an upgrade that goes wrong can be undone by putting the copy back
/// (README, "Upgrades").
pub fn pre_migration_copy(base: &Path, found: u32) -> PathBuf {
    let mut name = base.file_name().map(|name| name.to_os_string()).unwrap_or_else(|| "data".into());
    name.push(format!(".bak-{found}"));
    base.with_file_name(name)
}

/// Copies the data dir, all but its lock, to [`pre_migration_copy`]. A copy that an earlier,
/// interrupted start already made is kept: it holds the state before any migration step ran.
/// The copy is written as `<copy>.partial` and renamed when complete, so one cut short (a full
/// disk, a crash) is never taken for whole; a leftover `.partial` is erased first.
pub(crate) fn copy_before_migration(base: &Path, found: u32) -> Result<PathBuf, StoreError> {
    let base = fs::canonicalize(base).map_err(io_error(base))?;
    let copy = pre_migration_copy(&base, found);
    if copy.exists() {
        return Ok(copy);
    }
    let mut partial = copy.clone().into_os_string();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    if partial.exists() {
        erase_tree(&partial).map_err(io_error(&partial))?;
    }
    let copied = copy_tree(&base, &partial, &base.join(LOCK)).and_then(|()| fs::rename(&partial, &copy));
    if let Err(source) = copied {
        // Whatever was copied is the visitors' sealed data: it goes the way shredded data goes.
        let _ = erase_tree(&partial);
        return Err(StoreError::DataDir { path: copy, source });
    }
    if let Some(parent) = copy.parent() {
        sync_dir(parent)?;
    }
    Ok(copy)
}

/// `from` into a new folder `to`, owner-only like the data dir, every file synced; `skip` (the
/// lock, which the running process holds) is left out. The data dir holds no symbolic links.
fn copy_tree(from: &Path, to: &Path, skip: &Path) -> std::io::Result<()> {
    fs::DirBuilder::new().mode(0o700).create(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if entry.path() == skip {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_tree(&entry.path(), &to.join(&name), skip)?;
        } else if kind.is_file() {
            let mut source = File::open(entry.path())?;
            let mut target = OpenOptions::new().write(true).create_new(true).mode(0o600).open(to.join(&name))?;
            std::io::copy(&mut source, &mut target)?;
            target.sync_all()?;
        }
    }
    File::open(to)?.sync_all()
}
