//! Updates a connector could not read: a visitor may have written, and nobody can tell who.
//!
//! The connector skips such an update by its id (so every later one still arrives) and hands the
//! engine only that it happened, on which channel. Staff are told in the duty room, since someone
//! may be waiting for an answer that cannot come; a flood of them makes one notice an hour, with
//! the count, instead of one each.

use serde::{Deserialize, Serialize};

use crate::i18n::Arg;
use crate::store::{TreeName, TxError};
use crate::time::Timestamp;
use crate::visitor::Channel;

use super::turn::Turn;
use super::{Dedupe, Handled};

const KEY: &[u8] = b"unreadable-updates";
/// At most one duty-room notice per this many minutes; the rest are counted into the next.
const NOTICE_EVERY_MINUTES: i64 = 60;

/// What the engine keeps of unreadable updates: counts only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unreadable {
    /// Since the store was made.
    pub total: u64,
    /// Not yet in a duty-room notice.
    pub untold: u32,
    pub last_notice: Option<Timestamp>,
}

impl Turn<'_, '_> {
    pub(super) fn unreadable_update(
        &mut self,
        channel: Channel,
        dedupe: Option<&Dedupe>,
    ) -> Result<Option<Handled>, TxError> {
        if let Some(dedupe) = dedupe
            && self.seen_before(dedupe)?
        {
            return Ok(Some(Handled::Duplicate));
        }
        let mut record: Unreadable = self.tx.get(TreeName::Meta, KEY)?.unwrap_or_default();
        record.total = record.total.saturating_add(1);
        record.untold = record.untold.saturating_add(1);
        self.tx.put(TreeName::Meta, KEY, &record)?;
        tracing::debug!(channel = channel.name(), "an unreadable update was counted");
        self.tell_unreadable(record)?;
        Ok(None)
    }

    /// Posts the notice if any are untold and the last notice is old enough. Also at each tick,
    /// so the last of a flood is told too.
    pub(super) fn tell_unreadable(&mut self, mut record: Unreadable) -> Result<(), TxError> {
        let recent = record.last_notice.is_some_and(|at| self.now.minutes_since(at) < NOTICE_EVERY_MINUTES);
        if record.untold == 0 || recent {
            return Ok(());
        }
        self.duty_notice("duty-unreadable-update", &[("count", Arg::from(record.untold))])?;
        record.untold = 0;
        record.last_notice = Some(self.now);
        self.tx.put(TreeName::Meta, KEY, &record)
    }

    pub(super) fn tell_unreadable_if_due(&mut self) -> Result<(), TxError> {
        match self.tx.get::<Unreadable>(TreeName::Meta, KEY)? {
            Some(record) if record.untold > 0 => self.tell_unreadable(record),
            _ => Ok(()),
        }
    }
}
