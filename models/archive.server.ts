import crypto from "node:crypto";
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

/** The export of that year now running at the school, or null. */
export async function findRunningArchiveExport({ schoolId, schoolYear }: { schoolId: Types.ObjectId | string; schoolYear: string }) {
  return ArchiveExportModel.findOne({ schoolId, schoolYear, state: "running" }).lean<ArchiveExport>();
}

/** A new export job, running from now and held by its process until `leaseUntil`. */
export async function createArchiveExport(input: { schoolId: Types.ObjectId; schoolYear: string; startedBy: Types.ObjectId; startedByName: string; leaseUntil: Date }) {
  const job = await ArchiveExportModel.create({
    schoolId: input.schoolId, schoolYear: input.schoolYear, state: "running", stage: "подготовка", startedAt: new Date(), startedBy: input.startedBy, startedByName: input.startedByName,
    leaseUntil: input.leaseUntil, attempts: 1,
  });
  return job.toObject() as ArchiveExport;
}

/**
 * Takes over one running export whose lease ran out before `now` (of one school, or of any): held
 * until `leaseUntil` by the caller, its attempts counted up. Null when there is none.
 */
export async function takeOverAbandonedArchiveExport({ schoolId, now, leaseUntil }: { schoolId?: Types.ObjectId | string; now: Date; leaseUntil: Date }) {
  return ArchiveExportModel.findOneAndUpdate(
    { ...(schoolId ? { schoolId } : {}), state: "running", leaseUntil: { $lt: now } },
    { $set: { leaseUntil, stage: "возобновление после сбоя" }, $inc: { attempts: 1 } },
    { returnDocument: "after" },
  ).lean<ArchiveExport>();
}

/** The step the attempt `attempts` goes on from, written only while the job is at that attempt. */
export async function setArchiveResumedFrom({ exportId, attempts, step }: { exportId: Types.ObjectId; attempts: number; step: number }) {
  await ArchiveExportModel.updateOne({ _id: exportId, attempts }, { $set: { resumedFromStep: step } });
}

/** The job failed for good, whatever attempt holds it. */
export async function failArchiveExport({ exportId, error }: { exportId: Types.ObjectId; error: string }) {
  await ArchiveExportModel.updateOne({ _id: exportId }, { $set: { state: "failed", error, finishedAt: new Date() } });
}

/** An export job by its id, of whichever school (the background worker's own look-up). */
export async function getArchiveExportById({ exportId }: { exportId: Types.ObjectId }) {
  return ArchiveExportModel.findById(exportId).lean<ArchiveExport>();
}

/** The filter of every write of one attempt: it holds only while the job is still that attempt's and running. */
const attemptOf = (exportId: Types.ObjectId, attempt: number) => ({ _id: exportId, attempts: attempt, state: "running" });

/** Renews the attempt's lease; false when the job is no longer the attempt's (another process took it over, or it ended). */
export async function renewArchiveLease({ exportId, attempt, leaseUntil }: { exportId: Types.ObjectId; attempt: number; leaseUntil: Date }) {
  const held = await ArchiveExportModel.updateOne(attemptOf(exportId, attempt), { $set: { leaseUntil } });
  return held.matchedCount > 0;
}

/** Where the attempt stands, for another attempt to go on from (see `storedArchiveCheckpoint`). */
export async function recordArchiveCheckpoint({ exportId, attempt, checkpoint }: { exportId: Types.ObjectId; attempt: number; checkpoint: object }) {
  await ArchiveExportModel.updateOne(attemptOf(exportId, attempt), { $set: { checkpoint } });
}

export async function recordArchiveProgress({ exportId, attempt, stage, done, total }: { exportId: Types.ObjectId; attempt: number; stage: string; done: number; total: number }) {
  await ArchiveExportModel.updateOne(attemptOf(exportId, attempt), { $set: { stage, done, total } });
}

/** The attempt wrote the whole file: the job is done, with the file's facts. */
export async function finishArchiveExport(input: {
  exportId: Types.ObjectId;
  attempt: number;
  file: { fileName: string; gridFsId: Types.ObjectId; size: number; sha256: string; digest: string; entries: number };
}) {
  await ArchiveExportModel.updateOne(attemptOf(input.exportId, input.attempt), {
    $set: { state: "done", stage: "готово", finishedAt: new Date(), ...input.file, leaseUntil: null, checkpoint: null },
  });
}

/** The attempt failed: the job ends with the reason (its checkpoint dropped too when `dropCheckpoint`). */
export async function failArchiveAttempt({ exportId, attempt, error, dropCheckpoint }: { exportId: Types.ObjectId; attempt: number; error: string; dropCheckpoint: boolean }) {
  await ArchiveExportModel.updateOne(attemptOf(exportId, attempt), {
    $set: { state: "failed", error, finishedAt: new Date(), leaseUntil: null, ...(dropCheckpoint ? { checkpoint: null } : {}) },
  });
}

/** What the last verification of a stored archive found. */
export async function recordArchiveVerification({ schoolId, exportId, ok, problems }: { schoolId: Types.ObjectId | string; exportId: Types.ObjectId; ok: boolean; problems: string[] }) {
  await ArchiveExportModel.updateOne({ _id: exportId, schoolId }, { $set: { verifiedAt: new Date(), verifiedOk: ok, verifyProblems: problems } });
}

/** Marks the archive's file removed, once: false when it was marked already (someone else removed it first). */
export async function markArchiveFileRemoved({ schoolId, exportId }: { schoolId: Types.ObjectId | string; exportId: Types.ObjectId }) {
  const marked = await ArchiveExportModel.updateOne({ _id: exportId, schoolId, removedAt: null }, { $set: { removedAt: new Date() } });
  return marked.modifiedCount > 0;
}

/** The first download of the archive's file (later ones change nothing). */
export async function markArchiveDownloaded({ schoolId, exportId }: { schoolId: Types.ObjectId | string; exportId: Types.ObjectId }) {
  await ArchiveExportModel.updateOne({ _id: exportId, schoolId, downloadedAt: null }, { $set: { downloadedAt: new Date() } });
}

/** The verified years of the school: those with an archive that was made and passed its verification. */
export async function listVerifiedArchiveYears({ schoolId }: { schoolId: Types.ObjectId | string }) {
  return (await ArchiveExportModel.distinct("schoolYear", { schoolId, state: "done", verifiedOk: true })) as string[];
}

/** The bytes of a stored archive (the "archives" bucket), all of them or those from `start` up to `end`. */
export function openArchiveFile({ fileId, range }: { fileId: Types.ObjectId; range?: { start: number; end: number } }) {
  return range ? archivesBucket().openDownloadStream(fileId, range) : archivesBucket().openDownloadStream(fileId);
}

/** Removes a stored archive's file (its chunks and its entry); throws if there is no such file. */
export async function deleteArchiveFile({ fileId }: { fileId: Types.ObjectId }) {
  await archivesBucket().delete(fileId);
}

/** The one GridFS id of a job's file, the same for every attempt: a later one finds the chunks of an earlier one. */
export const archiveFileIdOf = (exportId: Types.ObjectId) => new mongoose.Types.ObjectId(crypto.createHash("sha256").update(String(exportId)).digest("hex").slice(0, 24));

/** The checkpoint a job recorded, its file's partial chunk back as a Buffer (the driver hands back a Binary), or null. */
export function storedArchiveCheckpoint<T extends object>(job: Pick<ArchiveExport, "checkpoint">): (T & { chunk: ChunkPosition }) | null {
  const saved = job.checkpoint as (T & { chunk: { n: number; tail: Buffer | mongoose.mongo.Binary } }) | null;
  if (!saved) return null;
  const tail = saved.chunk.tail instanceof mongoose.mongo.Binary ? Buffer.from(saved.chunk.tail.buffer) : Buffer.from(saved.chunk.tail);
  return { ...saved, chunk: { n: saved.chunk.n, tail } };
}
