//! A client of LibreTranslate's HTTP API, as `libretranslate/app.py` defines it:
//! `POST /translate` with a JSON `{q, source, target, format, api_key}` answers
//! `{"translatedText": …}`; `GET /languages` answers `[{code, name, targets}]`; errors are
//! `{"error": …}` with 400 (bad request, missing key), 403 (invalid key, banned), 429 (its
//! rate limit, "Slowdown: …") and 500 ("Cannot translate text: …").

use std::time::Duration;

use serde_json::{Value, json};

use super::{ServiceLanguage, TranslationError, Translator};
use crate::secret::Secret;

/// Longest reason from the service kept in an error: it is shown to the operator, not stored.
const MAX_REASON_CHARS: usize = 300;

/// A LibreTranslate instance at `base`, asked with `api_key` when one is set.
#[derive(Clone)]
pub struct LibreTranslate {
    http: reqwest::Client,
    base: url::Url,
    api_key: Option<Secret>,
    timeout: Duration,
}

impl std::fmt::Debug for LibreTranslate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LibreTranslate")
            .field("base", &self.base.as_str())
            .field("api_key", &self.api_key.as_ref().map(|_| "set"))
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl LibreTranslate {
    /// A client of the service at `base`; every request gives up after `timeout`.
    pub fn new(base: url::Url, api_key: Option<Secret>, timeout: Duration) -> Result<Self, TranslationError> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|_| TranslationError::Unavailable("the HTTP client cannot be built (TLS roots)".into()))?;
        Ok(Self { http, base, api_key, timeout })
    }

    /// The client `[translation]` describes (its values already checked with the config).
    pub fn from_config(config: &crate::config::TranslationConfig) -> Result<Self, TranslationError> {
        let base = config
            .url
            .parse()
            .map_err(|_| TranslationError::Unavailable(format!("[translation] url = {:?} is not a URL", config.url)))?;
        Self::new(base, config.api_key.clone(), Duration::from_secs(config.timeout_seconds))
    }

    fn url(&self, path: &str) -> Result<url::Url, TranslationError> {
        // A base with a path prefix (`https://host/libretranslate/`) keeps it.
        let mut base = self.base.clone();
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        base.join(path)
            .map_err(|_| TranslationError::Unavailable(format!("{} cannot be joined with {path}", self.base)))
    }

    /// Sends `request` and returns the JSON body of a 200 answer; `sent` is removed from any
    /// reason the service gives, should it ever echo the text.
    async fn call(&self, request: reqwest::RequestBuilder, sent: &str) -> Result<Value, TranslationError> {
        let response = request.send().await.map_err(|error| self.unreachable(&error))?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|error| self.unreachable(&error))?;
        let body: Option<Value> = serde_json::from_slice(&bytes).ok();
        match status {
            200 => body.ok_or_else(|| TranslationError::Malformed("the body is not JSON".into())),
            429 => Err(TranslationError::SlowDown),
            500..=599 => Err(TranslationError::Unavailable(format!("it answered HTTP {status}"))),
            _ => {
                let reason = body
                    .as_ref()
                    .and_then(|body| body.get("error"))
                    .and_then(Value::as_str)
                    .map(|reason| scrub(reason, sent))
                    .unwrap_or_else(|| "no reason given".into());
                Err(TranslationError::Refused { status, reason })
            }
        }
    }

    fn unreachable(&self, error: &reqwest::Error) -> TranslationError {
        // reqwest's own message names the URL with its query; ours names the host only.
        let host = self.base.host_str().unwrap_or("the service");
        TranslationError::Unavailable(if error.is_timeout() {
            format!("{host} did not answer within {} s", self.timeout.as_secs_f32())
        } else if error.is_connect() {
            format!("cannot connect to {host}")
        } else {
            format!("the connection to {host} failed")
        })
    }
}

/// `reason` without `sent` in it, and cut to [`MAX_REASON_CHARS`].
fn scrub(reason: &str, sent: &str) -> String {
    let reason = if sent.is_empty() { reason.to_owned() } else { reason.replace(sent, "[text]") };
    match reason.char_indices().nth(MAX_REASON_CHARS) {
        Some((end, _)) => format!("{}…", &reason[..end]),
        None => reason,
    }
}

impl Translator for LibreTranslate {
    async fn languages(&self) -> Result<Vec<ServiceLanguage>, TranslationError> {
        let body = self.call(self.http.get(self.url("languages")?), "").await?;
        serde_json::from_value(body)
            .map_err(|_| TranslationError::Malformed("/languages is not a list of {code, name, targets}".into()))
    }

    async fn translate(&self, text: &str, source: &str, target: &str) -> Result<String, TranslationError> {
        let mut body = json!({ "q": text, "source": source, "target": target, "format": "text" });
        if let Some(key) = &self.api_key {
            body["api_key"] = json!(key.expose());
        }
        let request =
            self.http.post(self.url("translate")?).header("content-type", "application/json").body(body.to_string());
        let answer = self.call(request, text).await?;
        match answer.get("translatedText") {
            Some(Value::String(translated)) => Ok(translated.clone()),
            _ => Err(TranslationError::Malformed("/translate gave no translatedText string".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_loses_the_text_and_its_length() {
        assert_eq!(scrub("bad: secret words here", "secret words"), "bad: [text] here");
        let long = "x".repeat(1000);
        assert_eq!(scrub(&long, "").chars().count(), MAX_REASON_CHARS + 1);
    }

    #[test]
    fn debug_shows_no_key() {
        let client = LibreTranslate::new(
            "https://lt.example/".parse().unwrap(),
            Some(Secret::new("k-canary-123".into())),
            Duration::from_secs(10),
        )
        .unwrap();
        let debug = format!("{client:?}");
        assert!(!debug.contains("canary"), "{debug}");
        assert!(debug.contains("lt.example"), "{debug}");
    }

    #[test]
    fn a_path_prefix_is_kept() {
        let client = LibreTranslate::new("https://host/lt".parse().unwrap(), None, Duration::from_secs(1)).unwrap();
        assert_eq!(client.url("translate").unwrap().as_str(), "https://host/lt/translate");
    }
}
