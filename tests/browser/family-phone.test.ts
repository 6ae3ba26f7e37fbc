// Every page a family member or a student can open, on a 390 × 844 phone: the page never scrolls
// sideways, its main action is on the screen without scrolling sideways, it shows no database id,
// JSON or server path, and axe finds nothing «serious» or «critical».
import AxeBuilder from "@axe-core/playwright";
import { beforeAll, describe, expect, it } from "vitest";
import { demoIds } from "../demo-ids";
import { ROUTES, type Ids } from "../route-table";
import { internalsShown, signIn } from "../setup/browser";
import { useDemoServer } from "../setup/demo-server";

let ids: Ids;
const demo = useDemoServer("family-phone", { browser: true });
beforeAll(async () => {
  ids = await demoIds();
});

/** The pages (not files) a family login may open, from the access matrix. */
function familyPages(login: "parent" | "student") {
  return Object.entries(ROUTES)
    .filter(([route]) => !route.includes("[.]") && !route.startsWith("files.") && !["healthz", "logout", "login", "_index", "password"].includes(route))
    .flatMap(([, cases]) => cases.filter((c) => c.ok.includes(login)).map((c) => c.path))
    .concat([() => "/password"]);
}

describe("family pages on a phone", () => {
  for (const login of ["parent", "student"] as const) {
    for (const width of [360, 390, 430]) {
      it(`as ${login} at ${width} px`, async () => {
        const context = await demo.browser.newContext({ viewport: { width, height: 844 }, isMobile: true, hasTouch: true });
        const page = await context.newPage();
        await signIn(page, demo.server.url, login);
        const problems: string[] = [];
        let labelsMeasured = 0;
        for (const path of familyPages(login).map((p) => p(ids))) {
          const response = await page.goto(`${demo.server.url}${path}`);
          expect(response?.status(), path).toBe(200);
          await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
          const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
          if (scroll > width) problems.push(`${path}: ширина ${scroll} px`);
          for (const shown of await internalsShown(page)) problems.push(`${path}: на странице «${shown}»`);
          const main = page.locator("[data-main-action]").first();
          const box = (await main.count()) ? await main.boundingBox() : null;
          if (!box) problems.push(`${path}: нет главного действия`);
          else if (box.x < 0 || box.x + box.width > width) problems.push(`${path}: главное действие за краем (${Math.round(box.x)}–${Math.round(box.x + box.width)})`);
          // A chart's labels stay readable: the size each label is drawn at on this screen, at least 11 px.
          const labelSizes = await page.$$eval("svg.trajectory-chart--wide, svg.trajectory-chart--phone", (charts) =>
            charts
              .filter((svg) => svg.getBoundingClientRect().width > 0)
              .flatMap((svg) => {
                const scale = svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width;
                return [...svg.querySelectorAll("text")].map((t) => Number(t.getAttribute("font-size")) * scale);
              }),
          );
          for (const size of labelSizes) if (size < 11) problems.push(`${path}: подпись графика ${size.toFixed(1)} px`);
          labelsMeasured += labelSizes.length;
          if (width === 390) {
            const { violations } = await new AxeBuilder({ page }).analyze();
            for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical")) problems.push(`${path}: ${v.id} (${v.impact}) — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
          }
        }
        expect(problems).toEqual([]);
        // The child's record has its marks' chart: its labels were measured.
        expect(labelsMeasured).toBeGreaterThan(0);
        await context.close();
      });
    }
  }
});
