//! The staff inbox on Matrix: the duty room, one end-to-end-encrypted room per conversation.
//!
//! [`session`] builds the client on an encrypted sqlite store (keyed by the master key's
//! `matrix-store` subkey) and restores the one device the bridge ever logs in as. [`sync`] runs a
//! supervised sync loop and turns staff messages into engine events, applied in durable batches.
//! [`deliver`] performs the engine's room actions, each with its idempotency key as the Matrix
//! transaction id ([`relays`] remembers which event relayed which visitor message, for the
//! translation that replies to it), and [`rooms`] keeps the conversation → room mapping so a room is never made
//! twice. [`forget`] redacts and forgets a shredded conversation's room, and [`maintain`] then
//! wipes what the SDK's store kept of it.
//!
//! Nothing a visitor wrote is ever logged here, and no Matrix error is logged verbatim: they can
//! quote request bodies.

pub mod check;
pub mod commit;
pub mod deliver;
pub mod forget;
pub mod maintain;
pub mod megolm;
pub mod relays;
pub mod rooms;
pub mod session;
pub mod sync;
pub mod trust;
pub mod visitors;

use std::path::PathBuf;
use std::sync::Arc;

use bridge::engine::Engine;
use matrix_sdk::Client;
use matrix_sdk::ruma::{OwnedRoomId, OwnedUserId};
use tokio::sync::watch;

use crate::signal::OutboxSignal;
use rooms::Rooms;

/// How the connector reaches the homeserver.
#[derive(Clone)]
pub struct MatrixSettings {
    pub homeserver: url::Url,
    pub user_id: OwnedUserId,
    /// Needed only for the first login; afterwards the saved session is used.
    pub password: Option<String>,
    /// A room id (`!…`) or alias (`#…`).
    pub duty_room: String,
    /// The peer worker's desk room (`[peer_desk] room`), an id or alias; `None`: no desk.
    pub peer_desk_room: Option<String>,
    /// Where matrix-sdk keeps its encrypted sqlite store.
    pub store_dir: PathBuf,
    pub device_name: String,
    /// Recorded greetings (`[voice]`), for visitors on Matrix.
    pub voices: crate::voice::Voices,
    /// Larger files, from visitors or staff, are not fetched (`[matrix] download_limit_mb`).
    pub download_limit_bytes: u64,
    /// Below it, no visitor file is fetched (`[limits] min_free_disk_mb`).
    pub disk: crate::disk::DiskFloor,
    /// Where the sync loop reports whether the homeserver answers.
    pub reachability: Arc<bridge::health::Reachability>,
}

impl std::fmt::Debug for MatrixSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MatrixSettings")
            .field("homeserver", &self.homeserver.as_str())
            .field("user_id", &self.user_id.as_str())
            .finish_non_exhaustive()
    }
}

impl MatrixSettings {
    /// From the `[matrix]` section; errors name the key and the file.
    pub fn from_config(
        config: &crate::config::MatrixConfig,
        data_dir: &std::path::Path,
        file: &std::path::Path,
    ) -> Result<Self, String> {
        let at = |key: &str| format!("config file {}: [matrix] {key}", file.display());
        let homeserver = config
            .homeserver
            .parse::<url::Url>()
            .map_err(|e| format!("{} = {:?} is not a URL ({e})", at("homeserver"), config.homeserver))?;
        let user_id = OwnedUserId::try_from(config.user_id.as_str()).map_err(|_| {
            format!("{} = {:?} is not a Matrix user id like @bot:example.org", at("user_id"), config.user_id)
        })?;
        if config.download_limit_mb == 0 {
            return Err(format!("{} must be at least 1", at("download_limit_mb")));
        }
        if !(config.duty_room.starts_with('!') || config.duty_room.starts_with('#')) {
            return Err(format!(
                "{} = {:?} must be a room id (!…) or an alias (#…)",
                at("duty_room"),
                config.duty_room
            ));
        }
        Ok(Self {
            homeserver,
            user_id,
            password: config.password.as_ref().map(|p| p.expose().to_owned()),
            duty_room: config.duty_room.clone(),
            // Set from `[peer_desk]` by `hopenow run` and `check` (checked with the config).
            peer_desk_room: None,
            store_dir: data_dir.join("matrix"),
            // Other Matrix users can see a device's name: it must not say what the bot is for.
            device_name: "bot".into(),
            voices: crate::voice::Voices::default(),
            download_limit_bytes: config.download_limit_mb.saturating_mul(1024 * 1024),
            // Set from `[limits]` by `hopenow run`.
            disk: crate::disk::DiskFloor::none(),
            // Shared with the clock by `hopenow run`.
            reachability: Arc::default(),
        })
    }
}

/// The running staff side.
#[derive(Clone)]
pub struct Matrix {
    pub client: Client,
    pub engine: Arc<Engine>,
    pub outbox: OutboxSignal,
    pub duty_room: OwnedRoomId,
    /// The peer worker's desk room, when `[peer_desk]` is set.
    pub peer_desk: Option<OwnedRoomId>,
    pub rooms: Arc<Rooms>,
    pub faults: Arc<Faults>,
    pub voices: crate::voice::Voices,
    /// Larger files are not fetched; below the floor no visitor file is.
    pub download_limit_bytes: u64,
    pub disk: crate::disk::DiskFloor,
    /// Whether the homeserver answers, for the clock's health check.
    pub reachability: Arc<bridge::health::Reachability>,
    /// Which rooms were told what already (see [`trust`]).
    pub told: Arc<trust::Told>,
    /// matrix-sdk's store folder ([`maintain`] wipes its crypto database directly).
    pub store_dir: PathBuf,
    /// The events that relayed visitors' messages, which their translations reply to.
    pub relays: Arc<relays::Relays>,
}

/// Fault injection for tests of crash safety: the process cannot be killed at an exact point,
/// so the point is made to behave as if it had been.
#[derive(Default)]
pub struct Faults {
    /// Staff messages received are dropped before their commit, as if the process died there
    /// (matrix-sdk has already stored its sync position past them).
    pub lose_before_commit: std::sync::atomic::AtomicBool,
}

impl Matrix {
    /// Whether `room` is the peer worker's desk room.
    pub fn is_peer_desk(&self, room: &matrix_sdk::ruma::RoomId) -> bool {
        self.peer_desk.as_deref() == Some(room)
    }

    /// Logs in (first start) or restores the session, and finds the duty room (and the peer
    /// worker's desk room, refused unless encrypted).
    pub async fn connect(settings: &MatrixSettings, engine: Arc<Engine>, outbox: OutboxSignal) -> anyhow::Result<Self> {
        Self::connect_with(settings, engine, outbox, session::FirstLogin::Refused).await
    }

    /// [`Matrix::connect`], logging in first if `first_login` allows and the data dir has no
    /// session (tests standing in for `hopenow matrix setup`).
    pub async fn connect_with(
        settings: &MatrixSettings,
        engine: Arc<Engine>,
        outbox: OutboxSignal,
        first_login: session::FirstLogin,
    ) -> anyhow::Result<Self> {
        let client = session::client(settings, engine.store(), first_login).await?;
        let duty_room = session::duty_room(&client, &settings.duty_room).await?;
        let peer_desk = match &settings.peer_desk_room {
            Some(configured) => Some(session::peer_desk_room(&client, configured).await?),
            None => None,
        };
        let rooms = Arc::new(Rooms::load(engine.store())?);
        let voices = settings.voices.clone();
        let store_dir = settings.store_dir.clone();
        Ok(Self {
            client,
            engine,
            outbox,
            duty_room,
            peer_desk,
            rooms,
            faults: Arc::default(),
            voices,
            download_limit_bytes: settings.download_limit_bytes,
            disk: settings.disk.clone(),
            reachability: Arc::clone(&settings.reachability),
            told: Arc::default(),
            store_dir,
            relays: Arc::default(),
        })
    }

    /// Syncs and delivers until `shutdown` turns true. Never logs out: the device stays.
    pub async fn run(self, shutdown: watch::Receiver<bool>) -> anyhow::Result<()> {
        let syncing = tokio::spawn(sync::run(self.clone(), shutdown.clone()));
        let maintaining = tokio::spawn(maintain::periodically(self.clone(), shutdown.clone()));
        let delivering = tokio::spawn(deliver::run(self, shutdown));
        let (synced, maintained, delivered) = tokio::join!(syncing, maintaining, delivering);
        synced??;
        maintained??;
        delivered??;
        Ok(())
    }
}

/// A Matrix error in words that quote nothing: its kind and HTTP status only.
pub(crate) fn describe(error: &matrix_sdk::Error) -> String {
    match error.client_api_error_kind() {
        Some(kind) => format!("the homeserver said {kind:?}"),
        None => match error {
            matrix_sdk::Error::Http(http) if http.as_client_api_error().is_some() => "a homeserver error".into(),
            matrix_sdk::Error::Http(_) => "a network error".into(),
            _ => "a client error".into(),
        },
    }
}
