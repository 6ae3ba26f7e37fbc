import mongoose, { Schema, type Types } from "mongoose";
import { ROLES, type Role } from "~models/vocabulary/roles";

// A list of users read from a file, between its check and its creation: the preview the admin
// confirms is this record (the page shows it by its id), not something the browser sends back. Once
// the accounts are created it holds their temporary passwords until the admin's page has shown them
// once. Each record forgets itself: an abandoned preview after a day, the passwords an hour after
// the creation at the latest.
const StagedUserImportSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    /** The admin who sent the file: only they see its preview and its passwords. */
    by: { type: Schema.Types.ObjectId, ref: "User", required: true },
    fileName: { type: String, default: "" },
    state: { type: String, enum: ["checked", "applied"], required: true },
    rows: {
      type: [
        {
          _id: false,
          row: { type: Number, required: true },
          lastName: { type: String, default: "" },
          firstName: { type: String, default: "" },
          middleName: { type: String, default: "" },
          login: { type: String, required: true },
          roles: { type: [{ type: String, enum: ROLES }], default: [] },
        },
      ],
      default: [],
    },
    problems: { type: [{ _id: false, row: Number, column: String, message: String }], default: [] },
    created: { type: [{ _id: false, login: String, name: String, password: String }], default: [] },
    passwordsShown: { type: Boolean, default: false },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: true, versionKey: false },
);
StagedUserImportSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const StagedUserImportModel = mongoose.models.StagedUserImport ?? mongoose.model("StagedUserImport", StagedUserImportSchema, "stagedUserImports");

const PREVIEW_KEPT_MS = 24 * 3600_000;
const PASSWORDS_KEPT_MS = 3600_000;

export interface StagedUserRow {
  row: number;
  lastName: string;
  firstName: string;
  middleName: string;
  login: string;
  roles: Role[];
}
export interface StagedProblem {
  row: number;
  column: string;
  message: string;
}
export interface CreatedAccount {
  login: string;
  name: string;
  password: string;
}
export interface StagedUserImport {
  _id: Types.ObjectId;
  fileName: string;
  state: "checked" | "applied";
  rows: StagedUserRow[];
  problems: StagedProblem[];
  created: CreatedAccount[];
  passwordsShown: boolean;
}

const isId = (value: string) => /^[0-9a-f]{24}$/i.test(value);

/** A checked file's rows and problems, kept for its preview; its id back. */
export async function stageUserImport(input: { schoolId: Types.ObjectId; by: Types.ObjectId; fileName: string; rows: StagedUserRow[]; problems: StagedProblem[]; now?: Date }) {
  const { schoolId, by, fileName, rows, problems, now = new Date() } = input;
  const staged = await StagedUserImportModel.create({ schoolId, by, fileName, state: "checked", rows, problems, expiresAt: new Date(now.getTime() + PREVIEW_KEPT_MS) });
  return String(staged._id);
}

/** The admin's own staged list of this school (the passwords left out), or null. */
export async function getStagedUserImport({ schoolId, by, importId }: { schoolId: Types.ObjectId; by: Types.ObjectId; importId: string }) {
  if (!isId(importId)) return null;
  return StagedUserImportModel.findOne({ _id: importId, schoolId, by }, { "created.password": 0 }).lean<StagedUserImport>();
}

/**
 * The list created: its accounts with their passwords, kept until shown. Only a list still waiting
 * for its creation changes; false when it is not (created already, or gone).
 */
export async function markUserImportApplied(input: { schoolId: Types.ObjectId; by: Types.ObjectId; importId: Types.ObjectId; created: CreatedAccount[]; now?: Date }) {
  const { schoolId, by, importId, created, now = new Date() } = input;
  const result = await StagedUserImportModel.updateOne(
    { _id: importId, schoolId, by, state: "checked" },
    { $set: { state: "applied", created, expiresAt: new Date(now.getTime() + PASSWORDS_KEPT_MS) } },
  );
  return result.matchedCount === 1;
}

/**
 * The created accounts with their temporary passwords, the first time they are asked for; the
 * passwords are wiped in the same update, so a second look (a reload, another tab) gets null.
 */
export async function takeCreatedPasswords({ schoolId, by, importId }: { schoolId: Types.ObjectId; by: Types.ObjectId; importId: string }) {
  if (!isId(importId)) return null;
  const before = await StagedUserImportModel.findOneAndUpdate(
    { _id: importId, schoolId, by, state: "applied", passwordsShown: false },
    { $set: { passwordsShown: true, "created.$[].password": "" } },
    { returnDocument: "before", projection: { created: 1 } },
  ).lean<{ created: CreatedAccount[] }>();
  return before?.created ?? null;
}
