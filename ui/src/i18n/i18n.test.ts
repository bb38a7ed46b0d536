import { describe, expect, it } from "vitest";
import { messages } from "./messages";
import { translate } from "./index";

function keys(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("i18n", () => {
  it("has the same keys in Chinese and English", () => {
    expect(keys(messages.en).sort()).toEqual(keys(messages["zh-CN"]).sort());
  });

  it("fills placeholders and falls back to the key when a text is missing", () => {
    expect(translate("zh-CN", "register.added", { name: "王芳" })).toBe("已注册：王芳");
    expect(translate("en", "register.added", { name: "Wang" })).toBe("Registered: Wang");
    expect(translate("en", "no.such.key")).toBe("no.such.key");
  });

  it("names the seven product areas in Chinese", () => {
    expect(Object.values(messages["zh-CN"].nav)).toEqual(["个人中心", "个人资料", "证件照工具", "考试报名", "批量报名", "审核", "设置"]);
  });
});
