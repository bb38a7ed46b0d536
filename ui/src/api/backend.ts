// The typed backend interface: the only way the UI reaches Rust. `tauri.ts` implements it
// over IPC, `fake.ts` in memory for browser tests. Types come from `../bindings` (generated
// from Rust by ts-rs), never copied by hand.
import type { AddCandidateReport } from "../bindings/AddCandidateReport";
import type { AppInfo } from "../bindings/AppInfo";
import type { AttachArgs } from "../bindings/AttachArgs";
import type { AttachResult } from "../bindings/AttachResult";
import type { RefusedArgs } from "../bindings/RefusedArgs";
import type { RefusedSource } from "../bindings/RefusedSource";
import type { Candidate } from "../bindings/Candidate";
import type { CorrectArgs } from "../bindings/CorrectArgs";
import type { CorrectionReport } from "../bindings/CorrectionReport";
import type { CheckBasicArgs } from "../bindings/CheckBasicArgs";
import type { GridRow } from "../bindings/GridRow";
import type { CellEdit } from "../bindings/CellEdit";
import type { EditCellArgs } from "../bindings/EditCellArgs";
import type { BulkArgs } from "../bindings/BulkArgs";
import type { BulkLine } from "../bindings/BulkLine";
import type { BulkTickets } from "../bindings/BulkTickets";
import type { IdArgs } from "../bindings/IdArgs";
import type { PathArgs } from "../bindings/PathArgs";
import type { RosterImportArgs } from "../bindings/RosterImportArgs";
import type { RosterReport } from "../bindings/RosterReport";
import type { ExamCatalog } from "../bindings/ExamCatalog";
import type { SessionView } from "../bindings/SessionView";
import type { ExportArgs } from "../bindings/ExportArgs";
import type { ExportResult } from "../bindings/ExportResult";
import type { IdentityArgs } from "../bindings/IdentityArgs";
import type { IdentityReport } from "../bindings/IdentityReport";
import type { Locale } from "../bindings/Locale";
import type { MadePhoto } from "../bindings/MadePhoto";
import type { MakePhotoArgs } from "../bindings/MakePhotoArgs";
import type { OperatorStatus } from "../bindings/OperatorStatus";
import type { Overview } from "../bindings/Overview";
import type { PhotoSource } from "../bindings/PhotoSource";
import type { ProfileInput } from "../bindings/ProfileInput";
import type { ProfileReport } from "../bindings/ProfileReport";
import type { SaveBasicArgs } from "../bindings/SaveBasicArgs";
import type { SourceArgs } from "../bindings/SourceArgs";
import type { AddSpecArgs } from "../bindings/AddSpecArgs";
import type { PhotoSpec } from "../bindings/PhotoSpec";
import type { SetupArgs } from "../bindings/SetupArgs";
import type { SetupReport } from "../bindings/SetupReport";
import type { UnlockArgs } from "../bindings/UnlockArgs";
import type { SetRoleArgs } from "../bindings/SetRoleArgs";
import type { SavePhotoArgs } from "../bindings/SavePhotoArgs";
import type { Settings } from "../bindings/Settings";
import type { StepArgs } from "../bindings/StepArgs";
import type { StepReport } from "../bindings/StepReport";
import type { SubmitReport } from "../bindings/SubmitReport";
import type { TicketArgs } from "../bindings/TicketArgs";
import type { TicketResult } from "../bindings/TicketResult";
import type { CancelArgs } from "../bindings/CancelArgs";
import type { Job } from "../bindings/Job";
import type { JobArgs } from "../bindings/JobArgs";
import type { JobProgress } from "../bindings/JobProgress";
import type { PhotoBatchArgs } from "../bindings/PhotoBatchArgs";
import type { PhotoBatchResult } from "../bindings/PhotoBatchResult";
import type { IntakeSettings } from "../bindings/IntakeSettings";
import type { SaveIntakeArgs } from "../bindings/SaveIntakeArgs";
import type { SubmitRun } from "../bindings/SubmitRun";
import type { SubmissionStatus } from "../bindings/SubmissionStatus";
import type { ReviewOpenArgs } from "../bindings/ReviewOpenArgs";
import type { OpenLine } from "../bindings/OpenLine";
import type { DeskLine } from "../bindings/DeskLine";
import type { PackageView } from "../bindings/PackageView";
import type { MaterialArgs } from "../bindings/MaterialArgs";
import type { DecideArgs } from "../bindings/DecideArgs";
import type { CatalogueReason } from "../bindings/CatalogueReason";
import type { ExportedDecisions } from "../bindings/ExportedDecisions";
import type { ImportLine } from "../bindings/ImportLine";
import type { TrustArgs } from "../bindings/TrustArgs";
import type { SyncReport } from "../bindings/SyncReport";
import type { ChangePasswordArgs } from "../bindings/ChangePasswordArgs";
import type { RecoverArgs } from "../bindings/RecoverArgs";

export interface Backend {
  appInfo(): Promise<AppInfo>;
  operatorStatus(): Promise<OperatorStatus>;
  setupOperator(args: SetupArgs): Promise<SetupReport>;
  unlock(args: UnlockArgs): Promise<OperatorStatus>;
  setRole(args: SetRoleArgs): Promise<OperatorStatus>;
  /** Locks a workspace that has a password ("锁定", the idle timer). */
  lock(): Promise<OperatorStatus>;
  /** Sets a first password (encrypts; the status carries the recovery key once) or changes it (re-keys). */
  changePassword(args: ChangePasswordArgs): Promise<OperatorStatus>;
  /** The lock screen's recovery: the recovery key sets a new password and unlocks. */
  recoverPassword(args: RecoverArgs): Promise<OperatorStatus>;
  /** Minutes without use before the window locks itself (0 = never). */
  setLockIdle(minutes: number): Promise<Settings>;
  validateIdentity(args: IdentityArgs): Promise<IdentityReport>;
  addCandidate(args: IdentityArgs): Promise<AddCandidateReport>;
  listCandidates(): Promise<Candidate[]>;
  correctIdentity(args: CorrectArgs): Promise<CorrectionReport>;
  getSettings(): Promise<Settings>;
  setLocale(locale: Locale): Promise<Settings>;
  overview(idNumber: string): Promise<Overview>;
  validateProfile(input: ProfileInput): Promise<ProfileReport>;
  /** As `validateProfile`, plus the warning that a change sends a passed profile back to review. */
  checkBasic(args: CheckBasicArgs): Promise<ProfileReport>;
  saveBasic(args: SaveBasicArgs): Promise<ProfileReport>;
  attachUpload(args: AttachArgs): Promise<AttachResult>;
  /** The file a roster import matched to a slot and the engine refused (to open in the editor). */
  refusedSource(args: RefusedArgs): Promise<RefusedSource>;
  submitProfile(idNumber: string): Promise<SubmitReport>;
  applyStep(args: StepArgs): Promise<StepReport>;
  exportPackage(args: ExportArgs): Promise<ExportResult>;
  examCatalog(): Promise<ExamCatalog>;
  /** Exam sessions open for registration today. */
  openSessions(): Promise<SessionView[]>;
  ticketPdf(args: TicketArgs): Promise<TicketResult>;
  openInViewer(path: string): Promise<void>;
  /** Opens the folder holding a file this session wrote (打开所在文件夹). */
  openFolderOf(path: string): Promise<void>;
  makePhotoPreview(args: MakePhotoArgs): Promise<MadePhoto>;
  savePhoto(args: SavePhotoArgs): Promise<string>;
  photoSource(args: SourceArgs): Promise<PhotoSource>;
  /** The photo specs: the library, then the user's own. */
  photoSpecs(): Promise<PhotoSpec[]>;
  /** Adds a spec file the user picked (refused naming the field it breaks). */
  addPhotoSpec(args: AddSpecArgs): Promise<PhotoSpec>;
  /** A photo folder batch as a job; progress arrives (~10/s) until the promise settles. */
  photoBatch(args: PhotoBatchArgs, onProgress: (p: JobProgress) => void): Promise<PhotoBatchResult>;
  cancelBatch(args: CancelArgs): Promise<boolean>;
  listJobs(): Promise<Job[]>;
  discardJob(args: JobArgs): Promise<Job[]>;
  /** Calls back with the paths of files or folders dropped on the window; returns "stop". */
  onDroppedPaths(callback: (paths: string[]) => void): Promise<() => void>;
  /** Writes the roster template; returns the file written. */
  rosterTemplate(args: PathArgs): Promise<string>;
  /** Checks a roster (and its materials) and, unless a dry run, imports the accepted rows. */
  rosterImport(args: RosterImportArgs, onProgress: (p: JobProgress) => void): Promise<RosterReport>;
  rosterGrid(): Promise<GridRow[]>;
  rosterExport(args: PathArgs): Promise<string>;
  /** Submits each selected candidate's profile for review. */
  bulkSubmit(args: BulkArgs): Promise<BulkLine[]>;
  /** Exports each selected candidate's package into a folder as <ID>.zip. */
  bulkExport(args: BulkArgs): Promise<BulkLine[]>;
  /** The selected candidates' open admission tickets in one PDF at a typed path. */
  bulkTickets(args: BulkArgs): Promise<BulkTickets>;
  /** Edits one grid cell with the same rules (a dry run as the user types). */
  editCell(args: EditCellArgs): Promise<CellEdit>;
  /** Confirms a photo shared with another candidate is right; false when there is no photo. */
  acknowledgeSamePhoto(args: IdArgs): Promise<boolean>;
  /** The intake endpoint and where its token is kept (never the token). */
  intakeSettings(): Promise<IntakeSettings>;
  saveIntakeSettings(args: SaveIntakeArgs): Promise<IntakeSettings>;
  /** Queues the candidates' packages (before any network call), then sends the outbox. */
  submitToIntake(idNumbers: string[]): Promise<SubmitRun>;
  /** Each candidate's current submission; `pull` asks the server first. */
  submissionStatus(pull: boolean): Promise<SubmissionStatus>;
  /** Calls back when the background loop changed a submission's status; returns "stop". */
  onSubmissionChanged(callback: () => void): Promise<() => void>;
  /** Opens package files or folders on the review desk as a job with progress. */
  reviewOpen(args: ReviewOpenArgs, onProgress: (p: JobProgress) => void): Promise<OpenLine[]>;
  /** Every package on the desk with its state, findings and decisions. */
  reviewQueue(): Promise<DeskLine[]>;
  reviewPackage(packageSha256: string): Promise<PackageView>;
  /** One material of an opened package as base64 JPEG. */
  reviewMaterial(args: MaterialArgs): Promise<string>;
  /** Records the reviewer's signed decision; answers with the queue. */
  reviewDecide(args: DecideArgs): Promise<DeskLine[]>;
  reviewReasons(): Promise<CatalogueReason[]>;
  /** Writes every signed decision to a .jsonl file (a folder gets decisions.jsonl). */
  reviewExport(path: string): Promise<ExportedDecisions>;
  /** Imports decision files: merged, never overwriting; outcomes applied to this workspace. */
  reviewImport(paths: string[]): Promise<ImportLine[]>;
  /** Trusts a package signer's key under a name; answers with the queue. */
  reviewTrust(args: TrustArgs): Promise<DeskLine[]>;
  /** Pulls waiting submissions from the intake server and pushes settled decisions. */
  reviewSync(): Promise<SyncReport>;
  /** Version, OS, data folder, schema version and the last logged problems, as text. */
  diagnostics(): Promise<string>;
}
