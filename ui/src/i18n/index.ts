// A small i18n: a reactive locale and `t("a.b", {x})` lookups with `{x}` placeholders.
// The choice is remembered in the database through the backend (settings).
import { ref } from "vue";
import type { Education } from "../bindings/Education";
import { EDUCATION_LABELS, EDUCATION_LABELS_EN } from "../bindings/labels";
import type { Locale } from "../bindings/Locale";
import type { Problem } from "../bindings/Problem";
import { BackendError } from "../api/errors";
import { messages } from "./messages";

export const locale = ref<Locale>("zh-CN");

export function translate(loc: Locale, key: string, params: Record<string, string | number> = {}): string {
  let node: unknown = messages[loc];
  for (const part of key.split(".")) {
    node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node !== "string") return key;
  return node.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function t(key: string, params?: Record<string, string | number>): string {
  return translate(locale.value, key, params);
}

/** The colon after a label: full-width in Chinese, ": " in English. */
export function colon(): string {
  return locale.value === "en" ? ": " : "：";
}

/** Between items of a list in running text. */
export function listSep(): string {
  return locale.value === "en" ? "; " : "；";
}

/** A problem's message in the current language. */
export function problemText(p: Pick<Problem, "messageZh" | "messageEn">): string {
  return locale.value === "en" ? p.messageEn : p.messageZh;
}

/** A failed backend call's message in the current language (anything else as text). */
export function errorText(e: unknown): string {
  const d = e instanceof BackendError ? e.detail : null;
  if (d) return locale.value === "en" ? d.messageEn : d.message;
  return e instanceof Error ? e.message : String(e);
}

/** An education level in the current language (the portal's Chinese label in Chinese). */
export function educationText(e: Education): string {
  return locale.value === "en" ? EDUCATION_LABELS_EN[e] : EDUCATION_LABELS[e];
}

/** The same, from the Chinese label the grid and rosters carry; anything else as it is. */
export function educationLabelText(label: string): string {
  if (locale.value !== "en") return label;
  const key = (Object.keys(EDUCATION_LABELS) as Education[]).find((k) => EDUCATION_LABELS[k] === label);
  return key ? EDUCATION_LABELS_EN[key] : label;
}
