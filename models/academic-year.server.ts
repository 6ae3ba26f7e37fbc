import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { PERIOD_KINDS } from "./school.server";

const PeriodSchema = new Schema(
  {
    kind: { type: String, enum: PERIOD_KINDS, required: true },
    number: { type: Number, required: true, min: 1, max: 4 },
    name: { type: String, required: true },
    startDate: { type: Date, required: true },
    endDate: { type: Date, required: true },
  },
  { _id: false },
);

const AcademicYearSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    // «2025/2026»: the school year as Russian schools write it.
    name: { type: String, required: true, match: /^\d{4}\/\d{4}$/ },
    startDate: { type: Date, required: true },
    endDate: { type: Date, required: true },
    periodKind: { type: String, enum: PERIOD_KINDS, required: true },
    periods: { type: [PeriodSchema], required: true },
    current: { type: Boolean, default: false },
    closedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
AcademicYearSchema.index({ schoolId: 1, name: 1 }, { unique: true });

export type AcademicYear = InferSchemaType<typeof AcademicYearSchema> & { _id: Types.ObjectId };

export const AcademicYearModel =
  mongoose.models.AcademicYear ?? mongoose.model("AcademicYear", AcademicYearSchema);

export async function getCurrentYear(schoolId: Types.ObjectId | string) {
  return AcademicYearModel.findOne({ schoolId, current: true }).lean<AcademicYear>();
}

export async function listYears(schoolId: Types.ObjectId | string) {
  return AcademicYearModel.find({ schoolId }).sort({ startDate: -1 }).lean<AcademicYear[]>();
}
