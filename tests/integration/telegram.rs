//! The Telegram channel end to end: fake Bot API server on loopback, the real connector, the real
//! engine on an encrypted store, and a stand-in staff side.

use std::time::Duration;

use bridge::i18n::Catalog;
use bridge::{ContentKind, Direction, PlatformAccount};
use hopenow_tests::fake_telegram::{FakeUser, Fault, Sent};
use hopenow_tests::samples::phone_photo;
use hopenow_tests::telegram_bridge::{Bridge, wait_until};
use serde_json::json;

pub(crate) const LIMIT: Duration = Duration::from_secs(30);

pub(crate) fn catalog() -> Catalog {
    Catalog::embedded().unwrap()
}

pub(crate) fn bidi_free(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

/// Messages the bot sent to `user` with `sendMessage`.
pub(crate) fn sent_to(bridge: &Bridge, user: &FakeUser) -> Vec<Sent> {
    bridge.fake.sent_by("sendMessage").into_iter().filter(|s| s.chat_id == Some(user.id)).collect()
}

pub(crate) fn button_data(sent: &Sent) -> Vec<String> {
    let Some(markup) = &sent.reply_markup else { return Vec::new() };
    markup["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["callback_data"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn first_contact_in_three_languages_gets_the_greeting_and_picker_in_that_language() {
    let bridge = Bridge::start().await;
    let people = [
        FakeUser::new(1001, "Ioana", None, Some("ro")),
        FakeUser::new(1002, "Som", None, Some("th")),
        FakeUser::new(1003, "Mette", None, Some("da-DK")),
    ];
    for (user, tag) in people.iter().zip(["ro", "th", "da"]) {
        bridge.fake.push_text(user, "/start");
        wait_until("the greeting is sent", LIMIT, || !sent_to(&bridge, user).is_empty()).await;
        let greeting = &sent_to(&bridge, user)[0];
        let text = greeting.text.clone().unwrap();
        assert_eq!(text, catalog().render(tag, "greeting", &[]), "{tag}");
        let first_line = text.lines().next().unwrap().to_lowercase();
        for word in ["traffick", "hopenow", "trafic", "menneskehandel", "ค้ามนุษย์"] {
            assert!(!first_line.contains(word), "the preview line must be discreet: {first_line}");
        }
        assert!(greeting.protect_content);
        let buttons = button_data(greeting);
        assert_eq!(buttons[0], format!("lang:{tag}"), "the platform's language is offered first");
        assert_eq!(buttons.len(), bridge::i18n::LANGUAGES.len(), "but every language is offered");
        let labels = greeting.reply_markup.as_ref().unwrap().to_string();
        assert!(labels.contains("Română") && labels.contains("ไทย") && labels.contains("Dansk"), "own names");
    }

    // The person chooses (here another language than Telegram's), then how replies arrive.
    let ioana = &people[0];
    let greeting_id = sent_to(&bridge, ioana)[0].message_id.unwrap();
    bridge.fake.push_callback(ioana, greeting_id, "lang:th");
    wait_until("the safety question", LIMIT, || sent_to(&bridge, ioana).len() >= 2).await;
    let safety = &sent_to(&bridge, ioana)[1];
    assert_eq!(safety.text.as_deref(), Some(catalog().render("th", "safety-question", &[]).as_str()));
    assert_eq!(button_data(safety), ["safe:yes", "safe:no"]);
    bridge.fake.push_callback(ioana, safety.message_id.unwrap(), "safe:yes");
    wait_until("the hold question", LIMIT, || sent_to(&bridge, ioana).len() >= 3).await;
    let question = &sent_to(&bridge, ioana)[2];
    assert_eq!(question.text.as_deref(), Some(catalog().render("th", "hold-question", &[]).as_str()));
    assert_eq!(button_data(question), ["hold:no", "hold:yes"]);
    bridge.fake.push_callback(ioana, question.message_id.unwrap(), "hold:no");
    wait_until("the last note", LIMIT, || sent_to(&bridge, ioana).len() >= 4).await;
    let note = sent_to(&bridge, ioana)[3].text.clone().unwrap();
    assert!(note.contains("/help"), "{note}");
    wait_until("buttons are answered", LIMIT, || bridge.fake.call_count("answerCallbackQuery") >= 3).await;

    // The command menu is set for every language, in neutral words.
    for tag in ["en", "ro", "th", "da"] {
        let commands = bridge.fake.commands(tag).unwrap_or_else(|| panic!("commands for {tag}")).to_string();
        assert!(commands.contains("hide") && commands.contains("forget"), "{commands}");
        assert!(!commands.to_lowercase().contains("traffick"));
    }
    assert!(bridge.fake.commands("").is_some(), "and a default menu");
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn text_voice_and_photo_reach_staff_as_copies_without_identity_or_metadata() {
    let bridge = Bridge::start().await;
    let maria = FakeUser::new(777_123_456, "MariaCANARYNAME", Some("maria_canary_user"), Some("ro"));
    bridge.fake.push_text(&maria, "Am nevoie de ajutor");
    let voice = bridge.fake.register_file(b"OggS fake voice note bytes", "voice", "oga");
    bridge.fake.push_voice(&maria, &voice, 3);
    let photo = bridge.fake.register_file(&phone_photo("CANARY-GPS-55.6761"), "photos", "jpg");
    bridge.fake.push_photo(&maria, &photo, Some("aici"));
    // A forwarded message: only its words are relayed, never who it came from.
    bridge.fake.push_message(
        &maria,
        json!({ "text": "forwarded words", "forward_origin": {
            "type": "user", "date": 1, "sender_user": { "id": 31337, "is_bot": false, "first_name": "BossCANARY" } } }),
    );
    wait_until("four relays", LIMIT, || bridge.staff.relayed().len() >= 4).await;
    let relayed = bridge.staff.relayed();
    assert!(relayed[0].text.ends_with("Am nevoie de ajutor"), "{}", relayed[0].text);
    let voice_copy = relayed[1].attachment.as_ref().expect("the voice note as bytes");
    assert_eq!(voice_copy.bytes(), voice.bytes, "a copy of the voice note");
    assert_eq!(voice_copy.mime(), "audio/ogg");
    let photo_copy = relayed[2].attachment.as_ref().expect("the photo as bytes");
    let as_text = String::from_utf8_lossy(photo_copy.bytes());
    assert!(!as_text.contains("CANARY") && !as_text.contains("BodySerialNumber"), "EXIF and comments are gone");
    assert!(photo_copy.bytes().starts_with(&[0xFF, 0xD8]) && photo_copy.bytes().ends_with(&[0xFF, 0xD9]));
    assert!(photo_copy.len() < photo.bytes.len());
    assert!(relayed[2].text.contains("aici"));
    assert!(relayed[3].text.ends_with("forwarded words"));

    // Nothing the staff side sees holds the visitor's Telegram identity.
    let everything: String = bridge.staff.deliveries().iter().map(|d| d.text.clone() + "\n").collect();
    for secret in ["CANARY", "maria_canary_user", "777123456", "31337"] {
        assert!(!everything.contains(secret), "{secret} leaked to staff: {everything}");
    }
    // Copies, not forwards: the bot never forwarded or copied a Telegram message.
    assert_eq!(bridge.fake.call_count("forwardMessage") + bridge.fake.call_count("copyMessage"), 0);
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_staff_reply_arrives_protected_and_signed_with_the_alias() {
    let bridge = Bridge::start().await;
    let user = FakeUser::new(2001, "V", None, Some("en"));
    bridge.fake.push_text(&user, "hello");
    wait_until("a conversation", LIMIT, || bridge.conversation_of(&user).is_some()).await;
    let long = "Long answer. ".repeat(500);
    bridge.staff_says("grace", &user, "We are here. Are you safe?").await;
    bridge.staff_says("grace", &user, &long).await;
    wait_until("every part of the replies", LIMIT, || {
        sent_to(&bridge, &user)
            .iter()
            .filter_map(|s| s.text.as_deref())
            .map(|t| t.matches("answer.").count())
            .sum::<usize>()
            >= 500
    })
    .await;
    let replies: Vec<Sent> = sent_to(&bridge, &user)
        .into_iter()
        .skip_while(|s| !s.text.as_deref().unwrap_or("").contains("grace, HopeNow"))
        .collect();
    let first = bidi_free(replies[0].text.as_deref().unwrap());
    assert_eq!(first, "grace, HopeNow:\nWe are here. Are you safe?");
    assert!(replies.iter().all(|s| s.protect_content), "every message to a visitor is protected");
    // The long one is split on Telegram's limit, nothing lost.
    let rest: String = replies[1..].iter().map(|s| bidi_free(s.text.as_deref().unwrap()) + " ").collect();
    assert!(replies.len() >= 3 && replies[1..].iter().all(|s| s.text.as_ref().unwrap().encode_utf16().count() <= 4096));
    assert_eq!(rest.matches("answer.").count(), 500);
    assert_eq!(rest.split_whitespace().filter(|w| *w == "Long").count(), 500, "no word cut in two");
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hide_deletes_exactly_the_last_48_hours_in_both_directions() {
    let bridge = Bridge::start().await;
    let user = FakeUser::new(3001, "V", None, Some("en"));
    bridge.fake.push_text(&user, "an old message");
    wait_until("first answers", LIMIT, || sent_to(&bridge, &user).len() >= 2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let old: Vec<i64> = bridge.fake.live_messages(user.id);
    bridge.advance_secs(49 * 3600);

    bridge.fake.push_text(&user, "a recent message");
    wait_until("relayed", LIMIT, || bridge.staff.relayed().len() >= 2).await;
    bridge.staff_says("grace", &user, "a recent reply").await;
    wait_until("the reply", LIMIT, || {
        sent_to(&bridge, &user).iter().any(|s| s.text.as_deref().unwrap_or("").contains("a recent reply"))
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let recent: Vec<i64> = bridge.fake.live_messages(user.id).into_iter().filter(|id| !old.contains(id)).collect();
    assert!(recent.len() >= 2);

    let hide = bridge.fake.push_text(&user, "/hide");
    wait_until("the recent messages are deleted", LIMIT, || {
        let live = bridge.fake.live_messages(user.id);
        recent.iter().all(|id| !live.contains(id)) && !live.contains(&hide.message_id)
    })
    .await;
    let live = bridge.fake.live_messages(user.id);
    assert!(old.iter().all(|id| live.contains(id)), "older than 48 h: Telegram forbids it, the bridge keeps off");
    wait_until("the confirmation", LIMIT, || bridge.fake.live_messages(user.id).len() == old.len() + 1).await;
    let confirmation = *bridge.fake.live_messages(user.id).last().unwrap();
    assert_eq!(
        bridge.fake.message(user.id, confirmation).unwrap()["text"].as_str().map(bidi_free),
        Some(catalog().render("en", "hidden", &[]))
    );
    // It disappears by itself a minute later.
    bridge.advance_secs(61);
    wait_until("the confirmation vanishes", LIMIT, || !bridge.fake.live_messages(user.id).contains(&confirmation))
        .await;
    assert_eq!(bridge.fake.live_messages(user.id), old);
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forget_leaves_no_record_of_the_visitor_and_no_readable_transcript() {
    let bridge = Bridge::start().await;
    let user = FakeUser::new(4001, "V", None, Some("en"));
    bridge.fake.push_text(&user, "CANARY words to forget");
    wait_until("a conversation", LIMIT, || bridge.conversation_of(&user).is_some()).await;
    let conversation = bridge.conversation_of(&user).unwrap();
    bridge.fake.push_text(&user, "/forget");
    wait_until("the question", LIMIT, || {
        sent_to(&bridge, &user).iter().any(|s| button_data(s).contains(&"forget:yes".to_owned()))
    })
    .await;
    let question = sent_to(&bridge, &user).into_iter().find(|s| !button_data(s).is_empty()).unwrap();
    let question = sent_to(&bridge, &user)
        .into_iter()
        .find(|s| button_data(s).contains(&"forget:yes".to_owned()))
        .unwrap_or(question);
    bridge.fake.push_callback(&user, question.message_id.unwrap(), "forget:yes");
    wait_until("staff are told", LIMIT, || bridge.staff.notices().iter().any(|n| n.contains("erased their data")))
        .await;
    let store = bridge.engine.store();
    assert!(store.find_visitor(&PlatformAccount::Telegram(user.id)).unwrap().is_none());
    assert_eq!(store.visitor_count(), 0);
    assert!(store.transcript(conversation).is_err(), "shredded");
    assert!(store.raw_transcript_entry(conversation, 0).unwrap().is_none());
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rate_limits_and_bad_gateways_are_retried_and_nothing_is_lost_or_doubled() {
    let bridge = Bridge::start().await;
    let user = FakeUser::new(5001, "V", None, Some("en"));
    bridge.fake.fail_next("getUpdates", 1, Fault::BadGateway);
    bridge.fake.push_text(&user, "one");
    bridge.fake.push_text(&user, "two");
    wait_until("a conversation", Duration::from_secs(60), || bridge.conversation_of(&user).is_some()).await;
    bridge.fake.fail_next("sendMessage", 1, Fault::RetryAfter(1));
    bridge.fake.fail_next("sendMessage", 1, Fault::BadGateway);
    bridge.staff_says("grace", &user, "reply A").await;
    bridge.staff_says("grace", &user, "reply B").await;
    wait_until("both replies", Duration::from_secs(60), || {
        sent_to(&bridge, &user).iter().filter(|s| s.text.as_deref().unwrap_or("").contains("reply")).count() >= 2
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let replies: Vec<String> = sent_to(&bridge, &user)
        .iter()
        .filter_map(|s| s.text.clone())
        .filter(|t| t.contains("reply"))
        .map(|t| bidi_free(&t))
        .collect();
    assert_eq!(replies, ["grace, HopeNow:\nreply A", "grace, HopeNow:\nreply B"], "once each, in order");
    let from_visitor: Vec<String> = bridge
        .engine
        .store()
        .transcript(bridge.conversation_of(&user).unwrap())
        .unwrap()
        .into_iter()
        .filter(|(_, e)| e.direction == Direction::FromVisitor)
        .map(|(_, e)| e.text)
        .collect();
    assert_eq!(from_visitor, ["one", "two"]);
    assert!(bridge.fake.call_count("sendMessage") >= sent_to(&bridge, &user).len() + 2, "the faults happened");
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_visitor_who_blocked_the_bot_is_reported_to_staff() {
    let bridge = Bridge::start().await;
    let user = FakeUser::new(6001, "V", None, Some("en"));
    bridge.fake.push_text(&user, "hi");
    wait_until("a conversation", LIMIT, || bridge.conversation_of(&user).is_some()).await;
    bridge.fake.block_bot(user.id, true);
    bridge.staff_says("grace", &user, "are you there?").await;
    wait_until("staff hear of it", LIMIT, || {
        bridge.staff.notices().iter().any(|n| n.contains("Not delivered to the visitor: the visitor blocked the bot"))
    })
    .await;
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_visitors_send_a_thousand_messages_in_a_second_and_staff_get_each_once_in_order() {
    let bridge = Bridge::start_with(false).await;
    let users: Vec<FakeUser> = (0..20).map(|n| FakeUser::new(10_000 + n, "V", None, Some("en"))).collect();
    for i in 0..1000 {
        let user = &users[i % 20];
        bridge.fake.push_text(user, &format!("v{} m{}", user.id, i / 20));
    }
    wait_until("every message reaches staff", Duration::from_secs(120), || bridge.staff.relayed().len() >= 1000).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let relayed = bridge.staff.relayed();
    assert_eq!(relayed.len(), 1000, "each once");
    for user in &users {
        let conversation = bridge.conversation_of(user).unwrap();
        let texts: Vec<String> = relayed
            .iter()
            .filter(|d| d.conversation == Some(conversation))
            .map(|d| d.text.rsplit(": ").next().unwrap().to_owned())
            .collect();
        let expected: Vec<String> = (0..50).map(|m| format!("v{} m{m}", user.id)).collect();
        assert_eq!(texts, expected, "in the visitor's order");
    }
    assert_eq!(bridge.staff.redeliveries(), 0);
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn contacts_are_refused_with_a_reason_and_files_too_large_are_explained() {
    let bridge = Bridge::start().await;
    let user = FakeUser::new(7001, "V", None, Some("en"));
    bridge
        .fake
        .push_message(&user, json!({ "contact": { "phone_number": "+4512345678", "first_name": "CANARY-Friend" } }));
    bridge.fake.push_message(
        &user,
        json!({ "document": { "file_id": "big", "file_unique_id": "big-u", "file_size": 25 * 1024 * 1024,
            "mime_type": "video/mp4" } }),
    );
    wait_until("two answers", LIMIT, || sent_to(&bridge, &user).len() >= 3).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let told: Vec<String> =
        sent_to(&bridge, &user).iter().filter_map(|s| s.text.clone()).map(|t| bidi_free(&t)).collect();
    assert!(told.contains(&catalog().render("en", "contact-not-relayed", &[])), "{told:?}");
    assert!(told.iter().any(|t| t.contains("too big") && t.contains("20 MB")), "{told:?}");
    let everything: String = bridge.staff.deliveries().iter().map(|d| d.text.clone()).collect();
    assert!(!everything.contains("CANARY") && !everything.contains("12345678"));
    assert_eq!(bridge.fake.call_count("getFile"), 0, "the large file was not fetched");
    let kinds: Vec<ContentKind> = match bridge.conversation_of(&user) {
        Some(c) => bridge.engine.store().transcript(c).unwrap().into_iter().map(|(_, e)| e.kind).collect(),
        None => Vec::new(),
    };
    assert!(!kinds.contains(&ContentKind::Contact));
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_online_validates_the_token_with_get_me() {
    let fake = hopenow_tests::fake_telegram::FakeTelegram::start().await;
    let settings = hopenow_tests::telegram_bridge::settings(&fake, true);
    assert_eq!(bot::telegram::check_token(&settings).await, Ok("hopenow_test_bot".to_owned()));
    let wrong = bot::telegram::TelegramSettings { token: "1:wrong".into(), ..settings };
    let error = bot::telegram::check_token(&wrong).await.unwrap_err();
    assert!(error.contains("[telegram] token") && !error.contains("1:wrong"), "{error}");
    fake.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn malformed_and_unknown_updates_are_skipped_and_nothing_after_them_is_lost() {
    let bridge = Bridge::start().await;
    let user = FakeUser::new(8001, "V", None, Some("en"));
    // A message whose fields are of the wrong types, an update kind the bridge does not use, and
    // a group message: each skipped, none stops the messages after it.
    bridge.fake.push_update("message", json!({ "message_id": "not-a-number", "chat": 7, "text": ["CANARY"] }));
    bridge.fake.push_update("poll", json!({ "id": "1", "question": "CANARY?", "options": [] }));
    bridge.fake.push_update(
        "message",
        json!({ "message_id": 1, "date": 0, "chat": { "id": -100, "type": "group", "title": "g" },
                "from": { "id": 9, "is_bot": false, "first_name": "G" }, "text": "group CANARY" }),
    );
    bridge.fake.push_text(&user, "after the odd ones");
    wait_until("the good message is relayed", LIMIT, || {
        bridge.staff.relayed().iter().any(|d| d.text.ends_with("after the odd ones"))
    })
    .await;
    wait_until("every update is confirmed", LIMIT, || bridge.fake.pending_updates() == 0).await;
    assert!(bridge.staff.deliveries().iter().all(|d| !d.text.contains("CANARY")));
    assert_eq!(bridge.engine.store().visitor_count(), 1, "only the private chat's visitor");
    bridge.stop().await;
}

/// Telegram says Thai; the person chooses Romanian. From then on everything the bridge says —
/// the out-of-hours reply, the team's canned replies, /help — is Romanian. The recorded
/// greeting goes out in the pre-selected language, after the written one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_preselects_thai_the_visitor_chooses_romanian_and_everything_after_is_romanian() {
    let recordings = tempfile::tempdir().unwrap();
    let thai = recordings.path().join("th.ogg");
    std::fs::write(&thai, hopenow_tests::samples::opus_recording(3_000)).unwrap();
    let files = std::collections::BTreeMap::from([("th".to_owned(), thai)]);
    let voices = bot::voice::Voices::load(&files).unwrap();
    let bridge = Bridge::start_configured(true, voices).await;
    let catalog = catalog();
    let somchai = FakeUser::new(5150, "Somchai", None, Some("th"));

    bridge.fake.push_text(&somchai, "/start");
    wait_until("the greeting and the recording", LIMIT, || {
        !sent_to(&bridge, &somchai).is_empty() && !bridge.fake.sent_by("sendVoice").is_empty()
    })
    .await;
    let greeting = &sent_to(&bridge, &somchai)[0];
    assert_eq!(greeting.text.as_deref(), Some(catalog.render("th", "greeting", &[]).as_str()));
    assert_eq!(button_data(greeting)[0], "lang:th", "Thai pre-selected");
    let voice = &bridge.fake.sent_by("sendVoice")[0];
    assert_eq!(voice.chat_id, Some(somchai.id));
    assert!(voice.protect_content);

    bridge.fake.push_callback(&somchai, greeting.message_id.unwrap(), "lang:ro");
    wait_until("the safety question", LIMIT, || sent_to(&bridge, &somchai).len() >= 2).await;
    let safety = &sent_to(&bridge, &somchai)[1];
    assert_eq!(safety.text.as_deref(), Some(catalog.render("ro", "safety-question", &[]).as_str()));
    bridge.fake.push_callback(&somchai, safety.message_id.unwrap(), "safe:yes");
    wait_until("the hold question", LIMIT, || sent_to(&bridge, &somchai).len() >= 3).await;
    let question = &sent_to(&bridge, &somchai)[2];
    assert_eq!(question.text.as_deref(), Some(catalog.render("ro", "hold-question", &[]).as_str()));
    bridge.fake.push_callback(&somchai, question.message_id.unwrap(), "hold:no");
    wait_until("ready", LIMIT, || sent_to(&bridge, &somchai).len() >= 4).await;
    assert_eq!(sent_to(&bridge, &somchai)[3].text.as_deref(), Some(catalog.render("ro", "ready", &[]).as_str()));

    let texts =
        || sent_to(&bridge, &somchai).into_iter().filter_map(|s| s.text).map(|t| bidi_free(&t)).collect::<Vec<_>>();
    let said = |id: &str, args: &[(&str, bridge::i18n::Arg)]| bidi_free(&catalog.render("ro", id, args));
    bridge.fake.push_text(&somchai, "salut, am nevoie de ajutor");
    let out_of_hours = said("out-of-hours-unknown", &[("emergency", "112".into())]);
    wait_until("the out-of-hours reply in Romanian", LIMIT, || texts().contains(&out_of_hours)).await;

    let duty_on = bridge::engine::Event::StaffText {
        from: "@grace:hopenow.test".into(),
        room: bridge::engine::StaffRoom::Duty,
        text: "!duty on".into(),
        attachment: None,
        dedupe: None,
    };
    bridge.staff(duty_on).await;
    bridge.staff_says("grace", &somchai, "!send soon").await;
    bridge.staff_says("grace", &somchai, "!send emergency").await;
    let soon = said("canned-soon", &[]);
    let emergency = said("canned-emergency", &[("emergency", "112".into())]);
    wait_until("both canned replies in Romanian", LIMIT, || {
        let texts = texts();
        texts.iter().any(|t| t.ends_with(&soon)) && texts.iter().any(|t| t.ends_with(&emergency))
    })
    .await;

    bridge.fake.push_text(&somchai, "/help");
    let help = said("help", &[("emergency", "112".into())]);
    wait_until("help in Romanian", LIMIT, || texts().contains(&help)).await;
    assert_eq!(bridge.fake.sent_by("sendVoice").len(), 1, "no recording for Romanian, so no second one");
    bridge.stop().await;
}
