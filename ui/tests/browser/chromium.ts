// Debian's Chromium driven by playwright-core (Playwright's own browser downloads cannot
// work on these machines). Flags keep it off the network.
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * One browser per test file and a fresh page per test, opened on the app and prepared by
 * `prepare`. Tests read the page through the returned holder.
 */
export function freshPage(prepare: (page: Page) => Promise<void>): { page: Page } {
  const holder = {} as { page: Page };
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    holder.page = await browser.newPage();
    await holder.page.goto(inject("baseUrl"));
    await prepare(holder.page);
  });
  return holder;
}
