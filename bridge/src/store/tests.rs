//! Store tests: persistence, keys, tampering, shredding, pseudonyms, schema.

use std::collections::{BTreeMap, HashSet};

use super::migrations::VisitorV3;
use super::*;
use crate::pseudonym::Pseudonym;
use crate::time::Timestamp;
use crate::transcript::{Author, Direction, TranscriptEntry};
use crate::visitor::{PlatformAccount, PlatformAddress};

fn key(byte: u8) -> MasterKey {
    MasterKey::from_bytes([byte; 32])
}

fn telegram(user: i64) -> PlatformAddress {
    PlatformAddress::Telegram { user_id: user, chat_id: user }
}

const T0: Timestamp = Timestamp(1_790_000_000_000);

/// A store with two visitors, one conversation each, and a few transcript entries.
fn populated(dir: &Path) -> (Store, Vec<ConversationId>) {
    let store = Store::open(dir, &key(1)).unwrap();
    let mut conversations = Vec::new();
    for user in [1001, 1002] {
        let visitor = store.register_visitor(&telegram(user), T0).unwrap().into_visitor();
        let conversation = store.start_conversation(visitor.id, T0).unwrap();
        for n in 0..3 {
            let entry = TranscriptEntry::text(
                T0.plus_minutes(n),
                Direction::FromVisitor,
                Author::Visitor(visitor.pseudonym.clone()),
                format!("message {n}"),
            );
            store.append_transcript(conversation.id, &entry).unwrap();
        }
        conversations.push(conversation.id);
    }
    store.flush().unwrap();
    (store, conversations)
}

#[test]
fn data_survives_close_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (store, conversations) = populated(dir.path());
    let before = store.find_visitor(&PlatformAccount::Telegram(1001)).unwrap().unwrap();
    drop(store);
    let store = Store::open(dir.path(), &key(1)).unwrap();
    let after = store.find_visitor(&PlatformAccount::Telegram(1001)).unwrap().unwrap();
    assert_eq!(before, after);
    let transcript = store.transcript(conversations[0]).unwrap();
    assert_eq!(transcript.iter().map(|(seq, _)| *seq).collect::<Vec<_>>(), vec![0, 1, 2]);
    assert_eq!(transcript[2].1.text, "message 2");
    // Appending after a reopen continues the sequence instead of overwriting entry 0.
    let seq = store
        .append_transcript(conversations[0], &TranscriptEntry::text(T0, Direction::ToVisitor, Author::System, "later"))
        .unwrap();
    assert_eq!(seq, 3);
    assert_eq!(store.verify().unwrap(), Verified { records: 2 + 2 + 2 + 2 + 2 + 2 + 2, transcript_entries: 7 });
}

#[test]
fn wrong_master_key_is_a_clear_error_at_open() {
    let dir = tempfile::tempdir().unwrap();
    drop(populated(dir.path()));
    let error = Store::open(dir.path(), &key(2)).unwrap_err();
    assert!(matches!(error, StoreError::WrongKey { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("does not match the data dir"), "{message}");
    assert!(message.contains(&dir.path().display().to_string()), "{message}");
    // The right key still works: a failed open changed nothing.
    assert!(Store::open(dir.path(), &key(1)).is_ok());
}

#[test]
fn a_data_dir_in_use_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let _store = Store::open(dir.path(), &key(1)).unwrap();
    let error = Store::open(dir.path(), &key(1)).unwrap_err();
    assert!(matches!(error, StoreError::Locked { .. }), "{error:?}");
    assert!(error.to_string().contains("in use by another hopenow process"), "{error}");
}

/// Every record of every tree, as (tree, key, value) raw bytes.
fn raw_records(store: &Store) -> Vec<(TreeName, Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    for tree in TreeName::ALL {
        for item in store.tree(tree).iter() {
            let (k, v) = item.unwrap();
            out.push((tree, k.to_vec(), v.to_vec()));
        }
    }
    out
}

#[test]
fn any_flipped_byte_in_any_stored_value_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let (store, conversations) = populated(dir.path());
    let records = raw_records(&store);
    let trees: HashSet<&str> = records.iter().map(|(t, _, _)| t.name()).collect();
    assert!(trees.len() >= 7, "every kind of record is covered: {trees:?}");
    for (tree, key, value) in &records {
        for i in 0..value.len() {
            let mut bad = value.clone();
            bad[i] ^= 0x5a;
            store.tree(*tree).insert(key, bad).unwrap();
            let error = store.verify().unwrap_err();
            assert!(
                matches!(error, StoreError::Tampered { tree: t } if t == tree.name()),
                "{tree:?} byte {i}: {error:?}"
            );
            store.tree(*tree).insert(key, value.clone()).unwrap();
        }
    }
    assert!(store.verify().is_ok());

    // The public reads fail too, each with an error naming the tree.
    let (tree, key, value) = records
        .iter()
        .find(|(t, k, _)| *t == TreeName::Transcripts && k.starts_with(conversations[0].as_bytes()))
        .unwrap();
    let mut bad = value.clone();
    bad[20] ^= 1;
    store.tree(*tree).insert(key, bad).unwrap();
    assert!(matches!(store.transcript(conversations[0]), Err(StoreError::Tampered { tree: "transcripts" })));
    store.tree(*tree).insert(key, value.clone()).unwrap();

    let (tree, key, value) = records.iter().find(|(t, _, _)| *t == TreeName::VisitorIndex).unwrap();
    store.tree(*tree).insert(key, &value[..value.len() - 1]).unwrap();
    let lookups =
        [store.find_visitor(&PlatformAccount::Telegram(1001)), store.find_visitor(&PlatformAccount::Telegram(1002))];
    assert!(lookups.iter().any(|r| matches!(r, Err(StoreError::Tampered { tree: "visitor_index" }))));
}

#[test]
fn a_value_copied_to_another_record_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (store, conversations) = populated(dir.path());
    let a = store.find_visitor(&PlatformAccount::Telegram(1001)).unwrap().unwrap();
    let b = store.find_visitor(&PlatformAccount::Telegram(1002)).unwrap().unwrap();
    let visitors = store.tree(TreeName::Visitors);
    let a_value = visitors.get(a.id.as_bytes()).unwrap().unwrap();
    visitors.insert(b.id.as_bytes(), a_value).unwrap();
    assert!(matches!(store.visitor(b.id), Err(StoreError::Tampered { tree: "visitors" })));

    // Entry 0 moved over entry 1 of the same conversation, and into the other conversation.
    let transcripts = store.tree(TreeName::Transcripts);
    let first = transcripts.get(transcripts::entry_key(conversations[0], 0)).unwrap().unwrap();
    transcripts.insert(transcripts::entry_key(conversations[0], 1), first.clone()).unwrap();
    assert!(matches!(store.transcript(conversations[0]), Err(StoreError::Tampered { tree: "transcripts" })));
    transcripts.insert(transcripts::entry_key(conversations[1], 0), first).unwrap();
    assert!(matches!(store.transcript(conversations[1]), Err(StoreError::Tampered { tree: "transcripts" })));

    // A data key moved to another conversation does not unwrap there.
    let data_keys = store.tree(TreeName::DataKeys);
    let wrapped = data_keys.get(conversations[0].as_bytes()).unwrap().unwrap();
    data_keys.insert(conversations[1].as_bytes(), wrapped).unwrap();
    assert!(matches!(store.transcript(conversations[1]), Err(StoreError::Tampered { tree: "data_keys" })));
}

#[test]
fn a_shredded_conversation_can_never_be_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let (store, conversations) = populated(dir.path());
    let shredded = conversations[0];
    let backup: Vec<(sled::IVec, sled::IVec)> =
        store.tree(TreeName::Transcripts).scan_prefix(shredded.as_bytes()).map(|r| r.unwrap()).collect();
    assert_eq!(backup.len(), 3);

    store.shred_conversation(shredded).unwrap();
    assert!(matches!(store.transcript(shredded), Err(StoreError::Shredded)));
    assert_eq!(store.tree(TreeName::Transcripts).scan_prefix(shredded.as_bytes()).count(), 0);
    assert!(store.conversation(shredded).unwrap().is_none());
    assert_eq!(store.transcript(conversations[1]).unwrap().len(), 3, "the other conversation is untouched");

    // Even entries restored from an old backup stay unreadable: their key no longer exists.
    for (k, v) in &backup {
        store.tree(TreeName::Transcripts).insert(k, v.clone()).unwrap();
    }
    assert!(matches!(store.transcript(shredded), Err(StoreError::Shredded)));
    for (k, v) in &backup {
        for sealing in [&store.keys().state, &store.keys().kek] {
            assert!(sealing.open(crate::crypto::Place { tree: "transcripts", key: k }, v).is_err());
        }
    }
    drop(store);
    // Reopening sweeps the orphaned entries away.
    let store = Store::open(dir.path(), &key(1)).unwrap();
    assert_eq!(store.tree(TreeName::Transcripts).scan_prefix(shredded.as_bytes()).count(), 0);
    assert!(matches!(store.transcript(shredded), Err(StoreError::Shredded)));
    assert!(store.verify().is_ok());
}

#[test]
fn appending_to_a_shredded_conversation_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (store, conversations) = populated(dir.path());
    store.shred_conversation(conversations[0]).unwrap();
    let entry = TranscriptEntry::text(T0, Direction::ToVisitor, Author::System, "x");
    assert!(matches!(store.append_transcript(conversations[0], &entry), Err(StoreError::Shredded)));
}

#[test]
fn registering_twice_finds_the_same_visitor_and_updates_the_address() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &key(1)).unwrap();
    let first = store.register_visitor(&telegram(42), T0).unwrap();
    assert!(matches!(first, Registration::New(_)));
    let moved = PlatformAddress::Telegram { user_id: 42, chat_id: 4242 };
    let again = store.register_visitor(&moved, T0.plus_minutes(5)).unwrap();
    assert!(matches!(again, Registration::Known(_)));
    assert_eq!(again.visitor().id, first.visitor().id);
    assert_eq!(again.visitor().address, moved);
    assert_eq!(again.visitor().first_seen, T0);
    // The same number on Matrix is another account.
    let matrix = store.register_visitor(&PlatformAddress::Matrix { user_id: "42".into(), room_id: None }, T0).unwrap();
    assert_ne!(matrix.visitor().id, first.visitor().id);
    assert_eq!(store.visitor_count(), 2);
}

#[test]
fn pseudonyms_are_stable_across_restarts_and_found_however_typed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &key(1)).unwrap();
    let visitor = store.register_visitor(&telegram(7), T0).unwrap().into_visitor();
    store.flush().unwrap();
    drop(store);
    let store = Store::open(dir.path(), &key(1)).unwrap();
    let again = store.register_visitor(&telegram(7), T0).unwrap().into_visitor();
    assert_eq!(again.pseudonym, visitor.pseudonym);
    let typed = visitor.pseudonym.as_str().to_lowercase().replace(" · ", " ");
    assert_eq!(store.find_by_pseudonym(&typed).unwrap().map(|v| v.id), Some(visitor.id));
    assert!(store.find_by_pseudonym("Nobody Here 222").unwrap().is_none());
}

#[test]
fn pseudonyms_are_unique_over_100_000_visitors() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &key(1)).unwrap();
    let mut seen = HashSet::new();
    // Registered 1,000 per transaction, as the engine's group commit does; uniqueness is checked
    // against earlier writes of the same transaction too.
    for chunk in 0..100 {
        let visitors = store
            .transact(|tx| {
                (chunk * 1000..(chunk + 1) * 1000)
                    .map(|user| tx.register_visitor(&telegram(user), T0))
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        for registration in visitors {
            let pseudonym = &registration.visitor().pseudonym;
            assert!(seen.insert(Pseudonym::normalize(pseudonym.as_str())), "duplicate {pseudonym}");
        }
    }
    assert_eq!(store.visitor_count(), 100_000);
}

#[test]
fn a_populated_dir_without_key_check_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(populated(dir.path()));
    {
        // The live generation of a new data dir.
        let db = sled::open(dir.path().join("store-1")).unwrap();
        db.open_tree("meta").unwrap().clear().unwrap();
        db.flush().unwrap();
    }
    let error = Store::open(dir.path(), &key(1)).unwrap_err();
    assert!(matches!(error, StoreError::MissingKeyCheck { .. }), "{error:?}");
}

fn mark_migrated(store: &Store) -> Result<(), StoreError> {
    store.put(TreeName::Meta, b"migrated", &true)
}

fn already_done(_: &Store) -> Result<(), StoreError> {
    Err(StoreError::NotFound { what: "a step this store is past" })
}

/// The real steps up to the current schema (never run on a current store), then one test step.
static ONE_PAST_CURRENT: &[schema::Migration] =
    &[already_done, already_done, already_done, already_done, mark_migrated];

#[test]
fn migrations_run_once_in_order_and_newer_schemas_are_refused() {
    let current = SCHEMA_VERSION;
    assert_eq!(ONE_PAST_CURRENT.len() as u32, current, "one test step past the current schema");
    // The data dir inside the temp dir: the copy made before a migration goes beside it.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    drop(populated(&dir));
    let next = Schema { version: current + 1, migrations: ONE_PAST_CURRENT };
    let store = Store::open_with(&dir, &key(1), &next).unwrap();
    assert_eq!(schema::stored_version(&store).unwrap(), Some(current + 1));
    assert_eq!(store.get::<bool>(TreeName::Meta, b"migrated").unwrap(), Some(true));
    assert!(store.find_visitor(&PlatformAccount::Telegram(1001)).unwrap().is_some(), "data kept");
    drop(store);

    let error = Store::open(&dir, &key(1)).unwrap_err();
    assert!(
        matches!(error, StoreError::SchemaTooNew { found, supported, .. } if found == current + 1 && supported == current),
        "{error:?}"
    );
    assert!(error.to_string().contains("upgrade hopenow"));

    let beyond = Schema { version: current + 2, migrations: ONE_PAST_CURRENT };
    let error = Store::open_with(&dir, &key(1), &beyond).unwrap_err();
    assert!(matches!(error, StoreError::Migration { from, .. } if from == current + 1), "{error:?}");
}

/// Every file below `dir` but the lock, with its bytes.
fn files_below(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut folders = vec![dir.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path != dir.join("lock") {
                found.insert(path.strip_prefix(dir).unwrap().to_owned(), fs::read(&path).unwrap());
            }
        }
    }
    found
}

/// An upgrade that goes wrong must be reversible by hand: before the first step the data dir is
/// copied beside it, byte for byte, and `check` can tell beforehand that this will happen.
#[test]
fn a_migration_copies_the_data_dir_first_and_is_announced_before() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    drop(populated(&dir));
    let before = files_below(&dir);
    let current = SCHEMA_VERSION;
    let copy = tmp.path().join(format!("data.bak-{current}"));

    assert_eq!(Store::pending_migration(&dir, &key(1)).unwrap(), None, "nothing pending at the current schema");
    assert!(matches!(Store::pending_migration(&dir, &key(2)), Err(StoreError::WrongKey { .. })));
    assert_eq!(Store::pending_migration(&tmp.path().join("none"), &key(1)).unwrap(), None);
    assert!(!tmp.path().join("none").exists(), "asking makes no data dir");

    // A copy cut short by an earlier start (a full disk, a crash) is not taken for whole.
    fs::create_dir_all(tmp.path().join(format!("data.bak-{current}.partial/store-1"))).unwrap();
    fs::write(tmp.path().join(format!("data.bak-{current}.partial/store-1/db")), b"cut short").unwrap();

    let next = Schema { version: current + 1, migrations: ONE_PAST_CURRENT };
    let store = Store::open_with(&dir, &key(1), &next).unwrap();
    assert_eq!(schema::stored_version(&store).unwrap(), Some(current + 1));
    drop(store);
    // sled rewrites a little of its files, and may add a snapshot, when it opens them: the copy
    // is compared by the files it holds and by what it reads back, not byte for byte.
    let copied = files_below(&copy);
    assert!(before.keys().all(|file| copied.contains_key(file)), "every file of the data dir");
    assert!(!copy.join("lock").exists(), "but the lock, which the running process holds");
    assert!(!tmp.path().join(format!("data.bak-{current}.partial")).exists());
    let mode = fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "owner only, like the data dir");
    // The copy opens with the same key at the old schema: it is the way back.
    let back = Store::open_with(&copy, &key(1), &Schema::current()).unwrap();
    assert_eq!(schema::stored_version(&back).unwrap(), Some(current), "the copy is from before the step");
    assert_eq!(back.get::<bool>(TreeName::Meta, b"migrated").unwrap(), None);
    assert!(back.find_visitor(&PlatformAccount::Telegram(1001)).unwrap().is_some());
    drop(back);

    // What `check` sees before a newer build first opens an older data dir.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    drop(populated(&dir));
    let older = Store::open(&dir, &key(1)).unwrap();
    schema::record_version(&older, current - 1).unwrap();
    drop(older);
    let pending = Store::pending_migration(&dir, &key(1)).unwrap().unwrap();
    assert_eq!((pending.found, pending.target), (current - 1, current));
    assert_eq!(pending.copy, fs::canonicalize(tmp.path()).unwrap().join(format!("data.bak-{}", current - 1)));
    assert!(!pending.copy.exists(), "asking copies nothing");
}

/// When the copy cannot be made, nothing is migrated: the data dir stays as the old version
/// left it, and the open fails saying where. (The copy's name is made too long for the file
/// system here: the one failure a test running as root can cause.)
#[test]
fn no_copy_no_migration() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d".repeat(245));
    drop(populated(&dir));
    let current = SCHEMA_VERSION;
    let next = Schema { version: current + 1, migrations: ONE_PAST_CURRENT };
    let error = Store::open_with(&dir, &key(1), &next).map(drop).unwrap_err();
    assert!(
        matches!(&error, StoreError::DataDir { path, .. } if path.to_string_lossy().ends_with(&format!(".bak-{current}"))),
        "{error:?}"
    );
    let store = Store::open(&dir, &key(1)).unwrap();
    assert_eq!(schema::stored_version(&store).unwrap(), Some(current));
    assert_eq!(store.get::<bool>(TreeName::Meta, b"migrated").unwrap(), None, "no step ran");
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1, "no partial copy left behind");
}

/// A data dir written by schema 1 (visitors without the safe word fields) opens, migrated.
#[test]
fn a_schema_1_visitor_gains_the_safe_word_and_auto_hide_fields() {
    use super::migrations::VisitorV1;
    // The data dir inside the temp dir: the copy made before a migration goes beside it.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let id = VisitorId::from_bytes([9; 16]);
    {
        let v1 = Schema { version: 1, migrations: &[] };
        let store = Store::open_with(&dir, &key(1), &v1).unwrap();
        let old = VisitorV1 {
            id,
            pseudonym: Pseudonym::from_stored("Amber Heron · 4K7".into()),
            address: PlatformAddress::Telegram { user_id: 5, chat_id: 5 },
            language: Some("th".into()),
            first_seen: Timestamp(7),
            blocked: false,
            conversation: None,
            hold_replies: Some(true),
            pending_location: None,
        };
        put_postcard(&store, TreeName::Visitors, id.as_bytes(), &old);
        store.flush().unwrap();
    }
    let store = Store::open(&dir, &key(1)).unwrap();
    assert_eq!(schema::stored_version(&store).unwrap(), Some(SCHEMA_VERSION));
    let visitor = store.visitor(id).unwrap().unwrap();
    assert_eq!((visitor.language.as_deref(), visitor.hold_replies), (Some("th"), Some(true)));
    assert_eq!((visitor.safe_word, visitor.silenced, visitor.auto_hide_minutes), (None, false, None));
}

/// A schema 2 conversation gains its activity times: closed ones count from their closing.
#[test]
fn a_schema_2_conversation_gains_its_activity_times() {
    use super::migrations::ConversationV2;
    use crate::conversation::ConversationState;
    // The data dir inside the temp dir: the copy made before a migration goes beside it.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let id = ConversationId::from_bytes([8; 16]);
    {
        let v2 = Schema { version: 2, migrations: &[] };
        let store = Store::open_with(&dir, &key(1), &v2).unwrap();
        let old = ConversationV2 {
            id,
            visitor: VisitorId::from_bytes([9; 16]),
            opened_at: Timestamp(10),
            channel: crate::visitor::Channel::Telegram,
            language: "ro".into(),
            state: ConversationState::Closed { at: Timestamp(500) },
            waiting_since: None,
            passed_over: Vec::new(),
            escalated: false,
            told_out_of_hours: false,
            members: Vec::new(),
            referrals: Vec::new(),
            hold: None,
            held_replies: vec![4],
        };
        put_postcard(&store, TreeName::Conversations, id.as_bytes(), &old);
        store.flush().unwrap();
    }
    let store = Store::open(&dir, &key(1)).unwrap();
    let conversation = store.conversation(id).unwrap().unwrap();
    assert_eq!((conversation.last_activity, conversation.first_response_at), (Timestamp(500), None));
    assert_eq!((conversation.language.as_str(), conversation.held_replies.as_slice()), ("ro", &[4][..]));
}

/// Writes a record as schemas 1 to 3 did: bare postcard, whatever the tree.
fn put_postcard<T: Serialize>(store: &Store, tree: TreeName, key: &[u8], value: &T) {
    let sealed = sealed::seal_as(envelope::Encoding::Postcard, &store.keys().state, tree, key, value, 64).unwrap();
    store.tree(tree).insert(key, sealed).unwrap();
}

/// A Thai visitor as schema 3 stored one, with nothing set beyond the first message.
fn visitor_v3(id: VisitorId) -> VisitorV3 {
    VisitorV3 {
        id,
        pseudonym: Pseudonym::from_stored("Amber Heron · 4K7".into()),
        address: PlatformAddress::Telegram { user_id: 5, chat_id: 5 },
        language: Some("th".into()),
        first_seen: Timestamp(7),
        blocked: false,
        conversation: None,
        hold_replies: None,
        pending_location: None,
        safe_word: None,
        silenced: false,
        auto_hide_minutes: None,
    }
}

/// A data dir written by schema 3 (postcard visitors and conversations) opens with both in the
/// envelope, every field kept.
#[test]
fn a_schema_3_data_dir_moves_visitors_and_conversations_into_the_envelope() {
    use super::migrations::{ConversationV3, VisitorV3};
    use crate::conversation::{ConversationState, Hold};
    // The data dir inside the temp dir: the copy made before a migration goes beside it.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let visitor_id = VisitorId::from_bytes([9; 16]);
    let conversation_id = ConversationId::from_bytes([8; 16]);
    {
        let v3 = Schema { version: 3, migrations: &[] };
        let store = Store::open_with(&dir, &key(1), &v3).unwrap();
        let visitor = VisitorV3 {
            blocked: true,
            conversation: Some(conversation_id),
            hold_replies: Some(false),
            pending_location: Some("55.67,12.56".into()),
            silenced: true,
            auto_hide_minutes: Some(15),
            ..visitor_v3(visitor_id)
        };
        put_postcard(&store, TreeName::Visitors, visitor_id.as_bytes(), &visitor);
        let conversation = ConversationV3 {
            id: conversation_id,
            visitor: visitor_id,
            opened_at: Timestamp(10),
            channel: crate::visitor::Channel::Telegram,
            language: "th".into(),
            state: ConversationState::Assigned { staff: crate::roster::StaffId::new("ana"), since: Timestamp(20) },
            waiting_since: Some(Timestamp(30)),
            passed_over: vec![crate::roster::StaffId::new("ben")],
            escalated: true,
            told_out_of_hours: true,
            members: vec![crate::roster::StaffId::new("ana")],
            referrals: Vec::new(),
            hold: Some(Hold {
                by: crate::roster::StaffId::new("maja"),
                reason: "legal".into(),
                review: "2027-01-01".into(),
                at: Timestamp(40),
            }),
            held_replies: vec![4, 5],
            last_activity: Timestamp(50),
            first_response_at: Some(Timestamp(60)),
        };
        put_postcard(&store, TreeName::Conversations, conversation_id.as_bytes(), &conversation);
        store.flush().unwrap();
    }
    let store = Store::open(&dir, &key(1)).unwrap();
    assert_eq!(schema::stored_version(&store).unwrap(), Some(SCHEMA_VERSION));
    let visitor = store.visitor(visitor_id).unwrap().unwrap();
    assert_eq!((visitor.language.as_deref(), visitor.blocked, visitor.silenced), (Some("th"), true, true));
    assert_eq!((visitor.pending_location.as_deref(), visitor.auto_hide_minutes), (Some("55.67,12.56"), Some(15)));
    let conversation = store.conversation(conversation_id).unwrap().unwrap();
    assert_eq!(conversation.held_replies, vec![4, 5]);
    assert_eq!((conversation.last_activity, conversation.first_response_at), (Timestamp(50), Some(Timestamp(60))));
    assert_eq!(conversation.hold.as_ref().map(|h| h.reason.as_str()), Some("legal"));
    // Stored in the envelope now: the raw record no longer opens as postcard.
    let raw = store.tree(TreeName::Conversations).get(conversation_id.as_bytes()).unwrap().unwrap();
    let postcard: Result<ConversationV3, _> = sealed::open_as(
        envelope::Encoding::Postcard,
        &store.keys().state,
        TreeName::Conversations,
        conversation_id.as_bytes(),
        &raw,
    );
    assert!(postcard.is_err());
}

/// Records are encoded as pinned here; a change of encoding must be a deliberate schema change.
/// Visitors and conversations are pinned twice: as schema 3 stored them (postcard, which the
/// migrations still read, so the types inside them must keep that shape) and in the envelope.
#[test]
fn record_encodings_are_pinned() {
    use crate::transcript::{Attachment, ContentKind};
    let visitor = crate::visitor::Visitor {
        id: VisitorId::from_bytes([1; 16]),
        pseudonym: Pseudonym::from_stored("Amber Heron · 4K7".into()),
        address: PlatformAddress::Telegram { user_id: 5, chat_id: -6 },
        language: Some("th".into()),
        first_seen: Timestamp(1000),
        blocked: false,
        conversation: Some(ConversationId::from_bytes([4; 16])),
        hold_replies: Some(true),
        pending_location: None,
        safe_word: None,
        silenced: false,
        auto_hide_minutes: Some(15),
        share_deletion: None,
        held_news: Vec::new(),
    };
    let as_v3: VisitorV3 = postcard::from_bytes(&postcard::to_allocvec(&visitor).unwrap()).unwrap();
    assert_eq!(
        hex::encode(postcard::to_allocvec(&as_v3).unwrap()),
        "0101010101010101010101010101010112416d626572204865726f6e20c2b720344b37000a0b01027468d00f0001040404040404040404040404040404040101000000010f"
    );
    assert_eq!(
        hex::encode(envelope(&visitor)),
        "019ec41001010101010101010101010101010101b2416d626572204865726f6e20c2b720344b3781a854656c656772616d9205faa27468cd03e8c2c41004040404040404040404040404040404c3c0c0c20fc090"
    );
    let entry = TranscriptEntry {
        at: Timestamp(1000),
        direction: Direction::FromVisitor,
        author: Author::Staff("grace".into()),
        kind: ContentKind::Voice,
        text: "hi".into(),
        attachment: Some(Attachment { mime: "audio/ogg".into(), bytes: vec![1, 2] }),
    };
    assert_eq!(
        hex::encode(postcard::to_allocvec(&entry).unwrap()),
        "d00f0001056772616365010268690109617564696f2f6f6767020102"
    );
    let mut conversation = crate::conversation::Conversation::new(
        ConversationId::from_bytes([2; 16]),
        VisitorId::from_bytes([3; 16]),
        crate::visitor::Channel::Matrix,
        "ro".into(),
        Timestamp(1),
    );
    conversation.state = crate::conversation::ConversationState::Assigned {
        staff: crate::roster::StaffId::new("ana"),
        since: Timestamp(2),
    };
    conversation.referrals.push(crate::referral::Referral {
        number: 1,
        kind: crate::referral::ReferralKind::Doctor,
        consent: true,
        status: crate::referral::ReferralStatus::Open,
        follow_up: Some("2026-12-01".into()),
        reminded: false,
        by: crate::roster::StaffId::new("ana"),
        at: Timestamp(3),
        partner: None,
    });
    // Schema 3's shape, field by field (its referrals had no partner yet).
    let as_v3 = migrations::ConversationV3 {
        id: conversation.id,
        visitor: conversation.visitor,
        opened_at: conversation.opened_at,
        channel: conversation.channel,
        language: conversation.language.clone(),
        state: conversation.state.clone(),
        waiting_since: None,
        passed_over: Vec::new(),
        escalated: false,
        told_out_of_hours: false,
        members: Vec::new(),
        referrals: vec![migrations::ReferralV3 {
            number: 1,
            kind: crate::referral::ReferralKind::Doctor,
            consent: true,
            status: crate::referral::ReferralStatus::Open,
            follow_up: Some("2026-12-01".into()),
            reminded: false,
            by: crate::roster::StaffId::new("ana"),
            at: Timestamp(3),
        }],
        hold: None,
        held_replies: Vec::new(),
        last_activity: conversation.last_activity,
        first_response_at: None,
    };
    assert_eq!(
        hex::encode(postcard::to_allocvec(&as_v3).unwrap()),
        "0202020202020202020202020202020203030303030303030303030303030303020102726f0103616e610400000000000101000100010a323032362d31322d30310003616e610600000200"
    );
    // 20 fields (`dc0014`): the 16 of schema 4, then the machine-translation ones appended
    // (mode "Auto", not told, no pairs, no waiting replies); the referral has 9 (`99`), its
    // partner (`c0`, none) appended. A record of 16 whose referral has 8 still reads.
    assert_eq!(
        hex::encode(envelope(&conversation)),
        "01dc0014c41002020202020202020202020202020202c4100303030303030303030303030303030301a64d6174726978a2726f81a841737369676e656492a3616e6102c090c2c290919901a6446f63746f72c3a44f70656eaa323032362d31322d3031c2a3616e6103c0c09001c0a44175746fc29090"
    );
    let sixteen = hex::decode(
        "01dc0010c41002020202020202020202020202020202c4100303030303030303030303030303030301a64d6174726978a2726f81a841737369676e656492a3616e6102c090c2c290919801a6446f63746f72c3a44f70656eaa323032362d31322d3031c2a3616e6103c09001c0",
    )
    .unwrap();
    let before_translation: crate::conversation::Conversation = envelope::Encoding::Envelope.decode(&sixteen).unwrap();
    assert_eq!(before_translation, conversation);
}

fn envelope<T: Serialize>(value: &T) -> Vec<u8> {
    envelope::Encoding::Envelope.encode_into(value, Vec::new()).unwrap()
}

#[test]
fn connector_state_is_sealed_listed_by_prefix_and_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path(), &key(1)).unwrap();
        store.set_connector_state("matrix.session", "{\"access_token\":\"CANARY-TOKEN\"}").unwrap();
        store.set_connector_state("matrix.room.aa", "!room-a:example.org").unwrap();
        store.set_connector_state("matrix.room.bb", "!room-b:example.org").unwrap();
        store.remove_connector_state("matrix.room.bb").unwrap();
        store.flush().unwrap();
    }
    let store = Store::open(dir.path(), &key(1)).unwrap();
    assert_eq!(store.connector_state("matrix.session").unwrap().unwrap(), "{\"access_token\":\"CANARY-TOKEN\"}");
    assert_eq!(store.connector_state("nothing").unwrap(), None);
    assert_eq!(
        store.connector_states("matrix.room.").unwrap(),
        vec![("matrix.room.aa".to_owned(), "!room-a:example.org".to_owned())]
    );
    drop(store);
    for file in hopenow_files(dir.path()) {
        let bytes = fs::read(&file).unwrap();
        assert!(!bytes.windows(12).any(|w| w == b"CANARY-TOKEN"), "{}", file.display());
    }
}

fn hopenow_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap().flatten() {
            if entry.path().is_dir() {
                stack.push(entry.path());
            } else {
                out.push(entry.path());
            }
        }
    }
    out
}

/// A large file is kept in a sealed file beside sled: it reads back whole (through the
/// transcript and the outbox), a file cut short fails as tampered instead of reading as a shorter
/// file, and a shred takes it.
#[test]
fn a_large_file_is_kept_sealed_beside_sled_reads_back_whole_and_shreds_with_it() {
    use crate::outbox::Action;
    use crate::transcript::{Attachment, ContentKind};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &key(1)).unwrap();
    let visitor = store.register_visitor(&telegram(1), T0).unwrap().into_visitor();
    let conversation = store.start_conversation(visitor.id, T0).unwrap();
    let bytes: Vec<u8> = (0..300_000u32).map(|n| (n % 251) as u8).collect();
    let entry = TranscriptEntry {
        kind: ContentKind::Document,
        attachment: Some(Attachment { mime: "application/pdf".into(), bytes: bytes.clone() }),
        ..TranscriptEntry::text(T0, Direction::FromVisitor, Author::System, "scan")
    };
    let seq = store.append_transcript(conversation.id, &entry).unwrap();
    let empty = TranscriptEntry {
        attachment: Some(Attachment { mime: "text/plain".into(), bytes: Vec::new() }),
        ..TranscriptEntry::text(T0, Direction::FromVisitor, Author::System, "an empty file")
    };
    store.append_transcript(conversation.id, &empty).unwrap();
    let prefix = transcripts::entry_key(conversation.id, seq);
    let in_sled = store.tree(TreeName::Transcripts).scan_prefix(prefix).count();
    assert_eq!(in_sled, 1, "only the entry is in sled, not the file's bytes");
    let folder = dir.path().join("files").join(hex::encode(conversation.id.as_bytes()));
    let file = folder.join(format!("{seq:016x}"));
    let on_disk = fs::read(&file).unwrap();
    assert!(on_disk.len() > bytes.len(), "the file is there, sealed");
    assert!(!on_disk.windows(64).any(|w| bytes.windows(64).take(300).any(|p| p == w)), "no plaintext run");
    let read = store.transcript(conversation.id).unwrap();
    assert_eq!(read.len(), 2);
    assert_eq!(read[0].1.attachment.as_ref().unwrap().bytes, bytes);
    assert!(read[1].1.attachment.as_ref().unwrap().bytes.is_empty(), "an empty file stays empty");
    assert_eq!(store.verify().unwrap().transcript_entries, 2);

    // The outbox relays it whole too.
    let run = store.transact(|tx| tx.open_relays(conversation.id, seq, T0)).unwrap();
    let due = store.outbox_due(T0, 10).unwrap();
    let relay = due.iter().find(|e| e.id == run).unwrap();
    match &relay.action {
        Action::PostToConversation { attachment: Some(file), .. } => assert_eq!(file.bytes, bytes),
        other => panic!("{other:?}"),
    }

    // Cut short at a piece's end, or in the middle of one: an error, not a shorter file.
    let piece_len = |at: usize| 4 + u32::from_be_bytes(on_disk[at..at + 4].try_into().unwrap()) as usize;
    let mut last_piece_at = 0;
    while last_piece_at + piece_len(last_piece_at) < on_disk.len() {
        last_piece_at += piece_len(last_piece_at);
    }
    assert!(last_piece_at > 0);
    for cut in [last_piece_at, on_disk.len() - 10] {
        fs::write(&file, &on_disk[..cut]).unwrap();
        assert!(matches!(store.transcript(conversation.id), Err(StoreError::Tampered { tree: "files" })), "{cut}");
        assert!(store.verify().is_err());
    }
    // Another entry's file in its place: an error too.
    fs::write(&file, &on_disk).unwrap();
    let other = store.append_transcript(conversation.id, &entry).unwrap();
    fs::copy(folder.join(format!("{other:016x}")), &file).unwrap();
    assert!(matches!(store.transcript(conversation.id), Err(StoreError::Tampered { tree: "files" })));
    fs::write(&file, &on_disk).unwrap();
    assert!(store.transcript(conversation.id).is_ok());

    store.shred_conversation(conversation.id).unwrap();
    assert_eq!(store.tree(TreeName::Transcripts).scan_prefix(conversation.id.as_bytes()).count(), 0);
    assert!(!folder.exists(), "the conversation's files are erased with it");
}

/// A file whose entry never committed (a transaction retried or abandoned, a crash between the
/// file and the commit), and a half-written one, are erased at the next open; the rest stay.
#[test]
fn files_no_entry_names_are_erased_at_open() {
    use crate::transcript::{Attachment, ContentKind};
    let dir = tempfile::tempdir().unwrap();
    let (conversation, folder) = {
        let store = Store::open(dir.path(), &key(1)).unwrap();
        let visitor = store.register_visitor(&telegram(1), T0).unwrap().into_visitor();
        let conversation = store.start_conversation(visitor.id, T0).unwrap();
        let entry = TranscriptEntry {
            kind: ContentKind::Document,
            attachment: Some(Attachment { mime: "application/pdf".into(), bytes: vec![7; 200_000] }),
            ..TranscriptEntry::text(T0, Direction::FromVisitor, Author::System, "scan")
        };
        let seq = store.append_transcript(conversation.id, &entry).unwrap();
        store.flush().unwrap();
        let folder = dir.path().join("files").join(hex::encode(conversation.id.as_bytes()));
        let file = folder.join(format!("{seq:016x}"));
        fs::copy(&file, folder.join(format!("{:016x}", seq + 40))).unwrap();
        fs::copy(&file, folder.join(format!("{:016x}.partial", seq + 41))).unwrap();
        // A shredded conversation's folder left behind.
        fs::create_dir_all(dir.path().join("files").join("00".repeat(16))).unwrap();
        fs::copy(&file, dir.path().join("files").join("00".repeat(16)).join(format!("{seq:016x}"))).unwrap();
        (conversation.id, folder)
    };
    let store = Store::open(dir.path(), &key(1)).unwrap();
    let left: Vec<String> =
        fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(left, vec![format!("{:016x}", 0)]);
    assert!(!dir.path().join("files").join("00".repeat(16)).exists());
    assert_eq!(store.transcript(conversation).unwrap()[0].1.attachment.as_ref().unwrap().bytes, vec![7; 200_000]);
}

#[test]
fn a_full_disk_is_transient_and_a_tampered_record_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let (store, conversations) = populated(dir.path());
    let key = conversations[0].as_bytes();
    let mut bad = store.tree(TreeName::Conversations).get(key).unwrap().unwrap().to_vec();
    bad[10] ^= 1;
    store.tree(TreeName::Conversations).insert(key, bad).unwrap();
    let tampered = store.conversation(conversations[0]).unwrap_err();
    assert!(matches!(tampered, StoreError::Tampered { .. }), "{tampered:?}");
    assert!(!tampered.is_transient(), "the same record fails again: the work that reads it is to blame");
    let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
    assert!(StoreError::from(sled::Error::Io(full)).is_transient());
    assert!(StoreError::Poisoned.is_transient());
    assert!(
        StoreError::from(sled::Error::Corruption { at: None, bt: () }).is_transient(),
        "sled's damage is store-wide"
    );
    assert!(!StoreError::Decode { tree: "visitors" }.is_transient());
    assert!(
        crate::engine::EngineError::from(StoreError::from(sled::Error::Io(std::io::Error::other("eio"))))
            .is_transient()
    );
}

#[test]
fn a_backup_of_a_schema_3_store_restores_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let visitor_id = VisitorId::from_bytes([9; 16]);
    let mut backup = Vec::new();
    {
        let v3 = Schema { version: 3, migrations: &[] };
        let store = Store::open_with(&dir.path().join("old"), &key(1), &v3).unwrap();
        let visitor = visitor_v3(visitor_id);
        put_postcard(&store, TreeName::Visitors, visitor_id.as_bytes(), &visitor);
        assert_eq!(store.write_backup(&mut backup).unwrap().schema, 3);
    }
    let summary = Store::restore_backup(&dir.path().join("new"), &key(1), &mut &backup[..]).unwrap();
    assert_eq!(summary.schema, 3);
    let store = Store::open(&dir.path().join("new"), &key(1)).unwrap();
    assert_eq!(schema::stored_version(&store).unwrap(), Some(SCHEMA_VERSION));
    assert_eq!(store.visitor(visitor_id).unwrap().unwrap().language.as_deref(), Some("th"));
    // The copy a migration makes first is not left beside the restored data dir.
    let mut left: Vec<String> =
        fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, ["new", "old"]);
}
