//! What `roster import` answers: each row's status and problems, the counts, the materials
//! matched and what the engine made of them. Its JSON is the CLI's contract.

use std::collections::BTreeMap;

use regdesk_core::Problem;
use regdesk_roster::materials::{FileMatch, Kind, SlotStatus};
use regdesk_roster::CellChange;
use serde::Serialize;
use ts_rs::TS;

use super::SlotSummary;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    Accepted,
    Rejected,
    Updated,
    Unchanged,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowReport {
    pub row: u32,
    pub status: RowStatus,
    pub id_number: String,
    pub name: String,
    pub normalisations: Vec<CellChange>,
    pub issues: Vec<Problem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub duplicate_of_row: Option<u32>,
    /// For an update: each field's old and new value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<CellChange>>", optional)]
    pub changes: Vec<CellChange>,
    /// With a materials folder: each slot's status.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(
        type = "Record<string, \"matched\" | \"missing\" | \"ambiguous\">",
        optional
    )]
    pub materials: Option<BTreeMap<&'static str, SlotStatus>>,
}

#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub data_rows: u32,
    pub accepted: u32,
    pub rejected: u32,
    pub updated: u32,
    pub unchanged: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RosterReport {
    pub file: String,
    pub sheet: String,
    pub header_row: u32,
    /// Header text in the file → field.
    pub columns: BTreeMap<String, String>,
    /// Header cells no field uses (序号, 备注, or one to map by hand).
    pub unmapped: Vec<String>,
    pub rows: Vec<RowReport>,
    pub counts: Counts,
    pub files: Vec<FileMatch>,
    /// Whether the accepted and updated rows were written.
    pub committed: bool,
    /// Where the rejected rows were written, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub rejected_output: Option<String>,
    /// Matched materials run through the photo engine / scan compressor after the commit.
    pub processed: Vec<Processed>,
    /// With a materials folder: per slot, matched, stored, refused (by reason) and missing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<SlotSummary>>", optional)]
    pub materials_summary: Vec<SlotSummary>,
}

/// One matched file after the engine: stored, or the reason codes that kept it out.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Processed {
    pub file: String,
    pub id_number: String,
    pub kind: Kind,
    pub stored: bool,
    /// The reason codes (as `problems`, kept for scripts reading the codes only).
    pub issues: Vec<String>,
    /// What the engine said, in both languages.
    pub problems: Vec<Problem>,
    /// Stored by an earlier run under the same name: not processed again.
    pub already_stored: bool,
    /// Refused, and kept in the candidate's slot to be fixed in the crop editor (photos).
    pub kept_for_editing: bool,
}
