//! Machine translation between visitors and staff, as the engine sees it: which code a service
//! knows each language by ([`codes`]), and the work the outbox hands the translation connector
//! ([`TranslationJob`]) with what comes back ([`Translated`]). The networked client lives in
//! `bot`; nothing here talks to a service.
//!
//! A visitor's original always reaches the room first and never waits for a translation: the
//! translation is separate work in a lane of its own, and follows linked to the original.

mod codes;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use codes::{candidates, service_code, why_uncovered};

use crate::roster::StaffId;
use crate::transcript::Attachment;

/// Which way a machine translation goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Way {
    /// A visitor's words, into the language of whoever reads the conversation room.
    ToStaff,
    /// A staffer's reply, into the visitor's language; then back into the staffer's, so a
    /// mistranslation shows in the room before anyone relies on it.
    ToVisitor,
}

/// A text to translate, as the outbox keeps it (sealed, like every outbox record). It holds
/// what goes to the service and what the engine needs when the translation comes back; the
/// service is sent only `text` and the two languages, never an id, a name or a pseudonym.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranslationJob {
    /// Which way it goes.
    pub way: Way,
    /// The language of `text`: a bridge language tag (`th`, `pt-BR`), not a service code.
    pub source: String,
    /// The language wanted, also a bridge tag.
    pub target: String,
    /// What to translate.
    pub text: String,
    /// The transcript entry translated (its seq in the conversation's transcript).
    pub(crate) of: u64,
    /// [`Way::ToVisitor`]: who wrote the reply.
    pub(crate) writer: Option<StaffId>,
    /// [`Way::ToVisitor`]: the Matrix event of the staffer's message, which the room's echo of
    /// the sent translation replies to.
    pub(crate) reply_to_event: Option<String>,
    /// [`Way::ToVisitor`]: a file sent with the reply (its caption is `text`), already cleaned.
    pub(crate) attachment: Option<Attachment>,
}

impl TranslationJob {
    /// The file the reply carries, if any.
    pub fn attachment(&self) -> Option<&Attachment> {
        self.attachment.as_ref()
    }
}

/// Only which way and between which languages: never the words.
impl fmt::Debug for TranslationJob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TranslationJob")
            .field("way", &self.way)
            .field("source", &self.source)
            .field("target", &self.target)
            .field("text_len", &self.text.len())
            .finish_non_exhaustive()
    }
}

/// What the translation connector brings back for a [`TranslationJob`].
#[derive(Clone, PartialEq, Eq)]
pub struct Translated {
    /// `text` in the target language.
    pub text: String,
    /// [`Way::ToVisitor`]: `text` translated back into the source language.
    pub back: Option<String>,
}

impl fmt::Debug for Translated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Translated")
            .field("text_len", &self.text.len())
            .field("back_len", &self.back.as_ref().map(String::len))
            .finish()
    }
}

/// The message a room post replies to, so Element shows the original quoted above it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReplyTo {
    /// The room message that relayed this transcript entry (its seq) of the visitor's.
    Relayed(u64),
    /// A Matrix event: a staffer's own message.
    Event(String),
}

/// Whether a conversation's messages are machine translated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TranslationMode {
    /// When whoever reads the room does not list the conversation's language.
    #[default]
    Auto,
    /// Always (`!translate on`).
    On,
    /// Never (`!translate off`).
    Off,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_words() {
        let job = TranslationJob {
            way: Way::ToVisitor,
            source: "en".into(),
            target: "th".into(),
            text: "CANARY reply".into(),
            of: 3,
            writer: None,
            reply_to_event: Some("$CANARY-event".into()),
            attachment: None,
        };
        let translated = Translated { text: "CANARY translated".into(), back: Some("CANARY back".into()) };
        let shown = format!("{job:?} {translated:?}");
        assert!(!shown.contains("CANARY"), "{shown}");
        assert!(shown.contains("ToVisitor") && shown.contains("\"th\""), "{shown}");
    }
}
