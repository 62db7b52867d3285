//! Nobody keeps access they no longer need: every path that takes a conversation away from a
//! staffer removes them from its room, so their devices get no key for what is said next.

use super::*;

fn removed(handled: &Handled) -> Vec<String> {
    pick(handled, |a| match a {
        Action::RemoveStaff { matrix_user, .. } => Some(matrix_user),
        _ => None,
    })
}

/// Removals waiting in the outbox, per room.
fn queued_removals(f: &Fixture) -> Vec<(ConversationId, String)> {
    queued(f, |action| match action {
        Action::RemoveStaff { conversation, matrix_user } => Some((conversation, matrix_user)),
        _ => None,
    })
}

const GRACE: &str = "@grace:hopenow.test";
const IFE: &str = "@ife:hopenow.test";

#[test]
fn off_the_roster_every_room_of_theirs_removes_them_open_or_closed() {
    let mut f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "hello");
    f.write(2, "hello");
    assert_eq!(f.assignee(1).as_deref(), Some("grace"));
    f.in_room("grace", 2, "!close");
    let (open, closed) = (f.conversation_of(1).id, f.conversation_of(2).id);

    f.staff.retain(|m| m.id.as_str() != "grace");
    f.restart();
    let removals = queued_removals(&f);
    assert!(removals.contains(&(open, GRACE.to_owned())), "{removals:?}");
    assert!(removals.contains(&(closed, GRACE.to_owned())), "{removals:?}");
    assert!(!f.conversation_of(1).members.iter().any(|m| m.as_str() == "grace"));
    assert!(!f.conversation_of(2).members.iter().any(|m| m.as_str() == "grace"));

    // Once done, a later start does not remove them again.
    let before = queued_removals(&f).len();
    f.restart();
    assert_eq!(queued_removals(&f).len(), before);
}

#[test]
fn reopened_and_given_to_someone_else_the_old_assignee_leaves() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "hello");
    f.in_room("grace", 1, "!close");
    f.duty("grace", false);
    f.duty("ana", true);
    let reopened = f.write(1, "me again");
    assert_eq!(f.assignee(1).as_deref(), Some("ana"));
    assert_eq!(removed(&reopened), vec![GRACE.to_owned()]);
    assert_eq!(f.conversation_of(1).members.iter().map(|m| m.as_str()).collect::<Vec<_>>(), ["ana"]);
}

#[test]
fn off_duty_with_nobody_to_take_it_the_queue_takes_it_and_they_leave() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "hello");
    let off = f.duty("grace", false);
    assert!(matches!(f.conversation_of(1).state, ConversationState::Queued { .. }));
    assert_eq!(removed(&off), vec![GRACE.to_owned()]);
    // Back on duty, the queue gives it back to them: invited again.
    let on = f.duty("grace", true);
    assert_eq!(invites(&on), vec![GRACE.to_owned()]);
}

#[test]
fn the_peer_worker_leaves_when_the_last_referral_is_done_or_declined() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "hello");
    let referred = f.in_room("grace", 1, "!refer doctor consent=yes");
    assert_eq!(invites(&referred), vec![IFE.to_owned()]);
    f.in_room("grace", 1, "!refer shelter consent=yes");
    let first = f.in_room("grace", 1, "!referral 1 done");
    assert!(removed(&first).is_empty(), "one referral is still open");
    let second = f.in_room("grace", 1, "!referral 2 declined");
    assert_eq!(removed(&second), vec![IFE.to_owned()]);
    assert!(!f.conversation_of(1).members.iter().any(|m| m.as_str() == "ife"));
    assert_eq!(f.assignee(1).as_deref(), Some("grace"), "the assignee stays");
}
