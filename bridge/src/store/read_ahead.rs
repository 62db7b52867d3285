//! What a transaction will need that only a scan finds. A sled transaction must not scan (it
//! would deadlock), so the store reads these just before the transaction begins and the
//! transaction reads them from here. The caller names whose; the store knows how to find them.
//! Callers hold their single-writer lock across both, so nothing changes in between.

use std::collections::HashMap;

use super::{Store, StoreError};
use crate::ids::{ConversationId, VisitorId};
use crate::outbox::Lane;
use crate::time::Timestamp;

/// Whose records a transaction will want read ahead.
#[derive(Default)]
pub(crate) struct ReadAhead {
    conversations: Vec<VisitorId>,
    belongings: Vec<VisitorId>,
    holds: bool,
}

impl ReadAhead {
    /// The ids of every conversation of `visitor` (someone the transaction may erase).
    pub(crate) fn conversations_of(&mut self, visitor: VisitorId) {
        if !self.conversations.contains(&visitor) {
            self.conversations.push(visitor);
        }
    }

    /// Every conversation held from retention, with its review date (a shift handover lists
    /// the holds due for review).
    pub(crate) fn holds(&mut self) {
        self.holds = true;
    }

    /// What waits for `visitor` in their outbox lanes and what the chat log holds of them
    /// (someone moving to another account, or the account they move to).
    pub(crate) fn belongings_of(&mut self, visitor: VisitorId) {
        if !self.belongings.contains(&visitor) {
            self.belongings.push(visitor);
        }
    }

    pub(super) fn read(self, store: &Store) -> Result<ReadBefore, StoreError> {
        let mut read = ReadBefore::default();
        for visitor in self.conversations {
            let ids = store.conversations_of(visitor)?.into_iter().map(|c| c.id).collect();
            read.conversations.insert(visitor, ids);
        }
        for visitor in self.belongings {
            let lanes = [
                Lane::Visitor(visitor),
                Lane::Held(visitor),
                Lane::Cleanup(visitor),
                Lane::AutoHide(visitor),
                Lane::Menu(visitor),
                Lane::News(visitor),
            ];
            let outbox = store.outbox_ids_in(&lanes)?;
            let chat_log = store.chat_log(visitor, Timestamp(0))?.into_iter().map(|m| m.key).collect();
            read.belongings.insert(visitor, Belongings { outbox, chat_log });
        }
        if self.holds {
            for (id, conversation) in store.scan_conversations()? {
                if let Some(hold) = conversation.hold {
                    read.holds.push((id, hold.review));
                }
            }
        }
        Ok(read)
    }
}

/// What was read for one transaction.
#[derive(Default)]
pub(super) struct ReadBefore {
    conversations: HashMap<VisitorId, Vec<ConversationId>>,
    belongings: HashMap<VisitorId, Belongings>,
    /// (conversation, review date "YYYY-MM-DD") of every hold, if asked.
    holds: Vec<(ConversationId, String)>,
}

#[derive(Default)]
struct Belongings {
    outbox: Vec<u64>,
    chat_log: Vec<Vec<u8>>,
}

impl ReadBefore {
    pub(super) fn conversations(&self, visitor: VisitorId) -> &[ConversationId] {
        self.conversations.get(&visitor).map_or(&[], Vec::as_slice)
    }

    pub(super) fn outbox(&self, visitor: VisitorId) -> &[u64] {
        self.belongings.get(&visitor).map_or(&[], |b| b.outbox.as_slice())
    }

    pub(super) fn holds(&self) -> &[(ConversationId, String)] {
        &self.holds
    }

    pub(super) fn chat_log(&self, visitor: VisitorId) -> &[Vec<u8>] {
        self.belongings.get(&visitor).map_or(&[], |b| b.chat_log.as_slice())
    }
}
