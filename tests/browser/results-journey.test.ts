// A class teacher imports a trimester's marks from a journal export, sees the class summary with
// its measures, one student's chart, and the student in the risk list with the reason.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { fullName, listStudentsOfClasses } from "~models/student.server";
import { demoIds } from "../demo-ids";
import { pdfText, renderPdf } from "../pdf";
import { asUser } from "../setup/browser";
import { useDemoServer } from "../setup/demo-server";

let ids: Awaited<ReturnType<typeof demoIds>>;
let names: string[];
let filePath: string;

const demo = useDemoServer("results", { browser: true });
beforeAll(async () => {
  ids = await demoIds();
  names = (await listStudentsOfClasses(new mongoose.Types.ObjectId(ids.schoolId), [new mongoose.Types.ObjectId(ids.class5a)])).map((s) => fullName(s));
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("5А");
  sheet.addRow(["№", "ФИО", "Математика", "Русский язык", "Литература", "Уроков", "Пропущено", "Без уважительной причины"]);
  // The first student fails every subject this trimester: whatever last year's (random) marks were,
  // their average is not rising, so the «systematic failure» criterion fires.
  names.forEach((name, i) => sheet.addRow([i + 1, name, i === 0 ? 2 : i % 3 === 0 ? 3 : 5, i === 0 ? 2 : 4, i === 1 ? "н/а" : i === 0 ? 2 : 5, 60, i === 2 ? 12 : 0, i === 2 ? 9 : 0]));
  filePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "journal-")), "Ведомость 5А 1 триместр.xlsx");
  fs.writeFileSync(filePath, new Uint8Array(await workbook.xlsx.writeBuffer()));
});

describe("from a journal export to the summary, a chart and the risk list", () => {
  it("the class teacher of 5А does it all in Chromium", async () => {
    await asUser(demo.browser, demo.server.url, "klass5a", async (page) => {
      await page.click("nav >> text=Успеваемость");
      await page.click("nav >> text=Загрузка отметок");
      await page.waitForURL(/\/results\/import/);
      await page.selectOption('select[name="period"]', "1");
      await page.setInputFiles('input[name="file"]', filePath);
      // The check is held back until the page shows what it is doing meanwhile.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route("**/results/check", async (route) => {
        await held;
        await route.continue();
      });
      await page.click('button:has-text("Проверить")');
      await page.waitForSelector('form [role="status"] progress');
      release();
      await page.waitForSelector("text=ошибок нет");
      await page.unroute("**/results/check");
      expect(await page.locator("main").textContent()).toContain(`новых: ${names.length * 3}`);
      await page.click("text=Применить");
      await page.waitForURL(/\/summary\?period=1/);
      await expect.poll(() => page.locator("h1").textContent()).toContain("Сводная ведомость: 5А класс");

      // Mathematics: one «2», every third a «3», the rest «5»: success and quality by hand.
      const n = names.length;
      const threes = names.filter((_, i) => i !== 0 && i % 3 === 0).length;
      const success = (((n - 1) * 100) / n).toLocaleString("ru-RU", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
      const quality = (((n - 1 - threes) * 100) / n).toLocaleString("ru-RU", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
      const headers = await page.locator("table.summary thead th").allTextContents();
      const column = headers.indexOf("Математика") - 1; // the first header is the student's name
      expect(column).toBeGreaterThanOrEqual(0);
      const measure = (label: string) => page.locator("tfoot tr", { hasText: label }).locator("td").nth(column).textContent();
      expect(await measure("Успеваемость, %")).toBe(success);
      expect(await measure("Качество знаний, %")).toBe(quality);

      // The XLSX says what the page says.
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Скачать XLSX")]);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile((await download.path())!);
      const sheet = workbook.worksheets[0];
      const headerRow = sheet.getRow(3).values as unknown[];
      const mathsColumn = headerRow.indexOf("Математика");
      let sheetSuccess: unknown = null;
      sheet.eachRow((r) => {
        if (r.getCell(2).value === "Успеваемость, %") sheetSuccess = r.getCell(mathsColumn).value;
      });
      expect(String(sheetSuccess).replace(".", ",")).toBe(success);
      expect(download.suggestedFilename()).toMatch(/^Ведомость 5А/);

      // And so does the PDF: the same students, the same measures.
      const [pdfDownload] = await Promise.all([page.waitForEvent("download"), page.click("text=Скачать PDF")]);
      const pdf = fs.readFileSync((await pdfDownload.path())!);
      const pdfWords = pdfText(pdf);
      expect(pdfWords).toContain("Сводная ведомость 5А класса, 1-й триместр");
      for (const name of names) expect(pdfWords).toContain(name);
      expect(pdfWords).toMatch(new RegExp(`Успеваемость, %( \\S+)* ${success}`));
      expect(renderPdf(pdf).status).toBe(0);

      await page.click(`text=${names[0]}`);
      await page.waitForURL(/\/students\//);
      await expect.poll(() => page.locator("svg.trajectory-chart").count()).toBeGreaterThan(0);

      await page.goto(`${demo.server.url}/risk`);
      const row = page.locator("tr", { hasText: names[0] });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.textContent()).toContain("Математика: 2");
      expect(await page.locator("tr", { hasText: names[2] }).textContent()).toContain("9 из 60 уроков");
    });
  });

  it("the same file again changes nothing", async () => {
    await asUser(demo.browser, demo.server.url, "klass5a", async (page) => {
      await page.goto(`${demo.server.url}/results/import`);
      await page.selectOption('select[name="period"]', "1");
      await page.setInputFiles('input[name="file"]', filePath);
      await page.click('button:has-text("Проверить")');
      await page.waitForSelector("text=ничего не изменится");
    });
  });
});
