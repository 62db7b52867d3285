//! Routing: the live duty and queue state, and the pure rule that picks a staffer.
//!
//! Design §6: on-duty outreach staff who speak the conversation's language first, then any
//! on-duty outreach staff; among them the fewest open conversations, then the one idle longest,
//! then the staff id, so the choice is deterministic.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::ids::ConversationId;
use crate::roster::StaffId;
use crate::time::Timestamp;

/// How a staffer came on or off duty, so a shift end does not undo a manual choice made since.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum DutySource {
    Command,
    Shift,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffState {
    pub(crate) on_duty: bool,
    pub(crate) source: DutySource,
    /// When they last got a conversation, or came on duty: "idle longest" is the oldest.
    pub(crate) idle_since: Timestamp,
    pub(crate) open: BTreeSet<ConversationId>,
}

impl StaffState {
    pub(crate) fn off(now: Timestamp) -> Self {
        Self { on_duty: false, source: DutySource::Command, idle_since: now, open: BTreeSet::new() }
    }
}

/// A referral follow-up the duty room must be reminded of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FollowUp {
    pub(crate) conversation: ConversationId,
    pub(crate) referral: u32,
    /// "YYYY-MM-DD" in the shifts' time zone.
    pub(crate) date: String,
}

/// Everything routing decides on, kept as one sealed record so each event reads and writes it
/// atomically with the rest of its changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingState {
    /// Queued conversations, oldest first.
    pub(crate) queue: Vec<(ConversationId, Timestamp)>,
    pub(crate) staff: BTreeMap<StaffId, StaffState>,
    pub(crate) follow_ups: Vec<FollowUp>,
    pub(crate) last_tick: Option<Timestamp>,
}

impl RoutingState {
    pub(crate) fn staff_mut(&mut self, id: &StaffId, now: Timestamp) -> &mut StaffState {
        self.staff.entry(id.clone()).or_insert_with(|| StaffState::off(now))
    }

    pub fn on_duty(&self) -> impl Iterator<Item = (&StaffId, &StaffState)> {
        self.staff.iter().filter(|(_, s)| s.on_duty)
    }

    pub(crate) fn unqueue(&mut self, conversation: ConversationId) {
        self.queue.retain(|(c, _)| *c != conversation);
    }

    pub(crate) fn release(&mut self, conversation: ConversationId) {
        for state in self.staff.values_mut() {
            state.open.remove(&conversation);
        }
    }
}

/// One staffer as the assignment rule sees them.
#[derive(Clone, Debug)]
pub(crate) struct Candidate<'a> {
    pub(crate) id: &'a StaffId,
    pub(crate) speaks_language: bool,
    pub(crate) open: usize,
    pub(crate) idle_since: Timestamp,
}

/// The staffer a conversation goes to, or `None` if nobody can take it.
pub(crate) fn choose<'a>(candidates: &[Candidate<'a>], passed_over: &[StaffId]) -> Option<&'a StaffId> {
    candidates
        .iter()
        .filter(|c| !passed_over.contains(c.id))
        .min_by(|a, b| {
            (!a.speaks_language, a.open, a.idle_since, a.id).cmp(&(!b.speaks_language, b.open, b.idle_since, b.id))
        })
        .map(|c| c.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(id: &StaffId, speaks: bool, open: usize, idle: i64) -> Candidate<'_> {
        Candidate { id, speaks_language: speaks, open, idle_since: Timestamp(idle) }
    }

    #[test]
    fn language_first_then_load_then_idle_then_id() {
        let (a, b, c) = (StaffId::new("a"), StaffId::new("b"), StaffId::new("c"));
        // Language beats load.
        assert_eq!(choose(&[candidate(&a, false, 0, 0), candidate(&b, true, 5, 9)], &[]), Some(&b));
        // Same language match: fewer open conversations.
        assert_eq!(choose(&[candidate(&a, true, 2, 0), candidate(&b, true, 1, 9)], &[]), Some(&b));
        // Same load: idle longest.
        assert_eq!(choose(&[candidate(&a, true, 1, 5), candidate(&b, true, 1, 3)], &[]), Some(&b));
        // Full tie: the smaller id, whatever the order given.
        assert_eq!(choose(&[candidate(&c, true, 1, 3), candidate(&a, true, 1, 3)], &[]), Some(&a));
        // Nobody speaks it: any on-duty staffer, by load.
        assert_eq!(choose(&[candidate(&a, false, 3, 0), candidate(&c, false, 1, 0)], &[]), Some(&c));
        assert_eq!(choose(&[], &[]), None);
    }

    #[test]
    fn passed_over_staff_are_skipped() {
        let (a, b) = (StaffId::new("a"), StaffId::new("b"));
        let all = [candidate(&a, true, 0, 0), candidate(&b, true, 0, 1)];
        assert_eq!(choose(&all, std::slice::from_ref(&a)), Some(&b));
        assert_eq!(choose(&all, &[a.clone(), b.clone()]), None);
    }
}

#[cfg(test)]
mod encoding {
    use super::*;

    /// The routing record's encoding is part of the on-disk format.
    #[test]
    fn routing_state_encoding_is_pinned() {
        let mut state = RoutingState::default();
        state.queue.push((ConversationId::from_bytes([1; 16]), Timestamp(2)));
        let mut open = BTreeSet::new();
        open.insert(ConversationId::from_bytes([3; 16]));
        state.staff.insert(
            StaffId::new("ana"),
            StaffState { on_duty: true, source: DutySource::Shift, idle_since: Timestamp(4), open },
        );
        state.follow_ups.push(FollowUp {
            conversation: ConversationId::from_bytes([3; 16]),
            referral: 1,
            date: "2026-12-01".into(),
        });
        state.last_tick = Some(Timestamp(5));
        assert_eq!(
            hex::encode(postcard::to_allocvec(&state).unwrap()),
            "0101010101010101010101010101010101040103616e6101010801030303030303030303030303030303030103030303030303030303030303030303010a323032362d31322d3031010a"
        );
    }
}
