//! A visitor's files against the daily quota and the disk floor: files refused, words flow.

use super::*;
use crate::transcript::Attachment;

fn limited(bytes_per_day: u64) -> Fixture {
    let settings = EngineSettings { visitor_file_bytes_per_day: bytes_per_day, ..EngineSettings::default() };
    let f = Fixture::with_settings(team(), vec![], settings);
    f.duty("grace", true);
    f
}

fn send_file(f: &Fixture, visitor: i64, bytes: usize) -> Handled {
    let message = IncomingMessage {
        kind: ContentKind::Document,
        attachment: Some(Attachment { mime: "application/pdf".into(), bytes: vec![b'%'; bytes] }),
        ..IncomingMessage::default()
    };
    f.engine.handle(Event::VisitorMessage { from: address(visitor), message, dedupe: None }).unwrap()
}

fn room_notices(handled: &Handled) -> Vec<String> {
    pick(handled, |a| match a {
        Action::PostToConversation { text, notice: true, .. } => Some(text),
        _ => None,
    })
}

fn documents_in_transcript(f: &Fixture, visitor: i64) -> usize {
    f.transcript(visitor).iter().filter(|e| e.attachment.is_some()).count()
}

#[test]
fn past_the_daily_quota_files_are_refused_words_flow_and_staff_hear_once() {
    let f = limited(1_000);
    f.write(1, "hello");
    f.choose_language(1, "ro");
    send_file(&f, 1, 600);
    send_file(&f, 1, 400);
    assert_eq!(documents_in_transcript(&f, 1), 2, "exactly up to the quota");
    let refused = send_file(&f, 1, 1);
    assert_eq!(documents_in_transcript(&f, 1), 2, "one byte over: refused");
    let catalog = Catalog::embedded().unwrap();
    assert_eq!(to_visitor(&refused), vec![catalog.render("ro", "file-over-daily-limit", &[])]);
    assert_eq!(room_notices(&refused).len(), 1, "{refused:?}");
    // Staff are told once a day; the visitor each time.
    let again = send_file(&f, 1, 10);
    assert!(room_notices(&again).is_empty(), "{again:?}");
    assert_eq!(to_visitor(&again).len(), 1);
    // Words still flow.
    f.write(1, "are you there?");
    assert!(f.transcript(1).iter().any(|e| e.text == "are you there?"));
    // Another visitor has a quota of their own.
    f.write(2, "hi");
    send_file(&f, 2, 900);
    assert_eq!(documents_in_transcript(&f, 2), 1);
    // A new day, a new quota.
    f.clock.advance_minutes(24 * 60);
    send_file(&f, 1, 900);
    assert_eq!(documents_in_transcript(&f, 1), 3);
}

#[test]
fn a_file_the_connector_refused_for_disk_space_tells_the_visitor_and_the_duty_room_once_an_hour() {
    let f = limited(u64::MAX);
    f.write(1, "hello");
    f.write(2, "hello");
    let message = IncomingMessage { kind: ContentKind::Photo, disk_low: true, ..IncomingMessage::default() };
    let duty = |handled: &Handled| {
        handled.actions().iter().filter(|a| matches!(a, Action::PostToDuty { text } if text.contains("disk"))).count()
    };
    let first =
        f.engine.handle(Event::VisitorMessage { from: address(1), message: message.clone(), dedupe: None }).unwrap();
    assert_eq!(duty(&first), 1);
    let catalog = Catalog::embedded().unwrap();
    assert_eq!(to_visitor(&first), vec![catalog.render("en", "file-not-received-now", &[])]);
    let second =
        f.engine.handle(Event::VisitorMessage { from: address(2), message: message.clone(), dedupe: None }).unwrap();
    assert_eq!(duty(&second), 0, "once an hour");
    assert_eq!(to_visitor(&second).len(), 1, "but every visitor is told");
    f.clock.advance_minutes(61);
    let later = f.engine.handle(Event::VisitorMessage { from: address(1), message, dedupe: None }).unwrap();
    assert_eq!(duty(&later), 1);
    f.write(1, "words still arrive");
    assert!(f.transcript(1).iter().any(|e| e.text == "words still arrive"));
}

#[test]
fn forgetting_a_visitor_takes_their_file_count_too() {
    let f = limited(1_000_000);
    f.write(1, "hello");
    send_file(&f, 1, 10);
    let visitor = f.visitor_id(1);
    let key = file_quota_key(visitor);
    assert!(f.engine.store().tree(crate::store::TreeName::Meta).contains_key(&key).unwrap());
    f.command(1, VisitorCommand::ConfirmForget(true));
    assert!(!f.engine.store().tree(crate::store::TreeName::Meta).contains_key(&key).unwrap());
}

#[test]
fn a_delivery_round_holds_files_up_to_the_budget_and_the_rest_come_next() {
    let f = limited(u64::MAX);
    // Eight visitors, one 8 MB file each: eight room lanes with a file at their head.
    for visitor in 1..=8 {
        f.write(visitor, "hello");
    }
    let mut rooms_ready = f.engine.due(1_000).unwrap();
    while !rooms_ready.is_empty() {
        for entry in &rooms_ready {
            f.engine.ack(entry).unwrap();
        }
        rooms_ready = f.engine.due(1_000).unwrap();
    }
    for visitor in 1..=8 {
        send_file(&f, visitor, 8 * 1024 * 1024);
    }
    let mut rounds = Vec::new();
    loop {
        let due = f.engine.due_where(32, |a| a.attachment().is_some()).unwrap();
        if due.is_empty() {
            break;
        }
        rounds.push(due.iter().map(|e| e.action.attachment().map_or(0, |a| a.bytes.len())).sum::<usize>());
        for entry in &due {
            f.engine.ack(entry).unwrap();
        }
    }
    let total: usize = rounds.iter().sum();
    assert_eq!(total, 8 * 8 * 1024 * 1024, "every file delivered: {rounds:?}");
    // The budget is reached by the third file of a round; a round never holds more than that.
    assert!(rounds.iter().all(|r| *r <= 3 * 8 * 1024 * 1024), "{rounds:?}");
    assert!(rounds.len() >= 3, "{rounds:?}");
}

#[test]
fn a_file_that_did_not_come_is_told_to_staff_apart_from_the_visitors_words() {
    let f = limited(u64::MAX);
    for (note, says) in [(FileNote::HeldBack, "was held back"), (FileNote::NotFetched, "could not be fetched")] {
        let message = IncomingMessage {
            kind: ContentKind::Photo,
            text: "my caption".into(),
            file_note: Some(note),
            ..IncomingMessage::default()
        };
        let handled = f.engine.handle(Event::VisitorMessage { from: address(1), message, dedupe: None }).unwrap();
        let relayed: Vec<String> = handled
            .actions()
            .iter()
            .filter_map(|a| match a {
                Action::PostToConversation { text, notice: false, .. } => Some(text.clone()),
                _ => None,
            })
            .collect();
        assert!(relayed.iter().any(|t| t.ends_with("[photo] my caption")), "the words as written: {relayed:?}");
        let notices = room_notices(&handled);
        assert!(notices.iter().any(|n| n.starts_with("The photo above") && n.contains(says)), "{notices:?}");
    }
    let transcript = f.transcript(1);
    assert!(transcript.iter().any(|e| e.text.contains("held back")), "the transcript says what happened");
    assert!(transcript.iter().filter(|e| e.text == "my caption").count() == 2, "the caption is stored as written");
}
