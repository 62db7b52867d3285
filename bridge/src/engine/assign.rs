//! Routing moves: a conversation given to a staffer, queued, handed over, redistributed when
//! someone goes off duty or leaves the roster; and who is invited to or removed from its room.
//! The rule that picks the staffer is `crate::routing::choose`; this is what follows from it.

use crate::conversation::{Conversation, ConversationState};
use crate::i18n::Arg;
use crate::ids::ConversationId;
use crate::outbox::Action;
use crate::roster::{Role, StaffId};
use crate::routing::{Candidate, choose};
use crate::store::{TreeName, TxError};
use crate::visitor::Visitor;

use super::turn::{STAFF_DIRECTORY_KEY, StaffDirectory, Turn};

/// Why a conversation changed hands, for the notices.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Because {
    New,
    Queue,
    Transfer,
    Unanswered,
    OffDuty,
}

impl Because {
    /// The duty-room notice of a conversation given to a staffer for this reason.
    fn duty_text(self) -> &'static str {
        match self {
            Because::New => "duty-new-conversation",
            Because::Queue => "duty-from-queue",
            Because::Transfer => "duty-transferred",
            Because::Unanswered => "duty-reassigned-unanswered",
            Because::OffDuty => "duty-reassigned-off-duty",
        }
    }

    /// The same, in the transcript (kept in one language, whoever reads it later).
    fn event(self) -> &'static str {
        match self {
            Because::New => "new conversation",
            Because::Queue => "from the queue",
            Because::Transfer => "transferred",
            Because::Unanswered => "reassigned: not answered in time",
            Because::OffDuty => "reassigned: previous staffer went off duty",
        }
    }
}

impl Turn<'_, '_> {
    /// On-duty outreach staff as the assignment rule sees them.
    fn candidates(&self, language: &str) -> Vec<Candidate<'_>> {
        self.routing
            .on_duty()
            .filter_map(|(id, state)| {
                let member = self.engine.roster.get(id)?;
                member.has_role(Role::Outreach).then(|| Candidate {
                    id,
                    speaks_language: member.speaks(language),
                    open: state.open.len(),
                    idle_since: state.idle_since,
                })
            })
            .collect()
    }

    pub(crate) fn choose_for(&self, conversation: &Conversation) -> Option<StaffId> {
        choose(&self.candidates(&conversation.language), &conversation.passed_over).cloned()
    }

    /// Routes a new or reopened conversation: to a staffer, or into the queue.
    pub fn route(&mut self, conversation: &mut Conversation, visitor: &Visitor) -> Result<(), TxError> {
        if self.waits_for_room(conversation.id)? {
            return self.tell_waiting_for_room(visitor, conversation);
        }
        match self.choose_for(conversation) {
            Some(staff) => {
                self.assign(conversation, &staff, Because::New)?;
                self.tell_visitor(visitor, conversation, "received", &[])
            }
            None => {
                self.enqueue_conversation(conversation)?;
                let label = self.label(conversation)?;
                self.routing_notice("duty-waiting", &[("label", label.into())])?;
                self.tell_out_of_hours(visitor, conversation)
            }
        }
    }

    /// Gives `conversation` to `staff`, inviting them and (except for referrals) removing whoever
    /// had it before.
    pub(crate) fn assign(
        &mut self,
        conversation: &mut Conversation,
        staff: &StaffId,
        because: Because,
    ) -> Result<(), TxError> {
        let now = self.now;
        let routing = self.routing_mut();
        routing.unqueue(conversation.id);
        routing.release(conversation.id);
        let state = routing.staff_mut(staff, now);
        state.open.insert(conversation.id);
        state.idle_since = now;
        conversation.state = ConversationState::Assigned { staff: staff.clone(), since: now };
        conversation.told_out_of_hours = false;
        conversation.escalated = false;

        // Whoever had it before (now, or before it was closed or queued) leaves.
        self.leave_unneeded(conversation)?;
        self.invite(conversation, staff)?;
        let label = self.label(conversation)?;
        self.record_event(conversation.id, &format!("assigned to {staff} ({})", because.event()))?;
        if because != Because::Transfer {
            // A transfer is logged by the command, with who handed it over.
            let reason = Some(because.event().to_owned());
            self.audit(crate::audit::AuditKind::Assigned, Some(staff), conversation.visitor, reason)?;
        }
        self.set_topic(conversation)?;
        self.routing_notice(because.duty_text(), &[("label", label.into()), ("staff", staff.as_str().into())])
    }

    /// Removes from the room every member who no longer handles the conversation: all but its
    /// assignee and, while a referral they may read is open, the peer workers. A closed
    /// conversation keeps its people until it is given to someone again.
    pub(crate) fn leave_unneeded(&mut self, conversation: &mut Conversation) -> Result<(), TxError> {
        if matches!(conversation.state, ConversationState::Closed { .. }) {
            return Ok(());
        }
        let referral_open = conversation.referrals.iter().any(|r| r.consent && !r.status.is_final());
        let roster = &self.engine.roster;
        let needed = |staff: &StaffId| {
            conversation.assignee() == Some(staff)
                || (referral_open && roster.get(staff).is_some_and(|m| m.has_role(Role::Peer)))
        };
        let (keep, leave): (Vec<StaffId>, Vec<StaffId>) = conversation.members.iter().cloned().partition(needed);
        if leave.is_empty() {
            return Ok(());
        }
        conversation.members = keep;
        for staff in leave {
            if let Some(matrix_user) = self.matrix_user_of(&staff)? {
                self.emit(Action::RemoveStaff { conversation: conversation.id, matrix_user })?;
            }
        }
        Ok(())
    }

    /// A staffer's Matrix account: from the roster, or from the last roster that had them.
    fn matrix_user_of(&self, staff: &StaffId) -> Result<Option<String>, TxError> {
        if let Some(member) = self.engine.roster.get(staff) {
            return Ok(Some(member.matrix_user.clone()));
        }
        let directory: StaffDirectory = self.tx.get(TreeName::Meta, STAFF_DIRECTORY_KEY)?.unwrap_or_default();
        Ok(directory.get(staff.as_str()).cloned())
    }

    pub fn invite(&mut self, conversation: &mut Conversation, staff: &StaffId) -> Result<(), TxError> {
        if conversation.members.contains(staff) {
            return Ok(());
        }
        let Some(member) = self.engine.roster.get(staff) else { return Ok(()) };
        let matrix_user = member.matrix_user.clone();
        conversation.members.push(staff.clone());
        self.emit(Action::InviteStaff { conversation: conversation.id, matrix_user })
    }

    pub(crate) fn enqueue_conversation(&mut self, conversation: &mut Conversation) -> Result<(), TxError> {
        let since = match conversation.state {
            ConversationState::Queued { since } => since,
            _ => self.now,
        };
        conversation.state = ConversationState::Queued { since };
        // Nobody handles it while it waits: whoever had it leaves until it is given again.
        self.leave_unneeded(conversation)?;
        let routing = self.routing_mut();
        routing.release(conversation.id);
        if !routing.queue.iter().any(|(c, _)| *c == conversation.id) {
            routing.queue.push((conversation.id, since));
            routing.queue.sort_by_key(|(_, since)| *since);
        }
        self.record_event(conversation.id, "queued")?;
        self.set_topic(conversation)
    }

    /// Tells a visitor nobody can answer now: when someone will, and the emergency numbers.
    pub(crate) fn tell_out_of_hours(
        &mut self,
        visitor: &Visitor,
        conversation: &mut Conversation,
    ) -> Result<(), TxError> {
        conversation.told_out_of_hours = true;
        let emergency = Arg::from(self.engine.settings.emergency_numbers.as_str());
        let roster = &self.engine.roster;
        let next =
            self.engine.shifts.next_start(self.now, |s| roster.get(s).is_some_and(|m| m.has_role(Role::Outreach)));
        let parts = next.and_then(|next| self.engine.shifts.local_parts(next, self.now)).map(|(date, time, days)| {
            let language = conversation.language.as_str();
            let date = crate::i18n::dates::format_date(language, date).unwrap_or_else(|| date.to_string());
            let time =
                crate::i18n::dates::format_time(language, time).unwrap_or_else(|| time.strftime("%H:%M").to_string());
            (date, time, days)
        });
        match parts {
            Some((_, time, 0)) => self.tell_visitor(
                visitor,
                conversation,
                "out-of-hours-today",
                &[("time", time.into()), ("emergency", emergency)],
            ),
            Some((_, time, 1)) => self.tell_visitor(
                visitor,
                conversation,
                "out-of-hours-tomorrow",
                &[("time", time.into()), ("emergency", emergency)],
            ),
            Some((date, time, _)) => self.tell_visitor(
                visitor,
                conversation,
                "out-of-hours-later",
                &[("date", date.into()), ("time", time.into()), ("emergency", emergency)],
            ),
            None => self.tell_visitor(visitor, conversation, "out-of-hours-unknown", &[("emergency", emergency)]),
        }
    }

    /// Gives every queued conversation, oldest first, to on-duty staff.
    pub(crate) fn drain_queue(&mut self) -> Result<(), TxError> {
        let queued: Vec<ConversationId> = self.routing.queue.iter().map(|(c, _)| *c).collect();
        for id in queued {
            let Some(mut conversation) = self.conversation(id)? else {
                self.routing_mut().unqueue(id);
                continue;
            };
            let Some(staff) = self.choose_for(&conversation) else { break };
            self.assign(&mut conversation, &staff, Because::Queue)?;
            self.put_conversation(&conversation)?;
        }
        Ok(())
    }

    /// Moves a staffer's open conversations to others on duty, or to the queue.
    pub(crate) fn redistribute(&mut self, staff: &StaffId, because: Because) -> Result<(), TxError> {
        let open: Vec<ConversationId> =
            self.routing.staff.get(staff).map(|s| s.open.iter().copied().collect()).unwrap_or_default();
        for id in open {
            let Some(mut conversation) = self.conversation(id)? else {
                self.routing_mut().release(id);
                continue;
            };
            match self.choose_for(&conversation).filter(|next| next != staff) {
                Some(next) => self.assign(&mut conversation, &next, because)?,
                None => {
                    self.enqueue_conversation(&mut conversation)?;
                    let label = self.label(&conversation)?;
                    self.routing_notice("duty-back-in-queue", &[("label", label.into())])?;
                }
            }
            self.put_conversation(&conversation)?;
        }
        Ok(())
    }

    /// Staff no longer in the roster give back their conversations and leave every room they
    /// are in (`rooms`: the conversations a scan found them members of); shown once at start.
    pub(crate) fn reconcile_roster(&mut self, rooms: &[ConversationId]) -> Result<(), TxError> {
        let gone: Vec<StaffId> =
            self.routing.staff.keys().filter(|id| self.engine.roster.get(id).is_none()).cloned().collect();
        for staff in gone {
            let open: Vec<ConversationId> =
                self.routing.staff.get(&staff).map(|s| s.open.iter().copied().collect()).unwrap_or_default();
            if let Some(state) = self.routing_mut().staff.get_mut(&staff) {
                state.on_duty = false;
            }
            for id in open {
                if let Some(mut conversation) = self.conversation(id)? {
                    self.enqueue_conversation(&mut conversation)?;
                    self.put_conversation(&conversation)?;
                }
            }
            self.routing_mut().staff.remove(&staff);
        }
        for &id in rooms {
            let Some(mut conversation) = self.conversation(id)? else { continue };
            let before = conversation.members.clone();
            if matches!(conversation.state, ConversationState::Closed { .. }) {
                // Closed rooms keep their people, but not people who left the team.
                let roster = &self.engine.roster;
                let (keep, gone): (Vec<StaffId>, Vec<StaffId>) =
                    before.iter().cloned().partition(|m| roster.get(m).is_some());
                conversation.members = keep;
                for staff in gone {
                    if let Some(matrix_user) = self.matrix_user_of(&staff)? {
                        self.emit(Action::RemoveStaff { conversation: id, matrix_user })?;
                    }
                }
            } else {
                self.leave_unneeded(&mut conversation)?;
            }
            if conversation.members != before {
                self.put_conversation(&conversation)?;
            }
        }
        // Written last: the removals above still found the accounts of those who left.
        let directory: StaffDirectory =
            self.engine.roster.members().iter().map(|m| (m.id.as_str().to_owned(), m.matrix_user.clone())).collect();
        if self.tx.get::<StaffDirectory>(TreeName::Meta, STAFF_DIRECTORY_KEY)?.as_ref() != Some(&directory) {
            self.tx.put(TreeName::Meta, STAFF_DIRECTORY_KEY, &directory)?;
        }
        self.drain_queue()
    }
}

impl super::Engine {
    /// The conversations whose rooms still have someone the roster no longer has. Scans only
    /// when someone left, so an ordinary start reads no conversation.
    pub(super) fn rooms_of_former_staff(&self) -> Result<Vec<ConversationId>, super::EngineError> {
        let directory: StaffDirectory = self.store.get(TreeName::Meta, STAFF_DIRECTORY_KEY)?.unwrap_or_default();
        let routing = self.routing()?;
        let gone = |id: &str| self.roster.get(&StaffId::new(id)).is_none();
        if !directory.keys().any(|id| gone(id)) && !routing.staff.keys().any(|id| gone(id.as_str())) {
            return Ok(Vec::new());
        }
        let conversations = self.store.scan_conversations()?;
        Ok(conversations
            .into_iter()
            .filter(|(_, c)| c.members.iter().any(|m| gone(m.as_str())))
            .map(|(id, _)| id)
            .collect())
    }
}
