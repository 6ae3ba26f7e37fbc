// Closing the school year on the demo school, through the admin's page: last year's class
// summaries stay exactly as they were, classes move up, a student stays back and one leaves, and
// the closed year's marks and achievements are read-only. Then the storage periods: a personal
// file past its period is removed only after a verified archive, and the removal is logged.
import mongoose, { type Types } from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { changeStatus } from "~/achievements/workflow.server";
import { stageImport } from "~/results/import.server";
import { classSummary } from "~/results/summary.server";
import { AcademicYearModel, getCurrentYear, type AcademicYear } from "~models/academic-year.server";
import { AchievementModel, type Achievement } from "~models/achievement.server";
import { ArchiveExportModel } from "~models/archive.server";
import { AuditModel } from "~models/audit.server";
import { ClassModel, type SchoolClass } from "~models/class.server";
import { SubjectModel } from "~models/subject.server";
import { EnrolmentModel, StudentModel, type Student } from "~models/student.server";
import { UserModel, type PublicUser } from "~models/user.server";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

let admin: string;
let schoolId: Types.ObjectId;
let year: AcademicYear;
let classes: SchoolClass[];

const demo = useDemoServer("rollover");
beforeAll(async () => {
  admin = await signInHttp(demo.server.url, "admin");
  schoolId = (await UserModel.findOne({ login: "admin" }).lean<{ schoolId: Types.ObjectId }>())!.schoolId;
  year = (await getCurrentYear(schoolId))!;
  classes = await ClassModel.find({ schoolId, yearId: year._id }).sort({ grade: 1, letter: 1 }).lean<SchoolClass[]>();
});

const summaries = async () => {
  const all = [];
  for (const c of classes) for (const period of [...year.periods.map((p) => String(p.number)), "year"]) all.push(await classSummary(schoolId, c._id, period));
  return all;
};
/** The class teacher of 5А types a mark in mathematics for the first student, on the marks page. */
async function typeMarks(mark: string) {
  const klass5a = await signInHttp(demo.server.url, "klass5a");
  const class5a = classes.find((c) => c.grade === 5 && c.letter === "А")!;
  const maths = (await SubjectModel.findOne({ schoolId, name: "Математика" }).lean<{ _id: Types.ObjectId }>())!;
  const path = `/classes/${class5a._id}/marks?period=1`;
  const previewed = /name="previewed" value="([^"]*)"/.exec(await (await get(demo.server.url, path, klass5a)).text())?.[1] ?? "";
  const [first] = await studentsOf(class5a._id);
  return post(demo.server.url, path, { period: "1", previewed, [`m:${first}:${maths._id}`]: mark }, klass5a);
}

const studentsOf = async (classId: Types.ObjectId) => (await EnrolmentModel.find({ classId }).sort({ _id: 1 }).lean<{ studentId: Types.ObjectId }[]>()).map((e) => e.studentId);

describe("closing the school year", () => {
  let before: Awaited<ReturnType<typeof summaries>>;
  let stays: Types.ObjectId;
  let leaves: Types.ObjectId;

  it("asks for the year's name before it does anything", async () => {
    // This year's first marks, typed by the class teacher, and one achievement waiting for verification.
    await typeMarks("5");
    await AchievementModel.create({
      schoolId, studentId: (await studentsOf(classes[0]._id))[0], kind: "award", date: year.startDate, academicYear: year.name, details: { reason: "за учёбу", grantedBy: "директор" },
      title: "Поощрение", status: "submitted", source: "staff", createdBy: new mongoose.Types.ObjectId(), createdByName: "тест", chainId: new mongoose.Types.ObjectId(), version: 1,
      evidence: [],
    });
    before = await summaries();
    expect(before.some((s) => s.loaded)).toBe(true);
    const refused = await post(demo.server.url, "/admin/year", { yearId: String(year._id), confirm: "да", leavingDate: `${year.name.slice(5)}-06-30` }, admin);
    expect(refused.status).toBe(400);
    expect(pageText(await refused.text())).toContain(`впишите его название: ${year.name}`);
    expect((await getCurrentYear(schoolId))!.name).toBe(year.name);
  });

  it("moves classes up, keeps one student back and lets one leave; the old year's summaries do not change", async () => {
    const [first5a, second5a] = await studentsOf(classes.find((c) => c.grade === 5 && c.letter === "А")!._id);
    stays = first5a;
    leaves = second5a;
    const done = await post(
      demo.server.url,
      "/admin/year",
      { yearId: String(year._id), confirm: year.name, leavingDate: `${year.name.slice(5)}-06-30`, [`move.${stays}`]: "repeat", [`move.${leaves}`]: "leave" },
      admin,
    );
    expect(done.status).toBe(302);
    expect(pageText(await (await followRedirect(demo.server.url, done, admin)).text())).toContain("оставлено на второй год: 1");

    const next = (await getCurrentYear(schoolId))!;
    expect(next.name).toBe(`${year.name.slice(5)}/${Number(year.name.slice(5)) + 1}`);
    expect((await AcademicYearModel.findById(year._id).lean<AcademicYear>())!.closedAt).not.toBeNull();
    const old5a = classes.find((c) => c.grade === 5 && c.letter === "А")!;
    const new6a = (await ClassModel.findOne({ schoolId, yearId: next._id, grade: 6, letter: "А" }).lean<SchoolClass>())!;
    expect(String(new6a.classTeacherId)).toBe(String(old5a.classTeacherId));
    const moved = (await studentsOf(new6a._id)).map(String);
    expect(moved).not.toContain(String(stays));
    expect(moved).not.toContain(String(leaves));
    expect(moved.length).toBe((await studentsOf(old5a._id)).length - 2);
    const new5a = (await ClassModel.findOne({ schoolId, yearId: next._id, grade: 5, letter: "А" }).lean<SchoolClass>())!;
    expect((await studentsOf(new5a._id)).map(String)).toContain(String(stays));
    expect((await StudentModel.findById(leaves).lean<Student>())!.leftAt?.toISOString().slice(0, 10)).toBe(`${year.name.slice(5)}-06-30`);

    // Last year's summaries read exactly as before the closing.
    expect(await summaries()).toEqual(before);
    // The year page cannot close it twice.
    expect(pageText(await (await get(demo.server.url, "/admin/year", admin)).text())).toContain(`Учебный год ${next.name}`);
  });

  it("the closed year's marks and achievements are read-only", async () => {
    const user = (await UserModel.findOne({ login: "admin" }).lean<PublicUser>())!;
    const request = new Request("http://localhost/");
    // The marks page reaches this year's classes only; the import itself refuses a closed year.
    expect((await typeMarks("4")).status).toBe(404);
    await expect(stageImport({ request, user, schoolClass: classes[0], period: "1", fileName: "marks.xlsx", bytes: new Uint8Array([1, 2, 3]) })).rejects.toThrow(`Учебный год ${year.name} закрыт`);
    const pending = await AchievementModel.findOne({ schoolId, academicYear: year.name, status: "submitted" }).lean<Achievement>();
    expect(pending).not.toBeNull();
    await expect(changeStatus(request, user, pending!, "reject", "не тот документ")).rejects.toThrow("только для чтения");
    expect((await AchievementModel.findById(pending!._id).lean<Achievement>())!.status).toBe("submitted");
  });
});

describe("storage periods", () => {
  it("a personal file past its period is removed only after a verified archive, and logged", async () => {
    const leaver = (await StudentModel.findOne({ schoolId, leftAt: { $ne: null } }).lean<Student>())!;
    // The student left long ago: the period (3 years after leaving) has run out.
    await StudentModel.updateOne({ _id: leaver._id }, { $set: { leftAt: new Date("2020-06-30") } });
    await AchievementModel.create({
      schoolId, studentId: leaver._id, kind: "award", date: new Date("2020-05-01"), academicYear: year.name, details: { reason: "за учёбу", grantedBy: "директор" },
      title: "Поощрение", status: "verified", source: "staff", createdBy: new mongoose.Types.ObjectId(), createdByName: "тест", chainId: new mongoose.Types.ObjectId(), version: 1,
    });
    const page = pageText(await (await get(demo.server.url, "/admin/retention", admin)).text());
    expect(page).toContain("Личные дела выбывших (1)");
    expect(page).toContain("нет проверенного архива");

    const refused = await post(demo.server.url, "/admin/retention", { intent: "remove", kind: "personalFile", id: String(leaver._id), confirm: "on" }, admin);
    expect(refused.status).toBe(400);
    expect(pageText(await refused.text())).toContain("Сначала сделайте и проверьте архив");
    expect(await AchievementModel.countDocuments({ studentId: leaver._id })).toBeGreaterThan(0);

    const enrolledYears = await AcademicYearModel.find({ _id: { $in: await EnrolmentModel.distinct("yearId", { studentId: leaver._id }) } }).lean<AcademicYear[]>();
    for (const y of enrolledYears) {
      await ArchiveExportModel.create({ schoolId, schoolYear: y.name, state: "done", startedAt: new Date(), startedBy: new mongoose.Types.ObjectId(), startedByName: "тест", verifiedAt: new Date(), verifiedOk: true });
    }
    const removed = await post(demo.server.url, "/admin/retention", { intent: "remove", kind: "personalFile", id: String(leaver._id), confirm: "on" }, admin);
    expect(removed.status).toBe(302);
    expect(pageText(await (await followRedirect(demo.server.url, removed, admin)).text())).toContain("Удалено: 1. Удаление записано в журнал доступа.");
    expect(await AchievementModel.countDocuments({ studentId: leaver._id })).toBe(0);
    // The name and the enrolments stay: the class registers keep them for their own period.
    expect(await StudentModel.exists({ _id: leaver._id })).not.toBeNull();
    expect(await AuditModel.exists({ entity: "retention", action: "delete", entityId: String(leaver._id) })).not.toBeNull();
    expect(pageText(await (await get(demo.server.url, "/admin/retention", admin)).text())).toContain("Личные дела выбывших (0)");
  });

  it("periods are settings with their sources; a wrong one is refused", async () => {
    const bad = await post(demo.server.url, "/admin/retention", { intent: "periods", "personalFile.years": "0", "personalFile.source": "x", "classRegisters.years": "25", "classRegisters.source": "номенклатура", "auditLog.years": "5", "auditLog.source": "приказ" }, admin);
    expect(bad.status).toBe(400);
    const ok = await post(demo.server.url, "/admin/retention", { intent: "periods", "personalFile.years": "3", "personalFile.source": "Приказ Росархива № 236 от 20.12.2019", "classRegisters.years": "10", "classRegisters.source": "номенклатура дел, дело 01-17", "auditLog.years": "5", "auditLog.source": "приказ по школе № 12" }, admin);
    expect(ok.status).toBe(302);
    const archivePage = pageText(await (await get(demo.server.url, "/archive", admin)).text());
    expect(archivePage).toContain("номенклатура дел, дело 01-17");
  });
});
