//! The lock, encryption at rest and the WebView boundary in the real window (tauri-driver +
//! WebKitWebDriver under Xvfb): what a script in the page can and cannot do.

mod support;

use support::webdriver::Driver;
use support::window::{first_start, APP};

/// Calls data commands straight from the page (as a hostile script would) and answers each
/// one's error code, or "answered" if one ran.
const CALL_WHILE_LOCKED: &str = r#"
const done = arguments[arguments.length - 1];
const invoke = window.__TAURI_INTERNALS__.invoke;
const calls = [
  ["list_candidates", {}],
  ["export_package", { args: { idNumber: "500101199003070014", path: "/tmp/x.zip" } }],
  ["review_queue", {}],
  ["diagnostics", {}],
  ["set_role", { args: { role: "reviewer" } }],
];
Promise.all(calls.map(([c, a]) => invoke(c, a).then(() => "answered", (e) => (e && e.code) || String(e)))).then(done);
"#;

/// Asks, from the page, to open files and a URL this session did not write (as a hostile
/// script would); answers each one's error code.
const OPEN_UNWRITTEN: &str = r#"
const done = arguments[arguments.length - 1];
const invoke = window.__TAURI_INTERNALS__.invoke;
const paths = ["/etc/passwd", "https://example.com/", "/tmp"];
Promise.all(paths.map((path) => invoke("open_in_viewer", { args: { path } }).then(() => "opened", (e) => (e && e.code) || String(e)))).then(done);
"#;

/// Asks, from the page, to save a JPEG to a path of the script's choosing (fire and forget:
/// the call waits for the native dialog a user would answer).
const SAVE_WHERE_I_SAY: &str = r#"
const [path] = arguments;
const jpeg = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACv/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AVN//2Q==";
window.__TAURI_INTERNALS__.invoke("save_photo", { args: { path, jpegBase64: jpeg } }).then(
  () => { window.__saved = "saved"; },
  (e) => { window.__saved = (e && e.code) || String(e); });
return "asked";
"#;

#[test]
fn candidate_and_language_choice_survive_a_restart_of_the_window() {
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start();

    let session = driver.launch(APP.as_ref(), data.path());
    assert_eq!(session.title(), "考试报名助手 RegDesk");
    let recovery = first_start(&session, Some("correct Horse 9!")).unwrap();
    assert_eq!(recovery.len(), 39, "{recovery}");
    let nav = session.texts(".n-menu-item-content");
    assert_eq!(
        nav.iter().map(|s| s.trim()).collect::<Vec<_>>(),
        ["个人中心", "个人资料", "证件照工具", "考试报名", "设置"],
        "Chinese navigation of a candidate (no bulk or review dead ends)"
    );
    session.find("#reg-name").type_text("张伟");
    session.find("[data-test=reg-gender-male]").click();
    session
        .find("#reg-id-number")
        .type_text("500101199003070014");
    session.wait_for("[data-test=reg-derived]", |t| t.contains("1990-03-07"));
    session.find("#reg-mobile").type_text("13800138000");
    session.find("#reg-email").type_text("zhangwei@example.com");
    session.find("[data-test=reg-submit]").click();
    session.wait_for("[data-test=cand-name]", |t| t == "张伟");
    session.find("[data-test=lang-en]").click();
    session.wait_for("[data-test=register-form] .n-card-header", |t| {
        t.contains("Register a candidate")
    });
    session.close();

    // A password was set: the window opens locked, refuses a wrong one, opens with the right one.
    let again = driver.launch(APP.as_ref(), data.path());
    again.find("[data-test=lock-screen]");
    // A script in the page gets nothing while locked: the gate refuses before any command runs.
    let refused = again.execute_async(CALL_WHILE_LOCKED);
    assert_eq!(
        refused,
        serde_json::json!(["locked", "locked", "locked", "locked", "locked"]),
        "{refused}"
    );
    again.find("#unlock-password").type_text("wrong password");
    again.find("[data-test=unlock-go]").click();
    // English was chosen before the restart, and the lock screen already speaks it.
    again.wait_for("[data-test=unlock-error]", |t| t.contains("wrong password"));
    again.find("#unlock-password").type_text("correct Horse 9!");
    again.find("[data-test=unlock-go]").click();
    again.wait_for("[data-test=cand-name]", |t| t == "张伟");
    again.wait_for("[data-test=register-form] .n-card-header", |t| {
        t.contains("Register a candidate")
    });
    // Unlocked, a script still cannot open what this session did not write.
    assert_eq!(
        again.execute_async(OPEN_UNWRITTEN),
        serde_json::json!(["invalid_input", "invalid_input", "invalid_input"])
    );
    // "Lock" locks again at once; the recovery key from the first start sets a new password.
    again.find("[data-test=lock-now]").click();
    again.find("[data-test=lock-screen]");
    assert_eq!(again.execute_async(CALL_WHILE_LOCKED)[0], "locked");
    again.find("[data-test=unlock-forgot]").click();
    again.find("#recover-key").type_text(&recovery);
    again.find("#recover-password").type_text("new Horse 10!");
    again.find("#recover-confirm").type_text("new Horse 10!");
    again.find("[data-test=recover-go]").click();
    again.wait_for("[data-test=cand-name]", |t| t == "张伟");
    again.find("[data-test=lang-zh]").click();
    again.wait_for("[data-test=register-form] .n-card-header", |t| {
        t.contains("注册考生")
    });
    again.close();

    // The file is encrypted: the stock sqlite3 shell cannot read it; the new password opens
    // the same row the CLI would see.
    let shell = std::process::Command::new("sqlite3")
        .arg(data.path().join("regdesk.db"))
        .arg(".tables")
        .output()
        .unwrap();
    assert!(!shell.status.success(), "{shell:?}");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    assert!(rt
        .block_on(regdesk_store::Store::open(data.path()))
        .is_err());
    let store = rt
        .block_on(regdesk_store::cipher::open_with_password(
            data.path(),
            Some("new Horse 10!"),
        ))
        .unwrap();
    let all = rt
        .block_on(regdesk_store::candidates::list(&store))
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id_number, "500101199003070014");
    let log = rt
        .block_on(regdesk_store::audit::history(
            &store,
            "candidate",
            "500101199003070014",
        ))
        .unwrap();
    assert_eq!(
        log[0].actor, "operator:1",
        "audit names the operator chosen at first start"
    );
}

/// A script in the page names where to write: the app opens the native save dialog and waits
/// for the user; nothing appears at the script's path (no test switch in this run).
#[test]
fn a_script_cannot_save_where_it_likes_the_native_dialog_waits_for_the_user() {
    let data = tempfile::tempdir().unwrap();
    let target = tempfile::tempdir().unwrap();
    let evil = target.path().join("evil.jpg");
    let driver = Driver::start_with_native_dialogs();
    let s = driver.launch(APP.as_ref(), data.path());
    first_start(&s, None);
    let asked = s.execute(
        SAVE_WHERE_I_SAY,
        &[serde_json::json!(evil.to_str().unwrap())],
    );
    assert_eq!(asked, "asked");
    std::thread::sleep(std::time::Duration::from_secs(3));
    assert!(
        !evil.exists(),
        "a script wrote {} without the user",
        evil.display()
    );
    assert_eq!(
        s.execute("return window.__saved ?? 'waiting';", &[]),
        "waiting",
        "the call waits for the dialog"
    );
    s.close();
}
