// Yearly archives made from the page: a job in the database (progress and a lease) and the ZIP in
// the GridFS bucket "archives". The process that starts a job runs it in the background and renews
// its lease and records a checkpoint every few seconds; if that process dies, the job watcher of
// any running server (watchAbandonedJobs) finds the lease run out, drops what was written after
// the last checkpoint and goes on from it. A file exists only once complete.
import crypto from "node:crypto";
import mongoose, { type Types } from "mongoose";
import { audit } from "~/auth/audit.server";
import { appendAudit } from "~models/audit.server";
import { ArchiveExportModel, ArchiveFileWriter, archivesBucket, discardArchiveChunks, type ArchiveExport, type ChunkPosition } from "~models/archive.server";
import type { PublicUser } from "~models/user.server";
import { fullName } from "~models/student.server";
import { ArchiveError, closedYear, exportSummary, writeYearArchive, type ArchiveCheckpoint } from "./export.server";
import { inBackground } from "~/jobs/background.server";
import { verifyArchive } from "./verify.server";

/** How long a job stays its process's own without a renewal (JOB_LEASE_SECONDS, default 60). */
const LEASE_MS = Math.max(5, Number(process.env.JOB_LEASE_SECONDS) || 60) * 1000;
const MAX_ATTEMPTS = 3;

const archiveFileName = (schoolYear: string, startedAt: Date) => `архив-${schoolYear.replace("/", "-")}-${startedAt.toISOString().slice(0, 10)}.zip`;

/** Starts an export of a closed year, or hands back the one already running for it. */
export async function startArchiveJob(request: Request, user: PublicUser, schoolId: Types.ObjectId, schoolYear: string) {
  await closedYear(schoolId, schoolYear);
  const running = await ArchiveExportModel.findOne({ schoolId, schoolYear, state: "running" }).lean<ArchiveExport>();
  if (running) return running;
  const job = await ArchiveExportModel.create({
    schoolId, schoolYear, state: "running", stage: "подготовка", startedAt: new Date(), startedBy: user._id, startedByName: `${fullName(user)} (${user.login})`,
    leaseUntil: new Date(Date.now() + LEASE_MS), attempts: 1,
  });
  await audit(request, user, { action: "export", entity: "archive", entityId: String(job._id), summary: `Начата выгрузка архива ${schoolYear}` });
  runInBackground(job._id as Types.ObjectId, 1);
  return job.toObject() as ArchiveExport;
}

/** Jobs whose process stopped renewing the lease (of one school, or all): taken over here, or failed after a few tries. */
export async function takeOverAbandoned(schoolId?: Types.ObjectId) {
  const now = new Date();
  for (;;) {
    const job = await ArchiveExportModel.findOneAndUpdate(
      { ...(schoolId ? { schoolId } : {}), state: "running", leaseUntil: { $lt: now } },
      { $set: { leaseUntil: new Date(Date.now() + LEASE_MS), stage: "возобновление после сбоя" }, $inc: { attempts: 1 } },
      { returnDocument: "after" },
    ).lean<ArchiveExport>();
    if (!job) return;
    // What the dead attempt wrote past its last checkpoint goes; the rest is kept and continued.
    const from = checkpointOf(job);
    await discardArchiveChunks(uploadIdOf(job._id), from?.chunk.n ?? 0);
    await ArchiveExportModel.updateOne({ _id: job._id, attempts: job.attempts }, { $set: { resumedFromStep: from?.steps ?? 0 } });
    if (job.attempts > MAX_ATTEMPTS) {
      await ArchiveExportModel.updateOne({ _id: job._id }, { $set: { state: "failed", error: `Выгрузка прерывалась ${MAX_ATTEMPTS} раза: см. журнал сервера`, finishedAt: new Date() } });
      continue;
    }
    runInBackground(job._id, job.attempts);
  }
}

/**
 * Every server looks for abandoned jobs twice a lease, so a job whose process died goes on by
 * itself, not when someone happens to open the archive page. Returns the timer's stop.
 */
export function watchAbandonedJobs(): () => void {
  const timer = setInterval(() => {
    takeOverAbandoned().catch((error) => console.error(`Проверка брошенных выгрузок не удалась: ${(error as Error).message}`));
  }, LEASE_MS / 2);
  timer.unref();
  return () => clearInterval(timer);
}

/** Runs an attempt without awaiting it; whatever escapes it is logged and the job marked failed, never the process ended. */
function runInBackground(jobId: Types.ObjectId, attempt: number) {
  inBackground(`Выгрузка архива ${String(jobId)} прервана`, () => runArchiveJob(jobId, attempt), () =>
    ArchiveExportModel.updateOne(
      { _id: jobId, attempts: attempt, state: "running" },
      { $set: { state: "failed", error: "Выгрузка прервана из-за внутренней ошибки: см. журнал сервера", finishedAt: new Date(), leaseUntil: null } },
    ),
  );
}

/** One GridFS id per job, so a later attempt finds the chunks of an earlier one. */
const uploadIdOf = (jobId: Types.ObjectId) => new mongoose.Types.ObjectId(crypto.createHash("sha256").update(String(jobId)).digest("hex").slice(0, 24));

/** Where an attempt stood at its last checkpoint: the export's steps and the file's chunks. */
interface JobCheckpoint extends ArchiveCheckpoint {
  chunk: ChunkPosition;
}

function checkpointOf(job: ArchiveExport): JobCheckpoint | null {
  const saved = job.checkpoint as (Omit<JobCheckpoint, "chunk"> & { chunk: { n: number; tail: Buffer | mongoose.mongo.Binary } }) | null;
  if (!saved) return null;
  const tail = saved.chunk.tail instanceof mongoose.mongo.Binary ? Buffer.from(saved.chunk.tail.buffer) : Buffer.from(saved.chunk.tail);
  return { ...saved, chunk: { n: saved.chunk.n, tail } };
}

/** The SHA-256 of a stored file, read back: a continued export did not see all of its bytes. */
async function storedSha256(fileId: Types.ObjectId) {
  const hash = crypto.createHash("sha256");
  for await (const chunk of archivesBucket().openDownloadStream(fileId)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function runArchiveJob(jobId: Types.ObjectId, attempt: number) {
  const job = await ArchiveExportModel.findById(jobId).lean<ArchiveExport>();
  if (!job) return;
  const stop = new AbortController();
  // Every write of this attempt holds only while the job is still its own.
  const mine = { _id: jobId, attempts: attempt, state: "running" };
  const renew = setInterval(async () => {
    const held = await ArchiveExportModel.updateOne(mine, { $set: { leaseUntil: new Date(Date.now() + LEASE_MS) } }).catch(() => null);
    if (!held?.matchedCount) stop.abort();
  }, LEASE_MS / 4);
  renew.unref();
  const uploadId = uploadIdOf(jobId);
  const fileName = archiveFileName(job.schoolYear, job.startedAt);
  const from = checkpointOf(job);
  const file = new ArchiveFileWriter(uploadId, from?.chunk);
  try {
    const result = await writeYearArchive({
      schoolId: job.schoolId,
      schoolYear: job.schoolYear,
      exportedBy: job.startedByName,
      output: file,
      resume: from,
      signal: stop.signal,
      onCheckpoint: async (checkpoint) => {
        await ArchiveExportModel.updateOne(mine, { $set: { checkpoint: { ...checkpoint, chunk: file.position() } } });
      },
      onProgress: async (p) => {
        await ArchiveExportModel.updateOne(mine, { $set: { stage: p.stage, done: p.done, total: p.total } });
      },
    });
    await file.close(fileName, { schoolId: job.schoolId, schoolYear: job.schoolYear, jobId });
    const sha256 = result.sha256 ?? (await storedSha256(uploadId));
    await ArchiveExportModel.updateOne(mine, {
      $set: {
        state: "done", stage: "готово", finishedAt: new Date(), fileName, gridFsId: uploadId, size: result.size, sha256,
        digest: result.manifest.digest, entries: result.manifest.entries.length + 1, leaseUntil: null, checkpoint: null,
      },
    });
    await appendAudit({ schoolId: job.schoolId, userId: job.startedBy, userName: job.startedByName, action: "export", entity: "archive", entityId: String(jobId), summary: exportSummary({ ...result, sha256 }) });
  } catch (error) {
    if (stop.signal.aborted) return; // another process took the job over
    await discardArchiveChunks(uploadId).catch(() => undefined);
    const message = error instanceof ArchiveError ? error.message : `Выгрузка прервана: ${(error as Error).message}`;
    if (!(error instanceof ArchiveError)) console.error("yearly archive failed", error);
    await ArchiveExportModel.updateOne(mine, { $set: { state: "failed", error: message, finishedAt: new Date(), leaseUntil: null, checkpoint: null } });
  } finally {
    clearInterval(renew);
  }
}

/** Checks a finished archive as kept in the database, the same way as the command line does a file. */
export async function verifyStoredArchive(job: ArchiveExport) {
  if (job.state !== "done" || !job.gridFsId) throw new ArchiveError("Архив ещё не готов");
  const bucket = archivesBucket();
  const result = await verifyArchive({ size: job.size, read: (start, end) => bucket.openDownloadStream(job.gridFsId!, { start, end }) });
  await ArchiveExportModel.updateOne({ _id: job._id }, { $set: { verifiedAt: new Date(), verifiedOk: result.ok, verifyProblems: result.problems.slice(0, 50) } });
  return result;
}

/**
 * The archive's file leaves the database once it has been downloaded (kept on the school's own
 * media, seed 004 §7); its record — checksums, verification — stays for the storage periods.
 */
export async function removeStoredArchive(job: ArchiveExport) {
  if (job.state !== "done" || !job.gridFsId || job.removedAt) throw new ArchiveError("Этого файла архива в базе уже нет");
  if (!job.downloadedAt) throw new ArchiveError("Сначала скачайте архив и сохраните его: удалить можно только скачанный файл");
  const marked = await ArchiveExportModel.updateOne({ _id: job._id, removedAt: null }, { $set: { removedAt: new Date() } });
  if (marked.modifiedCount === 0) throw new ArchiveError("Этого файла архива в базе уже нет");
  await archivesBucket().delete(job.gridFsId).catch(() => undefined);
}

export async function markDownloaded(job: ArchiveExport) {
  await ArchiveExportModel.updateOne({ _id: job._id, downloadedAt: null }, { $set: { downloadedAt: new Date() } });
}
