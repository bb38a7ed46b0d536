// The two statuses of the seed's personal centre, from the overview the core computed: the
// profile's text and next task, and the latest open registration (with how many others).
// Which task comes next is decided in Rust (`NextTask`); here it only picks a text and an area.
import type { NextTask } from "../../bindings/NextTask";
import type { Overview } from "../../bindings/Overview";
import type { RegistrationView } from "../../bindings/RegistrationView";
import type { AreaKey } from "../shell/areas";

export interface Status {
  /** i18n key of the status text. */
  key: string;
  params: Record<string, string>;
  tone: "default" | "info" | "success" | "warning" | "error";
  /** i18n key of the next task's button, and the area it opens. */
  next: { key: string; area: AreaKey } | null;
  /** Other registrations besides the one shown. */
  others: number;
}

const NEXT: Partial<Record<NextTask, { key: string; area: AreaKey }>> = {
  fill_basic: { key: "status.next.profile", area: "profile" },
  uploads: { key: "status.next.profile", area: "profile" },
  confirm: { key: "status.next.profile", area: "profile" },
  await_review: { key: "status.next.recordReview", area: "profile" },
  fix_profile: { key: "status.next.fix", area: "profile" },
  resubmit: { key: "status.next.resubmit", area: "profile" },
  open_registration: { key: "status.next.exam", area: "exam" },
  acknowledge_notice: { key: "status.next.exam", area: "exam" },
  choose_region: { key: "status.next.exam", area: "exam" },
  pay: { key: "status.next.pay", area: "exam" },
  choose_certificate: { key: "status.next.certificate", area: "exam" },
  print_ticket: { key: "status.next.ticket", area: "exam" },
};

export function nextOf(task: NextTask | null): Status["next"] {
  return task ? (NEXT[task] ?? null) : null;
}

export function profileStatus(o: Overview): Status {
  const p = o.process.profileStatus;
  const next = nextOf(o.nextTask);
  const base = { next, others: 0, params: {} as Record<string, string> };
  // Neither passed nor failed while reviewers disagree.
  if (o.conflict) return { ...base, key: "status.profile.conflict", tone: "warning", next: null };
  switch (p.status) {
    case "draft":
      if (o.nextTask === "resubmit") return { ...base, key: "status.profile.back_to_review", tone: "warning" };
      return { ...base, key: `status.profile.draft_${p.next}`, tone: "info" };
    case "submitted":
      return { ...base, key: "status.profile.submitted", params: { at: p.submittedAt.slice(0, 10) }, tone: "warning" };
    case "passed":
      if (o.nextTask === "resubmit") return { ...base, key: "status.profile.expired", params: { until: p.validUntil }, tone: "error" };
      return { ...base, key: "status.profile.passed", params: { until: p.validUntil }, tone: "success", next: null };
    case "failed":
      return { ...base, key: "status.profile.failed", params: { at: p.decidedAt }, tone: "error" };
  }
}

/** The registration the personal centre shows: the latest one with something left to do, else the latest. */
export function latestRegistration(regs: RegistrationView[]): RegistrationView | null {
  return [...regs].reverse().find((r) => r.nextTask !== null) ?? regs[regs.length - 1] ?? null;
}

export function registrationStatus(o: Overview): Status {
  const latest = latestRegistration(o.registrations);
  const others = Math.max(0, o.registrations.length - 1);
  if (!latest) {
    return o.nextTask === "open_registration"
      ? { key: "status.exam.notStarted", params: {}, tone: "info", next: nextOf("open_registration"), others }
      : { key: "status.exam.waiting", params: {}, tone: "default", next: null, others };
  }
  const r = latest.registration;
  const params = { label: latest.label, serial: r.serialNumber ?? "" };
  const next = nextOf(latest.nextTask);
  switch (latest.status) {
    case "opened":
    case "notice_acknowledged":
      return { key: "status.exam.opened", params, tone: "info", next, others };
    case "chosen":
      return { key: "status.exam.unpaid", params, tone: "warning", next, others };
    case "paid":
      return { key: "status.exam.paid", params, tone: "info", next, others };
    default:
      return { key: "status.exam.registered", params, tone: "success", next, others };
  }
}
