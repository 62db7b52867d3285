//! HTTP side of the fake: routing, parameter decoding and the Bot API methods.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State as AxumState};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use serde_json::{Map, Value, json};

mod commands;

use super::{
    BOT_USER_ID, BOT_USERNAME, DELETE_WINDOW_SECS, Fault, MAX_CAPTION_CHARS, MAX_DOWNLOAD_BYTES, MAX_TEXT_CHARS, Sent,
    Shared, State, StoredMessage, Upload,
};

/// Telegram refuses multipart uploads above 50 MB; the body limit sits above it so the fake can
/// answer with Telegram's error rather than a bare connection reset.
const MAX_UPLOAD_BYTES: usize = 50 * 1024 * 1024;

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/file/{token}/{*path}", get(download))
        .route("/{token}/{method}", any(api))
        .fallback(|| async { TgError::new(404, "Not Found").into_response() })
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + (4 << 20)))
        .with_state(shared)
}

struct TgError {
    code: u16,
    description: String,
    retry_after: Option<u32>,
}

impl TgError {
    fn new(code: u16, description: &str) -> TgError {
        TgError { code, description: description.to_owned(), retry_after: None }
    }

    fn bad(description: &str) -> TgError {
        TgError::new(400, &format!("Bad Request: {description}"))
    }
}

impl From<Fault> for TgError {
    fn from(fault: Fault) -> TgError {
        let (code, description) = fault.code_and_description();
        let retry_after = if let Fault::RetryAfter(secs) = fault { Some(secs) } else { None };
        TgError { code, description, retry_after }
    }
}

impl IntoResponse for TgError {
    fn into_response(self) -> Response {
        let mut body = json!({ "ok": false, "error_code": self.code, "description": self.description });
        if let Some(secs) = self.retry_after {
            body["parameters"] = json!({ "retry_after": secs });
        }
        let status = StatusCode::from_u16(self.code).unwrap_or(StatusCode::BAD_REQUEST);
        (status, axum::Json(body)).into_response()
    }
}

type Answer = Result<Value, TgError>;

fn respond(answer: Answer) -> Response {
    match answer {
        Ok(result) => axum::Json(json!({ "ok": true, "result": result })).into_response(),
        Err(e) => e.into_response(),
    }
}

/// A request's parameters, whichever of Telegram's four encodings carried them.
struct Params {
    fields: Map<String, Value>,
    parts: HashMap<String, Upload>,
}

impl Params {
    fn int(&self, key: &str) -> Option<i64> {
        match self.fields.get(key)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    fn text(&self, key: &str) -> Option<String> {
        match self.fields.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    fn flag(&self, key: &str) -> bool {
        matches!(self.fields.get(key), Some(Value::Bool(true))) || self.text(key).as_deref() == Some("true")
    }

    /// Structured values arrive as JSON in JSON bodies and as JSON text in the other encodings.
    fn json(&self, key: &str) -> Option<Value> {
        match self.fields.get(key)? {
            Value::String(s) => serde_json::from_str(s).ok(),
            Value::Null => None,
            other => Some(other.clone()),
        }
    }

    /// A file parameter sent as bytes: teloxide names it `attach://<part>`, curl sends the part itself.
    fn upload(&mut self, field: &str) -> Option<Upload> {
        let part_name = match self.text(field) {
            Some(v) => v.strip_prefix("attach://")?.to_owned(),
            None => field.to_owned(),
        };
        let mut upload = self.parts.remove(&part_name)?;
        upload.field = field.to_owned();
        Some(upload)
    }
}

async fn read_params(req: Request) -> Result<Params, TgError> {
    let mut fields = Map::new();
    if let Some(query) = req.uri().query() {
        for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
            fields.insert(k.into_owned(), Value::String(v.into_owned()));
        }
    }
    let content_type =
        req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_ascii_lowercase();
    let mut parts = HashMap::new();
    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(req, &()).await.map_err(|e| TgError::bad(&e.body_text()))?;
        while let Some(field) = multipart.next_field().await.map_err(|e| TgError::bad(&e.body_text()))? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(str::to_owned);
            let bytes = field.bytes().await.map_err(|e| TgError::bad(&e.body_text()))?.to_vec();
            if file_name.is_some() || content_type.is_some() {
                parts.insert(name.clone(), Upload { field: name, file_name, content_type, bytes });
            } else {
                fields.insert(name, Value::String(String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    } else {
        let body = axum::body::to_bytes(req.into_body(), usize::MAX).await.map_err(|e| TgError::bad(&e.to_string()))?;
        if content_type.starts_with("application/json") && !body.is_empty() {
            let object: Map<String, Value> =
                serde_json::from_slice(&body).map_err(|_| TgError::bad("can't parse JSON object"))?;
            fields.extend(object);
        } else if content_type.starts_with("application/x-www-form-urlencoded") {
            for (k, v) in url::form_urlencoded::parse(&body) {
                fields.insert(k.into_owned(), Value::String(v.into_owned()));
            }
        }
    }
    Ok(Params { fields, parts })
}

fn check_token(st: &State, segment: &str) -> Result<(), TgError> {
    if segment.strip_prefix("bot") == Some(st.token.as_str()) { Ok(()) } else { Err(TgError::new(401, "Unauthorized")) }
}

/// Counts the call and takes an injected fault, if one is due.
fn admit(shared: &Shared, token: &str, key: &str) -> Result<(), TgError> {
    let mut st = shared.lock();
    check_token(&st, token)?;
    *st.calls.entry(key.to_owned()).or_default() += 1;
    match st.faults.get_mut(key).and_then(|q| q.pop_front()).flatten() {
        Some(fault) => Err(fault.into()),
        None => Ok(()),
    }
}

async fn api(
    AxumState(shared): AxumState<Arc<Shared>>,
    Path((token, method)): Path<(String, String)>,
    req: Request,
) -> Response {
    // Telegram matches method names case-insensitively.
    let key = method.to_ascii_lowercase();
    if let Err(e) = admit(&shared, &token, &key) {
        return e.into_response();
    }
    let params = match read_params(req).await {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    if key == "getupdates" {
        return match get_updates(&shared, &params).await {
            // Written by hand: a queued update may be text no JSON library would write.
            Ok(bodies) => (
                [(header::CONTENT_TYPE, "application/json")],
                format!(r#"{{"ok":true,"result":[{}]}}"#, bodies.join(",")),
            )
                .into_response(),
            Err(e) => e.into_response(),
        };
    }
    let mut st = shared.lock();
    respond(match key.as_str() {
        "getme" => Ok(me_json()),
        "getwebhookinfo" => {
            Ok(json!({ "url": "", "has_custom_certificate": false, "pending_update_count": st.updates.len() }))
        }
        "deletewebhook" => Ok(json!(true)),
        "sendmessage" => send_message(&mut st, &params),
        "sendphoto" | "sendvoice" | "senddocument" | "sendvideo" | "sendaudio" | "sendvideonote" => {
            send_media(&mut st, &key, params)
        }
        "getfile" => get_file(&st, &params),
        "deletemessage" => delete_message(&mut st, &params),
        "deletemessages" => delete_messages(&mut st, &params),
        "answercallbackquery" => answer_callback(&mut st, &params),
        "editmessagetext" => edit_message_text(&mut st, &params),
        "setmycommands" => commands::set_my_commands(&mut st, &params),
        "getmycommands" => commands::get_my_commands(&st, &params),
        "deletemycommands" => commands::delete_my_commands(&mut st, &params),
        _ => Err(TgError::new(404, "Not Found")),
    })
}

fn me_json() -> Value {
    json!({
        "id": BOT_USER_ID, "is_bot": true, "first_name": "HopeNow Test", "username": BOT_USERNAME,
        "can_join_groups": false, "can_read_all_group_messages": false, "supports_inline_queries": false,
        "can_connect_to_business": false, "has_main_web_app": false,
    })
}

/// The queued updates' texts the call answers with.
async fn get_updates(shared: &Shared, params: &Params) -> Result<Vec<String>, TgError> {
    let limit = usize::try_from(params.int("limit").unwrap_or(100).clamp(1, 100)).unwrap_or(100);
    let timeout = Duration::from_secs(u64::try_from(params.int("timeout").unwrap_or(0).max(0)).unwrap_or(0));
    let deadline = tokio::time::Instant::now() + timeout;
    {
        let mut st = shared.lock();
        match params.int("offset") {
            // A negative offset keeps only the last |offset| updates, as Telegram documents.
            Some(offset) if offset < 0 => {
                let keep = usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX);
                let drop = st.updates.len().saturating_sub(keep);
                st.updates.drain(..drop);
            }
            Some(offset) => {
                st.updates.retain(|u| u.update_id >= offset);
                st.committed_offset = st.committed_offset.max(offset);
            }
            None => {}
        }
    }
    loop {
        // Registered before looking, so a push between the look and the wait still wakes us.
        let changed = shared.updates_changed.notified();
        {
            let st = shared.lock();
            if !st.updates.is_empty() || st.stopping || tokio::time::Instant::now() >= deadline {
                return Ok(st.updates.iter().take(limit).map(|u| u.body.clone()).collect());
            }
        }
        tokio::select! {
            () = changed => {}
            () = tokio::time::sleep_until(deadline) => {}
        }
    }
}

/// The chat a send goes to, refused the way Telegram refuses it.
fn target_chat(st: &State, params: &Params) -> Result<(i64, Value), TgError> {
    let chat_id = params.int("chat_id").ok_or_else(|| TgError::bad("chat_id is empty"))?;
    if st.blocked_by.contains(&chat_id) {
        return Err(Fault::BotBlocked.into());
    }
    let chat = st.chats.get(&chat_id).cloned().ok_or_else(|| TgError::bad("chat not found"))?;
    Ok((chat_id, chat))
}

fn check_length(text: &str, max: usize, too_long: &str) -> Result<(), TgError> {
    if text.chars().count() > max { Err(TgError::bad(too_long)) } else { Ok(()) }
}

/// Stores a message the bot sent and records the call.
fn deliver(
    st: &mut State,
    method: &str,
    chat: (i64, Value),
    content: Value,
    params: &Params,
    upload: Option<Upload>,
) -> Answer {
    let message_id = st.new_message_id();
    let date = st.now();
    let mut message = json!({ "message_id": message_id, "from": me_json(), "chat": chat.1, "date": date });
    if let (Some(target), Value::Object(fields)) = (message.as_object_mut(), content) {
        target.extend(fields);
    }
    let reply_markup = params.json("reply_markup");
    if let Some(markup) = reply_markup.as_ref().filter(|m| m.get("inline_keyboard").is_some()) {
        message["reply_markup"] = markup.clone();
    }
    let protect_content = params.flag("protect_content");
    if protect_content {
        message["has_protected_content"] = json!(true);
    }
    st.messages
        .insert((chat.0, message_id), StoredMessage { date, from_bot: true, deleted: false, json: message.clone() });
    st.sent.push(Sent {
        method: method.to_owned(),
        chat_id: Some(chat.0),
        message_id: Some(message_id),
        text: params.text("text").or_else(|| params.text("caption")),
        protect_content,
        reply_markup,
        upload,
        params: params.fields.clone(),
        at: std::time::Instant::now(),
    });
    Ok(message)
}

fn send_message(st: &mut State, params: &Params) -> Answer {
    let chat = target_chat(st, params)?;
    let text = params.text("text").unwrap_or_default();
    if text.trim().is_empty() {
        return Err(TgError::bad("message text is empty"));
    }
    check_length(&text, MAX_TEXT_CHARS, "message is too long")?;
    deliver(st, "sendMessage", chat, json!({ "text": text }), params, None)
}

fn send_media(st: &mut State, key: &str, mut params: Params) -> Answer {
    let (method, field, dir, ext) = match key {
        "sendphoto" => ("sendPhoto", "photo", "photos", "jpg"),
        "sendvoice" => ("sendVoice", "voice", "voice", "oga"),
        "sendvideo" => ("sendVideo", "video", "videos", "mp4"),
        "sendaudio" => ("sendAudio", "audio", "music", "mp3"),
        "sendvideonote" => ("sendVideoNote", "video_note", "video_notes", "mp4"),
        _ => ("sendDocument", "document", "documents", "bin"),
    };
    let chat = target_chat(st, &params)?;
    if let Some(caption) = params.text("caption") {
        check_length(&caption, MAX_CAPTION_CHARS, "message caption is too long")?;
    }
    let upload = params.upload(field);
    let file = match (&upload, params.text(field)) {
        (Some(u), _) if u.bytes.len() > MAX_UPLOAD_BYTES => return Err(TgError::new(413, "Request Entity Too Large")),
        (Some(u), _) => {
            let ext = u.file_name.as_deref().and_then(|n| n.rsplit_once('.')).map_or(ext, |(_, e)| e);
            st.add_file(u.bytes.clone(), dir, ext)
        }
        (None, Some(id)) => {
            st.files.get(&id).cloned().ok_or_else(|| TgError::bad("wrong file identifier/HTTP URL specified"))?
        }
        (None, None) => return Err(TgError::bad(&format!("there is no {field} in the request"))),
    };
    let size = file.bytes.len();
    let (id, unique) = (file.file_id, file.file_unique_id);
    let file_name = upload.as_ref().and_then(|u| u.file_name.clone());
    let mime = upload.as_ref().and_then(|u| u.content_type.clone());
    let duration = params.int("duration").unwrap_or(1);
    let media = match field {
        "photo" => {
            json!([{ "file_id": id, "file_unique_id": unique, "width": 1280, "height": 960, "file_size": size }])
        }
        "voice" => json!({ "file_id": id, "file_unique_id": unique, "duration": duration,
                           "mime_type": mime.unwrap_or_else(|| "audio/ogg".into()), "file_size": size }),
        "video" => json!({ "file_id": id, "file_unique_id": unique, "width": 640, "height": 360, "duration": duration,
                           "mime_type": mime.unwrap_or_else(|| "video/mp4".into()), "file_size": size }),
        "video_note" => {
            json!({ "file_id": id, "file_unique_id": unique, "length": 240, "duration": duration, "file_size": size })
        }
        _ => json!({ "file_id": id, "file_unique_id": unique, "file_name": file_name, "duration": duration,
                     "mime_type": mime.unwrap_or_else(|| "application/octet-stream".into()), "file_size": size }),
    };
    let mut content = json!({ field: media });
    if let Some(caption) = params.text("caption") {
        content["caption"] = json!(caption);
    }
    deliver(st, method, chat, content, &params, upload)
}

fn get_file(st: &State, params: &Params) -> Answer {
    let id = params.text("file_id").unwrap_or_default();
    let file = st.files.get(&id).ok_or_else(|| TgError::bad("invalid file id"))?;
    if file.bytes.len() > MAX_DOWNLOAD_BYTES {
        return Err(TgError::bad("file is too big"));
    }
    Ok(json!({
        "file_id": file.file_id, "file_unique_id": file.file_unique_id,
        "file_size": file.bytes.len(), "file_path": file.file_path,
    }))
}

async fn download(AxumState(shared): AxumState<Arc<Shared>>, Path((token, path)): Path<(String, String)>) -> Response {
    if let Err(e) = admit(&shared, &token, "download") {
        return e.into_response();
    }
    let st = shared.lock();
    match st.files.values().find(|f| f.file_path == path && f.bytes.len() <= MAX_DOWNLOAD_BYTES) {
        Some(file) => (StatusCode::OK, file.bytes.clone()).into_response(),
        None => TgError::new(404, "Not Found").into_response(),
    }
}

/// Whether Telegram would still let the bot delete the message now.
fn deletable(st: &State, chat_id: i64, message_id: i64) -> Result<(), TgError> {
    let now = st.now();
    match st.messages.get(&(chat_id, message_id)) {
        None => Err(TgError::bad("message to delete not found")),
        Some(m) if m.deleted => Err(TgError::bad("message to delete not found")),
        Some(m) if now - m.date > DELETE_WINDOW_SECS => Err(Fault::MessageCantBeDeleted.into()),
        Some(_) => Ok(()),
    }
}

fn record_plain(st: &mut State, method: &str, params: &Params, chat_id: Option<i64>, message_id: Option<i64>) {
    st.sent.push(Sent {
        method: method.to_owned(),
        chat_id,
        message_id,
        text: params.text("text"),
        protect_content: false,
        reply_markup: params.json("reply_markup"),
        upload: None,
        params: params.fields.clone(),
        at: std::time::Instant::now(),
    });
}

fn delete_message(st: &mut State, params: &Params) -> Answer {
    let chat_id = params.int("chat_id").ok_or_else(|| TgError::bad("chat_id is empty"))?;
    let message_id = params.int("message_id").ok_or_else(|| TgError::bad("message identifier is not specified"))?;
    deletable(st, chat_id, message_id)?;
    if let Some(m) = st.messages.get_mut(&(chat_id, message_id)) {
        m.deleted = true;
    }
    record_plain(st, "deleteMessage", params, Some(chat_id), Some(message_id));
    Ok(json!(true))
}

/// Like Telegram, messages that cannot be deleted are skipped silently.
fn delete_messages(st: &mut State, params: &Params) -> Answer {
    let chat_id = params.int("chat_id").ok_or_else(|| TgError::bad("chat_id is empty"))?;
    let ids: Vec<i64> = params.json("message_ids").and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
    if ids.is_empty() || ids.len() > 100 {
        return Err(TgError::bad("message_ids must contain 1-100 identifiers"));
    }
    for id in ids {
        if deletable(st, chat_id, id).is_ok()
            && let Some(m) = st.messages.get_mut(&(chat_id, id))
        {
            m.deleted = true;
        }
    }
    record_plain(st, "deleteMessages", params, Some(chat_id), None);
    Ok(json!(true))
}

fn answer_callback(st: &mut State, params: &Params) -> Answer {
    let id = params.text("callback_query_id").unwrap_or_default();
    if !st.open_callbacks.remove(&id) {
        return Err(TgError::bad("query is too old and response timeout expired or query id is invalid"));
    }
    record_plain(st, "answerCallbackQuery", params, None, None);
    Ok(json!(true))
}

fn edit_message_text(st: &mut State, params: &Params) -> Answer {
    let chat_id = params.int("chat_id").ok_or_else(|| TgError::bad("chat_id is empty"))?;
    let message_id = params.int("message_id").ok_or_else(|| TgError::bad("message identifier is not specified"))?;
    let text = params.text("text").unwrap_or_default();
    if text.trim().is_empty() {
        return Err(TgError::bad("message text is empty"));
    }
    check_length(&text, MAX_TEXT_CHARS, "MESSAGE_TOO_LONG")?;
    let markup = params.json("reply_markup").filter(|m| m.get("inline_keyboard").is_some());
    let now = st.now();
    let message = match st.messages.get_mut(&(chat_id, message_id)) {
        Some(m) if !m.deleted && m.from_bot => m,
        Some(m) if !m.deleted => return Err(TgError::bad("message can't be edited")),
        _ => return Err(TgError::bad("message to edit not found")),
    };
    if message.json["text"].as_str() == Some(text.as_str()) && message.json.get("reply_markup") == markup.as_ref() {
        return Err(TgError::bad(
            "message is not modified: specified new message content and reply markup are exactly the same as a \
             current content and reply markup of the message",
        ));
    }
    message.json["text"] = json!(text);
    message.json["edit_date"] = json!(now);
    match markup {
        Some(m) => message.json["reply_markup"] = m,
        None => {
            if let Some(obj) = message.json.as_object_mut() {
                obj.remove("reply_markup");
            }
        }
    }
    let edited = message.json.clone();
    record_plain(st, "editMessageText", params, Some(chat_id), Some(message_id));
    Ok(edited)
}
