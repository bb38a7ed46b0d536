// A failed review's reasons shown on the part of the profile they concern. Which part a reason
// concerns is decided in Rust (`Overview.failedReasons`); reasons in the portal's own words
// (no part) show everywhere.
import type { Overview } from "../../bindings/Overview";
import type { ProfilePart } from "../../bindings/ProfilePart";
import { locale } from "../../i18n";

export function failedReasons(overview: Overview | null | undefined, part: ProfilePart): string[] {
  return (overview?.failedReasons ?? []).filter((r) => r.part === part || r.part === null).map((r) => (locale.value === "en" ? r.textEn : r.textZh));
}
