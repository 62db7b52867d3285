//! `hopenow purge`: retention by hand, with the bridge stopped (the data dir lock makes sure).
//! `--dry-run` lists what would go and what a hold keeps, and changes nothing.

use std::path::Path;
use std::process::ExitCode;

use bridge::SystemClock;
use bridge::engine::{RetentionPlan, retention_plan};
use bridge::{Clock, ConversationId};

use super::open_store;
use super::transcript::format_time;

pub fn run(config: &Path, dry_run: bool) -> anyhow::Result<ExitCode> {
    let (loaded, store) = open_store(config)?;
    let retention = loaded.config.retention.clone();
    println!(
        "Retention ([retention] in {}): closed conversations are kept {} days, open ones {} days after their last message.",
        loaded.path.display(),
        retention.closed_days,
        retention.inactive_days
    );
    if dry_run {
        let plan = retention_plan(&store, &retention, SystemClock.now())?;
        print_plan(&plan, "Would shred");
        println!("Nothing was changed (--dry-run).");
        return Ok(ExitCode::SUCCESS);
    }
    let engine = super::open_engine(&loaded, store)?;
    let held = engine.retention_due()?.held;
    let report = engine.enforce_retention()?;
    engine.flush()?;
    print_plan(&RetentionPlan { due: report.shredded.clone(), held, silent: Vec::new() }, "Shredded");
    println!("{} visitor(s) with nothing left were erased.", report.visitors_erased);
    if !report.shredded.is_empty() {
        println!(
            "Their Matrix rooms are not touched yet: the next `hopenow run` redacts what the bot posted in them, \
             removes the staff and leaves them ({} forget-room action(s) wait in the outbox).",
            report.shredded.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn print_plan(plan: &RetentionPlan, verb: &str) {
    println!("{verb} {} conversation(s):", plan.due.len());
    for due in &plan.due {
        println!(
            "  {:<28} {}  {} {}",
            shown(&due.pseudonym),
            short(due.conversation),
            due.reason.describe(),
            format_time(due.reason.since())
        );
    }
    if !plan.silent.is_empty() {
        println!("{verb} {} visitor(s) who never started a conversation.", plan.silent.len());
    }
    if plan.held.is_empty() {
        return;
    }
    println!("Kept on hold ({}):", plan.held.len());
    for held in &plan.held {
        let otherwise = match held.would_be {
            Some(reason) => format!("otherwise due: {} {}", reason.describe(), format_time(reason.since())),
            None => "not due anyway".to_owned(),
        };
        println!(
            "  {:<28} {}  review {} (hold by {})  {otherwise}",
            shown(&held.pseudonym),
            short(held.conversation),
            held.hold.review,
            held.hold.by
        );
    }
}

fn shown(pseudonym: &str) -> &str {
    if pseudonym.is_empty() { "(visitor already erased)" } else { pseudonym }
}

/// The first 8 hex digits: enough to tell conversations apart in a list.
fn short(conversation: ConversationId) -> String {
    conversation.to_string().chars().take(8).collect()
}
