// Importing a class's period marks: checked whole, staged as a result set nobody reads yet, shown
// as a preview, then switched on in one write (models/results.server.ts). Nothing is ever half
// applied; the same file twice changes nothing.
import crypto from "node:crypto";
import type { Types } from "mongoose";
import { audit } from "~/auth/audit.server";
import { readTable, type Table } from "~/files/table-file.server";
import { ClassModel, className, type SchoolClass } from "~models/class.server";
import { ResultSetModel, ResultsImportModel, activeResultSets, switchResultSets, type ResultRow, type ResultSet } from "~models/results.server";
import { fullName, listStudentsOfClasses, StudentModel, type Student } from "~models/student.server";
import { listSubjects } from "~models/subject.server";
import type { PublicUser } from "~models/user.server";
import { checkPeriodMarks, sameResults, type FileProblem } from "./period-marks-file.server";
import { checkWorks } from "./works-file.server";
import { AcademicYearModel, type AcademicYear } from "~models/academic-year.server";

export class ResultsImportError extends Error {}

export interface StagedImport {
  importId: string | null;
  problems: FileProblem[];
  missing: string[];
  unchanged: boolean;
  rows: number;
  marks: number;
  /** Marks that differ from what is in force now: added, changed, removed. */
  changes: { added: number; changed: number; removed: number };
}

/** What a dataset holds, keyed: a period mark per student and subject, a work per student, subject, title and date. */
function entries(rows: readonly ResultRow[]) {
  return new Map(
    rows.flatMap((r) => [
      ...r.marks.map((m) => [`${r.studentId}:${m.subjectId}`, String(m.mark)] as const),
      ...(r.works ?? []).map((w) => [`${r.studentId}:${w.subjectId}:${w.title}:${new Date(w.date).toISOString()}`, `${w.mark}|${w.percent}`] as const),
      ...(r.current ?? []).map((c, i) => [`${r.studentId}:${c.subjectId}:${new Date(c.date).toISOString()}:${i}`, String(c.mark)] as const),
    ]),
  );
}

function countChanges(before: readonly ResultRow[], after: readonly ResultRow[]) {
  const old = entries(before);
  const next = entries(after);
  let added = 0;
  let changed = 0;
  for (const [key, mark] of next) {
    if (!old.has(key)) added++;
    else if (old.get(key) !== mark) changed++;
  }
  const removed = [...old.keys()].filter((k) => !next.has(k)).length;
  return { added, changed, removed };
}

export type Dataset = "marks" | "works" | "current";

/**
 * Checks a file (or, for a correction typed on the page, the same table built from the form) and
 * stages it. `bytes` is the file; `table` a table already read.
 */
export async function stageImport(input: { request: Request; user: PublicUser; schoolClass: SchoolClass; period: string; dataset?: Dataset; fileName: string } & ({ bytes: Uint8Array } | { table: Table })): Promise<StagedImport> {
  const { user, schoolClass } = input;
  const dataset = input.dataset ?? "marks";
  if (dataset !== "marks" && input.period === "year") throw new ResultsImportError("Текущие отметки и работы загружаются за период, а не за год");
  const period = dataset === "marks" ? input.period : `${input.period}:${dataset}`;
  const schoolId = schoolClass.schoolId as Types.ObjectId;
  const table = "table" in input ? input.table : await readTable(input.bytes);
  const studentsList = await listStudentsOfClasses(schoolId, [schoolClass._id]);
  const students = await StudentModel.find({ schoolId, _id: { $in: studentsList.map((s) => s._id) } }, { lastName: 1, firstName: 1, middleName: 1, birthDate: 1 }).lean<Student[]>();
  const subjects = await listSubjects(schoolId);
  const context = { grade: schoolClass.grade, className: className(schoolClass), students, subjects };
  let checked: { rows: ResultRow[]; problems: FileProblem[]; missing?: string[] };
  if (dataset !== "marks") {
    const year = (await AcademicYearModel.findOne({ _id: schoolClass.yearId, schoolId }).lean<AcademicYear>())!;
    const bounds = year.periods.find((p) => String(p.number) === input.period);
    if (!bounds) throw new ResultsImportError("Нет такого периода в учебном году");
    checked = checkWorks(table, { ...context, period: bounds }, dataset);
  } else checked = checkPeriodMarks(table, context);
  const empty = { importId: null, missing: checked.missing ?? [], unchanged: false, rows: checked.rows.length, marks: 0, changes: { added: 0, changed: 0, removed: 0 } };
  if (checked.problems.length) return { ...empty, problems: checked.problems };

  const current = (await activeResultSets(schoolId, [{ classId: schoolClass._id, period }])).get(`${schoolClass._id}:${period}`);
  const marks = entries(checked.rows).size;
  if (current && sameResults(current.rows, checked.rows)) return { ...empty, problems: [], unchanged: true, marks };

  const sha256 = crypto.createHash("sha256").update("table" in input ? JSON.stringify(input.table) : input.bytes).digest("hex");
  const record = await ResultsImportModel.create({
    schoolId, classId: schoolClass._id, period, fileName: input.fileName.slice(0, 200), sha256,
    by: user._id, byName: `${fullName(user)} (${user.login})`, state: "written",
  });
  await ResultSetModel.create({ schoolId, classId: schoolClass._id, yearId: schoolClass.yearId, period, importId: record._id, rows: checked.rows });
  return { ...empty, importId: String(record._id), problems: [], marks, changes: countChanges(current?.rows ?? [], checked.rows) };
}

/** Switches a staged import on; refused if the results in force changed since its preview. */
export async function applyImport(request: Request, user: PublicUser, schoolId: Types.ObjectId, importId: string, previewedActive: string) {
  const record = await ResultsImportModel.findOne({ _id: importId, schoolId, state: "written" }).lean<{ _id: Types.ObjectId; classId: Types.ObjectId; period: string; fileName: string }>();
  if (!record) throw new ResultsImportError("Эта загрузка уже применена или не найдена: загрузите файл заново");
  const set = await ResultSetModel.findOne({ schoolId, importId: record._id }).lean<ResultSet>();
  if (!set) throw new ResultsImportError("Загрузка не завершилась: загрузите файл заново");
  const current = (await activeResultSets(schoolId, [{ classId: record.classId, period: record.period }])).get(`${record.classId}:${record.period}`);
  if (String(current?._id ?? "") !== previewedActive) throw new ResultsImportError("Пока вы смотрели предпросмотр, отметки этого класса изменились: проверьте файл заново");
  await switchResultSets(schoolId, [{ classId: record.classId, period: record.period, setId: set._id }]);
  await ResultsImportModel.updateOne({ _id: record._id }, { $set: { state: "applied" } });
  const schoolClass = await ClassModel.findById(record.classId).lean<SchoolClass>();
  await audit(request, user, {
    action: "update", entity: "results", entityId: String(record._id),
    summary: `загружены отметки ${schoolClass ? className(schoolClass) : ""}, период ${record.period} (${record.fileName})`,
    before: { resultSet: current?._id ?? null }, after: { resultSet: set._id },
  });
  return { classId: String(record.classId), period: record.period };
}

/** The id of the result set in force now, for a preview to be applied against. */
export async function activeSetId(schoolId: Types.ObjectId, classId: Types.ObjectId, period: string) {
  return String((await activeResultSets(schoolId, [{ classId, period }])).get(`${classId}:${period}`)?._id ?? "");
}
