//! Engine benchmark: visitor messages in steady state (100 open conversations, 10 staff on duty),
//! durable with group commit, beside the raw sled floor in the same run; and per-event latency at
//! an offered load of 1,000 events/s.
//!
//! `cargo bench -p hopenow-bridge --bench engine`. Prints a table; no criterion, because the
//! figures wanted are throughput ratios and latency percentiles. `HOPENOW_BENCH_DETAIL=1` adds,
//! per batch size, handling beside flushing time, and CPU time and bytes written per message on
//! both sides (all threads; from /proc, Linux only).

// Benchmark code: a failed unwrap is a failed run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use bridge::engine::{Dedupe, Engine, Event, IncomingMessage};
use bridge::{Author, Direction, PlatformAddress, TranscriptEntry};

const CONVERSATIONS: i64 = 100;
const STAFF: usize = 10;
const MESSAGES: usize = 20_000;
/// Visitor messages carry as much text as the foundation benchmark's transcript record
/// (480 characters), so both sides of the comparison persist the same words per message.
const TEXT_LEN: usize = 480;

fn engine(dir: &std::path::Path) -> Engine {
    let engine = support::engine_on_duty(dir, &(0..STAFF).map(|i| format!("staff{i}")).collect::<Vec<_>>(), &["en"]);
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

/// What this process has used so far, all threads together (sled writes its log and frees old
/// pages in threads of its own): CPU seconds and bytes written to storage, from /proc (Linux).
/// Wall-clock figures on a shared machine swing with whatever else runs and syncs; CPU time and
/// bytes per message show the work each side does.
#[derive(Clone, Copy)]
struct Usage {
    cpu_seconds: f64,
    written: u64,
}

impl Usage {
    fn now() -> Option<Self> {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        // Fields after the command name: state is the first; utime and stime the 12th and 13th,
        // in clock ticks, which /proc reports at 100 per second.
        let fields: Vec<&str> = stat.get(stat.rfind(')')? + 2..)?.split(' ').collect();
        let ticks = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
        let io = std::fs::read_to_string("/proc/self/io").ok()?;
        let written = io.lines().find_map(|l| l.strip_prefix("write_bytes: "))?.trim().parse().ok()?;
        Some(Self { cpu_seconds: ticks / 100.0, written })
    }

    /// CPU µs and bytes written per message since `before`.
    fn per_message_since(before: Option<Self>) -> Option<(f64, u64)> {
        let (before, after) = (before?, Self::now()?);
        let messages = MESSAGES as f64;
        Some((
            (after.cpu_seconds - before.cpu_seconds) * 1e6 / messages,
            (after.written - before.written) / MESSAGES as u64,
        ))
    }
}

/// Messages per second; with the CPU and bytes per message of the measured part (not the setup).
fn engine_throughput(dir: &std::path::Path, batch: usize) -> (f64, Option<(f64, u64)>) {
    let engine = engine(dir);
    let events: Vec<Event> =
        (0..MESSAGES).map(|i| message(i as i64 % CONVERSATIONS, 1 + i / CONVERSATIONS as usize)).collect();
    let usage = Usage::now();
    let start = Instant::now();
    let mut flushing = Duration::ZERO;
    for chunk in events.chunks(batch) {
        engine.handle_batch(chunk).unwrap();
        let before = Instant::now();
        engine.flush().unwrap();
        flushing += before.elapsed();
    }
    let total = start.elapsed();
    let used = Usage::per_message_since(usage);
    if std::env::var_os("HOPENOW_BENCH_DETAIL").is_some() {
        println!(
            "  batch {batch}: {:.1} µs/msg handling, {:.1} µs/msg flushing",
            (total - flushing).as_secs_f64() * 1e6 / MESSAGES as f64,
            flushing.as_secs_f64() * 1e6 / MESSAGES as f64
        );
    }
    (MESSAGES as f64 / total.as_secs_f64(), used)
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
    let detail = std::env::var_os("HOPENOW_BENCH_DETAIL").is_some();
    for batch in [1usize, 32, 128] {
        let usage = Usage::now();
        let floor = raw_floor(&dir.path().join(format!("raw-{batch}")), batch);
        let floor_used = Usage::per_message_since(usage);
        let (engine, engine_used) = engine_throughput(&dir.path().join(format!("engine-{batch}")), batch);
        if detail && let (Some((floor_cpu, floor_bytes)), Some((engine_cpu, engine_bytes))) = (floor_used, engine_used)
        {
            println!(
                "  batch {batch}: per message, CPU {floor_cpu:.1} µs floor, {engine_cpu:.1} µs engine (ratio {:.0}%); written to storage {floor_bytes} B floor, {engine_bytes} B engine",
                100.0 * floor_cpu / engine_cpu
            );
        }
        println!("{batch:<12} {floor:>16.0} {engine:>16.0} {:>9.0}%", 100.0 * engine / floor);
    }
    let (p50, p99, max) = latency_at_1000_per_second(&dir.path().join("latency"));
    println!("latency at 1,000 events/s offered (arrival → durable): p50 {p50:.2?}, p99 {p99:.2?}, max {max:.2?}");
}
