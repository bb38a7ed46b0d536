// The product's areas. `ready` marks those built so far; the others say plainly that they are
// not available yet. Each role sees its own areas, its main work first: a candidate never
// meets 批量报名 or 审核 as dead ends; a centre opens on bulk registration, a reviewer on review.
import type { Role } from "../../bindings/Role";

export type AreaKey = "centre" | "profile" | "photo" | "exam" | "batch" | "review" | "settings";

export interface Area {
  key: AreaKey;
  ready: boolean;
}

const READY: Record<AreaKey, boolean> = {
  centre: true,
  profile: true,
  photo: true,
  exam: true,
  batch: true,
  review: true,
  settings: true,
};

const BY_ROLE: Record<Role, readonly AreaKey[]> = {
  candidate: ["centre", "profile", "photo", "exam", "settings"],
  // A centre also works on single candidates, after its bulk area.
  training_centre: ["batch", "centre", "profile", "photo", "exam", "settings"],
  reviewer: ["review", "photo", "settings"],
};

export function areasFor(role: Role): Area[] {
  return BY_ROLE[role].map((key) => ({ key, ready: READY[key] }));
}

/** Where the window opens for a role. */
export function homeArea(role: Role): AreaKey {
  return BY_ROLE[role][0];
}
