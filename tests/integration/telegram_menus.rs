//! Command menus: bot-wide ones only for codes the Bot API takes, and each visitor's chat in the
//! language they chose (scope `chat`), through the outbox; the fake refuses what Telegram refuses.

use std::sync::{Arc, Mutex};

use bot::telegram::Telegram;
use hopenow_tests::fake_telegram::{FakeTelegram, FakeUser, Fault};
use hopenow_tests::telegram_bridge::{Bridge, settings, wait_until};
use serde_json::{Value, json};
use teloxide::payloads::setters::*;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, ChatId, Recipient};
use teloxide::{ApiError, RequestError};
use tracing::instrument::WithSubscriber;

use crate::telegram::{LIMIT, button_data, catalog, sent_to};

/// A log that tests read back, one line per event.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl Log {
    fn lines(&self) -> Vec<String> {
        String::from_utf8_lossy(&self.0.lock().unwrap()).lines().map(str::to_owned).collect()
    }
}

impl std::io::Write for Log {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The codes the start-up menus are set for, besides the default (no code).
const BOT_WIDE: [&str; 15] = ["ar", "bg", "da", "en", "es", "fa", "fr", "hu", "pt", "ro", "ru", "th", "uk", "vi", "zh"];

/// The menu descriptions in `language`, in menu order.
fn descriptions(language: &str) -> Vec<String> {
    bridge::visitor_command::MENU.iter().map(|(_, id)| catalog().render(language, id, &[])).collect()
}

fn descriptions_of(commands: &Value) -> Vec<String> {
    commands.as_array().unwrap().iter().map(|c| c["description"].as_str().unwrap().to_owned()).collect()
}

fn bad_request(error: &RequestError) -> String {
    match error {
        RequestError::Api(ApiError::Unknown(text)) => text.clone(),
        other => format!("{other:?}"),
    }
}

fn chat_scope(chat: i64) -> BotCommandScope {
    BotCommandScope::Chat { chat_id: Recipient::Id(ChatId(chat)) }
}

/// Each call the Bot API refuses, with its words (`Bad Request: …`). This test fails if the fake
/// lets one through, so the tests that lean on the fake can fail where Telegram would.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fake_refuses_menus_the_bot_api_refuses() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = FakeUser::new(6101, "V", None, Some("th"));
    fake.add_chat(&user);
    let ok = || vec![BotCommand::new("help", "Help")];
    let mut refused = 0;

    // The documented codes only: two lowercase letters of ISO 639-1, or none.
    for code in ["pt-BR", "pcm", "zh-Hans", "fil", "pt_BR", "xx", "EN", "e"] {
        let error = bot.set_my_commands(ok()).language_code(code).await.unwrap_err();
        assert_eq!(bad_request(&error), "Bad Request: invalid language code specified", "{code}");
        let error = bot.delete_my_commands().language_code(code).await.unwrap_err();
        assert_eq!(bad_request(&error), "Bad Request: invalid language code specified", "{code}");
        refused += 1;
    }
    // Commands: TDLib's length rules, then Telegram's `a-z0-9_`.
    for name in ["", "  ", "/"] {
        let error = bot.set_my_commands([BotCommand::new(name, "Help")]).await.unwrap_err();
        assert_eq!(bad_request(&error), "Bad Request: command must be non-empty", "{name:?}");
        refused += 1;
    }
    let error = bot.set_my_commands([BotCommand::new("a".repeat(33), "Help")]).await.unwrap_err();
    assert_eq!(bad_request(&error), "Bad Request: command length must not exceed 32");
    refused += 1;
    for name in ["Help", "/Help", "hilfe-mir", "hjælp", "help me"] {
        let error = bot.set_my_commands([BotCommand::new(name, "Help")]).await.unwrap_err();
        assert_eq!(bad_request(&error), "Bad Request: BOT_COMMAND_INVALID", "{name:?}");
        refused += 1;
    }
    for description in ["", "   "] {
        let error = bot.set_my_commands([BotCommand::new("help", description)]).await.unwrap_err();
        assert_eq!(bad_request(&error), "Bad Request: command description must be non-empty");
        refused += 1;
    }
    let error = bot.set_my_commands([BotCommand::new("help", "x".repeat(257))]).await.unwrap_err();
    assert_eq!(bad_request(&error), "Bad Request: command description length must not exceed 256");
    refused += 1;
    let many: Vec<BotCommand> = (0..101).map(|i| BotCommand::new(format!("c{i}"), "x")).collect();
    assert_eq!(bad_request(&bot.set_my_commands(many).await.unwrap_err()), "Bad Request: BOT_COMMANDS_TOO_MUCH");
    refused += 1;
    // Scopes: a chat the bot does not have; a scope a private chat has no use for.
    let error = bot.set_my_commands(ok()).scope(chat_scope(999)).await.unwrap_err();
    assert!(matches!(error, RequestError::Api(ApiError::ChatNotFound)), "{error:?}");
    let error = bot.delete_my_commands().scope(chat_scope(999)).await.unwrap_err();
    assert!(matches!(error, RequestError::Api(ApiError::ChatNotFound)), "{error:?}");
    refused += 1;
    let admins = BotCommandScope::ChatAdministrators { chat_id: Recipient::Id(ChatId(user.id)) };
    let error = bot.set_my_commands(ok()).scope(admins).await.unwrap_err();
    assert_eq!(bad_request(&error), "Bad Request: can't use specified scope in private chats");
    refused += 1;
    assert_eq!(fake.call_count("setMyCommands"), refused);
    assert!(
        fake.sent_by("setMyCommands").is_empty() && fake.sent_by("deleteMyCommands").is_empty(),
        "refused calls change nothing"
    );
    assert!(fake.commands("").is_none());

    // What Telegram takes: the limits themselves, a command as Telegram trims it, two-letter
    // codes, a known chat.
    let hundred: Vec<BotCommand> = (0..100).map(|i| BotCommand::new(format!("c_{i}"), "x".repeat(256))).collect();
    bot.set_my_commands(hundred).await.unwrap();
    bot.set_my_commands([BotCommand::new("a".repeat(32), " Ajuda ")]).language_code("pt").await.unwrap();
    bot.set_my_commands([BotCommand::new(" /help ", "ช่วยเหลือ")]).scope(chat_scope(user.id)).await.unwrap();
    assert_eq!(fake.commands("").unwrap().as_array().unwrap().len(), 100);
    assert_eq!(fake.commands("pt").unwrap()[0]["description"], json!("Ajuda"));
    assert_eq!(fake.chat_commands(user.id, "").unwrap()[0], json!({ "command": "help", "description": "ช่วยเหลือ" }));
    let read = bot.get_my_commands().scope(chat_scope(user.id)).await.unwrap();
    assert_eq!((read[0].command.as_str(), read[0].description.as_str()), ("help", "ช่วยเหลือ"));
    bot.delete_my_commands().scope(chat_scope(user.id)).await.unwrap();
    assert!(fake.chat_commands(user.id, "").is_none());
    assert!(bot.get_my_commands().scope(chat_scope(user.id)).await.unwrap().is_empty());
    assert_eq!(fake.commands("").unwrap().as_array().unwrap().len(), 100, "other scopes stay");
    fake.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn start_up_menus_use_only_codes_the_bot_api_accepts_and_one_refusal_stops_nothing() {
    let bridge = Bridge::start().await;
    wait_until("every bot-wide menu", LIMIT, || BOT_WIDE.iter().all(|code| bridge.fake.commands(code).is_some())).await;
    wait_until("and the default", LIMIT, || bridge.fake.commands("").is_some()).await;
    assert_eq!(descriptions_of(&bridge.fake.commands("").unwrap()), descriptions("en"), "the default is English");
    assert_eq!(descriptions_of(&bridge.fake.commands("pt").unwrap()), descriptions("pt-BR"));
    assert_eq!(descriptions_of(&bridge.fake.commands("zh").unwrap()), descriptions("zh-Hans"));
    assert_eq!(descriptions_of(&bridge.fake.commands("th").unwrap()), descriptions("th"));
    // Nothing was refused: no pcm, pt-BR, zh-Hans or fil was ever sent.
    assert_eq!(bridge.fake.call_count("setMyCommands"), BOT_WIDE.len() + 1);
    assert_eq!(bridge.fake.sent_by("setMyCommands").len(), BOT_WIDE.len() + 1);

    // Another start against a Bot API that refuses one code: the rest are still set, and the
    // refusal is logged with the language and Telegram's words.
    bridge.fake.refuse_menu_language("es");
    let before = bridge.fake.sent_by("setMyCommands").len();
    let again = Telegram::new(settings(&bridge.fake, false), bridge.engine.clone(), bridge.outbox.clone());
    let log = Log::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    assert_eq!(again.set_commands().with_subscriber(subscriber).await, 1, "one refused");
    let lines = log.lines();
    let refusals: Vec<&String> = lines.iter().filter(|l| l.contains("WARN")).collect();
    assert_eq!(refusals.len(), 1, "{lines:?}");
    assert!(refusals[0].contains("a command menu was not set"), "{refusals:?}");
    assert!(refusals[0].contains("language=\"es\"") || refusals[0].contains("language=es"), "{refusals:?}");
    assert!(refusals[0].contains("invalid language code specified"), "{refusals:?}");
    let codes: Vec<String> = bridge.fake.sent_by("setMyCommands")[before..]
        .iter()
        .map(|s| s.params.get("language_code").and_then(Value::as_str).unwrap_or("").to_owned())
        .collect();
    let mut expected: Vec<&str> = std::iter::once("").chain(BOT_WIDE.iter().copied().filter(|c| *c != "es")).collect();
    let mut codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    expected.sort_unstable();
    codes.sort_unstable();
    assert_eq!(codes, expected, "every other menu after the refused one too");
    bridge.stop().await;
}

/// The menu of `user`'s own chat, as descriptions ("" language code: everyone in that chat).
fn chat_menu(bridge: &Bridge, user: &FakeUser) -> Option<Vec<String>> {
    bridge.fake.chat_commands(user.id, "").map(|c| descriptions_of(&c))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_visitors_chat_menu_follows_the_language_they_chose_and_goes_when_they_are_forgotten() {
    let bridge = Bridge::start().await;
    // Both phones' interface is English; the language chosen in the bot is another.
    let ioana = FakeUser::new(6201, "I", None, Some("en"));
    let som = FakeUser::new(6202, "S", None, Some("en"));
    bridge.fake.push_text(&ioana, "hello");
    bridge.fake.push_text(&som, "hello");
    wait_until("both greeted", LIMIT, || !sent_to(&bridge, &ioana).is_empty() && !sent_to(&bridge, &som).is_empty())
        .await;

    // Ioana picks Thai on the greeting's buttons: her chat's menu is Thai, Som's is untouched.
    let greeting = sent_to(&bridge, &ioana).into_iter().find(|s| !button_data(s).is_empty()).unwrap();
    bridge.fake.push_callback(&ioana, greeting.message_id.unwrap(), "lang:th");
    wait_until("Ioana's menu in Thai", LIMIT, || chat_menu(&bridge, &ioana) == Some(descriptions("th"))).await;
    assert_eq!(chat_menu(&bridge, &som), None, "another visitor's chat keeps the bot-wide menu");
    assert_eq!(descriptions_of(&bridge.fake.commands("en").unwrap()), descriptions("en"), "bot-wide menus stay");

    // She changes her mind: the menu changes with her.
    bridge.fake.push_text(&ioana, "/language ro");
    wait_until("Ioana's menu in Romanian", LIMIT, || chat_menu(&bridge, &ioana) == Some(descriptions("ro"))).await;

    // Staff set Som's language: his chat's menu follows.
    wait_until("Som has a conversation", LIMIT, || bridge.conversation_of(&som).is_some()).await;
    bridge.staff_says("grace", &som, "!lang da").await;
    wait_until("Som's menu in Danish", LIMIT, || chat_menu(&bridge, &som) == Some(descriptions("da"))).await;
    assert_eq!(chat_menu(&bridge, &ioana), Some(descriptions("ro")));

    // Ioana is forgotten: her chat keeps nothing of her choice, it shows the bot-wide menu.
    bridge.fake.push_text(&ioana, "/forget");
    wait_until("the question", LIMIT, || {
        sent_to(&bridge, &ioana).iter().any(|s| button_data(s).contains(&"forget:yes".to_owned()))
    })
    .await;
    let question =
        sent_to(&bridge, &ioana).into_iter().find(|s| button_data(s).contains(&"forget:yes".to_owned())).unwrap();
    bridge.fake.push_callback(&ioana, question.message_id.unwrap(), "forget:yes");
    wait_until("Ioana's own menu is gone", LIMIT, || chat_menu(&bridge, &ioana).is_none()).await;
    assert!(bridge.fake.sent_by("deleteMyCommands").iter().all(|s| s.params["scope"].to_string().contains("6201")));
    assert_eq!(chat_menu(&bridge, &som), Some(descriptions("da")), "Som's stays");
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn after_code_the_phone_left_behind_shows_the_bot_wide_menu_and_the_new_one_the_visitors() {
    let bridge = Bridge::start().await;
    let old = FakeUser::new(6401, "O", None, Some("en"));
    let new = FakeUser::new(6402, "N", None, Some("en"));
    bridge.fake.push_text(&old, "hello");
    wait_until("greeted", LIMIT, || !sent_to(&bridge, &old).is_empty()).await;
    let greeting = sent_to(&bridge, &old).into_iter().find(|s| !button_data(s).is_empty()).unwrap();
    bridge.fake.push_callback(&old, greeting.message_id.unwrap(), "lang:th");
    wait_until("the old phone's menu in Thai", LIMIT, || chat_menu(&bridge, &old) == Some(descriptions("th"))).await;

    bridge.fake.push_text(&old, "/code");
    // The four words are the first value Fluent isolated in the answer.
    let phrase_in =
        |text: &str| text.split('\u{2068}').nth(1).and_then(|p| p.split('\u{2069}').next()).map(str::to_owned);
    let mut phrase = None;
    wait_until("the four words", LIMIT, || {
        phrase = sent_to(&bridge, &old)
            .iter()
            .filter_map(|s| s.text.as_deref().and_then(phrase_in))
            .find(|p| p.split(' ').count() == 4);
        phrase.is_some()
    })
    .await;
    bridge.fake.push_text(&new, &phrase.unwrap());
    wait_until("the new phone's menu in Thai", LIMIT, || chat_menu(&bridge, &new) == Some(descriptions("th"))).await;
    wait_until("the old phone's own menu gone", LIMIT, || chat_menu(&bridge, &old).is_none()).await;
    let removals = bridge.fake.sent_by("deleteMyCommands");
    assert_eq!(removals.len(), 1);
    let scope = &removals[0].params["scope"];
    let scope: Value = scope.as_str().map_or_else(|| scope.clone(), |s| serde_json::from_str(s).unwrap());
    assert_eq!(scope, json!({ "type": "chat", "chat_id": old.id }));
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refused_chat_menu_is_dropped_a_rate_limited_one_retried_and_neither_holds_up_messages() {
    let bridge = Bridge::start().await;
    wait_until("start-up menus", LIMIT, || bridge.fake.commands("").is_some()).await;
    let user = FakeUser::new(6301, "V", None, Some("en"));
    bridge.fake.push_text(&user, "hello");
    wait_until("greeted", LIMIT, || !sent_to(&bridge, &user).is_empty()).await;

    // Telegram refuses the chat's menu: dropped, and the first contact goes on at once.
    let refusal = Fault::Api { code: 400, description: "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID".into() };
    bridge.fake.fail_next("setMyCommands", 1, refusal);
    let calls = bridge.fake.call_count("setMyCommands");
    let greeting = sent_to(&bridge, &user).into_iter().find(|s| !button_data(s).is_empty()).unwrap();
    bridge.fake.push_callback(&user, greeting.message_id.unwrap(), "lang:fr");
    let question = catalog().render("fr", "safety-question", &[]);
    wait_until("the next question", LIMIT, || {
        sent_to(&bridge, &user).iter().any(|s| s.text.as_deref() == Some(&question))
    })
    .await;
    wait_until("the menu was tried", LIMIT, || bridge.fake.call_count("setMyCommands") > calls).await;
    wait_until("and dropped", LIMIT, || {
        bridge.engine.store().outbox_entries().unwrap().iter().all(|e| e.action.name() != "set-visitor-menu")
    })
    .await;
    assert_eq!(bridge.fake.call_count("setMyCommands"), calls + 1, "a refusal is not retried");
    assert_eq!(chat_menu(&bridge, &user), None);

    // Rate limited: tried again until it is set.
    bridge.fake.fail_next("setMyCommands", 1, Fault::RetryAfter(1));
    bridge.fake.push_text(&user, "/language ru");
    wait_until("the menu in Russian", LIMIT, || chat_menu(&bridge, &user) == Some(descriptions("ru"))).await;
    assert_eq!(bridge.fake.call_count("setMyCommands"), calls + 3);
    bridge.stop().await;
}
