// The journey of issue «Open Badges 3.0»: on a phone, a parent downloads an achievement's badge and
// the portfolio's CLR, pastes the badge into the public verify page and sees it valid; the
// administration withdraws it on the student's page; pasted again, it shows revoked.
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { demoIds } from "../demo-ids";
import { asUser, signIn } from "../setup/browser";
import { useDemoServer } from "../setup/demo-server";

let ids: Awaited<ReturnType<typeof demoIds>>;
const demo = useDemoServer("credential-journey", { browser: true });
beforeAll(async () => {
  ids = await demoIds();
});

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe("a badge from download to revocation", () => {
  let badge = "";
  let code = "";

  /** Pastes the badge into /verify/credential on a phone and returns what the page says. */
  async function checkOnVerifyPage() {
    const context = await demo.browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${demo.server.url}/verify/credential`);
    await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
    await page.fill('textarea[name="credential"]', badge);
    await page.click('button[type="submit"]:has-text("Проверить")');
    const verdict = page.locator('[data-testid="credential-verdict"]');
    await verdict.waitFor();
    const text = (await verdict.textContent()) ?? "";
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
    return text;
  }

  it("the parent downloads an achievement's badge and the portfolio's CLR on a phone", async () => {
    const context = await demo.browser.newContext(PHONE);
    const page = await context.newPage();
    await signIn(page, demo.server.url, "parent");
    await page.goto(`${demo.server.url}/family/${ids.childA}`);
    await page.click("text=Цифровые бейджи (Open Badges)");
    await page.waitForURL(/\/badges$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const [clrDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('form[aria-label="Скачать портфолио CLR"] button[value="json"]').click(),
    ]);
    const clr = JSON.parse(fs.readFileSync((await clrDownload.path())!, "utf8")) as { type: string[]; credentialSubject: { verifiableCredential: unknown[] } };
    expect(clr.type).toContain("ClrCredential");
    expect(clr.credentialSubject.verifiableCredential.length).toBeGreaterThan(0);
    expect(clrDownload.suggestedFilename()).toMatch(/^Портфолио CLR .+\.json$/);

    const card = page.locator("li.card").first();
    const [badgeDownload] = await Promise.all([page.waitForEvent("download"), card.locator('button[value="json"]').click()]);
    badge = fs.readFileSync((await badgeDownload.path())!, "utf8");
    const parsed = JSON.parse(badge) as { type: string[]; evidence: { id: string }[] };
    expect(parsed.type).toContain("OpenBadgeCredential");
    code = /\/verify\/([0-9A-Z-]{14})$/.exec(parsed.evidence[0].id)![1];

    // The page lists both issues, in force.
    await page.reload();
    await expect.poll(() => page.locator("table.data").textContent()).toContain(code);
    expect(await page.locator("table.data tbody tr", { hasText: code }).textContent()).toContain("действует");
    await context.close();
  });

  it("pasted into the public verify page, it is valid, with the school and the achievement", async () => {
    const text = await checkOnVerifyPage();
    expect(text).toContain("Бейдж подлинный и действителен");
    expect(text).toContain("Средняя общеобразовательная школа");
    expect(text).toContain((JSON.parse(badge) as { name: string }).name);
  });

  it("the administration withdraws it on the student's page", async () => {
    await asUser(demo.browser, demo.server.url, "admin", async (page) => {
      await page.goto(`${demo.server.url}/students/${ids.childA}`);
      await page.click("text=Цифровые бейджи");
      await page.waitForURL(/\/badges$/);
      const row = page.locator("table.data tbody tr", { hasText: code });
      await row.locator('input[name="reason"]').fill("диплом оказался поддельным");
      await row.locator("text=Отозвать").click();
      await expect.poll(() => page.locator('[role="status"]').first().textContent()).toContain("Бейдж отозван");
      await expect.poll(() => page.locator("table.data tbody tr", { hasText: code }).textContent()).toContain("отозван");
    });
  });

  it("pasted again, it shows revoked, with the day and without the school's reason", async () => {
    const text = await checkOnVerifyPage();
    expect(text).toContain("отозван школой");
    expect(text).toMatch(/Отозван \d{2}\.\d{2}\.\d{4}/);
    expect(text).not.toContain("поддельным");
  });
});
