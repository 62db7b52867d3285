//! `/share` through the fake Bot API. The adversaries: whoever reads the forward (only the
//! invitation may travel: it alone is sent without `protect_content`, with no keyboard that would
//! travel with it and no preview), and whoever holds the visitor's phone later (the invitation
//! leaves the chat after `[share] vanish_minutes`, unless the visitor keeps it).

use std::time::Duration;

use bridge::engine::{EngineSettings, ShareSettings};
use bridge::i18n::Arg;
use hopenow_tests::fake_telegram::{FakeUser, Sent};
use hopenow_tests::telegram_bridge::{Bridge, wait_until};

use crate::telegram::{LIMIT, button_data, catalog, sent_to};

const LINK: &str = "https://t.me/HopeNowBot?start=share";

async fn sharing_bridge() -> Bridge {
    let share = ShareSettings { telegram_username: Some("HopeNowBot".into()), ..ShareSettings::default() };
    Bridge::start_with_settings(EngineSettings { share, ..EngineSettings::default() }).await
}

fn text(sent: &Sent) -> &str {
    sent.text.as_deref().unwrap_or_default()
}

/// Greets `user`, then sends `/share`; returns the invitation and the keep prompt as sent.
async fn share(bridge: &Bridge, user: &FakeUser) -> (Sent, Sent) {
    bridge.fake.push_text(user, "/start");
    wait_until("greeted", LIMIT, || !sent_to(bridge, user).is_empty()).await;
    bridge.fake.push_text(user, "/share");
    let keep_prompt = catalog().render("en", "share-sent", &[("minutes", Arg::from(5u32))]);
    wait_until("the invitation and the keep prompt", LIMIT, || {
        sent_to(bridge, user).iter().any(|s| text(s) == keep_prompt)
    })
    .await;
    let sent = sent_to(bridge, user);
    let invitations: Vec<&Sent> = sent.iter().filter(|s| text(s).contains(LINK)).collect();
    let [invitation] = invitations.as_slice() else { panic!("one invitation: {invitations:?}") };
    let prompt = sent.iter().find(|s| text(s) == keep_prompt).unwrap();
    assert!(invitation.message_id < prompt.message_id, "the invitation first, then what to do with it");
    ((*invitation).clone(), prompt.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_invitation_is_forwardable_and_it_leaves_the_chat_after_five_minutes() {
    let bridge = sharing_bridge().await;
    let user = FakeUser::new(7301, "V", None, Some("en"));
    let (invitation, prompt) = share(&bridge, &user).await;
    let expected = catalog().render("en", "share-invitation", &[("link", Arg::from(LINK))]);
    assert_eq!(text(&invitation), expected.replace(&format!("\u{2068}{LINK}\u{2069}"), LINK));
    assert!(!invitation.protect_content, "the one message that may be forwarded");
    assert!(invitation.reply_markup.is_none(), "no keyboard travels with the forward");
    assert_eq!(invitation.params["link_preview_options"]["is_disabled"], true, "no preview");
    assert_eq!(button_data(&prompt), ["share:keep"]);
    let others: Vec<Sent> = bridge
        .fake
        .sent()
        .into_iter()
        .filter(|s| s.chat_id == Some(user.id) && s.method.starts_with("send") && s.message_id != invitation.message_id)
        .collect();
    assert!(others.len() >= 2 && others.iter().all(|s| s.protect_content), "everything else is protected: {others:?}");

    let invitation_id = invitation.message_id.unwrap();
    bridge.advance_secs(4 * 60);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(bridge.fake.live_messages(user.id).contains(&invitation_id), "not before five minutes");
    bridge.advance_secs(61);
    wait_until("the invitation is deleted", LIMIT, || !bridge.fake.live_messages(user.id).contains(&invitation_id))
        .await;
    wait_until("the prompt too", LIMIT, || !bridge.fake.live_messages(user.id).contains(&prompt.message_id.unwrap()))
        .await;
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keep_stops_the_deletion_of_the_invitation_and_nothing_else() {
    let bridge = sharing_bridge().await;
    let typed = FakeUser::new(7302, "T", None, Some("en"));
    let pressed = FakeUser::new(7303, "P", None, Some("en"));
    let (typed_invitation, _) = share(&bridge, &typed).await;
    let (pressed_invitation, prompt) = share(&bridge, &pressed).await;
    // One types the button's command, the other presses the button.
    bridge.fake.push_text(&typed, "/share keep");
    bridge.fake.push_callback(&pressed, prompt.message_id.unwrap(), "share:keep");
    let kept = catalog().render("en", "share-kept", &[]);
    for user in [&typed, &pressed] {
        wait_until("kept", LIMIT, || sent_to(&bridge, user).iter().any(|s| text(s) == kept)).await;
    }
    bridge.advance_secs(10 * 60);
    wait_until("the prompts vanish", LIMIT, || {
        !bridge.fake.live_messages(pressed.id).contains(&prompt.message_id.unwrap())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    for (user, invitation) in [(&typed, &typed_invitation), (&pressed, &pressed_invitation)] {
        let kept_ids: Vec<i64> =
            sent_to(&bridge, user).iter().filter(|s| text(s) == kept).filter_map(|s| s.message_id).collect();
        wait_until("the answer vanishes too", LIMIT, || {
            bridge.fake.live_messages(user.id).iter().all(|id| !kept_ids.contains(id))
        })
        .await;
        let live = bridge.fake.live_messages(user.id);
        assert!(live.contains(&invitation.message_id.unwrap()), "kept: {live:?}");
    }
    // /hide is the visitor's own choice too: it takes the kept invitation.
    bridge.fake.push_text(&typed, "/hide");
    let id = typed_invitation.message_id.unwrap();
    wait_until("hidden", LIMIT, || !bridge.fake.live_messages(typed.id).contains(&id)).await;
    bridge.stop().await;
}

/// Without `[telegram] username`, `hopenow run` asks Telegram once at start: the answer is the
/// bot's username (the fake's), as `/share` and the cards need it.
#[tokio::test]
async fn the_username_is_asked_of_telegram_when_the_config_has_none() {
    let fake = hopenow_tests::fake_telegram::FakeTelegram::start().await;
    let settings = hopenow_tests::telegram_bridge::settings(&fake, false);
    assert_eq!(bot::telegram::ask_username(&settings).await.as_deref(), Ok(hopenow_tests::fake_telegram::BOT_USERNAME));
}

/// `hopenow check --online` warns when `[telegram] username` names another bot than the
/// token's: /share and the printed cards would send friends to the wrong bot.
#[tokio::test]
async fn check_online_warns_when_the_username_and_telegram_disagree() {
    let fake = hopenow_tests::fake_telegram::FakeTelegram::start().await;
    for (username, warned) in [("SomeOtherBot", true), ("@hopenow_test_bot", false)] {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("master.key");
        std::fs::write(&key, format!("{}\n", "ab".repeat(32))).unwrap();
        std::fs::set_permissions(&key, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
        let config = dir.path().join("hopenow.toml");
        let text = format!(
            "[store]\ndata_dir = \"data\"\n[keys]\nmaster_key_file = \"master.key\"\n\
             [telegram]\ntoken = {:?}\napi_url = {:?}\nusername = {username:?}\n",
            fake.token(),
            fake.url().as_str().trim_end_matches('/'),
        );
        std::fs::write(&config, text).unwrap();
        let args: Vec<String> =
            ["check", "--config", config.to_str().unwrap(), "--online"].into_iter().map(str::to_owned).collect();
        let output = tokio::task::spawn_blocking(move || {
            let mut command = std::process::Command::new(std::env::current_exe().unwrap());
            command
                .args(["--ignored", "--exact", "translation::hopenow_child", "--nocapture", "--test-threads", "1"])
                .env(crate::translation::ARGS, serde_json::to_string(&args).unwrap())
                .stdin(std::process::Stdio::null());
            for name in ["HOPENOW_CONFIG", "HOPENOW_MASTER_KEY", "HOPENOW_TELEGRAM_TOKEN", "CREDENTIALS_DIRECTORY"] {
                command.env_remove(name);
            }
            command.output().unwrap()
        })
        .await
        .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(stdout.contains("the bot is @hopenow_test_bot"), "{stdout}");
        let warning = stdout.lines().find(|l| l.starts_with("WRN telegram")).map(str::to_owned);
        assert_eq!(warning.is_some(), warned, "{username}: {stdout}");
        if let Some(warning) = warning {
            assert!(
                warning.contains("[telegram] username = \"SomeOtherBot\"") && warning.contains("wrong bot"),
                "{warning}"
            );
        }
    }
}
