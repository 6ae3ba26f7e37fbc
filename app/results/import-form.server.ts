// Checking an uploaded journal file for the import page: the class and period from the form, the
// file's checks, and the staged preview. The page's action and the upload-with-progress endpoint
// (results.check) both answer through here.
import { ledClass, schoolOf } from "~/auth/access.server";
import { TableFileError } from "~/files/table-file.server";
import type { MultipartUpload } from "~/files/multipart.server";
import { Refusal } from "~/http/refusals";
import { getYear } from "~models/academic-year.server";
import { className } from "~models/class.server";
import type { PublicUser } from "~models/user.server";
import { activeSetId, stageImport, type Dataset, type StagedImport } from "./import.server";
import { isPeriodKey, periodOptions } from "./periods";

const MAX_FILE_BYTES = 5 * 1024 * 1024;

export type ImportCheck =
  | { step: "error"; message: string }
  | ({ step: "preview"; dataset: Dataset; classId: string; className: string; period: string; periodLabel: string; previewed: string } & StagedImport);

/** The class and period the form names, if this user is responsible for that class. */
export async function importTarget(user: PublicUser, classId: string, period: string) {
  const schoolClass = await ledClass(user, classId);
  const year = await getYear({ schoolId: schoolOf(user), yearId: schoolClass.yearId });
  if (!year || !isPeriodKey(period, year)) return { schoolClass, year: null };
  return { schoolClass, year };
}

export async function checkImportUpload(request: Request, user: PublicUser, upload: MultipartUpload | null): Promise<{ result: ImportCheck; status: number }> {
  const error = (message: string, status = 400) => ({ result: { step: "error" as const, message }, status });
  if (!upload) return error("Отправьте форму с файлом заново");
  if (upload.error) return error(upload.error);
  const fields = upload.fields;
  const { schoolClass, year } = await importTarget(user, String(fields.get("class") ?? ""), String(fields.get("period") ?? ""));
  const period = String(fields.get("period"));
  if (!year) return error("Выберите период");
  const file = upload.files.find((f) => f.field === "file");
  if (!file || file.bytes.length === 0) return error("Выберите непустой файл XLSX или CSV");
  if (file.bytes.length > MAX_FILE_BYTES) return error("Файл больше 5 МБ", 413);
  const requestedDataset = String(fields.get("dataset") ?? "marks");
  const dataset: Dataset = requestedDataset === "works" || requestedDataset === "current" || requestedDataset === "plan" ? requestedDataset : "marks";
  const previewed = await activeSetId(schoolOf(user), schoolClass._id, dataset === "marks" ? period : `${period}:${dataset}`);
  try {
    const staged = await stageImport({ request, user, schoolClass, period, dataset, fileName: file.originalName, bytes: new Uint8Array(file.bytes) });
    const periodLabel = periodOptions(year).find((p) => p.key === period)!.label;
    return { result: { step: "preview", dataset, classId: String(schoolClass._id), className: className(schoolClass), period, periodLabel, previewed, ...staged }, status: 200 };
  } catch (caught) {
    if (caught instanceof TableFileError || caught instanceof Refusal) return error(caught.message);
    throw caught;
  }
}
