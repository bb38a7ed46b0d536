//! The desk online: a centre submits to a real intake server on loopback, a reviewer pulls the
//! package onto the desk with a reviewer token, decides it offline, pushes the decision once,
//! and the centre's status pull puts the reasons on the candidate.

#[path = "../../../tests/support/intake.rs"]
mod intake;
mod support;

use std::path::Path;

use intake::TestServer;
use regdesk_intake::storage::Role;
use serde_json::Value;
use support::*;

fn with_token(dir: &Path, token: &str, args: &[&str]) -> (Option<i32>, Value) {
    let mut all = args.to_vec();
    all.push("--json");
    let out = regdesk_with(dir, &[("REGDESK_INTAKE_TOKEN", token)], &all, None);
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), v)
}

/// On every backend this run has: SQLite, PostgreSQL, PostgreSQL with packages in S3.
#[test]
fn a_reviewer_pulls_decides_offline_and_pushes_once() {
    for kind in intake::backends() {
        round_trip(kind);
    }
}

fn round_trip(kind: &'static str) {
    let server = TestServer::start(kind);
    let centre_token = server.token("渝中培训中心", Role::Submitter);
    let reviewer_token = server.token("考试中心", Role::Reviewer);
    let url = server.url.clone();

    let centre = tempfile::tempdir().unwrap();
    submitted_nurse(centre.path());
    let (code, sent) = with_token(
        centre.path(),
        &centre_token,
        &["submit", "--id-number", ID, "--endpoint", &url],
    );
    assert_eq!(code, Some(0), "{sent}");

    let desk = tempfile::tempdir().unwrap();
    // A submitter's token sees only its organisation; the reviewer's sees all of them.
    let (code, synced) = with_token(
        desk.path(),
        &reviewer_token,
        &["review", "sync", "--endpoint", &url],
    );
    assert_eq!(code, Some(0), "{synced}");
    let pulled = synced["pulled"].as_array().unwrap();
    assert_eq!(pulled.len(), 1, "{synced}");
    assert_eq!(pulled[0]["idNumber"], ID);
    assert_eq!(pulled[0]["signature"], "valid");
    assert_eq!(pulled[0]["code"], 0, "{synced}");
    let sha = pulled[0]["packageSha256"].as_str().unwrap().to_owned();

    // Pulling again brings nothing new; nothing decided yet, nothing pushed.
    let (_, again) = with_token(
        desk.path(),
        &reviewer_token,
        &["review", "sync", "--endpoint", &url],
    );
    assert_eq!(again["pulled"].as_array().unwrap().len(), 0, "{again}");
    assert_eq!(again["pushed"], 0);

    let (code, list) = with_token(desk.path(), &reviewer_token, &["review", "list"]);
    assert_eq!(code, Some(0));
    assert_eq!(list[0]["state"], "pending");
    assert_eq!(list[0]["name"], "王芳");
    assert!(list[0]["submissionId"].is_string(), "{list}");

    let (code, decided) = with_token(
        desk.path(),
        &reviewer_token,
        &[
            "review",
            "decide",
            "--package",
            &sha,
            "--fail",
            "id_front.unclear",
            "--note",
            "反光",
        ],
    );
    assert_eq!(code, Some(0), "{decided}");
    let (code, pushed) = with_token(
        desk.path(),
        &reviewer_token,
        &["review", "sync", "--endpoint", &url],
    );
    assert_eq!(code, Some(0), "{pushed}");
    assert_eq!(pushed["pushed"], 1, "{pushed}");
    let (_, twice) = with_token(
        desk.path(),
        &reviewer_token,
        &["review", "sync", "--endpoint", &url],
    );
    assert_eq!(
        twice["pushed"], 0,
        "a pushed decision is not pushed again: {twice}"
    );

    // The centre pulls its status: the reason lands on the candidate through the state machine.
    let (code, status) = with_token(
        centre.path(),
        &centre_token,
        &["submit", "status", "--endpoint", &url],
    );
    assert_eq!(code, Some(0), "{status}");
    assert_eq!(status[0]["status"], "failed", "{status}");
    let show = json(&regdesk(
        centre.path(),
        &["candidate", "show", "--id-number", ID, "--json"],
        None,
    ));
    let review = &show["process"]["lastReview"];
    assert_eq!(review["decision"], "failed", "{show}");
    assert_eq!(review["reasons"][0], "id_front.unclear", "{show}");
}
