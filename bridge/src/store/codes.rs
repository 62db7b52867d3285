//! Phrases that move a visitor to another account (`/code`), and each account's wrong tries.
//!
//! A phrase is found by its keyed hash alone; the phrase itself is never stored. A visitor has
//! at most one phrase at a time, so a new `/code` replaces the old one. Wrong tries are counted
//! per sending account, behind a blind index of a domain of their own.

use serde::{Deserialize, Serialize};

use super::{Store, StoreError, TreeName, Tx, TxError, sealed};
use crate::crypto::BlindIndex;
use crate::ids::VisitorId;
use crate::time::Timestamp;
use crate::visitor::PlatformAccount;

const PHRASE_DOMAIN: &[u8] = b"phone-code";
const ATTEMPTS_DOMAIN_TELEGRAM: &[u8] = b"code-attempts:telegram";
const ATTEMPTS_DOMAIN_MATRIX: &[u8] = b"code-attempts:matrix";
const OWNER_DOMAIN: &[u8] = b"phone-code-owner";
/// Keys of the reverse records (visitor → their phrase's hash): this prefix and a blind index
/// of the visitor, so a seized store does not show who has a pending phrase. Phrase keys are 32
/// bytes, these 33.
const OWNER_PREFIX: &[u8] = b"v";
/// Reverse records keyed by the plain visitor id, as schema 3 wrote them: dropped when pruning.
const LEGACY_OWNER_KEY_LEN: usize = 17;

/// What a phrase's hash leads to.
#[derive(Serialize, Deserialize)]
struct StoredCode {
    visitor: VisitorId,
    expires_at: Timestamp,
}

/// Wrong phrases sent from one account, counted from the first one in a window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeAttempts {
    pub wrong: u32,
    pub first_at: Timestamp,
    pub locked_until: Option<Timestamp>,
}

impl Default for CodeAttempts {
    fn default() -> Self {
        Self { wrong: 0, first_at: Timestamp(0), locked_until: None }
    }
}

impl CodeAttempts {
    /// As they stand at `now`: a lock that ran out, or a window of `window_ms` that closed,
    /// starts the count over.
    pub fn at(self, now: Timestamp, window_ms: i64) -> Self {
        match self.locked_until {
            Some(until) if until > now => self,
            Some(_) => Self::default(),
            None if self.wrong > 0 && self.first_at.plus_millis(window_ms) > now => self,
            None => Self::default(),
        }
    }

    /// Until when the account may not try a phrase, if it is locked at `now`.
    pub(crate) fn locked_at(&self, now: Timestamp) -> Option<Timestamp> {
        self.locked_until.filter(|until| *until > now)
    }

    /// One more wrong phrase at `now`: the `limit`-th locks the account for `lock_ms`.
    pub(crate) fn one_more_wrong(mut self, now: Timestamp, limit: u32, lock_ms: i64) -> Self {
        if self.wrong == 0 {
            self.first_at = now;
        }
        self.wrong = self.wrong.saturating_add(1);
        if self.wrong >= limit {
            self.locked_until = Some(now.plus_millis(lock_ms));
        }
        self
    }
}

/// A phrase as stored: keyed, so a seized store without the key file gives nothing to guess
/// against. Not salted: a phrase must be found without knowing whose it is.
pub(crate) fn phrase_hash(store: &Store, phrase: &str) -> BlindIndex {
    store.keys().index.index(PHRASE_DOMAIN, crate::code_phrase::normalize(phrase).as_bytes())
}

fn attempts_key(store: &Store, account: &PlatformAccount) -> BlindIndex {
    let domain = match account {
        PlatformAccount::Telegram(_) => ATTEMPTS_DOMAIN_TELEGRAM,
        PlatformAccount::Matrix(_) => ATTEMPTS_DOMAIN_MATRIX,
    };
    store.keys().index.index(domain, &account.index_material())
}

fn owner_key(store: &Store, visitor: VisitorId) -> Vec<u8> {
    [OWNER_PREFIX, &store.keys().index.index(OWNER_DOMAIN, visitor.as_bytes())[..]].concat()
}

impl Tx<'_> {
    /// Makes `hash` the visitor's phrase until `expires_at`, replacing any earlier one.
    pub(crate) fn put_code(&self, visitor: VisitorId, hash: &BlindIndex, expires_at: Timestamp) -> Result<(), TxError> {
        self.remove_code_of(visitor)?;
        self.put(TreeName::Codes, hash, &StoredCode { visitor, expires_at })?;
        self.put(TreeName::Codes, &owner_key(self.store(), visitor), hash)
    }

    /// The visitor the phrase `hash` moves, if it exists and has not expired at `now`.
    pub(crate) fn code_owner(&self, hash: &BlindIndex, now: Timestamp) -> Result<Option<VisitorId>, TxError> {
        let code: Option<StoredCode> = self.get(TreeName::Codes, hash)?;
        Ok(code.filter(|c| c.expires_at > now).map(|c| c.visitor))
    }

    /// Forgets the visitor's phrase, if they have one.
    pub(crate) fn remove_code_of(&self, visitor: VisitorId) -> Result<(), TxError> {
        let key = owner_key(self.store(), visitor);
        if let Some(hash) = self.get::<BlindIndex>(TreeName::Codes, &key)? {
            // A used or replaced phrase, and with a move the old account's index entry, must
            // leave the disk at the next maintenance.
            self.store().note_shred();
            self.remove(TreeName::Codes, &hash)?;
            self.remove(TreeName::Codes, &key)?;
        }
        Ok(())
    }

    /// The wrong tries of `account` as stored (see [`CodeAttempts::at`] for how they stand now).
    pub(crate) fn code_attempts(&self, account: &PlatformAccount) -> Result<CodeAttempts, TxError> {
        Ok(self.get(TreeName::CodeAttempts, &attempts_key(self.store(), account))?.unwrap_or_default())
    }

    /// Stores the wrong tries of `account`; none at all leaves no record.
    pub(crate) fn put_code_attempts(&self, account: &PlatformAccount, attempts: &CodeAttempts) -> Result<(), TxError> {
        let key = attempts_key(self.store(), account);
        if *attempts == CodeAttempts::default() {
            self.remove(TreeName::CodeAttempts, &key)?;
            return Ok(());
        }
        self.put(TreeName::CodeAttempts, &key, attempts)
    }
}

impl Store {
    /// Whose phrase this is, expired or not (outside a transaction, for what a turn must read first).
    pub(crate) fn code_owner(&self, phrase: &str) -> Result<Option<VisitorId>, StoreError> {
        let code: Option<StoredCode> = self.get(TreeName::Codes, &phrase_hash(self, phrase))?;
        Ok(code.map(|c| c.visitor))
    }

    /// Drops phrases expired at `now`, and counts of wrong tries that no longer lock or count.
    /// Outside any transaction: it scans.
    pub(crate) fn prune_codes(&self, now: Timestamp, window_ms: i64) -> Result<usize, StoreError> {
        let mut removed = 0;
        let codes = self.tree(TreeName::Codes);
        for item in codes.iter() {
            let (key, value) = item?;
            if key.len() == LEGACY_OWNER_KEY_LEN {
                codes.remove(&key)?;
                continue;
            }
            if key.len() != 32 {
                continue;
            }
            let code: StoredCode = sealed::open(&self.keys().state, TreeName::Codes, &key, &value)?;
            if code.expires_at <= now {
                codes.remove(&key)?;
                let owner = owner_key(self, code.visitor);
                if let Some(current) = self.get::<BlindIndex>(TreeName::Codes, &owner)?
                    && current[..] == key[..]
                {
                    codes.remove(owner)?;
                }
                removed += 1;
            }
        }
        let attempts = self.tree(TreeName::CodeAttempts);
        for item in attempts.iter() {
            let (key, value) = item?;
            let stored: CodeAttempts = sealed::open(&self.keys().state, TreeName::CodeAttempts, &key, &value)?;
            if stored.at(now, window_ms) == CodeAttempts::default() {
                attempts.remove(&key)?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both records are part of the on-disk format.
    #[test]
    fn record_encodings_are_pinned() {
        let code = StoredCode { visitor: VisitorId::from_bytes([1; 16]), expires_at: Timestamp(10) };
        assert_eq!(hex::encode(postcard::to_allocvec(&code).unwrap()), "0101010101010101010101010101010114");
        let attempts = CodeAttempts { wrong: 5, first_at: Timestamp(3), locked_until: Some(Timestamp(4)) };
        assert_eq!(hex::encode(postcard::to_allocvec(&attempts).unwrap()), "05060108");
    }

    /// Someone with the disk sees phrase records, but not whose: no key holds a visitor id.
    #[test]
    fn no_key_of_the_codes_tree_names_a_visitor() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), &crate::crypto::MasterKey::generate().unwrap()).unwrap();
        let visitor = VisitorId::from_bytes([0xA7; 16]);
        let hash = phrase_hash(&store, "apple river candle stone");
        store.transact(|tx| tx.put_code(visitor, &hash, Timestamp(1_000))).unwrap();
        let keys: Vec<Vec<u8>> = store.tree(TreeName::Codes).iter().keys().map(|k| k.unwrap().to_vec()).collect();
        assert_eq!(keys.len(), 2, "the phrase and its owner record");
        assert!(keys.iter().all(|k| !k.windows(16).any(|w| w == visitor.as_bytes())), "{keys:?}");
        store.transact(|tx| tx.remove_code_of(visitor)).unwrap();
        assert_eq!(store.tree(TreeName::Codes).len(), 0, "found again by the blind index");

        // An owner record as schema 3 wrote it goes at the next pruning.
        store.tree(TreeName::Codes).insert([b"v".as_slice(), visitor.as_bytes()].concat(), b"old".as_slice()).unwrap();
        store.prune_codes(Timestamp(0), 60_000).unwrap();
        assert_eq!(store.tree(TreeName::Codes).len(), 0);
    }

    #[test]
    fn wrong_tries_lock_at_the_limit_and_start_over_when_the_lock_or_window_runs_out() {
        let start = Timestamp(1_000_000);
        let mut attempts = CodeAttempts::default();
        for _ in 0..4 {
            attempts = attempts.one_more_wrong(start, 5, 60_000);
        }
        assert_eq!(attempts.locked_at(start), None);
        assert_eq!(attempts.at(start.plus_millis(59_999), 60_000).wrong, 4);
        assert_eq!(attempts.at(start.plus_millis(60_000), 60_000), CodeAttempts::default(), "the window closed");
        let locked = attempts.one_more_wrong(start, 5, 60_000);
        assert_eq!(locked.locked_at(start.plus_millis(59_999)), Some(start.plus_millis(60_000)));
        assert_eq!(locked.at(start.plus_millis(60_000), 60_000), CodeAttempts::default(), "the lock ran out");
    }
}
