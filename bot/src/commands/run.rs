//! `hopenow run`: the bridge itself.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use bridge::SystemClock;
use bridge::engine::Engine;
use bridge::i18n::Catalog;

use super::open_store;

pub fn run(config: &Path) -> anyhow::Result<ExitCode> {
    let (loaded, store) = open_store(config)?;
    let engine = Engine::new(
        store,
        Arc::new(Catalog::embedded()?),
        loaded.roster()?,
        loaded.shifts()?,
        loaded.config.routing.clone(),
        Arc::new(SystemClock),
    )?;
    engine.flush()?;
    if !loaded.channels_configured() {
        eprintln!(
            "hopenow: no channel is configured in {}: add [telegram] or [matrix] (see config/example.toml).\n\
             Nothing to run. `hopenow demo` shows the bridge at work without any channel.",
            loaded.path.display()
        );
        return Ok(ExitCode::from(2));
    }
    let configured: Vec<&str> =
        [loaded.config.telegram.as_ref().map(|_| "[telegram]"), loaded.config.matrix.as_ref().map(|_| "[matrix]")]
            .into_iter()
            .flatten()
            .collect();
    // The Telegram connector exists, but without the staff inbox on Matrix a visitor would be
    // told "a person will answer" and reach nobody: refuse rather than pretend.
    eprintln!(
        "hopenow: {} configured, but this build has no Matrix staff inbox yet, so no one could read or answer \
         visitors. Nothing was started. `hopenow demo` shows the whole flow; `hopenow check --online` tests the \
         Telegram token.",
        configured.join(" and ")
    );
    Ok(ExitCode::from(2))
}
