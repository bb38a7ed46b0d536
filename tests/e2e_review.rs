//! Submission and offline review in the real window (tauri-driver + WebKitWebDriver under
//! Xvfb): a candidate's package reaches the intake server and its review comes back; a
//! reviewer's decision travels to the centre's window.

mod support;

use support::candidates::{prepared_candidate, two_packages};
use support::webdriver::Driver;
use support::window::{first_start, APP};

#[path = "support/intake.rs"]
mod intake;

#[test]
fn a_candidate_sets_the_intake_service_once_submits_and_sees_the_review_come_back() {
    use regdesk_intake::storage::Role;

    const ID: &str = "11010519491231002X";
    let server = intake::TestServer::start("sqlite");
    let token = server.token("王芳本人", Role::Submitter);
    let reviewer = server.token("考试中心", Role::Reviewer);

    let data = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let store = rt
        .block_on(regdesk_store::Store::open(data.path()))
        .unwrap();
    prepared_candidate(&rt, &store, ID, "王芳", "female", false);
    drop(store);

    let driver = Driver::start();
    let s = driver.launch(APP.as_ref(), data.path());
    first_start(&s, None);
    // Set once: endpoint and token (the OS store, or the data folder when the session has none).
    s.find("[data-test=nav-settings]").click();
    s.find("[data-test=intake-endpoint] input")
        .type_text(&server.url);
    s.find("[data-test=intake-token] input").type_text(&token);
    s.find("[data-test=intake-allow-file]").click();
    s.find("[data-test=intake-save]").click();
    s.wait_for("[data-test=intake-token-store]", |t| {
        t.contains("令牌") && !t.contains("尚未")
    });
    assert_eq!(
        s.find("[data-test=intake-token] input").property("value"),
        ""
    );

    s.find("[data-test=nav-centre]").click();
    s.wait_for("[data-test=status-who]", |t| t.contains(ID));
    s.wait_for("[data-test=submission-status]", |t| t.contains("尚未报送"));
    s.find("[data-test=submission-submit]").click();
    s.wait_for("[data-test=submission-notice]", |t| {
        t.contains("已送达报送服务")
    });
    s.wait_for("[data-test=submission-status]", |t| t.contains("已接收"));
    let rows = server.rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, ID);
    // A second click never sends a second copy.
    s.find("[data-test=submission-submit]").click();
    s.wait_for("[data-test=submission-notice]", |t| {
        t.contains("已送达报送服务")
    });
    assert_eq!(server.count(), 1);

    // The exam office fails it; "刷新状态" brings the reason back onto the profile.
    let id = s.find("[data-test=submission-card] code").text();
    let agent: ureq::Agent = ureq::Agent::config_builder().proxy(None).build().into();
    agent
        .post(&format!("{}/v1/submissions/{}/decision", server.url, id.trim()))
        .header("Authorization", &format!("Bearer {reviewer}"))
        .send_json(serde_json::json!({"status": "failed", "reasons": ["photo.background_not_white"], "note": "背景偏灰，请重拍"}))
        .unwrap();
    s.find("[data-test=submission-refresh]").click();
    s.wait_for("[data-test=submission-status]", |t| {
        t.contains("审核未通过")
    });
    s.wait_for("[data-test=submission-card]", |t| {
        t.contains("背景偏灰，请重拍")
    });
    s.wait_for("[data-test=status-profile]", |t| t.contains("未通过"));
    s.close();

    // The token never went into the database.
    let db = std::fs::read(data.path().join("regdesk.db")).unwrap();
    assert!(!db.windows(token.len()).any(|w| w == token.as_bytes()));
}

#[test]
fn a_reviewer_fails_one_package_of_a_folder_and_the_centre_sees_the_reason_on_the_right_part() {
    let centre = tempfile::tempdir().unwrap();
    let packages = tempfile::tempdir().unwrap();
    let [_, zs] = two_packages(centre.path(), packages.path());
    const ZS: &str = "500103199001010037";
    assert_eq!(zs, ZS);

    // The reviewer's PC: a folder of packages opened, 张三's ID card failed with a reason.
    let desk = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let driver = Driver::start();
    let s = driver.launch(APP.as_ref(), desk.path());
    s.find("[data-test=role-reviewer]").click();
    s.find("#start-name").type_text("审核员甲");
    s.find("[data-test=start-go]").click();
    s.find("[data-test=review-page]");
    s.find("[data-test=review-paths] textarea")
        .type_text(&packages.path().display().to_string());
    s.find("[data-test=review-open]:not([disabled])").click();
    s.wait_for("[data-test=review-notice]", |t| {
        t.contains("已打开 2 个包：有效 2")
    });
    s.find(&format!("[data-test=review-row-{ZS}]")).click();
    s.wait_for("[data-test=review-detail-name]", |t| t.contains("张三"));
    s.wait_for("[data-test=review-signer]", |t| t.contains("未知签名者"));
    s.find("[data-test=review-photo] img");
    s.find("[data-test=\"review-reason-id_front.unclear\"]")
        .click();
    s.find("[data-test=review-fail]").click();
    s.wait_for("[data-test=review-decided]", |t| {
        t.contains("张三 — 已记录：未通过")
    });
    s.find("[data-test=review-export-path] input")
        .type_text(&out.path().display().to_string());
    s.find("[data-test=review-export]:not([disabled])").click();
    s.wait_for("[data-test=review-notice]", |t| {
        t.contains("已导出 1 条决定")
    });
    s.close();
    let file = out.path().join("decisions.jsonl");
    assert_eq!(std::fs::read_to_string(&file).unwrap().lines().count(), 1);

    // The centre imports the file: the reason lands on 张三's ID card, 王芳 is untouched.
    let s = driver.launch(APP.as_ref(), centre.path());
    s.find("[data-test=role-training_centre]").click();
    s.find("#start-name").type_text("渝中培训中心");
    s.find("[data-test=start-go]").click();
    s.find("[data-test=bulk-page]");
    s.find("[data-test=nav-centre]").click();
    s.find("[data-test=decision-import-paths] textarea")
        .type_text(&file.display().to_string());
    s.find("[data-test=decision-import-go]:not([disabled])")
        .click();
    s.wait_for("[data-test=decision-import-notice]", |t| {
        t.contains("应用 1")
    });
    s.find("[data-test=nav-batch]").click();
    s.find(&format!(
        "[data-test=grid-row][data-id=\"{ZS}\"] td:nth-child(2)"
    ))
    .click();
    s.wait_for("[data-test=profile-wizard]", |t| t.contains("张三"));
    s.find("[data-test=wizard-step-1]").click();
    s.wait_for("[data-test=slot-id_front]", |t| t.contains("身份证"));
    let id_card = s.find("[data-test=slot-id_front]").text();
    let photo = s.find("[data-test=slot-photo]").text();
    let reason = regdesk_core::review::find("id_front.unclear")
        .unwrap()
        .message_zh;
    assert!(id_card.contains(reason), "{id_card}");
    assert!(!photo.contains(reason), "{photo}");
    s.close();
}
