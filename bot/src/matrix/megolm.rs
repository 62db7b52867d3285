//! A forgotten room's Megolm sessions, deleted from matrix-sdk's crypto store behind its back.
//!
//! matrix-sdk 0.18 has no call that deletes a room's room keys, so the bridge opens the crypto
//! database itself (matrix-sdk-sqlite 0.18's schema), finds the room's rows the way the store
//! does, by the room id hashed with the store cipher's per-table key, and deletes them with
//! `secure_delete` on. `VACUUM` then rewrites the file from live rows only, and a truncating
//! checkpoint empties the write-ahead log, so no page of the old rows is left in the database,
//! its `-wal` or its `-shm` (which indexes the log and holds no row).
//!
//! Done while the client runs, on a connection of its own, and that is safe:
//! - sqlite in WAL mode takes one writer at a time across connections; the busy timeout waits
//!   for matrix-sdk's writer, and its readers see the new state at their next transaction.
//! - matrix-sdk-crypto 0.18 keeps no inbound group session in memory (its store wrapper caches
//!   Olm sessions, the account and tracked users only), so a deleted session is gone for it too.
//!   It caches outbound sessions, but writes one back only when it shares or sends in that room,
//!   which the bot no longer does in a room it left and forgot.
//! - The deletion is one transaction and `VACUUM` is atomic: a `kill -9` anywhere leaves a
//!   database that opens with every live row. The rooms to wipe stay listed (sealed, in the
//!   bridge's store) until the checkpoint has emptied the log, so the next run does it again.

use std::path::Path;
use std::time::Duration;

use matrix_sdk::ruma::OwnedRoomId;
use matrix_sdk_store_encryption::StoreCipher;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

/// The crypto database of matrix-sdk-sqlite, in the Matrix store folder.
pub const DATABASE: &str = "matrix-sdk-crypto.sqlite3";

/// Every table of matrix-sdk-sqlite 0.18's crypto store with a row per room, in a `room_id`
/// column hashed with the table's name as the key. Sessions with devices (`session`), device
/// keys, identities and secrets are not per room.
const ROOM_TABLES: [&str; 7] = [
    "inbound_group_session",
    "outbound_group_session",
    "direct_withheld_info",
    "room_settings",
    "received_room_key_bundle",
    "room_key_backups_fully_downloaded",
    "rooms_pending_key_bundle",
];

/// How long to wait for matrix-sdk's own connections (a write, a reader holding the log).
const BUSY: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum WipeError {
    #[error("the Matrix crypto store cannot be read or written: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the Matrix crypto store's cipher cannot be opened with the master key's subkey")]
    Cipher,
    #[error("the Matrix crypto store's write-ahead log could not be emptied yet (in use)")]
    LogInUse,
    #[error("the wipe of the Matrix crypto store stopped before its end")]
    Interrupted,
}

/// Deletes every per-room row of `rooms` from the crypto database in `dir` and rewrites it.
/// Returns how many rows went. No database (no device yet): nothing to do.
pub fn forget_rooms(dir: &Path, key: &[u8; 32], rooms: &[OwnedRoomId]) -> Result<usize, WipeError> {
    let path = dir.join(DATABASE);
    if rooms.is_empty() || !path.exists() {
        return Ok(0);
    }
    let mut connection = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    connection.busy_timeout(BUSY)?;
    // Deleted cells are zeroed in their page, not only unlinked: the log never carries them.
    connection.pragma_update(None, "secure_delete", "ON")?;
    let exported: Option<Vec<u8>> =
        connection.query_row("SELECT value FROM kv WHERE key = 'cipher'", [], |row| row.get(0)).optional()?;
    let Some(exported) = exported else { return Ok(0) };
    let cipher = StoreCipher::import_with_key(key, &exported).map_err(|_| WipeError::Cipher)?;

    let transaction = connection.transaction()?;
    let mut deleted = 0;
    for table in ROOM_TABLES {
        // A table a later schema version brings (the client migrates before this runs).
        let exists: bool = transaction.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
            [table],
            |row| row.get(0),
        )?;
        if !exists {
            continue;
        }
        for room in rooms {
            let hashed = cipher.hash_key(table, room.as_str().as_bytes());
            deleted += transaction.execute(&format!("DELETE FROM \"{table}\" WHERE room_id = ?1"), [&hashed[..]])?;
        }
    }
    transaction.commit()?;
    pause("deleted");
    connection.execute_batch("VACUUM")?;
    pause("vacuumed");
    let busy: i64 = connection.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))?;
    if busy != 0 {
        return Err(WipeError::LogInUse);
    }
    Ok(deleted)
}

/// Where a crash test stops the wipe (see `tests::a_kill_anywhere_in_the_wipe_…`).
#[cfg(test)]
static PAUSE: std::sync::OnceLock<Box<dyn Fn(&str) + Send + Sync>> = std::sync::OnceLock::new();

fn pause(_at: &str) {
    #[cfg(test)]
    if let Some(pause) = PAUSE.get() {
        pause(_at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str = "PRAGMA journal_mode = wal;
        CREATE TABLE kv (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL);
        CREATE TABLE inbound_group_session (session_id BLOB PRIMARY KEY NOT NULL, room_id BLOB NOT NULL,
            backed_up INTEGER NOT NULL, data BLOB NOT NULL);
        CREATE TABLE outbound_group_session (room_id BLOB PRIMARY KEY NOT NULL, data BLOB NOT NULL);";

    fn room(id: &str) -> OwnedRoomId {
        OwnedRoomId::try_from(id).unwrap()
    }

    /// Every file in `dir`, read whole, and whether any holds `needle`.
    fn on_disk(dir: &Path, needle: &[u8]) -> bool {
        std::fs::read_dir(dir).unwrap().any(|entry| {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            bytes.windows(needle.len()).any(|w| w == needle)
        })
    }

    /// A crypto database as matrix-sdk-sqlite keeps it (the tables that matter here), with a
    /// connection left open as matrix-sdk's pool leaves its own, and two rooms' sessions whose
    /// keys are readable markers.
    #[test]
    fn only_the_forgotten_rooms_rows_leave_every_file_and_a_retry_is_harmless() {
        let dir = tempfile::tempdir().unwrap();
        let key = [7u8; 32];
        let cipher = StoreCipher::new().unwrap();
        let sdk = Connection::open(dir.path().join(DATABASE)).unwrap();
        sdk.execute_batch(SCHEMA).unwrap();
        sdk.execute("INSERT INTO kv VALUES ('cipher', ?1)", [cipher.export_with_key(&key).unwrap()]).unwrap();
        let (gone, kept) = (room("!gone:example.org"), room("!kept:example.org"));
        for (name, room) in [("GONE", &gone), ("KEPT", &kept)] {
            for i in 0..50 {
                let session = cipher.hash_key("inbound_group_session", format!("{name}-{i}").as_bytes());
                let by_room = cipher.hash_key("inbound_group_session", room.as_str().as_bytes());
                let data = format!("{name}-SESSION-KEY-{i:03}-").repeat(40);
                sdk.execute(
                    "INSERT INTO inbound_group_session VALUES (?1, ?2, 0, ?3)",
                    (&session[..], &by_room[..], data.as_bytes()),
                )
                .unwrap();
            }
            let by_room = cipher.hash_key("outbound_group_session", room.as_str().as_bytes());
            sdk.execute("INSERT INTO outbound_group_session VALUES (?1, ?2)", (&by_room[..], name.as_bytes())).unwrap();
        }
        let gone_hash = cipher.hash_key("inbound_group_session", gone.as_str().as_bytes());
        assert!(on_disk(dir.path(), b"GONE-SESSION-KEY-") && on_disk(dir.path(), &gone_hash));

        assert_eq!(forget_rooms(dir.path(), &key, std::slice::from_ref(&gone)).unwrap(), 51);
        for needle in [&b"GONE-SESSION-KEY-"[..], &gone_hash] {
            assert!(!on_disk(dir.path(), needle), "with matrix-sdk's connection still open");
        }
        let left: i64 = sdk.query_row("SELECT COUNT(*) FROM inbound_group_session", [], |r| r.get(0)).unwrap();
        assert_eq!(left, 50, "the other room's sessions stay, and the open connection reads them");
        // A retry after a crash (the list of rooms is still there): nothing more to delete.
        assert_eq!(forget_rooms(dir.path(), &key, &[gone, room("!never:example.org")]).unwrap(), 0);
        drop(sdk);
        assert!(!on_disk(dir.path(), b"GONE-SESSION-KEY-") && on_disk(dir.path(), b"KEPT-SESSION-KEY-"));
    }

    #[test]
    fn another_key_deletes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let sdk = Connection::open(dir.path().join(DATABASE)).unwrap();
        sdk.execute_batch(SCHEMA).unwrap();
        let exported = StoreCipher::new().unwrap().export_with_key(&[1u8; 32]).unwrap();
        sdk.execute("INSERT INTO kv VALUES ('cipher', ?1)", [exported]).unwrap();
        let wrong = forget_rooms(dir.path(), &[2u8; 32], &[room("!a:example.org")]);
        assert!(matches!(wrong, Err(WipeError::Cipher)));
        assert_eq!(
            forget_rooms(tempfile::tempdir().unwrap().path(), &[2u8; 32], &[room("!a:example.org")]).unwrap(),
            0
        );
    }

    const DIR: &str = "HOPENOW_MEGOLM_DIR";
    const POINT: &str = "HOPENOW_MEGOLM_POINT";
    const KEY: [u8; 32] = [9u8; 32];
    const ROWS: usize = 4_000;

    /// A crypto database big enough that its `VACUUM` takes a while, with a room to forget
    /// ("GONE" markers) and one to keep; no connection is left open.
    fn big_store(dir: &Path) {
        let cipher = StoreCipher::new().unwrap();
        let mut sdk = Connection::open(dir.join(DATABASE)).unwrap();
        sdk.execute_batch(SCHEMA).unwrap();
        sdk.execute("INSERT INTO kv VALUES ('cipher', ?1)", [cipher.export_with_key(&KEY).unwrap()]).unwrap();
        let transaction = sdk.transaction().unwrap();
        for (name, room) in [("GONE", "!gone:example.org"), ("KEPT", "!kept:example.org")] {
            let by_room = cipher.hash_key("inbound_group_session", room.as_bytes());
            for i in 0..ROWS {
                let session = cipher.hash_key("inbound_group_session", format!("{name}-{i}").as_bytes());
                let data = format!("{name}-SESSION-KEY-{i:05}-").repeat(40);
                transaction
                    .execute(
                        "INSERT INTO inbound_group_session VALUES (?1, ?2, 0, ?3)",
                        (&session[..], &by_room[..], data.as_bytes()),
                    )
                    .unwrap();
            }
        }
        transaction.commit().unwrap();
    }

    /// The process that gets killed: wipes the "GONE" room, saying on stdout where it is and
    /// waiting at the named point.
    #[test]
    #[ignore = "run by a_kill_anywhere_in_the_wipe_leaves_a_store_that_opens_and_a_retry_finishes as a child"]
    fn wipe_child() {
        let dir = std::env::var(DIR).unwrap();
        let point = std::env::var(POINT).unwrap();
        let pause = move |at: &str| {
            println!("at {at}");
            std::io::Write::flush(&mut std::io::stdout()).unwrap();
            if at == point {
                std::thread::sleep(Duration::from_secs(600));
            }
        };
        assert!(PAUSE.set(Box::new(pause)).is_ok());
        println!("at start");
        std::io::Write::flush(&mut std::io::stdout()).unwrap();
        forget_rooms(dir.as_ref(), &KEY, &[room("!gone:example.org")]).unwrap();
        println!("at end");
    }

    /// SIGKILL after the deletion, after the `VACUUM`, and at moments during it: the database
    /// opens whole with every kept row, and the retry (the room is still listed) leaves no byte
    /// of the forgotten room's sessions in any file.
    #[test]
    fn a_kill_anywhere_in_the_wipe_leaves_a_store_that_opens_and_a_retry_finishes() {
        use std::io::BufRead;
        // (point to wait at, line to kill on, then after how many ms)
        let cases = [("deleted", "at deleted", 0), ("vacuumed", "at vacuumed", 0)]
            .into_iter()
            .chain([0u64, 2, 10, 40, 150].map(|ms| ("never", "at deleted", ms)));
        for (point, line_seen, after_ms) in cases {
            let dir = tempfile::tempdir().unwrap();
            big_store(dir.path());
            let mut child = std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "--ignored",
                    "--exact",
                    "matrix::megolm::tests::wipe_child",
                    "--nocapture",
                    "--test-threads",
                    "1",
                ])
                .env(DIR, dir.path())
                .env(POINT, point)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let mut seen = false;
            for line in std::io::BufReader::new(child.stdout.take().unwrap()).lines() {
                if line.unwrap().contains(line_seen) {
                    seen = true;
                    break;
                }
            }
            std::thread::sleep(Duration::from_millis(after_ms));
            child.kill().unwrap(); // SIGKILL: no destructor, no checkpoint.
            child.wait().unwrap();
            assert!(seen, "{point}/{after_ms}: the child reached {line_seen}");

            let check = Connection::open(dir.path().join(DATABASE)).unwrap();
            let ok: String = check.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
            assert_eq!(ok, "ok", "{point}/{after_ms}");
            let kept: i64 = check
                .query_row(
                    "SELECT COUNT(*) FROM inbound_group_session WHERE CAST(data AS TEXT) LIKE 'KEPT-%'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(kept, ROWS as i64, "{point}/{after_ms}: every kept session is there");
            drop(check);
            forget_rooms(dir.path(), &KEY, &[room("!gone:example.org")]).unwrap();
            assert!(!on_disk(dir.path(), b"GONE-SESSION-KEY-"), "{point}/{after_ms}: the retry wipes");
            assert!(on_disk(dir.path(), b"KEPT-SESSION-KEY-"));
        }
    }
}
