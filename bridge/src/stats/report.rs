//! The statistics as funders see them: one row per week, every count below 5 shown as "<5".
//!
//! Zero is shown as "<5" too: "none" next to "<5" would tell apart weeks that had a few people
//! from weeks that had nobody. A count is also hidden ("x") when it alone would let a hidden
//! one be worked out from a total: if exactly one part of a total is below 5 and not zero, the
//! smallest shown part is hidden as well. Nothing below works on anything but these cells, so
//! no renderer can print a small count by mistake.
//!
//! Machine translation is one part beside the weeks ([`Translations`]): conversations translated
//! over all the report's weeks, per language pair, hidden the same way (the pairs are the parts
//! of their total, like referrals by kind).

use std::collections::BTreeSet;

use crate::referral::{ReferralKind, ReferralStatus};

use super::{WeekStats, week_start};

/// Counts below this are never shown.
pub const THRESHOLD: u32 = 5;
/// How a count below [`THRESHOLD`] is shown.
pub const SMALL: &str = "<5";
/// How a count hidden only to protect a small one is shown.
pub const MASKED: &str = "x";
/// The median first response, when fewer than [`THRESHOLD`] conversations were answered.
pub(crate) const FEW_ANSWERED: &str = "<5 answered";

/// The channels every report shows, whether or not they had contacts.
const CHANNELS: [&str; 2] = ["telegram", "matrix"];

/// A count as it may be shown.
pub(crate) fn count(n: u32) -> String {
    if n < THRESHOLD { SMALL.to_owned() } else { n.to_string() }
}

/// The parts of a total as they may be shown beside it (see the module docs).
pub(crate) fn parts(total: u32, parts: &[u32]) -> Vec<String> {
    let mut shown: Vec<String> = parts.iter().map(|n| count(*n)).collect();
    let hidden: Vec<usize> = (0..parts.len()).filter(|i| parts[*i] < THRESHOLD).collect();
    let derivable = total >= THRESHOLD && hidden.len() == 1 && hidden.iter().all(|i| parts[*i] > 0);
    if derivable && let Some(smallest) = (0..parts.len()).filter(|i| parts[*i] >= THRESHOLD).min_by_key(|i| parts[*i]) {
        shown[smallest] = MASKED.to_owned();
    }
    shown
}

/// A chart bar: a count that may be drawn, or one that may only be drawn as "<5".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bar {
    /// At least [`THRESHOLD`]: drawn to scale.
    Count(u32),
    /// Below it: shown as "<5", whatever the count.
    Small,
}

impl Bar {
    fn of(n: u32) -> Self {
        if n < THRESHOLD { Self::Small } else { Self::Count(n) }
    }
}

/// One week of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The week's Monday, YYYY-MM-DD.
    pub week: String,
    /// One per [`Report::columns`] after the first.
    pub(crate) cells: Vec<String>,
    /// New contacts, returns, referrals made: what the chart draws.
    pub bars: [Bar; 3],
}

/// The chart's series, in the order of [`Row::bars`].
pub const SERIES: [&str; 3] = ["new contacts", "returning", "referrals"];

/// The report of some weeks, every cell already safe to show; [`Report::table`] and
/// [`Report::csv`] print it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Column names; the first is "week".
    pub(crate) columns: Vec<String>,
    /// One per week, in the order of the weeks given to [`build`].
    pub rows: Vec<Row>,
    /// Machine-translated conversations over all the weeks.
    pub translations: Translations,
    /// Referrals per partner of the directory over all the weeks.
    pub partners: Vec<PartnerRow>,
}

/// One partner of the directory over the report's weeks: referrals made to it, and how many
/// ended done or declined, each as it may be shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerRow {
    /// The partner's id (`[[partner]] id`).
    pub partner: String,
    /// Referrals made to it.
    pub referred: String,
    /// Referrals to it that ended done.
    pub done: String,
    /// Referrals to it that ended declined.
    pub declined: String,
}

/// The partner part of these weeks: every partner in `configured` (so a partner does not appear
/// because someone was referred there), and any other that occurred (one since removed from
/// the config), each count hidden below [`THRESHOLD`].
fn partners(weeks: &[(u32, WeekStats)], configured: &[&str]) -> Vec<PartnerRow> {
    let mut ids: BTreeSet<&str> = configured.iter().copied().collect();
    ids.extend(weeks.iter().flat_map(|(_, s)| s.partners.keys().map(|(p, _)| p.as_str())));
    let sum = |partner: &str, what: &str| {
        weeks
            .iter()
            .filter_map(|(_, s)| s.partners.get(&(partner.to_owned(), what.to_owned())))
            .fold(0u32, |total, n| total.saturating_add(*n))
    };
    ids.into_iter()
        .map(|partner| PartnerRow {
            partner: partner.to_owned(),
            referred: count(sum(partner, crate::stats::REFERRED)),
            done: count(sum(partner, ReferralStatus::Done.name())),
            declined: count(sum(partner, ReferralStatus::Declined.name())),
        })
        .collect()
}

/// The heading of the partner part, in the table and the CSV.
const PARTNER_COLUMNS: [&str; 4] = ["partner", "referred", "done", "declined"];

/// The machine translation part: conversations that got their first machine translation in the
/// report's weeks, summed over them, per language pair.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Translations {
    /// All pairs together, as it may be shown.
    pub total: String,
    /// ("th → en", its cell) per pair, in order of the tags. Empty when the total is below
    /// [`THRESHOLD`]: every pair is then below it too, and a list of "<5" would say no more.
    pub pairs: Vec<(String, String)>,
}

/// The heading of the machine translation part, in the table and the CSV.
const TRANSLATED: &str = "conversations machine-translated";

/// The pairs listed whenever the part has a list: every shipped visitor language a service has
/// a model for, into every staff language. Like the language and referral columns, a pair must
/// not appear because it occurred; one outside these (a staffer reading another language) is
/// added when it did, as unknown referral kinds are.
fn translation_pairs(weeks: &[(u32, WeekStats)]) -> BTreeSet<(&str, &str)> {
    let mut pairs: BTreeSet<(&str, &str)> = crate::i18n::LANGUAGES
        .iter()
        .filter(|l| !crate::translation::candidates(l.tag).is_empty())
        .flat_map(|l| crate::i18n::STAFF_LANGUAGES.iter().map(move |s| (l.tag, *s)))
        .filter(|(source, target)| source != target)
        .collect();
    pairs.extend(weeks.iter().flat_map(|(_, s)| s.translated.keys().map(|(a, b)| (a.as_str(), b.as_str()))));
    pairs
}

/// The machine translation part of these weeks (see [`Translations`]).
fn translations(weeks: &[(u32, WeekStats)]) -> Translations {
    let pairs = translation_pairs(weeks);
    let sums: Vec<u32> = pairs
        .iter()
        .map(|(source, target)| {
            weeks
                .iter()
                .flat_map(|(_, s)| s.translated.iter())
                .filter(|((a, b), _)| a == source && b == target)
                .fold(0u32, |sum, (_, n)| sum.saturating_add(*n))
        })
        .collect();
    let total = sums.iter().fold(0u32, |sum, n| sum.saturating_add(*n));
    if total < THRESHOLD {
        return Translations { total: count(total), pairs: Vec::new() };
    }
    let cells = parts(total, &sums);
    let labels = pairs.iter().map(|(source, target)| format!("{source} → {target}"));
    Translations { total: count(total), pairs: labels.zip(cells).collect() }
}

/// Builds the report of these weeks: columns for every shipped language, every referral kind
/// and every final outcome, whether or not it occurred. A column that appeared only when
/// something happened would tell, even with every cell shown as "<5", that it did.
pub fn build(weeks: &[(u32, WeekStats)]) -> Report {
    build_for(weeks, &Configured::default())
}

/// What the config names, so that the report lists each whether or not it occurred.
#[derive(Clone, Debug, Default)]
pub struct Configured<'a> {
    /// Partner ids of the referral directory.
    pub partners: Vec<&'a str>,
    /// Campaign links: (code, name).
    pub campaigns: Vec<(&'a str, &'a str)>,
}

/// [`build`], with a part for the referral directory and a column per campaign link.
pub fn build_for(weeks: &[(u32, WeekStats)], configured: &Configured<'_>) -> Report {
    let configured_partners = configured.partners.as_slice();
    // Every configured campaign, friends' shares, and any code counted since removed from the
    // config, each by its name.
    let mut campaigns: Vec<(String, String)> =
        configured.campaigns.iter().map(|(code, name)| ((*code).to_owned(), (*name).to_owned())).collect();
    campaigns.push((crate::stats::SHARE_CODE.to_owned(), "a friend".to_owned()));
    for (_, stats) in weeks {
        for code in stats.campaigns.keys() {
            if !campaigns.iter().any(|(c, _)| c == code) {
                campaigns.push((code.clone(), code.clone()));
            }
        }
    }
    let mut languages: BTreeSet<&str> = crate::i18n::LANGUAGES.iter().map(|l| l.tag).collect();
    languages.extend(weeks.iter().flat_map(|(_, s)| s.new_contacts.keys().map(|(l, _)| l.as_str())));
    let mut kinds: BTreeSet<&str> = ReferralKind::ALL.iter().map(|k| k.name()).collect();
    kinds.extend(weeks.iter().flat_map(|(_, s)| s.referrals.keys().map(String::as_str)));
    let finals = [ReferralStatus::Done, ReferralStatus::Declined];
    let mut outcomes: BTreeSet<(&str, &str)> =
        kinds.iter().flat_map(|k| finals.iter().map(move |st| (*k, st.name()))).collect();
    outcomes.extend(weeks.iter().flat_map(|(_, s)| s.outcomes.keys().map(|(k, st)| (k.as_str(), st.as_str()))));

    let mut columns = vec!["week".to_owned(), "new contacts".to_owned()];
    columns.extend(CHANNELS.iter().map(|c| format!("new on {c}")));
    columns.extend(languages.iter().map(|l| format!("new in {l}")));
    columns.extend(["returning", "answered", "median first response", "referrals"].map(str::to_owned));
    columns.extend(kinds.iter().map(|k| format!("referred: {k}")));
    columns.extend(outcomes.iter().map(|(k, s)| format!("{k} {s}")));
    columns.extend(campaigns.iter().map(|(_, name)| format!("via {name}")));

    let rows =
        weeks
            .iter()
            .map(|(week, stats)| {
                let total = stats.new_contacts_total();
                let by_channel: Vec<u32> = CHANNELS
                    .iter()
                    .map(|c| stats.new_contacts.iter().filter(|((_, ch), _)| ch == c).map(|(_, n)| *n).sum())
                    .collect();
                let by_language: Vec<u32> = languages
                    .iter()
                    .map(|l| stats.new_contacts.iter().filter(|((lang, _), _)| lang == l).map(|(_, n)| *n).sum())
                    .collect();
                let referred: Vec<u32> = kinds.iter().map(|k| stats.referrals.get(*k).copied().unwrap_or(0)).collect();
                let referrals: u32 = referred.iter().sum();
                let answered = u32::try_from(stats.first_responses.len()).unwrap_or(u32::MAX);

                let mut cells = vec![count(total)];
                cells.extend(parts(total, &by_channel));
                cells.extend(parts(total, &by_language));
                cells.push(count(stats.returning));
                cells.push(count(answered));
                cells.push(match stats.median_first_response() {
                    Some(seconds) if answered >= THRESHOLD => duration(seconds),
                    _ => FEW_ANSWERED.to_owned(),
                });
                cells.push(count(referrals));
                cells.extend(parts(referrals, &referred));
                cells.extend(outcomes.iter().map(|(k, s)| {
                    count(stats.outcomes.get(&((*k).to_owned(), (*s).to_owned())).copied().unwrap_or(0))
                }));
                cells.extend(campaigns.iter().map(|(code, _)| count(stats.campaigns.get(code).copied().unwrap_or(0))));
                Row {
                    week: week_start(*week).map(|d| d.to_string()).unwrap_or_else(|| format!("week {week}")),
                    cells,
                    bars: [Bar::of(total), Bar::of(stats.returning), Bar::of(referrals)],
                }
            })
            .collect();
    Report { columns, rows, translations: translations(weeks), partners: partners(weeks, configured_partners) }
}

/// Seconds as "3 min" or "2 h 05 min" (a median, so minutes are precise enough).
pub(crate) fn duration(seconds: u32) -> String {
    let minutes = seconds / 60;
    match minutes {
        0 => format!("{seconds} s"),
        m if m < 60 => format!("{m} min"),
        m => format!("{} h {:02} min", m / 60, m % 60),
    }
}

impl Report {
    /// An aligned text table.
    pub fn table(&self) -> String {
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|i| {
                let cells =
                    self.rows.iter().map(|r| if i == 0 { r.week.chars().count() } else { cell(r, i).chars().count() });
                cells.chain([self.columns[i].chars().count()]).max().unwrap_or(0)
            })
            .collect();
        let line = |cells: Vec<&str>| {
            let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
            padded.join("  ").trim_end().to_owned()
        };
        let mut out = vec![line(self.columns.iter().map(String::as_str).collect())];
        for row in &self.rows {
            out.push(line(std::iter::once(row.week.as_str()).chain(row.cells.iter().map(String::as_str)).collect()));
        }
        out.join("\n") + "\n"
    }

    /// The machine translation part as aligned text: the total, then one line per pair.
    pub fn translation_table(&self) -> String {
        let part = &self.translations;
        let width = part.pairs.iter().map(|(pair, _)| pair.chars().count() + 2).chain([TRANSLATED.len()]).max();
        let width = width.unwrap_or(0);
        let mut out = format!("{TRANSLATED:<width$}  {}\n", part.total);
        for (pair, cell) in &part.pairs {
            out.push_str(&format!("{:<width$}  {cell}\n", format!("  {pair}")));
        }
        out
    }

    /// The partner part as aligned text, one line per partner; empty without partners.
    pub fn partner_table(&self) -> String {
        if self.partners.is_empty() {
            return String::new();
        }
        let rows: Vec<[&str; 4]> = self
            .partners
            .iter()
            .map(|r| [r.partner.as_str(), r.referred.as_str(), r.done.as_str(), r.declined.as_str()])
            .collect();
        let widths: Vec<usize> = (0..4)
            .map(|i| rows.iter().map(|r| r[i].chars().count()).chain([PARTNER_COLUMNS[i].len()]).max().unwrap_or(0))
            .collect();
        let line = |cells: [&str; 4]| {
            let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
            padded.join("  ").trim_end().to_owned() + "\n"
        };
        std::iter::once(line(PARTNER_COLUMNS)).chain(rows.into_iter().map(line)).collect()
    }

    /// The same cells as comma-separated values (RFC 4180 quoting where needed).
    pub fn csv(&self) -> String {
        let quote = |c: &str| {
            if c.contains([',', '"', '\n']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.to_owned() }
        };
        let mut out = String::new();
        let header: Vec<String> = self.columns.iter().map(|c| quote(c)).collect();
        out.push_str(&header.join(","));
        out.push_str("\r\n");
        for row in &self.rows {
            let cells: Vec<String> = std::iter::once(&row.week).chain(&row.cells).map(|c| quote(c)).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        // The machine translation part covers all the weeks, not one: after an empty line, two
        // columns of its own (the total first, as "all pairs").
        out.push_str(&format!("\r\nlanguage pair,{TRANSLATED}\r\n"));
        out.push_str(&format!("all pairs,{}\r\n", quote(&self.translations.total)));
        for (pair, cell) in &self.translations.pairs {
            out.push_str(&format!("{},{}\r\n", quote(pair), quote(cell)));
        }
        if !self.partners.is_empty() {
            out.push_str(&format!("\r\n{}\r\n", PARTNER_COLUMNS.join(",")));
            for row in &self.partners {
                let cells = [&row.partner, &row.referred, &row.done, &row.declined].map(|c| quote(c));
                out.push_str(&format!("{}\r\n", cells.join(",")));
            }
        }
        out
    }
}

fn cell(row: &Row, column: usize) -> &str {
    row.cells.get(column - 1).map(String::as_str).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(contacts: &[(&str, &str, u32)], returning: u32, responses: &[u32], referrals: &[(&str, u32)]) -> WeekStats {
        let mut stats = WeekStats::default();
        for (language, channel, n) in contacts {
            stats.new_contacts.insert(((*language).to_owned(), (*channel).to_owned()), *n);
        }
        stats.returning = returning;
        for seconds in responses {
            stats.first_response(*seconds);
        }
        for (kind, n) in referrals {
            stats.referrals.insert((*kind).to_owned(), *n);
        }
        stats
    }

    #[test]
    fn small_counts_never_show_in_the_table_or_the_csv() {
        let weeks = vec![
            (
                20_759,
                week(
                    &[("en", "telegram", 12), ("th", "telegram", 3), ("ro", "matrix", 7)],
                    4,
                    &[60; 4],
                    &[("doctor", 2), ("shelter", 6)],
                ),
            ),
            (
                20_766,
                week(&[("en", "telegram", 1), ("th", "matrix", 2)], 9, &[120, 60, 600, 180, 240], &[("doctor", 8)]),
            ),
        ];
        let mut weeks = weeks;
        weeks[0].1.outcome("doctor", "done");
        let report = build(&weeks);
        for row in &report.rows {
            for cell in &row.cells {
                assert!(!matches!(cell.as_str(), "0" | "1" | "2" | "3" | "4"), "{cell} in {row:?}");
            }
        }
        let first = &report.rows[0];
        let at = |name: &str| report.columns.iter().position(|c| c == name).unwrap() - 1;
        assert_eq!(first.cells[at("new contacts")], "22");
        assert_eq!(first.cells[at("new on telegram")], "15");
        assert_eq!(first.cells[at("new on matrix")], "7");
        // th (3) is one of many small parts of 22 (every language has a column, most of them
        // 0): nothing needs hiding beside it.
        assert_eq!(first.cells[at("new in th")], SMALL);
        assert_eq!(first.cells[at("new in fa")], SMALL);
        assert_eq!(first.cells[at("new in ro")], "7");
        assert_eq!(first.cells[at("new in en")], "12");
        assert_eq!(first.cells[at("returning")], SMALL);
        assert_eq!(first.cells[at("median first response")], FEW_ANSWERED);
        assert_eq!(first.cells[at("referred: doctor")], SMALL);
        assert_eq!(first.cells[at("referred: shelter")], "6", "doctor (2) is one small part among many");
        assert_eq!(first.cells[at("doctor done")], SMALL);
        let second = &report.rows[1];
        assert_eq!(second.cells[at("new contacts")], SMALL);
        assert_eq!(second.cells[at("returning")], "9");
        assert_eq!(second.cells[at("median first response")], "3 min");
        assert_eq!(second.bars, [Bar::Small, Bar::Count(9), Bar::Count(8)]);

        let table = report.table();
        let csv = report.csv();
        let table_cells = table.lines().skip(1).flat_map(|line| line.split("  ").map(str::trim)).collect::<Vec<_>>();
        let csv_cells = csv.lines().skip(1).flat_map(|line| line.split(',')).collect::<Vec<_>>();
        for cells in [&table_cells, &csv_cells] {
            assert!(cells.contains(&SMALL), "{cells:?}");
            assert!(cells.contains(&"22") && cells.contains(&"3 min"), "{cells:?}");
            for cell in cells {
                assert!(!matches!(*cell, "0" | "1" | "2" | "3" | "4"), "{cell} in {cells:?}");
            }
        }
        assert!(csv.starts_with("week,new contacts,new on telegram,new on matrix,new in ar,new in bg,"), "{csv}");
        let row = "\r\n2026-11-02,22,15,7,<5,<5,<5,12,<5,<5,<5,<5,<5,<5,<5,7,<5,<5,<5,<5,<5,<5,<5,<5 answered,8,";
        assert!(csv.contains(row), "{csv}");
    }

    /// A column must not appear because something happened: "referred: asylum" alone would
    /// say that someone was, whatever its cells show.
    #[test]
    fn every_language_kind_and_outcome_has_a_column_whether_or_not_it_occurred() {
        let quiet = build(&[(20_759, WeekStats::default())]);
        let busy = build(&[(20_759, week(&[("fa", "telegram", 1)], 0, &[], &[("asylum", 1)]))]);
        assert_eq!(quiet.columns, busy.columns);
        for language in crate::i18n::LANGUAGES {
            assert!(quiet.columns.contains(&format!("new in {}", language.tag)), "{}", language.tag);
        }
        for kind in ReferralKind::ALL {
            assert!(quiet.columns.contains(&format!("referred: {kind}")));
            assert!(
                quiet.columns.contains(&format!("{kind} done")) && quiet.columns.contains(&format!("{kind} declined"))
            );
        }
    }

    #[test]
    fn a_lone_zero_part_needs_no_second_hidden_cell() {
        assert_eq!(parts(9, &[9, 0]), vec!["9", SMALL]);
        assert_eq!(parts(9, &[6, 3]), vec![MASKED, SMALL]);
        assert_eq!(parts(3, &[3, 0]), vec![SMALL, SMALL]);
        assert_eq!(parts(12, &[6, 3, 3]), vec!["6", SMALL, SMALL]);
    }

    /// A week in which these conversations were first machine-translated, per pair.
    fn translated(pairs: &[(&str, &str, u32)]) -> WeekStats {
        let mut stats = WeekStats::default();
        for (source, target, n) in pairs {
            for _ in 0..*n {
                stats.translated_conversation(source, target);
            }
        }
        stats
    }

    fn pair<'a>(part: &'a Translations, label: &str) -> Option<&'a str> {
        part.pairs.iter().find(|(p, _)| p == label).map(|(_, cell)| cell.as_str())
    }

    #[test]
    fn translated_pairs_are_summed_over_the_weeks_and_small_ones_hidden() {
        let weeks = vec![
            (20_759, translated(&[("th", "en", 4), ("fa", "en", 1)])),
            (20_766, WeekStats::default()),
            (20_773, translated(&[("th", "en", 3), ("fa", "en", 2), ("uk", "da", 1)])),
        ];
        let report = build(&weeks);
        let part = &report.translations;
        assert_eq!(part.total, "11");
        assert_eq!(pair(part, "th → en"), Some("7"), "4 and 3 in two weeks");
        assert_eq!(pair(part, "fa → en"), Some(SMALL), "3 in two weeks");
        assert_eq!(pair(part, "uk → da"), Some(SMALL));
        assert_eq!(pair(part, "ar → en"), Some(SMALL), "a pair nobody used is listed too");
        for (label, cell) in &part.pairs {
            assert!(!matches!(cell.as_str(), "0" | "1" | "2" | "3" | "4"), "{label}: {cell}");
        }

        let table = report.translation_table();
        assert!(table.starts_with(&format!("{TRANSLATED}  11\n")), "{table}");
        let th = table.lines().find(|l| l.contains("th → en")).unwrap();
        assert_eq!(th.split_whitespace().collect::<Vec<_>>(), ["th", "→", "en", "7"]);
        let fa = table.lines().find(|l| l.contains("fa → en")).unwrap();
        assert_eq!(fa.split_whitespace().last(), Some(SMALL));
        let csv = report.csv();
        assert!(csv.contains("\r\n\r\nlanguage pair,conversations machine-translated\r\nall pairs,11\r\n"), "{csv}");
        assert!(csv.contains("\r\nth → en,7\r\n") && csv.contains("\r\nfa → en,<5\r\n"), "{csv}");
        for cell in csv.lines().flat_map(|line| line.split(',')) {
            assert!(!matches!(cell, "0" | "1" | "2" | "3" | "4"), "{cell} in {csv}");
        }
    }

    /// As referrals by kind: the total less the shown pairs (3 here) is spread over every other
    /// listed pair, each "<5" whether 0 or not, so no pair can be worked out and nothing else
    /// needs hiding; `parts` hides the smallest shown one only when a single pair is small.
    #[test]
    fn a_small_pair_among_the_many_listed_needs_nothing_else_hidden() {
        let report = build(&[(20_759, translated(&[("th", "en", 7), ("fa", "en", 3), ("ro", "da", 12)]))]);
        let part = &report.translations;
        assert_eq!(part.total, "22");
        assert_eq!(
            (pair(part, "fa → en"), pair(part, "th → en"), pair(part, "ro → da")),
            (Some(SMALL), Some("7"), Some("12"))
        );
        assert!(part.pairs.iter().filter(|(_, cell)| cell == SMALL).count() > 20, "{part:?}");
        assert_eq!(parts(10, &[7, 3]), vec![MASKED, SMALL], "the same rule, were the pair alone");
    }

    /// Weeks counted before the counter existed read with none: the part is a total of "<5"
    /// and no list, never an error; the same as a period with too few translations to show.
    #[test]
    fn weeks_from_before_the_counter_show_no_pairs() {
        let old = week(&[("th", "telegram", 9)], 6, &[60; 5], &[("doctor", 7)]);
        let report = build(&[(20_759, old.clone()), (20_766, old)]);
        assert_eq!(report.translations, Translations { total: SMALL.to_owned(), pairs: Vec::new() });
        assert_eq!(report.translation_table(), format!("{TRANSLATED}  {SMALL}\n"));
        assert!(report.csv().ends_with("\r\n\r\nlanguage pair,conversations machine-translated\r\nall pairs,<5\r\n"));
        let few = build(&[(20_759, translated(&[("th", "en", 4)]))]);
        assert_eq!(few.translations, report.translations, "4 translated shows as nothing did");
        assert_eq!(build(&[]).translations.pairs, Vec::new());
    }

    /// A pair must not be listed because it occurred: the list is the same whichever did.
    #[test]
    fn every_pair_is_listed_whether_or_not_it_occurred() {
        let labels = |weeks: &[(u32, WeekStats)]| -> Vec<String> {
            build(weeks).translations.pairs.into_iter().map(|(label, _)| label).collect()
        };
        let thai = labels(&[(20_759, translated(&[("th", "en", 9)]))]);
        let persian = labels(&[(20_759, translated(&[("fa", "da", 9)]))]);
        assert_eq!(thai, persian);
        for language in crate::i18n::LANGUAGES.iter().filter(|l| l.tag != "pcm" && l.tag != "en") {
            assert!(thai.contains(&format!("{} → en", language.tag)), "{}", language.tag);
        }
        assert!(thai.contains(&"en → da".to_owned()) && !thai.iter().any(|l| l.starts_with("pcm")));
        // A pair outside them (a staffer reading another language) is added when it occurs.
        let other = labels(&[(20_759, translated(&[("th", "fr", 9)]))]);
        assert_eq!(other.len(), thai.len() + 1);
    }

    #[test]
    fn partners_are_listed_from_the_config_and_their_small_counts_hidden() {
        let mut one = WeekStats::default();
        for _ in 0..6 {
            one.partner_referral("clinic", crate::stats::REFERRED);
        }
        for _ in 0..5 {
            one.partner_referral("clinic", "done");
        }
        one.partner_referral("shelter", crate::stats::REFERRED);
        let mut two = WeekStats::default();
        two.partner_referral("gone", crate::stats::REFERRED);
        let configured = Configured { partners: vec!["clinic", "legal-aid", "shelter"], campaigns: Vec::new() };
        let report = build_for(&[(1, one), (2, two)], &configured);
        let row = |id: &str| report.partners.iter().find(|r| r.partner == id).cloned();
        let clinic = row("clinic").unwrap();
        assert_eq!((clinic.referred.as_str(), clinic.done.as_str(), clinic.declined.as_str()), ("6", "5", SMALL));
        let quiet = row("legal-aid").expect("a configured partner is listed though nobody was referred there");
        assert_eq!(quiet.referred, SMALL, "zero looks like a few");
        assert_eq!(row("shelter").unwrap().referred, SMALL);
        assert!(row("gone").is_some(), "one removed from the config still shows its referrals");
        let table = report.partner_table();
        assert!(table.starts_with("partner    referred  done  declined\nclinic     6         5     <5\n"), "{table}");
        assert!(report.csv().contains("\r\npartner,referred,done,declined\r\nclinic,6,5,<5\r\n"), "{}", report.csv());
        assert_eq!(build(&[]).partner_table(), "", "no directory, no part");
    }

    #[test]
    fn each_campaign_has_a_column_by_name_and_small_counts_are_hidden() {
        let mut week = WeekStats::default();
        for _ in 0..5 {
            week.campaign_arrival("salon-istedgade");
        }
        week.campaign_arrival(crate::stats::SHARE_CODE);
        week.campaign_arrival("old-card");
        let configured =
            Configured { partners: Vec::new(), campaigns: vec![("salon-istedgade", "Salon"), ("clinic-card", "Clinic")] };
        let report = build_for(&[(1, week)], &configured);
        let column = |name: &str| report.columns.iter().position(|c| c == name).map(|i| cell(&report.rows[0], i));
        assert_eq!(column("via Salon"), Some("5"));
        assert_eq!(column("via Clinic"), Some(SMALL), "listed though nobody came through it");
        assert_eq!(column("via a friend"), Some(SMALL));
        assert_eq!(column("via old-card"), Some(SMALL), "a code since removed from the config still shows");
    }
}
