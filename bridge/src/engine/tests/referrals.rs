//! Referrals that follow through: desk numbers, the peer worker's desk (new referrals, the
//! morning digest, moves typed there), `!referrals`, and a follow-up a week overdue raised once.
//! The adversary is a shared room: nothing a visitor wrote, and no note staff typed with a move,
//! may appear in the desk or the duty room.

use super::*;

const CANARY: &str = "CANARY-desk-77a";

fn with_desk() -> Fixture {
    let settings =
        EngineSettings { peer_desk: Some(PeerDeskSettings { digest_at: "08:00".into() }), ..EngineSettings::default() };
    let f = Fixture::with_settings(team(), Vec::new(), settings);
    f.duty("grace", true);
    f.write(1, &format!("I need a doctor {CANARY}"));
    f
}

fn desk_lines(handled: &Handled) -> Vec<String> {
    handled
        .actions()
        .iter()
        .filter_map(|a| match a {
            Action::PostToPeerDesk { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn at_desk(f: &Fixture, staff: &str, text: &str) -> Handled {
    f.say(staff, StaffRoom::PeerDesk, text)
}

fn label(f: &Fixture) -> String {
    let pseudonym = f.engine.store().visitor(f.visitor_id(1)).unwrap().unwrap().pseudonym.to_string();
    format!("{pseudonym} · English (en) · telegram")
}

#[test]
fn a_new_referral_is_posted_on_the_desk_with_its_desk_number_and_nothing_anyone_wrote() {
    let f = with_desk();
    let handled = f.in_room("grace", 1, "!refer doctor partner=clinic-no-papers consent=yes follow-up=2026-11-30");
    assert_eq!(
        desk_lines(&handled),
        vec![format!(
            "📋 New referral R1: {} · doctor → Clinic Without Papers (example) · consent yes · due 2026-11-30 · by grace",
            label(&f)
        )]
    );
    assert_eq!(
        notices(&handled).last().map(String::as_str),
        Some("Referral #1 (doctor) is open, R1 on the desk. Update it with !referral 1 contacted|done|declined.")
    );
    f.write(2, "hello");
    let second = f.in_room("grace", 2, "!refer legal consent=no");
    assert!(desk_lines(&second)[0].starts_with("📋 New referral R2:"), "numbers run across conversations");

    let without = Fixture::team();
    without.duty("grace", true);
    without.write(1, "hi");
    assert!(desk_lines(&without.in_room("grace", 1, "!refer doctor consent=yes")).is_empty(), "no desk configured");
}

#[test]
fn the_desk_lists_moves_and_keeps_notes_out_of_shared_rooms() {
    let f = with_desk();
    f.in_room("grace", 1, "!refer doctor partner=clinic-no-papers consent=yes follow-up=2026-11-30");
    let listed = desk_lines(&at_desk(&f, "ife", "!referrals"));
    assert_eq!(
        listed,
        vec![format!(
            "Open referrals (1):\n- R1 · {} · doctor → Clinic Without Papers (example) · open · 0 d · due 2026-11-30",
            label(&f)
        )]
    );
    assert_eq!(desk_lines(&at_desk(&f, "ife", "!referrals due")), vec!["No referral to list."]);
    assert_eq!(desk_lines(&at_desk(&f, "ife", "!referrals mine")), vec!["No referral to list."]);

    let moved = at_desk(&f, "ife", &format!("!referral R1 contacted called the clinic {CANARY}"));
    assert_eq!(desk_lines(&moved), vec!["Referral #1 (doctor) is now contacted (R1 on the desk)."]);
    assert!(!format!("{:?}", notices(&moved)).contains(CANARY));
    let transcript = f.transcript(1);
    let note = transcript.iter().find(|e| e.kind == ContentKind::Note).expect("the note is kept");
    assert_eq!(note.text, format!("called the clinic {CANARY}"));
    assert!(desk_lines(&at_desk(&f, "ife", "!referrals mine"))[0].starts_with("Referrals you made or moved on (1):"));

    // Outside a conversation room a bare number is the desk number.
    let done = at_desk(&f, "ife", "!referral 1 done");
    assert_eq!(desk_lines(&done), vec!["Referral #1 (doctor) is now done."]);
    assert_eq!(desk_lines(&at_desk(&f, "ife", "!referrals")), vec!["No referral to list."]);
    assert_eq!(
        desk_lines(&at_desk(&f, "ife", "!referral R1 declined")),
        vec!["There is no open referral R1. !referrals lists them."]
    );
    // From the duty room too.
    f.in_room("grace", 1, "!refer shelter consent=yes");
    let duty = duty_lines(&f.say("maja", StaffRoom::Duty, "!referral R2 contacted"));
    assert_eq!(duty, vec!["Referral #2 (shelter) is now contacted (R2 on the desk).".to_owned()]);
}

#[test]
fn the_morning_digest_comes_once_a_day_at_its_hour_with_what_is_due() {
    let f = with_desk();
    f.in_room("grace", 1, "!refer doctor consent=yes follow-up=2026-11-28");
    // Friday noon: past 08:00, so today's digest goes at the first tick.
    let first = desk_lines(&f.tick());
    assert_eq!(first, vec!["☀ Good morning. Nothing is due today (1 open referral)."]);
    assert!(desk_lines(&f.tick()).is_empty(), "once a day");
    // Saturday 07:00: not yet; 08:00: the referral due that day.
    f.clock.advance_minutes(19 * 60);
    assert!(desk_lines(&f.tick()).is_empty());
    f.clock.advance_minutes(60);
    let saturday = desk_lines(&f.tick());
    assert_eq!(saturday.len(), 1);
    assert!(saturday[0].starts_with("☀ Good morning. Due today or overdue: 1 of 1 open referral.\n- R1 · "), "{}", saturday[0]);
    assert!(!saturday[0].contains(CANARY));
}

#[test]
fn a_follow_up_a_week_overdue_is_raised_in_the_duty_room_once() {
    let f = with_desk();
    f.in_room("grace", 1, "!refer doctor consent=yes follow-up=2026-11-21");
    let first = duty_lines(&f.tick());
    assert!(first.iter().all(|l| !l.contains("a week past")), "six days: not yet: {first:?}");
    f.clock.advance_minutes(24 * 60);
    let raised: Vec<String> = duty_lines(&f.tick()).into_iter().filter(|l| l.contains("a week past")).collect();
    assert_eq!(
        raised,
        vec![format!("⚠ Referral R1 (doctor) for {} is a week past its follow-up date (2026-11-21) and still open.", label(&f))]
    );
    f.clock.advance_minutes(60);
    assert!(duty_lines(&f.tick()).iter().all(|l| !l.contains("a week past")), "once");
}

#[test]
fn forgetting_a_visitor_takes_their_referrals_off_the_desk_and_an_older_store_gets_its_index() {
    let mut f = with_desk();
    f.in_room("grace", 1, "!refer doctor consent=yes");
    f.clock.advance_minutes(1);
    f.write(2, "hi");
    f.in_room("grace", 2, "!refer legal consent=yes");
    // A store from before the index: it is built from the conversations at the next start.
    f.engine.store().transact(|tx| tx.remove(crate::store::TreeName::Meta, b"referral-index")).unwrap();
    f.restart();
    let listed = desk_lines(&at_desk(&f, "ife", "!referrals"));
    assert!(listed[0].starts_with("Open referrals (2):\n- R1 · ") && listed[0].contains("\n- R2 · "), "{listed:?}");
    f.command(1, VisitorCommand::ConfirmForget(true));
    let listed = desk_lines(&at_desk(&f, "ife", "!referrals"));
    assert!(listed[0].starts_with("Open referrals (1):\n- R2 · "), "{listed:?}");
}
