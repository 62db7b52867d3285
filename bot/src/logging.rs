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

/// Starts logging at `level` (from `[logging] level`), unless `RUST_LOG` says otherwise. Either
/// way the libraries in [`QUIET`] stay held back: `RUST_LOG=trace` while chasing a problem must
/// not pour visitors' Matrix ids or message texts into the log.
pub fn init(level: &str) {
    let spec = std::env::var("RUST_LOG").ok().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| level.to_owned());
    // A second init (tests, or a command that re-initializes) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter(&spec))
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

/// What `hopenow run` logs for `spec` (a level, or `RUST_LOG` directives): everything of ours as
/// asked, the chatty libraries held back whatever `spec` says of them. Tests of what logs may
/// contain use this very filter.
pub fn filter(spec: &str) -> EnvFilter {
    EnvFilter::new(filter_spec(spec))
}

/// `spec` without its directives for the [`QUIET`] libraries, then [`QUIET`].
fn filter_spec(spec: &str) -> String {
    let quiet: Vec<&str> = QUIET.split(',').filter_map(|d| d.split('=').next()).collect();
    let kept = spec.split(',').map(str::trim).filter(|directive| {
        let target = directive.split(['=', '[']).next().unwrap_or("");
        !quiet.iter().any(|q| target == *q || target.starts_with(&format!("{q}::")))
    });
    kept.chain(std::iter::once(QUIET)).filter(|d| !d.is_empty()).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_log_cannot_open_up_the_libraries_that_name_visitors() {
        let spec = filter_spec("debug,matrix_sdk=trace,matrix_sdk_crypto::olm=trace,teloxide[span]=trace,bot=trace");
        assert!(spec.starts_with("debug,bot=trace,"), "{spec}");
        assert!(!spec.contains("=trace,matrix") && !spec.contains("matrix_sdk=trace"), "{spec}");
        assert!(!spec.contains("teloxide[span]"), "{spec}");
        assert!(spec.ends_with(QUIET), "{spec}");
        // Names that merely begin like a quiet library are ours to set.
        assert!(filter_spec("matrix_sdk_extra=debug").starts_with("matrix_sdk_extra=debug,"));
        let filter = filter("trace,matrix_sdk=trace");
        assert!(filter.to_string().contains("matrix_sdk=off"), "{filter}");
    }
}
