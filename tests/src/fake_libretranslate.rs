//! A fake LibreTranslate on loopback, for tests of the translation client and, later, of the
//! conversation flows that use it.
//!
//! It answers `GET /languages` and `POST /translate` as `libretranslate/app.py` does, refusals
//! included, with the real statuses and `{"error": …}` messages: a fake that accepted everything
//! would let a test pass that the real service fails. Translations are deterministic and
//! reversible: `th→en` of `text` is `⟦th→en⟧ text`, and `en→th` of that is `text` again, so a
//! back-translation can be checked. Not modelled: `source: "auto"` (language detection), HTML
//! formatting, files, suggestions, alternatives, batch limits.
//!
//! `tests/integration/translation_contract.rs` sends the same requests to a real LibreTranslate
//! (`crate::libretranslate`) and to this fake, and checks that both answer alike.

// Test support: a poisoned lock or a failed bind is a failed test, never a production path.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use tokio::task::JoinHandle;

/// One language the fake serves: its code, English name and the codes it translates into.
#[derive(Clone, Debug)]
pub struct FakeLanguage {
    pub code: String,
    pub name: String,
    pub targets: Vec<String>,
}

/// A fault the fake answers with instead of translating.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 500 with Flask's generic message, as when a model fails (app.py re-raises before its own
    /// `Cannot translate text: …` abort, so that message never reaches a client).
    ServerError,
    /// 502 with no JSON, as a reverse proxy in front of a stopped service answers.
    BadGateway,
    /// 429 `Slowdown: …`: its `--req-limit` is reached (`/translate` only: `/languages` is exempt).
    SlowDown,
    /// 403 `Too many request limits violations`: banned by its flood protection.
    Banned,
    /// 200 with a body that is not the contract.
    Garbage,
}

/// How the fake is set up: what `libretranslate --load-only … --api-keys --char-limit …` would be.
#[derive(Clone, Debug)]
pub struct Settings {
    pub languages: Vec<FakeLanguage>,
    /// `Some`: started with `--api-keys --under-attack`: a key is needed and must be one of these.
    pub api_keys: Option<Vec<String>>,
    /// `--char-limit` (each text of a request); `None` is the real default of no limit (-1).
    pub char_limit: Option<usize>,
    /// `--req-limit`: requests to `/translate` per minute and client (the `api_key` when keys are
    /// on and one is sent, else the address), refused ones included; `None` is no limit (-1).
    pub req_limit: Option<usize>,
}

impl Default for Settings {
    /// English with Danish, Thai, Romanian and Tagalog both ways; Vietnamese is not loaded.
    fn default() -> Self {
        let others = [("da", "Danish"), ("th", "Thai"), ("ro", "Romanian"), ("tl", "Tagalog")];
        let mut languages = vec![FakeLanguage {
            code: "en".into(),
            name: "English".into(),
            targets: others.iter().map(|(code, _)| (*code).to_owned()).collect(),
        }];
        languages.extend(others.iter().map(|(code, name)| FakeLanguage {
            code: (*code).into(),
            name: (*name).into(),
            targets: vec!["en".into()],
        }));
        Self { languages, api_keys: None, char_limit: None, req_limit: None }
    }
}

#[derive(Debug, Default)]
struct Shared {
    settings: Option<Settings>,
    fault: Option<Fault>,
    latency: Duration,
    translations: usize,
    /// Every `POST /translate` that reached it, answered or refused.
    requests: usize,
    /// When each client's counted requests came, for `--req-limit` (flask-limiter's moving window).
    hits: HashMap<String, Vec<Instant>>,
}

/// A running fake; dropped or [`FakeLibreTranslate::stop`]ped, its port refuses connections.
pub struct FakeLibreTranslate {
    pub addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    server: JoinHandle<()>,
}

impl Drop for FakeLibreTranslate {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakeLibreTranslate {
    pub async fn start(settings: Settings) -> Self {
        let shared = Arc::new(Mutex::new(Shared { settings: Some(settings), ..Shared::default() }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the fake LibreTranslate");
        let addr = listener.local_addr().expect("the fake LibreTranslate's address");
        let app = Router::new()
            .route("/languages", get(languages))
            .route("/translate", post(translate))
            .with_state(shared.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { addr, shared, server }
    }

    /// `http://127.0.0.1:PORT`, as `[translation] url` takes it.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every later request is answered with `fault` (`None` heals it).
    pub fn set_fault(&self, fault: Option<Fault>) {
        lock(&self.shared).fault = fault;
    }

    /// Every later request waits `latency` before it is answered.
    pub fn set_latency(&self, latency: Duration) {
        lock(&self.shared).latency = latency;
    }

    /// Texts translated so far.
    pub fn translations(&self) -> usize {
        lock(&self.shared).translations
    }

    /// `POST /translate` requests received so far, whatever they were answered with (faults
    /// included): what a test counts to show a text never went to the service.
    pub fn translate_requests(&self) -> usize {
        lock(&self.shared).requests
    }

    /// Stops answering: the port refuses connections from now on.
    pub fn stop(&self) {
        self.server.abort();
    }
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The deterministic translation: reverses an earlier one, else marks the text.
pub fn fake_translation(text: &str, source: &str, target: &str) -> String {
    let back = format!("⟦{target}→{source}⟧ ");
    match text.strip_prefix(&back) {
        Some(original) => original.to_owned(),
        None => format!("⟦{source}→{target}⟧ {text}"),
    }
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, axum::Json(json!({ "error": message.into() }))).into_response()
}

/// werkzeug's InternalServerError description: what any exception in app.py answers.
fn server_error() -> Response {
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "The server encountered an internal error and was unable to complete your request. \
         Either the server is overloaded or there is an error in the application.",
    )
}

/// Counts a request of `client` and says whether it is over `limit` per minute (a refused
/// request is not counted, as in flask-limiter's moving window).
fn over_limit(shared: &Mutex<Shared>, client: String, limit: usize) -> bool {
    let now = Instant::now();
    let mut shared = lock(shared);
    let hits = shared.hits.entry(client).or_default();
    hits.retain(|at| now.duration_since(*at) < Duration::from_secs(60));
    if hits.len() >= limit {
        return true;
    }
    hits.push(now);
    false
}

/// Waits the latency, then the fault to answer with, if any, and the settings.
async fn prelude(shared: &Mutex<Shared>) -> (Option<Fault>, Settings) {
    let latency = lock(shared).latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let shared = lock(shared);
    (shared.fault.clone(), shared.settings.clone().unwrap_or_default())
}

fn fault_response(fault: &Fault) -> Response {
    match fault {
        Fault::ServerError => server_error(),
        Fault::BadGateway => (StatusCode::BAD_GATEWAY, "<html>502 Bad Gateway</html>").into_response(),
        Fault::SlowDown => error(StatusCode::TOO_MANY_REQUESTS, "Slowdown: 30 per 1 minute"),
        Fault::Banned => error(StatusCode::FORBIDDEN, "Too many request limits violations"),
        Fault::Garbage => (StatusCode::OK, axum::Json(json!({ "translated": 42 }))).into_response(),
    }
}

async fn languages(State(shared): State<Arc<Mutex<Shared>>>) -> Response {
    let (fault, settings) = prelude(&shared).await;
    match fault {
        // `/languages` is exempt from the rate limit in app.py.
        Some(Fault::SlowDown) | None => {}
        Some(Fault::Garbage) => return (StatusCode::OK, "{\"languages\": \"all\"}").into_response(),
        Some(fault) => return fault_response(&fault),
    }
    let list: Vec<Value> = settings
        .languages
        .iter()
        .map(|language| json!({ "code": language.code, "name": language.name, "targets": language.targets }))
        .collect();
    axum::Json(Value::Array(list)).into_response()
}

/// The request's parameters, from a JSON body or from the form body and query string, as
/// Flask's `request.get_json()` / `request.values` give them.
enum Params {
    Json(serde_json::Map<String, Value>),
    Form(Vec<(String, String)>),
}

impl Params {
    /// The parameters, or the refusal (status and message) of a body Flask cannot read.
    fn read(headers: &HeaderMap, query: Option<&str>, body: &[u8]) -> Result<Self, (StatusCode, String)> {
        let content_type = headers.get("content-type").and_then(|value| value.to_str().ok()).unwrap_or("");
        let mime = content_type.split(';').next().unwrap_or("").trim();
        // Flask's `is_json`: application/json or application/*+json.
        if mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json")) {
            return match serde_json::from_slice::<Value>(body) {
                Ok(Value::Object(map)) => Ok(Self::Json(map)),
                Ok(_) => Err((StatusCode::BAD_REQUEST, "Invalid JSON format".into())),
                // werkzeug's BadRequest description (its "Failed to decode JSON object" is
                // shown in debug mode only).
                Err(_) => Err((
                    StatusCode::BAD_REQUEST,
                    "The browser (or proxy) sent a request that this server could not understand.".into(),
                )),
            };
        }
        let mut values: Vec<(String, String)> = url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect();
        if mime == "application/x-www-form-urlencoded" {
            values.extend(url::form_urlencoded::parse(body).map(|(key, value)| (key.into_owned(), value.into_owned())));
        }
        Ok(Self::Form(values))
    }

    /// A parameter as Python's truthiness sees it: missing, `""`, `[]` and `null` are all "not".
    fn get(&self, name: &str) -> Option<Value> {
        let value = match self {
            Self::Json(map) => map.get(name).cloned(),
            Self::Form(values) => values.iter().find(|(key, _)| key == name).map(|(_, value)| json!(value)),
        }?;
        match &value {
            Value::Null => None,
            Value::String(text) if text.is_empty() => None,
            Value::Array(items) if items.is_empty() => None,
            _ => Some(value),
        }
    }

    fn text(&self, name: &str) -> Option<String> {
        self.get(name).map(|value| match value {
            Value::String(text) => text,
            other => other.to_string(),
        })
    }
}

async fn translate(
    State(shared): State<Arc<Mutex<Shared>>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    lock(&shared).requests += 1;
    let (fault, settings) = prelude(&shared).await;
    if let Some(fault) = fault {
        return fault_response(&fault);
    }
    let params = Params::read(&headers, query.as_deref(), &body);
    // flask-limiter runs before the view: every request counts, whatever it is refused for.
    if let Some(limit) = settings.req_limit {
        let key = match (&settings.api_keys, &params) {
            (Some(_), Ok(params)) => params.text("api_key"),
            _ => None,
        };
        if over_limit(&shared, key.unwrap_or_else(|| "127.0.0.1".into()), limit) {
            return error(StatusCode::TOO_MANY_REQUESTS, format!("Slowdown: {limit} per 1 minute"));
        }
    }
    let params = match params {
        Ok(params) => params,
        Err((status, message)) => return error(status, message),
    };
    // app.py's access_check runs before the parameters are looked at.
    if let Some(keys) = &settings.api_keys {
        match params.text("api_key") {
            Some(key) if !keys.contains(&key) => return error(StatusCode::FORBIDDEN, "Invalid API key"),
            Some(_) => {}
            None => {
                return error(StatusCode::BAD_REQUEST, "Please contact the server operator to get an API key");
            }
        }
    }
    for name in ["q", "source", "target"] {
        if params.get(name).is_none() {
            return error(StatusCode::BAD_REQUEST, format!("Invalid request: missing {name} parameter"));
        }
    }
    let texts: Vec<String> = match params.get("q") {
        Some(Value::String(text)) => vec![text],
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
            items.iter().map(|item| item.as_str().unwrap_or_default().to_owned()).collect()
        }
        // A number, object or list of non-strings makes app.py raise: a 500.
        Some(_) => return server_error(),
        None => Vec::new(),
    };
    let batch = matches!(params.get("q"), Some(Value::Array(_)));
    // Form bodies have their line endings made LF before the limit is counted, as in app.py.
    let texts: Vec<String> = match params {
        Params::Form(_) => texts.iter().map(|text| text.lines().collect::<Vec<_>>().join("\n")).collect(),
        Params::Json(_) => texts,
    };
    // Each text on its own, in characters (Python's len), as app.py counts.
    if let Some(limit) = settings.char_limit {
        let chars = texts.iter().map(|text| text.chars().count()).find(|chars| *chars > limit);
        if let Some(chars) = chars {
            return error(
                StatusCode::BAD_REQUEST,
                format!("Invalid request: request ({chars}) exceeds text limit ({limit})"),
            );
        }
    }
    // app.py's iso2model lowercases the codes (and maps zh-Hans to zh, which the fake has not).
    let source = params.text("source").unwrap_or_default().to_lowercase();
    let target = params.text("target").unwrap_or_default().to_lowercase();
    let find = |code: &str| settings.languages.iter().find(|language| language.code == code);
    let Some(from) = find(&source) else {
        // As LibreTranslate 1.9.6 answers, probed on this machine (the source alone reads as if
        // it formatted its detection record; the running service names the code).
        return error(StatusCode::BAD_REQUEST, format!("{source} is not supported"));
    };
    let Some(to) = find(&target) else {
        return error(StatusCode::BAD_REQUEST, format!("{target} is not supported"));
    };
    let format = params.text("format").unwrap_or_else(|| "text".into());
    if format != "text" && format != "html" {
        return error(StatusCode::BAD_REQUEST, format!("{format} format is not supported"));
    }
    if !from.targets.contains(&to.code) {
        return error(
            StatusCode::BAD_REQUEST,
            format!(
                "{} ({}) is not available as a target language from {} ({})",
                to.name, to.code, from.name, from.code
            ),
        );
    }
    let translated: Vec<String> = texts.iter().map(|text| fake_translation(text, &from.code, &to.code)).collect();
    lock(&shared).translations += translated.len();
    let translated = if batch { json!(translated) } else { json!(translated.into_iter().next().unwrap_or_default()) };
    axum::Json(json!({ "translatedText": translated })).into_response()
}
