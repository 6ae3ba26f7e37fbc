import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";

// Support of a student at risk for a school year (seed 000 §6): why (a staff judgement, §4.2, or
// the criteria), the individual educational route's measures with who is responsible, review
// dates, whether the parents were informed and consented (§6.3), and the outcome.
import { MEASURE_KINDS } from "~models/vocabulary/support-measures";
import { SUPPORT_LIMITS } from "./vocabulary/limits";

const MeasureSchema = new Schema(
  {
    kind: { type: String, enum: Object.keys(MEASURE_KINDS), required: true },
    description: { type: String, required: true, maxlength: SUPPORT_LIMITS.description },
    responsible: { type: String, required: true, maxlength: SUPPORT_LIMITS.responsible },
    until: { type: Date, default: null },
  },
  { _id: true },
);

const SupportCaseSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    studentId: { type: Schema.Types.ObjectId, ref: "Student", required: true },
    yearId: { type: Schema.Types.ObjectId, ref: "AcademicYear", required: true },
    /** Added to the risk group by the staff's judgement: the reason (empty when the criteria alone decide). */
    manualReason: { type: String, default: "", maxlength: SUPPORT_LIMITS.manualReason },
    manualBy: { type: String, default: "" },
    measures: { type: [MeasureSchema], default: [] },
    nextReview: { type: Date, default: null },
    parentsInformedAt: { type: Date, default: null },
    parentsConsent: { type: Boolean, default: null },
    outcome: { type: String, default: "", maxlength: SUPPORT_LIMITS.outcome },
  },
  { timestamps: true },
);
SupportCaseSchema.index({ schoolId: 1, studentId: 1, yearId: 1 }, { unique: true });

export type SupportCase = InferSchemaType<typeof SupportCaseSchema> & { _id: Types.ObjectId; measures: (InferSchemaType<typeof MeasureSchema> & { _id: Types.ObjectId })[] };

export const SupportCaseModel = mongoose.models.SupportCase ?? mongoose.model("SupportCase", SupportCaseSchema, "supportCases");

export async function getSupportCase(schoolId: Types.ObjectId | string, studentId: Types.ObjectId | string, yearId: Types.ObjectId | string) {
  return SupportCaseModel.findOne({ schoolId, studentId, yearId }).lean<SupportCase>();
}

export async function listManualRisk(schoolId: Types.ObjectId | string, yearId: Types.ObjectId | string, studentIds: Types.ObjectId[]) {
  return SupportCaseModel.find({ schoolId, yearId, studentId: { $in: studentIds }, manualReason: { $ne: "" } }, { studentId: 1, manualReason: 1, manualBy: 1 }).lean<SupportCase[]>();
}

/** The year's cases whose review date has come (on or before `by`), soonest first. */
export async function listSupportReviewsDue({ schoolId, yearId, by }: { schoolId: Types.ObjectId | string; yearId: Types.ObjectId | string; by: Date }) {
  return SupportCaseModel.find({ schoolId, yearId, nextReview: { $ne: null, $lte: by } }, { studentId: 1, nextReview: 1 }).sort({ nextReview: 1 }).limit(200).lean<Pick<SupportCase, "_id" | "studentId" | "nextReview">[]>();
}

/** One change of a student's support case, as the support page makes it. */
export type SupportCaseChange =
  | { intent: "reason"; manualReason: string; manualBy: string }
  | { intent: "add-measure"; measure: { kind: string; description: string; responsible: string; until: Date | null } }
  | { intent: "remove-measure"; measureId: string }
  | { intent: "review"; nextReview: Date | null }
  | { intent: "parents"; parentsInformedAt: Date | null; parentsConsent: boolean }
  | { intent: "outcome"; outcome: string };

function updateOf(change: SupportCaseChange) {
  switch (change.intent) {
    case "reason":
      return { $set: { manualReason: change.manualReason, manualBy: change.manualBy } };
    case "add-measure":
      return { $push: { measures: change.measure } };
    case "remove-measure":
      return { $pull: { measures: { _id: change.measureId } } };
    case "review":
      return { $set: { nextReview: change.nextReview } };
    case "parents":
      return { $set: { parentsInformedAt: change.parentsInformedAt, parentsConsent: change.parentsConsent } };
    case "outcome":
      return { $set: { outcome: change.outcome } };
  }
}

/** Applies one change to the student's case of the year, opening the case if there is none yet. */
export async function changeSupportCase({ schoolId, studentId, yearId, change }: { schoolId: Types.ObjectId | string; studentId: Types.ObjectId | string; yearId: Types.ObjectId | string; change: SupportCaseChange }) {
  await SupportCaseModel.updateOne({ schoolId, studentId, yearId }, updateOf(change), { upsert: true });
}
