//! Every check of the config's values, gathered: each returns the keys that are wrong and what
//! to do, so an operator sees all of them in one run instead of one per restart.

use bridge::i18n::STAFF_LANGUAGES;
use bridge::roster::{Roster, RosterError};
use bridge::shifts::{ShiftError, Shifts};

use super::KeyProblem;
use super::model::Config;

/// The problems of every key that is checked on its own (ranges, names, languages, URLs).
pub(super) fn values(config: &Config) -> Vec<KeyProblem> {
    let mut problems = Vec::new();
    if let Some(telegram) = &config.telegram
        && let Err(problem) = crate::exposure::check_url("[telegram] api_url", &telegram.api_url)
    {
        problems.push(problem);
    }
    if let Some(matrix) = &config.matrix
        && let Err(problem) = crate::exposure::check_url("[matrix] homeserver", &matrix.homeserver)
    {
        problems.push(problem);
    }
    if let Some(translation) = &config.translation {
        translation_values(translation, &mut problems);
    }
    if let Some(desk) = &config.peer_desk {
        peer_desk(desk, config.matrix.as_ref(), &mut problems);
    }
    campaigns(&config.campaign, &mut problems);
    share(config, &mut problems);
    if !["error", "warn", "info", "debug", "trace"].contains(&config.logging.level.as_str()) {
        problems.push(KeyProblem::new(
            "[logging] level",
            format!("= {:?} is not a log level: use error, warn, info, debug or trace", config.logging.level),
        ));
    }
    routing(config, &mut problems);
    let phone_change = &config.phone_change;
    for (key, value) in [("code_minutes", phone_change.code_minutes), ("lock_minutes", phone_change.lock_minutes)] {
        in_range(&mut problems, "phone_change", key, value, 1..=24 * 60, "use 1 to 1440 minutes (15 is a good choice)");
    }
    let retention = &config.retention;
    for (key, days) in [("closed_days", retention.closed_days), ("inactive_days", retention.inactive_days)] {
        in_range(&mut problems, "retention", key, days, 1..=36_500, "use 1 to 36500 days");
    }
    for (key, value) in [
        ("round_download_mb", config.limits.round_download_mb),
        ("visitor_files_mb_per_day", config.limits.visitor_files_mb_per_day),
    ] {
        in_range(
            &mut problems,
            "limits",
            key,
            value,
            1..=1_000_000,
            "use 1 to 1000000 MB (leave it out for the default)",
        );
    }
    in_range(
        &mut problems,
        "limits",
        "new_conversations_per_minute",
        config.limits.new_conversations_per_minute,
        1..=600,
        "use 1 to 600 (leave it out for the default, 20)",
    );
    in_range(
        &mut problems,
        "health",
        "unreachable_minutes",
        config.health.unreachable_minutes,
        1..=24 * 60,
        "use 1 to 1440 minutes (leave it out for the default, 5)",
    );
    in_range(
        &mut problems,
        "health",
        "outbox_stale_minutes",
        config.health.outbox_stale_minutes,
        1..=24 * 60,
        "use 1 to 1440 minutes (leave it out for the default, 15)",
    );
    in_range(
        &mut problems,
        "news",
        "per_second",
        config.news.per_second,
        1..=bridge::news::MAX_PER_SECOND,
        "use 1 to 30 messages a second, Telegram's broadcast limit (leave it out for the default, 25)",
    );
    for (tag, text) in &config.decoy {
        let key = format!("[decoy] {tag}");
        if bridge::i18n::language(tag).is_none() {
            problems.push(KeyProblem::new(
                key,
                "is not a shipped language tag: use one of en, da, pcm, th, ro, … (`hopenow locales` lists them)",
            ));
        } else if text.trim().is_empty() {
            problems.push(KeyProblem::new(
                key,
                "is empty: give a non-empty text that reads like an ordinary message (a salon, a shop)",
            ));
        }
    }
    problems
}

fn translation_values(translation: &super::model::TranslationConfig, problems: &mut Vec<KeyProblem>) {
    const KEY: &str = "[translation] url";
    match translation.url.parse::<url::Url>() {
        Err(error) => problems.push(KeyProblem::new(
            KEY,
            format!(
                "= {:?} is not a URL ({error}): give the LibreTranslate service's address, e.g. \
                 \"http://127.0.0.1:5000\" or \"https://translate.example.org\"",
                translation.url
            ),
        )),
        Ok(_) => {
            if let Err(problem) = crate::exposure::check_url(KEY, &translation.url) {
                problems.push(problem);
            }
        }
    }
    in_range(
        problems,
        "translation",
        "timeout_seconds",
        translation.timeout_seconds,
        1..=60,
        "use 1 to 60 seconds (leave it out for the default, 10)",
    );
    in_range(
        problems,
        "translation",
        "give_up_minutes",
        translation.give_up_minutes,
        1..=1440,
        "use 1 to 1440 minutes (leave it out for the default, 30)",
    );
}

/// `[telegram] username` and `[share]`: a username Telegram could have given a bot, a vanishing
/// time within what Telegram still lets a bot delete, and the operator's texts in shipped
/// languages, each with the one place the link goes.
fn share(config: &Config, problems: &mut Vec<KeyProblem>) {
    if let Some(name) = config.telegram.as_ref().and_then(|t| t.username.as_deref())
        && !bridge::campaign::is_bot_username(&super::bot_username(name))
    {
        problems.push(KeyProblem::new(
            "[telegram] username",
            format!(
                "= {name:?} is not a Telegram bot username: 5 to 32 letters, digits or _, starting with a \
                 letter and ending in \"bot\", as BotFather shows it (t.me/HopeNowBot); or leave it out and \
                 the bot asks Telegram at start"
            ),
        ));
    }
    in_range(
        problems,
        "share",
        "vanish_minutes",
        config.share.vanish_minutes,
        1..=60,
        "use 1 to 60 minutes (leave it out for the default, 5)",
    );
    for (tag, text) in &config.share.text {
        let key = format!("[share] text.{tag}");
        if bridge::i18n::language(tag).is_none() {
            problems.push(KeyProblem::new(
                key,
                "is not a shipped language tag: use one of en, da, pcm, th, ro, … (`hopenow locales` lists them)",
            ));
        } else if text.matches("{link}").count() != 1 {
            problems.push(KeyProblem::new(
                key,
                "must hold {link} exactly once, where the bot's link goes (e.g. \"Someone to talk to: {link}\")",
            ));
        } else if text.chars().count() > SHARE_TEXT_CHARS {
            problems.push(KeyProblem::new(
                key,
                format!("is longer than {SHARE_TEXT_CHARS} characters: keep it to one or two short sentences"),
            ));
        }
    }
}

/// An operator's `/share` text: a forward should read as one short message, and stay one
/// Telegram message (4096) whatever the link adds.
const SHARE_TEXT_CHARS: usize = 500;

/// `[[campaign]]`: codes a deep link can carry, each once (and not `share`, which `/share`'s
/// link carries), names to show, languages the bridge ships.
fn campaigns(campaigns: &[super::model::CampaignConfig], problems: &mut Vec<KeyProblem>) {
    for (i, campaign) in campaigns.iter().enumerate() {
        let at = |key: &str| format!("[[campaign]] {:?} {key}", campaign.code);
        if !bridge::visitor_command::is_campaign_code(&campaign.code) {
            problems.push(KeyProblem::new(
                at("code"),
                "must be 1 to 64 letters, digits, - or _ (what Telegram carries in t.me/<bot>?start=<code>)",
            ));
        } else if campaign.code == bridge::stats::SHARE_CODE {
            problems.push(KeyProblem::new(at("code"), "\"share\" is the code of /share's link; choose another"));
        } else if campaigns[..i].iter().any(|c| c.code == campaign.code) {
            problems.push(KeyProblem::new(at("code"), "appears twice; each campaign needs its own code"));
        }
        if campaign.name.trim().is_empty() {
            problems.push(KeyProblem::new(at("name"), "is empty; write what the team calls it (e.g. \"salon cards\")"));
        }
        if let Some(language) = &campaign.language
            && bridge::i18n::language(language).is_none()
        {
            let tags: Vec<&str> = bridge::i18n::LANGUAGES.iter().map(|l| l.tag).collect();
            problems.push(KeyProblem::new(
                at("language"),
                format!("= {language:?} is not a shipped language; use one of: {}", tags.join(", ")),
            ));
        }
    }
}

/// `[peer_desk]`: a Matrix room other than the duty room, and a time of day the engine can
/// compare as text (it compares "HH:MM" strings, so the form must be exact).
fn peer_desk(
    desk: &super::model::PeerDeskConfig,
    matrix: Option<&super::model::MatrixConfig>,
    problems: &mut Vec<KeyProblem>,
) {
    const ROOM: &str = "[peer_desk] room";
    match matrix {
        None => problems.push(KeyProblem::new(
            ROOM,
            "is set but there is no [matrix] section: the desk is a Matrix room; add [matrix] or remove [peer_desk]",
        )),
        Some(matrix) if desk.room == matrix.duty_room => problems.push(KeyProblem::new(
            ROOM,
            format!(
                "= {:?} is the duty room: the peer worker's desk must be a room of its own; create an encrypted room, \
                 invite the peer worker and the bot, and put its id here",
                desk.room
            ),
        )),
        Some(_) => {}
    }
    let well_formed = if desk.room.starts_with('#') {
        matrix_sdk::ruma::RoomAliasId::parse(&desk.room).is_ok()
    } else {
        // Room version 12 ids have no server part, so none is required.
        matrix_sdk::ruma::RoomId::parse(&desk.room).is_ok()
    };
    if !well_formed {
        problems.push(KeyProblem::new(
            ROOM,
            format!(
                "= {:?} is not a Matrix room id (!…) or alias (#…:server): copy it from the room's settings \
                 in Element (Advanced → internal room id)",
                desk.room
            ),
        ));
    }
    if !is_time_of_day(&desk.digest_at) {
        problems.push(KeyProblem::new(
            "[peer_desk] digest_at",
            format!(
                "= {:?} is not a time of day: write it as \"HH:MM\" on the 24-hour clock, e.g. \"08:00\" \
                 (in [routing] time_zone; leave it out for 08:00)",
                desk.digest_at
            ),
        ));
    }
}

/// "HH:MM", 00:00 to 23:59, with both digits each.
fn is_time_of_day(text: &str) -> bool {
    let Some((hours, minutes)) = text.split_once(':') else { return false };
    let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
    two_digits(hours)
        && two_digits(minutes)
        && hours.parse::<u8>().is_ok_and(|h| h < 24)
        && minutes.parse::<u8>().is_ok_and(|m| m < 60)
}

fn routing(config: &Config, problems: &mut Vec<KeyProblem>) {
    let routing = &config.routing;
    in_range(
        problems,
        "routing",
        "unanswered_minutes",
        routing.unanswered_minutes,
        1..=24 * 60,
        "use 1 to 1440 minutes",
    );
    in_range(problems, "routing", "max_text_chars", routing.max_text_chars, 1..=65_536, "use 1 to 65536");
    if routing.emergency_numbers.trim().is_empty() {
        problems.push(KeyProblem::new(
            "[routing] emergency_numbers",
            "= \"\" is out of range: visitors must always be told whom to call; e.g. \"112\"",
        ));
    }
    if !STAFF_LANGUAGES.contains(&routing.staff_language.as_str()) {
        problems.push(KeyProblem::new(
            "[routing] staff_language",
            format!("= {:?} has no staff texts; use one of: {}", routing.staff_language, STAFF_LANGUAGES.join(", ")),
        ));
    }
}

fn in_range<T: PartialOrd + std::fmt::Display>(
    problems: &mut Vec<KeyProblem>,
    section: &str,
    key: &str,
    value: T,
    range: std::ops::RangeInclusive<T>,
    hint: &str,
) {
    if !range.contains(&value) {
        problems.push(KeyProblem::new(format!("[{section}] {key}"), format!("= {value} is out of range: {hint}")));
    }
}

/// The referral directory of `[[partner]]`: ids unique, what the visitor reads filled in.
pub(super) fn partners(config: &Config) -> Result<bridge::partner::Directory, KeyProblem> {
    use bridge::partner::DirectoryError;
    bridge::partner::Directory::new(config.partner.clone()).map_err(|error| match error {
        DirectoryError::DuplicateId(id) => {
            KeyProblem::new("[[partner]] id", format!("= {id:?} appears twice; ids must be unique"))
        }
        DirectoryError::Invalid(id, field, what) => KeyProblem::new(format!("[[partner]] {id:?} {field}"), what),
    })
}

/// The roster of `[[staff]]`: ids, aliases, Matrix accounts, roles and staff languages.
pub(super) fn roster(config: &Config) -> Result<Roster, KeyProblem> {
    Roster::new(config.staff.clone()).map_err(|error| match error {
        RosterError::DuplicateId(id) => {
            KeyProblem::new("[[staff]] id", format!("= {id:?} appears twice; ids must be unique"))
        }
        RosterError::DuplicateMatrixUser(id, user) => KeyProblem::new(
            format!("[[staff]] {id:?} matrix_user"),
            format!("= {user:?} is used by another staff member too"),
        ),
        RosterError::Invalid(id, what) => KeyProblem::new(format!("[[staff]] {id:?}"), what),
        RosterError::StaffLanguage { id, value } => KeyProblem::new(
            format!("[[staff]] {id:?} staff_language"),
            format!("= {value:?} has no staff texts; use one of: {}", STAFF_LANGUAGES.join(", ")),
        ),
    })
}

/// The opening hours: `[[shift]]` in `[routing] time_zone`, each for someone of the roster.
pub(super) fn shifts(config: &Config) -> Result<Shifts, KeyProblem> {
    let staff = &config.staff;
    Shifts::new(&config.routing.time_zone, &config.shift, |id| staff.iter().any(|m| &m.id == id)).map_err(|error| {
        match error {
            ShiftError::TimeZone(zone) => KeyProblem::new(
                "[routing] time_zone",
                format!("= {zone:?} is not a known time zone (use a name like \"Europe/Copenhagen\")"),
            ),
            ShiftError::Invalid { staff, what } => KeyProblem::new(format!("[[shift]] for {staff:?}"), what),
        }
    })
}
