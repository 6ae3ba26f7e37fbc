import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { ACCEPTED_TYPES } from "~storage/limits";

// A confirming document (seed 004 §4.7): its bytes in the GridFS bucket "evidence", its facts here.
// `attachedTo` names the achievement it was uploaded for; it counts only while an achievement
// lists it in its `evidence` (storage/evidence-store.server.ts).
const EvidenceSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    studentId: { type: Schema.Types.ObjectId, ref: "Student", required: true },
    gridFsId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    type: { type: String, enum: ACCEPTED_TYPES, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    originalSha256: { type: String, required: true },
    width: { type: Number, default: null },
    height: { type: Number, default: null },
    pages: { type: Number, default: null },
    thumbnail: { type: Buffer, default: null, select: false },
    uploadedBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    uploadedAt: { type: Date, required: true, default: () => new Date() },
    attachedTo: { type: Schema.Types.ObjectId, ref: "Achievement", default: null },
  },
  { versionKey: false },
);
EvidenceSchema.index({ schoolId: 1, studentId: 1, originalSha256: 1 });
EvidenceSchema.index({ attachedTo: 1, uploadedAt: 1 });

export type Evidence = InferSchemaType<typeof EvidenceSchema> & { _id: Types.ObjectId };

export const EvidenceModel = mongoose.models.Evidence ?? mongoose.model("Evidence", EvidenceSchema, "evidence");

export const EVIDENCE_BUCKET = "evidence";

export function evidenceBucket() {
  const db = mongoose.connection.db;
  if (!db) throw new Error("database is not connected");
  return new mongoose.mongo.GridFSBucket(db, { bucketName: EVIDENCE_BUCKET });
}

export async function getEvidence(schoolId: Types.ObjectId | string, fileId: string) {
  if (!mongoose.isValidObjectId(fileId)) return null;
  return EvidenceModel.findOne({ _id: fileId, schoolId }).lean<Evidence>();
}

export async function getThumbnail(schoolId: Types.ObjectId | string, fileId: string) {
  if (!mongoose.isValidObjectId(fileId)) return null;
  const doc = await EvidenceModel.findOne({ _id: fileId, schoolId }, { thumbnail: 1 }).select("+thumbnail").lean<{ thumbnail: Buffer | { buffer: Buffer } | null }>();
  if (!doc?.thumbnail) return null;
  // lean() hands back the driver's Binary for Buffer fields.
  const value = doc.thumbnail as unknown as { buffer?: Uint8Array };
  return Buffer.isBuffer(doc.thumbnail) ? doc.thumbnail : Buffer.from(value.buffer ?? []);
}

/** Uploads of this very document for this student (noticed by the hash of what was sent). */
export async function findSameDocuments(schoolId: Types.ObjectId | string, studentId: Types.ObjectId | string, originalSha256: string) {
  return EvidenceModel.find({ schoolId, studentId, originalSha256 }, { name: 1, attachedTo: 1 }).lean<Pick<Evidence, "_id" | "name" | "attachedTo">[]>();
}

/** Where a confirming document of the school is stored (its GridFS file), or null: what removing it needs. */
export async function getEvidenceStorage({ schoolId, fileId }: { schoolId: Types.ObjectId | string; fileId: Types.ObjectId }) {
  return EvidenceModel.findOne({ _id: fileId, schoolId }, { gridFsId: 1 }).lean<Pick<Evidence, "_id" | "gridFsId">>();
}

/** The stored thumbnails (WebP) of these files of the school, null for a file without one (a file not found is left out). */
export async function listThumbnails({ schoolId, fileIds }: { schoolId: Types.ObjectId | string; fileIds: string[] }) {
  const docs = await EvidenceModel.find({ schoolId, _id: { $in: fileIds } }, { thumbnail: 1 })
    .select("+thumbnail")
    .lean<{ _id: Types.ObjectId; thumbnail: { buffer: Uint8Array } | Buffer | null }[]>();
  // lean() hands back the driver's Binary for Buffer fields.
  return docs.map((doc) => ({ _id: doc._id, thumbnail: !doc.thumbnail ? null : Buffer.isBuffer(doc.thumbnail) ? doc.thumbnail : Buffer.from(doc.thumbnail.buffer) }));
}

/** Every confirming document uploaded for the student (for achievements and credit applications alike): where each is stored. */
export async function listStudentEvidenceStorage({ schoolId, studentId }: { schoolId: Types.ObjectId | string; studentId: Types.ObjectId }) {
  return EvidenceModel.find({ schoolId, studentId }, { gridFsId: 1 }).lean<Pick<Evidence, "_id" | "gridFsId">[]>();
}
