//! The shift handover: one message in the duty room for the next worker, when a shift ends or
//! someone types `!handover`. Pseudonyms and states only, never what anyone wrote: open
//! conversations by waiting time, the queue, holds due for review, referrals due, and the
//! visitors nobody should write to first (they used the secret word, or hold replies until they
//! ask).

use crate::conversation::Conversation;
use crate::i18n::Arg;
use crate::roster::StaffId;
use crate::store::TxError;

use super::Engine;
use super::turn::Turn;

impl Turn<'_, '_> {
    /// Posts the handover in the duty room, in the team's language; `after` names whose shift
    /// just ended.
    pub(super) fn post_handover(&mut self, after: &[StaffId]) -> Result<(), TxError> {
        let text = self.handover_text(after)?;
        self.emit(crate::outbox::Action::PostToDuty { text })
    }

    fn handover_text(&self, after: &[StaffId]) -> Result<String, TxError> {
        let language = self.engine.team_language();
        let text = |id: &str, args: &[(&str, Arg)]| self.engine.staff_text(language, id, args);
        let time = Arg::from(self.engine.local_time(self.now));
        let mut lines = vec![match after {
            [] => text("handover", &[("time", time)]),
            ended => {
                let staff: Vec<&str> = ended.iter().map(StaffId::as_str).collect();
                text("handover-after-shift", &[("staff", Arg::from(staff.join(", "))), ("time", time)])
            }
        }];
        let today = self.engine.local_date(self.now);

        // Open conversations, whoever has them: the longest unanswered first, answered ones last.
        let mut open: Vec<(Conversation, StaffId)> = Vec::new();
        for (staff, state) in &self.routing.staff {
            for id in &state.open {
                if let Some(conversation) = self.conversation(*id)? {
                    open.push((conversation, staff.clone()));
                }
            }
        }
        open.sort_by_key(|(c, _)| (c.waiting_since.is_none(), c.waiting_since, c.opened_at));
        let mut careful = Vec::new();
        if !open.is_empty() {
            lines.push(text("handover-open", &[("count", Arg::from(open.len()))]));
            for (conversation, staff) in &open {
                let label = Arg::from(self.label(conversation)?);
                let staff = Arg::from(staff.as_str());
                lines.push(match conversation.waiting_since {
                    Some(since) => text(
                        "handover-open-waiting",
                        &[("label", label), ("staff", staff), ("minutes", Arg::from(self.now.minutes_since(since)))],
                    ),
                    None => text("handover-open-answered", &[("label", label), ("staff", staff)]),
                });
                careful.push(conversation.clone());
            }
        }
        if !self.routing.queue.is_empty() {
            lines.push(text("handover-queue", &[("count", Arg::from(self.routing.queue.len()))]));
            for (id, since) in &self.routing.queue {
                if let Some(conversation) = self.conversation(*id)? {
                    let args = [
                        ("label", Arg::from(self.label(&conversation)?)),
                        ("minutes", Arg::from(self.now.minutes_since(*since))),
                    ];
                    lines.push(text("handover-queue-entry", &args));
                    careful.push(conversation);
                }
            }
        }
        let mut holds: Vec<(String, String)> = Vec::new();
        for (id, review) in self.tx.holds_read_ahead() {
            if review.as_str() <= today.as_str()
                && let Some(conversation) = self.conversation(*id)?
            {
                holds.push((review.clone(), self.label(&conversation)?));
            }
        }
        holds.sort();
        if !holds.is_empty() {
            lines.push(text("handover-holds", &[("count", Arg::from(holds.len()))]));
            for (review, label) in holds {
                lines.push(text("handover-hold-entry", &[("label", Arg::from(label)), ("date", Arg::from(review))]));
            }
        }
        let index = self.referral_index()?;
        let mut due: Vec<_> = index
            .open
            .iter()
            .filter_map(|r| r.follow_up.as_deref().filter(|date| *date <= today.as_str()).map(|date| (date, r)))
            .collect();
        due.sort_by_key(|(date, r)| (*date, r.desk));
        let mut referrals = Vec::new();
        for (date, open) in due {
            let Some(conversation) = self.conversation(open.conversation)? else { continue };
            let Some(referral) = conversation.referrals.iter().find(|r| r.number == open.number) else {
                continue;
            };
            let args = [
                ("label", Arg::from(self.label(&conversation)?)),
                ("desk", Arg::from(open.desk)),
                ("kind", Arg::from(self.engine.referral_kind(language, referral.kind))),
                ("date", Arg::from(date)),
                ("status", Arg::from(self.engine.referral_status(language, referral.status))),
            ];
            referrals.push(text("handover-referral-entry", &args));
        }
        if !referrals.is_empty() {
            lines.push(text("handover-referrals", &[("count", Arg::from(referrals.len()))]));
            lines.extend(referrals);
        }
        let mut quiet = Vec::new();
        for conversation in &careful {
            let visitor = self.visitor_of(conversation)?;
            let label = Arg::from(self.label(conversation)?);
            if visitor.silenced {
                quiet.push(text("handover-careful-secret-word", &[("label", label)]));
            } else if visitor.hold_replies == Some(true) {
                quiet.push(text("handover-careful-held", &[("label", label)]));
            }
        }
        if !quiet.is_empty() {
            lines.push(text("handover-careful", &[]));
            lines.extend(quiet);
        }
        if lines.len() == 1 {
            lines.push(text("handover-nothing", &[]));
        }
        Ok(lines.join("\n"))
    }
}

impl Engine {
    /// `now` as "HH:MM" in the shifts' time zone.
    pub(super) fn local_time(&self, now: crate::time::Timestamp) -> String {
        jiff::Timestamp::from_millisecond(now.as_millis())
            .map(|t| t.to_zoned_datetime(self.shifts.zone().clone()).strftime("%H:%M").to_string())
            .unwrap_or_default()
    }

    /// `now`'s date, "YYYY-MM-DD", in the shifts' time zone.
    pub(super) fn local_date(&self, now: crate::time::Timestamp) -> String {
        jiff::Timestamp::from_millisecond(now.as_millis())
            .map(|t| t.to_zoned_datetime(self.shifts.zone().clone()).date().to_string())
            .unwrap_or_default()
    }
}
