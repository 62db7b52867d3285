//! HopeNow Bridge core: the domain, the encrypted store and the crypto behind it.
//!
//! No network and no platform types live here: connectors in the `bot` crate turn Telegram and
//! Matrix updates into calls on this crate, and everything here runs on a temp dir and a
//! [`time::ManualClock`] in tests.

// The lints are set per module until `engine` and `store` meet them too; then one
// `#![warn(missing_docs, missing_debug_implementations)]` here replaces them.
#[warn(missing_docs, missing_debug_implementations)]
pub mod audit;
#[warn(missing_docs, missing_debug_implementations)]
pub mod chat;
#[warn(missing_docs, missing_debug_implementations)]
pub mod code_phrase;
#[warn(missing_docs, missing_debug_implementations)]
pub mod command;
#[warn(missing_docs, missing_debug_implementations)]
pub mod conversation;
#[warn(missing_docs, missing_debug_implementations)]
pub mod crypto;
pub mod engine;
#[warn(missing_docs, missing_debug_implementations)]
pub mod i18n;
#[warn(missing_docs, missing_debug_implementations)]
pub(crate) mod ids;
#[warn(missing_docs, missing_debug_implementations)]
pub mod keyfile;
#[warn(missing_docs, missing_debug_implementations)]
pub(crate) mod language_hint;
#[warn(missing_docs, missing_debug_implementations)]
pub mod media;
#[warn(missing_docs, missing_debug_implementations)]
pub mod outbox;
#[warn(missing_docs, missing_debug_implementations)]
pub(crate) mod pseudonym;
#[warn(missing_docs, missing_debug_implementations)]
pub(crate) mod referral;
#[warn(missing_docs, missing_debug_implementations)]
pub mod retention;
#[warn(missing_docs, missing_debug_implementations)]
pub mod roster;
#[warn(missing_docs, missing_debug_implementations)]
pub(crate) mod routing;
#[warn(missing_docs, missing_debug_implementations)]
pub mod safe_word;
#[warn(missing_docs, missing_debug_implementations)]
pub mod shifts;
#[warn(missing_docs, missing_debug_implementations)]
pub mod stats;
pub mod store;
#[warn(missing_docs, missing_debug_implementations)]
pub mod time;
#[warn(missing_docs, missing_debug_implementations)]
pub(crate) mod transcript;
#[warn(missing_docs, missing_debug_implementations)]
pub(crate) mod visitor;
#[warn(missing_docs, missing_debug_implementations)]
pub mod visitor_command;

pub use conversation::Conversation;
pub use crypto::MasterKey;
pub use ids::{ConversationId, VisitorId};
pub use pseudonym::Pseudonym;
pub use store::{Registration, Store, StoreError};
pub use time::{Clock, ManualClock, SystemClock, Timestamp};
pub use transcript::{Attachment, Author, ContentKind, Direction, TranscriptEntry};
pub use visitor::{Channel, PlatformAccount, PlatformAddress, Visitor};
