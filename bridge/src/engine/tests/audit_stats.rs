//! The audit log and the funders' counters, as events happen.

use super::*;
use crate::audit::AuditKind;
use crate::safe_word::SafeWordChange;
use crate::stats::{WeekStats, week_of};

const CANARY: &str = "CANARY-7f3a";

fn this_week(f: &Fixture) -> WeekStats {
    let zone = jiff::tz::TimeZone::get("Europe/Copenhagen").unwrap();
    let week = week_of(&zone, f.engine.now()).unwrap();
    let mut weeks = f.engine.store().week_stats(week, week).unwrap();
    assert!(weeks.len() <= 1);
    weeks.pop().map(|(_, stats)| stats).unwrap_or_default()
}

fn key(a: &str, b: &str) -> (String, String) {
    (a.to_owned(), b.to_owned())
}

#[test]
fn staff_actions_and_safety_events_are_audited_without_content() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, &format!("I need help {CANARY}"));
    let pseudonym = f.engine.store().visitor(f.visitor_id(1)).unwrap().unwrap().pseudonym.to_string();
    f.in_room("grace", 1, &format!("We are here {CANARY}"));
    f.in_room("grace", 1, "!transfer ana");
    f.in_room("ana", 1, "!refer doctor consent=yes");
    f.in_room("ana", 1, "!referral 1 done");
    f.in_room("maja", 1, &format!("!hold 2027-01-15 {CANARY} told us where she lives"));
    f.in_room("maja", 1, "!unhold");
    f.in_room("ana", 1, "!block");
    f.in_room("maja", 1, "!unblock");
    f.command(1, VisitorCommand::SafeWord(SafeWordChange::Set("sunflower field".into())));
    f.write(1, "sunflower field");
    // Erasing needs the visitor back first: whoever holds the phone after the word cannot.
    f.command(1, VisitorCommand::Messages(Some("sunflower field".into())));
    f.command(1, VisitorCommand::ConfirmForget(true));

    let log = f.engine.store().verify_audit().unwrap();
    assert_eq!(log.broken, None);
    let kinds: Vec<AuditKind> = log.entries.iter().map(|(_, e)| e.kind).collect();
    use AuditKind::*;
    assert_eq!(
        kinds,
        [Assigned, Transferred, Referred, ReferralUpdated, Held, Unheld, Blocked, Unblocked, SafeWordUsed, Forgotten]
    );
    let seqs: Vec<u64> = log.entries.iter().map(|(seq, _)| *seq).collect();
    assert_eq!(seqs, (0..10).collect::<Vec<u64>>());
    for (_, entry) in &log.entries {
        assert_eq!(entry.pseudonym.as_ref().map(|p| p.to_string()), Some(pseudonym.clone()), "{entry:?}");
        assert_eq!(entry.at, FRIDAY_NOON);
        let shown = format!("{:?} {:?} {:?}", entry.staff, entry.detail, entry.kind);
        assert!(!shown.contains(CANARY) && !shown.contains("lives") && !shown.contains("sunflower"), "{shown}");
    }
    let details: Vec<(Option<&str>, Option<&str>)> =
        log.entries.iter().map(|(_, e)| (e.staff.as_ref().map(|s| s.as_str()), e.detail.as_deref())).collect();
    assert_eq!(details[0], (Some("grace"), Some("new conversation")));
    assert_eq!(details[1], (Some("grace"), Some("to ana")));
    assert_eq!(details[2], (Some("ana"), Some("#1 doctor, consent yes")));
    assert_eq!(details[3], (Some("ana"), Some("#1 doctor: open -> done")));
    assert_eq!(details[4], (Some("maja"), Some("review 2027-01-15")));
    assert_eq!(details[8], (None, None));
    // Raw records are sealed: nothing readable on disk either.
    for item in f.engine.store().tree(crate::store::TreeName::Audit).iter() {
        let (_, value) = item.unwrap();
        assert!(!value.windows(pseudonym.len()).any(|w| w == pseudonym.as_bytes()));
    }
}

#[test]
fn counters_move_as_events_happen() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "hello");
    assert_eq!(this_week(&f).new_contacts.get(&key("en", "telegram")), Some(&1));
    // The visitor chooses their language after writing: the contact moves with it.
    f.choose_language(1, "th");
    let stats = this_week(&f);
    assert_eq!(stats.new_contacts.get(&key("th", "telegram")), Some(&1));
    assert_eq!(stats.new_contacts_total(), 1);

    f.clock.advance_minutes(3);
    f.in_room("grace", 1, "hello, we are here");
    f.clock.advance_minutes(10);
    f.write(1, "thank you");
    f.clock.advance_minutes(1);
    f.in_room("grace", 1, "!send emergency");
    assert_eq!(this_week(&f).first_responses, vec![180], "only the first answer counts");

    f.in_room("grace", 1, "!refer shelter consent=no");
    f.in_room("grace", 1, "!referral 1 contacted");
    assert!(this_week(&f).outcomes.is_empty(), "contacted is not an outcome");
    f.in_room("grace", 1, "!referral 1 declined");
    let stats = this_week(&f);
    assert_eq!(stats.referrals.get("shelter"), Some(&1));
    assert_eq!(stats.outcomes.get(&key("shelter", "declined")), Some(&1));

    f.in_room("grace", 1, "!close");
    f.write(1, "me again");
    f.write(2, "hi");
    let stats = this_week(&f);
    assert_eq!(stats.returning, 1);
    assert_eq!(stats.new_contacts_total(), 2);
    assert_eq!(stats.first_responses.len(), 1);

    // Counters stay after the visitor erases their data.
    f.command(1, VisitorCommand::ConfirmForget(true));
    assert_eq!(this_week(&f), stats);
}
