// A school's students come in from its journal's contingent export and stay in step all year:
// the whole school in one go (and the same file again changes nothing), a mid-year file's arrivals,
// moves and departures, bad rows named with nothing written, namesakes asked about.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import mongoose, { type Types } from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { todayIso } from "~/domain/format";
import { schoolYearBounds, schoolYearName, schoolYearStart, defaultPeriods } from "~/domain/school-year";
import { checkRosterFile } from "~/roster/import.server";
import { classSummary } from "~/results/summary.server";
import { getCurrentYear, insertYears } from "~models/academic-year.server";
import { AchievementModel } from "~models/achievement.server";
import { AuditModel } from "~models/audit.server";
import { className, ClassModel, insertClasses, listClasses } from "~models/class.server";
import { insertResultSet, switchResultSets } from "~models/results.server";
import { createSchool } from "~models/school.server";
import { EnrolmentModel, fullName, listStudentsOfClasses, StudentModel } from "~models/student.server";
import { listSubjects } from "~models/subject.server";
import type { PeriodMark } from "~models/vocabulary/marks";
import { demoIds } from "./demo-ids";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";
import { contingentCsv, contingentXlsx, generateContingent, snilsOf, type ContingentRow } from "./setup/roster-file";
import { projectRoot } from "./setup/server";
import { pdfText } from "./pdf";

const run = promisify(execFile);
const demo = useDemoServer("roster");
let ids: Awaited<ReturnType<typeof demoIds>>;
let admin: string;
beforeAll(async () => {
  ids = await demoIds();
  admin = await signInHttp(demo.server.url, "admin");
});

const rosterCli = (args: string[]) =>
  run(process.execPath, ["--import", "tsx", "scripts/roster-import.ts", ...args], { cwd: projectRoot, env: { ...process.env, MONGODB_URI: demo.uri } })
    .then((r) => ({ code: 0, out: r.stdout + r.stderr }))
    .catch((e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }));

async function upload(bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.set("intent", "check");
  form.set("file", new Blob([new Uint8Array(bytes)]), name);
  return fetch(`${demo.server.url}/admin/roster`, { method: "POST", body: form, redirect: "manual", headers: { Cookie: admin, Origin: demo.server.url } });
}

/** The preview page a checked file leads to, as text. */
async function preview(bytes: Uint8Array, name = "контингент.csv") {
  const checked = await upload(bytes, name);
  expect(checked.status).toBe(302);
  const location = checked.headers.get("location")!;
  const html = await (await get(demo.server.url, location, admin)).text();
  return { importId: new URL(location, demo.server.url).searchParams.get("import")!, html, text: pageText(html) };
}

const dotted = (iso: string) => iso.split("-").reverse().join(".");
const counts = async () => ({ students: await StudentModel.countDocuments(), enrolments: await EnrolmentModel.countDocuments(), classes: await ClassModel.countDocuments() });

describe("a school of 600 moves in from its journal's export", () => {
  const CLASSES = Array.from({ length: 25 }, (_, i) => `${(i % 11) + 1}${["А", "Б", "В"][Math.floor(i / 11)]}`);
  let schoolId: Types.ObjectId;
  let file: string;
  let rows: ContingentRow[];

  beforeAll(async () => {
    // A second school beside the demo, with its year and 25 classes and no students yet.
    const school = await createSchool({ name: "МБОУ «Школа № 600»", shortName: "Школа № 600", address: "г. Тест, ул. Новая, 1" });
    schoolId = school._id;
    const start = schoolYearStart(new Date());
    const [year] = await insertYears({ schoolId, years: [{ name: schoolYearName(start), ...schoolYearBounds(start), periodKind: "quarter", periods: defaultPeriods("quarter", start), current: true, closedAt: null }] });
    await insertClasses({ schoolId, classes: CLASSES.map((name) => ({ yearId: year._id, grade: Number(name.slice(0, -1)), letter: name.slice(-1) })) });
    rows = generateContingent(CLASSES, 24, start);
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "roster-")), "контингент.csv");
    fs.writeFileSync(file, contingentCsv(rows, { encoding: "windows-1251" }));
  });

  it("reads the same plan from XLSX, UTF-8 with «,» and Windows-1251 with «;»", async () => {
    const plans = await Promise.all(
      [await contingentXlsx(rows), contingentCsv(rows, { delimiter: "," }), contingentCsv(rows, { encoding: "windows-1251" })].map(async (bytes) => (await checkRosterFile({ schoolId, bytes })).plan!),
    );
    for (const plan of plans) {
      expect(plan.arrivals.map((a) => [a.data.externalId, a.data.lastName, a.data.birthDate, a.data.className, a.data.parents.length])).toEqual(plans[0].arrivals.map((a) => [a.data.externalId, a.data.lastName, a.data.birthDate, a.data.className, a.data.parents.length]));
    }
    expect(plans[0].arrivals).toHaveLength(600);
    expect(plans[0].arrivals.find((a) => a.data.externalId === "EJ-00001")!.data.parents[0].phone).toMatch(/^\+79\d{9}$/);
  });

  it("`npm run roster:import` prints the preview, applies it in one go, and the same file again has nothing to apply", async () => {
    const check = await rosterCli([file, "--school", String(schoolId)]);
    expect(check.out).toContain("Что изменится: прибывают: 600, переводятся в другой класс: 0, выбывают: 0, обновятся данные: 0, без изменений: 0.");
    expect(check.out).toContain("запустите то же с --apply");
    expect(await StudentModel.countDocuments({ schoolId })).toBe(0);

    const start = (await getCurrentYear(schoolId))!.startDate.toISOString().slice(0, 10);
    const applied = await rosterCli([file, "--school", String(schoolId), "--apply", "--date", dotted(start)]);
    expect(applied.code).toBe(0);
    expect(applied.out).toContain("прибыло 600 учеников");
    expect(await StudentModel.countDocuments({ schoolId })).toBe(600);
    expect(await EnrolmentModel.countDocuments({ schoolId, until: null, from: null })).toBe(600);
    const withParents = rows.filter((r) => r.parents?.length).length;
    expect(await StudentModel.countDocuments({ schoolId, "parents.0": { $exists: true } })).toBe(withParents);
    const first = (await StudentModel.findOne({ schoolId, externalId: "EJ-00001" }).lean<{ snils: string; parents: { phone: string }[] }>())!;
    expect(first.snils).toBe(rows[0].snils);
    expect(await AuditModel.exists({ schoolId, entity: "roster", userName: "командная строка" })).not.toBeNull();

    // The journal's ids changed (another journal): the same person under a new id is asked about, not made twice.
    const renumbered = (await checkRosterFile({ schoolId, bytes: contingentCsv(rows.map((r, i) => (i === 0 ? { ...r, id: "NEW-00001" } : r))) })).plan!;
    expect(renumbered.arrivals).toHaveLength(0);
    expect(renumbered.namesakes.map((n) => n.candidates.map((c) => c.name))).toEqual([[`${rows[0].lastName} ${rows[0].firstName} ${rows[0].middleName}`]]);

    const before = await counts();
    const again = await rosterCli([file, "--school", String(schoolId), "--apply"]);
    expect(again.out).toContain("прибывают: 0, переводятся в другой класс: 0, выбывают: 0, обновятся данные: 0, без изменений: 600");
    expect(again.out).toContain("Файл совпадает с реестром: применять нечего.");
    expect(await counts()).toEqual(before);
  }, 120_000);
});

describe("a mid-year file: 5 arrivals, 3 moves, 2 departures", () => {
  it("the preview lists exactly those; applied, earlier marks stay with the old class, the departed are read-only, last year is unchanged", async () => {
    const year = (await getCurrentYear(ids.schoolId))!;
    const classes = await listClasses(ids.schoolId, year._id);
    const nameOf = new Map(classes.map((c) => [String(c._id), className(c)]));
    const members = await listStudentsOfClasses(ids.schoolId, classes.map((c) => c._id));
    const full = await StudentModel.find({ _id: { $in: members.map((m) => m._id) } }).lean<{ _id: Types.ObjectId; lastName: string; firstName: string; middleName: string; birthDate: Date; gender: "m" | "f" }[]>();
    const byId = new Map(full.map((s) => [String(s._id), s]));
    const rowOf = (m: (typeof members)[number]): ContingentRow => {
      const s = byId.get(String(m._id))!;
      return { lastName: s.lastName, firstName: s.firstName, middleName: s.middleName, birthDate: dotted(s.birthDate.toISOString().slice(0, 10)), gender: s.gender === "m" ? "м" : "ж", className: nameOf.get(String(m.classId))! };
    };
    const fiveA = members.filter((m) => nameOf.get(String(m.classId)) === "5А");
    const [moverA, moverB] = fiveA;
    const moverC = members.find((m) => nameOf.get(String(m.classId)) === "9Б")!;
    const leavers = members.filter((m) => nameOf.get(String(m.classId)) === "9А").slice(-2);
    const kept = members.filter((m) => ![moverA, moverB, moverC, ...leavers].includes(m)).map(rowOf);
    const moved = [{ ...rowOf(moverA), className: "5Б" }, { ...rowOf(moverB), className: "5Б" }, { ...rowOf(moverC), className: "9А" }];
    const start = year.startDate.getUTCFullYear();
    const arrivals: ContingentRow[] = [
      { lastName: "Ёлкина", firstName: "Алёна", middleName: "Петровна", birthDate: `14.03.${start - 11}`, gender: "ж", className: "5А" },
      { lastName: "Салтыков-Щедрин", firstName: "Михаил", middleName: "", birthDate: `02.07.${start - 11}`, gender: "м", className: "5Б" },
      { lastName: "Д'Артаньян", firstName: "Шарль", middleName: "", birthDate: `30.12.${start - 15}`, gender: "м", className: "9А" },
      { lastName: "Мамедов", firstName: "Рашад", middleName: "Али оглы", birthDate: `01.01.${start - 15}`, gender: "м", className: "9Б" },
      { lastName: "Ким", firstName: "Юна", middleName: "", birthDate: `29.02.${start - 12 - ((start - 12) % 4)}`, gender: "ж", className: "5А", snils: snilsOf(1_234_567), parents: [{ name: "Ким Ольга Сергеевна", kin: "мать", phone: "8 (912) 000-11-22", email: "kim@example.ru" }] },
    ];

    // This year's first-period marks of 5А, as the journal gave them, before the move.
    const maths = (await listSubjects(ids.schoolId)).find((s) => s.name === "Математика")!;
    const class5a = classes.find((c) => className(c) === "5А")!;
    const { setId } = await insertResultSet({
      schoolId: year.schoolId, classId: class5a._id, yearId: year._id, period: "1",
      rows: fiveA.map((m, i) => ({ studentId: m._id, marks: [{ subjectId: maths._id, mark: (3 + (i % 3)) as PeriodMark }], lessons: 100, absences: 0, unexcused: 0 })),
      record: { fileName: "журнал.xlsx", sha256: "-", by: new mongoose.Types.ObjectId(), byName: "Учитель", state: "applied" },
    });
    await switchResultSets(year.schoolId, [{ classId: class5a._id, period: "1", setId }]);
    const pastClasses = await ClassModel.find({ schoolId: ids.schoolId, yearId: { $ne: year._id } }).lean<{ _id: Types.ObjectId }[]>();
    const lastYear = async () => Promise.all(pastClasses.flatMap((c) => ["1", "2", "3", "year"].map((p) => classSummary(year.schoolId, c._id, p))));
    const lastYearBefore = JSON.stringify(await lastYear());

    const { importId, text } = await preview(contingentCsv([...kept, ...moved, ...arrivals], { withId: false, encoding: "windows-1251" }));
    expect(text).toContain("прибывают — 5, переводятся в другой класс — 3, выбывают — 2, обновятся данные — 0");
    for (const a of arrivals) expect(text).toContain([a.lastName, a.firstName, a.middleName].filter(Boolean).join(" "));
    for (const l of leavers) expect(text).toContain(fullName(byId.get(String(l._id))!));

    const today = todayIso();
    const body = new URLSearchParams({ intent: "apply", importId, on: today });
    for (const [i, l] of leavers.entries()) {
      body.append("departureIds", String(l._id));
      body.append("departureDates", today);
      body.append("departureTo", i === 0 ? "МБОУ СОШ № 5, г. Казань" : "");
    }
    const applied = await post(demo.server.url, "/admin/roster", body, admin);
    expect(applied.status).toBe(302);
    expect(pageText(await (await followRedirect(demo.server.url, applied, admin)).text())).toContain("прибыло 5 учеников, переведено 3, выбыло 2");

    // The moved keep their first-period marks in 5А's summary; 5Б shows them from now on.
    const summary5a = await classSummary(year.schoolId, class5a._id, "1");
    const shownA = summary5a.students.find((s) => s.id === String(moverA._id))!;
    expect(shownA.marks).toEqual([3]);
    expect(shownA.until).not.toBeNull();
    const class5b = classes.find((c) => className(c) === "5Б")!;
    expect((await listStudentsOfClasses(ids.schoolId, [class5b._id])).map((s) => String(s._id))).toEqual(expect.arrayContaining([String(moverA._id), String(moverB._id)]));
    expect((await listStudentsOfClasses(ids.schoolId, [class5a._id])).map((s) => String(s._id))).not.toContain(String(moverA._id));
    const record = pageText(await (await get(demo.server.url, `/students/${moverA._id}`, admin)).text());
    expect(record).toMatch(/5А \(до \d\d\.\d\d\.\d{4}\) → 5Б \(с \d\d\.\d\d\.\d{4}\)/);

    // The departed: their record read-only, with where they went.
    const leaver = String(leavers[0]._id);
    const leaverPage = pageText(await (await get(demo.server.url, `/students/${leaver}`, admin)).text());
    expect(leaverPage).toContain("МБОУ СОШ № 5, г. Казань");
    expect(leaverPage).toContain("личное дело только для чтения");
    const achievementsBefore = await AchievementModel.countDocuments({ studentId: leavers[0]._id });
    const form = new FormData();
    for (const [k, v] of Object.entries({ kind: "award", date: today, reason: "за участие в субботнике", grantedBy: "директор школы", intent: "draft" })) form.append(k, v);
    const refused = await fetch(`${demo.server.url}/students/${leaver}/achievements/new`, { method: "POST", body: form, redirect: "manual", headers: { Cookie: admin, Origin: demo.server.url } });
    expect(refused.status).toBe(400);
    expect(pageText(await refused.text())).toContain("выбыл");
    expect(await AchievementModel.countDocuments({ studentId: leavers[0]._id })).toBe(achievementsBefore);

    expect(JSON.stringify(await lastYear())).toBe(lastYearBefore);

    // The same file again: nothing to apply.
    const again = await preview(contingentCsv([...kept, ...moved, ...arrivals], { withId: false, encoding: "windows-1251" }));
    expect(again.text).toContain("совпадает с реестром: изменений нет");
    expect(await AuditModel.exists({ entity: "roster", action: "update" })).not.toBeNull();
  }, 60_000);
});

describe("a file with mistakes", () => {
  it("names each bad row with its column and reason, and writes nothing", async () => {
    const year = (await getCurrentYear(ids.schoolId))!;
    const start = year.startDate.getUTCFullYear();
    const good: ContingentRow = { lastName: "Орлова", firstName: "Вера", middleName: "Ильинична", birthDate: `05.05.${start - 11}`, gender: "ж", className: "5А" };
    const rows: ContingentRow[] = [
      good,
      { ...good, lastName: "Синицына", className: "7Я" },
      { ...good, lastName: "Сорокина", birthDate: `31.02.${start - 11}` },
      { ...good },
      { ...good, lastName: "", firstName: "" },
      { ...good, lastName: "Малышева", birthDate: `01.06.${start - 3}`, className: "9А" },
    ];
    const before = await counts();
    const { text, html } = await preview(contingentCsv(rows, { withId: false }));
    expect(text).toContain("Найдено ошибок: 5");
    expect(text).toMatch(/3 Класс класса 7Я нет в текущем учебном году/);
    expect(text).toMatch(/4 Дата рождения «31\.02\.\d{4}» — нет такой даты/);
    expect(text).toMatch(/5 ФИО этот ученик уже есть в строке 2/);
    expect(text).toMatch(/6 Фамилия не заполнена фамилия/);
    expect(text).toMatch(/7 Дата рождения 01\.06\.\d{4}: к началу учебного года ученику 3 года — не возраст 9-го класса/);
    expect(html).not.toContain('value="apply"');
    expect(await counts()).toEqual(before);

    // Over 5 MB (the page's limit) and over what the server reads at all: refused beside the file.
    const big = await upload(new Uint8Array(6 * 1024 * 1024).fill(0x41), "контингент.csv");
    expect(big.status).toBe(413);
    expect(pageText(await big.text())).toContain("Файл больше 5 МБ");
    const huge = await upload(new Uint8Array(16 * 1024 * 1024).fill(0x41), "контингент.csv");
    expect(huge.status).toBe(400);
    expect(pageText(await huge.text())).toContain("Файл больше 15 МБ");
    expect(await counts()).toEqual(before);

    const notATable = await upload(new Uint8Array(Buffer.from("%PDF-1.7\n\u0000\u0001binary")), "контингент.xlsx");
    expect(notATable.status).toBe(400);
    expect(pageText(await notATable.text())).toContain("Это не таблица");
    expect(await counts()).toEqual(before);
  });

  it("asks about a namesake instead of guessing, and «Применить» waits for the answer", async () => {
    const year = (await getCurrentYear(ids.schoolId))!;
    const class9b = (await listClasses(ids.schoolId, year._id)).find((c) => className(c) === "9Б")!;
    const [someone] = await listStudentsOfClasses(ids.schoolId, [class9b._id]);
    const s = (await StudentModel.findById(someone._id).lean<{ lastName: string; firstName: string; middleName: string; birthDate: Date; gender: string }>())!;
    // The same name in another case and with е for ё, another birth date: the same person or not?
    const other = new Date(s.birthDate.getTime() + 40 * 86400_000).toISOString().slice(0, 10);
    const row: ContingentRow = { lastName: s.lastName.toUpperCase().replaceAll("Ё", "Е"), firstName: s.firstName, middleName: s.middleName, birthDate: dotted(other), gender: s.gender === "m" ? "м" : "ж", className: "9Б" };
    const { importId, text } = await preview(contingentCsv([row], { withId: false }));
    expect(text).toContain("нужно решить о тёзках — 1");
    expect(text).toContain(`уже записан: ${fullName(s)}`);
    const before = await counts();
    const unanswered = await post(demo.server.url, "/admin/roster", { intent: "apply", importId, on: todayIso() }, admin);
    expect(unanswered.status).toBe(400);
    expect(pageText(await unanswered.text())).toContain("выберите, новый это ученик или уже записанный");
    expect(await counts()).toEqual(before);
    const answered = await post(demo.server.url, "/admin/roster", { intent: "apply", importId, on: todayIso(), namesakes: `2:${someone._id}` }, admin);
    expect(answered.status).toBe(302);
    expect(await counts()).toEqual(before);
    expect((await StudentModel.findById(someone._id).lean<{ birthDate: Date }>())!.birthDate.toISOString().slice(0, 10)).toBe(other);
  });
});

describe("accounts for families in bulk, with login slips", () => {
  it("makes each student's and each listed parent's account once, one slip per family; the parent signs in with the slip, must change the password, and sees exactly their child", async () => {
    const year = (await getCurrentYear(ids.schoolId))!;
    const class5a = (await listClasses(ids.schoolId, year._id)).find((c) => className(c) === "5А")!;
    // Two sisters who arrive together, with the same mother: one family, one slip.
    const start = year.startDate.getUTCFullYear();
    const mother = { name: "Петрова-Водкина Наталья Ильинична", kin: "мать", phone: "+7 912 555-44-33", email: "petrova@example.ru" };
    const sisters: ContingentRow[] = [
      { lastName: "Петрова-Водкина", firstName: "Алёна", middleName: "Игоревна", birthDate: `10.10.${start - 11}`, gender: "ж", className: "5А", parents: [mother] },
      { lastName: "Петрова-Водкина", firstName: "Вера", middleName: "Игоревна", birthDate: `10.10.${start - 11}`, gender: "ж", className: "5А", parents: [mother] },
    ];
    const current = await listStudentsOfClasses(year.schoolId, [class5a._id]);
    const rows = (await StudentModel.find({ _id: { $in: current.map((m) => m._id) } }).lean<{ lastName: string; firstName: string; middleName: string; birthDate: Date; gender: string }[]>()).map(
      (s): ContingentRow => ({ lastName: s.lastName, firstName: s.firstName, middleName: s.middleName, birthDate: dotted(s.birthDate.toISOString().slice(0, 10)), gender: s.gender === "m" ? "м" : "ж", className: "5А" }),
    );
    const { importId } = await preview(contingentCsv([...rows, ...sisters], { withId: false }));
    expect((await post(demo.server.url, "/admin/roster", { intent: "apply", importId, on: todayIso() }, admin)).status).toBe(302);

    const in5a = (await listStudentsOfClasses(year.schoolId, [class5a._id])).map((m) => m._id);
    const withAccount = await mongoose.connection.db!.collection("users").countDocuments({ studentId: { $in: in5a } });
    const usersBefore = await mongoose.connection.db!.collection("users").countDocuments();
    const slips = await post(demo.server.url, "/admin/roster/slips.pdf", { intent: "accounts", classId: String(class5a._id) }, admin);
    expect(slips.status, slips.status === 200 ? "" : pageText(await slips.clone().text()).slice(-1500)).toBe(200);
    expect(slips.headers.get("content-type")).toBe("application/pdf");
    const text = pdfText(new Uint8Array(await slips.arrayBuffer()));
    // One slip for the sisters, with the mother's account once.
    expect(text).toContain("Вход в реестр достижений: Петрова-Водкина Алёна Игоревна, 5А; Петрова-Водкина Вера Игоревна, 5А");
    expect(text.match(/Петрова-Водкина Наталья Ильинична \(мать\)/g)).toHaveLength(1);
    const [, login, password] = /Петрова-Водкина Наталья Ильинична \(мать\) (\S+) (\S+)/.exec(text)!;
    expect(login).toBe("petrova-vodkina.ni");
    const madeNow = (await mongoose.connection.db!.collection("users").countDocuments()) - usersBefore;
    // An account for each student who had none, and for the two mothers the class's rows list: the
    // sisters' (one for both) and Ким Юна's (who arrived with the mid-year file).
    expect(madeNow).toBe(in5a.length - withAccount + 2);
    expect(await mongoose.connection.db!.collection("users").countDocuments({ studentId: { $in: in5a } })).toBe(in5a.length);

    const signIn = await fetch(`${demo.server.url}/login`, { method: "POST", body: new URLSearchParams({ login, password }), redirect: "manual", headers: { Origin: demo.server.url } });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe("/password");
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0];
    expect((await get(demo.server.url, "/family", cookie)).headers.get("location")).toBe("/password");
    const changed = await post(demo.server.url, "/password", { current: password, next: "семья-Петровых-2026", repeat: "семья-Петровых-2026" }, cookie);
    expect(changed.status).toBe(302);
    const own = changed.headers.get("set-cookie")!.split(";")[0];
    const home = pageText(await (await get(demo.server.url, "/family", own)).text());
    expect(home).toContain("Петрова-Водкина Алёна");
    expect(home).toContain("Петрова-Водкина Вера");
    const children = await StudentModel.countDocuments({ representativeIds: (await mongoose.connection.db!.collection("users").findOne({ login }))!._id });
    expect(children).toBe(2);

    // Printed again for the class: nothing is made twice; the mother, who has signed in, keeps her
    // password; a pupil who never signed in gets a new one (the first slip may never have reached home).
    const again = await post(demo.server.url, "/admin/roster/slips.pdf", { intent: "accounts", classId: String(class5a._id) }, admin);
    expect(again.status).toBe(200);
    expect(await mongoose.connection.db!.collection("users").countDocuments()).toBe(usersBefore + madeNow);
    const againText = pdfText(new Uint8Array(await again.arrayBuffer()));
    expect(againText).toContain(`${login} прежний: учётная запись уже была`);
    const [, veraLogin, veraPassword] = /Петрова-Водкина Вера Игоревна \(ученик\) (\S+) (\S+)/.exec(againText)!;
    expect(veraPassword).not.toBe("прежний:");
    const veraSignIn = await fetch(`${demo.server.url}/login`, { method: "POST", body: new URLSearchParams({ login: veraLogin, password: veraPassword }), redirect: "manual", headers: { Origin: demo.server.url } });
    expect(veraSignIn.headers.get("location")).toBe("/password");

    // The slip lost and printed again for Алёна: new passwords for her and her mother only.
    const users = mongoose.connection.db!.collection("users");
    const alena = (await StudentModel.findOne({ lastName: "Петрова-Водкина", firstName: "Алёна" }).lean<{ _id: Types.ObjectId }>())!;
    const vera = (await StudentModel.findOne({ lastName: "Петрова-Водкина", firstName: "Вера" }).lean<{ _id: Types.ObjectId }>())!;
    const veraHash = (await users.findOne({ studentId: vera._id }))!.passwordHash;
    const reslip = await post(demo.server.url, "/admin/roster/slips.pdf", { intent: "reslip", studentId: String(alena._id) }, admin);
    expect(reslip.headers.get("content-type")).toBe("application/pdf");
    const [, , newPassword] = /Петрова-Водкина Наталья Ильинична \(мать\) (\S+) (\S+)/.exec(pdfText(new Uint8Array(await reslip.arrayBuffer())))!;
    expect(newPassword).not.toBe(password);
    expect((await users.findOne({ studentId: vera._id }))!.passwordHash).toBe(veraHash);
    const oldOwn = await fetch(`${demo.server.url}/login`, { method: "POST", body: new URLSearchParams({ login, password: "семья-Петровых-2026" }), redirect: "manual", headers: { Origin: demo.server.url } });
    expect(oldOwn.status).toBe(400);
    expect((await get(demo.server.url, "/family", own)).headers.get("location")).toMatch(/^\/login/);
  }, 60_000);
});

describe("changes by hand during the year", () => {
  it("a student who arrives is entered on the page and previewed like a file; a move and a departure are made on the student's page", async () => {
    const year = (await getCurrentYear(ids.schoolId))!;
    const classes = await listClasses(ids.schoolId, year._id);
    const class9a = classes.find((c) => className(c) === "9А")!;
    const class9b = classes.find((c) => className(c) === "9Б")!;
    const start = year.startDate.getUTCFullYear();
    const entered = await post(demo.server.url, "/admin/roster", { intent: "arrival", lastName: "О'Коннор", firstName: "Лиам", birthDate: `${start - 15}-04-04`, gender: "м", className: "9А", parentName: "О'Коннор Мэри", parentKin: "мать", parentPhone: "89120009988" }, admin);
    expect(entered.status).toBe(302);
    const previewed = pageText(await (await get(demo.server.url, entered.headers.get("location")!, admin)).text());
    // Entered by hand, nobody else of 9А is proposed to leave.
    expect(previewed).toContain("прибывают — 1, переводятся в другой класс — 0, выбывают — 0");
    const importId = new URL(entered.headers.get("location")!, demo.server.url).searchParams.get("import")!;
    expect((await post(demo.server.url, "/admin/roster", { intent: "apply", importId, on: todayIso() }, admin)).status).toBe(302);
    const liam = (await StudentModel.findOne({ lastName: "О'Коннор" }).lean<{ _id: Types.ObjectId; parents: { phone: string }[] }>())!;
    expect(liam.parents[0].phone).toBe("+79120009988");

    const teacher = await signInHttp(demo.server.url, "klass9a");
    expect((await post(demo.server.url, `/students/${liam._id}`, { intent: "move", classId: String(class9b._id), on: todayIso() }, teacher)).status).toBe(404);
    const moved = await post(demo.server.url, `/students/${liam._id}`, { intent: "move", classId: String(class9b._id), on: todayIso() }, admin);
    expect(moved.status).toBe(302);
    expect((await listStudentsOfClasses(year.schoolId, [class9b._id])).map((s) => String(s._id))).toContain(String(liam._id));
    expect((await listStudentsOfClasses(year.schoolId, [class9a._id], { withFormer: true })).find((s) => String(s._id) === String(liam._id))!.until).not.toBeNull();
    const again = await post(demo.server.url, `/students/${liam._id}`, { intent: "move", classId: String(class9b._id), on: todayIso() }, admin);
    expect(again.status).toBe(400);
    expect(pageText(await again.text())).toContain("уже в 9Б классе");

    const tomorrow = new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10);
    const early = await post(demo.server.url, `/students/${liam._id}`, { intent: "depart", on: tomorrow, to: "" }, admin);
    expect(early.status).toBe(400);
    expect(pageText(await early.text())).toContain("Дата выбытия: дата ещё не наступила");
    const departed = await post(demo.server.url, `/students/${liam._id}`, { intent: "depart", on: todayIso(), to: "переезд в Тверь" }, admin);
    expect(departed.status).toBe(302);
    expect((await StudentModel.findById(liam._id).lean<{ leftAt: Date | null; leftTo: string }>())!.leftTo).toBe("переезд в Тверь");
    expect((await listStudentsOfClasses(year.schoolId, [class9b._id])).map((s) => String(s._id))).not.toContain(String(liam._id));
    const afterwards = await post(demo.server.url, `/students/${liam._id}`, { intent: "move", classId: String(class9a._id), on: todayIso() }, admin);
    expect(afterwards.status).toBe(400);
    expect(pageText(await afterwards.text())).toContain("личное дело только для чтения");
  });
});

describe("what a real school trips over", () => {
  it("an older preview applied after the registry changed is refused, nothing written twice", async () => {
    const year = (await getCurrentYear(ids.schoolId))!;
    const start = year.startDate.getUTCFullYear();
    const pupil: ContingentRow = { lastName: "Стрельцова", firstName: "Ника", middleName: "Андреевна", birthDate: `03.03.${start - 15}`, gender: "ж", className: "9Б" };
    const older = await preview(contingentCsv([pupil], { withId: false }));
    const byHand = await post(demo.server.url, "/admin/roster", { intent: "arrival", lastName: pupil.lastName, firstName: pupil.firstName, middleName: pupil.middleName, birthDate: `${start - 15}-03-03`, gender: "ж", className: "9Б" }, admin);
    const handId = new URL(byHand.headers.get("location")!, demo.server.url).searchParams.get("import")!;
    expect((await post(demo.server.url, "/admin/roster", { intent: "apply", importId: handId, on: todayIso() }, admin)).status).toBe(302);
    const stale = await post(demo.server.url, "/admin/roster", { intent: "apply", importId: older.importId, on: todayIso() }, admin);
    expect(stale.status).toBe(409);
    expect(pageText(await stale.text())).toContain("После проверки контингент изменился");
    expect(await StudentModel.countDocuments({ lastName: "Стрельцова", firstName: "Ника" })).toBe(1);
  });

  it("two mothers of the same name and no contacts are two accounts, not one", async () => {
    const year = (await getCurrentYear(ids.schoolId))!;
    const start = year.startDate.getUTCFullYear();
    const mother = { name: "Иванова Елена Викторовна", kin: "мать", phone: "", email: "" };
    const rows: ContingentRow[] = [
      { lastName: "Иванов", firstName: "Пётр", middleName: "Ильич", birthDate: `04.04.${start - 15}`, gender: "м", className: "9Б", parents: [mother] },
      { lastName: "Иванова", firstName: "Злата", middleName: "Олеговна", birthDate: `05.05.${start - 15}`, gender: "ж", className: "9Б", parents: [mother] },
    ];
    const { importId } = await preview(contingentCsv(rows, { withId: false }));
    expect((await post(demo.server.url, "/admin/roster", { intent: "apply", importId, on: todayIso() }, admin)).status).toBe(302);
    const class9b = (await listClasses(ids.schoolId, year._id)).find((c) => className(c) === "9Б")!;
    expect((await post(demo.server.url, "/admin/roster/slips.pdf", { intent: "accounts", classId: String(class9b._id) }, admin)).status).toBe(200);
    const mothers = await mongoose.connection.db!.collection("users").find({ lastName: "Иванова", firstName: "Елена", roles: "parent" }).toArray();
    expect(mothers).toHaveLength(2);
    for (const m of mothers) expect(await StudentModel.countDocuments({ representativeIds: m._id })).toBe(1);
  });
});
