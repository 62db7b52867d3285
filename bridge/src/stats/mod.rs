//! Statistics for funders: counters kept per week as events happen, never computed from
//! transcripts, and shown only with every count below 5 hidden ([`report`]).
//!
//! A week runs Monday to Sunday in the shifts' time zone (`[routing] time_zone`) and is named
//! by its Monday. What counts:
//! - a **new contact**: a conversation opened for a visitor who never had one, by its language
//!   and channel (if the visitor then chooses a language for the first time, the count moves to
//!   that language, so the picker pressed after a first message does not leave it under the
//!   platform's guess);
//! - a **return**: a visitor who wrote before opens a conversation again (a closed one reopened,
//!   or a new one). The counters keep no ids, so a visitor returning twice counts twice;
//! - a **first response**: the seconds from the visitor's first unanswered message to the
//!   team's first answer in that conversation, once per conversation, in the week of the answer.
//!   Every duration is kept (sorted, without order of arrival), so the median is exact;
//! - **referrals** made, by kind, in the week made; **outcomes**: a referral reaching done or
//!   declined, by kind and status, in the week it did;
//! - a **translated conversation**: once per conversation, in the week of its first machine
//!   translation, under that translation's language pair (source tag, target tag). Weeks
//!   counted before schema 5 have no such counts: they read as none.

pub mod report;

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// One week's counters. Keys are language tags, channel names, referral kinds and statuses:
/// never an id, a pseudonym or anything a person wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekStats {
    /// (language tag, channel name) → new contacts.
    pub(crate) new_contacts: BTreeMap<(String, String), u32>,
    /// Visitors who wrote before and opened a conversation again.
    pub returning: u32,
    /// Seconds to the first response, one per answered conversation, sorted.
    pub(crate) first_responses: Vec<u32>,
    /// Referral kind → referrals made.
    pub(crate) referrals: BTreeMap<String, u32>,
    /// (referral kind, final status) → referrals that reached it.
    pub(crate) outcomes: BTreeMap<(String, String), u32>,
    /// (source tag, target tag) → conversations that got their first machine translation that
    /// way. Appended with schema 5 (the stats tree in the envelope): last, and defaulted, so the
    /// weeks written before it read as empty. A later counter goes after it, defaulted too.
    #[serde(default)]
    pub(crate) translated: BTreeMap<(String, String), u32>,
    /// (partner id, "referred" or a final status) → referrals to that partner of the
    /// directory made, and ended that way. Appended after `translated`, defaulted.
    #[serde(default)]
    pub(crate) partners: BTreeMap<(String, String), u32>,
    /// Campaign code → new visitors who arrived through its link this week. Appended after
    /// `partners`, defaulted. The code is counted here and kept nowhere else.
    #[serde(default)]
    pub(crate) campaigns: BTreeMap<String, u32>,
}

/// The code `/share`'s link carries: visitors who came through a friend.
pub const SHARE_CODE: &str = "share";

/// What [`WeekStats::partners`] counts besides the final statuses.
pub(crate) const REFERRED: &str = "referred";

impl WeekStats {
    /// Counts a new contact in this language and channel.
    pub fn new_contact(&mut self, language: &str, channel: &str) {
        bump(self.new_contacts.entry((language.to_owned(), channel.to_owned())).or_default());
    }

    /// Moves one new contact from one language to another (the visitor chose theirs).
    pub(crate) fn move_contact(&mut self, from: &str, to: &str, channel: &str) {
        let key = (from.to_owned(), channel.to_owned());
        match self.new_contacts.get_mut(&key) {
            Some(count) if *count > 0 => {
                *count -= 1;
                if *count == 0 {
                    self.new_contacts.remove(&key);
                }
                self.new_contact(to, channel);
            }
            _ => {}
        }
    }

    pub(crate) fn first_response(&mut self, seconds: u32) {
        let at = self.first_responses.partition_point(|s| *s <= seconds);
        self.first_responses.insert(at, seconds);
    }

    /// Counts a referral of this kind.
    pub fn referral(&mut self, kind: &str) {
        bump(self.referrals.entry(kind.to_owned()).or_default());
    }

    pub(crate) fn outcome(&mut self, kind: &str, status: &str) {
        bump(self.outcomes.entry((kind.to_owned(), status.to_owned())).or_default());
    }

    /// Counts a referral to `partner` (a directory id), and how it ended (`status`: done,
    /// declined) once it does.
    pub(crate) fn partner_referral(&mut self, partner: &str, status: &str) {
        bump(self.partners.entry((partner.to_owned(), status.to_owned())).or_default());
    }

    /// [`Self::partner_referral`] for the bot's tests.
    #[cfg(feature = "test-team")]
    pub fn partner_referral_for_tests(&mut self, partner: &str, status: &str) {
        self.partner_referral(partner, status);
    }

    /// (campaign code, new visitors through its link), for tests that read a week back.
    #[cfg(feature = "test-team")]
    pub fn campaign_counts(&self) -> Vec<(String, u32)> {
        self.campaigns.iter().map(|(code, n)| (code.clone(), *n)).collect()
    }

    /// Counts a new visitor who arrived through the campaign link `code`.
    pub(crate) fn campaign_arrival(&mut self, code: &str) {
        bump(self.campaigns.entry(code.to_owned()).or_default());
    }

    /// Counts a conversation's first machine translation, from `source` into `target` (language
    /// tags). The caller counts each conversation once: the counters keep no ids to tell.
    pub(crate) fn translated_conversation(&mut self, source: &str, target: &str) {
        bump(self.translated.entry((source.to_owned(), target.to_owned())).or_default());
    }

    /// [`Self::translated_conversation`] for the bot's tests, which write weeks straight into a
    /// store to look at `hopenow stats`.
    #[cfg(feature = "test-team")]
    pub fn translated_conversation_for_tests(&mut self, source: &str, target: &str) {
        self.translated_conversation(source, target);
    }

    pub(crate) fn new_contacts_total(&self) -> u32 {
        self.new_contacts.values().fold(0, |a, b| a.saturating_add(*b))
    }

    /// The median of the first responses, in seconds (of an even count: the mean of the two
    /// middle ones, rounded down).
    pub(crate) fn median_first_response(&self) -> Option<u32> {
        let n = self.first_responses.len();
        match n {
            0 => None,
            _ if n % 2 == 1 => self.first_responses.get(n / 2).copied(),
            _ => {
                let (a, b) = (self.first_responses.get(n / 2 - 1)?, self.first_responses.get(n / 2)?);
                Some(((u64::from(*a) + u64::from(*b)) / 2) as u32)
            }
        }
    }
}

fn bump(count: &mut u32) {
    *count = count.saturating_add(1);
}

const EPOCH: Date = Date::constant(1970, 1, 1);

/// The week `at` falls in, in `zone`: its Monday as days since 1970-01-01.
pub fn week_of(zone: &TimeZone, at: Timestamp) -> Option<u32> {
    let date = jiff::Timestamp::from_millisecond(at.as_millis()).ok()?.to_zoned_datetime(zone.clone()).date();
    week_of_date(date)
}

/// The week a calendar day falls in.
pub fn week_of_date(date: Date) -> Option<u32> {
    let monday = date.checked_sub(i64::from(date.weekday().to_monday_zero_offset()).days()).ok()?;
    let days = monday.since((jiff::Unit::Day, EPOCH)).ok()?.get_days();
    u32::try_from(days).ok()
}

/// The Monday that names `week`.
pub(crate) fn week_start(week: u32) -> Option<Date> {
    EPOCH.checked_add(i64::from(week).days()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_in_the_configured_zone() {
        let zone = TimeZone::get("Europe/Copenhagen").unwrap();
        // Sunday 2026-11-01 23:30 UTC is already Monday 00:30 in Copenhagen.
        let sunday_night = jiff::Timestamp::from_second(1_793_575_800).unwrap();
        assert_eq!(sunday_night.to_zoned_datetime(TimeZone::UTC).date(), jiff::civil::date(2026, 11, 1));
        let at = Timestamp(sunday_night.as_millisecond());
        let week = week_of(&zone, at).unwrap();
        assert_eq!(week_start(week), Some(jiff::civil::date(2026, 11, 2)));
        let utc_week = week_of(&TimeZone::UTC, at).unwrap();
        assert_eq!(week_start(utc_week), Some(jiff::civil::date(2026, 10, 26)));
        assert_eq!(week_of_date(jiff::civil::date(2026, 11, 8)), Some(week));
    }

    #[test]
    fn the_median_is_exact_and_contacts_move_with_the_chosen_language() {
        let mut stats = WeekStats::default();
        assert_eq!(stats.median_first_response(), None);
        for seconds in [300, 60, 120] {
            stats.first_response(seconds);
        }
        assert_eq!(stats.first_responses, vec![60, 120, 300]);
        assert_eq!(stats.median_first_response(), Some(120));
        stats.first_response(200);
        assert_eq!(stats.median_first_response(), Some(160));

        stats.new_contact("en", "telegram");
        stats.move_contact("en", "th", "telegram");
        stats.move_contact("ro", "th", "telegram");
        assert_eq!(stats.new_contacts.len(), 1);
        assert_eq!(stats.new_contacts.get(&("th".to_owned(), "telegram".to_owned())), Some(&1));
    }
}
