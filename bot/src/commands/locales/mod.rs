//! `hopenow locales`: the completeness gate for translations (`check`), and the review by
//! native speakers: a sheet to fill in (`sheet`) and its answer brought back (`apply`).

pub mod apply;
mod ftl;
pub mod sheet;

use std::path::Path;
use std::process::ExitCode;

use bridge::i18n::check::{self, Table};

/// Checks the locales built into this binary, or a translator's copy under `dir`
/// (`<dir>/<tag>/hopenow.ftl`). Prints the table, then every problem; fails if there is one.
pub fn check(dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    let reports = match dir {
        Some(dir) => {
            anyhow::ensure!(
                dir.is_dir(),
                "{} is not a directory; give the folder that holds en/hopenow.ftl, da/hopenow.ftl, …",
                dir.display()
            );
            check::check_dir(dir)
        }
        None => check::check_embedded(),
    };
    print!("{}", Table(&reports));
    let problems: Vec<String> = reports.iter().flat_map(|r| r.problems()).collect();
    if problems.is_empty() {
        println!("All {} locales are complete.", reports.len());
        return Ok(ExitCode::SUCCESS);
    }
    println!();
    for problem in &problems {
        println!("{problem}");
    }
    println!(
        "{} problems. English (en/hopenow.ftl) is the reference; its comments explain each message.",
        problems.len()
    );
    Ok(ExitCode::FAILURE)
}
