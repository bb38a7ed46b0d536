use regdesk_core::identity::validate_identity as validate;
use regdesk_core::{AddCandidateReport, Candidate, IdentityInput, IdentityReport};
use regdesk_store::correction::{self, CorrectionReport};
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
#[tauri::command(async)]
pub fn validate_identity(args: IdentityArgs) -> IdentityReport {
    validate(&args.input, args.strict)
}

#[tauri::command]
pub async fn add_candidate(
    state: State<'_, AppState>,
    args: IdentityArgs,
) -> CmdResult<AddCandidateReport> {
    super::logged("add_candidate", async move {
        let store = state.store()?;
        Ok(
            regdesk_store::candidates::register(&store, &args.input, &state.actor(), args.strict)
                .await?,
        )
    })
    .await
}

#[tauri::command]
pub async fn list_candidates(state: State<'_, AppState>) -> CmdResult<Vec<Candidate>> {
    super::logged("list_candidates", async move {
        Ok(regdesk_store::candidates::list(&state.store()?).await?)
    })
    .await
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CorrectArgs {
    /// The candidate's current ID number.
    pub id_number: String,
    /// The corrected five fields.
    pub input: IdentityInput,
    pub reason: String,
    pub proof_name: String,
    /// The proof file (e.g. a photo of the ID card), base64.
    pub proof_base64: String,
}

/// The registered identity is read-only; this is the one audited way to change it.
#[tauri::command]
pub async fn correct_identity(
    state: State<'_, AppState>,
    args: CorrectArgs,
) -> CmdResult<CorrectionReport> {
    super::logged("correct_identity", async move {
        let proof = super::photo::decode_upload(&args.proof_name, &args.proof_base64)?;
        Ok(correction::correct_identity(
            &state.store()?,
            &args.id_number,
            &args.input,
            &args.reason,
            correction::Proof {
                file_name: &args.proof_name,
                bytes: &proof,
            },
            &state.actor(),
        )
        .await?)
    })
    .await
}
