//! A forgotten room's Megolm sessions, deleted from matrix-sdk's crypto store behind its back.
//!
//! matrix-sdk 0.18 has no call that deletes a room's room keys, so the bridge opens the crypto
//! database itself (matrix-sdk-sqlite 0.18's schema), finds the room's rows the way the store
//! does, by the room id hashed with the store cipher's per-table key (the keys it asked other
//! devices for, by the room named inside their encrypted value), and deletes them with
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
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

/// The crypto database of matrix-sdk-sqlite, in the Matrix store folder.
pub const DATABASE: &str = "matrix-sdk-crypto.sqlite3";

/// Every table of matrix-sdk-sqlite 0.18's crypto store with a row per room, in a `room_id`
/// column hashed with the table's name as the key. `key_requests` names its room only inside
/// the encrypted value ([`delete_key_requests`]). Sessions with devices (`session`), device keys,
/// identities and secrets are not per room.
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

    // Immediate: the write lock is taken (or waited for) up front, so a write of matrix-sdk's
    // between this transaction's first read and its first delete cannot fail it.
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut deleted = 0;
    for table in ROOM_TABLES {
        // A table a later schema version brings (the client migrates before this runs).
        if !table_exists(&transaction, table)? {
            continue;
        }
        for room in rooms {
            let hashed = cipher.hash_key(table, room.as_str().as_bytes());
            deleted += transaction.execute(&format!("DELETE FROM \"{table}\" WHERE room_id = ?1"), [&hashed[..]])?;
        }
    }
    if table_exists(&transaction, "key_requests")? {
        deleted += delete_key_requests(&transaction, &cipher, rooms)?;
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

fn table_exists(transaction: &rusqlite::Transaction<'_>, table: &str) -> Result<bool, rusqlite::Error> {
    transaction.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
        [table],
        |row| row.get(0),
    )
}

/// The keys the bot asked other devices for in `rooms` (after it could not decrypt there): the
/// table is keyed by request id, the room is named only inside the encrypted value, so each one
/// is opened with the cipher. One that does not open is left alone.
fn delete_key_requests(
    transaction: &rusqlite::Transaction<'_>,
    cipher: &StoreCipher,
    rooms: &[OwnedRoomId],
) -> Result<usize, WipeError> {
    let mut of_rooms: Vec<Vec<u8>> = Vec::new();
    {
        let mut statement = transaction.prepare("SELECT request_id, data FROM key_requests")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let (id, data): (Vec<u8>, Vec<u8>) = (row.get(0)?, row.get(1)?);
            let Some(plain) = open_value(cipher, &data) else { continue };
            if rooms.iter().any(|room| contains(&plain, room.as_str().as_bytes())) {
                of_rooms.push(id);
            }
        }
    }
    let mut deleted = 0;
    for id in &of_rooms {
        deleted += transaction.execute("DELETE FROM key_requests WHERE request_id = ?1", [id])?;
    }
    Ok(deleted)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// A value as matrix-sdk-sqlite stores it (its `EncryptedValue` in MessagePack), decrypted. The
/// plaintext is itself MessagePack, where strings (room ids) stand as they are.
fn open_value(cipher: &StoreCipher, data: &[u8]) -> Option<Vec<u8>> {
    let mut reader = MessagePack { bytes: data, at: 0 };
    let (mut version, mut ciphertext, mut nonce) = (None, None, None);
    for _ in 0..reader.map_len()? {
        match reader.str()? {
            "version" => version = Some(reader.uint()?),
            "ciphertext" => ciphertext = Some(reader.byte_array()?),
            "nonce" => nonce = Some(reader.byte_array()?),
            _ => return None,
        }
    }
    // The one public way to build the cipher's value from its parts: its serde form in JSON.
    let json = serde_json::json!({ "version": version?, "ciphertext": ciphertext?, "nonce": nonce? });
    let value = serde_json::from_value(json).ok()?;
    cipher.decrypt_value_data(value).ok()
}

/// Just enough of a MessagePack reader for `EncryptedValue` (rmp-serde's named encoding).
struct MessagePack<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> MessagePack<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let taken = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(taken)
    }

    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn be(&mut self, n: usize) -> Option<u64> {
        Some(self.take(n)?.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
    }

    fn uint(&mut self) -> Option<u64> {
        match self.byte()? {
            b @ 0x00..=0x7f => Some(u64::from(b)),
            0xcc => self.be(1),
            0xcd => self.be(2),
            0xce => self.be(4),
            0xcf => self.be(8),
            _ => None,
        }
    }

    fn map_len(&mut self) -> Option<u64> {
        match self.byte()? {
            b @ 0x80..=0x8f => Some(u64::from(b & 0x0f)),
            0xde => self.be(2),
            0xdf => self.be(4),
            _ => None,
        }
    }

    fn str(&mut self) -> Option<&'a str> {
        let len = match self.byte()? {
            b @ 0xa0..=0xbf => u64::from(b & 0x1f),
            0xd9 => self.be(1)?,
            0xda => self.be(2)?,
            0xdb => self.be(4)?,
            _ => return None,
        };
        std::str::from_utf8(self.take(usize::try_from(len).ok()?)?).ok()
    }

    /// Bytes as serde writes a `Vec<u8>` or `[u8; N]` (an array of integers), or as `bin`.
    fn byte_array(&mut self) -> Option<Vec<u8>> {
        let (len, bin) = match self.byte()? {
            b @ 0x90..=0x9f => (u64::from(b & 0x0f), false),
            0xdc => (self.be(2)?, false),
            0xdd => (self.be(4)?, false),
            0xc4 => (self.be(1)?, true),
            0xc5 => (self.be(2)?, true),
            0xc6 => (self.be(4)?, true),
            _ => return None,
        };
        if bin {
            return self.take(usize::try_from(len).ok()?).map(<[u8]>::to_vec);
        }
        (0..len).map(|_| self.uint().and_then(|n| u8::try_from(n).ok())).collect()
    }
}

/// Where a crash test stops the wipe (see `tests::a_kill_anywhere_in_the_wipe_…`).
#[cfg(test)]
type Pause = Box<dyn Fn(&str) + Send + Sync>;
#[cfg(test)]
static PAUSE: std::sync::OnceLock<Pause> = std::sync::OnceLock::new();

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

    /// A key request written by matrix-sdk's own crypto store is found by its room, inside the
    /// encrypted value, and deleted; another room's stays.
    #[tokio::test(flavor = "multi_thread")]
    async fn the_rooms_key_requests_written_by_matrix_sdk_go() {
        use matrix_sdk::ruma::{OwnedTransactionId, OwnedUserId};
        use matrix_sdk_base::crypto::store::CryptoStore;
        use matrix_sdk_base::crypto::store::types::Changes;
        use matrix_sdk_base::crypto::types::events::room_key_request::{MegolmV1AesSha2Content, SupportedKeyInfo};
        use matrix_sdk_base::crypto::{GossipRequest, SecretInfo};

        let dir = tempfile::tempdir().unwrap();
        let key = [5u8; 32];
        let store = matrix_sdk::SqliteCryptoStore::open_with_key(dir.path(), Some(&key)).await.unwrap();
        let request = |room: &str, id: &str| GossipRequest {
            request_recipient: OwnedUserId::try_from("@bot:example.org").unwrap(),
            request_id: OwnedTransactionId::from(id),
            info: SecretInfo::KeyRequest(SupportedKeyInfo::MegolmV1AesSha2(MegolmV1AesSha2Content {
                room_id: room.try_into().unwrap(),
                sender_key: None,
                session_id: format!("SESSION-OF-{id}"),
            })),
            sent_out: true,
        };
        let changes = Changes {
            key_requests: vec![request("!gone:example.org", "r1"), request("!kept:example.org", "r2")],
            ..Changes::default()
        };
        store.save_changes(changes).await.unwrap();
        let count = || {
            let connection = Connection::open(dir.path().join(DATABASE)).unwrap();
            connection.query_row("SELECT COUNT(*) FROM key_requests", [], |r| r.get::<_, i64>(0)).unwrap()
        };
        assert_eq!(count(), 2);
        let deleted = tokio::task::block_in_place(|| forget_rooms(dir.path(), &key, &[room("!gone:example.org")]));
        assert_eq!(deleted.unwrap(), 1);
        assert_eq!(count(), 1);
        let kept = store.get_outgoing_secret_requests(&OwnedTransactionId::from("r2")).await.unwrap();
        assert!(kept.is_some(), "matrix-sdk still reads the other room's request");
        let gone = store.get_outgoing_secret_requests(&OwnedTransactionId::from("r1")).await.unwrap();
        assert!(gone.is_none());
    }
}
