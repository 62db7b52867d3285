//! Retention with a fake clock: what is shredded when, what a hold keeps, and what is left.

use super::*;
use crate::retention::Reason;
use crate::store::StoreError;

const DAY: i64 = 24 * 60;

fn forget_rooms(f: &Fixture) -> Vec<ConversationId> {
    queued(f, |action| match action {
        Action::ForgetRoom { conversation } => Some(conversation),
        _ => None,
    })
}

/// A visitor answered by grace, then closed; the clock stands at the close.
fn closed_conversation(f: &Fixture, visitor: i64) -> ConversationId {
    f.duty("grace", true);
    f.write(visitor, "CANARY-RETENTION words");
    f.in_room("grace", visitor, "a reply");
    let id = f.conversation_of(visitor).id;
    f.in_room("grace", visitor, "!close");
    id
}

#[test]
fn a_closed_conversation_is_kept_29_days_and_shredded_on_the_30th() {
    let f = Fixture::team();
    let id = closed_conversation(&f, 1);
    let visitor = f.visitor_id(1);
    f.clock.advance_minutes(29 * DAY + 23 * 60);
    assert!(f.engine.retention_due().unwrap().due.is_empty());
    assert!(f.engine.enforce_retention().unwrap().shredded.is_empty());
    assert!(f.engine.store().conversation(id).unwrap().is_some());

    f.clock.advance_minutes(60);
    let plan = f.engine.retention_due().unwrap();
    assert_eq!(plan.due.len(), 1);
    assert!(matches!(plan.due[0].reason, Reason::Closed { .. }));
    assert!(!plan.due[0].pseudonym.is_empty());
    assert!(f.engine.store().conversation(id).unwrap().is_some(), "looking changes nothing");

    let pseudonym = f.engine.store().visitor(visitor).unwrap().unwrap().pseudonym;
    let report = f.engine.enforce_retention().unwrap();
    assert_eq!(report.shredded.len(), 1);
    assert_eq!(report.visitors_erased, 1);
    let store = f.engine.store();
    let audit = store.verify_audit().unwrap();
    let purged: Vec<_> =
        audit.entries.iter().filter(|(_, e)| e.kind == crate::audit::AuditKind::Purged).map(|(_, e)| e).collect();
    assert_eq!(purged.len(), 1, "the purge is audited once");
    assert_eq!((purged[0].pseudonym.as_ref(), purged[0].staff.as_ref()), (Some(&pseudonym), None));
    assert_eq!(purged[0].detail.as_deref(), Some("retention: closed 30 days"));
    assert!(audit.broken.is_none());
    assert!(store.conversation(id).unwrap().is_none());
    assert!(matches!(store.transcript(id), Err(StoreError::Shredded)));
    assert!(store.visitor(visitor).unwrap().is_none(), "identity goes with the content");
    assert!(store.find_visitor(&address(1).account()).unwrap().is_none());
    assert_eq!(forget_rooms(&f), vec![id]);
    let told: Vec<String> =
        f.engine.store().outbox_entries().unwrap().iter().filter_map(|e| e.action.text().map(str::to_owned)).collect();
    assert!(told.iter().any(|t| t.contains("one conversation past its time was erased")), "{told:?}");
    assert!(told.iter().all(|t| !t.contains("CANARY")), "{told:?}");
    assert!(f.engine.routing().unwrap().staff.values().all(|s| !s.open.contains(&id)), "routing let it go");
    assert_nothing_lost(&f.engine);
}

#[test]
fn an_open_conversation_goes_after_90_quiet_days_and_activity_resets_the_clock() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "hello");
    let id = f.conversation_of(1).id;
    f.clock.advance_minutes(60 * DAY);
    f.in_room("grace", 1, "still there?");
    f.clock.advance_minutes(89 * DAY);
    assert!(f.engine.enforce_retention().unwrap().shredded.is_empty(), "89 days since the staff answer");
    f.write(1, "yes");
    f.clock.advance_minutes(89 * DAY);
    assert!(f.engine.enforce_retention().unwrap().shredded.is_empty(), "89 days since the visitor wrote");
    // 90 days, and the hour a conversation's last activity may lag behind its last message.
    f.clock.advance_minutes(DAY + 60);
    let report = f.engine.enforce_retention().unwrap();
    assert_eq!(report.shredded.len(), 1);
    assert!(matches!(report.shredded[0].reason, Reason::Inactive { .. }));
    assert!(f.engine.store().conversation(id).unwrap().is_none());
    assert_nothing_lost(&f.engine);
}

#[test]
fn a_held_conversation_is_kept_past_both_limits_and_its_review_is_reminded_once_a_day() {
    let f = Fixture::team();
    let id = closed_conversation(&f, 1);
    f.in_room("maja", 1, "!hold 2027-01-31 court case");
    assert!(f.engine.store().conversation(id).unwrap().unwrap().hold.is_some());
    f.clock.advance_minutes(400 * DAY);
    let plan = f.engine.retention_due().unwrap();
    assert!(plan.due.is_empty());
    assert_eq!(plan.held.len(), 1);
    assert_eq!(plan.held[0].hold.review, "2027-01-31");
    assert!(plan.held[0].would_be.is_some());

    let report = f.engine.enforce_retention().unwrap();
    assert!(report.shredded.is_empty());
    assert_eq!(report.reminded, 1, "past its review date: the duty room is told");
    assert!(f.engine.store().transcript(id).is_ok());
    let reminders = |f: &Fixture| {
        f.engine
            .store()
            .outbox_entries()
            .unwrap()
            .iter()
            .filter(|e| e.action.text().is_some_and(|t| t.contains("Hold due for review")))
            .count()
    };
    assert_eq!(reminders(&f), 1);
    f.clock.advance_minutes(60);
    assert_eq!(f.engine.enforce_retention().unwrap().reminded, 0, "once a day");
    f.clock.advance_minutes(DAY);
    assert_eq!(f.engine.enforce_retention().unwrap().reminded, 1, "and again the next day");

    // Lifting the hold lets retention apply at its next run.
    f.in_room("maja", 1, "!unhold");
    let report = f.engine.enforce_retention().unwrap();
    assert_eq!(report.shredded.len(), 1);
    assert_eq!(report.reminded, 0);
}

#[test]
fn after_shredding_the_transcript_cannot_be_read_even_with_the_master_key() {
    let mut f = Fixture::team();
    let id = closed_conversation(&f, 1);
    assert!(f.engine.store().raw_transcript_entry(id, 0).unwrap().is_some());
    f.clock.advance_minutes(30 * DAY);
    assert_eq!(f.engine.enforce_retention().unwrap().shredded.len(), 1);
    f.restart();
    // The same data dir, opened again with the same master key.
    let store = f.engine.store();
    assert!(matches!(store.transcript(id), Err(StoreError::Shredded)));
    assert!(store.raw_transcript_entry(id, 0).unwrap().is_none(), "the sealed entries are swept too");
    assert!(store.scan_conversations().unwrap().is_empty());
    assert_eq!(store.visitor_count(), 0);
    assert_in_no_file(f.dir.path(), &["CANARY-RETENTION"]);
}

#[test]
fn a_visitor_who_writes_after_the_shredding_starts_afresh() {
    let f = Fixture::team();
    let id = closed_conversation(&f, 1);
    let old = f.engine.store().find_visitor(&address(1).account()).unwrap().unwrap();
    f.clock.advance_minutes(30 * DAY);
    f.engine.enforce_retention().unwrap();
    let handled = f.write(1, "hello again");
    assert!(handled.actions().iter().any(|a| matches!(a, Action::OpenConversationRoom { .. })), "a new room");
    let fresh = f.conversation_of(1);
    assert_ne!(fresh.id, id);
    assert!(fresh.is_open());
    assert_eq!(f.transcript(1).iter().filter(|e| e.text.contains("CANARY")).count(), 0, "nothing old comes back");
    let visitor = f.engine.store().find_visitor(&address(1).account()).unwrap().unwrap();
    assert_ne!(visitor.id, old.id);
    assert_ne!(visitor.pseudonym, old.pseudonym);
}

#[test]
fn forget_room_is_queued_once_and_nothing_else_is_posted_before_it() {
    let f = Fixture::team();
    let id = closed_conversation(&f, 1);
    f.clock.advance_minutes(30 * DAY);
    f.engine.enforce_retention().unwrap();
    f.engine.enforce_retention().unwrap();
    assert_eq!(forget_rooms(&f), vec![id], "queued once");
    let room: Vec<&str> = f
        .engine
        .store()
        .outbox_entries()
        .unwrap()
        .iter()
        .filter(|e| e.action.lane() == Lane::Room(id))
        .map(|e| e.action.name())
        .collect();
    assert_eq!(room, ["forget-room"], "what was still queued for the room went");
    // The Matrix connector takes it; the Telegram connector does not (it has no visitor address).
    assert!(f.engine.due(100).unwrap().iter().any(|e| matches!(e.action, Action::ForgetRoom { .. })));
    assert!(Action::ForgetRoom { conversation: id }.visitor_address().is_none());
}

#[test]
fn a_blocked_visitor_loses_the_conversation_but_the_block_stays() {
    let f = Fixture::team();
    let id = closed_conversation(&f, 1);
    f.in_room("grace", 1, "!block");
    f.clock.advance_minutes(90 * DAY);
    let report = f.engine.enforce_retention().unwrap();
    assert_eq!(report.shredded.len(), 1);
    assert_eq!(report.visitors_erased, 0);
    assert!(f.engine.store().conversation(id).unwrap().is_none());
    let visitor = f.engine.store().find_visitor(&address(1).account()).unwrap().unwrap();
    assert!(visitor.blocked && visitor.conversation.is_none());
    assert_eq!(f.write(1, "again"), Handled::Ignored(Ignored::BlockedVisitor));
}

#[test]
fn forget_queues_forget_room_for_each_conversation() {
    let f = Fixture::team();
    let id = closed_conversation(&f, 1);
    f.command(1, VisitorCommand::Forget);
    let erased = f.command(1, VisitorCommand::ConfirmForget(true));
    let forgotten: Vec<_> = erased
        .actions()
        .iter()
        .filter_map(|a| match a {
            Action::ForgetRoom { conversation } => Some(*conversation),
            _ => None,
        })
        .collect();
    assert_eq!(forgotten, vec![id]);
    assert_eq!(forget_rooms(&f), vec![id]);
}

/// The most at-risk group: someone who pressed `/start`, picked a language and answered "not
/// now" leaves a sealed account id; it must not stay longer than a conversation would.
#[test]
fn a_visitor_who_never_wrote_is_erased_after_inactive_days() {
    let f = Fixture::team();
    f.command(1, VisitorCommand::Start(None));
    f.choose_language(1, "th");
    f.command(1, VisitorCommand::SafeToTalk(false));
    // Someone who wrote at the same time keeps their (open, active) conversation.
    f.choose_language(2, "en");
    f.write(2, "hello");
    let silent = f.visitor_id(1);

    f.clock.advance_minutes(89 * DAY);
    f.write(2, "still here");
    assert!(f.engine.retention_due().unwrap().silent.is_empty());
    f.clock.advance_minutes(DAY);
    assert_eq!(f.engine.retention_due().unwrap().silent, vec![silent]);
    let report = f.engine.enforce_retention().unwrap();
    assert_eq!(report.visitors_erased, 1);
    assert!(f.engine.store().visitor(silent).unwrap().is_none());
    assert!(f.engine.store().find_visitor(&address(1).account()).unwrap().is_none(), "no index entry either");
    assert!(f.engine.store().find_visitor(&address(2).account()).unwrap().is_some());
    let audit = f.engine.store().verify_audit().unwrap();
    assert!(audit.entries.iter().any(|(_, e)| e.kind == crate::audit::AuditKind::Purged
        && e.detail.as_deref() == Some("retention: no conversation in 90 days")));
}

/// On Matrix, what the bot wrote in the chat of someone who never wrote goes with them.
#[test]
fn a_matrix_visitor_who_never_wrote_has_their_chat_forgotten_too() {
    let f = Fixture::team();
    let dm = PlatformAddress::Matrix { user_id: "@quiet:elsewhere.test".into(), room_id: Some("!dm-q:x".into()) };
    let start = Event::VisitorCommand {
        from: dm.clone(),
        command: VisitorCommand::Start(None),
        reference: None,
        language_hint: None,
        dedupe: None,
    };
    f.engine.handle(start).unwrap();
    f.clock.advance_minutes(90 * DAY);
    assert_eq!(f.engine.enforce_retention().unwrap().visitors_erased, 1);
    let forgotten = queued(&f, |action| match action {
        Action::ForgetVisitorChat { address, .. } => Some(address),
        _ => None,
    });
    assert_eq!(forgotten, vec![dm]);
}

/// The daily run checks the audit chain and leaves a checkpoint outside the data dir (in the
/// duty room) that a later `hopenow audit --checkpoint` compares with.
#[test]
fn the_daily_run_posts_an_audit_checkpoint_the_log_holds() {
    let f = Fixture::team();
    closed_conversation(&f, 1);
    f.engine.enforce_retention().unwrap();
    let duty = queued(&f, |action| match action {
        Action::PostToDuty { text } => Some(text),
        _ => None,
    });
    let log = f.engine.store().verify_audit().unwrap();
    let checkpoint = log.checkpoint();
    assert!(checkpoint.entries > 0);
    let posted = duty.iter().find(|t| t.contains("audit log is intact")).expect("a checkpoint notice");
    assert!(posted.contains(&checkpoint.to_string()), "{posted}");
    // As an operator copies it from the notice, the word after "Checkpoint".
    let (entries, link) = posted.split("Checkpoint ").nth(1).and_then(|rest| rest.split_once(':')).unwrap();
    let link: String = link.chars().take_while(char::is_ascii_hexdigit).collect();
    assert!(log.holds(&crate::audit::Checkpoint::parse(&format!("{entries}:{link}")).unwrap()));
}

#[test]
fn an_erased_visitors_matrix_chat_is_forgotten_whatever_its_age_and_a_telegram_one_is_not() {
    let f = Fixture::team();
    f.duty("grace", true);
    let dm = PlatformAddress::Matrix { user_id: "@v:elsewhere.test".into(), room_id: Some("!dm-v:x".into()) };
    let message = IncomingMessage::text("hello from Matrix");
    f.engine.handle(Event::VisitorMessage { from: dm.clone(), message, dedupe: None }).unwrap();
    let on_matrix = f.engine.store().find_visitor(&dm.account()).unwrap().unwrap();
    f.say("grace", StaffRoom::Conversation(on_matrix.conversation.unwrap()), "!close");
    closed_conversation(&f, 1);
    f.clock.advance_minutes(30 * DAY);
    assert_eq!(f.engine.enforce_retention().unwrap().visitors_erased, 2);
    let forgotten = queued(&f, |action| match action {
        Action::ForgetVisitorChat { visitor, address } => Some((visitor, address)),
        _ => None,
    });
    assert_eq!(forgotten, vec![(on_matrix.id, dm)], "only the chat on Matrix, once");
}
