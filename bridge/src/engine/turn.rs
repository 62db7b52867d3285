//! One transaction's worth of engine work: the routing state loaded once, changed in memory,
//! written back at the end; and the shared moves every event uses (assign, queue, notify).

use crate::chat::MessageRef;
use crate::conversation::{Conversation, ConversationState};
use crate::i18n::Arg;
use crate::ids::{ConversationId, VisitorId};
use crate::outbox::{Action, Lane, relay_text};
use crate::roster::{Role, StaffId};
use crate::routing::{Candidate, RoutingState, choose};
use crate::store::{StoreError, TreeName, Tx, TxError};
use crate::time::Timestamp;
use crate::transcript::Attachment;
use crate::transcript::{Author, ContentKind, Direction, TranscriptEntry};
use crate::visitor::Visitor;
use crate::visitor_command::Choice;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::after_commit::{AfterCommit, EventLog};
use super::records::Records;
use super::{Dedupe, Engine, Event, Handled, Prefetched, StaffRoom};

pub(super) const ROUTING_KEY: &[u8] = b"routing";
/// Each staff id's Matrix account as the last roster had it: someone who left the roster is
/// still removed from the rooms they were in.
pub(super) const STAFF_DIRECTORY_KEY: &[u8] = b"staff-directory";
pub(super) type StaffDirectory = BTreeMap<String, String>;
/// Positions of [`super::Dedupe::Sequence`] streams.
pub(super) const STREAMS_KEY: &[u8] = b"streams";

/// What the engine holds as last committed; cheap to clone.
#[derive(Clone)]
pub(super) struct Committed {
    routing: Arc<RoutingState>,
    streams: Arc<BTreeMap<String, u64>>,
    /// Conversation → the outbox record of its open run of relays.
    open_relays: Arc<HashMap<ConversationId, u64>>,
}

impl Committed {
    /// Read from the store at start (outside any transaction: finding open runs scans).
    pub fn load(store: &crate::store::Store) -> Result<Self, StoreError> {
        Ok(Self {
            routing: Arc::new(store.get(TreeName::Meta, ROUTING_KEY)?.unwrap_or_default()),
            streams: Arc::new(store.get(TreeName::Meta, STREAMS_KEY)?.unwrap_or_default()),
            open_relays: Arc::new(store.open_relays()?.into_iter().collect()),
        })
    }
}

pub(super) struct Turn<'a, 't> {
    pub engine: &'a Engine,
    pub tx: &'a Tx<'t>,
    pub now: Timestamp,
    pub routing: Arc<RoutingState>,
    routing_changed: bool,
    pub streams: Arc<BTreeMap<String, u64>>,
    streams_changed: bool,
    open_relays: Arc<HashMap<ConversationId, u64>>,
    /// Actions of the event being applied.
    pub actions: Vec<Action>,
    /// Committed records the engine keeps, and what this turn read and wrote.
    pub(super) cache: &'a Records,
    pub(super) seen: RefCell<Records>,
    /// Read before the transaction, because transactions cannot scan.
    pub(super) prefetched: &'a Prefetched,
    /// Outbox ids enqueued in this turn, and chat messages logged in it (by visitor and key):
    /// what the prefetch could not see yet.
    pub(super) enqueued: Vec<u64>,
    pub(super) logged: Vec<(VisitorId, Vec<u8>)>,
    /// Store work that must wait until the transaction has committed.
    pub(super) after: Vec<AfterCommit>,
    /// The platform's guess of a new visitor's language, for the conversation about to open.
    pub(super) hinted_language: Option<&'static str>,
    /// The admission record, read the first time this turn needs it, written back at the end.
    pub(super) admission: Option<super::admission::Admission>,
    pub(super) admission_changed: bool,
}

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

impl<'a, 't> Turn<'a, 't> {
    pub fn begin(
        engine: &'a Engine,
        tx: &'a Tx<'t>,
        now: Timestamp,
        committed: Committed,
        cache: &'a Records,
        prefetched: &'a Prefetched,
    ) -> Result<Self, TxError> {
        let Committed { routing, streams, open_relays } = committed;
        Ok(Self {
            engine,
            tx,
            now,
            routing,
            routing_changed: false,
            streams,
            streams_changed: false,
            open_relays,
            actions: Vec::new(),
            cache,
            seen: RefCell::default(),
            prefetched,
            enqueued: Vec::new(),
            logged: Vec::new(),
            after: Vec::new(),
            hinted_language: None,
            admission: None,
            admission_changed: false,
        })
    }

    pub fn apply(&mut self, event: &Event) -> Result<Handled, TxError> {
        self.actions.clear();
        self.hinted_language = None;
        let handled = match event {
            Event::VisitorMessage { from, message, dedupe } => self.visitor_message(from, message, dedupe.as_ref())?,
            Event::UnrelayedMessage { from, reference, dedupe } => {
                self.unrelayed_message(from, reference, dedupe.as_ref())?
            }
            Event::VisitorCommand { from, command, reference, language_hint, dedupe } => {
                self.visitor_command(from, command, reference.as_ref(), language_hint.as_deref(), dedupe.as_ref())?
            }
            Event::StaffText { from, room, text, attachment, dedupe } => match dedupe {
                Some(dedupe) if self.seen_before(dedupe)? => Some(Handled::Duplicate),
                _ => self.staff_text(from, *room, text, attachment.as_ref())?,
            },
            Event::UnreadableUpdate { channel, dedupe } => self.unreadable_update(*channel, dedupe.as_ref())?,
            Event::Tick => self.tick()?,
        };
        Ok(match handled {
            Some(other) => other,
            None => Handled::Done(std::mem::take(&mut self.actions)),
        })
    }

    /// Writes the routing state back, if it changed, and returns it for the next turn.
    pub fn finish(self) -> Result<(Committed, Records, Vec<AfterCommit>), TxError> {
        if self.routing_changed {
            self.tx.put(TreeName::Meta, ROUTING_KEY, &*self.routing)?;
        }
        if self.streams_changed {
            self.tx.put(TreeName::Meta, STREAMS_KEY, &*self.streams)?;
        }
        self.save_admission()?;
        let committed = Committed { routing: self.routing, streams: self.streams, open_relays: self.open_relays };
        Ok((committed, self.seen.into_inner(), self.after))
    }

    /// A run of relays left the outbox.
    pub fn relays_done(&mut self, run: u64) {
        if self.open_relays.values().any(|r| *r == run) {
            Arc::make_mut(&mut self.open_relays).retain(|_, r| *r != run);
        }
    }

    /// Whether the update was applied before; if not, it is remembered as applied now.
    pub fn seen_before(&mut self, dedupe: &Dedupe) -> Result<bool, TxError> {
        match dedupe {
            Dedupe::Sequence { stream, seq } => {
                if self.streams.get(stream).is_some_and(|last| last >= seq) {
                    return Ok(true);
                }
                Arc::make_mut(&mut self.streams).insert(stream.clone(), *seq);
                self.streams_changed = true;
                Ok(false)
            }
            Dedupe::Key { channel, id } => Ok(!self.tx.mark_seen(channel.name(), id, self.now)?),
        }
    }

    pub fn routing_mut(&mut self) -> &mut RoutingState {
        self.routing_changed = true;
        Arc::make_mut(&mut self.routing)
    }

    /// Enqueues an action and remembers it as one of this event's results. Anything queued for
    /// a conversation room closes its open run of relays first, so the room gets both in order.
    pub fn emit(&mut self, action: Action) -> Result<(), TxError> {
        self.emit_at(action, self.now)?;
        Ok(())
    }

    /// [`Turn::emit`], not due before `due`; returns the outbox id.
    pub fn emit_at(&mut self, action: Action, due: Timestamp) -> Result<u64, TxError> {
        if let Lane::Room(conversation) = action.lane()
            && let Some(run) = self.open_relays.get(&conversation).copied()
        {
            self.tx.close_relays(run, conversation)?;
            Arc::make_mut(&mut self.open_relays).remove(&conversation);
        }
        let id = self.tx.enqueue_at(action.clone(), self.now, due)?;
        self.enqueued.push(id);
        self.actions.push(action);
        Ok(id)
    }

    /// Logs a message of `visitor`'s chat for `/hide`.
    pub fn log_chat(&mut self, visitor: VisitorId, reference: &MessageRef) -> Result<(), TxError> {
        let key = self.tx.log_chat_message(visitor, self.now, reference)?;
        self.logged.push((visitor, key));
        Ok(())
    }

    /// The bridge's own words to a visitor, with buttons if `choices` is not empty; not part of
    /// any transcript (they hold nothing the visitor or the team said).
    pub fn prompt_visitor(
        &mut self,
        visitor: &Visitor,
        language: &str,
        id: &str,
        args: &[(&str, Arg)],
        choices: Vec<Choice>,
        vanish_after_ms: Option<i64>,
    ) -> Result<(), TxError> {
        if visitor.silenced {
            // After the safe word the phone may be someone else's: the bot says nothing there.
            return Ok(());
        }
        let text = self.engine.catalog.render_for(visitor.channel(), language, id, args);
        self.emit(Action::PromptVisitor {
            visitor: visitor.id,
            conversation: visitor.conversation,
            address: visitor.address.clone(),
            text,
            choices,
            vanish_after_ms,
        })
    }

    /// The language to address a visitor in: theirs, else their conversation's, else `hint`
    /// (the platform's guess), else the default.
    pub fn language_for(&self, visitor: &Visitor, hint: Option<&str>) -> Result<String, TxError> {
        if let Some(language) = visitor.language.as_deref().filter(|l| self.engine.catalog.supports(l)) {
            return Ok(language.to_owned());
        }
        if let Some(id) = visitor.conversation
            && let Some(conversation) = self.conversation(id)?
        {
            return Ok(conversation.language);
        }
        Ok(hint.and_then(crate::i18n::match_language).unwrap_or(crate::i18n::DEFAULT_LANGUAGE).to_owned())
    }

    /// Staff words (or a canned reply) from `writer` for the visitor: sent now, or parked until
    /// the visitor asks, if they chose to hold replies (and then `writer` is told).
    pub fn send_staff_words(
        &mut self,
        writer: &StaffId,
        visitor: &Visitor,
        conversation: &mut Conversation,
        text: String,
        attachment: Option<&Attachment>,
    ) -> Result<(), TxError> {
        let held = visitor.hold_replies == Some(true) || visitor.silenced;
        let action = Action::SendToVisitor {
            visitor: visitor.id,
            conversation: conversation.id,
            address: visitor.address.clone(),
            text,
            attachment: attachment.cloned(),
            held,
        };
        if !held {
            return self.emit(action);
        }
        let id = self.emit_at(action, crate::store::PARKED)?;
        conversation.held_replies.push(id);
        let why = if visitor.silenced { "room-reply-held-safe-word" } else { "room-reply-held" };
        self.reply(writer, StaffRoom::Conversation(conversation.id), why, &[])
    }

    /// A localized message that staff's act sends (closing, blocking): it waits like their words
    /// for a visitor who holds replies or used the safe word, and `staff` is told.
    pub fn staff_tells_visitor(
        &mut self,
        staff: &StaffId,
        visitor: &Visitor,
        conversation: &mut Conversation,
        id: &str,
    ) -> Result<(), TxError> {
        let text = self.engine.catalog.render_for(visitor.channel(), &conversation.language, id, &[]);
        self.record(conversation.id, Direction::ToVisitor, Author::System, ContentKind::Text, &text)?;
        self.send_staff_words(staff, visitor, conversation, text, None)
    }

    /// Relays a visitor's transcript entry to the conversation room: it joins the room's open
    /// run of relays, or opens one. The returned action carries the words, not the file.
    pub fn emit_relay(
        &mut self,
        conversation: ConversationId,
        seq: u64,
        entry: &TranscriptEntry,
    ) -> Result<(), TxError> {
        if !self.open_relays.contains_key(&conversation) {
            let run = self.tx.open_relays(conversation, seq, self.now)?;
            Arc::make_mut(&mut self.open_relays).insert(conversation, run);
        }
        // The file itself is not copied into the returned action: it waits in the transcript,
        // from where the outbox delivers it, and a batch of large files held twice more in
        // memory is what a flood of them must not cost.
        self.actions.push(Action::PostToConversation {
            conversation,
            text: relay_text(entry),
            attachment: None,
            notice: false,
        });
        Ok(())
    }

    /// A localized answer to what the visitor just did, recorded in the transcript as sent by
    /// the system. Never after the safe word: whoever holds the phone gets no answer.
    pub fn tell_visitor(
        &mut self,
        visitor: &Visitor,
        conversation: &Conversation,
        id: &str,
        args: &[(&str, Arg)],
    ) -> Result<(), TxError> {
        if visitor.silenced {
            return Ok(());
        }
        let text = self.engine.catalog.render_for(visitor.channel(), &conversation.language, id, args);
        self.record(conversation.id, Direction::ToVisitor, Author::System, ContentKind::Text, &text)?;
        self.emit(Action::SendToVisitor {
            visitor: visitor.id,
            conversation: conversation.id,
            address: visitor.address.clone(),
            text,
            attachment: None,
            held: false,
        })
    }

    pub fn record(
        &mut self,
        conversation: ConversationId,
        direction: Direction,
        author: Author,
        kind: ContentKind,
        text: &str,
    ) -> Result<u64, TxError> {
        let entry = TranscriptEntry { at: self.now, direction, author, kind, text: text.to_owned(), attachment: None };
        self.tx.append_transcript(conversation, &entry)
    }

    /// A routing event in the transcript (never sent to the visitor).
    /// Writes one of the bridge's own lines into the transcript (and the log): routing facts,
    /// never a visitor's words.
    pub fn record_event(&mut self, conversation: ConversationId, text: &str) -> Result<(), TxError> {
        self.record(conversation, Direction::Internal, Author::System, ContentKind::Event, text)?;
        let pseudonym = if tracing::enabled!(tracing::Level::DEBUG) {
            let visitor = match self.conversation(conversation)? {
                Some(c) => self.visitor(c.visitor)?,
                None => None,
            };
            visitor.map(|v| v.pseudonym.to_string())
        } else {
            None
        };
        self.after.push(AfterCommit::Log(EventLog { conversation, text: text.to_owned(), pseudonym }));
        Ok(())
    }

    pub fn visitor_of(&self, conversation: &Conversation) -> Result<Visitor, TxError> {
        Ok(self.visitor(conversation.visitor)?.ok_or(StoreError::NotFound { what: "visitor of a conversation" })?)
    }

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

    pub fn choose_for(&self, conversation: &Conversation) -> Option<StaffId> {
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
    pub fn assign(
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
    pub fn leave_unneeded(&mut self, conversation: &mut Conversation) -> Result<(), TxError> {
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

    pub fn enqueue_conversation(&mut self, conversation: &mut Conversation) -> Result<(), TxError> {
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
    pub fn tell_out_of_hours(&mut self, visitor: &Visitor, conversation: &mut Conversation) -> Result<(), TxError> {
        conversation.told_out_of_hours = true;
        let emergency = Arg::from(self.engine.settings.emergency_numbers.as_str());
        let roster = &self.engine.roster;
        let next =
            self.engine.shifts.next_start(self.now, |s| roster.get(s).is_some_and(|m| m.has_role(Role::Outreach)));
        let parts = next.and_then(|next| self.engine.shifts.local_parts(next, self.now));
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
    pub fn drain_queue(&mut self) -> Result<(), TxError> {
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
    pub fn redistribute(&mut self, staff: &StaffId, because: Because) -> Result<(), TxError> {
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
    pub fn reconcile_roster(&mut self, rooms: &[ConversationId]) -> Result<(), TxError> {
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

    /// Takes `entry` out of the outbox (or moves its run of relays on), forgetting a run that left.
    pub fn ack(&mut self, entry: &crate::outbox::OutboxEntry) -> Result<crate::store::Acked, TxError> {
        let acked = self.tx.ack_outbox(entry)?;
        if acked == crate::store::Acked::Removed {
            self.relays_done(entry.id);
        }
        Ok(acked)
    }

    /// A delivery succeeded: a run of relays moves on; messages left in a visitor's chat are
    /// logged for `/hide`, and a prompt meant to vanish is scheduled for deletion.
    pub fn delivered(&mut self, entry: &crate::outbox::OutboxEntry, messages: &[MessageRef]) -> Result<(), TxError> {
        if self.ack(entry)? == crate::store::Acked::Nothing {
            return Ok(());
        }
        let Some(address) = entry.action.visitor_address() else { return Ok(()) };
        let visitor = match entry.action.lane() {
            Lane::Visitor(v) | Lane::Held(v) | Lane::Cleanup(v) => v,
            _ => return Ok(()),
        };
        if !messages.is_empty() && self.left_behind(&entry.action)? {
            // It reached a phone the visitor has left (it was on its way as they moved): it must
            // not stay there, nor enter the log of the chat they use now.
            return self.clear_left_phone(address, messages.to_vec());
        }
        for reference in messages {
            self.log_chat(visitor, reference)?;
        }
        if !messages.is_empty() {
            self.schedule_auto_hide(visitor)?;
        }
        if let Action::PromptVisitor { vanish_after_ms: Some(after), .. } = &entry.action
            && !messages.is_empty()
        {
            let delete =
                Action::DeleteVisitorMessages { visitor, address: address.clone(), messages: messages.to_vec() };
            self.emit_at(delete, self.now.plus_millis(*after))?;
        }
        Ok(())
    }
}
