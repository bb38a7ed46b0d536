// The "new photo spec" form's numbers as an exam's notice states them (KB in the notice's own
// unit, a named background colour or #RRGGBB) turned into a spec; the core checks the result.
import type { PhotoSpec } from "../../bindings/PhotoSpec";
import { kb } from "./specText";

export type Background = "white" | "blue" | "red" | "custom";

export interface SpecDraft {
  id: string;
  nameZh: string;
  nameEn: string;
  source: string;
  sourceDate: string;
  width: number | null;
  height: number | null;
  minKb: number | null;
  maxKb: number | null;
  /** How the notice counts a KB: 1024 bytes (most portals) or 1000. */
  kbUnit: 1000 | 1024;
  background: Background;
  /** #RRGGBB when `background` is custom. */
  colour: string;
}

/** A new draft with the size, window and colour of `base`, under a fresh id. */
export function draftFrom(base: PhotoSpec, now = new Date()): SpecDraft {
  const unit = base.kbUnit === 1000 ? 1000 : 1024;
  const bg = base.background.toLowerCase();
  const named = bg === "white" || bg === "blue" || bg === "red";
  const stamp = now.toISOString().slice(0, 16).replace(/[-:T]/g, "");
  return {
    id: `custom-${stamp}`,
    nameZh: "",
    nameEn: "",
    source: "",
    sourceDate: now.toISOString().slice(0, 10),
    width: base.width,
    height: base.height,
    minKb: Number(kb(base.minBytes, unit)),
    maxKb: Number(kb(base.maxBytes, unit)),
    kbUnit: unit,
    background: named ? (bg as Background) : "custom",
    colour: named ? "#FFFFFF" : base.background.toUpperCase(),
  };
}

/**
 * The spec the draft describes; framing (head ratio, crown margin, centring, DPI) comes from
 * `base`. The byte window stays inside what the notice allows: its lower end rounded up, its
 * upper end down. An empty number becomes 0, which the core refuses naming the field.
 */
export function specFromDraft(d: SpecDraft, base: PhotoSpec): PhotoSpec {
  const bytes = (kb: number | null, round: (x: number) => number) => (kb === null ? 0 : round(kb * d.kbUnit));
  return {
    id: d.id.trim(),
    nameZh: d.nameZh.trim(),
    nameEn: d.nameEn.trim() || d.nameZh.trim(),
    source: d.source.trim(),
    ...(d.sourceDate.trim() ? { sourceDate: d.sourceDate.trim() } : {}),
    width: d.width ?? 0,
    height: d.height ?? 0,
    minBytes: bytes(d.minKb, Math.ceil),
    maxBytes: bytes(d.maxKb, Math.floor),
    kbUnit: d.kbUnit,
    headRatio: base.headRatio,
    crownMargin: base.crownMargin,
    centreTolerance: base.centreTolerance,
    background: d.background === "custom" ? d.colour.trim() : d.background,
    ...(base.dpi ? { dpi: base.dpi } : {}),
  };
}
