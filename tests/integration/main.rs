//! End-to-end tests: one binary, one module per concern.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod crash;
mod fake_telegram;
mod no_plaintext;
mod synapse;
mod telegram;
mod telegram_crash;
