//! `/share`: one forwardable message with the bot's link, then a protected prompt to keep it;
//! the message deletes itself after `[share] vanish_minutes` unless kept. The adversaries: whoever
//! holds the visitor's phone later (the message must not stay unless the visitor chose so) and
//! whoever reads the forward (it says nothing but the words and the link); after the safe word the
//! phone may be someone else's, so nothing is sent at all.

use std::time::Duration;

use super::*;
use crate::engine::ShareSettings;
use crate::i18n::Arg;
use crate::safe_word::SafeWordChange;

const BOT: &str = "HopeNowBot";
const LINK: &str = "https://t.me/HopeNowBot?start=share";
const MATRIX_BOT: &str = "@hopenow:hopenow.test";

fn sharing(texts: &[(&str, &str)]) -> Fixture {
    let share = ShareSettings {
        telegram_username: Some(BOT.into()),
        matrix_user_id: Some(MATRIX_BOT.into()),
        texts: texts.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        ..ShareSettings::default()
    };
    Fixture::with_settings(team(), Vec::new(), EngineSettings { share, ..EngineSettings::default() })
}

/// (text, vanish) of each invitation among the actions.
fn invitations(actions: &[Action]) -> Vec<(String, Option<i64>)> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::ShareInvitation { text, vanish_after_ms, .. } => Some((text.clone(), *vanish_after_ms)),
            _ => None,
        })
        .collect()
}

/// Delivers everything due, each as one Telegram message with the next id, as a connector would
/// over its rounds (a lane gives one entry at a time); returns (entry name, message id) in order.
fn deliver(f: &Fixture, next_id: &mut i32) -> Vec<(&'static str, i32)> {
    let mut delivered = Vec::new();
    while let due = f.engine.due(100).unwrap()
        && !due.is_empty()
    {
        deliver_round(f, next_id, due, &mut delivered);
    }
    delivered
}

fn deliver_round(f: &Fixture, next_id: &mut i32, due: Vec<OutboxEntry>, delivered: &mut Vec<(&'static str, i32)>) {
    for entry in due {
        if matches!(entry.action, Action::DeleteVisitorMessages { .. }) {
            f.engine.delivered(&entry, &[]).unwrap();
            continue;
        }
        *next_id += 1;
        f.engine.delivered(&entry, &[MessageRef::telegram(*next_id)]).unwrap();
        delivered.push((entry.action.name(), *next_id));
    }
}

/// The message ids of the deletions waiting in the outbox (due or not).
fn pending_deletions(f: &Fixture) -> Vec<i32> {
    queued(f, |a| match a {
        Action::DeleteVisitorMessages { messages, .. } => Some(messages),
        _ => None,
    })
    .concat()
    .iter()
    .filter_map(MessageRef::as_telegram)
    .collect()
}

/// The message ids deleted by the deletions due now (performed, one lane head at a time).
fn perform_deletions(f: &Fixture) -> Vec<i32> {
    let mut deleted = Vec::new();
    loop {
        let due = f.engine.due_where(100, |a| matches!(a, Action::DeleteVisitorMessages { .. })).unwrap();
        if due.is_empty() {
            return deleted;
        }
        for entry in due {
            if let Action::DeleteVisitorMessages { messages, .. } = &entry.action {
                deleted.extend(messages.iter().filter_map(MessageRef::as_telegram));
            }
            f.engine.delivered(&entry, &[]).unwrap();
        }
    }
}

fn share_deletion(f: &Fixture, visitor: i64) -> Option<u64> {
    f.engine.store().visitor(f.visitor_id(visitor)).unwrap().unwrap().share_deletion
}

#[test]
fn share_sends_one_invitation_in_the_visitors_language_then_the_keep_prompt() {
    let f = sharing(&[]);
    f.choose_language(1, "th");
    let shared = f.command(1, VisitorCommand::Share);
    let catalog = Catalog::embedded().unwrap();
    let sent = invitations(shared.actions());
    let [(text, vanish)] = sent.as_slice() else { panic!("exactly one invitation: {sent:?}") };
    let thai = catalog.render("th", "share-invitation", &[("link", Arg::from(LINK))]);
    assert_eq!(text, &thai.replace(&format!("\u{2068}{LINK}\u{2069}"), LINK), "Thai, with the link");
    assert!(text.ends_with(&format!("\n{LINK}")), "the link alone on its line, no isolation marks: {text:?}");
    assert_eq!(*vanish, Some(5 * 60_000), "five minutes by default");
    for word in ["hopenow", "traffick", "help", "ช่วย"] {
        assert!(!text.to_lowercase().contains(word) || LINK.to_lowercase().contains(word), "{word}: {text}");
    }
    // Then the protected prompt, with its one button; it vanishes as the invitation does.
    let names: Vec<&str> = shared.actions().iter().map(Action::name).collect();
    assert_eq!(names, ["share-invitation", "prompt-visitor"]);
    let expected = catalog.render("th", "share-sent", &[("minutes", Arg::from(5u32))]);
    assert_eq!(prompts(&shared), vec![(expected, vec!["share:keep".to_owned()])]);
    assert!(shared.actions().iter().any(|a| matches!(a, Action::PromptVisitor { vanish_after_ms: Some(300_000), .. })));
    assert_eq!(shared.actions()[0].lane(), Lane::Visitor(f.visitor_id(1)));
}

#[test]
fn the_invitation_deletes_itself_after_the_configured_minutes() {
    let mut f = sharing(&[]);
    f.settings.share.vanish_after = Duration::from_secs(60 * 60);
    f.restart();
    f.choose_language(1, "en");
    let mut next_id = 100;
    deliver(&f, &mut next_id);
    let shared = f.command(1, VisitorCommand::Share);
    let catalog = Catalog::embedded().unwrap();
    assert_eq!(prompts(&shared)[0].0, catalog.render("en", "share-sent", &[("minutes", Arg::from(60u32))]));
    let delivered = deliver(&f, &mut next_id);
    let invitation = delivered.iter().find(|(name, _)| *name == "share-invitation").unwrap().1;
    let prompt = delivered.iter().find(|(name, _)| *name == "prompt-visitor").unwrap().1;
    assert!(share_deletion(&f, 1).is_some(), "remembered for the keep button");
    assert_eq!(pending_deletions(&f), vec![invitation, prompt]);

    f.clock.advance_minutes(59);
    assert_eq!(perform_deletions(&f), Vec::<i32>::new(), "not before its time");
    f.clock.advance_minutes(1);
    let mut deleted = perform_deletions(&f);
    deleted.sort_unstable();
    assert_eq!(deleted, vec![invitation, prompt], "both gone after an hour");
    assert_eq!(share_deletion(&f, 1), None, "nothing left to keep");
    // Keeping now cancels nothing and says nothing.
    assert!(f.command(1, VisitorCommand::KeepShared).actions().is_empty());
}

#[test]
fn keep_cancels_the_invitations_deletion_but_the_prompt_still_vanishes() {
    let f = sharing(&[]);
    f.choose_language(1, "ro");
    let mut next_id = 100;
    deliver(&f, &mut next_id);
    f.command(1, VisitorCommand::Share);
    let delivered = deliver(&f, &mut next_id);
    let invitation = delivered.iter().find(|(name, _)| *name == "share-invitation").unwrap().1;
    let prompt = delivered.iter().find(|(name, _)| *name == "prompt-visitor").unwrap().1;

    f.clock.advance_minutes(2);
    let kept = f.command(1, VisitorCommand::KeepShared);
    let catalog = Catalog::embedded().unwrap();
    assert_eq!(prompts(&kept), vec![(catalog.render("ro", "share-kept", &[]), Vec::new())]);
    assert_eq!(share_deletion(&f, 1), None);
    deliver(&f, &mut next_id);
    assert!(!pending_deletions(&f).contains(&invitation));

    f.clock.advance_minutes(10);
    let deleted = perform_deletions(&f);
    assert!(deleted.contains(&prompt), "the keep prompt vanishes: {deleted:?}");
    assert!(!deleted.contains(&invitation), "the invitation is never deleted: {deleted:?}");
    // /hide is the visitor's choice too: it still takes the kept invitation (it is in the log).
    let logged = f.engine.store().chat_log(f.visitor_id(1), Timestamp(0)).unwrap();
    assert!(logged.iter().any(|m| m.reference == MessageRef::telegram(invitation)));
}

#[test]
fn after_the_safe_word_share_sends_nothing() {
    let f = sharing(&[]);
    f.choose_language(1, "en");
    f.command(1, VisitorCommand::SafeWord(SafeWordChange::Set("tulip".into())));
    f.write(1, "tulip");
    let shared = f.command(1, VisitorCommand::Share);
    assert!(shared.actions().is_empty(), "{:?}", shared.actions());
    assert!(f.command(1, VisitorCommand::KeepShared).actions().is_empty());
    assert!(queued(&f, |a| matches!(a, Action::ShareInvitation { .. }).then_some(())).is_empty());
}

#[test]
fn without_a_link_for_the_channel_share_says_so_and_sends_nothing_forwardable() {
    let f = Fixture::team();
    f.choose_language(1, "vi");
    let shared = f.command(1, VisitorCommand::Share);
    assert!(invitations(shared.actions()).is_empty());
    let catalog = Catalog::embedded().unwrap();
    assert_eq!(prompts(&shared), vec![(catalog.render("vi", "share-unavailable", &[]), Vec::new())]);
}

#[test]
fn forget_leaves_no_invitation_and_no_deletion_pending() {
    let f = sharing(&[]);
    f.choose_language(1, "en");
    let mut next_id = 100;
    f.command(1, VisitorCommand::Share);
    deliver(&f, &mut next_id);
    assert!(!pending_deletions(&f).is_empty());
    // Another visitor's invitation, still undelivered when they erase their data.
    f.choose_language(2, "en");
    f.command(2, VisitorCommand::Share);
    for visitor in [1, 2] {
        f.command(visitor, VisitorCommand::ConfirmForget(true));
    }
    assert!(queued(&f, |a| matches!(a, Action::ShareInvitation { .. }).then_some(())).is_empty());
    assert_eq!(pending_deletions(&f), Vec::<i32>::new(), "no address waits in a deletion");
}

#[test]
fn a_matrix_visitor_gets_the_matrix_link_and_the_words_to_type_first() {
    let f = sharing(&[("en", "Our own words {link}")]);
    let dm = PlatformAddress::Matrix { user_id: "@v:elsewhere.test".into(), room_id: Some("!dm-v:x".into()) };
    let event = Event::VisitorCommand {
        from: dm,
        command: VisitorCommand::Share,
        reference: None,
        language_hint: None,
        dedupe: None,
    };
    let shared = f.engine.handle(event).unwrap();
    let sent = invitations(shared.actions());
    let [(text, _)] = sent.as_slice() else { panic!("{sent:?}") };
    assert!(text.contains("\nhttps://matrix.to/#/@hopenow:hopenow.test\n"), "{text}");
    assert!(text.contains("!start share"), "{text}");
    assert!(!text.contains("Our own words"), "the operator's text is Telegram's");
    assert!(prompts(&shared)[0].1 == ["share:keep"]);
}

#[test]
fn the_operators_text_replaces_the_built_in_one_in_its_language() {
    let f = sharing(&[("th", "ลองคุยดูนะ {link}")]);
    f.choose_language(1, "th");
    f.choose_language(2, "da");
    let thai = invitations(f.command(1, VisitorCommand::Share).actions());
    assert_eq!(thai[0].0, format!("ลองคุยดูนะ {LINK}"));
    let danish = invitations(f.command(2, VisitorCommand::Share).actions());
    assert!(danish[0].0.starts_with("Nogen at tale med"), "{danish:?}");
}

#[test]
fn share_is_counted_nowhere_and_nothing_of_who_shared_is_kept() {
    let f = sharing(&[]);
    f.choose_language(1, "en");
    f.command(1, VisitorCommand::Share);
    let weeks = f.engine.store().week_stats(0, u32::MAX).unwrap();
    assert!(weeks.iter().all(|(_, w)| w.campaigns.is_empty()), "sharing is not an arrival");
    // The friend arriving through the link is: see campaigns.rs
    // (a_new_visitor_through_a_campaign_is_counted_once_and_greeted_in_its_language).
}

/// A visitor who moves to another phone (`/code`) leaves the invitation behind with the old
/// chat, which is cleared: there is nothing left to keep, and "keep" from the new phone says so
/// by saying nothing.
#[test]
fn a_phone_change_clears_the_old_chats_invitation_and_leaves_nothing_to_keep() {
    use crate::code_phrase::PhoneCode;
    let f = sharing(&[]);
    f.choose_language(1, "en");
    f.write(1, "hello");
    let mut next_id = 100;
    deliver(&f, &mut next_id);
    f.command(1, VisitorCommand::Share);
    let invitation = deliver(&f, &mut next_id).iter().find(|(name, _)| *name == "share-invitation").unwrap().1;
    assert!(share_deletion(&f, 1).is_some());

    let asked = f.command(1, VisitorCommand::Code(PhoneCode::Give));
    let (text, _) = prompts(&asked).into_iter().next().unwrap();
    let start = text.find('\u{2068}').unwrap() + '\u{2068}'.len_utf8();
    let phrase = text[start..start + text[start..].find('\u{2069}').unwrap()].to_owned();
    let moved = f.command(2, VisitorCommand::Code(PhoneCode::Redeem(phrase)));
    let cleared: Vec<i32> = moved
        .actions()
        .iter()
        .filter_map(|a| match a {
            Action::DeleteVisitorMessages { messages, .. } => Some(messages.clone()),
            _ => None,
        })
        .flatten()
        .filter_map(|m| m.as_telegram())
        .collect();
    assert!(cleared.contains(&invitation), "the old chat is cleared, the invitation with it: {cleared:?}");
    assert_eq!(share_deletion(&f, 2), None);
    assert!(f.command(2, VisitorCommand::KeepShared).actions().is_empty());
}
