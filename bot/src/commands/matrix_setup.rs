//! `hopenow matrix setup`: the bot's Matrix device, made trustworthy once.
//!
//! Logs in (or restores the saved session), makes sure cross-signing is set up so Element shows
//! the bot's device as verified (strict clients refuse unsigned devices), and turns on key
//! backup with a recovery key, printed once: with it, a bridge that lost its Matrix store can
//! sign a new device and read history again. `hopenow init` runs the same [`prepare`].

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use bridge::Store;
use matrix_sdk::Client;
use matrix_sdk::encryption::recovery::RecoveryState;

use super::open_store;
use crate::matrix::{MatrixSettings, session};

/// One thing [`prepare`] made sure of: whether it did it now, and what it is.
pub(crate) struct Prepared {
    pub done_now: bool,
    pub what: String,
    /// To show after the line: the recovery key, the one time it exists.
    pub then: Option<String>,
}

/// Logs in once (the only place a first login is allowed), sets up cross-signing, and turns on
/// key backup, printing the recovery key the one time it exists. Each part already in place is
/// left as it is.
pub(crate) async fn prepare(settings: &MatrixSettings, store: &Store) -> anyhow::Result<(Client, Vec<Prepared>)> {
    let had_session = store.connector_state(session::SESSION_KEY)?.is_some();
    let client = session::client(settings, store, session::FirstLogin::Allowed).await?;
    let device = client.device_id().map(|d| d.to_string()).unwrap_or_default();
    let mut done = vec![Prepared {
        then: None,
        done_now: !had_session,
        what: if had_session {
            format!("Matrix session of {} (device {device})", settings.user_id)
        } else {
            format!("logged in as {} (new device {device})", settings.user_id)
        },
    }];
    client
        .sync_once(matrix_sdk::config::SyncSettings::default())
        .await
        .map_err(|e| anyhow::anyhow!("first sync failed: {}", crate::matrix::describe(&e)))?;
    let signed = client.encryption().cross_signing_status().await.is_some_and(|s| s.is_complete());
    if !signed {
        client.encryption().bootstrap_cross_signing_if_needed(None).await.map_err(|_| {
            anyhow::anyhow!("cross-signing could not be set up (the homeserver asked for more than the password?)")
        })?;
    }
    done.push(Prepared {
        // A first login sets cross-signing up by itself (the client is built with
        // auto_enable_cross_signing): that is this run's work too, not something found done.
        done_now: !signed || !had_session,
        what: format!("cross-signing for {} (device {device})", settings.user_id),
        then: None,
    });
    let recovery = client.encryption().recovery();
    let enabled = recovery.state() == RecoveryState::Enabled;
    let mut then = None;
    if !enabled {
        let key = recovery
            .enable()
            .wait_for_backups_to_upload()
            .await
            .map_err(|_| anyhow::anyhow!("key backup could not be turned on"))?;
        then = Some(format!(
            "\n    The recovery key, shown only now — keep it with the master key, offline:\n\n    {key}\n"
        ));
    }
    done.push(Prepared {
        done_now: !enabled,
        what: if enabled {
            "key backup and recovery (the recovery key was shown when they were turned on)".to_owned()
        } else {
            "key backup and recovery".to_owned()
        },
        then,
    });
    Ok((client, done))
}

pub fn setup(config: &Path) -> anyhow::Result<ExitCode> {
    let (loaded, store) = open_store(config)?;
    let matrix = loaded.config.matrix.as_ref().context("no [matrix] section in the config: nothing to set up")?;
    let settings =
        MatrixSettings::from_config(matrix, &loaded.config.store.data_dir, &loaded.path).map_err(anyhow::Error::msg)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let (_client, done) = prepare(&settings, &store).await?;
        for step in done {
            println!("ok  {}{}", step.what, if step.done_now { "" } else { " (already done)" });
            if let Some(then) = step.then {
                println!("{then}");
            }
        }
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}
