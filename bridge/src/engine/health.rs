//! The engine judges how the bridge is: at each tick it raises or clears a [`Condition`] from
//! what the bot measured, and tells the duty room only when one changes, once each way, in the
//! team's language. The raised set is stored, so a restart does not tell it again.
//!
//! A homeserver outage is told late: its notice waits in the outbox with everything else for
//! the duty room, and arrives together with the one saying it is back.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::health::{Condition, HealthReading, HealthState, Link, disk_margin};
use crate::i18n::Arg;
use crate::outbox::Action;
use crate::store::{TreeName, TxError};
use crate::time::Timestamp;

use super::turn::Turn;
use super::{Engine, EngineError};

const KEY: &[u8] = b"health";
const MB: u64 = 1024 * 1024;

/// What the engine keeps between ticks and restarts: no content, only conditions and times.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct HealthRecord {
    /// Raised conditions, each since when.
    raised: BTreeMap<Condition, Timestamp>,
    /// When the run that did not stop cleanly had started, and when the bridge started again.
    last_unclean: Option<(Timestamp, Timestamp)>,
}

impl Engine {
    pub(super) fn judge_health_now(&self, reading: &HealthReading) -> Result<(HealthState, Vec<Action>), EngineError> {
        let (pending, waiting_since) = self.store.outbox_pending(self.clock.now())?;
        self.turn(|turn| {
            let state = turn.judge_health(reading, pending, waiting_since)?;
            Ok((state, std::mem::take(&mut turn.actions)))
        })
    }

    pub(super) fn tell_unclean_shutdown(&self, started: Timestamp) -> Result<Vec<Action>, EngineError> {
        self.turn(|turn| {
            let mut record: HealthRecord = turn.tx.get(TreeName::Meta, KEY)?.unwrap_or_default();
            record.last_unclean = Some((started, turn.now));
            let args = [("started", Arg::from(turn.moment(started))), ("now", Arg::from(turn.moment(turn.now)))];
            turn.duty_notice("duty-health-unclean-shutdown", &args)?;
            turn.tx.put(TreeName::Meta, KEY, &record)?;
            Ok(std::mem::take(&mut turn.actions))
        })
    }
}

impl Turn<'_, '_> {
    fn judge_health(
        &mut self,
        reading: &HealthReading,
        pending: usize,
        waiting_since: Option<Timestamp>,
    ) -> Result<HealthState, TxError> {
        let stored: HealthRecord = self.tx.get(TreeName::Meta, KEY)?.unwrap_or_default();
        let mut record = stored.clone();
        let settings = &self.engine.settings.health;
        let unreachable_ms = millis(settings.unreachable_after);
        for link in [Link::Telegram, Link::Homeserver] {
            let seen = reading.link(link);
            let condition = link.condition();
            match (record.raised.get(&condition).copied(), seen.failing_since) {
                (Some(_), _) if link == Link::Telegram && reading.telegram_off => {
                    record.raised.remove(&condition);
                    self.duty_notice("duty-health-telegram-off", &[])?;
                }
                (None, Some(since)) if self.now.as_millis().saturating_sub(since.as_millis()) > unreachable_ms => {
                    record.raised.insert(condition, since);
                    self.duty_notice(unreachable_message(link), &[("since", Arg::from(self.moment(since)))])?;
                }
                // Not yet polled since a restart says nothing either way.
                (Some(since), None) if seen.watched => {
                    record.raised.remove(&condition);
                    let back = seen.back_at.unwrap_or(self.now);
                    let args = [
                        ("at", Arg::from(self.moment(back))),
                        ("minutes", Arg::from(back.minutes_since(since).max(1))),
                    ];
                    self.duty_notice(back_message(link), &args)?;
                }
                _ => {}
            }
        }
        self.judge_disk(&mut record, reading)?;
        let stale_ms = millis(self.engine.settings.health.outbox_stale_after);
        let stale = waiting_since.filter(|since| self.now.as_millis().saturating_sub(since.as_millis()) > stale_ms);
        let link_down = record.raised.contains_key(&Condition::TelegramUnreachable)
            || record.raised.contains_key(&Condition::HomeserverUnreachable);
        match (record.raised.contains_key(&Condition::OutboxStale), stale) {
            // An unreachable link already explains a backlog; its own notice says so.
            (false, Some(since)) if !link_down => {
                record.raised.insert(Condition::OutboxStale, since);
                let args = [
                    ("count", Arg::from(pending)),
                    ("minutes", Arg::from(self.now.minutes_since(since))),
                    ("since", Arg::from(self.moment(since))),
                ];
                self.duty_notice("duty-health-outbox-stale", &args)?;
            }
            (true, None) => {
                record.raised.remove(&Condition::OutboxStale);
                self.duty_notice("duty-health-outbox-flowing", &[])?;
            }
            _ => {}
        }
        for (condition, since) in record.raised.iter().filter(|(c, _)| !stored.raised.contains_key(c)) {
            tracing::warn!(condition = condition.name(), since = since.as_millis(), "raised; the duty room is told");
        }
        for condition in stored.raised.keys().filter(|c| !record.raised.contains_key(c)) {
            tracing::info!(condition = condition.name(), "cleared; the duty room is told");
        }
        if record != stored {
            self.tx.put(TreeName::Meta, KEY, &record)?;
        }
        Ok(HealthState {
            raised: record.raised.iter().map(|(c, t)| (*c, *t)).collect(),
            outbox_pending: pending,
            outbox_waiting_since: waiting_since,
            last_unclean_shutdown: record.last_unclean,
        })
    }

    /// Low below the floor; well again only above the floor and a margin, so it cannot flap.
    fn judge_disk(&mut self, record: &mut HealthRecord, reading: &HealthReading) -> Result<(), TxError> {
        let floor = reading.disk_floor_bytes;
        let raised = record.raised.contains_key(&Condition::DiskLow);
        let megabytes = |bytes: u64| Arg::from(i64::try_from(bytes / MB).unwrap_or(i64::MAX));
        match reading.disk_free_bytes {
            // A disk that cannot be asked changes nothing: the file refusals say the rest.
            None => Ok(()),
            Some(_) if floor == 0 && raised => {
                record.raised.remove(&Condition::DiskLow);
                self.duty_notice("duty-health-disk-ok", &[("free_mb", megabytes(reading.disk_free_bytes.unwrap_or(0)))])
            }
            Some(free) if !raised && floor > 0 && free < floor => {
                record.raised.insert(Condition::DiskLow, self.now);
                self.duty_notice(
                    "duty-health-disk-low",
                    &[("free_mb", megabytes(free)), ("floor_mb", megabytes(floor))],
                )
            }
            Some(free) if raised && free >= floor.saturating_add(disk_margin(floor)) => {
                record.raised.remove(&Condition::DiskLow);
                self.duty_notice("duty-health-disk-ok", &[("free_mb", megabytes(free))])
            }
            Some(_) => Ok(()),
        }
    }

    /// A time as the team reads it, in the shifts' time zone: the hour, and the day too when it
    /// is not today.
    pub(super) fn moment(&self, at: Timestamp) -> String {
        let zone = self.engine.shifts.zone().clone();
        let local = |t: Timestamp| {
            jiff::Timestamp::from_millisecond(t.as_millis()).ok().map(|t| t.to_zoned_datetime(zone.clone()))
        };
        let (Some(when), Some(today)) = (local(at), local(self.now)) else { return String::new() };
        let language = self.engine.team_language();
        let time = crate::i18n::dates::format_time(language, when.time())
            .unwrap_or_else(|| when.time().strftime("%H:%M").to_string());
        if when.date() == today.date() {
            return time;
        }
        let date = crate::i18n::dates::format_date(language, when.date()).unwrap_or_else(|| when.date().to_string());
        format!("{date} {time}")
    }
}

fn millis(duration: std::time::Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

fn unreachable_message(link: Link) -> &'static str {
    match link {
        Link::Telegram => "duty-health-telegram-unreachable",
        Link::Homeserver => "duty-health-homeserver-unreachable",
    }
}

fn back_message(link: Link) -> &'static str {
    match link {
        Link::Telegram => "duty-health-telegram-back",
        Link::Homeserver => "duty-health-homeserver-back",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The record is postcard in the meta tree: a change of its shape must be a deliberate
    /// schema step, not an accident (a record that no longer reads stops every health check).
    #[test]
    fn the_stored_record_encoding_is_pinned() {
        let record = HealthRecord {
            raised: BTreeMap::from([
                (Condition::HomeserverUnreachable, Timestamp(1_000)),
                (Condition::OutboxStale, Timestamp(2_000)),
            ]),
            last_unclean: Some((Timestamp(3), Timestamp(4))),
        };
        let bytes = postcard::to_allocvec(&record).unwrap();
        assert_eq!(hex::encode(&bytes), "0201d00f03a01f010608");
        assert_eq!(postcard::from_bytes::<HealthRecord>(&bytes).unwrap(), record);
    }
}
