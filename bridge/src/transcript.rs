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
    /// The visitor, under their pseudonym.
    Visitor(Pseudonym),
    /// A staff id from the roster (never a Matrix account).
    Staff(String),
    /// The bridge itself.
    System,
    /// A machine translation of entry `of` (its seq in the same transcript), from `source` into
    /// `target` (language tags). Appended last: transcripts are postcard, which stores a variant
    /// by its place.
    MachineTranslation {
        /// The entry translated.
        of: u64,
        /// Its language.
        source: String,
        /// The language it was translated into.
        target: String,
    },
}

impl fmt::Display for Author {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Visitor(pseudonym) => write!(f, "visitor {pseudonym}"),
            Self::Staff(id) => write!(f, "staff {id}"),
            Self::System => f.write_str("system"),
            Self::MachineTranslation { of, source, target } => {
                write!(f, "machine translation of #{of}, {source} → {target}")
            }
        }
    }
}

impl fmt::Debug for Author {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Visitor(_) => f.write_str("Author::Visitor(..)"),
            Self::Staff(id) => write!(f, "Author::Staff({id})"),
            Self::System => f.write_str("Author::System"),
            Self::MachineTranslation { of, source, target } => {
                write!(f, "Author::MachineTranslation({of}, {source}→{target})")
            }
        }
    }
}

/// What kind of message an entry holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ContentKind {
    /// Plain text.
    #[default]
    Text,
    /// A voice message.
    Voice,
    /// An audio file.
    Audio,
    /// A photo.
    Photo,
    /// A video.
    Video,
    /// A round video message (Telegram).
    VideoNote,
    /// Any other file.
    Document,
    /// A sticker.
    Sticker,
    /// A shared location.
    Location,
    /// A shared contact card.
    Contact,
    /// A staff note: never reaches the visitor.
    Note,
    /// Routing, referrals, duty: written by the bridge.
    Event,
}

impl ContentKind {
    /// A stable name for exports, logs and relayed media ("[photo]"): never content.
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
/// Outside this crate one is made only by the metadata cleaner ([`crate::media::clean_file`],
/// [`crate::media::clean_staff_file`]), so no connector can pass on a file it did not clean.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub(crate) mime: String,
    /// As one run of bytes, not a sequence of numbers: the encoding is the same in postcard (a
    /// length, then the bytes), but reading it back takes one copy into a buffer of the right
    /// size instead of growing one byte at a time.
    #[serde(with = "file_bytes")]
    pub(crate) bytes: Vec<u8>,
}

impl Attachment {
    pub(crate) fn new(mime: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self { mime: mime.into(), bytes }
    }

    /// The MIME type the file is sent with.
    pub fn mime(&self) -> &str {
        &self.mime
    }

    /// The cleaned file.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file's size in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the file is empty; kept beside [`Attachment::len`] as clippy asks.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// The bytes are the visitor's file and its type says what they sent: only the size shows.
impl fmt::Debug for Attachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attachment").field("len", &self.bytes.len()).finish_non_exhaustive()
    }
}

mod file_bytes {
    use serde::{Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        deserializer.deserialize_byte_buf(Bytes)
    }

    struct Bytes;

    impl<'de> serde::de::Visitor<'de> for Bytes {
        type Value = Vec<u8>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("the bytes of a file")
        }

        fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
            Ok(bytes.to_vec())
        }

        fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(bytes)
        }

        /// Formats without bytes (JSON) write a sequence of numbers.
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
            let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
            while let Some(byte) = seq.next_element()? {
                bytes.push(byte);
            }
            Ok(bytes)
        }
    }
}

/// One line of a transcript.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptEntry {
    /// When the bridge received or sent it.
    pub at: Timestamp,
    /// Which way it went.
    pub direction: Direction,
    /// Who wrote it.
    pub author: Author,
    /// What kind of message it is.
    pub kind: ContentKind,
    /// The text, or the caption of a media message.
    pub text: String,
    /// The file, if one came with it and was kept.
    pub attachment: Option<Attachment>,
}

impl TranscriptEntry {
    /// A plain text entry.
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
    fn attachment_debug_shows_only_its_size() {
        let attachment = Attachment { mime: "image/jpeg".into(), bytes: b"CANARY-bytes".to_vec() };
        assert_eq!(format!("{attachment:?}"), "Attachment { len: 12, .. }");
    }

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
