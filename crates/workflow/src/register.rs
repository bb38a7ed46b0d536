use regdesk_core::process::ProcessAction;
use regdesk_core::profile::{validate_profile, Profile, ProfileInput};
use regdesk_core::{Actor, AddCandidateReport, CommandError, IdentityInput};
use regdesk_store::{candidates, process, Store};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterReport {
    #[serde(flatten)]
    pub candidate: AddCandidateReport,
    pub profile: Option<Profile>,
}

/// Registers a candidate and, when basic info is given, saves it as profile step 1 — validated
/// together first, so either both are stored or nothing is.
pub async fn register_with_profile(
    store: &Store,
    identity: &IdentityInput,
    profile: Option<&ProfileInput>,
    actor: &Actor,
    strict: bool,
) -> Result<RegisterReport, CommandError> {
    let profile_report = profile.map(validate_profile);
    let profile_blocks = profile_report.as_ref().is_some_and(|r| r.profile.is_none());
    if profile_blocks {
        let mut report = AddCandidateReport {
            added: false,
            candidate: None,
            issues: vec![],
        };
        let check = regdesk_core::identity::validate_identity(identity, strict);
        report.issues.extend(check.issues);
        report
            .issues
            .extend(profile_report.map(|r| r.issues).unwrap_or_default());
        return Ok(RegisterReport {
            candidate: report,
            profile: None,
        });
    }
    // The candidate and its basic info are one transaction: both are stored or neither.
    let mut tx = store.begin_write().await?;
    let mut report = candidates::register_in(&mut tx, identity, actor, strict).await?;
    let mut saved = None;
    if let (true, Some(pr)) = (report.added, profile_report) {
        report.issues.extend(pr.issues);
        if let (Some(p), Some(c)) = (pr.profile, &report.candidate) {
            let action = ProcessAction::SaveBasic { profile: p.clone() };
            let id_number = c.id_number.clone();
            match process::apply_in_tx(&mut tx, &id_number, None, &[action], actor).await? {
                Ok(_) => saved = Some(p),
                Err(problems) => {
                    report.issues.extend(problems);
                    report.added = false;
                    report.candidate = None;
                }
            }
        }
    }
    if report.added {
        tx.commit().await?;
    }
    Ok(RegisterReport {
        candidate: report,
        profile: saved,
    })
}
