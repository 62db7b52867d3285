//! The outbox tree: seq (u64 BE) → sealed [`OutboxEntry`].

use std::collections::HashSet;
use std::sync::atomic::Ordering;

use super::{Store, StoreError, TreeName, Tx, TxError};
use crate::crypto::random_bytes;
use crate::outbox::{Action, Lane, OutboxEntry, backoff_ms};
use crate::time::Timestamp;

impl Tx<'_> {
    /// Puts an action in the outbox; it is delivered after the transaction is flushed.
    pub fn enqueue(&self, action: Action, now: Timestamp) -> Result<u64, TxError> {
        let id = self.store().next_outbox.fetch_add(1, Ordering::SeqCst);
        let mut salt = [0u8; 4];
        random_bytes(&mut salt).map_err(StoreError::from)?;
        let entry = OutboxEntry {
            id,
            action,
            idempotency_key: format!("hopenow-{id:x}-{}", hex::encode(salt)),
            attempts: 0,
            next_attempt_at: now,
            created_at: now,
        };
        self.put(TreeName::Outbox, &id.to_be_bytes(), &entry)?;
        Ok(id)
    }

    pub fn outbox_entry(&self, id: u64) -> Result<Option<OutboxEntry>, TxError> {
        self.get(TreeName::Outbox, &id.to_be_bytes())
    }

    pub fn remove_outbox_entry(&self, id: u64) -> Result<bool, TxError> {
        self.remove(TreeName::Outbox, &id.to_be_bytes())
    }
}

impl Store {
    /// Entries ready to deliver at `now`: the head of each lane, if its time has come, in
    /// outbox order. At most `limit`.
    pub fn outbox_due(&self, now: Timestamp, limit: usize) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut busy: HashSet<Lane> = HashSet::new();
        let mut due = Vec::new();
        for item in self.tree(TreeName::Outbox).iter() {
            let (key, value) = item?;
            let entry: OutboxEntry = super::sealed::open(&self.keys().state, TreeName::Outbox, &key, &value)?;
            if !busy.insert(entry.action.lane()) {
                continue;
            }
            if entry.next_attempt_at <= now {
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
        for item in self.tree(TreeName::Outbox).iter() {
            let (key, value) = item?;
            out.push(super::sealed::open(&self.keys().state, TreeName::Outbox, &key, &value)?);
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
    pub fn outbox_retry(
        &self,
        id: u64,
        now: Timestamp,
        after_ms: Option<i64>,
    ) -> Result<Option<OutboxEntry>, StoreError> {
        let key = id.to_be_bytes();
        let Some(mut entry) = self.get::<OutboxEntry>(TreeName::Outbox, &key)? else { return Ok(None) };
        let wait = after_ms.unwrap_or_else(|| backoff_ms(entry.attempts)).clamp(0, 3_600_000);
        entry.attempts = entry.attempts.saturating_add(1);
        entry.next_attempt_at = now.plus_millis(wait);
        self.put(TreeName::Outbox, &key, &entry)?;
        Ok(Some(entry))
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
