//! Admission of new conversations: a flood of new accounts must not flood staff or the homeserver.
//!
//! Each new conversation gets a slot for its room: up to `[limits] new_conversations_per_minute`
//! rooms open at once, then one every `60 / N` seconds. A conversation whose slot is later waits:
//! its room-opening action is due only at the slot (and its room lane, with every relay and invite
//! behind it, waits with it), the visitor is told in their language that many people are writing,
//! and it is routed to staff by the first tick after its slot. Nothing a visitor writes meanwhile
//! is lost: it is in the transcript and relayed once the room exists.
//!
//! Routing notices (new, queued, reopened, handed over) go to the duty room one by one up to a few a
//! minute; past that they are counted and the duty room gets one summary line a minute.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::conversation::{Conversation, ConversationState};
use crate::i18n::Arg;
use crate::ids::ConversationId;
use crate::store::{TreeName, TxError};
use crate::time::Timestamp;
use crate::visitor::Visitor;

use super::turn::Turn;

pub(super) const KEY: &[u8] = b"admission";
const MINUTE_MS: i64 = 60_000;
/// Routing notices posted one by one in a minute; the rest go into the minute's summary.
pub const NOTICES_PER_MINUTE: u32 = 5;

/// The admission schedule and the duty room's notice budget, kept in one sealed meta record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Admission {
    /// Where the schedule stands: the next slot is at most a minute's burst before it.
    schedule: Timestamp,
    /// Conversations whose room waits for its slot, in slot order.
    waiting: VecDeque<(ConversationId, Timestamp)>,
    /// Start of the current minute of routing notices.
    window: Timestamp,
    /// Routing notices posted one by one in that minute.
    posted: u32,
    /// Routing notices counted instead of posted, for the next summary.
    untold: u32,
}

impl Default for Admission {
    fn default() -> Self {
        Self { schedule: Timestamp(0), waiting: VecDeque::new(), window: Timestamp(0), posted: 0, untold: 0 }
    }
}

impl Admission {
    /// The time the next new conversation's room may open, and the schedule moved past it: a
    /// burst of `per_minute` rooms at once, then one every `60 / per_minute` seconds.
    fn take_slot(&mut self, now: Timestamp, per_minute: u32) -> Timestamp {
        let interval = MINUTE_MS / i64::from(per_minute.max(1));
        let burst = MINUTE_MS - interval;
        let slot = now.max(Timestamp(self.schedule.0.saturating_sub(burst)));
        self.schedule = Timestamp(self.schedule.max(slot).0.saturating_add(interval));
        slot
    }

    /// Whether a routing notice may be posted now; if not, it is counted for the summary.
    fn may_post(&mut self, now: Timestamp) -> bool {
        if now.0.saturating_sub(self.window.0) >= MINUTE_MS {
            self.window = now;
            self.posted = 0;
        }
        if self.posted < NOTICES_PER_MINUTE {
            self.posted += 1;
            return true;
        }
        self.untold = self.untold.saturating_add(1);
        false
    }

    pub(crate) fn waiting_list(&self) -> Vec<(ConversationId, Timestamp)> {
        self.waiting.iter().copied().collect()
    }

    fn is_waiting(&self, conversation: ConversationId) -> bool {
        self.waiting.iter().any(|(c, _)| *c == conversation)
    }
}

impl Turn<'_, '_> {
    /// The admission record as this turn sees it (read from the store the first time).
    fn admission_read(&mut self) -> Result<&Admission, TxError> {
        if self.admission.is_none() {
            self.admission = Some(self.tx.get(TreeName::Meta, KEY)?.unwrap_or_default());
        }
        Ok(self.admission.get_or_insert_with(Admission::default))
    }

    /// The same, to change: it is written back when the turn ends.
    fn admission(&mut self) -> Result<&mut Admission, TxError> {
        self.admission_read()?;
        self.admission_changed = true;
        Ok(self.admission.get_or_insert_with(Admission::default))
    }

    /// Writes the admission record back if this turn touched it.
    pub(super) fn save_admission(&self) -> Result<(), TxError> {
        match &self.admission {
            Some(admission) if self.admission_changed => self.tx.put(TreeName::Meta, KEY, admission),
            _ => Ok(()),
        }
    }

    /// When a new conversation's room may open; a conversation given a later slot waits.
    pub(super) fn admit_new(&mut self, conversation: ConversationId) -> Result<Timestamp, TxError> {
        let (now, per_minute) = (self.now, self.engine.settings.new_conversations_per_minute);
        let admission = self.admission()?;
        let slot = admission.take_slot(now, per_minute);
        if slot > now {
            admission.waiting.push_back((conversation, slot));
        }
        Ok(slot)
    }

    /// Whether `conversation` still waits for its room (then it is not routed yet).
    pub(super) fn waits_for_room(&mut self, conversation: ConversationId) -> Result<bool, TxError> {
        Ok(self.admission_read()?.is_waiting(conversation))
    }

    /// Tells a visitor whose conversation waits for a room that many people are writing, once.
    pub(super) fn tell_waiting_for_room(
        &mut self,
        visitor: &Visitor,
        conversation: &mut Conversation,
    ) -> Result<(), TxError> {
        // The out-of-hours answer would be wrong while it waits: it comes, if due, at admission.
        conversation.told_out_of_hours = true;
        self.record_event(conversation.id, "waiting for a room: many new conversations")?;
        let emergency = Arg::from(self.engine.settings.emergency_numbers.as_str());
        self.tell_visitor(visitor, conversation, "many-writing-wait", &[("emergency", emergency)])
    }

    /// Routes the conversations whose slot has come (at each tick).
    pub(super) fn admit_due(&mut self) -> Result<(), TxError> {
        let now = self.now;
        self.tell_busy_summary()?;
        loop {
            let Some((id, slot)) = self.admission_read()?.waiting.front().copied() else { break };
            if slot > now {
                break;
            }
            self.admission()?.waiting.pop_front();
            let Some(mut conversation) = self.conversation(id)? else { continue };
            if !matches!(conversation.state, ConversationState::Queued { .. }) {
                continue;
            }
            let visitor = self.visitor_of(&conversation)?;
            self.record_event(id, "room opened after the wait")?;
            self.route(&mut conversation, &visitor)?;
            self.put_conversation(&conversation)?;
        }
        Ok(())
    }

    /// A routing notice for the duty room: posted, or counted into the minute's summary.
    pub(super) fn routing_notice(&mut self, id: &str, args: &[(&str, Arg)]) -> Result<(), TxError> {
        let now = self.now;
        self.tell_busy_summary()?;
        if self.admission()?.may_post(now) {
            self.duty_notice(id, args)?;
        }
        Ok(())
    }

    /// One line for the routing notices counted instead of posted, once their minute is over
    /// (at the next tick or routing notice).
    fn tell_busy_summary(&mut self) -> Result<(), TxError> {
        let (now, rate) = (self.now, self.engine.settings.new_conversations_per_minute);
        let read = self.admission_read()?;
        if read.untold == 0 || now.0.saturating_sub(read.window.0) < MINUTE_MS {
            return Ok(());
        }
        let admission = self.admission()?;
        let count = std::mem::take(&mut admission.untold);
        let waiting = admission.waiting.len();
        admission.window = now;
        admission.posted = 0;
        let args = [
            ("count", Arg::from(count)),
            ("limit", Arg::from(NOTICES_PER_MINUTE)),
            ("waiting", Arg::from(waiting)),
            ("rate", Arg::from(rate)),
        ];
        self.duty_notice("duty-busy", &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp(1_000_000_000 + seconds * 1000)
    }

    #[test]
    fn a_burst_of_the_rate_opens_at_once_and_the_rest_one_by_one() {
        let mut admission = Admission::default();
        let slots: Vec<Timestamp> = (0..25).map(|_| admission.take_slot(at(0), 20)).collect();
        assert!(slots[..20].iter().all(|s| *s == at(0)), "{slots:?}");
        assert_eq!(&slots[20..], &[at(3), at(6), at(9), at(12), at(15)]);
    }

    #[test]
    fn the_schedule_recovers_while_nobody_new_writes() {
        let mut admission = Admission::default();
        for _ in 0..40 {
            admission.take_slot(at(0), 20);
        }
        // 40 taken at once: the last waits till 60 s; by 120 s the whole burst is free again.
        assert_eq!(admission.take_slot(at(60), 20), at(63));
        let slots: Vec<Timestamp> = (0..20).map(|_| admission.take_slot(at(200), 20)).collect();
        assert!(slots.iter().all(|s| *s == at(200)), "{slots:?}");
    }

    #[test]
    fn rooms_opened_in_any_minute_stay_within_the_rate() {
        let mut admission = Admission::default();
        let slots: Vec<i64> = (0..5_000).map(|i| admission.take_slot(at(i / 100), 20).0).collect();
        for start in slots.iter().step_by(37) {
            let in_minute = slots.iter().filter(|s| **s >= *start && **s < start + MINUTE_MS).count();
            // The first minute may hold the burst and the first of the steady rate.
            assert!(in_minute <= 40, "{in_minute} rooms in the minute from {start}");
        }
        let steady: Vec<&i64> = slots.iter().filter(|s| **s >= at(120).0).collect();
        for pair in steady.windows(2) {
            assert_eq!(pair[1] - pair[0], 3_000, "one room every 3 s after the burst");
        }
    }

    #[test]
    fn notices_past_the_minutes_budget_are_counted() {
        let mut admission = Admission::default();
        let posted = (0..12).filter(|_| admission.may_post(at(0))).count();
        assert_eq!(posted, NOTICES_PER_MINUTE as usize);
        assert_eq!(admission.untold, 12 - NOTICES_PER_MINUTE);
        assert!(admission.may_post(at(61)), "a new minute posts again");
    }
}
