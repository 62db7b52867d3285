//! Every message `/hide` can reach is logged: visitor messages the bridge does not relay, and
//! the parts of a long reply that arrived before a later part failed.

use std::time::Duration;

use hopenow_tests::fake_telegram::{FakeUser, Fault};
use hopenow_tests::telegram_bridge::{Bridge, wait_until};
use serde_json::json;

use crate::telegram::{LIMIT, sent_to};

/// Long enough to wait for a first answer and let the worker settle, no more.
const SETTLE: Duration = Duration::from_millis(300);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hide_deletes_a_dice_and_a_venue_the_bridge_did_not_relay() {
    let bridge = Bridge::start().await;
    let user = FakeUser::new(7001, "V", None, Some("en"));
    bridge.fake.push_text(&user, "hello");
    wait_until("first answers", LIMIT, || sent_to(&bridge, &user).len() >= 2).await;
    let relayed = bridge.staff.relayed().len();

    let dice = bridge.fake.push_message(&user, json!({ "dice": { "emoji": "🎲", "value": 4 } }));
    let venue = bridge.fake.push_message(
        &user,
        json!({ "venue": {
            "location": { "latitude": 52.52, "longitude": 13.405 },
            "title": "CANARY-VENUE Salon", "address": "CANARY-STREET 1",
        } }),
    );
    wait_until("both are applied", LIMIT, || bridge.fake.pending_updates() == 0).await;
    tokio::time::sleep(SETTLE).await;
    assert!(
        bridge.staff.relayed().iter().skip(relayed).all(|d| !d.text.contains("CANARY")),
        "a venue's words are not relayed"
    );

    let hide = bridge.fake.push_text(&user, "/hide");
    wait_until("the dice and the venue are deleted", LIMIT, || {
        let live = bridge.fake.live_messages(user.id);
        !live.contains(&dice.message_id) && !live.contains(&venue.message_id) && !live.contains(&hide.message_id)
    })
    .await;
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hide_deletes_the_first_part_of_a_reply_whose_second_part_failed() {
    let bridge = Bridge::start().await;
    let user = FakeUser::new(7002, "V", None, Some("en"));
    bridge.fake.push_text(&user, "hello");
    wait_until("a conversation", LIMIT, || bridge.conversation_of(&user).is_some()).await;
    wait_until("first answers", LIMIT, || sent_to(&bridge, &user).len() >= 2).await;
    tokio::time::sleep(SETTLE).await;
    let before = bridge.fake.call_count("sendMessage");

    // Telegram refuses the second part for good: the first is on the phone all the same.
    let refusal = Fault::Api { code: 400, description: "Bad Request: message is too long".into() };
    bridge.fake.fail_after("sendMessage", 1, refusal);
    bridge.staff_says("grace", &user, &"Long answer. ".repeat(400)).await;
    wait_until("both parts were tried", LIMIT, || bridge.fake.call_count("sendMessage") >= before + 2).await;
    let first = sent_to(&bridge, &user)
        .into_iter()
        .find(|s| s.text.as_deref().unwrap_or("").contains("Long answer."))
        .and_then(|s| s.message_id)
        .expect("the first part arrived");
    tokio::time::sleep(SETTLE).await;
    assert!(bridge.fake.live_messages(user.id).contains(&first));

    bridge.fake.push_text(&user, "/hide");
    wait_until("the first part is deleted", LIMIT, || !bridge.fake.live_messages(user.id).contains(&first)).await;
    bridge.stop().await;
}
