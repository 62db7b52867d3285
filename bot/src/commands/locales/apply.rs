//! `hopenow locales apply FILE.json`: a reviewer's export from the sheet, written into
//! `<dir>/<lang>/hopenow.ftl`.
//!
//! Each correction replaces one message's value and nothing else. One that would break the
//! message (a `{ … }` part lost or changed, a plural form missing, Fluent that no longer parses)
//! is refused with the reason and left out; the others still go in.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use bridge::i18n::Language;
use bridge::i18n::check;
use fluent_syntax::ast;
use serde::Deserialize;

use super::{ftl, sheet};

/// What the sheet's Export button writes.
#[derive(Debug, Deserialize)]
pub struct Review {
    pub format: String,
    pub version: u32,
    pub lang: String,
    pub reviewer: String,
    pub date: String,
    pub messages: Vec<Mark>,
}

/// One message as the reviewer marked it.
#[derive(Debug, Deserialize)]
pub struct Mark {
    pub id: String,
    /// `ok`, `change`, or `comment` (only a comment).
    pub status: String,
    /// The text the sheet showed, so a file edited since the sheet was made is noticed.
    #[serde(default)]
    pub was: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
}

/// What applying a review did to one file.
#[derive(Debug, Default)]
pub struct Applied {
    pub source: String,
    pub corrected: Vec<String>,
    pub confirmed: usize,
    /// `(message id, why it was not applied)`.
    pub refused: Vec<(String, String)>,
    pub comments: Vec<(String, String)>,
}

/// Applies the review in `file` to the working copy under `dir`, then runs `locales check` on it.
pub fn run(file: &Path, dir: &Path) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(file).with_context(|| {
        format!("cannot read {}; give the .json file the reviewer sent (the sheet's Export button makes it)", file.display())
    })?;
    let review = parse(&text).with_context(|| format!("{} is not a review export", file.display()))?;
    let language = sheet::reviewable(&review.lang)?;
    let english = sheet::read(dir, "en")?;
    let translation = sheet::read(dir, language.tag)?;
    let applied = apply(&review, language, &english, &translation)?;
    let path = dir.join(language.tag).join("hopenow.ftl");
    let temporary = dir.join(language.tag).join(".hopenow.ftl.applying");
    std::fs::write(&temporary, &applied.source).with_context(|| format!("cannot write {}", temporary.display()))?;
    std::fs::rename(&temporary, &path).with_context(|| format!("cannot replace {}", path.display()))?;

    println!(
        "{}: review by {} of {}: {} corrected, {} marked OK, {} not applied.",
        path.display(),
        reviewer(&review.reviewer)?,
        review.date,
        applied.corrected.len(),
        applied.confirmed,
        applied.refused.len()
    );
    for id in &applied.corrected {
        println!("  corrected `{id}`");
    }
    for (id, why) in &applied.refused {
        println!("  NOT applied `{id}`: {why}");
    }
    for (id, comment) in &applied.comments {
        println!("  comment on `{id}`: {comment}");
    }
    println!();
    let checked = super::check(Some(dir))?;
    println!(
        "The bridge uses the texts built into it: commit {} and build hopenow again for visitors to get them.",
        path.display()
    );
    if applied.refused.is_empty() { Ok(checked) } else { Ok(ExitCode::FAILURE) }
}

/// Reads an export, saying what is wrong with one that is not.
pub fn parse(text: &str) -> anyhow::Result<Review> {
    if text.trim_start().starts_with('<') {
        anyhow::bail!("this is a web page, probably the sheet itself: ask the reviewer for the file its Export button made");
    }
    let review: Review = serde_json::from_str(text)
        .context("it is not the JSON the sheet's Export button makes (was it edited or cut short?)")?;
    anyhow::ensure!(
        review.format == sheet::EXPORT_FORMAT && review.version == 1,
        "its format is {:?} version {}, not {:?} version 1: make a new sheet with this hopenow and review again",
        review.format,
        review.version,
        sheet::EXPORT_FORMAT
    );
    Ok(review)
}

/// The reviewer's name as it goes into the header: one line, no control characters.
fn reviewer(name: &str) -> anyhow::Result<String> {
    let clean: String = name.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    anyhow::ensure!(!clean.is_empty(), "the export has no reviewer name: ask them to write it at the top and export again");
    Ok(clean.chars().take(100).collect())
}

/// The translation with the review's corrections and the review in its header.
pub fn apply(review: &Review, language: &Language, english: &str, translation: &str) -> anyhow::Result<Applied> {
    let name = reviewer(&review.reviewer)?;
    let date: jiff::civil::Date = review
        .date
        .parse()
        .ok()
        .filter(|_| review.date.len() == 10)
        .with_context(|| format!("the export's date {:?} is not YYYY-MM-DD", review.date))?;
    anyhow::ensure!(
        review.lang.eq_ignore_ascii_case(language.tag),
        "the export is for {}, not {}",
        review.lang,
        language.tag
    );
    let english_ast = fluent_syntax::parser::parse(english)
        .map_err(|_| anyhow::anyhow!("en/hopenow.ftl does not parse; run `hopenow locales check --dir DIR`"))?;
    anyhow::ensure!(
        fluent_syntax::parser::parse(translation).is_ok(),
        "{}/hopenow.ftl does not parse; run `hopenow locales check --dir DIR` and fix it first",
        language.tag
    );
    let mut applied = Applied { source: translation.to_owned(), ..Applied::default() };
    for mark in &review.messages {
        if let Some(comment) = mark.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            applied.comments.push((mark.id.clone(), comment.to_owned()));
        }
        match mark.status.as_str() {
            "ok" => applied.confirmed += 1,
            "comment" => {}
            "change" => match correct(&applied.source, &english_ast, english, language, mark) {
                Ok(Some(source)) => {
                    applied.source = source;
                    applied.corrected.push(mark.id.clone());
                }
                Ok(None) => applied.confirmed += 1,
                Err(why) => applied.refused.push((mark.id.clone(), why)),
            },
            other => applied.refused.push((mark.id.clone(), format!("unknown mark {other:?} (ok, change or comment)"))),
        }
    }
    let total = english_ast
        .body
        .iter()
        .filter(|e| matches!(e, ast::Entry::Message(m) if m.id.name != "staff-reply"))
        .count();
    let checked = applied.confirmed + applied.corrected.len();
    applied.source = with_review_header(&applied.source, &name, &date.to_string(), checked, total);
    Ok(applied)
}

/// `source` with one correction, `None` if it changes nothing, or why it cannot go in.
fn correct(
    source: &str,
    english: &ast::Resource<&str>,
    english_source: &str,
    language: &Language,
    mark: &Mark,
) -> Result<Option<String>, String> {
    let id = mark.id.as_str();
    let tag = language.tag;
    let text = mark.text.as_deref().unwrap_or("").replace("\r\n", "\n");
    if text.trim().is_empty() {
        return Err("the correction is empty; write the whole corrected message".into());
    }
    let found = ftl::locate(source, id).ok_or_else(|| format!("there is no message `{id}` in {tag}/hopenow.ftl"))?;
    let was = mark.was.as_deref().unwrap_or("").replace("\r\n", "\n");
    if was.trim() != found.editable.trim() {
        return Err(format!(
            "the message was changed in {tag}/hopenow.ftl after the sheet was made; make a new sheet, or put the \
             correction in by hand: {}",
            text.trim()
        ));
    }
    if text.trim() == found.editable.trim() {
        return Ok(None);
    }
    let candidate = format!("{}{}{}", &source[..found.start], found.written(id, &text), &source[found.end..]);
    let keep = "keep every part in { } and the [one] / *[other] lines as the sheet showed them";
    let parsed = fluent_syntax::parser::parse(candidate.as_str()).map_err(|(_, errors)| {
        let first = errors.first().map(ToString::to_string).unwrap_or_default();
        format!("the correction is not valid Fluent ({first}): {keep}")
    })?;
    let ids = |body: &[ast::Entry<&str>]| -> Vec<String> {
        body.iter()
            .filter_map(|e| match e {
                ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                ast::Entry::Term(t) => Some(format!("-{}", t.id.name)),
                _ => None,
            })
            .collect()
    };
    let before = fluent_syntax::parser::parse(source).map(|r| ids(&r.body)).unwrap_or_default();
    if ids(&parsed.body) != before {
        return Err(format!("the correction would add or remove a message: {keep}"));
    }
    let message = |body: &'_ [ast::Entry<&'_ str>]| -> Option<Vec<String>> {
        body.iter().find_map(|e| match e {
            ast::Entry::Message(m) if m.id.name == id => Some(ftl::terms(m)),
            _ => None,
        })
    };
    if message(&parsed.body) != message(&english.body) {
        return Err(format!(
            "the commands in it differ from English's ({}): {keep}",
            message(&english.body).unwrap_or_default().join(", ")
        ));
    }
    let reports = check::check_sources(&[("en", english_source), (tag, &candidate)]);
    let report = reports.iter().find(|r| r.tag == tag).ok_or("the check found no report")?;
    if report.variable_mismatches.iter().any(|m| m == id) {
        return Err(format!("it uses other {{ $… }} values than English: {keep}"));
    }
    if let Some((_, gaps)) = report.plural_gaps.iter().find(|(m, _)| m == id) {
        return Err(format!("its plural select has no [{}] form, which {tag} needs: {keep}", gaps.join("], [")));
    }
    if report.same_as_english.iter().any(|m| m == id) {
        return Err(format!(
            "it is now the same as English; if that is right, add `{id}` to the `### Same as English:` line of \
             {tag}/hopenow.ftl's header and put it in by hand"
        ));
    }
    if !report.parse_errors.is_empty() {
        return Err(format!("the correction is not valid Fluent: {keep}"));
    }
    Ok(Some(candidate))
}

/// The header records who reviewed and when: `### Reviewed:` and `### Date:` (what `locales
/// check` reads and shows), and a `### Reviewed by NAME on DATE` line kept as history.
pub fn with_review_header(source: &str, name: &str, date: &str, checked: usize, total: usize) -> String {
    let review = if checked >= total {
        format!("### Reviewed: {name} (native review)")
    } else {
        format!("### Reviewed: {name} (native review of {checked} of {total} messages)")
    };
    let history = format!("### Reviewed by {name} on {date}: {checked} of {total} messages checked.");
    let mut lines: Vec<String> = source.lines().map(str::to_owned).collect();
    let header_end = lines.iter().position(|l| !l.starts_with("###")).unwrap_or(lines.len());
    let find = |lines: &[String], key: &str| {
        lines[..header_end].iter().position(|l| {
            l.trim_start_matches('#').split_once(':').is_some_and(|(name, _)| name.trim() == key)
        })
    };
    match find(&lines, "Reviewed") {
        Some(at) => lines[at] = review,
        None => lines.insert(0, review),
    }
    let header_end = lines.iter().position(|l| !l.starts_with("###")).unwrap_or(lines.len());
    let date_line = format!("### Date: {date}");
    let at = match lines[..header_end].iter().position(|l| l.trim_start_matches('#').trim_start().starts_with("Date:")) {
        Some(at) => {
            lines[at] = date_line;
            at
        }
        None => {
            let reviewed = lines.iter().position(|l| l.starts_with("### Reviewed:")).unwrap_or(0);
            lines.insert(reviewed + 1, date_line);
            reviewed + 1
        }
    };
    // History goes after the last earlier review line, so reviews read in order.
    let header_end = lines.iter().position(|l| !l.starts_with("###")).unwrap_or(lines.len());
    let last_history = lines[..header_end].iter().rposition(|l| l.starts_with("### Reviewed by ")).unwrap_or(at);
    lines.insert(last_history + 1, history);
    let mut out = lines.join("\n");
    if source.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped(tag: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../locales").join(tag).join("hopenow.ftl");
        std::fs::read_to_string(path).unwrap()
    }

    fn review(lang: &str, messages: Vec<Mark>) -> Review {
        Review {
            format: sheet::EXPORT_FORMAT.into(),
            version: 1,
            lang: lang.into(),
            reviewer: "Amina\nK.".into(),
            date: "2026-12-05".into(),
            messages,
        }
    }

    fn change(source: &str, id: &str, text: &str) -> Mark {
        let was = ftl::locate(source, id).unwrap().editable;
        Mark { id: id.into(), status: "change".into(), was: Some(was), text: Some(text.into()), comment: None }
    }

    fn lines_that_differ(a: &str, b: &str) -> Vec<String> {
        let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
        assert_eq!(a.len(), b.len(), "same number of lines");
        a.iter().zip(&b).filter(|(x, y)| x != y).map(|(_, y)| (*y).to_owned()).collect()
    }

    #[test]
    fn a_correction_changes_that_message_only_and_the_header_names_the_reviewer() {
        let (english, danish) = (shipped("en"), shipped("da"));
        let language = bridge::i18n::language("da").unwrap();
        let ok = Mark { id: "received".into(), status: "ok".into(), was: None, text: None, comment: None };
        let marks = vec![ok, change(&danish, "hidden", "Så er det gjort – denne besked forsvinder også.")];
        let applied = apply(&review("da", marks), language, &english, &danish).unwrap();
        assert_eq!(applied.corrected, ["hidden"]);
        assert_eq!(applied.confirmed, 1);
        assert!(applied.refused.is_empty(), "{:?}", applied.refused);
        let body = |s: &str| s.lines().skip_while(|l| l.starts_with("###")).map(|l| format!("{l}\n")).collect::<String>();
        assert_eq!(
            lines_that_differ(&body(&danish), &body(&applied.source)),
            ["hidden = Så er det gjort – denne besked forsvinder også."]
        );
        let header: Vec<&str> = applied.source.lines().take_while(|l| l.starts_with("###")).collect();
        assert!(header.iter().any(|l| l.starts_with("### Reviewed: Amina K. (native review of 2 of ")), "{header:?}");
        assert!(header.contains(&"### Date: 2026-12-05"), "{header:?}");
        assert!(header.iter().any(|l| l.starts_with("### Reviewed by Amina K. on 2026-12-05")), "{header:?}");
        let reports = check::check_sources(&[("en", &english), ("da", &applied.source)]);
        assert!(reports.iter().all(|r| r.is_complete()), "{:?}", reports[1].problems());
    }

    #[test]
    fn a_multiline_plural_correction_keeps_fluent_valid() {
        let (english, russian) = (shipped("en"), shipped("ru"));
        let language = bridge::i18n::language("ru").unwrap();
        let found = ftl::locate(&russian, "code-locked").unwrap();
        let text = found.editable.replacen("попыток", "попыток ввода", 1);
        assert_ne!(text, found.editable, "the Russian text has the word the test changes");
        let applied = apply(&review("ru", vec![change(&russian, "code-locked", &text)]), language, &english, &russian).unwrap();
        assert_eq!(applied.corrected, ["code-locked"], "{:?}", applied.refused);
        assert_eq!(ftl::locate(&applied.source, "code-locked").unwrap().editable, text);
    }

    #[test]
    fn corrections_that_break_placeables_plurals_or_syntax_are_refused_with_the_reason() {
        let (english, russian) = (shipped("en"), shipped("ru"));
        let language = bridge::i18n::language("ru").unwrap();
        let plural = ftl::locate(&russian, "code-locked").unwrap().editable;
        let without_few: String = plural.lines().filter(|l| !l.trim_start().starts_with("[few]")).collect::<Vec<_>>().join("\n");
        assert_ne!(without_few, plural);
        let marks = vec![
            change(&russian, "canned-emergency", "Звоните 112."),
            change(&russian, "ready", "Напишите помощь."),
            change(&russian, "code-locked", &without_few),
            change(&russian, "conversation-closed", "Разговор { закрыт"),
            change(&russian, "hidden", "Done. This message will also disappear."),
            Mark { id: "no-such".into(), status: "change".into(), was: Some(String::new()), text: Some("x".into()), comment: None },
            Mark { id: "received".into(), status: "change".into(), was: Some("old text".into()), text: Some("Новый".into()), comment: None },
        ];
        let applied = apply(&review("ru", marks), language, &english, &russian).unwrap();
        assert!(applied.corrected.is_empty(), "{:?}", applied.corrected);
        let why = |id: &str| applied.refused.iter().find(|(m, _)| m == id).map(|(_, w)| w.clone()).unwrap_or_default();
        assert!(why("canned-emergency").contains("other { $… } values"), "{}", why("canned-emergency"));
        assert!(why("ready").contains("commands"), "{}", why("ready"));
        assert!(why("code-locked").contains("no [few] form"), "{}", why("code-locked"));
        assert!(why("conversation-closed").contains("not valid Fluent"), "{}", why("conversation-closed"));
        assert!(why("hidden").contains("same as English"), "{}", why("hidden"));
        assert!(why("no-such").contains("no message `no-such`"), "{}", why("no-such"));
        assert!(why("received").contains("changed in ru/hopenow.ftl after the sheet was made"), "{}", why("received"));
        let body = |s: &str| s.lines().skip_while(|l| l.starts_with("###")).collect::<Vec<_>>().join("\n");
        assert_eq!(body(&applied.source), body(&russian), "nothing refused went in");
    }

    #[test]
    fn exports_that_are_not_a_review_say_what_to_do() {
        let error = parse("<!DOCTYPE html><html>").unwrap_err().to_string();
        assert!(error.contains("Export button"), "{error}");
        let error = format!("{:#}", parse("{\"format\": \"x\"}").unwrap_err());
        assert!(error.contains("not the JSON"), "{error}");
        let error = parse(r#"{"format":"other","version":1,"lang":"da","reviewer":"A","date":"2026-12-05","messages":[]}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("make a new sheet"), "{error}");
        let mut nameless = review("da", Vec::new());
        nameless.reviewer = " \n ".into();
        let error = apply(&nameless, bridge::i18n::language("da").unwrap(), &shipped("en"), &shipped("da")).unwrap_err();
        assert!(error.to_string().contains("no reviewer name"), "{error}");
    }
}
