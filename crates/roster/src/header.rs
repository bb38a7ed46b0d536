//! Finding the header row (not always row 1: a merged title row often sits above it) and the
//! column each field is in.

use std::collections::BTreeMap;

use crate::field::Field;
use crate::read::{Row, Table};

/// The header is looked for in the first rows only.
const SEARCH_ROWS: usize = 30;

#[derive(Debug, Clone)]
pub struct Header {
    /// 1-based row of the header.
    pub row: u32,
    /// Index of the header row in the table's rows.
    pub index: usize,
    /// Column index of each field found (the first column wins when one repeats).
    pub columns: BTreeMap<Field, usize>,
    /// Header text as in the file → field, for the columns used.
    pub names: Vec<(String, Field)>,
}

fn header_of(row: &Row, index: usize) -> Option<Header> {
    let mut columns = BTreeMap::new();
    let mut names = Vec::new();
    for (i, cell) in row.cells.iter().enumerate() {
        let text = cell.text();
        if let Some(field) = Field::of_header(&text) {
            if let std::collections::btree_map::Entry::Vacant(e) = columns.entry(field) {
                e.insert(i);
                names.push((text.trim().to_owned(), field));
            }
        }
    }
    // A header names the ID number and at least two other columns.
    (columns.contains_key(&Field::IdNumber) && columns.len() >= 3).then_some(Header {
        row: row.number,
        index,
        columns,
        names,
    })
}

impl Header {
    /// The user's corrections to the mapping: each header text (as in the file) to a field, or
    /// to nothing (ignored). A field given to a new column leaves its old one.
    pub fn remap(&mut self, row: &Row, overrides: &[(String, Option<Field>)]) {
        for (text, field) in overrides {
            let Some(col) = row
                .cells
                .iter()
                .position(|c| c.text().trim() == text.trim())
            else {
                continue;
            };
            self.columns.retain(|_, c| *c != col);
            self.names.retain(|(n, _)| n.trim() != text.trim());
            if let Some(f) = field {
                self.names.retain(|(_, g)| g != f);
                self.columns.insert(*f, col);
                self.names.push((text.trim().to_owned(), *f));
            }
        }
    }

    /// Header cells of the row that no field uses (序号, 备注, or a column not recognised).
    pub fn unmapped(&self, row: &Row) -> Vec<String> {
        row.cells
            .iter()
            .enumerate()
            .filter(|(i, c)| !c.is_blank() && !self.columns.values().any(|x| x == i))
            .map(|(_, c)| c.text().trim().to_owned())
            .collect()
    }
}

pub fn find_header(table: &Table) -> Option<Header> {
    table
        .rows
        .iter()
        .take(SEARCH_ROWS)
        .enumerate()
        .find_map(|(i, row)| header_of(row, i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Cell;

    fn row(number: u32, cells: &[&str]) -> Row {
        Row {
            number,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text((*c).into())
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn a_title_row_above_the_header_is_skipped() {
        let table = Table {
            sheet: "名单".into(),
            rows: vec![
                row(1, &["2026 年健康管理师报名名单", "", ""]),
                row(2, &["序号", "姓  名", "身份证号码", "手机", "备注"]),
                row(3, &["1", "王芳", "11010519491231002X", "13900001111", ""]),
            ],
        };
        let h = find_header(&table).unwrap();
        assert_eq!(h.row, 2);
        assert_eq!(h.columns[&Field::Name], 1);
        assert_eq!(h.columns[&Field::IdNumber], 2);
        assert_eq!(h.columns[&Field::Mobile], 3);
        assert_eq!(h.names.len(), 3, "序号 and 备注 are ignored");
    }

    #[test]
    fn the_user_can_map_a_column_or_ignore_one() {
        let header_row = row(
            2,
            &[
                "序号",
                "姓名",
                "身份证号码",
                "手机",
                "联系电话",
                "工作单位名称（全称）",
            ],
        );
        let table = Table {
            sheet: "s".into(),
            rows: vec![header_row.clone()],
        };
        let mut h = find_header(&table).unwrap();
        assert_eq!(h.unmapped(&header_row), ["序号", "联系电话"]);
        h.remap(
            &header_row,
            &[
                ("联系电话".into(), Some(Field::Mobile)),
                ("工作单位名称（全称）".into(), None),
            ],
        );
        assert_eq!(
            h.columns[&Field::Mobile],
            4,
            "the mobile moved to the chosen column"
        );
        assert!(
            !h.columns.contains_key(&Field::Employer),
            "ignored on request"
        );
        assert_eq!(
            h.unmapped(&header_row),
            ["序号", "手机", "工作单位名称（全称）"]
        );
    }
}
