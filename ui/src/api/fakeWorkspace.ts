// The candidate workspace in memory, for browser tests. Every rule answer (validation, process
// steps, submit checks, next tasks, ticket refusals, the crop guide, the catalogue) is replayed
// from fixtures the Rust core writes (`fakeRules.ts`); this file only stores. File names drive
// the photo engine's outcome: "noface" in the name gives the Chinese no-face refusal.
import type { AttachArgs } from "../bindings/AttachArgs";
import type { AttachResult } from "../bindings/AttachResult";
import type { Candidate } from "../bindings/Candidate";
import type { Check } from "../bindings/Check";
import type { CropRect } from "../bindings/CropRect";
import type { PhotoReport } from "../bindings/PhotoReport";
import type { UploadReport } from "../bindings/UploadReport";
import type { ExportResult } from "../bindings/ExportResult";
import type { Overview } from "../bindings/Overview";
import type { Problem } from "../bindings/Problem";
import type { ProcessAction } from "../bindings/ProcessAction";
import type { ProfileInput } from "../bindings/ProfileInput";
import type { ProfileReport } from "../bindings/ProfileReport";
import type { StepReport } from "../bindings/StepReport";
import type { SubmitReport } from "../bindings/SubmitReport";
import type { UploadSlot } from "../bindings/UploadSlot";
import type { UploadView } from "../bindings/UploadView";
import type { Dossier } from "../bindings/Dossier";
import * as rules from "./fakeRules";

/** The picture's size as the browser decodes it (the Rust side reports the upright size). */
async function pictureSize(dataBase64: string): Promise<{ width: number; height: number }> {
  const bytes = Uint8Array.from(atob(dataBase64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes]));
  return { width: bitmap.width, height: bitmap.height };
}

/** The crop the engine used: the editor's rectangle, or for auto framing a centred half-size one. */
async function engineCrop(dataBase64: string, crop: CropRect | null) {
  if (crop) return crop;
  const size = await pictureSize(dataBase64);
  const width = Math.min(size.width, (size.height * 260) / 360) / 2;
  const height = (width * 360) / 260;
  return { x: (size.width - width) / 2, y: (size.height - height) / 2, width, height };
}

/** The one check a fake photo shows, passed (the engine's checks are tested in Rust). */
const SIZE_PASSED: Check = { code: "photo.wrong_dimensions", nameZh: "像素尺寸", nameEn: "pixel size", severity: "error", passed: true, value: "260×360", expected: "260×360", valueZh: "260×360", valueEn: "260×360", expectedZh: "260×360", expectedEn: "260×360", messageZh: "照片尺寸不符合要求", messageEn: "wrong pixel size", fixZh: "请用本工具重新生成照片", fixEn: "make the photo again with this tool" };

/** An upload's report as the backend gives it: a photo report for the photo slot, a scan
 *  report (no checklist) for the others; stored when a SHA-256 is given. */
function uploadReport(slot: UploadSlot, part: Partial<PhotoReport>, sha256: string | null = null): UploadReport {
  const stored = sha256 !== null;
  if (slot === "photo") return { kind: "photo", ...photoReport(part), stored, sha256 };
  const scanSlot = slot === "id_front" ? "id-front" : slot === "diploma" ? "diploma" : "work-proof";
  return { kind: "scan", slot: scanSlot, written: part.written ?? false, width: 1600, height: 1000, bytes: part.bytes ?? 0, maxBytes: slot === "id_front" ? 100000 : 200000, quality: 85, downscaled: false, issues: part.issues ?? [], stored, sha256 };
}

/** A whole engine report with the fields a flow needs set (the rest as "not measured"). */
function photoReport(part: Partial<PhotoReport>): PhotoReport {
  return { spec: "cq-health-manager-2020", written: false, width: 260, height: 360, bytes: null, quality: null, subsampling: null, faceBox: null, crop: null, headRatio: null, upscale: null, backgroundReplaced: false, iccConverted: false, checks: [], issues: [], ...part };
}

interface Record_ {
  dossier: Dossier;
  uploads: Map<UploadSlot, UploadView>;
}

function err(field: string, code: Problem["code"], messageZh: string, messageEn: string): Problem {
  return { field, code, severity: "error", messageZh, messageEn };
}

/** What the photo tool sent, for the browser tests (the fake exists only in `browser` mode). */
export interface PhotoRun {
  token: number | null;
  fileBytes: number;
}

export function createFakeWorkspace(candidates: Candidate[]) {
  const records = new Map<string, Record_>();
  // Pictures "open in the app" by token, as the real backend keeps them.
  const openPictures = new Map<number, string>();
  const photoRuns: PhotoRun[] = [];
  (window as unknown as { regdeskPhotoRuns: PhotoRun[] }).regdeskPhotoRuns = photoRuns;
  /** The file a run is about: sent with it, or named by the token of an open picture. */
  function picked(args: { dataBase64: string; sourceToken: number | null }): string {
    photoRuns.push({ token: args.sourceToken, fileBytes: args.dataBase64.length });
    if (args.sourceToken === null) return args.dataBase64;
    const data = openPictures.get(args.sourceToken);
    if (data === undefined) {
      throw { code: "picture_closed", message: "图片已关闭，请重新选择", messageEn: "the picture is no longer open; pick it again", field: "sourceToken" };
    }
    return data;
  }
  function rec(idNumber: string): Record_ {
    if (!candidates.some((c) => c.idNumber === idNumber)) {
      throw { code: "not_found", message: `未找到考生 ${idNumber}`, messageEn: `unknown candidate ${idNumber}`, field: "idNumber" };
    }
    let r = records.get(idNumber);
    if (!r) records.set(idNumber, (r = { dossier: rules.initialDossier(), uploads: new Map() }));
    return r;
  }
  /** A step through the fixtures; the dossier moves only when the core applied it. */
  function apply(r: Record_, target: string | null, action: ProcessAction) {
    const done = rules.step(r.dossier, target, action);
    if (done.applied) r.dossier = done.next;
    return done;
  }
  function stepReport(r: Record_, applied: boolean, issues: Problem[]): StepReport {
    return { applied, process: structuredClone(r.dossier.profile), registrations: rules.view(r.dossier).registrations, issues };
  }

  return {
    async overview(idNumber: string): Promise<Overview> {
      const r = rec(idNumber);
      const candidate = candidates.find((c) => c.idNumber === idNumber)!;
      const { nextTask, registrations, failedReasons, workProofRequired } = rules.view(r.dossier);
      return { candidate, process: structuredClone(r.dossier.profile), nextTask, failedReasons, registrations, uploads: [...r.uploads.values()], refused: [], workProofRequired, conflict: null };
    },
    async validateProfile(input: ProfileInput) {
      return rules.profileReport(input);
    },
    async checkBasic({ input }: { idNumber: string; input: ProfileInput }) {
      return rules.profileReport(input);
    },
    async saveBasic({ idNumber, input }: { idNumber: string; input: ProfileInput }): Promise<ProfileReport> {
      const r = rec(idNumber);
      const report = rules.profileReport(input);
      if (report.profile) {
        const done = apply(r, null, { action: "save_basic", profile: report.profile });
        if (!done.applied) return { ...report, profile: null, issues: [...report.issues, ...done.issues] };
      }
      return report;
    },
    async attachUpload(args: AttachArgs): Promise<AttachResult> {
      const r = rec(args.idNumber);
      args = { ...args, dataBase64: picked(args) };
      const refusal = rules.view(r.dossier).uploadRefusal;
      if (refusal) return { stored: false, report: uploadReport(args.slot, { issues: [refusal] }) };
      if (args.fileName.includes("noface")) {
        const p = err("photo", "photo.no_face", "没有找到正面人脸。请使用正面、免冠、双眼可见的照片", "no frontal face found");
        const noFace: Check = { ...SIZE_PASSED, code: "photo.no_face", nameZh: "一张正面人脸", nameEn: "one frontal face", passed: false, value: "0", expected: "≥ 1", valueZh: "0 张", valueEn: "0", expectedZh: "≥ 1 张", expectedEn: "≥ 1", messageZh: "没有找到正面人脸", messageEn: "no frontal face found", fixZh: "请使用正面、免冠、双眼可见的照片", fixEn: "use a frontal photo" };
        return { stored: false, report: uploadReport(args.slot, { issues: [p], checks: [noFace] }) };
      }
      const bytes = Math.floor((args.dataBase64.length * 3) / 4);
      const checks = [SIZE_PASSED];
      const crop = args.slot === "photo" ? await engineCrop(args.dataBase64, args.crop ?? null) : undefined;
      const report = uploadReport(args.slot, { written: true, bytes, checks, backgroundReplaced: args.replaceBackground, crop: crop ?? null }, "fake");
      const view: UploadView = { slot: args.slot, sourceName: args.fileName, bytes, sha256: "fake", dataUrl: `data:image/jpeg;base64,${args.dataBase64}`, report };
      r.uploads.set(args.slot, view);
      return { stored: true, report: view.report };
    },
    // The fake imports no materials, so nothing is ever kept refused.
    async refusedSource({ idNumber, slot }: { idNumber: string; slot: string }): Promise<never> {
      throw { code: "not_found", message: `没有 ${idNumber} 的 ${slot} 未通过文件`, messageEn: `no refused ${slot} of ${idNumber}` };
    },
    async submitProfile(idNumber: string): Promise<SubmitReport> {
      const r = rec(idNumber);
      const done = rules.submit(r.dossier, [...r.uploads.keys()]);
      if (done.submitted) r.dossier = done.next;
      return { submitted: done.submitted, status: structuredClone(r.dossier.profile.profileStatus), issues: done.issues };
    },
    async applyStep({ idNumber, examSession, action }: { idNumber: string; examSession: string | null; action: ProcessAction }): Promise<StepReport> {
      const r = rec(idNumber);
      const done = apply(r, examSession, action);
      return stepReport(r, done.applied, done.issues);
    },
    async examCatalog() {
      return structuredClone(rules.catalog);
    },
    async openSessions() {
      return structuredClone(rules.openSessions);
    },
    async ticketPdf({ idNumber, examSession, path }: { idNumber: string; examSession: string | null; path: string }) {
      const reg = rec(idNumber).dossier.registrations.find((x) => x.examSession === examSession);
      if (!reg) throw { code: "not_found", message: `没有考试场次 ${examSession} 的报名`, messageEn: `no registration for ${examSession}`, field: "examSession" };
      const issues = rules.ticketIssues(reg);
      if (issues.length) return { written: false, output: null, bytes: null, issues };
      return { written: true, output: `${path}/准考证_${idNumber}_${examSession}.pdf`, bytes: 65000, issues: [] };
    },
    async openInViewer() {},
    async openFolderOf() {},
    async makePhotoPreview(args: { fileName: string; dataBase64: string; sourceToken: number | null; replaceBackground: boolean; crop: CropRect | null }) {
      args = { ...args, dataBase64: picked(args) };
      if (args.fileName.includes("noface")) {
        const p = err("photo", "photo.no_face", "没有找到正面人脸。请使用正面、免冠、双眼可见的照片", "no frontal face found");
        return { report: photoReport({ written: false, issues: [p] }), jpegBase64: null };
      }
      const checks = [SIZE_PASSED];
      const crop = await engineCrop(args.dataBase64, args.crop);
      return { report: photoReport({ written: true, bytes: 30000, checks, backgroundReplaced: args.replaceBackground, crop }), jpegBase64: args.dataBase64 };
    },
    async photoSource({ dataBase64 }: { fileName: string; dataBase64: string }) {
      const { width, height } = await pictureSize(dataBase64);
      const guide = structuredClone(rules.cropGuide);
      const sourceToken = openPictures.size + 1;
      openPictures.set(sourceToken, dataBase64);
      return { sourceToken, width, height, previewBase64: dataBase64, guide };
    },
    async photoSpecs() {
      return structuredClone(rules.photoSpecs);
    },
    async addPhotoSpec({ json }: { json: string; fileName: string }) {
      // Nothing is checked here (Rust checks spec files): the fake answers only for the specs
      // in its fixtures, and any other file is a case to add to `tests/ui_fixtures.rs`.
      const id = (JSON.parse(json) as { id?: string }).id;
      const known = rules.photoSpecs.find((s) => s.id === id);
      if (!known) throw new Error(`RegDesk fake: no fixture for the spec file with id ${String(id)}`);
      return structuredClone(known);
    },
    async savePhoto({ path }: { path: string }) {
      return path.endsWith(".jpg") ? path : `${path}/证件照.jpg`;
    },
    async exportPackage({ idNumber, path }: { idNumber: string; path: string }): Promise<ExportResult> {
      const r = rec(idNumber);
      const output = path.endsWith(".zip") ? path : `${path}/${idNumber}.zip`;
      return { output, bytes: 1000, files: [...r.uploads.keys()].map((s) => `${idNumber}_${s}.jpg`) };
    },
  };
}
