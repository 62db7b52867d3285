//! Machine translation between visitors and staff: the [`Translator`] trait the bridge will call,
//! and its first service, [`LibreTranslate`]. Another engine (Bergamot, OPUS-MT) is another
//! implementation of the same trait.
//!
//! Nothing here logs or keeps a text: a text goes to the service and its translation comes back
//! to the caller, and no error holds either (see [`TranslationError`]).

mod coverage;
mod libretranslate;
pub mod worker;

use std::future::Future;

pub use coverage::{Coverage, coverage};
pub use libretranslate::LibreTranslate;

/// One language a service translates from, and the languages it translates it into.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct ServiceLanguage {
    /// The service's code for the language (`en`, `tl`, `zh-Hans`).
    pub code: String,
    /// Its English name, as the service gives it.
    pub name: String,
    /// The codes it translates this language into.
    pub targets: Vec<String>,
}

/// A translation engine. Codes are the service's own (see `bridge::translation::service_code`).
pub trait Translator {
    /// The languages the service covers, each with the targets it translates it into.
    fn languages(&self) -> impl Future<Output = Result<Vec<ServiceLanguage>, TranslationError>> + Send;

    /// `text` from `source` into `target`.
    fn translate(
        &self,
        text: &str,
        source: &str,
        target: &str,
    ) -> impl Future<Output = Result<String, TranslationError>> + Send;
}

/// Why a translation did not come back. No variant holds the text sent or received, so an error
/// can be logged or shown to the operator as it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TranslationError {
    /// The service did not answer in time, could not be reached, or failed itself (5xx): try
    /// again later.
    #[error("the translation service is unavailable: {0}")]
    Unavailable(String),
    /// The service refused this request (400, 403), with the reason it gave: a wrong key, a
    /// language or pair it does not have, a text over its limit. Trying again will not help.
    #[error("the translation service refused the request ({status}): {reason}")]
    Refused { status: u16, reason: String },
    /// The service asks for fewer requests (429).
    #[error("the translation service asks to slow down (429): its request limit is reached")]
    SlowDown,
    /// The service answered something that is not LibreTranslate's contract.
    #[error("the translation service's answer is not LibreTranslate's: {0}")]
    Malformed(String),
}
