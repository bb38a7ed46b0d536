//! Sending the outbox on the job engine: a few requests at a time, transient failures retried
//! with exponential backoff and full jitter (honouring Retry-After), permanent refusals kept
//! with the server's reason, every state change written before the next network call.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use regdesk_core::{Actor, ReportedProblem};
use regdesk_store::outbox::{self, OutboxEntry, OutboxState};
use regdesk_store::Store;
use serde::Serialize;
use tokio::runtime::Handle;

use super::client::{Attempt, IntakeClient};
use crate::jobs::{run_items, ItemDone, JobProgress, RunOptions};

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Requests per entry in one run before it is left queued.
    pub max_attempts: u32,
    pub base: Duration,
    pub cap: Duration,
    /// Entries sent at once.
    pub concurrency: usize,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            base: Duration::from_millis(500),
            cap: Duration::from_secs(30),
            concurrency: 4,
        }
    }
}

impl RetryPolicy {
    /// The default, with `REGDESK_SUBMIT_ATTEMPTS` / `REGDESK_SUBMIT_BACKOFF_MS` overrides (for
    /// scripts on flaky links and for tests).
    pub fn from_env() -> Self {
        let mut p = Self::default();
        if let Some(n) = env_u64("REGDESK_SUBMIT_ATTEMPTS") {
            p.max_attempts = n.clamp(1, 100) as u32;
        }
        if let Some(ms) = env_u64("REGDESK_SUBMIT_BACKOFF_MS") {
            p.base = Duration::from_millis(ms.min(60_000));
        }
        p
    }

    /// Full jitter: a random wait up to base·2ⁿ (capped), so many clients back off apart.
    fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self
            .base
            .saturating_mul(1u32 << retry.min(16))
            .min(self.cap);
        ceiling.mul_f64(fastrand::f64())
    }
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

/// One entry's outcome in a send run.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SendLine {
    pub id_number: String,
    pub name: String,
    pub state: OutboxState,
    pub submission_id: Option<String>,
    /// The server's status when accepted (`received`, …).
    pub status: Option<String>,
    pub package_sha256: String,
    pub attempts: u32,
    /// The server's problem (refused) or the last network error (still queued).
    pub error: Option<ReportedProblem>,
    /// 0 accepted, 1 refused, 3 not reached (still queued).
    pub code: u8,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SendReport {
    pub items: Vec<SendLine>,
    pub accepted: u32,
    pub refused: u32,
    pub queued: u32,
    pub cancelled: bool,
}

impl SendReport {
    /// 0 all accepted, 1 some refused, 3 some could not be delivered (the worst wins).
    pub fn exit_code(&self) -> u8 {
        self.items.iter().map(|l| l.code).max().unwrap_or(0)
    }
}

fn network_error(detail: &str) -> serde_json::Value {
    serde_json::json!({
        "field": "endpoint",
        "code": "submit.queued",
        "severity": "error",
        "messageZh": format!("已排队，网络恢复后自动发送（{detail}）"),
        "messageEn": format!("queued; it will be sent when the network is back ({detail})"),
    })
}

/// Sends every pending entry (queued, or left `sending` by a crash). Call off the async
/// workers (the engine blocks its threads on HTTP); `handle` runs the store writes.
pub fn send_pending(
    handle: &Handle,
    store: &Store,
    client: &IntakeClient,
    policy: &RetryPolicy,
    cancel: &AtomicBool,
    progress: impl Fn(&JobProgress) + Sync,
    actor: &Actor,
) -> Result<SendReport, regdesk_core::CommandError> {
    let entries = handle.block_on(outbox::pending(store))?;
    let todo: Vec<usize> = (0..entries.len()).collect();
    let lines: std::sync::Mutex<Vec<(usize, SendLine)>> = Default::default();
    let mut opts = RunOptions::new(cancel);
    opts.threads = policy.concurrency.max(1);
    let end = run_items(
        &todo,
        entries.len() as u32,
        |i| entries[i].id_number.clone(),
        |i| send_one(handle, store, client, policy, cancel, &entries[i], actor),
        |i, done: &ItemDone<SendLine>| {
            if let Ok(mut l) = lines.lock() {
                l.push((i, done.result.clone()));
            }
            Ok::<(), ()>(())
        },
        progress,
        &opts,
    )
    .unwrap_or(crate::jobs::RunEnd::Cancelled);
    let mut items: Vec<(usize, SendLine)> = lines.into_inner().unwrap_or_default();
    items.sort_by_key(|(i, _)| *i);
    let items: Vec<SendLine> = items.into_iter().map(|(_, l)| l).collect();
    let count = |c: u8| items.iter().filter(|l| l.code == c).count() as u32;
    Ok(SendReport {
        accepted: count(0),
        refused: count(1),
        queued: entries.len() as u32 - count(0) - count(1),
        cancelled: end == crate::jobs::RunEnd::Cancelled,
        items,
    })
}

fn line(entry: &OutboxEntry, state: OutboxState, attempts: u32, code: u8) -> SendLine {
    SendLine {
        id_number: entry.id_number.clone(),
        name: entry.name.clone(),
        state,
        submission_id: None,
        status: None,
        package_sha256: entry.package_sha256.clone(),
        attempts,
        error: None,
        code,
    }
}

fn sleep_unless_cancelled(wait: Duration, cancel: &AtomicBool) -> bool {
    let until = Instant::now() + wait;
    while Instant::now() < until {
        if cancel.load(Ordering::Relaxed) {
            return false;
        }
        std::thread::sleep((until - Instant::now()).min(Duration::from_millis(50)));
    }
    !cancel.load(Ordering::Relaxed)
}

fn send_one(
    handle: &Handle,
    store: &Store,
    client: &IntakeClient,
    policy: &RetryPolicy,
    cancel: &AtomicBool,
    entry: &OutboxEntry,
    actor: &Actor,
) -> ItemDone<SendLine> {
    let mut attempts = entry.attempts;
    let stored_failure = |e: regdesk_store::StoreError, attempts: u32| {
        let mut l = line(entry, OutboxState::Queued, attempts, 3);
        l.error = Some(ReportedProblem {
            field: "database".into(),
            code: "submit.queued".into(),
            severity: "error".into(),
            message_zh: format!("本机数据库错误：{e}"),
            message_en: format!("local database error: {e}"),
        });
        ItemDone { code: 3, result: l }
    };
    let package = match handle.block_on(outbox::package(store, entry.id)) {
        Ok(p) => p,
        Err(e) => return stored_failure(e, attempts),
    };
    let mut tries = 0u32;
    loop {
        if let Err(e) = handle.block_on(outbox::mark_sending(store, entry.id)) {
            return stored_failure(e, attempts);
        }
        attempts += 1;
        tries += 1;
        match client.submit(&entry.idem_key, &package) {
            Attempt::Accepted(a) if a.package_sha256 == entry.package_sha256 => {
                if let Err(e) = handle.block_on(outbox::mark_accepted(
                    store,
                    entry.id,
                    &a.submission_id,
                    &a.status,
                    actor,
                )) {
                    return stored_failure(e, attempts);
                }
                let mut l = line(entry, OutboxState::Accepted, attempts, 0);
                l.submission_id = Some(a.submission_id);
                l.status = Some(a.status);
                return ItemDone { code: 0, result: l };
            }
            Attempt::Accepted(a) => {
                // The server hashed other bytes than ours: never count that as delivered.
                let problem = serde_json::json!({
                    "field": "package",
                    "code": "intake.invalid_package",
                    "severity": "error",
                    "messageZh": format!("服务器收到的包摘要 {} 与本机 {} 不同", a.package_sha256, entry.package_sha256),
                    "messageEn": format!("the server got a package hashing to {}, not {}", a.package_sha256, entry.package_sha256),
                });
                return refused(handle, store, entry, problem, attempts, actor, false);
            }
            Attempt::Refused { status, problem } => {
                // A token problem is the sender's, not the package's: keep it queued.
                let keep = matches!(status, 401 | 403);
                return refused(handle, store, entry, problem, attempts, actor, keep);
            }
            Attempt::Transient {
                detail,
                retry_after,
            } => {
                tracing::warn!(id = entry.id, attempt = attempts, %detail, "send failed; will retry");
                let error = network_error(&detail);
                if let Err(e) = handle.block_on(outbox::mark_retry(store, entry.id, &error)) {
                    return stored_failure(e, attempts);
                }
                let wait = retry_after
                    .unwrap_or_else(|| policy.backoff(tries - 1))
                    .min(Duration::from_secs(300));
                if tries >= policy.max_attempts || !sleep_unless_cancelled(wait, cancel) {
                    let mut l = line(entry, OutboxState::Queued, attempts, 3);
                    l.error = Some(ReportedProblem::from_json(&error));
                    return ItemDone { code: 3, result: l };
                }
            }
        }
    }
}

fn refused(
    handle: &Handle,
    store: &Store,
    entry: &OutboxEntry,
    problem: serde_json::Value,
    attempts: u32,
    actor: &Actor,
    keep_queued: bool,
) -> ItemDone<SendLine> {
    let written = if keep_queued {
        handle.block_on(outbox::mark_retry(store, entry.id, &problem))
    } else {
        handle.block_on(outbox::mark_refused(store, entry.id, &problem, actor))
    };
    let state = if keep_queued {
        OutboxState::Queued
    } else {
        OutboxState::Refused
    };
    let mut l = line(entry, state, attempts, 1);
    l.error = Some(ReportedProblem::from_json(&problem));
    if let Err(e) = written {
        tracing::error!(id = entry.id, error = %e, "could not record a refusal");
        l.code = 3;
    }
    ItemDone {
        code: l.code,
        result: l,
    }
}
