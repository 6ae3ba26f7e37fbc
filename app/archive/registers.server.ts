// The human-readable registers of a yearly archive, as PDF and XLSX: each class's summaries
// (the same classSummary, PDF and sheet as the class pages), each class's verified achievements,
// and the year's credit decisions. Dated with the year's closing, never with the time of export,
// so that the same data gives the same bytes and an archive made again has the same checksums.
import { periodsForGrade } from "~/domain/school-year";
import ExcelJS from "exceljs";
import type { Types } from "mongoose";
import { describeAchievement, STATUS_LABELS } from "~/achievements/kinds";
import { KINDS, type Kind } from "~models/vocabulary/achievement-kinds";
import { CREDIT_OUTCOMES, creditMarkLabel, creditPeriodLabel } from "~models/vocabulary/credits";
import { PdfWriter, type Signing } from "~/documents/pdf-kit.server";
import type { DocumentSignature } from "~/signature/pdf-signature.server";
import { formatDate, russianCollator } from "~/domain/format";
import { summaryPdf } from "~/results/summary-pdf.server";
import { summarySheet } from "~/results/summary-xlsx.server";
import { dosDateTime } from "./zip-stream.server";
import { xlsxBytes } from "~/files/xlsx-bytes.server";
import { classSummaries, type SummarySchoolFacts } from "~/results/summary.server";
import type { AcademicYear } from "~models/academic-year.server";
import { listVerifiedAchievementsOfYear, type Achievement } from "~models/achievement.server";
import { className, type SchoolClass } from "~models/class.server";
import { listCreditApplicationsOfYear } from "~models/credit.server";
import { fullName, listStudentNames, listStudentsOfClasses, type ClassMember } from "~models/student.server";

export interface RegisterFile {
  path: string;
  bytes: Uint8Array;
}

/**
 * An XLSX with fixed dates: exceljs stamps the workbook and each part of its ZIP with the time of
 * writing; the workbook's dates are set to `at`, and so is each part's in the ZIP's headers.
 */
async function fixedXlsx(workbook: ExcelJS.Workbook, at: Date): Promise<Uint8Array> {
  workbook.created = at;
  workbook.modified = at;
  const bytes = await xlsxBytes(workbook);
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { time, date } = dosDateTime(at);
  // The central directory (found from its end record) lists each part and where its local header is.
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error("XLSX без оглавления ZIP");
  let record = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    const local = zip.readUInt32LE(record + 42);
    if (zip.readUInt32LE(record) !== 0x02014b50 || zip.readUInt32LE(local) !== 0x04034b50) throw new Error("XLSX с неожиданным оглавлением ZIP");
    zip.writeUInt16LE(time, record + 12);
    zip.writeUInt16LE(date, record + 14);
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(date, local + 12);
    record += 46 + zip.readUInt16LE(record + 28) + zip.readUInt16LE(record + 30) + zip.readUInt16LE(record + 32);
  }
  return bytes; // written through `zip`, a view of the same bytes
}

/**
 * What every register is made from: the school, the closed year, the archive's fixed date, the
 * school's signature, and the school's subjects, thresholds and marks in force (read once for all).
 */
export interface RegisterFacts {
  schoolId: Types.ObjectId;
  schoolName: string;
  year: AcademicYear;
  at: Date;
  signature: DocumentSignature;
  summaryFacts: SummarySchoolFacts;
}

type ClassRegisterFacts = RegisterFacts & { schoolClass: SchoolClass; members: ClassMember[] };

/** A class's registers: its summaries and its verified achievements, from one reading of its members. */
export async function classRegisters(input: RegisterFacts & { schoolClass: SchoolClass }): Promise<RegisterFile[]> {
  // Everyone who was in the class during the year, those who moved out or left too.
  const members = await listStudentsOfClasses(input.schoolId, [input.schoolClass._id], { withFormer: true });
  return [...(await classSummaryRegisters({ ...input, members })), ...(await classAchievementsRegister({ ...input, members }))];
}

// Signed at the archive's fixed date: the same data and certificate give the same bytes again.
const registerSigning = (signature: DocumentSignature, at: Date): Signing => ({ signature, at, reason: "реестр годового архива" });

const periodTitle = (year: AcademicYear, grade: number, period: string) =>
  period === "year" ? "за год" : `за ${periodsForGrade(year, grade).periods.find((p) => String(p.number) === period)?.name ?? `${period}-й период`}`;
const periodFile = (year: AcademicYear, period: string) => (period === "year" ? "год" : `период-${period}`);

/** The class's summaries for each period of the year and the year, where marks were loaded. */
async function classSummaryRegisters(input: ClassRegisterFacts): Promise<RegisterFile[]> {
  const { schoolId, schoolName, year, schoolClass, at, signature, summaryFacts, members } = input;
  const files: RegisterFile[] = [];
  const name = className(schoolClass);
  const periods = [...periodsForGrade(year, schoolClass.grade).periods.map((p) => String(p.number)), "year"];
  // Read together (what the periods share, once), drawn one after another.
  const summaries = await classSummaries(schoolId, schoolClass._id, periods, { school: summaryFacts, schoolYear: year.name, members });
  for (const [i, period] of periods.entries()) {
    const summary = summaries[i];
    if (!summary.loaded) continue;
    const title = `Сводная ведомость ${name} класса ${periodTitle(year, schoolClass.grade, period)}, ${year.name} учебный год`;
    files.push({ path: `registers/${name}/сводная-ведомость-${periodFile(year, period)}.pdf`, bytes: await summaryPdf(summary, title, schoolName, at, registerSigning(signature, at)) });
    files.push({ path: `registers/${name}/сводная-ведомость-${periodFile(year, period)}.xlsx`, bytes: await fixedXlsx(summarySheet(summary, title), at) });
  }
  return files;
}

/** The verified achievements of the class's students in that year (everyone who was in it), one line each. */
async function classAchievementsRegister(input: ClassRegisterFacts): Promise<RegisterFile[]> {
  const { schoolId, schoolName, year, schoolClass, at, signature, members: students } = input;
  const name = className(schoolClass);
  const achievements = await listVerifiedAchievementsOfYear({ schoolId, schoolYear: year.name, studentIds: students.map((s) => s._id) });
  const byStudent = new Map<string, Achievement[]>();
  for (const a of achievements) byStudent.set(String(a.studentId), [...(byStudent.get(String(a.studentId)) ?? []), a]);
  const rows = students.flatMap((s) =>
    (byStudent.get(String(s._id)) ?? []).map((a) => ({
      student: fullName(s),
      date: formatDate(a.date),
      kind: KINDS[a.kind as Kind]?.label ?? a.kind,
      what: describeAchievement(a.kind as Kind, a.details),
      files: String(a.evidence.length),
    })),
  );
  const title = `Индивидуальные достижения обучающихся ${name} класса, ${year.name} учебный год`;
  const pdf = await PdfWriter.create({ title, subject: title, author: schoolName, at });
  pdf.text(schoolName, { size: 9, muted: true });
  pdf.heading(title, 2);
  pdf.text(`Подтверждённые достижения (${STATUS_LABELS.verified}): ${rows.length}. Обучающихся в классе: ${students.length}.`, { size: 8.5, muted: true, after: 6 });
  pdf.table(
    [
      { header: "Обучающийся", width: 3 },
      { header: "Дата", width: 1.3 },
      { header: "Вид", width: 1.8 },
      { header: "Достижение", width: 6 },
      { header: "Файлы", width: 1.1, align: "center" },
    ],
    rows.map((r) => [r.student, r.date, r.kind, r.what, r.files]),
    { size: 7.5 },
  );
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Достижения");
  sheet.addRow([title]).font = { bold: true, size: 13 };
  sheet.addRow([]);
  sheet.addRow(["Обучающийся", "Дата", "Вид", "Достижение", "Подтверждающих документов"]).font = { bold: true };
  for (const r of rows) sheet.addRow([r.student, r.date, r.kind, r.what, Number(r.files)]);
  sheet.getColumn(1).width = 36;
  sheet.getColumn(4).width = 70;
  return [
    { path: `registers/${name}/достижения.pdf`, bytes: await pdf.finish(`${title} · на ${formatDate(at)}`, registerSigning(signature, at)) },
    { path: `registers/${name}/достижения.xlsx`, bytes: await fixedXlsx(book, at) },
  ];
}

/** Every decision on the year's credit applications, revoked ones included (the history stays). */
export async function creditDecisionsRegister(input: RegisterFacts): Promise<RegisterFile[]> {
  const { schoolId, schoolName, year, at, signature, summaryFacts } = input;
  const applications = await listCreditApplicationsOfYear({ schoolId, schoolYear: year.name });
  const subjects = new Map(summaryFacts.subjects.map((s) => [String(s._id), s.name]));
  const students = new Map((await listStudentNames({ schoolId, studentIds: applications.map((a) => a.studentId) })).map((s) => [String(s._id), fullName(s)]));
  const rows = applications
    .flatMap((a) => {
      const base = [students.get(String(a.studentId)) ?? "", subjects.get(String(a.subjectId)) ?? "", `${a.programme} (${a.organisation})`, a.result];
      if (a.decisions.length === 0) return [[...base, "на рассмотрении", "", "", ""]];
      return a.decisions.map((d) => [
        ...base,
        `${CREDIT_OUTCOMES[d.outcome as keyof typeof CREDIT_OUTCOMES]}${d.mark ? ` как «${creditMarkLabel(d.mark)}» ${creditPeriodLabel(d.period)}` : ""}`,
        `${formatDate(d.decidedAt)}, ${d.decidedByName}`,
        `${d.reason} (${d.act})`,
        d.revokedAt ? `отменено ${formatDate(d.revokedAt)}: ${d.revokeReason}` : "",
      ]);
    })
    .sort((x, y) => russianCollator.compare(x[0], y[0]));
  const title = `Решения о зачёте результатов, полученных в других организациях, ${year.name} учебный год`;
  const header = ["Обучающийся", "Предмет", "Программа (организация)", "Результат", "Решение", "Когда, кто", "Основание", "Отмена"];
  const pdf = await PdfWriter.create({ title, subject: title, author: schoolName, landscape: true, at });
  pdf.text(schoolName, { size: 9, muted: true });
  pdf.heading(title, 2);
  pdf.text(`Заявлений: ${applications.length}.`, { size: 8.5, muted: true, after: 6 });
  pdf.table(
    header.map((h, i) => ({ header: h, width: [3, 2, 4, 3, 3, 2.5, 4, 2.5][i] })),
    rows,
    { size: 7 },
  );
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Решения о зачёте");
  sheet.addRow([title]).font = { bold: true, size: 13 };
  sheet.addRow([]);
  sheet.addRow(header).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  return [
    { path: "registers/решения-о-зачёте.pdf", bytes: await pdf.finish(`${title} · на ${formatDate(at)}`, registerSigning(signature, at)) },
    { path: "registers/решения-о-зачёте.xlsx", bytes: await fixedXlsx(book, at) },
  ];
}
