//! Fixtures shared by the end-to-end tests.

pub mod canary;
pub mod engine;
pub mod fake_telegram;
pub mod samples;
pub mod synapse;
pub mod telegram_bridge;
