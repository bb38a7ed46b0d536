// The typed backend interface: the only way the UI reaches Rust. `tauri.ts` implements it
// over IPC, `fake.ts` in memory for browser tests. Types come from `../bindings` (generated
// from Rust by ts-rs), never copied by hand.
import type { AddCandidateReport } from "../bindings/AddCandidateReport";
import type { AppInfo } from "../bindings/AppInfo";
import type { Candidate } from "../bindings/Candidate";
import type { IdentityArgs } from "../bindings/IdentityArgs";
import type { IdentityReport } from "../bindings/IdentityReport";
import type { Locale } from "../bindings/Locale";
import type { Settings } from "../bindings/Settings";

export interface Backend {
  appInfo(): Promise<AppInfo>;
  validateIdentity(args: IdentityArgs): Promise<IdentityReport>;
  addCandidate(args: IdentityArgs): Promise<AddCandidateReport>;
  listCandidates(): Promise<Candidate[]>;
  getSettings(): Promise<Settings>;
  setLocale(locale: Locale): Promise<Settings>;
}
