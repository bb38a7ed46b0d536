//! `regdesk ticket`: a real candidate taken through the CLI (register, attach, submit, import
//! of the exam office's outcomes), then the PDF read back with poppler.

mod support;

use std::path::Path;
use std::process::Command;

use regdesk_core::process::UploadSlot;
use regdesk_store::{attachments, Store};
use serde_json::json;
use support::*;

const BEFORE_OPENING: &str = "2026-12-04T10:00:00+08:00";
const AFTER_OPENING: &str = "2026-12-05T08:00:00+08:00";

fn import_outcomes(dir: &Path) {
    let file = dir.join("outcomes.json");
    let outcomes = json!([{
        "idNumber": ID,
        "review": {"decision": "passed", "reasons": [], "decidedAt": "2026-11-26"},
        "noticeAcknowledged": true,
        "examItem": "健康管理师（三级）", "region": "渝中区",
        "payment": {"status": "paid", "reference": "WX20261127001"},
        "serialNumber": "CQ2026000417",
        "session": {"batch": "第2批", "time": "2026-12-12 13:30", "site": "重庆卫生职业技能鉴定中心", "seat": "17"},
        "ticketOpensAt": "2026-12-05"
    }]);
    std::fs::write(&file, outcomes.to_string()).unwrap();
    let out = regdesk_at(
        dir,
        Some(BEFORE_OPENING),
        &["registration", "import", file.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

fn pdftotext(file: &Path) -> String {
    let out = Command::new("pdftotext")
        .args([file.to_str().unwrap(), "-"])
        .output()
        .expect("poppler-utils");
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn ticket_opens_on_its_date_and_carries_the_stored_photo() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    submitted_nurse(d);
    let pdf = d.join("ticket.pdf");
    let pdf_arg = pdf.to_str().unwrap();

    // No registration yet (the import comes later): refused, with the reason.
    let early = regdesk_at(
        d,
        Some(BEFORE_OPENING),
        &["ticket", "--id-number", ID, "-o", pdf_arg, "--json"],
        None,
    );
    assert_eq!(early.status.code(), Some(1), "{early:?}");
    assert_eq!(
        json(&early)["refused"][0]["issues"][0]["code"],
        "process.out_of_order"
    );
    assert!(!pdf.exists(), "nothing written when refused");

    import_outcomes(d);
    let not_yet = regdesk_at(
        d,
        Some(BEFORE_OPENING),
        &["ticket", "--id-number", ID, "-o", pdf_arg, "--json"],
        None,
    );
    assert_eq!(not_yet.status.code(), Some(1), "{not_yet:?}");
    let report = json(&not_yet);
    assert_eq!(report["refused"][0]["issues"][0]["code"], "ticket.not_open");
    assert_eq!(report["refused"][0]["issues"].as_array().unwrap().len(), 1);

    let ok = regdesk_at(
        d,
        Some(AFTER_OPENING),
        &["ticket", "--id-number", ID, "-o", pdf_arg, "--json"],
        None,
    );
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    assert_eq!(json(&ok)["written"], true);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.len() < 150_000, "{} bytes", bytes.len());
    let text = pdftotext(&pdf);
    for expected in [
        "王芳",
        "CQ2026000417",
        ID,
        "第2批",
        "重庆卫生职业技能鉴定中心",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }

    let images = d.join("img");
    let status = Command::new("pdfimages")
        .args(["-j", pdf_arg, images.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let store = Store::open(d).await.unwrap();
    let stored = attachments::list(&store, ID)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.slot == UploadSlot::Photo)
        .unwrap();
    assert_eq!(
        std::fs::read(d.join("img-000.jpg")).unwrap(),
        stored.bytes,
        "the ticket embeds the stored JPEG byte for byte"
    );
}

#[test]
fn all_prints_the_available_tickets_and_lists_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    submitted_nurse(d);
    import_outcomes(d);
    let other = json!({"name":"李明","gender":"male","idNumber":"500103199001010010","mobile":"13800138000","email":"lm@example.com"});
    let add = regdesk(
        d,
        &["candidate", "add", "--from", "-"],
        Some(&other.to_string()),
    );
    assert_eq!(add.status.code(), Some(0), "{add:?}");

    let pdf = d.join("all.pdf");
    let out = regdesk_at(
        d,
        Some(AFTER_OPENING),
        &["ticket", "--all", "-o", pdf.to_str().unwrap(), "--json"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let report = json(&out);
    assert_eq!(report["printed"], json!([ID]));
    assert_eq!(report["refused"][0]["idNumber"], "500103199001010010");
    assert!(pdftotext(&pdf).contains("王芳"));

    // Before the opening date nothing is available: exit 1, no file.
    let none = d.join("none.pdf");
    let out = regdesk_at(
        d,
        Some(BEFORE_OPENING),
        &["ticket", "--all", "-o", none.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(!none.exists());
}

#[test]
fn unknown_candidate_or_missing_choice_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("x.pdf");
    let unknown = regdesk(
        dir.path(),
        &["ticket", "--id-number", ID, "-o", pdf.to_str().unwrap()],
        None,
    );
    assert_eq!(unknown.status.code(), Some(2), "{unknown:?}");
    let neither = regdesk(dir.path(), &["ticket", "-o", pdf.to_str().unwrap()], None);
    assert_eq!(neither.status.code(), Some(2), "{neither:?}");
}
