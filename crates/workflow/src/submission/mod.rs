//! Submitting packages to an intake server (docs/intake.md): queue first (outbox row with its
//! idempotency key), then send on the job engine with retries, then pull the review outcome
//! back into the candidate's process. Nothing here loses or duplicates a submission: a crash
//! between any two steps leaves a row that is sent again under the same key.

mod client;
mod pull;
mod send;

pub use client::{check_endpoint, Accepted, Attempt, IntakeClient, Page, RemoteItem};
pub(crate) use pull::failed;
pub use pull::{pull_status, status_lines, StatusLine};
pub use send::{send_pending, RetryPolicy, SendLine, SendReport};

use regdesk_core::process::ProfileStatus;
use regdesk_core::{Actor, CommandError, Problem, ReasonCode, ReportedProblem};
use regdesk_store::outbox::{self, NewEntry, OutboxEntry};
use regdesk_store::{process, Store};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The refusal when no intake endpoint is set (the window and the CLI say the same).
pub fn not_configured() -> CommandError {
    CommandError::new(
        regdesk_core::ErrorCode::InvalidInput,
        "请先在 设置 → 报送服务 中填写报送地址和令牌",
        "set the intake endpoint and token in Settings → Intake service first",
    )
    .with_field("endpoint")
}

/// What queueing a candidate did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Queued {
    pub id_number: String,
    /// The outbox entry (new, or the one already queued for this profile submission).
    pub entry: Option<OutboxEntry>,
    /// True when this call added it.
    pub added: bool,
    /// Why it could not be queued (the profile is not complete, or failed review).
    pub issues: Vec<Problem>,
}

fn not_ready(id_number: &str, issues: Vec<Problem>) -> Queued {
    Queued {
        id_number: id_number.to_owned(),
        entry: None,
        added: false,
        issues,
    }
}

/// Puts the candidate's package in the outbox. A profile still in draft is checked and
/// confirmed first (profile step 3) when it is complete; one that failed review must be edited
/// first; a profile already sent is not sent twice.
pub async fn queue_candidate(
    store: &Store,
    id_number: &str,
    actor: &Actor,
) -> Result<Queued, CommandError> {
    let mut state = process::load(store, id_number).await?;
    if matches!(state.profile_status, ProfileStatus::Draft { .. }) {
        let report = crate::submit::submit_profile(store, id_number, actor).await?;
        if !report.submitted {
            return Ok(not_ready(id_number, report.issues));
        }
        state = process::load(store, id_number).await?;
    }
    let latest = outbox::latest_of(store, id_number).await?;
    let submitted_at = match &state.profile_status {
        ProfileStatus::Submitted { submitted_at } => submitted_at.clone(),
        ProfileStatus::Failed { .. } => {
            return Ok(not_ready(
                id_number,
                vec![Problem::error(
                    "profile",
                    ReasonCode::SubmitNotReady,
                    "审核未通过：请先按原因修改资料并重新确认，再报送",
                    "the review failed: edit the profile and confirm it again before submitting",
                )],
            ))
        }
        ProfileStatus::Passed { .. } => {
            if latest.is_some() {
                return Ok(Queued {
                    id_number: id_number.to_owned(),
                    entry: latest,
                    added: false,
                    issues: vec![],
                });
            }
            return Ok(not_ready(
                id_number,
                vec![Problem::error(
                    "profile",
                    ReasonCode::SubmitNotReady,
                    "资料已审核通过，无需报送",
                    "the profile has already passed review; nothing to submit",
                )],
            ));
        }
        ProfileStatus::Draft { .. } => {
            return Err(CommandError::internal(format!(
                "{id_number}: profile still in draft after a successful submit"
            )))
        }
    };
    if let Some(e) = latest.filter(|e| e.profile_submitted_at == submitted_at) {
        return Ok(Queued {
            id_number: id_number.to_owned(),
            entry: Some(e),
            added: false,
            issues: vec![],
        });
    }
    let (zip, _) = crate::export_package(store, id_number, actor)
        .await?
        .map_err(|p| {
            // Checked above: the profile is submitted or passed.
            CommandError::internal(format!(
                "{id_number}: no package for a submitted profile: {p:?}"
            ))
        })?;
    let sha = Sha256::digest(&zip)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    let key = uuid::Uuid::new_v4().hyphenated().to_string();
    let (entry, added) = outbox::queue(
        store,
        NewEntry {
            id_number,
            profile_submitted_at: &submitted_at,
            idem_key: &key,
            package: &zip,
            package_sha256: &sha,
        },
        actor,
    )
    .await?;
    Ok(Queued {
        id_number: id_number.to_owned(),
        entry: Some(entry),
        added,
        issues: vec![],
    })
}

/// Every candidate that can be sent now: confirmed and waiting for review without an outbox
/// entry for that confirmation, or complete drafts (confirmed on the way).
pub async fn ready_candidates(store: &Store) -> Result<Vec<String>, CommandError> {
    let sent: std::collections::HashSet<(String, String)> = outbox::all(store)
        .await?
        .into_iter()
        .map(|e| (e.id_number, e.profile_submitted_at))
        .collect();
    let slots = regdesk_store::attachments::slots_all(store).await?;
    let mut out = Vec::new();
    for (id_number, _, dossier) in process::list_all(store).await? {
        match &dossier.profile.profile_status {
            ProfileStatus::Submitted { submitted_at }
                if !sent.contains(&(id_number.clone(), submitted_at.clone())) =>
            {
                out.push(id_number);
            }
            ProfileStatus::Draft { .. } => {
                let stored = slots.get(&id_number).map(Vec::as_slice).unwrap_or(&[]);
                if regdesk_core::process::submit_actions(&dossier.profile, stored).is_ok() {
                    out.push(id_number);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// A candidate that could not be queued, and why.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct NotReady {
    pub id_number: String,
    pub issues: Vec<Problem>,
}

/// What one "submit these candidates" did: every line sent in this run (other queued entries
/// go too), the asked-for candidates sent earlier as they stand, and those not ready.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SubmitRun {
    pub items: Vec<SendLine>,
    pub not_ready: Vec<NotReady>,
    pub accepted: u32,
    pub refused: u32,
    pub queued: u32,
}

impl SubmitRun {
    /// 0 all accepted, 1 some refused or not ready, 3 some not delivered (still queued).
    pub fn exit_code(&self) -> u8 {
        let worst = self.items.iter().map(|l| l.code).max().unwrap_or(0);
        if worst == 0 && !self.not_ready.is_empty() {
            1
        } else {
            worst
        }
    }
}

/// Queues each candidate (before any network call), then sends the outbox. Blocking: call off
/// the async workers; `handle` runs the store work.
pub fn submit_candidates(
    handle: &tokio::runtime::Handle,
    store: &Store,
    client: &IntakeClient,
    id_numbers: &[String],
    policy: &RetryPolicy,
    actor: &Actor,
) -> Result<SubmitRun, CommandError> {
    let mut not_ready = Vec::new();
    let mut asked: Vec<OutboxEntry> = Vec::new();
    for id in id_numbers {
        let q = handle.block_on(queue_candidate(store, id.trim(), actor))?;
        asked.extend(q.entry);
        if !q.issues.is_empty() {
            not_ready.push(NotReady {
                id_number: q.id_number,
                issues: q.issues,
            });
        }
    }
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let report = send_pending(handle, store, client, policy, &cancel, |_| {}, actor)?;
    let mut items = report.items;
    for e in asked {
        if items.iter().any(|l| l.id_number == e.id_number) {
            continue;
        }
        let code = match e.state {
            outbox::OutboxState::Accepted => 0,
            outbox::OutboxState::Refused => 1,
            _ => 3,
        };
        items.push(SendLine {
            id_number: e.id_number,
            name: e.name,
            state: e.state,
            submission_id: e.submission_id,
            status: e.remote_status,
            package_sha256: e.package_sha256,
            attempts: e.attempts,
            error: e.last_error.as_ref().map(ReportedProblem::from_json),
            code,
        });
    }
    let count = |c: u8| items.iter().filter(|l| l.code == c).count() as u32;
    Ok(SubmitRun {
        accepted: count(0),
        refused: count(1),
        queued: count(3),
        items,
        not_ready,
    })
}
