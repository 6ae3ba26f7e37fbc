// The school year's periods as the administration sets them: a system per grade range (halves for
// 10–11 while the rest have trimesters), the periods' dates, and the next year prepared before the
// current one is closed — which the closing then keeps.
import mongoose, { type Types } from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { AcademicYearModel, getCurrentYear } from "~models/academic-year.server";
import { ClassModel } from "~models/class.server";
import { insertResultSet, switchResultSets } from "~models/results.server";
import { listStudentsOfClasses } from "~models/student.server";
import { listSubjects } from "~models/subject.server";
import type { PeriodMark } from "~models/vocabulary/marks";
import { demoIds } from "./demo-ids";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

const demo = useDemoServer("periods");
let ids: Awaited<ReturnType<typeof demoIds>>;
let admin: string;
beforeAll(async () => {
  ids = await demoIds();
  admin = await signInHttp(demo.server.url, "admin");
});

const periodsPage = async () => pageText(await (await get(demo.server.url, "/admin/periods", admin)).text());

describe("the year's periods", () => {
  it("a grade range gets its own system; a system with loaded marks stays; dates are checked", async () => {
    const year = (await getCurrentYear(ids.schoolId))!;
    const yearId = String(year._id);
    // This year's marks of 5А are loaded: the 5th grade's system is fixed for the year.
    const class5a = new mongoose.Types.ObjectId(ids.class5a);
    const [student] = await listStudentsOfClasses(year.schoolId, [class5a]);
    const maths = (await listSubjects(year.schoolId)).find((s) => s.name === "Математика")!;
    const { setId } = await insertResultSet({
      schoolId: year.schoolId, classId: class5a, yearId: year._id, period: "1",
      rows: [{ studentId: student._id, marks: [{ subjectId: maths._id, mark: 5 as PeriodMark }], lessons: null, absences: null, unexcused: null }],
      record: { fileName: "журнал.xlsx", sha256: "-", by: new mongoose.Types.ObjectId(), byName: "Учитель", state: "applied" },
    });
    await switchResultSets(year.schoolId, [{ classId: class5a, period: "1", setId }]);

    const refused = await post(demo.server.url, "/admin/periods", new URLSearchParams([["intent", "systems"], ["yearId", yearId], ["periodKind", "quarter"], ["rangeFrom", ""], ["rangeTo", ""], ["rangeKind", "half"]]), admin);
    expect(refused.status).toBe(400);
    expect(pageText(await refused.text())).toMatch(/В (\d+, )*5(, \d+)*-х классах уже загружены отметки/);
    expect((await AcademicYearModel.findById(year._id).lean<{ periodKind: string }>())!.periodKind).toBe(year.periodKind);

    const saved = await post(demo.server.url, "/admin/periods", new URLSearchParams([["intent", "systems"], ["yearId", yearId], ["periodKind", year.periodKind], ["rangeFrom", "10"], ["rangeTo", "11"], ["rangeKind", "half"], ["rangeFrom", ""], ["rangeTo", ""], ["rangeKind", "half"]]), admin);
    expect(saved.status).toBe(302);
    const page = await periodsPage();
    expect(page).toContain("10–11 классы: полугодия");
    expect(page).toContain("Остальные классы: триместры");

    // A 10th-grade class made now reads its summary by halves; 5А still by trimesters.
    expect((await post(demo.server.url, "/classes", { intent: "create", grade: "10", letter: "А" }, admin)).status).toBe(302);
    const class10a = (await ClassModel.findOne({ schoolId: year.schoolId, yearId: year._id, grade: 10, letter: "А" }).lean<{ _id: Types.ObjectId }>())!;
    expect(pageText(await (await get(demo.server.url, `/classes/${class10a._id}/summary`, admin)).text())).toContain("1-е полугодие");
    const summary5a = pageText(await (await get(demo.server.url, `/classes/${ids.class5a}/summary`, admin)).text());
    expect(summary5a).toContain("1-й триместр");
    expect(summary5a).not.toContain("полугодие");

    // Dates: the trimesters' three and the halves' two, in the page's order; a period ending before it starts is refused.
    const stored = (await AcademicYearModel.findById(year._id).lean<{ periods: { startDate: Date; endDate: Date }[]; gradeSystems: { periods: { startDate: Date; endDate: Date }[] }[] }>())!;
    const all = [...stored.periods, ...stored.gradeSystems[0].periods];
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const form = (ends: string[]) => new URLSearchParams([["intent", "dates"], ["yearId", yearId], ...all.map((p) => ["starts", day(p.startDate)]), ...ends.map((e) => ["ends", e])]);
    const badEnds = all.map((p) => day(p.endDate));
    badEnds[3] = day(new Date(all[3].startDate.getTime() - 86400_000));
    const bad = await post(demo.server.url, "/admin/periods", form(badEnds), admin);
    expect(bad.status).toBe(400);
    expect(pageText(await bad.text())).toMatch(/1-е полугодие: начало \(\d\d\.\d\d\.\d{4}\) позже конца/);
    const goodEnds = all.map((p) => day(p.endDate));
    goodEnds[3] = `${all[3].endDate.getUTCFullYear()}-12-26`;
    expect((await post(demo.server.url, "/admin/periods", form(goodEnds), admin)).status).toBe(302);
    expect(day((await AcademicYearModel.findById(year._id).lean<{ gradeSystems: { periods: { endDate: Date }[] }[] }>())!.gradeSystems[0].periods[0].endDate)).toBe(goodEnds[3]);
  });

  it("the next year is prepared before the current one is closed, and the closing keeps it", async () => {
    const year = (await getCurrentYear(ids.schoolId))!;
    const start = year.startDate.getUTCFullYear();
    const nextName = `${start + 1}/${start + 2}`;
    const prepared = await post(demo.server.url, "/admin/periods", { intent: "prepare" }, admin);
    expect(prepared.status).toBe(302);
    expect(pageText(await (await followRedirect(demo.server.url, prepared, admin)).text())).toContain(`Учебный год ${nextName} подготовлен`);
    const next = (await AcademicYearModel.findOne({ schoolId: year.schoolId, name: nextName }).lean<{ _id: Types.ObjectId; current: boolean; gradeSystems: { fromGrade: number; periodKind: string }[] }>())!;
    expect(next.current).toBe(false);
    expect(next.gradeSystems.map((g) => [g.fromGrade, g.periodKind])).toEqual([[10, "half"]]);
    expect((await getCurrentYear(ids.schoolId))!.name).toBe(year.name);
    expect((await post(demo.server.url, "/admin/periods", { intent: "prepare" }, admin)).status).toBe(409);

    // The prepared year's halves end on a day of the school's choosing; closing the current year keeps it.
    const stored = (await AcademicYearModel.findById(next._id).lean<{ periods: { startDate: Date; endDate: Date }[]; gradeSystems: { periods: { startDate: Date; endDate: Date }[] }[] }>())!;
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const all = [...stored.periods, ...stored.gradeSystems[0].periods];
    const ends = all.map((p) => day(p.endDate));
    ends[ends.length - 1] = `${start + 2}-05-29`;
    const body = new URLSearchParams([["intent", "dates"], ["yearId", String(next._id)], ...all.map((p) => ["starts", day(p.startDate)]), ...ends.map((e) => ["ends", e])]);
    expect((await post(demo.server.url, "/admin/periods", body, admin)).status).toBe(302);
    const closed = await post(demo.server.url, "/admin/year", { yearId: String(year._id), leavingDate: `${start + 1}-06-30`, confirm: year.name }, admin);
    expect(closed.status).toBe(302);
    const current = (await getCurrentYear(ids.schoolId))!;
    expect(current.name).toBe(nextName);
    expect(day(current.gradeSystems![0].periods[1].endDate)).toBe(`${start + 2}-05-29`);
  });
});
