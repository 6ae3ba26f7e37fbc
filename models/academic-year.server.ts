import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { PERIOD_KINDS } from "./vocabulary/periods";

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
    // When the year's marks were removed at the end of the registers' storage period.
    registersRemovedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
AcademicYearSchema.index({ schoolId: 1, name: 1 }, { unique: true });

export type AcademicYear = InferSchemaType<typeof AcademicYearSchema> & { _id: Types.ObjectId };

export const AcademicYearModel =
  mongoose.models.AcademicYear ?? mongoose.model("AcademicYear", AcademicYearSchema);

export async function getCurrentYear(schoolId: Types.ObjectId | string) {
  // The newest, should a year's closing have been cut off between marking the new year and the old.
  return AcademicYearModel.findOne({ schoolId, current: true }).sort({ startDate: -1 }).lean<AcademicYear>();
}

export async function listYears(schoolId: Types.ObjectId | string) {
  return AcademicYearModel.find({ schoolId }).sort({ startDate: -1 }).lean<AcademicYear[]>();
}

/** The names of the school's closed years («2025/2026»): their records no longer change. */
export async function closedYearNames(schoolId: Types.ObjectId | string): Promise<Set<string>> {
  return new Set((await AcademicYearModel.find({ schoolId, closedAt: { $ne: null } }, { name: 1 }).lean<{ name: string }[]>()).map((y) => y.name));
}

/**
 * Why the records of a school year can no longer change (its marks and achievements), or null
 * while it is open. The one rule every write of marks and achievements asks.
 */
export async function closedYearReason(schoolId: Types.ObjectId | string, year: { name: string } | { id: Types.ObjectId | string }) {
  const filter = "name" in year ? { schoolId, name: year.name } : { schoolId, _id: year.id };
  const found = await AcademicYearModel.findOne(filter, { name: 1, closedAt: 1 }).lean<Pick<AcademicYear, "name" | "closedAt">>();
  if (!found?.closedAt) return null;
  return `Учебный год ${found.name} закрыт ${found.closedAt.toISOString().slice(0, 10).split("-").reverse().join(".")}: его отметки и достижения только для чтения.`;
}
