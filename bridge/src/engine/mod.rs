//! The engine: events in, actions out.
//!
//! While an engine runs it is the only writer of routing, visitors and conversations (it keeps
//! the committed ones in memory); tools that change them directly run with the bridge stopped,
//! which the data dir lock enforces.
//!
//! This file is the engine's whole public API; the work behind it lives by concern:
//! `turn` (a transaction's mechanics), `assign` (routing moves), `deliveries` (settling what
//! connectors report), `visitor`, `staff`, `visitor_command`, `retention`, … and `event` (what
//! crosses the boundary).
//!
//! [`Engine::handle_batch`] applies a batch of events in one store transaction: state,
//! transcripts and the outbox change together or not at all. Callers flush once per batch
//! (group commit) and only then acknowledge the platform updates. Each connector takes the due
//! heads of its lanes with [`Engine::due_where`] and reports a whole round back in one
//! transaction with [`Engine::settle`].

mod admission;
mod after_commit;
mod assign;
mod audit;
mod auto_hide;
mod builder;
mod chat_traces;
mod deliveries;
mod error;
mod event;
mod file_limits;
mod handover;
mod health;
pub(crate) use file_limits::quota_key as file_quota_key;
mod language_offer;
mod location;
mod menu;
mod news;
mod notices;
mod partners;
mod phone_change;
mod records;
mod referral_index;
mod referrals;
mod retention;
mod room_plan;
mod safe_word;
mod settings;
mod share;
mod staff;
mod stats;
mod tick;
mod translation;
mod turn;
mod unreadable;
mod visitor;
mod visitor_command;

use std::sync::{Arc, Mutex};

pub use builder::EngineBuilder;
pub use error::EngineError;
pub use event::{Dedupe, Event, FileNote, Handled, Ignored, IncomingMessage, Outcome, StaffRoom};
pub use retention::{DueConversation, HeldConversation, RetentionPlan, RetentionReport, plan as retention_plan};
pub use news::Claimed;
pub use room_plan::RoomPlan;
pub use settings::{Campaign, EngineSettings, HealthSettings, PeerDeskSettings, ShareSettings, TranslationSettings};

use crate::chat::{HIDE_WINDOW_MS, LoggedMessage};
use crate::conversation::{Conversation, ConversationState};
use crate::i18n::{Arg, Catalog};
use crate::ids::ConversationId;
use crate::outbox::{Action, OutboxEntry};
use crate::roster::{Roster, StaffId};
use crate::routing::RoutingState;
use crate::shifts::Shifts;
use crate::store::{Store, StoreError};
use crate::time::{Clock, Timestamp};
use records::Records;
use turn::Committed;

/// How long handled platform updates are remembered: Telegram keeps an unconfirmed update for
/// 24 hours, so a week is ample for any redelivery.
const SEEN_KEPT_MS: i64 = 7 * 24 * 3_600_000;

/// The engine over one store.
pub struct Engine {
    store: Store,
    catalog: Arc<Catalog>,
    roster: Roster,
    partners: crate::partner::Directory,
    shifts: Shifts,
    settings: EngineSettings,
    clock: Arc<dyn Clock>,
    /// Held for a whole turn; holds the committed routing state, so a turn need not read and
    /// decrypt it again.
    writer: Mutex<Writer>,
}

// Only what says nothing of anyone: the store and the roster have their own redacting `Debug`.
impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("store", &self.store).finish_non_exhaustive()
    }
}

/// What the single writer carries from one turn to the next.
struct Writer {
    committed: Committed,
    records: Records,
}

impl Engine {
    /// An engine over `store` speaking `catalog`'s texts; the builder sets the rest.
    pub fn builder(store: Store, catalog: Arc<Catalog>) -> EngineBuilder {
        EngineBuilder::new(store, catalog)
    }

    /// Builds the engine and reconciles stored routing with the roster (staff removed from the
    /// config give their conversations back).
    fn new(parts: EngineBuilder) -> Result<Self, EngineError> {
        let EngineBuilder { store, catalog, roster, partners, shifts, settings, clock } = parts;
        let writer = Mutex::new(Writer { committed: Committed::load(&store)?, records: Records::default() });
        let engine = Self { store, catalog, roster, partners, shifts, settings, clock, writer };
        engine.ensure_referral_index()?;
        let rooms = engine.rooms_of_former_staff()?;
        engine.turn(|turn| turn.reconcile_roster(&rooms))?;
        engine.turn(|turn| turn.restagger_news())?;
        engine.store.flush()?;
        Ok(engine)
    }

    /// The store under the engine (connectors keep their own state in it).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The staff the engine routes to.
    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// Every visitor and staff text.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
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

    /// The engine's clock (a manual one in tests and the demo).
    pub fn now(&self) -> Timestamp {
        self.clock.now()
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

    /// What a connector's round of deliveries came to, reported in one transaction: a round
    /// of many entries costs one commit instead of one each. Returns what permanent failures
    /// queued (notices to staff).
    pub fn settle(&self, outcomes: &[(OutboxEntry, Outcome)]) -> Result<Vec<Action>, EngineError> {
        self.turn(|turn| turn.settle(outcomes))
    }

    /// The messages a [`Action::HideChat`] or [`Action::AutoHideChat`] must delete now: for an
    /// auto-hide check, none if the chat has seen a message since the check was scheduled or
    /// the visitor has turned auto-hide off since. Connectors delete these, then report them as
    /// [`Outcome::Hidden`].
    pub fn messages_to_hide(&self, action: &Action) -> Result<Vec<LoggedMessage>, EngineError> {
        self.chat_to_hide(action)
    }

    /// The room a conversation should have; `None` once it is forgotten or shredded (then
    /// nothing should be made again).
    pub fn room_plan(&self, conversation: ConversationId) -> Result<Option<RoomPlan>, EngineError> {
        self.plan_room(conversation)
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

    /// What retention would do now, and what is held (see [`retention_plan`]).
    pub fn retention_due(&self) -> Result<RetentionPlan, EngineError> {
        Ok(retention_plan(&self.store, &self.settings.retention, self.clock.now())?)
    }

    /// Shreds every conversation whose time is up, one turn each (flushed), reminds the duty
    /// room, once a day, of holds past their review date, and compacts the store so that what
    /// was shredded (now or since the last compaction) leaves the disk. The rooms are forgotten
    /// by the Matrix connector when it performs the queued [`Action::ForgetRoom`]s.
    pub fn enforce_retention(&self) -> Result<RetentionReport, EngineError> {
        self.retention_pass()
    }

    /// Judges one tick's [`HealthReading`](crate::health::HealthReading) with the outbox's own
    /// backlog: raises and clears [`Condition`](crate::health::Condition)s, queues a duty-room
    /// notice for each change (only then), and returns the state for the status file with the
    /// notices queued. The raised set is stored: a restart does not tell it again.
    pub fn check_health(
        &self,
        reading: &crate::health::HealthReading,
    ) -> Result<(crate::health::HealthState, Vec<Action>), EngineError> {
        self.judge_health_now(reading)
    }

    /// The last run did not stop cleanly (it started at `started`): the duty room is told. The
    /// caller knows it from the marker a clean stop removes, and calls this once per start.
    pub fn unclean_shutdown(&self, started: Timestamp) -> Result<Vec<Action>, EngineError> {
        self.tell_unclean_shutdown(started)
    }

    // Words for staff.

    /// The language of the duty room, which the whole team reads.
    pub(crate) fn team_language(&self) -> &str {
        &self.settings.staff_language
    }

    /// The language `staff` reads the bridge in; the team's for someone not in the roster.
    pub(crate) fn staffer_language(&self, staff: &StaffId) -> &str {
        self.roster.get(staff).map_or_else(|| self.team_language(), |m| m.staff_language.as_str())
    }

    /// The language of a conversation room's notices: that of whoever has the conversation.
    pub(crate) fn room_language(&self, conversation: &Conversation) -> &str {
        match &conversation.state {
            ConversationState::Assigned { staff, .. } => self.staffer_language(staff),
            ConversationState::Queued { .. } | ConversationState::Closed { .. } => self.team_language(),
        }
    }

    /// A staff text (`staff.ftl`) in `language`.
    pub fn staff_text(&self, language: &str, id: &str, args: &[(&str, Arg)]) -> String {
        self.catalog.render_staff(language, id, args)
    }

    /// A staff text for whoever writes from `matrix_user`, for a connector's own answer to them.
    pub fn staff_text_for(&self, matrix_user: &str, id: &str, args: &[(&str, Arg)]) -> String {
        let language =
            self.roster.by_matrix_user(matrix_user).map_or_else(|| self.team_language(), |m| m.staff_language.as_str());
        self.staff_text(language, id, args)
    }
}

#[cfg(test)]
mod tests;
