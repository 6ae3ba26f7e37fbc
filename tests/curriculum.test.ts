// The curriculum (учебный план): which subjects each grade studies and how each is assessed, and
// the forms that then offer — and accept — only those: the marks file and grid, the template, a
// family's credit application.
import ExcelJS from "exceljs";
import type { Types } from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { stageImport } from "~/results/import.server";
import { AcademicYearModel, getCurrentYear } from "~models/academic-year.server";
import { ClassModel, type SchoolClass } from "~models/class.server";
import { CreditApplicationModel } from "~models/credit.server";
import { fullName, listStudentsOfClasses } from "~models/student.server";
import { SubjectModel } from "~models/subject.server";
import { getUserByLogin, type PublicUser } from "~models/user.server";
import { demoIds } from "./demo-ids";
import { photoWithGps } from "./files";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

const demo = useDemoServer("curriculum");
let ids: Awaited<ReturnType<typeof demoIds>>;
let admin: string;
let adminUser: PublicUser;
let class5a: SchoolClass;
beforeAll(async () => {
  ids = await demoIds();
  admin = await signInHttp(demo.server.url, "admin");
  adminUser = (await getUserByLogin({ login: "admin" }))!;
  class5a = (await ClassModel.findById(ids.class5a).lean<SchoolClass>())!;
});

const subjectId = async (name: string) => String((await SubjectModel.findOne({ name }).lean<{ _id: Types.ObjectId }>())!._id);

async function marksFile(rows: (string | number)[][]) {
  const book = new ExcelJS.Workbook();
  book.addWorksheet("5А").addRows(rows);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe("the curriculum", () => {
  it("is filled by ФГОС, then changed per grade; grade 1 studies without marks", async () => {
    expect(pageText(await (await get(demo.server.url, "/admin/curriculum", admin)).text())).toContain("План ещё не задан");
    const year = (await getCurrentYear(ids.schoolId))!;
    const filled = await post(demo.server.url, "/admin/curriculum", { intent: "standard", yearId: String(year._id) }, admin);
    expect(filled.status).toBe(302);
    expect(pageText(await (await followRedirect(demo.server.url, filled, admin)).text())).toContain("План задан для классов: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11");
    const lines = (await AcademicYearModel.findById(year._id).lean<{ curriculum: { grade: number; subjectId: Types.ObjectId; assessment: string }[] }>())!.curriculum;
    const of = (grade: number) => lines.filter((l) => l.grade === grade).map((l) => String(l.subjectId));
    expect(of(5)).toContain(await subjectId("Русский язык"));
    expect(of(5)).not.toContain(await subjectId("Химия"));
    expect(of(9)).toContain(await subjectId("Химия"));
    expect(new Set(lines.filter((l) => l.grade === 1).map((l) => l.assessment))).toEqual(new Set(["none"]));

    // Музыка in grade 5 by pass/fail; the rest of grade 5 as it was.
    const body = new URLSearchParams([["intent", "save"], ["yearId", String(year._id)]]);
    const music = await subjectId("Музыка");
    for (const l of lines) body.append("cells", `${l.subjectId}:${l.grade}:${String(l.subjectId) === music && l.grade === 5 ? "pass" : l.assessment}`);
    expect((await post(demo.server.url, "/admin/curriculum", body, admin)).status).toBe(302);

    const added = await post(demo.server.url, "/admin/curriculum", { intent: "subject", name: "Шахматы" }, admin);
    expect(added.status).toBe(302);
    const twice = await post(demo.server.url, "/admin/curriculum", { intent: "subject", name: "Шахматы" }, admin);
    expect(twice.status).toBe(400);
    expect(pageText(await twice.text())).toContain("Предмет «Шахматы» уже есть");
  });

  it("a marks file is checked against it: a subject the grade does not study, a mark where pass/fail is set", async () => {
    const [first, second] = await listStudentsOfClasses(ids.schoolId, [class5a._id]);
    const request = new Request(`${demo.server.url}/results/import`);
    const staged = await stageImport({
      request, user: adminUser, schoolClass: class5a, period: "1", fileName: "5а.xlsx",
      bytes: await marksFile([["ФИО", "Математика", "Химия", "Музыка"], [fullName(first), 5, "", 4], [fullName(second), 4, "", "зач"]]),
    });
    expect(staged.problems).toEqual([
      { row: 1, column: "Химия", message: "«Химия» не изучается в 5 классе по учебному плану" },
      { row: 2, column: "Музыка", message: "«4»: по этому предмету учебный план предусматривает зачёт — «зач» или «незач»" },
    ]);
    const good = await stageImport({ request, user: adminUser, schoolClass: class5a, period: "1", fileName: "5а.xlsx", bytes: await marksFile([["ФИО", "Математика", "Музыка"], [fullName(first), 5, "зач"]]) });
    expect(good.problems).toEqual([]);
  });

  it("the grid, the template and the family's credit form offer only the grade's subjects", async () => {
    const klass = await signInHttp(demo.server.url, "klass5a");
    const grid = pageText(await (await get(demo.server.url, `/classes/${ids.class5a}/marks?period=1`, klass)).text());
    expect(grid).toContain("Русский язык");
    expect(grid).not.toContain("Химия");
    const template = await get(demo.server.url, `/results/template?class=${ids.class5a}`, klass);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await template.arrayBuffer());
    const headers = (book.worksheets[0].getRow(1).values as string[]).filter(Boolean);
    expect(headers).toContain("Математика");
    expect(headers).not.toContain("Химия");

    // childA is in 5А: chemistry is not theirs to have credited.
    const parent = await signInHttp(demo.server.url, "parent");
    const form = pageText(await (await get(demo.server.url, `/family/${ids.childA}/credits`, parent)).text());
    expect(form).toContain("Математика");
    expect(form).not.toContain("Химия");
    const before = await CreditApplicationModel.countDocuments();
    const fields = new FormData();
    for (const [k, v] of Object.entries({ subjectId: await subjectId("Химия"), programme: "Курс «Юный химик»", organisation: "Кванториум", periodFrom: "2026-09-01", periodTo: "2026-10-01", result: "сертификат" })) fields.append(k, v);
    fields.append("files", new Blob([new Uint8Array(await photoWithGps(800, 600))], { type: "image/jpeg" }), "сертификат.jpg");
    const refused = await fetch(`${demo.server.url}/family/${ids.childA}/credits`, { method: "POST", body: fields, redirect: "manual", headers: { Cookie: parent, Origin: demo.server.url } });
    expect(refused.status).toBe(400);
    expect(pageText(await refused.text())).toContain("«Химия» не изучается в классе обучающегося по учебному плану");
    expect(await CreditApplicationModel.countDocuments()).toBe(before);
  });
});
