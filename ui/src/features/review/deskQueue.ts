// The queue's filters and movement: which packages a filter shows, how many each holds, and
// which package J/K lands on.
import type { DeskLine } from "../../bindings/DeskLine";
import type { ReviewState } from "../../bindings/ReviewState";

export type DeskFilter = ReviewState | "all";
export const FILTERS: DeskFilter[] = ["pending", "conflict", "failed", "passed", "all"];

export function shown(lines: DeskLine[], filter: DeskFilter, search = ""): DeskLine[] {
  const q = search.trim().toLowerCase();
  return lines.filter(
    (l) => (filter === "all" || l.state === filter) && (!q || l.name.toLowerCase().includes(q) || l.idNumber.toLowerCase().includes(q)),
  );
}

export function counts(lines: DeskLine[]): Record<DeskFilter, number> {
  const c: Record<DeskFilter, number> = { pending: 0, conflict: 0, failed: 0, passed: 0, all: lines.length };
  for (const l of lines) c[l.state] += 1;
  return c;
}

/** The package `step` places away from `current` in `lines` (clamped; the first if none). */
export function moved(lines: DeskLine[], current: string | null, step: number): string | null {
  if (lines.length === 0) return null;
  const at = lines.findIndex((l) => l.packageSha256 === current);
  if (at < 0) return lines[0].packageSha256;
  return lines[Math.max(0, Math.min(lines.length - 1, at + step))].packageSha256;
}

/** After deciding `decided`, the next package still waiting in the view (or null). */
export function nextWaiting(lines: DeskLine[], decided: string): string | null {
  const at = lines.findIndex((l) => l.packageSha256 === decided);
  const after = [...lines.slice(at + 1), ...lines.slice(0, Math.max(0, at))];
  return after.find((l) => l.state === "pending" || l.state === "conflict")?.packageSha256 ?? null;
}
