// The bundled CJK subset must carry every character of the UI's own text (and of the messages
// the core sends): a new string with a character outside it would fall back to a system font,
// which a fresh machine may not have. Regenerate with scripts/make-ui-font.py.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { files } from "../../testing/sourceFiles";

const root = resolve(__dirname, "../../../..");
// The @font-face's unicode-range (fonts.css), as code point ranges.
const RANGES: [number, number][] = [
  [0x00b7, 0x00b7], [0x2010, 0x2027], [0x2030, 0x203b], [0x2460, 0x2473], [0x3000, 0x303f],
  [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff], [0xff00, 0xffef],
];
const inRange = (c: number) => RANGES.some(([lo, hi]) => c >= lo && c <= hi);

describe("bundled CJK font", () => {
  const covered = new Set(Array.from(readFileSync(join(__dirname, "regdesk-sans-sc.chars.txt"), "utf8").replace(/\n/g, "")));

  it("covers the GB 2312 hanzi that names use", () => {
    for (const ch of "王芳张伟李娜刘洋陈静杨帆赵磊黄敏周杰吴昊徐鑫孙悦") expect(covered.has(ch), ch).toBe(true);
    expect(covered.size).toBeGreaterThan(6763);
  });

  it("covers every CJK character of the UI and of the core's messages", () => {
    const sources = [
      ...files(join(root, "ui/src"), /\.(ts|vue)$/),
      ...files(join(root, "crates"), /\.rs$/).filter((p) => p.includes("/src/")),
      ...files(join(root, "crates/core/data"), /\.json$/),
    ];
    const missing = new Map<string, string>();
    for (const f of sources) {
      for (const ch of readFileSync(f, "utf8")) {
        const c = ch.codePointAt(0) ?? 0;
        if (inRange(c) && !covered.has(ch) && !missing.has(ch)) missing.set(ch, f);
      }
    }
    expect([...missing].map(([ch, f]) => `${ch} (${f})`)).toEqual([]);
  });

  it("declares the same unicode-range as this test", () => {
    const css = readFileSync(join(__dirname, "fonts.css"), "utf8");
    const declared = /unicode-range:([^;]+);/.exec(css)?.[1] ?? "";
    const parsed = declared.split(",").map((r) => {
      const [lo, hi] = r.trim().replace(/^U\+/, "").split("-");
      return [parseInt(lo, 16), parseInt(hi ?? lo, 16)];
    });
    expect(parsed).toEqual(RANGES);
  });
});
