use std::time::Duration;

use hopenow_tests::canary::Canary;
use hopenow_tests::fake_libretranslate::{FakeLibreTranslate, Fault, Settings};
use hopenow_tests::fake_telegram::{FakeTelegram, FakeUser};
use hopenow_tests::matrix_bridge::{Homeserver, Installation, Translation};
use hopenow_tests::telegram_bridge::wait_until;

const LIMIT: Duration = Duration::from_secs(60);

/// A conversation machine translated both ways, with a failure in between (failures are what
/// gets logged), leaves neither the visitor's words, nor Grace's, nor the service's translations
/// in the log at `trace` or in the data dir.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_translated_conversation_leaves_no_canary_and_no_translation_in_the_log() {
    super::trace_log();
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let service = FakeLibreTranslate::start(Settings::default()).await;
    let bridge = installation.start_translating(&homeserver, &fake, &Translation::at(service.url())).await;
    let grace = &homeserver.grace;
    grace.say(&homeserver.duty_room, "!duty on").await;
    wait_until("grace on duty", LIMIT, || bridge.engine.routing().unwrap().on_duty().next().is_some()).await;

    let visitor = FakeUser::new(838_383_838_383, "CanaryThaiName", Some("canary_th_user"), Some("th"));
    let seen = |text: &str| grace.received().into_iter().find(|r| r.body.contains(text)).map(|r| r.room);
    fake.push_text(&visitor, "CANARY-THWORDS สวัสดีค่ะ ช่วยด้วย");
    wait_until("the translation lands", LIMIT, || seen("⟦th→en⟧ CANARY-THWORDS").is_some()).await;
    let room = seen("⟦th→en⟧ CANARY-THWORDS").unwrap();

    // Down for one reply: the failure is logged, and must say nothing of the text.
    service.set_fault(Some(Fault::ServerError));
    grace.say(&room, "CANARY-GRWORDS please tell me more").await;
    wait_until("grace is told it waits", LIMIT, || seen("⏳").is_some()).await;
    service.set_fault(None);
    let got = |text: &str| {
        fake.sent_by("sendMessage")
            .iter()
            .any(|s| s.chat_id == Some(visitor.id) && s.text.as_deref().unwrap_or("").contains(text))
    };
    wait_until("the reply arrives translated", LIMIT, || got("⟦en→th⟧ CANARY-GRWORDS")).await;
    wait_until("the room shows the back-translation", LIMIT, || {
        grace.received().iter().any(|r| r.body.contains("Back-translation") && r.body.contains("CANARY-GRWORDS"))
    })
    .await;

    let copy = super::keep_copy(installation.dir.path());
    bridge.stop().await;
    let log = std::fs::read_to_string(super::trace_log()).unwrap();
    assert!(log.contains("a machine translation failed"), "the failure was logged, so the scan proves something");
    super::assert_no_canary(
        &copy,
        &[
            Canary::text("the visitor's words", "CANARY-THWORDS"),
            Canary::text("the visitor's Thai", "ช่วยด้วย"),
            Canary::text("Grace's reply", "CANARY-GRWORDS"),
            Canary::text("a translation into English", "⟦th→en⟧"),
            Canary::text("a translation into Thai", "⟦en→th⟧"),
            Canary::text("Telegram first name", "CanaryThaiName"),
            Canary::text("Telegram username", "canary_th_user"),
            Canary::number("Telegram user id", 838_383_838_383),
        ],
    );
    std::fs::remove_dir_all(copy).unwrap();
}
