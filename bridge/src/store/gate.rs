//! The live sled database behind a gate, so that compaction can replace it while the bridge
//! runs.
//!
//! Every use of a tree holds a [`Live`] handle for as long as it needs the tree; compaction
//! waits until none is held and then has the database to itself until it hands over the new
//! one. Readers never wait for a *waiting* swapper, only for one that has begun: a thread that
//! already holds a handle (a transaction calling back into the store) can always take another,
//! so nesting cannot deadlock. A swapper may wait while handles keep coming; the bridge's
//! handles are short (one statement or one transaction), so it gets its turn.

use std::ops::Deref;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

/// One open sled database and the store's trees in it.
pub(crate) struct Db {
    pub db: sled::Db,
    pub trees: Vec<sled::Tree>,
}

struct State {
    /// Handles held now.
    readers: usize,
    /// A swapper has the database to itself.
    swapping: bool,
    current: Arc<Db>,
}

pub(crate) struct Gate {
    state: Mutex<State>,
    changed: Condvar,
}

impl Gate {
    pub(crate) fn new(db: Db) -> Self {
        Self {
            state: Mutex::new(State { readers: 0, swapping: false, current: Arc::new(db) }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is two counters and a pointer, each left whole by any panic: it stays usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A handle on the live database, waiting while a swap is under way.
    pub(crate) fn live(&self) -> Live<'_> {
        let mut state = self.lock();
        while state.swapping {
            state = self.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        state.readers += 1;
        Live { gate: self, db: Arc::clone(&state.current) }
    }

    /// The database to itself: waits until no handle is held and keeps new ones out until the
    /// returned [`Exclusive`] is dropped (after [`Exclusive::replace`], or unchanged).
    pub(crate) fn exclusive(&self) -> Exclusive<'_> {
        let mut state = self.lock();
        while state.readers > 0 || state.swapping {
            state = self.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        state.swapping = true;
        Exclusive { gate: self }
    }
}

/// A handle on the live database; the gate counts it until it is dropped.
pub(crate) struct Live<'a> {
    gate: &'a Gate,
    db: Arc<Db>,
}

impl Deref for Live<'_> {
    type Target = Db;

    fn deref(&self) -> &Db {
        &self.db
    }
}

impl Drop for Live<'_> {
    fn drop(&mut self) {
        let mut state = self.gate.lock();
        state.readers = state.readers.saturating_sub(1);
        if state.readers == 0 {
            self.gate.changed.notify_all();
        }
    }
}

/// Sole use of the database, for a compaction.
pub(crate) struct Exclusive<'a> {
    gate: &'a Gate,
}

impl Exclusive<'_> {
    /// The live database, which nobody else uses until this is dropped.
    pub(crate) fn db(&self) -> Arc<Db> {
        Arc::clone(&self.gate.lock().current)
    }

    /// Makes `next` the live database and lets handles in again. Returns the old one: once the
    /// caller drops it (and any [`Exclusive::db`] it kept), it is closed, since no handle is out.
    pub(crate) fn replace(self, next: Db) -> Arc<Db> {
        std::mem::replace(&mut self.gate.lock().current, Arc::new(next))
    }
}

impl Drop for Exclusive<'_> {
    fn drop(&mut self) {
        let mut state = self.gate.lock();
        state.swapping = false;
        self.gate.changed.notify_all();
    }
}

/// One tree of the live database, holding the gate open while it is used.
pub(crate) struct TreeRef<'a> {
    live: Live<'a>,
    index: usize,
}

impl<'a> TreeRef<'a> {
    pub(crate) fn new(live: Live<'a>, index: usize) -> Self {
        Self { live, index }
    }
}

impl Deref for TreeRef<'_> {
    type Target = sled::Tree;

    fn deref(&self) -> &sled::Tree {
        &self.live.trees[self.index]
    }
}
