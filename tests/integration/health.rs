//! The bridge says when it is unwell, end to end: the real poll and sync loops report what they
//! saw, the health check the clock runs judges it, and the duty room hears each change once.
//!
//! Thresholds are minutes; the engine's clock is moved past them while the outage lasts a few
//! real seconds, so each test is bounded by the connectors' own retry pace.

use std::sync::Arc;
use std::time::Duration;

use bot::health::{HealthWatch, RunningMarker};
use bridge::engine::Engine;
use bridge::health::{Link, Reachability};
use hopenow_tests::fake_telegram::{FakeTelegram, FakeUser};
use hopenow_tests::matrix_bridge::{Homeserver, Installation, OffsetClock};
use hopenow_tests::telegram_bridge::{Bridge, wait_until};

use crate::matrix::{LIMIT, bidi_free, visitor_got};

fn watch(reachability: &Arc<Reachability>, data_dir: &std::path::Path, engine: &Engine, telegram: bool) -> HealthWatch {
    HealthWatch {
        reachability: Arc::clone(reachability),
        disk: bot::disk::DiskFloor::none(),
        data_dir: data_dir.to_owned(),
        marker: bot::health::Marker { started_at: engine.now().as_millis(), pid: std::process::id() },
        telegram,
        tick_seconds: 30,
    }
}

/// One clock tick's health check, off the async threads as `hopenow run` does it: how many
/// duty-room notices it queued.
async fn check(health: &HealthWatch, engine: &Arc<Engine>) -> usize {
    let (health, engine) = (health.clone(), Arc::clone(engine));
    tokio::task::spawn_blocking(move || health.check(&engine).unwrap().len()).await.unwrap()
}

fn count(notices: &[String], start: &str) -> usize {
    notices.iter().filter(|n| n.starts_with(start)).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn telegram_unreachable_for_minutes_is_told_once_live_and_its_return_once() {
    let mut bridge = Bridge::start().await;
    let health = watch(&bridge.reachability, bridge.path(), &bridge.engine, true);
    let reachability = Arc::clone(&bridge.reachability);
    wait_until("a first answer", LIMIT, || reachability.seen(Link::Telegram).last_ok.is_some()).await;
    assert_eq!(check(&health, &bridge.engine).await, 0, "all well");

    bridge.fake.unreachable().await;
    wait_until("the poller sees it fail", LIMIT, || reachability.seen(Link::Telegram).failing_since.is_some()).await;
    assert_eq!(check(&health, &bridge.engine).await, 0, "a short failure says nothing");
    bridge.advance_secs(6 * 60);
    assert_eq!(check(&health, &bridge.engine).await, 1);
    bridge.outbox.ring();
    let staff = bridge.staff.clone();
    wait_until("the duty room is told while it lasts", LIMIT, || {
        count(&staff.notices(), "⚠ Telegram cannot be reached since") == 1
    })
    .await;
    for _ in 0..3 {
        bridge.advance_secs(30);
        assert_eq!(check(&health, &bridge.engine).await, 0, "ticks while down say nothing more");
    }
    let status = std::fs::read_to_string(bridge.path().join("status.json")).unwrap();
    assert!(status.contains("telegram_unreachable"), "{status}");

    bridge.fake.reachable_again().await;
    wait_until("the poller sees it answer", LIMIT, || reachability.seen(Link::Telegram).failing_since.is_none()).await;
    assert_eq!(check(&health, &bridge.engine).await, 1);
    bridge.outbox.ring();
    wait_until("and is told it is back", LIMIT, || count(&staff.notices(), "✅ Telegram is back at") == 1).await;
    let back = staff.notices().into_iter().find(|n| n.starts_with("✅ Telegram is back")).unwrap();
    assert!(back.contains("after 7 minutes unreachable"), "{back}");

    // And visitors get through again.
    let visitor = FakeUser::new(919_191, "V", None, Some("en"));
    bridge.fake.push_text(&visitor, "are you there");
    wait_until("the visitor is greeted", LIMIT, || visitor_got(&bridge.fake, &visitor, "")).await;
    assert_eq!(check(&health, &bridge.engine).await, 0);
    let notices = staff.notices();
    assert_eq!(count(&notices, "⚠ Telegram cannot be reached"), 1, "{notices:?}");
    assert_eq!(count(&notices, "✅ Telegram is back"), 1, "{notices:?}");
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_homeserver_outage_reaches_the_duty_room_when_it_is_back_both_notices_once() {
    let mut homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let clock = OffsetClock::default();
    let bridge = installation.start_with_clock(&homeserver, &fake, Arc::new(clock.clone())).await;
    let reachability = Arc::clone(&bridge.matrix.reachability);
    let health = watch(&reachability, installation.dir.path(), &bridge.engine, true);
    wait_until("a first sync", LIMIT, || reachability.seen(Link::Homeserver).last_ok.is_some()).await;
    assert_eq!(check(&health, &bridge.engine).await, 0);

    tokio::task::block_in_place(|| homeserver.synapse.stop()).unwrap();
    wait_until("the sync loop sees it fail", LIMIT, || reachability.seen(Link::Homeserver).failing_since.is_some())
        .await;
    clock.advance_secs(6 * 60);
    assert_eq!(check(&health, &bridge.engine).await, 1, "raised (the notice waits in the outbox)");
    clock.advance_secs(30);
    assert_eq!(check(&health, &bridge.engine).await, 0);

    tokio::task::block_in_place(|| homeserver.synapse.restart()).unwrap();
    wait_until("the sync loop sees it answer", Duration::from_secs(120), || {
        reachability.seen(Link::Homeserver).failing_since.is_none()
    })
    .await;
    assert_eq!(check(&health, &bridge.engine).await, 1, "cleared");
    bridge.outbox.ring();
    let grace = &homeserver.grace;
    let duty = homeserver.duty_room.clone();
    let told = |start: &str| {
        grace
            .received()
            .iter()
            .filter(|r| r.room == duty && r.encrypted && bidi_free(&r.body).starts_with(start))
            .count()
    };
    wait_until("Grace decrypts both notices", Duration::from_secs(120), || {
        told("⚠ The Matrix homeserver could not be reached since") >= 1
            && told("✅ The Matrix homeserver is back at") >= 1
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(told("⚠ The Matrix homeserver could not be reached"), 1);
    assert_eq!(told("✅ The Matrix homeserver is back"), 1);
    assert_eq!(check(&health, &bridge.engine).await, 0);
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_start_after_a_crash_tells_the_duty_room_once_and_a_clean_stop_nothing() {
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let data_dir = installation.dir.path();
    let bridge = installation.start(&homeserver, &fake).await;
    let running = RunningMarker::begin_run(&bridge.engine, data_dir).unwrap();
    // Killed: the marker stays.
    std::mem::forget(running);
    bridge.stop().await;

    let bridge = installation.start(&homeserver, &fake).await;
    let running = RunningMarker::begin_run(&bridge.engine, data_dir).unwrap();
    bridge.outbox.ring();
    let grace = &homeserver.grace;
    let duty = homeserver.duty_room.clone();
    let told = || {
        grace
            .received()
            .iter()
            .filter(|r| {
                r.room == duty && r.encrypted && r.body.starts_with("⚠ The bridge did not stop cleanly last time")
            })
            .count()
    };
    wait_until("Grace reads that the bridge did not stop cleanly", LIMIT, || told() == 1).await;
    running.stopped();
    bridge.stop().await;

    let bridge = installation.start(&homeserver, &fake).await;
    let running = RunningMarker::begin_run(&bridge.engine, data_dir).unwrap();
    // Something after it, so the duty room's lane is known to have moved on.
    let visitor = FakeUser::new(929_292, "V", None, Some("en"));
    fake.push_text(&visitor, "hello");
    wait_until("the bridge works", LIMIT, || visitor_got(&fake, &visitor, "")).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(told(), 1, "a clean stop, then a start: nothing");
    running.stopped();
    bridge.stop().await;
}
