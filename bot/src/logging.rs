//! Logs go to stderr as structured lines. They carry ids, counts and errors — never visitor
//! content or platform identities; the store's error types are built so they cannot.

use tracing_subscriber::EnvFilter;

/// Starts logging at `level` (from `[logging] level`), unless `RUST_LOG` says otherwise.
pub fn init(level: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    // A second init (tests, or a command that re-initializes) keeps the first subscriber.
    let _ =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false).try_init();
}
