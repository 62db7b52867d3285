//! Large files of transcript entries, kept beside the sled database instead of in it.
//!
//! sled keeps what it was given in memory long after writing it: under a flood of 20 MB files it
//! held about 190 MB of file pieces in its cache and deferred garbage, whatever its cache size. A
//! file larger than [`FILE_PIECE`] therefore goes to a file of its own,
//! `<data dir>/files/<conversation>/<seq>`, as a run of pieces, each sealed under the
//! conversation's data key with its place (conversation ‖ seq ‖ piece number, the last one
//! flagged), so a file cut short, swapped with another or reordered fails as tampered.
//!
//! The file is durable before the transaction that names it commits. One whose entry never
//! committed (a transaction retried or abandoned, a crash) is erased at the next open, and so is a
//! conversation's folder once its data key is gone: the key's loss already made its files
//! unreadable, the erasure takes the bytes off the disk as far as a program can (SECURITY.md).

use std::fs::{self, File};
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use super::{StoreError, layout};
use crate::crypto::{DataKey, Place};
use crate::ids::ConversationId;

/// Files larger than this are kept in a file of their own, in pieces of this size.
pub(crate) const FILE_PIECE: usize = 64 * 1024;
/// Set in the piece number of a file's last piece.
const LAST_PIECE: u32 = 1 << 31;
const FOLDER: &str = "files";
const PLACE_TREE: &str = "files";
const PARTIAL: &str = ".partial";

/// The folder of large files in one data dir.
#[derive(Debug)]
pub(crate) struct Files {
    dir: PathBuf,
}

fn place_key(conversation: ConversationId, seq: u64, piece: u32) -> [u8; 28] {
    let mut key = [0u8; 28];
    key[..16].copy_from_slice(conversation.as_bytes());
    key[16..24].copy_from_slice(&seq.to_be_bytes());
    key[24..].copy_from_slice(&piece.to_be_bytes());
    key
}

fn parse_conversation(name: &str) -> Option<ConversationId> {
    let bytes: [u8; 16] = hex::decode(name).ok()?.try_into().ok()?;
    Some(ConversationId::from_bytes(bytes))
}

impl Files {
    pub(crate) fn new(data_dir: &Path) -> Self {
        Self { dir: data_dir.join(FOLDER) }
    }

    fn io(&self) -> impl Fn(std::io::Error) -> StoreError + '_ {
        move |source| StoreError::DataDir { path: self.dir.clone(), source }
    }

    fn conversation_dir(&self, conversation: ConversationId) -> PathBuf {
        self.dir.join(hex::encode(conversation.as_bytes()))
    }

    fn path(&self, conversation: ConversationId, seq: u64) -> PathBuf {
        self.conversation_dir(conversation).join(format!("{seq:016x}"))
    }

    /// Seals `bytes` into the entry's file and makes it durable.
    pub(crate) fn write(
        &self,
        data_key: &DataKey,
        conversation: ConversationId,
        seq: u64,
        bytes: &[u8],
    ) -> Result<(), StoreError> {
        let (mut file, partial, path) = self.create(conversation, seq)?;
        let pieces = bytes.chunks(FILE_PIECE);
        let last = pieces.len().saturating_sub(1);
        for (n, piece) in pieces.enumerate() {
            let number = u32::try_from(n).map_err(|_| StoreError::Encode { tree: PLACE_TREE })?;
            let number = if n == last { number | LAST_PIECE } else { number };
            let key = place_key(conversation, seq, number);
            let sealed = data_key.sealing().seal(Place { tree: PLACE_TREE, key: &key }, piece)?;
            let len = u32::try_from(sealed.len()).map_err(|_| StoreError::Encode { tree: PLACE_TREE })?;
            file.write_all(&len.to_be_bytes()).map_err(self.io())?;
            file.write_all(&sealed).map_err(self.io())?;
        }
        self.commit(&file, &partial, &path)
    }

    /// A new partial file for the entry: (file, its partial path, its final path).
    fn create(&self, conversation: ConversationId, seq: u64) -> Result<(File, PathBuf, PathBuf), StoreError> {
        let folder = self.conversation_dir(conversation);
        for dir in [&self.dir, &folder] {
            match layout::create_folder(dir) {
                Ok(()) => layout::sync_dir(dir.parent().unwrap_or(dir))?,
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(error) => return Err(self.io()(error)),
            }
        }
        let path = self.path(conversation, seq);
        let partial = path.with_extension(&PARTIAL[1..]);
        // Readable by the bridge's user only, like the rest of the data dir.
        let file = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&partial)
            .map_err(self.io())?;
        Ok((file, partial, path))
    }

    /// Makes a file written through [`Files::create`] durable under its final name.
    fn commit(&self, file: &File, partial: &Path, path: &Path) -> Result<(), StoreError> {
        file.sync_all().map_err(self.io())?;
        fs::rename(partial, path).map_err(self.io())?;
        layout::sync_dir(path.parent().unwrap_or(&self.dir))
    }

    /// Writes an entry's file as it is stored (sealed), durably: a restore from a backup.
    pub(crate) fn write_stored(&self, conversation: ConversationId, seq: u64, stored: &[u8]) -> Result<(), StoreError> {
        let (mut file, partial, path) = self.create(conversation, seq)?;
        file.write_all(stored).map_err(self.io())?;
        self.commit(&file, &partial, &path)
    }

    /// Every complete file in the folder, as (conversation, seq, path), in no meaningful order;
    /// half-written ones and anything the bridge did not write are left out.
    pub(crate) fn stored(&self) -> Result<Vec<(ConversationId, u64, PathBuf)>, StoreError> {
        let conversations = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(self.io()(error)),
        };
        let mut found = Vec::new();
        for folder in conversations {
            let folder = folder.map_err(self.io())?.path();
            let name = folder.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let Some(conversation) = parse_conversation(name) else { continue };
            let files = match fs::read_dir(&folder) {
                Ok(files) => files,
                // A shred may erase the folder meanwhile: its entries are gone as well.
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(error) => return Err(self.io()(error)),
            };
            for file in files {
                let file = file.map_err(self.io())?.path();
                let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                if let Some(seq) = u64::from_str_radix(name, 16).ok().filter(|_| name.len() == 16) {
                    found.push((conversation, seq, file));
                }
            }
        }
        Ok(found)
    }

    /// The entry's file, opened; `None` if it has no file here (a small file, or one stored in
    /// sled pieces by an older version).
    pub(crate) fn read(
        &self,
        data_key: &DataKey,
        conversation: ConversationId,
        seq: u64,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let mut raw = Vec::new();
        match File::open(self.path(conversation, seq)) {
            Ok(mut file) => file.read_to_end(&mut raw).map_err(self.io())?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(self.io()(error)),
        };
        let tampered = || StoreError::Tampered { tree: PLACE_TREE };
        let mut bytes = Vec::with_capacity(raw.len());
        let mut rest = raw.as_slice();
        for n in 0..LAST_PIECE {
            let (len, after) = rest.split_first_chunk::<4>().ok_or_else(tampered)?;
            let len = usize::try_from(u32::from_be_bytes(*len)).map_err(|_| tampered())?;
            let (sealed, after) = after.split_at_checked(len).ok_or_else(tampered)?;
            rest = after;
            let last = rest.is_empty();
            let number = if last { n | LAST_PIECE } else { n };
            let key = place_key(conversation, seq, number);
            let piece =
                data_key.sealing().open(Place { tree: PLACE_TREE, key: &key }, sealed).map_err(|_| tampered())?;
            bytes.extend_from_slice(&piece);
            if last {
                return Ok(Some(bytes));
            }
        }
        Err(tampered())
    }

    /// Erases a conversation's files (its data key is gone).
    pub(crate) fn erase_conversation(&self, conversation: ConversationId) -> Result<(), StoreError> {
        layout::erase_tree(&self.conversation_dir(conversation)).map_err(self.io())
    }

    /// At open: erases every file whose entry is not in the store (`holds`: whether a committed
    /// entry of that conversation and sequence number exists) and every half-written one.
    pub(crate) fn sweep(
        &self,
        holds: impl Fn(ConversationId, u64) -> Result<bool, StoreError>,
    ) -> Result<usize, StoreError> {
        let conversations = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(error) => return Err(self.io()(error)),
        };
        let mut erased = 0;
        for folder in conversations {
            let folder = folder.map_err(self.io())?.path();
            let name = folder.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let Some(conversation) = parse_conversation(name) else {
                // Nothing the bridge wrote: left alone.
                continue;
            };
            for file in fs::read_dir(&folder).map_err(self.io())? {
                let file = file.map_err(self.io())?.path();
                let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                let seq = u64::from_str_radix(name, 16).ok().filter(|_| name.len() == 16);
                let keep = match seq {
                    Some(seq) => holds(conversation, seq)?,
                    None => !name.ends_with(PARTIAL),
                };
                if !keep {
                    layout::erase_tree(&file).map_err(self.io())?;
                    erased += 1;
                }
            }
            if fs::read_dir(&folder).map_err(self.io())?.next().is_none() {
                fs::remove_dir(&folder).map_err(self.io())?;
            }
        }
        Ok(erased)
    }
}
