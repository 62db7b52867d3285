//! Referrals that follow through: moving one on (from its conversation room, or by its desk
//! number from the peer worker's desk or the duty room), the team's list (`!referrals`), the
//! desk's notice of each new referral and its morning digest, and the duty room told once when
//! a follow-up is a week overdue. Pseudonyms, kinds, partners, dates and states only: a note
//! typed with a move goes to the conversation's transcript, never to a shared room.

use crate::audit::AuditKind;
use crate::command::ReferralFilter;
use crate::conversation::Conversation;
use crate::i18n::Arg;
use crate::referral::{Referral, ReferralStatus};
use crate::roster::{StaffId, StaffMember};
use crate::store::TxError;
use crate::transcript::{Author, ContentKind, Direction};

use super::StaffRoom;
use super::referral_index::OpenReferral;
use super::turn::Turn;

/// Days past its follow-up date after which an open referral is raised in the duty room.
const OVERDUE_DAYS: i64 = 7;

impl Turn<'_, '_> {
    /// `!referral N STATUS [NOTE]` for referral `number` of `conversation`; the answer goes to
    /// `answer` (the room it was typed in).
    pub(super) fn move_referral(
        &mut self,
        member: &StaffMember,
        mut conversation: Conversation,
        number: u32,
        status: ReferralStatus,
        note: Option<String>,
        answer: StaffRoom,
    ) -> Result<(), TxError> {
        let staff = member.id.clone();
        let mine = self.engine.staffer_language(&staff);
        let id = conversation.id;
        let Some(referral) = conversation.referrals.iter_mut().find(|r| r.number == number) else {
            return self.reply(&staff, answer, "command-referral-unknown", &[("number", Arg::from(number))]);
        };
        if !referral.status.can_become(status) {
            let args = [
                ("number", Arg::from(number)),
                ("from", Arg::from(self.engine.referral_status(mine, referral.status))),
                ("to", Arg::from(self.engine.referral_status(mine, status))),
            ];
            return self.reply(&staff, answer, "command-referral-cannot", &args);
        }
        let desk = self.desk_number(id, number)?;
        let before = referral.status;
        referral.status = status;
        let kind = referral.kind;
        let partner = referral.partner.clone();
        let detail = Some(format!("#{number} {kind}: {} -> {}", before.name(), status.name()));
        self.audit(AuditKind::ReferralUpdated, Some(&staff), conversation.visitor, detail)?;
        self.referral_moved(id, number, status.is_final(), &staff)?;
        if status.is_final() {
            self.count(|s| s.outcome(kind.name(), status.name()))?;
            if let Some(partner) = &partner {
                self.count(|s| s.partner_referral(partner.as_str(), status.name()))?;
            }
            self.routing_mut().follow_ups.retain(|f| !(f.conversation == id && f.referral == number));
        }
        self.record_event(id, &format!("referral #{number} ({kind}) is now {} (by {staff})", status.name()))?;
        if let Some(note) = note {
            self.record(id, Direction::Internal, Author::Staff(staff.to_string()), ContentKind::Note, &note)?;
        }
        // The peer worker reads the case only while a referral of theirs is open.
        self.leave_unneeded(&mut conversation)?;
        let mut args = vec![
            ("number", Arg::from(number)),
            ("kind", Arg::from(self.engine.referral_kind(mine, kind))),
            ("status", Arg::from(self.engine.referral_status(mine, status))),
        ];
        let answered = match desk.filter(|_| !status.is_final()) {
            Some(desk) => {
                args.push(("desk", Arg::from(desk)));
                "command-referral-updated-open"
            }
            None => "command-referral-updated",
        };
        self.reply(&staff, answer, answered, &args)?;
        self.put_conversation(&conversation)
    }

    /// `!referral R12 STATUS [NOTE]`: the referral with that desk number, wherever typed.
    pub(super) fn desk_referral(
        &mut self,
        member: &StaffMember,
        answer: StaffRoom,
        desk: u32,
        status: ReferralStatus,
        note: Option<String>,
    ) -> Result<(), TxError> {
        let index = self.referral_index()?;
        let found = index.open.iter().find(|r| r.desk == desk).cloned();
        let conversation = match &found {
            Some(open) => self.conversation(open.conversation)?,
            None => None,
        };
        match (found, conversation) {
            (Some(open), Some(conversation)) => {
                self.move_referral(member, conversation, open.number, status, note, answer)
            }
            _ => self.reply(&member.id, answer, "command-referral-desk-unknown", &[("desk", Arg::from(desk))]),
        }
    }

    /// `!referrals [open|due|mine]`, in the room it was typed in.
    pub(super) fn list_referrals(
        &mut self,
        staff: &StaffId,
        room: StaffRoom,
        filter: ReferralFilter,
    ) -> Result<(), TxError> {
        let language = self.engine.staffer_language(staff);
        let today = self.engine.local_date(self.now);
        let index = self.referral_index()?;
        let chosen: Vec<&OpenReferral> = index
            .open
            .iter()
            .filter(|r| match filter {
                ReferralFilter::Open => true,
                ReferralFilter::Due => r.follow_up.as_deref().is_some_and(|d| d <= today.as_str()),
                ReferralFilter::Mine => &r.by == staff || r.touched_by.contains(staff),
            })
            .collect();
        let heading = match filter {
            ReferralFilter::Open => "command-referrals-open",
            ReferralFilter::Due => "command-referrals-due",
            ReferralFilter::Mine => "command-referrals-mine",
        };
        if chosen.is_empty() {
            return self.reply(staff, room, "command-referrals-none", &[]);
        }
        let mut lines = vec![self.engine.staff_text(language, heading, &[("count", Arg::from(chosen.len()))])];
        for open in chosen {
            if let Some(line) = self.referral_line(language, open)? {
                lines.push(line);
            }
        }
        self.post(room, lines.join("\n"))
    }

    /// One referral as the desk shows it: desk number, pseudonym, kind, partner, state, age,
    /// due date.
    fn referral_line(&self, language: &str, open: &OpenReferral) -> Result<Option<String>, TxError> {
        let Some(conversation) = self.conversation(open.conversation)? else { return Ok(None) };
        let Some(referral) = conversation.referrals.iter().find(|r| r.number == open.number) else {
            return Ok(None);
        };
        let args = [
            ("desk", Arg::from(open.desk)),
            ("label", Arg::from(self.label(&conversation)?)),
            ("kind", Arg::from(self.engine.referral_kind(language, referral.kind))),
            ("partner", Arg::from(self.partner_name(referral))),
            ("status", Arg::from(self.engine.referral_status(language, referral.status))),
            ("days", Arg::from(self.now.minutes_since(referral.at) / (24 * 60))),
            ("date", Arg::from(open.follow_up.clone().unwrap_or_else(|| "—".to_owned()))),
        ];
        Ok(Some(self.engine.staff_text(language, "command-referrals-entry", &args)))
    }

    fn partner_name(&self, referral: &Referral) -> String {
        match &referral.partner {
            Some(id) => self.engine.partners.get(id.as_str()).map_or_else(|| id.to_string(), |p| p.name.clone()),
            None => "—".to_owned(),
        }
    }

    /// A new referral is posted in the peer worker's desk, if there is one.
    pub(super) fn tell_desk_new_referral(&mut self, conversation: &Conversation, number: u32) -> Result<(), TxError> {
        if self.engine.settings.peer_desk.is_none() {
            return Ok(());
        }
        let language = self.engine.team_language();
        let index = self.referral_index()?;
        let Some(open) = index.open.iter().find(|r| r.conversation == conversation.id && r.number == number) else {
            return Ok(());
        };
        let Some(referral) = conversation.referrals.iter().find(|r| r.number == number) else { return Ok(()) };
        let args = [
            ("desk", Arg::from(open.desk)),
            ("label", Arg::from(self.label(conversation)?)),
            ("kind", Arg::from(self.engine.referral_kind(language, referral.kind))),
            ("partner", Arg::from(self.partner_name(referral))),
            ("consent", Arg::from(if referral.consent { "yes" } else { "no" })),
            ("date", Arg::from(open.follow_up.clone().unwrap_or_else(|| "—".to_owned()))),
            ("staff", Arg::from(referral.by.as_str())),
        ];
        let text = self.engine.staff_text(language, "desk-new-referral", &args);
        self.emit(crate::outbox::Action::PostToPeerDesk { text })
    }

    /// Each tick: the desk's morning digest once a day at `[peer_desk] digest_at`, and the duty
    /// room told once of each follow-up a week overdue.
    pub(super) fn referral_reminders(&mut self) -> Result<(), TxError> {
        let today = self.engine.local_date(self.now);
        let Ok(today_date) = today.parse::<jiff::civil::Date>() else { return Ok(()) };
        let mut index = self.referral_index()?;
        let mut changed = false;
        let language = self.engine.team_language();
        for open in index.open.iter_mut().filter(|r| !r.overdue_told) {
            let Some(due) = open.follow_up.as_deref().and_then(|d| d.parse::<jiff::civil::Date>().ok()) else {
                continue;
            };
            if today_date.since(due).map_or(true, |span| span.get_days() < OVERDUE_DAYS as i32) {
                continue;
            }
            open.overdue_told = true;
            changed = true;
            let Some(conversation) = self.conversation(open.conversation)? else { continue };
            let Some(referral) = conversation.referrals.iter().find(|r| r.number == open.number) else { continue };
            let args = [
                ("desk", Arg::from(open.desk)),
                ("label", Arg::from(self.label(&conversation)?)),
                ("kind", Arg::from(self.engine.referral_kind(language, referral.kind))),
                ("date", Arg::from(due.to_string())),
                ("status", Arg::from(self.engine.referral_status(language, referral.status))),
            ];
            self.duty_notice("duty-referral-overdue", &args)?;
        }
        if let Some(desk) = &self.engine.settings.peer_desk
            && self.engine.local_time(self.now) >= desk.digest_at
            && index.last_digest.as_deref() != Some(today.as_str())
        {
            index.last_digest = Some(today.clone());
            changed = true;
            let due: Vec<OpenReferral> = index
                .open
                .iter()
                .filter(|r| r.follow_up.as_deref().is_some_and(|d| d <= today.as_str()))
                .cloned()
                .collect();
            let mut lines = Vec::new();
            for open in &due {
                if let Some(line) = self.referral_line(language, open)? {
                    lines.push(line);
                }
            }
            let heading = if lines.is_empty() {
                self.engine.staff_text(language, "desk-digest-nothing", &[("open", Arg::from(index.open.len()))])
            } else {
                let args = [("count", Arg::from(lines.len())), ("open", Arg::from(index.open.len()))];
                self.engine.staff_text(language, "desk-digest", &args)
            };
            let text = std::iter::once(heading).chain(lines).collect::<Vec<_>>().join("\n");
            self.emit(crate::outbox::Action::PostToPeerDesk { text })?;
        }
        if changed {
            self.put_referral_index(&index)?;
        }
        Ok(())
    }
}
