//! `hopenow audit`: the audit log, in the shifts' time zone, and whether its chain holds.

use std::path::Path;
use std::process::ExitCode;

use bridge::audit::{AuditEntry, Checkpoint};
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::open_store;

pub fn run(
    config: &Path,
    from: Option<Date>,
    to: Option<Date>,
    checkpoints: &[Checkpoint],
) -> anyhow::Result<ExitCode> {
    let (loaded, store) = open_store(config)?;
    let zone = loaded.shifts().zone().clone();
    let log = store.verify_audit()?;
    let shown: Vec<(u64, &AuditEntry, jiff::ZonedDateTime)> = log
        .entries
        .iter()
        .filter_map(|(seq, entry)| {
            let at = jiff::Timestamp::from_millisecond(entry.at.as_millis()).ok()?.to_zoned_datetime(zone.clone());
            let day = at.date();
            let inside = from.is_none_or(|f| day >= f) && to.is_none_or(|t| day <= t);
            inside.then_some((*seq, entry, at))
        })
        .collect();
    print!("{}", table(&shown, &zone));
    println!(
        "{} of {} entries shown. Chain head: {} (write it down: a log rewritten later will not end in it).",
        shown.len(),
        log.entries.len(),
        log.head
    );
    let lost: Vec<&Checkpoint> = checkpoints.iter().filter(|c| !log.holds(c)).collect();
    for checkpoint in &lost {
        eprintln!(
            "hopenow: THE AUDIT LOG NO LONGER HOLDS CHECKPOINT {checkpoint}: entries were cut from its end or it was rewritten. Keep this data dir as it is for investigation, and tell the coordinator"
        );
    }
    if !lost.is_empty() {
        return Ok(ExitCode::FAILURE);
    }
    for checkpoint in checkpoints {
        println!("Checkpoint {checkpoint} holds.");
    }
    match log.broken {
        None => {
            println!("Chain verified: no entry was removed, reordered or changed.");
            Ok(ExitCode::SUCCESS)
        }
        Some(broken) => {
            eprintln!(
                "hopenow: THE AUDIT LOG WAS TAMPERED WITH: {broken}. Keep this data dir as it is for investigation, and restore a copy from a backup to run on"
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

fn table(entries: &[(u64, &AuditEntry, jiff::ZonedDateTime)], zone: &TimeZone) -> String {
    let zone_name = zone.iana_name().unwrap_or("UTC");
    let header = [
        "seq".to_owned(),
        format!("time ({zone_name})"),
        "what".into(),
        "staff".into(),
        "pseudonym".into(),
        "detail".into(),
    ];
    let rows: Vec<[String; 6]> = entries
        .iter()
        .map(|(seq, entry, at)| {
            [
                seq.to_string(),
                at.strftime("%Y-%m-%d %H:%M:%S").to_string(),
                entry.kind.name().to_owned(),
                entry.staff.as_ref().map(|s| s.to_string()).unwrap_or_else(|| "-".into()),
                entry.pseudonym.as_ref().map(|p| p.to_string()).unwrap_or_else(|| "-".into()),
                entry.detail.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..6)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).chain([header[i].chars().count()]).max().unwrap_or(0))
        .collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        padded.join("  ").trim_end().to_owned() + "\n"
    };
    let mut out = line(&header);
    for row in &rows {
        out.push_str(&line(row));
    }
    out
}
