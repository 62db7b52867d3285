//! The audit tree: seq (u64 BE) → sealed { entry, chain link }. Append and read only: nothing
//! here updates or removes an entry.
//!
//! Each link is `HMAC(audit key, previous link ‖ seq ‖ entry)`; the head (next seq and last
//! link) is a sealed record in the meta tree, written with every append. Verification walks the
//! log from seq 0: a gap, an entry that fails authentication, a link that does not follow, or a
//! log that ends before its head, each shows where the log was changed. Someone holding the
//! master key can rewrite the whole chain; the head printed by `hopenow audit` is what an
//! operator writes down to notice that.

use serde::{Deserialize, Serialize};

use super::{Store, StoreError, TreeName, Tx, TxError, sealed};
use crate::audit::{AuditEntry, AuditLog, ChainBreak};
use crate::crypto::ChainValue;

const HEAD_KEY: &[u8] = b"audit_head";

#[derive(Serialize)]
struct RecordRef<'a> {
    entry: &'a AuditEntry,
    chain: ChainValue,
}

#[derive(Deserialize)]
struct Record {
    entry: AuditEntry,
    chain: ChainValue,
}

#[derive(Default, Serialize, Deserialize)]
struct Head {
    next: u64,
    chain: ChainValue,
}

fn encode(entry: &AuditEntry) -> Result<Vec<u8>, StoreError> {
    postcard::to_allocvec(entry).map_err(|_| StoreError::Encode { tree: TreeName::Audit.name() })
}

impl Tx<'_> {
    /// Appends `entry` to the audit log, committed with everything else in this transaction.
    /// The head is read through the transaction, so when sled reruns a transaction the append
    /// starts again from the committed head: no seq is skipped or written twice.
    pub fn append_audit(&self, entry: &AuditEntry) -> Result<u64, TxError> {
        let head: Head = self.get(TreeName::Meta, HEAD_KEY)?.unwrap_or_default();
        let seq = head.next;
        let chain = self.store().keys().audit.link(&head.chain, seq, &encode(entry)?);
        self.put(TreeName::Audit, &seq.to_be_bytes(), &RecordRef { entry, chain })?;
        self.put(TreeName::Meta, HEAD_KEY, &Head { next: seq + 1, chain })?;
        Ok(seq)
    }
}

impl Store {
    /// Appends one entry in a transaction of its own (tools that run with the bridge stopped,
    /// such as `hopenow transcript export`). Not durable until [`Store::flush`].
    pub fn append_audit(&self, entry: &AuditEntry) -> Result<u64, StoreError> {
        self.transact(|tx| tx.append_audit(entry))
    }

    /// Reads the whole audit log and checks its chain. Entries that cannot be read are left
    /// out; the first break found is reported.
    pub fn verify_audit(&self) -> Result<AuditLog, StoreError> {
        let mut log = AuditLog::default();
        let mut previous: ChainValue = [0; 32];
        let mut expected = 0u64;
        let broke = |log: &mut AuditLog, why: ChainBreak| {
            log.broken.get_or_insert(why);
        };
        for item in self.tree(TreeName::Audit).iter() {
            let (key, value) = item?;
            let bytes: [u8; 8] = key.as_ref().try_into().map_err(|_| StoreError::Decode { tree: "audit" })?;
            let seq = u64::from_be_bytes(bytes);
            if seq != expected {
                broke(&mut log, ChainBreak::Gap { expected, found: seq });
            }
            expected = seq.saturating_add(1);
            let record: Record = match sealed::open(&self.keys().state, TreeName::Audit, &key, &value) {
                Ok(record) => record,
                Err(StoreError::Tampered { .. } | StoreError::Decode { .. }) => {
                    broke(&mut log, ChainBreak::Unreadable { seq });
                    continue;
                }
                Err(other) => return Err(other),
            };
            if self.keys().audit.link(&previous, seq, &encode(&record.entry)?) != record.chain {
                broke(&mut log, ChainBreak::Mismatch { seq });
            }
            // Go on from the stored link, so one change is reported once, where it is.
            previous = record.chain;
            log.entries.push((seq, record.entry));
            log.links.push(hex::encode(record.chain));
        }
        match self.get::<Head>(TreeName::Meta, HEAD_KEY)? {
            None if expected > 0 => broke(&mut log, ChainBreak::HeadMissing),
            None => {}
            Some(head) if head.next > expected => broke(&mut log, ChainBreak::Truncated { from: expected }),
            Some(head) if head.chain != previous => {
                broke(&mut log, ChainBreak::Mismatch { seq: expected.saturating_sub(1) });
            }
            Some(_) => {}
        }
        log.head = hex::encode(previous);
        Ok(log)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::AuditKind;
    use crate::crypto::MasterKey;
    use crate::roster::StaffId;
    use crate::time::Timestamp;

    fn entry(n: i64) -> AuditEntry {
        AuditEntry {
            at: Timestamp(n),
            kind: AuditKind::Referred,
            staff: Some(StaffId::new("grace")),
            pseudonym: None,
            detail: Some(format!("#{n} doctor")),
        }
    }

    /// A store with entries 0..4, reopened once in between (the head survives a restart).
    fn logged(dir: &std::path::Path, key: &MasterKey) -> Store {
        let store = Store::open(dir, key).unwrap();
        for n in 0..2 {
            assert_eq!(store.append_audit(&entry(n)).unwrap(), n as u64);
        }
        store.flush().unwrap();
        drop(store);
        let store = Store::open(dir, key).unwrap();
        for n in 2..4 {
            assert_eq!(store.append_audit(&entry(n)).unwrap(), n as u64);
        }
        let log = store.verify_audit().unwrap();
        assert_eq!(log.broken, None);
        assert_eq!(log.entries.len(), 4);
        assert_eq!(log.head.len(), 64);
        store
    }

    fn broken_after(change: impl Fn(&Store)) -> Option<ChainBreak> {
        let dir = tempfile::tempdir().unwrap();
        let store = logged(dir.path(), &MasterKey::from_bytes([3; 32]));
        change(&store);
        store.verify_audit().unwrap().broken
    }

    fn audit(store: &Store) -> crate::store::gate::TreeRef<'_> {
        store.tree(TreeName::Audit)
    }

    /// Someone without the key cuts the tail: an older head put back and the later entries
    /// removed. The chain alone cannot tell; a checkpoint taken before the cut can.
    #[test]
    fn a_cut_tail_passes_the_chain_but_not_a_checkpoint_taken_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), &MasterKey::from_bytes([3; 32])).unwrap();
        store.append_audit(&entry(0)).unwrap();
        store.append_audit(&entry(1)).unwrap();
        let old_head = store.tree(TreeName::Meta).get(HEAD_KEY).unwrap().unwrap();
        store.append_audit(&entry(2)).unwrap();
        store.append_audit(&entry(3)).unwrap();
        let checkpoint = store.verify_audit().unwrap().checkpoint();
        assert_eq!(checkpoint.entries, 4);
        assert!(store.verify_audit().unwrap().holds(&checkpoint));
        assert_eq!(crate::audit::Checkpoint::parse(&checkpoint.to_string()), Some(checkpoint.clone()));

        store.tree(TreeName::Meta).insert(HEAD_KEY, old_head).unwrap();
        audit(&store).remove(3u64.to_be_bytes()).unwrap();
        audit(&store).remove(2u64.to_be_bytes()).unwrap();
        let cut = store.verify_audit().unwrap();
        assert_eq!(cut.broken, None, "every prefix of a chain is a chain");
        assert!(!cut.holds(&checkpoint), "the checkpoint shows the cut");
    }

    #[test]
    fn the_chain_shows_removed_altered_moved_and_truncated_entries() {
        assert_eq!(broken_after(|_| {}), None);
        assert_eq!(
            broken_after(|s| {
                audit(s).remove(1u64.to_be_bytes()).unwrap();
            }),
            Some(ChainBreak::Gap { expected: 1, found: 2 })
        );
        assert_eq!(
            broken_after(|s| {
                audit(s).remove(0u64.to_be_bytes()).unwrap();
            }),
            Some(ChainBreak::Gap { expected: 0, found: 1 })
        );
        // Altered by someone holding the key: it authenticates, but no longer follows.
        assert_eq!(
            broken_after(|s| {
                let key = 2u64.to_be_bytes();
                let old: Record = s.get(TreeName::Audit, &key).unwrap().unwrap();
                let mut forged = old.entry.clone();
                forged.staff = Some(StaffId::new("mallory"));
                s.put(TreeName::Audit, &key, &RecordRef { entry: &forged, chain: old.chain }).unwrap();
            }),
            Some(ChainBreak::Mismatch { seq: 2 })
        );
        // Altered without the key.
        assert_eq!(
            broken_after(|s| {
                let key = 1u64.to_be_bytes();
                let mut raw = audit(s).get(key).unwrap().unwrap().to_vec();
                raw[20] ^= 1;
                audit(s).insert(key, raw).unwrap();
            }),
            Some(ChainBreak::Unreadable { seq: 1 })
        );
        // Two entries swapped: each is sealed to its own place.
        assert_eq!(
            broken_after(|s| {
                let (a, b) = (audit(s).get(0u64.to_be_bytes()).unwrap(), audit(s).get(1u64.to_be_bytes()).unwrap());
                audit(s).insert(0u64.to_be_bytes(), b.unwrap()).unwrap();
                audit(s).insert(1u64.to_be_bytes(), a.unwrap()).unwrap();
            }),
            Some(ChainBreak::Unreadable { seq: 0 })
        );
        assert_eq!(
            broken_after(|s| {
                audit(s).remove(3u64.to_be_bytes()).unwrap();
            }),
            Some(ChainBreak::Truncated { from: 3 })
        );
        assert_eq!(
            broken_after(|s| {
                s.tree(TreeName::Meta).remove(HEAD_KEY).unwrap();
            }),
            Some(ChainBreak::HeadMissing)
        );
    }

    /// The audit record's encoding and the chain's construction are part of the on-disk format.
    #[test]
    fn audit_record_encoding_and_chain_links_are_pinned() {
        let entry = entry(1_790_000_000_000);
        let record = RecordRef { entry: &entry, chain: [7; 32] };
        assert_eq!(
            hex::encode(postcard::to_allocvec(&record).unwrap()),
            "80b083c598680201056772616365000115233137393030303030303030303020646f63746f72".to_owned()
                + &"07".repeat(32)
        );
        let keys = MasterKey::from_bytes([3; 32]).derive().unwrap();
        assert_eq!(
            hex::encode(keys.audit.link(&[0; 32], 0, &encode(&entry).unwrap())),
            "3f74e2dfc8076b073cb4348661f825133e5f23bb88c23bbfd584a97e0a09e7f3"
        );
    }

    #[test]
    fn an_aborted_transaction_appends_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), &MasterKey::from_bytes([4; 32])).unwrap();
        let failed: Result<(), StoreError> = store.transact(|tx| {
            tx.append_audit(&entry(1))?;
            Err(StoreError::NotFound { what: "test" }.into())
        });
        assert!(failed.is_err());
        assert_eq!(store.append_audit(&entry(2)).unwrap(), 0);
        let log = store.verify_audit().unwrap();
        assert_eq!((log.entries.len(), log.broken), (1, None));
    }
}
