import mongoose, { Schema, type Types } from "mongoose";
import { ASSESSMENT_KIND_CODES, type AssessmentKind } from "~models/vocabulary/assessment-kinds";
// External assessment results (ВПР, ОГЭ, ГВЭ, ЕГЭ) of a school for one school year and one kind,
// as one document: an import replaces the rows of the subjects its file holds in a single write,
// so a reader sees the old results or the new ones, never half (the engine has no transactions).
const RowSchema = new Schema(
  {
    studentId: { type: Schema.Types.ObjectId, ref: "Student", required: true },
    /** The grade the student was in that year. */
    grade: { type: Number, required: true, min: 1, max: 11 },
    subject: { type: String, required: true },
    mark: { type: Number, default: null, min: 2, max: 5 },
    points: { type: Number, default: null, min: 0, max: 100 },
  },
  { _id: false },
);
const ExternalResultSetSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    schoolYear: { type: String, required: true, match: /^\d{4}\/\d{4}$/ },
    kind: { type: String, enum: ASSESSMENT_KIND_CODES, required: true },
    rows: { type: [RowSchema], default: [] },
    /** Bumped by every import: a write holds only if nobody wrote in between. */
    revision: { type: Number, default: 0 },
    imports: {
      type: [{ _id: false, fileName: String, sha256: String, subjects: [String], rows: Number, at: Date, byName: String }],
      default: [],
    },
  },
  { versionKey: false },
);
ExternalResultSetSchema.index({ schoolId: 1, schoolYear: 1, kind: 1 }, { unique: true });
ExternalResultSetSchema.index({ schoolId: 1, "rows.studentId": 1 });

export interface ExternalRow {
  studentId: Types.ObjectId;
  grade: number;
  subject: string;
  mark: number | null;
  points: number | null;
}
export interface ExternalResultSet {
  _id: Types.ObjectId;
  schoolId: Types.ObjectId;
  schoolYear: string;
  kind: AssessmentKind;
  rows: ExternalRow[];
  revision: number;
  imports: { fileName: string; sha256: string; subjects: string[]; rows: number; at: Date; byName: string }[];
}

export const ExternalResultSetModel = mongoose.models.ExternalResultSet ?? mongoose.model("ExternalResultSet", ExternalResultSetSchema, "externalResults");

/** Every external result of a school (all years and kinds), without the rows of other students when one is given. */
export async function externalResultsOf(schoolId: Types.ObjectId | string, studentId?: Types.ObjectId) {
  const projection = studentId ? { schoolYear: 1, kind: 1, rows: { $filter: { input: "$rows", cond: { $eq: ["$$this.studentId", studentId] } } } } : {};
  const query = ExternalResultSetModel.find(studentId ? { schoolId, "rows.studentId": studentId } : { schoolId }, projection);
  return query.sort({ schoolYear: 1, kind: 1 }).lean<ExternalResultSet[]>();
}

// The ЕГЭ minimum points the municipal specialist entered per school year and subject (one
// document for the installation); years without an entry use the defaults (app/domain/exam-results.ts).
const ExamThresholdsSchema = new Schema(
  { _id: { type: String, default: "ege" }, minimums: { type: Schema.Types.Mixed, default: {} }, updatedAt: Date, updatedByName: String },
  { versionKey: false },
);
export const ExamThresholdsModel = mongoose.models.ExamThresholds ?? mongoose.model("ExamThresholds", ExamThresholdsSchema, "examThresholds");

export async function getEgeMinimums(): Promise<Record<string, Record<string, number>>> {
  const doc = await ExamThresholdsModel.findById("ege").lean<{ minimums?: Record<string, Record<string, number>> }>();
  return doc?.minimums ?? {};
}

/** The ЕГЭ minimum points per school year and subject, as the municipal specialist entered them. */
export async function saveEgeMinimums({ minimums, byName }: { minimums: Record<string, Record<string, number>>; byName: string }) {
  await ExamThresholdsModel.updateOne({ _id: "ege" }, { $set: { minimums, updatedAt: new Date(), updatedByName: byName } }, { upsert: true });
}

export type ExternalImportRecord = ExternalResultSet["imports"][number];

/** The school's external results of the given years, counts only: kind, year, and each row's grade, subject, mark and points (no student). */
export async function listExternalResultsOfYears({ schoolId, schoolYears }: { schoolId: Types.ObjectId | string; schoolYears: string[] }) {
  return ExternalResultSetModel.find({ schoolId, schoolYear: { $in: schoolYears } }, { schoolYear: 1, kind: 1, "rows.grade": 1, "rows.subject": 1, "rows.mark": 1, "rows.points": 1 }).lean<ExternalResultSet[]>();
}

/** The school years the school has external results for, in order. */
export async function listExternalResultYears({ schoolId }: { schoolId: Types.ObjectId | string }) {
  return ((await ExternalResultSetModel.distinct("schoolYear", { schoolId })) as string[]).sort();
}

export type ExternalResultOverview = Pick<ExternalResultSet, "_id" | "schoolYear" | "kind" | "imports"> & { rows: Pick<ExternalRow, "subject">[] };

/** What is loaded, newest year first: each set's kind and year, its rows' subjects and its last import only. */
export async function listExternalResultOverview({ schoolId }: { schoolId: Types.ObjectId | string }) {
  return ExternalResultSetModel.find({ schoolId }, { rows: { subject: 1 }, schoolYear: 1, kind: 1, imports: { $slice: -1 } })
    .sort({ schoolYear: -1, kind: 1 })
    .lean<ExternalResultOverview[]>();
}

/** The school's results of one year and kind, or null. */
export async function getExternalResultSet({ schoolId, schoolYear, kind }: { schoolId: Types.ObjectId | string; schoolYear: string; kind: AssessmentKind }) {
  return ExternalResultSetModel.findOne({ schoolId, schoolYear, kind }).lean<ExternalResultSet>();
}

/**
 * Replaces a set's rows and records the import, only if nobody wrote since `revision` was read:
 * false when someone did (nothing is written then).
 */
export async function replaceExternalRows(input: { schoolId: Types.ObjectId | string; setId: Types.ObjectId; revision: number; rows: ExternalRow[]; record: ExternalImportRecord }) {
  const written = await ExternalResultSetModel.updateOne(
    { _id: input.setId, schoolId: input.schoolId, revision: input.revision },
    { $set: { rows: input.rows }, $inc: { revision: 1 }, $push: { imports: input.record } },
  );
  return written.matchedCount > 0;
}

/** The first results of a year and kind; throws the engine's duplicate-key error (code 11000) if someone wrote them first. */
export async function insertExternalResultSet(input: { schoolId: Types.ObjectId | string; schoolYear: string; kind: AssessmentKind; rows: ExternalRow[]; imports: ExternalImportRecord[] }) {
  await ExternalResultSetModel.create({ schoolId: input.schoolId, schoolYear: input.schoolYear, kind: input.kind, rows: input.rows, revision: 1, imports: input.imports });
}
