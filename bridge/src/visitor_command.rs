//! What a visitor can ask of the bridge itself, as opposed to what they say to the team:
//! slash commands they type and the buttons of the bridge's prompts.
//!
//! Transport-neutral: Telegram shows [`Choice`]s as an inline keyboard and sends back their
//! `data`; a Matrix visitor gets them as a numbered list. Button data are short and carry no
//! content, only which choice was made.

use std::fmt;

/// A visitor's request to the bridge.
#[derive(Clone, PartialEq, Eq)]
pub enum VisitorCommand {
    /// First contact: greet and offer the languages. The deep link's code (`/start CODE`,
    /// Telegram's `t.me/<bot>?start=CODE`; `!start CODE` on Matrix), if it is a well-formed one:
    /// a campaign to count, never kept.
    Start(Option<String>),
    /// Show the language picker again.
    Language,
    /// The visitor picked a language (a button, or `/language <tag>`).
    PickLanguage(String),
    /// Emergency numbers and opening hours.
    Help,
    /// Delete this chat's recent messages from the phone, both directions.
    Hide,
    /// Asks to erase everything HopeNow holds about the visitor; confirmed with a button.
    Forget,
    /// The answer to the confirmation of [`VisitorCommand::Forget`].
    ConfirmForget(bool),
    /// Deliver replies held back because the visitor chose to hold them. After the safe word,
    /// only `/messages <safe word>` does: the word proves the visitor, not the phone, asks.
    Messages(Option<String>),
    /// Hold the team's replies until the visitor types `/messages`, or send them at once.
    HoldReplies(bool),
    /// Whether the exact location the visitor shared may go to the team (else only a coarse one).
    ShareExactLocation(bool),
    /// Set, remove or explain the secret word (`/word`; internally still the safe word).
    SafeWord(crate::safe_word::SafeWordChange),
    /// The answer to "is it safe for you to write now?" in the first contact.
    SafeToTalk(bool),
    /// Asks after how long the chat should delete itself; answered with a button.
    AutoHide,
    /// Delete the chat this many minutes after the last message (one of [`AUTO_HIDE_MINUTES`]),
    /// or never.
    SetAutoHide(Option<u32>),
    /// Ask for a phrase to continue on another phone, or send one from the new phone.
    Code(crate::code_phrase::PhoneCode),
    /// Subscribe to the team's announcements (classes, gatherings), or unsubscribe (`/news`).
    News,
    /// A short message to forward to a friend, with the bot's link: the one message the bridge
    /// sends that may be forwarded or copied. It deletes itself after a while.
    Share,
    /// Keep the `/share` message on the phone: its deletion is cancelled (button `share:keep`,
    /// or typed `/share keep`).
    KeepShared,
}

/// The delays `/autohide` offers. All far inside the platform's deletion window, so every
/// message of a quiet chat can still be deleted when the time comes.
pub(crate) const AUTO_HIDE_MINUTES: [u32; 3] = [5, 30, 120];

/// The slash commands a visitor can type, with the message id of their one-line description
/// (for the platform's command menu: neutral words only, a notification or a glance at the
/// menu must not tell what the bot is for). `word` sets the secret word; its old name
/// `safeword` is still understood but never shown.
pub const MENU: &[(&str, &str)] = &[
    ("help", "menu-help"),
    ("share", "menu-share"),
    ("language", "menu-language"),
    ("messages", "menu-messages"),
    ("hide", "menu-hide"),
    ("autohide", "menu-autohide"),
    ("word", "menu-word"),
    ("code", "menu-code"),
    ("news", "menu-news"),
    ("forget", "menu-forget"),
];

/// Commands whose choice can be typed after them, as a button's data would carry it.
const CHOICE_KINDS: [&str; 7] = ["language", "lang", "forget", "hold", "location", "safe", "autohide"];

impl VisitorCommand {
    /// A typed command, or `None` for anything that is not one of ours: that is a message for
    /// the team. `prefix` is what the visitor's channel types before a command
    /// ([`crate::visitor::Channel::command_prefix`]): `/help`, `/help@SomeBot`, `/start payload`
    /// on Telegram, `!help` on Matrix. A button's command can be typed too, its choice after it
    /// (`!language ro`, `!hold yes`, `/autohide 30`): where buttons do not show, that is how a
    /// visitor answers; a choice the bridge does not offer makes it no command at all.
    pub fn parse(text: &str, prefix: char) -> Option<Self> {
        // Right-to-left texts isolate each command (LRI…PDI): a copied command brings the marks.
        let text: String = text.chars().filter(|c| !matches!(c, '\u{2066}'..='\u{2069}')).collect();
        let rest = text.trim().strip_prefix(prefix)?;
        let (word, argument) = match rest.split_once(char::is_whitespace) {
            Some((word, argument)) => (word, Some(argument.trim()).filter(|a| !a.is_empty())),
            None => (rest, None),
        };
        let name = word.split('@').next().unwrap_or(word).to_ascii_lowercase();
        Some(match (name.as_str(), argument) {
            // The argument is the word or the phrase itself, in any case and spacing. "safeword"
            // is the old name: visitors told it before the rename still get their word set.
            ("word" | "safeword", None) => Self::SafeWord(crate::safe_word::SafeWordChange::Explain),
            ("word" | "safeword", Some(off)) if off.eq_ignore_ascii_case("off") => {
                Self::SafeWord(crate::safe_word::SafeWordChange::Remove)
            }
            ("word" | "safeword", Some(word)) => Self::SafeWord(crate::safe_word::SafeWordChange::Set(word.to_owned())),
            ("code", None) => Self::Code(crate::code_phrase::PhoneCode::Give),
            ("code", Some(words)) => Self::Code(crate::code_phrase::PhoneCode::Redeem(words.to_owned())),
            ("messages", argument) => Self::Messages(argument.map(str::to_owned)),
            // A deep link's payload comes after /start: a campaign's code, or nothing we read.
            ("start", argument) => Self::Start(argument.filter(|code| is_campaign_code(code)).map(str::to_owned)),
            ("language" | "lang", None) => Self::Language,
            ("autohide", None) => Self::AutoHide,
            ("forget", None) => Self::Forget,
            ("help", _) => Self::Help,
            ("hide", _) => Self::Hide,
            ("news", None) => Self::News,
            ("share", None) => Self::Share,
            ("share", Some(keep)) if keep.eq_ignore_ascii_case("keep") => Self::KeepShared,
            (kind, Some(choice)) if CHOICE_KINDS.contains(&kind) => {
                let kind = if kind == "language" { "lang" } else { kind };
                return Self::from_choice(&format!("{kind}:{}", choice.to_ascii_lowercase()));
            }
            _ => return None,
        })
    }

    /// The command behind a button's data, if it is one of ours.
    pub fn from_choice(data: &str) -> Option<Self> {
        let (kind, value) = data.split_once(':')?;
        let yes = match value {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        Some(match (kind, yes) {
            ("lang", _) if !value.is_empty() && value.len() <= 16 => Self::PickLanguage(value.to_owned()),
            ("forget", Some(yes)) => Self::ConfirmForget(yes),
            ("hold", Some(yes)) => Self::HoldReplies(yes),
            ("location", Some(yes)) => Self::ShareExactLocation(yes),
            ("safe", Some(yes)) => Self::SafeToTalk(yes),
            ("share", _) if value == "keep" => Self::KeepShared,
            ("autohide", _) if value == "off" => Self::SetAutoHide(None),
            ("autohide", _) => {
                // Only the digits the bridge writes: "05" or "+5" is no button of ours.
                let minutes = AUTO_HIDE_MINUTES.into_iter().find(|m| m.to_string() == value)?;
                Self::SetAutoHide(Some(minutes))
            }
            _ => return None,
        })
    }

    /// The button data that stands for this command (for those a button can carry).
    pub fn choice_data(&self) -> Option<String> {
        let yes_no = |yes: bool| if yes { "yes" } else { "no" };
        Some(match self {
            Self::PickLanguage(tag) => format!("lang:{tag}"),
            Self::ConfirmForget(yes) => format!("forget:{}", yes_no(*yes)),
            Self::HoldReplies(yes) => format!("hold:{}", yes_no(*yes)),
            Self::ShareExactLocation(yes) => format!("location:{}", yes_no(*yes)),
            Self::SafeToTalk(yes) => format!("safe:{}", yes_no(*yes)),
            Self::SetAutoHide(Some(minutes)) => format!("autohide:{minutes}"),
            Self::SetAutoHide(None) => "autohide:off".to_owned(),
            Self::KeepShared => "share:keep".to_owned(),
            _ => return None,
        })
    }

    pub(crate) const fn name(&self) -> &'static str {
        match self {
            Self::Start(_) => "start",
            Self::Language => "language",
            Self::PickLanguage(_) => "pick-language",
            Self::Help => "help",
            Self::Hide => "hide",
            Self::Forget => "forget",
            Self::ConfirmForget(_) => "confirm-forget",
            Self::Messages(_) => "messages",
            Self::HoldReplies(_) => "hold-replies",
            Self::ShareExactLocation(_) => "share-exact-location",
            Self::SafeWord(_) => "safe-word",
            Self::SafeToTalk(_) => "safe-to-talk",
            Self::AutoHide => "auto-hide",
            Self::SetAutoHide(_) => "set-auto-hide",
            Self::Code(_) => "code",
            Self::News => "news",
            Self::Share => "share",
            Self::KeepShared => "keep-shared",
        }
    }
}

impl fmt::Debug for VisitorCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Telegram's rule for a deep link's payload: 1 to 64 characters of `A-Za-z0-9_-`.
pub fn is_campaign_code(code: &str) -> bool {
    (1..=64).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// One button of a prompt: what it says, and the data that comes back when it is pressed.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Choice {
    /// What the button says.
    pub label: String,
    /// What comes back when it is pressed ([`VisitorCommand::from_choice`] reads it).
    pub data: String,
}

impl Choice {
    /// A button that sends `command` when pressed.
    pub fn new(label: impl Into<String>, command: &VisitorCommand) -> Self {
        Self { label: label.into(), data: command.choice_data().unwrap_or_default() }
    }
}

impl fmt::Debug for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Choice({})", self.data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Arabic and Persian texts hold each command between LRI and PDI (so it reads "/help",
    /// not "help/"); a visitor who copies it from there copies the invisible marks too.
    #[test]
    fn a_command_copied_out_of_a_right_to_left_text_still_works() {
        assert_eq!(VisitorCommand::parse("\u{2066}!help\u{2069}", '!'), Some(VisitorCommand::Help));
        assert_eq!(VisitorCommand::parse("\u{2066}/messages\u{2069} ", '/'), Some(VisitorCommand::Messages(None)));
        let language = VisitorCommand::parse("\u{2066}!language\u{2069} ro", '!');
        assert_eq!(language, Some(VisitorCommand::PickLanguage("ro".into())));
        assert_eq!(VisitorCommand::parse("\u{2066}hello\u{2069}", '!'), None);
    }

    /// On Matrix the same commands are typed with `!`, and a button's choice after them.
    #[test]
    fn visitor_commands_are_typed_with_an_exclamation_mark_on_matrix() {
        let parse = |text: &str| VisitorCommand::parse(text, '!');
        assert_eq!(parse("!help"), Some(VisitorCommand::Help));
        assert_eq!(parse(" !Language ro"), Some(VisitorCommand::PickLanguage("ro".into())));
        assert_eq!(parse("!language"), Some(VisitorCommand::Language));
        assert_eq!(parse("!hold yes"), Some(VisitorCommand::HoldReplies(true)));
        assert_eq!(parse("!forget no"), Some(VisitorCommand::ConfirmForget(false)));
        assert_eq!(parse("!location yes"), Some(VisitorCommand::ShareExactLocation(true)));
        assert_eq!(parse("hello !help"), None);
        use crate::safe_word::SafeWordChange;
        let set = Some(VisitorCommand::SafeWord(SafeWordChange::Set("Sun Flower".into())));
        assert_eq!(parse("!word Sun Flower"), set);
        assert_eq!(parse("!word off"), Some(VisitorCommand::SafeWord(SafeWordChange::Remove)));
        assert_eq!(parse("!messages"), Some(VisitorCommand::Messages(None)));
        assert_eq!(parse("!messages Sun Flower"), Some(VisitorCommand::Messages(Some("Sun Flower".into()))));
        assert_eq!(parse("!autohide"), Some(VisitorCommand::AutoHide));
        assert_eq!(parse("!autohide 30"), Some(VisitorCommand::SetAutoHide(Some(30))));
        assert_eq!(parse("!autohide off"), Some(VisitorCommand::SetAutoHide(None)));
        assert_eq!(parse("!autohide 7"), None, "only the offered delays");
        use crate::code_phrase::PhoneCode;
        assert_eq!(parse("!code"), Some(VisitorCommand::Code(PhoneCode::Give)));
        let redeem = Some(VisitorCommand::Code(PhoneCode::Redeem("Apple river candle stone".into())));
        assert_eq!(parse("!code Apple river candle stone"), redeem);
        assert_eq!(parse("!dance"), None);
        assert_eq!(parse("/help"), None, "Telegram's prefix is words on Matrix");
    }

    #[test]
    fn typed_commands_are_recognized_with_bot_names_and_payloads() {
        assert_eq!(VisitorCommand::parse("/start", '/'), Some(VisitorCommand::Start(None)));
        assert_eq!(
            VisitorCommand::parse("/start from-a-friend", '/'),
            Some(VisitorCommand::Start(Some("from-a-friend".into())))
        );
        assert_eq!(VisitorCommand::parse("!start salon_7", '!'), Some(VisitorCommand::Start(Some("salon_7".into()))));
        // Malformed codes are dropped: the visitor is greeted as usual.
        for bad in ["/start a b", "/start näil", "/start <script>", &format!("/start {}", "x".repeat(65))] {
            assert_eq!(VisitorCommand::parse(bad, '/'), Some(VisitorCommand::Start(None)), "{bad}");
        }
        assert_eq!(VisitorCommand::parse(" /HELP@HopeBot ", '/'), Some(VisitorCommand::Help));
        assert_eq!(VisitorCommand::parse("/hide", '/'), Some(VisitorCommand::Hide));
        use crate::safe_word::SafeWordChange;
        let set = VisitorCommand::parse("/word  Sun Flower ", '/');
        assert_eq!(set, Some(VisitorCommand::SafeWord(SafeWordChange::Set("Sun Flower".into()))));
        assert_eq!(format!("{:?}", set), "Some(safe-word)", "the word never shows");
        assert_eq!(VisitorCommand::parse("/word", '/'), Some(VisitorCommand::SafeWord(SafeWordChange::Explain)));
        assert_eq!(VisitorCommand::parse("/word OFF", '/'), Some(VisitorCommand::SafeWord(SafeWordChange::Remove)));
        use crate::code_phrase::PhoneCode;
        assert_eq!(VisitorCommand::parse("/code", '/'), Some(VisitorCommand::Code(PhoneCode::Give)));
        let redeem = VisitorCommand::parse("/code@HopeBot Apple river candle stone", '/');
        assert_eq!(redeem, Some(VisitorCommand::Code(PhoneCode::Redeem("Apple river candle stone".into()))));
        assert_eq!(format!("{redeem:?}"), "Some(code)", "the phrase never shows");
        assert_eq!(VisitorCommand::parse("/forget", '/'), Some(VisitorCommand::Forget));
        assert_eq!(VisitorCommand::parse("/messages", '/'), Some(VisitorCommand::Messages(None)));
        let word = VisitorCommand::parse("/messages  Sun Flower ", '/');
        assert_eq!(word, Some(VisitorCommand::Messages(Some("Sun Flower".into()))));
        assert_eq!(format!("{word:?}"), "Some(messages)", "the word never shows");
        assert_eq!(VisitorCommand::parse("/language", '/'), Some(VisitorCommand::Language));
        assert_eq!(VisitorCommand::parse("/autohide", '/'), Some(VisitorCommand::AutoHide));
        // Anything else is words for the team.
        assert_eq!(VisitorCommand::parse("/unknown", '/'), None);
        assert_eq!(VisitorCommand::parse("help", '/'), None);
        assert_eq!(VisitorCommand::parse("/", '/'), None);
        assert_eq!(VisitorCommand::parse("I need /help", '/'), None);
    }

    /// "Safe word" reads as something else in English, and the menu is seen by whoever looks at
    /// the phone: the menu offers `/word`, while `/safeword` still works for visitors told the old name.
    #[test]
    fn the_secret_word_is_typed_as_word_and_the_old_name_still_works() {
        use crate::safe_word::SafeWordChange;
        let names: Vec<&str> = MENU.iter().map(|(name, _)| *name).collect();
        assert!(names.contains(&"word") && !names.iter().any(|n| n.contains("safe")), "{names:?}");
        assert!(MENU.contains(&("word", "menu-word")));
        for prefix in ['/', '!'] {
            let parse = |text: String| VisitorCommand::parse(&text, prefix);
            assert_eq!(parse(format!("{prefix}word")), Some(VisitorCommand::SafeWord(SafeWordChange::Explain)));
            assert_eq!(parse(format!("{prefix}Word OFF")), Some(VisitorCommand::SafeWord(SafeWordChange::Remove)));
            let set = Some(VisitorCommand::SafeWord(SafeWordChange::Set("Sun Flower".into())));
            assert_eq!(parse(format!("{prefix}word  Sun Flower ")), set);
            assert_eq!(parse(format!("{prefix}safeword  Sun Flower ")), set, "the old name");
            assert_eq!(parse(format!("{prefix}safeword")), Some(VisitorCommand::SafeWord(SafeWordChange::Explain)));
            assert_eq!(parse(format!("{prefix}safeword off")), Some(VisitorCommand::SafeWord(SafeWordChange::Remove)));
        }
        assert_eq!(
            VisitorCommand::parse("/word@HopeBot tulip", '/'),
            Some(VisitorCommand::SafeWord(SafeWordChange::Set("tulip".into())))
        );
        assert_eq!(VisitorCommand::parse("/words", '/'), None);
    }

    #[test]
    fn button_data_round_trips_and_junk_is_refused() {
        for command in [
            VisitorCommand::PickLanguage("th".into()),
            VisitorCommand::ConfirmForget(true),
            VisitorCommand::ConfirmForget(false),
            VisitorCommand::HoldReplies(true),
            VisitorCommand::ShareExactLocation(false),
            VisitorCommand::SetAutoHide(Some(30)),
            VisitorCommand::SetAutoHide(None),
            VisitorCommand::KeepShared,
        ] {
            let data = command.choice_data().unwrap();
            assert!(data.len() <= 64, "Telegram allows 64 bytes of callback data");
            assert_eq!(VisitorCommand::from_choice(&data), Some(command));
        }
        let junk_data = ["", "lang:", "forget:maybe", "hold", "x:yes", "autohide:7", "autohide:-5", "autohide:"];
        for junk in junk_data.iter().copied().chain([format!("lang:{}", "a".repeat(40)).as_str()]) {
            assert_eq!(VisitorCommand::from_choice(junk), None, "{junk}");
        }
        assert_eq!(VisitorCommand::Help.choice_data(), None);
        assert_eq!(VisitorCommand::Share.choice_data(), None);
        assert_eq!(VisitorCommand::from_choice("share:now"), None);
    }

    /// `/share` sends the forwardable message; `/share keep` is its button typed, which Matrix
    /// visitors (who see no buttons) need. Anything else after it is words for the team.
    #[test]
    fn share_and_keep_are_typed_on_both_channels() {
        for prefix in ['/', '!'] {
            let parse = |text: String| VisitorCommand::parse(&text, prefix);
            assert_eq!(parse(format!("{prefix}share")), Some(VisitorCommand::Share));
            assert_eq!(parse(format!(" {prefix}Share KEEP ")), Some(VisitorCommand::KeepShared));
            assert_eq!(parse(format!("{prefix}share everything")), None);
        }
        assert_eq!(VisitorCommand::parse("/share@HopeBot", '/'), Some(VisitorCommand::Share));
        assert_eq!(VisitorCommand::from_choice("share:keep"), Some(VisitorCommand::KeepShared));
        let names: Vec<&str> = MENU.iter().map(|(name, _)| *name).collect();
        assert_eq!(&names[..2], ["help", "share"], "right after help");
    }
}
