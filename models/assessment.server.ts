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
// document for the installation); years without an entry use the defaults (app/assessments/thresholds.ts).
const ExamThresholdsSchema = new Schema(
  { _id: { type: String, default: "ege" }, minimums: { type: Schema.Types.Mixed, default: {} }, updatedAt: Date, updatedByName: String },
  { versionKey: false },
);
export const ExamThresholdsModel = mongoose.models.ExamThresholds ?? mongoose.model("ExamThresholds", ExamThresholdsSchema, "examThresholds");

export async function getEgeMinimums(): Promise<Record<string, Record<string, number>>> {
  const doc = await ExamThresholdsModel.findById("ege").lean<{ minimums?: Record<string, Record<string, number>> }>();
  return doc?.minimums ?? {};
}
