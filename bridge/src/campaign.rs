//! The links that bring someone to the bot: campaign links on cards and posters, and the link
//! `/share` gives a visitor to pass on. One builder for each, so a card and a shared message can
//! never disagree about where they lead.

/// Telegram's deep link to the bot `username`, carrying `code` (a campaign's, or
/// [`crate::stats::SHARE_CODE`]): `https://t.me/<username>?start=<code>`. Telegram hands the
/// code to the bot as `/start <code>` when the person taps Start.
pub fn telegram_link(username: &str, code: &str) -> String {
    format!("https://t.me/{username}?start={code}")
}

/// The matrix.to link to the bot's account `user_id` (`@hopenow:example.org`): it opens a chat
/// with the bot in whatever Matrix app the person uses. Matrix links carry no start code: the
/// person types `!start <code>` first.
pub fn matrix_link(user_id: &str) -> String {
    format!("https://matrix.to/#/{user_id}")
}

/// Telegram's rule for a bot's username: 5 to 32 characters of `A-Za-z0-9_`, starting with a
/// letter, ending in "bot" (any case). Without the `@`.
pub fn is_bot_username(name: &str) -> bool {
    (5..=32).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && name.to_ascii_lowercase().ends_with("bot")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_built_the_way_the_platforms_read_them() {
        assert_eq!(telegram_link("HopeNowBot", "share"), "https://t.me/HopeNowBot?start=share");
        assert_eq!(matrix_link("@hopenow:example.org"), "https://matrix.to/#/@hopenow:example.org");
    }

    #[test]
    fn bot_usernames_follow_telegrams_rule() {
        for good in ["HopeNowBot", "hope_now_bot", "abcbot"] {
            assert!(is_bot_username(good), "{good}");
        }
        for bad in ["Bot", "HopeNow", "hope-now-bot", "@HopeNowBot", "1hopebot", &format!("{}bot", "a".repeat(30))] {
            assert!(!is_bot_username(bad), "{bad}");
        }
    }
}
