//! The exact location a visitor shared waits for their answer to "may the team see it?" only so
//! long: unanswered, it is forgotten, so a sealed record does not keep the exact spot.

use std::collections::BTreeMap;

use crate::ids::VisitorId;
use crate::store::{TreeName, TxError};
use crate::time::Timestamp;

use super::turn::Turn;

/// How long the question waits for an answer.
pub const LOCATION_ANSWER_MS: i64 = 30 * 60 * 1000;

/// Visitors with an exact location waiting, and until when (a sealed record of the meta tree:
/// ticks read it by key, never scan for it).
const DEADLINES_KEY: &[u8] = b"location-deadlines";
type Deadlines = BTreeMap<VisitorId, Timestamp>;

impl Turn<'_, '_> {
    /// The location question was just asked of `visitor`.
    pub(super) fn location_asked(&mut self, visitor: VisitorId) -> Result<(), TxError> {
        let mut deadlines: Deadlines = self.tx.get(TreeName::Meta, DEADLINES_KEY)?.unwrap_or_default();
        deadlines.insert(visitor, self.now.plus_millis(LOCATION_ANSWER_MS));
        self.tx.put(TreeName::Meta, DEADLINES_KEY, &deadlines)
    }

    /// `visitor` answered, or is gone: nothing waits for them any more.
    pub(super) fn location_settled(&mut self, visitor: VisitorId) -> Result<(), TxError> {
        let mut deadlines: Deadlines = self.tx.get(TreeName::Meta, DEADLINES_KEY)?.unwrap_or_default();
        if deadlines.remove(&visitor).is_some() {
            self.tx.put(TreeName::Meta, DEADLINES_KEY, &deadlines)?;
        }
        Ok(())
    }

    /// On each tick: exact locations whose question went unanswered are forgotten.
    pub(super) fn forget_unanswered_locations(&mut self) -> Result<(), TxError> {
        let deadlines: Deadlines = self.tx.get(TreeName::Meta, DEADLINES_KEY)?.unwrap_or_default();
        let (due, waiting): (Deadlines, Deadlines) = deadlines.into_iter().partition(|(_, until)| *until <= self.now);
        if due.is_empty() {
            return Ok(());
        }
        for visitor in due.keys() {
            if let Some(mut record) = self.visitor(*visitor)?
                && record.pending_location.take().is_some()
            {
                self.put_visitor(&record)?;
            }
        }
        self.tx.put(TreeName::Meta, DEADLINES_KEY, &waiting)
    }
}
