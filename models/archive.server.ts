import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { ARCHIVE_STATES } from "~/archive/format";
// Yearly archives made from the archive page: the job (its progress and a lease, so that another
// process takes an abandoned one over), then the file itself in the GridFS bucket "archives" —
// where it appears only once its last chunk is written, so a cut-off export leaves nothing that
// looks whole — and what its last verification found.

const ArchiveExportSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    schoolYear: { type: String, required: true, match: /^\d{4}\/\d{4}$/ },
    state: { type: String, enum: Object.keys(ARCHIVE_STATES), required: true },
    stage: { type: String, default: "" },
    done: { type: Number, default: 0 },
    total: { type: Number, default: 0 },
    startedAt: { type: Date, required: true },
    startedBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    startedByName: { type: String, required: true },
    /** Until when the process running it holds it; renewed as it goes. */
    leaseUntil: { type: Date, default: null },
    attempts: { type: Number, default: 0 },
    finishedAt: { type: Date, default: null },
    error: { type: String, default: "" },
    fileName: { type: String, default: "" },
    gridFsId: { type: Schema.Types.ObjectId, default: null },
    size: { type: Number, default: 0 },
    sha256: { type: String, default: "" },
    digest: { type: String, default: "" },
    entries: { type: Number, default: 0 },
    /** When the file was first downloaded, and when it was removed from the database after that. */
    downloadedAt: { type: Date, default: null },
    removedAt: { type: Date, default: null },
    verifiedAt: { type: Date, default: null },
    verifiedOk: { type: Boolean, default: null },
    verifyProblems: { type: [String], default: [] },
  },
  { versionKey: false },
);
ArchiveExportSchema.index({ schoolId: 1, startedAt: -1 });
ArchiveExportSchema.index({ state: 1, leaseUntil: 1 });

export type ArchiveExport = InferSchemaType<typeof ArchiveExportSchema> & { _id: Types.ObjectId };
export const ArchiveExportModel = mongoose.models.ArchiveExport ?? mongoose.model("ArchiveExport", ArchiveExportSchema, "archiveExports");

export const ARCHIVES_BUCKET = "archives";
export function archivesBucket() {
  const db = mongoose.connection.db;
  if (!db) throw new Error("database is not connected");
  return new mongoose.mongo.GridFSBucket(db, { bucketName: ARCHIVES_BUCKET });
}

export async function listArchiveExports(schoolId: Types.ObjectId | string) {
  return ArchiveExportModel.find({ schoolId }).sort({ startedAt: -1 }).limit(50).lean<ArchiveExport[]>();
}

export async function getArchiveExport(schoolId: Types.ObjectId | string, exportId: string) {
  if (!mongoose.isValidObjectId(exportId)) return null;
  return ArchiveExportModel.findOne({ _id: exportId, schoolId }).lean<ArchiveExport>();
}
