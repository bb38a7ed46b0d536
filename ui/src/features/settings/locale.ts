import { backend } from "../../api";
import type { Locale } from "../../bindings/Locale";
import { locale } from "../../i18n";

/** Window titles per language (the taskbar shows them). */
export const TITLES: Record<Locale, string> = { "zh-CN": "考试报名助手 RegDesk", en: "RegDesk" };

/** Puts a language on screen: the UI's words, the page's `lang` and the window's title. Used
 * at start with the saved language as well as on a switch, so both look the same. */
export function applyLocale(next: Locale): void {
  locale.value = next;
  document.documentElement.lang = next;
  document.title = TITLES[next];
}

/** Switches the UI language at once and remembers it in the database. */
export async function switchLocale(next: Locale): Promise<void> {
  applyLocale(next);
  await (await backend()).setLocale(next);
}
