//! A fake Telegram Bot API server on loopback, for end-to-end tests of the Telegram connector.
//!
//! It speaks Telegram's HTTP shapes (`/bot{token}/{method}`, `/file/bot{token}/{path}`,
//! `{"ok":…}` envelopes, error codes and descriptions teloxide recognises), keeps every chat's
//! messages so deletes, edits and callbacks behave like Telegram's, and lets a test queue
//! incoming updates, register downloadable files and inject faults.

// Test support: a poisoned lock or a failed bind is a failed test, never a production path.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod server;

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};
use tokio::sync::{Notify, oneshot};
use tokio::task::JoinHandle;

/// Telegram's own limit on a message text, in characters after entity parsing.
pub const MAX_TEXT_CHARS: usize = 4096;
/// Telegram's limit on captions of media messages.
pub const MAX_CAPTION_CHARS: usize = 1024;
/// The cloud Bot API refuses `getFile` above this size.
pub const MAX_DOWNLOAD_BYTES: usize = 20 * 1024 * 1024;
/// Bots may delete messages of a private chat only while they are younger than this.
pub const DELETE_WINDOW_SECS: i64 = 48 * 3600;

pub const DEFAULT_TOKEN: &str = "123456789:FAKE-hopenow-test-token";
pub const BOT_USER_ID: i64 = 123_456_789;
pub const BOT_USERNAME: &str = "hopenow_test_bot";

/// A Telegram user as the fake presents them in updates.
#[derive(Clone, Debug)]
pub struct FakeUser {
    pub id: i64,
    pub first_name: String,
    pub username: Option<String>,
    pub language_code: Option<String>,
}

impl FakeUser {
    pub fn new(id: i64, first_name: &str, username: Option<&str>, language_code: Option<&str>) -> Self {
        FakeUser {
            id,
            first_name: first_name.to_owned(),
            username: username.map(str::to_owned),
            language_code: language_code.map(str::to_owned),
        }
    }

    fn json(&self) -> Value {
        let mut user = json!({ "id": self.id, "is_bot": false, "first_name": self.first_name });
        if let Some(u) = &self.username {
            user["username"] = json!(u);
        }
        if let Some(l) = &self.language_code {
            user["language_code"] = json!(l);
        }
        user
    }

    fn chat_json(&self) -> Value {
        let mut chat = json!({ "id": self.id, "type": "private", "first_name": self.first_name });
        if let Some(u) = &self.username {
            chat["username"] = json!(u);
        }
        chat
    }
}

/// One error the fake answers instead of performing a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 429 with `parameters.retry_after` seconds.
    RetryAfter(u32),
    /// 502 Bad Gateway. Note: teloxide 0.17 sleeps 10 s before returning on any 5xx.
    BadGateway,
    /// 403 "Forbidden: bot was blocked by the user".
    BotBlocked,
    /// 400 "Bad Request: message can't be deleted".
    MessageCantBeDeleted,
    /// Any other Telegram error.
    Api { code: u16, description: String },
}

impl Fault {
    fn code_and_description(&self) -> (u16, String) {
        match self {
            Fault::RetryAfter(secs) => (429, format!("Too Many Requests: retry after {secs}")),
            Fault::BadGateway => (502, "Bad Gateway".to_owned()),
            Fault::BotBlocked => (403, "Forbidden: bot was blocked by the user".to_owned()),
            Fault::MessageCantBeDeleted => (400, "Bad Request: message can't be deleted".to_owned()),
            Fault::Api { code, description } => (*code, description.clone()),
        }
    }
}

/// Bytes a test made downloadable, or the bot uploaded.
#[derive(Clone, Debug)]
pub struct FakeFile {
    pub file_id: String,
    pub file_unique_id: String,
    pub file_path: String,
    pub bytes: Vec<u8>,
}

/// A file part of a multipart upload, as received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    /// The parameter it was sent for (`photo`, `voice`, …).
    pub field: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// A call the fake performed successfully (faulted calls are not recorded here, as Telegram
/// would not have acted on them; see [`FakeTelegram::call_count`]).
#[derive(Clone, Debug)]
pub struct Sent {
    /// Telegram's spelling, e.g. `sendMessage`.
    pub method: String,
    pub chat_id: Option<i64>,
    /// The new message's id for `send*`, the target for `deleteMessage`/`editMessageText`.
    pub message_id: Option<i64>,
    /// Text, or caption for media.
    pub text: Option<String>,
    pub protect_content: bool,
    pub reply_markup: Option<Value>,
    pub upload: Option<Upload>,
    /// Every parameter as received (multipart text fields stay strings).
    pub params: Map<String, Value>,
    /// When the fake performed it (how fast a bridge sends).
    pub at: std::time::Instant,
}

/// What a push put into the update queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pushed {
    pub update_id: i64,
    pub message_id: i64,
}

#[derive(Clone, Debug)]
struct StoredMessage {
    date: i64,
    from_bot: bool,
    deleted: bool,
    json: Value,
}

/// An update waiting for `getUpdates`, as the text the fake answers with.
#[derive(Clone, Debug)]
struct QueuedUpdate {
    update_id: i64,
    body: String,
}

#[derive(Debug)]
struct State {
    token: String,
    clock_offset: i64,
    updates: VecDeque<QueuedUpdate>,
    next_update_id: i64,
    committed_offset: i64,
    next_message_id: i64,
    next_file: u64,
    next_callback: u64,
    chats: HashMap<i64, Value>,
    open_callbacks: HashSet<String>,
    blocked_by: HashSet<i64>,
    messages: HashMap<(i64, i64), StoredMessage>,
    files: HashMap<String, FakeFile>,
    /// Per method, what its next calls do: `None` succeeds, a fault fails.
    faults: HashMap<String, VecDeque<Option<Fault>>>,
    calls: HashMap<String, usize>,
    sent: Vec<Sent>,
    /// Command lists by (scope, language code): `("default", "")`, `("chat:42", "")` …
    commands: HashMap<(String, String), Value>,
    /// Language codes `setMyCommands` refuses although valid (a test's fault).
    refused_menu_codes: HashSet<String>,
    stopping: bool,
}

impl State {
    fn now(&self) -> i64 {
        let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
        i64::try_from(secs).unwrap_or(i64::MAX) + self.clock_offset
    }

    fn new_message_id(&mut self) -> i64 {
        self.next_message_id += 1;
        self.next_message_id
    }

    fn add_file(&mut self, bytes: Vec<u8>, dir: &str, ext: &str) -> FakeFile {
        self.next_file += 1;
        let n = self.next_file;
        let file = FakeFile {
            file_id: format!("FAKE-file-{n:06}-AgADBAAD"),
            file_unique_id: format!("FAKE-u-{n:06}"),
            file_path: format!("{dir}/file_{n}.{ext}"),
            bytes,
        };
        self.files.insert(file.file_id.clone(), file.clone());
        file
    }

    fn push(&mut self, kind: &str, payload: Value) -> i64 {
        self.next_update_id += 1;
        let mut update = json!({ "update_id": self.next_update_id });
        update[kind] = payload;
        let body = update.to_string();
        self.updates.push_back(QueuedUpdate { update_id: self.next_update_id, body });
        self.next_update_id
    }
}

pub(crate) struct Shared {
    state: Mutex<State>,
    /// Wakes long-polling `getUpdates` calls when an update is queued or the server stops.
    updates_changed: Notify,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A running fake Bot API server; stops when dropped.
pub struct FakeTelegram {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl FakeTelegram {
    pub async fn start() -> FakeTelegram {
        FakeTelegram::start_with_token(DEFAULT_TOKEN).await
    }

    pub async fn start_with_token(token: &str) -> FakeTelegram {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                token: token.to_owned(),
                clock_offset: 0,
                updates: VecDeque::new(),
                // Real update ids are large; starting far from message ids catches mix-ups.
                next_update_id: 700_000_000,
                committed_offset: 0,
                next_message_id: 0,
                next_file: 0,
                next_callback: 0,
                chats: HashMap::new(),
                open_callbacks: HashSet::new(),
                blocked_by: HashSet::new(),
                messages: HashMap::new(),
                files: HashMap::new(),
                faults: HashMap::new(),
                calls: HashMap::new(),
                sent: Vec::new(),
                commands: HashMap::new(),
                refused_menu_codes: HashSet::new(),
                stopping: false,
            }),
            updates_changed: Notify::new(),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the fake Telegram server");
        let addr = listener.local_addr().expect("fake Telegram address");
        let (stop, task) = serve(listener, Arc::clone(&shared));
        FakeTelegram { addr, shared, stop: Some(stop), task: Some(task) }
    }

    /// Telegram cannot be reached: the port closes, so every call fails to connect, until
    /// [`FakeTelegram::reachable_again`]. What was queued stays.
    pub async fn unreachable(&mut self) {
        self.signal_stop();
        self.wait_stopped().await;
    }

    /// Answers again on the same port, with the same state.
    pub async fn reachable_again(&mut self) {
        self.shared.lock().stopping = false;
        let listener = tokio::net::TcpListener::bind(self.addr).await.expect("the fake Telegram's port again");
        let (stop, task) = serve(listener, Arc::clone(&self.shared));
        (self.stop, self.task) = (Some(stop), Some(task));
    }

    /// The base URL for `Bot::set_api_url`.
    pub fn url(&self) -> url::Url {
        url::Url::parse(&format!("http://{}/", self.addr)).expect("loopback URL")
    }

    pub fn token(&self) -> String {
        self.shared.lock().token.clone()
    }

    /// A teloxide bot with this fake's token, pointed at this fake.
    pub fn bot(&self) -> teloxide::Bot {
        teloxide::Bot::new(self.token()).set_api_url(self.url())
    }

    /// Stops serving and waits (briefly) for open connections to finish.
    pub async fn shutdown(mut self) {
        self.signal_stop();
        self.wait_stopped().await;
    }

    async fn wait_stopped(&mut self) {
        if let Some(task) = self.task.take() {
            let abort = task.abort_handle();
            // Connections a client keeps open must not hold a test hostage.
            if tokio::time::timeout(std::time::Duration::from_secs(5), task).await.is_err() {
                abort.abort();
            }
        }
    }

    fn signal_stop(&mut self) {
        self.shared.lock().stopping = true;
        self.shared.updates_changed.notify_waiters();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    // ---- incoming side ----

    /// Makes a private chat with `user` known, as if they had pressed Start earlier.
    pub fn add_chat(&self, user: &FakeUser) {
        self.shared.lock().chats.insert(user.id, user.chat_json());
    }

    /// Queues a message from `user` in their private chat with the bot; `extra` fields (e.g.
    /// `{"text": …}`, `{"voice": …}`, `{"forward_origin": …}`) are merged into it.
    pub fn push_message(&self, user: &FakeUser, extra: Value) -> Pushed {
        let mut st = self.shared.lock();
        st.chats.insert(user.id, user.chat_json());
        let message_id = st.new_message_id();
        let date = st.now();
        let mut message =
            json!({ "message_id": message_id, "from": user.json(), "chat": user.chat_json(), "date": date });
        if let (Some(target), Value::Object(fields)) = (message.as_object_mut(), extra) {
            target.extend(fields);
        }
        st.messages.insert(
            (user.id, message_id),
            StoredMessage { date, from_bot: false, deleted: false, json: message.clone() },
        );
        let update_id = st.push("message", message);
        drop(st);
        self.shared.updates_changed.notify_waiters();
        Pushed { update_id, message_id }
    }

    pub fn push_text(&self, user: &FakeUser, text: &str) -> Pushed {
        let mut extra = json!({ "text": text });
        // Telegram marks a leading command as an entity (offsets in UTF-16 units).
        if text.starts_with('/') {
            let command = text.split_whitespace().next().unwrap_or(text);
            extra["entities"] =
                json!([{ "type": "bot_command", "offset": 0, "length": command.encode_utf16().count() }]);
        }
        self.push_message(user, extra)
    }

    pub fn push_voice(&self, user: &FakeUser, file: &FakeFile, duration_secs: u32) -> Pushed {
        let voice = json!({
            "file_id": file.file_id, "file_unique_id": file.file_unique_id, "duration": duration_secs,
            "mime_type": "audio/ogg", "file_size": file.bytes.len(),
        });
        self.push_message(user, json!({ "voice": voice }))
    }

    pub fn push_photo(&self, user: &FakeUser, file: &FakeFile, caption: Option<&str>) -> Pushed {
        let size = json!({
            "file_id": file.file_id, "file_unique_id": file.file_unique_id, "width": 1280, "height": 960,
            "file_size": file.bytes.len(),
        });
        let mut extra = json!({ "photo": [size] });
        if let Some(c) = caption {
            extra["caption"] = json!(c);
        }
        self.push_message(user, extra)
    }

    /// Queues a press on an inline button of `message_id` (a message the bot sent `user`).
    pub fn push_callback(&self, user: &FakeUser, message_id: i64, data: &str) -> i64 {
        let mut st = self.shared.lock();
        st.next_callback += 1;
        let id = format!("{}{:08}", user.id, st.next_callback);
        st.open_callbacks.insert(id.clone());
        let message = match st.messages.get(&(user.id, message_id)) {
            Some(m) if !m.deleted => m.json.clone(),
            // Telegram's "inaccessible message": date 0.
            _ => json!({ "chat": user.chat_json(), "message_id": message_id, "date": 0 }),
        };
        let query = json!({
            "id": id, "from": user.json(), "message": message,
            "chat_instance": format!("-{}", user.id), "data": data,
        });
        let update_id = st.push("callback_query", query);
        drop(st);
        self.shared.updates_changed.notify_waiters();
        update_id
    }

    /// Queues a raw update; `update_id` is filled in.
    pub fn push_update(&self, kind: &str, payload: Value) -> i64 {
        let update_id = self.shared.lock().push(kind, payload);
        self.shared.updates_changed.notify_waiters();
        update_id
    }

    /// Queues an update written as `body(update_id)` returns it, byte for byte: what Telegram
    /// may send and no JSON library would write (a lone surrogate escape), or a shape the
    /// client does not expect. Telegram writes `update_id` first; so should `body`.
    pub fn push_raw_update(&self, body: impl FnOnce(i64) -> String) -> i64 {
        let mut st = self.shared.lock();
        st.next_update_id += 1;
        let update_id = st.next_update_id;
        st.updates.push_back(QueuedUpdate { update_id, body: body(update_id) });
        drop(st);
        self.shared.updates_changed.notify_waiters();
        update_id
    }

    /// Makes `bytes` downloadable through `getFile`; `file_path` decides the extension.
    pub fn register_file(&self, bytes: &[u8], dir: &str, ext: &str) -> FakeFile {
        self.shared.lock().add_file(bytes.to_vec(), dir, ext)
    }

    // ---- outgoing side and inspection ----

    /// The highest `offset` a `getUpdates` call confirmed (0 before any).
    pub fn committed_offset(&self) -> i64 {
        self.shared.lock().committed_offset
    }

    /// Updates queued and not yet confirmed.
    pub fn pending_updates(&self) -> usize {
        self.shared.lock().updates.len()
    }

    pub fn sent(&self) -> Vec<Sent> {
        self.shared.lock().sent.clone()
    }

    pub fn sent_by(&self, method: &str) -> Vec<Sent> {
        self.shared.lock().sent.iter().filter(|s| s.method.eq_ignore_ascii_case(method)).cloned().collect()
    }

    /// Calls received for `method`, including faulted and refused ones.
    pub fn call_count(&self, method: &str) -> usize {
        self.shared.lock().calls.get(&method.to_ascii_lowercase()).copied().unwrap_or(0)
    }

    /// The next `times` calls to `method` (any case) fail with `fault`, before any effect.
    pub fn fail_next(&self, method: &str, times: usize, fault: Fault) {
        let mut st = self.shared.lock();
        let queue = st.faults.entry(method.to_ascii_lowercase()).or_default();
        queue.extend(std::iter::repeat_n(Some(fault), times));
    }

    /// The next `passing` calls to `method` succeed, the one after fails with `fault` (the
    /// second part of a long text, say).
    pub fn fail_after(&self, method: &str, passing: usize, fault: Fault) {
        let mut st = self.shared.lock();
        let queue = st.faults.entry(method.to_ascii_lowercase()).or_default();
        queue.extend(std::iter::repeat_n(None, passing));
        queue.push_back(Some(fault));
    }

    /// From now on every send to `user_id` fails with 403 "bot was blocked by the user".
    pub fn block_bot(&self, user_id: i64, blocked: bool) {
        let mut st = self.shared.lock();
        if blocked {
            st.blocked_by.insert(user_id);
        } else {
            st.blocked_by.remove(&user_id);
        }
    }

    /// Moves the fake's clock (message dates, the 48 h delete window) forward.
    pub fn advance_clock(&self, secs: i64) {
        self.shared.lock().clock_offset += secs;
    }

    /// Ids of messages in `chat_id` that are not deleted, oldest first, both directions.
    pub fn live_messages(&self, chat_id: i64) -> Vec<i64> {
        let st = self.shared.lock();
        let mut ids: Vec<i64> =
            st.messages.iter().filter(|((c, _), m)| *c == chat_id && !m.deleted).map(|((_, id), _)| *id).collect();
        ids.sort_unstable();
        ids
    }

    /// The message as Telegram would now show it (text after edits, markup), if not deleted.
    pub fn message(&self, chat_id: i64, message_id: i64) -> Option<Value> {
        self.shared.lock().messages.get(&(chat_id, message_id)).filter(|m| !m.deleted).map(|m| m.json.clone())
    }

    /// The bot-wide (default scope) command list last set for `language_code` ("" for the default).
    pub fn commands(&self, language_code: &str) -> Option<Value> {
        self.scoped_commands("default", language_code)
    }

    /// The command list of one chat (scope `chat`) for `language_code` ("" for everyone in it).
    pub fn chat_commands(&self, chat_id: i64, language_code: &str) -> Option<Value> {
        self.scoped_commands(&format!("chat:{chat_id}"), language_code)
    }

    /// The command list of a scope as the fake keys it (`default`, `chat:<id>` …).
    pub fn scoped_commands(&self, scope: &str, language_code: &str) -> Option<Value> {
        self.shared.lock().commands.get(&(scope.to_owned(), language_code.to_owned())).cloned()
    }

    /// From now on `setMyCommands` refuses `code` as Telegram refuses an invalid one.
    pub fn refuse_menu_language(&self, code: &str) {
        self.shared.lock().refused_menu_codes.insert(code.to_owned());
    }

    pub fn file(&self, file_id: &str) -> Option<FakeFile> {
        self.shared.lock().files.get(file_id).cloned()
    }
}

fn serve(listener: tokio::net::TcpListener, shared: Arc<Shared>) -> (oneshot::Sender<()>, JoinHandle<()>) {
    let (stop, stopped) = oneshot::channel::<()>();
    let app = server::router(shared);
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await;
    });
    (stop, task)
}

impl Drop for FakeTelegram {
    fn drop(&mut self) {
        self.signal_stop();
    }
}
