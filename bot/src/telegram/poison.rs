//! Updates that cannot be read, isolated and skipped so they never stall the channel.
//!
//! teloxide reads an update whose content does not fit its types (a field of an unexpected type,
//! a kind it does not know) as `UpdateKind::Error`, which the schema turns into an unreadable
//! update. But an answer that is not valid JSON at all (a lone surrogate escape such as `\ud800`
//! is enough for serde_json) fails as a whole, and asking again with the same offset fails the
//! same way forever: every later visitor's message waits behind it (bot4s/telegram#143).
//!
//! So after such an answer the poller asks for one update at a time. When the single update of
//! an answer fails twice in a row, its id and kind are read from the raw text, leniently, and
//! it is skipped by id. Twice, because one broken answer can be the network's doing, and a
//! skipped update is a message nobody reads.

/// What the poller does next about unparsable answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Isolation {
    /// Whole batches.
    #[default]
    Off,
    /// An answer could not be parsed: one update at a time, to find the one that breaks it.
    Narrowing,
    /// The single update with this id could not be parsed once.
    Suspect(u32),
}

/// A single update that could not be parsed twice: to be skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Poison {
    pub update_id: u32,
    /// The update's kind by Telegram's name ("message", "callback_query"...), or "unknown kind":
    /// never anything from its content.
    pub kind: &'static str,
}

impl Isolation {
    /// How many updates the next `getUpdates` asks for.
    pub fn limit(self, batch: u8) -> u8 {
        if self == Isolation::Off { batch } else { 1 }
    }

    /// The answer to the last request could not be parsed; `raw` is its text. Returns the update
    /// to skip, once it is certain.
    pub fn unparsable(&mut self, raw: &str) -> Option<Poison> {
        match *self {
            Isolation::Off => {
                *self = Isolation::Narrowing;
                None
            }
            Isolation::Narrowing => {
                if let Some(poison) = read_single(raw) {
                    *self = Isolation::Suspect(poison.update_id);
                }
                None
            }
            Isolation::Suspect(id) => match read_single(raw) {
                Some(poison) if poison.update_id == id => {
                    *self = Isolation::Off;
                    Some(poison)
                }
                Some(other) => {
                    *self = Isolation::Suspect(other.update_id);
                    None
                }
                None => {
                    *self = Isolation::Narrowing;
                    None
                }
            },
        }
    }

    /// An answer was read (or skipped): back to whole batches.
    pub fn parsed(&mut self) {
        *self = Isolation::Off;
    }
}

/// The id and kind of the one update of a `getUpdates` answer, read without parsing the rest:
/// `{"ok":true,"result":[{"update_id":N,"KIND":…`. Telegram writes `update_id` first; anything
/// else is not a single update this can name, and nothing is skipped.
pub fn read_single(raw: &str) -> Option<Poison> {
    let mut rest = raw.trim_start();
    for token in ["{", "\"ok\"", ":", "true", ",", "\"result\"", ":", "[", "{", "\"update_id\"", ":"] {
        rest = rest.strip_prefix(token)?.trim_start();
    }
    let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let update_id = rest[..digits].parse::<u32>().ok()?;
    let rest = rest[digits..].trim_start().strip_prefix(',')?.trim_start().strip_prefix('"')?;
    let name = rest.split('"').next().unwrap_or_default();
    Some(Poison { update_id, kind: kind_name(name) })
}

/// Telegram's update kinds by name; anything else is not logged as it came.
pub fn kind_name(name: &str) -> &'static str {
    const KINDS: [&str; 23] = [
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "message_reaction",
        "message_reaction_count",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    ];
    KINDS.iter().find(|k| **k == name).copied().unwrap_or("unknown kind")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_and_kind_are_read_from_an_answer_serde_refuses() {
        let raw = r#"{"ok":true,"result":[{"update_id":734,"message":{"text":"\ud800 secret words"}}]}"#;
        assert!(serde_json::from_str::<serde_json::Value>(raw).is_err(), "the sample must be poison");
        assert_eq!(read_single(raw), Some(Poison { update_id: 734, kind: "message" }));
        let spaced = "{ \"ok\" : true , \"result\" : [ { \"update_id\" : 9 , \"sneaky_new_kind\" : 1 } ] }";
        assert_eq!(read_single(spaced), Some(Poison { update_id: 9, kind: "unknown kind" }));
    }

    #[test]
    fn what_is_not_one_update_names_nothing() {
        for raw in [
            "",
            "<html>502 Bad Gateway</html>",
            r#"{"ok":false,"error_code":502,"description":"Bad Gateway"}"#,
            r#"{"ok":true,"result":[]}"#,
            r#"{"ok":true,"result":[{"message":{"text":"\"update_id\":5,"},"update_id":6}]}"#,
            r#"{"ok":true,"result":[{"update_id":99999999999,"message":{}}]}"#,
            r#"{"ok":true,"result":[{"update_id":-4,"message":{}}]}"#,
        ] {
            assert_eq!(read_single(raw), None, "{raw}");
        }
    }

    #[test]
    fn an_update_is_skipped_only_when_it_fails_alone_twice() {
        let poison = |id: u32| format!(r#"{{"ok":true,"result":[{{"update_id":{id},"message":{{"text":"\udc00"}}}}]}}"#);
        let mut isolation = Isolation::default();
        assert_eq!(isolation.limit(50), 50);
        // A batch fails: narrow down, skip nothing yet.
        assert_eq!(isolation.unparsable(&poison(10)), None);
        assert_eq!(isolation.limit(50), 1);
        assert_eq!(isolation.unparsable(&poison(10)), None);
        assert_eq!(isolation, Isolation::Suspect(10));
        // A different update the second time (the first one was a network glitch): start over.
        assert_eq!(isolation.unparsable(&poison(11)), None);
        assert_eq!(isolation.unparsable(&poison(11)), Some(Poison { update_id: 11, kind: "message" }));
        assert_eq!(isolation.limit(50), 50);
        // Garbage that names no update never skips one.
        let mut isolation = Isolation::Narrowing;
        for _ in 0..5 {
            assert_eq!(isolation.unparsable("<html>"), None);
        }
        assert_eq!(isolation.limit(50), 1);
        isolation.parsed();
        assert_eq!(isolation.limit(50), 50);
    }
}
