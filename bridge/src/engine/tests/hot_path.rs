//! The visitor-message path is the engine's hot path: what its shortcuts rely on still holds.

use super::*;

fn text_from(visitor: i64, text: &str) -> Event {
    Event::VisitorMessage { from: address(visitor), message: IncomingMessage::text(text), dedupe: None }
}

/// The limit counts characters, while the shortcut skips counting texts no longer in bytes
/// than the limit: two-byte letters up to the limit pass, one more is refused.
#[test]
fn the_text_limit_counts_characters_not_bytes() {
    let f = Fixture::team();
    f.duty("grace", true);
    let limit = f.settings.max_text_chars;
    let at_limit = "é".repeat(limit);
    let handled = f.write(1, &at_limit);
    assert!(to_visitor(&handled).iter().all(|t| !t.contains(&limit.to_string())));
    assert!(f.transcript(1).iter().any(|e| e.text == at_limit));

    let over = "é".repeat(limit + 1);
    let handled = f.write(1, &over);
    let refusal = f.engine.catalog().render("en", "message-too-long", &[("limit", limit.into())]);
    assert_eq!(to_visitor(&handled), vec![refusal.clone()]);
    assert!(f.transcript(1).iter().all(|e| e.text != over));

    let one_byte_over = "x".repeat(limit + 1);
    assert_eq!(to_visitor(&f.write(1, &one_byte_over)), vec![refusal]);
    let one_byte_at_limit = "x".repeat(limit);
    f.write(1, &one_byte_at_limit);
    assert!(f.transcript(1).iter().any(|e| e.text == one_byte_at_limit));
}

/// A conversation is written only when a message changed it, compared with what the turn last
/// read or wrote: the stored record still follows every message, in a batch too, and is what
/// the engine kept in memory (a restart reads the same).
#[test]
fn the_stored_conversation_follows_every_message() {
    let mut f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "first");
    let opened = f.conversation_of(1);
    assert_eq!(opened.waiting_since, Some(FRIDAY_NOON));

    f.clock.advance_minutes(1);
    let now = f.clock.now();
    f.engine.handle_batch(&[text_from(1, "a"), text_from(1, "b"), text_from(2, "other")]).unwrap();
    let stored = f.conversation_of(1);
    assert_eq!(stored.last_activity, now);
    assert_eq!(stored.waiting_since, Some(FRIDAY_NOON), "still waiting since the first message");
    assert_eq!(f.conversation_of(2).last_activity, now);

    f.in_room("grace", 1, "hello");
    assert_eq!(f.conversation_of(1).waiting_since, None);
    f.clock.advance_minutes(1);
    let again = f.clock.now();
    f.write(1, "again");
    let stored = f.conversation_of(1);
    assert_eq!((stored.waiting_since, stored.last_activity), (Some(again), again));

    // Nothing changed since: a message in the same millisecond leaves the record as it is.
    f.write(1, "same moment");
    assert_eq!(f.conversation_of(1), stored);

    f.restart();
    f.clock.advance_minutes(1);
    f.write(1, "after the restart");
    let after = f.conversation_of(1);
    assert_eq!(after.last_activity, f.clock.now());
    assert_eq!(after.waiting_since, Some(again));
    assert_nothing_lost(&f.engine);
}
