// The rules the fake backend answers with, replayed from `ui/tests/fixtures/rules.json`, which
// a Rust test writes from the real core (and fails on when stale). Nothing here decides a rule:
// every answer is looked up, and a question the fixtures do not cover throws, naming the case
// to add to `tests/ui_fixtures.rs`.
import rules from "../../tests/fixtures/rules.json";
import type { CatalogueReason } from "../bindings/CatalogueReason";
import type { CommandError } from "../bindings/CommandError";
import type { CropGuide } from "../bindings/CropGuide";
import type { Dossier } from "../bindings/Dossier";
import type { ExamCatalog } from "../bindings/ExamCatalog";
import type { Gender } from "../bindings/Gender";
import type { IdentityInput } from "../bindings/IdentityInput";
import type { IdentityReport } from "../bindings/IdentityReport";
import type { NextTask } from "../bindings/NextTask";
import type { Normalization } from "../bindings/Normalization";
import type { Problem } from "../bindings/Problem";
import type { PhotoSpec } from "../bindings/PhotoSpec";
import type { ProcessAction } from "../bindings/ProcessAction";
import type { ProfileInput } from "../bindings/ProfileInput";
import type { ProfileReport } from "../bindings/ProfileReport";
import type { Registration } from "../bindings/Registration";
import type { RegistrationView } from "../bindings/RegistrationView";
import type { ReviewReason } from "../bindings/ReviewReason";
import type { SessionView } from "../bindings/SessionView";
import type { GridRow } from "../bindings/GridRow";
import type { CellEdit } from "../bindings/CellEdit";
import type { RosterReport } from "../bindings/RosterReport";
import type { UploadSlot } from "../bindings/UploadSlot";

/** JSON with object keys sorted, so equal values give equal keys whatever the key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function missing(what: string, value: unknown): never {
  throw new Error(`no fixture for ${what} ${canonical(value)}: add the case to tests/ui_fixtures.rs and run UPDATE_FIXTURES=1 cargo test --test ui_fixtures`);
}

function table<T>(entries: T[], key: (e: T) => unknown): Map<string, T> {
  return new Map(entries.map((e) => [canonical(key(e)), e]));
}

interface FieldEntry {
  issues: Problem[];
  normalizations: Normalization[];
  normalized: unknown;
  derivedGender?: Gender | null;
  derivedBirthDate?: string | null;
}
interface Step {
  dossier: Dossier;
  target: string | null;
  action: ProcessAction;
  applied: boolean;
  next: Dossier;
  issues: Problem[];
}
interface Submit {
  dossier: Dossier;
  stored: UploadSlot[];
  submitted: boolean;
  next: Dossier;
  issues: Problem[];
}
export interface View {
  dossier: Dossier;
  nextTask: NextTask;
  registrations: RegistrationView[];
  failedReasons: ReviewReason[];
  workProofRequired: boolean;
  /** Why an upload is refused in this state (a submitted profile is locked), if it is. */
  uploadRefusal: Problem | null;
}

/** What submitting says before the intake endpoint and token are set. */
export const intakeNotConfigured = rules.intakeNotConfigured as unknown as CommandError;
export const reviewCatalogue = rules.reviewCatalogue as unknown as CatalogueReason[];
export const reviewFailNeedsReason = rules.reviewFailNeedsReason as unknown as CommandError;
const fields = rules.identity as unknown as Record<string, Record<string, FieldEntry>> & { genderMismatch: Record<string, Problem[]> };
const profiles = table(rules.profiles as unknown as { input: ProfileInput; report: ProfileReport }[], (e) => e.input);
const steps = table(rules.steps as unknown as Step[], (e) => ({ dossier: e.dossier, target: e.target, action: e.action }));
const submits = table(rules.submits as unknown as Submit[], (e) => ({ dossier: e.dossier, stored: e.stored }));
const views = table(rules.views as unknown as View[], (e) => e.dossier);
const tickets = table(rules.tickets as unknown as { registration: Registration; issues: Problem[] }[], (e) => e.registration);

export const initialDossier = (): Dossier => structuredClone(rules.initialDossier as unknown as Dossier);
export const cropGuide = rules.cropGuide as unknown as CropGuide;
export const photoSpecs = rules.photoSpecs as unknown as PhotoSpec[];
export const catalog = rules.catalog as unknown as ExamCatalog;
export const openSessions = rules.openSessions as unknown as SessionView[];
const setups = table(rules.operatorSetup as unknown as { name: string; password: string; issues: Problem[] }[], (e) => [e.name, e.password]);

export function setupProblems(name: string, password: string): Problem[] {
  return structuredClone((setups.get(canonical([name, password])) ?? missing("first start with", [name, password])).issues);
}

const recovery = rules.recoveryKeys as unknown as {
  fake: string;
  typed: { input: string; normalised: string | null }[];
  wrongKey: CommandError;
  wrongPassword: CommandError;
};

/** The fake backend's recovery key (the real one is random and shown once). */
export const FAKE_RECOVERY_KEY = recovery.fake;

/** A typed recovery key as the Rust vault reads it (canonical form, or null when malformed). */
export function normaliseRecovery(input: string): string | null {
  const found = recovery.typed.find((c) => c.input === input) ?? missing("recovery key", input);
  return found.normalised;
}

const newPasswords = table(rules.newPasswords as unknown as { password: string; issues: Problem[] }[], (e) => e.password);

/** What Rust says of a new password (Settings, recovery). */
export function newPasswordProblems(password: string): Problem[] {
  return structuredClone((newPasswords.get(canonical(password)) ?? missing("new password", password)).issues);
}

/** The errors Rust gives for a wrong recovery key and a wrong password. */
export const recoveryErrors = { wrongKey: recovery.wrongKey, wrongPassword: recovery.wrongPassword };

export const roster = rules.roster as unknown as {
  path: string;
  preview: RosterReport;
  committed: RosterReport;
  grid: GridRow[];
  edits: { idNumber: string; field: string; value: string; dryRun: boolean; result: CellEdit }[];
};

export const correction = rules.correction as unknown as Record<"noReasonNoProof" | "noReason" | "noProof", Problem[]>;

function field(name: keyof IdentityInput, value: string): FieldEntry {
  return fields[name]?.[value] ?? missing(`identity.${name} =`, value);
}

/** The identity report the core gives, composed field by field. */
export function identityReport(input: IdentityInput): IdentityReport {
  const names: (keyof IdentityInput)[] = ["name", "gender", "idNumber", "mobile", "email"];
  const entries = Object.fromEntries(names.map((n) => [n, field(n, input[n])])) as Record<keyof IdentityInput, FieldEntry>;
  const mismatch = fields.genderMismatch[`${input.gender}|${input.idNumber}`] ?? missing("gender against ID number", [input.gender, input.idNumber]);
  const issues = [...entries.name.issues, ...entries.gender.issues, ...entries.idNumber.issues, ...mismatch, ...entries.mobile.issues, ...entries.email.issues];
  const ok = !issues.some((p) => p.severity === "error");
  const identity = ok
    ? {
        name: entries.name.normalized as string,
        gender: entries.gender.normalized as Gender,
        idNumber: entries.idNumber.normalized as string,
        mobile: entries.mobile.normalized as string,
        email: entries.email.normalized as string,
      }
    : null;
  return {
    identity,
    derivedGender: entries.idNumber.derivedGender ?? null,
    derivedBirthDate: entries.idNumber.derivedBirthDate ?? null,
    issues,
    normalizations: names.flatMap((n) => entries[n].normalizations),
  };
}

export function profileReport(input: ProfileInput): ProfileReport {
  return structuredClone((profiles.get(canonical(input)) ?? missing("profile input", input)).report);
}

export function step(dossier: Dossier, target: string | null, action: ProcessAction): Step {
  return structuredClone(steps.get(canonical({ dossier, target, action })) ?? missing("step", { target, action, dossier }));
}

export function submit(dossier: Dossier, stored: UploadSlot[]): Submit {
  return structuredClone(submits.get(canonical({ dossier, stored })) ?? missing("submit with uploads", { stored, dossier }));
}

export function view(dossier: Dossier): View {
  return structuredClone(views.get(canonical(dossier)) ?? missing("the view of", dossier));
}

export function ticketIssues(registration: Registration): Problem[] {
  return structuredClone((tickets.get(canonical(registration)) ?? missing("ticket of", registration)).issues);
}
