//! Visitors on Matrix: a person who opens a direct chat with the bot is a visitor like a
//! Telegram one — pseudonymous to staff, their Matrix id kept as secret as a chat id.
//!
//! Matrix has no buttons the bridge can rely on, so a prompt's choices are written out as
//! commands to type (`!language ro`, `!hold yes`), and every visitor command starts with `!`
//! (most Matrix apps keep `/` for themselves).

use bridge::chat::MessageRef;
use bridge::engine::{Dedupe, Event, FileNote, IncomingMessage};
use bridge::media::visitor_attachment;
use bridge::visitor_command::{Choice, VisitorCommand};
use bridge::{Channel, ContentKind, PlatformAddress};
use matrix_sdk::Room;
use matrix_sdk::ruma::EventId;
use matrix_sdk::ruma::events::AnySyncMessageLikeEvent;
use matrix_sdk::ruma::events::room::message::{MessageType, OriginalSyncRoomMessageEvent};

use super::Matrix;

/// Whether `room` is a visitor's direct chat with the bot: two members, the other not staff.
pub fn is_visitor_chat(matrix: &Matrix, room: &Room, sender: &str) -> bool {
    room.joined_members_count() <= 2 && matrix.engine.roster().by_matrix_user(sender).is_none()
}

/// A visitor's message in their direct chat, as an engine event.
pub async fn visitor_event(matrix: &Matrix, room: &Room, event: &OriginalSyncRoomMessageEvent) -> Option<Event> {
    let from = PlatformAddress::Matrix { user_id: event.sender.to_string(), room_id: Some(room.room_id().to_string()) };
    let reference = Some(MessageRef(event.event_id.to_string()));
    let dedupe = Some(Dedupe::Key { channel: Channel::Matrix, id: event.event_id.to_string() });
    let message = match &event.content.msgtype {
        MessageType::Text(text) => {
            if let Some(command) = VisitorCommand::parse(&text.body, Channel::Matrix.command_prefix()) {
                return Some(Event::VisitorCommand { from, command, reference, language_hint: None, dedupe });
            }
            IncomingMessage::text(text.body.clone())
        }
        MessageType::Image(content) => {
            let mime = super::sync::HasMime::mime(content).unwrap_or_else(|| "image/jpeg".into());
            fetched(matrix, content, ContentKind::Photo, content.caption(), &mime).await
        }
        MessageType::Audio(content) => {
            let mime = super::sync::HasMime::mime(content).unwrap_or_else(|| "audio/ogg".into());
            fetched(matrix, content, ContentKind::Voice, content.caption(), &mime).await
        }
        MessageType::Video(content) => {
            let mime = super::sync::HasMime::mime(content).unwrap_or_else(|| "video/mp4".into());
            fetched(matrix, content, ContentKind::Video, content.caption(), &mime).await
        }
        MessageType::File(content) => {
            let mime = super::sync::HasMime::mime(content).unwrap_or_else(|| "application/octet-stream".into());
            fetched(matrix, content, ContentKind::Document, content.caption(), &mime).await
        }
        MessageType::Location(location) => {
            let text = location.geo_uri.trim_start_matches("geo:").split(';').next().unwrap_or_default().to_owned();
            IncomingMessage { kind: ContentKind::Location, text, ..IncomingMessage::default() }
        }
        // Not relayed (a notice, an emote…), but in the visitor's chat all the same: the engine
        // logs where it is, so `!hide`, the safe word and auto-hide take it off the phone too.
        _ => return Some(unrelayed(from, &event.event_id)),
    };
    let message = IncomingMessage { reference, ..message };
    Some(Event::VisitorMessage { from, message, dedupe })
}

/// What a visitor sent in their direct chat that is not a message (a sticker, a poll, a
/// reaction…): never relayed, but logged like a message so `!hide`, the safe word and auto-hide
/// redact it too, as on Telegram.
pub fn unrelayed_event(matrix: &Matrix, room: &Room, event: &AnySyncMessageLikeEvent) -> Option<Event> {
    // Messages have their own handler; what could not be decrypted is the trust check's; a
    // redaction or an already redacted event shows nothing.
    let other = !matches!(
        event,
        AnySyncMessageLikeEvent::RoomMessage(_)
            | AnySyncMessageLikeEvent::RoomEncrypted(_)
            | AnySyncMessageLikeEvent::RoomRedaction(_)
    );
    let sender = event.sender();
    if !other
        || event.original_content().is_none()
        || matrix.client.user_id() == Some(sender)
        || room.room_id() == matrix.duty_room
        || matrix.is_peer_desk(room.room_id())
        || matrix.rooms.conversation_of(room.room_id()).is_some()
        || !is_visitor_chat(matrix, room, sender.as_str())
    {
        return None;
    }
    let from = PlatformAddress::Matrix { user_id: sender.to_string(), room_id: Some(room.room_id().to_string()) };
    Some(unrelayed(from, event.event_id()))
}

fn unrelayed(from: PlatformAddress, event_id: &EventId) -> Event {
    let dedupe = Some(Dedupe::Key { channel: Channel::Matrix, id: event_id.to_string() });
    Event::UnrelayedMessage { from, reference: MessageRef(event_id.to_string()), dedupe }
}

/// Downloads a visitor's file; images and videos lose their metadata, and those the bridge
/// cannot clean are held back, staff told (as on Telegram).
async fn fetched(
    matrix: &Matrix,
    content: &(impl matrix_sdk::media::MediaEventContent + super::sync::HasMime),
    kind: ContentKind,
    caption: Option<&str>,
    mime: &str,
) -> IncomingMessage {
    let mut message =
        IncomingMessage { kind, text: caption.unwrap_or_default().to_owned(), ..IncomingMessage::default() };
    let limit = matrix.download_limit_bytes;
    if content.declared_size().is_some_and(|size| size > limit) {
        message.oversized_limit = Some(limit);
        return message;
    }
    if matrix.disk.low() {
        message.disk_low = true;
        return message;
    }
    let Ok(Some(bytes)) = matrix.client.media().get_file(content, false).await else {
        message.file_note = Some(FileNote::NotFetched);
        return message;
    };
    // The size in the event is the sender's word; the bytes are what counts.
    if bytes.len() as u64 > limit {
        message.oversized_limit = Some(limit);
        return message;
    }
    match visitor_attachment(mime, bytes) {
        Some(attachment) => message.attachment = Some(attachment),
        None => message.file_note = Some(FileNote::HeldBack),
    }
    message
}

/// A prompt's choices, written out as the commands that make them.
pub fn written_choices(text: &str, choices: &[Choice]) -> String {
    let mut out = text.to_owned();
    for choice in choices {
        let Some((kind, value)) = choice.data.split_once(':') else { continue };
        let name = if kind == "lang" { "language" } else { kind };
        out.push_str(&format!("\n• {} → !{name} {value}", choice.label));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_written_out_as_commands_that_parse_back() {
        let choices = [
            Choice::new("Română", &VisitorCommand::PickLanguage("ro".into())),
            Choice::new("Keep them", &VisitorCommand::HoldReplies(true)),
        ];
        let text = written_choices("Choose:", &choices);
        assert_eq!(text, "Choose:\n• Română → !language ro\n• Keep them → !hold yes");
        for line in text.lines().skip(1) {
            let command = line.split("→ ").nth(1).unwrap();
            assert!(VisitorCommand::parse(command, Channel::Matrix.command_prefix()).is_some(), "{command}");
        }
    }
}
