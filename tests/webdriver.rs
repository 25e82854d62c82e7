//! A minimal W3C WebDriver client, enough to drive the app's webview through WebKitWebDriver.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

use crate::{KillOnDrop, free_port, require_program};

/// The W3C key under which an element reference is returned.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A `WebKitWebDriver` process plus one session that launched the app binary.
#[derive(Debug)]
pub struct Session {
    base: String,
    id: String,
    _driver: KillOnDrop,
    /// The app's own data folder for this session (webview storage such as the chosen
    /// language, logs): every session starts like a first run, whatever ran before.
    _data: tempfile::TempDir,
}

impl Session {
    /// Starts WebKitWebDriver on `display` and opens a session that launches `app` with `env`.
    pub fn launch(app: &Path, display: &str, env: &[(&str, &str)]) -> Self {
        let driver_bin = require_program("WebKitWebDriver", "webkit2gtk-driver");
        let port = free_port();
        let data = tempfile::tempdir().expect("a temporary data folder");
        let mut cmd = Command::new(driver_bin);
        cmd.arg(format!("--port={port}"))
            .env("DISPLAY", display)
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            .env("XDG_DATA_HOME", data.path())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let driver = KillOnDrop(cmd.spawn().expect("start WebKitWebDriver"));
        let base = format!("http://127.0.0.1:{port}");
        wait_until(Duration::from_secs(20), "WebKitWebDriver to listen", || {
            get(&format!("{base}/status")).ok()
        });
        let caps = json!({
            "capabilities": { "alwaysMatch": {
                "webkitgtk:browserOptions": { "binary": app, "args": [] }
            }}
        });
        let reply = post(&format!("{base}/session"), &caps).expect("create a WebDriver session");
        let id = reply["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no sessionId in {reply}"))
            .to_owned();
        Self {
            base,
            id,
            _driver: driver,
            _data: data,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/session/{}{path}", self.base, self.id)
    }

    /// The first element matching a CSS selector, if present now.
    pub fn find(&self, css: &str) -> Option<String> {
        let reply = post(
            &self.url("/element"),
            &json!({ "using": "css selector", "value": css }),
        )
        .ok()?;
        reply["value"][ELEMENT_KEY].as_str().map(str::to_owned)
    }

    /// The text content of an element (read through script: WebKitWebDriver's element-text
    /// endpoint returned empty strings for rendered text here).
    pub fn text(&self, element: &str) -> Option<String> {
        let reply = post(
            &self.url("/execute/sync"),
            &json!({
                "script": "return arguments[0].textContent;",
                "args": [{ ELEMENT_KEY: element }],
            }),
        )
        .ok()?;
        reply["value"].as_str().map(|t| t.trim().to_owned())
    }

    /// Waits until the element matching `css` has text satisfying `pred`; returns the text.
    pub fn wait_for_text(
        &self,
        css: &str,
        timeout: Duration,
        pred: impl Fn(&str) -> bool,
    ) -> String {
        let mut last = String::new();
        let found = wait_until_opt(timeout, || {
            let text = self.find(css).and_then(|e| self.text(&e))?;
            if pred(&text) {
                Some(text)
            } else {
                last = text;
                None
            }
        });
        found.unwrap_or_else(|| panic!("{css} never had the expected text; last seen: {last:?}"))
    }

    /// Clicks an element.
    pub fn click(&self, element: &str) {
        post(&self.url(&format!("/element/{element}/click")), &json!({})).expect("click");
    }

    /// Types `text` into an element.
    pub fn type_text(&self, element: &str, text: &str) {
        post(
            &self.url(&format!("/element/{element}/value")),
            &json!({ "text": text }),
        )
        .expect("type text");
    }

    /// Waits (up to 10 s) for the element with this `data-testid` to be rendered.
    pub fn element(&self, testid: &str) -> String {
        wait_until(
            Duration::from_secs(10),
            &format!("element [data-testid={testid}]"),
            || self.find(&format!("[data-testid={testid}]")),
        )
    }

    /// Clicks the element with this `data-testid`, once it is rendered (found again when React
    /// replaced it between finding and clicking).
    pub fn press(&self, testid: &str) {
        wait_until(
            Duration::from_secs(10),
            &format!("a click on [data-testid={testid}]"),
            || {
                let element = self.find(&format!("[data-testid={testid}]"))?;
                post(&self.url(&format!("/element/{element}/click")), &json!({})).ok()
            },
        );
    }

    /// Replaces the text of the input with this `data-testid` (cleared the way React sees it),
    /// once it is rendered.
    pub fn fill(&self, testid: &str, text: &str) {
        let element = self.element(testid);
        let reply = post(
            &self.url("/execute/sync"),
            &json!({
                "script": "const i = arguments[0];
                    const proto = i instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
                    Object.getOwnPropertyDescriptor(proto, 'value').set.call(i, '');
                    i.dispatchEvent(new Event('input', { bubbles: true }));
                    return true;",
                "args": [{ ELEMENT_KEY: element }],
            }),
        );
        reply.unwrap_or_else(|e| panic!("clear [data-testid={testid}]: {e}"));
        self.type_text(&element, text);
    }

    /// Runs a script in the page and returns its value.
    pub fn execute(&self, script: &str) -> Value {
        let reply = post(
            &self.url("/execute/sync"),
            &json!({ "script": script, "args": [] }),
        )
        .expect("execute script");
        reply["value"].clone()
    }

    /// Saves a PNG screenshot of the window to `path`, after the page has painted.
    pub fn screenshot(&self, path: &Path) {
        let _ = post(
            &self.url("/execute/async"),
            &json!({
                "script": "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(null)));",
                "args": [],
            }),
        );
        let reply = get(&self.url("/screenshot")).expect("screenshot");
        let b64 = reply["value"].as_str().expect("base64 screenshot");
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("valid base64");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("screenshot folder");
        }
        std::fs::write(path, png).expect("write screenshot");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = ureq::delete(&format!("{}/session/{}", self.base, self.id)).call();
    }
}

fn get(url: &str) -> Result<Value, ureq::Error> {
    ureq::get(url).call()?.body_mut().read_json()
}

fn post(url: &str, body: &Value) -> Result<Value, ureq::Error> {
    ureq::post(url).send_json(body)?.body_mut().read_json()
}

fn wait_until_opt<T>(timeout: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn wait_until<T>(timeout: Duration, what: &str, f: impl FnMut() -> Option<T>) -> T {
    wait_until_opt(timeout, f).unwrap_or_else(|| panic!("timed out waiting for {what}"))
}
