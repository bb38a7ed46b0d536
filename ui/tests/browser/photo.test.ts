// The standalone photo tool against the fake backend: result beside the original with its
// checks, a Chinese refusal for a picture without a face, saving to a typed path, and the crop
// editor (drag, zoom, keys, auto) handing exact source-pixel rectangles to the engine.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { freshPage } from "./chromium";
import { file } from "./flows";

// A real 640×760 portrait, so the editor has a picture to frame.
const portrait = {
  name: "portrait.jpg",
  mimeType: "image/jpeg",
  buffer: readFileSync(new URL("../../../tests/fixtures/beige_wall.jpg", import.meta.url)),
};

async function cropSent(): Promise<number[]> {
  const text = await ctx.page.inputValue("#photo-crop");
  return text.split(",").map(Number);
}

const ctx = freshPage(async (page) => {
  await page.waitForSelector("[data-test=register-form]");
  await page.click("[data-test=nav-photo]");
  await page.locator("[data-test=photo-tool]").waitFor();
});

describe("photo tool", () => {
  it("makes the photo of the chosen spec, says its colour and source, and takes a spec file", async () => {
    const page = ctx.page;
    const options = await page.locator("[data-test=photo-spec] option").allTextContents();
    expect(options.length).toBeGreaterThanOrEqual(10);
    expect(options[0]).toContain("260×360");
    const red = options.findIndex((o) => o.includes("红色"));
    expect(red).toBeGreaterThan(0);
    const redId = await page.locator("[data-test=photo-spec] option").nth(red).getAttribute("value");
    await page.setInputFiles("[data-test=photo-file]", file("me.png"));
    await page.locator("[data-test=photo-result]").waitFor();
    await page.selectOption("[data-test=photo-spec]", redId!);
    await page.locator("text=把背景换成红色").waitFor();
    await page.locator("[data-test=photo-spec-source]", { hasText: "红色背景" }).waitFor();
    // A spec file: here one of the library's, as a user would save it from `photo specs --json`.
    const visa = options.findIndex((o) => o.includes("354×472"));
    const visaId = await page.locator("[data-test=photo-spec] option").nth(visa).getAttribute("value");
    const json = JSON.stringify({ id: visaId, nameZh: "x", nameEn: "x", source: "x" });
    await page.setInputFiles("[data-test=photo-spec-file]", { name: "visa.json", mimeType: "application/json", buffer: Buffer.from(json) });
    await expect.poll(() => page.inputValue("[data-test=photo-spec]")).toBe(visaId);
    await page.locator("figcaption", { hasText: "354×472 ·" }).waitFor();
  });

  it("makes a photo without a candidate and saves it where the user says", async () => {
    expect(await ctx.page.locator("[data-test=photo-file-name]").textContent()).toBe("未选择文件");
    await ctx.page.setInputFiles("[data-test=photo-file]", file("me.png"));
    await ctx.page.locator("[data-test=photo-result]").waitFor();
    // The picked file's name stays beside the picture (the native input forgot it).
    expect(await ctx.page.locator("[data-test=photo-file-name]").textContent()).toBe("me.png");
    const checks = await ctx.page.locator("[data-test=photo-checks]").textContent();
    expect(checks).toContain("✓ 像素尺寸");
    expect(checks).not.toContain("不符合要求");
    expect(await ctx.page.locator("[data-test=photo-checks] [data-test=check-failure]").count()).toBe(0);
    await ctx.page.fill("#photo-save-path", "/tmp/photos");
    await ctx.page.click("[data-test=photo-save]");
    await ctx.page.locator("[data-test=photo-saved]", { hasText: "/tmp/photos/证件照.jpg" }).waitFor();
  });

  it("explains in Chinese why a picture without a face gives no photo", async () => {
    await ctx.page.setInputFiles("[data-test=photo-file]", file("noface.png"));
    await ctx.page.locator("[data-test=photo-problems]", { hasText: "没有找到正面人脸" }).waitFor();
    expect(await ctx.page.locator("[data-test=photo-result]").count()).toBe(0);
  });

  it("frames by drag, zoom and keys in the crop editor, each gesture sent as whole source pixels", async () => {
    const page = ctx.page;
    await page.setInputFiles("[data-test=photo-file]", portrait);
    const frame = page.locator("[data-test=crop-frame]");
    await frame.waitFor();
    // The guide: crown and chin lines, the allowed chin band and the centre line.
    for (const part of ["crown", "chin", "band", "centre"]) expect(await frame.locator(`svg .${part}`).count()).toBe(1);
    // The fake engine's auto crop: half the largest 260:360 rectangle, centred.
    const auto = Math.min(640, (760 * 260) / 360) / 2;
    const box0 = (await frame.boundingBox())!;
    const scale = box0.width / auto;

    await page.click("[data-test=crop-zoom-in]");
    await page.locator("[data-test=photo-result]").waitFor();
    let [x, y, w, h] = await cropSent();
    expect(Math.abs(w - auto / 1.1)).toBeLessThanOrEqual(1);
    expect(Math.abs((w * 360) / 260 - h)).toBeLessThanOrEqual(1);

    // Drag 40 screen pixels right and 20 down: the crop moves by that many source pixels / scale.
    const box = (await frame.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 20, box.y + box.height / 2 + 10, { steps: 4 });
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 20, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await cropSent())[0]).not.toBe(x);
    const [x2, y2, w2] = await cropSent();
    expect(Math.abs(x2 - x - 40 / scale)).toBeLessThanOrEqual(2);
    expect(Math.abs(y2 - y - 20 / scale)).toBeLessThanOrEqual(2);
    expect(w2).toBe(w);
    [x, y, w, h] = [x2, y2, w2, h];

    // Keys: left arrow nudges by 2 % of the width; "-" zooms out.
    await frame.focus();
    await page.keyboard.press("ArrowLeft");
    await expect.poll(async () => (await cropSent())[0]).toBeLessThan(x);
    await page.keyboard.press("-");
    await expect.poll(async () => (await cropSent())[2]).toBeGreaterThan(w);

    // Never outside the picture, however far it is dragged.
    const b = (await frame.boundingBox())!;
    await page.mouse.move(b.x + 5, b.y + 5);
    await page.mouse.down();
    await page.mouse.move(b.x - 2000, b.y - 2000, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await cropSent()).slice(0, 2).join(",")).toBe("0,0");

    // Auto re-runs face framing: no crop is sent and the frame returns to the engine's crop.
    await page.click("[data-test=photo-auto]");
    await expect.poll(() => page.inputValue("#photo-crop")).toBe("");
    await expect.poll(async () => Math.round((await frame.boundingBox())!.width)).toBe(Math.round(box0.width));

    // Every run named the picture the app keeps open: no gesture sent the file again.
    const runs = await page.evaluate(() => (window as unknown as { regdeskPhotoRuns: { token: number | null; fileBytes: number }[] }).regdeskPhotoRuns);
    expect(runs.length).toBeGreaterThanOrEqual(6);
    for (const run of runs) expect(run).toEqual({ token: expect.any(Number), fileBytes: 0 });
  });
});

describe("photo folder batch", () => {
  it("shows progress, then the results with failures first, and resumes a cancelled job", async () => {
    const page = ctx.page;
    await page.fill("#batch-input", "/fake/photos");
    await page.fill("#batch-output", "/fake/out");
    await page.click("[data-test=batch-start]");
    await page.locator("[data-test=batch-progress-text]", { hasText: "/ 6 张" }).waitFor();
    await page.click("[data-test=batch-cancel]");
    await page.locator("[data-test=batch-results][data-status=cancelled]").waitFor();
    await page.locator("[data-test=batch-jobs]", { hasText: "已取消" }).waitFor();
    await page.click("[data-test=job-resume-1]");
    await page.locator("[data-test=batch-results][data-status=succeeded]").waitFor();
    const codes = await page.locator("[data-test=batch-row]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-code")));
    expect(codes).toEqual(["2", "1", "0", "0", "0", "0"]);
    const first = await page.locator("[data-test=batch-row]").first().textContent();
    expect(first).toContain("broken.jpg");
    expect(first).toContain("无法读取");
    expect(await page.locator("[data-test=batch-jobs]").count()).toBe(0);
  });

  it("takes several files dropped on the window instead of a folder", async () => {
    const page = ctx.page;
    await page.evaluate(() => (window as unknown as { regdeskDrop: (p: string[]) => void }).regdeskDrop(["/fake/a/me.jpg", "/fake/a/noface.jpg"]));
    await page.locator("[data-test=batch-files]", { hasText: "已选 2 个文件" }).waitFor();
    await page.fill("#batch-output", "/fake/out");
    await page.click("[data-test=batch-start]");
    await page.locator("[data-test=batch-results][data-status=succeeded]").waitFor();
    const codes = await page.locator("[data-test=batch-row]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-code")));
    expect(codes).toEqual(["1", "0"]);
  });
});
