//! The lifecycle of the bot's Matrix rooms against a real Synapse: which rooms it adopts, and what
//! it redacts in a visitor's direct chat (`!hide` that meets an outage, `!forget` long after).

use std::sync::Arc;
use std::time::Duration;

use bridge::PlatformAddress;
use bridge::engine::Event;
use bridge::outbox::Action;
use bridge::visitor_command::VisitorCommand;
use hopenow_tests::fake_telegram::{FakeTelegram, FakeUser};
use hopenow_tests::matrix_bridge::{Homeserver, Installation, OffsetClock, PASSWORD, Running};
use hopenow_tests::staff_client::StaffClient;
use hopenow_tests::telegram_bridge::wait_until;
use matrix_sdk::deserialized_responses::RawAnySyncOrStrippedState;
use matrix_sdk::ruma::OwnedRoomId;
use matrix_sdk::ruma::api::client::room::create_room;
use matrix_sdk::ruma::events::InitialStateEvent;
use matrix_sdk::ruma::events::room::encryption::RoomEncryptionEventContent;
use matrix_sdk::ruma::serde::Raw;

use bot::matrix::rooms::MARKER;

use crate::matrix::{LIMIT, grace_on_duty};
use crate::retention::{admin_token, encoded, events, has_content};

fn got_in(client: &StaffClient, room: &OwnedRoomId, text: &str) -> bool {
    client.received().iter().any(|r| &r.room == room && r.body.replace(['\u{2068}', '\u{2069}'], "").contains(text))
}

/// Nothing is waiting in the outbox for a visitor on Matrix.
fn matrix_visitor_lanes_empty(bridge: &Running) -> bool {
    let pending = bridge.engine.store().outbox_entries().unwrap();
    pending.iter().all(|e| !matches!(e.action.visitor_address(), Some(PlatformAddress::Matrix { .. })))
}

/// The bot's events in a room that still have content, as the server holds them.
fn bots_events_with_content(homeserver: &Homeserver, token: &str, room: &OwnedRoomId) -> Vec<String> {
    events(&homeserver.synapse, token, room)
        .iter()
        .filter(|e| e["sender"] == homeserver.bot.as_str() && e["type"] == "m.room.encrypted" && has_content(e))
        .filter_map(|e| e["event_id"].as_str().map(str::to_owned))
        .collect()
}

/// Which of `ids` still have content on the server.
fn unredacted(homeserver: &Homeserver, token: &str, room: &OwnedRoomId, ids: &[String]) -> Vec<String> {
    let now = events(&homeserver.synapse, token, room);
    ids.iter().filter(|id| now.iter().any(|e| e["event_id"] == id.as_str() && has_content(e))).cloned().collect()
}

/// A person on Matrix opens a direct chat with the bot, writes, and has the greeting.
/// The visitor types `!hide`; returns once the bot's `greeting` is redacted and the clearing
/// has left the outbox.
async fn hide_and_wait(
    homeserver: &Homeserver,
    bridge: &Running,
    victor: &StaffClient,
    token: &str,
    chat: &OwnedRoomId,
    greeting: &[String],
) {
    victor.say(chat, "!hide").await;
    wait_until("the hide redacted the greeting", Duration::from_secs(90), || {
        tokio::task::block_in_place(|| unredacted(homeserver, token, chat, greeting).is_empty())
    })
    .await;
    wait_until("the hide is done", LIMIT, || {
        let pending = bridge.engine.store().outbox_entries().unwrap();
        pending.iter().all(|e| !matches!(e.action, Action::HideChat { .. }))
    })
    .await;
}

/// A sticker pointing at no file: a kind the bridge does not relay.
fn sticker() -> serde_json::Value {
    serde_json::json!({ "body": "a cat", "url": "mxc://localhost/nothing", "info": {} })
}

async fn matrix_visitor(homeserver: &Homeserver, bridge: &Running) -> (StaffClient, OwnedRoomId) {
    let victor = StaffClient::login(&homeserver.synapse.url(), "victor", PASSWORD).await;
    let chat = victor.create_direct_chat(&homeserver.bot).await;
    victor.wait_for_member(&chat, &homeserver.bot).await;
    victor.say(&chat, "hello from Matrix").await;
    wait_until("the greeting", LIMIT, || got_in(&victor, &chat, "!language en")).await;
    wait_until("everything for the visitor delivered", LIMIT, || matrix_visitor_lanes_empty(bridge)).await;
    (victor, chat)
}

/// Someone else makes a room with a copy of a conversation's marker (in every form the bridge
/// ever wrote it) and invites the bot as a direct chat. When the conversation's room is lost,
/// the bridge makes a new one; it never adopts the stranger's, who reads nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_room_someone_else_made_with_a_copied_marker_is_never_adopted() {
    let (homeserver, _installation, fake, bridge) = grace_on_duty().await;
    let grace = &homeserver.grace;
    let maria = FakeUser::new(737_373, "Maria", None, Some("en"));
    fake.push_text(&maria, "first words");
    wait_until("relayed", LIMIT, || bridge.room_of(&maria).is_some_and(|room| got_in(grace, &room, "first words")))
        .await;
    let room = bridge.room_of(&maria).unwrap();
    let conversation = bridge.conversation_of(&maria).unwrap();
    let store = bridge.engine.store();

    // A crash between making a room and remembering it: the room is found again by its marker.
    bridge.matrix.rooms.forget(store, conversation).unwrap();
    let found = bridge.matrix.rooms.ensure(&bridge.matrix.client, store, conversation, "n", "t").await.unwrap();
    assert_eq!(found, room, "the bot's own room is found by its marker");

    // A room of an earlier version, whose marker held the conversation id itself: at start the
    // marker is replaced by the tag and the old one redacted.
    let token = admin_token(&homeserver.synapse);
    let old = serde_json::json!({ "conversation": conversation.to_string() });
    let own_room = bridge.matrix.client.get_room(&room).unwrap();
    let old_marker = own_room.send_state_event_raw(MARKER, "", old).await.unwrap().event_id;
    for _ in 0..100 {
        let json = match own_room.get_state_event(MARKER.into(), "").await.unwrap() {
            Some(RawAnySyncOrStrippedState::Sync(raw)) => raw.json().get().to_owned(),
            _ => String::new(),
        };
        if json.contains(old_marker.as_str()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bridge.matrix.rooms.retag(&bridge.matrix.client, store).await;
    let state = tokio::task::block_in_place(|| {
        let path = format!("/_synapse/admin/v1/rooms/{}/state", encoded(&room));
        homeserver.synapse.api("GET", &path, Some(&token), None).unwrap().1
    });
    let marker = state["state"].as_array().unwrap().iter().find(|e| e["type"] == MARKER).unwrap().clone();
    assert!(
        !marker.to_string().contains(&conversation.to_string()) && marker["content"]["tag"].is_string(),
        "{marker}"
    );
    let history = tokio::task::block_in_place(|| events(&homeserver.synapse, &token, &room));
    let old_event = history.iter().find(|e| e["event_id"] == old_marker.as_str()).unwrap();
    assert!(!has_content(old_event), "the old marker is redacted: {old_event}");

    let mallory = StaffClient::login(&homeserver.synapse.url(), "mallory", PASSWORD).await;
    let tag = bot::matrix::rooms::marker_tag(store, conversation);
    let forged = serde_json::json!({
        "type": MARKER,
        "state_key": "",
        "content": { "conversation": conversation.to_string(), "tag": tag },
    });
    let mut request = create_room::v3::Request::new();
    request.invite = vec![homeserver.bot.clone()];
    request.is_direct = true;
    request.preset = Some(create_room::v3::RoomPreset::TrustedPrivateChat);
    request.initial_state = vec![
        InitialStateEvent::with_empty_state_key(RoomEncryptionEventContent::with_recommended_defaults()).to_raw_any(),
        Raw::new(&forged).unwrap().cast_unchecked(),
    ];
    let trap = mallory.client.create_room(request).await.unwrap().room_id().to_owned();
    wait_until("the bot joins the stranger's 'direct chat'", LIMIT, || {
        bridge.matrix.client.get_room(&trap).is_some_and(|r| r.state() == matrix_sdk::RoomState::Joined)
    })
    .await;

    // The conversation's room goes (a homeserver admin deletes it; not purged at once, so the
    // bot's next sync surely tells it that it was removed).
    tokio::task::block_in_place(|| {
        let path = format!("/_synapse/admin/v1/rooms/{}", encoded(&room));
        let (status, body) = homeserver
            .synapse
            .api("DELETE", &path, Some(&token), Some(&serde_json::json!({ "purge": false })))
            .unwrap();
        assert_eq!(status, 200, "deleting the room: {body}");
    });
    fake.push_text(&maria, "after the room was deleted");
    wait_until("another room for the conversation", LIMIT, || bridge.room_of(&maria).is_some_and(|r| r != room)).await;
    let replacement = bridge.room_of(&maria).unwrap();
    assert_ne!(replacement, trap, "the stranger's room was adopted");
    wait_until("grace reads it in the new room", LIMIT, || got_in(grace, &replacement, "after the room was deleted"))
        .await;
    assert!(!got_in(&mallory, &trap, "after the room was deleted"), "the stranger read the visitor");
    bridge.stop().await;
}

/// `!hide` while the homeserver is away: the redactions fail, the messages stay in the chat log
/// and the hide is tried again until every message of the bot is redacted.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_redaction_that_fails_is_retried_until_done() {
    let mut homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let bridge = installation.start(&homeserver, &fake).await;
    let (victor, chat) = matrix_visitor(&homeserver, &bridge).await;
    let token = admin_token(&homeserver.synapse);
    let written = bots_events_with_content(&homeserver, &token, &chat);
    assert!(!written.is_empty(), "the bot wrote in the chat");

    tokio::task::block_in_place(|| homeserver.synapse.stop()).unwrap();
    // The visitor's `!hide` (as the sync loop would hand it over) meets the outage.
    let from = PlatformAddress::Matrix { user_id: victor.user_id().to_string(), room_id: Some(chat.to_string()) };
    let hide = Event::VisitorCommand {
        from,
        command: VisitorCommand::Hide,
        reference: None,
        language_hint: None,
        dedupe: None,
    };
    bridge.engine.handle(hide).unwrap();
    bridge.engine.flush().unwrap();
    bridge.outbox.ring();
    wait_until("the hide was tried", LIMIT, || {
        let pending = bridge.engine.store().outbox_entries().unwrap();
        match pending.iter().find(|e| matches!(e.action, Action::HideChat { .. })) {
            Some(entry) => entry.attempts >= 1,
            // Settled as done although nothing could be redacted.
            None => true,
        }
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    tokio::task::block_in_place(|| homeserver.synapse.restart()).unwrap();

    wait_until("every message of the bot is redacted", Duration::from_secs(120), || {
        tokio::task::block_in_place(|| unredacted(&homeserver, &token, &chat, &written).is_empty())
    })
    .await;
    bridge.stop().await;
}

/// A visitor on Matrix types `!forget` days after the greeting (out of the 48 hours `!hide`
/// reaches): everything the bot wrote in their chat is redacted all the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forget_redacts_everything_the_bot_wrote_in_a_matrix_visitors_chat() {
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let clock = OffsetClock::default();
    let bridge = installation.start_with_clock(&homeserver, &fake, Arc::new(clock.clone())).await;
    let (victor, chat) = matrix_visitor(&homeserver, &bridge).await;
    let token = admin_token(&homeserver.synapse);
    let written = bots_events_with_content(&homeserver, &token, &chat);
    assert!(!written.is_empty(), "the bot wrote in the chat");

    clock.advance_days(3);
    let engine = Arc::clone(&bridge.engine);
    tokio::task::spawn_blocking(move || engine.maintain()).await.unwrap().unwrap();
    victor.say(&chat, "!forget").await;
    wait_until("asked to confirm", LIMIT, || got_in(&victor, &chat, "!forget yes")).await;
    victor.say(&chat, "!forget yes").await;
    wait_until("everything the bot wrote before is redacted", Duration::from_secs(90), || {
        tokio::task::block_in_place(|| unredacted(&homeserver, &token, &chat, &written).is_empty())
    })
    .await;
    let members = bridge.matrix.client.get_room(&chat).map(|r| r.state());
    assert_eq!(members, Some(matrix_sdk::RoomState::Joined), "the bot stays: no 'left the room' line");
    bridge.stop().await;
}

/// A visitor on Matrix sends what the bridge does not relay (a sticker, a poll, a notice, a
/// reaction): each is logged in their chat all the same, so `!hide` redacts it with the rest.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hide_redacts_what_a_matrix_visitor_sent_that_is_not_relayed() {
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let bridge = installation.start(&homeserver, &fake).await;
    let (victor, chat) = matrix_visitor(&homeserver, &bridge).await;
    let token = admin_token(&homeserver.synapse);
    let greeting = bots_events_with_content(&homeserver, &token, &chat)[0].clone();
    let room = victor.client.get_room(&chat).unwrap();
    let poll = serde_json::json!({
        "org.matrix.msc3381.poll.start": {
            "question": { "org.matrix.msc1767.text": "Which way?" },
            "kind": "org.matrix.msc3381.poll.disclosed",
            "max_selections": 1,
            "answers": [
                { "id": "a", "org.matrix.msc1767.text": "left" },
                { "id": "b", "org.matrix.msc1767.text": "right" },
            ],
        },
        "org.matrix.msc1767.text": "Which way?\n1. left\n2. right",
    });
    let reaction = serde_json::json!({
        "m.relates_to": { "rel_type": "m.annotation", "event_id": greeting, "key": "👍" },
    });
    let mut skipped = Vec::new();
    for (kind, content) in [("m.sticker", sticker()), ("org.matrix.msc3381.poll.start", poll), ("m.reaction", reaction)]
    {
        skipped.push(room.send_raw(kind, content).await.unwrap().response.event_id.to_string());
    }
    let notice = matrix_sdk::ruma::events::room::message::RoomMessageEventContent::notice_plain("a notice");
    skipped.push(room.send(notice).await.unwrap().response.event_id.to_string());
    assert!(tokio::task::block_in_place(|| unredacted(&homeserver, &token, &chat, &skipped)).len() == skipped.len());

    hide_and_wait(&homeserver, &bridge, &victor, &token, &chat, &[greeting]).await;
    let left = tokio::task::block_in_place(|| unredacted(&homeserver, &token, &chat, &skipped));
    assert!(left.is_empty(), "{} of the {} skipped events keep their content", left.len(), skipped.len());
    bridge.stop().await;
}

/// A visitor's sticker lost to a crash before its commit (matrix-sdk had stored its sync
/// position past it) is read back at the next start like a message, logged, and redacted by
/// `!hide`.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_skipped_kind_lost_to_a_crash_before_its_commit_is_still_redacted_by_hide() {
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let bridge = installation.start(&homeserver, &fake).await;
    let (victor, chat) = matrix_visitor(&homeserver, &bridge).await;
    let token = admin_token(&homeserver.synapse);
    let greeting = vec![bots_events_with_content(&homeserver, &token, &chat)[0].clone()];

    bridge.matrix.faults.lose_before_commit.store(true, std::sync::atomic::Ordering::SeqCst);
    let room = victor.client.get_room(&chat).unwrap();
    let skipped = vec![room.send_raw("m.sticker", sticker()).await.unwrap().response.event_id.to_string()];
    // Time for the bot's sync to pass it (and the fault to drop it).
    tokio::time::sleep(Duration::from_secs(3)).await;
    bridge.stop().await;

    let bridge = installation.start(&homeserver, &fake).await;
    hide_and_wait(&homeserver, &bridge, &victor, &token, &chat, &greeting).await;
    let left = tokio::task::block_in_place(|| unredacted(&homeserver, &token, &chat, &skipped));
    assert!(left.is_empty(), "the sticker lost to the crash keeps its content");
    bridge.stop().await;
}
