//! Weekly shifts in a named time zone: who is on duty when, and when someone next will be.

use jiff::civil::{Time, Weekday};
use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::roster::StaffId;
use crate::time::Timestamp;

/// One weekly shift as configured: `days` at `start`, until `end` (past midnight if end ≤ start).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftConfig {
    /// Whose shift it is.
    pub staff: StaffId,
    /// Weekdays it starts on ("mon" … "sun").
    pub days: Vec<String>,
    /// "HH:MM" local time.
    pub start: String,
    /// "HH:MM" local time.
    pub end: String,
}

/// Why the shifts cannot be used; the message names the config section.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ShiftError {
    /// `[routing] time_zone` names no zone in the bundled database.
    #[error("[routing] time_zone {0:?} is not a known time zone (use a name like \"Europe/Copenhagen\")")]
    TimeZone(String),
    /// A `[[shift]]` entry is unusable.
    #[error("[[shift]] for {staff:?}: {what}")]
    Invalid {
        /// The staff id the shift is for.
        staff: String,
        /// What is wrong.
        what: String,
    },
}

#[derive(Clone, Debug)]
struct Shift {
    staff: StaffId,
    day: Weekday,
    start: Time,
    end: Time,
}

/// All shifts, resolved in their time zone.
#[derive(Clone, Debug)]
pub struct Shifts {
    zone: TimeZone,
    shifts: Vec<Shift>,
}

fn parse_day(text: &str) -> Option<Weekday> {
    Some(match text.to_ascii_lowercase().get(..3)? {
        "mon" => Weekday::Monday,
        "tue" => Weekday::Tuesday,
        "wed" => Weekday::Wednesday,
        "thu" => Weekday::Thursday,
        "fri" => Weekday::Friday,
        "sat" => Weekday::Saturday,
        "sun" => Weekday::Sunday,
        _ => return None,
    })
}

fn parse_time(text: &str) -> Option<Time> {
    let (h, m) = text.split_once(':')?;
    Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

impl Shifts {
    /// Resolves the configured shifts. `known` says whether a staff id is in the roster.
    pub fn new(zone: &str, configs: &[ShiftConfig], known: impl Fn(&StaffId) -> bool) -> Result<Self, ShiftError> {
        let zone = TimeZone::get(zone).map_err(|_| ShiftError::TimeZone(zone.into()))?;
        let mut shifts = Vec::new();
        for config in configs {
            let invalid = |what: String| ShiftError::Invalid { staff: config.staff.to_string(), what };
            if !known(&config.staff) {
                return Err(invalid("staff is not in the roster ([[staff]] id)".into()));
            }
            let start =
                parse_time(&config.start).ok_or_else(|| invalid(format!("start {:?} is not HH:MM", config.start)))?;
            let end = parse_time(&config.end).ok_or_else(|| invalid(format!("end {:?} is not HH:MM", config.end)))?;
            if start == end {
                return Err(invalid("start and end are the same".into()));
            }
            if config.days.is_empty() {
                return Err(invalid("days is empty (use mon, tue, wed, thu, fri, sat, sun)".into()));
            }
            for day in &config.days {
                let day = parse_day(day).ok_or_else(|| invalid(format!("{day:?} is not a day (mon … sun)")))?;
                shifts.push(Shift { staff: config.staff.clone(), day, start, end });
            }
        }
        Ok(Self { zone, shifts })
    }

    /// No shifts: staff go on and off duty with `!duty` only.
    pub fn none() -> Self {
        Self { zone: TimeZone::UTC, shifts: Vec::new() }
    }

    /// The time zone shifts are written in (`[routing] time_zone`); weeks and dates use it too.
    pub fn zone(&self) -> &TimeZone {
        &self.zone
    }

    /// Whether `staff` has a shift covering `at`.
    pub(crate) fn on_shift(&self, staff: &StaffId, at: Timestamp) -> bool {
        let Ok(zoned) =
            jiff::Timestamp::from_millisecond(at.as_millis()).map(|t| t.to_zoned_datetime(self.zone.clone()))
        else {
            return false;
        };
        let (day, time) = (zoned.weekday(), zoned.time());
        self.shifts.iter().filter(|s| &s.staff == staff).any(|s| {
            if s.start < s.end {
                s.day == day && s.start <= time && time < s.end
            } else {
                (s.day == day && s.start <= time) || (s.day.next() == day && time < s.end)
            }
        })
    }

    /// Staff with a shift in the roster, each once.
    pub fn staff(&self) -> Vec<&StaffId> {
        let mut out: Vec<&StaffId> = self.shifts.iter().map(|s| &s.staff).collect();
        out.sort();
        out.dedup();
        out
    }

    /// The earliest shift start after `at` among staff `eligible` says yes to.
    pub(crate) fn next_start(&self, at: Timestamp, eligible: impl Fn(&StaffId) -> bool) -> Option<Timestamp> {
        let now = jiff::Timestamp::from_millisecond(at.as_millis()).ok()?.to_zoned_datetime(self.zone.clone());
        let today = now.date();
        let mut best: Option<jiff::Timestamp> = None;
        for offset in 0..8 {
            let Ok(date) = today.checked_add(jiff::Span::new().days(offset)) else { continue };
            for shift in self.shifts.iter().filter(|s| s.day == date.weekday() && eligible(&s.staff)) {
                let Ok(start) = date.to_datetime(shift.start).to_zoned_datetime(self.zone.clone()) else { continue };
                let start = start.timestamp();
                if start > now.timestamp() && best.is_none_or(|b| start < b) {
                    best = Some(start);
                }
            }
        }
        best.map(|t| Timestamp::from_millis(t.as_millisecond()))
    }

    /// `at` as (local date, local time, days from `now`'s local date) in the shifts' zone; the
    /// reader's language writes them (`i18n::dates`).
    pub(crate) fn local_parts(&self, at: Timestamp, now: Timestamp) -> Option<(jiff::civil::Date, Time, i32)> {
        let at = jiff::Timestamp::from_millisecond(at.as_millis()).ok()?.to_zoned_datetime(self.zone.clone());
        let now = jiff::Timestamp::from_millisecond(now.as_millis()).ok()?.to_zoned_datetime(self.zone.clone());
        let days = now.date().until(at.date()).ok()?.get_days();
        Some((at.date(), at.time(), days))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        let zoned: jiff::ZonedDateTime = format!("{text}[Europe/Copenhagen]").parse().unwrap();
        Timestamp::from_millis(zoned.timestamp().as_millisecond())
    }

    fn night_shift() -> Shifts {
        let config = ShiftConfig {
            staff: StaffId::new("grace"),
            days: vec!["fri".into()],
            start: "20:00".into(),
            end: "02:00".into(),
        };
        Shifts::new("Europe/Copenhagen", &[config], |_| true).unwrap()
    }

    #[test]
    fn a_night_shift_crosses_midnight_in_local_time() {
        let shifts = night_shift();
        let grace = StaffId::new("grace");
        // 2026-11-27 is a Friday.
        assert!(!shifts.on_shift(&grace, at("2026-11-27T19:59")));
        assert!(shifts.on_shift(&grace, at("2026-11-27T20:00")));
        assert!(shifts.on_shift(&grace, at("2026-11-28T01:59")));
        assert!(!shifts.on_shift(&grace, at("2026-11-28T02:00")));
        assert!(!shifts.on_shift(&StaffId::new("ali"), at("2026-11-27T21:00")));
    }

    #[test]
    fn next_start_is_the_next_local_shift_start() {
        let shifts = night_shift();
        assert_eq!(shifts.next_start(at("2026-11-28T10:00"), |_| true), Some(at("2026-12-04T20:00")));
        assert_eq!(shifts.next_start(at("2026-11-27T08:00"), |_| true), Some(at("2026-11-27T20:00")));
        assert_eq!(shifts.next_start(at("2026-11-27T08:00"), |_| false), None);
        let (date, time, days) = shifts.local_parts(at("2026-11-27T20:00"), at("2026-11-26T23:00")).unwrap();
        assert_eq!((date, time, days), (jiff::civil::date(2026, 11, 27), jiff::civil::time(20, 0, 0, 0), 1));
    }

    #[test]
    fn summer_time_is_respected() {
        let config = ShiftConfig {
            staff: StaffId::new("grace"),
            days: vec!["mon".into()],
            start: "09:00".into(),
            end: "17:00".into(),
        };
        let shifts = Shifts::new("Europe/Copenhagen", &[config], |_| true).unwrap();
        // 09:00 local is 07:00 UTC in summer and 08:00 UTC in winter.
        let summer_nine_local: jiff::Timestamp = "2026-06-29T07:00:00Z".parse().unwrap();
        assert!(shifts.on_shift(&StaffId::new("grace"), Timestamp::from_millis(summer_nine_local.as_millisecond())));
        let summer_eight_local: jiff::Timestamp = "2026-06-29T06:59:00Z".parse().unwrap();
        assert!(!shifts.on_shift(&StaffId::new("grace"), Timestamp::from_millis(summer_eight_local.as_millisecond())));
        assert!(shifts.on_shift(&StaffId::new("grace"), at("2026-11-30T09:00")));
        assert!(!shifts.on_shift(&StaffId::new("grace"), at("2026-11-30T08:59")));
    }

    #[test]
    fn bad_shifts_say_what_is_wrong() {
        let bad = |days: &[&str], start: &str, end: &str| {
            let config = ShiftConfig {
                staff: StaffId::new("grace"),
                days: days.iter().map(|d| d.to_string()).collect(),
                start: start.into(),
                end: end.into(),
            };
            Shifts::new("Europe/Copenhagen", &[config], |_| true).unwrap_err().to_string()
        };
        assert!(bad(&["fri"], "25:00", "02:00").contains("start \"25:00\" is not HH:MM"));
        assert!(bad(&["funday"], "20:00", "02:00").contains("not a day"));
        assert!(bad(&[], "20:00", "02:00").contains("days is empty"));
        assert!(Shifts::new("Mars/Olympus", &[], |_| true).unwrap_err().to_string().contains("Mars/Olympus"));
        let config = ShiftConfig {
            staff: StaffId::new("ghost"),
            days: vec!["fri".into()],
            start: "20:00".into(),
            end: "02:00".into(),
        };
        assert!(Shifts::new("UTC", &[config], |_| false).unwrap_err().to_string().contains("not in the roster"));
    }
}
