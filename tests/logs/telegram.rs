use std::time::Duration;

use hopenow_tests::canary::Canary;
use hopenow_tests::fake_telegram::{FakeUser, Fault};
use hopenow_tests::samples::phone_photo;
use hopenow_tests::telegram_bridge::{Bridge, wait_until};

const LIMIT: Duration = Duration::from_secs(30);

/// The whole Telegram path: nothing a visitor wrote or is known by on Telegram reaches the data
/// dir or the log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_telegram_path_leaves_no_canary_in_the_store_or_the_log() {
    super::trace_log();
    let bridge = Bridge::start().await;
    // Grace on duty: the conversation is assigned, so the log has an info line about it of its own.
    let duty = bridge::engine::Event::StaffText {
        from: "@grace:hopenow.test".into(),
        room: bridge::engine::StaffRoom::Duty,
        text: "!duty on".into(),
        attachment: None,
        dedupe: None,
    };
    bridge.staff(duty).await;
    let user = FakeUser::new(987_654_321_012, "CanaryFirstName", Some("canary_username"), Some("ro"));
    bridge.fake.push_text(&user, "CANARY-TEXT words from the visitor");
    let photo = bridge.fake.register_file(&phone_photo("CANARY-EXIF-GPS"), "photos", "jpg");
    bridge.fake.push_photo(&user, &photo, Some("CANARY-CAPTION"));
    wait_until("relayed", LIMIT, || bridge.staff.relayed().len() >= 2).await;
    // The visitor picks their language and Telegram refuses their chat's menu: the refusal is
    // logged, with nothing of the visitor in it.
    let refusal = Fault::Api { code: 400, description: "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID".into() };
    bridge.fake.fail_next("setMyCommands", 1, refusal);
    let menus_before = bridge.fake.call_count("setMyCommands");
    let greeting = bridge
        .fake
        .sent_by("sendMessage")
        .into_iter()
        .find(|s| {
            s.chat_id == Some(user.id) && s.reply_markup.as_ref().is_some_and(|m| m.to_string().contains("lang:"))
        })
        .unwrap();
    bridge.fake.push_callback(&user, greeting.message_id.unwrap(), "lang:ro");
    wait_until("the menu was refused", LIMIT, || bridge.fake.call_count("setMyCommands") > menus_before).await;
    bridge.staff_says("grace", &user, "CANARY-REPLY from grace").await;
    wait_until("the reply", LIMIT, || {
        bridge
            .fake
            .sent_by("sendMessage")
            .iter()
            .any(|s| s.chat_id == Some(user.id) && s.text.as_deref().unwrap_or("").contains("CANARY-REPLY"))
    })
    .await;
    // The secret word, set with its old command name (still understood) and used: neither the
    // word nor the command reaches a file or the log.
    bridge.fake.push_text(&user, "/safeword CanarySafeWord");
    bridge.fake.push_text(&user, "canarysafeword");
    wait_until("the secret word took effect", LIMIT, || {
        bridge.staff.notices().iter().any(|n| n.contains("secret word"))
    })
    .await;
    // Back on purpose with the word: it reaches no file or log line either.
    bridge.fake.push_text(&user, "/messages CanarySafeWord");
    wait_until("the visitor is back", LIMIT, || bridge.staff.notices().iter().any(|n| n.contains("wrote again"))).await;
    // A phone change: the four words reach neither a file nor the log, given or sent back.
    bridge.fake.push_text(&user, "/code");
    let phrase_in =
        |text: &str| text.split('\u{2068}').nth(1).and_then(|p| p.split('\u{2069}').next()).map(str::to_owned);
    let mut phrase = None;
    wait_until("the four words", LIMIT, || {
        phrase = bridge
            .fake
            .sent_by("sendMessage")
            .iter()
            .rev()
            .filter_map(|s| s.text.as_deref().and_then(phrase_in))
            .find(|p| p.split(' ').count() == 4);
        phrase.is_some()
    })
    .await;
    let phrase = phrase.unwrap_or_default();
    let other = FakeUser::new(987_654_321_013, "CanaryOther", None, Some("ro"));
    bridge.fake.push_text(&other, &phrase);
    wait_until("the visitor moved", LIMIT, || bridge.staff.notices().iter().any(|n| n.contains("another phone"))).await;
    let pseudonym = bridge
        .engine
        .store()
        .find_visitor(&bridge::PlatformAccount::Telegram(other.id))
        .unwrap()
        .unwrap()
        .pseudonym
        .to_string();
    // Auto-hide on the new phone, then the conversation closed and, a month on, shredded by
    // retention: the audit log and the counters for funders are written along the way.
    bridge.fake.push_text(&other, "/autohide");
    let offers = |s: &hopenow_tests::fake_telegram::Sent| {
        s.chat_id == Some(other.id) && s.reply_markup.as_ref().is_some_and(|m| m.to_string().contains("autohide:5"))
    };
    wait_until("the auto-hide question", LIMIT, || bridge.fake.sent_by("sendMessage").iter().any(offers)).await;
    let question = bridge.fake.sent_by("sendMessage").into_iter().find(offers).unwrap();
    bridge.fake.push_callback(&other, question.message_id.unwrap(), "autohide:5");
    bridge.fake.push_text(&other, "CANARY-TEXT before the chat hides itself");
    wait_until("relayed from the new phone", LIMIT, || {
        bridge.staff.relayed().iter().filter(|r| r.text.contains("CANARY-TEXT")).count() >= 2
    })
    .await;
    let before_close = bridge.fake.sent_by("sendMessage").iter().filter(|s| s.chat_id == Some(other.id)).count();
    bridge.staff_says("grace", &other, "!close").await;
    // Everything delivered and settled (the close message is the chat's last), then the wait.
    let moved = bridge.engine.store().find_visitor(&bridge::PlatformAccount::Telegram(other.id)).unwrap().unwrap().id;
    wait_until("all delivered", LIMIT, || {
        let pending = bridge.engine.store().outbox_entries().unwrap();
        !pending.iter().any(|e| e.action.lane() == bridge::outbox::Lane::Visitor(moved))
            && bridge.fake.sent_by("sendMessage").iter().filter(|s| s.chat_id == Some(other.id)).count() > before_close
    })
    .await;
    bridge.advance_secs(6 * 60);
    wait_until("the chat hid itself", LIMIT, || bridge.fake.live_messages(other.id).is_empty()).await;
    bridge.advance_secs(31 * 24 * 3600);
    let engine = std::sync::Arc::clone(&bridge.engine);
    let report = tokio::task::spawn_blocking(move || engine.enforce_retention().unwrap()).await.unwrap();
    assert_eq!(report.shredded.len(), 1, "the closed conversation went after 30 days");
    let audit = bridge.engine.store().verify_audit().unwrap();
    let kinds: Vec<&str> = audit.entries.iter().map(|(_, e)| e.kind.name()).collect();
    assert!(kinds.contains(&"safe-word-used") && kinds.contains(&"purged"), "{kinds:?}");
    let path = bridge.path().to_path_buf();
    let copy = super::keep_copy(&path);
    bridge.stop().await;
    let log = std::fs::read_to_string(super::trace_log()).unwrap();
    assert!(log.contains("a chat's command menu was not set"), "the refusal is logged");
    super::assert_pseudonym_only_at_debug(&pseudonym);
    super::assert_no_case_file_at_info();
    super::assert_no_canary(
        &copy,
        &[
            Canary::text("visitor text", "CANARY-TEXT"),
            Canary::text("caption", "CANARY-CAPTION"),
            Canary::text("photo metadata", "CANARY-EXIF"),
            Canary::text("staff reply", "CANARY-REPLY"),
            Canary::text("safe word", "CanarySafeWord"),
            Canary::text("safe word, as sent", "canarysafeword"),
            Canary::text("first name", "CanaryFirstName"),
            Canary::text("username", "canary_username"),
            Canary::number("telegram user id", 987_654_321_012),
            Canary::number("telegram user id of the new phone", 987_654_321_013),
            Canary::text("phone change phrase", &phrase),
        ],
    );
    std::fs::remove_dir_all(copy).unwrap();
}

/// `/share`: the invitation's words (here the operator's own, `[share] text.en`) and its link
/// reach no log line and no file of the data dir, sent, kept or deleted. The friend's phone may
/// be read by someone, and so may the server's log: neither may tie the visitor to the link.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_share_invitation_leaves_no_canary_in_the_store_or_the_log() {
    super::trace_log();
    let texts = [("en".to_owned(), "CANARY-SHARE-WORDS {link}".to_owned())].into_iter().collect();
    let share = bridge::engine::ShareSettings {
        telegram_username: Some("CanaryShareBot".into()),
        texts,
        ..bridge::engine::ShareSettings::default()
    };
    let bridge = Bridge::start_with_settings(bridge::engine::EngineSettings {
        share,
        ..bridge::engine::EngineSettings::default()
    })
    .await;
    let sent_text = |bridge: &Bridge, user: &FakeUser, needle: &str| {
        bridge
            .fake
            .sent_by("sendMessage")
            .into_iter()
            .find(|s| s.chat_id == Some(user.id) && s.text.as_deref().unwrap_or("").contains(needle))
    };
    // One visitor keeps theirs; the other's deletes itself.
    let keeper = FakeUser::new(987_654_321_021, "CanaryKeeper", None, Some("en"));
    let other = FakeUser::new(987_654_321_022, "CanaryOther", None, Some("en"));
    for user in [&keeper, &other] {
        bridge.fake.push_text(user, "/share");
        wait_until("the invitation", LIMIT, || sent_text(&bridge, user, "CANARY-SHARE-WORDS").is_some()).await;
    }
    let invitation = sent_text(&bridge, &keeper, "CANARY-SHARE-WORDS").unwrap();
    assert_eq!(invitation.text.as_deref(), Some("CANARY-SHARE-WORDS https://t.me/CanaryShareBot?start=share"));
    wait_until("the keep prompt", LIMIT, || sent_text(&bridge, &keeper, "Forward the message").is_some()).await;
    bridge.fake.push_text(&keeper, "/share keep");
    wait_until("kept", LIMIT, || sent_text(&bridge, &keeper, "The message stays").is_some()).await;
    bridge.advance_secs(6 * 60);
    let id = sent_text(&bridge, &other, "CANARY-SHARE-WORDS").unwrap().message_id.unwrap();
    wait_until("the other's is deleted", LIMIT, || !bridge.fake.live_messages(other.id).contains(&id)).await;
    let path = bridge.path().to_path_buf();
    let copy = super::keep_copy(&path);
    bridge.stop().await;
    super::assert_no_canary(
        &copy,
        &[
            Canary::text("the invitation's words", "CANARY-SHARE-WORDS"),
            Canary::text("the invitation's link", "CanaryShareBot?start=share"),
            Canary::number("telegram user id", 987_654_321_021),
            Canary::number("telegram user id", 987_654_321_022),
        ],
    );
    std::fs::remove_dir_all(copy).unwrap();
}

/// News on Telegram: a visitor subscribes, the coordinator previews and sends an announcement;
/// neither the announcement nor who got it reaches the data dir or the log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_announcement_leaves_no_canary_in_the_store_or_the_log() {
    super::trace_log();
    let bridge = Bridge::start_with_coordinator().await;
    let user = FakeUser::new(987_654_321_077, "CanaryNewsName", Some("canary_news_user"), Some("th"));
    bridge.fake.push_text(&user, "/news");
    let subscribed = |bridge: &Bridge| {
        bridge.fake.sent_by("sendMessage").iter().any(|s| s.chat_id == Some(user.id) && s.text.as_deref().is_some_and(|t| t.contains("/news")))
    };
    wait_until("subscribed", LIMIT, || subscribed(&bridge)).await;
    for text in ["!announce all CANARY-NEWS class on Tuesday", "!announce send"] {
        let event = bridge::engine::Event::StaffText {
            from: "@maja:hopenow.test".into(),
            room: bridge::engine::StaffRoom::Duty,
            text: text.into(),
            attachment: None,
            dedupe: None,
        };
        bridge.staff(event).await;
    }
    let announced = |bridge: &Bridge| {
        bridge.fake.sent_by("sendMessage").iter().any(|s| {
            s.chat_id == Some(user.id) && s.protect_content && s.text.as_deref().is_some_and(|t| t.contains("CANARY-NEWS"))
        })
    };
    wait_until("the announcement arrives", LIMIT, || announced(&bridge)).await;
    wait_until("the tally", LIMIT, || bridge.staff.notices().iter().any(|n| n.contains("Announcement 1 is out"))).await;
    let path = bridge.path().to_path_buf();
    let copy = super::keep_copy(&path);
    bridge.stop().await;
    super::assert_no_canary(
        &copy,
        &[
            Canary::text("announcement", "CANARY-NEWS"),
            Canary::text("first name", "CanaryNewsName"),
            Canary::text("username", "canary_news_user"),
            Canary::number("telegram user id", 987_654_321_077),
        ],
    );
    std::fs::remove_dir_all(copy).unwrap();
}
