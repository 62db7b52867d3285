//! Which room event relayed which visitor message, so a machine translation can be posted as a
//! reply to its original (Element on a phone then shows the original quoted above it).
//!
//! Kept in memory only, and bounded: the relay and its translation are normally seconds apart,
//! so the last [`KEPT`] relays are plenty. After a restart, or for a relay evicted since, the
//! translation is posted without the reply link; its text still names it a machine translation
//! and the languages, and it follows the original in the room. Persisting the map would put
//! another (conversation, message) → event index on the disk for a cosmetic link; not worth it.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use bridge::ConversationId;
use matrix_sdk::ruma::OwnedEventId;
use matrix_sdk::ruma::events::relation::{InReplyTo, Reply};
use matrix_sdk::ruma::events::room::message::{Relation, RoomMessageEventContent};

/// How many relays are remembered; the oldest is forgotten first.
pub const KEPT: usize = 4096;

/// (conversation, transcript seq) → the event the bot posted for that relay.
pub struct Relays {
    inner: Mutex<Inner>,
}

struct Inner {
    bound: usize,
    events: HashMap<(ConversationId, u64), OwnedEventId>,
    /// Insertion order, for eviction. A key recorded again (a retried post returns the same
    /// event) is not pushed twice.
    order: VecDeque<(ConversationId, u64)>,
}

impl Default for Relays {
    fn default() -> Self {
        Self::with_bound(KEPT)
    }
}

impl Relays {
    /// A map that keeps at most `bound` relays (at least one).
    pub fn with_bound(bound: usize) -> Self {
        let bound = bound.max(1);
        Self { inner: Mutex::new(Inner { bound, events: HashMap::new(), order: VecDeque::new() }) }
    }

    /// The relay of transcript entry `seq` of `conversation` was posted as `event`.
    pub fn record(&self, conversation: ConversationId, seq: u64, event: OwnedEventId) {
        let mut inner = self.lock();
        let key = (conversation, seq);
        if inner.events.insert(key, event).is_none() {
            inner.order.push_back(key);
        }
        while inner.order.len() > inner.bound {
            if let Some(oldest) = inner.order.pop_front() {
                inner.events.remove(&oldest);
            }
        }
    }

    /// The event that relayed transcript entry `seq` of `conversation`, if still remembered.
    pub fn event_of(&self, conversation: ConversationId, seq: u64) -> Option<OwnedEventId> {
        self.lock().events.get(&(conversation, seq)).cloned()
    }

    /// The conversation's room is gone: nothing of it is kept.
    pub fn forget(&self, conversation: ConversationId) {
        let mut inner = self.lock();
        inner.events.retain(|(c, _), _| *c != conversation);
        inner.order.retain(|(c, _)| *c != conversation);
    }

    /// How many relays are remembered.
    pub fn len(&self) -> usize {
        self.lock().events.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves a map that is still consistent enough: at worst
        // one link is missing. Never worth stopping deliveries for.
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A machine translation as the room shows it: a notice (the bridge speaking, not a person),
/// replying to `original` when it is known. No reply fallback in the body: it was removed from
/// the spec (MSC2781), and the text already says what it translates.
pub fn translation_content(text: &str, original: Option<OwnedEventId>) -> RoomMessageEventContent {
    let mut content = RoomMessageEventContent::notice_plain(text);
    content.relates_to = original.map(|event_id| Relation::Reply(Reply::new(InReplyTo::new(event_id))));
    content
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conversation(n: u8) -> ConversationId {
        ConversationId::from_bytes([n; 16])
    }

    fn event(n: usize) -> OwnedEventId {
        OwnedEventId::try_from(format!("$event{n}:example.org")).expect("a valid event id")
    }

    #[test]
    fn remembers_each_relay_by_conversation_and_seq() {
        let relays = Relays::default();
        relays.record(conversation(1), 3, event(1));
        relays.record(conversation(2), 3, event(2));
        assert_eq!(relays.event_of(conversation(1), 3), Some(event(1)));
        assert_eq!(relays.event_of(conversation(2), 3), Some(event(2)));
        assert_eq!(relays.event_of(conversation(1), 4), None);
    }

    #[test]
    fn keeps_only_the_last_relays_and_forgets_the_oldest_first() {
        let relays = Relays::with_bound(3);
        for seq in 0..5 {
            relays.record(conversation(1), seq, event(usize::try_from(seq).expect("small")));
        }
        assert_eq!(relays.len(), 3);
        assert_eq!(relays.event_of(conversation(1), 0), None);
        assert_eq!(relays.event_of(conversation(1), 1), None);
        assert_eq!(relays.event_of(conversation(1), 2), Some(event(2)));
        assert_eq!(relays.event_of(conversation(1), 4), Some(event(4)));
    }

    #[test]
    fn the_default_bound_is_kept() {
        let relays = Relays::default();
        for n in 0..KEPT + 10 {
            relays.record(conversation(1), u64::try_from(n).expect("small"), event(n));
        }
        assert_eq!(relays.len(), KEPT);
        assert_eq!(relays.event_of(conversation(1), 9), None);
        assert_eq!(relays.event_of(conversation(1), 10), Some(event(10)));
    }

    #[test]
    fn a_retried_post_recorded_again_takes_no_second_place() {
        let relays = Relays::with_bound(2);
        relays.record(conversation(1), 1, event(1));
        relays.record(conversation(1), 1, event(1));
        relays.record(conversation(1), 2, event(2));
        assert_eq!(relays.event_of(conversation(1), 1), Some(event(1)));
        assert_eq!(relays.len(), 2);
    }

    #[test]
    fn a_forgotten_conversation_leaves_nothing() {
        let relays = Relays::default();
        relays.record(conversation(1), 1, event(1));
        relays.record(conversation(2), 1, event(2));
        relays.forget(conversation(1));
        assert_eq!(relays.event_of(conversation(1), 1), None);
        assert_eq!(relays.event_of(conversation(2), 1), Some(event(2)));
        relays.record(conversation(3), 1, event(3));
        assert_eq!(relays.len(), 2);
    }

    #[test]
    fn a_translation_is_a_notice_replying_to_its_original_without_a_fallback() {
        let content = translation_content("🌐 machine translation, th → en:\nhello", Some(event(7)));
        let json = serde_json::to_value(&content).expect("serializes");
        assert_eq!(json["msgtype"], "m.notice");
        assert_eq!(json["body"], "🌐 machine translation, th → en:\nhello");
        assert_eq!(json["m.relates_to"]["m.in_reply_to"]["event_id"], "$event7:example.org");
        assert!(json["m.relates_to"].get("rel_type").is_none(), "a reply, not a thread: {json}");
        assert!(json.get("format").is_none(), "no HTML reply fallback: {json}");
    }

    #[test]
    fn an_unknown_original_is_posted_without_a_relation() {
        let content = translation_content("🌐 machine translation, th → en:\nhello", None);
        let json = serde_json::to_value(&content).expect("serializes");
        assert_eq!(json["msgtype"], "m.notice");
        assert!(json.get("m.relates_to").is_none(), "{json}");
    }
}
