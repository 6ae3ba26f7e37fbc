// Reports open where the data is, say why a table is empty, show N beside every share, link down
// to classes and up to the school, and reach last year's classes; the risk group filters.
import { beforeAll, describe, expect, it } from "vitest";
import { defaultPeriod } from "~/results/periods";
import { AcademicYearModel } from "~models/academic-year.server";
import { ClassModel } from "~models/class.server";
import { ResultsStateModel } from "~models/results.server";
import { get, pageText, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

describe("the period a report opens on", () => {
  const options = [{ key: "1" }, { key: "2" }, { key: "3" }, { key: "year" }];
  it("is the latest with marks, else the first", () => {
    expect(defaultPeriod(options, new Set(["1", "2"]))).toBe("2");
    expect(defaultPeriod(options, new Set(["1", "year"]))).toBe("year");
    expect(defaultPeriod(options, new Set())).toBe("1");
    expect(defaultPeriod(options, new Set(["4"]))).toBe("1");
  });
});

const cookies: Record<string, string> = {};
const demo = useDemoServer("reports");
beforeAll(async () => {
  for (const login of ["admin", "klass5a", "psychologist"]) cookies[login] = await signInHttp(demo.server.url, login);
});

/** Last year's periods with marks in force, read straight from the store (the demo's marks are of last year). */
async function loadedPeriods() {
  const year = (await AcademicYearModel.findOne({ current: { $ne: true } }).sort({ startDate: -1 }).lean<{ _id: unknown; name: string; periods: { number: number | string; name: string }[] }>())!;
  year.periods = [...year.periods, { number: "year", name: "год" }];
  const classIds = new Set((await ClassModel.find({ yearId: year._id }, { _id: 1 }).lean<{ _id: unknown }[]>()).map((c) => String(c._id)));
  const active = (await ResultsStateModel.findOne({}).lean<{ active: Record<string, unknown> }>())?.active ?? {};
  const loaded = new Set(Object.keys(active).filter((k) => k.split(":").length === 2 && classIds.has(k.split(":")[0])).map((k) => k.split(":")[1]));
  return { year, loaded };
}

describe("Итоги and the class summary", () => {
  it("Итоги opens on the latest period with marks; an empty period says why", async () => {
    const { year, loaded } = await loadedPeriods();
    const latest = [...year.periods].reverse().find((p) => loaded.has(String(p.number)));
    expect(latest).toBeDefined();
    const page = pageText(await (await get(demo.server.url, `/school?year=${encodeURIComponent(year.name)}`, cookies.admin)).text());
    expect(page).toContain(`Итоги: ${latest!.name}, ${year.name}`);
    expect(page).not.toContain("ещё не загружены ни для одного класса");
    // This year nothing is loaded yet: the page opens on its first period and says why it is empty.
    const emptyPage = pageText(await (await get(demo.server.url, "/school", cookies.admin)).text());
    expect(emptyPage).toMatch(/Итоги: 1-[йея] \S+, \d{4}\/\d{4}/);
    expect(emptyPage).toContain("итоговые отметки ещё не загружены ни для одного класса");
  });

  it("Итоги rows open the class summaries, which link back up and show N beside each share", async () => {
    const { year } = await loadedPeriods();
    const html = await (await get(demo.server.url, `/school?year=${encodeURIComponent(year.name)}`, cookies.admin)).text();
    const link = /href="(\/classes\/[0-9a-f]{24}\/summary\?period=[^"]+)"/.exec(html);
    expect(link).not.toBeNull();
    const summary = await get(demo.server.url, link![1], cookies.admin);
    const text = pageText(await summary.text());
    expect(text).toContain("Итоги школы за период");
    expect(text).toContain("Отметок (N)");
    expect(text).toMatch(/Успеваемость \d+,\d % — \d+ из \d+ обучающ/);
  });
});

describe("classes of past years", () => {
  it("the administration opens last year's classes from «Классы»; a class teacher sees this year only", async () => {
    const last = (await AcademicYearModel.findOne({ current: { $ne: true } }).sort({ startDate: -1 }).lean<{ name: string; _id: unknown }>())!;
    const page = pageText(await (await get(demo.server.url, "/classes", cookies.admin)).text());
    expect(page).toContain(`Другие учебные годы: ${last.name}`);
    const past = await (await get(demo.server.url, `/classes?year=${encodeURIComponent(last.name)}`, cookies.admin)).text();
    expect(pageText(past)).toContain(`Классы, ${last.name} учебный год`);
    expect(pageText(past)).toContain("только просмотр");
    const pastClass = (await ClassModel.findOne({ yearId: last._id }).lean<{ _id: unknown }>())!;
    expect(past).toContain(`href="/classes/${pastClass._id}"`);
    expect(past).not.toContain('name="intent" value="create"');
    const teacher = pageText(await (await get(demo.server.url, `/classes?year=${encodeURIComponent(last.name)}`, cookies.klass5a)).text());
    expect(teacher).not.toContain("Другие учебные годы");
    expect(teacher).not.toContain(`Классы, ${last.name}`);
  });
});

describe("the risk group", () => {
  it("filters by class and criterion", async () => {
    const all = pageText(await (await get(demo.server.url, "/risk", cookies.psychologist)).text());
    const total = Number(/Всего: (\d+)/.exec(all)![1]);
    expect(total).toBeGreaterThan(1);
    const html = await (await get(demo.server.url, "/risk?class=5%D0%90", cookies.psychologist)).text();
    const shown = /Показано (\d+) из (\d+)/.exec(pageText(html));
    expect(shown).not.toBeNull();
    expect(Number(shown![2])).toBe(total);
    const rows = [...html.matchAll(/<tr><td>.*?<\/td><td>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(rows.length).toBe(Number(shown![1]));
    expect(new Set(rows)).toEqual(new Set(["5А"]));
    const failing = pageText(await (await get(demo.server.url, "/risk?criterion=failure", cookies.psychologist)).text());
    expect(failing).toMatch(/Показано \d+ из \d+|Всего: \d+/);
    expect(failing).not.toContain("Признаки дезадаптации:");
  });
});
