//! The stats tree: week (its Monday as days since 1970-01-01, u32 BE) → sealed [`WeekStats`].
//! Counts only: no ids, no pseudonyms, no words, so they stay when conversations are shredded.

use super::{Store, StoreError, TreeName, Tx, TxError, sealed};
use crate::stats::WeekStats;

impl Tx<'_> {
    /// Changes the counters of `week` in this transaction.
    pub fn update_week_stats(&self, week: u32, change: impl FnOnce(&mut WeekStats)) -> Result<(), TxError> {
        let key = week.to_be_bytes();
        let mut stats: WeekStats = self.get(TreeName::Stats, &key)?.unwrap_or_default();
        change(&mut stats);
        self.put(TreeName::Stats, &key, &stats)
    }
}

impl Store {
    /// The weeks from `from` to `to` (both included) that have counters, in order.
    pub fn week_stats(&self, from: u32, to: u32) -> Result<Vec<(u32, WeekStats)>, StoreError> {
        let mut out = Vec::new();
        for item in self.tree(TreeName::Stats).range(from.to_be_bytes()..=to.to_be_bytes()) {
            let (key, value) = item?;
            let bytes: [u8; 4] = key.as_ref().try_into().map_err(|_| StoreError::Decode { tree: "stats" })?;
            out.push((u32::from_be_bytes(bytes), sealed::open(&self.keys().state, TreeName::Stats, &key, &value)?));
        }
        Ok(out)
    }
}
