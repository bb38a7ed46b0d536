//! Several registrations per candidate through the real binary: `catalog sessions`,
//! `registration open | list`, imports naming `examSession`, `ticket --session` and
//! `batch plan --exam-session`, with the clock pinned (SPEC §6).

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};
use support::*;

const NOW: &str = "2026-12-01T10:00:00+08:00";
const PRINTING: &str = "2026-12-06T10:00:00+08:00";
const THIRD: &str = "health-manager-3-2027-2";
const FIRST: &str = "health-manager-3-2027-1";
const SECOND: &str = "health-manager-2-2027-1";

fn run(d: &Path, now: &str, args: &[&str]) -> (Option<i32>, Value) {
    let out = regdesk_at(d, Some(now), args, None);
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), v)
}

fn import(d: &Path, elements: Value) -> (Option<i32>, Value) {
    let file = d.join("import.json");
    std::fs::write(&file, elements.to_string()).unwrap();
    run(
        d,
        NOW,
        &["registration", "import", file.to_str().unwrap(), "--json"],
    )
}

fn passed_nurse(d: &Path) {
    submitted_nurse(d);
    let review =
        json!([{"idNumber": ID, "review": {"decision": "passed", "decidedAt": "2026-11-26"}}]);
    assert_eq!(import(d, review).0, Some(0));
}

#[test]
fn the_catalogue_lists_open_sessions_with_id_item_and_label() {
    let dir = tempfile::tempdir().unwrap();
    let (code, sessions) = run(dir.path(), NOW, &["catalog", "sessions", "--json"]);
    assert_eq!(code, Some(0));
    let sessions = sessions.as_array().unwrap();
    assert!(sessions.len() >= 2, "{sessions:?}");
    for s in sessions {
        assert!(s["id"].is_string() && s["item"].is_string() && s["label"].is_string());
        assert_eq!(s["open"], true);
    }
    assert!(sessions.iter().any(|s| s["id"] == FIRST));
    let (_, later) = run(
        dir.path(),
        "2027-08-01T10:00:00+08:00",
        &["catalog", "sessions", "--json"],
    );
    assert!(
        later.as_array().unwrap().iter().all(|s| s["id"] != FIRST),
        "closed by then"
    );
}

#[test]
fn one_review_two_registrations_two_tickets_and_a_third_refused_after_valid_until() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Before the review: refused as out of order.
    submitted_nurse(d);
    let (code, early) = run(
        d,
        NOW,
        &[
            "registration",
            "open",
            "--id-number",
            ID,
            "--session",
            FIRST,
            "--json",
        ],
    );
    assert_eq!(code, Some(1));
    assert_eq!(early["issues"][0]["code"], "process.out_of_order");
    let review =
        json!([{"idNumber": ID, "review": {"decision": "passed", "decidedAt": "2026-11-26"}}]);
    assert_eq!(import(d, review).0, Some(0));

    let (code, opened) = run(
        d,
        NOW,
        &[
            "registration",
            "open",
            "--id-number",
            ID,
            "--session",
            FIRST,
            "--region",
            "渝中区",
            "--json",
        ],
    );
    assert_eq!(code, Some(0), "{opened}");
    assert_eq!(opened["opened"], true);
    assert_eq!(opened["registration"]["region"], "渝中区");
    let (code, again) = run(
        d,
        NOW,
        &[
            "registration",
            "open",
            "--id-number",
            ID,
            "--session",
            FIRST,
            "--json",
        ],
    );
    assert_eq!(code, Some(1));
    assert_eq!(again["issues"][0]["code"], "registration.exists");
    let (code, _) = run(
        d,
        NOW,
        &[
            "registration",
            "open",
            "--id-number",
            ID,
            "--session",
            SECOND,
            "--json",
        ],
    );
    assert_eq!(code, Some(0));
    let (code, unknown) = run(
        d,
        NOW,
        &[
            "registration",
            "open",
            "--id-number",
            ID,
            "--session",
            "no-such",
            "--json",
        ],
    );
    assert_eq!(code, Some(1));
    assert_eq!(unknown["issues"][0]["code"], "registration.unknown_session");

    // Without examSession, steps for a candidate with two registrations are ambiguous.
    let (code, ambiguous) = import(d, json!([{"idNumber": ID, "noticeAcknowledged": true}]));
    assert_eq!(code, Some(1));
    assert_eq!(
        ambiguous["elements"][0]["issues"][0]["code"],
        "registration.ambiguous"
    );

    let office = |session: &str, serial: &str, seat: &str| {
        json!({"idNumber": ID, "examSession": session, "noticeAcknowledged": true, "region": "渝中区",
               "payment": {"status": "paid", "reference": format!("PAY-{serial}")}, "serialNumber": serial,
               "session": {"batch": "第1批", "time": "2026-12-12 09:00", "site": "渝中考点", "seat": seat},
               "ticketOpensAt": "2026-12-05"})
    };
    let (code, report) = import(
        d,
        json!([office(FIRST, "CQ0001", "3"), office(SECOND, "CQ0002", "4")]),
    );
    assert_eq!(code, Some(0), "{report}");

    let (code, list) = run(
        d,
        NOW,
        &["registration", "list", "--id-number", ID, "--json"],
    );
    assert_eq!(code, Some(0));
    let list = list.as_array().unwrap().clone();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["examSession"], FIRST);
    assert_eq!(list[0]["item"], "health-manager-3");
    assert_eq!(list[0]["status"], "registered");
    assert_eq!(list[0]["serialNumber"], "CQ0001");
    assert_eq!(list[1]["examSession"], SECOND);
    assert_eq!(list[1]["item"], "health-manager-2");
    assert_eq!(list[1]["serialNumber"], "CQ0002");

    // Two tickets, one per registration; without --session the choice is ambiguous.
    let pdf = d.join("t.pdf");
    let (code, amb) = run(
        d,
        PRINTING,
        &[
            "ticket",
            "--id-number",
            ID,
            "-o",
            pdf.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        amb["refused"][0]["issues"][0]["code"],
        "registration.ambiguous"
    );
    for (session, serial) in [(FIRST, "CQ0001"), (SECOND, "CQ0002")] {
        let pdf = d.join(format!("{session}.pdf"));
        let (code, out) = run(
            d,
            PRINTING,
            &[
                "ticket",
                "--id-number",
                ID,
                "--session",
                session,
                "-o",
                pdf.to_str().unwrap(),
                "--json",
            ],
        );
        assert_eq!(code, Some(0), "{out}");
        let text = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("poppler-utils");
        let text = String::from_utf8(text.stdout).unwrap();
        assert!(text.contains(serial), "{session}: {text}");
    }

    // Each session is planned on its own.
    let slots = d.join("slots.json");
    std::fs::write(
        &slots,
        json!([{"batch": "A", "time": "09:00", "site": "S", "machines": 5}]).to_string(),
    )
    .unwrap();
    let (code, _) = run(
        d,
        NOW,
        &[
            "batch",
            "plan",
            "--sessions",
            slots.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(
        code,
        Some(2),
        "two sessions have serials: one must be named"
    );
    let (code, plan) = run(
        d,
        NOW,
        &[
            "batch",
            "plan",
            "--sessions",
            slots.to_str().unwrap(),
            "--exam-session",
            SECOND,
            "--json",
        ],
    );
    assert_eq!(code, Some(0));
    assert_eq!(plan["examSession"], SECOND);
    assert_eq!(plan["kept"][0]["serialNumber"], "CQ0002");

    // The pass (2026-11-26) is valid until 2027-11-26: a third registration after that is
    // refused with the reason and what to do.
    let (code, _) = run(
        d,
        "2027-11-26T10:00:00+08:00",
        &[
            "registration",
            "open",
            "--id-number",
            ID,
            "--session",
            THIRD,
            "--json",
        ],
    );
    assert_eq!(code, Some(0), "the last valid day");
    let later = "2027-11-27T10:00:00+08:00";
    let (code, refused) = run(
        d,
        later,
        &[
            "registration",
            "open",
            "--id-number",
            ID,
            "--session",
            "health-manager-1-2027-1",
            "--json",
        ],
    );
    assert_eq!(code, Some(1));
    assert_eq!(refused["issues"][0]["code"], "process.expired");
    assert!(refused["issues"][0]["messageZh"]
        .as_str()
        .unwrap()
        .contains("重新提交审核"));
}

#[test]
fn an_old_style_import_opens_the_items_current_session_and_unknown_candidates_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    passed_nurse(d);
    let (code, report) = import(
        d,
        json!([{"idNumber": ID, "noticeAcknowledged": true, "examItem": "健康管理师三级", "region": "渝中区"}]),
    );
    assert_eq!(code, Some(0), "{report}");
    let (_, list) = run(
        d,
        NOW,
        &["registration", "list", "--id-number", ID, "--json"],
    );
    assert_eq!(list[0]["examSession"], FIRST);
    assert_eq!(list[0]["status"], "chosen");
    let (code, _) = run(
        d,
        NOW,
        &[
            "registration",
            "list",
            "--id-number",
            "500103199001010010",
            "--json",
        ],
    );
    assert_eq!(code, Some(2));
    let (code, _) = run(
        d,
        NOW,
        &[
            "registration",
            "open",
            "--id-number",
            "500103199001010010",
            "--session",
            FIRST,
        ],
    );
    assert_eq!(code, Some(2));
}
