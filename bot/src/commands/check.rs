//! `hopenow check`: is this installation ready, and if not, what exactly to fix.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::ExitCode;

use bridge::Store;

use crate::config::{KeySource, Loaded, process_env};

/// One line of the report.
fn report(ok: bool, what: &str, detail: impl std::fmt::Display) {
    println!("{} {what:<9} {detail}", if ok { "ok " } else { "ERR" });
}

pub fn run(config: &Path, online: bool) -> anyhow::Result<ExitCode> {
    let loaded = match Loaded::from_file(config) {
        Ok(loaded) => loaded,
        Err(error) => {
            report(false, "config", error);
            return Ok(ExitCode::FAILURE);
        }
    };
    report(true, "config", format!("{} parsed, no unknown keys", loaded.path.display()));
    if let Some(warning) = crate::exposure::readable_secrets(&loaded.path) {
        // Warned, not failed: a file shared with a group on purpose still works; the line says
        // what that costs and how to stop it.
        println!("WRN {:<9} {warning}", "config");
    }
    let mut healthy = true;

    let key = match loaded.key_source(&process_env) {
        Ok(source) => {
            let described = match &source {
                KeySource::Credential(path) => format!("systemd credential master.key ({})", path.display()),
                KeySource::Environment => format!("from {}", crate::config::ENV_MASTER_KEY),
                KeySource::File(path) => format!("{} (mode 0600)", path.display()),
            };
            match loaded.master_key(&process_env) {
                Ok(key) => {
                    report(true, "key", described);
                    Some(key)
                }
                Err(error) => {
                    report(false, "key", error);
                    None
                }
            }
        }
        Err(error) => {
            report(false, "key", error);
            None
        }
    };
    healthy &= key.is_some();

    let data_dir = &loaded.config.store.data_dir;
    match (std::fs::metadata(data_dir), key) {
        (Err(_), _) => {
            let parent = data_dir.parent().unwrap_or(Path::new("/"));
            let ok = parent.is_dir();
            healthy &= ok;
            report(
                ok,
                "data dir",
                if ok {
                    format!("{} does not exist yet; it will be created (mode 0700) on first start", data_dir.display())
                } else {
                    format!(
                        "[store] data_dir is {}: its parent folder {} does not exist. Create it \
                         (`mkdir -p {}`), or fix [store] data_dir in {} (a relative path is relative \
                         to that file's folder)",
                        data_dir.display(),
                        parent.display(),
                        parent.display(),
                        loaded.path.display()
                    )
                },
            );
        }
        (Ok(metadata), key) => {
            let mode = metadata.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                healthy = false;
                report(
                    false,
                    "data dir",
                    format!(
                        "{} is open to group or others (mode {mode:04o}); run `chmod 700 {}`",
                        data_dir.display(),
                        data_dir.display()
                    ),
                );
            }
            let pending = key.as_ref().map(|key| Store::pending_migration(data_dir, key));
            if let Some(Ok(Some(pending))) = &pending {
                // Reading the records would migrate them: say what the next start does instead.
                println!(
                    "WRN {:<9} {} is at schema {}, from an older hopenow: the next `hopenow run` migrates it to \
                     schema {}, after copying it to {} (keep as much free disk as the data dir takes; delete \
                     the copy once the new version runs well). Its records are authenticated after that.",
                    "data dir",
                    data_dir.display(),
                    pending.found,
                    pending.target,
                    pending.copy.display()
                );
            }
            if let Some(key) = key.filter(|_| !matches!(pending, Some(Ok(Some(_))))) {
                let opened = Store::open(data_dir, &key)
                    .and_then(|store| Ok((store.visitor_count(), store.verify()?, store.verify_audit()?)));
                match opened {
                    Ok((visitors, verified, audit)) => {
                        report(
                            true,
                            "data dir",
                            format!(
                                "{}: key matches, schema {}, {visitors} visitors, {} records and {} transcript entries authenticated",
                                data_dir.display(),
                                bridge::store::SCHEMA_VERSION,
                                verified.records,
                                verified.transcript_entries
                            ),
                        );
                        match audit.broken {
                            None => report(true, "audit log", format!("{} entries, chain intact", audit.entries.len())),
                            Some(broken) => {
                                healthy = false;
                                report(
                                    false,
                                    "audit log",
                                    format!("tampered with: {broken}; `hopenow audit` shows it"),
                                );
                            }
                        }
                    }
                    Err(error) => {
                        healthy = false;
                        report(false, "data dir", error);
                    }
                }
            }
        }
    }

    let roster = loaded.config.staff.len();
    let on_shifts = loaded.shifts().staff().len();
    report(
        roster > 0,
        "roster",
        if roster > 0 {
            format!("{roster} staff, {on_shifts} with weekly shifts in {}", loaded.config.routing.time_zone)
        } else {
            "no [[staff]]: nobody can take conversations; every visitor would wait in the queue".to_owned()
        },
    );
    healthy &= roster > 0;

    let mut channels = Vec::new();
    if let Some(telegram) = &loaded.config.telegram {
        channels.push(format!("telegram (api {})", telegram.api_url));
    }
    if let Some(matrix) = &loaded.config.matrix {
        let desk = match &loaded.config.peer_desk {
            Some(desk) => format!(", peer desk {} (digest at {})", desk.room, desk.digest_at),
            None => String::new(),
        };
        channels.push(format!(
            "matrix ({} on {}, duty room {}{desk})",
            matrix.user_id, matrix.homeserver, matrix.duty_room
        ));
    }
    if channels.is_empty() {
        report(true, "channels", "none configured: `hopenow run` has nothing to do yet; add [telegram] or [matrix]");
    } else {
        report(true, "channels", channels.join("; "));
    }
    if let Some(telegram) = &loaded.config.telegram {
        match crate::telegram::TelegramSettings::from_config(telegram, &loaded.path) {
            Err(error) => {
                healthy = false;
                report(false, "telegram", error);
            }
            Ok(settings) if online => {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                match runtime.block_on(crate::telegram::check_token(&settings)) {
                    Ok(name) => {
                        report(true, "telegram", format!("the token works: the bot is @{name}"));
                        // The links of /share and the printed cards are built from the key:
                        // pointing at another bot, they would lead friends somewhere else.
                        let configured = telegram.username.as_deref().map(crate::config::bot_username);
                        if let Some(configured) = configured
                            && !configured.eq_ignore_ascii_case(&name)
                        {
                            println!(
                                "WRN {:<9} [telegram] username = {configured:?}, but the token's bot is @{name}: \
                                 /share and `hopenow card` would link to the wrong bot; fix the key or leave it out",
                                "telegram"
                            );
                        }
                    }
                    Err(error) => {
                        healthy = false;
                        report(false, "telegram", error);
                    }
                }
            }
            Ok(_) => report(true, "telegram", "token present (`hopenow check --online` tries it with getMe)"),
        }
    }

    if let Some(matrix) = &loaded.config.matrix {
        let settings = crate::matrix::MatrixSettings::from_config(matrix, &loaded.config.store.data_dir, &loaded.path)
            .map(|mut settings| {
                settings.peer_desk_room = loaded.config.peer_desk.as_ref().map(|desk| desk.room.clone());
                settings
            });
        match settings {
            Err(error) => {
                healthy = false;
                report(false, "matrix", error);
            }
            Ok(settings) if online => {
                // Never the open that would migrate an older data dir (see the data dir line).
                let store = loaded
                    .master_key(&process_env)
                    .ok()
                    .filter(|key| matches!(Store::pending_migration(&loaded.config.store.data_dir, key), Ok(None)))
                    .and_then(|key| Store::open(&loaded.config.store.data_dir, &key).ok());
                match store {
                    Some(store) => {
                        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
                        for (ok, finding) in
                            runtime.block_on(crate::matrix::check::online(&settings, &store, &loaded.config.staff))
                        {
                            healthy &= ok;
                            report(ok, "matrix", finding);
                        }
                    }
                    None => {
                        healthy = false;
                        report(
                            false,
                            "matrix",
                            "the data dir cannot be opened (see above), so the session cannot be tried",
                        );
                    }
                }
            }
            Ok(_) => {
                report(true, "matrix", "settings readable (`hopenow check --online` tries the session and the rooms)")
            }
        }
    }

    healthy &= translation(&loaded, online)?;

    Ok(if healthy { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The `translation` line: off, configured, or (online) which visitor languages the service
/// covers with the roster's staff languages. False when the service cannot be used.
fn translation(loaded: &Loaded, online: bool) -> anyhow::Result<bool> {
    use crate::translation::{LibreTranslate, TranslationError, Translator};
    let Some(config) = &loaded.config.translation else {
        report(true, "translation", "off (no [translation]): staff read visitors in the visitors' languages");
        return Ok(true);
    };
    if !online {
        report(
            true,
            "translation",
            format!("{} (`hopenow check --online` asks it which languages it covers)", config.url),
        );
        return Ok(true);
    }
    let client = match LibreTranslate::from_config(config) {
        Ok(client) => client,
        Err(error) => {
            report(false, "translation", error);
            return Ok(false);
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let languages = match runtime.block_on(client.languages()) {
        Ok(languages) => languages,
        Err(error) => {
            let what_to_do = match &error {
                TranslationError::Unavailable(_) => format!(
                    "check [translation] url = {:?} and that LibreTranslate runs there (`curl {}/languages`)",
                    config.url,
                    config.url.trim_end_matches('/')
                ),
                TranslationError::Refused { .. } => "check [translation] api_key (or api_key_file, \
                    HOPENOW_TRANSLATION_KEY, the credential translation-key): it must be a key of the service's \
                    `ltmanage keys`"
                    .into(),
                TranslationError::SlowDown => "raise the service's --req-limit, or wait a minute".into(),
                TranslationError::Malformed(_) => {
                    format!("[translation] url = {:?} must point at a LibreTranslate service", config.url)
                }
            };
            report(false, "translation", format!("{error}: {what_to_do}"));
            return Ok(false);
        }
    };
    // /languages asks for no key: one short translation tries the key, so a wrong one shows now.
    let probe = languages.iter().find_map(|language| language.targets.first().map(|target| (&language.code, target)));
    if let Some((from, to)) = probe
        && let Err(error) = runtime.block_on(client.translate("Hello", from, to))
    {
        let what_to_do = match &error {
            TranslationError::Refused { status: 400 | 403, .. } => {
                "set [translation] api_key (or api_key_file, HOPENOW_TRANSLATION_KEY, the credential \
                     translation-key) to a key the service knows (`ltmanage keys add`)"
            }
            _ => "see the service's own log",
        };
        report(false, "translation", format!("{error}: {what_to_do}"));
        return Ok(false);
    }
    let visitors: Vec<&str> = bridge::i18n::LANGUAGES.iter().map(|language| language.tag).collect();
    let mut staff: Vec<&str> = loaded.config.staff.iter().map(|member| member.staff_language.as_str()).collect();
    if staff.is_empty() {
        staff.push(loaded.config.routing.staff_language.as_str());
    }
    staff.sort_unstable();
    staff.dedup();
    // English first: the staff language most visitors' pairs go through.
    staff.sort_by_key(|tag| *tag != "en");
    report(true, "translation", crate::translation::coverage(&languages, &visitors, &staff));
    Ok(true)
}
