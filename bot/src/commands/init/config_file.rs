//! The config `hopenow init` writes: `config/example.toml` itself, every comment kept, with the
//! answers put in place of the example's values. Written atomically (a temp file renamed), so a
//! crash leaves the old file or the new one, never half of one.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use anyhow::Context;

use super::answers::Answers;
use super::{KEY_FILE, PASSWORD_FILE, TOKEN_FILE};

const EXAMPLE: &str = include_str!("../../../../config/example.toml");

/// The config's text for `answers`, with the duty room `duty_room` and the data dir as written
/// (`data_dir`: relative to the config's folder when inside it).
pub fn render(answers: &Answers, duty_room: &str, data_dir: &Path) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut section = String::new();
    let mut skipping_telegram = false;
    for line in EXAMPLE.lines() {
        if line.starts_with("# HopeNow Bridge — example configuration.") {
            lines.push(
                "# HopeNow Bridge configuration, written by `hopenow init` from its answers (`hopenow init`".into(),
            );
            lines.push("# again rewrites it; the file it replaces is kept as <this file>.old).".into());
            continue;
        }
        if line.starts_with("# Copy to /etc/hopenow/hopenow.toml") {
            lines.push("# `hopenow check --config FILE --online` says whether it all works.".into());
            continue;
        }
        if line.starts_with("# Telegram visitor channel.") {
            skipping_telegram = answers.telegram.is_none();
            if skipping_telegram {
                lines.push(
                    "# No Telegram: add a [telegram] section (see the example config) to let visitors write there."
                        .into(),
                );
                lines.push(String::new());
            }
        }
        if line.starts_with("# Matrix: the staff inbox") {
            skipping_telegram = false;
        }
        if skipping_telegram {
            continue;
        }
        if line.starts_with("[[staff]]") {
            break;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_owned();
        }
        let value = |key: &str| -> Option<String> {
            let set = |v: &str| Some(format!("{key} = {}", quoted(v)));
            match (section.as_str(), key) {
                ("store", "data_dir") => set(&data_dir.to_string_lossy()),
                ("keys", "master_key_file") => set(KEY_FILE),
                ("telegram", "token_file") => set(TOKEN_FILE),
                ("telegram", "api_url") => answers.telegram.as_ref().and_then(|t| set(&t.api_url)),
                ("matrix", "homeserver") => set(answers.homeserver.as_str().trim_end_matches('/')),
                ("matrix", "user_id") => set(answers.bot_user.as_str()),
                ("matrix", "password_file") => set(PASSWORD_FILE),
                ("matrix", "duty_room") => set(duty_room),
                ("routing", "time_zone") => set(&answers.time_zone),
                ("routing", "emergency_numbers") => set(&answers.emergency_numbers),
                ("routing", "opening_hours") => set(&answers.opening_hours),
                _ => None,
            }
        };
        let key = line.trim_start_matches("# ").split(" = ").next().unwrap_or_default();
        let is_setting = line.contains(" = ") && !key.contains(' ');
        // A commented-out key is filled only where init writes one (the secret files).
        let commented = line.starts_with("# ");
        match value(key).filter(|_| is_setting && (!commented || key.ends_with("_file"))) {
            Some(filled) => lines.push(filled),
            None => lines.push(line.to_owned()),
        }
    }
    for member in &answers.staff {
        lines.push("[[staff]]".into());
        lines.push(format!("id = {}", quoted(member.id.as_str())));
        lines.push(format!("alias = {}", quoted(&member.alias)));
        lines.push(format!("matrix_user = {}", quoted(&member.matrix_user)));
        lines.push(format!("languages = {}", list(member.languages.iter().map(String::as_str))));
        lines.push(format!("roles = {}", list(member.roles.iter().map(|r| role(*r)))));
        if member.staff_language != bridge::i18n::DEFAULT_LANGUAGE {
            lines.push(format!("staff_language = {}", quoted(&member.staff_language)));
        }
        lines.push(String::new());
    }
    // The shifts' explanation, with the example's shifts commented out: nobody's hours are known yet.
    let shifts = EXAMPLE.find("# Weekly shifts").map_or("", |at| &EXAMPLE[at..]);
    for line in shifts.lines() {
        if line.starts_with('#') || line.is_empty() {
            lines.push(line.to_owned());
        } else {
            lines.push(format!("# {line}"));
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

fn quoted(value: &str) -> String {
    toml::Value::String(value.to_owned()).to_string()
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    format!("[{}]", items.map(quoted).collect::<Vec<_>>().join(", "))
}

fn role(role: bridge::roster::Role) -> &'static str {
    match role {
        bridge::roster::Role::Outreach => "outreach",
        bridge::roster::Role::Peer => "peer",
        bridge::roster::Role::Coordinator => "coordinator",
    }
}

/// Writes `text` to `path` with `mode` through a temp file in the same folder; the file it
/// replaces (if different) is kept as `<path>.old`. `group`: the group to give it (as root).
pub fn write_atomically(path: &Path, text: &str, mode: u32, group: Option<u32>) -> anyhow::Result<()> {
    let folder = path.parent().context("the config path has no folder")?;
    let mut temp = tempfile::Builder::new()
        .prefix(".hopenow-init-")
        .tempfile_in(folder)
        .with_context(|| format!("cannot write in {}", folder.display()))?;
    temp.as_file().set_permissions(std::fs::Permissions::from_mode(mode))?;
    if let Some(gid) = group {
        std::os::unix::fs::fchown(temp.as_file(), None, Some(gid))
            .with_context(|| format!("cannot give {} to group {gid}", path.display()))?;
    }
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    if path.exists() {
        let mut old = path.as_os_str().to_owned();
        old.push(".old");
        std::fs::copy(path, &old).with_context(|| format!("cannot keep a copy of {}", path.display()))?;
    }
    temp.persist(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Writes a secret to a new owner-only file (0600), atomically.
pub fn write_secret(path: &Path, secret: &str) -> anyhow::Result<()> {
    let folder = path.parent().context("a secret file needs a folder")?;
    let mut temp = tempfile::Builder::new().prefix(".hopenow-init-").tempfile_in(folder)?;
    // tempfile makes it 0600 already; set anyway, the file's whole point is its mode.
    temp.as_file().set_permissions(std::fs::Permissions::from_mode(0o600))?;
    temp.write_all(secret.as_bytes())?;
    temp.write_all(b"\n")?;
    temp.as_file().sync_all()?;
    temp.persist(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Loaded;

    fn answers(telegram: bool) -> Answers {
        Answers {
            homeserver: "https://matrix.example.org/".parse().unwrap(),
            bot_user: "@hopenow-bot:example.org".try_into().unwrap(),
            registration_secret: None,
            admin_token: None,
            bot_password: None,
            staff: vec![
                super::super::answers::parse_staff("grace:Grace:@grace:example.org:en,pcm:outreach").unwrap(),
                super::super::answers::parse_staff("maja:Maja \"M\":@maja:example.org:da:coordinator,outreach")
                    .unwrap(),
            ],
            time_zone: "Europe/Bucharest".into(),
            emergency_numbers: "112, 116 006".into(),
            opening_hours: "18:00–23:00".into(),
            data_dir: "data".into(),
            telegram: telegram.then(|| super::super::answers::TelegramAnswers {
                token: crate::secret::Secret::new("1:x".into()),
                api_url: "https://api.telegram.org".into(),
            }),
            duty_room: None,
            service_user: None,
        }
    }

    fn load(text: &str) -> Result<Loaded, crate::config::ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        for name in [PASSWORD_FILE, TOKEN_FILE] {
            write_secret(&dir.path().join(name), "a secret").unwrap();
        }
        let path = dir.path().join("hopenow.toml");
        Loaded::from_str(&path, text, &|_| None)
    }

    #[test]
    fn the_written_config_loads_with_the_answers_and_keeps_the_examples_comments() {
        let text = render(&answers(true), "!duty:example.org", Path::new("data"));
        let loaded = load(&text).unwrap();
        let config = &loaded.config;
        assert_eq!(config.routing.time_zone, "Europe/Bucharest");
        assert_eq!(config.routing.emergency_numbers, "112, 116 006");
        assert_eq!(config.routing.opening_hours, "18:00–23:00");
        let matrix = config.matrix.as_ref().unwrap();
        assert_eq!(
            (matrix.homeserver.as_str(), matrix.duty_room.as_str()),
            ("https://matrix.example.org", "!duty:example.org")
        );
        assert_eq!(matrix.password.as_ref().unwrap().expose(), "a secret", "from password_file");
        assert_eq!(config.telegram.as_ref().unwrap().token.as_ref().unwrap().expose(), "a secret", "from token_file");
        assert_eq!(config.staff.len(), 2);
        assert_eq!(config.staff[1].alias, "Maja \"M\"");
        assert!(config.shift.is_empty(), "nobody's shifts are known yet");
        assert!(config.store.data_dir.ends_with("data"));
        // Every comment of the example is kept but its first lines (which said "copy me") and the
        // commented-out secret files, which init fills in.
        let kept: Vec<&str> =
            EXAMPLE.lines().filter(|l| l.starts_with('#') && !l.contains("_file = ")).skip(3).collect();
        for line in kept {
            assert!(text.contains(line), "the example's comment {line:?} is kept");
        }
    }

    #[test]
    fn without_telegram_the_section_is_gone_and_the_rest_loads() {
        let text = render(&answers(false), "!duty:example.org", Path::new("/var/lib/hopenow/data"));
        assert!(!text.contains("[telegram]\n"), "{text}");
        let loaded = load(&text).unwrap();
        assert!(loaded.config.telegram.is_none());
        assert_eq!(loaded.config.store.data_dir, Path::new("/var/lib/hopenow/data"));
    }

    #[test]
    fn rendering_is_stable() {
        assert_eq!(
            render(&answers(true), "!d:x", Path::new("data")),
            render(&answers(true), "!d:x", Path::new("data"))
        );
    }

    #[test]
    fn a_rewrite_keeps_the_old_file_and_the_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hopenow.toml");
        write_atomically(&path, "first\n", 0o640, None).unwrap();
        write_atomically(&path, "second\n", 0o640, None).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second\n");
        assert_eq!(std::fs::read_to_string(dir.path().join("hopenow.toml.old")).unwrap(), "first\n");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        write_secret(&dir.path().join("matrix-password"), "pw").unwrap();
        assert_eq!(std::fs::metadata(dir.path().join("matrix-password")).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
