//! Roster bytes as CSV and as a spreadsheet file (XLSX/XLS/ODS by content): read, find the
//! header, check every row.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = regdesk_roster::read::read_csv(data, "fuzz.csv") {
        let _ = regdesk_roster::find_header(&table);
    }
    let mut file = match tempfile::Builder::new().suffix(".xlsx").tempfile() {
        Ok(f) => f,
        Err(_) => return,
    };
    if file.write_all(data).is_ok() {
        if let Ok(tables) = regdesk_roster::read::read_tables(file.path(), None) {
            for t in &tables {
                let _ = regdesk_roster::find_header(t);
            }
        }
    }
});
