//! Backups: one file holding a consistent snapshot of the store, sealed as a whole, and the
//! restore that makes a data dir of it again.
//!
//! The snapshot is read under the gate a compaction takes ([`super::gate`]): no transaction and
//! no other use of a tree runs meanwhile, so the file holds the store as it was between two
//! events. Records go in as they are stored (each sealed to its place), with the large files of
//! live transcript entries ([`super::files`]).
//!
//! The file (format 1): a header, `HOPENOW-BACKUP` ‖ format (u16) ‖ schema (u32) ‖ created
//! (u64, Unix seconds) ‖ salt (32 bytes) ‖ key check length (u16) ‖ the store's own sealed key
//! check record; then chunks, each its length (u32) ‖ up to 64 KiB sealed with AES-256-GCM under
//! the file's key (the master key's "backup" subkey and the salt), the chunk's number and a
//! last-chunk flag as nonce, and the header as associated data. So a changed header, a chunk
//! changed, moved or dropped, and a file cut short all fail. Everything in it is big-endian.
//!
//! The chunks' plaintext is a run of items: `1` ‖ tree name (u8 length) ‖ key (u32 length) ‖
//! value (u32 length), a record as stored; `2` ‖ conversation (16 bytes) ‖ seq (u64) ‖ file (u64
//! length), an entry's file as stored; `0` ‖ records (u64) ‖ files (u64), the end.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::files::Files;
use super::transcripts::entry_key;
use super::{Store, StoreError, TreeName, layout, schema};
use crate::crypto::{BACKUP_TAG_LEN, BackupKey, CryptoError, KEY_LEN, MasterKey, random_bytes};
use crate::ids::ConversationId;

const MAGIC: &[u8; 14] = b"HOPENOW-BACKUP";
/// The backup format this build writes, and the newest it reads.
pub const BACKUP_FORMAT: u16 = 1;
/// Plaintext bytes per chunk.
const CHUNK: usize = 64 * 1024;
/// A key check record is a short sealed string; anything longer is not a header of ours.
const MAX_KEY_CHECK: usize = 1024;

const ITEM_END: u8 = 0;
const ITEM_RECORD: u8 = 1;
const ITEM_FILE: u8 = 2;

/// What went wrong writing or restoring a backup. Never carries record contents.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The input does not start like a backup file.
    #[error("this is not a hopenow backup file (it does not start with HOPENOW-BACKUP)")]
    NotABackup,
    /// A newer hopenow wrote the file.
    #[error(
        "this backup is in format {found}, written by a newer hopenow (this build reads format {supported}); upgrade hopenow to restore it"
    )]
    NewerFormat {
        /// The file's format.
        found: u16,
        /// The newest format this build reads.
        supported: u16,
    },
    /// The store in the file has a newer schema than this build knows.
    #[error(
        "this backup holds a store of schema {found}, newer than this hopenow reads (up to {supported}); upgrade hopenow to restore it"
    )]
    NewerSchema {
        /// The schema of the store in the file.
        found: u32,
        /// The newest schema this build reads.
        supported: u32,
    },
    /// The key given is not the one the backup was made with.
    #[error(
        "this backup was made with another master key (or its header is damaged): use the key of the data dir it was made from ([keys] master_key_file or HOPENOW_MASTER_KEY)"
    )]
    WrongKey,
    /// A chunk failed authentication.
    #[error(
        "chunk {chunk} of the backup failed authentication: the file was altered or damaged. Nothing was restored; use another copy of the backup"
    )]
    Tampered {
        /// The chunk's number, from 0.
        chunk: u64,
    },
    /// The file ends before its last chunk.
    #[error(
        "the backup is cut short: it ends before chunk {chunk}, and that is not its last chunk. Nothing was restored; use a complete copy of the backup"
    )]
    CutShort {
        /// The number of the first chunk missing.
        chunk: u64,
    },
    /// The contents authenticated but do not decode: a bug, or a file this build cannot read.
    #[error("the backup authenticated but its contents do not decode ({what}); this hopenow cannot restore it")]
    Unreadable {
        /// What did not decode.
        what: &'static str,
    },
    /// The data dir to restore into holds something.
    #[error(
        "the data dir {path} is not empty: restore only into an empty or missing folder. Stop hopenow and move the old data dir aside first"
    )]
    NotEmpty {
        /// The data dir.
        path: PathBuf,
    },
    /// The data dir to restore into cannot be made.
    #[error(
        "cannot make the data dir {path}: {source}. Check that its parent folder exists and that this user may write there"
    )]
    Target {
        /// The data dir, or the folder that failed.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Writing the backup's bytes failed.
    #[error("writing the backup failed: {0}")]
    Write(std::io::Error),
    /// Reading the backup's bytes failed.
    #[error("reading the backup failed: {0}")]
    Read(std::io::Error),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<CryptoError> for BackupError {
    fn from(error: CryptoError) -> Self {
        Self::Store(StoreError::Crypto(error))
    }
}

/// What a backup holds, for the operator's last line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BackupSummary {
    /// Records of every tree (the meta tree included).
    pub records: u64,
    /// Conversations among them.
    pub conversations: u64,
    /// Large files of transcript entries.
    pub files: u64,
    /// The backup file's size.
    pub bytes: u64,
    /// The schema of the store in it.
    pub schema: u32,
    /// When it was made, in Unix seconds.
    pub created: u64,
}

/// A record as stored: (tree, key, sealed value).
#[doc(hidden)]
pub type RawRecord = (&'static str, Vec<u8>, Vec<u8>);

struct Header {
    format: u16,
    schema: u32,
    created: u64,
    salt: [u8; KEY_LEN],
    key_check: Vec<u8>,
}

impl Header {
    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(MAGIC.len() + 48 + self.key_check.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.format.to_be_bytes());
        out.extend_from_slice(&self.schema.to_be_bytes());
        out.extend_from_slice(&self.created.to_be_bytes());
        out.extend_from_slice(&self.salt);
        // The key check is a short sealed string (MAX_KEY_CHECK): its length fits.
        out.extend_from_slice(&u16::try_from(self.key_check.len()).unwrap_or(u16::MAX).to_be_bytes());
        out.extend_from_slice(&self.key_check);
        out
    }

    /// Reads the header; the format is checked first, since a newer one may lay out the rest
    /// differently.
    fn read(input: &mut impl Read) -> Result<(Self, Vec<u8>), BackupError> {
        let mut raw = Vec::new();
        let magic: [u8; 14] = take(input, &mut raw).map_err(|_| BackupError::NotABackup)?;
        if &magic != MAGIC {
            return Err(BackupError::NotABackup);
        }
        let cut = |error: std::io::Error| match error.kind() {
            std::io::ErrorKind::UnexpectedEof => BackupError::CutShort { chunk: 0 },
            _ => BackupError::Read(error),
        };
        let format = u16::from_be_bytes(take(input, &mut raw).map_err(cut)?);
        if format > BACKUP_FORMAT {
            return Err(BackupError::NewerFormat { found: format, supported: BACKUP_FORMAT });
        }
        let schema = u32::from_be_bytes(take(input, &mut raw).map_err(cut)?);
        let created = u64::from_be_bytes(take(input, &mut raw).map_err(cut)?);
        let salt: [u8; KEY_LEN] = take(input, &mut raw).map_err(cut)?;
        let len = usize::from(u16::from_be_bytes(take(input, &mut raw).map_err(cut)?));
        if len > MAX_KEY_CHECK {
            return Err(BackupError::WrongKey);
        }
        let mut key_check = vec![0u8; len];
        input.read_exact(&mut key_check).map_err(cut)?;
        raw.extend_from_slice(&key_check);
        Ok((Self { format, schema, created, salt, key_check }, raw))
    }
}

/// Reads `N` bytes, keeping a copy in `raw` (the header is the chunks' associated data).
fn take<const N: usize>(input: &mut impl Read, raw: &mut Vec<u8>) -> std::io::Result<[u8; N]> {
    let mut bytes = [0u8; N];
    input.read_exact(&mut bytes)?;
    raw.extend_from_slice(&bytes);
    Ok(bytes)
}

/// Seals the plaintext stream into chunks as it comes.
struct ChunkWriter<'a, W: Write> {
    out: &'a mut W,
    key: BackupKey,
    header: Vec<u8>,
    buffer: Vec<u8>,
    counter: u64,
    written: u64,
}

impl<'a, W: Write> ChunkWriter<'a, W> {
    fn new(out: &'a mut W, key: BackupKey, header: Vec<u8>) -> Result<Self, BackupError> {
        out.write_all(&header).map_err(BackupError::Write)?;
        let written = header.len() as u64;
        Ok(Self { out, key, header, buffer: Vec::with_capacity(CHUNK + BACKUP_TAG_LEN), counter: 0, written })
    }

    fn put(&mut self, mut bytes: &[u8]) -> Result<(), BackupError> {
        while !bytes.is_empty() {
            // A full chunk is sealed only once more follows, so the last chunk is never empty.
            if self.buffer.len() == CHUNK {
                self.seal(false)?;
            }
            let room = CHUNK - self.buffer.len();
            let (now, rest) = bytes.split_at(room.min(bytes.len()));
            self.buffer.extend_from_slice(now);
            bytes = rest;
        }
        Ok(())
    }

    fn seal(&mut self, last: bool) -> Result<(), BackupError> {
        self.key.seal_chunk(self.counter, last, &self.header, &mut self.buffer)?;
        let len = u32::try_from(self.buffer.len()).map_err(|_| BackupError::Unreadable { what: "chunk length" })?;
        self.out.write_all(&len.to_be_bytes()).map_err(BackupError::Write)?;
        self.out.write_all(&self.buffer).map_err(BackupError::Write)?;
        self.written += 4 + self.buffer.len() as u64;
        self.counter += 1;
        self.buffer.clear();
        Ok(())
    }

    fn record(&mut self, tree: TreeName, key: &[u8], value: &[u8]) -> Result<(), BackupError> {
        let name = tree.name().as_bytes();
        // Tree names are short constants; keys and values are what sled holds (u32 lengths).
        self.put(&[ITEM_RECORD, u8::try_from(name.len()).unwrap_or(u8::MAX)])?;
        self.put(name)?;
        self.put(&length32(key.len())?)?;
        self.put(key)?;
        self.put(&length32(value.len())?)?;
        self.put(value)
    }

    fn file(&mut self, conversation: ConversationId, seq: u64, stored: &[u8]) -> Result<(), BackupError> {
        self.put(&[ITEM_FILE])?;
        self.put(conversation.as_bytes())?;
        self.put(&seq.to_be_bytes())?;
        self.put(&(stored.len() as u64).to_be_bytes())?;
        self.put(stored)
    }

    /// Writes the end item and the last chunk, and flushes; the file's size.
    fn finish(mut self, records: u64, files: u64) -> Result<u64, BackupError> {
        self.put(&[ITEM_END])?;
        self.put(&records.to_be_bytes())?;
        self.put(&files.to_be_bytes())?;
        self.seal(true)?;
        self.out.flush().map_err(BackupError::Write)?;
        Ok(self.written)
    }
}

fn length32(len: usize) -> Result<[u8; 4], BackupError> {
    u32::try_from(len).map(u32::to_be_bytes).map_err(|_| BackupError::Unreadable { what: "record length" })
}

/// Opens chunks as the plaintext is asked for, checking order and the last chunk's flag.
struct ChunkReader<'a, R: Read> {
    input: &'a mut R,
    key: BackupKey,
    header: Vec<u8>,
    plain: Vec<u8>,
    at: usize,
    counter: u64,
    /// The length of the next chunk, read ahead: without one, the chunk in hand must be last.
    next: Option<usize>,
    read: u64,
}

impl<'a, R: Read> ChunkReader<'a, R> {
    fn new(input: &'a mut R, key: BackupKey, header: Vec<u8>) -> Result<Self, BackupError> {
        let read = header.len() as u64;
        let mut reader = Self { input, key, header, plain: Vec::new(), at: 0, counter: 0, next: None, read };
        reader.next = reader.length(0)?;
        if reader.next.is_none() {
            return Err(BackupError::CutShort { chunk: 0 });
        }
        Ok(reader)
    }

    /// The length of chunk `chunk`, or `None` at the end of the file.
    fn length(&mut self, chunk: u64) -> Result<Option<usize>, BackupError> {
        let mut bytes = [0u8; 4];
        let mut got = 0;
        while got < bytes.len() {
            match self.input.read(&mut bytes[got..]) {
                Ok(0) if got == 0 => return Ok(None),
                Ok(0) => return Err(BackupError::CutShort { chunk }),
                Ok(n) => got += n,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => return Err(BackupError::Read(error)),
            }
        }
        self.read += 4;
        let len = usize::try_from(u32::from_be_bytes(bytes)).unwrap_or(usize::MAX);
        if !(BACKUP_TAG_LEN..=CHUNK + BACKUP_TAG_LEN).contains(&len) {
            return Err(BackupError::Tampered { chunk });
        }
        Ok(Some(len))
    }

    /// Opens the next chunk; false at the end (after the last one).
    fn fill(&mut self) -> Result<bool, BackupError> {
        let Some(len) = self.next else { return Ok(false) };
        let chunk = self.counter;
        let mut sealed = vec![0u8; len];
        self.input.read_exact(&mut sealed).map_err(|error| match error.kind() {
            std::io::ErrorKind::UnexpectedEof => BackupError::CutShort { chunk },
            _ => BackupError::Read(error),
        })?;
        self.read += len as u64;
        self.next = self.length(chunk + 1)?;
        let last = self.next.is_none();
        // A failed open leaves the buffer undefined: the second try needs the bytes as read.
        let as_read = last.then(|| sealed.clone());
        let plain_len = match self.key.open_chunk(chunk, last, &self.header, &mut sealed) {
            Ok(n) => n,
            Err(_) => {
                // The file ends where a chunk that is not the last one ends: it was cut there.
                let cut = as_read
                    .is_some_and(|mut bytes| self.key.open_chunk(chunk, false, &self.header, &mut bytes).is_ok());
                return Err(if cut {
                    BackupError::CutShort { chunk: chunk + 1 }
                } else {
                    BackupError::Tampered { chunk }
                });
            }
        };
        sealed.truncate(plain_len);
        self.plain = sealed;
        self.at = 0;
        self.counter += 1;
        Ok(true)
    }

    fn take(&mut self, mut out: &mut [u8]) -> Result<(), BackupError> {
        while !out.is_empty() {
            if self.at == self.plain.len() && !self.fill()? {
                return Err(BackupError::Unreadable { what: "it ends inside an item" });
            }
            let n = out.len().min(self.plain.len() - self.at);
            let (now, rest) = out.split_at_mut(n);
            now.copy_from_slice(&self.plain[self.at..self.at + n]);
            self.at += n;
            out = rest;
        }
        Ok(())
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], BackupError> {
        let mut bytes = [0u8; N];
        self.take(&mut bytes)?;
        Ok(bytes)
    }

    fn bytes(&mut self, len: usize) -> Result<Vec<u8>, BackupError> {
        // Lengths come from authenticated data, but a bug must not allocate without bound.
        if len > 1 << 32 {
            return Err(BackupError::Unreadable { what: "a length" });
        }
        let mut bytes = vec![0u8; len];
        self.take(&mut bytes)?;
        Ok(bytes)
    }

    /// Whether nothing follows what was read.
    fn at_end(&mut self) -> Result<bool, BackupError> {
        Ok(self.at == self.plain.len() && !self.fill()?)
    }
}

impl Store {
    /// Writes a consistent snapshot of the store to `out` as a sealed backup file. Every other
    /// use of the store waits until it is written, so `out` should be quick to write to.
    pub fn write_backup(&self, out: &mut impl Write) -> Result<BackupSummary, BackupError> {
        let created =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
        let mut salt = [0u8; KEY_LEN];
        random_bytes(&mut salt)?;
        let exclusive = self.live.exclusive();
        let db = exclusive.db();
        let (key_check, schema) = schema::key_check_and_version(&self.keys, &db.trees[TreeName::Meta.index()])?
            .ok_or_else(|| StoreError::MissingKeyCheck { path: self.path.clone() })?;
        let header = Header { format: BACKUP_FORMAT, schema, created, salt, key_check }.encode();
        let mut writer = ChunkWriter::new(out, self.keys.backup.file_key(&salt)?, header)?;
        let mut summary = BackupSummary { schema, created, ..BackupSummary::default() };
        for tree in TreeName::ALL {
            for item in db.trees[tree.index()].iter() {
                let (key, value) = item.map_err(StoreError::from)?;
                writer.record(tree, &key, &value)?;
                summary.records += 1;
                if tree == TreeName::Conversations {
                    summary.conversations += 1;
                }
            }
        }
        let transcripts = &db.trees[TreeName::Transcripts.index()];
        let data_keys = &db.trees[TreeName::DataKeys.index()];
        for (conversation, seq, path) in self.files.stored()? {
            // A file whose entry is not in the snapshot is a write that has not committed yet, or
            // a shredded conversation's: the store would erase it at its next open anyway.
            let live = data_keys.contains_key(conversation.as_bytes()).map_err(StoreError::from)?
                && transcripts.contains_key(entry_key(conversation, seq)).map_err(StoreError::from)?;
            if !live {
                continue;
            }
            let stored = fs::read(&path).map_err(|source| StoreError::DataDir { path: path.clone(), source })?;
            writer.file(conversation, seq, &stored)?;
            summary.files += 1;
        }
        summary.bytes = writer.finish(summary.records, summary.files)?;
        Ok(summary)
    }

    /// Reads the backup in `input` to its end and checks every chunk with `master`, writing
    /// nothing: what it holds, or why it would not restore.
    pub fn check_backup(master: &MasterKey, input: &mut impl Read) -> Result<BackupSummary, BackupError> {
        let (header, reader) = open_backup(master, input)?;
        let mut summary = read_items(reader, |_, _, _| Ok(()), |_, _, _| Ok(()))?;
        summary.schema = header.schema;
        summary.created = header.created;
        Ok(summary)
    }

    /// Every record as stored, tree by tree: (tree, key, sealed value), for tests that compare
    /// two stores record for record.
    #[doc(hidden)]
    pub fn raw_records(&self) -> Result<Vec<RawRecord>, StoreError> {
        let mut records = Vec::new();
        for tree in TreeName::ALL {
            for item in self.tree(tree).iter() {
                let (key, value) = item?;
                records.push((tree.name(), key.to_vec(), value.to_vec()));
            }
        }
        Ok(records)
    }

    /// Makes the data dir `data_dir` from the backup in `input`, sealed with `master`. The data
    /// dir must be empty or missing (the bridge stopped). Nothing is left half-restored: the
    /// store is built in a folder beside it, opened once (which migrates a backup of an older
    /// schema), and only then renamed into place.
    pub fn restore_backup(
        data_dir: &Path,
        master: &MasterKey,
        input: &mut impl Read,
    ) -> Result<BackupSummary, BackupError> {
        let parent = check_target(data_dir)?;
        let (header, reader) = open_backup(master, input)?;
        let temp = temp_folder(data_dir, &parent)?;
        let restored = fill(&temp, reader).and_then(|mut summary| {
            // Opening checks the key once more and runs the migrations of an older schema.
            drop(Store::open(&temp, master)?);
            summary.schema = header.schema;
            summary.created = header.created;
            Ok(summary)
        });
        // A migration copies the data dir first, as the way back; here the backup file is that,
        // and the copy would only be one more place the visitors' data lingers.
        let copy = fs::canonicalize(&temp).map(|temp| layout::pre_migration_copy(&temp, header.schema)).ok();
        let erase_copy = || copy.as_ref().map_or(Ok(()), |copy| layout::erase_tree(copy));
        let summary = match restored.and_then(|summary| {
            erase_copy().map_err(|source| BackupError::Target { path: temp.clone(), source })?;
            Ok(summary)
        }) {
            Ok(summary) => summary,
            Err(error) => {
                let _ = erase_copy();
                let _ = layout::erase_tree(&temp);
                return Err(error);
            }
        };
        // An empty data dir is replaced; one that gained entries meanwhile is refused here.
        if let Err(source) = fs::rename(&temp, data_dir) {
            let _ = layout::erase_tree(&temp);
            return Err(match source.kind() {
                std::io::ErrorKind::DirectoryNotEmpty | std::io::ErrorKind::AlreadyExists => {
                    BackupError::NotEmpty { path: data_dir.to_owned() }
                }
                _ => BackupError::Target { path: data_dir.to_owned(), source },
            });
        }
        layout::sync_dir(&parent)?;
        Ok(summary)
    }
}

/// The parent folder of `data_dir`, which must be missing or empty.
fn check_target(data_dir: &Path) -> Result<PathBuf, BackupError> {
    match fs::read_dir(data_dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(BackupError::NotEmpty { path: data_dir.to_owned() });
            }
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(BackupError::Target { path: data_dir.to_owned(), source }),
    }
    let parent = match data_dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(BackupError::Target {
            path: data_dir.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "its parent folder does not exist"),
        });
    }
    Ok(parent)
}

/// A fresh folder beside the data dir (same file system, so the final rename is atomic).
fn temp_folder(data_dir: &Path, parent: &Path) -> Result<PathBuf, BackupError> {
    let name = data_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "data".into());
    let mut tag = [0u8; 6];
    random_bytes(&mut tag)?;
    let temp = parent.join(format!(".{name}.restoring-{}", hex::encode(tag)));
    layout::create_folder(&temp).map_err(|source| BackupError::Target { path: temp.clone(), source })?;
    Ok(temp)
}

/// Reads the header, checks the format, the schema and the key: a reader of the chunks.
fn open_backup<'a, R: Read>(master: &MasterKey, input: &'a mut R) -> Result<(Header, ChunkReader<'a, R>), BackupError> {
    let (header, raw) = Header::read(input)?;
    if header.schema > schema::SCHEMA_VERSION {
        return Err(BackupError::NewerSchema { found: header.schema, supported: schema::SCHEMA_VERSION });
    }
    let keys = master.derive()?;
    if !schema::key_check_opens(&keys, &header.key_check) {
        return Err(BackupError::WrongKey);
    }
    let reader = ChunkReader::new(input, keys.backup.file_key(&header.salt)?, raw)?;
    Ok((header, reader))
}

/// Writes every item of the backup into a new store in `temp`.
fn fill<R: Read>(temp: &Path, reader: ChunkReader<'_, R>) -> Result<BackupSummary, BackupError> {
    let generation = layout::recover(temp)?;
    let db = super::open_live(&generation.folder(temp), temp)?;
    let files = Files::new(temp);
    let summary = read_items(
        reader,
        |tree, key, value| {
            db.trees[tree.index()].insert(key, value).map_err(StoreError::from)?;
            Ok(())
        },
        |conversation, seq, stored| Ok(files.write_stored(conversation, seq, &stored)?),
    )?;
    db.db.flush().map_err(StoreError::from)?;
    Ok(summary)
}

/// Reads every item to the end, handing records and files on; what was read.
fn read_items<R: Read>(
    mut reader: ChunkReader<'_, R>,
    mut on_record: impl FnMut(TreeName, Vec<u8>, Vec<u8>) -> Result<(), BackupError>,
    mut on_file: impl FnMut(ConversationId, u64, Vec<u8>) -> Result<(), BackupError>,
) -> Result<BackupSummary, BackupError> {
    let mut summary = BackupSummary::default();
    loop {
        let [kind] = reader.array::<1>()?;
        match kind {
            ITEM_RECORD => {
                let [len] = reader.array::<1>()?;
                let name = reader.bytes(usize::from(len))?;
                let tree = TreeName::ALL
                    .into_iter()
                    .find(|t| t.name().as_bytes() == name.as_slice())
                    .ok_or(BackupError::Unreadable { what: "a tree this build does not know" })?;
                let len = u32::from_be_bytes(reader.array()?);
                let key = reader.bytes(usize::try_from(len).unwrap_or(usize::MAX))?;
                let len = u32::from_be_bytes(reader.array()?);
                let value = reader.bytes(usize::try_from(len).unwrap_or(usize::MAX))?;
                on_record(tree, key, value)?;
                summary.records += 1;
                if tree == TreeName::Conversations {
                    summary.conversations += 1;
                }
            }
            ITEM_FILE => {
                let conversation = ConversationId::from_bytes(reader.array()?);
                let seq = u64::from_be_bytes(reader.array()?);
                let len = u64::from_be_bytes(reader.array()?);
                let stored = reader.bytes(usize::try_from(len).unwrap_or(usize::MAX))?;
                on_file(conversation, seq, stored)?;
                summary.files += 1;
            }
            ITEM_END => {
                let records = u64::from_be_bytes(reader.array()?);
                let files = u64::from_be_bytes(reader.array()?);
                if records != summary.records || files != summary.files {
                    return Err(BackupError::Unreadable { what: "the counts at its end" });
                }
                if !reader.at_end()? {
                    return Err(BackupError::Unreadable { what: "something follows its end" });
                }
                break;
            }
            _ => return Err(BackupError::Unreadable { what: "an item of unknown kind" }),
        }
    }
    summary.bytes = reader.read;
    Ok(summary)
}
