//! Store migrations, one function per schema step. Each reads records in the old encoding and
//! writes them in the new one; records are postcard-encoded (not self-describing), so an added
//! field is a new schema version, never a silent change.

use serde::{Deserialize, Serialize};

use super::{Store, StoreError, TreeName, sealed};
use crate::ids::{ConversationId, VisitorId};
use crate::pseudonym::Pseudonym;
use crate::time::Timestamp;
use crate::visitor::{PlatformAddress, Visitor};

/// A visitor as schema 1 stored it: before the safe word. (Serialize: tests write old data dirs.)
#[derive(Serialize, Deserialize)]
pub(super) struct VisitorV1 {
    pub id: VisitorId,
    pub pseudonym: Pseudonym,
    pub address: PlatformAddress,
    pub language: Option<String>,
    pub first_seen: Timestamp,
    pub blocked: bool,
    pub conversation: Option<ConversationId>,
    pub hold_replies: Option<bool>,
    pub pending_location: Option<String>,
}

/// 1 → 2: visitors gain `safe_word` (none set) and `silenced` (false).
pub(super) fn visitors_gain_the_safe_word(store: &Store) -> Result<(), StoreError> {
    for item in store.tree(TreeName::Visitors).iter() {
        let (key, value) = item?;
        let old: VisitorV1 = sealed::open(&store.keys().state, TreeName::Visitors, &key, &value)?;
        let visitor = Visitor {
            id: old.id,
            pseudonym: old.pseudonym,
            address: old.address,
            language: old.language,
            first_seen: old.first_seen,
            blocked: old.blocked,
            conversation: old.conversation,
            hold_replies: old.hold_replies,
            pending_location: old.pending_location,
            safe_word: None,
            silenced: false,
        };
        store.put(TreeName::Visitors, &key, &visitor)?;
    }
    Ok(())
}
