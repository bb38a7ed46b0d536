import { afterEach, describe, expect, it } from "vitest";
import { applyLocale } from "./locale";
import { locale } from "../../i18n";

afterEach(() => applyLocale("zh-CN"));

describe("applyLocale", () => {
  it("sets the words, the page language and the window title together", () => {
    applyLocale("en");
    expect(locale.value).toBe("en");
    expect(document.documentElement.lang).toBe("en");
    expect(document.title).toBe("RegDesk");
    applyLocale("zh-CN");
    expect(document.title).toBe("考试报名助手 RegDesk");
    expect(document.documentElement.lang).toBe("zh-CN");
  });
});
