//! The shift handover: one duty-room message for the next worker, on `!handover` and when a
//! shift ends. The adversary is a careless next message: the handover must say whom nobody
//! should write to first, and must hold no word anyone wrote (the duty room is read on phones,
//! notification previews included).

use super::*;
use crate::roster::StaffId;
use crate::safe_word::SafeWordChange;

const CANARY: &str = "CANARY-handover-5e1";

fn handover(f: &Fixture) -> String {
    let lines = duty_lines(&f.say("grace", StaffRoom::Duty, "!handover"));
    assert_eq!(lines.len(), 1, "one message: {lines:?}");
    lines[0].clone()
}

fn pseudonym(f: &Fixture, visitor: i64) -> String {
    f.engine.store().visitor(f.visitor_id(visitor)).unwrap().unwrap().pseudonym.to_string()
}

#[test]
fn with_nothing_open_the_handover_says_so() {
    let f = Fixture::team();
    assert_eq!(
        handover(&f),
        "🔁 Handover for the next worker (12:00):\nNothing open: no conversation, no queue, nothing due."
    );
}

#[test]
fn the_handover_lists_open_conversations_holds_referrals_and_whom_not_to_write_to() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, &format!("help {CANARY}"));
    f.clock.advance_minutes(5);
    f.write(2, &format!("hello {CANARY}"));
    f.in_room("grace", 2, &format!("we are here {CANARY}"));
    f.write(3, "hi");
    f.command(3, VisitorCommand::HoldReplies(true));
    f.write(4, "hi");
    f.command(4, VisitorCommand::SafeWord(SafeWordChange::Set("sunflower field".into())));
    f.write(4, "sunflower field");
    f.in_room("maja", 2, &format!("!hold 2026-11-27 {CANARY} court"));
    f.in_room("maja", 3, "!hold 2027-03-01 later");
    f.in_room("grace", 1, "!refer doctor consent=yes follow-up=2026-11-27");
    f.clock.advance_minutes(10);

    let text = handover(&f);
    assert!(!text.contains(CANARY) && !text.contains("sunflower") && !text.contains("court"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let (p1, p2, p3, p4) = (pseudonym(&f, 1), pseudonym(&f, 2), pseudonym(&f, 3), pseudonym(&f, 4));
    assert_eq!(lines[0], "🔁 Handover for the next worker (12:15):");
    assert_eq!(lines[1], "Open conversations (4), longest waiting first:");
    assert!(lines[2].starts_with(&format!("- {p1} · English (en) · telegram · grace · waiting 15 min")), "{text}");
    // Visitors 3 and 4 have waited as long: either order.
    let next_two = [lines[3], lines[4]].join("\n");
    assert!(next_two.contains(&p3) && next_two.contains(&p4), "then the others waiting: {text}");
    assert!(lines[5].starts_with(&format!("- {p2}")) && lines[5].ends_with("· grace · answered"), "{text}");
    assert!(text.contains(&format!("Holds due for review (1):\n- {p2} · English (en) · telegram · review 2026-11-27")), "{text}");
    assert!(!text.contains("2027-03-01"), "a review not yet due is not listed: {text}");
    assert!(text.contains(&format!("Referral follow-ups due (1):\n- R1 · {p1} · English (en) · telegram · doctor · due 2026-11-27 · open")), "{text}");
    // The reminder of the follow-up day has gone out: the referral is still due in the handover.
    f.tick();
    assert!(handover(&f).contains("Referral follow-ups due (1)"));
    let careful = text.split("Do not write first to:\n").nth(1).unwrap();
    assert!(careful.contains(&format!("- {p3} · English (en) · telegram · holds replies until they ask")), "{text}");
    assert!(careful.contains(&format!("- {p4} · English (en) · telegram · used the secret word")), "{text}");
    assert!(!careful.contains(&p1) && !careful.contains(&p2), "{text}");
}

#[test]
fn a_queue_is_handed_over_too() {
    let f = Fixture::team();
    f.write(1, "anyone?");
    f.clock.advance_minutes(7);
    let text = handover(&f);
    assert!(text.contains(&format!("Queue (1):\n- {} · English (en) · telegram · waiting 7 min", pseudonym(&f, 1))), "{text}");
}

#[test]
fn when_a_shift_ends_the_duty_room_gets_the_handover_once() {
    let shift = ShiftConfig { staff: StaffId::new("grace"), days: vec!["fri".into()], start: "11:00".into(), end: "13:00".into() };
    let f = Fixture::new(team(), vec![shift]);
    f.tick();
    f.write(1, &format!("help {CANARY}"));
    assert_eq!(f.assignee(1).as_deref(), Some("grace"));
    f.clock.advance_minutes(30);
    assert!(duty_lines(&f.tick()).iter().all(|l| !l.starts_with("🔁")), "no shift ended yet");
    f.clock.advance_minutes(31);
    let lines = duty_lines(&f.tick());
    let handovers: Vec<&String> = lines.iter().filter(|l| l.starts_with("🔁")).collect();
    assert_eq!(handovers.len(), 1, "{lines:?}");
    assert!(handovers[0].starts_with("🔁 grace: shift ended. Handover for the next worker (13:01):"), "{}", handovers[0]);
    assert!(handovers[0].contains(&format!("Queue (1):\n- {}", pseudonym(&f, 1))), "back in the queue: {}", handovers[0]);
    assert!(!handovers[0].contains(CANARY));
    f.clock.advance_minutes(1);
    assert!(duty_lines(&f.tick()).iter().all(|l| !l.starts_with("🔁")), "told once");
}

#[test]
fn a_danish_team_reads_the_handover_in_danish() {
    let settings = EngineSettings { staff_language: "da".into(), ..EngineSettings::default() };
    let f = Fixture::with_settings(team(), Vec::new(), settings);
    assert_eq!(
        handover(&f),
        "🔁 Overdragelse til næste medarbejder (12:00):\nIntet åbent: ingen samtaler, ingen kø, intet forfaldent."
    );
}
