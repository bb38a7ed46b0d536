//! `regdesk validate` contract: one JSON object per value, exit 0 regardless of validity.

mod support;

use std::io::Write;
use std::process::Stdio;

use serde_json::Value;

fn validate(args: &[&str], stdin: &str) -> (i32, Vec<Value>) {
    let mut child = support::command()
        .arg("validate")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    (out.status.code().unwrap(), lines)
}

#[test]
fn id_number_reports_derived_facts_and_first_error_code() {
    let (code, rows) = validate(
        &["id-number", "11010519491231002x", "110105194912310021"],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(rows[0]["valid"], true);
    assert_eq!(rows[0]["normalized"], "11010519491231002X");
    assert_eq!(rows[0]["gender"], "female");
    assert_eq!(rows[0]["birthDate"], "1949-12-31");
    assert_eq!(rows[0]["regionKnown"], true);
    assert_eq!(rows[0]["code"], Value::Null);
    assert_eq!(rows[1]["valid"], false);
    assert_eq!(rows[1]["code"], "id_number.check_digit");
}

#[test]
fn unknown_region_is_valid_with_a_warning_unless_strict() {
    // 99 is no province; check character computed for this body.
    let n = "990101199001011230";
    let (_, lenient) = validate(&["id-number", n], "");
    assert_eq!(lenient[0]["valid"], true, "{}", lenient[0]);
    assert_eq!(lenient[0]["regionKnown"], false);
    assert_eq!(lenient[0]["issues"][0]["severity"], "warning");
    let (_, strict) = validate(&["id-number", "--strict", n], "");
    assert_eq!(strict[0]["valid"], false);
    assert_eq!(strict[0]["code"], "id_number.region_unknown");
}

#[test]
fn values_are_read_line_by_line_from_stdin() {
    let (code, rows) = validate(&["uscc"], "91350100M000100Y43\n91350100MO00100Y43\r\n");
    assert_eq!(code, 0);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["valid"], true);
    assert_eq!(rows[1]["code"], "uscc.charset");
    let (_, m) = validate(&["mobile", "+86 199-1234-5678"], "");
    assert_eq!(m[0]["normalized"], "19912345678");
}
