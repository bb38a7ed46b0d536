import { mount } from "@vue/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import CheckList from "./CheckList.vue";
import type { Check } from "../../bindings/Check";
import { locale } from "../../i18n";

const check = (passed: boolean, severity: "error" | "warning" = "error"): Check => ({
  code: "photo.too_dark",
  nameZh: "面部亮度（最低）",
  nameEn: "face brightness (minimum)",
  severity,
  passed,
  value: "146",
  expected: "≥ 60",
  valueZh: "146",
  valueEn: "146",
  expectedZh: "≥ 60",
  expectedEn: "≥ 60",
  messageZh: "脸部太暗",
  messageEn: "the face is too dark",
  fixZh: "请在明亮、均匀的光线下拍摄",
  fixEn: "take it in bright, even light",
});

afterEach(() => {
  locale.value = "zh-CN";
});

describe("CheckList", () => {
  it("shows a passed check by its neutral name, value and range, without the failure sentence", () => {
    const w = mount(CheckList, { props: { checks: [check(true)] } });
    expect(w.text()).toBe("✓ 面部亮度（最低）：146（要求 ≥ 60）");
    expect(w.text()).not.toContain("太暗");
  });

  it("adds the failure sentence and the fix under a failed check, in the chosen language", () => {
    locale.value = "en";
    const w = mount(CheckList, { props: { checks: [check(false)] } });
    expect(w.find("li").classes()).toContain("error");
    expect(w.text()).toContain("✗ face brightness (minimum): 146 (allowed: ≥ 60)");
    expect(w.find("[data-test=check-failure]").text()).toBe("the face is too dark — take it in bright, even light");
  });

  it("shows the value and range in the reader's language, never the raw ones", () => {
    const centred: Check = {
      ...check(true),
      code: "photo.off_centre",
      value: "horizontal 0.001, crown margin 0.022",
      expected: "horizontal ≤ 0.06, crown margin ≤ 0.12",
      valueZh: "水平偏移 0.001，头顶留白 0.022",
      valueEn: "horizontal 0.001, crown margin 0.022",
      expectedZh: "水平偏移 ≤ 0.06，头顶留白 ≤ 0.12",
      expectedEn: "horizontal ≤ 0.06, crown margin ≤ 0.12",
    };
    const zh = mount(CheckList, { props: { checks: [centred] } });
    expect(zh.text()).toContain("水平偏移 0.001，头顶留白 0.022");
    expect(zh.text()).not.toMatch(/horizontal|crown/);
    locale.value = "en";
    const en = mount(CheckList, { props: { checks: [centred] } });
    expect(en.text()).toContain("horizontal 0.001, crown margin 0.022");
  });

  it("marks a failed warning with !", () => {
    const w = mount(CheckList, { props: { checks: [check(false, "warning")] } });
    expect(w.text().startsWith("! 面部亮度")).toBe(true);
  });
});
