//! Spreadsheets we write: the roster template (17 columns, text-formatted ID and phone
//! columns, drop-down lists from the catalogue, frozen header, Chinese instructions, one example
//! row) and plain tables (rejected rows, the grid). Every cell we write is text, and text that
//! a spreadsheet would take for a formula is neutralised.

use std::path::Path;

use regdesk_core::exam_catalog::exam_catalog;
use regdesk_core::profile::Education;
use rust_xlsxwriter::{DataValidation, Format, Workbook, Worksheet, XlsxError};

use crate::field::Field;
use crate::RosterError;

fn write_err(path: &Path, e: XlsxError) -> RosterError {
    RosterError::Write(format!("{}: {e}", path.display()))
}

/// A cell starting with `=`, `+`, `-`, `@`, tab or CR would be read as a formula by Excel, WPS
/// or LibreOffice (CSV/formula injection): it is prefixed with an apostrophe.
pub fn neutralise(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

fn example(f: Field) -> &'static str {
    match f {
        Field::Name => "王芳",
        Field::Gender => "女",
        Field::IdNumber => "11010519491231002X",
        Field::Mobile => "13900001111",
        Field::Email => "wf@example.com",
        Field::Education => "大学专科",
        Field::Major => "护理",
        Field::Employer => "重庆市人民医院",
        Field::InvoiceType => "个人",
        Field::InvoiceTitle | Field::TaxpayerId => "",
        Field::ExamItem => "健康管理师（三级）",
        Field::Region => "渝中区",
        Field::Certificate => "邮政快递到付",
        Field::Recipient => "王芳",
        Field::RecipientMobile => "13900001111",
        Field::Address => "重庆市渝中区中山三路 1 号",
    }
}

const INSTRUCTIONS: &[&str] = &[
    "考试报名助手 RegDesk — 批量报名名单模板",
    "1. 每行一名考生，第 1 行为表头，请勿修改表头文字和列的顺序（可以删除示例行）。",
    "2. 必填：姓名、性别、身份证号、手机号、最高学历、报考项目、意向考试区域、开票类型、证书领取方式。",
    "3. 开票类型选“单位”时须填开票单位和纳税人识别号（统一社会信用代码，18 位）。",
    "4. 证书领取方式选“邮政快递到付”时须填收件人、收件电话和收件地址。",
    "5. 身份证号和手机号两列已设为“文本”格式：请直接输入或粘贴为文本，不要改成数字格式（Excel 会丢失身份证号后几位）。",
    "6. 性别、最高学历、开票类型、报考项目、意向考试区域、证书领取方式请从下拉列表中选择。",
    "7. 照片和材料：放在一个文件夹中，以身份证号命名，如 11010519491231002X.jpg（证件照）、11010519491231002X_身份证.jpg、11010519491231002X_学历.jpg、11010519491231002X_工作证明.jpg。",
    "8. 导入前软件会逐行检查并列出每一行的问题；有问题的行可以导出，修改后重新导入。",
];

/// The drop-down values of a column, if it has a list.
fn list_of(f: Field) -> Option<Vec<String>> {
    let catalog = exam_catalog();
    Some(match f {
        Field::Gender => vec!["男".into(), "女".into()],
        Field::Education => Education::ALL.iter().map(|e| e.label_zh().into()).collect(),
        Field::InvoiceType => vec!["个人".into(), "单位".into()],
        Field::ExamItem => catalog.items.iter().map(|i| i.label.clone()).collect(),
        Field::Region => catalog.regions.clone(),
        Field::Certificate => vec!["自取".into(), "邮政快递到付".into()],
        _ => return None,
    })
}

const DATA_ROWS: u32 = 10_000;
const LISTS: &str = "下拉选项";

pub fn write_template(path: &Path) -> Result<(), RosterError> {
    let err = |e| write_err(path, e);
    let mut book = Workbook::new();
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold().set_background_color("#DDEBF7");

    let mut sheet = Worksheet::new();
    sheet.set_name("名单").map_err(err)?;
    // The lists live on a hidden sheet: a validation list written inline is capped at 255
    // characters, too short for the 38 districts.
    let mut lists = Worksheet::new();
    lists.set_name(LISTS).map_err(err)?;
    lists.set_hidden(true);
    let mut list_col = 0u16;
    for (col, f) in Field::ALL.iter().enumerate() {
        let col = col as u16;
        sheet
            .write_string_with_format(0, col, f.header(), &bold)
            .map_err(err)?;
        sheet.set_column_width(col, 14).map_err(err)?;
        if matches!(
            f,
            Field::IdNumber | Field::Mobile | Field::RecipientMobile | Field::TaxpayerId
        ) {
            sheet.set_column_format(col, &text).map_err(err)?;
            sheet.set_column_width(col, 21).map_err(err)?;
        }
        sheet
            .write_string_with_format(1, col, example(*f), &text)
            .map_err(err)?;
        if let Some(values) = list_of(*f) {
            for (r, v) in values.iter().enumerate() {
                lists.write_string(r as u32, list_col, v).map_err(err)?;
            }
            let letter = rust_xlsxwriter::utility::column_number_to_name(list_col);
            let source = format!("='{LISTS}'!${letter}$1:${letter}${}", values.len());
            let validation = DataValidation::new()
                .allow_list_formula(source.as_str().into())
                .set_error_title(f.header())
                .map_err(err)?
                .set_error_message("请从下拉列表中选择")
                .map_err(err)?;
            sheet
                .add_data_validation(1, col, DATA_ROWS, col, &validation)
                .map_err(err)?;
            list_col += 1;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;

    let mut help = Worksheet::new();
    help.set_name("填写说明").map_err(err)?;
    help.set_column_width(0, 120).map_err(err)?;
    for (r, line) in INSTRUCTIONS.iter().enumerate() {
        help.write_string(r as u32, 0, *line).map_err(err)?;
    }
    book.push_worksheet(sheet);
    book.push_worksheet(help);
    book.push_worksheet(lists);
    book.save(path).map_err(err)
}

/// A table of text cells (a header row, then rows), every cell neutralised. Large exports
/// stream to disk (constant memory).
pub fn write_table(
    path: &Path,
    sheet_name: &str,
    header: &[String],
    rows: &[Vec<String>],
) -> Result<(), RosterError> {
    let err = |e| write_err(path, e);
    let mut book = Workbook::new();
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet_with_constant_memory().map_err(err)?;
    sheet.set_name(sheet_name).map_err(err)?;
    for (c, h) in header.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, neutralise(h), &bold)
            .map_err(err)?;
        sheet.set_column_width(c as u16, 16).map_err(err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet
                .write_string_with_format(r as u32 + 1, c as u16, neutralise(v), &text)
                .map_err(err)?;
        }
    }
    book.save(path).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{read_tables, Cell};
    use crate::sheet::open_roster;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-2"), "'-2");
        assert_eq!(neutralise("王芳"), "王芳");
    }

    #[test]
    fn the_template_reads_back_with_its_header_and_example_row() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        write_template(&path).unwrap();
        let visible = read_tables(&path, None).unwrap();
        let names: Vec<&str> = visible.iter().map(|t| t.sheet.as_str()).collect();
        assert_eq!(names, ["名单", "填写说明"], "the list sheet is hidden");
        let (table, header) = open_roster(&path, None).unwrap();
        assert_eq!(table.sheet, "名单");
        assert_eq!(header.row, 1);
        assert_eq!(header.columns.len(), 17);
        assert_eq!(
            table.rows[1].cells[2],
            Cell::Text("11010519491231002X".into())
        );
    }
}
