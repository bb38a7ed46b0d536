// The review desk in the browser tests: there are no package files, so opening a path makes
// packages in memory — a `.zip` path one, a folder three (王芳, 李雷, 张伟), all signed by one
// centre key this workspace does not trust yet, the second with a photo finding. Decisions are
// kept as records; a package's state is its latest verdict (the merge rules are tested in Rust).
import type { CatalogueReason } from "../bindings/CatalogueReason";
import type { DecideArgs } from "../bindings/DecideArgs";
import type { DeskLine } from "../bindings/DeskLine";
import type { JobProgress } from "../bindings/JobProgress";
import type { OpenLine } from "../bindings/OpenLine";
import type { PackageView } from "../bindings/PackageView";
import type { ReviewOpenArgs } from "../bindings/ReviewOpenArgs";
import type { TrustArgs } from "../bindings/TrustArgs";
import { BackendError } from "./errors";
import { reviewCatalogue, reviewFailNeedsReason } from "./fakeRules";

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const SIGNER = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
const PEOPLE = [
  { name: "王芳", idNumber: "11010519491231002X", gender: "female" },
  { name: "李雷", idNumber: "110105199003070015", gender: "male" },
  { name: "张伟", idNumber: "110105198506150031", gender: "male" },
];

export function createFakeReview() {
  const desk: DeskLine[] = [];
  const trusted = new Map<string, string>();
  let opened = 0;
  const snapshot = () => structuredClone(desk.map((l) => ({ ...l, trustedAs: l.signer ? (trusted.get(l.signer) ?? null) : null })));
  return {
    async reviewOpen(args: ReviewOpenArgs, onProgress: (p: JobProgress) => void): Promise<OpenLine[]> {
      const files = args.paths.flatMap((p) => (p.trim().endsWith(".zip") ? [p.trim()] : [0, 1, 2].map((i) => `${p.trim()}/${PEOPLE[i].idNumber}.zip`)));
      const lines: OpenLine[] = [];
      files.forEach((file, i) => {
        const who = PEOPLE[(opened + i) % PEOPLE.length];
        const sha = (opened + i + 1).toString(16).padStart(64, "0");
        const issues =
          who.name === "李雷"
            ? [{ field: "photo", code: "photo.background_not_white" as const, severity: "error" as const, messageZh: "背景不是白色", messageEn: "the background is not white" }]
            : [];
        if (!desk.some((l) => l.packageSha256 === sha)) {
          desk.push({ packageSha256: sha, idNumber: who.idNumber, name: who.name, file, state: "pending", decisions: [], signature: "valid", signer: SIGNER, trustedAs: null, issues, submissionId: null });
        }
        lines.push({ file, packageSha256: sha, idNumber: who.idNumber, signature: "valid", signer: SIGNER, trustedAs: trusted.get(SIGNER) ?? null, issues, code: issues.length ? 1 : 0 });
        onProgress({ done: i + 1, total: files.length, failed: lines.filter((l) => l.code).length, rate: 50, etaMs: 0, current: file });
      });
      opened += files.length;
      return lines;
    },
    async reviewQueue(): Promise<DeskLine[]> {
      return snapshot();
    },
    async reviewPackage(packageSha256: string): Promise<PackageView> {
      const line = desk.find((l) => l.packageSha256 === packageSha256);
      const who = PEOPLE.find((p) => p.idNumber === line?.idNumber) ?? PEOPLE[0];
      return {
        candidate: {
          identity: { ...who, mobile: "13900001111", email: "wf@example.com" },
          process: {
            channel: { type: "individual" },
            profileStatus: { status: "submitted", submittedAt: "2026-11-28T10:00:00+08:00" },
            profile: { education: "junior_college", major: "护理", employer: "重庆市人民医院", invoice: { type: "personal" }, medicalOverride: null },
            uploads: ["photo", "id_front", "diploma"],
            lastReview: null,
          },
        },
        slots: ["photo", "id_front", "diploma"],
        producedByActor: "operator:1",
        producedAt: "2026-11-28T10:00:00+08:00",
      };
    },
    async reviewMaterial(): Promise<string> {
      return PNG;
    },
    async reviewDecide(args: DecideArgs): Promise<DeskLine[]> {
      const line = desk.find((l) => l.packageSha256 === args.packageSha256);
      if (!line) throw new BackendError({ code: "not_found", message: "没有打开过这个包", messageEn: "no such opened package", field: "package" });
      if (args.verdict === "fail" && args.reasons.length === 0) {
        throw new BackendError(reviewFailNeedsReason);
      }
      line.decisions.push({
        id: `rec${line.decisions.length}${args.packageSha256.slice(-4)}`,
        publicKey: "fake",
        signature: "fake",
        packageSha256: line.packageSha256,
        idNumber: line.idNumber,
        decision: args.verdict,
        reasons: [...args.reasons],
        note: args.note,
        reviewerFingerprint: "fake",
        reviewerName: "测试",
        decidedAt: new Date().toISOString(),
        resolves: [],
      });
      line.state = args.verdict === "pass" ? "passed" : "failed";
      return snapshot();
    },
    async reviewReasons(): Promise<CatalogueReason[]> {
      return structuredClone(reviewCatalogue);
    },
    async reviewExport(path: string) {
      const output = path.trim().endsWith(".jsonl") ? path.trim() : `${path.trim()}/decisions.jsonl`;
      return { output, decisions: desk.reduce((n, l) => n + l.decisions.length, 0) };
    },
    async reviewImport() {
      return [];
    },
    async reviewTrust(args: TrustArgs): Promise<DeskLine[]> {
      trusted.set(args.fingerprint, args.name.trim());
      return snapshot();
    },
    async reviewSync() {
      return { pulled: [], pushed: 0, refused: [] };
    },
  };
}
