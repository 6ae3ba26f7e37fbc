import { describe, expect, it } from "vitest";
import { useDemoServer } from "../setup/demo-server";

const demo = useDemoServer("shell", { browser: true });
describe("the page shell in Chromium", () => {
  it("opens / in Russian with a way to sign in", async () => {
    const page = await demo.browser.newPage();
    const response = await page.goto(demo.server.url + "/");
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute("html", "lang")).toBe("ru");
    await expect(page.locator("h1").textContent()).resolves.toContain("Реестр индивидуальных достижений");
    expect(await page.locator("a", { hasText: "Войти" }).count()).toBeGreaterThan(0);
    await page.close();
  });

  it("shows a Russian 404 page with no stack trace", async () => {
    const page = await demo.browser.newPage();
    const response = await page.goto(demo.server.url + "/no-such-page");
    expect(response?.status()).toBe(404);
    const text = await page.locator("main").textContent();
    expect(text).toContain("Страница не найдена");
    expect(text).not.toMatch(/at .*\(.*:\d+:\d+\)|Error:/);
    await page.close();
  });
});
