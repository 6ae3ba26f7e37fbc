// The journey of issue «portfolio PDFs and family extracts»: a parent asks for an extract, the
// class teacher approves it, the parent downloads the PDF and the public verify page confirms it;
// the class teacher downloads the whole class's portfolios with progress on the page.
import crypto from "node:crypto";
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { EnrolmentModel } from "~models/student.server";
import { demoIds } from "../demo-ids";
import { pdfText, readZip } from "../pdf";
import { asUser } from "../setup/browser";
import { useDemoServer } from "../setup/demo-server";

let ids: Awaited<ReturnType<typeof demoIds>>;

const demo = useDemoServer("extracts", { browser: true });
beforeAll(async () => {
  ids = await demoIds();
});

const PURPOSE = "для поступления в лицей при университете";

describe("an extract from request to verification", () => {
  let pdf: Buffer;

  it("the parent asks for achievements and results of one year", async () => {
    await asUser(demo.browser, demo.server.url, "parent", async (page) => {
      await page.goto(`${demo.server.url}/family/${ids.childA}`);
      await page.click("text=Выписки из портфолио");
      await page.waitForURL(/\/extracts$/);
      for (const section of ["activity", "metasubject", "personal"]) await page.uncheck(`input[name="section"][value="${section}"]`);
      await page.check('input[name="year"][value="2025/2026"]');
      await page.check('input[name="thumbnails"]');
      await page.fill('input[name="purpose"]', PURPOSE);
      await page.click("text=Отправить заявление");
      await expect.poll(() => page.locator('[role="status"]').textContent()).toContain("Заявление отправлено");
      await expect.poll(() => page.locator("table.data").textContent()).toContain(PURPOSE);
      expect(await page.locator("table.data tbody tr", { hasText: PURPOSE }).locator(".badge").textContent()).toBe("на рассмотрении");
    });
  });

  it("the class teacher approves it", async () => {
    await asUser(demo.browser, demo.server.url, "klass5a", async (page) => {
      await page.click("text=Заявления на выписку");
      await page.waitForURL(/\/extracts$/);
      const card = page.locator(".card", { hasText: PURPOSE });
      await card.locator("text=Выдать выписку").click();
      await expect.poll(() => page.locator('[role="status"]').first().textContent()).toMatch(/Выписка выдана, код проверки [0-9A-Z-]{14}/);
      await expect.poll(() => page.locator(".card", { hasText: PURPOSE }).count()).toBe(0);
    });
  });

  it("the parent downloads the PDF: the chosen year and sections, the purpose, the thumbnails", async () => {
    await asUser(demo.browser, demo.server.url, "parent", async (page) => {
      await page.goto(`${demo.server.url}/family/${ids.childA}/extracts`);
      const row = page.locator("table.data tbody tr", { hasText: PURPOSE });
      expect(await row.locator(".badge").textContent()).toBe("выдана");
      const [download] = await Promise.all([page.waitForEvent("download"), row.locator("text=Скачать PDF").click()]);
      pdf = fs.readFileSync((await download.path())!);
    });
    const text = pdfText(pdf);
    expect(text).toContain("ВЫПИСКА ИЗ ПОРТФОЛИО");
    expect(text).toContain(PURPOSE);
    expect(text).toContain("Учебные годы 2025/2026");
    expect(text).toContain("Предметные результаты и их динамика");
    expect(text).not.toContain("Личностные результаты");
    // Thumbnails are images in the PDF: an extract with them is larger than the text alone would be.
    expect(pdf.includes(Buffer.from("/Subtype /Image"))).toBe(true);
  });

  it("the verify page, opened from the code in the PDF, confirms the very file", async () => {
    const code = /Код проверки: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(pdfText(pdf))![1];
    const hash = crypto.createHash("sha256").update(pdf).digest("hex");
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${demo.server.url}/verify`);
    await page.fill('input[name="code"]', code.toLowerCase());
    await page.click("text=Проверить");
    await page.waitForURL(new RegExp(`/verify/${code}$`));
    expect(await page.locator('[role="status"]').first().textContent()).toContain("действителен");
    expect(await page.locator('[data-testid="sha256"]').textContent()).toBe(hash);
    await context.close();
  });
});

describe("a class's portfolios in one archive", () => {
  it("the class teacher downloads the ZIP and the page shows its progress to the end", async () => {
    const enrolled = await EnrolmentModel.countDocuments({ classId: ids.class5a });
    await asUser(demo.browser, demo.server.url, "klass5a", async (page) => {
      await page.goto(`${demo.server.url}/classes/${ids.class5a}`);
      await page.click("text=Портфолио класса одним архивом");
      await page.waitForURL(/\/portfolios$/);
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Скачать портфолио класса (ZIP)")]);
      await expect.poll(() => page.locator('[role="status"]').textContent(), { timeout: 60_000 }).toContain(`Готово: ${enrolled} из ${enrolled}`);
      expect(await page.locator("progress").getAttribute("value")).toBe(String(enrolled));
      const entries = await readZip(fs.readFileSync((await download.path())!));
      expect(entries.filter((e) => e.name.endsWith(".pdf"))).toHaveLength(enrolled);
      expect(entries.map((e) => e.name)).toContain("отчёт.txt");
    });
  });
});
