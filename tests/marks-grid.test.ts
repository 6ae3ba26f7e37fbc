// Entering and correcting period marks on a page (issue «results»): the same checks and the same
// all-at-once switch as a journal file.
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { AuditModel } from "~models/audit.server";
import { fullName, listStudentsOfClasses } from "~models/student.server";
import { SubjectModel } from "~models/subject.server";
import { demoIds } from "./demo-ids";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

let ids: Awaited<ReturnType<typeof demoIds>>;
let cookie: string;
const demo = useDemoServer("marks");
beforeAll(async () => {
  ids = await demoIds();
  cookie = await signInHttp(demo.server.url, "klass5a");
});

describe("period marks typed on the page", () => {
  it("a bad cell is named with the student and nothing is saved; good marks are switched on at once and shown in the summary", async () => {
    const students = await listStudentsOfClasses(ids.schoolId, [new mongoose.Types.ObjectId(ids.class5a)]);
    const maths = (await SubjectModel.findOne({ name: "Математика" }).lean<{ _id: unknown }>())!;
    const [first, second] = students;
    const path = `/classes/${ids.class5a}/marks?period=1`;
    const previewed = /name="previewed" value="([^"]*)"/.exec(await (await get(demo.server.url, path, cookie)).text())![1];
    const bad = await post(demo.server.url, path, { period: "1", previewed, [`m:${first._id}:${maths._id}`]: "5", [`m:${second._id}:${maths._id}`]: "6", [`l:${second._id}`]: "40", [`a:${second._id}`]: "50" }, cookie);
    expect(bad.status).toBe(400);
    const text = pageText(await bad.text());
    expect(text).toContain(`${fullName(second)}: Математика — «6» — не отметка`);
    expect(text).toContain(`${fullName(second)}: пропущено больше уроков, чем проведено`);
    expect(pageText(await (await get(demo.server.url, `/classes/${ids.class5a}/summary?period=1`, cookie)).text())).toContain("Отметки за этот период ещё не загружены");

    const good = await post(demo.server.url, path, { period: "1", previewed, [`m:${first._id}:${maths._id}`]: "5", [`m:${second._id}:${maths._id}`]: "н/а", [`l:${second._id}`]: "40", [`a:${second._id}`]: "12", [`u:${second._id}`]: "2" }, cookie);
    expect(good.status).toBe(302);
    const summary = pageText(await (await get(demo.server.url, `/classes/${ids.class5a}/summary?period=1`, cookie)).text());
    expect(summary).toContain(`${fullName(first)} 5`);
    expect(summary).toContain(`${fullName(second)} н/а 12 (2)`);
    expect(await AuditModel.exists({ entity: "results", action: "update", summary: /исправление на странице/ })).not.toBeNull();

    // The page was opened before that change: saving it now would overwrite it unseen.
    const stale = await post(demo.server.url, path, { period: "1", previewed, [`m:${first._id}:${maths._id}`]: "4" }, cookie);
    expect(stale.status).toBe(409);
    expect(pageText(await stale.text())).toContain("отметки этого класса изменились");
    const fresh = /name="previewed" value="([^"]*)"/.exec(await (await get(demo.server.url, path, cookie)).text())![1];
    const same = await post(demo.server.url, path, { period: "1", previewed: fresh, [`m:${first._id}:${maths._id}`]: "5", [`m:${second._id}:${maths._id}`]: "н/а", [`l:${second._id}`]: "40", [`a:${second._id}`]: "12", [`u:${second._id}`]: "2" }, cookie);
    // Nothing to save: back to the grid, which says so once.
    expect(same.status).toBe(302);
    expect(pageText(await (await followRedirect(demo.server.url, same, cookie)).text())).toContain("Ничего не изменилось");
  });

  it("another class teacher cannot open or save the class's marks", async () => {
    const other = await signInHttp(demo.server.url, "klass9a");
    expect((await get(demo.server.url, `/classes/${ids.class5a}/marks`, other)).status).toBe(404);
    expect((await post(demo.server.url, `/classes/${ids.class5a}/marks`, { period: "1" }, other)).status).toBe(404);
  });
});

describe("a journal file on the import page, without scripts", () => {
  const send = (csv: string, period = "2") => {
    const form = new FormData();
    form.set("intent", "check");
    form.set("dataset", "marks");
    form.set("class", String(ids.class5a));
    form.set("period", period);
    form.set("file", new Blob([csv], { type: "text/csv" }), "ведомость.csv");
    return fetch(`${demo.server.url}/results/import`, { method: "POST", body: form, redirect: "manual", headers: { Cookie: cookie, Origin: demo.server.url } });
  };

  it("a bad file is refused with its problems by row; a good one is previewed from its address, then switched on", async () => {
    const students = await listStudentsOfClasses(ids.schoolId, [new mongoose.Types.ObjectId(ids.class5a)]);
    const bad = await send(`ФИО;Математика\nНеизвестный Ученик;5`);
    expect(bad.status).toBe(400);
    const badText = pageText(await bad.text());
    expect(badText).toContain("Найдено ошибок: 1");
    expect(badText).toContain("обучающегося «Неизвестный Ученик» нет в 5А классе");

    const good = await send(["ФИО;Математика", ...students.map((s) => `${fullName(s)};4`)].join("\n"));
    expect(good.status).toBe(302);
    const preview = good.headers.get("location")!;
    expect(preview).toMatch(/^\/results\/import\?import=[0-9a-f]{24}$/);
    const html = await (await get(demo.server.url, preview, cookie)).text();
    expect(pageText(html)).toContain("ошибок нет");
    expect(pageText(html)).toContain(`новых: ${students.length}`);
    // Another class teacher does not see it.
    expect((await get(demo.server.url, preview, await signInHttp(demo.server.url, "klass9a"))).status).toBe(404);

    // An id that is no id is refused by the form, not by the database.
    const malformed = await post(demo.server.url, preview, { intent: "apply", importId: "not-an-id", previewed: "" }, cookie);
    expect(malformed.status).toBe(400);
    expect(pageText(await malformed.text())).toContain("Загрузка не найдена: загрузите файл заново");

    const importId = /name="importId" value="([^"]*)"/.exec(html)![1];
    const previewed = /name="previewed" value="([^"]*)"/.exec(html)![1];
    const applied = await post(demo.server.url, preview, { intent: "apply", importId, previewed }, cookie);
    expect(applied.status).toBe(302);
    expect(applied.headers.get("location")).toBe(`/classes/${ids.class5a}/summary?period=2&imported=1`);
    expect(pageText(await (await get(demo.server.url, preview, cookie)).text())).toContain("Эта загрузка уже применена или не найдена");
    const again = await post(demo.server.url, preview, { intent: "apply", importId, previewed }, cookie);
    expect(again.status).toBe(409);

    // The same file again: nothing would change, and the page says so.
    const same = await send(["ФИО;Математика", ...students.map((s) => `${fullName(s)};4`)].join("\n"));
    expect(same.status).toBe(302);
    expect(pageText(await (await followRedirect(demo.server.url, same, cookie)).text())).toContain("ничего не изменится");
  });
});
