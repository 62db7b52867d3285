//! Timer ticks: shifts starting and ending, unanswered conversations, referral follow-ups.

use crate::conversation::ConversationState;
use crate::i18n::Arg;
use crate::ids::ConversationId;
use crate::roster::StaffId;
use crate::routing::DutySource;
use crate::store::TxError;

use super::Handled;
use super::assign::Because;
use super::turn::Turn;

impl Turn<'_, '_> {
    pub(super) fn tick(&mut self) -> Result<Option<Handled>, TxError> {
        self.shift_changes()?;
        self.unanswered()?;
        self.follow_ups()?;
        self.referral_reminders()?;
        self.forget_unanswered_locations()?;
        self.tell_unreadable_if_due()?;
        self.admit_due()?;
        let now = self.now;
        self.routing_mut().last_tick = Some(now);
        Ok(None)
    }

    /// Brings staff on duty when their shift starts and off when it ends. A manual `!duty`
    /// since then wins until the next change of shift.
    fn shift_changes(&mut self) -> Result<(), TxError> {
        let shifts = &self.engine.shifts;
        let last = self.routing.last_tick;
        let staff: Vec<StaffId> = shifts.staff().into_iter().cloned().collect();
        let mut came_on = false;
        let mut ended = Vec::new();
        for id in staff {
            let was = last.is_some_and(|t| shifts.on_shift(&id, t));
            let is = shifts.on_shift(&id, self.now);
            if was == is {
                continue;
            }
            let now = self.now;
            let current = self.routing.staff.get(&id).cloned();
            if is && !current.as_ref().is_some_and(|s| s.on_duty) {
                let state = self.routing_mut().staff_mut(&id, now);
                state.on_duty = true;
                state.source = DutySource::Shift;
                state.idle_since = now;
                self.duty_notice("duty-shift-started", &[("staff", Arg::from(id.as_str()))])?;
                came_on = true;
            } else if !is && current.is_some_and(|s| s.on_duty && s.source == DutySource::Shift) {
                self.routing_mut().staff_mut(&id, now).on_duty = false;
                self.duty_notice("duty-shift-ended", &[("staff", Arg::from(id.as_str()))])?;
                self.redistribute(&id, Because::OffDuty)?;
                ended.push(id);
            }
        }
        if came_on {
            self.drain_queue()?;
        }
        if !ended.is_empty() {
            // After the queue was drained: the handover shows who has what now.
            self.post_handover(&ended)?;
        }
        Ok(())
    }

    /// Conversations whose visitor has waited too long for the assigned staffer go to the next
    /// candidate. Each staffer is passed over once per round, so it can never bounce for ever:
    /// when nobody is left, the duty room is told once and the conversation stays.
    fn unanswered(&mut self) -> Result<(), TxError> {
        let limit = self.engine.settings.unanswered_minutes;
        let assigned: Vec<(StaffId, ConversationId)> =
            self.routing.staff.iter().flat_map(|(s, state)| state.open.iter().map(move |c| (s.clone(), *c))).collect();
        for (staff, id) in assigned {
            let Some(mut conversation) = self.conversation(id)? else {
                self.routing_mut().release(id);
                continue;
            };
            let (Some(waiting), ConversationState::Assigned { since, .. }) =
                (conversation.waiting_since, &conversation.state)
            else {
                continue;
            };
            let clock_start = waiting.max(*since);
            if self.now.minutes_since(clock_start) < limit {
                continue;
            }
            if !conversation.passed_over.contains(&staff) {
                conversation.passed_over.push(staff.clone());
            }
            let mut args = vec![
                ("minutes", Arg::from(self.now.minutes_since(waiting))),
                ("label", Arg::from(self.label(&conversation)?)),
                ("staff", Arg::from(staff.as_str())),
            ];
            match self.choose_for(&conversation) {
                Some(next) => {
                    args.push(("next", Arg::from(next.as_str())));
                    self.duty_notice("duty-unanswered-reassigned", &args)?;
                    self.assign(&mut conversation, &next, Because::Unanswered)?;
                }
                None if !conversation.escalated => {
                    conversation.escalated = true;
                    self.duty_notice("duty-unanswered-stays", &args)?;
                }
                None => {}
            }
            self.put_conversation(&conversation)?;
        }
        Ok(())
    }

    /// Reminds the duty room of referral follow-ups due today (in the shifts' time zone).
    fn follow_ups(&mut self) -> Result<(), TxError> {
        if self.routing.follow_ups.is_empty() {
            return Ok(());
        }
        let Ok(today) = jiff::Timestamp::from_millisecond(self.now.as_millis()) else { return Ok(()) };
        let today = today.to_zoned_datetime(self.engine.shifts.zone().clone()).date().to_string();
        let due: Vec<_> = self.routing.follow_ups.iter().filter(|f| f.date <= today).cloned().collect();
        for follow_up in due {
            self.routing_mut().follow_ups.retain(|f| f != &follow_up);
            let Some(mut conversation) = self.conversation(follow_up.conversation)? else { continue };
            let label = self.label(&conversation)?;
            let Some(referral) = conversation.referrals.iter_mut().find(|r| r.number == follow_up.referral) else {
                continue;
            };
            if referral.status.is_final() || referral.reminded {
                continue;
            }
            referral.reminded = true;
            let team = self.engine.team_language();
            let args = [
                ("number", Arg::from(referral.number)),
                ("kind", Arg::from(self.engine.referral_kind(team, referral.kind))),
                ("label", Arg::from(label)),
                ("status", Arg::from(self.engine.referral_status(team, referral.status))),
            ];
            self.duty_notice("duty-follow-up-due", &args)?;
            self.put_conversation(&conversation)?;
        }
        Ok(())
    }
}
