//! The config file's shape: serde structs mirroring `config/example.toml`, nothing else.
//!
//! Unknown keys are errors, so a typo never silently falls back to a default. What the values
//! must be is `check.rs`'s business; what the rest of the bot gets is built in `mod.rs`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use bridge::engine::EngineSettings;
use bridge::roster::StaffMember;
use bridge::shifts::ShiftConfig;
use serde::Deserialize;

use crate::secret::Secret;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub store: StoreConfig,
    #[serde(default)]
    pub keys: KeysConfig,
    #[serde(default)]
    pub logging: LoggingConfig,
    pub telegram: Option<TelegramConfig>,
    pub matrix: Option<MatrixConfig>,
    #[serde(default)]
    pub routing: RoutingConfig,
    /// The roster: `[[staff]]` tables.
    #[serde(default)]
    pub staff: Vec<StaffMember>,
    /// Weekly shifts: `[[shift]]` tables.
    #[serde(default)]
    pub shift: Vec<ShiftConfig>,
    /// The referral directory: `[[partner]]` tables.
    #[serde(default)]
    pub partner: Vec<bridge::partner::Partner>,
    /// Recorded greetings: language tag → OGG/Opus file.
    #[serde(default)]
    pub voice: BTreeMap<String, PathBuf>,
    /// The harmless text sent after a visitor's safe word: language tag → text.
    #[serde(default)]
    pub decoy: BTreeMap<String, String>,
    /// How long conversations are kept: `[retention]`.
    #[serde(default)]
    pub retention: bridge::retention::RetentionSettings,
    /// Continuing on another phone (`/code`).
    #[serde(default)]
    pub phone_change: PhoneChangeConfig,
    /// What visitors may cost the server: `[limits]`.
    #[serde(default)]
    pub limits: LimitsConfig,
    /// When the duty room is told the bridge is unwell: `[health]`.
    #[serde(default)]
    pub health: HealthConfig,
    /// Announcements to visitors who asked for news (`/news`, `!announce`): `[news]`.
    #[serde(default)]
    pub news: NewsConfig,
    /// Machine translation between visitors and staff: `[translation]`; off when absent.
    pub translation: Option<TranslationConfig>,
    /// The peer worker's desk room on Matrix: `[peer_desk]`; off when absent.
    pub peer_desk: Option<PeerDeskConfig>,
    /// Campaign links: `[[campaign]]` tables.
    #[serde(default)]
    pub campaign: Vec<CampaignConfig>,
    /// `/share`: how long the forwardable message stays, the operator's own words: `[share]`.
    #[serde(default)]
    pub share: ShareConfig,
}

/// `[share]`: the message a visitor forwards to a friend with `/share`.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShareConfig {
    /// Minutes after delivery the message deletes itself from the visitor's chat (1 to 60).
    pub vanish_minutes: u64,
    /// The organisation's own words per language tag, each with `{link}` where the bot's link
    /// goes (`text.th = "… {link}"`); the built-in text otherwise. Telegram visitors only.
    pub text: BTreeMap<String, String>,
}

impl Default for ShareConfig {
    fn default() -> Self {
        Self { vanish_minutes: 5, text: BTreeMap::new() }
    }
}

/// `[[campaign]]`: a link on a card or a poster (`t.me/<bot>?start=<code>`), counted per week
/// when a new visitor arrives through it, and never kept on the visitor.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignConfig {
    /// What the link carries: 1 to 64 characters of `A-Za-z0-9_-` (Telegram's rule).
    pub code: String,
    /// What the team calls it, in `hopenow stats`.
    pub name: String,
    /// A shipped language tag its visitors are greeted in first.
    #[serde(default)]
    pub language: Option<String>,
}

/// `[peer_desk]`: the peer worker's own Matrix room, where new referrals and the morning digest
/// are posted and the referral commands work.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeerDeskConfig {
    /// A room id (`!…:server`) or alias (`#…:server`), as `[matrix] duty_room`.
    pub room: String,
    /// "HH:MM" in `[routing] time_zone`: when the digest of referrals due is posted each day.
    #[serde(default = "default_digest_at")]
    pub digest_at: String,
}

fn default_digest_at() -> String {
    "08:00".into()
}

/// `[translation]`: a LibreTranslate service.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslationConfig {
    /// Where the service answers: https, or http on loopback only (visitors' words cross it).
    pub url: String,
    /// The service's API key, when it was started with `--api-keys`.
    pub api_key: Option<Secret>,
    /// A file holding the API key (owner-only), relative to the config's folder.
    pub api_key_file: Option<PathBuf>,
    /// Seconds a request may take before the service counts as unavailable.
    #[serde(default = "default_translation_timeout_seconds")]
    pub timeout_seconds: u64,
    /// Minutes a translation is tried again (the service down or slow) before it is given up:
    /// a visitor's message then stays untranslated, a staff reply is not sent.
    #[serde(default = "default_translation_give_up_minutes")]
    pub give_up_minutes: u64,
}

fn default_translation_timeout_seconds() -> u64 {
    10
}

fn default_translation_give_up_minutes() -> u64 {
    30
}

/// `[news]`: how fast an announcement goes out.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NewsConfig {
    /// Messages a second, 1 to 30 (Telegram's broadcast limit is about 30 a second; the
    /// default 25 leaves room for conversations while an announcement goes out).
    pub per_second: u32,
}

impl Default for NewsConfig {
    fn default() -> Self {
        Self { per_second: bridge::news::DEFAULT_PER_SECOND }
    }
}

/// `[health]`: how long trouble lasts before the duty room is told.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HealthConfig {
    /// Minutes Telegram or the homeserver may fail to answer before the duty room is told.
    pub unreachable_minutes: u64,
    /// Minutes a message may wait in the outbox before the duty room is told.
    pub outbox_stale_minutes: u64,
}

impl Default for HealthConfig {
    fn default() -> Self {
        let engine = bridge::engine::HealthSettings::default();
        Self {
            unreachable_minutes: engine.unreachable_after.as_secs() / 60,
            outbox_stale_minutes: engine.outbox_stale_after.as_secs() / 60,
        }
    }
}

/// `[routing]`. A key left out takes the engine's default, so the two cannot drift apart.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RoutingConfig {
    /// Time zone of the shifts and of times told to visitors.
    pub time_zone: String,
    /// Minutes a visitor may wait for the assigned staffer before the duty room is told and the
    /// conversation goes to the next candidate.
    pub unanswered_minutes: i64,
    /// Told to visitors who write when nobody is on duty, and in the `emergency` canned reply.
    pub emergency_numbers: String,
    /// For the `hours` canned reply, in numbers anyone can read (e.g. "20:00–02:00").
    pub opening_hours: String,
    /// Longer visitor texts are refused with a message saying so (Telegram's own limit is 4096).
    pub max_text_chars: usize,
    /// Larger attachments are refused with a message saying so.
    pub max_attachment_bytes: usize,
    /// The language of duty-room notices and of conversation-room notices while nobody has the
    /// conversation: one of [`bridge::i18n::STAFF_LANGUAGES`].
    pub staff_language: String,
}

impl Default for RoutingConfig {
    fn default() -> Self {
        let engine = EngineSettings::default();
        Self {
            time_zone: engine.time_zone,
            unanswered_minutes: engine.unanswered_minutes,
            emergency_numbers: engine.emergency_numbers,
            opening_hours: engine.opening_hours,
            max_text_chars: engine.max_text_chars,
            max_attachment_bytes: engine.max_attachment_bytes,
            staff_language: engine.staff_language,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneChangeConfig {
    /// Minutes a `/code` phrase works.
    #[serde(default = "default_code_minutes")]
    pub code_minutes: i64,
    /// Minutes an account is locked after five wrong phrases (and the window they count in).
    #[serde(default = "default_code_minutes")]
    pub lock_minutes: i64,
}

impl Default for PhoneChangeConfig {
    fn default() -> Self {
        Self { code_minutes: default_code_minutes(), lock_minutes: default_code_minutes() }
    }
}

fn default_code_minutes() -> i64 {
    15
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    pub data_dir: PathBuf,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct KeysConfig {
    pub master_key_file: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoggingConfig {
    #[serde(default = "default_log_level")]
    pub level: String,
}

impl Default for LoggingConfig {
    fn default() -> Self {
        Self { level: default_log_level() }
    }
}

fn default_log_level() -> String {
    "info".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelegramConfig {
    pub token: Option<Secret>,
    /// A file holding the token (owner-only), relative to the config's folder.
    pub token_file: Option<PathBuf>,
    #[serde(default = "default_telegram_api_url")]
    pub api_url: String,
    /// Keep within Telegram's sending limits (teloxide's `Throttle`). Off only for benchmarks
    /// against a local fake.
    #[serde(default = "default_true")]
    pub throttle: bool,
    /// Largest file fetched from a visitor, in MB: Telegram's cloud Bot API serves at most 20;
    /// a self-hosted Bot API server lifts that.
    #[serde(default = "default_download_limit_mb")]
    pub download_limit_mb: u64,
    /// The bot's username, as in t.me/USERNAME (for `/share` and `hopenow card`); asked of
    /// Telegram (`getMe`) at start when left out.
    pub username: Option<String>,
}

fn default_telegram_api_url() -> String {
    "https://api.telegram.org".into()
}

fn default_true() -> bool {
    true
}

fn default_download_limit_mb() -> u64 {
    20
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixConfig {
    pub homeserver: String,
    pub user_id: String,
    pub password: Option<Secret>,
    /// A file holding the password (owner-only), relative to the config's folder.
    pub password_file: Option<PathBuf>,
    pub duty_room: String,
    /// Largest file fetched from a Matrix visitor or staffer, in MB: the same as Telegram's.
    #[serde(default = "default_download_limit_mb")]
    pub download_limit_mb: u64,
}

/// What visitors may cost the server: `[limits]`. The defaults are far beyond what a real
/// visitor sends; they stop a flood, not a person.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Files fetched for one `getUpdates` answer, in MB: the rest of the answer waits for the
    /// next round. Bounds memory (a file larger than this still comes, alone).
    #[serde(default = "default_round_download_mb")]
    pub round_download_mb: u64,
    /// Files one visitor may send in a day (UTC), in MB. Past it their files are refused, they
    /// are told, staff are told once; their words still flow.
    #[serde(default = "default_visitor_files_mb_per_day")]
    pub visitor_files_mb_per_day: u64,
    /// Free space the data dir's disk keeps, in MB. Below it no visitor file is fetched (they are
    /// told, the duty room once an hour); words still flow. 0 turns the floor off.
    #[serde(default = "default_min_free_disk_mb")]
    pub min_free_disk_mb: u64,
    /// New conversations whose rooms open at once; past it one every `60 / N` seconds and the
    /// rest wait, told so in their language. Bounds rooms made and staff invited in a flood.
    #[serde(default = "default_new_conversations_per_minute")]
    pub new_conversations_per_minute: u32,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            round_download_mb: default_round_download_mb(),
            visitor_files_mb_per_day: default_visitor_files_mb_per_day(),
            min_free_disk_mb: default_min_free_disk_mb(),
            new_conversations_per_minute: default_new_conversations_per_minute(),
        }
    }
}

fn default_round_download_mb() -> u64 {
    20
}

fn default_visitor_files_mb_per_day() -> u64 {
    200
}

fn default_new_conversations_per_minute() -> u32 {
    20
}

fn default_min_free_disk_mb() -> u64 {
    1024
}

const MB: u64 = 1024 * 1024;

impl LimitsConfig {
    pub fn round_download_bytes(&self) -> u64 {
        self.round_download_mb.saturating_mul(MB)
    }

    pub fn visitor_file_bytes_per_day(&self) -> u64 {
        self.visitor_files_mb_per_day.saturating_mul(MB)
    }

    pub fn min_free_disk_bytes(&self) -> u64 {
        self.min_free_disk_mb.saturating_mul(MB)
    }
}
