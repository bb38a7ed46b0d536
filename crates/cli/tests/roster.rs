//! `regdesk roster`: the template, a messy real-world roster (XLSX, GBK and BOM CSV) checked
//! row by row, commit and re-import, materials matched from a folder, rejected rows and the
//! grid exported — the spreadsheets read back with openpyxl, an independent reader.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};
use support::*;

const NOW: &str = "2026-12-01T10:00:00+08:00";
const ZS: &str = "500103199001010037";
const LS: &str = "500103198805120042";

fn roster(name: &str) -> PathBuf {
    fixture("roster").join(name)
}

fn run(d: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let out = regdesk_at(d, Some(NOW), args, None);
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), v)
}

fn row(report: &Value, n: u64) -> &Value {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["row"] == n)
        .unwrap_or_else(|| panic!("no row {n}: {report}"))
}

fn codes(row: &Value) -> Vec<String> {
    issue_codes(row)
}

/// Runs a Python snippet with openpyxl on `file`; prints what it returns as JSON.
fn openpyxl(file: &Path, code: &str) -> Value {
    let script =
        format!("import json, sys, openpyxl\nbook = openpyxl.load_workbook(sys.argv[1])\n{code}");
    let out = Command::new("python3")
        .args(["-c", &script])
        .arg(file)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_template_has_text_columns_lists_a_frozen_header_and_instructions() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("模板.xlsx");
    let (code, _) = run(
        dir.path(),
        &["roster", "template", "-o", file.to_str().unwrap()],
    );
    assert_eq!(code, Some(0));
    let facts = openpyxl(
        &file,
        r#"ws = book["名单"]
header = [c.value for c in ws[1]]
lists = [str(v.sqref) for v in ws.data_validations.dataValidation]
print(json.dumps({
  "sheets": [(s.title, s.sheet_state) for s in book.worksheets],
  "header": header,
  "example": [c.value for c in ws[2]],
  "idFormat": ws.column_dimensions["C"].number_format,
  "freeze": ws.freeze_panes,
  "lists": lists,
}))"#,
    );
    assert_eq!(
        facts["header"],
        json!([
            "姓名",
            "性别",
            "身份证号",
            "手机号",
            "邮箱",
            "最高学历",
            "所学专业",
            "工作单位",
            "开票类型",
            "开票单位",
            "纳税人识别号",
            "报考项目",
            "意向考试区域",
            "证书领取方式",
            "收件人",
            "收件电话",
            "收件地址"
        ])
    );
    assert_eq!(
        facts["example"][2], "11010519491231002X",
        "the example ID is text"
    );
    assert_eq!(facts["idFormat"], "@", "the ID column is formatted as text");
    assert_eq!(facts["freeze"], "A2");
    assert_eq!(
        facts["lists"].as_array().unwrap().len(),
        6,
        "six drop-down lists: {facts}"
    );
    let sheets = facts["sheets"].as_array().unwrap();
    assert!(sheets.contains(&json!(["填写说明", "visible"])));
    assert!(
        sheets.iter().any(|s| s[1] == "hidden"),
        "the list values sit on a hidden sheet"
    );
    // The template itself imports: its example row is a valid candidate.
    let (code, report) = run(
        dir.path(),
        &[
            "roster",
            "import",
            file.to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["counts"]["accepted"], 1);
}

#[test]
fn a_messy_roster_is_checked_row_by_row_and_a_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = roster("messy.xlsx");
    let (code, r) = run(
        d,
        &[
            "roster",
            "import",
            file.to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(code, Some(1), "some rows are rejected");
    assert_eq!(
        r["sheet"], "报名名单",
        "the hidden dictionary sheet is never read"
    );
    assert_eq!(r["headerRow"], 2, "below the merged title row");
    assert_eq!(r["columns"]["姓  名"], "name");
    assert_eq!(r["columns"]["身份证号码"], "idNumber");
    assert_eq!(r["columns"]["E-mail"], "email");
    assert!(r["columns"].get("序号").is_none() && r["columns"].get("备注").is_none());
    assert_eq!(
        r["counts"],
        json!({"dataRows": 9, "accepted": 2, "rejected": 7, "updated": 0, "unchanged": 0}),
        "rows 7 (only a sequence number) and 8 (blank) are skipped"
    );
    let zs = row(&r, 3);
    assert_eq!(zs["status"], "accepted");
    assert_eq!(zs["idNumber"], ZS);
    assert!(zs["normalisations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["field"] == "examItem" && n["to"] == "健康管理师（三级）"));
    let ls = row(&r, 4);
    assert_eq!(ls["status"], "accepted", "{ls}");
    assert_eq!(ls["idNumber"], LS, "full-width digits folded");
    let fields: Vec<&str> = ls["normalisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["field"].as_str().unwrap())
        .collect();
    for f in ["name", "idNumber", "mobile", "education", "region"] {
        assert!(fields.contains(&f), "{f} listed: {ls}");
    }
    assert_eq!(codes(row(&r, 5)), ["roster.id_precision_lost"]);
    assert_eq!(codes(row(&r, 6)), ["roster.id_is_date"]);
    let dup = row(&r, 9);
    assert_eq!(codes(dup), ["roster.duplicate_id"]);
    assert_eq!(dup["duplicateOfRow"], 3);
    assert_eq!(codes(row(&r, 10)), ["id_number.check_digit"]);
    assert_eq!(codes(row(&r, 11)), ["id_number.gender_mismatch"]);
    let ws = codes(row(&r, 12));
    assert!(
        ws.contains(&"roster.value_not_in_list".into()) && ws.contains(&"field.required".into()),
        "{ws:?}"
    );
    assert!(codes(row(&r, 13)).contains(&"mobile.format".into()));
    // English messages read as English: a capital first letter, no full-width marks, no
    // Chinese hint (the values the portal takes may stay Chinese, quoted or listed).
    for p in r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row["issues"].as_array().unwrap())
    {
        let en = p["messageEn"].as_str().unwrap();
        assert!(
            en.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()),
            "{en}"
        );
        assert!(!en.contains(['，', '。', '：', '；', '（', '）']), "{en}");
        assert!(!en.contains("重庆市的区县"), "{en}");
    }
    for n in [7, 8] {
        assert!(
            r["rows"].as_array().unwrap().iter().all(|x| x["row"] != n),
            "row {n} is skipped"
        );
    }
    let (_, list) = run(d, &["candidate", "list", "--json"]);
    assert_eq!(list, json!([]), "nothing written on --dry-run");
}

#[test]
fn gbk_and_bom_csv_read_like_the_workbook_with_physical_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["roster_gbk.csv", "roster_bom.csv"] {
        let file = roster(name);
        let (code, r) = run(
            dir.path(),
            &[
                "roster",
                "import",
                file.to_str().unwrap(),
                "--dry-run",
                "--json",
            ],
        );
        assert_eq!(code, Some(1), "{name}");
        assert_eq!(r["headerRow"], 1);
        assert_eq!(
            row(&r, 2)["idNumber"],
            ZS,
            "{name}: the first data line is 2"
        );
        assert_eq!(row(&r, 3)["status"], "accepted", "{name}");
        assert_eq!(
            row(&r, 4)["status"],
            "accepted",
            "{name}: a CSV keeps the ID as text"
        );
        assert_eq!(row(&r, 5)["duplicateOfRow"], 2, "{name}");
        assert_eq!(r["counts"]["dataRows"], 8, "{name}");
    }
}

#[test]
fn committing_registers_the_accepted_rows_once_and_re_importing_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = roster("messy.xlsx");
    let rejected = d.join("待修改.xlsx");
    let (code, first) = run(
        d,
        &[
            "roster",
            "import",
            file.to_str().unwrap(),
            "--rejected-out",
            rejected.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(code, Some(1));
    assert_eq!(first["committed"], true);
    let (_, list) = run(d, &["candidate", "list", "--json"]);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["idNumber"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [ZS, LS]);
    let (_, again) = run(d, &["roster", "import", file.to_str().unwrap(), "--json"]);
    assert_eq!(again["counts"]["unchanged"], 2, "{}", again["counts"]);
    assert_eq!(again["counts"]["accepted"], 0);
    assert_eq!(
        again["committed"], false,
        "nothing to write the second time"
    );

    // The rejected rows, with their original cells and a 问题 column, as text.
    let facts = openpyxl(
        &rejected,
        r#"ws = book.worksheets[0]
rows = [[c.value for c in r] for r in ws.iter_rows()]
print(json.dumps({"rows": rows, "types": sorted({c.data_type for r in ws.iter_rows() for c in r if c.value is not None})}))"#,
    );
    let rows = facts["rows"].as_array().unwrap();
    assert_eq!(rows[0].as_array().unwrap().last().unwrap(), "问题");
    assert_eq!(rows.len(), 8, "header + 7 rejected rows");
    assert!(rows.iter().skip(1).all(|r| r
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .as_str()
        .unwrap()
        .contains("行")));
    // Each problem names its column as the sheet does, never a JSON key.
    let problems: Vec<&str> = rows
        .iter()
        .skip(1)
        .map(|r| r.as_array().unwrap().last().unwrap().as_str().unwrap())
        .collect();
    assert!(
        problems.iter().any(|p| p.contains("身份证号")),
        "{problems:?}"
    );
    for p in &problems {
        assert!(!p.contains("idNumber") && !p.contains("mobile"), "{p}");
    }
    assert_eq!(facts["types"], json!(["s"]), "every cell is text");
}

#[test]
fn an_update_shows_old_and_new_values_and_formulas_never_reach_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let header = "姓名,性别,身份证号,手机号,最高学历,所学专业,工作单位,开票类型,报考项目,意向考试区域,证书领取方式\n";
    let first = d.join("a.csv");
    std::fs::write(&first, format!("{header}张三,男,{ZS},13800138000,大学本科,护理,=HYPERLINK(\"x\"),个人,健康管理师（三级）,渝中区,自取\n")).unwrap();
    assert_eq!(
        run(d, &["roster", "import", first.to_str().unwrap(), "--json"]).0,
        Some(0)
    );
    let second = d.join("b.csv");
    std::fs::write(&second, format!("{header}张三,男,{ZS},13800138000,大学本科,护理,重庆市人民医院,个人,健康管理师（三级）,江北区,自取\n")).unwrap();
    let (code, r) = run(d, &["roster", "import", second.to_str().unwrap(), "--json"]);
    assert_eq!(code, Some(0));
    let zs = row(&r, 2);
    assert_eq!(zs["status"], "updated");
    let changes = zs["changes"].as_array().unwrap();
    assert!(
        changes.contains(
            &json!({"field": "employer", "from": "=HYPERLINK(\"x\")", "to": "重庆市人民医院"})
        ),
        "{zs}"
    );
    assert!(
        changes.contains(&json!({"field": "region", "from": "渝中区", "to": "江北区"})),
        "{zs}"
    );

    // A value that looks like a formula is written as text with an apostrophe.
    assert_eq!(
        run(d, &["roster", "import", first.to_str().unwrap(), "--json"]).0,
        Some(0)
    );
    let grid = d.join("grid.xlsx");
    let (code, out) = run(
        d,
        &["roster", "export", "-o", grid.to_str().unwrap(), "--json"],
    );
    assert_eq!(code, Some(0), "{out}");
    let facts = openpyxl(
        &grid,
        r#"ws = book.worksheets[0]
cells = [c for r in ws.iter_rows() for c in r if c.value is not None]
print(json.dumps({"formulas": [c.value for c in cells if c.data_type == "f" or str(c.value).startswith("=")],
                  "employer": ws.cell(row=2, column=8).value, "id": ws.cell(row=2, column=3).value,
                  "idType": ws.cell(row=2, column=3).data_type}))"#,
    );
    assert_eq!(facts["formulas"], json!([]));
    assert_eq!(facts["employer"], "'=HYPERLINK(\"x\")");
    assert_eq!(
        (facts["id"].as_str(), facts["idType"].as_str()),
        (Some(ZS), Some("s"))
    );
}

#[test]
fn materials_are_matched_by_id_or_unique_name_and_the_matched_ones_processed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let m = d.join("材料");
    std::fs::create_dir_all(m.join("扫描件")).unwrap();
    let portrait = fixture("portrait_white.png");
    let scan = fixture("beige_wall.jpg");
    for (from, to) in [
        (&portrait, format!("{ZS}.JPG")),
        (&scan, format!("扫描件/{ZS}_身份证.jpg")),
        (&scan, format!("{ZS}_学历.jpg")),
        (&portrait, "李四.jpg".into()),
        (&portrait, format!("{LS}_photo.jpg")),
        (&portrait, "110105194912310099.jpg".into()),
        (&scan, format!("{ZS}_合同.jpg")),
    ] {
        std::fs::copy(from, m.join(to)).unwrap();
    }
    let file = roster("messy.xlsx");
    let (_, r) = run(
        d,
        &[
            "roster",
            "import",
            file.to_str().unwrap(),
            "--files",
            m.to_str().unwrap(),
            "--json",
        ],
    );
    let files = r["files"].as_array().unwrap();
    let get = |name: &str| {
        files
            .iter()
            .find(|f| f["file"] == name)
            .unwrap_or_else(|| panic!("{name}: {files:?}"))
    };
    let photo = get(&format!("{ZS}.JPG"));
    assert_eq!(
        (
            photo["status"].as_str(),
            photo["kind"].as_str(),
            photo["row"].as_u64()
        ),
        (Some("matched"), Some("photo"), Some(3))
    );
    assert_eq!(photo["matchMethod"], "id");
    assert_eq!(get(&format!("扫描件/{ZS}_身份证.jpg"))["kind"], "id-front");
    assert_eq!(
        get("李四.jpg")["status"],
        "ambiguous",
        "two photos for 李四"
    );
    assert_eq!(get("李四.jpg")["matchMethod"], "name");
    assert_eq!(get("110105194912310099.jpg")["status"], "unmatched");
    assert_eq!(get(&format!("{ZS}_合同.jpg"))["status"], "unmatched");
    assert_eq!(
        row(&r, 3)["materials"],
        json!({"photo": "matched", "id-front": "matched", "diploma": "matched", "work-proof": "missing"})
    );
    assert_eq!(row(&r, 4)["materials"]["photo"], "ambiguous");
    assert_eq!(
        row(&r, 5)["materials"]["photo"],
        "missing",
        "a rejected row shows its materials too"
    );
    assert_eq!(
        get(&format!("{ZS}.JPG"))["row"],
        3,
        "row 9 repeats 张三's ID: the kept row 3 gets the file"
    );
    // The matched files went through the engine and are stored like single uploads.
    let processed = r["processed"].as_array().unwrap();
    assert_eq!(processed.len(), 3, "{processed:?}");
    assert!(
        processed.iter().all(|p| p["stored"] == true),
        "{processed:?}"
    );
    let (_, list) = run(d, &["candidate", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 2);

    // Run again (as after an interruption): the stored files are not processed again.
    let (_, again) = run(
        d,
        &[
            "roster",
            "import",
            file.to_str().unwrap(),
            "--files",
            m.to_str().unwrap(),
            "--json",
        ],
    );
    let again = again["processed"].as_array().unwrap();
    assert_eq!(again.len(), 3);
    assert!(
        again
            .iter()
            .all(|p| p["alreadyStored"] == true && p["stored"] == true),
        "{again:?}"
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let jobs = rt.block_on(async {
        let store = regdesk_store::Store::open(d).await.unwrap();
        regdesk_store::jobs::list(&store, 10).await.unwrap()
    });
    assert_eq!(
        jobs.len(),
        1,
        "one materials job, recorded; none the second time"
    );
    assert_eq!(
        (jobs[0].kind.as_str(), jobs[0].done),
        ("roster_materials", 3)
    );
}

#[test]
fn a_file_without_a_header_or_of_another_type_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let no_header = d.join("x.csv");
    std::fs::write(&no_header, "a,b,c\n1,2,3\n").unwrap();
    let (code, r) = run(
        d,
        &["roster", "import", no_header.to_str().unwrap(), "--json"],
    );
    assert_eq!(code, Some(2));
    assert_eq!(r["issues"][0]["code"], "roster.header_missing");
    let pdf = d.join("x.pdf");
    std::fs::write(&pdf, "%PDF").unwrap();
    assert_eq!(
        run(d, &["roster", "import", pdf.to_str().unwrap(), "--json"]).0,
        Some(2)
    );
}

#[test]
fn ten_thousand_rows_are_checked_and_committed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = d.join("big.csv");
    let w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let mut text = String::from("姓名,性别,身份证号,手机号,最高学历,所学专业,工作单位,开票类型,报考项目,意向考试区域,证书领取方式\n");
    for i in 0..10_000u32 {
        let body = format!(
            "500103198{}{:02}{:02}{:03}",
            i % 10,
            1 + i / 10 % 12,
            1 + i / 120 % 28,
            i % 999 + 1
        );
        let sum: u32 = body
            .bytes()
            .zip(w)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        let id = format!(
            "{body}{}",
            "10X98765432".as_bytes()[(sum % 11) as usize] as char
        );
        let gender = if (body.as_bytes()[16] - b'0') % 2 == 1 {
            "男"
        } else {
            "女"
        };
        let name: String = i
            .to_string()
            .chars()
            .map(|c| {
                "零一二三四五六七八九"
                    .chars()
                    .nth(c as usize - '0' as usize)
                    .unwrap()
            })
            .collect();
        text.push_str(&format!("考生{name},{gender},{id},139{i:08},大学本科,护理,医院,个人,健康管理师（三级）,渝中区,自取\n"));
    }
    std::fs::write(&file, text).unwrap();
    let (code, r) = run(d, &["roster", "import", file.to_str().unwrap(), "--json"]);
    assert_eq!(code, Some(if r["counts"]["rejected"] == 0 { 0 } else { 1 }));
    let accepted = r["counts"]["accepted"].as_u64().unwrap();
    let dups = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| codes(x) == ["roster.duplicate_id"])
        .count() as u64;
    assert_eq!(accepted + dups, 10_000, "{}", r["counts"]);
    let (_, list) = run(d, &["candidate", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len() as u64, accepted);
}

#[tokio::test]
async fn a_grid_cell_is_edited_with_the_same_rules_and_identity_stays_read_only() {
    use regdesk_workflow::roster::{edit_cell, grid_rows};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = roster("messy.xlsx");
    run(d, &["roster", "import", file.to_str().unwrap(), "--json"]);
    let store = regdesk_store::Store::open(d).await.unwrap();
    let actor = regdesk_core::Actor::Cli("t".into());
    let bad = edit_cell(&store, ZS, "region", "火星区", true, &actor)
        .await
        .unwrap();
    assert!(!bad.applied);
    assert_eq!(bad.issues[0].code.as_str(), "roster.value_not_in_list");
    let name = edit_cell(&store, ZS, "name", "张叁", false, &actor)
        .await
        .unwrap();
    assert_eq!(name.issues[0].code.as_str(), "process.locked");
    let empty = edit_cell(&store, ZS, "major", " ", false, &actor)
        .await
        .unwrap();
    assert!(!empty.applied && empty.issues.iter().any(|p| p.field == "major"));
    let dry = edit_cell(&store, ZS, "region", "江北区", true, &actor)
        .await
        .unwrap();
    assert!(!dry.applied, "a dry run writes nothing");
    let ok = edit_cell(&store, ZS, "region", "江北区", false, &actor)
        .await
        .unwrap();
    assert!(ok.applied);
    assert_eq!(ok.row.unwrap().region, "江北区");
    let major = edit_cell(&store, ZS, "major", "临床医学", false, &actor)
        .await
        .unwrap();
    assert!(major.applied);
    let row = grid_rows(&store)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.id_number == ZS)
        .unwrap();
    assert_eq!(
        (row.major.as_str(), row.region.as_str(), row.name.as_str()),
        ("临床医学", "江北区", "张三")
    );
}

#[test]
fn the_column_mapping_is_shown_and_can_be_corrected() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = d.join("m.csv");
    std::fs::write(
        &file,
        format!("序号,姓名,性别,身份证号,手机号,本人手机,最高学历,报考项目,意向考试区域,开票类型,证书领取方式\n1,张三,男,{ZS},1234,13800138000,大学本科,健康管理师（三级）,渝中区,个人,自取\n"),
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let (code, r) = run(d, &["roster", "import", f, "--dry-run", "--json"]);
    assert_eq!(code, Some(1));
    assert_eq!(r["unmapped"], json!(["序号", "本人手机"]));
    assert_eq!(codes(row(&r, 2)), ["mobile.format", "field.required"]);
    let (code, r) = run(
        d,
        &[
            "roster",
            "import",
            f,
            "--dry-run",
            "--map",
            "本人手机=mobile",
            "--json",
        ],
    );
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(r["columns"]["本人手机"], "mobile");
    assert!(r["columns"].get("手机号").is_none());
    let (code, _) = run(d, &["roster", "import", f, "--map", "本人手机=phone"]);
    assert_eq!(code, Some(2), "an unknown field is a usage error");
}

#[tokio::test]
async fn a_commit_that_fails_part_way_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The database refuses the second accepted row (李四), after 张三 was inserted.
    let store = regdesk_store::Store::open(d).await.unwrap();
    sqlx::query(&format!(
        "CREATE TRIGGER refuse_one BEFORE INSERT ON candidates WHEN NEW.id_number = '{LS}' \
         BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
    ))
    .execute(store.pool())
    .await
    .unwrap();
    drop(store);
    let file = roster("messy.xlsx");
    let (code, _) = run(d, &["roster", "import", file.to_str().unwrap(), "--json"]);
    assert_eq!(code, Some(3), "a database failure is an internal failure");
    let (_, list) = run(d, &["candidate", "list", "--json"]);
    assert_eq!(list, json!([]), "张三 was rolled back with the rest");
}
