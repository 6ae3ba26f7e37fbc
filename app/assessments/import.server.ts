// External assessment results from a file (as ФИС ОКО, the regional ГИА system or the school
// writes them): one row per student and subject. Checked whole like the journal's marks — every
// problem with its row, column and reason, and then nothing is written — and idempotent: the same
// file again changes nothing. The rows of the subjects the file holds replace those subjects'
// rows of that year and kind in one write; other subjects stay.
import crypto from "node:crypto";
import type { Types } from "mongoose";
import { audit } from "~/auth/audit.server";
import { nameKey } from "~/domain/names";
import { headerKey, readTable, type FileProblem, type Table } from "~/files/table-file.server";
import { Conflict, RefusedByRule } from "~/http/refusals";
import { getYearByName, type AcademicYear } from "~models/academic-year.server";
import { getExternalResultSet, insertExternalResultSet, replaceExternalRows, type ExternalRow } from "~models/assessment.server";
import { className, listClasses } from "~models/class.server";
import { fullName, listEnrolmentsOfYears, listStudentNamesByIds } from "~models/student.server";
import type { PublicUser } from "~models/user.server";
import { ASSESSMENT_KINDS, canonicalSubject, givesMark, type AssessmentKind } from "~models/vocabulary/assessment-kinds";

export interface AssessmentImport {
  problems: FileProblem[];
  rows: number;
  subjects: string[];
  unchanged: boolean;
}

const COLUMNS = {
  name: ["фио", "ф и о", "ф.и.о", "обучающийся", "ученик", "участник", "фамилия имя отчество", "фамилия, имя, отчество"],
  lastName: ["фамилия"],
  firstName: ["имя"],
  middleName: ["отчество"],
  birthDate: ["дата рождения"],
  className: ["класс"],
  subject: ["предмет", "учебный предмет"],
  mark: ["отметка", "оценка", "отметка по пятибалльной шкале"],
  points: ["баллы", "балл", "тестовый балл", "первичный балл", "сумма баллов"],
} as const;
type Column = keyof typeof COLUMNS;

function findColumns(table: Table) {
  const keyed = table.headers.map((h) => headerKey(h).replace(/[.:]/g, "").trim());
  return Object.fromEntries(
    (Object.keys(COLUMNS) as Column[]).map((column) => [column, keyed.findIndex((h) => (COLUMNS[column] as readonly string[]).includes(h))]),
  ) as Record<Column, number>;
}

/** «12.05.2012» or «2012-05-12» → the ISO date, or null. */
function isoDate(text: string) {
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  if (ru) return `${ru[3]}-${ru[2].padStart(2, "0")}-${ru[1].padStart(2, "0")}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? text.trim() : null;
}

/** The students of the school in that year, with their class, to find a file's rows among. */
async function studentsOfYear(schoolId: Types.ObjectId, year: AcademicYear) {
  const classes = await listClasses(schoolId, year._id);
  const enrolments = await listEnrolmentsOfYears({ schoolId, yearIds: [year._id] });
  const students = await listStudentNamesByIds({ schoolId, studentIds: enrolments.map((e) => e.studentId) });
  const classOf = new Map(enrolments.map((e) => [String(e.studentId), classes.find((c) => String(c._id) === String(e.classId))!]));
  return students.map((s) => ({ ...s, schoolClass: classOf.get(String(s._id))! }));
}

export function checkExternalTable(table: Table, kind: AssessmentKind, students: Awaited<ReturnType<typeof studentsOfYear>>, schoolYear: string) {
  const problems: FileProblem[] = [];
  const col = findColumns(table);
  const header = (c: Column) => (col[c] >= 0 ? table.headers[col[c]] : "");
  if (col.name < 0 && (col.lastName < 0 || col.firstName < 0)) problems.push({ row: 1, column: "", message: "нет столбца с обучающимся: «ФИО» или «Фамилия» и «Имя»" });
  if (col.subject < 0) problems.push({ row: 1, column: "", message: "нет столбца «Предмет»" });
  if (col.mark < 0 && col.points < 0) problems.push({ row: 1, column: "", message: "нет столбца «Отметка» или «Баллы»" });
  if (problems.length) return { rows: [], problems };

  const byName = new Map<string, typeof students>();
  for (const s of students) byName.set(nameKey(fullName(s)), [...(byName.get(nameKey(fullName(s))) ?? []), s]);
  const rows: ExternalRow[] = [];
  const seen = new Set<string>();
  const label = ASSESSMENT_KINDS[kind].label;
  for (const { row, cells } of table.rows) {
    const cell = (c: Column) => (col[c] >= 0 ? (cells[col[c]] ?? "").trim() : "");
    const name = col.name >= 0 ? cell("name") : [cell("lastName"), cell("firstName"), cell("middleName")].filter(Boolean).join(" ");
    if (!name && !cell("subject") && !cell("mark") && !cell("points")) continue;
    const problem = (column: Column | "", message: string) => problems.push({ row, column: column ? header(column) : "", message });
    // Namesakes are told apart by birth date or class.
    let found = byName.get(nameKey(name)) ?? [];
    const birth = isoDate(cell("birthDate"));
    if (found.length > 1 && birth) found = found.filter((s) => s.birthDate.toISOString().slice(0, 10) === birth);
    if (found.length > 1 && cell("className")) found = found.filter((s) => nameKey(className(s.schoolClass)) === nameKey(cell("className").replace(/[\s«»"-]/g, "")));
    if (found.length === 0) {
      problem(col.name >= 0 ? "name" : "lastName", `«${name || "(пусто)"}» — нет среди обучающихся школы в ${schoolYear} учебном году`);
      continue;
    }
    if (found.length > 1) {
      problem(col.name >= 0 ? "name" : "lastName", `«${name}» — в школе несколько обучающихся с таким именем: укажите дату рождения или класс`);
      continue;
    }
    const student = found[0];
    const grade = student.schoolClass.grade;
    if (!(ASSESSMENT_KINDS[kind].grades as readonly number[]).includes(grade)) {
      problem("className", `${name} учится в ${className(student.schoolClass)} классе: ${label} пишут в ${ASSESSMENT_KINDS[kind].grades.join(", ")} классе`);
      continue;
    }
    const subject = canonicalSubject(cell("subject"), kind);
    if (!subject) {
      problem("subject", cell("subject") ? `«${cell("subject")}»: укажите уровень математики ЕГЭ — профильный или базовый` : "не указан предмет");
      continue;
    }
    const markText = cell("mark");
    const pointsText = cell("points").replace(",", ".");
    const mark = markText === "" ? null : Number(markText);
    const points = pointsText === "" ? null : Number(pointsText);
    if (mark !== null && !(Number.isInteger(mark) && mark >= 2 && mark <= 5)) {
      problem("mark", `«${markText}» — отметка должна быть от 2 до 5`);
      continue;
    }
    if (points !== null && !(Number.isFinite(points) && points >= 0 && points <= 100)) {
      problem("points", `«${cell("points")}» — баллы должны быть числом от 0 до 100`);
      continue;
    }
    if (givesMark(kind, subject) && mark === null) {
      problem("mark", `нет отметки: ${label} по предмету «${subject}» оценивается отметкой 2–5`);
      continue;
    }
    if (!givesMark(kind, subject) && points === null) {
      problem("points", `нет баллов: ${label} по предмету «${subject}» оценивается в баллах`);
      continue;
    }
    const key = `${student._id}:${subject}`;
    if (seen.has(key)) {
      problem("subject", `${name}, «${subject}» — указан дважды`);
      continue;
    }
    seen.add(key);
    rows.push({ studentId: student._id, grade, subject, mark, points });
  }
  if (!problems.length && !rows.length) problems.push({ row: 2, column: "", message: "в файле нет ни одной строки с результатом" });
  return { rows, problems };
}

const rowKey = (r: ExternalRow) => `${r.subject}\u0000${r.studentId}`;
const sameRows = (a: ExternalRow[], b: ExternalRow[]) =>
  a.length === b.length && a.every((r, i) => rowKey(r) === rowKey(b[i]) && r.grade === b[i].grade && r.mark === b[i].mark && r.points === b[i].points);

/**
 * A file (`bytes`), or results typed on the page (`table`, the same columns). A file's subjects
 * replace those subjects' rows; typed results replace only the same student's same subject.
 */
export async function importExternalResults(
  input: { request: Request; user: PublicUser; schoolId: Types.ObjectId; kind: AssessmentKind; schoolYear: string; fileName: string } & ({ bytes: Uint8Array } | { table: Table }),
): Promise<AssessmentImport> {
  const { schoolId, kind, schoolYear } = input;
  const year = await getYearByName({ schoolId, name: schoolYear });
  if (!year) throw new RefusedByRule(`Учебного года ${schoolYear} в школе нет`, "year");
  const table: Table = "table" in input ? input.table : await readTable(input.bytes);
  const checked = checkExternalTable(table, kind, await studentsOfYear(schoolId, year), schoolYear);
  const subjects = [...new Set(checked.rows.map((r) => r.subject))].sort();
  if (checked.problems.length) return { problems: checked.problems, rows: 0, subjects, unchanged: false };

  const existing = await getExternalResultSet({ schoolId, schoolYear, kind });
  const typed = new Set(checked.rows.map(rowKey));
  const replaced = (r: ExternalRow) => ("table" in input ? typed.has(rowKey(r)) : subjects.includes(r.subject));
  const next = [...(existing?.rows ?? []).filter((r) => !replaced(r)), ...checked.rows].sort((a, b) => rowKey(a).localeCompare(rowKey(b)));
  if (existing && sameRows(existing.rows, next)) return { problems: [], rows: checked.rows.length, subjects, unchanged: true };
  const record = { fileName: input.fileName.slice(0, 200), sha256: crypto.createHash("sha256").update("table" in input ? JSON.stringify(input.table) : input.bytes).digest("hex"), subjects, rows: checked.rows.length, at: new Date(), byName: `${fullName(input.user)} (${input.user.login})` };
  try {
    if (existing) {
      const written = await replaceExternalRows({ schoolId, setId: existing._id, revision: existing.revision, rows: next, record });
      if (!written) throw new Conflict("Пока файл проверялся, результаты уже загрузили: загрузите файл ещё раз");
    } else await insertExternalResultSet({ schoolId, schoolYear, kind, rows: next, imports: [record] });
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw new Conflict("Пока файл проверялся, результаты уже загрузили: загрузите файл ещё раз");
    throw error;
  }
  await audit(input.request, input.user, {
    action: "update", entity: "assessments", entityId: `${schoolYear}:${kind}`,
    summary: `загружены результаты ${ASSESSMENT_KINDS[kind].label} ${schoolYear}: ${subjects.join(", ")} — ${checked.rows.length} (${input.fileName})`,
  });
  return { problems: [], rows: checked.rows.length, subjects, unchanged: false };
}
