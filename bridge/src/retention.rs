//! Retention: how long a conversation is kept, decided by a pure rule over its record and the time.
//!
//! A closed conversation goes `closed_days` after it was closed; an open one that nobody wrote in
//! for `inactive_days` goes too. A conversation on hold is kept whatever its age, even past its
//! review date: a person decides, never the clock.

use serde::Deserialize;

use crate::conversation::{ACTIVITY_STEP_MS, Conversation, ConversationState};
use crate::time::Timestamp;
use crate::visitor::Visitor;

const DAY_MS: i64 = 24 * 3_600_000;

/// The `[retention]` section of the config.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionSettings {
    /// Days a closed conversation is kept after it was closed.
    #[serde(default = "default_closed_days")]
    pub closed_days: i64,
    /// Days an open conversation is kept after its last message, either way.
    #[serde(default = "default_inactive_days")]
    pub inactive_days: i64,
}

fn default_closed_days() -> i64 {
    30
}
fn default_inactive_days() -> i64 {
    90
}

impl Default for RetentionSettings {
    fn default() -> Self {
        Self { closed_days: default_closed_days(), inactive_days: default_inactive_days() }
    }
}

/// Why a conversation's time is up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Closed.
    Closed {
        /// When it was closed.
        since: Timestamp,
    },
    /// Open, with nothing said for too long.
    Inactive {
        /// The last activity.
        since: Timestamp,
    },
}

impl Reason {
    /// The time retention counts from.
    pub fn since(self) -> Timestamp {
        match self {
            Self::Closed { since } | Self::Inactive { since } => since,
        }
    }

    /// In words for an operator: "closed since" or "inactive since".
    pub fn describe(self) -> &'static str {
        match self {
            Self::Closed { .. } => "closed since",
            Self::Inactive { .. } => "inactive since",
        }
    }
}

/// What the rule says of one conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Its time is not up.
    Keep,
    /// Its time is up: shred it.
    Due(Reason),
    /// On hold: kept. `would_be` says whether its time is otherwise up.
    Held { would_be: Option<Reason> },
}

/// The retention rule: pure, from the record, the settings and the time.
pub(crate) fn judge(conversation: &Conversation, settings: &RetentionSettings, now: Timestamp) -> Verdict {
    let reason = match conversation.state {
        ConversationState::Closed { at } if reached(at, settings.closed_days, now) => {
            Some(Reason::Closed { since: at })
        }
        ConversationState::Closed { .. } => None,
        // `last_activity` may be up to a step behind the last message: counted from a step later.
        _ if reached(conversation.last_activity.plus_millis(ACTIVITY_STEP_MS), settings.inactive_days, now) => {
            Some(Reason::Inactive { since: conversation.last_activity })
        }
        _ => None,
    };
    match (conversation.hold.is_some(), reason) {
        (true, would_be) => Verdict::Held { would_be },
        (false, Some(reason)) => Verdict::Due(reason),
        (false, None) => Verdict::Keep,
    }
}

/// Whether a visitor who has no conversation at all (pressed `/start`, picked a language,
/// answered "not now") is due: kept no longer than an inactive conversation would be. Blocked
/// visitors stay, as with conversations, or an abuser comes back as new.
pub(crate) fn silent_visitor_due(
    visitor: &Visitor,
    has_conversations: bool,
    settings: &RetentionSettings,
    now: Timestamp,
) -> bool {
    !has_conversations && !visitor.blocked && reached(visitor.first_seen, settings.inactive_days, now)
}

/// Whether `days` whole days have passed since `since`.
fn reached(since: Timestamp, days: i64, now: Timestamp) -> bool {
    now.as_millis().saturating_sub(since.as_millis()) >= days.saturating_mul(DAY_MS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Hold;
    use crate::ids::{ConversationId, VisitorId};
    use crate::roster::StaffId;
    use crate::visitor::Channel;

    fn conversation(at: Timestamp) -> Conversation {
        Conversation::new(
            ConversationId::from_bytes([1; 16]),
            VisitorId::from_bytes([2; 16]),
            Channel::Telegram,
            "en".into(),
            at,
        )
    }

    fn days(n: i64) -> Timestamp {
        Timestamp::from_millis(n * DAY_MS)
    }

    #[test]
    fn closed_goes_on_the_day_and_not_before() {
        let mut c = conversation(days(0));
        c.state = ConversationState::Closed { at: days(10) };
        let settings = RetentionSettings::default();
        assert_eq!(judge(&c, &settings, days(39).plus_millis(DAY_MS - 1)), Verdict::Keep);
        assert_eq!(judge(&c, &settings, days(40)), Verdict::Due(Reason::Closed { since: days(10) }));
    }

    #[test]
    fn open_goes_after_inactivity_counted_from_the_last_message() {
        let mut c = conversation(days(0));
        let settings = RetentionSettings { closed_days: 30, inactive_days: 90 };
        assert_eq!(judge(&c, &settings, days(89)), Verdict::Keep);
        // The record may be up to a step behind the last message: counted from a step later.
        assert_eq!(judge(&c, &settings, days(90)), Verdict::Keep);
        let step_later = days(90).plus_millis(ACTIVITY_STEP_MS);
        assert_eq!(judge(&c, &settings, step_later), Verdict::Due(Reason::Inactive { since: days(0) }));
        c.last_activity = days(50);
        assert_eq!(judge(&c, &settings, days(90)), Verdict::Keep);
    }

    #[test]
    fn a_hold_keeps_it_and_says_what_would_happen() {
        let mut c = conversation(days(0));
        c.hold =
            Some(Hold { by: StaffId::new("maja"), reason: "court".into(), review: "1970-02-01".into(), at: days(1) });
        let settings = RetentionSettings::default();
        assert_eq!(judge(&c, &settings, days(5)), Verdict::Held { would_be: None });
        assert_eq!(
            judge(&c, &settings, days(500)),
            Verdict::Held { would_be: Some(Reason::Inactive { since: days(0) }) }
        );
    }
}
