//! The free-space floor of the data dir's disk: below it, visitors' files are not fetched (the
//! engine tells the visitor and the duty room) and their words still flow, so a full disk never
//! stops a conversation and a flood of files cannot fill it.

use std::path::PathBuf;

/// Where the data dir is, and how much must stay free there.
#[derive(Clone, Debug)]
pub struct DiskFloor {
    path: PathBuf,
    min_free_bytes: u64,
}

impl DiskFloor {
    pub fn new(path: PathBuf, min_free_bytes: u64) -> Self {
        Self { path, min_free_bytes }
    }

    /// No floor (tests and tools that fetch nothing).
    pub fn none() -> Self {
        Self { path: PathBuf::from("/"), min_free_bytes: 0 }
    }

    /// The floor, in bytes; 0 is none.
    pub fn min_free_bytes(&self) -> u64 {
        self.min_free_bytes
    }

    /// Bytes free on the data dir's disk now; `None` if it cannot be asked.
    pub fn free_bytes(&self) -> Option<u64> {
        free_bytes(&self.path)
    }

    /// Whether a file must not be fetched now. A disk that cannot be asked counts as low: a file
    /// refused is better than a store that cannot write.
    pub fn low(&self) -> bool {
        if self.min_free_bytes == 0 {
            return false;
        }
        match free_bytes(&self.path) {
            Some(free) => free < self.min_free_bytes,
            None => true,
        }
    }
}

/// Bytes an unprivileged process may still write on the file system holding `path`.
pub fn free_bytes(path: &std::path::Path) -> Option<u64> {
    let stat = rustix::fs::statvfs(path).ok()?;
    Some(stat.f_bavail.saturating_mul(stat.f_frsize))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_compares_with_what_the_disk_has_free() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let free = free_bytes(dir.path()).unwrap_or_default();
        assert!(free > 0);
        assert!(!DiskFloor::new(dir.path().to_owned(), 1).low());
        assert!(DiskFloor::new(dir.path().to_owned(), free.saturating_mul(2)).low());
        assert!(!DiskFloor::none().low());
        assert!(DiskFloor::new(dir.path().join("gone"), 1).low(), "a disk that cannot be asked counts as low");
    }
}
