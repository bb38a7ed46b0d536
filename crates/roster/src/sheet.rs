//! Choosing the sheet: the one named, else the only visible sheet with a roster header.

use std::path::Path;

use crate::header::{find_header, Header};
use crate::read::{read_tables, Table};
use crate::RosterError;

pub fn open_roster(path: &Path, sheet: Option<&str>) -> Result<(Table, Header), RosterError> {
    let tables = read_tables(path, sheet)?;
    let mut found: Vec<(Table, Header)> = tables
        .into_iter()
        .filter_map(|t| find_header(&t).map(|h| (t, h)))
        .collect();
    match found.len() {
        0 => Err(RosterError::HeaderMissing(path.display().to_string())),
        1 => Ok(found.remove(0)),
        _ => Err(RosterError::WhichSheet(
            found.into_iter().map(|(t, _)| t.sheet).collect(),
        )),
    }
}
