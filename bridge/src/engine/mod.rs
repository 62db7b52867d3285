//! The engine: events in, actions out.
//!
//! While an engine runs it is the only writer of routing, visitors and conversations (it keeps
//! the committed ones in memory); tools that change them directly run with the bridge stopped,
//! which the data dir lock enforces.
//!
//! [`Engine::handle_batch`] applies a batch of events in one store transaction: state,
//! transcripts and the outbox change together or not at all. Callers flush once per batch
//! (group commit) and only then acknowledge the platform updates. Each connector takes the due
//! heads of its lanes with [`Engine::due_where`] and reports a whole round back in one
//! transaction with [`Engine::settle`]; `due`, `ack`, `delivered`, `hidden` and `fail` do the same
//! one entry at a time, for tests, tools and the demo.

mod admission;
mod after_commit;
mod assign;
mod audit;
mod auto_hide;
mod chat_traces;
mod deliveries;
mod file_limits;
pub(crate) use file_limits::quota_key as file_quota_key;
mod language_offer;
mod location;
mod notices;
mod phone_change;
mod records;
mod retention;
mod room_plan;
mod safe_word;
mod settings;
mod staff;
mod stats;
mod tick;
mod turn;
mod unreadable;
mod visitor;
mod visitor_command;

use std::sync::{Arc, Mutex};

pub use retention::{DueConversation, HeldConversation, RetentionPlan, RetentionReport, plan as retention_plan};
pub use room_plan::RoomPlan;
pub use settings::RoutingSettings;

use crate::chat::{HIDE_WINDOW_MS, LoggedMessage, MessageRef};
use crate::code_phrase::PhoneCode;
use crate::i18n::Catalog;
use crate::ids::ConversationId;
use crate::outbox::{Action, Failure, OutboxEntry};
use crate::roster::{Roster, StaffId};
use crate::routing::RoutingState;
use crate::shifts::Shifts;
use crate::store::{Acked, ReadAhead, TxError};
use crate::store::{Store, StoreError};
use crate::time::{Clock, Timestamp};
use crate::transcript::{Attachment, ContentKind};
use crate::visitor::{Channel, PlatformAddress};
use crate::visitor_command::VisitorCommand;
use records::Records;
use turn::{Committed, Turn};

/// Something that happened, as the engine sees it. No platform types.
#[derive(Clone, PartialEq, Eq)]
pub enum Event {
    /// A visitor wrote. `dedupe` identifies the platform update, so a redelivery after a crash
    /// is recognized.
    VisitorMessage { from: PlatformAddress, message: IncomingMessage, dedupe: Option<Dedupe> },
    /// A visitor sent something the bridge does not relay (a venue, a poll, a dice): only its
    /// place in their chat, so `/hide` and the safe word delete it too.
    UnrelayedMessage { from: PlatformAddress, reference: MessageRef, dedupe: Option<Dedupe> },
    /// A visitor asked something of the bridge itself (a slash command or a button).
    /// `reference` is the platform id of the command's own message, if it has one (so `/hide`
    /// deletes it too); `language_hint` is the platform's guess of their language.
    VisitorCommand {
        from: PlatformAddress,
        command: VisitorCommand,
        reference: Option<MessageRef>,
        language_hint: Option<String>,
        dedupe: Option<Dedupe>,
    },
    /// A staffer wrote in the duty room or a conversation room: a command if it starts with `!`,
    /// else (in a conversation room) words for the visitor.
    /// `dedupe` identifies the Matrix event, so a catch-up after a crash applies it once.
    StaffText { from: String, room: StaffRoom, text: String, attachment: Option<Attachment>, dedupe: Option<Dedupe> },
    /// A platform update the connector could not read (invalid JSON, a field of an unexpected
    /// type, a kind no library knows): skipped, so only that it happened reaches the engine.
    UnreadableUpdate { channel: Channel, dedupe: Option<Dedupe> },
    /// Time passed: shifts, unanswered timeouts, follow-ups.
    Tick,
}

impl std::fmt::Debug for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::VisitorMessage { message, .. } => write!(f, "Event::VisitorMessage({:?})", message.kind),
            Self::UnrelayedMessage { .. } => f.write_str("Event::UnrelayedMessage"),
            Self::VisitorCommand { command, .. } => write!(f, "Event::VisitorCommand({command:?})"),
            Self::StaffText { room, .. } => write!(f, "Event::StaffText({room:?})"),
            Self::UnreadableUpdate { channel, .. } => write!(f, "Event::UnreadableUpdate({channel})"),
            Self::Tick => f.write_str("Event::Tick"),
        }
    }
}

/// How a platform update is recognized when it is delivered again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dedupe {
    /// Updates numbered in increasing order per stream (Telegram's `update_id`): one at or below
    /// the stream's position was applied already. Costs one small write per batch.
    Sequence { stream: String, seq: u64 },
    /// Ids without an order (Matrix event ids): each is remembered, behind the blind index.
    Key { channel: Channel, id: String },
}

/// What a visitor sent: text, or media with an optional caption.
///
/// A location's `text` is "latitude,longitude" (the team first gets it coarsened); a contact
/// card comes with no text at all (it is never passed on).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct IncomingMessage {
    pub kind: ContentKind,
    pub text: String,
    pub attachment: Option<Attachment>,
    /// The platform's id of this message in the visitor's chat (for `/hide`).
    pub reference: Option<MessageRef>,
    /// The platform's guess of the visitor's language; only pre-selects, never stored as theirs.
    pub language_hint: Option<String>,
    /// The file was not fetched because it is larger than the platform lets the bridge
    /// download: this many bytes.
    pub oversized_limit: Option<u64>,
    /// The file was not fetched because the data dir's disk is below its free-space floor
    /// (`[limits] min_free_disk_mb`).
    pub disk_low: bool,
    /// What became of the file, when it did not come: staff are told in their language, apart
    /// from the visitor's words.
    pub file_note: Option<FileNote>,
}

/// Why a visitor's file is missing from their message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileNote {
    /// The platform did not give the file (a failed download).
    NotFetched,
    /// An image or video the bridge cannot clean of metadata: it stays behind.
    HeldBack,
}

impl FileNote {
    fn staff_text(self) -> &'static str {
        match self {
            Self::NotFetched => "room-file-not-fetched",
            Self::HeldBack => "room-file-held-back",
        }
    }

    fn event(self) -> &'static str {
        match self {
            Self::NotFetched => "a visitor file could not be fetched",
            Self::HeldBack => "a visitor image or video was held back: it could not be cleaned of metadata",
        }
    }
}

impl IncomingMessage {
    pub fn text(text: impl Into<String>) -> Self {
        Self { kind: ContentKind::Text, text: text.into(), ..Self::default() }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffRoom {
    Duty,
    Conversation(ConversationId),
}

/// The result of one event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handled {
    /// Applied; these actions are in the outbox.
    Done(Vec<Action>),
    /// Already handled before (same platform update).
    Duplicate,
    /// Deliberately not applied; nothing changed.
    Ignored(Ignored),
}

impl Handled {
    pub fn actions(&self) -> &[Action] {
        match self {
            Self::Done(actions) => actions,
            _ => &[],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ignored {
    /// The sender is not in the roster: staff rooms only obey staff.
    NotStaff,
    /// No such conversation (anymore).
    UnknownConversation,
    /// The visitor was blocked by staff.
    BlockedVisitor,
    /// A button of someone the bridge no longer knows (they erased their data).
    UnknownVisitor,
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl EngineError {
    /// Whether the failure is the store's as a whole (see [`StoreError::is_transient`]), so no
    /// event is to blame: a connector retries the same events later and skips none. Otherwise it
    /// is about the events or the records they touch, and the same events fail the same way again.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Store(error) => error.is_transient(),
        }
    }
}

/// How one outbox entry went, as a connector reports it to [`Engine::settle`].
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Performed; these messages are now in the visitor's chat (none for staff rooms).
    Delivered(Vec<MessageRef>),
    /// A [`Action::HideChat`] was performed: these logged messages are gone.
    Hidden(Vec<LoggedMessage>),
    Failed(Failure),
    /// Failed after these messages of it reached the visitor's chat (the first parts of a long
    /// text): they are logged for `/hide` like delivered ones; the failure decides the rest.
    FailedLeaving(Failure, Vec<MessageRef>),
}

/// How long handled platform updates are remembered: Telegram keeps an unconfirmed update for
/// 24 hours, so a week is ample for any redelivery.
const SEEN_KEPT_MS: i64 = 7 * 24 * 3_600_000;

/// The engine over one store.
pub struct Engine {
    store: Store,
    catalog: Arc<Catalog>,
    roster: Roster,
    shifts: Shifts,
    settings: RoutingSettings,
    clock: Arc<dyn Clock>,
    /// Held for a whole turn; holds the committed routing state, so a turn need not read and
    /// decrypt it again.
    writer: Mutex<Writer>,
}

/// What the single writer carries from one turn to the next.
struct Writer {
    committed: Committed,
    records: Records,
}

impl Engine {
    /// Builds the engine and reconciles stored routing with the roster (staff removed from the
    /// config give their conversations back).
    pub fn new(
        store: Store,
        catalog: Arc<Catalog>,
        roster: Roster,
        shifts: Shifts,
        settings: RoutingSettings,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, EngineError> {
        let writer = Mutex::new(Writer { committed: Committed::load(&store)?, records: Records::default() });
        let engine = Self { store, catalog, roster, shifts, settings, clock, writer };
        let rooms = engine.rooms_of_former_staff()?;
        engine.turn(|turn| turn.reconcile_roster(&rooms))?;
        engine.store.flush()?;
        Ok(engine)
    }

    /// The conversations whose rooms still have someone the roster no longer has. Scans only
    /// when someone left, so an ordinary start reads no conversation.
    fn rooms_of_former_staff(&self) -> Result<Vec<ConversationId>, EngineError> {
        let directory: turn::StaffDirectory =
            self.store.get(crate::store::TreeName::Meta, turn::STAFF_DIRECTORY_KEY)?.unwrap_or_default();
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

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The last applied update of a [`Dedupe::Sequence`] stream: where a connector resumes
    /// (Telegram's next offset is this plus one).
    pub fn stream_position(&self, stream: &str) -> Result<Option<u64>, EngineError> {
        let streams: std::collections::BTreeMap<String, u64> =
            self.store.get(crate::store::TreeName::Meta, turn::STREAMS_KEY)?.unwrap_or_default();
        Ok(streams.get(stream).copied())
    }

    /// The live duty and queue state.
    pub fn routing(&self) -> Result<RoutingState, EngineError> {
        Ok(self.store.get(crate::store::TreeName::Meta, turn::ROUTING_KEY)?.unwrap_or_default())
    }

    /// New conversations whose room waits for its admission slot (a flood of new accounts), with
    /// the slot, earliest first.
    pub fn waiting_for_room(&self) -> Result<Vec<(ConversationId, Timestamp)>, EngineError> {
        let admission: admission::Admission =
            self.store.get(crate::store::TreeName::Meta, admission::KEY)?.unwrap_or_default();
        Ok(admission.waiting_list())
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Runs `work` in one transaction, from the committed routing state; keeps the new state
    /// only once the transaction has committed. One turn at a time: the engine is the single
    /// writer of routing, visitors and conversations.
    fn turn<T>(&self, work: impl Fn(&mut Turn<'_, '_>) -> Result<T, TxError>) -> Result<T, EngineError> {
        self.turn_with(|| Ok(ReadAhead::default()), work)
    }

    /// A turn after `ahead` named what it will need that only a scan finds. It runs under the
    /// writer lock, and the store reads just before the transaction: nothing changes in between.
    fn turn_with<T>(
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

    /// One event in its own transaction. Not durable until [`Engine::flush`].
    pub fn handle(&self, event: Event) -> Result<Handled, EngineError> {
        let mut results = self.handle_batch(std::slice::from_ref(&event))?;
        Ok(results.pop().unwrap_or(Handled::Done(Vec::new())))
    }

    /// Many events in one transaction, in order (group commit). A storage failure applies none.
    pub fn handle_batch(&self, events: &[Event]) -> Result<Vec<Handled>, EngineError> {
        self.turn_with(|| self.read_ahead(events), |turn| events.iter().map(|event| turn.apply(event)).collect())
    }

    /// What a batch needs that only a scan finds: the conversations of visitors who confirmed
    /// they want to be forgotten; what waits for a visitor moving to another account, and for
    /// the record that account had of its own.
    fn read_ahead(&self, events: &[Event]) -> Result<ReadAhead, EngineError> {
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
                _ => {}
            }
        }
        Ok(ahead)
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

    /// Makes everything handled so far durable: call before acknowledging platform updates.
    pub fn flush(&self) -> Result<(), EngineError> {
        self.store.flush()?;
        Ok(())
    }

    /// Outbox entries ready for delivery now, one per lane at most.
    pub fn due(&self, limit: usize) -> Result<Vec<OutboxEntry>, EngineError> {
        Ok(self.store.outbox_due(self.clock.now(), limit)?)
    }

    /// [`Engine::due`] for one connector: the lanes whose head action `mine` accepts.
    pub fn due_where(&self, limit: usize, mine: impl Fn(&Action) -> bool) -> Result<Vec<OutboxEntry>, EngineError> {
        Ok(self.store.outbox_due_where(self.clock.now(), limit, mine)?)
    }

    /// `entry` was performed. Acknowledging the same entry twice is harmless.
    pub fn ack(&self, entry: &OutboxEntry) -> Result<(), EngineError> {
        self.settle(&[(entry.clone(), Outcome::Delivered(Vec::new()))])?;
        Ok(())
    }

    /// `entry` was performed and left these messages in the visitor's chat (their platform ids):
    /// they are logged for `/hide`, and a prompt meant to vanish is scheduled for deletion.
    pub fn delivered(&self, entry: &OutboxEntry, messages: &[MessageRef]) -> Result<(), EngineError> {
        self.settle(&[(entry.clone(), Outcome::Delivered(messages.to_vec()))])?;
        Ok(())
    }

    /// What a connector's round of deliveries came to, reported in one transaction: a round
    /// of many entries costs one commit instead of one each. Returns what permanent failures
    /// queued (notices to staff).
    pub fn settle(&self, outcomes: &[(OutboxEntry, Outcome)]) -> Result<Vec<Action>, EngineError> {
        self.turn(|turn| {
            turn.actions.clear();
            for (entry, outcome) in outcomes {
                match outcome {
                    Outcome::Delivered(messages) => turn.delivered(entry, messages)?,
                    Outcome::Hidden(logged) => {
                        // A clearing of a chat the visitor has left since (they continued on
                        // another phone) read the new chat's log: those messages are still there.
                        if !turn.left_behind(&entry.action)? {
                            for message in logged {
                                turn.tx.unlog_chat_message(&message.key)?;
                            }
                        }
                        turn.ack(entry)?;
                    }
                    Outcome::Failed(failure) => failed(turn, entry, failure)?,
                    Outcome::FailedLeaving(failure, left) => {
                        turn.left_in_chat(entry, left)?;
                        failed(turn, entry, failure)?;
                    }
                }
            }
            Ok(std::mem::take(&mut turn.actions))
        })
    }

    /// A [`Action::HideChat`] was performed: the messages it deleted (or could no longer delete)
    /// leave the log.
    pub fn hidden(&self, entry: &OutboxEntry, logged: &[LoggedMessage]) -> Result<(), EngineError> {
        self.settle(&[(entry.clone(), Outcome::Hidden(logged.to_vec()))])?;
        Ok(())
    }

    /// Housekeeping a runtime does now and then: forgets chat messages too old to delete and
    /// records of platform updates too old to be delivered again, and compacts the store if
    /// anything was shredded since the last compaction (a `/forget`, a phone change).
    pub fn maintain(&self) -> Result<(), EngineError> {
        let now = self.clock.now();
        let _writer = self.writer.lock().map_err(|_| StoreError::Poisoned)?;
        self.store.prune_chat_log(now.plus_millis(-HIDE_WINDOW_MS))?;
        self.store.prune_seen(now.plus_millis(-SEEN_KEPT_MS))?;
        self.store.prune_codes(now, self.settings.code_lock_minutes.saturating_mul(60_000))?;
        if self.store.shred_pending() {
            self.store.compact()?;
        }
        Ok(())
    }

    /// Takes what shreds removed off the disk (see [`Store::compact`]) if anything was shredded
    /// since the last compaction; between turns, since the engine is the single writer.
    /// Returns what the compaction did, if one ran.
    pub fn compact_if_shredded(&self) -> Result<Option<crate::store::Compacted>, EngineError> {
        let _writer = self.writer.lock().map_err(|_| StoreError::Poisoned)?;
        if !self.store.shred_pending() {
            return Ok(None);
        }
        Ok(Some(self.store.compact()?))
    }

    /// `entry` failed. A retry backs off; a permanent failure leaves the outbox and is told to
    /// staff, in one transaction.
    pub fn fail(&self, entry: &OutboxEntry, failure: Failure) -> Result<Handled, EngineError> {
        Ok(Handled::Done(self.settle(&[(entry.clone(), Outcome::Failed(failure))])?))
    }
}

/// A retry backs off; a permanent failure leaves the outbox and is told to staff.
fn failed(turn: &mut Turn<'_, '_>, entry: &OutboxEntry, failure: &Failure) -> Result<(), TxError> {
    match failure {
        Failure::Retry { after_ms } => {
            turn.tx.retry_outbox(entry.id, turn.now, *after_ms)?;
        }
        Failure::Permanent { reason } => {
            if turn.ack(entry)? != Acked::Nothing {
                turn.delivery_failed(&entry.action, reason)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
