// Importing a class's period marks: checked whole, staged as a result set nobody reads yet, shown
// as a preview, then switched on in one write (models/results.server.ts). Nothing is ever half
// applied; the same file twice changes nothing.
import { periodsForGrade } from "~/domain/school-year";
import { curriculumSet, subjectsOfGrade } from "~/domain/curriculum";
import crypto from "node:crypto";
import { isValidObjectId, type Types } from "mongoose";
import { audit } from "~/auth/audit.server";
import { readTable, type FileProblem, type Table } from "~/files/table-file.server";
import { Conflict, NotFound, RefusedByRule } from "~/http/refusals";
import { className, getClass, type SchoolClass } from "~models/class.server";
import {
  activeKey,
  activeResultSets,
  dropAbandonedImports,
  getResultSetIdOfImport,
  getResultSetOfImport,
  getStagedImport,
  insertResultSet,
  markImportApplied,
  readActiveSets,
  switchResultSets,
  type PlanDelivery,
  type ResultRow,
} from "~models/results.server";
import { fullName, listStudentIdsOfClass, listStudentNamesByIds, listStudentsOfClasses } from "~models/student.server";
import { listSubjects } from "~models/subject.server";
import type { PublicUser } from "~models/user.server";
import { checkPeriodMarks, sameResults } from "./period-marks-file.server";
import { checkWorks } from "./works-file.server";
import { checkPlan } from "./plan-file.server";
import { getYear } from "~models/academic-year.server";
import { closedReasonOf, closedYearReason } from "~/school-year.server";

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

const planEntries = (plan: readonly PlanDelivery[]) => new Map(plan.map((p) => [String(p.subjectId), `${p.planned}/${p.given}`]));
const samePlan = (a: readonly PlanDelivery[], b: readonly PlanDelivery[]) => JSON.stringify([...planEntries(a)].sort()) === JSON.stringify([...planEntries(b)].sort());
function countPlanChanges(before: readonly PlanDelivery[], after: readonly PlanDelivery[]) {
  const old = planEntries(before);
  const next = planEntries(after);
  return {
    added: [...next.keys()].filter((k) => !old.has(k)).length,
    changed: [...next].filter(([k, v]) => old.has(k) && old.get(k) !== v).length,
    removed: [...old.keys()].filter((k) => !next.has(k)).length,
  };
}

export type Dataset = "marks" | "works" | "current" | "plan";

/** Staged imports never applied (a preview abandoned) are dropped after a day, with their sets. */
const STAGED_LIFETIME_MS = 24 * 3600_000;
const dropAbandoned = (schoolId: Types.ObjectId) => dropAbandonedImports({ schoolId, before: new Date(Date.now() - STAGED_LIFETIME_MS) });

/**
 * Checks a file (or, for a correction typed on the page, the same table built from the form) and
 * stages it. `bytes` is the file; `table` a table already read.
 */
export async function stageImport(input: { request: Request; user: PublicUser; schoolClass: SchoolClass; period: string; dataset?: Dataset; fileName: string } & ({ bytes: Uint8Array } | { table: Table })): Promise<StagedImport> {
  const { user, schoolClass } = input;
  const dataset = input.dataset ?? "marks";
  if ((dataset === "works" || dataset === "current") && input.period === "year") throw new RefusedByRule("Текущие отметки и работы загружаются за период, а не за год", "period");
  const period = dataset === "marks" ? input.period : `${input.period}:${dataset}`;
  const schoolId = schoolClass.schoolId as Types.ObjectId;
  // What the check needs, read side by side while the file is read (each read is a round trip to the database).
  const [[students, subjects, year, inForce], parsed] = await Promise.all([
    Promise.all([
      // Those who moved out during the year are matched too: a file of an earlier period names them.
      listStudentIdsOfClass({ schoolId, classId: schoolClass._id, withFormer: true }).then((studentIds) => listStudentNamesByIds({ schoolId, studentIds })),
      listSubjects(schoolId),
      getYear({ schoolId, yearId: schoolClass.yearId }),
      activeResultSets(schoolId, [{ classId: schoolClass._id, period }]),
      dropAbandoned(schoolId),
    ]),
    // An unreadable file is told after a closed year: no point in mending a file that cannot be loaded.
    Promise.resolve("table" in input ? input.table : readTable(input.bytes)).then(
      (read) => ({ read }),
      (unreadable: unknown) => ({ unreadable }),
    ),
  ]);
  if (!year) throw new NotFound("Учебного года этого класса нет");
  const closed = closedReasonOf(year);
  if (closed) throw new RefusedByRule(closed);
  if ("unreadable" in parsed) throw parsed.unreadable;
  const table = parsed.read;
  // The curriculum, once the school has set it for the grade: what is studied and how it is assessed.
  const studied = curriculumSet(year, schoolClass.grade) ? new Map(subjectsOfGrade(year, schoolClass.grade, subjects).map((s) => [String(s._id), s.assessment])) : null;
  const context = { grade: schoolClass.grade, className: className(schoolClass), students, subjects, studied };
  let checked: { rows: ResultRow[]; problems: FileProblem[]; missing?: string[]; plan?: PlanDelivery[] };
  if (dataset === "plan") checked = { rows: [], ...checkPlan(table, context) };
  else if (dataset !== "marks") {
    const bounds = periodsForGrade(year, schoolClass.grade).periods.find((p) => String(p.number) === input.period);
    if (!bounds) throw new RefusedByRule("Нет такого периода в учебном году", "period");
    checked = checkWorks(table, { ...context, period: bounds }, dataset);
  } else checked = checkPeriodMarks(table, context);
  const empty = { importId: null, missing: checked.missing ?? [], unchanged: false, rows: checked.rows.length, marks: 0, changes: { added: 0, changed: 0, removed: 0 } };
  if (checked.problems.length) return { ...empty, problems: checked.problems };

  const current = inForce.get(`${schoolClass._id}:${period}`);
  const marks = entries(checked.rows).size + (checked.plan?.length ?? 0);
  if (current && sameResults(current.rows, checked.rows) && samePlan(current.plan ?? [], checked.plan ?? [])) return { ...empty, problems: [], unchanged: true, marks };

  const sha256 = crypto.createHash("sha256").update("table" in input ? JSON.stringify(input.table) : input.bytes).digest("hex");
  const { importId } = await insertResultSet({
    schoolId, classId: schoolClass._id, yearId: schoolClass.yearId, period, rows: checked.rows, plan: checked.plan ?? [],
    record: { fileName: input.fileName.slice(0, 200), sha256, by: user._id, byName: `${fullName(user)} (${user.login})`, state: "written" },
  });
  const changes = dataset === "plan" ? countPlanChanges(current?.plan ?? [], checked.plan ?? []) : countChanges(current?.rows ?? [], checked.rows);
  return { ...empty, importId: String(importId), problems: [], marks, changes };
}

/**
 * What a staged import (a checked file waiting for «Применить») would change if switched on now:
 * read back from its staged set and compared with the results in force, so the preview page can
 * be opened again from its address. Null when it was applied already or dropped.
 */
export async function stagedImportPreview(schoolId: Types.ObjectId, importId: string) {
  if (!isValidObjectId(importId)) return null;
  // Which sets are in force is read alongside the staged one: one round trip fewer.
  const [record, set, active] = await Promise.all([getStagedImport({ schoolId, importId }), getResultSetOfImport({ schoolId, importId }), readActiveSets(schoolId)]);
  if (!record || !set) return null;
  const [period, suffix] = record.period.split(":");
  const dataset: Dataset = suffix === "works" || suffix === "current" || suffix === "plan" ? suffix : "marks";
  const [inForce, students] = await Promise.all([
    activeResultSets(schoolId, [{ classId: record.classId, period: record.period }], undefined, active),
    // Only the period marks name the students the file left out.
    dataset === "marks" ? listStudentsOfClasses(schoolId, [record.classId]) : Promise.resolve([]),
  ]);
  const current = inForce.get(`${record.classId}:${record.period}`);
  const inFile = new Set(set.rows.map((r) => String(r.studentId)));
  return {
    importId: String(record._id),
    classId: String(record.classId),
    period,
    dataset,
    /** The results in force this preview is shown against: «Применить» is refused if they change. */
    previewed: String(active[activeKey(record.classId, record.period)] ?? ""),
    rows: set.rows.length,
    marks: entries(set.rows).size + (set.plan?.length ?? 0),
    missing: students.filter((s) => !inFile.has(String(s._id))).map((s) => `${s.lastName} ${s.firstName}`),
    changes: dataset === "plan" ? countPlanChanges(current?.plan ?? [], set.plan ?? []) : countChanges(current?.rows ?? [], set.rows),
  };
}

/** The class a staged import is for, or null when it was applied already or dropped. */
export async function stagedImportClassId(schoolId: Types.ObjectId, importId: string) {
  const record = await getStagedImport({ schoolId, importId });
  return record ? String(record.classId) : null;
}

/** Switches a staged import on; refused if the results in force changed since its preview. */
export async function applyImport(request: Request, user: PublicUser, schoolId: Types.ObjectId, importId: string, previewedActive: string) {
  if (!isValidObjectId(importId)) throw new Conflict("Эта загрузка уже применена или не найдена: загрузите файл заново");
  // The set in force is compared by its id alone: which one it is, not its marks.
  const [record, set, active] = await Promise.all([getStagedImport({ schoolId, importId }), getResultSetIdOfImport({ schoolId, importId }), readActiveSets(schoolId)]);
  if (!record) throw new Conflict("Эта загрузка уже применена или не найдена: загрузите файл заново");
  if (!set) throw new NotFound("Загрузка не завершилась: загрузите файл заново");
  const [closed, schoolClass] = await Promise.all([
    // A preview made before the year was closed is not switched on after.
    closedYearReason(schoolId, { id: set.yearId }),
    getClass(schoolId, String(record.classId)),
  ]);
  if (closed) throw new RefusedByRule(closed);
  const current = active[activeKey(record.classId, record.period)] ?? null;
  if (String(current ?? "") !== previewedActive) throw new Conflict("Пока вы смотрели предпросмотр, отметки этого класса изменились: проверьте файл заново");
  // The switch is the one write that puts the marks in force; the import's state and the log follow it.
  await switchResultSets(schoolId, [{ classId: record.classId, period: record.period, setId: set._id }]);
  await Promise.all([markImportApplied({ schoolId, importId: record._id }), audit(request, user, {
    action: "update", entity: "results", entityId: String(record._id),
    summary: `загружены отметки ${schoolClass ? className(schoolClass) : ""}, период ${record.period} (${record.fileName})`,
    before: { resultSet: current }, after: { resultSet: set._id },
  })]);
  return { classId: String(record.classId), period: record.period };
}

/** The id of the result set in force now, for a preview to be applied against. */
export async function activeSetId(schoolId: Types.ObjectId, classId: Types.ObjectId, period: string) {
  return String((await readActiveSets(schoolId))[activeKey(classId, period)] ?? "");
}
