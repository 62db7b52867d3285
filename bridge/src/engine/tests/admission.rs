//! A flood of new accounts: rooms open at the configured rate, the rest wait and are told so,
//! the duty room gets a summary instead of a line per account, and nothing written is lost.

use super::*;
use crate::engine::admission::NOTICES_PER_MINUTE;

fn flood_fixture(per_minute: u32) -> Fixture {
    let settings = EngineSettings { new_conversations_per_minute: per_minute, ..EngineSettings::default() };
    let f = Fixture::with_settings(team(), Vec::new(), settings);
    f.duty("grace", true);
    f.duty("ana", true);
    f
}

/// Conversations whose room-opening action is due now.
fn rooms_due(f: &Fixture) -> Vec<ConversationId> {
    f.engine
        .due(10_000)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.action {
            Action::OpenConversationRoom { conversation, .. } => Some(conversation),
            _ => None,
        })
        .collect()
}

const WAIT: &str = "Many people are writing to us right now";

#[test]
fn a_flood_of_new_accounts_opens_rooms_at_the_rate_and_the_rest_wait_told_so() {
    let f = flood_fixture(10);
    let mut duty = Vec::new();
    let mut told_wait = Vec::new();
    for visitor in 1..=30 {
        let handled = f.write(visitor, "hello");
        duty.extend(duty_lines(&handled));
        if to_visitor(&handled).iter().any(|t| t.contains(WAIT)) {
            told_wait.push(visitor);
        }
    }
    // Ten rooms at once; the twenty others wait, and each of their visitors was told.
    assert_eq!(rooms_due(&f).len(), 10);
    assert_eq!(told_wait, (11..=30).collect::<Vec<_>>());
    assert_eq!(f.engine.waiting_for_room().unwrap().len(), 20);
    assert!(f.assignee(11).is_none(), "not routed before its room exists");
    // Ten routed conversations made only the minute's budget of duty lines.
    assert_eq!(duty.len(), NOTICES_PER_MINUTE as usize, "{duty:?}");
    assert_nothing_lost(&f.engine);

    // A waiting visitor writes again: nothing about opening hours, the words are kept.
    let again = f.write(11, "are you there");
    assert!(to_visitor(&again).is_empty(), "{:?}", to_visitor(&again));
    assert!(f.transcript(11).iter().any(|e| e.text == "are you there"));

    // A minute on: the first waiting rooms are due, the tick routes their conversations, and
    // the duty room gets one summary line for what it was not told one by one.
    f.clock.advance_millis(61_000);
    let tick = f.tick();
    let lines = duty_lines(&tick);
    assert!(lines[0].starts_with("Busy: 5 more routing notices were not posted one by one"), "{lines:?}");
    assert!(f.assignee(11).is_some(), "admitted at its slot");
    assert!(to_visitor(&tick).iter().any(|t| t.starts_with("Thank you for your message. A person")));
    // Slots 6 s apart after the burst of ten: ten were due within the minute.
    assert_eq!(f.engine.waiting_for_room().unwrap().len(), 10);
    assert_nothing_lost(&f.engine);

    // Two more minutes: everyone has a room and a staffer; the last summary says none waits.
    f.clock.advance_millis(120_000);
    let mut lines = duty_lines(&f.tick());
    f.clock.advance_millis(61_000);
    lines.extend(duty_lines(&f.tick()));
    assert!(f.engine.waiting_for_room().unwrap().is_empty());
    assert!((1..=30).all(|v| f.assignee(v).is_some()));
    assert!(lines.iter().any(|l| l.contains("No new conversation waits")), "{lines:?}");
    assert_nothing_lost(&f.engine);
}

#[test]
fn a_waiting_conversations_room_lane_holds_its_words_until_the_slot() {
    let f = flood_fixture(1);
    f.write(1, "first");
    f.write(2, "second visitor");
    let waiting = f.conversation_of(2).id;
    let lane_due =
        |f: &Fixture| f.engine.due(10_000).unwrap().into_iter().any(|e| e.action.lane() == Lane::Room(waiting));
    assert!(!lane_due(&f), "nothing of the waiting room is due: not the room, not the words");
    f.clock.advance_millis(60_000);
    assert!(lane_due(&f), "at its slot the room opens");
    // Routed at the tick: the staffer is invited into the room the lane just opened.
    let tick = f.tick();
    assert_eq!(invites(&tick).len(), 1);
    let relayed = queued(&f, |a| match a {
        Action::PostToConversation { conversation, text, notice: false, .. } if conversation == waiting => Some(text),
        _ => None,
    });
    assert!(relayed.iter().any(|t| t.contains("second visitor")), "{relayed:?}");
}

#[test]
fn admitted_when_nobody_is_on_duty_the_visitor_gets_the_out_of_hours_answer_then() {
    let settings = EngineSettings { new_conversations_per_minute: 1, ..EngineSettings::default() };
    let f = Fixture::with_settings(team(), Vec::new(), settings);
    f.write(1, "first");
    let waiting = f.write(2, "second");
    assert!(to_visitor(&waiting).iter().any(|t| t.contains(WAIT)));
    f.clock.advance_millis(60_000);
    let tick = f.tick();
    assert!(to_visitor(&tick).iter().any(|t| t.contains("Nobody can answer right now") || t.contains("112")));
    assert!(matches!(f.conversation_of(2).state, ConversationState::Queued { .. }));
    assert!(f.engine.routing().unwrap().queue.iter().any(|(c, _)| *c == f.conversation_of(2).id));
    assert_nothing_lost(&f.engine);
}

#[test]
fn a_returning_visitor_is_not_held_back_by_a_flood() {
    let f = flood_fixture(2);
    f.write(1, "hello");
    f.in_room("grace", 1, "hi, how can we help?");
    // A flood of new accounts takes the rate.
    for visitor in 100..120 {
        f.write(visitor, "spam");
    }
    // The existing conversation's words still go to its room at once.
    f.write(1, "it is me again");
    let room = f.conversation_of(1).id;
    let due = f.engine.due(10_000).unwrap();
    assert!(due.iter().any(|e| e.action.lane() == Lane::Room(room)));
}
