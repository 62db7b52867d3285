//! Visitor and conversation records as last committed, kept by the engine so a visitor's message
//! does not read, decrypt and decode the same records again at every event.
//!
//! Safe because the engine is the only writer of these records while it runs, one turn at a
//! time: a turn reads through its own changes, then this cache, then the store; only after the
//! turn's transaction has committed does what it saw and wrote enter the cache.

use std::collections::{HashMap, HashSet};

use crate::conversation::Conversation;
use crate::crypto::BlindIndex;
use crate::ids::{ConversationId, VisitorId};
use crate::store::{Registration, TxError, account_index};
use crate::visitor::{PlatformAddress, Visitor};

use super::turn::Turn;

/// Beyond this many records the cache starts over; a night's open conversations are far fewer.
const LIMIT: usize = 50_000;

#[derive(Default)]
pub(super) struct Records {
    accounts: HashMap<BlindIndex, VisitorId>,
    visitors: HashMap<VisitorId, Visitor>,
    conversations: HashMap<ConversationId, Conversation>,
    /// Erased in this turn: what the committed cache still holds of them must go.
    gone_visitors: HashSet<VisitorId>,
    gone_conversations: HashSet<ConversationId>,
    /// Accounts unbound in this turn (their visitor moved to another one).
    gone_accounts: HashSet<BlindIndex>,
}

impl Records {
    /// Takes in what a committed turn read and wrote.
    pub(crate) fn absorb(&mut self, seen: Records) {
        if self.accounts.len() + self.visitors.len() + self.conversations.len() > LIMIT {
            *self = Records::default();
        }
        self.accounts.extend(seen.accounts);
        self.visitors.extend(seen.visitors);
        self.conversations.extend(seen.conversations);
        // Most turns erase nothing: then nothing is walked.
        if !seen.gone_visitors.is_empty() || !seen.gone_accounts.is_empty() {
            self.accounts
                .retain(|account, id| !seen.gone_visitors.contains(id) && !seen.gone_accounts.contains(account));
            self.visitors.retain(|id, _| !seen.gone_visitors.contains(id));
        }
        if !seen.gone_conversations.is_empty() {
            self.conversations.retain(|id, _| !seen.gone_conversations.contains(id));
        }
    }
}

impl Turn<'_, '_> {
    pub fn visitor(&self, id: VisitorId) -> Result<Option<Visitor>, TxError> {
        if self.seen.borrow().gone_visitors.contains(&id) {
            return Ok(None);
        }
        if let Some(visitor) = self.seen.borrow().visitors.get(&id).or_else(|| self.cache.visitors.get(&id)) {
            return Ok(Some(visitor.clone()));
        }
        let visitor = self.tx.visitor(id)?;
        if let Some(visitor) = &visitor {
            self.seen.borrow_mut().visitors.insert(id, visitor.clone());
        }
        Ok(visitor)
    }

    pub(crate) fn put_visitor(&self, visitor: &Visitor) -> Result<(), TxError> {
        self.tx.put_visitor(visitor)?;
        self.seen.borrow_mut().visitors.insert(visitor.id, visitor.clone());
        Ok(())
    }

    pub fn conversation(&self, id: ConversationId) -> Result<Option<Conversation>, TxError> {
        if self.seen.borrow().gone_conversations.contains(&id) {
            return Ok(None);
        }
        if let Some(conversation) =
            self.seen.borrow().conversations.get(&id).or_else(|| self.cache.conversations.get(&id))
        {
            return Ok(Some(conversation.clone()));
        }
        let conversation = self.tx.conversation(id)?;
        if let Some(conversation) = &conversation {
            self.seen.borrow_mut().conversations.insert(id, conversation.clone());
        }
        Ok(conversation)
    }

    pub fn put_conversation(&self, conversation: &Conversation) -> Result<(), TxError> {
        self.put_conversation_owned(conversation.clone())
    }

    /// [`Turn::put_conversation`] for a caller done with its copy: kept without a clone.
    pub(crate) fn put_conversation_owned(&self, conversation: Conversation) -> Result<(), TxError> {
        self.tx.put_conversation(&conversation)?;
        self.seen.borrow_mut().conversations.insert(conversation.id, conversation);
        Ok(())
    }

    /// Whether `conversation` is what this turn last read or wrote of it: then writing it again
    /// would only seal the same record anew. Compared in place, so a caller need not keep a
    /// copy from before its changes.
    pub(crate) fn conversation_unchanged(&self, conversation: &Conversation) -> bool {
        let seen = self.seen.borrow();
        seen.conversations.get(&conversation.id).or_else(|| self.cache.conversations.get(&conversation.id))
            == Some(conversation)
    }

    pub(crate) fn create_conversation(&self, conversation: &Conversation) -> Result<(), TxError> {
        self.tx.create_conversation(conversation)?;
        self.seen.borrow_mut().conversations.insert(conversation.id, conversation.clone());
        Ok(())
    }

    /// Erases a visitor's record and index entries, in the store and in what the engine keeps.
    pub(crate) fn erase_visitor(&mut self, visitor: &Visitor) -> Result<(), TxError> {
        self.tx.erase_visitor(visitor)?;
        // Their subscription to news goes with them, and whatever of an announcement waits.
        self.forget_news_of(visitor.id)?;
        let mut seen = self.seen.borrow_mut();
        seen.visitors.remove(&visitor.id);
        seen.accounts.retain(|_, id| *id != visitor.id);
        seen.gone_visitors.insert(visitor.id);
        Ok(())
    }

    /// Destroys a conversation's data key and record (its transcript is unreadable from the
    /// commit on; the entries are swept after it).
    pub(crate) fn forget_conversation(&mut self, conversation: &Conversation) -> Result<(), TxError> {
        self.tx.forget_conversation(conversation)?;
        // Texts waiting for translation are the visitor's and staff's words: they go with it.
        let id = conversation.id;
        let translations = vec![crate::outbox::Lane::TranslateIn(id), crate::outbox::Lane::TranslateOut(id)];
        self.tx.purge_lanes_after_commit(translations, u64::MAX);
        self.forget_referrals_of(id)?;
        {
            let mut seen = self.seen.borrow_mut();
            seen.conversations.remove(&conversation.id);
            seen.gone_conversations.insert(conversation.id);
        }
        Ok(())
    }

    /// The visitor an account index leads to, as this turn or the committed cache knows it.
    fn known_account(&self, index: &BlindIndex) -> Option<VisitorId> {
        let seen = self.seen.borrow();
        if let Some(id) = seen.accounts.get(index) {
            return Some(*id);
        }
        if seen.gone_accounts.contains(index) {
            return None;
        }
        self.cache.accounts.get(index).copied()
    }

    /// Moves `visitor` from the account `from` to the account `to`: `from` finds nobody any more
    /// (whoever writes from it next is a stranger), `to` finds them.
    pub(crate) fn rebind_account(
        &self,
        visitor: VisitorId,
        from: &PlatformAddress,
        to: &PlatformAddress,
    ) -> Result<(), TxError> {
        let store = self.tx.store();
        let (old, new) = (account_index(store, &from.account()), account_index(store, &to.account()));
        self.tx.remove(crate::store::TreeName::VisitorIndex, &old)?;
        self.tx.put(crate::store::TreeName::VisitorIndex, &new, &visitor)?;
        let mut seen = self.seen.borrow_mut();
        seen.accounts.remove(&old);
        seen.gone_accounts.insert(old);
        seen.gone_accounts.remove(&new);
        seen.accounts.insert(new, visitor);
        Ok(())
    }

    /// The visitor writing from `address`, if the bridge knows them; never registers.
    pub fn find(&self, address: &PlatformAddress) -> Result<Option<Visitor>, TxError> {
        let index = account_index(self.tx.store(), &address.account());
        let known = self.known_account(&index);
        let id = match known {
            Some(id) => Some(id),
            None => self.tx.get::<VisitorId>(crate::store::TreeName::VisitorIndex, &index)?,
        };
        match id {
            Some(id) => self.visitor(id),
            None => Ok(None),
        }
    }

    /// Finds the visitor writing from `address`, or registers them (see
    /// [`crate::store::Tx::register_visitor`]).
    pub fn register(&self, address: &PlatformAddress) -> Result<Registration, TxError> {
        let index = account_index(self.tx.store(), &address.account());
        let known = self.known_account(&index);
        if let Some(id) = known
            && let Some(mut visitor) = self.visitor(id)?
        {
            if visitor.address != *address {
                visitor.address = address.clone();
                self.put_visitor(&visitor)?;
            }
            return Ok(Registration::Known(visitor));
        }
        let registration = self.tx.register_visitor(address, self.now)?;
        let visitor = registration.visitor();
        let mut seen = self.seen.borrow_mut();
        seen.accounts.insert(index, visitor.id);
        seen.visitors.insert(visitor.id, visitor.clone());
        Ok(registration)
    }
}
