//! The contract test: the same requests go to a real LibreTranslate (PyPI, tiny local test
//! models, see `hopenow_tests::libretranslate`) and to our fake, set up alike (languages, key,
//! limits); both must answer with the same status and the same `{"error": …}`. Then our client
//! against the real server: it reads `/languages`, translates, maps each refusal to its
//! `TranslationError`, and no error holds the text sent.
//!
//! Each server variant starts once for the whole test binary (a few seconds each, in parallel).
//! The translated texts are not compared: the real models are random weights, by design.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use bot::secret::Secret;
use bot::translation::{LibreTranslate, TranslationError, Translator};
use hopenow_tests::fake_libretranslate::{FakeLanguage, FakeLibreTranslate, Settings};
use hopenow_tests::libretranslate::{API_KEY, Flags, LANGUAGES, RealLibreTranslate, install};
use serde_json::Value;

use super::translation::raw;

const CANARY: &str = "CANARY-visitor-words-7f3a";
const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";
const CHAR_LIMIT: u32 = 20;
const REQ_LIMIT: u32 = 3;

#[derive(Clone, Copy, Debug)]
enum Variant {
    Plain,
    ApiKeys,
    CharLimit,
    ReqLimit,
}

impl Variant {
    fn flags(self) -> Flags {
        match self {
            Self::Plain => Flags::default(),
            Self::ApiKeys => Flags { api_keys: true, ..Flags::default() },
            Self::CharLimit => Flags { char_limit: Some(CHAR_LIMIT), ..Flags::default() },
            Self::ReqLimit => Flags { req_limit: Some(REQ_LIMIT), ..Flags::default() },
        }
    }

    /// The fake set up as the real server is: its languages, its key, its limits.
    fn settings(self) -> Settings {
        let flags = self.flags();
        let languages = LANGUAGES
            .iter()
            .map(|(code, name, targets)| FakeLanguage {
                code: (*code).into(),
                name: (*name).into(),
                targets: targets.iter().map(|target| (*target).into()).collect(),
            })
            .collect();
        Settings {
            languages,
            api_keys: flags.api_keys.then(|| vec![API_KEY.to_owned()]),
            char_limit: flags.char_limit.map(|limit| limit as usize),
            req_limit: flags.req_limit.map(|limit| limit as usize),
        }
    }
}

/// The real server of `variant`, started on first use and shared by the tests of this binary
/// (it exits with the test process). A failed install or start fails every test that needs it,
/// loudly, with what failed and what to do.
fn real(variant: Variant) -> &'static RealLibreTranslate {
    static SERVERS: [OnceLock<Result<RealLibreTranslate, String>>; 4] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
    static INSTALL: OnceLock<()> = OnceLock::new();
    INSTALL.get_or_init(|| {
        // Reported apart from the starts: minutes on a new machine, nothing once cached.
        let started = Instant::now();
        let installed = install();
        eprintln!(
            "LibreTranslate install ({}): {:.1} s",
            if installed.is_ok() { "ok" } else { "failed" },
            started.elapsed().as_secs_f64()
        );
    });
    let server = SERVERS[variant as usize].get_or_init(|| {
        let server = RealLibreTranslate::start(&variant.flags());
        if let Ok(server) = &server {
            eprintln!(
                "real LibreTranslate {variant:?}: ready in {:.2} s, RSS {} kB",
                server.started_in.as_secs_f64(),
                server.rss_kb().unwrap_or(0)
            );
        }
        server
    });
    match server {
        Ok(server) => server,
        Err(e) => panic!("the real LibreTranslate ({variant:?}) did not start:\n{e}"),
    }
}

/// Both servers of a variant; the fake is new for each test, the real one is shared.
async fn servers(variant: Variant) -> (&'static RealLibreTranslate, FakeLibreTranslate) {
    let real = tokio::task::block_in_place(|| real(variant));
    (real, FakeLibreTranslate::start(variant.settings()).await)
}

fn client(url: &str, key: Option<&str>) -> LibreTranslate {
    LibreTranslate::new(url.parse().unwrap(), key.map(|key| Secret::new(key.into())), Duration::from_secs(30)).unwrap()
}

/// One request to both; returns each side's status and JSON body.
async fn both(
    real: &RealLibreTranslate,
    fake: &FakeLibreTranslate,
    method: &str,
    content_type: &str,
    path: &str,
    body: &str,
) -> [(u16, Value); 2] {
    let mut answers = Vec::new();
    for addr in [real.addr(), fake.addr] {
        let (status, text) = raw(addr, method, content_type, path, body).await;
        let value = serde_json::from_str(&text).unwrap_or_else(|_| Value::String(format!("(not JSON) {text}")));
        answers.push((status, value));
    }
    [answers[0].clone(), answers[1].clone()]
}

/// Sends each `(what, content type, body, expected status)` to `/translate` on both servers.
/// Refusals must match exactly; successes must both carry a `translatedText` of the same type.
/// Every difference is listed at once.
async fn compare(real: &RealLibreTranslate, fake: &FakeLibreTranslate, cases: &[(&str, &str, &str, u16)]) {
    let mut differences = Vec::new();
    for (what, content_type, body, expected) in cases {
        let [(real_status, real_body), (fake_status, fake_body)] =
            both(real, fake, "POST", content_type, "/translate", body).await;
        let same = real_status == fake_status
            && if real_status == 200 {
                let kind = |body: &Value| match &body["translatedText"] {
                    Value::String(_) => "text",
                    Value::Array(_) => "list",
                    _ => "none",
                };
                kind(&real_body) != "none" && kind(&real_body) == kind(&fake_body)
            } else {
                real_body == fake_body
            };
        if !same || real_status != *expected {
            differences.push(format!(
                "{what} ({body}): expected {expected}\n  real: {real_status} {real_body}\n  fake: {fake_status} {fake_body}"
            ));
        }
    }
    assert!(differences.is_empty(), "the fake and LibreTranslate differ:\n{}", differences.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn languages_are_listed_alike() {
    for variant in [Variant::Plain, Variant::ApiKeys] {
        let (real, fake) = servers(variant).await;
        // No key is needed for /languages, even where /translate needs one.
        let [(real_status, real_body), (fake_status, fake_body)] =
            both(real, &fake, "GET", JSON, "/languages", "").await;
        assert_eq!((real_status, fake_status), (200, 200), "{real_body} / {fake_body}");
        let sorted = |body: &Value| {
            let mut list = body.as_array().cloned().unwrap_or_default();
            list.sort_by_key(|language| language["code"].as_str().unwrap_or_default().to_owned());
            list
        };
        assert_eq!(sorted(&real_body), sorted(&fake_body), "{variant:?}");
        let expected: Vec<Value> = LANGUAGES
            .iter()
            .map(|(code, name, targets)| serde_json::json!({ "code": code, "name": name, "targets": targets }))
            .collect();
        assert_eq!(sorted(&real_body), expected, "the test packages give other languages");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_are_refused_alike() {
    let (real, fake) = servers(Variant::Plain).await;
    compare(
        real,
        &fake,
        &[
            ("a text", JSON, r#"{"q":"hello world","source":"en","target":"th","format":"text"}"#, 200),
            ("a form", FORM, "q=hello&source=en&target=th", 200),
            ("codes in capitals", JSON, r#"{"q":"hello","source":"EN","target":"TH"}"#, 200),
            ("into itself", JSON, r#"{"q":"hello","source":"en","target":"en"}"#, 200),
            ("through English", JSON, r#"{"q":"guten tag","source":"de","target":"th"}"#, 200),
            ("a batch", JSON, r#"{"q":["hello","world"],"source":"en","target":"th"}"#, 200),
            ("missing q", JSON, r#"{"source":"en","target":"th"}"#, 400),
            ("missing q in a form", FORM, "source=en&target=th", 400),
            ("empty q", JSON, r#"{"q":"","source":"en","target":"th"}"#, 400),
            ("missing source", JSON, r#"{"q":"hello","target":"th"}"#, 400),
            ("missing target", JSON, r#"{"q":"hello","source":"en"}"#, 400),
            ("unknown source", JSON, r#"{"q":"hello","source":"xx","target":"th"}"#, 400),
            ("unknown source in a form", FORM, "q=hello&source=xx&target=th", 400),
            ("unknown target", JSON, r#"{"q":"hello","source":"en","target":"fr"}"#, 400),
            ("a pair with no model", JSON, r#"{"q":"hello","source":"en","target":"de"}"#, 400),
            ("format markdown", JSON, r#"{"q":"hello","source":"en","target":"th","format":"markdown"}"#, 400),
            ("invalid JSON", JSON, r#"{"q":"#, 400),
            ("a JSON list", JSON, r#"["hello"]"#, 400),
            ("q is a number", JSON, r#"{"q":5,"source":"en","target":"th"}"#, 500),
            ("JSON sent as a form", FORM, r#"{"q":"hello","source":"en","target":"th"}"#, 400),
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_are_required_alike() {
    let (real, fake) = servers(Variant::ApiKeys).await;
    let right = format!(r#"{{"q":"hello","source":"en","target":"th","api_key":"{API_KEY}"}}"#);
    let right_form = format!("q=hello&source=en&target=th&api_key={API_KEY}");
    let wrong_and_no_q = r#"{"source":"en","target":"th","api_key":"wrong-key"}"#;
    compare(
        real,
        &fake,
        &[
            ("the right key", JSON, &right, 200),
            ("the right key in a form", FORM, &right_form, 200),
            ("no key", JSON, r#"{"q":"hello","source":"en","target":"th"}"#, 400),
            ("a wrong key", JSON, r#"{"q":"hello","source":"en","target":"th","api_key":"wrong-key"}"#, 403),
            ("a wrong key in a form", FORM, "q=hello&source=en&target=th&api_key=wrong-key", 403),
            ("a wrong key is checked before the text", JSON, wrong_and_no_q, 403),
            ("invalid JSON", JSON, r#"{"q":"#, 400),
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_char_limit_is_counted_alike() {
    let (real, fake) = servers(Variant::CharLimit).await;
    let json = |q: &str| format!(r#"{{"q":{},"source":"en","target":"th"}}"#, Value::String(q.into()));
    let at_limit = json(&"a".repeat(20));
    let over = json(&"a".repeat(21));
    let thai_over = format!(r#"{{"q":"{}","source":"th","target":"en"}}"#, "ก".repeat(21));
    let thai_at = format!(r#"{{"q":"{}","source":"th","target":"en"}}"#, "ก".repeat(20));
    let batch = format!(r#"{{"q":["{}","{}"],"source":"en","target":"th"}}"#, "a".repeat(15), "b".repeat(15));
    let batch_over = format!(r#"{{"q":["{}","{}"],"source":"en","target":"th"}}"#, "a".repeat(5), "b".repeat(21));
    // 21 characters sent, 20 once a form's CRLF is made LF; JSON is counted as sent.
    let crlf_form = format!("q={}%0D%0A{}&source=en&target=th", "a".repeat(9), "b".repeat(10));
    let crlf_json = json(&format!("{}\r\n{}", "a".repeat(9), "b".repeat(10)));
    compare(
        real,
        &fake,
        &[
            ("20 characters", JSON, &at_limit, 200),
            ("21 characters", JSON, &over, 400),
            ("20 Thai characters (60 bytes)", JSON, &thai_at, 200),
            ("21 Thai characters", JSON, &thai_over, 400),
            ("a batch of two texts within the limit", JSON, &batch, 200),
            ("a batch with one text over the limit", JSON, &batch_over, 400),
            ("CRLF in a form", FORM, &crlf_form, 200),
            ("CRLF in JSON", JSON, &crlf_json, 400),
            ("over the limit and an unknown source", JSON, &over.replace("\"en\"", "\"xx\""), 400),
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_request_limit_is_reached_alike_and_the_client_slows_down() {
    let (real, fake) = servers(Variant::ReqLimit).await;
    // Refused requests count too; the limit is per minute, and this is the only test of this server.
    compare(
        real,
        &fake,
        &[
            ("first", JSON, r#"{"q":"hello","source":"en","target":"th"}"#, 200),
            ("second, refused", JSON, r#"{"source":"en","target":"th"}"#, 400),
            ("third", FORM, "q=hello&source=en&target=th", 200),
            ("fourth, over the limit", JSON, r#"{"q":"hello","source":"en","target":"th"}"#, 429),
        ],
    )
    .await;
    for url in [real.url(), fake.url()] {
        let client = client(&url, None);
        let error = client.translate(CANARY, "en", "th").await.unwrap_err();
        assert_eq!(error, TranslationError::SlowDown, "{url}");
        assert_no_canary(&error);
        // /languages is exempt from the limit.
        assert!(client.languages().await.is_ok(), "{url}");
    }
}

fn assert_no_canary(error: &TranslationError) {
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("CANARY"), "{shown}");
    }
}

fn refused(result: Result<String, TranslationError>) -> (u16, String) {
    match result {
        Err(error) => {
            assert_no_canary(&error);
            match error {
                TranslationError::Refused { status, reason } => (status, reason),
                other => panic!("expected a refusal, got {other:?}"),
            }
        }
        Ok(text) => panic!("expected a refusal, got a translation of {} characters", text.chars().count()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_reads_the_real_languages_and_translates() {
    let real = tokio::task::block_in_place(|| real(Variant::Plain));
    let client = client(&real.url(), None);
    let languages = client.languages().await.expect("the real /languages parses");
    let english = languages.iter().find(|language| language.code == "en").expect("English is listed");
    assert_eq!(english.name, "English");
    assert_eq!(english.targets, ["en", "th"]);
    for (text, source, target) in [("hello world", "en", "th"), ("สวัสดีครับ", "th", "en")] {
        let translated = client.translate(text, source, target).await.expect("a translation");
        assert!(!translated.trim().is_empty(), "{source}→{target} gave an empty text");
    }
    let rss = real.rss_kb().unwrap_or(0);
    eprintln!("real LibreTranslate Plain after translating: RSS {rss} kB");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_maps_each_real_refusal_and_keeps_no_text() {
    let plain = client(&tokio::task::block_in_place(|| real(Variant::Plain)).url(), None);
    assert_eq!(refused(plain.translate(CANARY, "xx", "th").await), (400, "xx is not supported".into()));
    assert_eq!(refused(plain.translate(CANARY, "en", "fr").await), (400, "fr is not supported".into()));
    assert_eq!(
        refused(plain.translate(CANARY, "en", "de").await),
        (400, "German (de) is not available as a target language from English (en)".into())
    );

    let keys = tokio::task::block_in_place(|| real(Variant::ApiKeys)).url();
    assert_eq!(
        refused(client(&keys, None).translate(CANARY, "en", "th").await),
        (400, "Please contact the server operator to get an API key".into())
    );
    assert_eq!(
        refused(client(&keys, Some("wrong-key")).translate(CANARY, "en", "th").await),
        (403, "Invalid API key".into())
    );
    assert!(!client(&keys, Some(API_KEY)).translate("hello", "en", "th").await.expect("the right key").is_empty());

    let limited = client(&tokio::task::block_in_place(|| real(Variant::CharLimit)).url(), None);
    let chars = CANARY.chars().count();
    assert_eq!(
        refused(limited.translate(CANARY, "en", "th").await),
        (400, format!("Invalid request: request ({chars}) exceeds text limit ({CHAR_LIMIT})"))
    );
}
