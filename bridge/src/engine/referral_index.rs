//! Every referral not yet done or declined, across conversations: what the peer worker's desk
//! lists (`!referrals`), what the handover and the morning digest call due, and what is raised
//! when a follow-up is a week overdue. Referrals themselves live in their conversation; this is
//! an index of ids and dates (no content), one record in the meta tree, so a turn reads it by
//! key instead of scanning conversations.
//!
//! Each referral gets a desk number (R1, R2, …) the whole team can type in any room.

use serde::{Deserialize, Serialize};

use crate::ids::ConversationId;
use crate::roster::StaffId;
use crate::store::{TreeName, TxError};

use super::turn::Turn;
use super::{Engine, EngineError};

/// Meta key of the [`ReferralIndex`].
const KEY: &[u8] = b"referral-index";

/// The open referrals, and the desk's own bookkeeping. Postcard in the meta tree: a field added
/// later needs a schema step (or a record of its own).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct ReferralIndex {
    /// The desk number the next referral gets.
    pub next: u32,
    /// Referrals not yet done or declined, oldest first.
    pub open: Vec<OpenReferral>,
    /// The local date ("YYYY-MM-DD") the morning digest was last posted.
    pub last_digest: Option<String>,
}

/// One open referral.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct OpenReferral {
    /// Its desk number (typed as `R12` or `12` in the desk room).
    pub desk: u32,
    pub conversation: ConversationId,
    /// Its number within the conversation (`!referral N` in the conversation room).
    pub number: u32,
    /// "YYYY-MM-DD".
    pub follow_up: Option<String>,
    /// Who made it.
    pub by: StaffId,
    /// Who moved it on since (contacted).
    pub touched_by: Vec<StaffId>,
    /// The duty room was told it is a week overdue.
    pub overdue_told: bool,
}

impl Turn<'_, '_> {
    pub(super) fn referral_index(&self) -> Result<ReferralIndex, TxError> {
        Ok(self.tx.get(TreeName::Meta, KEY)?.unwrap_or_default())
    }

    pub(super) fn put_referral_index(&self, index: &ReferralIndex) -> Result<(), TxError> {
        self.tx.put(TreeName::Meta, KEY, index)
    }

    /// A new referral enters the index; returns its desk number.
    pub(super) fn index_referral(
        &mut self,
        conversation: ConversationId,
        number: u32,
        follow_up: Option<String>,
        by: &StaffId,
    ) -> Result<u32, TxError> {
        let mut index = self.referral_index()?;
        index.next = index.next.max(1);
        let desk = index.next;
        index.next = index.next.saturating_add(1);
        index.open.push(OpenReferral {
            desk,
            conversation,
            number,
            follow_up,
            by: by.clone(),
            touched_by: Vec::new(),
            overdue_told: false,
        });
        self.put_referral_index(&index)?;
        Ok(desk)
    }

    /// A referral moved on: a final status takes it out, another marks who touched it.
    pub(super) fn referral_moved(
        &mut self,
        conversation: ConversationId,
        number: u32,
        finished: bool,
        by: &StaffId,
    ) -> Result<(), TxError> {
        let mut index = self.referral_index()?;
        if finished {
            index.open.retain(|r| !(r.conversation == conversation && r.number == number));
        } else if let Some(open) = index.open.iter_mut().find(|r| r.conversation == conversation && r.number == number)
            && !open.touched_by.contains(by)
        {
            open.touched_by.push(by.clone());
        }
        self.put_referral_index(&index)
    }

    /// The conversation is gone (forgotten, shredded): so are its referrals.
    pub(super) fn forget_referrals_of(&mut self, conversation: ConversationId) -> Result<(), TxError> {
        let mut index = self.referral_index()?;
        let before = index.open.len();
        index.open.retain(|r| r.conversation != conversation);
        if index.open.len() != before {
            self.put_referral_index(&index)?;
        }
        Ok(())
    }

    /// The desk number of referral `number` of `conversation`, if it is open.
    pub(super) fn desk_number(&self, conversation: ConversationId, number: u32) -> Result<Option<u32>, TxError> {
        let index = self.referral_index()?;
        Ok(index.open.iter().find(|r| r.conversation == conversation && r.number == number).map(|r| r.desk))
    }
}

impl Engine {
    /// Builds the index once, from the conversations, for a store written before it existed.
    pub(super) fn ensure_referral_index(&self) -> Result<(), EngineError> {
        if self.store.get::<ReferralIndex>(TreeName::Meta, KEY)?.is_some() {
            return Ok(());
        }
        let mut index = ReferralIndex { next: 1, ..ReferralIndex::default() };
        let conversations = self.store.scan_conversations()?;
        // Numbered in the order they were made (ties by conversation, so a rebuild is stable).
        let mut open: Vec<_> = conversations
            .iter()
            .flat_map(|(id, c)| c.referrals.iter().filter(|r| !r.status.is_final()).map(move |r| (*id, r)))
            .collect();
        open.sort_by_key(|(id, r)| (r.at, *id, r.number));
        for (id, referral) in open {
            index.open.push(OpenReferral {
                desk: index.next,
                conversation: id,
                number: referral.number,
                follow_up: referral.follow_up.clone(),
                by: referral.by.clone(),
                touched_by: Vec::new(),
                overdue_told: false,
            });
            index.next = index.next.saturating_add(1);
        }
        self.store.transact(|tx| tx.put(TreeName::Meta, KEY, &index))?;
        Ok(())
    }
}
