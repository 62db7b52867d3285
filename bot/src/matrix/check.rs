//! `hopenow check --online` for Matrix: the saved session, the duty room, cross-signing and key
//! backup, each said plainly with what to do when it is missing.

use bridge::Store;
use matrix_sdk::config::SyncSettings;
use matrix_sdk::encryption::recovery::RecoveryState;
use std::time::Duration;

use super::{MatrixSettings, session};

/// One line of the report: whether it is fine, and what to say.
pub type Finding = (bool, String);

pub async fn online(settings: &MatrixSettings, store: &Store) -> Vec<Finding> {
    let mut findings = Vec::new();
    if matches!(store.connector_state(session::SESSION_KEY), Ok(None)) {
        findings.push((false, "no Matrix session yet: run `hopenow matrix setup` once".to_owned()));
        return findings;
    }
    let client = match session::client(settings, store).await {
        Ok(client) => client,
        Err(error) => {
            findings.push((false, format!("{error:#}")));
            return findings;
        }
    };
    match client.whoami().await {
        Ok(me) => findings.push((
            true,
            format!(
                "the saved session works: {} on device {}",
                me.user_id,
                client.device_id().map(ToString::to_string).unwrap_or_default()
            ),
        )),
        Err(_) => {
            findings.push((false, "the homeserver refused the saved session: was the bot's device deleted? Move <data_dir>/matrix away and run `hopenow matrix setup`".to_owned()));
            return findings;
        }
    }
    let _ = client.sync_once(SyncSettings::default().timeout(Duration::from_secs(1))).await;
    match session::duty_room(&client, &settings.duty_room).await {
        Ok(id) => findings.push((true, format!("the duty room {} is joined ({id})", settings.duty_room))),
        Err(error) => findings.push((false, format!("{error:#}"))),
    }
    match client.encryption().cross_signing_status().await {
        Some(status) if status.is_complete() => {
            findings.push((true, "cross-signing is set up: Element shows the bot's device as verified".to_owned()));
        }
        _ => findings.push((
            false,
            "cross-signing is not set up: strict clients will refuse the bot. Run `hopenow matrix setup`".to_owned(),
        )),
    }
    match client.encryption().recovery().state() {
        RecoveryState::Enabled => findings.push((true, "key backup and recovery are on".to_owned())),
        _ => findings.push((
            false,
            "key backup is off: a lost Matrix store could not be recovered. Run `hopenow matrix setup`".to_owned(),
        )),
    }
    findings.push((
        true,
        "Synapse's invite and room-creation limits for the bot need an admin token to read: lift them as the README says (override_ratelimit)".to_owned(),
    ));
    findings
}
