//! Opt-in news against a real Synapse: a Matrix visitor subscribes with `!news`, a Telegram
//! visitor with `/news`; Ana, a coordinator here, previews and sends an announcement from the
//! encrypted duty room with her own client; both visitors get it once, the duty room the tally.
//! Grace, who is not a coordinator, cannot.

use bridge::roster::Role;
use hopenow_tests::engine::team;
use hopenow_tests::fake_telegram::{FakeTelegram, FakeUser};
use hopenow_tests::matrix_bridge::{Homeserver, Installation, PASSWORD};
use hopenow_tests::staff_client::StaffClient;
use hopenow_tests::telegram_bridge::wait_until;

use crate::matrix::{LIMIT, got_in, visitor_got};

const WORDS: &str = "Gathering on Friday at 17 CANARY-MXNEWS";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_coordinator_announces_to_matrix_and_telegram_subscribers_from_the_duty_room() {
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let mut staff = team();
    let ana = staff.iter_mut().find(|m| m.id.as_str() == "ana").unwrap();
    ana.roles.push(Role::Coordinator);
    let bridge = installation.start_with_team(&homeserver, &fake, staff, Default::default()).await;
    let duty = &homeserver.duty_room;

    let victor = StaffClient::login(&homeserver.synapse.url(), "victor", PASSWORD).await;
    let chat = victor.create_direct_chat(&homeserver.bot).await;
    victor.wait_for_member(&chat, &homeserver.bot).await;
    victor.say(&chat, "!news").await;
    wait_until("the Matrix visitor is subscribed", LIMIT, || got_in(&victor, &chat, "Send !news again to stop")).await;
    let telegram = FakeUser::new(71_000_001, "V", None, Some("en"));
    fake.push_text(&telegram, "/news");
    wait_until("the Telegram visitor is subscribed", LIMIT, || visitor_got(&fake, &telegram, "Send /news again")).await;

    homeserver.grace.say(duty, &format!("!announce all {WORDS}")).await;
    wait_until("grace is refused", LIMIT, || got_in(&homeserver.grace, duty, "Only a coordinator")).await;
    homeserver.ana.say(duty, &format!("!announce all {WORDS}")).await;
    wait_until("the preview", LIMIT, || got_in(&homeserver.ana, duty, "<5 subscribers would get it now")).await;
    assert!(!got_in(&victor, &chat, WORDS), "nothing before !announce send");
    homeserver.ana.say(duty, "!announce send").await;
    wait_until("the Matrix visitor gets it", LIMIT, || got_in(&victor, &chat, WORDS)).await;
    wait_until("the Telegram visitor gets it", LIMIT, || visitor_got(&fake, &telegram, WORDS)).await;
    wait_until("the tally", LIMIT, || got_in(&homeserver.ana, duty, "Announcement 1 is out")).await;
    assert!(got_in(&victor, &chat, "Send !news to stop these messages"), "Matrix words name Matrix's command");
    let copies = victor.received().iter().filter(|r| r.room == chat && r.body.contains(WORDS)).count();
    assert_eq!(copies, 1);

    victor.say(&chat, "!news").await;
    wait_until("unsubscribed", LIMIT, || got_in(&victor, &chat, "You will get no more news")).await;
    homeserver.ana.say(duty, "!announce all Second CANARY-MXNEWS-2").await;
    homeserver.ana.say(duty, "!announce send").await;
    wait_until("the second reaches Telegram", LIMIT, || visitor_got(&fake, &telegram, "CANARY-MXNEWS-2")).await;
    wait_until("its tally", LIMIT, || got_in(&homeserver.ana, duty, "Announcement 2 is out")).await;
    assert!(!got_in(&victor, &chat, "CANARY-MXNEWS-2"), "an unsubscribed visitor gets nothing");
    bridge.stop().await;
}
