//! `setMyCommands`, `getMyCommands` and `deleteMyCommands` as the Bot API refuses them. The
//! rules and the words are the Bot API server's: TDLib (`td/telegram/BotCommand.cpp`,
//! `BotCommandScope.cpp`, `validate_bot_language_code` in `misc.cpp`) trims a command and drops
//! one leading `/`, refuses an empty one or one over 32 characters, an empty description or one
//! over 256, a language code that is not two lowercase letters, a chat it does not know and a
//! scope other than `chat` for a private chat; Telegram's servers refuse a command that is not
//! `a-z0-9_` (`BOT_COMMAND_INVALID`) and more than 100 (`BOT_COMMANDS_TOO_MUCH`); the Bot API
//! server lowercases the first letter of TDLib's words after "Bad Request: ". The fake is
//! stricter in one place: a language code must be in ISO 639-1, as the documentation says
//! (TDLib checks only its shape). Refused calls change nothing.

use serde_json::{Value, json};

use super::{Answer, Params, TgError, record_plain};
use crate::fake_telegram::State;

const MAX_COMMANDS: usize = 100;
const MAX_COMMAND_CHARS: usize = 32;
const MAX_DESCRIPTION_CHARS: usize = 256;

/// ISO 639-1: the documented `language_code`s.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu \
    cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id \
    ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi \
    mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd \
    se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa \
    wo xh yi yo za zh zu";

/// Where a command list applies, as the fake keys it: `default`, `all_private_chats`, `chat:<id>` …
/// Every chat of the fake is a private chat with the bot.
fn scope_key(st: &State, params: &Params) -> Result<String, TgError> {
    let Some(scope) = params.json("scope") else { return Ok("default".to_owned()) };
    let kind = scope.get("type").and_then(Value::as_str).ok_or_else(|| TgError::bad("can't parse BotCommandScope"))?;
    let chat = || -> Result<i64, TgError> {
        let id = scope.get("chat_id").and_then(Value::as_i64).ok_or_else(|| TgError::bad("chat_id is empty"))?;
        if st.chats.contains_key(&id) { Ok(id) } else { Err(TgError::bad("chat not found")) }
    };
    Ok(match kind {
        "default" | "all_private_chats" | "all_group_chats" | "all_chat_administrators" => kind.to_owned(),
        "chat" => format!("chat:{}", chat()?),
        "chat_administrators" | "chat_member" => {
            chat()?;
            return Err(TgError::bad("can't use specified scope in private chats"));
        }
        _ => return Err(TgError::bad("unsupported scope type")),
    })
}

fn language(st: &State, params: &Params) -> Result<String, TgError> {
    let code = params.text("language_code").unwrap_or_default();
    let known = code.is_empty() || (code.len() == 2 && ISO_639_1.split_whitespace().any(|c| c == code));
    if !known || st.refused_menu_codes.contains(&code) {
        return Err(TgError::bad("invalid language code specified"));
    }
    Ok(code)
}

/// The commands as Telegram keeps them (trimmed, without a leading `/`), or why not.
fn checked_commands(commands: &Value) -> Result<Value, TgError> {
    let list = commands.as_array().ok_or_else(|| TgError::bad("can't parse commands JSON object"))?;
    let mut kept = Vec::with_capacity(list.len());
    for command in list {
        let name = command.get("command").and_then(Value::as_str);
        let description = command.get("description").and_then(Value::as_str);
        let (Some(name), Some(description)) = (name, description) else {
            return Err(TgError::bad("can't parse BotCommand"));
        };
        let name = name.trim();
        let name = name.strip_prefix('/').unwrap_or(name);
        if name.is_empty() {
            return Err(TgError::bad("command must be non-empty"));
        }
        if name.chars().count() > MAX_COMMAND_CHARS {
            return Err(TgError::bad(&format!("command length must not exceed {MAX_COMMAND_CHARS}")));
        }
        let description = description.trim();
        if description.is_empty() {
            return Err(TgError::bad("command description must be non-empty"));
        }
        if description.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(TgError::bad(&format!("command description length must not exceed {MAX_DESCRIPTION_CHARS}")));
        }
        kept.push((name, description));
    }
    // What TDLib lets through, Telegram's servers judge.
    if kept.len() > MAX_COMMANDS {
        return Err(TgError::bad("BOT_COMMANDS_TOO_MUCH"));
    }
    if kept.iter().any(|(name, _)| !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')) {
        return Err(TgError::bad("BOT_COMMAND_INVALID"));
    }
    Ok(kept
        .into_iter()
        .map(|(command, description)| json!({ "command": command, "description": description }))
        .collect())
}

pub(super) fn set_my_commands(st: &mut State, params: &Params) -> Answer {
    let key = (scope_key(st, params)?, language(st, params)?);
    let commands = params.json("commands").ok_or_else(|| TgError::bad("can't parse commands JSON object"))?;
    let commands = checked_commands(&commands)?;
    st.commands.insert(key, commands);
    record_plain(st, "setMyCommands", params, None, None);
    Ok(json!(true))
}

pub(super) fn delete_my_commands(st: &mut State, params: &Params) -> Answer {
    let key = (scope_key(st, params)?, language(st, params)?);
    st.commands.remove(&key);
    record_plain(st, "deleteMyCommands", params, None, None);
    Ok(json!(true))
}

pub(super) fn get_my_commands(st: &State, params: &Params) -> Answer {
    let key = (scope_key(st, params)?, language(st, params)?);
    Ok(st.commands.get(&key).cloned().unwrap_or_else(|| json!([])))
}
