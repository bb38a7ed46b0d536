// First start against the fake backend: the role is chosen, a password's strength is shown,
// mismatches and short passwords are refused in Chinese, then the app opens.
import { describe, expect, it } from "vitest";
import { freshPage } from "./chromium";

const ctx = freshPage(async (page) => {
  await page.goto(`${page.url()}?firstStart`);
  await page.locator("[data-test=first-start]").waitFor();
});

describe("first start", () => {
  it("says what each role does today, in either language, switched right here", async () => {
    const page = ctx.page;
    const card = page.locator("[data-test=first-start]");
    expect(await card.textContent()).not.toContain("陆续开放");
    await card.locator("[data-test=lang-en]").click();
    await card.getByText("A training centre: import a roster").waitFor();
    expect(await card.locator("form").textContent()).not.toMatch(/[\u4e00-\u9fff]/);
    expect(await page.getAttribute("#start-name", "placeholder")).toBe("Your name or your organisation's");
    await card.locator("[data-test=lang-zh]").click();
    await card.getByText("培训机构：导入名单").waitFor();
  });


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
    // The refusal was of the old password: it goes with the edit.
    expect(await page.getByText("密码至少 8 个字符").count()).toBe(0);
    expect(await page.locator("[data-test=start-strength]").textContent()).toBe("强");
    await page.fill("#start-confirm", "correct Horse 9!");
    await page.click("[data-test=start-go]");
    // The password encrypts the workspace: its recovery key is shown once, and the window
    // goes on only once the user says it is kept.
    expect(await page.locator("[data-test=recovery-key]").textContent()).toMatch(/^([0-9A-F]{4}-){7}[0-9A-F]{4}$/);
    // A line may end only between groups.
    expect(await page.locator("[data-test=recovery-key] .group").count()).toBe(8);
    expect(await page.locator("[data-test=recovery-done]").isDisabled()).toBe(true);
    await page.click("[data-test=recovery-saved]");
    await page.click("[data-test=recovery-done]");
    // A training centre's window opens on its own area, bulk registration, listed first.
    await page.locator("[data-test=bulk-page]").waitFor();
    const nav = (await page.locator(".n-menu-item-content").allTextContents()).map((s) => s.trim());
    expect(nav[0]).toBe("批量报名");
    expect(nav).not.toContain("审核");
  });

  it("locks, refuses a wrong recovery key, and sets a new password with the right one", async () => {
    const page = ctx.page;
    await page.click("[data-test=role-candidate]");
    await page.fill("#start-name", "王芳");
    await page.fill("#start-password", "correct Horse 9!");
    await page.fill("#start-confirm", "correct Horse 9!");
    await page.click("[data-test=start-go]");
    const key = (await page.locator("[data-test=recovery-key]").textContent()) ?? "";
    await page.click("[data-test=recovery-saved]");
    await page.click("[data-test=recovery-done]");
    await page.click("[data-test=lock-now]");
    await page.click("[data-test=unlock-forgot]");
    await page.fill("#recover-key", "0000-0000-0000-0000-0000-0000-0000-0000");
    await page.fill("#recover-password", "new Horse 10!");
    await page.fill("#recover-confirm", "new Horse 11!");
    await page.getByText("两次输入的密码不一致").waitFor();
    expect(await page.locator("[data-test=recover-go]").isDisabled()).toBe(true);
    await page.fill("#recover-confirm", "new Horse 10!");
    await page.click("[data-test=recover-go]");
    await page.getByText("恢复密钥不正确").waitFor();
    // Typed in lower case with spaces: still the key.
    await page.fill("#recover-key", key.toLowerCase().replaceAll("-", " "));
    await page.click("[data-test=recover-go]");
    await page.locator("[data-test=register-form]").waitFor();
    await page.click("[data-test=lock-now]");
    await page.fill("#unlock-password", "new Horse 10!");
    await page.click("[data-test=unlock-go]");
    await page.locator("[data-test=register-form]").waitFor();
  });

  it("sets a first password in Settings: the recovery key is shown once, then a change asks for the current one", async () => {
    const page = ctx.page;
    await page.click("[data-test=role-candidate]");
    await page.fill("#start-name", "王芳");
    await page.click("[data-test=start-go]");
    await page.locator("[data-test=register-form]").waitFor();
    expect(await page.locator("[data-test=lock-now]").count()).toBe(0);
    await page.locator(".n-menu-item-content").getByText("设置", { exact: true }).click();
    expect(await page.locator("[data-test=password-state]").textContent()).toContain("数据未加密");
    await page.fill("#password-new", "correct Horse 9!");
    await page.fill("#password-confirm", "correct Horse 9!");
    await page.click("[data-test=password-save]");
    await page.locator("[data-test=recovery-key]").waitFor();
    await page.click("[data-test=recovery-saved]");
    await page.click("[data-test=recovery-done]");
    await page.locator("[data-test=lock-now]").waitFor();
    await page.locator(".n-menu-item-content").getByText("设置", { exact: true }).click();
    expect(await page.locator("[data-test=password-state]").textContent()).toContain("数据库已加密");
    await page.fill("#password-current", "not it at all");
    await page.fill("#password-new", "second Horse 10");
    await page.fill("#password-confirm", "second Horse 10");
    await page.click("[data-test=password-save]");
    await page.locator("[data-test=password-error]").getByText("密码不正确").waitFor();
    await page.fill("#password-current", "correct Horse 9!");
    await page.click("[data-test=password-save]");
    await page.getByText("密码已修改").waitFor();
    expect(await page.locator("[data-test=recovery-key]").count()).toBe(0);
  });
});
