// Steps shared by the browser flows: register, basic info, uploads, a passed review.
import type { Page } from "playwright-core";

// A 1×1 PNG: the fake backend stores what it gets, the real engine is tested in Rust.
export const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
export const file = (name: string) => ({ name, mimeType: "image/png", buffer: PNG });

export async function register(page: Page) {
  await page.waitForSelector("[data-test=register-form]");
  await page.fill("#reg-name", "王芳");
  await page.click("[data-test=reg-gender-female]");
  await page.fill("#reg-id-number", "11010519491231002X");
  await page.fill("#reg-mobile", "13900001111");
  await page.fill("#reg-email", "wf@example.com");
  await page.click("[data-test=reg-submit]");
  await page.locator("[data-test=status-profile]", { hasText: "资料未填写" }).waitFor();
}

export async function basicInfo(page: Page, major = "护理") {
  await page.click("[data-test=next-profile]");
  await page.locator("[data-test=step-basic]").waitFor();
  await page.click("[data-test=edu-junior_college]");
  await page.fill("#basic-major", major);
  await page.fill("#basic-employer", "重庆市人民医院");
  await page.click("[data-test=basic-save]");
  await page.locator("[data-test=step-uploads]").waitFor();
}

export async function uploadAll(page: Page) {
  for (const slot of ["id_front", "diploma", "photo"]) {
    await page.setInputFiles(`[data-test=file-${slot}]`, file(`${slot}.png`));
    await page.locator(`[data-test=result-${slot}]`).waitFor();
  }
}

/** From a registered candidate to a passed profile, recorded by hand. */
export async function passedProfile(page: Page) {
  await basicInfo(page);
  await uploadAll(page);
  await page.click("[data-test=uploads-next]");
  await page.click("[data-test=confirm-submit]");
  await page.click("[data-test=review-passed]");
  await page.fill("#review-date", "2026-11-28");
  await page.click("[data-test=review-record]");
  await page.locator("[data-test=feedback-status]", { hasText: "有效期至" }).waitFor();
}
