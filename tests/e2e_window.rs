//! End-to-end tests of the real desktop window (tauri-driver + WebKitWebDriver under Xvfb).

mod support;

use support::webdriver::Driver;

const APP: &str = env!("CARGO_BIN_EXE_regdesk-desktop");

#[test]
fn candidate_and_language_choice_survive_a_restart_of_the_window() {
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start();

    let session = driver.launch(APP.as_ref(), data.path());
    assert_eq!(session.title(), "考试报名助手 RegDesk");
    let nav = session.texts(".n-menu-item-content");
    assert_eq!(
        nav.iter().map(|s| s.trim()).collect::<Vec<_>>(),
        [
            "个人中心",
            "个人资料",
            "证件照工具",
            "考试报名",
            "批量报名",
            "审核",
            "设置"
        ],
        "Chinese navigation"
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

    let again = driver.launch(APP.as_ref(), data.path());
    again.wait_for("[data-test=cand-name]", |t| t == "张伟");
    again.wait_for("[data-test=register-form] .n-card-header", |t| {
        t.contains("Register a candidate")
    });
    again.find("[data-test=lang-zh]").click();
    again.wait_for("[data-test=register-form] .n-card-header", |t| {
        t.contains("注册考生")
    });
    again.close();

    // The same row is in the SQLite file that the CLI would open.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let store = rt
        .block_on(regdesk_store::Store::open(data.path()))
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
    assert!(
        log[0].actor.starts_with("desktop:"),
        "audit names the desktop actor: {}",
        log[0].actor
    );
}
