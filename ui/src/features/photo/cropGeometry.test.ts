import { describe, expect, it } from "vitest";
import { cropRectOf, initial, maxWidth, minWidth, moved, toCropText, zoomed, type Frame } from "./cropGeometry";

const frame: Frame = { imageWidth: 3000, imageHeight: 4000, aspectWidth: 260, aspectHeight: 360 };

function parse(text: string) {
  const [x, y, w, h] = text.split(",").map(Number);
  return { x, y, w, h };
}

describe("crop geometry", () => {
  it("starts with the largest centred rectangle at the aspect", () => {
    const r = initial(frame);
    expect(r.width).toBeCloseTo(2888.89, 1);
    expect(r.height).toBeCloseTo(4000, 6);
    expect(r.x).toBeCloseTo((3000 - r.width) / 2, 6);
  });

  it("moves only inside the picture", () => {
    const r = moved({ x: 100, y: 100, width: 260, height: 360 }, -500, 10_000, frame);
    expect(r.x).toBe(0);
    expect(r.y).toBe(4000 - 360);
  });

  it("zooms about the centre and stops at the 2× upscale limit and the picture size", () => {
    const start = { x: 1000, y: 1000, width: 520, height: 720 };
    const z = zoomed(start, 2, frame);
    expect(z.width).toBeCloseTo(260, 6);
    expect(z.x + z.width / 2).toBeCloseTo(1260, 6);
    expect(z.y + z.height / 2).toBeCloseTo(1360, 6);
    expect(zoomed(start, 100, frame).width).toBeCloseTo(minWidth(frame), 6);
    const out = zoomed(start, 0.01, frame);
    expect(out.width).toBeCloseTo(maxWidth(frame), 6);
    expect(out.x).toBeGreaterThanOrEqual(0);
    expect(out.y + out.height).toBeLessThanOrEqual(4000 + 1e-9);
  });

  it("gives whole pixels with the aspect within a pixel, inside the picture", () => {
    for (const w of [130.4, 777.7, 2888.9]) {
      const r = { x: 3000 - w + 0.4, y: 4000 - (w * 36) / 26 + 0.4, width: w, height: (w * 36) / 26 };
      const c = parse(toCropText(r, frame));
      expect(Math.abs((c.w * 360) / 260 - c.h)).toBeLessThanOrEqual(1);
      expect(c.x + c.w).toBeLessThanOrEqual(3000);
      expect(c.y + c.h).toBeLessThanOrEqual(4000);
      expect(Number.isInteger(c.x) && Number.isInteger(c.y)).toBe(true);
    }
  });
});

describe("the crop field's text", () => {
  it("is a rectangle, blank for auto framing, or not a crop", () => {
    expect(cropRectOf(" 10, 20,260 ,360")).toEqual({ x: 10, y: 20, width: 260, height: 360 });
    expect(cropRectOf("  ")).toBeNull();
    expect(cropRectOf("10,20,260")).toBeUndefined();
    expect(cropRectOf("a,b,c,d")).toBeUndefined();
  });
});
