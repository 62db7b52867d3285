//! The outbox tree: seq (u64 BE) → sealed outbox record.
//!
//! A visitor message relayed to its conversation room is stored as a reference to its
//! transcript entry rather than a second copy of the words: half the bytes on the hot path, and
//! a shredded conversation's pending relays vanish with it.

use std::collections::HashSet;
use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};

use super::sealed::Kv;
use super::{Store, StoreError, TreeName, Tx, TxError, sealed};
use crate::ids::ConversationId;
use crate::outbox::{Action, Lane, OutboxEntry, backoff_ms, relay_text};
use crate::time::Timestamp;

/// What is stored for an outbox entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Stored {
    id: u64,
    work: Work,
    idempotency_key: String,
    attempts: u32,
    next_attempt_at: Timestamp,
    created_at: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum Work {
    Action(Action),
    /// Post transcript entry `seq` of `conversation` to its room.
    Relay {
        conversation: ConversationId,
        seq: u64,
    },
}

impl Work {
    fn lane(&self) -> Lane {
        match self {
            Self::Action(action) => action.lane(),
            Self::Relay { conversation, .. } => Lane::Room(*conversation),
        }
    }
}

impl Tx<'_> {
    /// Puts an action in the outbox; it is delivered after the transaction is flushed.
    pub fn enqueue(&self, action: Action, now: Timestamp) -> Result<u64, TxError> {
        self.enqueue_work(Work::Action(action), now)
    }

    /// Puts the relay of a visitor's transcript entry to the conversation room in the outbox.
    pub fn enqueue_relay(&self, conversation: ConversationId, seq: u64, now: Timestamp) -> Result<u64, TxError> {
        self.enqueue_work(Work::Relay { conversation, seq }, now)
    }

    fn enqueue_work(&self, work: Work, now: Timestamp) -> Result<u64, TxError> {
        let store = self.store();
        let id = store.next_outbox.fetch_add(1, Ordering::SeqCst);
        let stored = Stored {
            id,
            work,
            idempotency_key: format!("hopenow-{}-{id:x}", store.outbox_salt),
            attempts: 0,
            next_attempt_at: now,
            created_at: now,
        };
        self.put(TreeName::Outbox, &id.to_be_bytes(), &stored)?;
        Ok(id)
    }

    /// The entry, with a relay resolved to the words it carries; `None` if it is gone (or its
    /// conversation was shredded).
    pub fn outbox_entry(&self, id: u64) -> Result<Option<OutboxEntry>, TxError> {
        let Some(stored) = self.get::<Stored>(TreeName::Outbox, &id.to_be_bytes())? else { return Ok(None) };
        resolve(self.store(), self.tree(TreeName::DataKeys), self.tree(TreeName::Transcripts), stored)
    }

    pub fn remove_outbox_entry(&self, id: u64) -> Result<bool, TxError> {
        self.remove(TreeName::Outbox, &id.to_be_bytes())
    }
}

/// Turns a stored record into the entry connectors see.
fn resolve<K: Kv>(
    store: &Store,
    data_keys: &K,
    transcripts: &K,
    stored: Stored,
) -> Result<Option<OutboxEntry>, K::Error> {
    let action = match stored.work {
        Work::Action(action) => action,
        Work::Relay { conversation, seq } => {
            match super::transcripts::entry(store, data_keys, transcripts, conversation, seq)? {
                Some(entry) => Action::PostToConversation {
                    conversation,
                    text: relay_text(&entry),
                    attachment: entry.attachment,
                    notice: false,
                },
                None => return Ok(None),
            }
        }
    };
    Ok(Some(OutboxEntry {
        id: stored.id,
        action,
        idempotency_key: stored.idempotency_key,
        attempts: stored.attempts,
        next_attempt_at: stored.next_attempt_at,
        created_at: stored.created_at,
    }))
}

impl Store {
    fn stored_entries(&self) -> impl Iterator<Item = Result<Stored, StoreError>> + '_ {
        self.tree(TreeName::Outbox).iter().map(|item| {
            let (key, value) = item?;
            sealed::open(&self.keys().state, TreeName::Outbox, &key, &value)
        })
    }

    fn resolve(&self, stored: Stored) -> Result<Option<OutboxEntry>, StoreError> {
        let id = stored.id;
        let resolved = resolve(self, self.tree(TreeName::DataKeys), self.tree(TreeName::Transcripts), stored)?;
        if resolved.is_none() {
            // The words it would have carried were shredded: there is nothing left to deliver.
            self.outbox_ack(id)?;
        }
        Ok(resolved)
    }

    /// Entries ready to deliver at `now`: the head of each lane, if its time has come, in
    /// outbox order. At most `limit`.
    pub fn outbox_due(&self, now: Timestamp, limit: usize) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut busy: HashSet<Lane> = HashSet::new();
        let mut due = Vec::new();
        for stored in self.stored_entries() {
            let stored = stored?;
            if !busy.insert(stored.work.lane()) {
                continue;
            }
            if stored.next_attempt_at <= now
                && let Some(entry) = self.resolve(stored)?
            {
                due.push(entry);
                if due.len() >= limit {
                    break;
                }
            }
        }
        Ok(due)
    }

    /// Every entry, in order (tests, tools).
    pub fn outbox_entries(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut out = Vec::new();
        for stored in self.stored_entries() {
            if let Some(entry) = self.resolve(stored?)? {
                out.push(entry);
            }
        }
        Ok(out)
    }

    pub fn outbox_len(&self) -> usize {
        self.tree(TreeName::Outbox).len()
    }

    /// A delivered entry leaves the outbox. Acking an unknown id is harmless (a retried ack).
    pub fn outbox_ack(&self, id: u64) -> Result<bool, StoreError> {
        Ok(self.tree(TreeName::Outbox).remove(id.to_be_bytes())?.is_some())
    }

    /// Schedules another attempt of entry `id`: after `after_ms` if the platform said so, else
    /// after an exponential backoff.
    pub fn outbox_retry(&self, id: u64, now: Timestamp, after_ms: Option<i64>) -> Result<bool, StoreError> {
        let key = id.to_be_bytes();
        let Some(mut stored) = self.get::<Stored>(TreeName::Outbox, &key)? else { return Ok(false) };
        let wait = after_ms.unwrap_or_else(|| backoff_ms(stored.attempts)).clamp(0, 3_600_000);
        stored.attempts = stored.attempts.saturating_add(1);
        stored.next_attempt_at = now.plus_millis(wait);
        self.put(TreeName::Outbox, &key, &stored)?;
        Ok(true)
    }

    /// At open: continue outbox ids after the last one.
    pub(super) fn load_outbox_head(&self) -> Result<(), StoreError> {
        let next = match self.tree(TreeName::Outbox).last()? {
            Some((key, _)) => {
                let bytes: [u8; 8] = key.as_ref().try_into().map_err(|_| StoreError::Decode { tree: "outbox" })?;
                u64::from_be_bytes(bytes) + 1
            }
            None => 0,
        };
        self.next_outbox.store(next.max(self.next_outbox.load(Ordering::SeqCst)), Ordering::SeqCst);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The outbox record's encoding is part of the on-disk format.
    #[test]
    fn outbox_record_encodings_are_pinned() {
        let relay = Stored {
            id: 7,
            work: Work::Relay { conversation: ConversationId::from_bytes([1; 16]), seq: 3 },
            idempotency_key: "hopenow-ab-7".into(),
            attempts: 2,
            next_attempt_at: Timestamp(10),
            created_at: Timestamp(5),
        };
        assert_eq!(
            hex::encode(postcard::to_allocvec(&relay).unwrap()),
            "070101010101010101010101010101010101030c686f70656e6f772d61622d3702140a"
        );
        let duty = Stored { work: Work::Action(Action::PostToDuty { text: "hi".into() }), ..relay };
        assert_eq!(
            hex::encode(postcard::to_allocvec(&duty).unwrap()),
            "070006026869".to_owned() + "0c686f70656e6f772d61622d3702140a"
        );
    }
}
