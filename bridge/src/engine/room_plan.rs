//! What a conversation's staff room should look like now, for a connector that lost the room
//! (deleted by a homeserver admin, the bot kicked out) and must make it again.

use crate::i18n::Arg;
use crate::ids::ConversationId;

use super::notices::conversation_name;
use super::{Engine, EngineError};

/// Name, topic and members of a conversation room, as the engine's records say today.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomPlan {
    /// The room's name: the pseudonym, the visitor's language and the channel.
    pub name: String,
    /// Where the conversation stands.
    pub topic: String,
    /// Matrix ids of the staff who belong in the room (the assignee and referral takers).
    pub members: Vec<String>,
    /// Routing facts for the staff who join the new room, which cannot show the old one's messages.
    pub notice: String,
}

impl Engine {
    /// See [`Engine::room_plan`].
    pub(super) fn plan_room(&self, conversation: ConversationId) -> Result<Option<RoomPlan>, EngineError> {
        let Some(conversation) = self.store.conversation(conversation)? else {
            return Ok(None);
        };
        let Some(visitor) = self.store.visitor(conversation.visitor)? else {
            return Ok(None);
        };
        let name = conversation_name(&visitor.pseudonym, &conversation);
        let members = conversation
            .members
            .iter()
            .filter_map(|id| self.roster.get(id))
            .map(|member| member.matrix_user.clone())
            .collect();
        let args = [
            ("conversation", Arg::from(conversation.id.to_string())),
            ("name", Arg::from(name.as_str())),
            ("minutes", Arg::from(self.now().minutes_since(conversation.opened_at))),
        ];
        Ok(Some(RoomPlan {
            topic: self.topic(&conversation),
            notice: self.staff_text(self.room_language(&conversation), "room-replaced", &args),
            name,
            members,
        }))
    }
}
