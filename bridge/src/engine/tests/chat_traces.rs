//! What `/hide` finds besides relayed messages: visitor messages the bridge does not relay, and
//! the parts of a send that arrived before a later part failed.

use super::*;
use crate::chat::MessageRef;

/// The telegram ids `/hide` would delete for visitor 1 now.
fn hidden_ids(f: &Fixture) -> Vec<i32> {
    let visitor = f.visitor_id(1);
    let logged = f.engine.store().chat_log(visitor, Timestamp(0)).unwrap();
    logged.iter().filter_map(|m| m.reference.as_telegram()).collect()
}

fn unrelayed(f: &Fixture, visitor: i64, reference: i32) -> Handled {
    let event =
        Event::UnrelayedMessage { from: address(visitor), reference: MessageRef::telegram(reference), dedupe: None };
    f.engine.handle(event).unwrap()
}

#[test]
fn a_message_the_bridge_does_not_relay_is_logged_and_reaches_nobody() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write_with(1, "hello", 1);
    let dice = unrelayed(&f, 1, 2);
    assert!(dice.actions().iter().all(|a| a.visitor_address().is_some()), "nothing for staff: {dice:?}");
    assert!(hidden_ids(&f).contains(&2), "{:?}", hidden_ids(&f));
    // Someone the bridge never met gets no record for a dice.
    assert!(matches!(unrelayed(&f, 2, 3), Handled::Ignored(Ignored::UnknownVisitor)));
    assert!(f.engine.store().find_visitor_id(&address(2).account()).unwrap().is_none());
}

#[test]
fn parts_sent_before_a_failure_are_logged_and_the_entry_is_tried_again() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.choose_language(1, "en");
    f.command(1, VisitorCommand::HoldReplies(false));
    f.write_with(1, "hello", 1);
    for entry in f.engine.due(100).unwrap() {
        f.engine.ack(&entry).unwrap();
    }
    f.in_room("grace", 1, "a long reply");
    let visitor = f.visitor_id(1);
    let reply = f.engine.due(100).unwrap().into_iter().find(|e| e.action.lane() == Lane::Visitor(visitor)).unwrap();
    let failure = Failure::Retry { after_ms: Some(1_000) };
    f.engine.settle(&[(reply.clone(), Outcome::FailedLeaving(failure, vec![MessageRef::telegram(40)]))]).unwrap();
    assert!(hidden_ids(&f).contains(&40), "{:?}", hidden_ids(&f));
    let queued = f.engine.store().outbox_entries().unwrap();
    assert!(queued.iter().any(|e| e.id == reply.id), "the reply waits for its retry");
}
