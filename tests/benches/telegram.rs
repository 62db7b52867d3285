//! Telegram benchmark: the fake Bot API on loopback, the real connector (poller and outbox
//! worker) and the engine on an encrypted store. 200 visitors send 10,000 messages; reports the
//! messages per second relayed into the engine (pushed into the fake → confirmed to it after the
//! durable commit) and the per-event latency from the `getUpdates` answer to the durable commit.
//!
//! `cargo bench -p hopenow-tests --bench telegram`. Throttle is off for the measurement. Each
//! repetition starts a fresh bridge and first lets every visitor write once, so first contact
//! (registration, greeting, new conversation) is out of the measured burst; one extra cold run
//! measures the same burst with first contact in it. `HOPENOW_BENCH_QUICK=1`: one warm run
//! (and the cold run) instead of three. `HOPENOW_BENCH_DETAIL=1` adds where the time goes: the
//! same burst without the staff side draining meanwhile, and the engine alone on 100-event batches.

// Benchmark code: a failed unwrap is a failed run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use bot::signal::OutboxSignal;
use bot::telegram::{PollStats, Telegram};
use bridge::chat::MessageRef;
use bridge::engine::{Dedupe, Event, IncomingMessage};
use bridge::{Channel, MasterKey, PlatformAddress, SystemClock};
use hopenow_tests::engine::open_engine;
use hopenow_tests::fake_telegram::{FakeTelegram, FakeUser};
use hopenow_tests::telegram_bridge::{Bridge, settings};
use tokio::sync::watch;

const VISITORS: usize = 200;
const MESSAGES: usize = 10_000;
const TARGET_RATE: f64 = 2_000.0;
const TARGET_P99: Duration = Duration::from_millis(20);
/// A bound on a broken run, not a performance assertion.
const LIMIT: Duration = Duration::from_secs(120);

struct Run {
    messages: usize,
    wall: Duration,
    p50: Duration,
    p99: Duration,
    max: Duration,
    batches: usize,
    events: usize,
    relayed: usize,
}

impl Run {
    fn rate(&self) -> f64 {
        self.messages as f64 / self.wall.as_secs_f64()
    }

    fn print(&self, label: &str) {
        println!(
            "{label:<8} {:>6} msgs in {:>8.1?}: {:>7.0} msgs/s | answer→commit p50 {:>8.2?} p99 {:>8.2?} max {:>8.2?} | {} batches, mean {:.1} events | staff relayed {}",
            self.messages,
            self.wall,
            self.rate(),
            self.p50,
            self.p99,
            self.max,
            self.batches,
            self.events as f64 / self.batches.max(1) as f64,
            self.relayed,
        );
    }
}

/// Polls `done` every millisecond; panics with `what` after [`LIMIT`].
async fn wait(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < LIMIT, "timed out after {LIMIT:?} waiting until {what}");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

fn visitors(count: usize) -> Vec<FakeUser> {
    (0..count).map(|n| FakeUser::new(900_000 + n as i64, &format!("Visitor {n}"), None, Some("en"))).collect()
}

/// Pushes `per_visitor` messages for each visitor, round-robin, and waits until the fake's
/// confirmed offset covers the last one (the poller confirms only after the durable commit).
/// Latency comes from the poller's batches recorded after `batches_before`.
async fn burst(bridge: &Bridge, users: &[FakeUser], first: usize, per_visitor: usize) -> Run {
    burst_on(&bridge.fake, &bridge.stats, || bridge.staff.relayed().len(), users, first, per_visitor).await
}

async fn burst_on(
    fake: &FakeTelegram,
    stats: &PollStats,
    relayed: impl Fn() -> usize,
    users: &[FakeUser],
    first: usize,
    per_visitor: usize,
) -> Run {
    let batches_before = stats.batches().len();
    let relayed_before = relayed();
    let start = Instant::now();
    let mut last = 0;
    for i in first..first + per_visitor {
        for (n, user) in users.iter().enumerate() {
            last = fake.push_text(user, &format!("v{n} m{i}")).update_id;
        }
    }
    let messages = users.len() * per_visitor;
    wait(&format!("the fake has confirmation of all {messages} updates"), || {
        fake.committed_offset() > last && fake.pending_updates() == 0
    })
    .await;
    let wall = start.elapsed();
    let relayed = relayed() - relayed_before;

    let measured: Vec<_> = stats.batches().into_iter().skip(batches_before).collect();
    let events: usize = measured.iter().map(|b| b.events).sum();
    assert_eq!(events, messages, "the poller applied as many events as were pushed");
    let mut latencies: Vec<(Duration, usize)> = measured.iter().map(|b| (b.answer_to_commit, b.events)).collect();
    latencies.sort();
    // Each event of a batch waited its batch's answer → commit time.
    let pick = |q: f64| {
        let rank = ((events as f64 * q).ceil() as usize).clamp(1, events);
        let mut seen = 0;
        for (latency, count) in &latencies {
            seen += count;
            if seen >= rank {
                return *latency;
            }
        }
        latencies.last().map(|l| l.0).unwrap_or_default()
    };
    Run { messages, wall, p50: pick(0.50), p99: pick(0.99), max: pick(1.0), batches: measured.len(), events, relayed }
}

/// Waits until the staff side has every relay and the outbox has nothing due.
async fn drained(bridge: &Bridge, relayed: usize) {
    wait(&format!("the staff side has {relayed} relayed messages"), || bridge.staff.relayed().len() >= relayed).await;
    wait("the outbox has nothing due", || bridge.engine.due(1).unwrap().is_empty()).await;
}

/// One fresh bridge. `warm`: every visitor writes once first (reported as the warm-up run).
async fn repetition(visitor_count: usize, per_visitor: usize, warm: bool) -> (Option<Run>, Run) {
    let users = visitors(visitor_count);
    let bridge = Bridge::start_with(false).await;
    let warm_up = if warm {
        let run = burst(&bridge, &users, 0, 1).await;
        drained(&bridge, visitor_count).await;
        Some(run)
    } else {
        None
    };
    let first = usize::from(warm);
    let run = burst(&bridge, &users, first, per_visitor).await;
    bridge.stop().await;
    (warm_up, run)
}

fn median(runs: &[Run], f: impl Fn(&Run) -> f64) -> f64 {
    let mut values: Vec<f64> = runs.iter().map(f).collect();
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn verdict(ok: bool) -> &'static str {
    if ok { "PASS" } else { "BELOW" }
}

async fn bench(quick: bool) {
    let per_visitor = MESSAGES / VISITORS;
    let repetitions = if quick { 1 } else { 3 };
    println!(
        "Telegram benchmark: fake Bot API on 127.0.0.1, {VISITORS} visitors, {MESSAGES} messages ({per_visitor} each, round-robin), Throttle off"
    );
    let mut runs = Vec::new();
    for r in 1..=repetitions {
        let (warm_up, run) = repetition(VISITORS, per_visitor, true).await;
        if let Some(warm_up) = warm_up {
            warm_up.print(&format!("first {r}"));
        }
        run.print(&format!("warm {r}"));
        runs.push(run);
    }
    let (_, cold) = repetition(VISITORS, per_visitor, false).await;
    cold.print("cold");

    let rate = median(&runs, Run::rate);
    let p50 = Duration::from_secs_f64(median(&runs, |r| r.p50.as_secs_f64()));
    let p99 = Duration::from_secs_f64(median(&runs, |r| r.p99.as_secs_f64()));
    let max = Duration::from_secs_f64(median(&runs, |r| r.max.as_secs_f64()));
    println!("median of {repetitions} warm: {rate:.0} msgs/s, p50 {p50:.2?}, p99 {p99:.2?}, max {max:.2?}");
    println!(
        "target ≥ {TARGET_RATE:.0} msgs/s: {} · target p99 < {TARGET_P99:?}: {}",
        verdict(rate >= TARGET_RATE),
        verdict(p99 < TARGET_P99)
    );
}

/// The connector and the engine alone, without the staff side draining the relays meanwhile.
async fn without_staff_side(per_visitor: usize) -> Run {
    let users = visitors(VISITORS);
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let engine = Arc::new(open_engine(dir.path(), &MasterKey::generate().unwrap(), Arc::new(SystemClock)).unwrap());
    let (shutdown, watch) = watch::channel(false);
    let stats: Arc<PollStats> = Arc::default();
    let settings =
        bot::telegram::TelegramSettings { batch_timings: Some(Arc::clone(&stats)), ..settings(&fake, false) };
    let telegram = Telegram::new(settings, Arc::clone(&engine), OutboxSignal::default());
    let task = tokio::spawn(async move { telegram.run(watch).await.unwrap() });
    burst_on(&fake, &stats, || 0, &users, 0, 1).await;
    let run = burst_on(&fake, &stats, || 0, &users, 1, per_visitor).await;
    shutdown.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(40), task).await.expect("the connector stops").unwrap();
    fake.shutdown().await;
    run
}

/// The engine alone: 100-event batches (one `getUpdates` answer's worth, built as the poller
/// builds them) applied and flushed back to back on a warm engine. Prints handling and flushing
/// times per batch.
fn engine_floor(per_visitor: usize) {
    let dir = tempfile::tempdir().unwrap();
    let engine = open_engine(dir.path(), &MasterKey::generate().unwrap(), Arc::new(SystemClock)).unwrap();
    let event = |n: usize, i: usize| {
        let user_id = 900_000 + n as i64;
        let message_id = (i * VISITORS + n + 1) as i32;
        let mut message = IncomingMessage::text(format!("v{n} m{i}"));
        message.reference = Some(MessageRef::telegram(message_id));
        message.language_hint = Some("en".into());
        Event::VisitorMessage {
            from: PlatformAddress::Telegram { user_id, chat_id: user_id },
            message,
            dedupe: Some(Dedupe::Key { channel: Channel::Telegram, id: format!("m:{user_id}:{message_id}") }),
        }
    };
    let events: Vec<Event> = (0..VISITORS).map(|n| event(n, 0)).collect();
    engine.handle_batch(&events).unwrap();
    engine.flush().unwrap();
    let events: Vec<Event> =
        (1..=per_visitor).flat_map(|i| (0..VISITORS).map(move |n| (n, i))).map(|(n, i)| event(n, i)).collect();
    let (mut handling, mut flushing) = (Vec::new(), Vec::new());
    for chunk in events.chunks(100) {
        let start = Instant::now();
        engine.handle_batch(chunk).unwrap();
        let handled = Instant::now();
        engine.flush().unwrap();
        handling.push(handled - start);
        flushing.push(handled.elapsed());
    }
    let show = |name: &str, mut times: Vec<Duration>| {
        times.sort();
        let total: Duration = times.iter().sum();
        let pick = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
        println!(
            "  {name}: p50 {:.2?}, p99 {:.2?}, max {:.2?} per 100-event batch ({:.0} µs/event)",
            pick(0.5),
            pick(0.99),
            pick(1.0),
            total.as_secs_f64() * 1e6 / events.len() as f64
        );
    };
    println!("engine alone, {} events in batches of 100:", events.len());
    show("handle_batch", handling);
    show("flush       ", flushing);
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    // `cargo bench` passes --bench; `cargo test --benches` does not: then do a quick smoke run only.
    let measuring = std::env::args().any(|a| a == "--bench");
    if !measuring {
        let (_, run) = runtime.block_on(repetition(5, 4, true));
        assert_eq!(run.events, 20);
        println!("telegram bench: smoke run ok (use cargo bench to measure)");
        return;
    }
    let quick = std::env::var_os("HOPENOW_BENCH_QUICK").is_some_and(|v| v != "0" && !v.is_empty());
    runtime.block_on(bench(quick));
    if std::env::var_os("HOPENOW_BENCH_DETAIL").is_some() {
        runtime.block_on(without_staff_side(MESSAGES / VISITORS)).print("no staff");
        engine_floor(MESSAGES / VISITORS);
    }
}
