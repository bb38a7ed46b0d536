//! `regdesk candidate` end to end: real binary, real SQLite file in a temp data folder.

mod support;

use std::process::Output;

use support::{json, regdesk_with};

/// Every run as OS user "clerk", so the audit actor is known.
fn regdesk(dir: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    regdesk_with(dir, &[("USER", "clerk")], args, stdin)
}

/// Registers the candidate in `WANG`, which every later step of a test builds on.
fn add_wang(dir: &std::path::Path) {
    let out = regdesk(dir, &["candidate", "add", "--from", "-"], Some(WANG));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const WANG: &str = r#"{"name":"王芳","gender":"female","idNumber":"11010519491231002x","mobile":"139 0000 1111","email":"wf@example.com"}"#;

#[test]
fn add_then_list_in_another_process_round_trips_through_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wang.json");
    std::fs::write(&file, WANG).unwrap();
    let add = regdesk(
        dir.path(),
        &[
            "candidate",
            "add",
            "--from",
            file.to_str().unwrap(),
            "--json",
        ],
        None,
    );
    assert_eq!(
        add.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    let report = json(&add);
    assert_eq!(report["added"], true);
    assert_eq!(report["candidate"]["idNumber"], "11010519491231002X");
    assert_eq!(report["candidate"]["mobile"], "13900001111");
    assert!(
        dir.path().join("regdesk.db").exists(),
        "database file in the data folder"
    );

    let list = regdesk(dir.path(), &["candidate", "list", "--json"], None);
    assert_eq!(list.status.code(), Some(0), "{list:?}");
    let rows = json(&list);
    let rows = rows.as_array().expect("list prints one JSON array");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["name"], "王芳");
    assert_eq!(rows[0]["gender"], "female");
}

#[test]
fn same_id_number_twice_exits_1_with_candidate_exists() {
    let dir = tempfile::tempdir().unwrap();
    add_wang(dir.path());
    let again = regdesk(
        dir.path(),
        &["candidate", "add", "--from", "-", "--json"],
        Some(WANG),
    );
    assert_eq!(again.status.code(), Some(1), "{again:?}");
    let report = json(&again);
    assert_eq!(report["added"], false);
    assert_eq!(report["issues"][0]["code"], "candidate.exists");
    assert_eq!(report["issues"][0]["field"], "idNumber");
}

#[test]
fn invalid_fields_exit_1_naming_field_code_and_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let bad = r#"{"name":"李雷","gender":"male","idNumber":"110105194912310021","mobile":"12345","email":"x"}"#;
    let out = regdesk(
        dir.path(),
        &["candidate", "add", "--from", "-", "--json"],
        Some(bad),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let issues = json(&out)["issues"].as_array().unwrap().clone();
    let pairs: Vec<(String, String)> = issues
        .iter()
        .map(|i| {
            (
                i["field"].as_str().unwrap().to_owned(),
                i["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        pairs.contains(&("idNumber".into(), "id_number.check_digit".into())),
        "{pairs:?}"
    );
    assert!(pairs.contains(&("mobile".into(), "mobile.format".into())));
    assert!(pairs.contains(&("email".into(), "email.format".into())));
    assert!(issues
        .iter()
        .all(|i| i["messageZh"].as_str().is_some_and(|m| !m.is_empty())
            && i["messageEn"].as_str().is_some_and(|m| !m.is_empty())));
    let list = regdesk(dir.path(), &["candidate", "list", "--json"], None);
    assert_eq!(json(&list), serde_json::json!([]), "nothing stored");
}

#[test]
fn unreadable_input_exits_2_with_a_json_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = regdesk(
        dir.path(),
        &[
            "candidate",
            "add",
            "--from",
            "/nonexistent/x.json",
            "--json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(json(&out)["error"]["code"], "invalid_input");
    let out = regdesk(
        dir.path(),
        &["candidate", "add", "--from", "-"],
        Some("not json"),
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read input file"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        regdesk(dir.path(), &["candidate", "frobnicate"], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        regdesk(dir.path(), &["validate", "passport", "x"], None)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn version_prints_the_command_name() {
    let out = support::command().arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("regdesk "));
}

#[test]
fn correction_changes_identity_only_with_reason_and_proof() {
    let dir = tempfile::tempdir().unwrap();
    add_wang(dir.path());
    let proof = dir.path().join("proof.jpg");
    std::fs::write(&proof, b"\xFF\xD8\xFF\xE0 proof").unwrap();
    let fixed = WANG.replace("王芳", "王芳芳");
    let args = [
        "candidate",
        "correct",
        "--id-number",
        "11010519491231002X",
        "--from",
        "-",
        "--reason",
        "户籍更名",
        "--proof",
    ];
    let mut with_proof: Vec<&str> = args.to_vec();
    with_proof.extend([proof.to_str().unwrap(), "--json"]);
    let out = regdesk(dir.path(), &with_proof, Some(&fixed));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(json(&out)["candidate"]["name"], "王芳芳");

    let mut missing: Vec<&str> = args.to_vec();
    missing.push("/nonexistent/proof.jpg");
    assert_eq!(
        regdesk(dir.path(), &missing, Some(&fixed)).status.code(),
        Some(2),
        "unreadable proof"
    );
    let unknown = [
        "candidate",
        "correct",
        "--id-number",
        "500101199003070014",
        "--from",
        "-",
        "--reason",
        "x",
        "--proof",
        proof.to_str().unwrap(),
    ];
    assert_eq!(
        regdesk(dir.path(), &unknown, Some(&fixed)).status.code(),
        Some(2),
        "unknown candidate"
    );
}
