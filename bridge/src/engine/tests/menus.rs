//! A visitor's chat menu: set in the language chosen for them, removed when they are erased or
//! leave the phone, untouched while their secret word holds, never emitted for Matrix.
//!
//! The adversary: whoever holds the visitor's phone (a trafficker, a controlling partner) sees
//! the chat's menu, and so the language it is in. A menu that changes while the secret word
//! holds tells them someone is still acting on that account; one left behind after `/forget`,
//! retention or a move to another phone keeps the visitor's language choice on a phone that
//! should show nothing of them.

use super::*;
use crate::code_phrase::PhoneCode;

const DAY: i64 = 24 * 60;

/// The chat menus emitted by `handled`: (address, language).
fn menus(handled: &Handled) -> Vec<(PlatformAddress, Option<String>)> {
    handled
        .actions()
        .iter()
        .filter_map(|a| match a {
            Action::SetVisitorMenu { address, language, .. } => Some((address.clone(), language.clone())),
            _ => None,
        })
        .collect()
}

/// The chat menus waiting in the outbox, oldest first.
fn queued_menus(f: &Fixture) -> Vec<(PlatformAddress, Option<String>)> {
    queued(f, |action| match action {
        Action::SetVisitorMenu { address, language, .. } => Some((address, language)),
        _ => None,
    })
}

fn set(visitor: i64, language: &str) -> (PlatformAddress, Option<String>) {
    (address(visitor), Some(language.to_owned()))
}

fn removed(visitor: i64) -> (PlatformAddress, Option<String>) {
    (address(visitor), None)
}

#[test]
fn a_chosen_language_sets_the_chats_menu_in_its_own_lane() {
    let f = Fixture::team();
    assert!(menus(&f.write(1, "hello")).is_empty(), "a guess sets no menu");
    let chosen = f.choose_language(1, "th");
    assert_eq!(menus(&chosen), vec![set(1, "th")]);
    let lane = chosen.actions().iter().find(|a| matches!(a, Action::SetVisitorMenu { .. })).unwrap().lane();
    assert_eq!(lane, Lane::Menu(f.visitor_id(1)), "a menu never waits in, nor holds up, the visitor's lane");
    f.duty("grace", true);
    assert_eq!(menus(&f.in_room("grace", 1, "!lang ro")), vec![set(1, "ro")]);
}

#[test]
fn matrix_has_no_menus() {
    let f = Fixture::team();
    let dm = PlatformAddress::Matrix { user_id: "@v:elsewhere.test".into(), room_id: Some("!dm-v:x".into()) };
    let pick = Event::VisitorCommand {
        from: dm,
        command: VisitorCommand::PickLanguage("th".into()),
        reference: None,
        language_hint: None,
        dedupe: None,
    };
    assert!(menus(&f.engine.handle(pick).unwrap()).is_empty());
}

#[test]
fn forget_removes_the_chats_own_menu_and_drops_one_still_waiting() {
    let f = Fixture::team();
    f.choose_language(1, "th");
    f.write(1, "hello");
    f.choose_language(2, "ro");
    assert_eq!(queued_menus(&f), vec![set(1, "th"), set(2, "ro")], "neither delivered yet");
    f.command(1, VisitorCommand::Forget);
    let forgotten = f.command(1, VisitorCommand::ConfirmForget(true));
    assert_eq!(menus(&forgotten), vec![removed(1)]);
    // The Thai menu never reaches the phone: only the removal goes out, and another visitor's
    // menu is not touched.
    assert_eq!(queued_menus(&f), vec![set(2, "ro"), removed(1)]);
}

#[test]
fn retention_removes_the_menu_of_every_erased_visitor_who_chose_a_language() {
    let f = Fixture::team();
    // One who chose and left at "not now" (no conversation), one who chose and wrote, one who
    // never chose (no menu of their own to remove).
    f.choose_language(1, "th");
    f.command(1, VisitorCommand::SafeToTalk(false));
    f.choose_language(3, "ro");
    f.write(3, "hello");
    f.write(2, "hello, no language chosen");
    f.clock.advance_minutes(91 * DAY);
    let report = f.engine.enforce_retention().unwrap();
    assert!(!report.shredded.is_empty(), "the conversations were due");
    assert!(f.engine.store().find_visitor(&address(3).account()).unwrap().is_none(), "erased");
    let left = queued_menus(&f);
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(
        left.contains(&removed(1)) && left.contains(&removed(3)),
        "the removals stay, the menus never set are dropped"
    );
}

#[test]
fn after_code_the_old_phones_menu_goes_and_the_new_chat_gets_the_visitors() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.choose_language(1, "th");
    f.write(1, "hello from the old phone");
    // The new phone only pressed /start and chose another language: its record is replaced.
    f.choose_language(2, "ro");
    let code = Event::VisitorCommand {
        from: address(1),
        command: VisitorCommand::Code(PhoneCode::Give),
        reference: None,
        language_hint: None,
        dedupe: None,
    };
    let given = f.engine.handle(code).unwrap();
    let (text, _) = prompts(&given).into_iter().next().unwrap();
    let phrase = text.split('\u{2068}').nth(1).and_then(|p| p.split('\u{2069}').next()).unwrap().to_owned();
    let moved = f.command(2, VisitorCommand::Code(PhoneCode::Redeem(phrase)));
    assert_eq!(menus(&moved), vec![removed(1), set(2, "th")]);
    // Neither the Thai menu meant for the old phone nor the new phone's own Romanian one goes out.
    assert_eq!(queued_menus(&f), vec![removed(1), set(2, "th")]);
    let lanes: Vec<Lane> =
        moved.actions().iter().filter(|a| matches!(a, Action::SetVisitorMenu { .. })).map(Action::lane).collect();
    assert_eq!(lanes[1], Lane::Menu(f.visitor_id(2)));
    assert_ne!(lanes[0], lanes[1], "the old phone's removal waits for nothing of the new chat");

    // Erased right after the move: the old phone's removal still goes out.
    f.command(2, VisitorCommand::Forget);
    f.command(2, VisitorCommand::ConfirmForget(true));
    assert_eq!(queued_menus(&f), vec![removed(1), removed(2)]);
}

#[test]
fn while_the_secret_word_holds_the_menu_does_not_change() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.choose_language(1, "da");
    f.write_with(1, "hej", 10);
    let set_word = Event::VisitorCommand {
        from: address(1),
        command: VisitorCommand::SafeWord(crate::safe_word::SafeWordChange::Set("solsikke canary".into())),
        reference: Some(MessageRef::telegram(11)),
        language_hint: None,
        dedupe: None,
    };
    f.engine.handle(set_word).unwrap();
    let used = f.write_with(1, "solsikke canary", 12);
    assert!(menus(&used).is_empty(), "using the word leaves the menu as it was");
    assert!(f.engine.store().find_visitor(&address(1).account()).unwrap().unwrap().silenced);
    // Whoever holds the phone now must see nothing change: not when staff set another
    // language, not when they press a language button themselves.
    assert!(menus(&f.in_room("grace", 1, "!lang ro")).is_empty());
    assert!(menus(&f.choose_language(1, "th")).is_empty());
    assert!(menus(&f.command(1, VisitorCommand::Language)).is_empty());
    // Back with the word: the menu follows the language staff set meanwhile.
    let back = f.command(1, VisitorCommand::Messages(Some("solsikke canary".into())));
    assert_eq!(menus(&back), vec![set(1, "ro")]);
}

/// Matrix has no command menu: a Matrix visitor's `!help` lists every command of the menu, as
/// typed there, in the menu's words of their language (so `!news` and `!share` can be found);
/// on Telegram the menu shows them and the help stays short.
#[test]
fn help_on_matrix_lists_the_menus_commands_in_the_visitors_language() {
    let f = Fixture::team();
    let catalog = Catalog::embedded().unwrap();
    let from = PlatformAddress::Matrix { user_id: "@victor:example.org".into(), room_id: Some("!dm:example.org".into()) };
    let ask = |command: VisitorCommand| {
        let event = Event::VisitorCommand { from: from.clone(), command, reference: None, language_hint: None, dedupe: None };
        f.engine.handle(event).unwrap()
    };
    ask(VisitorCommand::PickLanguage("ro".into()));
    let help = ask(VisitorCommand::Help);
    let text = &prompts(&help)[0].0;
    for (name, description) in crate::visitor_command::MENU {
        let line = format!("!{name} — {}", catalog.render("ro", description, &[]));
        assert!(text.contains(&line), "{line:?} missing from {text}");
    }
    assert!(text.contains("!news") && text.contains("!share"), "{text}");
    f.choose_language(1, "ro");
    let telegram = f.command(1, VisitorCommand::Help);
    assert!(!prompts(&telegram)[0].0.contains("/news"), "Telegram's menu shows the commands");
}
