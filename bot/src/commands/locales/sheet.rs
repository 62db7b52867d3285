//! `hopenow locales sheet LANG --out FILE.html`: one page a cultural mediator opens in any
//! browser, even on a phone, to check every visitor message of one language against English.
//!
//! Self-contained on purpose: it is sent by mail or messenger and opened offline, so it loads
//! nothing from anywhere (inline CSS and script only). Every text on it is escaped: the
//! translations are edited by people outside the team, and a `<script>` in one must show as text.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use bridge::i18n::{Arg, Catalog, Language};
use bridge::Channel;
use fluent_syntax::ast;

use super::ftl;

/// The `format` field of an export, so `apply` can tell a review from any other JSON.
pub const EXPORT_FORMAT: &str = "hopenow-locale-review";

/// Writes the review sheet for `tag` from the working copy under `dir` (`<dir>/<tag>/hopenow.ftl`).
pub fn run(dir: &Path, tag: &str, out: &Path) -> anyhow::Result<ExitCode> {
    let language = reviewable(tag)?;
    let english = read(dir, "en")?;
    let translation = read(dir, language.tag)?;
    let html = render(language, &english, &translation)?;
    std::fs::write(out, html).with_context(|| format!("cannot write the sheet to {}", out.display()))?;
    println!(
        "Wrote {}: the {} review sheet. Send it to the reviewer; they open it in a browser, mark each message, \
         and send back the file its Export button makes. Then: hopenow locales apply THAT-FILE.json",
        out.display(),
        language.english
    );
    Ok(ExitCode::SUCCESS)
}

/// A shipped language other than the reference, or an error listing the ones there are.
pub(super) fn reviewable(tag: &str) -> anyhow::Result<&'static Language> {
    let tags = || {
        bridge::i18n::LANGUAGES.iter().filter(|l| l.tag != "en").map(|l| l.tag).collect::<Vec<_>>().join(", ")
    };
    match bridge::i18n::language(tag) {
        Some(language) if language.tag != "en" => Ok(language),
        Some(_) => anyhow::bail!("English is the reference the sheet compares with; choose a translation: {}", tags()),
        None => anyhow::bail!("`{tag}` is not one of our languages; choose one of: {}", tags()),
    }
}

/// `<dir>/<tag>/hopenow.ftl`, with an error that says which folder is expected.
pub(super) fn read(dir: &Path, tag: &str) -> anyhow::Result<String> {
    let path = dir.join(tag).join("hopenow.ftl");
    std::fs::read_to_string(&path).with_context(|| {
        format!(
            "cannot read {}; give --dir the folder that holds en/hopenow.ftl, da/hopenow.ftl, … \
             (in a copy of the project: locales)",
            path.display()
        )
    })
}

/// Where a message appears, for a reviewer who has never seen the bot: from a small table of
/// ids and what the English comments say about the message.
pub fn place(id: &str, english_comment: &str) -> &'static str {
    let comment = english_comment.to_lowercase();
    let deletes_itself = (comment.contains("deletes itself") || comment.contains("disappear"))
        && !comment.contains("never deletes itself");
    match id {
        "greeting" => "The very first message. Its first line shows on the lock screen, where others may read it",
        "language-picker" => "Above the language buttons",
        "decoy" => "A disguised message: it must look like an ordinary message from a shop or a salon",
        "card-line" => "Printed on a card left in salons, clinics and shelters, beside a QR code",
        "card-line-discreet" => "Printed on a disguised card: it must read like an ordinary salon or language-class card",
        "help" | "help-with-hours" => "The answer to the help command",
        "staff-reply" => "A team member's answer",
        "share-invitation" | "share-invitation-matrix" => {
            "Forwarded or copied by the visitor to a friend: anyone may read it, on either phone"
        }
        "share-keep" => "A button under a message",
        _ if id.starts_with("menu-") => "The command menu of the chat app. Anyone who holds the phone may see it",
        _ if id.starts_with("canned-") => "A ready-made answer the team can send",
        _ if id.contains("-choice-") || id.ends_with("-yes") || id.ends_with("-no") => "A button under a message",
        _ if deletes_itself => "Deletes itself after a minute. Someone else may read it in that minute",
        _ => "A message in the chat",
    }
}

/// Realistic values for the variables the messages use, so the reviewer reads whole sentences.
fn sample(variable: &str, language: &Language, count: Option<i64>) -> Arg {
    let number = |default: i64| Arg::Number(count.unwrap_or(default));
    match variable {
        "emergency" => "112".into(),
        "time" => "18:00".into(),
        "date" => "04.12".into(),
        "alias" => "Maja".into(),
        "text" => "Hello, I am here for you.".into(),
        "hours" => "Mon–Fri 18:00–02:00".into(),
        "language" => language.endonym.into(),
        "current" => "English".into(),
        "phrase" => "river candle orbit maple".into(),
        "limit" => number(4096),
        "length" => number(4),
        "minutes" => number(30),
        "megabytes" => number(20),
        // Without the scheme: the sheet holds no address a browser would follow.
        "link" => "t.me/HopeNowBot?start=share".into(),
        other => format!("[{other}]").into(),
    }
}

/// The counts a message with a plural select is shown with, so every form gets read.
const COUNTS: [i64; 4] = [1, 2, 5, 21];

/// The whole page for `language`, from English's and the translation's `.ftl` text.
pub fn render(language: &Language, english: &str, translation: &str) -> anyhow::Result<String> {
    let parsed = fluent_syntax::parser::parse(english).map_err(|(_, errors)| {
        anyhow::anyhow!("en/hopenow.ftl has {} syntax errors; run `hopenow locales check --dir DIR` first", errors.len())
    })?;
    if fluent_syntax::parser::parse(translation).is_err() {
        anyhow::bail!(
            "{}/hopenow.ftl has syntax errors; run `hopenow locales check --dir DIR` and fix them first",
            language.tag
        );
    }
    let catalog = Catalog::from_sources(&[("en", english), (language.tag, translation)])
        .with_context(|| format!("the {} texts cannot be loaded", language.tag))?;
    let mut body = String::new();
    let mut count = 0;
    for entry in &parsed.body {
        match entry {
            ast::Entry::GroupComment(comment) => {
                let title = comment.content.join(" ");
                if !title.trim().is_empty() {
                    let _ = writeln!(body, "<h2>{}</h2>", escape(&title));
                }
            }
            ast::Entry::Message(message) if has_words(message) => {
                let comment = message.comment.as_ref().map(|c| c.content.join(" ")).unwrap_or_default();
                body.push_str(&card(&catalog, language, message, &comment, translation));
                count += 1;
            }
            _ => {}
        }
    }
    let direction = if language.right_to_left { "rtl" } else { "ltr" };
    Ok(PAGE
        .replace("{{TAG}}", &escape(language.tag))
        .replace("{{DIR}}", direction)
        .replace("{{LANGUAGE}}", &escape(language.english))
        .replace("{{ENDONYM}}", &escape(language.endonym))
        .replace("{{COUNT}}", &count.to_string())
        .replace("{{FORMAT}}", EXPORT_FORMAT)
        .replace("{{MESSAGES}}", &body))
}

/// Layout-only messages (`{ $alias }:` and the text) have nothing to translate.
fn has_words(message: &ast::Message<&str>) -> bool {
    message.value.as_ref().is_some_and(|pattern| {
        pattern.elements.iter().any(|element| match element {
            ast::PatternElement::TextElement { value } => value.chars().any(char::is_alphabetic),
            ast::PatternElement::Placeable { .. } => false,
        })
    })
}

fn has_select(message: &ast::Message<&str>) -> bool {
    message.value.as_ref().is_some_and(|pattern| {
        pattern.elements.iter().any(|element| {
            matches!(element, ast::PatternElement::Placeable { expression: ast::Expression::Select { .. } })
        })
    })
}

fn card(catalog: &Catalog, language: &Language, message: &ast::Message<&str>, comment: &str, source: &str) -> String {
    let id = message.id.name;
    let tag = language.tag;
    let direction = if language.right_to_left { "rtl" } else { "ltr" };
    let place = place(id, comment);
    let editable = ftl::locate(source, id).map(|found| found.editable).unwrap_or_default();
    let counts: Vec<Option<i64>> =
        if has_select(message) { COUNTS.iter().copied().map(Some).collect() } else { vec![None] };
    let bubbles = |tag: &str| {
        let mut shown: Vec<String> = Vec::new();
        let mut html = String::new();
        for count in &counts {
            let text = render_with(catalog, language, tag, id, *count);
            if shown.contains(&text) {
                continue;
            }
            let caption = count.map(|n| format!("<span class=\"count\">{n}:</span> ")).unwrap_or_default();
            let _ = write!(html, "<div class=\"bubble\">{caption}{}</div>", escape(&text));
            shown.push(text);
        }
        html
    };
    let kind = if place.starts_with("A button") {
        " button"
    } else if place.starts_with("Deletes itself") {
        " vanishing"
    } else {
        ""
    };
    let note = if comment.trim().is_empty() {
        String::new()
    } else {
        format!("<p class=\"note\">Note for translators: {}</p>", escape(comment))
    };
    format!(
        r#"<section class="msg{kind}" data-id="{id_attr}" id="m-{id_attr}">
<h3>{place}</h3>
<p class="id">{id_text}</p>
{note}
<div class="pair">
<div class="phone" lang="en" dir="ltr"><div class="caption">English</div>{english}</div>
<div class="phone" lang="{tag}" dir="{direction}"><div class="caption">{endonym}</div>{translation}</div>
</div>
<div class="answer">
<label class="ok"><input type="radio" name="s-{id_attr}" value="ok"> OK as it is</label>
<label class="change"><input type="radio" name="s-{id_attr}" value="change"> Needs a change</label>
</div>
<label class="fixlabel">Your correction (change only the words; keep every part in {{ }} exactly as it is):
<textarea class="fix" lang="{tag}" dir="{direction}" rows="{rows}" spellcheck="true">{editable}</textarea></label>
<label class="commentlabel">A comment for the team (optional):
<input type="text" class="comment"></label>
</section>
"#,
        id_attr = escape(id),
        id_text = escape(id),
        place = escape(place),
        english = bubbles("en"),
        translation = bubbles(tag),
        endonym = escape(language.endonym),
        rows = editable.lines().count().clamp(2, 12) + 1,
        editable = escape(&editable),
    )
}

fn render_with(catalog: &Catalog, language: &Language, tag: &str, id: &str, count: Option<i64>) -> String {
    let variables = catalog.message_variables("en").remove(id).unwrap_or_default();
    let args: Vec<(&str, Arg)> =
        variables.iter().map(|variable| (variable.as_str(), sample(variable, language, count))).collect();
    catalog.render_for(Channel::Telegram, tag, id, &args)
}

pub use crate::markup::escape;

const PAGE: &str = include_str!("sheet.html");

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped(tag: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../locales").join(tag).join("hopenow.ftl");
        std::fs::read_to_string(path).unwrap()
    }

    fn danish() -> &'static Language {
        bridge::i18n::language("da").unwrap()
    }

    #[test]
    fn a_translation_with_markup_shows_as_text() {
        let english = shipped("en");
        let evil = "<script>alert(1)</script> & \"quoted\" </textarea><b>bold</b>";
        let danish_text = shipped("da");
        let line = danish_text.lines().find(|l| l.starts_with("chat-closed-by-team =")).unwrap();
        let danish_text = danish_text.replace(line, &format!("chat-closed-by-team = {evil}"));
        let html = render(danish(), &english, &danish_text).unwrap();
        assert!(!html.contains("<script>alert"), "the translation's markup must be escaped");
        assert!(!html.contains("<b>bold"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &lt;/textarea&gt;"));
        // One script on the page: the sheet's own.
        assert_eq!(html.matches("<script").count(), 1);
        assert!(!html.contains("http://") && !html.contains("https://") && !html.contains(" src="));
    }

    #[test]
    fn every_message_with_words_gets_a_card_filled_with_samples() {
        let english = shipped("en");
        let html = render(bridge::i18n::language("ar").unwrap(), &english, &shipped("ar")).unwrap();
        let catalog = Catalog::from_sources(&[("en", &english)]).unwrap();
        let ids = catalog.message_ids("en");
        for id in ids.iter().filter(|id| *id != "staff-reply") {
            assert!(html.contains(&format!("data-id=\"{id}\"")), "{id}");
        }
        assert!(!html.contains("data-id=\"staff-reply\""));
        assert!(html.contains("dir=\"rtl\""));
        assert!(html.contains("112") && html.contains("18:00"));
        assert!(!html.contains("{ $") || html.contains("<textarea"), "variables are filled in the bubbles");
        let bubbles: String =
            html.split("<div class=\"bubble\">").skip(1).filter_map(|b| b.split("</div>").next()).collect();
        assert!(!bubbles.contains("{$") && !bubbles.contains("[emergency]"), "no unfilled variable");
    }

    #[test]
    fn where_a_message_appears() {
        assert!(place("hidden", "After /hide. This message deletes itself after a minute").starts_with("Deletes"));
        assert!(place("forget-choice-no", "").starts_with("A button"));
        assert!(place("language-hint-yes", "").starts_with("A button"));
        assert!(place("menu-hide", "").starts_with("The command menu"));
        assert!(place("share-invitation", "").starts_with("Forwarded"));
        assert!(place("greeting", "").starts_with("The very first"));
        assert_eq!(place("safe-word-explain", "It never deletes itself."), "A message in the chat");
    }

    #[test]
    fn english_and_unknown_languages_are_refused_with_the_list() {
        let error = reviewable("en").unwrap_err().to_string();
        assert!(error.contains("da, pcm"), "{error}");
        let error = reviewable("xx").unwrap_err().to_string();
        assert!(error.contains("`xx` is not one of our languages"), "{error}");
        assert_eq!(reviewable("PT-br").unwrap().tag, "pt-BR");
    }
}
