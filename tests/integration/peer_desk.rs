//! The peer worker's desk room against a real Synapse: a referral made in a conversation room
//! reaches the desk, the morning digest lists it, and the peer worker closes it from the desk.
//! Referral numbers, pseudonyms and kinds only: a note typed with `!referral` goes to the
//! conversation's transcript, never to the desk or the duty room. Only the roster is obeyed there.

use std::sync::Arc;

use bridge::engine::Event;
use hopenow_tests::engine::team;
use hopenow_tests::fake_telegram::{FakeTelegram, FakeUser};
use hopenow_tests::matrix_bridge::{Homeserver, Installation, PASSWORD};
use hopenow_tests::staff_client::StaffClient;
use hopenow_tests::telegram_bridge::wait_until;
use matrix_sdk::ruma::api::client::room::create_room;

use crate::matrix::{LIMIT, bidi_free, first_relayed, got_in, on_duty};

const NOTE: &str = "called the clinic";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_peer_desk_gets_new_referrals_and_the_digest_and_closes_a_referral_without_its_note() {
    // "00:00" has always passed: the first tick of the day posts the digest.
    let homeserver = Homeserver::start_with_peer_desk("00:00").await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let bridge = installation.start(&homeserver, &fake).await;
    let grace = &homeserver.grace;
    let desk = homeserver.desk.as_ref().unwrap();
    let (ife, desk_room) = (&desk.ife, &desk.room);
    assert!(ife.client.get_room(desk_room).unwrap().encryption_state().is_encrypted());
    on_duty(&homeserver, &bridge).await;

    let maria = FakeUser::new(515_151, "Maria", Some("maria_k"), Some("en"));
    let room = first_relayed(&bridge, grace, &fake, &maria, "I need a doctor who asks no papers").await;

    // Today in the bridge's zone (the engine's default, as the fixture starts it).
    let now = jiff::Timestamp::from_millisecond(bridge.engine.now().as_millis()).unwrap();
    let today = now.in_tz("Europe/Copenhagen").unwrap().date().to_string();
    grace.say(&room, &format!("!refer doctor consent=yes follow-up={today}")).await;
    wait_until("ife reads the new referral in the desk", LIMIT, || got_in(ife, desk_room, "📋 New referral R1: "))
        .await;
    let posted = ife.received().into_iter().find(|r| &r.room == desk_room && r.body.contains("New referral")).unwrap();
    assert!(posted.encrypted && posted.notice, "an encrypted notice: {posted:?}");
    assert_eq!(posted.sender, homeserver.bot);
    let posted = bidi_free(&posted.body);
    assert!(posted.contains(&format!("due {today}")) && posted.contains("by grace"), "{posted}");

    // The clock's tick (every 30 s in `hopenow run`), forced: the morning digest.
    let engine = Arc::clone(&bridge.engine);
    tokio::task::spawn_blocking(move || {
        engine.handle(Event::Tick).unwrap();
        engine.flush().unwrap();
    })
    .await
    .unwrap();
    bridge.outbox.ring();
    wait_until("ife reads the digest in the desk", LIMIT, || {
        got_in(ife, desk_room, "☀ Good morning. Due today or overdue: 1")
    })
    .await;
    let digest = ife.received().into_iter().find(|r| &r.room == desk_room && r.body.contains("Good morning")).unwrap();
    assert!(bidi_free(&digest.body).contains("- R1 · "), "{}", digest.body);

    ife.say(desk_room, &format!("!referral R1 done {NOTE}")).await;
    wait_until("ife reads that R1 is done", LIMIT, || got_in(ife, desk_room, "Referral #1 (doctor) is now done."))
        .await;
    ife.say(desk_room, "!referrals").await;
    wait_until("nothing is open any more", LIMIT, || got_in(ife, desk_room, "No referral to list.")).await;

    // Everything the desk and the duty room showed, to both staffers: never the note (but in
    // the command Ife typed herself), never the visitor's words.
    let shown: Vec<_> = [ife, grace]
        .iter()
        .flat_map(|staff| staff.received())
        .filter(|r| &r.room == desk_room || r.room == homeserver.duty_room)
        .collect();
    assert!(shown.iter().any(|r| r.room == homeserver.duty_room), "grace's duty room was read too");
    for received in &shown {
        let typed_by_ife = received.sender == ife.user_id() && received.body.starts_with("!referral R1 done");
        assert!(typed_by_ife || !received.body.contains(NOTE), "{received:?}");
        assert!(!received.body.contains("asks no papers"), "{received:?}");
    }
    bridge.stop().await;

    // `hopenow check --online` finds the desk joined and encrypted; a desk room made without
    // encryption is refused, saying what to do.
    let store = bridge::Store::open(installation.dir.path(), &installation.key).unwrap();
    let mut settings = installation.matrix_settings(&homeserver);
    let findings = bot::matrix::check::online(&settings, &store, &team()).await;
    let said =
        |findings: &[(bool, String)], text: &str| findings.iter().find(|(_, f)| f.contains(text)).map(|(ok, _)| *ok);
    assert_eq!(said(&findings, "the peer worker's desk room"), Some(true), "{findings:?}");
    let mut request = create_room::v3::Request::new();
    request.invite = vec![homeserver.bot.clone()];
    request.preset = Some(create_room::v3::RoomPreset::PrivateChat);
    let plain = ife.client.create_room(request).await.unwrap().room_id().to_owned();
    settings.peer_desk_room = Some(plain.to_string());
    let findings = bot::matrix::check::online(&settings, &store, &team()).await;
    assert_eq!(said(&findings, "is not encrypted"), Some(false), "{findings:?}");
    let refusal = findings.iter().find(|(_, f)| f.contains("is not encrypted")).unwrap();
    assert!(refusal.1.contains("[peer_desk] room") && refusal.1.contains("create a new encrypted room"), "{refusal:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_strangers_command_in_the_desk_has_no_effect_and_plain_words_there_go_nowhere() {
    let homeserver = Homeserver::start_with_peer_desk("08:00").await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let bridge = installation.start(&homeserver, &fake).await;
    let desk = homeserver.desk.as_ref().unwrap();
    let (ife, desk_room) = (&desk.ife, &desk.room);

    // Mallory is cross-signed (a careful intruder) but not on the roster; Ife let her in.
    let mallory = StaffClient::login(&homeserver.synapse.url(), "mallory", PASSWORD).await;
    ife.client.get_room(desk_room).unwrap().invite_user_by_id(&mallory.user_id()).await.unwrap();
    wait_until("mallory joins the desk", LIMIT, || mallory.client.get_room(desk_room).is_some()).await;
    mallory.wait_for_member(desk_room, &homeserver.bot).await;
    mallory.say(desk_room, "!referrals").await;
    wait_until("the desk is told it had no effect", LIMIT, || got_in(ife, desk_room, "not on the team's roster")).await;

    // Plain words in the desk go nowhere; a command is answered there. The desk's answers keep
    // their order, so once the answer is read, an answer to the words would have come before it.
    ife.say(desk_room, "plain words CANARY-DESK").await;
    ife.say(desk_room, "!referrals").await;
    wait_until("the desk answers ife's command", LIMIT, || got_in(ife, desk_room, "No referral to list.")).await;
    let from_bot: Vec<String> = ife
        .received()
        .into_iter()
        .filter(|r| &r.room == desk_room && r.sender == homeserver.bot)
        .map(|r| bidi_free(&r.body))
        .collect();
    assert_eq!(from_bot.len(), 2, "the notice about mallory and one answer: {from_bot:?}");
    assert!(from_bot.iter().all(|body| !body.contains("CANARY-DESK")), "{from_bot:?}");
    bridge.stop().await;
}
