//! Retention against a real Synapse: a shredded conversation's room keeps nothing the bot
//! posted, and neither the bot nor the staff stay in it.

use std::sync::Arc;
use std::time::Duration;

use hopenow_tests::fake_telegram::{FakeTelegram, FakeUser};
use hopenow_tests::matrix_bridge::{Homeserver, Installation, OffsetClock, PASSWORD, Running};
use hopenow_tests::synapse::Synapse;
use hopenow_tests::telegram_bridge::wait_until;
use matrix_sdk::ruma::OwnedRoomId;
use serde_json::{Value, json};

const LIMIT: Duration = Duration::from_secs(60);

/// An admin's access token (the admin API reads a room as the server holds it).
fn admin_token(synapse: &Synapse) -> String {
    synapse.register("auditor", PASSWORD, true).unwrap();
    let login = json!({"type": "m.login.password", "identifier": {"type": "m.id.user", "user": "auditor"}, "password": PASSWORD});
    let (status, body) = synapse.api("POST", "/_matrix/client/v3/login", None, Some(&login)).unwrap();
    assert_eq!(status, 200, "{body}");
    body["access_token"].as_str().unwrap().to_owned()
}

fn encoded(room: &OwnedRoomId) -> String {
    room.as_str().replace('!', "%21").replace(':', "%3A")
}

/// Every event of the room, newest first, as the server serves them.
fn events(synapse: &Synapse, token: &str, room: &OwnedRoomId) -> Vec<Value> {
    let path = format!("/_synapse/admin/v1/rooms/{}/messages?dir=b&limit=1000", encoded(room));
    let (status, body) = synapse.api("GET", &path, Some(token), None).unwrap();
    assert_eq!(status, 200, "{body}");
    body["chunk"].as_array().cloned().unwrap_or_default()
}

/// Joined members of the room.
fn members(synapse: &Synapse, token: &str, room: &OwnedRoomId) -> Vec<String> {
    let path = format!("/_synapse/admin/v1/rooms/{}/members", encoded(room));
    let (status, body) = synapse.api("GET", &path, Some(token), None).unwrap();
    assert_eq!(status, 200, "{body}");
    body["members"].as_array().into_iter().flatten().filter_map(|m| m.as_str().map(str::to_owned)).collect()
}

fn has_content(event: &Value) -> bool {
    event["content"].as_object().is_some_and(|c| !c.is_empty())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_shredded_conversations_room_is_redacted_and_left() {
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let clock = OffsetClock::default();
    let bridge = installation.start_with_clock(&homeserver, &fake, Arc::new(clock.clone())).await;
    let grace = &homeserver.grace;
    homeserver.grace.say(&homeserver.duty_room, "!duty on").await;
    wait_until("grace is on duty", LIMIT, || {
        bridge.engine.routing().unwrap().on_duty().any(|(id, _)| id.to_string() == "grace")
    })
    .await;

    let maria = FakeUser::new(515_151, "Maria", None, Some("en"));
    fake.push_text(&maria, "CANARY-retention first words");
    wait_until("a room", LIMIT, || bridge.room_of(&maria).is_some()).await;
    let room = bridge.room_of(&maria).unwrap();
    let conversation = bridge.conversation_of(&maria).unwrap();
    wait_until("grace reads it", LIMIT, || {
        grace.received().iter().any(|r| r.room == room && r.body.contains("CANARY-retention first words"))
    })
    .await;
    fake.push_text(&maria, "CANARY-retention second words");
    wait_until("grace reads the second", LIMIT, || {
        grace.received().iter().any(|r| r.room == room && r.body.contains("CANARY-retention second words"))
    })
    .await;
    grace.say(&room, "!close").await;
    wait_until("closed", LIMIT, || {
        bridge.engine.store().conversation(conversation).unwrap().is_some_and(|c| !c.is_open())
    })
    .await;
    // Everything queued for the room is posted before retention runs.
    wait_until("the room lane is empty", LIMIT, || room_lane_empty(&bridge, conversation)).await;

    let token = admin_token(&homeserver.synapse);
    let bot = homeserver.bot.to_string();
    let posted: Vec<String> = events(&homeserver.synapse, &token, &room)
        .iter()
        .filter(|e| e["sender"] == bot.as_str() && e["type"] == "m.room.encrypted" && has_content(e))
        .filter_map(|e| e["event_id"].as_str().map(str::to_owned))
        .collect();
    assert!(posted.len() >= 2, "the two relayed messages at least: {posted:?}");

    clock.advance_days(31);
    let engine = Arc::clone(&bridge.engine);
    let report = tokio::task::spawn_blocking(move || engine.enforce_retention()).await.unwrap().unwrap();
    assert_eq!(report.shredded.len(), 1);
    bridge.outbox.ring();

    wait_until("the bot left the room", LIMIT, || !members(&homeserver.synapse, &token, &room).contains(&bot)).await;
    wait_until("the mapping is gone", LIMIT, || bridge.matrix.rooms.room_of(conversation).is_none()).await;
    let after = events(&homeserver.synapse, &token, &room);
    for id in &posted {
        let event = after.iter().find(|e| e["event_id"] == id.as_str()).unwrap();
        assert!(!has_content(event), "redacted: {event}");
        assert!(!event["unsigned"]["redacted_because"].is_null(), "{event}");
    }
    let left_with_content: Vec<&Value> = after
        .iter()
        .filter(|e| e["sender"] == bot.as_str() && has_content(e))
        .filter(|e| {
            ["m.room.message", "m.room.encrypted", "m.room.name", "m.room.topic"]
                .contains(&e["type"].as_str().unwrap_or(""))
        })
        .collect();
    assert!(left_with_content.is_empty(), "nothing of the bot's keeps content: {left_with_content:?}");
    let still_there = members(&homeserver.synapse, &token, &room);
    assert!(still_there.is_empty(), "staff were removed too: {still_there:?}");
    assert!(room_lane_empty(&bridge, conversation), "the forget-room action was performed and acknowledged");

    // The visitor who writes again starts afresh, in a new room.
    fake.push_text(&maria, "hello again");
    wait_until("a new room", LIMIT, || bridge.room_of(&maria).is_some()).await;
    assert_ne!(bridge.room_of(&maria).unwrap(), room);
    bridge.stop().await;
}

/// Nothing waits in the outbox for the conversation's room.
fn room_lane_empty(bridge: &Running, conversation: bridge::ConversationId) -> bool {
    let pending = bridge.engine.store().outbox_entries().unwrap();
    pending.iter().all(|e| e.action.lane() != bridge::outbox::Lane::Room(conversation))
}
