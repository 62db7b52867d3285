//! One module per subcommand.

pub mod audit;
pub mod check;
pub mod demo;
pub mod keygen;
pub mod locales;
pub mod matrix_setup;
pub mod purge;
pub mod run;
pub mod stats;
pub mod transcript;

use std::path::Path;

use anyhow::Context;
use bridge::Store;

use crate::config::{Loaded, process_env};

/// Loads the config, starts logging, and opens the store with the configured key.
pub(crate) fn open_store(config_path: &Path) -> anyhow::Result<(Loaded, Store)> {
    let loaded = Loaded::from_file(config_path)?;
    crate::logging::init(&loaded.config.logging.level);
    let key = loaded.master_key(&process_env)?;
    let store = Store::open(&loaded.config.store.data_dir, &key)
        .with_context(|| format!("opening the data dir ([store] data_dir in {})", loaded.path.display()))?;
    Ok((loaded, store))
}
