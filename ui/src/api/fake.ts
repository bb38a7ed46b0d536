// An in-memory backend for browser tests and design work. It is a test double: its checks
// are a small subset of the Rust rules core (length, check digit, gender, mobile, e-mail),
// enough to drive every screen state; the real answers always come from Rust.
import type { Backend } from "./backend";
import type { Candidate } from "../bindings/Candidate";
import type { Gender } from "../bindings/Gender";
import type { IdentityInput } from "../bindings/IdentityInput";
import type { IdentityReport } from "../bindings/IdentityReport";
import type { Problem } from "../bindings/Problem";
import type { ReasonCode } from "../bindings/ReasonCode";
import type { Settings } from "../bindings/Settings";
import { createFakeOperator } from "./fakeOperator";
import { createFakeJobs } from "./fakeJobs";
import { createFakeWorkspace } from "./fakeWorkspace";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function err(field: string, code: ReasonCode, messageZh: string, messageEn: string): Problem {
  return { field, code, severity: "error", messageZh, messageEn };
}

function validate(input: IdentityInput): IdentityReport {
  const issues: Problem[] = [];
  const name = input.name.trim();
  if (!name) issues.push(err("name", "field.required", "请填写姓名（与身份证一致）", "enter the name as on the ID card"));
  const gender = input.gender === "male" || input.gender === "female" ? (input.gender as Gender) : null;
  if (!gender) issues.push(err("gender", "field.required", "请选择性别", "choose a gender"));
  const id = input.idNumber.trim().toUpperCase();
  let derivedGender: Gender | null = null;
  let derivedBirthDate: string | null = null;
  if (id.length !== 18) {
    issues.push(err("idNumber", "id_number.length", `身份证号应为 18 位，当前为 ${id.length} 位`, `an ID number has 18 characters; this one has ${id.length}`));
  } else if (!/^\d{17}[\dX]$/.test(id)) {
    issues.push(err("idNumber", "id_number.charset", "前 17 位必须是数字，最后一位是数字或 X", "the first 17 must be digits, the last a digit or X"));
  } else {
    const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(id[i]), 0);
    const expected = "10X98765432"[sum % 11];
    if (id[17] !== expected) {
      issues.push(err("idNumber", "id_number.check_digit", `第 18 位校验码应为 ${expected}，实际为 ${id[17]}：请逐位核对号码`, `check character should be ${expected}, not ${id[17]}`));
    }
    derivedGender = Number(id[16]) % 2 === 1 ? "male" : "female";
    derivedBirthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
    if (gender && gender !== derivedGender) {
      issues.push(err("gender", "id_number.gender_mismatch", "性别与身份证号不符", "gender does not match the ID number"));
    }
  }
  const mobile = input.mobile.replace(/[\s-]/g, "").replace(/^\+?86(?=\d{11}$)/, "");
  if (!/^1[3-9]\d{9}$/.test(mobile)) issues.push(err("mobile", "mobile.format", "手机号应为 11 位数字，以 13–19 开头（可带 +86 前缀）", "a mobile number has 11 digits starting 13–19"));
  const email = input.email.trim();
  if (!/^[^\s@]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(email)) issues.push(err("email", "email.format", "电子邮箱格式不正确", "not a valid e-mail address"));
  const identity = issues.length === 0 && gender ? { name, gender, idNumber: id, mobile, email } : null;
  return { identity, derivedGender, derivedBirthDate, issues, normalizations: [] };
}

export function createFakeBackend(): Backend {
  const candidates: Candidate[] = [];
  let settings: Settings = { locale: "zh-CN" };
  return {
    ...createFakeWorkspace(candidates),
    ...createFakeOperator(),
    ...createFakeJobs(),
    async appInfo() {
      return { version: "fake", dataDir: null, schemaVersion: 0, storeError: null, logDir: null };
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
      const issues = [...report.issues];
      if (!reason.trim()) issues.push(err("reason", "field.required", "更正身份信息须说明理由", "a correction needs a reason"));
      if (!proofBase64) issues.push(err("proof", "field.required", "须附证明文件（不超过 20 MB），如身份证或户籍证明的照片", "attach a proof file"));
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
    async setLocale(locale) {
      settings = { ...settings, locale };
      return settings;
    },
  };
}
