//! matrix-sdk's sqlite store read as someone who took the disk and the master key would: each
//! database's store cipher opened with the `matrix-store` subkey, and the hashed forms under which
//! the store files ids (rooms, Megolm sessions).

// Test support: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use matrix_sdk_store_encryption::StoreCipher;

pub const STATE: &str = "matrix-sdk-state.sqlite3";
pub const CRYPTO: &str = "matrix-sdk-crypto.sqlite3";
pub const EVENT_CACHE: &str = "matrix-sdk-event-cache.sqlite3";
pub const MEDIA: &str = "matrix-sdk-media.sqlite3";

/// The tables of matrix-sdk-sqlite 0.18 whose keys (hashed per table) can hold a room id, per
/// database.
pub const ROOM_TABLES: [(&str, &[&str]); 4] = [
    (
        STATE,
        &[
            "room_info",
            "state_event",
            "room_account_data",
            "member",
            "profile",
            "receipt",
            "display_name",
            "send_queue_events",
            "dependent_send_queue_events",
            "thread_subscriptions",
        ],
    ),
    (EVENT_CACHE, &["linked_chunks", "events"]),
    (MEDIA, &["media"]),
    (
        CRYPTO,
        &[
            "inbound_group_session",
            "outbound_group_session",
            "direct_withheld_info",
            "room_settings",
            "received_room_key_bundle",
            "room_key_backups_fully_downloaded",
            "rooms_pending_key_bundle",
        ],
    ),
];

/// The cipher a database of the store was opened with.
pub fn cipher(database: &Path, key: &[u8; 32]) -> StoreCipher {
    let connection = rusqlite::Connection::open(database).unwrap();
    let exported: Vec<u8> =
        connection.query_row("SELECT value FROM kv WHERE key = 'cipher'", [], |row| row.get(0)).unwrap();
    StoreCipher::import_with_key(key, &exported).unwrap()
}

/// `value` as each table of `database` files it.
pub fn hashed(dir: &Path, database: &str, tables: &[&str], key: &[u8; 32], value: &[u8]) -> Vec<(String, [u8; 32])> {
    let cipher = cipher(&dir.join(database), key);
    tables.iter().map(|table| ((*table).to_owned(), cipher.hash_key(table, value))).collect()
}

/// Every file of the store (the databases with their -wal and -shm), read whole.
pub fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|entry| {
            let path = entry.unwrap().path();
            path.is_file().then(|| (path.clone(), std::fs::read(&path).unwrap()))
        })
        .collect()
}

/// The files of `files` that hold `needle` somewhere.
pub fn holding<'a>(files: &'a [(PathBuf, Vec<u8>)], needle: &[u8]) -> Vec<&'a Path> {
    files
        .iter()
        .filter(|(_, bytes)| bytes.windows(needle.len()).any(|w| w == needle))
        .map(|(p, _)| p.as_path())
        .collect()
}

/// The room's inbound Megolm sessions as the crypto database holds them: each row's hashed
/// session id and its encrypted pickle (the session key inside).
pub fn inbound_sessions(dir: &Path, key: &[u8; 32], room: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    let by_room = hashed(dir, CRYPTO, &["inbound_group_session"], key, room.as_bytes())[0].1;
    let connection = rusqlite::Connection::open(dir.join(CRYPTO)).unwrap();
    let mut statement =
        connection.prepare("SELECT session_id, data FROM inbound_group_session WHERE room_id = ?1").unwrap();
    statement
        .query_map([by_room.as_slice()], |row| Ok((row.get::<_, Vec<u8>>(0)?, row.get::<_, Vec<u8>>(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}
