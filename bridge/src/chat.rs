//! The visitor's chat on their own platform: which messages the bridge may still delete there.
//!
//! A visitor's phone may be checked by the person controlling them. `/hide` deletes what the
//! platform still allows (Telegram: 48 hours, both directions), so the bridge remembers the
//! platform ids of recent messages — sealed, keyed by visitor and time, and pruned once the
//! platform would refuse the deletion anyway.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How long a platform lets a bot delete messages of a private chat (Telegram: 48 hours).
pub(crate) const HIDE_WINDOW_MS: i64 = 48 * 3_600_000;

/// How long the confirmation of `/hide` and `/forget` stays on the phone before it deletes itself.
pub(crate) const VANISH_AFTER_MS: i64 = 60_000;

/// A platform's id of one message in a visitor's chat (a Telegram message id, a Matrix event id).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MessageRef(pub String);

impl MessageRef {
    /// The reference to a Telegram message.
    pub fn telegram(message_id: i32) -> Self {
        Self(message_id.to_string())
    }

    /// The Telegram message id, if this is one.
    pub fn as_telegram(&self) -> Option<i32> {
        self.0.parse().ok()
    }
}

/// Ids are not content, but they point into a visitor's chat: kept out of logs all the same.
impl fmt::Debug for MessageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MessageRef(..)")
    }
}

/// A message the bridge logged as deletable, with the store key it is logged under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedMessage {
    pub(crate) key: Vec<u8>,
    /// The message on the platform.
    pub reference: MessageRef,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telegram_ids_round_trip_and_debug_hides_them() {
        let reference = MessageRef::telegram(424_242);
        assert_eq!(reference.as_telegram(), Some(424_242));
        assert_eq!(MessageRef("$event:example.org".into()).as_telegram(), None);
        assert_eq!(format!("{reference:?}"), "MessageRef(..)");
    }
}
