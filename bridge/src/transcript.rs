//! Transcript entries: what was said in a conversation, sealed with the conversation's data key.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::pseudonym::Pseudonym;
use crate::time::Timestamp;

/// Which way an entry went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// From the visitor to HopeNow.
    FromVisitor,
    /// From HopeNow (staff or the bot) to the visitor.
    ToVisitor,
    /// Stays inside HopeNow: notes, routing, referrals.
    Internal,
}

/// Who wrote an entry.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Author {
    Visitor(Pseudonym),
    /// A staff id from the roster (never a Matrix account).
    Staff(String),
    System,
}

impl fmt::Display for Author {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Visitor(pseudonym) => write!(f, "visitor {pseudonym}"),
            Self::Staff(id) => write!(f, "staff {id}"),
            Self::System => f.write_str("system"),
        }
    }
}

impl fmt::Debug for Author {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Visitor(_) => f.write_str("Author::Visitor(..)"),
            Self::Staff(id) => write!(f, "Author::Staff({id})"),
            Self::System => f.write_str("Author::System"),
        }
    }
}

/// What kind of message an entry holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ContentKind {
    #[default]
    Text,
    Voice,
    Audio,
    Photo,
    Video,
    VideoNote,
    Document,
    Sticker,
    Location,
    Contact,
    /// A staff note: never reaches the visitor.
    Note,
    /// Routing, referrals, duty: written by the bridge.
    Event,
}

impl ContentKind {
    pub const fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Voice => "voice",
            Self::Audio => "audio",
            Self::Photo => "photo",
            Self::Video => "video",
            Self::VideoNote => "video-note",
            Self::Document => "document",
            Self::Sticker => "sticker",
            Self::Location => "location",
            Self::Contact => "contact",
            Self::Note => "note",
            Self::Event => "event",
        }
    }
}

/// A file that came with a message, as bytes (media reach the bridge as copies, never forwards).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// One line of a transcript.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptEntry {
    pub at: Timestamp,
    pub direction: Direction,
    pub author: Author,
    pub kind: ContentKind,
    /// The text, or the caption of a media message.
    pub text: String,
    pub attachment: Option<Attachment>,
}

impl TranscriptEntry {
    pub fn text(at: Timestamp, direction: Direction, author: Author, text: impl Into<String>) -> Self {
        Self { at, direction, author, kind: ContentKind::Text, text: text.into(), attachment: None }
    }
}

impl fmt::Debug for TranscriptEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TranscriptEntry")
            .field("at", &self.at)
            .field("direction", &self.direction)
            .field("author", &self.author)
            .field("kind", &self.kind)
            .field("text_len", &self.text.len())
            .field("attachment_len", &self.attachment.as_ref().map(|a| a.bytes.len()))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_content() {
        let entry = TranscriptEntry {
            at: Timestamp(5),
            direction: Direction::FromVisitor,
            author: Author::Visitor(Pseudonym::from_stored("Amber Heron · 4K7".into())),
            kind: ContentKind::Photo,
            text: "CANARY-caption".into(),
            attachment: Some(Attachment { mime: "image/jpeg".into(), bytes: b"CANARY-bytes".to_vec() }),
        };
        let debug = format!("{entry:?}");
        assert!(!debug.contains("CANARY"), "{debug}");
        assert_eq!(
            debug,
            "TranscriptEntry { at: Timestamp(5), direction: FromVisitor, author: Author::Visitor(..), kind: Photo, text_len: 14, attachment_len: Some(12) }"
        );
    }
}
