// Every multipart form (uploads of documents and spreadsheets) is parsed once, by multer on the
// Express server, with the limits of storage/limits.ts; the Remix action receives the result in
// its load context (readUpload). A refused upload (too big, too many files) is not an error page:
// the action gets the Russian message and shows it beside the form.
import type { NextFunction, Request, Response } from "express";
import multer from "multer";
import { UPLOAD_LIMITS } from "~storage/limits";

export interface UploadedFile {
  field: string;
  originalName: string;
  bytes: Buffer;
}

export interface MultipartUpload {
  fields: FormData;
  files: UploadedFile[];
  error: string | null;
}

const parser = multer({
  storage: multer.memoryStorage(),
  limits: {
    fileSize: UPLOAD_LIMITS.maxFileBytes,
    files: UPLOAD_LIMITS.maxFiles,
    fields: 300,
    fieldSize: 4 * 1024 * 1024,
    parts: 320,
  },
}).any();

const MESSAGES: Record<string, string> = {
  LIMIT_FILE_SIZE: `Файл больше ${UPLOAD_LIMITS.maxFileBytes / 1024 / 1024} МБ: уменьшите его (например, сохраните скан в меньшем разрешении).`,
  LIMIT_FILE_COUNT: `Не больше ${UPLOAD_LIMITS.maxFiles} файлов за один раз.`,
  LIMIT_FIELD_VALUE: "Слишком длинное значение в форме.",
};

/** Browsers send file names in UTF-8, which busboy reads as Latin-1: give Cyrillic names back. */
const decodeName = (name: string) => {
  const utf8 = Buffer.from(name, "latin1").toString("utf8");
  return utf8.includes("\uFFFD") ? name : utf8;
};

export function multipartUploads(req: Request, res: Response, next: NextFunction) {
  if (req.method !== "POST" || !req.is("multipart/form-data")) return next();
  parser(req, res, (error: unknown) => {
    const upload: MultipartUpload = { fields: new FormData(), files: [], error: null };
    if (error) {
      upload.error = (error instanceof multer.MulterError && MESSAGES[error.code]) || "Форму не удалось прочитать: отправьте её ещё раз.";
      req.resume(); // read the rest of the body, so the browser sees the answer and not a reset
    } else {
      for (const [key, value] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
        for (const item of Array.isArray(value) ? value : [value]) upload.fields.append(key, String(item));
      }
      const files = (req.files ?? []) as Express.Multer.File[];
      upload.files = files.map((f) => ({ field: f.fieldname, originalName: decodeName(f.originalname), bytes: f.buffer }));
    }
    res.locals.upload = upload;
    next();
  });
}
