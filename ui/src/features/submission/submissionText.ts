// How one outbox line reads: delivered, queued until the network is back, or refused with the
// server's own reason (its Chinese text first).
import type { SendLine } from "../../bindings/SendLine";
import { locale, t } from "../../i18n";

function reason(error: unknown): string {
  const e = (error ?? {}) as { messageZh?: string; messageEn?: string; code?: string };
  return (locale.value === "en" ? e.messageEn : e.messageZh) ?? e.code ?? "";
}

export function sendLineText(line: SendLine): string {
  if (line.code === 0) return t("intake.accepted");
  if (line.code === 1) return t("intake.refused", { reason: reason(line.error) });
  return t("intake.queuedOffline");
}

export function statusText(status: string): string {
  const known = ["queued", "sending", "refused", "received", "in_review", "passed", "failed"];
  return known.includes(status) ? t(`intake.statuses.${status}`) : status;
}
