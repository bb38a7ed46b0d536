import { backend } from "../../api";
import type { Locale } from "../../bindings/Locale";
import { locale } from "../../i18n";

/** Switches the UI language at once and remembers it in the database. */
export async function switchLocale(next: Locale): Promise<void> {
  locale.value = next;
  document.documentElement.lang = next;
  // The window's own title follows too (the taskbar shows it).
  document.title = next === "en" ? "RegDesk" : "考试报名助手 RegDesk";
  await (await backend()).setLocale(next);
}
