//! Rendering a visitor message from the bundles built once at start (target: ≥ 500,000 formats
//! a second on one core). `cargo bench -p hopenow-bridge --bench i18n`; criterion's throughput
//! line is formats per second.

// Benchmark code: a failed unwrap is a failed run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use bridge::i18n::{Arg, Catalog};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn render(c: &mut Criterion) {
    let catalog = Catalog::embedded().unwrap();
    let mut group = c.benchmark_group("render");
    group.throughput(Throughput::Elements(1));
    // The commonest: a staff reply with two placeables.
    let reply = [("alias", Arg::from("Grace, HopeNow")), ("text", Arg::from("We are here. Are you safe?"))];
    group.bench_function("staff-reply (ro)", |b| b.iter(|| catalog.render(black_box("ro"), "staff-reply", &reply)));
    // A long sentence with two placeables, right to left.
    let hours = [("time", Arg::from("20:00")), ("emergency", Arg::from("112"))];
    group.bench_function("out-of-hours-today (ar)", |b| {
        b.iter(|| catalog.render(black_box("ar"), "out-of-hours-today", &hours))
    });
    // A plural select on a number.
    let limit = [("limit", Arg::from(4096_u32))];
    group.bench_function("message-too-long (ru, plural)", |b| {
        b.iter(|| catalog.render(black_box("ru"), "message-too-long", &limit))
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
