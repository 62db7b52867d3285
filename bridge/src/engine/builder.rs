//! How an engine is put together: everything but the store and the texts has a default, so a
//! caller names only what it sets.

use std::sync::Arc;

use super::{Engine, EngineError, EngineSettings};
use crate::i18n::Catalog;
use crate::partner::Directory;
use crate::roster::Roster;
use crate::shifts::Shifts;
use crate::store::Store;
use crate::time::{Clock, SystemClock};

/// An engine not yet built; from [`Engine::builder`]. Without a roster nobody can be assigned,
/// without shifts nobody is on duty until they say so, and the clock is the system's.
pub struct EngineBuilder {
    pub(super) store: Store,
    pub(super) catalog: Arc<Catalog>,
    pub(super) roster: Roster,
    pub(super) partners: Directory,
    pub(super) shifts: Shifts,
    pub(super) settings: EngineSettings,
    pub(super) clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for EngineBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EngineBuilder").field("store", &self.store).finish_non_exhaustive()
    }
}

impl EngineBuilder {
    pub(super) fn new(store: Store, catalog: Arc<Catalog>) -> Self {
        Self {
            store,
            catalog,
            roster: Roster::default(),
            partners: Directory::default(),
            shifts: Shifts::none(),
            settings: EngineSettings::default(),
            clock: Arc::new(SystemClock),
        }
    }

    /// Who works here: the staff the engine routes to and obeys.
    pub fn roster(mut self, roster: Roster) -> Self {
        self.roster = roster;
        self
    }

    /// Where the team refers people: the partners `!partners`, `!refer … partner=` and
    /// `!send partner` use.
    pub fn partners(mut self, partners: Directory) -> Self {
        self.partners = partners;
        self
    }

    /// Who is on duty when, by the weekly shifts.
    pub fn shifts(mut self, shifts: Shifts) -> Self {
        self.shifts = shifts;
        self
    }

    /// How the engine routes, answers and keeps.
    pub fn settings(mut self, settings: EngineSettings) -> Self {
        self.settings = settings;
        self
    }

    /// Where the engine reads the time (a manual clock in tests and the demo).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Builds the engine and reconciles stored routing with the roster (staff removed from the
    /// config give their conversations back).
    pub fn build(self) -> Result<Engine, EngineError> {
        Engine::new(self)
    }
}
