//! The bridge's one Matrix device: built on an encrypted sqlite store, logged in once, restored
//! on every start. The session (an access token) is kept sealed in the bridge's own store.

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use bridge::Store;
use matrix_sdk::authentication::matrix::MatrixSession;
use matrix_sdk::config::RequestConfig;
use matrix_sdk::encryption::EncryptionSettings;
use matrix_sdk::ruma::{OwnedRoomAliasId, OwnedRoomId};
use matrix_sdk::{Client, SqliteStoreConfig};
use matrix_sdk_base::crypto::{CollectStrategy, DecryptionSettings, TrustRequirement};

use super::MatrixSettings;

/// Where the session lives in the bridge's store (sealed).
pub const SESSION_KEY: &str = "matrix.session";

/// Whether [`client`] may log in when the data dir has no session yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FirstLogin {
    /// `hopenow matrix setup`: the one place that logs in, then sets up cross-signing and the
    /// recovery key the operator must keep.
    Allowed,
    /// `hopenow run` and `check`: a bridge that logged in by itself would make a device without
    /// the recovery key, so they refuse and name `hopenow matrix setup`.
    Refused,
}

/// A client with the bridge's device, ready to sync.
pub async fn client(settings: &MatrixSettings, store: &Store, first_login: FirstLogin) -> anyhow::Result<Client> {
    // Before matrix-sdk makes its store: a refusal leaves nothing behind.
    if first_login == FirstLogin::Refused && store.connector_state(SESSION_KEY)?.is_none() {
        anyhow::bail!(
            "the data dir has no Matrix session yet: run `hopenow matrix setup --config FILE` once (it logs {} in \
             as a new device, sets up cross-signing and prints the recovery key to keep), then start again. \
             The bridge never logs in by itself",
            settings.user_id
        );
    }
    std::fs::create_dir_all(&settings.store_dir)
        .with_context(|| format!("cannot create the Matrix store folder {}", settings.store_dir.display()))?;
    // Checked before the client creates its databases.
    let had_device = has_device(&settings.store_dir);
    let sqlite = SqliteStoreConfig::new(&settings.store_dir).key(Some(store.matrix_store_key().as_bytes()));
    let client = Client::builder()
        .homeserver_url(settings.homeserver.as_str())
        .sqlite_store_with_config_and_cache_path(sqlite, None::<&Path>)
        // Rate limits come back to us instead of sleeping inside a call for minutes: the outbox
        // decides when to retry, and nothing else waits meanwhile.
        .request_config(RequestConfig::new().disable_retry().timeout(Duration::from_secs(60)))
        .with_encryption_settings(EncryptionSettings { auto_enable_cross_signing: true, ..Default::default() })
        // Only cross-signed devices get room keys, and only what a cross-signed device sent is
        // decrypted: a session added with a staffer's (or the bot's) password alone reads nothing
        // and has no effect. SDK-wide, so Matrix visitors need cross-signing too (SECURITY.md).
        .with_room_key_recipient_strategy(CollectStrategy::IdentityBasedStrategy)
        .with_decryption_settings(DecryptionSettings { sender_device_trust_requirement: TrustRequirement::CrossSigned })
        .build()
        .await
        .context("cannot open the Matrix client store (is it from another master key?)")?;

    match store.connector_state(SESSION_KEY)? {
        Some(json) => {
            let session: MatrixSession =
                serde_json::from_str(&json).context("the saved Matrix session cannot be read")?;
            if session.meta.user_id != settings.user_id {
                anyhow::bail!(
                    "the data dir holds a Matrix session of {}, but [matrix] user_id is {}: use the account the bridge was set up with",
                    session.meta.user_id,
                    settings.user_id
                );
            }
            client.restore_session(session).await.context("cannot restore the Matrix session")?;
        }
        None => {
            // Logging in on a store that has a device already makes the server create a second
            // device and then fails: refuse before that happens.
            if had_device {
                anyhow::bail!(
                    "the Matrix store {} has a device but the data dir has no session for it: move that folder away to log in as a new device",
                    settings.store_dir.display()
                );
            }
            let password = settings.password.as_deref().context(
                "first Matrix login needs the bot's password: set [matrix] password or HOPENOW_MATRIX_PASSWORD",
            )?;
            client
                .matrix_auth()
                .login_username(settings.user_id.as_str(), password)
                .initial_device_display_name(&settings.device_name)
                .send()
                .await
                .map_err(|e| anyhow::anyhow!("Matrix login as {} failed: {}", settings.user_id, super::describe(&e)))?;
            let session = client.matrix_auth().session().context("no session after login")?;
            store.set_connector_state(SESSION_KEY, &serde_json::to_string(&session)?)?;
            store.flush()?;
            tracing::info!("logged in to Matrix as a new device; the session is saved sealed");
        }
    }
    client.encryption().wait_for_e2ee_initialization_tasks().await;
    Ok(client)
}

/// Whether matrix-sdk's store in `dir` already holds a device (its crypto database exists).
fn has_device(dir: &Path) -> bool {
    dir.join("matrix-sdk-crypto.sqlite3").exists()
}

/// The duty room's id, from an id or an alias; the bot joins it if invited.
pub async fn duty_room(client: &Client, configured: &str) -> anyhow::Result<OwnedRoomId> {
    Ok(joined(client, configured, "[matrix] duty_room", "the duty room").await?.room_id().to_owned())
}

/// The peer worker's desk room (`[peer_desk] room`), joined as the duty room is, and refused
/// unless it is encrypted: the desk lists who was referred where, and what is typed there
/// (a referral's note) goes into a conversation's transcript.
pub async fn peer_desk_room(client: &Client, configured: &str) -> anyhow::Result<OwnedRoomId> {
    const KEY: &str = "[peer_desk] room";
    let room = joined(client, configured, KEY, "the peer worker's desk room").await?;
    // Asked of the homeserver when the state is not known yet (a room joined a moment ago).
    let encrypted = room
        .latest_encryption_state()
        .await
        .map_err(|e| anyhow::anyhow!("cannot tell whether {KEY} {configured} is encrypted: {}", super::describe(&e)))?
        .is_encrypted();
    if !encrypted {
        anyhow::bail!(
            "{KEY} {configured} is not encrypted, and the bot posts referrals there only encrypted: turn encryption on \
             in the room's settings (Security & Privacy → Encrypted) or create a new encrypted room and put its id in \
             {KEY}"
        );
    }
    Ok(room.room_id().to_owned())
}

/// The room `configured` names (an id, or an alias resolved), joined if the bot was invited;
/// errors name `key` and call the room `what`.
async fn joined(client: &Client, configured: &str, key: &str, what: &str) -> anyhow::Result<matrix_sdk::Room> {
    let id = if configured.starts_with('#') {
        let alias = OwnedRoomAliasId::try_from(configured).with_context(|| format!("{key} is not a valid alias"))?;
        client
            .resolve_room_alias(&alias)
            .await
            .map_err(|_| anyhow::anyhow!("{key} {configured} does not resolve to a room"))?
            .room_id
    } else {
        OwnedRoomId::try_from(configured).with_context(|| format!("{key} is not a valid room id"))?
    };
    match client.get_room(&id) {
        Some(room) if room.state() == matrix_sdk::RoomState::Joined => Ok(room),
        _ => client.join_room_by_id(&id).await.map_err(|e| {
            anyhow::anyhow!(
                "cannot join {what} {configured}: {}. Invite the bot's account to it first",
                super::describe(&e)
            )
        }),
    }
}
