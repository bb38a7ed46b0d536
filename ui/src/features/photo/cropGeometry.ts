// The crop editor's rectangle in upright source pixels: kept at the spec's aspect, inside the
// picture, and never so small that the engine would have to upscale more than 2×.

import type { CropRect } from "../../bindings/CropRect";

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Frame {
  /** Upright source size in pixels. */
  imageWidth: number;
  imageHeight: number;
  /** Output aspect, e.g. 260:360. */
  aspectWidth: number;
  aspectHeight: number;
}

/** Smallest crop: the engine refuses more than 2× upscaling (`photo.source_too_small`). */
export function minWidth(f: Frame): number {
  return Math.min(f.aspectWidth / 2, maxWidth(f));
}

/** Largest crop at the aspect that fits the picture. */
export function maxWidth(f: Frame): number {
  return Math.min(f.imageWidth, (f.imageHeight * f.aspectWidth) / f.aspectHeight);
}

/** The rectangle resized to `width` (clamped) with the aspect kept, then moved inside. */
export function withWidth(r: Rect, width: number, f: Frame): Rect {
  const w = Math.max(minWidth(f), Math.min(maxWidth(f), width));
  const h = (w * f.aspectHeight) / f.aspectWidth;
  return clampInside({ x: r.x, y: r.y, width: w, height: h }, f);
}

export function clampInside(r: Rect, f: Frame): Rect {
  return {
    ...r,
    x: Math.max(0, Math.min(f.imageWidth - r.width, r.x)),
    y: Math.max(0, Math.min(f.imageHeight - r.height, r.y)),
  };
}

export function moved(r: Rect, dx: number, dy: number, f: Frame): Rect {
  return clampInside({ ...r, x: r.x + dx, y: r.y + dy }, f);
}

/** Zoom by `factor` (> 1 shows less of the picture: the head gets larger) about the centre. */
export function zoomed(r: Rect, factor: number, f: Frame): Rect {
  const cx = r.x + r.width / 2;
  const cy = r.y + r.height / 2;
  const next = withWidth(r, r.width / factor, f);
  return clampInside({ ...next, x: cx - next.width / 2, y: cy - next.height / 2 }, f);
}

/** A centred rectangle of the largest size, for pictures without a face or an engine crop. */
export function initial(f: Frame): Rect {
  const w = maxWidth(f);
  const h = (w * f.aspectHeight) / f.aspectWidth;
  return { x: (f.imageWidth - w) / 2, y: (f.imageHeight - h) / 2, width: w, height: h };
}

/**
 * `X,Y,W,H` in whole pixels as the engine takes it: the height follows the rounded width so the
 * aspect holds within a pixel, and rounding never pushes the rectangle outside the picture.
 */
export function toCropText(r: Rect, f: Frame): string {
  let w = Math.round(r.width);
  let h = Math.round((w * f.aspectHeight) / f.aspectWidth);
  while (w > 1 && (w > f.imageWidth || h > f.imageHeight)) {
    w -= 1;
    h = Math.round((w * f.aspectHeight) / f.aspectWidth);
  }
  const x = Math.max(0, Math.min(f.imageWidth - w, Math.round(r.x)));
  const y = Math.max(0, Math.min(f.imageHeight - h, Math.round(r.y)));
  return `${x},${y},${w},${h}`;
}

/**
 * The crop field's text (`X,Y,W,H`, typed or set by the editor) as the rectangle the engine
 * takes: `null` when blank (auto framing), `undefined` when it is not four numbers. Whether
 * the rectangle can be a crop is the engine's to say.
 */
export function cropRectOf(text: string): CropRect | null | undefined {
  const t = text.trim();
  if (!t) return null;
  const v = t.split(",").map((p) => Number(p.trim()));
  if (v.length !== 4 || v.some((n) => !Number.isFinite(n))) return undefined;
  return { x: v[0], y: v[1], width: v[2], height: v[3] };
}
