//! The Telegram channel under what a controller, or Telegram itself, may throw at it: updates no
//! parser reads, floods, huge files.

use bridge::engine::Event;
use hopenow_tests::fake_telegram::FakeUser;
use hopenow_tests::telegram_bridge::{Bridge, wait_until};

use crate::telegram::LIMIT;

/// A private-chat message from `user` with `text` spliced in raw (it may be invalid JSON).
fn raw_message(update_id: i64, user: &FakeUser, fields: &str) -> String {
    format!(
        r#"{{"update_id":{update_id},"message":{{"message_id":{update_id},"date":1767225600,"chat":{{"id":{id},"type":"private","first_name":"P"}},"from":{{"id":{id},"is_bot":false,"first_name":"P"}},{fields}}}}}"#,
        id = user.id
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn unreadable_updates_between_two_messages_are_skipped_counted_and_told_once() {
    let bridge = Bridge::start().await;
    let ana = FakeUser::new(5001, "Ana", None, Some("ro"));
    let bo = FakeUser::new(5002, "Bo", None, Some("en"));
    bridge.fake.add_chat(&bo);
    bridge.fake.push_text(&ana, "before the poison");
    // Invalid JSON: serde_json refuses a lone surrogate escape, so the whole answer fails.
    let surrogate = bridge.fake.push_raw_update(|id| raw_message(id, &bo, r#""text":"POISON-CANARY-1 \ud800""#));
    // Valid JSON, but a field of a type no client expects.
    bridge.fake.push_raw_update(|id| {
        raw_message(id, &bo, r#""text":"POISON-CANARY-2""#).replace(&format!(r#""message_id":{id}"#), r#""message_id":"seven""#)
    });
    // A kind no library knows.
    let unknown = bridge.fake.push_raw_update(|id| format!(r#"{{"update_id":{id},"hologram":{{"POISON-CANARY-3":1}}}}"#));
    // And a lone surrogate again, after the others: isolation starts over.
    let last_poison = bridge.fake.push_raw_update(|id| raw_message(id, &bo, r#""text":"POISON-CANARY-4 \udfff""#));
    bridge.fake.push_text(&bo, "after the poison");

    wait_until("both real messages arrive", LIMIT, || bridge.staff.relayed().len() >= 2).await;
    let relayed = bridge.staff.relayed();
    assert!(relayed[0].text.ends_with("before the poison"), "{}", relayed[0].text);
    assert!(relayed[1].text.ends_with("after the poison"), "{}", relayed[1].text);
    wait_until("every update is confirmed", LIMIT, || bridge.fake.pending_updates() == 0).await;
    assert!(bridge.fake.committed_offset() > last_poison);
    assert!(surrogate < unknown);

    wait_until("the duty room is told", LIMIT, || {
        bridge.staff.notices().iter().any(|n| n.contains("could not be read"))
    })
    .await;
    let told: Vec<String> =
        bridge.staff.notices().into_iter().filter(|n| n.contains("could not be read")).collect();
    assert_eq!(told.len(), 1, "once, not once per update: {told:?}");
    let everything: String = bridge.staff.deliveries().iter().map(|d| d.text.clone() + "\n").collect();
    assert!(!everything.contains("POISON-CANARY"), "{everything}");
    // The one told now; the other three wait for the hour to pass, then come as one count.
    bridge.advance_secs(3700);
    bridge.staff(Event::Tick).await;
    wait_until("the rest are told as one count", LIMIT, || {
        bridge.staff.notices().iter().filter(|n| n.contains("could not be read")).count() == 2
    })
    .await;
    let told: Vec<String> =
        bridge.staff.notices().into_iter().filter(|n| n.contains("could not be read")).collect();
    assert!(told[1].starts_with("3 messages could not be read"), "{told:?}");
    bridge.stop().await;
}
