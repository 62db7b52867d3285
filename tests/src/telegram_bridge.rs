//! The whole Telegram side running for real: the fake Bot API server, the connector (poller and
//! outbox worker) and the engine on an encrypted store, with a stand-in staff side.
//!
//! The staff side drains the staff lanes of the outbox (rooms, duty) the way the Matrix connector
//! does, and keeps each delivery once per idempotency key, as a Matrix homeserver does with
//! transaction ids.

// Test support: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bot::signal::OutboxSignal;
use bot::telegram::{Telegram, TelegramSettings};
use bridge::engine::{Engine, Event, Outcome, StaffRoom};
use bridge::outbox::{Action, OutboxEntry};
use bridge::{Attachment, Clock, ConversationId, MasterKey, PlatformAccount, SystemClock, Timestamp};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::fake_telegram::{FakeTelegram, FakeUser};
use bot::voice::Voices;
use bridge::engine::EngineSettings;

/// The system clock plus an offset a test can move forward (the fake's clock moves with it).
#[derive(Clone, Default)]
pub struct OffsetClock {
    offset_ms: Arc<AtomicI64>,
}

impl OffsetClock {
    pub fn advance_secs(&self, secs: i64) {
        self.offset_ms.fetch_add(secs * 1000, Ordering::SeqCst);
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> Timestamp {
        SystemClock.now().plus_millis(self.offset_ms.load(Ordering::SeqCst))
    }
}

/// One message as the staff side received it.
#[derive(Clone)]
pub struct StaffDelivery {
    pub conversation: Option<ConversationId>,
    pub text: String,
    pub attachment: Option<Attachment>,
    pub notice: bool,
}

/// The stand-in for the staff's Matrix side.
#[derive(Clone, Default)]
pub struct StaffSide {
    deliveries: Arc<Mutex<Vec<StaffDelivery>>>,
    keys: Arc<Mutex<HashSet<String>>>,
    redeliveries: Arc<AtomicI64>,
}

impl StaffSide {
    /// Records one delivery once per idempotency key.
    pub fn receive(&self, entry: &OutboxEntry) {
        if !self.keys.lock().unwrap().insert(entry.idempotency_key.clone()) {
            self.redeliveries.fetch_add(1, Ordering::SeqCst);
            return;
        }
        let delivery = match &entry.action {
            Action::PostToConversation { conversation, text, attachment, notice } => StaffDelivery {
                conversation: Some(*conversation),
                text: text.clone(),
                attachment: attachment.clone(),
                notice: *notice,
            },
            Action::PostToDuty { text } => {
                StaffDelivery { conversation: None, text: text.clone(), attachment: None, notice: true }
            }
            other => StaffDelivery {
                conversation: None,
                text: format!("[{}] {}", other.name(), other.text().unwrap_or_default()),
                attachment: None,
                notice: true,
            },
        };
        self.deliveries.lock().unwrap().push(delivery);
    }

    pub fn deliveries(&self) -> Vec<StaffDelivery> {
        self.deliveries.lock().unwrap().clone()
    }

    /// Relayed visitor messages, in the order they arrived.
    pub fn relayed(&self) -> Vec<StaffDelivery> {
        self.deliveries().into_iter().filter(|d| !d.notice).collect()
    }

    pub fn notices(&self) -> Vec<String> {
        self.deliveries().into_iter().filter(|d| d.notice).map(|d| d.text).collect()
    }

    /// Deliveries that arrived again under a key already seen (at-least-once at work).
    pub fn redeliveries(&self) -> i64 {
        self.redeliveries.load(Ordering::SeqCst)
    }

    /// Drains the staff lanes until `shutdown`.
    pub async fn run(self, engine: Arc<Engine>, outbox: OutboxSignal, mut shutdown: watch::Receiver<bool>) {
        let mut rings = outbox.subscribe();
        while !*shutdown.borrow() {
            rings.borrow_and_update();
            let engine2 = Arc::clone(&engine);
            let due = tokio::task::spawn_blocking(move || engine2.due_where(256, |a| a.visitor_address().is_none()))
                .await
                .unwrap()
                .unwrap();
            if due.is_empty() {
                tokio::select! {
                    _ = rings.changed() => {}
                    _ = tokio::time::sleep(Duration::from_millis(20)) => {}
                    _ = shutdown.changed() => {}
                }
                continue;
            }
            let staff = self.clone();
            let engine2 = Arc::clone(&engine);
            tokio::task::spawn_blocking(move || {
                for entry in &due {
                    staff.receive(entry);
                }
                let outcomes: Vec<_> = due.into_iter().map(|e| (e, Outcome::Delivered(Vec::new()))).collect();
                engine2.settle(&outcomes).unwrap();
                engine2.flush().unwrap();
            })
            .await
            .unwrap();
        }
    }
}

/// The running bridge.
pub struct Bridge {
    pub fake: FakeTelegram,
    pub dir: tempfile::TempDir,
    pub key: MasterKey,
    pub clock: OffsetClock,
    pub engine: Arc<Engine>,
    pub staff: StaffSide,
    pub outbox: OutboxSignal,
    /// The poller's batch timings.
    pub stats: Arc<bot::telegram::PollStats>,
    /// What the poller saw of the Bot API, for a health check.
    pub reachability: Arc<bridge::health::Reachability>,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

pub fn settings(fake: &FakeTelegram, throttle: bool) -> TelegramSettings {
    settings_at(fake.url(), fake.token(), throttle)
}

/// The connector's settings for a Bot API at `api_url` with `token` (a child process that has
/// only the fake's address), one-second polls, no disk floor.
pub fn settings_at(api_url: url::Url, token: String, throttle: bool) -> TelegramSettings {
    TelegramSettings {
        token,
        api_url,
        throttle,
        download_limit_bytes: 20 * 1024 * 1024,
        round_download_bytes: 20 * 1024 * 1024,
        disk: bot::disk::DiskFloor::none(),
        poll_timeout_secs: 1,
        voices: Default::default(),
        batch_timings: None,
        reachability: Default::default(),
    }
}

impl Bridge {
    pub async fn start() -> Bridge {
        Self::start_with(true).await
    }

    /// `throttle`: whether sends go through teloxide's `Throttle` (off for bursts on loopback).
    pub async fn start_with(throttle: bool) -> Bridge {
        Self::start_configured(throttle, Voices::default()).await
    }

    /// With recorded greetings (`[voice]`).
    pub async fn start_configured(throttle: bool, voices: Voices) -> Bridge {
        let installed = Installed::new(FakeTelegram::start().await);
        Self::launch(installed, throttle, voices, bot::disk::DiskFloor::none(), EngineSettings::default())
    }

    /// With these campaign links (`[[campaign]]`).
    pub async fn start_with_campaigns(campaigns: Vec<bridge::engine::Campaign>) -> Bridge {
        let installed = Installed::new(FakeTelegram::start().await);
        let settings = EngineSettings { campaigns, ..EngineSettings::default() };
        Self::launch(installed, true, Voices::default(), bot::disk::DiskFloor::none(), settings)
    }

    /// With the whole fixture team as the roster: Maja, a coordinator, may `!announce`.
    pub async fn start_with_coordinator() -> Bridge {
        let installed = Installed::new(FakeTelegram::start().await);
        let team = bridge::roster::fixture::team();
        Self::launch_for(installed, true, Voices::default(), bot::disk::DiskFloor::none(), EngineSettings::default(), team)
    }

    /// With these engine settings (e.g. `[share]` and the bot's username).
    pub async fn start_with_settings(settings: EngineSettings) -> Bridge {
        let installed = Installed::new(FakeTelegram::start().await);
        Self::launch(installed, true, Voices::default(), bot::disk::DiskFloor::none(), settings)
    }

    /// With the free-space floor (`[limits] min_free_disk_mb`) at `min_free_bytes` on the data
    /// dir's disk.
    pub async fn start_with_floor(min_free_bytes: u64) -> Bridge {
        let installed = Installed::new(FakeTelegram::start().await);
        let floor = bot::disk::DiskFloor::new(installed.dir.path().to_owned(), min_free_bytes);
        Self::launch(installed, true, Voices::default(), floor, EngineSettings::default())
    }

    /// Stops the bridge and starts it again on the same data dir, Bot API and staff side, with
    /// the floor at `min_free_bytes` (a changed config takes effect at a restart).
    pub async fn restart_with_floor(self, min_free_bytes: u64) -> Bridge {
        self.restart_with(min_free_bytes, |_| {}).await
    }

    /// Stops the bridge, lets `alter` change the data dir while nothing holds it (a test that
    /// damages a record), and starts it again as [`Bridge::restart_with_floor`] does.
    pub async fn restart_altering(self, alter: impl FnOnce(&Path)) -> Bridge {
        self.restart_with(0, alter).await
    }

    async fn restart_with(mut self, min_free_bytes: u64, alter: impl FnOnce(&Path)) -> Bridge {
        let _ = self.shutdown.send(true);
        for task in self.tasks.drain(..) {
            tokio::time::timeout(Duration::from_secs(40), task).await.expect("the bridge stops").unwrap();
        }
        let Bridge { fake, dir, key, clock, engine, staff, .. } = self;
        // The store's lock goes with the last handle on the engine.
        let mut engine = engine;
        loop {
            match Arc::try_unwrap(engine) {
                Ok(engine) => break drop(engine),
                Err(shared) => engine = shared,
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        alter(dir.path());
        let floor = bot::disk::DiskFloor::new(dir.path().to_owned(), min_free_bytes);
        Self::launch(Installed { fake, dir, key, clock, staff }, true, Voices::default(), floor, EngineSettings::default())
    }

    fn launch(
        installed: Installed,
        throttle: bool,
        voices: Voices,
        disk: bot::disk::DiskFloor,
        base: EngineSettings,
    ) -> Bridge {
        Self::launch_for(installed, throttle, voices, disk, base, crate::engine::team())
    }

    fn launch_for(
        installed: Installed,
        throttle: bool,
        voices: Voices,
        disk: bot::disk::DiskFloor,
        base: EngineSettings,
        team: Vec<bridge::roster::StaffMember>,
    ) -> Bridge {
        let Installed { fake, dir, key, clock, staff } = installed;
        let routing = EngineSettings { voice_languages: voices.languages(), ..base };
        let engine =
            Arc::new(crate::engine::open_engine_for(dir.path(), &key, Arc::new(clock.clone()), routing, team).unwrap());
        let outbox = OutboxSignal::default();
        let (shutdown, watch) = watch::channel(false);
        let stats: Arc<bot::telegram::PollStats> = Arc::default();
        let reachability: Arc<bridge::health::Reachability> = Arc::default();
        let telegram = Telegram::new(
            TelegramSettings {
                voices,
                disk,
                batch_timings: Some(Arc::clone(&stats)),
                reachability: Arc::clone(&reachability),
                ..settings(&fake, throttle)
            },
            Arc::clone(&engine),
            outbox.clone(),
        );
        let tasks = vec![
            tokio::spawn(async move { telegram.run(watch).await.unwrap() }),
            tokio::spawn(staff.clone().run(Arc::clone(&engine), outbox.clone(), shutdown.subscribe())),
        ];
        Bridge { fake, dir, key, clock, engine, staff, outbox, stats, reachability, shutdown, tasks }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Moves both clocks (the bridge's and the fake Telegram's) forward.
    pub fn advance_secs(&self, secs: i64) {
        self.clock.advance_secs(secs);
        self.fake.advance_clock(secs);
        self.outbox.ring();
    }

    /// Applies a staff event durably and wakes the outbox worker.
    pub async fn staff(&self, event: Event) {
        let engine = Arc::clone(&self.engine);
        tokio::task::spawn_blocking(move || {
            engine.handle(event).unwrap();
            engine.flush().unwrap();
        })
        .await
        .unwrap();
        self.outbox.ring();
    }

    /// `staff` writes `text` in the conversation room of `user`.
    pub async fn staff_says(&self, staff: &str, user: &FakeUser, text: &str) {
        let conversation = self.conversation_of(user).expect("the visitor has a conversation");
        let from = format!("@{staff}:hopenow.test");
        let room = StaffRoom::Conversation(conversation);
        self.staff(Event::StaffText { from, room, text: text.into(), attachment: None, dedupe: None }).await;
    }

    pub fn conversation_of(&self, user: &FakeUser) -> Option<ConversationId> {
        self.engine.store().find_visitor(&PlatformAccount::Telegram(user.id)).unwrap()?.conversation
    }

    /// Stops the connector and the staff side and waits for them.
    pub async fn stop(mut self) {
        let _ = self.shutdown.send(true);
        for task in self.tasks.drain(..) {
            tokio::time::timeout(Duration::from_secs(40), task).await.expect("the bridge stops").unwrap();
        }
        self.fake.shutdown().await;
    }
}

/// What outlives a restart of the bridge.
struct Installed {
    fake: FakeTelegram,
    dir: tempfile::TempDir,
    key: MasterKey,
    clock: OffsetClock,
    staff: StaffSide,
}

impl Installed {
    fn new(fake: FakeTelegram) -> Self {
        let (dir, key) = (tempfile::tempdir().unwrap(), MasterKey::generate().unwrap());
        Installed { fake, dir, key, clock: OffsetClock::default(), staff: StaffSide::default() }
    }
}

/// Waits until `done` holds, checking every 20 ms; panics with `what` after `limit` (a bound on
/// a broken test, not a performance assertion).
pub async fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "timed out after {limit:?} waiting until {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
