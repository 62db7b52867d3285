//! Outbox round cost against the backlog: one round (what a connector does every 500 ms or when
//! rung) with 10 due entries beside 10 and beside 100,000 entries that are not due: replies
//! parked until the visitor asks for them, and auto-hide checks due in an hour.
//!
//! `cargo bench -p hopenow-bridge --bench outbox`. Prints a table.

// Benchmark code: a failed unwrap is a failed run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use bridge::outbox::Action;
use bridge::store::PARKED;
use bridge::time::Timestamp;
use bridge::{ConversationId, MasterKey, PlatformAddress, Store, VisitorId};

const DUE: usize = 10;
const ROUNDS: usize = 200;

fn id(n: usize) -> [u8; 16] {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&(n as u64).to_be_bytes());
    bytes
}

/// A store with `waiting` entries that are not due (half parked replies, half auto-hide checks
/// an hour away, over 1,000 visitors) and `DUE` room posts due now.
fn store(dir: &std::path::Path, key: &MasterKey, waiting: usize, now: Timestamp) -> Store {
    let store = Store::open(dir, key).unwrap();
    let address = |v: usize| PlatformAddress::Telegram { user_id: v as i64, chat_id: v as i64 };
    for chunk in (0..waiting).collect::<Vec<_>>().chunks(1_000) {
        store
            .transact(|tx| {
                for n in chunk {
                    let v = n % 1_000;
                    let visitor = VisitorId::from_bytes(id(v));
                    if n % 2 == 0 {
                        let action = Action::SendToVisitor {
                            visitor,
                            conversation: ConversationId::from_bytes(id(v)),
                            address: address(v),
                            text: "a reply of ordinary length, parked until the visitor asks for it".into(),
                            attachment: None,
                            held: true,
                        };
                        tx.enqueue_at(action, now, PARKED)?;
                    } else {
                        let action = Action::AutoHideChat { visitor, address: address(v), after: now };
                        tx.enqueue_at(action, now, now.plus_minutes(60))?;
                    }
                }
                Ok(())
            })
            .unwrap();
    }
    store
        .transact(|tx| {
            for n in 0..DUE {
                let action = Action::PostToConversation {
                    conversation: ConversationId::from_bytes(id(10_000 + n)),
                    text: "a notice".into(),
                    attachment: None,
                    notice: true,
                };
                tx.enqueue(action, now)?;
            }
            Ok(())
        })
        .unwrap();
    store.flush().unwrap();
    store
}

fn round_cost(store: &Store, now: Timestamp) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            let due = store.outbox_due(now, 256).unwrap();
            let took = started.elapsed();
            assert_eq!(due.len(), DUE);
            took
        })
        .collect();
    times.sort_unstable();
    (times[ROUNDS / 2], times[ROUNDS * 99 / 100])
}

fn main() {
    let measuring = std::env::args().any(|a| a == "--bench");
    let dir = tempfile::tempdir().unwrap();
    let now = Timestamp::from_millis(1_795_777_200_000);
    let backlogs: &[usize] = if measuring { &[10, 100_000] } else { &[10, 1_000] };
    println!("Outbox round: {DUE} due entries beside a backlog that is not due; {ROUNDS} rounds each");
    println!("{:<22} {:>12} {:>12} {:>12}", "entries not due", "median", "p99", "open (s)");
    for &waiting in backlogs {
        let path = dir.path().join(format!("backlog-{waiting}"));
        let key = MasterKey::generate().unwrap();
        drop(store(&path, &key, waiting, now));
        // Opening reads the whole outbox once, to build the index.
        let started = Instant::now();
        let store = Store::open(&path, &key).unwrap();
        let open = started.elapsed().as_secs_f64();
        let (median, p99) = round_cost(&store, now);
        println!("{waiting:<22} {median:>12.2?} {p99:>12.2?} {open:>12.2}");
    }
}
