import mongoose, { Schema, type Types } from "mongoose";
import type { RosterPlan, RosterRow } from "~models/vocabulary/roster";

// A contingent export between its check and «Применить»: the preview the admin confirms is this
// record (the page shows it by its id), not something the browser sends back. An abandoned one
// forgets itself after a day; an applied one keeps what it did for its page.
const StagedRosterImportSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    by: { type: Schema.Types.ObjectId, ref: "User", required: true },
    yearId: { type: Schema.Types.ObjectId, ref: "AcademicYear", required: true },
    fileName: { type: String, default: "" },
    // checked → applying (its writes begun: a cut-off run is finished by pressing again) → applied.
    state: { type: String, enum: ["checked", "applying", "applied"], required: true },
    problems: { type: [{ _id: false, row: Number, column: String, message: String }], default: [] },
    // RosterPlan (models/vocabulary/roster.ts): written once by the check, read back whole.
    plan: { type: Schema.Types.Mixed, default: null },
    // The file's rows as checked, and whether they are whole classes (a file) or not (by hand):
    // «Применить» plans them again and refuses if the registry changed since the preview.
    rows: { type: Schema.Types.Mixed, default: null },
    wholeClasses: { type: Boolean, default: true },
    // What «Применить» did, in words for the page and the audit line.
    applied: { type: Schema.Types.Mixed, default: null },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
StagedRosterImportSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const StagedRosterImportModel =
  mongoose.models.StagedRosterImport ?? mongoose.model("StagedRosterImport", StagedRosterImportSchema, "stagedRosterImports");

/** One problem of a file: its row (1 is the header row), column and reason. */
interface FileProblem {
  row: number;
  column: string;
  message: string;
}

const KEPT_MS = 24 * 3600_000;

export interface RosterApplied {
  arrivals: number;
  moves: number;
  departures: number;
  updates: number;
  /** The day the arrivals and moves took effect, «2026-12-02». */
  on: string;
}

export interface StagedRosterImport {
  _id: Types.ObjectId;
  yearId: Types.ObjectId;
  fileName: string;
  state: "checked" | "applying" | "applied";
  problems: FileProblem[];
  plan: RosterPlan | null;
  rows: RosterRow[] | null;
  wholeClasses: boolean;
  applied: RosterApplied | null;
  createdAt: Date;
}

/** A checked file's problems or plan, kept for its preview; its id back. */
export async function stageRosterImport(input: { schoolId: Types.ObjectId; by: Types.ObjectId; yearId: Types.ObjectId; fileName: string; problems: FileProblem[]; plan: RosterPlan | null; rows: RosterRow[] | null; wholeClasses: boolean; now?: Date }) {
  const { now = new Date(), ...fields } = input;
  const staged = await StagedRosterImportModel.create({ ...fields, state: "checked", expiresAt: new Date(now.getTime() + KEPT_MS) });
  return String(staged._id);
}

/** The admin's own staged contingent file of this school, or null (for anything that is not an id too). */
export async function getStagedRosterImport({ schoolId, by, importId }: { schoolId: Types.ObjectId; by: Types.ObjectId; importId: string }) {
  if (!mongoose.isValidObjectId(importId)) return null;
  return StagedRosterImportModel.findOne({ _id: importId, schoolId, by }).lean<StagedRosterImport>();
}

/** Its writes begin: false if another press got there first (or it was applied). */
export async function markRosterImportApplying({ schoolId, importId }: { schoolId: Types.ObjectId; importId: Types.ObjectId }) {
  const result = await StagedRosterImportModel.updateOne({ _id: importId, schoolId, state: "checked" }, { $set: { state: "applying" } });
  return result.matchedCount === 1;
}

/** The file was applied: what it did; false if it was applied already (another tab, a second click). */
export async function markRosterImportApplied({ schoolId, importId, applied }: { schoolId: Types.ObjectId; importId: Types.ObjectId; applied: RosterApplied }) {
  const result = await StagedRosterImportModel.updateOne({ _id: importId, schoolId, state: { $in: ["checked", "applying"] } }, { $set: { state: "applied", applied } });
  return result.matchedCount === 1;
}
