//! Fixtures shared by the end-to-end tests.

// matrix-sdk's futures need a deeper trait-solver recursion than the default.
#![recursion_limit = "256"]

pub mod canary;
pub mod engine;
pub mod fake_libretranslate;
pub mod fake_telegram;
pub mod libretranslate;
pub mod matrix_bridge;
pub mod matrix_store;
pub mod python_service;
pub mod samples;
pub mod staff_client;
pub mod synapse;
pub mod telegram_bridge;
