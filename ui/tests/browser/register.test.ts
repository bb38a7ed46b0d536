// The registration form in a real browser against the fake backend.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launch } from "./chromium";

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  page = await browser.newPage();
  await page.goto(inject("baseUrl"));
  await page.waitForSelector("[data-test=register-form]");
});

describe("registration form", () => {
  it("opens in Chinese with the seven areas in the navigation", async () => {
    const nav = await page.locator(".n-menu-item-content").allTextContents();
    expect(nav.map((s) => s.trim())).toEqual(["个人中心", "个人资料", "证件照工具", "考试报名", "批量报名", "审核", "设置"]);
    await expect(page.title()).resolves.toBe("考试报名助手 RegDesk");
  });

  it("shows the Chinese reason beside a malformed ID number", async () => {
    await page.fill("#reg-id-number", "11010519491231002");
    await expect(page.getByText("身份证号应为 18 位，当前为 17 位").waitFor()).resolves.toBeUndefined();
    await page.fill("#reg-id-number", "110105194912310021");
    await page.getByText("第 18 位校验码应为 X，实际为 1").waitFor();
  });

  it("shows the birth date derived from the ID number", async () => {
    await page.fill("#reg-id-number", "11010519491231002X");
    const derived = page.locator("[data-test=reg-derived]");
    await derived.waitFor();
    expect(await derived.textContent()).toContain("1949-12-31");
  });

  it("registers a candidate who then appears in the list", async () => {
    await page.fill("#reg-name", "王芳");
    await page.click("[data-test=reg-gender-female]");
    await page.fill("#reg-id-number", "11010519491231002X");
    await page.fill("#reg-mobile", "13900001111");
    await page.fill("#reg-email", "wf@example.com");
    await page.click("[data-test=reg-submit]");
    await page.locator("[data-test=cand-name]", { hasText: "王芳" }).waitFor();
    expect(await page.inputValue("#reg-name")).toBe("");
  });

  it("marks every missing field after an empty submit", async () => {
    await page.click("[data-test=reg-submit]");
    await page.getByText("请填写姓名（与身份证一致）").waitFor();
    await page.getByText("请选择性别").waitFor();
  });

  it("switches to English and back", async () => {
    await page.click("[data-test=lang-en]");
    await page.getByText("Register a candidate", { exact: true }).waitFor();
    await page.click("[data-test=lang-zh]");
    await page.getByText("注册考生").first().waitFor();
  });

  it("says plainly that an unbuilt area is not available", async () => {
    await page.click("[data-test=nav-batch]");
    await page.getByText("此功能尚未开放").waitFor();
  });
});
