//! Words the locales review (December 2026) retired stay out of what visitors and staff read:
//! "safe word" and its copies (a sexual meaning in English; a police or password word elsewhere),
//! the old `/safeword` command in texts, and the unclear English the translators copied. Each
//! locale says in its header which "you" it uses, chosen on purpose.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use super::{Arg, Catalog};
use crate::visitor::Channel;

fn locales_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../locales")
}

/// Every visitor message of `tag`, rendered for both channels with realistic values.
fn rendered(catalog: &Catalog, tag: &str) -> Vec<(String, String)> {
    let variables = catalog.message_variables(tag);
    let mut texts = Vec::new();
    for (id, names) in variables {
        let args: Vec<(&str, Arg)> = names
            .iter()
            .map(|name| {
                let value = match name.as_str() {
                    "limit" | "length" | "minutes" | "megabytes" => Arg::from(5_u32),
                    _ => Arg::from("Value"),
                };
                (name.as_str(), value)
            })
            .collect();
        for channel in [Channel::Telegram, Channel::Matrix] {
            texts.push((id.clone(), catalog.render_for(channel, tag, &id, &args)));
        }
    }
    texts
}

#[test]
fn no_visitor_text_calls_the_secret_word_a_safety_or_password_word_or_names_the_old_command() {
    let catalog = Catalog::embedded().unwrap();
    // The review's words for "safe word" that read as something else where they are used.
    let retired: &[(&str, &[&str])] = &[
        ("en", &["safe word", "safeword"]),
        ("ar", &["كلمة الأمان"]),
        ("fa", &["کلمه امن"]),
        ("es", &["palabra clave"]),
        ("pt-BR", &["palavra-chave"]),
        ("zh-Hans", &["暗号"]),
        ("fil", &["espesyal na salita"]),
        ("da", &["sikkerhedsord"]),
    ];
    for language in catalog.languages() {
        for (id, text) in rendered(&catalog, language.tag) {
            assert!(!text.contains("safeword"), "{}/{id} names the old command: {text}", language.tag);
            let words = retired.iter().find(|(tag, _)| *tag == language.tag).map_or(&[][..], |(_, words)| *words);
            for word in words {
                assert!(!text.to_lowercase().contains(word), "{}/{id} says {word:?}: {text}", language.tag);
            }
        }
        let help = catalog.render(language.tag, "help", &[("emergency", "112".into())]);
        assert!(help.contains("/word"), "{}: /help lists /word: {help}", language.tag);
    }
}

#[test]
fn staff_are_told_about_the_secret_word_not_the_safe_word() {
    for (tag, retired, expected) in [("en", "safe word", "secret word"), ("da", "sikkerhedsord", "hemmelige ord")] {
        let source = std::fs::read_to_string(locales_dir().join(tag).join("staff.ftl")).unwrap();
        let messages: Vec<&str> = source.lines().filter(|line| !line.starts_with('#')).collect();
        assert!(!messages.iter().any(|line| line.contains(retired)), "{tag}/staff.ftl still says {retired:?}");
        let used = messages.iter().find(|line| line.starts_with("room-safe-word-used =")).unwrap();
        assert!(used.contains(expected), "{tag}: {used}");
    }
}

/// Review item 7: words a reader with little schooling may not know, which translators copied.
#[test]
fn the_english_reference_uses_plain_words() {
    let catalog = Catalog::embedded().unwrap();
    for (id, text) in rendered(&catalog, "en") {
        for unclear in ["characters", "contact card", "have from you", "passed on an approximate"] {
            assert!(!text.contains(unclear), "en/{id} says {unclear:?}: {text}");
        }
    }
    let code = catalog.render(
        "en",
        "code-given",
        &[("phrase", "apple river candle stone".into()), ("minutes", 15_u32.into())],
    );
    assert!(code.contains("four English words") && code.contains("exactly as they are"), "{code}");
}

#[test]
fn every_locale_header_states_its_register_on_purpose() {
    let catalog = Catalog::embedded().unwrap();
    for language in catalog.languages() {
        let source = std::fs::read_to_string(locales_dir().join(language.tag).join("hopenow.ftl")).unwrap();
        let header: Vec<&str> = source.lines().take_while(|line| line.starts_with("###")).collect();
        assert!(
            header.iter().any(|line| line.contains("Register:")),
            "{}: no register choice in the header",
            language.tag
        );
        assert!(header.iter().any(|line| line.starts_with("### Reviewed:")), "{}", language.tag);
    }
}
