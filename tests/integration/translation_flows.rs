//! Machine translation end to end: a Thai visitor on the fake Telegram, Grace (English only) in
//! her Element-like client on a real Synapse, and the bridge's real translation worker and
//! LibreTranslate client against the fake LibreTranslate. The fake's translations are marked
//! (`⟦th→en⟧ words`) and reversible, so each test knows exactly what must arrive where.

use hopenow_tests::fake_libretranslate::{FakeLibreTranslate, Fault, Settings};
use hopenow_tests::fake_telegram::{FakeTelegram, FakeUser};
use hopenow_tests::matrix_bridge::{Homeserver, Installation, Running, Translation};
use hopenow_tests::staff_client::Received;
use hopenow_tests::telegram_bridge::wait_until;
use matrix_sdk::ruma::OwnedRoomId;

use crate::matrix::{LIMIT, bidi_free, first_relayed, got_in, on_duty, visitor_got};

const HELLO: &str = "สวัสดีค่ะ ฉันต้องการความช่วยเหลือ";

/// Everything a test here needs, kept alive together.
struct World {
    homeserver: Homeserver,
    _installation: Installation,
    telegram: FakeTelegram,
    service: FakeLibreTranslate,
    bridge: Running,
}

/// A homeserver, the fake Telegram, the fake LibreTranslate, the bridge translating, and Grace
/// on duty (Ana, who is off duty, is never assigned).
async fn translating_bridge() -> World {
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let telegram = FakeTelegram::start().await;
    let service = FakeLibreTranslate::start(Settings::default()).await;
    let bridge = installation.start_translating(&homeserver, &telegram, &Translation::at(service.url())).await;
    on_duty(&homeserver, &bridge).await;
    World { homeserver, _installation: installation, telegram, service, bridge }
}

fn som() -> FakeUser {
    FakeUser::new(737_373, "Som", None, Some("th"))
}

fn in_room(world: &World, room: &OwnedRoomId) -> Vec<Received> {
    world.homeserver.grace.received().into_iter().filter(|r| &r.room == room).collect()
}

/// What the bot posted in the duty room, bidi marks taken out.
fn duty_notices(world: &World) -> Vec<String> {
    let homeserver = &world.homeserver;
    homeserver
        .grace
        .received()
        .into_iter()
        .filter(|r| r.room == homeserver.duty_room && r.sender == homeserver.bot)
        .map(|r| bidi_free(&r.body))
        .collect()
}

/// Waits until the duty room has answered a `!who`: the duty room's lane is ordered, so every
/// notice queued for it before the command was handled has arrived by then.
async fn duty_room_caught_up(world: &World) {
    let answers = || duty_notices(world).iter().filter(|n| n.starts_with("On duty:")).count();
    let before = answers();
    world.homeserver.grace.say(&world.homeserver.duty_room, "!who").await;
    wait_until("the duty room answers !who", LIMIT, || answers() > before).await;
}

/// What the visitor received on the fake Telegram, bidi marks taken out.
fn visitor_texts(world: &World, visitor: &FakeUser) -> Vec<String> {
    world
        .telegram
        .sent_by("sendMessage")
        .into_iter()
        .filter(|s| s.chat_id == Some(visitor.id))
        .filter_map(|s| s.text.as_deref().map(bidi_free))
        .collect()
}

/// The visitor's first message relayed, and its translation landed: the room.
async fn visitor_translated(world: &World, visitor: &FakeUser, text: &str) -> OwnedRoomId {
    let grace = &world.homeserver.grace;
    let room = first_relayed(&world.bridge, grace, &world.telegram, visitor, text).await;
    wait_until("the translation lands", LIMIT, || got_in(grace, &room, &format!("⟦th→en⟧ {text}"))).await;
    room
}

fn note_in_thai() -> String {
    let catalog = bridge::i18n::Catalog::embedded().unwrap();
    bidi_free(&catalog.render("th", "machine-translated-note", &[]))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thai_visitors_original_comes_first_and_its_translation_replies_to_it() {
    let world = translating_bridge().await;
    let room = visitor_translated(&world, &som(), HELLO).await;

    let messages = in_room(&world, &room);
    let original = messages.iter().position(|r| !r.notice && r.body.ends_with(HELLO)).unwrap();
    let translation =
        messages.iter().position(|r| r.notice && bidi_free(&r.body).contains(&format!("⟦th→en⟧ {HELLO}"))).unwrap();
    assert!(original < translation, "the original first, then its translation");
    let (original, translation) = (&messages[original], &messages[translation]);
    assert_eq!(
        bidi_free(&translation.body),
        format!("🌐 machine translation, th → en:\n⟦th→en⟧ {HELLO}"),
        "marked, and no reply fallback quoting the original"
    );
    assert_eq!(translation.in_reply_to.as_ref(), Some(&original.event_id), "a reply to the original");
    assert_eq!(translation.sender, world.homeserver.bot);
    assert!(translation.encrypted && original.encrypted);
    assert_eq!(original.in_reply_to, None);
    assert_eq!(world.service.translations(), 1, "the visitor's words, once; nothing else");
    world.bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn graces_english_reply_reaches_the_visitor_in_thai_with_the_note_once_and_the_room_shows_the_back_translation() {
    let world = translating_bridge().await;
    let grace = &world.homeserver.grace;
    let visitor = som();
    let room = visitor_translated(&world, &visitor, HELLO).await;

    let asked = grace.say_event(&room, "How can I help you?").await;
    wait_until("the visitor gets it in Thai", LIMIT, || {
        visitor_got(&world.telegram, &visitor, "⟦en→th⟧ How can I help you?")
    })
    .await;
    let note = note_in_thai();
    let sent = visitor_texts(&world, &visitor).into_iter().find(|t| t.contains("How can I help you?")).unwrap();
    assert_eq!(sent, format!("grace, HopeNow:\n⟦en→th⟧ How can I help you?\n\n{note}"));

    let echo = "🌐 sent as machine translation, en → th:\n⟦en→th⟧ How can I help you?\n\
                Back-translation, th → en (check it says what you meant):\nHow can I help you?";
    wait_until("the room shows the echo", LIMIT, || got_in(grace, &room, echo)).await;
    let shown = in_room(&world, &room).into_iter().find(|r| bidi_free(&r.body) == echo).unwrap();
    assert!(shown.notice && shown.sender == world.homeserver.bot);
    assert_eq!(shown.in_reply_to, Some(asked), "the echo replies to Grace's message");

    // A second reply: translated too, without the note.
    grace.say(&room, "Are you safe now?").await;
    wait_until("the second reply", LIMIT, || visitor_got(&world.telegram, &visitor, "⟦en→th⟧ Are you safe now?")).await;
    let texts = visitor_texts(&world, &visitor);
    let second = texts.iter().find(|t| t.contains("Are you safe now?")).unwrap();
    assert_eq!(second, "grace, HopeNow:\n⟦en→th⟧ Are you safe now?");
    assert_eq!(texts.iter().filter(|t| t.contains(&note)).count(), 1, "the note once: {texts:?}");
    assert!(texts.iter().all(|t| !t.contains("grace, HopeNow:\nHow can I help")), "nothing in English: {texts:?}");
    world.bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn with_the_service_down_the_original_stands_alone_a_reply_waits_raw_sends_it_and_translations_resume() {
    let world = translating_bridge().await;
    let grace = &world.homeserver.grace;
    let visitor = som();
    world.service.set_fault(Some(Fault::BadGateway));

    let room = first_relayed(&world.bridge, grace, &world.telegram, &visitor, HELLO).await;
    let down = |world: &World| duty_notices(world).iter().filter(|n| n.contains("not answering")).count();
    wait_until("the duty room is told", LIMIT, || down(&world) >= 1).await;
    assert!(!got_in(grace, &room, "⟦th→en⟧"), "no translation while the service is down");

    grace.say(&room, "Are you safe?").await;
    wait_until("grace is told her reply waits", LIMIT, || got_in(grace, &room, "⏳ Not sent yet")).await;
    assert!(!visitor_got(&world.telegram, &visitor, "Are you safe?"), "not sent in a language they did not choose");

    grace.say(&room, "!raw").await;
    wait_until("!raw sends it as written", LIMIT, || visitor_got(&world.telegram, &visitor, "Are you safe?")).await;
    let sent = visitor_texts(&world, &visitor).into_iter().find(|t| t.contains("Are you safe?")).unwrap();
    assert_eq!(sent, "grace, HopeNow:\nAre you safe?", "as written, with no machine-translation note");

    // The service answers again: the first message's translation (retried) and a later one's land.
    world.service.set_fault(None);
    world.telegram.push_text(&visitor, "ขอบคุณค่ะ");
    wait_until("the later message is translated", LIMIT, || got_in(grace, &room, "⟦th→en⟧ ขอบคุณค่ะ")).await;
    wait_until("the first one too", LIMIT, || got_in(grace, &room, &format!("⟦th→en⟧ {HELLO}"))).await;
    let back = |world: &World| duty_notices(world).iter().filter(|n| n.contains("answering again")).count();
    wait_until("the duty room hears it answers again", LIMIT, || back(&world) >= 1).await;
    duty_room_caught_up(&world).await;
    assert_eq!((down(&world), back(&world)), (1, 1), "each told once: {:?}", duty_notices(&world));
    assert!(!visitor_got(&world.telegram, &visitor, "⟦en→th⟧"), "the reply went once, as written");
    world.bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_canned_reply_reaches_the_visitor_without_any_request_to_the_service() {
    let world = translating_bridge().await;
    let grace = &world.homeserver.grace;
    let visitor = som();
    let room = visitor_translated(&world, &visitor, HELLO).await;
    let before = world.service.translate_requests();

    grace.say(&room, "!send emergency").await;
    let catalog = bridge::i18n::Catalog::embedded().unwrap();
    let canned = bidi_free(&catalog.render("th", "canned-emergency", &[("emergency", "112".into())]));
    wait_until("the canned reply arrives", LIMIT, || visitor_got(&world.telegram, &visitor, &canned)).await;

    // A reply after it is translated: its lane is ordered, so once it is back, anything the
    // canned reply had asked of the service would have been asked before it.
    grace.say(&room, "We are here").await;
    wait_until("the next reply arrives", LIMIT, || visitor_got(&world.telegram, &visitor, "⟦en→th⟧ We are here")).await;
    assert_eq!(world.service.translate_requests(), before + 2, "only the reply and its back-translation");
    let texts = visitor_texts(&world, &visitor);
    let sent = texts.iter().find(|t| t.contains(&canned)).unwrap();
    assert!(!sent.contains('⟦') && !sent.contains(&note_in_thai()), "{sent}");
    world.bridge.stop().await;
}
