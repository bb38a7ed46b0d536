import { Channel, invoke } from "@tauri-apps/api/core";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { listen } from "@tauri-apps/api/event";
import type { JobProgress } from "../bindings/JobProgress";
import type { CommandName } from "../bindings/commands";
import type { Backend } from "./backend";
import { toBackendError } from "./errors";

// The command names are generated from the Rust handler list: a misspelt or removed command
// fails the type check instead of failing at run time.
async function call<T>(command: CommandName, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toBackendError(raw);
  }
}

export const tauriBackend: Backend = {
  appInfo: () => call("app_info"),
  operatorStatus: () => call("operator_status"),
  setupOperator: (args) => call("setup_operator", { args }),
  unlock: (args) => call("unlock", { args }),
  setRole: (args) => call("set_role", { args }),
  lock: () => call("lock"),
  changePassword: (args) => call("change_password", { args }),
  recoverPassword: (args) => call("recover_password", { args }),
  setLockIdle: (minutes) => call("set_lock_idle", { args: { minutes } }),
  validateIdentity: (args) => call("validate_identity", { args }),
  addCandidate: (args) => call("add_candidate", { args }),
  listCandidates: () => call("list_candidates"),
  correctIdentity: (args) => call("correct_identity", { args }),
  getSettings: () => call("get_settings"),
  setLocale: (locale) => call("set_locale", { args: { locale } }),
  overview: (idNumber) => call("candidate_overview", { args: { idNumber } }),
  validateProfile: (args) => call("validate_profile", { args }),
  checkBasic: (args) => call("check_basic", { args }),
  saveBasic: (args) => call("save_basic", { args }),
  attachUpload: (args) => call("attach_upload", { args }),
  refusedSource: (args) => call("refused_source", { args }),
  submitProfile: (idNumber) => call("submit_profile", { args: { idNumber } }),
  applyStep: (args) => call("apply_step", { args }),
  exportPackage: (args) => call("export_package", { args }),
  examCatalog: () => call("exam_catalog"),
  openSessions: () => call("open_sessions"),
  ticketPdf: (args) => call("ticket_pdf", { args }),
  openInViewer: (path) => call("open_in_viewer", { args: { path } }),
  openFolderOf: (path) => call("open_folder_of", { args: { path } }),
  photoBatch: (args, onProgress) => {
    const channel = new Channel<JobProgress>();
    channel.onmessage = onProgress;
    return call("photo_batch", { args, onProgress: channel });
  },
  cancelBatch: (args) => call("cancel_batch", { args }),
  listJobs: () => call("list_jobs"),
  discardJob: (args) => call("discard_job", { args }),
  diagnostics: () => call("diagnostics"),
  intakeSettings: () => call("intake_settings"),
  saveIntakeSettings: (args) => call("save_intake_settings", { args }),
  submitToIntake: (idNumbers) => call("submit_to_intake", { args: { idNumbers } }),
  submissionStatus: (pull) => call("submission_status", { args: { pull } }),
  onSubmissionChanged: (callback) => listen("submission-changed", () => callback()),
  rosterTemplate: (args) => call("roster_template", { args }),
  rosterImport: (args, onProgress) => {
    const channel = new Channel<JobProgress>();
    channel.onmessage = onProgress;
    return call("roster_import", { args, onProgress: channel });
  },
  rosterGrid: () => call("roster_grid"),
  rosterExport: (args) => call("roster_export", { args }),
  acknowledgeSamePhoto: (args) => call("acknowledge_same_photo", { args }),
  bulkSubmit: (args) => call("bulk_submit", { args }),
  bulkTickets: (args) => call("bulk_tickets", { args }),
  editCell: (args) => call("edit_cell", { args }),
  bulkExport: (args) => call("bulk_export", { args }),
  onDroppedPaths: async (callback) => {
    const unlisten = await getCurrentWebview().onDragDropEvent((event) => {
      if (event.payload.type === "drop") callback(event.payload.paths);
    });
    return unlisten;
  },
  reviewOpen: (args, onProgress) => {
    const channel = new Channel<JobProgress>();
    channel.onmessage = onProgress;
    return call("review_open", { args, onProgress: channel });
  },
  reviewQueue: () => call("review_queue"),
  reviewPackage: (packageSha256) => call("review_package", { args: { packageSha256 } }),
  reviewMaterial: (args) => call("review_material", { args }),
  reviewDecide: (args) => call("review_decide", { args }),
  reviewReasons: () => call("review_reasons"),
  reviewExport: (path) => call("review_export", { args: { path } }),
  reviewImport: (paths) => call("review_import", { args: { paths } }),
  reviewTrust: (args) => call("review_trust", { args }),
  reviewSync: () => call("review_sync"),
  makePhotoPreview: (args) => call("make_photo_preview", { args }),
  savePhoto: (args) => call("save_photo", { args }),
  photoSource: (args) => call("photo_source", { args }),
  photoSpecs: () => call("photo_specs"),
  addPhotoSpec: (args) => call("add_photo_spec", { args }),
};
