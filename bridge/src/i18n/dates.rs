//! Dates, times and digits as a visitor reads them, from CLDR through ICU4X (compiled data).
//!
//! A numeric "02.12" reads as 12 February in Manila, and an Iranian reader counts days in the
//! Solar Hijri calendar: a date is a weekday, a day and a month name, in the calendar CLDR
//! prefers for the language's region (Solar Hijri for fa, the Buddhist era for th, Gregorian
//! elsewhere), and a time follows the language's hour cycle. Every visitor text's dates and
//! times come from here, so the choice per language is made in one place: [`icu_locale`].
//! The field sets are static types (`MDE`, `T`): only their patterns' data is linked.

use icu_calendar::Date;
use icu_datetime::fieldsets::{MDE, T};
use icu_datetime::input::Time;
use icu_datetime::{DateTimeFormatter, NoCalendarFormatter};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale;

/// The ICU locale a shipped language's dates and numbers are formatted with.
///
/// - `en` is read by people from many countries, few of them American: international English
///   (`en-001`), "Thursday 10 December", not "Thursday, December 10"; 12-hour ("2:00 pm").
/// - `pcm`: CLDR's Nigerian Pidgin writes tone-marked names ("Tọ́zdè", "Disẹ́mba") and "FI" for
///   the afternoon, which few readers with little schooling recognise; Nigerians read dates in
///   English: en-NG ("Thursday 10 December"). CLDR gives en-NG 24-hour times, but everyday
///   Nigerian use is 12-hour: the hour cycle is forced to h12 ("2:00 pm").
/// - Every other language takes CLDR's defaults: its hour cycle (12-hour for fil and ar), its
///   calendar (fa: Solar Hijri, the calendar of Iran and Afghanistan; th: the Buddhist era,
///   invisible without a year) and its digits (fa: Persian; ar: Western, CLDR's default for ar).
fn icu_locale(tag: &str) -> Locale {
    let icu = match tag {
        "en" => "en-001",
        "pcm" => "en-NG-u-hc-h12",
        other => other,
    };
    Locale::try_from_str(icu).unwrap_or(Locale::UNKNOWN)
}

/// `date` (a day in the team's time zone) as weekday, day and month name in `language`, in that
/// language's calendar. `None` only for a date ICU cannot represent; callers fall back to ISO.
pub fn format_date(language: &str, date: jiff::civil::Date) -> Option<String> {
    let iso =
        Date::try_new_iso(i32::from(date.year()), u8::try_from(date.month()).ok()?, u8::try_from(date.day()).ok()?)
            .ok()?;
    let formatter = DateTimeFormatter::try_new(icu_locale(language).into(), MDE::long()).ok()?;
    Some(formatter.format(&iso).to_string())
}

/// `time` (hours and minutes) in `language`'s hour cycle and digits.
pub fn format_time(language: &str, time: jiff::civil::Time) -> Option<String> {
    let time = Time::try_new(u8::try_from(time.hour()).ok()?, u8::try_from(time.minute()).ok()?, 0, 0).ok()?;
    let formatter = NoCalendarFormatter::try_new(icu_locale(language).into(), T::hm()).ok()?;
    Some(formatter.format(&time).to_string())
}

/// The digit zero of `language`'s default numbering system (CLDR), e.g. '۰' for fa; `'0'` for
/// a language that writes Western digits, or when ICU has nothing to say.
pub fn zero_digit(language: &str) -> char {
    DecimalFormatter::try_new(icu_locale(language).into(), Default::default())
        .ok()
        .and_then(|formatter| formatter.format(&Decimal::from(0)).to_string().chars().next())
        .unwrap_or('0')
}

/// `text` with its ASCII digits written in the digit system whose zero is `zero`.
pub fn with_digits(text: &str, zero: char) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(value) if c.is_ascii_digit() => char::from_u32(u32::from(zero) + value).unwrap_or(c),
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hour_cycles_calendars_and_digits_follow_the_reader() {
        let two_pm = jiff::civil::time(14, 5, 0, 0);
        let time = |tag: &str| format_time(tag, two_pm).unwrap_or_default();
        // 12-hour where readers read it so: CLDR for en, fil, ar; forced for pcm (en-NG).
        assert_eq!(time("en"), "2:05\u{202f}pm");
        assert_eq!(time("pcm"), "2:05\u{202f}pm");
        assert_eq!(time("fil"), "2:05\u{202f}PM");
        assert_eq!(time("ar"), "2:05 م");
        for tag in ["da", "ro", "ru", "uk", "bg", "es", "pt-BR", "fr", "hu", "zh-Hans", "th", "vi"] {
            assert!(time(tag).starts_with("14"), "{tag}: {}", time(tag));
        }
        assert_eq!(time("fa"), "۱۴:۰۵");
        // 21 March 2027 is Nowruz, 1 Farvardin 1406.
        assert_eq!(format_date("fa", jiff::civil::date(2027, 3, 21)).as_deref(), Some("یکشنبه ۱ فروردین"));
        assert_eq!(format_date("en", jiff::civil::date(2026, 12, 10)).as_deref(), Some("Thursday 10 December"));
        assert_eq!(format_date("xx", jiff::civil::date(2026, 12, 10)).map(|d| d.is_empty()), Some(false));
        assert_eq!(zero_digit("fa"), '۰');
        assert_eq!(zero_digit("ar"), '0');
        assert_eq!(zero_digit("th"), '0');
        assert_eq!(with_digits("4096 / 20:00", '۰'), "۴۰۹۶ / ۲۰:۰۰");
        assert_eq!(with_digits("٣ 3", '0'), "٣ 3");
    }
}
