//! One transaction's worth of engine work: the routing state loaded once, changed in memory,
//! written back at the end; and what every event uses to speak (emit, tell, record). Routing
//! moves are in `assign`, deliveries settled in `deliveries`.

use crate::chat::MessageRef;
use crate::code_phrase::PhoneCode;
use crate::conversation::Conversation;
use crate::i18n::Arg;
use crate::ids::{ConversationId, VisitorId};
use crate::outbox::{Action, Lane, relay_text};
use crate::roster::StaffId;
use crate::routing::RoutingState;
use crate::store::{ReadAhead, StoreError, TreeName, Tx, TxError};
use crate::time::Timestamp;
use crate::transcript::Attachment;
use crate::transcript::{Author, ContentKind, Direction, TranscriptEntry};
use crate::visitor::{Channel, PlatformAddress, Visitor};
use crate::visitor_command::{Choice, VisitorCommand};

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::after_commit::EventLog;
use super::records::Records;
use super::{Dedupe, Engine, EngineError, Event, Handled, StaffRoom, Writer};

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
    /// Outbox ids enqueued in this turn, and chat messages logged in it (by visitor and key):
    /// what the store's read ahead could not see yet.
    pub(super) enqueued: Vec<u64>,
    pub(super) logged: Vec<(VisitorId, Vec<u8>)>,
    /// Log lines, emitted once the transaction has committed.
    pub(super) logs: Vec<EventLog>,
    /// The platform's guess of a new visitor's language, for the conversation about to open.
    pub(super) hinted_language: Option<&'static str>,
    /// The admission record, read the first time this turn needs it, written back at the end.
    pub(super) admission: Option<super::admission::Admission>,
    pub(super) admission_changed: bool,
    /// The Matrix event id of the staff message being applied, for replies that refer to it.
    pub(super) staff_event: Option<String>,
}

impl<'a, 't> Turn<'a, 't> {
    pub fn begin(
        engine: &'a Engine,
        tx: &'a Tx<'t>,
        now: Timestamp,
        committed: Committed,
        cache: &'a Records,
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
            enqueued: Vec::new(),
            logged: Vec::new(),
            logs: Vec::new(),
            hinted_language: None,
            admission: None,
            admission_changed: false,
            staff_event: None,
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
                _ => {
                    self.staff_event = match dedupe {
                        Some(Dedupe::Key { channel: Channel::Matrix, id }) => Some(id.clone()),
                        _ => None,
                    };
                    self.staff_text(from, *room, text, attachment.as_ref())?
                }
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
    pub fn finish(self) -> Result<(Committed, Records, Vec<EventLog>), TxError> {
        if self.routing_changed {
            self.tx.put(TreeName::Meta, ROUTING_KEY, &*self.routing)?;
        }
        if self.streams_changed {
            self.tx.put(TreeName::Meta, STREAMS_KEY, &*self.streams)?;
        }
        self.save_admission()?;
        let committed = Committed { routing: self.routing, streams: self.streams, open_relays: self.open_relays };
        Ok((committed, self.seen.into_inner(), self.logs))
    }

    /// A run of relays left the outbox.
    pub(crate) fn relays_done(&mut self, run: u64) {
        if self.open_relays.values().any(|r| *r == run) {
            Arc::make_mut(&mut self.open_relays).retain(|_, r| *r != run);
        }
    }

    /// Whether the update was applied before; if not, it is remembered as applied now.
    pub(crate) fn seen_before(&mut self, dedupe: &Dedupe) -> Result<bool, TxError> {
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

    pub(crate) fn routing_mut(&mut self) -> &mut RoutingState {
        self.routing_changed = true;
        Arc::make_mut(&mut self.routing)
    }

    /// Enqueues an action and remembers it as one of this event's results. Anything queued for
    /// a conversation room closes its open run of relays first, so the room gets both in order.
    pub(crate) fn emit(&mut self, action: Action) -> Result<(), TxError> {
        self.emit_at(action, self.now)?;
        Ok(())
    }

    /// [`Turn::emit`], not due before `due`; returns the outbox id.
    pub(crate) fn emit_at(&mut self, action: Action, due: Timestamp) -> Result<u64, TxError> {
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
    pub(crate) fn log_chat(&mut self, visitor: VisitorId, reference: &MessageRef) -> Result<(), TxError> {
        let key = self.tx.log_chat_message(visitor, self.now, reference)?;
        self.logged.push((visitor, key));
        Ok(())
    }

    /// The bridge's own words to a visitor, with buttons if `choices` is not empty; not part of
    /// any transcript (they hold nothing the visitor or the team said).
    pub(crate) fn prompt_visitor(
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
    pub(crate) fn language_for(&self, visitor: &Visitor, hint: Option<&str>) -> Result<String, TxError> {
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
    pub(crate) fn send_staff_words(
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
    pub(crate) fn staff_tells_visitor(
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
    pub(crate) fn emit_relay(
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
    pub(crate) fn tell_visitor(
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
    pub(crate) fn record_event(&mut self, conversation: ConversationId, text: &str) -> Result<(), TxError> {
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
        self.logs.push(EventLog { conversation, text: text.to_owned(), pseudonym });
        Ok(())
    }

    pub(crate) fn visitor_of(&self, conversation: &Conversation) -> Result<Visitor, TxError> {
        Ok(self.visitor(conversation.visitor)?.ok_or(StoreError::NotFound { what: "visitor of a conversation" })?)
    }
}

impl Engine {
    /// Runs `work` in one transaction, from the committed routing state; keeps the new state
    /// only once the transaction has committed. One turn at a time: the engine is the single
    /// writer of routing, visitors and conversations.
    pub(super) fn turn<T>(&self, work: impl Fn(&mut Turn<'_, '_>) -> Result<T, TxError>) -> Result<T, EngineError> {
        self.turn_with(|| Ok(ReadAhead::default()), work)
    }

    /// A turn after `ahead` named what it will need that only a scan finds. It runs under the
    /// writer lock, and the store reads just before the transaction: nothing changes in between.
    pub(super) fn turn_with<T>(
        &self,
        ahead: impl FnOnce() -> Result<ReadAhead, EngineError>,
        work: impl Fn(&mut Turn<'_, '_>) -> Result<T, TxError>,
    ) -> Result<T, EngineError> {
        let mut writer = self.writer.lock().map_err(|_| StoreError::Poisoned)?;
        let ahead = ahead()?;
        let now = self.clock.now();
        let Writer { committed, records } = &mut *writer;
        let cache: &Records = records;
        let (value, (next, seen, logs)) = self.store.transact_reading(ahead, |tx| {
            let mut turn = Turn::begin(self, tx, now, committed.clone(), cache)?;
            let value = work(&mut turn)?;
            Ok((value, turn.finish()?))
        })?;
        *committed = next;
        records.absorb(seen);
        for event in logs {
            event.emit();
        }
        Ok(value)
    }

    /// What a batch needs that only a scan finds: the conversations of visitors who confirmed
    /// they want to be forgotten; what waits for a visitor moving to another account, and for
    /// the record that account had of its own.
    pub(super) fn read_ahead(&self, events: &[Event]) -> Result<ReadAhead, EngineError> {
        let mut ahead = ReadAhead::default();
        for event in events {
            match event {
                Event::VisitorCommand { from, command: VisitorCommand::ConfirmForget(true), .. } => {
                    if let Some(id) = self.store.find_visitor_id(&from.account())? {
                        ahead.conversations_of(id);
                    }
                }
                Event::VisitorCommand { from, command: VisitorCommand::Code(PhoneCode::Redeem(phrase)), .. } => {
                    self.read_ahead_move(&mut ahead, from, phrase)?;
                }
                Event::VisitorMessage { from, message, .. } if message.kind == ContentKind::Text => {
                    if let Some(phrase) = crate::code_phrase::bare_phrase(&message.text) {
                        self.read_ahead_move(&mut ahead, from, &phrase)?;
                    }
                }
                // A handover lists the holds due for review: only a scan finds them.
                Event::StaffText { text, .. }
                    if matches!(crate::command::parse(text), Some(Ok(crate::command::StaffCommand::Handover))) =>
                {
                    ahead.holds();
                }
                Event::Tick if self.a_shift_ends_now()? => ahead.holds(),
                _ => {}
            }
        }
        Ok(ahead)
    }

    /// Whether a shift ends between the last tick and now (the tick will post a handover).
    fn a_shift_ends_now(&self) -> Result<bool, EngineError> {
        let Some(last) = self.routing()?.last_tick else { return Ok(false) };
        let now = self.clock.now();
        Ok(self.shifts.staff().into_iter().any(|id| self.shifts.on_shift(id, last) && !self.shifts.on_shift(id, now)))
    }

    fn read_ahead_move(&self, ahead: &mut ReadAhead, from: &PlatformAddress, phrase: &str) -> Result<(), EngineError> {
        // Only a phrase that exists can move anyone: four words that lead nowhere cost no scan.
        let Some(owner) = self.store.code_owner(phrase)? else { return Ok(()) };
        let sender = self.store.find_visitor_id(&from.account())?;
        for visitor in std::iter::once(owner).chain(sender) {
            ahead.belongings_of(visitor);
        }
        Ok(())
    }
}
