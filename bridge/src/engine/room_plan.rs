//! What a conversation's staff room should look like now, for a connector that lost the room
//! (deleted by a homeserver admin, the bot kicked out) and must make it again.

use crate::conversation::{Conversation, ConversationState};
use crate::ids::ConversationId;

use super::{Engine, EngineError};

/// Name, topic and members of a conversation room, as the engine's records say today.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomPlan {
    pub name: String,
    pub topic: String,
    /// Matrix ids of the staff who belong in the room (the assignee and referral takers).
    pub members: Vec<String>,
    /// Routing facts for the staff who join the new room, which cannot show the old one's messages.
    pub notice: String,
}

impl Engine {
    /// The room a conversation should have; `None` once it is forgotten or shredded (then
    /// nothing should be made again).
    pub fn room_plan(&self, conversation: ConversationId) -> Result<Option<RoomPlan>, EngineError> {
        let Some(conversation) = self.store.conversation(conversation)? else {
            return Ok(None);
        };
        let Some(visitor) = self.store.visitor(conversation.visitor)? else {
            return Ok(None);
        };
        let name = format!("{} · {} · {}", visitor.pseudonym, conversation.language, conversation.channel);
        let members = conversation
            .members
            .iter()
            .filter_map(|id| self.roster.get(id))
            .map(|member| member.matrix_user.clone())
            .collect();
        Ok(Some(RoomPlan {
            topic: self.topic(&conversation),
            notice: format!(
                "The earlier room of this conversation was lost, so this one replaces it. Earlier messages \
                 are kept in the transcript (hopenow transcript show {}). {name}; open since {} min.",
                conversation.id,
                self.now().minutes_since(conversation.opened_at)
            ),
            name,
            members,
        }))
    }

    fn topic(&self, conversation: &Conversation) -> String {
        match &conversation.state {
            ConversationState::Queued { .. } => "queued: nobody on duty".to_owned(),
            ConversationState::Assigned { staff, .. } => {
                let alias = self.roster.get(staff).map_or_else(|| staff.to_string(), |m| m.alias.clone());
                format!("assigned to {alias}")
            }
            ConversationState::Closed { .. } => "closed".to_owned(),
        }
    }
}
