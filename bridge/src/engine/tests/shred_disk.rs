//! Shredded means gone from the disk: after a shred and the next maintenance, no file under the
//! data dir holds any byte of a removed sealed value, and the others' records are intact.

use std::collections::BTreeMap;

use super::*;
use crate::code_phrase::PhoneCode;
use crate::store::TreeName;

const DAY: i64 = 24 * 60;
/// Long enough that a match is never chance (sealed bytes are random), short enough that a
/// remnant of part of a value is caught too.
const WINDOW: usize = 24;

type Raw = BTreeMap<(&'static str, Vec<u8>), Vec<u8>>;

/// Every (tree, key) → raw sealed value in the store, read straight from sled.
pub(super) fn raw_records(store: &Store) -> Raw {
    let mut out = Raw::new();
    for tree in TreeName::ALL {
        for item in store.tree(tree).iter() {
            let (key, value) = item.unwrap();
            out.insert((tree.name(), key.to_vec()), value.to_vec());
        }
    }
    out
}

/// The values that were in `before` and are not (or no longer with these bytes) in `after`,
/// grouped by tree.
fn removed(before: &Raw, after: &Raw) -> BTreeMap<&'static str, Vec<Vec<u8>>> {
    let mut out: BTreeMap<&'static str, Vec<Vec<u8>>> = BTreeMap::new();
    for ((tree, key), value) in before {
        if after.get(&(*tree, key.clone())) != Some(value) {
            out.entry(tree).or_default().push(value.clone());
        }
    }
    out
}

/// Fails naming the file and tree if any `WINDOW`-byte piece of a value is in a file under `dir`.
pub(super) fn assert_no_remnant(dir: &std::path::Path, values: &BTreeMap<&'static str, Vec<Vec<u8>>>) {
    let mut pieces: HashMap<[u8; WINDOW], &'static str> = HashMap::new();
    for (tree, values) in values {
        for value in values {
            assert!(value.len() >= WINDOW, "a sealed value is longer than the window");
            let mut starts: Vec<usize> = (0..=value.len() - WINDOW).step_by(WINDOW).collect();
            starts.push(value.len() - WINDOW);
            for start in starts {
                pieces.insert(value[start..start + WINDOW].try_into().unwrap(), tree);
            }
        }
    }
    let mut files = vec![dir.to_path_buf()];
    let mut scanned = 0;
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        scanned += 1;
        for window in bytes.windows(WINDOW) {
            if let Some(tree) = pieces.get(window) {
                panic!("{} still holds bytes of a removed value of tree `{tree}`", path.display());
            }
        }
    }
    assert!(scanned > 0);
}

/// Closes the engine (so every file is as a stopped bridge leaves it), runs `check` on the data
/// dir, and opens it again.
fn closed(f: &mut Fixture, check: impl FnOnce(&std::path::Path)) {
    let dummy = tempfile::tempdir().unwrap();
    let placeholder =
        build(dummy.path(), &MasterKey::generate().unwrap(), &[], &[], &EngineSettings::default(), &f.clock);
    drop(std::mem::replace(&mut f.engine, placeholder));
    check(f.dir.path());
    f.engine = build(f.dir.path(), &f.key, &f.staff, &f.shifts, &f.settings, &f.clock);
}

/// Visitors 1..=4 talk with grace; visitor 1 also leaves chat messages to hide, a pending
/// exact location and a phone-change phrase: something in every tree a shred empties.
fn busy_store(f: &Fixture) {
    f.duty("grace", true);
    for visitor in 1..=4 {
        for n in 0..5 {
            f.write_with(visitor, &format!("message {n} of visitor {visitor}"), (visitor * 100 + n) as i32);
            f.in_room("grace", visitor, &format!("reply {n} to visitor {visitor}"));
        }
    }
    let location = IncomingMessage { kind: ContentKind::Location, ..IncomingMessage::text("55.676098,12.568337") };
    f.engine.handle(Event::VisitorMessage { from: address(1), message: location, dedupe: None }).unwrap();
    let event = Event::VisitorCommand {
        from: address(1),
        command: VisitorCommand::Code(PhoneCode::Give),
        reference: Some(MessageRef::telegram(999)),
        language_hint: None,
        dedupe: None,
    };
    f.engine.handle(event).unwrap();
    f.engine.flush().unwrap();
    let visitor = f.engine.store().find_visitor(&address(1).account()).unwrap().unwrap();
    assert!(visitor.pending_location.is_some(), "the exact location waits for an answer");
}

/// Performs what the outbox holds as a connector would: a chat clearing deletes the logged
/// messages, everything else is delivered.
fn perform_outbox(f: &Fixture) {
    loop {
        let due = f.engine.due(100).unwrap();
        if due.is_empty() {
            return;
        }
        for entry in due {
            match &entry.action {
                Action::HideChat { visitor, since, .. } => {
                    let logged = f.engine.store().chat_log(*visitor, *since).unwrap();
                    f.engine.hidden(&entry, &logged).unwrap();
                }
                _ => f.engine.ack(&entry).unwrap(),
            }
        }
    }
}

/// What must be gone: the trees a shred of visitor 1 empties all lost something.
fn assert_covers(removed: &BTreeMap<&'static str, Vec<Vec<u8>>>, trees: &[TreeName]) {
    for tree in trees {
        assert!(removed.contains_key(tree.name()), "nothing of `{}` was removed: {:?}", tree.name(), removed.keys());
    }
}

/// What visitor 2 has, read through the store (decrypted).
fn live_view(f: &Fixture, visitor: i64) -> (crate::Visitor, Conversation, Vec<TranscriptEntry>) {
    let store = f.engine.store();
    let found = store.find_visitor(&address(visitor).account()).unwrap().unwrap();
    let conversation = store.conversation(found.conversation.unwrap()).unwrap().unwrap();
    (found, conversation, f.transcript(visitor))
}

#[test]
fn forget_then_maintenance_leaves_no_byte_of_what_was_shredded_on_disk() {
    let mut f = Fixture::team();
    busy_store(&f);
    let kept = live_view(&f, 2);
    let before = raw_records(f.engine.store());

    f.command(1, VisitorCommand::Forget);
    f.command(1, VisitorCommand::ConfirmForget(true));
    perform_outbox(&f);
    f.engine.flush().unwrap();
    f.engine.maintain().unwrap();

    let gone = removed(&before, &raw_records(f.engine.store()));
    assert_covers(
        &gone,
        &[
            TreeName::DataKeys,
            TreeName::Visitors,
            TreeName::VisitorIndex,
            TreeName::PseudonymIndex,
            TreeName::Conversations,
            TreeName::VisitorConversations,
            TreeName::Transcripts,
            TreeName::ChatLog,
            TreeName::Codes,
        ],
    );
    closed(&mut f, |dir| assert_no_remnant(dir, &gone));
    assert_eq!(live_view(&f, 2), kept, "the other visitors' records are intact");
    assert!(f.engine.store().find_visitor(&address(1).account()).unwrap().is_none());
}

#[test]
fn retention_leaves_no_byte_of_what_was_shredded_on_disk() {
    let mut f = Fixture::team();
    busy_store(&f);
    f.in_room("grace", 1, "!close");
    f.clock.advance_minutes(10 * DAY);
    // Visitor 2 writes again, so only visitor 1's closed conversation is due at 30 days.
    f.write_with(2, "still here", 250);
    f.engine.flush().unwrap();
    f.clock.advance_minutes(21 * DAY);
    let kept = live_view(&f, 2);
    let before = raw_records(f.engine.store());

    let report = f.engine.enforce_retention().unwrap();
    assert_eq!(report.shredded.len(), 1);
    assert!(report.compacted.is_some(), "retention compacts after shredding");

    let gone = removed(&before, &raw_records(f.engine.store()));
    assert_covers(
        &gone,
        &[
            TreeName::DataKeys,
            TreeName::Visitors,
            TreeName::VisitorIndex,
            TreeName::PseudonymIndex,
            TreeName::Conversations,
            TreeName::Transcripts,
        ],
    );
    closed(&mut f, |dir| assert_no_remnant(dir, &gone));
    assert_eq!(live_view(&f, 2), kept, "the other visitors' records are intact");
}

#[test]
fn a_store_compacts_again_and_again_and_keeps_working() {
    let mut f = Fixture::team();
    busy_store(&f);
    for round in 0..3 {
        f.write_with(3, &format!("round {round}"), 900 + round);
        f.engine.flush().unwrap();
        assert!(f.engine.store().compact().is_ok());
    }
    let kept = live_view(&f, 3);
    let before = raw_records(f.engine.store());
    f.restart();
    assert_eq!(raw_records(f.engine.store()), before);
    assert_eq!(live_view(&f, 3), kept);
    // Only the live generation is left in the data dir.
    closed(&mut f, |dir| {
        let folders: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("store-"))
            .collect();
        assert_eq!(folders.len(), 1, "{folders:?}");
    });
}
