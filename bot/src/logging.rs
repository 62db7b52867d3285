//! Logs go to stderr as structured lines. They carry ids, counts and errors — never visitor
//! content or platform identities; the store's error types are built so they cannot.

use tracing_subscriber::EnvFilter;

/// Libraries that may log requests and answers (message texts, chat ids, the bot token in
/// URLs) at their debug and trace levels: held at `warn` whatever `[logging] level` says.
/// matrix-sdk is off entirely: its messages and spans name Matrix users (a visitor's id among
/// them) and rooms, even at ERROR (an expected 404 is logged with its URL); the connector logs
/// what went wrong in its own words.
const QUIET: &str = "teloxide=warn,teloxide_core=warn,reqwest=warn,hyper=warn,hyper_util=warn,h2=warn,rustls=warn,\
    eyeball=warn,eyeball_im=warn,matrix_sdk=off,matrix_sdk_base=off,matrix_sdk_crypto=off,matrix_sdk_sqlite=off,matrix_sdk_common=off,ruma=off";

/// Starts logging at `level` (from `[logging] level`), unless `RUST_LOG` says otherwise.
pub fn init(level: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| filter(level));
    // A second init (tests, or a command that re-initializes) keeps the first subscriber.
    let _ =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false).try_init();
}

/// What `hopenow run` logs at `level`: everything of ours at that level, the chatty libraries held
/// back. Tests of what logs may contain use this very filter.
pub fn filter(level: &str) -> EnvFilter {
    EnvFilter::new(format!("{level},{QUIET}"))
}
