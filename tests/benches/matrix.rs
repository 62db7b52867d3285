//! Matrix measured run: a real Synapse on loopback, the fake Telegram Bot API, the bridge, and a
//! staffer's matrix-sdk client with encryption.
//!
//! - visitor → staff: 500 Telegram messages, each from the push into the fake until the staff
//!   client has it decrypted; split at the homeserver's receipt (`origin_server_ts`) into the
//!   bridge's share (fake → engine → outbox → Matrix send) and Synapse's plus the client's.
//! - staff → visitor: 500 staff messages, each from the staff client's send returning until the
//!   fake Telegram server has the `sendMessage`.
//! - memory: the release `hopenow run` binary, idle with 50 open conversations, its RSS.
//!
//! `cargo bench -p hopenow-tests --bench matrix` (needs Python 3 for Synapse, like the tests).
//! `HOPENOW_BENCH_QUICK=1` sends 100 instead of 500.

// Benchmark code: a failed unwrap is a failed run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// matrix-sdk's futures need a deeper trait-solver recursion than the default.
#![recursion_limit = "256"]

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use hopenow_tests::fake_telegram::{FakeTelegram, FakeUser};
use hopenow_tests::matrix_bridge::{Homeserver, Installation};
use hopenow_tests::telegram_bridge::wait_until;

const LIMIT: Duration = Duration::from_secs(120);

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentiles(mut values: Vec<Duration>) -> (Duration, Duration, Duration) {
    values.sort();
    let pick = |q: f64| values[((values.len() as f64 * q).ceil() as usize).clamp(1, values.len()) - 1];
    (pick(0.5), pick(0.99), pick(1.0))
}

fn since_epoch(t: SystemTime) -> Duration {
    t.duration_since(UNIX_EPOCH).unwrap()
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("matrix measured run: skipped without --bench (it starts Synapse)");
        return;
    }
    let count = if std::env::var_os("HOPENOW_BENCH_QUICK").is_some() { 100 } else { 500 };
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(run(count));
}

async fn run(count: usize) {
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let bridge = installation.start(&homeserver, &fake).await;
    let grace = &homeserver.grace;
    grace.say(&homeserver.duty_room, "!duty on").await;
    wait_until("on duty", LIMIT, || bridge.engine.routing().unwrap().on_duty().count() == 1).await;
    let visitor = FakeUser::new(990_001, "V", None, Some("en"));
    fake.push_text(&visitor, "warm-up");
    wait_until("the room", LIMIT, || bridge.room_of(&visitor).is_some()).await;
    let room = bridge.room_of(&visitor).unwrap();
    wait_until("warm-up relayed", LIMIT, || {
        grace.received().iter().any(|r| r.room == room && r.body.ends_with("warm-up"))
    })
    .await;
    grace.say(&room, "warm-up reply").await;
    wait_until("warm-up answered", LIMIT, || sent_count(&fake, &visitor, "warm-up reply") == 1).await;

    // Visitor → staff, one at a time, so each measures latency rather than queueing.
    let (mut total, mut bridge_share, mut synapse_share) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..count {
        let text = format!("to staff {i:04}");
        let pushed = SystemTime::now();
        fake.push_text(&visitor, &text);
        let start = Instant::now();
        let received = loop {
            if let Some(r) = grace.received().into_iter().find(|r| r.room == room && r.body.ends_with(&text)) {
                break r;
            }
            assert!(start.elapsed() < LIMIT, "message {i} never reached the staffer");
            tokio::time::sleep(Duration::from_millis(1)).await;
        };
        let origin = Duration::from_millis(received.origin_ms);
        total.push(since_epoch(received.at).saturating_sub(since_epoch(pushed)));
        bridge_share.push(origin.saturating_sub(since_epoch(pushed)));
        synapse_share.push(since_epoch(received.at).saturating_sub(origin));
    }
    report("visitor → staff (push → decrypted)", total);
    report("  of which the bridge (push → Synapse has it)", bridge_share);
    report("  of which Synapse + staff client (→ decrypted)", synapse_share);

    // Staff → visitor.
    let mut total = Vec::new();
    for i in 0..count {
        let text = format!("to visitor {i:04}");
        let sent = grace.say_timed(&room, &text).await;
        let start = Instant::now();
        while sent_count(&fake, &visitor, &text) == 0 {
            assert!(start.elapsed() < LIMIT, "reply {i} never reached the visitor");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        total.push(SystemTime::now().duration_since(sent).unwrap_or_default());
    }
    report("staff → visitor (Synapse accepted → Telegram sendMessage)", total);
    bridge.stop().await;

    memory(&homeserver, &fake).await;
}

/// RSS of the release `hopenow run`, idle with 50 open conversations.
async fn memory(homeserver: &Homeserver, fake: &FakeTelegram) {
    let binary = std::env::current_exe().unwrap().parent().unwrap().parent().unwrap().join("hopenow");
    if !binary.exists() {
        println!("memory: {} not built; run `cargo build --release -p hopenow-bot` first", binary.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let key = bridge::MasterKey::generate().unwrap();
    let config = dir.path().join("hopenow.toml");
    std::fs::write(
        &config,
        format!(
            r#"[store]
data_dir = "data"
[logging]
level = "warn"
[telegram]
token = "{token}"
api_url = "{telegram}"
throttle = false
[matrix]
homeserver = "{homeserver}"
user_id = "{bot}"
password = "{password}"
duty_room = "{duty}"
[[staff]]
id = "grace"
alias = "grace, HopeNow"
matrix_user = "@grace:hopenow.test"
languages = ["en"]
roles = ["outreach"]
"#,
            token = fake.token(),
            telegram = fake.url(),
            homeserver = homeserver.synapse.url(),
            bot = homeserver.bot,
            password = hopenow_tests::matrix_bridge::PASSWORD,
            duty = homeserver.duty_room,
        ),
    )
    .unwrap();
    // `hopenow run` never logs in by itself: the operator's `matrix setup` comes first.
    let setup = std::process::Command::new(&binary)
        .args(["matrix", "setup", "--config", config.to_str().unwrap()])
        .env("HOPENOW_MASTER_KEY", key.to_hex().as_str())
        .output()
        .unwrap();
    assert!(setup.status.success(), "matrix setup: {}", String::from_utf8_lossy(&setup.stderr));
    let mut child = std::process::Command::new(&binary)
        .args(["run", "--config", config.to_str().unwrap()])
        .env("HOPENOW_MASTER_KEY", key.to_hex().as_str())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let rooms_before = homeserver.grace.client.joined_rooms().len();
    tokio::time::sleep(Duration::from_secs(3)).await;
    homeserver.grace.say(&homeserver.duty_room, "!duty on").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    for n in 0..50 {
        fake.push_text(&FakeUser::new(995_000 + n, "V", None, Some("en")), "hello");
    }
    wait_until("50 conversation rooms", Duration::from_secs(300), || {
        homeserver.grace.client.joined_rooms().len() >= rooms_before + 50
    })
    .await;
    tokio::time::sleep(Duration::from_secs(15)).await;
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
    let rss = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap_or("VmRSS: ?").to_owned();
    println!("memory: `hopenow run` (release) idle with 50 open conversations: {rss}  (target ≤ 80 MB)");
    let _ = child.kill();
    let _ = child.wait();
}

fn sent_count(fake: &FakeTelegram, user: &FakeUser, text: &str) -> usize {
    fake.sent_by("sendMessage")
        .iter()
        .filter(|s| s.chat_id == Some(user.id) && s.text.as_deref().is_some_and(|t| t.contains(text)))
        .count()
}

fn report(what: &str, values: Vec<Duration>) {
    let n = values.len();
    let (p50, p99, max) = percentiles(values);
    println!("{what:<60} n={n:<4} p50 {:>7.1} ms  p99 {:>7.1} ms  max {:>7.1} ms", ms(p50), ms(p99), ms(max));
}
