// How a photo spec reads in the window: its name in the current language, size, byte window in
// KB as its exam counts them (1000 or 1024 bytes), and background colour.
import type { PhotoSpec } from "../../bindings/PhotoSpec";
import { locale, t } from "../../i18n";

const NAMED = ["white", "blue", "red"] as const;

/** The spec's background colour as words: 白色 / white, or the #RRGGBB value. */
export function specColourName(spec: PhotoSpec): string {
  const bg = spec.background.trim().toLowerCase();
  return (NAMED as readonly string[]).includes(bg) ? t(`photoTool.colour.${bg}`) : spec.background.toUpperCase();
}

/** Bytes as KB in the spec's own unit, without trailing zeros. */
export function kb(bytes: number | bigint, unit: number): string {
  return String(Math.round((Number(bytes) / unit) * 10) / 10);
}

/** The byte window in KB when the spec says how its exam counts them, else in bytes. */
export function byteWindow(spec: PhotoSpec): string {
  if (spec.kbUnit) return `${kb(spec.minBytes, spec.kbUnit)}–${kb(spec.maxBytes, spec.kbUnit)} KB`;
  const group = (n: number | bigint) => Number(n).toLocaleString("en-US").replace(/,/g, " ");
  return `${group(spec.minBytes)}–${group(spec.maxBytes)} ${t("photoTool.bytes")}`;
}

export function specLabel(spec: PhotoSpec): string {
  const name = locale.value === "en" ? spec.nameEn : spec.nameZh;
  const window = byteWindow(spec);
  return `${name} · ${spec.width}×${spec.height} · ${window} · ${specColourName(spec)}`;
}
