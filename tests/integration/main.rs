//! End-to-end tests: one binary, one module per concern.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// matrix-sdk's futures need a deeper trait-solver recursion than the default.
#![recursion_limit = "256"]

mod campaigns;
mod compaction_crash;
mod crash;
mod fake_telegram;
mod health;
mod init;
mod locale_sheet;
mod matrix;
mod matrix_floods;
mod matrix_rooms;
mod matrix_trust;
mod news_crash;
mod news_matrix;
mod no_plaintext;
mod peer_desk;
mod retention;
mod share_matrix;
mod share;
mod synapse;
mod telegram;
mod telegram_crash;
mod telegram_floods;
mod telegram_menus;
mod telegram_safety;
mod telegram_traces;
mod translation;
mod translation_contract;
mod translation_flows;
