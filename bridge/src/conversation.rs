//! Conversations: one visitor's exchange with HopeNow, with its own transcript and data key.

use serde::{Deserialize, Serialize};

use crate::ids::{ConversationId, VisitorId};
use crate::time::Timestamp;

/// A conversation as stored. Holds ids and times only; what was said is in the transcript.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: ConversationId,
    pub visitor: VisitorId,
    pub opened_at: Timestamp,
}
