//! `hopenow init` as an operator runs it: from an empty folder and a real Synapse to a staffer
//! decrypting a visitor's first message; again, changing nothing; stopped halfway, then
//! finished; refusing what it must; and asking on a terminal without showing what is typed.
//!
//! The command line runs in a child process (this test binary again, running
//! [`hopenow_child`]), as an operator's shell would run `hopenow`.

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hopenow_tests::fake_telegram::{FakeTelegram, FakeUser};
use hopenow_tests::staff_client::StaffClient;
use hopenow_tests::synapse::Synapse;
use hopenow_tests::telegram_bridge::wait_until;
use serde_json::Value;

const ARGS: &str = "HOPENOW_INIT_CHILD_ARGS";
const PASSWORD: &str = "staff password for the init tests";
const TOKEN: &str = "424242:CANARY-telegram-token-for-init";
const LIMIT: Duration = Duration::from_secs(90);

/// The `hopenow` command line with the arguments in [`ARGS`] (JSON), as a process of its own.
#[test]
#[ignore = "run by the init tests as the hopenow command"]
fn hopenow_child() {
    let args: Vec<String> = serde_json::from_str(&std::env::var(ARGS).unwrap()).unwrap();
    let args = std::iter::once("hopenow".to_owned()).chain(args).map(Into::into).collect();
    let code = bot::cli::main_with(args);
    std::process::exit(if code == std::process::ExitCode::SUCCESS { 0 } else { 1 });
}

/// `hopenow ARGS` as a command, with none of the bridge's variables from the test's environment.
fn hopenow(args: &[&str]) -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--ignored", "--exact", "init::hopenow_child", "--nocapture", "--test-threads", "1"])
        .env(ARGS, serde_json::to_string(args).unwrap())
        .stdin(Stdio::null());
    for name in [
        "HOPENOW_CONFIG",
        "HOPENOW_MASTER_KEY",
        "HOPENOW_MATRIX_PASSWORD",
        "HOPENOW_TELEGRAM_TOKEN",
        "HOPENOW_ADMIN_TOKEN",
        "HOPENOW_REGISTRATION_SECRET",
        "CREDENTIALS_DIRECTORY",
    ] {
        command.env_remove(name);
    }
    command
}

/// Runs `hopenow init --config <dir>/etc/hopenow.toml --answers <answers>` to its end.
async fn init(config: &Path, answers: &Path) -> (bool, String) {
    let (config, answers) = (config.to_owned(), answers.to_owned());
    let output: Output = tokio::task::spawn_blocking(move || {
        hopenow(&["init", "--config", config.to_str().unwrap(), "--answers", answers.to_str().unwrap()])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    // HOPENOW_TEST_SHOW=1 shows what an operator would see.
    if std::env::var_os("HOPENOW_TEST_SHOW").is_some() {
        println!("{text}");
    }
    (output.status.success(), text)
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Writes an owner-only secret file.
fn secret_file(path: &Path, secret: &str) -> PathBuf {
    std::fs::write(path, format!("{secret}\n")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path.to_owned()
}

struct Setup {
    synapse: Synapse,
    admin: String,
    /// Holds the answers and the secret files the operator brings.
    operator: tempfile::TempDir,
    /// Where init writes: `etc/hopenow.toml` and what goes beside it.
    machine: tempfile::TempDir,
}

impl Setup {
    async fn start() -> Setup {
        let synapse = tokio::task::spawn_blocking(Synapse::start).await.unwrap().unwrap();
        for user in ["grace", "ana"] {
            synapse.register(user, PASSWORD, false).unwrap();
        }
        let admin = synapse.admin_token("admin", PASSWORD).unwrap();
        Setup { synapse, admin, operator: tempfile::tempdir().unwrap(), machine: tempfile::tempdir().unwrap() }
    }

    fn config(&self) -> PathBuf {
        self.machine.path().join("etc/hopenow.toml")
    }

    fn user(&self, localpart: &str) -> String {
        format!("@{localpart}:{}", self.synapse.server_name())
    }

    /// An answers file for the bot `bot`, with `extra` lines (secret files, Telegram).
    fn answers(&self, bot: &str, extra: &str) -> PathBuf {
        let text = format!(
            "homeserver = \"{}\"\nbot_user = \"{}\"\n{extra}\n\
             [[staff]]\nid = \"grace\"\nalias = \"Grace\"\nmatrix_user = \"{}\"\nlanguages = [\"en\"]\nroles = [\"outreach\"]\n\n\
             [[staff]]\nid = \"ana\"\nalias = \"Ana\"\nmatrix_user = \"{}\"\nlanguages = [\"ro\", \"en\"]\nroles = [\"outreach\", \"coordinator\"]\n",
            self.synapse.url(),
            self.user(bot),
            self.user("grace"),
            self.user("ana"),
        );
        let path = self.operator.path().join("answers.toml");
        std::fs::write(&path, text).unwrap();
        path
    }

    fn admin_get(&self, path: &str) -> Value {
        let (status, body) = self.synapse.api("GET", path, Some(&self.admin), None).unwrap();
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    fn joined_rooms(&self, bot: &str) -> usize {
        self.admin_get(&format!("/_synapse/admin/v1/users/{}/joined_rooms", self.user(bot)))["joined_rooms"]
            .as_array()
            .unwrap()
            .len()
    }

    fn rate_limit_lifted(&self, bot: &str) -> bool {
        let body = self.admin_get(&format!("/_synapse/admin/v1/users/{}/override_ratelimit", self.user(bot)));
        body["messages_per_second"] == 0 && body["burst_count"] == 0
    }
}

fn files_written(config: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let folder = config.parent().unwrap();
    ["hopenow.toml", "master.key", "matrix-password", "telegram-token"]
        .iter()
        .map(|name| (folder.join(name), std::fs::read(folder.join(name)).unwrap()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn init_from_nothing_to_a_decrypted_first_visitor_message_and_again_changes_nothing() {
    let setup = Setup::start().await;
    // The team set up Element before: their sessions are cross-signed, as the bridge requires.
    let grace = StaffClient::login(&setup.synapse.url(), "grace", PASSWORD).await;
    let _ana = StaffClient::login(&setup.synapse.url(), "ana", PASSWORD).await;
    let fake = FakeTelegram::start_with_token(TOKEN).await;
    let dir = setup.operator.path();
    let extra = format!(
        "registration_secret_file = \"{}\"\nadmin_token_file = \"{}\"\ntelegram_token_file = \"{}\"\ntelegram_api_url = \"{}\"\n",
        secret_file(&dir.join("shared-secret"), setup.synapse.shared_secret()).display(),
        secret_file(&dir.join("admin-token"), &setup.admin).display(),
        secret_file(&dir.join("token"), TOKEN).display(),
        fake.url().as_str().trim_end_matches('/'),
    );
    let answers = setup.answers("hopenow-bot", &extra);
    let config = setup.config();

    let (ok, said) = init(&config, &answers).await;
    assert!(ok, "init succeeds:\n{said}");
    let etc = config.parent().unwrap();
    assert_eq!(mode(&etc.join("master.key")), 0o600);
    assert_eq!(mode(&etc.join("matrix-password")), 0o600);
    assert_eq!(mode(&etc.join("telegram-token")), 0o600);
    assert_eq!(mode(&etc.join("data")), 0o700);
    assert_eq!(mode(&config) & 0o007, 0, "the config is not for every user");
    let password = std::fs::read_to_string(etc.join("matrix-password")).unwrap();
    let text = std::fs::read_to_string(&config).unwrap();
    for (what, secret) in [
        ("shared secret", setup.synapse.shared_secret()),
        ("admin token", setup.admin.as_str()),
        ("Telegram token", TOKEN),
        ("bot password", password.trim()),
    ] {
        assert!(!text.contains(secret), "the config holds no {what}");
        assert!(!said.contains(secret), "init's output holds no {what}:\n{said}");
    }
    assert!(text.contains("password_file = \"matrix-password\"") && text.contains("token_file = \"telegram-token\""));
    assert!(said.contains("The check passed."), "check --online passes:\n{said}");
    assert!(said.contains("Next: hopenow run --config"), "{said}");
    assert!(setup.rate_limit_lifted("hopenow-bot"), "the bot's rate limits are lifted");
    assert_eq!(setup.joined_rooms("hopenow-bot"), 1, "one duty room");
    let duty = text.lines().find_map(|l| l.strip_prefix("duty_room = ")).unwrap().trim_matches('"').to_owned();
    let duty: matrix_sdk::ruma::OwnedRoomId = duty.try_into().unwrap();
    wait_until("grace joins the duty room she was invited to", LIMIT, || {
        grace.client.get_room(&duty).is_some_and(|r| r.state() == matrix_sdk::RoomState::Joined)
    })
    .await;
    assert!(grace.client.get_room(&duty).unwrap().latest_encryption_state().await.unwrap().is_encrypted());

    // Again: nothing changes, and it says so.
    let before = files_written(&config);
    let (ok, said) = init(&config, &answers).await;
    assert!(ok, "the second run succeeds:\n{said}");
    assert!(said.contains("nothing changed"), "{said}");
    assert!(!said.contains("\ndone "), "no step did anything:\n{said}");
    assert_eq!(files_written(&config), before, "every file byte-identical");
    assert_eq!(setup.joined_rooms("hopenow-bot"), 1, "still one duty room");
    let devices = setup.admin_get(&format!("/_synapse/admin/v2/users/{}/devices", setup.user("hopenow-bot")));
    assert_eq!(devices["total"], 1, "one bot device: {devices}");

    // The bridge as the operator starts it, and a first visitor.
    let mut bridge = Bridge(
        hopenow(&["run", "--config", config.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    let bot = matrix_sdk::ruma::OwnedUserId::try_from(setup.user("hopenow-bot")).unwrap();
    while !grace.received().iter().any(|r| r.room == duty && r.sender == bot) {
        assert!(started.elapsed() < LIMIT, "the bridge answers !duty on in the duty room");
        grace.say(&duty, "!duty on").await;
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    // Once more now that the bridge surely syncs: a message from before its first sync may be skipped.
    grace.say(&duty, "!duty on").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let visitor = FakeUser::new(777_001, "Visitor", None, Some("en"));
    fake.push_text(&visitor, "hello, is anyone there? CANARY-first-words");
    wait_until("grace decrypts the visitor's first message", LIMIT, || {
        grace
            .received()
            .iter()
            .any(|r| r.room != duty && r.sender == bot && r.encrypted && r.body.contains("CANARY-first-words"))
    })
    .await;
    bridge.0.kill().unwrap();
    bridge.0.wait().unwrap();
}

/// Kills the bridge if the test fails before it does.
struct Bridge(Child);

impl Drop for Bridge {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn init_stopped_after_the_duty_room_finishes_on_the_next_run_with_one_room() {
    let setup = Setup::start().await;
    let dir = setup.operator.path();
    let secret = secret_file(&dir.join("shared-secret"), setup.synapse.shared_secret());
    let token = secret_file(&dir.join("admin-token"), "not-an-admin-token");
    let extra = format!(
        "registration_secret_file = \"{}\"\nadmin_token_file = \"{}\"\ntelegram = false\nservice_user = \"nobody\"\n",
        secret.display(),
        token.display()
    );
    let answers = setup.answers("bot-halfway", &extra);
    let config = setup.config();

    let (ok, said) = init(&config, &answers).await;
    assert!(!ok, "a wrong admin token stops it:\n{said}");
    assert!(said.contains("refused the admin token") && said.contains("--admin-token-file"), "{said}");
    assert!(said.contains("done encrypted duty room"), "the room was made before it stopped:\n{said}");
    assert_eq!(setup.joined_rooms("bot-halfway"), 1);
    // Even a failed run gives the data dir to the service user, or the service could not open it.
    let nobody = owner_of_nobody();
    let data = config.parent().unwrap().join("data");
    assert_eq!(std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(&data).unwrap()), nobody);
    assert_eq!(std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(data.join("matrix")).unwrap()), nobody);

    secret_file(&token, &setup.admin);
    let (ok, said) = init(&config, &answers).await;
    assert!(ok, "fixed, the next run finishes:\n{said}");
    assert!(said.contains("ok   encrypted duty room"), "the room made before is found again:\n{said}");
    assert_eq!(setup.joined_rooms("bot-halfway"), 1, "exactly one duty room");
    assert!(setup.rate_limit_lifted("bot-halfway"));
}

/// The uid of `nobody`, from /etc/passwd.
fn owner_of_nobody() -> u32 {
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    passwd
        .lines()
        .find_map(|l| l.strip_prefix("nobody:x:"))
        .and_then(|rest| rest.split(':').next())
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn init_refuses_a_wrong_password_for_an_existing_account_and_writes_nothing() {
    let setup = Setup::start().await;
    setup.synapse.register("existing-bot", "the real password", false).unwrap();
    let wrong = secret_file(&setup.operator.path().join("password"), "not the password");
    let answers =
        setup.answers("existing-bot", &format!("bot_password_file = \"{}\"\ntelegram = false\n", wrong.display()));
    let (ok, said) = init(&setup.config(), &answers).await;
    assert!(!ok);
    assert!(said.contains("refused the password") && said.contains("--bot-password-file"), "{said}");
    assert!(said.contains("Nothing was written"), "{said}");
    assert_eq!(std::fs::read_dir(setup.machine.path()).unwrap().count(), 0, "nothing written");
}

#[tokio::test]
async fn init_refuses_a_secret_file_others_can_read_and_a_missing_answer() {
    let operator = tempfile::tempdir().unwrap();
    let machine = tempfile::tempdir().unwrap();
    let config = machine.path().join("hopenow.toml");
    let open = operator.path().join("shared-secret");
    std::fs::write(&open, "secret\n").unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
    let staff =
        "\n[[staff]]\nid = \"grace\"\nalias = \"Grace\"\nmatrix_user = \"@grace:x.test\"\nroles = [\"outreach\"]\n";
    let answers = operator.path().join("answers.toml");
    std::fs::write(
        &answers,
        format!("homeserver = \"http://127.0.0.1:9\"\nbot_user = \"@bot:x.test\"\nregistration_secret_file = \"shared-secret\"\n{staff}"),
    )
    .unwrap();
    let (ok, said) = init(&config, &answers).await;
    assert!(!ok);
    assert!(said.contains("--registration-secret-file") && said.contains("chmod 600"), "{said}");

    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::write(&answers, "bot_user = \"@bot:x.test\"\nregistration_secret_file = \"shared-secret\"\n").unwrap();
    let (ok, said) = init(&config, &answers).await;
    assert!(!ok);
    assert!(said.contains("--homeserver (answers key homeserver)"), "{said}");
    assert_eq!(std::fs::read_dir(machine.path()).unwrap().count(), 0, "nothing written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn init_on_a_terminal_asks_and_never_shows_the_typed_secret() {
    let setup = Setup::start().await;
    let answers = setup.answers("bot-typed", "telegram = false\n");
    let config = setup.config();
    let args = ["init", "--config", config.to_str().unwrap(), "--answers", answers.to_str().unwrap()];
    let mut terminal = Terminal::spawn(&args, "");
    let secret = setup.synapse.shared_secret().to_owned();
    for (prompt, answer) in [
        ("registration_shared_secret", secret.as_str()),
        ("admin's access token", ""),
        ("Time zone [Europe/Copenhagen]", ""),
        ("Emergency numbers", "112, 1813"),
        ("Opening hours", ""),
        ("Data dir", ""),
    ] {
        terminal.answer(prompt, &format!("{answer}\n")).await;
    }
    let (status, text) = terminal.finish().await;
    assert!(status.success(), "init on a terminal succeeds:\n{text}");
    assert!(!text.contains(&secret), "the typed secret never shows:\n{text}");
    assert!(
        text.contains("112, 1813"),
        "what is not secret is echoed as typed (so the check above means something):\n{text}"
    );
    assert!(text.contains("bot account @bot-typed"), "{text}");
    let written = std::fs::read_to_string(&config).unwrap();
    assert!(
        written.contains("emergency_numbers = \"112, 1813\"") && written.contains("time_zone = \"Europe/Copenhagen\"")
    );
}

/// The operator gives up at a secret prompt: Ctrl-C stops init, and their terminal echoes again
/// (a plain SIGINT would have left it blind, every later command typed unseen).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn init_stopped_with_ctrl_c_at_a_secret_prompt_gives_the_terminal_its_echo_back() {
    let setup = Setup::start().await;
    let answers = setup.answers("bot-quit", "telegram = false\n");
    let config = setup.config();
    let args = ["init", "--config", config.to_str().unwrap(), "--answers", answers.to_str().unwrap()];
    let mut terminal = Terminal::spawn(&args, "; echo \"init exited $?\"; stty -a");
    terminal.answer("registration_shared_secret", "half-typed-CANARY\x03").await;
    let (_, text) = terminal.finish().await;
    assert!(text.contains("stopped (Ctrl-C)"), "init says it stopped:\n{text}");
    assert!(text.contains("init exited 130"), "the shell's usual code for Ctrl-C:\n{text}");
    assert!(!text.contains("half-typed-CANARY"), "what was typed never shows:\n{text}");
    let modes: Vec<&str> = text.split_whitespace().collect();
    for mode in ["echo", "icanon", "isig"] {
        assert!(modes.contains(&mode), "the terminal has {mode} back:\n{text}");
        assert!(!modes.contains(&format!("-{mode}").as_str()), "the terminal has {mode} back:\n{text}");
    }
    assert!(!config.exists(), "nothing was written");
}

/// `hopenow ARGS` on a pseudo-terminal (`script`), then the shell command `after`; what the
/// terminal shows is collected as it comes.
struct Terminal {
    child: Child,
    stdin: std::process::ChildStdin,
    screen: Arc<Mutex<String>>,
    seen: usize,
}

impl Terminal {
    fn spawn(args: &[&str], after: &str) -> Terminal {
        let inner = hopenow(args);
        let mut command = Command::new("script");
        command.args([
            "-qfec",
            &format!(
                "{} --ignored --exact init::hopenow_child --nocapture --test-threads 1{after}",
                std::env::current_exe().unwrap().display()
            ),
            "/dev/null",
        ]);
        for (name, value) in inner.get_envs() {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let screen = Arc::new(Mutex::new(String::new()));
        let mut stdout = child.stdout.take().unwrap();
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let stdin = child.stdin.take().unwrap();
        Terminal { child, stdin, screen, seen: 0 }
    }

    /// Waits for `prompt`, then types `keys`.
    async fn answer(&mut self, prompt: &str, keys: &str) {
        let started = Instant::now();
        loop {
            let text = self.screen.lock().unwrap().clone();
            if let Some(at) = text[self.seen..].find(prompt) {
                self.seen += at + prompt.len();
                break;
            }
            assert!(started.elapsed() < LIMIT, "the prompt {prompt:?} never came:\n{text}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // After the prompt's colon is shown, so echo is already off for a secret.
        tokio::time::sleep(Duration::from_millis(200)).await;
        self.stdin.write_all(keys.as_bytes()).unwrap();
    }

    /// Waits for the end; its status and everything the terminal showed.
    async fn finish(self) -> (std::process::ExitStatus, String) {
        let Terminal { mut child, stdin, screen, .. } = self;
        let status = tokio::task::spawn_blocking(move || child.wait().unwrap()).await.unwrap();
        drop(stdin);
        let text = screen.lock().unwrap().clone();
        (status, text)
    }
}
