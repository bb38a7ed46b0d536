// The two statuses of the seed's personal centre, derived from the process state, each with
// the next task the user should do (and where it lives).
import type { ProcessState } from "../../bindings/ProcessState";
import type { AreaKey } from "../shell/areas";

export interface Status {
  /** i18n key of the status text. */
  key: string;
  params: Record<string, string>;
  tone: "default" | "info" | "success" | "warning" | "error";
  /** i18n key of the next task's button, and the area it opens. */
  next: { key: string; area: AreaKey } | null;
}

export function profileStatus(s: ProcessState): Status {
  const p = s.profileStatus;
  switch (p.status) {
    case "draft":
      return { key: `status.profile.draft_${p.next}`, params: {}, tone: "info", next: { key: "status.next.profile", area: "profile" } };
    case "submitted":
      return { key: "status.profile.submitted", params: { at: p.submittedAt.slice(0, 10) }, tone: "warning", next: { key: "status.next.recordReview", area: "profile" } };
    case "passed":
      return { key: "status.profile.passed", params: { until: p.validUntil }, tone: "success", next: null };
    case "failed":
      return { key: "status.profile.failed", params: { at: p.decidedAt }, tone: "error", next: { key: "status.next.fix", area: "profile" } };
  }
}

export function registrationStatus(s: ProcessState): Status {
  const e = s.exam;
  if (s.profileStatus.status !== "passed") return { key: "status.exam.waiting", params: {}, tone: "default", next: null };
  if (!e.noticeAcknowledgedAt || !e.examItem) return { key: "status.exam.notStarted", params: {}, tone: "info", next: { key: "status.next.exam", area: "exam" } };
  if (e.payment?.status !== "paid") return { key: "status.exam.unpaid", params: { item: e.examItem }, tone: "warning", next: { key: "status.next.pay", area: "exam" } };
  if (!e.serialNumber) return { key: "status.exam.paid", params: {}, tone: "info", next: null };
  return { key: "status.exam.registered", params: { serial: e.serialNumber }, tone: "success", next: s.certificate ? null : { key: "status.next.certificate", area: "exam" } };
}
