//! Continuing on another phone: `/code` gives a phrase; sent from another account, it moves the
//! visitor there, once, and the old account gets nothing afterwards.

use super::*;
use crate::chat::MessageRef;
use crate::code_phrase::PhoneCode;
use crate::visitor::Channel;

fn matrix(user: &str) -> PlatformAddress {
    PlatformAddress::Matrix { user_id: format!("@{user}:elsewhere.test"), room_id: Some(format!("!dm-{user}:x")) }
}

fn command_from(f: &Fixture, from: &PlatformAddress, command: VisitorCommand, reference: Option<i32>) -> Handled {
    let event = Event::VisitorCommand {
        from: from.clone(),
        command,
        reference: reference.map(MessageRef::telegram),
        language_hint: None,
        dedupe: None,
    };
    f.engine.handle(event).unwrap()
}

fn write_from(f: &Fixture, from: &PlatformAddress, text: &str, reference: Option<i32>) -> Handled {
    let message = IncomingMessage { reference: reference.map(MessageRef::telegram), ..IncomingMessage::text(text) };
    f.engine.handle(Event::VisitorMessage { from: from.clone(), message, dedupe: None }).unwrap()
}

/// `/code` from `from`: the phrase, read out of the answer (the first value Fluent isolated).
fn ask_code(f: &Fixture, from: &PlatformAddress, reference: i32) -> String {
    let handled = command_from(f, from, VisitorCommand::Code(PhoneCode::Give), Some(reference));
    let (text, _) = prompts(&handled).into_iter().next().expect("an answer");
    let start = text.find('\u{2068}').expect("an isolated value") + '\u{2068}'.len_utf8();
    let end = start + text[start..].find('\u{2069}').expect("its end");
    text[start..end].to_owned()
}

fn redeem(f: &Fixture, from: &PlatformAddress, phrase: &str) -> Handled {
    command_from(f, from, VisitorCommand::Code(PhoneCode::Redeem(phrase.to_owned())), None)
}

fn said(handled: &Handled, id: &str, args: &[(&str, Arg)]) -> bool {
    let text = Catalog::embedded().unwrap().render("en", id, args);
    prompts(handled).iter().any(|(t, _)| *t == text)
}

fn visitor_at(f: &Fixture, from: &PlatformAddress) -> Option<crate::visitor::Visitor> {
    f.engine.store().find_visitor(&from.account()).unwrap()
}

/// Every outbox entry meant for `from`'s account, other than what clears that phone (deletions,
/// the removal of its chat's menu).
fn waiting_for(f: &Fixture, from: &PlatformAddress) -> Vec<OutboxEntry> {
    f.engine
        .store()
        .outbox_entries()
        .unwrap()
        .into_iter()
        .filter(|e| e.action.visitor_address().is_some_and(|a| a.account() == from.account()))
        .filter(|e| {
            !matches!(e.action, Action::DeleteVisitorMessages { .. } | Action::SetVisitorMenu { language: None, .. })
        })
        .collect()
}

#[test]
fn a_phone_change_keeps_the_pseudonym_and_conversation_and_the_old_account_gets_nothing_afterwards() {
    let f = Fixture::team();
    f.duty("grace", true);
    let (old, new) = (address(1), address(2));
    f.choose_language(1, "en");
    f.command(1, VisitorCommand::HoldReplies(true));
    write_from(&f, &old, "hello from the old phone", Some(10));
    let before = visitor_at(&f, &old).unwrap();
    let conversation = before.conversation.unwrap();
    f.in_room("grace", 1, "a parked reply");
    assert!(waiting_for(&f, &old).iter().any(|e| matches!(&e.action, Action::SendToVisitor { held: true, .. })));

    // The command and its answer leave the phone: the words would let anyone take over.
    let handled = command_from(&f, &old, VisitorCommand::Code(PhoneCode::Give), Some(11));
    assert!(handled.actions().iter().any(|a| matches!(a,
        Action::DeleteVisitorMessages { messages, .. } if messages == &[MessageRef::telegram(11)])));
    assert!(handled.actions().iter().any(|a| matches!(a, Action::PromptVisitor { vanish_after_ms: Some(_), .. })));
    let phrase = ask_code(&f, &old, 12);
    assert_eq!(phrase.split(' ').count(), 4);

    let moved = redeem(&f, &new, &phrase.to_uppercase());
    assert!(said(&moved, "code-moved", &[]), "{:?}", prompts(&moved));
    assert!(notices(&moved).iter().any(|n| n.contains("another phone")), "{:?}", notices(&moved));
    let after = visitor_at(&f, &new).expect("the new account finds the visitor");
    assert_eq!((after.id, &after.pseudonym, after.conversation), (before.id, &before.pseudonym, Some(conversation)));
    assert!(visitor_at(&f, &old).is_none(), "the old binding is forgotten");

    // Nothing more goes to the old account; the parked reply waits for the new one.
    assert!(waiting_for(&f, &old).is_empty(), "{:?}", waiting_for(&f, &old));
    let parked: Vec<_> = waiting_for(&f, &new)
        .into_iter()
        .filter(
            |e| matches!(&e.action, Action::SendToVisitor { text, held: true, .. } if text.contains("a parked reply")),
        )
        .collect();
    assert_eq!(parked.len(), 1);
    // What the bridge logged of the old chat is deleted there, and no longer in the visitor's log.
    let cleared: Vec<_> = f
        .engine
        .store()
        .outbox_entries()
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.action {
            Action::DeleteVisitorMessages { address, messages, .. } if address == old => Some(messages),
            _ => None,
        })
        .flatten()
        .collect();
    for reference in [10, 11, 12] {
        assert!(cleared.contains(&MessageRef::telegram(reference)), "{reference} cleared from the old phone");
    }
    let log = f.engine.store().chat_log(before.id, Timestamp(0)).unwrap();
    assert!(log.iter().all(|m| ![10, 11, 12].contains(&m.reference.as_telegram().unwrap_or(0))), "{log:?}");

    // The new phone asks for its replies and writes: the same conversation, both ways.
    command_from(&f, &new, VisitorCommand::Messages(None), None);
    assert!(f.engine.due(100).unwrap().iter().any(|e| matches!(&e.action,
        Action::SendToVisitor { address, text, .. } if *address == new && text.contains("a parked reply"))));
    let written = write_from(&f, &new, "now on the new phone", Some(1));
    assert!(written.actions().iter().any(|a| matches!(a,
        Action::PostToConversation { conversation: c, text, notice: false, .. } if *c == conversation && text.contains("now on the new phone"))));
    let reply = f.in_room("grace", 2, "we see you");
    assert!(reply.actions().iter().any(|a| matches!(a, Action::SendToVisitor { address, .. } if *address == new)));
    assert!(reply.actions().iter().all(|a| a.visitor_address().is_none_or(|a| *a == new)));

    // The old account writing again is a stranger: a new visitor, another pseudonym.
    write_from(&f, &old, "someone else on the old phone", Some(13));
    let stranger = visitor_at(&f, &old).unwrap();
    assert_ne!(stranger.id, before.id);
    assert_ne!(stranger.pseudonym, before.pseudonym);
    assert_ne!(stranger.conversation, Some(conversation));
    assert_eq!(visitor_at(&f, &new).unwrap().id, before.id, "the move holds");

    // The phrase worked once.
    let again = redeem(&f, &address(3), &phrase);
    assert!(said(&again, "code-wrong", &[]), "{:?}", prompts(&again));
    assert!(visitor_at(&f, &address(3)).is_none(), "a wrong phrase makes no record");
    assert_nothing_lost(&f.engine);
}

#[test]
fn telegram_to_matrix_by_the_four_words_alone_renames_the_room_and_replies_go_to_matrix() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.choose_language(1, "en");
    f.command(1, VisitorCommand::HoldReplies(false));
    f.write(1, "hello");
    let conversation = f.conversation_of(1).id;
    // Before the move: a reply on its way to the old phone, not delivered yet.
    f.in_room("grace", 1, "a reply not yet delivered");
    let phrase = ask_code(&f, &address(1), 20);

    let new = matrix("newphone");
    let moved = write_from(&f, &new, &format!("  {}. ", phrase.replace(' ', ", ")), None);
    assert!(said(&moved, "code-moved", &[]), "{:?}", prompts(&moved));
    assert!(
        !moved.actions().iter().any(|a| matches!(a, Action::PostToConversation { notice: false, .. })),
        "the words are never relayed"
    );
    let renamed: Vec<_> = moved
        .actions()
        .iter()
        .filter_map(|a| match a {
            Action::RenameConversationRoom { conversation: c, name } if *c == conversation => Some(name.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(renamed.len(), 1);
    assert!(renamed[0].ends_with("· matrix"), "{renamed:?}");
    assert_eq!(f.engine.store().conversation(conversation).unwrap().unwrap().channel, Channel::Matrix);
    assert!(waiting_for(&f, &address(1)).is_empty());
    assert!(
        waiting_for(&f, &new)
            .iter()
            .any(|e| matches!(&e.action, Action::SendToVisitor { text, .. } if text.contains("not yet delivered")))
    );
    let reply = f.say("grace", StaffRoom::Conversation(conversation), "hello on matrix");
    assert!(reply.actions().iter().any(|a| matches!(a, Action::SendToVisitor { address, .. } if *address == new)));
    // A room made again later is named for the channel it has now.
    assert!(f.engine.room_plan(conversation).unwrap().unwrap().name.ends_with("· matrix"));
}

#[test]
fn what_reached_the_old_phone_while_the_visitor_moved_is_deleted_there_and_not_logged() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.choose_language(1, "en");
    f.command(1, VisitorCommand::HoldReplies(false));
    f.write(1, "hello");
    let id = f.visitor_id(1);
    f.in_room("grace", 1, "on its way");
    // The connector has already taken the reply when the visitor moves.
    let in_flight = loop {
        let head = f.engine.due(100).unwrap().into_iter().find(|e| e.action.lane() == Lane::Visitor(id)).unwrap();
        if matches!(&head.action, Action::SendToVisitor { text, .. } if text.contains("on its way")) {
            break head;
        }
        f.engine.ack(&head).unwrap();
    };
    let phrase = ask_code(&f, &address(1), 30);
    redeem(&f, &address(2), &phrase);
    let settled = f.engine.settle(&[(in_flight, Outcome::Delivered(vec![MessageRef::telegram(77)]))]).unwrap();
    assert_eq!(settled.len(), 1, "{settled:?}");
    let old = address(1);
    let cleanup = f.engine.store().outbox_entries().unwrap().into_iter().any(|e| {
        matches!(&e.action, Action::DeleteVisitorMessages { address, messages, .. }
            if *address == old && messages == &[MessageRef::telegram(77)])
    });
    assert!(cleanup, "deleted from the phone left behind");
    let log = f.engine.store().chat_log(id, Timestamp(0)).unwrap();
    assert!(log.iter().all(|m| m.reference != MessageRef::telegram(77)), "not in the new chat's log");
}

#[test]
fn a_phrase_expires_and_a_new_one_replaces_the_old() {
    let f = Fixture::team();
    f.choose_language(1, "en");
    let first = ask_code(&f, &address(1), 1);
    let second = ask_code(&f, &address(1), 2);
    assert_ne!(first, second);
    assert!(said(&redeem(&f, &address(2), &first), "code-wrong", &[]), "replaced");
    f.clock.advance_millis(15 * 60_000 + 1);
    assert!(said(&redeem(&f, &address(2), &second), "code-wrong", &[]), "expired");
    assert_eq!(f.engine.store().find_visitor_id(&address(1).account()).unwrap(), Some(f.visitor_id(1)));
    assert!(visitor_at(&f, &address(2)).is_none());
    // Housekeeping forgets expired phrases.
    f.engine.maintain().unwrap();
    assert_eq!(f.engine.store().code_owner(&second).unwrap(), None);
}

#[test]
fn five_wrong_phrases_lock_the_account_even_for_the_right_one_until_the_lock_runs_out() {
    let settings = EngineSettings { code_minutes: 120, code_lock_minutes: 15, ..EngineSettings::default() };
    let f = Fixture::with_settings(team(), Vec::new(), settings);
    f.choose_language(1, "en");
    let phrase = ask_code(&f, &address(1), 1);
    let wrong = if phrase == "apple apple apple apple" { "pear pear pear pear" } else { "apple apple apple apple" };
    let thief = address(9);
    for _ in 0..4 {
        assert!(said(&redeem(&f, &thief, wrong), "code-wrong", &[]));
    }
    let locked = redeem(&f, &thief, wrong);
    assert!(said(&locked, "code-locked", &[("minutes", 15_i64.into())]), "{:?}", prompts(&locked));
    f.clock.advance_millis(5 * 60_000);
    let refused = redeem(&f, &thief, &phrase);
    assert!(said(&refused, "code-locked", &[("minutes", 10_i64.into())]), "{:?}", prompts(&refused));
    assert!(visitor_at(&f, &thief).is_none(), "the right phrase is refused while locked");
    // Another account is not locked by this one's tries.
    assert!(said(&redeem(&f, &address(8), wrong), "code-wrong", &[]));

    f.clock.advance_millis(10 * 60_000);
    let owner = f.visitor_id(1);
    let moved = redeem(&f, &thief, &phrase);
    assert!(said(&moved, "code-moved", &[]), "{:?}", prompts(&moved));
    assert_eq!(visitor_at(&f, &thief).unwrap().id, owner);
}

#[test]
fn wrong_tries_are_counted_in_a_window_that_closes() {
    let f = Fixture::team();
    let thief = address(9);
    for _ in 0..4 {
        redeem(&f, &thief, "apple apple apple apple");
    }
    f.clock.advance_millis(15 * 60_000);
    // The window closed: four more wrong ones do not lock.
    for _ in 0..4 {
        assert!(said(&redeem(&f, &thief, "apple apple apple apple"), "code-wrong", &[]));
    }
}

#[test]
fn an_account_with_its_own_conversation_is_refused_and_a_fresh_one_is_replaced() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.choose_language(1, "en");
    f.write(1, "hello");
    let owner = f.visitor_id(1);
    let phrase = ask_code(&f, &address(1), 1);

    // Someone who already talks to the team from that account: refused, nothing lost.
    f.write(2, "my own conversation");
    let busy = f.conversation_of(2).id;
    assert!(said(&redeem(&f, &address(2), &phrase), "code-wrong", &[]));
    assert_eq!(f.conversation_of(2).id, busy);
    assert_eq!(visitor_at(&f, &address(1)).unwrap().id, owner);
    // Four words alone from such an account are words for the team.
    let relayed = f.write(2, &phrase);
    assert!(relayed.actions().iter().any(|a| matches!(a, Action::PostToConversation { notice: false, .. })));

    // An account that only pressed /start: its record is forgotten, its greeting goes nowhere.
    let fresh = address(3);
    command_from(&f, &fresh, VisitorCommand::Start(None), Some(5));
    let own = visitor_at(&f, &fresh).unwrap();
    let visitors = f.engine.store().visitor_count();
    let moved = write_from(&f, &fresh, &phrase, Some(6));
    assert!(said(&moved, "code-moved", &[]), "{:?}", prompts(&moved));
    assert_eq!(visitor_at(&f, &fresh).unwrap().id, owner);
    assert!(f.engine.store().visitor(own.id).unwrap().is_none());
    assert_eq!(f.engine.store().visitor_count(), visitors - 1);
    assert!(f.engine.store().outbox_entries().unwrap().iter().all(|e| e.action.lane() != Lane::Visitor(own.id)));
    // The new chat's messages are the visitor's now: /hide there finds the greeting's /start.
    let log = f.engine.store().chat_log(owner, Timestamp(0)).unwrap();
    assert!(log.iter().any(|m| m.reference == MessageRef::telegram(5)), "{log:?}");
}

#[test]
fn the_phrase_is_not_in_any_file_of_the_store() {
    let f = Fixture::team();
    f.choose_language(1, "en");
    let phrase = ask_code(&f, &address(1), 1);
    redeem(&f, &address(2), "apple apple apple apple");
    redeem(&f, &address(3), &phrase);
    f.engine.flush().unwrap();
    assert_in_no_file(f.dir.path(), &[&phrase, &phrase.replace(' ', "")]);
}

#[test]
fn a_clearing_of_the_old_chat_on_its_way_during_the_move_leaves_the_new_chats_log_alone() {
    let f = Fixture::team();
    f.choose_language(1, "en");
    let id = f.visitor_id(1);
    let phrase = ask_code(&f, &address(1), 1);
    command_from(&f, &address(1), VisitorCommand::Hide, Some(2));
    let in_flight = loop {
        let head = f.engine.due(100).unwrap().into_iter().find(|e| e.action.lane() == Lane::Visitor(id)).unwrap();
        if matches!(head.action, Action::HideChat { .. }) {
            break head;
        }
        f.engine.ack(&head).unwrap();
    };
    command_from(&f, &address(2), VisitorCommand::Code(PhoneCode::Redeem(phrase)), Some(50));
    // The connector reads the log only now: it holds the new chat's messages.
    let logged = f.engine.store().chat_log(id, Timestamp(0)).unwrap();
    assert!(logged.iter().any(|m| m.reference == MessageRef::telegram(50)));
    f.engine.hidden(&in_flight, &logged).unwrap();
    let log = f.engine.store().chat_log(id, Timestamp(0)).unwrap();
    assert!(log.iter().any(|m| m.reference == MessageRef::telegram(50)), "still there for the new phone's /hide");
}

#[test]
fn a_matrix_visitor_continues_on_telegram() {
    let f = Fixture::team();
    f.duty("grace", true);
    let (old, new) = (matrix("oldphone"), address(5));
    command_from(&f, &old, VisitorCommand::PickLanguage("en".into()), None);
    write_from(&f, &old, "hello from matrix", None);
    let visitor = visitor_at(&f, &old).unwrap();
    let phrase = ask_code(&f, &old, 1);
    let moved = command_from(&f, &new, VisitorCommand::Code(PhoneCode::Redeem(phrase)), Some(2));
    assert!(said(&moved, "code-moved", &[]), "{:?}", prompts(&moved));
    assert!(moved.actions().iter().any(|a| matches!(a,
        Action::RenameConversationRoom { name, .. } if name.ends_with("· telegram"))));
    assert_eq!(visitor_at(&f, &new).unwrap().id, visitor.id);
    assert!(visitor_at(&f, &old).is_none());
    assert!(waiting_for(&f, &old).is_empty());
}
