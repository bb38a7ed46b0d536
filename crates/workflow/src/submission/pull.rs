//! Pulling review outcomes back: the server's changes after our cursor, page by page; each
//! change to one of our submissions updates its outbox row and — when it is the candidate's
//! current submission and the profile still waits for review — records the review through the
//! state machine (passed → valid one year; failed → the reasons on the parts they concern).

use regdesk_core::process::{ProcessAction, ProfileStatus, ReviewDecision};
use regdesk_core::{Actor, CommandError, ErrorCode, ReportedProblem};
use regdesk_store::outbox::{self, OutboxState};
use regdesk_store::{process, Store};
use serde::Serialize;
use tokio::runtime::Handle;

use super::client::{Attempt, IntakeClient, RemoteItem};

/// One candidate's submission status (`regdesk submit status`).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusLine {
    pub id_number: String,
    pub name: String,
    pub submission_id: Option<String>,
    /// `queued | refused | received | in_review | passed | failed`.
    pub status: String,
    /// The reviewer's reasons (failed) or the refusal / last network error.
    pub issues: Vec<ReportedProblem>,
    pub valid_until: Option<String>,
}

/// Each candidate's current (latest) submission, as this machine knows it.
pub async fn status_lines(store: &Store) -> Result<Vec<StatusLine>, CommandError> {
    Ok(outbox::latest(store)
        .await?
        .into_iter()
        .map(|e| {
            let (status, issues) = match (e.state, &e.remote_status) {
                (OutboxState::Accepted, Some(s)) => (
                    s.clone(),
                    e.remote_issues.as_array().cloned().unwrap_or_default(),
                ),
                (OutboxState::Refused, _) => {
                    ("refused".to_owned(), e.last_error.into_iter().collect())
                }
                (_, _) => ("queued".to_owned(), e.last_error.into_iter().collect()),
            };
            StatusLine {
                id_number: e.id_number,
                name: e.name,
                submission_id: e.submission_id,
                status,
                issues: issues.iter().map(ReportedProblem::from_json).collect(),
                valid_until: e.valid_until,
            }
        })
        .collect())
}

fn unreachable(detail: &str) -> CommandError {
    CommandError::new(
        ErrorCode::Internal,
        format!("无法连接报送服务器：{detail}"),
        format!("cannot reach the intake server: {detail}"),
    )
    .with_field("endpoint")
}

/// A request the server refused or could not answer, as the user reads it.
pub(crate) fn failed(a: Attempt) -> CommandError {
    match a {
        Attempt::Refused { status, problem } => CommandError::new(
            ErrorCode::InvalidInput,
            format!(
                "报送服务器拒绝请求（HTTP {status}）：{}",
                problem["messageZh"].as_str().unwrap_or("")
            ),
            format!(
                "the intake server refused the request (HTTP {status}): {}",
                problem["messageEn"].as_str().unwrap_or("")
            ),
        )
        .with_field("token"),
        Attempt::Transient { detail, .. } => unreachable(&detail),
        Attempt::Accepted(_) => unreachable("unexpected answer"),
    }
}

/// Pulls every change since the stored cursor and applies it. Returns how many of our
/// submissions changed. Blocking (HTTP): call off the async workers.
pub fn pull_status(
    handle: &Handle,
    store: &Store,
    client: &IntakeClient,
    actor: &Actor,
) -> Result<u32, CommandError> {
    let mut cursor = handle.block_on(outbox::cursor(store, client.endpoint()))?;
    let mut changed = 0;
    loop {
        let page = client.changes(&cursor).map_err(failed)?;
        for item in &page.items {
            if handle.block_on(apply_item(store, item, actor))? {
                changed += 1;
            }
        }
        // Stored after the page is applied: a crash re-reads it (applying is idempotent).
        let done = page.items.is_empty() || page.next_cursor == cursor;
        cursor = page.next_cursor;
        handle.block_on(outbox::set_cursor(store, client.endpoint(), &cursor))?;
        if done {
            return Ok(changed);
        }
    }
}

async fn apply_item(store: &Store, item: &RemoteItem, actor: &Actor) -> Result<bool, CommandError> {
    let issues = if item.issues.is_array() {
        item.issues.clone()
    } else {
        serde_json::Value::Array(vec![])
    };
    let Some(entry) = outbox::set_remote(
        store,
        &item.submission_id,
        &item.status,
        &issues,
        item.valid_until.as_deref(),
    )
    .await?
    else {
        return Ok(false);
    };
    let decision = match item.status.as_str() {
        "passed" => ReviewDecision::Passed,
        "failed" => ReviewDecision::Failed,
        _ => return Ok(true),
    };
    // Only the candidate's current submission may decide its state.
    let current = outbox::latest_of(store, &entry.id_number)
        .await?
        .is_some_and(|e| e.id == entry.id);
    let state = process::load(store, &entry.id_number).await?;
    if !current || !matches!(state.profile_status, ProfileStatus::Submitted { .. }) {
        tracing::info!(submission = %item.submission_id, "review outcome recorded, state unchanged (not the current submission)");
        return Ok(true);
    }
    let reasons: Vec<String> = issues
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["code"].as_str().map(str::to_owned))
        .collect();
    let note = issues
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["messageZh"].as_str())
        .find(|m| !reasons.iter().any(|r| r == m))
        .map(str::to_owned);
    let decided_at = item
        .decided_at
        .clone()
        .unwrap_or_else(|| regdesk_core::clock::today().format("%Y-%m-%d").to_string());
    let action = ProcessAction::RecordReview {
        decision,
        reasons,
        note,
        reviewer: Some(format!("intake:{}", item.submission_id)),
        decided_at,
    };
    if let Err(problems) = process::apply(store, &entry.id_number, &action, actor).await? {
        tracing::warn!(submission = %item.submission_id, ?problems, "review outcome not applied");
    }
    Ok(true)
}
