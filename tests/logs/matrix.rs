use std::time::Duration;

use hopenow_tests::canary::Canary;
use hopenow_tests::fake_telegram::{FakeTelegram, FakeUser};
use hopenow_tests::matrix_bridge::{Homeserver, Installation, OffsetClock, PASSWORD};
use hopenow_tests::staff_client::StaffClient;
use hopenow_tests::telegram_bridge::wait_until;

const LIMIT: Duration = Duration::from_secs(60);

/// The whole Matrix path — a Matrix visitor and a Telegram visitor, both answered from encrypted
/// conversation rooms — leaves neither words nor identities in the data dir (our store and
/// matrix-sdk's) or the log.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_matrix_path_leaves_no_canary_in_the_store_or_the_log() {
    super::trace_log();
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let bridge = installation.start(&homeserver, &fake).await;
    let grace = &homeserver.grace;
    grace.say(&homeserver.duty_room, "!duty on").await;
    wait_until("grace on duty", LIMIT, || bridge.engine.routing().unwrap().on_duty().next().is_some()).await;

    homeserver.synapse.register("canary-mx-visitor", PASSWORD, false).unwrap();
    let visitor = StaffClient::login(&homeserver.synapse.url(), "canary-mx-visitor", PASSWORD).await;
    visitor.client.account().set_display_name(Some("CanaryDisplayName")).await.unwrap();
    let chat = visitor.create_direct_chat(&homeserver.bot).await;
    visitor.wait_for_member(&chat, &homeserver.bot).await;
    visitor.say(&chat, "CANARY-MXTEXT from a Matrix visitor").await;
    let telegram = FakeUser::new(876_543_210_987, "CanaryTgName", Some("canary_tg_user"), Some("en"));
    fake.push_text(&telegram, "CANARY-TGTEXT from a Telegram visitor");

    let relayed = |text: &str| grace.received().into_iter().find(|r| r.body.ends_with(text)).map(|r| r.room);
    wait_until("both reach staff", LIMIT, || {
        relayed("CANARY-MXTEXT from a Matrix visitor").is_some()
            && relayed("CANARY-TGTEXT from a Telegram visitor").is_some()
    })
    .await;
    let matrix_room = relayed("CANARY-MXTEXT from a Matrix visitor").unwrap();
    let telegram_room = relayed("CANARY-TGTEXT from a Telegram visitor").unwrap();
    grace.say(&matrix_room, "CANARY-MXREPLY from grace").await;
    grace.say(&telegram_room, "CANARY-TGREPLY from grace").await;
    wait_until("both answers arrive", LIMIT, || {
        visitor.received().iter().any(|r| r.body.contains("CANARY-MXREPLY"))
            && fake.sent_by("sendMessage").iter().any(|s| s.text.as_deref().unwrap_or("").contains("CANARY-TGREPLY"))
    })
    .await;
    let matrix_id = visitor.client.user_id().unwrap().to_string();
    let account = bridge::PlatformAccount::Matrix(matrix_id);
    let pseudonym = bridge.engine.store().find_visitor(&account).unwrap().unwrap().pseudonym.to_string();
    let copy = super::keep_copy(installation.dir.path());
    bridge.stop().await;
    super::assert_pseudonym_only_at_debug(&pseudonym);
    super::assert_no_canary(
        &copy,
        &[
            Canary::text("Matrix visitor's text", "CANARY-MXTEXT"),
            Canary::text("Telegram visitor's text", "CANARY-TGTEXT"),
            Canary::text("reply to the Matrix visitor", "CANARY-MXREPLY"),
            Canary::text("reply to the Telegram visitor", "CANARY-TGREPLY"),
            Canary::text("Matrix visitor's id", "canary-mx-visitor"),
            Canary::text("Matrix visitor's display name", "CanaryDisplayName"),
            Canary::text("Telegram first name", "CanaryTgName"),
            Canary::text("Telegram username", "canary_tg_user"),
            Canary::number("Telegram user id", 876_543_210_987),
        ],
    );
    std::fs::remove_dir_all(copy).unwrap();
}

/// A staff message the engine cannot apply (it touches a conversation record that fails to
/// authenticate: the data dir was altered) sits between two ordinary answers to another visitor.
/// Both answers arrive, in order; the broken one is skipped, and the duty room is told once,
/// even after a restart reads it back; its words are in no log.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_matrix_event_the_engine_cannot_apply_is_skipped_and_later_ones_arrive() {
    super::trace_log();
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let bridge = installation.start(&homeserver, &fake).await;
    let grace = &homeserver.grace;
    grace.say(&homeserver.duty_room, "!duty on").await;
    wait_until("grace on duty", LIMIT, || bridge.engine.routing().unwrap().on_duty().next().is_some()).await;
    let ada = FakeUser::new(616_161, "Ada", None, Some("en"));
    let bea = FakeUser::new(626_262, "Bea", None, Some("en"));
    fake.push_text(&ada, "hello from ada");
    fake.push_text(&bea, "hello from bea");
    let relayed = |text: &str| grace.received().into_iter().find(|r| r.body.ends_with(text)).map(|r| r.room);
    wait_until("both reach staff", LIMIT, || {
        relayed("hello from ada").is_some() && relayed("hello from bea").is_some()
    })
    .await;
    let (ada_room, bea_room) = (relayed("hello from ada").unwrap(), relayed("hello from bea").unwrap());
    let bea_conversation = bridge.conversation_of(&bea).unwrap();
    bridge.stop().await;

    // Bea's conversation record is altered on disk: every event that touches it fails to apply.
    hopenow_tests::engine::damage_conversation_record(installation.dir.path(), bea_conversation).unwrap();
    let bridge = installation.start(&homeserver, &fake).await;
    grace.say(&ada_room, "first answer to ada").await;
    grace.say(&bea_room, "CANARY-POISON words for bea").await;
    grace.say(&ada_room, "second answer to ada").await;
    let answers = || -> Vec<String> {
        fake.sent_by("sendMessage")
            .into_iter()
            .filter(|s| s.chat_id == Some(ada.id))
            .filter_map(|s| s.text)
            .filter(|t| t.contains("answer to ada"))
            .collect()
    };
    wait_until("both answers reach ada", LIMIT, || answers().len() == 2).await;
    let answers = answers();
    assert!(answers[0].contains("first answer") && answers[1].contains("second answer"), "in order: {answers:?}");
    let told = || {
        grace
            .received()
            .into_iter()
            .filter(|r| r.room == homeserver.duty_room && r.body.contains("could not be processed"))
            .count()
    };
    wait_until("the duty room is told", LIMIT, || told() == 1).await;
    assert!(
        !fake.sent_by("sendMessage").iter().any(|s| s.text.as_deref().unwrap_or("").contains("CANARY-POISON")),
        "the broken message went nowhere"
    );

    // A restart a day later reads the skipped message back: recognized by its event id, not
    // skipped and told again (the hourly limit on notices would not hide a second one by then).
    let copy = super::keep_copy(installation.dir.path());
    bridge.stop().await;
    let clock = OffsetClock::default();
    clock.advance_days(1);
    let bridge = installation.start_with_clock(&homeserver, &fake, std::sync::Arc::new(clock)).await;
    grace.say(&ada_room, "third answer to ada").await;
    wait_until("the third answer", LIMIT, || {
        fake.sent_by("sendMessage")
            .iter()
            .any(|s| s.chat_id == Some(ada.id) && s.text.as_deref().unwrap_or("").contains("third answer"))
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    // A day on, a second unreadable event would be told at once: none is.
    assert_eq!(told(), 1, "told once, not again for the redelivery");
    bridge.stop().await;
    super::assert_no_canary(&copy, &[Canary::text("the skipped staff message", "CANARY-POISON")]);
    std::fs::remove_dir_all(copy).unwrap();
}
