// Every page a person opens from the menus draws and comes alive in the browser without an error:
// the server's HTML alone would hide a page whose browser half breaks (a value only the server has).
// On a 390 px phone, as a class teacher or a parent may open any of them: the page never scrolls
// sideways (a wide table scrolls inside its own box), and it shows no id, JSON or server path.
import { beforeAll, describe, expect, it } from "vitest";
import { demoIds } from "../demo-ids";
import { internalsShown, signIn } from "../setup/browser";
import { useDemoServer } from "../setup/demo-server";

let ids: Awaited<ReturnType<typeof demoIds>>;

const demo = useDemoServer("pages", { browser: true });
beforeAll(async () => {
  ids = await demoIds();
});

const PAGES: Record<string, (ids: Awaited<ReturnType<typeof demoIds>>) => string[]> = {
  admin: (i) => [
    "/classes", `/classes/${i.class5a}`, `/classes/${i.lastYear5a}/summary?period=3`, `/classes/${i.class5a}/portfolios`, `/classes/${i.class5a}/marks?period=1`,
    "/students", `/students/${i.childA}`, `/students/${i.childA}/achievements/new`, `/students/${i.childA}/support`, `/students/${i.childA}/gifted`,
    "/achievements", `/achievements/${i.achievementA}`, `/achievements/${i.achievementA}/edit`, "/extracts", "/results/import",
    "/risk", "/school", "/gifted", "/credits", `/credits/${i.creditA}`, "/admin/credit-rules", "/admin/users", "/admin/users/new",
    "/admin/users/import", `/admin/users/${i.teacherUser}`, "/admin/audit", "/admin/settings", "/password",
    "/archive", "/admin/year", "/admin/retention", "/results/external", "/quality", "/quality?year=2025%2F2026&period=year", "/quality/programme",
  ],
  archivist: () => ["/archive", "/classes"],
  parent: (i) => ["/family", `/family/${i.childA}`, `/family/${i.childA}/extracts`, `/family/${i.childA}/credits`, `/family/${i.childA}/quality?year=2025%2F2026&period=year`],
  municipal: (i) => ["/municipal", "/municipal/settings", `/municipal/schools/${i.schoolId}`, "/verify", `/verify/${i.codeA}`],
};

describe("every page comes alive without an error, on a phone", () => {
  for (const [login, pages] of Object.entries(PAGES)) {
    it(`as ${login}`, async () => {
      const context = await demo.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`${page.url()}: ${message.text().split("\n")[0]}`);
      });
      // A script, a style or a picture of the page that did not come: the page is broken too.
      page.on("response", (response) => {
        if (response.status() >= 400 && response.request().resourceType() !== "document") errors.push(`${page.url()}: ${response.status()} ${response.url()}`);
      });
      // (A request cut short by the next navigation is not a failure of the page.)
      page.on("requestfailed", (request) => {
        if (request.failure()?.errorText !== "net::ERR_ABORTED") errors.push(`${page.url()}: ${request.url()} ${request.failure()?.errorText ?? ""}`);
      });
      await signIn(page, demo.server.url, login);
      for (const path of pages(ids)) {
        const response = await page.goto(`${demo.server.url}${path}`);
        expect(response?.status(), path).toBe(200);
        // The page's scripts loaded and ran: Remix's router exists only once the browser half has hydrated.
        await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
        expect(await internalsShown(page), path).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
