// The staff's journey through the review queue: a subject teacher sends ten entries, the class teacher
// looks at a document beside the list and confirms all ten with one press; each is logged on its own.
import { beforeAll, describe, expect, it } from "vitest";
import { AchievementModel } from "~models/achievement.server";
import { AuditModel } from "~models/audit.server";
import { dayThisYear, demoIds } from "../demo-ids";
import { png } from "../files";
import { asUser } from "../setup/browser";
import { useDemoServer } from "../setup/demo-server";
import { signInHttp } from "../setup/http";

let ids: Awaited<ReturnType<typeof demoIds>>;
const demo = useDemoServer("review-queue", { browser: true });
const REASON = "за помощь в подготовке школьного праздника";
const created: string[] = [];

let entered = 0;
/** An award for the 5А student entered and sent for review by `login`, with its own scan; its id. */
async function enter(login: string, reason: string) {
  const form = new FormData();
  for (const [key, value] of Object.entries({ kind: "award", date: dayThisYear(30 + entered), reason, grantedBy: "директор школы", intent: "submit" })) form.append(key, value);
  form.append("files", new Blob([new Uint8Array(await png(600 + ++entered, 400))], { type: "image/png" }), `грамота ${entered}.png`);
  const response = await fetch(`${demo.server.url}/students/${ids.childA}/achievements/new`, { method: "POST", body: form, redirect: "manual", headers: { Cookie: await signInHttp(demo.server.url, login), Origin: demo.server.url } });
  expect(response.status).toBe(302);
  return /\/achievements\/([a-f0-9]{24})/.exec(response.headers.get("location")!)![1];
}

beforeAll(async () => {
  ids = await demoIds();
  for (let i = 0; i < 10; i++) created.push(await enter("teacher", `${REASON} № ${i + 1}`));
});

describe("the review queue", () => {
  it("the class teacher previews a document and confirms ten entries at once, each logged separately", async () => {
    await asUser(demo.browser, demo.server.url, "klass5a", async (page) => {
      // Home says how many wait; the count leads to the queue.
      const count = page.locator(".waiting__item", { hasText: "Достижения на проверке" }).locator(".waiting__count");
      expect(Number(await count.textContent())).toBeGreaterThanOrEqual(10);
      await page.click("text=Достижения на проверке");
      await page.waitForURL(/\/achievements$/);
      await page.waitForSelector("table.data");
      // Only the new awards: the filter by kind.
      await page.selectOption('select[name="kind"]', "award");
      await page.click("text=Показать");
      await page.waitForURL(/kind=award/);
      await expect.poll(() => page.locator("tbody tr").count()).toBe(10);
      // The document of the third row beside the list.
      const third = page.locator("tbody tr").nth(2);
      await third.locator("text=Документ").click();
      await expect.poll(() => page.locator(".review-preview img").getAttribute("src")).toMatch(/^\/files\/[a-f0-9]{24}$/);
      await expect.poll(() => page.locator(".review-preview h2").textContent()).toContain(REASON);
      await expect.poll(() => page.locator(".review-preview img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
      await page.check('input[aria-label="Выбрать все, которые можно подтвердить"]');
      await page.click("text=Подтвердить выбранные (10)");
      await expect.poll(() => page.locator('[role="status"]').textContent()).toContain("Подтверждено 10 достижений");
      await expect.poll(() => page.locator("tbody tr").count()).toBe(0);
    });
    const statuses = await AchievementModel.find({ _id: { $in: created } }, { status: 1, verifiedBy: 1 }).lean<{ status: string }[]>();
    expect(statuses.map((a) => a.status)).toEqual(Array(10).fill("verified"));
    const lines = await AuditModel.countDocuments({ entity: "achievement", entityId: { $in: created }, summary: /подтверждено по документам/ });
    expect(lines).toBe(10);
  });

  it("the class teacher's own entry offers no confirmation while «подтверждает не автор записи» is on", async () => {
    const own = await enter("klass5a", "за организацию экскурсии");
    await asUser(demo.browser, demo.server.url, "klass5a", async (page) => {
      await page.goto(`${demo.server.url}/achievements?kind=award`);
      const row = page.locator("tbody tr", { hasText: "за организацию экскурсии" });
      await expect.poll(() => row.count()).toBe(1);
      await expect.poll(() => row.textContent()).toContain("внесли вы — подтверждает другой");
      expect(await row.locator('input[type="checkbox"]').count()).toBe(0);
      await row.locator(`a[href="/achievements/${own}"]`).click();
      await page.waitForURL(`**/achievements/${own}`);
      await page.waitForSelector("text=подтверждает его другой человек");
      expect(await page.locator("text=Подтвердить по документам").count()).toBe(0);
    });
    expect((await AchievementModel.findById(own).lean<{ status: string }>())!.status).toBe("submitted");
  });
});
