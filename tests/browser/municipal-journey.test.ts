// The journeys of issue «external assessments, quality report, municipal indicators»: the
// municipal specialist opens the indicator table, opens a figure to its counts and one school's
// three years on charts; the deputy director prints the school's quality report.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { pdfText } from "../pdf";
import { asUser } from "../setup/browser";
import { useDemoServer } from "../setup/demo-server";

const demo = useDemoServer("municipaljourney", { browser: true });

describe("the municipal view and the quality report", () => {
  it("the municipal specialist reads the table, opens a figure and one school's three years on charts", async () => {
    await asUser(demo.browser, demo.server.url, "municipal", async (page) => {
      await page.waitForURL(/\/municipal/);
      const table = page.locator("table.indicators");
      await expect.poll(() => table.locator("tbody tr").count()).toBe(21);
      expect(await table.locator("thead").textContent()).toContain("МОУ «Школа № 3»");
      // A figure opens to what it was counted from.
      const figure = table.locator("details.figure").first();
      await figure.locator("summary").click();
      expect(await figure.textContent()).toMatch(/\d+ из \d+/);
      await page.click("thead >> text=МОУ «Школа № 3»");
      await page.waitForURL(/\/municipal\/schools\//);
      const charts = page.locator('[aria-label="Показатели по годам"] svg[role="img"]');
      await expect.poll(() => charts.count()).toBeGreaterThan(5);
      // Three years on each chart: the improving school's indicator 1 is drawn as three bars.
      expect(await page.locator('figure', { hasText: "1. ВПР, 4 класс" }).locator("svg rect").count()).toBe(3);
    });
  });

  it("the deputy director opens the quality report and downloads its PDF", async () => {
    await asUser(demo.browser, demo.server.url, "admin", async (page) => {
      await page.click("nav >> text=Успеваемость");
      await page.click("nav >> text=Качество");
      await page.waitForURL(/\/quality/);
      await page.selectOption('select[name="year"]', "2025/2026");
      await page.selectOption('select[name="period"]', "year");
      await page.click("text=Показать");
      await page.waitForURL(/period=year/);
      await expect.poll(() => page.locator("h2").allTextContents()).toContain("Внешние оценочные процедуры");
      expect(await page.locator('svg[aria-label="Успеваемость и качество знаний по классам"]').count()).toBe(1);
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=PDF для печати")]);
      const text = pdfText(fs.readFileSync((await download.path())!));
      expect(text).toContain("Внутришкольный мониторинг качества образования: год, 2025/2026 учебный год");
      expect(text).toContain("ВПР, 4 кл., Русский язык");
    });
  });
});
