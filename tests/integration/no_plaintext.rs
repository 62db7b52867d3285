//! No plaintext on disk: canaries written through the public API appear in no file under the
//! data dir, logs included, in any encoding we can think of.

use std::sync::{Arc, Mutex};

use bridge::{Author, ContentKind, Direction, MasterKey, PlatformAddress, Store, Timestamp, TranscriptEntry};
use hopenow_tests::canary::{Canary, files_under, scan};

const TELEGRAM_USER: i64 = 7_391_846_205;
const TELEGRAM_CHAT: i64 = 7_391_846_277;
const FIRST_NAME: &str = "CanaryFirstname-Oluwaseun";
const USERNAME: &str = "@canary_username_77";
const MESSAGE: &str = "CANARY-MESSAGE my boss keeps my passport";
const MATRIX_USER: &str = "@canary-matrix-person:example.org";
const MATRIX_ROOM: &str = "!canaryroomid:example.org";
const PHOTO_BYTES: &[u8] = b"CANARY-PHOTO-BYTES-0123456789";

fn canaries() -> Vec<Canary> {
    vec![
        Canary::number("telegram user id", TELEGRAM_USER),
        Canary::number("telegram chat id", TELEGRAM_CHAT),
        Canary::text("first name", FIRST_NAME),
        Canary::text("username", USERNAME),
        Canary::text("message", MESSAGE),
        Canary::text("matrix user", MATRIX_USER),
        Canary::text("matrix room", MATRIX_ROOM),
        Canary::text("photo", std::str::from_utf8(PHOTO_BYTES).unwrap()),
    ]
}

/// A log sink that writes into a file under the data dir, as an operator might configure.
#[derive(Clone)]
struct FileLog(Arc<Mutex<std::fs::File>>);

impl std::io::Write for FileLog {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().unwrap().flush()
    }
}

/// A data dir with a trace-level log file inside it, as an operator might configure.
fn traced_data_dir() -> (tempfile::TempDir, std::path::PathBuf, impl tracing::Subscriber + Send + Sync) {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    std::fs::create_dir(&data_dir).unwrap();
    let log = FileLog(Arc::new(Mutex::new(std::fs::File::create(data_dir.join("hopenow.log")).unwrap())));
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || log.clone())
        .with_ansi(false)
        .finish();
    (dir, data_dir, subscriber)
}

#[test]
fn no_canary_reaches_any_file_under_the_data_dir() {
    let (_dir, data_dir, subscriber) = traced_data_dir();

    tracing::subscriber::with_default(subscriber, || {
        let key = MasterKey::generate().unwrap();
        let store = Store::open(&data_dir, &key).unwrap();
        let telegram = PlatformAddress::Telegram { user_id: TELEGRAM_USER, chat_id: TELEGRAM_CHAT };
        let visitor = store.register_visitor(&telegram, Timestamp(0)).unwrap().into_visitor();
        tracing::info!(?visitor, "registered");
        let matrix = PlatformAddress::Matrix { user_id: MATRIX_USER.into(), room_id: Some(MATRIX_ROOM.into()) };
        let other = store.register_visitor(&matrix, Timestamp(0)).unwrap().into_visitor();
        tracing::info!(?other, address = ?other.address, "registered");

        let conversation = store.start_conversation(visitor.id, Timestamp(0)).unwrap();
        let author = Author::Visitor(visitor.pseudonym.clone());
        for text in [
            format!("my name is {FIRST_NAME}"),
            format!("telegram {USERNAME}"),
            MESSAGE.to_owned(),
            format!("my number {TELEGRAM_USER}"),
        ] {
            let entry = TranscriptEntry::text(Timestamp(1), Direction::FromVisitor, author.clone(), text);
            tracing::debug!(?entry, "appending");
            store.append_transcript(conversation.id, &entry).unwrap();
        }
        let photo = TranscriptEntry {
            at: Timestamp(2),
            direction: Direction::FromVisitor,
            author,
            kind: ContentKind::Photo,
            text: FIRST_NAME.into(),
            // A file is made only by the cleaner; these bytes are no picture, so they pass as they are.
            attachment: Some(
                bridge::media::visitor_attachment("application/octet-stream", PHOTO_BYTES.to_vec()).unwrap(),
            ),
        };
        tracing::debug!(entry = ?photo, "appending");
        store.append_transcript(conversation.id, &photo).unwrap();
        store.flush().unwrap();
        // The data is there and readable with the key: the scan below is not vacuous.
        assert_eq!(store.transcript(conversation.id).unwrap().len(), 5);
        drop(store);
        let store = Store::open(&data_dir, &key).unwrap();
        assert_eq!(store.transcript(conversation.id).unwrap()[2].1.text, MESSAGE);
    });

    let files = files_under(&data_dir);
    assert!(files.len() >= 3, "sled files and the log were written: {files:?}");
    assert!(std::fs::metadata(data_dir.join("hopenow.log")).unwrap().len() > 0, "the log has lines");
    let found = scan(&data_dir, &canaries());
    assert!(found.is_empty(), "plaintext on disk: {found:?}");
}

#[test]
fn the_scanner_finds_a_canary_where_there_is_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(
        dir.path().join("sub").join("leak"),
        [b"xx".as_slice(), &TELEGRAM_USER.to_le_bytes(), MESSAGE.as_bytes()].concat(),
    )
    .unwrap();
    let found = scan(dir.path(), &canaries());
    let labels: Vec<&str> = found.iter().map(|(label, _)| *label).collect();
    assert_eq!(labels.len(), 2, "{labels:?}");
    assert!(labels.contains(&"telegram user id") && labels.contains(&"message"), "{labels:?}");
}

/// The same through the engine: a visitor writes canaries, staff answer and take notes, the
/// outbox is delivered and acknowledged, all at log level trace. Nothing readable on disk.
#[test]
fn the_engine_leaves_no_canary_in_the_store_or_the_log() {
    use bridge::engine::{Event, IncomingMessage, StaffRoom};
    use bridge::{ManualClock, Timestamp};
    use hopenow_tests::engine::{duty_on, open_engine};

    let (_dir, data_dir, subscriber) = traced_data_dir();

    tracing::subscriber::with_default(subscriber, || {
        let key = MasterKey::generate().unwrap();
        let clock = ManualClock::at(Timestamp(1_790_000_000_000));
        let engine = open_engine(&data_dir, &key, Arc::new(clock.clone())).unwrap();
        let telegram = PlatformAddress::Telegram { user_id: TELEGRAM_USER, chat_id: TELEGRAM_CHAT };
        let matrix = PlatformAddress::Matrix { user_id: MATRIX_USER.into(), room_id: Some(MATRIX_ROOM.into()) };
        let mut events = vec![duty_on("grace")];
        for (from, text) in [(&telegram, MESSAGE), (&telegram, FIRST_NAME), (&matrix, USERNAME)] {
            events.push(Event::VisitorMessage {
                from: from.clone(),
                message: IncomingMessage::text(text),
                dedupe: None,
            });
        }
        for handled in engine.handle_batch(&events).unwrap() {
            tracing::trace!(?handled, "handled");
        }
        let conversation = engine.store().find_visitor(&telegram.account()).unwrap().unwrap().conversation.unwrap();
        let room = StaffRoom::Conversation(conversation);
        for text in [
            format!("Hello {FIRST_NAME}"),
            format!("!note says her boss is {USERNAME}"),
            "!refer doctor consent=yes".into(),
        ] {
            let event =
                Event::StaffText { from: "@grace:hopenow.test".into(), room, text, attachment: None, dedupe: None };
            tracing::trace!(handled = ?engine.handle(event).unwrap(), "handled");
        }
        clock.advance_minutes(30);
        engine.handle(Event::Tick).unwrap();
        engine.flush().unwrap();
        // Deliver everything, as a connector would, so acks and retries are exercised too.
        let mut delivered = 0;
        loop {
            let due = engine.due(100).unwrap();
            if due.is_empty() {
                break;
            }
            for entry in due {
                tracing::debug!(?entry, "delivering");
                hopenow_tests::engine::ack(&engine, &entry).unwrap();
                delivered += 1;
            }
        }
        engine.flush().unwrap();
        assert!(delivered >= 10, "the outbox carried the conversation ({delivered} entries)");
        let stored = engine.store().transcript(conversation).unwrap();
        assert!(stored.iter().any(|(_, e)| e.text == MESSAGE), "the words are kept, sealed");
    });

    assert!(std::fs::metadata(data_dir.join("hopenow.log")).unwrap().len() > 0, "the log has lines");
    let found = scan(&data_dir, &canaries());
    assert!(found.is_empty(), "plaintext on disk: {found:?}");
}
