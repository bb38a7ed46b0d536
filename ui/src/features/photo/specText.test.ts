import { describe, expect, it } from "vitest";
import rules from "../../../tests/fixtures/rules.json";
import type { PhotoSpec } from "../../bindings/PhotoSpec";
import { locale } from "../../i18n";
import { byteWindow, specColourName, specLabel } from "./specText";

const specs = rules.photoSpecs as unknown as PhotoSpec[];
const byId = (id: string) => specs.find((s) => s.id === id)!;

describe("how a photo spec reads", () => {
  it("counts KB the way the exam does, and bytes when it does not say", () => {
    expect(byteWindow(byId("ntce-teacher-2024"))).toBe("0–200 KB");
    expect(byteWindow(byId("gwy-civil-service-2024"))).toBe("0–20 KB");
    expect(byteWindow(byId("cq-health-manager-2020"))).toBe("15 360–45 000 字节");
  });

  it("names the background colour in the current language, or its hex value", () => {
    locale.value = "zh-CN";
    expect(specColourName(byId("red-one-inch"))).toBe("红色");
    expect(specColourName(byId("chsi-graduation-blue"))).toBe("#00BFF3");
    locale.value = "en";
    expect(specLabel(byId("red-one-inch"))).toContain("295×413");
    expect(specLabel(byId("red-one-inch"))).toContain("· red");
    expect(specLabel(byId("red-one-inch"))).not.toMatch(/[\u4e00-\u9fff]/);
    locale.value = "zh-CN";
  });
});
