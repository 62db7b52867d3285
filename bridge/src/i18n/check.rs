//! The completeness gate for locales (`hopenow locales check` and a test run the same code).
//!
//! English is the reference. Every other locale must parse cleanly; have exactly English's
//! message ids and, per message, the same variables; leave no message identical to English
//! unless its header lists it as the same on purpose; give every select on a count a variant
//! for each plural category its language uses for whole numbers; and carry its review header.

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use fluent_syntax::ast;
use intl_pluralrules::{PluralRuleType, PluralRules};
use unic_langid::LanguageIdentifier;

use super::{DEFAULT_LANGUAGE, EMBEDDED_SOURCES, LANGUAGES, ParseProblem, outline};

/// Messages that are only layout, the same in every language.
const SAME_EVERYWHERE: &[&str] = &["staff-reply", "summary-referral"];

/// Variables a translation may leave out: the language offer is asked in the guessed language,
/// where naming it ("en Français", "în limba Română") reads worse than "in French" would.
const MAY_LEAVE_OUT: &[(&str, &str)] = &[("language-hint-question", "language"), ("language-hint-yes", "language")];

/// Whether a translation of `id` may do without `variable` (see [`MAY_LEAVE_OUT`]).
pub fn may_leave_out(id: &str, variable: &str) -> bool {
    MAY_LEAVE_OUT.contains(&(id, variable))
}

/// A translation's variables agree with English's: the same, but for those it may leave out.
pub(super) fn same_variables(id: &str, ours: &[String], english: &[String]) -> bool {
    ours.iter().all(|v| english.contains(v)) && english.iter().all(|v| ours.contains(v) || may_leave_out(id, v))
}

/// What the gate found in one locale.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocaleReport {
    /// The locale, `da`, or `da/staff` for its staff texts.
    pub tag: String,
    pub(crate) messages: usize,
    /// Fluent syntax errors and duplicate ids, with their line.
    pub parse_errors: Vec<ParseProblem>,
    pub(crate) missing: Vec<String>,
    pub(crate) extra: Vec<String>,
    /// Message ids whose variables differ from English.
    pub variable_mismatches: Vec<String>,
    /// Message ids left as in English without being listed as the same on purpose.
    pub same_as_english: Vec<String>,
    /// `(message id, categories without a variant)`.
    pub plural_gaps: Vec<(String, Vec<String>)>,
    pub(crate) header_problems: Vec<String>,
    /// The header's `Reviewed:` line, e.g. "machine-drafted, needs native review".
    pub(crate) review: Option<String>,
}

impl LocaleReport {
    /// No problem at all: what `locales check` passes.
    pub fn is_complete(&self) -> bool {
        self.problems().is_empty()
    }

    /// One line per problem, each naming the locale and, where there is one, the message id.
    pub fn problems(&self) -> Vec<String> {
        let tag = &self.tag;
        let mut out = Vec::new();
        out.extend(self.parse_errors.iter().map(|p| format!("{tag}: syntax error at {p}")));
        out.extend(self.missing.iter().map(|id| format!("{tag}: missing message `{id}`")));
        out.extend(self.extra.iter().map(|id| format!("{tag}: message `{id}` is not in English")));
        out.extend(
            self.variable_mismatches.iter().map(|id| format!("{tag}: `{id}` uses other variables than English")),
        );
        out.extend(self.same_as_english.iter().map(|id| {
            format!("{tag}: `{id}` is identical to English (translate it, or list it under `### Same as English:`)")
        }));
        out.extend(self.plural_gaps.iter().map(|(id, categories)| {
            format!("{tag}: `{id}` has a plural select without [{}]", categories.join("], ["))
        }));
        out.extend(self.header_problems.iter().map(|p| format!("{tag}: header: {p}")));
        out
    }
}

/// Checks the locales built into this binary: the visitors' texts in every language, then the
/// staff texts (English and Danish), whose rows are tagged `<tag>/staff`.
pub fn check_embedded() -> Vec<LocaleReport> {
    let mut reports = check_sources(EMBEDDED_SOURCES);
    reports.extend(staff_rows(check_sources(super::staff::EMBEDDED_STAFF_SOURCES)));
    reports
}

fn staff_rows(reports: Vec<LocaleReport>) -> Vec<LocaleReport> {
    reports.into_iter().map(|report| LocaleReport { tag: format!("{}/staff", report.tag), ..report }).collect()
}

/// Checks a translator's working copy: `<dir>/<tag>/hopenow.ftl` for every shipped language,
/// then `<dir>/<tag>/staff.ftl` for the staff languages. A file that cannot be read is reported
/// as a problem of its locale.
pub fn check_dir(dir: &Path) -> Vec<LocaleReport> {
    let visitor_tags: Vec<&str> = LANGUAGES.iter().map(|l| l.tag).collect();
    let mut reports = check_files(dir, &visitor_tags, "hopenow.ftl");
    reports.extend(staff_rows(check_files(dir, super::STAFF_LANGUAGES, "staff.ftl")));
    reports
}

fn check_files(dir: &Path, tags: &[&str], file: &str) -> Vec<LocaleReport> {
    let read: Vec<(&str, Result<String, String>)> = tags
        .iter()
        .map(|tag| {
            let path = dir.join(tag).join(file);
            (*tag, std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display())))
        })
        .collect();
    let sources: Vec<(&str, &str)> = read.iter().map(|(tag, text)| (*tag, text.as_deref().unwrap_or(""))).collect();
    let mut reports = check_sources(&sources);
    for (report, (_, text)) in reports.iter_mut().zip(&read) {
        if let Err(problem) = text {
            report.header_problems.insert(0, problem.clone());
        }
    }
    reports
}

/// Checks `(tag, source)` pairs against the one tagged `en`.
pub fn check_sources(sources: &[(&str, &str)]) -> Vec<LocaleReport> {
    let parsed: Vec<Parsed<'_>> = sources.iter().map(|(tag, source)| Parsed::new(tag, source)).collect();
    let english = parsed.iter().find(|p| p.tag == DEFAULT_LANGUAGE);
    parsed.iter().map(|locale| check_one(locale, english)).collect()
}

struct Parsed<'s> {
    tag: &'s str,
    resource: ast::Resource<&'s str>,
    errors: Vec<ParseProblem>,
}

impl<'s> Parsed<'s> {
    fn new(tag: &'s str, source: &'s str) -> Self {
        let (resource, errors) = match fluent_syntax::parser::parse(source) {
            Ok(resource) => (resource, Vec::new()),
            Err((resource, errors)) => (resource, ParseProblem::located(source, &errors)),
        };
        Self { tag, resource, errors }
    }

    fn messages(&self) -> impl Iterator<Item = &ast::Message<&'s str>> {
        self.resource.body.iter().filter_map(|entry| match entry {
            ast::Entry::Message(message) => Some(message),
            _ => None,
        })
    }

    fn message(&self, id: &str) -> Option<&ast::Message<&'s str>> {
        self.messages().find(|m| m.id.name == id)
    }

    /// The `### Key: value` lines of the resource comments at the top.
    fn header(&self, key: &str) -> Option<String> {
        self.resource.body.iter().find_map(|entry| match entry {
            ast::Entry::ResourceComment(comment) => comment.content.iter().find_map(|line| {
                let (name, value) = line.split_once(':')?;
                (name.trim() == key).then(|| value.trim().to_owned())
            }),
            _ => None,
        })
    }
}

fn check_one(locale: &Parsed<'_>, english: Option<&Parsed<'_>>) -> LocaleReport {
    let ids: BTreeSet<&str> = locale.messages().map(|m| m.id.name).collect();
    let mut report = LocaleReport {
        tag: locale.tag.to_owned(),
        messages: ids.len(),
        parse_errors: locale.errors.clone(),
        review: locale.header("Reviewed"),
        ..LocaleReport::default()
    };
    header_problems(locale, &mut report);
    let categories = plural_categories(locale.tag);
    for message in locale.messages() {
        for keys in outline::plural_selects(message) {
            let gaps: Vec<String> = categories.iter().filter(|c| !keys.contains(c)).cloned().collect();
            if !gaps.is_empty() {
                report.plural_gaps.push((message.id.name.to_owned(), gaps));
            }
        }
    }
    let Some(english) = english else {
        report.header_problems.push("there is no English reference to compare with".into());
        return report;
    };
    let reference: BTreeSet<&str> = english.messages().map(|m| m.id.name).collect();
    report.missing = reference.difference(&ids).map(|id| (*id).to_owned()).collect();
    report.extra = ids.difference(&reference).map(|id| (*id).to_owned()).collect();
    if locale.tag == DEFAULT_LANGUAGE {
        return report;
    }
    let same_on_purpose: Vec<String> = locale
        .header("Same as English")
        .map(|list| list.split(',').map(|id| id.trim().to_owned()).filter(|id| !id.is_empty()).collect())
        .unwrap_or_default();
    for id in ids.intersection(&reference) {
        let (Some(ours), Some(theirs)) = (locale.message(id), english.message(id)) else {
            continue;
        };
        if !same_variables(id, &outline::variables(ours), &outline::variables(theirs)) {
            report.variable_mismatches.push((*id).to_owned());
        }
        let on_purpose = SAME_EVERYWHERE.contains(id) || same_on_purpose.iter().any(|s| s == id);
        if ours.value == theirs.value && ours.attributes == theirs.attributes && !on_purpose {
            report.same_as_english.push((*id).to_owned());
        }
    }
    report
}

fn header_problems(locale: &Parsed<'_>, report: &mut LocaleReport) {
    match locale.header("Reviewed") {
        None => report
            .header_problems
            .push("no `### Reviewed:` line (who reviewed it, or \"machine-drafted, needs native review\")".into()),
        Some(review) if review.is_empty() => report.header_problems.push("the `### Reviewed:` line is empty".into()),
        Some(_) => {}
    }
    let date = locale.header("Date");
    let well_formed = date.as_deref().is_some_and(|d| {
        let parts: Vec<&str> = d.split('-').collect();
        parts.len() == 3
            && [4, 2, 2]
                .iter()
                .zip(&parts)
                .all(|(len, part)| part.len() == *len && part.bytes().all(|b| b.is_ascii_digit()))
    });
    if !well_formed {
        report.header_problems.push("no `### Date: YYYY-MM-DD` line".into());
    }
}

/// The plural categories a language uses for whole numbers, by the rules Fluent itself picks for
/// it (`pt-BR` uses Portuguese's, an unknown language English's).
pub(crate) fn plural_categories(tag: &str) -> Vec<String> {
    let Ok(requested) = tag.parse::<LanguageIdentifier>() else {
        return vec!["other".to_owned()];
    };
    let available = PluralRules::get_locales(PluralRuleType::CARDINAL);
    let Ok(english) = DEFAULT_LANGUAGE.parse::<LanguageIdentifier>() else {
        return vec!["other".to_owned()];
    };
    let chosen = fluent_langneg::negotiate_languages(
        std::slice::from_ref(&requested),
        &available,
        Some(&english),
        fluent_langneg::NegotiationStrategy::Lookup,
    );
    let Some(rules) =
        chosen.first().and_then(|langid| PluralRules::create((*langid).clone(), PluralRuleType::CARDINAL).ok())
    else {
        return vec!["other".to_owned()];
    };
    // Whole numbers up to 10^7 reach every category CLDR defines for integers.
    let samples = (0_u64..=1_000).chain([10_000, 100_000, 1_000_000, 2_000_000, 10_000_000]);
    let mut found: BTreeSet<&'static str> = BTreeSet::new();
    for n in samples {
        if let Ok(category) = rules.select(n) {
            found.insert(category_name(category));
        }
    }
    outline::PLURAL_CATEGORIES.iter().filter(|c| found.contains(*c)).map(|c| (*c).to_owned()).collect()
}

fn category_name(category: intl_pluralrules::PluralCategory) -> &'static str {
    use intl_pluralrules::PluralCategory::{FEW, MANY, ONE, OTHER, TWO, ZERO};
    match category {
        ZERO => "zero",
        ONE => "one",
        TWO => "two",
        FEW => "few",
        MANY => "many",
        OTHER => "other",
    }
}

/// The table `hopenow locales check` prints.
#[derive(Debug)]
pub struct Table<'a>(pub &'a [LocaleReport]);

impl fmt::Display for Table<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<8} {:>8} {:>8} {:>6} {:>10} {:>7}  review",
            "locale", "messages", "missing", "extra", "variables", "other"
        )?;
        for report in self.0 {
            let other = report.parse_errors.len()
                + report.same_as_english.len()
                + report.plural_gaps.len()
                + report.header_problems.len();
            writeln!(
                f,
                "{:<8} {:>8} {:>8} {:>6} {:>10} {:>7}  {}",
                report.tag,
                report.messages,
                report.missing.len(),
                report.extra.len(),
                report.variable_mismatches.len(),
                other,
                report.review.as_deref().unwrap_or("(no review line)")
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report<'a>(reports: &'a [LocaleReport], tag: &str) -> &'a LocaleReport {
        reports.iter().find(|r| r.tag == tag).unwrap_or_else(|| panic!("no report for {tag}"))
    }

    #[test]
    fn every_shipped_locale_passes_the_gate() {
        let reports = check_embedded();
        assert_eq!(reports.len(), LANGUAGES.len() + 2, "17 visitor locales and the two staff ones");
        assert_eq!(LANGUAGES.len(), 17);
        assert_eq!(reports.iter().filter(|r| r.tag.ends_with("/staff")).count(), 2);
        for report in &reports {
            assert_eq!(report.problems(), Vec::<String>::new(), "{}", report.tag);
            assert!(report.messages >= 70, "{}: {}", report.tag, report.messages);
            assert!(report.review.is_some(), "{}", report.tag);
        }
        assert_eq!(report(&reports, "pcm").review.as_deref(), Some("machine-drafted, needs native review"));
        let table = Table(&reports).to_string();
        assert!(table.lines().any(|l| l.starts_with("zh-Hans ")), "{table}");
    }

    /// A translator's working copy with one message removed and one variable renamed.
    #[test]
    fn the_gate_names_locale_and_message_when_a_message_is_removed_or_a_variable_renamed() {
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../locales");
        let copy = tempfile::tempdir().unwrap();
        for language in LANGUAGES {
            std::fs::create_dir_all(copy.path().join(language.tag)).unwrap();
            for file in ["hopenow.ftl", "staff.ftl"] {
                let from = shipped.join(language.tag).join(file);
                if from.exists() {
                    std::fs::copy(&from, copy.path().join(language.tag).join(file)).unwrap();
                }
            }
        }
        assert!(check_dir(copy.path()).iter().all(LocaleReport::is_complete), "the copy starts complete");

        let ro = copy.path().join("ro/hopenow.ftl");
        let text = std::fs::read_to_string(&ro).unwrap();
        let without: String =
            text.lines().filter(|l| !l.starts_with("canned-soon =")).map(|l| format!("{l}\n")).collect();
        assert_ne!(without, text);
        std::fs::write(&ro, without).unwrap();
        let th = copy.path().join("th/hopenow.ftl");
        let text = std::fs::read_to_string(&th).unwrap();
        let line = text.lines().find(|l| l.starts_with("canned-emergency =")).unwrap();
        std::fs::write(&th, text.replace(line, &line.replace("$emergency", "$number"))).unwrap();

        let da_staff = copy.path().join("da/staff.ftl");
        let text = std::fs::read_to_string(&da_staff).unwrap();
        let line = text.lines().find(|l| l.starts_with("duty-") && l.contains("{ $")).unwrap().to_owned();
        std::fs::write(&da_staff, text.replace(&line, "")).unwrap();

        let reports = check_dir(copy.path());
        let failing: Vec<&str> = reports.iter().filter(|r| !r.is_complete()).map(|r| r.tag.as_str()).collect();
        assert_eq!(failing, ["th", "ro", "da/staff"]);
        let id = line.split(' ').next().unwrap();
        assert!(report(&reports, "da/staff").problems()[0].starts_with(&format!("da/staff: missing message `{id}`")));
        assert_eq!(report(&reports, "ro").problems(), ["ro: missing message `canned-soon`"]);
        assert_eq!(report(&reports, "th").problems(), ["th: `canned-emergency` uses other variables than English"]);

        std::fs::remove_file(copy.path().join("fa/hopenow.ftl")).unwrap();
        let fa = check_dir(copy.path()).into_iter().find(|r| r.tag == "fa").unwrap();
        assert!(fa.problems().iter().any(|p| p.starts_with("fa: header: cannot read")), "{:?}", fa.problems());
    }

    /// Asked in the guessed language itself, the question need not name it ("en Français"
    /// reads badly); any other variable left out is still a mismatch.
    #[test]
    fn the_language_question_may_leave_out_the_language_name() {
        let english = "### Reviewed: reference\n### Date: 2026-12-05\n\nlanguage-hint-question = Do you write in { $language }?\nlanguage-hint-yes = Yes, { $language }\nlanguage-hint-no = No, keep { $current }\ncanned-language = We speak { $language }\n";
        let french = "### Reviewed: nobody\n### Date: 2026-12-05\n\nlanguage-hint-question = Vous écrivez en français ?\nlanguage-hint-yes = Oui, en français\nlanguage-hint-no = Non, garder { $current }\ncanned-language = Nous parlons { $language }\n";
        let reports = check_sources(&[("en", english), ("fr", french)]);
        assert_eq!(reports[1].problems(), Vec::<String>::new());
        let careless = french.replace("garder { $current }", "garder").replace("parlons { $language }", "parlons");
        let reports = check_sources(&[("en", english), ("fr", &careless)]);
        assert_eq!(reports[1].variable_mismatches, ["canned-language", "language-hint-no"]);
        let invented = french.replace("en français ?", "en { $langue } ?");
        let reports = check_sources(&[("en", english), ("fr", &invented)]);
        assert_eq!(reports[1].variable_mismatches, ["language-hint-question"]);
    }

    #[test]
    fn plural_categories_follow_the_language() {
        let all = ["zero", "one", "two", "few", "many", "other"].map(str::to_owned).to_vec();
        assert_eq!(plural_categories("ar"), all);
        assert_eq!(plural_categories("ru"), ["one", "few", "many"]);
        assert_eq!(plural_categories("ro"), ["one", "few", "other"]);
        assert_eq!(plural_categories("pt-BR"), ["one", "other"]);
        assert_eq!(plural_categories("zh-Hans"), ["other"]);
        assert_eq!(plural_categories("th"), ["other"]);
        assert_eq!(plural_categories("en"), ["one", "other"]);
    }

    #[test]
    fn gaps_syntax_errors_copies_of_english_and_headers_are_found() {
        let english = "### Reviewed: reference\n### Date: 2026-11-29\n\nhello = Hello\nbye = Bye\ncount = { $n ->\n    [one] one\n   *[other] many\n}\n";
        let arabic = "### Reviewed: machine-drafted, needs native review\n### Date: 2026-11-29\n\nhello = مرحبا\nbye = Bye\ncount = { $n ->\n    [one] واحد\n   *[other] كثير\n}\n";
        let danish = "### Reviewed: nobody\n### Same as English: bye\n\nhello = Hej\nbye = Bye\ncount = { $n ->\n    [one] en\n   *[other] mange\n}\nbroken = { $\n";
        let reports = check_sources(&[("en", english), ("ar", arabic), ("da", danish)]);
        assert!(reports[0].is_complete(), "{:?}", reports[0].problems());
        let ar = &reports[1];
        assert_eq!(ar.same_as_english, ["bye"]);
        assert_eq!(ar.plural_gaps, [("count".to_owned(), ["zero", "two", "few", "many"].map(str::to_owned).to_vec())]);
        let da = &reports[2];
        assert!(da.same_as_english.is_empty(), "listed as the same on purpose");
        assert_eq!(da.parse_errors.first().map(|p| p.line), Some(10));
        assert_eq!(da.header_problems, ["no `### Date: YYYY-MM-DD` line"]);
        assert!(da.problems().iter().all(|p| p.starts_with("da: ")));
    }
}
