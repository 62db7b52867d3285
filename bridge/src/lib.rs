//! HopeNow Bridge core: the domain, the encrypted store and the crypto behind it.
//!
//! No network and no platform types live here: connectors in the `bot` crate turn Telegram and
//! Matrix updates into calls on this crate, and everything here runs on a temp dir and a
//! [`time::ManualClock`] in tests.

#![warn(missing_docs, missing_debug_implementations)]

pub mod audit;
pub mod campaign;
pub mod chat;
pub mod code_phrase;
pub mod command;
pub mod conversation;
pub mod crypto;
pub mod engine;
pub mod health;
pub mod i18n;
pub(crate) mod ids;
pub mod keyfile;
pub(crate) mod language_hint;
pub mod media;
pub mod news;
pub mod outbox;
pub mod partner;
pub(crate) mod pseudonym;
pub(crate) mod referral;
pub mod retention;
pub mod roster;
pub(crate) mod routing;
pub mod safe_word;
pub mod shifts;
pub mod stats;
pub mod store;
pub mod time;
pub(crate) mod transcript;
pub mod translation;
pub(crate) mod visitor;
pub mod visitor_command;

pub use conversation::Conversation;
pub use crypto::MasterKey;
pub use ids::{ConversationId, VisitorId};
pub use pseudonym::Pseudonym;
pub use referral::{ReferralKind, ReferralStatus};
pub use store::{Registration, Store, StoreError};
pub use time::{Clock, ManualClock, SystemClock, Timestamp};
pub use transcript::{Attachment, Author, ContentKind, Direction, TranscriptEntry};
pub use visitor::{Channel, PlatformAccount, PlatformAddress, Visitor};
