//! `hopenow stats`: the funders' statistics per week, as a table, CSV and an SVG chart, and the
//! conversations machine-translated over the weeks per language pair (in the table and the CSV).
//! Every count below 5 is "<5" in all of them (the cells come from [`bridge::stats::report`]).

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use bridge::stats::report::{self, Bar, Report, SERIES, THRESHOLD};
use bridge::stats::{WeekStats, week_of_date};
use jiff::civil::Date;
use plotters::prelude::*;

use super::open_store;

pub fn run(config: &Path, from: Date, to: Date, csv: Option<&Path>, svg: Option<&Path>) -> anyhow::Result<ExitCode> {
    if to < from {
        anyhow::bail!("--to {to} is before --from {from}");
    }
    let (loaded, store) = open_store(config)?;
    let (Some(first), Some(last)) = (week_of_date(from), week_of_date(to)) else {
        anyhow::bail!("--from {from} or --to {to} is before 1970");
    };
    let mut stored = store.week_stats(first, last)?.into_iter().peekable();
    // Every week of the range has a row, quiet ones too: a missing row would stand out.
    let mut weeks = Vec::new();
    for week in (first..=last).step_by(7) {
        match stored.next_if(|(w, _)| *w == week) {
            Some(found) => weeks.push(found),
            None => weeks.push((week, WeekStats::default())),
        }
    }
    let configured = report::Configured {
        partners: loaded.partners().partners().iter().map(|p| p.id.as_str()).collect(),
        campaigns: loaded.config.campaign.iter().map(|c| (c.code.as_str(), c.name.as_str())).collect(),
    };
    let report = report::build_for(&weeks, &configured);
    println!("New contacts, returns, first responses and referrals per week (weeks start on Monday).");
    print!("{}", report.table());
    println!(
        "Counts below {THRESHOLD} are shown as {}; {} hides a count that would let one be worked out from a total.",
        report::SMALL,
        report::MASKED
    );
    println!("\nConversations machine-translated over these weeks, by language pair (source → target):");
    print!("{}", report.translation_table());
    let partner_table = report.partner_table();
    if !partner_table.is_empty() {
        println!("\nReferrals per partner of the directory over these weeks, and how they ended:");
        print!("{partner_table}");
    }
    if let Some(path) = csv {
        std::fs::write(path, report.csv()).with_context(|| format!("writing --csv {}", path.display()))?;
        println!("CSV: {}", path.display());
    }
    if let Some(path) = svg {
        std::fs::write(path, chart(&report)?).with_context(|| format!("writing --svg {}", path.display()))?;
        println!("Chart: {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

const COLOURS: [RGBColor; 3] = [RGBColor(31, 119, 180), RGBColor(44, 160, 44), RGBColor(214, 39, 40)];
const SMALL_FILL: RGBColor = RGBColor(210, 210, 210);

/// A grouped bar chart of new contacts, returns and referrals per week. A count below 5 is
/// drawn as a grey bar of height 5 marked "<5", never at its height; the value axis is labelled
/// in steps of 5 only.
pub fn chart(report: &Report) -> anyhow::Result<String> {
    let mut svg = String::new();
    {
        let weeks = report.rows.len().max(1);
        let width = u32::try_from(120 + 70 * weeks).unwrap_or(u32::MAX).clamp(640, 6000);
        let root = SVGBackend::with_string(&mut svg, (width, 420)).into_drawing_area();
        root.fill(&WHITE)?;
        let highest = report.rows.iter().flat_map(|r| r.bars).map(height).max().unwrap_or(0);
        let top = f64::from((highest.div_ceil(5) * 5).max(10) + 5);
        let mut chart = ChartBuilder::on(&root)
            .caption("New contacts, returns and referrals per week", ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(44)
            .build_cartesian_2d(0f64..weeks as f64, 0f64..top)?;
        let labels: Vec<String> = report.rows.iter().map(|r| r.week.clone()).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(weeks * 2 + 1)
            .x_label_formatter(&|x| week_label(&labels, *x))
            .y_labels((top / 5.0) as usize + 1)
            .y_label_formatter(&|y| if (y / 5.0).fract() == 0.0 { format!("{y:.0}") } else { String::new() })
            .y_desc("people or referrals")
            .draw()?;
        for (series, name) in SERIES.iter().enumerate() {
            let colour = COLOURS[series];
            let bars = report.rows.iter().enumerate().map(move |(week, row)| {
                let left = week as f64 + 0.1 + series as f64 * 0.27;
                let (fill, bar) = match row.bars[series] {
                    Bar::Count(n) => (colour.filled(), f64::from(n)),
                    Bar::Small => (SMALL_FILL.filled(), f64::from(THRESHOLD)),
                };
                Rectangle::new([(left, 0.0), (left + 0.25, bar)], fill)
            });
            chart
                .draw_series(bars)?
                .label(*name)
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
        }
        let small_marks = report.rows.iter().enumerate().flat_map(|(week, row)| {
            row.bars.iter().enumerate().filter(|(_, b)| **b == Bar::Small).map(move |(series, _)| {
                let left = week as f64 + 0.1 + series as f64 * 0.27;
                Text::new(report::SMALL, (left, f64::from(THRESHOLD) + 1.5), ("sans-serif", 11).into_font())
            })
        });
        chart
            .draw_series(small_marks)?
            .label("grey: fewer than 5 (not drawn to scale)")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], SMALL_FILL.filled()));
        chart.configure_series_labels().background_style(WHITE.mix(0.9)).border_style(BLACK).draw()?;
        root.present()?;
    }
    Ok(svg)
}

fn height(bar: Bar) -> u32 {
    match bar {
        Bar::Count(n) => n,
        Bar::Small => THRESHOLD,
    }
}

/// Each week is labelled under the middle of its bars.
fn week_label(labels: &[String], x: f64) -> String {
    if (x.fract() - 0.5).abs() > 1e-9 || x < 0.0 {
        return String::new();
    }
    labels.get(x.floor() as usize).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_chart_is_svg_and_draws_no_small_count() {
        let mut busy = WeekStats::default();
        for _ in 0..23 {
            busy.new_contact("en", "telegram");
        }
        busy.returning = 7;
        busy.referral("doctor");
        busy.referral("shelter");
        let mut quiet = WeekStats::default();
        quiet.new_contact("th", "matrix");
        quiet.new_contact("th", "matrix");
        quiet.returning = 3;
        let report = report::build(&[(20_759, busy), (20_766, quiet), (20_773, WeekStats::default())]);
        let svg = chart(&report).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stats.svg");
        std::fs::write(&path, &svg).unwrap();
        assert!(std::fs::metadata(&path).unwrap().len() > 500);
        assert!(svg.contains("<svg") && svg.trim_end().ends_with("</svg>"), "{svg}");
        let texts: Vec<&str> = svg
            .split("</text>")
            .filter_map(|part| part.rsplit_once('>').map(|(_, text)| text.trim()))
            .filter(|text| !text.is_empty())
            .collect();
        assert!(texts.contains(&"&lt;5") || texts.contains(&"<5"), "{texts:?}");
        assert!(texts.contains(&"2026-11-02") && texts.contains(&"2026-11-16"), "{texts:?}");
        for text in &texts {
            assert!(!matches!(*text, "1" | "2" | "3" | "4"), "{text} among {texts:?}");
        }
        assert!(texts.contains(&"20") && texts.contains(&"5"), "the axis counts in fives: {texts:?}");
    }
}
