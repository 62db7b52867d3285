//! Updates a connector could not read: counted, told to the duty room at most once an hour.

use super::*;

fn unreadable(f: &Fixture, id: u64) -> Handled {
    let dedupe = Some(Dedupe::Key { channel: Channel::Telegram, id: format!("u:{id}") });
    f.engine.handle(Event::UnreadableUpdate { channel: Channel::Telegram, dedupe }).unwrap()
}

#[test]
fn the_duty_room_is_told_once_an_hour_with_the_count() {
    let f = Fixture::team();
    let first = unreadable(&f, 1);
    assert_eq!(duty_lines(&first), vec!["A message could not be read; its sender was not identified. Someone may be waiting: if a visitor says they wrote and got no answer, this may be why.".to_owned()]);
    // A flood within the hour: counted, not posted one by one.
    for id in 2..=40 {
        assert!(duty_lines(&unreadable(&f, id)).is_empty(), "update {id}");
    }
    assert!(duty_lines(&f.tick()).is_empty(), "the hour is not over");
    f.clock.advance_minutes(61);
    let tick = f.tick();
    let told = duty_lines(&tick);
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].starts_with("39 messages could not be read"), "{told:?}");
    // Told: the next tick says nothing more.
    f.clock.advance_minutes(61);
    assert!(duty_lines(&f.tick()).is_empty());
}

#[test]
fn the_same_update_delivered_again_counts_once() {
    let f = Fixture::team();
    unreadable(&f, 7);
    assert!(matches!(unreadable(&f, 7), Handled::Duplicate));
}

#[test]
fn matrix_events_skipped_have_their_own_count_and_words() {
    let f = Fixture::team();
    unreadable(&f, 1);
    let matrix = |id: &str| {
        let dedupe = Some(Dedupe::Key { channel: Channel::Matrix, id: id.to_owned() });
        f.engine.handle(Event::UnreadableUpdate { channel: Channel::Matrix, dedupe }).unwrap()
    };
    // Telegram's notice an instant ago does not hold back Matrix's first.
    let told = duty_lines(&matrix("$a"));
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].starts_with("A Matrix message could not be processed and was skipped"), "{told:?}");
    assert!(matches!(matrix("$a"), Handled::Duplicate), "a redelivery counts once");
    assert!(duty_lines(&matrix("$b")).is_empty(), "within the hour");
    f.clock.advance_minutes(61);
    let told = duty_lines(&f.tick());
    assert_eq!(told.len(), 1, "only Matrix has one untold: {told:?}");
    assert!(told[0].starts_with("A Matrix message could not be processed"), "{told:?}");
}
