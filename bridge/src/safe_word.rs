//! The visitor's safe word: a word that, sent in the chat, makes the bridge delete what it can of
//! the chat at once, answer with a harmless decoy, and keep the team quiet until the visitor
//! writes again. For someone whose phone may be taken from their hand.

/// Fewer letters would be sent by accident (and 向日葵 has three).
pub(crate) const MIN_LETTERS: usize = 3;

/// How a typed word is compared: case and spacing do not matter, so a hurried visitor still
/// matches.
pub(crate) fn normalize(word: &str) -> String {
    word.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// Whether `word` may be a safe word.
pub(crate) fn long_enough(word: &str) -> bool {
    normalize(word).chars().filter(|c| c.is_alphanumeric()).count() >= MIN_LETTERS
}

/// What the visitor asked of `/safeword`.
#[derive(Clone, PartialEq, Eq)]
pub enum SafeWordChange {
    /// `/safeword` alone: what it is and how to set one.
    Explain,
    /// `/safeword <word>`.
    Set(String),
    /// `/safeword off`.
    Remove,
}

/// Never shows the word.
impl std::fmt::Debug for SafeWordChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Explain => "Explain",
            Self::Set(_) => "Set(…)",
            Self::Remove => "Remove",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_spacing_do_not_matter_and_short_words_are_refused() {
        assert_eq!(normalize("  Sun   FLOWER "), "sun flower");
        assert_eq!(normalize("ДАЙСИ"), "дайси");
        assert!(long_enough("向日葵"));
        assert!(!long_enough("ab"));
        assert!(!long_enough("!!!!"));
        assert_eq!(format!("{:?}", SafeWordChange::Set("CANARY".into())), "Set(…)");
    }
}
