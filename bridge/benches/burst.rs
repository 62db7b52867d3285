//! A burst of new accounts, as the Telegram channel feeds it to the engine: 5,000 first messages
//! queued at once, taken 100 at a time (a `getUpdates` answer) and applied in one transaction each,
//! while two visitors already in conversation write every 50 ms. Telegram's updates come in one
//! ordered stream, so an existing visitor's message waits for every update before it: its latency
//! (arrival → durable) is the measure of how much the burst holds existing conversations back.
//!
//! `cargo bench -p hopenow-bridge --bench burst`. Prints the figures; no criterion (latency
//! percentiles of one run are what is wanted).

// Benchmark code: a failed unwrap is a failed run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use bridge::PlatformAddress;
use bridge::engine::{Dedupe, Engine, Event, IncomingMessage};

const BURST: i64 = 5_000;
const BATCH: usize = 100;
const EXISTING: i64 = 2;
const PROBE_EVERY: Duration = Duration::from_millis(50);

fn engine(dir: &std::path::Path) -> Engine {
    support::engine_on_duty(dir, &["grace".to_owned(), "ana".to_owned()], &["en", "ro"])
}

fn message(user: i64, seq: u64, text: &str, language: &str) -> Event {
    let mut message = IncomingMessage::text(text);
    message.language_hint = Some(language.into());
    Event::VisitorMessage {
        from: PlatformAddress::Telegram { user_id: user, chat_id: user },
        message,
        dedupe: Some(Dedupe::Sequence { stream: "telegram".into(), seq }),
    }
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` does not: then a smoke run only.
    let measuring = std::env::args().any(|a| a == "--bench");
    let burst = if measuring { BURST } else { 50 };
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path());
    let mut seq = 0u64;
    let mut next = |user: i64, text: &str, language: &str| {
        seq += 1;
        message(user, seq, text, language)
    };
    for user in 0..EXISTING {
        engine.handle(next(900_000 + user, "we were already talking", "en")).unwrap();
    }
    engine.flush().unwrap();

    // Everything the burst sends is queued at once; the probes arrive on their own clock.
    let mut queue: VecDeque<(Option<Instant>, Event)> =
        (0..burst).map(|i| (None, next(1_000_000 + i, "hello", "ro"))).collect();
    let started = Instant::now();
    let mut probes_sent = 0u32;
    let mut latencies = Vec::new();
    let mut burst_done = None;
    while !queue.is_empty() || burst_done.is_none() {
        while started + PROBE_EVERY * probes_sent <= Instant::now() {
            let arrived = started + PROBE_EVERY * probes_sent;
            for user in 0..EXISTING {
                queue.push_back((Some(arrived), next(900_000 + user, "still here", "en")));
            }
            probes_sent += 1;
        }
        if queue.is_empty() {
            burst_done.get_or_insert_with(|| started.elapsed());
            break;
        }
        let batch: Vec<(Option<Instant>, Event)> = queue.drain(..queue.len().min(BATCH)).collect();
        let events: Vec<Event> = batch.iter().map(|(_, e)| e.clone()).collect();
        engine.handle_batch(&events).unwrap();
        engine.flush().unwrap();
        let done = Instant::now();
        latencies.extend(batch.iter().filter_map(|(arrived, _)| arrived.map(|a| done - a)));
    }
    let total = burst_done.unwrap_or_else(|| started.elapsed());
    latencies.sort();
    let pick = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    let waiting = engine.waiting_for_room().unwrap().len();
    println!(
        "burst of {burst} new accounts in batches of {BATCH}: applied in {total:.2?} ({:.0} accounts/s); \
         {waiting} wait for a room",
        burst as f64 / total.as_secs_f64()
    );
    println!(
        "existing conversations' messages during the burst ({}): arrival → durable p50 {} ms, p99 {} ms, max {} ms",
        latencies.len(),
        pick(0.5).as_millis(),
        pick(0.99).as_millis(),
        pick(1.0).as_millis()
    );
}
