//! Logs go to stderr as structured lines. They carry ids, counts and errors — never visitor
//! content or platform identities; the store's error types are built so they cannot.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Libraries that may log requests and answers (message texts, chat ids, the bot token in
/// URLs) at their debug and trace levels: held at `warn` whatever `[logging] level` says.
/// matrix-sdk is off entirely: its messages and spans name Matrix users (a visitor's id among
/// them) and rooms, even at ERROR (an expected 404 is logged with its URL); the connector logs
/// what went wrong in its own words.
const QUIET: &str = "teloxide=warn,teloxide_core=warn,reqwest=warn,hyper=warn,hyper_util=warn,h2=warn,rustls=warn,\
    eyeball=warn,eyeball_im=warn,matrix_sdk=off,matrix_sdk_base=off,matrix_sdk_crypto=off,matrix_sdk_sqlite=off,matrix_sdk_common=off,ruma=off";

/// Our own crates: a bare level (`[logging] level`, or `RUST_LOG=trace`) applies to these.
/// Every other library stays at `warn` unless the operator names it (`RUST_LOG=info,sled=debug`):
/// at `trace`, sled's page cache alone wrote 180,000 lines in two minutes and buried ours.
const OURS: [&str; 2] = ["bot", "bridge"];

/// Starts logging at `level` (from `[logging] level`), unless `RUST_LOG` says otherwise. Either
/// way the libraries in [`QUIET`] stay held back: `RUST_LOG=trace` while chasing a problem must
/// not pour visitors' Matrix ids or message texts into the log. Each line names its target
/// (`bot::telegram::poll`), so the operator can see what to silence or raise.
pub fn init(level: &str) {
    let spec = std::env::var("RUST_LOG").ok().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| level.to_owned());
    let ansi = colours(std::io::stderr().is_terminal(), std::env::var_os("NO_COLOR").as_deref());
    // A second init (tests, or a command that re-initializes) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter(&spec))
        .with_writer(std::io::stderr)
        .with_target(true)
        .with_ansi(ansi)
        .try_init();
}

/// Colours only for a person at a terminal: never in a file or journald (escape codes there
/// turn `grep` and log shippers to noise), and never when `NO_COLOR` is set to anything
/// (no-color.org).
pub fn colours(stderr_is_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    stderr_is_terminal && no_color.is_none_or(|value| value.is_empty())
}

/// What `hopenow run` logs for `spec` (a level, or `RUST_LOG` directives): everything of ours as
/// asked, other libraries at `warn` unless `spec` names them, and the chatty libraries held back
/// whatever `spec` says of them. Tests of what logs may contain use this very filter.
pub fn filter(spec: &str) -> EnvFilter {
    EnvFilter::new(filter_spec(spec))
}

/// `spec` with each bare level narrowed to [`OURS`] (other libraries at `warn`, or quieter if the
/// level is), without its directives for the [`QUIET`] libraries, then [`QUIET`].
fn filter_spec(spec: &str) -> String {
    let quiet: Vec<&str> = QUIET.split(',').filter_map(|d| d.split('=').next()).collect();
    let kept = spec.split(',').map(str::trim).filter(|directive| {
        let target = directive.split(['=', '[']).next().unwrap_or("");
        !quiet.iter().any(|q| target == *q || target.starts_with(&format!("{q}::")))
    });
    let narrowed = kept.flat_map(|directive| match bare_level(directive) {
        Some(level) => {
            let others = if matches!(level.as_str(), "off" | "error" | "warn") { level.clone() } else { "warn".into() };
            std::iter::once(others).chain(OURS.iter().map(|ours| format!("{ours}={level}"))).collect::<Vec<_>>()
        }
        None => vec![directive.to_owned()],
    });
    narrowed.chain(std::iter::once(QUIET.to_owned())).filter(|d| !d.is_empty()).collect::<Vec<_>>().join(",")
}

/// The level a directive names for every target (`debug`), or `None` for a directive with a target.
fn bare_level(directive: &str) -> Option<String> {
    let lower = directive.to_ascii_lowercase();
    ["off", "error", "warn", "info", "debug", "trace"].contains(&lower.as_str()).then_some(lower)
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    #[test]
    fn rust_log_cannot_open_up_the_libraries_that_name_visitors() {
        let spec = filter_spec("debug,matrix_sdk=trace,matrix_sdk_crypto::olm=trace,teloxide[span]=trace,bot=trace");
        assert!(spec.starts_with("warn,bot=debug,bridge=debug,bot=trace,"), "{spec}");
        assert!(!spec.contains("=trace,matrix") && !spec.contains("matrix_sdk=trace"), "{spec}");
        assert!(!spec.contains("teloxide[span]"), "{spec}");
        assert!(spec.ends_with(QUIET), "{spec}");
        // Names that merely begin like a quiet library are ours to set.
        assert!(filter_spec("matrix_sdk_extra=debug").starts_with("matrix_sdk_extra=debug,"));
        let filter = filter("trace,matrix_sdk=trace");
        assert!(filter.to_string().contains("matrix_sdk=off"), "{filter}");
    }

    #[test]
    fn a_bare_level_is_ours_and_other_libraries_need_naming() {
        assert!(filter_spec("trace").starts_with("warn,bot=trace,bridge=trace,"));
        assert!(filter_spec("error").starts_with("error,bot=error,bridge=error,"));
        assert!(filter_spec("info,sled=debug").starts_with("warn,bot=info,bridge=info,sled=debug,"));
    }

    #[test]
    fn colours_only_on_a_terminal_and_never_with_no_color() {
        use std::ffi::OsStr;
        assert!(colours(true, None));
        assert!(!colours(false, None), "a file or journald gets no escape codes");
        assert!(!colours(true, Some(OsStr::new("1"))));
        assert!(colours(true, Some(OsStr::new(""))), "NO_COLOR set but empty does not count (no-color.org)");
    }

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The lines `spec` lets through, formatted as `init` formats them.
    fn logged(spec: &str, log: impl FnOnce()) -> String {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(filter(spec))
            .with_writer(move || writer.clone())
            .with_target(true)
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, log);
        let bytes = buffer.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn trace_keeps_sled_quiet_unless_named_and_lines_name_their_target() {
        let emit = || {
            tracing::trace!(target: "sled::pagecache::iobuf", "page cache line");
            tracing::warn!(target: "sled::pagecache", "sled warning");
            tracing::trace!(target: "bot::telegram::poll", "our trace line");
            tracing::debug!(target: "bridge::store", "our debug line");
        };
        let log = logged("trace", emit);
        assert!(!log.contains("page cache line"), "{log}");
        assert!(log.contains("sled::pagecache: sled warning"), "{log}");
        assert!(log.contains("bot::telegram::poll: our trace line"), "{log}");
        assert!(log.contains("bridge::store: our debug line"), "{log}");
        let log = logged("info,sled=trace", emit);
        assert!(log.contains("page cache line") && !log.contains("our trace line"), "{log}");
    }
}
