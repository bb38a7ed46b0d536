//! Offline review through the CLI: a centre's signed package opened on two reviewers' PCs,
//! decided differently, their records merged in both orders and twice (same table), the
//! conflict shown and resolved, the outcome applied on the centre's side to the right part —
//! and a decision about a replaced package recorded without changing anything.

mod support;

use std::path::Path;

use serde_json::Value;
use support::*;

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let mut all = args.to_vec();
    all.push("--json");
    let out = regdesk(dir, &all, None);
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), v)
}

#[test]
fn decisions_from_two_reviewers_merge_in_any_order_and_a_conflict_waits_for_a_reviewer() {
    let centre = tempfile::tempdir().unwrap();
    submitted_nurse(centre.path());
    let pkgs = tempfile::tempdir().unwrap();
    let zip = pkgs.path().join(format!("{ID}.zip"));
    export_package(centre.path(), &zip);

    let (r1, r2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (code, opened) = run(
        r1.path(),
        &["review", "open", pkgs.path().to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{opened}");
    let line = &opened[0];
    for key in [
        "file",
        "packageSha256",
        "idNumber",
        "signature",
        "signer",
        "issues",
    ] {
        assert!(!line[key].is_null(), "{key} in {line}");
    }
    assert_eq!(line["signature"], "valid");
    assert_eq!(line["idNumber"], ID);
    let centre_key = run(centre.path(), &["keys", "show"]).1["fingerprint"].clone();
    assert_eq!(line["signer"], centre_key);
    let sha = line["packageSha256"].as_str().unwrap().to_owned();
    assert_eq!(
        run(r2.path(), &["review", "open", zip.to_str().unwrap()]).0,
        Some(0)
    );

    let (code, reasons) = run(r1.path(), &["review", "reasons"]);
    assert_eq!(code, Some(0));
    assert!(reasons
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["code"] == "diploma.mismatch" && r["part"] == "diploma"));
    assert_eq!(
        run(
            r1.path(),
            &[
                "review",
                "decide",
                "--package",
                &sha,
                "--fail",
                "no.such_reason"
            ]
        )
        .0,
        Some(2)
    );
    let (code, failed) = run(
        r1.path(),
        &[
            "review",
            "decide",
            "--package",
            &sha,
            "--fail",
            "diploma.mismatch",
            "--note",
            "毕业证专业为“药学”",
        ],
    );
    assert_eq!(code, Some(0), "{failed}");
    assert_eq!(failed["state"], "failed");
    let (code, passed) = run(
        r2.path(),
        &["review", "decide", "--package", &sha, "--pass"],
    );
    assert_eq!(code, Some(0), "{passed}");
    let files = tempfile::tempdir().unwrap();
    let (f1, f2) = (files.path().join("r1.jsonl"), files.path().join("r2.jsonl"));
    assert_eq!(
        run(r1.path(), &["review", "export", "-o", f1.to_str().unwrap()]).0,
        Some(0)
    );
    assert_eq!(
        run(r2.path(), &["review", "export", "-o", f2.to_str().unwrap()]).0,
        Some(0)
    );
    let (s1, s2) = (f1.to_str().unwrap(), f2.to_str().unwrap());

    // Two offices import in opposite orders, one of them twice: the same table, a conflict.
    let (x, y) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    assert_eq!(run(x.path(), &["review", "import", s1]).0, Some(0));
    let (code, second) = run(x.path(), &["review", "import", s2]);
    assert_eq!(code, Some(1), "a conflict is reported: {second}");
    assert_eq!(second[0]["outcome"], "conflict");
    let (_, again) = run(x.path(), &["review", "import", s1, s2]);
    assert!(
        again
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["outcome"] == "duplicate"),
        "{again}"
    );
    run(y.path(), &["review", "import", s2]);
    run(y.path(), &["review", "import", s1]);
    let tx = review_table(x.path());
    assert_eq!(tx, review_table(y.path()));
    assert_eq!(tx[0].1, "conflict");
    assert_eq!(tx[0].2.len(), 2, "both kept side by side");

    // The centre: the conflict changes nothing; a reviewer's resolution (naming both) does.
    let (code, _) = run(centre.path(), &["review", "import", s1, s2]);
    assert_eq!(code, Some(1));
    let show = run(centre.path(), &["candidate", "show", "--id-number", ID]).1;
    assert!(show["process"]["lastReview"].is_null(), "{show}");
    let open = &show["process"]["conflict"];
    assert_eq!(open["packageSha256"], sha.as_str(), "{show}");
    assert_eq!(open["decisions"].as_array().unwrap().len(), 2, "{show}");
    assert_eq!(show["conflict"], *open);
    assert_eq!(run(r1.path(), &["review", "import", s2]).0, Some(1));
    let (code, resolved) = run(
        r1.path(),
        &[
            "review",
            "decide",
            "--package",
            &sha,
            "--fail",
            "diploma.mismatch,work_proof.invalid",
        ],
    );
    assert_eq!(code, Some(0), "{resolved}");
    assert_eq!(
        resolved["resolves"].as_array().unwrap().len(),
        2,
        "{resolved}"
    );
    assert_eq!(resolved["state"], "failed");
    let f3 = files.path().join("r1b.jsonl");
    run(r1.path(), &["review", "export", "-o", f3.to_str().unwrap()]);
    let (code, applied) = run(centre.path(), &["review", "import", f3.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{applied}");
    assert!(
        applied
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["outcome"] == "applied"),
        "{applied}"
    );
    let show = run(centre.path(), &["candidate", "show", "--id-number", ID]).1;
    assert!(show["process"]["conflict"].is_null(), "settled: {show}");
    let review = &show["process"]["lastReview"];
    assert_eq!(review["decision"], "failed", "{show}");
    let reasons: Vec<&str> = review["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(reasons, ["diploma.mismatch", "work_proof.invalid"]);

    // A forged record (reasons changed after signing) is refused and reported.
    let text = std::fs::read_to_string(&f1)
        .unwrap()
        .replace("diploma.mismatch", "photo.review_not_compliant");
    let forged = files.path().join("forged.jsonl");
    std::fs::write(&forged, text).unwrap();
    let (code, bad) = run(y.path(), &["review", "import", forged.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_eq!(bad[0]["outcome"], "invalid_signature", "{bad}");
}

#[test]
fn a_decision_about_a_replaced_package_is_recorded_but_changes_nothing() {
    let centre = tempfile::tempdir().unwrap();
    submitted_nurse(centre.path());
    let pkgs = tempfile::tempdir().unwrap();
    let old = pkgs.path().join("old.zip");
    export_package(centre.path(), &old);
    let reviewer = tempfile::tempdir().unwrap();
    let (_, opened) = run(reviewer.path(), &["review", "open", old.to_str().unwrap()]);
    let sha = opened[0]["packageSha256"].as_str().unwrap().to_owned();
    run(
        reviewer.path(),
        &["review", "decide", "--package", &sha, "--pass"],
    );
    let f = pkgs.path().join("d.jsonl");
    run(
        reviewer.path(),
        &["review", "export", "-o", f.to_str().unwrap()],
    );
    // The centre has since made a newer package for the candidate.
    std::thread::sleep(std::time::Duration::from_millis(20));
    export_package(centre.path(), &pkgs.path().join("new.zip"));
    let (code, lines) = run(centre.path(), &["review", "import", f.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{lines}");
    assert_eq!(lines[0]["outcome"], "superseded", "{lines}");
    let show = run(centre.path(), &["candidate", "show", "--id-number", ID]).1;
    assert!(show["process"]["lastReview"].is_null());
    assert_eq!(
        show["process"]["profileStatus"]["status"], "submitted",
        "{show}"
    );
}
