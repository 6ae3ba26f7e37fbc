import mongoose, { Schema, type Types } from "mongoose";
import type { PeriodMark } from "~models/vocabulary/marks";
import { ClassModel } from "./class.server";

// Period results of one class for one period (a trimester, a quarter… or the year), as one
// document: marks per subject and absences per student. An import writes a new set and then
// switches to it in one update of the school's `ResultsState` (below): the engine has no
// transactions, and this way a reader sees either the old results whole or the new ones whole,
// whatever happens in between (see docs/decisions/004-results-import.md).
const RowSchema = new Schema(
  {
    studentId: { type: Schema.Types.ObjectId, ref: "Student", required: true },
    marks: {
      type: [{ _id: false, subjectId: { type: Schema.Types.ObjectId, required: true }, mark: { type: Schema.Types.Mixed, required: true } }],
      default: [],
    },
    lessons: { type: Number, default: null },
    absences: { type: Number, default: null },
    unexcused: { type: Number, default: null },
    // Control and diagnostic works of the period (a set of its own: period "1:works").
    works: {
      type: [
        {
          _id: false,
          subjectId: { type: Schema.Types.ObjectId, required: true },
          title: { type: String, required: true },
          kind: { type: String, enum: ["control", "diagnostic"], required: true },
          date: { type: Date, required: true },
          mark: { type: Number, default: null },
          percent: { type: Number, default: null },
        },
      ],
      default: [],
    },
    // Current marks of the period (period "1:current"): what a period mark must be backed by (seed 001).
    current: {
      type: [
        {
          _id: false,
          subjectId: { type: Schema.Types.ObjectId, required: true },
          date: { type: Date, required: true },
          mark: { type: Number, required: true },
        },
      ],
      default: [],
    },
  },
  { _id: false }
);

const RESULT_PERIOD = /^([1-4]|year)(:works|:current|:plan)?$/;
const ResultSetSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    classId: { type: Schema.Types.ObjectId, ref: "SchoolClass", required: true },
    yearId: { type: Schema.Types.ObjectId, ref: "AcademicYear", required: true },
    /** "1", "2"… for the periods of the year, "year" for the year marks. */
    /** The period's marks: "1"… or "year"; its control and diagnostic works "1:works"…, current marks "1:current"… */
    period: { type: String, required: true, match: RESULT_PERIOD },
    importId: { type: Schema.Types.ObjectId, ref: "ResultsImport", required: true },
    rows: { type: [RowSchema], default: [] },
    // How far each subject's plan was delivered in the period (period "1:plan"): lessons planned and given.
    plan: {
      type: [
        {
          _id: false,
          subjectId: { type: Schema.Types.ObjectId, required: true },
          planned: { type: Number, required: true },
          given: { type: Number, required: true },
        },
      ],
      default: [],
    },
  },
  { timestamps: true, versionKey: false }
);
ResultSetSchema.index({ schoolId: 1, classId: 1, period: 1, createdAt: -1 });
// An import's set is found by its import (preview, «Применить», dropping abandoned ones): without
// this, every apply read through every set the school ever loaded.
ResultSetSchema.index({ schoolId: 1, importId: 1 });

// Which result set is in force for each class and period: one document per school.
const ResultsStateSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    active: { type: Map, of: Schema.Types.ObjectId, default: {} },
  },
  { versionKey: false }
);
ResultsStateSchema.index({ schoolId: 1 }, { unique: true });

const ResultsImportSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    classId: { type: Schema.Types.ObjectId, required: true },
    period: { type: String, required: true },
    fileName: { type: String, required: true },
    sha256: { type: String, required: true },
    by: { type: Schema.Types.ObjectId, ref: "User", required: true },
    byName: { type: String, required: true },
    state: { type: String, enum: ["written", "applied", "unchanged"], required: true },
    summary: { type: String, default: "" },
  },
  { timestamps: true, versionKey: false }
);
// Staged imports waiting to be applied, oldest first (dropped after a day).
ResultsImportSchema.index({ schoolId: 1, state: 1, createdAt: 1 });

export interface WorkResult {
  subjectId: Types.ObjectId;
  title: string;
  kind: "control" | "diagnostic";
  date: Date;
  mark: number | null;
  percent: number | null;
}
export interface ResultRow {
  studentId: Types.ObjectId;
  marks: { subjectId: Types.ObjectId; mark: PeriodMark }[];
  lessons: number | null;
  absences: number | null;
  unexcused: number | null;
  works?: WorkResult[];
  current?: { subjectId: Types.ObjectId; date: Date; mark: number }[];
}
export interface ResultSet {
  _id: Types.ObjectId;
  schoolId: Types.ObjectId;
  classId: Types.ObjectId;
  yearId: Types.ObjectId;
  period: string;
  importId: Types.ObjectId;
  rows: ResultRow[];
  plan?: PlanDelivery[];
  createdAt: Date;
}
export interface PlanDelivery {
  subjectId: Types.ObjectId;
  planned: number;
  given: number;
}

export const ResultSetModel = mongoose.models.ResultSet ?? mongoose.model("ResultSet", ResultSetSchema, "resultSets");
export const ResultsStateModel = mongoose.models.ResultsState ?? mongoose.model("ResultsState", ResultsStateSchema, "resultsState");
export const ResultsImportModel = mongoose.models.ResultsImport ?? mongoose.model("ResultsImport", ResultsImportSchema, "resultsImports");

export const activeKey = (classId: Types.ObjectId | string, period: string) => `${classId}:${period}`;

/** The result sets in force for the given class-periods (absent ones are missing from the map). */
export async function activeResultSets(
  schoolId: Types.ObjectId | string,
  keys: { classId: Types.ObjectId | string; period: string }[],
  onlyStudent?: Types.ObjectId,
  /** The sets in force, when already read (readActiveSets) alongside other reads. */
  inForce?: ActiveSets
) {
  const active = inForce ?? (await readActiveSets(schoolId));
  const ids = [
    ...new Set(
      keys
        .map((k) => active[activeKey(k.classId, k.period)])
        .filter(Boolean)
        .map(String)
    ),
  ];
  if (ids.length === 0) return new Map<string, ResultSet>(); // no marks in force (a first grade): nothing to ask for
  // For one student's record, only their row of each set leaves the database, not the whole class's.
  const projection = onlyStudent ? { classId: 1, period: 1, rows: { $elemMatch: { studentId: onlyStudent } } } : {};
  const sets = await ResultSetModel.find({ schoolId, _id: { $in: ids } }, projection).lean<ResultSet[]>();
  return new Map(sets.map((s) => [activeKey(s.classId, s.period), s]));
}

export type ActiveSets = Record<string, Types.ObjectId>;

/**
 * The period marks in force for these classes, every numbered period (keys «classId:period»; the
 * year's marks are not a period of a trajectory): read without knowing the classes' grades first,
 * so a record's reads need one round trip fewer.
 */
export async function activePeriodSetsOfClasses(schoolId: Types.ObjectId | string, classIds: string[], onlyStudent: Types.ObjectId | undefined, inForce: ActiveSets) {
  const wanted = new Set(classIds);
  const keys = Object.keys(inForce)
    .map((key) => key.split(":"))
    .filter((parts) => parts.length === 2 && wanted.has(parts[0]) && /^\d+$/.test(parts[1]))
    .map(([classId, period]) => ({ classId, period }));
  return activeResultSets(schoolId, keys, onlyStudent, inForce);
}

/** Which result set is in force for each class and period («classId:period» → set id). */
export async function readActiveSets(schoolId: Types.ObjectId | string): Promise<ActiveSets> {
  const state = await ResultsStateModel.findOne({ schoolId }).lean<{ active: ActiveSets }>();
  return state?.active ?? {};
}

/** The periods («1»…, «year») with period marks in force for any of these classes. */
export async function periodsWithMarks(schoolId: Types.ObjectId | string, classIds: (Types.ObjectId | string)[]) {
  const state = await ResultsStateModel.findOne({ schoolId }).lean<{ active: Record<string, Types.ObjectId> }>();
  const classes = new Set(classIds.map(String));
  const periods = new Set<string>();
  for (const key of Object.keys(state?.active ?? {})) {
    const [classId, period] = key.split(":");
    if (classes.has(classId) && key.split(":").length === 2) periods.add(period);
  }
  return periods;
}

/** The switch: the new sets are in force from this one write on. */
export async function switchResultSets(schoolId: Types.ObjectId, sets: { classId: Types.ObjectId; period: string; setId: Types.ObjectId }[]) {
  const $set = Object.fromEntries(sets.map((s) => [`active.${activeKey(s.classId, s.period)}`, s.setId]));
  await ResultsStateModel.updateOne({ schoolId }, { $set }, { upsert: true });
}

export interface ResultsImportRecord {
  _id: Types.ObjectId;
  classId: Types.ObjectId;
  period: string;
  fileName: string;
}

/**
 * A new result set with the record of the import it came from (the record first): staged
 * ("written", nobody reads it until switched on) or, for the seeds, already "applied".
 */
export async function insertResultSet(input: {
  schoolId: Types.ObjectId;
  classId: Types.ObjectId;
  yearId: Types.ObjectId;
  period: string;
  rows: ResultRow[];
  plan?: PlanDelivery[];
  record: { fileName: string; sha256: string; by: Types.ObjectId; byName: string; state: "written" | "applied" };
}) {
  const { schoolId, classId, yearId, period, rows, plan, record } = input;
  if (!RESULT_PERIOD.test(period)) throw new Error(`Неизвестный период результатов: ${period}`);
  const created = await ResultsImportModel.create({
    schoolId,
    classId,
    period,
    fileName: record.fileName,
    sha256: record.sha256,
    by: record.by,
    byName: record.byName,
    state: record.state,
  });
  // The rows come checked by the file's checks (app/results/*-file.server.ts), which are the rules
  // of a row: written as they are. A mongoose document per row and mark took most of an import's time.
  const setId = new mongoose.Types.ObjectId();
  const now = new Date();
  await ResultSetModel.collection.insertOne({ _id: setId, schoolId, classId, yearId, period, importId: created._id, rows, plan: plan ?? [], createdAt: now, updatedAt: now });
  return { importId: created._id as Types.ObjectId, setId };
}

/** A staged import not yet applied, or null (applied already, or never there). */
export async function getStagedImport({ schoolId, importId }: { schoolId: Types.ObjectId | string; importId: string }) {
  return ResultsImportModel.findOne({ _id: importId, schoolId, state: "written" }).lean<ResultsImportRecord>();
}

/** The result set an import wrote, or null. */
export async function getResultSetOfImport({ schoolId, importId }: { schoolId: Types.ObjectId | string; importId: Types.ObjectId | string }) {
  return ResultSetModel.findOne({ schoolId, importId }).lean<ResultSet>();
}

/** Which result set an import wrote and for which year, without its rows; or null. */
export async function getResultSetIdOfImport({ schoolId, importId }: { schoolId: Types.ObjectId | string; importId: Types.ObjectId | string }) {
  return ResultSetModel.findOne({ schoolId, importId }, { _id: 1, yearId: 1 }).lean<Pick<ResultSet, "_id" | "yearId">>();
}

export async function markImportApplied({ schoolId, importId }: { schoolId: Types.ObjectId | string; importId: Types.ObjectId }) {
  await ResultsImportModel.updateOne({ _id: importId, schoolId }, { $set: { state: "applied" } });
}

/** The classes of a year that have any results loaded (whatever the period). */
export async function listClassIdsWithResults({ schoolId, yearId }: { schoolId: Types.ObjectId | string; yearId: Types.ObjectId | string }) {
  return (await ResultSetModel.distinct("classId", { schoolId, yearId })) as Types.ObjectId[];
}

export async function countResultSets({ schoolId }: { schoolId: Types.ObjectId | string }) {
  return ResultSetModel.countDocuments({ schoolId });
}

/**
 * Drops the staged imports never applied (a preview abandoned) created before `before`, with their
 * sets. A set in force is never dropped: its import may have been switched on and cut off before
 * it was marked applied, so it is marked applied now.
 */
export async function dropAbandonedImports({ schoolId, before }: { schoolId: Types.ObjectId; before: Date }) {
  const old = await ResultsImportModel.find({ schoolId, state: "written", createdAt: { $lt: before } }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>();
  if (old.length === 0) return;
  const state = await ResultsStateModel.findOne({ schoolId }).lean<{ active?: Record<string, Types.ObjectId> }>();
  const inForce = new Set(Object.values(state?.active ?? {}).map(String));
  const sets = await ResultSetModel.find({ schoolId, importId: { $in: old.map((o) => o._id) } }, { _id: 1, importId: 1 }).lean<
    { _id: Types.ObjectId; importId: Types.ObjectId }[]
  >();
  const live = new Set(sets.filter((set) => inForce.has(String(set._id))).map((set) => String(set.importId)));
  const abandoned = old.map((o) => o._id).filter((id) => !live.has(String(id)));
  await ResultsImportModel.updateMany({ schoolId, _id: { $in: [...live] } }, { $set: { state: "applied" } });
  // The sets first: an import record without its set is refused at apply time anyway.
  await ResultSetModel.deleteMany({ schoolId, importId: { $in: abandoned }, _id: { $nin: [...inForce] } });
  await ResultsImportModel.deleteMany({ schoolId, _id: { $in: abandoned }, state: "written" });
}

/**
 * Puts `setId` back in force for the class and period (none: no set) and removes the sets and
 * records of the given imports: a benchmark's runs leave the school as they found it.
 */
export async function undoImports({ schoolId, classId, period, setId, importIds }: { schoolId: Types.ObjectId; classId: Types.ObjectId; period: string; setId: Types.ObjectId | null; importIds: string[] }) {
  const key = `active.${activeKey(classId, period)}`;
  await ResultsStateModel.updateOne({ schoolId }, setId ? { $set: { [key]: setId } } : { $unset: { [key]: "" } });
  await ResultSetModel.deleteMany({ schoolId, importId: { $in: importIds } });
  await ResultsImportModel.deleteMany({ schoolId, _id: { $in: importIds } });
}

/** Every mark the school's result sets hold (those no longer in force too), by one cursor scan: the benchmark's raw baseline. */
export async function countStoredMarks({ schoolId }: { schoolId: Types.ObjectId | string }) {
  let marks = 0;
  for await (const set of ResultSetModel.find({ schoolId }).lean().cursor())
    for (const row of (set as { rows: { marks: unknown[] }[] }).rows) marks += row.marks.length;
  return marks;
}

/**
 * The benchmark's floor of an import: only the round trips its three steps cannot do without, in
 * a scratch collection (`dropImportFloor` removes it). «Загрузить» reads what is in force and
 * stores the checked set; the preview reads the set back; «Применить» reads what is in force again,
 * switches and writes the log's line. Each write acknowledged as every write is.
 */
export async function importFloor(rows: ResultRow[]) {
  const scratch = mongoose.connection.collection<{ _id: string | Types.ObjectId; [field: string]: unknown }>("benchImportFloor");
  await scratch.findOne({ _id: "state" });
  const { insertedId } = await scratch.insertOne({ _id: new mongoose.Types.ObjectId(), rows, createdAt: new Date() });
  await scratch.findOne({ _id: insertedId });
  await scratch.findOne({ _id: "state" });
  await scratch.updateOne({ _id: "state" }, { $set: { active: insertedId } }, { upsert: true });
  await scratch.insertOne({ _id: new mongoose.Types.ObjectId(), action: "update", entity: "results", summary: "загружены отметки".padEnd(200, "."), at: new Date() });
}

export async function dropImportFloor() {
  await mongoose.connection.collection("benchImportFloor").drop().catch(() => undefined);
}

/**
 * Removes a year's class registers at the end of their storage period: the year's classes leave
 * the sets in force, then the year's result sets and the imports they came from go. How many sets went.
 */
export async function removeYearResults({ schoolId, yearId }: { schoolId: Types.ObjectId | string; yearId: Types.ObjectId | string }) {
  const classIds = (await ClassModel.find({ schoolId, yearId }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>()).map((c) => String(c._id));
  const sets = await ResultSetModel.find({ schoolId, yearId }, { _id: 1, importId: 1 }).lean<{ _id: Types.ObjectId; importId: Types.ObjectId }[]>();
  const state = await ResultsStateModel.findOne({ schoolId }).lean<{ active: Record<string, unknown> }>();
  const $unset = Object.fromEntries(
    Object.keys(state?.active ?? {})
      .filter((k) => classIds.includes(k.split(":")[0]))
      .map((k) => [`active.${k}`, ""])
  );
  if (Object.keys($unset).length) await ResultsStateModel.updateOne({ schoolId }, { $unset });
  await ResultSetModel.deleteMany({ schoolId, yearId });
  await ResultsImportModel.deleteMany({ schoolId, _id: { $in: sets.map((s) => s.importId) } });
  return sets.length;
}
