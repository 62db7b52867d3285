//! Visitors in the store: register-or-find through the blind index, unique pseudonyms.

use super::{Store, StoreError, TreeName, Tx, TxError, sealed};
use crate::crypto::BlindIndex;
use crate::ids::VisitorId;
use crate::pseudonym::Pseudonym;
use crate::time::Timestamp;
use crate::visitor::{PlatformAccount, PlatformAddress, Visitor};

/// How many random pseudonyms to try before giving up; with ~200 million combinations a
/// second try is already rare.
const PSEUDONYM_ATTEMPTS: usize = 32;

/// The outcome of [`Tx::register_visitor`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registration {
    /// First contact: a new visitor with a new pseudonym.
    New(Visitor),
    /// Someone we know.
    Known(Visitor),
}

impl Registration {
    /// The visitor, new or known.
    pub fn visitor(&self) -> &Visitor {
        match self {
            Self::New(visitor) | Self::Known(visitor) => visitor,
        }
    }

    /// The visitor, new or known.
    pub fn into_visitor(self) -> Visitor {
        match self {
            Self::New(visitor) | Self::Known(visitor) => visitor,
        }
    }
}

const ACCOUNT_DOMAIN_TELEGRAM: &[u8] = b"account:telegram";
const ACCOUNT_DOMAIN_MATRIX: &[u8] = b"account:matrix";
const PSEUDONYM_DOMAIN: &[u8] = b"pseudonym";

pub(crate) fn account_index(store: &Store, account: &PlatformAccount) -> BlindIndex {
    let domain = match account {
        PlatformAccount::Telegram(_) => ACCOUNT_DOMAIN_TELEGRAM,
        PlatformAccount::Matrix(_) => ACCOUNT_DOMAIN_MATRIX,
    };
    store.keys().index.index(domain, &account.index_material())
}

const SAFE_WORD_DOMAIN: &[u8] = b"safe-word";

/// A visitor's safe word as stored: keyed (a seized store without the key file gives nothing to
/// guess against) and salted with the visitor's id (the same word of two visitors differs).
pub(crate) fn safe_word_hash(store: &Store, visitor: VisitorId, word: &str) -> BlindIndex {
    let mut material = visitor.as_bytes().to_vec();
    material.extend_from_slice(crate::safe_word::normalize(word).as_bytes());
    store.keys().index.index(SAFE_WORD_DOMAIN, &material)
}

fn pseudonym_index(store: &Store, text: &str) -> BlindIndex {
    store.keys().index.index(PSEUDONYM_DOMAIN, Pseudonym::normalize(text).as_bytes())
}

impl Tx<'_> {
    /// Finds the visitor writing from `address`'s account, or registers them with a new
    /// pseudonym. A changed address of a known account (a new DM room) is updated.
    pub fn register_visitor(&self, address: &PlatformAddress, now: Timestamp) -> Result<Registration, TxError> {
        let index = account_index(self.store(), &address.account());
        if let Some(id) = self.get::<VisitorId>(TreeName::VisitorIndex, &index)? {
            let mut visitor = self.visitor(id)?.ok_or(StoreError::NotFound { what: "visitor of an index entry" })?;
            if visitor.address != *address {
                visitor.address = address.clone();
                self.put_visitor(&visitor)?;
            }
            return Ok(Registration::Known(visitor));
        }
        let (pseudonym, pseudonym_key) = self.free_pseudonym()?;
        let visitor = Visitor {
            id: VisitorId::random().map_err(StoreError::from)?,
            pseudonym,
            address: address.clone(),
            language: None,
            first_seen: now,
            blocked: false,
            conversation: None,
            hold_replies: None,
            pending_location: None,
            safe_word: None,
            silenced: false,
            auto_hide_minutes: None,
            share_deletion: None,
            held_news: Vec::new(),
        };
        self.put_visitor(&visitor)?;
        self.put(TreeName::VisitorIndex, &index, &visitor.id)?;
        self.put(TreeName::PseudonymIndex, &pseudonym_key, &visitor.id)?;
        Ok(Registration::New(visitor))
    }

    fn free_pseudonym(&self) -> Result<(Pseudonym, BlindIndex), TxError> {
        for _ in 0..PSEUDONYM_ATTEMPTS {
            let pseudonym = Pseudonym::generate().map_err(StoreError::from)?;
            let key = pseudonym_index(self.store(), pseudonym.as_str());
            if self.tree(TreeName::PseudonymIndex).get(key)?.is_none() {
                return Ok((pseudonym, key));
            }
        }
        Err(StoreError::NotFound { what: "free pseudonym" }.into())
    }

    /// A visitor as this transaction sees them.
    pub fn visitor(&self, id: VisitorId) -> Result<Option<Visitor>, TxError> {
        self.get(TreeName::Visitors, id.as_bytes())
    }

    pub(crate) fn put_visitor(&self, visitor: &Visitor) -> Result<(), TxError> {
        self.put(TreeName::Visitors, visitor.id.as_bytes(), visitor)
    }

    /// Erases a visitor: their record, and the blind index entries that found them by account
    /// and by pseudonym. Their conversations are forgotten separately.
    pub(crate) fn erase_visitor(&self, visitor: &Visitor) -> Result<(), TxError> {
        // Removed is not yet gone from the disk: the next maintenance compacts.
        self.store().note_shred();
        self.remove(TreeName::Visitors, visitor.id.as_bytes())?;
        self.remove(TreeName::VisitorIndex, &account_index(self.store(), &visitor.address.account()))?;
        self.remove(TreeName::PseudonymIndex, &pseudonym_index(self.store(), visitor.pseudonym.as_str()))?;
        // Today's count of their files: only a number, but under their id.
        self.remove(TreeName::Meta, &crate::engine::file_quota_key(visitor.id))?;
        Ok(())
    }
}

impl Store {
    /// [`Tx::register_visitor`] in a transaction of its own.
    pub fn register_visitor(&self, address: &PlatformAddress, now: Timestamp) -> Result<Registration, StoreError> {
        self.transact(|tx| tx.register_visitor(address, now))
    }

    /// The visitor writing from `account`, if any.
    pub fn find_visitor(&self, account: &PlatformAccount) -> Result<Option<Visitor>, StoreError> {
        match self.find_visitor_id(account)? {
            Some(id) => self.visitor(id),
            None => Ok(None),
        }
    }

    /// The id of the visitor writing from `account`, through the blind index alone.
    pub fn find_visitor_id(&self, account: &PlatformAccount) -> Result<Option<VisitorId>, StoreError> {
        self.get::<VisitorId>(TreeName::VisitorIndex, &account_index(self, account))
    }

    /// The visitor with this pseudonym, however it is typed ("amber heron 4k7").
    /// The visitor behind a pseudonym as staff write it (tools: transcript export).
    pub fn find_by_pseudonym(&self, text: &str) -> Result<Option<Visitor>, StoreError> {
        match self.get::<VisitorId>(TreeName::PseudonymIndex, &pseudonym_index(self, text))? {
            Some(id) => self.visitor(id),
            None => Ok(None),
        }
    }

    /// A visitor as last committed.
    pub fn visitor(&self, id: VisitorId) -> Result<Option<Visitor>, StoreError> {
        self.get(TreeName::Visitors, id.as_bytes())
    }

    /// Every visitor (retention's scan; not a hot path).
    pub(crate) fn scan_visitors(&self) -> Result<Vec<Visitor>, StoreError> {
        let mut out = Vec::new();
        for item in self.tree(TreeName::Visitors).iter() {
            let (key, value) = item?;
            out.push(sealed::open(&self.keys().state, TreeName::Visitors, &key, &value)?);
        }
        Ok(out)
    }

    /// How many visitors are registered.
    pub fn visitor_count(&self) -> usize {
        self.tree(TreeName::Visitors).len()
    }
}
