// External assessments and the reports built on them (issue «external assessments, quality
// report, municipal indicators»): the import refuses bad files whole and is idempotent; results
// join the record; the quality report prints; the municipal view counts, shows «нет данных» for a
// year without takers, opens each figure to its counts and never reaches a person.
import ExcelJS from "exceljs";
import type { Types } from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { MATHS, RUSSIAN } from "~models/vocabulary/assessment-kinds";
import { ExternalResultSetModel, type ExternalResultSet } from "~models/assessment.server";
import { AuditModel } from "~models/audit.server";
import { LoadedIndicatorsModel } from "~models/municipal.server";
import { SchoolModel } from "~models/school.server";
import { EnrolmentModel, fullName, StudentModel, type Student } from "~models/student.server";
import { demoIds } from "./demo-ids";
import { pdfText } from "./pdf";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

const YEAR = "2025/2026";
let ids: Awaited<ReturnType<typeof demoIds>>;
let admin: string;
let students: Student[];

const demo = useDemoServer("assessments");
beforeAll(async () => {
  ids = await demoIds();
  admin = await signInHttp(demo.server.url, "admin");
  // Last year's 4А: the children who wrote ВПР of the 4th grade.
  const enrolled = await EnrolmentModel.find({ classId: ids.lastYear5a }).lean<{ studentId: Types.ObjectId }[]>();
  students = await StudentModel.find({ _id: { $in: enrolled.map((e) => e.studentId) } }).sort({ lastName: 1, firstName: 1 }).lean<Student[]>();
});

/** Posts a CSV as the import form would. */
async function upload(csv: string, kind = "vpr", year = YEAR, cookie = admin) {
  const form = new FormData();
  form.set("kind", kind);
  form.set("year", year);
  form.set("file", new Blob([csv], { type: "text/csv" }), "результаты.csv");
  return fetch(`${demo.server.url}/results/external`, { method: "POST", body: form, redirect: "manual", headers: { Cookie: cookie, Origin: demo.server.url } });
}
/** The page a form's redirect leads to, as the browser shows it (with its one-time notice). */
const noticeAfter = async (response: Response, cookie = admin) => pageText(await (await followRedirect(demo.server.url, response, cookie)).text());
const setOf = async (kind: string) => ExternalResultSetModel.findOne({ schoolId: ids.schoolId, schoolYear: YEAR, kind }).lean<ExternalResultSet>();

describe("the import of external results", () => {
  it("a file with any bad row is refused whole, each problem named by row", async () => {
    const before = await setOf("vpr");
    const [a, b] = students;
    const csv = [
      "ФИО;Предмет;Отметка;Баллы",
      `${fullName(a)};Русский язык;6;`,
      `Неизвестный Ученик Иванович;Русский язык;4;`,
      `${fullName(b)};Русский язык;;`,
      `${fullName(b)};Математика;4;120`,
      `${fullName(a)};Математика;4;`,
      `${fullName(a)};математика;5;`,
    ].join("\n");
    const response = await upload(csv);
    expect(response.status).toBe(400);
    const text = pageText(await response.text());
    expect(text).toContain("«6» — отметка должна быть от 2 до 5");
    expect(text).toContain("«Неизвестный Ученик Иванович» — нет среди обучающихся школы в 2025/2026 учебном году");
    expect(text).toContain("нет отметки: ВПР по предмету «Русский язык» оценивается отметкой 2–5");
    expect(text).toContain("баллы должны быть числом от 0 до 100");
    expect(text).toContain("«Математика» — указан дважды");
    expect((await setOf("vpr"))!.revision).toBe(before!.revision);
  });

  it("ЕГЭ needs points and the level of mathematics; a 4th-grader does not sit it", async () => {
    const [a] = students;
    const response = await upload(`ФИО;Предмет;Баллы\n${fullName(a)};Математика;70`, "ege");
    expect(response.status).toBe(400);
    const text = pageText(await response.text());
    expect(text).toContain("ЕГЭ пишут в 11 классе");
    expect(await setOf("ege")).toBeNull();
  });

  it("a good file replaces its subject's rows in one write; the same file again changes nothing", async () => {
    const csv = ["Фамилия;Имя;Отчество;Предмет;Отметка;Баллы", ...students.map((s, i) => `${s.lastName};${s.firstName};${s.middleName};русский язык;${[2, 3, 4, 5][i % 4]};${10 + i}`)].join("\n");
    const first = await upload(csv);
    expect(first.status).toBe(302);
    expect(await noticeAfter(first)).toContain(`Загружено ${students.length} результатов, ВПР ${YEAR}: ${RUSSIAN}`);
    const set = (await setOf("vpr"))!;
    const russian = set.rows.filter((r) => r.subject === RUSSIAN);
    expect(russian).toHaveLength(students.length);
    expect(russian.filter((r) => r.mark === 2)).toHaveLength(students.filter((_, i) => i % 4 === 0).length);
    // The demo's mathematics results were not touched.
    expect(set.rows.some((r) => r.subject === MATHS)).toBe(true);
    const again = await upload(csv);
    expect(again.status).toBe(302);
    expect(await noticeAfter(again)).toContain("без изменений");
    expect((await setOf("vpr"))!.revision).toBe(set.revision);
    expect(await AuditModel.countDocuments({ entity: "assessments" })).toBe(1);
  });

  it("one result typed on the page goes through the same checks and changes only that student's subject", async () => {
    const [, b] = students;
    const typed = (mark: string) => post(demo.server.url, "/results/external", { intent: "entry", kind: "vpr", year: YEAR, name: fullName(b), subject: "Русский язык", mark, points: "" }, admin);
    const refused = await typed("7");
    expect(refused.status).toBe(400);
    expect(pageText(await refused.text())).toContain("«7» — отметка должна быть от 2 до 5");
    const before = (await setOf("vpr"))!.rows.filter((r) => r.subject === RUSSIAN);
    expect((await typed("5")).status).toBe(302);
    const after = (await setOf("vpr"))!.rows.filter((r) => r.subject === RUSSIAN);
    expect(after).toHaveLength(before.length);
    expect(after.find((r) => String(r.studentId) === String(b._id))!.mark).toBe(5);
    expect(after.filter((r) => String(r.studentId) !== String(b._id))).toEqual(before.filter((r) => String(r.studentId) !== String(b._id)));
  });

  it("the results join the student's record", async () => {
    const [a] = students;
    const text = pageText(await (await get(demo.server.url, `/students/${a._id}`, admin)).text());
    expect(text).toContain("Внешние оценочные процедуры");
    expect(text).toMatch(/2025\/2026 ВПР 4 Русский язык «2», 10 б\./);
  });

  it("a teacher and a family cannot load results", async () => {
    for (const login of ["teacher", "klass5a", "parent"]) {
      expect((await upload("ФИО;Предмет;Отметка\n", "vpr", YEAR, await signInHttp(demo.server.url, login))).status).toBe(404);
    }
  });
});

describe("the quality report", () => {
  it("the deputy director prints it: the PDF has the sections and the ВПР figures", async () => {
    const page = pageText(await (await get(demo.server.url, `/quality?year=${encodeURIComponent(YEAR)}&period=year`, admin)).text());
    expect(page).toContain("Предметные результаты");
    expect(page).toContain("ВПР, 4 кл., Русский язык");
    const pdf = await get(demo.server.url, `/quality.pdf?year=${encodeURIComponent(YEAR)}&period=year`, admin);
    expect(pdf.status).toBe(200);
    const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
    for (const title of ["Предметные результаты", "Внешние оценочные процедуры", "Метапредметные результаты", "Личностные результаты"]) expect(text).toContain(title);
    const lows = students.filter((_, i) => i % 4 === 0).length;
    const percent = (Math.round((lows * 1000) / students.length) / 10).toString().replace(".", ",");
    expect(text).toContain(`${percent} %`);
    const xlsx = await get(demo.server.url, `/quality.xlsx?year=${encodeURIComponent(YEAR)}&period=year`, admin);
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    // Numbers as numbers: the share of low results is a percent cell, not the page's «25,0 (+3,1)».
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.getWorksheet("Внешние оценочные процедуры")!;
    const row = sheet.getRows(1, sheet.rowCount)!.find((r) => r.getCell(1).value === "ВПР, 4 кл., Русский язык")!;
    expect(row.getCell(2).value).toBe(students.length);
    expect(row.getCell(4).value).toBeCloseTo(lows / students.length, 3);
    expect(row.getCell(4).numFmt).toBe("0.0%");
  });

  it("a family sees their own child beside the class, and no other child", async () => {
    const parent = await signInHttp(demo.server.url, "parent");
    const own = pageText(await (await get(demo.server.url, `/family/${ids.childA}/quality?year=${encodeURIComponent(YEAR)}&period=year`, parent)).text());
    expect(own).toContain("Средний балл класса");
    const other = (await StudentModel.findById(ids.childB).lean<Student>())!;
    expect(own).not.toContain(other.lastName);
    expect((await get(demo.server.url, `/family/${ids.childB}/quality`, parent)).status).toBe(404);
  });
});

describe("the municipal view", () => {
  it("shows every school's indicators, each opening to its counts, and «нет данных» where nobody sat", async () => {
    const municipal = await signInHttp(demo.server.url, "municipal");
    const html = await (await get(demo.server.url, `/municipal?year=${encodeURIComponent(YEAR)}`, municipal)).text();
    const text = pageText(html);
    for (const name of ["МБОУ «СОШ № 17»", "МОУ «Школа № 3»", "МОУ «СШ № 41»"]) expect(text).toContain(name);
    expect(text).toContain("нет данных");
    // Indicator 1 for the demo school in 2025/2026, counted here from the stored rows.
    const vpr4 = (await setOf("vpr"))!.rows.filter((r) => r.grade === 4);
    const twos = vpr4.filter((r) => r.mark === 2).length;
    expect(text).toContain(`${twos} из ${vpr4.length}`);
    // No person, anywhere on it.
    for (const s of students.slice(0, 5)) expect(text).not.toContain(s.lastName);
  });

  it("the school with a year without an 11th grade has no ЕГЭ figures that year, never 0 %", async () => {
    const municipal = await signInHttp(demo.server.url, "municipal");
    const school41 = (await SchoolModel.findOne({ shortName: "МОУ «СШ № 41»" }).lean<{ _id: Types.ObjectId }>())!;
    const years = await ExternalResultSetModel.find({ schoolId: school41._id, kind: "ege" }).distinct("schoolYear");
    expect(years).toHaveLength(2);
    const text = pageText(await (await get(demo.server.url, `/municipal/schools/${school41._id}?year=${encodeURIComponent(YEAR)}`, municipal)).text());
    expect(years).not.toContain("2024/2025");
    // 2023/2024, 2024/2025, 2025/2026: the middle one has no takers — «нет данных», not «0 %» — between two counted years.
    const row = /4\. ЕГЭ, русский язык: 81 балл и более (.*?) 5\. /.exec(text)![1];
    expect(row).toMatch(/^\S+ % \d+ из \d+ нет данных \S+ % \d+ из \d+$/);
  });

  it("reaches no student record or any page with a person", async () => {
    const municipal = await signInHttp(demo.server.url, "municipal");
    for (const path of [`/students/${ids.childA}`, `/family/${ids.childA}`, `/family/${ids.childA}/quality`, "/students", `/classes/${ids.class5a}`, "/quality", "/results/external"]) {
      expect((await get(demo.server.url, path, municipal)).status, path).toBe(404);
    }
  });

  it("a school's own file of indicators carries no person and loads into the municipal view", async () => {
    const exported = await get(demo.server.url, "/quality/indicators.json", admin);
    const body = await exported.text();
    for (const s of students) expect(body).not.toContain(s.lastName);
    expect(body).not.toMatch(/[0-9a-f]{24}/);
    const file = JSON.parse(body);
    file.school = { ...file.school, name: "Лицей со своей установкой", shortName: "Лицей № 1", inn: "7600000001" };
    const municipal = await signInHttp(demo.server.url, "municipal");
    const form = new FormData();
    form.set("file", new Blob([JSON.stringify(file)], { type: "application/json" }), "лицей.json");
    const loaded = await fetch(`${demo.server.url}/municipal`, { method: "POST", body: form, redirect: "manual", headers: { Cookie: municipal, Origin: demo.server.url } });
    expect(loaded.status).toBe(302);
    expect(await noticeAfter(loaded, municipal)).toContain("Загружены показатели школы «Лицей со своей установкой»");
    expect(await LoadedIndicatorsModel.countDocuments()).toBe(1);
    expect(pageText(await (await get(demo.server.url, `/municipal?year=${encodeURIComponent(YEAR)}`, municipal)).text())).toContain("Лицей № 1 (из файла)");

    const bad = new FormData();
    bad.set("file", new Blob([JSON.stringify({ ...file, version: 9 })], { type: "application/json" }), "лицей.json");
    const refused = await fetch(`${demo.server.url}/municipal`, { method: "POST", body: bad, headers: { Cookie: municipal, Origin: demo.server.url } });
    expect(refused.status).toBe(400);
    expect(pageText(await refused.text())).toContain("Версия файла 9 не поддерживается");
  });
});

describe("the ЕГЭ minimums (municipal settings)", () => {
  it("are saved per year and subject; a wrong one is refused beside its own field", async () => {
    const municipal = await signInHttp(demo.server.url, "municipal");
    const page = await (await get(demo.server.url, "/municipal/settings", municipal)).text();
    const field = /name="(min-\d{4}-\d{4}-0)"/.exec(page)![1];
    const bad = await post(demo.server.url, "/municipal/settings", { intent: "minimums", [field]: "200" }, municipal);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    const input = new RegExp(`<input[^>]*name="${field}"[^>]*>`).exec(html)![0];
    const describedBy = /aria-describedby="([^"]+)"/.exec(input)![1];
    expect(input).toContain('aria-invalid="true"');
    expect(pageText(new RegExp(`id="${describedBy}"[^>]*>([^<]*)<`).exec(html)![1])).toContain("минимальный балл — целое число от 1 до 100");
    const saved = await post(demo.server.url, "/municipal/settings", { intent: "minimums", [field]: "30" }, municipal);
    const after = await (await followRedirect(demo.server.url, saved, municipal)).text();
    expect(pageText(after)).toContain("Минимальные баллы сохранены.");
    expect(new RegExp(`<input[^>]*name="${field}"[^>]*>`).exec(after)![0]).toContain('value="30"');
  });
});
