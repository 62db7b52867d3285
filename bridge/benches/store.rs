//! Store benchmarks: durable transcript appends beside the raw sled floor, and visitor lookups.
//!
//! `cargo bench -p hopenow-bridge --bench store`.
//! `sealed_in_one_transaction` is the engine's path: sled rolls its log buffer once per
//! transaction, so the engine groups many events into one. The raw floor writes the same encoded bytes
//! with plain `insert` + `flush` and no crypto, in the same run, so the ratio is what counts.

// Benchmark code: a failed unwrap is a failed run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use bridge::{Author, Direction, MasterKey, PlatformAccount, PlatformAddress, Store, Timestamp, TranscriptEntry};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const T0: Timestamp = Timestamp(1_790_000_000_000);

/// A transcript entry of about 512 bytes encoded, a typical long visitor message.
fn entry() -> TranscriptEntry {
    TranscriptEntry::text(T0, Direction::FromVisitor, Author::System, "x".repeat(480))
}

fn transcript_append(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("sealed"), &MasterKey::generate().unwrap()).unwrap();
    let visitor = store.register_visitor(&PlatformAddress::Telegram { user_id: 1, chat_id: 1 }, T0).unwrap();
    let conversation = store.start_conversation(visitor.visitor().id, T0).unwrap().id;
    // The same sled settings as the store, so the only difference is the crypto.
    let raw_db = sled::Config::new().path(dir.path().join("raw")).cache_capacity(32 * 1024 * 1024).open().unwrap();
    let raw = raw_db.open_tree("transcripts").unwrap();
    let entry = entry();
    let bytes = postcard::to_allocvec(&entry).unwrap();
    let mut raw_seq = 0u64;

    let mut group = c.benchmark_group("transcript_append");
    for batch in [1u64, 32] {
        group.throughput(Throughput::Elements(batch));
        group.bench_function(format!("raw_floor/flush_every_{batch}"), |b| {
            b.iter(|| {
                for _ in 0..batch {
                    let mut key = [0u8; 24];
                    key[16..].copy_from_slice(&raw_seq.to_be_bytes());
                    raw_seq += 1;
                    raw.insert(key, bytes.as_slice()).unwrap();
                }
                raw_db.flush().unwrap();
            })
        });
        group.bench_function(format!("sealed/flush_every_{batch}"), |b| {
            b.iter(|| {
                for _ in 0..batch {
                    black_box(store.append_transcript(conversation, &entry).unwrap());
                }
                store.flush().unwrap();
            })
        });
        group.bench_function(format!("sealed_in_one_transaction/flush_every_{batch}"), |b| {
            b.iter(|| {
                // As the engine commits: one transaction and one flush for the whole batch.: one transaction and one flush for the whole batch.
                store
                    .transact(|tx| {
                        for _ in 0..batch {
                            black_box(tx.append_transcript(conversation, &entry)?);
                        }
                        Ok(())
                    })
                    .unwrap();
                store.flush().unwrap();
            })
        });
    }
    // Without flushes: the CPU cost of sealing, apart from the disk.
    group.throughput(Throughput::Elements(1));
    group.bench_function("raw_floor/no_flush", |b| {
        b.iter(|| {
            let mut key = [0u8; 24];
            key[16..].copy_from_slice(&raw_seq.to_be_bytes());
            raw_seq += 1;
            raw.insert(key, bytes.as_slice()).unwrap();
        })
    });
    group.bench_function("sealed/no_flush", |b| {
        b.iter(|| black_box(store.append_transcript(conversation, &entry).unwrap()))
    });
    group.finish();
}

fn visitor_lookup(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &MasterKey::generate().unwrap()).unwrap();
    const VISITORS: i64 = 10_000;
    store
        .transact(|tx| {
            for user in 0..VISITORS {
                tx.register_visitor(&PlatformAddress::Telegram { user_id: user, chat_id: user }, T0)?;
            }
            Ok(())
        })
        .unwrap();
    store.flush().unwrap();
    let mut group = c.benchmark_group("visitor_lookup");
    group.throughput(Throughput::Elements(1));
    let mut user = 0;
    group.bench_function("blind_index_to_visitor_id", |b| {
        b.iter(|| {
            user = (user + 7919) % VISITORS;
            black_box(store.find_visitor_id(&PlatformAccount::Telegram(user)).unwrap().unwrap())
        })
    });
    group.bench_function("blind_index_to_visitor_record", |b| {
        b.iter(|| {
            user = (user + 7919) % VISITORS;
            black_box(store.find_visitor(&PlatformAccount::Telegram(user)).unwrap().unwrap())
        })
    });
    group.bench_function("register_known_visitor", |b| {
        b.iter(|| {
            user = (user + 7919) % VISITORS;
            black_box(store.register_visitor(&PlatformAddress::Telegram { user_id: user, chat_id: user }, T0).unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, transcript_append, visitor_lookup);
criterion_main!(benches);
