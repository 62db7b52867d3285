//! `hopenow init`: from nothing to a bridge ready to run, in steps that each check their own
//! result first. Run again, it changes nothing and says so; stopped halfway, the next run
//! recognizes what was done and finishes. Secrets go only into owner-only files.
//!
//! The order matters for resuming: the bot's password is written before the account is made
//! with it; the config is written right after the duty room is made (and the room carries a
//! marker, so a crash between the two finds it again).

mod answers;
mod config_file;
mod duty_room;
mod owner;
mod prompt;
mod synapse_admin;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use bridge::{MasterKey, Store};

use answers::Answers;
pub use answers::{ENV_ADMIN_TOKEN, ENV_REGISTRATION_SECRET, InitArgs};
use synapse_admin::{Homeserver, Login, Registered};

use crate::secret::Secret;

/// The files init writes beside the config: the names `config/hopenow.service` loads.
pub const KEY_FILE: &str = "master.key";
pub const PASSWORD_FILE: &str = "matrix-password";
pub const TOKEN_FILE: &str = "telegram-token";

/// What the steps did, printed as they go.
#[derive(Default)]
struct Report {
    changed: bool,
}

impl Report {
    fn step(&mut self, done_now: bool, what: impl std::fmt::Display) {
        if done_now {
            self.changed = true;
            println!("done {what}");
        } else {
            println!("ok   {what} (already done)");
        }
    }
}

/// Where everything goes.
struct Paths {
    config: PathBuf,
    key: PathBuf,
    password: PathBuf,
    token: PathBuf,
}

pub fn run(args: InitArgs) -> anyhow::Result<ExitCode> {
    crate::logging::init("warn");
    let config = std::path::absolute(&args.config)
        .with_context(|| format!("--config {} is not a usable path", args.config.display()))?;
    let folder = config.parent().context("--config names no file in a folder")?.to_owned();
    let explicit_user = args.service_user.clone();
    let answers = Answers::gather(args, &config)?;
    let data_dir = std::path::absolute(&answers.data_dir)?;
    let owner = owner::service_user(explicit_user.or(answers.service_user.clone()).as_deref())?;
    let paths = Paths {
        config: config.clone(),
        key: folder.join(KEY_FILE),
        password: folder.join(PASSWORD_FILE),
        token: folder.join(TOKEN_FILE),
    };
    let mut report = Report::default();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let result = runtime.block_on(steps(&answers, &paths, &data_dir, owner.as_ref(), &mut report));
    drop(runtime);
    // Every run, a failed one too: whatever the steps made in the data dir (store, Matrix
    // session) must be the service's, or it cannot open it.
    if let Some(owner) = &owner
        && data_dir.exists()
    {
        owner::give_tree(&data_dir, owner)?;
    }
    result?;
    if !report.changed {
        println!("nothing changed: everything was already set up");
    }

    println!("\nhopenow check --config {} --online:", config.display());
    let verdict = super::check::run(&config, true)?;
    if verdict == ExitCode::SUCCESS {
        println!("\nThe check passed.");
    } else {
        println!(
            "\nThe check found problems (the ERR lines above): fix them, then run `hopenow check --config {} --online` again.",
            config.display()
        );
    }
    let unit = [
        "/etc/systemd/system/hopenow.service",
        "/lib/systemd/system/hopenow.service",
        "/usr/lib/systemd/system/hopenow.service",
    ]
    .iter()
    .any(|p| Path::new(p).exists());
    if unit {
        if answers.telegram.is_none() {
            println!(
                "Without Telegram, remove the telegram-token LoadCredential line first: `systemctl edit --full hopenow`."
            );
        }
        println!("Next: systemctl enable --now hopenow");
    } else {
        println!("Next: hopenow run --config {}", config.display());
    }
    Ok(ExitCode::SUCCESS)
}

async fn steps(
    answers: &Answers,
    paths: &Paths,
    data_dir: &Path,
    owner: Option<&owner::Owner>,
    report: &mut Report,
) -> anyhow::Result<()> {
    let folder = paths.config.parent().context("the config has no folder")?;
    // Checked before anything is written: a wrong token leaves no trace.
    if let Some(telegram) = &answers.telegram {
        let settings = telegram_settings(telegram)?;
        let name = crate::telegram::check_token(&settings).await.map_err(|e| {
            anyhow::anyhow!(
                "{e} (--telegram-token-file, answers key telegram_token_file, or {})",
                crate::config::ENV_TELEGRAM_TOKEN
            )
        })?;
        println!("ok   the Telegram token works: the bot is @{name}");
    }
    let homeserver = Homeserver::new(&answers.homeserver)?;
    let password = bot_account(answers, paths, &homeserver, folder, report).await?;

    match bridge::keyfile::read(&paths.key) {
        Ok(_) => report.step(false, format!("master key {} (mode 0600)", paths.key.display())),
        Err(bridge::keyfile::KeyFileError::Read { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            bridge::keyfile::write_new(&paths.key, &MasterKey::generate()?)?;
            report.step(
                true,
                format!(
                    "master key {} (mode 0600): keep a copy offline, without it the data is lost",
                    paths.key.display()
                ),
            );
        }
        Err(error) => return Err(error.into()),
    }
    let key = bridge::keyfile::read(&paths.key)?;
    if let Some(telegram) = &answers.telegram {
        let same = crate::config::read_secret_file(&paths.token).is_ok_and(|stored| stored == telegram.token);
        if !same {
            config_file::write_secret(&paths.token, telegram.token.expose())?;
        }
        report.step(!same, format!("Telegram token in {} (mode 0600)", paths.token.display()));
    }
    let made = !data_dir.exists();
    if made {
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot make the data dir {}", data_dir.display()))?;
    }
    let open = std::fs::metadata(data_dir)?.permissions().mode() & 0o077 != 0;
    if made || open {
        std::fs::set_permissions(data_dir, std::fs::Permissions::from_mode(0o700))?;
    }
    report.step(made || open, format!("data dir {} (mode 0700)", data_dir.display()));

    let store = Store::open(data_dir, &key).with_context(|| format!("opening the data dir {}", data_dir.display()))?;
    let matrix = crate::config::MatrixConfig {
        homeserver: answers.homeserver.to_string(),
        user_id: answers.bot_user.to_string(),
        password: Some(password),
        password_file: None,
        duty_room: answers.duty_room.clone().unwrap_or_else(|| "!pending:init".to_owned()),
        download_limit_mb: 20,
    };
    let settings =
        crate::matrix::MatrixSettings::from_config(&matrix, data_dir, &paths.config).map_err(anyhow::Error::msg)?;
    let (client, prepared) = super::matrix_setup::prepare(&settings, &store).await?;
    for step in prepared {
        report.step(step.done_now, step.what);
        if let Some(then) = step.then {
            println!("{then}");
        }
    }
    let duty = match &answers.duty_room {
        Some(given) => duty_room::existing(&client, given).await?,
        None => duty_room::find_or_make(&client, &answers.staff).await?,
    };
    let room_id = duty.room.room_id().to_owned();
    report.step(duty.made_now, format!("encrypted duty room {room_id}"));

    let data_dir_text = data_dir.strip_prefix(folder).map_or_else(|_| data_dir.to_owned(), Path::to_owned);
    let text = config_file::render(answers, room_id.as_str(), &data_dir_text);
    let same = std::fs::read_to_string(&paths.config).is_ok_and(|old| old == text);
    if !same {
        config_file::write_atomically(&paths.config, &text, 0o640, owner.map(|o| o.gid))?;
    }
    report.step(!same, format!("config {}", paths.config.display()));

    // A room made just now had the staff invited in its creation.
    if !duty.made_now || answers.duty_room.is_some() {
        let invited = duty_room::invite_staff(&duty.room, &answers.staff).await?;
        let names: Vec<String> = invited.iter().map(ToString::to_string).collect();
        report.step(
            !invited.is_empty(),
            if invited.is_empty() {
                "the staff are invited to the duty room".to_owned()
            } else {
                format!("invited {} to the duty room", names.join(", "))
            },
        );
    } else {
        report.step(true, format!("invited {} staff to the duty room", answers.staff.len()));
    }

    match &answers.admin_token {
        Some(token) => {
            let user = answers.bot_user.as_str();
            let lifted = homeserver.rate_limit_lifted(token, user).await?;
            if !lifted {
                homeserver.lift_rate_limit(token, user).await?;
            }
            report.step(!lifted, format!("rate limits lifted for {user} (override_ratelimit)"));
        }
        None => println!(
            "todo the bot's rate limits: without an admin token init cannot lift them; a server admin runs\n    {}",
            synapse_admin::lift_rate_limit_command(&answers.homeserver, answers.bot_user.as_str())
        ),
    }
    drop(client);
    store.flush()?;
    Ok(())
}

/// The bot account's password, once the account exists and takes it; written to its file (and
/// the account made) as needed. A password given for an existing account is tried before
/// anything is written.
async fn bot_account(
    answers: &Answers,
    paths: &Paths,
    homeserver: &Homeserver,
    folder: &Path,
    report: &mut Report,
) -> anyhow::Result<Secret> {
    let user = answers.bot_user.as_str();
    if let Some(given) = &answers.bot_password {
        if homeserver.try_password(user, given).await? == Login::Refused {
            anyhow::bail!(
                "the homeserver refused the password for {user} (--bot-password-file, answers key bot_password_file, or \
                 {}): check it, or give --registration-secret-file to make a new account. Nothing was written",
                crate::config::ENV_MATRIX_PASSWORD
            );
        }
        let same = crate::config::read_secret_file(&paths.password).is_ok_and(|stored| &stored == given);
        if !same {
            std::fs::create_dir_all(folder)?;
            config_file::write_secret(&paths.password, given.expose())?;
        }
        report.step(!same, format!("bot account {user}, its password in {} (mode 0600)", paths.password.display()));
        return Ok(given.clone());
    }
    let stored = if paths.password.exists() {
        Some(
            crate::config::read_secret_file(&paths.password)
                .map_err(|p| anyhow::anyhow!("{} {p}", paths.password.display()))?,
        )
    } else {
        None
    };
    if let Some(stored) = &stored
        && homeserver.try_password(user, stored).await? == Login::Works
    {
        report.step(false, format!("bot account {user}, its password in {} (mode 0600)", paths.password.display()));
        return Ok(stored.clone());
    }
    // Written before the account is made with it: a run stopped in between makes the account
    // with the same password next time.
    let generated = stored.is_none();
    let password = match stored {
        Some(stored) => stored,
        None => {
            let password = synapse_admin::random_password()?;
            std::fs::create_dir_all(folder)?;
            config_file::write_secret(&paths.password, password.expose())?;
            password
        }
    };
    let localpart = answers.bot_user.localpart();
    let registered = match (&answers.registration_secret, &answers.admin_token) {
        (Some(secret), _) => homeserver.register(secret, localpart, &password).await?,
        (None, Some(token)) => homeserver.create_user(token, user, &password).await?,
        (None, None) => anyhow::bail!(
            "the password in {} does not log {user} in, and there is no registration secret or admin token to make \
             the account: give --bot-password-file with the account's password",
            paths.password.display()
        ),
    };
    if registered == Registered::Exists {
        if generated {
            // Not this account's password: it would only mislead the next run.
            let _ = std::fs::remove_file(&paths.password);
        }
        anyhow::bail!(
            "{user} already exists and the password in {} is not its password: give the account's password with \
             --bot-password-file (answers key bot_password_file) or {}, or choose another --bot-user",
            paths.password.display(),
            crate::config::ENV_MATRIX_PASSWORD
        );
    }
    report
        .step(true, format!("bot account {user} made, a random password in {} (mode 0600)", paths.password.display()));
    Ok(password)
}

fn telegram_settings(telegram: &answers::TelegramAnswers) -> anyhow::Result<crate::telegram::TelegramSettings> {
    let config = crate::config::TelegramConfig {
        token: Some(telegram.token.clone()),
        token_file: None,
        api_url: telegram.api_url.clone(),
        throttle: true,
        download_limit_mb: 20,
        username: None,
    };
    crate::telegram::TelegramSettings::from_config(&config, Path::new("--telegram-api-url")).map_err(anyhow::Error::msg)
}
