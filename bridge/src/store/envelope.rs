//! The record envelope of the trees whose records grow: visitors and conversations (since
//! schema 4), the weeks' statistics (since schema 5).
//!
//! Inside the seal such a record is `[format][body]`. Format 1's body is MessagePack with
//! structs as arrays: compact like postcard, but every struct and list says how many items it
//! holds, so a record written before a field was appended simply ends early, and serde fills
//! the new field from its `#[serde(default)]`. Adding a field therefore needs no schema step and
//! no frozen copy of the old struct. The rules that keep old records readable:
//! - append new fields last, each with `#[serde(default)]` (or `default = "…"`);
//! - never reorder, remove or retype a field, never `skip_serializing_if`;
//! - enum variants are stored by name: never rename one (`#[serde(rename)]` keeps the old name).
//!
//! A change these rules cannot express bumps the format byte, and the reader upgrades records
//! of the old format as it opens them. The other trees keep postcard until one of their record
//! types needs to grow: then a schema step rewrites that tree into the envelope once (decoding
//! postcard as the struct still is), and from then on fields are appended freely.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::TreeName;

/// MessagePack, structs as arrays, byte arrays as bytes.
const FORMAT_MSGPACK: u8 = 1;

/// How a tree's records are encoded inside their seal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Encoding {
    /// Bare postcard: every field fixed by the struct's current shape.
    Postcard,
    /// The envelope: a format byte, then a body that tolerates appended fields.
    Envelope,
}

impl Encoding {
    /// The encoding records of `tree` are written in at the current schema (visitors and
    /// conversations since 4, stats since 5; migrations name the encodings of older ones).
    pub(super) const fn of(tree: TreeName) -> Self {
        match tree {
            TreeName::Visitors | TreeName::Conversations | TreeName::Stats => Self::Envelope,
            _ => Self::Postcard,
        }
    }

    /// Appends `value` encoded to `buffer`.
    pub(super) fn encode_into<T: Serialize>(self, value: &T, mut buffer: Vec<u8>) -> Option<Vec<u8>> {
        match self {
            Self::Postcard => postcard::to_extend(value, buffer).ok(),
            Self::Envelope => {
                buffer.push(FORMAT_MSGPACK);
                // Ids are byte arrays: as bytes they take 18 bytes, as arrays of numbers up to 33.
                let bytes = rmp_serde::config::BytesMode::ForceAll;
                value.serialize(&mut rmp_serde::Serializer::new(&mut buffer).with_bytes(bytes)).ok()?;
                Some(buffer)
            }
        }
    }

    pub(super) fn decode<T: DeserializeOwned>(self, plain: &[u8]) -> Option<T> {
        match self {
            Self::Postcard => postcard::from_bytes(plain).ok(),
            Self::Envelope => match plain.split_first() {
                Some((&FORMAT_MSGPACK, body)) => rmp_serde::from_slice(body).ok(),
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::Encoding;

    /// A record as an older build wrote it, and the same record after two fields were
    /// appended, one of them inside a nested struct.
    #[derive(Serialize)]
    struct Before {
        id: [u8; 2],
        at: u64,
        state: State,
        inner: InnerBefore,
    }

    #[derive(Serialize)]
    struct InnerBefore {
        count: u32,
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    enum State {
        Queued,
        Assigned { since: u64 },
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct After {
        id: [u8; 2],
        at: u64,
        state: State,
        inner: InnerAfter,
        #[serde(default)]
        minutes: Option<u32>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct InnerAfter {
        count: u32,
        #[serde(default)]
        names: Vec<String>,
    }

    #[test]
    fn an_appended_field_reads_old_records_with_its_default() {
        let before = Before {
            id: [1, 2],
            at: 1_733_000_000_000,
            state: State::Assigned { since: 5 },
            inner: InnerBefore { count: 3 },
        };
        let bytes = Encoding::Envelope.encode_into(&before, Vec::new()).unwrap();
        let after: After = Encoding::Envelope.decode(&bytes).unwrap();
        let expected = After {
            id: [1, 2],
            at: 1_733_000_000_000,
            state: State::Assigned { since: 5 },
            inner: InnerAfter { count: 3, names: Vec::new() },
            minutes: None,
        };
        assert_eq!(after, expected);
        // Postcard, by contrast, cannot: the record ends where the new field would start.
        let bytes = Encoding::Postcard.encode_into(&before, Vec::new()).unwrap();
        assert_eq!(Encoding::Postcard.decode::<After>(&bytes), None);
    }

    #[test]
    fn an_unknown_format_or_a_bare_body_is_refused() {
        let bytes = Encoding::Envelope.encode_into(&State::Queued, Vec::new()).unwrap();
        assert_eq!(Encoding::Envelope.decode::<State>(&bytes), Some(State::Queued));
        let mut other = bytes.clone();
        other[0] = 2;
        assert_eq!(Encoding::Envelope.decode::<State>(&other), None);
        assert_eq!(Encoding::Envelope.decode::<State>(&bytes[1..]), None);
        assert_eq!(Encoding::Envelope.decode::<State>(&[]), None);
    }
}
