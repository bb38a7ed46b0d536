//! The candidate workspace as the desktop shows it: one call for everything the personal
//! centre and the profile wizard display, saving basic info, and process steps by hand.

use base64::Engine;
use chrono::NaiveDate;
use regdesk_core::candidate::Candidate;
use regdesk_core::exam_catalog::exam_catalog;
use regdesk_core::process::{
    required_uploads, Dossier, NextTask, ProcessAction, ProcessState, ProfilePart, ProfileStatus,
    Registration, RegistrationStatus, UploadSlot,
};
use regdesk_core::profile::{validate_profile, ProfileInput, ProfileReport};
use regdesk_core::{clock, Actor, CommandError, Problem, ReasonCode};
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

/// A file a roster import matched but the engine refused, kept so the slot can fix it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefusedView {
    pub slot: UploadSlot,
    pub source_name: String,
    /// The engine's report on the file (its checks and why it was refused).
    pub report: UploadReport,
}

/// One registration as the window lists it: its state, status, next task and labels.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationView {
    pub registration: Registration,
    pub status: RegistrationStatus,
    /// `None`: nothing left to do here.
    pub next_task: Option<NextTask>,
    /// Item and round, e.g. `健康管理师（三级）2027 年第一批` (the id when not in the catalogue).
    pub label: String,
}

/// A failed review's reason and the part of the profile it concerns (`None`: all of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewReason {
    /// As the reviewer gave it: a catalogue code, or the portal's own words.
    pub reason: String,
    /// What the candidate reads: the catalogue's text for a code, else the reason itself.
    pub text_zh: String,
    pub text_en: String,
    pub part: Option<ProfilePart>,
}

/// The reasons of a failed review, each with its part, while the profile stands failed.
pub fn failed_reasons(state: &ProcessState) -> Vec<ReviewReason> {
    match (&state.profile_status, &state.last_review) {
        (ProfileStatus::Failed { .. }, Some(review)) => review
            .reasons
            .iter()
            .map(|r| {
                let known = regdesk_core::review::find(r);
                ReviewReason {
                    reason: r.clone(),
                    text_zh: known.map_or_else(|| r.clone(), |k| k.message_zh.to_owned()),
                    text_en: known.map_or_else(|| r.clone(), |k| k.message_en.to_owned()),
                    part: known.map_or_else(|| ProfilePart::of(r), |k| k.part),
                }
            })
            .collect(),
        _ => vec![],
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    pub candidate: Candidate,
    pub process: ProcessState,
    /// The profile's next task.
    pub next_task: NextTask,
    /// A failed review's reasons with the part each concerns.
    pub failed_reasons: Vec<ReviewReason>,
    /// In the order they were opened.
    pub registrations: Vec<RegistrationView>,
    pub uploads: Vec<UploadView>,
    /// Files an import matched to a slot that the engine refused (and nothing stored since).
    pub refused: Vec<RefusedView>,
    /// From the saved basic info: the work proof is not required for exempt majors.
    pub work_proof_required: bool,
    /// Reviewers disagree about the candidate's package: both decisions, side by side, until
    /// a reviewer resolves it (the profile is neither passed nor failed meanwhile).
    pub conflict: Option<crate::review::OpenConflict>,
}

/// The outcome of a step: the new state, or why it was refused (nothing changed then).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepReport {
    pub applied: bool,
    pub process: ProcessState,
    pub registrations: Vec<RegistrationView>,
    pub issues: Vec<Problem>,
}

/// The dossier's registrations with status, next task and label, as of `today`.
pub fn registration_views(d: &Dossier, today: NaiveDate) -> Vec<RegistrationView> {
    let catalog = exam_catalog();
    d.registrations
        .iter()
        .map(|r| RegistrationView {
            status: r.status(),
            next_task: r.next_task(&d.profile, today),
            label: catalog
                .session(&r.exam_session)
                .map_or_else(|| r.exam_session.clone(), |s| catalog.view(s, today).label),
            registration: r.clone(),
        })
        .collect()
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
    let dossier = process::load_dossier(store, id_number).await?;
    let registrations = registration_views(&dossier, clock::today());
    let process = dossier.profile;
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
    let refused = regdesk_store::refused::list(store, id_number)
        .await?
        .into_iter()
        .map(|r| {
            Ok(RefusedView {
                report: serde_json::from_value(r.report).map_err(CommandError::internal)?,
                slot: r.slot,
                source_name: r.source_name,
            })
        })
        .collect::<Result<Vec<_>, CommandError>>()?;
    let work_proof_required = process
        .profile
        .as_ref()
        .is_none_or(|p| required_uploads(p).contains(&UploadSlot::WorkProof));
    Ok(Overview {
        candidate,
        next_task: process.next_task(clock::today()),
        failed_reasons: failed_reasons(&process),
        process,
        registrations,
        uploads,
        refused,
        work_proof_required,
        conflict: crate::review::open_conflict(store, id_number).await?,
    })
}

/// A refused file's own bytes (as the import read them), for the crop editor to open.
pub async fn refused_source(
    store: &Store,
    id_number: &str,
    slot: UploadSlot,
) -> Result<(String, Vec<u8>), CommandError> {
    regdesk_store::refused::source(store, id_number, slot)
        .await?
        .ok_or_else(|| {
            CommandError::from(StoreError::NotFound(format!(
                "refused {} of {id_number}",
                attachments::slot_name(slot)
            )))
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

/// Any process step by hand (a review outcome read off the portal, the notice, payment …);
/// registration steps go to `exam_session`'s registration (or the only one).
pub async fn apply_step(
    store: &Store,
    id_number: &str,
    exam_session: Option<&str>,
    action: &ProcessAction,
    actor: &Actor,
) -> Result<StepReport, CommandError> {
    find(store, id_number).await?;
    let actions = std::slice::from_ref(action);
    let (dossier, issues) =
        match process::apply_all(store, id_number, exam_session, actions, actor).await? {
            Ok(d) => (d, vec![]),
            Err(issues) => (process::load_dossier(store, id_number).await?, issues),
        };
    Ok(step_report(dossier, issues))
}

fn step_report(dossier: Dossier, issues: Vec<Problem>) -> StepReport {
    StepReport {
        applied: issues.is_empty(),
        registrations: registration_views(&dossier, clock::today()),
        process: dossier.profile,
        issues,
    }
}

/// A step asked for by the window: refused, with its problems and nothing changed, unless
/// `step_guard` lets it through to the state machine.
pub async fn apply_window_step(
    store: &Store,
    id_number: &str,
    exam_session: Option<&str>,
    action: &ProcessAction,
    actor: &Actor,
) -> Result<StepReport, CommandError> {
    let refused = crate::step_guard::check(action, clock::today());
    if refused.is_empty() {
        return apply_step(store, id_number, exam_session, action, actor).await;
    }
    find(store, id_number).await?;
    let dossier = process::load_dossier(store, id_number).await?;
    Ok(step_report(dossier, refused))
}

/// Validates basic info as typed and, for a candidate whose profile passed review, warns
/// before saving that changing education or major sends the profile back to review.
pub async fn check_basic(
    store: &Store,
    id_number: &str,
    input: &ProfileInput,
) -> Result<ProfileReport, CommandError> {
    let mut report = validate_profile(input);
    let state = process::load(store, id_number).await?;
    if let Some(p) = &report.profile {
        if state.judged_change(p) {
            report.issues.push(Problem::warning(
                "profile",
                ReasonCode::ProcessBackToReview,
                "资料已审核通过：更改学历或专业属于重要信息变更，保存后须重新提交审核（已缴费的报名不受影响）",
                "the profile passed review: changing education or major sends it back to review when saved (paid registrations stay)",
            ));
        }
    }
    Ok(report)
}
