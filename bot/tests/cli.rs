//! The `hopenow` binary as an operator meets it: keygen, check, run, transcript show.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Command, Output};

use bridge::{Author, Direction, MasterKey, PlatformAddress, Store, Timestamp, TranscriptEntry};

const STAFF: &str = "[[staff]]\nid = \"grace\"\nalias = \"Grace, HopeNow\"\nmatrix_user = \"@grace:example.org\"\nroles = [\"outreach\"]\n";

fn hopenow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hopenow"))
        .args(args)
        .env_remove("HOPENOW_MASTER_KEY")
        .env_remove("HOPENOW_CONFIG")
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// A folder with a key file and a config pointing at it and at a data dir inside.
fn installation() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("master.key");
    let output = hopenow(&["keygen", "--out", key.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output));
    let config = dir.path().join("hopenow.toml");
    fs::write(&config, format!("[store]\ndata_dir = \"data\"\n[keys]\nmaster_key_file = \"master.key\"\n{STAFF}"))
        .unwrap();
    (dir, key, config)
}

#[test]
fn keygen_writes_an_owner_only_key_and_never_overwrites() {
    let (_dir, key, _) = installation();
    assert_eq!(fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    let before = fs::read(&key).unwrap();
    let output = hopenow(&["keygen", "--out", key.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(text(&output).contains("already exists"), "{}", text(&output));
    assert_eq!(fs::read(&key).unwrap(), before);
}

#[test]
fn check_passes_on_a_fresh_installation() {
    let (_dir, _, config) = installation();
    let output = hopenow(&["check", "--config", config.to_str().unwrap()]);
    let report = text(&output);
    assert!(output.status.success(), "{report}");
    assert!(report.contains("will be created"), "{report}");
    assert!(report.contains("none configured"), "{report}");
}

#[test]
fn check_names_a_group_readable_key_file_and_the_fix() {
    let (_dir, key, config) = installation();
    fs::set_permissions(&key, fs::Permissions::from_mode(0o644)).unwrap();
    let output = hopenow(&["check", "--config", config.to_str().unwrap()]);
    let report = text(&output);
    assert!(!output.status.success(), "{report}");
    assert!(report.contains(&format!("chmod 600 {}", key.display())), "{report}");
    assert!(report.contains("mode 0644"), "{report}");
}

#[test]
fn check_reports_a_key_that_does_not_match_the_data_dir() {
    let (dir, key, config) = installation();
    Store::open(&dir.path().join("data"), &MasterKey::generate().unwrap()).unwrap();
    let output = hopenow(&["check", "--config", config.to_str().unwrap()]);
    let report = text(&output);
    assert!(!output.status.success(), "{report}");
    assert!(report.contains("does not match the data dir"), "{report}");
    let _ = key;
}

#[test]
fn check_names_an_unknown_config_key() {
    let (_dir, _, config) = installation();
    fs::write(&config, "[store]\ndata_dir = \"data\"\ndatadir = \"x\"\n[keys]\nmaster_key_file = \"master.key\"\n")
        .unwrap();
    let output = hopenow(&["check", "--config", config.to_str().unwrap()]);
    let report = text(&output);
    assert!(!output.status.success(), "{report}");
    assert!(report.contains("unknown field `datadir`") && report.contains("hopenow.toml"), "{report}");
}

#[test]
fn demo_plays_the_night_on_the_real_engine() {
    let output = hopenow(&["demo"]);
    let shown = text(&output);
    assert!(output.status.success(), "{shown}");
    // Romanian out-of-hours reply before the shift, Thai emergency reply after it.
    assert!(shown.contains("Acum nu vă poate răspunde nimeni"), "{shown}");
    assert!(shown.contains("ให้โทร"), "{shown}");
    assert!(shown.contains("Ana: ⏎ Bună seara"), "{shown}");
    assert!(shown.contains("@ife:hopenow.example invited"), "{shown}");
    assert!(
        shown.contains("as it lies on disk") && shown.contains("Decrypted with the conversation's data key"),
        "{shown}"
    );
}

#[test]
fn run_without_channels_says_so_plainly() {
    let (_dir, _, config) = installation();
    let output = hopenow(&["run", "--config", config.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output).contains("no channel is configured"), "{}", text(&output));
}

#[test]
fn transcript_show_decrypts_by_pseudonym_and_by_id() {
    let (dir, key, config) = installation();
    let pseudonym;
    let conversation;
    {
        let store = Store::open(&dir.path().join("data"), &bridge::keyfile::read(&key).unwrap()).unwrap();
        let visitor = store
            .register_visitor(&PlatformAddress::Telegram { user_id: 5, chat_id: 5 }, Timestamp(0))
            .unwrap()
            .into_visitor();
        conversation = store.start_conversation(visitor.id, Timestamp(0)).unwrap().id;
        let entry = TranscriptEntry::text(
            Timestamp(60_000),
            Direction::FromVisitor,
            Author::Visitor(visitor.pseudonym.clone()),
            "I need a doctor",
        );
        store.append_transcript(conversation, &entry).unwrap();
        store.flush().unwrap();
        pseudonym = visitor.pseudonym.to_string();
    }
    let typed = pseudonym.to_lowercase();
    for who in [typed.as_str(), &conversation.to_string()] {
        let output = hopenow(&["transcript", "show", who, "--config", config.to_str().unwrap()]);
        let shown = text(&output);
        assert!(output.status.success(), "{shown}");
        assert!(shown.contains("I need a doctor") && shown.contains(&pseudonym), "{shown}");
        assert!(shown.contains("1970-01-01 00:01:00 UTC"), "{shown}");
    }
    let output = hopenow(&["transcript", "show", "Nobody Here 222", "--config", config.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(text(&output).contains("no visitor or conversation matches"));
}

#[test]
fn purge_dry_run_lists_what_would_go_and_changes_nothing_then_purge_shreds() {
    let (dir, key, config) = installation();
    let data = dir.path().join("data");
    let master = bridge::keyfile::read(&key).unwrap();
    let (quiet, held, quiet_pseudonym, held_pseudonym);
    {
        let store = Store::open(&data, &master).unwrap();
        let start = |user_id| {
            let address = PlatformAddress::Telegram { user_id, chat_id: user_id };
            let visitor = store.register_visitor(&address, Timestamp(0)).unwrap().into_visitor();
            let conversation = store.start_conversation(visitor.id, Timestamp(0)).unwrap();
            let entry = TranscriptEntry::text(
                Timestamp(0),
                Direction::FromVisitor,
                Author::Visitor(visitor.pseudonym.clone()),
                "CANARY",
            );
            store.append_transcript(conversation.id, &entry).unwrap();
            (conversation, visitor.pseudonym.to_string())
        };
        let (first, first_pseudonym) = start(5);
        let (mut second, second_pseudonym) = start(6);
        second.hold = Some(bridge::conversation::Hold {
            by: bridge::roster::StaffId::new("grace"),
            reason: "court case".into(),
            review: "2027-03-01".into(),
            at: Timestamp(0),
        });
        store.transact(|tx| tx.put_conversation(&second)).unwrap();
        store.flush().unwrap();
        (quiet, held, quiet_pseudonym, held_pseudonym) = (first.id, second.id, first_pseudonym, second_pseudonym);
    }
    let short = |id: bridge::ConversationId| id.to_string()[..8].to_owned();

    let output = hopenow(&["purge", "--dry-run", "--config", config.to_str().unwrap()]);
    let shown = text(&output);
    assert!(output.status.success(), "{shown}");
    assert!(shown.contains("Would shred 1 conversation(s)"), "{shown}");
    let due_line = shown.lines().find(|l| l.contains(&quiet_pseudonym)).unwrap();
    assert!(due_line.contains(&short(quiet)) && due_line.contains("inactive since 1970-01-01"), "{shown}");
    let held_line = shown.lines().find(|l| l.contains(&held_pseudonym)).unwrap();
    assert!(held_line.contains(&short(held)) && held_line.contains("review 2027-03-01"), "{shown}");
    assert!(shown.contains("Nothing was changed"), "{shown}");
    assert!(!shown.contains("CANARY"), "{shown}");
    {
        let store = Store::open(&data, &master).unwrap();
        assert!(store.transcript(quiet).is_ok(), "a dry run changes nothing");
        assert!(store.outbox_entries().unwrap().is_empty());
    }

    let output = hopenow(&["purge", "--config", config.to_str().unwrap()]);
    let shown = text(&output);
    assert!(output.status.success(), "{shown}");
    assert!(shown.contains("Shredded 1 conversation(s)") && shown.contains("next `hopenow run`"), "{shown}");
    let store = Store::open(&data, &master).unwrap();
    assert!(matches!(store.transcript(quiet), Err(bridge::StoreError::Shredded)));
    assert!(store.transcript(held).is_ok(), "the hold keeps it");
    let entries = store.outbox_entries().unwrap();
    assert!(entries.iter().any(|e| e.action == bridge::outbox::Action::ForgetRoom { conversation: quiet }));
}
