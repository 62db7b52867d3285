//! The encrypted store: sled trees whose values are all sealed, whose keys hold only ids and
//! big-endian sequence numbers.
//!
//! Every change the engine makes for one event goes through [`Store::transact`], one sled
//! transaction over all trees, so a crash never leaves a half-applied event. Nothing is durable
//! until [`Store::flush`]; callers flush before they acknowledge anything to a platform, and
//! batch many events per flush when they can (group commit).

mod audit;
mod backup;
mod chat_log;
mod codes;
mod compact;
mod envelope;
mod files;
pub(crate) mod gate;
mod layout;
mod migrations;
mod outbox;
mod outbox_index;
mod read_ahead;
mod schema;
mod sealed;
mod stats;
mod transcripts;
mod visitors;

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sled::transaction::{TransactionError, Transactional, TransactionalTree};

pub use backup::{BACKUP_FORMAT, BackupError, BackupSummary};
pub(crate) use codes::{CodeAttempts, phrase_hash};
pub use compact::Compacted;
#[doc(hidden)]
pub use compact::PAUSE_AT as COMPACTION_PAUSE;
pub(crate) use outbox::Acked;
pub use outbox::PARKED;
pub(crate) use read_ahead::ReadAhead;
pub use schema::SCHEMA_VERSION;

/// A data dir written by an older version, which the next open migrates (`Store::pending_migration`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingMigration {
    /// The schema the data dir is at.
    pub found: u32,
    /// The schema this build migrates it to.
    pub target: u32,
    /// Where the data dir is copied before the first step (`<data dir>.bak-<found>`).
    pub copy: PathBuf,
}
pub(crate) use schema::Schema;
pub use sealed::TxError;
pub use transcripts::Verified;
pub use visitors::Registration;
pub(crate) use visitors::account_index;
pub(crate) use visitors::safe_word_hash;

use crate::crypto::{CryptoError, Keys, MasterKey, MatrixStoreKey, SealingKey};
use crate::ids::{ConversationId, VisitorId};

/// The trees of the store. Their names are part of every value's associated data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TreeName {
    /// Key check and schema version.
    Meta,
    /// VisitorId → Visitor.
    Visitors,
    /// blind(channel ‖ platform user id) → VisitorId.
    VisitorIndex,
    /// blind(normalized pseudonym) → VisitorId; also what makes pseudonyms unique.
    PseudonymIndex,
    /// ConversationId → conversation record.
    Conversations,
    /// VisitorId ‖ ConversationId → (); a visitor's conversations, in no meaningful order.
    VisitorConversations,
    /// ConversationId → data key wrapped by `kek`. Deleting it shreds the transcript.
    DataKeys,
    /// ConversationId ‖ seq (u64 BE) → entry sealed with the conversation's data key.
    Transcripts,
    /// seq (u64 BE) → action waiting for delivery.
    Outbox,
    /// blind(channel ‖ platform message id) → when; platform updates already handled.
    Seen,
    /// VisitorId ‖ time (ms, BE) ‖ n (BE) → a message id in the visitor's chat, kept while the
    /// platform still lets the bridge delete it (`/hide`).
    ChatLog,
    /// blind(phrase) → the visitor a `/code` phrase moves, and until when; b"v" ‖ VisitorId →
    /// blind(phrase) of that visitor's current phrase, so a new one replaces it.
    Codes,
    /// blind(channel ‖ platform user id) → wrong phrases sent from that account, and its lock.
    CodeAttempts,
    /// seq (u64 BE) → audit entry with its chain link; append-only.
    Audit,
    /// week (its Monday, days since 1970-01-01, u32 BE) → counters for funders' statistics.
    Stats,
}

impl TreeName {
    pub const ALL: [TreeName; 15] = [
        Self::Meta,
        Self::Visitors,
        Self::VisitorIndex,
        Self::PseudonymIndex,
        Self::Conversations,
        Self::VisitorConversations,
        Self::DataKeys,
        Self::Transcripts,
        Self::Outbox,
        Self::Seen,
        Self::ChatLog,
        Self::Codes,
        Self::CodeAttempts,
        Self::Audit,
        Self::Stats,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Self::Meta => "meta",
            Self::Visitors => "visitors",
            Self::VisitorIndex => "visitor_index",
            Self::PseudonymIndex => "pseudonym_index",
            Self::Conversations => "conversations",
            Self::VisitorConversations => "visitor_conversations",
            Self::DataKeys => "data_keys",
            Self::Transcripts => "transcripts",
            Self::Outbox => "outbox",
            Self::Seen => "seen",
            Self::ChatLog => "chat_log",
            Self::Codes => "codes",
            Self::CodeAttempts => "code_attempts",
            Self::Audit => "audit",
            Self::Stats => "stats",
        }
    }

    const fn index(self) -> usize {
        self as usize
    }
}

/// What went wrong in the store. Never carries record contents or platform identities.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the master key does not match the data dir {path}: it was created with another key. Use the key that created it ([keys] master_key_file or HOPENOW_MASTER_KEY); a new key can never read the old data"
    )]
    /// The data dir was created with another master key.
    WrongKey {
        /// The data dir.
        path: PathBuf,
    },
    #[error(
        "a record in tree `{tree}` failed authentication: the data dir was altered or damaged. Stop hopenow and restore the data dir from a backup"
    )]
    /// A record failed authentication: altered or damaged on disk.
    Tampered {
        /// The tree the record is in.
        tree: &'static str,
    },
    #[error("a record in tree `{tree}` could not be decoded although it authenticated: this build cannot read it")]
    /// A record authenticated but this build cannot decode it.
    Decode {
        /// The tree the record is in.
        tree: &'static str,
    },
    #[error("a record for tree `{tree}` could not be encoded")]
    /// A record could not be encoded.
    Encode {
        /// The tree it was meant for.
        tree: &'static str,
    },
    #[error(
        "the data dir {path} has records but no key check: it is not a hopenow data dir, or it is damaged. Point [store] data_dir at the right folder"
    )]
    /// A folder with records but no key check: not a hopenow data dir, or damaged.
    MissingKeyCheck {
        /// The data dir.
        path: PathBuf,
    },
    #[error(
        "the data dir {path} was written by a newer hopenow (schema {found}, this build knows up to {supported}); upgrade hopenow"
    )]
    /// A newer hopenow wrote the data dir.
    SchemaTooNew {
        /// The data dir.
        path: PathBuf,
        /// Its schema.
        found: u32,
        /// The newest schema this build reads.
        supported: u32,
    },
    #[error("upgrading the data dir from schema {from} failed: {source}")]
    /// A schema step failed; the data dir stays at the schema it had.
    Migration {
        /// The schema the failed step started from.
        from: u32,
        /// Why it failed.
        source: Box<StoreError>,
    },
    #[error("the data dir {path} is in use by another hopenow process; stop it first")]
    /// Another hopenow process has the data dir open.
    Locked {
        /// The data dir.
        path: PathBuf,
    },
    #[error(
        "cannot use the data dir {path}: {source}. Check [store] data_dir and that the hopenow user owns the folder"
    )]
    /// The data dir cannot be created, opened or written.
    DataDir {
        /// The data dir.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    #[error("this conversation was shredded: its transcript can never be read again")]
    /// The conversation's data key is gone.
    Shredded,
    #[error("no such record: {what}")]
    /// A record the work needed does not exist (anymore).
    NotFound {
        /// What kind of record.
        what: &'static str,
    },
    #[error("an internal lock was poisoned by an earlier panic; restart hopenow")]
    /// A panic left an internal lock poisoned.
    Poisoned,
    /// Sealing or opening failed.
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    /// The database under the store failed.
    #[error("storage failed: {0}")]
    Storage(StorageError),
}

/// A failure of the database under the store (its I/O, its own damage or bugs). Opaque: which
/// database that is stays the store's business.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct StorageError(sled::Error);

impl From<sled::Error> for StoreError {
    fn from(error: sled::Error) -> Self {
        Self::Storage(StorageError(error))
    }
}

impl StoreError {
    /// Whether the failure says nothing about the records being read or written: the disk (full,
    /// failing: sled's I/O errors), the data dir, a poisoned lock, the system's randomness. Waiting
    /// may cure it, and skipping the work that met it would lose it for nothing. A tampered or
    /// undecodable record, a missing one, sled's corruption of a page or its reported bugs follow
    /// the records: the same work fails again.
    pub fn is_transient(&self) -> bool {
        match self {
            // sled's own damage or bug is the store's, not one event's: skipping would lose
            // every message while it lasts; waiting loses none (the platforms keep them).
            Self::Storage(StorageError(
                sled::Error::Io(_) | sled::Error::Corruption { .. } | sled::Error::ReportableBug(_),
            ))
            | Self::DataDir { .. }
            | Self::Locked { .. }
            | Self::Poisoned
            | Self::Crypto(CryptoError::Random) => true,
            Self::Migration { source, .. } => source.is_transient(),
            Self::Storage(_)
            | Self::WrongKey { .. }
            | Self::Tampered { .. }
            | Self::Decode { .. }
            | Self::Encode { .. }
            | Self::MissingKeyCheck { .. }
            | Self::SchemaTooNew { .. }
            | Self::Shredded
            | Self::NotFound { .. }
            | Self::Crypto(_) => false,
        }
    }
}

/// The store. Cheap to share by reference; one process owns a data dir at a time.
pub struct Store {
    /// The live sled database, which a compaction replaces.
    live: gate::Gate,
    /// Where in the data dir the live database is.
    generation: Mutex<layout::Generation>,
    /// Something was shredded (or the store was opened, and a crash may have come between a
    /// shred and its compaction): removed values may linger in sled's log until a compaction.
    shred_pending: std::sync::atomic::AtomicBool,
    keys: Keys,
    path: PathBuf,
    /// Large files of transcript entries, beside the sled database.
    files: files::Files,
    /// Next transcript sequence number per conversation, found once by a reverse scan.
    heads: Mutex<HashMap<ConversationId, u64>>,
    /// Unwrapped data keys of recently used conversations, so an append costs one seal.
    data_key_cache: Mutex<HashMap<ConversationId, std::sync::Arc<crate::crypto::DataKey>>>,
    /// Next outbox id; ids only grow, so the outbox iterates in the order actions were decided.
    next_outbox: AtomicU64,
    /// What is due in the outbox, without opening it.
    outbox_index: Mutex<outbox_index::OutboxIndex>,
    /// Held from a transaction's start until its outbox changes are in the index, so the index
    /// takes them in the order they committed.
    commit_order: Mutex<()>,
    /// Tells apart chat log keys of the same visitor and millisecond.
    next_chat_log: std::sync::atomic::AtomicU32,
    /// Part of every idempotency key, so keys stay unique even across a data dir restored
    /// from an older backup.
    outbox_salt: String,
    /// The data dir's lock; last, so it is let go only after the database is closed.
    _lock: fs::File,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish_non_exhaustive()
    }
}

const CONNECTOR_PREFIX: &[u8] = b"connector:";

fn connector_key(key: &str) -> Vec<u8> {
    [CONNECTOR_PREFIX, key.as_bytes()].concat()
}

/// sled's page cache; the bridge's working set is small.
const CACHE_BYTES: u64 = 32 * 1024 * 1024;

impl Store {
    /// Opens (or creates) the store in `path`, checking that `master` is the key it was made with.
    pub fn open(path: &Path, master: &MasterKey) -> Result<Self, StoreError> {
        Self::open_with(path, master, &Schema::current())
    }

    pub(crate) fn open_with(path: &Path, master: &MasterKey, schema: &Schema) -> Result<Self, StoreError> {
        let store = Self::open_unprepared(path, master)?;
        schema::prepare(&store, schema)?;
        store.load_heads()?;
        store.load_outbox_head()?;
        store.load_outbox_index()?;
        Ok(store)
    }

    /// Whether opening the data dir at `path` would migrate it, and where it would be copied
    /// first (`hopenow check` says so instead of migrating). Checks the key; changes nothing, and
    /// makes no data dir where there is none.
    pub fn pending_migration(path: &Path, master: &MasterKey) -> Result<Option<PendingMigration>, StoreError> {
        if !path.exists() {
            return Ok(None);
        }
        let store = Self::open_unprepared(path, master)?;
        Ok(match schema::inspect(&store)? {
            Some(found) if found < SCHEMA_VERSION => Some(PendingMigration {
                found,
                target: SCHEMA_VERSION,
                copy: layout::pre_migration_copy(
                    &fs::canonicalize(path).map_err(|source| StoreError::DataDir { path: path.to_owned(), source })?,
                    found,
                ),
            }),
            _ => None,
        })
    }

    /// Tests only: the data dir says `version` is its schema, as a data dir an older build left
    /// would (what `check` and the next open do about it is what such tests look at).
    #[cfg(feature = "test-team")]
    pub fn pretend_schema(&self, version: u32) -> Result<(), StoreError> {
        schema::record_version(self, version)
    }

    /// The store's records as they are on disk: the key not yet checked, nothing migrated.
    fn open_unprepared(path: &Path, master: &MasterKey) -> Result<Self, StoreError> {
        prepare_dir(path)?;
        let lock = layout::lock(path)?;
        let generation = layout::recover(path)?;
        let live = open_live(&generation.folder(path), path)?;
        let store = Self {
            live: gate::Gate::new(live),
            generation: Mutex::new(generation),
            shred_pending: std::sync::atomic::AtomicBool::new(true),
            keys: master.derive()?,
            path: path.to_owned(),
            files: files::Files::new(path),
            heads: Mutex::default(),
            data_key_cache: Mutex::default(),
            next_outbox: AtomicU64::new(0),
            outbox_index: Mutex::default(),
            commit_order: Mutex::new(()),
            next_chat_log: std::sync::atomic::AtomicU32::new(0),
            outbox_salt: {
                let mut salt = [0u8; 4];
                crate::crypto::random_bytes(&mut salt)?;
                hex::encode(salt)
            },
            _lock: lock,
        };
        Ok(store)
    }

    /// The data dir.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The raw key matrix-sdk's sqlite store is opened with.
    pub fn matrix_store_key(&self) -> &MatrixStoreKey {
        &self.keys.matrix_store
    }

    /// A keyed tag of `value` for a connector to put where others see it (Matrix room state):
    /// the bridge finds it again, but without the master key it links to nothing, not even to
    /// the ids in the logs. `domain` keeps each use apart from the store's own indexes.
    pub fn connector_tag(&self, domain: &str, value: &[u8]) -> crate::crypto::BlindIndex {
        self.keys.index.index(format!("connector:{domain}").as_bytes(), value)
    }

    /// Makes everything written so far durable. Returns the bytes written.
    pub fn flush(&self) -> Result<usize, StoreError> {
        Ok(self.live.live().db.flush()?)
    }

    /// Runs `work` as one atomic transaction over all trees. It is not durable until [`flush`].
    ///
    /// [`flush`]: Store::flush
    pub fn transact<T>(&self, work: impl Fn(&Tx<'_>) -> Result<T, TxError>) -> Result<T, StoreError> {
        self.transact_reading(ReadAhead::default(), work)
    }

    /// [`Store::transact`] after reading what `ahead` names; `work` finds it through [`Tx`]
    /// (`conversations_of`, `outbox_of`, `chat_log_of`).
    pub(crate) fn transact_reading<T>(
        &self,
        ahead: ReadAhead,
        work: impl Fn(&Tx<'_>) -> Result<T, TxError>,
    ) -> Result<T, StoreError> {
        let read = ahead.read(self)?;
        let (value, after) = {
            let _order = self.commit_order.lock().map_err(|_| StoreError::Poisoned)?;
            let live = self.live.live();
            let after = RefCell::new(AfterCommit::default());
            let value = live
                .trees
                .as_slice()
                .transaction(|trees: &Vec<TransactionalTree>| {
                    // Per attempt: sled runs the closure again after a conflict.
                    *after.borrow_mut() = AfterCommit::default();
                    work(&Tx { trees, store: self, after: &after, read: &read }).map_err(|TxError(error)| error)
                })
                .map_err(|error| match error {
                    TransactionError::Abort(error) => error,
                    TransactionError::Storage(error) => StoreError::from(error),
                })?;
            let mut after = after.into_inner();
            self.index_outbox(std::mem::take(&mut after.outbox))?;
            (value, after)
        };
        for conversation in after.sweeps {
            self.sweep_shredded(conversation)?;
        }
        for (lanes, before) in after.purges {
            self.purge_lanes(&lanes, before)?;
        }
        Ok(value)
    }

    /// One tree of the live database; a compaction waits while the handle is held.
    pub(crate) fn tree(&self, name: TreeName) -> gate::TreeRef<'_> {
        gate::TreeRef::new(self.live.live(), name.index())
    }

    pub(crate) fn get<T: DeserializeOwned>(&self, tree: TreeName, key: &[u8]) -> Result<Option<T>, StoreError> {
        sealed::get(&*self.tree(tree), &self.keys.state, tree, key)
    }

    pub(crate) fn put<T: Serialize>(&self, tree: TreeName, key: &[u8], value: &T) -> Result<(), StoreError> {
        sealed::put(&*self.tree(tree), &self.keys.state, tree, key, value)
    }

    /// A connector's own state (a Matrix session, the room of a conversation), sealed like every
    /// value, under `connector:<key>` in the meta tree. Outside the engine's transactions: the
    /// connector is its only writer. Not durable until [`Store::flush`].
    pub fn connector_state(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.get(TreeName::Meta, &connector_key(key))
    }

    /// Sets a connector state (see [`Store::connector_state`]).
    pub fn set_connector_state(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.put(TreeName::Meta, &connector_key(key), &value.to_owned())
    }

    /// Removes a connector state (see [`Store::connector_state`]).
    pub fn remove_connector_state(&self, key: &str) -> Result<(), StoreError> {
        self.tree(TreeName::Meta).remove(connector_key(key))?;
        Ok(())
    }

    /// Every connector state whose key starts with `prefix`, as (key, value).
    pub fn connector_states(&self, prefix: &str) -> Result<Vec<(String, String)>, StoreError> {
        let mut out = Vec::new();
        for item in self.tree(TreeName::Meta).scan_prefix(connector_key(prefix)) {
            let (key, value) = item?;
            let value: String = sealed::open(&self.keys.state, TreeName::Meta, &key, &value)?;
            let name = key.get(CONNECTOR_PREFIX.len()..).map(String::from_utf8_lossy).unwrap_or_default();
            out.push((name.into_owned(), value));
        }
        Ok(out)
    }

    pub(crate) fn keys(&self) -> &Keys {
        &self.keys
    }
}

/// How long to wait for a data dir lock that the same process has only just released: sled's
/// background threads let go of it a moment after the store is dropped.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

/// Opens the sled database in `folder` (a generation of the data dir `base`) and its trees.
fn open_live(folder: &Path, base: &Path) -> Result<gate::Db, StoreError> {
    let db = open_db(folder, base)?;
    let trees = TreeName::ALL.iter().map(|t| db.open_tree(t.name())).collect::<Result<Vec<_>, _>>()?;
    Ok(gate::Db { db, trees })
}

fn open_db(folder: &Path, path: &Path) -> Result<sled::Db, StoreError> {
    let started = std::time::Instant::now();
    loop {
        match sled::Config::new().path(folder).cache_capacity(CACHE_BYTES).open() {
            Ok(db) => return Ok(db),
            // sled wraps the lock failure in an `Other` error; only its text tells.
            Err(sled::Error::Io(io))
                if io.kind() == std::io::ErrorKind::WouldBlock || io.to_string().contains("could not acquire lock") =>
            {
                if started.elapsed() > LOCK_WAIT {
                    return Err(StoreError::Locked { path: path.to_owned() });
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(sled::Error::Io(io)) => return Err(StoreError::DataDir { path: path.to_owned(), source: io }),
            Err(other) => return Err(StoreError::from(other)),
        }
    }
}

/// Creates the data dir readable by its owner only, or checks the existing one.
fn prepare_dir(path: &Path) -> Result<(), StoreError> {
    let io = |source| StoreError::DataDir { path: path.to_owned(), source };
    if !path.exists() {
        fs::create_dir_all(path).map_err(io)?;
        fs::set_permissions(path, fs::Permissions::from_mode(0o700)).map_err(io)?;
    }
    if !path.is_dir() {
        return Err(io(std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a directory")));
    }
    Ok(())
}

/// One transaction's view of the store: typed, sealed access to every tree.
pub struct Tx<'a> {
    trees: &'a [TransactionalTree],
    store: &'a Store,
    after: &'a RefCell<AfterCommit>,
    read: &'a read_ahead::ReadBefore,
}

impl std::fmt::Debug for Tx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tx").finish_non_exhaustive()
    }
}

/// What a transaction leaves for once it has committed: the outbox index, and the work that
/// scans a tree, which a transaction must not (sled would deadlock). A transaction that fails
/// or runs again leaves nothing.
#[derive(Default)]
struct AfterCommit {
    outbox: Vec<outbox_index::Change>,
    /// Conversations whose data key is gone: their transcript entries and files go too.
    sweeps: Vec<ConversationId>,
    /// Lanes whose entries older than the id are dropped.
    purges: Vec<(Vec<crate::outbox::Lane>, u64)>,
}

impl Tx<'_> {
    pub(crate) fn tree(&self, name: TreeName) -> &TransactionalTree {
        &self.trees[name.index()]
    }

    pub(crate) fn state_key(&self) -> &SealingKey {
        &self.store.keys.state
    }

    pub(crate) fn get<T: DeserializeOwned>(&self, tree: TreeName, key: &[u8]) -> Result<Option<T>, TxError> {
        sealed::get(self.tree(tree), self.state_key(), tree, key)
    }

    pub(crate) fn put<T: Serialize>(&self, tree: TreeName, key: &[u8], value: &T) -> Result<(), TxError> {
        sealed::put(self.tree(tree), self.state_key(), tree, key, value)
    }

    pub(crate) fn remove(&self, tree: TreeName, key: &[u8]) -> Result<bool, TxError> {
        sealed::Kv::remove_raw(self.tree(tree), key)
    }

    /// Marks a platform update as handled at `now`; false if it already was (a redelivery after
    /// a crash).
    pub(crate) fn mark_seen(
        &self,
        channel: &str,
        platform_key: &str,
        now: crate::time::Timestamp,
    ) -> Result<bool, TxError> {
        let domain = format!("seen:{channel}");
        let key = self.store.keys.index.index(domain.as_bytes(), platform_key.as_bytes());
        if self.tree(TreeName::Seen).get(key)?.is_some() {
            return Ok(false);
        }
        self.put(TreeName::Seen, &key, &now)?;
        Ok(true)
    }

    /// Once this transaction has committed, drops what was still queued in `lanes` before outbox
    /// id `before` (their lanes are found by a scan).
    pub(crate) fn purge_lanes_after_commit(&self, lanes: Vec<crate::outbox::Lane>, before: u64) {
        self.after.borrow_mut().purges.push((lanes, before));
    }

    /// Every held conversation and its review date, as before this transaction, if it asked
    /// for them ([`ReadAhead::holds`]); else none.
    pub(crate) fn holds_read_ahead(&self) -> &[(ConversationId, String)] {
        self.read.holds()
    }

    /// The conversations of `visitor` as they were before this transaction, if it asked for
    /// them ([`ReadAhead::conversations_of`]); else none.
    pub(crate) fn conversations_of(&self, visitor: VisitorId) -> &[ConversationId] {
        self.read.conversations(visitor)
    }

    /// The outbox entries waiting in `visitor`'s lanes before this transaction, if it asked
    /// for them ([`ReadAhead::belongings_of`]); else none.
    pub(crate) fn outbox_of(&self, visitor: VisitorId) -> &[u64] {
        self.read.outbox(visitor)
    }

    /// The keys of `visitor`'s logged chat messages before this transaction, if it asked for
    /// them ([`ReadAhead::belongings_of`]); else none.
    pub(crate) fn chat_log_of(&self, visitor: VisitorId) -> &[Vec<u8>] {
        self.read.chat_log(visitor)
    }

    pub(crate) fn store(&self) -> &Store {
        self.store
    }
}

#[cfg(test)]
mod tests;
