// A parent with only a phone: proposes a diploma with a photo, hears it was confirmed, asks for an
// extract, hears it was issued (in the app and by e-mail, with no surname in the letter) and
// downloads it from the phone page. The class teacher works at a desk.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StudentModel } from "~models/student.server";
import { UserModel } from "~models/user.server";
import { dayThisYear, demoIds } from "../demo-ids";
import { photoWithGps } from "../files";
import { asUser, signIn } from "../setup/browser";
import { useDemoServer } from "../setup/demo-server";

// The site's address as the school sets it: the only address a letter links to.
const SITE = "https://portfolio.school17.test";

// The school's mail server, here: every letter it receives is kept for the test to read.
const letters: { to: string; raw: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, session, callback) {
    let raw = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => (raw += chunk));
    stream.on("end", () => {
      letters.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), raw });
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
const smtpPort = (smtp.server.address() as { port: number }).port;

let ids: Awaited<ReturnType<typeof demoIds>>;
let photoPath: string;
const demo = useDemoServer("family-journey", { browser: true, env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SMTP_FROM: "Реестр достижений <portfolio@school.test>", PUBLIC_URL: SITE } });
beforeAll(async () => {
  ids = await demoIds();
  photoPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "phone-")), "IMG_2041.jpg");
  fs.writeFileSync(photoPath, await photoWithGps(1200, 1600));
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

const MAIL = "mama@example.test";
const PURPOSE = "для участия в региональной смене «Сириуса»";

/** The parent on a 390 × 844 phone. */
async function onPhone(browser: Browser, steps: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  try {
    await signIn(page, demo.server.url, "parent");
    await steps(page);
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  } finally {
    await context.close();
  }
}

/** The unread count on the bell. */
const bell = async (page: Page) => Number(/(\d+) непрочитанных/.exec((await page.locator("a.bell").getAttribute("aria-label")) ?? "")?.[1] ?? 0);

describe("a parent with only a phone", () => {
  let proposalUrl = "";

  it("proposes an olympiad diploma with a photo taken on the phone, and gives a mail address", async () => {
    await onPhone(demo.browser, async (page) => {
      await page.goto(`${demo.server.url}/notifications`);
      await page.fill('input[name="email"]', MAIL);
      await page.check('input[name="on"]');
      await page.click("text=Сохранить");
      await expect.poll(() => page.locator('[role="status"]').textContent()).toContain(MAIL);
      await page.goto(`${demo.server.url}/family`);
      await page.locator(".child-card", { has: page.locator(`a[href="/family/${ids.childA}"]`) }).locator("text=Предложить достижение").click();
      await page.waitForURL(/\/proposals$/);
      await page.selectOption('select[name="kind"]', "olympiad");
      await page.waitForSelector('select[name="olympiadType"]');
      await page.selectOption('select[name="olympiadType"]', "vsosh");
      await page.selectOption('select[name="stage"]', "municipal");
      await page.fill('input[name="date"]', dayThisYear(45));
      await page.fill('input[name="subject"]', "литература");
      await page.selectOption('select[name="status"]', "winner");
      await page.fill('input[name="organiser"]', "Управление образования");
      await page.setInputFiles("input[capture]", photoPath);
      await page.click('button[value="submit"]');
      await expect.poll(() => page.locator('[role="status"]').textContent()).toContain("Отправлено классному руководителю");
      await expect.poll(() => page.locator(".proposal-list li").first().textContent()).toContain("на проверке");
    });
  });

  it("the class teacher sees it marked as proposed by the family and confirms it", async () => {
    await asUser(demo.browser, demo.server.url, "klass5a", async (page) => {
      const count = page.locator(".waiting__item", { hasText: "Предложения семей" }).locator(".waiting__count");
      expect(Number(await count.textContent())).toBeGreaterThanOrEqual(1);
      await page.click("text=Предложения семей");
      await page.waitForURL(/origin=family/);
      const row = page.locator("tbody tr", { hasText: "литература" });
      await expect.poll(() => row.textContent()).toContain("предложено семьёй");
      await row.locator("a", { hasText: "ВсОШ" }).click();
      await page.waitForURL(/\/achievements\/[a-f0-9]{24}$/);
      proposalUrl = new URL(page.url()).pathname;
      await page.click("text=Подтвердить по документам");
      await expect.poll(() => page.locator('[role="status"]').first().textContent()).toContain("Подтверждено");
    });
  });

  it("the parent's bell says so; the parent asks for an extract and the form starts empty again", async () => {
    await onPhone(demo.browser, async (page) => {
      await page.goto(`${demo.server.url}/family`);
      await expect.poll(() => bell(page)).toBeGreaterThanOrEqual(1);
      await page.click("a.bell");
      await page.waitForURL(/\/notifications$/);
      await expect.poll(() => page.locator(".notification--new").first().textContent()).toContain("Достижение подтверждено");
      await page.goto(`${demo.server.url}/family/${ids.childA}/extracts`);
      await page.fill('input[name="purpose"]', PURPOSE);
      await page.click("text=Отправить заявление");
      await expect.poll(() => page.locator('[role="status"]').textContent()).toContain("Заявление отправлено");
      expect(await page.inputValue('input[name="purpose"]')).toBe("");
      await expect.poll(() => page.locator("table.data").textContent()).toContain("всё портфолио");
    });
    expect(proposalUrl).toMatch(/^\/achievements\//);
  });

  it("the class teacher issues it; the parent hears of it and downloads the PDF on the phone; the letter names no surname", async () => {
    await asUser(demo.browser, demo.server.url, "klass5a", async (page) => {
      await page.goto(`${demo.server.url}/extracts`);
      await page.locator(".card", { hasText: PURPOSE }).locator("text=Выдать выписку").click();
      await expect.poll(() => page.locator('[role="status"]').first().textContent()).toMatch(/Выписка выдана/);
    });
    await onPhone(demo.browser, async (page) => {
      await page.goto(`${demo.server.url}/family`);
      await expect.poll(() => bell(page)).toBeGreaterThanOrEqual(1);
      await page.goto(`${demo.server.url}/family/${ids.childA}/extracts`);
      const main = page.locator("[data-main-action]");
      const box = (await main.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      const [download] = await Promise.all([page.waitForEvent("download"), main.click()]);
      expect(fs.readFileSync((await download.path())!).subarray(0, 5).toString()).toBe("%PDF-");
    });
    const child = (await StudentModel.findById(ids.childA).lean<{ firstName: string; lastName: string }>())!;
    const parent = (await UserModel.findOne({ login: "parent" }).lean<{ lastName: string }>())!;
    await expect.poll(() => letters.filter((l) => l.to === MAIL && l.raw.includes("=?UTF-8?")).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const decoded = letters.filter((l) => l.to === MAIL).map((l) => decodeLetter(l.raw));
    const issued = decoded.find((l) => l.includes("готова"));
    expect(issued).toBeDefined();
    expect(issued).toContain(child.firstName);
    expect(issued).toContain(`${SITE}/family/${ids.childA}/extracts`);
    for (const letter of decoded) {
      expect(letter).not.toContain(child.lastName);
      expect(letter).not.toContain(parent.lastName);
    }
  });
});

/** A letter's headers and body as text: quoted-printable and base64 parts and encoded words decoded. */
function decodeLetter(raw: string) {
  const words = raw.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
  );
  const body = raw.includes("Content-Transfer-Encoding: base64")
    ? Buffer.from(raw.split(/\r?\n\r?\n/).slice(1).join("").replace(/\s+/g, ""), "base64").toString("utf8")
    : Buffer.from(raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
  return `${words}\n${body}`;
}
