// Bulk registration in a real browser against the fake backend (which answers with what the
// real import made of tests/fixtures/roster/messy.xlsx): check → every row's result in Chinese
// → import → the grid → a row opens the candidate's profile.
import { describe, expect, it } from "vitest";
import { freshPage } from "./chromium";

const ctx = freshPage(async (page) => {
  await page.click("[data-test=nav-settings]");
  await page.click("[data-test=settings-role-training_centre]");
  await page.click("[data-test=nav-batch]");
  await page.locator("[data-test=bulk-page]").waitFor();
});

describe("bulk registration", () => {
  it("checks a messy roster, imports the good rows and lists them in the grid", async () => {
    const page = ctx.page;
    await page.fill("#roster-path", "/data/tests/fixtures/roster/messy.xlsx");
    expect(await page.locator("[data-test=roster-commit]").isDisabled()).toBe(true);
    await page.click("[data-test=roster-preview]");
    await page.locator("[data-test=roster-counts]", { hasText: "新增 2" }).waitFor();
    expect(await page.locator("[data-test=roster-counts]").textContent()).toContain("表头第 2 行");
    expect(await page.locator("[data-test=roster-row]").count()).toBe(9);
    const precision = page.locator("[data-test=roster-row][data-row='5']");
    expect(await precision.textContent()).toContain("Excel 只保留 15 位有效数字");
    expect(await page.locator("[data-test=roster-row][data-row='9']").textContent()).toContain("与第 3 行重复");
    expect(await page.locator("[data-test=roster-row][data-row='4']").textContent()).toContain("“大专” → “大学专科”");
    // A rejected row is found by its name, and the column headers stay on one line.
    expect(await page.locator("[data-test=roster-row][data-row='9']").textContent()).toContain("钱七");
    const nameHeader = page.locator("[data-test=roster-import] th", { hasText: "姓名" });
    expect((await nameHeader.boundingBox())!.height).toBeLessThan(40);
    await page.click("[data-test=roster-filter-rejected]");
    expect(await page.locator("[data-test=roster-row]").count()).toBe(7);
    // The rejected rows are saved where the save dialog points, and the page says where.
    await page.click("[data-test=roster-export-rejected]");
    await page.locator("[data-test=roster-rejected-saved]", { hasText: "有问题的行.xlsx" }).waitFor();
    await page.locator("[data-test=roster-filter-updates]").click();
    await page.locator("[data-test=roster-no-rows]", { hasText: "没有符合筛选条件的行" }).waitFor();
    await page.click("[data-test=roster-filter-all]");
    expect(await page.locator("[data-test=grid-row]").count()).toBe(0);

    await page.click("[data-test=roster-commit]");
    await page.locator("[data-test=roster-counts]", { hasText: "已导入" }).waitFor();
    await page.locator("[data-test=grid-row]").first().waitFor();
    expect(await page.locator("[data-test=grid-row]").count()).toBe(2);
    // Select both, export their packages into a folder.
    await page.locator(".n-data-table-th--selection .n-checkbox").click();
    await page.locator("[data-test=grid-bulk]", { hasText: "已选 2 人" }).waitFor();
    await page.fill("#bulk-path", "/tmp/packages");
    await page.click("[data-test=bulk-export]");
    await page.locator("[data-test=bulk-result]", { hasText: "完成 2 人，未完成 0 人" }).waitFor();
    await page.click("[data-test=bulk-tickets]");
    await page.locator("[data-test=bulk-tickets-result]", { hasText: "都还不能打印" }).waitFor();
    // Edit a cell in place: checked as typed, saved on leaving the cell.
    const employer = page.locator("[data-test=cell-employer][data-id='500103198805120042']");
    await employer.fill("");
    await page.locator("[data-test=cell-error]", { hasText: "请填写工作单位" }).waitFor();
    await employer.fill("重庆市第一人民医院");
    await expect.poll(() => page.locator("[data-test=cell-error]").count()).toBe(0);
    await employer.press("Enter");
    await expect.poll(() => employer.inputValue()).toBe("重庆市第一人民医院");
    // Every column has room: the problems column is not squeezed to nothing, rows stay one line.
    const problems = page.locator("[data-test=candidate-grid] th", { hasText: "问题" });
    expect((await problems.boundingBox())!.width).toBeGreaterThan(200);
    for (const row of await page.locator("[data-test=grid-row]").all()) expect((await row.boundingBox())!.height).toBeLessThan(60);
    // In English the grid's values are English too, not only its headers.
    await page.click("[data-test=lang-en]");
    await page.locator("[data-test=grid-row]", { hasText: "being filled in" }).first().waitFor();
    expect(await page.locator("[data-test=candidate-grid]").textContent()).not.toMatch(/填写中|缺少|未填/);
    await page.click("[data-test=lang-zh]");
    await page.locator("[data-test=grid-row]", { hasText: "填写中" }).first().waitFor();
    const region = page.locator("[data-test=cell-region][data-id='500103198805120042']");
    await region.fill("火星区");
    await page.locator("[data-test=cell-error]", { hasText: "不是重庆市的区县" }).waitFor();
    await page.fill("#grid-search", "李四");
    await expect.poll(() => page.locator("[data-test=grid-row]").count()).toBe(1);
    // The heading counts what is shown, of how many.
    await page.locator("[data-test=candidate-grid] .n-card-header", { hasText: /显示 1 人，共 \d+ 人/ }).waitFor();

    // The name cell opens the candidate (the edit cells keep their clicks).
    await page.click("[data-test=grid-row] td:nth-child(2)");
    await page.locator("[data-test=profile-wizard]", { hasText: "李四" }).waitFor();
  });
});
