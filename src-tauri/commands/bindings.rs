//! Every type that crosses IPC, exported to TypeScript (`ui/src/bindings/`). A test compares
//! a fresh export with the committed files, so a Rust change cannot leave the UI stale.

use std::path::Path;

use ts_rs::{Config, TS};

/// Writes the TypeScript declarations of all IPC types (and what they reference) into `dir`.
pub fn export_bindings(dir: &Path) -> Result<(), ts_rs::ExportError> {
    use regdesk_core as core;
    // Ids and counts stay far below 2^53, so `number` is exact on the JS side.
    let cfg = &Config::new().with_out_dir(dir).with_large_int("number");
    core::AddCandidateReport::export_all(cfg)?;
    core::IdentityReport::export_all(cfg)?;
    core::CommandError::export_all(cfg)?;
    core::ReasonCode::export_all(cfg)?;
    regdesk_store::settings::Settings::export_all(cfg)?;
    super::candidates::IdentityArgs::export_all(cfg)?;
    super::candidates::CorrectArgs::export_all(cfg)?;
    regdesk_store::correction::CorrectionReport::export_all(cfg)?;
    super::settings::SetLocaleArgs::export_all(cfg)?;
    super::app::AppInfo::export_all(cfg)?;
    super::operator::OperatorStatus::export_all(cfg)?;
    super::operator::SetupArgs::export_all(cfg)?;
    super::operator::SetupReport::export_all(cfg)?;
    super::operator::ChangePasswordArgs::export_all(cfg)?;
    super::operator::RecoverArgs::export_all(cfg)?;
    super::operator::UnlockArgs::export_all(cfg)?;
    super::operator::SetRoleArgs::export_all(cfg)?;
    super::workspace::CandidateArgs::export_all(cfg)?;
    super::workspace::SaveBasicArgs::export_all(cfg)?;
    super::workspace::AttachArgs::export_all(cfg)?;
    super::workspace::AttachResult::export_all(cfg)?;
    super::workspace::RefusedArgs::export_all(cfg)?;
    super::workspace::RefusedSource::export_all(cfg)?;
    super::workspace::StepArgs::export_all(cfg)?;
    super::workspace::CheckBasicArgs::export_all(cfg)?;
    regdesk_core::exam_catalog::SessionView::export_all(cfg)?;
    regdesk_core::process::ProfilePart::export_all(cfg)?;
    regdesk_workflow::StepReport::export_all(cfg)?;
    // Not IPC: the browser tests' fake backend keeps candidates' dossiers (see ui_fixtures).
    regdesk_core::process::Dossier::export_all(cfg)?;
    super::workspace::ExportArgs::export_all(cfg)?;
    super::workspace::ExportResult::export_all(cfg)?;
    regdesk_core::profile::ProfileReport::export_all(cfg)?;
    regdesk_core::exam_catalog::ExamCatalog::export_all(cfg)?;
    super::exam::TicketArgs::export_all(cfg)?;
    super::exam::TicketResult::export_all(cfg)?;
    super::exam::OpenArgs::export_all(cfg)?;
    super::photo::MakePhotoArgs::export_all(cfg)?;
    super::photo::MadePhoto::export_all(cfg)?;
    regdesk_photo::report::PhotoReport::export_all(cfg)?;
    super::photo::SavePhotoArgs::export_all(cfg)?;
    super::photo::SourceArgs::export_all(cfg)?;
    super::photo::PhotoSource::export_all(cfg)?;
    super::photo::AddSpecArgs::export_all(cfg)?;
    regdesk_photo::spec::PhotoSpec::export_all(cfg)?;
    regdesk_workflow::Overview::export_all(cfg)?;
    super::batch::PhotoBatchArgs::export_all(cfg)?;
    super::batch::CancelArgs::export_all(cfg)?;
    super::batch::JobArgs::export_all(cfg)?;
    regdesk_workflow::photo_job::PhotoBatchResult::export_all(cfg)?;
    regdesk_workflow::jobs::JobProgress::export_all(cfg)?;
    regdesk_workflow::StepReport::export_all(cfg)?;
    // Not IPC: the browser tests' fake backend keeps candidates' dossiers (see ui_fixtures).
    regdesk_core::process::Dossier::export_all(cfg)?;
    super::roster::PathArgs::export_all(cfg)?;
    super::roster::IdArgs::export_all(cfg)?;
    super::roster::BulkArgs::export_all(cfg)?;
    super::roster::EditCellArgs::export_all(cfg)?;
    super::roster::BulkTickets::export_all(cfg)?;
    regdesk_workflow::roster::CellEdit::export_all(cfg)?;
    regdesk_workflow::roster::BulkLine::export_all(cfg)?;
    super::roster::RosterImportArgs::export_all(cfg)?;
    super::roster::ColumnMap::export_all(cfg)?;
    regdesk_workflow::roster::RosterReport::export_all(cfg)?;
    regdesk_workflow::roster::GridRow::export_all(cfg)?;
    super::submission::IntakeSettings::export_all(cfg)?;
    super::submission::SaveIntakeArgs::export_all(cfg)?;
    super::submission::IntakeSubmitArgs::export_all(cfg)?;
    regdesk_workflow::submission::SubmitRun::export_all(cfg)?;
    super::submission::StatusArgs::export_all(cfg)?;
    super::submission::SubmissionStatus::export_all(cfg)?;
    super::review::ReviewOpenArgs::export_all(cfg)?;
    super::review::PackageArgs::export_all(cfg)?;
    super::review::MaterialArgs::export_all(cfg)?;
    super::review::DecideArgs::export_all(cfg)?;
    super::review::DecisionsFileArgs::export_all(cfg)?;
    super::review::ImportDecisionsArgs::export_all(cfg)?;
    super::review::TrustArgs::export_all(cfg)?;
    regdesk_core::review::CatalogueReason::export_all(cfg)?;
    super::review::PackageView::export_all(cfg)?;
    super::review::ExportedDecisions::export_all(cfg)?;
    regdesk_workflow::review::OpenLine::export_all(cfg)?;
    regdesk_workflow::review::DeskLine::export_all(cfg)?;
    regdesk_workflow::review::ImportLine::export_all(cfg)?;
    regdesk_workflow::review::SyncReport::export_all(cfg)?;
    super::settings::LockIdleArgs::export_all(cfg)?;
    write_command_names(dir)?;
    write_labels(dir)?;
    regdesk_workflow::SubmitReport::export_all(cfg)?;
    Ok(())
}

/// `commands.ts`: the names of the IPC commands, from the same list as the handler.
fn write_command_names(dir: &Path) -> Result<(), ts_rs::ExportError> {
    let mut text = String::from(
        "// Generated from src-tauri/lib.rs (app_commands!) by export_bindings. Do not edit.\n\
         export const COMMANDS = [\n",
    );
    for name in crate::command_names() {
        text.push_str(&format!("  \"{name}\",\n"));
    }
    text.push_str("] as const;\n\nexport type CommandName = (typeof COMMANDS)[number];\n");
    std::fs::write(dir.join("commands.ts"), text)?;
    Ok(())
}

/// `labels.ts`: the Chinese and English labels of closed lists (education, upload slots) as the core
/// spells them, so the window never keeps its own copy.
fn write_labels(dir: &Path) -> Result<(), ts_rs::ExportError> {
    use regdesk_core::process::UploadSlot;
    use regdesk_core::profile::Education;
    let name = |v: serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    let mut text = String::from(
        "// Generated from the core's labels by export_bindings. Do not edit.\n\
         import type { Education } from \"./Education\";\n\
         import type { UploadSlot } from \"./UploadSlot\";\n\n\
         /** The portal's closed education list, in order, with the labels it accepts. */\n\
         export const EDUCATION_LABELS: Record<Education, string> = {\n",
    );
    for e in Education::ALL {
        let key = name(serde_json::to_value(e).unwrap_or_default());
        text.push_str(&format!("  {key}: \"{}\",\n", e.label_zh()));
    }
    text.push_str("};\n\nexport const EDUCATION_LABELS_EN: Record<Education, string> = {\n");
    for e in Education::ALL {
        let key = name(serde_json::to_value(e).unwrap_or_default());
        text.push_str(&format!("  {key}: \"{}\",\n", e.label_en()));
    }
    text.push_str("};\n\nexport const SLOT_LABELS: Record<UploadSlot, string> = {\n");
    for s in UploadSlot::ALL {
        text.push_str(&format!("  {}: \"{}\",\n", s.name(), s.label_zh()));
    }
    text.push_str("};\n");
    std::fs::write(dir.join("labels.ts"), text)?;
    Ok(())
}
