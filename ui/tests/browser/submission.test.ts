// Submitting to the intake service from the window against the fake backend: the endpoint and
// token set once in Settings; with the network down the candidate's submission says it is
// queued and goes out later without being asked again.
import { describe, expect, it } from "vitest";
import { freshPage } from "./chromium";
import { register } from "./flows";

const ctx = freshPage(register);

describe("submission to the intake service", () => {
  it("asks for the endpoint and token first", async () => {
    await ctx.page.click("[data-test=nav-centre]");
    await ctx.page.click("[data-test=submission-submit]");
    await ctx.page.locator("[data-test=submission-error]", { hasText: "设置 → 报送服务" }).waitFor();
  });

  it("queues while offline, then sends when the network is back", async () => {
    const page = ctx.page;
    await page.click("[data-test=nav-settings]");
    await page.fill("[data-test=intake-endpoint] input", "https://offline.example.cn");
    await page.fill("[data-test=intake-token] input", "rdk_test_token");
    await page.click("[data-test=intake-save]");
    await page.locator("[data-test=intake-token-store]", { hasText: "令牌已保存在系统凭据存储中" }).waitFor();
    // The token is never shown again.
    expect(await page.inputValue("[data-test=intake-token] input")).toBe("");

    await page.click("[data-test=nav-centre]");
    await page.click("[data-test=submission-submit]");
    await page.locator("[data-test=submission-notice]", { hasText: "已排队，网络恢复后自动发送" }).waitFor();
    await page.locator("[data-test=submission-status]", { hasText: "排队中" }).waitFor();

    await page.click("[data-test=nav-settings]");
    await page.fill("[data-test=intake-endpoint] input", "https://intake.example.cn");
    await page.click("[data-test=intake-save]");
    await page.locator("[data-test=intake-settings]").getByText("令牌已保存在系统凭据存储中").waitFor();
    await page.click("[data-test=nav-centre]");
    await page.click("[data-test=submission-refresh]");
    await page.locator("[data-test=submission-status]", { hasText: "已接收，待审核" }).waitFor();
  });
});
