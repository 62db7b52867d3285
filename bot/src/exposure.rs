//! What an installation must not give away outside the bridge's own data: plain-text traffic
//! to the homeserver or the Bot API, secrets in a config file others can read, and memory in a
//! core dump.

use std::net::IpAddr;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::config::KeyProblem;

/// A URL the bridge may talk to: `https://`, or `http://` to this machine only (a local
/// homeserver, a Bot API server on loopback, the tests). Anything else on the wire would carry
/// the bot token or the bot's password and every relayed word in plain text.
/// `key` names the setting, e.g. "[matrix] homeserver". A value that is no URL at all passes:
/// the connector's own parse says that more precisely.
pub fn check_url(key: &str, value: &str) -> Result<(), KeyProblem> {
    let Ok(url) = value.parse::<url::Url>() else { return Ok(()) };
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&url) => Ok(()),
        "http" => Err(KeyProblem::new(
            key,
            format!(
                "= {value:?} is plain http to another machine: the token, the password and every message \
                 would cross the network unencrypted. Use https://, or http:// only to 127.0.0.1, ::1 or \
                 localhost"
            ),
        )),
        other => Err(KeyProblem::new(key, format!("= {value:?} uses {other}://; use an https:// URL"))),
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// The secret settings `text` (a config file) holds itself, as "[section] key" names; secrets
/// set through the environment are not in the file and not listed.
pub fn secrets_in(text: &str) -> Vec<&'static str> {
    let Ok(table) = text.parse::<toml::Table>() else { return Vec::new() };
    let holds = |section: &str, key: &str| {
        table.get(section).and_then(toml::Value::as_table).is_some_and(|t| t.contains_key(key))
    };
    let mut found = Vec::new();
    if holds("telegram", "token") {
        found.push("[telegram] token");
    }
    if holds("matrix", "password") {
        found.push("[matrix] password");
    }
    if holds("translation", "api_key") {
        found.push("[translation] api_key");
    }
    found
}

/// A warning if the config file at `path` holds secrets and group or others may read it.
pub fn readable_secrets(path: &Path) -> Option<String> {
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    if mode & 0o077 == 0 {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let secrets = secrets_in(&text);
    if secrets.is_empty() {
        return None;
    }
    let elsewhere: Vec<String> = secrets.iter().map(|secret| format!("{secret} to {}", elsewhere(secret))).collect();
    Some(format!(
        "{} holds {} and is open to group or others (mode {mode:04o}); run `chmod 600 {}`, or move {}",
        path.display(),
        secrets.join(" and "),
        path.display(),
        elsewhere.join("; "),
    ))
}

/// Where a secret found in the config can live instead: its owner-only file key, its systemd
/// credential, or its environment variable.
fn elsewhere(secret: &str) -> String {
    use crate::config::{ENV_MATRIX_PASSWORD, ENV_TELEGRAM_TOKEN, ENV_TRANSLATION_KEY};
    let (file_key, credential, variable) = match secret {
        "[telegram] token" => ("token_file", "telegram-token", ENV_TELEGRAM_TOKEN),
        "[matrix] password" => ("password_file", "matrix-password", ENV_MATRIX_PASSWORD),
        _ => ("api_key_file", "translation-key", ENV_TRANSLATION_KEY),
    };
    format!("{file_key} (an owner-only file), the {credential} credential or {variable}")
}

/// Turns core dumps off for this process: a dump of the running bridge would hold the master
/// key, the token, the password and whatever visitors wrote last, in a file outside the data
/// dir. The hard limit goes to 0 too, so nothing in the process can raise it again; not
/// dumpable also keeps other processes of the same user from attaching to it.
pub fn disable_core_dumps() -> std::io::Result<()> {
    use rustix::process::{DumpableBehavior, Resource, Rlimit, set_dumpable_behavior, setrlimit};
    setrlimit(Resource::Core, Rlimit { current: Some(0), maximum: Some(0) })?;
    set_dumpable_behavior(DumpableBehavior::NotDumpable)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_passes_only_to_loopback() {
        for ok in [
            "https://matrix.example.org",
            "http://127.0.0.1:8008",
            "http://127.9.9.9/",
            "http://[::1]:8081/",
            "http://localhost:8081",
            "http://LOCALHOST/",
        ] {
            assert_eq!(check_url("[matrix] homeserver", ok), Ok(()), "{ok}");
        }
        for refused in
            ["http://matrix.example.org", "http://10.0.0.5:8008", "http://localhost.evil.example", "ftp://x.org"]
        {
            // The config file's name comes with the config error: `plain_http_to_another_machine_is_refused_naming_the_key`.
            let message = check_url("[telegram] api_url", refused).unwrap_err().to_string();
            assert!(message.contains("[telegram] api_url"), "{message}");
            assert!(message.contains("https://"), "{message}");
        }
    }

    #[test]
    fn each_secret_in_an_open_config_is_told_where_it_can_live_instead() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hopenow.toml");
        std::fs::write(&path, "[matrix]\npassword = \"pw\"\n[translation]\napi_key = \"k\"\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let warning = readable_secrets(&path).unwrap();
        assert!(warning.contains("[matrix] password to password_file"), "{warning}");
        assert!(warning.contains("HOPENOW_MATRIX_PASSWORD"), "{warning}");
        assert!(warning.contains("[translation] api_key to api_key_file"), "{warning}");
        assert!(warning.contains("translation-key credential or HOPENOW_TRANSLATION_KEY"), "{warning}");
        assert!(!warning.contains("HOPENOW_TELEGRAM_TOKEN"), "only what the file holds: {warning}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(readable_secrets(&path), None, "an owner-only file is fine");
    }

    #[test]
    fn secrets_in_the_file_are_found_by_section_and_key() {
        assert!(secrets_in("[store]\ndata_dir = \"d\"\n[telegram]\napi_url = \"https://x\"\n").is_empty());
        let both = "[telegram]\ntoken = \"1:x\"\n[matrix]\nhomeserver = \"https://m\"\npassword = \"pw\"\n";
        assert_eq!(secrets_in(both), ["[telegram] token", "[matrix] password"]);
    }

    /// Runs in a child process (see below): the limits are the whole process's.
    #[test]
    fn core_dumps_off_in_a_child() {
        if std::env::var_os("HOPENOW_CORE_DUMP_CHILD").is_none() {
            return;
        }
        disable_core_dumps().unwrap();
        assert_eq!(rustix::process::dumpable_behavior().unwrap(), rustix::process::DumpableBehavior::NotDumpable);
        let limit = rustix::process::getrlimit(rustix::process::Resource::Core);
        assert_eq!((limit.current, limit.maximum), (Some(0), Some(0)));
        // The process itself can no longer raise the limit.
        let raise = rustix::process::Rlimit { current: Some(1 << 20), maximum: Some(1 << 20) };
        assert!(rustix::process::setrlimit(rustix::process::Resource::Core, raise).is_err());
    }

    #[test]
    fn disable_core_dumps_sets_the_limit_and_the_flag() {
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "exposure::tests::core_dumps_off_in_a_child", "--nocapture", "--test-threads=1"])
            .env("HOPENOW_CORE_DUMP_CHILD", "1")
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success() && report.contains("1 passed"), "{report}");
    }
}
