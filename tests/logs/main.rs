//! What the bridge writes, proven free of visitors' words and identities: the data dir and the
//! log at level `trace`, under the very filter `hopenow run` uses.
//!
//! A binary of its own because the log subscriber is process-wide (the engine works on blocking
//! threads, which a thread-local subscriber would miss). Every test here writes to the one log
//! file and looks for canaries of its own.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// matrix-sdk's futures need a deeper trait-solver recursion than the default.
#![recursion_limit = "256"]

mod matrix;
mod telegram;
mod translation;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use hopenow_tests::canary::{Canary, files_under, scan};

/// The process-wide trace log, set up by the first test that asks.
fn trace_log() -> &'static Path {
    static LOG: OnceLock<PathBuf> = OnceLock::new();
    LOG.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let path = dir.join("trace.log");
        let file = std::fs::File::create(&path).unwrap();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(bot::logging::filter("trace"))
            .with_ansi(false)
            .with_writer(std::sync::Mutex::new(file))
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber of this test binary");
        path
    })
}

/// At `info` and above, a conversation's log lines say only that it moved between staff and the
/// queue: nothing of what happened in it (journald joined with the homeserver's room state
/// would otherwise be a case file). The log must hold conversation lines at info, or the test
/// proves nothing.
fn assert_no_case_file_at_info() {
    let log = std::fs::read_to_string(trace_log()).unwrap();
    let level = |line: &str| line.split_whitespace().nth(1).unwrap_or("").to_owned();
    let lines: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("conversation=") && !matches!(level(line).as_str(), "DEBUG" | "TRACE"))
        .collect();
    assert!(lines.iter().any(|line| line.contains("assigned")), "conversation lines at info: {lines:?}");
    for private in ["safe word", "referral", "language", "chose", "hold", "blocked", "another phone"] {
        let found: Vec<&&str> = lines.iter().filter(|line| line.contains(private)).collect();
        assert!(found.is_empty(), "{private:?} at info: {found:?}");
    }
}

/// A copy of the data dir as the bridge left it, to scan after the bridge let go of it.
fn keep_copy(path: &Path) -> PathBuf {
    let keep = tempfile::tempdir().unwrap().keep();
    for file in files_under(path) {
        let target = keep.join(file.strip_prefix(path).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, target).unwrap();
    }
    keep
}

/// Pseudonyms are for an operator chasing one conversation: in `debug` and `trace` lines only,
/// never at `info` and above (what a log shipper or a shared screen shows). The log must hold the
/// pseudonym at `debug`, or the test proves nothing.
fn assert_pseudonym_only_at_debug(pseudonym: &str) {
    let log = std::fs::read_to_string(trace_log()).unwrap();
    let lines: Vec<&str> = log.lines().filter(|line| line.contains(pseudonym)).collect();
    let level = |line: &str| line.split_whitespace().nth(1).unwrap_or("").to_owned();
    assert!(lines.iter().any(|line| level(line) == "DEBUG"), "the pseudonym is logged at debug");
    let above: Vec<&&str> = lines.iter().filter(|line| !matches!(level(line).as_str(), "DEBUG" | "TRACE")).collect();
    assert!(above.is_empty(), "the pseudonym above debug: {above:?}");
}

/// Fails naming every canary found in the log or the data dir; the log must have been written
/// at a low level, or the test proves nothing.
fn assert_no_canary(data_dir: &Path, canaries: &[Canary]) {
    let log_path = trace_log();
    let log = std::fs::read_to_string(log_path).unwrap();
    assert!(log.contains("TRACE") || log.contains("DEBUG"), "the log was written at a low level");
    assert_eq!(scan(log_path.parent().unwrap(), canaries), Vec::new(), "the log");
    assert_eq!(scan(data_dir, canaries), Vec::new(), "the data dir");
}
