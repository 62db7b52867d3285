use std::time::Duration;

use hopenow_tests::canary::Canary;
use hopenow_tests::fake_telegram::{FakeTelegram, FakeUser};
use hopenow_tests::matrix_bridge::{Homeserver, Installation, PASSWORD};
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
