//! Conversations and their transcripts, sealed with per-conversation data keys.

use std::collections::HashMap;
use std::sync::Arc;

use super::files::FILE_PIECE;
use super::sealed::{self, Kv};
use super::{Store, StoreError, TreeName, Tx, TxError};
use crate::conversation::Conversation;
use crate::crypto::{DataKey, Place};
use crate::i18n::DEFAULT_LANGUAGE;
use crate::ids::{ConversationId, VisitorId};
use crate::time::Timestamp;
use crate::transcript::{Attachment, TranscriptEntry};

/// Transcript tree key: conversation id ‖ big-endian sequence number, so entries sort in order.
pub(crate) fn entry_key(conversation: ConversationId, seq: u64) -> [u8; 24] {
    let mut key = [0u8; 24];
    key[..16].copy_from_slice(conversation.as_bytes());
    key[16..].copy_from_slice(&seq.to_be_bytes());
    key
}

/// Large files are kept outside sled ([`super::files`]). Stores written by the version before
/// kept them in sled, as sealed pieces right after their entry (conversation ‖ seq ‖ piece
/// number); they still read. Set in the piece number of such a file's last piece.
const LAST_PIECE: u32 = 1 << 31;

fn piece_key(conversation: ConversationId, seq: u64, piece: u32) -> [u8; 28] {
    let mut key = [0u8; 28];
    key[..24].copy_from_slice(&entry_key(conversation, seq));
    key[24..].copy_from_slice(&piece.to_be_bytes());
    key
}

/// Whether a transcript key is an entry's, not a piece of its file.
fn is_entry_key(key: &[u8]) -> bool {
    key.len() == 24
}

fn link_key(visitor: VisitorId, conversation: ConversationId) -> [u8; 32] {
    let mut key = [0u8; 32];
    key[..16].copy_from_slice(visitor.as_bytes());
    key[16..].copy_from_slice(conversation.as_bytes());
    key
}

fn data_key_place(conversation: &ConversationId) -> Place<'_> {
    Place { tree: TreeName::DataKeys.name(), key: conversation.as_bytes() }
}

/// Seals `entry` with the conversation's data key and inserts it at the next sequence number.
fn append<K: Kv>(
    store: &Store,
    data_keys: &K,
    transcripts: &K,
    conversation: ConversationId,
    entry: &TranscriptEntry,
    file: Option<&Attachment>,
) -> Result<u64, K::Error> {
    let data_key = data_key(store, data_keys, conversation)?.ok_or(StoreError::Shredded)?;
    let seq = store.next_seq(conversation)?;
    let key = entry_key(conversation, seq);
    let Some(file) = file.or(entry.attachment.as_ref()).filter(|file| file.bytes.len() > FILE_PIECE) else {
        let small;
        let entry = match file {
            Some(file) if entry.attachment.is_none() => {
                small = TranscriptEntry { attachment: Some(file.clone()), ..entry.clone() };
                &small
            }
            _ => entry,
        };
        let size = entry.text.len() + entry.attachment.as_ref().map_or(0, |a| a.bytes.len() + a.mime.len()) + 256;
        sealed::put_sized(transcripts, data_key.sealing(), TreeName::Transcripts, &key, entry, size)?;
        return Ok(seq);
    };
    // Durable before the transaction that names it commits; erased at the next open if it never does.
    store.files.write(&data_key, conversation, seq, &file.bytes)?;
    // The entry itself names the file with no bytes: they are in the file.
    let stub = TranscriptEntry {
        at: entry.at,
        direction: entry.direction,
        author: entry.author.clone(),
        kind: entry.kind,
        text: entry.text.clone(),
        attachment: Some(Attachment { mime: file.mime.clone(), bytes: Vec::new() }),
    };
    sealed::put(transcripts, data_key.sealing(), TreeName::Transcripts, &key, &stub)?;
    Ok(seq)
}

/// Puts a file kept apart back into its entry. An entry whose file has no bytes had them stored
/// in a file of their own, or in sled pieces (older stores), or is an empty file: with neither,
/// it is the latter.
fn with_file<K: Kv>(
    store: &Store,
    transcripts: &K,
    data_key: &DataKey,
    conversation: ConversationId,
    seq: u64,
    mut entry: TranscriptEntry,
) -> Result<TranscriptEntry, K::Error> {
    let Some(file) = entry.attachment.as_mut().filter(|file| file.bytes.is_empty()) else { return Ok(entry) };
    if let Some(bytes) = store.files.read(data_key, conversation, seq)? {
        file.bytes = bytes;
        return Ok(entry);
    }
    let tampered = || StoreError::Tampered { tree: TreeName::Transcripts.name() };
    let mut bytes = Vec::new();
    for n in 0..LAST_PIECE {
        let (key, last) = match transcripts.get_raw(&piece_key(conversation, seq, n))? {
            Some(sealed) => (sealed, false),
            None => match transcripts.get_raw(&piece_key(conversation, seq, n | LAST_PIECE))? {
                Some(sealed) => (sealed, true),
                None if n == 0 => return Ok(entry),
                None => return Err(tampered().into()),
            },
        };
        let number = if last { n | LAST_PIECE } else { n };
        let piece_key = piece_key(conversation, seq, number);
        let piece = data_key
            .sealing()
            .open(Place { tree: TreeName::Transcripts.name(), key: &piece_key }, &key)
            .map_err(|_| tampered())?;
        bytes.extend_from_slice(&piece);
        if last {
            file.bytes = bytes;
            return Ok(entry);
        }
    }
    Err(tampered().into())
}

/// How many unwrapped data keys to keep; open conversations are far fewer.
const DATA_KEY_CACHE: usize = 4096;

/// A conversation's data key: from the cache, or unwrapped from its stored record. Only keys
/// read back from the store are cached, so an aborted transaction can never leave behind a key
/// that was not stored.
fn data_key<K: Kv>(
    store: &Store,
    data_keys: &K,
    conversation: ConversationId,
) -> Result<Option<Arc<DataKey>>, K::Error> {
    if let Some(key) = store.data_key_cache.lock().map_err(|_| StoreError::Poisoned)?.get(&conversation) {
        return Ok(Some(Arc::clone(key)));
    }
    let Some(wrapped) = data_keys.get_raw(conversation.as_bytes())? else { return Ok(None) };
    let key = Arc::new(
        DataKey::unwrap(&store.keys().kek, data_key_place(&conversation), &wrapped)
            .map_err(|_| StoreError::Tampered { tree: TreeName::DataKeys.name() })?,
    );
    let mut cache = store.data_key_cache.lock().map_err(|_| StoreError::Poisoned)?;
    if cache.len() >= DATA_KEY_CACHE {
        cache.clear();
    }
    cache.insert(conversation, Arc::clone(&key));
    Ok(Some(key))
}

/// One transcript entry, or `None` if it or its conversation's data key is gone.
pub(super) fn entry<K: Kv>(
    store: &Store,
    data_keys: &K,
    transcripts: &K,
    conversation: ConversationId,
    seq: u64,
) -> Result<Option<TranscriptEntry>, K::Error> {
    let Some(data_key) = data_key(store, data_keys, conversation)? else { return Ok(None) };
    let key = entry_key(conversation, seq);
    match sealed::get(transcripts, data_key.sealing(), TreeName::Transcripts, &key)? {
        Some(entry) => with_file(store, transcripts, &data_key, conversation, seq, entry).map(Some),
        None => Ok(None),
    }
}

impl Tx<'_> {
    /// Stores a new conversation and gives it a fresh data key.
    pub(crate) fn create_conversation(&self, conversation: &Conversation) -> Result<(), TxError> {
        let data_key = DataKey::generate().map_err(StoreError::from)?;
        let wrapped =
            data_key.wrap(&self.store().keys().kek, data_key_place(&conversation.id)).map_err(StoreError::from)?;
        self.tree(TreeName::DataKeys).insert(conversation.id.as_bytes(), wrapped)?;
        self.put_conversation(conversation)?;
        self.put(TreeName::VisitorConversations, &link_key(conversation.visitor, conversation.id), &())?;
        Ok(())
    }

    /// A conversation as this transaction sees it.
    pub fn conversation(&self, id: ConversationId) -> Result<Option<Conversation>, TxError> {
        self.get(TreeName::Conversations, id.as_bytes())
    }

    /// Writes a conversation's record.
    pub fn put_conversation(&self, conversation: &Conversation) -> Result<(), TxError> {
        self.put(TreeName::Conversations, conversation.id.as_bytes(), conversation)
    }

    /// Appends an entry to a conversation's transcript; returns its sequence number.
    pub fn append_transcript(&self, conversation: ConversationId, entry: &TranscriptEntry) -> Result<u64, TxError> {
        self.append_transcript_with_file(conversation, entry, None)
    }

    /// [`Tx::append_transcript`] with the entry's file given apart (`entry.attachment` is
    /// `None`): a visitor's 20 MB file is stored from where it arrived, not copied first.
    pub(crate) fn append_transcript_with_file(
        &self,
        conversation: ConversationId,
        entry: &TranscriptEntry,
        file: Option<&Attachment>,
    ) -> Result<u64, TxError> {
        let (data_keys, transcripts) = (self.tree(TreeName::DataKeys), self.tree(TreeName::Transcripts));
        let seq = append(self.store(), data_keys, transcripts, conversation, entry, file)?;
        self.note_appended(conversation);
        Ok(seq)
    }

    /// Destroys a conversation's data key and record. Its transcript entries become unreadable at
    /// once; they and its files are removed once the transaction has committed.
    pub(crate) fn forget_conversation(&self, conversation: &Conversation) -> Result<(), TxError> {
        self.store().data_key_cache.lock().map_err(|_| StoreError::Poisoned)?.remove(&conversation.id);
        // Removed is not yet gone from the disk: the next maintenance compacts.
        self.store().note_shred();
        self.remove(TreeName::DataKeys, conversation.id.as_bytes())?;
        self.remove(TreeName::Conversations, conversation.id.as_bytes())?;
        self.remove(TreeName::VisitorConversations, &link_key(conversation.visitor, conversation.id))?;
        self.after.borrow_mut().sweeps.push(conversation.id);
        Ok(())
    }
}

impl Store {
    /// Opens a new conversation for `visitor` in a transaction of its own.
    pub fn start_conversation(&self, visitor: VisitorId, now: Timestamp) -> Result<Conversation, StoreError> {
        let channel = self.visitor(visitor)?.ok_or(StoreError::NotFound { what: "visitor" })?.channel();
        let conversation =
            Conversation::new(ConversationId::random()?, visitor, channel, DEFAULT_LANGUAGE.to_owned(), now);
        self.transact(|tx| tx.create_conversation(&conversation))?;
        Ok(conversation)
    }

    /// Appends one entry outside any transaction: a single insert is atomic on its own, and
    /// skipping the transaction saves sled's log roll per write.
    pub fn append_transcript(&self, conversation: ConversationId, entry: &TranscriptEntry) -> Result<u64, StoreError> {
        let seq = append(
            self,
            &*self.tree(TreeName::DataKeys),
            &*self.tree(TreeName::Transcripts),
            conversation,
            entry,
            None,
        )?;
        self.index_outbox(vec![super::outbox_index::Change::Appended(conversation)])?;
        Ok(seq)
    }

    /// A conversation as last committed.
    pub fn conversation(&self, id: ConversationId) -> Result<Option<Conversation>, StoreError> {
        self.get(TreeName::Conversations, id.as_bytes())
    }

    /// Every conversation (tools, tests, start-up checks; not a hot path).
    pub fn scan_conversations(&self) -> Result<Vec<(ConversationId, Conversation)>, StoreError> {
        let mut out = Vec::new();
        for item in self.tree(TreeName::Conversations).iter() {
            let (key, value) = item?;
            let conversation: Conversation = sealed::open(&self.keys().state, TreeName::Conversations, &key, &value)?;
            out.push((conversation.id, conversation));
        }
        Ok(out)
    }

    /// A visitor's conversations, oldest first.
    pub fn conversations_of(&self, visitor: VisitorId) -> Result<Vec<Conversation>, StoreError> {
        let mut out = Vec::new();
        for item in self.tree(TreeName::VisitorConversations).scan_prefix(visitor.as_bytes()) {
            let (key, _) = item?;
            let id_bytes: [u8; 16] =
                key[16..].try_into().map_err(|_| StoreError::Decode { tree: "visitor_conversations" })?;
            if let Some(conversation) = self.conversation(ConversationId::from_bytes(id_bytes))? {
                out.push(conversation);
            }
        }
        out.sort_by_key(|c| c.opened_at);
        Ok(out)
    }

    /// A conversation's transcript, in order. Fails with [`StoreError::Shredded`] once its data
    /// key is gone, whatever entries may still exist.
    pub fn transcript(&self, conversation: ConversationId) -> Result<Vec<(u64, TranscriptEntry)>, StoreError> {
        let wrapped = self.tree(TreeName::DataKeys).get(conversation.as_bytes())?.ok_or(StoreError::Shredded)?;
        let data_key = DataKey::unwrap(&self.keys().kek, data_key_place(&conversation), &wrapped)
            .map_err(|_| StoreError::Tampered { tree: TreeName::DataKeys.name() })?;
        let mut entries = Vec::new();
        let tree = self.tree(TreeName::Transcripts);
        for item in tree.scan_prefix(conversation.as_bytes()) {
            let (key, value) = item?;
            if !is_entry_key(&key) {
                continue;
            }
            let seq_bytes: [u8; 8] = key[16..].try_into().map_err(|_| StoreError::Decode { tree: "transcripts" })?;
            let seq = u64::from_be_bytes(seq_bytes);
            let entry = sealed::open(data_key.sealing(), TreeName::Transcripts, &key, &value)?;
            entries.push((seq, with_file(self, &*tree, &data_key, conversation, seq, entry)?));
        }
        Ok(entries)
    }

    /// The sealed bytes of one transcript entry exactly as stored on disk (for the demo and
    /// for diagnostics: it shows what a seized disk holds).
    pub fn raw_transcript_entry(&self, conversation: ConversationId, seq: u64) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.tree(TreeName::Transcripts).get(entry_key(conversation, seq))?.map(|v| v.to_vec()))
    }

    #[cfg(test)]
    /// Crypto-shreds a conversation: its data key goes, then (once that has committed) its
    /// entries and files; all of it durable when this returns.
    pub(crate) fn shred_conversation(&self, id: ConversationId) -> Result<(), StoreError> {
        let conversation = self.conversation(id)?.ok_or(StoreError::NotFound { what: "conversation" })?;
        self.transact(|tx| tx.forget_conversation(&conversation))?;
        self.flush()?;
        Ok(())
    }

    /// Removes what is left of a conversation whose data key a committed transaction destroyed.
    pub(super) fn sweep_shredded(&self, conversation: ConversationId) -> Result<(), StoreError> {
        self.note_shred();
        self.remove_entries(conversation)?;
        Ok(())
    }

    fn remove_entries(&self, conversation: ConversationId) -> Result<usize, StoreError> {
        let tree = self.tree(TreeName::Transcripts);
        let mut batch = sled::Batch::default();
        let mut removed = 0;
        for key in tree.scan_prefix(conversation.as_bytes()).keys() {
            batch.remove(key?);
            removed += 1;
        }
        tree.apply_batch(batch)?;
        self.files.erase_conversation(conversation)?;
        if let Ok(mut heads) = self.heads.lock() {
            heads.remove(&conversation);
        }
        Ok(removed)
    }

    /// At open: finds each conversation's next transcript sequence number, and removes entries
    /// left behind by a shred interrupted between its two steps. Transactions cannot scan
    /// (sled would deadlock), so the heads must be known before any append.
    pub(super) fn load_heads(&self) -> Result<(), StoreError> {
        let mut heads = HashMap::new();
        let mut orphans = Vec::new();
        for key in self.tree(TreeName::Transcripts).iter().keys() {
            let key = key?;
            let (Some(id), Some(seq)) = (key.get(..16), key.get(16..24)) else {
                return Err(StoreError::Decode { tree: "transcripts" });
            };
            let id = ConversationId::from_bytes(id.try_into().map_err(|_| StoreError::Decode { tree: "transcripts" })?);
            let seq = u64::from_be_bytes(seq.try_into().map_err(|_| StoreError::Decode { tree: "transcripts" })?);
            if !heads.contains_key(&id) && !self.tree(TreeName::DataKeys).contains_key(id.as_bytes())? {
                orphans.push(id);
            }
            heads.insert(id, seq + 1);
        }
        let mut removed = 0;
        for id in orphans {
            heads.remove(&id);
            removed += self.remove_entries(id)?;
        }
        if removed > 0 {
            self.flush()?;
            tracing::info!(entries = removed, "removed transcript entries of shredded conversations");
        }
        let transcripts = self.tree(TreeName::Transcripts);
        let data_keys = self.tree(TreeName::DataKeys);
        let erased = self.files.sweep(|conversation, seq| {
            Ok(data_keys.contains_key(conversation.as_bytes())?
                && transcripts.contains_key(entry_key(conversation, seq))?)
        })?;
        if erased > 0 {
            tracing::info!(
                files = erased,
                "erased files no stored entry names (a write that never committed, or a shred)"
            );
        }
        *self.heads.lock().map_err(|_| StoreError::Poisoned)? = heads;
        Ok(())
    }

    /// The sequence number the next entry of a conversation's transcript will get.
    pub(crate) fn transcript_head(&self, conversation: ConversationId) -> Result<u64, StoreError> {
        Ok(self.heads.lock().map_err(|_| StoreError::Poisoned)?.get(&conversation).copied().unwrap_or(0))
    }

    /// Allocates the next sequence number of a conversation's transcript. Every existing
    /// conversation's head was loaded at open; one not in the map has no entries yet.
    pub(crate) fn next_seq(&self, conversation: ConversationId) -> Result<u64, StoreError> {
        let mut heads = self.heads.lock().map_err(|_| StoreError::Poisoned)?;
        let next = heads.entry(conversation).or_insert(0);
        let seq = *next;
        *next += 1;
        Ok(seq)
    }
}

/// What [`Store::verify`] checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Verified {
    /// Records opened (every tree but the transcripts).
    pub records: usize,
    /// Transcript entries opened.
    pub transcript_entries: usize,
}

impl Store {
    /// Authenticates every record in the store, transcripts included. Fails on the first record
    /// that was altered, moved or damaged, naming its tree.
    pub fn verify(&self) -> Result<Verified, StoreError> {
        let mut verified = Verified::default();
        for tree in TreeName::ALL {
            if tree == TreeName::Transcripts {
                continue;
            }
            let sealing = if tree == TreeName::DataKeys { &self.keys().kek } else { &self.keys().state };
            for item in self.tree(tree).iter() {
                let (key, value) = item?;
                sealing
                    .open(Place { tree: tree.name(), key: &key }, &value)
                    .map_err(|_| StoreError::Tampered { tree: tree.name() })?;
                verified.records += 1;
            }
        }
        let mut current: Option<(ConversationId, Option<DataKey>)> = None;
        for item in self.tree(TreeName::Transcripts).iter() {
            let (key, value) = item?;
            let id: [u8; 16] =
                key.get(..16).and_then(|k| k.try_into().ok()).ok_or(StoreError::Decode { tree: "transcripts" })?;
            let id = ConversationId::from_bytes(id);
            if current.as_ref().map(|(c, _)| *c) != Some(id) {
                let data_key = match self.tree(TreeName::DataKeys).get(id.as_bytes())? {
                    Some(wrapped) => Some(
                        DataKey::unwrap(&self.keys().kek, data_key_place(&id), &wrapped)
                            .map_err(|_| StoreError::Tampered { tree: TreeName::DataKeys.name() })?,
                    ),
                    None => None,
                };
                current = Some((id, data_key));
            }
            // Entries of a shredded conversation are unreadable by design; the sweep removes them.
            if let Some((_, Some(data_key))) = &current {
                data_key
                    .sealing()
                    .open(Place { tree: TreeName::Transcripts.name(), key: &key }, &value)
                    .map_err(|_| StoreError::Tampered { tree: TreeName::Transcripts.name() })?;
                if is_entry_key(&key) {
                    let seq = key.get(16..24).and_then(|s| s.try_into().ok()).map(u64::from_be_bytes);
                    if let Some(seq) = seq {
                        self.files.read(data_key, id, seq)?;
                    }
                    verified.transcript_entries += 1;
                } else {
                    verified.records += 1;
                }
            }
        }
        Ok(verified)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::MasterKey;
    use crate::transcript::{Author, ContentKind, Direction};

    /// Stores written before files moved out of sled kept them in sled, as sealed pieces after
    /// their entry: such a file still reads whole, and one missing its last piece is tampered.
    #[test]
    fn a_file_an_older_version_kept_in_sled_pieces_still_reads() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), &MasterKey::generate().unwrap()).unwrap();
        let address = crate::visitor::PlatformAddress::Telegram { user_id: 1, chat_id: 1 };
        let visitor = store.register_visitor(&address, Timestamp(0)).unwrap().into_visitor();
        let conversation = store.start_conversation(visitor.id, Timestamp(0)).unwrap().id;
        let bytes: Vec<u8> = (0..200_000u32).map(|n| (n % 253) as u8).collect();
        let entry = TranscriptEntry {
            kind: ContentKind::Document,
            attachment: Some(Attachment { mime: "application/pdf".into(), bytes: bytes.clone() }),
            ..TranscriptEntry::text(Timestamp(0), Direction::FromVisitor, Author::System, "scan")
        };
        let seq = store.append_transcript(conversation, &entry).unwrap();
        // As the older version wrote it: no file, pieces in the transcripts tree.
        std::fs::remove_dir_all(dir.path().join("files")).unwrap();
        let data_key = data_key(&store, &*store.tree(TreeName::DataKeys), conversation).unwrap().unwrap();
        let pieces: Vec<&[u8]> = bytes.chunks(FILE_PIECE).collect();
        let mut last_key = Vec::new();
        for (n, piece) in pieces.iter().enumerate() {
            let number = if n == pieces.len() - 1 { n as u32 | LAST_PIECE } else { n as u32 };
            let key = piece_key(conversation, seq, number);
            let sealed =
                data_key.sealing().seal(Place { tree: TreeName::Transcripts.name(), key: &key }, piece).unwrap();
            store.tree(TreeName::Transcripts).insert(key, sealed).unwrap();
            last_key = key.to_vec();
        }
        let read = store.transcript(conversation).unwrap();
        assert_eq!(read[0].1.attachment.as_ref().unwrap().bytes, bytes);
        store.tree(TreeName::Transcripts).remove(&last_key).unwrap();
        assert!(matches!(store.transcript(conversation), Err(StoreError::Tampered { tree: "transcripts" })));
    }
}
