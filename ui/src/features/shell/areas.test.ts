import { describe, expect, it } from "vitest";
import { areasFor, homeArea } from "./areas";

describe("areas by role", () => {
  it("shows a candidate no bulk or review area", () => {
    const keys = areasFor("candidate").map((a) => a.key);
    expect(keys).not.toContain("batch");
    expect(keys).not.toContain("review");
    expect(homeArea("candidate")).toBe("centre");
  });

  it("opens a centre on bulk registration and a reviewer on review", () => {
    expect(areasFor("training_centre")[0].key).toBe("batch");
    expect(homeArea("reviewer")).toBe("review");
    expect(areasFor("reviewer").map((a) => a.key)).toEqual(["review", "photo", "settings"]);
  });

  it("gives every role its settings", () => {
    for (const role of ["candidate", "training_centre", "reviewer"] as const) {
      expect(areasFor(role).map((a) => a.key)).toContain("settings");
    }
  });
});
