//! Forgetting a shredded conversation's room: everything the bot posted there is redacted (its
//! in-room marker too), the staff are removed, and the bot leaves and forgets the room, on the
//! homeserver and in its own store, so it does not live on with the words the store no longer
//! holds. The freed pages of the store are wiped at the next maintenance ([`super::maintain`]).
//!
//! Idempotent: a retry after a crash halfway pages back again, skips what is already redacted,
//! and goes on. The mapping goes last, so a retry still finds the room.

use bridge::ConversationId;
use matrix_sdk::RoomMemberships;
use matrix_sdk::RoomState;
use matrix_sdk::room::MessagesOptions;
use matrix_sdk::ruma::api::client::membership::forget_room;
use matrix_sdk::ruma::api::error::ErrorKind;
use matrix_sdk::ruma::{OwnedEventId, OwnedTransactionId, UInt};

use super::Matrix;

/// Says why without saying anything about the conversation.
const REASON: &str = "retention";

/// Events the bot sends into a conversation room whose content says something: messages (text,
/// notices, media, all encrypted), the name and topic, which name the pseudonym, and the marker,
/// which the bridge could link to the conversation.
const REDACTED_TYPES: [&str; 6] =
    ["m.room.message", "m.room.encrypted", "m.sticker", "m.room.name", "m.room.topic", super::rooms::MARKER];

/// Performs [`bridge::outbox::Action::ForgetRoom`]. No room mapped: nothing to do.
pub async fn forget_room(matrix: &Matrix, conversation: ConversationId) -> Result<(), matrix_sdk::Error> {
    let Some(room_id) = matrix.rooms.room_of(conversation) else { return Ok(()) };
    if let Some(room) = matrix.client.get_room(&room_id)
        && room.state() == RoomState::Joined
    {
        redact_own(matrix, &room, Some(REASON)).await?;
        remove_staff(matrix, &room).await?;
        room.leave().await?;
    }
    // Recorded before the room leaves the store: a crash after it still wipes the freed pages.
    super::maintain::wipe_later(matrix.engine.store(), &room_id).map_err(super::rooms::store_error)?;
    let local = matrix.client.get_room(&room_id).filter(|r| matches!(r.state(), RoomState::Left | RoomState::Banned));
    let forgot = match &local {
        // Also drops the room from the SDK's state store and event cache.
        Some(room) => room.forget().await,
        None => {
            matrix.client.send(forget_room::v3::Request::new(room_id.clone())).await.map(|_| ()).map_err(Into::into)
        }
    };
    match forgot {
        Ok(()) => {}
        // Already forgotten by the homeserver (a retry), or unknown to it: the same end there,
        // but `Room::forget` stopped before its local part, which is done here.
        Err(error) if error.client_api_error_kind().is_some_and(|k| !is_rate_limit(k)) => {
            if local.is_some() {
                super::maintain::drop_local_room(&matrix.client, &room_id).await?;
            }
        }
        Err(error) => return Err(error),
    }
    matrix.rooms.forget(matrix.engine.store(), conversation).map_err(super::rooms::store_error)?;
    tracing::info!("a shredded conversation's room was redacted and forgotten");
    Ok(())
}

/// Pages back through the whole room and redacts every event of the bot's own that still has
/// content, giving `reason` (seen by the room's members).
pub(super) async fn redact_own(
    matrix: &Matrix,
    room: &matrix_sdk::Room,
    reason: Option<&str>,
) -> Result<usize, matrix_sdk::Error> {
    let own = matrix.client.user_id().map(ToOwned::to_owned);
    let mut options = MessagesOptions::backward();
    options.limit = UInt::from(100u32);
    let mut redacted = 0;
    loop {
        let page = room.messages(options).await?;
        for event in &page.chunk {
            let (Some(event_id), Some(sender)) = (event.event_id(), event.sender()) else { continue };
            if Some(&sender) != own.as_ref() || !needs_redaction(event.raw().json().get()) {
                continue;
            }
            redact(room, &event_id, reason).await?;
            redacted += 1;
        }
        match page.end {
            Some(end) if !page.chunk.is_empty() => {
                options = MessagesOptions::backward().from(end.as_str());
                options.limit = UInt::from(100u32);
            }
            _ => break,
        }
    }
    Ok(redacted)
}

/// A redaction with a transaction id made from the event, so a retry does not redact twice.
/// Already gone, or not the bot's to redact: done as well.
pub(super) async fn redact(
    room: &matrix_sdk::Room,
    event_id: &OwnedEventId,
    reason: Option<&str>,
) -> Result<(), matrix_sdk::Error> {
    let txn = OwnedTransactionId::from(format!("redact-{event_id}"));
    match room.redact(event_id, reason, Some(txn)).await {
        Ok(_) => Ok(()),
        // Already gone, or not the bot's to redact after all.
        Err(error) if is_gone(error.client_api_error_kind()) => Ok(()),
        Err(error) => Err(error.into()),
    }
}

/// Whether an event (as JSON) is of a kind that carries content and still carries it.
fn needs_redaction(json: &str) -> bool {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else { return false };
    let kind = value["type"].as_str().unwrap_or_default();
    let redacted = !value["unsigned"]["redacted_because"].is_null()
        || value["content"].as_object().is_none_or(serde_json::Map::is_empty);
    REDACTED_TYPES.contains(&kind) && !redacted
}

/// Staff joined or invited leave with the bot: nobody keeps the room.
async fn remove_staff(matrix: &Matrix, room: &matrix_sdk::Room) -> Result<(), matrix_sdk::Error> {
    let own = matrix.client.user_id().map(ToOwned::to_owned);
    for member in room.members(RoomMemberships::JOIN | RoomMemberships::INVITE).await? {
        if Some(member.user_id()) == own.as_deref() {
            continue;
        }
        match room.kick_user(member.user_id(), Some(REASON)).await {
            // Left already, or not the bot's to remove.
            Err(error) if is_gone(error.client_api_error_kind()) => {}
            other => other?,
        }
    }
    Ok(())
}

fn is_rate_limit(kind: &ErrorKind) -> bool {
    matches!(kind, ErrorKind::LimitExceeded(_))
}

/// Refusals that mean there is nothing (more) to do here.
fn is_gone(kind: Option<&ErrorKind>) -> bool {
    matches!(kind, Some(ErrorKind::NotFound | ErrorKind::Forbidden))
}

#[cfg(test)]
mod tests {
    use super::needs_redaction;

    #[test]
    fn only_the_bots_content_events_that_still_have_content_are_redacted() {
        assert!(needs_redaction(r#"{"type":"m.room.encrypted","content":{"ciphertext":"x"}}"#));
        assert!(needs_redaction(r#"{"type":"m.room.topic","content":{"topic":"x"}}"#));
        assert!(!needs_redaction(r#"{"type":"m.room.encrypted","content":{},"unsigned":{}}"#));
        assert!(!needs_redaction(
            r#"{"type":"m.room.message","content":{"body":"x"},"unsigned":{"redacted_because":{}}}"#
        ));
        assert!(!needs_redaction(r#"{"type":"m.room.member","content":{"membership":"join"}}"#));
        assert!(!needs_redaction("not json"));
    }
}
