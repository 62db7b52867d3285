//! Who can read and write in the staff rooms, against a real Synapse: only cross-signed devices
//! of the roster get room keys and have an effect; a stranger invited into a conversation room is
//! removed; a new session on the bot's own account gets nothing and the duty room hears of it;
//! what staff send reaches a visitor without their photos' metadata.

use std::time::Duration;

use hopenow_tests::engine::team;
use hopenow_tests::fake_telegram::FakeUser;
use hopenow_tests::matrix_bridge::{BOT, PASSWORD};
use hopenow_tests::samples::phone_photo_with_xmp;
use hopenow_tests::staff_client::StaffClient;
use hopenow_tests::telegram_bridge::wait_until;
use matrix_sdk::ruma::events::room::member::MembershipState;

use crate::matrix::{LIMIT, first_relayed, got_in, grace_on_duty, visitor_got};

/// Time given to a message that must NOT arrive, after a later one did.
const SETTLE: Duration = Duration::from_secs(3);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_unverified_second_login_of_a_staffer_reads_nothing_and_reaches_no_visitor() {
    let (homeserver, installation, fake, bridge) = grace_on_duty().await;
    let grace = &homeserver.grace;
    let visitor = FakeUser::new(313_131, "V", None, Some("en"));
    let room = first_relayed(&bridge, grace, &fake, &visitor, "before the second login").await;

    // Someone with Grace's password signs in on another device and never verifies it.
    let phone = StaffClient::login_unverified(&homeserver.synapse.url(), "grace", PASSWORD).await;
    wait_until("the bot knows the new device", LIMIT, || {
        let encryption = bridge.matrix.client.encryption();
        futures_now(async { encryption.get_user_devices(&grace.user_id()).await.unwrap().devices().count() == 2 })
    })
    .await;
    wait_until("the new device is in the room", LIMIT, || phone.client.get_room(&room).is_some()).await;

    let before = phone.could_not_decrypt(&room, &homeserver.bot);
    fake.push_text(&visitor, "after the second login CANARY-UNVERIFIED");
    wait_until("the verified device reads it", LIMIT, || got_in(grace, &room, "CANARY-UNVERIFIED")).await;
    wait_until("the unverified device got it, undecryptable", LIMIT, || {
        phone.could_not_decrypt(&room, &homeserver.bot) > before
    })
    .await;
    tokio::time::sleep(SETTLE).await;
    assert!(!got_in(&phone, &room, "CANARY-UNVERIFIED"), "an unverified device gets no room key");

    // What it writes reaches no visitor, and the room is told why, once.
    phone.say(&room, "from the unverified phone CANARY-IMPOSTOR").await;
    let told = "wrote from a session that is not verified";
    wait_until("the room is told why", LIMIT, || got_in(grace, &room, told)).await;
    phone.say(&room, "again CANARY-IMPOSTOR-2").await;
    grace.say(&room, "from the verified device").await;
    wait_until("the verified device still writes", LIMIT, || visitor_got(&fake, &visitor, "from the verified device"))
        .await;
    tokio::time::sleep(SETTLE).await;
    assert!(!visitor_got(&fake, &visitor, "CANARY-IMPOSTOR"), "nothing from the unverified device");
    let times = grace.received().iter().filter(|r| r.room == room && r.body.contains(told)).count();
    assert_eq!(times, 1, "told once");
    bridge.stop().await;

    // `hopenow check --online` names the staffer and the session to verify.
    let store = bridge::Store::open(installation.dir.path(), &installation.key).unwrap();
    let findings = bot::matrix::check::online(&installation.matrix_settings(&homeserver), &store, &team()).await;
    let phone_device = phone.client.device_id().unwrap().to_string();
    let listed = findings.iter().find(|(_, f)| f.contains("staff grace") && f.contains(&phone_device));
    assert_eq!(listed.map(|(ok, _)| *ok), Some(false), "{findings:?}");
    assert!(findings.iter().all(|(_, f)| !f.contains("staff ana")), "ana's one session is verified: {findings:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stranger_invited_into_a_conversation_room_is_removed_and_reads_nothing() {
    let (homeserver, _installation, fake, bridge) = grace_on_duty().await;
    let grace = &homeserver.grace;
    let visitor = FakeUser::new(323_232, "V", None, Some("en"));
    let room = first_relayed(&bridge, grace, &fake, &visitor, "before the stranger").await;

    // Mallory is cross-signed (a careful intruder) but not on the roster.
    let mallory = StaffClient::login(&homeserver.synapse.url(), "mallory", PASSWORD).await;
    grace.client.get_room(&room).unwrap().invite_user_by_id(&mallory.user_id()).await.unwrap();
    wait_until("the room is told why the stranger was removed", LIMIT, || {
        got_in(grace, &room, "not on the team's roster") && got_in(grace, &room, "has been removed")
    })
    .await;
    let membership = || async {
        let room = grace.client.get_room(&room).unwrap();
        room.get_member_no_sync(&mallory.user_id()).await.unwrap().map(|m| m.membership().clone())
    };
    for _ in 0..600 {
        if membership().await == Some(MembershipState::Leave) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(membership().await, Some(MembershipState::Leave), "removed (kicked) by the bot");

    fake.push_text(&visitor, "after the stranger CANARY-STRANGER");
    wait_until("staff read it", LIMIT, || got_in(grace, &room, "CANARY-STRANGER")).await;
    tokio::time::sleep(SETTLE).await;
    assert!(!got_in(&mallory, &room, "CANARY-STRANGER"), "the stranger reads nothing later");
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_new_session_on_the_bots_account_gets_no_keys_and_the_duty_room_is_warned() {
    let (homeserver, _installation, fake, bridge) = grace_on_duty().await;
    let grace = &homeserver.grace;
    let visitor = FakeUser::new(333_333, "V", None, Some("en"));
    let room = first_relayed(&bridge, grace, &fake, &visitor, "before the intruder").await;

    // Someone logs in with the bot's password.
    let intruder = StaffClient::login_unverified(&homeserver.synapse.url(), BOT, PASSWORD).await;
    let intruder_device = intruder.client.device_id().unwrap().to_string();
    wait_until("the duty room is warned", LIMIT, || {
        grace.received().iter().any(|r| {
            r.room == homeserver.duty_room && r.body.contains("new session") && r.body.contains(&intruder_device)
        })
    })
    .await;
    wait_until("the intruder's device is in the room", LIMIT, || intruder.client.get_room(&room).is_some()).await;

    let before = intruder.could_not_decrypt(&room, &homeserver.bot);
    fake.push_text(&visitor, "after the intruder CANARY-INTRUDER");
    wait_until("staff read it", LIMIT, || got_in(grace, &room, "CANARY-INTRUDER")).await;
    wait_until("the intruder got it, undecryptable", LIMIT, || {
        intruder.could_not_decrypt(&room, &homeserver.bot) > before
    })
    .await;
    tokio::time::sleep(SETTLE).await;
    assert!(!got_in(&intruder, &room, "CANARY-INTRUDER"), "the bot's new device gets no room key");
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_staff_photo_reaches_the_visitor_without_its_metadata_and_an_uncleanable_file_is_refused() {
    let (homeserver, _installation, fake, bridge) = grace_on_duty().await;
    let grace = &homeserver.grace;
    let visitor = FakeUser::new(343_434, "V", None, Some("en"));
    let room = first_relayed(&bridge, grace, &fake, &visitor, "send me a map").await;

    let photo = phone_photo_with_xmp("CANARY-GPS");
    assert!(photo.windows(10).any(|w| w == b"CANARY-GPS") && photo.windows(9).any(|w| w == b"x:xmpmeta"));
    grace.send_file(&room, "map.jpg", "image/jpeg", photo).await;
    let to_visitor = || {
        fake.sent_by("sendPhoto")
            .into_iter()
            .chain(fake.sent_by("sendDocument"))
            .filter(|s| s.chat_id == Some(visitor.id))
            .filter_map(|s| s.upload)
            .collect::<Vec<_>>()
    };
    wait_until("the photo reaches the visitor", LIMIT, || !to_visitor().is_empty()).await;
    let uploaded = to_visitor().remove(0).bytes;
    assert!(uploaded.starts_with(&[0xFF, 0xD8]) && uploaded.ends_with(&[0xFF, 0xD9]), "still a JPEG");
    for mark in [&b"CANARY-GPS"[..], b"GPSLatitude", b"BodySerialNumber", b"xmpmeta", b"Exif"] {
        assert!(!uploaded.windows(mark.len()).any(|w| w == mark), "{} left in", String::from_utf8_lossy(mark));
    }

    // A phone video (an ISO media file) can hold where it was filmed; the bridge cannot clean it.
    let mut video = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom".to_vec();
    video.extend_from_slice(b"\0\0\0\x20moov\xa9xyz+55.6761+012.5683/ CANARY-VIDEO");
    grace.send_file(&room, "clip.mp4", "video/mp4", video).await;
    wait_until("the staffer is told why it was not sent", LIMIT, || {
        got_in(grace, &room, "Not sent: the bridge cannot remove")
    })
    .await;
    grace.say(&room, "after the video").await;
    wait_until("the next message arrives", LIMIT, || visitor_got(&fake, &visitor, "after the video")).await;
    let videos = fake.sent_by("sendVideo").into_iter().chain(fake.sent_by("sendDocument"));
    assert!(videos.filter(|s| s.chat_id == Some(visitor.id)).all(|s| s.upload.is_none()), "no video sent");
    bridge.stop().await;
}

/// Runs a short future to completion from a synchronous check.
fn futures_now<F: Future<Output = bool>>(future: F) -> bool {
    tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(future))
}
