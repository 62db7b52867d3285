//! Staff-facing texts: duty-room and conversation-room notices, answers to commands, room topics.
//!
//! Each staffer reads them in their own `staff_language`, one of [`STAFF_LANGUAGES`]. They are
//! parsed as strictly as the visitor texts, apart from them (`locales/<tag>/staff.ftl`), and
//! rendered with the same never-failing fallback.

#[cfg(test)]
use std::collections::BTreeMap;
use std::fmt;

use super::{Arg, Catalog, I18nError, Texts, parse_locales, render_in};

/// The languages staff texts exist in; English first, as the reference and fallback.
pub const STAFF_LANGUAGES: &[&str] = &["en", "da"];

/// Embedded like the visitor texts; kept in the order of [`STAFF_LANGUAGES`].
pub(super) const EMBEDDED_STAFF_SOURCES: &[(&str, &str)] =
    &[("en", include_str!("../../../locales/en/staff.ftl")), ("da", include_str!("../../../locales/da/staff.ftl"))];

/// A message id defined more than once in a staff file, with the lines that define it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateId {
    pub(crate) id: String,
    pub(crate) lines: Vec<usize>,
}

impl DuplicateId {
    /// Where `id` is defined in `source`: entries start at the beginning of a line, so the lines
    /// that start with the id and then `=` are its definitions.
    pub(super) fn find(source: &str, id: String) -> Self {
        let lines = source
            .lines()
            .enumerate()
            .filter(|(_, line)| line.strip_prefix(id.as_str()).is_some_and(|rest| rest.trim_start().starts_with('=')))
            .map(|(index, _)| index + 1)
            .collect();
        Self { id, lines }
    }
}

impl fmt::Display for DuplicateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.lines.iter().map(ToString::to_string).collect();
        write!(f, "`{}` on lines {}", self.id, lines.join(", "))
    }
}

pub(super) fn join(duplicates: &[DuplicateId]) -> String {
    duplicates.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

pub(super) fn embedded() -> Result<Vec<super::Locale>, I18nError> {
    parse_locales(EMBEDDED_STAFF_SOURCES, Texts::Staff)
}

impl Catalog {
    /// Renders staff text `id` in `language`, with the same fallback as [`Catalog::render`]: an
    /// unknown language renders in English, a missing message in English, and failing that the
    /// id itself.
    pub(crate) fn render_staff(&self, language: &str, id: &str, args: &[(&str, Arg)]) -> String {
        render_in(&self.staff, Texts::Staff, crate::visitor::Channel::Telegram, language, id, args)
    }

    #[cfg(test)]
    /// This catalog with its staff texts taken from `(tag, ftl text)` pairs instead of the
    /// embedded ones, checked as strictly.
    pub(crate) fn with_staff_sources(mut self, sources: &[(&str, &str)]) -> Result<Catalog, I18nError> {
        self.staff = parse_locales(sources, Texts::Staff)?;
        Ok(self)
    }

    #[cfg(test)]
    /// The variables each staff message of a locale uses, sorted and without repeats; empty for
    /// a locale without staff texts.
    pub(crate) fn staff_message_variables(&self, tag: &str) -> BTreeMap<String, Vec<String>> {
        self.staff.iter().find(|l| l.tag.eq_ignore_ascii_case(tag)).map(|l| l.messages.clone()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::tests::{catalog, filled};

    #[test]
    fn the_embedded_staff_texts_are_the_staff_languages() {
        let tags: Vec<&str> = EMBEDDED_STAFF_SOURCES.iter().map(|(tag, _)| *tag).collect();
        assert_eq!(tags, STAFF_LANGUAGES);
        assert_eq!(STAFF_LANGUAGES[0], super::super::DEFAULT_LANGUAGE);
        assert!(STAFF_LANGUAGES.iter().all(|tag| super::super::language(tag).is_some()), "a shipped language");
    }

    #[test]
    fn both_staff_locales_have_the_same_ids_and_variables() {
        let catalog = catalog();
        let english = catalog.staff_message_variables("en");
        assert!(english.len() >= 60, "English staff reference looks truncated: {}", english.len());
        assert_eq!(english.get("duty-shift-started"), Some(&vec!["staff".to_owned()]));
        assert_eq!(english.get("command-who-entry").map(Vec::len), Some(3));
        for tag in STAFF_LANGUAGES {
            assert_eq!(catalog.staff_message_variables(tag), english, "{tag}");
        }
        // Staff texts and visitor texts are apart: neither set renders the other's ids.
        assert_eq!(catalog.render_staff("en", "received", &[]), "received");
        assert_eq!(catalog.render("en", "duty-reopened", &[]), "duty-reopened");
    }

    #[test]
    fn every_staff_message_renders_in_both_languages_and_danish_is_danish() {
        let catalog = catalog();
        // Only a layout around words that are translated elsewhere (referral-kind-*, -status-*).
        let same_on_purpose = ["summary-referral"];
        // Variables that only choose a variant, so their value never shows.
        let selectors_only = [
            ("duty-referral", "consent"),
            ("duty-referral-follow-up", "consent"),
            ("room-file-too-large", "kind"),
            ("room-file-not-fetched", "kind"),
            ("room-file-held-back", "kind"),
        ];
        for (id, variables) in catalog.staff_message_variables("en") {
            let args = filled(&variables);
            let english = catalog.render_staff("en", &id, &args);
            for tag in STAFF_LANGUAGES {
                let text = catalog.render_staff(tag, &id, &args);
                assert!(!text.contains("{$") && !text.contains("{ $"), "{tag}/{id}: {text}");
                assert_ne!(text, id, "{tag}/{id} fell back to the id");
                assert!(!text.contains(['\u{2068}', '\u{2069}']), "{tag}/{id}: staff texts are not isolated");
                for variable in variables.iter().filter(|v| !selectors_only.contains(&(id.as_str(), v.as_str()))) {
                    assert!(text.contains(&format!("VALUE-OF-{variable}")), "{tag}/{id} lacks ${variable}");
                }
            }
            let danish = catalog.render_staff("da", &id, &args);
            if !same_on_purpose.contains(&id.as_str()) {
                assert_ne!(danish, english, "da/{id} looks like English");
            }
        }
    }

    #[test]
    fn danish_counts_agree_with_the_number() {
        let catalog = catalog();
        let entry = |open: u32| {
            let args = [("staff", Arg::from("grace")), ("languages", Arg::from("en")), ("open", Arg::from(open))];
            catalog.render_staff("da", "command-who-entry", &args)
        };
        assert_eq!(entry(1), "grace (en) — 1 åben");
        assert_eq!(entry(3), "grace (en) — 3 åbne");
        assert_eq!(entry(0), "grace (en) — 0 åbne");
        let waited = |minutes: u32| {
            let args = [("label", Arg::from("L")), ("minutes", Arg::from(minutes))];
            catalog.render_staff("da", "command-queue-entry", &args)
        };
        assert_eq!(waited(1), "- L · har ventet 1 minut");
        assert_eq!(waited(12), "- L · har ventet 12 minutter");
    }

    #[test]
    fn selects_pick_the_right_words() {
        let catalog = catalog();
        let referral = |tag: &str, consent: &str| {
            let args = [
                ("number", Arg::from(1_u32)),
                ("label", Arg::from("L")),
                ("kind", Arg::from("K")),
                ("consent", Arg::from(consent)),
                ("staff", Arg::from("grace")),
            ];
            catalog.render_staff(tag, "duty-referral", &args)
        };
        assert_eq!(referral("en", "yes"), "Referral #1 for L: K (consent: yes) by grace");
        assert_eq!(
            referral("en", "no"),
            "Referral #1 for L: K (consent: no — peer worker not invited to the room) by grace"
        );
        assert!(referral("da", "yes").contains("(samtykke: ja)"), "{}", referral("da", "yes"));
        let file =
            |tag: &str, kind: &str| catalog.render_staff(tag, "room-file-too-large", &[("kind", Arg::from(kind))]);
        assert_eq!(file("en", "audio"), "The visitor tried to send an audio file too large to fetch.");
        assert_eq!(file("en", "something-new"), "The visitor tried to send a file too large to fetch.");
        assert!(file("da", "photo").contains("et billede"), "{}", file("da", "photo"));
    }

    #[test]
    fn staff_texts_fall_back_to_english_then_to_the_id() {
        let catalog = catalog()
            .with_staff_sources(&[("en", "hello = Hello { $name }\nbye = Bye\n"), ("da", "hello = Hej { $name }\n")])
            .unwrap();
        assert_eq!(catalog.render_staff("da", "hello", &[("name", "Ana".into())]), "Hej Ana");
        assert_eq!(catalog.render_staff("da", "bye", &[]), "Bye");
        assert_eq!(catalog.render_staff("xx", "hello", &[("name", "Ana".into())]), "Hello Ana");
        assert_eq!(catalog.render_staff("da", "nowhere", &[]), "nowhere");
        // The visitor texts are untouched.
        assert_ne!(catalog.render("da", "received", &[]), "received");
    }

    #[test]
    fn broken_staff_texts_are_errors_naming_the_file_and_line() {
        let broken = catalog().with_staff_sources(&[("en", "ok = Fine\n"), ("da", "ok = Fint\nbroken = { $\n")]);
        let Err(error @ I18nError::StaffParse { .. }) = broken else { panic!("expected a parse error: {broken:?}") };
        let I18nError::StaffParse { tag, problems } = &error else { unreachable!() };
        assert_eq!(tag, "da");
        assert_eq!(problems.first().map(|p| p.line), Some(2));
        assert!(error.to_string().contains("locales/da/staff.ftl"), "{error}");

        let twice = catalog().with_staff_sources(&[("en", "a = 1\nb = 2\na = 3\n")]);
        let Err(error @ I18nError::StaffDuplicateIds { .. }) = twice else { panic!("expected duplicates: {twice:?}") };
        let I18nError::StaffDuplicateIds { tag, duplicates } = &error else { unreachable!() };
        assert_eq!(tag, "en");
        assert_eq!(duplicates, &[DuplicateId { id: "a".into(), lines: vec![1, 3] }]);
        assert!(error.to_string().contains("`a` on lines 1, 3"), "{error}");

        let bad_tag = catalog().with_staff_sources(&[("not a tag", "a = 1\n")]);
        assert!(matches!(bad_tag, Err(I18nError::InvalidTag { .. })));
    }
}
