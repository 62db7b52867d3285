//! Telegram updates → engine events, as a dptree schema.
//!
//! Each branch reads only what its event needs: never the sender's name, @username, phone or
//! avatar, never the forward header of a forwarded message. Media are downloaded and handed to
//! the engine as bytes (a copy, never a forward), and images lose their metadata here, before
//! anything leaves the bridge.

use std::ops::ControlFlow;
use std::sync::Arc;

use bridge::chat::MessageRef;
use bridge::engine::{Dedupe, Event, FileNote, IncomingMessage};
use bridge::media::visitor_attachment;
use bridge::visitor_command::VisitorCommand;
use bridge::{Channel, ContentKind, PlatformAddress};
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
    /// An update teloxide could not read into its types (a field of an unexpected type, a kind
    /// it does not know): its event, and its kind by Telegram's name, for the log.
    Unreadable(Box<Event>, &'static str),
    /// Nothing for the engine; the reason names the kind of update, never its content.
    Skip(&'static str),
}

/// The event of an update that could not be read: only that it happened, recognized by its id
/// if it comes again.
pub fn unreadable(update_id: u32) -> Event {
    let dedupe = Some(Dedupe::Key { channel: Channel::Telegram, id: format!("u:{update_id}") });
    Event::UnreadableUpdate { channel: Channel::Telegram, dedupe }
}

/// What the schema's endpoints need besides the update.
pub struct Context {
    pub bot: Bot,
    pub download_limit_bytes: u64,
    pub disk: crate::disk::DiskFloor,
}

/// How many of `updates`, from the first, one round fetches: their files together stay within
/// `budget` bytes (a file of unknown size counts as `file_limit`, the most that is fetched). The
/// first always goes, so a file larger than the budget still comes, alone.
pub fn within_budget(updates: &[Update], budget: u64, file_limit: u64) -> usize {
    let mut total: u64 = 0;
    for (n, update) in updates.iter().enumerate() {
        let bytes = download_of(update, file_limit);
        total = total.saturating_add(bytes);
        // Words cost nothing: they come along with the round whatever its files.
        if bytes > 0 && total > budget && n > 0 {
            return n;
        }
    }
    updates.len()
}

/// The bytes an update makes the bridge fetch.
fn download_of(update: &Update, file_limit: u64) -> u64 {
    let UpdateKind::Message(message) = &update.kind else { return 0 };
    match file_of(message).map(|file| u64::from(file.size)) {
        Some(0) => file_limit,
        Some(size) if size <= file_limit => size,
        // Too large: not fetched at all.
        _ => 0,
    }
}

/// The file a message carries, as [`content`] fetches it.
fn file_of(message: &Message) -> Option<&FileMeta> {
    if message.text().is_some() {
        return None;
    }
    if let Some(voice) = message.voice() {
        return Some(&voice.file);
    }
    if let Some(audio) = message.audio() {
        return Some(&audio.file);
    }
    if let Some(sizes) = message.photo() {
        return sizes.iter().max_by_key(|s| u64::from(s.width) * u64::from(s.height)).map(|s| &s.file);
    }
    if let Some(video) = message.video() {
        return Some(&video.file);
    }
    if let Some(note) = message.video_note() {
        return Some(&note.file);
    }
    if let Some(animation) = message.animation() {
        return Some(&animation.file);
    }
    message.document().map(|document| &document.file)
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
    if let UpdateKind::Error(value) = &update.kind {
        let kind = value
            .as_object()
            .and_then(|fields| fields.keys().find(|k| *k != "update_id"))
            .map_or("unknown kind", |name| super::poison::kind_name(name));
        return Incoming::Unreadable(Box::new(unreadable(update.id.0)), kind);
    }
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

    if let Some(command) = message.text().and_then(|t| VisitorCommand::parse(t, Channel::Telegram.command_prefix())) {
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
    if context.disk.low() {
        incoming.disk_low = true;
        return incoming;
    }
    let bytes = match download(&context.bot, file, context.download_limit_bytes).await {
        Ok(bytes) => bytes,
        Err(Fetch::TooLarge) => {
            incoming.oversized_limit = Some(context.download_limit_bytes);
            return incoming;
        }
        Err(Fetch::Failed(reason)) => {
            tracing::warn!(reason, kind = incoming.kind.name(), "a visitor's file could not be fetched");
            incoming.file_note = Some(FileNote::NotFetched);
            return incoming;
        }
    };
    match visitor_attachment(mime, bytes) {
        Some(attachment) => incoming.attachment = Some(attachment),
        None => incoming.file_note = Some(FileNote::HeldBack),
    }
    incoming
}

enum Fetch {
    /// More bytes came than the limit: the download stopped there.
    TooLarge,
    Failed(&'static str),
}

/// Downloads a file, stopping as soon as it passes `limit` bytes: the size Telegram declared
/// is not trusted to bound memory.
async fn download(bot: &Bot, meta: &FileMeta, limit: u64) -> Result<Vec<u8>, Fetch> {
    let file = bot.get_file(meta.id.clone()).await.map_err(|_| Fetch::Failed("getFile failed"))?;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let declared = usize::try_from(meta.size).unwrap_or(0);
    let mut capped = Capped { bytes: Vec::with_capacity(declared.min(limit)), limit, over: false };
    match bot.download_file(&file.path, &mut capped).await {
        Ok(()) => Ok(capped.bytes),
        Err(_) if capped.over => Err(Fetch::TooLarge),
        Err(_) => Err(Fetch::Failed("the download failed")),
    }
}

/// A buffer that refuses to grow past `limit`.
struct Capped {
    bytes: Vec<u8>,
    limit: usize,
    over: bool,
}

impl tokio::io::AsyncWrite for Capped {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        if self.bytes.len().saturating_add(buf.len()) > self.limit {
            self.over = true;
            return std::task::Poll::Ready(Err(std::io::Error::other("the file is larger than the download limit")));
        }
        self.bytes.extend_from_slice(buf);
        std::task::Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn update(id: u32, extra: serde_json::Value) -> Update {
        let mut message = serde_json::json!({
            "message_id": id, "date": 1_767_225_600,
            "chat": { "id": 7, "type": "private", "first_name": "P" },
            "from": { "id": 7, "is_bot": false, "first_name": "P" },
        });
        if let (Some(target), serde_json::Value::Object(fields)) = (message.as_object_mut(), extra) {
            target.extend(fields);
        }
        // From text, as teloxide reads Telegram's answers: its update reader needs borrowed keys.
        serde_json::from_str(&serde_json::json!({ "update_id": id, "message": message }).to_string())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn document(id: u32, size: Option<u64>) -> Update {
        let mut file = serde_json::json!({ "file_id": "F", "file_unique_id": "U" });
        if let Some(size) = size {
            file["file_size"] = size.into();
        }
        update(id, serde_json::json!({ "document": file }))
    }

    const MB: u64 = 1024 * 1024;

    #[test]
    fn a_round_takes_files_up_to_the_budget_and_always_the_first() {
        let text = |id| update(id, serde_json::json!({ "text": "hello" }));
        let updates = [document(1, Some(15 * MB)), text(2), document(3, Some(5 * MB)), document(4, Some(MB)), text(5)];
        assert_eq!(within_budget(&updates, 20 * MB, 20 * MB), 3, "15 + 5 fit; one more MB does not");
        // Alone, a file larger than the budget still comes.
        assert_eq!(within_budget(&updates[..1], 10 * MB, 20 * MB), 1);
        assert_eq!(within_budget(&updates, 10 * MB, 20 * MB), 2, "the words after it come along");
        // A file over the file limit is not fetched at all, so it costs the round nothing.
        let huge = [document(1, Some(50 * MB)), document(2, Some(20 * MB))];
        assert_eq!(within_budget(&huge, 20 * MB, 20 * MB), 2);
        assert_eq!(within_budget(&[], 20 * MB, 20 * MB), 0);
    }
}
