//! What the tests of the `hopenow` binary share: running it as an operator would, with none of
//! the bridge's variables from the test's environment.

use std::process::{Command, Output};

/// One staffer, enough for a config to load.
pub const STAFF: &str = "[[staff]]\nid = \"grace\"\nalias = \"Grace, HopeNow\"\nmatrix_user = \"@grace:example.org\"\nroles = [\"outreach\"]\n";

/// `hopenow ARGS`, run to its end.
pub fn hopenow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hopenow"))
        .args(args)
        .env_remove("HOPENOW_MASTER_KEY")
        .env_remove("HOPENOW_CONFIG")
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

/// Everything it printed, stdout then stderr.
pub fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}
