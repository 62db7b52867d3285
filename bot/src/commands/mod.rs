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

use std::sync::Arc;

use anyhow::Context;
use bridge::engine::Engine;
use bridge::i18n::Catalog;
use bridge::{Store, SystemClock};

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

/// The engine over `store` as the config sets it up: roster, shifts, and the routing settings
/// with what other sections add to them (voices, decoys, retention, phone change, limits).
pub(crate) fn open_engine(loaded: &Loaded, store: Store) -> anyhow::Result<Engine> {
    let mut routing = loaded.config.routing.clone();
    routing.voice_languages = loaded.voices.languages();
    routing.decoys = loaded.config.decoy.clone();
    routing.retention = loaded.config.retention.clone();
    routing.code_minutes = loaded.config.phone_change.code_minutes;
    routing.code_lock_minutes = loaded.config.phone_change.lock_minutes;
    routing.visitor_file_bytes_per_day = loaded.config.limits.visitor_file_bytes_per_day();
    routing.new_conversations_per_minute = loaded.config.limits.new_conversations_per_minute;
    let catalog = Arc::new(Catalog::embedded()?);
    Ok(Engine::new(store, catalog, loaded.roster()?, loaded.shifts()?, routing, Arc::new(SystemClock))?)
}
