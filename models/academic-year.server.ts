import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { ASSESSMENTS, type Assessment } from "./vocabulary/curriculum";
import { PERIOD_KINDS, type PeriodKind } from "./vocabulary/periods";

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
    // The school's period system: every grade not covered by one of `gradeSystems`.
    periodKind: { type: String, enum: PERIOD_KINDS, required: true },
    periods: { type: [PeriodSchema], required: true },
    // Grade ranges with a system of their own (halves for 10–11 while 2–9 have quarters).
    gradeSystems: {
      type: [
        new Schema(
          {
            fromGrade: { type: Number, required: true, min: 1, max: 11 },
            toGrade: { type: Number, required: true, min: 1, max: 11 },
            periodKind: { type: String, enum: PERIOD_KINDS, required: true },
            periods: { type: [PeriodSchema], required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    // The year's curriculum: which subjects each grade studies and how each is assessed. A grade
    // without any line is not set: every subject of the school is offered to it.
    curriculum: {
      type: [
        new Schema(
          {
            grade: { type: Number, required: true, min: 1, max: 11 },
            subjectId: { type: Schema.Types.ObjectId, ref: "Subject", required: true },
            assessment: { type: String, enum: Object.keys(ASSESSMENTS), required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
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

/** One year of the school by its id, or null. */
export async function getYear({ schoolId, yearId }: { schoolId: Types.ObjectId | string; yearId: Types.ObjectId | string }) {
  return AcademicYearModel.findOne({ _id: yearId, schoolId }).lean<AcademicYear>();
}

/** One year of the school by its name («2025/2026»), or null. */
export async function getYearByName({ schoolId, name }: { schoolId: Types.ObjectId | string; name: string }) {
  return AcademicYearModel.findOne({ schoolId, name }).lean<AcademicYear>();
}

/** The given years of the school, by their start: oldest or newest first. */
export async function listYearsByIds({ schoolId, yearIds, order }: { schoolId: Types.ObjectId | string; yearIds: (Types.ObjectId | string)[]; order: "oldestFirst" | "newestFirst" }) {
  return AcademicYearModel.find({ schoolId, _id: { $in: yearIds } })
    .sort({ startDate: order === "oldestFirst" ? 1 : -1 })
    .lean<AcademicYear[]>();
}

/** The school's years other than the current one (the seeds fill in their past results). */
export async function listPastYears({ schoolId }: { schoolId: Types.ObjectId | string }) {
  return AcademicYearModel.find({ schoolId, current: false }).lean<AcademicYear[]>();
}

/** The names of the school's closed years («2025/2026»): their records no longer change. */
export async function closedYearNames(schoolId: Types.ObjectId | string): Promise<Set<string>> {
  return new Set((await AcademicYearModel.find({ schoolId, closedAt: { $ne: null } }, { name: 1 }).lean<{ name: string }[]>()).map((y) => y.name));
}

/** A year's name and when it was closed (null while open), by its name or id; null when there is no such year. */
export async function findYearClosure(schoolId: Types.ObjectId | string, year: { name: string } | { id: Types.ObjectId | string }) {
  const filter = "name" in year ? { schoolId, name: year.name } : { schoolId, _id: year.id };
  return AcademicYearModel.findOne(filter, { name: 1, closedAt: 1 }).lean<Pick<AcademicYear, "name" | "closedAt">>();
}

export interface CurriculumLine {
  grade: number;
  subjectId: Types.ObjectId;
  assessment: Assessment;
}
type NewPeriod = { kind: PeriodKind; number: number; name: string; startDate: Date; endDate: Date };
export interface GradeSystem {
  fromGrade: number;
  toGrade: number;
  periodKind: PeriodKind;
  periods: NewPeriod[];
}
export interface NewYear {
  name: string;
  startDate: Date;
  endDate: Date;
  periodKind: PeriodKind;
  periods: NewPeriod[];
  gradeSystems?: GradeSystem[];
  curriculum?: CurriculumLine[];
  current: boolean;
  closedAt: Date | null;
}

/** New school years of a school in one write, in this order (the seeds). */
export async function insertYears({ schoolId, years }: { schoolId: Types.ObjectId; years: NewYear[] }) {
  const created = await AcademicYearModel.insertMany(years.map((y) => ({ schoolId, ...y })));
  return created.map((doc) => doc.toObject() as AcademicYear);
}

/** One year of the school by an id as a form sent it: null for anything that is not an id, as for a year not there. */
export async function findYearById({ schoolId, yearId }: { schoolId: Types.ObjectId | string; yearId: string }) {
  if (!mongoose.isValidObjectId(yearId)) return null;
  return AcademicYearModel.findOne({ _id: yearId, schoolId }).lean<AcademicYear>();
}

/** Every year of the school, oldest first. */
export async function listYearsOldestFirst({ schoolId }: { schoolId: Types.ObjectId | string }) {
  return AcademicYearModel.find({ schoolId }).sort({ startDate: 1 }).lean<AcademicYear[]>();
}

/** The year's records become read-only from now (once: a year closed already keeps its date). */
export async function markYearClosed({ schoolId, yearId }: { schoolId: Types.ObjectId | string; yearId: Types.ObjectId }) {
  await AcademicYearModel.updateOne({ _id: yearId, schoolId, closedAt: null }, { $set: { closedAt: new Date() } });
}

/** The school's year of that name, made with these fields if it is not there yet (one made earlier stays as it is). */
export async function ensureYear({ schoolId, year }: { schoolId: Types.ObjectId; year: NewYear }) {
  return AcademicYearModel.findOneAndUpdate({ schoolId, name: year.name }, { $setOnInsert: { schoolId, ...year } }, { upsert: true, returnDocument: "after" }).lean<AcademicYear>();
}

/** Makes the year the school's current one, or no longer. */
export async function setYearCurrent({ schoolId, yearId, current }: { schoolId: Types.ObjectId | string; yearId: Types.ObjectId; current: boolean }) {
  await AcademicYearModel.updateOne({ _id: yearId, schoolId }, { $set: { current } });
}

/** The year's marks were removed at the end of the registers' storage period. */
export async function markRegistersRemoved({ schoolId, yearId }: { schoolId: Types.ObjectId | string; yearId: Types.ObjectId | string }) {
  await AcademicYearModel.updateOne({ _id: yearId, schoolId }, { $set: { registersRemovedAt: new Date() } });
}

/** A year's period systems as the administration set them: the school's own and those of grade ranges. */
export async function setYearPeriods({ schoolId, yearId, periodKind, periods, gradeSystems }: { schoolId: Types.ObjectId | string; yearId: Types.ObjectId | string; periodKind: PeriodKind; periods: NewPeriod[]; gradeSystems: GradeSystem[] }) {
  const result = await AcademicYearModel.updateOne({ _id: yearId, schoolId, closedAt: null }, { $set: { periodKind, periods, gradeSystems } });
  return result.matchedCount > 0;
}

/** The school's next year, prepared before the current one is closed (the closing keeps it as it is); null if it is there already. */
export async function insertPreparedYear({ schoolId, year }: { schoolId: Types.ObjectId; year: NewYear }) {
  try {
    return (await AcademicYearModel.create({ schoolId, ...year, current: false, closedAt: null })).toObject() as AcademicYear;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return null;
    throw error;
  }
}

/** The year's curriculum, all of it at once (an open year only); false if no such open year. */
export async function setCurriculum({ schoolId, yearId, curriculum }: { schoolId: Types.ObjectId | string; yearId: Types.ObjectId | string; curriculum: CurriculumLine[] }) {
  const result = await AcademicYearModel.updateOne({ _id: yearId, schoolId, closedAt: null }, { $set: { curriculum } });
  return result.matchedCount > 0;
}

