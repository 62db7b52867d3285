//! The engine's side of the statistics: counters moved in the same transaction as the event.

use crate::conversation::Conversation;
use crate::stats::{WeekStats, week_of};
use crate::store::TxError;
use crate::time::Timestamp;

use super::turn::Turn;

impl Turn<'_, '_> {
    /// Changes the counters of the week `at` falls in (in the shifts' time zone).
    pub(crate) fn count_at(&self, at: Timestamp, change: impl FnOnce(&mut WeekStats)) -> Result<(), TxError> {
        let Some(week) = week_of(self.engine.shifts.zone(), at) else { return Ok(()) };
        self.tx.update_week_stats(week, change)
    }

    /// Changes this week's counters.
    pub fn count(&self, change: impl FnOnce(&mut WeekStats)) -> Result<(), TxError> {
        self.count_at(self.now, change)
    }

    /// A conversation opened. `had_one`: the visitor had a conversation before (a return).
    pub(crate) fn count_opened(&self, conversation: &Conversation, had_one: bool) -> Result<(), TxError> {
        if had_one {
            return self.count(|s| s.returning = s.returning.saturating_add(1));
        }
        self.count(|s| s.new_contact(&conversation.language, conversation.channel.name()))
    }

    /// The visitor chose a language for the first time while their first conversation was in
    /// `from`: its new contact moves to the language they chose.
    pub(crate) fn count_language_chosen(&self, conversation: &Conversation, from: &str) -> Result<(), TxError> {
        if from == conversation.language {
            return Ok(());
        }
        self.count_at(conversation.opened_at, |s| {
            s.move_contact(from, &conversation.language, conversation.channel.name());
        })
    }

    /// Staff answered `conversation` (before [`super::staff`]'s `answered` clears its waiting
    /// time): the first answer of a conversation counts its wait, once.
    pub(crate) fn count_first_response(&self, conversation: &Conversation) -> Result<(), TxError> {
        if conversation.first_response_at.is_some() {
            return Ok(());
        }
        let since = conversation.waiting_since.unwrap_or(conversation.opened_at);
        let seconds =
            u32::try_from(self.now.as_millis().saturating_sub(since.as_millis()).max(0) / 1000).unwrap_or(u32::MAX);
        self.count(|s| s.first_response(seconds))
    }
}
