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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::super::envelope::Encoding;
    use super::super::migrations::WeekStatsV4;
    use super::super::schema::{self, Schema};
    use super::*;
    use crate::crypto::MasterKey;

    fn key() -> MasterKey {
        MasterKey::from_bytes([5; 32])
    }

    /// What a busy week before schema 5 held: every kind of counter set.
    fn week_v4() -> WeekStatsV4 {
        let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        WeekStatsV4 {
            new_contacts: BTreeMap::from([(pair("th", "telegram"), 7), (pair("en", "matrix"), 3)]),
            returning: 9,
            first_responses: vec![60, 120, 300],
            referrals: BTreeMap::from([("doctor".to_owned(), 6)]),
            outcomes: BTreeMap::from([(pair("doctor", "done"), 2)]),
        }
    }

    /// A data dir as schema 4 left it: these weeks' records in bare postcard.
    fn schema_4_data_dir(dir: &Path, weeks: &[(u32, WeekStatsV4)]) {
        let v4 = Schema { version: 4, migrations: &[] };
        let store = Store::open_with(dir, &key(), &v4).unwrap();
        for (week, stats) in weeks {
            let key = week.to_be_bytes();
            let sealed =
                sealed::seal_as(Encoding::Postcard, &store.keys().state, TreeName::Stats, &key, stats, 64).unwrap();
            store.tree(TreeName::Stats).insert(key, sealed).unwrap();
        }
        store.flush().unwrap();
    }

    fn expected_after_migration() -> WeekStats {
        let old = week_v4();
        WeekStats {
            new_contacts: old.new_contacts,
            returning: old.returning,
            first_responses: old.first_responses,
            referrals: old.referrals,
            outcomes: old.outcomes,
            translated: BTreeMap::new(),
            partners: BTreeMap::new(),
            campaigns: BTreeMap::new(),
        }
    }

    /// The week record's encoding is part of the on-disk format, twice: as schemas up to 4
    /// stored it (postcard, which the 4 → 5 step still reads) and in the envelope since 5.
    #[test]
    fn week_stats_encoding_is_pinned() {
        let mut stats = WeekStats::default();
        stats.new_contact("th", "telegram");
        stats.returning = 2;
        stats.first_response(300);
        stats.referral("doctor");
        stats.outcome("doctor", "done");
        let as_v4: WeekStatsV4 = postcard::from_bytes(&postcard::to_allocvec(&stats).unwrap()).unwrap();
        assert_eq!(
            hex::encode(postcard::to_allocvec(&as_v4).unwrap()),
            "010274680874656c656772616d010201ac020106646f63746f72010106646f63746f7204646f6e6501"
        );
        stats.translated_conversation("th", "en");
        assert_eq!(
            hex::encode(Encoding::Envelope.encode_into(&stats, Vec::new()).unwrap()),
            "01988192a27468a874656c656772616d010291cd012c81a6646f63746f72018192a6646f63746f72a4646f6e65018192a27468a2656e018080"
        );
        // A week written before the campaign counter (seven fields) reads it as empty.
        let seven = hex::decode(
            "01978192a27468a874656c656772616d010291cd012c81a6646f63746f72018192a6646f63746f72a4646f6e65018192a27468a2656e0180",
        )
        .unwrap();
        assert_eq!(Encoding::Envelope.decode::<WeekStats>(&seven), Some(stats.clone()));
        // A week written before the partner counter (six fields) reads it as empty.
        let six = hex::decode(
            "01968192a27468a874656c656772616d010291cd012c81a6646f63746f72018192a6646f63746f72a4646f6e65018192a27468a2656e01",
        )
        .unwrap();
        assert_eq!(Encoding::Envelope.decode::<WeekStats>(&six), Some(stats.clone()));
        // A week written before the translation counter ends early and reads it as empty.
        let mut before = Encoding::Envelope.encode_into(&as_v4, Vec::new()).unwrap();
        assert_eq!(before.get(1), Some(&0x95), "an array of the five older fields");
        let read: WeekStats = Encoding::Envelope.decode(&before).unwrap();
        assert!(read.translated.is_empty() && read.returning == 2 && read.outcomes.len() == 1);
        before.truncate(before.len() - 1);
        assert_eq!(Encoding::Envelope.decode::<WeekStats>(&before), None, "a cut record is refused");
    }

    /// A data dir written at schema 4 with weeks in it opens at schema 5 with every count
    /// kept, the weeks in the envelope, and counts translated conversations from then on.
    #[test]
    fn a_schema_4_data_dir_keeps_every_count_and_moves_the_weeks_into_the_envelope() {
        // The data dir inside the temp dir: the copy made before a migration goes beside it.
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        schema_4_data_dir(&dir, &[(20_759, week_v4()), (20_766, WeekStatsV4 { returning: 1, ..week_v4() })]);

        let store = Store::open(&dir, &key()).unwrap();
        assert_eq!(schema::stored_version(&store).unwrap(), Some(5));
        let weeks = store.week_stats(0, u32::MAX).unwrap();
        let second = WeekStats { returning: 1, ..expected_after_migration() };
        assert_eq!(weeks, vec![(20_759, expected_after_migration()), (20_766, second)]);
        let raw = store.tree(TreeName::Stats).get(20_759u32.to_be_bytes()).unwrap().unwrap();
        let state = &store.keys().state;
        let as_postcard: Result<WeekStatsV4, _> =
            sealed::open_as(Encoding::Postcard, state, TreeName::Stats, &20_759u32.to_be_bytes(), &raw);
        assert!(as_postcard.is_err(), "stored in the envelope now");

        store.transact(|tx| tx.update_week_stats(20_759, |s| s.translated_conversation("th", "en"))).unwrap();
        drop(store);
        let store = Store::open(&dir, &key()).unwrap();
        let week = store.week_stats(20_759, 20_759).unwrap().remove(0).1;
        assert_eq!(week.translated, BTreeMap::from([(("th".to_owned(), "en".to_owned()), 1)]));
        assert_eq!((week.returning, week.first_responses.len()), (9, 3), "the old counts beside it");
    }

    /// A backup made by schema 4 restores into this build with its weeks migrated; one made now
    /// keeps the translation counts.
    #[test]
    fn backups_of_schema_4_and_5_restore_with_every_count() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("old");
        schema_4_data_dir(&old, &[(20_759, week_v4())]);
        let mut bytes = Vec::new();
        Store::open_with(&old, &key(), &Schema { version: 4, migrations: &[] })
            .unwrap()
            .write_backup(&mut bytes)
            .unwrap();
        let restored = tmp.path().join("restored-4");
        let summary = Store::restore_backup(&restored, &key(), &mut &bytes[..]).unwrap();
        assert_eq!(summary.schema, 4);
        let store = Store::open(&restored, &key()).unwrap();
        assert_eq!(store.week_stats(0, u32::MAX).unwrap(), vec![(20_759, expected_after_migration())]);

        store.transact(|tx| tx.update_week_stats(20_766, |s| s.translated_conversation("fa", "da"))).unwrap();
        let mut bytes = Vec::new();
        store.write_backup(&mut bytes).unwrap();
        drop(store);
        let again = tmp.path().join("restored-5");
        assert_eq!(Store::restore_backup(&again, &key(), &mut &bytes[..]).unwrap().schema, 5);
        let weeks = Store::open(&again, &key()).unwrap().week_stats(0, u32::MAX).unwrap();
        assert_eq!(weeks.len(), 2);
        assert_eq!(weeks[1].1.translated.get(&("fa".to_owned(), "da".to_owned())), Some(&1));
        assert_eq!(weeks[0].1, expected_after_migration());
    }
}
