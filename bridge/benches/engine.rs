//! Engine benchmark: visitor messages in steady state (100 open conversations, 10 staff on duty),
//! durable with group commit, beside the raw sled floor in the same run; and per-event latency at
//! an offered load of 1,000 events/s.
//!
//! `cargo bench -p hopenow-bridge --bench engine`. Prints a table; no criterion, because the
//! figures wanted are throughput ratios and latency percentiles.

// Benchmark code: a failed unwrap is a failed run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use bridge::engine::{Dedupe, Engine, Event, IncomingMessage, RoutingSettings, StaffRoom};
use bridge::i18n::Catalog;
use bridge::roster::{Role, Roster, StaffId, StaffMember};
use bridge::shifts::Shifts;
use bridge::{Author, Direction, MasterKey, PlatformAddress, Store, SystemClock, TranscriptEntry};

const CONVERSATIONS: i64 = 100;
const STAFF: usize = 10;
const MESSAGES: usize = 20_000;
/// Visitor messages carry as much text as the foundation benchmark's transcript record
/// (480 characters), so both sides of the comparison persist the same words per message.
const TEXT_LEN: usize = 480;

fn engine(dir: &std::path::Path) -> Engine {
    let staff: Vec<StaffMember> = (0..STAFF)
        .map(|i| StaffMember {
            id: StaffId::new(format!("staff{i}")),
            alias: format!("Worker {i}, HopeNow"),
            matrix_user: format!("@staff{i}:bench.test"),
            languages: vec!["en".into()],
            roles: vec![Role::Outreach],
            staff_language: "en".into(),
        })
        .collect();
    let store = Store::open(dir, &MasterKey::generate().unwrap()).unwrap();
    let engine = Engine::new(
        store,
        Arc::new(Catalog::embedded().unwrap()),
        Roster::new(staff).unwrap(),
        Shifts::none(),
        RoutingSettings::default(),
        Arc::new(SystemClock),
    )
    .unwrap();
    let on_duty: Vec<Event> = (0..STAFF)
        .map(|i| Event::StaffText {
            from: format!("@staff{i}:bench.test"),
            room: StaffRoom::Duty,
            text: "!duty on".into(),
            attachment: None,
            dedupe: None,
        })
        .collect();
    engine.handle_batch(&on_duty).unwrap();
    let first: Vec<Event> = (0..CONVERSATIONS).map(|v| message(v, 0)).collect();
    engine.handle_batch(&first).unwrap();
    engine.flush().unwrap();
    engine
}

fn message(visitor: i64, n: usize) -> Event {
    let mut text = format!("message {n} ");
    while text.len() < TEXT_LEN {
        text.push_str("lorem ipsum ");
    }
    text.truncate(TEXT_LEN);
    Event::VisitorMessage {
        from: PlatformAddress::Telegram { user_id: 1_000 + visitor, chat_id: 1_000 + visitor },
        message: IncomingMessage::text(text),
        dedupe: Some(Dedupe::Sequence { stream: "telegram".into(), seq: (n as u64) * 1_000 + visitor as u64 }),
    }
}

/// The foundation benchmark's floor: the encoded transcript entry of one message, inserted with
/// plain sled and flushed every `batch`, with the store's sled settings and no crypto.
fn raw_floor(dir: &std::path::Path, batch: usize) -> f64 {
    let db = sled::Config::new().path(dir).cache_capacity(32 * 1024 * 1024).open().unwrap();
    let tree = db.open_tree("transcripts").unwrap();
    let entry =
        TranscriptEntry::text(bridge::Timestamp(0), Direction::FromVisitor, Author::System, "x".repeat(TEXT_LEN));
    let value = postcard::to_allocvec(&entry).unwrap();
    let start = Instant::now();
    for chunk in 0..MESSAGES / batch {
        for i in 0..batch {
            let seq = (chunk * batch + i) as u64;
            let mut key = [0u8; 24];
            key[16..].copy_from_slice(&seq.to_be_bytes());
            tree.insert(key, value.as_slice()).unwrap();
        }
        db.flush().unwrap();
    }
    (MESSAGES / batch * batch) as f64 / start.elapsed().as_secs_f64()
}

fn engine_throughput(dir: &std::path::Path, batch: usize) -> f64 {
    let engine = engine(dir);
    let events: Vec<Event> =
        (0..MESSAGES).map(|i| message(i as i64 % CONVERSATIONS, 1 + i / CONVERSATIONS as usize)).collect();
    let start = Instant::now();
    let mut flushing = Duration::ZERO;
    for chunk in events.chunks(batch) {
        engine.handle_batch(chunk).unwrap();
        let before = Instant::now();
        engine.flush().unwrap();
        flushing += before.elapsed();
    }
    let total = start.elapsed();
    if std::env::var_os("HOPENOW_BENCH_DETAIL").is_some() {
        println!(
            "  batch {batch}: {:.1} µs/msg handling, {:.1} µs/msg flushing",
            (total - flushing).as_secs_f64() * 1e6 / MESSAGES as f64,
            flushing.as_secs_f64() * 1e6 / MESSAGES as f64
        );
    }
    MESSAGES as f64 / total.as_secs_f64()
}

/// Events arrive every millisecond; the loop takes whatever has arrived (up to 64) as one batch,
/// applies it, flushes, and measures arrival → durable for each event.
fn latency_at_1000_per_second(dir: &std::path::Path) -> (Duration, Duration, Duration) {
    const EVENTS: usize = 5_000;
    let engine = engine(dir);
    let (sender, receiver) = mpsc::channel::<(Instant, Event)>();
    let producer = std::thread::spawn(move || {
        let start = Instant::now();
        for i in 0..EVENTS {
            let due = start + Duration::from_micros(1_000 * i as u64);
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
            sender.send((Instant::now(), message(i as i64 % CONVERSATIONS, 1 + i / CONVERSATIONS as usize))).unwrap();
        }
    });
    let mut latencies = Vec::with_capacity(EVENTS);
    while latencies.len() < EVENTS {
        let mut batch = vec![receiver.recv().unwrap()];
        while batch.len() < 64 {
            match receiver.try_recv() {
                Ok(item) => batch.push(item),
                Err(_) => break,
            }
        }
        let events: Vec<Event> = batch.iter().map(|(_, e)| e.clone()).collect();
        engine.handle_batch(&events).unwrap();
        engine.flush().unwrap();
        let done = Instant::now();
        latencies.extend(batch.iter().map(|(sent, _)| done - *sent));
    }
    producer.join().unwrap();
    latencies.sort();
    let pick = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    (pick(0.50), pick(0.99), pick(1.0))
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` does not: then do a quick smoke run only.
    let measuring = std::env::args().any(|a| a == "--bench");
    let dir = tempfile::tempdir().unwrap();
    if !measuring {
        engine(&dir.path().join("smoke"));
        println!("engine bench: smoke run ok (use cargo bench to measure)");
        return;
    }
    println!(
        "Engine benchmark: {CONVERSATIONS} open conversations, {STAFF} staff on duty, {MESSAGES} visitor messages of {TEXT_LEN} bytes"
    );
    println!("{:<12} {:>16} {:>16} {:>10}", "flush every", "raw floor msg/s", "engine msg/s", "ratio");
    for batch in [1usize, 32, 128] {
        let floor = raw_floor(&dir.path().join(format!("raw-{batch}")), batch);
        let engine = engine_throughput(&dir.path().join(format!("engine-{batch}")), batch);
        println!("{batch:<12} {floor:>16.0} {engine:>16.0} {:>9.0}%", 100.0 * engine / floor);
    }
    let (p50, p99, max) = latency_at_1000_per_second(&dir.path().join("latency"));
    println!("latency at 1,000 events/s offered (arrival → durable): p50 {p50:.2?}, p99 {p99:.2?}, max {max:.2?}");
}
