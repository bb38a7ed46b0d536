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
pub use desk::{
    decide, export_decisions, list, manifest_of, material, open_conflict, DeskLine, OpenConflict,
};
pub use import::{import_decisions, ImportLine};
pub use intake::{sync, SyncReport};
pub use open::{open_paths, OpenLine, MAX_PACKAGE, OPEN_KIND};
pub use record::{check, sign, Decision, SignedDecision, Verdict};

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

pub(crate) fn parse_all(values: Vec<serde_json::Value>) -> Vec<SignedDecision> {
    values
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect()
}
