// The candidate path in a real browser against the fake backend: personal centre statuses,
// the four-step profile with uploads through the file input, review recorded by hand,
// package export to a typed path — including the Chinese texts at each refusal.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launch } from "./chromium";

let browser: Browser;
let page: Page;

// A 1×1 PNG: the fake backend stores what it gets, the real engine is tested in Rust.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const file = (name: string) => ({ name, mimeType: "image/png", buffer: PNG });

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
  await page.fill("#reg-name", "王芳");
  await page.click("[data-test=reg-gender-female]");
  await page.fill("#reg-id-number", "11010519491231002X");
  await page.fill("#reg-mobile", "13900001111");
  await page.fill("#reg-email", "wf@example.com");
  await page.click("[data-test=reg-submit]");
  await page.locator("[data-test=status-profile]", { hasText: "资料未填写" }).waitFor();
});

async function basicInfo(major = "护理") {
  await page.click("[data-test=next-profile]");
  await page.locator("[data-test=step-basic]").waitFor();
  await page.click("[data-test=basic-education]");
  await page.locator(".n-base-select-option", { hasText: "大学专科" }).click();
  await page.fill("#basic-major", major);
  await page.fill("#basic-employer", "重庆市人民医院");
  await page.click("[data-test=basic-save]");
  await page.locator("[data-test=step-uploads]").waitFor();
}

async function uploadAll() {
  for (const slot of ["id_front", "diploma", "photo"]) {
    await page.setInputFiles(`[data-test=file-${slot}]`, file(`${slot}.png`));
    await page.locator(`[data-test=result-${slot}]`).waitFor();
  }
}

describe("candidate workspace", () => {
  it("shows both statuses with the next task in the personal centre", async () => {
    expect(await page.locator("[data-test=status-exam]").textContent()).toContain("资料审核通过后可报名");
    await page.click("[data-test=next-profile]");
    await page.locator("[data-test=step-basic]").waitFor();
  });

  it("explains basic-info errors in Chinese beside the field", async () => {
    await page.click("[data-test=next-profile]");
    await page.click("[data-test=invoice-organization]");
    await page.fill("#basic-taxpayer-id", "9135");
    await page.getByText("统一社会信用代码应为 18 位，当前为 4 位").waitFor();
    await page.click("[data-test=basic-save]");
    await page.getByText("请选择较高学历").waitFor();
    await page.getByText("请填写专业").waitFor();
  });

  it("exempts the work proof for a medical major and refuses a photo without a face", async () => {
    await basicInfo();
    await page.locator("[data-test=slot-work_proof-optional]").waitFor();
    await page.setInputFiles("[data-test=file-photo]", file("noface.png"));
    const refused = page.locator("[data-test=refused-photo]");
    await refused.waitFor();
    expect(await refused.textContent()).toContain("没有找到正面人脸");
    expect(await page.locator("[data-test=uploads-next]").isDisabled()).toBe(true);
  });

  it("sends each missing upload back to its step from check & confirm", async () => {
    await basicInfo();
    await page.click("[data-test=wizard-step-2]");
    await page.click("[data-test=confirm-submit]");
    const problems = page.locator("[data-test=confirm-problems]");
    await problems.getByText("缺少身份证正面照").waitFor();
    await problems.getByText("去修改").first().click();
    await page.locator("[data-test=step-uploads]").waitFor();
  });

  it("submits, records a failed review on the field, resubmits, passes and exports", async () => {
    await basicInfo();
    await uploadAll();
    await page.click("[data-test=uploads-next]");
    await page.locator("[data-test=step-confirm]").getByText("王芳").waitFor();
    await page.click("[data-test=confirm-submit]");
    await page.locator("[data-test=feedback-status]", { hasText: "提交成功" }).waitFor();

    await page.click("[data-test=review-failed]");
    await page.fill("#review-reasons", "photo.background_not_white");
    await page.fill("#review-date", "2026-11-26");
    await page.click("[data-test=review-record]");
    await page.locator("[data-test=feedback-status]", { hasText: "审核未通过" }).waitFor();
    await page.click("[data-test=feedback-edit]");
    await page.click("[data-test=wizard-step-1]");
    await page.locator("[data-test=slot-photo]").getByText("photo.background_not_white").waitFor();

    await page.setInputFiles("[data-test=file-photo]", file("photo2.png"));
    await page.click("[data-test=uploads-next]");
    await page.click("[data-test=confirm-submit]");
    await page.click("[data-test=review-passed]");
    await page.fill("#review-date", "2026-11-28");
    await page.click("[data-test=review-record]");
    await page.locator("[data-test=feedback-status]", { hasText: "有效期至 2027-11-28" }).waitFor();

    await page.fill("#export-path", "/tmp/out");
    await page.click("[data-test=export-package]");
    await page.locator("[data-test=export-done]", { hasText: "/tmp/out/11010519491231002X.zip" }).waitFor();

    await page.click("[data-test=nav-centre]");
    expect(await page.locator("[data-test=status-profile]").textContent()).toContain("有效期至 2027-11-28");
  });
});
