// Checking an uploaded journal file for the import page: the class and period from the form, the
// file's checks, and the staged import. The page's action and the upload-with-progress endpoint
// (results.check) both answer through here: the form again with its reasons, or a redirect to the
// page that shows what the file would change (read back from the staged import by the loader).
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { ledClass, schoolOf } from "~/auth/access.server";
import type { MultipartUpload } from "~/files/multipart.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { getYear } from "~models/academic-year.server";
import { className } from "~models/class.server";
import type { PublicUser } from "~models/user.server";
import { ImportCheckForm, isImportDataset } from "./forms";
import { isRecordId } from "~/forms";
import { fileProblemErrors, TABLE_FILE_MAX_BYTES, TABLE_FILE_MAX_TEXT } from "~/files/table-forms";
import { stagedImportClassId, stageImport, stagedImportPreview } from "./import.server";
import { isPeriodKey, periodOptions } from "./periods";
import { refusedUpload } from "~/http/read-form.server";

/** The class and period the form names, if this user is responsible for that class. */
export async function importTarget(user: PublicUser, classId: string, period: string) {
  const schoolClass = await ledClass(user, classId);
  const year = await getYear({ schoolId: schoolOf(user), yearId: schoolClass.yearId });
  if (!year || !isPeriodKey(period, year, schoolClass.grade)) return { schoolClass, year: null };
  return { schoolClass, year };
}

/** The form's answer to a file: a redirect to the preview (or to «nothing changes»), or the form with its reasons. */
export type ImportCheckAnswer = Response | ReturnType<typeof data<SubmissionResult<string[]>>>;

export async function checkImportUpload(request: Request, user: PublicUser, upload: MultipartUpload | null): Promise<ImportCheckAnswer> {
  const refused = refusedUpload(upload);
  if (refused) return refused;
  const submission = parseWithZod(upload?.fields ?? new FormData(), { schema: ImportCheckForm });
  const refuse = (status: number, reasons: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => data(submission.reply(reasons), { status });
  if (!upload) return refuse(400, { formErrors: ["Отправьте форму с файлом заново"] });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { class: classId, period, dataset } = submission.value;
  const { schoolClass, year } = await importTarget(user, classId, period);
  if (!year) return refuse(400, { fieldErrors: { period: ["Выберите период"] } });
  const file = upload.files.find((f) => f.field === "file");
  if (!file || file.bytes.length === 0) return refuse(400, { fieldErrors: { file: ["Выберите непустой файл XLSX или CSV"] } });
  if (file.bytes.length > TABLE_FILE_MAX_BYTES) return refuse(413, { fieldErrors: { file: [`Файл больше ${TABLE_FILE_MAX_TEXT}`] } });
  let staged: Awaited<ReturnType<typeof stageImport>>;
  try {
    staged = await stageImport({ request, user, schoolClass, period, dataset, fileName: file.originalName, bytes: new Uint8Array(file.bytes) });
  } catch (error) {
    return replyRefused(submission, error);
  }
  if (staged.problems.length) return refuse(400, { fieldErrors: fileProblemErrors(staged.problems) });
  if (!staged.importId) return redirect(`/results/import?${new URLSearchParams({ class: classId, period, unchanged: dataset })}`);
  return redirect(`/results/import?import=${staged.importId}`);
}

/** A staged import of a class this user is responsible for, as the preview shows it; null when it is gone. */
export async function importPreview(user: PublicUser, importId: string) {
  if (!isRecordId(importId)) return null;
  const preview = await stagedImportPreview(schoolOf(user), importId);
  if (!preview) return null;
  const { schoolClass, year } = await importTarget(user, preview.classId, preview.period);
  if (!year) return null;
  return { ...preview, className: className(schoolClass), periodLabel: periodOptions(year, schoolClass.grade).find((p) => p.key === preview.period)!.label };
}

/** «Ничего не изменится»: the class and period a file matched exactly, from the page's address. */
export async function unchangedImport(user: PublicUser, params: URLSearchParams) {
  const dataset = params.get("unchanged");
  const classId = params.get("class") ?? "";
  if (!isImportDataset(dataset) || !isRecordId(classId)) return null;
  const { schoolClass, year } = await importTarget(user, classId, params.get("period") ?? "");
  if (!year) return null;
  const period = params.get("period")!;
  return { dataset, classId, className: className(schoolClass), period, periodLabel: periodOptions(year, schoolClass.grade).find((p) => p.key === period)!.label };
}

/** «Применить»: the staged import must be of a class this user is responsible for (404 otherwise). */
export async function requireStagedImportOfLedClass(user: PublicUser, importId: string) {
  const classId = await stagedImportClassId(schoolOf(user), importId);
  if (classId) await ledClass(user, classId);
}
