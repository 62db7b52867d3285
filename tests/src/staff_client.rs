//! A staffer's Matrix client, with encryption, standing in for Element: it joins the rooms it is
//! invited to, decrypts what it receives and answers.

// Test support: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use matrix_sdk::config::SyncSettings;
use matrix_sdk::deserialized_responses::EncryptionInfo;
use matrix_sdk::encryption::EncryptionSettings;
use matrix_sdk::ruma::api::client::room::create_room;
use matrix_sdk::ruma::events::InitialStateEvent;
use matrix_sdk::ruma::events::room::encrypted::OriginalSyncRoomEncryptedEvent;
use matrix_sdk::ruma::events::room::encryption::RoomEncryptionEventContent;
use matrix_sdk::ruma::events::room::member::{MembershipState, StrippedRoomMemberEvent};
use matrix_sdk::ruma::events::room::message::{OriginalSyncRoomMessageEvent, Relation, RoomMessageEventContent};
use matrix_sdk::ruma::{OwnedEventId, OwnedRoomId, OwnedUserId};
use matrix_sdk::{Client, Room};
use tokio::task::JoinHandle;

/// One message the staffer's client received.
#[derive(Clone, Debug)]
pub struct Received {
    pub room: OwnedRoomId,
    pub sender: OwnedUserId,
    pub body: String,
    pub encrypted: bool,
    pub notice: bool,
    /// When this client had it decrypted.
    pub at: std::time::SystemTime,
    /// When the homeserver received it.
    pub origin_ms: u64,
    pub event_id: OwnedEventId,
    /// The event it replies to (`m.relates_to.m.in_reply_to`), as Element reads a reply.
    pub in_reply_to: Option<OwnedEventId>,
}

pub struct StaffClient {
    pub client: Client,
    pub received: Arc<Mutex<Vec<Received>>>,
    /// Encrypted events this client could not decrypt: (room, sender).
    pub undecryptable: Arc<Mutex<Vec<(OwnedRoomId, OwnedUserId)>>>,
    _dir: tempfile::TempDir,
    sync: JoinHandle<()>,
}

impl StaffClient {
    /// Logs in with encryption and cross-signing (as Element does), and syncs in the background.
    /// The account's first login sets cross-signing up, so this device is cross-signed by its
    /// owner: what the bridge requires of a staffer's device.
    pub async fn login(homeserver: &str, user: &str, password: &str) -> StaffClient {
        let staff = Self::login_with(homeserver, user, password, true).await;
        // Cross-signing is uploaded with the first login (no UIA needed then); the device
        // signature must be on the server before anyone judges this device.
        let own = staff.client.encryption().get_own_device().await.unwrap().unwrap();
        assert!(
            staff.client.encryption().cross_signing_status().await.is_some_and(|s| s.is_complete()),
            "{user}'s device {} has cross-signing set up",
            own.device_id()
        );
        staff
    }

    /// Another login of an account whose cross-signing exists already, never verified: a device
    /// someone added with the password alone (no other session, no recovery key).
    pub async fn login_unverified(homeserver: &str, user: &str, password: &str) -> StaffClient {
        Self::login_with(homeserver, user, password, false).await
    }

    async fn login_with(homeserver: &str, user: &str, password: &str, cross_signing: bool) -> StaffClient {
        let dir = tempfile::tempdir().unwrap();
        let client = Client::builder()
            .homeserver_url(homeserver)
            .sqlite_store(dir.path(), None)
            .with_encryption_settings(EncryptionSettings {
                auto_enable_cross_signing: cross_signing,
                ..Default::default()
            })
            .build()
            .await
            .unwrap();
        client
            .matrix_auth()
            .login_username(user, password)
            .initial_device_display_name("Element")
            .send()
            .await
            .unwrap();
        client.encryption().wait_for_e2ee_initialization_tasks().await;
        let undecryptable: Arc<Mutex<Vec<(OwnedRoomId, OwnedUserId)>>> = Arc::default();
        let utd_sink = Arc::clone(&undecryptable);
        client.add_event_handler(move |event: OriginalSyncRoomEncryptedEvent, room: Room| {
            let sink = Arc::clone(&utd_sink);
            async move { sink.lock().unwrap().push((room.room_id().to_owned(), event.sender.clone())) }
        });
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let sink = Arc::clone(&received);
        client.add_event_handler(
            move |event: OriginalSyncRoomMessageEvent, room: Room, encryption: Option<EncryptionInfo>| {
                let sink = Arc::clone(&sink);
                async move {
                    let notice = matches!(
                        event.content.msgtype,
                        matrix_sdk::ruma::events::room::message::MessageType::Notice(_)
                    );
                    let in_reply_to = match &event.content.relates_to {
                        Some(Relation::Reply(reply)) => Some(reply.in_reply_to.event_id.clone()),
                        _ => None,
                    };
                    sink.lock().unwrap().push(Received {
                        room: room.room_id().to_owned(),
                        sender: event.sender.clone(),
                        body: event.content.body().to_owned(),
                        encrypted: encryption.is_some(),
                        notice,
                        at: std::time::SystemTime::now(),
                        origin_ms: event.origin_server_ts.0.into(),
                        event_id: event.event_id.clone(),
                        in_reply_to,
                    });
                }
            },
        );
        client.add_event_handler(|event: StrippedRoomMemberEvent, room: Room, client: Client| async move {
            if Some(&*event.state_key) == client.user_id() && event.content.membership == MembershipState::Invite {
                tokio::spawn(async move {
                    for _ in 0..20 {
                        if room.join().await.is_ok() {
                            return;
                        }
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                });
            }
        });
        client.sync_once(SyncSettings::default()).await.unwrap();
        let syncing = client.clone();
        let sync = tokio::spawn(async move {
            loop {
                if syncing.sync_once(SyncSettings::default().timeout(Duration::from_secs(5))).await.is_err() {
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
            }
        });
        StaffClient { client, received, undecryptable, _dir: dir, sync }
    }

    pub fn user_id(&self) -> OwnedUserId {
        self.client.user_id().unwrap().to_owned()
    }

    /// An encrypted room with these members invited (the duty room).
    pub async fn create_encrypted_room(&self, name: &str, invite: &[OwnedUserId]) -> OwnedRoomId {
        let mut request = create_room::v3::Request::new();
        request.name = Some(name.to_owned());
        request.invite = invite.to_vec();
        request.preset = Some(create_room::v3::RoomPreset::PrivateChat);
        request.initial_state = vec![
            InitialStateEvent::with_empty_state_key(RoomEncryptionEventContent::with_recommended_defaults())
                .to_raw_any(),
        ];
        self.client.create_room(request).await.unwrap().room_id().to_owned()
    }

    /// An encrypted direct chat with `user` (how a person on Matrix writes to the bot).
    pub async fn create_direct_chat(&self, user: &OwnedUserId) -> OwnedRoomId {
        let mut request = create_room::v3::Request::new();
        request.invite = vec![user.clone()];
        request.is_direct = true;
        request.preset = Some(create_room::v3::RoomPreset::TrustedPrivateChat);
        request.initial_state = vec![
            InitialStateEvent::with_empty_state_key(RoomEncryptionEventContent::with_recommended_defaults())
                .to_raw_any(),
        ];
        self.client.create_room(request).await.unwrap().room_id().to_owned()
    }

    pub async fn say(&self, room: &OwnedRoomId, text: &str) {
        self.say_event(room, text).await;
    }

    /// [`StaffClient::say`], returning the event the message became.
    pub async fn say_event(&self, room: &OwnedRoomId, text: &str) -> OwnedEventId {
        let room = self.client.get_room(room).expect("a room the staffer is in");
        room.send(RoomMessageEventContent::text_plain(text)).await.unwrap().response.event_id
    }

    /// Sends and returns when the homeserver accepted it.
    pub async fn say_timed(&self, room: &OwnedRoomId, text: &str) -> std::time::SystemTime {
        self.say(room, text).await;
        std::time::SystemTime::now()
    }

    /// Waits until this client has seen `user` join `room` and knows their devices.
    pub async fn wait_for_member(&self, room: &OwnedRoomId, user: &OwnedUserId) {
        for _ in 0..300 {
            if let Some(room) = self.client.get_room(room)
                && let Ok(Some(member)) = room.get_member_no_sync(user).await
                && *member.membership() == MembershipState::Join
                && self.client.encryption().get_user_devices(user).await.is_ok_and(|d| d.devices().count() > 0)
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{user} never appeared in {room} for {}", self.user_id());
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// How many events in `room` from `sender` this client could not decrypt.
    pub fn could_not_decrypt(&self, room: &OwnedRoomId, sender: &OwnedUserId) -> usize {
        self.undecryptable.lock().unwrap().iter().filter(|(r, s)| r == room && s == sender).count()
    }

    /// Sends a file as Element does (an `m.image` for an image type, else `m.file`…).
    pub async fn send_file(&self, room: &OwnedRoomId, name: &str, mime: &str, bytes: Vec<u8>) {
        let room = self.client.get_room(room).expect("a room the staffer is in");
        let mime: mime::Mime = mime.parse().unwrap();
        room.send_attachment(name, &mime, bytes, matrix_sdk::attachment::AttachmentConfig::new()).await.unwrap();
    }
}

impl Drop for StaffClient {
    fn drop(&mut self) {
        self.sync.abort();
    }
}
