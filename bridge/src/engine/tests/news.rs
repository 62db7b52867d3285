//! Opt-in news: `/news`, `!announce`. The adversaries: whoever holds a subscriber's phone (after
//! the secret word nothing may arrive; a held reply stays held), someone in the duty room without
//! the coordinator role, a restart in the middle of sending (nobody twice), and a small count
//! that would tell the team who subscribed in a rare language.

use super::*;
use crate::news::MAX_CHARS;
use crate::safe_word::SafeWordChange;

const MAJA: &str = "maja";

fn news(f: &Fixture, visitor: i64) -> Handled {
    f.command(visitor, VisitorCommand::News)
}

fn announce(f: &Fixture, text: &str) -> Handled {
    f.say(MAJA, StaffRoom::Duty, text)
}

/// Announcement messages waiting in the outbox: (visitor, text, held).
fn waiting(f: &Fixture) -> Vec<(VisitorId, String, bool)> {
    queued(f, |a| match a {
        Action::Announce { visitor, text, held, .. } => Some((visitor, text, held)),
        _ => None,
    })
}

/// Delivers every announcement message due now, one each, as a connector would.
fn deliver_due(f: &Fixture) -> usize {
    let due = f.engine.due_where(10_000, |a| matches!(a, Action::Announce { .. })).unwrap();
    for (n, entry) in due.iter().enumerate() {
        assert_eq!(f.engine.claim_once(entry.id()).unwrap(), Claimed::Now, "claimed once");
        let reference = MessageRef::telegram(9000 + i32::try_from(n).unwrap());
        f.engine.delivered(entry, &[reference]).unwrap();
    }
    due.len()
}

/// `n` visitors who chose `language` and subscribed.
fn subscribers(f: &Fixture, from: i64, n: i64, language: &str) {
    for visitor in from..from + n {
        f.choose_language(visitor, language);
        f.command(visitor, VisitorCommand::HoldReplies(false));
        news(f, visitor);
    }
}

#[test]
fn news_subscribes_and_unsubscribes_in_the_visitors_language() {
    let f = Fixture::team();
    let catalog = Catalog::embedded().unwrap();
    f.choose_language(1, "th");
    let on = news(&f, 1);
    assert_eq!(prompts(&on)[0].0, catalog.render("th", "news-subscribed", &[]));
    assert!(prompts(&on)[0].0.contains("/news"), "says how to stop: {:?}", prompts(&on));
    let off = news(&f, 1);
    assert_eq!(prompts(&off)[0].0, catalog.render("th", "news-unsubscribed", &[]));
    // Someone who unsubscribed gets nothing.
    subscribers(&f, 2, 5, "th");
    announce(&f, "!announce all Thai class on Tuesday at 18");
    announce(&f, "!announce send");
    let to: Vec<VisitorId> = waiting(&f).into_iter().map(|(v, _, _)| v).collect();
    assert_eq!(to.len(), 5);
    assert!(!to.contains(&f.visitor_id(1)));
}

#[test]
fn only_a_coordinator_in_the_duty_room_announces() {
    let f = Fixture::team();
    subscribers(&f, 1, 6, "en");
    let grace = f.say("grace", StaffRoom::Duty, "!announce all Gathering on Friday");
    assert!(duty_lines(&grace).iter().any(|l| l.contains("Only a coordinator")), "{:?}", duty_lines(&grace));
    let sent = f.say("grace", StaffRoom::Duty, "!announce send");
    assert!(waiting(&f).is_empty(), "{:?}", duty_lines(&sent));
    f.duty("grace", true);
    f.write(1, "hello");
    let in_room = f.in_room(MAJA, 1, "!announce all Gathering on Friday");
    assert!(notices(&in_room).iter().any(|n| n.contains("duty room")), "{:?}", notices(&in_room));
    assert!(waiting(&f).is_empty());
}

#[test]
fn the_preview_counts_recipients_and_hides_small_counts() {
    let f = Fixture::team();
    subscribers(&f, 1, 6, "ro");
    subscribers(&f, 10, 2, "th");
    let ro = announce(&f, "!announce ro Curs de daneză marți");
    let preview = duty_lines(&ro).join("\n");
    assert!(preview.contains("6 subscribers") && preview.contains("Romanian (ro)"), "{preview}");
    assert!(preview.contains("Curs de daneză marți"), "{preview}");
    let th = announce(&f, "!announce th ชั้นเรียนวันอังคาร");
    assert!(duty_lines(&th).join("\n").contains("<5 subscribers"), "{:?}", duty_lines(&th));
    let all = announce(&f, "!announce all Gathering");
    assert!(duty_lines(&all).join("\n").contains("8 subscribers"), "{:?}", duty_lines(&all));
    // Nothing goes out before `send`; the last preview is the one sent.
    assert!(waiting(&f).is_empty());
    let unknown = announce(&f, "!announce xx Hello");
    assert!(duty_lines(&unknown).join("\n").contains("not one of our languages"));
    let long = format!("!announce all {}", "a".repeat(MAX_CHARS + 1));
    assert!(duty_lines(&announce(&f, &long)).join("\n").contains("too long"));
    announce(&f, "!announce send");
    assert_eq!(waiting(&f).len(), 8);
}

#[test]
fn an_announcement_goes_to_the_audience_in_their_language_at_the_pace() {
    let f = Fixture::team();
    let catalog = Catalog::embedded().unwrap();
    subscribers(&f, 1, 5, "ro");
    subscribers(&f, 10, 5, "th");
    announce(&f, "!announce th ชั้นเรียนภาษาเดนมาร์กวันอังคาร 18:00");
    let sent = announce(&f, "!announce send");
    assert!(duty_lines(&sent).iter().any(|l| l.contains("Announcement 1") && l.contains("5 subscribers")));
    let messages = waiting(&f);
    assert_eq!(messages.len(), 5);
    let expected = catalog.render_for(
        Channel::Telegram,
        "th",
        "news-announcement",
        &[("text", "ชั้นเรียนภาษาเดนมาร์กวันอังคาร 18:00".into())],
    );
    assert!(messages.iter().all(|(_, text, held)| text == &expected && !held), "{messages:?}");
    // 25 a second: one now, the next 40 ms later, and so on.
    assert_eq!(deliver_due(&f), 1);
    f.clock.advance_millis(40);
    assert_eq!(deliver_due(&f), 1);
    f.clock.advance_millis(119);
    assert_eq!(deliver_due(&f), 2);
    f.clock.advance_millis(1000);
    let settled = f.engine.due_where(100, |a| matches!(a, Action::Announce { .. })).unwrap();
    let entry = settled.into_iter().next().unwrap();
    assert_eq!(f.engine.claim_once(entry.id()).unwrap(), Claimed::Now);
    let done = f.engine.settle(&[(entry, Outcome::Delivered(vec![MessageRef::telegram(1)]))]).unwrap();
    let tally = duty_texts(&done).join("\n");
    assert!(tally.contains("Announcement 1 is out: 5 delivered"), "{tally}");
    assert!(waiting(&f).is_empty());
    // Its messages are in the chat log: /hide and auto-hide find them.
    for visitor in 10..15 {
        let logged = f.engine.store().chat_log(f.visitor_id(visitor), Timestamp(0)).unwrap();
        assert_eq!(logged.len(), 1, "visitor {visitor}");
    }
}

#[test]
fn held_replies_stay_held_and_the_secret_word_stops_everything() {
    let f = Fixture::team();
    subscribers(&f, 1, 5, "en");
    // Visitor 6 holds replies: the announcement waits with their held messages.
    f.choose_language(6, "en");
    f.command(6, VisitorCommand::HoldReplies(true));
    news(&f, 6);
    // Visitor 7 used their secret word before the announcement: nothing for them.
    f.choose_language(7, "en");
    f.command(7, VisitorCommand::HoldReplies(false));
    news(&f, 7);
    f.command(7, VisitorCommand::SafeWord(SafeWordChange::Set("Lotus CANARY".into())));
    f.write(7, "lotus canary");
    announce(&f, "!announce all Gathering on Friday");
    let sent = announce(&f, "!announce send");
    assert!(duty_lines(&sent).iter().any(|l| l.contains("going out to 5 subscribers")), "{:?}", duty_lines(&sent));
    let messages = waiting(&f);
    assert_eq!(messages.len(), 6, "five now, one parked");
    let parked: Vec<_> = messages.iter().filter(|(_, _, held)| *held).map(|(v, _, _)| *v).collect();
    assert_eq!(parked, vec![f.visitor_id(6)]);
    assert!(!messages.iter().any(|(v, _, _)| *v == f.visitor_id(7)), "after the secret word: nothing");
    let due_for = |f: &Fixture, visitor: VisitorId| {
        f.engine
            .due_where(100, |a| matches!(a, Action::Announce { .. }))
            .unwrap()
            .iter()
            .any(|e| e.action.lane() == Lane::Held(visitor) || e.action.lane() == Lane::News(visitor))
    };
    f.clock.advance_millis(10_000);
    assert!(!due_for(&f, f.visitor_id(6)), "parked until they ask");

    // Visitor 5 uses their secret word while the announcement is going out: withdrawn.
    f.command(5, VisitorCommand::SafeWord(SafeWordChange::Set("Rose CANARY".into())));
    f.write(5, "rose canary");
    assert!(!waiting(&f).iter().any(|(v, _, _)| *v == f.visitor_id(5)), "withdrawn after the word");
    assert!(!due_for(&f, f.visitor_id(5)));

    // Visitor 6 asks for their messages: the announcement comes.
    f.command(6, VisitorCommand::Messages(None));
    assert!(due_for(&f, f.visitor_id(6)));
    assert_eq!(deliver_due(&f), 5, "four at the pace, and the one they asked for");
    assert!(waiting(&f).is_empty());
}

#[test]
fn forget_and_unsubscribe_withdraw_and_the_tally_still_comes() {
    let f = Fixture::team();
    subscribers(&f, 1, 6, "en");
    announce(&f, "!announce all Gathering on Friday");
    announce(&f, "!announce send");
    news(&f, 2);
    f.command(3, VisitorCommand::ConfirmForget(true));
    assert_eq!(waiting(&f).len(), 4);
    f.clock.advance_millis(60_000);
    let due = f.engine.due_where(100, |a| matches!(a, Action::Announce { .. })).unwrap();
    assert_eq!(due.len(), 4);
    let outcomes: Vec<_> = due
        .into_iter()
        .enumerate()
        .map(|(n, entry)| {
            let outcome = if n == 0 {
                Outcome::Failed(Failure::Permanent { reason: "the visitor blocked the bot".into() })
            } else {
                Outcome::Delivered(vec![MessageRef::telegram(n as i32)])
            };
            (entry, outcome)
        })
        .collect();
    let done = f.engine.settle(&outcomes).unwrap();
    let tally = duty_texts(&done).join("\n");
    assert!(tally.contains("Announcement 1 is out") && tally.contains("withdrawn"), "{tally}");
    // The erased visitor's subscription is gone; the unsubscribed one's too.
    announce(&f, "!announce all Next gathering");
    announce(&f, "!announce send");
    let to: Vec<VisitorId> = waiting(&f).into_iter().map(|(v, _, _)| v).collect();
    assert_eq!(to.len(), 4);
    assert!(!to.contains(&f.visitor_id(2)));
}

#[test]
fn a_restart_mid_announcement_sends_nobody_twice_and_skips_nobody() {
    let mut f = Fixture::team();
    subscribers(&f, 1, 10, "en");
    announce(&f, "!announce all Gathering on Friday");
    announce(&f, "!announce send");
    f.clock.advance_millis(120);
    assert_eq!(deliver_due(&f), 4);
    // The fifth was being sent when the bridge died: claimed, never settled.
    f.clock.advance_millis(40);
    let cut = f.engine.due_where(100, |a| matches!(a, Action::Announce { .. })).unwrap();
    assert_eq!(cut.len(), 1);
    assert_eq!(f.engine.claim_once(cut[0].id()).unwrap(), Claimed::Now);
    // The sixth had reached the phone, but its send was not settled yet.
    f.clock.advance_millis(40);
    let sent = f.engine.due_where(100, |a| matches!(a, Action::Announce { .. })).unwrap();
    let sent: Vec<_> = sent.into_iter().filter(|e| e.id() != cut[0].id()).collect();
    assert_eq!(sent.len(), 1);
    assert_eq!(f.engine.claim_once(sent[0].id()).unwrap(), Claimed::Now);
    f.engine.claim_sent(sent[0].id(), &[MessageRef::telegram(4242)]).unwrap();
    f.engine.flush().unwrap();
    // Down for a minute: everything fell due meanwhile.
    f.clock.advance_millis(60_000);
    f.restart();
    // Taken up again at the pace, not all at once.
    let now = f.engine.due_where(100, |a| matches!(a, Action::Announce { .. })).unwrap();
    assert_eq!(now.len(), 1, "one due now, the rest at the pace");
    // The claimed one is not sent again.
    assert_eq!(f.engine.claim_once(now[0].id()).unwrap(), Claimed::Interrupted, "the cut-off one is first in line");
    f.engine.settle(&[(now[0].clone(), Outcome::Interrupted)]).unwrap();
    f.clock.advance_millis(40);
    let next = f.engine.due_where(100, |a| matches!(a, Action::Announce { .. })).unwrap();
    assert_eq!(f.engine.claim_once(next[0].id()).unwrap(), Claimed::Sent(vec![MessageRef::telegram(4242)]));
    f.engine.settle(&[(next[0].clone(), Outcome::Delivered(vec![MessageRef::telegram(4242)]))]).unwrap();
    let mut delivered = 5;
    for _ in 0..20 {
        f.clock.advance_millis(40);
        delivered += deliver_due(&f);
    }
    assert_eq!(delivered, 9, "everyone but the one cut off, once each");
    assert!(waiting(&f).is_empty());
}

#[test]
fn announce_cancel_drops_the_preview_or_stops_the_sending() {
    let f = Fixture::team();
    subscribers(&f, 1, 6, "en");
    announce(&f, "!announce all Gathering on Friday");
    let dropped = announce(&f, "!announce cancel");
    assert!(duty_lines(&dropped).join("").contains("dropped"));
    let nothing = announce(&f, "!announce send");
    assert!(duty_lines(&nothing).join("").contains("Nothing to send"));
    announce(&f, "!announce all Gathering on Friday");
    announce(&f, "!announce send");
    let busy = announce(&f, "!announce send");
    assert!(duty_lines(&busy).join("").contains("still going out"), "{:?}", duty_lines(&busy));
    assert_eq!(deliver_due(&f), 1);
    let stopped = announce(&f, "!announce cancel");
    assert!(
        duty_lines(&stopped).join("").contains("stopped: <5 had gone out, 5 will not"),
        "{:?}",
        duty_lines(&stopped)
    );
    assert!(waiting(&f).is_empty());
}

#[test]
fn nothing_of_an_announcement_or_a_subscription_is_readable_on_disk() {
    let f = Fixture::team();
    subscribers(&f, 1, 5, "en");
    announce(&f, "!announce all CANARY-NEWS-7f3a gathering");
    announce(&f, "!announce send");
    f.engine.flush().unwrap();
    assert_in_no_file(f.dir.path(), &["CANARY-NEWS-7f3a"]);
}

#[test]
fn an_announcement_is_hidden_with_the_chat_when_the_visitor_chose_auto_hide() {
    let f = Fixture::team();
    subscribers(&f, 1, 5, "en");
    f.command(1, VisitorCommand::SetAutoHide(Some(5)));
    let checks = |f: &Fixture| queued(f, |a| matches!(a, Action::AutoHideChat { .. }).then_some(())).len();
    let before = checks(&f);
    announce(&f, "!announce all Gathering on Friday");
    announce(&f, "!announce send");
    f.clock.advance_millis(1000);
    assert_eq!(deliver_due(&f), 5);
    assert_eq!(checks(&f), before + 1, "the delivered announcement schedules visitor 1's auto-hide check");
}
