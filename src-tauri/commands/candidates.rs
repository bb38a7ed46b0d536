use regdesk_core::identity::validate_identity as validate;
use regdesk_core::{Actor, AddCandidateReport, Candidate, IdentityInput, IdentityReport};
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use super::CmdResult;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IdentityArgs {
    pub input: IdentityInput,
    /// Unknown region codes are errors instead of warnings.
    #[serde(default)]
    pub strict: bool,
}

/// Live validation as the user types: pure, no database.
#[tauri::command]
pub fn validate_identity(args: IdentityArgs) -> IdentityReport {
    validate(&args.input, args.strict)
}

#[tauri::command]
pub async fn add_candidate(
    state: State<'_, AppState>,
    args: IdentityArgs,
) -> CmdResult<AddCandidateReport> {
    let store = state.store()?;
    Ok(
        regdesk_store::candidates::register(store, &args.input, &Actor::desktop(), args.strict)
            .await?,
    )
}

#[tauri::command]
pub async fn list_candidates(state: State<'_, AppState>) -> CmdResult<Vec<Candidate>> {
    Ok(regdesk_store::candidates::list(state.store()?).await?)
}
