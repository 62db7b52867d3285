//! The command menu: bot-wide at start, and per chat in the language the visitor chose.
//!
//! Telegram picks a bot-wide menu by the phone's interface language, which on a shared or
//! controlled phone is seldom the visitor's; a menu set for the visitor's chat (scope `chat`)
//! wins over every bot-wide one, so they see the language they chose in the bot. The Bot API
//! takes only two-letter ISO 639-1 codes for bot-wide menus: locales without one (pcm, fil) get
//! none and such phones show the default, English.

use bridge::engine::Outcome;
use bridge::i18n::Catalog;
use bridge::outbox::Failure;
use bridge::visitor_command::MENU;
use teloxide::RequestError;
use teloxide::payloads::setters::*;
use teloxide::requests::{Request, Requester};
use teloxide::types::{BotCommand, BotCommandScope, ChatId, Recipient};

use super::{Telegram, describe};

/// The `language_code` a bot-wide menu in `tag` is set for, if the Bot API has one for it.
/// pt-BR serves every Portuguese phone and zh-Hans every Chinese one: the same words in a
/// close variant read better than English. pcm and fil have no ISO 639-1 code ("tl" is
/// Tagalog, and Telegram has no Filipino interface to set it).
pub(crate) fn bot_api_code(tag: &str) -> Option<&'static str> {
    let code = match tag {
        "pt-BR" => "pt",
        "zh-Hans" => "zh",
        "pcm" | "fil" => return None,
        other => bridge::i18n::LANGUAGES.iter().map(|l| l.tag).find(|t| *t == other)?,
    };
    // Whatever a new locale's tag looks like, only a two-letter code is ever sent.
    (code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())).then_some(code)
}

/// The menu in `language`: the neutral one-line descriptions of `menu-*`.
fn commands(catalog: &Catalog, language: &str) -> Vec<BotCommand> {
    MENU.iter().map(|(command, id)| BotCommand::new(*command, catalog.render(language, id, &[]))).collect()
}

impl Telegram {
    /// The bot-wide menus (`setMyCommands`): the default one in English, then one per locale
    /// the Bot API has a code for. A refused call is logged and the others still go on.
    /// Returns how many were refused.
    pub async fn set_commands(&self) -> usize {
        let catalog = self.engine.catalog();
        let mut calls = vec![(None, bridge::i18n::DEFAULT_LANGUAGE)];
        calls.extend(catalog.languages().iter().filter_map(|l| Some((Some(bot_api_code(l.tag)?), l.tag))));
        let mut refused = 0;
        for (code, tag) in calls {
            let mut request = self.bot.set_my_commands(commands(catalog, tag));
            if let Some(code) = code {
                request = request.language_code(code);
            }
            if let Err(error) = request.send().await {
                refused += 1;
                tracing::warn!(language = tag, error = %describe(&error), "a command menu was not set; the others go on");
            }
        }
        refused
    }

    /// The visitor's chat gets its own menu in `language`, or loses it with `None`.
    pub(super) async fn set_chat_menu(&self, chat: ChatId, language: Option<&str>, attempts: u32) -> Outcome {
        let scope = BotCommandScope::Chat { chat_id: Recipient::Id(chat) };
        // The engine sends only shipped languages; `render` would fall back to English anyway.
        let result = match language {
            Some(language) => {
                self.bot.set_my_commands(commands(self.engine.catalog(), language)).scope(scope).send().await
            }
            None => self.bot.delete_my_commands().scope(scope).send().await,
        };
        match result {
            Ok(_) => Outcome::Delivered(Vec::new()),
            Err(error) => {
                let failure = menu_failure(&error, attempts);
                tracing::warn!(
                    attempts,
                    error = %describe(&error),
                    permanent = matches!(failure, Failure::Permanent { .. }),
                    "a chat's command menu was not set"
                );
                Outcome::Failed(failure)
            }
        }
    }
}

/// A Bad Request is never going to pass (Telegram refused the menu itself): dropped, so it
/// holds nothing up. Everything else counts as for any delivery.
fn menu_failure(error: &RequestError, attempts: u32) -> Failure {
    match error {
        RequestError::Api(teloxide::ApiError::Unknown(text)) if text.starts_with("Bad Request") => {
            Failure::Permanent { reason: "Telegram refused the menu".into() }
        }
        other => super::failure_of(other, attempts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_two_letter_codes_go_to_the_bot_api() {
        for language in bridge::i18n::LANGUAGES {
            if let Some(code) = bot_api_code(language.tag) {
                assert!(code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()), "{} → {code}", language.tag);
            }
        }
        assert_eq!(bot_api_code("pt-BR"), Some("pt"));
        assert_eq!(bot_api_code("zh-Hans"), Some("zh"));
        assert_eq!(bot_api_code("th"), Some("th"));
        assert_eq!(bot_api_code("pcm"), None);
        assert_eq!(bot_api_code("fil"), None);
        assert_eq!(bot_api_code("xx"), None);
    }
}
