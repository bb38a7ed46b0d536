import { describe, expect, it } from "vitest";
import type { PhotoSpec } from "../../bindings/PhotoSpec";
import { draftFrom, specFromDraft } from "./specForm";

const base: PhotoSpec = {
  id: "cq-health-manager",
  nameZh: "重庆健康管理师",
  nameEn: "Chongqing health manager",
  source: "报名指南",
  width: 260,
  height: 360,
  minBytes: 15360,
  maxBytes: 46080,
  kbUnit: 1024,
  headRatio: { min: 0.6, target: 0.67, max: 0.75 },
  crownMargin: { min: 0.04, target: 0.08, max: 0.12 },
  centreTolerance: 0.06,
  background: "white",
};

describe("the new spec form", () => {
  it("starts from the chosen spec's size, window in its KB and colour", () => {
    const d = draftFrom(base, new Date("2026-12-07T10:30:00Z"));
    expect(d).toMatchObject({ id: "custom-202612071030", width: 260, height: 360, minKb: 15, maxKb: 45, kbUnit: 1024, background: "white" });
  });

  it("converts KB with the unit the exam states, keeping inside the window", () => {
    const d = { ...draftFrom(base), nameZh: "教师资格", source: "公告", minKb: 10.5, maxKb: 200 };
    expect(specFromDraft({ ...d, kbUnit: 1024 }, base)).toMatchObject({ minBytes: 10752, maxBytes: 204800, kbUnit: 1024 });
    expect(specFromDraft({ ...d, kbUnit: 1000 }, base)).toMatchObject({ minBytes: 10500, maxBytes: 200000, kbUnit: 1000 });
    // 0.3333 KB of 1000 B: 333.3 B → at least 334, at most 333 (the core then refuses min > max).
    const odd = specFromDraft({ ...d, kbUnit: 1000, minKb: 0.3333, maxKb: 0.3333 }, base);
    expect([odd.minBytes, odd.maxBytes]).toEqual([334, 333]);
  });

  it("takes a named colour or #RRGGBB, the framing from the base, and the Chinese name for a missing English one", () => {
    const d = { ...draftFrom(base), nameZh: "公务员考试", source: "公告", background: "custom" as const, colour: " #3B6DB3 " };
    const spec = specFromDraft(d, base);
    expect(spec.background).toBe("#3B6DB3");
    expect(spec.nameEn).toBe("公务员考试");
    expect(spec.headRatio).toEqual(base.headRatio);
    expect(specFromDraft({ ...d, background: "blue" }, base).background).toBe("blue");
  });
});
