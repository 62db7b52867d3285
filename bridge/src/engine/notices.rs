//! What staff are told, and in which language.
//!
//! Every staff text is a Fluent message of `locales/<tag>/staff.ftl`. An answer to a staffer
//! goes in that staffer's `staff_language`; a conversation-room notice in the language of the
//! staffer who has the conversation (the team's while nobody has it); a duty-room notice, read by
//! everyone, in the team's `[routing] staff_language`. No staff text holds what a visitor wrote
//! or anyone's platform identity.

use crate::conversation::{Conversation, ConversationState};
use crate::i18n::Arg;
use crate::outbox::Action;
use crate::pseudonym::Pseudonym;
use crate::referral::{ReferralKind, ReferralStatus};
use crate::roster::StaffId;
use crate::store::TxError;

use super::turn::Turn;
use super::{Engine, StaffRoom};

impl Engine {
    /// The topic of a conversation room: where the conversation stands.
    pub(super) fn topic(&self, conversation: &Conversation) -> String {
        let language = self.room_language(conversation);
        match &conversation.state {
            ConversationState::Queued { .. } => self.staff_text(language, "topic-queued", &[]),
            ConversationState::Assigned { staff, .. } => {
                let alias = self.roster.get(staff).map_or_else(|| staff.to_string(), |m| m.alias.clone());
                self.staff_text(language, "topic-assigned", &[("alias", alias.into())])
            }
            ConversationState::Closed { .. } => self.staff_text(language, "topic-closed", &[]),
        }
    }

    pub(super) fn referral_kind(&self, language: &str, kind: ReferralKind) -> String {
        self.staff_text(language, &format!("referral-kind-{}", kind.name()), &[])
    }

    pub(super) fn referral_status(&self, language: &str, status: ReferralStatus) -> String {
        self.staff_text(language, &format!("referral-status-{}", status.name()), &[])
    }
}

impl Turn<'_, '_> {
    pub(crate) fn duty_notice(&mut self, id: &str, args: &[(&str, Arg)]) -> Result<(), TxError> {
        let text = self.engine.staff_text(self.engine.team_language(), id, args);
        self.emit(Action::PostToDuty { text })
    }

    /// A notice in a conversation room, for whoever has the conversation as `conversation` says
    /// (which may be newer than what is stored).
    pub(crate) fn room_notice(
        &mut self,
        conversation: &Conversation,
        id: &str,
        args: &[(&str, Arg)],
    ) -> Result<(), TxError> {
        let text = self.engine.staff_text(self.engine.room_language(conversation), id, args);
        self.emit(Action::PostToConversation { conversation: conversation.id, text, attachment: None, notice: true })
    }

    /// An answer to what `staff` wrote, in their language, in the room they wrote in.
    pub fn reply(&mut self, staff: &StaffId, room: StaffRoom, id: &str, args: &[(&str, Arg)]) -> Result<(), TxError> {
        let text = self.engine.staff_text(self.engine.staffer_language(staff), id, args);
        self.post(room, text)
    }

    /// A notice made of several staff texts, already rendered for whoever reads it.
    pub fn post(&mut self, room: StaffRoom, text: String) -> Result<(), TxError> {
        match room {
            StaffRoom::Duty => self.emit(Action::PostToDuty { text }),
            StaffRoom::PeerDesk => self.emit(Action::PostToPeerDesk { text }),
            StaffRoom::Conversation(conversation) => {
                self.emit(Action::PostToConversation { conversation, text, attachment: None, notice: true })
            }
        }
    }

    /// Shows where the conversation now stands in its room's topic.
    pub(crate) fn set_topic(&mut self, conversation: &Conversation) -> Result<(), TxError> {
        let topic = self.engine.topic(conversation);
        self.emit(Action::SetRoomTopic { conversation: conversation.id, topic })
    }

    /// How staff see a conversation: "Amber Heron · 4K7 · Thai (th) · telegram". No content.
    pub fn label(&self, conversation: &Conversation) -> Result<String, TxError> {
        Ok(conversation_name(&self.visitor_of(conversation)?.pseudonym, conversation))
    }

    /// A delivery that can never succeed: staff hear of it, in the room it concerns.
    pub(crate) fn delivery_failed(&mut self, action: &Action, reason: &str) -> Result<(), TxError> {
        match action {
            Action::SendToVisitor { conversation, .. }
            | Action::PromptVisitor { conversation: Some(conversation), .. } => {
                let Some(conversation) = self.conversation(*conversation)? else {
                    return Ok(());
                };
                self.record_event(conversation.id, &format!("not delivered to the visitor: {reason}"))?;
                self.room_notice(&conversation, "room-not-delivered", &[("reason", reason.into())])
            }
            Action::PromptVisitor { conversation: None, .. }
            | Action::HideChat { .. }
            | Action::AutoHideChat { .. }
            | Action::DeleteVisitorMessages { .. }
            | Action::ForgetVisitorChat { .. }
            | Action::SendVoice { .. }
            | Action::SetVisitorMenu { .. }
            | Action::ShareInvitation { .. } => {
                tracing::warn!(action = action.name(), reason, "a message to a visitor could not be delivered");
                Ok(())
            }
            Action::PostToDuty { .. } => {
                tracing::error!(reason, "a duty room notice could not be delivered");
                Ok(())
            }
            other => {
                let args = [
                    ("action", Arg::from(other.name())),
                    ("lane", Arg::from(format!("{:?}", other.lane()))),
                    ("reason", Arg::from(reason)),
                ];
                self.duty_notice("duty-delivery-failed", &args)
            }
        }
    }
}

/// A conversation room's name, and how notices name the conversation: the pseudonym, the
/// visitor's language (so a worker knows which canned replies fit) and the channel.
pub(super) fn conversation_name(pseudonym: &Pseudonym, conversation: &Conversation) -> String {
    format!("{pseudonym} · {} · {}", language_name(&conversation.language), conversation.channel)
}

/// "Thai (th)": a visitor's language as staff see it, by its English name and tag.
pub(super) fn language_name(tag: &str) -> String {
    crate::i18n::language(tag).map_or_else(|| tag.to_owned(), |l| format!("{} ({})", l.english, l.tag))
}
