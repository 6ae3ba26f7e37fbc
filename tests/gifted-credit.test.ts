// The gifted register and credit decisions through the running server (seed 004 §3.4, §5).
import crypto from "node:crypto";
import ExcelJS from "exceljs";
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { AuditModel } from "~models/audit.server";
import { CreditApplicationModel } from "~models/credit.server";
import { IssuedDocumentModel } from "~models/document.server";
import { NotificationModel } from "~models/notification.server";
import { GiftedListModel, GiftedRecordModel } from "~models/gifted.server";
import { StudentModel, fullName } from "~models/student.server";
import { SubjectModel } from "~models/subject.server";
import { demoIds } from "./demo-ids";
import { photoWithGps } from "./files";
import { pdfText } from "./pdf";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

let ids: Awaited<ReturnType<typeof demoIds>>;
const cookies: Record<string, string> = {};
const demo = useDemoServer("gifted");
beforeAll(async () => {
  ids = await demoIds();
  for (const login of ["admin", "klass5a", "parent", "parent2", "student"]) cookies[login] = await signInHttp(demo.server.url, login);
});

const LAST_YEAR = "2025/2026";
const THIS_YEAR = "2026/2027";

/** A multipart form as a browser sends it. */
function multipart(fields: Record<string, string>, files: { field: string; name: string; bytes: Uint8Array; type: string }[] = []) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append(f.field, new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  return form;
}
const postMultipart = (path: string, form: FormData, cookie: string) => fetch(`${demo.server.url}${path}`, { method: "POST", body: form, redirect: "manual", headers: { Cookie: cookie, Origin: demo.server.url } });

async function xlsx(rows: string[][]) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Перечень");
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("the gifted register", () => {
  it("says who qualifies and why: the demo student's regional ВсОШ prize is on last year's list", async () => {
    const student = (await StudentModel.findById(ids.childA).lean<{ lastName: string; firstName: string; middleName: string }>())!;
    const page = pageText(await (await get(demo.server.url, `/gifted?year=${LAST_YEAR}`, cookies.admin)).text());
    expect(page).toContain(fullName(student));
    expect(page).toContain("Всероссийская олимпиада школьников");
    const own = pageText(await (await get(demo.server.url, `/students/${ids.childA}/gifted?year=${LAST_YEAR}`, cookies.admin)).text());
    expect(own).toContain("Проходит в ГИР по результатам 2025/2026 учебного года");
    // This year nothing of theirs qualifies yet, and the page says why for each result.
    const now = pageText(await (await get(demo.server.url, `/students/${ids.childA}/gifted?year=${THIS_YEAR}`, cookies.admin)).text());
    expect(now).toContain("Не проходит в ГИР");
    expect(now).toContain("2025/2026 учебного года, а проверяется 2026/2027");
  });

  it("exports the qualifying list as XLSX", async () => {
    const response = await get(demo.server.url, `/gifted.xlsx?year=${LAST_YEAR}`, cookies.admin);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const values: string[] = [];
    workbook.worksheets[0].eachRow((row) => values.push(JSON.stringify(row.values)));
    const student = (await StudentModel.findById(ids.childA).lean<{ lastName: string; firstName: string; middleName: string }>())!;
    expect(values.join("\n")).toContain(fullName(student));
    expect(values.join("\n")).toContain("Порядок проведения ВсОШ");
  });

  it("refuses a list with bad rows, naming each row, and changes nothing", async () => {
    const before = await GiftedListModel.findOne({ schoolYear: THIS_YEAR }).lean<{ entries: unknown[] }>();
    const bytes = await xlsx([
      ["Мероприятие", "Организатор", "Профиль", "Уровень", "Основание"],
      ["Олимпиада «Покори Воробьёвы горы!»", "МГУ", "математика", "", "Перечень, № 40"],
      ["", "МГУ", "физика", "", ""],
      ["Олимпиада «Надежда энергетики»", "МЭИ", "", "высший", ""],
      ["Олимпиада «Покори Воробьёвы горы!»", "МГУ", "математика", "", "Перечень, № 40"],
    ]);
    const response = await postMultipart("/gifted", multipart({ year: THIS_YEAR, intent: "upload" }, [{ field: "file", name: "перечень.xlsx", bytes, type: "application/octet-stream" }]), cookies.admin);
    expect(response.status).toBe(400);
    const text = pageText(await response.text());
    expect(text).toMatch(/3 Мероприятие не указано мероприятие/);
    expect(text).toMatch(/4 Уровень непонятный уровень «высший»/);
    expect(text).toMatch(/5 Мероприятие та же строка, что и строка 2/);
    expect(await GiftedListModel.findOne({ schoolYear: THIS_YEAR }).lean<{ entries: unknown[] }>()).toEqual(before);
  });

  it("loads a good list in place of the old one", async () => {
    const bytes = await xlsx([
      ["Олимпиада", "Предмет", "Этап", "Приказ"],
      ["Всероссийская олимпиада школьников", "", "заключительный этап", "Приказ № 1"],
    ]);
    const response = await postMultipart("/gifted", multipart({ year: THIS_YEAR, intent: "upload" }, [{ field: "file", name: "перечень.xlsx", bytes, type: "application/octet-stream" }]), cookies.admin);
    expect(pageText(await (await followRedirect(demo.server.url, response, cookies.admin)).text())).toContain("загружен: 1 мероприятие");
    const list = (await GiftedListModel.findOne({ schoolYear: THIS_YEAR }).lean<{ entries: { level: string }[] }>())!;
    expect(list.entries).toEqual([expect.objectContaining({ event: "Всероссийская олимпиада школьников", level: "federal", act: "Приказ № 1" })]);
  });

  it("records inclusion and special conditions, shown on the record and the class summary", async () => {
    await post(demo.server.url, `/students/${ids.childA}/gifted`, { intent: "include", schoolYear: THIS_YEAR, includedOn: "2026-10-01", reference: "ГИР № 77-0001" }, cookies.admin);
    const form = new URLSearchParams({ intent: "conditions", schoolYear: THIS_YEAR, conditions: "зачёт результатов олимпиады вместо промежуточной аттестации", order: "Приказ № 45-о от 02.10.2026" });
    form.append("subject", "Музыка");
    await fetch(`${demo.server.url}/students/${ids.childA}/gifted`, { method: "POST", body: form, headers: { Cookie: cookies.admin, Origin: demo.server.url } });
    const record = (await GiftedRecordModel.findOne({ studentId: ids.childA }).lean<{ inclusions: unknown[]; conditions: { subjects: string[] }[] }>())!;
    expect(record.inclusions).toHaveLength(1);
    expect(record.conditions[0].subjects).toEqual(["Музыка"]);
    const studentPage = pageText(await (await get(demo.server.url, `/students/${ids.childA}`, cookies.klass5a)).text());
    expect(studentPage).toContain("включён(а) в ГИР 01.10.2026, ГИР № 77-0001");
    expect(studentPage).toContain("особые условия аттестации по предметам Музыка");
    const family = pageText(await (await get(demo.server.url, `/family/${ids.childA}`, cookies.parent)).text());
    expect(family).toContain("ГИР № 77-0001");
    // A class teacher and families cannot change it.
    expect((await post(demo.server.url, `/students/${ids.childA}/gifted`, { intent: "include", schoolYear: THIS_YEAR, includedOn: "2026-10-01", reference: "x" }, cookies.klass5a)).status).toBe(404);
  });
});

describe("credit decisions", () => {
  let applicationId = "";

  it("a parent applies with a document; the application and its file are stored, the file cleaned of metadata", async () => {
    const maths = (await SubjectModel.findOne({ name: "Математика" }).lean<{ _id: unknown }>())!;
    const response = await postMultipart(
      `/family/${ids.childA}/credits`,
      multipart({ subjectId: String(maths._id), programme: "Курс «Олимпиадная математика»", organisation: "Центр «Сириус»", periodFrom: "2026-09-01", periodTo: "2026-11-01", result: "итоговая работа — «отлично»" }, [
        { field: "files", name: "справка.jpg", bytes: await photoWithGps(800, 600), type: "image/jpeg" },
      ]),
      cookies.parent,
    );
    expect(pageText(await (await followRedirect(demo.server.url, response, cookies.parent)).text())).toContain("Заявление подано");
    const stored = (await CreditApplicationModel.findOne({ studentId: ids.childA, programme: "Курс «Олимпиадная математика»" }).lean<{ _id: unknown; evidence: unknown[]; schoolYear: string }>())!;
    expect(stored.evidence).toHaveLength(1);
    expect(stored.schoolYear).toBe(THIS_YEAR);
    applicationId = String(stored._id);
    expect(await AuditModel.exists({ entity: "credit", action: "create", entityId: applicationId })).not.toBeNull();
    // The administration hears of it, with the way to the application.
    expect(await NotificationModel.exists({ kind: "credit-received", link: `/credits/${applicationId}` })).not.toBeNull();
  });

  it("refuses an application without a document, with a file that lies about its type, or for another's child", async () => {
    const maths = (await SubjectModel.findOne({ name: "Математика" }).lean<{ _id: unknown }>())!;
    const fields = { subjectId: String(maths._id), programme: "Курс", organisation: "Школа", periodFrom: "2026-09-01", periodTo: "2026-10-01", result: "5" };
    const count = await CreditApplicationModel.countDocuments();
    const noFile = await postMultipart(`/family/${ids.childA}/credits`, multipart(fields), cookies.parent);
    expect(pageText(await noFile.text())).toContain("Приложите хотя бы один подтверждающий документ");
    const lying = await postMultipart(`/family/${ids.childA}/credits`, multipart(fields, [{ field: "files", name: "справка.pdf", bytes: crypto.randomBytes(2000), type: "application/pdf" }]), cookies.parent);
    expect(lying.status).toBe(400);
    const foreign = await postMultipart(`/family/${ids.childA}/credits`, multipart(fields, [{ field: "files", name: "справка.jpg", bytes: await photoWithGps(400, 300), type: "image/jpeg" }]), cookies.parent2);
    expect(foreign.status).toBe(404);
    // A student under 18 does not apply for themself.
    const minor = await postMultipart(`/family/${ids.childA}/credits`, multipart(fields, [{ field: "files", name: "справка.jpg", bytes: await photoWithGps(400, 300), type: "image/jpeg" }]), cookies.student);
    expect(minor.status).toBe(404);
    expect(await CreditApplicationModel.countDocuments()).toBe(count);
    expect((await get(demo.server.url, `/family/${ids.childA}/credits`, cookies.parent2)).status).toBe(404);
  });

  it("the admin credits it as «5» for the year; the mark reaches the class summary; the family downloads a verifiable PDF", async () => {
    const bare = await post(demo.server.url, `/credits/${applicationId}`, { intent: "decide", outcome: "credited", mark: "", period: "", reason: "", act: "" }, cookies.admin);
    expect(bare.status).toBe(400);
    expect(pageText(await bare.text())).toContain("Укажите основание решения");
    const decided = await post(
      demo.server.url,
      `/credits/${applicationId}`,
      { intent: "decide", outcome: "credited", mark: "5", period: "year", reason: "программа и результат соответствуют требованиям ФГОС", act: "Положение о порядке зачёта результатов, п. 3.2" },
      cookies.admin,
    );
    expect(pageText(await (await followRedirect(demo.server.url, decided, cookies.admin)).text())).toContain("Решение записано");
    expect(pageText(await (await get(demo.server.url, "/notifications", cookies.parent)).text())).toContain("Решение о зачёте результатов");
    const twice = await post(demo.server.url, `/credits/${applicationId}`, { intent: "decide", outcome: "refused", mark: "", period: "", reason: "повторно", act: "Положение" }, cookies.admin);
    expect(twice.status).toBe(409);
    expect(pageText(await twice.text())).toContain("уже есть решение");

    // The class summary for the year shows the credited «5» in mathematics for this student.
    const summary = await (await get(demo.server.url, `/classes/${ids.class5a}/summary?period=year`, cookies.klass5a)).text();
    const student = (await StudentModel.findById(ids.childA).lean<{ lastName: string; firstName: string; middleName: string }>())!;
    const row = summary.split("<tr").find((r) => r.includes(fullName(student)))!;
    expect(row).toMatch(/class="num credited"[^>]*>5</);

    const family = pageText(await (await get(demo.server.url, `/family/${ids.childA}/credits`, cookies.parent)).text());
    expect(family).toContain("зачтено как «5» за год (промежуточная аттестация)");
    const record = pageText(await (await get(demo.server.url, `/students/${ids.childA}`, cookies.klass5a)).text());
    expect(record).toContain("Курс «Олимпиадная математика» (Центр «Сириус») — зачтено как «5»");
    const pdf = await get(demo.server.url, `/credits/${applicationId}.pdf`, cookies.parent);
    expect(pdf.status).toBe(200);
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    const text = pdfText(bytes);
    expect(text).toContain("РЕШЕНИЕ О ЗАЧЁТЕ РЕЗУЛЬТАТОВ");
    expect(text).toContain("Положение о порядке зачёта результатов, п. 3.2");
    const code = /Код проверки: ([0-9A-Z-]{14})/.exec(text)![1];
    const document = (await IssuedDocumentModel.findOne({ code }).lean<{ sha256: string; kind: string }>())!;
    expect(document).toMatchObject({ kind: "creditDecision", sha256: crypto.createHash("sha256").update(bytes).digest("hex") });
    expect((await get(demo.server.url, `/credits/${applicationId}.pdf`, cookies.parent2)).status).toBe(404);
  });

  it("a revoked decision leaves the summary, its PDF is withdrawn, and the decision stays in the history", async () => {
    const revoked = await post(demo.server.url, `/credits/${applicationId}`, { intent: "revoke", reason: "справка выдана не той организацией" }, cookies.admin);
    expect(pageText(await (await followRedirect(demo.server.url, revoked, cookies.admin)).text())).toContain("Решение отозвано");
    const summary = await (await get(demo.server.url, `/classes/${ids.class5a}/summary?period=year`, cookies.klass5a)).text();
    expect(summary).not.toContain('class="num credited"');
    const stored = (await CreditApplicationModel.findById(applicationId).lean<{ decisions: { revokedAt: Date | null; documentId: unknown }[] }>())!;
    expect(stored.decisions).toHaveLength(1);
    expect(stored.decisions[0].revokedAt).not.toBeNull();
    const document = (await IssuedDocumentModel.findById(stored.decisions[0].documentId).lean<{ code: string; withdrawnAt: Date | null }>())!;
    expect(document.withdrawnAt).not.toBeNull();
    expect(pageText(await (await get(demo.server.url, `/verify/${document.code}`)).text())).toContain("отозван");
    expect((await get(demo.server.url, `/credits/${applicationId}.pdf`, cookies.parent)).status).toBe(404);
  });

  it("the rules suggest a decision and show the rule", async () => {
    // The demo rule credits a regional ВсОШ prize; give the student one this year in mathematics.
    const { AchievementModel } = await import("~models/achievement.server");
    const chain = new mongoose.Types.ObjectId();
    await AchievementModel.create({
      _id: chain, schoolId: ids.schoolId, studentId: ids.childA, kind: "olympiad", date: new Date("2026-11-10"), academicYear: THIS_YEAR,
      details: { olympiadType: "vsosh", stage: "regional", subject: "математика", status: "winner" }, title: "ВсОШ, региональный этап, математика — победитель",
      level: "regional", status: "verified", source: "staff", createdBy: new mongoose.Types.ObjectId(), createdByName: "тест", chainId: chain, version: 1,
    });
    const page = pageText(await (await get(demo.server.url, `/credits/${applicationId}`, cookies.admin)).text());
    expect(page).toContain("По правилам школы: зачесть как «5»");
    expect(page).toContain("Победители и призёры регионального этапа ВсОШ и выше");
  });
});
