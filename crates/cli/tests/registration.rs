//! `regdesk registration import` and `regdesk batch plan` through the real binary; the
//! candidates are brought to the needed step through the store API on the same data folder.

mod support;

#[path = "../../workflow/tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;
use regdesk_store::{audit, process, Store};
use serde_json::{json, Value};

fn regdesk(dir: &Path, args: &[&str]) -> Output {
    support::command()
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .unwrap()
}

fn write(dir: &Path, name: &str, v: &Value) -> String {
    let p = dir.join(name);
    std::fs::write(&p, v.to_string()).unwrap();
    p.to_str().unwrap().to_owned()
}

fn json_out(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[tokio::test]
async fn an_import_applies_valid_elements_refuses_the_rest_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let a = submitted(&store, 1).await;
    let b = submitted(&store, 2).await;
    let full = json!({
        "idNumber": a,
        "review": {"decision": "passed", "reasons": [], "decidedAt": "2026-11-20"},
        "noticeAcknowledged": true,
        "examItem": "健康管理师三级", "region": "渝中区",
        "payment": {"status": "paid", "reference": "WX20261121001"},
        "serialNumber": "0007",
        "session": {"batch": "第1批", "time": "2026-12-12 09:00", "site": "重庆卫生职业技能鉴定中心", "seat": "12"},
        "ticketOpensAt": "2026-12-05",
        "certificate": {"method": "postal_cod", "recipient": "王芳", "mobile": "13900001111", "address": "重庆市渝中区中山三路 1 号"}
    });
    // Payment before the notice: out of order, and nothing of this element is applied.
    let out_of_order = json!({
        "idNumber": b,
        "review": {"decision": "passed", "decidedAt": "2026-11-20"},
        "payment": {"status": "paid", "reference": "X"}
    });
    let unknown = json!({"idNumber": id_number(99), "noticeAcknowledged": true});
    let file = write(
        dir.path(),
        "import.json",
        &json!([full, out_of_order, unknown]),
    );

    let first = regdesk(dir.path(), &["registration", "import", &file, "--json"]);
    assert_eq!(
        first.status.code(),
        Some(2),
        "worst element: an unknown candidate"
    );
    let report = json_out(&first);
    assert_eq!(report["elements"][0]["code"], 0);
    assert_eq!(report["elements"][1]["code"], 1);
    assert_eq!(
        report["elements"][1]["issues"][0]["code"],
        "process.out_of_order"
    );
    assert_eq!(
        report["elements"][2]["issues"][0]["code"],
        "candidate.unknown"
    );

    let dossier = process::load_dossier(&store, &a).await.unwrap();
    let reg = &dossier.registrations[0];
    assert_eq!(
        reg.exam_session, SESSION,
        "opened in the item's current session"
    );
    assert_eq!(reg.serial_number.as_deref(), Some("0007"));
    assert_eq!(reg.session.as_ref().unwrap().seat, "12");
    assert!(reg.complete());
    let b_state = process::load(&store, &b).await.unwrap();
    assert!(
        b_state.last_review.is_none(),
        "nothing half-applied within the refused element"
    );

    let rows_before = audit::history(&store, "candidate", &a).await.unwrap().len();
    let only_valid = write(dir.path(), "again.json", &json!([full]));
    let again = regdesk(
        dir.path(),
        &["registration", "import", &only_valid, "--json"],
    );
    assert_eq!(again.status.code(), Some(0), "{again:?}");
    assert_eq!(
        json_out(&again)["summary"]["changed"],
        0,
        "importing the same data twice is a no-op"
    );
    assert_eq!(
        audit::history(&store, "candidate", &a).await.unwrap().len(),
        rows_before
    );
}

/// Exam offices' spreadsheets export numbers where the format has text: taken as their
/// decimal text, each change listed; the documented schema admits such a file.
#[tokio::test]
async fn numbers_where_text_is_expected_are_taken_as_decimal_text() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let a = submitted(&store, 1).await;
    let elements = json!([{
        "idNumber": a,
        "review": {"decision": "passed", "reasons": [], "decidedAt": "2026-11-20"},
        "noticeAcknowledged": true,
        "examItem": "健康管理师三级", "region": "渝中区",
        "payment": {"status": "paid", "reference": 4200001234u64},
        "serialNumber": 2026000123u64,
        "session": {"batch": 1, "time": "2026-12-12 09:00", "site": "重庆卫生职业技能鉴定中心", "seat": 15.0}
    }]);
    let schema =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/registration-import.schema.json");
    let check = Command::new("python3")
        .args(["-c", "import json,sys,jsonschema; jsonschema.validate(json.loads(sys.argv[2]), json.load(open(sys.argv[1])))"])
        .arg(&schema)
        .arg(elements.to_string())
        .output()
        .expect("python3 with jsonschema (scripts/setup.sh --test installs it)");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    let file = write(dir.path(), "numbers.json", &elements);
    let out = regdesk(dir.path(), &["registration", "import", &file, "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report = json_out(&out);
    let changes: Vec<(String, String)> = report["elements"][0]["normalizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["field"].as_str().unwrap().into(),
                n["to"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("serialNumber".to_owned(), "2026000123".to_owned()),
            ("payment.reference".into(), "4200001234".into()),
            ("session.batch".into(), "1".into()),
            ("session.seat".into(), "15".into()),
        ]
    );
    let reg = process::load_dossier(&store, &a)
        .await
        .unwrap()
        .registrations[0]
        .clone();
    assert_eq!(reg.serial_number.as_deref(), Some("2026000123"));
    let session = reg.session.unwrap();
    assert_eq!((session.batch.as_str(), session.seat.as_str()), ("1", "15"));

    let human = regdesk(dir.path(), &["registration", "import", &file]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("session.seat") && text.contains("“15”"),
        "{text}"
    );
}

#[tokio::test]
async fn a_malformed_file_is_a_usage_error_and_malformed_elements_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let a = submitted(&store, 1).await;
    let not_array = write(dir.path(), "obj.json", &json!({"idNumber": a}));
    assert_eq!(
        regdesk(dir.path(), &["registration", "import", &not_array])
            .status
            .code(),
        Some(2)
    );
    let typo = write(
        dir.path(),
        "typo.json",
        &json!([{"idNumber": a, "reveiw": {}}]),
    );
    let out = regdesk(dir.path(), &["registration", "import", &typo, "--json"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(
        json_out(&out)["elements"][0]["issues"][0]["code"],
        "import.format"
    );
}

#[tokio::test]
async fn batch_plan_prints_the_assignment_and_stores_it_with_apply() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let first = with_serial(&store, 1, "2").await;
    let second = with_serial(&store, 2, "1").await;
    let sessions = write(
        dir.path(),
        "sessions.json",
        &json!([{"batch": "第1批", "time": "2026-12-12 09:00", "site": "渝中考点", "machines": 1},
                                                                {"batch": "第2批", "time": "2026-12-12 14:00", "site": "渝中考点", "machines": 1}]),
    );
    let dry = regdesk(
        dir.path(),
        &["batch", "plan", "--sessions", &sessions, "--json"],
    );
    assert_eq!(dry.status.code(), Some(0), "{dry:?}");
    let plan = json_out(&dry);
    assert_eq!(
        plan["assignments"][0]["idNumber"],
        second.as_str(),
        "serial 1 first"
    );
    assert_eq!(plan["assignments"][1]["batch"], "第2批");
    assert!(process::load_dossier(&store, &first)
        .await
        .unwrap()
        .registrations[0]
        .session
        .is_none());
    let applied = regdesk(
        dir.path(),
        &[
            "batch",
            "plan",
            "--sessions",
            &sessions,
            "--apply",
            "--json",
        ],
    );
    assert_eq!(applied.status.code(), Some(0), "{applied:?}");
    assert_eq!(
        process::load_dossier(&store, &first)
            .await
            .unwrap()
            .registrations[0]
            .session
            .clone()
            .unwrap()
            .batch,
        "第2批"
    );
    let small = write(
        dir.path(),
        "small.json",
        &json!([{"batch": "A", "time": "t", "site": "s", "machines": 1}]),
    );
    let short = regdesk(
        dir.path(),
        &["batch", "plan", "--sessions", &small, "--json"],
    );
    assert_eq!(short.status.code(), Some(1), "{short:?}");
    assert_eq!(json_out(&short)["issues"][0]["code"], "batch.capacity");
}

#[test]
fn an_oversized_or_malformed_outcomes_file_is_refused_by_name_before_anything_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    // 17 MB of a valid-looking array: over the 16 MB bound.
    let element = r#"{"idNumber":"11010519491231002X","noticeAcknowledged":true},"#;
    let mut text = String::from("[");
    while text.len() < 17 * 1024 * 1024 {
        text.push_str(element);
    }
    text.push_str("{}]");
    std::fs::write(&big, text).unwrap();
    let out = regdesk(
        dir.path(),
        &["registration", "import", big.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("big.json") && err.contains("16 MB"), "{err}");

    let object = dir.path().join("object.json");
    std::fs::write(&object, "{\"idNumber\":\"1\"}").unwrap();
    let out = regdesk(
        dir.path(),
        &["registration", "import", object.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a JSON array"));
}
