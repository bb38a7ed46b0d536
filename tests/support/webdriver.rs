//! A small WebDriver client for end-to-end tests of the real window: tauri-driver in front of
#![allow(dead_code)]
//! WebKitWebDriver, under Xvfb. Written over ureq + serde_json instead of a WebDriver crate,
//! which would change feature unification and rebuild the whole app (see TOOLCHAIN.md).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn tauri_driver_path() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|d| d.join("bin/tauri-driver"));
    match in_cargo_home {
        Some(p) if p.exists() => p,
        _ => PathBuf::from("tauri-driver"),
    }
}

/// A running tauri-driver; stopped with SIGTERM on drop (SIGKILL would orphan
/// WebKitWebDriver).
pub struct Driver {
    child: Child,
    base: String,
    agent: ureq::Agent,
}

impl Driver {
    pub fn start() -> Self {
        Self::start_with_env(&[])
    }

    /// Starts tauri-driver with extra environment variables, which reach the app it launches
    /// (e.g. `FONTCONFIG_FILE` to hide the system's fonts from the window).
    pub fn start_with_env(env: &[(&str, &Path)]) -> Self {
        Self::spawn(env, true)
    }

    /// As a user runs it: every save opens the native dialog (nothing stands in for it).
    pub fn start_with_native_dialogs() -> Self {
        Self::spawn(&[], false)
    }

    fn spawn(env: &[(&str, &Path)], accept_suggested_paths: bool) -> Self {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "end-to-end tests need an X display: run them under Xvfb (scripts/test.sh does)"
        );
        let (port, native) = (free_port(), free_port());
        let child = Command::new(tauri_driver_path())
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .envs(env.iter().copied())
            // Native save dialogs cannot be clicked from WebDriver: debug builds then take the
            // path typed in the window as the pick (release builds have no such switch).
            .envs(accept_suggested_paths.then_some(("REGDESK_E2E_ACCEPT_SUGGESTED_PATHS", "1")))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver must be installed (cargo install tauri-driver --version '^2' --locked)");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let driver = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            agent,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while driver
            .agent
            .get(format!("{}/status", driver.base))
            .call()
            .is_err()
        {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not start listening"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    fn send(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        match self.try_send(method, path, body) {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        }
    }

    /// As `send`, with WebDriver's error (a stale element while the page re-renders) returned.
    fn try_send(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}{path}", self.base);
        let mut response = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, body) => self
                .agent
                .post(&url)
                .send_json(body.unwrap_or_else(|| json!({}))),
        }
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status();
        let value: Value = response.body_mut().read_json().unwrap_or(Value::Null);
        if !status.is_success() {
            return Err(format!("{method} {path} -> {status}: {value}"));
        }
        Ok(value["value"].clone())
    }

    /// Launches the app binary with the given data folder and returns the session.
    pub fn launch<'a>(&'a self, app: &Path, data_dir: &Path) -> Session<'a> {
        let caps = json!({"capabilities": {"alwaysMatch": {"tauri:options": {
            "application": app,
            "args": ["--data-dir", data_dir],
        }}}});
        let value = self.send("POST", "/session", Some(caps));
        let id = value["sessionId"].as_str().expect("session id").to_owned();
        Session { driver: self, id }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

pub struct Session<'a> {
    driver: &'a Driver,
    id: String,
}

pub struct Element<'s, 'a> {
    session: &'s Session<'a>,
    id: String,
}

impl<'a> Session<'a> {
    fn path(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.id)
    }

    /// Waits up to 15 s for an element matching the CSS selector.
    pub fn find(&self, css: &str) -> Element<'_, 'a> {
        self.wait_for(css, |_| true)
    }

    /// Finds `css` and clicks it; found again when the page re-rendered it between the search
    /// and the click (WebKitWebDriver answers "stale element reference": a language switch
    /// right after the first start lost a CI run to it).
    pub fn click(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let el = self.find(css);
            match self
                .driver
                .try_send("POST", &el.path("/click"), Some(json!({})))
            {
                Ok(_) => return,
                Err(e) if e.contains("stale element") && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(e) => panic!("{e}"),
            }
        }
    }

    /// Waits until an element matching `css` has text satisfying `accept`.
    pub fn wait_for(&self, css: &str, accept: impl Fn(&str) -> bool) -> Element<'_, 'a> {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut last_error = None;
        loop {
            // WebKitWebDriver may answer the search itself with "stale element" while the page
            // re-renders: searched again, like a stale result below.
            let found = self
                .driver
                .try_send(
                    "POST",
                    &self.path("/elements"),
                    Some(json!({"using": "css selector", "value": css})),
                )
                .unwrap_or_else(|e| {
                    last_error = Some(e);
                    Value::Null
                });
            for e in found.as_array().into_iter().flatten() {
                let el = Element {
                    session: self,
                    id: e[ELEMENT_KEY].as_str().unwrap_or_default().to_owned(),
                };
                // An element re-rendered between the search and the read is searched again.
                let text = self.driver.try_send("GET", &el.path("/text"), None);
                if text.is_ok_and(|t| accept(t.as_str().unwrap_or_default())) {
                    return el;
                }
            }
            assert!(
                Instant::now() < deadline,
                "no element {css} with the expected text appeared (last error: {last_error:?})"
            );
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    pub fn texts(&self, css: &str) -> Vec<String> {
        let found = self.driver.send(
            "POST",
            &self.path("/elements"),
            Some(json!({"using": "css selector", "value": css})),
        );
        found
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                Element {
                    session: self,
                    id: e[ELEMENT_KEY].as_str().unwrap_or_default().to_owned(),
                }
                .text()
            })
            .collect()
    }

    pub fn title(&self) -> String {
        self.driver
            .send("GET", &self.path("/title"), None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Runs an asynchronous script in the page; it calls `arguments[0]` with its result.
    pub fn execute_async(&self, script: &str) -> Value {
        self.driver.send(
            "POST",
            &self.path("/execute/async"),
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Runs a synchronous script in the page with `args`; answers what it returns.
    pub fn execute(&self, script: &str, args: &[Value]) -> Value {
        self.driver.send(
            "POST",
            &self.path("/execute/sync"),
            Some(json!({"script": script, "args": args})),
        )
    }

    /// Resizes the window (outer size, as WebDriver's window rect sets it).
    pub fn set_window_size(&self, width: u32, height: u32) {
        self.driver.send(
            "POST",
            &self.path("/window/rect"),
            Some(json!({"width": width, "height": height, "x": 0, "y": 0})),
        );
    }

    /// A PNG of the window, as WebDriver's screenshot returns it (base64).
    pub fn screenshot_base64(&self) -> String {
        self.driver
            .send("GET", &self.path("/screenshot"), None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub fn close(self) {
        self.driver.send("DELETE", &self.path(""), None);
    }
}

impl Element<'_, '_> {
    fn path(&self, rest: &str) -> String {
        self.session.path(&format!("/element/{}{rest}", self.id))
    }

    pub fn click(&self) {
        self.session
            .driver
            .send("POST", &self.path("/click"), Some(json!({})));
    }

    pub fn type_text(&self, text: &str) {
        self.session
            .driver
            .send("POST", &self.path("/value"), Some(json!({"text": text})));
    }

    /// A DOM property such as an input's `value`.
    pub fn property(&self, name: &str) -> String {
        let v = self
            .session
            .driver
            .send("GET", &self.path(&format!("/property/{name}")), None);
        v.as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| v.to_string())
    }

    pub fn text(&self) -> String {
        self.session
            .driver
            .send("GET", &self.path("/text"), None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}
