//! Time as the engine sees it: milliseconds since the Unix epoch, from an injected [`Clock`].

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Milliseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Timestamp(pub i64);

/// How long to wait before trying again after `failures` failures in a row: `first`, doubled
/// with each failure, never more than `cap`. The one backoff of the bridge: deliveries, the
/// Telegram poll, the Matrix sync and its committer.
pub fn backoff(failures: u32, first: Duration, cap: Duration) -> Duration {
    first.saturating_mul(1u32 << failures.min(20)).min(cap)
}

impl Timestamp {
    /// The time `millis` after the epoch.
    pub const fn from_millis(millis: i64) -> Self {
        Self(millis)
    }

    /// Milliseconds since the epoch.
    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// `minutes` later; saturates instead of overflowing.
    pub const fn plus_minutes(self, minutes: i64) -> Self {
        Self(self.0.saturating_add(minutes.saturating_mul(60_000)))
    }

    /// `millis` later; saturates instead of overflowing.
    pub const fn plus_millis(self, millis: i64) -> Self {
        Self(self.0.saturating_add(millis))
    }

    /// Whole minutes from `earlier` to `self`, never negative.
    pub(crate) const fn minutes_since(self, earlier: Timestamp) -> i64 {
        let diff = self.0.saturating_sub(earlier.0);
        if diff < 0 { 0 } else { diff / 60_000 }
    }
}

/// Where the engine gets the time, so every timeout can be tested without sleeping.
pub trait Clock: Send + Sync {
    /// The current time.
    fn now(&self) -> Timestamp;
}

/// The wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let millis = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        Timestamp(millis)
    }
}

/// A clock that moves only when told to; clones share the same time.
#[derive(Clone, Debug, Default)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    /// A clock standing at `time`.
    pub fn at(time: Timestamp) -> Self {
        Self(Arc::new(AtomicI64::new(time.0)))
    }

    #[cfg(test)]
    pub(crate) fn set(&self, time: Timestamp) {
        self.0.store(time.0, Ordering::SeqCst);
    }

    /// Moves every clone of this clock `minutes` forward.
    pub fn advance_minutes(&self, minutes: i64) {
        self.0.fetch_add(minutes * 60_000, Ordering::SeqCst);
    }

    #[cfg(test)]
    pub(crate) fn advance_millis(&self, millis: i64) {
        self.0.fetch_add(millis, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.0.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_first_wait_up_to_the_cap() {
        let wait = |failures| backoff(failures, Duration::from_millis(500), Duration::from_secs(30));
        assert_eq!(wait(0), Duration::from_millis(500));
        assert_eq!(wait(1), Duration::from_secs(1));
        assert_eq!(wait(5), Duration::from_secs(16));
        assert_eq!(wait(6), Duration::from_secs(30));
        assert_eq!(wait(u32::MAX), Duration::from_secs(30));
    }
}
