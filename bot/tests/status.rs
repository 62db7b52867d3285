//! `hopenow status` and the `running` marker as an operator and a monitoring script meet them:
//! exit codes, and an unclean shutdown told once by the next `hopenow run`.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use common::{STAFF, hopenow, text};

use bridge::outbox::Action;
use bridge::{Clock, Store, SystemClock};

const MATRIX: &str = "[matrix]\nhomeserver = \"http://127.0.0.1:9\"\nuser_id = \"@bot:example.org\"\nduty_room = \"!duty:example.org\"\npassword = \"not-used-here\"\n";

/// A key, a config with `extra`, and the data dir's path.
fn installation(extra: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("master.key");
    assert!(hopenow(&["keygen", "--out", key.to_str().unwrap()]).status.success());
    let config = dir.path().join("hopenow.toml");
    fs::write(
        &config,
        format!("[store]\ndata_dir = \"data\"\n[keys]\nmaster_key_file = \"master.key\"\n{STAFF}{extra}"),
    )
    .unwrap();
    let data = dir.path().join("data");
    (dir, config, data)
}

fn status(config: &Path) -> (Option<i32>, String) {
    let output = hopenow(&["status", "--config", config.to_str().unwrap()]);
    (output.status.code(), text(&output))
}

/// A status file as the running bridge writes it, `age_secs` old, with these conditions raised.
fn write_status(data: &Path, started_at: i64, age_secs: i64, raised: &str) {
    let now = SystemClock.now().as_millis();
    fs::write(data.join("running"), format!("{{\"started_at\":{started_at},\"pid\":4242}}")).unwrap();
    let status = format!(
        r#"{{"version":"0.1.0","pid":4242,"tick_seconds":30,"started_at":{started_at},"updated_at":{updated},
            "telegram":null,"homeserver":{{"reachable":true,"failing_since":null,"last_ok":{updated}}},
            "disk_free_bytes":9000000000,"disk_floor_bytes":1073741824,"outbox_pending":0,
            "outbox_waiting_since":null,"raised":[{raised}],"last_unclean_shutdown":null}}"#,
        updated = now - age_secs * 1000
    );
    fs::write(data.join("status.json"), status).unwrap();
}

#[test]
fn status_exit_codes_say_well_unwell_not_answering_and_not_running() {
    let (_dir, config, data) = installation("");
    let (code, shown) = status(&config);
    assert_eq!(code, Some(3), "{shown}");
    assert!(shown.contains("not running"), "{shown}");

    fs::DirBuilder::new().mode(0o700).create(&data).unwrap();
    let started = SystemClock.now().as_millis() - 3_600_000;
    write_status(&data, started, 5, "");
    let (code, shown) = status(&config);
    assert_eq!(code, Some(0), "{shown}");
    assert!(shown.starts_with("ok  bridge     running since"), "{shown}");
    assert!(shown.contains("ok  homeserver reachable") && shown.contains("ok  outbox     nothing waiting"), "{shown}");

    write_status(&data, started, 5, &format!(r#"{{"condition":"disk_low","since":{started}}}"#));
    let (code, shown) = status(&config);
    assert_eq!(code, Some(1), "{shown}");
    assert!(shown.contains("WRN disk") && shown.contains("min_free_disk_mb"), "{shown}");

    write_status(&data, started, 600, "");
    let (code, shown) = status(&config);
    assert_eq!(code, Some(1), "{shown}");
    assert!(shown.contains("not answering — the status is 10 minutes old"), "{shown}");

    fs::remove_file(data.join("running")).unwrap();
    let (code, shown) = status(&config);
    assert_eq!(code, Some(3), "a clean stop: {shown}");

    fs::write(&config, "[store]\ndata_dir = \"data\"\n[health]\nunreachable_minutes = 0\n").unwrap();
    let (code, shown) = status(&config);
    assert_eq!(code, Some(2), "{shown}");
    assert!(shown.contains("[health] unreachable_minutes"), "{shown}");
}

fn unclean_notices(dir: &Path, data: &Path) -> usize {
    let key = bridge::keyfile::read(&dir.join("master.key")).unwrap();
    let store = Store::open(data, &key).unwrap();
    store
        .outbox_entries()
        .unwrap()
        .iter()
        .filter(|e| matches!(&e.action, Action::PostToDuty { text } if text.contains("did not stop cleanly")))
        .count()
}

/// The adversary is a crash (power cut, SIGKILL, OOM killer): it leaves the marker, and the
/// next start must say so once, not at every start after.
#[test]
fn a_run_that_did_not_stop_cleanly_is_told_once_by_the_next_start() {
    let (dir, config, data) = installation(MATRIX);
    let run = || hopenow(&["run", "--config", config.to_str().unwrap()]);
    // No Matrix session: `run` refuses after opening the store, an orderly stop.
    let first = run();
    assert!(!first.status.success());
    assert!(text(&first).contains("hopenow matrix setup"), "{}", text(&first));
    assert!(!data.join("running").exists(), "an orderly stop removes the marker");
    assert!(!text(&first).contains("did not stop cleanly"));
    assert_eq!(unclean_notices(dir.path(), &data), 0);

    // What a killed run leaves behind.
    let started = SystemClock.now().as_millis() - 600_000;
    fs::write(data.join("running"), format!("{{\"started_at\":{started},\"pid\":1}}")).unwrap();
    let second = run();
    assert!(text(&second).contains("the last run did not stop cleanly"), "{}", text(&second));
    assert_eq!(unclean_notices(dir.path(), &data), 1, "the duty room's notice waits in the outbox");
    assert!(!data.join("running").exists());

    let third = run();
    assert!(!text(&third).contains("did not stop cleanly"), "{}", text(&third));
    assert_eq!(unclean_notices(dir.path(), &data), 1, "told once");
}
