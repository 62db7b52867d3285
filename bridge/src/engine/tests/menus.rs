//! A visitor's chat menu: set in the language chosen for them, removed when they are erased,
//! untouched while the safe word holds, never emitted for Matrix.

use super::*;

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

fn queued_menus(f: &Fixture) -> Vec<(PlatformAddress, Option<String>)> {
    queued(f, |action| match action {
        Action::SetVisitorMenu { address, language, .. } => Some((address, language)),
        _ => None,
    })
}

#[test]
fn a_chosen_language_sets_the_chats_menu_in_its_own_lane() {
    let f = Fixture::team();
    assert!(menus(&f.write(1, "hello")).is_empty(), "a guess sets no menu");
    let chosen = f.choose_language(1, "th");
    assert_eq!(menus(&chosen), vec![(address(1), Some("th".to_owned()))]);
    let lane = chosen.actions().iter().find(|a| matches!(a, Action::SetVisitorMenu { .. })).unwrap().lane();
    assert_eq!(lane, Lane::Menu(f.visitor_id(1)), "a menu never waits in, nor holds up, the visitor's lane");
    f.duty("grace", true);
    assert_eq!(menus(&f.in_room("grace", 1, "!lang ro")), vec![(address(1), Some("ro".to_owned()))]);
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
fn forget_removes_the_chats_own_menu() {
    let f = Fixture::team();
    f.choose_language(1, "th");
    f.write(1, "hello");
    f.command(1, VisitorCommand::Forget);
    let forgotten = f.command(1, VisitorCommand::ConfirmForget(true));
    assert_eq!(menus(&forgotten), vec![(address(1), None)]);
    assert!(queued_menus(&f).contains(&(address(1), None)), "not purged with the visitor's lanes");
}

#[test]
fn retention_removes_the_menu_of_an_erased_visitor_who_chose_a_language() {
    let f = Fixture::team();
    f.choose_language(1, "th");
    f.command(1, VisitorCommand::SafeToTalk(false));
    f.write(2, "hello, no language chosen");
    f.clock.advance_minutes(90 * DAY);
    let before = queued_menus(&f).len();
    f.engine.enforce_retention().unwrap();
    let after = queued_menus(&f);
    assert_eq!(after[before..], [(address(1), None)], "only the one whose chat had a menu of its own");
}

#[test]
fn while_the_safe_word_holds_the_menu_does_not_change() {
    let f = Fixture::team();
    f.duty("grace", true);
    f.choose_language(1, "da");
    f.write_with(1, "hej", 10);
    let set = Event::VisitorCommand {
        from: address(1),
        command: VisitorCommand::SafeWord(crate::safe_word::SafeWordChange::Set("solsikke canary".into())),
        reference: Some(MessageRef::telegram(11)),
        language_hint: None,
        dedupe: None,
    };
    f.engine.handle(set).unwrap();
    f.write_with(1, "solsikke canary", 12);
    assert!(f.engine.store().find_visitor(&address(1).account()).unwrap().unwrap().silenced);
    assert!(menus(&f.in_room("grace", 1, "!lang ro")).is_empty());
}
