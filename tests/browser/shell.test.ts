import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../setup/browser";
import { freshDatabaseUri } from "../setup/database";
import { startServer, type TestServer } from "../setup/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ MONGODB_URI: freshDatabaseUri("shell") });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the page shell in Chromium", () => {
  it("opens / in Russian with a way to sign in", async () => {
    const page = await browser.newPage();
    const response = await page.goto(server.url + "/");
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute("html", "lang")).toBe("ru");
    await expect(page.locator("h1").textContent()).resolves.toContain("Реестр индивидуальных достижений");
    expect(await page.locator("a", { hasText: "Войти" }).count()).toBeGreaterThan(0);
    await page.close();
  });

  it("shows a Russian 404 page with no stack trace", async () => {
    const page = await browser.newPage();
    const response = await page.goto(server.url + "/no-such-page");
    expect(response?.status()).toBe(404);
    const text = await page.locator("main").textContent();
    expect(text).toContain("Страница не найдена");
    expect(text).not.toMatch(/at .*\(.*:\d+:\d+\)|Error:/);
    await page.close();
  });
});
