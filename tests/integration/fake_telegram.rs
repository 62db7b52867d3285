//! The fake Bot API server answers a real teloxide 0.17 client the way Telegram does.

use std::time::{Duration, Instant};

use hopenow_tests::fake_telegram::{BOT_USER_ID, BOT_USERNAME, FakeTelegram, FakeUser, Fault};
use serde_json::json;
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::{
    BotCommand, FileId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MaybeInaccessibleMessage, MessageId,
    UpdateKind,
};

fn visitor() -> FakeUser {
    FakeUser::new(4242, "Maria", Some("maria_k"), Some("ro"))
}

fn texts(updates: &[Update]) -> Vec<String> {
    updates
        .iter()
        .map(|u| match &u.kind {
            UpdateKind::Message(m) => m.text().unwrap_or("<no text>").to_owned(),
            other => format!("<{other:?}>"),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_me_returns_the_bot() {
    let fake = FakeTelegram::start().await;
    let me = fake.bot().get_me().await.unwrap();
    assert_eq!(me.user.id, UserId(BOT_USER_ID as u64));
    assert!(me.user.is_bot);
    assert_eq!(me.username(), BOT_USERNAME);
    assert_eq!(fake.call_count("getMe"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_token_and_unknown_method_get_telegram_errors() {
    let fake = FakeTelegram::start().await;
    let impostor = Bot::new("1:wrong").set_api_url(fake.url());
    let err = impostor.get_me().await.unwrap_err();
    assert!(matches!(err, RequestError::Api(ApiError::InvalidToken)), "{err:?}");

    // The fake has no sendDice: Telegram's 404 "Not Found", which teloxide reads as InvalidToken.
    fake.add_chat(&visitor());
    let err = fake.bot().send_dice(ChatId(visitor().id)).await.unwrap_err();
    assert!(matches!(err, RequestError::Api(ApiError::InvalidToken)), "{err:?}");
    assert_eq!(fake.call_count("sendDice"), 1);
    assert!(fake.sent().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_message_is_recorded_with_protect_content_and_keyboard() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = visitor();

    // Telegram refuses chats the user never opened.
    let err = bot.send_message(ChatId(user.id), "hello").await.unwrap_err();
    assert!(matches!(err, RequestError::Api(ApiError::ChatNotFound)), "{err:?}");

    fake.push_text(&user, "/start");
    let keyboard = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("Română", "lang:ro")]]);
    let first = bot.send_message(ChatId(user.id), "Bună").protect_content(true).reply_markup(keyboard).await.unwrap();
    let second = bot.send_message(ChatId(user.id), "plain").await.unwrap();
    assert_eq!(first.chat.id, ChatId(user.id));
    assert!(first.has_protected_content());
    assert!(second.id.0 > first.id.0);

    let sent = fake.sent_by("sendMessage");
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].chat_id, Some(user.id));
    assert_eq!(sent[0].text.as_deref(), Some("Bună"));
    assert!(sent[0].protect_content);
    assert_eq!(sent[0].message_id, Some(i64::from(first.id.0)));
    let markup = sent[0].reply_markup.clone().unwrap();
    assert_eq!(markup["inline_keyboard"][0][0]["callback_data"], json!("lang:ro"));
    assert!(!sent[1].protect_content);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_over_telegram_limit_is_refused() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = visitor();
    fake.add_chat(&user);

    let err = bot.send_message(ChatId(user.id), "ă".repeat(4097)).await.unwrap_err();
    assert!(matches!(err, RequestError::Api(ApiError::MessageIsTooLong)), "{err:?}");
    let err = bot.send_message(ChatId(user.id), "").await.unwrap_err();
    assert!(matches!(err, RequestError::Api(ApiError::MessageTextIsEmpty)), "{err:?}");
    assert!(fake.sent().is_empty());

    bot.send_message(ChatId(user.id), "ă".repeat(4096)).await.unwrap();
    assert_eq!(fake.sent_by("sendMessage").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updates_arrive_in_order_and_offset_confirms_them() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = visitor();
    let pushed: Vec<_> = ["/start", "first", "second"].iter().map(|t| fake.push_text(&user, t)).collect();

    let updates = bot.get_updates().timeout(0).await.unwrap();
    assert_eq!(texts(&updates), ["/start", "first", "second"]);
    let ids: Vec<i64> = updates.iter().map(|u| i64::from(u.id.0)).collect();
    assert_eq!(ids, pushed.iter().map(|p| p.update_id).collect::<Vec<_>>());
    let UpdateKind::Message(msg) = &updates[0].kind else { panic!("not a message: {:?}", updates[0]) };
    let from = msg.from.as_ref().unwrap();
    assert_eq!((from.id, from.first_name.as_str()), (UserId(4242), "Maria"));
    assert_eq!(from.username.as_deref(), Some("maria_k"));
    assert_eq!(from.language_code.as_deref(), Some("ro"));
    assert_eq!(msg.id, MessageId(i32::try_from(pushed[0].message_id).unwrap()));

    // Not confirmed yet: the same updates come again.
    assert_eq!(texts(&bot.get_updates().timeout(0).await.unwrap()).len(), 3);
    assert_eq!(fake.committed_offset(), 0);

    // Confirming the first two only.
    let again = bot.get_updates().offset(updates[1].id.as_offset()).timeout(0).await.unwrap();
    assert_eq!(texts(&again), ["second"]);
    assert_eq!(fake.committed_offset(), pushed[1].update_id + 1);

    let after = bot.get_updates().offset(updates[2].id.as_offset()).timeout(0).await.unwrap();
    assert!(after.is_empty());
    assert_eq!(fake.committed_offset(), pushed[2].update_id + 1);
    assert_eq!(fake.pending_updates(), 0);

    for i in 0..5 {
        fake.push_text(&user, &format!("m{i}"));
    }
    let limited = bot.get_updates().offset(updates[2].id.as_offset()).limit(2).timeout(0).await.unwrap();
    assert_eq!(texts(&limited), ["m0", "m1"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_poll_returns_when_an_update_is_pushed() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let poll = tokio::spawn({
        let bot = bot.clone();
        async move {
            let started = Instant::now();
            let updates = bot.get_updates().timeout(12).await;
            (updates, started.elapsed())
        }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!poll.is_finished(), "getUpdates returned before anything was queued");
    fake.push_text(&visitor(), "are you there?");
    let (updates, elapsed) = poll.await.unwrap();
    assert_eq!(texts(&updates.unwrap()), ["are you there?"]);
    assert!(elapsed < Duration::from_secs(8), "long poll waited {elapsed:?} despite an update");

    // With nothing queued the call waits for its timeout and returns empty.
    let started = Instant::now();
    let none = bot.get_updates().offset(700_000_002).timeout(1).await.unwrap();
    assert!(none.is_empty());
    assert!(started.elapsed() >= Duration::from_millis(900), "returned after {:?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn injected_faults_map_to_teloxide_errors() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = visitor();
    let incoming = fake.push_text(&user, "hi");
    let chat = ChatId(user.id);

    fake.fail_next("sendMessage", 1, Fault::BotBlocked);
    let err = bot.send_message(chat, "x").await.unwrap_err();
    assert!(matches!(err, RequestError::Api(ApiError::BotBlocked)), "{err:?}");

    fake.fail_next("sendMessage", 2, Fault::RetryAfter(7));
    for _ in 0..2 {
        let err = bot.send_message(chat, "x").await.unwrap_err();
        assert!(matches!(err, RequestError::RetryAfter(s) if s.seconds() == 7), "{err:?}");
    }
    // Faults are used up: the next call goes through, and only it is recorded.
    bot.send_message(chat, "delivered").await.unwrap();
    let sent = fake.sent_by("sendMessage");
    assert_eq!(sent.iter().map(|s| s.text.clone().unwrap()).collect::<Vec<_>>(), ["delivered"]);
    assert_eq!(fake.call_count("sendMessage"), 4);

    fake.fail_next("deleteMessage", 1, Fault::MessageCantBeDeleted);
    let target = MessageId(i32::try_from(incoming.message_id).unwrap());
    let err = bot.delete_message(chat, target).await.unwrap_err();
    assert!(matches!(err, RequestError::Api(ApiError::MessageCantBeDeleted)), "{err:?}");
    bot.delete_message(chat, target).await.unwrap();

    // A persistent block, as when the visitor blocked the bot.
    fake.block_bot(user.id, true);
    let err = bot.send_photo(chat, InputFile::memory(vec![1, 2, 3])).await.unwrap_err();
    assert!(matches!(err, RequestError::Api(ApiError::BotBlocked)), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_gateway_is_an_error_of_its_own_kind() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    fake.fail_next("getUpdates", 1, Fault::BadGateway);
    let pushed = fake.push_text(&visitor(), "kept");
    // teloxide 0.17 sleeps 10 s on any 5xx before it returns the error.
    let err = bot.get_updates().offset(i32::try_from(pushed.update_id + 1).unwrap()).timeout(0).await.unwrap_err();
    assert!(
        !matches!(
            err,
            RequestError::RetryAfter(_)
                | RequestError::Api(ApiError::BotBlocked | ApiError::MessageCantBeDeleted | ApiError::InvalidToken)
        ),
        "{err:?}"
    );
    assert!(matches!(&err, RequestError::Api(ApiError::Unknown(d)) if d == "Bad Gateway"), "{err:?}");
    // The failed call confirmed nothing.
    assert_eq!(fake.committed_offset(), 0);
    assert_eq!(texts(&bot.get_updates().timeout(0).await.unwrap()), ["kept"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_record_exact_bytes_and_files_download() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = visitor();
    fake.add_chat(&user);
    let jpeg: Vec<u8> = (0..70_000u32).map(|i| (i * 31 % 251) as u8).collect();

    let msg = bot
        .send_photo(ChatId(user.id), InputFile::memory(jpeg.clone()).file_name("reply.jpg"))
        .caption("from Ana")
        .protect_content(true)
        .await
        .unwrap();
    let photo = fake.sent_by("sendPhoto").pop().unwrap();
    let upload = photo.upload.unwrap();
    assert_eq!(upload.bytes, jpeg);
    assert_eq!(upload.file_name.as_deref(), Some("reply.jpg"));
    assert_eq!((photo.text.as_deref(), photo.protect_content), (Some("from Ana"), true));

    bot.send_voice(ChatId(user.id), InputFile::memory(b"OggS-voice".to_vec())).await.unwrap();
    bot.send_document(ChatId(user.id), InputFile::memory(b"%PDF-1.7".to_vec()).file_name("a.pdf")).await.unwrap();
    bot.send_video(ChatId(user.id), InputFile::memory(b"mp4-bytes".to_vec())).await.unwrap();
    let methods: Vec<_> = fake.sent().iter().map(|s| s.method.clone()).collect();
    assert_eq!(methods, ["sendPhoto", "sendVoice", "sendDocument", "sendVideo"]);
    assert_eq!(fake.sent_by("sendDocument")[0].upload.as_ref().unwrap().bytes, b"%PDF-1.7");

    // What the bot uploaded is a Telegram file like any other.
    let sent_file_id = msg.photo().unwrap()[0].file.id.clone();
    let file = bot.get_file(sent_file_id).await.unwrap();
    let mut round_trip = Vec::new();
    bot.download_file(&file.path, &mut round_trip).await.unwrap();
    assert_eq!(round_trip, jpeg);

    let registered = fake.register_file(b"visitor's voice note", "voice", "oga");
    let file = bot.get_file(FileId(registered.file_id.clone())).await.unwrap();
    assert_eq!(file.meta.size, 20);
    let mut downloaded = Vec::new();
    bot.download_file(&file.path, &mut downloaded).await.unwrap();
    assert_eq!(downloaded, b"visitor's voice note");

    let err = bot.get_file(FileId("no-such-file".into())).await.unwrap_err();
    assert!(matches!(err, RequestError::Api(ApiError::FileIdInvalid)), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incoming_media_and_callbacks_parse_in_teloxide() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = visitor();
    let voice_file = fake.register_file(b"OggS voice bytes", "voice", "oga");
    let photo_file = fake.register_file(b"\xFF\xD8\xFF photo bytes", "photos", "jpg");
    fake.push_voice(&user, &voice_file, 3);
    fake.push_photo(&user, &photo_file, Some("look"));
    let picker = bot
        .send_message(ChatId(user.id), "Language?")
        .reply_markup(InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("English", "lang:en")]]))
        .await
        .unwrap();
    fake.push_callback(&user, i64::from(picker.id.0), "lang:en");

    let updates = bot.get_updates().timeout(0).await.unwrap();
    assert_eq!(updates.len(), 3);
    let UpdateKind::Message(voice) = &updates[0].kind else { panic!("{:?}", updates[0]) };
    let voice = voice.voice().unwrap();
    assert_eq!((voice.file.id.0.as_str(), voice.duration.seconds()), (voice_file.file_id.as_str(), 3));
    let UpdateKind::Message(photo) = &updates[1].kind else { panic!("{:?}", updates[1]) };
    assert_eq!(photo.caption(), Some("look"));
    let file = bot.get_file(photo.photo().unwrap()[0].file.id.clone()).await.unwrap();
    let mut bytes = Vec::new();
    bot.download_file(&file.path, &mut bytes).await.unwrap();
    assert_eq!(bytes, photo_file.bytes);

    let UpdateKind::CallbackQuery(query) = &updates[2].kind else { panic!("{:?}", updates[2]) };
    assert_eq!(query.data.as_deref(), Some("lang:en"));
    let Some(MaybeInaccessibleMessage::Regular(message)) = &query.message else { panic!("{query:?}") };
    assert_eq!(message.id, picker.id);
    bot.answer_callback_query(query.id.clone()).await.unwrap();
    let err = bot.answer_callback_query(query.id.clone()).await.unwrap_err();
    assert!(matches!(err, RequestError::Api(ApiError::InvalidQueryId)), "{err:?}");
    assert_eq!(fake.sent_by("answerCallbackQuery").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deletes_follow_the_48_hour_window_and_edits_apply() {
    let fake = FakeTelegram::start().await;
    let bot = fake.bot();
    let user = visitor();
    let chat = ChatId(user.id);
    let old_in = fake.push_text(&user, "old");
    let old_out = bot.send_message(chat, "old reply").await.unwrap();
    fake.advance_clock(49 * 3600);
    let new_in = fake.push_text(&user, "new");
    let new_out = bot.send_message(chat, "new reply").await.unwrap();
    let id = |n: i64| MessageId(i32::try_from(n).unwrap());

    for old in [id(old_in.message_id), old_out.id] {
        let err = bot.delete_message(chat, old).await.unwrap_err();
        assert!(matches!(err, RequestError::Api(ApiError::MessageCantBeDeleted)), "{err:?}");
    }
    bot.delete_message(chat, id(new_in.message_id)).await.unwrap();
    let err = bot.delete_message(chat, id(new_in.message_id)).await.unwrap_err();
    assert!(matches!(err, RequestError::Api(ApiError::MessageToDeleteNotFound)), "{err:?}");
    assert_eq!(fake.live_messages(user.id), [old_in.message_id, i64::from(old_out.id.0), i64::from(new_out.id.0)]);

    let edited = bot.edit_message_text(chat, new_out.id, "edited").await.unwrap();
    assert_eq!(edited.text(), Some("edited"));
    assert_eq!(fake.message(user.id, i64::from(new_out.id.0)).unwrap()["text"], json!("edited"));
    let err = bot.edit_message_text(chat, new_out.id, "edited").await.unwrap_err();
    assert!(matches!(err, RequestError::Api(ApiError::MessageNotModified)), "{err:?}");

    bot.set_my_commands([BotCommand::new("help", "Ajutor")]).language_code("ro").await.unwrap();
    assert_eq!(fake.commands("ro").unwrap()[0]["command"], json!("help"));
    assert!(fake.commands("").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raw_updates_reach_the_client_byte_for_byte() {
    let fake = FakeTelegram::start().await;
    let maria = visitor();
    fake.push_text(&maria, "first");
    let poison = fake.push_raw_update(|id| format!(r#"{{"update_id":{id},"message":{{"text":"\ud800"}}}}"#));
    fake.push_raw_update(|id| format!(r#"{{"update_id":{id},"hologram":{{}}}}"#));
    // The lone surrogate breaks the whole answer, as it breaks teloxide on Telegram's.
    match fake.bot().get_updates().await {
        Err(RequestError::InvalidJson { raw, .. }) => assert!(raw.contains(r"\ud800"), "{raw}"),
        other => panic!("a lone surrogate must not parse: {other:?}"),
    }
    // Past it, a kind teloxide does not know is an update of its own, readable by id.
    let after = fake.bot().get_updates().offset(i32::try_from(poison + 1).unwrap()).await.unwrap();
    assert_eq!(after.len(), 1);
    assert!(matches!(after[0].kind, UpdateKind::Error(_)), "{:?}", after[0].kind);
    assert_eq!(i64::from(after[0].id.0), poison + 1);
}
