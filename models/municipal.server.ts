import mongoose, { Schema, type Types } from "mongoose";
import { QUALITY_PROGRAMME_LIMITS } from "./vocabulary/limits";
// The municipal monitoring's own data (seed 003): what the specialist enters per school and year
// (indicators 18–21), the rule for positive dynamics, the indicators loaded from the files of
// schools that run their own installation, and each school's report on its quality programme
// (appendix 2). None of it names a person.
const FigureSchema = new Schema({ numerator: { type: Number, min: 0 }, denominator: { type: Number, min: 0 } }, { _id: false });

const MunicipalEntrySchema = new Schema(
  {
    /** The school: its id here, or the id of its loaded file. */
    schoolRef: { type: Schema.Types.ObjectId, required: true },
    schoolYear: { type: String, required: true, match: /^\d{4}\/\d{4}$/ },
    teachersImproved: { type: FigureSchema, default: null },
    network: { type: Boolean, default: null },
    teachersInNetwork: { type: FigureSchema, default: null },
    methodicalHelp: { type: Boolean, default: null },
    updatedAt: { type: Date, required: true },
    updatedByName: { type: String, required: true },
  },
  { versionKey: false },
);
MunicipalEntrySchema.index({ schoolRef: 1, schoolYear: 1 }, { unique: true });
export interface MunicipalEntry {
  schoolRef: Types.ObjectId;
  schoolYear: string;
  teachersImproved: { numerator: number; denominator: number } | null;
  network: boolean | null;
  teachersInNetwork: { numerator: number; denominator: number } | null;
  methodicalHelp: boolean | null;
}
export const MunicipalEntryModel = mongoose.models.MunicipalEntry ?? mongoose.model("MunicipalEntry", MunicipalEntrySchema, "municipalEntries");

const MunicipalSettingsSchema = new Schema(
  { _id: { type: String, default: "settings" }, mode: { type: String, enum: ["balance", "noWorse"], default: "balance" }, tolerance: { type: Number, default: 1, min: 0, max: 20 }, updatedAt: Date, updatedByName: String },
  { versionKey: false },
);
export const MunicipalSettingsModel = mongoose.models.MunicipalSettings ?? mongoose.model("MunicipalSettings", MunicipalSettingsSchema, "municipalSettings");

// A school with its own installation: the indicators it exported (numerators and denominators per
// year), one document per school, replaced by each newer file.
const LoadedIndicatorsSchema = new Schema(
  {
    key: { type: String, required: true },
    name: { type: String, required: true },
    shortName: { type: String, default: "" },
    municipality: { type: String, default: "" },
    years: { type: Schema.Types.Mixed, required: true },
    fileName: { type: String, required: true },
    loadedAt: { type: Date, required: true },
    loadedByName: { type: String, required: true },
  },
  { versionKey: false },
);
LoadedIndicatorsSchema.index({ key: 1 }, { unique: true });
export interface LoadedIndicators {
  _id: Types.ObjectId;
  key: string;
  name: string;
  shortName: string;
  municipality: string;
  years: Record<string, Record<string, { numerator: number; denominator: number }>>;
  fileName: string;
  loadedAt: Date;
  loadedByName: string;
}
export const LoadedIndicatorsModel = mongoose.models.LoadedIndicators ?? mongoose.model("LoadedIndicators", LoadedIndicatorsSchema, "loadedIndicators");

// Appendix 2: the school's report on its quality programme — its name and requisites, and the
// measures with planned and actual dates and the result. Kept by the school, read by the municipality.
const ProgrammeSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    programme: { type: String, default: "", maxlength: QUALITY_PROGRAMME_LIMITS.programme },
    measures: {
      type: [{ _id: false, title: { type: String, maxlength: QUALITY_PROGRAMME_LIMITS.title }, planned: { type: String, maxlength: QUALITY_PROGRAMME_LIMITS.planned }, done: { type: String, maxlength: QUALITY_PROGRAMME_LIMITS.done }, result: { type: String, maxlength: QUALITY_PROGRAMME_LIMITS.result } }],
      default: [],
    },
    updatedAt: { type: Date, required: true },
    updatedByName: { type: String, required: true },
  },
  { versionKey: false },
);
ProgrammeSchema.index({ schoolId: 1 }, { unique: true });
export interface QualityProgramme {
  programme: string;
  measures: { title: string; planned: string; done: string; result: string }[];
  updatedAt: Date;
  updatedByName: string;
}
export const QualityProgrammeModel = mongoose.models.QualityProgramme ?? mongoose.model("QualityProgramme", ProgrammeSchema, "qualityProgrammes");

/** An id given as text (from an address) that is no id selects nothing. */
const idFilter = (only: string | undefined) => (only === undefined ? {} : mongoose.isValidObjectId(only) ? { _id: new mongoose.Types.ObjectId(only) } : null);

/** The rule for positive dynamics as the specialist set it (fields absent: the defaults apply), or null. */
export async function getMunicipalSettings() {
  return MunicipalSettingsModel.findById("settings").lean<{ mode?: "balance" | "noWorse"; tolerance?: number }>();
}

export async function saveDynamicsRule({ mode, tolerance, byName }: { mode: "balance" | "noWorse"; tolerance: number; byName: string }) {
  await MunicipalSettingsModel.updateOne({ _id: "settings" }, { $set: { mode, tolerance, updatedAt: new Date(), updatedByName: byName } }, { upsert: true });
}

/** What the specialist entered for every school in the given years. */
export async function listMunicipalEntries({ schoolYears }: { schoolYears: string[] }) {
  return MunicipalEntryModel.find({ schoolYear: { $in: schoolYears } }).lean<MunicipalEntry[]>();
}

/** Indicators 18–21 of one school (`schoolRef`: its id here or its loaded file's) for one year; `at` for the seeds. */
export async function saveMunicipalEntry(input: { schoolRef: Types.ObjectId | string; schoolYear: string; values: Omit<MunicipalEntry, "schoolRef" | "schoolYear">; byName: string; at?: Date }) {
  await MunicipalEntryModel.updateOne(
    { schoolRef: new mongoose.Types.ObjectId(String(input.schoolRef)), schoolYear: input.schoolYear },
    { $set: { ...input.values, updatedAt: input.at ?? new Date(), updatedByName: input.byName } },
    { upsert: true },
  );
}

/** The schools loaded from their own files, by name; with `only`, just that one (none if it is no id). */
export async function listLoadedIndicators({ only }: { only?: string } = {}) {
  const filter = idFilter(only);
  if (!filter) return [];
  return LoadedIndicatorsModel.find(filter).sort({ name: 1 }).collation({ locale: "ru" }).lean<LoadedIndicators[]>();
}

/** A school's file of indicators, replacing the one loaded before under the same key. */
export async function saveLoadedIndicators(input: Omit<LoadedIndicators, "_id" | "loadedAt">) {
  await LoadedIndicatorsModel.updateOne(
    { key: input.key },
    { $set: { key: input.key, name: input.name, shortName: input.shortName, municipality: input.municipality, years: input.years, fileName: input.fileName, loadedAt: new Date(), loadedByName: input.loadedByName } },
    { upsert: true },
  );
}

/** The school's report on its quality programme (appendix 2), or null before the first. */
export async function getQualityProgramme({ schoolId }: { schoolId: Types.ObjectId | string }) {
  return QualityProgrammeModel.findOne({ schoolId }).lean<QualityProgramme>();
}

/** Writes the school's report on its quality programme; `at` for the seeds. */
export async function saveQualityProgramme(input: { schoolId: Types.ObjectId | string; programme: string; measures: QualityProgramme["measures"]; byName: string; at?: Date }) {
  await QualityProgrammeModel.updateOne(
    { schoolId: input.schoolId },
    { $set: { programme: input.programme, measures: input.measures, updatedAt: input.at ?? new Date(), updatedByName: input.byName } },
    { upsert: true },
  );
}
