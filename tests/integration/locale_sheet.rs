//! The review sheet in a real browser: `hopenow locales sheet` writes it, headless Chromium opens
//! it at phone width, a reviewer's clicks and typing mark one message OK and correct another,
//! the Export button downloads the answer, and `hopenow locales apply` brings it into a copy of
//! `locales/`, which `locales check` then passes.
//!
//! Chromium is driven over the DevTools protocol on `--remote-debugging-pipe` (fds 3 and 4, set
//! up by the shell: no unsafe code, no WebSocket crate).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use serde_json::{Value, json};

/// Only a guard against a browser that hangs; nothing asserts how fast anything is.
const PATIENCE: Duration = Duration::from_secs(120);

fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("HOPENOW_CHROMIUM") {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            if dir.join(name).is_file() {
                return dir.join(name);
            }
        }
    }
    panic!(
        "this test needs Chromium and it is not installed: on Debian run \
         `apt-get install -y --no-install-recommends chromium fonts-noto-core fonts-noto-cjk` \
         (.ci/run does it), or set HOPENOW_CHROMIUM to a Chromium binary"
    );
}

struct Browser {
    child: Child,
    input: ChildStdin,
    output: Receiver<Value>,
    next_id: u64,
    events: Vec<Value>,
}

impl Browser {
    fn start(profile: &Path) -> Browser {
        let mut child = Command::new("sh")
            .arg("-c")
            // fd 3: commands to Chromium; fd 4: its answers. Chromium's own output is not ours.
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null"#)
            .arg(chromium())
            .args([
                "--headless",
                "--remote-debugging-pipe",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        let input = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, output) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut message = Vec::new();
                match reader.read_until(0, &mut message) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                message.pop();
                if let Ok(value) = serde_json::from_slice::<Value>(&message)
                    && sender.send(value).is_err()
                {
                    return;
                }
            }
        });
        Browser { child, input, output, next_id: 0, events: Vec::new() }
    }

    fn receive(&mut self) -> Value {
        match self.output.recv_timeout(PATIENCE) {
            Ok(value) => value,
            Err(RecvTimeoutError::Timeout) => panic!("chromium did not answer"),
            Err(RecvTimeoutError::Disconnected) => panic!("chromium stopped"),
        }
    }

    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut command = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            command["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&command).unwrap();
        bytes.push(0);
        self.input.write_all(&bytes).unwrap();
        self.input.flush().unwrap();
        loop {
            let message = self.receive();
            if message["id"] == json!(id) {
                assert!(message.get("error").is_none(), "{method}: {message}");
                return message["result"].clone();
            }
            self.events.push(message);
        }
    }

    fn wait_for(&mut self, what: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.events.iter().position(&what) {
            return self.events.remove(at);
        }
        loop {
            let message = self.receive();
            if what(&message) {
                return message;
            }
            self.events.push(message);
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A page of the browser, attached in "flat" mode: its commands carry the session id.
struct Page<'b> {
    browser: &'b mut Browser,
    session: String,
}

impl Page<'_> {
    fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.browser.call(Some(&session), method, params)
    }

    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call("Runtime.evaluate", json!({ "expression": expression, "returnByValue": true }));
        assert!(result.get("exceptionDetails").is_none(), "{expression}: {result}");
        result["result"]["value"].clone()
    }

    /// A real click (mouse down and up) in the middle of the element `selector` finds.
    fn click(&mut self, selector: &str) {
        let point = self.eval(&format!(
            "(() => {{ const e = document.querySelector({selector:?}); e.scrollIntoView({{block: 'center'}}); \
             const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }})()"
        ));
        let (x, y) = (point[0].as_f64().unwrap(), point[1].as_f64().unwrap());
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
            );
        }
    }

    /// Replaces the text of the field `selector` finds by typing, as a keyboard would.
    fn type_into(&mut self, selector: &str, text: &str) {
        self.click(selector);
        self.eval(&format!("document.querySelector({selector:?}).select()"));
        self.call("Input.insertText", json!({ "text": text }));
    }
}

fn copy_locales(to: &Path) {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../locales");
    for entry in std::fs::read_dir(&shipped).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_type().unwrap().is_dir() {
            continue;
        }
        std::fs::create_dir_all(to.join(entry.file_name())).unwrap();
        for file in std::fs::read_dir(entry.path()).unwrap() {
            let file = file.unwrap();
            if file.file_type().unwrap().is_file() {
                std::fs::copy(file.path(), to.join(entry.file_name()).join(file.file_name())).unwrap();
            }
        }
    }
}

fn body(source: &str) -> Vec<String> {
    source.lines().skip_while(|l| l.starts_with("###")).map(str::to_owned).collect()
}

#[test]
fn a_reviewer_marks_and_corrects_in_chromium_and_apply_brings_it_into_the_ftl() {
    let work = tempfile::tempdir().unwrap();
    let locales = work.path().join("locales");
    copy_locales(&locales);
    let before = std::fs::read_to_string(locales.join("da/hopenow.ftl")).unwrap();
    let sheet = work.path().join("review-da.html");
    bot::commands::locales::sheet::run(&locales, "da", &sheet).unwrap();

    let downloads = work.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let mut browser = Browser::start(&work.path().join("profile"));
    browser.call(
        None,
        "Browser.setDownloadBehavior",
        json!({ "behavior": "allow", "downloadPath": downloads.to_str().unwrap(), "eventsEnabled": true }),
    );
    let target = browser.call(None, "Target.createTarget", json!({ "url": "about:blank" }));
    let attached =
        browser.call(None, "Target.attachToTarget", json!({ "targetId": target["targetId"], "flatten": true }));
    let session = attached["sessionId"].as_str().unwrap().to_owned();
    let mut page = Page { browser: &mut browser, session };
    page.call(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true }),
    );
    page.call("Page.enable", json!({}));
    page.call("Page.navigate", json!({ "url": format!("file://{}", sheet.display()) }));
    let session = page.session.clone();
    page.browser.wait_for(|m| m["method"] == "Page.loadEventFired" && m["sessionId"] == json!(session));

    let cards = page.eval("document.querySelectorAll('section.msg').length").as_u64().unwrap();
    assert!(cards >= 60, "a card per message: {cards}");
    let widest = page.eval("Math.max(...[...document.querySelectorAll('.phone')].map(e => e.getBoundingClientRect().width))");
    assert!(widest.as_f64().unwrap() <= 360.0, "phone-width boxes: {widest}");
    let current = before.lines().find_map(|l| l.strip_prefix("hidden = ")).unwrap().to_owned();
    let shown = page.eval("document.querySelector('#m-hidden .phone[lang=da] .bubble').innerText");
    assert_eq!(shown, json!(current), "the translation as the file has it");

    // Exporting without a name is refused on the page itself.
    page.click("#export");
    assert_eq!(page.eval("document.getElementById('problem').textContent"), json!("Please write your name at the top first."));

    page.type_into("#reviewer", "Amina K.");
    page.click("#m-received input[value=ok]");
    let correction = "Så er det gjort – denne besked forsvinder også.";
    assert_ne!(current, correction);
    page.type_into("#m-hidden textarea.fix", correction);
    assert_eq!(page.eval("document.querySelector('#m-hidden input[value=change]').checked"), json!(true));
    assert_eq!(page.eval("document.getElementById('progress').textContent.startsWith('2 of ')"), json!(true));
    page.click("#export");
    let shown = page.eval("document.getElementById('export-text').value");
    let guid = page
        .browser
        .wait_for(|m| m["method"] == "Browser.downloadWillBegin")["params"]["guid"]
        .clone();
    page.browser
        .wait_for(|m| m["method"] == "Browser.downloadProgress" && m["params"]["guid"] == guid && m["params"]["state"] == "completed");
    drop(browser);

    let files: Vec<PathBuf> = std::fs::read_dir(&downloads).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let exported = std::fs::read_to_string(&files[0]).unwrap();
    assert_eq!(json!(exported), shown, "the download and the text shown to copy are the same");
    let review: Value = serde_json::from_str(&exported).unwrap();
    let date = review["date"].as_str().unwrap().to_owned();
    assert!(files[0].ends_with(format!("review-da-{date}.json")), "{files:?}");
    assert_eq!(review["reviewer"], "Amina K.");
    let marks: Vec<(&str, &str)> = review["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["id"].as_str().unwrap(), m["status"].as_str().unwrap()))
        .collect();
    assert_eq!(marks, [("received", "ok"), ("hidden", "change")]);

    let code = bot::commands::locales::apply::run(&files[0], &locales).unwrap();
    assert_eq!(format!("{code:?}"), format!("{:?}", std::process::ExitCode::SUCCESS));
    let after = std::fs::read_to_string(locales.join("da/hopenow.ftl")).unwrap();
    let (old, new) = (body(&before), body(&after));
    assert_eq!(old.len(), new.len());
    let changed: Vec<&String> = old.iter().zip(&new).filter(|(a, b)| a != b).map(|(_, b)| b).collect();
    assert_eq!(changed, [&format!("hidden = {correction}")], "that message only");
    let header: Vec<&str> = after.lines().take_while(|l| l.starts_with("###")).collect();
    assert!(header.iter().any(|l| l.starts_with("### Reviewed: Amina K. (native review of 2 of ")), "{header:?}");
    assert!(header.contains(&format!("### Date: {date}").as_str()), "{header:?}");
    assert!(header.iter().any(|l| l.starts_with(&format!("### Reviewed by Amina K. on {date}"))), "{header:?}");
    let reports = bridge::i18n::check::check_dir(&locales);
    assert!(reports.iter().all(|r| r.is_complete()), "locales check passes");
}
