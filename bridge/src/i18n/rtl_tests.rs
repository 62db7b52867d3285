//! Arabic and Persian texts as a phone lays them out: the Unicode bidi algorithm (the
//! `unicode-bidi` crate) run over every visitor message with realistic values.

use unicode_bidi::{BidiClass, BidiInfo, bidi_class};

use super::dates::{format_date, format_time, zero_digit};
use super::{Arg, Catalog, DEFAULT_LANGUAGE, LANGUAGES};
use crate::visitor::Channel;

fn catalog() -> Catalog {
    match Catalog::embedded() {
        Ok(catalog) => catalog,
        Err(error) => panic!("embedded locales must parse: {error}"),
    }
}

/// What the bridge puts into a message, as it would in a real conversation in `language`.
fn realistic(language: &str, variable: &str) -> Arg {
    let date = jiff::civil::date(2026, 12, 10);
    let time = jiff::civil::time(14, 0, 0, 0);
    match variable {
        "address" => "Istedgade 100, 1650 København V".into(),
        "alias" => "Grace".into(),
        "bring" => "Nothing: no ID needed".into(),
        "current" => "English".into(),
        "date" => format_date(language, date).unwrap_or_default().into(),
        "time" => format_time(language, time).unwrap_or_default().into(),
        "emergency" => "+45 112".into(),
        "hours" => "Mon-Fri 20:00-02:00".into(),
        "language" => super::language(language).map_or("", |l| l.endonym).into(),
        "length" => 4_u32.into(),
        "link" => "https://t.me/HopeNowBot?start=share".into(),
        "limit" => 4096_u32.into(),
        "megabytes" => 20_u32.into(),
        "minutes" => 30_u32.into(),
        "phone" => "+45 33 12 34 56".into(),
        "phrase" => "apple river stone cloud".into(),
        "text" => "OK 15:30?".into(),
        other => panic!("no realistic value for ${other}: add one"),
    }
}

/// Every visitor message of `language` on both channels, with the values that went in.
fn rendered(language: &str) -> Vec<(String, String, Vec<String>)> {
    let catalog = catalog();
    let mut out = Vec::new();
    for (id, variables) in catalog.message_variables(DEFAULT_LANGUAGE) {
        let args: Vec<(&str, Arg)> = variables.iter().map(|v| (v.as_str(), realistic(language, v))).collect();
        let values: Vec<String> = args
            .iter()
            .map(|(_, arg)| match arg {
                Arg::Text(text) => text.clone(),
                Arg::Number(number) => super::dates::with_digits(&number.to_string(), zero_digit(language)),
            })
            .collect();
        for channel in [Channel::Telegram, Channel::Matrix] {
            out.push((format!("{language}/{id}"), catalog.render_for(channel, language, &id, &args), values.clone()));
        }
    }
    out
}

fn strong_right_to_left(text: &str) -> bool {
    text.chars().any(|c| matches!(bidi_class(c), BidiClass::R | BidiClass::AL))
}

/// Byte ranges of the commands in `text` (`/help`, `!help`, `/start`): a prefix, then a
/// command name, not inside a word.
fn commands(text: &str) -> Vec<std::ops::Range<usize>> {
    let names: Vec<&str> =
        std::iter::once("start").chain(crate::visitor_command::MENU.iter().map(|(name, _)| *name)).collect();
    let mut found = Vec::new();
    for (start, c) in text.char_indices() {
        if c != '/' && c != '!' {
            continue;
        }
        let rest = &text[start + 1..];
        let word: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if names.contains(&word.as_str()) {
            found.push(start..start + 1 + word.len());
        }
    }
    found
}

/// Byte ranges of the numbers written in the text itself: digits of any system, with the
/// separators between them.
fn numbers(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut current: Option<std::ops::Range<usize>> = None;
    for (at, c) in text.char_indices() {
        let digit = c.is_numeric();
        let joins = matches!(c, ':' | '.' | ',') && current.is_some();
        match (&mut current, digit || joins) {
            (Some(range), true) => range.end = at + c.len_utf8(),
            (None, true) => current = Some(at..at + c.len_utf8()),
            (Some(_), false) => found.extend(current.take()),
            (None, false) => {}
        }
    }
    found.extend(current);
    found.into_iter().map(|r| r.start..text[r.clone()].trim_end_matches([':', '.', ',']).len() + r.start).collect()
}

/// `range` of `text` is one left-to-right run: every character at the same even level, so a
/// reader sees it in its own order ("/help", not "help/").
fn one_left_to_right_run(info: &BidiInfo<'_>, range: &std::ops::Range<usize>) -> bool {
    let levels: Vec<u8> = info.text[range.clone()]
        .char_indices()
        .filter(|(_, c)| !matches!(c, '\u{2066}'..='\u{2069}'))
        .map(|(at, _)| info.levels[range.start + at].number())
        .collect();
    levels.first().is_some_and(|first| first % 2 == 0 && levels.iter().all(|l| l == first))
}

#[test]
fn commands_numbers_and_values_read_left_to_right_inside_arabic_and_persian() {
    let mut wrong = Vec::new();
    let mut checked = 0;
    for language in LANGUAGES.iter().filter(|l| l.right_to_left) {
        for (name, text, values) in rendered(language.tag) {
            let info = BidiInfo::new(&text, None);
            let mut tokens = commands(&text);
            tokens.extend(numbers(&text));
            for value in values.iter().filter(|v| !v.is_empty() && !strong_right_to_left(v)) {
                tokens.extend(text.match_indices(value.as_str()).map(|(at, v)| at..at + v.len()));
            }
            for token in tokens {
                checked += 1;
                if !one_left_to_right_run(&info, &token) {
                    wrong.push(format!("{name}: {:?} in {text:?}", &text[token]));
                }
            }
        }
    }
    assert!(checked > 100, "too few tokens found to mean anything: {checked}");
    assert!(wrong.is_empty(), "read in the wrong order:\n{}", wrong.join("\n"));
}

/// The bidi check itself: an unwrapped command in an Arabic sentence is caught.
#[test]
fn the_bidi_check_catches_a_bare_command_in_arabic() {
    let text = "اكتب /help الآن";
    let info = BidiInfo::new(text, None);
    let command = commands(text);
    assert_eq!(command.len(), 1);
    assert!(!one_left_to_right_run(&info, &command[0]));
    let wrapped = "اكتب \u{2066}/help\u{2069} الآن";
    let info = BidiInfo::new(wrapped, None);
    assert!(one_left_to_right_run(&info, &commands(wrapped)[0]));
    let text = "ساعت ۱۴:۰۰. و 20";
    let found: Vec<&str> = numbers(text).into_iter().map(|r| &text[r]).collect();
    assert_eq!(found, ["۱۴:۰۰", "20"]);
}

/// One digit system per language: the digits CLDR makes the language's default, in the text
/// and in every number, date and time the bridge inserts. What the team wrote (phone numbers,
/// opening hours) is inserted as written: it is dialled and copied as it stands.
#[test]
fn arabic_and_persian_write_one_digit_system() {
    // CLDR: Persian digits for fa; Western digits for ar (CLDR's default for ar, as ICU4X 2.4 ships it).
    assert_eq!(zero_digit("fa"), '\u{06F0}');
    assert_eq!(zero_digit("ar"), '0');
    let mut wrong = Vec::new();
    for language in LANGUAGES.iter().filter(|l| l.right_to_left) {
        let zero = zero_digit(language.tag);
        // The team's phone numbers and hours, a partner's address and phone, a staffer's words,
        // the /code words: theirs.
        let as_written: Vec<Arg> = ["emergency", "hours", "text", "phrase", "address", "phone", "bring"]
            .iter()
            .map(|v| realistic(language.tag, v))
            .collect();
        for (name, text, _) in rendered(language.tag) {
            let mut rest = text.clone();
            for value in &as_written {
                if let Arg::Text(value) = value {
                    rest = rest.replace(value.as_str(), "");
                }
            }
            let foreign: String = rest
                .chars()
                .filter(|c| {
                    c.is_numeric() && !(u32::from(*c) >= u32::from(zero) && u32::from(*c) <= u32::from(zero) + 9)
                })
                .collect();
            if !foreign.is_empty() {
                wrong.push(format!("{name}: {foreign:?} in {text:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "digits of another system:\n{}", wrong.join("\n"));
}
