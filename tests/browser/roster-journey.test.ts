// A school moves in, in Chromium: the administration sets the year's periods (halves for 10–11),
// loads a contingent file, prints the login slips of a class; a mother signs in with her slip, must
// choose her own password, and sees exactly her child.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getCurrentYear } from "~models/academic-year.server";
import { demoIds } from "../demo-ids";
import { pdfText, renderPdf } from "../pdf";
import { asUser, signIn } from "../setup/browser";
import { useDemoServer } from "../setup/demo-server";
import { contingentCsv } from "../setup/roster-file";

const demo = useDemoServer("roster-journey", { browser: true });
let filePath: string;
beforeAll(async () => {
  const ids = await demoIds();
  const start = (await getCurrentYear(ids.schoolId))!.startDate.getUTCFullYear();
  filePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "roster-")), "Контингент 5А.csv");
  fs.writeFileSync(
    filePath,
    contingentCsv(
      [{ lastName: "Зайцева", firstName: "Ульяна", middleName: "Романовна", birthDate: `17.04.${start - 11}`, gender: "ж", className: "5А", parents: [{ name: "Зайцева Марина Олеговна", kin: "мать", phone: "+7 (913) 111-22-33", email: "zaytseva@example.ru" }] }],
      { encoding: "windows-1251", withId: false },
    ),
  );
});

describe("a school moves in", () => {
  it("periods, the contingent and the login slips; the mother signs in with hers and sees her child", async () => {
    let login = "";
    let password = "";
    await asUser(demo.browser, demo.server.url, "admin", async (page) => {
      // The year's periods: halves for 10–11, the rest as they are.
      await page.goto(`${demo.server.url}/admin/year`);
      await page.click("text=Периоды года");
      await page.waitForURL(/\/admin\/periods/);
      const card = page.locator("section.card").first();
      await card.locator('input[name="rangeFrom"]').first().fill("10");
      await card.locator('input[name="rangeTo"]').first().fill("11");
      await card.locator('select[name="rangeKind"]').first().selectOption("half");
      await card.locator("text=Сохранить системы").click();
      await page.waitForSelector("text=Системы периодов");
      expect(await page.locator("main").textContent()).toContain("10–11 классы: полугодия");
      // The next year is made now, with the same systems, and shown with its own periods.
      await page.click('button:has-text("Подготовить")');
      await page.waitForSelector("text=подготовлен: проверьте его периоды");
      expect(await page.locator("section.card").count()).toBe(2);
      expect(await page.locator("section.card").nth(1).textContent()).toContain("10–11 классы: полугодия");

      // The contingent: one new pupil of 5А with her mother.
      await page.click("nav >> text=Контингент");
      await page.waitForURL(/\/admin\/roster$/);
      await page.setInputFiles('input[name="file"]', filePath);
      await page.click('button:has-text("Проверить")');
      await page.waitForURL(/import=/);
      await page.waitForSelector("text=Что изменится");
      expect(await page.locator("main").textContent()).toContain("прибывают — 1");
      await page.click('button:has-text("Применить")');
      await page.waitForSelector("text=прибыло 1 ученик");

      // Login slips for 5А: a PDF with a slip for the new family.
      await page.selectOption('select[name="classId"]', { label: "5А класс" });
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Создать и распечатать листки (PDF)")]);
      const bytes = new Uint8Array(fs.readFileSync((await download.path())!));
      expect(renderPdf(bytes).status).toBe(0);
      const text = pdfText(bytes);
      expect(text).toContain("Вход в реестр достижений: Зайцева Ульяна Романовна, 5А");
      [, login, password] = /Зайцева Марина Олеговна \(мать\) (\S+) (\S+)/.exec(text)!;
    });
    expect(login).toBe("zaytseva.mo");

    const context = await demo.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    try {
      await signIn(page, demo.server.url, login, password);
      await page.waitForURL(/\/password/);
      await page.fill('input[name="current"]', password);
      await page.fill('input[name="next"]', "Марина-Зайцева-2026");
      await page.fill('input[name="repeat"]', "Марина-Зайцева-2026");
      await page.click('button:has-text("Сменить пароль")');
      await page.waitForURL((url) => !url.pathname.startsWith("/password"));
      await page.goto(`${demo.server.url}/family`);
      const text = (await page.locator("main").textContent()) ?? "";
      expect(text).toContain("Зайцева Ульяна");
      expect(await page.locator("main a[href^='/family/']").evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute("href")!.split("/")[2]))].length)).toBe(1);
      // The phone's width: the family's page does not scroll sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await context.close();
    }
  });
});
