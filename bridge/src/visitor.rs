//! Visitors: people who write to HopeNow, known to staff only by a [`Pseudonym`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::{ConversationId, VisitorId};
use crate::pseudonym::Pseudonym;
use crate::time::Timestamp;

/// Where a visitor writes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    /// Telegram, through the Bot API.
    Telegram,
    /// Matrix: a direct chat with the bot's account.
    Matrix,
}

impl Channel {
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Self::Telegram => "telegram",
            Self::Matrix => "matrix",
        }
    }

    /// What a visitor types before a command: `/help` on Telegram, `!help` on Matrix, because
    /// Element takes a leading `/` for its own commands.
    pub const fn command_prefix(self) -> char {
        match self {
            Self::Telegram => '/',
            Self::Matrix => '!',
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How to reach a visitor on their platform. As secret as a name: stored sealed only,
/// never shown to staff, never logged.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlatformAddress {
    /// A Telegram user in a private chat with the bot.
    Telegram {
        /// The user: who the visitor is to Telegram.
        user_id: i64,
        /// The chat the bot writes to.
        chat_id: i64,
    },
    /// A Matrix user.
    Matrix {
        /// The user's Matrix id.
        user_id: String,
        /// The direct-message room with the bot, once known.
        room_id: Option<String>,
    },
}

impl PlatformAddress {
    /// The channel this address is on.
    pub const fn channel(&self) -> Channel {
        match self {
            Self::Telegram { .. } => Channel::Telegram,
            Self::Matrix { .. } => Channel::Matrix,
        }
    }

    /// The account identity the blind index is computed over: the same person on the same
    /// platform always finds the same visitor.
    pub fn account(&self) -> PlatformAccount {
        match self {
            Self::Telegram { user_id, .. } => PlatformAccount::Telegram(*user_id),
            Self::Matrix { user_id, .. } => PlatformAccount::Matrix(user_id.clone()),
        }
    }
}

impl fmt::Debug for PlatformAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Telegram { .. } => f.debug_struct("PlatformAddress::Telegram").finish_non_exhaustive(),
            Self::Matrix { .. } => f.debug_struct("PlatformAddress::Matrix").finish_non_exhaustive(),
        }
    }
}

/// A platform account, as used for lookups. Never stored in clear.
#[derive(Clone, PartialEq, Eq)]
pub enum PlatformAccount {
    /// A Telegram user id.
    Telegram(i64),
    /// A Matrix user id.
    Matrix(String),
}

impl PlatformAccount {
    pub(crate) const fn channel(&self) -> Channel {
        match self {
            Self::Telegram(_) => Channel::Telegram,
            Self::Matrix(_) => Channel::Matrix,
        }
    }

    pub(crate) fn index_material(&self) -> Vec<u8> {
        match self {
            Self::Telegram(id) => id.to_string().into_bytes(),
            Self::Matrix(id) => id.as_bytes().to_vec(),
        }
    }
}

impl fmt::Debug for PlatformAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PlatformAccount::{}(..)", self.channel())
    }
}

/// A person who wrote to the bridge.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visitor {
    /// The visitor's id; records are keyed by it, never by a platform id.
    pub id: VisitorId,
    /// The name staff know the visitor by.
    pub pseudonym: Pseudonym,
    /// Where replies go.
    pub address: PlatformAddress,
    /// The language the visitor chose (a BCP 47 tag), once chosen.
    pub language: Option<String>,
    /// When the visitor first wrote.
    pub first_seen: Timestamp,
    pub(crate) blocked: bool,
    /// The visitor's current (or last, if closed) conversation.
    pub conversation: Option<ConversationId>,
    /// Hold the team's replies until the visitor asks (`/messages`); `None` until they chose.
    pub(crate) hold_replies: Option<bool>,
    /// An exact location the visitor shared, waiting for them to say whether the team may see
    /// it (the team got a coarse one).
    pub(crate) pending_location: Option<String>,
    /// The keyed hash of the visitor's safe word ([`crate::safe_word`]); never the word.
    pub(crate) safe_word: Option<crate::crypto::BlindIndex>,
    /// The visitor sent their safe word: staff replies wait until they write again.
    pub(crate) silenced: bool,
    /// Delete the chat from the phone this many minutes after the last message (`/autohide`).
    pub(crate) auto_hide_minutes: Option<u32>,
    /// The outbox entry that will delete the forwardable `/share` message from the phone, until
    /// it has (or the visitor chose to keep the message).
    #[serde(default)]
    pub(crate) share_deletion: Option<u64>,
    /// Announcements (`/news`) parked for a visitor who holds replies: released with `/messages`.
    #[serde(default)]
    pub(crate) held_news: Vec<u64>,
}

impl Visitor {
    /// The channel the visitor writes from now.
    pub const fn channel(&self) -> Channel {
        self.address.channel()
    }
}

impl fmt::Debug for Visitor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Visitor")
            .field("id", &self.id)
            .field("pseudonym", &self.pseudonym)
            .field("channel", &self.channel())
            .field("language", &self.language)
            .field("blocked", &self.blocked)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_addresses_and_visitors_hides_the_platform_identity() {
        let telegram = PlatformAddress::Telegram { user_id: 918_273_645, chat_id: 918_273_646 };
        let matrix = PlatformAddress::Matrix { user_id: "@canary:example.org".into(), room_id: Some("!room:x".into()) };
        assert_eq!(format!("{telegram:?}"), "PlatformAddress::Telegram { .. }");
        assert_eq!(format!("{matrix:#?}"), "PlatformAddress::Matrix { .. }");
        assert_eq!(format!("{:?}", telegram.account()), "PlatformAccount::telegram(..)");
        let visitor = Visitor {
            id: VisitorId::from_bytes([1; 16]),
            pseudonym: Pseudonym::from_stored("Amber Heron · 4K7".into()),
            address: telegram,
            language: Some("th".into()),
            first_seen: Timestamp(0),
            blocked: false,
            conversation: None,
            hold_replies: None,
            pending_location: Some("55.6761,12.5683".into()),
            safe_word: Some([7; 32]),
            silenced: false,
            auto_hide_minutes: None,
            share_deletion: None,
            held_news: Vec::new(),
        };
        let debug = format!("{visitor:?}");
        assert!(!debug.contains("918273645") && !debug.contains("918273646"), "{debug}");
        assert!(!debug.contains("55.67"), "{debug}");
        assert!(debug.contains("Amber Heron"), "{debug}");
    }
}
