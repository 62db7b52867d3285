//! The chat log tree: which messages of a visitor's chat the bridge may still delete.
//!
//! Keys are VisitorId ‖ time (ms, BE) ‖ n (BE), so one visitor's recent messages are one prefix
//! scan and pruning by age needs no decryption. Values are sealed [`MessageRef`]s.

use std::sync::atomic::Ordering;

use super::{Store, StoreError, TreeName, Tx, TxError, sealed};
use crate::chat::{LoggedMessage, MessageRef};
use crate::ids::VisitorId;
use crate::time::Timestamp;

const KEY_LEN: usize = 16 + 8 + 4;

fn millis(at: Timestamp) -> u64 {
    u64::try_from(at.as_millis()).unwrap_or(0)
}

fn time_of(key: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(key.get(16..24)?.try_into().ok()?))
}

impl Tx<'_> {
    /// Remembers a message of `visitor`'s chat, sent or received at `at`; returns its key.
    pub(crate) fn log_chat_message(
        &self,
        visitor: VisitorId,
        at: Timestamp,
        reference: &MessageRef,
    ) -> Result<Vec<u8>, TxError> {
        let n = self.store().next_chat_log.fetch_add(1, Ordering::Relaxed);
        let mut key = Vec::with_capacity(KEY_LEN);
        key.extend_from_slice(visitor.as_bytes());
        key.extend_from_slice(&millis(at).to_be_bytes());
        key.extend_from_slice(&n.to_be_bytes());
        self.put(TreeName::ChatLog, &key, reference)?;
        Ok(key)
    }

    /// Takes a logged message out of the log, if it is still there.
    pub(crate) fn take_chat_message(&self, key: &[u8]) -> Result<Option<MessageRef>, TxError> {
        let reference = self.get(TreeName::ChatLog, key)?;
        if reference.is_some() {
            self.remove(TreeName::ChatLog, key)?;
        }
        Ok(reference)
    }

    /// Files a logged message under another visitor, at the same time (the chat it is in is now
    /// that visitor's).
    pub(crate) fn relog_chat_message(&self, key: &[u8], to: VisitorId) -> Result<(), TxError> {
        let Some(reference) = self.take_chat_message(key)? else { return Ok(()) };
        let at = time_of(key).and_then(|ms| i64::try_from(ms).ok()).unwrap_or(0);
        self.log_chat_message(to, Timestamp(at), &reference)?;
        Ok(())
    }

    /// Forgets a logged message (it was deleted, or can no longer be).
    pub(crate) fn unlog_chat_message(&self, key: &[u8]) -> Result<(), TxError> {
        // A hidden chat (`/hide`, or the clearing after `/forget`) is a shred too: the ids of the
        // messages it deleted must leave the disk at the next maintenance.
        self.store().note_shred();
        self.remove(TreeName::ChatLog, key)?;
        Ok(())
    }
}

impl Store {
    /// `visitor`'s logged messages from `since` on, oldest first. Outside any transaction: it scans.
    pub(crate) fn chat_log(&self, visitor: VisitorId, since: Timestamp) -> Result<Vec<LoggedMessage>, StoreError> {
        let mut out = Vec::new();
        for item in self.tree(TreeName::ChatLog).scan_prefix(visitor.as_bytes()) {
            let (key, value) = item?;
            if time_of(&key).ok_or(StoreError::Decode { tree: "chat_log" })? < millis(since) {
                continue;
            }
            let reference: MessageRef = sealed::open(&self.keys().state, TreeName::ChatLog, &key, &value)?;
            out.push(LoggedMessage { key: key.to_vec(), reference });
        }
        Ok(out)
    }

    /// Drops entries logged before `before`: the platform would refuse to delete them anyway.
    pub(crate) fn prune_chat_log(&self, before: Timestamp) -> Result<usize, StoreError> {
        let tree = self.tree(TreeName::ChatLog);
        let mut batch = sled::Batch::default();
        let mut removed = 0;
        for key in tree.iter().keys() {
            let key = key?;
            if time_of(&key).ok_or(StoreError::Decode { tree: "chat_log" })? < millis(before) {
                batch.remove(key);
                removed += 1;
            }
        }
        tree.apply_batch(batch)?;
        Ok(removed)
    }

    /// Drops the record of platform updates handled before `before`: no platform redelivers an
    /// update that old, and the record would otherwise grow with every message.
    pub(crate) fn prune_seen(&self, before: Timestamp) -> Result<usize, StoreError> {
        let tree = self.tree(TreeName::Seen);
        let mut batch = sled::Batch::default();
        let mut removed = 0;
        for item in tree.iter() {
            let (key, value) = item?;
            let at: Timestamp = sealed::open(&self.keys().state, TreeName::Seen, &key, &value)?;
            if at < before {
                batch.remove(key);
                removed += 1;
            }
        }
        tree.apply_batch(batch)?;
        Ok(removed)
    }
}
