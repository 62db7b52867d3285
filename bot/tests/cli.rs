//! The `hopenow` binary as an operator meets it: keygen, check, run, transcript show.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Command, Output};

use common::{STAFF, hopenow, text};

use bridge::audit::{AuditEntry, AuditKind};
use bridge::roster::StaffId;
use bridge::{Author, Direction, MasterKey, PlatformAddress, Store, Timestamp, TranscriptEntry};


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

/// An upgrade: `check` before the first start of a newer hopenow says the data dir will be
/// migrated and copied first, and neither migrates nor copies it; `run`-like opens then do both.
#[test]
fn check_says_a_migration_is_pending_and_changes_nothing() {
    let (dir, key_file, config) = installation();
    assert!(hopenow(&["check", "--config", config.to_str().unwrap()]).status.success());
    let data = dir.path().join("data");
    let key = MasterKey::from_hex(fs::read_to_string(&key_file).unwrap().trim()).unwrap();
    let older = bridge::store::SCHEMA_VERSION - 1;
    Store::open(&data, &key).unwrap().pretend_schema(older).unwrap();

    let output = hopenow(&["check", "--config", config.to_str().unwrap()]);
    let report = text(&output);
    assert!(output.status.success(), "a pending migration is not a fault: {report}");
    let copy = fs::canonicalize(dir.path()).unwrap().join(format!("data.bak-{older}"));
    assert!(report.contains(&format!("is at schema {older}")), "{report}");
    assert!(report.contains(&format!("copying it to {}", copy.display())), "{report}");
    assert!(!copy.exists(), "check copies nothing");
    let pending = Store::pending_migration(&data, &key).unwrap();
    assert_eq!(pending.map(|p| p.found), Some(older), "check migrated nothing");
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
fn check_names_every_wrong_key_at_once() {
    let (_dir, _, config) = installation();
    let mistakes = "[routing]\ntime_zone = \"Europe/Atlantis\"\nstaff_language = \"de\"\n[limits]\nnew_conversations_per_minute = 0\n";
    let base = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("{base}{mistakes}")).unwrap();
    let output = hopenow(&["check", "--config", config.to_str().unwrap()]);
    let report = text(&output);
    assert!(!output.status.success(), "{report}");
    assert!(report.contains("hopenow.toml"), "{report}");
    assert!(report.contains("[routing] time_zone = \"Europe/Atlantis\" is not a known time zone"), "{report}");
    assert!(report.contains("[routing] staff_language = \"de\" has no staff texts"), "{report}");
    assert!(report.contains("[limits] new_conversations_per_minute = 0 is out of range: use 1 to 600"), "{report}");
}

#[test]
fn demo_plays_the_night_on_the_real_engine() {
    let output = hopenow(&["demo"]);
    let shown = text(&output);
    assert!(output.status.success(), "{shown}");
    // Romanian out-of-hours reply before the shift, Thai emergency reply after it.
    assert!(shown.contains("Acum nu îți poate răspunde nimeni"), "{shown}");
    assert!(shown.contains("ให้โทร"), "{shown}");
    assert!(shown.contains("Ana: ⏎ Bună seara"), "{shown}");
    assert!(shown.contains("@ife:hopenow.example invited"), "{shown}");
    // The morning after: the audit log (routing and the referral, no words) and the week's counts,
    // all below 5 on a night this small.
    assert!(shown.contains("Chain verified") && shown.contains("#1 doctor, consent yes"), "{shown}");
    let counts = shown.lines().find(|l| l.starts_with("2026-11-23")).unwrap_or_default();
    assert!(counts.contains("<5") && !counts.split_whitespace().any(|w| matches!(w, "1" | "2" | "3" | "4")), "{shown}");
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
fn transcript_show_decrypts_by_pseudonym_and_by_id_for_a_coordinator_and_is_audited() {
    let (dir, key, config) = installation();
    fs::write(
        &config,
        format!("[store]\ndata_dir = \"data\"\n[keys]\nmaster_key_file = \"master.key\"\n{STAFF}{COORDINATOR}"),
    )
    .unwrap();
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
        let output =
            hopenow(&["transcript", "show", who, "--coordinator", "maja", "--config", config.to_str().unwrap()]);
        let shown = text(&output);
        assert!(output.status.success(), "{shown}");
        assert!(shown.contains("I need a doctor") && shown.contains(&pseudonym), "{shown}");
        assert!(shown.contains("1970-01-01 00:01:00 UTC"), "{shown}");
    }
    let config_arg = config.to_str().unwrap();
    let output = hopenow(&["transcript", "show", "Nobody Here 222", "--coordinator", "maja", "--config", config_arg]);
    assert!(!output.status.success());
    assert!(text(&output).contains("no visitor or conversation matches"));
    // Only a coordinator reads, and every reading is in the audit log.
    let output = hopenow(&["transcript", "show", &pseudonym, "--coordinator", "grace", "--config", config_arg]);
    assert!(!output.status.success() && !text(&output).contains("I need a doctor"), "{}", text(&output));
    assert!(text(&output).contains("not a coordinator"), "{}", text(&output));
    let store = Store::open(&dir.path().join("data"), &bridge::keyfile::read(&key).unwrap()).unwrap();
    let log = store.verify_audit().unwrap();
    let viewed: Vec<_> = log.entries.iter().filter(|(_, e)| e.kind == AuditKind::Viewed).collect();
    assert_eq!(viewed.len(), 2, "two readings by maja");
    assert!(viewed.iter().all(|(_, e)| e.staff == Some(StaffId::new("maja"))
        && e.pseudonym.as_ref().map(|p| p.to_string()) == Some(pseudonym.clone())));
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
            by: StaffId::new("grace"),
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

type Raw = std::collections::BTreeMap<(String, Vec<u8>), Vec<u8>>;

/// Every record of the data dir's live sled database, raw (sealed), read as an intruder would.
fn raw_records(data: &std::path::Path) -> Raw {
    let current = fs::read_to_string(data.join("current")).unwrap();
    let folder = data.join(current.trim());
    // sled lets go of its lock a moment after the store that had it is dropped.
    let db = (0..100)
        .find_map(|_| {
            sled::open(&folder).ok().or_else(|| {
                std::thread::sleep(std::time::Duration::from_millis(20));
                None
            })
        })
        .unwrap();
    let mut out = Raw::new();
    for name in db.tree_names() {
        for item in db.open_tree(&name).unwrap().iter() {
            let (key, value) = item.unwrap();
            out.insert((String::from_utf8_lossy(&name).into_owned(), key.to_vec()), value.to_vec());
        }
    }
    out
}

/// Every 24-byte piece of `value` (the last one flush with its end).
fn pieces(value: &[u8]) -> Vec<Vec<u8>> {
    const WINDOW: usize = 24;
    let mut starts: Vec<usize> = (0..=value.len() - WINDOW).step_by(WINDOW).collect();
    starts.push(value.len() - WINDOW);
    starts.into_iter().map(|s| value[s..s + WINDOW].to_vec()).collect()
}

#[test]
fn purge_leaves_no_byte_of_what_it_shredded_in_the_data_dir() {
    let (dir, key, config) = installation();
    let data = dir.path().join("data");
    let master = bridge::keyfile::read(&key).unwrap();
    let mut held = None;
    let kept;
    {
        let store = Store::open(&data, &master).unwrap();
        for user_id in [5, 6] {
            let address = PlatformAddress::Telegram { user_id, chat_id: user_id };
            let visitor = store.register_visitor(&address, Timestamp(0)).unwrap().into_visitor();
            let mut conversation = store.start_conversation(visitor.id, Timestamp(0)).unwrap();
            for n in 0..3 {
                let entry = TranscriptEntry::text(
                    Timestamp(n),
                    Direction::FromVisitor,
                    Author::Visitor(visitor.pseudonym.clone()),
                    format!("words {n} of {user_id}"),
                );
                store.append_transcript(conversation.id, &entry).unwrap();
            }
            if user_id == 6 {
                conversation.hold = Some(bridge::conversation::Hold {
                    by: StaffId::new("grace"),
                    reason: "court case".into(),
                    review: "2027-03-01".into(),
                    at: Timestamp(0),
                });
                store.transact(|tx| tx.put_conversation(&conversation)).unwrap();
                held = Some(conversation.id);
            }
        }
        store.flush().unwrap();
        kept = store.transcript(held.unwrap()).unwrap();
    }
    let before = raw_records(&data);

    let output = hopenow(&["purge", "--config", config.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("Shredded 1 conversation(s)"), "{}", text(&output));

    let after = raw_records(&data);
    let mut removed: std::collections::BTreeMap<String, Vec<Vec<u8>>> = Default::default();
    for ((tree, record), value) in &before {
        if after.get(&(tree.clone(), record.clone())) != Some(value) {
            removed.entry(tree.clone()).or_default().push(value.clone());
        }
    }
    for tree in ["data_keys", "transcripts", "visitors", "visitor_index", "pseudonym_index", "conversations"] {
        assert!(removed.contains_key(tree), "nothing of `{tree}` was shredded: {:?}", removed.keys());
    }
    let needles: std::collections::HashMap<Vec<u8>, String> = removed
        .iter()
        .flat_map(|(tree, values)| values.iter().flat_map(|v| pieces(v)).map(|p| (p, tree.clone())))
        .collect();
    let mut files = vec![data.clone()];
    let mut scanned = 0;
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let bytes = fs::read(&path).unwrap();
        scanned += 1;
        if let Some(tree) = bytes.windows(24).find_map(|w| needles.get(w)) {
            panic!("{} still holds bytes of a shredded record of `{tree}`", path.display());
        }
    }
    assert!(scanned > 2);

    let store = Store::open(&data, &master).unwrap();
    assert_eq!(store.transcript(held.unwrap()).unwrap(), kept, "the held conversation is intact");
}

const COORDINATOR: &str =
    "[[staff]]\nid = \"maja\"\nalias = \"Maja\"\nmatrix_user = \"@maja:example.org\"\nroles = [\"coordinator\"]\n";

/// Friday 2026-11-27 11:00 UTC, 12:00 in Copenhagen (the default time zone).
const FRIDAY_NOON: Timestamp = Timestamp(1_795_777_200_000);

/// An installation with a coordinator, one visitor who wrote a line, and one audit entry.
fn installation_with_a_visitor() -> (tempfile::TempDir, PathBuf, String) {
    let (dir, key, config) = installation();
    fs::write(
        &config,
        format!("[store]\ndata_dir = \"data\"\n[keys]\nmaster_key_file = \"master.key\"\n{STAFF}{COORDINATOR}"),
    )
    .unwrap();
    let store = Store::open(&dir.path().join("data"), &bridge::keyfile::read(&key).unwrap()).unwrap();
    let visitor = store
        .register_visitor(&PlatformAddress::Telegram { user_id: 5, chat_id: 5 }, FRIDAY_NOON)
        .unwrap()
        .into_visitor();
    let conversation = store.start_conversation(visitor.id, FRIDAY_NOON).unwrap().id;
    let entry = TranscriptEntry::text(
        FRIDAY_NOON,
        Direction::FromVisitor,
        Author::Visitor(visitor.pseudonym.clone()),
        "I need a doctor",
    );
    store.append_transcript(conversation, &entry).unwrap();
    store
        .append_audit(&AuditEntry {
            at: FRIDAY_NOON,
            kind: AuditKind::Referred,
            staff: Some(StaffId::new("grace")),
            pseudonym: Some(visitor.pseudonym.clone()),
            detail: Some("#1 doctor, consent yes".into()),
        })
        .unwrap();
    store.flush().unwrap();
    (dir, config, visitor.pseudonym.to_string())
}

#[test]
fn transcript_export_needs_a_coordinator_writes_an_owner_only_file_and_is_audited() {
    let (dir, config, pseudonym) = installation_with_a_visitor();
    let out = dir.path().join("export.txt");
    let export = |coordinator: &str| {
        hopenow(&[
            "transcript",
            "export",
            &pseudonym,
            "--coordinator",
            coordinator,
            "--out",
            out.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
        ])
    };
    let refused = export("grace");
    assert!(!refused.status.success());
    assert!(text(&refused).contains("not a coordinator") && text(&refused).contains("[[staff]]"), "{}", text(&refused));
    assert!(!out.exists(), "nothing written for a non-coordinator");
    let unknown = export("nobody");
    assert!(!unknown.status.success() && text(&unknown).contains("not in the roster"), "{}", text(&unknown));

    let done = export("maja");
    assert!(done.status.success(), "{}", text(&done));
    assert_eq!(fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    let written = fs::read_to_string(&out).unwrap();
    assert!(written.contains("I need a doctor") && written.contains(&pseudonym), "{written}");
    let again = export("maja");
    assert!(!again.status.success() && text(&again).contains("already exists"), "{}", text(&again));
    assert_eq!(fs::read_to_string(&out).unwrap(), written, "never overwritten");

    let audit = hopenow(&["audit", "--config", config.to_str().unwrap()]);
    let shown = text(&audit);
    assert!(audit.status.success(), "{shown}");
    let exported: Vec<&str> = shown.lines().filter(|l| l.contains("exported")).collect();
    assert_eq!(exported.len(), 1, "{shown}");
    assert!(exported[0].contains("maja") && exported[0].contains(&pseudonym), "{shown}");
    assert!(!shown.contains("I need a doctor"), "{shown}");
}

#[test]
fn audit_prints_local_times_filters_by_day_and_fails_on_a_broken_chain() {
    let (dir, config, pseudonym) = installation_with_a_visitor();
    let config = config.to_str().unwrap();
    let output = hopenow(&["audit", "--config", config]);
    let shown = text(&output);
    assert!(output.status.success(), "{shown}");
    assert!(shown.contains("2026-11-27 12:00:00") && shown.contains("Europe/Copenhagen"), "{shown}");
    assert!(shown.contains("referred") && shown.contains("grace") && shown.contains(&pseudonym), "{shown}");
    assert!(shown.contains("Chain verified"), "{shown}");
    let later = hopenow(&["audit", "--config", config, "--from", "2026-11-28"]);
    assert!(text(&later).contains("0 of 1 entries shown"), "{}", text(&later));

    {
        // The live sled database is the folder `current` names.
        let data = dir.path().join("data");
        let db = sled::open(data.join(fs::read_to_string(data.join("current")).unwrap().trim())).unwrap();
        db.open_tree("audit").unwrap().remove(0u64.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    let check = hopenow(&["check", "--config", config]);
    assert!(!check.status.success());
    assert!(text(&check).contains("audit log") && text(&check).contains("tampered with"), "{}", text(&check));
    let broken = hopenow(&["audit", "--config", config]);
    assert!(!broken.status.success());
    assert!(
        text(&broken).contains("TAMPERED") && text(&broken).contains("entries from 0 on were removed"),
        "{}",
        text(&broken)
    );
}

#[test]
fn stats_show_no_count_below_five_and_draw_a_chart() {
    let (dir, key, config) = installation();
    {
        let store = Store::open(&dir.path().join("data"), &bridge::keyfile::read(&key).unwrap()).unwrap();
        let monday = bridge::stats::week_of_date(jiff::civil::date(2026, 11, 2)).unwrap();
        store
            .transact(|tx| {
                tx.update_week_stats(monday, |s| {
                    for _ in 0..11 {
                        s.new_contact("en", "telegram");
                    }
                    s.new_contact("th", "telegram");
                    s.new_contact("th", "telegram");
                    s.returning = 3;
                    s.referral("doctor");
                    for _ in 0..7 {
                        s.translated_conversation_for_tests("th", "en");
                    }
                    for _ in 0..3 {
                        s.translated_conversation_for_tests("fa", "en");
                    }
                    for _ in 0..6 {
                        s.partner_referral_for_tests("clinic", "referred");
                    }
                    s.partner_referral_for_tests("clinic", "done");
                })
            })
            .unwrap();
        // Translated in the second week too: the part sums the weeks.
        let next = monday + 7;
        store.transact(|tx| tx.update_week_stats(next, |s| s.translated_conversation_for_tests("fa", "en"))).unwrap();
        store.flush().unwrap();
    }
    // The directory: one partner with referrals, one without (listed all the same).
    let partners = "[[partner]]\nid = \"clinic\"\nname = \"C\"\naddress = \"A\"\nopening_hours = \"H\"\nkinds = [\"doctor\"]\n\
                    [[partner]]\nid = \"shelter\"\nname = \"S\"\naddress = \"A\"\nopening_hours = \"H\"\nkinds = [\"shelter\"]\n";
    fs::write(&config, format!("{}{partners}", fs::read_to_string(&config).unwrap())).unwrap();
    let (csv, svg) = (dir.path().join("stats.csv"), dir.path().join("stats.svg"));
    let output = hopenow(&[
        "stats",
        "--config",
        config.to_str().unwrap(),
        "--from",
        "2026-11-02",
        "--to",
        "2026-11-15",
        "--csv",
        csv.to_str().unwrap(),
        "--svg",
        svg.to_str().unwrap(),
    ]);
    let shown = text(&output);
    assert!(output.status.success(), "{shown}");
    assert!(shown.contains("2026-11-02") && shown.contains("2026-11-09"), "every week has a row: {shown}");
    let translated: Vec<Vec<&str>> = shown
        .lines()
        .skip_while(|l| !l.starts_with("conversations machine-translated"))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(translated.first().map(|l| l.last()), Some(Some(&"11")), "{shown}");
    assert!(translated.contains(&vec!["th", "→", "en", "7"]), "{shown}");
    assert!(translated.contains(&vec!["fa", "→", "en", "<5"]), "4 over two weeks: {shown}");
    let partner_lines: Vec<Vec<&str>> = shown
        .lines()
        .skip_while(|l| !l.starts_with("Referrals per partner"))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(partner_lines.contains(&vec!["clinic", "6", "<5", "<5"]), "{shown}");
    assert!(partner_lines.contains(&vec!["shelter", "<5", "<5", "<5"]), "{shown}");
    let csv = fs::read_to_string(&csv).unwrap();
    assert!(csv.contains("\r\nclinic,6,<5,<5\r\nshelter,<5,<5,<5\r\n"), "{csv}");
    assert!(csv.contains("\r\nall pairs,11\r\n") && csv.contains("\r\nth → en,7\r\n"), "{csv}");
    assert!(csv.contains("\r\nfa → en,<5\r\n"), "{csv}");
    // Every language has a column (ar, bg, da, en…): en's 11 among many small ones needs no hiding.
    assert!(csv.contains("\r\n2026-11-02,13,13,<5,<5,<5,<5,11,<5,"), "{csv}");
    for cell in csv.lines().skip(1).flat_map(|l| l.split(',')) {
        assert!(!matches!(cell, "0" | "1" | "2" | "3" | "4"), "{cell} in {csv}");
    }
    let svg = fs::read_to_string(&svg).unwrap();
    assert!(svg.len() > 500 && svg.contains("<svg"), "{svg}");
}

#[test]
fn check_warns_when_a_config_holding_secrets_is_readable_by_others() {
    let (_dir, _, config) = installation();
    let base = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("{base}[telegram]\ntoken = \"123:SECRET\"\n")).unwrap();
    fs::set_permissions(&config, fs::Permissions::from_mode(0o644)).unwrap();
    let output = hopenow(&["check", "--config", config.to_str().unwrap()]);
    let report = text(&output);
    let warning = report.lines().find(|l| l.starts_with("WRN")).unwrap_or_else(|| panic!("no warning: {report}"));
    assert!(warning.contains(config.to_str().unwrap()) && warning.contains("[telegram] token"), "{warning}");
    assert!(warning.contains("chmod 600") && !report.contains("SECRET"), "{warning}");
    fs::set_permissions(&config, fs::Permissions::from_mode(0o600)).unwrap();
    let report = text(&hopenow(&["check", "--config", config.to_str().unwrap()]));
    assert!(!report.contains("WRN"), "{report}");
    // Without secrets in it, a readable file is no matter.
    fs::write(&config, base).unwrap();
    fs::set_permissions(&config, fs::Permissions::from_mode(0o644)).unwrap();
    let report = text(&hopenow(&["check", "--config", config.to_str().unwrap()]));
    assert!(!report.contains("WRN"), "{report}");
}

#[test]
fn transcript_show_prints_no_terminal_escapes_from_a_visitor() {
    let (dir, key, config) = installation();
    fs::write(
        &config,
        format!("[store]\ndata_dir = \"data\"\n[keys]\nmaster_key_file = \"master.key\"\n{STAFF}{COORDINATOR}"),
    )
    .unwrap();
    let pseudonym = {
        let store = Store::open(&dir.path().join("data"), &bridge::keyfile::read(&key).unwrap()).unwrap();
        let visitor = store
            .register_visitor(&PlatformAddress::Telegram { user_id: 5, chat_id: 5 }, Timestamp(0))
            .unwrap()
            .into_visitor();
        let conversation = store.start_conversation(visitor.id, Timestamp(0)).unwrap().id;
        // OSC 52 sets the clipboard of the terminal reading it; CSI 2J clears the screen.
        let canary = "CANARY-START\u{1b}]52;c;Q0FOQVJZ\u{7}\u{1b}[2J\u{9b}31m\rCANARY-END";
        let entry = TranscriptEntry::text(
            Timestamp(0),
            Direction::FromVisitor,
            Author::Visitor(visitor.pseudonym.clone()),
            canary,
        );
        store.append_transcript(conversation, &entry).unwrap();
        store.flush().unwrap();
        visitor.pseudonym.to_string()
    };
    let output =
        hopenow(&["transcript", "show", &pseudonym, "--coordinator", "maja", "--config", config.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output));
    let shown = String::from_utf8(output.stdout).unwrap();
    assert!(shown.contains("CANARY-STARTCANARY-END"), "{shown}");
    assert!(!shown.contains("Q0FOQVJZ"), "{shown}");
    assert!(!shown.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "{shown:?}");
}

// Frictions a new operator met (issue 19, item 6).

/// `hopenow ARGS` run in `dir` with `env` added, stderr and stdout piped (not a terminal).
fn hopenow_in(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hopenow"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("HOPENOW_MASTER_KEY")
        .env_remove("HOPENOW_CONFIG")
        .env_remove("RUST_LOG")
        .env_remove("NO_COLOR")
        .env_remove("CREDENTIALS_DIRECTORY");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

#[test]
fn check_and_purge_agree_on_a_relative_data_dir_beside_a_bare_config_name() {
    let (dir, _, _) = installation();
    // `--config hopenow.toml` from its own folder: the file's folder is the empty path.
    let output = hopenow_in(dir.path(), &["check", "--config", "hopenow.toml"], &[]);
    let report = text(&output);
    assert!(output.status.success(), "{report}");
    let data = std::path::absolute(dir.path().join("data")).unwrap();
    assert!(report.contains(&format!("{} does not exist yet", data.display())), "{report}");
    let output = hopenow_in(dir.path(), &["purge", "--dry-run", "--config", "hopenow.toml"], &[]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(data.is_dir(), "purge opened the data dir check named");

    // A parent that does not exist is named with the key, the resolved path and the fix.
    fs::write(
        dir.path().join("other.toml"),
        format!("[store]\ndata_dir = \"no/such/data\"\n[keys]\nmaster_key_file = \"master.key\"\n{STAFF}"),
    )
    .unwrap();
    let output = hopenow_in(dir.path(), &["check", "--config", "other.toml"], &[]);
    let report = text(&output);
    assert!(!output.status.success(), "{report}");
    let parent = std::path::absolute(dir.path().join("no/such")).unwrap();
    assert!(report.contains("[store] data_dir"), "{report}");
    assert!(report.contains(&format!("its parent folder {} does not exist", parent.display())), "{report}");
    assert!(report.contains(&format!("mkdir -p {}", parent.display())), "{report}");
}

#[test]
fn run_with_telegram_but_no_matrix_refuses_before_making_the_data_dir() {
    let (dir, _, config) = installation();
    fs::write(&config, format!("{}[telegram]\ntoken = \"1:x\"\n", fs::read_to_string(&config).unwrap())).unwrap();
    let output = hopenow(&["run", "--config", config.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("without [matrix]"), "{}", text(&output));
    assert!(!dir.path().join("data").exists(), "the refusal left a data dir behind");
}

/// An installation whose `[matrix]` points at a port nobody listens on, logging at `level`.
fn matrix_installation(level: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, _, config) = installation();
    fs::write(
        &config,
        format!(
            "{}[logging]\nlevel = \"{level}\"\n[matrix]\nhomeserver = \"http://127.0.0.1:9\"\n\
             user_id = \"@bot:example.org\"\npassword = \"pw\"\nduty_room = \"!duty:example.org\"\n",
            fs::read_to_string(&config).unwrap()
        ),
    )
    .unwrap();
    (dir, config)
}

#[test]
fn a_first_run_without_matrix_setup_refuses_to_log_in_and_names_the_command() {
    let (dir, config) = matrix_installation("info");
    let output = hopenow(&["run", "--config", config.to_str().unwrap()]);
    assert!(!output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("hopenow matrix setup"), "{}", text(&output));
    assert!(!dir.path().join("data/matrix").exists(), "the refusal made matrix-sdk's store");
}

#[test]
fn a_trace_run_keeps_sled_quiet_names_each_target_and_writes_no_colours_to_a_pipe() {
    let (_dir, config) = matrix_installation("trace");
    let output = hopenow(&["run", "--config", config.to_str().unwrap()]);
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(log.contains("bot::commands: store opened"), "lines name their target: {log}");
    assert!(!log.contains("sled"), "sled's page cache at trace: {log}");
    assert!(!log.contains('\u{1b}'), "colour codes in a log that is not a terminal: {log:?}");
    // Named, sled speaks: the operator decides.
    let output = hopenow_in(
        config.parent().unwrap(),
        &["run", "--config", config.to_str().unwrap()],
        &[("RUST_LOG", "info,sled=trace")],
    );
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(log.contains(" sled::"), "RUST_LOG=sled=trace: {log}");
}

/// `hopenow ARGS` on a terminal (util-linux `script` gives it one): what the terminal shows.
fn on_a_terminal(args: &str, no_color: bool) -> String {
    let mut command = Command::new("script");
    command.args(["-q", "-e", "-c", &format!("{} {args}", env!("CARGO_BIN_EXE_hopenow")), "/dev/null"]);
    command.env_remove("RUST_LOG").env_remove("NO_COLOR").env_remove("HOPENOW_MASTER_KEY");
    if no_color {
        command.env("NO_COLOR", "1");
    }
    let output = command.output().unwrap_or_else(|error| {
        panic!(
            "`script` (util-linux) is needed to give hopenow a terminal: {error}. Install it: apt-get install bsdutils"
        )
    });
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn colours_on_a_terminal_only_and_never_with_no_color() {
    let (_dir, config) = matrix_installation("debug");
    let args = format!("run --config {}", config.display());
    let shown = on_a_terminal(&args, false);
    assert!(shown.contains("store opened") && shown.contains('\u{1b}'), "a terminal gets colours: {shown:?}");
    let shown = on_a_terminal(&args, true);
    assert!(shown.contains("store opened") && !shown.contains("\u{1b}["), "NO_COLOR: {shown:?}");
}

#[test]
fn check_takes_the_master_key_from_systemd_credentials_first() {
    let (dir, key, config) = installation();
    let credentials = dir.path().join("credentials");
    fs::create_dir(&credentials).unwrap();
    fs::copy(&key, credentials.join("master.key")).unwrap();
    fs::set_permissions(credentials.join("master.key"), fs::Permissions::from_mode(0o400)).unwrap();
    // The config's key file is gone: only the credential can open the store.
    fs::remove_file(&key).unwrap();
    let folder = credentials.to_str().unwrap();
    let output =
        hopenow_in(dir.path(), &["check", "--config", config.to_str().unwrap()], &[("CREDENTIALS_DIRECTORY", folder)]);
    let report = text(&output);
    assert!(output.status.success(), "{report}");
    assert!(report.contains("systemd credential master.key"), "{report}");

    fs::set_permissions(credentials.join("master.key"), fs::Permissions::from_mode(0o604)).unwrap();
    let output =
        hopenow_in(dir.path(), &["check", "--config", config.to_str().unwrap()], &[("CREDENTIALS_DIRECTORY", folder)]);
    let report = text(&output);
    assert!(!output.status.success(), "{report}");
    assert!(report.contains("credential \"master.key\"") && report.contains("every user"), "{report}");
}

#[test]
fn backup_and_restore_as_an_operator_meets_them() {
    let (dir, config, pseudonym) = installation_with_a_visitor();
    let config_text = fs::read_to_string(&config).unwrap();
    let out = dir.path().join("nightly.hnb");
    let output = hopenow(&["backup", "--config", config.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let said = text(&output);
    assert!(output.status.success(), "{said}");
    assert!(said.contains("not running") && said.contains("(1 conversations)"), "{said}");
    assert!(!said.contains(&pseudonym) && !said.contains("doctor"), "{said}");
    assert_eq!(fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    let before = fs::read(&out).unwrap();

    let again = hopenow(&["backup", "--config", config.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(text(&again).contains("already exists"), "{}", text(&again));
    assert_eq!(fs::read(&out).unwrap(), before);

    // Into the data dir in use: refused, naming the config key to change.
    let refused = hopenow(&["restore", out.to_str().unwrap(), "--config", config.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(text(&refused).contains("is not empty") && text(&refused).contains("hopenow.toml"), "{}", text(&refused));

    let restored = dir.path().join("restored.toml");
    fs::write(&restored, config_text.replace("data_dir = \"data\"", "data_dir = \"restored\"")).unwrap();
    let output = hopenow(&["restore", out.to_str().unwrap(), "--config", restored.to_str().unwrap()]);
    let said = text(&output);
    assert!(output.status.success(), "{said}");
    assert!(said.contains("Restored into") && !said.contains(&pseudonym), "{said}");
    let check = hopenow(&["check", "--config", restored.to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check));
    let shown =
        hopenow(&["transcript", "show", &pseudonym, "--coordinator", "maja", "--config", restored.to_str().unwrap()]);
    assert!(text(&shown).contains("I need a doctor"), "{}", text(&shown));

    // With another master key: refused, and no data dir is left behind.
    let other_key = dir.path().join("other.key");
    assert!(hopenow(&["keygen", "--out", other_key.to_str().unwrap()]).status.success());
    let other = dir.path().join("other.toml");
    fs::write(
        &other,
        config_text.replace("data_dir = \"data\"", "data_dir = \"other\"").replace("master.key", "other.key"),
    )
    .unwrap();
    let refused = hopenow(&["restore", out.to_str().unwrap(), "--config", other.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(text(&refused).contains("this backup was made with another master key"), "{}", text(&refused));
    assert!(!dir.path().join("other").exists());
}
