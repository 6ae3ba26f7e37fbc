import ExcelJS from "exceljs";
import { Types } from "mongoose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "../../tests/setup/database";
import { seedDemoSchool } from "../../scripts/demo-school";
import { RefusedByRule } from "~/http/refusals";
import { Conflict } from "~/http/refusals";
import { getCurrentYear } from "~models/academic-year.server";
import { getClassByName, insertClasses, type SchoolClass } from "~models/class.server";
import { countResultSets, getResultSetOfImport, getStagedImport, switchResultSets } from "~models/results.server";
import { fullName, insertEnrolments, insertStudents, listStudentsOfClasses } from "~models/student.server";
import { getUserByLogin, type PublicUser } from "~models/user.server";
import { applyImport, activeSetId, stageImport } from "./import.server";
import { classSummary } from "./summary.server";

useTestDatabase();
let admin: PublicUser;
let schoolId: Types.ObjectId;
let class5a: SchoolClass;
let names: string[];
const request = new Request("http://registry.local/results/import");

async function xlsx(rows: (string | number)[][]) {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("Ведомость").addRows(rows);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

beforeAll(async () => {
  await seedDemoSchool(new Date("2026-11-23"));
  admin = (await getUserByLogin({ login: "admin" }))!;
  schoolId = admin.schoolId as Types.ObjectId;
  const year = (await getCurrentYear(schoolId))!;
  class5a = (await getClassByName({ schoolId, yearId: year._id, grade: 5, letter: "А" }))!;
  names = (await listStudentsOfClasses(admin.schoolId!, [class5a._id])).map((s) => fullName(s));
});

const stage = (bytes: Uint8Array, period = "1") => stageImport({ request, user: admin, schoolClass: class5a, period, fileName: "ведомость.xlsx", bytes });

describe("period marks from the journal", () => {
  it("round trip: checked, previewed, applied, and the summary counts agree with a hand count", async () => {
    const file = await xlsx([
      ["№", "ФИО", "Математика", "Русский язык", "Физическая культура", "Уроков", "Пропущено", "Без уважительной причины"],
      [1, names[0], 5, 4, "зач", 120, 6, 0],
      [2, names[1].toUpperCase().replaceAll("Ё", "Е"), 4, 4, "зач", 120, 14, 12],
      [3, names[2], 3, "н/а", "осв", "", "", ""],
      [4, names[3], 2, 3, "зач", 120, 0, 0],
    ]);
    const staged = await stage(file);
    expect(staged.problems).toEqual([]);
    expect(staged.changes).toEqual({ added: 12, changed: 0, removed: 0 });
    expect(staged.missing).toHaveLength(names.length - 4);
    // Staged is not yet in force.
    expect((await classSummary(admin.schoolId!, class5a._id, "1")).loaded).toBe(false);
    await applyImport(request, admin, admin.schoolId!, staged.importId!, "");
    const summary = await classSummary(admin.schoolId!, class5a._id, "1");
    const maths = summary.subjects.find((s) => s.name === "Математика")!.measures;
    expect(maths.n).toBe(4);
    expect(maths.average).toBe(3.5);
    expect(maths.successRate).toBe(75);
    expect(maths.quality).toBe(50);
    expect(maths.sou).toBe((100 + 64 + 36 + 16) / 4);
    const russian = summary.subjects.find((s) => s.name === "Русский язык")!.measures;
    // 4, 4, н/а, 3: the н/а stays in N and fails.
    expect([russian.n, russian.successRate, russian.quality]).toEqual([4, 75, 50]);
    expect(summary.measures.n).toBe(4);
    expect(summary.measures.successRate).toBe(50); // students 1 and 2 have no failing mark
    expect(summary.students.find((s) => s.name === names[1])!.unexcused).toBe(12);
  });

  it("the same file twice changes nothing", async () => {
    const before = await countResultSets({ schoolId });
    const file = await xlsx([["ФИО", "Математика"], [names[0], 5]]);
    const first = await stage(file, "2");
    await applyImport(request, admin, admin.schoolId!, first.importId!, "");
    const again = await stage(file, "2");
    expect(again.unchanged).toBe(true);
    expect(again.importId).toBeNull();
    expect(await countResultSets({ schoolId })).toBe(before + 1);
  });

  it("lists every problem with its row, column and reason, and changes nothing", async () => {
    const before = await activeSetId(admin.schoolId!, class5a._id, "1");
    const staged = await stage(
      await xlsx([
        ["ФИО", "Математика", "Астрология", "Пропущено", "Без уважительной причины"],
        ["Неизвестный Ученик", 5, "", "", ""],
        [names[0], 6, "", "", ""],
        [names[1], "4+", "", "3", "5"],
        [names[0], 5, "", "", ""],
      ]),
    );
    expect(staged.importId).toBeNull();
    expect(staged.problems).toEqual([
      { row: 1, column: "Астрология", message: "неизвестный предмет «Астрология»: такого нет в списке предметов школы" },
      { row: 2, column: "ФИО", message: "обучающегося «Неизвестный Ученик» нет в 5А классе" },
      { row: 3, column: "Математика", message: "«6» — не отметка: ожидается 1–5, «н/а», «осв», «зач» или «незач»" },
      { row: 4, column: "Математика", message: expect.stringContaining("«4+» — не отметка") },
      { row: 4, column: "", message: "пропусков без уважительной причины больше, чем всех пропусков" },
      { row: 5, column: "ФИО", message: "повторяет строку 3" },
    ]);
    expect(await activeSetId(admin.schoolId!, class5a._id, "1")).toBe(before);
  });

  it("refuses marks in grade 1 (seed 001) and a broken file", async () => {
    const year = (await getCurrentYear(admin.schoolId!))!;
    const [grade1] = await insertClasses({ schoolId, classes: [{ yearId: year._id, grade: 1, letter: "В" }] });
    const child = { _id: new Types.ObjectId(), lastName: "Юдина", firstName: "Ева", birthDate: new Date("2019-05-05"), gender: "f" as const, enrolledAt: new Date("2026-09-01") };
    await insertStudents({ schoolId, students: [child] });
    await insertEnrolments({ schoolId, enrolments: [{ studentId: child._id, yearId: year._id, classId: grade1._id }] });
    const staged = await stageImport({ request, user: admin, schoolClass: grade1, period: "1", fileName: "1в.xlsx", bytes: await xlsx([["ФИО", "Математика"], ["Юдина Ева", 5]]) });
    expect(staged.problems).toEqual([{ row: 2, column: "Математика", message: "в 1 классе отметки не выставляются" }]);
    await expect(stage(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]))).rejects.toThrow(RefusedByRule);
  });

  it("a preview left unapplied (the process killed before the switch) leaves the old marks whole, and a stale preview is refused", async () => {
    const before = await classSummary(admin.schoolId!, class5a._id, "1");
    const staged = await stage(await xlsx([["ФИО", "Математика"], [names[0], 2]]));
    expect(staged.importId).not.toBeNull();
    // Nothing switched: what readers see is exactly what it was.
    expect(await classSummary(admin.schoolId!, class5a._id, "1")).toEqual(before);
    // Meanwhile someone else applies another file; the old preview may no longer be applied.
    const other = await stage(await xlsx([["ФИО", "Математика"], [names[0], 3]]));
    const previewed = await activeSetId(admin.schoolId!, class5a._id, "1");
    await applyImport(request, admin, admin.schoolId!, other.importId!, previewed);
    await expect(applyImport(request, admin, admin.schoolId!, staged.importId!, previewed)).rejects.toThrow(Conflict);
    const after = await classSummary(admin.schoolId!, class5a._id, "1");
    expect(after.students.find((s) => s.name === names[0])!.marks).toEqual([3]);
  });
});

describe("control and diagnostic works", () => {
  it("are checked (dates inside the period), switched on like marks, and feed the risk list's «gaps»", async () => {
    const bad = await stageImport({
      request, user: admin, schoolClass: class5a, period: "1", dataset: "works", fileName: "кр.xlsx",
      bytes: await xlsx([
        ["ФИО", "Предмет", "Работа", "Вид", "Дата", "Отметка", "Процент"],
        [names[5], "Математика", "Входная контрольная", "контрольная", "15.10.2026", 2, ""],
        [names[5], "Математика", "Летняя работа", "контрольная", "15.06.2026", 2, ""],
        [names[5], "Химия?", "Диагностика", "диагностическая", "20.10.2026", "", 140],
      ]),
    });
    expect(bad.problems).toEqual([
      { row: 3, column: "Дата", message: "15.06.2026 вне периода «1-й триместр» (01.09.2026–30.11.2026)" },
      { row: 4, column: "Предмет", message: "неизвестный предмет «Химия?»" },
      { row: 4, column: "Процент", message: "процент выполнения должен быть от 0 до 100" },
    ]);
    const good = await stageImport({
      request, user: admin, schoolClass: class5a, period: "1", dataset: "works", fileName: "кр.xlsx",
      bytes: await xlsx([
        ["ФИО", "Предмет", "Работа", "Вид", "Дата", "Отметка", "Процент"],
        [names[5], "Математика", "Входная контрольная", "контрольная", "15.10.2026", 2, ""],
        [names[5], "Русский язык", "Диагностика", "диагностическая", "20.10.2026", "", "38,5"],
        [names[6], "Математика", "Входная контрольная", "контрольная", "15.10.2026", 4, ""],
      ]),
    });
    expect(good.problems).toEqual([]);
    await applyImport(request, admin, admin.schoolId!, good.importId!, "");
    // The period marks of the same period are untouched by a works import.
    expect((await classSummary(admin.schoolId!, class5a._id, "1")).loaded).toBe(true);
    const { riskList } = await import("./risk.server");
    const year = (await getCurrentYear(admin.schoolId!))!;
    const entries = await riskList(admin.schoolId!, year._id, [class5a]);
    const gaps = entries.find((e) => e.name === names[5])!.reasons.find((r) => r.criterion === "gaps")!;
    expect(gaps.evidence).toBe("Математика, Входная контрольная: «2», Русский язык, Диагностика: 38,5 %");
    expect(entries.find((e) => e.name === names[6])?.reasons.some((r) => r.criterion === "gaps") ?? false).toBe(false);
  });
});

describe("current marks behind period marks (seed 001)", () => {
  it("are loaded for the period and show which period marks have fewer than three behind them", async () => {
    const before = await classSummary(admin.schoolId!, class5a._id, "1");
    expect(before.currentLoaded).toBe(false);
    expect(before.students.find((s) => s.name === names[0])!.backing).toEqual([null]);
    const file = (rows: (string | number)[][]) => xlsx([["ФИО", "Предмет", "Дата", "Отметка"], ...rows]);
    const outside = await stageImport({ request, user: admin, schoolClass: class5a, period: "1", dataset: "current", fileName: "текущие.xlsx", bytes: await file([[names[0], "Математика", "01.12.2026", 4]]) });
    expect(outside.problems).toEqual([{ row: 2, column: "Дата", message: "01.12.2026 вне периода «1-й триместр» (01.09.2026–30.11.2026)" }]);
    const staged = await stageImport({
      request, user: admin, schoolClass: class5a, period: "1", dataset: "current", fileName: "текущие.xlsx",
      bytes: await file([[names[0], "Математика", "10.09.2026", 3], [names[0], "Математика", "10.09.2026", 4]]),
    });
    expect(staged.problems).toEqual([]);
    await applyImport(request, admin, admin.schoolId!, staged.importId!, "");
    const after = await classSummary(admin.schoolId!, class5a._id, "1");
    expect(after.currentLoaded).toBe(true);
    // The period mark of names[0] in mathematics has two current marks behind it: fewer than three.
    expect(after.students.find((s) => s.name === names[0])!.backing).toEqual([2]);
    // The period marks themselves are untouched.
    expect(after.students.find((s) => s.name === names[0])!.marks).toEqual(before.students.find((s) => s.name === names[0])!.marks);
  });
});

describe("how far each subject's plan was delivered", () => {
  const stagePlan = (bytes: Uint8Array) => stageImport({ request, user: admin, schoolClass: class5a, period: "1", dataset: "plan", fileName: "выполнение плана.xlsx", bytes });

  it("a bad file is refused whole, with rows and reasons", async () => {
    const staged = await stagePlan(await xlsx([["Предмет", "По плану", "Проведено"], ["Математика", 60, 58], ["Астрология", 10, 10], ["Русский язык", "много", 40], ["Математика", 60, 58]]));
    expect(staged.importId).toBeNull();
    expect(staged.problems.map((p) => [p.row, p.column])).toEqual([[3, "Предмет"], [4, "По плану"], [5, "Предмет"]]);
    expect((await stagePlan(await xlsx([["Предмет", "Проведено"], ["Математика", 5]]))).problems[0].message).toBe("нет столбца «По плану»");
  });

  it("applied, it shows in the summary beside the measures; the same file again changes nothing", async () => {
    const file = await xlsx([["Предмет", "По плану", "Проведено"], ["Математика", 60, 57], ["Русский язык", 48, 48]]);
    const staged = await stagePlan(file);
    expect(staged.problems).toEqual([]);
    expect(staged.changes.added).toBe(2);
    await applyImport(request, admin, admin.schoolId!, staged.importId!, await activeSetId(admin.schoolId!, class5a._id, "1:plan"));
    const summary = await classSummary(admin.schoolId!, class5a._id, "1");
    expect(summary.subjects.find((s) => s.name === "Математика")!.plan).toEqual({ planned: 60, given: 57 });
    expect((await stagePlan(file)).unchanged).toBe(true);
  });
});

describe("abandoned previews", () => {
  it("are dropped after a day, but a set in force never is", async () => {
    // Both staged two days ago (the clock turned back while they are written).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() - 2 * 86_400_000 });
    let staged: Awaited<ReturnType<typeof stage>>, applied: Awaited<ReturnType<typeof stage>>;
    try {
      staged = await stage(await xlsx([["ФИО", "Математика"], [names[0], 3]]), "2");
      applied = await stage(await xlsx([["ФИО", "Математика"], [names[1], 4]]), "3");
    } finally {
      vi.useRealTimers();
    }
    // The applied one switched on, as if cut off before it was marked applied.
    const appliedSet = (await getResultSetOfImport({ schoolId, importId: applied.importId! }))!;
    await switchResultSets(schoolId, [{ classId: class5a._id, period: "3", setId: appliedSet._id }]);
    expect(await getStagedImport({ schoolId, importId: applied.importId! })).not.toBeNull();
    await stage(await xlsx([["ФИО", "Математика"], [names[2], 5]]), "2");
    expect(await getResultSetOfImport({ schoolId, importId: staged.importId! })).toBeNull();
    expect(await getResultSetOfImport({ schoolId, importId: applied.importId! })).not.toBeNull();
    // …and is marked applied now.
    expect(await getStagedImport({ schoolId, importId: applied.importId! })).toBeNull();
    expect((await classSummary(admin.schoolId!, class5a._id, "3")).loaded).toBe(true);
  });
});
