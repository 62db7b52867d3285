//! Backup tests.
