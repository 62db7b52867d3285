//! The config as an operator writes it: what loads, and what each mistake says.

use super::*;

fn no_env(_: &str) -> Option<String> {
    None
}

const MINIMAL: &str = "[store]\ndata_dir = \"data\"\n[keys]\nmaster_key_file = \"master.key\"\n";

#[test]
fn example_config_parses_with_secrets_from_the_environment() {
    let text = include_str!("../../../config/example.toml");
    let env = |name: &str| match name {
        ENV_TELEGRAM_TOKEN => Some("123:abc".to_owned()),
        ENV_MATRIX_PASSWORD => Some("pw".to_owned()),
        _ => None,
    };
    let loaded = Loaded::from_str(Path::new("/etc/hopenow/hopenow.toml"), text, &env).unwrap();
    assert_eq!(loaded.config.store.data_dir, PathBuf::from("/var/lib/hopenow/data"));
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
    let staff =
        "[[staff]]\nid = \"grace\"\nalias = \"Grace, HopeNow\"\nmatrix_user = \"@grace:x\"\nroles = [\"outreach\"]\n";
    let ok =
        format!("{MINIMAL}{staff}[[shift]]\nstaff = \"grace\"\ndays = [\"fri\"]\nstart = \"20:00\"\nend = \"02:00\"\n");
    let loaded = Loaded::from_str(Path::new("h.toml"), &ok, &no_env).unwrap();
    assert_eq!(loaded.roster().members().len(), 1);
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
    let staff =
        "[[staff]]\nid = \"mette\"\nalias = \"Mette, HopeNow\"\nmatrix_user = \"@mette:x\"\nroles = [\"outreach\"]\n";
    let danish = format!("{MINIMAL}[routing]\nstaff_language = \"da\"\n{staff}staff_language = \"da\"\n");
    let loaded = Loaded::from_str(Path::new("h.toml"), &danish, &no_env).unwrap();
    assert_eq!(loaded.config.routing.staff_language, "da");
    assert_eq!(loaded.roster().members()[0].staff_language, "da");
    let default = Loaded::from_str(Path::new("h.toml"), &format!("{MINIMAL}{staff}"), &no_env).unwrap();
    assert_eq!(default.config.routing.staff_language, "en");
    assert_eq!(default.roster().members()[0].staff_language, "en");

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
    assert_eq!(loaded.config.retention, bridge::retention::RetentionSettings { closed_days: 30, inactive_days: 90 });
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

/// The one key `text` gets wrong, as the error names it.
fn wrong_key(text: &str) -> (String, String) {
    let error = Loaded::from_str(Path::new("h.toml"), text, &no_env).unwrap_err();
    let message = error.to_string();
    assert!(message.starts_with("config file h.toml: "), "{message}");
    match error {
        ConfigError::Key { key, problem, .. } => {
            assert!(message.ends_with(&format!("{key} {problem}")), "{message}");
            (key, problem)
        }
        other => panic!("not one wrong key: {other}"),
    }
}

const GRACE: &str =
    "[[staff]]\nid = \"grace\"\nalias = \"Grace, HopeNow\"\nmatrix_user = \"@grace:x\"\nroles = [\"outreach\"]\n";

#[test]
fn a_wrong_key_is_named_with_its_problem() {
    let (key, problem) = wrong_key(&format!("{MINIMAL}[limits]\nnew_conversations_per_minute = 700\n"));
    assert_eq!(key, "[limits] new_conversations_per_minute");
    assert_eq!(problem, "= 700 is out of range: use 1 to 600 (leave it out for the default, 20)");
    let (key, problem) = wrong_key(&format!("{MINIMAL}[health]\nunreachable_minutes = 0\n"));
    assert_eq!(key, "[health] unreachable_minutes");
    assert_eq!(problem, "= 0 is out of range: use 1 to 1440 minutes (leave it out for the default, 5)");
    let (key, _) = wrong_key(&format!("{MINIMAL}[health]\noutbox_stale_minutes = 10000\n"));
    assert_eq!(key, "[health] outbox_stale_minutes");

    let (key, problem) = wrong_key(&format!("{MINIMAL}[routing]\ntime_zone = \"Europe/Atlantis\"\n"));
    assert_eq!(key, "[routing] time_zone");
    assert!(problem.contains("\"Europe/Atlantis\" is not a known time zone"), "{problem}");

    let hours =
        format!("{MINIMAL}{GRACE}[[shift]]\nstaff = \"grace\"\ndays = [\"fri\"]\nstart = \"25:00\"\nend = \"02:00\"\n");
    let (key, problem) = wrong_key(&hours);
    assert_eq!(key, "[[shift]] for \"grace\"");
    assert_eq!(problem, "start \"25:00\" is not HH:MM");

    let (key, problem) = wrong_key(&format!("{MINIMAL}[routing]\nstaff_language = \"de\"\n"));
    assert_eq!(key, "[routing] staff_language");
    assert_eq!(problem, "= \"de\" has no staff texts; use one of: en, da");
    let (key, problem) = wrong_key(&format!("{MINIMAL}[decoy]\nxx = \"See you at 5\"\n"));
    assert_eq!(key, "[decoy] xx");
    assert!(problem.contains("not a shipped language tag"), "{problem}");
    let (key, problem) = wrong_key(&format!("{MINIMAL}[voice]\nxx = \"xx.ogg\"\n"));
    assert_eq!(key, "[voice] xx");
    assert!(problem.contains("no such language"), "{problem}");

    let (key, problem) = wrong_key(&format!("{MINIMAL}{GRACE}{}", GRACE.replace("@grace:x", "@ana:x")));
    assert_eq!((key.as_str(), problem.as_str()), ("[[staff]] id", "= \"grace\" appears twice; ids must be unique"));
    let (key, problem) = wrong_key("[store]\ndata_dir = \"d\"\n");
    assert_eq!(key, "[keys] master_key_file");
    assert!(problem.contains("hopenow keygen") && problem.contains(ENV_MASTER_KEY), "{problem}");
}

#[test]
fn every_wrong_key_is_reported_at_once() {
    let text = format!(
        "{MINIMAL}[routing]\nunanswered_minutes = 0\ntime_zone = \"Mars/Olympus\"\n[limits]\nround_download_mb = 0\n"
    );
    let error = Loaded::from_str(Path::new("h.toml"), &text, &no_env).unwrap_err();
    let keys: Vec<String> = error.problems().into_iter().map(|p| p.key).collect();
    assert_eq!(keys, ["[routing] unanswered_minutes", "[limits] round_download_mb", "[routing] time_zone"]);
    let message = error.to_string();
    assert!(message.starts_with("config file h.toml: 3 keys are wrong:\n"), "{message}");
    assert!(
        message.contains("\n  [routing] unanswered_minutes = 0 is out of range: use 1 to 1440 minutes"),
        "{message}"
    );
    assert!(message.contains("\n  [limits] round_download_mb = 0 is out of range"), "{message}");
    assert!(message.contains("\n  [routing] time_zone = \"Mars/Olympus\" is not a known time zone"), "{message}");
}

#[test]
fn engine_settings_gather_every_section() {
    let text = format!(
        "{MINIMAL}[routing]\nunanswered_minutes = 7\nstaff_language = \"da\"\n[decoy]\nen = \"See you at 5\"\n\
         [retention]\nclosed_days = 3\n[phone_change]\ncode_minutes = 5\nlock_minutes = 30\n\
         [limits]\nvisitor_files_mb_per_day = 2\nnew_conversations_per_minute = 4\n\
         [health]\nunreachable_minutes = 3\noutbox_stale_minutes = 20\n"
    );
    let loaded = Loaded::from_str(Path::new("h.toml"), &text, &no_env).unwrap();
    let settings = loaded.engine_settings();
    assert_eq!((settings.unanswered_minutes, settings.staff_language.as_str()), (7, "da"));
    assert_eq!(settings.decoys.get("en").map(String::as_str), Some("See you at 5"));
    assert_eq!(settings.retention.closed_days, 3);
    assert_eq!((settings.code_minutes, settings.code_lock_minutes), (5, 30));
    assert_eq!(settings.visitor_file_bytes_per_day, 2 * 1024 * 1024);
    assert_eq!(settings.new_conversations_per_minute, 4);
    let health = settings.health;
    assert_eq!((health.unreachable_after.as_secs(), health.outbox_stale_after.as_secs()), (180, 1200));
    let defaults = Loaded::from_str(Path::new("h.toml"), MINIMAL, &no_env).unwrap();
    assert_eq!(defaults.engine_settings(), &EngineSettings::default());
}

/// A `$CREDENTIALS_DIRECTORY` as systemd's `LoadCredential=` makes it: one file per credential,
/// open to the service only.
fn credentials_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
    }
    dir
}

#[test]
fn systemd_credentials_win_over_the_environment_and_the_file() {
    let key = MasterKey::generate().unwrap();
    let dir = credentials_dir(&[
        ("master.key", &format!("{}\n", key.to_hex().as_str())),
        ("telegram-token", "123:from-credential\n"),
        ("matrix-password", "pw from credential \n"),
    ]);
    let text = format!(
        "{MINIMAL}[telegram]\ntoken = \"from-file\"\n[matrix]\nhomeserver = \"https://m.example.org\"\n\
         user_id = \"@bot:example.org\"\npassword = \"from-file\"\nduty_room = \"#duty:example.org\"\n"
    );
    let folder = dir.path().to_str().unwrap().to_owned();
    let other = MasterKey::generate().unwrap().to_hex().as_str().to_owned();
    let env = move |name: &str| match name {
        ENV_CREDENTIALS_DIRECTORY => Some(folder.clone()),
        ENV_TELEGRAM_TOKEN | ENV_MATRIX_PASSWORD => Some("from-env".to_owned()),
        ENV_MASTER_KEY => Some(other.clone()),
        _ => None,
    };
    let loaded = Loaded::from_str(Path::new("/etc/hopenow/hopenow.toml"), &text, &env).unwrap();
    assert_eq!(loaded.config.telegram.as_ref().unwrap().token.as_ref().unwrap().expose(), "123:from-credential");
    // Only the line break goes: a password may end in a space.
    assert_eq!(loaded.config.matrix.as_ref().unwrap().password.as_ref().unwrap().expose(), "pw from credential ");
    assert_eq!(loaded.key_source(&env).unwrap(), KeySource::Credential(dir.path().join("master.key")));
    assert_eq!(loaded.master_key(&env).unwrap().to_hex().as_str(), key.to_hex().as_str());
    // Nothing of the secrets in what Debug prints.
    let debug = format!("{:?}", loaded.config);
    assert!(!debug.contains("from-credential") && !debug.contains("pw from"), "{debug}");
    // Without the credentials folder, the environment wins again.
    let env_only = |name: &str| (name == ENV_TELEGRAM_TOKEN).then(|| "from-env".to_owned());
    let loaded = Loaded::from_str(Path::new("h.toml"), &text, &env_only).unwrap();
    assert_eq!(loaded.config.telegram.unwrap().token.unwrap().expose(), "from-env");
}

#[test]
fn an_empty_open_or_missing_credential_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let text = format!("{MINIMAL}[telegram]\n");
    let dir = credentials_dir(&[("telegram-token", "\n")]);
    let folder = dir.path().to_str().unwrap().to_owned();
    let env = move |name: &str| (name == ENV_CREDENTIALS_DIRECTORY).then(|| folder.clone());
    let message = Loaded::from_str(Path::new("h.toml"), &text, &env).unwrap_err().to_string();
    assert!(message.contains("credential \"telegram-token\"") && message.contains("is empty"), "{message}");

    let token = dir.path().join("telegram-token");
    std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::write(&token, "123:secret-token").unwrap();
    std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o644)).unwrap();
    let message = Loaded::from_str(Path::new("h.toml"), &text, &env).unwrap_err().to_string();
    assert!(message.contains("credential \"telegram-token\"") && message.contains("every user"), "{message}");
    assert!(message.contains("chmod o-rwx"), "{message}");
    assert!(!message.contains("secret-token"), "{message}");

    std::fs::remove_file(&token).unwrap();
    let message = Loaded::from_str(Path::new("h.toml"), &text, &env).unwrap_err().to_string();
    assert!(message.contains("[telegram] token") && message.contains("LoadCredential=telegram-token:"), "{message}");

    // A broken master key credential is named too, not read as another source.
    std::fs::write(dir.path().join("master.key"), "not a key").unwrap();
    std::fs::set_permissions(dir.path().join("master.key"), std::fs::Permissions::from_mode(0o400)).unwrap();
    let loaded = Loaded::from_str(Path::new("h.toml"), MINIMAL, &env).unwrap();
    let message = loaded.master_key(&env).unwrap_err().to_string();
    assert!(message.contains("credential \"master.key\"") && message.contains("hopenow keygen"), "{message}");
}

#[test]
fn secrets_come_from_owner_only_files_named_in_the_config() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("hopenow.toml");
    let password = dir.path().join("matrix-password");
    std::fs::write(&password, "pw from file\n").unwrap();
    std::fs::set_permissions(&password, std::fs::Permissions::from_mode(0o600)).unwrap();
    let text = format!(
        "{MINIMAL}[matrix]\nhomeserver = \"https://m.example.org\"\nuser_id = \"@bot:example.org\"\n\
         password_file = \"matrix-password\"\nduty_room = \"#duty:example.org\"\n"
    );
    let loaded = Loaded::from_str(&config, &text, &|_| None).unwrap();
    assert_eq!(loaded.config.matrix.as_ref().unwrap().password.as_ref().unwrap().expose(), "pw from file");
    // The environment still wins.
    let loaded = Loaded::from_str(&config, &text, &|name| (name == ENV_MATRIX_PASSWORD).then(|| "env".into())).unwrap();
    assert_eq!(loaded.config.matrix.as_ref().unwrap().password.as_ref().unwrap().expose(), "env");

    std::fs::set_permissions(&password, std::fs::Permissions::from_mode(0o640)).unwrap();
    let message = Loaded::from_str(&config, &text, &|_| None).unwrap_err().to_string();
    assert!(message.contains("[matrix] password_file") && message.contains("chmod 600"), "{message}");

    let both = text.replace("password_file", "password = \"inline\"\npassword_file");
    std::fs::set_permissions(&password, std::fs::Permissions::from_mode(0o600)).unwrap();
    let message = Loaded::from_str(&config, &both, &|_| None).unwrap_err().to_string();
    assert!(message.contains("both set"), "{message}");
}

#[test]
fn translation_is_off_without_its_section_and_defaults_to_ten_seconds() {
    let loaded = Loaded::from_str(Path::new("h.toml"), MINIMAL, &no_env).unwrap();
    assert!(loaded.config.translation.is_none());
    let text = format!("{MINIMAL}[translation]\nurl = \"http://127.0.0.1:5000\"\n");
    let loaded = Loaded::from_str(Path::new("h.toml"), &text, &no_env).unwrap();
    let translation = loaded.config.translation.unwrap();
    assert_eq!(translation.timeout_seconds, 10);
    assert!(translation.api_key.is_none());
}

#[test]
fn a_translation_url_that_would_carry_visitors_words_in_the_clear_is_refused() {
    for url in ["http://[::1]:5000", "http://localhost:5000/", "https://translate.example.org/lt"] {
        let text = format!("{MINIMAL}[translation]\nurl = \"{url}\"\n");
        assert!(Loaded::from_str(Path::new("h.toml"), &text, &no_env).is_ok(), "{url}");
    }
    let (key, problem) = wrong_key(&format!("{MINIMAL}[translation]\nurl = \"http://10.0.0.5:5000\"\n"));
    assert_eq!(key, "[translation] url");
    assert!(problem.contains("plain http to another machine") && problem.contains("https://"), "{problem}");
    let (key, problem) = wrong_key(&format!("{MINIMAL}[translation]\nurl = \"ftp://127.0.0.1\"\n"));
    assert_eq!(key, "[translation] url");
    assert!(problem.contains("ftp://"), "{problem}");
    let (key, problem) = wrong_key(&format!("{MINIMAL}[translation]\nurl = \"127.0.0.1:5000\"\n"));
    assert_eq!(key, "[translation] url");
    assert!(problem.contains("is not a URL") && problem.contains("http://127.0.0.1:5000"), "{problem}");
    let message =
        Loaded::from_str(Path::new("h.toml"), &format!("{MINIMAL}[translation]\n"), &no_env).unwrap_err().to_string();
    assert!(message.contains("missing field `url`"), "{message}");
}

#[test]
fn a_translation_timeout_outside_one_to_sixty_seconds_is_refused() {
    for seconds in [0, 61] {
        let text = format!("{MINIMAL}[translation]\nurl = \"http://127.0.0.1:5000\"\ntimeout_seconds = {seconds}\n");
        let (key, problem) = wrong_key(&text);
        assert_eq!(key, "[translation] timeout_seconds");
        assert!(problem.contains("use 1 to 60 seconds"), "{problem}");
    }
    let text = format!("{MINIMAL}[translation]\nurl = \"http://127.0.0.1:5000\"\ntimeout_seconds = -1\n");
    assert!(Loaded::from_str(Path::new("h.toml"), &text, &no_env).is_err());
}

#[test]
fn translations_are_given_up_after_one_to_1440_minutes() {
    for minutes in [0, 1441] {
        let text = format!("{MINIMAL}[translation]\nurl = \"http://127.0.0.1:5000\"\ngive_up_minutes = {minutes}\n");
        let (key, problem) = wrong_key(&text);
        assert_eq!(key, "[translation] give_up_minutes");
        assert!(problem.contains("use 1 to 1440 minutes"), "{problem}");
    }
    let text = format!("{MINIMAL}[translation]\nurl = \"http://127.0.0.1:5000\"\ngive_up_minutes = 5\n");
    let loaded = Loaded::from_str(Path::new("h.toml"), &text, &no_env).unwrap();
    let settings = loaded.engine_settings().translation.expect("translation is on");
    assert_eq!(settings.give_up_after, std::time::Duration::from_secs(300));
    let off = Loaded::from_str(Path::new("h.toml"), MINIMAL, &no_env).unwrap();
    assert_eq!(off.engine_settings().translation, None, "off when the section is absent");
}

#[test]
fn the_translation_key_comes_from_a_credential_the_environment_or_an_owner_only_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("hopenow.toml");
    let file = dir.path().join("translation.key");
    std::fs::write(&file, "key-from-file\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let text = format!("{MINIMAL}[translation]\nurl = \"http://127.0.0.1:5000\"\napi_key_file = \"translation.key\"\n");
    let key = |loaded: Loaded| loaded.config.translation.unwrap().api_key.unwrap().expose().to_owned();
    assert_eq!(key(Loaded::from_str(&config, &text, &no_env).unwrap()), "key-from-file");
    let env = |name: &str| (name == ENV_TRANSLATION_KEY).then(|| "key-from-env".to_owned());
    assert_eq!(key(Loaded::from_str(&config, &text, &env).unwrap()), "key-from-env");
    let credentials = credentials_dir(&[("translation-key", "key-from-credential\n")]);
    let folder = credentials.path().to_str().unwrap().to_owned();
    let env = move |name: &str| match name {
        ENV_CREDENTIALS_DIRECTORY => Some(folder.clone()),
        ENV_TRANSLATION_KEY => Some("key-from-env".to_owned()),
        _ => None,
    };
    let loaded = Loaded::from_str(&config, &text, &env).unwrap();
    assert!(!format!("{:?}", loaded.config).contains("key-from"));
    assert_eq!(key(loaded), "key-from-credential");

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (name, problem) = wrong_key(&text.replace("translation.key", &file.display().to_string()));
    assert_eq!(name, "[translation] api_key_file");
    assert!(problem.contains("chmod 600"), "{problem}");

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::write(&file, "\n").unwrap();
    let (_, problem) = wrong_key(&text.replace("translation.key", &file.display().to_string()));
    assert!(problem.contains("is empty"), "{problem}");

    let both = text.replace("api_key_file", "api_key = \"inline\"\napi_key_file");
    let (name, problem) = wrong_key(&both.replace("translation.key", &file.display().to_string()));
    assert_eq!(name, "[translation] api_key_file");
    assert!(problem.contains("both set"), "{problem}");

    std::fs::set_permissions(credentials.path().join("translation-key"), std::fs::Permissions::from_mode(0o644))
        .unwrap();
    let folder = credentials.path().to_str().unwrap().to_owned();
    let env = move |name: &str| (name == ENV_CREDENTIALS_DIRECTORY).then(|| folder.clone());
    let message = Loaded::from_str(&config, &text, &env).unwrap_err().to_string();
    assert!(message.contains("credential \"translation-key\"") && message.contains("every user"), "{message}");
    assert!(!message.contains("key-from-credential"), "{message}");
}

/// The example partners of config/example.toml, uncommented.
fn example_partners() -> String {
    let text = include_str!("../../../config/example.toml");
    let start = text.find("# [[partner]] examples start").expect("the example partners");
    let end = text.find("# [[partner]] examples end").expect("their end");
    text[start..end]
        .lines()
        .skip(1)
        .map(|line| line.strip_prefix("# ").or_else(|| line.strip_prefix('#')).unwrap_or(line))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[test]
fn the_example_partners_are_valid_invented_and_commented_out() {
    let example = Loaded::from_str(Path::new("h.toml"), include_str!("../../../config/example.toml"), &|name| {
        (name == ENV_TELEGRAM_TOKEN || name == ENV_MATRIX_PASSWORD).then(|| "x".to_owned())
    })
    .unwrap();
    assert!(example.partners().partners().is_empty(), "no visitor may be sent to an invented address");
    let text = format!("{MINIMAL}{}", example_partners());
    let loaded = Loaded::from_str(Path::new("h.toml"), &text, &no_env).unwrap();
    let partners = loaded.partners().partners();
    assert_eq!(partners.len(), 3);
    assert!(partners.iter().all(|p| p.notes.starts_with("EXAMPLE.") && p.name.starts_with("Example ")));
    assert!(partners.iter().any(|p| p.may_share()), "one shows the warning");
}

#[test]
fn partner_mistakes_name_the_partner_and_the_key() {
    let one = |body: &str| format!("{MINIMAL}[[partner]]\nid = \"clinic\"\nname = \"Clinic\"\naddress = \"Street 1\"\nopening_hours = \"Mon 9-12\"\n{body}");
    let (key, problem) = wrong_key(&one("kinds = []\n"));
    assert_eq!((key.as_str(), problem.as_str()), ("[[partner]] \"clinic\" kinds", "is empty; list what it is for (doctor, shelter, legal, …)"));
    let message = Loaded::from_str(Path::new("h.toml"), &one("kinds = [\"police\"]\n"), &no_env).unwrap_err().to_string();
    assert!(message.contains("\"police\" is not a referral kind; use one of: doctor, hospital"), "{message}");
    let message =
        Loaded::from_str(Path::new("h.toml"), &one("kinds = [\"doctor\"]\nshares_with_police = \"maybe\"\n"), &no_env)
            .unwrap_err()
            .to_string();
    assert!(message.contains("unknown variant `maybe`, expected one of `yes`, `no`, `unknown`"), "{message}");
    let twice = format!("{}{}", one("kinds = [\"doctor\"]\n"), "[[partner]]\nid = \"clinic\"\nname = \"B\"\naddress = \"S\"\nopening_hours = \"M\"\nkinds = [\"doctor\"]\n");
    let (key, problem) = wrong_key(&twice);
    assert_eq!((key.as_str(), problem.as_str()), ("[[partner]] id", "= \"clinic\" appears twice; ids must be unique"));
}

const MATRIX: &str = "[matrix]\nhomeserver = \"https://m.example.org\"\nuser_id = \"@bot:x\"\npassword = \"pw\"\nduty_room = \"!duty:x\"\n";

#[test]
fn the_peer_desk_is_off_without_its_section_and_digests_at_eight_by_default() {
    let text = format!("{MINIMAL}{MATRIX}");
    assert_eq!(Loaded::from_str(Path::new("h.toml"), &text, &no_env).unwrap().engine_settings().peer_desk, None);
    let text = format!("{MINIMAL}{MATRIX}[peer_desk]\nroom = \"#desk:x\"\n");
    let loaded = Loaded::from_str(Path::new("h.toml"), &text, &no_env).unwrap();
    let desk = loaded.engine_settings().peer_desk.clone().unwrap();
    assert_eq!(desk.digest_at, "08:00");
    let text = format!("{MINIMAL}{MATRIX}[peer_desk]\nroom = \"!desk:x\"\ndigest_at = \"07:30\"\n");
    let loaded = Loaded::from_str(Path::new("h.toml"), &text, &no_env).unwrap();
    assert_eq!(loaded.engine_settings().peer_desk.as_ref().unwrap().digest_at, "07:30");
    assert_eq!(loaded.config.peer_desk.as_ref().unwrap().room, "!desk:x");
}

#[test]
fn a_peer_desk_without_matrix_or_in_the_duty_room_is_refused_naming_the_room() {
    let (key, problem) = wrong_key(&format!("{MINIMAL}[peer_desk]\nroom = \"#desk:x\"\n"));
    assert_eq!(key, "[peer_desk] room");
    assert!(problem.contains("no [matrix] section"), "{problem}");
    assert!(problem.contains("add [matrix] or remove [peer_desk]"), "{problem}");
    let (key, problem) = wrong_key(&format!("{MINIMAL}{MATRIX}[peer_desk]\nroom = \"!duty:x\"\n"));
    assert_eq!(key, "[peer_desk] room");
    assert!(problem.contains("is the duty room") && problem.contains("create an encrypted room"), "{problem}");
}

#[test]
fn a_peer_desk_room_that_is_no_room_id_or_alias_is_refused() {
    for room in ["desk", "#desk", "@ife:x", ""] {
        let (key, problem) = wrong_key(&format!("{MINIMAL}{MATRIX}[peer_desk]\nroom = {room:?}\n"));
        assert_eq!(key, "[peer_desk] room", "{room}");
        assert!(problem.contains("is not a Matrix room id (!…) or alias (#…:server)"), "{problem}");
        assert!(problem.contains("copy it from the room's settings"), "{problem}");
    }
}

#[test]
fn a_digest_time_that_is_not_hh_mm_is_refused_saying_how_to_write_it() {
    for at in ["8:00", "24:00", "08:60", "08.00", "eight", "08:00:00", ""] {
        let text = format!("{MINIMAL}{MATRIX}[peer_desk]\nroom = \"#desk:x\"\ndigest_at = {at:?}\n");
        let (key, problem) = wrong_key(&text);
        assert_eq!(key, "[peer_desk] digest_at", "{at}");
        assert!(problem.contains("is not a time of day: write it as \"HH:MM\" on the 24-hour clock"), "{problem}");
    }
    for at in ["00:00", "23:59", "08:05"] {
        let text = format!("{MINIMAL}{MATRIX}[peer_desk]\nroom = \"#desk:x\"\ndigest_at = {at:?}\n");
        assert!(Loaded::from_str(Path::new("h.toml"), &text, &no_env).is_ok(), "{at}");
    }
}

#[test]
fn campaign_mistakes_name_the_campaign_and_the_key() {
    let campaign = |code: &str, rest: &str| format!("[[campaign]]\ncode = \"{code}\"\nname = \"Salon cards\"\n{rest}");
    let ok = format!("{MINIMAL}{}{}", campaign("salon-7", "language = \"th\"\n"), campaign("clinic", ""));
    let loaded = Loaded::from_str(Path::new("h.toml"), &ok, &no_env).unwrap();
    let campaigns = &loaded.engine_settings().campaigns;
    assert_eq!(campaigns.len(), 2);
    assert_eq!(campaigns[0].language.as_deref(), Some("th"));
    for (code, expected) in [
        ("two words", "must be 1 to 64 letters, digits, - or _"),
        ("share", "\"share\" is the code of /share's link"),
        (&"x".repeat(65), "must be 1 to 64 letters"),
    ] {
        let (key, problem) = wrong_key(&format!("{MINIMAL}{}", campaign(code, "")));
        assert_eq!(key, format!("[[campaign]] {code:?} code"));
        assert!(problem.starts_with(expected), "{problem}");
    }
    let (key, problem) = wrong_key(&format!("{MINIMAL}{}{}", campaign("a", ""), campaign("a", "")));
    assert_eq!((key.as_str(), problem.as_str()), ("[[campaign]] \"a\" code", "appears twice; each campaign needs its own code"));
    let (key, problem) = wrong_key(&format!("{MINIMAL}{}", campaign("a", "language = \"xx\"\n")));
    assert_eq!(key, "[[campaign]] \"a\" language");
    assert!(problem.contains("is not a shipped language; use one of: en, da, pcm, th"), "{problem}");
}

/// `[telegram] username` and `[share]`: what `/share` and `hopenow card` build the links from,
/// and the operator's own words; each mistake names its key.
#[test]
fn share_and_username_mistakes_name_the_key() {
    let telegram = |username: &str| format!("[telegram]\ntoken = \"t\"\nusername = {username:?}\n");
    let ok = format!(
        "{MINIMAL}{}{MATRIX}[share]\nvanish_minutes = 10\ntext.th = \"ลองคุยดูนะ {{link}}\"\n",
        telegram("@HopeNowBot")
    );
    let loaded = Loaded::from_str(Path::new("h.toml"), &ok, &no_env).unwrap();
    let share = &loaded.engine_settings().share;
    assert_eq!(share.telegram_username.as_deref(), Some("HopeNowBot"), "written as the handle, used bare");
    assert_eq!(share.matrix_user_id.as_deref(), Some("@bot:x"));
    assert_eq!(share.vanish_after, std::time::Duration::from_secs(600));
    assert_eq!(share.texts.get("th").map(String::as_str), Some("ลองคุยดูนะ {link}"));
    let defaults = Loaded::from_str(Path::new("h.toml"), MINIMAL, &no_env).unwrap();
    assert_eq!(defaults.engine_settings().share, bridge::engine::ShareSettings::default(), "five minutes, no links");

    for bad in ["HopeNow", "hope-now-bot", "1hopebot"] {
        let (key, problem) = wrong_key(&format!("{MINIMAL}{}", telegram(bad)));
        assert_eq!(key, "[telegram] username");
        assert!(problem.contains("is not a Telegram bot username") && problem.contains("BotFather"), "{problem}");
    }
    for minutes in [0, 61] {
        let (key, problem) = wrong_key(&format!("{MINIMAL}[share]\nvanish_minutes = {minutes}\n"));
        assert_eq!(key, "[share] vanish_minutes");
        assert!(problem.contains("use 1 to 60 minutes"), "{problem}");
    }
    for (text, expected) in [
        ("Talk to us", "must hold {link} exactly once"),
        ("{link} {link}", "must hold {link} exactly once"),
        (&format!("{} {{link}}", "a".repeat(500)), "is longer than 500 characters"),
    ] {
        let (key, problem) = wrong_key(&format!("{MINIMAL}[share]\ntext.en = {text:?}\n"));
        assert_eq!(key, "[share] text.en");
        assert!(problem.starts_with(expected), "{problem}");
    }
    let (key, problem) = wrong_key(&format!("{MINIMAL}[share]\ntext.xx = \"{{link}}\"\n"));
    assert_eq!((key.as_str(), problem.contains("not a shipped language tag")), ("[share] text.xx", true));
    let error = Loaded::from_str(Path::new("h.toml"), &format!("{MINIMAL}[share]\nvanish = 5\n"), &no_env).unwrap_err();
    assert!(error.to_string().contains("unknown field `vanish`"), "unknown keys are refused: {error}");
}
