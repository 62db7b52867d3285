//! The command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::commands;

#[derive(Debug, Parser)]
#[command(
    name = "hopenow",
    version,
    about = "HopeNow Bridge: anonymous visitors on Telegram and Matrix, answered by the outreach worker on duty"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Set the bridge up from nothing, or finish a setup stopped halfway: account, key, config,
    /// Matrix device, duty room. Asks on a terminal; scripts give flags or --answers.
    Init(Box<commands::init::InitArgs>),
    /// Make a new master key file (mode 0600). Keep it safe: without it the data is lost.
    Keygen {
        /// Where to write the key; an existing file is never overwritten.
        #[arg(long, default_value = "master.key")]
        out: PathBuf,
    },
    /// Check the config, the master key and the data dir, and say what to fix.
    Check {
        #[arg(long, env = "HOPENOW_CONFIG")]
        config: PathBuf,
        /// Also ask the configured platforms whether the credentials work (Telegram: getMe).
        #[arg(long)]
        online: bool,
    },
    /// Play a scripted night on the real engine with stand-ins for Telegram and Matrix.
    Demo,
    /// Run the bridge with the channels configured.
    Run {
        #[arg(long, env = "HOPENOW_CONFIG")]
        config: PathBuf,
    },
    /// The translations built in (or a working copy of them).
    Locales {
        #[command(subcommand)]
        action: LocalesAction,
    },
    /// The bot's Matrix account.
    Matrix {
        #[command(subcommand)]
        action: MatrixAction,
    },
    /// Shred conversations past their retention time now (the bridge must be stopped; `hopenow run`
    /// also does this daily). Their Matrix rooms are forgotten by the next `hopenow run`.
    Purge {
        #[arg(long, env = "HOPENOW_CONFIG")]
        config: PathBuf,
        /// Only list what would be shredded, and what a hold keeps; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// The audit log (who did what to which pseudonym, never what was said) and whether its
    /// chain is intact. Exits non-zero if it was tampered with.
    Audit {
        #[arg(long, env = "HOPENOW_CONFIG")]
        config: PathBuf,
        /// First day to show (YYYY-MM-DD, in the shifts' time zone).
        #[arg(long)]
        from: Option<jiff::civil::Date>,
        /// Last day to show (YYYY-MM-DD).
        #[arg(long)]
        to: Option<jiff::civil::Date>,
        /// A checkpoint the duty room was given (`entries:link`): fails if the log no longer
        /// holds it (its tail was cut, or it was rewritten).
        #[arg(long, value_parser = parse_checkpoint)]
        checkpoint: Vec<bridge::audit::Checkpoint>,
    },
    /// Statistics for funders per week; every count below 5 is shown as "<5".
    Stats {
        #[arg(long, env = "HOPENOW_CONFIG")]
        config: PathBuf,
        /// First day (YYYY-MM-DD); its whole week is counted.
        #[arg(long)]
        from: jiff::civil::Date,
        /// Last day (YYYY-MM-DD); its whole week is counted.
        #[arg(long)]
        to: jiff::civil::Date,
        /// Also write the table as CSV to this file.
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Also draw a bar chart as SVG to this file.
        #[arg(long)]
        svg: Option<PathBuf>,
    },
    /// Write a sealed backup of the data dir to a new file, while the bridge runs or not.
    Backup {
        #[arg(long, env = "HOPENOW_CONFIG")]
        config: PathBuf,
        /// The file to write (mode 0600); an existing file is never overwritten.
        #[arg(long)]
        out: PathBuf,
    },
    /// Make the data dir again from a backup. The bridge must be stopped and [store] data_dir
    /// empty or missing.
    Restore {
        /// The backup file (from `hopenow backup`).
        file: PathBuf,
        #[arg(long, env = "HOPENOW_CONFIG")]
        config: PathBuf,
    },
    /// How the running bridge is: Telegram, the homeserver, the disk, the outbox, as the duty
    /// room is told. Needs no key and works while the bridge runs. Exits 0 well, 1 unwell or not
    /// answering, 2 cannot tell, 3 not running.
    Status {
        #[arg(long, env = "HOPENOW_CONFIG")]
        config: PathBuf,
    },
    /// Make printable outreach cards for a campaign: a QR code of the campaign link, the bot's
    /// handle and a line in the visitor's language (one card, or --sheet for A4 with cut marks).
    Card(Box<commands::card::CardArgs>),
    /// Read stored transcripts (for coordinators).
    Transcript {
        #[command(subcommand)]
        action: TranscriptAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum LocalesAction {
    /// Every locale complete: same messages and variables as English, plural forms, review header.
    Check {
        /// Check `<DIR>/<tag>/hopenow.ftl` instead of the built-in copies (e.g. `locales`).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Write a review sheet for native speakers: one web page with every visitor message in
    /// English beside LANG, to mark OK or correct, and an Export button for the answer.
    Sheet {
        /// The language to review, e.g. ar, pt-BR, zh-Hans.
        lang: String,
        /// The page to write (e.g. review-ar.html).
        #[arg(long)]
        out: PathBuf,
        /// The folder that holds `<tag>/hopenow.ftl`.
        #[arg(long, default_value = "locales")]
        dir: PathBuf,
    },
    /// Bring a reviewer's answer (the file the sheet's Export button made) into
    /// `<DIR>/<lang>/hopenow.ftl`, then check every locale as `locales check --dir` does.
    Apply {
        /// The exported .json file.
        file: PathBuf,
        /// The folder that holds `<tag>/hopenow.ftl`.
        #[arg(long, default_value = "locales")]
        dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum MatrixAction {
    /// Log in once, set up cross-signing and key backup, and print the recovery key (once).
    Setup {
        #[arg(long, env = "HOPENOW_CONFIG")]
        config: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum TranscriptAction {
    /// Decrypt a visitor's or a conversation's transcript to the terminal.
    Show {
        /// A pseudonym ("Amber Heron 4K7", any case) or a visitor or conversation id.
        who: String,
        /// The [[staff]] id of the coordinator reading it; recorded in the audit log.
        #[arg(long)]
        coordinator: String,
        #[arg(long, env = "HOPENOW_CONFIG")]
        config: PathBuf,
    },
    /// Decrypt a transcript into a new file (mode 0600), recorded in the audit log.
    Export {
        /// A pseudonym ("Amber Heron 4K7", any case) or a visitor or conversation id.
        who: String,
        /// The [[staff]] id of the coordinator who asks for it (needs the coordinator role).
        #[arg(long)]
        coordinator: String,
        /// The file to write; an existing file is never overwritten.
        #[arg(long)]
        out: PathBuf,
        #[arg(long, env = "HOPENOW_CONFIG")]
        config: PathBuf,
    },
}

/// Parses the arguments and runs the command; errors are printed for a person to act on.
pub fn main() -> ExitCode {
    run(Cli::parse())
}

/// Runs the command line `args` (the program name first), as `main` runs the process's.
pub fn main_with(args: Vec<std::ffi::OsString>) -> ExitCode {
    match Cli::try_parse_from(args) {
        Ok(cli) => run(cli),
        Err(error) => {
            let _ = error.print();
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Init(args) => commands::init::run(*args),
        Command::Keygen { out } => commands::keygen::run(&out),
        Command::Check { config, online } => commands::check::run(&config, online),
        Command::Run { config } => commands::run::run(&config),
        Command::Demo => commands::demo::run(),
        Command::Locales { action: LocalesAction::Check { dir } } => commands::locales::check(dir.as_deref()),
        Command::Locales { action: LocalesAction::Sheet { lang, out, dir } } => {
            commands::locales::sheet::run(&dir, &lang, &out)
        }
        Command::Locales { action: LocalesAction::Apply { file, dir } } => commands::locales::apply::run(&file, &dir),
        Command::Matrix { action: MatrixAction::Setup { config } } => commands::matrix_setup::setup(&config),
        Command::Purge { config, dry_run } => commands::purge::run(&config, dry_run),
        Command::Backup { config, out } => commands::backup::backup(&config, &out),
        Command::Restore { file, config } => commands::backup::restore(&config, &file),
        Command::Status { config } => commands::status::run(&config),
        Command::Card(args) => commands::card::run(*args),
        Command::Transcript { action: TranscriptAction::Show { who, coordinator, config } } => {
            commands::transcript::show(&config, &who, &coordinator)
        }
        Command::Transcript { action: TranscriptAction::Export { who, coordinator, out, config } } => {
            commands::transcript::export(&config, &who, &coordinator, &out)
        }
        Command::Audit { config, from, to, checkpoint } => commands::audit::run(&config, from, to, &checkpoint),
        Command::Stats { config, from, to, csv, svg } => {
            commands::stats::run(&config, from, to, csv.as_deref(), svg.as_deref())
        }
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("hopenow: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn parse_checkpoint(text: &str) -> Result<bridge::audit::Checkpoint, String> {
    bridge::audit::Checkpoint::parse(text).ok_or_else(|| {
        format!("{text:?} is not a checkpoint: copy it from the duty room as entries:link, e.g. 1234:0f3a9c1e22b7d4a8")
    })
}
