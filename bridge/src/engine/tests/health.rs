//! The bridge says when it is unwell: once when a condition is raised, once when it clears, in
//! the team's language, and never again after a restart.
//!
//! The adversary here is noise: a duty room told the same thing every 30 s (or after each
//! restart) learns to ignore the bridge, and a disk hovering at its floor must not flap.

use super::*;
use crate::health::{Condition, HealthReading, Link, Reachability};

const MB: u64 = 1024 * 1024;

/// One clock tick's health check: what the duty room is told.
fn check(f: &Fixture, reachability: &Reachability, disk_free: Option<u64>) -> Vec<String> {
    let reading = HealthReading::new(reachability, disk_free, 1024 * MB);
    let (_, told) = f.engine.check_health(&reading).unwrap();
    duty_texts(&told)
}

fn raised(f: &Fixture, reachability: &Reachability) -> Vec<Condition> {
    let reading = HealthReading::new(reachability, Some(10_000 * MB), 1024 * MB);
    f.engine.check_health(&reading).unwrap().0.raised.into_iter().map(|(c, _)| c).collect()
}

/// Ticks every 30 s for `minutes`, the link failing each time: everything the duty room is told.
fn failing_for(f: &Fixture, reachability: &Reachability, link: Link, minutes: i64) -> Vec<String> {
    let mut told = Vec::new();
    for _ in 0..minutes * 2 {
        reachability.seen_failing(link, f.engine.now());
        told.extend(check(f, reachability, Some(10_000 * MB)));
        f.clock.advance_millis(30_000);
    }
    told
}

#[test]
fn telegram_down_is_told_once_past_the_threshold_and_back_once_with_how_long() {
    let f = Fixture::team();
    let reachability = Reachability::default();
    reachability.seen_ok(Link::Telegram, f.engine.now());
    assert!(check(&f, &reachability, Some(10_000 * MB)).is_empty(), "all well");
    // A blip shorter than the threshold says nothing, and its success clears the streak.
    assert!(failing_for(&f, &reachability, Link::Telegram, 4).is_empty());
    reachability.seen_ok(Link::Telegram, f.engine.now());
    assert!(check(&f, &reachability, Some(10_000 * MB)).is_empty());

    // 12:04 now; failing from here on for 17 minutes: told once, when 5 minutes have passed.
    let told = failing_for(&f, &reachability, Link::Telegram, 17);
    assert_eq!(told.len(), 1, "repeated ticks while down say nothing more: {told:?}");
    assert!(told[0].starts_with("⚠ Telegram cannot be reached since 12:04\u{202f}pm."), "{told:?}");
    assert_eq!(raised(&f, &reachability), vec![Condition::TelegramUnreachable]);

    reachability.seen_ok(Link::Telegram, f.engine.now());
    f.clock.advance_millis(20_000);
    reachability.seen_ok(Link::Telegram, f.engine.now());
    let back = check(&f, &reachability, Some(10_000 * MB));
    assert_eq!(
        back,
        vec![
            "✅ Telegram is back at 12:21\u{202f}pm, after 17 minutes unreachable. What waited is being delivered now."
                .to_owned()
        ]
    );
    assert!(check(&f, &reachability, Some(10_000 * MB)).is_empty(), "back is told once");
    assert!(raised(&f, &reachability).is_empty());
}

/// The operator takes Telegram out of the config during an outage: no "back" can ever come, so
/// the outage is withdrawn once, instead of the bridge calling itself unwell for ever.
#[test]
fn telegram_removed_from_the_config_while_down_withdraws_its_outage_once() {
    let mut f = Fixture::team();
    let reachability = Reachability::default();
    assert_eq!(failing_for(&f, &reachability, Link::Telegram, 7).len(), 1);
    f.restart();
    let without_telegram = Reachability::default();
    without_telegram.seen_ok(Link::Homeserver, f.engine.now());
    let reading =
        HealthReading { telegram_off: true, ..HealthReading::new(&without_telegram, Some(10_000 * MB), 1024 * MB) };
    let (state, told) = f.engine.check_health(&reading).unwrap();
    assert_eq!(
        duty_texts(&told),
        vec![
            "The bridge runs without Telegram now (it was removed from the configuration), so the earlier notice \
             that Telegram cannot be reached no longer applies."
                .to_owned()
        ]
    );
    assert!(state.raised.is_empty(), "well again: {:?}", state.raised);
    let (_, again) = f.engine.check_health(&reading).unwrap();
    assert!(duty_texts(&again).is_empty(), "told once");
}

#[test]
fn a_restart_while_down_does_not_tell_it_again_and_the_back_notice_still_comes() {
    let mut f = Fixture::team();
    let reachability = Reachability::default();
    let told = failing_for(&f, &reachability, Link::Homeserver, 7);
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].starts_with("⚠ The Matrix homeserver could not be reached since 12:00\u{202f}pm"), "{told:?}");

    f.restart();
    // A new process: nothing seen yet says nothing either way.
    let fresh = Reachability::default();
    assert!(check(&f, &fresh, Some(10_000 * MB)).is_empty());
    assert_eq!(raised(&f, &fresh), vec![Condition::HomeserverUnreachable], "the raised set is stored");
    // Still failing after the restart: still nothing new.
    assert!(failing_for(&f, &fresh, Link::Homeserver, 10).is_empty());
    fresh.seen_ok(Link::Homeserver, f.engine.now());
    let back = check(&f, &fresh, Some(10_000 * MB));
    assert_eq!(back.len(), 1, "{back:?}");
    assert!(back[0].contains("after 17 minutes unreachable"), "measured from before the restart: {back:?}");
}

#[test]
fn a_link_never_watched_is_never_raised() {
    // No [telegram]: nothing polls it, and nothing is said of it.
    let f = Fixture::team();
    let reachability = Reachability::default();
    reachability.seen_ok(Link::Homeserver, f.engine.now());
    f.clock.advance_minutes(60);
    reachability.seen_ok(Link::Homeserver, f.engine.now());
    assert!(check(&f, &reachability, Some(10_000 * MB)).is_empty());
}

#[test]
fn a_danish_team_reads_it_in_danish() {
    let settings = EngineSettings { staff_language: "da".into(), ..EngineSettings::default() };
    let f = Fixture::with_settings(team(), Vec::new(), settings);
    let reachability = Reachability::default();
    let told = failing_for(&f, &reachability, Link::Telegram, 6);
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].starts_with("⚠ Telegram kan ikke nås siden 12.00."), "{told:?}");
    reachability.seen_ok(Link::Telegram, f.engine.now());
    let back = check(&f, &reachability, Some(10_000 * MB));
    assert_eq!(
        back,
        vec![
            "✅ Telegram svarer igen fra 12.06 efter 6 minutter uden forbindelse. Det, der ventede, bliver leveret nu."
                .to_owned()
        ]
    );
    f.unclean_restart_told_in(&["⚠ Broen blev ikke stoppet korrekt sidste gang (den var startet 11.00)"]);
}

impl Fixture {
    fn unclean_restart_told_in(&self, starts: &[&str]) {
        let told = duty_texts(&self.engine.unclean_shutdown(self.engine.now().plus_minutes(-66)).unwrap());
        assert_eq!(told.len(), starts.len(), "{told:?}");
        for (text, start) in told.iter().zip(starts) {
            assert!(text.starts_with(start), "{text}");
        }
    }
}

#[test]
fn a_disk_hovering_at_its_floor_does_not_flap() {
    let f = Fixture::team();
    let reachability = Reachability::default();
    let told = check(&f, &reachability, Some(1000 * MB));
    assert_eq!(told, vec!["⚠ The server's disk is nearly full: 1000 MB free, below the floor of 1024 MB. Visitors' files are refused, their words still arrive. Tell whoever runs the server now.".to_owned()]);
    // Up and down around the floor, within the margin (a tenth of the floor): nothing.
    for free in [1030, 1000, 1100, 990, 1120, 1010] {
        f.clock.advance_millis(30_000);
        assert!(check(&f, &reachability, Some(free * MB)).is_empty(), "{free} MB");
    }
    assert!(check(&f, &reachability, None).is_empty(), "a disk that cannot be asked changes nothing");
    let ok = check(&f, &reachability, Some(1200 * MB));
    assert_eq!(
        ok,
        vec!["✅ The server's disk has room again: 1200 MB free. Visitors' files are taken again.".to_owned()]
    );
    assert!(check(&f, &reachability, Some(1100 * MB)).is_empty(), "above the floor: still well");
    assert_eq!(check(&f, &reachability, Some(900 * MB)).len(), 1, "below it again: told again");
}

#[test]
fn messages_stuck_in_the_outbox_are_told_once_and_their_delivery_clears_it() {
    let f = Fixture::team();
    let reachability = Reachability::default();
    f.write(1, "hello");
    // Everything queued so far is delivered but one reply to the visitor, which keeps failing.
    let entries = f.engine.due(100).unwrap();
    let stuck = entries.iter().find(|e| matches!(e.action, Action::PromptVisitor { .. })).cloned().unwrap();
    for entry in entries.iter().filter(|e| e.id != stuck.id) {
        f.engine.ack(entry).unwrap();
    }
    assert!(check(&f, &reachability, Some(10_000 * MB)).is_empty(), "just queued");
    for _ in 0..30 {
        f.clock.advance_minutes(1);
        f.engine.fail(&stuck, Failure::Retry { after_ms: None }).unwrap();
        let told = check(&f, &reachability, Some(10_000 * MB));
        if f.engine.now().minutes_since(FRIDAY_NOON) == 16 {
            assert_eq!(told.len(), 1, "past 15 minutes: {told:?}");
            // The stuck reply holds back what came after it in its lane: they wait too.
            assert!(told[0].contains("wait to be delivered; the oldest since 12:00\u{202f}pm (16 min)."), "{told:?}");
        } else {
            assert!(told.is_empty(), "minute {}: {told:?}", f.engine.now().minutes_since(FRIDAY_NOON));
        }
    }
    // The health notice itself waits in the duty lane; delivered, and the stuck one too: clear.
    f.engine.ack(&stuck).unwrap();
    loop {
        let due = f.engine.due(100).unwrap();
        if due.is_empty() {
            break;
        }
        for entry in due {
            f.engine.ack(&entry).unwrap();
        }
    }
    assert_eq!(
        check(&f, &reachability, Some(10_000 * MB)),
        vec!["✅ Messages are delivered again: none has waited too long.".to_owned()]
    );
    assert!(check(&f, &reachability, Some(10_000 * MB)).is_empty());
}

#[test]
fn an_unreachable_link_explains_the_backlog_without_a_second_notice() {
    let f = Fixture::team();
    let reachability = Reachability::default();
    f.write(1, "hello");
    // Telegram is down: the answer to the visitor waits, and so does everything else.
    let told = failing_for(&f, &reachability, Link::Telegram, 40);
    assert_eq!(told.len(), 1, "only the unreachable notice: {told:?}");
    assert_eq!(raised(&f, &reachability), vec![Condition::TelegramUnreachable]);
}

#[test]
fn an_unclean_shutdown_is_told_once_with_both_times() {
    let f = Fixture::team();
    f.unclean_restart_told_in(&["⚠ The bridge did not stop cleanly last time (it had started at 10:54\u{202f}am); it started again at 12:00\u{202f}pm. Nothing is lost"]);
    let reachability = Reachability::default();
    let reading = HealthReading::new(&reachability, Some(10_000 * MB), 1024 * MB);
    let (state, told) = f.engine.check_health(&reading).unwrap();
    assert!(told.is_empty());
    let at = f.engine.now();
    assert_eq!(state.last_unclean_shutdown, Some((at.plus_minutes(-66), at)), "the status file shows it");
}

#[test]
fn a_time_on_another_day_names_the_day() {
    let f = Fixture::team();
    let reachability = Reachability::default();
    reachability.seen_failing(Link::Telegram, f.engine.now());
    f.clock.advance_minutes(13 * 60);
    reachability.seen_failing(Link::Telegram, f.engine.now());
    let told = check(&f, &reachability, Some(10_000 * MB));
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].starts_with("⚠ Telegram cannot be reached since Friday 27 November 12:00\u{202f}pm."), "{told:?}");
}
