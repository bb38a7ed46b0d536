// An in-memory backend for browser tests and design work. It stores; every rule answer is
// replayed from fixtures the Rust core writes (see `fakeRules.ts`).
import type { Backend } from "./backend";
import type { Candidate } from "../bindings/Candidate";
import type { Problem } from "../bindings/Problem";
import type { ReasonCode } from "../bindings/ReasonCode";
import type { Settings } from "../bindings/Settings";
import { createFakeOperator } from "./fakeOperator";
import { createFakeJobs } from "./fakeJobs";
import { createFakeRoster } from "./fakeRoster";
import { createFakeIntake } from "./fakeIntake";
import { createFakeReview } from "./fakeReview";
import { createFakeWorkspace } from "./fakeWorkspace";
import * as rules from "./fakeRules";

function err(field: string, code: ReasonCode, messageZh: string, messageEn: string): Problem {
  return { field, code, severity: "error", messageZh, messageEn };
}

const validate = rules.identityReport;

export function createFakeBackend(): Backend {
  const candidates: Candidate[] = [];
  let settings: Settings = { locale: "zh-CN", intakeEndpoint: null, lockIdleMinutes: 10 };
  const workspace = createFakeWorkspace(candidates);
  return {
    ...workspace,
    async bulkSubmit({ idNumbers }) {
      return Promise.all(
        idNumbers.map(async (id) => {
          const r = await workspace.submitProfile(id);
          return { idNumber: id, done: r.submitted, issues: r.issues };
        }),
      );
    },
    ...createFakeOperator(),
    ...createFakeJobs(),
    ...createFakeRoster(candidates),
    ...createFakeIntake(candidates),
    ...createFakeReview(),
    async appInfo() {
      return { version: "fake", dataDir: null, schemaVersion: 0, storeError: null, logDir: null, signingFingerprint: null };
    },
    async diagnostics() {
      return "RegDesk fake\nOS: browser\nLast problems:\n  (none)\n";
    },
    async validateIdentity({ input }) {
      return validate(input);
    },
    async addCandidate({ input }) {
      const report = validate(input);
      if (!report.identity) return { added: false, candidate: null, issues: report.issues };
      const { identity } = report;
      if (candidates.some((c) => c.idNumber === identity.idNumber)) {
        const exists = err("idNumber", "candidate.exists", `身份证号 ${identity.idNumber} 已登记，不能重复注册`, "already registered");
        return { added: false, candidate: null, issues: [exists] };
      }
      const now = new Date().toISOString();
      const candidate: Candidate = { id: candidates.length + 1, ...identity, emailDisplay: identity.email, createdAt: now, updatedAt: now };
      candidates.push(candidate);
      return { added: true, candidate, issues: report.issues };
    },
    async correctIdentity({ idNumber, input, reason, proofBase64 }) {
      const report = validate(input);
      const noReason = !reason.trim();
      const missingParts = noReason && !proofBase64 ? rules.correction.noReasonNoProof : noReason ? rules.correction.noReason : !proofBase64 ? rules.correction.noProof : [];
      const issues = [...report.issues, ...missingParts];
      const current = candidates.find((c) => c.idNumber === idNumber);
      if (!current || !report.identity || issues.some((p) => p.severity === "error")) return { corrected: false, candidate: null, issues };
      Object.assign(current, report.identity, { emailDisplay: report.identity.email, updatedAt: new Date().toISOString() });
      return { corrected: true, candidate: { ...current }, issues };
    },
    async listCandidates() {
      return [...candidates];
    },
    async getSettings() {
      return settings;
    },
    async setLockIdle(minutes) {
      settings = { ...settings, lockIdleMinutes: Math.min(minutes, 24 * 60) };
      return settings;
    },
    async setLocale(locale) {
      settings = { ...settings, locale };
      return settings;
    },
  };
}
