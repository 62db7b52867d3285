//! `setMyCommands`, `getMyCommands` and `deleteMyCommands` with the Bot API's rules: a command
//! is 1-32 of `a-z0-9_`, a description 1-256 characters, at most 100 commands, `language_code`
//! a two-letter ISO 639-1 code or empty, and a scope Telegram knows (a chat scope names a chat
//! the bot has). Refused calls change nothing and answer 400 as Telegram words it.

use serde_json::{Value, json};

use super::{Answer, Params, TgError, record_plain};
use crate::fake_telegram::State;

const MAX_COMMANDS: usize = 100;
const MAX_COMMAND_CHARS: usize = 32;
const MAX_DESCRIPTION_CHARS: usize = 256;

/// ISO 639-1: what Telegram accepts as a `language_code`.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu \
    cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id \
    ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi \
    mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd \
    se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa \
    wo xh yi yo za zh zu";

/// Where a command list applies, as the fake keys it: `default`, `all_private_chats`, `chat:<id>` …
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
        "chat_administrators" => format!("chat_administrators:{}", chat()?),
        "chat_member" => {
            let user = scope.get("user_id").and_then(Value::as_i64).ok_or_else(|| TgError::bad("user not found"))?;
            format!("chat_member:{}:{user}", chat()?)
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

fn check_commands(commands: &Value) -> Result<(), TgError> {
    let list = commands.as_array().ok_or_else(|| TgError::bad("can't parse commands JSON object"))?;
    if list.len() > MAX_COMMANDS {
        return Err(TgError::bad("BOT_COMMANDS_TOO_MUCH"));
    }
    for command in list {
        let name = command.get("command").and_then(Value::as_str);
        let description = command.get("description").and_then(Value::as_str);
        let (Some(name), Some(description)) = (name, description) else {
            return Err(TgError::bad("can't parse BotCommand"));
        };
        let name_ok = (1..=MAX_COMMAND_CHARS).contains(&name.chars().count())
            && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !name_ok {
            return Err(TgError::bad("BOT_COMMAND_INVALID"));
        }
        if !(1..=MAX_DESCRIPTION_CHARS).contains(&description.trim().chars().count()) {
            return Err(TgError::bad("BOT_COMMAND_DESCRIPTION_INVALID"));
        }
    }
    Ok(())
}

pub(super) fn set_my_commands(st: &mut State, params: &Params) -> Answer {
    let commands = params.json("commands").ok_or_else(|| TgError::bad("can't parse commands JSON object"))?;
    check_commands(&commands)?;
    let key = (scope_key(st, params)?, language(st, params)?);
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
