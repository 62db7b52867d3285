//! Updates a connector could not read: a visitor may have written, and nobody can tell who.
//!
//! The connector skips such an update by its id (so every later one still arrives) and hands the
//! engine only that it happened, on which channel. Staff are told in the duty room, since someone
//! may be waiting for an answer that cannot come; a flood of them makes one notice an hour, with
//! the count, instead of one each. On Matrix the update was read, but the engine could not apply
//! it (a damaged record it touches, a bug): it may have been a staffer's answer, so that channel
//! keeps its own count and its own words.

use serde::{Deserialize, Serialize};

use crate::i18n::Arg;
use crate::store::{TreeName, TxError};
use crate::time::Timestamp;
use crate::visitor::Channel;

use super::turn::Turn;
use super::{Dedupe, Handled};

/// Telegram's count keeps the key it had before Matrix had one.
const KEY: &[u8] = b"unreadable-updates";
const MATRIX_KEY: &[u8] = b"unreadable-updates-matrix";
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
        let mut record: Unreadable = self.tx.get(TreeName::Meta, key(channel))?.unwrap_or_default();
        record.total = record.total.saturating_add(1);
        record.untold = record.untold.saturating_add(1);
        self.tx.put(TreeName::Meta, key(channel), &record)?;
        tracing::debug!(channel = channel.name(), "an unreadable update was counted");
        self.tell_unreadable(channel, record)?;
        Ok(None)
    }

    /// Posts the notice if any are untold and the last notice is old enough. Also at each tick,
    /// so the last of a flood is told too.
    pub(super) fn tell_unreadable(&mut self, channel: Channel, mut record: Unreadable) -> Result<(), TxError> {
        let recent = record.last_notice.is_some_and(|at| self.now.minutes_since(at) < NOTICE_EVERY_MINUTES);
        if record.untold == 0 || recent {
            return Ok(());
        }
        let message = match channel {
            Channel::Telegram => "duty-unreadable-update",
            Channel::Matrix => "duty-unapplied-matrix-event",
        };
        self.duty_notice(message, &[("count", Arg::from(record.untold))])?;
        record.untold = 0;
        record.last_notice = Some(self.now);
        self.tx.put(TreeName::Meta, key(channel), &record)
    }

    pub(super) fn tell_unreadable_if_due(&mut self) -> Result<(), TxError> {
        for channel in [Channel::Telegram, Channel::Matrix] {
            if let Some(record) = self.tx.get::<Unreadable>(TreeName::Meta, key(channel))?
                && record.untold > 0
            {
                self.tell_unreadable(channel, record)?;
            }
        }
        Ok(())
    }
}

fn key(channel: Channel) -> &'static [u8] {
    match channel {
        Channel::Telegram => KEY,
        Channel::Matrix => MATRIX_KEY,
    }
}
