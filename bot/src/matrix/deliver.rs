//! The staff side of the outbox: rooms made, staff invited and removed, visitors' messages and
//! the bridge's notices posted, and machine translations posted as replies to what they
//! translate (see [`super::relays`]). Each post carries its outbox idempotency key as the Matrix
//! transaction id, so a retry after a crash does not post twice.

use std::sync::Arc;

use bridge::PlatformAddress;
use bridge::chat::MessageRef;
use bridge::engine::Outcome;
use bridge::outbox::{Action, Failure, OutboxEntry};
use bridge::translation::ReplyTo;
use matrix_sdk::RoomState;
use matrix_sdk::attachment::AttachmentConfig;
use matrix_sdk::ruma::api::error::{ErrorKind, LimitExceededErrorData, RetryAfter};
use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;
use matrix_sdk::ruma::{OwnedEventId, OwnedRoomId, OwnedTransactionId, OwnedUserId};
use tokio::sync::watch;

use super::Matrix;

const ROUND: usize = 32;

/// Whether this connector performs the action: everything for staff rooms, and what goes to
/// visitors on Matrix. Not machine translation, which the translation worker performs.
pub fn is_matrix_side(action: &Action) -> bool {
    !action.lane().is_translation() && matches!(action.visitor_address(), None | Some(PlatformAddress::Matrix { .. }))
}

pub async fn run(matrix: Matrix, shutdown: watch::Receiver<bool>) -> anyhow::Result<()> {
    let (engine, outbox) = (Arc::clone(&matrix.engine), matrix.outbox.clone());
    crate::worker::run(engine, outbox, shutdown, ROUND, is_matrix_side, |entry| {
        let matrix = matrix.clone();
        async move {
            let outcome = match entry.action.visitor_address() {
                Some(_) => to_visitor(&matrix, &entry).await,
                None => match perform(&matrix, &entry).await {
                    Ok(()) => Outcome::Delivered(Vec::new()),
                    Err(failure) => Outcome::Failed(failure),
                },
            };
            (entry, outcome)
        }
    })
    .await
}

async fn perform(matrix: &Matrix, entry: &OutboxEntry) -> Result<(), Failure> {
    let txn = OwnedTransactionId::from(entry.idempotency_key.as_str());
    let result = match &entry.action {
        Action::OpenConversationRoom { conversation, name, topic } => {
            let (client, store) = (&matrix.client, matrix.engine.store());
            matrix.rooms.ensure(client, store, *conversation, name, topic).await.map(|_| ())
        }
        Action::SetRoomTopic { conversation, topic } => {
            room(matrix, *conversation).await?.set_room_topic(topic).await.map(|_| ())
        }
        Action::RenameConversationRoom { conversation, name } => {
            room(matrix, *conversation).await?.set_name(name.clone()).await.map(|_| ())
        }
        Action::InviteStaff { conversation, matrix_user } => {
            let room = room(matrix, *conversation).await?;
            let user = user(matrix_user)?;
            match room.invite_user_by_id(&user).await {
                // Already in the room or invited: what was asked.
                Err(error) if is_forbidden(&error) && room.get_member_no_sync(&user).await.ok().flatten().is_some() => {
                    Ok(())
                }
                other => other,
            }
        }
        Action::RemoveStaff { conversation, matrix_user } => {
            let room = room(matrix, *conversation).await?;
            let user = user(matrix_user)?;
            match room.kick_user(&user, None).await {
                Err(error) if is_forbidden(&error) => Ok(()),
                other => other,
            }
        }
        Action::PostToConversation { conversation, text, attachment, notice } => {
            let room = room(matrix, *conversation).await?;
            // Room keys go to every member and invitee: none may be outside the roster.
            if !super::trust::only_team(matrix, &room).await {
                return Err(Failure::Retry { after_ms: Some(2_000) });
            }
            let posted = match attachment {
                Some(file) => {
                    let mime = file.mime().parse().unwrap_or(mime::APPLICATION_OCTET_STREAM);
                    let config = AttachmentConfig::new().txn_id(txn).caption(Some(
                        matrix_sdk::ruma::events::room::message::TextMessageEventContent::plain(text.clone()),
                    ));
                    room.send_attachment("attachment", &mime, file.bytes().to_vec(), config).await.map(|r| r.event_id)
                }
                None => {
                    let content = if *notice {
                        RoomMessageEventContent::notice_plain(text)
                    } else {
                        RoomMessageEventContent::text_plain(text)
                    };
                    room.send(content).with_transaction_id(txn).await.map(|r| r.response.event_id)
                }
            };
            // A visitor's message: its translation, if one follows, replies to this event.
            if let (Ok(event), Some(seq)) = (&posted, entry.relayed_seq()) {
                matrix.relays.record(*conversation, seq, event.clone());
            }
            posted.map(|_| ())
        }
        Action::PostTranslation { conversation, text, reply_to } => {
            let room = room(matrix, *conversation).await?;
            // The same gate as the original's: the translation is the visitor's words too.
            if !super::trust::only_team(matrix, &room).await {
                return Err(Failure::Retry { after_ms: Some(2_000) });
            }
            let original = match reply_to {
                Some(ReplyTo::Event(id)) => OwnedEventId::try_from(id.as_str()).ok(),
                // Unknown after a restart or once evicted: posted without the link (see
                // `relays`); the text still says it is a machine translation and of what.
                Some(ReplyTo::Relayed(seq)) => matrix.relays.event_of(*conversation, *seq),
                None => None,
            };
            let content = super::relays::translation_content(text, original);
            room.send(content).with_transaction_id(txn).await.map(|_| ())
        }
        Action::ForgetRoom { conversation } => {
            matrix.relays.forget(*conversation);
            super::forget::forget_room(matrix, *conversation).await
        }
        Action::PostToDuty { text } => match matrix.client.get_room(&matrix.duty_room) {
            Some(room) => {
                room.send(RoomMessageEventContent::notice_plain(text)).with_transaction_id(txn).await.map(|_| ())
            }
            None => return Err(Failure::Retry { after_ms: Some(5_000) }),
        },
        Action::PostToPeerDesk { text } => {
            let Some(room) = matrix.peer_desk.as_ref().and_then(|id| matrix.client.get_room(id)) else {
                // Queued while `[peer_desk]` was set, and it is not now (or the room is not
                // known yet): kept, as the duty room's notices are, until the desk is back.
                return Err(Failure::Retry { after_ms: Some(5_000) });
            };
            // Checked at start; a room never loses encryption, this guards a stale view. Who is
            // in the room is the team's to manage, as in the duty room (staff made it; the bot
            // has no power to remove anyone there).
            if !room.encryption_state().is_encrypted() {
                return Err(Failure::Retry { after_ms: Some(5_000) });
            }
            room.send(RoomMessageEventContent::notice_plain(text)).with_transaction_id(txn).await.map(|_| ())
        }
        other => {
            tracing::error!(action = other.name(), "the Matrix worker was handed a visitor action");
            return Err(Failure::Permanent { reason: "not a staff-side action".into() });
        }
    };
    result.map_err(|error| failure_of(&error, entry))
}

/// What goes to a visitor in their direct chat with the bot.
async fn to_visitor(matrix: &Matrix, entry: &OutboxEntry) -> Outcome {
    let Some(PlatformAddress::Matrix { room_id: Some(room_id), .. }) = entry.action.visitor_address() else {
        return Outcome::Failed(Failure::Permanent { reason: "the visitor's chat is not known".into() });
    };
    let Some(room) = OwnedRoomId::try_from(room_id.as_str()).ok().and_then(|id| matrix.client.get_room(&id)) else {
        return Outcome::Failed(Failure::Permanent { reason: "the visitor left their chat with the bot".into() });
    };
    let txn = || OwnedTransactionId::from(entry.idempotency_key.as_str());
    let sent = |response: OwnedEventId| vec![MessageRef(response.to_string())];
    let result = match &entry.action {
        Action::SendToVisitor { text, attachment: Some(file), .. } => {
            let mime = file.mime().parse().unwrap_or(mime::APPLICATION_OCTET_STREAM);
            let caption = matrix_sdk::ruma::events::room::message::TextMessageEventContent::plain(text.clone());
            let config = AttachmentConfig::new().txn_id(txn()).caption(Some(caption));
            room.send_attachment("attachment", &mime, file.bytes().to_vec(), config).await.map(|r| sent(r.event_id))
        }
        // An announcement sent again after a restart carries the same transaction id: the
        // homeserver keeps one, so on Matrix it needs no claim.
        Action::SendToVisitor { text, .. } | Action::Announce { text, .. } => room
            .send(RoomMessageEventContent::text_plain(text))
            .with_transaction_id(txn())
            .await
            .map(|r| sent(r.response.event_id)),
        Action::PromptVisitor { text, choices, .. } => {
            let text = super::visitors::written_choices(text, choices);
            room.send(RoomMessageEventContent::text_plain(text))
                .with_transaction_id(txn())
                .await
                .map(|r| sent(r.response.event_id))
        }
        // Plain text like a prompt; Matrix has no protection to leave off, and no buttons.
        Action::ShareInvitation { text, .. } => room
            .send(RoomMessageEventContent::text_plain(text))
            .with_transaction_id(txn())
            .await
            .map(|r| sent(r.response.event_id)),
        Action::HideChat { .. } | Action::AutoHideChat { .. } => {
            let action = entry.action.clone();
            let logged =
                match crate::worker::blocking(&matrix.engine, move |engine| engine.messages_to_hide(&action)).await {
                    Ok(logged) => logged,
                    Err(_) => return Outcome::Failed(Failure::Retry { after_ms: None }),
                };
            // Only once every message is redacted do they leave the log: a failed redaction is
            // retried with all of them (each has its own transaction id, so none is redacted twice).
            return match redact(&room, logged.iter().map(|m| &m.reference)).await {
                Ok(()) => Outcome::Hidden(logged),
                Err(error) => Outcome::Failed(failure_of(&error, entry)),
            };
        }
        Action::DeleteVisitorMessages { messages, .. } => redact(&room, messages.iter()).await.map(|()| Vec::new()),
        // No reason given: the visitor's app would show it under each deleted message.
        Action::ForgetVisitorChat { .. } => super::forget::redact_own(matrix, &room, None).await.map(|_| Vec::new()),
        Action::SendVoice { language, .. } => match matrix.voices.get(language) {
            Some(recording) => {
                let config = AttachmentConfig::new().txn_id(txn());
                let ogg: mime::Mime = "audio/ogg".parse().unwrap_or(mime::APPLICATION_OCTET_STREAM);
                room.send_attachment("voice.ogg", &ogg, recording.to_vec(), config).await.map(|r| sent(r.event_id))
            }
            // The recording was taken out of the config since: nothing to send.
            None => Ok(Vec::new()),
        },
        _ => return Outcome::Failed(Failure::Permanent { reason: "not a visitor action".into() }),
    };
    match result {
        Ok(messages) => Outcome::Delivered(messages),
        Err(error) => Outcome::Failed(failure_of(&error, entry)),
    }
}

/// Redacts what the bot may redact: its own messages, and the visitor's where the room lets it.
/// A message already gone, or not the bot's to redact, counts as done; anything else stops here.
async fn redact<'a>(
    room: &matrix_sdk::Room,
    messages: impl Iterator<Item = &'a MessageRef>,
) -> Result<(), matrix_sdk::Error> {
    for message in messages {
        if let Ok(event_id) = OwnedEventId::try_from(message.0.as_str()) {
            super::forget::redact(room, &event_id, None).await?;
        }
    }
    Ok(())
}

/// The conversation's room, made again if it vanished.
async fn room(matrix: &Matrix, conversation: bridge::ConversationId) -> Result<matrix_sdk::Room, Failure> {
    let id: OwnedRoomId = matrix
        .rooms
        .room_of(conversation)
        // The room is made by an earlier action of the same lane, which has not run yet.
        .ok_or(Failure::Retry { after_ms: Some(2_000) })?;
    match matrix.client.get_room(&id) {
        Some(room) if room.state() == RoomState::Joined => Ok(room),
        // Left, banned, or unknown to the client: messages posted there would reach nobody.
        _ => replace_room(matrix, conversation).await,
    }
}

async fn replace_room(matrix: &Matrix, conversation: bridge::ConversationId) -> Result<matrix_sdk::Room, Failure> {
    let plan = crate::worker::blocking(&matrix.engine, move |engine| engine.room_plan(conversation))
        .await
        .map_err(|_| Failure::Retry { after_ms: None })?
        .ok_or_else(|| Failure::Permanent { reason: "the conversation no longer exists".into() })?;
    matrix.rooms.replace(&matrix.client, matrix.engine.store(), conversation, &plan).await.map_err(|error| {
        tracing::warn!(error = %super::describe(&error), "a lost conversation room could not be made again yet");
        Failure::Retry { after_ms: Some(5_000) }
    })
}

fn user(matrix_user: &str) -> Result<OwnedUserId, Failure> {
    OwnedUserId::try_from(matrix_user)
        .map_err(|_| Failure::Permanent { reason: "a roster Matrix id is not valid; fix [[staff]] matrix_user".into() })
}

fn is_forbidden(error: &matrix_sdk::Error) -> bool {
    matches!(error.client_api_error_kind(), Some(ErrorKind::Forbidden))
}

fn failure_of(error: &matrix_sdk::Error, entry: &OutboxEntry) -> Failure {
    let failure = match error.client_api_error_kind() {
        Some(ErrorKind::LimitExceeded(LimitExceededErrorData { retry_after, .. })) => Failure::Retry {
            after_ms: retry_after.as_ref().map(|r| match r {
                RetryAfter::Delay(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
                RetryAfter::DateTime(_) => 5_000,
            }),
        },
        // The bot may have just been removed from the room; the next sync says so and the room
        // is made again.
        Some(ErrorKind::Forbidden) if entry.attempts < 5 => Failure::Retry { after_ms: Some(2_000) },
        Some(ErrorKind::Forbidden) => Failure::Permanent { reason: "the homeserver refused it (forbidden)".into() },
        Some(_) if entry.attempts >= 20 => Failure::Permanent { reason: super::describe(error) },
        _ => Failure::Retry { after_ms: None },
    };
    tracing::warn!(action = entry.action.name(), attempts = entry.attempts, error = %super::describe(error), "a Matrix delivery failed");
    failure
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matrix_worker_takes_the_staff_rooms_posts_including_the_peer_desks() {
        assert!(is_matrix_side(&Action::PostToDuty { text: "duty".into() }));
        assert!(is_matrix_side(&Action::PostToPeerDesk { text: "📋 New referral R1".into() }));
    }
}
