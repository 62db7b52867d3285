//! Every routing rule and staff command, end to end through the engine.

use super::*;
use crate::referral::ReferralStatus;

#[test]
fn language_match_first_then_fewest_open_then_idle_longest() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.clock.advance_minutes(1);
    f.duty("ana", true);
    f.clock.advance_minutes(1);
    f.duty("som", true);

    f.choose_language(1, "th");
    f.write(1, "สวัสดี");
    assert_eq!(f.assignee(1).as_deref(), Some("som"), "the Thai speaker");
    f.clock.advance_minutes(1);

    f.choose_language(2, "ro");
    f.write(2, "bună");
    assert_eq!(f.assignee(2).as_deref(), Some("ana"), "the Romanian speaker");
    f.clock.advance_minutes(1);

    // English: all three speak it; grace has none open → grace.
    f.write(3, "hello");
    assert_eq!(f.assignee(3).as_deref(), Some("grace"));
    f.clock.advance_minutes(1);
    // English again: one open each; som got hers first, so she has been idle longest.
    f.write(4, "hello");
    assert_eq!(f.assignee(4).as_deref(), Some("som"));
    // Danish: nobody speaks it → any on-duty staffer, by load: grace and ana have 1, som 2.
    f.choose_language(5, "da");
    f.write(5, "hej");
    assert_eq!(f.assignee(5).as_deref(), Some("ana"), "fewest open, then idle longest (ana before grace)");
    assert_nothing_lost(&f.engine);
}

#[test]
fn ties_are_broken_by_staff_id_deterministically() {
    let f = Fixture::new(
        vec![member("zoe", &["en"], &[Role::Outreach]), member("bea", &["en"], &[Role::Outreach])],
        vec![],
    );
    // Both come on duty in one batch, so they are equally idle.
    let from = |id: &str| format!("@{id}:hopenow.test");
    f.engine
        .handle_batch(&[
            Event::StaffText {
                from: from("zoe"),
                room: StaffRoom::Duty,
                text: "!duty on".into(),
                attachment: None,
                dedupe: None,
            },
            Event::StaffText {
                from: from("bea"),
                room: StaffRoom::Duty,
                text: "!duty on".into(),
                attachment: None,
                dedupe: None,
            },
        ])
        .unwrap();
    f.write(1, "hi");
    assert_eq!(f.assignee(1).as_deref(), Some("bea"));
}

#[test]
fn nobody_on_duty_queues_and_answers_in_the_visitors_language() {
    let shift = ShiftConfig {
        staff: StaffId::new("ana"),
        days: vec!["fri".into()],
        start: "20:00".into(),
        end: "02:00".into(),
    };
    let f = Fixture::new(team(), vec![shift]);
    f.choose_language(1, "ro");
    let handled = f.write(1, "ajutor");
    let replies = to_visitor(&handled);
    assert_eq!(replies.len(), 1, "{replies:?}");
    let english =
        f.engine.catalog().render("en", "out-of-hours-today", &[("time", "20:00".into()), ("emergency", "112".into())]);
    let romanian =
        f.engine.catalog().render("ro", "out-of-hours-today", &[("time", "20:00".into()), ("emergency", "112".into())]);
    assert_eq!(replies[0], romanian);
    assert_ne!(romanian, english);
    assert!(replies[0].contains("20:00") && replies[0].contains("112"));
    assert!(matches!(f.conversation_of(1).state, ConversationState::Queued { .. }));
    assert!(notices(&handled).iter().any(|n| n.starts_with("Waiting:")));
    // A second message while queued is relayed but does not repeat the reply.
    assert!(to_visitor(&f.write(1, "?")).is_empty());

    // Without any shift, the reply says "as soon as possible".
    let g = Fixture::team();
    let unknown = g.engine.catalog().render("en", "out-of-hours-unknown", &[("emergency", "112".into())]);
    assert_eq!(to_visitor(&g.write(9, "help")), vec![unknown]);
    assert_nothing_lost(&f.engine);
}

/// A shift days away is named by weekday, day and month name in the visitor's language and
/// calendar, at the hour their language reads: never a numeric "07.12." a reader may misread.
#[test]
fn a_later_shift_is_told_as_the_visitor_reads_dates_and_times() {
    let monday = |staff: &str| ShiftConfig {
        staff: StaffId::new(staff),
        days: vec!["mon".into()],
        start: "14:00".into(),
        end: "20:00".into(),
    };
    let f = Fixture::new(team(), vec![monday("ana")]);
    f.choose_language(1, "en");
    f.choose_language(2, "fa");
    let english = to_visitor(&f.write(1, "help"));
    let persian = to_visitor(&f.write(2, "کمک"));
    let expected = |language: &str, date: &str, time: &str| {
        let args = [("date", date.into()), ("time", time.into()), ("emergency", "112".into())];
        f.engine.catalog().render(language, "out-of-hours-later", &args)
    };
    assert_eq!(english, vec![expected("en", "Monday 30 November", "2:00\u{202f}pm")]);
    // 30 November 2026 is 9 Azar 1405 in the Solar Hijri calendar.
    assert_eq!(persian, vec![expected("fa", "دوشنبه ۹ آذر", "۱۴:۰۰")]);
    assert!(!english[0].contains("30.11."), "{english:?}");
}

#[test]
fn the_first_staffer_on_duty_gets_the_queue_oldest_first() {
    let f = Fixture::team();
    f.write(1, "first");
    f.clock.advance_minutes(2);
    f.write(2, "second");
    f.clock.advance_minutes(2);
    f.write(3, "third");
    let handled = f.duty("grace", true);
    let order: Vec<String> = notices(&handled).into_iter().filter(|n| n.contains("from the queue")).collect();
    assert_eq!(order.len(), 3);
    for (i, visitor) in [1, 2, 3].into_iter().enumerate() {
        let pseudonym = f.engine.store().find_visitor(&address(visitor).account()).unwrap().unwrap().pseudonym;
        assert!(order[i].starts_with(pseudonym.as_str()), "{i}: {}", order[i]);
        assert_eq!(f.assignee(visitor).as_deref(), Some("grace"));
    }
    assert!(f.engine.routing().unwrap().queue.is_empty());
    assert_eq!(invites(&handled).len(), 3);
}

#[test]
fn shifts_bring_staff_on_and_off_duty_on_ticks() {
    let shift = ShiftConfig {
        staff: StaffId::new("grace"),
        days: vec!["fri".into()],
        start: "20:00".into(),
        end: "02:00".into(),
    };
    let f = Fixture::new(team(), vec![shift]);
    f.tick();
    f.write(1, "hello");
    assert!(matches!(f.conversation_of(1).state, ConversationState::Queued { .. }));
    f.clock.advance_minutes(8 * 60 - 1); // 19:59 local
    f.tick();
    assert!(!f.engine.routing().unwrap().staff.get(&StaffId::new("grace")).is_some_and(|s| s.on_duty));
    f.clock.advance_minutes(1); // 20:00
    let handled = f.tick();
    assert!(notices(&handled).iter().any(|n| n.contains("grace is on duty (shift started)")));
    assert_eq!(f.assignee(1).as_deref(), Some("grace"), "the queue goes to her");
    f.clock.advance_minutes(6 * 60); // 02:00 Saturday
    let handled = f.tick();
    assert!(notices(&handled).iter().any(|n| n.contains("grace is off duty (shift ended)")));
    assert!(matches!(f.conversation_of(1).state, ConversationState::Queued { .. }), "back in the queue");
    assert_nothing_lost(&f.engine);
}

#[test]
fn a_manual_duty_choice_outlives_the_shift_end() {
    let shift = ShiftConfig {
        staff: StaffId::new("grace"),
        days: vec!["fri".into()],
        start: "20:00".into(),
        end: "21:00".into(),
    };
    let f = Fixture::new(team(), vec![shift]);
    f.tick();
    f.clock.advance_minutes(8 * 60 + 5);
    f.tick();
    f.duty("grace", true); // she says she stays
    f.clock.advance_minutes(60);
    f.tick();
    assert!(f.engine.routing().unwrap().staff[&StaffId::new("grace")].on_duty);
}

#[test]
fn unanswered_conversations_move_on_but_never_bounce_for_ever() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.clock.advance_minutes(1);
    f.duty("ana", true);
    f.write(1, "hello");
    assert_eq!(f.assignee(1).as_deref(), Some("grace"));
    f.clock.advance_minutes(9);
    f.tick();
    assert_eq!(f.assignee(1).as_deref(), Some("grace"), "not yet 10 minutes");
    f.clock.advance_minutes(1);
    let handled = f.tick();
    assert_eq!(f.assignee(1).as_deref(), Some("ana"));
    assert!(notices(&handled).iter().any(|n| n.contains("Unanswered for 10 min") && n.contains("now with ana")));
    assert!(
        handled
            .actions()
            .iter()
            .any(|a| matches!(a, Action::RemoveStaff { matrix_user, .. } if matrix_user == "@grace:hopenow.test"))
    );
    // Ana does not answer either: grace was passed over, so it stays with ana; told once.
    f.clock.advance_minutes(10);
    let handled = f.tick();
    assert_eq!(f.assignee(1).as_deref(), Some("ana"));
    assert!(notices(&handled).iter().any(|n| n.contains("nobody else on duty can take it")));
    for _ in 0..10 {
        f.clock.advance_minutes(10);
        let handled = f.tick();
        assert!(notices(&handled).is_empty(), "no ping-pong, no repeated alarms: {:?}", notices(&handled));
        assert_eq!(f.assignee(1).as_deref(), Some("ana"));
    }
    // Ana answers; later silence starts a new round where grace may get it again.
    f.in_room("ana", 1, "I am here");
    f.write(1, "thanks, one more question");
    f.clock.advance_minutes(10);
    f.tick();
    assert_eq!(f.assignee(1).as_deref(), Some("grace"));
    assert_nothing_lost(&f.engine);
}

#[test]
fn transfer_invites_the_new_staffer_removes_the_old_and_posts_a_summary() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "hello");
    let handled = f.in_room("grace", 1, "!transfer ana");
    assert_eq!(f.assignee(1).as_deref(), Some("ana"));
    assert_eq!(invites(&handled), vec!["@ana:hopenow.test".to_owned()]);
    assert!(
        handled
            .actions()
            .iter()
            .any(|a| matches!(a, Action::RemoveStaff { matrix_user, .. } if matrix_user == "@grace:hopenow.test"))
    );
    let summary = notices(&handled).into_iter().find(|n| n.starts_with("Transferred from grace to ana")).unwrap();
    assert!(summary.contains("off duty") && summary.contains("Summary:"), "{summary}");
    // Bad targets change nothing.
    for bad in ["!transfer nobody", "!transfer ana", "!transfer maja"] {
        let handled = f.in_room("ana", 1, bad);
        assert_eq!(f.assignee(1).as_deref(), Some("ana"), "{bad}");
        assert!(invites(&handled).is_empty(), "{bad}");
        assert_eq!(notices(&handled).len(), 1, "{bad}: one explanation");
    }
    assert_nothing_lost(&f.engine);
}

#[test]
fn referral_life_cycle_with_consent_and_follow_up() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "I need a doctor");
    let handled = f.in_room("grace", 1, "!refer doctor consent=yes follow-up=2026-11-29");
    assert_eq!(invites(&handled), vec!["@ife:hopenow.test".to_owned()], "the peer worker is invited");
    assert!(notices(&handled).iter().any(|n| n.starts_with("Referral #1 for") && n.contains("doctor")));
    // Without consent the peer worker is told in the duty room but not invited.
    let handled = f.in_room("grace", 1, "!refer shelter consent=no");
    assert!(invites(&handled).is_empty());
    assert!(notices(&handled).iter().any(|n| n.contains("peer worker not invited")));

    f.in_room("ife", 1, "!referral 1 contacted");
    assert_eq!(f.conversation_of(1).referrals[0].status, ReferralStatus::Contacted);
    let handled = f.in_room("ife", 1, "!referral 1 open");
    assert!(notices(&handled)[0].starts_with("Usage"));
    let handled = f.in_room("ife", 1, "!referral 7 done");
    assert!(notices(&handled)[0].contains("no referral #7"));

    // The follow-up is due on 2026-11-29 local time; reminded once.
    f.tick();
    f.clock.advance_minutes(36 * 60);
    let handled = f.tick();
    assert!(notices(&handled).iter().any(|n| n.starts_with("Follow-up due: referral #1 (doctor)")));
    assert!(notices(&f.tick()).is_empty());
    f.in_room("ife", 1, "!referral 1 done");
    let handled = f.in_room("ife", 1, "!referral 1 declined");
    assert!(notices(&handled)[0].contains("cannot become declined"));
    assert_eq!(f.conversation_of(1).referrals[0].status, ReferralStatus::Done);
}

#[test]
fn close_then_the_visitor_reopens_by_writing() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.choose_language(1, "ro");
    f.write(1, "bună");
    let handled = f.in_room("grace", 1, "!close");
    assert_eq!(to_visitor(&handled), vec![f.engine.catalog().render("ro", "conversation-closed", &[])]);
    assert!(!f.conversation_of(1).is_open());
    let relay = f.in_room("grace", 1, "are you there?");
    assert!(to_visitor(&relay).is_empty(), "nothing goes to a closed conversation");
    assert!(notices(&relay)[0].contains("closed"));
    let first_id = f.conversation_of(1).id;
    f.clock.advance_minutes(60);
    f.duty("grace", false);
    f.duty("ana", true);
    let handled = f.write(1, "me again");
    assert_eq!(f.conversation_of(1).id, first_id, "the same conversation reopens");
    assert_eq!(f.assignee(1).as_deref(), Some("ana"));
    assert!(notices(&handled).iter().any(|n| n.starts_with("Reopened")));
    assert_nothing_lost(&f.engine);
}

#[test]
fn a_blocked_pseudonym_is_told_once_and_then_ignored() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "abuse");
    let handled = f.in_room("grace", 1, "!block");
    assert_eq!(to_visitor(&handled), vec![f.engine.catalog().render("en", "chat-closed-by-team", &[])]);
    let before = f.engine.store().outbox_len();
    assert_eq!(f.write(1, "more abuse"), Handled::Ignored(Ignored::BlockedVisitor));
    assert_eq!(f.engine.store().outbox_len(), before, "nothing enqueued");
    // Only a coordinator can unblock.
    let handled = f.in_room("grace", 1, "!unblock");
    assert!(notices(&handled)[0].contains("Only a coordinator"));
    f.in_room("maja", 1, "!unblock");
    assert!(matches!(f.write(1, "sorry"), Handled::Done(_)));
    assert!(f.conversation_of(1).is_open());
    assert_nothing_lost(&f.engine);
}

#[test]
fn staff_replies_reach_the_visitor_under_the_alias_and_notes_never_do() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "hello");
    let handled = f.in_room("grace", 1, "Hello, I am here to listen.");
    let sent = to_visitor(&handled);
    assert_eq!(sent.len(), 1);
    assert!(sent[0].contains("grace, HopeNow") && sent[0].contains("Hello, I am here to listen."), "{sent:?}");
    assert_eq!(f.conversation_of(1).waiting_since, None, "answered");
    let handled = f.in_room("grace", 1, "!note she sounded scared");
    assert!(to_visitor(&handled).is_empty());
    let notes: Vec<_> = f.transcript(1).into_iter().filter(|e| e.kind == ContentKind::Note).collect();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].direction, Direction::Internal);
}

#[test]
fn canned_replies_and_language_go_out_in_the_conversation_language() {
    let f = Fixture::team();
    f.duty("som", true);
    f.write(1, "hi");
    let handled = f.in_room("som", 1, "!lang th");
    assert!(notices(&handled)[0].contains("Thai"));
    let handled = f.in_room("som", 1, "!send emergency");
    assert_eq!(
        to_visitor(&handled),
        vec![f.engine.catalog().render("th", "canned-emergency", &[("emergency", "112".into())])]
    );
    let handled = f.in_room("som", 1, "!lang xx");
    assert!(notices(&handled)[0].contains("not a shipped language"));
    assert_eq!(f.conversation_of(1).language, "th");
}

#[test]
fn hold_is_for_coordinators() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "hi");
    let handled = f.in_room("grace", 1, "!hold 2027-01-31 court case");
    assert!(notices(&handled)[0].contains("Only a coordinator"));
    assert!(f.conversation_of(1).hold.is_none());
    f.in_room("maja", 1, "!hold 2027-01-31 court case");
    let hold = f.conversation_of(1).hold.unwrap();
    assert_eq!((hold.review.as_str(), hold.reason.as_str()), ("2027-01-31", "court case"));
    f.in_room("maja", 1, "!unhold");
    assert!(f.conversation_of(1).hold.is_none());
}

#[test]
fn bad_input_gets_a_clear_result_and_changes_nothing_else() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "hi");
    let conversation = f.conversation_of(1);
    let routing = f.engine.routing().unwrap();

    // Someone not in the roster: nothing at all.
    let stranger = Event::StaffText {
        from: "@stranger:evil.test".into(),
        room: StaffRoom::Duty,
        text: "!duty on".into(),
        attachment: None,
        dedupe: None,
    };
    assert_eq!(f.engine.handle(stranger).unwrap(), Handled::Ignored(Ignored::NotStaff));
    let stranger = Event::StaffText {
        from: "@stranger:evil.test".into(),
        room: StaffRoom::Conversation(conversation.id),
        text: "hi".into(),
        attachment: None,
        dedupe: None,
    };
    assert_eq!(f.engine.handle(stranger).unwrap(), Handled::Ignored(Ignored::NotStaff));
    // A conversation that does not exist.
    let ghost = StaffRoom::Conversation(ConversationId::from_bytes([9; 16]));
    assert_eq!(f.say("grace", ghost, "hello?"), Handled::Ignored(Ignored::UnknownConversation));
    // Malformed and absurd commands: one usage line each, in the room they came from.
    for bad in [
        "!duty sometimes",
        "!refer police consent=yes",
        "!send poem",
        "!referral 99999999999 done",
        "!hold tomorrow x",
        "!xyzzy",
    ] {
        let handled = f.in_room("grace", 1, bad);
        assert_eq!(handled.actions().len(), 1, "{bad}");
        assert!(matches!(&handled.actions()[0], Action::PostToConversation { notice: true, .. }), "{bad}");
    }
    // Conversation commands in the duty room are explained, not applied.
    let handled = f.say("grace", StaffRoom::Duty, "!close");
    assert!(notices(&handled)[0].contains("conversation room"));
    assert_eq!(f.conversation_of(1), conversation);
    assert_eq!(f.engine.routing().unwrap(), routing);
    // An oversized message is refused, in the visitor's language, and not stored.
    let huge = "x".repeat(5000);
    let handled = f.write(1, &huge);
    let refusal = f.engine.catalog().render("en", "message-too-long", &[("limit", 4096usize.into())]);
    assert_eq!(to_visitor(&handled), vec![refusal]);
    assert!(f.transcript(1).iter().all(|e| e.text != huge));
    assert_nothing_lost(&f.engine);
}

#[test]
fn staff_removed_from_the_roster_give_their_conversations_back_at_start() {
    let mut f = Fixture::team();
    f.duty("grace", true);
    f.clock.advance_minutes(1);
    f.duty("ana", true);
    f.write(1, "hi");
    assert_eq!(f.assignee(1).as_deref(), Some("grace"));
    f.staff.retain(|m| m.id.as_str() != "grace");
    f.restart();
    assert_eq!(f.assignee(1).as_deref(), Some("ana"));
    assert_nothing_lost(&f.engine);
}

#[test]
fn who_and_queue_list_without_content() {
    let f = Fixture::team();
    f.write(1, "secret words");
    let handled = f.say("grace", StaffRoom::Duty, "!queue");
    let listing = &notices(&handled)[0];
    assert!(listing.contains("Queue (1)") && !listing.contains("secret"), "{listing}");
    let handled = f.say("grace", StaffRoom::Duty, "!who");
    assert_eq!(notices(&handled)[0], "Nobody is on duty.");
    f.duty("grace", true);
    let handled = f.say("ana", StaffRoom::Duty, "!who");
    assert!(notices(&handled)[0].starts_with("On duty: grace (en, pcm) — 1 open"));
}

#[test]
fn a_burst_of_1000_messages_from_20_visitors_loses_nothing_and_keeps_order() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.duty("ana", true);
    let events: Vec<Event> = (0..1000)
        .map(|i| Event::VisitorMessage {
            from: address(i % 20),
            message: IncomingMessage::text(format!("v{} m{}", i % 20, i / 20)),
            dedupe: Some(Dedupe::Sequence { stream: "telegram".into(), seq: i as u64 }),
        })
        .collect();
    // As fast as they come, in group-commit batches.
    for batch in events.chunks(64) {
        let results = f.engine.handle_batch(batch).unwrap();
        assert!(results.iter().all(|r| matches!(r, Handled::Done(_))));
    }
    f.engine.flush().unwrap();
    let outbox = f.engine.store().outbox_entries().unwrap();
    for visitor in 0..20 {
        let expected: Vec<String> = (0..50).map(|m| format!("v{visitor} m{m}")).collect();
        let stored: Vec<String> = f
            .transcript(visitor)
            .into_iter()
            .filter(|e| e.direction == Direction::FromVisitor)
            .map(|e| e.text)
            .collect();
        assert_eq!(stored, expected, "visitor {visitor}: all, once, in order");
        let room = Lane::Room(f.conversation_of(visitor).id);
        let relayed: Vec<String> = outbox
            .iter()
            .filter(|e| e.action.lane() == room)
            .filter_map(|e| match &e.action {
                Action::PostToConversation { text, notice: false, .. } => {
                    text.split_once(": ").map(|(_, t)| t.to_owned())
                }
                _ => None,
            })
            .collect();
        assert_eq!(relayed, expected, "visitor {visitor}: relayed in order");
    }
    assert_nothing_lost(&f.engine);
}
