//! The desk online: pull submitted packages from the intake server with a reviewer token (each
//! opened as a file would be), and push settled decisions back — once per record, never a
//! conflict (that waits for a reviewer, as offline).

use std::collections::BTreeMap;

use regdesk_core::CommandError;
use regdesk_store::review as stored;
use regdesk_store::{keys, Store};
use serde::Serialize;
use tokio::runtime::Handle;

use super::open::{inspect, OpenLine, MAX_PACKAGE};
use super::record::{SignedDecision, Verdict};
use super::{in_force, parse_all, state_of, ReviewState};
use crate::submission::{failed, IntakeClient};

/// What one sync with the intake server did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// Packages pulled onto the desk (new ones only).
    pub pulled: Vec<OpenLine>,
    /// Submissions whose settled decision was pushed.
    pub pushed: u32,
    /// Pushes the server refused (kept; tried again next time), as `submission: reason`.
    pub refused: Vec<String>,
}

/// Statuses still waiting for a reviewer on the server.
const WAITING: [&str; 2] = ["received", "in_review"];

/// Pulls every waiting submission not yet on the desk, then pushes decisions. Blocking (HTTP):
/// call off the async workers.
pub fn sync(
    handle: &Handle,
    store: &Store,
    client: &IntakeClient,
) -> Result<SyncReport, CommandError> {
    let trusted = handle.block_on(keys::all(store))?;
    let mut cursor = handle.block_on(stored::pull_cursor(store, client.endpoint()))?;
    let mut pulled = Vec::new();
    loop {
        let page = client.changes(&cursor).map_err(failed)?;
        let known: Vec<String> = handle
            .block_on(stored::packages(store))?
            .into_iter()
            .map(|p| p.package_sha256)
            .collect();
        for item in &page.items {
            if !WAITING.contains(&item.status.as_str()) || known.contains(&item.package_sha256) {
                continue;
            }
            let bytes = client
                .package(&item.submission_id, MAX_PACKAGE)
                .map_err(failed)?;
            let shown = format!("intake:{}", item.submission_id);
            let seen = inspect(&shown, bytes, &trusted, Some(item.submission_id.clone()));
            if let Some((opened, bytes)) = &seen.keep {
                handle.block_on(stored::put_package(store, opened, bytes))?;
            }
            pulled.push(seen.line);
        }
        // Stored after the page: a crash pulls it again (opening is idempotent by hash).
        let done = page.items.is_empty() || page.next_cursor == cursor;
        cursor = page.next_cursor;
        handle.block_on(stored::set_pull_cursor(store, client.endpoint(), &cursor))?;
        if done {
            break;
        }
    }
    let (pushed, refused) = push(handle, store, client)?;
    Ok(SyncReport {
        pulled,
        pushed,
        refused,
    })
}

/// The server's decision body for a settled package: its verdict, the reasons and notes of the
/// records in force, and the date of the latest.
fn body_of(live: &[&SignedDecision]) -> Option<serde_json::Value> {
    let verdict = live.first()?.decision.decision;
    let mut reasons: Vec<String> = live
        .iter()
        .flat_map(|r| r.decision.reasons.iter().cloned())
        .collect();
    reasons.sort();
    reasons.dedup();
    let note: Vec<String> = live
        .iter()
        .filter_map(|r| r.decision.note.clone())
        .collect();
    let latest = live.iter().map(|r| r.decision.decided_at.as_str()).max()?;
    let day = chrono::DateTime::parse_from_rfc3339(latest)
        .ok()
        .and_then(|t| {
            chrono::FixedOffset::east_opt(8 * 3600).map(|cn| t.with_timezone(&cn).date_naive())
        })
        .map(|d| d.to_string());
    Some(serde_json::json!({
        "status": match verdict { Verdict::Pass => "passed", Verdict::Fail => "failed" },
        "reasons": reasons,
        "note": (!note.is_empty()).then(|| note.join("\n")),
        "decidedAt": day,
    }))
}

fn push(
    handle: &Handle,
    store: &Store,
    client: &IntakeClient,
) -> Result<(u32, Vec<String>), CommandError> {
    let waiting = handle.block_on(stored::unpushed(store))?;
    if waiting.is_empty() {
        return Ok((0, Vec::new()));
    }
    let all = parse_all(handle.block_on(stored::decisions(store))?);
    let mut by_submission: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (record, submission) in waiting {
        by_submission.entry(submission).or_default().push(record);
    }
    let (mut pushed, mut refused) = (0, Vec::new());
    for (submission, record_ids) in by_submission {
        let Some(sha) = all
            .iter()
            .find(|r| record_ids.contains(&r.id))
            .map(|r| r.decision.package_sha256.clone())
        else {
            continue;
        };
        let records: Vec<&SignedDecision> = all
            .iter()
            .filter(|r| r.decision.package_sha256 == sha)
            .collect();
        if !matches!(
            state_of(&records),
            ReviewState::Passed | ReviewState::Failed
        ) {
            continue;
        }
        let Some(body) = body_of(&in_force(&records)) else {
            continue;
        };
        match client.decide(&submission, &body) {
            Ok(()) => {
                for id in &record_ids {
                    handle.block_on(stored::note_pushed(store, id, &submission))?;
                }
                pushed += 1;
            }
            Err(e) => refused.push(format!("{submission}: {}", failed(e).message_en)),
        }
    }
    Ok((pushed, refused))
}
