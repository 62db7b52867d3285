//! Machine translation (`[translation]`): a visitor's original reaches the room at once and its
//! translation follows linked to it; a staff reply waits for its translation and goes with a
//! note once; failures are told once and decided by `!raw` or a retry; canned replies and `!raw`
//! are never translated.
//!
//! The adversaries: a translation service that is down, slow or refuses (staff must never be
//! left waiting on the original, and a visitor must never get words in a language they did not
//! choose); the person holding the phone (a translated reply obeys the safe word and held
//! replies like any other); someone with the disk (texts waiting for translation go with
//! `/forget`).

use super::*;
use crate::transcript::Author;
use crate::translation::{ReplyTo, Translated, TranslationMode, Way};

fn translating() -> EngineSettings {
    EngineSettings { translation: Some(TranslationSettings::default()), ..EngineSettings::default() }
}

/// Grace (English, Pidgin) alone on duty, with translation configured.
fn grace_alone() -> Fixture {
    let f = Fixture::with_settings(team(), Vec::new(), translating());
    f.duty("grace", true);
    f
}

/// The translation jobs due now, oldest lane first.
fn jobs(f: &Fixture) -> Vec<OutboxEntry> {
    f.engine.due(100).unwrap().into_iter().filter(|e| e.action.lane().is_translation()).collect()
}

fn job_of(entry: &OutboxEntry) -> &crate::translation::TranslationJob {
    match &entry.action {
        Action::Translate { job, .. } => job,
        other => panic!("not a translation: {other:?}"),
    }
}

/// What settling `entry` queued.
fn settle(f: &Fixture, entry: &OutboxEntry, outcome: Outcome) -> Vec<Action> {
    f.engine.settle(&[(entry.clone(), outcome)]).unwrap()
}

/// Delivers everything due but translations, as connectors would; returns the transcript seqs
/// of the visitor messages relayed.
fn deliver_all_but_translations(f: &Fixture) -> Vec<u64> {
    let mut relayed = Vec::new();
    loop {
        let due: Vec<OutboxEntry> =
            f.engine.due(100).unwrap().into_iter().filter(|e| !e.action.lane().is_translation()).collect();
        if due.is_empty() {
            return relayed;
        }
        for entry in due {
            relayed.extend(entry.relayed_seq());
            f.engine.ack(&entry).unwrap();
        }
    }
}

/// Visitor texts without Fluent's isolation marks around values.
fn plain(texts: Vec<(String, bool)>) -> Vec<(String, bool)> {
    texts.into_iter().map(|(t, held)| (t.replace(['\u{2068}', '\u{2069}'], ""), held)).collect()
}

fn translated(text: &str, back: Option<&str>) -> Outcome {
    Outcome::Translated(Translated { text: text.into(), back: back.map(str::to_owned) })
}

fn posted_translations(actions: &[Action]) -> Vec<(String, Option<ReplyTo>)> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::PostTranslation { text, reply_to, .. } => Some((text.clone(), reply_to.clone())),
            _ => None,
        })
        .collect()
}

fn sent_to_visitor(actions: &[Action]) -> Vec<(String, bool)> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::SendToVisitor { text, held, .. } => Some((text.clone(), *held)),
            _ => None,
        })
        .collect()
}

/// Thai visitor 1 says hello; returns what that queued.
fn thai_visitor(f: &Fixture) -> Handled {
    f.choose_language(1, "th");
    f.write(1, "สวัสดีค่ะ ฉันต้องการความช่วยเหลือ")
}

#[test]
fn the_original_reaches_the_room_at_once_and_its_translation_follows_replying_to_it() {
    let f = grace_alone();
    let handled = thai_visitor(&f);
    assert_eq!(f.assignee(1).as_deref(), Some("grace"), "nobody on duty speaks Thai");
    let relayed: Vec<&Action> =
        handled.actions().iter().filter(|a| matches!(a, Action::PostToConversation { notice: false, .. })).collect();
    assert_eq!(relayed.len(), 1, "the original is relayed in the same turn");
    // Separate lanes: the translation is due at once, and the room's lane (room, invite, the
    // original) is delivered without waiting for it.
    let [job] = jobs(&f).try_into().unwrap();
    let work = job_of(&job);
    assert_eq!((work.way, work.source.as_str(), work.target.as_str()), (Way::ToStaff, "th", "en"));
    assert_eq!(work.text, "สวัสดีค่ะ ฉันต้องการความช่วยเหลือ", "only the words go: no pseudonym, no id");
    let [of] = deliver_all_but_translations(&f).try_into().unwrap();
    assert_eq!(jobs(&f).len(), 1, "the translation is still out");

    let after = settle(&f, &job, translated("Hello, I need help", None));
    let [(text, reply_to)] = posted_translations(&after).try_into().unwrap();
    assert_eq!(text, "🌐 machine translation, th → en:\nHello, I need help");
    assert_eq!(reply_to, Some(ReplyTo::Relayed(of)), "linked to the original");
    assert!(jobs(&f).is_empty());
    // The transcript keeps both: the original, then its translation naming it.
    let transcript = f.transcript(1);
    let translation = transcript.iter().find(|e| matches!(e.author, Author::MachineTranslation { .. })).unwrap();
    assert_eq!(translation.author, Author::MachineTranslation { of, source: "th".into(), target: "en".into() });
    assert_eq!(translation.text, "Hello, I need help");
    assert_eq!(transcript[usize::try_from(of).unwrap()].text, "สวัสดีค่ะ ฉันต้องการความช่วยเหลือ");

    // Statistics count the conversation once for its pair, however many messages are translated.
    f.write(1, "ขอบคุณค่ะ");
    let [job] = jobs(&f).try_into().unwrap();
    settle(&f, &job, translated("Thank you", None));
    let weeks = f.engine.store().week_stats(0, u32::MAX).unwrap();
    let pairs: Vec<_> = weeks.iter().flat_map(|(_, w)| w.translated.iter()).collect();
    assert_eq!(pairs, vec![(&("th".to_owned(), "en".to_owned()), &1)]);
}

#[test]
fn a_speaker_of_the_language_gets_no_translation_unless_staff_turn_it_on() {
    let f = Fixture::with_settings(team(), Vec::new(), translating());
    f.duty("som", true);
    thai_visitor(&f);
    assert_eq!(f.assignee(1).as_deref(), Some("som"));
    assert!(jobs(&f).is_empty(), "Som speaks Thai");
    f.in_room("som", 1, "som: ช่วยอะไรได้บ้างคะ");
    assert!(jobs(&f).is_empty(), "nor are Som's replies translated");

    let on = f.in_room("som", 1, "!translate on");
    assert_eq!(notices(&on), vec!["Machine translation is on for this conversation: the visitor's messages are translated for you, and your replies for them."]);
    f.write(1, "ขอบคุณค่ะ");
    let [job] = jobs(&f).try_into().unwrap();
    assert_eq!(job_of(&job).target, "en", "into the language Som reads the bridge in");

    f.in_room("som", 1, "!translate off");
    assert_eq!(f.conversation_of(1).translation, TranslationMode::Off);
    settle(&f, &job, translated("Thank you", None));
    f.write(1, "ลาก่อน");
    f.in_room("som", 1, "bye");
    assert!(jobs(&f).is_empty(), "off: nothing more goes to the service");
    assert!(notices(&f.in_room("som", 1, "!translate maybe")).contains(&"Usage: !translate on|off|auto".to_owned()));
}

#[test]
fn pidgin_has_no_model_and_without_the_config_nothing_is_translated() {
    let f = Fixture::with_settings(team(), Vec::new(), translating());
    f.duty("ana", true);
    f.choose_language(1, "pcm");
    f.write(1, "Abeg, I need help");
    assert_eq!(f.assignee(1).as_deref(), Some("ana"), "Ana does not list Pidgin");
    assert!(jobs(&f).is_empty(), "no model covers Pidgin: staff who read English read it");
    let asked = f.in_room("ana", 1, "!translate on");
    assert_eq!(notices(&asked), vec!["There is no machine translation for Nigerian Pidgin (pcm)."]);

    let off = Fixture::team();
    off.duty("grace", true);
    thai_visitor(&off);
    assert!(off.engine.due(100).unwrap().iter().all(|e| !e.action.lane().is_translation()));
    let asked = off.in_room("grace", 1, "!translate on");
    assert_eq!(notices(&asked), vec!["Machine translation is not set up on this bridge ([translation] in the config)."]);
}

#[test]
fn a_reply_waits_for_its_translation_and_the_first_carries_the_note_in_the_visitors_language() {
    let f = grace_alone();
    thai_visitor(&f);
    let [incoming] = jobs(&f).try_into().unwrap();
    settle(&f, &incoming, translated("Hello, I need help", None));

    let dedupe = Some(Dedupe::Key { channel: Channel::Matrix, id: "$grace-reply-1".into() });
    let from = "@grace:hopenow.test".to_owned();
    let room = StaffRoom::Conversation(f.conversation_of(1).id);
    let reply = Event::StaffText { from, room, text: "How can I help you?".into(), attachment: None, dedupe };
    let handled = f.engine.handle(reply).unwrap();
    assert!(to_visitor(&handled).is_empty(), "nothing in English reaches a Thai visitor");
    let [job] = jobs(&f).try_into().unwrap();
    let work = job_of(&job);
    assert_eq!((work.way, work.source.as_str(), work.target.as_str()), (Way::ToVisitor, "en", "th"));

    let after = settle(&f, &job, translated("ช่วยอะไรได้บ้างคะ", Some("What can I help with?")));
    let [(sent, held)] = plain(sent_to_visitor(&after)).try_into().unwrap();
    assert!(!held);
    assert_eq!(
        sent,
        "grace, HopeNow:\nช่วยอะไรได้บ้างคะ\n\n(ข้อความนี้แปลโดยคอมพิวเตอร์ ถ้าไม่เข้าใจตรงไหน ถามเราได้เลยนะคะ)"
    );
    let echoes = posted_translations(&after);
    let (echo, reply_to) = echoes.last().unwrap();
    assert_eq!(reply_to, &Some(ReplyTo::Event("$grace-reply-1".into())), "the echo replies to Grace's message");
    assert!(echo.contains("en → th:\nช่วยอะไรได้บ้างคะ") && echo.ends_with("th → en (check it says what you meant):\nWhat can I help with?"), "{echo}");

    // The note comes once per conversation.
    deliver_all_but_translations(&f);
    f.in_room("grace", 1, "Are you safe now?");
    let [job] = jobs(&f).try_into().unwrap();
    let after = settle(&f, &job, translated("ตอนนี้ปลอดภัยไหม", Some("Are you safe now?")));
    assert_eq!(plain(sent_to_visitor(&after)), vec![("grace, HopeNow:\nตอนนี้ปลอดภัยไหม".to_owned(), false)]);

    // The transcript: what Grace wrote, what was sent, and the back-translation.
    let transcript = f.transcript(1);
    let written = transcript.iter().position(|e| e.text == "How can I help you?").unwrap();
    assert_eq!(transcript[written].direction, Direction::ToVisitor);
    let sent = transcript.iter().position(|e| e.text == "ช่วยอะไรได้บ้างคะ").unwrap();
    assert_eq!(transcript[sent].author, Author::MachineTranslation {
        of: u64::try_from(written).unwrap(),
        source: "en".into(),
        target: "th".into()
    });
    let back = transcript.iter().find(|e| e.text == "What can I help with?").unwrap();
    assert_eq!(back.direction, Direction::Internal);
    assert_eq!(back.author, Author::MachineTranslation { of: u64::try_from(sent).unwrap(), source: "th".into(), target: "en".into() });
}

#[test]
fn when_the_service_is_down_the_duty_room_is_told_once_the_reply_waits_and_raw_sends_it() {
    let f = grace_alone();
    thai_visitor(&f);
    let [incoming] = jobs(&f).try_into().unwrap();
    let after = settle(&f, &incoming, Outcome::Failed(Failure::Retry { after_ms: None }));
    let down = duty_texts(&after);
    assert_eq!(down.len(), 1);
    assert!(down[0].starts_with("⚠ Machine translation is not answering."), "{}", down[0]);
    assert!(down[0].contains("tried for 30 minutes"), "{}", down[0]);

    let handled = f.in_room("grace", 1, "Are you safe?");
    assert!(to_visitor(&handled).is_empty());
    let reply = jobs(&f).into_iter().find(|e| job_of(e).way == Way::ToVisitor).unwrap();
    let after = settle(&f, &reply, Outcome::Failed(Failure::Retry { after_ms: None }));
    let told: Vec<&Action> = after.iter().filter(|a| matches!(a, Action::PostToConversation { notice: true, text, .. } if text.starts_with("⏳ Not sent yet"))).collect();
    assert_eq!(told.len(), 1, "Grace is told her reply waits");
    assert!(duty_texts(&after).is_empty(), "the duty room is not told twice");
    assert!(sent_to_visitor(&after).is_empty());

    // Tried again later, still failing: nobody is told anything new.
    f.clock.advance_millis(10_000);
    let again = jobs(&f);
    assert_eq!(again.len(), 2, "both retried");
    for entry in &again {
        let told = settle(&f, entry, Outcome::Failed(Failure::Retry { after_ms: None }));
        assert!(told.is_empty(), "told once: {told:?}");
    }

    // !raw sends what waited, as Grace wrote it.
    let raw = f.in_room("grace", 1, "!raw");
    assert_eq!(plain(sent_to_visitor(raw.actions())), vec![("grace, HopeNow:\nAre you safe?".to_owned(), false)]);
    assert_eq!(notices(&raw), vec!["The waiting reply was sent as written."]);
    assert!(jobs(&f).iter().all(|e| job_of(e).way == Way::ToStaff), "the reply's job is gone");
    assert_eq!(notices(&f.in_room("grace", 1, "!raw")), vec!["No reply is waiting for translation. Type !raw TEXT to send words as written."]);

    // The service answers again: the visitor's translation lands and the duty room hears it once.
    f.clock.advance_millis(60_000);
    let [incoming] = jobs(&f).try_into().unwrap();
    let after = settle(&f, &incoming, translated("Hello, I need help", None));
    let back: Vec<String> = duty_texts(&after).into_iter().filter(|t| t.contains("answering again")).collect();
    assert_eq!(back, vec!["✅ Machine translation is answering again."]);
}

#[test]
fn raw_text_replaces_what_waits_and_is_never_translated() {
    let f = grace_alone();
    thai_visitor(&f);
    f.in_room("grace", 1, "First try");
    f.in_room("grace", 1, "Second try");
    assert_eq!(f.conversation_of(1).waiting_replies.len(), 2);
    let raw = f.in_room("grace", 1, "!raw   Call 112 now\nor come to us");
    let as_typed = ("grace, HopeNow:\nCall 112 now\nor come to us".to_owned(), false);
    assert_eq!(plain(sent_to_visitor(raw.actions())), vec![as_typed], "lines kept");
    assert_eq!(notices(&raw), vec!["2 replies waiting for translation were withdrawn; your new words go instead."]);
    assert!(jobs(&f).iter().all(|e| job_of(e).way == Way::ToStaff));
    assert!(f.conversation_of(1).waiting_replies.is_empty());
    // A !raw text is not sent for translation either.
    let raw = f.in_room("grace", 1, "!raw ok");
    assert_eq!(plain(sent_to_visitor(raw.actions())), vec![("grace, HopeNow:\nok".to_owned(), false)]);
    assert!(jobs(&f).iter().all(|e| job_of(e).way == Way::ToStaff));
}

#[test]
fn canned_replies_are_never_machine_translated() {
    let f = grace_alone();
    thai_visitor(&f);
    let canned = f.in_room("grace", 1, "!send emergency");
    let sent = to_visitor(&canned);
    assert_eq!(sent.len(), 1, "sent at once, from the Thai catalog");
    assert!(sent[0].contains("112"), "{}", sent[0]);
    assert!(jobs(&f).iter().all(|e| job_of(e).way == Way::ToStaff));
}

#[test]
fn after_the_give_up_window_a_reply_is_not_sent_and_a_message_stays_untranslated() {
    let f = grace_alone();
    thai_visitor(&f);
    f.in_room("grace", 1, "Are you safe?");
    f.clock.advance_minutes(31);
    let mut actions = Vec::new();
    for entry in jobs(&f) {
        actions.extend(settle(&f, &entry, Outcome::Failed(Failure::Retry { after_ms: None })));
    }
    assert!(jobs(&f).is_empty(), "given up, not retried for ever");
    assert!(f.conversation_of(1).waiting_replies.is_empty());
    assert!(sent_to_visitor(&actions).is_empty(), "a visitor never gets the English words");
    assert!(actions.iter().any(|a| matches!(a, Action::PostToConversation { text, .. } if text == "Not sent: the translation service did not answer for 30 minutes. Type !raw TEXT to send words as written, or !send NAME for a canned reply.")));
}

#[test]
fn a_refused_pair_turns_translation_off_once_and_a_refused_reply_is_not_sent() {
    let f = grace_alone();
    thai_visitor(&f);
    f.in_room("grace", 1, "Hello");
    let refusal = || Outcome::Failed(Failure::Permanent { reason: "th is not supported".into() });
    let mut told = Vec::new();
    for entry in jobs(&f) {
        for action in settle(&f, &entry, refusal()) {
            if let Action::PostToConversation { text, notice: true, .. } = action {
                told.push(text);
            }
        }
    }
    assert!(told.contains(&"Machine translation th → en is not available (th is not supported), so it is off for this conversation: messages arrive untranslated. !translate on tries again.".to_owned()), "{told:?}");
    assert!(told.contains(&"Not sent: it could not be translated (en → th: th is not supported). Type !raw TEXT to send words as written, or !send NAME for a canned reply in the visitor's language.".to_owned()), "{told:?}");
    assert_eq!(f.conversation_of(1).translation, TranslationMode::Off);
    f.write(1, "ยังอยู่ไหม");
    assert!(jobs(&f).is_empty(), "off: no job that is bound to be refused again");
}

#[test]
fn a_translated_reply_obeys_held_replies_and_a_closed_conversation() {
    let f = grace_alone();
    thai_visitor(&f);
    f.in_room("grace", 1, "Are you safe?");
    // While it was being translated, the visitor chose to read replies only when they ask.
    f.command(1, VisitorCommand::HoldReplies(true));
    let reply = jobs(&f).into_iter().find(|e| job_of(e).way == Way::ToVisitor).unwrap();
    let after = settle(&f, &reply, translated("ปลอดภัยไหม", Some("Safe?")));
    assert!(sent_to_visitor(&after).iter().all(|(_, held)| *held), "parked, not sent: {after:?}");
    assert!(!sent_to_visitor(&after).is_empty());

    f.in_room("grace", 1, "Take care");
    f.in_room("grace", 1, "!close");
    let reply = jobs(&f).into_iter().find(|e| job_of(e).way == Way::ToVisitor).unwrap();
    let after = settle(&f, &reply, translated("ดูแลตัวเองนะ", Some("Take care")));
    assert!(sent_to_visitor(&after).is_empty(), "closed meanwhile: not sent");
    assert!(after.iter().any(|a| matches!(a, Action::PostToConversation { text, .. } if text.starts_with("Not sent: this conversation is closed"))));
}

#[test]
fn forgetting_drops_the_texts_waiting_for_translation() {
    let f = grace_alone();
    thai_visitor(&f);
    f.in_room("grace", 1, "Are you safe?");
    assert_eq!(jobs(&f).len(), 2);
    let id = f.conversation_of(1).id;
    f.command(1, VisitorCommand::ConfirmForget(true));
    let left: Vec<OutboxEntry> = f.engine.store().outbox_entries().unwrap();
    assert!(
        left.iter().all(|e| !matches!(e.action.lane(), Lane::TranslateIn(c) | Lane::TranslateOut(c) if c == id)),
        "the words waiting for the service went with the conversation"
    );
}

#[test]
fn a_translation_of_a_forgotten_conversation_is_dropped() {
    let f = grace_alone();
    thai_visitor(&f);
    let [job] = jobs(&f).try_into().unwrap();
    f.command(1, VisitorCommand::ConfirmForget(true));
    let after = settle(&f, &job, translated("Hello", None));
    assert!(posted_translations(&after).is_empty());
}

#[test]
fn raw_sends_nothing_into_a_closed_conversation() {
    let f = grace_alone();
    thai_visitor(&f);
    f.in_room("grace", 1, "Are you safe?");
    f.in_room("grace", 1, "!close");
    let raw = f.in_room("grace", 1, "!raw");
    assert!(to_visitor(&raw).is_empty());
    assert_eq!(notices(&raw), vec!["Not sent: the conversation is closed or the visitor is blocked."]);
}
