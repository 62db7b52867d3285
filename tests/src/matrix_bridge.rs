//! The whole bridge for real: Synapse on loopback, the fake Telegram Bot API, the engine on an
//! encrypted store, the Matrix and Telegram connectors, and staff played by matrix-sdk clients
//! with encryption.

// Test support: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Duration;

use bot::matrix::{Matrix, MatrixSettings};
use bot::signal::OutboxSignal;
use bot::telegram::Telegram;
use bot::translation::LibreTranslate;
use bridge::engine::{Engine, EngineSettings, PeerDeskSettings, TranslationSettings};
use bridge::{Clock, ConversationId, MasterKey, PlatformAccount, SystemClock, Timestamp};
use matrix_sdk::ruma::{OwnedRoomId, OwnedUserId};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::fake_telegram::{FakeTelegram, FakeUser};
use crate::staff_client::StaffClient;
use crate::synapse::Synapse;
use crate::telegram_bridge::settings;

pub const PASSWORD: &str = "correct horse battery staple";
pub const BOT: &str = "hopenow-bot";

/// Synapse with the bot's and the team's accounts, and the duty room made by Grace.
pub struct Homeserver {
    pub synapse: Synapse,
    pub bot: OwnedUserId,
    pub grace: StaffClient,
    pub ana: StaffClient,
    pub duty_room: OwnedRoomId,
    /// The peer worker's desk, when the test asked for one ([`Homeserver::start_with_peer_desk`]).
    pub desk: Option<PeerDesk>,
}

/// The peer worker's desk room: made encrypted by Ife (the peer worker), the bot invited, and
/// `[peer_desk]` as the bridge under test gets it.
pub struct PeerDesk {
    pub ife: StaffClient,
    pub room: OwnedRoomId,
    /// `[peer_desk] digest_at`.
    pub digest_at: String,
}

impl Homeserver {
    /// With the peer worker's desk room besides the duty room: the bridge started on it posts
    /// referrals there and takes the desk's commands (`digest_at` as `[peer_desk]` has it).
    pub async fn start_with_peer_desk(digest_at: &str) -> Homeserver {
        let mut homeserver = Self::start().await;
        let ife = StaffClient::login(&homeserver.synapse.url(), "ife", PASSWORD).await;
        let room = ife.create_encrypted_room("Peer desk", std::slice::from_ref(&homeserver.bot)).await;
        homeserver.desk = Some(PeerDesk { ife, room, digest_at: digest_at.to_owned() });
        homeserver
    }

    pub async fn start() -> Homeserver {
        Self::start_with_message_limit(None).await
    }

    /// With Synapse's `rc_message` limit as tight as given (see [`Synapse::start_with_message_limit`]).
    pub async fn start_with_message_limit(limit: Option<(f64, u32)>) -> Homeserver {
        Self::start_on(move || Synapse::start_with_message_limit(limit)).await
    }

    /// With rooms, invites and joins limited as a stock Synapse limits them.
    pub async fn start_with_room_limits_at_defaults() -> Homeserver {
        Self::start_on(Synapse::start_with_room_limits_at_defaults).await
    }

    async fn start_on(start: impl FnOnce() -> Result<Synapse, String> + Send + 'static) -> Homeserver {
        // HOPENOW_TEST_LOG=bot=debug (an EnvFilter) shows what the connectors do.
        if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_env("HOPENOW_TEST_LOG") {
            let _ = tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().try_init();
        }
        let synapse = tokio::task::spawn_blocking(start)
            .await
            .unwrap()
            .unwrap_or_else(|error| panic!("a real Synapse is needed for this test and could not start: {error}"));
        for user in [BOT, "grace", "ana", "ife", "mallory", "victor"] {
            synapse.register(user, PASSWORD, false).unwrap_or_else(|e| panic!("registering {user}: {e}"));
        }
        let bot = OwnedUserId::try_from(format!("@{BOT}:{}", synapse.server_name())).unwrap();
        let grace = StaffClient::login(&synapse.url(), "grace", PASSWORD).await;
        let ana = StaffClient::login(&synapse.url(), "ana", PASSWORD).await;
        let duty_room = grace.create_encrypted_room("HopeNow duty", &[bot.clone(), ana.user_id()]).await;
        Homeserver { synapse, bot, grace, ana, duty_room, desk: None }
    }
}

/// The bridge's own process, as far as a test can kill and restart it.
pub struct Running {
    pub engine: Arc<Engine>,
    pub outbox: OutboxSignal,
    pub matrix: Matrix,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

/// The bridge's data dir and key, kept across restarts.
pub struct Installation {
    pub dir: tempfile::TempDir,
    pub key: MasterKey,
}

impl Default for Installation {
    fn default() -> Self {
        Self { dir: tempfile::tempdir().unwrap(), key: MasterKey::generate().unwrap() }
    }
}

impl Installation {
    pub fn matrix_settings(&self, homeserver: &Homeserver) -> MatrixSettings {
        MatrixSettings {
            homeserver: homeserver.synapse.url().parse().unwrap(),
            user_id: homeserver.bot.clone(),
            password: Some(PASSWORD.into()),
            duty_room: homeserver.duty_room.to_string(),
            peer_desk_room: homeserver.desk.as_ref().map(|desk| desk.room.to_string()),
            store_dir: self.dir.path().join("matrix"),
            device_name: "HopeNow Bridge".into(),
            voices: Default::default(),
            download_limit_bytes: 20 * 1024 * 1024,
            disk: bot::disk::DiskFloor::none(),
            reachability: Default::default(),
        }
    }

    /// Starts the bridge on this installation: Matrix, and Telegram against `fake`.
    pub async fn start(&self, homeserver: &Homeserver, fake: &FakeTelegram) -> Running {
        self.start_with_clock(homeserver, fake, Arc::new(SystemClock)).await
    }

    /// [`Installation::start`] with the engine on `clock` (an [`OffsetClock`] lets a test jump
    /// days ahead while deliveries keep real time's pace).
    pub async fn start_with_clock(
        &self,
        homeserver: &Homeserver,
        fake: &FakeTelegram,
        clock: Arc<dyn Clock>,
    ) -> Running {
        self.start_with(homeserver, fake, clock, None, crate::engine::team(), EngineSettings::default()).await
    }

    /// [`Installation::start`] with `team` as the roster (a test that gives someone a role) and
    /// `base` as the engine's settings (`[share]`, say).
    pub async fn start_with_team(
        &self,
        homeserver: &Homeserver,
        fake: &FakeTelegram,
        team: Vec<bridge::roster::StaffMember>,
        base: EngineSettings,
    ) -> Running {
        self.start_with(homeserver, fake, Arc::new(SystemClock), None, team, base).await
    }

    /// [`Installation::start`] with `[translation]` on: the engine translates, and the real
    /// translation worker performs its jobs with the real client against `translation.url`.
    pub async fn start_translating(
        &self,
        homeserver: &Homeserver,
        fake: &FakeTelegram,
        translation: &Translation,
    ) -> Running {
        let team = crate::engine::team();
        self.start_with(homeserver, fake, Arc::new(SystemClock), Some(translation), team, EngineSettings::default()).await
    }

    async fn start_with(
        &self,
        homeserver: &Homeserver,
        fake: &FakeTelegram,
        clock: Arc<dyn Clock>,
        translation: Option<&Translation>,
        team: Vec<bridge::roster::StaffMember>,
        base: EngineSettings,
    ) -> Running {
        let engine_settings = EngineSettings {
            translation: translation.map(|t| TranslationSettings { give_up_after: t.give_up_after }),
            peer_desk: homeserver.desk.as_ref().map(|desk| PeerDeskSettings { digest_at: desk.digest_at.clone() }),
            ..base
        };
        let engine =
            Arc::new(crate::engine::open_engine_for(self.dir.path(), &self.key, clock, engine_settings, team).unwrap());
        let outbox = OutboxSignal::default();
        // The first start stands in for `hopenow matrix setup`: `Matrix::connect` alone refuses to log in.
        let matrix = Matrix::connect_with(
            &self.matrix_settings(homeserver),
            Arc::clone(&engine),
            outbox.clone(),
            bot::matrix::session::FirstLogin::Allowed,
        )
        .await
        .unwrap();
        let telegram = Telegram::new(settings(fake, false), Arc::clone(&engine), outbox.clone());
        let (shutdown, watch) = watch::channel(false);
        // Staff clients must see the bot in the duty room before they write there, or their
        // first message is encrypted without the bot's device.
        for staff in [&homeserver.grace, &homeserver.ana] {
            staff.wait_for_member(&homeserver.duty_room, &homeserver.bot).await;
        }
        if let Some(desk) = &homeserver.desk {
            desk.ife.wait_for_member(&desk.room, &homeserver.bot).await;
        }
        let running = matrix.clone();
        let watch2 = watch.clone();
        let mut tasks = vec![
            tokio::spawn(async move { running.run(watch2).await.unwrap() }),
            tokio::spawn({
                let watch = watch.clone();
                async move { telegram.run(watch).await.unwrap() }
            }),
        ];
        if let Some(translation) = translation {
            let client = LibreTranslate::new(translation.url.parse().unwrap(), None, translation.timeout).unwrap();
            let worker =
                bot::translation::worker::run(Arc::clone(&engine), Some(Arc::new(client)), outbox.clone(), watch);
            tasks.push(tokio::spawn(async move { worker.await.unwrap() }));
        }
        Running { engine, outbox, matrix, shutdown, tasks }
    }
}

/// `[translation]` for a bridge under test.
#[derive(Clone, Debug)]
pub struct Translation {
    /// The service, e.g. a `FakeLibreTranslate`'s URL.
    pub url: String,
    /// The client's timeout (`[translation] timeout_seconds`).
    pub timeout: Duration,
    /// A translation not done within this long is given up (`give_up_minutes`).
    pub give_up_after: Duration,
}

impl Translation {
    /// The service at `url`, with the production defaults for the rest.
    pub fn at(url: String) -> Self {
        Self { url, timeout: Duration::from_secs(10), give_up_after: TranslationSettings::default().give_up_after }
    }
}

impl Running {
    /// Stops both connectors and waits until the engine is released (the data dir unlocked).
    pub async fn stop(mut self) {
        let _ = self.shutdown.send(true);
        for task in self.tasks.drain(..) {
            tokio::time::timeout(Duration::from_secs(60), task).await.expect("the bridge stops").unwrap();
        }
        let Running { engine, matrix, .. } = self;
        drop(matrix);
        let mut engine = engine;
        for _ in 0..200 {
            match Arc::try_unwrap(engine) {
                Ok(engine) => {
                    engine.flush().unwrap();
                    return;
                }
                Err(shared) => {
                    engine = shared;
                    tokio::time::sleep(Duration::from_millis(25)).await;
                }
            }
        }
        panic!("the engine is still shared after the connectors stopped");
    }

    pub fn conversation_of(&self, user: &FakeUser) -> Option<ConversationId> {
        self.engine.store().find_visitor(&PlatformAccount::Telegram(user.id)).unwrap()?.conversation
    }

    pub fn room_of(&self, user: &FakeUser) -> Option<OwnedRoomId> {
        self.matrix.rooms.room_of(self.conversation_of(user)?)
    }
}

/// The wall clock plus an offset a test can move forward: days pass at once, and everything
/// else (backoffs, retries) still runs at the pace of real time.
#[derive(Clone, Default)]
pub struct OffsetClock(Arc<std::sync::atomic::AtomicI64>);

impl OffsetClock {
    pub fn advance_days(&self, days: i64) {
        self.0.fetch_add(days * 24 * 3_600_000, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn advance_secs(&self, secs: i64) {
        self.0.fetch_add(secs * 1000, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> Timestamp {
        SystemClock.now().plus_millis(self.0.load(std::sync::atomic::Ordering::SeqCst))
    }
}
