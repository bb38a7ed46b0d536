//! Every valid cell of an accepted roster row is stored, whatever optional cell is empty:
//! for every accepted row of the messy fixture, its GBK twin and a generated roster where a
//! quarter of the rows leave 所学专业 or 工作单位 empty, `candidate show` holds education, major,
//! employer and invoice exactly as the file's cell (read by Python, an independent reader)
//! after the normalisations the report lists. A workspace that lost them (as the previous
//! import did) gets them back by importing the same file again. Empty required cells are
//! `field.required` naming the column, in CSV and XLSX alike.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::*;

const NOW: &str = "2026-12-01T10:00:00+08:00";
const HEADER: &str = "姓名,性别,身份证号,手机号,邮箱,最高学历,所学专业,工作单位,开票类型,开票单位,纳税人识别号,报考项目,意向考试区域,证书领取方式,收件人,收件电话,收件地址";
/// A valid unified social credit code (python-stdnum agrees).
const USCC: &str = "91350100M000100Y43";

fn run(d: &Path, args: &[&str]) -> (Option<i32>, Value) {
    run_json(d, Some(NOW), args)
}

/// A valid Chongqing ID number for the `i`th candidate.
fn id_number(i: u32) -> String {
    let w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let body = format!("5001031990{:02}{:02}{:03}", 1 + i % 12, 1 + i % 28, i + 1);
    let sum: u32 = body
        .bytes()
        .zip(w)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!(
        "{body}{}",
        "10X98765432".as_bytes()[(sum % 11) as usize] as char
    )
}

fn gender_of(id: &str) -> &'static str {
    if (id.as_bytes()[16] - b'0') % 2 == 1 {
        "男"
    } else {
        "女"
    }
}

/// 40 rows: every 4th without 所学专业, every 5th without 工作单位, every 3rd an
/// organisation invoice, every 7th collecting the certificate by post.
fn generated_roster(file: &Path) {
    let educations = ["大学本科", "大专", "硕士研究生", "中专/中技", "高中"];
    let mut text = format!("{HEADER}\n");
    for i in 0..40u32 {
        let id = id_number(i);
        let major = if i % 4 == 0 { "" } else { "护理学" };
        let employer = if i % 5 == 0 {
            String::new()
        } else {
            format!("重庆第{i}医院")
        };
        let (inv, title, tax) = if i % 3 == 0 {
            ("单位", format!("重庆第{i}医院"), USCC)
        } else {
            ("个人", String::new(), "")
        };
        let (cert, who, phone, addr) = if i % 7 == 0 {
            (
                "邮寄",
                "王收件",
                "13800001111",
                "重庆市渝中区解放碑街道 1 号",
            )
        } else {
            ("自取", "", "", "")
        };
        text.push_str(&format!(
            "考生{},{},{id},139{i:08},,{},{major},{employer},{inv},{title},{tax},健康管理师（三级）,渝中区,{cert},{who},{phone},{addr}\n",
            "甲乙丙丁戊己庚辛壬癸".chars().nth(i as usize % 10).unwrap(),
            gender_of(&id),
            educations[i as usize % educations.len()],
        ));
    }
    std::fs::write(file, text).unwrap();
}

/// The file's rows as Python reads them: physical row number → header text → cell text.
fn python_rows(file: &Path) -> BTreeMap<u64, BTreeMap<String, String>> {
    let script = r#"
import csv, json, sys
path = sys.argv[1]
rows = {}
if path.endswith(".xlsx"):
    import openpyxl
    book = openpyxl.load_workbook(path, data_only=True)
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        for r in ws.iter_rows():
            rows[r[0].row] = ["" if c.value is None else str(c.value) for c in r]
        break
else:
    raw = open(path, "rb").read()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            pass
    for n, r in enumerate(csv.reader(text.splitlines()), start=1):
        rows[n] = r
print(json.dumps(rows, ensure_ascii=False))
"#;
    let rows: BTreeMap<String, Vec<String>> =
        serde_json::from_slice(&python(script, &[file])).unwrap();
    let rows: BTreeMap<u64, Vec<String>> = rows
        .into_iter()
        .map(|(k, v)| (k.parse().unwrap(), v))
        .collect();
    // The header row is the one naming 身份证号 (the messy file has a title row above it).
    let (&header_at, header) = rows
        .iter()
        .find(|(_, r)| r.iter().any(|c| c.contains("身份证")))
        .expect("a header row");
    rows.iter()
        .filter(|(n, _)| **n > header_at)
        .map(|(n, r)| {
            let cells = header
                .iter()
                .cloned()
                .zip(r.iter().cloned())
                .collect::<BTreeMap<_, _>>();
            (*n, cells)
        })
        .collect()
}

const EDUCATION: [(&str, &str); 7] = [
    ("junior_high_or_below", "初中及以下"),
    ("senior_high", "高中"),
    ("secondary_vocational", "中专/中技"),
    ("junior_college", "大学专科"),
    ("bachelor", "大学本科"),
    ("master", "硕士研究生"),
    ("doctorate", "博士研究生"),
];

/// The stored profile's fields, as the file would write them.
fn stored_fields(profile: &Value) -> BTreeMap<&'static str, String> {
    let education = profile["education"].as_str().unwrap_or("");
    let label = EDUCATION
        .iter()
        .find(|(v, _)| *v == education)
        .map_or(education, |(_, l)| l);
    let invoice = &profile["invoice"];
    let organisation = invoice["type"] == "organization";
    BTreeMap::from([
        ("education", label.to_owned()),
        ("major", profile["major"].as_str().unwrap_or("?").to_owned()),
        (
            "employer",
            profile["employer"].as_str().unwrap_or("?").to_owned(),
        ),
        (
            "invoiceType",
            if organisation {
                "organization"
            } else {
                "personal"
            }
            .to_owned(),
        ),
        (
            "invoiceTitle",
            invoice["title"].as_str().unwrap_or("").to_owned(),
        ),
        (
            "taxpayerId",
            invoice["taxpayerId"].as_str().unwrap_or("").to_owned(),
        ),
    ])
}

/// What the file says each field is: the cell, trimmed, or the value the report says it was
/// normalised to.
fn file_fields(
    cells: &BTreeMap<String, String>,
    columns: &BTreeMap<String, String>,
    row: &Value,
) -> BTreeMap<&'static str, String> {
    let cell = |field: &str| -> String {
        let normalised = row["normalisations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["field"] == field)
            .map(|c| c["to"].as_str().unwrap().to_owned());
        normalised.unwrap_or_else(|| {
            columns
                .iter()
                .find(|(_, f)| f.as_str() == field)
                .and_then(|(h, _)| cells.get(h))
                .map(|c| c.trim_matches(|c: char| c.is_whitespace()).to_owned())
                .unwrap_or_default()
        })
    };
    let organisation = matches!(cell("invoiceType").as_str(), "单位" | "公司" | "企业");
    let or_blank = |f: &str| if organisation { cell(f) } else { String::new() };
    BTreeMap::from([
        ("education", cell("education")),
        ("major", cell("major")),
        ("employer", cell("employer")),
        (
            "invoiceType",
            if organisation {
                "organization"
            } else {
                "personal"
            }
            .to_owned(),
        ),
        ("invoiceTitle", or_blank("invoiceTitle")),
        ("taxpayerId", or_blank("taxpayerId").to_uppercase()),
    ])
}

/// Imports `file` into `d` and checks every accepted row's stored profile against the file.
/// Returns how many accepted rows had an empty major or employer.
fn import_and_compare(d: &Path, file: &Path) -> usize {
    let (code, report) = run(d, &["roster", "import", file.to_str().unwrap(), "--json"]);
    assert!(matches!(code, Some(0 | 1)), "{report}");
    check_stored(d, file, &report)
}

fn check_stored(d: &Path, file: &Path, report: &Value) -> usize {
    let columns: BTreeMap<String, String> =
        serde_json::from_value(report["columns"].clone()).unwrap();
    let cells = python_rows(file);
    let mut partial = 0;
    let mut compared = 0;
    for row in report["rows"].as_array().unwrap() {
        if row["status"] == "rejected" {
            continue;
        }
        let n = row["row"].as_u64().unwrap();
        let id = row["idNumber"].as_str().unwrap();
        let (code, show) = run(d, &["candidate", "show", "--id-number", id, "--json"]);
        assert_eq!(code, Some(0), "{show}");
        let profile = &show["process"]["profile"];
        assert!(
            profile.is_object(),
            "{}: row {n} ({id}) lost its profile: {show}",
            file.display()
        );
        let want = file_fields(&cells[&n], &columns, row);
        assert_eq!(
            stored_fields(profile),
            want,
            "{}: row {n} ({id})",
            file.display()
        );
        if want["major"].is_empty() || want["employer"].is_empty() {
            partial += 1;
            // The warning names exactly the empty fields and says what the import does.
            let warning = row["issues"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["severity"] == "warning" && p["code"] == "field.required")
                .unwrap_or_else(|| panic!("row {n}: no warning for the empty cells: {row}"));
            let text = warning["messageZh"].as_str().unwrap();
            assert_eq!(
                text.contains("所学专业"),
                want["major"].is_empty(),
                "{text}"
            );
            assert_eq!(
                text.contains("工作单位"),
                want["employer"].is_empty(),
                "{text}"
            );
            assert!(
                !text.contains("已登记"),
                "nothing is registered yet: {text}"
            );
        }
        compared += 1;
    }
    assert!(compared > 0, "{}: no accepted rows", file.display());
    partial
}

#[test]
fn every_accepted_row_keeps_every_cell_whatever_optional_cell_is_empty() {
    let files = tempfile::tempdir().unwrap();
    let generated = files.path().join("centre.csv");
    generated_roster(&generated);
    let d = tempfile::tempdir().unwrap();
    let partial = import_and_compare(d.path(), &generated);
    assert_eq!(partial, 16, "rows with 所学专业 or 工作单位 empty");
    for fixture_file in ["messy.xlsx", "roster_gbk.csv"] {
        let d = tempfile::tempdir().unwrap();
        import_and_compare(d.path(), &fixture("roster").join(fixture_file));
    }

    // A profile left incomplete cannot be submitted: the missing field is named.
    let id = id_number(0);
    let (code, submit) = run(
        d.path(),
        &["profile", "submit", "--id-number", &id, "--json"],
    );
    assert_eq!(code, Some(1), "{submit}");
    let fields: Vec<&str> = submit["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["major", "employer"], "{submit}");
}

#[test]
fn re_importing_the_same_file_restores_profiles_an_earlier_import_dropped() {
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("centre.csv");
    generated_roster(&file);
    let d = tempfile::tempdir().unwrap();
    run(
        d.path(),
        &["roster", "import", file.to_str().unwrap(), "--json"],
    );
    // What the previous import left: no profile at all where 所学专业 or 工作单位 was empty.
    let db = d.path().join("regdesk.db");
    let sql = r#"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = db.execute("""UPDATE processes SET state = json_set(state, '$.profile', json('null'))
    WHERE json_extract(state, '$.profile.major') = '' OR json_extract(state, '$.profile.employer') = ''""").rowcount
db.commit()
print(n)
"#;
    let changed = python(sql, &[&db]);
    assert_eq!(String::from_utf8_lossy(&changed).trim(), "16");

    // Checking the file again sees the difference: those rows are updates, not 无变化.
    let (_, preview) = run(
        d.path(),
        &[
            "roster",
            "import",
            file.to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(preview["counts"]["updated"], 16, "{}", preview["counts"]);
    assert_eq!(preview["counts"]["unchanged"], 24, "{}", preview["counts"]);
    let (_, report) = run(
        d.path(),
        &["roster", "import", file.to_str().unwrap(), "--json"],
    );
    assert_eq!(report["counts"]["updated"], 16);
    check_stored(d.path(), &file, &report);
    let (_, again) = run(
        d.path(),
        &["roster", "import", file.to_str().unwrap(), "--json"],
    );
    assert_eq!(again["counts"]["unchanged"], 40, "{}", again["counts"]);
}

/// Rows each leaving one required (or conditionally required) cell empty.
fn rows_with_empty_cells() -> (String, Vec<(u64, &'static str)>) {
    let mut text = format!("{HEADER}\n");
    let mut want = Vec::new();
    let blanks: [(&str, usize); 14] = [
        ("name", 0),
        ("gender", 1),
        ("idNumber", 2),
        ("mobile", 3),
        ("education", 5),
        ("invoiceType", 8),
        ("invoiceTitle", 9),
        ("taxpayerId", 10),
        ("examItem", 11),
        ("region", 12),
        ("certificate", 13),
        ("recipient", 14),
        ("recipientMobile", 15),
        ("address", 16),
    ];
    for (i, (field, col)) in blanks.iter().enumerate() {
        let id = id_number(100 + i as u32);
        let mut cells: Vec<String> = [
            "考生甲",
            gender_of(&id),
            &id,
            "13900001111",
            "",
            "大学本科",
            "护理学",
            "重庆医院",
            "单位",
            "重庆医院",
            USCC,
            "健康管理师（三级）",
            "渝中区",
            "邮寄",
            "王收件",
            "13800001111",
            "重庆市渝中区解放碑街道 1 号",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        cells[*col] = String::new();
        text.push_str(&cells.join(","));
        text.push('\n');
        want.push((i as u64 + 2, *field));
    }
    (text, want)
}

#[test]
fn an_empty_required_cell_is_field_required_naming_the_column_in_csv_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let (text, want) = rows_with_empty_cells();
    let csv = dir.path().join("blanks.csv");
    std::fs::write(&csv, &text).unwrap();
    let xlsx = dir.path().join("blanks.xlsx");
    let convert = r#"
import csv, sys, openpyxl
book = openpyxl.Workbook()
ws = book.active
for r in csv.reader(open(sys.argv[1], encoding="utf-8")):
    ws.append(r)
for row in ws.iter_rows():
    for c in row:
        c.number_format = "@"
book.save(sys.argv[2])
"#;
    python(convert, &[&csv, &xlsx]);
    for file in [&csv, &xlsx] {
        let d = tempfile::tempdir().unwrap();
        let (code, report) = run(
            d.path(),
            &[
                "roster",
                "import",
                file.to_str().unwrap(),
                "--dry-run",
                "--json",
            ],
        );
        assert_eq!(code, Some(1), "{report}");
        for (n, field) in &want {
            let row = report["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["row"] == *n)
                .unwrap();
            assert_eq!(row["status"], "rejected", "{row}");
            let errors: Vec<(&str, &str)> = row["issues"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["severity"] == "error")
                .map(|p| (p["field"].as_str().unwrap(), p["code"].as_str().unwrap()))
                .collect();
            assert_eq!(
                errors,
                [(*field, "field.required")],
                "{}: row {n}: {row}",
                file.display()
            );
            let message = row["issues"][0]["messageZh"].as_str().unwrap();
            assert!(message.starts_with("请填写"), "{message}");
        }
    }
}

#[test]
fn a_closed_pipe_ends_a_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let input: String = (0..20_000).map(|_| "11010519491231002X\n").collect();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{} validate id-number | head -c 10 >/dev/null",
            support::shell_command()
        ))
        .env("REGDESK_DATA_DIR", dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
            child.wait_with_output()
        })
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.trim().is_empty(), "nothing on stderr: {stderr}");
}
