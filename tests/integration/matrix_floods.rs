//! A flood of new Telegram accounts against a Synapse whose room, invite and join limits are a
//! stock server's: rooms open at the admission rate, the duty room gets summaries, every update
//! is confirmed, and the conversations that existed before keep flowing.

use std::time::{Duration, Instant, SystemTime};

use hopenow_tests::fake_telegram::{FakeTelegram, FakeUser};
use hopenow_tests::matrix_bridge::{Homeserver, Installation};
use hopenow_tests::telegram_bridge::wait_until;

use crate::matrix::{first_relayed, got_in, on_duty};

/// New accounts in the burst (`HOPENOW_BURST_ACCOUNTS` to try another size).
const BURST: i64 = 5_000;
/// Messages each existing visitor writes during the burst, one every `PROBE_EVERY`.
const PROBES: usize = 30;
const PROBE_EVERY: Duration = Duration::from_millis(500);
/// The default of `[limits] new_conversations_per_minute`.
const ROOMS_PER_MINUTE: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_new_accounts_opens_rooms_at_the_rate_and_existing_conversations_keep_flowing() {
    let burst: i64 = std::env::var("HOPENOW_BURST_ACCOUNTS").ok().and_then(|v| v.parse().ok()).unwrap_or(BURST);
    let homeserver = Homeserver::start_with_room_limits_at_defaults().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let bridge = installation.start(&homeserver, &fake).await;
    let grace = &homeserver.grace;
    on_duty(&homeserver, &bridge).await;

    let existing: Vec<FakeUser> = (0..2).map(|i| FakeUser::new(900_000 + i, "Old", None, Some("en"))).collect();
    let mut rooms = Vec::new();
    for (i, visitor) in existing.iter().enumerate() {
        rooms.push(first_relayed(&bridge, grace, &fake, visitor, &format!("before the burst {i}")).await);
    }
    let rooms_before = bridge.matrix.client.joined_rooms().len();
    let duty_before = grace.received().iter().filter(|r| r.room == homeserver.duty_room).count();

    // The burst: every new account writes once, all at once.
    let started = Instant::now();
    let newcomers: Vec<FakeUser> = (0..burst).map(|i| FakeUser::new(1_000_000 + i, "New", None, Some("ro"))).collect();
    for visitor in &newcomers {
        fake.push_text(visitor, "FLOOD-CANARY hello");
    }
    // Meanwhile the visitors who were already talking go on writing.
    let mut probes = Vec::new();
    for k in 0..PROBES {
        for (visitor, room) in existing.iter().zip(&rooms) {
            let text = format!("probe {k} from {}", visitor.id);
            fake.push_text(visitor, &text);
            probes.push((room.clone(), text, SystemTime::now()));
        }
        tokio::time::sleep(PROBE_EVERY).await;
    }
    let limit = Duration::from_secs(180);
    wait_until("every probe reaches the staffer", limit, || {
        probes.iter().all(|(room, text, _)| got_in(grace, room, text))
    })
    .await;
    wait_until("every update of the burst is confirmed", limit, || fake.pending_updates() == 0).await;
    let confirmed_after = started.elapsed();

    let received = grace.received();
    let mut latencies: Vec<Duration> = probes
        .iter()
        .map(|(room, text, sent)| {
            let got = received.iter().find(|r| &r.room == room && r.body.ends_with(text.as_str())).unwrap();
            got.at.duration_since(*sent).unwrap_or_default()
        })
        .collect();
    latencies.sort();
    let pick = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    let elapsed = started.elapsed();
    let minutes = elapsed.as_secs() / 60 + 1;
    let rooms_made = bridge.matrix.client.joined_rooms().len() - rooms_before;
    let duty_lines: Vec<String> =
        received.iter().filter(|r| r.room == homeserver.duty_room).skip(duty_before).map(|r| r.body.clone()).collect();
    println!(
        "burst of {burst} new accounts: all confirmed after {confirmed_after:.1?}; existing conversations' relay \
         latency over {} messages: p50 {:.0?}, p99 {:.0?}, max {:.0?}; rooms made {rooms_made} in {elapsed:.0?}; \
         duty-room lines {}; waiting for a room {}",
        latencies.len(),
        pick(0.5),
        pick(0.99),
        pick(1.0),
        duty_lines.len(),
        bridge.engine.waiting_for_room().unwrap().len(),
    );

    // Rooms: at most the burst and the rate since (Synapse's own limits may make it fewer).
    assert!(rooms_made <= ROOMS_PER_MINUTE * (minutes as usize + 1), "{rooms_made} rooms in {minutes} min");
    let waiting = bridge.engine.waiting_for_room().unwrap().len();
    assert!(waiting as i64 >= burst - (ROOMS_PER_MINUTE as i64) * (minutes as i64 + 1), "{waiting} waiting");
    // The duty room: a few lines a minute, not one per account.
    assert!(duty_lines.len() <= 8 * minutes as usize, "{} duty lines: {duty_lines:?}", duty_lines.len());
    assert!(duty_lines.iter().all(|l| !l.contains("FLOOD-CANARY")));
    // A newcomer whose room waits was told so, in their language.
    let last = newcomers.last().unwrap();
    wait_until("the last newcomer is told to wait, in Romanian", limit, || {
        fake.sent_by("sendMessage").iter().any(|s| {
            s.chat_id == Some(last.id)
                && s.text.as_deref().is_some_and(|t| t.contains("Acum ne scriu foarte multe persoane"))
        })
    })
    .await;
    bridge.stop().await;
}
