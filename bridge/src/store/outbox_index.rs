//! Which outbox records are due, known without opening them.
//!
//! The outbox is sealed record by record, so finding what is due by reading it means decrypting
//! every record, parked replies and auto-hide checks included, on every round: the cost grew with
//! the backlog (review M2). This index keeps, in memory, each record's lane and due time, and the
//! head of every lane by due time: a round opens only the heads that are due.
//!
//! It is built from the outbox when the store opens and changed only after a transaction that
//! changed the outbox has committed, so it never shows a record that a rolled-back attempt wrote.
//! It can be briefly behind (a record enqueued a moment ago waits for the next round); a record it
//! names that is gone is dropped from it on the way.
//!
//! A run of relays that has delivered everything so far is "drained": it waits, at no cost, until
//! its conversation's transcript grows (the visitor writes again) and wakes it.

use std::collections::{BTreeSet, HashMap};

use crate::ids::ConversationId;
use crate::outbox::Lane;
use crate::time::Timestamp;

use super::outbox::PARKED;

/// A change to the outbox, applied to the index once its transaction has committed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Change {
    /// Record `id` was written: its lane, when it is next due, and the conversation whose
    /// transcript it relays while the run is open.
    Put {
        id: u64,
        lane: Lane,
        due: Timestamp,
        open_run: Option<ConversationId>,
        /// Failed tries so far: a retry is no progress, so the record's waiting goes on.
        attempts: u32,
    },
    Remove(u64),
    /// The conversation's transcript grew: its drained run has work again.
    Appended(ConversationId),
}

#[derive(Clone, Copy, Debug)]
struct Slot {
    lane: Lane,
    due: Timestamp,
    open_run: Option<ConversationId>,
    drained: bool,
    /// Bumped by every change, so a round that saw a run drained cannot park it after the
    /// visitor's next message woke it.
    version: u64,
    attempts: u32,
    /// Since when it has waited without progress; `None` until [`OutboxIndex::pending`] first
    /// sees it waiting (the index has no clock of its own).
    since: Option<Timestamp>,
}

impl Slot {
    fn when(&self) -> Timestamp {
        if self.drained { PARKED } else { self.due }
    }
}

/// A lane head the round may deliver, as the index saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Candidate {
    pub id: u64,
    pub version: u64,
}

#[derive(Debug, Default)]
pub(super) struct OutboxIndex {
    slots: HashMap<u64, Slot>,
    lanes: HashMap<Lane, BTreeSet<u64>>,
    /// (when, id) of every lane's head.
    heads: BTreeSet<(Timestamp, u64)>,
    runs: HashMap<ConversationId, u64>,
    versions: u64,
}

impl OutboxIndex {
    pub fn apply(&mut self, change: Change) {
        match change {
            Change::Put { id, lane, due, open_run, attempts } => {
                let earlier = self.slots.get(&id).map(|slot| slot.since);
                let since = match earlier {
                    // A retry: still waiting since it first did.
                    Some(since) if attempts > 0 => since,
                    // Progress (a run moved on, a parked reply released): the clock starts again.
                    Some(_) => None,
                    None if due == PARKED => None,
                    None => Some(due),
                };
                self.remove(id);
                self.versions += 1;
                self.insert(id, Slot { lane, due, open_run, drained: false, version: self.versions, attempts, since });
            }
            Change::Remove(id) => self.remove(id),
            Change::Appended(conversation) => {
                if let Some(id) = self.runs.get(&conversation).copied() {
                    self.change(id, |slot| {
                        if slot.drained {
                            slot.since = None;
                        }
                        slot.drained = false;
                    });
                }
            }
        }
    }

    /// The heads due at `now`, oldest record first: each is its lane's first, and no other
    /// record is looked at.
    pub fn due(&self, now: Timestamp) -> Vec<Candidate> {
        let mut due: Vec<Candidate> = self
            .heads
            .range(..=(now, u64::MAX))
            .filter_map(|(_, id)| self.slots.get(id).map(|slot| Candidate { id: *id, version: slot.version }))
            .collect();
        due.sort_unstable_by_key(|c| c.id);
        due
    }

    /// How many records wait to be delivered at `now`, and since when the longest has waited
    /// without progress. Parked replies, drained runs and records not yet due do not wait; a
    /// record that failed and waits for its retry does.
    pub fn pending(&mut self, now: Timestamp) -> (usize, Option<Timestamp>) {
        let mut count = 0;
        let mut oldest: Option<Timestamp> = None;
        for slot in self.slots.values_mut() {
            // Translations waiting for the service are told by their own notice, and given up
            // after `[translation] give_up_minutes`: they are not deliveries stuck.
            if slot.lane.is_translation() {
                continue;
            }
            let waiting = !slot.drained && slot.due != PARKED && (slot.due <= now || slot.attempts > 0);
            if !waiting {
                continue;
            }
            count += 1;
            let since = *slot.since.get_or_insert(now);
            oldest = Some(oldest.map_or(since, |o| o.min(since)));
        }
        (count, oldest)
    }

    /// The run `candidate` has delivered all there is: it waits for the transcript to grow,
    /// unless something changed it since the round looked.
    pub fn drained(&mut self, candidate: Candidate) {
        if self.slots.get(&candidate.id).is_some_and(|slot| slot.version == candidate.version) {
            self.change(candidate.id, |slot| slot.drained = true);
        }
    }

    /// Every record in these lanes, oldest first.
    pub(crate) fn ids_in(&self, lanes: &[Lane]) -> Vec<u64> {
        let mut ids: Vec<u64> =
            lanes.iter().filter_map(|lane| self.lanes.get(lane)).flat_map(|ids| ids.iter().copied()).collect();
        ids.sort_unstable();
        ids
    }

    fn insert(&mut self, id: u64, slot: Slot) {
        let lane = self.lanes.entry(slot.lane).or_default();
        let old_head = lane.first().copied();
        lane.insert(id);
        if let Some(run) = slot.open_run {
            self.runs.insert(run, id);
        }
        self.slots.insert(id, slot);
        match old_head {
            Some(head) if head < id => {}
            Some(head) => {
                self.unhead(head);
                self.heads.insert((slot.when(), id));
            }
            None => {
                self.heads.insert((slot.when(), id));
            }
        }
    }

    fn remove(&mut self, id: u64) {
        let Some(slot) = self.slots.remove(&id) else { return };
        if let Some(run) = slot.open_run
            && self.runs.get(&run) == Some(&id)
        {
            self.runs.remove(&run);
        }
        let was_head = self.heads.remove(&(slot.when(), id));
        let Some(lane) = self.lanes.get_mut(&slot.lane) else { return };
        lane.remove(&id);
        match lane.first().copied() {
            Some(next) if was_head => {
                if let Some(next_slot) = self.slots.get(&next) {
                    self.heads.insert((next_slot.when(), next));
                }
            }
            Some(_) => {}
            None => {
                self.lanes.remove(&slot.lane);
            }
        }
    }

    /// Changes a slot, keeping its place among the heads right.
    fn change(&mut self, id: u64, edit: impl FnOnce(&mut Slot)) {
        let Some(slot) = self.slots.get_mut(&id) else { return };
        let before = (slot.when(), id);
        edit(slot);
        self.versions += 1;
        slot.version = self.versions;
        let after = (slot.when(), id);
        if self.heads.remove(&before) {
            self.heads.insert(after);
        }
    }

    fn unhead(&mut self, id: u64) {
        if let Some(slot) = self.slots.get(&id) {
            self.heads.remove(&(slot.when(), id));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::VisitorId;

    fn put(index: &mut OutboxIndex, id: u64, lane: Lane, due: i64) {
        index.apply(Change::Put { id, lane, due: Timestamp(due), open_run: None, attempts: 0 });
    }

    fn due_ids(index: &OutboxIndex, now: i64) -> Vec<u64> {
        index.due(Timestamp(now)).into_iter().map(|c| c.id).collect()
    }

    #[test]
    fn only_each_lanes_first_record_is_due_and_the_next_follows_when_it_leaves() {
        let visitor = VisitorId::from_bytes([1; 16]);
        let mut index = OutboxIndex::default();
        put(&mut index, 1, Lane::Visitor(visitor), 10);
        put(&mut index, 2, Lane::Visitor(visitor), 0);
        put(&mut index, 3, Lane::Duty, 5);
        put(&mut index, 4, Lane::Held(visitor), PARKED.0);
        assert_eq!(due_ids(&index, 4), Vec::<u64>::new(), "record 2 waits behind record 1");
        assert_eq!(due_ids(&index, 10), vec![1, 3]);
        index.apply(Change::Remove(1));
        assert_eq!(due_ids(&index, 10), vec![2, 3]);
        // A retry moves it later; a release makes a parked one due.
        put(&mut index, 2, Lane::Visitor(visitor), 50);
        put(&mut index, 4, Lane::Held(visitor), 10);
        assert_eq!(due_ids(&index, 10), vec![3, 4]);
        assert_eq!(index.ids_in(&[Lane::Visitor(visitor), Lane::Held(visitor)]), vec![2, 4]);
        for id in [2, 3, 4] {
            index.apply(Change::Remove(id));
        }
        assert!(index.slots.is_empty());
        assert!(index.heads.is_empty() && index.lanes.is_empty());
    }

    #[test]
    fn a_drained_run_waits_until_its_transcript_grows_and_a_late_look_cannot_park_it() {
        let conversation = ConversationId::from_bytes([2; 16]);
        let mut index = OutboxIndex::default();
        index.apply(Change::Put {
            id: 7,
            lane: Lane::Room(conversation),
            due: Timestamp(0),
            open_run: Some(conversation),
            attempts: 0,
        });
        let seen = index.due(Timestamp(1));
        assert_eq!(seen.len(), 1);
        index.drained(seen[0]);
        assert!(index.due(Timestamp(1_000)).is_empty(), "drained costs nothing");
        index.apply(Change::Appended(conversation));
        let woken = index.due(Timestamp(1_000));
        assert_eq!(woken.len(), 1);
        // A round that looked before the wake must not park it again.
        index.drained(seen[0]);
        assert_eq!(index.due(Timestamp(1_000)).len(), 1);
        // A record behind it in the room waits until the run leaves.
        put(&mut index, 9, Lane::Room(conversation), 0);
        assert_eq!(due_ids(&index, 1_000), vec![7]);
        index.apply(Change::Remove(7));
        assert_eq!(due_ids(&index, 1_000), vec![9]);
        index.apply(Change::Appended(conversation));
        assert_eq!(due_ids(&index, 1_000), vec![9]);
    }

    #[test]
    fn a_record_waits_since_it_was_due_through_retries_until_progress_and_parked_ones_never_wait() {
        let visitor = VisitorId::from_bytes([3; 16]);
        let conversation = ConversationId::from_bytes([4; 16]);
        let mut index = OutboxIndex::default();
        assert_eq!(index.pending(Timestamp(0)), (0, None));
        put(&mut index, 1, Lane::Visitor(visitor), 100);
        put(&mut index, 2, Lane::Held(visitor), PARKED.0);
        put(&mut index, 3, Lane::Duty, 5_000);
        // Translations waiting for the service have their own notice and give-up time.
        put(&mut index, 4, Lane::TranslateIn(conversation), 0);
        put(&mut index, 5, Lane::TranslateOut(conversation), 0);
        assert_eq!(index.pending(Timestamp(200)), (1, Some(Timestamp(100))), "not yet due, parked: not waiting");
        index.apply(Change::Remove(4));
        index.apply(Change::Remove(5));
        // Failing retries are no progress: it still waits since 100.
        index.apply(Change::Put {
            id: 1,
            lane: Lane::Visitor(visitor),
            due: Timestamp(9_000),
            open_run: None,
            attempts: 3,
        });
        assert_eq!(index.pending(Timestamp(6_000)), (2, Some(Timestamp(100))));
        index.apply(Change::Remove(1));
        assert_eq!(index.pending(Timestamp(6_000)), (1, Some(Timestamp(5_000))));
        index.apply(Change::Remove(3));
        // A run that moved on starts again from when it is next seen waiting; drained, it waits
        // for nobody.
        let run = Change::Put {
            id: 8,
            lane: Lane::Room(conversation),
            due: Timestamp(0),
            open_run: Some(conversation),
            attempts: 0,
        };
        index.apply(run.clone());
        assert_eq!(index.pending(Timestamp(7_000)), (1, Some(Timestamp(0))));
        index.apply(run);
        assert_eq!(index.pending(Timestamp(7_000)), (1, Some(Timestamp(7_000))));
        let seen = index.due(Timestamp(7_000));
        index.drained(seen[0]);
        assert_eq!(index.pending(Timestamp(8_000)), (0, None));
        index.apply(Change::Appended(conversation));
        assert_eq!(index.pending(Timestamp(9_000)), (1, Some(Timestamp(9_000))));
    }
}
