//! Store migrations, one function per schema step. Each reads records in the old encoding and
//! writes them in the new one; records are postcard-encoded (not self-describing), so an added
//! field is a new schema version, never a silent change.

use serde::{Deserialize, Serialize};

use super::{Store, StoreError, TreeName, sealed};
use crate::conversation::{Conversation, ConversationState, Hold};
use crate::crypto::BlindIndex;
use crate::ids::{ConversationId, VisitorId};
use crate::pseudonym::Pseudonym;
use crate::referral::Referral;
use crate::roster::StaffId;
use crate::time::Timestamp;
use crate::visitor::{Channel, PlatformAddress, Visitor};

/// A visitor as schema 1 stored it: before the safe word. (Serialize: tests write old data dirs.)
#[derive(Serialize, Deserialize)]
pub(super) struct VisitorV1 {
    pub id: VisitorId,
    pub pseudonym: Pseudonym,
    pub address: PlatformAddress,
    pub language: Option<String>,
    pub first_seen: Timestamp,
    pub blocked: bool,
    pub conversation: Option<ConversationId>,
    pub hold_replies: Option<bool>,
    pub pending_location: Option<String>,
}

/// A visitor as schema 2 stored it: before auto-hide.
#[derive(Serialize, Deserialize)]
pub(super) struct VisitorV2 {
    pub id: VisitorId,
    pub pseudonym: Pseudonym,
    pub address: PlatformAddress,
    pub language: Option<String>,
    pub first_seen: Timestamp,
    pub blocked: bool,
    pub conversation: Option<ConversationId>,
    pub hold_replies: Option<bool>,
    pub pending_location: Option<String>,
    pub safe_word: Option<BlindIndex>,
    pub silenced: bool,
}

/// A conversation as schemas 1 and 2 stored it: before retention and statistics times.
#[derive(Serialize, Deserialize)]
pub(super) struct ConversationV2 {
    pub id: ConversationId,
    pub visitor: VisitorId,
    pub opened_at: Timestamp,
    pub channel: Channel,
    pub language: String,
    pub state: ConversationState,
    pub waiting_since: Option<Timestamp>,
    pub passed_over: Vec<StaffId>,
    pub escalated: bool,
    pub told_out_of_hours: bool,
    pub members: Vec<StaffId>,
    pub referrals: Vec<Referral>,
    pub hold: Option<Hold>,
    pub held_replies: Vec<u64>,
}

/// Rewrites every record of `tree` from `Old` to `New`.
fn rewrite<Old: serde::de::DeserializeOwned, New: Serialize>(
    store: &Store,
    tree: TreeName,
    convert: impl Fn(Old) -> New,
) -> Result<(), StoreError> {
    for item in store.tree(tree).iter() {
        let (key, value) = item?;
        let old: Old = sealed::open(&store.keys().state, tree, &key, &value)?;
        store.put(tree, &key, &convert(old))?;
    }
    Ok(())
}

/// 1 → 2: visitors gain `safe_word` (none set) and `silenced` (false).
pub(super) fn visitors_gain_the_safe_word(store: &Store) -> Result<(), StoreError> {
    rewrite(store, TreeName::Visitors, |old: VisitorV1| VisitorV2 {
        id: old.id,
        pseudonym: old.pseudonym,
        address: old.address,
        language: old.language,
        first_seen: old.first_seen,
        blocked: old.blocked,
        conversation: old.conversation,
        hold_replies: old.hold_replies,
        pending_location: old.pending_location,
        safe_word: None,
        silenced: false,
    })
}

/// 2 → 3: visitors gain `auto_hide_minutes` (off); conversations gain `last_activity` (the
/// time they were opened, closed or last answered, whichever is latest known) and
/// `first_response_at` (unknown for old ones).
pub(super) fn auto_hide_and_activity_times(store: &Store) -> Result<(), StoreError> {
    rewrite(store, TreeName::Visitors, |old: VisitorV2| Visitor {
        id: old.id,
        pseudonym: old.pseudonym,
        address: old.address,
        language: old.language,
        first_seen: old.first_seen,
        blocked: old.blocked,
        conversation: old.conversation,
        hold_replies: old.hold_replies,
        pending_location: old.pending_location,
        safe_word: old.safe_word,
        silenced: old.silenced,
        auto_hide_minutes: None,
    })?;
    rewrite(store, TreeName::Conversations, |old: ConversationV2| {
        let last_activity = match &old.state {
            ConversationState::Closed { at } => *at,
            ConversationState::Queued { since } | ConversationState::Assigned { since, .. } => *since,
        };
        let last_activity = old.waiting_since.map_or(last_activity, |w| w.max(last_activity)).max(old.opened_at);
        Conversation {
            id: old.id,
            visitor: old.visitor,
            opened_at: old.opened_at,
            channel: old.channel,
            language: old.language,
            state: old.state,
            waiting_since: old.waiting_since,
            passed_over: old.passed_over,
            escalated: old.escalated,
            told_out_of_hours: old.told_out_of_hours,
            members: old.members,
            referrals: old.referrals,
            hold: old.hold,
            held_replies: old.held_replies,
            last_activity,
            first_response_at: None,
        }
    })
}
