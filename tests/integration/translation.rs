//! The translation client against the fake LibreTranslate, the fake's refusals (which are the
//! real service's), and `hopenow check --online` with `[translation]`.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bot::secret::Secret;
use bot::translation::{LibreTranslate, TranslationError, Translator};
use hopenow_tests::fake_libretranslate::{FakeLibreTranslate, Fault, Settings, fake_translation};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CANARY: &str = "CANARY-visitor-words-7f3a";

fn client(fake: &FakeLibreTranslate, key: Option<&str>, timeout: Duration) -> LibreTranslate {
    LibreTranslate::new(fake.url().parse().unwrap(), key.map(|key| Secret::new(key.into())), timeout).unwrap()
}

fn refused(result: Result<String, TranslationError>) -> (u16, String) {
    match result {
        Err(TranslationError::Refused { status, reason }) => (status, reason),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// One raw HTTP/1.1 request (the fake's or the real LibreTranslate's): the status and the body.
pub(crate) async fn raw(
    addr: std::net::SocketAddr,
    method: &str,
    content_type: &str,
    path: &str,
    body: &str,
) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let status = answer.split(' ').nth(1).unwrap().parse().unwrap();
    let body = answer.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default();
    (status, body)
}

#[tokio::test]
async fn the_client_translates_and_the_fake_translates_back() {
    let fake = FakeLibreTranslate::start(Settings::default()).await;
    let client = client(&fake, None, Duration::from_secs(5));
    let there = client.translate("Jeg har brug for hjælp", "da", "en").await.unwrap();
    assert_eq!(there, "⟦da→en⟧ Jeg har brug for hjælp");
    assert_eq!(client.translate(&there, "en", "da").await.unwrap(), "Jeg har brug for hjælp");
    assert_eq!(fake.translations(), 2);
    let languages = client.languages().await.unwrap();
    let english = languages.iter().find(|language| language.code == "en").unwrap();
    assert_eq!(english.name, "English");
    assert!(english.targets.contains(&"th".to_owned()));
    assert!(!languages.iter().any(|language| language.code == "vi"));
}

#[tokio::test]
async fn the_fake_refuses_a_missing_or_empty_text_as_libretranslate_does() {
    let fake = FakeLibreTranslate::start(Settings::default()).await;
    let client = client(&fake, None, Duration::from_secs(5));
    assert_eq!(refused(client.translate("", "th", "en").await), (400, "Invalid request: missing q parameter".into()));
    let (status, body) =
        raw(fake.addr, "POST", "application/json", "/translate", r#"{"source":"th","target":"en"}"#).await;
    assert_eq!((status, body.as_str()), (400, r#"{"error":"Invalid request: missing q parameter"}"#));
    let (status, body) = raw(fake.addr, "POST", "application/json", "/translate", r#"{"q":"x","source":"th"}"#).await;
    assert_eq!((status, body.as_str()), (400, r#"{"error":"Invalid request: missing target parameter"}"#));
    assert_eq!(fake.translations(), 0);
}

#[tokio::test]
async fn the_fake_refuses_unknown_languages_and_pairs_it_has_no_model_for() {
    let fake = FakeLibreTranslate::start(Settings::default()).await;
    let client = client(&fake, None, Duration::from_secs(5));
    // app.py names the source by its detection record, the target by its code.
    assert_eq!(refused(client.translate("xin chào", "vi", "en").await), (400, "vi is not supported".into()));
    assert_eq!(refused(client.translate("hello", "en", "vi").await), (400, "vi is not supported".into()));
    assert_eq!(
        refused(client.translate("สวัสดี", "th", "ro").await),
        (400, "Romanian (ro) is not available as a target language from Thai (th)".into())
    );
    let (status, body) = raw(
        fake.addr,
        "POST",
        "application/json",
        "/translate",
        r#"{"q":"x","source":"th","target":"en","format":"md"}"#,
    )
    .await;
    assert_eq!((status, body.as_str()), (400, r#"{"error":"md format is not supported"}"#));
    assert_eq!(fake.translations(), 0);
}

#[tokio::test]
async fn the_fake_wants_a_known_key_when_keys_are_required() {
    let settings = Settings { api_keys: Some(vec!["right-key".into()]), ..Settings::default() };
    let fake = FakeLibreTranslate::start(settings).await;
    assert_eq!(
        refused(client(&fake, None, Duration::from_secs(5)).translate("hi", "en", "th").await),
        (400, "Please contact the server operator to get an API key".into())
    );
    assert_eq!(
        refused(client(&fake, Some("wrong-key"), Duration::from_secs(5)).translate("hi", "en", "th").await),
        (403, "Invalid API key".into())
    );
    let right = client(&fake, Some("right-key"), Duration::from_secs(5));
    assert_eq!(right.translate("hi", "en", "th").await.unwrap(), "⟦en→th⟧ hi");
    // /languages needs no key, as in app.py.
    assert!(client(&fake, None, Duration::from_secs(5)).languages().await.is_ok());
}

#[tokio::test]
async fn the_fake_counts_its_char_limit_in_characters() {
    let fake = FakeLibreTranslate::start(Settings { char_limit: Some(5), ..Settings::default() }).await;
    let client = client(&fake, None, Duration::from_secs(5));
    // Five Thai characters are 15 bytes: within the limit.
    assert!(client.translate("สวัสดี".chars().take(5).collect::<String>().as_str(), "th", "en").await.is_ok());
    assert_eq!(
        refused(client.translate("sixsix", "en", "th").await),
        (400, "Invalid request: request (6) exceeds text limit (5)".into())
    );
}

#[tokio::test]
async fn the_fake_takes_form_bodies_and_refuses_broken_json() {
    let fake = FakeLibreTranslate::start(Settings { char_limit: Some(3), ..Settings::default() }).await;
    let form = "application/x-www-form-urlencoded";
    let (status, body) = raw(fake.addr, "POST", form, "/translate", "q=hi&source=en&target=th").await;
    assert_eq!((status, body.as_str()), (200, r#"{"translatedText":"⟦en→th⟧ hi"}"#));
    // CRLF becomes LF before the limit is counted: "a\r\nb" is 3 characters in a form.
    let (status, _) = raw(fake.addr, "POST", form, "/translate", "q=a%0D%0Ab&source=en&target=th").await;
    assert_eq!(status, 200);
    let (status, body) = raw(fake.addr, "POST", form, "/translate", "source=en&target=th").await;
    assert_eq!((status, body.as_str()), (400, r#"{"error":"Invalid request: missing q parameter"}"#));
    let (status, body) = raw(fake.addr, "POST", "application/json", "/translate", r#"["q"]"#).await;
    assert_eq!((status, body.as_str()), (400, r#"{"error":"Invalid JSON format"}"#));
    let (status, body) = raw(fake.addr, "POST", "application/json", "/translate", "{q:").await;
    assert_eq!(status, 400);
    assert!(body.contains("could not understand"), "{body}");
}

#[tokio::test]
async fn each_fault_is_its_own_error_kind() {
    let fake = FakeLibreTranslate::start(Settings::default()).await;
    let client = client(&fake, None, Duration::from_secs(5));
    let cases = [
        (Fault::ServerError, "unavailable"),
        (Fault::BadGateway, "unavailable"),
        (Fault::SlowDown, "slow down"),
        (Fault::Banned, "refused"),
        (Fault::Garbage, "malformed"),
    ];
    for (fault, kind) in cases {
        fake.set_fault(Some(fault.clone()));
        let error = client.translate("hi", "en", "th").await.unwrap_err();
        let got = match &error {
            TranslationError::Unavailable(_) => "unavailable",
            TranslationError::SlowDown => "slow down",
            TranslationError::Refused { status: 403, .. } => "refused",
            TranslationError::Malformed(_) => "malformed",
            TranslationError::Refused { .. } => "other refusal",
        };
        assert_eq!(got, kind, "{fault:?}: {error}");
    }
    // /languages is exempt from the rate limit, not from the rest.
    fake.set_fault(Some(Fault::SlowDown));
    assert!(client.languages().await.is_ok());
    fake.set_fault(Some(Fault::Garbage));
    assert!(matches!(client.languages().await, Err(TranslationError::Malformed(_))));
    fake.set_fault(None);
    fake.stop();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(matches!(client.translate("hi", "en", "th").await, Err(TranslationError::Unavailable(_))));
}

#[tokio::test]
async fn a_slow_service_is_waited_for_within_the_timeout_and_no_longer() {
    let fake = FakeLibreTranslate::start(Settings::default()).await;
    fake.set_latency(Duration::from_millis(300));
    let started = Instant::now();
    assert_eq!(client(&fake, None, Duration::from_secs(1)).translate("hi", "en", "th").await.unwrap(), "⟦en→th⟧ hi");
    assert!(started.elapsed() >= Duration::from_millis(300));
    fake.set_latency(Duration::from_secs(5));
    let started = Instant::now();
    let error = client(&fake, None, Duration::from_secs(1)).translate("hi", "en", "th").await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    assert!(matches!(&error, TranslationError::Unavailable(why) if why.contains("within 1 s")), "{error}");
}

#[tokio::test]
async fn no_error_holds_the_text_sent() {
    let fake = FakeLibreTranslate::start(Settings { char_limit: Some(10), ..Settings::default() }).await;
    let client = client(&fake, Some("CANARY-key"), Duration::from_secs(1));
    let mut errors = vec![
        client.translate(CANARY, "en", "th").await.unwrap_err(),
        client.translate("short", "th", "ro").await.unwrap_err(),
    ];
    for fault in [Fault::ServerError, Fault::BadGateway, Fault::SlowDown, Fault::Banned, Fault::Garbage] {
        fake.set_fault(Some(fault));
        errors.push(client.translate(CANARY, "en", "th").await.unwrap_err());
    }
    fake.set_fault(None);
    fake.set_latency(Duration::from_secs(3));
    errors.push(client.translate(CANARY, "en", "th").await.unwrap_err());
    for error in errors {
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains("CANARY"), "{shown}");
        }
    }
    assert!(!format!("{client:?}").contains("CANARY"));
}

#[test]
fn the_fake_translation_is_reversible() {
    let there = fake_translation("สวัสดี", "th", "en");
    assert_eq!(fake_translation(&there, "en", "th"), "สวัสดี");
    assert_eq!(fake_translation(&there, "en", "da"), "⟦en→da⟧ ⟦th→en⟧ สวัสดี");
}

// `hopenow check` with [translation], run as a process of its own.

pub(crate) const ARGS: &str = "HOPENOW_TRANSLATION_CHILD_ARGS";

/// The `hopenow` command line with the arguments in [`ARGS`] (JSON).
#[test]
#[ignore = "run by the translation tests as the hopenow command"]
fn hopenow_child() {
    let args: Vec<String> = serde_json::from_str(&std::env::var(ARGS).unwrap()).unwrap();
    let args = std::iter::once("hopenow".to_owned()).chain(args).map(Into::into).collect();
    let code = bot::cli::main_with(args);
    std::process::exit(if code == std::process::ExitCode::SUCCESS { 0 } else { 1 });
}

/// `hopenow check [--online]` on an installation whose config ends with `translation`; whether
/// it passed, and what it printed.
async fn check(translation: &str, online: bool) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("master.key"), format!("{}\n", "ab".repeat(32))).unwrap();
    std::fs::set_permissions(dir.path().join("master.key"), std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .unwrap();
    let config = dir.path().join("hopenow.toml");
    std::fs::write(
        &config,
        format!(
            "[store]\ndata_dir = \"data\"\n[keys]\nmaster_key_file = \"master.key\"\n\
             [[staff]]\nid = \"grace\"\nalias = \"Grace\"\nmatrix_user = \"@grace:example.org\"\nroles = [\"outreach\"]\n\
             [[staff]]\nid = \"mette\"\nalias = \"Mette\"\nmatrix_user = \"@mette:example.org\"\nroles = [\"outreach\"]\n\
             staff_language = \"da\"\n{translation}"
        ),
    )
    .unwrap();
    let mut args = vec!["check".to_owned(), "--config".to_owned(), config.display().to_string()];
    if online {
        args.push("--online".into());
    }
    let output = tokio::task::spawn_blocking(move || {
        let mut command = Command::new(std::env::current_exe().unwrap());
        command
            .args(["--ignored", "--exact", "translation::hopenow_child", "--nocapture", "--test-threads", "1"])
            .env(ARGS, serde_json::to_string(&args).unwrap())
            .stdin(Stdio::null());
        for name in ["HOPENOW_CONFIG", "HOPENOW_MASTER_KEY", "HOPENOW_TRANSLATION_KEY", "CREDENTIALS_DIRECTORY"] {
            command.env_remove(name);
        }
        command.output().unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report = stdout
        .lines()
        .filter(|line| line.starts_with("ok  translation") || line.starts_with("ERR translation"))
        .collect::<Vec<_>>()
        .join("\n");
    (output.status.success(), report)
}

#[tokio::test]
async fn check_online_lists_the_languages_covered_each_way_with_the_staff_languages() {
    let settings = Settings { api_keys: Some(vec!["right-key".into()]), ..Settings::default() };
    let fake = FakeLibreTranslate::start(settings).await;
    let section = format!("[translation]\nurl = \"{}\"\napi_key = \"right-key\"\n", fake.url());
    let (ok, report) = check(&section, true).await;
    assert!(ok, "{report}");
    assert!(report.starts_with("ok  translation"), "{report}");
    assert!(report.contains("th ↔ en, ro ↔ en, fil ↔ en;"), "{report}");
    assert!(report.contains("not loaded in the service: ar, "), "{report}");
    assert!(report.contains("fil ↔ en"), "{report}");
    assert!(report.contains("en ↔ da"), "{report}");
    assert!(report.contains("not covered: "), "{report}");
    assert!(report.contains("pcm (no model; staff who read English read Pidgin)"), "{report}");
    assert!(report.contains("vi (withdrawn"), "{report}");

    let (ok, report) = check(&section, false).await;
    assert!(ok, "{report}");
    assert!(report.contains("--online"), "{report}");
}

#[tokio::test]
async fn check_online_names_the_key_when_the_service_refuses_it() {
    let settings = Settings { api_keys: Some(vec!["right-key".into()]), ..Settings::default() };
    let fake = FakeLibreTranslate::start(settings).await;
    let section = format!("[translation]\nurl = \"{}\"\napi_key = \"wrong-key\"\n", fake.url());
    let (ok, report) = check(&section, true).await;
    assert!(!ok, "{report}");
    assert!(report.starts_with("ERR translation"), "{report}");
    assert!(report.contains("Invalid API key"), "{report}");
    assert!(report.contains("[translation] api_key"), "{report}");
    assert!(!report.contains("wrong-key"), "{report}");
}

#[tokio::test]
async fn check_online_names_the_url_when_the_service_is_down() {
    let fake = FakeLibreTranslate::start(Settings::default()).await;
    let url = fake.url();
    drop(fake);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let (ok, report) = check(&format!("[translation]\nurl = \"{url}\"\ntimeout_seconds = 2\n"), true).await;
    assert!(!ok, "{report}");
    assert!(report.starts_with("ERR translation"), "{report}");
    assert!(report.contains("unavailable"), "{report}");
    assert!(report.contains(&format!("[translation] url = \"{url}\"")), "{report}");
}

#[tokio::test]
async fn check_says_translation_is_off_without_the_section() {
    let (ok, report) = check("", true).await;
    assert!(ok, "{report}");
    assert!(report.contains("off (no [translation])"), "{report}");
}
