//! Retention against a real Synapse: a shredded conversation's room keeps nothing the bot
//! posted, and neither the bot nor the staff stay in it.

use std::sync::Arc;
use std::time::Duration;

use hopenow_tests::fake_telegram::{FakeTelegram, FakeUser};
use hopenow_tests::matrix_bridge::{Homeserver, Installation, OffsetClock, PASSWORD, Running};
use hopenow_tests::matrix_store;
use hopenow_tests::synapse::Synapse;
use hopenow_tests::telegram_bridge::wait_until;
use matrix_sdk::ruma::OwnedRoomId;
use serde_json::{Value, json};

const LIMIT: Duration = Duration::from_secs(60);

/// An admin's access token (the admin API reads a room as the server holds it).
pub(crate) fn admin_token(synapse: &Synapse) -> String {
    synapse.register("auditor", PASSWORD, true).unwrap();
    let login = json!({"type": "m.login.password", "identifier": {"type": "m.id.user", "user": "auditor"}, "password": PASSWORD});
    let (status, body) = synapse.api("POST", "/_matrix/client/v3/login", None, Some(&login)).unwrap();
    assert_eq!(status, 200, "{body}");
    body["access_token"].as_str().unwrap().to_owned()
}

pub(crate) fn encoded(room: &OwnedRoomId) -> String {
    room.as_str().replace('!', "%21").replace(':', "%3A")
}

/// Every event of the room, newest first, as the server serves them.
pub(crate) fn events(synapse: &Synapse, token: &str, room: &OwnedRoomId) -> Vec<Value> {
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

pub(crate) fn has_content(event: &Value) -> bool {
    event["content"].as_object().is_some_and(|c| !c.is_empty())
}

/// The room's current state events, as the server holds them.
fn state(synapse: &Synapse, token: &str, room: &OwnedRoomId) -> Vec<Value> {
    let path = format!("/_synapse/admin/v1/rooms/{}/state", encoded(room));
    let (status, body) = synapse.api("GET", &path, Some(token), None).unwrap();
    assert_eq!(status, 200, "{body}");
    body["state"].as_array().cloned().unwrap_or_default()
}

/// A conversation closed with two relayed messages in its room, ready for retention.
struct Closed {
    homeserver: Homeserver,
    installation: Installation,
    fake: FakeTelegram,
    clock: OffsetClock,
    bridge: Running,
    maria: FakeUser,
    room: OwnedRoomId,
    conversation: bridge::ConversationId,
    token: String,
    /// The bot's encrypted events in the room.
    posted: Vec<String>,
}

async fn closed_conversation() -> Closed {
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
    Closed { homeserver, installation, fake, clock, bridge, maria, room, conversation, token, posted }
}

impl Closed {
    /// Thirty-one days later: retention shreds the conversation and the bot forgets the room.
    async fn shred(&self) {
        self.clock.advance_days(31);
        let engine = Arc::clone(&self.bridge.engine);
        let report = tokio::task::spawn_blocking(move || engine.enforce_retention()).await.unwrap().unwrap();
        assert_eq!(report.shredded.len(), 1);
        self.bridge.outbox.ring();
        let (synapse, bot) = (&self.homeserver.synapse, self.homeserver.bot.to_string());
        wait_until("the bot left the room", LIMIT, || !members(synapse, &self.token, &self.room).contains(&bot)).await;
        wait_until("the mapping is gone", LIMIT, || self.bridge.matrix.rooms.room_of(self.conversation).is_none())
            .await;
    }
}

/// Retention shreds a conversation: the bot redacts what it posted (the in-room marker too),
/// removes the staff, and leaves; the marker never carried the conversation id the logs carry.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_shredded_conversations_room_is_redacted_and_left() {
    let closed = closed_conversation().await;
    let Closed { homeserver, fake, bridge, maria, room, conversation, token, posted, .. } = &closed;
    // Room state is not end-to-end encrypted: the marker must not carry the id the logs carry.
    let marker = state(&homeserver.synapse, token, room)
        .into_iter()
        .find(|e| e["type"] == bot::matrix::rooms::MARKER)
        .expect("the room carries the bridge's marker");
    assert!(!marker.to_string().contains(&conversation.to_string()), "no conversation id in room state: {marker}");

    closed.shred().await;
    let bot = homeserver.bot.to_string();
    let after = events(&homeserver.synapse, token, room);
    for id in posted {
        let event = after.iter().find(|e| e["event_id"] == id.as_str()).unwrap();
        assert!(!has_content(event), "redacted: {event}");
        assert!(!event["unsigned"]["redacted_because"].is_null(), "{event}");
    }
    let left_with_content: Vec<&Value> = after
        .iter()
        .filter(|e| e["sender"] == bot.as_str() && has_content(e))
        .filter(|e| {
            ["m.room.message", "m.room.encrypted", "m.room.name", "m.room.topic", bot::matrix::rooms::MARKER]
                .contains(&e["type"].as_str().unwrap_or(""))
        })
        .collect();
    assert!(left_with_content.is_empty(), "nothing of the bot's keeps content: {left_with_content:?}");
    let still_there = members(&homeserver.synapse, token, room);
    assert!(still_there.is_empty(), "staff were removed too: {still_there:?}");
    assert!(room_lane_empty(bridge, *conversation), "the forget-room action was performed and acknowledged");

    // The visitor who writes again starts afresh, in a new room.
    fake.push_text(maria, "hello again");
    wait_until("a new room", LIMIT, || bridge.room_of(maria).is_some()).await;
    assert_ne!(bridge.room_of(maria).unwrap(), *room);
    closed.bridge.stop().await;
}

/// After the shred and the next maintenance, and once the bot has stopped, no file of its
/// matrix-sdk store holds the room: neither in the hashed forms the store files it under nor in
/// plain (room and event ids), nor any byte of its Megolm sessions (their rows in the crypto
/// store: hashed ids and encrypted keys), and a restarted client does not know it. The duty
/// room's sessions and another live conversation's stay, and still decrypt.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_forgotten_room_is_wiped_from_the_bots_matrix_store() {
    let closed = closed_conversation().await;
    let (room, posted) = (closed.room.clone(), closed.posted.clone());
    let bot = closed.homeserver.bot.to_string();
    let duty = &closed.homeserver.duty_room.clone();
    let grace = &closed.homeserver.grace;
    let megolm_sessions: Vec<String> = events(&closed.homeserver.synapse, &closed.token, &room)
        .iter()
        .filter_map(|e| e["content"]["session_id"].as_str().map(str::to_owned))
        .collect();
    assert!(!megolm_sessions.is_empty());

    // Another conversation stays open, and grace has written in it (her Megolm session there).
    let nora = FakeUser::new(626_262, "Nora", None, Some("en"));
    closed.fake.push_text(&nora, "CANARY-retention nora");
    wait_until("nora's room", LIMIT, || closed.bridge.room_of(&nora).is_some()).await;
    let live = closed.bridge.room_of(&nora).unwrap();
    wait_until("grace reads nora", LIMIT, || {
        grace.received().iter().any(|r| r.room == live && r.body.contains("CANARY-retention nora"))
    })
    .await;
    grace.say(&live, "before the wipe").await;
    wait_until("nora reads grace", LIMIT, || crate::matrix::visitor_got(&closed.fake, &nora, "before the wipe")).await;

    // What the bot's store holds of the room now, in the forms it files it under.
    let key = *closed.bridge.engine.store().matrix_store_key().as_bytes();
    let store_dir = closed.installation.dir.path().join("matrix");
    let room_hashes: Vec<(&str, String, [u8; 32])> = matrix_store::ROOM_TABLES
        .iter()
        .flat_map(|(database, tables)| {
            matrix_store::hashed(&store_dir, database, tables, &key, room.as_str().as_bytes())
                .into_iter()
                .map(move |(table, hash)| (*database, table, hash))
        })
        .collect();
    let held = |files: &[(std::path::PathBuf, Vec<u8>)], database: &str| {
        room_hashes
            .iter()
            .filter(|(db, _, hash)| *db == database && !matrix_store::holding(files, hash).is_empty())
            .map(|(_, table, _)| table.clone())
            .collect::<Vec<_>>()
    };
    let before = matrix_store::files(&store_dir);
    assert!(
        !held(&before, matrix_store::STATE).is_empty(),
        "the state store files the room (else this proves nothing)"
    );
    // The room's Megolm sessions as stored: the bot's own and grace's.
    let sessions = matrix_store::inbound_sessions(&store_dir, &key, room.as_str());
    assert!(sessions.len() >= 2, "the bot's and grace's sessions of the room: {}", sessions.len());
    let kept = |room: &OwnedRoomId| {
        let mut ids: Vec<Vec<u8>> =
            matrix_store::inbound_sessions(&store_dir, &key, room.as_str()).into_iter().map(|(id, _)| id).collect();
        ids.sort();
        ids
    };
    let (live_before, duty_before) = (kept(&live), kept(duty));
    assert!(!live_before.is_empty() && !duty_before.is_empty());

    closed.shred().await;
    let matrix = &closed.bridge.matrix;
    assert!(bot::matrix::maintain::run(matrix).await.unwrap(), "a forgotten room makes maintenance wipe");
    // The homeserver sends the bot's own leave with the next sync, which files the room as
    // "left" again: the maintenance after that sync forgets it again. The bot's answer to a
    // later `!who` shows it has synced past its leave.
    let answers = || grace.received().iter().filter(|r| &r.room == duty && r.sender.as_str() == bot).count();
    let before = answers();
    grace.say(duty, "!who").await;
    wait_until("the bot answers, synced past its leave", LIMIT, || answers() > before).await;
    bot::matrix::maintain::run(matrix).await.unwrap();
    assert!(matrix.client.get_room(&room).is_none(), "forgotten by the client too, not only left");
    assert!(!bot::matrix::maintain::run(matrix).await.unwrap(), "nothing left to wipe");
    let Closed { homeserver, installation, fake, clock, bridge, .. } = closed;
    bridge.stop().await;

    let after = matrix_store::files(&store_dir);
    for database in [matrix_store::STATE, matrix_store::EVENT_CACHE, matrix_store::MEDIA, matrix_store::CRYPTO] {
        assert_eq!(held(&after, database), Vec::<String>::new(), "{database} keeps nothing of the room");
    }
    for needle in
        posted.iter().map(String::as_str).chain([room.as_str()]).chain(megolm_sessions.iter().map(String::as_str))
    {
        assert!(matrix_store::holding(&after, needle.as_bytes()).is_empty(), "{needle} is in no file of the store");
    }
    for (i, (session_id, pickle)) in sessions.iter().enumerate() {
        assert!(matrix_store::holding(&after, session_id).is_empty(), "session {i}: its hashed id is in no file");
        let middle = &pickle[pickle.len() / 2 - 16..pickle.len() / 2 + 16];
        assert!(matrix_store::holding(&after, middle).is_empty(), "session {i}: its encrypted key is in no file");
    }
    let (live_after, duty_after) = (kept(&live), kept(duty));
    assert!(live_before.iter().all(|id| live_after.contains(id)), "the live conversation's sessions stay");
    assert!(duty_before.iter().all(|id| duty_after.contains(id)), "the duty room's sessions stay");

    let bridge = installation.start_with_clock(&homeserver, &fake, Arc::new(clock.clone())).await;
    assert!(bridge.matrix.client.get_room(&room).is_none(), "a restarted client does not know the room");
    // Grace's sessions there are the ones kept: the bot still decrypts both rooms.
    homeserver.grace.say(&live, "after the wipe").await;
    wait_until("nora reads grace after the wipe", LIMIT, || crate::matrix::visitor_got(&fake, &nora, "after the wipe"))
        .await;
    let answers = || homeserver.grace.received().iter().filter(|r| &r.room == duty && r.sender.as_str() == bot).count();
    let before = answers();
    homeserver.grace.say(duty, "!who").await;
    wait_until("the bot answers in the duty room", LIMIT, || answers() > before).await;
    bridge.stop().await;
}

/// Nothing waits in the outbox for the conversation's room.
fn room_lane_empty(bridge: &Running, conversation: bridge::ConversationId) -> bool {
    let pending = bridge.engine.store().outbox_entries().unwrap();
    pending.iter().all(|e| e.action.lane() != bridge::outbox::Lane::Room(conversation))
}
