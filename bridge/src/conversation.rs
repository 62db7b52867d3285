//! Conversations: one visitor's exchange with HopeNow, with its own transcript and data key.

use serde::{Deserialize, Serialize};

use crate::ids::{ConversationId, VisitorId};
use crate::referral::Referral;
use crate::roster::StaffId;
use crate::time::Timestamp;
use crate::translation::TranslationMode;
use crate::visitor::Channel;

/// Where a conversation stands in routing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum ConversationState {
    /// Nobody was on duty; waiting for the first staffer who comes on.
    Queued {
        since: Timestamp,
    },
    Assigned {
        staff: StaffId,
        since: Timestamp,
    },
    /// Reopens when the visitor writes again.
    Closed {
        at: Timestamp,
    },
}

/// A conversation exempt from retention, set by a coordinator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    /// The coordinator who set it.
    pub by: StaffId,
    /// Why; may describe the visitor, so it stays out of the audit log.
    pub reason: String,
    /// "YYYY-MM-DD": when a coordinator should look at it again.
    pub review: String,
    /// When it was set.
    pub at: Timestamp,
}

/// A conversation as stored. Holds ids, times and routing; what was said is in the transcript.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversation {
    /// The conversation's id; its room, transcript and outbox lanes are keyed by it.
    pub id: ConversationId,
    /// The visitor it is with.
    pub visitor: VisitorId,
    /// When the visitor first wrote.
    pub opened_at: Timestamp,
    pub(crate) channel: Channel,
    /// The language the visitor is answered in (a shipped locale tag).
    pub(crate) language: String,
    pub(crate) state: ConversationState,
    /// The oldest visitor message staff have not answered yet.
    pub(crate) waiting_since: Option<Timestamp>,
    /// Staff who let it go unanswered in this round; never offered it again until someone answers.
    pub(crate) passed_over: Vec<StaffId>,
    /// The duty room was told that nobody left could take it.
    pub(crate) escalated: bool,
    /// The visitor was told when someone will answer, for the current queued period.
    pub(crate) told_out_of_hours: bool,
    /// Staff invited to the conversation room.
    pub(crate) members: Vec<StaffId>,
    pub(crate) referrals: Vec<Referral>,
    /// Set while a coordinator exempts it from retention.
    pub hold: Option<Hold>,
    /// Outbox ids of replies parked because the visitor holds replies until they ask.
    pub(crate) held_replies: Vec<u64>,
    /// The last message either way, to within [`ACTIVITY_STEP_MS`]: retention counts
    /// inactivity from here (and adds the step, so it never counts from too early).
    pub(crate) last_activity: Timestamp,
    /// When staff first answered (statistics: time to first response).
    pub(crate) first_response_at: Option<Timestamp>,
    /// Whether its messages are machine translated (`!translate`).
    #[serde(default)]
    pub(crate) translation: TranslationMode,
    /// The visitor was told, with the first translated reply, that a machine translated it.
    #[serde(default)]
    pub(crate) told_machine_translated: bool,
    /// The language pairs (source, target) it was machine translated in: each counted once.
    #[serde(default)]
    pub(crate) translated_pairs: Vec<(String, String)>,
    /// Outbox ids of staff replies waiting for their translation, oldest first (`!raw`).
    #[serde(default)]
    pub(crate) waiting_replies: Vec<u64>,
}

/// How stale `last_activity` may be. A visitor's message moves it only when it is older than this,
/// so a conversation's record is not rewritten for every message (it was a fifth of the engine's
/// work per message); retention counts days, and an hour more or less of keeping is nothing.
pub(crate) const ACTIVITY_STEP_MS: i64 = 60 * 60 * 1000;

impl Conversation {
    /// Notes a message at `now`: moves `last_activity` if it is a step old.
    pub(crate) fn active_at(&mut self, now: Timestamp) {
        if now.as_millis().saturating_sub(self.last_activity.as_millis()) >= ACTIVITY_STEP_MS {
            self.last_activity = now;
        }
    }

    pub(crate) fn new(
        id: ConversationId,
        visitor: VisitorId,
        channel: Channel,
        language: String,
        now: Timestamp,
    ) -> Self {
        Self {
            id,
            visitor,
            opened_at: now,
            channel,
            language,
            state: ConversationState::Queued { since: now },
            waiting_since: None,
            passed_over: Vec::new(),
            escalated: false,
            told_out_of_hours: false,
            members: Vec::new(),
            referrals: Vec::new(),
            hold: None,
            held_replies: Vec::new(),
            last_activity: now,
            first_response_at: None,
            translation: TranslationMode::Auto,
            told_machine_translated: false,
            translated_pairs: Vec::new(),
            waiting_replies: Vec::new(),
        }
    }

    /// Not closed: staff may still answer, and retention counts from the last message.
    pub fn is_open(&self) -> bool {
        !matches!(self.state, ConversationState::Closed { .. })
    }

    /// The staffer who has it, if anyone does.
    pub fn assignee(&self) -> Option<&StaffId> {
        match &self.state {
            ConversationState::Assigned { staff, .. } => Some(staff),
            _ => None,
        }
    }
}
