//! The candidate workspace as the desktop shows it: one call for everything the personal
//! centre and the profile wizard display, saving basic info, and process steps by hand.

use base64::Engine;
use regdesk_core::candidate::Candidate;
use regdesk_core::process::{required_uploads, ProcessAction, ProcessState, UploadSlot};
use regdesk_core::profile::{validate_profile, ProfileInput, ProfileReport};
use regdesk_core::{Actor, CommandError, Problem};
use regdesk_store::{attachments, candidates, process, Store, StoreError};

use crate::attach::UploadReport;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A stored upload with a preview the WebView can show without file access.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadView {
    pub slot: UploadSlot,
    pub source_name: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub sha256: String,
    /// `data:image/jpeg;base64,…` of the stored JPEG.
    pub data_url: String,
    /// The engine's report (checks, issues) as stored.
    pub report: UploadReport,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    pub candidate: Candidate,
    pub process: ProcessState,
    pub uploads: Vec<UploadView>,
    /// From the saved basic info: the work proof is not required for exempt majors.
    pub work_proof_required: bool,
}

/// The outcome of a step: the new state, or why it was refused (nothing changed then).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepReport {
    pub applied: bool,
    pub process: ProcessState,
    pub issues: Vec<Problem>,
}

pub fn jpeg_data_url(bytes: &[u8]) -> String {
    format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

async fn find(store: &Store, id_number: &str) -> Result<Candidate, CommandError> {
    candidates::find_by_id_number(store, id_number)
        .await?
        .ok_or_else(|| {
            CommandError::from(StoreError::NotFound(format!("candidate {id_number}")))
                .with_field("idNumber")
        })
}

pub async fn overview(store: &Store, id_number: &str) -> Result<Overview, CommandError> {
    let candidate = find(store, id_number).await?;
    let process = process::load(store, id_number).await?;
    let uploads = attachments::list(store, id_number)
        .await?
        .into_iter()
        .map(|a| {
            Ok(UploadView {
                report: UploadReport::from_stored(a.report, a.slot, &a.sha256)?,
                slot: a.slot,
                source_name: a.source_name,
                bytes: a.bytes.len() as u64,
                sha256: a.sha256,
                data_url: jpeg_data_url(&a.bytes),
            })
        })
        .collect::<Result<Vec<_>, CommandError>>()?;
    let work_proof_required = process
        .profile
        .as_ref()
        .is_none_or(|p| required_uploads(p).contains(&UploadSlot::WorkProof));
    Ok(Overview {
        candidate,
        process,
        uploads,
        work_proof_required,
    })
}

/// Profile step 1: validates and, when valid, saves (refused when the profile is locked).
pub async fn save_basic(
    store: &Store,
    id_number: &str,
    input: &ProfileInput,
    actor: &Actor,
) -> Result<ProfileReport, CommandError> {
    find(store, id_number).await?;
    let mut report = validate_profile(input);
    if let Some(profile) = report.profile.clone() {
        let action = ProcessAction::SaveBasic { profile };
        if let Err(problems) = process::apply(store, id_number, &action, actor).await? {
            report.issues.extend(problems);
            report.profile = None;
        }
    }
    Ok(report)
}

/// Any process step by hand (a review outcome read off the portal, the notice, payment …).
pub async fn apply_step(
    store: &Store,
    id_number: &str,
    action: &ProcessAction,
    actor: &Actor,
) -> Result<StepReport, CommandError> {
    find(store, id_number).await?;
    Ok(
        match process::apply(store, id_number, action, actor).await? {
            Ok(process) => StepReport {
                applied: true,
                process,
                issues: vec![],
            },
            Err(issues) => StepReport {
                applied: false,
                process: process::load(store, id_number).await?,
                issues,
            },
        },
    )
}
