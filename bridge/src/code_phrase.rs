//! The phrase that moves a visitor to another phone or account (`/code`): four words from a
//! fixed list, made at random, kept only as a keyed hash, good once and for a few minutes.
//!
//! The words are short, common and harmless to see on a checked phone: food, nature, animals,
//! things in a home, colours. No word about help, escape, police, money, travel or danger, and
//! none that reads as slang for drugs or sex. Lower-case ASCII, three to six letters, so a person
//! who cannot read English copies them letter by letter.

use std::fmt;

use crate::crypto::{CryptoError, random_bytes};

/// How many words a phrase has.
pub(crate) const LENGTH: usize = 4;

/// Wrong phrases an account may send before it is locked for a while.
pub(crate) const MAX_WRONG: u32 = 5;

/// 256 words: one random byte picks one word without bias; four words give 2^32 phrases.
pub(crate) const WORDS: [&str; 256] = [
    "apple", "banana", "grape", "lemon", "lime", "mango", "melon", "orange", "peach", "pear", "plum", "berry", "kiwi",
    "olive", "onion", "carrot", "potato", "tomato", "bean", "pea", "corn", "rice", "bread", "butter", "cheese", "cake",
    "cookie", "sugar", "salt", "pepper", "soup", "tea", "coffee", "milk", "juice", "egg", "pasta", "pizza", "noodle",
    "nut", "fig", "ginger", "garlic", "salad", "jam", "muffin", "waffle", "bagel", "yogurt", "cereal", "river", "lake",
    "hill", "stone", "rock", "sand", "cloud", "rain", "frost", "wind", "sun", "moon", "star", "sky", "sea", "wave",
    "leaf", "tree", "forest", "flower", "rose", "grass", "field", "garden", "island", "beach", "shell", "pearl",
    "valley", "meadow", "pond", "brook", "spring", "autumn", "winter", "summer", "ocean", "desert", "canyon", "pebble",
    "bush", "root", "seed", "bloom", "petal", "fern", "moss", "mist", "dew", "cat", "dog", "bird", "fish", "duck",
    "goose", "horse", "cow", "sheep", "goat", "rabbit", "mouse", "frog", "owl", "bee", "ant", "deer", "zebra", "panda",
    "koala", "camel", "llama", "turtle", "whale", "seal", "crab", "swan", "dove", "robin", "parrot", "pony", "puppy",
    "lamb", "hen", "snail", "otter", "beaver", "hippo", "moose", "lark", "eagle", "chair", "table", "cup", "plate",
    "spoon", "bowl", "fruit", "pan", "lamp", "door", "window", "box", "bag", "basket", "bottle", "clock", "book",
    "pen", "pencil", "paper", "brush", "comb", "soap", "towel", "pillow", "quilt", "mirror", "button", "ribbon",
    "candle", "ladder", "bucket", "kettle", "oven", "sofa", "shelf", "rug", "vase", "jar", "lid", "hat", "shoe",
    "sock", "coat", "scarf", "glove", "shirt", "radio", "piano", "guitar", "drum", "flute", "bell", "kite", "ball",
    "toy", "puzzle", "wheel", "red", "blue", "green", "yellow", "pink", "purple", "brown", "gold", "silver", "music",
    "song", "dance", "smile", "laugh", "dream", "story", "poem", "photo", "color", "circle", "square", "heart",
    "paint", "chalk", "crayon", "tulip", "daisy", "lily", "violet", "maple", "cedar", "pine", "oak", "willow",
    "bamboo", "cactus", "acorn", "radish", "celery", "leek", "basil", "mint", "thyme", "cocoa", "donut", "toast",
    "bun", "coral", "creek", "dune", "breeze", "mug", "jug", "tray", "bench", "nest", "hive", "lotus",
];

/// A new random phrase: four words separated by single spaces.
pub(crate) fn generate() -> Result<String, CryptoError> {
    let mut random = [0u8; LENGTH];
    random_bytes(&mut random)?;
    Ok(random.iter().map(|b| WORDS[usize::from(*b)]).collect::<Vec<_>>().join(" "))
}

/// How a typed phrase is compared: case, punctuation and spacing do not matter ("Apple, river
/// CANDLE stone." is "apple river candle stone").
pub(crate) fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The phrase in a plain message that is exactly four words of the list, and nothing else (a
/// visitor who cannot read the instructions may type only the words).
pub(crate) fn bare_phrase(text: &str) -> Option<String> {
    if text.len() > 64 {
        return None;
    }
    let phrase = normalize(text);
    let words: Vec<&str> = phrase.split(' ').collect();
    (words.len() == LENGTH && words.iter().all(|w| WORDS.contains(w))).then_some(phrase)
}

/// What the visitor asked of `/code`.
#[derive(Clone, PartialEq, Eq)]
pub enum PhoneCode {
    /// `/code` alone: a new phrase for this visitor.
    Give,
    /// `/code <words>` from another phone: the phrase, as typed.
    Redeem(String),
}

/// Never shows the phrase.
impl fmt::Debug for PhoneCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Give => "Give",
            Self::Redeem(_) => "Redeem(…)",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_256_distinct_short_lowercase_words_without_alarming_ones() {
        let mut sorted = WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 256, "distinct");
        for word in WORDS {
            assert!((3..=6).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_lowercase()), "{word}");
        }
        for alarming in ["help", "police", "escape", "run", "hide", "safe", "danger", "money", "code", "border"] {
            assert!(!WORDS.contains(&alarming), "{alarming}");
        }
    }

    #[test]
    fn phrases_are_four_list_words_and_typing_differences_do_not_matter() {
        let phrase = generate().unwrap();
        assert_eq!(bare_phrase(&phrase), Some(phrase.clone()));
        assert_eq!(phrase.split(' ').count(), LENGTH);
        assert_eq!(normalize("  Apple,  river\nCANDLE stone. "), "apple river candle stone");
        assert_eq!(bare_phrase("Apple, river CANDLE stone!"), Some("apple river candle stone".into()));
        assert_eq!(bare_phrase("apple river candle"), None, "three words");
        assert_eq!(bare_phrase("apple river candle stone tree"), None, "five words");
        assert_eq!(bare_phrase("apple river candle please"), None, "a word not in the list");
        assert_eq!(bare_phrase("I need help now"), None);
        assert_eq!(format!("{:?}", PhoneCode::Redeem("apple river candle stone".into())), "Redeem(…)");
    }
}
