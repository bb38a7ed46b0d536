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
    let mut report = candidates::register(store, identity, actor, strict).await?;
    let mut saved = None;
    if let (true, Some(pr)) = (report.added, profile_report) {
        report.issues.extend(pr.issues);
        if let (Some(p), Some(c)) = (pr.profile, &report.candidate) {
            let action = ProcessAction::SaveBasic { profile: p.clone() };
            if let Err(problems) = process::apply(store, &c.id_number, &action, actor).await? {
                report.issues.extend(problems);
            } else {
                saved = Some(p);
            }
        }
    }
    Ok(RegisterReport {
        candidate: report,
        profile: saved,
    })
}
