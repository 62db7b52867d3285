//! Which Matrix room holds which conversation. Kept sealed in the bridge's store, and marked in
//! each room's own state, so a crash between creating a room and remembering it never leads to
//! a second room for the same conversation.

use std::collections::HashMap;
use std::sync::RwLock;

use bridge::engine::RoomPlan;
use bridge::{ConversationId, Store, StoreError};
use matrix_sdk::Client;
use matrix_sdk::deserialized_responses::RawAnySyncOrStrippedState;
use matrix_sdk::ruma::api::client::room::{Visibility, create_room};
use matrix_sdk::ruma::events::room::encryption::RoomEncryptionEventContent;
use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;
use matrix_sdk::ruma::events::{AnyInitialStateEvent, InitialStateEvent, StateEventType};
use matrix_sdk::ruma::serde::Raw;
use matrix_sdk::ruma::{OwnedRoomId, OwnedTransactionId, OwnedUserId, api::client::room::create_room::v3::RoomPreset};

const PREFIX: &str = "matrix.room.";
/// The state event that names a room's conversation (a random id: it says nothing about anyone).
pub const MARKER: &str = "org.hopenow.conversation";

#[derive(Default)]
pub struct Rooms {
    by_conversation: RwLock<HashMap<ConversationId, OwnedRoomId>>,
    by_room: RwLock<HashMap<OwnedRoomId, ConversationId>>,
}

impl Rooms {
    pub fn load(store: &Store) -> Result<Self, StoreError> {
        let rooms = Rooms::default();
        for (key, room) in store.connector_states(PREFIX)? {
            let (Some(conversation), Ok(room)) = (
                key.strip_prefix(PREFIX).and_then(|id| id.parse::<ConversationId>().ok()),
                OwnedRoomId::try_from(room.as_str()),
            ) else {
                tracing::warn!("skipped an unreadable room mapping");
                continue;
            };
            rooms.insert(conversation, room);
        }
        Ok(rooms)
    }

    fn insert(&self, conversation: ConversationId, room: OwnedRoomId) {
        if let (Ok(mut by_conversation), Ok(mut by_room)) = (self.by_conversation.write(), self.by_room.write()) {
            // A replaced room no longer speaks for the conversation.
            if let Some(old) = by_conversation.insert(conversation, room.clone()) {
                by_room.remove(&old);
            }
            by_room.insert(room, conversation);
        }
    }

    pub fn room_of(&self, conversation: ConversationId) -> Option<OwnedRoomId> {
        self.by_conversation.read().ok()?.get(&conversation).cloned()
    }

    pub fn conversation_of(&self, room: &matrix_sdk::ruma::RoomId) -> Option<ConversationId> {
        self.by_room.read().ok()?.get(room).copied()
    }

    /// Remembers durably, then in memory.
    pub fn remember(&self, store: &Store, conversation: ConversationId, room: OwnedRoomId) -> Result<(), StoreError> {
        store.set_connector_state(&format!("{PREFIX}{conversation}"), room.as_str())?;
        store.flush()?;
        self.insert(conversation, room);
        Ok(())
    }

    /// The conversation's room is gone for good (shredded): durably, then in memory.
    pub fn forget(&self, store: &Store, conversation: ConversationId) -> Result<(), StoreError> {
        store.remove_connector_state(&format!("{PREFIX}{conversation}"))?;
        store.flush()?;
        if let (Ok(mut by_conversation), Ok(mut by_room)) = (self.by_conversation.write(), self.by_room.write())
            && let Some(room) = by_conversation.remove(&conversation)
        {
            by_room.remove(&room);
        }
        Ok(())
    }

    /// The conversation's room: known, found by its marker (a crash after creating it), or new.
    pub async fn ensure(
        &self,
        client: &Client,
        store: &Store,
        conversation: ConversationId,
        name: &str,
        topic: &str,
    ) -> Result<OwnedRoomId, matrix_sdk::Error> {
        if let Some(room) = self.room_of(conversation) {
            return Ok(room);
        }
        let room = self.find_or_create(client, conversation, name, topic).await?;
        self.remember(store, conversation, room.clone()).map_err(store_error)?;
        Ok(room)
    }

    /// A new room for a conversation whose room vanished (deleted by a homeserver admin, or the
    /// bot was removed from it): its staff invited before anything is posted (a message posted
    /// before an invite may stay unreadable to them), told why, and only then remembered — so a
    /// crash halfway finds the same new room by its marker and finishes, never making a third.
    pub async fn replace(
        &self,
        client: &Client,
        store: &Store,
        conversation: ConversationId,
        plan: &RoomPlan,
    ) -> Result<matrix_sdk::Room, matrix_sdk::Error> {
        let id = self.find_or_create(client, conversation, &plan.name, &plan.topic).await?;
        let room = client.get_room(&id).ok_or(matrix_sdk::Error::InsufficientData)?;
        for member in &plan.members {
            let Ok(user) = OwnedUserId::try_from(member.as_str()) else {
                continue;
            };
            if room.get_member_no_sync(&user).await.ok().flatten().is_none() {
                room.invite_user_by_id(&user).await?;
            }
        }
        let txn = OwnedTransactionId::from(format!("replaced-{conversation}-{id}"));
        room.send(RoomMessageEventContent::notice_plain(&plan.notice)).with_transaction_id(txn).await?;
        self.remember(store, conversation, id).map_err(store_error)?;
        tracing::warn!("a conversation room was lost; a new one replaces it and its staff are invited");
        Ok(room)
    }

    /// The joined room carrying this conversation's marker (made before a crash), else a new one.
    async fn find_or_create(
        &self,
        client: &Client,
        conversation: ConversationId,
        name: &str,
        topic: &str,
    ) -> Result<OwnedRoomId, matrix_sdk::Error> {
        for room in client.joined_rooms() {
            if marker_of(&room).await == Some(conversation) {
                return Ok(room.room_id().to_owned());
            }
        }
        let mut request = create_room::v3::Request::new();
        request.name = Some(name.to_owned());
        request.topic = Some(topic.to_owned());
        request.preset = Some(RoomPreset::PrivateChat);
        request.visibility = Visibility::Private;
        request.initial_state = vec![
            InitialStateEvent::with_empty_state_key(RoomEncryptionEventContent::with_recommended_defaults())
                .to_raw_any(),
            marker(conversation),
        ];
        let room = client.create_room(request).await?;
        Ok(room.room_id().to_owned())
    }
}

pub(super) fn store_error(error: StoreError) -> matrix_sdk::Error {
    matrix_sdk::Error::UnknownError(Box::new(error))
}

fn marker(conversation: ConversationId) -> Raw<AnyInitialStateEvent> {
    let json =
        serde_json::json!({ "type": MARKER, "state_key": "", "content": { "conversation": conversation.to_string() } });
    Raw::new(&json).map(Raw::cast_unchecked).unwrap_or_else(|_| {
        // A fixed JSON object always serializes.
        Raw::from_json(serde_json::value::RawValue::from_string("{}".into()).unwrap_or_default())
    })
}

async fn marker_of(room: &matrix_sdk::Room) -> Option<ConversationId> {
    let state = room.get_state_event(StateEventType::from(MARKER), "").await.ok()??;
    let json = match state {
        RawAnySyncOrStrippedState::Sync(raw) => raw.json().get().to_owned(),
        RawAnySyncOrStrippedState::Stripped(raw) => raw.json().get().to_owned(),
    };
    let value: serde_json::Value = serde_json::from_str(&json).ok()?;
    value["content"]["conversation"].as_str()?.parse().ok()
}

/// Test-first stub: the marker's content as this version writes it.
pub fn marker_tag(_store: &Store, conversation: ConversationId) -> String {
    conversation.to_string()
}
