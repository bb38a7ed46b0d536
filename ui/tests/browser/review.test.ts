// The reviewer's desk against the fake backend: a folder of packages opened with progress, the
// unknown signer shown prominently and trusted, findings beside the materials, decisions made
// with the keyboard alone (J/K, reason digits, F, P), the queue's filters and counts, a fail
// without a reason refused, and the decisions exported.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { freshPage } from "./chromium";

async function asReviewer(page: Page) {
  await page.click("[data-test=nav-settings]");
  await page.click("[data-test=settings-role-reviewer]");
  await page.click("[data-test=nav-review]");
  await page.locator("[data-test=review-page]").waitFor();
}

const ctx = freshPage(asReviewer);

async function openFolder(page: Page) {
  await page.fill("[data-test=review-paths] textarea", "/media/usb/渝中培训中心");
  await page.click("[data-test=review-open]");
  await page.locator("[data-test=review-notice]", { hasText: "已打开 3 个包：有效 2，有问题 1，无法读取 0" }).waitFor();
}

describe("review desk", () => {
  it("opens a folder, shows an unknown signer prominently and trusts it by name", async () => {
    const page = ctx.page;
    await openFolder(page);
    await page.locator("[data-test=review-filter-pending]", { hasText: "3" }).waitFor();
    await page.locator("[data-test=review-detail-name]", { hasText: "王芳" }).waitFor();
    await page.locator("[data-test=review-signer]", { hasText: "未知签名者" }).waitFor();
    await page.locator("[data-test=review-photo] img").first().waitFor();
    await page.locator("[data-test=review-material-id_front]").waitFor();
    await page.fill("[data-test=review-trust-name] input", "渝中培训中心");
    await page.click("[data-test=review-trust]");
    await page.locator("[data-test=review-signer]", { hasText: "签名有效，签发机构：渝中培训中心" }).waitFor();
    // The keys are on screen.
    expect(await page.locator("[data-test=review-keys]").textContent()).toContain("P 通过");
  });

  it("decides with the keyboard and moves on to the next package waiting", async () => {
    const page = ctx.page;
    await openFolder(page);
    await page.locator("[data-test=review-detail-name]", { hasText: "王芳" }).waitFor();
    // J to the second package: its photo finding is shown beside the materials.
    await page.keyboard.press("j");
    await page.locator("[data-test=review-detail-name]", { hasText: "李雷" }).waitFor();
    await page.locator("[data-test=review-findings]", { hasText: "背景不是白色" }).waitFor();
    // F without a reason is refused, nothing recorded.
    await page.keyboard.press("f");
    await page.locator("[data-test=review-decide-error]", { hasText: "不通过须选择至少一个原因" }).waitFor();
    // 1 picks the first reason of the catalogue, F fails with it.
    await page.keyboard.press("1");
    expect(await page.locator("[data-test=review-decision] .n-checkbox--checked").count()).toBe(1);
    await page.keyboard.press("f");
    await page.locator("[data-test=review-decided]", { hasText: "李雷 — 已记录：未通过" }).waitFor();
    // On to the next waiting package; P passes it, then K goes back to the first and P again.
    await page.locator("[data-test=review-detail-name]", { hasText: "张伟" }).waitFor();
    await page.keyboard.press("p");
    await page.locator("[data-test=review-decided]", { hasText: "张伟 — 已记录：已通过" }).waitFor();
    await page.locator("[data-test=review-detail-name]", { hasText: "王芳" }).waitFor();
    await page.keyboard.press("P");
    await page.locator("[data-test=review-filter-pending]", { hasText: "0" }).waitFor();
    await page.locator("[data-test=review-filter-passed]", { hasText: "2" }).waitFor();
    await page.locator("[data-test=review-filter-failed]", { hasText: "1" }).waitFor();
    await page.click("[data-test=review-filter-failed]");
    await page.locator("[data-test=review-history]", { hasText: "未通过" }).waitFor();

    // Keys typed into the note stay in the note.
    await page.click("[data-test=review-note] textarea");
    await page.keyboard.type("pf");
    expect(await page.inputValue("[data-test=review-note] textarea")).toBe("pf");
    expect(await page.locator("[data-test=review-history] .n-tag").count()).toBe(1);

    await page.fill("[data-test=review-export-path] input", "/media/usb");
    await page.click("[data-test=review-export]");
    await page.locator("[data-test=review-notice]", { hasText: "已导出 3 条决定：/media/usb/decisions.jsonl" }).waitFor();
    // A notice made before a switch of language is re-worded, not left in Chinese.
    await page.click("[data-test=lang-en]");
    await page.locator("[data-test=review-notice]", { hasText: "Exported 3 decisions" }).waitFor();
    await page.click("[data-test=lang-zh]");
  });
});
