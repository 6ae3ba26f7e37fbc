// Every page staff and the municipal specialist may open, on a 390 × 844 phone (a class teacher
// checks a diploma between lessons): the page never scrolls sideways — a wide table scrolls inside
// its own box — shows no database id, JSON or path of the server, and axe finds nothing «serious»
// or «critical».
import AxeBuilder from "@axe-core/playwright";
import { beforeAll, describe, expect, it } from "vitest";
import { demoIds } from "../demo-ids";
import { ROUTES, type Ids, type Login } from "../route-table";
import { internalsShown, signIn } from "../setup/browser";
import { useDemoServer } from "../setup/demo-server";

let ids: Ids;
const demo = useDemoServer("staff-phone", { browser: true });
beforeAll(async () => {
  ids = await demoIds();
});

/** The pages (not files: «results.template» is a file too) a login may open, from the access matrix. */
function pagesOf(login: Login) {
  return Object.entries(ROUTES)
    .filter(([route]) => !route.includes("[.]") && !route.startsWith("files.") && !["healthz", "logout", "login", "_index", "results.template"].includes(route))
    .flatMap(([, cases]) => cases.filter((c) => c.ok.includes(login)).map((c) => c.path));
}

describe("staff pages on a phone", () => {
  for (const login of ["admin", "klass5a", "teacher", "psychologist", "archivist", "municipal"] as const) {
    it(`as ${login}`, async () => {
      const context = await demo.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      await signIn(page, demo.server.url, login);
      const problems: string[] = [];
      const pages = pagesOf(login).map((p) => p(ids));
      expect(pages.length).toBeGreaterThan(1);
      for (const path of pages) {
        const response = await page.goto(`${demo.server.url}${path}`);
        expect(response?.status(), path).toBe(200);
        await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scroll > 390) problems.push(`${path}: ширина ${scroll} px`);
        for (const shown of await internalsShown(page)) problems.push(`${path}: на странице «${shown}»`);
        const { violations } = await new AxeBuilder({ page }).analyze();
        for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical")) problems.push(`${path}: ${v.id} (${v.impact}) — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
      }
      expect(problems).toEqual([]);
      await context.close();
    }, 300_000); // axe takes a second or two a page; the administration opens some forty
  }
});
