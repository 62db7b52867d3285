//! The master key file: made once by `hopenow keygen`, readable by its owner only.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::crypto::{CryptoError, MasterKey};

/// Why a key file could not be written or read. Messages name the file and the fix.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error(
        "key file {path} already exists; refusing to overwrite a master key (the data it protects would be lost). Move it away first if you really mean to replace it"
    )]
    /// `hopenow keygen` found a key file in the way.
    Exists {
        /// The key file.
        path: PathBuf,
    },
    #[error("cannot write key file {path}: {source}")]
    /// The new key file could not be written.
    Write {
        /// The key file.
        path: PathBuf,
        /// Why not.
        source: std::io::Error,
    },
    #[error(
        "cannot read key file {path}: {source}. Check the path in [keys] master_key_file, or set HOPENOW_MASTER_KEY"
    )]
    /// The key file could not be read.
    Read {
        /// The key file.
        path: PathBuf,
        /// Why not.
        source: std::io::Error,
    },
    #[error(
        "key file {path} is readable by group or others (mode {mode:04o}); run `chmod 600 {path}` and make sure only the hopenow user owns it"
    )]
    /// Others could read the key file: refused rather than used.
    TooOpen {
        /// The key file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    #[error(
        "key file {path} does not hold a master key: {source}. Make a new one with `hopenow keygen` only if this data dir is new"
    )]
    /// The file does not hold a key.
    Format {
        /// The key file.
        path: PathBuf,
        /// What is wrong with its text.
        source: CryptoError,
    },
}

/// Writes a new key file with mode 0600. Never overwrites.
pub fn write_new(path: &Path, key: &MasterKey) -> Result<(), KeyFileError> {
    let mut file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            KeyFileError::Exists { path: path.to_owned() }
        } else {
            KeyFileError::Write { path: path.to_owned(), source }
        }
    })?;
    let mut text = key.to_hex();
    text.push('\n');
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|source| KeyFileError::Write { path: path.to_owned(), source })
}

/// Reads a key file, refusing one that group or others could read.
pub fn read(path: &Path) -> Result<MasterKey, KeyFileError> {
    let metadata = fs::metadata(path).map_err(|source| KeyFileError::Read { path: path.to_owned(), source })?;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(KeyFileError::TooOpen { path: path.to_owned(), mode });
    }
    let text = Zeroizing::new(
        fs::read_to_string(path).map_err(|source| KeyFileError::Read { path: path.to_owned(), source })?,
    );
    MasterKey::from_hex(&text).map_err(|source| KeyFileError::Format { path: path.to_owned(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_with_mode_0600_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key");
        let key = MasterKey::generate().unwrap();
        write_new(&path, &key).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(read(&path).unwrap().to_hex().as_str(), key.to_hex().as_str());
    }

    #[test]
    fn never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key");
        write_new(&path, &MasterKey::generate().unwrap()).unwrap();
        let before = fs::read(&path).unwrap();
        let err = write_new(&path, &MasterKey::generate().unwrap()).unwrap_err();
        assert!(matches!(err, KeyFileError::Exists { .. }));
        assert_eq!(fs::read(&path).unwrap(), before);
    }

    #[test]
    fn group_readable_file_is_refused_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key");
        write_new(&path, &MasterKey::generate().unwrap()).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let message = read(&path).unwrap_err().to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains("mode 0644"), "{message}");
        assert!(message.contains(&format!("chmod 600 {}", path.display())), "{message}");
    }

    #[test]
    fn garbage_is_a_format_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key");
        fs::write(&path, "not a key").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        let message = read(&path).unwrap_err().to_string();
        assert!(message.contains("does not hold a master key"), "{message}");
        assert!(message.contains(&path.display().to_string()), "{message}");
    }
}
