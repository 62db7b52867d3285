//! The safe word: set, used, and the visitor coming back.

use super::*;
use crate::chat::MessageRef;
use crate::safe_word::SafeWordChange;

fn set_word(f: &Fixture, visitor: i64, word: &str, reference: i32) -> Handled {
    let event = Event::VisitorCommand {
        from: address(visitor),
        command: VisitorCommand::SafeWord(SafeWordChange::Set(word.into())),
        reference: Some(MessageRef::telegram(reference)),
        language_hint: None,
        dedupe: None,
    };
    f.engine.handle(event).unwrap()
}

#[test]
fn the_safe_word_clears_the_chat_sends_a_decoy_and_holds_staff_until_the_visitor_is_back() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.choose_language(1, "da");
    f.command(1, VisitorCommand::HoldReplies(false));
    f.write_with(1, "hej, jeg har brug for hjælp", 10);

    // Setting it: the command message is deleted from the phone, the answer vanishes by itself.
    let set = set_word(&f, 1, "Solsikke CANARY", 11);
    let deleted: Vec<&Action> =
        set.actions().iter().filter(|a| matches!(a, Action::DeleteVisitorMessages { .. })).collect();
    assert!(
        matches!(deleted.as_slice(), [Action::DeleteVisitorMessages { messages, .. }] if messages == &[MessageRef::telegram(11)]),
        "{deleted:?}"
    );
    let catalog = Catalog::embedded().unwrap();
    assert!(set.actions().iter().any(|a| matches!(a,
        Action::PromptVisitor { text, vanish_after_ms: Some(_), .. } if text == &catalog.render("da", "safe-word-set", &[]))));
    let before = f.transcript(1).len();

    // Using it, typed in another case and spacing.
    let used = f.write_with(1, "  solsikke   canary ", 12);
    assert!(used.actions().iter().any(|a| matches!(a, Action::HideChat { .. })), "the chat is cleared");
    assert_eq!(prompts(&used).first().map(|(text, _)| text.clone()), Some(catalog.render("da", "decoy", &[])));
    let said = notices(&used);
    assert!(said.iter().any(|n| n.contains("secret word")), "{said:?}");
    assert_eq!(f.transcript(1).len(), before + 1, "only the event is recorded, not the word");
    assert!(
        !used.actions().iter().any(|a| matches!(a, Action::PostToConversation { notice: false, .. })),
        "not relayed"
    );

    // Staff write meanwhile: held, and told why.
    let reply = f.in_room("grace", 1, "Are you there?");
    assert!(
        to_visitor(&reply).is_empty()
            || reply.actions().iter().all(|a| !matches!(a, Action::SendToVisitor { held: false, .. }))
    );
    assert!(notices(&reply).iter().any(|n| n.contains("secret word")), "{:?}", notices(&reply));
    let due_now = |f: &Fixture| {
        f.engine.due(100).unwrap().into_iter().filter(|e| matches!(e.action, Action::SendToVisitor { .. })).count()
    };
    assert_eq!(due_now(&f), 0, "nothing goes to the phone while the visitor is away");

    // Whoever holds the phone answers the decoy: nothing is released, staff are not told the
    // visitor is back, and they see the message flagged.
    let answer = f.write_with(1, "what appointment?", 13);
    assert!(!notices(&answer).iter().any(|n| n.contains("wrote again")), "{:?}", notices(&answer));
    assert!(notices(&answer).iter().any(|n| n.contains("may not be the visitor")), "{:?}", notices(&answer));
    assert_eq!(due_now(&f), 0, "a message from the phone releases nothing");
    assert!(f.engine.store().find_visitor(&address(1).account()).unwrap().unwrap().silenced);

    // The visitor comes back on purpose: `/messages` with their word. The command leaves the phone.
    let back = messages(&f, 1, Some("Solsikke canary"), 14);
    assert!(notices(&back).iter().any(|n| n.contains("wrote again")), "{:?}", notices(&back));
    assert!(back.actions().iter().any(|a| matches!(a,
        Action::DeleteVisitorMessages { messages, .. } if messages == &[MessageRef::telegram(14)])));
    assert_eq!(due_now(&f), 1, "the held reply is released");
    let visitor = f.engine.store().find_visitor(&address(1).account()).unwrap().unwrap();
    assert!(!visitor.silenced);
}

fn messages(f: &Fixture, visitor: i64, word: Option<&str>, reference: i32) -> Handled {
    let event = Event::VisitorCommand {
        from: address(visitor),
        command: VisitorCommand::Messages(word.map(str::to_owned)),
        reference: Some(MessageRef::telegram(reference)),
        language_hint: None,
        dedupe: None,
    };
    f.engine.handle(event).unwrap()
}

/// What the bridge would put on the phone: anything but deletions.
fn to_phone(handled: &Handled) -> Vec<&Action> {
    handled
        .actions()
        .iter()
        .filter(|a| {
            matches!(
                a,
                Action::SendToVisitor { held: false, .. } | Action::PromptVisitor { .. } | Action::SendVoice { .. }
            )
        })
        .collect()
}

/// Someone else holds the phone after the safe word and tries everything the menu offers.
#[test]
fn after_the_safe_word_nothing_the_phone_does_releases_replies_or_says_anything() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.choose_language(1, "en");
    f.command(1, VisitorCommand::HoldReplies(false));
    f.write_with(1, "I need help", 10);
    set_word(&f, 1, "marigold", 11);
    f.write_with(1, "marigold", 12);
    f.in_room("grace", 1, "We are here when you are ready.");
    // Staff words on their way to the phone: due now, not parked.
    let held = |f: &Fixture| {
        let now = f.engine.now();
        let entries = f.engine.store().outbox_entries().unwrap();
        entries.iter().filter(|e| matches!(e.action, Action::SendToVisitor { .. }) && e.next_attempt_at <= now).count()
    };
    // What was already on its way before the word (the bridge's "received") is not counted.
    let before = held(&f);

    let attempts: Vec<(&str, Handled)> = vec![
        ("/messages", messages(&f, 1, None, 20)),
        ("/messages wrong", messages(&f, 1, Some("sunflower"), 21)),
        ("/safeword off", f.command(1, VisitorCommand::SafeWord(SafeWordChange::Remove))),
        ("/safeword new", set_word(&f, 1, "tulip", 22)),
        ("/messages new", messages(&f, 1, Some("tulip"), 23)),
        ("/start", f.command(1, VisitorCommand::Start(None))),
        ("send as written", f.command(1, VisitorCommand::HoldReplies(false))),
        ("/help", f.command(1, VisitorCommand::Help)),
        ("/language", f.command(1, VisitorCommand::Language)),
        ("/code", f.command(1, VisitorCommand::Code(PhoneCode::Give))),
        ("/forget", f.command(1, VisitorCommand::Forget)),
        ("/autohide", f.command(1, VisitorCommand::AutoHide)),
        ("a long text", f.write_with(1, &"x".repeat(20_000), 24)),
        ("hello?", f.write_with(1, "hello?", 25)),
    ];
    for (what, handled) in &attempts {
        assert!(to_phone(handled).is_empty(), "{what}: {:?}", to_phone(handled));
        assert!(!notices(handled).iter().any(|n| n.contains("wrote again")), "{what}");
        assert_eq!(held(&f), before, "{what} released a held reply");
    }
    let visitor = f.engine.store().find_visitor(&address(1).account()).unwrap().unwrap();
    assert!(visitor.silenced && visitor.safe_word.is_some());
    // Staff learn that someone asked without the word.
    assert!(notices(&attempts[1].1).iter().any(|n| n.contains("may not be the visitor")));

    // Staff-triggered messages are parked like replies, never sent.
    let closed = f.in_room("grace", 1, "!close");
    assert!(to_phone(&closed).is_empty(), "{:?}", to_phone(&closed));
    assert_eq!(held(&f), before);

    // The word the visitor set before still works, and releases everything that waited.
    let back = messages(&f, 1, Some("MARIGOLD"), 26);
    assert!(notices(&back).iter().any(|n| n.contains("wrote again")), "{:?}", notices(&back));
    assert_eq!(held(&f), before + 2, "the reply and the closing message");
}

/// A visitor who holds replies: staff closing or blocking does not send anything either.
#[test]
fn close_and_block_are_parked_for_a_visitor_who_holds_replies() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.choose_language(1, "en");
    f.command(1, VisitorCommand::HoldReplies(true));
    f.write_with(1, "I need help", 10);
    let closed = f.in_room("grace", 1, "!close");
    assert!(!closed.actions().iter().any(|a| matches!(a, Action::SendToVisitor { held: false, .. })));
    f.write_with(1, "one more thing", 11);
    let blocked = f.in_room("grace", 1, "!block");
    assert!(!blocked.actions().iter().any(|a| matches!(a, Action::SendToVisitor { held: false, .. })));
    let due = f.engine.due(100).unwrap();
    assert!(!due.iter().any(|e| matches!(e.action, Action::SendToVisitor { .. })), "nothing reaches the phone");
}

#[test]
fn short_words_are_refused_and_other_visitors_words_do_not_match() {
    let f = Fixture::team();
    f.choose_language(1, "en");
    f.choose_language(2, "en");
    let catalog = Catalog::embedded().unwrap();
    let short = set_word(&f, 1, "ab", 20);
    let refusal = catalog.render("en", "safe-word-too-short", &[("length", 3_usize.into())]);
    assert!(prompts(&short).iter().any(|(text, _)| text == &refusal), "{:?}", prompts(&short));
    let visitor = f.engine.store().find_visitor(&address(1).account()).unwrap().unwrap();
    assert_eq!(visitor.safe_word, None);

    set_word(&f, 1, "marigold", 21);
    // The same word from someone who never set it is an ordinary message.
    let other = f.write_with(2, "marigold", 22);
    assert!(!other.actions().iter().any(|a| matches!(a, Action::HideChat { .. })));
    // The hash is salted per visitor: the same word of two visitors is stored differently.
    set_word(&f, 2, "marigold", 23);
    let one = f.engine.store().find_visitor(&address(1).account()).unwrap().unwrap().safe_word;
    let two = f.engine.store().find_visitor(&address(2).account()).unwrap().unwrap().safe_word;
    assert!(one.is_some() && two.is_some() && one != two);

    // Removed: the word is an ordinary message again.
    f.command(1, VisitorCommand::SafeWord(SafeWordChange::Remove));
    let after = f.write_with(1, "marigold", 24);
    assert!(!after.actions().iter().any(|a| matches!(a, Action::HideChat { .. })));
}

#[test]
fn the_safe_word_is_not_in_any_file_of_the_store() {
    let f = Fixture::team();
    f.choose_language(1, "en");
    set_word(&f, 1, "CanarySafeWord", 30);
    f.write_with(1, "canarysafeword", 31);
    f.engine.flush().unwrap();
    assert_in_no_file(f.dir.path(), &["anarysafeword"]);
}
