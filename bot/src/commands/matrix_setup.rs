//! `hopenow matrix setup`: the bot's Matrix device, made trustworthy once.
//!
//! Logs in (or restores the saved session), makes sure cross-signing is set up so Element shows
//! the bot's device as verified (strict clients refuse unsigned devices), and turns on key
//! backup with a recovery key, printed once: with it, a bridge that lost its Matrix store can
//! sign a new device and read history again.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use matrix_sdk::encryption::recovery::RecoveryState;

use super::open_store;
use crate::matrix::{MatrixSettings, session};

pub fn setup(config: &Path) -> anyhow::Result<ExitCode> {
    let (loaded, store) = open_store(config)?;
    let matrix = loaded.config.matrix.as_ref().context("no [matrix] section in the config: nothing to set up")?;
    let settings =
        MatrixSettings::from_config(matrix, &loaded.config.store.data_dir, &loaded.path).map_err(anyhow::Error::msg)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let store = Arc::new(store);
        let client = session::client(&settings, &store, session::FirstLogin::Allowed).await?;
        client
            .sync_once(matrix_sdk::config::SyncSettings::default())
            .await
            .map_err(|e| anyhow::anyhow!("first sync failed: {}", crate::matrix::describe(&e)))?;
        client
            .encryption()
            .bootstrap_cross_signing_if_needed(None)
            .await
            .map_err(|_| anyhow::anyhow!("cross-signing could not be set up (the homeserver asked for more than the password?)"))?;
        println!("ok  cross-signing is set up for {} (device {})", settings.user_id, client.device_id().map(|d| d.to_string()).unwrap_or_default());
        let recovery = client.encryption().recovery();
        match recovery.state() {
            RecoveryState::Enabled => println!("ok  key backup and recovery were already on; the recovery key was shown when they were turned on"),
            _ => {
                let key = recovery
                    .enable()
                    .wait_for_backups_to_upload()
                    .await
                    .map_err(|_| anyhow::anyhow!("key backup could not be turned on"))?;
                println!("ok  key backup is on. The recovery key, shown only now — keep it with the master key, offline:\n\n    {key}\n");
            }
        }
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}
