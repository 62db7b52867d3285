//! The `hopenow` binary's library: configuration, the command line, and (as they land) the
//! Telegram and Matrix connectors that wire platforms to the `bridge` engine.

// matrix-sdk's futures need a deeper trait-solver recursion than the default.
#![recursion_limit = "256"]

pub mod cli;
pub mod commands;
pub mod config;
pub mod control;
pub mod disk;
pub mod exposure;
#[cfg(test)]
mod fuzz;
pub mod health;
mod isolate;
pub mod logging;
pub mod markup;
pub mod matrix;
pub mod secret;
pub mod signal;
pub mod telegram;
pub mod translation;
pub mod voice;
pub mod worker;
