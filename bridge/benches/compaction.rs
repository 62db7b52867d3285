//! Compaction benchmark: what taking shredded values off the disk costs for a store of 10,000
//! conversations (each with a few visitor messages and staff replies), after 1% of its
//! visitors asked to be forgotten.
//!
//! `cargo bench -p hopenow-bridge --bench compaction`. Prints a table: the time of one
//! compaction, the sled files before and after, and the extra disk it needs while it runs (the
//! new generation exists beside the old one until the old one is erased). No criterion: one
//! compaction of a large store is the figure wanted, not a distribution of small ones.

// Benchmark code: a failed unwrap is a failed run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::time::Instant;

use bridge::PlatformAddress;
use bridge::engine::{Engine, Event, IncomingMessage, StaffRoom};
use bridge::visitor_command::VisitorCommand;

const CONVERSATIONS: i64 = 10_000;
/// Visitor messages per conversation; each gets a staff reply.
const MESSAGES: usize = 3;
const TEXT_LEN: usize = 200;
const STAFF: usize = 10;
const BATCH: usize = 256;

fn address(visitor: i64) -> PlatformAddress {
    PlatformAddress::Telegram { user_id: 1_000 + visitor, chat_id: 1_000 + visitor }
}

fn text(n: usize) -> String {
    let mut text = format!("message {n} ");
    while text.len() < TEXT_LEN {
        text.push_str("lorem ipsum ");
    }
    text.truncate(TEXT_LEN);
    text
}

fn engine(dir: &std::path::Path) -> Engine {
    support::engine_on_duty(dir, &(0..STAFF).map(|i| format!("staff{i}")).collect::<Vec<_>>(), &["en"])
}

fn populate(engine: &Engine) {
    for n in 0..MESSAGES {
        let visitors: Vec<i64> = (0..CONVERSATIONS).collect();
        for chunk in visitors.chunks(BATCH) {
            let batch: Vec<Event> = chunk
                .iter()
                .map(|v| Event::VisitorMessage {
                    from: address(*v),
                    message: IncomingMessage::text(text(n)),
                    dedupe: None,
                })
                .collect();
            engine.handle_batch(&batch).unwrap();
            engine.flush().unwrap();
            deliver_all(engine);
        }
        // Staff answer in each conversation room.
        let conversations: Vec<_> = engine
            .store()
            .scan_conversations()
            .unwrap()
            .into_iter()
            .map(|(id, c)| (id, c.assignee().map(|s| s.to_string())))
            .collect();
        for chunk in conversations.chunks(BATCH) {
            let batch: Vec<Event> = chunk
                .iter()
                .filter_map(|(id, staff)| {
                    Some(Event::StaffText {
                        from: format!("@{}:bench.test", staff.as_ref()?),
                        room: StaffRoom::Conversation(*id),
                        text: text(n),
                        attachment: None,
                        dedupe: None,
                    })
                })
                .collect();
            engine.handle_batch(&batch).unwrap();
            engine.flush().unwrap();
            deliver_all(engine);
        }
    }
    deliver_all(engine);
}

/// The connectors deliver what each batch queued, as they would while it runs: the outbox
/// stays small (a round reads the whole outbox, so draining 100,000 entries at the end would
/// measure that instead of the store).
fn deliver_all(engine: &Engine) {
    loop {
        let due = engine.due(1_000).unwrap();
        if due.is_empty() {
            break;
        }
        let outcomes: Vec<_> = due.into_iter().map(|e| (e, bridge::engine::Outcome::Delivered(Vec::new()))).collect();
        engine.settle(&outcomes).unwrap();
    }
    engine.flush().unwrap();
}

fn du(path: &std::path::Path) -> u64 {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => std::fs::read_dir(path).unwrap().map(|e| du(&e.unwrap().path())).sum(),
        Ok(meta) => meta.len(),
        Err(_) => 0,
    }
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine(dir.path());
    let started = Instant::now();
    populate(&engine);
    println!("populated {CONVERSATIONS} conversations in {:.1} s", started.elapsed().as_secs_f64());
    // A first compaction settles the store (what a daily run finds after the first day).
    let first = engine.store().compact().unwrap();
    println!(
        "first compaction: {} records, {:.1} MiB -> {:.1} MiB, {} ms",
        first.records,
        mib(first.bytes_before),
        mib(first.bytes_after),
        first.millis
    );

    // 1% of the visitors ask to be forgotten.
    for v in (0..CONVERSATIONS).step_by(100) {
        for command in [VisitorCommand::Forget, VisitorCommand::ConfirmForget(true)] {
            engine
                .handle(Event::VisitorCommand {
                    from: address(v),
                    command,
                    reference: None,
                    language_hint: None,
                    dedupe: None,
                })
                .unwrap();
        }
    }
    engine.flush().unwrap();
    let before = du(dir.path());
    let mut runs = Vec::new();
    for _ in 0..3 {
        let compacted = engine.store().compact().unwrap();
        runs.push(compacted);
    }
    let after = du(dir.path());
    let shred = runs[0];
    let mut millis: Vec<u64> = runs.iter().map(|r| r.millis).collect();
    millis.sort_unstable();
    println!();
    println!("| store of {CONVERSATIONS} conversations, 1% shredded | figure |");
    println!("|---|---|");
    println!("| live records copied | {} |", shred.records);
    println!("| one compaction (median of 3) | {} ms |", millis[1]);
    println!("| sled files before the compaction | {:.1} MiB |", mib(shred.bytes_before));
    println!("| sled files after | {:.1} MiB |", mib(shred.bytes_after));
    println!("| extra disk while it runs (the new generation) | {:.1} MiB |", mib(shred.bytes_after));
    println!("| data dir before / after | {:.1} MiB / {:.1} MiB |", mib(before), mib(after));
}
