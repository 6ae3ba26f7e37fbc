// Yearly archives made from the page: a job in the database (progress and a lease) and the ZIP in
// the GridFS bucket "archives". The process that starts a job runs it in the background and renews
// its lease and records a checkpoint every few seconds; if that process dies, the job watcher of
// any running server (watchAbandonedJobs) finds the lease run out, drops what was written after
// the last checkpoint and goes on from it. A file exists only once complete.
import { todayIso } from "~/domain/format";
import crypto from "node:crypto";
import { Readable } from "node:stream";
import type { Types } from "mongoose";
import { audit } from "~/auth/audit.server";
import { Conflict, NotFound, Refusal, RefusedByRule } from "~/http/refusals";
import { appendAudit } from "~models/audit.server";
import {
  ArchiveFileWriter,
  archiveFileIdOf,
  createArchiveExport,
  deleteArchiveFile,
  discardArchiveChunks,
  failArchiveAttempt,
  failArchiveExport,
  findRunningArchiveExport,
  finishArchiveExport,
  getArchiveExportById,
  markArchiveDownloaded,
  markArchiveFileRemoved,
  openArchiveFile,
  recordArchiveCheckpoint,
  recordArchiveProgress,
  recordArchiveVerification,
  renewArchiveLease,
  setArchiveResumedFrom,
  storedArchiveCheckpoint,
  takeOverAbandonedArchiveExport,
  type ArchiveExport,
  type ChunkPosition,
} from "~models/archive.server";
import type { PublicUser } from "~models/user.server";
import { fullName } from "~models/student.server";
import { ArchiveStopped, closedYear, exportSummary, writeYearArchive, type ArchiveCheckpoint } from "./export.server";
import { inBackground } from "~/jobs/background.server";
import { verifyArchive } from "./verify.server";

/** How long a job stays its process's own without a renewal (JOB_LEASE_SECONDS, default 60). */
const LEASE_MS = Math.max(5, Number(process.env.JOB_LEASE_SECONDS) || 60) * 1000;
const MAX_ATTEMPTS = 3;

const archiveFileName = (schoolYear: string, startedAt: Date) => `архив-${schoolYear.replace("/", "-")}-${todayIso(startedAt)}.zip`;

/** Starts an export of a closed year, or hands back the one already running for it. */
export async function startArchiveJob(request: Request, user: PublicUser, schoolId: Types.ObjectId, schoolYear: string) {
  await closedYear(schoolId, schoolYear);
  const running = await findRunningArchiveExport({ schoolId, schoolYear });
  if (running) return running;
  const job = await createArchiveExport({ schoolId, schoolYear, startedBy: user._id, startedByName: `${fullName(user)} (${user.login})`, leaseUntil: new Date(Date.now() + LEASE_MS) });
  await audit(request, user, { action: "export", entity: "archive", entityId: String(job._id), summary: `Начата выгрузка архива ${schoolYear}` });
  runInBackground(job._id, 1);
  return job;
}

/** Jobs whose process stopped renewing the lease (of one school, or all): taken over here, or failed after a few tries. */
export async function takeOverAbandoned(schoolId?: Types.ObjectId) {
  const now = new Date();
  for (;;) {
    const job = await takeOverAbandonedArchiveExport({ schoolId, now, leaseUntil: new Date(Date.now() + LEASE_MS) });
    if (!job) return;
    // What the dead attempt wrote past its last checkpoint goes; the rest is kept and continued.
    const from = checkpointOf(job);
    await discardArchiveChunks(archiveFileIdOf(job._id), from?.chunk.n ?? 0);
    await setArchiveResumedFrom({ exportId: job._id, attempts: job.attempts, step: from?.steps ?? 0 });
    if (job.attempts > MAX_ATTEMPTS) {
      await failArchiveExport({ exportId: job._id, error: `Выгрузка прерывалась ${MAX_ATTEMPTS} раза: см. журнал сервера` });
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
    failArchiveAttempt({ exportId: jobId, attempt, error: INTERNAL_FAILURE, dropCheckpoint: false }),
  );
}

/** Where an attempt stood at its last checkpoint: the export's steps and the file's chunks. */
interface JobCheckpoint extends ArchiveCheckpoint {
  chunk: ChunkPosition;
}

const checkpointOf = (job: ArchiveExport): JobCheckpoint | null => storedArchiveCheckpoint<ArchiveCheckpoint>(job);

/** The SHA-256 of a stored file, read back: a continued export did not see all of its bytes. */
async function storedSha256(fileId: Types.ObjectId) {
  const hash = crypto.createHash("sha256");
  for await (const chunk of openArchiveFile({ fileId })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function runArchiveJob(jobId: Types.ObjectId, attempt: number) {
  const job = await getArchiveExportById({ exportId: jobId });
  if (!job) return;
  const stop = new AbortController();
  // Every write of this attempt holds only while the job is still its own (models/archive.server.ts).
  const mine = { exportId: jobId, attempt };
  const renew = setInterval(async () => {
    const held = await renewArchiveLease({ ...mine, leaseUntil: new Date(Date.now() + LEASE_MS) }).catch(() => false);
    if (!held) stop.abort();
  }, LEASE_MS / 4);
  renew.unref();
  const uploadId = archiveFileIdOf(jobId);
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
        await recordArchiveCheckpoint({ ...mine, checkpoint: { ...checkpoint, chunk: file.position() } });
      },
      onProgress: async (p) => {
        await recordArchiveProgress({ ...mine, stage: p.stage, done: p.done, total: p.total });
      },
    });
    await file.close(fileName, { schoolId: job.schoolId, schoolYear: job.schoolYear, jobId });
    const sha256 = result.sha256 ?? (await storedSha256(uploadId));
    await finishArchiveExport({
      ...mine,
      file: { fileName, gridFsId: uploadId, size: result.size, sha256, digest: result.manifest.digest, entries: result.manifest.entries.length + 1 },
    });
    await appendAudit({ schoolId: job.schoolId, userId: job.startedBy, userName: job.startedByName, action: "export", entity: "archive", entityId: String(jobId), summary: exportSummary({ ...result, sha256 }) });
  } catch (error) {
    if (stop.signal.aborted) return; // another process took the job over
    await discardArchiveChunks(uploadId).catch(() => undefined);
    if (!(error instanceof Refusal)) console.error("yearly archive failed", error);
    await failArchiveAttempt({ ...mine, error: failureMessage(error), dropCheckpoint: true });
  } finally {
    clearInterval(renew);
  }
}

/**
 * What the archive page says of a failed export: a refusal or a known stop as it is; anything else
 * (a database's or a library's message, which may carry ids and paths) only points to the server's log.
 */
export function failureMessage(error: unknown) {
  if (error instanceof Refusal) return error.message;
  if (error instanceof ArchiveStopped) return `Выгрузка прервана: ${error.message}`;
  return INTERNAL_FAILURE;
}
const INTERNAL_FAILURE = "Выгрузка прервана из-за внутренней ошибки: см. журнал сервера";

/** Checks a finished archive as kept in the database, the same way as the command line does a file. */
export async function verifyStoredArchive(job: ArchiveExport) {
  if (job.state !== "done" || !job.gridFsId) throw new RefusedByRule("Архив ещё не готов");
  const fileId = job.gridFsId;
  const result = await verifyArchive({ size: job.size, read: (start, end) => openArchiveFile({ fileId, range: { start, end } }) });
  await recordArchiveVerification({ schoolId: job.schoolId, exportId: job._id, ok: result.ok, problems: result.problems.slice(0, 50) });
  return result;
}

/**
 * The archive's file leaves the database once it has been downloaded (kept on the school's own
 * media, seed 004 §7); its record — checksums, verification — stays for the storage periods.
 */
export async function removeStoredArchive(job: ArchiveExport) {
  if (job.state !== "done" || !job.gridFsId || job.removedAt) throw new RefusedByRule("Этого файла архива в базе уже нет");
  if (!job.downloadedAt) throw new RefusedByRule("Сначала скачайте архив и сохраните его: удалить можно только скачанный файл");
  // Someone else removed it between the page and this press.
  if (!(await markArchiveFileRemoved({ schoolId: job.schoolId, exportId: job._id }))) throw new Conflict("Этого файла архива в базе уже нет");
  await deleteArchiveFile({ fileId: job.gridFsId }).catch(() => undefined);
}

export async function markDownloaded(job: ArchiveExport) {
  await markArchiveDownloaded({ schoolId: job.schoolId, exportId: job._id });
}

/** A finished archive's bytes as a web stream, as they were written: the body of its download. */
export function storedArchiveBody(job: ArchiveExport): ReadableStream<Uint8Array> {
  if (job.state !== "done" || !job.gridFsId || job.removedAt) throw new NotFound();
  return Readable.toWeb(openArchiveFile({ fileId: job.gridFsId })) as unknown as ReadableStream<Uint8Array>;
}
