//! Fixtures shared by the end-to-end tests.

pub mod canary;
pub mod engine;
pub mod fake_telegram;
pub mod telegram_bridge;
pub mod samples;
