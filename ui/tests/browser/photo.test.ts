// The standalone photo tool against the fake backend: result beside the original with its
// checks, a Chinese refusal for a picture without a face, saving to a typed path.
import { describe, expect, it } from "vitest";
import { freshPage } from "./chromium";
import { file } from "./flows";

const ctx = freshPage(async (page) => {
  await page.waitForSelector("[data-test=register-form]");
  await page.click("[data-test=nav-photo]");
  await page.locator("[data-test=photo-tool]").waitFor();
});

describe("photo tool", () => {
  it("makes a photo without a candidate and saves it where the user says", async () => {
    await ctx.page.setInputFiles("[data-test=photo-file]", file("me.png"));
    await ctx.page.locator("[data-test=photo-result]").waitFor();
    expect(await ctx.page.locator("[data-test=photo-checks]").textContent()).toContain("✓");
    await ctx.page.fill("#photo-save-path", "/tmp/photos");
    await ctx.page.click("[data-test=photo-save]");
    await ctx.page.locator("[data-test=photo-saved]", { hasText: "/tmp/photos/证件照.jpg" }).waitFor();
  });

  it("explains in Chinese why a picture without a face gives no photo", async () => {
    await ctx.page.setInputFiles("[data-test=photo-file]", file("noface.png"));
    await ctx.page.locator("[data-test=photo-problems]", { hasText: "没有找到正面人脸" }).waitFor();
    expect(await ctx.page.locator("[data-test=photo-result]").count()).toBe(0);
  });
});
