//! `hopenow keygen`: a new master key file.

use std::path::Path;
use std::process::ExitCode;

use bridge::MasterKey;

pub fn run(out: &Path) -> anyhow::Result<ExitCode> {
    let key = MasterKey::generate()?;
    bridge::keyfile::write_new(out, &key)?;
    println!("Wrote a new master key to {} (mode 0600).", out.display());
    println!("Point [keys] master_key_file at it, and keep a copy somewhere safe and offline:");
    println!("without this key the stored data can never be read again.");
    Ok(ExitCode::SUCCESS)
}
