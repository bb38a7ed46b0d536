// The roster import's state lives beside the page, not in it: a clerk who opens a candidate
// from the photo summary to fix a refused photo comes back to the same result and filter.
import { ref } from "vue";
import type { Field } from "../../bindings/Field";
import type { RosterReport } from "../../bindings/RosterReport";

export const path = ref("");
export const files = ref("");
export const sheet = ref("");
export const report = ref<RosterReport | null>(null);
export const previewed = ref(false);
export const filter = ref<"all" | "rejected" | "warnings" | "updates">("all");
/** The user's corrections of the column mapping, by header text ("" = ignore). */
export const mapping = ref<Record<string, Field | "">>({});
