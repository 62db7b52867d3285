//! Who may read and write in the staff rooms: cross-signed devices of roster members, nobody else.
//!
//! The SDK enforces the cryptographic half (see [`super::session`]): room keys go only to devices
//! their owner cross-signed, and only what such a device sent is decrypted. This module does the
//! rest: it tells a room once why a message had no effect, removes anyone not on the roster from
//! a conversation room before the bot posts there again, and warns the duty room when a new
//! session appears on the bot's own account (someone who knows its password).

use std::collections::HashSet;
use std::sync::Mutex;

use bridge::engine::Event;
use bridge::i18n::Arg;
use futures::StreamExt;
use matrix_sdk::deserialized_responses::{TimelineEventKind, UnableToDecryptReason};
use matrix_sdk::encryption::identities::Device;
use matrix_sdk::event_handler::RawEvent;
use matrix_sdk::ruma::events::room::encrypted::OriginalSyncRoomEncryptedEvent;
use matrix_sdk::ruma::events::room::member::{MembershipState, OriginalSyncRoomMemberEvent};
use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;
use matrix_sdk::ruma::events::{AnySyncMessageLikeEvent, AnySyncTimelineEvent, SyncMessageLikeEvent};
use matrix_sdk::ruma::serde::Raw;
use matrix_sdk::ruma::{OwnedDeviceId, OwnedRoomId, OwnedUserId, UserId};
use matrix_sdk::{Client, Room, RoomMemberships};

use super::Matrix;

/// What a room has been told already in this process, so that it is told once.
#[derive(Default)]
pub struct Told(Mutex<HashSet<(OwnedRoomId, OwnedUserId, &'static str)>>);

impl Told {
    /// True the first time for this room, account and notice.
    fn first(&self, room: &Room, user: &UserId, notice: &'static str) -> bool {
        match self.0.lock() {
            Ok(mut told) => told.insert((room.room_id().to_owned(), user.to_owned(), notice)),
            Err(_) => false,
        }
    }
}

/// Whether `user` is on the roster (the bot itself is not).
pub fn on_roster(matrix: &Matrix, user: &UserId) -> bool {
    matrix.engine.roster().by_matrix_user(user.as_str()).is_some()
}

fn is_staff_room(matrix: &Matrix, room: &Room) -> bool {
    room.room_id() == matrix.duty_room
        || matrix.is_peer_desk(room.room_id())
        || matrix.rooms.conversation_of(room.room_id()).is_some()
}


/// A staff room is told once that what `sender` wrote had no effect: they are not on the roster.
pub async fn not_on_roster(matrix: &Matrix, room: &Room, sender: &UserId) {
    tracing::warn!("ignored a message from an account not on the roster in a staff room");
    if matrix.told.first(room, sender, "not-on-roster") {
        let text = matrix.engine.staff_text_for(sender.as_str(), "room-not-relayed-not-on-roster", &[]);
        let _ = room.send(RoomMessageEventContent::notice_plain(text)).await;
    }
}

/// An encrypted event the SDK would not decrypt. When the bot only learned of a cross-signed
/// device after its key arrived, the event is decrypted again and handled after all (a staff
/// message, or a Matrix visitor's). When the sending device is not cross-signed, it has no
/// effect, and a staff room is told once (in a visitor's chat nothing the bot says could be read).
pub async fn undecryptable(
    matrix: &Matrix,
    room: &Room,
    event: &OriginalSyncRoomEncryptedEvent,
    raw: RawEvent,
) -> Option<Event> {
    if matrix.client.user_id() == Some(&*event.sender) {
        return None;
    }
    let raw: Raw<OriginalSyncRoomEncryptedEvent> = Raw::from_json(raw.0);
    let untrusted = match decrypt(matrix, room, &raw).await {
        Ok(decrypted) => return decrypted,
        Err(reason) => matches!(reason, Some(UnableToDecryptReason::SenderIdentityNotTrusted(_))),
    };
    if !untrusted {
        return None;
    }
    // The key may have come before the bot knew the device: ask the homeserver, then try again.
    let _ = matrix.client.encryption().request_user_identity(&event.sender).await;
    match decrypt(matrix, room, &raw).await {
        Ok(decrypted) => decrypted,
        Err(Some(UnableToDecryptReason::SenderIdentityNotTrusted(_))) => {
            if !is_staff_room(matrix, room) {
                tracing::info!("a message from a device that is not cross-signed in a visitor's chat had no effect");
                return None;
            }
            if !on_roster(matrix, &event.sender) {
                not_on_roster(matrix, room, &event.sender).await;
                return None;
            }
            tracing::warn!("refused a message from a device that is not cross-signed");
            if matrix.told.first(room, &event.sender, "unverified-device") {
                let staff = matrix
                    .engine
                    .roster()
                    .by_matrix_user(event.sender.as_str())
                    .map(|member| member.id.to_string())
                    .unwrap_or_default();
                let text = matrix.engine.staff_text_for(
                    event.sender.as_str(),
                    "room-not-relayed-unverified-device",
                    &[("staff", Arg::from(staff.as_str()))],
                );
                let _ = room.send(RoomMessageEventContent::notice_plain(text)).await;
            }
            None
        }
        Err(_) => None,
    }
}

/// The event decrypted and read as a staff message (`Ok(None)`: not a message), or why not.
async fn decrypt(
    matrix: &Matrix,
    room: &Room,
    raw: &Raw<OriginalSyncRoomEncryptedEvent>,
) -> Result<Option<Event>, Option<UnableToDecryptReason>> {
    let timeline = room.decrypt_event(raw, None).await.map_err(|_| None)?;
    let encryption = match &timeline.kind {
        TimelineEventKind::Decrypted(decrypted) => Some((*decrypted.encryption_info).clone()),
        TimelineEventKind::UnableToDecrypt { utd_info, .. } => return Err(Some(utd_info.reason.clone())),
        TimelineEventKind::PlainText { .. } => return Err(None),
    };
    let Ok(AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::RoomMessage(SyncMessageLikeEvent::Original(
        message,
    )))) = timeline.raw().deserialize()
    else {
        return Ok(None);
    };
    Ok(super::sync::staff_event(matrix, room, message, encryption, true).await)
}

/// Someone was invited into, joined or knocked on a conversation room: anyone not on the
/// roster is removed at once, and the room is told why. (The duty room and the peer worker's
/// desk are the team's own rooms, made by staff: the bot has no power to remove anyone there.)
pub async fn member_changed(matrix: &Matrix, room: &Room, event: &OriginalSyncRoomMemberEvent) {
    let present =
        matches!(event.content.membership, MembershipState::Invite | MembershipState::Join | MembershipState::Knock);
    if !present || matrix.rooms.conversation_of(room.room_id()).is_none() {
        return;
    }
    if is_team(matrix, &event.state_key) {
        return;
    }
    remove(matrix, room, &event.state_key).await;
}

/// Whether the bot may post in this conversation room: nobody but the bot and the roster is a
/// member or invited (room keys go to invited members too). Anyone else is removed first, and
/// the post waits until the bot's view of the room shows them gone.
pub async fn only_team(matrix: &Matrix, room: &Room) -> bool {
    let Ok(members) = room.members(RoomMemberships::JOIN | RoomMemberships::INVITE | RoomMemberships::KNOCK).await
    else {
        return false;
    };
    let strangers: Vec<OwnedUserId> =
        members.iter().map(|m| m.user_id().to_owned()).filter(|user| !is_team(matrix, user)).collect();
    for user in &strangers {
        remove(matrix, room, user).await;
    }
    strangers.is_empty()
}

fn is_team(matrix: &Matrix, user: &UserId) -> bool {
    matrix.client.user_id() == Some(user) || on_roster(matrix, user)
}

async fn remove(matrix: &Matrix, room: &Room, user: &UserId) {
    match room.kick_user(user, Some("not on the team's roster")).await {
        Ok(()) => {
            tracing::warn!("removed an account not on the roster from a conversation room");
            if matrix.told.first(room, user, "removed") {
                let own = matrix.client.user_id().map(|u| u.as_str().to_owned()).unwrap_or_default();
                let text = matrix.engine.staff_text_for(&own, "room-stranger-removed", &[]);
                let _ = room.send(RoomMessageEventContent::notice_plain(text)).await;
            }
        }
        Err(error) => {
            tracing::warn!(error = %super::describe(&error), "could not remove an account not on the roster")
        }
    }
}

/// Warns the duty room of every other session on the bot's own account: one already there at
/// start, and each new one as the homeserver reports it. The bridge runs as exactly one device.
pub async fn watch_own_devices(matrix: Matrix) {
    let (Some(own), Some(this)) = (matrix.client.user_id().map(ToOwned::to_owned), matrix.client.device_id()) else {
        return;
    };
    let this = this.to_owned();
    let Ok(stream) = matrix.client.encryption().devices_stream().await else {
        tracing::warn!("cannot watch the bot's own sessions");
        return;
    };
    let mut warned: HashSet<OwnedDeviceId> = HashSet::new();
    if let Ok(devices) = matrix.client.encryption().get_user_devices(&own).await {
        for device in devices.devices() {
            warn_of_device(&matrix, &this, &device, &mut warned).await;
        }
    }
    let mut stream = std::pin::pin!(stream);
    while let Some(updates) = stream.next().await {
        for device in updates.new.get(&own).into_iter().flat_map(|devices| devices.values()) {
            warn_of_device(&matrix, &this, device, &mut warned).await;
        }
    }
}

async fn warn_of_device(matrix: &Matrix, this: &OwnedDeviceId, device: &Device, warned: &mut HashSet<OwnedDeviceId>) {
    if device.device_id() == this || !warned.insert(device.device_id().to_owned()) {
        return;
    }
    tracing::warn!(verified = device.is_cross_signed_by_owner(), "another session signed in to the bot's account");
    let Some(room) = matrix.client.get_room(&matrix.duty_room) else { return };
    let own = device.user_id().as_str();
    let text = matrix.engine.staff_text_for(
        own,
        "duty-bot-new-session",
        &[("device", Arg::from(device.device_id().as_str()))],
    );
    let _ = room.send(RoomMessageEventContent::notice_plain(text)).await;
}

/// Each of `users`' sessions that its owner has not cross-signed, as the homeserver has them now;
/// a user without cross-signing is listed even when they have no session yet.
pub async fn unverified_sessions(client: &Client, users: &[OwnedUserId]) -> Vec<(OwnedUserId, Vec<OwnedDeviceId>)> {
    let mut found = Vec::new();
    for user in users {
        let identity = client.encryption().request_user_identity(user).await.ok().flatten();
        let Ok(devices) = client.encryption().get_user_devices(user).await else { continue };
        let unverified: Vec<OwnedDeviceId> =
            devices.devices().filter(|d| !d.is_cross_signed_by_owner()).map(|d| d.device_id().to_owned()).collect();
        if identity.is_none() || !unverified.is_empty() {
            found.push((user.clone(), unverified));
        }
    }
    found
}
