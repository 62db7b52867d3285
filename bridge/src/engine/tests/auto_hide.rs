//! Auto-hide: the chat deletes itself a while after its last message, never attempting what
//! the platform no longer allows.

use super::*;
use crate::chat::{LoggedMessage, MessageRef};
use crate::visitor_command::AUTO_HIDE_MINUTES;

fn is_check(entry: &OutboxEntry) -> bool {
    matches!(entry.action, Action::AutoHideChat { .. })
}

/// Delivers everything due except auto-hide checks; each delivered message gets the next
/// Telegram message id from `next_id`, as a connector would report it.
fn deliver_messages(f: &Fixture, next_id: &mut i32) {
    for entry in f.engine.due(100).unwrap().into_iter().filter(|e| !is_check(e)) {
        *next_id += 1;
        f.engine.delivered(&entry, &[MessageRef::telegram(*next_id)]).unwrap();
    }
}

fn due_checks(f: &Fixture) -> Vec<OutboxEntry> {
    f.engine.due(100).unwrap().into_iter().filter(is_check).collect()
}

/// Performs every auto-hide check due now, as a connector would over its rounds (a lane gives
/// one entry at a time); returns the ids each check deleted.
fn run_checks(f: &Fixture) -> Vec<Vec<i32>> {
    let mut performed = Vec::new();
    while let Some(check) = due_checks(f).into_iter().next() {
        let logged = f.engine.messages_to_hide(&check.action).unwrap();
        performed.push(ids(&logged));
        f.engine.hidden(&check, &logged).unwrap();
    }
    performed
}

fn ids(logged: &[LoggedMessage]) -> Vec<i32> {
    logged.iter().filter_map(|m| m.reference.as_telegram()).collect()
}

#[test]
fn the_chat_deletes_itself_the_chosen_time_after_the_last_message() {
    let f = Fixture::team();
    f.duty("ana", true);
    f.choose_language(1, "ro");
    f.command(1, VisitorCommand::HoldReplies(false));
    let mut next_id = 100;
    f.write_with(1, "bună", 1);
    deliver_messages(&f, &mut next_id);
    assert!(f.engine.store().outbox_entries().unwrap().iter().all(|e| !is_check(e)), "off until chosen");

    // The question offers every delay and "keep", in the visitor's language.
    let asked = f.command(1, VisitorCommand::AutoHide);
    let catalog = Catalog::embedded().unwrap();
    let (question, buttons) = prompts(&asked).remove(0);
    assert_eq!(question, catalog.render("ro", "auto-hide-question", &[]));
    assert_eq!(buttons.len(), AUTO_HIDE_MINUTES.len() + 1, "{buttons:?}");
    assert_eq!(buttons.last().map(String::as_str), Some("autohide:off"));
    assert!(buttons.contains(&"autohide:30".to_owned()), "{buttons:?}");

    let chosen = f.command(1, VisitorCommand::SetAutoHide(Some(30)));
    let expected = catalog.render("ro", "auto-hide-on", &[("minutes", Arg::from(30u32))]);
    assert_eq!(prompts(&chosen).first().map(|(text, _)| text.clone()), Some(expected));
    assert_eq!(f.engine.store().visitor(f.visitor_id(1)).unwrap().unwrap().auto_hide_minutes, Some(30));
    deliver_messages(&f, &mut next_id);

    // The staffer answers ten minutes later; the visitor writes once more.
    f.clock.advance_minutes(10);
    f.in_room("ana", 1, "Bună, sunt aici.");
    deliver_messages(&f, &mut next_id);
    f.clock.advance_minutes(5);
    f.write_with(1, "mulțumesc", 2);
    let last_message = f.engine.now();

    // Checks scheduled before the last message come due and delete nothing.
    f.clock.advance_minutes(29);
    let early = run_checks(&f);
    assert!(early.len() >= 3 && early.iter().all(Vec::is_empty), "a newer message came since each: {early:?}");
    assert!(f.engine.store().chat_log(f.visitor_id(1), Timestamp(0)).unwrap().len() >= 4, "nothing deleted early");

    // Thirty minutes after the last message: the whole chat, both directions.
    f.clock.set(last_message.plus_millis(30 * 60_000));
    let performed = run_checks(&f);
    let [deleted] = performed.as_slice() else { panic!("one check, the last message's: {performed:?}") };
    assert!(deleted.contains(&1) && deleted.contains(&2), "the visitor's own messages: {deleted:?}");
    assert!(deleted.iter().any(|id| *id > 100), "the bridge's and the staffer's: {deleted:?}");
    assert_eq!(f.engine.store().chat_log(f.visitor_id(1), Timestamp(0)).unwrap(), Vec::new());
    assert!(due_checks(&f).is_empty());
    assert_nothing_lost(&f.engine);
}

#[test]
fn nothing_older_than_the_platform_allows_is_attempted() {
    let f = Fixture::team();
    f.choose_language(1, "en");
    f.command(1, VisitorCommand::HoldReplies(false));
    f.write_with(1, "an old message", 1);

    // Two days and an hour later the visitor turns auto-hide on and writes again.
    f.clock.advance_minutes(49 * 60);
    f.command(1, VisitorCommand::SetAutoHide(Some(5)));
    f.write_with(1, "a new message", 2);
    f.clock.advance_minutes(4);
    assert!(due_checks(&f).is_empty(), "not before five minutes");
    f.clock.advance_minutes(1);
    let attempted: Vec<i32> = run_checks(&f).concat();
    assert_eq!(attempted, vec![2], "the 49-hour-old message is past Telegram's 48 hours");
}

#[test]
fn turning_auto_hide_off_stops_the_checks_and_forgetting_drops_them() {
    let f = Fixture::team();
    f.choose_language(1, "en");
    f.command(1, VisitorCommand::HoldReplies(false));
    f.command(1, VisitorCommand::SetAutoHide(Some(5)));
    f.write_with(1, "hello", 1);
    f.clock.advance_minutes(1);
    f.command(1, VisitorCommand::SetAutoHide(None));
    assert_eq!(f.engine.store().visitor(f.visitor_id(1)).unwrap().unwrap().auto_hide_minutes, None);
    f.clock.advance_minutes(1);
    f.write_with(1, "after turning it off", 2);
    f.clock.advance_minutes(6);
    // The checks scheduled while it was on (on choosing it, on "hello") went when it was turned
    // off; none came after.
    assert_eq!(run_checks(&f), Vec::<Vec<i32>>::new());

    // A visitor who erases their data leaves no check behind.
    f.command(2, VisitorCommand::SetAutoHide(Some(120)));
    f.write_with(2, "hello", 5);
    f.command(2, VisitorCommand::ConfirmForget(true));
    let lanes: Vec<Lane> = f.engine.store().outbox_entries().unwrap().iter().map(|e| e.action.lane()).collect();
    assert!(!lanes.iter().any(|l| matches!(l, Lane::AutoHide(_))), "{lanes:?}");
}

/// From 120 minutes to 5: the chat goes 5 minutes after its last message, not after the
/// 120-minute checks that were already waiting.
#[test]
fn a_shorter_delay_takes_effect_at_once_whatever_longer_check_is_pending() {
    let f = Fixture::team();
    f.duty("ana", true);
    f.choose_language(1, "ro");
    f.command(1, VisitorCommand::HoldReplies(false));
    f.command(1, VisitorCommand::SetAutoHide(Some(120)));
    let mut next_id = 100;
    deliver_messages(&f, &mut next_id);
    f.write_with(1, "bună", 1);
    deliver_messages(&f, &mut next_id);
    f.clock.advance_minutes(1);

    f.command(1, VisitorCommand::SetAutoHide(Some(5)));
    deliver_messages(&f, &mut next_id);
    f.clock.advance_minutes(6);
    let performed = run_checks(&f);
    assert!(performed.iter().any(|deleted| deleted.contains(&1)), "deleted after 5 minutes: {performed:?}");
}
