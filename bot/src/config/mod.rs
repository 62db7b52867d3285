//! The configuration file (TOML), with secrets optionally from the environment.
//!
//! Every key is documented in `config/example.toml`. [`model`] is the file's shape, [`check`]
//! every check of its values; this module reads the file, fills secrets from the environment,
//! gathers what is wrong, and builds once what the rest of the bot uses (roster, shifts, the
//! engine's settings, the recorded greetings). Relative paths are relative to the config
//! file's folder.

mod check;
pub mod credentials;
pub mod model;

use std::path::{Path, PathBuf};

use bridge::MasterKey;
use bridge::engine::EngineSettings;
use bridge::roster::Roster;
use bridge::shifts::Shifts;

pub use model::{
    Config, KeysConfig, LimitsConfig, LoggingConfig, MatrixConfig, PeerDeskConfig, PhoneChangeConfig, RoutingConfig,
    StoreConfig, TelegramConfig, TranslationConfig,
};

use crate::secret::Secret;
pub use credentials::{Credential, ENV_CREDENTIALS_DIRECTORY};

pub const ENV_MASTER_KEY: &str = "HOPENOW_MASTER_KEY";
pub const ENV_TELEGRAM_TOKEN: &str = "HOPENOW_TELEGRAM_TOKEN";
pub const ENV_MATRIX_PASSWORD: &str = "HOPENOW_MATRIX_PASSWORD";
pub const ENV_TRANSLATION_KEY: &str = "HOPENOW_TRANSLATION_KEY";

/// A key of the config file that is wrong: `key` names it as the file does
/// (`[limits] new_conversations_per_minute`, `[[staff]] "grace"`), `problem` follows it in a
/// sentence and says what to do (`= 0 is out of range: use 1 to 600`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyProblem {
    pub key: String,
    pub problem: String,
}

impl KeyProblem {
    pub fn new(key: impl Into<String>, problem: impl Into<String>) -> Self {
        Self { key: key.into(), problem: problem.into() }
    }
}

impl std::fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.key, self.problem)
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
    /// One key is wrong.
    #[error("config file {path}: {key} {problem}")]
    Key { path: PathBuf, key: String, problem: String },
    /// Several keys are wrong: each is named.
    #[error("config file {path}: {} keys are wrong:\n{}", problems.len(), lines(problems))]
    Keys { path: PathBuf, problems: Vec<KeyProblem> },
    #[error(
        "{ENV_MASTER_KEY} does not hold a master key: {source}. It must be the 64 hexadecimal characters of a key file"
    )]
    EnvMasterKey { source: bridge::crypto::CryptoError },
    #[error(transparent)]
    KeyFile(#[from] bridge::keyfile::KeyFileError),
    /// A systemd credential is unusable (empty, open to others, unreadable).
    #[error("{0}")]
    Credential(KeyProblem),
    #[error(
        "credential \"master.key\" at {path} does not hold a master key: {source}. It must be a key file made by `hopenow keygen`"
    )]
    CredentialMasterKey { path: PathBuf, source: bridge::crypto::CryptoError },
}

fn lines(problems: &[KeyProblem]) -> String {
    problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n")
}

impl ConfigError {
    /// The error naming `problems` in `path`: [`ConfigError::Key`] for one.
    fn keys(path: &Path, mut problems: Vec<KeyProblem>) -> Self {
        let path = path.to_owned();
        match (problems.pop(), problems.is_empty()) {
            (Some(KeyProblem { key, problem }), true) => Self::Key { path, key, problem },
            (last, _) => {
                problems.extend(last);
                Self::Keys { path, problems }
            }
        }
    }

    /// The keys this error names, one for a single wrong key.
    pub fn problems(&self) -> Vec<KeyProblem> {
        match self {
            Self::Key { key, problem, .. } => vec![KeyProblem::new(key.clone(), problem.clone())],
            Self::Keys { problems, .. } => problems.clone(),
            _ => Vec::new(),
        }
    }
}

fn no_master_key(env: &dyn Fn(&str) -> Option<String>) -> KeyProblem {
    KeyProblem::new(
        "[keys] master_key_file",
        format!(
            "is not set, so there is no master key: set it to a file made by `hopenow keygen`, or set {ENV_MASTER_KEY}{}",
            Credential::MasterKey.hint_if_missing(env)
        ),
    )
}

/// Where the master key comes from, as resolved: a systemd credential first, then the
/// environment, then `[keys] master_key_file`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Credential(PathBuf),
    Environment,
    File(PathBuf),
}

/// A loaded config plus the file it came from, and what is built from it once.
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub config: Config,
    /// The recorded greetings of `[voice]`, read and checked once with the config.
    pub voices: crate::voice::Voices,
    roster: Roster,
    partners: bridge::partner::Directory,
    shifts: Shifts,
    settings: EngineSettings,
}

/// Reads `path` for what needs no secret (`hopenow card`): parsed and its values checked (the
/// campaigns, the bot's username), but no token, password or key is looked for, so whoever
/// prints cards needs none of them.
pub fn read_without_secrets(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.to_owned(), source })?;
    let config: Config = toml::from_str(&text).map_err(|error| ConfigError::Parse {
        path: path.to_owned(),
        message: error.to_string().trim_end().to_owned(),
    })?;
    let problems = check::values(&config);
    if problems.is_empty() { Ok(config) } else { Err(ConfigError::keys(path, problems)) }
}

impl Loaded {
    /// Reads and validates `path`, filling secrets from the environment where set (the
    /// environment wins over the file, so a container can keep secrets out of files).
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.to_owned(), source })?;
        Self::from_str(path, &text, &|name| std::env::var(name).ok())
    }

    /// As [`Loaded::from_file`], with the text and environment given. Every wrong key is
    /// reported at once.
    pub fn from_str(path: &Path, text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut config: Config = toml::from_str(text).map_err(|error| ConfigError::Parse {
            path: path.to_owned(),
            message: error.to_string().trim_end().to_owned(),
        })?;
        let base = config_folder(path);
        config.store.data_dir = base.join(&config.store.data_dir);
        config.keys.master_key_file = config.keys.master_key_file.map(|p| base.join(p));
        for file in config.voice.values_mut() {
            *file = base.join(&*file);
        }
        if let Some(telegram) = config.telegram.as_mut() {
            telegram.token_file = telegram.token_file.take().map(|p| base.join(p));
        }
        if let Some(matrix) = config.matrix.as_mut() {
            matrix.password_file = matrix.password_file.take().map(|p| base.join(p));
        }
        if let Some(translation) = config.translation.as_mut() {
            translation.api_key_file = translation.api_key_file.take().map(|p| base.join(p));
        }
        let mut problems = secrets(&mut config, env);
        problems.extend(check::values(&config));
        match Credential::MasterKey.read(env) {
            Err(problem) => problems.push(problem),
            Ok(None) if env(ENV_MASTER_KEY).is_none() && config.keys.master_key_file.is_none() => {
                problems.push(no_master_key(env));
            }
            Ok(_) => {}
        }
        let voices = crate::voice::Voices::load(&config.voice);
        let roster = check::roster(&config);
        let shifts = check::shifts(&config);
        let partners = check::partners(&config);
        match (voices, roster, shifts, partners) {
            (Ok(voices), Ok(roster), Ok(shifts), Ok(partners)) if problems.is_empty() => {
                let settings = engine_settings(&config, &voices);
                Ok(Self { path: path.to_owned(), config, voices, roster, partners, shifts, settings })
            }
            (voices, roster, shifts, partners) => {
                problems.extend([voices.err(), roster.err(), shifts.err(), partners.err()].into_iter().flatten());
                Err(ConfigError::keys(path, problems))
            }
        }
    }

    /// Where the master key will come from.
    pub fn key_source(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<KeySource, ConfigError> {
        if let Some(path) = Credential::MasterKey.path(env).filter(|path| path.exists()) {
            return Ok(KeySource::Credential(path));
        }
        if env(ENV_MASTER_KEY).is_some() {
            return Ok(KeySource::Environment);
        }
        self.config.keys.master_key_file.clone().map(KeySource::File).ok_or_else(|| {
            let KeyProblem { key, problem } = no_master_key(env);
            ConfigError::Key { path: self.path.clone(), key, problem }
        })
    }

    /// Loads the master key from the systemd credential, the environment or the key file.
    pub fn master_key(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<MasterKey, ConfigError> {
        match self.key_source(env)? {
            KeySource::Credential(path) => {
                let text = Credential::MasterKey.read(env).map_err(ConfigError::Credential)?.ok_or_else(|| {
                    ConfigError::Credential(KeyProblem::new("credential \"master.key\"", "vanished while read"))
                })?;
                MasterKey::from_hex(&text).map_err(|source| ConfigError::CredentialMasterKey { path, source })
            }
            KeySource::Environment => {
                let text = zeroize::Zeroizing::new(env(ENV_MASTER_KEY).unwrap_or_default());
                MasterKey::from_hex(&text).map_err(|source| ConfigError::EnvMasterKey { source })
            }
            KeySource::File(path) => Ok(bridge::keyfile::read(&path)?),
        }
    }

    /// The roster from `[[staff]]`, validated.
    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// The referral directory from `[[partner]]`, validated.
    pub fn partners(&self) -> &bridge::partner::Directory {
        &self.partners
    }

    /// The shifts from `[[shift]]` in `[routing] time_zone`, validated against the roster.
    pub fn shifts(&self) -> &Shifts {
        &self.shifts
    }

    /// The engine's settings: `[routing]` with what other sections add (voices, decoys,
    /// retention, phone change, limits).
    pub fn engine_settings(&self) -> &EngineSettings {
        &self.settings
    }

    /// The bot's Telegram username as `getMe` gave it, when `[telegram] username` is left out.
    pub fn set_telegram_username(&mut self, name: String) {
        self.settings.share.telegram_username = Some(name);
    }

    pub fn channels_configured(&self) -> bool {
        self.config.telegram.is_some() || self.config.matrix.is_some()
    }
}

/// The folder relative paths in the file at `path` are relative to, as an absolute path: a
/// bare `hopenow.toml` has the empty path as its parent, which `check` could not test for
/// existence while `run` quietly used the working directory.
fn config_folder(path: &Path) -> PathBuf {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::path::absolute(parent).unwrap_or_else(|_| parent.to_owned())
}

/// Fills the channels' secrets from systemd's credentials, else the environment (either wins
/// over the file), and names those still missing or unusable.
fn secrets(config: &mut Config, env: &dyn Fn(&str) -> Option<String>) -> Vec<KeyProblem> {
    let mut problems = Vec::new();
    if let Some(telegram) = config.telegram.as_mut() {
        match overriding(Credential::TelegramToken, ENV_TELEGRAM_TOKEN, env) {
            Ok(Some(token)) => telegram.token = Some(token),
            Ok(None) => {
                from_file(&mut telegram.token, telegram.token_file.as_deref(), "[telegram]", "token", &mut problems)
            }
            Err(problem) => problems.push(problem),
        }
        if telegram.token.is_none() {
            problems.push(KeyProblem::new(
                "[telegram] token",
                format!(
                    "is missing: [telegram] needs a bot token; set it, or set {ENV_TELEGRAM_TOKEN}{}",
                    Credential::TelegramToken.hint_if_missing(env)
                ),
            ));
        }
    }
    if let Some(matrix) = config.matrix.as_mut() {
        match overriding(Credential::MatrixPassword, ENV_MATRIX_PASSWORD, env) {
            Ok(Some(password)) => matrix.password = Some(password),
            Ok(None) => {
                from_file(&mut matrix.password, matrix.password_file.as_deref(), "[matrix]", "password", &mut problems);
            }
            Err(problem) => problems.push(problem),
        }
        if matrix.password.is_none() {
            problems.push(KeyProblem::new(
                "[matrix] password",
                format!(
                    "is missing: [matrix] needs the bot account's password; set it, or set {ENV_MATRIX_PASSWORD}{}",
                    Credential::MatrixPassword.hint_if_missing(env)
                ),
            ));
        }
    }
    if let Some(translation) = config.translation.as_mut() {
        // The key is optional: a service on loopback without `--api-keys` needs none.
        match overriding(Credential::TranslationKey, ENV_TRANSLATION_KEY, env) {
            Ok(Some(key)) => translation.api_key = Some(key),
            Ok(None) => from_file(
                &mut translation.api_key,
                translation.api_key_file.as_deref(),
                "[translation]",
                "api_key",
                &mut problems,
            ),
            Err(problem) => problems.push(problem),
        }
    }
    problems
}

/// Fills `value` from `file` (`<section> <key>_file`), which must be owner-only and not empty;
/// a secret set both inline and by file is refused, as one of them would be silently ignored.
fn from_file(
    value: &mut Option<Secret>,
    file: Option<&Path>,
    section: &str,
    key: &str,
    problems: &mut Vec<KeyProblem>,
) {
    let Some(file) = file else { return };
    let name = format!("{section} {key}_file");
    if value.is_some() {
        problems.push(KeyProblem::new(name, format!("and {section} {key} are both set: keep one (the file is safer)")));
        return;
    }
    match read_secret_file(file) {
        Ok(secret) => *value = Some(secret),
        Err(problem) => problems.push(KeyProblem::new(name, problem)),
    }
}

/// The text of an owner-only secret file without its final line break; the error follows the
/// key's name in a sentence and says what to do.
pub fn read_secret_file(path: &Path) -> Result<Secret, String> {
    use std::os::unix::fs::PermissionsExt;
    let metadata =
        std::fs::metadata(path).map_err(|error| format!("= {}: cannot be read ({error})", path.display()))?;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(format!(
            "= {} is readable by group or others (mode {mode:04o}): run `chmod 600 {}`",
            path.display(),
            path.display()
        ));
    }
    let text = zeroize::Zeroizing::new(
        std::fs::read_to_string(path).map_err(|error| format!("= {}: cannot be read ({error})", path.display()))?,
    );
    let value = text.trim_end_matches(['\n', '\r']);
    if value.trim().is_empty() {
        return Err(format!("= {} is empty: put the secret in it", path.display()));
    }
    Ok(Secret::new(value.to_owned()))
}

/// A secret from `credential`, else from the variable `variable`; `None` leaves the file's value.
fn overriding(
    credential: Credential,
    variable: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<Secret>, KeyProblem> {
    Ok(match credential.read(env)? {
        Some(text) => Some(Secret::new(text.to_string())),
        None => env(variable).map(Secret::new),
    })
}

/// `[routing]` as the engine takes it, with what the other sections add.
fn engine_settings(config: &Config, voices: &crate::voice::Voices) -> EngineSettings {
    let routing = config.routing.clone();
    EngineSettings {
        time_zone: routing.time_zone,
        unanswered_minutes: routing.unanswered_minutes,
        emergency_numbers: routing.emergency_numbers,
        opening_hours: routing.opening_hours,
        max_text_chars: routing.max_text_chars,
        max_attachment_bytes: routing.max_attachment_bytes,
        staff_language: routing.staff_language,
        voice_languages: voices.languages(),
        decoys: config.decoy.clone(),
        retention: config.retention.clone(),
        code_minutes: config.phone_change.code_minutes,
        code_lock_minutes: config.phone_change.lock_minutes,
        visitor_file_bytes_per_day: config.limits.visitor_file_bytes_per_day(),
        new_conversations_per_minute: config.limits.new_conversations_per_minute,
        news_per_second: config.news.per_second,
        health: bridge::engine::HealthSettings {
            unreachable_after: std::time::Duration::from_secs(config.health.unreachable_minutes.saturating_mul(60)),
            outbox_stale_after: std::time::Duration::from_secs(config.health.outbox_stale_minutes.saturating_mul(60)),
        },
        translation: config.translation.as_ref().map(|t| bridge::engine::TranslationSettings {
            give_up_after: std::time::Duration::from_secs(t.give_up_minutes.saturating_mul(60)),
        }),
        peer_desk: config
            .peer_desk
            .as_ref()
            .map(|desk| bridge::engine::PeerDeskSettings { digest_at: desk.digest_at.clone() }),
        campaigns: config
            .campaign
            .iter()
            .map(|c| bridge::engine::Campaign { code: c.code.clone(), language: c.language.clone() })
            .collect(),
        share: bridge::engine::ShareSettings {
            // Without the key, `hopenow run` asks Telegram (`getMe`) before serving visitors.
            telegram_username: config.telegram.as_ref().and_then(|t| t.username.as_deref()).map(bot_username),
            matrix_user_id: config.matrix.as_ref().map(|m| m.user_id.clone()),
            vanish_after: std::time::Duration::from_secs(config.share.vanish_minutes.saturating_mul(60)),
            texts: config.share.text.clone(),
        },
    }
}

/// A bot username as the operator may write it ("@HopeNowBot"), as links want it.
pub fn bot_username(name: &str) -> String {
    name.trim().trim_start_matches('@').to_owned()
}

/// The process environment, as the loaders above want it.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

#[cfg(test)]
mod tests;
