//! The `hopenow` binary's library: configuration, the command line, and (as they land) the
//! Telegram and Matrix connectors that wire platforms to the `bridge` engine.

pub mod cli;
pub mod commands;
pub mod config;
pub mod logging;
pub mod secret;
pub mod signal;
pub mod telegram;
