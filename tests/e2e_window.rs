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

/// Issue 5's path in the real window: register → basic info → uploads through the file input
/// (the engine frames the real portrait) → check & confirm → export to a typed path; the CLI
/// then verifies the package, and a copy with one JPEG byte changed is refused.
#[test]
fn candidate_path_from_registration_to_a_verified_package() {
    let data = tempfile::tempdir().unwrap();
    let fixture = |name: &str| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name)
            .display()
            .to_string()
    };
    let driver = Driver::start();
    let s = driver.launch(APP.as_ref(), data.path());
    s.find("#reg-name").type_text("王芳");
    s.find("[data-test=reg-gender-female]").click();
    s.find("#reg-id-number").type_text("11010519491231002X");
    s.find("#reg-mobile").type_text("13900001111");
    s.find("#reg-email").type_text("wf@example.com");
    s.find("[data-test=reg-submit]").click();
    s.wait_for("[data-test=status-profile]", |t| t.contains("资料未填写"));

    s.find("[data-test=next-profile]").click();
    s.find("[data-test=basic-education]").click();
    s.wait_for(".n-base-select-option", |t| t.contains("大学专科"))
        .click();
    s.find("#basic-major").type_text("护理");
    s.find("#basic-employer").type_text("重庆市人民医院");
    s.wait_for("[data-test=basic-major-kind]", |t| t.contains("医学类"));
    s.find("[data-test=basic-save]").click();
    s.find("[data-test=step-uploads]");
    s.find("[data-test=slot-work_proof-optional]");

    for slot in ["id_front", "diploma", "photo"] {
        s.find(&format!("[data-test=file-{slot}]"))
            .type_text(&fixture("portrait_white.png"));
        s.find(&format!("[data-test=result-{slot}]"));
    }
    s.wait_for("[data-test=checks-photo]", |t| t.contains("✓"));
    s.find("[data-test=uploads-next]").click();
    s.find("[data-test=confirm-submit]").click();
    s.wait_for("[data-test=feedback-status]", |t| t.contains("提交成功"));

    let out = tempfile::tempdir().unwrap();
    s.find("#export-path")
        .type_text(&out.path().display().to_string());
    s.find("[data-test=export-package]").click();
    s.wait_for("[data-test=export-done]", |t| {
        t.contains("11010519491231002X.zip")
    });
    s.close();

    let package = out.path().join("11010519491231002X.zip");
    let cli = std::path::Path::new(APP).with_file_name("regdesk");
    assert!(cli.exists(), "the regdesk CLI is built beside the app");
    let verify = |file: &std::path::Path| {
        std::process::Command::new(&cli)
            .args(["package", "verify"])
            .arg(file)
            .status()
            .unwrap()
            .code()
    };
    assert_eq!(verify(&package), Some(0), "the exported package verifies");
    let tampered = out.path().join("tampered.zip");
    support::tamper::repack_with_one_byte_changed(
        &package,
        &tampered,
        "11010519491231002X_photo.jpg",
    );
    assert_eq!(
        verify(&tampered),
        Some(1),
        "one changed JPEG byte is detected"
    );
}
