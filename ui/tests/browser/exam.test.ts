// Exam registration in a real browser against the fake backend: tasks 1–4 in order, the
// ticket refused with its reason until the exam office opens it, the certificate choice
// validated in Chinese.
import { describe, expect, it } from "vitest";
import { freshPage } from "./chromium";
import { passedProfile, register } from "./flows";

const ctx = freshPage(register);

describe("exam registration", () => {
  it("stays closed until the profile has passed review", async () => {
    await ctx.page.click("[data-test=nav-exam]");
    await ctx.page.getByText("资料审核通过后才能报名").waitFor();
  });

  it("goes notice → item and region → payment → serial in order, then the certificate", async () => {
    await passedProfile(ctx.page);
    await ctx.page.click("[data-test=nav-centre]");
    await ctx.page.click("[data-test=next-exam]");
    await ctx.page.locator("[data-test=exam-page]").waitFor();
    await ctx.page.selectOption("[data-test=session-select]", "health-manager-3-2027-1");
    await ctx.page.click("[data-test=open-registration]");
    await ctx.page.locator("[data-test=reg-health-manager-3-2027-1]").waitFor();
    // The session names the photo it asks for, as the photo tool lists that spec.
    expect(await ctx.page.locator("[data-test=exam-photo-spec]").textContent()).toContain("260×360");
    // Before the notice is read, the later tasks say so.
    expect(await ctx.page.locator("[data-test=task-choose]").textContent()).toContain("请先完成上一步");

    await ctx.page.click("[data-test=notice-read]");
    expect(await ctx.page.locator("[data-test=exam-item]").textContent()).toBe("健康管理师（三级）");
    await ctx.page.selectOption("[data-test=region-select]", "渝北区");
    await ctx.page.click("[data-test=exam-choose]");
    await ctx.page.locator("[data-test=exam-chosen]", { hasText: "健康管理师（三级），渝北区" }).waitFor();
    expect(await ctx.page.locator("[data-test=task-pay]").textContent()).toContain("以报名网站显示为准");

    await ctx.page.click("[data-test=pay-record]");
    await ctx.page.locator("[data-test=exam-problems]").getByText("请填写支付流水号").waitFor();
    await ctx.page.fill("#pay-reference", "YEEPAYCQ2026000417");
    await ctx.page.click("[data-test=pay-record]");
    await ctx.page.locator("[data-test=exam-paid]").waitFor();
    await ctx.page.getByText("报名成功！缴费成功！").waitFor();
    await ctx.page.fill("#serial-number", "CQ2026000417");
    await ctx.page.click("[data-test=serial-record]");
    await ctx.page.locator("[data-test=exam-serial]", { hasText: "CQ2026000417" }).waitFor();

    await ctx.page.fill("#ticket-path", "/tmp");
    await ctx.page.click("[data-test=ticket-make]");
    await ctx.page.locator("[data-test=ticket-problems]", { hasText: "准考证尚未开放打印" }).waitFor();

    await ctx.page.click("[data-test=cert-postal]");
    await ctx.page.fill("#cert-recipient", "王芳");
    await ctx.page.fill("#cert-mobile", "1390000");
    await ctx.page.fill("#cert-address", "重庆市渝中区中山三路 1 号");
    await ctx.page.click("[data-test=cert-save]");
    await ctx.page.locator("[data-test=exam-problems]").getByText("手机号应为 11 位数字").waitFor();
    await ctx.page.fill("#cert-mobile", "13900001111");
    await ctx.page.click("[data-test=cert-save]");
    await ctx.page.locator("[data-test=certificate-chosen]", { hasText: "邮政快递到付" }).waitFor();

    await ctx.page.click("[data-test=nav-centre]");
    expect(await ctx.page.locator("[data-test=status-exam]").textContent()).toContain("报名序列号 CQ2026000417");
  });

  it("registers the same reviewed candidate for a second exam session, each with its own tasks", async () => {
    const page = ctx.page;
    await passedProfile(page);
    await page.click("[data-test=nav-exam]");
    for (const [session, item, region, serial] of [
      ["health-manager-3-2027-1", "健康管理师（三级）", "渝北区", "CQ2026000417"],
      ["health-manager-2-2027-1", "健康管理师（二级）", "渝中区", "CQ2026000999"],
    ]) {
      await page.selectOption("[data-test=session-select]", session);
      await page.click("[data-test=open-registration]");
      await page.locator(`[data-test=reg-${session}].current`).waitFor();
      await page.click("[data-test=notice-read]");
      expect(await page.locator("[data-test=exam-item]").textContent()).toBe(item);
      await page.selectOption("[data-test=region-select]", region);
      await page.click("[data-test=exam-choose]");
      await page.locator("[data-test=exam-chosen]", { hasText: `${item}，${region}` }).waitFor();
      await page.fill("#pay-reference", "");
      await page.click("[data-test=pay-record]");
      await page.locator("[data-test=exam-problems]").getByText("请填写支付流水号").waitFor();
      await page.fill("#pay-reference", `YEEPAY${serial}`);
      await page.click("[data-test=pay-record]");
      await page.locator("[data-test=exam-paid]").waitFor();
      await page.fill("#serial-number", serial);
      await page.click("[data-test=serial-record]");
      await page.locator("[data-test=exam-serial]", { hasText: serial }).waitFor();
    }
    // Each registration keeps its own serial number; the first is unchanged.
    await page.click("[data-test=reg-health-manager-3-2027-1]");
    await page.locator("[data-test=exam-serial]", { hasText: "CQ2026000417" }).waitFor();
    expect(await page.locator("[data-test=registrations]").textContent()).toContain("CQ2026000999");
    await page.click("[data-test=nav-centre]");
    expect(await page.locator("[data-test=status-exam]").textContent()).toContain("CQ2026000999");
    expect(await page.locator("[data-test=status-exam-others]").textContent()).toContain("另有 1 个报名");
  });
});
