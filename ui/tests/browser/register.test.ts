// The registration form in a real browser against the fake backend.
import { describe, expect, it } from "vitest";
import { freshPage } from "./chromium";
import { file, register } from "./flows";

const ctx = freshPage(async (page) => {
  await page.waitForSelector("[data-test=register-form]");
});

describe("registration form", () => {
  it("opens in Chinese with a candidate's five areas in the navigation", async () => {
    const nav = await ctx.page.locator(".n-menu-item-content").allTextContents();
    expect(nav.map((s) => s.trim())).toEqual(["个人中心", "个人资料", "证件照工具", "考试报名", "设置"]);
    await expect(ctx.page.title()).resolves.toBe("考试报名助手 RegDesk");
  });

  it("shows the Chinese reason beside a malformed ID number", async () => {
    await ctx.page.fill("#reg-id-number", "11010519491231002");
    await expect(ctx.page.getByText("身份证号应为 18 位，当前为 17 位").waitFor()).resolves.toBeUndefined();
    await ctx.page.fill("#reg-id-number", "110105194912310021");
    await ctx.page.getByText("第 18 位校验码应为 X，实际为 1").waitFor();
  });

  it("shows the birth date derived from the ID number", async () => {
    await ctx.page.fill("#reg-id-number", "11010519491231002X");
    const derived = ctx.page.locator("[data-test=reg-derived]");
    await derived.waitFor();
    expect(await derived.textContent()).toContain("1949-12-31");
  });

  it("registers a candidate who then appears in the list", async () => {
    await ctx.page.fill("#reg-name", "王芳");
    await ctx.page.click("[data-test=reg-gender-female]");
    await ctx.page.fill("#reg-id-number", "11010519491231002X");
    await ctx.page.fill("#reg-mobile", "13900001111");
    await ctx.page.fill("#reg-email", "wf@example.com");
    await ctx.page.click("[data-test=reg-submit]");
    await ctx.page.locator("[data-test=cand-name]", { hasText: "王芳" }).waitFor();
    expect(await ctx.page.inputValue("#reg-name")).toBe("");
  });

  it("marks every missing field after an empty submit", async () => {
    await ctx.page.click("[data-test=reg-submit]");
    await ctx.page.getByText("请填写姓名（与身份证一致）").waitFor();
    await ctx.page.getByText("请选择性别").waitFor();
  });

  it("switches to English and back", async () => {
    await ctx.page.click("[data-test=lang-en]");
    await ctx.page.getByText("Register a candidate", { exact: true }).waitFor();
    // The title, in the window and on the taskbar, is English too.
    expect(await ctx.page.locator("[data-test=app-title]").textContent()).toBe("RegDesk");
    expect(await ctx.page.title()).toBe("RegDesk");
    await ctx.page.click("[data-test=lang-zh]");
    await ctx.page.getByText("注册考生").first().waitFor();
    expect(await ctx.page.locator("[data-test=app-title]").textContent()).toBe("考试报名助手 RegDesk");
  });

  it("follows a role change made in Settings, a reviewer landing on the review desk", async () => {
    const page = ctx.page;
    await page.click("[data-test=nav-settings]");
    await page.click("[data-test=settings-role-training_centre]");
    await page.getByText("已切换为：培训机构").waitFor();
    const nav = (await page.locator(".n-menu-item-content").allTextContents()).map((s) => s.trim());
    expect(nav).toEqual(["批量报名", "个人中心", "个人资料", "证件照工具", "考试报名", "设置"]);
    expect(await page.locator("[data-test=settings-role]").count()).toBe(1);
    await page.click("[data-test=settings-diagnostics]");
    await page.locator("[data-test=settings-diagnostics-text]", { hasText: "Last problems" }).waitFor();
    await page.click("[data-test=nav-batch]");
    await page.locator("[data-test=bulk-page]").waitFor();
    await page.click("[data-test=nav-settings]");
    await page.click("[data-test=settings-role-reviewer]");
    await page.locator("[data-test=nav-review]").waitFor();
    expect(await page.locator("[data-test=nav-centre]").count()).toBe(0);
    await page.click("[data-test=nav-review]");
    await page.locator("[data-test=review-page]").waitFor();
  });
});

describe("identity correction", () => {
  it("keeps the identity read-only and corrects it only with a reason and a proof", async () => {
    const page = ctx.page;
    await register(page);
    await page.locator("[data-test=identity-card]", { hasText: "13900001111" }).waitFor();
    await page.click("[data-test=identity-correct]");
    await page.fill("#fix-mobile", "13900002222");
    await page.click("[data-test=identity-submit]");
    await page.locator("[data-test=identity-problems]", { hasText: "更正身份信息须说明理由" }).waitFor();
    await page.fill("#fix-reason", "手机号登记错误");
    await page.setInputFiles("[data-test=fix-proof]", file("id.png"));
    await page.click("[data-test=identity-submit]");
    await page.locator("[data-test=identity-card]", { hasText: "13900002222" }).waitFor();
  });
});
