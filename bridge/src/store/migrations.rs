//! Store migrations, one function per schema step. Each reads records in the old encoding and
//! writes them in the new one.
//!
//! Up to schema 3 every record was bare postcard, which is not self-describing: each added field
//! was a schema step with a frozen copy of the old struct (below). Schema 4 moved visitors and
//! conversations into the envelope (see `envelope`), where fields are appended without either;
//! `VisitorV3` and `ConversationV3` are the last frozen copies. The types they hold (states,
//! referrals, holds) are read as postcard by these steps too: `record_encodings_are_pinned` fails
//! if one of them changes shape, and then it needs a frozen copy here.
//!
//! Schema 5 moved the stats tree into the envelope the same way, the first time a week's record
//! grew (machine-translated conversations); `WeekStatsV4` is its frozen copy.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::envelope::Encoding;
use super::{Store, StoreError, TreeName, sealed};
use crate::conversation::{Conversation, ConversationState, Hold};
use crate::crypto::BlindIndex;
use crate::ids::{ConversationId, VisitorId};
use crate::pseudonym::Pseudonym;
use crate::referral::Referral;
use crate::roster::StaffId;
use crate::stats::WeekStats;
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
    pub referrals: Vec<ReferralV3>,
    pub hold: Option<Hold>,
    pub held_replies: Vec<u64>,
}

/// A visitor as schema 3 stored it (postcard), before the envelope.
#[derive(Serialize, Deserialize)]
pub(super) struct VisitorV3 {
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
    pub auto_hide_minutes: Option<u32>,
}

/// A conversation as schema 3 stored it (postcard), before the envelope.
#[derive(Serialize, Deserialize)]
pub(super) struct ConversationV3 {
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
    pub referrals: Vec<ReferralV3>,
    pub hold: Option<Hold>,
    pub held_replies: Vec<u64>,
    pub last_activity: Timestamp,
    pub first_response_at: Option<Timestamp>,
}

/// A referral as schemas 1 to 4 stored it inside a conversation (postcard), before partners.
#[derive(Serialize, Deserialize)]
pub(super) struct ReferralV3 {
    pub number: u32,
    pub kind: crate::referral::ReferralKind,
    pub consent: bool,
    pub status: crate::referral::ReferralStatus,
    pub follow_up: Option<String>,
    pub reminded: bool,
    pub by: StaffId,
    pub at: Timestamp,
}

impl From<ReferralV3> for Referral {
    fn from(old: ReferralV3) -> Self {
        Referral {
            number: old.number,
            kind: old.kind,
            consent: old.consent,
            status: old.status,
            follow_up: old.follow_up,
            reminded: old.reminded,
            by: old.by,
            at: old.at,
            partner: None,
        }
    }
}

/// A week's statistics as schemas 1 to 4 stored them (postcard), before the envelope and the
/// machine translation counts.
#[derive(Serialize, Deserialize)]
pub(super) struct WeekStatsV4 {
    pub new_contacts: BTreeMap<(String, String), u32>,
    pub returning: u32,
    pub first_responses: Vec<u32>,
    pub referrals: BTreeMap<String, u32>,
    pub outcomes: BTreeMap<(String, String), u32>,
}

/// Rewrites every record of `tree` from `Old` in encoding `from` to `New` in encoding `to`.
fn rewrite<Old: serde::de::DeserializeOwned, New: Serialize>(
    store: &Store,
    tree: TreeName,
    (from, to): (Encoding, Encoding),
    convert: impl Fn(Old) -> New,
) -> Result<(), StoreError> {
    let state = &store.keys().state;
    for item in store.tree(tree).iter() {
        let (key, value) = item?;
        let old: Old = sealed::open_as(from, state, tree, &key, &value)?;
        let sealed = sealed::seal_as(to, state, tree, &key, &convert(old), value.len())?;
        store.tree(tree).insert(key, sealed)?;
    }
    Ok(())
}

/// Schemas 1 to 3: postcard in, postcard out.
const POSTCARD: (Encoding, Encoding) = (Encoding::Postcard, Encoding::Postcard);

/// 1 → 2: visitors gain `safe_word` (none set) and `silenced` (false).
pub(super) fn visitors_gain_the_safe_word(store: &Store) -> Result<(), StoreError> {
    rewrite(store, TreeName::Visitors, POSTCARD, |old: VisitorV1| VisitorV2 {
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
    rewrite(store, TreeName::Visitors, POSTCARD, |old: VisitorV2| VisitorV3 {
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
    rewrite(store, TreeName::Conversations, POSTCARD, |old: ConversationV2| {
        let last_activity = match &old.state {
            ConversationState::Closed { at } => *at,
            ConversationState::Queued { since } | ConversationState::Assigned { since, .. } => *since,
        };
        let last_activity = old.waiting_since.map_or(last_activity, |w| w.max(last_activity)).max(old.opened_at);
        ConversationV3 {
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

/// 3 → 4: visitors and conversations move into the envelope, so that fields can be appended
/// to them without a schema step.
pub(super) fn visitors_and_conversations_in_the_envelope(store: &Store) -> Result<(), StoreError> {
    let into_envelope = (Encoding::Postcard, Encoding::Envelope);
    rewrite(store, TreeName::Visitors, into_envelope, |old: VisitorV3| Visitor {
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
        auto_hide_minutes: old.auto_hide_minutes,
        share_deletion: None,
        held_news: Vec::new(),
    })?;
    rewrite(store, TreeName::Conversations, into_envelope, |old: ConversationV3| Conversation {
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
        referrals: old.referrals.into_iter().map(Referral::from).collect(),
        hold: old.hold,
        held_replies: old.held_replies,
        last_activity: old.last_activity,
        first_response_at: old.first_response_at,
        // Appended since schema 4, each with its default (the envelope's rule).
        translation: Default::default(),
        told_machine_translated: false,
        translated_pairs: Vec::new(),
        waiting_replies: Vec::new(),
    })
}

/// 4 → 5: the weeks' statistics move into the envelope, so that counters can be appended to
/// them; the first, machine-translated conversations per language pair, starts empty (nothing
/// was translated before this version).
pub(super) fn stats_in_the_envelope(store: &Store) -> Result<(), StoreError> {
    rewrite(store, TreeName::Stats, (Encoding::Postcard, Encoding::Envelope), |old: WeekStatsV4| WeekStats {
        new_contacts: old.new_contacts,
        returning: old.returning,
        first_responses: old.first_responses,
        referrals: old.referrals,
        outcomes: old.outcomes,
        translated: BTreeMap::new(),
        partners: BTreeMap::new(),
        campaigns: BTreeMap::new(),
    })
}
