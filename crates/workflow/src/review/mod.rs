//! Offline review: open packages on a desk, decide with standard reasons, sign each decision,
//! carry the records on a file, and merge them anywhere — never last-writer-wins. A package's
//! state is computed from all records: the ones no later record resolves; one verdict among
//! them is the state, two are a conflict until a reviewer resolves it with a new record.

mod checks;
mod desk;
mod import;
mod intake;
mod open;
mod record;

pub use checks::manifest_issues;
pub use desk::Decided;
pub use desk::{
    decide, export_decisions, list, manifest_of, material, open_conflict, open_conflicts,
    package_candidate, DeskLine, OpenConflict, PackageCandidate,
};
pub use import::{import_decisions, ImportLine};
pub use intake::{sync, SyncReport};
pub use open::{open_paths, OpenLine, MAX_PACKAGE, OPEN_KIND};
pub use record::{check, sign, Decision, SignedDecision, Verdict};

use regdesk_core::{Problem, ReasonCode};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    Pending,
    Passed,
    Failed,
    Conflict,
}

/// The records still in force for a package: those no other record resolves.
pub fn in_force<'a>(records: &[&'a SignedDecision]) -> Vec<&'a SignedDecision> {
    records
        .iter()
        .filter(|r| {
            !records
                .iter()
                .any(|o| o.decision.resolves.iter().any(|id| id == &r.id))
        })
        .copied()
        .collect()
}

pub fn state_of(records: &[&SignedDecision]) -> ReviewState {
    let live = in_force(records);
    let pass = live.iter().any(|r| r.decision.decision == Verdict::Pass);
    let fail = live.iter().any(|r| r.decision.decision == Verdict::Fail);
    match (pass, fail) {
        (false, false) => ReviewState::Pending,
        (true, false) => ReviewState::Passed,
        (false, true) => ReviewState::Failed,
        (true, true) => ReviewState::Conflict,
    }
}

/// Why a pass cannot count for a package opened here: its signature is invalid, or a check
/// of its manifest failed with an error. A fail stays possible (`review.package_tampered`).
pub fn pass_refusal(package: &regdesk_store::review::OpenedPackage) -> Option<Problem> {
    let issues: Vec<Problem> = serde_json::from_value(package.issues.clone()).unwrap_or_default();
    let errors: Vec<&Problem> = issues.iter().filter(|p| p.is_error()).collect();
    if package.signature != "invalid" && errors.is_empty() {
        return None;
    }
    let why_zh: Vec<&str> = if package.signature == "invalid" {
        vec!["签名无效（签名后内容被改动）"]
    } else {
        errors.iter().map(|p| p.message_zh.as_str()).collect()
    };
    let why_en: Vec<&str> = if package.signature == "invalid" {
        vec!["the signature is invalid (changed after signing)"]
    } else {
        errors.iter().map(|p| p.message_en.as_str()).collect()
    };
    Some(Problem::error(
        "package",
        ReasonCode::ReviewPackageInvalid,
        format!(
            "不能通过此资料包：{}。可选择不通过（原因“资料包被改动”）",
            why_zh.join("；")
        ),
        format!(
            "this package cannot be passed: {}. It can be failed (reason \"the package was altered\")",
            why_en.join("; ")
        ),
    ))
}

/// The records that count for a package: a pass on a package known to be invalid never does.
pub fn counted<'a>(records: &[&'a SignedDecision], invalid: bool) -> Vec<&'a SignedDecision> {
    records
        .iter()
        .filter(|r| !(invalid && r.decision.decision == Verdict::Pass))
        .copied()
        .collect()
}

/// The record a settled state rests on: the newest in force by its signed time, ties broken
/// by record id, so every workspace holding the same records picks the same one.
pub fn deciding<'a>(records: &[&'a SignedDecision]) -> Option<&'a SignedDecision> {
    let time = |r: &SignedDecision| {
        chrono::DateTime::parse_from_rfc3339(&r.decision.decided_at)
            .map(|t| t.timestamp_millis())
            .unwrap_or(i64::MIN)
    };
    in_force(records)
        .into_iter()
        .max_by(|a, b| (time(a), &a.id).cmp(&(time(b), &b.id)))
}

pub(crate) fn parse_all(values: Vec<serde_json::Value>) -> Vec<SignedDecision> {
    values
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect()
}
