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
    connection.execute_batch("VACUUM")?;
    let busy: i64 = connection.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))?;
    if busy != 0 {
        return Err(WipeError::LogInUse);
    }
    Ok(deleted)
}
