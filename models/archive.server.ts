import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { ARCHIVE_STATES } from "~models/vocabulary/archive-states";
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
    /**
     * Where a running export can go on from (app/archive/export.server.ts): steps done, the ZIP's
     * entries so far, and the file's chunks written (the last, partial one kept here).
     */
    checkpoint: { type: Schema.Types.Mixed, default: null },
    /** The step a taken-over attempt went on from (0: from the start). */
    resumedFromStep: { type: Number, default: null },
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

/** GridFS's usual chunk size: 255 KiB. */
export const ARCHIVE_CHUNK_BYTES = 255 * 1024;

/** Where a file being written stands: whole chunks stored, and the bytes of the partial last one. */
export interface ChunkPosition {
  n: number;
  tail: Buffer;
}

/**
 * A GridFS file of the "archives" bucket written chunk by chunk, so that a writer cut off can be
 * continued from its last position by another (GridFS's own upload stream always starts anew).
 * The file's entry is written last: until then no reader takes it for whole.
 */
export class ArchiveFileWriter {
  private n: number;
  private tail: Buffer;
  constructor(
    private readonly fileId: Types.ObjectId,
    from: ChunkPosition = { n: 0, tail: Buffer.alloc(0) },
  ) {
    this.n = from.n;
    this.tail = Buffer.from(from.tail);
  }

  private chunks() {
    return mongoose.connection.db!.collection(`${ARCHIVES_BUCKET}.chunks`);
  }

  async write(bytes: Buffer) {
    this.tail = this.tail.length ? Buffer.concat([this.tail, bytes]) : Buffer.from(bytes);
    while (this.tail.length >= ARCHIVE_CHUNK_BYTES) {
      await this.chunks().insertOne({ files_id: this.fileId, n: this.n, data: new mongoose.mongo.Binary(this.tail.subarray(0, ARCHIVE_CHUNK_BYTES)) });
      this.n += 1;
      this.tail = this.tail.subarray(ARCHIVE_CHUNK_BYTES);
    }
  }

  position(): ChunkPosition {
    return { n: this.n, tail: Buffer.from(this.tail) };
  }

  /** The last chunk and the file's entry: from now on the file is whole. */
  async close(filename: string, metadata: Record<string, unknown>) {
    const length = this.n * ARCHIVE_CHUNK_BYTES + this.tail.length;
    if (this.tail.length) await this.chunks().insertOne({ files_id: this.fileId, n: this.n, data: new mongoose.mongo.Binary(this.tail) });
    await mongoose.connection.db!.collection(`${ARCHIVES_BUCKET}.files`).insertOne({ _id: this.fileId, length, chunkSize: ARCHIVE_CHUNK_BYTES, uploadDate: new Date(), filename, metadata });
    return length;
  }
}

/** Chunks of a file from chunk `from` on: what a cut-off writer left past its last position. */
export async function discardArchiveChunks(fileId: Types.ObjectId, from = 0) {
  await mongoose.connection.db!.collection(`${ARCHIVES_BUCKET}.chunks`).deleteMany({ files_id: fileId, n: { $gte: from } });
}
