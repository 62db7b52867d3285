//! The visitor's own commands and prompts: first contact, languages, help, /hide, /forget,
//! held replies, locations and contact cards.

use super::*;
use crate::chat::MessageRef;
use crate::transcript::ContentKind;

fn with_hint(visitor: i64, text: &str, hint: &str, reference: i32) -> Event {
    let message = IncomingMessage {
        language_hint: Some(hint.into()),
        reference: Some(MessageRef::telegram(reference)),
        ..IncomingMessage::text(text)
    };
    Event::VisitorMessage { from: address(visitor), message, dedupe: None }
}

/// Delivers everything due in the visitor lanes, telling the engine each message got `next` ids.
fn deliver_visitor_lanes(f: &Fixture, next_id: &mut i32) -> Vec<Action> {
    let mut done = Vec::new();
    loop {
        let due: Vec<OutboxEntry> = f
            .engine
            .due(100)
            .unwrap()
            .into_iter()
            .filter(|e| matches!(e.action.lane(), Lane::Visitor(_) | Lane::Held(_) | Lane::Cleanup(_)))
            .collect();
        if due.is_empty() {
            return done;
        }
        for entry in due {
            *next_id += 1;
            f.engine.delivered(&entry, &[MessageRef::telegram(*next_id)]).unwrap();
            done.push(entry.action);
        }
    }
}

#[test]
fn first_contact_greets_in_the_hinted_language_and_walks_through_language_and_hold_choice() {
    let f = Fixture::team();
    let handled = f.engine.handle(with_hint(1, "bună ziua", "ro-RO", 1)).unwrap();
    let prompts = prompts(&handled);
    let (greeting, buttons) = &prompts[0];
    let catalog = Catalog::embedded().unwrap();
    assert_eq!(greeting, &catalog.render("ro", "greeting", &[]));
    assert!(!greeting.to_lowercase().contains("trafic") && !greeting.contains("HopeNow"));
    assert_eq!(buttons[0], "lang:ro", "the platform's guess leads, the visitor chooses");
    assert_eq!(buttons.len(), crate::i18n::LANGUAGES.len());
    // The message itself still reaches staff, and the conversation starts in the guessed language.
    assert_eq!(f.conversation_of(1).language, "ro");
    assert_eq!(f.transcript(1).iter().filter(|e| e.direction == Direction::FromVisitor).count(), 1);
    // The language hint is not stored as the visitor's choice.
    let visitor = f.engine.store().find_visitor(&address(1).account()).unwrap().unwrap();
    assert_eq!(visitor.language, None);

    let picked = f.choose_language(1, "th");
    let prompts = super::prompts(&picked);
    assert_eq!(prompts[0].0, catalog.render("th", "safety-question", &[]));
    assert_eq!(prompts[0].1, vec!["safe:yes".to_owned(), "safe:no".to_owned()]);
    assert_eq!(f.conversation_of(1).language, "th");
    let safe = f.command(1, VisitorCommand::SafeToTalk(true));
    let prompts = super::prompts(&safe);
    assert_eq!(prompts[0].0, catalog.render("th", "hold-question", &[]));
    assert_eq!(prompts[0].1, vec!["hold:no".to_owned(), "hold:yes".to_owned()]);

    let ready = f.command(1, VisitorCommand::HoldReplies(false));
    assert_eq!(super::prompts(&ready)[0].0, catalog.render("th", "ready", &[]));
    // A known visitor writing again is not greeted again.
    assert!(super::prompts(&f.write(1, "again")).is_empty());
    // /start asks everything again.
    assert_eq!(super::prompts(&f.command(1, VisitorCommand::Start(None)))[0].0, catalog.render("th", "greeting", &[]));
}

#[test]
fn help_gives_the_emergency_numbers_in_the_visitors_language() {
    let f = Fixture::team();
    f.choose_language(1, "da");
    let help = prompts(&f.command(1, VisitorCommand::Help));
    assert!(help[0].0.contains("112") && help[0].0.contains("ring"), "{}", help[0].0);
    // /help registers nobody's conversation: staff see nothing.
    assert!(f.engine.store().conversations_of(f.visitor_id(1)).unwrap().is_empty());
}

#[test]
fn hide_deletes_the_logged_messages_of_48_hours_and_its_confirmation_vanishes() {
    let f = Fixture::team();
    let mut ids = 100;
    f.clock.advance_minutes(1);
    f.engine.handle(with_hint(1, "old", "en", 1)).unwrap();
    deliver_visitor_lanes(&f, &mut ids);
    f.clock.advance_minutes(49 * 60);
    let old_ids = ids;
    f.engine.handle(with_hint(1, "recent", "en", 2)).unwrap();
    f.command(1, VisitorCommand::Help);
    deliver_visitor_lanes(&f, &mut ids);
    let visitor = f.visitor_id(1);
    let hide = f.engine.handle(Event::VisitorCommand {
        from: address(1),
        command: VisitorCommand::Hide,
        reference: Some(MessageRef::telegram(3)),
        language_hint: None,
        dedupe: None,
    });
    let hide = hide.unwrap();
    let Some(Action::HideChat { since, .. }) = hide.actions().first().cloned() else { panic!("{hide:?}") };
    let entry = f.engine.due(100).unwrap().into_iter().find(|e| matches!(e.action, Action::HideChat { .. })).unwrap();
    let logged = f.engine.store().chat_log(visitor, since).unwrap();
    let refs: Vec<i32> = logged.iter().filter_map(|m| m.reference.as_telegram()).collect();
    // The recent visitor message, the bridge's answer to /help and the /hide itself; nothing of
    // 49 hours ago, in either direction.
    assert!(refs.contains(&2) && refs.contains(&3) && !refs.contains(&1), "{refs:?}");
    assert!(refs.iter().any(|r| *r > old_ids) && !refs.iter().any(|r| (101..=old_ids).contains(r)), "{refs:?}");
    f.engine.hidden(&entry, &logged).unwrap();
    assert!(f.engine.store().chat_log(visitor, since).unwrap().is_empty());

    // The confirmation is delivered, then deleted a minute later, from a lane of its own.
    let confirmation = f.engine.due(100).unwrap().into_iter().find(|e| e.action.lane() == Lane::Visitor(visitor));
    let confirmation = confirmation.unwrap();
    assert!(matches!(confirmation.action, Action::PromptVisitor { vanish_after_ms: Some(60_000), .. }));
    f.engine.delivered(&confirmation, &[MessageRef::telegram(999)]).unwrap();
    let cleanup =
        |f: &Fixture| f.engine.due(100).unwrap().into_iter().find(|e| e.action.lane() == Lane::Cleanup(visitor));
    assert!(cleanup(&f).is_none(), "not yet");
    f.clock.advance_millis(60_000);
    let Some(OutboxEntry { action: Action::DeleteVisitorMessages { messages, .. }, .. }) = cleanup(&f) else {
        panic!("the confirmation must be deleted")
    };
    assert_eq!(messages, vec![MessageRef::telegram(999)]);

    // Housekeeping forgets what the platform would no longer delete.
    f.clock.advance_minutes(49 * 60);
    f.engine.maintain().unwrap();
    assert!(f.engine.store().chat_log(visitor, Timestamp(0)).unwrap().is_empty());
}

#[test]
fn forget_asks_first_then_shreds_everything_and_tells_staff() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "CANARY first words");
    let first = f.conversation_of(1).id;
    f.in_room("grace", 1, "!close");
    f.write(1, "CANARY again");
    f.in_room("grace", 1, "a reply still queued");
    let visitor = f.engine.store().find_visitor(&address(1).account()).unwrap().unwrap();

    let asked = prompts(&f.command(1, VisitorCommand::Forget));
    assert_eq!(asked[0].1, vec!["forget:yes".to_owned(), "forget:no".to_owned()]);
    assert!(prompts(&f.command(1, VisitorCommand::ConfirmForget(false)))[0].0.contains("Nothing"));
    assert!(f.engine.store().find_visitor(&address(1).account()).unwrap().is_some(), "no means no");

    let erased = f.command(1, VisitorCommand::ConfirmForget(true));
    assert!(notices(&erased).iter().any(|n| n.contains("erased their data")), "{:?}", notices(&erased));
    let store = f.engine.store();
    assert!(store.find_visitor(&address(1).account()).unwrap().is_none());
    assert!(store.find_by_pseudonym(visitor.pseudonym.as_str()).unwrap().is_none());
    assert!(store.visitor(visitor.id).unwrap().is_none());
    assert!(matches!(store.transcript(first), Err(StoreError::Shredded)));
    assert!(store.conversations_of(visitor.id).unwrap().is_empty());
    assert!(store.raw_transcript_entry(first, 0).unwrap().is_none(), "the sealed entries are swept too");
    // Nothing is left to send to them but the clean-up of their phone and the vanishing goodbye.
    let left: Vec<&str> = store
        .outbox_entries()
        .unwrap()
        .iter()
        .filter(|e| matches!(e.action.lane(), Lane::Visitor(_) | Lane::Held(_)))
        .map(|e| e.action.name())
        .collect();
    assert_eq!(left, ["hide-chat", "prompt-visitor"]);
    assert!(!f.engine.routing().unwrap().staff.values().any(|s| !s.open.is_empty()), "released from grace");
    // An old button of the erased visitor changes nothing and creates nobody.
    assert_eq!(f.command(1, VisitorCommand::ConfirmForget(true)), Handled::Ignored(Ignored::UnknownVisitor));
    assert_eq!(f.engine.store().visitor_count(), 0);
    // Writing again is a fresh start under a new pseudonym.
    f.write(1, "hello again");
    let fresh = f.engine.store().find_visitor(&address(1).account()).unwrap().unwrap();
    assert_ne!(fresh.pseudonym, visitor.pseudonym);
}

#[test]
fn held_replies_wait_until_the_visitor_asks() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.write(1, "hi");
    f.command(1, VisitorCommand::HoldReplies(true));
    let reply = f.in_room("grace", 1, "we can meet tomorrow");
    assert!(notices(&reply).iter().any(|n| n.starts_with("Held")));
    let mut ids = 0;
    let sent = deliver_visitor_lanes(&f, &mut ids);
    assert!(!sent.iter().any(|a| a.text().is_some_and(|t| t.contains("we can meet"))), "parked");
    assert_eq!(f.conversation_of(1).held_replies.len(), 1);

    f.command(1, VisitorCommand::Messages(None));
    let sent = deliver_visitor_lanes(&f, &mut ids);
    assert!(sent.iter().any(|a| a.text().is_some_and(|t| t.contains("we can meet"))), "released");
    assert!(f.conversation_of(1).held_replies.is_empty());
    let nothing = prompts(&f.command(1, VisitorCommand::Messages(None)));
    assert_eq!(nothing[0].0, Catalog::embedded().unwrap().render("en", "no-held-messages", &[]));
}

#[test]
fn a_location_reaches_staff_coarse_unless_the_visitor_confirms() {
    let f = Fixture::team();
    f.duty("grace", true);
    let at = |text: &str| IncomingMessage { kind: ContentKind::Location, ..IncomingMessage::text(text) };
    let handled =
        f.engine.handle(Event::VisitorMessage { from: address(1), message: at("55.676098,12.568337"), dedupe: None });
    let handled = handled.unwrap();
    assert!(prompts(&handled).iter().any(|(_, b)| b == &["location:yes".to_owned(), "location:no".to_owned()]));
    let seen_by_staff = f.transcript(1).iter().map(|e| e.text.clone()).collect::<Vec<_>>().join("\n");
    assert!(seen_by_staff.contains("55.68, 12.57") && !seen_by_staff.contains("55.676"), "{seen_by_staff}");

    f.command(1, VisitorCommand::ShareExactLocation(true));
    let seen_by_staff = f.transcript(1).iter().map(|e| e.text.clone()).collect::<Vec<_>>().join("\n");
    assert!(seen_by_staff.contains("55.676098, 12.568337"), "{seen_by_staff}");
    // The exact spot is not kept waiting anywhere once answered; a second answer does nothing.
    assert!(prompts(&f.command(1, VisitorCommand::ShareExactLocation(true))).is_empty());

    f.engine.handle(Event::VisitorMessage { from: address(2), message: at("1.5,2.5"), dedupe: None }).unwrap();
    f.command(2, VisitorCommand::ShareExactLocation(false));
    assert!(!f.transcript(2).iter().any(|e| e.text.contains("1.500000")));
}

/// Unanswered, the exact spot does not stay in the visitor's record.
#[test]
fn an_unanswered_location_question_is_forgotten_after_half_an_hour() {
    let f = Fixture::team();
    f.duty("grace", true);
    let at = IncomingMessage { kind: ContentKind::Location, ..IncomingMessage::text("55.676098,12.568337") };
    f.engine.handle(Event::VisitorMessage { from: address(1), message: at, dedupe: None }).unwrap();
    let pending = |f: &Fixture| f.engine.store().visitor(f.visitor_id(1)).unwrap().unwrap().pending_location;
    f.clock.advance_minutes(29);
    f.tick();
    assert!(pending(&f).is_some(), "still waiting for the answer");
    f.clock.advance_minutes(1);
    f.tick();
    assert_eq!(pending(&f), None);
    f.command(1, VisitorCommand::ShareExactLocation(true));
    assert!(!f.transcript(1).iter().any(|e| e.text.contains("55.676")), "a late yes shares nothing");
}

#[test]
fn contact_cards_are_never_passed_on_and_the_visitor_is_told_why() {
    let f = Fixture::team();
    let contact = IncomingMessage { kind: ContentKind::Contact, ..IncomingMessage::default() };
    let handled = f.engine.handle(Event::VisitorMessage { from: address(1), message: contact, dedupe: None }).unwrap();
    let texts: Vec<String> = prompts(&handled).into_iter().map(|(t, _)| t).collect();
    assert!(texts.iter().any(|t| t.contains("We do not pass on contacts")), "{texts:?}");
    assert!(!handled.actions().iter().any(|a| matches!(a, Action::PostToConversation { .. })));
    assert!(f.engine.store().conversations_of(f.visitor_id(1)).unwrap().is_empty());
}

#[test]
fn a_file_too_large_to_fetch_is_refused_with_a_clear_message() {
    let f = Fixture::team();
    f.choose_language(1, "ro");
    let message = IncomingMessage {
        kind: ContentKind::Video,
        oversized_limit: Some(20 * 1024 * 1024),
        ..IncomingMessage::default()
    };
    let handled = f.engine.handle(Event::VisitorMessage { from: address(1), message, dedupe: None }).unwrap();
    let told = to_visitor(&handled).join("\n").replace(['\u{2068}', '\u{2069}'], "");
    assert!(told.contains("20 MB") && told.contains("fișier"), "{told}");
    assert!(notices(&handled).iter().any(|n| n.contains("too large to fetch")));
}

#[test]
fn a_visitor_who_skips_the_picker_and_writes_thai_is_asked_in_thai_and_nothing_switches_until_they_say_yes() {
    let f = Fixture::team();
    let catalog = Catalog::embedded().unwrap();
    let handled = f.engine.handle(with_hint(1, "สวัสดีค่ะ ฉันต้องการความช่วยเหลือ ฉันไม่มีหนังสือเดินทาง", "en", 1)).unwrap();
    let prompts = prompts(&handled);
    let args = [("language", Arg::from("ไทย")), ("current", Arg::from("English"))];
    let offer = prompts.iter().find(|(text, _)| text == &catalog.render("th", "language-hint-question", &args));
    let (_, buttons) = offer.unwrap_or_else(|| panic!("an offer in Thai: {prompts:?}"));
    assert_eq!(buttons, &vec!["lang:th".to_owned(), "lang:en".to_owned()]);
    assert_eq!(f.conversation_of(1).language, "en", "offered, not switched");
    let visitor = f.engine.store().find_visitor(&address(1).account()).unwrap().unwrap();
    assert_eq!(visitor.language, None);

    f.choose_language(1, "th");
    assert_eq!(f.conversation_of(1).language, "th");
    // Asked once: later messages in another language are the visitor's business.
    let later = f.write(1, "Bună ziua, am nevoie de ajutor, nu am unde să dorm în seara asta");
    assert!(super::prompts(&later).is_empty());
}

#[test]
fn no_offer_when_the_text_is_short_or_in_the_language_in_use() {
    let f = Fixture::team();
    let handled =
        f.engine.handle(with_hint(1, "Hello, I need help, I do not know where to sleep tonight", "en", 1)).unwrap();
    assert!(prompts(&handled).iter().all(|(_, buttons)| !buttons.contains(&"lang:en".to_owned()) || buttons.len() > 2));
    let handled = f.engine.handle(with_hint(2, "ok", "en", 2)).unwrap();
    assert_eq!(prompts(&handled).len(), 1, "only the greeting");
}

#[test]
fn not_safe_now_ends_the_exchange_quietly_and_clears_the_chat() {
    let f = Fixture::team();
    f.engine.handle(with_hint(1, "hello", "en", 1)).unwrap();
    f.choose_language(1, "ro");
    let not_now = f.command(1, VisitorCommand::SafeToTalk(false));
    assert!(not_now.actions().iter().any(|a| matches!(a, Action::HideChat { .. })), "the chat is cleared");
    let catalog = Catalog::embedded().unwrap();
    assert!(not_now.actions().iter().any(|a| matches!(a,
        Action::PromptVisitor { text, vanish_after_ms: Some(_), choices, .. }
            if text == &catalog.render("ro", "safety-not-now", &[]) && choices.is_empty())));
    assert_eq!(prompts(&not_now).len(), 1, "nothing else is asked");
    // An old button pressed by someone unknown registers nobody.
    let stranger = f.command(9, VisitorCommand::SafeToTalk(false));
    assert!(stranger.actions().is_empty());
}
