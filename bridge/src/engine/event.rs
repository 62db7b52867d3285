//! What crosses the engine's boundary: events in, what became of them, and what connectors
//! report of the deliveries they performed. No platform types.

use crate::chat::{LoggedMessage, MessageRef};
use crate::ids::ConversationId;
use crate::outbox::{Action, Failure};
use crate::transcript::{Attachment, ContentKind};
use crate::visitor::{Channel, PlatformAddress};
use crate::visitor_command::VisitorCommand;

/// Something that happened, as the engine sees it. No platform types.
#[derive(Clone, PartialEq, Eq)]
pub enum Event {
    /// A visitor wrote.
    VisitorMessage {
        /// Where they wrote from.
        from: PlatformAddress,
        /// What they sent.
        message: IncomingMessage,
        /// The platform update, so a redelivery after a crash is recognized.
        dedupe: Option<Dedupe>,
    },
    /// A visitor sent something the bridge does not relay (a venue, a poll, a dice): only its
    /// place in their chat, so `/hide` and the safe word delete it too.
    UnrelayedMessage {
        /// Where they wrote from.
        from: PlatformAddress,
        /// The message's place in their chat.
        reference: MessageRef,
        /// The platform update.
        dedupe: Option<Dedupe>,
    },
    /// A visitor asked something of the bridge itself (a slash command or a button).
    VisitorCommand {
        /// Where they wrote from.
        from: PlatformAddress,
        /// What they asked, parsed once for every channel.
        command: VisitorCommand,
        /// The command's own message in their chat, if it has one (so `/hide` deletes it too).
        reference: Option<MessageRef>,
        /// The platform's guess of their language; only pre-selects.
        language_hint: Option<String>,
        /// The platform update.
        dedupe: Option<Dedupe>,
    },
    /// A staffer wrote in the duty room or a conversation room: a command if it starts with `!`,
    /// else (in a conversation room) words for the visitor.
    StaffText {
        /// The staffer's Matrix user id.
        from: String,
        /// Where they wrote.
        room: StaffRoom,
        /// What they wrote.
        text: String,
        /// A file they sent for the visitor, already cleaned ([`crate::media`]).
        attachment: Option<Attachment>,
        /// The Matrix event, so a catch-up after a crash applies it once.
        dedupe: Option<Dedupe>,
    },
    /// A platform update the connector could not read (invalid JSON, a field of an unexpected
    /// type, a kind no library knows): skipped, so only that it happened reaches the engine.
    UnreadableUpdate {
        /// The channel it came from.
        channel: Channel,
        /// The platform update, so it is counted once.
        dedupe: Option<Dedupe>,
    },
    /// Time passed: shifts, unanswered timeouts, follow-ups.
    Tick,
}

impl std::fmt::Debug for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::VisitorMessage { message, .. } => write!(f, "Event::VisitorMessage({:?})", message.kind),
            Self::UnrelayedMessage { .. } => f.write_str("Event::UnrelayedMessage"),
            Self::VisitorCommand { command, .. } => write!(f, "Event::VisitorCommand({command:?})"),
            Self::StaffText { room, .. } => write!(f, "Event::StaffText({room:?})"),
            Self::UnreadableUpdate { channel, .. } => write!(f, "Event::UnreadableUpdate({channel})"),
            Self::Tick => f.write_str("Event::Tick"),
        }
    }
}

/// How a platform update is recognized when it is delivered again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dedupe {
    /// Updates numbered in increasing order per stream (Telegram's `update_id`): one at or below
    /// the stream's position was applied already. Costs one small write per batch.
    Sequence {
        /// The stream (one per bot account).
        stream: String,
        /// The update's number in it.
        seq: u64,
    },
    /// Ids without an order (Matrix event ids): each is remembered, behind the blind index.
    Key {
        /// The channel the id belongs to.
        channel: Channel,
        /// The platform's id of the update.
        id: String,
    },
}

/// What a visitor sent: text, or media with an optional caption.
///
/// A location's `text` is "latitude,longitude" (the team first gets it coarsened); a contact
/// card comes with no text at all (it is never passed on).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct IncomingMessage {
    /// Text, photo, voice, …
    pub kind: ContentKind,
    /// The text, or a media's caption.
    pub text: String,
    /// The file, cleaned of metadata ([`crate::media::visitor_attachment`]).
    pub attachment: Option<Attachment>,
    /// The platform's id of this message in the visitor's chat (for `/hide`).
    pub reference: Option<MessageRef>,
    /// The platform's guess of the visitor's language; only pre-selects, never stored as theirs.
    pub language_hint: Option<String>,
    /// The file was not fetched because it is larger than the platform lets the bridge
    /// download: this many bytes.
    pub oversized_limit: Option<u64>,
    /// The file was not fetched because the data dir's disk is below its free-space floor
    /// (`[limits] min_free_disk_mb`).
    pub disk_low: bool,
    /// What became of the file, when it did not come: staff are told in their language, apart
    /// from the visitor's words.
    pub file_note: Option<FileNote>,
}

// What the visitor wrote never shows: only its kind and sizes.
impl std::fmt::Debug for IncomingMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IncomingMessage")
            .field("kind", &self.kind)
            .field("text_bytes", &self.text.len())
            .field("attachment", &self.attachment)
            .field("file_note", &self.file_note)
            .finish_non_exhaustive()
    }
}

/// Why a visitor's file is missing from their message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileNote {
    /// The platform did not give the file (a failed download).
    NotFetched,
    /// An image or video the bridge cannot clean of metadata: it stays behind.
    HeldBack,
}

impl FileNote {
    pub(super) fn staff_text(self) -> &'static str {
        match self {
            Self::NotFetched => "room-file-not-fetched",
            Self::HeldBack => "room-file-held-back",
        }
    }

    pub(super) fn event(self) -> &'static str {
        match self {
            Self::NotFetched => "a visitor file could not be fetched",
            Self::HeldBack => "a visitor image or video was held back: it could not be cleaned of metadata",
        }
    }
}

impl IncomingMessage {
    /// A plain text message.
    pub fn text(text: impl Into<String>) -> Self {
        Self { kind: ContentKind::Text, text: text.into(), ..Self::default() }
    }
}

/// Where a staffer wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffRoom {
    /// The duty room, which the whole team reads.
    Duty,
    /// The room of one conversation.
    Conversation(ConversationId),
    /// The peer worker's desk (`[peer_desk]`): referrals, never a visitor's words.
    PeerDesk,
}

/// The result of one event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handled {
    /// Applied; these actions are in the outbox.
    Done(Vec<Action>),
    /// Already handled before (same platform update).
    Duplicate,
    /// Deliberately not applied; nothing changed.
    Ignored(Ignored),
}

impl Handled {
    /// The actions it queued; none unless applied.
    pub fn actions(&self) -> &[Action] {
        match self {
            Self::Done(actions) => actions,
            _ => &[],
        }
    }
}

/// Why an event was not applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ignored {
    /// The sender is not in the roster: staff rooms only obey staff.
    NotStaff,
    /// No such conversation (anymore).
    UnknownConversation,
    /// The visitor was blocked by staff.
    BlockedVisitor,
    /// A button of someone the bridge no longer knows (they erased their data).
    UnknownVisitor,
}

/// How one outbox entry went, as a connector reports it to
/// [`Engine::settle`](super::Engine::settle).
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Performed; these messages are now in the visitor's chat (none for staff rooms).
    Delivered(Vec<MessageRef>),
    /// A [`Action::HideChat`] was performed: these logged messages are gone.
    Hidden(Vec<LoggedMessage>),
    /// Not performed; the failure says whether to try again.
    Failed(Failure),
    /// Failed after these messages of it reached the visitor's chat (the first parts of a long
    /// text): they are logged for `/hide` like delivered ones; the failure decides the rest.
    FailedLeaving(Failure, Vec<MessageRef>),
    /// An [`Action::Translate`] came back translated.
    Translated(crate::translation::Translated),
    /// An [`Action::Announce`] was claimed before the bridge stopped ([`super::Engine::claim_once`]
    /// said so): whether it reached the visitor cannot be known, and it is not sent again.
    Interrupted,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_shows_no_words_of_the_visitor() {
        let message = IncomingMessage::text("canary-words-7f3a");
        let from = PlatformAddress::Telegram { user_id: 424_242_001, chat_id: 424_242_001 };
        let event = Event::VisitorMessage { from, message: message.clone(), dedupe: None };
        let shown = format!("{message:?} {event:?}");
        assert!(shown.contains("Text"), "the kind still shows: {shown}");
        assert!(!shown.contains("canary") && !shown.contains("424242001"), "{shown}");
    }
}
