// A failed review's reasons shown on the part of the profile they concern. Reasons are reason
// codes (e.g. "photo.background_not_white") or the portal's own words (shown everywhere).
import type { ProcessState } from "../../bindings/ProcessState";

export type ProfilePart = "identity" | "basic" | "id_front" | "diploma" | "photo" | "work_proof";

const PREFIXES: [string, ProfilePart][] = [
  ["photo.", "photo"],
  ["id_front", "id_front"],
  ["diploma", "diploma"],
  ["work_proof", "work_proof"],
  ["id_number.", "identity"],
  ["name.", "identity"],
  ["mobile.", "identity"],
  ["email.", "identity"],
  ["education", "basic"],
  ["major", "basic"],
  ["employer", "basic"],
  ["invoice", "basic"],
  ["uscc.", "basic"],
];

export function partOf(reason: string): ProfilePart | null {
  return PREFIXES.find(([p]) => reason.startsWith(p))?.[1] ?? null;
}

/** The reasons of the last failed review that concern `part` (free text concerns all). */
export function failedReasons(state: ProcessState | undefined, part: ProfilePart): string[] {
  if (!state || state.profileStatus.status !== "failed" || !state.lastReview) return [];
  return state.lastReview.reasons.filter((r) => {
    const p = partOf(r);
    return p === part || p === null;
  });
}
