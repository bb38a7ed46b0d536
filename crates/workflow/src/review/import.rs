//! Importing decision records (`decisions.jsonl`) on any side: each signature checked, each new
//! record stored (the same record twice is one), and — where this workspace holds the
//! candidate — its review outcome settled from every record about its current package
//! (`SettleReview`), so the result never depends on the order records arrived in.

use std::path::PathBuf;

use regdesk_core::process::{ProcessAction, ProcessState, ProfileStatus, Review, ReviewDecision};
use regdesk_core::{Actor, CommandError, ErrorCode};
use regdesk_store::review as stored;
use regdesk_store::{candidates, process, Store};
use serde::Serialize;

use super::record::{check, SignedDecision, Verdict};
use super::{counted, deciding, parse_all, state_of, ReviewState};

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
    /// `conflict` (kept side by side until a reviewer resolves it), `refused` (a pass on a
    /// package opened here whose signature or manifest is invalid: kept, never counted),
    /// `invalid_signature`, `unreadable`.
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
    let invalid = super::desk::invalid_packages(store).await?;
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
    // Settled after everything is merged, from every record held: the outcome depends only
    // on the set of records, never on the order of files or lines.
    let all = parse_all(stored::decisions(store).await?);
    let mut candidates: Vec<String> = fresh
        .iter()
        .map(|(_, r)| r.decision.id_number.clone())
        .collect();
    candidates.sort();
    candidates.dedup();
    let mut settled = std::collections::HashMap::new();
    for id_number in &candidates {
        settled.insert(
            id_number.as_str(),
            settle(store, &all, &invalid, id_number, actor).await?,
        );
    }
    for (at, record) in fresh {
        let d = &record.decision;
        let on_package: Vec<&SignedDecision> = all
            .iter()
            .filter(|r| r.decision.package_sha256 == d.package_sha256)
            .collect();
        let package_invalid = invalid.contains(&d.package_sha256);
        let line = &mut out[at];
        if package_invalid && d.decision == Verdict::Pass {
            line.outcome = "refused".into();
            line.detail = Some(
                "不能通过签名无效或清单有误的资料包 / a package with an invalid signature or manifest cannot be passed"
                    .into(),
            );
            continue;
        }
        if state_of(&counted(&on_package, package_invalid)) == ReviewState::Conflict {
            line.outcome = "conflict".into();
            continue;
        }
        let Some(settled) = settled.get(d.id_number.as_str()) else {
            continue;
        };
        if settled
            .current
            .as_ref()
            .is_some_and(|c| c != &d.package_sha256)
        {
            line.outcome = "superseded".into();
        } else if settled.applied.as_deref() == Some(record.id.as_str()) {
            line.outcome = "applied".into();
        }
    }
    Ok(out)
}

/// What settling one candidate found and did.
#[derive(Default)]
struct Settled {
    /// The candidate's current package (`None`: not in this workspace, or never exported here).
    current: Option<String>,
    /// The deciding record, when the candidate's state changed to its verdict.
    applied: Option<String>,
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

/// Recomputes the candidate's review outcome from every record about its current package:
/// from the state at submission, the deciding record's verdict (newest in force by signed
/// time, ties by id), or — while the records in force disagree — still awaiting review.
async fn settle(
    store: &Store,
    all: &[SignedDecision],
    invalid: &std::collections::HashSet<String>,
    id_number: &str,
    actor: &Actor,
) -> Result<Settled, CommandError> {
    if candidates::find_by_id_number(store, id_number)
        .await?
        .is_none()
    {
        return Ok(Settled::default());
    }
    let Some(current) = stored::current_package(store, id_number).await? else {
        return Ok(Settled::default());
    };
    let unchanged = Settled {
        current: Some(current.clone()),
        applied: None,
    };
    let on_package: Vec<&SignedDecision> = all
        .iter()
        .filter(|r| r.decision.package_sha256 == current)
        .collect();
    let records = counted(&on_package, invalid.contains(&current));
    let deciding = match state_of(&records) {
        ReviewState::Pending => return Ok(unchanged),
        ReviewState::Conflict => None,
        ReviewState::Passed | ReviewState::Failed => deciding(&records),
    };
    let profile = process::load(store, id_number).await?;
    let at_submission = match &profile.profile_status {
        ProfileStatus::Draft { .. } => return Ok(unchanged),
        ProfileStatus::Submitted { .. } => Some(profile.clone()),
        _ => process::at_last_submission(store, id_number).await?,
    };
    let Some(ProcessState {
        profile_status: ProfileStatus::Submitted { submitted_at },
        last_review: previous_review,
        ..
    }) = at_submission
    else {
        return Ok(unchanged);
    };
    let action = ProcessAction::SettleReview {
        submitted_at,
        previous_review: previous_review.map(Box::new),
        outcome: deciding.map(|r| Box::new(review_of(r))),
    };
    let changed = matches!(
        process::apply(store, id_number, &action, actor).await?,
        Ok(next) if next.profile != profile
    );
    Ok(Settled {
        applied: deciding.filter(|_| changed).map(|r| r.id.clone()),
        ..unchanged
    })
}

/// A record as the candidate's review: decided on its calendar date in Asia/Shanghai.
fn review_of(r: &SignedDecision) -> Review {
    let d = &r.decision;
    let decided_at = chrono::DateTime::parse_from_rfc3339(&d.decided_at)
        .map(|t| {
            t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap_or(*t.offset()))
                .format("%Y-%m-%d")
                .to_string()
        })
        // Never "today": the outcome must not depend on when it was imported.
        .unwrap_or_else(|_| d.decided_at.chars().take(10).collect());
    Review {
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
        valid_until: None,
    }
}
