//! Importing decision records (`decisions.jsonl`) on any side: each signature checked, each new
//! record stored (the same record twice is one), and — where this workspace holds the
//! candidate — the merged outcome applied through the state machine when it is about the
//! candidate's current package, settled (not a conflict) and the profile still waits for it.

use std::path::PathBuf;

use regdesk_core::process::{ProcessAction, ProfileStatus, ReviewDecision};
use regdesk_core::{Actor, CommandError, ErrorCode};
use regdesk_store::review as stored;
use regdesk_store::{candidates, process, Store};
use serde::Serialize;

use super::record::{check, SignedDecision, Verdict};
use super::{in_force, parse_all, state_of, ReviewState};

/// What became of one record.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportLine {
    pub file: String,
    pub line: u32,
    pub id: Option<String>,
    pub package_sha256: Option<String>,
    pub id_number: Option<String>,
    /// `applied` (the candidate's state changed), `recorded` (kept; nothing to change here),
    /// `duplicate`, `superseded` (about a package the candidate has since replaced),
    /// `conflict` (kept side by side until a reviewer resolves it), `invalid_signature`,
    /// `unreadable`.
    pub outcome: String,
    pub detail: Option<String>,
}

/// Up to this many bytes per decisions file.
const MAX_FILE: u64 = 64 * 1024 * 1024;

pub async fn import_decisions(
    store: &Store,
    files: &[PathBuf],
    actor: &Actor,
) -> Result<Vec<ImportLine>, CommandError> {
    let mut out = Vec::new();
    let mut fresh: Vec<(usize, SignedDecision)> = Vec::new();
    for file in files {
        let shown = file.display().to_string();
        let text = read_bounded(file, &shown)?;
        for (n, raw) in text.lines().enumerate() {
            if raw.trim().is_empty() {
                continue;
            }
            let mut line = ImportLine {
                file: shown.clone(),
                line: n as u32 + 1,
                id: None,
                package_sha256: None,
                id_number: None,
                outcome: String::new(),
                detail: None,
            };
            let record: SignedDecision = match serde_json::from_str(raw) {
                Ok(r) => r,
                Err(e) => {
                    line.outcome = "unreadable".into();
                    line.detail = Some(e.to_string());
                    out.push(line);
                    continue;
                }
            };
            line.id = Some(record.id.clone());
            line.package_sha256 = Some(record.decision.package_sha256.clone());
            line.id_number = Some(record.decision.id_number.clone());
            if let Err(why) = check(&record) {
                line.outcome = "invalid_signature".into();
                line.detail = Some(why.into());
                out.push(line);
                continue;
            }
            let value = serde_json::to_value(&record).map_err(CommandError::internal)?;
            let new = stored::add_decision(
                store,
                &record.id,
                &record.decision.package_sha256,
                &record.decision.id_number,
                &value,
            )
            .await?;
            line.outcome = if new { "recorded" } else { "duplicate" }.into();
            if new {
                fresh.push((out.len(), record));
            }
            out.push(line);
        }
    }
    // Applied after everything is merged, so one import of several files gives one outcome.
    let all = parse_all(stored::decisions(store).await?);
    for (at, record) in fresh {
        let outcome = apply(store, &all, &record, actor).await?;
        if let Some(o) = outcome {
            out[at].outcome = o.into();
        }
    }
    Ok(out)
}

/// The file's text, refused past `MAX_FILE` (an untrusted file is never read whole first).
fn read_bounded(file: &std::path::Path, shown: &str) -> Result<String, CommandError> {
    use std::io::Read;
    let unreadable = |e: &dyn std::fmt::Display| {
        CommandError::new(
            ErrorCode::InvalidInput,
            format!("无法读取 {shown}：{e}"),
            format!("cannot read {shown}: {e}"),
        )
        .with_field("file")
    };
    let mut text = String::new();
    std::fs::File::open(file)
        .map_err(|e| unreadable(&e))?
        .take(MAX_FILE + 1)
        .read_to_string(&mut text)
        .map_err(|e| unreadable(&e))?;
    if text.len() as u64 > MAX_FILE {
        return Err(unreadable(&format!("larger than {MAX_FILE} bytes")));
    }
    Ok(text)
}

async fn apply(
    store: &Store,
    all: &[SignedDecision],
    record: &SignedDecision,
    actor: &Actor,
) -> Result<Option<&'static str>, CommandError> {
    let d = &record.decision;
    let records: Vec<&SignedDecision> = all
        .iter()
        .filter(|r| r.decision.package_sha256 == d.package_sha256)
        .collect();
    let state = state_of(&records);
    if state == ReviewState::Conflict {
        return Ok(Some("conflict"));
    }
    if candidates::find_by_id_number(store, &d.id_number)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let current = stored::current_package(store, &d.id_number).await?;
    if current.as_deref() != Some(d.package_sha256.as_str()) {
        return Ok(Some("superseded"));
    }
    // Only the record the merged state rests on is applied (not one a later record resolved).
    let live = in_force(&records);
    if !live.iter().any(|r| r.id == record.id) {
        return Ok(None);
    }
    let profile = process::load(store, &d.id_number).await?;
    if !matches!(profile.profile_status, ProfileStatus::Submitted { .. }) {
        return Ok(None);
    }
    let decided_at = chrono::DateTime::parse_from_rfc3339(&d.decided_at)
        .map(|t| {
            t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap_or(*t.offset()))
                .format("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_else(|_| regdesk_core::clock::today().format("%Y-%m-%d").to_string());
    let action = ProcessAction::RecordReview {
        decision: match d.decision {
            Verdict::Pass => ReviewDecision::Passed,
            Verdict::Fail => ReviewDecision::Failed,
        },
        reasons: d.reasons.clone(),
        note: d.note.clone(),
        reviewer: Some(format!(
            "{} ({})",
            d.reviewer_name,
            &d.reviewer_fingerprint[..16.min(d.reviewer_fingerprint.len())]
        )),
        decided_at,
    };
    Ok(
        match process::apply(store, &d.id_number, &action, actor).await? {
            Ok(_) => Some("applied"),
            Err(_) => None,
        },
    )
}
