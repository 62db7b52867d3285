//! Staff texts in each staffer's language: answers in the commanding staffer's, room notices in
//! the language of whoever has the conversation, the duty room in the team's.

use super::*;

/// Grace reads English; Mette reads Danish and speaks Danish and English to visitors.
fn mixed_team() -> Vec<StaffMember> {
    vec![
        member("grace", &["en"], &[Role::Outreach]),
        StaffMember { staff_language: "da".into(), ..member("mette", &["da", "en"], &[Role::Outreach]) },
    ]
}

fn duty_notices(handled: &Handled) -> Vec<String> {
    pick(handled, |a| match a {
        Action::PostToDuty { text } => Some(text),
        _ => None,
    })
}

fn room_notices(handled: &Handled) -> Vec<String> {
    pick(handled, |a| match a {
        Action::PostToConversation { text, notice: true, .. } => Some(text),
        _ => None,
    })
}

fn topics(handled: &Handled) -> Vec<String> {
    pick(handled, |a| match a {
        Action::SetRoomTopic { topic, .. } | Action::OpenConversationRoom { topic, .. } => Some(topic),
        _ => None,
    })
}

#[test]
fn a_danish_staffer_reads_danish_and_an_english_one_english() {
    let f = Fixture::new(mixed_team(), Vec::new());
    assert_eq!(duty_notices(&f.duty("mette", true)), vec!["mette er på vagt. På vagt: mette (da, en) — 0 åbne"]);
    let grace_on = duty_notices(&f.duty("grace", true));
    assert_eq!(grace_on, vec!["grace is on duty. On duty: grace (en) — 0 open; mette (da, en) — 0 open"]);

    f.choose_language(1, "da");
    let danish = f.write(1, "Hej, jeg har brug for hjælp");
    assert_eq!(f.assignee(1).as_deref(), Some("mette"), "she speaks Danish");
    let english = f.write(2, "Hello, I need help");
    assert_eq!(f.assignee(2).as_deref(), Some("grace"), "fewest open");
    // Topics are for whoever has the room; the duty room reads the team's language (English).
    assert_eq!(topics(&danish), vec!["new", "tildelt mette, HopeNow"]);
    assert_eq!(topics(&english), vec!["new", "assigned to grace, HopeNow"]);
    assert!(duty_notices(&danish)[0].ends_with(" · Danish (da) · telegram → mette (new conversation)"));

    // Answers to commands go in the commanding staffer's language, whoever has the room.
    let note = |staff: &str, visitor: i64| room_notices(&f.in_room(staff, visitor, "!note scared"));
    assert_eq!(note("mette", 1), vec!["Noten er gemt i samtaleloggen (den besøgende kan ikke se den)."]);
    assert_eq!(note("grace", 2), vec!["Note kept in the transcript (the visitor does not see it)."]);
    assert_eq!(note("grace", 1), vec!["Note kept in the transcript (the visitor does not see it)."]);
    assert_eq!(room_notices(&f.in_room("mette", 1, "!duty maybe")), vec!["Brug: !duty on|off"]);
    assert_eq!(room_notices(&f.in_room("grace", 1, "!duty maybe")), vec!["Usage: !duty on|off"]);
    let help = |staff: &str| duty_notices(&f.say(staff, StaffRoom::Duty, "!help")).concat();
    assert!(help("mette").starts_with("Kommandoer — vagtrum: !duty on|off"), "{}", help("mette"));
    assert!(help("mette").contains("Henvisningstyper: doctor, hospital"), "{}", help("mette"));
    assert!(help("grace").starts_with("Commands — duty room: !duty on|off"), "{}", help("grace"));
    let listing = |staff: &str| duty_notices(&f.say(staff, StaffRoom::Duty, "!queue")).concat();
    assert_eq!((listing("mette"), listing("grace")), ("Køen er tom.".into(), "The queue is empty.".into()));
    let referral = room_notices(&f.in_room("mette", 1, "!refer doctor consent=no"));
    assert_eq!(
        referral,
        vec!["Henvisning #1 (læge) er oprettet, R1 på skrivebordet. Opdatér den med !referral 1 contacted|done|declined."]
    );

    // Notices nobody asked for go in the language of whoever has the conversation.
    let chosen = |visitor: i64, tag: &str| room_notices(&f.choose_language(visitor, tag));
    assert_eq!(chosen(1, "th"), vec!["Den besøgende valgte sproget Thai (th)."]);
    assert_eq!(chosen(2, "ro"), vec!["The visitor chose the language Romanian (ro)."]);

    // A transfer is told to the staffer who takes over (the one who gave it has left), in theirs.
    let transfer = f.in_room("grace", 2, "!transfer mette");
    let told = room_notices(&transfer);
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].starts_with("Overdraget fra grace til mette.\nOverblik: "), "{}", told[0]);
    assert!(told[0].contains(" · Romanian (ro) · telegram; åben i 0 minutter; "), "{}", told[0]);
    assert!(told[0].ends_with("; henvisninger: ingen; overdraget af grace."), "{}", told[0]);
    assert_eq!(topics(&transfer), vec!["tildelt mette, HopeNow"]);
    assert!(duty_notices(&transfer)[0].ends_with(" → mette (transferred)"), "{:?}", duty_notices(&transfer));
    assert_nothing_lost(&f.engine);
}

#[test]
fn the_duty_room_and_waiting_conversations_read_the_team_language() {
    let settings = EngineSettings { staff_language: "da".into(), ..EngineSettings::default() };
    let f = Fixture::with_settings(mixed_team(), Vec::new(), settings);
    f.choose_language(1, "th");
    let handled = f.write(1, "สวัสดี");
    let label = f.engine.store().find_visitor(&address(1).account()).unwrap().unwrap().pseudonym.to_string();
    let label = format!("{label} · Thai (th) · telegram");
    let opened = handled.actions().iter().find_map(|a| match a {
        Action::OpenConversationRoom { name, .. } => Some(name.clone()),
        _ => None,
    });
    assert_eq!(opened.as_deref(), Some(label.as_str()), "the room shows the visitor's language");
    assert_eq!(
        duty_notices(&handled),
        vec![format!("Venter: {label} — ingen på vagt kan tage den; den går til den første, der kommer på vagt.")]
    );
    assert_eq!(topics(&handled), vec!["ny", "i kø: ingen på vagt"]);
    // Nobody has it yet: the room hears the team's language.
    assert_eq!(room_notices(&f.choose_language(1, "ro")), vec!["Den besøgende valgte sproget Romanian (ro)."]);

    // Grace takes the queue: the duty room is told in Danish, she is answered in English.
    let handled = f.duty("grace", true);
    let label = label.replace("Thai (th)", "Romanian (ro)");
    assert_eq!(
        duty_notices(&handled),
        vec![format!("{label} → grace (fra køen)"), "grace is on duty. On duty: grace (en) — 1 open".to_owned()]
    );
    assert_eq!(topics(&handled), vec!["assigned to grace, HopeNow"]);

    // Counted minutes agree with the number in Danish.
    f.clock.advance_minutes(10);
    let handled = f.tick();
    assert_eq!(
        duty_notices(&handled),
        vec![format!(
            "Ubesvaret i 10 minutter: {label} — ingen andre på vagt kan tage den; den bliver hos grace. Svar venligst."
        )]
    );
    assert_nothing_lost(&f.engine);
}
