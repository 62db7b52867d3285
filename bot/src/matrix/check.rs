//! `hopenow check --online` for Matrix: the saved session, the duty room (and the peer worker's
//! desk room), cross-signing and key backup, each said plainly with what to do when it is missing.

use bridge::Store;
use bridge::roster::StaffMember;
use matrix_sdk::config::SyncSettings;
use matrix_sdk::encryption::recovery::RecoveryState;
use matrix_sdk::ruma::OwnedUserId;
use std::time::Duration;

use super::{MatrixSettings, session};

/// One line of the report: whether it is fine, and what to say.
pub type Finding = (bool, String);

pub async fn online(settings: &MatrixSettings, store: &Store, staff: &[StaffMember]) -> Vec<Finding> {
    let mut findings = Vec::new();
    if matches!(store.connector_state(session::SESSION_KEY), Ok(None)) {
        findings.push((false, "no Matrix session yet: run `hopenow matrix setup` once".to_owned()));
        return findings;
    }
    let client = match session::client(settings, store, session::FirstLogin::Refused).await {
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
    if let Some(desk) = &settings.peer_desk_room {
        match session::peer_desk_room(&client, desk).await {
            Ok(id) => {
                findings.push((true, format!("the peer worker's desk room {desk} is joined and encrypted ({id})")))
            }
            Err(error) => findings.push((false, format!("{error:#}"))),
        }
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
    findings.extend(unverified_staff(&client, staff).await);
    findings.push((
        true,
        "Synapse's invite and room-creation limits for the bot need an admin token to read: lift them as the README says (override_ratelimit)".to_owned(),
    ));
    findings
}

/// Roster members with a session the bridge will neither give keys to nor obey: one finding
/// each, naming the sessions, and one "ok" line when there is none.
async fn unverified_staff(client: &matrix_sdk::Client, staff: &[StaffMember]) -> Vec<Finding> {
    let users: Vec<OwnedUserId> =
        staff.iter().filter_map(|member| OwnedUserId::try_from(member.matrix_user.as_str()).ok()).collect();
    let found = super::trust::unverified_sessions(client, &users).await;
    if found.is_empty() {
        return vec![(true, format!("every session of the {} roster members is verified (cross-signed)", users.len()))];
    }
    found
        .into_iter()
        .map(|(user, sessions)| {
            let who = staff.iter().find(|m| m.matrix_user == user.as_str()).map_or_else(|| user.to_string(), |m| m.id.to_string());
            let detail = if sessions.is_empty() {
                "has not set up cross-signing (no verified session at all)".to_owned()
            } else {
                let list: Vec<String> = sessions.iter().map(ToString::to_string).collect();
                format!("has sessions that are not verified: {}", list.join(", "))
            };
            (
                false,
                format!("staff {who} ({user}) {detail}: the bridge gives them no keys and ignores what they send. In Element: Settings → Sessions → verify each session (with another session or the recovery key), or sign it out"),
            )
        })
        .collect()
}
