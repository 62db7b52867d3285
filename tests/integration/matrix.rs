//! The Matrix staff inbox against a real Synapse, with staff played by matrix-sdk clients with
//! encryption, and visitors on the fake Telegram Bot API.

use std::time::Duration;

use hopenow_tests::engine::team;
use hopenow_tests::fake_telegram::{FakeTelegram, FakeUser};
use hopenow_tests::matrix_bridge::{Homeserver, Installation, PASSWORD, Running};
use hopenow_tests::staff_client::StaffClient;
use hopenow_tests::telegram_bridge::wait_until;
use matrix_sdk::ruma::OwnedRoomId;

pub(crate) const LIMIT: Duration = Duration::from_secs(60);

pub(crate) fn bidi_free(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

pub(crate) fn visitor_got(fake: &FakeTelegram, user: &FakeUser, text: &str) -> bool {
    fake.sent_by("sendMessage")
        .iter()
        .any(|s| s.chat_id == Some(user.id) && s.text.as_deref().map(bidi_free).is_some_and(|t| t.contains(text)))
}

/// Grace says `!duty on` in the duty room and the engine has her on duty.
/// Where most Matrix tests start: a homeserver, a fake Telegram, the bridge, grace on duty. The
/// installation is returned too: it holds the data dir.
pub(crate) async fn grace_on_duty() -> (Homeserver, Installation, FakeTelegram, Running) {
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let bridge = installation.start(&homeserver, &fake).await;
    on_duty(&homeserver, &bridge).await;
    (homeserver, installation, fake, bridge)
}

pub(crate) async fn on_duty(homeserver: &Homeserver, bridge: &Running) {
    homeserver.grace.say(&homeserver.duty_room, "!duty on").await;
    wait_until("grace is on duty", LIMIT, || {
        bridge.engine.routing().unwrap().on_duty().any(|(id, _)| id.to_string() == "grace")
    })
    .await;
}

pub(crate) fn got_in(staff: &StaffClient, room: &OwnedRoomId, text: &str) -> bool {
    staff.received().iter().any(|r| &r.room == room && bidi_free(&r.body).contains(text))
}

/// The visitor's first message, pushed and waited for in the staffer's client: its room.
pub(crate) async fn first_relayed(
    bridge: &Running,
    staff: &StaffClient,
    fake: &FakeTelegram,
    visitor: &FakeUser,
    text: &str,
) -> OwnedRoomId {
    fake.push_text(visitor, text);
    wait_until("relayed", LIMIT, || bridge.room_of(visitor).is_some_and(|room| got_in(staff, &room, text))).await;
    bridge.room_of(visitor).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_telegram_visitor_reaches_the_staffer_on_duty_encrypted_and_the_answer_comes_back() {
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let bridge = installation.start(&homeserver, &fake).await;
    let grace = &homeserver.grace;

    on_duty(&homeserver, &bridge).await;

    let maria = FakeUser::new(424_242, "Maria", Some("maria_k"), Some("en"));
    fake.push_text(&maria, "I need help, CANARY-words");
    wait_until("a room for the conversation", LIMIT, || bridge.room_of(&maria).is_some()).await;
    let room = bridge.room_of(&maria).unwrap();
    wait_until("grace decrypts the visitor's message", LIMIT, || got_in(grace, &room, "I need help, CANARY-words"))
        .await;
    let relayed = grace.received().into_iter().find(|r| r.room == room && r.body.contains("CANARY")).unwrap();
    assert!(relayed.encrypted, "it arrived end-to-end encrypted");
    assert_eq!(relayed.sender, homeserver.bot, "from the bot, under the pseudonym");
    let conversation_room = grace.client.get_room(&room).unwrap();
    assert!(conversation_room.encryption_state().is_encrypted());
    let name = conversation_room.name().unwrap_or_default();
    assert!(name.ends_with(" · English (en) · telegram"), "{name}");

    // The duty room hears that there is a conversation, never what was said.
    let duty: Vec<String> =
        grace.received().into_iter().filter(|r| r.room == homeserver.duty_room).map(|r| r.body).collect();
    assert!(duty.iter().any(|n| n.contains("→ grace")), "{duty:?}");
    assert!(duty.iter().all(|n| !n.contains("CANARY") && !n.contains("maria") && !n.contains("424242")));

    grace.say(&room, "We are here. Are you safe?").await;
    wait_until("the visitor gets the answer", LIMIT, || {
        visitor_got(&fake, &maria, "grace, HopeNow:\nWe are here. Are you safe?")
    })
    .await;
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn duty_commands_of_staff_change_routing_and_a_strangers_do_nothing() {
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let bridge = installation.start(&homeserver, &fake).await;
    let mallory = StaffClient::login(&homeserver.synapse.url(), "mallory", PASSWORD).await;
    homeserver
        .grace
        .client
        .get_room(&homeserver.duty_room)
        .unwrap()
        .invite_user_by_id(&mallory.user_id())
        .await
        .unwrap();
    wait_until("mallory joins the duty room", LIMIT, || mallory.client.get_room(&homeserver.duty_room).is_some()).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    mallory.say(&homeserver.duty_room, "!duty on").await;
    homeserver.ana.say(&homeserver.duty_room, "!duty on").await;
    wait_until("ana is on duty", LIMIT, || {
        bridge.engine.routing().unwrap().on_duty().any(|(id, _)| id.to_string() == "ana")
    })
    .await;
    let on_duty: Vec<String> = bridge.engine.routing().unwrap().on_duty().map(|(id, _)| id.to_string()).collect();
    assert_eq!(on_duty, ["ana"], "only the roster's staff can command");
    homeserver.ana.say(&homeserver.duty_room, "!who").await;
    wait_until("the bot answers !who", LIMIT, || {
        got_in(&homeserver.ana, &homeserver.duty_room, "ana")
            && homeserver.ana.received().iter().any(|r| r.sender == homeserver.bot && r.body.contains("ana"))
    })
    .await;
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_transfer_invites_the_next_staffer_who_reads_the_summary_and_plain_messages_are_refused() {
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let bridge = installation.start(&homeserver, &fake).await;
    let (grace, ana) = (&homeserver.grace, &homeserver.ana);
    grace.say(&homeserver.duty_room, "!duty on").await;
    ana.say(&homeserver.duty_room, "!duty on").await;
    wait_until("both on duty", LIMIT, || bridge.engine.routing().unwrap().on_duty().count() == 2).await;

    let visitor = FakeUser::new(515_151, "V", None, Some("en"));
    fake.push_text(&visitor, "hello there");
    wait_until("a room", LIMIT, || bridge.room_of(&visitor).is_some()).await;
    let room = bridge.room_of(&visitor).unwrap();
    let assigned = bridge.engine.store().conversation(bridge.conversation_of(&visitor).unwrap()).unwrap().unwrap();
    let (from, to) = if assigned.assignee().map(|s| s.to_string()).as_deref() == Some("grace") {
        (grace, ana)
    } else {
        (ana, grace)
    };
    let target = if std::ptr::eq(to, ana) { "ana" } else { "grace" };
    wait_until("the assignee reads it", LIMIT, || got_in(from, &room, "hello there")).await;
    from.say(&room, &format!("!transfer {target}")).await;
    wait_until("the new staffer reads the bot's summary", LIMIT, || got_in(to, &room, "Summary:")).await;

    // A message sent without encryption into a conversation room is not relayed.
    let token = to.client.access_token().unwrap();
    let path = format!("/_matrix/client/v3/rooms/{room}/send/m.room.message/plain-1");
    let body = serde_json::json!({ "msgtype": "m.text", "body": "CANARY-unencrypted" });
    let (status, _) = homeserver.synapse.api("PUT", &path, Some(&token), Some(&body)).unwrap();
    assert_eq!(status, 200);
    wait_until("the bot refuses it", LIMIT, || got_in(to, &room, "Not relayed: this message was sent unencrypted"))
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!visitor_got(&fake, &visitor, "CANARY-unencrypted"));
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_restart_keeps_the_device_and_the_room_and_loses_or_doubles_nothing() {
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let grace = &homeserver.grace;
    let bridge = installation.start(&homeserver, &fake).await;
    let device = bridge.matrix.client.device_id().unwrap().to_owned();
    on_duty(&homeserver, &bridge).await;
    let visitor = FakeUser::new(616_161, "V", None, Some("en"));
    let room = first_relayed(&bridge, grace, &fake, &visitor, "before the restart").await;
    bridge.stop().await;

    let bridge = installation.start(&homeserver, &fake).await;
    assert_eq!(bridge.matrix.client.device_id().unwrap(), device, "the same device, not a new one");
    fake.push_text(&visitor, "after the restart");
    wait_until("relayed after the restart", LIMIT, || got_in(grace, &room, "after the restart")).await;
    assert_eq!(bridge.room_of(&visitor), Some(room.clone()), "the same room");
    grace.say(&room, "still here").await;
    wait_until("the answer", LIMIT, || visitor_got(&fake, &visitor, "still here")).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let count = |text: &str| grace.received().iter().filter(|r| r.room == room && r.body.contains(text)).count();
    assert_eq!((count("before the restart"), count("after the restart")), (1, 1), "nothing doubled");
    let devices = bridge.matrix.client.encryption().get_user_devices(&homeserver.bot).await.unwrap();
    assert_eq!(devices.devices().count(), 1, "one device for the bot, ever");
    bridge.stop().await;

    // `hopenow check --online` finds the saved session working and the duty room joined, and says
    // that key backup is still off (nobody ran `hopenow matrix setup` here).
    let store = bridge::Store::open(installation.dir.path(), &installation.key).unwrap();
    let findings = bot::matrix::check::online(&installation.matrix_settings(&homeserver), &store, &team()).await;
    let said = |text: &str| findings.iter().find(|(_, f)| f.contains(text)).map(|(ok, _)| *ok);
    assert_eq!(said("the saved session works"), Some(true), "{findings:?}");
    assert_eq!(said("the duty room"), Some(true), "{findings:?}");
    assert_eq!(said("key backup is off"), Some(false), "{findings:?}");
    let devices = homeserver.grace.client.encryption().get_user_devices(&homeserver.bot).await.unwrap();
    assert_eq!(devices.devices().count(), 1, "checking made no new device either");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_staff_message_lost_to_a_crash_before_its_commit_still_reaches_the_visitor_once() {
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let grace = &homeserver.grace;
    let bridge = installation.start(&homeserver, &fake).await;
    on_duty(&homeserver, &bridge).await;
    let visitor = FakeUser::new(717_171, "V", None, Some("en"));
    let room = first_relayed(&bridge, grace, &fake, &visitor, "is anyone there?").await;

    // The bridge receives the staffer's answer and "dies" before committing it: matrix-sdk has
    // already stored its sync position past the message.
    bridge.matrix.faults.lose_before_commit.store(true, std::sync::atomic::Ordering::SeqCst);
    grace.say(&room, "yes, we are here").await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(!visitor_got(&fake, &visitor, "yes, we are here"), "lost with the crash, for now");
    bridge.stop().await;

    let bridge = installation.start(&homeserver, &fake).await;
    wait_until("the answer reaches the visitor after the restart", LIMIT, || {
        visitor_got(&fake, &visitor, "yes, we are here")
    })
    .await;
    // Restart once more: the answer is read back again and recognized, not sent twice.
    bridge.stop().await;
    let bridge = installation.start(&homeserver, &fake).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let times = fake
        .sent_by("sendMessage")
        .iter()
        .filter(|s| s.chat_id == Some(visitor.id) && s.text.as_deref().is_some_and(|t| t.contains("yes, we are here")))
        .count();
    assert_eq!(times, 1, "once");
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn synapse_going_away_and_coming_back_loses_nothing() {
    let mut homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let bridge = installation.start(&homeserver, &fake).await;
    on_duty(&homeserver, &bridge).await;
    let visitor = FakeUser::new(818_181, "V", None, Some("en"));
    let room = first_relayed(&bridge, &homeserver.grace, &fake, &visitor, "message 0").await;

    tokio::task::block_in_place(|| homeserver.synapse.stop()).unwrap();
    for i in 1..=5 {
        fake.push_text(&visitor, &format!("message {i}"));
    }
    // Telegram keeps flowing into the engine while Matrix is away; it waits in the outbox.
    wait_until("applied while Synapse is down", LIMIT, || fake.pending_updates() == 0).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    tokio::task::block_in_place(|| homeserver.synapse.restart()).unwrap();

    wait_until("everything queued arrives", Duration::from_secs(120), || {
        (1..=5).all(|i| got_in(&homeserver.grace, &room, &format!("message {i}")))
    })
    .await;
    homeserver.grace.say(&room, "we are back").await;
    wait_until("and the staff side works again", LIMIT, || visitor_got(&fake, &visitor, "we are back")).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    for i in 0..=5 {
        let text = format!("message {i}");
        let times = homeserver.grace.received().iter().filter(|r| r.room == room && r.body.ends_with(&text)).count();
        assert_eq!(times, 1, "{text} once");
    }
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_matrix_visitor_reaches_staff_under_a_pseudonym_and_gets_the_answer() {
    let (homeserver, _installation, _fake, bridge) = grace_on_duty().await;
    let grace = &homeserver.grace;

    let victor = StaffClient::login(&homeserver.synapse.url(), "victor", PASSWORD).await;
    let chat = victor.create_direct_chat(&homeserver.bot).await;
    victor.wait_for_member(&chat, &homeserver.bot).await;
    victor.say(&chat, "hello from Matrix, CANARY-MX").await;
    wait_until("the greeting, with its choices written out", LIMIT, || {
        got_in(&victor, &chat, "!language en") && got_in(&victor, &chat, "!language ro")
    })
    .await;
    wait_until("staff read the visitor", LIMIT, || {
        grace
            .received()
            .iter()
            .any(|r| r.room != homeserver.duty_room && r.body.ends_with("hello from Matrix, CANARY-MX"))
    })
    .await;
    let room = grace.received().into_iter().find(|r| r.body.ends_with("CANARY-MX")).unwrap().room;
    assert!(room != chat, "staff see a conversation room, not the visitor's chat");
    let name = grace.client.get_room(&room).unwrap().name().unwrap_or_default();
    assert!(name.ends_with(" · English (en) · matrix"), "{name}");
    // The staff side never sees the visitor's Matrix id.
    for seen in grace.received() {
        assert!(!seen.body.contains("victor"), "{}", seen.body);
    }
    let members = grace.client.get_room(&room).unwrap().members(matrix_sdk::RoomMemberships::all()).await.unwrap();
    assert!(members.iter().all(|m| !m.user_id().as_str().contains("victor")));

    grace.say(&room, "Hello, we read you.").await;
    wait_until("the visitor gets the answer", LIMIT, || got_in(&victor, &chat, "grace, HopeNow:\nHello, we read you."))
        .await;
    victor.say(&chat, "!help").await;
    wait_until("help answers", LIMIT, || got_in(&victor, &chat, "112")).await;
    bridge.stop().await;
}

/// A config for the bot on `homeserver`, its data dir and key beside it, one staffer.
fn bot_config(homeserver: &Homeserver) -> String {
    format!(
        "[store]\ndata_dir = \"data\"\n[keys]\nmaster_key_file = \"master.key\"\n[matrix]\nhomeserver = \"{}\"\nuser_id = \"{}\"\npassword = \"{PASSWORD}\"\nduty_room = \"{}\"\n[[staff]]\nid = \"grace\"\nalias = \"grace, HopeNow\"\nmatrix_user = \"@grace:hopenow.test\"\nroles = [\"outreach\"]\n",
        homeserver.synapse.url(),
        homeserver.bot,
        homeserver.duty_room
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn matrix_setup_turns_on_cross_signing_and_key_backup_and_check_online_sees_it() {
    let homeserver = Homeserver::start().await;
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("master.key");
    let config = dir.path().join("hopenow.toml");
    std::fs::write(&config, bot_config(&homeserver)).unwrap();
    let setup = |config: std::path::PathBuf| {
        tokio::task::spawn_blocking(move || bot::commands::matrix_setup::setup(&config).unwrap())
    };
    let keygen = key_file.clone();
    tokio::task::spawn_blocking(move || bot::commands::keygen::run(&keygen).unwrap()).await.unwrap();
    assert_eq!(setup(config.clone()).await.unwrap(), std::process::ExitCode::SUCCESS);
    // Twice is harmless: the same device, and the recovery key is not made again.
    assert_eq!(setup(config.clone()).await.unwrap(), std::process::ExitCode::SUCCESS);

    let key = bridge::keyfile::read(&key_file).unwrap();
    let data = dir.path().join("data");
    let store = bridge::Store::open(&data, &key).unwrap();
    let settings = bot::matrix::MatrixSettings {
        homeserver: homeserver.synapse.url().parse().unwrap(),
        user_id: homeserver.bot.clone(),
        password: None,
        duty_room: homeserver.duty_room.to_string(),
        peer_desk_room: None,
        store_dir: data.join("matrix"),
        device_name: "HopeNow Bridge".into(),
        voices: Default::default(),
        download_limit_bytes: 20 * 1024 * 1024,
        disk: bot::disk::DiskFloor::none(),
        reachability: Default::default(),
    };
    let findings = bot::matrix::check::online(&settings, &store, &team()).await;
    let said = |text: &str| findings.iter().find(|(_, f)| f.contains(text)).map(|(ok, _)| *ok);
    assert_eq!(said("cross-signing is set up"), Some(true), "{findings:?}");
    assert_eq!(said("key backup and recovery are on"), Some(true), "{findings:?}");
    assert_eq!(said("the saved session works"), Some(true), "{findings:?}");
}

/// README says the bridge never logs in by itself: a first `hopenow run` without `hopenow matrix
/// setup` refuses, naming the command, and the homeserver has no device of the bot's afterwards
/// (a device made there would be one without the recovery key the operator must keep).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_first_run_without_matrix_setup_refuses_and_makes_no_device() {
    let homeserver = Homeserver::start().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("hopenow.toml");
    std::fs::write(&config, bot_config(&homeserver)).unwrap();
    let key_file = dir.path().join("master.key");
    tokio::task::spawn_blocking(move || bot::commands::keygen::run(&key_file).unwrap()).await.unwrap();

    let synapse = &homeserver.synapse;
    let devices = |token: &str| {
        let path = format!(
            "/_synapse/admin/v2/users/{}/devices",
            homeserver.bot.as_str().replace('@', "%40").replace(':', "%3A")
        );
        let (status, body) = synapse.api("GET", &path, Some(token), None).unwrap();
        assert_eq!(status, 200, "{body}");
        body["total"].as_u64().unwrap()
    };
    let token = tokio::task::block_in_place(|| synapse.admin_token("admin", PASSWORD).unwrap());
    // Shared-secret registration leaves a device of its own: count from here.
    let before = tokio::task::block_in_place(|| devices(&token));

    let run = config.clone();
    let ran = tokio::time::timeout(
        Duration::from_secs(120),
        tokio::task::spawn_blocking(move || bot::commands::run::run(&run)),
    )
    .await
    .expect("`hopenow run` without a session must refuse at once, not start the bridge")
    .unwrap();
    let message = format!("{:#}", ran.expect_err("a first run without `matrix setup` is refused"));
    assert!(message.contains("hopenow matrix setup"), "{message}");
    assert!(!dir.path().join("data").join("matrix").exists(), "matrix-sdk's store was made: {message}");
    assert_eq!(tokio::task::block_in_place(|| devices(&token)), before, "the refused run logged in");

    // `matrix setup` is the one step that logs in: one device.
    let setup = config.clone();
    let done = tokio::task::spawn_blocking(move || bot::commands::matrix_setup::setup(&setup).unwrap()).await.unwrap();
    assert_eq!(done, std::process::ExitCode::SUCCESS);
    assert_eq!(tokio::task::block_in_place(|| devices(&token)), before + 1);
}

/// A homeserver admin deletes a conversation's room (the bot and staff are removed from it). The
/// next visitor message makes a new room, with the staffer invited before anything is posted and
/// told why; the mapping follows, a restart keeps the new room, and no third room is made.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_vanished_room_is_made_again_once_with_its_staff_and_nothing_is_lost() {
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let grace = &homeserver.grace;
    let bridge = installation.start(&homeserver, &fake).await;
    on_duty(&homeserver, &bridge).await;
    let visitor = FakeUser::new(717_171, "V", None, Some("en"));
    let first = first_relayed(&bridge, grace, &fake, &visitor, "in the first room").await;

    let synapse = &homeserver.synapse;
    tokio::task::block_in_place(|| {
        let token = synapse.admin_token("admin", PASSWORD).unwrap();
        let path = format!("/_synapse/admin/v1/rooms/{}", first.as_str().replace('!', "%21").replace(':', "%3A"));
        let (status, body) = synapse.api("DELETE", &path, Some(&token), Some(&serde_json::json!({}))).unwrap();
        assert_eq!(status, 200, "deleting the room: {body}");
    });

    fake.push_text(&visitor, "after the room was deleted");
    wait_until("a new room with the message", LIMIT, || {
        bridge.room_of(&visitor).is_some_and(|room| room != first && got_in(grace, &room, "after the room was deleted"))
    })
    .await;
    let second = bridge.room_of(&visitor).unwrap();
    assert!(got_in(grace, &second, "was lost, so this one replaces it"), "staff are told why");
    let name = grace.client.get_room(&second).unwrap().name().unwrap_or_default();
    assert!(name.ends_with(" · English (en) · telegram"), "{name}");
    grace.say(&second, "answer from the new room").await;
    wait_until("the answer from the new room", LIMIT, || visitor_got(&fake, &visitor, "answer from the new room"))
        .await;
    bridge.stop().await;

    let bridge = installation.start(&homeserver, &fake).await;
    assert_eq!(bridge.room_of(&visitor), Some(second.clone()), "the new room is remembered");
    fake.push_text(&visitor, "after a restart");
    wait_until("relayed after the restart", LIMIT, || got_in(grace, &second, "after a restart")).await;
    let joined = bridge.matrix.client.joined_rooms();
    let conversation_rooms = joined.iter().filter(|r| r.room_id() != homeserver.duty_room).count();
    assert_eq!(conversation_rooms, 1, "one room for the one conversation");
    let count = |text: &str| grace.received().iter().filter(|r| r.body.ends_with(text)).count();
    assert_eq!((count("after the room was deleted"), count("after a restart")), (1, 1), "nothing doubled");
    bridge.stop().await;
}

/// Synapse limits how fast the bot may post (here 2 events a second after a burst of 3): the
/// bridge meets `M_LIMIT_EXCEEDED`, waits as told, and every message still arrives once, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rate_limited_posts_wait_as_told_and_arrive_once_in_order() {
    let homeserver = Homeserver::start_with_message_limit(Some((2.0, 3))).await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let grace = &homeserver.grace;
    let bridge = installation.start(&homeserver, &fake).await;
    on_duty(&homeserver, &bridge).await;
    let visitor = FakeUser::new(626_262, "V", None, Some("en"));
    let messages: Vec<String> = (1..=15).map(|i| format!("burst message {i:02}")).collect();
    for text in &messages {
        fake.push_text(&visitor, text);
    }
    wait_until("every message reaches staff", Duration::from_secs(120), || {
        bridge.room_of(&visitor).is_some_and(|room| messages.iter().all(|m| got_in(grace, &room, m)))
    })
    .await;
    let room = bridge.room_of(&visitor).unwrap();
    let seen: Vec<String> = grace
        .received()
        .into_iter()
        .filter(|r| r.room == room && r.body.contains("burst message"))
        .map(|r| bidi_free(&r.body).rsplit(": ").next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(seen, messages, "each once, in order");
    let log = std::fs::read_to_string(homeserver.synapse.log_path()).unwrap();
    let limited = log.lines().filter(|l| l.contains("hopenow-bot") && l.contains(" 429 ")).count();
    assert!(limited > 0, "the bot was rate limited at least once (else this test proves nothing)");
    bridge.stop().await;
}

/// A Telegram visitor continues on Matrix: `/code` on Telegram, `!code <words>` in a direct chat
/// with the bot. The conversation room is renamed for the new channel, staff replies reach the
/// Matrix chat, and nothing more reaches the Telegram one.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_telegram_visitor_continues_on_matrix_and_the_room_is_renamed() {
    let (homeserver, _installation, fake, bridge) = grace_on_duty().await;
    let grace = &homeserver.grace;

    let maria = FakeUser::new(434_343, "Maria", None, Some("en"));
    let room = first_relayed(&bridge, grace, &fake, &maria, "hello from Telegram").await;
    fake.push_text(&maria, "/code");
    let phrase_in =
        |text: &str| text.split('\u{2068}').nth(1).and_then(|p| p.split('\u{2069}').next()).map(str::to_owned);
    let mut phrase = None;
    wait_until("the four words", LIMIT, || {
        phrase = fake
            .sent_by("sendMessage")
            .iter()
            .filter(|s| s.chat_id == Some(maria.id))
            .filter_map(|s| s.text.as_deref().and_then(phrase_in))
            .find(|p| p.split(' ').count() == 4);
        phrase.is_some()
    })
    .await;
    let phrase = phrase.unwrap();

    let victor = StaffClient::login(&homeserver.synapse.url(), "victor", PASSWORD).await;
    let chat = victor.create_direct_chat(&homeserver.bot).await;
    victor.wait_for_member(&chat, &homeserver.bot).await;
    victor.say(&chat, &format!("!code {phrase}")).await;
    wait_until("welcome back on Matrix", LIMIT, || got_in(&victor, &chat, "Your chat continues here")).await;
    wait_until("the room is renamed for Matrix", LIMIT, || {
        grace.client.get_room(&room).and_then(|r| r.name()).is_some_and(|name| name.ends_with(" · matrix"))
    })
    .await;
    wait_until("staff are told", LIMIT, || got_in(grace, &room, "another phone")).await;

    let sent_to_maria = || fake.sent_by("sendMessage").iter().filter(|s| s.chat_id == Some(maria.id)).count();
    let before = sent_to_maria();
    grace.say(&room, "We read you on Matrix now.").await;
    wait_until("the reply reaches Matrix", LIMIT, || got_in(&victor, &chat, "We read you on Matrix now.")).await;
    victor.say(&chat, "thank you from Matrix").await;
    wait_until("the same room hears it", LIMIT, || got_in(grace, &room, "thank you from Matrix")).await;
    assert_eq!(sent_to_maria(), before, "nothing more goes to the Telegram chat");
    assert!(!visitor_got(&fake, &maria, "We read you on Matrix now."));
    bridge.stop().await;
}
