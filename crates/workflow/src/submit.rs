use regdesk_core::process::{required_uploads, ProcessAction, ProfileStatus, ProfileStep};
use regdesk_core::{Actor, CommandError, Problem, ReasonCode};
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
    let mut issues = Vec::new();
    match &state.profile {
        None => issues.push(Problem::error(
            "profile",
            ReasonCode::ProcessOutOfOrder,
            "步骤顺序不对：请先完成第 1 步基本信息（学历、专业、工作单位、开票信息）",
            "out of order: complete step 1, basic info (education, major, employer, invoice), first",
        )),
        Some(profile) => {
            for slot in required_uploads(profile) {
                if !files.iter().any(|f| f.slot == slot) {
                    let name = attachments::slot_name(slot);
                    issues.push(Problem::error(
                        &format!("uploads.{name}"),
                        ReasonCode::FieldRequired,
                        format!("缺少{}", slot.label_zh()),
                        format!("missing upload: {name}"),
                    ));
                }
            }
        }
    }
    if !issues.is_empty() {
        return Ok(SubmitReport {
            submitted: false,
            status: state.profile_status,
            issues,
        });
    }
    let slots = files.iter().map(|f| f.slot).collect();
    let needs_uploads = !matches!(
        state.profile_status,
        ProfileStatus::Draft {
            next: ProfileStep::Confirm
        }
    );
    // Completing the uploads and submitting commit together or not at all.
    let mut actions = Vec::new();
    if needs_uploads {
        actions.push(ProcessAction::CompleteUploads { slots });
    }
    actions.push(ProcessAction::Submit);
    match process::apply_all(store, id_number, &actions, actor).await? {
        Ok(s) => Ok(SubmitReport {
            submitted: true,
            status: s.profile_status,
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
