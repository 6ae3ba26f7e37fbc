// The journey of issue «achievements»: a teacher logs a regional ВсОШ prize with a photo of the
// diploma, the class teacher verifies it, the parent sees it with its thumbnail, another parent does not.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { dayThisYear, demoIds } from "../demo-ids";
import { photoWithGps } from "../files";
import { asUser } from "../setup/browser";
import { useDemoServer } from "../setup/demo-server";

let ids: Awaited<ReturnType<typeof demoIds>>;
let photoPath: string;

const demo = useDemoServer("journey", { browser: true });
beforeAll(async () => {
  ids = await demoIds();
  photoPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "photo-")), "Диплом регионального этапа.jpg");
  fs.writeFileSync(photoPath, await photoWithGps(2000, 1500));
});

const TITLE = "ВсОШ, региональный этап, информатика — призёр";

describe("a diploma from entry to the family's page", () => {
  let achievementUrl = "";

  it("the maths teacher logs a regional-stage prize with a photo", async () => {
    await asUser(demo.browser, demo.server.url, "teacher", async (page) => {
      await page.goto(`${demo.server.url}/students/${ids.childA}`);
      await page.click("text=Добавить достижение");
      await page.waitForURL(/achievements\/new/);
      await page.selectOption('select[name="kind"]', "olympiad");
      await page.click("text=Выбрать");
      await page.waitForSelector('select[name="olympiadType"]');
      await page.selectOption('select[name="olympiadType"]', "vsosh");
      await page.selectOption('select[name="stage"]', "regional");
      await page.fill('input[name="date"]', dayThisYear(50));
      await page.fill('input[name="subject"]', "информатика");
      await page.selectOption('select[name="status"]', "prizewinner");
      await page.setInputFiles('input[name="files"]', photoPath);
      await page.click('button[value="submit"]');
      await page.waitForURL(/\/achievements\/[a-f0-9]{24}/);
      await expect.poll(() => page.locator("h1").textContent()).toBe(TITLE);
      expect(await page.locator(".badge.status-submitted").textContent()).toBe("на проверке");
      expect(await page.locator('.thumb img').count()).toBe(1);
      achievementUrl = new URL(page.url()).pathname;
    });
  });

  it("the class teacher finds it in the queue and verifies it", async () => {
    await asUser(demo.browser, demo.server.url, "klass5a", async (page) => {
      await page.goto(`${demo.server.url}/achievements`);
      await page.click(`a[href="${achievementUrl}"]`);
      await page.waitForURL(`**${achievementUrl}`);
      await page.click("text=Подтвердить по документам");
      await expect.poll(() => page.locator(".badge.status-verified").textContent()).toBe("подтверждено");
    });
  });

  it("the parent sees it with its thumbnail on their child's page", async () => {
    await asUser(demo.browser, demo.server.url, "parent", async (page) => {
      await page.goto(`${demo.server.url}/family/${ids.childA}`);
      const row = page.locator(".achievement-row", { hasText: TITLE });
      await expect.poll(() => row.count()).toBe(1);
      const thumb = row.locator("img");
      await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    });
  });

  it("another parent does not, not even by the address", async () => {
    await asUser(demo.browser, demo.server.url, "parent2", async (page) => {
      const response = await page.goto(`${demo.server.url}${achievementUrl}`);
      expect(response?.status()).toBe(404);
      const own = await page.goto(`${demo.server.url}/family/${ids.childB}`);
      expect(own?.status()).toBe(200);
      expect(await page.content()).not.toContain(TITLE);
    });
  });
});
