//! Telegram updates → engine events, as a dptree schema.
//!
//! Each branch reads only what its event needs: never the sender's name, @username, phone or
//! avatar, never the forward header of a forwarded message. Media are downloaded and handed to
//! the engine as bytes (a copy, never a forward), and images lose their metadata here, before
//! anything leaves the bridge.

use std::ops::ControlFlow;
use std::sync::Arc;

use bridge::chat::MessageRef;
use bridge::engine::{Dedupe, Event, IncomingMessage};
use bridge::media::{Cleaned, clean_file};
use bridge::visitor_command::VisitorCommand;
use bridge::{Attachment, Channel, ContentKind, PlatformAddress};
use teloxide::dispatching::{DpHandlerDescription, UpdateFilterExt};
use teloxide::dptree::{self, Handler};
use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::{CallbackQuery, FileMeta, Message, Update, UpdateKind};

/// What one update becomes.
#[derive(Debug)]
pub enum Incoming {
    Event(Box<Event>),
    /// A button press: its event, and the query to answer once the event is durable.
    Button(Box<Event>, teloxide::types::CallbackQueryId),
    /// Nothing for the engine; the reason names the kind of update, never its content.
    Skip(&'static str),
}

/// What the schema's endpoints need besides the update.
pub struct Context {
    pub bot: Bot,
    pub download_limit_bytes: u64,
}

/// The update schema: messages and button presses in private chats become events.
pub fn schema() -> Handler<'static, Incoming, DpHandlerDescription> {
    dptree::entry()
        .branch(Update::filter_message().endpoint(message))
        .branch(Update::filter_callback_query().endpoint(button))
}

/// Runs the schema over one update. Kinds the schema does not handle are skipped by name.
pub async fn convert(
    schema: &Handler<'static, Incoming, DpHandlerDescription>,
    update: Update,
    context: Arc<Context>,
) -> Incoming {
    let kind = kind_name(&update.kind);
    match schema.dispatch(dptree::deps![update, context]).await {
        ControlFlow::Break(incoming) => incoming,
        ControlFlow::Continue(_) => Incoming::Skip(kind),
    }
}

fn kind_name(kind: &UpdateKind) -> &'static str {
    match kind {
        UpdateKind::Message(_) => "message",
        UpdateKind::EditedMessage(_) => "edited message",
        UpdateKind::CallbackQuery(_) => "callback query",
        UpdateKind::Error(_) => "malformed or unknown update",
        _ => "update kind the bridge does not use",
    }
}

/// The dedupe key of a message: chat and message id never repeat, whatever Telegram does with
/// update ids (they may restart after a quiet week).
fn message_key(chat: i64, message: i32) -> Dedupe {
    Dedupe::Key { channel: Channel::Telegram, id: format!("m:{chat}:{message}") }
}

async fn message(message: Message, context: Arc<Context>) -> Incoming {
    if !message.chat.is_private() {
        return Incoming::Skip("message outside a private chat");
    }
    let Some(from) = message.from.as_ref().filter(|u| !u.is_bot) else {
        return Incoming::Skip("message without a human sender");
    };
    let Ok(user_id) = i64::try_from(from.id.0) else { return Incoming::Skip("message with an odd user id") };
    let address = PlatformAddress::Telegram { user_id, chat_id: message.chat.id.0 };
    let hint = from.language_code.clone();
    let reference = Some(MessageRef::telegram(message.id.0));
    let dedupe = Some(message_key(message.chat.id.0, message.id.0));

    if let Some(command) = message.text().and_then(VisitorCommand::parse_text) {
        let event = Event::VisitorCommand { from: address, command, reference, language_hint: hint, dedupe };
        return Incoming::Event(Box::new(event));
    }
    let Some(mut incoming) = content(&message, &context).await else {
        // Not relayed, but in the visitor's chat all the same: the engine logs where it is, so
        // `/hide` and the safe word take it off the phone too.
        let reference = MessageRef::telegram(message.id.0);
        return Incoming::Event(Box::new(Event::UnrelayedMessage { from: address, reference, dedupe }));
    };
    incoming.reference = reference;
    incoming.language_hint = hint;
    Incoming::Event(Box::new(Event::VisitorMessage { from: address, message: incoming, dedupe }))
}

/// The message's content as the engine takes it.
async fn content(message: &Message, context: &Context) -> Option<IncomingMessage> {
    let caption = message.caption().unwrap_or_default().to_owned();
    let with = |kind: ContentKind, text: String| IncomingMessage { kind, text, ..IncomingMessage::default() };
    if let Some(text) = message.text() {
        return Some(IncomingMessage::text(text));
    }
    if let Some(voice) = message.voice() {
        let mime = voice.mime_type.as_ref().map_or("audio/ogg".to_owned(), ToString::to_string);
        return Some(fetch(context, with(ContentKind::Voice, caption), &voice.file, &mime).await);
    }
    if let Some(audio) = message.audio() {
        let mime = audio.mime_type.as_ref().map_or("audio/mpeg".to_owned(), ToString::to_string);
        return Some(fetch(context, with(ContentKind::Audio, caption), &audio.file, &mime).await);
    }
    if let Some(sizes) = message.photo() {
        // The largest size: staff may need to read what the photo shows.
        let largest = sizes.iter().max_by_key(|s| u64::from(s.width) * u64::from(s.height))?;
        return Some(fetch(context, with(ContentKind::Photo, caption), &largest.file, "image/jpeg").await);
    }
    if let Some(video) = message.video() {
        let mime = video.mime_type.as_ref().map_or("video/mp4".to_owned(), ToString::to_string);
        return Some(fetch(context, with(ContentKind::Video, caption), &video.file, &mime).await);
    }
    if let Some(note) = message.video_note() {
        return Some(fetch(context, with(ContentKind::VideoNote, caption), &note.file, "video/mp4").await);
    }
    if let Some(animation) = message.animation() {
        let mime = animation.mime_type.as_ref().map_or("video/mp4".to_owned(), ToString::to_string);
        return Some(fetch(context, with(ContentKind::Video, caption), &animation.file, &mime).await);
    }
    if let Some(document) = message.document() {
        let mime = document.mime_type.as_ref().map_or("application/octet-stream".to_owned(), ToString::to_string);
        return Some(fetch(context, with(ContentKind::Document, caption), &document.file, &mime).await);
    }
    if let Some(sticker) = message.sticker() {
        // A description, not the file: a sticker says a feeling, its pack may say much more.
        let emoji = sticker.emoji.clone().unwrap_or_default();
        return Some(with(ContentKind::Sticker, emoji));
    }
    if let Some(location) = message.location() {
        return Some(with(ContentKind::Location, format!("{},{}", location.latitude, location.longitude)));
    }
    if message.contact().is_some() {
        // Never read: the engine only tells the visitor it was not passed on.
        return Some(with(ContentKind::Contact, String::new()));
    }
    None
}

/// Downloads a file into the message, stripping image metadata. A file over the limit is not
/// fetched (the engine tells the visitor); a file that cannot be fetched or cleaned reaches
/// staff as a note saying so, never as the original bytes.
async fn fetch(context: &Context, mut incoming: IncomingMessage, file: &FileMeta, mime: &str) -> IncomingMessage {
    if u64::from(file.size) > context.download_limit_bytes {
        incoming.oversized_limit = Some(context.download_limit_bytes);
        return incoming;
    }
    let bytes = match download(&context.bot, file).await {
        Ok(bytes) => bytes,
        Err(reason) => {
            tracing::warn!(reason, kind = incoming.kind.name(), "a visitor's file could not be fetched");
            incoming.text = note(&incoming.text, "the file could not be fetched from Telegram");
            return incoming;
        }
    };
    if bytes.len() as u64 > context.download_limit_bytes {
        incoming.oversized_limit = Some(context.download_limit_bytes);
        return incoming;
    }
    match clean_file(mime, bytes) {
        Cleaned::Pass(bytes) => incoming.attachment = Some(Attachment { mime: mime.to_owned(), bytes }),
        Cleaned::HeldBack => {
            incoming.text =
                note(&incoming.text, "an image or video the bridge could not clean of metadata was held back");
        }
    }
    incoming
}

fn note(caption: &str, what: &str) -> String {
    if caption.is_empty() { format!("({what})") } else { format!("{caption} ({what})") }
}

async fn download(bot: &Bot, meta: &FileMeta) -> Result<Vec<u8>, &'static str> {
    let file = bot.get_file(meta.id.clone()).await.map_err(|_| "getFile failed")?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.size).unwrap_or(0));
    bot.download_file(&file.path, &mut bytes).await.map_err(|_| "the download failed")?;
    Ok(bytes)
}

async fn button(query: CallbackQuery) -> Incoming {
    let Some(command) = query.data.as_deref().and_then(VisitorCommand::from_choice) else {
        return Incoming::Skip("button with unknown data");
    };
    let chat_id = match &query.message {
        Some(message) if message.chat().is_private() => message.chat().id.0,
        Some(_) => return Incoming::Skip("button outside a private chat"),
        None => return Incoming::Skip("button of an inline message"),
    };
    let Ok(user_id) = i64::try_from(query.from.id.0) else { return Incoming::Skip("button with an odd user id") };
    let event = Event::VisitorCommand {
        from: PlatformAddress::Telegram { user_id, chat_id },
        command,
        reference: None,
        language_hint: query.from.language_code.clone(),
        dedupe: Some(Dedupe::Key { channel: Channel::Telegram, id: format!("c:{}", query.id.0) }),
    };
    Incoming::Button(Box::new(event), query.id)
}
