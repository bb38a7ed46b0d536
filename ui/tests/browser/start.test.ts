// First start against the fake backend: the role is chosen, a password's strength is shown,
// mismatches and short passwords are refused in Chinese, then the app opens.
import { describe, expect, it } from "vitest";
import { freshPage } from "./chromium";

const ctx = freshPage(async (page) => {
  await page.goto(`${page.url()}?firstStart`);
  await page.locator("[data-test=first-start]").waitFor();
});

describe("first start", () => {
  it("asks for the role and an optional password, shows strength, then opens the app", async () => {
    const page = ctx.page;
    await page.click("[data-test=role-training_centre]");
    await page.fill("#start-name", "渝中培训中心");
    await page.fill("#start-password", "abc");
    expect(await page.locator("[data-test=start-strength]").textContent()).toBe("太短");
    await page.fill("#start-confirm", "abd");
    await page.getByText("两次输入的密码不一致").waitFor();
    await page.fill("#start-confirm", "abc");
    await page.click("[data-test=start-go]");
    await page.getByText("密码至少 8 个字符").waitFor();
    await page.fill("#start-password", "correct Horse 9!");
    expect(await page.locator("[data-test=start-strength]").textContent()).toBe("强");
    await page.fill("#start-confirm", "correct Horse 9!");
    await page.click("[data-test=start-go]");
    // A training centre's window opens on its own area, bulk registration, listed first.
    await page.locator("[data-test=bulk-page]").waitFor();
    const nav = (await page.locator(".n-menu-item-content").allTextContents()).map((s) => s.trim());
    expect(nav[0]).toBe("批量报名");
    expect(nav).not.toContain("审核");
  });
});
