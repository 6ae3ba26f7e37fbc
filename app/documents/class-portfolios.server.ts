// The portfolios of a whole class as one ZIP, streamed while it is made: each student's PDF goes
// into the archive as soon as it is ready, so memory holds one portfolio at a time. A student
// whose record cannot be printed is listed in the archive's report and the rest go on. Progress
// is kept per job in memory for the page to poll (one server process serves the school).
import { Readable } from "node:stream";
import { setTimeout } from "node:timers/promises";
import type { Types } from "mongoose";
import yazl from "yazl";
import { audit } from "~/auth/audit.server";
import { formatDateTime, todayIso, zoneLabel } from "~/domain/format";
import { Refusal } from "~/http/refusals";
import { className, type SchoolClass } from "~models/class.server";
import { fullName, listStudentsOfClasses } from "~models/student.server";
import type { PublicUser } from "~models/user.server";
import { issuePortfolio } from "./issue.server";
import { WHOLE_PORTFOLIO } from "./portfolio.server";

export interface JobProgress {
  total: number;
  done: number;
  failed: number;
  finished: boolean;
}

const jobs = new Map<string, JobProgress & { startedAt: number }>();
const JOB_TTL_MS = 30 * 60_000;
const jobKey = (user: PublicUser, jobId: string) => `${String(user._id)}:${jobId}`;
export const isJobId = (value: string | null): value is string => !!value && /^[a-zA-Z0-9-]{8,64}$/.test(value);

export function jobProgress(user: PublicUser, jobId: string): JobProgress | null {
  const job = jobs.get(jobKey(user, jobId));
  return job ? { total: job.total, done: job.done, failed: job.failed, finished: job.finished } : null;
}

function startJob(user: PublicUser, jobId: string, total: number) {
  const now = Date.now();
  for (const [key, job] of jobs) if (now - job.startedAt > JOB_TTL_MS) jobs.delete(key);
  const job = { total, done: 0, failed: 0, finished: false, startedAt: now };
  jobs.set(jobKey(user, jobId), job);
  return job;
}

/** Keeps the archive's unsent bytes under this much: a slow download slows the making, not the memory. */
const MAX_BUFFERED = 8 * 1024 * 1024;

export async function classPortfoliosZip(input: { request: Request; user: PublicUser; schoolId: Types.ObjectId; schoolClass: SchoolClass; origin: string; jobId: string | null }) {
  const { request, user, schoolId, schoolClass } = input;
  const students = await listStudentsOfClasses(schoolId, [schoolClass._id]);
  const job = startJob(user, input.jobId ?? `anonymous-${Date.now()}`, students.length);
  const zip = new yazl.ZipFile();
  const output = zip.outputStream as unknown as Readable;
  const mtime = new Date();
  const title = `Портфолио ${className(schoolClass)} класса`;
  await audit(request, user, { action: "export", entity: "class", entityId: String(schoolClass._id), summary: `${title}: ${students.length} обучающихся (ZIP)` });

  const produce = async () => {
    const report: string[] = [`${title}. Сформировано ${formatDateTime(mtime)} (${zoneLabel()}), ${fullName(user)}.`, ""];
    for (const [index, student] of students.entries()) {
      if (request.signal.aborted) break;
      const name = fullName(student);
      const number = String(index + 1).padStart(2, "0");
      try {
        const { document, bytes } = await issuePortfolio({ schoolId, studentId: student._id, kind: "portfolio", options: WHOLE_PORTFOLIO, issuer: user, origin: input.origin, keep: false });
        await audit(request, user, { action: "read", entity: "student", entityId: String(student._id), studentId: student._id, summary: `портфолио в ZIP класса, код ${document.code}` });
        // PDFs are compressed inside already: stored as they are.
        zip.addBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), `${number} ${name}.pdf`, { mtime, compress: false });
        report.push(`${number}. ${name} — готово, код проверки ${document.code}, SHA-256 ${document.sha256}`);
        job.done++;
      } catch (error) {
        // A refusal (a damaged record) is the student's line in the report; anything else is a fault, logged.
        const reason = error instanceof Refusal ? error.message : "внутренняя ошибка при формировании";
        if (!(error instanceof Refusal)) console.error(`Портфолио ${String(student._id)} не сформировано:`, error);
        report.push(`${number}. ${name} — НЕ сформировано: ${reason}`);
        job.failed++;
      }
      while (output.readableLength > MAX_BUFFERED && !request.signal.aborted) await setTimeout(50);
    }
    report.push("", `Готово: ${job.done} из ${job.total}; не сформировано: ${job.failed}.`);
    // With a byte-order mark, so that Windows Notepad reads the Cyrillic.
    zip.addBuffer(Buffer.from(`\ufeff${report.join("\r\n")}\r\n`, "utf8"), "отчёт.txt", { mtime });
    zip.end();
    job.finished = true;
  };
  produce().catch((error) => {
    console.error("Архив портфолио класса прерван:", error);
    output.destroy(error as Error);
    job.finished = true;
  });
  return {
    fileName: `${title} ${todayIso(mtime)}.zip`,
    body: Readable.toWeb(output) as ReadableStream<Uint8Array>,
  };
}
