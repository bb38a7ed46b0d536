// The candidate workspace in memory, for browser tests: a test double with a subset of the
// Rust rules (required fields, the education list, a rough medical-major guess, required
// uploads, the profile cycle). File names drive engine outcomes: "noface" in the name gives
// the Chinese no-face refusal; anything else is stored as is.
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
import type { ProcessState } from "../bindings/ProcessState";
import type { Profile } from "../bindings/Profile";
import type { ProfileInput } from "../bindings/ProfileInput";
import type { ProfileReport } from "../bindings/ProfileReport";
import type { StepReport } from "../bindings/StepReport";
import type { SubmitReport } from "../bindings/SubmitReport";
import type { UploadSlot } from "../bindings/UploadSlot";
import type { UploadView } from "../bindings/UploadView";
import type { Education } from "../bindings/Education";
import { EDUCATION_LABELS } from "../features/profile/education";

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

const ORDER = Object.keys(EDUCATION_LABELS) as Education[];

/** The one check a fake photo shows, passed (the engine's checks are tested in Rust). */
const SIZE_PASSED: Check = { code: "photo.wrong_dimensions", nameZh: "像素尺寸", nameEn: "pixel size", severity: "error", passed: true, value: "260×360", expected: "260×360", messageZh: "照片尺寸不符合要求", messageEn: "wrong pixel size", fixZh: "请用本工具重新生成照片", fixEn: "make the photo again with this tool" };

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

function err(field: string, code: Problem["code"], messageZh: string, messageEn: string): Problem {
  return { field, code, severity: "error", messageZh, messageEn };
}

function initialState(): ProcessState {
  return {
    channel: { type: "individual" },
    profileStatus: { status: "draft", next: "basic" },
    profile: null,
    uploads: [],
    lastReview: null,
    exam: { noticeAcknowledgedAt: null, examItem: null, region: null, payment: null, serialNumber: null, session: null, ticketOpensAt: null },
    certificate: null,
  };
}

function workProofRequired(p: Profile | null): boolean {
  if (!p) return true;
  const medical = p.medicalOverride ? p.medicalOverride.medical : /护理|临床|医|药|卫生|健康|康复|检验/.test(p.major);
  return !(medical && ORDER.indexOf(p.education) >= ORDER.indexOf("junior_college"));
}

export function validateProfile(input: ProfileInput): ProfileReport {
  const issues: Problem[] = [];
  const education = ORDER.find((e) => EDUCATION_LABELS[e] === input.education.trim() || e === input.education.trim());
  if (!input.education.trim()) issues.push(err("education", "field.required", "请选择较高学历", "choose the highest education"));
  else if (!education) issues.push(err("education", "education.format", "学历不在列表中", "not an education on the list"));
  if (!input.major.trim()) issues.push(err("major", "field.required", "请填写专业", "enter the major"));
  if (!input.employer.trim()) issues.push(err("employer", "field.required", "请填写工作单位", "enter the employer"));
  let invoice: Profile["invoice"] = { type: "personal" };
  if (input.invoiceType === "organization") {
    if (!input.invoiceTitle.trim()) issues.push(err("invoice.title", "field.required", "请填写发票抬头", "enter the invoice title"));
    if (input.taxpayerId.trim().length !== 18) issues.push(err("invoice.taxpayerId", "uscc.length", `统一社会信用代码应为 18 位，当前为 ${input.taxpayerId.trim().length} 位`, "a USCC has 18 characters"));
    invoice = { type: "organization", title: input.invoiceTitle.trim(), taxpayerId: input.taxpayerId.trim() };
    if (input.invoiceTitle.trim() && input.invoiceTitle.trim() !== input.employer.trim()) {
      issues.push({ ...err("invoice.title", "invoice.title_differs", "发票抬头与工作单位不一致，请确认", "the invoice title differs from the employer"), severity: "warning" });
    }
  }
  const blocking = issues.some((p) => p.severity === "error");
  const profile: Profile | null = blocking || !education ? null : { education, major: input.major.trim(), employer: input.employer.trim(), invoice, medicalOverride: input.medicalOverride };
  const medical = /护理|临床|医|药|卫生|健康|康复|检验/.test(input.major);
  return {
    profile,
    major: { kind: input.major.trim() ? (medical ? "medical" : "unknown") : "unknown", matched: null },
    workProofRequired: workProofRequired(profile),
    individuallyEligible: profile ? !workProofRequired(profile) : false,
    issues,
  };
}

interface Record_ {
  state: ProcessState;
  uploads: Map<UploadSlot, UploadView>;
}

const outOfOrder = (zh: string) => err("process", "process.out_of_order", `步骤顺序不对：${zh}`, "out of order");

/** Exam tasks 1–4 strictly in order, the certificate any time after the notice. */
function examStep(s: ProcessState, action: ProcessAction): StepReport {
  const refuse = (p: Problem): StepReport => ({ applied: false, process: structuredClone(s), issues: [p] });
  const e = s.exam;
  switch (action.action) {
    case "acknowledge_notice":
      if (s.profileStatus.status !== "passed") return refuse(outOfOrder("资料审核通过后才能报名"));
      e.noticeAcknowledgedAt ??= new Date().toISOString();
      break;
    case "choose_exam":
      if (!e.noticeAcknowledgedAt) return refuse(outOfOrder("请先阅读报名须知"));
      if (e.payment?.status === "paid") return refuse(outOfOrder("已缴费，不能更改报考项目"));
      e.examItem = action.examItem;
      e.region = action.region;
      break;
    case "record_payment":
      if (!e.examItem) return refuse(outOfOrder("请先选择报考项目和意向考试区域"));
      if (!action.reference.trim()) return refuse(err("payment.reference", "field.required", "请填写支付平台的交易号", "enter the payment reference"));
      e.payment = { status: "paid", reference: action.reference.trim() };
      break;
    case "assign_serial":
      if (e.payment?.status !== "paid") return refuse(outOfOrder("缴费成功后才有报名序列号"));
      e.serialNumber = action.serialNumber.trim();
      break;
    case "choose_certificate":
      if (!e.noticeAcknowledgedAt) return refuse(outOfOrder("请先阅读报名须知"));
      if (action.collection.method === "postal_cod" && !/^1[3-9]\d{9}$/.test(action.collection.mobile)) {
        return refuse(err("certificate.mobile", "mobile.format", "手机号应为 11 位数字，以 13–19 开头", "a mobile number has 11 digits"));
      }
      s.certificate = action.collection;
      break;
    default:
      return refuse(outOfOrder("测试替身不支持此步骤"));
  }
  return { applied: true, process: structuredClone(s), issues: [] };
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
    if (!r) records.set(idNumber, (r = { state: initialState(), uploads: new Map() }));
    return r;
  }
  const locked = (s: ProcessState) => s.profileStatus.status === "submitted" || s.profileStatus.status === "passed";
  const lockedProblem = () => err("process", "process.locked", "已锁定：资料已提交或已审核通过", "locked: the profile is submitted or passed");

  return {
    async overview(idNumber: string): Promise<Overview> {
      const r = rec(idNumber);
      const candidate = candidates.find((c) => c.idNumber === idNumber)!;
      return { candidate, process: structuredClone(r.state), uploads: [...r.uploads.values()], workProofRequired: workProofRequired(r.state.profile) };
    },
    async validateProfile(input: ProfileInput) {
      return validateProfile(input);
    },
    async saveBasic({ idNumber, input }: { idNumber: string; input: ProfileInput }): Promise<ProfileReport> {
      const r = rec(idNumber);
      const report = validateProfile(input);
      if (report.profile) {
        if (locked(r.state)) return { ...report, profile: null, issues: [...report.issues, lockedProblem()] };
        r.state.profile = report.profile;
        if (r.state.profileStatus.status === "draft" && r.state.profileStatus.next === "basic") r.state.profileStatus = { status: "draft", next: "uploads" };
      }
      return report;
    },
    async attachUpload(args: AttachArgs): Promise<AttachResult> {
      const r = rec(args.idNumber);
      args = { ...args, dataBase64: picked(args) };
      if (locked(r.state)) return { stored: false, report: uploadReport(args.slot, { issues: [lockedProblem()] }) };
      if (args.fileName.includes("noface")) {
        const p = err("photo", "photo.no_face", "没有找到正面人脸。请使用正面、免冠、双眼可见的照片", "no frontal face found");
        const noFace: Check = { ...SIZE_PASSED, code: "photo.no_face", nameZh: "一张正面人脸", nameEn: "one frontal face", passed: false, value: "0", expected: "1", messageZh: "没有找到正面人脸", messageEn: "no frontal face found", fixZh: "请使用正面、免冠、双眼可见的照片", fixEn: "use a frontal photo" };
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
    async submitProfile(idNumber: string): Promise<SubmitReport> {
      const r = rec(idNumber);
      const issues: Problem[] = [];
      if (!r.state.profile) issues.push(err("profile", "process.out_of_order", "步骤顺序不对：请先完成第 1 步基本信息", "complete step 1 first"));
      else {
        const needed: UploadSlot[] = ["id_front", "diploma", "photo", ...(workProofRequired(r.state.profile) ? (["work_proof"] as UploadSlot[]) : [])];
        const labels: Record<UploadSlot, string> = { id_front: "身份证正面照", diploma: "学历照片", photo: "电子证件照片", work_proof: "工作证明" };
        for (const s of needed) if (!r.uploads.has(s)) issues.push(err(`uploads.${s}`, "field.required", `缺少${labels[s]}`, `missing upload: ${s}`));
      }
      if (locked(r.state)) issues.push(lockedProblem());
      if (issues.length) return { submitted: false, status: r.state.profileStatus, issues };
      r.state.uploads = [...r.uploads.keys()];
      r.state.profileStatus = { status: "submitted", submittedAt: new Date().toISOString() };
      return { submitted: true, status: r.state.profileStatus, issues: [] };
    },
    async applyStep({ idNumber, action }: { idNumber: string; action: ProcessAction }): Promise<StepReport> {
      const r = rec(idNumber);
      if (action.action !== "record_review") return examStep(r.state, action);
      if (r.state.profileStatus.status !== "submitted") {
        return { applied: false, process: r.state, issues: [err("review", "process.out_of_order", "步骤顺序不对：资料尚未提交", "out of order: the profile is not submitted")] };
      }
      const validUntil = action.decision === "passed" ? `${Number(action.decidedAt.slice(0, 4)) + 1}${action.decidedAt.slice(4)}` : null;
      r.state.lastReview = { decision: action.decision, reasons: action.reasons, note: action.note, reviewer: action.reviewer, decidedAt: action.decidedAt, validUntil };
      r.state.profileStatus = action.decision === "passed" ? { status: "passed", decidedAt: action.decidedAt, validUntil: validUntil! } : { status: "failed", decidedAt: action.decidedAt };
      return { applied: true, process: structuredClone(r.state), issues: [] };
    },
    async examCatalog() {
      return {
        source: "fake",
        notice: ["报名前请确认个人资料已审核通过。", "意向考试区域仅作为参考，考试地点以准考证为准。"],
        items: [{ id: "health-manager-3", label: "健康管理师（三级）", feeYuan: null }],
        regions: ["渝中区", "江北区", "渝北区"],
      };
    },
    async ticketPdf({ idNumber, path }: { idNumber: string; path: string }) {
      const e = rec(idNumber).state.exam;
      if (!e.serialNumber || !e.session || !e.ticketOpensAt) {
        return { written: false, output: null, bytes: null, issues: [err("ticketOpensAt", "ticket.not_open", "准考证尚未开放打印：考试机构还没有公布打印日期", "the admission ticket is not open yet")] };
      }
      return { written: true, output: `${path}/准考证_${idNumber}.pdf`, bytes: 65000, issues: [] };
    },
    async openInViewer() {},
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
      const guide = { aspectWidth: 260, aspectHeight: 360, crownMarginTarget: 0.08, headRatioMin: 0.6, headRatioTarget: 0.667, headRatioMax: 0.75, centreTolerance: 0.06 };
      const sourceToken = openPictures.size + 1;
      openPictures.set(sourceToken, dataBase64);
      return { sourceToken, width, height, previewBase64: dataBase64, guide };
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
