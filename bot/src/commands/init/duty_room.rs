//! The duty room `hopenow init` sets up: one the bot made, found again by a state-event marker
//! (so a run stopped right after making it never makes a second), or one the operator gives.

use anyhow::Context;
use bridge::roster::StaffMember;
use matrix_sdk::ruma::api::client::room::Visibility;
use matrix_sdk::ruma::api::client::room::create_room::v3::{Request as CreateRoom, RoomPreset};
use matrix_sdk::ruma::events::room::encryption::RoomEncryptionEventContent;
use matrix_sdk::ruma::events::room::member::MembershipState;
use matrix_sdk::ruma::events::{InitialStateEvent, StateEventType};
use matrix_sdk::ruma::serde::Raw;
use matrix_sdk::ruma::{OwnedRoomId, OwnedUserId};
use matrix_sdk::{Client, Room};

use crate::matrix::rooms::state_json;

/// The state event marking the duty room the bot made. It says nothing but that.
pub const MARKER: &str = "org.hopenow.duty";
/// The room's name as staff see it in their room list.
const NAME: &str = "HopeNow duty";

/// The duty room, and whether it was made (or joined) now.
pub struct DutyRoom {
    pub room: Room,
    pub made_now: bool,
}

/// The room given by id or alias: joined if the bot is invited; an unencrypted room is refused
/// (the team's notices would cross the homeserver in the clear).
pub async fn existing(client: &Client, given: &str) -> anyhow::Result<DutyRoom> {
    let was_joined = |id: &OwnedRoomId| client.get_room(id).is_some_and(|r| r.state() == matrix_sdk::RoomState::Joined);
    let id = crate::matrix::session::duty_room(client, given)
        .await
        .map_err(|e| anyhow::anyhow!("{e:#} (--duty-room, answers key duty_room)"))?;
    let made_now = !was_joined(&id);
    let room = client.get_room(&id).context("the duty room joined is not known to the client")?;
    let encrypted = room.latest_encryption_state().await.map(|s| s.is_encrypted()).unwrap_or(false);
    if !encrypted {
        anyhow::bail!(
            "the duty room {given} is not end-to-end encrypted: turn encryption on in its settings (Element: \
             Security & Privacy → Encrypted), or leave --duty-room out to let init make one"
        );
    }
    Ok(DutyRoom { room, made_now })
}

/// The room the bot made before (found by its marker), else a new encrypted private room with
/// the staff invited.
pub async fn find_or_make(client: &Client, staff: &[StaffMember]) -> anyhow::Result<DutyRoom> {
    if let Some(room) = find(client).await {
        return Ok(DutyRoom { room, made_now: false });
    }
    let mut request = CreateRoom::new();
    request.name = Some(NAME.to_owned());
    request.preset = Some(RoomPreset::PrivateChat);
    request.visibility = Visibility::Private;
    request.invite = staff_ids(staff);
    request.initial_state = vec![
        InitialStateEvent::with_empty_state_key(RoomEncryptionEventContent::with_recommended_defaults()).to_raw_any(),
        Raw::new(&serde_json::json!({ "type": MARKER, "state_key": "", "content": {} }))?.cast_unchecked(),
    ];
    let room = client
        .create_room(request)
        .await
        .map_err(|e| anyhow::anyhow!("the duty room could not be made: {}", crate::matrix::describe(&e)))?;
    Ok(DutyRoom { room, made_now: true })
}

/// A joined room the bot both made and marked: anyone could copy the marker into a room of
/// their own and invite the bot.
async fn find(client: &Client) -> Option<Room> {
    let own = client.user_id()?.to_owned();
    for room in client.joined_rooms() {
        let (Some(created), Some(marker)) = (
            state_json(&room, StateEventType::RoomCreate).await,
            state_json(&room, StateEventType::from(MARKER)).await,
        ) else {
            continue;
        };
        if created["sender"].as_str() == Some(own.as_str()) && marker["sender"].as_str() == Some(own.as_str()) {
            return Some(room);
        }
    }
    None
}

fn staff_ids(staff: &[StaffMember]) -> Vec<OwnedUserId> {
    staff.iter().filter_map(|m| OwnedUserId::try_from(m.matrix_user.as_str()).ok()).collect()
}

/// Invites every staffer who is neither in the room nor invited; their ids, for the report.
pub async fn invite_staff(room: &Room, staff: &[StaffMember]) -> anyhow::Result<Vec<OwnedUserId>> {
    let mut invited = Vec::new();
    for user in staff_ids(staff) {
        let membership = room.get_member_no_sync(&user).await.ok().flatten().map(|m| m.membership().clone());
        if matches!(membership, Some(MembershipState::Join | MembershipState::Invite)) {
            continue;
        }
        room.invite_user_by_id(&user).await.map_err(|e| {
            anyhow::anyhow!("{user} could not be invited to the duty room: {}", crate::matrix::describe(&e))
        })?;
        invited.push(user);
    }
    Ok(invited)
}
