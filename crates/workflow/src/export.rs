use regdesk_core::process::{submit_actions, ProcessState, ProfileStatus};
use regdesk_core::{clock, Actor, CommandError, Problem, ReasonCode};
use regdesk_package::{build_signed_zip, FileEntry, Manifest, PackageFile, FORMAT_VERSION};
use regdesk_photo::spec::DEFAULT_SPEC;
use regdesk_store::{attachments, candidates, process, Store, StoreError};

/// The candidate's package (zip bytes) and its manifest. Files are named
/// `<ID number>_<slot>.jpg`; the manifest carries identity, profile, process state, hashes and
/// the check reports.
///
/// Only a submitted profile (awaiting review, or passed) has a package: otherwise the
/// problems that block it are returned and nothing is made — the reviewer would only see
/// missing files.
pub async fn export_package(
    store: &Store,
    id_number: &str,
    actor: &Actor,
) -> Result<Result<(Vec<u8>, Manifest), Vec<Problem>>, CommandError> {
    let candidate = candidates::find_by_id_number(store, id_number)
        .await?
        .ok_or_else(|| {
            CommandError::from(StoreError::NotFound(format!("candidate {id_number}")))
                .with_field("idNumber")
        })?;
    let dossier = process::load_dossier(store, id_number).await?;
    let files = attachments::list(store, id_number).await?;
    let blockers = not_submitted(&dossier.profile, &files);
    if !blockers.is_empty() {
        return Ok(Err(blockers));
    }
    let names: Vec<String> = files
        .iter()
        .map(|f| {
            format!(
                "{}_{}.jpg",
                candidate.id_number,
                attachments::slot_name(f.slot)
            )
        })
        .collect();
    let mut checks = serde_json::Map::new();
    for f in &files {
        checks.insert(attachments::slot_name(f.slot).into(), f.report.clone());
    }
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        spec_id: DEFAULT_SPEC.into(),
        produced_by: format!("regdesk {}", env!("CARGO_PKG_VERSION")),
        produced_by_actor: actor.to_string(),
        produced_at: clock::now().to_rfc3339(),
        candidate: serde_json::json!({
            "identity": candidate,
            "process": dossier.profile,
            "registrations": dossier.registrations,
        }),
        files: files
            .iter()
            .zip(&names)
            .map(|(f, name)| FileEntry {
                name: name.clone(),
                slot: attachments::slot_name(f.slot).into(),
                sha256: f.sha256.clone(),
                bytes: f.bytes.len() as u64,
            })
            .collect(),
        checks: serde_json::Value::Object(checks),
    };
    // Signed with the workspace's key (made on first use) beside the database.
    let key = match store.path().parent() {
        Some(dir) => Some(crate::signing::workspace_key(dir)?),
        None => None,
    };
    // Compressing is CPU work: off the async workers.
    let zip = tokio::task::spawn_blocking(move || {
        let members: Vec<PackageFile<'_>> = files
            .iter()
            .zip(&names)
            .map(|(f, n)| PackageFile {
                name: n,
                bytes: &f.bytes,
            })
            .collect();
        let zip =
            build_signed_zip(&manifest, &members, key.as_ref()).map_err(CommandError::internal)?;
        Ok::<_, CommandError>((zip, manifest))
    })
    .await
    .map_err(CommandError::internal)??;
    // The candidate's current package: a review decision about an older one changes nothing.
    regdesk_store::review::note_export(store, id_number, &regdesk_package::sha256_hex(&zip.0))
        .await?;
    Ok(Ok(zip))
}

/// Why a profile has no package yet: the problems `profile submit` would report, or that it
/// is complete but not submitted, or that a failed review waits for corrections.
fn not_submitted(state: &ProcessState, files: &[attachments::Attachment]) -> Vec<Problem> {
    match &state.profile_status {
        ProfileStatus::Submitted { .. } | ProfileStatus::Passed { .. } => vec![],
        ProfileStatus::Failed { .. } => vec![Problem::error(
            "process",
            ReasonCode::ProcessOutOfOrder,
            "审核未通过：请先按原因修改资料并重新提交审核，再导出资料包",
            "the review failed: correct the profile and submit it again before exporting a package",
        )],
        ProfileStatus::Draft { .. } => {
            let stored: Vec<_> = files.iter().map(|f| f.slot).collect();
            match submit_actions(state, &stored) {
                Err(problems) => problems,
                Ok(_) => vec![Problem::error(
                    "process",
                    ReasonCode::ProcessOutOfOrder,
                    "资料尚未提交审核：请先在“确认提交”中提交，再导出资料包",
                    "the profile is not submitted yet: submit it for review before exporting a package",
                )],
            }
        }
    }
}
