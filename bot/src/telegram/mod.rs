//! The Telegram visitor channel: long polling in, the engine's outbox out.
//!
//! [`poll`] fetches updates, turns them into engine events through [`updates::schema`], applies
//! a whole batch in one transaction, flushes, and only then confirms the updates to Telegram
//! (the next `getUpdates` offset). A crash before the flush loses nothing: Telegram delivers the
//! updates again and the engine recognizes each message by its chat and message id.
//! [`deliver`] performs the outbox actions addressed to Telegram visitors.
//!
//! Nothing Telegram says about a visitor (name, @username, phone, avatar) is read beyond what an
//! event needs, and no request error is ever logged as it is: teloxide's errors can carry the
//! raw response (visitor content) or the request URL (the bot token).

mod deliver;
mod menu;
pub(crate) mod poison;
mod poll;
pub mod updates;

use std::sync::Arc;
use std::time::Duration;

use bridge::engine::Engine;
use bridge::outbox::Failure;
use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::Limits;
use teloxide::prelude::*;
use teloxide::{ApiError, RequestError};
use tokio::sync::watch;

use crate::signal::OutboxSignal;

pub use deliver::deliver;
pub use poll::poll;

/// How the connector reaches Telegram.
#[derive(Clone)]
pub struct TelegramSettings {
    pub token: String,
    pub api_url: url::Url,
    pub throttle: bool,
    /// Files larger than this are not fetched; the visitor is told.
    pub download_limit_bytes: u64,
    /// Files fetched for one `getUpdates` answer (`[limits] round_download_mb`); the rest of
    /// the answer waits for the next round.
    pub round_download_bytes: u64,
    /// Below it, no visitor file is fetched (`[limits] min_free_disk_mb`).
    pub disk: crate::disk::DiskFloor,
    /// Long-poll timeout of `getUpdates`, in seconds.
    pub poll_timeout_secs: u32,
    /// Recorded greetings (`[voice]`).
    pub voices: crate::voice::Voices,
    /// Where the poller records how long each batch took, for the benchmark and tests; `None`
    /// in `hopenow run`, which keeps no such record.
    pub batch_timings: Option<Arc<PollStats>>,
    /// Where the poll loop reports whether the Bot API answers.
    pub reachability: Arc<bridge::health::Reachability>,
}

impl TelegramSettings {
    /// From the `[telegram]` section; errors name the key and the file.
    pub fn from_config(config: &crate::config::TelegramConfig, file: &std::path::Path) -> Result<Self, String> {
        let token = config.token.as_ref().map(|t| t.expose().to_owned()).ok_or_else(|| {
            format!(
                "config file {}: [telegram] needs a bot token ([telegram] token or HOPENOW_TELEGRAM_TOKEN)",
                file.display()
            )
        })?;
        let api_url = config.api_url.parse::<url::Url>().map_err(|error| {
            format!(
                "config file {}: [telegram] api_url = {:?} is not a URL ({error}); leave it out for Telegram's own",
                file.display(),
                config.api_url
            )
        })?;
        if config.download_limit_mb == 0 {
            return Err(format!("config file {}: [telegram] download_limit_mb must be at least 1", file.display()));
        }
        Ok(Self {
            token,
            api_url,
            throttle: config.throttle,
            download_limit_bytes: config.download_limit_mb.saturating_mul(1024 * 1024),
            // Set from `[limits]` by `hopenow run`.
            round_download_bytes: 20 * 1024 * 1024,
            disk: crate::disk::DiskFloor::none(),
            poll_timeout_secs: 30,
            voices: crate::voice::Voices::default(),
            batch_timings: None,
            // Shared with the clock by `hopenow run`.
            reachability: Arc::default(),
        })
    }
}

impl std::fmt::Debug for TelegramSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramSettings").field("api_url", &self.api_url.as_str()).finish_non_exhaustive()
    }
}

/// The connector: the bot, the engine, and the signal that wakes the outbox worker.
#[derive(Clone)]
pub struct Telegram {
    pub(crate) bot: Bot,
    /// Sends go through Telegram's rate limits unless throttling is off.
    pub(crate) sender: Sender,
    pub(crate) engine: Arc<Engine>,
    pub(crate) settings: TelegramSettings,
    /// Rung whenever the outbox may have new work.
    pub(crate) outbox: OutboxSignal,
    /// Held while an announcement is claimed, sent and recorded: one in flight at a time.
    pub(crate) announcing: Arc<tokio::sync::Mutex<()>>,
}

/// Timing of applied update batches, for the benchmark and tests
/// ([`TelegramSettings::batch_timings`]). Keeps the most recent [`PollStats::KEPT`] batches.
#[derive(Default)]
pub struct PollStats {
    batches: std::sync::Mutex<std::collections::VecDeque<BatchTiming>>,
}

/// One batch: how many events, and the time from the `getUpdates` answer to the durable commit.
#[derive(Clone, Copy, Debug)]
pub struct BatchTiming {
    pub events: usize,
    pub answer_to_commit: Duration,
}

impl PollStats {
    pub const KEPT: usize = 100_000;

    pub(crate) fn record(&self, timing: BatchTiming) {
        if let Ok(mut batches) = self.batches.lock() {
            if batches.len() == Self::KEPT {
                batches.pop_front();
            }
            batches.push_back(timing);
        }
    }

    pub fn batches(&self) -> Vec<BatchTiming> {
        self.batches.lock().map(|b| b.iter().copied().collect()).unwrap_or_default()
    }
}

/// The bot used for sending: throttled to Telegram's limits, or plain (benchmarks on loopback).
#[derive(Clone)]
pub(crate) enum Sender {
    Throttled(Throttle<Bot>),
    Plain(Bot),
}

impl Telegram {
    pub fn new(settings: TelegramSettings, engine: Arc<Engine>, outbox: OutboxSignal) -> Self {
        let client = teloxide::net::default_reqwest_settings()
            .timeout(Duration::from_secs(u64::from(settings.poll_timeout_secs) + 30))
            .build()
            .unwrap_or_default();
        let bot = Bot::with_client(settings.token.clone(), client).set_api_url(settings.api_url.clone());
        let sender = if settings.throttle {
            Sender::Throttled(bot.clone().throttle(Limits::default()))
        } else {
            Sender::Plain(bot.clone())
        };
        Self { bot, sender, engine, settings, outbox, announcing: Arc::default() }
    }

    /// Polls and delivers until `shutdown` turns true.
    pub async fn run(self, shutdown: watch::Receiver<bool>) -> anyhow::Result<()> {
        self.set_commands().await;
        let poller = tokio::spawn(poll(self.clone(), shutdown.clone()));
        let worker = tokio::spawn(deliver(self, shutdown));
        let (polled, delivered) = tokio::join!(poller, worker);
        polled??;
        delivered??;
        Ok(())
    }
}

/// `getMe`: whether the token works (for `hopenow check --online`). Returns the bot's @name.
pub async fn check_token(settings: &TelegramSettings) -> Result<String, String> {
    let bot = Bot::new(settings.token.clone()).set_api_url(settings.api_url.clone());
    match bot.get_me().await {
        Ok(me) => Ok(me.username.clone().unwrap_or_default()),
        Err(RequestError::Api(ApiError::InvalidToken)) => {
            Err("Telegram refused the token: check [telegram] token or HOPENOW_TELEGRAM_TOKEN (from @BotFather)".into())
        }
        Err(error) => Err(format!("could not reach the Bot API at {}: {}", settings.api_url, describe(&error))),
    }
}

/// The bot's username as Telegram knows it (`getMe`): what `/share`'s link is built from when
/// `[telegram] username` is left out. `hopenow run` asks once, before serving anyone.
pub async fn ask_username(settings: &TelegramSettings) -> Result<String, String> {
    let name = check_token(settings).await?;
    if bridge::campaign::is_bot_username(&name) {
        Ok(name)
    } else {
        Err(format!("getMe gave {name:?}, which is no bot username"))
    }
}

/// A request error in words that hold no content, no URL and no token.
pub(crate) fn describe(error: &RequestError) -> String {
    match error {
        RequestError::Api(api) => format!("Telegram said: {}", api_name(api)),
        RequestError::MigrateToChatId(_) => "the chat moved to a supergroup".into(),
        RequestError::RetryAfter(seconds) => format!("rate limited for {} s", seconds.seconds()),
        RequestError::Network(error) if error.is_timeout() => "network timeout".into(),
        RequestError::Network(error) if error.is_connect() => "cannot connect".into(),
        RequestError::Network(_) => "network error".into(),
        RequestError::InvalidJson { .. } => "an answer that is not the Bot API's JSON (a proxy error page?)".into(),
        RequestError::Io(_) => "an I/O error".into(),
    }
}

/// The error's kind; the description of an unknown error is Telegram's fixed English text,
/// which never quotes the message.
fn api_name(error: &ApiError) -> String {
    match error {
        ApiError::Unknown(text) => text.chars().take(120).collect(),
        other => format!("{other:?}"),
    }
}

/// How a failed delivery counts for the outbox. `attempts` so far decides when an unexplained
/// error stops being worth retrying.
pub(crate) fn failure_of(error: &RequestError, attempts: u32) -> Failure {
    match error {
        RequestError::RetryAfter(seconds) => {
            Failure::Retry { after_ms: Some(i64::from(seconds.seconds()).saturating_mul(1000)) }
        }
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => {
            Failure::Retry { after_ms: None }
        }
        RequestError::Api(ApiError::BotBlocked) => Failure::Permanent { reason: "the visitor blocked the bot".into() },
        RequestError::Api(ApiError::UserDeactivated) => {
            Failure::Permanent { reason: "the visitor's Telegram account was deleted".into() }
        }
        RequestError::Api(ApiError::ChatNotFound | ApiError::BotKicked) => {
            Failure::Permanent { reason: "the chat with the visitor no longer exists".into() }
        }
        RequestError::Api(ApiError::InvalidToken) => Failure::Retry { after_ms: Some(60_000) },
        // 5xx and errors teloxide does not name: Telegram's trouble, usually passing.
        RequestError::Api(ApiError::Unknown(_)) if attempts < MAX_UNEXPLAINED_ATTEMPTS => {
            Failure::Retry { after_ms: None }
        }
        RequestError::Api(other) => Failure::Permanent { reason: format!("Telegram refused it ({})", api_name(other)) },
        RequestError::MigrateToChatId(_) => Failure::Permanent { reason: "the chat moved".into() },
    }
}

/// With the outbox's backoff (1 s doubling to 5 min) this is about an hour of trying.
const MAX_UNEXPLAINED_ATTEMPTS: u32 = 20;
