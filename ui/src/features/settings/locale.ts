import { backend } from "../../api";
import type { Locale } from "../../bindings/Locale";
import { locale } from "../../i18n";

/** Switches the UI language at once and remembers it in the database. */
export async function switchLocale(next: Locale): Promise<void> {
  locale.value = next;
  document.documentElement.lang = next;
  await (await backend()).setLocale(next);
}
