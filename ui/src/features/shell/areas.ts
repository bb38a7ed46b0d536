// The product's areas, in navigation order. `ready` marks those built so far; the others
// say plainly that they are not available yet.
export type AreaKey = "centre" | "profile" | "photo" | "exam" | "batch" | "review" | "settings";

export interface Area {
  key: AreaKey;
  ready: boolean;
}

export const AREAS: readonly Area[] = [
  { key: "centre", ready: true },
  { key: "profile", ready: true },
  { key: "photo", ready: true },
  { key: "exam", ready: true },
  { key: "batch", ready: false },
  { key: "review", ready: false },
  { key: "settings", ready: true },
];
