use regdesk_core::process::{submit_actions, ProfileStatus};
use regdesk_core::{Actor, CommandError, Problem};
use regdesk_store::{attachments, process, Store};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SubmitReport {
    pub submitted: bool,
    pub status: ProfileStatus,
    pub issues: Vec<Problem>,
}

/// Check & confirm (profile step 3): every blocking problem at once, else the uploads step
/// is completed with the stored files and the profile is submitted and locked.
pub async fn submit_profile(
    store: &Store,
    id_number: &str,
    actor: &Actor,
) -> Result<SubmitReport, CommandError> {
    let state = process::load(store, id_number).await?;
    let files = attachments::list(store, id_number).await?;
    let stored: Vec<_> = files.iter().map(|f| f.slot).collect();
    let actions = match submit_actions(&state, &stored) {
        Ok(actions) => actions,
        Err(issues) => {
            return Ok(SubmitReport {
                submitted: false,
                status: state.profile_status,
                issues,
            })
        }
    };
    // Completing the uploads and submitting commit together or not at all.
    match process::apply_all(store, id_number, None, &actions, actor).await? {
        Ok(s) => Ok(SubmitReport {
            submitted: true,
            status: s.profile.profile_status,
            issues: vec![],
        }),
        Err(p) => {
            let status = process::load(store, id_number).await?.profile_status;
            Ok(SubmitReport {
                submitted: false,
                status,
                issues: p,
            })
        }
    }
}
