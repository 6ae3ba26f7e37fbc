// The journey of issue «gifted register and credit decisions»: a parent applies for credit with a
// document, the admin decides with the school's act, the parent sees the decision and downloads
// its PDF; the admin sees who qualifies for the register and why.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { demoIds } from "../demo-ids";
import { photoWithGps } from "../files";
import { pdfText } from "../pdf";
import { asUser } from "../setup/browser";
import { useDemoServer } from "../setup/demo-server";

let ids: Awaited<ReturnType<typeof demoIds>>;
let scanPath: string;

const demo = useDemoServer("credit", { browser: true });
beforeAll(async () => {
  ids = await demoIds();
  scanPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scan-")), "Справка об окончании курса.jpg");
  fs.writeFileSync(scanPath, await photoWithGps(1200, 900));
});

const PROGRAMME = "Курс «Программирование на Python», модуль 1";

describe("a credit application from the family to the decision", () => {
  it("the parent applies with a scan of the certificate", async () => {
    await asUser(demo.browser, demo.server.url, "parent", async (page) => {
      await page.goto(`${demo.server.url}/family/${ids.childA}`);
      await page.click("text=Зачёт результатов из других организаций");
      await page.waitForURL(/\/credits$/);
      await page.selectOption('select[name="subjectId"]', { label: "Математика" });
      await page.fill('input[name="programme"]', PROGRAMME);
      await page.fill('input[name="organisation"]', "Детский технопарк «Кванториум»");
      await page.fill('input[name="periodFrom"]', "2026-09-01");
      await page.fill('input[name="periodTo"]', "2026-11-15");
      await page.fill('input[name="result"]', "зачтено, 72 часа");
      await page.setInputFiles('input[name="files"]', scanPath);
      await page.click("text=Подать заявление");
      await expect.poll(() => page.locator('[role="status"]').textContent()).toContain("Заявление подано");
      await expect.poll(() => page.locator(".card", { hasText: PROGRAMME }).locator(".badge").textContent()).toBe("на рассмотрении");
    });
  });

  it("the admin opens it, sees the document, and credits it as «зачтено» for the year", async () => {
    await asUser(demo.browser, demo.server.url, "admin", async (page) => {
      // Home says what waits: the application, a link straight to the list.
      const waiting = page.locator(".waiting__item", { hasText: "Заявления о зачёте результатов" }).locator(".waiting__count");
      expect(Number(await waiting.textContent())).toBeGreaterThan(0);
      await page.click("text=Заявления о зачёте результатов");
      await page.waitForURL(/\/credits$/);
      await page.click(`text=${PROGRAMME}`);
      await page.waitForURL(/\/credits\/[a-f0-9]{24}$/);
      await expect.poll(() => page.locator('a[href^="/files/"]').count()).toBe(1);
      await page.check('input[name="outcome"][value="credited"]');
      await page.selectOption('select[name="mark"]', "зач");
      await page.selectOption('select[name="period"]', "year");
      await page.fill('textarea[name="reason"]', "программа технопарка соответствует модулю «Алгоритмы» рабочей программы");
      await page.fill('input[name="act"]', "Положение о порядке зачёта результатов, п. 3.1");
      await page.click("text=Записать решение");
      await expect.poll(() => page.locator('[role="status"]').textContent()).toContain("Решение записано");
      await expect.poll(() => page.locator("h2").first().textContent()).toContain("зачтено как «зачтено» за год");
    });
  });

  it("the parent sees the decision and downloads its PDF", async () => {
    await asUser(demo.browser, demo.server.url, "parent", async (page) => {
      await page.goto(`${demo.server.url}/family/${ids.childA}/credits`);
      const card = page.locator(".card", { hasText: PROGRAMME });
      expect(await card.locator(".badge").textContent()).toContain("зачтено");
      expect(await card.textContent()).toContain("Положение о порядке зачёта результатов, п. 3.1");
      const [download] = await Promise.all([page.waitForEvent("download"), card.locator("text=Скачать решение (PDF)").click()]);
      const text = pdfText(fs.readFileSync((await download.path())!));
      expect(text).toContain("РЕШЕНИЕ О ЗАЧЁТЕ РЕЗУЛЬТАТОВ");
      expect(text).toContain(PROGRAMME);
      expect(text).toContain("«зачтено» по предмету «Математика» за год");
    });
  });
});

describe("the register", () => {
  it("the admin sees who qualifies last year and why a student does not this year", async () => {
    await asUser(demo.browser, demo.server.url, "admin", async (page) => {
      await page.click("nav >> text=Достижения");
      await page.click("nav >> text=ГИР");
      await page.waitForURL(/\/gifted$/);
      await page.selectOption('select[name="year"]', "2025/2026");
      await page.click("text=Показать");
      await page.waitForURL(/year=2025/);
      const row = page.locator("table.data tbody tr").first();
      expect(await row.textContent()).toContain("Всероссийская олимпиада школьников");
      await row.locator("a").first().click();
      await page.waitForURL(/\/gifted\?year=2025/);
      expect(await page.locator('[role="status"]').first().textContent()).toContain("Проходит в ГИР");
    });
  });
});
