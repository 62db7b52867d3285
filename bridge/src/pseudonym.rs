//! Pseudonyms: what staff call a visitor. Two kind, easy-to-say English words and a short code,
//! e.g. "Amber Heron · 4K7".
//!
//! The lists were read with the people in mind: nothing that could offend or frighten, nothing
//! with a sexual undertone (no "Sweet", "Honey", "Kitten"), no animals of prey, no words about
//! age, body, money, police or night life. The code uses no letters that look like digits.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::crypto::{CryptoError, random_bytes};

pub(crate) const FIRST_WORDS: &[&str] = &[
    "Amber", "Apricot", "Azure", "Blue", "Bright", "Calm", "Cheerful", "Clear", "Clever", "Cloudy", "Coral", "Cosy",
    "Crisp", "Dawn", "Early", "Easy", "Fair", "Fresh", "Friendly", "Gentle", "Glad", "Golden", "Good", "Green",
    "Happy", "Hazel", "Hopeful", "Indigo", "Ivory", "Jade", "Jolly", "Joyful", "Keen", "Kind", "Lavender", "Lemon",
    "Light", "Lilac", "Lively", "Lucky", "Lunar", "Mellow", "Merry", "Mild", "Mint", "Misty", "Morning", "Neat",
    "Noble", "Ocean", "Olive", "Open", "Patient", "Peach", "Pearl", "Plum", "Polite", "Quiet", "Ready", "Rose", "Ruby",
    "Sage", "Sandy", "Silver", "Simple", "Sky", "Smart", "Snowy", "Soft", "Solar", "Spring", "Steady", "Summer",
    "Sunny", "Swift", "Tidy", "True", "Warm", "Wise", "Zesty",
];

pub(crate) const SECOND_WORDS: &[&str] = &[
    "Acorn",
    "Aspen",
    "Badger",
    "Beaver",
    "Birch",
    "Bloom",
    "Bluebell",
    "Brook",
    "Canyon",
    "Cedar",
    "Cloud",
    "Clover",
    "Comet",
    "Cove",
    "Crane",
    "Creek",
    "Daisy",
    "Dolphin",
    "Dove",
    "Elm",
    "Fern",
    "Finch",
    "Forest",
    "Garden",
    "Glade",
    "Harbour",
    "Heron",
    "Hill",
    "Island",
    "Ivy",
    "Jasmine",
    "Kestrel",
    "Kite",
    "Koala",
    "Lagoon",
    "Lake",
    "Lark",
    "Leaf",
    "Lily",
    "Lotus",
    "Maple",
    "Meadow",
    "Moon",
    "Moss",
    "Oak",
    "Orchid",
    "Otter",
    "Owl",
    "Panda",
    "Pebble",
    "Pelican",
    "Penguin",
    "Petal",
    "Pine",
    "Poppy",
    "Rain",
    "Reed",
    "River",
    "Robin",
    "Sail",
    "Seal",
    "Shell",
    "Shore",
    "Sparrow",
    "Spruce",
    "Star",
    "Stone",
    "Stream",
    "Swan",
    "Thrush",
    "Tide",
    "Tulip",
    "Valley",
    "Violet",
    "Wave",
    "Willow",
    "Wren",
    "Bamboo",
    "Sunflower",
    "Fjord",
];

/// Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_LEN: usize = 3;

/// A visitor's name towards staff. Stable for the visitor, unique across visitors.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pseudonym(String);

impl Pseudonym {
    /// A random pseudonym; the caller checks it is not taken.
    pub(crate) fn generate() -> Result<Self, CryptoError> {
        let mut random = [0u8; 8 + CODE_LEN];
        random_bytes(&mut random)?;
        let pick = |bytes: [u8; 4], len: usize| (u32::from_le_bytes(bytes) as usize) % len;
        let first = FIRST_WORDS[pick([random[0], random[1], random[2], random[3]], FIRST_WORDS.len())];
        let second = SECOND_WORDS[pick([random[4], random[5], random[6], random[7]], SECOND_WORDS.len())];
        let code: String =
            random[8..].iter().map(|b| char::from(CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()])).collect();
        Ok(Self(format!("{first} {second} · {code}")))
    }

    /// The pseudonym as staff see it ("Amber Heron · 4K7").
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used to find a pseudonym typed by a person: letters and digits only, upper case.
    /// "amber heron 4k7", "Amber Heron · 4K7" and "AMBERHERON-4K7" are the same pseudonym.
    pub(crate) fn normalize(text: &str) -> String {
        text.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
    }

    #[cfg(test)]
    pub(crate) fn from_stored(text: String) -> Self {
        Self(text)
    }
}

impl fmt::Display for Pseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Pseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pseudonym({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn looks_like_two_words_and_a_code() {
        let pseudonym = Pseudonym::generate().unwrap();
        let (words, code) = pseudonym.as_str().split_once(" · ").unwrap();
        assert_eq!(code.len(), CODE_LEN);
        assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)));
        assert!(FIRST_WORDS.iter().any(|w| words.starts_with(w)));
        assert!(SECOND_WORDS.iter().any(|w| words.ends_with(w)));
    }

    #[test]
    fn word_lists_are_distinct_and_unambiguous_once_normalized() {
        let all: Vec<&str> = FIRST_WORDS.iter().chain(SECOND_WORDS).copied().collect();
        let normalized: HashSet<String> = all.iter().map(|w| Pseudonym::normalize(w)).collect();
        assert_eq!(normalized.len(), all.len(), "a word appears twice");
        assert!(FIRST_WORDS.len() >= 64 && SECOND_WORDS.len() >= 64);
    }

    #[test]
    fn normalize_ignores_case_spaces_and_dots() {
        assert_eq!(Pseudonym::normalize("Amber Heron · 4K7"), "AMBERHERON4K7");
        assert_eq!(Pseudonym::normalize(" amber heron 4k7 "), "AMBERHERON4K7");
    }
}
