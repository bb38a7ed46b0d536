//! What became of the materials folder, slot by slot: how many files were matched and stored,
//! each refusal's reason with its files, and what is missing — the answer to "照片 已匹配, but
//! where are the photos?" after an import.

use std::collections::BTreeMap;

use regdesk_core::Problem;
use regdesk_roster::materials::{FileMatch, FileStatus, Kind, SlotStatus};
use serde::Serialize;
use ts_rs::TS;

use super::{Processed, RowReport, RowStatus};

/// One reason that kept files out of a slot, with the files it kept out.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Refusal {
    pub code: String,
    pub message_zh: String,
    pub message_en: String,
    pub files: Vec<RefusedFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefusedFile {
    pub file: String,
    pub id_number: String,
    /// Kept in the candidate's slot: the crop editor opens on it.
    pub kept_for_editing: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SlotSummary {
    pub kind: Kind,
    /// Files matched to a row of the workspace.
    pub matched: u32,
    /// Of those, stored now or by an earlier run of the same import.
    pub stored: u32,
    /// Files refused by the engine, grouped by the first error's reason.
    pub refused: Vec<Refusal>,
    /// Imported rows with no file for this slot.
    pub missing: u32,
    /// Files named for this slot that no row, or more than one row, claims.
    pub not_matched: u32,
}

/// The summary of a committed import (a dry run stores nothing: only matching is summed up).
pub fn summarise(
    rows: &[RowReport],
    files: &[FileMatch],
    processed: &[Processed],
) -> Vec<SlotSummary> {
    let kept: std::collections::HashSet<u32> = rows
        .iter()
        .filter(|r| r.status != RowStatus::Rejected)
        .map(|r| r.row)
        .collect();
    Kind::ALL
        .into_iter()
        .map(|kind| {
            let of_kind = files.iter().filter(|f| f.kind == Some(kind));
            let (mut matched, mut not_matched) = (0, 0);
            for f in of_kind {
                match f.status {
                    FileStatus::Matched if f.row.is_some_and(|r| kept.contains(&r)) => matched += 1,
                    FileStatus::Matched => {}
                    FileStatus::Ambiguous | FileStatus::Unmatched => not_matched += 1,
                }
            }
            let missing = rows
                .iter()
                .filter(|r| kept.contains(&r.row))
                .filter(|r| {
                    r.materials
                        .as_ref()
                        .and_then(|m| m.get(kind.key()))
                        .is_some_and(|s| *s == SlotStatus::Missing)
                })
                .count() as u32;
            let mut refused: BTreeMap<String, Refusal> = BTreeMap::new();
            let mut stored = 0;
            for p in processed.iter().filter(|p| p.kind == kind) {
                if p.stored {
                    stored += 1;
                    continue;
                }
                let first = p
                    .problems
                    .iter()
                    .find(|x| x.is_error())
                    .or(p.problems.first());
                let (code, zh, en) = match first {
                    Some(x) => reason_of(x),
                    None => (
                        "unknown".into(),
                        "未通过检查".into(),
                        "did not pass the checks".into(),
                    ),
                };
                refused
                    .entry(code.clone())
                    .or_insert_with(|| Refusal {
                        code,
                        message_zh: zh,
                        message_en: en,
                        files: vec![],
                    })
                    .files
                    .push(RefusedFile {
                        file: p.file.clone(),
                        id_number: p.id_number.clone(),
                        kept_for_editing: p.kept_for_editing,
                    });
            }
            let mut refused: Vec<Refusal> = refused.into_values().collect();
            refused.sort_by(|a, b| b.files.len().cmp(&a.files.len()).then(a.code.cmp(&b.code)));
            SlotSummary {
                kind,
                matched,
                stored,
                refused,
                missing,
                not_matched,
            }
        })
        .collect()
}

fn reason_of(p: &Problem) -> (String, String, String) {
    (
        p.code.as_str().to_owned(),
        p.message_zh.clone(),
        p.message_en.clone(),
    )
}
