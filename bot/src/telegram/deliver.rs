//! The outbox worker for Telegram: performs the engine's actions for Telegram visitors, lane by
//! lane in order, lanes side by side, and reports each outcome back to the engine.
//!
//! Every message to a visitor is sent with `protect_content` (no forwarding, no saving) and
//! without link previews, but one: `/share`'s invitation, which exists to be forwarded. Delivery
//! is at least once: Telegram has no idempotency key, so a crash between a send and its durable
//! ack sends that one message again. Announcements are the exception, at most once: each is
//! claimed durably before it is sent.

use std::sync::Arc;

use bridge::chat::MessageRef;
use bridge::engine::{Claimed, Outcome};
use bridge::outbox::{Action, Failure, OutboxEntry};
use bridge::visitor_command::Choice;
use bridge::{Attachment, PlatformAddress};
use teloxide::RequestError;
use teloxide::payloads::setters::*;
use teloxide::requests::{Request, Requester};
use teloxide::types::{ChatId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, LinkPreviewOptions, MessageId};
use tokio::sync::watch;

use super::{Sender, Telegram, describe, failure_of};
use crate::worker::blocking;

/// Telegram's limits, in UTF-16 code units as Telegram counts them.
const TEXT_LIMIT: usize = 4096;
const CAPTION_LIMIT: usize = 1024;
/// Lanes performed side by side per round.
const ROUND: usize = 64;

fn is_telegram(action: &Action) -> bool {
    matches!(action.visitor_address(), Some(PlatformAddress::Telegram { .. }))
}

/// Delivers until `shutdown` turns true.
pub async fn deliver(telegram: Telegram, shutdown: watch::Receiver<bool>) -> anyhow::Result<()> {
    let (engine, outbox) = (Arc::clone(&telegram.engine), telegram.outbox.clone());
    crate::worker::run(engine, outbox, shutdown, ROUND, is_telegram, |entry| {
        let telegram = telegram.clone();
        async move {
            let outcome = perform(&telegram, &entry).await;
            (entry, outcome)
        }
    })
    .await
}

async fn perform(telegram: &Telegram, entry: &OutboxEntry) -> Outcome {
    let result = match &entry.action {
        Action::SendToVisitor { address, text, attachment, .. } => {
            send(telegram, chat_of(address), text, attachment.as_ref(), &[], Protect::Yes).await.map(Outcome::Delivered)
        }
        Action::PromptVisitor { address, text, choices, .. } => {
            send(telegram, chat_of(address), text, None, choices, Protect::Yes).await.map(Outcome::Delivered)
        }
        // The one message a visitor may forward or copy to a friend: unprotected, and without
        // buttons (an inline keyboard travels with a forward and would say where it came from).
        Action::ShareInvitation { address, text, .. } => {
            send(telegram, chat_of(address), text, None, &[], Protect::No).await.map(Outcome::Delivered)
        }
        Action::Announce { address, text, .. } => announce(telegram, entry.id(), chat_of(address), text).await,
        Action::SetVisitorMenu { address, language, .. } => {
            return telegram.set_chat_menu(chat_of(address), language.as_deref(), entry.attempts).await;
        }
        other => performed(telegram, entry, other).await.map_err(Unsent::from),
    };
    result.unwrap_or_else(|Unsent { error, sent }| {
        let failure = failure_of(&error, entry.attempts);
        tracing::warn!(
            action = entry.action.name(),
            attempts = entry.attempts,
            error = %describe(&error),
            permanent = matches!(failure, Failure::Permanent { .. }),
            parts_sent = sent.len(),
            "a Telegram delivery failed"
        );
        if sent.is_empty() { Outcome::Failed(failure) } else { Outcome::FailedLeaving(failure, sent) }
    })
}

/// An announcement: claimed before it is sent and recorded as sent before it is settled, one at
/// a time. Telegram has no idempotency key, and a second copy of an announcement is worse than
/// one lost in a crash: so at most the one message in flight when the bridge dies is cut off
/// (the tally says so), and none is sent twice.
async fn announce(telegram: &Telegram, id: u64, chat: ChatId, text: &str) -> Result<Outcome, Unsent> {
    let _one_at_a_time = telegram.announcing.lock().await;
    match blocking(&telegram.engine, move |engine| engine.claim_once(id)).await {
        Ok(Claimed::Now) => {}
        Ok(Claimed::Sent(messages)) => return Ok(Outcome::Delivered(messages)),
        Ok(Claimed::Interrupted) => return Ok(Outcome::Interrupted),
        Err(error) => {
            tracing::error!(%error, "could not claim an announcement; trying again");
            return Ok(Outcome::Failed(Failure::Retry { after_ms: None }));
        }
    }
    let sent = send(telegram, chat, text, None, &[], Protect::Yes).await?;
    let recorded = sent.clone();
    if let Err(error) = blocking(&telegram.engine, move |engine| engine.claim_sent(id, &recorded)).await {
        // Settled in this round anyway; only a crash before that would count it as cut off.
        tracing::error!(%error, "could not record an announcement as sent");
    }
    Ok(Outcome::Delivered(sent))
}

/// A send that failed, and the messages of it that reached the chat before it did: they are
/// there whatever happens to the rest, so the engine must log them for `/hide`.
struct Unsent {
    error: RequestError,
    sent: Vec<MessageRef>,
}

impl From<RequestError> for Unsent {
    fn from(error: RequestError) -> Self {
        Self { error, sent: Vec::new() }
    }
}

/// Every action but a send of text: one request each, nothing left behind when it fails.
async fn performed(telegram: &Telegram, entry: &OutboxEntry, action: &Action) -> Result<Outcome, RequestError> {
    match action {
        Action::HideChat { address, .. } | Action::AutoHideChat { address, .. } => {
            let action = entry.action.clone();
            match blocking(&telegram.engine, move |engine| engine.messages_to_hide(&action)).await {
                Ok(logged) => {
                    let references: Vec<MessageRef> = logged.iter().map(|m| m.reference.clone()).collect();
                    delete(telegram, chat_of(address), &references).await.map(|()| Outcome::Hidden(logged))
                }
                Err(error) => {
                    tracing::error!(%error, "could not read the chat log");
                    Ok(Outcome::Failed(Failure::Retry { after_ms: None }))
                }
            }
        }
        Action::DeleteVisitorMessages { address, messages, .. } => {
            delete(telegram, chat_of(address), messages).await.map(|()| Outcome::Delivered(Vec::new()))
        }
        Action::SendVoice { address, language, .. } => match telegram.settings.voices.get(language) {
            Some(recording) => send_voice(telegram, chat_of(address), recording).await.map(Outcome::Delivered),
            // The recording was taken out of the config since: nothing to send.
            None => Ok(Outcome::Delivered(Vec::new())),
        },
        other => {
            tracing::error!(action = other.name(), "the Telegram worker was handed a staff action");
            Ok(Outcome::Failed(Failure::Permanent { reason: "not a Telegram action".into() }))
        }
    }
}

fn chat_of(address: &PlatformAddress) -> ChatId {
    match address {
        PlatformAddress::Telegram { chat_id, .. } => ChatId(*chat_id),
        // Filtered out by `is_telegram`; an impossible chat makes Telegram refuse it.
        PlatformAddress::Matrix { .. } => ChatId(0),
    }
}

/// The recorded greeting, as a voice message that cannot be forwarded or saved.
async fn send_voice(telegram: &Telegram, chat: ChatId, recording: &[u8]) -> Result<Vec<MessageRef>, RequestError> {
    let file = InputFile::memory(recording.to_vec()).file_name("voice.ogg");
    let sent = match &telegram.sender {
        Sender::Throttled(bot) => bot.send_voice(chat, file).protect_content(true).send().await?,
        Sender::Plain(bot) => bot.send_voice(chat, file).protect_content(true).send().await?,
    };
    Ok(vec![MessageRef::telegram(sent.id.0)])
}

/// Whether a text may be forwarded and saved: only `/share`'s invitation may.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Protect {
    Yes,
    No,
}

/// Sends text (split on Telegram's limit) and an optional file; the buttons go with the last
/// part. Returns the ids of every message sent, also those sent before a part failed.
async fn send(
    telegram: &Telegram,
    chat: ChatId,
    text: &str,
    attachment: Option<&Attachment>,
    choices: &[Choice],
    protect: Protect,
) -> Result<Vec<MessageRef>, Unsent> {
    match &telegram.sender {
        Sender::Throttled(bot) => send_with(bot, chat, text, attachment, choices, protect).await,
        Sender::Plain(bot) => send_with(bot, chat, text, attachment, choices, protect).await,
    }
}

async fn send_with<R: Requester<Err = RequestError>>(
    bot: &R,
    chat: ChatId,
    text: &str,
    attachment: Option<&Attachment>,
    choices: &[Choice],
    protect: Protect,
) -> Result<Vec<MessageRef>, Unsent> {
    let mut sent = Vec::new();
    let mut rest = text;
    if let Some(attachment) = attachment {
        let caption = if utf16_len(text) <= CAPTION_LIMIT {
            rest = "";
            text
        } else {
            ""
        };
        sent.push(send_file(bot, chat, attachment, caption).await?);
    }
    let parts = split(rest, TEXT_LIMIT);
    let count = parts.len();
    for (i, part) in parts.into_iter().enumerate() {
        let protect_content = protect == Protect::Yes;
        let mut request =
            bot.send_message(chat, part).protect_content(protect_content).link_preview_options(LinkPreviewOptions {
                is_disabled: true,
                url: None,
                prefer_small_media: false,
                prefer_large_media: false,
                show_above_text: false,
            });
        if i + 1 == count && !choices.is_empty() {
            request = request.reply_markup(keyboard(choices));
        }
        match request.send().await {
            Ok(message) => sent.push(MessageRef::telegram(message.id.0)),
            Err(error) => return Err(Unsent { error, sent }),
        }
    }
    Ok(sent)
}

async fn send_file<R: Requester<Err = RequestError>>(
    bot: &R,
    chat: ChatId,
    attachment: &Attachment,
    caption: &str,
) -> Result<MessageRef, RequestError> {
    let file = InputFile::memory(attachment.bytes().to_vec()).file_name(file_name(attachment.mime()));
    let mime = attachment.mime();
    let message = if mime.starts_with("image/") && mime != "image/gif" {
        bot.send_photo(chat, file).caption(caption).protect_content(true).send().await?
    } else if mime.starts_with("audio/ogg") {
        bot.send_voice(chat, file).caption(caption).protect_content(true).send().await?
    } else if mime.starts_with("video/") {
        bot.send_video(chat, file).caption(caption).protect_content(true).send().await?
    } else {
        bot.send_document(chat, file).caption(caption).protect_content(true).send().await?
    };
    Ok(MessageRef::telegram(message.id.0))
}

/// A neutral file name: the original one may say too much.
fn file_name(mime: &str) -> String {
    let extension = match mime.split(';').next().unwrap_or_default().trim() {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "audio/ogg" => "ogg",
        "audio/mpeg" => "mp3",
        "video/mp4" => "mp4",
        "application/pdf" => "pdf",
        _ => "bin",
    };
    format!("file.{extension}")
}

/// Language buttons two to a row; a question's answers one to a row, so long labels fit.
fn keyboard(choices: &[Choice]) -> InlineKeyboardMarkup {
    let per_row = if choices.iter().all(|c| c.data.starts_with("lang:")) { 2 } else { 1 };
    let rows = choices
        .chunks(per_row)
        .map(|row| row.iter().map(|c| InlineKeyboardButton::callback(c.label.clone(), c.data.clone())).collect());
    InlineKeyboardMarkup::new(rows.collect::<Vec<Vec<_>>>())
}

/// Deletes messages, 100 per request (Telegram's maximum). Messages Telegram can no longer
/// delete (older than 48 hours, or already gone) are skipped by Telegram itself.
async fn delete(telegram: &Telegram, chat: ChatId, messages: &[MessageRef]) -> Result<(), RequestError> {
    let ids: Vec<MessageId> = messages.iter().filter_map(MessageRef::as_telegram).map(MessageId).collect();
    for chunk in ids.chunks(100) {
        let result = match &telegram.sender {
            Sender::Throttled(bot) => bot.delete_messages(chat, chunk.to_vec()).send().await.map(|_| ()),
            Sender::Plain(bot) => bot.delete_messages(chat, chunk.to_vec()).send().await.map(|_| ()),
        };
        match result {
            Ok(()) => {}
            // Nothing left that can be deleted: that is what was asked.
            Err(RequestError::Api(
                teloxide::ApiError::MessageCantBeDeleted | teloxide::ApiError::MessageToDeleteNotFound,
            )) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Splits `text` into parts of at most `limit` UTF-16 units, at a line break or space where
/// there is one in the second half of the part, else anywhere between characters.
pub(crate) fn split(text: &str, limit: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = text.trim_end();
    while utf16_len(rest) > limit {
        let mut end = 0;
        let mut units = 0;
        let mut soft = None;
        for (i, c) in rest.char_indices() {
            if units + c.len_utf16() > limit {
                break;
            }
            units += c.len_utf16();
            end = i + c.len_utf8();
            if (c == '\n' || c == ' ') && units > limit / 2 {
                soft = Some(end);
            }
        }
        let cut = soft.unwrap_or(end).max(rest.chars().next().map_or(1, char::len_utf8));
        let (part, tail) = rest.split_at(cut);
        parts.push(part.trim_end().to_owned());
        rest = tail.trim_start();
    }
    if !rest.is_empty() || parts.is_empty() {
        parts.push(rest.to_owned());
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_split_within_the_limit_without_losing_words() {
        let text = "word ".repeat(2000);
        let parts = split(&text, TEXT_LIMIT);
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| utf16_len(p) <= TEXT_LIMIT));
        assert_eq!(parts.join(" ").split_whitespace().count(), 2000);
        // Characters outside the BMP count twice, as Telegram counts them.
        let emoji = "😀".repeat(3000);
        let parts = split(&emoji, TEXT_LIMIT);
        assert!(
            parts.iter().all(|p| utf16_len(p) <= TEXT_LIMIT),
            "{:?}",
            parts.iter().map(|p| utf16_len(p)).collect::<Vec<_>>()
        );
        assert_eq!(parts.concat(), emoji);
        assert_eq!(split("short", TEXT_LIMIT), vec!["short".to_owned()]);
    }
}
