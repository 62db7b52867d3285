//! The visitor's safety on Telegram, end to end through the fake Bot API: the safe word,
//! auto-hide, and continuing on another phone.

use std::time::Duration;

use bridge::PlatformAccount;
use hopenow_tests::fake_telegram::{FakeUser, Sent};
use hopenow_tests::telegram_bridge::{Bridge, wait_until};

use super::telegram::{LIMIT, bidi_free, button_data, catalog, sent_to};

/// Someone may be holding the phone: the safe word clears the chat (the word too), a harmless
/// message is all that shows, staff are told and their replies wait until the visitor comes back
/// with `/messages <word>`; nothing else from the phone gets an answer. The word is nowhere in
/// the data dir.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_safe_word_clears_the_chat_shows_a_decoy_and_staff_wait_until_the_visitor_is_back() {
    let bridge = Bridge::start().await;
    let user = FakeUser::new(6060, "V", None, Some("en"));
    bridge.fake.push_text(&user, "/start");
    wait_until("greeted", LIMIT, || !sent_to(&bridge, &user).is_empty()).await;
    bridge.fake.push_text(&user, "hello, I need to talk to someone");
    wait_until("relayed", LIMIT, || !bridge.staff.relayed().is_empty()).await;
    let command = bridge.fake.push_text(&user, "/word CanaryMarigold");
    wait_until("the command message is deleted", LIMIT, || {
        !bridge.fake.live_messages(user.id).contains(&command.message_id)
    })
    .await;

    bridge.fake.push_text(&user, "canarymarigold");
    let decoy = catalog().render("en", "decoy", &[]);
    wait_until("only the decoy is left", LIMIT, || {
        let live = bridge.fake.live_messages(user.id);
        live.len() == 1 && bridge.fake.message(user.id, live[0]).is_some_and(|m| m["text"] == decoy.as_str())
    })
    .await;
    wait_until("staff are told", LIMIT, || bridge.staff.notices().iter().any(|n| n.contains("secret word"))).await;
    assert!(bridge.staff.relayed().iter().all(|r| !r.text.to_lowercase().contains("marigold")), "never relayed");

    bridge.staff_says("grace", &user, "are you safe?").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        sent_to(&bridge, &user).iter().all(|s| !s.text.as_deref().unwrap_or("").contains("are you safe?")),
        "nothing reaches the phone while the visitor is away"
    );
    // Whoever holds the phone answers the decoy and tries the menu: the bot says nothing, and
    // staff see each message flagged.
    let sent_before = sent_to(&bridge, &user).len();
    for text in ["what appointment?", "/messages", "/word off", "/start", "/help", "/messages marigold"] {
        bridge.fake.push_text(&user, text);
    }
    let flagged =
        |bridge: &Bridge| bridge.staff.notices().iter().filter(|n| n.contains("may not be the visitor")).count();
    wait_until("staff see the flags", LIMIT, || flagged(&bridge) >= 3).await;
    wait_until("every update was taken", LIMIT, || bridge.fake.pending_updates() == 0).await;
    assert_eq!(sent_to(&bridge, &user).len(), sent_before, "nothing reaches the phone from the bot");
    assert!(
        !bridge.staff.notices().iter().any(|n| n.contains("wrote again")),
        "staff are not told the visitor is back"
    );

    // The visitor comes back with the word: the reply arrives, the command leaves the phone.
    let back = bridge.fake.push_text(&user, "/messages CanaryMarigold");
    wait_until("the held reply arrives", LIMIT, || {
        sent_to(&bridge, &user).iter().any(|s| s.text.as_deref().unwrap_or("").contains("are you safe?"))
    })
    .await;
    // Deletions share one ordered lane: this one comes after the `/word` confirmation's, due
    // a minute after it was shown (a visitor who sets the word and comes back within a minute
    // waits that long; SECURITY.md, still open).
    bridge.advance_secs(61);
    wait_until("the command is deleted", LIMIT, || !bridge.fake.live_messages(user.id).contains(&back.message_id))
        .await;
    assert!(bridge.staff.notices().iter().any(|n| n.contains("wrote again")));

    let path = bridge.path().to_path_buf();
    let canaries = [hopenow_tests::canary::Canary::text("safe word", "arymarigold")];
    let lower = [hopenow_tests::canary::Canary::text("safe word", "ARYMARIGOLD")];
    bridge.stop().await;
    assert_eq!(hopenow_tests::canary::scan(&path, &canaries), Vec::new());
    assert_eq!(hopenow_tests::canary::scan(&path, &lower), Vec::new());
}

/// Auto-hide over the real connector: the chosen delay after the last message, every message of
/// the chat still deletable goes (the visitor's, the bridge's and the staffer's), not earlier.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_hide_empties_the_chat_five_minutes_after_its_last_message() {
    let bridge = Bridge::start().await;
    let user = FakeUser::new(6161, "V", None, Some("en"));
    bridge.fake.push_text(&user, "/start");
    wait_until("greeted", LIMIT, || !sent_to(&bridge, &user).is_empty()).await;
    bridge.fake.push_text(&user, "/autohide");
    let offers_five = |s: &Sent| button_data(s).contains(&"autohide:5".to_owned());
    wait_until("the question", LIMIT, || sent_to(&bridge, &user).iter().any(offers_five)).await;
    let question = sent_to(&bridge, &user).into_iter().find(offers_five).unwrap();
    bridge.fake.push_callback(&user, question.message_id.unwrap(), "autohide:5");
    let confirmation = bidi_free(&catalog().render("en", "auto-hide-on", &[("minutes", 5u32.into())]));
    wait_until("the confirmation", LIMIT, || {
        sent_to(&bridge, &user).iter().any(|s| s.text.as_deref().map(bidi_free).as_deref() == Some(&confirmation))
    })
    .await;

    bridge.fake.push_text(&user, "hello, can we talk?");
    wait_until("relayed", LIMIT, || !bridge.staff.relayed().is_empty()).await;
    bridge.staff_says("grace", &user, "yes, I am here").await;
    wait_until("the reply", LIMIT, || {
        sent_to(&bridge, &user).iter().any(|s| s.text.as_deref().unwrap_or("").contains("yes, I am here"))
    })
    .await;
    // Settled, so each message's deletion clock started before the test moves time on.
    let visitor = bridge.engine.store().find_visitor(&PlatformAccount::Telegram(user.id)).unwrap().unwrap().id;
    wait_until("every message settled", LIMIT, || {
        let pending = bridge.engine.store().outbox_entries().unwrap();
        !pending.iter().any(|e| e.action.lane() == bridge::outbox::Lane::Visitor(visitor))
    })
    .await;
    let before = bridge.fake.live_messages(user.id);
    assert!(before.len() >= 6, "greeting, question, answer, messages both ways: {before:?}");

    bridge.advance_secs(4 * 60);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(bridge.fake.live_messages(user.id), before, "nothing before five minutes");

    bridge.advance_secs(61);
    wait_until("the chat is empty", LIMIT, || bridge.fake.live_messages(user.id).is_empty()).await;
    bridge.stop().await;
}

/// A visitor continues on another phone: `/code` on the old one gives four words (the command
/// and the answer leave that phone), the words alone sent from another Telegram account move the
/// visitor there with their pseudonym and conversation, the old chat is emptied, staff replies go
/// to the new phone only, and whoever writes from the old account next is a stranger.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_continues_on_another_phone_and_the_old_one_gets_nothing_afterwards() {
    let bridge = Bridge::start().await;
    let old = FakeUser::new(7071, "V", None, Some("en"));
    let new = FakeUser::new(7072, "W", None, Some("en"));
    bridge.fake.push_text(&old, "hello, I need to talk to someone");
    wait_until("relayed", LIMIT, || !bridge.staff.relayed().is_empty()).await;
    let visitor = bridge.engine.store().find_visitor(&PlatformAccount::Telegram(old.id)).unwrap().unwrap();
    let command = bridge.fake.push_text(&old, "/code");
    let given = catalog().render("en", "code-given", &[("phrase", "@".into()), ("minutes", 15_i64.into())]);
    let (lead, _) = bidi_free(&given).split_once('@').map(|(a, b)| (a.to_owned(), b.to_owned())).unwrap();
    wait_until("the four words", LIMIT, || {
        sent_to(&bridge, &old).iter().any(|s| bidi_free(s.text.as_deref().unwrap_or("")).starts_with(&lead))
    })
    .await;
    let answer =
        sent_to(&bridge, &old).into_iter().find_map(|s| s.text.filter(|t| bidi_free(t).starts_with(&lead))).unwrap();
    let phrase: String = answer.split('\u{2068}').nth(1).and_then(|p| p.split('\u{2069}').next()).unwrap().to_owned();
    assert_eq!(phrase.split(' ').count(), 4, "{phrase}");
    wait_until("the command leaves the old phone", LIMIT, || {
        !bridge.fake.live_messages(old.id).contains(&command.message_id)
    })
    .await;

    // On the new phone, only the words, the way someone who cannot read the rest would type them.
    bridge.fake.push_text(&new, &phrase.to_uppercase());
    let moved = catalog().render("en", "code-moved", &[]);
    wait_until("welcome on the new phone", LIMIT, || {
        sent_to(&bridge, &new).iter().any(|s| s.text.as_deref() == Some(moved.as_str()))
    })
    .await;
    wait_until("staff are told", LIMIT, || bridge.staff.notices().iter().any(|n| n.contains("another phone"))).await;
    wait_until("the old phone shows nothing", LIMIT, || bridge.fake.live_messages(old.id).is_empty()).await;
    let store = bridge.engine.store();
    let moved_visitor = store.find_visitor(&PlatformAccount::Telegram(new.id)).unwrap().unwrap();
    assert_eq!((moved_visitor.id, &moved_visitor.pseudonym), (visitor.id, &visitor.pseudonym));
    assert!(store.find_visitor(&PlatformAccount::Telegram(old.id)).unwrap().is_none());
    assert!(bridge.staff.relayed().iter().all(|r| !r.text.to_lowercase().contains(&phrase)), "never relayed");

    let to_old_before = sent_to(&bridge, &old).len();
    bridge.staff_says("grace", &new, "we are still here").await;
    bridge.fake.push_text(&new, "thank you, this is my new phone");
    wait_until("the reply on the new phone", LIMIT, || {
        sent_to(&bridge, &new).iter().any(|s| s.text.as_deref().unwrap_or("").contains("we are still here"))
    })
    .await;
    wait_until("relayed to the same conversation", LIMIT, || {
        bridge.staff.relayed().iter().any(|r| {
            r.text.contains("my new phone")
                && r.conversation == visitor.conversation
                && r.text.contains(visitor.pseudonym.as_str())
        })
    })
    .await;
    assert_eq!(sent_to(&bridge, &old).len(), to_old_before, "nothing more goes to the old phone");

    // Someone writing from the old account is a stranger, greeted as one.
    bridge.fake.push_text(&old, "who is this?");
    wait_until("a stranger's greeting", LIMIT, || sent_to(&bridge, &old).len() > to_old_before).await;
    let stranger = bridge.engine.store().find_visitor(&PlatformAccount::Telegram(old.id)).unwrap().unwrap();
    assert_ne!(stranger.id, visitor.id);
    assert_ne!(stranger.pseudonym, visitor.pseudonym);

    let path = bridge.path().to_path_buf();
    bridge.stop().await;
    let canaries = [hopenow_tests::canary::Canary::text("phrase", &phrase)];
    assert_eq!(hopenow_tests::canary::scan(&path, &canaries), Vec::new());
}
