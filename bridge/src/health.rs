//! Whether the bridge is well: what the connectors saw of Telegram and the homeserver, what the
//! disk has free, and the conditions the engine raised from it (`engine::health` decides and tells
//! the duty room).
//!
//! The connectors do not decide: they report each poll's outcome to a shared [`Reachability`],
//! in memory and cheap (no store write per poll). At each clock tick the bot reads it with the
//! disk into a [`HealthReading`] and hands that to [`crate::engine::Engine::check_health`].

use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// Something wrong that lasts, raised and cleared by the engine, told to the duty room once
/// each way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Condition {
    /// The Telegram Bot API has not answered for longer than `unreachable_after`.
    TelegramUnreachable,
    /// The Matrix homeserver has not answered for longer than `unreachable_after`.
    HomeserverUnreachable,
    /// The data dir's disk is below its free-space floor.
    DiskLow,
    /// Outbox messages have waited longer than `outbox_stale_after`.
    OutboxStale,
}

impl Condition {
    /// Every condition, in the order they are shown.
    pub const ALL: [Condition; 4] =
        [Self::TelegramUnreachable, Self::HomeserverUnreachable, Self::DiskLow, Self::OutboxStale];

    /// A stable name, for the status file and the log.
    pub fn name(self) -> &'static str {
        match self {
            Self::TelegramUnreachable => "telegram_unreachable",
            Self::HomeserverUnreachable => "homeserver_unreachable",
            Self::DiskLow => "disk_low",
            Self::OutboxStale => "outbox_stale",
        }
    }
}

/// A remote the bridge depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Link {
    /// The Telegram Bot API (visitors).
    Telegram,
    /// The Matrix homeserver (staff).
    Homeserver,
}

impl Link {
    /// The condition raised when it is unreachable.
    pub fn condition(self) -> Condition {
        match self {
            Self::Telegram => Condition::TelegramUnreachable,
            Self::Homeserver => Condition::HomeserverUnreachable,
        }
    }

    fn index(self) -> usize {
        match self {
            Self::Telegram => 0,
            Self::Homeserver => 1,
        }
    }
}

/// What was last seen of one link.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkSeen {
    /// The last answer that was a success.
    pub last_ok: Option<Timestamp>,
    /// The first failure of the current failing streak; `None` once an answer succeeds.
    pub failing_since: Option<Timestamp>,
    /// The first success after the last failing streak: when it came back.
    pub back_at: Option<Timestamp>,
    /// Whether this link was looked at at all (Telegram is optional).
    pub watched: bool,
}

/// Per link, the last success and the current failing streak, shared by the connectors and the
/// clock. A poisoned lock (a panic elsewhere) is taken over: these are plain timestamps.
#[derive(Debug, Default)]
pub struct Reachability {
    links: Mutex<[LinkSeen; 2]>,
}

impl Reachability {
    /// An answer came from `link`.
    pub fn seen_ok(&self, link: Link, now: Timestamp) {
        self.edit(link, |seen| {
            if seen.failing_since.take().is_some() {
                seen.back_at = Some(now);
            }
            seen.last_ok = Some(now);
        });
    }

    /// `link` could not be reached (a network error, a 5xx; a rate limit is an answer).
    pub fn seen_failing(&self, link: Link, now: Timestamp) {
        self.edit(link, |seen| {
            seen.failing_since.get_or_insert(now);
        });
    }

    /// What was seen of `link` so far.
    pub fn seen(&self, link: Link) -> LinkSeen {
        let links = self.links.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        links[link.index()]
    }

    fn edit(&self, link: Link, change: impl FnOnce(&mut LinkSeen)) {
        let mut links = self.links.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let seen = &mut links[link.index()];
        seen.watched = true;
        change(seen);
    }
}

/// What the bot measured at one tick, for the engine to judge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HealthReading {
    /// The Telegram Bot API, if the bridge has a Telegram channel.
    pub telegram: LinkSeen,
    /// The homeserver.
    pub homeserver: LinkSeen,
    /// Bytes free on the data dir's disk; `None` if the disk could not be asked.
    pub disk_free_bytes: Option<u64>,
    /// The free-space floor (`[limits] min_free_disk_mb`); 0 is no floor.
    pub disk_floor_bytes: u64,
    /// The bridge runs without Telegram now (its section was removed from the config): a
    /// Telegram outage raised before can never be seen to end, so it is withdrawn.
    pub telegram_off: bool,
}

impl HealthReading {
    /// The reachability of every link as `reachability` has it now, and the disk.
    pub fn new(reachability: &Reachability, disk_free_bytes: Option<u64>, disk_floor_bytes: u64) -> Self {
        Self {
            telegram: reachability.seen(Link::Telegram),
            homeserver: reachability.seen(Link::Homeserver),
            disk_free_bytes,
            disk_floor_bytes,
            telegram_off: false,
        }
    }

    /// What was seen of `link`.
    pub fn link(&self, link: Link) -> LinkSeen {
        match link {
            Link::Telegram => self.telegram,
            Link::Homeserver => self.homeserver,
        }
    }
}

/// Free space above the floor needed before a low disk counts as cleared, so a disk hovering at
/// the floor does not raise and clear it at every tick: a tenth of the floor, at least 32 MiB.
pub fn disk_margin(floor_bytes: u64) -> u64 {
    (floor_bytes / 10).max(32 * 1024 * 1024)
}

/// How the bridge is, as the engine judged it at a tick: what the status file shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthState {
    /// Conditions raised now, each since when.
    pub raised: Vec<(Condition, Timestamp)>,
    /// Outbox records waiting to be delivered.
    pub outbox_pending: usize,
    /// Since when the longest waiting record has waited.
    pub outbox_waiting_since: Option<Timestamp>,
    /// The last start after an unclean shutdown: when the run that did not stop cleanly had
    /// started, and when the bridge started again.
    pub last_unclean_shutdown: Option<(Timestamp, Timestamp)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_streak_starts_at_its_first_failure_and_ends_at_the_first_success() {
        let reachability = Reachability::default();
        assert!(!reachability.seen(Link::Telegram).watched);
        reachability.seen_ok(Link::Telegram, Timestamp(1));
        reachability.seen_failing(Link::Telegram, Timestamp(5));
        reachability.seen_failing(Link::Telegram, Timestamp(9));
        let seen = reachability.seen(Link::Telegram);
        assert_eq!((seen.last_ok, seen.failing_since, seen.back_at), (Some(Timestamp(1)), Some(Timestamp(5)), None));
        reachability.seen_ok(Link::Telegram, Timestamp(12));
        reachability.seen_ok(Link::Telegram, Timestamp(20));
        let seen = reachability.seen(Link::Telegram);
        assert_eq!((seen.last_ok, seen.failing_since, seen.back_at), (Some(Timestamp(20)), None, Some(Timestamp(12))));
        assert_eq!(reachability.seen(Link::Homeserver), LinkSeen::default(), "each link its own");
    }
}
