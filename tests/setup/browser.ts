import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";

// Debian's chromium, headless, with nothing reaching outside this machine.
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

export const DEMO_PASSWORD = "demo-2026";

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, baseUrl: string, login: string, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.click('button[type="submit"]')]);
  // The address changes before the new page is drawn; wait until the sign-in form is gone.
  await page.waitForSelector('input[name="password"]', { state: "detached" });
}

/** A fresh browser session signed in as `login`: runs the steps and fails on any error in the page. */
export async function asUser(browser: Browser, baseUrl: string, login: string, steps: (page: Page) => Promise<void>) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  try {
    await signIn(page, baseUrl, login);
    await steps(page);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
}

/** What a page must never say to the person reading it: a database id, JSON, or a path of the server. */
export async function internalsShown(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const shown = [
    text.match(/\b[0-9a-f]{24}\b/)?.[0],
    text.match(/[{[]\s*"\w+"\s*:.{0,30}/)?.[0],
    text.match(/\/(work|home|tmp|var)\/\S*|\S*node_modules\S*|\S+\.ts\b/)?.[0],
  ];
  return shown.filter((s): s is string => s !== undefined);
}
