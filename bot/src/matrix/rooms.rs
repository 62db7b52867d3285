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
use matrix_sdk::ruma::{
    OwnedEventId, OwnedRoomId, OwnedTransactionId, OwnedUserId, UserId, api::client::room::create_room::v3::RoomPreset,
};

const PREFIX: &str = "matrix.room.";
/// The state event that marks a room as a conversation's. Room state is not end-to-end
/// encrypted, so it holds a keyed tag of the conversation id, never the id itself: the id is in
/// the logs, and the homeserver's database must not link a room to them.
pub const MARKER: &str = "org.hopenow.conversation";
/// Keeps the marker's tag apart from every other keyed tag of the store.
const MARKER_DOMAIN: &str = "matrix-room-marker";

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
        let room = self.find_or_create(client, store, conversation, name, topic).await?;
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
        let id = self.find_or_create(client, store, conversation, &plan.name, &plan.topic).await?;
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
    /// Only a room the bot made itself is taken: anyone can make a room with a copied marker and
    /// invite the bot as a "direct chat", and adopting it would hand them the conversation.
    async fn find_or_create(
        &self,
        client: &Client,
        store: &Store,
        conversation: ConversationId,
        name: &str,
        topic: &str,
    ) -> Result<OwnedRoomId, matrix_sdk::Error> {
        let tag = marker_tag(store, conversation);
        let own = client.user_id().map(ToOwned::to_owned);
        for room in client.joined_rooms() {
            if own.is_some() && marker_of(&room, own.as_deref()).await.as_deref() == Some(tag.as_str()) {
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
            marker(&tag),
        ];
        let room = client.create_room(request).await?;
        Ok(room.room_id().to_owned())
    }
}

pub(super) fn store_error(error: StoreError) -> matrix_sdk::Error {
    matrix_sdk::Error::UnknownError(Box::new(error))
}

impl Rooms {
    /// Rooms made by an earlier version carry the conversation id itself in their marker: each
    /// mapped room still joined gets the tag instead, and the old marker event is redacted, or
    /// its content would stay in the room's history on the homeserver. Once, at start; a room
    /// that fails now is tried again at the next start.
    pub async fn retag(&self, client: &Client, store: &Store) {
        let mapped: Vec<(ConversationId, OwnedRoomId)> = match self.by_conversation.read() {
            Ok(map) => map.iter().map(|(c, r)| (*c, r.clone())).collect(),
            Err(_) => return,
        };
        let mut retagged = 0usize;
        for (conversation, id) in mapped {
            let Some(room) = client.get_room(&id).filter(|r| r.state() == matrix_sdk::RoomState::Joined) else {
                continue;
            };
            let tag = marker_tag(store, conversation);
            let old = state_json(&room, StateEventType::from(MARKER)).await;
            if old.as_ref().is_some_and(|m| m["content"]["tag"].as_str() == Some(tag.as_str())) {
                continue;
            }
            // Redacted first: the new marker would otherwise carry the old content along as its
            // `prev_content`.
            let old_id = old.as_ref().and_then(|m| m["event_id"].as_str()).and_then(|e| OwnedEventId::try_from(e).ok());
            if let Some(event_id) = old_id
                && let Err(error) = super::forget::redact(&room, &event_id, None).await
            {
                tracing::warn!(error = %super::describe(&error), "could not redact an old room marker yet");
                continue;
            }
            let content = serde_json::json!({ "tag": tag });
            if let Err(error) = room.send_state_event_raw(MARKER, "", content).await {
                tracing::warn!(error = %super::describe(&error), "could not replace an old room marker yet");
                continue;
            }
            retagged += 1;
        }
        if retagged > 0 {
            tracing::info!(rooms = retagged, "old room markers replaced by keyed tags");
        }
    }
}

/// The marker's content: a keyed tag of the conversation id (hex).
pub fn marker_tag(store: &Store, conversation: ConversationId) -> String {
    hex::encode(store.connector_tag(MARKER_DOMAIN, conversation.to_string().as_bytes()))
}

fn marker(tag: &str) -> Raw<AnyInitialStateEvent> {
    let json = serde_json::json!({ "type": MARKER, "state_key": "", "content": { "tag": tag } });
    Raw::new(&json).map(Raw::cast_unchecked).unwrap_or_else(|_| {
        // A fixed JSON object always serializes.
        Raw::from_json(serde_json::value::RawValue::from_string("{}".into()).unwrap_or_default())
    })
}

/// The tag of the room's marker, if the bot both made the room and set the marker.
async fn marker_of(room: &matrix_sdk::Room, own: Option<&UserId>) -> Option<String> {
    let own = own?.as_str();
    let created = state_json(room, StateEventType::RoomCreate).await?;
    let marker = state_json(room, StateEventType::from(MARKER)).await?;
    if created["sender"].as_str() != Some(own) || marker["sender"].as_str() != Some(own) {
        return None;
    }
    marker["content"]["tag"].as_str().map(str::to_owned)
}

/// A state event of the room (empty state key) as JSON.
pub(crate) async fn state_json(room: &matrix_sdk::Room, kind: StateEventType) -> Option<serde_json::Value> {
    let state = room.get_state_event(kind, "").await.ok()??;
    let json = match state {
        RawAnySyncOrStrippedState::Sync(raw) => raw.json().get().to_owned(),
        RawAnySyncOrStrippedState::Stripped(raw) => raw.json().get().to_owned(),
    };
    serde_json::from_str(&json).ok()
}
