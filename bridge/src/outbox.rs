//! The outbox: actions the engine decided on, kept durably until a connector has performed them.
//!
//! Delivery is at least once: each entry carries an idempotency key (the Matrix transaction id,
//! say) so a retry after a crash cannot duplicate a message. Entries of one [`Lane`] are
//! delivered strictly in order: a lane's first entry blocks the rest until it is acked or fails
//! for good.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::chat::MessageRef;
use crate::ids::{ConversationId, VisitorId};
use crate::time::Timestamp;
use crate::transcript::{Attachment, Author, ContentKind, TranscriptEntry};
use crate::translation::{ReplyTo, TranslationJob, Way};
use crate::visitor::PlatformAddress;
use crate::visitor_command::Choice;

/// Something a connector must do.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// A message to the visitor, already rendered in their language (or a staffer's words).
    /// `held`: parked until the visitor asks for it (`/messages`), in a lane of its own.
    SendToVisitor {
        /// The visitor it goes to; names the lane.
        visitor: VisitorId,
        /// The conversation it belongs to.
        conversation: ConversationId,
        /// Where it goes on the visitor's platform.
        address: PlatformAddress,
        /// The words, rendered or relayed.
        text: String,
        /// A file sent with it, already cleaned.
        attachment: Option<Attachment>,
        /// Parked in [`Lane::Held`] instead of the visitor's lane.
        held: bool,
    },
    /// Create the conversation's encrypted room (once; the connector keeps the mapping).
    OpenConversationRoom {
        /// The conversation the room is for.
        conversation: ConversationId,
        /// The room's name: pseudonym, language and channel, never a platform name.
        name: String,
        /// The room's first topic: where the conversation stands.
        topic: String,
    },
    /// Change the conversation room's topic: the conversation was queued, assigned or closed.
    SetRoomTopic {
        /// The conversation whose room it is.
        conversation: ConversationId,
        /// The new topic.
        topic: String,
    },
    /// Invite a staffer to the conversation room.
    InviteStaff {
        /// The conversation whose room it is.
        conversation: ConversationId,
        /// The staffer's Matrix account.
        matrix_user: String,
    },
    /// Remove a staffer from the conversation room: they no longer handle it.
    RemoveStaff {
        /// The conversation whose room it is.
        conversation: ConversationId,
        /// The staffer's Matrix account.
        matrix_user: String,
    },
    /// A message in the conversation room: the visitor's words, or a notice from the bridge.
    PostToConversation {
        /// The conversation whose room it is.
        conversation: ConversationId,
        /// What the room shows.
        text: String,
        /// A file posted with it, already cleaned.
        attachment: Option<Attachment>,
        /// Sent as a notice (`m.notice`): the bridge speaking, not the visitor.
        notice: bool,
    },
    /// A notice in the duty room. Never holds what a visitor wrote.
    PostToDuty {
        /// What the duty room shows.
        text: String,
    },
    /// The bridge's own words to the visitor (greeting, picker, help), not a relayed reply:
    /// `choices` become buttons; after `vanish_after_ms` the message deletes itself from the phone.
    PromptVisitor {
        /// The visitor it goes to; names the lane.
        visitor: VisitorId,
        /// The conversation, if the visitor has one yet.
        conversation: Option<ConversationId>,
        /// Where it goes on the visitor's platform.
        address: PlatformAddress,
        /// The bridge's words, rendered in the visitor's language.
        text: String,
        /// Buttons under the message.
        choices: Vec<Choice>,
        /// Delete the message from the phone this long after it was delivered.
        vanish_after_ms: Option<i64>,
    },
    /// Delete every message of the visitor's chat logged since `since`, both directions.
    HideChat {
        /// The visitor whose chat it is.
        visitor: VisitorId,
        /// Where the chat is.
        address: PlatformAddress,
        /// The oldest message to delete.
        since: Timestamp,
    },
    /// Delete these messages from the visitor's chat (a prompt whose time has come).
    DeleteVisitorMessages {
        /// The visitor whose chat it is.
        visitor: VisitorId,
        /// Where the chat is.
        address: PlatformAddress,
        /// The messages to delete.
        messages: Vec<MessageRef>,
    },
    /// The organisation's recorded greeting in `language` (an OGG/Opus file the connector holds),
    /// for visitors who cannot read.
    SendVoice {
        /// The visitor it goes to.
        visitor: VisitorId,
        /// Where it goes on the visitor's platform.
        address: PlatformAddress,
        /// Which recording: a shipped language tag.
        language: String,
    },
    /// Delete the visitor's chat (what the platform still allows) if nothing was said in it
    /// since `after`: the visitor chose to have it vanish a while after the last message.
    AutoHideChat {
        /// The visitor whose chat it is.
        visitor: VisitorId,
        /// Where the chat is.
        address: PlatformAddress,
        /// The time of the message the check was scheduled for.
        after: Timestamp,
    },
    /// The conversation was shredded: its room goes too. Redact what the bot posted there,
    /// remove the staff, leave and forget the room. A connector with no such room just acks.
    ForgetRoom {
        /// The conversation whose room it is.
        conversation: ConversationId,
    },
    /// The visitor was erased (`/forget`, retention): everything the bot ever wrote in their
    /// chat goes, whatever its age. Emitted only for visitors on Matrix, where the bot can redact
    /// its own messages at any age; it stays in the chat, so no "left the room" line appears.
    ForgetVisitorChat {
        /// The visitor whose chat it is.
        visitor: VisitorId,
        /// Where the chat is.
        address: PlatformAddress,
    },
    /// Give the conversation room a new name (the visitor now writes from another channel).
    RenameConversationRoom {
        /// The conversation whose room it is.
        conversation: ConversationId,
        /// The room's new name.
        name: String,
    },
    /// The command menu of the visitor's own chat, so a phone set to another language still
    /// shows the one they chose. Only where a channel has menus (Telegram).
    SetVisitorMenu {
        /// The visitor whose chat it is; names the lane (a phone left after `/code` gets a lane
        /// of its own).
        visitor: VisitorId,
        /// The chat.
        address: PlatformAddress,
        /// The menu's language (chosen by them or set by staff); `None` removes the chat's own
        /// menu, leaving the bot-wide one (the visitor was erased, or left that phone).
        language: Option<String>,
    },
    /// A text for the machine-translation service (`[translation]`): a visitor's message for
    /// staff, or a staffer's reply for the visitor. In a lane of its own per conversation and
    /// way, so the original never waits for it. Reported back as [`crate::engine::Outcome::Translated`].
    Translate {
        /// The conversation it belongs to.
        conversation: ConversationId,
        /// What to translate, and what the engine needs when it comes back.
        job: TranslationJob,
    },
    /// A machine translation (or the echo of a translated reply) in the conversation room, as a
    /// notice replying to the message it translates.
    PostTranslation {
        /// The conversation whose room it is.
        conversation: ConversationId,
        /// What the room shows: the mark ("machine translation, th → en") and the words.
        text: String,
        /// The message it replies to; posted without the link if that message is not known.
        reply_to: Option<ReplyTo>,
    },
    /// A notice in the peer worker's desk room (`[peer_desk]`): referrals by pseudonym, kind,
    /// partner and date. Never holds what a visitor wrote.
    PostToPeerDesk {
        /// What the desk shows.
        text: String,
    },
    /// An announcement (`!announce`) to a visitor who asked for news (`/news`), rendered in
    /// their language. Sent at most once: a connector claims it before sending
    /// ([`crate::engine::Engine::claim_once`]), so a restart in the middle of a send does not
    /// send it twice.
    Announce {
        /// The visitor it goes to.
        visitor: VisitorId,
        /// Where it goes on the visitor's platform.
        address: PlatformAddress,
        /// The announcement with the bridge's lines around it.
        text: String,
        /// Which announcement it is ([`crate::news::Sending::number`]).
        number: u32,
        /// Parked in [`Lane::Held`] until the visitor asks for their messages: they hold replies.
        held: bool,
    },
    /// The `/share` message: a short text with the bot's link for the visitor to forward or copy
    /// to a friend. The one message to a visitor sent without Telegram's `protect_content`, and
    /// so with no buttons (a keyboard travels with a forward) and no link preview. Deleted from
    /// the phone `vanish_after_ms` after delivery unless the visitor keeps it.
    ShareInvitation {
        /// The visitor it goes to; names the lane.
        visitor: VisitorId,
        /// Where it goes on the visitor's platform.
        address: PlatformAddress,
        /// The words and the link, in the visitor's language (or the operator's `[share]` text).
        text: String,
        /// Delete the message from the phone this long after it was delivered; `None`: kept.
        vanish_after_ms: Option<i64>,
    },
}

impl Action {
    /// The ordered lane this action is delivered in.
    pub fn lane(&self) -> Lane {
        match self {
            Self::SendToVisitor { visitor, held: true, .. } => Lane::Held(*visitor),
            Self::SendToVisitor { visitor, .. } => Lane::Visitor(*visitor),
            Self::OpenConversationRoom { conversation, .. }
            | Self::SetRoomTopic { conversation, .. }
            | Self::InviteStaff { conversation, .. }
            | Self::RemoveStaff { conversation, .. }
            | Self::PostToConversation { conversation, .. }
            | Self::ForgetRoom { conversation }
            | Self::RenameConversationRoom { conversation, .. }
            | Self::PostTranslation { conversation, .. } => Lane::Room(*conversation),
            Self::Translate { conversation, job } => match job.way {
                Way::ToStaff => Lane::TranslateIn(*conversation),
                Way::ToVisitor => Lane::TranslateOut(*conversation),
            },
            Self::PostToDuty { .. } => Lane::Duty,
            Self::PostToPeerDesk { .. } => Lane::PeerDesk,
            Self::Announce { visitor, held: true, .. } => Lane::Held(*visitor),
            Self::Announce { visitor, .. } => Lane::News(*visitor),
            Self::PromptVisitor { visitor, .. }
            | Self::HideChat { visitor, .. }
            | Self::SendVoice { visitor, .. }
            | Self::ForgetVisitorChat { visitor, .. }
            | Self::ShareInvitation { visitor, .. } => Lane::Visitor(*visitor),
            Self::DeleteVisitorMessages { visitor, .. } => Lane::Cleanup(*visitor),
            Self::AutoHideChat { visitor, .. } => Lane::AutoHide(*visitor),
            Self::SetVisitorMenu { visitor, .. } => Lane::Menu(*visitor),
        }
    }

    /// Where the action goes on the visitor's platform, if it goes to a visitor.
    pub fn visitor_address(&self) -> Option<&PlatformAddress> {
        match self {
            Self::SendToVisitor { address, .. }
            | Self::PromptVisitor { address, .. }
            | Self::HideChat { address, .. }
            | Self::DeleteVisitorMessages { address, .. }
            | Self::SendVoice { address, .. }
            | Self::AutoHideChat { address, .. }
            | Self::ForgetVisitorChat { address, .. }
            | Self::SetVisitorMenu { address, .. }
            | Self::Announce { address, .. }
            | Self::ShareInvitation { address, .. } => Some(address),
            _ => None,
        }
    }

    /// A stable name for logs and metrics: no content, no ids.
    pub fn name(&self) -> &'static str {
        match self {
            Self::SendToVisitor { .. } => "send-to-visitor",
            Self::OpenConversationRoom { .. } => "open-conversation-room",
            Self::SetRoomTopic { .. } => "set-room-topic",
            Self::InviteStaff { .. } => "invite-staff",
            Self::RemoveStaff { .. } => "remove-staff",
            Self::PostToConversation { .. } => "post-to-conversation",
            Self::PostToDuty { .. } => "post-to-duty",
            Self::PromptVisitor { .. } => "prompt-visitor",
            Self::HideChat { .. } => "hide-chat",
            Self::DeleteVisitorMessages { .. } => "delete-visitor-messages",
            Self::SendVoice { .. } => "send-voice",
            Self::AutoHideChat { .. } => "auto-hide-chat",
            Self::ForgetRoom { .. } => "forget-room",
            Self::ForgetVisitorChat { .. } => "forget-visitor-chat",
            Self::RenameConversationRoom { .. } => "rename-conversation-room",
            Self::SetVisitorMenu { .. } => "set-visitor-menu",
            Self::Translate { .. } => "translate",
            Self::PostTranslation { .. } => "post-translation",
            Self::PostToPeerDesk { .. } => "post-to-peer-desk",
            Self::Announce { .. } => "announce",
            Self::ShareInvitation { .. } => "share-invitation",
        }
    }

    /// The file this action carries, if any.
    pub(crate) fn attachment(&self) -> Option<&Attachment> {
        match self {
            Self::SendToVisitor { attachment, .. } | Self::PostToConversation { attachment, .. } => attachment.as_ref(),
            Self::Translate { job, .. } => job.attachment(),
            _ => None,
        }
    }

    /// The text this action carries, if any (for tests and the demo's timeline).
    pub fn text(&self) -> Option<&str> {
        match self {
            Self::SendToVisitor { text, .. }
            | Self::PostToConversation { text, .. }
            | Self::PostToDuty { text }
            | Self::PostToPeerDesk { text }
            | Self::PromptVisitor { text, .. }
            | Self::PostTranslation { text, .. }
            | Self::Announce { text, .. }
            | Self::ShareInvitation { text, .. } => Some(text),
            Self::Translate { job, .. } => Some(&job.text),
            Self::HideChat { .. }
            | Self::DeleteVisitorMessages { .. }
            | Self::AutoHideChat { .. }
            | Self::ForgetRoom { .. }
            | Self::ForgetVisitorChat { .. } => None,
            Self::SendVoice { language, .. } => Some(language),
            Self::SetVisitorMenu { language, .. } => language.as_deref(),
            Self::OpenConversationRoom { name, .. } | Self::RenameConversationRoom { name, .. } => Some(name),
            Self::SetRoomTopic { topic, .. } => Some(topic),
            Self::InviteStaff { matrix_user, .. } | Self::RemoveStaff { matrix_user, .. } => Some(matrix_user),
        }
    }
}

/// No content, no address, no Matrix ids: only what the action is and where it goes.
impl fmt::Debug for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Action::{}({:?})", self.name(), self.lane())
    }
}

/// An ordered delivery lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lane {
    /// Messages and prompts to one visitor, in the order decided.
    Visitor(VisitorId),
    /// Everything to one conversation room.
    Room(ConversationId),
    /// Notices to the duty room.
    Duty,
    /// Deletions that wait for their time, apart from the visitor's lane so they hold nothing up.
    Cleanup(VisitorId),
    /// Replies parked until the visitor asks for them.
    Held(VisitorId),
    /// Auto-hide checks, each due a while after a message; apart, so a long wait holds up no
    /// prompt's deletion.
    AutoHide(VisitorId),
    /// The visitor's chat menu: apart, so a menu Telegram is slow to take holds up no message.
    Menu(VisitorId),
    /// Visitor messages of one conversation waiting for their machine translation: apart from
    /// the room, so the originals are posted at once.
    TranslateIn(ConversationId),
    /// Staff replies of one conversation waiting for their machine translation: apart from the
    /// visitor-to-staff lane, so a reply that cannot be translated holds up no visitor message.
    TranslateOut(ConversationId),
    /// Notices to the peer worker's desk room.
    PeerDesk,
    /// An announcement to one visitor: apart from their conversation, so a message from the
    /// team never waits for an announcement's turn in the pace it goes out at.
    News(VisitorId),
}

impl Lane {
    /// A machine-translation lane: performed by the translation connector.
    pub fn is_translation(&self) -> bool {
        matches!(self, Self::TranslateIn(_) | Self::TranslateOut(_))
    }
}

/// An action waiting in the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub(crate) id: u64,
    /// Which message of a run of relays this is (its transcript seq); 0 for other actions.
    pub(crate) part: u64,
    /// The entry relays a visitor's message (transcript entry `part`) to the room.
    #[serde(default)]
    pub(crate) relay: bool,
    /// What to do.
    pub action: Action,
    /// Stable across retries and restarts; connectors pass it to the platform where they can.
    pub idempotency_key: String,
    /// Failed tries so far; the wait before the next grows with it.
    pub attempts: u32,
    pub(crate) next_attempt_at: Timestamp,
    pub(crate) created_at: Timestamp,
}

impl OutboxEntry {
    /// The entry's id in the outbox ([`crate::engine::Engine::claim_once`] takes it).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The transcript entry (its seq) of the visitor's message this entry posts to the room, if
    /// it is such a relay: the Matrix connector keeps the event it made, for the translation
    /// that will reply to it.
    pub fn relayed_seq(&self) -> Option<u64> {
        self.relay.then_some(self.part)
    }
}

/// How a delivery failed, as the connector judges it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Worth trying again: network down, 5xx, rate limited.
    Retry {
        /// How long the platform asked us to wait, if it said.
        after_ms: Option<i64>,
    },
    /// Never going to work: the visitor blocked the bot, the room is gone.
    Permanent {
        /// Shown to staff, so it must not contain visitor content.
        reason: String,
    },
}

/// How a visitor's message shows in the conversation room: the pseudonym, then the words; media
/// say what they are.
pub(crate) fn relay_text(entry: &TranscriptEntry) -> String {
    let who = match &entry.author {
        Author::Visitor(pseudonym) => pseudonym.to_string(),
        other => other.to_string(),
    };
    match entry.kind {
        // Sized once: every visitor message is relayed, and format! would grow it twice.
        ContentKind::Text => [who.as_str(), ": ", entry.text.as_str()].concat(),
        kind if entry.text.is_empty() => format!("{who}: [{}]", kind.name()),
        kind => format!("{who}: [{}] {}", kind.name(), entry.text),
    }
}

/// Backoff before attempt `attempts + 1`: 1 s, 2 s, 4 s … capped at 5 minutes.
pub(crate) fn backoff_ms(attempts: u32) -> i64 {
    let wait = crate::time::backoff(attempts, Duration::from_secs(1), Duration::from_secs(300));
    i64::try_from(wait.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_an_action_has_no_content_or_address() {
        let action = Action::SendToVisitor {
            visitor: VisitorId::from_bytes([1; 16]),
            conversation: ConversationId::from_bytes([2; 16]),
            address: PlatformAddress::Telegram { user_id: 987_654_321, chat_id: 987_654_321 },
            text: "CANARY text".into(),
            attachment: None,
            held: false,
        };
        let debug = format!("{action:?}");
        assert!(!debug.contains("CANARY") && !debug.contains("987654321"), "{debug}");
        assert!(debug.starts_with("Action::send-to-visitor(Visitor("), "{debug}");
    }

    #[test]
    fn a_relay_names_the_author_then_the_kind_then_the_words() {
        let pseudonym = crate::pseudonym::Pseudonym::from_stored("Blue Heron · 4K7".into());
        let mut entry = TranscriptEntry::text(
            Timestamp(0),
            crate::transcript::Direction::FromVisitor,
            Author::Visitor(pseudonym),
            "hello there",
        );
        assert_eq!(relay_text(&entry), "Blue Heron · 4K7: hello there");
        entry.kind = ContentKind::Photo;
        assert_eq!(relay_text(&entry), "Blue Heron · 4K7: [photo] hello there");
        entry.text.clear();
        assert_eq!(relay_text(&entry), "Blue Heron · 4K7: [photo]");
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_ms(0), 1000);
        assert_eq!(backoff_ms(3), 8000);
        assert_eq!(backoff_ms(30), 300_000);
    }
}
