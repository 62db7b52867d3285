//! The sync loop and what staff write.
//!
//! Our own loop over `sync_once` with capped backoff: it survives the homeserver going away and
//! coming back. Staff messages are queued to one committer, which applies them in batches, each
//! in one transaction, flushed before the outbox is rung. Each event carries its Matrix event id
//! so a redelivery is recognized.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bridge::engine::{Dedupe, Event, StaffRoom};
use bridge::media::staff_attachment;
use bridge::{Attachment, Channel};
use matrix_sdk::config::SyncSettings;
use matrix_sdk::deserialized_responses::EncryptionInfo;
use matrix_sdk::event_handler::{EventHandlerHandle, RawEvent};
use matrix_sdk::media::MediaEventContent;
use matrix_sdk::room::MessagesOptions;
use matrix_sdk::ruma::MilliSecondsSinceUnixEpoch;
use matrix_sdk::ruma::events::room::encrypted::OriginalSyncRoomEncryptedEvent;
use matrix_sdk::ruma::events::room::member::{MembershipState, OriginalSyncRoomMemberEvent, StrippedRoomMemberEvent};
use matrix_sdk::ruma::events::room::message::{MessageType, OriginalSyncRoomMessageEvent, RoomMessageEventContent};
use matrix_sdk::ruma::events::{AnySyncMessageLikeEvent, AnySyncTimelineEvent, SyncMessageLikeEvent};
use matrix_sdk::{Client, Room};
use tokio::sync::{mpsc, watch};

use super::Matrix;

/// Long-poll time of one sync.
const SYNC_TIMEOUT: Duration = Duration::from_secs(30);

pub async fn run(matrix: Matrix, mut shutdown: watch::Receiver<bool>) -> anyhow::Result<()> {
    let (events, queue) = super::commit::queue();
    let handlers = register_handlers(&matrix, events.clone());
    let committer = tokio::spawn(commit(matrix.clone(), queue));
    let own_devices = tokio::spawn(super::trust::watch_own_devices(matrix.clone()));
    catch_up(&matrix, &events).await;
    let mut failures: u32 = 0;
    while !*shutdown.borrow() {
        let settings = SyncSettings::default().timeout(SYNC_TIMEOUT);
        let synced = tokio::select! {
            synced = matrix.client.sync_once(settings) => synced,
            _ = shutdown.changed() => break,
        };
        let reachability = &matrix.reachability;
        match synced {
            Ok(_) => {
                failures = 0;
                reachability.seen_ok(bridge::health::Link::Homeserver, matrix.engine.now());
            }
            Err(error) => {
                reachability.seen_failing(bridge::health::Link::Homeserver, matrix.engine.now());
                failures = failures.saturating_add(1);
                let wait = bridge::time::backoff(failures, Duration::from_millis(500), Duration::from_secs(30));
                tracing::warn!(error = %super::describe(&error), wait_ms = wait.as_millis() as u64, "Matrix sync failed; retrying");
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = shutdown.changed() => break,
                }
            }
        }
    }
    // The handlers hold the connector (and so the engine): without this the client would keep
    // them alive after the bridge stops.
    for handler in handlers {
        matrix.client.remove_event_handler(handler);
    }
    committer.abort();
    let _ = committer.await;
    own_devices.abort();
    let _ = own_devices.await;
    Ok(())
}

/// How far back a start looks for staff messages that never reached the engine.
const CATCH_UP: Duration = Duration::from_secs(24 * 3600);
/// Messages read back per room at start.
const CATCH_UP_MESSAGES: u32 = 50;

/// matrix-sdk saves its sync position before the handlers run, so a crash between a message
/// arriving and its event being committed would lose it. At start, the recent messages of every
/// joined room (duty, conversations, visitors' chats) are read again and queued; the engine
/// drops those it applied before (by event id). Bounded to a day, well inside the week the engine
/// remembers event ids.
async fn catch_up(matrix: &Matrix, events: &mpsc::Sender<Event>) {
    let since = SystemTime::now().checked_sub(CATCH_UP).unwrap_or(UNIX_EPOCH);
    let since = MilliSecondsSinceUnixEpoch::from_system_time(since).unwrap_or(MilliSecondsSinceUnixEpoch(0u32.into()));
    let mut queued = 0;
    // Every joined room: the duty room, conversation rooms and visitors' direct chats.
    for room in matrix.client.joined_rooms() {
        let mut options = MessagesOptions::backward();
        options.limit = CATCH_UP_MESSAGES.into();
        let Ok(messages) = room.messages(options).await else {
            tracing::warn!("could not read a room back at start");
            continue;
        };
        for timeline in messages.chunk.into_iter().rev() {
            let event = match timeline.raw().deserialize() {
                Ok(AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::RoomMessage(
                    SyncMessageLikeEvent::Original(event),
                ))) => event,
                // A visitor's sticker, poll, reaction…: logged for `!hide` as when it came live.
                Ok(AnySyncTimelineEvent::MessageLike(other)) => {
                    if other.origin_server_ts() >= since
                        && let Some(event) = super::visitors::unrelayed_event(matrix, &room, &other)
                    {
                        queued += 1;
                        let _ = events.send(event).await;
                    }
                    continue;
                }
                _ => continue,
            };
            if event.origin_server_ts < since {
                continue;
            }
            let encryption = timeline.encryption_info().map(|info| (**info).clone());
            if let Some(event) = staff_event(matrix, &room, event, encryption, false).await {
                queued += 1;
                let _ = events.send(event).await;
            }
        }
    }
    tracing::info!(messages = queued, "read recent staff messages back; those applied before are skipped");
}

/// Applies queued events in durable batches (see [`super::commit`]) and rings the outbox.
async fn commit(matrix: Matrix, queue: mpsc::Receiver<Event>) {
    super::commit::run(queue, |batch| apply(matrix.clone(), batch)).await;
}

/// Longest wait between two tries while the store fails as a whole.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// A store failing as a whole is logged at most this often.
const LOG_EVERY: Duration = Duration::from_secs(60);

/// One batch, until all of it is applied or skipped. While the store fails as a whole (a full
/// disk), nothing is skipped: the rest is tried again with capped backoff, and the queue behind
/// it fills and holds the sync loop.
async fn apply(matrix: Matrix, mut batch: Vec<Event>) {
    if matrix.faults.lose_before_commit.load(std::sync::atomic::Ordering::SeqCst) {
        return;
    }
    let mut failures: u32 = 0;
    let mut logged: Option<std::time::Instant> = None;
    while !batch.is_empty() {
        let engine = std::sync::Arc::clone(&matrix.engine);
        let shared = std::sync::Arc::new(batch);
        let events = std::sync::Arc::clone(&shared);
        let work = tokio::task::spawn_blocking(move || {
            crate::isolate::isolate(
                &events,
                |events| {
                    engine.handle_batch(events)?;
                    engine.flush()
                },
                bridge::engine::EngineError::is_transient,
                |event| crate::isolate::unreadable(event, Channel::Matrix),
            )
        })
        .await;
        // The blocking work has ended and dropped its handle: this is the only one.
        let events = std::sync::Arc::try_unwrap(shared).unwrap_or_else(|shared| (*shared).clone());
        let (done, stalled) = match work {
            Ok(isolated) => {
                for (index, error) in &isolated.skipped {
                    if let Some(event) = events.get(*index) {
                        tracing::warn!(
                            kind = crate::isolate::kind(event),
                            %error,
                            "skipped a Matrix event the engine could not apply; the duty room is told"
                        );
                    }
                }
                if isolated.done > 0 {
                    matrix.outbox.ring();
                }
                (isolated.done, isolated.stalled.map(|error| error.to_string()))
            }
            // The engine's work ended abnormally (its message could quote anything, so it is not
            // logged): the whole batch is tried again.
            Err(_) => (0, Some("the engine's work ended abnormally".to_owned())),
        };
        let rest: Vec<Event> = events.into_iter().skip(done).collect();
        batch = rest;
        let Some(error) = stalled else { continue };
        failures = failures.saturating_add(1);
        let wait = bridge::time::backoff(failures, Duration::from_millis(500), MAX_BACKOFF);
        if logged.is_none_or(|at| at.elapsed() >= LOG_EVERY) {
            tracing::error!(%error, failures, "could not store Matrix events; nothing is skipped, trying again");
            logged = Some(std::time::Instant::now());
        }
        tokio::time::sleep(wait).await;
    }
}

fn register_handlers(matrix: &Matrix, events: mpsc::Sender<Event>) -> Vec<EventHandlerHandle> {
    let on_message = matrix.clone();
    let to_commit = events.clone();
    let message = matrix.client.add_event_handler(
        move |event: OriginalSyncRoomMessageEvent, room: Room, encryption: Option<EncryptionInfo>| {
            let (matrix, events) = (on_message.clone(), to_commit.clone());
            async move {
                if let Some(event) = staff_event(&matrix, &room, event, encryption, true).await {
                    let _ = events.send(event).await;
                }
            }
        },
    );
    let on_other = matrix.clone();
    let other_to_commit = events.clone();
    let other = matrix.client.add_event_handler(move |event: AnySyncMessageLikeEvent, room: Room| {
        let (matrix, events) = (on_other.clone(), other_to_commit.clone());
        async move {
            if let Some(event) = super::visitors::unrelayed_event(&matrix, &room, &event) {
                let _ = events.send(event).await;
            }
        }
    });
    let on_invite = matrix.clone();
    let invite = matrix.client.add_event_handler(move |event: StrippedRoomMemberEvent, room: Room, client: Client| {
        let matrix = on_invite.clone();
        async move { invited(&matrix, &client, room, event).await }
    });
    // Handlers run inside the sync loop: what waits on the homeserver is spawned.
    let on_undecryptable = matrix.clone();
    let undecryptable =
        matrix.client.add_event_handler(move |event: OriginalSyncRoomEncryptedEvent, room: Room, raw: RawEvent| {
            let (matrix, events) = (on_undecryptable.clone(), events.clone());
            async move {
                tokio::spawn(async move {
                    if let Some(event) = super::trust::undecryptable(&matrix, &room, &event, raw).await {
                        let _ = events.send(event).await;
                    }
                });
            }
        });
    let on_member = matrix.clone();
    let member = matrix.client.add_event_handler(move |event: OriginalSyncRoomMemberEvent, room: Room| {
        let matrix = on_member.clone();
        async move {
            tokio::spawn(async move { super::trust::member_changed(&matrix, &room, &event).await });
        }
    });
    vec![message, other, invite, undecryptable, member]
}

/// A staffer's message in the duty room, the peer worker's desk or a conversation room, as an
/// engine event.
pub(super) async fn staff_event(
    matrix: &Matrix,
    room: &Room,
    event: OriginalSyncRoomMessageEvent,
    encryption: Option<EncryptionInfo>,
    live: bool,
) -> Option<Event> {
    if matrix.client.user_id() == Some(&*event.sender) {
        return None;
    }
    tracing::debug!(duty = room.room_id() == matrix.duty_room, "a message in a room");
    let staff_room = if room.room_id() == matrix.duty_room {
        StaffRoom::Duty
    } else if matrix.is_peer_desk(room.room_id()) {
        StaffRoom::PeerDesk
    } else if let Some(conversation) = matrix.rooms.conversation_of(room.room_id()) {
        StaffRoom::Conversation(conversation)
    } else if super::visitors::is_visitor_chat(matrix, room, event.sender.as_str()) {
        return super::visitors::visitor_event(matrix, room, &event).await;
    } else {
        return None;
    };
    if encryption.is_none() && matches!(staff_room, StaffRoom::Conversation(_) | StaffRoom::PeerDesk) {
        // Only what arrived encrypted may go on to a visitor, or (a referral's note typed in
        // the desk) into a conversation's transcript. (Read back at start, it was refused
        // already.)
        if !live {
            return None;
        }
        tracing::warn!("refused an unencrypted message in a conversation room");
        let text = matrix.engine.staff_text_for(event.sender.as_str(), "room-not-relayed-unencrypted", &[]);
        let notice = RoomMessageEventContent::notice_plain(text);
        let _ = room.send(notice).await;
        return None;
    }
    if !super::trust::on_roster(matrix, &event.sender) {
        if live {
            super::trust::not_on_roster(matrix, room, &event.sender).await;
        }
        return None;
    }
    let (text, attachment) = match &event.content.msgtype {
        MessageType::Text(text) => (text.body.clone(), None),
        MessageType::Emote(emote) => (emote.body.clone(), None),
        MessageType::Image(content) => {
            media(matrix, room, &event, content, content.caption(), "image/jpeg", live).await?
        }
        MessageType::File(content) => {
            media(matrix, room, &event, content, content.caption(), "application/octet-stream", live).await?
        }
        MessageType::Audio(content) => {
            media(matrix, room, &event, content, content.caption(), "audio/ogg", live).await?
        }
        MessageType::Video(content) => {
            media(matrix, room, &event, content, content.caption(), "video/mp4", live).await?
        }
        // Notices are the bridge's (or a bot's) own words; nothing else is for a visitor.
        _ => return None,
    };
    tracing::debug!(?staff_room, "a staff message");
    Some(Event::StaffText {
        from: event.sender.to_string(),
        room: staff_room,
        text,
        attachment,
        dedupe: Some(Dedupe::Key { channel: Channel::Matrix, id: event.event_id.to_string() }),
    })
}

/// A staffer's file, cleaned like a visitor's and stricter (see [`clean_staff_file`]): what the
/// bridge cannot clean is not sent, and the staffer is told why (live only: read back at start,
/// it was refused already).
async fn media(
    matrix: &Matrix,
    room: &Room,
    event: &OriginalSyncRoomMessageEvent,
    content: &(impl MediaEventContent + HasMime),
    caption: Option<&str>,
    fallback_mime: &str,
    live: bool,
) -> Option<(String, Option<Attachment>)> {
    let too_large = |size: u64| size > matrix.download_limit_bytes;
    if content.declared_size().is_some_and(too_large) {
        return refuse_too_large(matrix, room, event, live).await;
    }
    let bytes = match matrix.client.media().get_file(content, false).await {
        Ok(Some(bytes)) => bytes,
        Ok(None) | Err(_) => {
            tracing::warn!("could not download a staff attachment");
            return None;
        }
    };
    // The size in the event is the sender's word; the bytes are what counts.
    if too_large(bytes.len() as u64) {
        return refuse_too_large(matrix, room, event, live).await;
    }
    let mime = content.mime().unwrap_or_else(|| fallback_mime.to_owned());
    match staff_attachment(&mime, bytes) {
        Some(attachment) => Some((caption.unwrap_or_default().to_owned(), Some(attachment))),
        None => {
            if live {
                tracing::warn!("refused a staff attachment the bridge cannot clean of metadata");
                let text = matrix.engine.staff_text_for(event.sender.as_str(), "room-not-sent-uncleanable-file", &[]);
                let _ = room.send(RoomMessageEventContent::notice_plain(text)).await;
            }
            None
        }
    }
}

/// A staffer's file over `[matrix] download_limit_mb` is not sent; the staffer is told (live
/// only, as for a file that cannot be cleaned).
async fn refuse_too_large(
    matrix: &Matrix,
    room: &Room,
    event: &OriginalSyncRoomMessageEvent,
    live: bool,
) -> Option<(String, Option<Attachment>)> {
    if live {
        tracing::warn!("refused a staff attachment over the size limit");
        let megabytes = i64::try_from(matrix.download_limit_bytes / (1024 * 1024)).unwrap_or(i64::MAX);
        let text = matrix.engine.staff_text_for(
            event.sender.as_str(),
            "room-not-sent-file-too-large",
            &[("megabytes", bridge::i18n::Arg::from(megabytes))],
        );
        let _ = room.send(RoomMessageEventContent::notice_plain(text)).await;
    }
    None
}

/// The MIME type and size a media message declares.
pub trait HasMime {
    fn mime(&self) -> Option<String>;
    fn declared_size(&self) -> Option<u64>;
}

macro_rules! has_mime {
    ($($t:ty),*) => {$(
        impl HasMime for $t {
            fn mime(&self) -> Option<String> {
                self.info.as_ref().and_then(|i| i.mimetype.clone())
            }
            fn declared_size(&self) -> Option<u64> {
                self.info.as_ref().and_then(|i| i.size).map(u64::from)
            }
        }
    )*};
}
has_mime!(
    matrix_sdk::ruma::events::room::message::ImageMessageEventContent,
    matrix_sdk::ruma::events::room::message::FileMessageEventContent,
    matrix_sdk::ruma::events::room::message::AudioMessageEventContent,
    matrix_sdk::ruma::events::room::message::VideoMessageEventContent
);

/// Invites from staff are accepted (the duty room); everyone else's are declined.
async fn invited(matrix: &Matrix, client: &Client, room: Room, event: StrippedRoomMemberEvent) {
    if Some(&*event.state_key) != client.user_id() || event.content.membership != MembershipState::Invite {
        return;
    }
    let from_staff = matrix.engine.roster().by_matrix_user(event.sender.as_str()).is_some();
    // A direct chat from anyone else is a visitor reaching out; any other invite is declined.
    let accept = from_staff || event.content.is_direct == Some(true);
    tokio::spawn(async move {
        let result = if accept { room.join().await } else { room.leave().await };
        match (accept, result) {
            (true, Ok(())) if from_staff => tracing::info!("joined a room a staff member invited the bot to"),
            (true, Ok(())) => tracing::info!("joined a visitor's direct chat"),
            (false, Ok(())) => tracing::info!("declined an invite from someone not in the roster"),
            (_, Err(error)) => tracing::warn!(error = %super::describe(&error), "could not answer an invite"),
        }
    });
}
