//! What matrix-sdk's sqlite store keeps of a forgotten room, wiped from its files.
//!
//! `Room::forget` deletes the room's rows from the state store, but sqlite leaves their old
//! pages in the write-ahead log (and, built without `SECURE_DELETE`, in the free pages of the
//! database itself) until something overwrites them. So once a room has been forgotten, the next
//! maintenance empties the event cache (in matrix-sdk 0.18, forgetting a room unlinks its cached
//! events but keeps them) and rewrites the state, event cache and media databases with `VACUUM`,
//! which copies only live rows into fresh pages and then truncates the write-ahead log.
//!
//! The crypto store keeps the room's Megolm sessions (and its other per-room rows), which
//! matrix-sdk 0.18 has no call to delete: [`super::megolm`] deletes them from the database
//! directly and rewrites it too. Which rooms that is, is kept sealed in the bridge's store from
//! before the room is forgotten until that is done; a room still mapped to a conversation waits
//! for the next run, and the duty room and any room the bot is still in are never wiped.

use std::time::Duration;

use bridge::{Store, StoreError};
use matrix_sdk::Client;
use matrix_sdk::RoomState;
use matrix_sdk::ruma::api::error::ErrorKind;
use matrix_sdk::ruma::{OwnedRoomId, RoomId};
use matrix_sdk::store::RoomLoadSettings;
use std::sync::Arc;
use tokio::sync::watch;

use super::Matrix;

/// Set (sealed, durable) when a room was forgotten and its pages are not wiped yet: a crash in
/// between still wipes them at the next start. The value lists the rooms, one id a line (an
/// older version wrote "1": a wipe without rooms to delete Megolm sessions of).
const PENDING: &str = "matrix.wipe-pending";
/// How often the pending wipe is looked for, after the one at start.
const EVERY: Duration = Duration::from_secs(3600);

/// Why a maintenance run stopped; it is tried again later.
#[derive(Debug, thiserror::Error)]
pub enum MaintainError {
    #[error("{}", super::describe(.0))]
    Matrix(#[from] matrix_sdk::Error),
    #[error(transparent)]
    Crypto(#[from] super::megolm::WipeError),
}

/// `room` is about to be forgotten: the next maintenance wipes the store, and the room's
/// Megolm sessions with it.
pub fn wipe_later(store: &Store, room: &RoomId) -> Result<(), StoreError> {
    remember(store, std::slice::from_ref(&room.to_owned()))
}

/// The rooms listed for the next wipe.
fn pending(store: &Store) -> Result<Option<Vec<OwnedRoomId>>, StoreError> {
    let listed = store.connector_state(PENDING)?;
    Ok(listed.map(|list| list.lines().filter_map(|line| RoomId::parse(line).ok()).collect()))
}

/// The list is read, changed and written back by the forgetting (delivery) and by maintenance,
/// two tasks: one at a time, or a room added meanwhile could be dropped unwiped.
static LIST: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Adds `rooms` to the list for the next wipe, durably.
fn remember(store: &Store, rooms: &[OwnedRoomId]) -> Result<(), StoreError> {
    let _one_at_a_time = LIST.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut listed = pending(store)?.unwrap_or_default();
    let before = listed.len();
    for room in rooms {
        if !listed.contains(room) {
            listed.push(room.clone());
        }
    }
    if listed.len() == before && before > 0 {
        return Ok(());
    }
    write_list(store, &listed)
}

/// Takes `done` off the list; the list goes when nothing else was added meanwhile.
fn done(store: &Store, done: &[OwnedRoomId]) -> Result<(), StoreError> {
    let _one_at_a_time = LIST.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let left: Vec<OwnedRoomId> =
        pending(store)?.unwrap_or_default().into_iter().filter(|room| !done.contains(room)).collect();
    if left.is_empty() {
        store.remove_connector_state(PENDING)?;
        store.flush()?;
        return Ok(());
    }
    write_list(store, &left)
}

fn write_list(store: &Store, rooms: &[OwnedRoomId]) -> Result<(), StoreError> {
    let value = rooms.iter().map(|id| id.as_str()).collect::<Vec<_>>().join("\n");
    store.set_connector_state(PENDING, &value)?;
    store.flush()?;
    Ok(())
}

/// A room whose Megolm sessions must stay: the duty room, the desk, or one the bot is still in.
fn in_use(matrix: &Matrix, room: &RoomId) -> bool {
    room == matrix.duty_room
        || matrix.is_peer_desk(room)
        || matrix.client.get_room(room).is_some_and(|r| !matches!(r.state(), RoomState::Left | RoomState::Banned))
}

/// Wipes what forgotten rooms left in the store, if a room was forgotten since the last time
/// (or came back as "left"). Returns whether it did.
pub async fn run(matrix: &Matrix) -> Result<bool, MaintainError> {
    let store = matrix.engine.store();
    let listed = pending(store).map_err(super::rooms::store_error)?;
    // The homeserver always sends one's own leave with the next sync, and the SDK may then file
    // a room forgotten a moment before as "left" again (in its store, and maybe in memory):
    // every left room the bridge no longer maps is forgotten (again) here.
    let mut stale: Vec<OwnedRoomId> = Vec::new();
    for info in
        matrix.client.state_store().get_room_infos(&RoomLoadSettings::All).await.map_err(matrix_sdk::Error::from)?
    {
        let id = info.room_id();
        let left = |state: RoomState| matches!(state, RoomState::Left | RoomState::Banned);
        if left(info.state())
            && matrix.client.get_room(id).is_none_or(|room| left(room.state()))
            && matrix.rooms.conversation_of(id).is_none()
        {
            stale.push(id.to_owned());
        }
    }
    if listed.is_none() && stale.is_empty() {
        return Ok(false);
    }
    // Listed before they are forgotten: once out of the state store, nothing else names them.
    remember(store, &stale).map_err(super::rooms::store_error)?;
    for id in &stale {
        if let Some(room) = matrix.client.get_room(id) {
            match room.forget().await {
                Ok(()) => {}
                // Forgotten by the homeserver already: only the local part is left to do.
                Err(error)
                    if error.client_api_error_kind().is_some_and(|k| !matches!(k, ErrorKind::LimitExceeded(_))) => {}
                Err(error) => return Err(error.into()),
            }
        }
        drop_local_room(&matrix.client, id).await?;
    }
    // The bridge reads rooms back from the homeserver, never from this cache: all of it goes.
    matrix.client.event_cache().clear_all_rooms().await.map_err(matrix_sdk::Error::from)?;
    // matrix-sdk hides this call from its docs as a performance experiment; here it is the
    // point: VACUUM is what leaves no freed page behind.
    matrix.client.optimize_stores().await?;
    // A room still mapped to a conversation is being forgotten (the mapping goes last): it
    // stays listed for the run after that. One in use is never wiped and leaves the list.
    let settled: Vec<OwnedRoomId> = pending(store)
        .map_err(super::rooms::store_error)?
        .unwrap_or_default()
        .into_iter()
        .filter(|room| matrix.rooms.conversation_of(room).is_none())
        .collect();
    let rooms: Vec<OwnedRoomId> = settled.iter().filter(|room| !in_use(matrix, room)).cloned().collect();
    let (engine, dir) = (Arc::clone(&matrix.engine), matrix.store_dir.clone());
    let deleted = tokio::task::spawn_blocking(move || {
        super::megolm::forget_rooms(&dir, engine.store().matrix_store_key().as_bytes(), &rooms)
    })
    .await
    .map_err(|_| MaintainError::Crypto(super::megolm::WipeError::Interrupted))??;
    tracing::debug!(rows = deleted, "deleted a forgotten room's rows from the Matrix crypto store");
    done(store, &settled).map_err(super::rooms::store_error)?;
    tracing::info!("the Matrix store was rewritten after a forgotten room");
    Ok(true)
}

/// Drops a room from the SDK's state store when `Room::forget` could not (the homeserver had
/// forgotten it already, so it stopped before its local part). Its cached events go with the
/// next [`run`].
pub async fn drop_local_room(client: &Client, room: &RoomId) -> Result<(), matrix_sdk::Error> {
    client.state_store().remove_room(room).await.map_err(matrix_sdk::Error::from)
}

/// At start (with the old room markers replaced), then hourly until the bridge stops.
pub async fn periodically(matrix: Matrix, mut shutdown: watch::Receiver<bool>) -> anyhow::Result<()> {
    matrix.rooms.retag(&matrix.client, matrix.engine.store()).await;
    let mut every = tokio::time::interval(EVERY);
    while !*shutdown.borrow() {
        tokio::select! {
            _ = every.tick() => {
                if let Err(error) = run(&matrix).await {
                    tracing::warn!(%error, "could not wipe the Matrix store yet; trying again later");
                }
            }
            _ = shutdown.changed() => {}
        }
    }
    Ok(())
}
