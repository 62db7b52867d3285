//! Property tests over what the bot reads from outside: the config file, Telegram's updates (the
//! raw answer a poison update comes in, and updates of every shape teloxide accepts), and what
//! Matrix visitors type. No panic, whatever comes; errors name where.
//!
//! `HOPENOW_FUZZ_CASES` sets the number of cases per property (default [`CI_CASES`], a few
//! seconds in a debug build); failing cases are kept in `bot/proptest-regressions/`.

use std::path::Path;
use std::sync::Arc;

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::config::Loaded;
use crate::telegram::updates::{Context, Incoming, convert, schema};

const CI_CASES: u32 = 128;

fn fuzz_config() -> ProptestConfig {
    let cases = std::env::var("HOPENOW_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(CI_CASES);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

const EXAMPLE: &str = include_str!("../../config/example.toml");

/// The example config with one line replaced by `line`.
fn mutated_example(at: usize, line: &str) -> String {
    let lines: Vec<&str> = EXAMPLE.lines().collect();
    let at = at % lines.len();
    let mut out: Vec<&str> = lines[..at].to_vec();
    out.push(line);
    out.extend_from_slice(&lines[at + 1..]);
    out.join("\n")
}

/// A config line an operator might write, right or wrong.
fn config_line() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("download_limit_mb"),
        Just("round_download_mb"),
        Just("visitor_files_mb_per_day"),
        Just("min_free_disk_mb"),
        Just("new_conversations_per_minute"),
        Just("unanswered_minutes"),
        Just("max_text_chars"),
        Just("staff_language"),
        Just("time_zone"),
        Just("closed_days"),
        Just("api_url"),
        Just("homeserver"),
        Just("duty_room"),
        Just("room"),
        Just("digest_at"),
        Just("[limits]"),
        Just("[peer_desk]"),
        Just("[[staff]]"),
    ];
    let value = prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        "\\PC{0,12}".prop_map(|s| format!("{s:?}")),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        Just("true".to_owned()),
        "[ -~]{0,16}",
    ];
    (key, value).prop_map(|(k, v)| if k.starts_with('[') { k.to_owned() } else { format!("{k} = {v}") })
}

/// A Telegram user as updates carry them, with a name that must never reach the engine.
fn from_json(id: i64) -> Value {
    json!({ "id": id, "is_bot": false, "first_name": "CANARYNAME", "username": "canary_user", "language_code": "ro" })
}

/// An update of the shapes the bridge meets: any text, any file with any size, photos, stickers,
/// locations, contacts, button presses, unknown kinds, fields of the wrong type.
fn update() -> impl Strategy<Value = Value> {
    let user = 1i64..=i64::from(i32::MAX);
    let text = "\\PC{0,300}";
    let content = prop_oneof![
        text.prop_map(|t| json!({ "text": t })),
        (any::<u32>(), "\\PC{0,40}").prop_map(|(size, caption)| json!({
            "document": { "file_id": "F", "file_unique_id": "U", "file_size": size, "mime_type": "application/pdf" },
            "caption": caption })),
        any::<u32>().prop_map(
            |size| json!({ "voice": { "file_id": "F", "file_unique_id": "U", "duration": 3, "file_size": size } })
        ),
        (any::<u32>(), any::<u32>()).prop_map(|(w, h)| json!({ "photo": [
            { "file_id": "A", "file_unique_id": "a", "width": w, "height": h },
            { "file_id": "B", "file_unique_id": "b", "width": h, "height": w, "file_size": 5 } ] })),
        (-90.0f64..90.0, -180.0f64..180.0)
            .prop_map(|(lat, lon)| json!({ "location": { "latitude": lat, "longitude": lon } })),
        Just(json!({ "contact": { "phone_number": "+4512345678", "first_name": "CANARYNAME" } })),
        Just(json!({ "sticker": { "file_id": "S", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
            "is_animated": false, "is_video": false, "emoji": "🙂" } })),
        Just(json!({ "dice": { "emoji": "🎲", "value": 3 } })),
        any::<i64>().prop_map(|n| json!({ "text": n })),
        Just(json!({ "text": null, "photo": "not a list" })),
    ];
    let message = (user.clone(), any::<i32>(), content).prop_map(|(user, id, content)| {
        let mut message = json!({ "message_id": id, "date": 1_767_225_600,
            "chat": { "id": user, "type": "private", "first_name": "CANARYNAME" }, "from": from_json(user) });
        if let (Some(target), Value::Object(fields)) = (message.as_object_mut(), content) {
            target.extend(fields);
        }
        json!({ "message": message })
    });
    let button = (user, "\\PC{0,64}").prop_map(|(user, data)| {
        json!({ "callback_query": { "id": "Q", "from": from_json(user), "chat_instance": "-1", "data": data,
            "message": { "message_id": 1, "date": 1, "chat": { "id": user, "type": "private", "first_name": "X" } } } })
    });
    let unknown = "[a-z_]{1,20}".prop_map(|kind| json!({ kind: { "anything": [1, "two", null] } }));
    (any::<u32>(), prop_oneof![message, button, unknown]).prop_map(|(id, mut update)| {
        update["update_id"] = json!(id % (i32::MAX as u32));
        update
    })
}

proptest! {
    #![proptest_config(fuzz_config())]

    #[test]
    fn any_config_text_loads_or_fails_naming_the_file(text in "\\PC{0,400}") {
        if let Err(error) = Loaded::from_str(Path::new("fuzzed.toml"), &text, &|_| None) {
            prop_assert!(error.to_string().contains("fuzzed.toml") || error.to_string().contains("HOPENOW_"), "{}", error);
        }
    }

    #[test]
    fn the_example_config_with_any_line_changed_loads_or_fails_naming_the_file(at in 0usize..400, line in config_line()) {
        let text = mutated_example(at, &line);
        let env = |name: &str| (name == crate::config::ENV_TELEGRAM_TOKEN).then(|| "1:x".to_owned());
        if let Err(error) = Loaded::from_str(Path::new("fuzzed.toml"), &text, &env) {
            prop_assert!(error.to_string().contains("fuzzed.toml") || error.to_string().contains("HOPENOW_"), "{}", error);
        }
    }

    /// A poison answer's id is read only from where Telegram writes it, never made up.
    #[test]
    fn a_raw_answer_names_an_update_only_if_its_id_is_in_it(raw in "\\PC{0,200}", id in any::<u32>(), tail in "\\PC{0,40}") {
        for text in [raw.clone(), format!(r#"{{"ok":true,"result":[{{"update_id":{id},{tail}"#)] {
            if let Some(poison) = crate::telegram::poison::read_single(&text) {
                prop_assert!(text.contains(&poison.update_id.to_string()));
            }
        }
    }

    /// Whatever shape an update has, converting it never panics and never hands the engine the
    /// sender's name.
    #[test]
    fn any_update_converts_without_panic_or_the_senders_name(update in update()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| TestCaseError::fail(e.to_string()))?;
        // From text, as teloxide reads Telegram's answers (its update reader needs borrowed keys).
        let Ok(update) = serde_json::from_str::<teloxide::types::Update>(&update.to_string()) else { return Ok(()) };
        let readable = !matches!(update.kind, teloxide::types::UpdateKind::Error(_));
        // No file is fetched: everything is over a 0-byte limit, so the test needs no network.
        let bot = teloxide::Bot::new("1:x").set_api_url("http://127.0.0.1:9".parse().map_err(|_| TestCaseError::fail("url"))?);
        let context = Arc::new(Context { bot, download_limit_bytes: 0, disk: crate::disk::DiskFloor::none() });
        let incoming = runtime.block_on(convert(&schema(), update, context));
        let shown = match &incoming {
            Incoming::Event(event) | Incoming::Button(event, _) | Incoming::Unreadable(event, _) => match &**event {
                bridge::engine::Event::VisitorMessage { message, .. } => format!("{} {:?}", message.text, message.language_hint),
                other => format!("{other:?}"),
            },
            Incoming::Skip(reason) => (*reason).to_owned(),
        };
        prop_assert!(!shown.contains("CANARYNAME") && !shown.contains("canary_user"), "{}", shown);
        // What teloxide reads becomes an event or a named skip, never an unreadable update.
        prop_assert!(!readable || !matches!(incoming, Incoming::Unreadable(..)));
    }

    #[test]
    fn any_matrix_visitor_text_parses_without_panic(text in "\\PC{0,200}") {
        let _ = bridge::visitor_command::VisitorCommand::parse(&text, '!');
        let _ = bridge::visitor_command::VisitorCommand::parse(&format!("!{text}"), '!');
    }
}
