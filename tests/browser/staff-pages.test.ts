// Every staff page of the access matrix, as someone who may open it, at 1366 px: the page does not
// scroll sideways (wide tables scroll inside their own box) and axe finds nothing «serious» or
// «critical».
import AxeBuilder from "@axe-core/playwright";
import { beforeAll, describe, expect, it } from "vitest";
import { demoIds } from "../demo-ids";
import { ROUTES, STAFF, type Ids, type Login } from "../route-table";
import { signIn } from "../setup/browser";
import { useDemoServer } from "../setup/demo-server";

let ids: Ids;
const demo = useDemoServer("staff-pages", { browser: true });
beforeAll(async () => {
  ids = await demoIds();
});

/** Pages, not files or redirects: the routes a member of staff reads in the browser. */
const isPage = (route: string) =>
  !route.includes("[.]") && !route.startsWith("files.") && !["healthz", "logout", "_index", "login", "results.check", "results.template"].includes(route);

/** Each staff page once, by the first staff login that may open it; the home page by every staff role. */
function staffPages(): Map<Login, ((ids: Ids) => string)[]> {
  const byLogin = new Map<Login, ((ids: Ids) => string)[]>();
  const add = (login: Login, path: (ids: Ids) => string) => byLogin.set(login, [...(byLogin.get(login) ?? []), path]);
  for (const [route, cases] of Object.entries(ROUTES)) {
    if (!isPage(route)) continue;
    const reachable = cases.find((c) => c.ok.some((login) => STAFF.includes(login)));
    if (!reachable) continue;
    if (route === "home") for (const login of STAFF) add(login, reachable.path);
    else add(reachable.ok.find((login) => STAFF.includes(login))!, reachable.path);
  }
  return byLogin;
}

/** Ten pages a test: axe takes about a second a page, and one test must end well within its minute. */
const PAGES_PER_TEST = 10;
const inTens = <T>(items: T[]) =>
  Array.from({ length: Math.ceil(items.length / PAGES_PER_TEST) }, (_, i) => items.slice(i * PAGES_PER_TEST, (i + 1) * PAGES_PER_TEST));

describe("staff pages at 1366 px", () => {
  for (const [login, all] of staffPages()) {
    for (const [n, paths] of inTens(all).entries()) {
      it(`as ${login}: pages ${n * PAGES_PER_TEST + 1}–${n * PAGES_PER_TEST + paths.length} of ${all.length} fit the width and pass axe`, async () => {
        const context = await demo.browser.newContext({ viewport: { width: 1366, height: 800 } });
        const page = await context.newPage();
        await signIn(page, demo.server.url, login);
        const problems: string[] = [];
        for (const path of paths.map((p) => p(ids))) {
          const response = await page.goto(`${demo.server.url}${path}`);
          expect(response?.status(), path).toBe(200);
          await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          if (width > 1366) problems.push(`${path}: ширина ${width} px`);
          const { violations } = await new AxeBuilder({ page }).analyze();
          for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
            problems.push(
              `${path}: ${v.id} (${v.impact}) — ${v.nodes
                .slice(0, 3)
                .map((n) => n.target.join(" "))
                .join("; ")}`
            );
          }
        }
        expect(problems).toEqual([]);
        await context.close();
      });
    }
  }
});
