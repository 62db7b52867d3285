//! One event the engine cannot apply must not stall a channel.
//!
//! A batch is one transaction, so one event that always fails (a damaged record it touches, a
//! bug) would fail its batch forever, and every later message would wait behind it: a Telegram
//! answer never confirmed, a Matrix queue never drained. So a failed batch is applied again one
//! event at a time, each in its own transaction and flushed, and the good ones land in order. An
//! event that fails alone twice in a row is skipped and counted as an unreadable update (under
//! its own dedupe, so a redelivery is not counted twice); twice, because a skipped event is a
//! message nobody reads.
//!
//! A failure of the store as a whole (a full disk, sled's I/O errors) is no event's fault:
//! nothing is skipped then, the rest waits and is tried again.

use bridge::Channel;
use bridge::engine::{Dedupe, Event};

/// How [`isolate`] left a batch.
#[derive(Debug, PartialEq, Eq)]
pub struct Isolated<E> {
    /// Events before this index are applied or skipped; the rest wait (see `stalled`).
    pub done: usize,
    /// The events skipped (their index) and what they failed with, each recorded as an
    /// unreadable update when it could be.
    pub skipped: Vec<(usize, E)>,
    /// The transient failure that stopped the batch at `done`; `None` when all of it is done.
    pub stalled: Option<E>,
}

/// Applies `events` with `apply` (one transaction and a flush per call), isolating what fails:
/// the whole batch first; if it fails for a reason that is not `transient`, one event at a time,
/// and an event that fails alone twice in a row is replaced by `skipped_as(event)` (applied the
/// same way) and counted in `skipped`. A transient failure stops at once, skipping nothing.
pub fn isolate<T, E>(
    events: &[T],
    mut apply: impl FnMut(&[T]) -> Result<(), E>,
    transient: impl Fn(&E) -> bool,
    skipped_as: impl Fn(&T) -> T,
) -> Isolated<E> {
    let mut isolated = Isolated { done: 0, skipped: Vec::new(), stalled: None };
    match apply(events) {
        Ok(()) => {
            isolated.done = events.len();
            return isolated;
        }
        Err(error) if transient(&error) => {
            isolated.stalled = Some(error);
            return isolated;
        }
        Err(_) => {}
    }
    for (index, event) in events.iter().enumerate() {
        isolated.done = index;
        let mut failed = None;
        for _ in 0..2 {
            match apply(std::slice::from_ref(event)) {
                Ok(()) => {
                    failed = None;
                    break;
                }
                Err(error) if transient(&error) => {
                    isolated.stalled = Some(error);
                    return isolated;
                }
                Err(error) => failed = Some(error),
            }
        }
        if let Some(failed) = failed {
            match apply(std::slice::from_ref(&skipped_as(event))) {
                Err(error) if transient(&error) => {
                    isolated.stalled = Some(error);
                    return isolated;
                }
                // Even the record of it failing must not hold the rest back.
                Ok(()) | Err(_) => isolated.skipped.push((index, failed)),
            }
        }
    }
    isolated.done = events.len();
    isolated
}

/// What a skipped event of `channel` leaves in the engine: that it happened, under its own dedupe.
pub fn unreadable(event: &Event, channel: Channel) -> Event {
    Event::UnreadableUpdate { channel, dedupe: dedupe_of(event).cloned() }
}

fn dedupe_of(event: &Event) -> Option<&Dedupe> {
    match event {
        Event::VisitorMessage { dedupe, .. }
        | Event::UnrelayedMessage { dedupe, .. }
        | Event::VisitorCommand { dedupe, .. }
        | Event::StaffText { dedupe, .. }
        | Event::UnreadableUpdate { dedupe, .. } => dedupe.as_ref(),
        Event::Tick => None,
    }
}

/// The kind of an event, for the log: nothing of its content, room, sender or ids.
pub fn kind(event: &Event) -> &'static str {
    match event {
        Event::VisitorMessage { .. } => "visitor message",
        Event::UnrelayedMessage { .. } => "visitor message not relayed",
        Event::VisitorCommand { .. } => "visitor command",
        Event::StaffText { .. } => "staff message",
        Event::UnreadableUpdate { .. } => "unreadable update",
        Event::Tick => "tick",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[derive(Debug, PartialEq, Eq)]
    enum Fail {
        Poison,
        Disk,
    }

    /// A store of numbers: `poison` fails every transaction it is in; `disk` fails the next
    /// `n` transactions whatever they hold. A transaction applies all its events or none.
    struct Fake {
        applied: Vec<i32>,
        calls: usize,
        poison: Vec<i32>,
        disk_failures: usize,
    }

    impl Fake {
        fn new(poison: &[i32]) -> Self {
            Self { applied: Vec::new(), calls: 0, poison: poison.to_vec(), disk_failures: 0 }
        }

        fn apply(&mut self, events: &[i32]) -> Result<(), Fail> {
            self.calls += 1;
            if self.disk_failures > 0 {
                self.disk_failures -= 1;
                return Err(Fail::Disk);
            }
            if events.iter().any(|e| self.poison.contains(e)) {
                return Err(Fail::Poison);
            }
            self.applied.extend_from_slice(events);
            Ok(())
        }
    }

    fn apply_all(fake: &mut Fake, events: &[i32]) -> Isolated<Fail> {
        isolate(events, |batch| fake.apply(batch), |e| *e == Fail::Disk, |e| -e)
    }

    #[test]
    fn a_batch_that_applies_is_one_transaction() {
        let mut fake = Fake::new(&[]);
        assert_eq!(apply_all(&mut fake, &[1, 2, 3]), Isolated { done: 3, skipped: vec![], stalled: None });
        assert_eq!((fake.applied, fake.calls), (vec![1, 2, 3], 1));
    }

    #[test]
    fn one_poison_is_skipped_and_recorded_and_the_rest_land_in_order() {
        let mut fake = Fake::new(&[3]);
        assert_eq!(
            apply_all(&mut fake, &[1, 2, 3, 4, 5]),
            Isolated { done: 5, skipped: vec![(2, Fail::Poison)], stalled: None }
        );
        // -3: the record that 3 was skipped, in its place.
        assert_eq!(fake.applied, vec![1, 2, -3, 4, 5]);
        // The batch, 1 and 2 alone, 3 alone twice, its record, 4, 5.
        assert_eq!(fake.calls, 1 + 2 + 2 + 1 + 2);
    }

    #[test]
    fn a_full_disk_skips_nothing_and_stops_where_it_is() {
        let mut fake = Fake::new(&[]);
        fake.disk_failures = 1;
        assert_eq!(apply_all(&mut fake, &[1, 2]), Isolated { done: 0, skipped: vec![], stalled: Some(Fail::Disk) });
        assert!(fake.applied.is_empty());

        // The disk fills while a poison is isolated: the poison is not skipped on the disk's word,
        // and what came before it stays applied.
        let mut fake = Fake::new(&[2]);
        let isolated = isolate(
            &[1, 2, 3],
            |batch| {
                if batch == [2] && fake.calls == 2 {
                    fake.disk_failures = 1;
                }
                fake.apply(batch)
            },
            |e| *e == Fail::Disk,
            |e| -e,
        );
        assert_eq!(isolated, Isolated { done: 1, skipped: vec![], stalled: Some(Fail::Disk) });
        assert_eq!(fake.applied, vec![1]);
        // Tried again later from where it stopped: now the poison goes.
        assert_eq!(
            apply_all(&mut fake, &[2, 3]),
            Isolated { done: 2, skipped: vec![(0, Fail::Poison)], stalled: None }
        );
        assert_eq!(fake.applied, vec![1, -2, 3]);
    }

    #[test]
    fn an_event_that_fails_once_then_passes_is_not_skipped() {
        let mut fake = Fake::new(&[2]);
        let mut alone = 0;
        let isolated = isolate(
            &[1, 2, 3],
            |batch| {
                if batch == [2] {
                    alone += 1;
                    if alone == 2 {
                        fake.poison.clear();
                    }
                }
                fake.apply(batch)
            },
            |e| *e == Fail::Disk,
            |e| -e,
        );
        assert_eq!(isolated, Isolated { done: 3, skipped: vec![], stalled: None });
        assert_eq!(fake.applied, vec![1, 2, 3]);
    }

    #[test]
    fn every_poison_of_a_batch_is_skipped_even_when_its_record_fails() {
        let mut fake = Fake::new(&[1, 4, -4]);
        assert_eq!(
            apply_all(&mut fake, &[1, 2, 4, 5]),
            Isolated { done: 4, skipped: vec![(0, Fail::Poison), (2, Fail::Poison)], stalled: None }
        );
        assert_eq!(fake.applied, vec![-1, 2, 5]);
    }

    #[test]
    fn a_skipped_event_is_counted_under_its_own_dedupe() {
        let dedupe = Some(Dedupe::Key { channel: Channel::Matrix, id: "$event".into() });
        let event = Event::StaffText {
            from: "@grace:example.org".into(),
            room: bridge::engine::StaffRoom::Duty,
            text: "words".into(),
            attachment: None,
            dedupe: dedupe.clone(),
        };
        assert_eq!(unreadable(&event, Channel::Matrix), Event::UnreadableUpdate { channel: Channel::Matrix, dedupe });
        assert_eq!(kind(&event), "staff message");
    }
}
