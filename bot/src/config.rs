//! The configuration file (TOML), with secrets optionally from the environment.
//!
//! Every key is documented in `config/example.toml`. Unknown keys are errors, so a typo never
//! silently falls back to a default. Relative paths are relative to the config file's folder.

use std::path::{Path, PathBuf};

use bridge::MasterKey;
use bridge::engine::RoutingSettings;
use bridge::i18n::STAFF_LANGUAGES;
use bridge::roster::{Roster, RosterError, StaffMember};
use bridge::shifts::{ShiftConfig, ShiftError, Shifts};
use serde::Deserialize;

use crate::secret::Secret;

pub const ENV_MASTER_KEY: &str = "HOPENOW_MASTER_KEY";
pub const ENV_TELEGRAM_TOKEN: &str = "HOPENOW_TELEGRAM_TOKEN";
pub const ENV_MATRIX_PASSWORD: &str = "HOPENOW_MATRIX_PASSWORD";

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
    pub routing: RoutingSettings,
    /// The roster: `[[staff]]` tables.
    #[serde(default)]
    pub staff: Vec<StaffMember>,
    /// Weekly shifts: `[[shift]]` tables.
    #[serde(default)]
    pub shift: Vec<ShiftConfig>,
    /// Recorded greetings: language tag → OGG/Opus file.
    #[serde(default)]
    pub voice: std::collections::BTreeMap<String, PathBuf>,
    /// The harmless text sent after a visitor's safe word: language tag → text.
    #[serde(default)]
    pub decoy: std::collections::BTreeMap<String, String>,
    /// How long conversations are kept: `[retention]`.
    #[serde(default)]
    pub retention: bridge::retention::RetentionSettings,
    /// Continuing on another phone (`/code`).
    #[serde(default)]
    pub phone_change: PhoneChangeConfig,
    /// What visitors may cost the server: `[limits]`.
    #[serde(default)]
    pub limits: LimitsConfig,
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

/// Why the configuration cannot be used. Each message says where and what to do.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "cannot read config file {path}: {source}. Pass the right file with --config (start from config/example.toml)"
    )]
    Read { path: PathBuf, source: std::io::Error },
    #[error("config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error(
        "config file {path}: no master key. Set [keys] master_key_file to a file made by `hopenow keygen`, or set {ENV_MASTER_KEY}"
    )]
    NoMasterKey { path: PathBuf },
    #[error(
        "{ENV_MASTER_KEY} does not hold a master key: {source}. It must be the 64 hexadecimal characters of a key file"
    )]
    EnvMasterKey { source: bridge::crypto::CryptoError },
    #[error("config file {path}: [telegram] needs a bot token: set [telegram] token, or {ENV_TELEGRAM_TOKEN}")]
    NoTelegramToken { path: PathBuf },
    #[error(
        "config file {path}: [matrix] needs the bot account's password: set [matrix] password, or {ENV_MATRIX_PASSWORD}"
    )]
    NoMatrixPassword { path: PathBuf },
    #[error(
        "config file {path}: [logging] level = {level:?} is not a log level: use error, warn, info, debug or trace"
    )]
    LogLevel { path: PathBuf, level: String },
    #[error("config file {path}: {source}")]
    Roster { path: PathBuf, source: RosterError },
    #[error("config file {path}: {source}")]
    Shifts { path: PathBuf, source: ShiftError },
    #[error("config file {path}: [routing] {key} = {value} is out of range: {hint}")]
    Routing { path: PathBuf, key: &'static str, value: String, hint: &'static str },
    #[error(
        "config file {path}: [routing] staff_language = {value:?} has no staff texts; use one of: {}",
        STAFF_LANGUAGES.join(", ")
    )]
    StaffLanguage { path: PathBuf, value: String },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    KeyFile(#[from] bridge::keyfile::KeyFileError),
}

/// Where the master key comes from, as resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Environment,
    File(PathBuf),
}

/// A loaded config plus the file it came from.
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub config: Config,
    /// The recorded greetings of `[voice]`, read and checked once with the config.
    pub voices: crate::voice::Voices,
}

impl Loaded {
    /// Reads and validates `path`, filling secrets from the environment where set (the
    /// environment wins over the file, so a container can keep secrets out of files).
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.to_owned(), source })?;
        Self::from_str(path, &text, &|name| std::env::var(name).ok())
    }

    /// As [`Loaded::from_file`], with the text and environment given.
    pub fn from_str(path: &Path, text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut config: Config = toml::from_str(text).map_err(|error| ConfigError::Parse {
            path: path.to_owned(),
            message: error.to_string().trim_end().to_owned(),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        config.store.data_dir = base.join(&config.store.data_dir);
        config.keys.master_key_file = config.keys.master_key_file.map(|p| base.join(p));
        for file in config.voice.values_mut() {
            *file = base.join(&*file);
        }
        if let Some(telegram) = config.telegram.as_mut() {
            if let Some(token) = env(ENV_TELEGRAM_TOKEN) {
                telegram.token = Some(Secret::new(token));
            }
            if telegram.token.is_none() {
                return Err(ConfigError::NoTelegramToken { path: path.to_owned() });
            }
        }
        if let Some(matrix) = config.matrix.as_mut() {
            if let Some(password) = env(ENV_MATRIX_PASSWORD) {
                matrix.password = Some(Secret::new(password));
            }
            if matrix.password.is_none() {
                return Err(ConfigError::NoMatrixPassword { path: path.to_owned() });
            }
        }
        if let Some(telegram) = &config.telegram {
            crate::exposure::check_url(path, "[telegram] api_url", &telegram.api_url).map_err(ConfigError::Invalid)?;
        }
        if let Some(matrix) = &config.matrix {
            crate::exposure::check_url(path, "[matrix] homeserver", &matrix.homeserver)
                .map_err(ConfigError::Invalid)?;
        }
        if !["error", "warn", "info", "debug", "trace"].contains(&config.logging.level.as_str()) {
            return Err(ConfigError::LogLevel { path: path.to_owned(), level: config.logging.level.clone() });
        }
        let routing = &config.routing;
        let out_of_range = |key, value: String, hint| ConfigError::Routing { path: path.to_owned(), key, value, hint };
        if !(1..=24 * 60).contains(&routing.unanswered_minutes) {
            return Err(out_of_range(
                "unanswered_minutes",
                routing.unanswered_minutes.to_string(),
                "use 1 to 1440 minutes",
            ));
        }
        if !(1..=65_536).contains(&routing.max_text_chars) {
            return Err(out_of_range("max_text_chars", routing.max_text_chars.to_string(), "use 1 to 65536"));
        }
        if routing.emergency_numbers.trim().is_empty() {
            return Err(out_of_range(
                "emergency_numbers",
                "\"\"".into(),
                "visitors must always be told whom to call; e.g. \"112\"",
            ));
        }
        let phone_change = &config.phone_change;
        for (key, value) in [("code_minutes", phone_change.code_minutes), ("lock_minutes", phone_change.lock_minutes)] {
            if !(1..=24 * 60).contains(&value) {
                return Err(ConfigError::Invalid(format!(
                    "config file {}: [phone_change] {key} = {value} is out of range: use 1 to 1440 minutes \
                     (15 is a good choice)",
                    path.display()
                )));
            }
        }
        if !STAFF_LANGUAGES.contains(&routing.staff_language.as_str()) {
            return Err(ConfigError::StaffLanguage { path: path.to_owned(), value: routing.staff_language.clone() });
        }
        for (key, days) in
            [("closed_days", config.retention.closed_days), ("inactive_days", config.retention.inactive_days)]
        {
            if !(1..=36_500).contains(&days) {
                return Err(ConfigError::Invalid(format!(
                    "config file {}: [retention] {key} = {days} is out of range: use 1 to 36500 days",
                    path.display()
                )));
            }
        }
        for (key, value) in [
            ("round_download_mb", config.limits.round_download_mb),
            ("visitor_files_mb_per_day", config.limits.visitor_files_mb_per_day),
        ] {
            if !(1..=1_000_000).contains(&value) {
                return Err(ConfigError::Invalid(format!(
                    "config file {}: [limits] {key} = {value} is out of range: use 1 to 1000000 MB (leave it out for the default)",
                    path.display()
                )));
            }
        }
        if !(1..=600).contains(&config.limits.new_conversations_per_minute) {
            return Err(ConfigError::Invalid(format!(
                "config file {}: [limits] new_conversations_per_minute = {} is out of range: use 1 to 600 \
                 (leave it out for the default, 20)",
                path.display(),
                config.limits.new_conversations_per_minute
            )));
        }
        let voices = crate::voice::Voices::load(&config.voice, path).map_err(ConfigError::Invalid)?;
        let loaded = Self { path: path.to_owned(), config, voices };
        loaded.roster()?;
        loaded.shifts()?;
        for (tag, text) in &loaded.config.decoy {
            if bridge::i18n::language(tag).is_none() || text.trim().is_empty() {
                return Err(ConfigError::Invalid(format!(
                    "config file {}: [decoy] {tag}: give a shipped language tag (en, da, pcm, th, ro, …) and a \
                     non-empty text that reads like an ordinary message (a salon, a shop)",
                    path.display()
                )));
            }
        }
        if env(ENV_MASTER_KEY).is_none() && loaded.config.keys.master_key_file.is_none() {
            return Err(ConfigError::NoMasterKey { path: path.to_owned() });
        }
        Ok(loaded)
    }

    /// Where the master key will come from.
    pub fn key_source(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<KeySource, ConfigError> {
        if env(ENV_MASTER_KEY).is_some() {
            return Ok(KeySource::Environment);
        }
        self.config
            .keys
            .master_key_file
            .clone()
            .map(KeySource::File)
            .ok_or_else(|| ConfigError::NoMasterKey { path: self.path.clone() })
    }

    /// Loads the master key from the environment or the key file.
    pub fn master_key(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<MasterKey, ConfigError> {
        match self.key_source(env)? {
            KeySource::Environment => {
                let text = zeroize::Zeroizing::new(env(ENV_MASTER_KEY).unwrap_or_default());
                MasterKey::from_hex(&text).map_err(|source| ConfigError::EnvMasterKey { source })
            }
            KeySource::File(path) => Ok(bridge::keyfile::read(&path)?),
        }
    }

    /// The roster from `[[staff]]`, validated.
    pub fn roster(&self) -> Result<Roster, ConfigError> {
        Roster::new(self.config.staff.clone()).map_err(|source| ConfigError::Roster { path: self.path.clone(), source })
    }

    /// The shifts from `[[shift]]` in `[routing] time_zone`, validated against the roster.
    pub fn shifts(&self) -> Result<Shifts, ConfigError> {
        let staff = &self.config.staff;
        Shifts::new(&self.config.routing.time_zone, &self.config.shift, |id| staff.iter().any(|m| &m.id == id))
            .map_err(|source| ConfigError::Shifts { path: self.path.clone(), source })
    }

    pub fn channels_configured(&self) -> bool {
        self.config.telegram.is_some() || self.config.matrix.is_some()
    }
}

/// The process environment, as the loaders above want it.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    const MINIMAL: &str = "[store]\ndata_dir = \"data\"\n[keys]\nmaster_key_file = \"master.key\"\n";

    #[test]
    fn example_config_parses_with_secrets_from_the_environment() {
        let text = include_str!("../../config/example.toml");
        let env = |name: &str| match name {
            ENV_TELEGRAM_TOKEN => Some("123:abc".to_owned()),
            ENV_MATRIX_PASSWORD => Some("pw".to_owned()),
            _ => None,
        };
        let loaded = Loaded::from_str(Path::new("/etc/hopenow/hopenow.toml"), text, &env).unwrap();
        assert_eq!(loaded.config.store.data_dir, PathBuf::from("/var/lib/hopenow"));
        assert_eq!(loaded.key_source(&no_env).unwrap(), KeySource::File("/etc/hopenow/master.key".into()));
    }

    #[test]
    fn relative_paths_are_relative_to_the_config_file() {
        let loaded = Loaded::from_str(Path::new("/srv/hopenow/hopenow.toml"), MINIMAL, &no_env).unwrap();
        assert_eq!(loaded.config.store.data_dir, PathBuf::from("/srv/hopenow/data"));
        assert_eq!(loaded.config.keys.master_key_file, Some(PathBuf::from("/srv/hopenow/master.key")));
        assert!(!loaded.channels_configured());
    }

    #[test]
    fn unknown_keys_are_errors_naming_the_key() {
        let text = format!("{MINIMAL}\n[logging]\nlevle = \"debug\"\n");
        let message = Loaded::from_str(Path::new("h.toml"), &text, &no_env).unwrap_err().to_string();
        assert!(message.contains("h.toml"), "{message}");
        assert!(message.contains("unknown field `levle`"), "{message}");
        assert!(message.contains("line 7"), "{message}");
    }

    #[test]
    fn missing_secrets_say_where_to_put_them() {
        let text = format!("{MINIMAL}[telegram]\n");
        let message = Loaded::from_str(Path::new("h.toml"), &text, &no_env).unwrap_err().to_string();
        assert!(message.contains("[telegram] token") && message.contains(ENV_TELEGRAM_TOKEN), "{message}");
        let text = "[store]\ndata_dir = \"d\"\n";
        let message = Loaded::from_str(Path::new("h.toml"), text, &no_env).unwrap_err().to_string();
        assert!(message.contains("master_key_file") && message.contains(ENV_MASTER_KEY), "{message}");
    }

    #[test]
    fn environment_wins_over_the_file_for_secrets() {
        let text = format!("{MINIMAL}[telegram]\ntoken = \"from-file\"\n");
        let env = |name: &str| (name == ENV_TELEGRAM_TOKEN).then(|| "from-env".to_owned());
        let loaded = Loaded::from_str(Path::new("h.toml"), &text, &env).unwrap();
        assert_eq!(loaded.config.telegram.unwrap().token.unwrap().expose(), "from-env");
    }

    #[test]
    fn master_key_from_the_environment() {
        let key = MasterKey::generate().unwrap();
        let hex = key.to_hex().to_string();
        let env = move |name: &str| (name == ENV_MASTER_KEY).then(|| hex.clone());
        let loaded = Loaded::from_str(Path::new("h.toml"), "[store]\ndata_dir = \"d\"\n[keys]\n", &env).unwrap();
        assert_eq!(loaded.key_source(&env).unwrap(), KeySource::Environment);
        assert_eq!(loaded.master_key(&env).unwrap().to_hex().as_str(), key.to_hex().as_str());
        let bad = |name: &str| (name == ENV_MASTER_KEY).then(|| "nope".to_owned());
        let message = loaded.master_key(&bad).unwrap_err().to_string();
        assert!(message.contains(ENV_MASTER_KEY) && message.contains("64 hexadecimal"), "{message}");
    }

    #[test]
    fn roster_and_shift_mistakes_name_what_is_wrong() {
        let staff = "[[staff]]\nid = \"grace\"\nalias = \"Grace, HopeNow\"\nmatrix_user = \"@grace:x\"\nroles = [\"outreach\"]\n";
        let ok = format!(
            "{MINIMAL}{staff}[[shift]]\nstaff = \"grace\"\ndays = [\"fri\"]\nstart = \"20:00\"\nend = \"02:00\"\n"
        );
        let loaded = Loaded::from_str(Path::new("h.toml"), &ok, &no_env).unwrap();
        assert_eq!(loaded.roster().unwrap().members().len(), 1);
        let ghost = ok.replace("staff = \"grace\"\ndays", "staff = \"ghost\"\ndays");
        let message = Loaded::from_str(Path::new("h.toml"), &ghost, &no_env).unwrap_err().to_string();
        assert!(message.contains("\"ghost\"") && message.contains("not in the roster"), "{message}");
        let role = ok.replace("[\"outreach\"]", "[\"boss\"]");
        let message = Loaded::from_str(Path::new("h.toml"), &role, &no_env).unwrap_err().to_string();
        assert!(message.contains("unknown variant `boss`"), "{message}");
        let zone = format!("{ok}[routing]\ntime_zone = \"Europe/Atlantis\"\n");
        let message = Loaded::from_str(Path::new("h.toml"), &zone, &no_env).unwrap_err().to_string();
        assert!(message.contains("Europe/Atlantis"), "{message}");
        let minutes = format!("{ok}[routing]\nunanswered_minutes = 0\n");
        let message = Loaded::from_str(Path::new("h.toml"), &minutes, &no_env).unwrap_err().to_string();
        assert!(message.contains("unanswered_minutes = 0"), "{message}");
    }

    #[test]
    fn staff_languages_are_checked_for_the_team_and_each_staffer() {
        let staff = "[[staff]]\nid = \"mette\"\nalias = \"Mette, HopeNow\"\nmatrix_user = \"@mette:x\"\nroles = [\"outreach\"]\n";
        let danish = format!("{MINIMAL}[routing]\nstaff_language = \"da\"\n{staff}staff_language = \"da\"\n");
        let loaded = Loaded::from_str(Path::new("h.toml"), &danish, &no_env).unwrap();
        assert_eq!(loaded.config.routing.staff_language, "da");
        assert_eq!(loaded.roster().unwrap().members()[0].staff_language, "da");
        let default = Loaded::from_str(Path::new("h.toml"), &format!("{MINIMAL}{staff}"), &no_env).unwrap();
        assert_eq!(default.config.routing.staff_language, "en");
        assert_eq!(default.roster().unwrap().members()[0].staff_language, "en");

        let team = danish.replacen("staff_language = \"da\"", "staff_language = \"de\"", 1);
        let message = Loaded::from_str(Path::new("h.toml"), &team, &no_env).unwrap_err().to_string();
        assert!(message.contains("h.toml") && message.contains("[routing] staff_language = \"de\""), "{message}");
        assert!(message.contains("en, da"), "{message}");
        let staffer = format!("{MINIMAL}{staff}staff_language = \"dk\"\n");
        let message = Loaded::from_str(Path::new("h.toml"), &staffer, &no_env).unwrap_err().to_string();
        assert!(message.contains("h.toml") && message.contains("[[staff]] \"mette\""), "{message}");
        assert!(message.contains("staff_language = \"dk\""), "{message}");
    }

    #[test]
    fn retention_defaults_and_bad_values_name_the_key() {
        let loaded = Loaded::from_str(Path::new("r.toml"), MINIMAL, &no_env).unwrap();
        assert_eq!(
            loaded.config.retention,
            bridge::retention::RetentionSettings { closed_days: 30, inactive_days: 90 }
        );
        let custom = format!("{MINIMAL}[retention]\nclosed_days = 7\ninactive_days = 14\n");
        let loaded = Loaded::from_str(Path::new("r.toml"), &custom, &no_env).unwrap();
        assert_eq!((loaded.config.retention.closed_days, loaded.config.retention.inactive_days), (7, 14));
        for bad in ["closed_days = 0", "inactive_days = -3"] {
            let text = format!("{MINIMAL}[retention]\n{bad}\n");
            let message = Loaded::from_str(Path::new("r.toml"), &text, &no_env).unwrap_err().to_string();
            let key = bad.split(' ').next().unwrap();
            assert!(message.contains("r.toml") && message.contains(&format!("[retention] {key}")), "{message}");
        }
    }

    #[test]
    fn phone_change_minutes_default_to_15_and_out_of_range_ones_name_the_key() {
        let loaded = Loaded::from_str(Path::new("h.toml"), MINIMAL, &no_env).unwrap();
        assert_eq!((loaded.config.phone_change.code_minutes, loaded.config.phone_change.lock_minutes), (15, 15));
        let text = format!("{MINIMAL}[phone_change]\ncode_minutes = 5\nlock_minutes = 30\n");
        let loaded = Loaded::from_str(Path::new("h.toml"), &text, &no_env).unwrap();
        assert_eq!((loaded.config.phone_change.code_minutes, loaded.config.phone_change.lock_minutes), (5, 30));
        let text = format!("{MINIMAL}[phone_change]\ncode_minutes = 0\n");
        let message = Loaded::from_str(Path::new("h.toml"), &text, &no_env).unwrap_err().to_string();
        assert!(message.contains("h.toml") && message.contains("[phone_change] code_minutes = 0"), "{message}");
    }

    #[test]
    fn plain_http_to_another_machine_is_refused_naming_the_key() {
        let matrix = "[matrix]\nuser_id = \"@bot:x\"\npassword = \"pw\"\nduty_room = \"!d:x\"\n";
        let remote = format!("{MINIMAL}{matrix}homeserver = \"http://matrix.example.org\"\n");
        let message = Loaded::from_str(Path::new("h.toml"), &remote, &no_env).unwrap_err().to_string();
        assert!(message.contains("h.toml") && message.contains("[matrix] homeserver"), "{message}");
        let local = format!("{MINIMAL}{matrix}homeserver = \"http://127.0.0.1:8008\"\n");
        assert!(Loaded::from_str(Path::new("h.toml"), &local, &no_env).is_ok());
        let telegram = format!("{MINIMAL}[telegram]\ntoken = \"1:x\"\napi_url = \"http://bot-api.lan:8081\"\n");
        let message = Loaded::from_str(Path::new("h.toml"), &telegram, &no_env).unwrap_err().to_string();
        assert!(message.contains("[telegram] api_url") && message.contains("https://"), "{message}");
    }

    #[test]
    fn bad_log_level_names_the_key() {
        let text = format!("{MINIMAL}[logging]\nlevel = \"loud\"\n");
        let message = Loaded::from_str(Path::new("h.toml"), &text, &no_env).unwrap_err().to_string();
        assert!(message.contains("[logging] level") && message.contains("loud"), "{message}");
    }

    #[test]
    fn debug_of_a_config_hides_secrets() {
        let text = format!("{MINIMAL}[telegram]\ntoken = \"123456:SECRET-TOKEN\"\n");
        let loaded = Loaded::from_str(Path::new("h.toml"), &text, &no_env).unwrap();
        assert!(!format!("{loaded:?}").contains("SECRET-TOKEN"));
    }
}
