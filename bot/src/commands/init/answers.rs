//! The answers `hopenow init` works from: flags first, then the answers file, then a question on
//! the terminal. Without a terminal a missing answer is an error naming its flag and its key.
//! Secrets never come from a flag value (`ps` shows those): only from an owner-only file named
//! by a flag or key, the environment, or a question with echo off.

use std::path::{Path, PathBuf};

use anyhow::Context;
use bridge::roster::{Role, StaffMember};
use serde::Deserialize;

use super::prompt;
use crate::config::{ENV_MATRIX_PASSWORD, ENV_TELEGRAM_TOKEN, read_secret_file};
use crate::secret::Secret;

/// Synapse's `registration_shared_secret`, when not given by file.
pub const ENV_REGISTRATION_SECRET: &str = "HOPENOW_REGISTRATION_SECRET";
/// A Synapse server admin's access token, when not given by file.
pub const ENV_ADMIN_TOKEN: &str = "HOPENOW_ADMIN_TOKEN";

const DEFAULT_TIME_ZONE: &str = "Europe/Copenhagen";
const DEFAULT_EMERGENCY: &str = "112";
const DEFAULT_HOURS: &str = "20:00–02:00";

/// `hopenow init`'s flags; each has the answers-file key of the same name with `_`.
#[derive(Debug, Default, clap::Args)]
pub struct InitArgs {
    /// The config file to write.
    #[arg(long, env = "HOPENOW_CONFIG", default_value = "/etc/hopenow/hopenow.toml")]
    pub config: PathBuf,
    /// A TOML file with the answers: keys named as the flags, with `_` (`telegram = false` for
    /// --no-telegram, `[[staff]]` tables for --staff); README, "Setting it up: hopenow init".
    #[arg(long)]
    pub answers: Option<PathBuf>,
    /// The homeserver's client URL, e.g. https://matrix.example.org.
    #[arg(long)]
    pub homeserver: Option<String>,
    /// The bot's Matrix id, e.g. @hopenow-bot:example.org.
    #[arg(long)]
    pub bot_user: Option<String>,
    /// A file (owner-only) holding Synapse's registration_shared_secret: the bot account is made with it.
    #[arg(long)]
    pub registration_secret_file: Option<PathBuf>,
    /// A file (owner-only) holding a server admin's access token: makes the account if needed and
    /// lifts the bot's rate limits.
    #[arg(long)]
    pub admin_token_file: Option<PathBuf>,
    /// A file (owner-only) holding the password of an existing bot account.
    #[arg(long)]
    pub bot_password_file: Option<PathBuf>,
    /// A staff member, `id:alias:@user:server:languages:roles` (lists comma-separated), e.g.
    /// `grace:Grace:@grace:example.org:en,pcm:outreach`. Repeat for each.
    #[arg(long, value_parser = parse_staff)]
    pub staff: Vec<StaffMember>,
    /// Time zone of shifts and of times told to visitors.
    #[arg(long)]
    pub time_zone: Option<String>,
    /// Told to visitors when nobody is on duty.
    #[arg(long)]
    pub emergency_numbers: Option<String>,
    /// For the "hours" canned reply.
    #[arg(long)]
    pub opening_hours: Option<String>,
    /// The data dir (default: beside the config, or /var/lib/hopenow/data for /etc/hopenow).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// A file (owner-only) holding the Telegram bot token from @BotFather.
    #[arg(long)]
    pub telegram_token_file: Option<PathBuf>,
    /// Run without Telegram.
    #[arg(long)]
    pub no_telegram: bool,
    /// The Bot API server (only for a self-hosted one).
    #[arg(long)]
    pub telegram_api_url: Option<String>,
    /// An existing duty room (id or alias) the bot is invited to, instead of a new one.
    #[arg(long)]
    pub duty_room: Option<String>,
    /// Who runs the service: the data dir is given to this user (default: `hopenow` when run as
    /// root and that user exists).
    #[arg(long)]
    pub service_user: Option<String>,
}

/// The answers file: the same answers as the flags.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswersFile {
    homeserver: Option<String>,
    bot_user: Option<String>,
    registration_secret_file: Option<PathBuf>,
    admin_token_file: Option<PathBuf>,
    bot_password_file: Option<PathBuf>,
    #[serde(default)]
    staff: Vec<StaffMember>,
    time_zone: Option<String>,
    emergency_numbers: Option<String>,
    opening_hours: Option<String>,
    data_dir: Option<PathBuf>,
    /// `false`: no Telegram (as --no-telegram).
    telegram: Option<bool>,
    telegram_token_file: Option<PathBuf>,
    telegram_api_url: Option<String>,
    duty_room: Option<String>,
    service_user: Option<String>,
}

/// Everything init needs, gathered.
pub struct Answers {
    pub homeserver: url::Url,
    pub bot_user: matrix_sdk::ruma::OwnedUserId,
    pub registration_secret: Option<Secret>,
    pub admin_token: Option<Secret>,
    /// The existing account's password, when given (a stored one is found by the steps).
    pub bot_password: Option<Secret>,
    pub staff: Vec<StaffMember>,
    pub time_zone: String,
    pub emergency_numbers: String,
    pub opening_hours: String,
    pub data_dir: PathBuf,
    pub telegram: Option<TelegramAnswers>,
    pub duty_room: Option<String>,
    pub service_user: Option<String>,
}

pub struct TelegramAnswers {
    pub token: Secret,
    pub api_url: String,
}

/// Where an answer comes from, for errors: its flag and its key.
fn names(flag: &str) -> String {
    format!("--{flag} (answers key {})", flag.replace('-', "_"))
}

fn missing(flag: &str) -> anyhow::Error {
    anyhow::anyhow!("no answer for {}: give it, or run `hopenow init` on a terminal to be asked", names(flag))
}

/// One plain answer: the flag, else the file, else a question (with `default`), else an error.
fn plain(flag: &str, given: Option<String>, question: &str, default: Option<&str>) -> anyhow::Result<String> {
    if let Some(value) = given {
        return Ok(value);
    }
    if !prompt::interactive() {
        return default.map(str::to_owned).ok_or_else(|| missing(flag));
    }
    loop {
        let answer = prompt::ask(question, default)?;
        if !answer.is_empty() {
            return Ok(answer);
        }
    }
}

/// A secret: the file named by flag or key, else the environment variable, else (on a terminal,
/// when `question` is given) typed with echo off. Relative file names are relative to `base`.
fn secret(flag: &str, file: Option<PathBuf>, env: &str, question: Option<&str>) -> anyhow::Result<Option<Secret>> {
    if let Some(file) = file {
        return read_secret_file(&file).map(Some).map_err(|problem| anyhow::anyhow!("{} {problem}", names(flag)));
    }
    if let Some(value) = std::env::var(env).ok().filter(|v| !v.is_empty()) {
        return Ok(Some(Secret::new(value)));
    }
    match question {
        Some(question) if prompt::interactive() => prompt::ask_secret(question),
        _ => Ok(None),
    }
}

impl Answers {
    /// Gathers the answers for a config at `config` (absolute).
    pub fn gather(args: InitArgs, config: &Path) -> anyhow::Result<Self> {
        let file = match &args.answers {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the answers file {} (--answers)", path.display()))?;
                let mut file: AnswersFile = toml::from_str(&text)
                    .map_err(|e| anyhow::anyhow!("answers file {}: {}", path.display(), e.to_string().trim_end()))?;
                let base = path.parent().map(Path::to_owned).unwrap_or_default();
                for p in [
                    &mut file.registration_secret_file,
                    &mut file.admin_token_file,
                    &mut file.bot_password_file,
                    &mut file.telegram_token_file,
                    &mut file.data_dir,
                ] {
                    *p = p.take().map(|p| base.join(p));
                }
                file
            }
            None => AnswersFile::default(),
        };
        let homeserver = plain(
            "homeserver",
            args.homeserver.or(file.homeserver),
            "Homeserver URL (https://matrix.example.org)",
            None,
        )?;
        let homeserver: url::Url = homeserver
            .parse()
            .map_err(|e| anyhow::anyhow!("{} = {homeserver:?} is not a URL ({e})", names("homeserver")))?;
        let suggested = homeserver.host_str().map(|host| format!("@hopenow-bot:{host}"));
        let bot_user = plain(
            "bot-user",
            args.bot_user.or(file.bot_user),
            "The bot's Matrix id",
            suggested.as_deref().filter(|_| prompt::interactive()),
        )?;
        let bot_user = matrix_sdk::ruma::OwnedUserId::try_from(bot_user.as_str()).map_err(|_| {
            anyhow::anyhow!("{} = {bot_user:?} is not a Matrix id like @hopenow-bot:example.org", names("bot-user"))
        })?;

        let stored_password = config.with_file_name(super::PASSWORD_FILE).exists();
        let registration_secret = secret(
            "registration-secret-file",
            args.registration_secret_file.or(file.registration_secret_file),
            ENV_REGISTRATION_SECRET,
            (!stored_password).then_some("Synapse's registration_shared_secret, to make the bot account (empty: none)"),
        )?;
        let admin_token = secret(
            "admin-token-file",
            args.admin_token_file.or(file.admin_token_file),
            ENV_ADMIN_TOKEN,
            Some("A Synapse admin's access token, to lift the bot's rate limits (empty: none, print the command)"),
        )?;
        let bot_password = secret(
            "bot-password-file",
            args.bot_password_file.or(file.bot_password_file),
            ENV_MATRIX_PASSWORD,
            (!stored_password && registration_secret.is_none() && admin_token.is_none())
                .then_some("The existing bot account's password"),
        )?;
        if !stored_password && registration_secret.is_none() && admin_token.is_none() && bot_password.is_none() {
            anyhow::bail!(
                "no way to the bot account {bot_user}: give {} to make it, {} to make it with the admin API, or {} \
                 (or {ENV_MATRIX_PASSWORD}) for an existing account",
                names("registration-secret-file"),
                names("admin-token-file"),
                names("bot-password-file")
            );
        }

        let mut staff = if args.staff.is_empty() { file.staff } else { args.staff };
        if staff.is_empty() {
            if !prompt::interactive() {
                return Err(missing("staff"));
            }
            staff = ask_staff()?;
        }

        let time_zone = plain("time-zone", args.time_zone.or(file.time_zone), "Time zone", Some(DEFAULT_TIME_ZONE))?;
        let emergency_numbers = plain(
            "emergency-numbers",
            args.emergency_numbers.or(file.emergency_numbers),
            "Emergency numbers told to visitors",
            Some(DEFAULT_EMERGENCY),
        )?;
        let opening_hours =
            plain("opening-hours", args.opening_hours.or(file.opening_hours), "Opening hours", Some(DEFAULT_HOURS))?;
        let data_dir = match args.data_dir.or(file.data_dir) {
            Some(dir) => dir,
            None => {
                let default = default_data_dir(config);
                PathBuf::from(plain("data-dir", None, "Data dir", Some(&default.to_string_lossy()))?)
            }
        };

        let token_file = args.telegram_token_file.or(file.telegram_token_file);
        let no_telegram = args.no_telegram || file.telegram == Some(false);
        let telegram = if no_telegram {
            None
        } else {
            let question = (file.telegram.is_none() || file.telegram == Some(true))
                .then_some("The Telegram bot token from @BotFather (empty: no Telegram)");
            let token = secret("telegram-token-file", token_file, ENV_TELEGRAM_TOKEN, question)?;
            if token.is_none() && file.telegram == Some(true) {
                return Err(missing("telegram-token-file"));
            }
            let api_url = args
                .telegram_api_url
                .or(file.telegram_api_url)
                .unwrap_or_else(|| "https://api.telegram.org".to_owned());
            token.map(|token| TelegramAnswers { token, api_url })
        };

        Ok(Self {
            homeserver,
            bot_user,
            registration_secret,
            admin_token,
            bot_password,
            staff,
            time_zone,
            emergency_numbers,
            opening_hours,
            data_dir,
            telegram,
            duty_room: args.duty_room.or(file.duty_room),
            service_user: args.service_user.or(file.service_user),
        })
    }
}

/// Beside the config, except for the packaged layout, where the service may write only in its
/// state directory.
fn default_data_dir(config: &Path) -> PathBuf {
    if config.starts_with("/etc/hopenow") {
        PathBuf::from("/var/lib/hopenow/data")
    } else {
        config.with_file_name("data")
    }
}

fn ask_staff() -> anyhow::Result<Vec<StaffMember>> {
    eprintln!("The staff: one at a time; an empty id ends the list.");
    let mut staff = Vec::new();
    loop {
        let id = prompt::ask("Staff id (typed in commands, e.g. grace)", None)?;
        if id.is_empty() {
            if staff.is_empty() {
                eprintln!("At least one person is needed.");
                continue;
            }
            return Ok(staff);
        }
        let alias = prompt::ask("  Alias visitors see (a first name)", None)?;
        let user = prompt::ask("  Matrix id (@name:server)", None)?;
        let languages = prompt::ask("  Languages they answer in (comma-separated tags)", Some("en"))?;
        let roles = prompt::ask("  Roles (outreach, peer, coordinator)", Some("outreach"))?;
        match staff_member(&id, &alias, &user, &languages, &roles) {
            Ok(member) => staff.push(member),
            Err(problem) => eprintln!("  {problem}; again:"),
        }
    }
}

/// `id:alias:@user:server:languages:roles`: the Matrix id holds a colon itself.
pub fn parse_staff(text: &str) -> Result<StaffMember, String> {
    let parts: Vec<&str> = text.split(':').collect();
    let [id, alias, user, server, languages, roles] = parts.as_slice() else {
        return Err(format!(
            "--staff {text:?} is not id:alias:@user:server:languages:roles, e.g. grace:Grace:@grace:example.org:en,pcm:outreach"
        ));
    };
    staff_member(id, alias, &format!("{user}:{server}"), languages, roles)
}

/// A staff member from the answers to the questions about them (lists comma-separated).
fn staff_member(staff_id: &str, alias: &str, user: &str, languages: &str, roles: &str) -> Result<StaffMember, String> {
    let list = |s: &str| s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect::<Vec<_>>();
    let roles = list(roles)
        .iter()
        .map(|role| match role.as_str() {
            "outreach" => Ok(Role::Outreach),
            "peer" => Ok(Role::Peer),
            "coordinator" => Ok(Role::Coordinator),
            other => Err(format!("--staff {staff_id}: role {other:?} is not outreach, peer or coordinator")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let member = serde_json::json!({
        "id": staff_id, "alias": alias, "matrix_user": user, "languages": list(languages), "roles": [],
    });
    let mut member: StaffMember = serde_json::from_value(member).map_err(|e| format!("--staff {staff_id}: {e}"))?;
    member.roles = roles;
    Ok(member)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staff_flag_reads_id_alias_matrix_id_languages_and_roles() {
        let member = parse_staff("ana:Ana:@ana:example.org:ro,en:outreach,coordinator").unwrap();
        assert_eq!(
            (member.id.as_str(), member.alias.as_str(), member.matrix_user.as_str()),
            ("ana", "Ana", "@ana:example.org")
        );
        assert_eq!(member.languages, ["ro", "en"]);
        assert_eq!(member.roles, [Role::Outreach, Role::Coordinator]);
        let wrong = parse_staff("ana:Ana:@ana:example.org:ro:boss").unwrap_err();
        assert!(wrong.contains("\"boss\""), "{wrong}");
        let short = parse_staff("ana:Ana").unwrap_err();
        assert!(short.contains("id:alias:@user:server:languages:roles"), "{short}");
    }

    #[test]
    fn a_missing_answer_names_its_flag_and_key() {
        let message = missing("emergency-numbers").to_string();
        assert!(message.contains("--emergency-numbers (answers key emergency_numbers)"), "{message}");
    }

    #[test]
    fn the_packaged_layout_keeps_data_in_the_state_directory() {
        assert_eq!(default_data_dir(Path::new("/etc/hopenow/hopenow.toml")), Path::new("/var/lib/hopenow/data"));
        assert_eq!(default_data_dir(Path::new("/srv/hn/hopenow.toml")), Path::new("/srv/hn/data"));
    }
}
