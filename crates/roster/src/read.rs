//! Reading a roster file into rows of cells: XLSX, XLS, ODS (calamine) and CSV in UTF-8 (with or
//! without BOM) or GBK/GB18030 (Excel on Chinese Windows), bounded in size and shape. Hidden
//! sheets (drop-down dictionaries) are never read.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader, SheetVisible};

use crate::RosterError;

/// Larger files are refused before parsing (a 10 000-row roster is ~1 MB).
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
pub const MAX_ROWS: usize = 100_000;
pub const MAX_COLUMNS: usize = 200;

/// One cell as the file holds it: the type matters (an ID typed into a number cell has lost
/// digits; a date cell is not an ID).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// An Excel date serial.
    Date(f64),
}

impl Cell {
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.chars().all(|c| c.is_whitespace()),
            _ => false,
        }
    }

    /// The text a person sees: numbers without `.0` or exponent when integral.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) | Cell::Date(n) => number_text(*n),
        }
    }
}

pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based: the spreadsheet's row, or the CSV's physical line.
    pub number: u32,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// The sheet read (the file name for CSV).
    pub sheet: String,
    pub rows: Vec<Row>,
}

fn too_big(path: &Path, what: &str) -> RosterError {
    RosterError::Unreadable(format!("{}: {what}", path.display()))
}

/// Reads the visible sheets of a workbook (or the one CSV "sheet"), each as a table.
pub fn read_tables(path: &Path, sheet: Option<&str>) -> Result<Vec<Table>, RosterError> {
    let meta = std::fs::metadata(path)
        .map_err(|e| RosterError::Unreadable(format!("{}: {e}", path.display())))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(path, "larger than 50 MB / 文件超过 50 MB"));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(path)
                .map_err(|e| RosterError::Unreadable(format!("{}: {e}", path.display())))?;
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("csv");
            Ok(vec![read_csv(&bytes, name)?])
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "et" => read_workbook(path, sheet),
        _ => Err(RosterError::Unsupported(path.display().to_string())),
    }
}

fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<Vec<Table>, RosterError> {
    // WPS's .et is an OLE workbook like .xls: calamine reads it when given that extension.
    let mut book = open_workbook_auto(path)
        .or_else(|e| {
            if path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("et"))
            {
                let copy = std::env::temp_dir().join(format!("regdesk-{}.xls", std::process::id()));
                std::fs::copy(path, &copy).map_err(|_| e)?;
                let book = open_workbook_auto(&copy);
                let _ = std::fs::remove_file(&copy);
                book
            } else {
                Err(e)
            }
        })
        .map_err(|e| RosterError::Unreadable(format!("{}: {e}", path.display())))?;
    let visible: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let names = match sheet {
        Some(wanted) => {
            if !visible.iter().any(|n| n == wanted) {
                return Err(RosterError::NoSuchSheet {
                    wanted: wanted.to_owned(),
                    visible,
                });
            }
            vec![wanted.to_owned()]
        }
        None => visible,
    };
    let mut tables = Vec::new();
    for name in names {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| RosterError::Unreadable(format!("{} [{name}]: {e}", path.display())))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        if range.height() > MAX_ROWS || range.width() + left as usize > MAX_COLUMNS {
            return Err(too_big(
                path,
                "more than 100 000 rows or 200 columns / 行或列过多",
            ));
        }
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let mut out = vec![Cell::Empty; left as usize];
                out.extend(cells.iter().map(cell_of));
                Row {
                    number: top + i as u32 + 1,
                    cells: out,
                }
            })
            .collect();
        tables.push(Table { sheet: name, rows });
    }
    Ok(tables)
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) => Cell::Date(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e}")),
    }
}

/// The text of a CSV file: UTF-8 (BOM or not), UTF-16 with a BOM, else GB18030 (a superset
/// of GBK, what Excel writes on Chinese Windows).
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(bytes.get(bom..).unwrap_or_default())
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

pub fn read_csv(bytes: &[u8], name: &str) -> Result<Table, RosterError> {
    let text = decode_text(bytes);
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Physical lines, counted from each record's byte offset (a quoted cell may hold newlines).
    let mut line = 1u32;
    let mut counted = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| RosterError::Unreadable(format!("{name}: {e}")))?;
        if rows.len() == MAX_ROWS || record.len() > MAX_COLUMNS {
            return Err(RosterError::Unreadable(format!(
                "{name}: more than 100 000 rows or 200 columns / 行或列过多"
            )));
        }
        let mut start = record.position().map_or(counted, |p| p.byte() as usize);
        // After a CRLF record the position may point at the line end it has not consumed yet.
        let bytes = text.as_bytes();
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        line += bytes
            .get(counted..start.max(counted))
            .unwrap_or_default()
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u32;
        counted = start.max(counted);
        let number = line;
        let cells = record
            .iter()
            .map(|c| {
                if c.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(c.to_owned())
                }
            })
            .collect();
        rows.push(Row { number, cells });
    }
    Ok(Table {
        sheet: name.to_owned(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_gbk_utf8_bom_and_plain_utf8_read_the_same() {
        let text = "姓名,身份证号\n王芳,11010519491231002X\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        for bytes in [text.as_bytes().to_vec(), bom, gbk.into_owned()] {
            let t = read_csv(&bytes, "x.csv").unwrap();
            assert_eq!(t.rows.len(), 2);
            assert_eq!(t.rows[0].number, 1);
            assert_eq!(t.rows[0].cells[0], Cell::Text("姓名".into()));
            assert_eq!(t.rows[1].number, 2);
            assert_eq!(t.rows[1].cells[1], Cell::Text("11010519491231002X".into()));
        }
    }

    #[test]
    fn rows_are_numbered_by_physical_line_with_crlf_and_quoted_newlines() {
        let text = "姓名,备注\r\n王芳,\"两行\r\n备注\"\r\n李明,x\r\n";
        let t = read_csv(text.as_bytes(), "x.csv").unwrap();
        let lines: Vec<u32> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(lines, [1, 2, 4]);
    }

    #[test]
    fn numbers_read_as_people_typed_them() {
        assert_eq!(number_text(13800138000.0), "13800138000");
        assert_eq!(number_text(15.0), "15");
        assert_eq!(number_text(1.5), "1.5");
    }
}
