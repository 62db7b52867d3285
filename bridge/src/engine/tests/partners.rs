//! The referral directory: `!partners`, `!refer … partner=`, `!send partner` (the example
//! partners of `partner::fixture`: a clinic, a night shelter that may share with the police, a
//! legal aid office that speaks Thai).
//!
//! The adversaries: a partner that passes data to the police or immigration (staff are warned
//! before its address reaches the visitor); a slip of the keyboard (a partner that is not in
//! the directory, or not for that kind, is never recorded); the person holding the phone (the
//! details wait like any reply for a visitor who holds replies).

use super::*;
use crate::audit::AuditKind;

fn thai_visitor_with_grace() -> Fixture {
    let f = Fixture::team();
    f.duty("grace", true);
    f.choose_language(1, "th");
    f.write(1, "ช่วยด้วยค่ะ");
    f
}

fn plain(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

#[test]
fn partners_are_listed_for_a_kind_with_the_conversations_language_first() {
    let f = thai_visitor_with_grace();
    let listed = notices(&f.in_room("grace", 1, "!partners legal"));
    assert_eq!(listed.len(), 1);
    let lines: Vec<&str> = listed[0].lines().collect();
    assert_eq!(lines[0], "Partners for legal (1), those who speak Thai (th) first:");
    assert!(lines[1].starts_with("- legal-aid: Legal Aid Example · speaks en, da, th · Mon–Thu 16–19 ·"), "{}", lines[1]);
    assert!(lines[1].contains("asks for ID: no, CPR: no · shares data with police: no, immigration: no · cost: free"));

    let shelter = duty_lines(&f.say("grace", StaffRoom::Duty, "!partners shelter"));
    assert!(shelter[0].starts_with("Partners for shelter (1):\n- night-shelter:"), "{}", shelter[0]);
    assert!(shelter[0].contains("asks for ID: yes") && shelter[0].contains("police: unknown"), "{}", shelter[0]);
    let none = duty_lines(&f.say("grace", StaffRoom::Duty, "!partners national-centre"));
    assert_eq!(none, vec!["No partner in the directory for national-centre ([[partner]] in the config)."]);
    let usage = duty_lines(&f.say("grace", StaffRoom::Duty, "!partners police"));
    assert!(usage[0].starts_with("Usage: !partners KIND [LANG]"), "{}", usage[0]);
}

#[test]
fn a_referral_names_a_partner_of_the_directory_for_its_kind_or_is_not_recorded() {
    let f = thai_visitor_with_grace();
    let wrong = notices(&f.in_room("grace", 1, "!refer doctor partner=legal-aid consent=yes"));
    assert_eq!(
        wrong,
        vec!["Not recorded: no partner \"legal-aid\" for doctor. Partners for doctor: clinic-no-papers (!partners doctor shows them)."]
    );
    assert!(notices(&f.in_room("grace", 1, "!refer doctor partner=nobody consent=yes"))[0].starts_with("Not recorded"));
    assert!(f.conversation_of(1).referrals.is_empty());

    f.in_room("grace", 1, "!refer legal partner=legal-aid consent=yes");
    let referral = &f.conversation_of(1).referrals[0];
    assert_eq!(referral.partner.as_ref().map(|p| p.as_str()), Some("legal-aid"));
    let log = f.engine.store().verify_audit().unwrap();
    let referred = log.entries.iter().find(|(_, e)| e.kind == AuditKind::Referred).unwrap();
    assert_eq!(referred.1.detail.as_deref(), Some("#1 legal to legal-aid, consent yes"));
}

#[test]
fn a_partners_details_go_in_the_visitors_language_only_with_consent() {
    let f = thai_visitor_with_grace();
    let refused = notices(&f.in_room("grace", 1, "!send partner legal-aid"));
    assert_eq!(
        refused,
        vec!["Not sent: first record the referral with the visitor's consent: !refer KIND partner=legal-aid consent=yes"]
    );
    f.in_room("grace", 1, "!refer legal partner=legal-aid consent=no");
    assert!(to_visitor(&f.in_room("grace", 1, "!send partner legal-aid")).is_empty(), "no consent, nothing sent");

    f.in_room("grace", 1, "!refer legal partner=legal-aid consent=yes");
    let sent = f.in_room("grace", 1, "!send partner legal-aid");
    let [text] = to_visitor(&sent).try_into().unwrap();
    assert_eq!(
        plain(&text),
        "นี่คือสถานที่ที่ช่วยคุณได้ค่ะ:\nLegal Aid Example\nที่อยู่: Legal Aid Example, Example Street 1, 1650 København V\nเวลาเปิด: Mon–Thu 16–19\nโทรศัพท์: +45 00 00 00 00\nสิ่งที่ต้องนำไป: Nothing: no ID or CPR number needed"
    );
    assert_eq!(notices(&sent), vec!["Legal Aid Example: the details were sent to the visitor in Thai (th)."]);
    let log = f.engine.store().verify_audit().unwrap();
    let details = log.entries.iter().find(|(_, e)| e.kind == AuditKind::PartnerDetailsSent).unwrap();
    assert_eq!(details.1.detail.as_deref(), Some("legal-aid"));
    assert!(f.transcript(1).iter().any(|e| e.text == text), "kept in the transcript as sent");
}

#[test]
fn staff_are_warned_before_the_details_of_a_partner_that_may_share_data_go() {
    let f = thai_visitor_with_grace();
    f.in_room("grace", 1, "!refer shelter partner=night-shelter consent=yes");
    let warned = f.in_room("grace", 1, "!send partner night-shelter");
    assert!(to_visitor(&warned).is_empty(), "not before staff confirm");
    assert_eq!(
        notices(&warned),
        vec!["⚠ Not sent yet: Night Shelter Example shares data with the police: unknown; with immigration: no. Make sure the visitor knows this before they go. To send the details anyway: !send partner night-shelter confirm"]
    );
    let sent = f.in_room("grace", 1, "!send partner night-shelter confirm");
    assert_eq!(to_visitor(&sent).len(), 1);
    let log = f.engine.store().verify_audit().unwrap();
    let details = log.entries.iter().find(|(_, e)| e.kind == AuditKind::PartnerDetailsSent).unwrap();
    assert_eq!(details.1.detail.as_deref(), Some("night-shelter, after the warning"));
}

#[test]
fn the_details_wait_for_a_visitor_who_holds_replies_and_are_never_machine_translated() {
    let settings = EngineSettings {
        translation: Some(TranslationSettings::default()),
        ..EngineSettings::default()
    };
    let f = Fixture::with_settings(team(), Vec::new(), settings);
    f.duty("grace", true);
    f.choose_language(1, "th");
    f.write(1, "ช่วยด้วยค่ะ");
    f.command(1, VisitorCommand::HoldReplies(true));
    f.in_room("grace", 1, "!refer legal partner=legal-aid consent=yes");
    let sent = f.in_room("grace", 1, "!send partner legal-aid");
    let held: Vec<bool> = sent
        .actions()
        .iter()
        .filter_map(|a| match a {
            Action::SendToVisitor { held, .. } => Some(*held),
            _ => None,
        })
        .collect();
    assert_eq!(held, vec![true], "parked until the visitor asks");
    assert!(sent.actions().iter().all(|a| !matches!(a, Action::Translate { .. })), "written in Thai already");
}

#[test]
fn unknown_partners_and_closed_conversations_send_nothing() {
    let f = thai_visitor_with_grace();
    assert_eq!(
        notices(&f.in_room("grace", 1, "!send partner nobody")),
        vec!["No partner \"nobody\" in the directory. !partners KIND lists them."]
    );
    f.in_room("grace", 1, "!refer legal partner=legal-aid consent=yes");
    f.in_room("grace", 1, "!close");
    let closed = f.in_room("grace", 1, "!send partner legal-aid");
    assert!(to_visitor(&closed).is_empty());
    assert_eq!(notices(&closed), vec!["Not sent: the conversation is closed or the visitor is blocked."]);
    assert!(notices(&f.in_room("grace", 1, "!send partner"))[0].starts_with("Usage: !send partner ID [confirm]"));
}

#[test]
fn referrals_are_counted_per_partner_and_outcome() {
    let f = thai_visitor_with_grace();
    f.in_room("grace", 1, "!refer legal partner=legal-aid consent=yes");
    f.in_room("grace", 1, "!refer doctor consent=yes");
    f.in_room("grace", 1, "!referral 1 done");
    f.in_room("grace", 1, "!referral 2 declined");
    let weeks = f.engine.store().week_stats(0, u32::MAX).unwrap();
    let counted: Vec<(&(String, String), &u32)> = weeks.iter().flat_map(|(_, w)| w.partners.iter()).collect();
    let key = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    assert_eq!(counted, vec![(&key("legal-aid", "done"), &1), (&key("legal-aid", "referred"), &1)]);
}
