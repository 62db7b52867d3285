//! Visitor-facing texts in the visitor's language, and staff-facing texts in the staffer's
//! ([`staff`]), rendered with Fluent.
//!
//! English is the reference locale and the fallback: a visitor must always get *some* readable
//! answer, so rendering never fails. Fallback warnings name the language and message id only,
//! because arguments can carry what a visitor wrote.

use std::collections::BTreeMap;
use std::fmt;

use crate::visitor::Channel;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentMessage, FluentResource};
use unic_langid::LanguageIdentifier;

pub mod check;
pub mod dates;
#[cfg(test)]
mod ids_used_tests;
#[cfg(test)]
mod out_of_hours_snapshots;
mod outline;
#[cfg(test)]
mod rtl_tests;
mod staff;

pub(crate) use staff::DuplicateId;
pub use staff::STAFF_LANGUAGES;

/// An argument of a message. Serializable: the engine stores rendered messages' ids and args.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Arg {
    /// A string, shown as given.
    Text(String),
    /// A number, which also picks the plural form.
    Number(i64),
}

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Arg::Text(value.to_owned())
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Self {
        Arg::Text(value)
    }
}

impl From<i64> for Arg {
    fn from(value: i64) -> Self {
        Arg::Number(value)
    }
}

impl From<u32> for Arg {
    fn from(value: u32) -> Self {
        Arg::Number(i64::from(value))
    }
}

impl From<usize> for Arg {
    fn from(value: usize) -> Self {
        Arg::Number(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

/// A language the bridge ships visitor texts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Language {
    /// Its BCP 47 tag, the name of its `locales/<tag>` directory.
    pub tag: &'static str,
    /// Its name in itself, as the language picker and the review sheet show it.
    pub endonym: &'static str,
    /// Its name in English, for staff and operators.
    pub english: &'static str,
    /// Written right to left (Arabic, Persian): the review sheet lays its page out so.
    pub right_to_left: bool,
}

/// The fallback language: a visitor's until a better one is known, and a staffer's if none is
/// configured.
pub const DEFAULT_LANGUAGE: &str = "en";

/// The shipped locales, in the order a language picker offers them.
pub const LANGUAGES: &[Language] = &[
    Language { tag: "en", endonym: "English", english: "English", right_to_left: false },
    Language { tag: "da", endonym: "Dansk", english: "Danish", right_to_left: false },
    Language { tag: "pcm", endonym: "Naijá", english: "Nigerian Pidgin", right_to_left: false },
    Language { tag: "th", endonym: "ไทย", english: "Thai", right_to_left: false },
    Language { tag: "ro", endonym: "Română", english: "Romanian", right_to_left: false },
    Language { tag: "ar", endonym: "العربية", english: "Arabic", right_to_left: true },
    Language { tag: "vi", endonym: "Tiếng Việt", english: "Vietnamese", right_to_left: false },
    Language { tag: "uk", endonym: "Українська", english: "Ukrainian", right_to_left: false },
    Language { tag: "ru", endonym: "Русский", english: "Russian", right_to_left: false },
    Language { tag: "es", endonym: "Español", english: "Spanish", right_to_left: false },
    Language { tag: "pt-BR", endonym: "Português (Brasil)", english: "Brazilian Portuguese", right_to_left: false },
    Language { tag: "fr", endonym: "Français", english: "French", right_to_left: false },
    Language { tag: "bg", endonym: "Български", english: "Bulgarian", right_to_left: false },
    Language { tag: "hu", endonym: "Magyar", english: "Hungarian", right_to_left: false },
    Language { tag: "zh-Hans", endonym: "中文（简体）", english: "Chinese (Simplified)", right_to_left: false },
    Language { tag: "fil", endonym: "Filipino", english: "Filipino", right_to_left: false },
    Language { tag: "fa", endonym: "فارسی", english: "Persian", right_to_left: true },
];

/// Embedded so a deployment cannot lose or half-update its texts; kept in the order of [`LANGUAGES`].
const EMBEDDED_SOURCES: &[(&str, &str)] = &[
    ("en", include_str!("../../../locales/en/hopenow.ftl")),
    ("da", include_str!("../../../locales/da/hopenow.ftl")),
    ("pcm", include_str!("../../../locales/pcm/hopenow.ftl")),
    ("th", include_str!("../../../locales/th/hopenow.ftl")),
    ("ro", include_str!("../../../locales/ro/hopenow.ftl")),
    ("ar", include_str!("../../../locales/ar/hopenow.ftl")),
    ("vi", include_str!("../../../locales/vi/hopenow.ftl")),
    ("uk", include_str!("../../../locales/uk/hopenow.ftl")),
    ("ru", include_str!("../../../locales/ru/hopenow.ftl")),
    ("es", include_str!("../../../locales/es/hopenow.ftl")),
    ("pt-BR", include_str!("../../../locales/pt-BR/hopenow.ftl")),
    ("fr", include_str!("../../../locales/fr/hopenow.ftl")),
    ("bg", include_str!("../../../locales/bg/hopenow.ftl")),
    ("hu", include_str!("../../../locales/hu/hopenow.ftl")),
    ("zh-Hans", include_str!("../../../locales/zh-Hans/hopenow.ftl")),
    ("fil", include_str!("../../../locales/fil/hopenow.ftl")),
    ("fa", include_str!("../../../locales/fa/hopenow.ftl")),
];

/// One Fluent syntax error, located for whoever fixes the translation file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseProblem {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
}

impl ParseProblem {
    /// Fluent's parser errors, each with the line and column it points at in `source`.
    pub(crate) fn located(source: &str, errors: &[fluent_syntax::parser::ParserError]) -> Vec<ParseProblem> {
        errors
            .iter()
            .map(|e| {
                let (line, column) = line_and_column(source, e.pos.start);
                ParseProblem { line, column, message: e.to_string() }
            })
            .collect()
    }
}

impl fmt::Display for ParseProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

/// Why the texts could not be loaded; the message names the locale and the problem.
#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    /// A visitor locale does not parse.
    #[error("locale `{tag}` has Fluent syntax errors: {}", join(problems))]
    Parse {
        /// The locale.
        tag: String,
        /// Where and what.
        problems: Vec<ParseProblem>,
    },
    /// A visitor locale defines a message twice.
    #[error("locale `{tag}` defines these ids more than once: {}", ids.join(", "))]
    DuplicateIds {
        /// The locale.
        tag: String,
        /// The ids defined more than once.
        ids: Vec<String>,
    },
    /// A locale's name is not a language tag.
    #[error("`{tag}` is not a valid language tag")]
    InvalidTag {
        /// The name as given.
        tag: String,
    },
    /// The same locale appears twice among the sources.
    #[error("locale `{tag}` is given more than once")]
    DuplicateLocale {
        /// The locale.
        tag: String,
    },
    /// A staff locale (`staff.ftl`) does not parse.
    #[error("staff texts locales/{tag}/staff.ftl have Fluent syntax errors: {}", join(problems))]
    StaffParse {
        /// The locale.
        tag: String,
        /// Where and what.
        problems: Vec<ParseProblem>,
    },
    /// A staff locale defines a message twice.
    #[error("staff texts locales/{tag}/staff.ftl define ids more than once: {}", staff::join(duplicates))]
    StaffDuplicateIds {
        /// The locale.
        tag: String,
        /// Each id defined more than once, with its lines.
        duplicates: Vec<DuplicateId>,
    },
}

fn join(problems: &[ParseProblem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

/// All locales, parsed once at startup and shared by every connector task.
pub struct Catalog {
    locales: Vec<Locale>,
    /// Staff texts, in [`STAFF_LANGUAGES`]: apart from the visitors', so an id in one set can
    /// never be rendered from the other.
    staff: Vec<Locale>,
}

struct Locale {
    tag: String,
    bundle: FluentBundle<FluentResource>,
    /// Visitor texts only: the same texts with commands written for Matrix (`!help`); `bundle`
    /// writes them for Telegram (`/help`). Texts name a command by a term, which
    /// each bundle defines for its channel (`{ -cmd-help }`): Fluent never wraps a term in FSI/PDI, so the
    /// command stays one word a visitor can copy or tap (right to left, [`command_terms`] isolates it).
    matrix_bundle: Option<FluentBundle<FluentResource>>,
    /// Message id → the variables it uses; taken before the resource moves into the bundle,
    /// which does not hand its resources back.
    messages: BTreeMap<String, Vec<String>>,
}

impl Locale {
    fn message(&self, id: &str) -> Option<FluentMessage<'_>> {
        self.bundle.get_message(id).filter(|message| message.value().is_some())
    }
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog")
            .field("locales", &self.locales.iter().map(|l| &l.tag).collect::<Vec<_>>())
            .field("staff", &self.staff.iter().map(|l| &l.tag).collect::<Vec<_>>())
            .finish()
    }
}

impl Catalog {
    /// The texts built into the binary: what `hopenow` runs with.
    pub fn embedded() -> Result<Catalog, I18nError> {
        Self::from_sources(EMBEDDED_SOURCES)
    }

    /// Builds a catalog from `(tag, ftl text)` pairs of visitor texts, with the embedded staff
    /// texts. Stricter than Fluent itself: any syntax error or duplicate id is an error, because
    /// Fluent would silently drop the broken entry and visitors would get English (or an id)
    /// instead.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Catalog, I18nError> {
        Ok(Catalog { locales: parse_locales(sources, Texts::Visitor)?, staff: staff::embedded()? })
    }

    /// Renders `id` in `language`. Never fails: an unknown language renders in English; a message
    /// missing in that language falls back to English; a message missing everywhere returns the id.
    pub fn render(&self, language: &str, id: &str, args: &[(&str, Arg)]) -> String {
        render_in(&self.locales, Texts::Visitor, Channel::Telegram, language, id, args)
    }

    /// [`Catalog::render`] with the bridge's commands written as they are typed on `channel`.
    pub fn render_for(&self, channel: Channel, language: &str, id: &str, args: &[(&str, Arg)]) -> String {
        render_in(&self.locales, Texts::Visitor, channel, language, id, args)
    }

    /// Every command of the menu ([`crate::visitor_command::MENU`]) on its own line, as typed on
    /// `channel`, with the menu's words for it in `language`: for Matrix, which has no menus.
    pub fn command_list(&self, channel: Channel, language: &str) -> String {
        let (open, close) = if right_to_left(language) { ("\u{2066}", "\u{2069}") } else { ("", "") };
        let prefix = channel.command_prefix();
        crate::visitor_command::MENU
            .iter()
            .map(|(name, description)| format!("{open}{prefix}{name}{close} — {}", self.render(language, description, &[])))
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub(crate) fn supports(&self, tag: &str) -> bool {
        self.locale(tag).is_some()
    }

    /// The shipped languages, whatever this catalog was built from; [`Catalog::supports`] says
    /// which of them have texts here.
    pub fn languages(&self) -> &'static [Language] {
        LANGUAGES
    }

    /// Message ids of one locale, sorted; empty for a locale not in the catalog.
    pub fn message_ids(&self, tag: &str) -> Vec<String> {
        self.locale(tag).map(|l| l.messages.keys().cloned().collect()).unwrap_or_default()
    }

    /// The variables each message of a locale uses, sorted and without repeats.
    pub fn message_variables(&self, tag: &str) -> BTreeMap<String, Vec<String>> {
        self.locale(tag).map(|l| l.messages.clone()).unwrap_or_default()
    }

    fn locale(&self, tag: &str) -> Option<&Locale> {
        self.locales.iter().find(|l| l.tag.eq_ignore_ascii_case(tag))
    }
}

/// Which set of texts a locale holds: they are parsed and rendered alike, and differ only where
/// said here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Texts {
    Visitor,
    Staff,
}

impl Texts {
    fn name(self) -> &'static str {
        match self {
            Texts::Visitor => "visitor",
            Texts::Staff => "staff",
        }
    }
}

/// Parses and checks `(tag, ftl text)` pairs into locales, in the given order.
fn parse_locales(sources: &[(&str, &str)], texts: Texts) -> Result<Vec<Locale>, I18nError> {
    let mut locales: Vec<Locale> = Vec::with_capacity(sources.len());
    for &(tag, source) in sources {
        let langid: LanguageIdentifier = tag.parse().map_err(|_| I18nError::InvalidTag { tag: tag.to_owned() })?;
        if locales.iter().any(|l| l.tag.eq_ignore_ascii_case(tag)) {
            return Err(I18nError::DuplicateLocale { tag: tag.to_owned() });
        }
        let resource = FluentResource::try_new(source.to_owned()).map_err(|(_, errors)| {
            let problems = ParseProblem::located(source, &errors);
            match texts {
                Texts::Visitor => I18nError::Parse { tag: tag.to_owned(), problems },
                Texts::Staff => I18nError::StaffParse { tag: tag.to_owned(), problems },
            }
        })?;
        let messages = outline::outline(resource.entries());
        let bundle_for = |channel: Option<Channel>| {
            let mut bundle = FluentBundle::new_concurrent(vec![langid.clone()]);
            // Visitor texts keep isolation (the default): it keeps a Latin alias readable inside
            // Arabic text. Staff texts are Latin-script and staff copy ids and commands out of
            // them, which the invisible isolation marks would break.
            bundle.set_use_isolating(texts == Texts::Visitor);
            if let Some(channel) = channel {
                // Ours, and checked by the tests: it cannot fail.
                let _ = bundle.add_resource(command_terms(channel, right_to_left(tag)));
                bundle.set_formatter(native_digits(dates::zero_digit(tag)));
            }
            bundle
        };
        let (mut bundle, matrix_bundle) = match texts {
            Texts::Visitor => {
                let mut matrix = bundle_for(Some(Channel::Matrix));
                if let Ok(copy) = FluentResource::try_new(source.to_owned()) {
                    let _ = matrix.add_resource(copy);
                }
                (bundle_for(Some(Channel::Telegram)), Some(matrix))
            }
            Texts::Staff => (bundle_for(None), None),
        };
        bundle.add_resource(resource).map_err(|errors| {
            let ids = errors.into_iter().map(|e| match e {
                FluentError::Overriding { id, .. } => id,
                other => other.to_string(),
            });
            match texts {
                Texts::Visitor => I18nError::DuplicateIds { tag: tag.to_owned(), ids: ids.collect() },
                Texts::Staff => I18nError::StaffDuplicateIds {
                    tag: tag.to_owned(),
                    duplicates: ids.map(|id| DuplicateId::find(source, id)).collect(),
                },
            }
        })?;
        locales.push(Locale {
            tag: tag.to_owned(),
            bundle,
            matrix_bundle,
            messages,
        });
    }
    Ok(locales)
}

/// Renders `id` in `language` from `locales`. Never fails: an unknown language renders in
/// English; a message missing in that language falls back to English; a message missing
/// everywhere returns the id.
/// `-cmd-help = /help` and the like: each command the bridge's texts name, as typed on `channel`.
///
/// In a right-to-left language the command sits between LRI and PDI: inside an Arabic sentence
/// the slash would otherwise take the sentence's direction and show as "help/". The marks are
/// invisible, and Telegram still finds the command (they are not word characters).
fn command_terms(channel: Channel, right_to_left: bool) -> FluentResource {
    let prefix = channel.command_prefix();
    let (open, close) = if right_to_left { ("\u{2066}", "\u{2069}") } else { ("", "") };
    let names = std::iter::once("start").chain(crate::visitor_command::MENU.iter().map(|(name, _)| *name));
    let source: String = names.map(|name| format!("-cmd-{name} = {open}{prefix}{name}{close}\n")).collect();
    FluentResource::try_new(source).unwrap_or_else(|(resource, _)| resource)
}

fn right_to_left(tag: &str) -> bool {
    language(tag).is_some_and(|l| l.right_to_left)
}

/// Fluent writes numbers with Western digits; a language whose CLDR default is another digit
/// system (fa: Persian, ar: Arabic-Indic) gets its own, like the dates and times beside them.
/// Fluent takes a plain function pointer, hence one instance per digit system.
fn native_digits<M>(zero: char) -> Option<fn(&fluent_bundle::FluentValue<'_>, &M) -> Option<String>> {
    fn in_digits<M, const ZERO: u32>(value: &fluent_bundle::FluentValue<'_>, _: &M) -> Option<String> {
        match value {
            fluent_bundle::FluentValue::Number(number) => {
                Some(dates::with_digits(&number.as_string(), char::from_u32(ZERO)?))
            }
            _ => None,
        }
    }
    match zero {
        '\u{0660}' => Some(in_digits::<M, 0x0660>),
        '\u{06F0}' => Some(in_digits::<M, 0x06F0>),
        _ => None,
    }
}

fn render_in(
    locales: &[Locale],
    texts: Texts,
    channel: Channel,
    language: &str,
    id: &str,
    args: &[(&str, Arg)],
) -> String {
    let texts = texts.name();
    let find = |tag: &str| locales.iter().find(|l| l.tag.eq_ignore_ascii_case(tag));
    let requested = find(language);
    if requested.is_none() {
        tracing::warn!(language, id, texts, "unknown language, rendering in English");
    }
    let found = requested.and_then(|l| l.message(id).map(|m| (l, m)));
    let Some((locale, message)) = found.or_else(|| {
        if requested.is_some_and(|l| l.tag != DEFAULT_LANGUAGE) {
            tracing::warn!(language, id, texts, "message missing, falling back to English");
        }
        let english = find(DEFAULT_LANGUAGE)?;
        english.message(id).map(|m| (english, m))
    }) else {
        tracing::warn!(language, id, texts, "message missing in English too, showing its id");
        return id.to_owned();
    };
    let Some(pattern) = message.value() else {
        return id.to_owned();
    };
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        match value {
            Arg::Text(text) => fluent_args.set(*name, text.as_str()),
            Arg::Number(number) => fluent_args.set(*name, *number),
        }
    }
    let mut errors = Vec::new();
    let bundle = match (channel, &locale.matrix_bundle) {
        (Channel::Matrix, Some(matrix)) => matrix,
        _ => &locale.bundle,
    };
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        // Fluent still produced usable text (a missing variable shows as `{$name}`). Only the
        // count is logged: log lines stay limited to language and id, whatever Fluent's errors hold.
        tracing::warn!(language = %locale.tag, id, texts, errors = errors.len(), "message rendered with errors");
    }
    text.into_owned()
}

/// The best shipped language for a requested tag (e.g. Telegram's `language_code`), negotiated
/// the way Fluent does it: exact match, then likely subtags (`pt` → `pt-BR`, `zh-CN` →
/// `zh-Hans`), then the language alone. `None` when nothing fits: the picker then leads with
/// English, and the visitor still chooses.
pub(crate) fn match_language(requested: &str) -> Option<&'static str> {
    let requested: LanguageIdentifier = requested.trim().parse().ok()?;
    let shipped: Vec<LanguageIdentifier> = LANGUAGES.iter().filter_map(|l| l.tag.parse().ok()).collect();
    let chosen = fluent_langneg::negotiate_languages(
        std::slice::from_ref(&requested),
        &shipped,
        None,
        fluent_langneg::NegotiationStrategy::Lookup,
    );
    let chosen = chosen.first()?;
    LANGUAGES.iter().find(|l| l.tag.parse::<LanguageIdentifier>().ok().as_ref() == Some(*chosen)).map(|l| l.tag)
}

/// A shipped language by tag (any case).
pub fn language(tag: &str) -> Option<&'static Language> {
    LANGUAGES.iter().find(|l| l.tag.eq_ignore_ascii_case(tag))
}

fn line_and_column(source: &str, byte: usize) -> (usize, usize) {
    let before = source.get(..byte).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod locale_words;

#[cfg(test)]
mod tests {
    use super::*;

    const FSI: char = '\u{2068}';
    const PDI: char = '\u{2069}';

    pub(super) fn catalog() -> Catalog {
        match Catalog::embedded() {
            Ok(catalog) => catalog,
            Err(error) => panic!("embedded locales must parse: {error}"),
        }
    }

    pub(super) fn filled(variables: &[String]) -> Vec<(&str, Arg)> {
        variables.iter().map(|v| (v.as_str(), Arg::from(format!("VALUE-OF-{v}")))).collect()
    }

    #[test]
    fn embedded_catalog_covers_the_shipped_languages() {
        let tags: Vec<&str> = EMBEDDED_SOURCES.iter().map(|(tag, _)| *tag).collect();
        let shipped: Vec<&str> = LANGUAGES.iter().map(|l| l.tag).collect();
        assert_eq!(tags, shipped);
        assert_eq!(LANGUAGES[0].tag, DEFAULT_LANGUAGE);
        let catalog = catalog();
        assert!(LANGUAGES.iter().all(|l| catalog.supports(l.tag)));
        assert!(!catalog.supports("xx"));
        assert_eq!(catalog.render("pt", "canned-soon", &[]), catalog.render("en", "canned-soon", &[]));
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Catalog>();
    }

    #[test]
    fn every_locale_has_exactly_the_english_ids_and_variables() {
        let catalog = catalog();
        let english = catalog.message_variables(DEFAULT_LANGUAGE);
        assert!(english.len() >= 18, "English reference looks truncated: {english:?}");
        assert_eq!(english.get("out-of-hours-today"), Some(&vec!["emergency".to_owned(), "time".to_owned()]));
        assert_eq!(english.get("out-of-hours-later").map(Vec::len), Some(3));
        assert_eq!(english.get("staff-reply"), Some(&vec!["alias".to_owned(), "text".to_owned()]));
        assert_eq!(english.get("received"), Some(&vec![]));
        for language in LANGUAGES {
            assert_eq!(
                catalog.message_ids(language.tag),
                english.keys().cloned().collect::<Vec<_>>(),
                "{}",
                language.tag
            );
            for (id, variables) in catalog.message_variables(language.tag) {
                let reference = english.get(&id).cloned().unwrap_or_default();
                assert!(check::same_variables(&id, &variables, &reference), "{}/{id}: {variables:?}", language.tag);
            }
        }
    }

    #[test]
    fn every_message_renders_in_every_locale_without_fallback() {
        let catalog = catalog();
        // Only the layout of a staff reply, no words, so it may look the same everywhere.
        let same_everywhere = ["staff-reply"];
        for (id, variables) in catalog.message_variables(DEFAULT_LANGUAGE) {
            let args = filled(&variables);
            let english = catalog.render(DEFAULT_LANGUAGE, &id, &args);
            for language in LANGUAGES {
                let text = catalog.render(language.tag, &id, &args);
                assert!(!text.contains("{$") && !text.contains("{ $"), "{}/{id}: {text}", language.tag);
                assert_ne!(text, id, "{}/{id} fell back to the id", language.tag);
                for variable in variables.iter().filter(|v| !check::may_leave_out(&id, v)) {
                    assert!(text.contains(&format!("VALUE-OF-{variable}")), "{}/{id} lacks ${variable}", language.tag);
                }
                if language.tag != DEFAULT_LANGUAGE && !same_everywhere.contains(&id.as_str()) {
                    assert_ne!(text, english, "{}/{id} looks like English", language.tag);
                }
            }
        }
        assert_ne!(catalog.render("ro", "received", &[]), catalog.render("en", "received", &[]));
    }

    /// Right-to-left text with a left-to-right time, phone number and pseudonym inside: each
    /// placeable sits between FSI and PDI, so a reader's app lays it out on its own and the
    /// Arabic sentence around it keeps its order.
    #[test]
    fn arabic_out_of_hours_reads_right_to_left_with_isolated_numbers() {
        let catalog = catalog();
        let text =
            catalog.render("ar", "out-of-hours-today", &[("time", "20:00".into()), ("emergency", "+45 112".into())]);
        assert_eq!(
            text,
            "شكرًا على رسالتك. لا يمكن لأحد أن يرد الآن. سيرد عليك شخص من فريقنا هنا اليوم ابتداءً من الساعة \
             \u{2068}20:00\u{2069}. إذا كنت في خطر الآن، يُرجى الاتصال بالرقم \u{2068}+45 112\u{2069}."
        );
        let reply = catalog.render("fa", "staff-reply", &[("alias", "Amber Heron 4K7".into()), ("text", "سلام".into())]);
        assert_eq!(reply, format!("{FSI}Amber Heron 4K7{PDI}:\n{FSI}سلام{PDI}"));
        for language in LANGUAGES.iter().filter(|l| l.right_to_left) {
            let text = catalog.render(language.tag, "canned-emergency", &[("emergency", "112".into())]);
            assert!(text.contains(&format!("{FSI}112{PDI}")), "{}: {text:?}", language.tag);
            assert!(!text.contains('\u{200F}') && !text.contains('\u{202B}'), "no hand-placed marks: {text:?}");
        }
    }

    #[test]
    fn every_canned_reply_renders_in_every_locale_with_its_variables_filled() {
        let catalog = catalog();
        let args = [("emergency", Arg::from("112")), ("hours", Arg::from("20:00–02:00"))];
        for language in LANGUAGES {
            for canned in crate::command::CANNED {
                let id = format!("canned-{canned}");
                let text = catalog.render(language.tag, &id, &args);
                assert!(!text.contains('$') && text != id, "{}/{id}: {text}", language.tag);
                let english = catalog.message_variables(DEFAULT_LANGUAGE);
                for variable in english.get(&id).into_iter().flatten() {
                    let value = if variable == "emergency" { "112" } else { "20:00–02:00" };
                    assert!(text.contains(&format!("{FSI}{value}{PDI}")), "{}/{id} lacks ${variable}", language.tag);
                }
            }
        }
    }

    #[test]
    fn args_are_bidi_isolated() {
        let text = catalog().render("en", "staff-reply", &[("alias", "Grace".into()), ("text", "Hi".into())]);
        assert!(text.contains(&format!("{FSI}Grace{PDI}")), "{text:?}");
        assert_eq!(text, format!("{FSI}Grace{PDI}:\n{FSI}Hi{PDI}"));
    }

    #[test]
    fn romanian_counts_agree_with_the_number() {
        let catalog = catalog();
        let few = catalog.render("ro", "message-too-long", &[("limit", 10_u32.into())]);
        let many = catalog.render("ro", "message-too-long", &[("limit", 4096_usize.into())]);
        assert!(few.contains(&format!("10{PDI} caractere")), "{few}");
        assert!(many.contains(&format!("4096{PDI} de caractere")), "{many}");
    }

    #[test]
    fn falls_back_to_english_then_to_the_id() {
        let catalog =
            Catalog::from_sources(&[("en", "hello = Hello\nbye = Goodbye { $name }\n"), ("ro", "hello = Bună\n")])
                .unwrap();
        assert_eq!(catalog.render("ro", "hello", &[]), "Bună");
        assert_eq!(catalog.render("xx", "hello", &[]), "Hello");
        assert_eq!(catalog.render("ro", "bye", &[("name", "Ana".into())]), format!("Goodbye {FSI}Ana{PDI}"));
        assert_eq!(catalog.render("ro", "nowhere", &[]), "nowhere");
        assert_eq!(catalog.render("en", "nowhere", &[]), "nowhere");
        assert_eq!(catalog.message_ids("ro"), vec!["hello"]);
        assert!(catalog.message_ids("xx").is_empty());
    }

    #[test]
    fn variables_in_select_selectors_and_variants_are_found() {
        // `$count` is only a selector and `$who` only inside a variant; `$size` is a function argument
        // inside the default variant and `$heading` sits in an attribute.
        let source = concat!(
            "pick = { $count ->\n",
            "    [one] One for { $who }\n",
            "   *[other] { NUMBER($size) } for { $who }\n",
            "}\n",
            "    .title = { $heading }\n",
        );
        let catalog = match Catalog::from_sources(&[("en", source)]) {
            Ok(catalog) => catalog,
            Err(error) => panic!("test source must parse: {error}"),
        };
        let variables = catalog.message_variables("en");
        let expected: Vec<String> = ["count", "heading", "size", "who"].map(str::to_owned).into();
        assert_eq!(variables.get("pick"), Some(&expected));
        assert_eq!(catalog.message_ids("en"), vec!["pick"]);
    }

    #[test]
    fn a_missing_variable_does_not_panic() {
        let text = catalog().render("en", "canned-emergency", &[]);
        assert!(text.contains("$emergency"), "{text}");
    }

    #[test]
    fn broken_ftl_is_an_error_naming_the_locale() {
        let result = Catalog::from_sources(&[("en", "ok = Fine\n"), ("ro", "ok = Bine\nbroken = { $\n")]);
        let Err(error @ I18nError::Parse { .. }) = result else { panic!("expected a parse error: {result:?}") };
        let I18nError::Parse { tag, problems } = &error else { unreachable!() };
        assert_eq!(tag, "ro");
        assert_eq!(problems.first().map(|p| p.line), Some(2));
        assert!(error.to_string().contains("`ro`"), "{error}");
    }

    #[test]
    fn duplicate_ids_and_bad_tags_are_errors() {
        let duplicate = Catalog::from_sources(&[("da", "a = 1\na = 2\n")]);
        assert!(matches!(duplicate, Err(I18nError::DuplicateIds { ref tag, ref ids }) if tag == "da" && ids == &["a"]));
        assert!(matches!(Catalog::from_sources(&[("not a tag", "a = 1\n")]), Err(I18nError::InvalidTag { .. })));
        let twice = Catalog::from_sources(&[("en", "a = 1\n"), ("EN", "a = 1\n")]);
        assert!(matches!(twice, Err(I18nError::DuplicateLocale { .. })));
    }

    #[test]
    fn matches_requested_languages() {
        assert_eq!(match_language("ro-RO"), Some("ro"));
        assert_eq!(match_language("th"), Some("th"));
        assert_eq!(match_language("EN-us"), Some("en"));
        assert_eq!(match_language("da_DK"), Some("da"));
        assert_eq!(match_language("xx"), None);
        assert_eq!(match_language("pt"), Some("pt-BR"));
        assert_eq!(match_language("pt-PT"), Some("pt-BR"));
        assert_eq!(match_language("zh-CN"), Some("zh-Hans"));
        assert_eq!(match_language("zh"), Some("zh-Hans"));
        assert_eq!(match_language("pcm"), Some("pcm"));
        assert_eq!(match_language("fa-IR"), Some("fa"));
        assert_eq!(match_language("ar-MA"), Some("ar"));
        assert_eq!(match_language("de"), None);
        assert_eq!(match_language(""), None);
    }

    #[test]
    fn args_convert_and_serialize() {
        assert_eq!(Arg::from(usize::MAX), Arg::Number(i64::MAX));
        assert_eq!(Arg::from(7_u32), Arg::Number(7));
        assert_eq!(Arg::from("x"), Arg::Text("x".to_owned()));
        let bytes = postcard::to_allocvec(&Arg::Text("Grace".into())).unwrap();
        assert_eq!(postcard::from_bytes::<Arg>(&bytes).unwrap(), Arg::Text("Grace".into()));
    }
}
