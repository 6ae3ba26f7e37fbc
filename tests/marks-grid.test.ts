// Entering and correcting period marks on a page (issue «results»): the same checks and the same
// all-at-once switch as a journal file.
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { AuditModel } from "~models/audit.server";
import { fullName, listStudentsOfClasses } from "~models/student.server";
import { SubjectModel } from "~models/subject.server";
import { demoIds } from "./demo-ids";
import { get, pageText, post, signInHttp } from "./setup/http";
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
    expect(pageText(await same.text())).toContain("Ничего не изменилось");
  });

  it("another class teacher cannot open or save the class's marks", async () => {
    const other = await signInHttp(demo.server.url, "klass9a");
    expect((await get(demo.server.url, `/classes/${ids.class5a}/marks`, other)).status).toBe(404);
    expect((await post(demo.server.url, `/classes/${ids.class5a}/marks`, { period: "1" }, other)).status).toBe(404);
  });
});
