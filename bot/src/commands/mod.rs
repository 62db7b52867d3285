//! One module per subcommand.

pub mod audit;
pub mod backup;
pub mod card;
pub mod check;
pub mod demo;
pub mod init;
pub mod keygen;
pub mod locales;
pub mod matrix_setup;
pub mod purge;
pub mod run;
pub mod stats;
pub mod status;
pub mod transcript;

use std::path::Path;

use std::sync::Arc;

use anyhow::Context;
use bridge::Store;
use bridge::engine::Engine;
use bridge::i18n::Catalog;

use crate::config::{Loaded, process_env};

/// Loads the config, starts logging, and opens the store with the configured key.
pub(crate) fn open_store(config_path: &Path) -> anyhow::Result<(Loaded, Store)> {
    open_loaded_store(Loaded::from_file(config_path)?)
}

/// [`open_store`] for a config already loaded.
pub(crate) fn open_loaded_store(loaded: Loaded) -> anyhow::Result<(Loaded, Store)> {
    crate::logging::init(&loaded.config.logging.level);
    let key = loaded.master_key(&process_env)?;
    let store = Store::open(&loaded.config.store.data_dir, &key)
        .with_context(|| format!("opening the data dir ([store] data_dir in {})", loaded.path.display()))?;
    tracing::debug!(data_dir = %loaded.config.store.data_dir.display(), "store opened");
    Ok((loaded, store))
}

/// The engine over `store` as the config sets it up: roster, shifts and the engine's settings,
/// all built once when the config was loaded.
pub(crate) fn open_engine(loaded: &Loaded, store: Store) -> anyhow::Result<Engine> {
    let catalog = Arc::new(Catalog::embedded()?);
    Ok(Engine::builder(store, catalog)
        .roster(loaded.roster().clone())
        .partners(loaded.partners().clone())
        .shifts(loaded.shifts().clone())
        .settings(loaded.engine_settings().clone())
        .build()?)
}
