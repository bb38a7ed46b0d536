// The candidate path in a real browser against the fake backend: personal centre statuses,
// the four-step profile with uploads through the file input, review recorded by hand,
// package export to a typed path — including the Chinese texts at each refusal.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { freshPage } from "./chromium";
import { basicInfo, file, register, uploadAll } from "./flows";

const ctx = freshPage(register);

describe("candidate workspace", () => {
  it("shows both statuses with the next task in the personal centre", async () => {
    expect(await ctx.page.locator("[data-test=status-exam]").textContent()).toContain("资料审核通过后可报名");
    await ctx.page.click("[data-test=next-profile]");
    await ctx.page.locator("[data-test=step-basic]").waitFor();
  });

  it("explains basic-info errors in Chinese beside the field", async () => {
    await ctx.page.click("[data-test=next-profile]");
    await ctx.page.click("[data-test=invoice-organization]");
    await ctx.page.fill("#basic-taxpayer-id", "9135");
    await ctx.page.getByText("统一社会信用代码）应为 18 位，当前为 4 位").waitFor();
    await ctx.page.click("[data-test=basic-save]");
    await ctx.page.getByText("请选择最高学历").waitFor();
    await ctx.page.getByText("请填写毕业专业").waitFor();
  });

  it("exempts the work proof for a medical major and refuses a photo without a face", async () => {
    await basicInfo(ctx.page);
    await ctx.page.locator("[data-test=slot-work_proof-optional]").waitFor();
    await ctx.page.setInputFiles("[data-test=file-photo]", file("noface.png"));
    const refused = ctx.page.locator("[data-test=refused-photo]");
    await refused.waitFor();
    expect(await refused.textContent()).toContain("没有找到正面人脸");
    expect(await ctx.page.locator("[data-test=uploads-next]").isDisabled()).toBe(true);
  });

  it("re-frames the stored photo with the crop editor and returns to auto framing", async () => {
    await basicInfo(ctx.page);
    const portrait = readFileSync(new URL("../../../tests/fixtures/beige_wall.jpg", import.meta.url));
    await ctx.page.setInputFiles("[data-test=file-photo]", { name: "me.jpg", mimeType: "image/jpeg", buffer: portrait });
    const slot = ctx.page.locator("[data-test=slot-photo]");
    const frame = slot.locator("[data-test=crop-frame]");
    await frame.waitFor();
    const before = (await frame.boundingBox())!.width;
    await slot.locator("[data-test=crop-zoom-in]").click();
    // The stored photo is remade from the editor's rectangle: the frame follows the engine's crop.
    await expect.poll(async () => (await frame.boundingBox())!.width).toBeCloseTo(before / 1.1, 0);
    await slot.locator("[data-test=slot-photo-auto]").click();
    await expect.poll(async () => (await frame.boundingBox())!.width).toBeCloseTo(before, 0);
    await slot.locator("[data-test=result-photo]").waitFor();
    // Each attach named the picture the app has open; none uploaded the file again.
    const runs = await ctx.page.evaluate(() => (window as unknown as { regdeskPhotoRuns: { token: number | null; fileBytes: number }[] }).regdeskPhotoRuns);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const run of runs) expect(run).toEqual({ token: expect.any(Number), fileBytes: 0 });
  });

  it("sends each missing upload back to its step from check & confirm", async () => {
    await basicInfo(ctx.page);
    await ctx.page.click("[data-test=wizard-step-2]");
    await ctx.page.click("[data-test=confirm-submit]");
    const problems = ctx.page.locator("[data-test=confirm-problems]");
    await problems.getByText("缺少身份证正面照").waitFor();
    await problems.getByText("去修改").first().click();
    await ctx.page.locator("[data-test=step-uploads]").waitFor();
  });

  it("submits, records a failed review on the field, resubmits, passes and exports", async () => {
    await basicInfo(ctx.page);
    await uploadAll(ctx.page);
    await ctx.page.click("[data-test=uploads-next]");
    await ctx.page.locator("[data-test=step-confirm]").getByText("王芳").waitFor();
    await ctx.page.click("[data-test=confirm-submit]");
    await ctx.page.locator("[data-test=feedback-status]", { hasText: "提交成功" }).waitFor();

    await ctx.page.click("[data-test=review-failed]");
    await ctx.page.fill("#review-reasons", "photo.background_not_white");
    await ctx.page.fill("#review-date", "2026-11-26");
    await ctx.page.click("[data-test=review-record]");
    await ctx.page.locator("[data-test=feedback-status]", { hasText: "审核未通过" }).waitFor();
    await ctx.page.click("[data-test=feedback-edit]");
    await ctx.page.click("[data-test=wizard-step-1]");
    await ctx.page.locator("[data-test=slot-photo]").getByText("photo.background_not_white").waitFor();

    await ctx.page.setInputFiles("[data-test=file-photo]", file("photo2.png"));
    await ctx.page.click("[data-test=uploads-next]");
    await ctx.page.click("[data-test=confirm-submit]");
    await ctx.page.click("[data-test=review-passed]");
    await ctx.page.fill("#review-date", "2026-11-28");
    await ctx.page.click("[data-test=review-record]");
    await ctx.page.locator("[data-test=feedback-status]", { hasText: "有效期至 2027-11-28" }).waitFor();

    await ctx.page.fill("#export-path", "/tmp/out");
    await ctx.page.click("[data-test=export-package]");
    await ctx.page.locator("[data-test=export-done]", { hasText: "/tmp/out/11010519491231002X.zip" }).waitFor();

    await ctx.page.click("[data-test=nav-centre]");
    expect(await ctx.page.locator("[data-test=status-profile]").textContent()).toContain("有效期至 2027-11-28");
  });
});
