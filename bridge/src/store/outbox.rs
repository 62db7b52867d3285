//! The outbox tree: seq (u64 BE) → sealed outbox record.
//!
//! A visitor's messages are relayed to their conversation room from the transcript itself: the
//! outbox holds one "relays" record per run of consecutive visitor messages, which delivers the
//! visitor's transcript entries one by one, each with its own idempotency key, and advances on
//! each ack. A run stays open while nothing else is queued for that room; anything else queued
//! for the room closes it first, so the room still receives everything in the order it happened.
//! One record per run instead of one per message keeps the hot path to one write per message.

use std::collections::HashSet;
use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};

use super::outbox_index::Change;
use super::sealed::Kv;
use super::{Store, StoreError, TreeName, Tx, TxError, sealed};
use crate::ids::ConversationId;
use crate::outbox::{Action, Lane, OutboxEntry, backoff_ms, relay_text};
use crate::time::Timestamp;
use crate::transcript::Direction;

/// Bytes of files one delivery round may hold: past it the round ends (it always takes at least
/// one entry), so many visitors' large files are delivered a few at a time, not 32 at once.
pub const ROUND_FILE_BYTES: usize = 20 * 1024 * 1024;

/// The due time of an entry that waits to be released.
pub const PARKED: Timestamp = Timestamp(i64::MAX);

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
    /// The visitor's transcript entries of `conversation` from seq `next` on: up to `until` once
    /// the run is closed, else up to the newest.
    Relays {
        conversation: ConversationId,
        next: u64,
        until: Option<u64>,
    },
}

impl Stored {
    /// What the index keeps of this record.
    fn change(&self) -> Change {
        let open_run = match self.work {
            Work::Relays { conversation, until: None, .. } => Some(conversation),
            _ => None,
        };
        Change::Put {
            id: self.id,
            lane: self.work.lane(),
            due: self.next_attempt_at,
            open_run,
            attempts: self.attempts,
        }
    }
}

impl Work {
    fn lane(&self) -> Lane {
        match self {
            Self::Action(action) => action.lane(),
            Self::Relays { conversation, .. } => Lane::Room(*conversation),
        }
    }
}

/// What a stored record stands for now.
enum Resolved {
    Due(Box<OutboxEntry>),
    /// An open run whose messages have all been delivered: it waits for the next one.
    Waiting,
    /// Nothing left to do: a closed run that is done, or words that were shredded.
    Spent,
}

/// What an acknowledgement did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acked {
    /// The record left the outbox.
    Removed,
    /// A run of relays moved past the acknowledged message and stays for the rest.
    Advanced,
    /// Already acknowledged (or unknown): nothing changed.
    Nothing,
}

impl Tx<'_> {
    /// Puts an action in the outbox; it is delivered after the transaction is flushed.
    pub fn enqueue(&self, action: Action, now: Timestamp) -> Result<u64, TxError> {
        self.enqueue_work(Work::Action(action), now, now)
    }

    /// Puts an action in the outbox that is not due before `due` ([`PARKED`]: until released).
    pub fn enqueue_at(&self, action: Action, now: Timestamp, due: Timestamp) -> Result<u64, TxError> {
        self.enqueue_work(Work::Action(action), now, due)
    }

    /// Makes a parked entry due now. False if it is gone.
    pub(crate) fn release_outbox(&self, id: u64, now: Timestamp) -> Result<bool, TxError> {
        let key = id.to_be_bytes();
        let Some(mut stored) = self.get::<Stored>(TreeName::Outbox, &key)? else { return Ok(false) };
        stored.next_attempt_at = now;
        self.put_stored(&stored)?;
        Ok(true)
    }

    /// Makes entry `id` due at `due` instead (an announcement taking up its pace after a
    /// restart). False if it is gone.
    pub(crate) fn reschedule_outbox(&self, id: u64, due: Timestamp) -> Result<bool, TxError> {
        self.release_outbox(id, due)
    }

    /// The action of entry `id`, if it is still waiting (a run of relays has none).
    pub(crate) fn outbox_action(&self, id: u64) -> Result<Option<Action>, TxError> {
        let stored: Option<Stored> = self.get(TreeName::Outbox, &id.to_be_bytes())?;
        Ok(stored.and_then(|s| match s.work {
            Work::Action(action) => Some(action),
            Work::Relays { .. } => None,
        }))
    }

    /// Puts `action` in place of entry `id`'s, keeping its place, idempotency key and due time
    /// (a visitor moved to another account: what waits for them goes there).
    pub(crate) fn replace_outbox_action(&self, id: u64, action: Action) -> Result<bool, TxError> {
        let key = id.to_be_bytes();
        let Some(mut stored) = self.get::<Stored>(TreeName::Outbox, &key)? else { return Ok(false) };
        stored.work = Work::Action(action);
        self.put_stored(&stored)?;
        Ok(true)
    }

    /// Takes entry `id` out of the outbox undelivered.
    pub(crate) fn drop_outbox(&self, id: u64) -> Result<bool, TxError> {
        self.remove_stored(id)
    }

    /// Opens a run of relays of `conversation`'s visitor messages, starting at transcript seq `from`.
    pub(crate) fn open_relays(&self, conversation: ConversationId, from: u64, now: Timestamp) -> Result<u64, TxError> {
        self.enqueue_work(Work::Relays { conversation, next: from, until: None }, now, now)
    }

    /// Closes the open run `id`: it relays nothing appended after this point.
    pub(crate) fn close_relays(&self, id: u64, conversation: ConversationId) -> Result<(), TxError> {
        let key = id.to_be_bytes();
        let Some(mut stored) = self.get::<Stored>(TreeName::Outbox, &key)? else { return Ok(()) };
        if let Work::Relays { until: until @ None, .. } = &mut stored.work {
            *until = self.store().transcript_head(conversation)?.checked_sub(1);
            if until.is_none() {
                // No entry at all yet: nothing to relay.
                self.remove_stored(id)?;
                return Ok(());
            }
            self.put_stored(&stored)?;
        }
        Ok(())
    }

    fn enqueue_work(&self, work: Work, now: Timestamp, due: Timestamp) -> Result<u64, TxError> {
        let store = self.store();
        let id = store.next_outbox.fetch_add(1, Ordering::SeqCst);
        let stored = Stored {
            id,
            work,
            idempotency_key: format!("hopenow-{}-{id:x}", store.outbox_salt),
            attempts: 0,
            next_attempt_at: due,
            created_at: now,
        };
        self.put_stored(&stored)?;
        Ok(id)
    }

    fn put_stored(&self, stored: &Stored) -> Result<(), TxError> {
        self.put(TreeName::Outbox, &stored.id.to_be_bytes(), stored)?;
        self.after.borrow_mut().outbox.push(stored.change());
        Ok(())
    }

    fn remove_stored(&self, id: u64) -> Result<bool, TxError> {
        let removed = self.remove(TreeName::Outbox, &id.to_be_bytes())?;
        self.after.borrow_mut().outbox.push(Change::Remove(id));
        Ok(removed)
    }

    /// The conversation's transcript grew: a drained run of its relays has work again.
    pub(super) fn note_appended(&self, conversation: ConversationId) {
        self.after.borrow_mut().outbox.push(Change::Appended(conversation));
    }

    /// `entry` was delivered (or can never be): a plain record leaves; a run of relays moves past
    /// the message in `entry.part`. Acknowledging twice changes nothing the second time.
    pub(crate) fn ack_outbox(&self, entry: &OutboxEntry) -> Result<Acked, TxError> {
        let key = entry.id.to_be_bytes();
        let Some(mut stored) = self.get::<Stored>(TreeName::Outbox, &key)? else { return Ok(Acked::Nothing) };
        let Work::Relays { next, until, .. } = &mut stored.work else {
            self.remove_stored(entry.id)?;
            return Ok(Acked::Removed);
        };
        if entry.part < *next {
            return Ok(Acked::Nothing);
        }
        *next = entry.part + 1;
        if until.is_some_and(|until| *next > until) {
            self.remove_stored(entry.id)?;
            return Ok(Acked::Removed);
        }
        stored.attempts = 0;
        self.put_stored(&stored)?;
        Ok(Acked::Advanced)
    }

    /// Schedules another attempt of entry `id`: after `after_ms` if the platform said so, else
    /// after an exponential backoff.
    pub(crate) fn retry_outbox(&self, id: u64, now: Timestamp, after_ms: Option<i64>) -> Result<bool, TxError> {
        let key = id.to_be_bytes();
        let Some(mut stored) = self.get::<Stored>(TreeName::Outbox, &key)? else { return Ok(false) };
        let wait = after_ms.unwrap_or_else(|| backoff_ms(stored.attempts)).clamp(0, 3_600_000);
        stored.attempts = stored.attempts.saturating_add(1);
        stored.next_attempt_at = now.plus_millis(wait);
        self.put_stored(&stored)?;
        Ok(true)
    }
}

fn due_entry(stored: &Stored, action: Action, part: u64, key: String) -> OutboxEntry {
    OutboxEntry {
        id: stored.id,
        part,
        relay: matches!(stored.work, Work::Relays { .. }),
        action,
        idempotency_key: key,
        attempts: stored.attempts,
        next_attempt_at: stored.next_attempt_at,
        created_at: stored.created_at,
    }
}

/// The next thing a stored record asks a connector to do, found by key (transactions cannot scan).
fn resolve<K: Kv>(store: &Store, data_keys: &K, transcripts: &K, stored: Stored) -> Result<Resolved, K::Error> {
    let (conversation, next, until) = match &stored.work {
        Work::Action(action) => {
            let key = stored.idempotency_key.clone();
            return Ok(Resolved::Due(Box::new(due_entry(&stored, action.clone(), 0, key))));
        }
        Work::Relays { conversation, next, until } => (*conversation, *next, *until),
    };
    let head = store.transcript_head(conversation)?;
    let last = until.unwrap_or(head.saturating_sub(1));
    let mut seq = next;
    while seq <= last && seq < head {
        match super::transcripts::entry(store, data_keys, transcripts, conversation, seq)? {
            Some(entry) if entry.direction == Direction::FromVisitor => {
                let action = Action::PostToConversation {
                    conversation,
                    text: relay_text(&entry),
                    attachment: entry.attachment,
                    notice: false,
                };
                let key = format!("{}-{seq:x}", stored.idempotency_key);
                return Ok(Resolved::Due(Box::new(due_entry(&stored, action, seq, key))));
            }
            Some(_) => seq += 1,
            // Shredded: the words are gone and so is the duty to relay them.
            None if data_keys.get_raw(conversation.as_bytes())?.is_none() => return Ok(Resolved::Spent),
            None => seq += 1,
        }
    }
    Ok(if until.is_some() { Resolved::Spent } else { Resolved::Waiting })
}

impl Store {
    fn stored_entries(&self) -> impl Iterator<Item = Result<Stored, StoreError>> + '_ {
        // The handle goes with the iterator, so a compaction cannot swap the tree under it.
        let tree = self.tree(TreeName::Outbox);
        let items = tree.iter();
        items.map(move |item| {
            let _held = &tree;
            let (key, value) = item?;
            sealed::open(&self.keys().state, TreeName::Outbox, &key, &value)
        })
    }

    fn resolve(&self, stored: Stored) -> Result<Resolved, StoreError> {
        resolve(self, &*self.tree(TreeName::DataKeys), &*self.tree(TreeName::Transcripts), stored)
    }

    /// Entries ready to deliver at `now`: the head of each lane, if its time has come, in
    /// outbox order. At most `limit`. Spent runs are cleared on the way.
    pub fn outbox_due(&self, now: Timestamp, limit: usize) -> Result<Vec<OutboxEntry>, StoreError> {
        self.outbox_due_where(now, limit, |_| true)
    }

    /// [`Store::outbox_due`] for one connector: only lanes whose head action `mine` accepts
    /// (a lane belongs to one connector: one visitor's platform, or the staff rooms).
    ///
    /// Opens only the lane heads the index says are due: parked replies, auto-hide checks not
    /// yet due and drained runs cost nothing. A round's files stop at 20 MB (`ROUND_FILE_BYTES`).
    pub(crate) fn outbox_due_where(
        &self,
        now: Timestamp,
        limit: usize,
        mine: impl Fn(&Action) -> bool,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut looked: HashSet<u64> = HashSet::new();
        let mut due = Vec::new();
        let mut file_bytes = 0;
        // Again after a spent run left: the record behind it in its lane may be due too.
        loop {
            let candidates = self.outbox_index.lock().map_err(|_| StoreError::Poisoned)?.due(now);
            let mut left = false;
            for candidate in candidates.into_iter().filter(|c| looked.insert(c.id)) {
                let Some(stored) = self.get::<Stored>(TreeName::Outbox, &candidate.id.to_be_bytes())? else {
                    // Gone since the index looked (acknowledged by another round, or purged).
                    self.index_outbox(vec![Change::Remove(candidate.id)])?;
                    left = true;
                    continue;
                };
                // The index can be a commit behind the record.
                let ready = stored.next_attempt_at <= now;
                match self.resolve(stored)? {
                    Resolved::Spent => {
                        self.outbox_remove_spent(candidate.id)?;
                        left = true;
                    }
                    Resolved::Waiting => {
                        self.outbox_index.lock().map_err(|_| StoreError::Poisoned)?.drained(candidate);
                    }
                    Resolved::Due(entry) if ready && mine(&entry.action) => {
                        file_bytes += entry.action.attachment().map_or(0, |a| a.bytes.len());
                        due.push(*entry);
                    }
                    Resolved::Due(_) => {}
                }
                // Files of a round are all in memory at once: the round ends at the budget.
                if due.len() >= limit || file_bytes >= ROUND_FILE_BYTES {
                    return Ok(due);
                }
            }
            if !left {
                return Ok(due);
            }
        }
    }

    /// Applies committed outbox changes to the index.
    pub(super) fn index_outbox(&self, changes: Vec<Change>) -> Result<(), StoreError> {
        if changes.is_empty() {
            return Ok(());
        }
        let mut index = self.outbox_index.lock().map_err(|_| StoreError::Poisoned)?;
        for change in changes {
            index.apply(change);
        }
        Ok(())
    }

    /// At open: the index from every record (the one time the whole outbox is opened).
    pub(super) fn load_outbox_index(&self) -> Result<(), StoreError> {
        let mut changes = Vec::new();
        for stored in self.stored_entries() {
            changes.push(stored?.change());
        }
        self.index_outbox(changes)
    }

    /// Everything still to deliver, in order, runs of relays expanded message by message (tests,
    /// tools).
    pub fn outbox_entries(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut out = Vec::new();
        for stored in self.stored_entries() {
            let mut stored = stored?;
            while let Resolved::Due(entry) = self.resolve(stored.clone())? {
                let part = entry.part;
                out.push(*entry);
                match &mut stored.work {
                    Work::Relays { next, .. } => *next = part + 1,
                    Work::Action(_) => break,
                }
            }
        }
        Ok(out)
    }

    /// Drops every entry before id `before` in these lanes (a visitor erased their data: what
    /// was still to be sent to them goes too). Outside any transaction.
    pub(super) fn purge_lanes(&self, lanes: &[Lane], before: u64) -> Result<usize, StoreError> {
        let _order = self.commit_order.lock().map_err(|_| StoreError::Poisoned)?;
        let doomed: Vec<u64> = self.outbox_ids_in(lanes)?.into_iter().filter(|id| *id < before).collect();
        for id in &doomed {
            self.tree(TreeName::Outbox).remove(id.to_be_bytes())?;
        }
        self.index_outbox(doomed.iter().map(|id| Change::Remove(*id)).collect())?;
        Ok(doomed.len())
    }

    /// The ids of every entry waiting in these lanes, oldest first.
    pub(crate) fn outbox_ids_in(&self, lanes: &[Lane]) -> Result<Vec<u64>, StoreError> {
        Ok(self.outbox_index.lock().map_err(|_| StoreError::Poisoned)?.ids_in(lanes))
    }

    /// How many outbox records wait to be delivered at `now`, and since when the longest has
    /// waited without progress (a run of relays counts once; parked replies do not wait).
    pub fn outbox_pending(&self, now: Timestamp) -> Result<(usize, Option<Timestamp>), StoreError> {
        Ok(self.outbox_index.lock().map_err(|_| StoreError::Poisoned)?.pending(now))
    }

    #[cfg(test)]
    /// How many records the outbox holds (a run of relays counts once).
    pub(crate) fn outbox_len(&self) -> usize {
        self.tree(TreeName::Outbox).len()
    }

    /// A spent run leaves the outbox. Only closed runs are spent, and nothing changes a closed
    /// run but acks, so this needs no transaction.
    fn outbox_remove_spent(&self, id: u64) -> Result<(), StoreError> {
        self.tree(TreeName::Outbox).remove(id.to_be_bytes())?;
        self.index_outbox(vec![Change::Remove(id)])
    }

    /// Open runs of relays, by conversation: the engine needs them at start.
    pub(crate) fn open_relays(&self) -> Result<Vec<(ConversationId, u64)>, StoreError> {
        let mut out = Vec::new();
        for stored in self.stored_entries() {
            let stored = stored?;
            if let Work::Relays { conversation, until: None, .. } = stored.work {
                out.push((conversation, stored.id));
            }
        }
        Ok(out)
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
            work: Work::Relays { conversation: ConversationId::from_bytes([1; 16]), next: 3, until: Some(9) },
            idempotency_key: "hopenow-ab-7".into(),
            attempts: 2,
            next_attempt_at: Timestamp(10),
            created_at: Timestamp(5),
        };
        assert_eq!(
            hex::encode(postcard::to_allocvec(&relay).unwrap()),
            "0701010101010101010101010101010101010301090c686f70656e6f772d61622d3702140a"
        );
        let duty = Stored { work: Work::Action(Action::PostToDuty { text: "hi".into() }), ..relay };
        assert_eq!(
            hex::encode(postcard::to_allocvec(&duty).unwrap()),
            "070006026869".to_owned() + "0c686f70656e6f772d61622d3702140a"
        );
    }
}
