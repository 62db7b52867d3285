//! `!share` against a real Synapse: a Matrix visitor gets the invitation (the bot's matrix.to
//! link and the words a friend types first) and the keep prompt in their encrypted chat; the
//! invitation leaves the chat after `[share] vanish_minutes`; a friend who starts with
//! `!start share` is counted "via a friend", and nothing says who shared.

use std::time::Duration;

use bridge::engine::{EngineSettings, ShareSettings};
use hopenow_tests::engine::team;
use hopenow_tests::fake_telegram::FakeTelegram;
use hopenow_tests::matrix_bridge::{Homeserver, Installation, PASSWORD};
use hopenow_tests::staff_client::StaffClient;
use hopenow_tests::telegram_bridge::wait_until;

use crate::matrix::{LIMIT, got_in};
use crate::retention::{admin_token, events, has_content};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_matrix_visitor_shares_the_bot_and_a_friend_arrives_through_it() {
    let homeserver = Homeserver::start().await;
    let installation = Installation::default();
    let fake = FakeTelegram::start().await;
    let share = ShareSettings {
        matrix_user_id: Some(homeserver.bot.to_string()),
        vanish_after: Duration::from_secs(3),
        ..ShareSettings::default()
    };
    let settings = EngineSettings { share, ..EngineSettings::default() };
    let bridge = installation.start_with_team(&homeserver, &fake, team(), settings).await;

    let victor = StaffClient::login(&homeserver.synapse.url(), "victor", PASSWORD).await;
    let chat = victor.create_direct_chat(&homeserver.bot).await;
    victor.wait_for_member(&chat, &homeserver.bot).await;
    victor.say(&chat, "!share").await;
    let link = format!("https://matrix.to/#/{}", homeserver.bot);
    wait_until("the invitation", LIMIT, || got_in(&victor, &chat, &link)).await;
    wait_until("the keep prompt", LIMIT, || got_in(&victor, &chat, "Forward the message above")).await;
    let invitation = victor.received().into_iter().find(|r| r.room == chat && r.body.contains(&link)).unwrap();
    assert!(invitation.encrypted, "the chat is end-to-end encrypted");
    assert!(invitation.body.contains("!start share"), "the words the friend types: {}", invitation.body);
    assert!(!invitation.body.contains('\u{2068}') && !invitation.body.contains('\u{2069}'), "no marks travel with it");

    // The invitation leaves the chat by itself: redacted on the server.
    let token = admin_token(&homeserver.synapse);
    let still_there = |id: &str| {
        tokio::task::block_in_place(|| events(&homeserver.synapse, &token, &chat))
            .iter()
            .any(|e| e["event_id"] == id && has_content(e))
    };
    assert!(still_there(invitation.event_id.as_str()), "sent, and there at first");
    wait_until("the invitation is redacted", Duration::from_secs(90), || !still_there(invitation.event_id.as_str()))
        .await;

    // A friend arrives through it, on Matrix.
    let friend = StaffClient::login(&homeserver.synapse.url(), "mallory", PASSWORD).await;
    let theirs = friend.create_direct_chat(&homeserver.bot).await;
    friend.wait_for_member(&theirs, &homeserver.bot).await;
    friend.say(&theirs, "!start share").await;
    wait_until("the friend is greeted", LIMIT, || got_in(&friend, &theirs, "!language en")).await;
    let weeks = bridge.engine.store().week_stats(0, u32::MAX).unwrap();
    let via_friend: u32 =
        weeks.iter().flat_map(|(_, w)| w.campaign_counts()).filter(|(c, _)| c == "share").map(|(_, n)| n).sum();
    assert_eq!(via_friend, 1, "counted via a friend");
    bridge.stop().await;
}
